#!/bin/sh
# The Python package as a user gets it: cjm installed into a prefix
# (meson install), the package into a fresh virtual environment with
# `pip install --no-build-isolation` (offline), then used from there.
# Usage: check-installed.sh BUILD_DIR PREFIX LIBDIR PACKAGE_DIR PYTHON
set -eu
build=$1 prefix=$2 libdir=$3 package=$4 python=$5
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
meson install -C "$build" --no-rebuild --quiet --destdir "$work/root" >/dev/null
"$python" -m venv --system-site-packages "$work/venv"
cp -r "$package" "$work/src"
"$work/venv/bin/python" -m pip install --quiet --no-build-isolation --no-index \
    --no-deps "$work/src"
cd "$work"
CJM_LIBRARY="$work/root$libdir/libcjm.so.1" \
CJM_JSON_LIBRARY="$work/root$libdir/libcjm-json.so.1" \
LD_LIBRARY_PATH="$work/root$libdir" \
"$work/venv/bin/python" - <<'PY'
import cjm, os
assert os.path.dirname(cjm.__file__).startswith(os.path.realpath(os.environ["PWD"])) or \
    "site-packages" in cjm.__file__, cjm.__file__
j = cjm.Journey("j", "J")
j.add_stage("s", "S").add_touchpoint("t", "T", "web")
a = cjm.Analysis(j, min_customers=1)
a.add_columns(["x", "y"], [1, 2], ["t", "t"])
r = a.report()
assert r.customers == 2 and r.completed == 2, r
assert cjm.has_json and cjm.Journey.from_json(j.to_json()) == j
print("cjm", cjm.library_version, "works from", cjm.__file__)
PY
# Without the library, the import fails saying what it tried (unless a cjm
# is installed system-wide, where it is found and nothing is to be checked).
if ! CJM_LIBRARY=/nonexistent/libcjm.so.1 LD_LIBRARY_PATH= PKG_CONFIG_PATH=/nonexistent \
    "$work/venv/bin/python" -c "import cjm" 2>"$work/err"; then
    grep -q "cannot load libcjm.so.1; tried:" "$work/err"
    grep -q "/nonexistent/libcjm.so.1 (\$CJM_LIBRARY)" "$work/err"
fi
