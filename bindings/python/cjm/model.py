"""Journeys, stages, touchpoints and feedback.

A journey owns its stages, touchpoints and feedback, as in C. A Python
object for a part keeps its journey alive, so the journey is freed only
when nothing refers to it any more, whatever order Python collects in.
Removing a part frees it in C at once; its Python objects then raise
cjm.InvalidError instead of touching freed memory.
"""
import ctypes
import weakref
from typing import List, Optional, Tuple, Union

from ._capi import UNSET, json_lib, lib, text
from .errors import InvalidError, UnsupportedError

__all__ = ["Journey", "Stage", "Touchpoint", "Feedback"]


def _b(value):
    """str (or None) to the UTF-8 bytes the C API takes."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected str, not {type(value).__name__}")
    return value.encode("utf-8")


def _ms(value):
    """An optional int64 (a time or duration in ms); None is unset."""
    return UNSET if value is None else int(value)


def _opt(value):
    return None if value == UNSET else value


class _Part:
    """A stage, touchpoint or feedback item: a borrowed C handle plus a
    strong reference to the journey that owns it."""

    __slots__ = ("_h", "_journey", "__weakref__")

    def __init__(self, handle, journey):
        self._h = handle
        self._journey = journey

    @property
    def _handle(self):
        if self._h is None:
            raise InvalidError(f"this {type(self).__name__.lower()} was removed from its journey")
        return self._h

    @property
    def journey(self):
        return self._journey


def _text_property(getter, setter, doc):
    get, set_ = getattr(lib, getter), getattr(lib, setter) if setter else None

    def fget(self):
        return text(get(self._handle))

    def fset(self, value):
        set_(self._handle, _b(value))

    return property(fget, fset if setter else None, doc=doc)


class Journey:
    """A journey map, or one customer's actual journey (with `customer`)."""

    id = _text_property("cjm_journey_id", "cjm_journey_set_id", "The journey's id.")
    name = _text_property("cjm_journey_name", "cjm_journey_set_name", "Its name.")
    persona = _text_property("cjm_journey_persona", "cjm_journey_set_persona",
                             "The persona (customer segment), or None.")
    description = _text_property("cjm_journey_description", "cjm_journey_set_description",
                                 "The description, or None.")
    customer = _text_property("cjm_journey_customer", "cjm_journey_set_customer",
                              "The customer of an actual journey, or None for a map.")

    def __init__(self, id: str, name: str, *, persona: Optional[str] = None,
                 description: Optional[str] = None, customer: Optional[str] = None,
                 _handle=None):
        self._h = _handle if _handle is not None else lib.cjm_journey_new(_b(id), _b(name))
        self._parts = weakref.WeakValueDictionary()
        if persona is not None:
            self.persona = persona
        if description is not None:
            self.description = description
        if customer is not None:
            self.customer = customer

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h:
            lib.cjm_journey_free(h)

    @property
    def _handle(self):
        return self._h

    def _wrap(self, cls, handle):
        """The one Python object of a C handle of this journey."""
        if not handle:
            return None
        part = self._parts.get(handle)
        if part is None:
            part = cls(handle, self)
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
        h = self._handle
        return [self._wrap(Stage, lib.cjm_journey_stage(h, i))
                for i in range(lib.cjm_journey_stage_count(h))]

    def __len__(self):
        return lib.cjm_journey_stage_count(self._handle)

    def __iter__(self):
        return iter(self.stages)

    def add_stage(self, id: str, name: str, *, index: Optional[int] = None,
                  goal: Optional[str] = None,
                  expected_duration: Optional[int] = None) -> "Stage":
        """Adds a stage (at the end, or before `index`) and returns it.
        expected_duration is in milliseconds."""
        out = ctypes.c_void_p()
        if index is None:
            lib.cjm_journey_add_stage(ctypes.byref(out), self._handle, _b(id), _b(name))
        else:
            lib.cjm_journey_insert_stage(ctypes.byref(out), self._handle, index, _b(id),
                                         _b(name))
        stage = self._wrap(Stage, out.value)
        if goal is not None:
            stage.goal = goal
        if expected_duration is not None:
            stage.expected_duration = expected_duration
        return stage

    def remove_stage(self, stage: "Stage") -> None:
        """Removes a stage with its touchpoints and feedback."""
        handles = [stage._handle]
        for t in stage.touchpoints:
            handles.append(t._handle)
            handles.extend(f._handle for f in t.feedback)
        lib.cjm_journey_remove_stage(self._handle, stage._handle)
        self._forget(handles)

    def find_stage(self, id: str) -> Optional["Stage"]:
        return self._wrap(Stage, lib.cjm_journey_find_stage(self._handle, _b(id)))

    def find_touchpoint(self, id: str) -> Optional["Touchpoint"]:
        return self._wrap(Touchpoint, lib.cjm_journey_find_touchpoint(self._handle, _b(id)))

    @property
    def touchpoint_count(self) -> int:
        return lib.cjm_journey_touchpoint_count(self._handle)

    def copy(self) -> "Journey":
        return Journey(None, None, _handle=lib.cjm_journey_copy(self._handle))

    def __eq__(self, other):
        if not isinstance(other, Journey):
            return NotImplemented
        return bool(lib.cjm_journey_equal(self._handle, other._handle))

    __hash__ = None

    def __repr__(self):
        return (f"<cjm.Journey {self.id!r} {self.name!r}: {len(self)} stages, "
                f"{self.touchpoint_count} touchpoints>")

    # analysis of one journey
    def channel_switches(self) -> int:
        """How often the sequence of touchpoints changes channel."""
        n = ctypes.c_size_t()
        lib.cjm_journey_channel_switches(ctypes.byref(n), self._handle)
        return n.value

    def gaps(self, options=None) -> list:
        """The map's own gaps (kinds 1 to 5), most severe first."""
        from .analysis import Options, _gap_list
        out = ctypes.c_void_p()
        opts = Options._coerce(options)
        lib.cjm_journey_gaps(ctypes.byref(out), self._handle, opts._handle if opts else None)
        return _gap_list(out.value, owned=True)

    def svg(self, options=None) -> str:
        """The map drawn as an SVG document (a str), with its own gaps."""
        from .analysis import Options, _svg
        opts = Options._coerce(options)
        return _svg(self._handle, None, opts._handle if opts else None)

    def compare(self, map: "Journey", options=None) -> list:
        """How this actual journey deviated from `map`: a list of Deviation."""
        from .analysis import Options, _deviations
        out = ctypes.c_void_p()
        opts = Options._coerce(options)
        lib.cjm_journey_compare(ctypes.byref(out), self._handle, map._handle,
                                opts._handle if opts else None)
        return _deviations(out.value)

    # JSON
    @classmethod
    def from_json(cls, document: Union[str, bytes], name: Optional[str] = None) -> "Journey":
        """Reads a journey document (str or bytes)."""
        _need_json()
        data = document.encode("utf-8") if isinstance(document, str) else bytes(document)
        out = ctypes.c_void_p()
        json_lib.cjm_json_read_journey(ctypes.byref(out), data, len(data), _b(name))
        return cls(None, None, _handle=out.value)

    @classmethod
    def load(cls, path) -> "Journey":
        with open(path, "rb") as f:
            return cls.from_json(f.read(), name=str(path))

    def to_json(self, *, compact: bool = False) -> str:
        """The journey document as a str."""
        _need_json()
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        json_lib.cjm_json_write_journey(ctypes.byref(out), ctypes.byref(length), self._handle,
                                        1 if compact else 0)
        try:
            return ctypes.string_at(out.value, length.value).decode("utf-8")
        finally:
            lib.cjm_free(out.value)


