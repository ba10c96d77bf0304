#!/bin/sh
# Writes the seed corpora of the fuzz targets into tests/fuzz/seeds from
# the examples and the test data. Run from the source tree with a build
# that has the cjm tool and fuzz-seed-state (any build type):
#   tests/fuzz/make-seeds.sh BUILD
set -eu
build=${1:?usage: make-seeds.sh BUILD}
src=$(cd "$(dirname "$0")/../.." && pwd)
seeds=$src/tests/fuzz/seeds
cjm=$build/tools/cjm/cjm
rm -rf "$seeds"
mkdir -p "$seeds"/json-journey "$seeds"/xml-journey "$seeds"/jsonl-events "$seeds"/jsonl-paths \
         "$seeds"/xes-events "$seeds"/roundtrip "$seeds"/differential "$seeds"/analysis-state

# A byte before the input: the targets that take one read it as a choice.
prefixed() { printf "\\$(printf %03o "$1")"; cat "$2"; }

# An example's map is named after its folder: retail-map.json ...
seed_name() { echo "$(basename "$(dirname "$1")")-$(basename "$1")"; }
for f in "$src"/tests/fuzz/inputs/*.json "$src"/examples/*/map.json; do
    name=$(seed_name "$f")
    cp "$f" "$seeds/json-journey/$name"
    "$cjm" convert "$f" "$seeds/xml-journey/${name%.json}-converted.xml" --drop-extensions
done
for f in "$src"/tests/fuzz/inputs/*.xml "$src"/examples/*/map.xml; do
    cp "$f" "$seeds/xml-journey/$(seed_name "$f")"
done

head -n 40 "$src"/examples/retail/events.jsonl > "$seeds"/jsonl-events/retail-head.jsonl
cp "$src"/tests/fuzz/inputs/*.jsonl "$seeds"/jsonl-events/
# The two paths of the event reader: the same lines, and the common line
# shape with its near misses (inputs/paths).
cp "$seeds"/jsonl-events/*.jsonl "$seeds"/jsonl-paths/
for f in "$src"/tests/fuzz/inputs/paths/*.jsonl; do
    cp "$f" "$seeds/jsonl-paths/paths-$(basename "$f")"
done

for f in "$seeds"/jsonl-events/*.jsonl; do
    b=$(basename "$f" .jsonl)
    prefixed 0 "$f" > "$seeds/roundtrip/jsonl-$b"
    prefixed 1 "$f" > "$seeds/roundtrip/xes-$b"
    "$cjm" convert "$f" "$seeds/xes-events/$b.xes" --lenient --drop-extensions 2>/dev/null
done
for f in "$seeds"/xes-events/*.xes; do
    prefixed 0 "$f" > "$f.in" && rm "$f"
done
prefixed 0 "$src"/tests/data/xes/running-example.xes > "$seeds"/xes-events/running-example
prefixed 0 "$src"/tests/fuzz/inputs/attributes.xes > "$seeds"/xes-events/attributes-trace-and-event
prefixed 13 "$src"/tests/data/xes/running-example.xes > "$seeds"/xes-events/running-example-options
gzip -9 -n -c "$src"/tests/data/xes/running-example.xes > "$seeds"/running.gz
prefixed 0 "$seeds"/running.gz > "$seeds"/xes-events/running-example-gz && rm "$seeds"/running.gz
for f in "$src"/tests/data/xes/importer-cases/*.xes; do
    prefixed 2 "$f" > "$seeds/xes-events/importer-$(basename "$f" .xes)"
done

for f in "$seeds"/json-journey/*; do prefixed 0 "$f" > "$seeds/differential/json-$(basename "$f")"; done
for f in "$seeds"/xml-journey/*; do prefixed 1 "$f" > "$seeds/differential/xml-$(basename "$f")"; done

"$build"/tests/fuzz/fuzz-seed-state "$seeds"/analysis-state
