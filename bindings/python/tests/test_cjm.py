"""The Python bindings: every class, every error, lifetimes, and figures
equal to the C tests' on the same data."""
import array
import gc
import json
import math
import os
import random
import tempfile
import unittest

import cjm

NAN = math.nan

# The funnel dataset of tests/common/bulk-data.c, with the figures the C
# tests check by hand (tests/bulk/test-report.c).
FUNNEL = [
    ("c1", 1, "ad", None, None, NAN, 0, 0), ("c1", 2, "site", None, None, NAN, 0, 0),
    ("c1", 5, "compare", None, None, NAN, 0, 0), ("c1", 9, "checkout", None, None, NAN, 0, 0),
    ("c2", 1, "ad", None, None, NAN, 0, 0), ("c2", 3, "compare", None, "c", NAN, 0, 0),
    ("c2", 4, "call", None, None, NAN, 0, 0), ("c2", 6, "compare", "WEB", None, NAN, 0, 0),
    ("c3", 10, "site", None, None, NAN, 0, 0), ("c3", 20, "compare", None, None, -2, -2, 2),
    ("c3", 25, "site", None, "a", NAN, 0, 0), ("c3", 30, "compare", None, None, NAN, 0, 0),
    ("c3", 40, "checkout", None, None, NAN, 0, 0), ("c4", 5, "ad", None, None, NAN, 0, 0),
    ("c5", 1, "chat-bot", "chat", None, 1, 1, 5), ("c5", 2, "site", None, None, NAN, 0, 0),
    ("c6", 7, "help-forum", "community", "c", NAN, 0, 0),
    ("c6", 3, "compare", None, None, NAN, 0, 0), ("c6", 12, "checkout", None, None, NAN, 0, 0),
]


def funnel_map():
    j = cjm.Journey("funnel", "Funnel")
    a = j.add_stage("a", "Aware", expected_duration=3)
    c = j.add_stage("c", "Consider", expected_duration=9)
    b = j.add_stage("b", "Buy")
    a.add_touchpoint("ad", "ad", "social", owner="Marketing")
    a.add_touchpoint("site", "site", "web", owner="Web")
    c.add_touchpoint("compare", "compare", "web", owner="Web")
    c.add_touchpoint("call", "call", "phone")
    c.add_touchpoint("store", "store", "store", owner="Retail", optional=True)
    b.add_touchpoint("checkout", "checkout", "web", owner="Web").add_feedback(2)
    return j


def columns(events):
    return dict(customers=[e[0] for e in events], at=[e[1] for e in events],
                touchpoints=[e[2] for e in events], channels=[e[3] for e in events],
                stages=[e[4] for e in events], scores=[e[5] for e in events],
                scale_min=[e[6] for e in events], scale_max=[e[7] for e in events])


def funnel_report(**options):
    a = cjm.Analysis(funnel_map(), **options)
    a.add_columns(**columns(FUNNEL))
    return a.report()


