#!/bin/sh
# cjm customers MAP EVENTS... SELECTION: every selection option against the
# customers worked out by hand, the JSON Lines figures, "and", ids holding
# the separators, every error a user can meet, and on the retail example
# each stage's list as long as the report's figure.
# Usage: check-customers.sh CJM SOURCE_ROOT PYTHON
set -u
cjm=$1 root=$2 python=$3
. "$(dirname "$0")/checks.sh"
expect_out() { # NAME TEXT: the last command's stdout is TEXT
    printf '%s' "$2" > "$dir/want"
    cmp -s "$dir/out" "$dir/want" || { echo "FAIL $1: output differs:"; diff "$dir/want" "$dir/out"; failures=$((failures + 1)); }
}

cat > "$dir/map.json" <<'JSON'
{"format": "cjm-journey", "version": 1, "journey": {"id": "shop", "name": "Shop", "stages": [
 {"id": "discover", "name": "Discover", "touchpoints": [
  {"id": "ad", "name": "Ad", "channel": "social"},
  {"id": "search", "name": "Search", "channel": "web"}]},
 {"id": "compare", "name": "Compare", "touchpoints": [
  {"id": "page", "name": "Comparison page", "channel": "web"},
  {"id": "store", "name": "Store visit", "channel": "store"}]},
 {"id": "purchase", "name": "Purchase", "touchpoints": [
  {"id": "checkout", "name": "Checkout", "channel": "web"}]}]}}
JSON
# c-1 ad search page checkout: completed, no hop (search after ad, planned)
# c-2 search page(+1 of [-2, 2]: 0.5) store: dropped at compare, heard
# c-3 page search: back from compare to discover, dropped there, silent;
#     not in the funnel at compare (discover first reached after it)
# c-4 search, then ad over social: a hop (ad comes before search), dropped
#     at discover, silent
# c-5 checkout only: completed, in no funnel but none
cat > "$dir/ev.jsonl" <<'JSONL'
{"customer":"c-1","at":"2026-03-01T00:01:00Z","touchpoint":"ad","attributes":{"plan":"pro"}}
{"customer":"c-1","at":"2026-03-01T00:02:00Z","touchpoint":"search"}
{"customer":"c-1","at":"2026-03-01T00:03:00Z","touchpoint":"page"}
{"customer":"c-1","at":"2026-03-01T00:04:00Z","touchpoint":"checkout"}
{"customer":"c-2","at":"2026-03-01T00:03:00Z","touchpoint":"store"}
{"customer":"c-2","at":"2026-03-01T00:01:00Z","touchpoint":"search","attributes":{"plan":"pro"}}
{"customer":"c-2","at":"2026-03-01T00:02:00Z","touchpoint":"page","feedback":{"score":1}}
{"customer":"c-3","at":"2026-03-01T00:01:00Z","touchpoint":"page"}
{"customer":"c-3","at":"2026-03-01T00:02:00Z","touchpoint":"search"}
{"customer":"c-4","at":"2026-03-01T00:01:00Z","touchpoint":"search"}
{"customer":"c-4","at":"2026-03-01T00:02:00Z","touchpoint":"ad"}
{"customer":"c-5","at":"2026-03-01T00:05:00Z","touchpoint":"checkout"}
JSONL
nl='
'
pick() { # NAME WANT OPTIONS...: the ids, one a line
    pick_name=$1 pick_want=$2
    shift 2
    check "$pick_name" 0 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" "$@"
    expect_out "$pick_name" "$pick_want"
}
pick reached "c-1${nl}c-2${nl}c-3${nl}c-4${nl}" --reached discover
pick reached-compare "c-1${nl}c-2${nl}c-3${nl}" --reached compare
pick funnel "c-1${nl}c-2${nl}" --funnel compare
pick dropped "c-3${nl}c-4${nl}" --dropped-at discover
pick dropped-compare "c-2${nl}" --dropped-at compare
pick dropped-final "" --dropped-at purchase
pick silent "c-3${nl}c-4${nl}" --silent-at discover
pick silent-compare "" --silent-at compare
pick hopped "c-4${nl}" --hopped-in discover
pick backtracked "c-3${nl}" --backtracked compare:discover
pick used "c-1${nl}c-2${nl}c-3${nl}" --used page
pick completed "c-1${nl}c-5${nl}" --completed
pick path "c-2${nl}" --path discover,compare
pick path-one "c-5${nl}" --path purchase
pick and "c-1${nl}" --completed --reached discover
pick segment "c-1${nl}c-2${nl}" --breakdown plan --segment pro
pick segment-and "c-2${nl}" --breakdown plan --segment pro --dropped-at compare
check segment-none 1 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --breakdown plan --segment team
expect_err segment-none 'segment: no segment "team" of its own under the breakdown "plan"'
check segment-no-breakdown 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --segment pro
expect_err segment-no-breakdown "customers: --segment needs --breakdown"
grep -q "cjm_" "$dir/err" && { echo "FAIL segment-no-breakdown: a C function name in a person's message"; failures=$((failures + 1)); }
pick and-empty "" --dropped-at compare --silent-at compare
pick stdin "c-3${nl}" --backtracked=compare:discover -o - < /dev/null
check stdin-events 0 sh -c "\"$cjm\" customers \"$dir/map.json\" - --hopped-in discover < \"$dir/ev.jsonl\""
expect_out stdin-events "c-4${nl}"

