#!/bin/sh
# The cjm tool as a user runs it: the report it prints equals the library's,
# and every exit status and message is as documented.
# Usage: check-cli.sh CJM CJM_BENCH_EXPORT XML(yes|no) SOURCE_DIR
set -u
cjm=$1 export=$2 xml=$3 source=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
check() { # NAME EXPECTED_STATUS COMMAND...
    name=$1 want=$2
    shift 2
    "$@" >"$dir/out" 2>"$dir/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; cat "$dir/err"
        failures=$((failures + 1))
    fi
}
expect_err() { # NAME TEXT: the last command's stderr holds TEXT
    if ! grep -qF -- "$2" "$dir/err"; then
        echo "FAIL $1: stderr lacks \"$2\":"; cat "$dir/err"
        failures=$((failures + 1))
    fi
}

"$export" "$dir/map.json" "$dir/ev.jsonl" 20000 "$dir/library.json" || exit 1

check "json report" 0 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --format json
cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL json report differs from the library's"; failures=$((failures + 1)); }
check "stdin" 0 sh -c "\"$cjm\" analyze \"$dir/map.json\" - --format json < \"$dir/ev.jsonl\""
cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL stdin report differs"; failures=$((failures + 1)); }
check "text report" 0 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl"
grep -q "^Gaps (" "$dir/out" || { echo "FAIL text report has no gaps"; failures=$((failures + 1)); }
check "thresholds" 0 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --format json --compact \
    --min-customers 1 --min-feedback 2 --pain-threshold -0.5 --drop-threshold 0.9 \
    --silent-threshold 0.5 --backtrack-threshold 0.01 --switch-threshold 0.99 --threads 1
[ "$(wc -l < "$dir/out")" -eq 1 ] || { echo "FAIL --compact is not one line"; failures=$((failures + 1)); }

printf '%s\n' '{"customer":"x","at":"2026-01-01T00:00:00Z","touchpoint":"aware-0"}' \
    'not json' '{"customer":"y","at":"2026-01-01T00:00:00Z","touchpoint":"nowhere"}' > "$dir/bad.jsonl"
check "strict" 1 "$cjm" analyze "$dir/map.json" "$dir/bad.jsonl"
expect_err "strict" "cjm: $dir/bad.jsonl:2:3: '[' or '{' expected"
[ "$(wc -l < "$dir/err")" -eq 1 ] || { echo "FAIL strict: more than one line of error"; failures=$((failures + 1)); }
check "lenient" 0 "$cjm" analyze "$dir/map.json" "$dir/bad.jsonl" --lenient --format json
expect_err "lenient" "skipped: $dir/bad.jsonl:3: cjm_analysis_add_event: channel: touchpoint \"nowhere\""
grep -q '"rejected": 2' "$dir/out" || { echo "FAIL lenient: rejected is not 2"; failures=$((failures + 1)); }

printf '{"format": "cjm-journey", "version": 1,\n "journey": {"id": "j", "name": 5, "stages": []}}\n' > "$dir/badmap.json"
check "bad map" 1 "$cjm" analyze "$dir/badmap.json" "$dir/ev.jsonl"
expect_err "bad map" "cjm: $dir/badmap.json:2:33: journey.name: expected a string, not a number"
check "validate" 0 "$cjm" validate "$dir/map.json"
grep -qF "$dir/map.json: valid (7 stages, 42 touchpoints)" "$dir/out" || { echo "FAIL validate output"; failures=$((failures + 1)); }
check "validate bad" 1 "$cjm" validate "$dir/map.json" "$dir/badmap.json" "$dir/missing.json"
expect_err "validate bad" "missing.json: cannot open"

check "no arguments" 2 "$cjm"
check "unknown command" 2 "$cjm" frobnicate
check "unknown option" 2 "$cjm" analyze --colour "$dir/map.json" "$dir/ev.jsonl"
check "bad number" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --drop-threshold abc
expect_err "bad number" "--drop-threshold: \"abc\" is not a finite number"
check "no events" 2 "$cjm" analyze "$dir/map.json"
if [ "$xml" = no ]; then
    check "xes" 2 "$cjm" analyze "$dir/map.json" "$dir/log.xes"
    expect_err "xes" "XES event logs need the XML module"
