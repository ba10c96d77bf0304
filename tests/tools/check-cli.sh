#!/bin/sh
# The cjm tool as a user runs it: the report it prints equals the library's,
# and every exit status and message is as documented.
# Usage: check-cli.sh CJM CJM_BENCH_EXPORT XML(yes|no) SOURCE_DIR
set -u
cjm=$1 export=$2 xml=$3 source=$4
. "$(dirname "$0")/checks.sh"

"$export" "$dir/map.json" "$dir/ev.jsonl" 20000 "$dir/library.json" || exit 1

# A device or pipe without end: a map from /dev/zero is refused at its
# first byte, never read on into memory; a journey document past its limit
# (256 MiB) is refused at the limit.
check "map from /dev/zero" 1 timeout 20 "$cjm" validate /dev/zero
expect_err "map from /dev/zero" "/dev/zero:1:1:"
check "analysis of /dev/zero" 1 timeout 20 "$cjm" analyze /dev/zero "$dir/ev.jsonl"
check "stdin from /dev/zero" 1 sh -c "timeout 20 \"$cjm\" validate - < /dev/zero"
check "huge map" 1 sh -c "{ printf '{'; head -c 270000000 /dev/zero | tr '\\000' ' '; } | timeout 60 \"$cjm\" validate -"
expect_err "huge map" "more than 256 MiB: too large for a journey document"

# What an output cannot carry is named by the input and the tool's option,
# never the library's flag.
printf '{"format":"cjm-journey","version":1,"extensions":{"a":1},"journey":{"id":"j","name":"n","stages":[]}}' > "$dir/ext.json"
if [ "$xml" = yes ]; then
    check "extensions XML cannot carry" 1 "$cjm" convert "$dir/ext.json" "$dir/ext.xml"
    expect_err "extensions XML cannot carry" "$dir/ext.json: the XML document has no place for document extensions (drop them with --drop-extensions)"
fi
printf '{"customer":"c","at":"2026-03-01T00:00:00Z","touchpoint":"t","channel":"web","extensions":{"k":1}}\n' > "$dir/ext.jsonl"
if [ "$xml" = yes ]; then
    check "extensions XES cannot carry" 1 "$cjm" convert "$dir/ext.jsonl" "$dir/ext.xes"
    expect_err "extensions XES cannot carry" "(drop them with --drop-extensions)"
    grep -q "CJM_" "$dir/err" && { echo "FAIL a message names a C flag"; failures=$((failures + 1)); }
fi

# Standard output under another name is standard output: the report to
# /dev/stdout and the page to '-' would be one stream.
check "stdout under two names" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" -o /dev/stdout --html -
expect_err "stdout under two names" "would be the same file"

# An events file named twice, or reached twice (a link, standard input
# redirected from it), is refused: its events would count twice.
ln -s "$dir/ev.jsonl" "$dir/ev-link.jsonl"
check "events twice" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" "$dir/ev.jsonl"
expect_err "events twice" "are one file: its events would count twice"
check "events and a link" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" "$dir/ev-link.jsonl"
check "events and stdin" 2 sh -c "\"$cjm\" analyze \"$dir/map.json\" - \"$dir/ev.jsonl\" < \"$dir/ev.jsonl\""
expect_err "events and stdin" "standard input and $dir/ev.jsonl are one file"
check "customers of events twice" 2 "$cjm" customers "$dir/map.json" "$dir/ev.jsonl" "$dir/ev-link.jsonl" --completed
rm -f "$dir/ev-link.jsonl"

# No data lost: an output that is one of the inputs is refused before
# anything is read, by its path, a symbolic link or a hard link; an output
# that fails while written leaves the file it replaces as it was.
same() { # NAME FILE: FILE is unchanged (against its copy FILE.orig)
    cmp -s "$2" "$2.orig" || { echo "FAIL $1: $2 changed"; failures=$((failures + 1)); }
}
cp "$dir/ev.jsonl" "$dir/ev.jsonl.orig"
cp "$dir/map.json" "$dir/map.json.orig"
check "convert onto itself" 2 "$cjm" convert "$dir/ev.jsonl" "$dir/ev.jsonl" --to jsonl
expect_err "convert onto itself" "is also an input"
same "convert onto itself" "$dir/ev.jsonl"
check "convert map onto itself" 2 "$cjm" convert "$dir/map.json" "$dir/map.json" --to json
same "convert map onto itself" "$dir/map.json"
check "report onto events" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" -o "$dir/ev.jsonl"
same "report onto events" "$dir/ev.jsonl"
check "picture onto map" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --svg "$dir/map.json"
same "picture onto map" "$dir/map.json"
check "render onto map" 2 "$cjm" render "$dir/map.json" -o "$dir/map.json"
same "render onto map" "$dir/map.json"
ln -s "$dir/ev.jsonl" "$dir/link.jsonl"
check "onto a symbolic link" 2 "$cjm" convert "$dir/ev.jsonl" "$dir/link.jsonl"
same "onto a symbolic link" "$dir/ev.jsonl"
check "from a symbolic link" 2 "$cjm" analyze "$dir/map.json" "$dir/link.jsonl" -o "$dir/ev.jsonl"
same "from a symbolic link" "$dir/ev.jsonl"
ln "$dir/map.json" "$dir/hard.json"
check "onto a hard link" 2 "$cjm" render "$dir/hard.json" "$dir/ev.jsonl" -o "$dir/map.json"
same "onto a hard link" "$dir/map.json"
check "stdin onto itself" 2 sh -c "\"$cjm\" convert - \"$dir/ev.jsonl\" --from jsonl < \"$dir/ev.jsonl\""
same "stdin onto itself" "$dir/ev.jsonl"
check "report and picture one file" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" -o "$dir/both" --svg "$dir/both"
[ -e "$dir/both" ] && { echo "FAIL report and picture one file: written"; failures=$((failures + 1)); }
# A directory as the output is refused before the events are read: the
# message is the output's, though the events are broken too.
printf 'not json\n' > "$dir/broken.jsonl"
check "output a directory" 1 "$cjm" analyze "$dir/map.json" "$dir/broken.jsonl" -o "$dir"
expect_err "output a directory" "$dir: is a directory"
check "picture a directory" 1 "$cjm" render "$dir/map.json" "$dir/broken.jsonl" -o "$dir"
expect_err "picture a directory" "$dir: is a directory"
check "convert to a directory" 1 "$cjm" convert "$dir/broken.jsonl" "$dir" --to jsonl
expect_err "convert to a directory" "$dir: is a directory"
check "output nowhere" 1 "$cjm" analyze "$dir/map.json" "$dir/broken.jsonl" -o "$dir/no/such/dir/r.txt"
expect_err "output nowhere" "No such file or directory"
check "output named nothing" 2 "$cjm" analyze "$dir/map.json" "$dir/broken.jsonl" -o ""
expect_err "output named nothing" "an output's name is empty"
check "stdin twice" 2 sh -c "\"$cjm\" analyze \"$dir/map.json\" - - < \"$dir/ev.jsonl\""
expect_err "stdin twice" "standard input ('-') can be read only once"
if [ "$(id -u)" -ne 0 ]; then
    # A read-only file stays so (root may write to it anyway, as with '>').
    printf 'kept\n' > "$dir/ro.txt"; chmod 444 "$dir/ro.txt"
    check "read-only output" 1 "$cjm" render "$dir/map.json" -o "$dir/ro.txt"
    grep -qx kept "$dir/ro.txt" || { echo "FAIL a read-only output was replaced"; failures=$((failures + 1)); }
    rm -f "$dir/ro.txt"
