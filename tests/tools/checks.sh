# Shared by the tool's check scripts (sourced): a scratch directory removed
# on exit, a failure count, and the two checks every script makes.
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
