#!/usr/bin/env python3
"""Checks a picture drawn by cjm render against the report of the same run.

    check-svg.py PICTURE MAP.json [REPORT.json]

The picture must parse as XML and hold one column per stage of the map,
one lane per channel (each channel once, each lane with its touchpoints),
the emotion curve, and one red marker per gap: the report's gaps, or
without a report as many as the legend lists; the map's research, a
diamond, overlaps no point of the curve, no gap marker and no other
diamond. Exit status 1 on a failure.
"""
import json
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def groups(root, cls):
    return [g for g in root.iter(SVG + "g") if g.get("class") == cls]


def main():
    picture, map_path = sys.argv[1], sys.argv[2]
    report = json.load(open(sys.argv[3])) if len(sys.argv) > 3 else None
    journey = json.load(open(map_path))["journey"]
    root = ET.parse(picture).getroot()
    problems = []

    stages = [g.get("data-stage") for g in groups(root, "stage")]
    if stages != [s["id"] for s in journey["stages"]]:
        problems.append("columns %r are not the stages of the map" % stages)

    lanes = groups(root, "lane")
    channels = [lane.get("data-channel") for lane in lanes]
    if len(set(channels)) != len(channels):
        problems.append("a channel has more than one lane: %r" % channels)
    want = {t["channel"].lower() for s in journey["stages"] for t in s["touchpoints"]}
    if report:
        gap_touchpoints = {g["touchpoint"] for g in report["gaps"] if g["touchpoint"]}
        want |= {t["channel"] for t in report["touchpoints"]
                 if not t["planned"] and t["id"] in gap_touchpoints}
    if set(channels) != want:
        problems.append("lanes %r, channels %r" % (sorted(channels), sorted(want)))
    for lane in lanes:
        if not groups(lane, "touchpoint"):
            problems.append("lane %s has no touchpoint" % lane.get("data-channel"))

    curves = [p for p in root.iter(SVG + "path") if p.get("class") == "curve"]
    if len(curves) != 1 or not curves[0].get("d", "").startswith("M"):
        problems.append("no emotion curve")

    markers = groups(root, "gap")
    legend = groups(root, "legend-item")
    wanted = len(report["gaps"]) if report else len(legend)
    if len(markers) != wanted or len(legend) != wanted:
        problems.append("%d markers and %d legend lines for %d gaps"
                        % (len(markers), len(legend), wanted))
    if report:
        for marker, gap in zip(markers, report["gaps"]):
            title = marker.find(SVG + "title").text
            if not title.endswith(gap["message"]) or marker.get("data-kind") != gap["kind"]:
                problems.append("marker %r is not gap %r" % (title, gap["message"]))
    for circle in (g.find(SVG + "circle") for g in markers):
        if circle is None or circle.get("fill") != "#d32f2f":
            problems.append("a marker is not a red circle")
            break

    # Boxes (left, top, right, bottom) of the research diamonds, the
    # curve's points and the gap markers.
    def circle_box(c):
        x, y, r = (float(c.get(k)) for k in ("cx", "cy", "r"))
        return (x - r, y - r, x + r, y + r)

    diamonds = []
    for g in groups(root, "research"):
        numbers = [float(n) for n in g.find(SVG + "path").get("d").strip("MZ").replace("L", " ")
                   .split()]
        xs, ys = numbers[0::2], numbers[1::2]
        diamonds.append((min(xs), min(ys), max(xs), max(ys)))
    others = [circle_box(c) for c in root.iter(SVG + "circle") if c.get("class") == "mood"]
    others += [circle_box(g.find(SVG + "circle")) for g in markers
               if g.find(SVG + "circle") is not None]

    def apart(a, b):
        return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]

    for i, d in enumerate(diamonds):
        for other in others + diamonds[i + 1:]:
            if not apart(d, other):
                problems.append("a research diamond %r overlaps %r" % (d, other))

    for p in problems:
        print("check-svg: %s: %s" % (picture, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