fi
# A failed conversion or analysis leaves the old output as it was.
printf 'old\n' > "$dir/old.jsonl"; cp "$dir/old.jsonl" "$dir/old.jsonl.orig"
chmod 640 "$dir/old.jsonl"
check "failed convert keeps the old file" 1 "$cjm" convert "$dir/broken.jsonl" "$dir/old.jsonl"
same "failed convert keeps the old file" "$dir/old.jsonl"
check "failed analysis keeps the old file" 1 "$cjm" analyze "$dir/map.json" "$dir/broken.jsonl" -o "$dir/old.jsonl"
same "failed analysis keeps the old file" "$dir/old.jsonl"
# An interrupted write: the file size limit stops it part way (EFBIG), as a
# full disk would.
check "interrupted write" 3 sh -c "ulimit -f 8; trap '' XFSZ; exec \"$cjm\" convert \"$dir/ev.jsonl\" \"$dir/old.jsonl\""
same "interrupted write" "$dir/old.jsonl"
check "interrupted picture" 3 sh -c "ulimit -f 1; trap '' XFSZ; exec \"$cjm\" analyze \"$dir/map.json\" \"$dir/ev.jsonl\" -o \"$dir/old.jsonl\" --format json"
same "interrupted picture" "$dir/old.jsonl"
ls -a "$dir" | grep -q '^\.old\.jsonl' && { echo "FAIL an interrupted write left its temporary file"; failures=$((failures + 1)); }
# A process ended by a signal while it writes leaves no temporary file.
mkfifo "$dir/fifo"
"$cjm" convert - "$dir/old.jsonl" --from jsonl < "$dir/fifo" 2>/dev/null &
writer=$!
exec 9>"$dir/fifo"
sleep 0.5
ls -a "$dir" | grep -q '^\.old\.jsonl\.' || { echo "FAIL no temporary file while writing"; failures=$((failures + 1)); }
kill -TERM "$writer"; wait "$writer"
exec 9>&-
ls -a "$dir" | grep -q '^\.old\.jsonl' && { echo "FAIL a terminated write left its temporary file"; failures=$((failures + 1)); }
same "terminated write" "$dir/old.jsonl"
rm -f "$dir/fifo"
# So does one ended by a reader that stopped early (SIGPIPE: a pipe to
# head closed while the page is written, the other outputs not yet done).
sh -c "\"$cjm\" analyze \"$dir/map.json\" \"$dir/ev.jsonl\" -o \"$dir/piped.txt\" --svg \"$dir/piped.svg\" --html - | head -c 10 >/dev/null"
ls -a "$dir" | grep -q '^\.piped\.' && { echo "FAIL a write ended by SIGPIPE left its temporary file"; failures=$((failures + 1)); }
rm -f "$dir/piped.txt" "$dir/piped.svg"
# And one ended by any other signal that ends a process (timeout -s USR1).
mkfifo "$dir/fifo2"
"$cjm" convert - "$dir/old.jsonl" --from jsonl < "$dir/fifo2" 2>/dev/null &
writer=$!
exec 8>"$dir/fifo2"
sleep 0.5
kill -USR1 "$writer"; wait "$writer"
exec 8>&-
ls -a "$dir" | grep -q '^\.old\.jsonl' && { echo "FAIL a write ended by SIGUSR1 left its temporary file"; failures=$((failures + 1)); }
rm -f "$dir/fifo2"
# A complete write replaces the file, keeps its permissions, and writes
# through a symbolic link to the file it names.
check "convert replaces" 0 "$cjm" convert "$dir/ev.jsonl" "$dir/old.jsonl"
cmp -s "$dir/old.jsonl" "$dir/ev.jsonl" || { echo "FAIL convert did not replace the old file"; failures=$((failures + 1)); }
[ "$(stat -c %a "$dir/old.jsonl")" = 640 ] || { echo "FAIL the replaced file lost its permissions: $(stat -c %a "$dir/old.jsonl")"; failures=$((failures + 1)); }
ln -s "$dir/old.jsonl" "$dir/old-link.jsonl"
check "write through a link" 0 "$cjm" convert "$dir/broken.jsonl" "$dir/old-link.jsonl" --lenient
[ -L "$dir/old-link.jsonl" ] && [ ! -s "$dir/old.jsonl" ] || { echo "FAIL writing through a symbolic link"; failures=$((failures + 1)); }
check "full device" 3 "$cjm" convert "$dir/map.json" /dev/full --to json
[ -c /dev/full ] || { echo "FAIL /dev/full is no longer a device"; failures=$((failures + 1)); }
check "to standard output" 0 "$cjm" convert "$dir/map.json" - --to json
cmp -s "$dir/out" "$dir/map.json" || { echo "FAIL convert to standard output"; failures=$((failures + 1)); }
rm -f "$dir/link.jsonl" "$dir/hard.json" "$dir/old-link.jsonl" "$dir/old.jsonl" "$dir/old.jsonl.orig" "$dir/broken.jsonl"

check "json report" 0 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --format json
cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL json report differs from the library's"; failures=$((failures + 1)); }
check "stdin" 0 sh -c "\"$cjm\" analyze \"$dir/map.json\" - --format json < \"$dir/ev.jsonl\""
cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL stdin report differs"; failures=$((failures + 1)); }
check "text report" 0 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl"
for part in "^Funnel: " "^Emotion curve: " "^Channels: " "^Backtracks: " "^Gaps: "; do
    grep -q "$part" "$dir/out" || { echo "FAIL text report has no \"$part\""; failures=$((failures + 1)); }