class ModelTest(unittest.TestCase):
    def test_build_and_read(self):
        j = funnel_map()
        self.assertEqual(len(j), 3)
        self.assertEqual(j.touchpoint_count, 6)
        self.assertEqual([s.id for s in j.stages], ["a", "c", "b"])
        c = j.find_stage("c")
        self.assertIs(c, j.stages[1])  # one Python object per part
        self.assertEqual(c.index, 1)
        self.assertEqual(c.expected_duration, 9)
        self.assertEqual([t.id for t in c], ["compare", "call", "store"])
        store = j.find_touchpoint("store")
        self.assertTrue(store.optional)
        self.assertIs(store.stage, c)
        self.assertIsNone(j.find_touchpoint("nowhere"))
        fb = j.find_touchpoint("checkout").feedback[0]
        self.assertEqual(fb.score, 2)
        self.assertEqual(fb.scale, (-2.0, 2.0))
        self.assertEqual(fb.normalized, 1.0)
        self.assertIs(fb.touchpoint, j.find_touchpoint("checkout"))
        self.assertIn("Funnel", repr(j))

    def test_setters_and_text(self):
        j = cjm.Journey("j", "J")
        j.persona = "Buyer"
        j.description = "Line one\nline two — é"
        self.assertEqual(j.description, "Line one\nline two — é")
        j.persona = None
        self.assertIsNone(j.persona)
        s = j.add_stage("s", "S", goal="Pay")
        t = s.add_touchpoint("t", "T", "EMAIL", at=cjm.parse_time("2026-03-01T09:15:00Z"))
        self.assertEqual(t.channel, "email")
        self.assertEqual(cjm.format_time(t.at), "2026-03-01T09:15:00Z")
        f = t.add_feedback(4, (1, 5), emotion="happy", comment="ok", source="survey",
                           customer="c-1", at=0)
        f.set_score(1, (1, 5))
        self.assertEqual(f.normalized, -1.0)
        self.assertEqual((f.emotion, f.comment, f.source, f.customer, f.at),
                         ("happy", "ok", "survey", "c-1", 0))
        s.expected_duration = None
        self.assertIsNone(s.expected_duration)

    def test_errors_carry_the_library_message(self):
        j = cjm.Journey("j", "J")
        with self.assertRaises(cjm.InvalidError) as e:
            j.add_stage("", "S")
        self.assertIn("cjm_journey_add_stage: id: empty", str(e.exception))
        self.assertEqual(e.exception.status, -1)
        self.assertIsInstance(e.exception, ValueError)
        with self.assertRaises(cjm.InvalidError):
            j.add_stage("x" * 257, "S")
        with self.assertRaises(cjm.InvalidError):
            j.add_stage(b"\xff".decode("latin-1") + "\x01", "S")
        j.add_stage("s", "S")
        with self.assertRaises(cjm.DuplicateError) as e:
            j.add_stage("s", "again")
        self.assertIn("already has a stage", e.exception.message)
        t = j.stages[0].add_touchpoint("t", "T", "web")
        with self.assertRaises(cjm.RangeError):
            t.add_feedback(3)
        with self.assertRaises(cjm.RangeError):
            t.add_feedback(NAN)
        with self.assertRaises(cjm.InvalidError):
            j.stages[0].add_touchpoint("u", "U", "we b")
        self.assertIsNone(j.find_touchpoint("u"))  # nothing half-added
        with self.assertRaises(cjm.ParseError):
            cjm.parse_time("2026-03-01 09:15:00Z")
        with self.assertRaises(TypeError):
            j.add_stage(5, "S")

    def test_every_status_has_its_class(self):
        from cjm.errors import error_for
        expected = {-1: cjm.InvalidError, -2: cjm.MemoryError_, -3: cjm.RangeError,
                    -4: cjm.DuplicateError, -5: cjm.NotFoundError, -6: cjm.ParseError,
                    -7: cjm.IOError_, -8: cjm.LimitError, -9: cjm.UnsupportedError,
                    -10: cjm.ConflictError}
        for status, cls in expected.items():
            e = error_for(status, "m")
            self.assertIs(type(e), cls)
            self.assertIsInstance(e, cjm.Error)
            self.assertEqual(cjm._lib.cjm_status_name(status).decode(), cls.status_name)
        self.assertIs(type(error_for(-99, "m")), cjm.Error)

    def test_equality_and_copy(self):
        a, b = funnel_map(), funnel_map()
        self.assertEqual(a, b)
        c = a.copy()
        c.find_touchpoint("ad").name = "Changed"
        self.assertNotEqual(a, c)
        self.assertEqual(a.find_touchpoint("ad").name, "ad")

    def test_lifetimes(self):
        j = funnel_map()
        stage = j.find_stage("c")
        tp = stage.touchpoints[0]
        del j
        gc.collect()
        self.assertEqual(stage.journey.id, "funnel")  # the stage kept it alive
        self.assertEqual(tp.name, "compare")
        journey = stage.journey
        fb_owner = journey.find_touchpoint("checkout")
        journey.remove_stage(stage)
        with self.assertRaises(cjm.InvalidError):
            stage.name
        with self.assertRaises(cjm.InvalidError):
            tp.channel
        self.assertIn("removed", repr(tp))
        self.assertEqual(fb_owner.feedback[0].score, 2)
        f = fb_owner.feedback[0]
        fb_owner.remove_feedback(f)
        with self.assertRaises(cjm.InvalidError):
            f.score
        # Collect parts and journeys in random orders: no crash, no double free.
        for seed in range(20):
            parts = []
            for _ in range(5):
                m = funnel_map()
                parts += [m] + m.stages + [t for s in m.stages for t in s] + \
                    [f for s in m.stages for t in s for f in t.feedback]
            random.Random(seed).shuffle(parts)
            while parts:
                parts.pop()
                if seed % 3 == 0:
                    gc.collect()

    def test_one_journey_analysis(self):
        j = funnel_map()
        self.assertEqual(j.channel_switches(), 4)
        kinds = [g.kind for g in j.gaps()]
        self.assertEqual(kinds, ["blind_spot", "blind_spot", "no_owner"])
        self.assertEqual([g.kind for g in j.gaps({"min_feedback": 5})], kinds)
        actual = cjm.Journey("funnel", "c-1", customer="c-1")
        s = actual.add_stage("c", "C")
        s.add_touchpoint("compare", "compare", "web", at=5)
        s.add_touchpoint("ad", "ad", "social", at=6)
        devs = actual.compare(j)
        self.assertEqual([(d.kind, d.touchpoint) for d in devs],
                         [("missing", "site"), ("missing", "call"), ("backtrack", "ad")])
        self.assertEqual(devs[2].from_stage, "c")


