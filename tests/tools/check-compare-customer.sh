#!/bin/sh
# cjm compare MAP EVENTS... --customer ID: one customer straight from the
# events, with repeated touchpoints kept as visits; the deviations worked
# out by hand, and every error a user can meet.
# Usage: check-compare-customer.sh CJM XML(yes|no)
set -u
cjm=$1 xml=$2
. "$(dirname "$0")/checks.sh"
expect_out() { # NAME FILE: the last command's stdout is FILE
    cmp -s "$dir/out" "$2" || { echo "FAIL $1: output differs:"; diff "$2" "$dir/out"; failures=$((failures + 1)); }
}

cat > "$dir/map.json" <<'JSON'
{"format": "cjm-journey", "version": 1, "journey": {"id": "shop", "name": "Shop", "stages": [
 {"id": "discover", "name": "Discover", "touchpoints": [
  {"id": "ad", "name": "Ad", "channel": "social", "optional": true},
  {"id": "search", "name": "Search", "channel": "web"}]},
 {"id": "compare", "name": "Compare", "touchpoints": [
  {"id": "page", "name": "Comparison page", "channel": "web"},
  {"id": "store", "name": "Store visit", "channel": "store"}]},
 {"id": "purchase", "name": "Purchase", "touchpoints": [
  {"id": "checkout", "name": "Checkout", "channel": "web"}]},
 {"id": "service", "name": "Service", "touchpoints": [
  {"id": "call", "name": "Support call", "channel": "phone"}]},
 {"id": "loyalty", "name": "Loyalty"}]}}
JSON
# In the order they arrive. c-7 in time order (ties in arrival order):
#   00:00:30 ad, 00:01 search (discover), 00:02 page felt -2 (compare),
#   00:03 checkout (purchase), 00:04 page again, felt +2 (back from
#   purchase), 00:05 chat of no stage (unplanned), 00:05 chat again, in
#   purchase (unplanned; after page, no step back), 00:06 call (service),
#   00:06 page a third time (a tie with call, after it: back from service).
# Furthest stage: service; store (compare) is required and never met.
cat > "$dir/ev.jsonl" <<'JSONL'
{"customer":"c-7","at":"2026-03-01T00:01:00Z","touchpoint":"search"}
{"customer":"c-8","at":"2026-03-01T00:01:30Z","touchpoint":"checkout"}
{"customer":"c-7","at":"2026-03-01T00:02:00Z","touchpoint":"page","feedback":{"score":-2}}
{"customer":"c-7","at":"2026-03-01T00:03:00Z","touchpoint":"checkout"}
{"customer":"c-7","at":"2026-03-01T00:04:00Z","touchpoint":"page","feedback":{"score":2}}
{"customer":"c-7","at":"2026-03-01T00:05:00Z","touchpoint":"chat","channel":"chat"}
{"customer":"c-7","at":"2026-03-01T00:05:00Z","touchpoint":"chat","channel":"chat","stage":"purchase"}
{"customer":"c-7","at":"2026-03-01T00:06:00Z","touchpoint":"call"}
{"customer":"c-7","at":"2026-03-01T00:06:00Z","touchpoint":"page"}
{"customer":"c-7","at":"2026-03-01T00:00:30Z","touchpoint":"ad"}
JSONL
cat > "$dir/want" <<EOF2
customer c-7 against $dir/map.json: 6 deviations
  unplanned  chat
  unplanned  chat (stage purchase)
  missing    store (stage compare)
  backtrack  page (back from stage purchase to compare)
  backtrack  page (back from stage service to compare)
  failing    page (stage compare), mean score -1.00
EOF2
check "by hand" 0 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer c-7
expect_out "by hand" "$dir/want"
check "from stdin" 0 sh -c "\"$cjm\" compare \"$dir/map.json\" - --customer c-7 < \"$dir/ev.jsonl\""
expect_out "from stdin" "$dir/want"
# The events split over two files read in turn: arrival order goes on.
head -n 5 "$dir/ev.jsonl" > "$dir/a.jsonl"
tail -n +6 "$dir/ev.jsonl" > "$dir/b.ndjson"
check "two files" 0 "$cjm" compare "$dir/map.json" "$dir/a.jsonl" "$dir/b.ndjson" --customer c-7
expect_out "two files" "$dir/want"
check "json" 0 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer c-7 --format json
python3 - "$dir/out" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
got = [(d["kind"], d["touchpoint"], d["stage"], d["from_stage"], d["mean_score"]) for d in doc["deviations"]]
want = [("unplanned", "chat", None, None, None), ("unplanned", "chat", "purchase", None, None),
        ("missing", "store", "compare", None, None),
        ("backtrack", "page", "compare", "purchase", None), ("backtrack", "page", "compare", "service", None),
        ("failing", "page", "compare", None, -1.0)]
if got != want or doc["customer"] != "c-7" or doc["map"] != "shop" or doc["format"] != "cjm-comparison":
    sys.exit("FAIL compare --customer --format json: %r" % doc)
PY
check "threshold" 0 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer c-7 --pain-threshold -1
grep -q failing "$dir/out" && { echo "FAIL --pain-threshold -1 still finds failing"; failures=$((failures + 1)); }
check "other customer" 0 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer c-8
grep -qF "customer c-8 against $dir/map.json: 3 deviations" "$dir/out" || { echo "FAIL c-8:"; cat "$dir/out"; failures=$((failures + 1)); }

