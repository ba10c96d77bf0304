"""The report of a bulk analysis, as plain Python data (the C report is
read once and freed), with every figure a property and its tables as
pandas DataFrames."""
import copy as _copy
from typing import List, Optional

from . import _tables
from ._capi import UNSET, lib, text
from .results import Gap, gap_list

__all__ = ["Report"]


def _nan_none(x):
    return None if x != x else x


def _report_dict(r):
    """The report's data: the cjm-report document and its tables, read
    through the library's description of them (libcjm 1.1 on)."""
    if not _tables.available():
        data = _report_dict_1_0(r)
        return {"document": data, "tables": _tables_1_0(data)}
    return {"document": _tables.document(r), "tables": _tables.flat_rows(r)}


def _report_dict_1_0(r):
    """The report of a libcjm 1.0, which does not describe it, figure by
    figure."""
    L = lib
    # The map's own feedback, apart from the customers': libcjm 1.1 on.
    has_map = hasattr(L, "cjm_report_map_feedback")
    has_flow = hasattr(L, "cjm_report_stage_funnel")
    has_evidence = hasattr(L, "cjm_report_stage_score_sd")

    def distribution(samples, percentile):
        if not samples:
            return None
        pairs = [("p%d" % k, percentile(k)) for k in (25, 50, 75, 90)]
        return dict([("samples", samples)] + pairs)

    def rng(count):
        return range(count(r))

    stages = []
    for i in rng(L.cjm_report_stage_count):
        median = L.cjm_report_stage_median_transition_ms(r, i)
        stages.append({
            "id": text(L.cjm_report_stage_id(r, i)),
            "reached": L.cjm_report_stage_reached(r, i),
            "dropped": L.cjm_report_stage_dropped(r, i),
            "drop_rate": L.cjm_report_stage_drop_rate(r, i),
            "silent_churn": L.cjm_report_stage_silent_churn(r, i),
            "feedback": L.cjm_report_stage_feedback(r, i),
            "mean_score": _nan_none(L.cjm_report_stage_mean_score(r, i)),
            "median_transition_ms": None if median == UNSET else median,
            "switch_customers": L.cjm_report_stage_switch_customers(r, i),
        })
        if has_map:
            stages[-1]["map_feedback"] = L.cjm_report_stage_map_feedback(r, i)
            stages[-1]["map_mean_score"] = _nan_none(L.cjm_report_stage_map_mean_score(r, i))
        if has_evidence:
            stages[-1]["score_sd"] = _nan_none(L.cjm_report_stage_score_sd(r, i))
            stages[-1]["score_high"] = _nan_none(L.cjm_report_stage_score_high(r, i))
        if has_flow:
            stages[-1]["funnel"] = L.cjm_report_stage_funnel(r, i)
            stages[-1]["hop_customers"] = L.cjm_report_stage_hop_customers(r, i)
            stages[-1]["transition_ms"] = distribution(
                L.cjm_report_stage_transition_samples(r, i),
                lambda k: L.cjm_report_stage_transition_percentile(r, i, k))
    touchpoints = [{
        "id": text(L.cjm_report_touchpoint_id(r, i)),
        "stage": text(L.cjm_report_touchpoint_stage(r, i)),
        "planned": bool(L.cjm_report_touchpoint_planned(r, i)),
        "channel": text(L.cjm_report_touchpoint_channel(r, i)),
        "events": L.cjm_report_touchpoint_events(r, i),
        "customers": L.cjm_report_touchpoint_customers(r, i),
        "feedback": L.cjm_report_touchpoint_feedback(r, i),
        "mean_score": _nan_none(L.cjm_report_touchpoint_mean_score(r, i)),
    } for i in rng(L.cjm_report_touchpoint_count)]
    for i, t in enumerate(touchpoints if has_map else []):
        t["map_feedback"] = L.cjm_report_touchpoint_map_feedback(r, i)
        t["map_mean_score"] = _nan_none(L.cjm_report_touchpoint_map_mean_score(r, i))
    for i, t in enumerate(touchpoints if has_evidence else []):
        t["score_sd"] = _nan_none(L.cjm_report_touchpoint_score_sd(r, i))
        t["score_high"] = _nan_none(L.cjm_report_touchpoint_score_high(r, i))
    channels = {
        "events": {text(L.cjm_report_channel(r, i)): L.cjm_report_channel_events(r, i)
                   for i in rng(L.cjm_report_channel_count)},
        "switches": L.cjm_report_switches(r),
        "multichannel_customers": L.cjm_report_multichannel_customers(r),
        "matrix": [{"from": text(L.cjm_report_matrix_from(r, i)),
                    "to": text(L.cjm_report_matrix_to(r, i)),
                    "count": L.cjm_report_matrix_switches(r, i)}
                   for i in rng(L.cjm_report_matrix_count)],
    }
    backtracks = {
        "total": L.cjm_report_backtracks(r),
        "customers": L.cjm_report_backtrack_customers(r),
        "pairs": [{"from": text(L.cjm_report_backtrack_from(r, i)),
                   "to": text(L.cjm_report_backtrack_to(r, i)),
                   "count": L.cjm_report_backtrack_pair_backtracks(r, i),
                   "customers": L.cjm_report_backtrack_pair_customers(r, i)}
                  for i in rng(L.cjm_report_backtrack_pair_count)],
    }
    gaps = [g.to_dict() for g in gap_list(L.cjm_report_gaps(r), owned=False)]
    for g in gaps:
        g["value"] = _nan_none(g["value"])
    totals = {"customers": L.cjm_report_customers(r), "events": L.cjm_report_events(r),
              "feedback": L.cjm_report_feedback(r),
              "completed": L.cjm_report_completed(r),
              "rejected": L.cjm_report_rejected(r)}
    if has_map:
        totals["map_feedback"] = L.cjm_report_map_feedback(r)
    flow = {}
    if has_flow:
        flow["completion_ms"] = distribution(L.cjm_report_completion_samples(r),
                                             lambda k: L.cjm_report_completion_percentile(r, k))
    return {
        **flow,
        "format": "cjm-report",
        "version": 2,
        "journey": text(L.cjm_report_journey(r)),
        "totals": totals,
        "map_channel_switches": L.cjm_report_map_channel_switches(r),
        "stages": stages,
        "touchpoints": touchpoints,
        "channels": channels,
        "backtracks": backtracks,
        "gaps": gaps,
    }