class AnalysisTest(unittest.TestCase):
    def test_figures_equal_the_c_tests(self):
        r = funnel_report()
        self.assertEqual((r.customers, r.events, r.feedback, r.completed, r.rejected),
                         (6, 19, 2, 3, 0))
        self.assertEqual([(s["reached"], s["dropped"], s["silent_churn"]) for s in r.stages],
                         [(5, 2, 1), (4, 1, 1), (3, 0, 0)])
        self.assertEqual([s["median_transition_ms"] for s in r.stages], [4, 9, None])
        self.assertEqual([s["drop_rate"] for s in r.stages], [0.4, 0.25, 0.0])
        self.assertIsNone(r.stages[0]["mean_score"])
        self.assertEqual([t["id"] for t in r.touchpoints][-2:], ["chat-bot", "help-forum"])
        self.assertEqual(r.channels["switches"], 7)
        self.assertEqual(r.backtracks["pairs"], [{"from": "c", "to": "a", "count": 1,
                                                  "customers": 1}])
        # One angry item each is no evidence at the default confidence 0.95.
        self.assertEqual([g.kind for g in r.gaps][:3],
                         ["drop_off", "blind_spot", "slow_transition"])
        self.assertEqual(len(r), 7)
        self.assertEqual(len(funnel_report(min_customers=4)), 10)

    def test_svg(self):
        import xml.etree.ElementTree as ET
        ns = "{http://www.w3.org/2000/svg}"
        map_ = funnel_map()
        a = cjm.Analysis(map_)
        a.add_columns(**columns(FUNNEL))
        map_.find_stage("a").name = "Renamed after the analysis began"
        root = ET.fromstring(a.svg())
        groups = lambda cls: [g for g in root.iter(ns + "g") if g.get("class") == cls]
        self.assertEqual([g.get("data-stage") for g in groups("stage")], ["a", "c", "b"])
        self.assertEqual(len(groups("gap")), len(a.report()))
        self.assertEqual(sorted(g.get("data-channel") for g in groups("lane")),
                         ["chat", "community", "phone", "social", "store", "web"])
        self.assertNotIn("Renamed", a.svg())
        alone = ET.fromstring(map_.svg({"min_feedback": 1}))
        self.assertEqual(len([g for g in alone.iter(ns + "g") if g.get("class") == "gap"]),
                         len(map_.gaps()))
        self.assertIn("Renamed after the analysis began", map_.svg())

    def test_per_event_bulk_and_buffers_agree(self):
        want = funnel_report()
        one = cjm.Analysis(funnel_map())
        for e in FUNNEL:
            if math.isnan(e[5]):
                one.add(*e[:5])
        cols = columns(FUNNEL)
        plain = [e for e in FUNNEL if math.isnan(e[5])]
        self.assertEqual(one.event_count, len(plain))
        buffers = cjm.Analysis(funnel_map(), threads=1)
        cols["at"] = array.array("q", cols["at"])
        cols["scores"] = array.array("d", cols["scores"])
        cols["scale_min"] = array.array("d", cols["scale_min"])
        cols["scale_max"] = array.array("d", cols["scale_max"])
        buffers.add_columns(**cols)
        self.assertEqual(buffers.report(), want)
        nones = columns(FUNNEL)
        nones["scores"] = [None if math.isnan(x) else x for x in nones["scores"]]
        with_none = cjm.Analysis(funnel_map())
        with_none.add_columns(**nones)
        self.assertEqual(with_none.report(), want)
        try:
            import numpy
        except ImportError:
            return
        np = columns(FUNNEL)
        np["at"] = numpy.array(np["at"], dtype=numpy.int64)
        np["scores"] = numpy.array(np["scores"])
        np["customers"] = numpy.array(np["customers"], dtype=object)
        with_numpy = cjm.Analysis(funnel_map())
        with_numpy.add_columns(**np)
        self.assertEqual(with_numpy.report(), want)

    def test_to_dict_equals_the_json_report(self):
        if not cjm.has_json:
            self.skipTest("libcjm-json is not installed")
        a = cjm.Analysis(funnel_map())
        a.add_columns(**columns(FUNNEL))
        self.assertEqual(json.loads(a.report_json()), a.report().to_dict())

    def test_errors_strict_and_lenient(self):
        a = cjm.Analysis(funnel_map())
        with self.assertRaises(cjm.ConflictError) as e:
            a.add("x", 1, "ad", stage="c")
        self.assertIn("touchpoint \"ad\" is in stage \"a\"", str(e.exception))
        cols = columns(FUNNEL)
        cols["touchpoints"][3] = "kiosk"
        with self.assertRaises(cjm.InvalidError) as e:
            a.add_columns(**cols)
        self.assertIn("event 3", str(e.exception))
        self.assertEqual(a.event_count, 0)
        with self.assertRaises(ValueError):
            a.add_columns(["x"], [1, 2], ["ad"])
        with self.assertRaises(cjm.InvalidError) as e:
            a.add_columns(["x\0y", "z"], [1, 2], ["ad", "ad"])
        self.assertIn("customers: not 2 NUL-terminated strings", str(e.exception))
        with self.assertRaises(TypeError):
            a.add_columns(["x", b"y"], [1, 2], ["ad", "ad"])
        a.add_columns([], [], [])
        lenient = cjm.Analysis(funnel_map(), lenient=True)
        lenient.add_columns(**cols)
        self.assertEqual(lenient.rejected, 1)
        self.assertIn("event 3", lenient.rejected_messages[0])
        self.assertEqual(lenient.report().rejected, 1)
        with self.assertRaises(TypeError):
            cjm.Analysis("not a journey")
        with self.assertRaises(TypeError):
            cjm.Options(colour=1)

    def test_merge_and_context(self):
        want = funnel_report()
        left, right = cjm.Analysis(funnel_map()), cjm.Analysis(funnel_map())
        left.add_columns(**columns([e for e in FUNNEL if e[0] in ("c1", "c3", "c5")]))
        right.add_columns(**columns([e for e in FUNNEL if e[0] not in ("c1", "c3", "c5")]))
        left.merge(right)
        self.assertEqual(left.report(), want)
        # Split by event: halves that share customers merge the same.
        first, second = cjm.Analysis(funnel_map()), cjm.Analysis(funnel_map())
        first.add_columns(**columns(FUNNEL[:9]))
        second.add_columns(**columns(FUNNEL[9:]))
        first.merge(second)
        self.assertEqual(first.report(), want)
        with self.assertRaises(cjm.ConflictError):
            first.merge(cjm.Analysis(cjm.Journey("other", "Other")))
        # Other options: refused, naming the first that differs; threads
        # change no figure and are not compared.
        events = first.event_count
        with self.assertRaisesRegex(cjm.ConflictError, r"confidence 0\.9, into: 0\.95"):
            first.merge(cjm.Analysis(funnel_map(), cjm.Options(confidence=0.9)))
        self.assertEqual(first.event_count, events)
        first.merge(cjm.Analysis(funnel_map(), cjm.Options(threads=3)))
        with cjm.Analysis(funnel_map()) as a:
            a.add("x", 1, "ad")
        with self.assertRaises(ValueError):
            a.event_count

    def test_options(self):
        o = cjm.Options(min_customers=3, pain_threshold=-0.5, lenient=True, threads=2)
        self.assertEqual((o.min_customers, o.pain_threshold, o.lenient, o.threads),
                         (3, -0.5, True, 2))
        self.assertEqual(cjm.Options().drop_threshold, 0.25)
        with self.assertRaises(cjm.RangeError):
            o.drop_threshold = NAN
        self.assertIn("min_customers=3", repr(o))


