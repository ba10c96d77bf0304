"""The interpreter never crashes and no bad value is silently taken:
copies, pickles, handles of the wrong type, threads, and values that
ctypes would convert quietly. Code that once crashed runs in a child
interpreter, so a crash fails its test instead of ending the suite."""
import copy
import datetime
import math
import os
import pickle
import subprocess
import sys
import textwrap
import threading
import unittest

try:
    import numpy as np
    import pandas as pd
except ImportError:  # pragma: no cover
    np = pd = None

import cjm
from test_cjm import FUNNEL, columns, funnel_map, funnel_report

HERE = os.path.dirname(os.path.abspath(__file__))


def run_child(test, code):
    """Runs `code` in a fresh interpreter; the test fails on a crash."""
    prelude = "import sys, gc, copy, threading\nsys.path.insert(0, %r)\n" \
              "import cjm\nfrom test_cjm import *\n" % HERE
    result = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)],
                            capture_output=True, text=True, timeout=120)
    test.assertEqual(result.returncode, 0,
                     f"the interpreter died or failed ({result.returncode}):\n"
                     f"{result.stdout}{result.stderr}")
    return result.stdout


class CopiesTest(unittest.TestCase):
    def test_copy_of_a_journey_is_independent(self):
        out = run_child(self, """
            j = funnel_map()
            c, d = copy.copy(j), copy.deepcopy(j)
            del j
            gc.collect()
            c.find_stage("a").name = "changed"
            print(c.find_stage("a").name, d.find_stage("a").name, len(c), len(d))
            del c, d
            gc.collect()
        """)
        self.assertEqual(out.split(), ["changed", "Aware", "3", "3"])

    def test_copy_of_an_analysis_holds_the_same_events(self):
        out = run_child(self, """
            a = cjm.Analysis(funnel_map())
            a.add_columns(**columns(FUNNEL))
            b, c = copy.copy(a), copy.deepcopy(a)
            a.close()
            del a
            gc.collect()
            b.add("c9", 1, "ad")
            print(b.event_count, c.event_count, c.report() == funnel_report())
        """)
        self.assertEqual(out.split(), ["20", "19", "True"])

    def test_parts_and_options_copies(self):
        j = funnel_map()
        for part in (j.stages[0], j.find_touchpoint("ad"), j.find_touchpoint("checkout").feedback[0]):
            with self.assertRaises(TypeError):
                copy.copy(part)
            with self.assertRaises(TypeError):
                copy.deepcopy(part)
            with self.assertRaises(TypeError):
                pickle.dumps(part)
        o = cjm.Options(min_customers=3, lenient=True, default_channel="web")
        o2 = copy.copy(o)
        o2.min_customers = 9
        self.assertEqual((o.min_customers, o2.min_customers), (3, 9))
        self.assertEqual(copy.deepcopy(o), o)
        self.assertEqual(pickle.loads(pickle.dumps(o)), o)

    @unittest.skipUnless(cjm.has_json or cjm.has_xml, "no document module")
    def test_pickles(self):
        j = funnel_map()
        self.assertEqual(pickle.loads(pickle.dumps(j)), j)
        a = cjm.Analysis(funnel_map(), min_customers=4)
        a.add_columns(**columns(FUNNEL))
        b = pickle.loads(pickle.dumps(a))
        self.assertEqual(b.report(), funnel_report(min_customers=4))
        self.assertEqual(b.map, j)
        self.assertEqual(cjm.Analysis.from_bytes(j, a.to_bytes()).report(), a.report())
        with self.assertRaises(cjm.ParseError):
            cjm.Analysis.from_bytes(j, b"nonsense")
        with self.assertRaises(cjm.ConflictError):
            cjm.Analysis.from_bytes(cjm.Journey("x", "X"), a.to_bytes())
        r = a.report()
        self.assertEqual(pickle.loads(pickle.dumps(r)), r)


