"""The bulk analysis of many customers' events against a map."""
import ctypes
import math
import os
from typing import Dict, List, Optional, Sequence

from ._cancel import Hook, interruptible
from ._capi import _b, _text_arg, json_lib, lib, text, xml_lib
from ._columns import Columns, unpack_attributes
from ._handle import free, locked, need, new_lock
from ._values import DEFAULT_SCALE, THREADS_MAX, count, real, scale_pair, time_ms
from .errors import UnsupportedError
from ._sources import is_document as _is_document
from ._sources import need_module as _need
from ._sources import read_source as _read_source
from .model import Journey
from .options import Options
from . import selection as _selection
from .report import Report, _report_dict
from .results import take_bytes, take_text
from .xes import XesOptions

__all__ = ["Analysis"]


def _unpack_feedback(column):
    """Scores and scale columns of a column of feedback dicts, as pandas
    reads the events' JSON Lines ({"score": 3, "scale": [1, 5]}); a
    missing value (NaN, None) is an event without feedback."""
    scores, lows, highs = [], [], []
    for row, item in enumerate(column):
        if isinstance(item, dict):
            scale = item.get("scale", DEFAULT_SCALE)
            if isinstance(scale, (str, bytes)) or not hasattr(scale, "__len__") \
                    or len(scale) != 2:
                raise TypeError(f"feedback: row {row}: scale: expected a pair (min, max)")
            score = item.get("score")
            scores.append(math.nan if score is None else real(score, f"feedback: row {row}: score"))
            lows.append(real(scale[0], f"feedback: row {row}: scale[0]"))
            highs.append(real(scale[1], f"feedback: row {row}: scale[1]"))
        elif item is None or (isinstance(item, float) and math.isnan(item)) or \
                type(item).__name__ in ("NAType", "NaTType"):
            scores.append(math.nan)
            lows.append(DEFAULT_SCALE[0])
            highs.append(DEFAULT_SCALE[1])
        else:
            raise TypeError(f"feedback: row {row}: expected a dict with score and scale, or "
                            f"a missing value, not {type(item).__name__}; or pass score and "
                            "scale columns")
    return scores, lows, highs