done
# The text report's parts of the second analysis, on the retail example:
# the closed funnel beside reached, the time percentiles, the map's
# research beside the customers' curve, the evidence for pain, the hops,
# and per touchpoint the customers' feedback with its evidence and the
# map's research apart.
retail="$source/examples/retail"
check "text report of version 2" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl"
for part in "^Time: " "stage  *reached  *in order  *of prev  *of start" \
    "^  Compare  *1585  *1585  *79.2%  *79.2%" "^  Purchase  *1189  *1123  *70.9%  *56.1%" \
    "^  Discovery  .*no feedback from customers; map's research +0.50 (1 item)" \
    "^  Compare  *-0.15 .* 836 feedback items, sd 0.66, high -0.12; map's research +0.17 (3 items)" \
    "^  (whole journey)  *1040 " "^The map's own research: 4 feedback items" \
    "^  Customers sent to a channel the map does not plan, within a stage: Discovery 365," \
    "^Touchpoints: " "^  touchpoint  *stage  *customers  *feedback  *mean  *sd  *high  *map's research$" \
    "^  compare-web  *Compare  *1461  *504  *-0.50  *0.41  *-0.47  *-0.25 (2 items)$" \
    "^  social-ad  *Discovery  *1110  *0  *-  *-  *-  *+0.50 (1 item)$" \
    "^  tracking-sms  *Delivery  *0  *0  *-  *-  *-$"; do
    grep -q -- "$part" "$dir/out" || { echo "FAIL text report has no \"$part\""; failures=$((failures + 1)); }
done
# --confidence: 0 is the mean alone, which calls Delivery's -0.03 over
# 291 mixed answers a pain point; 0.95, the default, does not.
check "confidence 0" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --confidence 0
grep -q "pain_point  *Customers are unhappy at Parcel delivered" "$dir/out" || { echo "FAIL --confidence 0 keeps the mean test"; failures=$((failures + 1)); }
check "confidence default" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --confidence 0.95
grep -q "Parcel delivered" "$dir/out" && { echo "FAIL --confidence 0.95 calls one mixed mean a pain point"; failures=$((failures + 1)); }
grep -q "high: the mean is below this at 95%$" "$dir/out" || { echo "FAIL --confidence 0.95: the legend does not name the confidence"; failures=$((failures + 1)); }
check "confidence underflow" 2 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --confidence 1e-400
expect_err "confidence underflow" "cjm: --confidence: \"1e-400\" is too close to 0 for a double"
check "confidence with a space" 2 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --confidence " 0.9"
expect_err "confidence with a space" "cjm: --confidence: \" 0.9\" is not a finite number"
check "confidence 0 legend" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --confidence 0
grep -q "high: the mean is below" "$dir/out" && { echo "FAIL --confidence 0: the legend speaks of high"; failures=$((failures + 1)); }
grep -q "confidence 0: a pain point needs only its mean$" "$dir/out" || { echo "FAIL --confidence 0: the legend does not say the mean alone decides"; failures=$((failures + 1)); }
check "confidence out of range" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --confidence 0.3
expect_err "confidence out of range" "cjm: --confidence: 0.3 is neither 0 nor in [0.5, 1)"
check "confidence not a number" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --confidence high
expect_err "confidence not a number" "cjm: --confidence: \"high\" is not a finite number"
# render --flow: the flow as SVG and as Mermaid, refused without events.
check "render flow" 0 "$cjm" render --flow "$retail/map.json" "$retail/events.jsonl" --max-flow-edges 7 -o "$dir/flow.svg"
[ "$(grep -c '<g class="edge"' "$dir/flow.svg")" = 7 ] || { echo "FAIL render --flow draws the 7 edges asked for"; failures=$((failures + 1)); }
python3 -c "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$dir/flow.svg" || { echo "FAIL render --flow: not XML"; failures=$((failures + 1)); }
check "render flow mermaid" 0 "$cjm" render --flow "$retail/map.json" "$retail/events.jsonl" --max-flow-edges 3 -o "$dir/flow.md"
head -2 "$dir/flow.md" | grep -q '^flowchart LR$' || { echo "FAIL render --flow -o flow.md: not a fenced flowchart"; failures=$((failures + 1)); }
[ "$(grep -c -- '-->' "$dir/flow.md")" = 3 ] || { echo "FAIL render --flow -o flow.md: 3 arrows"; failures=$((failures + 1)); }
check "render flow without events" 2 "$cjm" render --flow "$retail/map.json"
expect_err "render flow without events" "render: --flow needs events"
check "analyze flow" 2 "$cjm" analyze --flow "$retail/map.json" "$retail/events.jsonl"
expect_err "analyze flow" "analyze: --flow is an option of render"
# --max-paths and --max-flow-edges: the lists' lengths, the count of paths whatever they are.
check "max paths 1" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --max-paths 1 --max-flow-edges 0
grep -q "^Paths: .*(12 different paths in all)" "$dir/out" || { echo "FAIL --max-paths 1: the count of paths"; failures=$((failures + 1)); }
[ "$(sed -n '/^Paths:/,/^$/p' "$dir/out" | grep -c ' > ')" = 1 ] || { echo "FAIL --max-paths 1 lists one path"; failures=$((failures + 1)); }
grep -q "^Flow:" "$dir/out" && { echo "FAIL --max-flow-edges 0 lists a flow"; failures=$((failures + 1)); }
check "max paths not a number" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --max-paths many
expect_err "max paths not a number" "cjm: --max-paths: \"many\" is not a count (a whole number, 0 or more)"
check "max flow edges negative" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --max-flow-edges -1
expect_err "max flow edges negative" "cjm: --max-flow-edges: \"-1\" is not a count (a whole number, 0 or more)"
# --breakdown and --max-segments: the segments side by side, weekly cohorts
# never pooled; bad values refused by name.
check "breakdown by week" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --breakdown @week --max-segments 1
for part in "^Segments by @week: " "^ *2026-W09 *2026-W10 *2026-W11 *2026-W12 *2026-W13$" \
    "^  customers  *61  *496  *458  *488  *424$" "^  Compare  *37% +0.00  *31% -0.09 "; do
    grep -q -- "$part" "$dir/out" || { echo "FAIL --breakdown @week has no \"$part\""; failures=$((failures + 1)); }
