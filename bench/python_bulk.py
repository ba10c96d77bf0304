"""The Python benchmark: a pandas DataFrame of events to a finished report,
against the best vectorised pandas code for four of its figures, on the
same frame, in the same run.

    CJM_LIBRARY=build/lib/libcjm.so.1 PYTHONPATH=bindings/python \\
        /usr/bin/python3 bench/python_bulk.py 1000000 10000000

The frame is what a pandas user holds after reading a CSV file: customer
ids and touchpoints as str (object columns), times as datetime64[ns],
channel as str with NaN where the map's channel applies, score as float
with NaN where there is no feedback (on a 1..5 scale). The same frame is
also given with its string columns as categoricals (after
`astype("category")`, which many users do to save memory).

Figures compared: customers who reached each stage (the funnel), channel
switches, customers with a switch, and the mean normalized score per
stage. cjm computes the whole report (every figure and gap) in its time.
Each run of a path is a fresh process, and the paths take turns round by
round; its peak memory is what it adds to the
process's peak over the frame it starts with (VmHWM, reset before).
"""
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd

import cjm

STAGES = [("aware", ["ad", "search", "social-post"]),
          ("consider", ["site", "compare", "reviews", "chat"]),
          ("buy", ["cart", "checkout", "store-visit"]),
          ("use", ["onboarding-mail", "app", "help-center"]),
          ("renew", ["renewal-mail", "call"])]
CHANNELS = {"ad": "social", "search": "web", "social-post": "social", "site": "web",
            "compare": "web", "reviews": "web", "chat": "chat", "cart": "web",
            "checkout": "web", "store-visit": "store", "onboarding-mail": "email",
            "app": "app", "help-center": "web", "renewal-mail": "email", "call": "phone"}
SCALE = (1.0, 5.0)


def make_map():
    m = cjm.Journey("bench", "Benchmark journey")
    for sid, tps in STAGES:
        s = m.add_stage(sid, sid.title())
        for t in tps:
            s.add_touchpoint(t, t, CHANNELS[t], owner="Team")
    return m