class HandleTypesTest(unittest.TestCase):
    def test_wrong_handles_are_type_errors(self):
        out = run_child(self, """
            m = funnel_map()
            a = cjm.Analysis(m)
            for call in (lambda: a.merge(m), lambda: m.compare(m.stages[0]),
                         lambda: m.compare(m.find_touchpoint("ad")),
                         lambda: cjm.Analysis(m.stages[0]), lambda: m.gaps(m),
                         lambda: cjm.Analysis(m, a), lambda: m.remove_stage(m),
                         lambda: m.stages[0].remove_touchpoint(m.stages[0]),
                         lambda: m.find_touchpoint("ad").remove_feedback(m),
                         lambda: a.merge(None), lambda: m.compare(None)):
                try:
                    call()
                except TypeError as e:
                    print("TypeError")
        """)
        self.assertEqual(out.split(), ["TypeError"] * 11)

    def test_parts_of_another_journey(self):
        a, b = funnel_map(), funnel_map()
        with self.assertRaises(cjm.InvalidError):
            a.remove_stage(b.stages[0])
        with self.assertRaises(cjm.InvalidError):
            a.stages[0].remove_touchpoint(b.find_touchpoint("ad"))
        self.assertEqual(len(b), 3)

    def test_closed_analysis(self):
        a = cjm.Analysis(funnel_map())
        a.close()
        a.close()
        for call in (lambda: a.add("c", 1, "ad"), lambda: a.report(), lambda: a.event_count,
                     lambda: a.merge(cjm.Analysis(funnel_map())), lambda: copy.copy(a),
                     lambda: cjm.Analysis(funnel_map()).merge(a)):
            with self.assertRaises(ValueError):
                call()
        self.assertIn("closed", repr(a))


class ThreadsTest(unittest.TestCase):
    def test_one_analysis_fed_from_threads(self):
        out = run_child(self, """
            m = funnel_map()
            a = cjm.Analysis(m)
            def feed(k):
                n = 2000
                for i in range(10):
                    a.add(f"c{k}-{i}", i + 1, "ad")
                    a.add_columns([f"d{k}-{i}-{j}" for j in range(n)], list(range(1, n + 1)),
                                  ["ad", "site"] * (n // 2))
                    a.report()
            ts = [threading.Thread(target=feed, args=(k,)) for k in range(4)]
            [t.start() for t in ts]
            [t.join() for t in ts]
            print(a.event_count, a.customer_count)
        """)
        self.assertEqual(out.split(), [str(4 * 10 * 2001), str(4 * 10 * 2001)])

    def test_close_and_merge_while_others_work(self):
        run_child(self, """
            m = funnel_map()
            a, b = cjm.Analysis(m), cjm.Analysis(m)
            errors = []
            def work(x, y):
                for i in range(200):
                    try:
                        x.add(f"c{i}", i + 1, "ad")
                        x.merge(y)
                    except ValueError:
                        pass
            def remove():
                for s in m.stages:
                    try:
                        m.remove_stage(s)
                    except cjm.Error:
                        pass
            ts = [threading.Thread(target=work, args=(a, b)),
                  threading.Thread(target=work, args=(b, a)),
                  threading.Thread(target=a.close), threading.Thread(target=remove),
                  threading.Thread(target=lambda: [len(m.stages) for _ in range(200)])]
            [t.start() for t in ts]
            [t.join() for t in ts]
        """)