done
check "breakdown json" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --breakdown region --format json --compact
grep -q '"breakdown":"region","segments":\[{"value":null,"other":false,"customers":2000,' "$dir/out" || { echo "FAIL --breakdown region: one null segment of every customer"; failures=$((failures + 1)); }
check "breakdown text, no such attribute" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --breakdown Region
grep -q '^  (no event has the attribute "Region", so every customer is in (none);$' "$dir/out" || { echo "FAIL --breakdown Region: no note that no event has it"; failures=$((failures + 1)); }
check "breakdown text, an attribute" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --breakdown plan
grep -q 'no event has the attribute' "$dir/out" && { echo "FAIL --breakdown plan: a note that no event has it"; failures=$((failures + 1)); }
# A value spelled like the column of customers without one is quoted.
printf '%s\n' '{"customer":"a","at":"2026-03-01T09:00:00Z","touchpoint":"t","channel":"web","attributes":{"k":"(none)"}}' \
    '{"customer":"b","at":"2026-03-01T09:00:00Z","touchpoint":"t","channel":"web"}' > "$dir/none.jsonl"
check "breakdown value (none)" 0 "$cjm" analyze "$dir/map.json" "$dir/none.jsonl" --breakdown k
grep -q '^  *"(none)" *(none)$' "$dir/out" || { echo "FAIL a value \"(none)\" is not quoted beside the null segment"; failures=$((failures + 1)); }
# Times: whole seconds as "0s", a fraction with its milliseconds.
printf '%s\n' '{"customer":"c","at":"2026-03-01T09:00:00Z","touchpoint":"social-ad"}' \
    '{"customer":"c","at":"2026-03-01T09:00:00Z","touchpoint":"compare-web"}' \
    '{"customer":"d","at":"2026-03-01T09:00:00Z","touchpoint":"social-ad"}' \
    '{"customer":"d","at":"2026-03-01T09:00:01.500Z","touchpoint":"compare-web"}' > "$dir/times.jsonl"
check "short times" 0 "$cjm" analyze "$retail/map.json" "$dir/times.jsonl"
grep -q "^  Discovery  *2  *0s  *0s  *1.500s  *1.500s$" "$dir/out" || { echo "FAIL short times: not 0s and 1.500s"; failures=$((failures + 1)); }
# The retail example's plans: students leave at Compare (a segment gap).
check "breakdown plan" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --breakdown plan --max-segments 2
for part in "^ *consumer *(other)$" "^  customers  *1018  *982$"; do
    grep -q -- "$part" "$dir/out" || { echo "FAIL --breakdown plan --max-segments 2 has no \"$part\""; failures=$((failures + 1)); }
done
grep "segment_" "$dir/out" | grep -qv "plan=consumer" && { echo "FAIL --max-segments 2 tests the pooled entry"; failures=$((failures + 1)); }
check "breakdown plan all" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --breakdown plan
grep -q "segment_drop_off  *Customers with plan=student leave at Compare more often than the others: 61% vs 17%" "$dir/out" || { echo "FAIL --breakdown plan finds no student drop-off"; failures=$((failures + 1)); }
# The retail example's fix: April's customers leave less at Compare, from
# the fix's week on (the figures examples/README.md quotes).
check "breakdown month fix" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" "$retail/april.jsonl" --breakdown @month
for part in "^ *2026-03 *2026-04$" "^  customers  *2000  *2000$" "^  Compare  *29%! -0.15!  *15% +0.09$" \
    "segment_drop_off  *Customers first seen in 2026-03 leave at Compare more often than the others: 29% vs 15%"; do
    grep -q -- "$part" "$dir/out" || { echo "FAIL --breakdown @month over March and April has no \"$part\""; failures=$((failures + 1)); }
done
check "breakdown week fix" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" "$retail/april.jsonl" --breakdown @week
for part in "^  Compare  *37% +0.00  *31%! -0.09  *28%! -0.23!  *28%! -0.16  *28% -0.16$" \
    "^  Compare  *25% -0.07  *14% +0.14  *11% +0.08  *12% +0.15  *16% +0.13$"; do
    grep -q -- "$part" "$dir/out" || { echo "FAIL --breakdown @week over March and April has no \"$part\""; failures=$((failures + 1)); }
done
grep "segment_" "$dir/out" | grep -q "2026-W1[5-8]" && { echo "FAIL a week after the fix is a red point"; failures=$((failures + 1)); }
check "no breakdown json" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --format json --compact
grep -q '"segments"' "$dir/out" && { echo "FAIL segments without a breakdown"; failures=$((failures + 1)); }
check "breakdown unknown cohort" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --breakdown @year
expect_err "breakdown unknown cohort" "cjm: --breakdown: \"@year\" is not @day, @week or @month"
check "max segments 0" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --max-segments 0
expect_err "max segments 0" "cjm: --max-segments: 0: at least 1 (the pooled entry)"
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
expect_err "lenient" "skipped: $dir/bad.jsonl:3: channel: touchpoint \"nowhere\""
grep -q 'cjm_[a-z_]*:' "$dir/err" && { echo "FAIL a message for a person names a C function:"; cat "$dir/err"; failures=$((failures + 1)); }
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
check "events format" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --events-format csv
check "map format" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --map-format yaml
check "forced events format" 0 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --format json \
    --events-format jsonl
cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL --events-format jsonl differs"; failures=$((failures + 1)); }
cp "$dir/ev.jsonl" "$dir/events.txt"
check "unnamed events" 2 "$cjm" analyze "$dir/map.json" "$dir/events.txt"
expect_err "unnamed events" "name it with --events-format"
check "named events" 0 "$cjm" analyze "$dir/map.json" "$dir/events.txt" --events-format jsonl --format json
cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL named events differ"; failures=$((failures + 1)); }

# The report to a file and the picture beside it.
check "report and picture" 0 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --format json \
    -o "$dir/report.json" --svg "$dir/map.svg"
[ -s "$dir/out" ] && { echo "FAIL -o still writes to standard output"; failures=$((failures + 1)); }
cmp -s "$dir/report.json" "$dir/library.json" || { echo "FAIL -o report differs"; failures=$((failures + 1)); }
python3 "$source/tests/tools/check-svg.py" "$dir/map.svg" "$dir/map.json" "$dir/report.json" || failures=$((failures + 1))
check "render" 0 "$cjm" render "$dir/map.json" "$dir/ev.jsonl" -o "$dir/render.svg"
cmp -s "$dir/render.svg" "$dir/map.svg" || { echo "FAIL render and analyze --svg differ"; failures=$((failures + 1)); }
check "render map alone" 0 "$cjm" render "$dir/map.json" --pain-threshold 0.5
python3 "$source/tests/tools/check-svg.py" "$dir/out" "$dir/map.json" || failures=$((failures + 1))
grep -q "reached" "$dir/out" && { echo "FAIL a map alone shows customers"; failures=$((failures + 1)); }
check "render wide" 0 "$cjm" render "$dir/map.json" "$dir/ev.jsonl" --layout wide -o "$dir/wide.svg"
python3 "$source/tests/tools/check-svg.py" "$dir/wide.svg" "$dir/map.json" "$dir/report.json" || failures=$((failures + 1))
cmp -s "$dir/wide.svg" "$dir/map.svg" && { echo "FAIL --layout wide draws the tall picture"; failures=$((failures + 1)); }
# The retail example's picture: its research diamonds apart from the
# customers' points and the gap markers.
check "retail picture" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" --format json \
    -o "$dir/retail.json" --svg "$dir/retail.svg"
