#!/usr/bin/env python3
"""No SQL takes the server down.

    test_safety.py PG_BINDIR MODULE SCRIPT MAP LIBCJM LIBCJM_JSON

On a temporary cluster, in one connection: every cjm function and aggregate
with NULL in each of its arguments (and in all of them), every bad option in
every place that takes options, the NULL map and NULL partial sequences, a
bad option followed by hundreds of other queries and then the functions of
one journey, bytes that are not a state, and the aggregates as window
functions. Then the server must still be the one that started (no restart
after a crashed backend), its log must hold no "terminated by signal", and
each statement must have given its documented answer.
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import Cluster  # noqa: E402

BINDIR, MODULE, SCRIPT, MAP = sys.argv[1:5]
LIBRARIES = sys.argv[5:7]

# Options that must each be refused with an error, wherever options go.
BAD_OPTIONS = [
    '{"colour": 1}', '{"min_customers": -1}', '{"min_customers": 1.5}',
    '{"min_customers": "3"}', '{"min_customers": 1e30}', '{"min_feedback": -2}',
    '{"pain_threshold": 1e400}', '{"pain_threshold": "low"}', '{"drop_threshold": -1e400}',
    '{"confidence": 1e-400}', '{"min_customers": 1e-400}', '{"pain_threshold": 1e-320}',
    '{"max_paths": -1}', '{"max_flow_edges": 0.5}', '{"backtrack_threshold": []}',
    '{"switch_threshold": {}}', '{"lenient": 1}', '{"lenient": "yes"}',
    '{"default_channel": 5}', '{"default_channel": "no such channel!"}',
    '{"default_channel": "-web"}', '{"lenient": true, "lenient": 3}', '[]', '1', '"lenient"', 'null', '[{"lenient": true}]',
]


def literal(text):
    return "'" + text.replace("'", "''") + "'"


class SafetyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(MAP) as f:
            cls.map = json.dumps(json.load(f))
        stages = json.loads(cls.map)["journey"]["stages"]
        cls.touchpoint = next(t["id"] for s in stages for t in s.get("touchpoints", []))
        cls.pg = Cluster(BINDIR, MODULE, SCRIPT, LIBRARIES)
        cls.started = cls.pg.sql("SELECT pg_postmaster_start_time()").strip()
        cls.pg.sql(
            "CREATE TABLE maps (doc jsonb); INSERT INTO maps VALUES (" + literal(cls.map) + ");"
            "CREATE TABLE ev (customer text, at timestamptz, touchpoint text, channel text,"
            " stage text, score float8, scale_min float8, scale_max float8);"
            "INSERT INTO ev SELECT 'c' || (i % 7), timestamptz '2026-01-01' + i * interval '1h',"
            f" {literal(cls.touchpoint)}, NULL, NULL, NULL, NULL, NULL"
            " FROM generate_series(1, 50) i;"
            "CREATE TABLE parts AS SELECT cjm_analyze_partial(doc, customer, at, touchpoint,"
            " channel, stage, score, scale_min, scale_max) AS part FROM ev, maps;")

    @classmethod
    def tearDownClass(cls):
        cls.pg.close()

    def assertServerUp(self):
        """The server answers, never restarted, and never lost a backend."""
        self.assertEqual(self.pg.sql("SELECT pg_postmaster_start_time()").strip(), self.started)
        log = self.pg.log()
        self.assertNotIn("terminated by signal", log)
        self.assertNotIn("server process (PID", log)

    def session(self, statements):
        """Runs statements in one connection, going on after errors; returns
        (stdout, stderr)."""
        script = "\\set ON_ERROR_STOP 0\n" + "\n".join(s.rstrip(";") + ";" for s in statements)
        p = self.pg.psql(input=script, check=False)
        return p.stdout, p.stderr

    def functions(self):
        """Every cjm function and aggregate: (name, kind, [(arg name, type)])."""
        rows = self.pg.sql(
            "SELECT p.proname, p.prokind, coalesce(array_to_string(p.proargnames, ','), ''),"
            " coalesce((SELECT string_agg(format_type(t, NULL), ',' ORDER BY n)"
            "  FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, n)), '')"
            " FROM pg_proc p WHERE p.proname LIKE 'cjm\\_%'"
            " AND p.pronamespace = 'public'::regnamespace ORDER BY 1, 4")
        found = []
        for line in rows.splitlines():
            name, kind, names, types = line.split("|")
            types = types.split(",") if types else []
            names = names.split(",") if names else [""] * len(types)
            found.append((name, kind, list(zip(names, types))))
        return found

    def value(self, name, type):
        """A valid value for an argument, by its name and type."""
        if type == "jsonb":
            if name == "attributes":
                return "'{\"plan\": \"pro\"}'::jsonb"
            if name == "selection":
                return "'{\"completed\": true}'::jsonb"
            return "'{}'::jsonb" if name == "options" else "(SELECT doc FROM maps)"
        if type == "bytea":
            return "(SELECT part FROM parts)"
        if type == "timestamptz" or type == "timestamp with time zone":
            return "now()"
        if type == "double precision":
            return {"scale_min": "1", "scale_max": "5"}.get(name, "4")
        if type == "text":
            return {"customer": "'c1'", "touchpoint": literal(self.touchpoint)}.get(name, "NULL")
        return "NULL::" + type

    def call(self, name, kind, args):
        if kind == "a":
            return f"SELECT {name}({', '.join(args)}) FROM generate_series(1, 3)"
        return f"SELECT * FROM {name}({', '.join(args)})"

    def test_nulls_everywhere(self):
        statements = []
        for name, kind, params in self.functions():
            for i in range(len(params)):
                args = [self.value(n, t) for n, t in params]
                args[i] = "NULL::" + params[i][1]
                statements.append(self.call(name, kind, args))
            statements.append(self.call(name, kind, ["NULL::" + t for _, t in params]))
        self.assertGreater(len(statements), 50)
        out, err = self.session(statements)
        self.assertServerUp()
        # A NULL map, journey or partial is a NULL answer or a clear error.
        for line in err.splitlines():
            if line.startswith("ERROR"):
                self.assertRegex(line, r"ERROR:  (cjm: |.*internal|.*outside an aggregate)", line)

    def test_null_answers(self):
        out, err = self.session([
            "SELECT cjm_gaps(NULL) IS NULL",
            "SELECT cjm_gaps(NULL::jsonb, '{}') IS NULL",
            "SELECT cjm_channel_switches(NULL) IS NULL",
            "SELECT cjm_merge(NULL::bytea) IS NULL",
            "SELECT cjm_merge(p) IS NULL FROM (VALUES (NULL::bytea), (NULL)) v(p)",
            # A partial over no rows is NULL, and cjm_merge skips it.
            "SELECT cjm_analyze_partial(doc, customer, at, touchpoint, channel, stage, score,"
            " scale_min, scale_max) IS NULL FROM ev, maps WHERE false",
            "SELECT (cjm_merge(p)->'totals'->>'events')::int FROM (SELECT part FROM parts"
            " UNION ALL SELECT cjm_analyze_partial(doc, customer, at, touchpoint, channel,"
            " stage, score, scale_min, scale_max) FROM ev, maps WHERE false) v(p)",
        ])
        self.assertEqual(err, "")
        self.assertEqual(out.split(), ["t"] * 6 + ["50"])
        self.assertServerUp()

    def test_bad_options_then_other_work(self):
        statements = []
        places = [
            "SELECT cjm_gaps((SELECT doc FROM maps), {o})",
            "SELECT cjm_analyze(doc, {o}, customer, at, touchpoint, channel, stage, score,"
            " scale_min, scale_max) FROM ev, maps",
            "SELECT cjm_analyze_partial(doc, {o}, customer, at, touchpoint, channel, stage,"
            " score, scale_min, scale_max) FROM ev, maps",
            "SELECT cjm_analyze(doc, {o}, customer, at, touchpoint, channel, stage, score,"
            " scale_min, scale_max) FROM ev, maps GROUP BY customer",
        ]
        for options in BAD_OPTIONS:
            for place in places:
                statements.append(place.format(o=literal(options) + "::jsonb"))
        # Hundreds of other memory contexts made and freed, then the
        # functions that once wrote into a freed one.
        statements += ["SELECT string_agg(i::text, ',') FROM generate_series(1, 200) i"
                       " GROUP BY i % 13"] * 400
        statements += ["SELECT cjm_gaps(doc) IS NOT NULL, cjm_channel_switches(doc) >= 0"
                       " FROM maps"] * 50
        out, err = self.session(statements)
        self.assertServerUp()
        errors = [l for l in err.splitlines() if l.startswith("ERROR")]
        self.assertEqual(len(errors), len(BAD_OPTIONS) * len(places), err)
        for line in errors:
            self.assertIn("cjm: options", line)
        self.assertEqual(out.split().count("t|t"), 50)

    def test_bad_states_and_windows(self):
        out, err = self.session([
            "SELECT cjm_merge('\\x'::bytea)",
            "SELECT cjm_merge('\\x0102'::bytea)",
            "SELECT cjm_merge(substr(part, 1, 20)) FROM parts",
            "SELECT cjm_merge(part || '\\x00'::bytea) FROM parts",
            "SELECT cjm_merge(convert_to(doc::text, 'UTF8')) FROM maps",
            # count(r), not count(*): an unused window column is not computed.
            "SELECT count(r) FROM (SELECT cjm_analyze(doc, customer, at, touchpoint, channel,"
            " stage, score, scale_min, scale_max) OVER (ORDER BY at) AS r FROM ev, maps) w",
            "SELECT count(r) FROM (SELECT cjm_merge(part) OVER () AS r FROM parts) w",
        ])
        self.assertServerUp()
        errors = [l for l in err.splitlines() if l.startswith("ERROR")]
        self.assertEqual(len(errors), 5, err)
        self.assertEqual(out.split(), ["50", "1"])

    def test_window_errors_release_their_maps(self):
        # A window aggregate's state holds its map until the window's
        # memory is reset, which on an error happens while the transaction
        # is undone, after the map's own memory may be gone. Errors in later
        # partitions, with more maps in play than are kept (8), then queries
        # that need the maps again must all answer.
        maps = [json.loads(self.map) for _ in range(10)]
        for i, m in enumerate(maps):
            m["journey"]["name"] += f" {i}"
        values = ", ".join(f"({i}, {literal(json.dumps(m))}::jsonb)" for i, m in enumerate(maps))
        window = ("SELECT count(r) FROM (SELECT cjm_analyze(m.doc, customer, at, touchpoint,"
                  " channel, stage, {score}, scale_min, scale_max) OVER (PARTITION BY m.n,"
                  " customer) AS r FROM ev, many m) w")
        bad = window.format(score="CASE WHEN customer = 'c5' THEN 'NaN'::float8 END")
        good = window.format(score="score")
        statements = [f"CREATE TEMP TABLE many (n int, doc jsonb); INSERT INTO many VALUES {values}"]
        for _ in range(20):
            statements += [bad, good, "BEGIN", bad, "ROLLBACK", good]
        out, err = self.session(statements)
        self.assertServerUp()
        errors = [l for l in err.splitlines() if l.startswith("ERROR")]
        self.assertEqual(len(errors), 40, err)
        for line in errors:
            self.assertIn("score: NaN", line)
        self.assertEqual(out.split().count("500"), 40, out)

    def test_functions_keep_their_schema(self):
        # Installed in a schema of its own (the extension is relocatable),
        # the functions that give a report as rows work with that schema
        # off the search_path, and functions of the same names in a schema
        # searched first (another role's) are never called in their place.
        self.pg.install("analytics")
        names = ("cjm_report_check", "cjm_member_at", "cjm_report_rows", "cjm_rows_at",
                 "cjm_whole", "cjm_real", "cjm_flag", "cjm_texts", "cjm_stages", "cjm_segments",
                 "cjm_paths", "cjm_flow_touchpoints")
        signatures = self.pg.sql(
            "SELECT proname, pg_get_function_arguments(oid), pg_get_function_result(oid)"
            " FROM pg_proc WHERE pronamespace = 'analytics'::regnamespace AND proname IN ("
            + ", ".join(literal(n) for n in names) + ")").splitlines()
        hostile = ["CREATE SCHEMA hostile"] + [
            f"CREATE FUNCTION hostile.{name}({args}) RETURNS {returns} LANGUAGE plpgsql AS"
            " $$ BEGIN RAISE EXCEPTION 'called in place of the extension''s'; END $$"
            for name, args, returns in (line.split("|") for line in signatures)]
        self.assertEqual(len(hostile), 1 + len(names))
        report = ("(SELECT analytics.cjm_analyze(doc, '{\"breakdown\": \"@month\"}', customer,"
                  " at, touchpoint, channel, stage, score, scale_min, scale_max)"
                  " FROM public.ev, public.maps)")
        tables = ("cjm_stages", "cjm_touchpoints", "cjm_channels", "cjm_gaps_of", "cjm_segments",
                  "cjm_segment_stages", "cjm_paths", "cjm_flow_edges", "cjm_flow_starts",
                  "cjm_flow_ends", "cjm_exits", "cjm_channel_matrix", "cjm_backtrack_pairs")
        counts = [f"(SELECT count(*) FROM analytics.{t}({report}))" for t in tables]
        want = self.pg.sql("SELECT " + ", ".join(c.replace("analytics.", "public.")
                                                 for c in counts)).strip()
        for path in ("pg_catalog", "hostile, analytics"):
            out, err = self.session(hostile + [f"SET search_path = {path}",
                                               "SELECT " + ", ".join(counts)])
            self.assertNotIn("in place of the extension", err)
            self.assertEqual(out.strip(), want, err)
        self.assertEqual(len(want.split("|")), len(tables))
        self.assertGreater(sum(int(n) for n in want.split("|")), len(tables))
        self.assertServerUp()


def main():
    runner = unittest.TextTestRunner(verbosity=2)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(SafetyTest)
    sys.argv = sys.argv[:1]
    return 0 if runner.run(suite).wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
