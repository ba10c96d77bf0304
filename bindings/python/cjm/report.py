"""The report of a bulk analysis, as plain Python data (the C report is
read once and freed), with every figure a property and its tables as
pandas DataFrames."""
import copy as _copy
from typing import List

from ._capi import UNSET, lib, text
from .results import Gap, gap_list

__all__ = ["Report"]


def _nan_none(x):
    return None if x != x else x


def _report_dict(r):
    """The report as the cjm-report document's data (formats.md)."""
    L = lib
    # The map's own feedback, apart from the customers': libcjm 1.1 on.
    has_map = hasattr(L, "cjm_report_map_feedback")
    has_flow = hasattr(L, "cjm_report_stage_funnel")

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
        "version": 1,
        "journey": text(L.cjm_report_journey(r)),
        "totals": totals,
        "map_channel_switches": L.cjm_report_map_channel_switches(r),
        "stages": stages,
        "touchpoints": touchpoints,
        "channels": channels,
        "backtracks": backtracks,
        "gaps": gaps,
    }


class Report:
    """Every figure of a bulk analysis. `to_dict()` equals the cjm-report
    JSON document; `to_frames()` gives its tables as DataFrames. Reports
    are plain data: copy, pickle and share them freely."""

    def __init__(self, data):
        self._data = data

    def to_dict(self) -> dict:
        """The cjm-report document's data (a deep copy)."""
        return _copy.deepcopy(self._data)

    @property
    def journey(self) -> str:
        """The id of the map."""
        return self._data["journey"]

    @property
    def totals(self) -> dict:
        """customers, events, feedback, completed, rejected."""
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
        """Feedback items, in the map and on events."""
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
        """Per stage, in map order: id, reached, dropped, drop_rate,
        silent_churn, feedback, mean_score, median_transition_ms,
        switch_customers."""
        return [dict(s) for s in self._data["stages"]]

    @property
    def touchpoints(self) -> List[dict]:
        """Per touchpoint (planned in map order, then unplanned by id): id,
        stage, planned, channel, events, customers, feedback, mean_score."""
        return [dict(t) for t in self._data["touchpoints"]]

    @property
    def channels(self) -> dict:
        """events per channel, switches, multichannel_customers, matrix."""
        return _copy.deepcopy(self._data["channels"])

    @property
    def backtracks(self) -> dict:
        """total, customers, pairs."""
        return _copy.deepcopy(self._data["backtracks"])

    @property
    def gaps(self) -> List[Gap]:
        """The gaps, most severe first."""
        return [Gap(**g) for g in self._data["gaps"]]

    def tables(self) -> dict:
        """The report's tables as lists of dicts: stages, touchpoints,
        channels (channel, events), switches (from, to, count), backtracks
        (from, to, count, customers) and gaps."""
        d = self._data
        return {
            "stages": self.stages,
            "touchpoints": self.touchpoints,
            "channels": [{"channel": c, "events": e} for c, e in d["channels"]["events"].items()],
            "switches": [dict(m) for m in d["channels"]["matrix"]],
            "backtracks": [dict(p) for p in d["backtracks"]["pairs"]],
            "gaps": [dict(g) for g in d["gaps"]],
        }

    def to_frames(self) -> dict:
        """tables() as pandas DataFrames (with their columns even when
        empty; stages also with median_transition as a Timedelta), or as
        the lists of dicts when pandas is not installed."""
        tables = self.tables()
        try:
            import pandas as pd
        except ImportError:
            return tables
        columns = {"stages": list(_STAGE_KEYS), "touchpoints": list(_TOUCHPOINT_KEYS),
                   "channels": ["channel", "events"], "switches": ["from", "to", "count"],
                   "backtracks": ["from", "to", "count", "customers"],
                   "gaps": list(Gap.__dataclass_fields__)}
        frames = {name: pd.DataFrame(rows, columns=columns[name])
                  for name, rows in tables.items()}
        stages = frames["stages"]
        stages["median_transition"] = pd.Series(
            [pd.NaT if s["median_transition_ms"] is None else
             pd.Timedelta(milliseconds=s["median_transition_ms"]) for s in tables["stages"]],
            dtype="timedelta64[ns]")
        return frames

    def __len__(self):
        return len(self._data["gaps"])

    def __eq__(self, other):
        if not isinstance(other, Report):
            return NotImplemented
        return self._data == other._data

    __hash__ = None

    def __repr__(self):
        t = self._data["totals"]
        return (f"<cjm.Report {self.journey!r}: {t['customers']} customers, "
                f"{t['events']} events, {len(self)} gaps>")


_STAGE_KEYS = ("id", "reached", "dropped", "drop_rate", "silent_churn", "feedback",
               "mean_score", "map_feedback", "map_mean_score", "median_transition_ms",
               "switch_customers")
_TOUCHPOINT_KEYS = ("id", "stage", "planned", "channel", "events", "customers", "feedback",
                    "mean_score", "map_feedback", "map_mean_score")