def _tables_1_0(doc):
    """The tables of a libcjm 1.0 report, as the description would give them."""
    def table(rows, names):
        return (list(names), [{n: row.get(n) for n in names} for row in rows],
                [n for n in names if n.endswith("_ms")])
    totals = {"totals." + k: v for k, v in doc["totals"].items()}
    report = dict(format=doc["format"], version=doc["version"], journey=doc["journey"],
                  map_channel_switches=doc["map_channel_switches"], **totals)
    report.update({"channels.switches": doc["channels"]["switches"],
                   "channels.multichannel_customers": doc["channels"]["multichannel_customers"],
                   "backtracks.total": doc["backtracks"]["total"],
                   "backtracks.customers": doc["backtracks"]["customers"]})
    return {
        "report": (list(report), [report], []),
        "stages": table(doc["stages"], [k for k in _STAGE_KEYS
                                        if not doc["stages"] or k in doc["stages"][0]]),
        "touchpoints": table(doc["touchpoints"],
                             [k for k in _TOUCHPOINT_KEYS
                              if not doc["touchpoints"] or k in doc["touchpoints"][0]]),
        "channels": (["channel", "events"], [{"channel": c, "events": e}
                                             for c, e in doc["channels"]["events"].items()],
                     []),
        "matrix": table(doc["channels"]["matrix"], ["from", "to", "count"]),
        "backtrack_pairs": table(doc["backtracks"]["pairs"], ["from", "to", "count",
                                                              "customers"]),
        "gaps": table(doc["gaps"], list(Gap.__dataclass_fields__)),
    }


# tables() keeps the names it had before the library described its
# tables; a table the library adds later goes by the library's name.
_TABLE_NAMES = {"matrix": "switches", "backtrack_pairs": "backtracks"}


def _ms_companion(name):
    """The Timedelta column beside a column of milliseconds: the part of
    its name ending in `_ms` loses that ending (median_transition_ms ->
    median_transition, transition_ms.p50 -> transition.p50); None for a
    column not in milliseconds."""
    parts = name.split(".")
    for i, part in enumerate(parts):
        if part.endswith("_ms"):
            parts[i] = part[:-3]
            return ".".join(parts)
    return None


