#!/bin/sh
# Installs the build into a temporary DESTDIR and builds a program against it
# exactly as a user would: cc prog.c $(pkg-config --cflags --libs cjm).
# Usage: check-install.sh BUILD_DIR PREFIX LIBDIR PROG_C [PROG_JSON_C [PROG_XML_C]]
# The programs built against cjm-json and cjm-xml are tried when those are
# installed.
set -eu
build=$1 prefix=$2 libdir=$3 prog=$4 prog_json=${5:-} prog_xml=${6:-}
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT
meson install -C "$build" --no-rebuild --quiet --destdir "$destdir" >/dev/null
readelf -d "$destdir$libdir/libcjm.so.1" | grep -q 'Library soname: \[libcjm.so.1\]'
export PKG_CONFIG_PATH="$destdir$libdir/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$destdir"
cd "$destdir"
cp "$prog" prog.c
cc prog.c $(pkg-config --cflags --libs cjm) -o prog
LD_LIBRARY_PATH="$destdir$libdir" ./prog
if [ -n "$prog_json" ] && [ -f "$destdir$libdir/pkgconfig/cjm-json.pc" ]; then
    cp "$prog_json" prog-json.c
    cc prog-json.c $(pkg-config --cflags --libs cjm-json) -o prog-json
    LD_LIBRARY_PATH="$destdir$libdir" ./prog-json | grep -q '"format":"cjm-journey"'
    echo "cjm-json works from the installed prefix"
fi
if [ -n "$prog_xml" ] && [ -f "$destdir$libdir/pkgconfig/cjm-xml.pc" ]; then
    cp "$prog_xml" prog-xml.c
    cc prog-xml.c $(pkg-config --cflags --libs cjm-xml) -o prog-xml
    schemadir=$(pkg-config --variable=schemadir cjm-xml)
    LD_LIBRARY_PATH="$destdir$libdir" ./prog-xml "$schemadir/journey.xsd" | grep -q 'urn:cjm:journey:1'
    echo "cjm-xml works from the installed prefix"
fi
