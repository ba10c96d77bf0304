#!/usr/bin/env python3
"""Events per second through SQL (cjm_analyze with 0, 1 and 2 parallel
workers) against the cjm tool on the same data; the cost per row of a map
given as a constant, from a table and from a subquery; and GROUP BY
customer.

    bench/postgresql.py BUILD [EVENTS] [GROUPED_EVENTS]

BUILD is a build with the PostgreSQL extension (pg_config and the server
headers found). A temporary cluster is made and removed, as in the
extension's tests. Prints one line per way of running, best of three
(GROUP BY customer: once). GROUP BY customer runs over the first
GROUPED_EVENTS events (default: all), one report per customer.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "postgresql", "test"))
from cluster import Cluster, events_to_copy  # noqa: E402


def best_of(n, run):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


SERIAL = "SET max_parallel_workers_per_gather = 0;"
ARGS = "customer, at, touchpoint, channel, stage, score, scale_min, scale_max"


def map_costs(pg, map_text, rows):
    """The cost per row of the aggregate with its map as a constant, from a
    table (a join with the one-row table of maps, stored compressed as
    PostgreSQL stores any value of a few kilobytes) and from a subquery:
    each over the same query with count() in place of cjm_analyze, so that
    the join's own cost is not counted."""
    pg.sql("CREATE TABLE maps (doc jsonb);")
    pg.psql("-c", "\\copy maps from stdin",
            input=json.dumps(json.loads(map_text)).replace("\\", "\\\\") + "\n")
    stored = pg.sql("SELECT pg_column_size(doc), octet_length(doc::text) FROM maps").strip()
    sources = {
        "constant map": (":'map'::jsonb", "events"),
        "table map": ("m.doc", "events, maps m"),
        "subquery map": ("(SELECT doc FROM maps)", "events"),
    }
    cost = {}
    for name, (source, tables) in sources.items():
        def run(aggregate):
            return best_of(3, lambda: pg.psql("-v", "map=" + map_text, input=(
                SERIAL + f"SELECT {aggregate} FROM {tables};")))
        base = run(f"count({source}), count(customer), count(at), count(touchpoint), "
                   "count(score)")
        cost[name] = (run(f"cjm_analyze({source}, {ARGS})") - base) / rows * 1e9
    bytes_stored, bytes_text = stored.split("|")
    print(f"per-row cost of cjm_analyze over count() on the same rows, the map stored in "
          f"{bytes_stored} bytes for {bytes_text} of text:")
    for name, ns in cost.items():
        print(f"  {name}: {ns:.0f} ns per row, {ns / cost['constant map']:.2f} x the constant's")


def group_by_customer(pg, map_text, events):
    """One report per customer, as the docs' examples group."""
    pg.sql(f"CREATE TABLE grouped AS SELECT * FROM events LIMIT {events}; VACUUM ANALYZE grouped;")
    customers = int(pg.sql("SELECT count(DISTINCT customer) FROM grouped"))
    query = (f"SELECT cjm_analyze(:'map'::jsonb, {ARGS}) AS report "
             "FROM grouped GROUP BY customer")
    start = time.perf_counter()
    pg.psql("-v", "map=" + map_text,
            input=SERIAL + "SELECT count(*), sum(pg_column_size(report)) FROM (" + query + ") g;")
    t = time.perf_counter() - start
    print(f"GROUP BY customer: {customers} customers, {events} events: {t:.2f} s, "
          f"{t / customers * 1e6:.0f} us per customer")


def main():
    build = sys.argv[1]
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 2000000
    bindir = subprocess.run(["pg_config", "--bindir"], check=True, stdout=subprocess.PIPE,
                            text=True).stdout.strip()
    tmp = tempfile.mkdtemp(prefix="cjm-bench-pg-")
    os.chmod(tmp, 0o755)
    pg = None
    try:
        map_path, jsonl = os.path.join(tmp, "map.json"), os.path.join(tmp, "events.jsonl")
        subprocess.run([os.path.join(build, "bench", "cjm-bench-export"), map_path, jsonl,
                        str(events), os.path.join(tmp, "report.json")], check=True)
        rows = events_to_copy(jsonl, os.path.join(tmp, "events.copy"))
        libraries = [os.path.join(build, "lib", "libcjm.so.1"),
                     os.path.join(build, "lib", "json", "libcjm-json.so.1")]
        pg = Cluster(bindir, os.path.join(build, "bindings", "postgresql", "cjm.so"),
                     os.path.join(HERE, "..", "bindings", "postgresql", "sql", "cjm--1.0.sql"),
                     libraries,
                     ["max_worker_processes=8", "max_parallel_workers=4", "fsync=off",
                      "synchronous_commit=off", "shared_buffers=512MB"])
        pg.sql("CREATE TABLE events (customer text, at timestamptz, touchpoint text, "
               "channel text, stage text, score float8, scale_min float8, scale_max float8);")
        copy = best_of(1, lambda: pg.psql("-c", f"\\copy events from '{tmp}/events.copy'"))
        pg.sql("VACUUM ANALYZE events;")
        with open(map_path) as f:
            map_text = f.read()
        cjm = os.path.join(build, "tools", "cjm", "cjm")
        want = json.loads(subprocess.run([cjm, "analyze", map_path, jsonl, "--format", "json"],
                                         check=True, stdout=subprocess.PIPE).stdout)
        print(f"{rows} events of {want['totals']['customers']} customers; "
              f"COPY took {copy:.2f} s")
        query = ("SELECT cjm_analyze(:'map'::jsonb, customer, at, touchpoint, channel, stage, "
                 "score, scale_min, scale_max) FROM events;")
        for workers in (0, 1, 2):
            setup = (f"SET max_parallel_workers_per_gather = {workers};"
                     "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;")
            out = []
            t = best_of(3, lambda: out.append(
                pg.psql("-v", "map=" + map_text, input=setup + query).stdout))
            assert json.loads(out[-1]) == want, "the SQL report differs from the tool's"
            print(f"SQL, {workers} workers: {t:.2f} s, {rows / t / 1e6:.2f} M events/s")
        map_costs(pg, map_text, rows)
        group_by_customer(pg, map_text, int(sys.argv[3]) if len(sys.argv) > 3 else rows)
        plan = pg.psql("-v", "map=" + map_text, input=(
            "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0;"
            "SET parallel_tuple_cost = 0; EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) " + query)
        ).stdout
        print("the plan with 2 workers:\n" + plan.rstrip())
        for threads in (1, 0):
            t = best_of(3, lambda: subprocess.run(
                [cjm, "analyze", map_path, jsonl, "--format", "json", "--threads",
                 str(threads)], check=True, stdout=subprocess.DEVNULL))
            label = "one thread" if threads == 1 else "threads per processor"
            print(f"cjm analyze on the JSON Lines file, {label}: {t:.2f} s, "
                  f"{rows / t / 1e6:.2f} M events/s")
    finally:
        if pg:
            pg.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
