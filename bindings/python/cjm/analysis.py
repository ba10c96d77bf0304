"""Analysis: options, gaps, the comparison of one journey with a map, and
the bulk analysis of many customers' events with its report."""
import array
import ctypes
import math
from dataclasses import dataclass
from typing import List, Optional, Sequence

from ._capi import UNSET, json_lib, lib, text
from .errors import UnsupportedError
from .model import Journey, _b

__all__ = ["Options", "Gap", "Deviation", "Analysis", "Report"]


class Options:
    """Thresholds and switches of an analysis; the defaults of analysis.md."""

    _RATES = ("pain_threshold", "drop_threshold", "silent_threshold", "backtrack_threshold",
              "switch_threshold")
    _COUNTS = ("min_customers", "min_feedback", "threads")

    def __init__(self, **settings):
        self._h = lib.cjm_options_new()
        for name, value in settings.items():
            if name not in self._RATES + self._COUNTS + ("lenient",):
                raise TypeError(f"unknown option {name!r}")
            setattr(self, name, value)

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h:
            lib.cjm_options_free(h)

    @property
    def _handle(self):
        return self._h

    @classmethod
    def _coerce(cls, options):
        if options is None or isinstance(options, Options):
            return options
        return cls(**options)

    def __repr__(self):
        fields = ", ".join(f"{n}={getattr(self, n)!r}"
                           for n in self._COUNTS + self._RATES + ("lenient",))
        return f"cjm.Options({fields})"


def _option(name, kind):
    get = getattr(lib, f"cjm_options_{name}")
    set_ = getattr(lib, f"cjm_options_set_{name}")
    return property(lambda self: kind(get(self._h)),
                    lambda self, value: set_(self._h, kind(value)))


for _n in Options._RATES:
    setattr(Options, _n, _option(_n, float))
for _n in Options._COUNTS:
    setattr(Options, _n, _option(_n, int))
Options.lenient = _option("lenient", bool)


@dataclass(frozen=True)
class Gap:
    """A red point: kind (such as "drop_off"), where, value, count, severity
    in [0, 1] and a message a person can act on."""
    kind: str
    stage: Optional[str]
    touchpoint: Optional[str]
    to_stage: Optional[str]
    value: float
    count: int
    severity: float
    message: str

    def to_dict(self):
        return {"kind": self.kind, "stage": self.stage, "touchpoint": self.touchpoint,
                "to_stage": self.to_stage, "value": self.value, "count": self.count,
                "severity": self.severity, "message": self.message}


def _gap_list(handle, owned):
    try:
        gaps = []
        for i in range(lib.cjm_gap_list_count(handle)):
            g = lib.cjm_gap_list_get(handle, i)
            gaps.append(Gap(text(lib.cjm_gap_kind_name(lib.cjm_gap_kind_of(g))),
                            text(lib.cjm_gap_stage(g)), text(lib.cjm_gap_touchpoint(g)),
                            text(lib.cjm_gap_to_stage(g)), lib.cjm_gap_value(g),
                            lib.cjm_gap_count(g), lib.cjm_gap_severity(g),
                            text(lib.cjm_gap_message(g))))
        return gaps
    finally:
        if owned:
            lib.cjm_gap_list_free(handle)


@dataclass(frozen=True)
class Deviation:
    """How an actual journey strayed from the map: kind is "unplanned",
    "missing", "backtrack" or "failing"."""
    kind: str
    touchpoint: str
    stage: Optional[str]
    from_stage: Optional[str]
    value: Optional[float]


def _deviations(handle):
    try:
        out = []
        for i in range(lib.cjm_comparison_count(handle)):
            value = lib.cjm_comparison_value(handle, i)
            out.append(Deviation(
                text(lib.cjm_deviation_kind_name(lib.cjm_comparison_kind(handle, i))),
                text(lib.cjm_comparison_touchpoint(handle, i)),
                text(lib.cjm_comparison_stage(handle, i)),
                text(lib.cjm_comparison_from_stage(handle, i)),
                None if math.isnan(value) else value))
        return out
    finally:
        lib.cjm_comparison_free(handle)


def _packed(column, n, name, optional):
    """A column of str as one block of UTF-8: n NUL-terminated strings (the
    C library finds them; converting each string to a ctypes pointer would
    cost more than the whole analysis). None, in optional columns, is ""."""
    if not isinstance(column, list):
        column = list(column)
    if len(column) != n:
        raise ValueError(f"{name}: {len(column)} values for {n} events")
    if optional and None in column:
        column = ["" if v is None else v for v in column]
    try:
        joined = "\0".join(column)
    except TypeError:
        bad = next(v for v in column if not isinstance(v, str))
        raise TypeError(f"{name}: expected str, not {type(bad).__name__}") from None
    data = (joined + "\0").encode("utf-8")
    return data, len(data)


