#!/bin/sh
# Runs fuzz targets for a while, each from its seeds and what earlier runs
# found, and prints executions per second and the corpus size.
#   tests/fuzz/run.sh BUILD SECONDS [TARGET...]
#   tests/fuzz/run.sh BUILD ci [TARGET...]
# "ci" runs each target for a fixed number of inputs from a fixed seed
# (the same inputs on every run, about half a minute each), so that a
# check of a change does not depend on luck or on the machine's speed.
# BUILD is a build made with -Dfuzzing=true (docs/testing.md). A crash
# leaves its input in BUILD/fuzz/crashes and fails the run; a crash input
# belongs in tests/fuzz/regressions/TARGET once the bug is fixed.
set -eu
build=${1:?usage: run.sh BUILD SECONDS [TARGET...]}
seconds=${2:?usage: run.sh BUILD SECONDS [TARGET...]}
shift 2
src=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
    set -- $(cd "$src/seeds" && ls)
fi
status=0
for target in "$@"; do
    exe=$build/tests/fuzz/fuzz-$target
    corpus=$build/fuzz/corpus/$target
    crashes=$build/fuzz/crashes
    mkdir -p "$corpus" "$crashes"
    dict=
    case $target in
        xml-journey|xes-events|differential) dict=-dict=$src/xml.dict ;;
        json-journey|jsonl-events|jsonl-paths|roundtrip) dict=-dict=$src/json.dict ;;
    esac
    extra=
    [ -d "$src/regressions/$target" ] && extra=$src/regressions/$target
    log=$build/fuzz/$target.log
    if [ "$seconds" = ci ]; then
        case $target in
            roundtrip) budget=-runs=1500 ;;
            jsonl-events) budget=-runs=8000 ;;
            jsonl-paths) budget=-runs=30000 ;;
            xes-events) budget=-runs=100000 ;;
            xml-journey) budget=-runs=150000 ;;
            analysis-state) budget=-runs=200000 ;;
            *) budget=-runs=300000 ;;
        esac
        budget="$budget -seed=1"
    else
        budget=-max_total_time=$seconds
    fi
    if "$exe" $dict $budget -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/$target-" \
            "$corpus" "$src/seeds/$target" $extra > "$log" 2>&1; then
        result=ok
    else
        result=FAILED
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    files=$(ls "$corpus" | wc -l)
    size=$(du -sk "$corpus" | cut -f1)
    echo "fuzz-$target: $result, ${runs:-?} runs, ${rate:-?} exec/s, corpus $files files ($size KiB)"
    [ $result = ok ] || tail -n 40 "$log"
done
exit $status
