#!/bin/sh
# The Python package as a user gets it, offline:
# 1. cjm installed into a prefix (meson install), and the package into a
#    fresh virtual environment with plain `pip install` (the package builds
#    with its own backend: no setuptools, no wheel, no network), then used;
# 2. the package meson installed beside the libraries, which finds them
#    with no environment variable (its _config.py names their directory).
# Usage: check-installed.sh BUILD_DIR PREFIX LIBDIR PACKAGE_DIR PYTHON
set -eu
build=$1 prefix=$2 libdir=$3 package=$4 python=$5
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
meson install -C "$build" --no-rebuild --quiet --destdir "$work/root" >/dev/null
"$python" -m venv "$work/venv"
cp -r "$package" "$work/src"
rm -rf "$work/src/build" "$work/src/"*.egg-info
PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$work/venv/bin/python" -m pip install \
    --quiet "$work/src"
cd "$work"
CJM_LIBRARY="$work/root$libdir/libcjm.so.1" \
CJM_JSON_LIBRARY="$work/root$libdir/libcjm-json.so.1" \
LD_LIBRARY_PATH="$work/root$libdir" \
"$work/venv/bin/python" - <<'PY'
import cjm, os
assert "site-packages" in cjm.__file__, cjm.__file__
assert os.path.exists(os.path.join(os.path.dirname(cjm.__file__), "py.typed"))
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
# The package meson installed: its _config.py names the prefix's libdir.
config=$(find "$work/root" -path '*/cjm/_config.py' | head -n 1)
test -n "$config"
grep -q "^LIBDIR = \"$libdir\"$" "$config"
# It holds every file of the package.
(cd "$package/cjm" && ls *.py py.typed) | sort >"$work/want"
(cd "$(dirname "$config")" && ls *.py py.typed | grep -v '^_config.py$') | sort >"$work/got"
diff "$work/want" "$work/got"
# Moved with the libraries under one root, as if that were the prefix, it
# finds them with no environment variable at all.
site=$(dirname "$(dirname "$config")")
sed -i "s|^LIBDIR = .*|LIBDIR = '$work/root$libdir'|" "$config"
env -i PATH=/usr/bin:/bin PYTHONPATH="$site" PKG_CONFIG_PATH=/nonexistent \
    "$python" -c "import cjm; assert cjm.has_json; print('cjm', cjm.library_version, 'found by', cjm.__file__)"