grep -q 'class="research"' "$dir/retail.svg" || { echo "FAIL the retail picture has no research"; failures=$((failures + 1)); }
python3 "$source/tests/tools/check-svg.py" "$dir/retail.svg" "$retail/map.json" "$dir/retail.json" || failures=$((failures + 1))
check "render tall" 0 "$cjm" render "$dir/map.json" "$dir/ev.jsonl" --layout tall -o "$dir/tall.svg"
cmp -s "$dir/tall.svg" "$dir/map.svg" || { echo "FAIL --layout tall is not the default"; failures=$((failures + 1)); }
check "analyze wide" 0 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --svg "$dir/wide2.svg" --layout wide
cmp -s "$dir/wide2.svg" "$dir/wide.svg" || { echo "FAIL analyze --svg --layout wide differs from render's"; failures=$((failures + 1)); }
check "layout without a picture" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --layout wide
expect_err "layout without a picture" "--layout is for the picture"
check "bad layout" 2 "$cjm" render "$dir/map.json" --layout square
expect_err "bad layout" "--layout: \"square\" is not tall or wide"
check "render usage" 2 "$cjm" render
check "render json" 2 "$cjm" render "$dir/map.json" --format json
expect_err "render json" "render: --format is an option of analyze"
check "render bad map" 1 "$cjm" render "$dir/badmap.json"
check "render bad events" 1 "$cjm" render "$dir/map.json" "$dir/bad.jsonl" -o "$dir/bad.svg"
[ -e "$dir/bad.svg" ] && { echo "FAIL a failed render left its output"; failures=$((failures + 1)); }
check "render unwritable" 1 "$cjm" render "$dir/map.json" -o "$dir/no/such/dir/map.svg"
expect_err "render unwritable" "cannot open for writing"
check "render full disk" 3 "$cjm" render "$dir/map.json" -o /dev/full
check "help render" 0 "$cjm" help render
grep -q "^usage: cjm render" "$dir/out" || { echo "FAIL help render"; failures=$((failures + 1)); }

# Names that are markup come out escaped in the picture, and in the
# diagram as Mermaid's entity codes (check-mermaid.sh parses them with
# Mermaid itself).
cat > "$dir/hostile.json" <<'JSON'
{"format":"cjm-journey","version":1,"journey":{"id":"h","name":"<script>alert(1)</script> & \"q\" 'a' </svg>",
 "stages":[{"id":"s<1>","name":"</svg><svg onload=\"x\">","touchpoints":[
  {"id":"t&1","name":"A: b; #c </svg>","channel":"web","owner":"R&D, \"ops\""}]}]}}
JSON
check "render hostile" 0 "$cjm" render "$dir/hostile.json" -o "$dir/hostile.svg"
python3 "$source/tests/tools/check-svg.py" "$dir/hostile.svg" "$dir/hostile.json" || failures=$((failures + 1))
python3 - "$dir/hostile.svg" <<'PY' || failures=$((failures + 1))
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
texts = [t.text or "" for t in root.iter(ns + "title")]
if "<script>alert(1)</script> & \"q\" 'a' </svg>" not in texts:
    sys.exit("FAIL the journey name did not come through escaping: %r" % texts[:1])
if [e for e in root.iter() if e.tag in (ns + "script", "script")] or list(root.iter(ns + "svg"))[1:]:
    sys.exit("FAIL markup in a name became elements")
PY
check "mermaid" 0 "$cjm" convert "$dir/hostile.json" "$dir/hostile.mmd"
printf 'journey\n    title #60;script#62;alert(1)#60;/script#62; #38; "q" \047a\047 #60;/svg#62;\n    section #60;/svg#62;#60;svg onload="x"#62;\n      A#58; b#59; #35;c #60;/svg#62;: 3: web, R#38;D#44; "ops"\n' > "$dir/want.mmd"
cmp -s "$dir/hostile.mmd" "$dir/want.mmd" || { echo "FAIL mermaid:"; cat "$dir/hostile.mmd"; failures=$((failures + 1)); }
check "markdown" 0 "$cjm" convert "$dir/map.json" "$dir/map.md"
[ "$(head -n 2 "$dir/map.md")" = "$(printf '```mermaid\njourney')" ] && [ "$(tail -n 1 "$dir/map.md")" = '```' ] || { echo "FAIL markdown fence"; failures=$((failures + 1)); }
[ "$(grep -c '^    section ' "$dir/map.md")" -eq 7 ] || { echo "FAIL markdown has not 7 sections"; failures=$((failures + 1)); }
[ "$(grep -c '^      ' "$dir/map.md")" -eq 42 ] || { echo "FAIL markdown has not 42 tasks"; failures=$((failures + 1)); }
check "mermaid stdout" 0 "$cjm" convert "$dir/map.json" - --to mermaid
head -n 1 "$dir/out" | grep -qx journey || { echo "FAIL mermaid on stdout"; failures=$((failures + 1)); }
check "mermaid from events" 2 "$cjm" convert "$dir/ev.jsonl" "$dir/ev.mmd"