check jsonl 0 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --dropped-at compare --format jsonl
expect_out jsonl '{"customer":"c-2","first_at":"2026-03-01T00:01:00Z","last_at":"2026-03-01T00:03:00Z","stage":"compare","events":3,"feedback":1,"mean_score":0.5}
'
check jsonl-none 0 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --completed --format jsonl
expect_out jsonl-none '{"customer":"c-1","first_at":"2026-03-01T00:01:00Z","last_at":"2026-03-01T00:04:00Z","stage":"purchase","events":4,"feedback":0,"mean_score":null}
{"customer":"c-5","first_at":"2026-03-01T00:05:00Z","last_at":"2026-03-01T00:05:00Z","stage":"purchase","events":1,"feedback":0,"mean_score":null}
'
# A skipped event counts in no figure.
{ cat "$dir/ev.jsonl"; echo '{"customer":"c-2","at":"2026-03-01T00:09:00Z","touchpoint":"kiosk"}'; } > "$dir/bad.jsonl"
check lenient 0 "$cjm" customers "$dir/map.json" "$dir/bad.jsonl" --dropped-at compare --format jsonl --lenient
expect_out lenient '{"customer":"c-2","first_at":"2026-03-01T00:01:00Z","last_at":"2026-03-01T00:03:00Z","stage":"compare","events":3,"feedback":1,"mean_score":0.5}
'
expect_err lenient "skipped:"
check strict 1 "$cjm" customers "$dir/map.json" "$dir/bad.jsonl" --dropped-at compare
expect_err strict "kiosk"
check output 0 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --used page -o "$dir/list.txt"
printf 'c-1\nc-2\nc-3\n' | cmp -s - "$dir/list.txt" || { echo "FAIL output: $dir/list.txt"; failures=$((failures + 1)); }

# Stage ids holding the separators: the one split into the map's stages.
cat > "$dir/odd.json" <<'JSON'
{"format": "cjm-journey", "version": 1, "journey": {"id": "odd", "name": "Odd", "stages": [
 {"id": "x", "name": "X", "touchpoints": [{"id": "t1", "name": "T1", "channel": "web"}]},
 {"id": "x:y", "name": "XY", "touchpoints": [{"id": "t2", "name": "T2", "channel": "web"}]},
 {"id": "p", "name": "P", "touchpoints": [{"id": "t3", "name": "T3", "channel": "web"}]},
 {"id": "q", "name": "Q", "touchpoints": [{"id": "t4", "name": "T4", "channel": "web"}]},
 {"id": "p,q", "name": "PQ", "touchpoints": [{"id": "t5", "name": "T5", "channel": "web"}]}]}}
JSON
cat > "$dir/odd.jsonl" <<'JSONL'
{"customer":"k","at":"2026-03-01T00:01:00Z","touchpoint":"t2"}
{"customer":"k","at":"2026-03-01T00:02:00Z","touchpoint":"t1"}
{"customer":"m","at":"2026-03-01T00:01:00Z","touchpoint":"t1"}
{"customer":"m","at":"2026-03-01T00:02:00Z","touchpoint":"t2"}
JSONL
check colon 0 "$cjm" customers "$dir/odd.json" "$dir/odd.jsonl" --backtracked x:y:x
expect_out colon "k${nl}"
check comma 0 "$cjm" customers "$dir/odd.json" "$dir/odd.jsonl" --path x,x:y
expect_out comma "m${nl}"
check comma-ambiguous 2 "$cjm" customers "$dir/odd.json" "$dir/odd.jsonl" --path p,q
expect_err comma-ambiguous '--path: "p,q" splits into stages of the map in more than one way'