else
    xes=$source/tests/data/xes helpdesk_map=$source/tests/data/xes/helpdesk-map.xml
    # Journeys through XML and events through XES give the library's report.
    check "map to xml" 0 "$cjm" convert "$dir/map.json" "$dir/map.xml"
    check "validate xml" 0 "$cjm" validate "$dir/map.xml"
    grep -qF "valid (7 stages, 42 touchpoints, and against the schema)" "$dir/out" || { echo "FAIL validate xml output"; failures=$((failures + 1)); }
    check "events to xes" 0 "$cjm" convert "$dir/ev.jsonl" "$dir/ev.xes"
    check "xml and xes report" 0 "$cjm" analyze "$dir/map.xml" "$dir/ev.xes" --format json
    cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL report through XML and XES differs"; failures=$((failures + 1)); }
    check "xes to events" 0 "$cjm" convert "$dir/ev.xes" "$dir/ev2.jsonl"
    check "back from xes" 0 "$cjm" analyze "$dir/map.json" "$dir/ev2.jsonl" --format json
    cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL report after JSON Lines, XES, JSON Lines differs"; failures=$((failures + 1)); }
    check "xes to stdout" 0 "$cjm" convert "$dir/ev.jsonl" - --to xes --compact
    grep -q '<log xes.version="1849.2016"' "$dir/out" || { echo "FAIL xes on stdout"; failures=$((failures + 1)); }
    # A real log on a map of its own, with a default channel for the rest.
    check "helpdesk" 0 "$cjm" analyze "$helpdesk_map" "$xes/helpdesk.xes.gz" --default-channel other --format json --compact
    grep -qF '"totals":{"customers":4580,"events":21348,"feedback":0,"completed":4559,"rejected":0}' "$dir/out" || { echo "FAIL helpdesk totals"; failures=$((failures + 1)); }
    check "helpdesk strict" 1 "$cjm" analyze "$helpdesk_map" "$xes/helpdesk.xes.gz"
    expect_err "helpdesk strict" "helpdesk.xes.gz:2396: cjm_analysis_add_event: channel: touchpoint \"Create SW anomaly\" is not in the map"
    check "validate xes" 0 "$cjm" validate "$xes/running-example.xes"
    grep -qF "valid XES (42 events, 42 usable as cjm events)" "$dir/out" || { echo "FAIL validate xes output"; failures=$((failures + 1)); }
    check "invalid xes" 1 "$cjm" validate "$xes/importer-cases/dateNoTZD.xes"
    expect_err "invalid xes" "dateNoTZD.xes:13: <date>: key \"long ago\""
    check "xes options" 0 "$cjm" analyze "$helpdesk_map" "$xes/running-example.xes" --channel-key org:resource --format json --compact
    grep -qF '"pete":' "$dir/out" || { echo "FAIL --channel-key"; failures=$((failures + 1)); }
    # An actual journey against the help-desk map.
    cat > "$dir/actual.json" <<'JSON'
{"format":"cjm-journey","version":1,"journey":{"id":"case-7","name":"Case 7","customer":"c-7","stages":[
 {"id":"open","name":"open","touchpoints":[{"id":"Insert ticket","name":"Insert ticket","channel":"web","at":"2026-03-01T09:00:00Z"}]},
 {"id":"handle","name":"handle","touchpoints":[{"id":"Callback","name":"Callback","channel":"phone","at":"2026-03-03T09:00:00Z"}]},
 {"id":"close","name":"close","touchpoints":[{"id":"Closed","name":"Closed","channel":"email","at":"2026-03-02T09:00:00Z","feedback":[{"score":-2}]}]}
]}}
JSON
    check "compare" 0 "$cjm" compare "$helpdesk_map" "$dir/actual.json"
    for line in ": 6 deviations" "unplanned  Callback (stage handle)" \
                "missing    Take in charge ticket (stage handle)" \
                "backtrack  Callback (back from stage close to handle)" \
                "failing    Closed (stage close), mean score -1.00"; do
        grep -qF "$line" "$dir/out" || { echo "FAIL compare lacks \"$line\""; failures=$((failures + 1)); }
    done
    check "compare threshold" 0 "$cjm" compare "$helpdesk_map" "$dir/actual.json" --pain-threshold -1
    grep -q failing "$dir/out" && { echo "FAIL --pain-threshold -1 still finds failing"; failures=$((failures + 1)); }
    check "compare usage" 2 "$cjm" compare "$helpdesk_map"
    check "compare bad" 1 "$cjm" compare "$helpdesk_map" "$dir/badmap.json"
    check "bad conversion" 2 "$cjm" convert "$dir/map.json" "$dir/out.xes"
    expect_err "bad conversion" "json to xes is not a conversion"
    check "unknown format" 2 "$cjm" convert "$dir/map.json" "$dir/out.txt"
fi
check "version" 0 "$cjm" --version
check "help" 0 "$cjm" help analyze

echo "$failures failed"
[ "$failures" -eq 0 ]
