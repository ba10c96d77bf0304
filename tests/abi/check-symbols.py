#!/usr/bin/env python3
"""The exported symbols, the version script and the headers agree.

Usage: check-symbols.py LIBRARY MAPFILE HEADER...

Every symbol the library exports must start with cjm_, be listed in the map
file and be declared with CJM_EXPORT in a header; every map entry must be
exported; every declared function must be in the map. The library's version
(its file name, libcjm.so.MAJOR.MINOR.PATCH) is at least its newest version
node (CJM_1.1 needs 1.1.0), and its SONAME stays libcjm.so.MAJOR. Exit 1
naming each disagreement.
"""
import re
import subprocess
import sys


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library],
                         check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWiDdBbRr":
            names.add(parts[2].split("@")[0])
    # The version node itself shows up as an absolute symbol.
    return {n for n in names if not re.fullmatch(r"CJM[A-Z_]*_\d+\.\d+", n)}


def mapped(mapfile):
    text = re.sub(r"/\*.*?\*/", "", open(mapfile).read(), flags=re.S)
    names = set()
    for body in re.findall(r"\{(.*?)\}", text, flags=re.S):
        glob = body.split("local:")[0].replace("global:", "")
        names |= {n.strip() for n in glob.split(";") if n.strip()}
    return names


def declared(headers):
    names = set()
    for header in headers:
        text = open(header).read()
        names |= set(re.findall(r"CJM_EXPORT\b[^;{]*?\b(cjm_\w+)\s*\(", text, flags=re.S))
    return names


def versions(library, mapfile):
    """Problems with the library's version against its map and SONAME."""
    name = library.rsplit("/", 1)[-1]
    match = re.fullmatch(r"(lib[\w-]+\.so)\.(\d+)\.(\d+)\.(\d+)", name)
    if not match:
        return [f"{name}: not named lib...so.MAJOR.MINOR.PATCH"]
    base, major, minor = match.group(1), int(match.group(2)), int(match.group(3))
    text = re.sub(r"/\*.*?\*/", "", open(mapfile).read(), flags=re.S)
    nodes = [(int(a), int(b)) for a, b in re.findall(r"^CJM[A-Z_]*_(\d+)\.(\d+)\s*\{", text, flags=re.M)]
    problems = []
    if nodes and max(nodes) > (major, minor):
        problems.append(f"{name}: exports the node of version {max(nodes)[0]}.{max(nodes)[1]} "
                        f"but is version {major}.{minor}")
    out = subprocess.run(["objdump", "-p", library], check=True, capture_output=True,
                         text=True).stdout
    soname = re.search(r"^\s*SONAME\s+(\S+)", out, flags=re.M)
    if not soname or soname.group(1) != f"{base}.{major}":
        problems.append(f"{name}: SONAME {soname.group(1) if soname else 'missing'}, "
                        f"not {base}.{major}")
    return problems


def main():
    library, mapfile, headers = sys.argv[1], sys.argv[2], sys.argv[3:]
    exp, mp, dec = exported(library), mapped(mapfile), declared(headers)
    problems = []
    problems += [f"exported without the cjm_ prefix: {n}" for n in sorted(exp) if not n.startswith("cjm_")]
    problems += [f"exported but not in the map: {n}" for n in sorted(exp - mp)]
    problems += [f"in the map but not exported: {n}" for n in sorted(mp - exp)]
    problems += [f"in the map but declared in no header: {n}" for n in sorted(mp - dec)]
    problems += [f"declared but not in the map: {n}" for n in sorted(dec - mp)]
    problems += versions(library, mapfile)
    for p in problems:
        print(p)
    print(f"{len(exp)} exported, {len(mp)} mapped, {len(dec)} declared")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
