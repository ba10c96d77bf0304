"""Journeys, stages, touchpoints and feedback.

A journey owns its stages, touchpoints and feedback, as in C. A Python
object for a part keeps its journey alive, so the journey is freed only
when nothing refers to it any more, whatever order Python collects in.
Removing a part frees it in C at once; its Python objects then raise
cjm.InvalidError instead of touching freed memory. A journey and its
parts share one lock: one journey may be used from several threads.
"""
import ctypes
import datetime
import os
import weakref
from typing import List, Optional, Tuple, Union

from ._capi import UNSET, _b, _text_arg, _utf8, json_lib, lib, text, xml_lib
from ._handle import free, live, locked, need, new_lock
from ._values import DEFAULT_SCALE, count, scale_pair, duration_ms, flag, real, time_ms
from ._sources import events_format
from ._sources import is_document as _is_document
from ._sources import need_module as _need
from ._sources import read_source as _read_source
from .errors import InvalidError, UnsupportedError
from .options import Options
from .results import deviations, gap_list, take_text
from .xes import XesOptions

__all__ = ["Journey", "Stage", "Touchpoint", "Feedback"]

_UTC = datetime.timezone.utc


def _time(value, name):
    """An optional time (None clears it) in ms."""
    return UNSET if value is None else time_ms(value, name)


def _opt(value):
    return None if value == UNSET else value


def _datetime(ms):
    if ms is None:
        return None
    return datetime.datetime(1970, 1, 1, tzinfo=_UTC) + datetime.timedelta(milliseconds=ms)


def _scale(scale):
    return scale_pair(scale)


