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
        if obj is None or part not in obj:  # absent members read as null
            return None
        obj = obj[part]
    return obj


def described():
    """{table name as tables() gives it: [column names]} from the library,
    for the tables it fills (a table placed row by row in another starts
    with parent_row)."""
    children = {c.child for t in _tables.describe()[1:] for c in t.columns
                if c.type == _tables.TABLE}
    return {NAMES.get(t.name, t.name): ([_tables.PARENT_ROW] if t.index in children else [])
            + [c.name for c in t.columns if c.type != _tables.TABLE]
            for t in _tables.describe() if t.columns}


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
        # What 1.0 knew of each stage (a later figure, such as exits, only
        # comes with the description).
        self.assertEqual(old.stages, [{k: s[k] for k in old.stages[0]} for s in new.stages])
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
class FakeLibrary:
    """A made-up description holding every form the library's may hold:
    per-row runs of a child, a null table column, a list table, a keyed
    one, absent values and an object of absent members; read as ctypes
    passes the calls (outputs by reference)."""
    COUNT, TEXT, TABLE = _tables.COUNT, _tables.TEXT, _tables.TABLE
    ABSENT = object()

    def __init__(self, optional):
        o, A = optional, self.ABSENT
        # (name, form, [(column, type, nullable or "optional", child)], rows of
    # cells); parts' items hold nulls of a nullable column.
        self.tables = [
            ("doc", "objects", [("title", self.TEXT, False, 0),
                                ("extra.a", self.COUNT, "optional", 0),
                                ("extra.b", self.COUNT, "optional", 0),
                                ("items", self.TABLE, False, 1),
                                ("note", self.TEXT, "optional", 0),
                                ("counts", self.TABLE, "optional", 4)],
             [["forms", 1 if o else A, None if o else A, (0, 3), None if o else A,
               (0, 2) if o else A]]),
            ("items", "objects", [("id", self.TEXT, False, 0), ("parts", self.TABLE, True, 2),
                                  ("tags", self.TABLE, False, 3),
                                  ("segment", self.TEXT, "optional", 0)],
             [["i0", (0, 2), (0, 2), A], ["i1", (2, 1), (2, 0), None],
              ["i2", None, (2, 1), "x"]]),
            ("parts", "objects", [("n", self.COUNT, False, 0)], [[10], [20], [30]]),
            ("tags", "list", [("tag", self.TEXT, False, 0)], [["a"], ["b"], ["c"]]),
            ("counts", "keyed", [("key", self.TEXT, False, 0), ("value", self.COUNT, False, 0)],
             [["x", 1], ["y", 2]]),
        ]

    def cjm_table_count(self):
        return len(self.tables)

    def cjm_table_name(self, t):
        return self.tables[t][0].encode()

    def cjm_table_keyed(self, t):
        return self.tables[t][1] == "keyed"

    def cjm_table_list(self, t):
        return self.tables[t][1] == "list"

    def cjm_table_column_count(self, t):
        return len(self.tables[t][2])

    def cjm_table_column_name(self, t, c):
        return self.tables[t][2][c][0].encode()

    def cjm_table_column_type(self, t, c):
        return self.tables[t][2][c][1]

    def cjm_table_column_nullable(self, t, c):
        return self.tables[t][2][c][2] is not False

    def cjm_table_column_optional(self, t, c):
        return self.tables[t][2][c][2] == "optional"

    def cjm_table_column_table(self, out, t, c):
        out._obj.value = self.tables[t][2][c][3]
        return 0

    def cjm_report_row_count(self, r, t):
        return len(self.tables[t][3])

    def _cell(self, t, row, c):
        return self.tables[t][3][row][c]

    def cjm_report_value_is_absent(self, r, t, row, c):
        return self._cell(t, row, c) is self.ABSENT

    def cjm_report_value_is_null(self, r, t, row, c):
        return self._cell(t, row, c) in (None, self.ABSENT)

    def cjm_report_child_rows(self, first, count, r, t, row, c):
        first._obj.value, count._obj.value = self._cell(t, row, c)
        return 0

    def cjm_report_value_count(self, out, r, t, row, c):
        out._obj.value = self._cell(t, row, c)
        return 0

    def cjm_report_value_text(self, out, r, t, row, c):
        out._obj.value = self._cell(t, row, c).encode()
        return 0


class FormsTest(unittest.TestCase):
    """The binding's reading of every form, on the made-up description."""

    def read(self, optional):
        _tables.describe.cache_clear()
        try:
            with mock.patch.object(_tables, "lib", FakeLibrary(optional)):
                return _tables.document(None), _tables.flat_rows(None)
        finally:
            _tables.describe.cache_clear()

    ITEMS = [{"id": "i0", "parts": [{"n": 10}, {"n": 20}], "tags": ["a", "b"]},
             {"id": "i1", "parts": [{"n": 30}], "tags": [], "segment": None},
             {"id": "i2", "parts": None, "tags": ["c"], "segment": "x"}]

    def test_document(self):
        doc, _ = self.read(True)
        self.assertEqual(json.dumps(doc), json.dumps({
            "title": "forms", "extra": {"a": 1, "b": None}, "items": self.ITEMS,
            "note": None, "counts": {"x": 1, "y": 2}}))
        doc, _ = self.read(False)  # absent members and objects left out
        self.assertEqual(json.dumps(doc), json.dumps({"title": "forms", "items": self.ITEMS}))

    def test_flat_rows_name_the_parent_row(self):
        _, tables = self.read(True)
        self.assertEqual(tables["parts"][0], ["parent_row", "n"])
        self.assertEqual(tables["parts"][1], [{"parent_row": 0, "n": 10},
                                              {"parent_row": 0, "n": 20},
                                              {"parent_row": 1, "n": 30}])
        self.assertEqual(tables["tags"][1], [{"parent_row": 0, "tag": "a"},
                                             {"parent_row": 0, "tag": "b"},
                                             {"parent_row": 2, "tag": "c"}])
        self.assertEqual(tables["items"][0], ["id", "segment"])
        self.assertEqual([row["segment"] for row in tables["items"][1]], [None, None, "x"])
        self.assertEqual(tables["doc"][1], [{"title": "forms", "extra.a": 1, "extra.b": None,
                                                "note": None}])

    def test_tables_without_columns_are_left_out(self):
        names = [t.name for t in _tables.describe()]
        self.assertEqual(names[7:15], ["segments", "segment_stages", "paths", "path_stages",
                                       "flow_edges", "flow_starts", "flow_ends", "exits"])
        self.assertTrue(_tables.describe()[10].list)
        tables = funnel_report().tables()
        for t in _tables.describe():
            if not t.columns:
                self.assertNotIn(t.name, tables)


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
