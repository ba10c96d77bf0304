"""Arguments the C library cannot take as given are refused by the
binding with an exception naming them, never passed on to be read as
something else: text holding a NUL, malformed scales, None for required
text, numbers beyond a setting's bounds."""
import math
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

import cjm  # noqa: E402
from test_cjm import funnel_map  # noqa: E402

try:
    import numpy as np
except ImportError:
    np = None
try:
    import pandas as pd
except ImportError:
    pd = None


class NulTest(unittest.TestCase):
    """A NUL would end the C string and cut the value short silently."""

    def assertNul(self, name, call, *args, **kwargs):
        with self.assertRaises(ValueError) as caught:
            call(*args, **kwargs)
        self.assertIn(name, str(caught.exception))
        self.assertIn("NUL", str(caught.exception))

    def test_model_text(self):
        self.assertNul("id", cjm.Journey, "a\0b", "n")
        self.assertNul("name", cjm.Journey, "a", "n\0")
        j = funnel_map()
        self.assertNul("persona", setattr, j, "persona", "x\0y")
        stage = j.stages[0]
        self.assertNul("id", j.add_stage, "s\0t", "S")
        self.assertNul("goal", j.add_stage, "s", "S", goal="g\0")
        self.assertNul("channel", stage.add_touchpoint, "t", "T", "web\0x")
        self.assertNul("id", j.find_stage, "a\0b")
        self.assertNul("id", j.find_touchpoint, "ad\0x")
        touchpoint = stage.touchpoints[0]
        self.assertNul("comment", touchpoint.add_feedback, 1.0, comment="ok\0no")
        self.assertEqual(len(j.stages), 3)

    def test_analysis_and_options(self):
        a = cjm.Analysis(funnel_map())
        self.assertNul("customer", a.add, "c\0d", 0, "ad")
        self.assertNul("touchpoint", a.add, "c", 0, "ad\0x")
        self.assertNul("channel", a.add, "c", 0, "ad", channel="web\0")
        self.assertNul("stage", a.add, "c", 0, "ad", stage="a\0")
        self.assertNul("at", a.add, "c", "2026-01-01T00:00:00Z\0junk", "ad")
        self.assertEqual(a.event_count, 0)
        self.assertNul("default_channel", cjm.Options, default_channel="a\0b")
        self.assertNul("value", cjm.parse_time, "2026-01-01T00:00:00Z\0x")
        self.assertNul("value", cjm.parse_duration, "PT1S\0x")

    def test_documents_keep_their_length(self):
        # A document is passed with its length: a NUL in it is the parser's
        # to refuse, as any other bad character.
        if not cjm.has_json:
            self.skipTest("no JSON module")
        doc = funnel_map().to_json()
        with self.assertRaises(ValueError):
            cjm.Journey.from_json(doc[:-1] + "\0}")


@unittest.skipIf(pd is None, "pandas is not installed")
class FrameScaleTest(unittest.TestCase):
    """A missing value in a scale column is an error beside a score, as in
    add_columns, never the default scale."""

    def test_missing_scale_value(self):
        for missing in (None, math.nan, pd.NA):
            for dtype in (object, "Float64", "float64"):
                if dtype == "float64" and missing is pd.NA:
                    continue
                lo = pd.Series([-2, missing], dtype=dtype)
                frame = pd.DataFrame(dict(customer=["c", "d"], at=[0, 1],
                                          touchpoint=["ad", "ad"], score=[1.0, 1.0],
                                          lo=lo, hi=[2.0, 2.0]))
                with self.subTest(missing=repr(missing), dtype=str(dtype)):
                    a = cjm.Analysis(funnel_map())
                    with self.assertRaisesRegex(cjm.RangeError,
                                                "event 1: scale_min: not a finite number"):
                        a.add_frame(frame, scale=("lo", "hi"))
                    self.assertEqual(a.event_count, 0)

    def test_missing_scale_without_score(self):
        frame = pd.DataFrame(dict(customer=["c"], at=[0], touchpoint=["ad"],
                                  score=[math.nan], lo=[math.nan], hi=[math.nan]))
        a = cjm.Analysis(funnel_map())
        a.add_frame(frame, scale=("lo", "hi"))
        self.assertEqual(a.event_count, 1)

    def test_add_columns_none(self):
        a = cjm.Analysis(funnel_map())
        with self.assertRaisesRegex(cjm.RangeError, "scale_max: not a finite number"):
            a.add_columns(customers=["c"], at=[0], touchpoints=["ad"], scores=[1.0],
                          scale_min=[-2.0], scale_max=[None])


