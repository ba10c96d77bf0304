"""DataFrames and numpy columns as they are: datetime64 naive and
tz-aware, NaN / None / pd.NA as missing, categoricals, integer ids, and a
clear error naming the column and row for everything else."""
import math
import unittest

import cjm
from test_cjm import FUNNEL, columns, funnel_map, funnel_report

try:
    import numpy as np
    import pandas as pd
except ImportError:  # pragma: no cover
    np = pd = None


def funnel_frame():
    return pd.DataFrame({
        "customer": [e[0] for e in FUNNEL],
        "at": pd.to_datetime([e[1] for e in FUNNEL], unit="ms"),
        "touchpoint": [e[2] for e in FUNNEL],
        "channel": [e[3] for e in FUNNEL],
        "stage": [e[4] for e in FUNNEL],
        "score": [e[5] for e in FUNNEL],
        "lo": [float(e[6]) for e in FUNNEL],
        "hi": [float(e[7]) for e in FUNNEL],
    })


def frame_report(frame, **keywords):
    a = cjm.Analysis(funnel_map())
    a.add_frame(frame, scale=("lo", "hi"), **keywords)
    return a.report()


@unittest.skipUnless(pd is not None, "pandas is not installed")
class FrameTest(unittest.TestCase):
    def setUp(self):
        self.want = funnel_report()

    def test_frame_as_it_is(self):
        self.assertEqual(frame_report(funnel_frame()), self.want)

    def test_datetimes_naive_aware_and_units(self):
        df = funnel_frame()
        df["at"] = df["at"].dt.tz_localize("UTC").dt.tz_convert("America/New_York")
        self.assertEqual(frame_report(df), self.want)
        df = funnel_frame()
        df["at"] = df["at"].astype("datetime64[ns]").to_numpy().astype("datetime64[us]")
        self.assertEqual(frame_report(df), self.want)
        df = funnel_frame()
        df["at"] = df["at"].astype("int64") // 10 ** 6  # ms as int64
        self.assertEqual(frame_report(df), self.want)
        df["at"] = df["at"].astype("float64")
        self.assertEqual(frame_report(df), self.want)
        df["at"] = pd.array(df["at"].astype("int64"), dtype="Int64")
        self.assertEqual(frame_report(df), self.want)
        df["at"] = [cjm.format_time(int(t)) for t in df["at"]]  # as read from JSON Lines
        self.assertEqual(frame_report(df), self.want)
        df.loc[2, "at"] = "2026-13-01T00:00:00Z"
        with self.assertRaises(cjm.ParseError) as e:
            frame_report(df)
        self.assertIn("at: row 2: cjm_time_parse", str(e.exception))

    def test_missing_values(self):
        df = funnel_frame()
        df["channel"] = df["channel"].astype("string")  # None -> pd.NA
        df["stage"] = df["stage"].fillna(np.nan)
        df["score"] = pd.array(df["score"].where(df["score"].notna(), None), dtype="Float64")
        self.assertEqual(frame_report(df), self.want)

    def test_categoricals_and_integer_ids(self):
        df = funnel_frame().astype({"customer": "category", "touchpoint": "category",
                                    "channel": "category", "stage": "category"})
        self.assertEqual(frame_report(df), self.want)
        ids = funnel_frame()
        ids["customer"] = ids["customer"].str[1:].astype("int64")
        r = frame_report(ids)
        self.assertEqual((r.customers, r.events, r.stages), (6, 19, self.want.stages))
        ids["customer"] = ids["customer"].astype("float64")  # integers with room for NaN
        self.assertEqual(frame_report(ids).stages, self.want.stages)

    def test_series_numpy_and_mixed_columns(self):
        df = funnel_frame()
        cols = dict(customers=df["customer"], at=df["at"], touchpoints=df["touchpoint"].to_numpy(),
                    channels=list(df["channel"]), stages=df["stage"], scores=df["score"],
                    scale_min=df["lo"].to_numpy(), scale_max=df["hi"])
        a = cjm.Analysis(funnel_map())
        a.add_columns(**cols)
        self.assertEqual(a.report(), self.want)
        a = cjm.Analysis(funnel_map())
        plain = columns(FUNNEL)
        plain["at"] = np.array(plain["at"], dtype="uint64")
        plain["customers"] = np.array(plain["customers"])  # numpy str_ (dtype <U2)
        a.add_columns(**plain)
        self.assertEqual(a.report(), self.want)

    def test_errors_name_column_and_row(self):
        cases = [
            ("at", 3, pd.NaT, ValueError, "at: row 3: NaT"),
            ("customer", 4, None, ValueError, "customer: row 4: missing"),
            ("touchpoint", 5, np.nan, ValueError, "touchpoint: row 5: missing"),
            ("customer", 2, b"bytes", TypeError, "customer: row 2"),
            ("channel", 6, True, TypeError, "channel"),
        ]
        for column, row, value, error, message in cases:
            df = funnel_frame()
            df[column] = df[column].astype(object)
            df.loc[row, column] = value
            a = cjm.Analysis(funnel_map())
            with self.assertRaises(error, msg=column) as e:
                a.add_frame(df, scale=("lo", "hi"))
            self.assertIn(message, str(e.exception))
            self.assertEqual(a.event_count, 0)
        df = funnel_frame()
        df["at"] = df["at"].astype("int64") + 1767225600000 * 10 ** 6  # ns, not ms
        with self.assertRaises(cjm.Error) as e:
            cjm.Analysis(funnel_map()).add_frame(df)
        self.assertIn("event 0: at", str(e.exception))
        nat = funnel_frame()
        nat.loc[7, "at"] = pd.NaT
        nat["at"] = nat["at"].astype("int64") // 10 ** 6  # the usual way: NaT -> 1677
        with self.assertRaises(ValueError) as e:
            cjm.Analysis(funnel_map()).add_frame(nat)
        self.assertIn("at: row 7", str(e.exception))
        df = funnel_frame()
        df.loc[1, "touchpoint"] = "kiosk"  # unplanned, no channel: the library's message
        with self.assertRaises(cjm.InvalidError) as e:
            cjm.Analysis(funnel_map()).add_frame(df)
        self.assertIn("event 1", str(e.exception))
        with self.assertRaises(KeyError):
            cjm.Analysis(funnel_map()).add_frame(df, customer="who")
        with self.assertRaises(TypeError):
            cjm.Analysis(funnel_map()).add_frame(df.to_dict())
        with self.assertRaises(TypeError):
            cjm.Analysis(funnel_map()).add_frame(df, scale=5)
        with self.assertRaisesRegex(KeyError, "attributes: the frame has no column 'segment'"):
            cjm.Analysis(funnel_map()).add_frame(df, attributes=["segment"])

    def test_lenient_frame_counts_rows(self):
        df = funnel_frame()
        df.loc[1, "touchpoint"] = "kiosk"
        a = cjm.Analysis(funnel_map(), lenient=True)
        a.add_frame(df, scale=("lo", "hi"))
        self.assertEqual(a.rejected, 1)
        self.assertIn("event 1", a.rejected_messages[0])

    def test_optional_columns_and_scales(self):
        df = funnel_frame()[["customer", "at", "touchpoint"]]
        a = cjm.Analysis(funnel_map(), default_channel="other")
        a.add_frame(df)  # no channel, stage or score column: none used
        self.assertEqual(a.event_count, 19)
        self.assertIn("other", a.report().channels["events"])
        df = funnel_frame()
        plain = df[df["score"].isna() | (df["lo"] == -2)]
        a = cjm.Analysis(funnel_map())
        a.add_frame(plain, scale=(-2, 2))
        b = cjm.Analysis(funnel_map())
        b.add_frame(plain)  # the default scale
        self.assertEqual(a.report(), b.report())
        a = cjm.Analysis(funnel_map(), default_channel="other")
        a.add_frame(df, channel=None, stage=None, score=None)
        # No customers' feedback; the map's own note is counted apart.
        self.assertEqual((a.report().feedback, a.report().totals["map_feedback"]), (0, 1))

    def test_one_scale_given_once(self):
        # A scale of two numbers reaches the library as one pair, not as
        # two columns of n numbers; figures as with the scale per event.
        df = funnel_frame()
        df.loc[9, "score"] = 1.0  # -2 on -2..2 is 1 on 1..5: every score on 1..5
        df["lo"], df["hi"] = 1.0, 5.0
        if cjm._columns.ONE_SCALE:
            cols = cjm._columns.Columns(df["customer"], df["at"], df["touchpoint"],
                                        scores=df["score"], scale_min=1, scale_max=5,
                                        use_dictionary=True)
            self.assertEqual((cols.one_scale, cols.scale_min, cols.scale_max),
                             ((1.0, 5.0), None, None))
        a = cjm.Analysis(funnel_map())
        a.add_frame(df, scale=(1, 5))
        self.assertEqual(a.report(), frame_report(df))
        self.assertAlmostEqual(a.report().stages[1]["mean_score"], -1.0)
        with self.assertRaises(cjm.RangeError) as caught:
            cjm.Analysis(funnel_map()).add_frame(df, scale=(5, 1))
        self.assertIn("event 9", str(caught.exception))
        with self.assertRaises(TypeError):
            cjm.Analysis(funnel_map()).add_frame(df, scale=(True, 5))

    def test_frame_dtypes_from_the_description(self):
        """A column has its type's dtype whatever its values: all null
        (no transition yet) or an empty table are not object columns."""
        from cjm import _tables
        if not _tables.available():
            self.skipTest("the library does not describe its report")
        empty = cjm.Analysis(funnel_map()).report().to_frames()
        full = funnel_report().to_frames()
        kinds = {_tables.COUNT: "iu", _tables.INTEGER: "iu", _tables.REAL: "f",
                 _tables.BOOLEAN: "b", _tables.TEXT: "O"}
        described = {d.name: d for d in _tables.describe()}
        names = {"switches": "matrix", "backtracks": "backtrack_pairs"}
        for frames in (empty, full):
            for name, frame in frames.items():
                desc = described[names.get(name, name)]
                for c in desc.columns:
                    if c.type not in kinds:
                        continue
                    with self.subTest(table=name, column=c.name):
                        dtype = frame[c.name].dtype
                        self.assertIn(dtype.kind, kinds[c.type])
                        self.assertEqual(dtype, empty[name][c.name].dtype)
        stages = empty["stages"]
        self.assertTrue(stages["median_transition_ms"].isna().all())
        self.assertEqual(str(stages["median_transition_ms"].dtype), "Int64")
        self.assertEqual(str(stages["median_transition"].dtype), "timedelta64[ns]")
        self.assertEqual(str(stages["mean_score"].dtype), "float64")
        # Nullable integers stay exact: no float in between.
        self.assertEqual(full["stages"]["median_transition_ms"][1], 9)
        self.assertIs(full["stages"]["median_transition_ms"][2], pd.NA)

    def test_equal_strings_in_distinct_objects(self):
        """Object columns are factorized by object (then by value unless
        all str): equal strings held by distinct objects are one id, a missing value
        (None, NaN, pd.NA, each its own object) none, an integer id its
        text."""
        df = funnel_frame()
        df["customer"] = [("" + c + ".")[:-1] for c in df["customer"]]  # new objects
        self.assertGreater(len(set(map(id, df["customer"]))), df["customer"].nunique())
        self.assertEqual(frame_report(df), self.want)
        channels = list(df["channel"])
        df["channel"] = [c if c is not None else m for c, m in
                         zip(channels, [None, math.nan, pd.NA, float("nan")] * len(channels))]
        self.assertEqual(frame_report(df), self.want)
        df = funnel_frame()
        ids = {c: k for k, c in enumerate(sorted(set(df["customer"])))}
        df["customer"] = pd.Series([ids[c] if i % 2 else str(ids[c])
                                    for i, c in enumerate(df["customer"])], dtype=object)
        by_number = funnel_frame()
        by_number["customer"] = [str(ids[c]) for c in by_number["customer"]]
        self.assertEqual(frame_report(df), frame_report(by_number))
        df["customer"] = df["customer"].astype(object).where(df.index != 2, None)
        with self.assertRaisesRegex(ValueError, "^customer: row 2: missing"):
            frame_report(df)
        df["customer"] = [b"x"] * len(df)
        with self.assertRaisesRegex(TypeError, "^customer: row 0: expected str, not bytes"):
            frame_report(df)
        df["customer"] = ["c"] * (len(df) - 1) + [["c"]]  # unhashable: named, not hashed
        with self.assertRaisesRegex(TypeError, f"^customer: row {len(df) - 1}: expected str, "
                                               "not list"):
            frame_report(df)

    def test_report_frames(self):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no warning from pandas on the way
            frames = funnel_report().to_frames()
        self.assertEqual(set(frames), {"stages", "touchpoints", "channels", "switches",
                                       "backtracks", "gaps", "segments", "segment_stages",
                                       "paths", "path_stages", "flow_edges", "flow_starts",
                                       "flow_ends", "exits"})
        self.assertEqual(list(frames["stages"]["reached"]), [5, 4, 3])
        self.assertEqual(frames["stages"]["median_transition"][1], pd.Timedelta(milliseconds=9))
        self.assertTrue(pd.isna(frames["stages"]["median_transition"][2]))
        self.assertEqual(frames["switches"]["count"].sum(), 7)
        self.assertEqual(list(frames["backtracks"].columns), ["from", "to", "count", "customers"])
        self.assertEqual(len(frames["gaps"]), len(funnel_report()))
        empty = cjm.Analysis(funnel_map()).report().to_frames()
        self.assertEqual(list(empty["switches"].columns), ["from", "to", "count"])


