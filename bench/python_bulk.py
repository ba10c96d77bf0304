"""The Python benchmark: the bulk analysis from Python columns against the
same figures computed with pandas, on the same data, in the same run.

    build/bench/cjm-bench-export /tmp/map.json /tmp/ev.jsonl 1000000
    CJM_LIBRARY=build/lib/libcjm.so.1 CJM_JSON_LIBRARY=build/lib/json/libcjm-json.so.1 \\
        PYTHONPATH=bindings/python /usr/bin/python3 bench/python_bulk.py /tmp/map.json /tmp/ev.jsonl

Figures compared: per stage reached and mean score; switches; the channel
matrix.
"""
import array
import json
import math
import sys
import time

import cjm


def load(path, map_):
    cols = {k: [] for k in ("customers", "at", "touchpoints", "channels", "stages",
                            "scores", "scale_min", "scale_max")}
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            fb = e.get("feedback")
            cols["customers"].append(e["customer"])
            cols["at"].append(cjm.parse_time(e["at"]))
            cols["touchpoints"].append(e["touchpoint"])
            cols["channels"].append(e.get("channel"))
            cols["stages"].append(e.get("stage"))
            cols["scores"].append(fb["score"] if fb else math.nan)
            scale = fb.get("scale", [-2, 2]) if fb else [-2, 2]
            cols["scale_min"].append(float(scale[0]))
            cols["scale_max"].append(float(scale[1]))
    return cols


def with_cjm(map_, cols):
    a = cjm.Analysis(map_)
    a.add_columns(**cols)
    r = a.report()
    d = r.to_dict()
    return ({s["id"]: s["reached"] for s in d["stages"]},
            {s["id"]: s["mean_score"] for s in d["stages"]},
            d["channels"]["switches"],
            {(m["from"], m["to"]): m["count"] for m in d["channels"]["matrix"]})


def with_pandas(map_, cols):
    import numpy as np
    import pandas as pd
    planned = {t.id: (s.id, t.channel) for s in map_.stages for t in s.touchpoints}
    order = {s.id: i for i, s in enumerate(map_.stages)}
    df = pd.DataFrame(cols)
    df["arrival"] = np.arange(len(df))
    known = df["touchpoints"].map(lambda t: planned.get(t, (None, None)))
    df["stage"] = known.str[0].where(known.str[0].notna(), df["stages"])
    df["channel"] = df["channels"].where(df["channels"].notna(), known.str[1])
    reached = df.dropna(subset=["stage"]).groupby("stage")["customers"].nunique()
    fb = df[df["scores"].notna()].dropna(subset=["stage"])
    x = 1e6 * (2.0 * (fb["scores"] - fb["scale_min"]) / (fb["scale_max"] - fb["scale_min"]) - 1.0)
    fb = fb.assign(m=(np.sign(x) * np.floor(np.abs(x) + 0.5)).astype(np.int64))
    sums = fb.groupby("stage")["m"].agg(["sum", "count"])
    mean = {s: float(row["sum"]) / float(row["count"]) / 1e6 for s, row in sums.iterrows()}
    df = df.sort_values(["customers", "at", "arrival"], kind="stable")
    prev = df["channel"].shift()
    same_customer = df["customers"].eq(df["customers"].shift())
    hops = df[same_customer & df["channel"].ne(prev)].assign(prev=prev)
    matrix = hops.groupby(["prev", "channel"]).size()
    return ({s: int(reached.get(s, 0)) for s in order},
            {s: mean.get(s) for s in order},
            int(len(hops)),
            {k: int(v) for k, v in matrix.items()})


def main():
    map_ = cjm.Journey.load(sys.argv[1])
    cols = load(sys.argv[2], map_)
    n = len(cols["customers"])
    buf = dict(cols, at=array.array("q", cols["at"]), scores=array.array("d", cols["scores"]),
               scale_min=array.array("d", cols["scale_min"]),
               scale_max=array.array("d", cols["scale_max"]))

    def best(f, *args, runs=3):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            result = f(*args)
            times.append(time.perf_counter() - t0)
        return result, min(times)

    lists, t_lists = best(with_cjm, map_, cols)
    buffers, t_buf = best(with_cjm, map_, buf)
    panda, t_pandas = best(with_pandas, map_, cols, runs=2)
    same = lists == buffers == panda
    print(f"cjm {cjm.library_version} from Python, {n} events")
    print("  best of 3 runs (pandas: of 2), columns to report with its figures:")
    print(f"  lists of str and int : {t_lists:7.3f} s  {n / t_lists / 1e6:6.2f} M events/s"
          f"  {t_pandas / t_lists:5.1f} times pandas")
    print(f"  buffer columns       : {t_buf:7.3f} s  {n / t_buf / 1e6:6.2f} M events/s"
          f"  {t_pandas / t_buf:5.1f} times pandas")
    print(f"  pandas, same figures : {t_pandas:7.3f} s  {n / t_pandas / 1e6:6.2f} M events/s")
    print(f"  figures equal (reached, mean score per stage, switches, matrix): {same}")
    if not same:
        for name, a, b in zip(("reached", "mean", "switches", "matrix"), lists, panda):
            if a != b:
                print(f"    {name} differs:\n      cjm    {a}\n      pandas {b}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
