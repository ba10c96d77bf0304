"""The whole library from Python: XML journeys, XES logs with their
options, events from str, bytes, file objects and .gz, every option, the
report's properties, and the package's own files."""
import copy
import gzip
import io
import json
import math
import os
import pickle
import tempfile
import unittest

import cjm
from test_cjm import FUNNEL, funnel_map, funnel_report

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "tests", "data", "xes")


def jsonl(events):
    return "\n".join(json.dumps({"customer": e[0], "at": cjm.format_time(e[1]),
                                 "touchpoint": e[2], **({"channel": e[3]} if e[3] else {}),
                                 **({"stage": e[4]} if e[4] else {}),
                                 **({} if math.isnan(e[5]) else
                                    {"feedback": {"score": e[5], "scale": [e[6], e[7]]}})})
                     for e in events) + "\n"


@unittest.skipUnless(cjm.has_xml, "libcjm-xml is not installed")
class XmlTest(unittest.TestCase):
    def test_journey_round_trip_load_and_save(self):
        j = funnel_map()
        self.assertEqual(cjm.Journey.from_xml(j.to_xml()), j)
        self.assertEqual(cjm.Journey.from_xml(j.to_xml(compact=True).encode()), j)
        with tempfile.TemporaryDirectory() as d:
            for name in ("map.xml", "map.json") if cjm.has_json else ("map.xml",):
                path = os.path.join(d, name)
                j.save(path)
                self.assertEqual(cjm.Journey.load(path), j)
                with open(path, "rb") as f:
                    self.assertEqual(cjm.Journey.load(f), j)
            self.assertTrue(set(os.listdir(d)) <= {"map.xml", "map.json"})  # no temporary left
        with self.assertRaises(cjm.ParseError):
            cjm.Journey.from_xml("<journey")
        with self.assertRaises(cjm.InvalidError) as e:
            cjm.Journey.from_xml('<journey xmlns="urn:cjm:journey:1" version="1" id="" '
                                 'name="x"/>', name="bad.xml")
        self.assertIn("bad.xml", str(e.exception))
        with self.assertRaises(TypeError):
            cjm.Journey.from_xml(5)
        with self.assertRaises(ValueError):
            j.save(os.path.join(tempfile.gettempdir(), "x"), format="yaml")

    def test_xes_sources_and_options(self):
        path = os.path.join(DATA, "running-example.xes")
        any_map = cjm.Journey("any", "Any")
        a = cjm.Analysis(any_map, default_channel="web")
        a.read_xes(path)
        self.assertEqual((a.customer_count, a.event_count), (6, 42))
        with open(path, "rb") as f:
            data = f.read()
        for source in (data, data.decode(), io.BytesIO(data), gzip.compress(data)):
            b = cjm.Analysis(any_map, default_channel="web")
            b.read_xes(source)
            self.assertEqual(b.report(), a.report())
        by_resource = cjm.Analysis(any_map)
        by_resource.read_xes(path, channel_key="org:resource")
        self.assertIn("pete", by_resource.report().channels["events"])
        one = cjm.Analysis(any_map, default_channel="web")
        one.read_xes(path, cjm.XesOptions(customer_key="creator"))
        self.assertEqual(one.customer_count, 1)
        with self.assertRaises(cjm.InvalidError):
            cjm.Analysis(any_map).read_xes(path)  # no channel: the events are invalid
        with self.assertRaises(TypeError):
            cjm.XesOptions(colour="red")
        with self.assertRaises(TypeError):
            cjm.XesOptions(assume_utc="yes")
        with self.assertRaises(TypeError):
            a.read_xes(path, cjm.XesOptions(), lifecycle="complete")
        with self.assertRaises(TypeError):
            a.read_xes(42)
        o = cjm.XesOptions(lifecycle="complete", threads=1)
        self.assertEqual(o.settings(), {"lifecycle": "complete", "threads": 1})
        helpdesk = cjm.Journey.load(os.path.join(DATA, "helpdesk-map.xml"))
        h = cjm.Analysis(helpdesk, lenient=True, default_channel="web")
        h.read_xes(os.path.join(DATA, "helpdesk.xes.gz"))
        self.assertEqual(h.customer_count, 4580)