# Errors.
check no-selection 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl"
expect_err no-selection "customers: needs a selection"
check no-events 2 "$cjm" customers "$dir/map.json" --completed
expect_err no-events "needs a map and at least one events file"
check unknown-stage 1 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --reached checkout
expect_err unknown-stage 'reached: no stage "checkout" in the map "shop"'
check unknown-touchpoint 1 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --used kiosk
expect_err unknown-touchpoint 'used: no touchpoint "kiosk" in the map "shop" or the events'
check forward 1 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --backtracked discover:compare
expect_err forward '"compare" does not come before "discover"'
check not-a-pair 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --backtracked compare
expect_err not-a-pair '--backtracked: "compare" is not FROM:TO, two stages of the map "shop"'
check bad-path 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --path discover,,compare
expect_err bad-path '--path: "discover,,compare" is not S,S2,..., stages of the map "shop"'
check repeat-path 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --path discover,discover
expect_err repeat-path '--path: "discover" again'
check empty-id 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --reached ''
expect_err empty-id "--reached: empty"
check missing-value 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --dropped-at
expect_err missing-value "--dropped-at"
check format 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --completed --format json
expect_err format '--format: "json" is not text or jsonl'
check svg 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --completed --svg "$dir/x.svg"
expect_err svg "customers: --svg is an option of analyze"
check analyze-refuses 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --dropped-at compare
expect_err analyze-refuses "analyze: --dropped-at is an option of customers"
check render-refuses 2 "$cjm" render "$dir/map.json" --completed
expect_err render-refuses "render: --completed is an option of customers"
check threshold 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --completed --drop-threshold 2
expect_err threshold "--drop-threshold"
check help 0 "$cjm" help customers
grep -q -- "--silent-at S" "$dir/out" || { echo "FAIL help: no --silent-at"; failures=$((failures + 1)); }
check write-full 3 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" --completed -o /dev/full
expect_err write-full "/dev/full: cannot write: No space left on device"

# The retail example: each stage's lists as long as the report's figures.
map=$root/examples/retail/map.json events=$root/examples/retail/events.jsonl
# A list longer than the output's buffer fails while the walk writes it:
# the message still names the output and the reason.
for format in text jsonl; do
    check "write-full-$format" 3 "$cjm" customers "$map" "$events" --completed --format "$format" -o /dev/full
    expect_err "write-full-$format" "/dev/full: cannot write: No space left on device"
    check "stdout-full-$format" 3 sh -c "\"\$0\" customers \"\$1\" \"\$2\" --completed --format $format > /dev/full" "$cjm" "$map" "$events"
    expect_err "stdout-full-$format" "standard output: cannot write: No space left on device"
done
"$cjm" analyze "$map" "$events" --format json > "$dir/report.json" || failures=$((failures + 1))
"$python" - "$dir/report.json" > "$dir/figures" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for s in r["stages"]:
    for option, key in (("--reached", "reached"), ("--funnel", "funnel"), ("--dropped-at", "dropped"),
                        ("--silent-at", "silent_churn"), ("--hopped-in", "hop_customers")):
        print(option, s["id"], s[key])
for p in r["backtracks"]["pairs"]:
    print("--backtracked", p["from"] + ":" + p["to"], p["customers"])
for t in r["touchpoints"]:
    print("--used", t["id"], t["customers"])
print("--completed", "-", r["totals"]["completed"])
PY
[ -s "$dir/figures" ] || { echo "FAIL retail: no figures"; failures=$((failures + 1)); }
while read -r option id want; do
    if [ "$option" = --completed ]; then
        "$cjm" customers "$map" "$events" --completed > "$dir/list"
    else
        "$cjm" customers "$map" "$events" "$option" "$id" > "$dir/list"
    fi
    got=$(wc -l < "$dir/list")
    [ "$got" -eq "$want" ] || { echo "FAIL retail $option $id: $got customers, the report says $want"; failures=$((failures + 1)); }
    LC_ALL=C sort -c "$dir/list" 2>/dev/null || { echo "FAIL retail $option $id: not in byte order"; failures=$((failures + 1)); }
done < "$dir/figures"

# No data lost: a list written onto its own events or map is refused before
# anything is read, in either format, by its name or a symbolic link, and
# the file stays as it was.
cp "$dir/ev.jsonl" "$dir/ev.orig"
cp "$dir/map.json" "$dir/map.orig"
ln -s ev.jsonl "$dir/ev-link.jsonl"
for format in text jsonl; do
    for target in "$dir/ev.jsonl" "$dir/ev-link.jsonl" "$dir/map.json"; do
        check "onto input $format $target" 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" \
            --completed --format "$format" -o "$target"
        expect_err "onto input $format $target" "is also an input"
    done
done
cmp -s "$dir/ev.jsonl" "$dir/ev.orig" || { echo "FAIL onto input: the events changed"; failures=$((failures + 1)); }
cmp -s "$dir/map.json" "$dir/map.orig" || { echo "FAIL onto input: the map changed"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "customers: all checks passed"
