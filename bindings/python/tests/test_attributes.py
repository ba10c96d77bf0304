"""Event attributes from Python (add, add_columns, add_frame in its three
forms) and the breakdown of customers into segments they allow."""
import io
import math
import unittest

import cjm
from test_cjm import FUNNEL, columns, funnel_map

try:
    import pandas as pd
except ImportError:  # pragma: no cover
    pd = None

HAS = hasattr(cjm.Options, "breakdown") and \
    hasattr(cjm._capi.lib, "cjm_analysis_add_dictionary_with_attributes")

# Each event's plan. A customer's segment is the value on its earliest
# event carrying the key: c1 and c4 pro; c2 free (only its event at 4 says
# so) and c6 free; c5 the integer 7, written "7"; c3 none (the null
# segment).
PLAN = {("c1", 1): "pro", ("c1", 9): "free", ("c2", 4): "free", ("c4", 5): "pro",
        ("c5", 1): 7, ("c6", 3): "free", ("c6", 7): "pro"}
PLANS = [PLAN.get((e[0], e[1])) for e in FUNNEL]
# By customers, then value in byte order, null last.
WANT = [("free", 2), ("pro", 2), ("7", 1), (None, 1)]


def segments(report):
    return [(s["value"], s["customers"]) for s in report.segments]


def analysis():
    return cjm.Analysis(funnel_map(), breakdown="plan")