class _Part:
    """A stage, touchpoint or feedback item: a borrowed C handle plus a
    strong reference to the journey that owns it."""

    __slots__ = ("_h", "_journey", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError(f"cjm.{type(self).__name__} cannot be made directly: parts are made "
                        "by Journey.add_stage, Stage.add_touchpoint and "
                        "Touchpoint.add_feedback")

    @classmethod
    def _from_handle(cls, handle, journey):
        """The object of a C handle the journey owns (for Journey alone: a
        handle taken from anywhere else would be read as the wrong memory)."""
        self = cls.__new__(cls)
        self._h = handle
        self._journey = journey
        return self

    @property
    def _lock(self):
        return self._journey._lock

    @property
    def _handle(self):
        """The C handle; call only under the journey's lock."""
        if self._h is None:
            raise InvalidError(f"this {type(self).__name__.lower()} was removed from its journey")
        if not getattr(self._journey, "_h", None):  # its journey freed (__del__ called)
            raise InvalidError(f"this {type(self).__name__.lower()}'s journey was freed")
        return self._h

    @property
    def journey(self) -> "Journey":
        """The journey this part belongs to."""
        return self._journey

    @property
    def removed(self) -> bool:
        """Whether the part was removed from its journey (and is unusable)."""
        with self._lock:
            return self._h is None

    def _refuse(self, *args):
        raise TypeError(f"a cjm.{type(self).__name__} belongs to its journey and cannot be "
                        "copied or pickled alone; copy or pickle the journey")

    __copy__ = __deepcopy__ = __reduce_ex__ = _refuse


def _text_property(getter, setter, doc, required=False):
    """A text property; a required one (an id, a name, a channel) refuses
    None with a TypeError, as the constructors do, where an optional one
    is cleared by it."""
    get, set_ = getattr(lib, getter), getattr(lib, setter)
    name = setter.split("_set_")[1]
    convert = _text_arg if required else _b

    def fget(self):
        with self._lock:
            return text(get(self._handle))

    def fset(self, value):
        data = convert(value, name)
        with self._lock:
            set_(self._handle, data)

    return property(fget, fset, doc=doc)


def _time_property(getter, setter, doc):
    get, set_ = getattr(lib, getter), getattr(lib, setter)

    def fget(self):
        with self._lock:
            return _opt(get(self._handle))

    def fset(self, value):
        ms = _time(value, "at")
        with self._lock:
            set_(self._handle, ms)

    return property(fget, fset, doc=doc)


class Journey:
    """A journey map, or one customer's actual journey (with `customer`).

    Copies (`copy()`, `copy.copy`, `copy.deepcopy`) are independent
    journeys; a journey pickles as its JSON document (or XML when only the
    XML module is installed).
    """

    id = _text_property("cjm_journey_id", "cjm_journey_set_id", "The journey's id.", True)
    name = _text_property("cjm_journey_name", "cjm_journey_set_name", "Its name.", True)
    persona = _text_property("cjm_journey_persona", "cjm_journey_set_persona",
                             "The persona (customer segment), or None.")
    description = _text_property("cjm_journey_description", "cjm_journey_set_description",
                                 "The description, or None.")
    customer = _text_property("cjm_journey_customer", "cjm_journey_set_customer",
                              "The customer of an actual journey, or None for a map.")

    def __init__(self, id: str, name: str, *, persona: Optional[str] = None,
                 description: Optional[str] = None, customer: Optional[str] = None,
                 actual: bool = False):
        """A map, or with actual=True one customer's actual journey, whose
        touchpoints are visits (an id may repeat)."""
        self._lock = new_lock()
        self._parts = weakref.WeakValueDictionary()
        self._h = None
        if flag(actual, "actual"):
            if not hasattr(lib, "cjm_journey_new_actual"):
                raise UnsupportedError("actual journeys need libcjm 1.1")
            self._h = lib.cjm_journey_new_actual(_text_arg(id, "id"), _text_arg(name, "name"))
        else:
            self._h = lib.cjm_journey_new(_text_arg(id, "id"), _text_arg(name, "name"))
        if persona is not None:
            self.persona = persona
        if description is not None:
            self.description = description
        if customer is not None:
            self.customer = customer

    @classmethod
    def _adopt(cls, handle):
        """A Journey owning a C journey just made."""
        self = cls.__new__(cls)
        self._lock = new_lock()
        self._parts = weakref.WeakValueDictionary()
        self._h = handle
        return self

    def __del__(self):
        free(self, lib.cjm_journey_free)

    @property
    def _handle(self):
        return live(self, InvalidError, "this journey was not made by cjm.Journey(), or was freed")

    def _wrap(self, cls, handle):
        """The one Python object of a C handle of this journey (under its lock)."""
        if not handle:
            return None
        part = self._parts.get(handle)
        if part is None:
            part = cls._from_handle(handle, self)
            self._parts[handle] = part
        return part

    def _forget(self, handles):
        for h in handles:
            part = self._parts.pop(h, None)
            if part is not None:
                part._h = None

    # stages
    @property
    def stages(self) -> List["Stage"]:
        """The stages, in order (a list, made on each access)."""
        with self._lock:
            h = self._handle
            return [self._wrap(Stage, lib.cjm_journey_stage(h, i))
                    for i in range(lib.cjm_journey_stage_count(h))]

    def __len__(self):
        with self._lock:
            return lib.cjm_journey_stage_count(self._handle)

    def __iter__(self):
        return iter(self.stages)

    def add_stage(self, id: str, name: str, *, index: Optional[int] = None,
                  goal: Optional[str] = None,
                  expected_duration=None) -> "Stage":
        """Adds a stage (at the end, or before `index`) and returns it.
        expected_duration: ms (int) or a datetime.timedelta."""
        bid, bname = _text_arg(id, "id"), _text_arg(name, "name")
        bgoal = _b(goal, "goal")
        duration = None if expected_duration is None else \
            duration_ms(expected_duration, "expected_duration")
        where = None if index is None else count(index, "index", 2 ** 64 - 1)
        out = ctypes.c_void_p()
        with self._lock:
            if where is None:
                lib.cjm_journey_add_stage(ctypes.byref(out), self._handle, bid, bname)
            else:
                lib.cjm_journey_insert_stage(ctypes.byref(out), self._handle, where, bid,
                                             bname)
            stage = self._wrap(Stage, out.value)
            try:
                if bgoal is not None:
                    lib.cjm_stage_set_goal(stage._h, bgoal)
                if duration is not None:
                    lib.cjm_stage_set_expected_duration(stage._h, duration)
            except Exception:
                self.remove_stage(stage)  # all or nothing, as in C
                raise
            return stage

    def remove_stage(self, stage: "Stage") -> None:
        """Removes a stage with its touchpoints and feedback."""
        need(stage, Stage, "stage")
        with self._lock:
            if stage._journey is not self:
                raise InvalidError("remove_stage: stage: not a stage of this journey")
            handles = [stage._handle]
            for t in stage.touchpoints:
                handles.append(t._h)
                handles.extend(f._h for f in t.feedback)
            lib.cjm_journey_remove_stage(self._handle, stage._handle)
            self._forget(handles)

    def find_stage(self, id: str) -> Optional["Stage"]:
        """The stage with this id, or None."""
        data = _text_arg(id, "id")
        with self._lock:
            return self._wrap(Stage, lib.cjm_journey_find_stage(self._handle, data))

    def find_touchpoint(self, id: str) -> Optional["Touchpoint"]:
        """The touchpoint with this id (in any stage), or None."""
        data = _text_arg(id, "id")
        with self._lock:
            return self._wrap(Touchpoint, lib.cjm_journey_find_touchpoint(self._handle, data))

    @property
    def kind(self) -> str:
        """"map", or "actual" for an actual journey (Journey(..., actual=True)
        or read from a document of that kind)."""
        if not hasattr(lib, "cjm_journey_kind_of"):
            return "map"
        with self._lock:
            return "actual" if lib.cjm_journey_kind_of(self._handle) == 1 else "map"

    @property
    def touchpoint_count(self) -> int:
        with self._lock:
            return lib.cjm_journey_touchpoint_count(self._handle)

    def copy(self) -> "Journey":
        """An independent copy (the library's deep copy)."""
        with self._lock:
            return Journey._adopt(lib.cjm_journey_copy(self._handle))

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        if json_lib is not None:
            return (_journey_from, ("json", self.to_json(compact=True)))
        if xml_lib is not None:
            return (_journey_from, ("xml", self.to_xml(compact=True)))
        raise UnsupportedError("pickling a journey needs libcjm-json or libcjm-xml")

    def __eq__(self, other):
        if not isinstance(other, Journey):
            return NotImplemented
        with locked(self, other):
            return bool(lib.cjm_journey_equal(self._handle, other._handle))

    __hash__ = None

    def __repr__(self):
        if not getattr(self, "_h", None):
            return "<cjm.Journey (not made)>"
        return (f"<cjm.Journey {self.id!r} {self.name!r}: {len(self)} stages, "
                f"{self.touchpoint_count} touchpoints>")

    # analysis of one journey
    def channel_switches(self) -> int:
        """How often the sequence of touchpoints changes channel."""
        n = ctypes.c_size_t()
        with self._lock:
            lib.cjm_journey_channel_switches(ctypes.byref(n), self._handle)
        return n.value

    def gaps(self, options=None, **settings) -> list:
        """The map's own gaps (kinds 1 to 5), most severe first."""
        opts = Options._coerce(options, settings)
        out = ctypes.c_void_p()
        with locked(self, opts):
            lib.cjm_journey_gaps(ctypes.byref(out), self._handle, opts._handle if opts else None)
        return gap_list(out.value, owned=True)

    def svg(self, options=None, **settings) -> str:
        """The map drawn as an SVG document (a str), with its own gaps."""
        opts = Options._coerce(options, settings)
        with locked(self, opts):
            return take_text(lib.cjm_svg_write, self._handle, None, opts._handle if opts else None)

    def compare(self, map: "Journey", options=None, **settings) -> list:
        """How this actual journey deviated from `map`: a list of Deviation."""
        need(map, Journey, "map")
        opts = Options._coerce(options, settings)
        out = ctypes.c_void_p()
        with locked(self, map, opts):
            lib.cjm_journey_compare(ctypes.byref(out), self._handle, map._handle,
                                    opts._handle if opts else None)
        return deviations(out.value)

    def compare_customer(self, customer: str, events, options=None, *,
                         format: Optional[str] = None, xes: Optional[XesOptions] = None,
                         **settings) -> list:
        """How one customer's journey, straight from `events`, deviated from
        this map: a list of Deviation. The customer's events in time order
        (ties in the order they come) are the actual journey, a touchpoint
        met again being another visit. Every event is checked against the
        map; an invalid one raises unless lenient=True. `events`: JSON Lines
        or an XES log as a path (.jsonl, .xes, .gz too), str, bytes or a
        file object; `format` ("jsonl" or "xes") when the path does not say.
        NotFoundError when the customer has no valid event."""
        need(self, Journey, "map")
        if not hasattr(lib, "cjm_customer_events_new"):
            raise UnsupportedError("compare_customer: the loaded libcjm is older than 1.1")
        customer_bytes = _text_arg(customer, "customer")
        fmt = events_format(events, format)
        _need(xml_lib if fmt == "xes" else json_lib, "XML" if fmt == "xes" else "JSON")
        opts = Options._coerce(options, settings)
        if xes is not None and not isinstance(xes, XesOptions):
            raise TypeError(f"xes: expected XesOptions, not {type(xes).__name__}")
        with locked(self, opts):
            h = lib.cjm_customer_events_new(self._handle, customer_bytes,
                                            opts._handle if opts else None)
        try:
            sink = ctypes.cast(lib.cjm_customer_events_sink, ctypes.c_void_p)
            is_path = isinstance(events, (str, os.PathLike)) and not _is_document(events)
            if fmt == "xes":
                with locked(xes):
                    xh = xes._handle if xes is not None else None
                    if is_path:
                        xml_lib.cjm_xes_read_events_path(_b(os.fspath(events), "path"), xh,
                                                         sink, h)
                    else:
                        data, name = _read_source(events, "log", gunzip=False)
                        xml_lib.cjm_xes_read_events(data, len(data), _b(name, "name"), xh,
                                                    sink, h)
            elif is_path and not os.fspath(events).endswith(".gz"):
                json_lib.cjm_json_read_events_path(_b(os.fspath(events), "path"), 0, sink, h)
            else:
                data, name = _read_source(events, "events")
                json_lib.cjm_json_read_events(data, len(data), _b(name, "name"), 0, sink, h)
            out = ctypes.c_void_p()
            lib.cjm_customer_events_compare(ctypes.byref(out), None, h)
            return deviations(out.value)
        finally:
            lib.cjm_customer_events_free(h)

    # documents
    @classmethod
    def from_json(cls, document: Union[str, bytes], name: Optional[str] = None) -> "Journey":
        """Reads a JSON journey document (str or bytes); `name` names it in
        messages."""
        _need(json_lib, "JSON")
        data = _document(document)
        out = ctypes.c_void_p()
        json_lib.cjm_json_read_journey(ctypes.byref(out), data, len(data), _b(name, "name"))
        return cls._adopt(out.value)

    @classmethod
    def from_xml(cls, document: Union[str, bytes], name: Optional[str] = None) -> "Journey":
        """Reads an XML journey document (str or bytes)."""
        _need(xml_lib, "XML")
        data = _document(document)
        out = ctypes.c_void_p()
        xml_lib.cjm_xml_read_journey(ctypes.byref(out), data, len(data), _b(name, "name"))
        return cls._adopt(out.value)

    @classmethod
    def load(cls, source, format: Optional[str] = None) -> "Journey":
        """Reads a journey document from a path (.gz too), a str holding
        the document itself, bytes, or a file object (text or binary), as
        read_jsonl takes events: a str starting with "{" or "<" (after
        white space) or holding a line break is the document, any other
        str a path. XML when `format` is "xml", or the path ends in .xml
        (.xml.gz), or the text starts with "<"; else JSON."""
        if format not in (None, "json", "xml"):
            raise ValueError(f"format: expected 'json' or 'xml', not {format!r}")
        data, name = _read_source(source, "source")
        if format is None:
            path = str(name or "")
            format = "xml" if data.lstrip()[:1] == b"<" or \
                path.endswith((".xml", ".xml.gz")) else "json"
        if format == "xml":
            return cls.from_xml(data, name=name)
        return cls.from_json(data, name=name)

    def to_json(self, *, compact: bool = False) -> str:
        """The JSON journey document as a str."""
        _need(json_lib, "JSON")
        flags = 1 if flag(compact, "compact") else 0
        with self._lock:
            return take_text(json_lib.cjm_json_write_journey, self._handle, flags)

    def to_xml(self, *, compact: bool = False) -> str:
        """The XML journey document as a str."""
        _need(xml_lib, "XML")
        flags = 1 if flag(compact, "compact") else 0
        with self._lock:
            return take_text(xml_lib.cjm_xml_write_journey, self._handle, flags)

    def save(self, path, format: Optional[str] = None, *, compact: bool = False) -> None:
        """Writes the document to `path` (XML for a .xml path or format="xml"),
        whole or not at all."""
        path = os.fspath(path)
        if format is None:
            format = "xml" if str(path).endswith(".xml") else "json"
        if format not in ("json", "xml"):
            raise ValueError(f"format: expected 'json' or 'xml', not {format!r}")
        document = self.to_xml(compact=compact) if format == "xml" else \
            self.to_json(compact=compact)
        tmp = f"{path}.tmp{os.getpid()}"
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(document)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _journey_from(format, document):
    return Journey.from_json(document) if format == "json" else Journey.from_xml(document)


def _document(document):
    if isinstance(document, str):
        return _utf8(document, "document")
    if isinstance(document, (bytes, bytearray, memoryview)):
        return bytes(document)
    raise TypeError(f"document: expected str or bytes, not {type(document).__name__}")


class Stage(_Part):
    """A stage of a journey."""

    __slots__ = ()
    id = _text_property("cjm_stage_id", "cjm_stage_set_id", "The stage's id.", True)
    name = _text_property("cjm_stage_name", "cjm_stage_set_name", "Its name.", True)
    goal = _text_property("cjm_stage_goal", "cjm_stage_set_goal",
                          "What the customer wants here, or None.")

    @property
    def index(self) -> int:
        """Its position in the journey, from 0."""
        with self._lock:
            return lib.cjm_stage_index(self._handle)

    @property
    def expected_duration(self) -> Optional[int]:
        """Milliseconds to reach the next stage, or None. Set with ms or a
        datetime.timedelta."""
        with self._lock:
            return _opt(lib.cjm_stage_expected_duration(self._handle))

    @expected_duration.setter
    def expected_duration(self, value):
        ms = UNSET if value is None else duration_ms(value, "expected_duration")
        with self._lock:
            lib.cjm_stage_set_expected_duration(self._handle, ms)

    @property
    def expected(self) -> Optional[datetime.timedelta]:
        """expected_duration as a datetime.timedelta, or None."""
        ms = self.expected_duration
        return None if ms is None else datetime.timedelta(milliseconds=ms)

    @property
    def touchpoints(self) -> List["Touchpoint"]:
        """Its touchpoints, in order."""
        with self._lock:
            h = self._handle
            return [self._journey._wrap(Touchpoint, lib.cjm_stage_touchpoint(h, i))
                    for i in range(lib.cjm_stage_touchpoint_count(h))]

    def __len__(self):
        with self._lock:
            return lib.cjm_stage_touchpoint_count(self._handle)

    def __iter__(self):
        return iter(self.touchpoints)

    def add_touchpoint(self, id: str, name: str, channel: str, *,
                       owner: Optional[str] = None, description: Optional[str] = None,
                       optional: bool = False, at=None) -> "Touchpoint":
        """Adds a touchpoint at the end of the stage and returns it; `at`
        in ms or a datetime."""
        args = _text_arg(id, "id"), _text_arg(name, "name"), _text_arg(channel, "channel")
        bowner, bdesc = _b(owner, "owner"), _b(description, "description")
        opt = flag(optional, "optional")
        ms = None if at is None else time_ms(at, "at")
        out = ctypes.c_void_p()
        with self._lock:
            lib.cjm_stage_add_touchpoint(ctypes.byref(out), self._handle, *args)
            tp = self._journey._wrap(Touchpoint, out.value)
            try:
                if bowner is not None:
                    lib.cjm_touchpoint_set_owner(tp._h, bowner)
                if bdesc is not None:
                    lib.cjm_touchpoint_set_description(tp._h, bdesc)
                if opt:
                    lib.cjm_touchpoint_set_optional(tp._h, True)
                if ms is not None:
                    lib.cjm_touchpoint_set_at(tp._h, ms)
            except Exception:
                self.remove_touchpoint(tp)  # all or nothing, as in C
                raise
            return tp

    def remove_touchpoint(self, touchpoint: "Touchpoint") -> None:
        """Removes one of its touchpoints with its feedback."""
        need(touchpoint, Touchpoint, "touchpoint")
        with self._lock:
            if touchpoint._journey is not self._journey:
                raise InvalidError("remove_touchpoint: touchpoint: not in this journey")
            handles = [touchpoint._handle] + [f._h for f in touchpoint.feedback]
            lib.cjm_stage_remove_touchpoint(self._handle, touchpoint._handle)
            self._journey._forget(handles)

    def __repr__(self):
        if self._h is None:
            return "<cjm.Stage (removed)>"
        return f"<cjm.Stage {self.id!r} {self.name!r}: {len(self)} touchpoints>"


class Touchpoint(_Part):
    """A touchpoint: where customer and company meet."""

    __slots__ = ()
    id = _text_property("cjm_touchpoint_id", "cjm_touchpoint_set_id", "The id.", True)
    name = _text_property("cjm_touchpoint_name", "cjm_touchpoint_set_name", "The name.", True)
    channel = _text_property("cjm_touchpoint_channel", "cjm_touchpoint_set_channel",
                             "The channel token (lower case).", True)
    owner = _text_property("cjm_touchpoint_owner", "cjm_touchpoint_set_owner",
                           "The team or process behind it, or None.")
    description = _text_property("cjm_touchpoint_description",
                                 "cjm_touchpoint_set_description", "The description, or None.")
    at = _time_property("cjm_touchpoint_at", "cjm_touchpoint_set_at",
                        "When it happened, in ms since the epoch, or None. Set with ms, a "
                        "datetime (naive means UTC) or None.")

    @property
    def time(self) -> Optional[datetime.datetime]:
        """`at` as an aware datetime in UTC, or None."""
        return _datetime(self.at)

    @property
    def stage(self) -> "Stage":
        """The stage it is in."""
        with self._lock:
            return self._journey._wrap(Stage, lib.cjm_touchpoint_stage(self._handle))

    @property
    def optional(self) -> bool:
        """Whether customers may skip it without it counting as missing."""
        with self._lock:
            return bool(lib.cjm_touchpoint_optional(self._handle))

    @optional.setter
    def optional(self, value):
        value = flag(value, "optional")
        with self._lock:
            lib.cjm_touchpoint_set_optional(self._handle, value)

    @property
    def feedback(self) -> List["Feedback"]:
        """Its feedback items, in order."""
        with self._lock:
            h = self._handle
            return [self._journey._wrap(Feedback, lib.cjm_touchpoint_feedback(h, i))
                    for i in range(lib.cjm_touchpoint_feedback_count(h))]

    def add_feedback(self, score: float, scale: Tuple[float, float] = DEFAULT_SCALE, *,
                     emotion: Optional[str] = None, comment: Optional[str] = None,
                     source: Optional[str] = None, at=None,
                     customer: Optional[str] = None) -> "Feedback":
        """Adds a feedback item: `score` on `scale` (min, max)."""
        s = real(score, "score")
        lo, hi = _scale(scale)
        texts = [(lib.cjm_feedback_set_emotion, _b(emotion, "emotion")),
                 (lib.cjm_feedback_set_comment, _b(comment, "comment")),
                 (lib.cjm_feedback_set_source, _b(source, "source")),
                 (lib.cjm_feedback_set_customer, _b(customer, "customer"))]
        ms = None if at is None else time_ms(at, "at")
        out = ctypes.c_void_p()
        with self._lock:
            lib.cjm_touchpoint_add_feedback(ctypes.byref(out), self._handle, s, lo, hi)
            f = self._journey._wrap(Feedback, out.value)
            try:
                for setter, value in texts:
                    if value is not None:
                        setter(f._h, value)
                if ms is not None:
                    lib.cjm_feedback_set_at(f._h, ms)
            except Exception:
                self.remove_feedback(f)
                raise
            return f

    def remove_feedback(self, feedback: "Feedback") -> None:
        """Removes one of its feedback items."""
        need(feedback, Feedback, "feedback")
        with self._lock:
            if feedback._journey is not self._journey:
                raise InvalidError("remove_feedback: feedback: not in this journey")
            lib.cjm_touchpoint_remove_feedback(self._handle, feedback._handle)
            self._journey._forget([feedback._h])

    def __repr__(self):
        if self._h is None:
            return "<cjm.Touchpoint (removed)>"
        return f"<cjm.Touchpoint {self.id!r} {self.name!r} via {self.channel}>"


class Feedback(_Part):
    """What a customer felt at a touchpoint."""

    __slots__ = ()
    emotion = _text_property("cjm_feedback_emotion", "cjm_feedback_set_emotion", "Or None.")
    comment = _text_property("cjm_feedback_comment", "cjm_feedback_set_comment", "Or None.")
    source = _text_property("cjm_feedback_source", "cjm_feedback_set_source", "Or None.")
    customer = _text_property("cjm_feedback_customer", "cjm_feedback_set_customer", "Or None.")
    at = _time_property("cjm_feedback_at", "cjm_feedback_set_at",
                        "When it was given, in ms since the epoch, or None.")

    @property
    def time(self) -> Optional[datetime.datetime]:
        """`at` as an aware datetime in UTC, or None."""
        return _datetime(self.at)

    @property
    def touchpoint(self) -> "Touchpoint":
        """The touchpoint it is about."""
        with self._lock:
            return self._journey._wrap(Touchpoint, lib.cjm_feedback_touchpoint(self._handle))

    @property
    def score(self) -> float:
        """The score, on `scale`."""
        with self._lock:
            return lib.cjm_feedback_score(self._handle)

    @property
    def scale(self) -> Tuple[float, float]:
        """The scale (min, max) of the score."""
        with self._lock:
            h = self._handle
            return (lib.cjm_feedback_scale_min(h), lib.cjm_feedback_scale_max(h))

    def set_score(self, score: float, scale: Tuple[float, float] = DEFAULT_SCALE) -> None:
        """Sets the score and its scale together."""
        s = real(score, "score")
        lo, hi = _scale(scale)
        with self._lock:
            lib.cjm_feedback_set_score(self._handle, s, lo, hi)

    @property
    def normalized(self) -> float:
        """The score on [-1, 1], to the millionth, as every analysis counts it."""
        with self._lock:
            return lib.cjm_feedback_normalized(self._handle)

    def __repr__(self):
        if self._h is None:
            return "<cjm.Feedback (removed)>"
        return f"<cjm.Feedback {self.score:g} on {self.scale}>"