# A customer the events do not have.
check "absent customer" 1 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer c-404
expect_err "absent customer" "cjm: --customer: no event of customer \"c-404\" in $dir/ev.jsonl"
check "absent customer, two files" 1 "$cjm" compare "$dir/map.json" "$dir/a.jsonl" "$dir/b.ndjson" --customer C-7
expect_err "absent customer, two files" "no event of customer \"C-7\" in the events"
# Invalid events, of any customer, stop the reading; --lenient skips them.
cp "$dir/ev.jsonl" "$dir/bad.jsonl"
echo '{"customer":"c-8","at":"2026-03-01T00:09:00Z","touchpoint":"checkout","stage":"compare"}' >> "$dir/bad.jsonl"
echo '{"customer":"c-9","at":"yesterday","touchpoint":"checkout"}' >> "$dir/bad.jsonl"
check "invalid event" 1 "$cjm" compare "$dir/map.json" "$dir/bad.jsonl" --customer c-7
expect_err "invalid event" "bad.jsonl:11"
expect_err "invalid event" "touchpoint \"checkout\" is in stage \"purchase\" of the map, not \"compare\""
check "lenient" 0 "$cjm" compare "$dir/map.json" "$dir/bad.jsonl" --customer c-7 --lenient
expect_out "lenient" "$dir/want"
expect_err "lenient" "cjm: skipped: $dir/bad.jsonl:11"
expect_err "lenient" "cjm: skipped 2 invalid events in all"
grep -q "cjm_" "$dir/err" && { echo "FAIL lenient: a C function name in the message"; failures=$((failures + 1)); }
check "lenient, absent" 1 "$cjm" compare "$dir/map.json" "$dir/bad.jsonl" --customer c-9 --lenient
expect_err "lenient, absent" "no event of customer \"c-9\" in $dir/bad.jsonl (but some events were skipped as invalid)"
# An unplanned touchpoint needs a channel, which --default-channel gives.
echo '{"customer":"c-7","at":"2026-03-01T00:07:00Z","touchpoint":"fax"}' > "$dir/fax.jsonl"
check "no channel" 1 "$cjm" compare "$dir/map.json" "$dir/fax.jsonl" --customer c-7
expect_err "no channel" "touchpoint \"fax\" is not in the map, so the event needs a channel"
check "default channel" 0 "$cjm" compare "$dir/map.json" "$dir/fax.jsonl" --customer c-7 --default-channel Other
grep -qF "unplanned  fax" "$dir/out" || { echo "FAIL --default-channel"; failures=$((failures + 1)); }

check "absent from stdin" 1 sh -c "\"$cjm\" compare \"$dir/map.json\" - --customer c-404 < \"$dir/ev.jsonl\""
expect_err "absent from stdin" "no event of customer \"c-404\" in standard input"

# Wrong arguments.
check "two customers" 2 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer c-7 --customer c-8
expect_err "two customers" "--customer: one customer at a time (\"c-7\" and \"c-8\" given)"
check "customer with a line break" 2 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer "$(printf 'c\nx')"
expect_err "customer with a line break" "--customer: control character 0x0a at byte 1"

check "empty customer" 2 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer ""
expect_err "empty customer" "--customer: empty"
check "customer without events" 2 "$cjm" compare "$dir/map.json" --customer c-7
expect_err "customer without events" "compare: --customer needs a map and at least one events file"
check "events without customer" 2 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl"
expect_err "events without customer" "holds events, not a journey: give --customer ID"
check "lenient without customer" 2 "$cjm" compare "$dir/map.json" "$dir/map.json" --lenient
expect_err "lenient without customer" "compare: --lenient reads events: give --customer ID too"
check "missing customer value" 2 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer
expect_err "missing customer value" "compare: --customer needs a value"
check "bad events format" 2 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer c-7 --events-format csv
expect_err "bad events format" "--events-format: \"csv\" is not jsonl or xes"
check "unknown events name" 2 "$cjm" compare "$dir/map.json" "$dir/map.json" --customer c-7
expect_err "unknown events name" "map.json: unknown events format"
check "missing events file" 1 "$cjm" compare "$dir/map.json" "$dir/nope.jsonl" --customer c-7
expect_err "missing events file" "nope.jsonl"
check "stdin twice" 2 "$cjm" compare "$dir/map.json" - - --customer c-7
expect_err "stdin twice" "standard input ('-') can be read only once"
check "bad default channel" 2 "$cjm" compare "$dir/map.json" "$dir/ev.jsonl" --customer c-7 --default-channel "a b"
printf '{"format": "cjm-journey", "version": 1, "journey": {"id": "r", "name": "R", "kind": "actual", "stages": [{"id": "s", "name": "S", "touchpoints": [{"id": "t", "name": "T", "channel": "web"}, {"id": "t", "name": "T", "channel": "web"}]}]}}' > "$dir/actual.json"
check "actual journey as map" 1 "$cjm" compare "$dir/actual.json" "$dir/ev.jsonl" --customer c-7
expect_err "actual journey as map" "map: touchpoint \"t\" appears more than once"
# An actual journey with a repeat, compared as a document, as before.
check "actual document" 0 "$cjm" compare "$dir/map.json" "$dir/actual.json"
grep -qF "2 deviations" "$dir/out" || { echo "FAIL actual document:"; cat "$dir/out"; failures=$((failures + 1)); }

if [ "$xml" = yes ]; then
    "$cjm" convert "$dir/ev.jsonl" "$dir/ev.xes" || failures=$((failures + 1))
    check "xes" 0 "$cjm" compare "$dir/map.json" "$dir/ev.xes" --customer c-7
    expect_out "xes" "$dir/want"
    check "xes on stdin" 0 sh -c "\"$cjm\" compare \"$dir/map.json\" - --customer c-7 --events-format xes < \"$dir/ev.xes\""
    expect_out "xes on stdin" "$dir/want"
fi

echo "$failures failed"
[ "$failures" -eq 0 ]
