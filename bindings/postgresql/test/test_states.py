#!/usr/bin/env python3
"""Partials that cannot be misread, rows named in errors, the map read once.

    test_states.py PG_BINDIR MODULE SCRIPT MAP LIBCJM LIBCJM_JSON

On a temporary cluster with a few hundred events of the map MAP: every
truncation and every byte of a real cjm_analyze_partial() result changed
(three ways each, and every value at a sample of places) must be refused by
cjm_merge(); partials of different options or maps, and the same partial
twice, are errors; strict errors name the row, its customer and time; NaN
scores and infinite times are errors (strict) or counted (lenient); the map
and options may not change within a group, and a map from a table gives the
same report as a constant.
"""
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cluster import Cluster  # noqa: E402

BINDIR, MODULE, SCRIPT, MAP = sys.argv[1:5]
LIBRARIES = sys.argv[5:7]
ARGS = "customer, at, touchpoint, channel, stage, score, scale_min, scale_max"


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def state_checksum(data):
    """The checksum of cjm/bulk.h's analysis state format over data."""
    mask = (1 << 64) - 1

    def step(h, w):
        h = ((h ^ w) * 0x9e3779b97f4a7c15) & mask
        return ((h << 29) | (h >> 35)) & mask
    n = len(data)
    lanes = [n, n + 1, n + 2, n + 3]
    i = 0
    while i + 32 <= n:
        for j in range(4):
            lanes[j] = step(lanes[j], int.from_bytes(data[i + 8 * j:i + 8 * j + 8], "little"))
        i += 32
    j = 0
    while i < n:
        lanes[j] = step(lanes[j], int.from_bytes(data[i:i + 8], "little"))
        i, j = i + 8, j + 1
    h = n
    for lane in lanes:
        h = step(h, lane)
    return h ^ (h >> 32)


def envelope(part):
    """(map's end, options' start, options' end) of a partial's bytes."""
    at = 24 if int.from_bytes(part[4:8], "little") == 3 else 16
    map_end = at + 4 + int.from_bytes(part[at:at + 4], "little")
    key_end = map_end + 4 + int.from_bytes(part[map_end:map_end + 4], "little")
    return map_end, map_end + 4, key_end


def options_of(part):
    _, start, end = envelope(part)
    return part[start:end]


def forge_options(part, key):
    """The partial with its options' text replaced, size and checksum made
    again over the envelope (the analysis's bytes are unchanged)."""
    map_end, _, key_end = envelope(part)
    out = bytearray(part[:map_end] + len(key).to_bytes(4, "little") + key + part[key_end:])
    out[8:16] = len(out).to_bytes(8, "little")
    parts = int.from_bytes(out[map_end + 4 + len(key):map_end + 8 + len(key)], "little")
    header = map_end + 8 + len(key) + 8 * parts
    mask = (1 << 64) - 1
    h = state_checksum(bytes(out[:header]))
    w = int.from_bytes(out[-16:-8], "little")
    h = ((h ^ w) * 0x9e3779b97f4a7c15) & mask
    h = ((h << 29) | (h >> 35)) & mask
    out[-8:] = (h ^ (h >> 32)).to_bytes(8, "little")
    return bytes(out)


class StatesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(MAP) as f:
            cls.map = json.dumps(json.load(f))
        stages = json.loads(cls.map)["journey"]["stages"]
        cls.touchpoints = [t["id"] for s in stages for t in s.get("touchpoints", [])]
        cls.pg = Cluster(BINDIR, MODULE, SCRIPT, LIBRARIES)
        tps = "ARRAY[" + ", ".join(literal(t) for t in cls.touchpoints) + "]"
        cls.pg.sql(
            "CREATE TABLE maps (id int, doc jsonb);"
            f"INSERT INTO maps VALUES (1, {literal(cls.map)});"
            "CREATE TABLE ev (customer text, at timestamptz, touchpoint text, channel text,"
            " stage text, score float8, scale_min float8, scale_max float8);"
            "INSERT INTO ev SELECT 'c' || (i % 37), timestamptz '2026-01-01' + i * interval '1h',"
            f" ({tps})[1 + i % {len(cls.touchpoints)}], NULL, NULL,"
            " CASE WHEN i % 5 = 0 THEN i % 3 - 1 END, NULL, NULL"
            " FROM generate_series(1, 400) i;"
            "CREATE TABLE parts AS SELECT i % 2 AS half, cjm_analyze_partial(doc, " + ARGS +
            ") AS part FROM (SELECT row_number() OVER () AS i, * FROM ev) e, maps GROUP BY 1;"
            "CREATE FUNCTION accepted(p bytea) RETURNS boolean LANGUAGE plpgsql AS $$"
            " BEGIN PERFORM cjm_merge(x) FROM (VALUES (p)) v(x); RETURN true;"
            " EXCEPTION WHEN others THEN RETURN false; END $$;")
        cls.whole = json.loads(cls.pg.sql(f"SELECT cjm_analyze(doc, {ARGS}) FROM ev, maps"))

    @classmethod
    def tearDownClass(cls):
        cls.pg.close()

    def error(self, sql):
        p = self.pg.psql(input=sql + ";", check=False)
        self.assertNotEqual(p.returncode, 0, sql)
        return p.stderr

    def test_partials_merge_to_the_whole(self):
        got = json.loads(self.pg.sql("SELECT cjm_merge(part) FROM parts"))
        self.assertEqual(got, self.whole)
        # A partial per customer, merged by parallel workers and the leader.
        got = json.loads(self.pg.sql(
            "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0;"
            " SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
            " CREATE TABLE per_customer AS SELECT cjm_analyze_partial(doc, " + ARGS +
            ") AS part FROM ev, maps GROUP BY customer;"
            " SELECT cjm_merge(part) FROM per_customer").splitlines()[-1])
        self.assertEqual(got, self.whole)

    def test_every_truncation_and_byte_change_is_refused(self):
        size = int(self.pg.sql("SELECT length(part) FROM parts WHERE half = 0"))
        self.assertGreater(size, 1000)
        self.assertEqual(self.pg.sql("SELECT accepted(part) FROM parts WHERE half = 0").strip(),
                         "t")
        counts = self.pg.sql(
            "SELECT count(*) FILTER (WHERE accepted(substr(part, 1, n))),"
            " count(*) FILTER (WHERE accepted(set_byte(part, n, get_byte(part, n) # 1))),"
            " count(*) FILTER (WHERE accepted(set_byte(part, n, get_byte(part, n) # 128))),"
            " count(*) FILTER (WHERE accepted(set_byte(part, n, 255 - get_byte(part, n))))"
            " FROM parts, generate_series(0, length(part) - 1) n WHERE half = 0").strip()
        self.assertEqual(counts, "0|0|0|0")
        # Every other value of a byte, at places in each part of the bytes.
        counts = self.pg.sql(
            "SELECT count(*) FILTER (WHERE v <> get_byte(part, n) AND"
            " accepted(set_byte(part, n, v))) FROM parts, generate_series(0, 255) v,"
            " unnest(ARRAY[0, 5, 12, 20, 30, 100, length(part) / 2, length(part) - 30,"
            " length(part) - 9, length(part) - 1]) n WHERE half = 0").strip()
        self.assertEqual(counts, "0")
        err = self.error("SELECT cjm_merge(set_byte(part, 200, get_byte(part, 200) # 1))"
                         " FROM parts WHERE half = 0")
        self.assertIn("cjm: not an analysis state: its checksum does not match", err)
        err = self.error("SELECT cjm_merge(substr(part, 1, 300)) FROM parts WHERE half = 0")
        self.assertIn("cut short, extended or damaged", err)

    def test_bad_bytes_named_as_the_caller_reads_them(self):
        # A byte of the analysis changed (its envelope still whole): the
        # library refuses it, worded as the envelope's faults are.
        for sql in ("SELECT cjm_merge(set_byte(part, length(part) - 30,"
                    " get_byte(part, length(part) - 30) # 1)) FROM parts WHERE half = 0",
                    "SELECT cjm_merge(p) FROM (SELECT part FROM parts WHERE half = 0 UNION ALL"
                    " SELECT set_byte(part, length(part) - 30, get_byte(part, length(part) - 30)"
                    " # 1) FROM parts WHERE half = 1) v(p)"):
            err = self.error(sql)
            self.assertIn("cjm: not an analysis state: byte ", err)
            self.assertIn("the checksum does not match", err)
            self.assertIn("HINT:  Give cjm_merge() values", err)
            self.assertNotIn("cjm_analysis_", err)
        for part in ("'\\x'::bytea", "(SELECT set_byte(part, length(part) - 30,"
                     " get_byte(part, length(part) - 30) # 1) FROM parts WHERE half = 0)"):
            err = self.error(f"SELECT * FROM cjm_customers({part}, '{{}}')")
            self.assertIn("cjm: not an analysis state: ", err)
            self.assertIn("HINT:  Give cjm_customers() values", err)
            self.assertNotIn("cjm_analysis_", err)

    def test_partials_that_hold_the_same_analysis(self):
        # Partials over different rows may hold the same analysis: every
        # row refused, or two nodes each with a customer's same event. They
        # are not one partial given twice (each partial's bytes carry an
        # identity of their own), and merge as the rows would aggregate.
        m = literal(self.map)
        refused = ("SELECT cjm_merge(p) FROM (SELECT day, cjm_analyze_partial(" + m + ","
                   " '{\"lenient\": true}', customer, at, touchpoint, NULL, NULL, NULL, NULL,"
                   " NULL) FROM (VALUES ('c1', timestamptz '2026-01-01 10:00', 1),"
                   " ('c2', timestamptz '2026-01-02 10:00', 2)) v(customer, at, day),"
                   " (VALUES ('no-such-touchpoint')) t(touchpoint) GROUP BY day) x(day, p)")
        self.assertEqual(json.loads(self.pg.sql(refused))["totals"]["rejected"], 2)
        same = ("SELECT cjm_merge(p) FROM (SELECT node, cjm_analyze_partial(" + m + ","
                f" customer, at, {literal(self.touchpoints[0])}, NULL, NULL, NULL, NULL, NULL)"
                " FROM (VALUES ('c1', timestamptz '2026-01-01 10:00', 1),"
                " ('c1', timestamptz '2026-01-01 10:00', 2)) v(customer, at, node)"
                " GROUP BY node) x(node, p)")
        totals = json.loads(self.pg.sql(same))["totals"]
        self.assertEqual((totals["customers"], totals["events"]), (1, 2))
        # The same bytes twice are still one partial given twice.
        err = self.error("SELECT cjm_merge(p) FROM (SELECT part FROM parts WHERE half = 0"
                         " UNION ALL SELECT part FROM parts WHERE half = 0) v(p)")
        self.assertIn("cjm: cjm_merge: the same partial twice", err)

    def test_forged_options_are_refused(self):
        # A partial whose options' text was replaced, its checksum made
        # again as cjm/bulk.h describes it: the text would reach messages.
        part = bytes.fromhex(self.pg.sql(
            "SELECT encode(part, 'hex') FROM parts WHERE half = 0").strip())
        for key in (b'{"min_customers": \xff\xfe}', b'{"colour": 1}', b"x" * 100000,
                    b'{"min_customers": 5}', b""):
            forged = forge_options(part, key)
            err = self.error(f"SELECT cjm_merge('\\x{forged.hex()}'::bytea)")
            self.assertIn("cjm: not an analysis state: its options are not as"
                          " cjm_analyze_partial() writes them", err)
            self.assertLess(len(err), 1000)
        # The same bytes with their own options' text are a partial.
        same = forge_options(part, options_of(part))
        self.assertEqual(self.pg.sql(f"SELECT cjm_merge('\\x{same.hex()}'::bytea)"),
                         self.pg.sql("SELECT cjm_merge(part) FROM parts WHERE half = 0"))

    def test_a_partial_of_format_version_2(self):
        # Written by the extension before partials carried an identity:
        # c1 at 10:00 on search-ad scored 4 of 1..5, c1 at 11:00 on
        # compare-web, c2 on 2 January at 10:00 on search-ad scored 2.
        with open(os.path.join(HERE, "partial-format-2.hex")) as f:
            old = bytes.fromhex(f.read().strip())
        self.assertEqual(old[4:8], (2).to_bytes(4, "little"))
        length = int.from_bytes(old[16:20], "little")
        doc = old[20:20 + length].decode("utf-8")
        rows = ("(VALUES ('c1', timestamptz '2026-01-01 10:00', 'search-ad', 4::float8),"
                " ('c1', timestamptz '2026-01-01 11:00', 'compare-web', NULL),"
                " ('c2', timestamptz '2026-01-02 10:00', 'search-ad', 2),"
                " ('c3', timestamptz '2026-01-03 10:00', 'search-ad', NULL))"
                " v(customer, at, touchpoint, score)")
        part = f"'\\x{old.hex()}'::bytea"
        alone = json.loads(self.pg.sql(f"SELECT cjm_merge({part})"))
        whole = json.loads(self.pg.sql(
            f"SELECT cjm_analyze({literal(doc)}::jsonb, customer, at, touchpoint, NULL, NULL,"
            f" score, 1, 5) FROM {rows} WHERE customer <> 'c3'"))
        self.assertEqual(alone, whole)
        self.assertEqual((alone["totals"]["customers"], alone["totals"]["events"]), (2, 3))
        merged = json.loads(self.pg.sql(
            f"SELECT cjm_merge(p) FROM (SELECT {part} UNION ALL"
            f" SELECT cjm_analyze_partial({literal(doc)}::jsonb, customer, at, touchpoint, NULL,"
            f" NULL, score, 1, 5) FROM {rows} WHERE customer = 'c3') x(p)"))
        whole = json.loads(self.pg.sql(
            f"SELECT cjm_analyze({literal(doc)}::jsonb, customer, at, touchpoint, NULL, NULL,"
            f" score, 1, 5) FROM {rows}"))
        self.assertEqual(merged, whole)
        self.assertEqual(merged["totals"]["events"], 4)

    def test_different_options_maps_and_twice(self):
        err = self.error("SELECT cjm_merge(p) FROM (SELECT part FROM parts WHERE half = 0"
                         " UNION ALL SELECT cjm_analyze_partial(doc, '{\"min_customers\": 1}',"
                         f" {ARGS}) FROM ev, maps WHERE customer = 'c1') v(p)")
        self.assertIn("cjm: cjm_merge: partials made with different options", err)
        self.assertIn('"min_customers": 1,', err)
        self.assertIn('"default_channel": null}', err)
        self.assertNotIn("(null)", err)
        # Rates as the shortest decimals that read back as themselves.
        self.assertIn('"silent_threshold": 0.1, "backtrack_threshold": 0.1,', err)
        def with_half(doc):
            """A half's partial merged with one of c1's rows under the map doc."""
            return ("SELECT cjm_merge(p) FROM (SELECT part FROM parts WHERE half = 0"
                    f" UNION ALL SELECT cjm_analyze_partial({literal(json.dumps(doc))},"
                    f" {ARGS}) FROM ev WHERE customer = 'c1') v(p)")
        other = json.loads(self.map)
        other["journey"]["id"] = "another-journey"
        err = self.error(with_half(other))
        self.assertIn("cjm: cjm_merge: partials made with different maps", err)
        self.assertIn('another "another-journey"', err)
        self.assertNotIn("cjm_analysis_", err)
        # A map of the same id that says something else is another map too;
        # the same map written with its members in another order is not.
        other = json.loads(self.map)
        other["journey"]["name"] = "Another name"
        err = self.error(with_half(other))
        self.assertIn("cjm: cjm_merge: partials made with different maps", err)
        self.assertIn(f'Both analyse a map "{other["journey"]["id"]}", but not the same', err)
        same = {k: v for k, v in reversed(list(json.loads(self.map).items()))}
        self.assertEqual(json.loads(self.pg.sql(with_half(same)))["format"], "cjm-report")
        err = self.error("SELECT cjm_merge(p) FROM (SELECT part FROM parts"
                         " UNION ALL SELECT part FROM parts WHERE half = 1) v(p)")
        self.assertIn("cjm: cjm_merge: the same partial twice", err)
        # Also when parallel workers each merge some of them.
        self.pg.sql("CREATE TABLE many AS SELECT part FROM parts, generate_series(1, 200);"
                    "ANALYZE many;")
        err = self.error("SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0;"
                         " SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
                         " SELECT cjm_merge(part) FROM many")
        self.assertIn("cjm: cjm_merge: the same partial twice", err)

    def test_bad_option_messages(self):
        # Each refused naming the option once, by its key, and what is
        # wrong; a number too close to 0 for a double as the tool refuses
        # it, never read as 0 (which can mean "off") or with its digits
        # lost; the hint gives every option's range.
        for options, wrong in (('{"confidence": 1e-400}', "too close to 0 for a double"),
                               ('{"pain_threshold": -1e-400}', "too close to 0 for a double"),
                               ('{"drop_threshold": 1e-320}', "too close to 0 for a double"),
                               ('{"confidence": 5e-321}', "too close to 0 for a double"),
                               ('{"min_customers": 1e-400}', "expected a whole number"),
                               # whole numbers judged as given, not as the
                               # double they round to (2, 10^18)
                               ('{"min_feedback": 2.0000000000000001}',
                                "expected a whole number from 0 to 10^18"),
                               ('{"max_paths": 1000000000000000001}',
                                "expected a whole number from 0 to 10^18"),
                               ('{"max_flow_edges": -1}',
                                "expected a whole number from 0 to 10^18"),
                               ('{"switch_threshold": 1.5}', "1.5 is not in [0, 1]"),
                               ('{"pain_threshold": -2}', "-2 is not in [-1, 1]"),
                               ('{"confidence": 0.3}', "0.3 is neither 0 nor in [0.5, 1)"),
                               ('{"max_segments": 0}', "0: at least 1"),
                               ('{"breakdown": "@year"}', '"@year" is not @day')):
            err = self.error(f"SELECT cjm_analyze(doc, '{options}', {ARGS}) FROM ev, maps")
            key = options.split('"')[1]
            self.assertIn(f'cjm: options: "{key}": {wrong}', err)
            self.assertNotIn("cjm_options_set", err)
            self.assertIn("max_segments (a whole number from 1)", err)
        self.assertEqual(self.pg.sql(
            "SELECT cjm_analyze(doc, '{\"pain_threshold\": 2.3e-308, \"confidence\": 0}', "
            f"{ARGS}) IS NOT NULL FROM ev, maps").strip(), "t")
        # Whole numbers written as decimals or exponents, and the largest.
        self.assertEqual(self.pg.sql(
            "SELECT cjm_analyze(doc, '{\"min_customers\": 2.0, \"max_paths\": 3e0,"
            " \"min_feedback\": 1000000000000000000, \"max_flow_edges\": -0}', "
            f"{ARGS})->'paths' = '[]' FROM ev, maps").strip(), "f")

    def test_ties_in_the_order_given(self):
        # Events of a customer at the same millisecond are taken in the
        # order of the rows, as the docs say: an ORDER BY in the call sets
        # it, whatever order the rows come in and however they are grouped.
        a, b, c = (literal(t) for t in self.touchpoints[:3])
        rows = (f"(VALUES (3, {a}), (1, {b}), (2, {c})) v(n, tp)")
        for order, first, last in (("n", b, a), ("n DESC", a, b)):
            for group in ("", " GROUP BY customer"):
                report = json.loads(self.pg.sql(
                    "SET max_parallel_workers_per_gather = 0; SELECT cjm_analyze(doc,"
                    " 'c', timestamptz '2026-01-01', tp, NULL, NULL, NULL, NULL, NULL"
                    f" ORDER BY {order}) FROM maps, (SELECT 'c' AS customer, * FROM {rows}) e"
                    + group))
                self.assertEqual(report["flow"]["starts"][0]["touchpoint"], first.strip("'"))
                self.assertEqual(report["flow"]["ends"][0]["touchpoint"], last.strip("'"))

    def test_selection_messages(self):
        # A bad selection is named by the SQL function and criterion (in
        # quotes, whether the library or the extension finds it wrong),
        # with the library's reason but not the name of a C function.
        for selection, wrong in (('{"used": "no-such-touchpoint"}',
                                  '"used": no touchpoint "no-such-touchpoint"'),
                                 ('{"used": ""}', '"used": touchpoint: empty'),
                                 ('{"reached": ["no-such-stage"]}',
                                  '"reached": no stage "no-such-stage"'),
                                 ('{"path": []}',
                                  '"path": expected an array of at least one stage id'),
                                 ('{"backtracked": ["no-such-stage", "x"]}', "no-such-stage")):
            err = self.error("SELECT count(*) FROM parts,"
                             f" cjm_customers(part, '{selection}') WHERE half = 0")
            self.assertIn("ERROR:  cjm: cjm_customers: selection: ", err)
            self.assertIn(wrong, err)
            self.assertNotIn("cjm_analysis_", err)
            self.assertNotIn("cjm_selection_", err)
            self.assertIn("HINT:  A selection is an object of criteria", err)

    def test_rows_named_in_errors(self):
        err = self.error("SET timezone = 'UTC'; SET max_parallel_workers_per_gather = 0;"
                         " SELECT cjm_analyze(doc, " + ARGS +
                         ") FROM maps, (SELECT * FROM ev"
                         " UNION ALL SELECT 'zed', timestamptz '2026-02-03 04:05:06+00',"
                         " 'no-such-touchpoint', NULL, NULL, NULL, NULL, NULL) e")
        self.assertIn('ERROR:  cjm: row 401 of the group (customer "zed", at 2026-02-03'
                      " 04:05:06", err)
        self.assertIn('"no-such-touchpoint" is not in the map', err)
        self.assertNotIn("event 0", err)
        # Rows reach the analysis many at a time: the first bad row is
        # still the one named, wherever it falls among them, and before a
        # later row's problem found on its own (a NaN score).
        err = self.error("SET timezone = 'UTC'; SET max_parallel_workers_per_gather = 0;"
                         " SELECT cjm_analyze(doc, " + ARGS +
                         ") FROM maps, (SELECT * FROM (SELECT * FROM ev LIMIT 300) a"
                         " UNION ALL SELECT 'zed', timestamptz '2026-02-03 04:05:06+00',"
                         " 'no-such-touchpoint', NULL, NULL, NULL, NULL, NULL"
                         " UNION ALL SELECT * FROM ev"
                         f" UNION ALL SELECT 'c1', now(), {literal(self.touchpoints[0])}, NULL,"
                         " NULL, 'NaN', NULL, NULL) e")
        self.assertIn('ERROR:  cjm: row 301 of the group (customer "zed", at 2026-02-03'
                      " 04:05:06", err)
        self.assertIn('"no-such-touchpoint" is not in the map', err)
        # A customer is shown escaped and cut short: it may be anything.
        err = self.error("SELECT cjm_analyze(doc, repeat('x', 100000) || E'\\x01', now(),"
                         " 'x', NULL, NULL, NULL, NULL, NULL) FROM maps")
        self.assertIn('(customer "' + "x" * 64 + '"..., at ', err)
        self.assertLess(len(err), 1000)
        err = self.error("SELECT cjm_analyze(doc, E'b\\x01d\\n', now(), 'x', NULL, NULL,"
                         " NULL, NULL, NULL) FROM maps")
        self.assertIn('(customer "b\\x01d\\x0a", at ', err)
        # A row without customer or time: named by its place, in the row's
        # terms, not the library call's.
        err = self.error("SELECT cjm_analyze(doc, NULL, now(), 'x', NULL, NULL, NULL, NULL, NULL)"
                         " FROM maps")
        self.assertIn("cjm: row 1 of the group (customer NULL, at ", err)
        self.assertIn("): customer: ", err)
        self.assertNotIn("cjm_analysis", err)
        err = self.error("SELECT cjm_analyze(doc, 'c1', NULL, 'x', NULL, NULL, NULL, NULL, NULL)"
                         " FROM maps")
        self.assertIn('cjm: row 1 of the group (customer "c1", at no time): at: ', err)
        for bad, what in (("score", "'NaN'::float8"), ("at", "'infinity'::timestamptz"),
                          ("at", "'-infinity'::timestamptz"),
                          ("score", "'Infinity'::float8")):
            cols = {"customer": "'c1'", "at": "now()", "touchpoint": literal(self.touchpoints[0]),
                    "channel": "NULL", "stage": "NULL", "score": "1", "scale_min": "NULL",
                    "scale_max": "NULL"}
            cols[bad] = what
            row = ", ".join(cols.values())
            err = self.error(f"SELECT cjm_analyze(doc, {row}) FROM maps")
            self.assertIn("cjm: row 1 of the group (customer \"c1\"", err)
            self.assertIn(bad, err.split("):", 1)[1])
            report = json.loads(self.pg.sql(
                f"SELECT cjm_analyze(doc, '{{\"lenient\": true}}', {ARGS}) FROM maps,"
                f" (SELECT * FROM ev UNION ALL SELECT {row}) e"))
            self.assertEqual(report["totals"]["rejected"], 1, what)
            self.assertEqual(report["totals"]["events"], 400, what)

    def test_state_size_for_the_planner(self):
        sizes = self.pg.sql("SELECT DISTINCT aggtransspace FROM pg_aggregate"
                            " WHERE aggfnoid::regproc::text LIKE 'cjm\\_%'").split()
        self.assertEqual(sizes, ["50000"])

    def test_map_and_options_once_per_group(self):
        # A map from a table, from a subquery and as a constant: one report.
        for source in ("maps.doc", "(SELECT doc FROM maps)", literal(self.map) + "::jsonb"):
            got = json.loads(self.pg.sql(f"SELECT cjm_analyze({source}, {ARGS}) FROM ev, maps"))
            self.assertEqual(got, self.whole, source)
        # A map stored out of line (TOAST) and compressed, joined on every row.
        self.pg.sql("CREATE TABLE big (doc jsonb); ALTER TABLE big ALTER doc SET STORAGE external;"
                    "INSERT INTO big SELECT doc FROM maps;")
        got = json.loads(self.pg.sql(f"SELECT cjm_analyze(big.doc, {ARGS}) FROM ev, big"))
        self.assertEqual(got, self.whole)
        err = self.error(f"SELECT cjm_analyze(CASE WHEN customer = 'c5' THEN '{{}}'::jsonb ELSE doc"
                         f" END, {ARGS}) FROM ev, maps")
        self.assertIn("cjm: ", err)
        other = json.loads(self.map)
        other["journey"]["name"] = "Another name"
        err = self.error(f"SELECT cjm_analyze(CASE WHEN customer = 'c5' THEN"
                         f" {literal(json.dumps(other))}::jsonb ELSE doc END, {ARGS})"
                         " FROM (SELECT * FROM ev ORDER BY customer) e, maps")
        self.assertRegex(err, r'cjm: row \d+ of the group \(customer "c5", at [^)]+\): the map'
                              r" differs from those of the rows before it")
        err = self.error("SELECT cjm_analyze(doc, CASE WHEN customer = 'c5' THEN"
                         " '{\"lenient\": true}'::jsonb END, " + ARGS +
                         ") FROM (SELECT * FROM ev ORDER BY customer) e, maps")
        self.assertRegex(err, r'cjm: row \d+ of the group \(customer "c5", at [^)]+\): the'
                              r" options differ from those of the rows before it")
        # Groups, each with its own map, interleaved by a hash aggregate.
        rows = self.pg.sql(
            "SELECT k, (cjm_analyze(m, " + ARGS + ")->'totals'->>'events')::int FROM"
            " (SELECT e.*, e.customer < 'c3' AS k, CASE WHEN e.customer < 'c3' THEN doc ELSE"
            f" {literal(json.dumps(other))}::jsonb END AS m FROM ev e, maps) x"
            " GROUP BY k ORDER BY k")
        counts = [int(line.split("|")[1]) for line in rows.split()]
        self.assertEqual(sum(counts), 400)

    def test_options_that_mean_the_same(self):
        # NULL, '{}', the defaults written out and null members are the
        # same options: rows of one group may mix them, partials merge.
        same = ["NULL", "'{}'", "'{\"lenient\": false, \"max_paths\": 10}'",
                "'{\"lenient\": null, \"confidence\": null}'"]
        mixed = ("CASE i % 4 " + " ".join(f"WHEN {k} THEN {v}::jsonb" for k, v in enumerate(same))
                 + " END")
        got = json.loads(self.pg.sql(
            f"SELECT cjm_analyze(doc, {mixed}, {ARGS}) FROM (SELECT row_number() OVER () AS i,"
            " * FROM ev) e, maps"))
        self.assertEqual(got, self.whole)
        merged = json.loads(self.pg.sql(
            f"SELECT cjm_merge(p) FROM (SELECT cjm_analyze_partial(doc, {mixed}, {ARGS}) AS p"
            " FROM (SELECT row_number() OVER () AS i, * FROM ev) e, maps GROUP BY i % 4) x"))
        self.assertEqual(merged, self.whole)
        err = self.error(f"SELECT cjm_analyze(doc, CASE WHEN customer = 'c5' THEN"
                         " '{\"max_paths\": 3}'::jsonb END, " + ARGS + ") FROM"
                         " (SELECT * FROM ev ORDER BY customer) e, maps")
        self.assertRegex(err, r'cjm: row \d+ of the group \(customer "c5", at [^)]+\): the'
                              r" options differ from those of the rows before it")

    def test_half_a_scale(self):
        # A score with only one end of its scale: an error naming the row,
        # or a counted bad row in lenient mode; without a score, no matter.
        for low, high, missing in (("NULL", "10", "scale_min"), ("0", "NULL", "scale_max")):
            row = f"'c1', timestamptz '2026-01-01', {literal(self.touchpoints[0])}, NULL, NULL"
            err = self.error(f"SELECT cjm_analyze(doc, {row}, 5, {low}, {high}) FROM maps")
            self.assertIn(f"{missing}: NULL while", err)
            self.assertIn('customer "c1"', err)
            got = json.loads(self.pg.sql(
                f"SELECT cjm_analyze(doc, '{{\"lenient\": true}}', {row}, 5, {low}, {high})"
                " FROM maps"))
            self.assertEqual(got["totals"]["rejected"], 1)
            got = json.loads(self.pg.sql(
                f"SELECT cjm_analyze(doc, {row}, NULL, {low}, {high}) FROM maps"))
            self.assertEqual((got["totals"]["events"], got["totals"]["rejected"]), (1, 0))

    def test_breakdown_by_attribute(self):
        # Each row's attributes as jsonb: customers split by their plan.
        plan = "CASE WHEN hashtext(customer) % 3 = 0 THEN 'pro' ELSE 'basic' END"
        attrs = f"jsonb_build_object('plan', {plan}, 'seats', 3, 'trial', NULL)"
        options = "'{\"breakdown\": \"plan\"}'"
        report = json.loads(self.pg.sql(
            f"SELECT cjm_analyze(doc, {options}, {ARGS}, {attrs}) FROM ev, maps"))
        want = dict(line.split("|") for line in self.pg.sql(
            f"SELECT {plan}, count(DISTINCT customer) FROM ev GROUP BY 1").split())
        self.assertEqual({s["value"]: s["customers"] for s in report["segments"]},
                         {k: int(v) for k, v in want.items()})
        merged = json.loads(self.pg.sql(
            f"SELECT cjm_merge(p) FROM (SELECT cjm_analyze_partial(doc, {options}, {ARGS},"
            f" {attrs}) AS p FROM (SELECT row_number() OVER () AS i, * FROM ev) e, maps"
            " GROUP BY i % 3) x"))
        self.assertEqual(merged, report)
        rows = self.pg.sql(f"SELECT value, customers FROM cjm_segments((SELECT cjm_analyze("
                           f"doc, {options}, {ARGS}, {attrs}) FROM ev, maps)) ORDER BY 1")
        self.assertEqual(dict(line.split("|") for line in rows.split()), want)
        # NULL attributes are none; other documents are errors.
        none = json.loads(self.pg.sql(
            f"SELECT cjm_analyze(doc, {options}, {ARGS}, NULL) FROM ev, maps"))
        self.assertEqual([s["value"] for s in none["segments"]], [None])
        # A number's text is jsonb's, as the docs say: 1e2 and 100 are one
        # segment, -0 is 0, trailing zeros stay.
        numbers = json.loads(self.pg.sql(
            f"SELECT cjm_analyze(doc, {options}, {ARGS}, jsonb_build_object('plan',"
            " (ARRAY['1e2', '100', '1E2', '-0', '2.50', '1e-7'])[1 + abs(hashtext(customer) % 6)]"
            "::jsonb)) FROM ev, maps"))
        self.assertEqual(sorted(s["value"] for s in numbers["segments"]),
                         ["0", "0.0000001", "100", "2.50"])
        # Errors in lenient mode too, named as a bad row is, by its number,
        # customer and time, here the 300th, after rows added in batches and
        # one at a time.
        for bad, wrong in (("'[1]'", "expected a JSON object"),
                           ("'{\"plan\": [1]}'", '"plan": expected text, a number'),
                           ("'{\"\": 1}'", '"": key: empty')):
            lenient = "'{\"breakdown\": \"plan\", \"lenient\": true}'"
            err = self.error(f"SELECT cjm_analyze(doc, {lenient}, {ARGS}, CASE WHEN i = 300"
                             f" THEN {bad}::jsonb WHEN i % 2 = 0 THEN {attrs} END ORDER BY i)"
                             " FROM (SELECT row_number() OVER (ORDER BY at) AS i, * FROM ev) e,"
                             " maps")
            self.assertRegex(err, r'cjm: row 300 of the group \(customer "c\d+", at 2026-'
                                  r'[^)]*\): attributes: ')
            self.assertIn(wrong, err)
            self.assertNotIn("lenient", err)  # not a row lenient mode would count
        # More attributes than an event has: the row named, in its words.
        for options in (options, "'{\"breakdown\": \"plan\", \"lenient\": true}'"):
            err = self.error(f"SELECT cjm_analyze(doc, {options}, {ARGS}, (SELECT"
                             " jsonb_object_agg('k' || i, i) FROM generate_series(1, 1001) i))"
                             " FROM ev, maps")
            self.assertRegex(err, r'cjm: row 1 of the group \(customer "c\d+", at 2026-'
                                  r'[^)]*\): attributes: 1001 of them, more than an event has'
                                  r' \(1000\)')
            self.assertNotIn("cjm_analysis_", err)
            self.assertNotIn("lenient", err)
        self.assertEqual(self.pg.sql(
            f"SELECT cjm_analyze(doc, {options}, {ARGS}, (SELECT jsonb_object_agg('k' || i, i)"
            " FROM generate_series(1, 1000) i))->'totals'->>'rejected' FROM ev, maps").strip(),
            "0")

    def test_many_distinct_maps(self):
        # A map per group, far more maps than a query keeps: each group's
        # report is of its own map, sorted (the maps of finished groups are
        # freed) and hashed (every group's state holds its map to the end),
        # and from partials merged by hand (states read from bytes).
        per_group = ("SELECT g, cjm_analyze(jsonb_set(doc, '{journey,id}', to_jsonb('m' || g)), "
                     + ARGS + ") AS r FROM (SELECT *, (hashtext(customer) & 65535) % 60 AS g"
                     " FROM ev) e, maps GROUP BY g")
        for hashed in ("off", "on"):
            rows = self.pg.sql(
                f"SET enable_hashagg = {hashed}; SET enable_sort = {'off' if hashed == 'on' else 'on'};"
                f"SELECT count(*), bool_and(r->>'journey' = 'm' || g),"
                f" sum((r->'totals'->>'events')::int) FROM ({per_group}) x;").split("|")
            self.assertEqual(rows, [rows[0], "t", "400\n"], hashed)
            self.assertGreater(int(rows[0]), 16)  # twice the maps a query keeps
        merged = self.pg.sql(
            "SELECT count(*), bool_and(r->>'journey' = 'm' || g) FROM (SELECT g, cjm_merge(p) AS r"
            " FROM (SELECT g, cjm_analyze_partial(jsonb_set(doc, '{journey,id}',"
            " to_jsonb('m' || g)), " + ARGS + ") AS p FROM (SELECT *, i % 40 AS g FROM"
            " (SELECT row_number() OVER () AS i, * FROM ev) n) e, maps GROUP BY g, i % 3) p"
            " GROUP BY g) x").split("|")
        self.assertEqual(merged, ["40", "t\n"])


    def test_windows(self):
        # As a window function the aggregate's state lives on from row to
        # row and is started again when the frame's head moves: each row's
        # report is that of its frame's rows, made on their own.
        numbered = ("(SELECT row_number() OVER (ORDER BY at) AS i, row_number() OVER"
                    " (PARTITION BY customer ORDER BY at) AS k, * FROM ev) e, maps")

        def report(where):
            return json.loads(self.pg.sql(
                f"SELECT cjm_analyze(doc, {ARGS} ORDER BY at) FROM {numbered} WHERE {where}"))
        running = dict(l.split("|", 1) for l in self.pg.sql(
            f"SELECT i, cjm_analyze(doc, {ARGS}) OVER (ORDER BY at) FROM {numbered}").splitlines())
        self.assertEqual(len(running), 400)
        for i in (1, 255, 256, 257, 400):
            self.assertEqual(json.loads(running[str(i)]), report(f"i <= {i}"), i)
        # A frame of two rows per customer, with a map per customer: the
        # states started again and again release the maps they held.
        framed = self.pg.sql(
            "SELECT k, customer, cjm_analyze(jsonb_set(doc, '{journey,id}', to_jsonb(customer)),"
            f" {ARGS}) OVER (PARTITION BY customer ORDER BY at ROWS 1 PRECEDING)"
            f" FROM {numbered}").splitlines()
        self.assertEqual(len(framed), 400)
        for line in framed[::57]:
            k, customer, got = line.split("|", 2)
            got = json.loads(got)
            self.assertEqual(got.pop("journey"), customer)
            want = report(f"customer = {literal(customer)} AND k BETWEEN {k} - 1 AND {k}")
            want.pop("journey")
            self.assertEqual(got, want, line[:40])
        merged = self.pg.sql("SELECT cjm_merge(part) OVER (ORDER BY half) FROM parts"
                             " ORDER BY half").splitlines()
        self.assertEqual(json.loads(merged[-1]), self.whole)

def main():
    runner = unittest.TextTestRunner(verbosity=2)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(StatesTest)
    sys.argv = sys.argv[:1]
    return 0 if runner.run(suite).wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
