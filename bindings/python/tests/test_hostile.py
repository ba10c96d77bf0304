"""Hostile use: a deterministic random sequence of API calls with wrong
types, closed and removed objects, copies, pickles, threads and bad
values. Every call must return or raise an exception the API documents
(cjm.Error, TypeError, ValueError, LookupError, OSError for a path);
anything else, and any crash, fails. CI runs it against the sanitized libraries too:

    python3 tests/test_hostile.py [STEPS [SEED]]
"""
import copy
import faulthandler
import gc
import math
import os
import pickle
import random
import sys
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # the tests, and the package beside them

import cjm  # noqa: E402
from test_cjm import FUNNEL, columns, funnel_map  # noqa: E402

try:
    import numpy as np
except ImportError:
    np = None
try:
    import pandas as pd
except ImportError:
    pd = None

EXPECTED = (cjm.Error, TypeError, ValueError, LookupError, OSError)
# Options of later libraries, when this one has them.
LATER = [n for n in ("max_paths", "max_flow_edges", "max_segments", "breakdown")
         if hasattr(cjm.Options, n)]


class Unexpected(AssertionError):
    pass


def junk(rng):
    """A value of any kind, often a wrong one."""
    choices = [None, True, False, 0, -1, 1, 2 ** 31, 2 ** 63, -2 ** 63 - 1, 2 ** 64, 2 ** 70,
               1.5, math.nan, math.inf, -0.0, "", "ad", "c", "web", "x" * 300, "\ud800",
               "a\0b", "tab\tname", "é", b"ad", bytearray(b"x"), [], ["ad"], {}, (1, 2),
               object(), cjm, -(2 ** 63) // 10 ** 6, 1767225600000, "2026-01-01T00:00:00Z"]
    if np is not None:
        choices += [np.int64(5), np.float64("nan"), np.array([1, 2]), np.bool_(True),
                    np.datetime64("NaT"), np.datetime64("2026-01-01T00:00:00")]
    if pd is not None:
        choices += [pd.NA, pd.NaT, pd.Timestamp("2026-01-01", tz="Europe/Paris")]
    return rng.choice(choices)


class Hostile:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.journeys = [funnel_map()]
        self.parts = []
        self.analyses = [cjm.Analysis(funnel_map())]
        self.options = [cjm.Options()]
        self.reports = []
        self.log = []

    # pools
    def pick(self, pool, wrong=0.15):
        rng = self.rng
        if not pool or rng.random() < wrong:
            return self.any()
        return rng.choice(pool)

    def receiver(self, pool):
        """The object a method is called on: always of its class (the
        arguments are what may be wrong)."""
        if not pool:
            raise LookupError("empty pool")
        return self.rng.choice(pool)

    def any(self):
        rng = self.rng
        pools = [self.journeys, self.parts, self.analyses, self.options, self.reports]
        pool = rng.choice(pools)
        if pool and rng.random() < 0.7:
            return rng.choice(pool)
        return junk(rng)

    def value(self, good):
        return good if self.rng.random() < 0.6 else junk(self.rng)

    # operations
    def op_journey(self):
        j = self.receiver(self.journeys)
        rng = self.rng
        what = rng.randrange(12)
        if what == 0:
            self.journeys.append(cjm.Journey(self.value("j"), self.value("J")))
        elif what == 1:
            s = j.add_stage(self.value(f"s{rng.randrange(9)}"), self.value("S"),
                            index=self.value(None), goal=self.value(None),
                            expected_duration=self.value(None))
            self.parts.append(s)
        elif what == 2:
            self.parts += j.stages
        elif what == 3:
            j.remove_stage(self.pick(self.parts))
        elif what == 4:
            self.journeys.append(rng.choice([copy.copy, copy.deepcopy, lambda x: x.copy(),
                                             lambda x: pickle.loads(pickle.dumps(x))])(j))
        elif what == 5:
            j.compare(self.pick(self.journeys), self.value(None))
        elif what == 6:
            j.gaps(self.pick(self.options, 0.5) if rng.random() < 0.5 else None)
        elif what == 7:
            j.svg()
        elif what == 8:
            setattr(j, rng.choice(["id", "name", "persona", "description", "customer"]),
                    junk(rng))
        elif what == 9:
            doc = j.to_json() if cjm.has_json else j.to_xml()
            if not isinstance(doc, str):
                return
            cut = rng.randrange(len(doc) + 1)
            doc = doc[:cut] + rng.choice(["", "}", "<", "\0", "é"]) + doc[cut:]
            self.journeys.append((cjm.Journey.from_json if cjm.has_json
                                  else cjm.Journey.from_xml)(doc))
        elif what == 10:
            j == self.any()
            repr(j), len(j), j.touchpoint_count, j.channel_switches()
        else:
            j.find_touchpoint(self.value("ad")), j.find_stage(self.value("a"))

    def op_part(self):
        p = self.receiver(self.parts)
        rng = self.rng
        what = rng.randrange(8)
        if what == 0 and hasattr(p, "add_touchpoint"):
            self.parts.append(p.add_touchpoint(self.value(f"t{rng.randrange(20)}"),
                                               self.value("T"), self.value("web"),
                                               optional=self.value(False), at=self.value(None)))
        elif what == 1 and hasattr(p, "add_feedback"):
            self.parts.append(p.add_feedback(self.value(1), self.value((-2, 2)),
                                             emotion=self.value(None), at=self.value(None)))
        elif what == 2 and hasattr(p, "touchpoints"):
            self.parts += p.touchpoints
            p.remove_touchpoint(self.pick(self.parts))
        elif what == 3 and hasattr(p, "feedback") and not callable(p.feedback):
            self.parts += p.feedback
            p.remove_feedback(self.pick(self.parts))
        elif what == 4:
            name = rng.choice(["id", "name", "goal", "channel", "owner", "optional", "at",
                               "expected_duration", "score", "comment", "customer"])
            try:
                setattr(p, name, junk(rng))
            except AttributeError:
                pass  # read-only, or not a field of this part
        elif what == 5:
            rng.choice([copy.copy, copy.deepcopy, pickle.dumps])(p)
        elif what == 6 and hasattr(p, "set_score"):
            p.set_score(self.value(1), self.value((1, 5)))
        else:
            repr(p)
            for name in ("id", "index", "stage", "touchpoint", "scale", "normalized", "time"):
                try:
                    getattr(p, name)
                except AttributeError:
                    pass

    def op_analysis(self):
        a = self.receiver(self.analyses)
        rng = self.rng
        what = rng.randrange(12)
        if what == 0:
            opts = self.pick(self.options, 0.3) if rng.random() < 0.5 else None
            settings = {rng.choice(["min_customers", "lenient", "threads", "colour",
                                    "default_channel"] + LATER): junk(rng)} \
                if rng.random() < 0.3 else {}
            if "breakdown" in LATER and rng.random() < 0.3:
                settings["breakdown"] = rng.choice(["plan", "@week", junk(rng)])
            self.analyses.append(cjm.Analysis(self.pick(self.journeys, 0.2), opts, **settings))
        elif what == 1:
            a.add(self.value("c1"), self.value(1767225600000), self.value("ad"),
                  self.value(None), self.value(None))
        elif what == 2:
            events = rng.sample(FUNNEL, rng.randrange(len(FUNNEL) + 1))
            cols = columns(events)
            if rng.random() < 0.5:
                key = rng.choice(list(cols))
                column = list(cols[key])
                if column and rng.random() < 0.7:
                    column[rng.randrange(len(column))] = junk(rng)
                elif rng.random() < 0.5:
                    column.append(junk(rng))
                cols[key] = column
            try:  # columns numpy and pandas can hold; junk they refuse stays a list
                if np is not None and rng.random() < 0.4:
                    cols["at"] = np.array(cols["at"], dtype=rng.choice(
                        ["int64", "float64", "uint64", "datetime64[ms]", object]))
                    cols["customers"] = np.array(cols["customers"], dtype=object)
                if pd is not None and rng.random() < 0.3:
                    cols["touchpoints"] = pd.Series(cols["touchpoints"], dtype=rng.choice(
                        ["category", object]))
            except (TypeError, ValueError, OverflowError):
                pass
            if rng.random() < 0.3:  # attributes, often wrong
                plans = [rng.choice(["pro", "free", None]) for _ in events]
                if plans and rng.random() < 0.5:
                    plans[rng.randrange(len(plans))] = junk(rng)
                cols["attributes"] = rng.choice([{"plan": plans}, {junk(rng): plans},
                                                 {"plan": junk(rng)}, junk(rng)])
            a.add_columns(**cols)
        elif what == 3 and pd is not None:
            frame = pd.DataFrame({"customer": [e[0] for e in FUNNEL],
                                  "at": pd.to_datetime([e[1] for e in FUNNEL], unit="ms"),
                                  "touchpoint": [e[2] for e in FUNNEL],
                                  "channel": [e[3] for e in FUNNEL]})
            if rng.random() < 0.3:
                frame["attributes"] = [rng.choice([{"plan": "pro"}, None, {}, junk(rng)])
                                       for _ in range(len(frame))]
            if rng.random() < 0.5:
                frame.iloc[rng.randrange(len(frame)), rng.randrange(4)] = junk(rng)
            a.add_frame(frame, **({rng.choice(["customer", "at", "channel", "scale",
                                               "attributes"]):
                                   junk(rng)} if rng.random() < 0.3 else {}))
        elif what == 4:
            a.merge(self.pick(self.analyses, 0.3))
        elif what == 5:
            if rng.random() < 0.3:
                a.close()
        elif what == 6:
            self.reports.append(a.report())
        elif what == 7:
            self.analyses.append(rng.choice([copy.copy, copy.deepcopy,
                                             lambda x: pickle.loads(pickle.dumps(x))])(a))
        elif what == 8:
            state = bytearray(a.to_bytes())
            for _ in range(rng.randrange(4)):
                if state:
                    state[rng.randrange(len(state))] = rng.randrange(256)
            self.analyses.append(cjm.Analysis.from_bytes(self.pick(self.journeys),
                                                         bytes(state)))
        elif what == 9:
            rng.choice([a.svg, a.report_json if cjm.has_json else a.svg,
                        lambda: a.rejected_messages, lambda: (a.event_count, repr(a))])()
        elif what == 10 and cjm.has_json:
            a.read_jsonl(rng.choice(['{"customer": "c", "at": "2026-01-01T00:00:00Z", '
                                     '"touchpoint": "ad"}\n', b"{", "\n\n", junk(rng)]))
        else:
            r = self.receiver(self.reports)
            r.to_frames(), r.customers, r.gaps, r.to_dict(), r.paths, r.flow, r.exits
            r.breakdown, r.segments

    def op_misc(self):
        rng = self.rng
        what = rng.randrange(6 if self.spawn else 5)
        if what == 0:
            o = self.receiver(self.options)
            name = rng.choice(["min_customers", "min_feedback", "threads", "lenient",
                               "pain_threshold", "default_channel", "colour"] + LATER)
            try:
                setattr(o, name, junk(rng))
            except AttributeError:
                pass
        elif what == 1:
            self.options.append(rng.choice([cjm.Options, copy.copy, copy.deepcopy])(
                *([] if rng.random() < 0.5 else [self.pick(self.options)])))
        elif what == 2:
            rng.choice([cjm.format_time, cjm.parse_time, cjm.format_duration,
                        cjm.parse_duration, cjm.Journey.load])(junk(rng))
        elif what == 3:
            gc.collect()
        elif what == 4:
            for pool in (self.journeys, self.parts, self.analyses, self.reports):
                while len(pool) > 12:
                    pool.pop(rng.randrange(len(pool)))
        else:
            self.threads()

    def threads(self):
        """Three threads at once on shared objects."""
        seeds = [self.rng.randrange(2 ** 32) for _ in range(3)]
        failures = []

        def work(seed):
            other = Hostile.__new__(Hostile)
            other.__dict__.update(self.__dict__)
            other.rng = random.Random(seed)
            other.journeys, other.parts = list(self.journeys), list(self.parts)
            other.analyses, other.options = list(self.analyses), list(self.options)
            other.reports = list(self.reports)
            try:
                other.run(40, threads=False)
            except Unexpected as e:
                failures.append(e)

        ts = [threading.Thread(target=work, args=(s,)) for s in seeds]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        if failures:
            raise failures[0]

    spawn = True  # whether op_misc may start threads (not from a thread)

    def run(self, steps, threads=True):
        self.spawn = threads
        ops = [self.op_journey, self.op_part, self.op_analysis, self.op_analysis, self.op_misc]
        for step in range(steps):
            op = self.rng.choice(ops)
            try:
                op()
            except EXPECTED:
                pass
            except Unexpected:
                raise
            except Exception as e:  # anything else is a defect
                raise Unexpected(f"step {step}, {op.__name__}: {type(e).__name__}: {e}") from e


def public_callables():
    """Every public class and function of the package, and the public
    class and static methods of its classes."""
    for name in cjm.__all__:
        obj = getattr(cjm, name)
        if not callable(obj) or (isinstance(obj, type) and issubclass(obj, BaseException)):
            continue
        yield name, obj
        if isinstance(obj, type):
            for attr, raw in vars(obj).items():
                if not attr.startswith("_") and isinstance(raw, (classmethod, staticmethod)):
                    yield f"{name}.{attr}", getattr(obj, attr)


def handle_like(journey):
    """Values a C handle could be mistaken for: ints, None, text, bytes and
    the package's own objects of other kinds."""
    stage = journey.stages[0]
    touchpoint = stage.touchpoints[0]
    values = [0, 1, 12345, -1, 2 ** 64, None, "x", "", b"x", journey, stage, touchpoint,
              cjm.Options(), cjm.Analysis(journey)]
    feedback = touchpoint.add_feedback(1.0)
    values.append(feedback)
    return values


class HostileTest(unittest.TestCase):
    def test_hostile_sequence(self):
        for seed in range(2):
            Hostile(seed).run(1000)

    def test_parts_refuse_handles(self):
        m = funnel_map()
        for cls in (cjm.Stage, cjm.Touchpoint, cjm.Feedback):
            for value in handle_like(m):
                with self.subTest(cls=cls.__name__, value=type(value).__name__):
                    with self.assertRaises(TypeError) as caught:
                        cls(value, m).name
                    self.assertIn("Journey.add_stage", str(caught.exception))

    def test_handle_like_arguments(self):
        """Every public callable given handle-like wrong values, alone and
        beside a real journey, returns or raises a documented exception."""
        m = funnel_map()
        values = handle_like(m)
        for name, f in public_callables():
            for value in values:
                for args in ((value,), (value, m), (m, value), (value, value)):
                    with self.subTest(f=name, args=[type(a).__name__ for a in args]):
                        try:
                            result = f(*args)
                            for attr in ("name", "id", "stages", "touchpoints", "score"):
                                getattr(result, attr, None)
                        except EXPECTED + (OSError,):  # OSError: load of a path
                            pass


if __name__ == "__main__":
    faulthandler.dump_traceback_later(int(os.environ.get("CJM_HOSTILE_TIMEOUT", "600")), exit=True)
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    Hostile(seed).run(steps)
    print(f"{steps} hostile calls (seed {seed}): no crash, only documented exceptions")
