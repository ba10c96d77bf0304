#!/bin/sh
# Compares the library's ABI with the baseline kept in the repository.
# Usage: check-abi.sh BASELINE LIBRARY HEADERS_DIR
# Any change fails, additions included: a deliberate addition is recorded
# by regenerating the baseline (ninja -C build abi-baseline) in the same
# change. Exit 77 (skipped) when abidiff is not installed.
set -u
baseline=$1 library=$2 headers=$3
command -v abidiff >/dev/null 2>&1 || { echo "abidiff not installed: skipped"; exit 77; }
abidiff --no-added-syms --headers-dir2 "$headers" "$baseline" "$library"
status=$?
[ $status -eq 0 ] && { echo "ABI unchanged against $baseline"; exit 0; }
abidiff --headers-dir2 "$headers" "$baseline" "$library"
echo "ABI differs from the baseline (abidiff status $status)"
exit 1