@unittest.skipUnless(cjm.has_json and cjm.has_xml, "libcjm-json or libcjm-xml missing")
class LoadTest(unittest.TestCase):
    def test_documents_paths_and_files(self):
        m = funnel_map()
        sources = {"JSON text": m.to_json(), "XML text": m.to_xml(),
                   "compact JSON text": "  " + m.to_json(compact=True),
                   "compact XML text": m.to_xml(compact=True),
                   "bytes": m.to_xml().encode(), "text file": io.StringIO(m.to_json()),
                   "gzip file": io.BytesIO(gzip.compress(m.to_xml().encode()))}
        with tempfile.TemporaryDirectory() as d:
            for suffix, document in ((".json", m.to_json()), (".xml.gz", m.to_xml())):
                path = os.path.join(d, "map" + suffix)
                with open(path, "wb") as f:
                    data = document.encode()
                    f.write(gzip.compress(data) if suffix.endswith(".gz") else data)
                sources[suffix] = path
            for what, source in sources.items():
                with self.subTest(what=what):
                    self.assertEqual(cjm.Journey.load(source), m)
            self.assertEqual(cjm.Journey.load(sources["JSON text"], format="json"), m)
            with self.assertRaises(cjm.ParseError):
                cjm.Journey.load(sources["JSON text"], format="xml")
            with self.assertRaises(FileNotFoundError):
                cjm.Journey.load(os.path.join(d, "none.json"))
        for bad in (None, 3, ["{}"]):
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(TypeError, "^source: expected a path"):
                    cjm.Journey.load(bad)
        with self.assertRaisesRegex(ValueError, "format: expected 'json' or 'xml'"):
            cjm.Journey.load(m.to_json(), format="yaml")


@unittest.skipUnless(cjm.has_json, "libcjm-json is not installed")
class JsonLinesTest(unittest.TestCase):
    def test_sources(self):
        text = jsonl(FUNNEL)
        want = funnel_report()
        with tempfile.TemporaryDirectory() as d:
            plain, packed = os.path.join(d, "e.jsonl"), os.path.join(d, "e.jsonl.gz")
            with open(plain, "w") as f:
                f.write(text)
            with gzip.open(packed, "wt") as f:
                f.write(text)
            sources = [text, text.encode(), io.StringIO(text), io.BytesIO(text.encode()),
                       plain, packed, gzip.compress(text.encode())]
            for source in sources:
                a = cjm.Analysis(funnel_map())
                a.read_jsonl(source, threads=1)
                self.assertEqual(a.report(), want, repr(source)[:40])
        a = cjm.Analysis(funnel_map())
        with self.assertRaises(cjm.IOError_):
            a.read_jsonl(os.path.join(HERE, "no-such-file.jsonl"))
        with self.assertRaises(cjm.InvalidError) as e:
            a.read_jsonl('{"customer": "c"}\n')
        self.assertIn("<buffer>:1", str(e.exception))
        with self.assertRaises(cjm.RangeError):
            a.read_jsonl(text, threads=-1)
        with self.assertRaises(TypeError):
            a.read_jsonl(io.StringIO(text), threads="2")

    def test_partial_on_error(self):
        """As documented: the lines before a bad one stay added; read into
        a fresh analysis and merge for all or nothing."""
        lines = jsonl(FUNNEL).splitlines()
        text = "\n".join(lines[:3] + ['{"customer": "c"}'] + lines[3:]) + "\n"
        a = cjm.Analysis(funnel_map())
        with self.assertRaisesRegex(cjm.InvalidError, "<buffer>:4"):
            a.read_jsonl(text, threads=1)
        self.assertEqual(a.event_count, 3)
        lenient = cjm.Analysis(funnel_map(), lenient=True)
        lenient.read_jsonl(text, threads=1)
        self.assertEqual((lenient.event_count, lenient.rejected), (len(FUNNEL), 1))