class ValuesTest(unittest.TestCase):
    def test_counts_flags_and_options(self):
        with self.assertRaises(cjm.RangeError) as e:
            cjm.Options(min_customers=-1)
        self.assertIn("min_customers", str(e.exception))
        with self.assertRaises(cjm.RangeError):
            cjm.Options(min_feedback=2 ** 64)
        with self.assertRaises(cjm.RangeError):
            cjm.Options(threads=2 ** 32)
        with self.assertRaises(TypeError) as e:
            cjm.Options(lenient="false")
        self.assertIn("lenient", str(e.exception))
        for bad in (1, None, "true"):
            with self.assertRaises(TypeError):
                cjm.Options(lenient=bad)
        with self.assertRaises(TypeError):
            cjm.Options(min_customers=2.5)
        with self.assertRaises(TypeError):
            cjm.Options(min_customers=True)
        with self.assertRaises(TypeError):
            cjm.Options(pain_threshold="low")
        with self.assertRaises(TypeError) as e:
            cjm.Analysis(funnel_map(), cjm.Options(), min_customers=5)
        self.assertIn("not both", str(e.exception))
        with self.assertRaises(TypeError):
            funnel_map().gaps(cjm.Options(), min_feedback=1)
        o = cjm.Options(default_channel="Web")
        self.assertEqual(o.default_channel, "web")
        o.default_channel = None
        self.assertIsNone(o.default_channel)

    def test_times(self):
        a = cjm.Analysis(funnel_map())
        t = 1767225600000
        with self.assertRaises(cjm.RangeError) as e:
            a.add("c", 2 ** 64 + t, "ad")
        self.assertIn("at", str(e.exception))
        with self.assertRaises(cjm.RangeError):
            cjm.format_time(2 ** 70)
        with self.assertRaises(cjm.RangeError):
            cjm.format_time(-2 ** 70)
        nat_ms = -(2 ** 63) // 10 ** 6  # pandas' NaT, astype("int64") // 10**6
        with self.assertRaises(ValueError) as e:
            a.add("c", nat_ms, "ad")
        self.assertIn("NaT", str(e.exception))
        with self.assertRaises(ValueError) as e:
            a.add_columns(["c", "d"], [t, nat_ms], ["ad", "ad"])
        self.assertIn("row 1", str(e.exception))
        with self.assertRaises(ValueError):
            a.add("c", math.nan, "ad")
        with self.assertRaises(cjm.ParseError):
            a.add("c", "2026-01-01", "ad")  # RFC 3339 needs a time and a zone
        self.assertEqual(a.event_count, 0)
        a.add("c", datetime.datetime(2026, 1, 1), "ad")
        a.add("c", datetime.datetime(2026, 1, 1, 1, tzinfo=datetime.timezone(
            datetime.timedelta(hours=1))), "site")
        a.add("c", float(t), "compare")
        self.assertEqual(a.event_count, 3)
        self.assertEqual(cjm.format_time(datetime.datetime(2026, 1, 1)), "2026-01-01T00:00:00Z")
        j = funnel_map()
        tp = j.find_touchpoint("ad")
        tp.at = datetime.datetime(2026, 3, 1, 9, 15)
        self.assertEqual(tp.time, datetime.datetime(2026, 3, 1, 9, 15,
                                                    tzinfo=datetime.timezone.utc))
        with self.assertRaises(cjm.RangeError):
            tp.at = 2 ** 63
        with self.assertRaises(cjm.RangeError):
            j.stages[0].expected_duration = -5
        j.stages[0].expected_duration = datetime.timedelta(hours=1)
        self.assertEqual(j.stages[0].expected, datetime.timedelta(hours=1))

    def test_columns_of_the_wrong_shape(self):
        a = cjm.Analysis(funnel_map())
        with self.assertRaises(TypeError):
            a.add_columns("ab", [1, 2], "xy")  # a str is not a column of ids
        with self.assertRaises(TypeError):
            a.add_columns(["a"], [True], ["ad"])
        with self.assertRaises(TypeError):
            a.add_columns(["a"], [1], ["ad"], scores=[True])
        with self.assertRaises(TypeError):
            a.add_columns(["a"], [1], ["ad"], scores=["2"])
        a.add_columns((c for c in ["a"]), [1], ["ad"])  # any iterable
        self.assertEqual(a.event_count, 1)

    @unittest.skipUnless(np is not None, "numpy is not installed")
    def test_sequences_are_not_values(self):
        # A list or tuple where a value goes, in any form of column: numpy
        # had made [[]] an array of no items (read past its end) and
        # [["c9", "zz"]] an array of two (its first item taken).
        a = cjm.Analysis(funnel_map(), breakdown="plan")
        tp = np.array(["ad"])
        for call, where in (
                (lambda: a.add_columns([[]], [1], tp), "customers: row 0"),
                (lambda: a.add_columns([["c9", "zz"]], [1], tp), "customers: row 0"),
                (lambda: a.add_columns(["c"], [1], tp, [()]), "channels: row 0"),
                (lambda: a.add_columns(["c"], [1], ["ad"], attributes={"plan": [[]]}),
                 "attributes['plan']: row 0"),
                (lambda: a.add("c", 1, "ad", attributes={"plan": ["gold", "silver"]}),
                 "attributes['plan']: row 0"),
                (lambda: a.add("c", 1, "ad", attributes={"plan": []}),
                 "attributes['plan']: row 0")):
            with self.assertRaises(TypeError) as caught:
                call()
            self.assertIn(where, str(caught.exception))
        with self.assertRaisesRegex(ValueError, "customers: expected one dimension, not 2"):
            a.add_columns(np.array([["c9", "zz"]], dtype=object), [1], tp)
        self.assertEqual(a.event_count, 0)

    @unittest.skipUnless(pd is not None, "pandas is not installed")
    def test_columns_pandas_would_convert_quietly(self):
        def state(at, **more):
            a = cjm.Analysis(funnel_map())
            a.add_columns(["c"], at, ["ad"], **more)
            return a.to_bytes()
        # A numpy time unit of several steps (datetime64[10ms]) counts them.
        self.assertEqual(state(np.array([177235650000], dtype="datetime64[10ms]")),
                         state([1772356500000]))
        self.assertEqual(state(np.array([5], dtype="datetime64[2h]")), state([36_000_000]))
        with self.assertRaises(cjm.RangeError):
            state(np.array([2 ** 62], dtype="datetime64[10s]"))
        # A nullable UInt64 time beyond int64 is out of range, not wrapped.
        with self.assertRaises(cjm.RangeError):
            state(pd.Series([2 ** 64 - 1000], dtype="UInt64"))
        # Scores of pandas types that are not numbers are refused, as the
        # same values in a list or a numpy array are.
        for scores in (pd.Series([True]), pd.Series([True], dtype="boolean"),
                       pd.Series([1 + 2j]), pd.Series(["nan"]), pd.Series(["4"]),
                       pd.Series(pd.to_datetime(["2026-01-01"])),
                       pd.Series([pd.Timedelta(1)])):
            with self.assertRaises(TypeError, msg=str(scores.dtype)):
                state([1], scores=scores, scale_min=1, scale_max=5)
        self.assertEqual(state([1], scores=pd.Series([4], dtype="Int64"), scale_min=1,
                               scale_max=5),
                         state([1], scores=[4.0], scale_min=1, scale_max=5))

    @unittest.skipUnless(pd is not None, "pandas is not installed")
    def test_too_many_attribute_keys_refused_at_once(self):
        # A column of dicts whose keys differ row by row: refused at the
        # key past the library's limit, before a column a key is made.
        n = 20_000
        df = pd.DataFrame({"customer": ["c"] * n, "at": range(n), "touchpoint": ["ad"] * n,
                           "attributes": [{f"k{i}": "v"} for i in range(n)]})
        a = cjm.Analysis(funnel_map())
        with self.assertRaisesRegex(cjm.LimitError, "row 1000: 'k1000': more than 1000"):
            a.add_frame(df)
        self.assertEqual(a.event_count, 0)

    @unittest.skipUnless(pd is not None, "pandas is not installed")
    def test_a_frame_changed_by_another_thread(self):
        # pandas hashes a column without the GIL: the objects another
        # thread puts in its rows meanwhile, freeing the old ones, must
        # never be read as freed objects.
        out = run_child(self, """
            import time
            import numpy as np, pandas as pd
            n = 200_000
            df = pd.DataFrame({"customer": pd.Series([f"c{i % 3000}" for i in range(n)],
                                                     dtype=object),
                               "at": np.arange(n, dtype=np.int64), "touchpoint": ["ad"] * n})
            rows = df["customer"].values
            where = np.arange(n) % 3000
            done = False
            def change():
                k = 0
                while not done:
                    k += 1
                    rows[:] = np.array([f"x{k}-{i}" for i in range(3000)], dtype=object)[where]
            threading.Thread(target=change, daemon=True).start()
            a = cjm.Analysis(funnel_map(), lenient=True)
            end = time.time() + 3
            calls = 0
            while time.time() < end:
                a.add_frame(df)
                calls += 1
            done = True
            print(calls > 0, a.event_count == calls * n)
        """)
        self.assertEqual(out.split(), ["True", "True"])

    def test_freed_by_hand(self):
        # __del__ called by hand frees the C object; using it, or a part of
        # a journey so freed, is an error, never freed memory or defaults.
        out = run_child(self, """
            j = funnel_map()
            stage = j.find_stage("a")
            j.__del__()
            for use in (lambda: stage.name, lambda: j.find_stage("a")):
                try:
                    use()
                except cjm.Error as e:
                    print(type(e).__name__)
            o = cjm.Options(min_customers=7)
            o.__del__()
            for use in (lambda: o.min_customers, lambda: cjm.Analysis(funnel_map(), o)):
                try:
                    use()
                except ValueError as e:
                    print("freed" if "freed" in str(e) else e)
        """)
        self.assertEqual(out.split(), ["InvalidError", "InvalidError", "freed", "freed"])

    def test_freed_by_hand_during_a_call(self):
        # __del__ by hand while another thread's call works on the object:
        # it waits for the call, as close() does.
        out = run_child(self, """
            import numpy as np
            n = 300_000
            a = cjm.Analysis(funnel_map())
            a.add_columns(np.array([f"c{i % 5000}" for i in range(n)], dtype=object),
                          np.arange(n), np.array(["ad"] * n, dtype=object))
            freer = threading.Thread(target=a.__del__)
            for i in range(20):
                try:
                    if i == 1:
                        freer.start()
                    a.report()
                except ValueError:
                    print("closed")
                    break
            freer.join()
        """)
        self.assertEqual(out.split(), ["closed"])

    @unittest.skipUnless(np is not None, "numpy is not installed")
    def test_uint64_times_at_int64s_end(self):
        a = cjm.Analysis(funnel_map())
        for t in (2 ** 63, 2 ** 63 + 1):
            with self.assertRaisesRegex(cjm.RangeError, "out of range"):
                a.add_columns(["c"], np.array([t], dtype=np.uint64), ["ad"])

    def test_misspelt_options(self):
        o = cjm.Options()
        with self.assertRaisesRegex(AttributeError, "unknown option 'min_customer'"):
            o.min_customer = 50
        o.min_customers = 50
        self.assertEqual(o.min_customers, 50)

    def test_strings_and_scores(self):
        j = funnel_map()
        with self.assertRaises(TypeError):
            j.name = 5
        with self.assertRaises(TypeError):
            j.find_touchpoint("ad").optional = "no"
        with self.assertRaises(ValueError):
            j.add_stage("\ud800", "S")
        with self.assertRaises(TypeError):
            j.find_touchpoint("ad").add_feedback("2")
        with self.assertRaises(TypeError):
            j.find_touchpoint("ad").add_feedback(1, 5)
        with self.assertRaises(TypeError):
            j.add_stage("s", "S", index=-1.0)
        with self.assertRaises(cjm.RangeError):
            j.add_stage("s", "S", index=-1)
        self.assertEqual(len(j), 3)


if __name__ == "__main__":
    unittest.main()
