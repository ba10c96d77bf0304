#!/bin/sh
# cjm's outputs and arguments: an analysis that fails replaces neither of
# its outputs, a dangling symbolic link gets the file it names, and the
# usage errors a user can meet.
# Usage: check-outputs.sh CJM SOURCE_ROOT
set -u
cjm=$1 root=$2
map=$root/examples/retail/map.json events=$root/examples/retail/events.jsonl
. "$(dirname "$0")/checks.sh"
expect() { # NAME CONDITION...
    name=$1
    shift
    "$@" || { echo "FAIL $name"; failures=$((failures + 1)); }
}

# A picture that cannot be written: the report is not replaced either.
echo OLD > "$dir/rep.txt"
check analyze-picture-fails 3 "$cjm" analyze "$map" "$events" -o "$dir/rep.txt" --svg /dev/full
expect_err analyze-picture-fails "/dev/full: cannot write"
expect analyze-report-kept [ "$(cat "$dir/rep.txt")" = OLD ]
expect analyze-no-temporary [ "$(ls -A "$dir" | grep -c '^\.')" -eq 0 ]
check analyze-both 0 "$cjm" analyze "$map" "$events" -o "$dir/rep.txt" --svg "$dir/pic.svg"
expect analyze-report-written grep -q Funnel "$dir/rep.txt"

# The tool's outputs (-o) and the library's (--svg) come from one writer:
# each keeps the mode of the file it replaces, whatever the umask.
echo OLD > "$dir/mode.txt"
echo OLD > "$dir/mode.svg"
chmod 664 "$dir/mode.txt" "$dir/mode.svg"
check analyze-modes 0 sh -c 'umask 022 && exec "$@"' sh "$cjm" analyze "$map" "$events" \
    -o "$dir/mode.txt" --svg "$dir/mode.svg"
expect report-mode-kept [ "$(stat -c %a "$dir/mode.txt")" = 664 ]
expect picture-mode-kept [ "$(stat -c %a "$dir/mode.svg")" = 664 ]
expect modes-replaced grep -q Funnel "$dir/mode.txt"

# A dangling symbolic link: the file it names is created, the link stays.
ln -s newtarget.json "$dir/d.json"
check convert-dangling 0 "$cjm" convert "$map" "$dir/d.json"
expect convert-link-stays [ -L "$dir/d.json" ]
expect convert-target-made [ -f "$dir/newtarget.json" ]
ln -s loop.json "$dir/loop.json"
check convert-link-loop 1 "$cjm" convert "$map" "$dir/loop.json"
expect_err convert-link-loop "loop.json: cannot open for writing"

# Arguments a command cannot take.
check convert-three 2 "$cjm" convert "$map" "$dir/a.json" "$dir/b.json"
expect_err convert-three "convert: too many arguments: \"$dir/b.json\""
check validate-stdin-twice 2 "$cjm" validate - - </dev/null
expect_err validate-stdin-twice "standard input ('-') can be read only once"

# Long options by their whole names only.
for abbreviation in --customer --form --min-c --min-c=1; do
    check "abbreviated $abbreviation" 2 "$cjm" analyze "$map" "$events" "$abbreviation" x
    expect_err "abbreviated $abbreviation" "analyze: unknown option ${abbreviation%=1}"
done
check abbreviated-validate 2 "$cjm" validate --hel "$map"
expect_err abbreviated-validate "validate: unknown option --hel"
check whole-names 0 "$cjm" analyze "$map" "$events" --format=json --min-customers 1 --compact
check whole-names-compare 0 "$cjm" compare "$map" "$events" --customer c-00019

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all output checks passed"
