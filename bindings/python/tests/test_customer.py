"""Journey.compare_customer: one customer straight from the events, with
repeated touchpoints kept as visits, against deviations worked out by hand."""
import os
import tempfile
import unittest

import cjm

MAP = """{"format": "cjm-journey", "version": 1, "journey": {"id": "shop", "name": "Shop",
 "stages": [
  {"id": "discover", "name": "Discover", "touchpoints": [
    {"id": "ad", "name": "Ad", "channel": "social", "optional": true},
    {"id": "search", "name": "Search", "channel": "web"}]},
  {"id": "compare", "name": "Compare", "touchpoints": [
    {"id": "page", "name": "Page", "channel": "web"},
    {"id": "store", "name": "Store", "channel": "store"}]},
  {"id": "purchase", "name": "Purchase", "touchpoints": [
    {"id": "checkout", "name": "Checkout", "channel": "web"}]},
  {"id": "service", "name": "Service", "touchpoints": [
    {"id": "call", "name": "Call", "channel": "phone"}]}]}}"""

# c-7 in time order: ad, search, page (felt -2), checkout, page again (back
# from purchase), chat of no stage (unplanned), chat in purchase (unplanned
# again), call, page a third time (a tie with call, after it: back from
# service). store is required and never met.
EVENTS = "\n".join([
    '{"customer":"c-7","at":"2026-03-01T00:01:00Z","touchpoint":"search"}',
    '{"customer":"c-8","at":"2026-03-01T00:01:30Z","touchpoint":"checkout"}',
    '{"customer":"c-7","at":"2026-03-01T00:02:00Z","touchpoint":"page","feedback":{"score":-2}}',
    '{"customer":"c-7","at":"2026-03-01T00:03:00Z","touchpoint":"checkout"}',
    '{"customer":"c-7","at":"2026-03-01T00:04:00Z","touchpoint":"page","feedback":{"score":2}}',
    '{"customer":"c-7","at":"2026-03-01T00:05:00Z","touchpoint":"chat","channel":"chat"}',
    '{"customer":"c-7","at":"2026-03-01T00:05:00Z","touchpoint":"chat","channel":"chat",'
    '"stage":"purchase"}',
    '{"customer":"c-7","at":"2026-03-01T00:06:00Z","touchpoint":"call"}',
    '{"customer":"c-7","at":"2026-03-01T00:06:00Z","touchpoint":"page"}',
    '{"customer":"c-7","at":"2026-03-01T00:00:30Z","touchpoint":"ad"}',
]) + "\n"

WANT = [
    cjm.Deviation("unplanned", "chat", None, None, None),
    cjm.Deviation("unplanned", "chat", "purchase", None, None),
    cjm.Deviation("missing", "store", "compare", None, None),
    cjm.Deviation("backtrack", "page", "compare", "purchase", None),
    cjm.Deviation("backtrack", "page", "compare", "service", None),
    cjm.Deviation("failing", "page", "compare", None, -1.0),
]


@unittest.skipUnless(cjm.has_json, "needs libcjm-json")
class CompareCustomerTest(unittest.TestCase):
    def setUp(self):
        self.map = cjm.Journey.from_json(MAP)

    def test_by_hand_from_every_source(self):
        self.assertEqual(self.map.compare_customer("c-7", EVENTS), WANT)
        self.assertEqual(self.map.compare_customer("c-7", EVENTS.encode()), WANT)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "events.jsonl")
            with open(path, "w") as f:
                f.write(EVENTS)
            self.assertEqual(self.map.compare_customer("c-7", path), WANT)
            with open(path, "rb") as f:
                self.assertEqual(self.map.compare_customer("c-7", f), WANT)
        got = self.map.compare_customer("c-7", EVENTS, pain_threshold=-1)
        self.assertEqual([d for d in got if d.kind == "failing"], [])

    def test_errors(self):
        with self.assertRaises(cjm.NotFoundError) as e:
            self.map.compare_customer("c-404", EVENTS)
        self.assertIn('no event of customer "c-404"', str(e.exception))
        bad = EVENTS + '{"customer":"c-9","at":"2026-03-01T00:09:00Z","touchpoint":"checkout",' \
                       '"stage":"compare"}\n'
        with self.assertRaises(cjm.ConflictError) as e:
            self.map.compare_customer("c-7", bad)
        self.assertIn(":11", str(e.exception))
        self.assertEqual(self.map.compare_customer("c-7", bad, lenient=True), WANT)
        with self.assertRaises(cjm.InvalidError):
            self.map.compare_customer("", EVENTS)
        with self.assertRaises(TypeError):
            self.map.compare_customer(7, EVENTS)
        with self.assertRaises(TypeError):
            self.map.compare_customer("c-7", 7)
        with self.assertRaises(ValueError):
            self.map.compare_customer("c-7", EVENTS, format="csv")
        with self.assertRaises(TypeError):
            cjm.Journey.compare_customer(None, "c-7", EVENTS)
        actual = cjm.Journey("a", "A", actual=True)
        stage = actual.add_stage("s", "S")
        stage.add_touchpoint("t", "T", "web")
        stage.add_touchpoint("t", "T", "web")
        with self.assertRaises(cjm.InvalidError) as e:
            actual.compare_customer("c-7", EVENTS)
        self.assertIn("appears more than once", str(e.exception))

    @unittest.skipUnless(cjm.has_xml, "needs libcjm-xml")
    def test_xes(self):
        log = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
 <trace><string key="concept:name" value="c-7"/>
  <event><string key="concept:name" value="search"/><date key="time:timestamp" value="2026-03-01T00:01:00Z"/></event>
  <event><string key="concept:name" value="checkout"/><date key="time:timestamp" value="2026-03-01T00:03:00Z"/></event>
  <event><string key="concept:name" value="search"/><date key="time:timestamp" value="2026-03-01T00:04:00Z"/></event>
 </trace>
</log>"""
        want = [("missing", "page"), ("missing", "store"), ("backtrack", "search")]
        got = self.map.compare_customer("c-7", log, format="xes")
        self.assertEqual([(g.kind, g.touchpoint) for g in got], want)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "events.xes")
            with open(path, "w") as f:
                f.write(log)
            got = self.map.compare_customer("c-7", path, xes=cjm.XesOptions())
            self.assertEqual([(g.kind, g.touchpoint) for g in got], want)


if __name__ == "__main__":
    unittest.main()