def make_frame(n, seed=1):
    """n events of n / 10 customers, who move forward through the stages
    and sometimes back, over a year; one event in ten names its own channel
    and one in twenty carries a score."""
    rng = np.random.default_rng(seed)
    customers = max(n // 10, 1)
    cust = rng.integers(0, customers, n)
    tps = [t for _, ts in STAGES for t in ts]
    stage_of = np.array([i for i, (_, ts) in enumerate(STAGES) for _ in ts])
    # A customer's progress: later events tend to be in later stages.
    progress = rng.random(n)
    stage = np.minimum((progress ** 0.7 * len(STAGES)).astype(int), len(STAGES) - 1)
    pick = rng.integers(0, 100, n)
    tp = np.empty(n, dtype=np.int64)
    for s in range(len(STAGES)):
        idx = np.flatnonzero(stage_of == s)
        where = stage == s
        tp[where] = idx[pick[where] % len(idx)]
    at = (np.datetime64("2026-01-01T00:00:00", "ns") +
          (progress * 365 * 86400e9).astype("timedelta64[ns]") +
          rng.integers(0, 86400e9, n).astype("timedelta64[ns]") // 50)
    channel = np.array([None, "web", "phone", "email", "store", "chat"], dtype=object)[
        np.where(rng.random(n) < 0.1, rng.integers(1, 6, n), 0)]
    score = np.where(rng.random(n) < 0.05, rng.integers(1, 6, n).astype(float), np.nan)
    names = np.array([f"c-{i:07d}" for i in range(customers)], dtype=object)
    return pd.DataFrame({"customer": names[cust],
                         "at": at,
                         "touchpoint": np.array(tps, dtype=object)[tp],
                         "channel": channel,
                         "score": score})


def with_cjm(map_, df):
    a = cjm.Analysis(map_)
    a.add_frame(df, scale=SCALE)
    r = a.report()
    return ({s["id"]: s["reached"] for s in r.stages}, r.switches, r.multichannel_customers,
            {s["id"]: s["mean_score"] for s in r.stages})


def with_pandas(map_, df):
    """The four figures as a pandas user who knows numpy writes them:
    each string column factorized once (a categorical's codes as they
    are), the map's stage and channel of each distinct touchpoint looked
    up in small arrays, each customer's events in time order by two
    stable sorts (faster than np.lexsort and sort_values on these
    frames), no Python loop over rows."""
    planned = [(t.id, s.id, t.channel) for s in map_.stages for t in s.touchpoints]
    stage_ids = [s.id for s in map_.stages]
    tp_code, tp_values = pd.factorize(df["touchpoint"])
    row = pd.Index([t for t, _, _ in planned]).get_indexer(tp_values)
    stage_of_row = np.array([stage_ids.index(s) for _, s, _ in planned] + [-1])
    stage_code = stage_of_row[row][tp_code]
    own_code, own_values = pd.factorize(df["channel"])
    channels = pd.Index(list(own_values) + [c for _, _, c in planned]).unique()
    own_in = np.append(channels.get_indexer(own_values), -1)
    planned_in = np.append(channels.get_indexer([c for _, _, c in planned]), -1)
    chan = np.where(own_code >= 0, own_in[own_code], planned_in[row][tp_code])
    cust, _ = pd.factorize(df["customer"])
    # Funnel: distinct (customer, stage) pairs per stage.
    staged = stage_code >= 0
    pairs = pd.unique(cust[staged].astype(np.int64) * len(stage_ids) + stage_code[staged])
    reached = np.bincount(pairs % len(stage_ids), minlength=len(stage_ids))
    # Switches: each customer's events by time (ties in frame order).
    order = np.argsort(df["at"].to_numpy(), kind="stable")
    order = order[np.argsort(cust[order], kind="stable")]
    c, h = cust[order], chan[order]
    switch = (c[1:] == c[:-1]) & (h[1:] != h[:-1])
    switches = int(switch.sum())
    multichannel = int(len(pd.unique(c[1:][switch])))
    # Mean normalized score per stage, to the millionth as the library counts.
    fb = df["score"].notna().to_numpy() & staged
    lo, hi = SCALE
    x = 1e6 * (2.0 * (df["score"].to_numpy()[fb] - lo) / (hi - lo) - 1.0)
    m = (np.sign(x) * np.floor(np.abs(x) + 0.5)).astype(np.int64)
    sums = np.bincount(stage_code[fb], weights=m, minlength=len(stage_ids))
    counts = np.bincount(stage_code[fb], minlength=len(stage_ids))
    mean = {s: (float(sums[i]) / counts[i] / 1e6 if counts[i] else None)
            for i, s in enumerate(stage_ids)}
    return ({s: int(reached[i]) for i, s in enumerate(stage_ids)}, switches, multichannel, mean)


def _hwm_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _reset_hwm():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def child(n, path):
    """One run of one path in this process: its time and the peak memory
    it adds over the frame."""
    map_ = make_map()
    df = make_frame(n)
    if path.endswith("categorical"):
        df = df.astype({"customer": "category", "touchpoint": "category",
                        "channel": "category"})
    import gc
    gc.collect()
    f = with_cjm if path.startswith("cjm") else with_pandas
    _reset_hwm()
    base = _hwm_kb()
    t0 = time.perf_counter()
    result = f(map_, df)
    dt = time.perf_counter() - t0
    print(repr((dt, _hwm_kb() - base, result)))


def run(n, path):
    out = subprocess.run([sys.executable, __file__, "--child", str(n), path],
                         capture_output=True, text=True, check=True)
    return eval(out.stdout.strip().splitlines()[-1], {"nan": float("nan")})


def best_of(n, paths, runs):
    """Each path's best time and highest peak over `runs` rounds; a round
    runs every path once, so a spell of load on the machine falls on all
    of them alike."""
    results = {}
    for _ in range(runs):
        for p in paths:
            t, peak, figures = run(n, p)
            if p in results:
                t0, peak0, _ = results[p]
                t, peak = min(t, t0), max(peak, peak0)
            results[p] = (t, peak, figures)
    return results


def same(a, b):
    reached_a, sw_a, mc_a, mean_a = a
    reached_b, sw_b, mc_b, mean_b = b
    return reached_a == reached_b and sw_a == sw_b and mc_a == mc_b and all(
        (mean_a[k] is None and mean_b[k] is None) or abs(mean_a[k] - mean_b[k]) < 1e-9
        for k in mean_a)


def main():
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]), sys.argv[3])
        return 0
    sizes = [int(x) for x in sys.argv[1:]] or [1_000_000, 10_000_000]
    print(f"cjm {cjm.library_version} from Python; pandas {pd.__version__}, "
          f"numpy {np.__version__}")
    ok = True
    for n in sizes:
        runs = 3 if n <= 2_000_000 else 2
        results = best_of(n, ("pandas", "cjm", "pandas categorical", "cjm categorical"), runs)
        print(f"\n{n:,} events, best of {runs} rounds, frame to figures, in a fresh process "
              "each:")
        for frame in ("", " categorical"):
            tp, mp, rp = results["pandas" + frame]
            tc, mc, rc = results["cjm" + frame]
            equal = same(rp, rc)
            ok &= equal
            label = "str columns" if not frame else "categoricals"
            print(f"  {label:12}: cjm {tc:7.3f} s  {n / tc / 1e6:5.2f} M events/s  "
                  f"peak +{mc / 1024:6.0f} MiB | pandas {tp:7.3f} s  peak +{mp / 1024:6.0f} MiB"
                  f" | cjm {tp / tc:5.1f} times faster, {mc / max(mp, 1):4.2f} of pandas' "
                  f"memory | figures equal: {equal}")
            if not equal:
                print(f"    cjm    {rc}\n    pandas {rp}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