# The examples, as their READMEs run them.
check "retail example" 0 "$cjm" analyze "$source/examples/retail/map.json" "$source/examples/retail/events.jsonl"
grep -qF "2000 customers, 10046 events" "$dir/out" || { echo "FAIL retail example totals"; failures=$((failures + 1)); }
check "retail picture" 0 "$cjm" render "$source/examples/retail/map.json" "$source/examples/retail/events.jsonl"
cmp -s "$dir/out" "$source/examples/retail/map.svg" || { echo "FAIL examples/retail/map.svg is not what cjm draws now (examples/render.sh)"; failures=$((failures + 1)); }
check "onboarding picture" 0 "$cjm" render "$source/examples/onboarding/map.json" "$source/examples/onboarding/events.jsonl"
cmp -s "$dir/out" "$source/examples/onboarding/map.svg" || { echo "FAIL examples/onboarding/map.svg is not what cjm draws now (examples/render.sh)"; failures=$((failures + 1)); }
check "onboarding example" 0 "$cjm" analyze "$source/examples/onboarding/map.json" "$source/examples/onboarding/events.jsonl"
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
    # A log named .xes.gz is written gzip-compressed: the same XES inside,
    # and it reads back as the same events.
    check "events to xes.gz" 0 "$cjm" convert "$dir/ev.jsonl" "$dir/ev.xes.gz"
    [ "$(od -An -tx1 -N2 "$dir/ev.xes.gz" | tr -d ' ')" = 1f8b ] || { echo "FAIL .xes.gz not gzip"; failures=$((failures + 1)); }
    gzip -dc "$dir/ev.xes.gz" | cmp -s - "$dir/ev.xes" || { echo "FAIL .xes.gz holds other XES"; failures=$((failures + 1)); }
    check "xes.gz to events" 0 "$cjm" convert "$dir/ev.xes.gz" "$dir/ev5.jsonl"
    cmp -s "$dir/ev5.jsonl" "$dir/ev2.jsonl" || { echo "FAIL events through .xes.gz differ"; failures=$((failures + 1)); }
    ln -s /dev/full "$dir/full.xes.gz"
    check "xes.gz onto a full disk" 3 "$cjm" convert "$dir/ev.jsonl" "$dir/full.xes.gz"
    expect_err "xes.gz onto a full disk" "full.xes.gz: cannot write"
    # Between events, a name ending .xml is XES (a log is an XML document).
    check "events to .xml" 0 "$cjm" convert "$dir/ev.jsonl" "$dir/log.xml"
    cmp -s "$dir/log.xml" "$dir/ev.xes" || { echo "FAIL events to .xml are not the XES"; failures=$((failures + 1)); }
    check ".xml log to events" 0 "$cjm" convert "$dir/log.xml" "$dir/ev6.jsonl"
    cmp -s "$dir/ev6.jsonl" "$dir/ev2.jsonl" || { echo "FAIL events from .xml differ"; failures=$((failures + 1)); }
    check "xes to stdout" 0 "$cjm" convert "$dir/ev.jsonl" - --to xes --compact
    grep -q '<log xes.version="1849.2016"' "$dir/out" || { echo "FAIL xes on stdout"; failures=$((failures + 1)); }
    # A real log on a map of its own, with a default channel for the rest.
    check "helpdesk" 0 "$cjm" analyze "$helpdesk_map" "$xes/helpdesk.xes.gz" --default-channel other --format json --compact
    grep -qF '"totals":{"customers":4580,"events":21348,"feedback":0,"map_feedback":0,"completed":4559,"rejected":0}' "$dir/out" || { echo "FAIL helpdesk totals"; failures=$((failures + 1)); }
    # Its tickets broken down (examples/README.md quotes these): seriousness
    # has one value, seriousness_2 four, and its third loses tickets in handle.
    check "helpdesk seriousness" 0 "$cjm" analyze "$helpdesk_map" "$xes/helpdesk.xes.gz" --default-channel other --breakdown seriousness
    grep -q "^  customers  *4580$" "$dir/out" || { echo "FAIL helpdesk: seriousness is not one segment"; failures=$((failures + 1)); }
    check "helpdesk seriousness_2" 0 "$cjm" analyze "$helpdesk_map" "$xes/helpdesk.xes.gz" --default-channel other --breakdown seriousness_2
    for part in "^  customers  *2599  *1751  *203  *27$" "^  completed  *99.5%  *99.7%  *100.0%  *88.9%$" \
        "segment_drop_off  *Customers with seriousness_2=Value 3 leave at handle more often than the others: 11% vs 0%"; do
        grep -q -- "$part" "$dir/out" || { echo "FAIL helpdesk --breakdown seriousness_2 has no \"$part\""; failures=$((failures + 1)); }
    done
    check "helpdesk strict" 1 "$cjm" analyze "$helpdesk_map" "$xes/helpdesk.xes.gz"
    expect_err "helpdesk strict" "helpdesk.xes.gz:2396: channel: touchpoint \"Create SW anomaly\" is not in the map"
    check "validate xes" 0 "$cjm" validate "$xes/running-example.xes"
    grep -qF "valid XES (42 events, 6 customers, no problems)" "$dir/out" || { echo "FAIL validate xes output"; failures=$((failures + 1)); }
    printf '<journey xmlns="urn:cjm:journey:1">&undeclared;</journey>\n' > "$dir/entity.xml"
    check "libxml2's words in ours" 1 "$cjm" validate "$dir/entity.xml"
    expect_err "libxml2's words in ours" "entity.xml:1: not well-formed XML: entity 'undeclared' not defined"
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
    # Formats named for standard input.
    check "xes on stdin" 0 sh -c "\"$cjm\" analyze \"$dir/map.json\" - --events-format xes --format json < \"$dir/ev.xes\""
    cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL XES on standard input differs"; failures=$((failures + 1)); }
    check "map on stdin" 0 sh -c "\"$cjm\" analyze - \"$dir/ev.jsonl\" --map-format xml --format json < \"$dir/map.xml\""
    cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL XML map on standard input differs"; failures=$((failures + 1)); }
    check "xes to jsonl on stdin" 0 sh -c "\"$cjm\" convert - \"$dir/ev3.jsonl\" --from xes < \"$dir/ev.xes\""
    cmp -s "$dir/ev3.jsonl" "$dir/ev2.jsonl" || { echo "FAIL convert --from xes on standard input"; failures=$((failures + 1)); }
    check "xes on stdin unnamed" 0 sh -c "\"$cjm\" analyze \"$dir/map.json\" - --format json < \"$dir/ev.xes\""
    cmp -s "$dir/out" "$dir/library.json" || { echo "FAIL XES on standard input, unnamed, differs"; failures=$((failures + 1)); }
    check "xes gz on stdin" 0 sh -c "\"$cjm\" validate - < \"$xes/helpdesk.xes.gz\""
    grep -qF "<stdin>: valid XES (21348 events, 4580 customers, no problems)" "$dir/out" || { echo "FAIL gzip XES on standard input:"; cat "$dir/out"; failures=$((failures + 1)); }
    check "convert xes from stdin unnamed" 0 sh -c "\"$cjm\" convert - \"$dir/ev4.jsonl\" < \"$dir/ev.xes\""
    cmp -s "$dir/ev4.jsonl" "$dir/ev2.jsonl" || { echo "FAIL convert of XES on standard input, unnamed"; failures=$((failures + 1)); }
    check "validate xml map on stdin" 0 sh -c "\"$cjm\" validate - < \"$dir/map.xml\""
    grep -qF "<stdin>: valid (7 stages, 42 touchpoints, and against the schema)" "$dir/out" || { echo "FAIL validate XML on standard input"; failures=$((failures + 1)); }
    check "compare json" 0 "$cjm" compare "$helpdesk_map" "$dir/actual.json" --format json
    python3 - "$dir/out" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