@unittest.skipIf(np is None, "numpy is not installed")
class CoarseTimeTest(unittest.TestCase):
    """datetime64 in a unit coarser than ms: a value whose ms do not fit in
    int64 is out of range, never wrapped round into a plausible time."""

    def add(self, times):
        a = cjm.Analysis(funnel_map())
        a.add_columns(customers=["c"] * len(times), at=times, touchpoints=["ad"] * len(times))
        return a

    def test_out_of_range(self):
        cases = [np.array([1767225600, 18446745840935152], dtype="datetime64[s]"),
                 np.array([0, 2 ** 62], dtype="datetime64[W]"),
                 np.array(["2026-01-01", "10000-01-01"], dtype="datetime64[D]"),
                 np.array([0, -62167219201], dtype="datetime64[s]"),
                 np.array(["2026", "10000"], dtype="datetime64[Y]")]
        for times in cases:
            with self.subTest(dtype=str(times.dtype)):
                with self.assertRaisesRegex(cjm.RangeError,
                                            r"at: row 1: .* out of range \(years 0 to 9999\)"):
                    self.add(times)

    def test_in_range(self):
        times = np.array(["0000-01-01T00:00:00", "2026-01-01T00:00:00", "9999-12-31T23:59:59"],
                         dtype="datetime64[s]")
        self.assertEqual(self.add(times).event_count, 3)
        self.assertEqual(self.add(np.array(["2026-01"], dtype="datetime64[M]")).event_count, 1)


@unittest.skipIf(pd is None, "pandas is not installed")
class FeedbackColumnTest(unittest.TestCase):
    """A frame of the events' JSON Lines read by pandas keeps feedback as
    dicts in a `feedback` column: it is unpacked, not lost."""

    EXAMPLES = os.path.join(HERE, "..", "..", "..", "examples", "retail")

    def test_read_json_frame(self):
        if not cjm.has_json:
            self.skipTest("no JSON module")
        events = os.path.join(self.EXAMPLES, "events.jsonl")
        m = cjm.Journey.load(os.path.join(self.EXAMPLES, "map.json"))
        framed = cjm.Analysis(m)
        framed.add_frame(pd.read_json(events, lines=True))
        read = cjm.Analysis(m)
        read.read_jsonl(events)
        self.assertGreater(read.report().to_dict()["totals"]["feedback"], 0)
        self.assertEqual(framed.report().to_dict(), read.report().to_dict())

    def test_feedback_values(self):
        frame = pd.DataFrame(dict(customer=["c", "c", "c"], at=[0, 1, 2],
                                  touchpoint=["ad", "site", "ad"],
                                  feedback=[{"score": 4, "scale": [1, 5]}, None,
                                            {"score": 1}]))
        a = cjm.Analysis(funnel_map())
        a.add_frame(frame)
        self.assertEqual(a.report().to_dict()["totals"]["feedback"], 2)
        frame["feedback"] = [{"score": 4}, "bad", None]
        with self.assertRaisesRegex(TypeError, "feedback: row 1"):
            a.add_frame(frame)
        frame["feedback"] = [{"score": 4, "scale": 5}, None, None]
        with self.assertRaisesRegex(TypeError, "feedback: row 0: scale: expected a pair"):
            a.add_frame(frame)
        self.assertEqual(a.event_count, 3)


class ScaleShapeTest(unittest.TestCase):
    def test_add(self):
        a = cjm.Analysis(funnel_map())
        for scale in ((1, 2, 3), 5, "ab", (1,), None):
            with self.subTest(scale=scale):
                with self.assertRaisesRegex(TypeError, r"scale: expected a pair \(min, max\)"):
                    a.add("c", 0, "ad", score=1.0, scale=scale)
        self.assertEqual(a.event_count, 0)
        a.add("c", 0, "ad", score=4.0, scale=(1, 5))
        self.assertEqual(a.event_count, 1)

    def test_add_columns_one_bound(self):
        a = cjm.Analysis(funnel_map())
        for bounds in (dict(scale_min=1), dict(scale_max=[5])):
            with self.subTest(bounds=bounds):
                with self.assertRaisesRegex(TypeError, "scale_min, scale_max: give both"):
                    a.add_columns(customers=["c"], at=[0], touchpoints=["ad"], scores=[1.0],
                                  **bounds)
        self.assertEqual(a.event_count, 0)


class RequiredTextTest(unittest.TestCase):
    def test_add_none(self):
        a = cjm.Analysis(funnel_map())
        for args, name in ((("c", 0, None), "touchpoint"), ((None, 0, "ad"), "customer")):
            with self.subTest(name=name):
                with self.assertRaisesRegex(TypeError, f"^{name}: expected str, not None"):
                    a.add(*args)
        self.assertEqual(a.event_count, 0)

    @unittest.skipIf(pd is None, "pandas is not installed")
    def test_add_frame_none(self):
        frame = pd.DataFrame(dict(customer=["c"], at=[0], touchpoint=["ad"]))
        a = cjm.Analysis(funnel_map())
        for keyword in ("customer", "at", "touchpoint"):
            with self.subTest(keyword=keyword):
                with self.assertRaisesRegex(TypeError, f"^{keyword}: .*required"):
                    a.add_frame(frame, **{keyword: None})
        self.assertEqual(a.event_count, 0)