def _need_json():
    if json_lib is None:
        raise UnsupportedError("the JSON module (libcjm-json) is not installed")


class Stage(_Part):
    """A stage of a journey."""

    __slots__ = ()
    id = _text_property("cjm_stage_id", "cjm_stage_set_id", "The stage's id.")
    name = _text_property("cjm_stage_name", "cjm_stage_set_name", "Its name.")
    goal = _text_property("cjm_stage_goal", "cjm_stage_set_goal",
                          "What the customer wants here, or None.")

    @property
    def index(self) -> int:
        return lib.cjm_stage_index(self._handle)

    @property
    def expected_duration(self) -> Optional[int]:
        """Milliseconds to reach the next stage, or None."""
        return _opt(lib.cjm_stage_expected_duration(self._handle))

    @expected_duration.setter
    def expected_duration(self, ms):
        lib.cjm_stage_set_expected_duration(self._handle, _ms(ms))

    @property
    def touchpoints(self) -> List["Touchpoint"]:
        h = self._handle
        return [self._journey._wrap(Touchpoint, lib.cjm_stage_touchpoint(h, i))
                for i in range(lib.cjm_stage_touchpoint_count(h))]

    def __len__(self):
        return lib.cjm_stage_touchpoint_count(self._handle)

    def __iter__(self):
        return iter(self.touchpoints)

    def add_touchpoint(self, id: str, name: str, channel: str, *,
                       owner: Optional[str] = None, description: Optional[str] = None,
                       optional: bool = False, at: Optional[int] = None) -> "Touchpoint":
        out = ctypes.c_void_p()
        lib.cjm_stage_add_touchpoint(ctypes.byref(out), self._handle, _b(id), _b(name),
                                     _b(channel))
        tp = self._journey._wrap(Touchpoint, out.value)
        try:
            if owner is not None:
                tp.owner = owner
            if description is not None:
                tp.description = description
            if optional:
                tp.optional = True
            if at is not None:
                tp.at = at
        except Exception:
            self.remove_touchpoint(tp)  # all or nothing, as in C
            raise
        return tp

    def remove_touchpoint(self, touchpoint: "Touchpoint") -> None:
        handles = [touchpoint._handle] + [f._handle for f in touchpoint.feedback]
        lib.cjm_stage_remove_touchpoint(self._handle, touchpoint._handle)
        self._journey._forget(handles)

    def __repr__(self):
        if self._h is None:
            return "<cjm.Stage (removed)>"
        return f"<cjm.Stage {self.id!r} {self.name!r}: {len(self)} touchpoints>"


