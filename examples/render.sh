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