kinds = [d["kind"] for d in doc["deviations"]]
want = {"format": "cjm-comparison", "version": 1, "map": "helpdesk-ticket", "actual": "case-7", "customer": "c-7"}
if {k: doc[k] for k in want} != want or len(kinds) != 6 or kinds[0] != "unplanned":
    sys.exit("FAIL compare --format json: %r" % doc)
failing = [d for d in doc["deviations"] if d["kind"] == "failing"]
back = [d for d in doc["deviations"] if d["kind"] == "backtrack"]
if failing[0]["mean_score"] != -1.0 or back[0]["from_stage"] != "close" or back[0]["stage"] != "handle":
    sys.exit("FAIL compare --format json figures: %r" % doc)
PY
    check "xml map to mermaid" 0 "$cjm" convert "$dir/map.xml" "$dir/map2.md"
    cmp -s "$dir/map2.md" "$dir/map.md" || { echo "FAIL mermaid from XML differs from JSON's"; failures=$((failures + 1)); }
    check "helpdesk example" 0 "$cjm" analyze "$source/examples/helpdesk/map.xml" "$source/examples/helpdesk/events.xes.gz" --svg "$dir/helpdesk.svg"
    cmp -s "$dir/helpdesk.svg" "$source/examples/helpdesk/map.svg" || { echo "FAIL examples/helpdesk/map.svg is not what cjm draws now (examples/render.sh)"; failures=$((failures + 1)); }
    "$cjm" analyze "$source/examples/helpdesk/map.xml" "$source/examples/helpdesk/events.xes.gz" --format json -o "$dir/helpdesk.json"
    "$cjm" convert "$source/examples/helpdesk/map.xml" "$dir/helpdesk-map.json"
    python3 "$source/tests/tools/check-svg.py" "$dir/helpdesk.svg" "$dir/helpdesk-map.json" "$dir/helpdesk.json" || failures=$((failures + 1))
fi
check "version" 0 "$cjm" --version
check "help" 0 "$cjm" help analyze
for command in validate convert compare render; do
    check "help $command" 0 "$cjm" help $command
done

# Unix habits: -h and --help everywhere, unknown options and missing values
# told apart, the system's reason for a file that cannot be read, no C
# function names in messages, plural forms.
for command in analyze render validate convert compare; do
    for flag in -h --help; do
        check "$command $flag" 0 "$cjm" $command $flag
        head -n 1 "$dir/out" | grep -q "^usage: cjm $command" || { echo "FAIL $command $flag: no usage"; failures=$((failures + 1)); }
    done
done
check "cjm -h" 0 "$cjm" -h
grep -q "^  validate FILE" "$dir/out" || { echo "FAIL cjm -h lists no commands"; failures=$((failures + 1)); }
check "help unknown command" 2 "$cjm" help frobnicate
expect_err "help unknown command" "help: no command \"frobnicate\""
check "help two commands" 2 "$cjm" help analyze render
check "help help" 0 "$cjm" help help
grep -q "^usage: cjm COMMAND" "$dir/out" || { echo "FAIL cjm help help"; failures=$((failures + 1)); }
check "input named nothing" 1 "$cjm" validate ""
expect_err "input named nothing" "an input's name is empty"
check "unknown top option" 2 "$cjm" --frobnicate
expect_err "unknown top option" "unknown option --frobnicate"
check "unknown option named" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --colour=red
expect_err "unknown option named" "analyze: unknown option --colour (try"
check "unknown short option" 2 "$cjm" render "$dir/map.json" -x
expect_err "unknown short option" "render: unknown option -x"
check "missing value" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --min-customers
expect_err "missing value" "analyze: --min-customers needs a value"
check "missing short value" 2 "$cjm" render "$dir/map.json" -o
expect_err "missing short value" "render: -o needs a value"
check "convert missing value" 2 "$cjm" convert "$dir/map.json" - --to
expect_err "convert missing value" "convert: --to needs a value"
check "compare missing value" 2 "$cjm" compare "$dir/map.json" "$dir/map.json" --pain-threshold
expect_err "compare missing value" "compare: --pain-threshold needs a value"
check "validate unknown option" 2 "$cjm" validate --strict "$dir/map.json"
expect_err "validate unknown option" "validate: unknown option --strict"
check "validate nothing" 2 "$cjm" validate
check "missing map" 1 "$cjm" analyze "$dir/nope.json" "$dir/ev.jsonl"
expect_err "missing map" "nope.json: cannot open: No such file or directory"
check "missing events" 1 "$cjm" analyze "$dir/map.json" "$dir/nope.jsonl"
expect_err "missing events" "nope.jsonl: cannot open: No such file or directory"
check "missing xes" 1 "$cjm" validate "$dir/nope.xes"
expect_err "missing xes" "nope.xes: cannot open: No such file or directory"
check "missing actual" 1 "$cjm" compare "$dir/map.json" "$dir/nope.json"
expect_err "missing actual" "nope.json: cannot open: No such file or directory"
mkdir "$dir/adir.json"
check "map a directory" 1 "$cjm" analyze "$dir/adir.json" "$dir/ev.jsonl"
expect_err "map a directory" "adir.json: is a directory"
check "events a directory" 1 "$cjm" render "$dir/map.json" "$dir"
expect_err "events a directory" "$dir: is a directory"
check "validate a directory" 1 "$cjm" validate "$dir/adir.json"
expect_err "validate a directory" "adir.json: is a directory"
check "convert a directory" 1 "$cjm" convert "$dir/adir.json" - --to json
expect_err "convert a directory" "adir.json: is a directory"
rmdir "$dir/adir.json"
for command in "analyze $dir/map.json $dir/bad.jsonl" "render $dir/badmap.json" \
               "validate $dir/badmap.json $dir/bad.jsonl $dir/nope.json" \
               "convert $dir/badmap.json $dir/x.xml" "compare $dir/map.json $dir/badmap.json" \
               "convert $dir/bad.jsonl $dir/x.jsonl"; do
    $cjm $command >/dev/null 2>"$dir/err"
    grep 'cjm_[a-z_]*' "$dir/err" && { echo "FAIL cjm $command names a C function"; failures=$((failures + 1)); }
