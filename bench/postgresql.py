#!/usr/bin/env python3
"""Events per second through SQL (cjm_analyze with 0, 1 and 2 parallel
workers) against the cjm tool on the same data; the cost per row of a map
given as a constant, from a table and from a subquery; and GROUP BY
customer.

    bench/postgresql.py BUILD [EVENTS] [GROUPED_EVENTS] [BEFORE]

BUILD is a build with the PostgreSQL extension (pg_config and the server
headers found). A temporary cluster is made and removed, as in the
extension's tests. Prints one line per way of running, best of three
(GROUP BY customer: best of two). With perf installed, three runs with 2
workers are also profiled on the leader's backend, for the share of its
processor time that reading back and merging the partial states take,
against its partial phase. GROUP BY customer runs over the first
GROUPED_EVENTS events (default: all), one report per customer, and prints
the time and the server process's own CPU time, which other load on the
machine disturbs less. BEFORE, a build directory inside the source tree of
an earlier version, runs the same GROUP BY with that version's extension
and libraries in a cluster of its own, in the same run, for the ratio.
"""
import json
import os
import re
import shutil
import signal
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
COLUMNS = ("customer text, at timestamptz, touchpoint text, channel text, stage text, "
           "score float8, scale_min float8, scale_max float8")
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


def server_cpu(pid):
    """The CPU seconds (user and system) the server process has used."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def group_by_customer(pg, map_text, events, label="GROUP BY customer"):
    """One report per customer, as the docs' examples group, best of two:
    the time, and the CPU time of the server process, which the machine's
    other load disturbs less. Returns the CPU seconds per customer."""
    pg.sql(f"CREATE TABLE IF NOT EXISTS grouped AS SELECT * FROM events LIMIT {events};"
           "VACUUM ANALYZE grouped;")
    customers = int(pg.sql("SELECT count(DISTINCT customer) FROM grouped"))
    query = (SERIAL + f"SELECT count(*), sum(pg_column_size(report)) FROM ("
             f"SELECT cjm_analyze(:'map'::jsonb, {ARGS}) AS report "
             "FROM grouped GROUP BY customer) g;\n")
    session = subprocess.Popen(
        [os.path.join(pg.bindir, "psql"), "-X", "-q", "-A", "-t", "-h", pg.dir, "-U", "cjm",
         "-d", "postgres", "-v", "map=" + map_text],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        session.stdin.write("SELECT pg_backend_pid();\n")
        session.stdin.flush()
        pid = session.stdout.readline().strip()
        wall, cpu = [], []
        for _ in range(2):
            start, used = time.perf_counter(), server_cpu(pid)
            session.stdin.write(query)
            session.stdin.flush()
            session.stdout.readline()
            wall.append(time.perf_counter() - start)
            cpu.append(server_cpu(pid) - used)
    finally:
        session.stdin.close()
        session.wait()
    print(f"{label}: {customers} customers, {events} events: {min(wall):.2f} s, "
          f"{min(wall) / customers * 1e6:.0f} us per customer; the server's CPU "
          f"{min(cpu):.2f} s, {min(cpu) / customers * 1e6:.0f} us per customer")
    return min(cpu) / customers


# The parts of the leader's work after the scan, by the functions that do
# them (a sample counts for a part when one of them is on its stack; none
# calls another): the library's, which the extension's support functions
# call, and the final function.
LEADER_PARTS = {"read back": ["cjm_analysis_deserialize"],
                "merge": ["cjm_analysis_merge_free", "cjm_analysis_merge_serialized"],
                "report": ["cjm_pg_analyze_final"]}


def leader_shares(pg, map_text, query, runs=3, label="2 workers"):
    """The leader's processor time with 2 parallel workers, by part, from
    `perf record` on the leader's backend (sampling its processor time
    only, with call stacks): reading states back into analyses, merging
    them (from analyses or straight from their bytes), making the report,
    and the rest, the partial phase (its share of the scan, the transition
    function and writing its own state). Prints each run's milliseconds
    and the read-back-and-merge time over the partial phase's. Skipped
    without perf. Returns the ratios."""
    if not shutil.which("perf"):
        print("leader's shares: skipped (perf not installed)")
        return []
    session = subprocess.Popen(
        [os.path.join(pg.bindir, "psql"), "-X", "-q", "-A", "-t", "-h", pg.dir, "-U", "cjm",
         "-d", "postgres", "-v", "map=" + map_text],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ratios = []
    data = os.path.join(pg.dir, "leader.perf")
    try:
        session.stdin.write("SET max_parallel_workers_per_gather = 2;"
                            "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
                            "SELECT pg_backend_pid();\n")
        session.stdin.flush()
        pid = session.stdout.readline().strip()
        for _ in range(runs):
            record = subprocess.Popen(
                ["perf", "record", "-q", "-F", "2000", "--call-graph", "dwarf,16384", "-p", pid,
                 "-o", data], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)  # perf is attached
            used = server_cpu(pid)
            session.stdin.write(query + "\n")
            session.stdin.flush()
            session.stdout.readline()
            cpu = server_cpu(pid) - used
            record.send_signal(signal.SIGINT)
            record.wait()
            report = subprocess.run(
                ["perf", "report", "-i", data, "--stdio", "--children", "--sort", "symbol",
                 "-g", "none", "--percent-limit", "0"],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
            share = {}
            for name, symbols in LEADER_PARTS.items():
                share[name] = 0.0
                for symbol in symbols:
                    m = re.search(r"^\s*([0-9.]+)%\s+[0-9.]+%\s+\[\.\]\s+" + symbol + r"\s",
                                  report, re.M)
                    share[name] += float(m.group(1)) / 100 if m else 0.0
            partial = 1 - sum(share.values())
            ms = {name: cpu * f * 1e3 for name, f in share.items()}
            ratio = (share["read back"] + share["merge"]) / partial
            ratios.append(ratio)
            print(f"leader, {label}: {cpu * 1e3:.0f} ms of processor time: partial phase "
                  f"{cpu * partial * 1e3:.0f} ms, read back {ms['read back']:.1f} ms, merge "
                  f"{ms['merge']:.1f} ms, report {ms['report']:.1f} ms; read back and merge "
                  f"{ratio:.3f} x the partial phase")
    finally:
        session.stdin.close()
        session.wait()
        if os.path.exists(data):
            os.remove(data)
    return ratios


def before_and_after(bindir, before, tmp, map_text, after_cpu, events):
    """GROUP BY customer with an earlier version's extension and libraries,
    in a cluster of its own over the same rows; prints the ratio."""
    source = os.path.dirname(os.path.abspath(before))
    libraries = [os.path.join(before, "lib", "libcjm.so.1"),
                 os.path.join(before, "lib", "json", "libcjm-json.so.1")]
    pg = Cluster(bindir, os.path.join(before, "bindings", "postgresql", "cjm.so"),
                 os.path.join(source, "bindings", "postgresql", "sql", "cjm--1.0.sql"),
                 libraries, ["fsync=off", "synchronous_commit=off", "shared_buffers=512MB"])
    try:
        pg.sql(f"CREATE TABLE events ({COLUMNS});")
        pg.psql("-c", f"\\copy events from '{tmp}/events.copy'")
        pg.sql("VACUUM ANALYZE events;")
        cpu = group_by_customer(pg, map_text, events, "GROUP BY customer, before")
    finally:
        pg.close()
    print(f"GROUP BY customer: {cpu / after_cpu:.1f} times less server CPU per customer "
          f"than before")


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
        pg.sql(f"CREATE TABLE events ({COLUMNS});")
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
        leader_shares(pg, map_text, query)
        map_costs(pg, map_text, rows)
        grouped = int(sys.argv[3]) if len(sys.argv) > 3 and int(sys.argv[3]) else rows
        after = group_by_customer(pg, map_text, grouped)
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
        if len(sys.argv) > 4:
            pg.close()
            pg = None
            before_and_after(bindir, sys.argv[4], tmp, map_text, after, grouped)
    finally:
        if pg:
            pg.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