class Touchpoint(_Part):
    """A touchpoint: where customer and company meet."""

    __slots__ = ()
    id = _text_property("cjm_touchpoint_id", "cjm_touchpoint_set_id", "The id.")
    name = _text_property("cjm_touchpoint_name", "cjm_touchpoint_set_name", "The name.")
    channel = _text_property("cjm_touchpoint_channel", "cjm_touchpoint_set_channel",
                             "The channel token (lower case).")
    owner = _text_property("cjm_touchpoint_owner", "cjm_touchpoint_set_owner",
                           "The team or process behind it, or None.")
    description = _text_property("cjm_touchpoint_description",
                                 "cjm_touchpoint_set_description", "The description, or None.")

    @property
    def stage(self) -> "Stage":
        return self._journey._wrap(Stage, lib.cjm_touchpoint_stage(self._handle))

    @property
    def optional(self) -> bool:
        return bool(lib.cjm_touchpoint_optional(self._handle))

    @optional.setter
    def optional(self, value):
        lib.cjm_touchpoint_set_optional(self._handle, bool(value))

    @property
    def at(self) -> Optional[int]:
        """When it happened, in ms since the epoch, or None."""
        return _opt(lib.cjm_touchpoint_at(self._handle))

    @at.setter
    def at(self, ms):
        lib.cjm_touchpoint_set_at(self._handle, _ms(ms))

    @property
    def feedback(self) -> List["Feedback"]:
        h = self._handle
        return [self._journey._wrap(Feedback, lib.cjm_touchpoint_feedback(h, i))
                for i in range(lib.cjm_touchpoint_feedback_count(h))]

    def add_feedback(self, score: float, scale: Tuple[float, float] = (-2, 2), *,
                     emotion: Optional[str] = None, comment: Optional[str] = None,
                     source: Optional[str] = None, at: Optional[int] = None,
                     customer: Optional[str] = None) -> "Feedback":
        out = ctypes.c_void_p()
        lib.cjm_touchpoint_add_feedback(ctypes.byref(out), self._handle, float(score),
                                        float(scale[0]), float(scale[1]))
        f = self._journey._wrap(Feedback, out.value)
        try:
            for attr, value in (("emotion", emotion), ("comment", comment),
                                ("source", source), ("at", at), ("customer", customer)):
                if value is not None:
                    setattr(f, attr, value)
        except Exception:
            self.remove_feedback(f)
            raise
        return f

    def remove_feedback(self, feedback: "Feedback") -> None:
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

    @property
    def touchpoint(self):
        return self._journey._wrap(Touchpoint, lib.cjm_feedback_touchpoint(self._handle))

    @property
    def score(self) -> float:
        return lib.cjm_feedback_score(self._handle)

    @property
    def scale(self) -> Tuple[float, float]:
        h = self._handle
        return (lib.cjm_feedback_scale_min(h), lib.cjm_feedback_scale_max(h))

    def set_score(self, score: float, scale: Tuple[float, float] = (-2, 2)) -> None:
        lib.cjm_feedback_set_score(self._handle, float(score), float(scale[0]), float(scale[1]))

    @property
    def normalized(self) -> float:
        """The score on [-1, 1], to the millionth, as every analysis counts it."""
        return lib.cjm_feedback_normalized(self._handle)

    @property
    def at(self) -> Optional[int]:
        return _opt(lib.cjm_feedback_at(self._handle))

    @at.setter
    def at(self, ms):
        lib.cjm_feedback_set_at(self._handle, _ms(ms))

    def __repr__(self):
        if self._h is None:
            return "<cjm.Feedback (removed)>"
        return f"<cjm.Feedback {self.score:g} on {self.scale}>"
