#!/usr/bin/env bash
# Measures the reference backend: builds release, starts `bench serve` with a
# file database, drives it with examples/backend_load.rs over loopback, stops it.
# Extra arguments go to the load generator, e.g. --tickets 100000 --concurrency 32.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked --bin bench --example backend_load

work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

target/release/bench serve --store-db "$work/store.db" >"$work/urls" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
    [ -s "$work/urls" ] && break
    sleep 0.1
done
[ -s "$work/urls" ] || { echo "bench serve did not start:" >&2; cat "$work/serve.log" >&2; exit 3; }

matchmaker="$(sed -E 's/.*"matchmaker": ?"([^"]+)".*/\1/' "$work/urls")"
store="$(sed -E 's/.*"store": ?"([^"]+)".*/\1/' "$work/urls")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT="load generator CPU: %U s user, %S s system"
time target/release/examples/backend_load --matchmaker "$matchmaker" --store "$store" "$@"
echo "server CPU: $(ps -o times= -p "$server" | tr -d ' ') s"
echo "server peak memory: $(grep VmHWM /proc/"$server"/status | tr -s ' ' | cut -d' ' -f2-)"
