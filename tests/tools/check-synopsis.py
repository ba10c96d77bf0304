#!/usr/bin/env python3
"""The manual page's synopsis and docs/cli.md's agree, and the manual page
carries the version being built.

    check-synopsis.py SOURCE_DIR VERSION

Every option that docs/cli.md's synopsis gives a command (`--compact` for
analyze) is in the manual page's synopsis of that command, and the other
way round; the manual page's title line names `cjm VERSION`. Exit status 1
naming each difference.
"""
import os
import re
import sys

OPTION = re.compile(r"--[a-z][a-z-]*|(?<![\w-])-o\b")


def markdown_synopsis(text):
    """{command: set of options} from the first ```sh block."""
    block = re.search(r"```sh\n(.*?)```", text, flags=re.S).group(1)
    found, command = {}, None
    for line in block.splitlines():
        words = line.split()
        if words[:1] == ["cjm"] and len(words) > 1 and not words[1].startswith("-"):
            command = words[1] if words[1].isalpha() and words[1] not in ("COMMAND", "help") else None
        elif words[:1] == ["cjm"]:
            command = None
        if command:
            found.setdefault(command, set()).update(OPTION.findall(line))
    return found


def man_synopsis(text):
    """{command: set of options} from the .SH SYNOPSIS section."""
    section = re.search(r"^\.SH SYNOPSIS\n(.*?)^\.SH ", text, flags=re.S | re.M).group(1)
    found, command = {}, None
    for line in section.splitlines():
        plain = line.replace("\\-", "-")
        start = re.match(r"\.B cjm (\w+)$", plain)
        if start:
            command = start.group(1) if start.group(1) != "help" else None
        elif plain.startswith(".B cjm") or plain == ".br":
            command = None if plain != ".br" else command
        if command:
            found.setdefault(command, set()).update(OPTION.findall(plain))
    return found


def main():
    source, version = sys.argv[1], sys.argv[2]
    md = markdown_synopsis(open(os.path.join(source, "docs", "cli.md")).read())
    man_text = open(os.path.join(source, "docs", "cjm.1")).read()
    man = man_synopsis(man_text)
    problems = []
    for command in sorted(set(md) | set(man)):
        for option in sorted(md.get(command, set()) - man.get(command, set())):
            problems.append(f"cjm.1: the synopsis of {command} lacks {option} (cli.md has it)")
        for option in sorted(man.get(command, set()) - md.get(command, set())):
            problems.append(f"cli.md: the synopsis of {command} lacks {option} (cjm.1 has it)")
    title = re.search(r"^\.TH .*$", man_text, flags=re.M)
    if not title or f'"cjm {version}"' not in title.group(0):
        problems.append(f"cjm.1: the title line does not name cjm {version}")
    for p in problems:
        print(p)
    print(f"{len(md)} commands in cli.md, {len(man)} in cjm.1")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
