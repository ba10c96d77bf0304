"""Analysis.customers: the customers behind a figure, against lists worked
out by hand, against the report's counts on generated events, and every
argument it refuses."""
import random
import unittest

import cjm

MAP = """{"format": "cjm-journey", "version": 1, "journey": {"id": "shop", "name": "Shop",
 "stages": [
  {"id": "discover", "name": "Discover", "touchpoints": [
    {"id": "ad", "name": "Ad", "channel": "social"},
    {"id": "search", "name": "Search", "channel": "web"}]},
  {"id": "compare", "name": "Compare", "touchpoints": [
    {"id": "page", "name": "Page", "channel": "web"},
    {"id": "store", "name": "Store", "channel": "store"}]},
  {"id": "purchase", "name": "Purchase", "touchpoints": [
    {"id": "checkout", "name": "Checkout", "channel": "web"}]}]}}"""

# c-1 ad search page checkout: completed, no hop (search after ad: planned)
# c-2 search page (feedback) store: dropped at compare, heard
# c-3 page search: back from compare to discover, dropped there, silent
# c-4 search, ad over social: a hop (ad before search), dropped, silent
# c-5 checkout only: completed
T = "2026-03-01T00:0%d:00Z"
ROWS = [("c-1", 1, "ad"), ("c-1", 2, "search"), ("c-1", 3, "page"), ("c-1", 4, "checkout"),
        ("c-2", 3, "store"), ("c-2", 1, "search"), ("c-2", 2, "page"),
        ("c-3", 1, "page"), ("c-3", 2, "search"), ("c-4", 1, "search"), ("c-4", 2, "ad"),
        ("c-5", 5, "checkout")]
EVENTS = "".join('{"customer":"%s","at":"%s","touchpoint":"%s"%s}\n'
                 % (c, T % t, tp, ',"feedback":{"score":1}' if (c, tp) == ("c-2", "page") else "")
                 for c, t, tp in ROWS)


@unittest.skipUnless(cjm.has_json, "needs libcjm-json")
class CustomersByHandTest(unittest.TestCase):
    def setUp(self):
        self.a = cjm.Analysis(cjm.Journey.from_json(MAP))
        self.a.read_jsonl(EVENTS)

    def test_each_kind(self):
        c = self.a.customers
        self.assertEqual(c(reached="discover"), ["c-1", "c-2", "c-3", "c-4"])
        self.assertEqual(c(funnel="compare"), ["c-1", "c-2"])
        self.assertEqual(c(dropped_at="discover"), ["c-3", "c-4"])
        self.assertEqual(c(dropped_at="compare"), ["c-2"])
        self.assertEqual(c(dropped_at="purchase"), [])
        self.assertEqual(c(silent_at="discover"), ["c-3", "c-4"])
        self.assertEqual(c(silent_at="compare"), [])
        self.assertEqual(c(hopped_in="discover"), ["c-4"])
        self.assertEqual(c(backtracked=("compare", "discover")), ["c-3"])
        self.assertEqual(c(backtracked=["compare", "discover"]), ["c-3"])
        self.assertEqual(c(used="page"), ["c-1", "c-2", "c-3"])
        self.assertEqual(c(completed=True), ["c-1", "c-5"])
        self.assertEqual(c(path=["discover", "compare"]), ["c-2"])
        self.assertEqual(c(path=("purchase",)), ["c-5"])
        self.assertEqual(c(), ["c-1", "c-2", "c-3", "c-4", "c-5"])
        self.assertEqual(c(completed=False), ["c-1", "c-2", "c-3", "c-4", "c-5"])

    def test_and(self):
        self.assertEqual(self.a.customers(completed=True, reached="discover"), ["c-1"])
        self.assertEqual(self.a.customers(used="search", dropped_at="discover",
                                          hopped_in="discover"), ["c-4"])
        self.assertEqual(self.a.customers(dropped_at="compare", silent_at="compare"), [])

    def test_segment(self):
        a = cjm.Analysis(cjm.Journey.from_json(MAP), breakdown="@day")
        a.read_jsonl(EVENTS)
        self.assertEqual(a.customers(segment="2026-03-01"), ["c-1", "c-2", "c-3", "c-4", "c-5"])
        self.assertEqual(a.customers(segment="2026-03-01", completed=True), ["c-1", "c-5"])
        with self.assertRaisesRegex(cjm.NotFoundError, 'no segment "2026-03-02"'):
            a.customers(segment="2026-03-02")
        with self.assertRaisesRegex(cjm.InvalidError, "no breakdown"):
            self.a.customers(segment="x")
        with self.assertRaises(TypeError):
            a.customers(segment=3)

    def test_null_and_pooled_segments(self):
        # c-1 on plan pro, c-2 free, c-3 trial, c-4 and c-5 without a plan;
        # with max_segments 3: the null segment, free, the pooled rest (pro,
        # trial), whose value is None too.
        plans = {"c-1": "pro", "c-2": "free", "c-3": "trial"}
        events = "".join(
            line[:-2] + (',"attributes":{"plan":"%s"}}\n' % plans[line[13:16]]
                         if line[13:16] in plans else "}\n")
            for line in EVENTS.splitlines(keepends=True))
        a = cjm.Analysis(cjm.Journey.from_json(MAP), breakdown="plan", max_segments=3)
        a.read_jsonl(events)
        segs = a.report().segments
        self.assertEqual([(s["value"], s["other"], s["customers"]) for s in segs],
                         [(None, False, 2), ("free", False, 1), (None, True, 2)])
        self.assertEqual(a.customers(segment=None), ["c-4", "c-5"])
        self.assertEqual(a.customers(segment=None, completed=True), ["c-5"])
        self.assertEqual(a.customers(segment_other=True), ["c-1", "c-3"])
        self.assertEqual(a.customers(segment_other=True, completed=True), ["c-1"])
        self.assertEqual(a.customers(segment_other=False), a.customers())
        self.assertEqual(len(a.customers()), 5)
        for s in segs:
            ids = (a.customers(segment_other=True) if s["other"]
                   else a.customers(segment=s["value"]))
            self.assertEqual(len(ids), s["customers"])
        with self.assertRaisesRegex(TypeError, "segment_other: expected bool"):
            a.customers(segment_other=1)
        with self.assertRaisesRegex(cjm.InvalidError, "no breakdown"):
            self.a.customers(segment=None)
        with self.assertRaisesRegex(cjm.InvalidError, "no breakdown"):
            self.a.customers(segment_other=True)

    def test_state_made_again(self):
        b = cjm.Analysis.from_bytes(self.a.map, self.a.to_bytes())
        self.assertEqual(b.customers(silent_at="discover"), ["c-3", "c-4"])

    def test_refused(self):
        c = self.a.customers
        for kwargs in ({"reached": 1}, {"used": b"page"}, {"funnel": 3.5},
                       {"backtracked": "compare:discover"}, {"backtracked": ("compare",)},
                       {"backtracked": ("compare", 2)}, {"path": "discover"},
                       {"path": ["discover", None]}, {"path": 5}, {"completed": "yes"},
                       {"completed": 1}):
            with self.subTest(kwargs=kwargs), self.assertRaises(TypeError):
                c(**kwargs)
        with self.assertRaises(TypeError):
            c("discover")  # keywords only
        with self.assertRaises(TypeError):
            c(dropped="discover")  # no such criterion
        with self.assertRaisesRegex(ValueError, "contains a NUL"):
            c(reached="dis\0cover")
        with self.assertRaisesRegex(cjm.InvalidError, "stage: empty"):
            c(reached="")
        with self.assertRaisesRegex(cjm.InvalidError, "count: 0"):
            c(path=[])
        with self.assertRaisesRegex(cjm.InvalidError, r'stages\[1\]: "compare" again'):
            c(path=["compare", "compare"])
        with self.assertRaisesRegex(cjm.NotFoundError, 'reached: no stage "checkout"'):
            c(reached="checkout")
        with self.assertRaisesRegex(cjm.NotFoundError, 'used: no touchpoint "kiosk"'):
            c(used="kiosk")
        with self.assertRaisesRegex(cjm.InvalidError, "does not come before"):
            c(backtracked=("discover", "compare"))
        self.a.close()
        with self.assertRaises(Exception):
            c(completed=True)


