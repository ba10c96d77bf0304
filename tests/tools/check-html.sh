#!/bin/sh
# cjm analyze --html: the examples' pages well-formed and self-contained
# (check-html.py, with each run's report), under 2 MB each, written with
# the report in one run, and the option's usage errors.
# Usage: check-html.sh CJM SOURCE_DIR HAVE_XML(yes|no) PYTHON
set -u
cjm=$1 source=$2 have_xml=$3 python=$4
. "$source/tests/tools/checks.sh"
page() { # NAME MAP EVENTS [OPTIONS...]
    page=$1 map=$2 events=$3
    shift 3
    check "$page page" 0 "$cjm" analyze "$map" "$events" --format json -o "$dir/$page.json" \
        --html "$dir/$page.html" "$@"
    set -- "$page"
    "$python" "$source/tests/tools/check-html.py" "$dir/$1.html" "$dir/$1.json" ||
        failures=$((failures + 1))
    size=$(wc -c <"$dir/$1.html")
    echo "$1: page of $size bytes"
    [ "$size" -lt 2000000 ] || { echo "FAIL $1: the page is $size bytes"; failures=$((failures + 1)); }
}
page retail "$source/examples/retail/map.json" "$source/examples/retail/events.jsonl"
page retail-weeks "$source/examples/retail/map.json" "$source/examples/retail/events.jsonl" \
    --breakdown @week
page onboarding "$source/examples/onboarding/map.json" "$source/examples/onboarding/events.jsonl"
[ "$have_xml" = yes ] &&
    page helpdesk "$source/examples/helpdesk/map.xml" "$source/examples/helpdesk/events.xes.gz"

# Each red point's command, run as the page gives it, lists its customers.
sed -n 's|.*<td><code>cjm customers \([^<]*\)</code></td>.*|\1|p' "$dir/retail.html" |
    sed "s/&#39;/'/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&amp;/\\&/g" >"$dir/commands"
[ -s "$dir/commands" ] || { echo "FAIL the retail page gives no cjm customers command"; failures=$((failures + 1)); }
while read -r arguments; do
    eval "set -- $arguments"
    "$cjm" customers "$@" >"$dir/listed" 2>"$dir/err" && [ -s "$dir/listed" ] ||
        { echo "FAIL cjm customers $arguments listed nobody"; cat "$dir/err"; failures=$((failures + 1)); }
done <"$dir/commands"
echo "retail: $(wc -l <"$dir/commands") commands run, each listed its customers"

retail="$source/examples/retail"
check "html to standard output" 0 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" \
    --html - -o "$dir/report.txt"
grep -q '^<!DOCTYPE html>' "$dir/out" || { echo "FAIL --html - wrote no page"; failures=$((failures + 1)); }
check "render --html" 2 "$cjm" render "$retail/map.json" --html "$dir/x.html"
expect_err "render --html" "render: --html is an option of analyze"
check "html and report one file" 2 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" \
    -o "$dir/same" --html "$dir/same"
expect_err "html and report one file" "the page and the report would be the same file"
check "html and picture one file" 2 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" \
    -o "$dir/r.txt" --svg "$dir/same" --html "$dir/same"
expect_err "html and picture one file" "the page and the picture would be the same file"
[ ! -e "$dir/same" ] || { echo "FAIL a refused run wrote a file"; failures=$((failures + 1)); }
# The same new file under other names: ./same, sub/../same, a dangling link.
mkdir -p "$dir/sub"
ln -s "$dir/same" "$dir/same-link"
for alias in "$dir/./same" "$dir/sub/../same" "$dir/same-link"; do
    check "one new file as $alias" 2 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" \
        -o "$dir/same" --html "$alias"
    expect_err "one new file as $alias" "the page and the report would be the same file"
    check "one new picture as $alias" 2 "$cjm" analyze "$retail/map.json" \
        "$retail/events.jsonl" -o "$alias" --svg "$dir/same"
    expect_err "one new picture as $alias" "the report and the picture would be the same file"
done
[ ! -e "$dir/same" ] || { echo "FAIL a refused run wrote a file"; failures=$((failures + 1)); }
check "html unwritable" 1 "$cjm" analyze "$retail/map.json" "$retail/events.jsonl" \
    -o "$dir/r2.txt" --html "$dir/no/such/dir/page.html"
[ ! -e "$dir/r2.txt" ] || { echo "FAIL the report was written though the page could not be"; failures=$((failures + 1)); }
# An events file whose name starts with '-' is given to the page's
# command as ./-NAME, never read as an option when pasted.
cp "$retail/events.jsonl" "$dir/-o.jsonl"
cp "$retail/map.json" "$dir/dash-map.json"
tool=$(cd "$(dirname "$cjm")" && pwd)/$(basename "$cjm")
(cd "$dir" && "$tool" analyze --html dash.html dash-map.json -- -o.jsonl >/dev/null) ||
    { echo "FAIL analyze of -o.jsonl"; failures=$((failures + 1)); }
grep -q "cjm customers dash-map.json ./-o.jsonl " "$dir/dash.html" ||
    { echo "FAIL the page's command reads -o.jsonl as an option"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ]
