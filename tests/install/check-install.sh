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
# A consumer links what it uses: jansson and libxml2 are private to the
# modules (their headers include neither).
for pc in cjm cjm-json cjm-xml; do
    [ -f "$destdir$libdir/pkgconfig/$pc.pc" ] || continue
    libs=$(pkg-config --libs $pc)
    case " $libs " in
        *-ljansson*|*-lxml2*|*-lz\ *) echo "pkg-config --libs $pc gives its modules' dependencies: $libs"; exit 1 ;;
    esac
done
# The manual page and the reference are installed with the tool.
if [ -x "$destdir$prefix/bin/cjm" ]; then
    man=$destdir$prefix/share/man/man1/cjm.1
    [ -f "$man" ] || { echo "no manual page at $man"; exit 1; }
    for doc in cli.md formats.md analysis.md svg.md concepts.md; do
        [ -f "$destdir$prefix/share/doc/cjm/$doc" ] || { echo "$doc is not installed"; exit 1; }
    done
    LD_LIBRARY_PATH="$destdir$libdir" "$destdir$prefix/bin/cjm" --version | grep -q '^cjm '
    echo "the tool, its manual page and the reference are installed"
fi
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
