#!/usr/bin/env python3
"""Checks a page written by cjm analyze --html.

    check-html.py PAGE [REPORT.json]

The page must parse as well-formed HTML (every element closed in order,
ids unique), name no address outside itself (no http:, no //, no src=, no
href but to its own sections, no @import or url() in its style), give
every picture a role and a title, and hold each section with its heading
and the sentence saying how to read it. With the report of the same run,
it must list one red point per gap, in order. Exit status 1 on a failure.
"""
import html.parser
import json
import re
import sys

SECTIONS = ["map", "funnel", "emotion", "segments", "channels", "time", "paths", "exits",
            "red-points"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
REFERENCES = {"src", "srcset", "action", "formaction", "poster", "data", "background",
              "xlink:href", "ping", "cite", "longdesc", "manifest"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.problems = [], set(), []
        self.sections, self.how, self.svgs, self.rows = [], [], [], []
        self.style = ""
        self.svg_titles = 0

    def where(self):
        return "line %d" % self.getpos()[0]

    def attributes(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name in REFERENCES:
                self.problems.append("%s: <%s %s=...> refers outside" % (self.where(), tag, name))
            if name == "href" and not value.startswith("#"):
                self.problems.append("%s: a link outside the page: %r" % (self.where(), value))
            if name == "style" and re.search(r"url\(|@import", value):
                self.problems.append("%s: a style attribute with url() or @import" % self.where())
            if name == "id":
                if value in self.ids:
                    self.problems.append("%s: id %r twice" % (self.where(), value))
                self.ids.add(value)
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "p" and a.get("class") == "how":
            self.how.append(self.sections[-1] if self.sections else None)
        if tag == "svg":
            self.svgs.append(a)
            if a.get("role") != "img":
                self.problems.append("%s: a picture without role=\"img\"" % self.where())
        if tag == "tr" and (a.get("id") or "").startswith("red-point-"):
            self.rows.append(a.get("data-kind"))

    def handle_starttag(self, tag, attrs):
        self.attributes(tag, attrs)
        if tag == "title" and self.stack and self.stack[-1] == "svg":
            self.svg_titles += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.attributes(tag, attrs)
        if tag not in VOID and "svg" not in self.stack:
            self.problems.append("%s: <%s/> closes itself outside a picture" % (self.where(), tag))

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append("%s: </%s> closes a void element" % (self.where(), tag))
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append("%s: </%s> closes <%s>" % (self.where(), tag,
                                                             self.stack[-1] if self.stack else ""))
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.style += data


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    report = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None
    page = Page()
    page.feed(text)
    page.close()
    problems = page.problems
    if page.stack:
        problems.append("left open at the end: %r" % page.stack)
    if not text.startswith("<!DOCTYPE html>"):
        problems.append("no <!DOCTYPE html>")
    for needle in ("http:", "https:", "//"):
        if needle in text:
            problems.append("the page holds %r" % needle)
    if re.search(r"@import|url\(|@font-face", page.style):
        problems.append("the style sheet loads something")
    if page.sections != SECTIONS:
        problems.append("sections %r, expected %r" % (page.sections, SECTIONS))
    if page.how != SECTIONS:
        problems.append("sentences saying how to read: %r" % page.how)
    if page.svg_titles != len(page.svgs):
        problems.append("%d pictures, %d with a title" % (len(page.svgs), page.svg_titles))
    if report is not None:
        kinds = [g["kind"] for g in report["gaps"]]
        if page.rows != kinds:
            problems.append("red points %r, report gaps %r" % (page.rows, kinds))
    for p in problems:
        print("FAIL %s: %s" % (sys.argv[1], p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
