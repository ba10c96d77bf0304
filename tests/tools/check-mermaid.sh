#!/bin/sh
# cjm's Mermaid diagrams, read by Mermaid's own parser: names that look
# like Mermaid's syntax keep their place and their text. Needs node and the
# npm package mermaid: in the directory $CJM_MERMAID_MODULES (which holds
# node_modules/mermaid), or installed globally. Without them the test is
# skipped (exit status 77) and says why.
# Usage: check-mermaid.sh CJM SOURCE_DIR
set -u
cjm=$1 source=$2
skip() { echo "SKIP: $*"; exit 77; }
command -v node >/dev/null 2>&1 || skip "node is not installed"
modules=
for candidate in "${CJM_MERMAID_MODULES:-}" "$(npm root -g 2>/dev/null)/.."; do
    if [ -n "$candidate" ] && [ -f "$candidate/node_modules/mermaid/package.json" ]; then
        modules=$candidate
        break
    fi
done
[ -n "$modules" ] || skip "the npm package mermaid was not found (npm install mermaid in a directory, and set CJM_MERMAID_MODULES to it)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Bare imports resolve from the script's directory: put it beside mermaid's.
ln -s "$(cd "$modules" && pwd)/node_modules" "$dir/node_modules"
cp "$source/tests/tools/check-mermaid.mjs" "$source/tests/tools/mermaid-load.mjs" "$dir/"
failures=0
check() { # JOURNEY.json DIAGRAM
    "$cjm" convert "$1" "$2" || { echo "FAIL cjm convert $1 $2"; failures=$((failures + 1)); return; }
    node "$dir/check-mermaid.mjs" "$2" "$1" || failures=$((failures + 1))
}
# Names that are Mermaid's statements, comments, separators and markup.
cat > "$dir/hostile.json" <<'JSON'
{"format":"cjm-journey","version":1,"journey":{"id":"h","name":"Title: <b>the</b> map; #1 & 50% %%{init}%%",
 "stages":[
  {"id":"s1","name":"section two: #3; 100%","touchpoints":[
   {"id":"t1","name":"title Overrides the diagram","channel":"web","owner":"R&D, ops: #2"},
   {"id":"t2","name":"section Steals a stage","channel":"Phone"},
   {"id":"t3","name":"%% a comment, or not","channel":"email","owner":"%%{init: {}}%%"},
   {"id":"t4","name":"Journey planner","channel":"web"},
   {"id":"t5","name":"accTitle: x","channel":"web"},
   {"id":"t6","name":"accDescr { y }","channel":"web"},
   {"id":"t7","name":"A: b; #c </svg> &amp;","channel":"chat","owner":"a,b,,c"},
   {"id":"t8","name":"Line\nbreak\tand tab","channel":"sms"},
   {"id":"t9","name":"SECTION upper case","channel":"web"},
   {"id":"t10","name":"Préférences ✓ #35;","channel":"web"}]},
  {"id":"s2","name":"journey","touchpoints":[{"id":"u","name":"x","channel":"web"}]},
  {"id":"s3","name":"title","touchpoints":[]}]}}
JSON
check "$dir/hostile.json" "$dir/hostile.mmd"
check "$dir/hostile.json" "$dir/hostile.md"
for example in retail onboarding; do
    check "$source/examples/$example/map.json" "$dir/$example.mmd"
done
# The flow: touchpoint ids that are Mermaid's syntax, arrows, keywords and
# markup, repeated visits (a = b), as cjm render --flow writes them.
cp "$source/tests/tools/check-mermaid-flow.mjs" "$dir/"
cat > "$dir/flow.jsonl" <<'JSONL'
{"customer":"a","at":"2026-03-01T10:00:00Z","touchpoint":"t1"}
{"customer":"a","at":"2026-03-01T10:01:00Z","touchpoint":"x\"];end","channel":"web"}
{"customer":"a","at":"2026-03-01T10:02:00Z","touchpoint":"x\"];end","channel":"web"}
{"customer":"a","at":"2026-03-01T11:00:00Z","touchpoint":"a-->|b|c<br>#35;&amp;","channel":"web"}
{"customer":"b","at":"2026-03-01T10:00:00Z","touchpoint":"t1"}
{"customer":"b","at":"2026-03-01T10:05:00Z","touchpoint":"end","channel":"web"}
{"customer":"b","at":"2026-03-01T10:06:00Z","touchpoint":"%%{init}%% `md`","channel":"web"}
JSONL
flow() { # MAP EVENTS DIAGRAM
    "$cjm" analyze "$1" "$2" --format json -o "$dir/flow.json" &&
        "$cjm" render --flow "$1" "$2" -o "$3" ||
        { echo "FAIL cjm render --flow $2 $3"; failures=$((failures + 1)); return; }
    node "$dir/check-mermaid-flow.mjs" "$3" "$dir/flow.json" || failures=$((failures + 1))
}
flow "$dir/hostile.json" "$dir/flow.jsonl" "$dir/flow.mmd"
flow "$dir/hostile.json" "$dir/flow.jsonl" "$dir/flow.md"
flow "$source/examples/retail/map.json" "$source/examples/retail/events.jsonl" "$dir/retail-flow.mmd"
echo "$failures failed"
[ "$failures" -eq 0 ]
