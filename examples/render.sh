#!/bin/sh
# Draws each example's picture (map.svg) from its map and events, with the
# cjm built in BUILD (default: build). The test suite checks that the
# pictures here are what cjm draws now.
set -eu
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
cjm=$build/tools/cjm/cjm
"$cjm" render "$here/retail/map.json" "$here/retail/events.jsonl" -o "$here/retail/map.svg"
"$cjm" render "$here/helpdesk/map.xml" "$here/helpdesk/events.xes.gz" -o "$here/helpdesk/map.svg"
"$cjm" render "$here/onboarding/map.json" "$here/onboarding/events.jsonl" -o "$here/onboarding/map.svg"

# Each example's report as a page, photographed by headless Chromium when
# it is installed (page.png: the top of the page at A4 landscape width,
# three quarters scale, to keep the file small). The pages themselves are
# not kept: cjm analyze --html writes them.
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not installed: page.png not redrawn"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() { # EXAMPLE MAP EVENTS
    "$cjm" analyze "$here/$1/$2" "$here/$1/$3" --html "$tmp/$1.html" >/dev/null
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$tmp/profile" --no-first-run --force-device-scale-factor=0.75 \
        --window-size=1123,1500 --screenshot="$here/$1/page.png" "file://$tmp/$1.html" \
        >/dev/null 2>&1
}
shot retail map.json events.jsonl
shot helpdesk map.xml events.xes.gz
shot onboarding map.json events.jsonl
