"""What analyses return as plain Python data: gaps, deviations, and the
text documents the library writes."""
import ctypes
import math
from dataclasses import asdict, dataclass
from typing import Optional

from ._capi import lib, text

__all__ = ["Gap", "Deviation", "gap_list", "deviations", "take_text"]


@dataclass(frozen=True)
class Gap:
    """A red point: kind (such as "drop_off"), where (stage, touchpoint,
    to_stage), value, count, severity in [0, 1] and a message a person can
    act on."""
    kind: str
    stage: Optional[str]
    touchpoint: Optional[str]
    to_stage: Optional[str]
    value: Optional[float]
    count: int
    severity: float
    message: str

    def to_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class Deviation:
    """How an actual journey strayed from the map: kind is "unplanned",
    "missing", "backtrack" or "failing"."""
    kind: str
    touchpoint: str
    stage: Optional[str]
    from_stage: Optional[str]
    value: Optional[float]


def _nan_none(x):
    return None if math.isnan(x) else x


def gap_list(handle, owned):
    """The gaps of a C gap list, as Gap objects (freeing the list if owned)."""
    try:
        gaps = []
        for i in range(lib.cjm_gap_list_count(handle)):
            g = lib.cjm_gap_list_get(handle, i)
            gaps.append(Gap(text(lib.cjm_gap_kind_name(lib.cjm_gap_kind_of(g))),
                            text(lib.cjm_gap_stage(g)), text(lib.cjm_gap_touchpoint(g)),
                            text(lib.cjm_gap_to_stage(g)), _nan_none(lib.cjm_gap_value(g)),
                            lib.cjm_gap_count(g), lib.cjm_gap_severity(g),
                            text(lib.cjm_gap_message(g))))
        return gaps
    finally:
        if owned:
            lib.cjm_gap_list_free(handle)


def deviations(handle):
    """The deviations of a C comparison, which it frees."""
    try:
        out = []
        for i in range(lib.cjm_comparison_count(handle)):
            out.append(Deviation(
                text(lib.cjm_deviation_kind_name(lib.cjm_comparison_kind(handle, i))),
                text(lib.cjm_comparison_touchpoint(handle, i)),
                text(lib.cjm_comparison_stage(handle, i)),
                text(lib.cjm_comparison_from_stage(handle, i)),
                _nan_none(lib.cjm_comparison_value(handle, i))))
        return out
    finally:
        lib.cjm_comparison_free(handle)


def take_text(write, *args):
    """Calls a C writer `write(&out, &length, *args)` and returns its
    document as str, freeing the C buffer."""
    out, length = ctypes.c_void_p(), ctypes.c_size_t()
    write(ctypes.byref(out), ctypes.byref(length), *args)
    try:
        return ctypes.string_at(out.value, length.value).decode("utf-8")
    finally:
        lib.cjm_free(out.value)


def take_bytes(write, *args):
    """As take_text, for bytes."""
    out, length = ctypes.c_void_p(), ctypes.c_size_t()
    write(ctypes.byref(out), ctypes.byref(length), *args)
    try:
        return ctypes.string_at(out.value, length.value)
    finally:
        lib.cjm_free(out.value)
