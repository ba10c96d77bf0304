"""The customers behind a figure: a selection of the analysis's customers
by the figures that count them (cjm/selection.h), listed in byte order of
their ids."""
import ctypes
from typing import List

from ._capi import _text_arg, handle, lib, status

__all__ = ["customers"]

_CUSTOMER_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)

_PROTOTYPES = {
    "cjm_selection_new": (handle, []),
    "cjm_selection_free": (None, [handle]),
    "cjm_selection_add_reached": (status, [handle, ctypes.c_char_p]),
    "cjm_selection_add_funnel": (status, [handle, ctypes.c_char_p]),
    "cjm_selection_add_dropped": (status, [handle, ctypes.c_char_p]),
    "cjm_selection_add_silent_churn": (status, [handle, ctypes.c_char_p]),
    "cjm_selection_add_hopped": (status, [handle, ctypes.c_char_p]),
    "cjm_selection_add_backtracked": (status, [handle, ctypes.c_char_p, ctypes.c_char_p]),
    "cjm_selection_add_used": (status, [handle, ctypes.c_char_p]),
    "cjm_selection_add_completed": (status, [handle]),
    "cjm_selection_add_segment": (status, [handle, ctypes.c_char_p]),
    "cjm_selection_add_segment_other": (status, [handle]),
    "cjm_selection_add_path": (status, [handle, ctypes.POINTER(ctypes.c_char_p),
                                        ctypes.c_size_t]),
    "cjm_analysis_customers": (status, [handle, handle, _CUSTOMER_FN, ctypes.c_void_p]),
}

AVAILABLE = hasattr(lib, "cjm_analysis_customers")
if AVAILABLE:
    from ._capi import check_handle, check_status
    for _name, (_restype, _argtypes) in _PROTOTYPES.items():
        _f = getattr(lib, _name)
        _f.restype = _restype
        _f.argtypes = _argtypes
        if _restype is status:
            _f.errcheck = check_status
        elif _name == "cjm_selection_new":
            _f.errcheck = check_handle

# keyword: the C call that adds it, for the criteria naming one stage or touchpoint
_BY_ID = (("reached", "cjm_selection_add_reached"), ("funnel", "cjm_selection_add_funnel"),
          ("dropped_at", "cjm_selection_add_dropped"),
          ("silent_at", "cjm_selection_add_silent_churn"),
          ("hopped_in", "cjm_selection_add_hopped"), ("used", "cjm_selection_add_used"))

class _NotGiven:
    """The default of `segment`: not given, which None (the null segment)
    is not."""

    def __repr__(self):
        return "<not given>"


_NOT_GIVEN = _NotGiven()


def _ids(value, name, what):
    """A sequence of str ids (not a str itself, which is not a list of its
    letters), as a list."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name}: expected a sequence of {what} ids, not "
                        f"{type(value).__name__}")
    return [_text_arg(v, f"{name}[{i}]") for i, v in enumerate(value)]


def _fill(sel, criteria):
    for key, func in _BY_ID:
        value = criteria.get(key)
        if value is not None:
            getattr(lib, func)(sel, _text_arg(value, key))
    pair = criteria.get("backtracked")
    if pair is not None:
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise TypeError("backtracked: expected a pair of stage ids (from, to)")
        lib.cjm_selection_add_backtracked(sel, _text_arg(pair[0], "backtracked[0]"),
                                          _text_arg(pair[1], "backtracked[1]"))
    segment = criteria.get("segment", _NOT_GIVEN)
    if segment is None:  # the customers without the breakdown's attribute
        lib.cjm_selection_add_segment(sel, None)
    elif segment is not _NOT_GIVEN:
        lib.cjm_selection_add_segment(sel, _text_arg(segment, "segment"))
    for key, func in (("completed", lib.cjm_selection_add_completed),
                      ("segment_other", lib.cjm_selection_add_segment_other)):
        flag = criteria.get(key)
        if flag is not None and not isinstance(flag, bool):
            raise TypeError(f"{key}: expected bool, not {type(flag).__name__}")
        if flag:
            func(sel)
    path = criteria.get("path")
    if path is not None:
        stages = _ids(path, "path", "stage")
        lib.cjm_selection_add_path(sel, (ctypes.c_char_p * max(1, len(stages)))(*stages),
                                   len(stages))


def customers(analysis_handle, criteria) -> List[str]:
    """The ids of the customers meeting every criterion, in byte order."""
    if not AVAILABLE:
        from .errors import UnsupportedError
        raise UnsupportedError("this libcjm has no selections (cjm_analysis_customers, 1.1)")
    out: List[str] = []

    def keep(customer, _userdata):
        out.append(customer.decode("utf-8"))
        return 0

    sel = lib.cjm_selection_new()
    try:
        _fill(sel, criteria)
        lib.cjm_analysis_customers(analysis_handle, sel, _CUSTOMER_FN(keep), None)
    finally:
        lib.cjm_selection_free(sel)
    return out

