#!/usr/bin/env bash
# Measures the runner: plays scripts/perf/runner-10k.yaml (10,000 players,
# 30 s ramp-up, 5 s matches, 1,000 purchases/s, 60 s) against the embedded
# backend with a release build, then checks the issue's targets: the run ends
# on time, no purchase is dropped, purchases are within 1% of the target, and
# the bench process's peak RSS is at most 512 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked --bin bench
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work" <<'PY'
import json, resource, subprocess, sys, time

work = sys.argv[1]
command = ["target/release/bench", "run", "scripts/perf/runner-10k.yaml",
           "--no-dashboard", "--out", f"{work}/report"]
started = time.monotonic()
code = subprocess.run(command, stdout=subprocess.DEVNULL).returncode
wall = time.monotonic() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
rss_mib = usage.ru_maxrss / 1024
cpu = usage.ru_utime + usage.ru_stime
r = json.load(open(f"{work}/report/summary.json"))["results"]
off = abs(r["purchases"] - r["purchases_target"]) / r["purchases_target"]

print(f"exit code            {code}")
print(f"wall time            {wall:.1f} s (load 60 s)")
print(f"bench CPU            {cpu:.1f} s ({cpu / wall:.2f} cores)")
print(f"bench peak RSS       {rss_mib:.0f} MiB")
print(f"matches formed       {r['matches_formed']} (peak {r['peak_matches_per_sec']:.0f}/s)")
print(f"time to match        p50 {r['p50_time_to_match_ms']} ms, p99 {r['p99_time_to_match_ms']} ms")
print(f"purchases            {r['purchases']} of {r['purchases_target']} ({off:.3%} off), "
      f"{r['purchases_dropped']} dropped")
print(f"purchase latency     p50 {r['p50_purchase_latency_ms']} ms, "
      f"p99 {r['p99_purchase_latency_ms']} ms from due")
print(f"errors               {r['errors']} of {r['total_requests']} requests")

checks = {
    "run exits 0": code == 0,
    "ends on time (under 65 s)": wall < 65,
    "no purchase dropped": r["purchases_dropped"] == 0,
    "purchases within 1% of target": off <= 0.01,
    "peak RSS at most 512 MiB": rss_mib <= 512,
}
for name, held in checks.items():
    print(f"{'pass' if held else 'FAIL'}  {name}")
sys.exit(0 if all(checks.values()) else 1)
PY
