#!/usr/bin/env python3
"""The PostgreSQL extension against a real server.

    test_postgresql.py PG_BINDIR MODULE SCRIPT CJM CJM_BENCH_EXPORT LIBCJM LIBCJM_JSON

On a temporary cluster: loads the benchmark generator's data with COPY and
checks that the SQL report equals `cjm analyze` figure for figure, that
EXPLAIN shows a Partial Aggregate under a Gather, that 0, 1 and 2 workers
give the same report, that bad rows are an SQL error (strict) or counted
(lenient), and the functions of one journey.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import Cluster, events_to_copy  # noqa: E402

BINDIR, MODULE, SCRIPT, CJM, EXPORT = sys.argv[1:6]
LIBRARIES = sys.argv[6:8]
EVENTS = 300000  # about 30,000 customers
ARGS = "customer, at, touchpoint, channel, stage, score, scale_min, scale_max"

# The map is a constant of the query (psql's :'map'), as an application
# passes it as a parameter.
ANALYZE = ("SELECT cjm_analyze(:'map'::jsonb, customer, at, touchpoint, channel, stage, score, "
           "scale_min, scale_max) FROM events")


class PostgresqlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cjm-pg-data-")
        os.chmod(cls.tmp, 0o755)
        cls.map_path = os.path.join(cls.tmp, "map.json")
        cls.events_path = os.path.join(cls.tmp, "events.jsonl")
        subprocess.run([EXPORT, cls.map_path, cls.events_path, str(EVENTS),
                        os.path.join(cls.tmp, "library.json")], check=True)
        cls.want = json.loads(subprocess.run(
            [CJM, "analyze", cls.map_path, cls.events_path, "--format", "json"],
            check=True, stdout=subprocess.PIPE, text=True).stdout)
        tsv = os.path.join(cls.tmp, "events.copy")
        cls.event_count = events_to_copy(cls.events_path, tsv)
        cls.pg = Cluster(BINDIR, MODULE, SCRIPT, LIBRARIES,
                         ["max_worker_processes=8", "max_parallel_workers=4",
                          "fsync=off", "synchronous_commit=off"])
        try:
            cls.load(tsv)
        except BaseException:
            cls.pg.close()  # tearDownClass does not run when setUpClass fails
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, tsv):
        cls.pg.sql("CREATE TABLE events (customer text, at timestamptz, touchpoint text, "
                   "channel text, stage text, score float8, scale_min float8, "
                   "scale_max float8);"
                   "CREATE TABLE map (doc jsonb);")
        cls.pg.psql("-c", f"\\copy events from '{tsv}'")
        with open(cls.map_path) as f:
            cls.map_text = f.read()
        cls.pg.psql("-c", "\\copy map from stdin",
                    input=json.dumps(json.loads(cls.map_text)).replace("\\", "\\\\") + "\n")
        cls.pg.sql("ANALYZE events;")

    @classmethod
    def tearDownClass(cls):
        cls.pg.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def query(self, sql, workers=None):
        setup = ""
        if workers is not None:
            setup = (f"SET max_parallel_workers_per_gather = {workers};"
                     "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
                     "SET min_parallel_table_scan_size = 0;")
        return self.pg.psql("-v", "map=" + self.map_text,
                            input=setup + sql + ";").stdout.strip()

    def test_report_equals_the_tool(self):
        self.assertEqual(int(self.query("SELECT count(*) FROM events")), self.event_count)
        got = json.loads(self.query(ANALYZE, workers=0))
        self.assertEqual(got, self.want)

    def test_reports_are_jsonb_as_postgresql_makes_it(self):
        # The report is written as jsonb's bytes directly: read back from
        # its text, PostgreSQL makes the same value of the same size, for
        # the whole report (arrays and objects beyond 32 members) and for
        # small groups.
        same = ("bool_and(r = r::text::jsonb AND pg_column_size(r) = "
                "pg_column_size(r::text::jsonb) AND r::text = r::text::jsonb::text), count(*)")
        whole = self.query(f"SELECT {same} FROM ({ANALYZE}) g(r)", workers=0)
        self.assertEqual(whole, "t|1")
        self.assertGreater(len(self.want["touchpoints"]), 32)
        groups = self.query(
            f"SELECT {same} FROM (SELECT cjm_analyze(:'map'::jsonb, customer, at, touchpoint, "
            "channel, stage, score, scale_min, scale_max) FROM events WHERE customer IN "
            "(SELECT DISTINCT customer FROM events ORDER BY 1 LIMIT 500) GROUP BY customer) g(r)",
            workers=0)
        self.assertEqual(groups, "t|500")
        # An object of more members than a report's channels have as a
        # rule, whose keys' order differs from jsonb's (shorter first).
        many = self.query(
            f"SELECT {same}, max(jsonb_array_length(jsonb_path_query_array(r,"
            " '$.channels.events.keyvalue()'))) FROM (SELECT cjm_analyze(:'map'::jsonb,"
            " customer, at, touchpoint, channel, stage, score, scale_min, scale_max) FROM"
            " (SELECT * FROM events UNION ALL SELECT e.customer, e.at + i * interval '1s',"
            " e.touchpoint, 'c' || repeat('x', i), NULL, NULL, NULL, NULL FROM"
            " (SELECT * FROM events LIMIT 1) e, generate_series(1, 40) i) a) g(r)", workers=0)
        self.assertEqual(many.split("|")[:2], ["t", "1"])
        self.assertGreater(int(many.split("|")[2]), 40)

    def test_group_reports_equal_the_tool(self):
        # One report per customer, as GROUP BY customer makes them: the
        # rows they share (touchpoints a customer never used, the map's own
        # gaps) are copied from the first report that wrote them, so each
        # must still be the tool's report of that customer's events alone.
        customers = self.query("SELECT DISTINCT customer FROM events ORDER BY 1 LIMIT 40")
        customers = customers.split()
        rows = self.query(
            "SELECT customer, cjm_analyze(:'map'::jsonb, customer, at, touchpoint, channel, "
            "stage, score, scale_min, scale_max) FROM events WHERE customer IN ("
            + ", ".join(f"'{c}'" for c in customers) + ") GROUP BY customer", workers=0)
        got = dict(line.split("|", 1) for line in rows.splitlines())
        self.assertEqual(sorted(got), customers)
        lines = {c: [] for c in customers}
        with open(self.events_path) as f:
            for line in f:
                customer = json.loads(line)["customer"]
                if customer in lines:
                    lines[customer].append(line)
        path = os.path.join(self.tmp, "one-customer.jsonl")
        for customer in customers:
            with open(path, "w") as f:
                f.writelines(lines[customer])
            want = json.loads(subprocess.run(
                [CJM, "analyze", self.map_path, path, "--format", "json"],
                check=True, stdout=subprocess.PIPE, text=True).stdout)
            self.assertEqual(json.loads(got[customer]), want, customer)

    def test_segments(self):
        # Cohorts by the month of each customer's first event, a few listed:
        # the report equals the tool's, and the rows its segments.
        want = json.loads(subprocess.run(
            [CJM, "analyze", self.map_path, self.events_path, "--format", "json",
             "--breakdown", "@month", "--max-segments", "4"],
            check=True, stdout=subprocess.PIPE, text=True).stdout)
        options = '{"breakdown": "@month", "max_segments": 4}'
        report = f"SELECT cjm_analyze(:'map'::jsonb, '{options}', {ARGS}) FROM events"
        self.assertEqual(json.loads(self.query(report, workers=2)), want)
        self.assertGreater(len(want["segments"]), 1)  # max_segments limits attributes only
        rows = self.query(f"SELECT place, value, other, customers, figures FROM "
                          f"cjm_segments(({report})) ORDER BY place", workers=0)
        got = [line.split("|") for line in rows.splitlines()]
        self.assertEqual([[r[0], r[2], r[3]] for r in got],
                         [[str(i + 1), "t" if s["other"] else "f", str(s["customers"])]
                          for i, s in enumerate(want["segments"])])
        self.assertEqual([json.loads(r[4]) for r in got], want["segments"])
        stages = self.query(f"SELECT segment, place, id, reached FROM "
                            f"cjm_segment_stages(({report})) ORDER BY segment, place",
                            workers=0)
        self.assertEqual([line.split("|") for line in stages.splitlines()],
                         [[str(i + 1), str(k + 1), st["id"], str(st["reached"])]
                          for i, s in enumerate(want["segments"])
                          for k, st in enumerate(s["stages"])])
        # Without a breakdown there are no segments, and no rows.
        self.assertEqual(self.query(f"SELECT count(*) FROM cjm_segments(({ANALYZE}))",
                                    workers=0), "0")
        # A breakdown by an attribute where the form takes none would put
        # every customer in the null segment: an error saying so.
        for aggregate in ("cjm_analyze", "cjm_analyze_partial"):
            p = self.pg.psql("-v", "map=" + self.map_text, check=False, input=(
                f"SELECT {aggregate}(:'map'::jsonb, '{{\"breakdown\": \"plan\"}}', {ARGS})"
                " FROM events;"))
            self.assertIn('cjm: options: "breakdown": "plan" is an attribute, and this form of'
                          " the aggregate takes no attributes", p.stderr)
            self.assertIn("jsonb_build_object('plan', ...)", p.stderr)

    def test_paths_and_flow(self):
        # The paths and the flow's edges as rows: the tool's, in order.
        paths = self.query(f"SELECT place, stages, customers, completed, figures FROM "
                           f"cjm_paths(({ANALYZE})) ORDER BY place", workers=0)
        got = [line.split("|") for line in paths.splitlines()]
        want = self.want["paths"]["top"]
        self.assertGreater(len(want), 1)
        self.assertEqual([[r[0], r[1], r[2], r[3]] for r in got],
                         [[str(i + 1), "{" + ",".join(p["stages"]) + "}", str(p["customers"]),
                           str(p["completed"])] for i, p in enumerate(want)])
        self.assertEqual([json.loads(r[4]) for r in got], want)
        edges = self.query(f"SELECT \"from\", \"to\", count, customers, median_ms FROM "
                           f"cjm_flow_edges(({ANALYZE})) ORDER BY place", workers=0)
        self.assertEqual([line.split("|") for line in edges.splitlines()],
                         [[e["from"], e["to"], str(e["count"]), str(e["customers"]),
                           "" if e["median_ms"] is None else str(e["median_ms"])]
                          for e in self.want["flow"]["edges"]])
        # Every other table of the report as rows, in the report's order,
        # each row's object whole in figures.
        for function, columns, want in (
                ("cjm_flow_starts", ("touchpoint", "customers"), self.want["flow"]["starts"]),
                ("cjm_flow_ends", ("touchpoint", "customers"), self.want["flow"]["ends"]),
                ("cjm_channel_matrix", ("from", "to", "count"),
                 self.want["channels"]["matrix"]),
                ("cjm_backtrack_pairs", ("from", "to", "count", "customers"),
                 self.want["backtracks"]["pairs"])):
            self.assertGreater(len(want), 1, function)
            quoted = ", ".join(f'"{c}"' for c in columns)
            out = self.query(f"SELECT place, {quoted}, figures FROM "
                             f"{function}(({ANALYZE})) ORDER BY place", workers=0)
            got = [line.split("|") for line in out.splitlines()]
            self.assertEqual([r[:-1] for r in got],
                             [[str(i + 1)] + [str(x[c]) for c in columns]
                              for i, x in enumerate(want)], function)
            self.assertEqual([json.loads(r[-1]) for r in got], want, function)
        # Exits: a row per stage and exit, stages in map order, none for
        # the final stage (its exits are null).
        out = self.query(f"SELECT stage_place, stage, place, touchpoint, customers, silent, "
                         f"figures FROM cjm_exits(({ANALYZE})) ORDER BY stage_place, place",
                         workers=0)
        want = [[str(i + 1), s["id"], str(k + 1), x["touchpoint"], str(x["customers"]),
                 str(x["silent"]), x]
                for i, s in enumerate(self.want["stages"]) for k, x in enumerate(s["exits"] or [])]
        self.assertGreater(len(want), len(self.want["stages"]))
        self.assertIsNone(self.want["stages"][-1]["exits"])
        got = [line.split("|") for line in out.splitlines()]
        self.assertEqual([r[:-1] + [json.loads(r[-1])] for r in got], want)
        # They add up to each stage's dropped when it has five exits or fewer.
        sums = self.query(f"SELECT s.id, s.dropped, sum(x.customers) FROM "
                          f"cjm_stages(({ANALYZE})) s JOIN cjm_exits(({ANALYZE})) x "
                          f"ON x.stage_place = s.place GROUP BY 1, 2 HAVING count(*) < 5",
                          workers=0)
        for line in sums.splitlines():
            stage, dropped, total = line.split("|")
            self.assertEqual(dropped, total, stage)

    def test_customers_behind_figures(self):
        # Each selection of one criterion holds as many customers as the
        # report's figure; criteria combine with "and"; bad ones are errors.
        self.pg.sql("CREATE TABLE whole AS SELECT cjm_analyze_partial(doc, customer, at, "
                    "touchpoint, channel, stage, score, scale_min, scale_max) AS part "
                    "FROM events, map")

        def count(selection):
            return int(self.query(f"SELECT count(*) FROM whole, cjm_customers(part, "
                                  f"'{json.dumps(selection)}')"))

        self.assertEqual(count({}), self.want["totals"]["customers"])
        self.assertEqual(count({"completed": True}), self.want["totals"]["completed"])
        for stage in self.want["stages"][:3]:
            for figure, criterion in (("reached", "reached"), ("dropped", "dropped"),
                                      ("silent_churn", "silent_churn"),
                                      ("hop_customers", "hopped"), ("funnel", "funnel")):
                self.assertEqual(count({criterion: stage["id"]}), stage[figure],
                                 (stage["id"], figure))
        tp = self.want["touchpoints"][0]
        self.assertEqual(count({"used": [tp["id"]]}), tp["customers"])
        both = count({"reached": self.want["stages"][1]["id"], "used": tp["id"]})
        self.assertLessEqual(both, min(tp["customers"], self.want["stages"][1]["reached"]))
        ordered = self.query("SELECT c FROM whole, cjm_customers(part, '{\"completed\": true}') c"
                             " LIMIT 50").split("\n")
        self.assertEqual(ordered, sorted(ordered, key=str.encode))
        for selection, wrong in (('{"colour": "red"}', '"colour": not a criterion'),
                                 ('{"reached": 5}', '"reached": expected an id'),
                                 ('{"reached": "no-such-stage"}', "no-such-stage"),
                                 ('{"backtracked": ["a"]}', '"backtracked": expected a pair'),
                                 ('[]', "selection: expected a JSON object")):
            p = self.pg.psql("-c", f"SELECT count(*) FROM whole, cjm_customers(part, "
                             f"'{selection}')", check=False)
            self.assertRegex(p.stderr, "cjm: cjm_(analysis_)?customers: ")
            self.assertIn(wrong, p.stderr)
        self.pg.sql("DROP TABLE whole")

    def test_cancel_during_merge_and_report(self):
        # Six partials of all the events, each with its own customers, then
        # one statement that reads, merges and reports them all: nearly all
        # its time is in cjm_merge's transition and final. A timeout, and a
        # cancel from a second connection, halfway through must end it long
        # before it would end, and leave the server up.
        self.pg.sql(
            "CREATE TABLE big_parts AS SELECT k, cjm_analyze_partial(doc, customer || '-' || k, "
            "at, touchpoint, channel, stage, score, scale_min, scale_max) AS part "
            "FROM events, map, generate_series(1, 6) k GROUP BY k")
        merge = "SELECT cjm_merge(part)->'totals'->>'events' FROM big_parts;"

        def run(setup=""):
            start = time.perf_counter()
            p = self.pg.psql(input=setup + merge, check=False)
            return time.perf_counter() - start, p

        whole, p = run()
        self.assertEqual(p.stdout.strip(), str(6 * self.event_count), p.stderr)
        half = whole / 2
        took, p = run(f"SET statement_timeout = {int(half * 1000)};")
        self.assertIn("canceling statement due to statement timeout", p.stderr)
        print(f"\nmerge and report of {6 * self.event_count} events: {whole:.2f} s; "
              f"a timeout at {half:.2f} s ended it {took - half:.3f} s later",
              file=sys.stderr)
        # Left running it would end at `whole`, half a run after the timeout;
        # ended within 0.4 of a run, with room for a machine busier than
        # during the reference run (the speed itself is the benchmark's).
        self.assertLess(took, half + whole * 0.4)
        # pg_cancel_backend from another connection, already open, while it
        # runs (a third of the way: psql's own start is not timed).
        def session():
            return subprocess.Popen(
                [os.path.join(BINDIR, "psql"), "-X", "-q", "-A", "-t", "-h", self.pg.dir, "-U",
                 "cjm", "-d", "postgres"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True)

        running, other = session(), session()
        for s in (running, other):
            s.stdin.write("SELECT pg_backend_pid();\n")
            s.stdin.flush()
        pid = running.stdout.readline().strip()
        other.stdout.readline()
        running.stdin.write(merge + "\n")
        running.stdin.close()
        start = time.perf_counter()
        time.sleep(whole / 3)
        other.stdin.write(f"SELECT pg_cancel_backend({pid});\n")
        other.stdin.flush()
        self.assertEqual(other.stdout.readline().strip(), "t")
        cancelled = time.perf_counter()
        other.stdin.close()
        other.wait()
        err = running.stderr.read()
        running.wait()
        done = time.perf_counter()
        print(f"pg_cancel_backend at {cancelled - start:.2f} s ended it "
              f"{done - cancelled:.3f} s later", file=sys.stderr)
        self.assertIn("canceling statement due to user request", err)
        self.assertLess(done - start, whole / 3 + whole * 0.45)  # left running: whole
        self.assertEqual(self.query("SELECT 1"), "1")
        self.assertNotIn("terminated by signal", self.pg.log())
        self.pg.sql("DROP TABLE big_parts")

    def test_parallel_plan_and_results(self):
        plan = self.query("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + ANALYZE,
                          workers=2)
        print("\n" + plan, file=sys.stderr)
        self.assertIn("Finalize Aggregate", plan)
        self.assertIn("Gather", plan)
        self.assertIn("Partial Aggregate", plan)
        self.assertIn("Workers Launched: 2", plan)
        for workers in (0, 1, 2):
            got = json.loads(self.query(ANALYZE, workers=workers))
            self.assertEqual(got, self.want, f"with {workers} workers")

    def test_partials_by_hand(self):
        # Four partial analyses of arbitrary rows (a customer's rows in
        # several), stored as bytes, then merged: the same report.
        self.query("CREATE TABLE parts AS SELECT (ctid::text::point)[0]::bigint % 4 AS bucket, "
                   "cjm_analyze_partial(:'map'::jsonb, customer, at, touchpoint, channel, "
                   "stage, score, scale_min, scale_max) AS part FROM events GROUP BY 1",
                   workers=2)
        self.assertEqual(self.query("SELECT count(*) FROM parts"), "4")
        got = json.loads(self.query("SELECT cjm_merge(part) FROM parts", workers=2))
        self.assertEqual(got, self.want)
        p = self.pg.psql("-c", "SELECT cjm_merge('\\x0102'::bytea)", check=False)
        self.assertIn("ERROR:  cjm: not an analysis state", p.stderr)
        p = self.pg.psql("-c", "SELECT cjm_merge(substr(part, 1, length(part) - 3)) FROM parts",
                         check=False)
        self.assertIn("ERROR:  cjm: ", p.stderr)

    def test_bad_rows(self):
        self.pg.sql("CREATE TABLE bad AS SELECT * FROM events LIMIT 100;"
                    "INSERT INTO bad VALUES ('z', now(), 'no-such-touchpoint', NULL, NULL, "
                    "NULL, NULL, NULL), (NULL, now(), 'x', 'web', NULL, NULL, NULL, NULL);")
        p = self.pg.psql("-v", "map=" + self.map_text,
                         input=ANALYZE.replace("FROM events", "FROM bad"), check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("ERROR:  cjm: ", p.stderr)
        self.assertIn("no-such-touchpoint", p.stderr)
        lenient = ("SELECT cjm_analyze(:'map'::jsonb, '{\"lenient\": true}', customer, at, "
                   "touchpoint, channel, stage, score, scale_min, scale_max) FROM bad")
        report = json.loads(self.query(lenient))
        self.assertEqual(report["totals"]["rejected"], 2)
        self.assertEqual(report["totals"]["events"], 100)
        p = self.pg.psql("-v", "map=" + self.map_text, input=lenient.replace("lenient", "colour"),
                         check=False)
        self.assertIn("cjm: options: \"colour\": not an option", p.stderr)
        # A key from the query is shown as JSON writes it, cut short: it may
        # be anything and as long as a document.
        long_key = 'q\\"' * 30
        p = self.pg.psql("-v", "map=" + self.map_text,
                         input=lenient.replace('lenient', long_key), check=False)
        self.assertIn('cjm: options: "' + 'q\\"' * 13 + '...": not an option', p.stderr)
        p = self.pg.psql("-c", "SELECT cjm_analyze(case when customer < 'c' then m.doc else "
                         "'{}'::jsonb end, customer, at, touchpoint, channel, stage, score, "
                         "scale_min, scale_max) FROM bad, map m", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("cjm: ", p.stderr)
        p = self.pg.psql("-c", "SELECT cjm_analyze('{\"format\": \"cjm-journey\"}', customer, "
                         "at, touchpoint, channel, stage, score, scale_min, scale_max) FROM bad",
                         check=False)
        self.assertIn("ERROR:  cjm: map:", p.stderr)

    def test_bad_row_deep_in_many(self):
        # One bad row after a quarter of a million good ones, the scan split
        # among workers in many chunks: the query fails naming the row's
        # customer, whole and under GROUP BY, and the server stays up; the
        # same rows without it add up to every event.
        self.pg.sql("CREATE TABLE deep AS SELECT (row_number() OVER ())::integer AS n, * "
                    "FROM events; ANALYZE deep;")
        bad = 250123
        customer = self.query(f"SELECT customer FROM deep WHERE n = {bad}")
        rows = ("cjm_analyze(:'map'::jsonb, customer, at, CASE WHEN n = {0} THEN "
                "'no-such-touchpoint' ELSE touchpoint END, CASE WHEN n = {0} THEN NULL ELSE "
                "channel END, stage, score, scale_min, scale_max)")
        setup = ("SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; "
                 "SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;")
        for sql in (f"SELECT {rows.format(bad)} FROM deep",
                    f"SELECT count(r) FROM (SELECT {rows.format(bad)} AS r FROM deep "
                    f"GROUP BY n % 7) g"):
            p = self.pg.psql("-v", "map=" + self.map_text, input=setup + sql + ";",
                             check=False)
            self.assertNotEqual(p.returncode, 0, sql)
            self.assertIn(f'(customer "{customer}", at ', p.stderr, sql)
            self.assertIn("no-such-touchpoint", p.stderr, sql)
        plan = self.query(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT "
                          f"{rows.format(-1)} FROM deep", workers=2)
        self.assertIn("Workers Launched: 2", plan)
        total = self.query(f"SELECT sum((r->'totals'->>'events')::bigint), count(*) FROM "
                           f"(SELECT {rows.format(-1)} AS r FROM deep GROUP BY n % 7) g",
                           workers=2)
        self.assertEqual(total, f"{self.event_count}|7")
        self.assertEqual(self.query("SELECT 1"), "1")
        self.assertNotIn("terminated by signal", self.pg.log())

    def test_options_and_groups(self):
        report = json.loads(self.query(
            "SELECT cjm_analyze(:'map'::jsonb, '{\"min_customers\": 1, "
            "\"drop_threshold\": 0.01}', customer, at, touchpoint, channel, stage, score, "
            "scale_min, scale_max) FROM events", workers=2))
        want = json.loads(subprocess.run(
            [CJM, "analyze", self.map_path, self.events_path, "--format", "json",
             "--min-customers", "1", "--drop-threshold", "0.01"],
            check=True, stdout=subprocess.PIPE, text=True).stdout)
        self.assertEqual(report, want)
        # confidence 0: the mean alone, as the tool's --confidence 0.
        report = json.loads(self.query(
            "SELECT cjm_analyze(:'map'::jsonb, '{\"confidence\": 0}', customer, at, "
            "touchpoint, channel, stage, score, scale_min, scale_max) FROM events", workers=2))
        want = json.loads(subprocess.run(
            [CJM, "analyze", self.map_path, self.events_path, "--format", "json",
             "--confidence", "0"], check=True, stdout=subprocess.PIPE, text=True).stdout)
        self.assertEqual(report, want)
        p = self.pg.psql(input="SELECT cjm_analyze(doc, '{\"confidence\": 0.3}', 'c', now(), "
                         "'t', NULL, NULL, NULL, NULL, NULL) FROM map;", check=False)
        self.assertIn('cjm: options: "confidence"', p.stderr)
        self.assertIn('[0.5, 1)', p.stderr)
        rows = self.query("SELECT channel, (cjm_analyze(:'map'::jsonb, customer, at, "
                          "touchpoint, channel, stage, score, scale_min, scale_max)->'totals'"
                          "->>'events')::bigint FROM events WHERE channel IS NOT NULL "
                          "GROUP BY channel ORDER BY channel", workers=2)
        counts = dict(line.split("|") for line in rows.splitlines())
        explicit = self.query("SELECT count(*) FROM events WHERE channel IS NOT NULL")
        self.assertEqual(sum(int(v) for v in counts.values()), int(explicit))

    def test_answers_in_rows(self):
        # Each function over the aggregate's result: the report's figures,
        # typed, in the report's order.
        def rows(function, columns):
            out = self.query(f"SELECT {columns} FROM {function}(({ANALYZE})) ORDER BY place",
                             workers=0)
            return [line.split("|") for line in out.splitlines()]

        def cell(value):
            return "" if value is None else ("t" if value is True else "f" if value is False
                                             else str(value))

        stages = rows("cjm_stages", "place, id, reached, dropped, drop_rate, silent_churn, "
                      "feedback, mean_score, median_transition_ms, switch_customers")
        self.assertEqual(len(stages), len(self.want["stages"]))
        for i, (row, want) in enumerate(zip(stages, self.want["stages"])):
            self.assertEqual(row[0], str(i + 1))
            self.assertEqual(row[1:6], [cell(want[k]) for k in
                                        ("id", "reached", "dropped")] +
                             [row[4], cell(want["silent_churn"])])
            self.assertEqual(float(row[4]), want["drop_rate"])
            self.assertEqual(row[6], cell(want["feedback"]))
            if want["mean_score"] is None:
                self.assertEqual(row[7], "")
            else:
                self.assertEqual(float(row[7]), want["mean_score"])
            self.assertEqual(row[8:], [cell(want["median_transition_ms"]),
                                       cell(want["switch_customers"])])
        tps = rows("cjm_touchpoints", "id, stage, planned, channel, events, customers, feedback")
        self.assertEqual(tps, [[cell(t[k]) for k in ("id", "stage", "planned", "channel",
                                                      "events", "customers", "feedback")]
                               for t in self.want["touchpoints"]])
        channels = rows("cjm_channels", "channel, events")
        self.assertEqual(channels, [[k, str(v)] for k, v in
                                    sorted(self.want["channels"]["events"].items(),
                                           key=lambda kv: kv[0].encode())])
        gaps = rows("cjm_gaps_of", "kind, stage, touchpoint, to_stage, count, message")
        self.assertEqual(gaps, [[cell(g[k]) for k in ("kind", "stage", "touchpoint",
                                                       "to_stage", "count", "message")]
                                for g in self.want["gaps"]])
        # Every figure of a row, those without a column of their own too,
        # in its last column: the row's object of the report.
        for function, member in (("cjm_stages", "stages"), ("cjm_touchpoints", "touchpoints"),
                                 ("cjm_gaps_of", "gaps")):
            out = self.query(f"SELECT figures FROM {function}(({ANALYZE})) ORDER BY place",
                             workers=0)
            self.assertEqual([json.loads(line) for line in out.splitlines()],
                             self.want[member], function)
        self.assertIn("score_high", self.want["stages"][0])
        severities = rows("cjm_gaps_of", "severity")
        self.assertEqual([float(r[0]) for r in severities],
                         [g["severity"] for g in self.want["gaps"]])
        # The docs' monthly example keeps the map's order of stages.
        out = self.query(
            "SELECT r.month, s.place, s.id FROM (SELECT date_trunc('month', at) AS month, "
            "cjm_analyze(:'map'::jsonb, customer, at, touchpoint, channel, stage, score, "
            "scale_min, scale_max) AS report FROM events GROUP BY 1) r, "
            "cjm_stages(r.report) s ORDER BY r.month, s.place", workers=2)
        order = [s["id"] for s in self.want["stages"]]
        months = {}
        for line in out.splitlines():
            month, _, stage = line.split("|")
            months.setdefault(month, []).append(stage)
        self.assertGreater(len(months), 0)
        for month, stages in months.items():
            self.assertEqual(stages, order, month)
        for function in ("cjm_stages", "cjm_touchpoints", "cjm_channels", "cjm_gaps_of",
                         "cjm_segments", "cjm_segment_stages", "cjm_paths", "cjm_flow_edges",
                         "cjm_flow_starts", "cjm_flow_ends", "cjm_exits", "cjm_channel_matrix",
                         "cjm_backtrack_pairs"):
            self.assertEqual(self.query(f"SELECT count(*) FROM {function}(NULL)"), "0")
            for document, wrong in (("{}", 'no "format" member'), ("[1]", "not a JSON object"),
                                    ('{"format": "cjm-journey"}',
                                     'its "format" is "cjm-journey"')):
                p = self.pg.psql("-c", f"SELECT count(*) FROM {function}('{document}')",
                                 check=False)
                self.assertIn(f"cjm: {function}: the argument is not a cjm-report document: "
                              f"{wrong}", p.stderr)
        # A member of the wrong kind is an error naming the function and the
        # member, never rows of nulls; an absent or null one gives no rows.
        members = {"cjm_stages": "stages", "cjm_touchpoints": "touchpoints",
                   "cjm_channels": "channels.events", "cjm_gaps_of": "gaps",
                   "cjm_segments": "segments", "cjm_segment_stages": "segments",
                   "cjm_paths": "paths.top", "cjm_flow_edges": "flow.edges",
                   "cjm_flow_starts": "flow.starts", "cjm_flow_ends": "flow.ends",
                   "cjm_exits": "stages", "cjm_channel_matrix": "channels.matrix",
                   "cjm_backtrack_pairs": "backtracks.pairs"}
        def document(member, value):
            keys = member.split(".")
            inner = value
            for key in reversed(keys):
                inner = {key: inner}
            return json.dumps({"format": "cjm-report", **inner}).replace("'", "''")
        for function, member in members.items():
            rows = member != "channels.events"
            for value, wrong in ((5, "is a number, not an array" if rows else
                                  "is a number, not an object"),
                                 ([1, {}] if rows else [], "has a number at place 1, not an "
                                  "object" if rows else "is an array, not an object"),
                                 ("x", "is a string, not an array" if rows else
                                  "is a string, not an object")):
                p = self.pg.psql("-c", f"SELECT count(*) FROM {function}("
                                 f"'{document(member, value)}')", check=False)
                self.assertIn(f'cjm: {function}: "{member}" {wrong}', p.stderr)
            for value in (None, [] if rows else {}):
                self.assertEqual(self.query(f"SELECT count(*) FROM {function}("
                                            f"'{document(member, value)}')"), "0")
        parent = document("flow", 5)
        p = self.pg.psql("-c", f"SELECT count(*) FROM cjm_flow_edges('{parent}')", check=False)
        self.assertIn('cjm: cjm_flow_edges: "flow" is a number, not an object', p.stderr)
        # Called by hand: a path with no key or a null one, a document that
        # is not an object, NULLs (no result).
        for call, wrong in (("'{}', '{}', true", "the path is empty"),
                            ("'{}', ARRAY['a', NULL], false", "the path's key 2 is null"),
                            ("'[1]', '{a}', true", "the document is an array, not an object"),
                            ("'5', '{a}', false", "the document is a scalar, not an object")):
            p = self.pg.psql("-c", f"SELECT cjm_member_at({call}, 'mine')", check=False)
            self.assertIn(f"cjm: mine: {wrong}", p.stderr)
        self.assertEqual(self.query("SELECT cjm_member_at('{\"a\": {\"b\": [{}]}}', '{a,b}',"
                                    " true, 'mine')::text"), "[{}]")
        for nulls in ("NULL, '{a}', true, 'm'", "'{}', NULL, true, 'm'",
                      "'{}', '{a}', NULL, 'm'", "'{}', '{a}', true, NULL"):
            self.assertEqual(self.query(f"SELECT cjm_member_at({nulls}) IS NULL"), "t")
        exits = json.dumps({"format": "cjm-report", "stages": [{"id": "a", "exits": 7}]})
        p = self.pg.psql("-c", f"SELECT count(*) FROM cjm_exits('{exits}')", check=False)
        self.assertIn('cjm: cjm_exits: "exits" is a number, not an array', p.stderr)
        # A figure of the wrong type is an error naming the function and the
        # figure (PostgreSQL's own cast named neither); absent or null is NULL.
        for function, member, row, wrong in (
                ("cjm_stages", "stages", {"reached": "x"},
                 '"reached" is a string "x", not a whole number'),
                ("cjm_stages", "stages", {"reached": 1.5},
                 '"reached" is a number 1.5, not a whole number'),
                ("cjm_stages", "stages", {"reached": 10 ** 30},
                 '"reached" is a number 1000000000000000000000000000000, beyond bigint'),
                ("cjm_stages", "stages", {"reached": 2 ** 63},
                 '"reached" is a number 9223372036854775808, beyond bigint'),
                ("cjm_stages", "stages", {"drop_rate": 10 ** 400},
                 '"drop_rate" is a number ' + "1" + "0" * 39 + '..., beyond float8'),
                ("cjm_paths", "paths.top", {"stages": "a"},
                 '"stages" is a string "a", not an array of texts'),
                ("cjm_paths", "paths.top", {"stages": ["a", 5]},
                 '"stages" has a number 5 at place 2, not a text'),
                ("cjm_channels", "channels.events", {'q"' * 50: "x"},
                 '"' + 'q\\"' * 13 + '..." is a string "x", not a whole number'),
                ("cjm_stages", "stages", {"reached": "é" * 30},
                 '"reached" is a string "' + "é" * 19 + '...", not a whole number'),
                ("cjm_stages", "stages", {"drop_rate": True},
                 '"drop_rate" is a boolean true, not a number'),
                ("cjm_touchpoints", "touchpoints", {"planned": "yes"},
                 '"planned" is a string "yes", not true or false'),
                ("cjm_flow_starts", "flow.starts", {"customers": [1]},
                 '"customers" is an array, not a whole number'),
                ("cjm_exits", "stages", {"exits": [{"silent": {}}]},
                 '"silent" is an object, not a whole number'),
                ("cjm_channels", "channels.events", {"web": "x"},
                 '"web" is a string "x", not a whole number'),
                ("cjm_stages", "stages", {"id": {"a": 1}}, '"id" is an object, not a text'),
                ("cjm_gaps_of", "gaps", {"kind": 5}, '"kind" is a number 5, not a text'),
                ("cjm_exits", "stages", {"id": "a", "exits": [{"touchpoint": True}]},
                 '"touchpoint" is a boolean true, not a text'),
                ("cjm_flow_ends", "flow.ends", {"touchpoint": ["t"]},
                 '"touchpoint" is an array, not a text')):
            value = row if member == "channels.events" else [row]
            p = self.pg.psql("-c", f"SELECT count(*) FROM {function}("
                             f"'{document(member, value)}')", check=False)
            self.assertIn(f"cjm: {function}: {wrong}", p.stderr)
            self.assertNotIn("invalid input syntax", p.stderr)
        for value in (None, "absent"):
            stage = {"id": "a", "reached": value} if value is None else {"id": "a"}
            self.assertEqual(self.query(
                "SELECT reached IS NULL AND drop_rate IS NULL FROM cjm_stages("
                f"'{document('stages', [stage])}')"), "t")
        self.assertEqual(self.query(
            "SELECT id IS NULL FROM cjm_stages("
            f"'{document('stages', [{'id': None}])}')"), "t")
        self.assertEqual(self.query(
            "SELECT reached, drop_rate, median_transition_ms FROM cjm_stages("
            f"'{document('stages', [{'reached': -9223372036854775808, 'drop_rate': 0.25}])}')"),
            "-9223372036854775808|0.25|")
        # A whole number however written; a path's stages as text[].
        self.assertEqual(self.query(
            "SELECT cjm_whole('{\"a\": 5.0}', 'a', 'c'), cjm_whole('{\"a\": 1e2}', 'a', 'c'),"
            " cjm_whole('{\"a\": -0}', 'a', 'c'), cjm_texts('{\"a\": [\"x\", \"y\"]}', 'a', 'c'),"
            " cjm_texts('{\"a\": []}', 'a', 'c')"), "5|100|0|{x,y}|{}")
        # A key of the path that meets an array is a place in it, from 0.
        exits = json.dumps({"format": "cjm-report",
                            "stages": [{"id": "a"}, {"id": "b", "exits": [{"silent": 3}]}]})
        self.assertEqual(self.query(
            f"SELECT figures->>'silent' FROM cjm_report_rows('{exits}', '{{stages,1,exits}}',"
            " 'mine')"), "3")
        for place, rows in (("-1", "1"), ("-2", "0"), ("7", "0"), ("-7", "0"), ("-0", "0"),
                            ("4294967296", "0"), ("99999999999999999999", "0")):
            self.assertEqual(self.query(
                f"SELECT count(*) FROM cjm_report_rows('{exits}', '{{stages,{place},exits}}',"
                " 'mine')"), rows, place)
        for place in ("x", "+1", "1x", "--1", "+0", '""'):
            p = self.pg.psql("-c", f"SELECT count(*) FROM cjm_report_rows('{exits}',"
                             f" '{{stages,{place},exits}}', 'mine')", check=False)
            key = json.dumps(json.loads(place) if place.startswith('"') else place)
            self.assertIn(f'cjm: mine: "stages" is an array, and {key} is not a place in it',
                          p.stderr)
        p = self.pg.psql("-c", "SELECT cjm_member_at('{\"a\": {\"b\": {}}}', '{{a},{b}}',"
                         " false, 'mine')", check=False)
        self.assertIn("cjm: mine: the path has 2 dimensions, not one", p.stderr)
        # A caller's name is cut on a character, never inside one.
        p = self.pg.psql("-c", "SELECT cjm_whole('{\"a\": \"x\"}', 'a', repeat('x', 38)"
                         " || E'\\\\é' || 'yyyyyyyyyy')", check=False)
        self.assertIn("cjm: " + "x" * 38 + "\\...: " + '"a" is a string "x"', p.stderr)
        p = self.pg.psql("-c", "SELECT cjm_texts('{\"a\": [\"x\", null]}', 'a', 'c')",
                         check=False)
        self.assertIn('cjm: c: "a" has null at place 2, not a text', p.stderr)

    def test_first_contact_example(self):
        # The docs' example per channel of first contact, as written there:
        # every customer in exactly one group (most rows leave the channel
        # to the map, and their customers have a first contact too).
        docs = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                            "docs", "postgresql.md")
        with open(docs) as f:
            text = f.read()
        block = text[text.index("Per channel of first contact"):]
        block = block[block.index("```sql\n") + 7:]
        sql = block[:block.index("```")].replace("$1::jsonb", ":'map'::jsonb").rstrip()
        out = self.query(f"SELECT channel, customers FROM ({sql.rstrip(';')}) x", workers=0)
        got = {c: int(n) for c, n in (line.split("|") for line in out.splitlines())}
        self.assertEqual(sum(got.values()), self.want["totals"]["customers"])
        self.assertGreater(len(got), 1)

    def test_one_journey(self):
        switches = int(self.query("SELECT cjm_channel_switches(doc) FROM map"))
        self.assertEqual(switches, self.want["map_channel_switches"])
        empty = os.path.join(self.tmp, "empty.jsonl")
        open(empty, "w").close()
        own = json.loads(subprocess.run(
            [CJM, "analyze", self.map_path, empty, "--format", "json"],
            check=True, stdout=subprocess.PIPE, text=True).stdout)["gaps"]
        got = json.loads(self.query("SELECT cjm_gaps(doc) FROM map"))
        # Without events a report finds only the map's structural gaps; the
        # one-journey gaps judge the map's own research as well.
        structural = ("empty_stage", "no_owner")
        self.assertTrue(all(g["kind"] in structural for g in own))
        self.assertEqual([g for g in got if g["kind"] in structural], own)
        self.assertGreater(len(got), len(own))
        # Written as jsonb's bytes, as the report is: PostgreSQL reads its
        # text back as the same value of the same size.
        self.assertEqual(self.query("SELECT r = r::text::jsonb AND pg_column_size(r) = "
                                    "pg_column_size(r::text::jsonb) FROM "
                                    "(SELECT cjm_gaps(doc) FROM map) g(r)"), "t")
        p = self.pg.psql("-c", "SELECT cjm_gaps('[]')", check=False)
        self.assertIn("ERROR:  cjm: map:", p.stderr)


def main():
    runner = unittest.TextTestRunner(verbosity=2)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(PostgresqlTest)
    sys.argv = sys.argv[:1]
    return 0 if runner.run(suite).wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
