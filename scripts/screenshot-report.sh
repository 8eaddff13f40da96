#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium, to look at it as a
# user would.
#
#   scripts/screenshot-report.sh [REPORT.html [OUT.png]]
#
# Without arguments, renders the fixture pages the HTML tests write
# (target/tmp/html-fixtures/report.html and compare.html) to PNGs beside them.
# Installs Debian's chromium with apt-get when it is missing (needs root).
set -euo pipefail

cd "$(dirname "$0")/.."

find_chromium() {
    command -v chromium || command -v chromium-browser || true
}

ensure_chromium() {
    if [[ -z "$(find_chromium)" ]]; then
        echo "installing chromium with apt-get" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    fi
}

# Chromium's profiles and logs live here, removed however the script ends.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# fail MESSAGE [LOG]: prints the message and the end of Chromium's log, exits 1.
# The log's D-Bus complaints are left out: a container has no bus, and they
# would bury the line that says what went wrong.
fail() {
    echo "error: $1" >&2
    if [[ -n "${2:-}" && -s "$2" ]]; then
        grep -v 'ERROR:dbus/' "$2" | tail -n 10 >&2 || true
    fi
    exit 1
}

# shot PAGE.html OUT.png: one full-height screenshot of the page.
shot() {
    local page out profile log
    [[ -f "$1" ]] || fail "no page to render at $1"
    page="$(realpath "$1")"
    out="$(realpath -m "$2")"
    profile="$(mktemp -d -p "$scratch")"
    log="$profile.log"
    # A PNG from an earlier run must not pass for this one.
    rm -f "$out"
    "$(find_chromium)" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars \
        --screenshot="$out" --window-size="${WINDOW_SIZE:-1280,2400}" "file://$page" \
        >"$log" 2>&1 || fail "chromium failed to render $page" "$log"
    # Chromium exits 0 without writing the PNG when, say, its folder is missing.
    [[ -s "$out" ]] || fail "chromium wrote no screenshot to $out" "$log"
    echo "$out"
}

ensure_chromium
if [[ $# -ge 1 ]]; then
    shot "$1" "${2:-${1%.html}.png}"
else
    cargo test --quiet --test html_report >/dev/null
    fixtures=target/tmp/html-fixtures
    shot "$fixtures/report.html" "$fixtures/report.png"
    shot "$fixtures/compare.html" "$fixtures/compare.png"
fi
