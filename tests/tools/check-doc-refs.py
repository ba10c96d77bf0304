#!/usr/bin/env python3
"""Every file the docs, the public headers and the manual page mention
must be in the repository (or be installed from it): no pointer to a
document the reader does not have.

    check-doc-refs.py SOURCE_DIR

Checked: Markdown links to local files; names of Markdown documents
(`formats.md`), which must be the file's neighbour, a document in docs/
or at the top; and paths under the repository's own directories
(`tests/data/xes`, `examples/*/map.svg`). Paths under a build directory
or a variable (`build/...`, `$datadir/...`) are made by building or
installing, and are left alone. Exit status 1 on a dangling mention.
"""
import glob
import os
import re
import sys

TOP_DIRS = ("abi", "bench", "bindings", "data", "docs", "examples", "include", "lib",
            "pkgconfig", "tests", "tools")
OUTSIDE = re.compile(r"\.\./shared|shared/(spec|data)|/work/")
LINK = re.compile(r"\]\(([^)\s]+)\)")
DOC = re.compile(r"(?<![\w/.$-])([\w-]+\.md)\b")
PATH = re.compile(r"(?<![\w/.$-])((?:%s)/[\w./*-]*[\w*])" % "|".join(TOP_DIRS))


def files(source):
    found = glob.glob(os.path.join(source, "docs", "*.md"))
    found += [os.path.join(source, "docs", "cjm.1"), os.path.join(source, "README.md")]
    found += glob.glob(os.path.join(source, "include", "cjm", "*.h*"))
    found += glob.glob(os.path.join(source, "examples", "README.md"))
    return sorted(found)


def exists(source, path):
    return bool(glob.glob(os.path.join(source, path)))


def main():
    source = sys.argv[1]
    problems = []
    for name in files(source):
        here = os.path.dirname(name)
        rel = os.path.relpath(name, source)
        text = open(name, encoding="utf-8").read().replace("\\-", "-").replace("\\&", "")
        example = False  # in a block of commands a user types (a fence, .nf)
        for number, line in enumerate(text.splitlines(), 1):
            where = "%s:%d" % (rel, number)
            if line.startswith("```") or line.startswith((".nf", ".fi")):
                example = line.startswith((".nf", "```")) and not example
                continue
            # Names in examples and in code spans are the user's files
            # (`cjm convert map.json map.md`); paths of the repository are
            # still checked there.
            prose = "" if example else re.sub(r"`[^`]*`", "", line)
            if OUTSIDE.search(line):
                problems.append("%s: points outside the repository: %s" % (where, line.strip()))
            for target in LINK.findall(prose) if name.endswith(".md") else []:
                if re.match(r"[a-z]+:|#", target):
                    continue
                path = os.path.normpath(os.path.join(here, target.split("#")[0]))
                if not os.path.exists(path):
                    problems.append("%s: link to a missing file: %s" % (where, target))
            for doc in DOC.findall(prose):
                if not any(os.path.exists(os.path.join(d, doc))
                           for d in (here, source, os.path.join(source, "docs"))):
                    problems.append("%s: no such document: %s" % (where, doc))
            for path in PATH.findall(line):
                if re.search(r"/[A-Z]+(/|$)", path):
                    continue  # a placeholder: tests/fuzz/regressions/TARGET
                if not exists(source, path.rstrip(".")):
                    problems.append("%s: no such file in the repository: %s" % (where, path))
    for p in problems:
        print("check-doc-refs: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
