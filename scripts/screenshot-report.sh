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

# shot PAGE.html OUT.png: one full-height screenshot of the page.
shot() {
    local page out profile
    page="$(realpath "$1")"
    out="$(realpath -m "$2")"
    profile="$(mktemp -d)"
    "$(find_chromium)" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars \
        --screenshot="$out" --window-size="${WINDOW_SIZE:-1280,2400}" "file://$page" \
        >/dev/null 2>&1
    rm -rf "$profile"
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