@unittest.skipUnless(cjm.has_json, "libcjm-json is not installed")
class JsonTest(unittest.TestCase):
    def test_round_trip_and_errors(self):
        j = funnel_map()
        text = j.to_json()
        self.assertEqual(cjm.Journey.from_json(text), j)
        self.assertEqual(cjm.Journey.from_json(j.to_json(compact=True).encode()), j)
        with self.assertRaises(cjm.InvalidError) as e:
            cjm.Journey.from_json('{"format": "cjm-journey", "version": 1, "journey": '
                                  '{"id": "j", "name": 5, "stages": []}}', name="m.json")
        self.assertIn("m.json:1:72: journey.name: expected a string", str(e.exception))
        with self.assertRaises(cjm.ParseError):
            cjm.Journey.from_json("{")

    def test_jsonl_file(self):
        lines = [json.dumps({"customer": e[0], "at": cjm.format_time(e[1]),
                             "touchpoint": e[2], **({"channel": e[3]} if e[3] else {}),
                             **({"stage": e[4]} if e[4] else {}),
                             **({} if math.isnan(e[5]) else
                                {"feedback": {"score": e[5], "scale": [e[6], e[7]]}})})
                 for e in FUNNEL]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            f.write("\n".join(lines))
        try:
            a = cjm.Analysis(funnel_map())
            a.read_jsonl(f.name)
            self.assertEqual(a.report(), funnel_report())
        finally:
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main()