class OptionsAndReportTest(unittest.TestCase):
    def test_every_option(self):
        o = cjm.Options(min_customers=4, min_feedback=2, threads=2, lenient=True,
                        pain_threshold=-0.4, drop_threshold=0.3, silent_threshold=0.6,
                        backtrack_threshold=0.2, switch_threshold=0.5, default_channel="kiosk")
        self.assertEqual(o.settings()["default_channel"], "kiosk")
        self.assertEqual(cjm.Options(**o.settings()), o)
        a = cjm.Analysis(funnel_map(), o)
        a.add("z", 1, "walk-in")
        self.assertEqual(a.report().channels["events"], {"kiosk": 1})

    def test_paths_and_flow_options(self):
        """max_paths and max_flow_edges: checked counts, carried into the
        analysis and its copies, and bounding the lists in the report."""
        if not hasattr(cjm.Options, "max_paths"):
            self.skipTest("the library has no paths")
        defaults = cjm.Options()
        self.assertEqual((defaults.max_paths, defaults.max_flow_edges), (10, 200))
        o = cjm.Options(max_paths=1, max_flow_edges=2)
        self.assertEqual(pickle.loads(pickle.dumps(o)), o)
        self.assertEqual(cjm.Options(**o.settings()).max_flow_edges, 2)
        for name in ("max_paths", "max_flow_edges"):
            with self.subTest(name=name):
                with self.assertRaisesRegex(cjm.RangeError, f"^{name}: -1 is negative"):
                    cjm.Options(**{name: -1})
                with self.assertRaisesRegex(TypeError, f"^{name}: expected int, not bool"):
                    cjm.Options(**{name: True})
                with self.assertRaisesRegex(cjm.RangeError, f"^{name}: .* out of range"):
                    cjm.Options(**{name: 2 ** 64})
        cols = dict(zip(("customers", "at", "touchpoints", "channels", "stages", "scores",
                         "scale_min", "scale_max"), map(list, zip(*FUNNEL))))
        few = cjm.Analysis(funnel_map(), o)
        few.add_columns(**cols)
        many = cjm.Analysis(funnel_map())
        many.add_columns(**cols)
        r, full = few.report(), many.report()
        if full.paths is None:
            self.skipTest("the library does not report paths yet")
        self.assertEqual(r.paths["top"], full.paths["top"][:1])
        self.assertEqual(r.paths["distinct"], full.paths["distinct"])
        self.assertEqual(r.flow["edges"], full.flow["edges"][:2])
        self.assertEqual(copy.copy(few).report(), r)
        with self.assertRaises(cjm.ConflictError):
            many.merge(few)  # analyses of different options do not merge

    def test_report_properties(self):
        r = funnel_report()
        self.assertEqual((r.customers, r.events, r.feedback, r.completed, r.rejected),
                         (6, 19, 2, 3, 0))
        self.assertEqual((r.switches, r.multichannel_customers), (7, r.channels[
            "multichannel_customers"]))
        self.assertEqual(r.map_channel_switches, 4)
        self.assertEqual(r.totals["customers"], 6)
        with self.assertRaises(AttributeError):
            r.no_such_figure
        self.assertNotIn("__getattr__", vars(cjm.Report))
        for name in ("customers", "events", "stages", "gaps", "switches", "paths", "flow",
                     "exits", "breakdown", "segments", "completion_ms"):
            self.assertTrue(getattr(cjm.Report, name).__doc__, name)
        # Members the document has, or None (segments without a breakdown).
        doc = r.to_dict()
        self.assertEqual((r.paths, r.flow, r.breakdown, r.segments),
                         (doc.get("paths"), doc.get("flow"), doc.get("breakdown"),
                          doc.get("segments")))
        self.assertEqual(list(r.exits), [s["id"] for s in doc["stages"]])
        self.assertEqual(list(r.exits.values()), [s.get("exits") for s in doc["stages"]])
        self.assertIsNone(r.segments)
        # Three customers completed: their times' distribution.
        self.assertEqual(r.completion_ms, doc["completion_ms"])
        self.assertEqual(r.completion_ms["samples"], 3)
        self.assertEqual(r.figures()["completion_ms.p50"], r.completion_ms["p50"])
        if r.paths is not None:
            r.paths["top"].clear()  # a copy: the report is unchanged
            self.assertEqual(r.paths, doc["paths"])

    def test_times_as_datetimes(self):
        import datetime
        j = funnel_map()
        tp = j.find_touchpoint("site")
        self.assertIsNone(tp.time)
        tp.at = 0
        self.assertEqual(tp.time, datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc))
        f = tp.add_feedback(1, at=datetime.datetime(2026, 1, 1, 12))
        self.assertEqual(cjm.format_time(f.at), "2026-01-01T12:00:00Z")
        self.assertEqual(j.find_stage("a").expected, datetime.timedelta(milliseconds=3))
        self.assertEqual(cjm.format_duration(datetime.timedelta(hours=1, minutes=30)), "PT1H30M")

    def test_actual_journeys(self):
        map_ = funnel_map()
        self.assertEqual(map_.kind, "map")
        actual = cjm.Journey("funnel", "c-1", customer="c-1", actual=True)
        self.assertEqual(actual.kind, "actual")
        s = actual.add_stage("a", "A")
        s.add_touchpoint("ad", "ad", "social", at=1)
        s.add_touchpoint("ad", "ad again", "social", at=2)  # a second visit
        self.assertEqual(actual.touchpoint_count, 2)
        self.assertEqual(actual.copy().kind, "actual")
        self.assertIsInstance(actual.compare(map_), list)
        with self.assertRaises(cjm.InvalidError):
            cjm.Analysis(actual)  # repeated ids: not a map
        with self.assertRaises(TypeError):
            cjm.Journey("j", "J", actual="yes")
        if cjm.has_json:
            self.assertEqual(cjm.Journey.from_json(actual.to_json()).kind, "actual")

    def test_no_import_circles(self):
        import ast
        package = os.path.dirname(cjm.__file__)
        deps = {}
        for f in os.listdir(package):
            if f.endswith(".py"):
                with open(os.path.join(package, f)) as source:
                    tree = ast.parse(source.read())
                deps[f[:-3]] = {n.module for n in ast.walk(tree)
                                if isinstance(n, ast.ImportFrom) and n.level == 1 and n.module}

        def reach(name, seen):
            for m in deps.get(name, ()):
                self.assertNotIn(m, seen, f"import circle: {' -> '.join(seen + [m])}")
                reach(m, seen + [m])

        for name in deps:
            reach(name, [name])

    def test_package_files(self):
        package = os.path.dirname(cjm.__file__)
        self.assertTrue(os.path.exists(os.path.join(package, "py.typed")))
        self.assertEqual(cjm.DEFAULT_SCALE, (-2.0, 2.0))
        for name in cjm.__all__:
            self.assertTrue(hasattr(cjm, name), name)


if __name__ == "__main__":
    unittest.main()