class Report:
    """Every figure of a bulk analysis. `to_dict()` equals the cjm-report
    JSON document; `tables()` and `to_frames()` give its tables, with every
    column the library describes. Reports are plain data: copy, pickle and
    share them freely."""

    def __init__(self, data):
        if not isinstance(data, dict) or not {"document", "tables"} <= set(data):
            raise TypeError("a cjm.Report is made by Analysis.report() (or copied, or "
                            "unpickled), not from " + type(data).__name__)
        self._data = data["document"]
        self._tables = data["tables"]

    def to_dict(self) -> dict:
        """The cjm-report document's data (a deep copy)."""
        return _copy.deepcopy(self._data)

    def figures(self) -> dict:
        """The report's own figures (totals, channels, backtracks and any
        the library adds, such as the completion time's percentiles), one
        flat dict keyed by the members' dotted paths: "totals.customers",
        "completion_ms.p50"."""
        return dict(self._tables["report"][1][0])

    @property
    def version(self) -> int:
        """The version of the report's figures (the document's `version`)."""
        return self._data["version"]

    @property
    def journey(self) -> str:
        """The id of the map."""
        return self._data["journey"]

    @property
    def totals(self) -> dict:
        """customers, events, feedback (customers'), map_feedback (the map's
        own), completed, rejected, and any total the library adds."""
        return dict(self._data["totals"])
    @property
    def customers(self) -> int:
        """Customers with at least one valid event."""
        return self._data["totals"]["customers"]

    @property
    def events(self) -> int:
        """Valid events."""
        return self._data["totals"]["events"]

    @property
    def feedback(self) -> int:
        """Customers' feedback items (on events); the map's own are
        totals["map_feedback"]."""
        return self._data["totals"]["feedback"]

    @property
    def completed(self) -> int:
        """Customers who reached the final stage."""
        return self._data["totals"]["completed"]

    @property
    def rejected(self) -> int:
        """Events lenient mode skipped."""
        return self._data["totals"]["rejected"]

    @property
    def completion_ms(self) -> Optional[dict]:
        """How long the customers who completed the journey took, from each
        one's earliest staged event to its first event in the final stage:
        {"samples", "p25", "p50", "p75", "p90"} in milliseconds; None when
        nobody completed (or from a library that does not report it)."""
        return _copy.deepcopy(self._data.get("completion_ms"))

    @property
    def map_channel_switches(self) -> int:
        """Channel switches along the map's own sequence."""
        return self._data["map_channel_switches"]

    @property
    def switches(self) -> int:
        """Channel switches between adjacent events of a customer, in all."""
        return self._data["channels"]["switches"]

    @property
    def multichannel_customers(self) -> int:
        """Customers with at least one channel switch."""
        return self._data["channels"]["multichannel_customers"]

    @property
    def stages(self) -> List[dict]:
        """Per stage, in map order, every figure the library reports, as in
        the document: id, reached, dropped, drop_rate, silent_churn,
        feedback, mean_score, map_feedback, map_mean_score,
        median_transition_ms, switch_customers, and the figures of later
        versions (an object such as transition_ms as a dict, or None)."""
        return _copy.deepcopy(self._data["stages"])

    @property
    def touchpoints(self) -> List[dict]:
        """Per touchpoint (planned in map order, then unplanned by id), every
        figure the library reports: id, stage, planned, channel, events,
        customers, feedback, mean_score, map_feedback, map_mean_score, ..."""
        return _copy.deepcopy(self._data["touchpoints"])

    @property
    def channels(self) -> dict:
        """events per channel, switches, multichannel_customers, matrix."""
        return _copy.deepcopy(self._data["channels"])

    @property
    def backtracks(self) -> dict:
        """total, customers, pairs."""
        return _copy.deepcopy(self._data["backtracks"])

    @property
    def paths(self) -> Optional[dict]:
        """The paths customers took through the stages: `distinct` (how
        many different paths) and `top`, the max_paths followed by most
        customers, each {"stages": [...], "customers", "completed"}; None
        from a library that does not report paths."""
        return _copy.deepcopy(self._data.get("paths"))

    @property
    def flow(self) -> Optional[dict]:
        """The directly-follows graph of touchpoints: `edges` (each
        {"from", "to", "count", "customers", "median_ms"}), `starts` and
        `ends` (each {"touchpoint", "customers"}); None from a library
        that does not report the flow."""
        return _copy.deepcopy(self._data.get("flow"))

    @property
    def exits(self) -> dict:
        """Per stage id, where the customers who left that stage had their
        last event: a list of {"touchpoint", "customers", "silent"}, or
        None for the final stage (and for every stage from a library that
        does not report exits)."""
        return {s["id"]: _copy.deepcopy(s.get("exits")) for s in self._data["stages"]}

    @property
    def breakdown(self) -> Optional[str]:
        """The option `breakdown` the customers were split by (an attribute
        key, "@day", "@week" or "@month"), or None without one."""
        return self._data.get("breakdown")

    @property
    def segments(self) -> Optional[List[dict]]:
        """With a breakdown, one dict per segment: value (None for the
        customers without one, or for the pooled rest when `other`),
        other, customers, events, completed, completion_rate, feedback,
        mean_score and `stages` (per stage its figures over the segment's
        customers); None without a breakdown."""
        return _copy.deepcopy(self._data.get("segments"))

    @property
    def gaps(self) -> List[Gap]:
        """The gaps, most severe first."""
        fields = Gap.__dataclass_fields__
        return [Gap(**{f: g.get(f) for f in fields}) for g in self._data["gaps"]]

    def _named_tables(self):
        """{name: (columns, rows, integer columns)} of every table but the
        report's own row, under the names tables() gives them."""
        return {_TABLE_NAMES.get(name, name): table
                for name, table in self._tables.items() if name != "report"}

    @staticmethod
    def _dtypes():
        """{name under tables(): {column: pandas dtype}} from the library's
        description: the dtype of a column's type whatever its values, so
        a column all null, or a table empty, has the dtype it has when
        full (nullable Int64 and boolean where the library may say null)."""
        if not _tables.available():
            return {}
        out = {}
        # The row of the parent table that holds a child table's row, in
        # the tables placed row by row in another (a segment's stages).
        parent = getattr(_tables, "PARENT_ROW", None)
        for desc in _tables.describe():
            out[_TABLE_NAMES.get(desc.name, desc.name)] = {
                c.name: _DTYPES[c.type][c.nullable] for c in desc.columns
                if c.type in _DTYPES}
            if parent:
                out[_TABLE_NAMES.get(desc.name, desc.name)][parent] = "int64"
        return out

    def tables(self) -> dict:
        """The report's tables as lists of dicts, one per row, with every
        column the library describes, named by its member's dotted path
        (transition_ms.p50): stages, touchpoints, channels (channel,
        events), switches (from, to, count), backtracks (from, to, count,
        customers), gaps, and any table the library adds."""
        return {name: [dict(row) for row in rows]
                for name, (_, rows, _) in self._named_tables().items()}

    def to_frames(self) -> dict:
        """tables() as pandas DataFrames (with their columns even when
        empty; beside every column of milliseconds, such as
        median_transition_ms, the same as a Timedelta column, such as
        median_transition), or as the lists of dicts when pandas is not
        installed."""
        try:
            import pandas as pd
        except ImportError:
            return self.tables()
        frames, dtypes = {}, self._dtypes()
        for name, (columns, rows, integers) in self._named_tables().items():
            frame = pd.DataFrame(rows, columns=columns)
            types = dtypes.get(name, {})
            frame = frame.astype({c: types[c] for c in columns if c in types})
            for column in integers:
                companion = _ms_companion(column)
                if companion is None or companion in frame.columns:
                    continue
                frame[companion] = pd.Series(
                    [pd.NaT if row[column] is None else pd.Timedelta(milliseconds=row[column])
                     for row in rows], dtype="timedelta64[ns]")
            frames[name] = frame
        return frames

    def __len__(self):
        return len(self._data["gaps"])

    def __eq__(self, other):
        if not isinstance(other, Report):
            return NotImplemented
        return self._data == other._data and self._tables == other._tables

    __hash__ = None

    def __repr__(self):
        t = self._data["totals"]
        return (f"<cjm.Report {self.journey!r}: {t['customers']} customers, "
                f"{t['events']} events, {len(self)} gaps>")


# A described column's pandas dtype, by its type and whether it may be
# null: counts and integers as int64 (Int64 when nullable, so that a null
# is <NA> and the others stay exact integers, not floats), reals as
# float64 (null: NaN), booleans as bool (boolean when nullable), text as
# object (null: None).
_DTYPES = {_tables.COUNT: ("int64", "Int64"), _tables.INTEGER: ("int64", "Int64"),
           _tables.REAL: ("float64", "float64"), _tables.BOOLEAN: ("bool", "boolean"),
           _tables.TEXT: ("object", "object")}

_STAGE_KEYS = ("id", "reached", "dropped", "drop_rate", "silent_churn", "feedback",
               "mean_score", "map_feedback", "map_mean_score", "median_transition_ms",
               "switch_customers")
_TOUCHPOINT_KEYS = ("id", "stage", "planned", "channel", "events", "customers", "feedback",
                    "mean_score", "map_feedback", "map_mean_score")
