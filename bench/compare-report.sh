#!/bin/sh
# The report's time of two builds of cjm on the same generated events, in
# turns, best of N each, and their ratio: what a change costs, measured in
# one run on one machine (a loaded machine slows both alike; the best of
# several runs drops the worst of the noise). Also each build's peak
# memory per event held (the smallest of its runs).
#
#   bench/compare-report.sh OLD_BUILD NEW_BUILD [EVENTS] [RUNS]
#
# OLD_BUILD and NEW_BUILD are build directories holding
# bench/cjm-bench-bulk (default 10000000 events, 5 runs each).
set -eu
old=$1/bench/cjm-bench-bulk new=$2/bench/cjm-bench-bulk
events=${3:-10000000} runs=${4:-5}
best() { # the smallest of the numbers on standard input
    sort -g | head -1
}
run() { # BENCH: the report's seconds and the peak bytes per event
    "$1" "$events" | sed -n 's/.*| report *\([0-9.]*\) s.*| peak *\([0-9.]*\) bytes.*/\1 \2/p' |
        head -1
}
: > "${TMPDIR:-/tmp}/cjm-compare-old.$$"
: > "${TMPDIR:-/tmp}/cjm-compare-new.$$"
trap 'rm -f "${TMPDIR:-/tmp}/cjm-compare-old.$$" "${TMPDIR:-/tmp}/cjm-compare-new.$$"' EXIT
i=0
while [ "$i" -lt "$runs" ]; do
    run "$old" >> "${TMPDIR:-/tmp}/cjm-compare-old.$$"
    run "$new" >> "${TMPDIR:-/tmp}/cjm-compare-new.$$"
    i=$((i + 1))
done
a=$(cut -d' ' -f1 "${TMPDIR:-/tmp}/cjm-compare-old.$$" | best)
b=$(cut -d' ' -f1 "${TMPDIR:-/tmp}/cjm-compare-new.$$" | best)
pa=$(cut -d' ' -f2 "${TMPDIR:-/tmp}/cjm-compare-old.$$" | best)
pb=$(cut -d' ' -f2 "${TMPDIR:-/tmp}/cjm-compare-new.$$" | best)
awk -v a="$a" -v b="$b" -v pa="$pa" -v pb="$pb" -v n="$events" -v r="$runs" 'BEGIN {
    printf "%d events, best of %d: report %.3f s before, %.3f s after, ratio %.3f;", n, r, a, b, b / a
    printf " peak %.1f bytes/event before, %.1f after\n", pa, pb }'