@unittest.skipUnless(HAS, "the library keeps no attributes")
class AttributesTest(unittest.TestCase):
    def test_add_and_add_columns(self):
        a = analysis()
        for e, plan in zip(FUNNEL, PLANS):
            a.add(e[0], e[1], e[2], e[3], e[4],
                  attributes={} if plan is None else {"plan": str(plan)})
        self.assertEqual(a.report().breakdown, "plan")
        self.assertEqual(segments(a.report()), WANT)
        b = analysis()
        b.add_columns(**columns(FUNNEL), attributes={"plan": PLANS})
        self.assertEqual(segments(b.report()), WANT)
        c = analysis()
        c.add_columns(**columns(FUNNEL))
        self.assertEqual(segments(c.report()), [(None, 6)])

    def test_bad_attributes_change_nothing(self):
        a = analysis()
        cols = columns(FUNNEL)
        bad = {"not a dict": (["plan"], TypeError, "^attributes: expected a dict"),
               "None key": ({None: PLANS}, TypeError, "^attributes: key: expected str"),
               "None column": ({"plan": None}, TypeError, r"^attributes\['plan'\]: expected"),
               "short": ({"plan": PLANS[:3]}, ValueError, r"^attributes\['plan'\]: 3 values"),
               "inf": ({"plan": [1.5] * (len(FUNNEL) - 1) + [math.inf]}, ValueError,
                       r"^attributes\['plan'\]: row 18: inf is not a finite number"),
               "list": ({"plan": ["a"] + [["b"]] * (len(FUNNEL) - 1)}, TypeError,
                        r"^attributes\['plan'\]: row 1: expected str"),
               "bad key": ({"": PLANS}, cjm.InvalidError, "key"),
               "too long": ({"plan": ["x" * 1025] * len(FUNNEL)}, cjm.Error, "plan")}
        for what, (attributes, error, message) in bad.items():
            with self.subTest(what=what):
                with self.assertRaisesRegex(error, message):
                    a.add_columns(**cols, attributes=attributes)
        with self.assertRaisesRegex(TypeError, "^attributes: expected a dict"):
            a.add("c1", 1, "ad", attributes=[("plan", "pro")])
        self.assertEqual(a.event_count, 0)

    def test_bools_and_numbers_as_json_text(self):
        """Attribute columns of bools and floats, as lists, numpy arrays,
        Series (nullable too) and object columns, take each value's JSON
        text, as a column of dicts does: NaN and None are no attribute,
        True and 1 stay apart."""
        import json

        def text(v):
            if v is None or (isinstance(v, float) and v != v):
                return None
            return v if isinstance(v, str) else json.dumps(v)

        flags = [True, False, None] * 6 + [True]
        seats = [2.5, 100.0, float("nan")] * 6 + [7.0]
        mixed = [True, 1, 2.5, None, "pro"] * 3 + ["pro", 1, True, 1]
        bools = [bool(f) for f in flags]  # numpy's bool has no missing value
        forms = {"lists": [(flags, flags), (seats, seats), (mixed, mixed)]}
        if pd is not None:
            import numpy as np
            forms["numpy"] = [(np.array(bools), bools), (np.array(seats), seats),
                              (np.array(mixed, dtype=object), mixed)]
            forms["series"] = [(pd.Series(flags, dtype="boolean"), flags),
                               (pd.Series(seats), seats), (pd.Series(mixed, dtype=object), mixed)]
        for what, form in forms.items():
            for column, values in form:
                with self.subTest(what=what, values=values):
                    got = cjm.Analysis(funnel_map(), breakdown="plan")
                    got.add_columns(**columns(FUNNEL), attributes={"plan": column})
                    want = cjm.Analysis(funnel_map(), breakdown="plan")
                    want.add_columns(**columns(FUNNEL),
                                     attributes={"plan": [text(v) for v in values]})
                    self.assertEqual(segments(got.report()), segments(want.report()))
                    self.assertGreater(len(segments(got.report())), 1)

    @unittest.skipUnless(pd is not None, "pandas is not installed")
    def test_frames(self):
        df = pd.DataFrame(columns(FUNNEL)).rename(columns={
            "customers": "customer", "touchpoints": "touchpoint", "channels": "channel",
            "stages": "stage", "scores": "score"}).drop(columns=["scale_min", "scale_max"])
        df["plan"] = pd.Series(PLANS, dtype=object)
        forms = {"names": dict(attributes=["plan"]),
                 "key: column": dict(attributes={"plan": "plan"})}
        for what, keywords in forms.items():
            with self.subTest(what=what):
                a = analysis()
                a.add_frame(df, **keywords)
                self.assertEqual(segments(a.report()), WANT)
        renamed = df.rename(columns={"plan": "tier"})
        a = analysis()
        a.add_frame(renamed, attributes={"plan": "tier"})
        self.assertEqual(segments(a.report()), WANT)
        # A categorical column, and no column: no attribute.
        a = analysis()
        a.add_frame(df.assign(plan=pd.Categorical([None if p is None else str(p)
                                                   for p in PLANS])), attributes=["plan"])
        self.assertEqual(segments(a.report()), WANT)
        a = analysis()
        a.add_frame(df)  # "plan" is not an attribute unless named
        self.assertEqual(segments(a.report()), [(None, 6)])
        # A column of dicts, as pandas reads the events' JSON Lines.
        nested = df.drop(columns=["plan"])
        nested["attributes"] = [None if p is None else {"plan": p, "region": "eu"}
                                for p in PLANS]
        for keywords in ({}, {"attributes": "attributes"}):
            a = analysis()
            a.add_frame(nested, **keywords)
            self.assertEqual(segments(a.report()), WANT)
        a = analysis()
        a.add_frame(nested, attributes=[])
        self.assertEqual(segments(a.report()), [(None, 6)])

    @unittest.skipUnless(pd is not None, "pandas is not installed")
    def test_segments_as_frames(self):
        a = analysis()
        a.add_columns(**columns(FUNNEL), attributes={"plan": PLANS})
        frames = a.report().to_frames()
        seg, stages = frames["segments"], frames["segment_stages"]
        self.assertEqual(list(zip(seg["value"], seg["customers"])), WANT)
        self.assertEqual(len(stages), 3 * len(WANT))  # each segment's three stages
        self.assertEqual(list(stages["parent_row"]), [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])
        self.assertEqual(list(stages["id"][:3]), ["a", "c", "b"])
        empty = cjm.Analysis(funnel_map()).report().to_frames()
        for name in ("segments", "segment_stages"):
            self.assertEqual(len(empty[name]), 0)
            self.assertEqual(dict(empty[name].dtypes), dict(frames[name].dtypes), name)

    @unittest.skipUnless(pd is not None, "pandas is not installed")
    def test_frame_errors(self):
        df = pd.DataFrame(dict(customer=["c1", "c2"], at=[1, 2], touchpoint=["ad", "ad"],
                               attributes=[{"plan": "a"}, "plan=b"]))
        a = analysis()
        with self.assertRaisesRegex(TypeError, "^attributes: row 1: expected a dict"):
            a.add_frame(df)
        with self.assertRaisesRegex(KeyError, "attributes: the frame has no column 'tier'"):
            a.add_frame(df, attributes=["tier"])
        with self.assertRaisesRegex(TypeError, "^attributes: expected a list of column names"):
            a.add_frame(df, attributes=3)
        df["attributes"] = [{"plan": "a"}, {"plan": ["b"]}]
        with self.assertRaisesRegex(TypeError, "^attributes: plan: row 1: expected str"):
            a.add_frame(df)
        self.assertEqual(a.event_count, 0)

    # Events whose attributes hold booleans, numbers and null, as a file
    # writes them; the JSON Lines reader keeps a number or a boolean as its
    # text and null as no attribute. c4's "n" is 1e2 in the file, which
    # pandas reads as the float 100.0.
    JSON_EVENTS = "".join(
        '{"customer":"%s","at":"2026-03-01T00:00:0%dZ","touchpoint":"ad",'
        '"attributes":%s}\n' % row for row in (
            ("c1", 1, '{"trial":false,"seats":2.5,"n":12}'),
            ("c2", 1, '{"trial":true,"seats":2.5,"n":12}'),
            ("c3", 1, '{"trial":null,"seats":null,"n":-3}'),
            ("c4", 1, '{"trial":false,"plan":"pro","n":1e2}'),
            ("c5", 1, 'null')))

    @unittest.skipUnless(pd is not None and cjm.has_json, "needs pandas and libcjm-json")
    def test_json_values_in_a_frame(self):
        frame = pd.read_json(io.StringIO(self.JSON_EVENTS), lines=True)
        want = {"trial": [("false", 2), (None, 2), ("true", 1)],
                "seats": [(None, 3), ("2.5", 2)],
                "n": [("12", 2), ("-3", 1), ("100.0", 1), (None, 1)],
                "plan": [(None, 4), ("pro", 1)]}
        for key, segs in want.items():
            with self.subTest(key=key):
                framed = cjm.Analysis(funnel_map(), breakdown=key)
                framed.add_frame(frame)
                self.assertEqual(segments(framed.report()), segs)
                if key != "n":  # the reader keeps the file's 1e2
                    read = cjm.Analysis(funnel_map(), breakdown=key)
                    read.read_jsonl(self.JSON_EVENTS)
                    self.assertEqual(segments(read.report()), segs)
        # NaN is no attribute, as None; numpy's scalars as Python's.
        import numpy as np
        frame["attributes"] = [{"n": float("nan")}, {"n": np.float64(0.1)}, {"n": np.int64(7)},
                               {"n": np.bool_(True)}, {"n": None}]
        a = cjm.Analysis(funnel_map(), breakdown="n")
        a.add_frame(frame)
        self.assertEqual(segments(a.report()), [(None, 2), ("0.1", 1), ("7", 1), ("true", 1)])

    @unittest.skipUnless(pd is not None, "pandas is not installed")
    def test_json_values_refused(self):
        frame = pd.DataFrame(dict(customer=["c1", "c2"], at=[1, 2], touchpoint=["ad", "ad"]))
        bad = {"inf": (math.inf, ValueError, "^attributes: n: row 1: inf is not a finite"),
               "-inf": (-math.inf, ValueError, "^attributes: n: row 1: -inf is not a finite"),
               "dict": ({"x": 1}, TypeError, "^attributes: n: row 1: expected str, a number "
                                             "or a bool, not dict"),
               "list": ([1], TypeError, "^attributes: n: row 1: .*not list")}
        a = cjm.Analysis(funnel_map(), breakdown="plan")
        for what, (value, error, message) in bad.items():
            with self.subTest(what=what):
                frame["attributes"] = [{"plan": "a"}, {"plan": "b", "n": value}]
                with self.assertRaisesRegex(error, message):
                    a.add_frame(frame)
        self.assertEqual(a.event_count, 0)


if __name__ == "__main__":
    unittest.main()