class CustomersMatchTheReportTest(unittest.TestCase):
    """Generated events: every list as long as the report's figure, in
    byte order."""

    def test_generated(self):
        j = cjm.Journey("gen", "Generated")
        stages = ["s0", "s1", "s2", "s3"]
        tps = []
        for i, s in enumerate(stages):
            st = j.add_stage(s, s.upper())
            for k, ch in enumerate(("web", "phone", "store")):
                st.add_touchpoint(f"{s}-{ch}", f"{s} {ch}", ch)
                tps.append((f"{s}-{ch}", s))
        rng = random.Random(5)
        customers, times, touchpoints, channels = [], [], [], []
        for c in range(600):
            stage = 0
            name = f"cust-{c:05d}" if rng.random() < 0.5 else f"C{c}\u00e9"
            for e in range(rng.randint(1, 9)):
                stage = max(0, min(3, stage + rng.choice((-1, 0, 1, 1))))
                tp = rng.choice([t for t, s in tps if s == stages[stage]])
                customers.append(name)
                times.append(1767225600000 + rng.randint(0, 10 ** 6))
                touchpoints.append(tp)
                channels.append(rng.choice((None, "web", "chat")))
        a = cjm.Analysis(j)
        a.add_columns(customers, times, touchpoints, channels=channels)
        r = a.report()
        self.assertGreater(len(r.backtracks["pairs"]), 1)
        for s in r.stages:
            for key, figure in (("reached", "reached"), ("funnel", "funnel"),
                                ("dropped_at", "dropped"), ("silent_at", "silent_churn"),
                                ("hopped_in", "hop_customers")):
                got = a.customers(**{key: s["id"]})
                self.assertEqual(len(got), s[figure], (key, s["id"]))
                self.assertEqual(got, sorted(got, key=lambda x: x.encode()))
        for p in r.backtracks["pairs"]:
            self.assertEqual(len(a.customers(backtracked=(p["from"], p["to"]))), p["customers"])
        for t in r.touchpoints:
            self.assertEqual(len(a.customers(used=t["id"])), t["customers"])
        self.assertEqual(len(a.customers(completed=True)), r.completed)
        self.assertEqual(len(a.customers()), r.customers)


if __name__ == "__main__":
    unittest.main()
