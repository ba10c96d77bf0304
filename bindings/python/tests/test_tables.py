"""The report read through the library's description of it: every column
of every table in to_dict(), tables() and to_frames(), the report of a
library without the description read figure by figure alike, and the
options of later releases."""
import copy
import json
import pickle
import unittest
from unittest import mock

import cjm
from cjm import _tables
from cjm import report as report_module
from test_cjm import FUNNEL, columns, funnel_map, funnel_report

try:
    import pandas as pd
except ImportError:  # pragma: no cover
    pd = None

NAMES = {"matrix": "switches", "backtrack_pairs": "backtracks"}


def member(obj, dotted):
    """The member a column's dotted name points at in a document's object."""
    for part in dotted.split("."):
        if obj is None:
            return None
        obj = obj[part]
    return obj


def described():
    """{table name as tables() gives it: [column names]} from the library."""
    return {NAMES.get(t.name, t.name): [c.name for c in t.columns if c.type != _tables.TABLE]
            for t in _tables.describe()}


@unittest.skipUnless(_tables.available(), "the loaded libcjm does not describe its report")
class DescribedReportTest(unittest.TestCase):
    def setUp(self):
        self.report = funnel_report()

    def test_description_names_every_table(self):
        names = [t.name for t in _tables.describe()]
        self.assertEqual(names[:7], ["report", "stages", "touchpoints", "channels", "matrix",
                                     "backtrack_pairs", "gaps"])
        stages = {c.name: c for c in _tables.describe()[1].columns}
        self.assertEqual(stages["median_transition_ms"].type, _tables.INTEGER)
        self.assertTrue(stages["mean_score"].nullable)
        self.assertFalse(stages["reached"].nullable)

    def test_every_column_in_tables_and_document(self):
        doc, tables = self.report.to_dict(), self.report.tables()
        want = described()
        del want["report"]
        self.assertEqual({n: list(rows[0]) if rows else want[n] for n, rows in tables.items()},
                         want)
        where = {"stages": doc["stages"], "touchpoints": doc["touchpoints"],
                 "switches": doc["channels"]["matrix"], "backtracks": doc["backtracks"]["pairs"],
                 "gaps": doc["gaps"]}
        for name, objects in where.items():
            self.assertEqual(len(tables[name]), len(objects), name)
            for row, obj in zip(tables[name], objects):
                for column, value in row.items():
                    self.assertEqual(value, member(obj, column), f"{name}.{column}")
        self.assertEqual({r["channel"]: r["events"] for r in tables["channels"]},
                         doc["channels"]["events"])
        for column, value in self.report.figures().items():
            self.assertEqual(value, member(doc, column), column)

    def test_figures_by_hand(self):
        r = self.report
        stages = {s["id"]: s for s in r.tables()["stages"]}
        # The map's own note on checkout (2 on -2..2): 1.0, beside the customers'.
        self.assertEqual((stages["b"]["map_feedback"], stages["b"]["map_mean_score"]), (1, 1.0))
        self.assertEqual((stages["c"]["feedback"], stages["c"]["mean_score"]), (1, -1.0))
        self.assertEqual((stages["a"]["map_feedback"], stages["a"]["map_mean_score"]), (0, None))
        checkout = [t for t in r.touchpoints if t["id"] == "checkout"][0]
        self.assertEqual((checkout["map_feedback"], checkout["map_mean_score"]), (1, 1.0))
        figures = r.figures()
        self.assertEqual((figures["totals.customers"], figures["totals.feedback"],
                          figures["totals.map_feedback"]), (6, 2, 1))
        self.assertEqual(r.totals["map_feedback"], 1)
        self.assertEqual(figures["journey"], "funnel")
        self.assertEqual(r.version, r.to_dict()["version"])

    def test_empty_report_keeps_every_column(self):
        r = cjm.Analysis(funnel_map()).report()
        tables = r.tables()
        self.assertEqual(tables["switches"], [])
        self.assertEqual(len(tables["stages"]), 3)
        if pd is None:
            return
        frames = r.to_frames()
        for name, names in described().items():
            if name != "report":
                self.assertEqual(list(frames[name].columns)[:len(names)], names, name)

    @unittest.skipUnless(pd is not None, "pandas is not installed")
    def test_frames_have_every_column_and_durations(self):
        frames = self.report.to_frames()
        for name, names in described().items():
            if name == "report":
                continue
            self.assertEqual(list(frames[name].columns)[:len(names)], names, name)
        stages = frames["stages"]
        self.assertEqual(list(stages["map_feedback"]), [0, 0, 1])
        integers = [c.name for c in _tables.describe()[1].columns if c.type == _tables.INTEGER]
        for column in integers:  # every duration also as a Timedelta
            self.assertIn(report_module._ms_companion(column), stages.columns)
        self.assertEqual(stages["median_transition"][0], pd.Timedelta(milliseconds=4))
        if "transition_ms.p50" in stages.columns:  # p50 is the median, as a Timedelta too
            self.assertEqual(list(stages["transition.p50"][:2]),
                             list(stages["median_transition"][:2]))
            self.assertTrue(pd.isna(stages["transition.p50"][2]))

    def test_duration_companion_names(self):
        self.assertEqual(report_module._ms_companion("median_transition_ms"),
                         "median_transition")
        self.assertEqual(report_module._ms_companion("transition_ms.p50"), "transition.p50")
        self.assertIsNone(report_module._ms_companion("reached"))

    def test_plain_data(self):
        r = self.report
        self.assertEqual(pickle.loads(pickle.dumps(r)), r)
        self.assertEqual(copy.deepcopy(r), r)
        stages = r.stages
        stages[0]["reached"] = -1
        r.tables()["stages"][0]["reached"] = -1
        self.assertEqual(r.stages[0]["reached"], 5)
        self.assertEqual(r.tables()["stages"][0]["reached"], 5)
        self.assertNotEqual(r, funnel_report(min_customers=4))

    def test_to_dict_equals_json(self):
        if not cjm.has_json:
            self.skipTest("libcjm-json is not installed")
        a = cjm.Analysis(funnel_map())
        a.add_columns(**columns(FUNNEL))
        self.assertEqual(json.loads(a.report_json()), a.report().to_dict())

    def test_a_library_without_the_description(self):
        # A libcjm 1.0 has no tables: the report is read figure by figure,
        # with the same document and the same tables for what 1.0 knew.
        with mock.patch.object(_tables, "available", return_value=False):
            old = funnel_report()
        new = self.report
        self.assertEqual(old.stages, new.stages)
        self.assertEqual(old.gaps, new.gaps)
        for name, rows in old.tables().items():
            self.assertEqual(rows, [{k: row[k] for k in rows[0]} for row in
                                    new.tables()[name]] if rows else [], name)
        self.assertEqual(old.figures()["totals.customers"], 6)
        if pd is not None:
            frames = old.to_frames()
            self.assertEqual(frames["stages"]["median_transition"][1],
                             pd.Timedelta(milliseconds=9))

    def test_gaps_keep_their_fields(self):
        gaps = self.report.gaps
        self.assertEqual([g.to_dict() for g in gaps],
                         [{k: g[k] for k in cjm.Gap.__dataclass_fields__}
                          for g in self.report.to_dict()["gaps"]])


@unittest.skipUnless(hasattr(cjm.Options(), "confidence"),
                     "the loaded libcjm has no confidence option")
class ConfidenceTest(unittest.TestCase):
    def test_default_range_and_effect(self):
        o = cjm.Options()
        self.assertEqual(o.confidence, 0.95)
        o.confidence = 0
        self.assertEqual(o.confidence, 0.0)
        self.assertEqual(cjm.Options(confidence=0.99).settings()["confidence"], 0.99)
        for bad in (0.3, 1.0, -0.1):
            with self.assertRaises(cjm.RangeError):
                cjm.Options(confidence=bad)
        with self.assertRaises(TypeError):
            cjm.Options(confidence="0.9")
        self.assertEqual(pickle.loads(pickle.dumps(cjm.Options(confidence=0))).confidence, 0)
        # One customer's angry note is a pain point only without the evidence rule.
        plain = [g.kind for g in funnel_report(confidence=0).gaps]
        sure = [g.kind for g in funnel_report().gaps]
        self.assertIn("pain_point", plain)
        self.assertNotIn("pain_point", sure)


if __name__ == "__main__":
    unittest.main()