@unittest.skipUnless(pd is not None, "pandas is not installed")
class LargeFrameTest(unittest.TestCase):
    """What large frames take, on small ones: distinct objects found by a
    pass over the rows, frames that are views of others, strided
    columns."""

    def setUp(self):
        self.want = funnel_report()

    def test_many_distinct_objects(self):
        df = funnel_frame()
        self.assertEqual(frame_report(df), self.want)
        self.assertEqual(frame_report(df.astype({"customer": "category", "touchpoint":
                                                 "category", "channel": "category"})),
                         self.want)
        df["customer"] = [("" + c + ".")[:-1] for c in df["customer"]]  # distinct objects
        df["channel"] = df["channel"].fillna(np.nan)  # NaN in a string column
        self.assertEqual(frame_report(df), self.want)

    def test_views_and_strided_columns(self):
        df = funnel_frame()
        other = funnel_frame().assign(customer="zz", touchpoint="site", channel="web")
        both = pd.concat([df, other], ignore_index=True)
        self.assertEqual(frame_report(both.iloc[:len(df)]), self.want)  # a slice
        mixed = pd.concat([df, other]).sort_index(kind="stable")  # rows of df, then other
        self.assertEqual(frame_report(mixed.iloc[::2]), self.want)  # every other row
        cols = {name: np.repeat(df[name].to_numpy(), 2)[::2] for name in df}
        self.assertFalse(cols["customer"].flags.c_contiguous)
        a = cjm.Analysis(funnel_map())
        a.add_columns(cols["customer"], cols["at"], cols["touchpoint"], cols["channel"],
                      cols["stage"], cols["score"], cols["lo"], cols["hi"])
        self.assertEqual(a.report(), self.want)

    def test_mixed_and_bad_values(self):
        FrameTest.test_equal_strings_in_distinct_objects(self)

    def test_first_bad_column_named_first(self):
        df = funnel_frame()
        df["touchpoint"] = df["touchpoint"].astype(object).where(df.index != 1, None)
        df["customer"] = df["customer"].astype(object).where(df.index != 4, b"x")
        a = cjm.Analysis(funnel_map())
        with self.assertRaisesRegex(TypeError, "^customer: row 4: expected str, not bytes"):
            a.add_frame(df, scale=("lo", "hi"))
        df["customer"] = funnel_frame()["customer"]
        with self.assertRaisesRegex(ValueError, "^touchpoint: row 1: missing"):
            a.add_frame(df, scale=("lo", "hi"))
        self.assertEqual(a.event_count, 0)


class FramesWithoutPandasTest(unittest.TestCase):
    def test_tables_are_lists_of_dicts(self):
        tables = funnel_report().tables()
        self.assertEqual(tables["stages"][0]["id"], "a")
        self.assertEqual(sum(m["count"] for m in tables["switches"]), 7)
        self.assertTrue(all(isinstance(rows, list) for rows in tables.values()))

    def test_missing_in_lists(self):
        cols = columns(FUNNEL)
        cols["channels"] = [math.nan if c is None else c for c in cols["channels"]]
        a = cjm.Analysis(funnel_map())
        a.add_columns(**cols)
        self.assertEqual(a.report(), funnel_report())
        cols["customers"][3] = None
        with self.assertRaises(ValueError) as e:
            cjm.Analysis(funnel_map()).add_columns(**cols)
        self.assertIn("customers: row 3: missing", str(e.exception))


if __name__ == "__main__":
    unittest.main()