class RequiredModelTextTest(unittest.TestCase):
    """None for a required id, name or channel of the model is a TypeError
    naming it, raised in Python, not a NULL the library refuses."""

    def test_constructors(self):
        j = cjm.Journey("j", "J")
        s = j.add_stage("s", "S")
        calls = {"Journey id": (lambda: cjm.Journey(None, "J"), "id"),
                 "Journey name": (lambda: cjm.Journey("j", None), "name"),
                 "actual": (lambda: cjm.Journey(None, "J", actual=True), "id"),
                 "add_stage id": (lambda: j.add_stage(None, "S2"), "id"),
                 "add_stage name": (lambda: j.add_stage("s2", None), "name"),
                 "insert stage": (lambda: j.add_stage(None, "S2", index=0), "id"),
                 "touchpoint id": (lambda: s.add_touchpoint(None, "T", "web"), "id"),
                 "touchpoint name": (lambda: s.add_touchpoint("t", None, "web"), "name"),
                 "touchpoint channel": (lambda: s.add_touchpoint("t", "T", None), "channel")}
        for what, (call, name) in calls.items():
            with self.subTest(what=what):
                with self.assertRaisesRegex(TypeError, f"^{name}: expected str, not None$"):
                    call()
        self.assertEqual((len(j), len(s)), (1, 0))

    def test_setters(self):
        j = cjm.Journey("j", "J", persona="p")
        s = j.add_stage("s", "S")
        t = s.add_touchpoint("t", "T", "web", owner="o")
        for obj, names in ((j, ("id", "name")), (s, ("id", "name")),
                           (t, ("id", "name", "channel"))):
            for name in names:
                with self.subTest(obj=type(obj).__name__, name=name):
                    with self.assertRaisesRegex(TypeError, f"^{name}: expected str, not None$"):
                        setattr(obj, name, None)
        self.assertEqual((j.id, s.name, t.channel), ("j", "S", "web"))
        # Optional text is still cleared by None.
        j.persona, t.owner = None, None
        self.assertEqual((j.persona, t.owner), (None, None))


class NoneElsewhereTest(unittest.TestCase):
    """None where text or a column is required is a TypeError naming the
    argument, raised in Python: never a NULL the library refuses or reads
    as "not found"."""

    def test_finds_and_compare_customer(self):
        m = funnel_map()
        for call in (m.find_stage, m.find_touchpoint):
            with self.subTest(call=call.__name__):
                with self.assertRaisesRegex(TypeError, "^id: expected str, not None$"):
                    call(None)
        with self.assertRaisesRegex(TypeError, "^customer: expected str, not None$"):
            m.compare_customer(None, "")

    def test_required_columns(self):
        a = cjm.Analysis(funnel_map())
        for k, name in enumerate(("customers", "at", "touchpoints")):
            args = [["c"], [1], ["ad"]]
            args[k] = None
            with self.subTest(name=name):
                with self.assertRaisesRegex(TypeError, f"^{name}: expected a column of values, "
                                                       "not None"):
                    a.add_columns(*args)
        self.assertEqual(a.event_count, 0)

    def test_report_made_by_analysis(self):
        for data in (None, {}, {"document": {}}, "report"):
            with self.subTest(data=data):
                with self.assertRaisesRegex(TypeError, "made by Analysis.report"):
                    cjm.Report(data)


class BoundsTest(unittest.TestCase):
    """A number beyond a setting's bounds names the bounds it can take."""

    def test_counts(self):
        with self.assertRaisesRegex(cjm.RangeError,
                                    r"^min_customers: 18446744073709551616 is out of range "
                                    r"\(0\.\.18446744073709551615\)$"):
            cjm.Options(min_customers=2 ** 64)
        for threads in (2 ** 40, 65, 10 ** 6):
            with self.subTest(threads=threads):
                with self.assertRaisesRegex(cjm.RangeError, r"threads: .* \(0\.\.64\)"):
                    cjm.Options(threads=threads)

    def test_read_jsonl_threads(self):
        if not cjm.has_json:
            self.skipTest("no JSON module")
        a = cjm.Analysis(funnel_map())
        with self.assertRaisesRegex(cjm.RangeError, r"threads: 1000000 .* \(0\.\.64\)"):
            a.read_jsonl('{"customer": "c", "at": 0, "touchpoint": "ad"}\n', threads=10 ** 6)
        self.assertEqual(a.event_count, 0)

    def test_xes_threads(self):
        if not cjm.has_xml:
            self.skipTest("no XML module")
        with self.assertRaisesRegex(cjm.RangeError, r"threads: 1000000 .* \(0\.\.64\)"):
            cjm.XesOptions(threads=10 ** 6)
        self.assertEqual(cjm.XesOptions(threads=64)._settings["threads"], 64)


if __name__ == "__main__":
    unittest.main()