done
# validate reads events files: JSON Lines and XES, by name or on standard input.
check "validate events" 0 "$cjm" validate "$dir/ev.jsonl"
grep -qF "$dir/ev.jsonl: valid JSON Lines (20013 events, 1952 customers, no problems)" "$dir/out" || { echo "FAIL validate events:"; cat "$dir/out"; failures=$((failures + 1)); }
check "validate events stdin" 0 sh -c "\"$cjm\" validate - < \"$dir/ev.jsonl\""
grep -qF "<stdin>: valid JSON Lines (20013 events, 1952 customers, no problems)" "$dir/out" || { echo "FAIL validate events on stdin"; failures=$((failures + 1)); }
check "validate map stdin" 0 sh -c "\"$cjm\" validate - < \"$dir/map.json\""
grep -qF "<stdin>: valid (7 stages, 42 touchpoints)" "$dir/out" || { echo "FAIL validate a map on stdin"; failures=$((failures + 1)); }
check "validate problems" 1 "$cjm" validate "$dir/bad.jsonl"
expect_err "validate problems" "bad.jsonl:2:3: '[' or '{' expected"
expect_err "validate problems" "bad.jsonl: 1 problem in 3 events of 2 customers"
# Plural forms: one of each.
printf '%s\n' '{"customer":"x","at":"2026-01-01T00:00:00Z","touchpoint":"aware-0"}' > "$dir/one.jsonl"
check "one customer" 0 "$cjm" analyze "$dir/map.json" "$dir/one.jsonl"
grep -q "^1 customer, 1 event, 0 feedback items; 0 customers" "$dir/out" || { echo "FAIL plural forms:"; head -n 2 "$dir/out"; failures=$((failures + 1)); }
check "validate one" 0 "$cjm" validate "$dir/one.jsonl"
grep -qF "(1 event, 1 customer, no problems)" "$dir/out" || { echo "FAIL plural forms in validate"; failures=$((failures + 1)); }
printf '{"format":"cjm-journey","version":1,"journey":{"id":"j","name":"J","stages":[{"id":"s","name":"S","touchpoints":[{"id":"t","name":"T","channel":"web"}]}]}}' > "$dir/tiny.json"
check "validate tiny" 0 "$cjm" validate "$dir/tiny.json"
grep -qF "valid (1 stage, 1 touchpoint)" "$dir/out" || { echo "FAIL plural forms of a map"; failures=$((failures + 1)); }
# Options are checked by the library's setters, so the tool says what the
# library says.
check "rate over 1" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --drop-threshold 1.5
expect_err "rate over 1" "cjm: --drop-threshold: 1.5 is not in [0, 1]"
check "rate under 0" 2 "$cjm" render "$dir/map.json" --silent-threshold -0.1
expect_err "rate under 0" "--silent-threshold: -0.1 is not in [0, 1]"
check "pain under -1" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --pain-threshold -2
expect_err "pain under -1" "--pain-threshold: -2 is not in [-1, 1]"
check "compare pain over 1" 2 "$cjm" compare "$dir/map.json" "$dir/map.json" --pain-threshold 1.01
expect_err "compare pain over 1" "--pain-threshold: 1.01 is not in [-1, 1]"
check "rate at 1" 0 "$cjm" analyze "$dir/map.json" "$dir/one.jsonl" --backtrack-threshold 1 --switch-threshold 0
check "threads over" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --threads 65
expect_err "threads over" "--threads: 65 is over 64"
check "negative count" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --min-customers -1
expect_err "negative count" "--min-customers: \"-1\" is not a count (a whole number, 0 or more)"
check "count past 64 bits" 2 "$cjm" analyze "$dir/map.json" "$dir/ev.jsonl" --min-customers 99999999999999999999
expect_err "count past 64 bits" "--min-customers: \"99999999999999999999\" is too large (at most 18446744073709551615)"

# Labels in the text report: cut at a character boundary to the same
# width in characters, marked with an ellipsis in every table, and with
# control characters escaped, so the report stays valid UTF-8 and each
# row one line.
sed 's/"name": "Discovery"/"name": "Vergleichsprüfung äöü Entdeckung"/' "$retail/map.json" > "$dir/umlaut.json"
sed -e 's/"plan":"consumer"/"plan":"日本語のとても長い値ですよね本当に"/' \
    -e 's/"plan":"business"/"plan":"a\\nb\\tc"/' "$retail/events.jsonl" > "$dir/labels.jsonl"
check "labels" 0 "$cjm" analyze "$dir/umlaut.json" "$dir/labels.jsonl" --breakdown plan
iconv -f UTF-8 -t UTF-8 "$dir/out" > /dev/null 2>&1 || { echo "FAIL labels: not UTF-8"; failures=$((failures + 1)); }
for line in '  Vergleichsprüfung äöü…      2000      2000' \
            '  social-ad            Vergleichsprü…      1110' \
            '  Vergleichsprüfung…' \
            '  日本語のとても長い値ですよ…        a\nb\tc        student' \
            '  Vergleichsprüfung äöü Entdeckung: search-ad 171'; do
    grep -qF -- "$line" "$dir/out" || { echo "FAIL labels: no line \"$line\""; failures=$((failures + 1)); }
done
[ "$(grep -c "$(printf '\033')" "$dir/out")" -eq 0 ] || { echo "FAIL labels: raw escape"; failures=$((failures + 1)); }

# An attribute key is quoted escaped in an error message, never raw.
printf '%s\n' '{"customer":"c1","at":"2026-03-06T10:06:00Z","touchpoint":"social-ad","attributes":{"x\u001b[2J":"v"}}' > "$dir/key.jsonl"
check "key with escape" 1 "$cjm" analyze "$retail/map.json" "$dir/key.jsonl"
expect_err "key with escape" 'attributes.x\x1b[2J: attribute key: control character 0x1b at byte 1'

# The manual page names every option the tool's help lists.
for command in analyze render validate convert compare; do
    "$cjm" help $command
done | grep -o -- '--[a-z-]*' | sort -u | while read -r option; do
    grep -qF -- "$(printf '%s' "$option" | sed 's/-/\\-/g')" "$source/docs/cjm.1" || echo "$option"
done > "$dir/undocumented"
[ -s "$dir/undocumented" ] && { echo "FAIL docs/cjm.1 lacks:"; cat "$dir/undocumented"; failures=$((failures + 1)); }

echo "$failures failed"
[ "$failures" -eq 0 ]
