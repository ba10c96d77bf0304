#!/usr/bin/env python3
"""The exported symbols, the version script and the headers agree.

Usage: check-symbols.py LIBRARY MAPFILE HEADER...

Every symbol the library exports must start with cjm_, be listed in the map
file and be declared with CJM_EXPORT in a header; every map entry must be
exported; every declared function must be in the map. Exit 1 naming each
disagreement.
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


def main():
    library, mapfile, headers = sys.argv[1], sys.argv[2], sys.argv[3:]
    exp, mp, dec = exported(library), mapped(mapfile), declared(headers)
    problems = []
    problems += [f"exported without the cjm_ prefix: {n}" for n in sorted(exp) if not n.startswith("cjm_")]
    problems += [f"exported but not in the map: {n}" for n in sorted(exp - mp)]
    problems += [f"in the map but not exported: {n}" for n in sorted(mp - exp)]
    problems += [f"in the map but declared in no header: {n}" for n in sorted(mp - dec)]
    problems += [f"declared but not in the map: {n}" for n in sorted(dec - mp)]
    for p in problems:
        print(p)
    print(f"{len(exp)} exported, {len(mp)} mapped, {len(dec)} declared")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