class Analysis:
    """The bulk analysis of customers' events against a map.

    >>> a = Analysis(map, min_customers=10)          # or Analysis(map, Options(...))
    >>> a.add("c-001", 1767225600000, "social-ad")
    >>> a.add_frame(df)                               # a pandas DataFrame as it is
    >>> a.add_columns(customers, times, touchpoints)  # lists, arrays, numpy, Series
    >>> report = a.report()

    The analysis keeps its own copy of the map and options. One analysis
    may be shared between threads: each call holds its lock, so calls
    from several threads take turns (use one analysis per thread and
    merge() them to work in parallel). Copies (copy.copy, copy.deepcopy)
    are independent analyses holding the same events; an analysis pickles
    as its map and its state (cjm_analysis_serialize).
    """

    def __init__(self, map: Journey, options: Optional[Options] = None, **settings):
        self._lock = new_lock()
        self._h = None
        need(map, Journey, "map")
        opts = Options._coerce(options, settings)
        with locked(map, opts):
            self._h = lib.cjm_analysis_new(map._handle, opts._handle if opts else None)
            self._cancel = Hook(self._h, self._lock)
            # The map as it is now, for pictures and copies: the caller may
            # change theirs.
            self._map = map.copy()

    @classmethod
    def _adopt(cls, handle, map_copy):
        self = cls.__new__(cls)
        self._h = handle
        self._lock = new_lock()
        self._cancel = Hook(handle, self._lock)
        self._map = map_copy
        return self

    def __del__(self):
        free(self, lib.cjm_analysis_free)

    def close(self) -> None:
        """Frees the analysis now (it is freed when collected anyway);
        afterwards every call raises ValueError."""
        with self._lock:
            h, self._h = self._h, None
            if h:
                lib.cjm_analysis_free(h)

    def cancel(self) -> None:
        """Stops the long call under way on this analysis in another
        thread (adding many events, a report, a merge, a copy or pickle):
        that call raises cjm.CancelledError within a few milliseconds,
        with the analysis as it was before it. Calls after it run as
        usual. Ctrl-C stops such a call made from the main thread alike,
        raising KeyboardInterrupt. Safe from any thread, without waiting
        for the call's lock."""
        hook = getattr(self, "_cancel", None)
        if hook is not None:
            hook.stop = True

    @property
    def closed(self) -> bool:
        return not getattr(self, "_h", None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def _handle(self):
        """The C handle; call only under the lock."""
        if not getattr(self, "_h", None):
            raise ValueError("the analysis is closed")
        return self._h

    @property
    def map(self) -> Journey:
        """A copy of the map the analysis was made with."""
        return self._map.copy()

    # copies and pickles
    def _state(self) -> bytes:
        with self._lock, interruptible(self._cancel):
            return take_bytes(lib.cjm_analysis_serialize, self._handle)

    def __copy__(self):
        return Analysis._restore(self._map, self._state())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce__(self):
        return (Analysis._restore, (self._map, self._state()))

    @staticmethod
    def _restore(map, state):
        need(map, Journey, "map")
        if not isinstance(state, bytes):
            raise TypeError("state: expected bytes")
        out = ctypes.c_void_p()
        with map._lock:
            lib.cjm_analysis_deserialize(ctypes.byref(out), map._handle, state, len(state))
        try:
            copy = map.copy()
        except BaseException:  # a signal handler's exception, Ctrl-C: no handle left behind
            lib.cjm_analysis_free(out.value)
            raise
        return Analysis._adopt(out.value, copy)  # from its first step, the object owns it

    def to_bytes(self) -> bytes:
        """The analysis's state (events and options, not the map), to
        make it again elsewhere with Analysis.from_bytes(map, data)."""
        return self._state()

    @classmethod
    def from_bytes(cls, map: Journey, data: bytes) -> "Analysis":
        """An analysis again from to_bytes() and its map; bad bytes raise
        cjm.ParseError, another map cjm.ConflictError."""
        return cls._restore(map, bytes(data) if isinstance(data, (bytearray, memoryview))
                            else data)

    # events
    def add(self, customer: str, at, touchpoint: str, channel: Optional[str] = None,
            stage: Optional[str] = None, *, score: Optional[float] = None,
            scale=DEFAULT_SCALE, attributes: Optional[Dict[str, str]] = None) -> None:
        """One event; `at` in ms since the epoch or a datetime (naive
        means UTC); with `score` (on `scale`) it carries feedback;
        `attributes`: {key: value} text describing the customer or the
        event (a plan, a region), which a breakdown splits customers by."""
        args = (_text_arg(customer, "customer"), time_ms(at, "at"),
                _text_arg(touchpoint, "touchpoint"),
                _b(channel, "channel"), _b(stage, "stage"))
        lo, hi = scale_pair(scale)
        if attributes is not None:
            if not isinstance(attributes, dict):
                raise TypeError(f"attributes: expected a dict of key: value, not "
                                f"{type(attributes).__name__}")
            self.add_columns([customer], [args[1]], [touchpoint], [channel], [stage],
                             None if score is None else [score],
                             None if score is None else [lo], None if score is None else [hi],
                             attributes={k: [v] for k, v in attributes.items()})
            return
        if score is None:
            with self._lock:
                lib.cjm_analysis_add(self._handle, *args)
            return
        self.add_columns([customer], [args[1]], [touchpoint], [channel], [stage], [score],
                         [lo], [hi])

    def add_columns(self, customers: Sequence, at: Sequence, touchpoints: Sequence,
                    channels: Optional[Sequence] = None, stages: Optional[Sequence] = None,
                    scores: Optional[Sequence] = None, scale_min=None,
                    scale_max=None, *, attributes: Optional[Dict[str, Sequence]] = None
                    ) -> None:
        """Many events in one call, all or nothing (in strict mode). Each
        column is a list, tuple, array.array, numpy array or pandas Series:

        - customers, touchpoints, channels, stages: str (or integer ids);
          None, NaN, pd.NA mean "none" in channels and stages, and are an
          error in customers and touchpoints; categoricals are used as
          they are;
        - at: ms since the epoch (int64), or datetime64 (naive means UTC,
          or tz-aware), or datetime objects; a missing time is an error;
        - scores: float, None or NaN for no feedback; scale_min, scale_max:
          the scale of each score (a number for all), by default -2..2;
        - attributes: {key: column} of event attributes, values as the
          id columns take them (str, categorical, integers as their
          text), bools and floats as their JSON text (true, 2.5, 100.0);
          a missing value: the event has no such attribute.

        A bad value raises TypeError or ValueError naming the column and row.
        """
        with self._cancel.call():  # cancel() while the columns are made counts
            self._add(Columns(customers, at, touchpoints, channels, stages, scores, scale_min,
                              scale_max, use_dictionary=_has_dictionary(attributes),
                              attributes=attributes))

    def _add(self, cols):
        if cols.n == 0:
            return
        with self._lock, interruptible(self._cancel):
            h = self._handle
            if cols.one_scale is not None:
                c, t, ch, st = (None if d is None else ctypes.byref(d) for d in cols.strings)
                attributes = cols.attributes
                lib.cjm_analysis_add_dictionary_on_scale(
                    h, cols.n, c, cols.at, t, ch, st, cols.scores, *cols.one_scale,
                    attributes, len(attributes) if attributes is not None else 0)
            elif cols.attributes is not None:
                c, t, ch, st = (None if d is None else ctypes.byref(d) for d in cols.strings)
                lib.cjm_analysis_add_dictionary_with_attributes(
                    h, cols.n, c, cols.at, t, ch, st, cols.scores, cols.scale_min,
                    cols.scale_max, cols.attributes, len(cols.attributes))
            elif cols.dictionary:
                c, t, ch, st = (None if d is None else ctypes.byref(d) for d in cols.strings)
                lib.cjm_analysis_add_dictionary(h, cols.n, c, cols.at, t, ch, st, cols.scores,
                                                cols.scale_min, cols.scale_max)
            else:
                (c, cs), (t, ts), (ch, chs), (st, sts) = cols.strings
                lib.cjm_analysis_add_packed(h, cols.n, c, cs, cols.at, t, ts, ch, chs, st, sts,
                                            cols.scores, cols.scale_min, cols.scale_max)

    def add_frame(self, frame, *, customer: str = "customer", at: str = "at",
                  touchpoint: str = "touchpoint", channel: Optional[str] = "channel",
                  stage: Optional[str] = "stage", score: Optional[str] = "score",
                  scale=None, attributes=None) -> None:
        """The events of a pandas DataFrame, as it is: one row per event.

        The keywords name the columns; channel, stage and score are used
        when the frame has them (None: not at all). `scale` is a pair of
        numbers for every score, or a pair of column names; by default
        -2..2. Column types are as for add_columns(): str, categorical or
        integer ids; datetime64 (naive UTC or tz-aware) or int ms times;
        NaN, None and pd.NA as missing. A frame with no score column and
        no `scale` but a `feedback` column of dicts (as pandas reads the
        events' JSON Lines) has each dict's score and scale unpacked.

        `attributes`, the events' attributes (what Options(breakdown=...)
        splits customers by): a list of column names, each column an
        attribute of that name (["plan", "region"]); a dict {key: column
        name}; or the name of one column of dicts {key: value}, unpacked.
        By default a column named "attributes" holding dicts (as pandas
        reads the events' JSON Lines) is unpacked, and no other column is
        an attribute; [] takes none. A missing value: the event has no
        such attribute.
        """
        with self._cancel.call():  # cancel() while the columns are made counts
            self._add_frame(frame, customer, at, touchpoint, channel, stage, score, scale,
                            attributes)

    def _add_frame(self, frame, customer, at, touchpoint, channel, stage, score, scale,
                   attributes):
        columns = getattr(frame, "columns", None)
        if columns is None:
            raise TypeError(f"frame: expected a pandas DataFrame, not {type(frame).__name__}")

        def column(name, what, required):
            if name is None and required:
                raise TypeError(f"{what}: expected a column name (str), not None: the "
                                f"{what} column is required")
            if name is None:
                return None
            if not isinstance(name, str):
                raise TypeError(f"{what}: expected a column name (str), not "
                                f"{type(name).__name__}")
            if name not in columns:
                if required:
                    raise KeyError(f"{what}: the frame has no column {name!r}")
                return None
            return frame[name]

        scale_min = scale_max = None
        scores = column(score, "score", False)
        scale_names = ("scale_min", "scale_max")
        if scores is None and scale is None and "feedback" in columns:
            # JSON Lines read by pandas: feedback nested as {"score", "scale"}.
            scores, scale_min, scale_max = _unpack_feedback(frame["feedback"])
            score, scale_names = "feedback", ("feedback: scale[0]", "feedback: scale[1]")
        elif scale is not None:
            try:
                lo, hi = scale
            except (TypeError, ValueError):
                raise TypeError("scale: expected a pair (min, max)") from None
            scale_min = column(lo, "scale", True) if isinstance(lo, str) else lo
            scale_max = column(hi, "scale", True) if isinstance(hi, str) else hi
            scale_names = tuple(c if isinstance(c, str) else default
                                for c, default in zip(scale, scale_names))
        names = (customer, at, touchpoint, channel, stage, score, *scale_names)
        if attributes is None:
            attributes = "attributes" if "attributes" in columns else ()
        if isinstance(attributes, str):  # one column of dicts
            where = column(attributes, "attributes", True)
            attribute_columns = unpack_attributes(where, len(where), attributes)
            attribute_names = {k: f"{attributes}: {k}" for k in attribute_columns}
        else:
            if not isinstance(attributes, dict):
                if not isinstance(attributes, (list, tuple)):
                    raise TypeError("attributes: expected a list of column names, a dict of "
                                    "key: column name, or the name of a column of dicts, not "
                                    f"{type(attributes).__name__}")
                attributes = {name: name for name in attributes}
            attribute_columns = {k: column(c, "attributes", True) for k, c in attributes.items()}
            attribute_names = {k: c for k, c in attributes.items()}
        self._add(Columns(column(customer, "customer", True), column(at, "at", True),
                          column(touchpoint, "touchpoint", True),
                          column(channel, "channel", False), column(stage, "stage", False),
                          scores, scale_min if scores is not None else None,
                          scale_max if scores is not None else None,
                          use_dictionary=_has_dictionary(attribute_columns), names=names,
                          attributes=attribute_columns or None,
                          attribute_names=attribute_names))

    def read_jsonl(self, source, threads: int = 0) -> None:
        """Adds the events of JSON Lines: a path (.gz too), str, bytes or a
        file object (needs libcjm-json).

        Not all or nothing: the events are added line by line as they are
        read, so when a line is bad in strict mode the error is raised
        with the events of the lines before it already added (the
        message names the line). To take all or none, read into a fresh
        Analysis and merge() it into this one when the read succeeded;
        with lenient=True bad lines are skipped and counted instead."""
        _need(json_lib, "JSON")
        threads = count(threads, "threads", THREADS_MAX)
        sink = ctypes.cast(lib.cjm_analysis_sink, ctypes.c_void_p)
        if isinstance(source, (str, os.PathLike)) and not _is_document(source) and \
                not os.fspath(source).endswith(".gz"):
            path = _b(os.fspath(source), "path")
            with self._lock:
                json_lib.cjm_json_read_events_path(path, threads, sink, self._handle)
            return
        data, name = _read_source(source, "events")
        with self._lock:
            json_lib.cjm_json_read_events(data, len(data), _b(name, "name"), threads, sink,
                                          self._handle)

    def read_xes(self, source, options: Optional[XesOptions] = None, **settings) -> None:
        """Adds the events of an XES log: a path (.xes or .xes.gz), str,
        bytes or a file object (needs libcjm-xml). `options` or keywords:
        see cjm.XesOptions. As read_jsonl(), not all or nothing: on an
        error in strict mode the events read before it stay added."""
        _need(xml_lib, "XML")
        opts = XesOptions._coerce(options, settings)
        sink = ctypes.cast(lib.cjm_analysis_sink, ctypes.c_void_p)
        if isinstance(source, (str, os.PathLike)) and not _is_document(source):
            path = os.fspath(source)
            with locked(self, opts):
                xml_lib.cjm_xes_read_events_path(_b(path, "path"), opts._handle if opts else None,
                                                 sink, self._handle)
            return
        data, name = _read_source(source, "log", gunzip=False)
        with locked(self, opts):
            xml_lib.cjm_xes_read_events(data, len(data), _b(name, "name"),
                                        opts._handle if opts else None, sink, self._handle)

    def merge(self, other: "Analysis") -> None:
        """Folds another analysis of the same map into this one: afterwards
        this one holds the events of both (a customer in both has all of
        theirs). `other` is not changed. Both must be made with the same
        options (threads apart): otherwise cjm.ConflictError
        names the first that differs, and this one is unchanged."""
        need(other, Analysis, "other")
        with locked(self, other), interruptible(self._cancel, other):
            lib.cjm_analysis_merge(self._handle, other._handle)

    @property
    def event_count(self) -> int:
        """Valid events held."""
        with self._lock:
            return lib.cjm_analysis_event_count(self._handle)

    @property
    def customer_count(self) -> int:
        """Distinct customers held."""
        with self._lock:
            return lib.cjm_analysis_customer_count(self._handle)

    @property
    def rejected(self) -> int:
        """Events lenient mode skipped."""
        with self._lock:
            return lib.cjm_analysis_rejected_count(self._handle)

    @property
    def rejected_messages(self) -> List[str]:
        """The messages of the first skipped events."""
        out = []
        with self._lock:
            while (m := lib.cjm_analysis_rejected_message(self._handle, len(out))) is not None:
                out.append(text(m))
        return out

    def _with_report(self, use):
        out = ctypes.c_void_p()
        try:
            # (Ctrl-C after the library's last question raises here with
            # the report made: it is freed all the same.)
            with self._lock, interruptible(self._cancel):
                lib.cjm_analysis_report(ctypes.byref(out), self._handle)
            return use(out.value)
        finally:
            if out.value:
                lib.cjm_report_free(out.value)

    def report_json(self, *, compact: bool = False) -> str:
        """The cjm-report document, as libcjm-json writes it (a str)."""
        _need(json_lib, "JSON")
        flags = 1 if compact is True else 0
        return self._with_report(lambda r: take_text(json_lib.cjm_json_write_report, r, flags))

    def svg(self) -> str:
        """The map drawn as an SVG document (a str), with the figures and
        gaps of the events held so far."""
        return self._with_report(
            lambda r: take_text(lib.cjm_svg_write, self._map._h, r, None))

    def report(self) -> Report:
        """Every figure of the events held so far, as a Report."""
        return self._with_report(lambda r: Report(_report_dict(r)))

    def customers(self, *, reached: Optional[str] = None, funnel: Optional[str] = None,
                  dropped_at: Optional[str] = None, silent_at: Optional[str] = None,
                  hopped_in: Optional[str] = None,
                  backtracked: Optional[Sequence[str]] = None, used: Optional[str] = None,
                  completed: bool = False, path: Optional[Sequence[str]] = None,
                  segment: Optional[str] = _selection._NOT_GIVEN,
                  segment_other: bool = False) -> List[str]:
        """The customers behind a figure, as a list of ids in byte order of
        their UTF-8: those who reached stage `reached`, are in the closed
        funnel at `funnel`, dropped at `dropped_at`, are silent churn at
        `silent_at`, hopped channel in `hopped_in`, went back from
        `backtracked[0]` to the earlier `backtracked[1]`, used touchpoint
        `used`, completed (`completed=True`), took exactly the stages of
        `path`, are in the report's segment `segment` (a value of the
        breakdown, listed on its own; None: the customers without the
        attribute, the null segment), are in the pooled `other` entry
        (`segment_other=True`, whose value is also None). Criteria given
        together combine with "and"; none gives every customer. Each list
        is as long as the report's figure.

        >>> for s in report.segments:
        ...     ids = (a.customers(segment_other=True) if s["other"]
        ...            else a.customers(segment=s["value"]))

        >>> a.customers(silent_at="compare")
        >>> a.customers(hopped_in="delivery", completed=True)

        TypeError for an argument of the wrong type, cjm.InvalidError for a
        bad id, cjm.NotFoundError for a stage or touchpoint the analysis
        lacks."""
        criteria = {"reached": reached, "funnel": funnel, "dropped_at": dropped_at,
                    "silent_at": silent_at, "hopped_in": hopped_in,
                    "backtracked": backtracked, "used": used, "completed": completed,
                    "path": path, "segment": segment, "segment_other": segment_other}
        with self._lock:
            return _selection.customers(self._handle, criteria)

    def __repr__(self):
        if self.closed:
            return "<cjm.Analysis (closed)>"
        return f"<cjm.Analysis: {self.event_count} events, {self.customer_count} customers>"


_HAS_DICTIONARY = hasattr(lib, "cjm_analysis_add_dictionary")
_HAS_ATTRIBUTES = hasattr(lib, "cjm_analysis_add_dictionary_with_attributes")


def _has_dictionary(attributes):
    """Whether the dictionary call can take these columns: attributes need
    the call with attribute columns (libcjm 1.1)."""
    if attributes and not _HAS_ATTRIBUTES:
        raise UnsupportedError("attributes: the loaded libcjm keeps no event attributes "
                               "(cjm_analysis_add_dictionary_with_attributes, 1.1)")
    return _HAS_DICTIONARY
