#!/bin/sh
# The examples' pages in a real browser: headless Chromium lays each out
# at the width of A4 landscape (1123 pixels), a check run in the page
# (check-html-browser.js) looks for every section and for text that leaves
# its box, and the DOM Chromium dumps carries its verdict. Without Chromium
# the test is skipped (exit status 77) and says why.
# Usage: check-html-browser.sh CJM SOURCE_DIR HAVE_XML(yes|no)
set -u
cjm=$1 source=$2 have_xml=$3
browser=
for candidate in chromium chromium-browser google-chrome; do
    command -v "$candidate" >/dev/null 2>&1 && { browser=$candidate; break; }
done
[ -n "$browser" ] || { echo "SKIP: chromium is not installed (apt-get install chromium)"; exit 77; }
. "$source/tests/tools/checks.sh"
page() { # NAME MAP EVENTS [OPTIONS...]
    name=$1 map=$2 events=$3
    shift 3
    "$cjm" analyze "$map" "$events" --html "$dir/$name.html" "$@" >/dev/null ||
        { echo "FAIL $name: cjm analyze --html"; failures=$((failures + 1)); return; }
    set -- "$name"
    # The check runs last in the page; the page itself has no script.
    { sed '/<\/body>/,$d' "$dir/$1.html"
      printf '<script>\n'; cat "$source/tests/tools/check-html-browser.js"
      printf '</script>\n</body>\n</html>\n'; } >"$dir/$1-checked.html"
    # Its own profile, so that a browser already running is not reused.
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$dir/profile" --no-first-run --window-size=1123,794 \
        --run-all-compositor-stages-before-draw --virtual-time-budget=10000 \
        --dump-dom "file://$dir/$1-checked.html" >"$dir/$1.dom" 2>"$dir/$1.log"
    verdict=$(tr '\n' '\001' <"$dir/$1.dom" |
              sed -n 's|.*<pre id="cjm-check">\([^<]*\)</pre>.*|\1|p' | tr '\001' '\n')
    case $verdict in
    OK) echo "ok $1: every section, no text out of its box" ;;
    '') echo "FAIL $1: the browser gave no verdict"; tail -5 "$dir/$1.log"
        failures=$((failures + 1)) ;;
    *) echo "FAIL $1:"; echo "$verdict"; failures=$((failures + 1)) ;;
    esac
}
page retail "$source/examples/retail/map.json" "$source/examples/retail/events.jsonl" \
    --breakdown @week
page onboarding "$source/examples/onboarding/map.json" "$source/examples/onboarding/events.jsonl"
if [ "$have_xml" = yes ]; then
    page helpdesk "$source/examples/helpdesk/map.xml" "$source/examples/helpdesk/events.xes.gz"
fi
[ "$failures" -eq 0 ]