def _numbers(column, n, name, code, none):
    """A column as a C array of numbers: a writable buffer of the right
    type is used in place; anything else is converted once."""
    if len(column) != n:
        raise ValueError(f"{name}: {len(column)} values for {n} events")
    ctype = ctypes.c_int64 if code == "q" else ctypes.c_double
    try:
        view = memoryview(column)
        if view.format in (code, "l" if code == "q" else "d") and view.itemsize == 8 \
                and view.c_contiguous and not view.readonly:
            return (ctype * n).from_buffer(column)
    except TypeError:
        pass
    if not isinstance(column, (list, tuple)):
        column = list(column)
    values = array.array(code, [none if v is None else v for v in column]) \
        if None in column else array.array(code, column)
    return (ctype * n).from_buffer(values)


class Analysis:
    """The bulk analysis of customers' events against a map.

    >>> a = Analysis(map, min_customers=10)
    >>> a.add("c-001", 1767225600000, "social-ad")
    >>> a.add_columns(customers, times, touchpoints)   # lists, arrays, numpy
    >>> report = a.report()
    """

    def __init__(self, map: Journey, options: Optional["Options"] = None, **settings):
        if not isinstance(map, Journey):
            raise TypeError("map: expected a cjm.Journey")
        opts = Options._coerce(options) if options is not None else \
            (Options(**settings) if settings else None)
        self._h = lib.cjm_analysis_new(map._handle, opts._handle if opts else None)
        # The map as it is now, for pictures: the caller may change theirs.
        self._map = map.copy()

    def __del__(self):
        self.close()

    def close(self):
        """Frees the analysis now (it is freed when collected anyway)."""
        h, self._h = getattr(self, "_h", None), None
        if h:
            lib.cjm_analysis_free(h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def _handle(self):
        if not self._h:
            raise ValueError("the analysis is closed")
        return self._h

    def add(self, customer: str, at: int, touchpoint: str, channel: Optional[str] = None,
            stage: Optional[str] = None) -> None:
        """One event without feedback; `at` in ms since the epoch."""
        lib.cjm_analysis_add(self._handle, _b(customer), int(at), _b(touchpoint), _b(channel),
                             _b(stage))

    def add_columns(self, customers: Sequence[str], at: Sequence[int],
                    touchpoints: Sequence[str],
                    channels: Optional[Sequence[Optional[str]]] = None,
                    stages: Optional[Sequence[Optional[str]]] = None,
                    scores: Optional[Sequence[Optional[float]]] = None,
                    scale_min: Optional[Sequence[float]] = None,
                    scale_max: Optional[Sequence[float]] = None) -> None:
        """Many events in one call. Each column is a sequence: str columns
        may hold None (no channel, no stage); `at` (int64 ms) and the
        feedback columns (float; None or NaN for no feedback) may also be
        array.array or numpy arrays, used in place without copying."""
        n = len(customers)
        if n == 0:
            return
        c, c_size = _packed(customers, n, "customers", False)
        t, t_size = _packed(touchpoints, n, "touchpoints", False)
        ch, ch_size = _packed(channels, n, "channels", True) if channels is not None \
            else (None, 0)
        st, st_size = _packed(stages, n, "stages", True) if stages is not None else (None, 0)
        times = _numbers(at, n, "at", "q", UNSET)
        sc = _numbers(scores, n, "scores", "d", math.nan) if scores is not None else None
        lo = _numbers(scale_min, n, "scale_min", "d", -2.0) if scale_min is not None else None
        hi = _numbers(scale_max, n, "scale_max", "d", 2.0) if scale_max is not None else None

        def address(column):
            return None if column is None else ctypes.cast(column, ctypes.c_void_p)

        lib.cjm_analysis_add_packed(self._handle, n, c, c_size, address(times), t, t_size,
                                    ch, ch_size, st, st_size, address(sc), address(lo),
                                    address(hi))

    def read_jsonl(self, path, threads: int = 0) -> None:
        """Adds the events of a JSON Lines file (needs libcjm-json)."""
        if json_lib is None:
            raise UnsupportedError("the JSON module (libcjm-json) is not installed")
        sink = ctypes.cast(lib.cjm_analysis_sink, ctypes.c_void_p)
        json_lib.cjm_json_read_events_path(_b(str(path)), threads, sink, self._handle)

    def merge(self, other: "Analysis") -> None:
        """Folds another analysis of the same map into this one: afterwards
        this one holds the events of both (a customer in both has all of
        theirs)."""
        lib.cjm_analysis_merge(self._handle, other._handle)

    @property
    def event_count(self) -> int:
        return lib.cjm_analysis_event_count(self._handle)

    @property
    def customer_count(self) -> int:
        return lib.cjm_analysis_customer_count(self._handle)

    @property
    def rejected(self) -> int:
        return lib.cjm_analysis_rejected_count(self._handle)

    @property
    def rejected_messages(self) -> List[str]:
        out, i = [], 0
        while (m := lib.cjm_analysis_rejected_message(self._handle, i)) is not None:
            out.append(text(m))
            i += 1
        return out

    def report_json(self, *, compact: bool = False) -> str:
        """The cjm-report document, as libcjm-json writes it (a str)."""
        if json_lib is None:
            raise UnsupportedError("the JSON module (libcjm-json) is not installed")
        out = ctypes.c_void_p()
        lib.cjm_analysis_report(ctypes.byref(out), self._handle)
        text_out, length = ctypes.c_void_p(), ctypes.c_size_t()
        try:
            json_lib.cjm_json_write_report(ctypes.byref(text_out), ctypes.byref(length),
                                           out.value, 1 if compact else 0)
            return ctypes.string_at(text_out.value, length.value).decode("utf-8")
        finally:
            lib.cjm_free(text_out.value)
            lib.cjm_report_free(out.value)

    def svg(self) -> str:
        """The map drawn as an SVG document (a str), with the figures and
        gaps of the events held so far."""
        out = ctypes.c_void_p()
        lib.cjm_analysis_report(ctypes.byref(out), self._handle)
        try:
            return _svg(self._map._handle, out.value, None)
        finally:
            lib.cjm_report_free(out.value)

    def report(self) -> "Report":
        """Every figure of the events held so far, as a Report."""
        out = ctypes.c_void_p()
        lib.cjm_analysis_report(ctypes.byref(out), self._handle)
        try:
            return Report(_report_dict(out.value))
        finally:
            lib.cjm_report_free(out.value)

    def __repr__(self):
        if not self._h:
            return "<cjm.Analysis (closed)>"
        return f"<cjm.Analysis: {self.event_count} events, {self.customer_count} customers>"


def _svg(map_handle, report_handle, options_handle) -> str:
    out, length = ctypes.c_void_p(), ctypes.c_size_t()
    lib.cjm_svg_write(ctypes.byref(out), ctypes.byref(length), map_handle, report_handle,
                      options_handle)
    try:
        return ctypes.string_at(out.value, length.value).decode("utf-8")
    finally:
        lib.cjm_free(out.value)


def _nan_none(x):
    return None if math.isnan(x) else x


def _report_dict(r):
    """The report as the cjm-report document's data (formats.md)."""
    L = lib

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
    gaps = [g.to_dict() for g in _gap_list(L.cjm_report_gaps(r), owned=False)]
    for g in gaps:
        g["value"] = _nan_none(g["value"])
    return {
        "format": "cjm-report",
        "version": 1,
        "journey": text(L.cjm_report_journey(r)),
        "totals": {"customers": L.cjm_report_customers(r), "events": L.cjm_report_events(r),
                   "feedback": L.cjm_report_feedback(r),
                   "completed": L.cjm_report_completed(r),
                   "rejected": L.cjm_report_rejected(r)},
        "map_channel_switches": L.cjm_report_map_channel_switches(r),
        "stages": stages,
        "touchpoints": touchpoints,
        "channels": channels,
        "backtracks": backtracks,
        "gaps": gaps,
    }


class Report:
    """The figures of a bulk analysis, as plain Python data (the C report is
    read once and freed). `to_dict()` equals the cjm-report JSON document."""

    def __init__(self, data):
        self._data = data

    def to_dict(self) -> dict:
        import copy
        return copy.deepcopy(self._data)

    @property
    def journey(self):
        return self._data["journey"]

    @property
    def totals(self):
        return dict(self._data["totals"])

    @property
    def stages(self):
        return [dict(s) for s in self._data["stages"]]

    @property
    def touchpoints(self):
        return [dict(t) for t in self._data["touchpoints"]]

    @property
    def channels(self):
        return self.to_dict()["channels"]

    @property
    def backtracks(self):
        return self.to_dict()["backtracks"]

    @property
    def gaps(self) -> List[Gap]:
        return [Gap(**g) for g in self._data["gaps"]]

    def __getattr__(self, name):
        totals = self.__dict__.get("_data", {}).get("totals", {})
        if name in totals:
            return totals[name]
        raise AttributeError(name)

    def __len__(self):
        return len(self._data["gaps"])

    def __eq__(self, other):
        return isinstance(other, Report) and self._data == other._data

    __hash__ = None

    def __repr__(self):
        t = self._data["totals"]
        return (f"<cjm.Report {self.journey!r}: {t['customers']} customers, "
                f"{t['events']} events, {len(self)} gaps>")
