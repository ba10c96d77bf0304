"""One customer straight from the events, compared with a map
(cjm_customer_events)."""
import ctypes
import os
from typing import Optional

from ._capi import _b, json_lib, lib, xml_lib
from ._handle import locked, need
from .analysis import _is_document, _read_source
from .errors import UnsupportedError
from .model import Journey, _need
from .options import Options
from .results import deviations
from .xes import XesOptions

__all__ = ["compare_customer"]


def _format_of(events, format):
    if format is not None:
        if format not in ("jsonl", "xes"):
            raise ValueError(f"format: {format!r} is not 'jsonl' or 'xes'")
        return format
    if isinstance(events, (str, os.PathLike)) and not _is_document(events):
        path = os.fspath(events)
        return "xes" if path.endswith((".xes", ".xes.gz")) else "jsonl"
    return "jsonl"


def compare_customer(map: Journey, customer: str, events, options: Optional[Options] = None,
                     *, format: Optional[str] = None, xes: Optional[XesOptions] = None,
                     **settings) -> list:
    """How one customer's journey, straight from `events`, deviated from
    `map`: a list of Deviation. The customer's events in time order (ties
    in the order they come) are the actual journey, a touchpoint met again
    being another visit. Every event is checked against the map; an invalid
    one raises unless lenient=True. `events`: JSON Lines or an XES log as a
    path (.jsonl, .xes, .gz too), str, bytes or a file object; `format`
    ("jsonl" or "xes") when the path does not say. NotFoundError when the
    customer has no valid event."""
    if not hasattr(lib, "cjm_customer_events_new"):
        raise UnsupportedError("compare_customer: the loaded libcjm is older than 1.1")
    need(map, Journey, "map")
    customer_bytes = _b(customer, "customer")
    fmt = _format_of(events, format)
    _need(xml_lib if fmt == "xes" else json_lib, "XML" if fmt == "xes" else "JSON")
    opts = Options._coerce(options, settings)
    if xes is not None and not isinstance(xes, XesOptions):
        raise TypeError(f"xes: expected XesOptions, not {type(xes).__name__}")
    with locked(map, opts):
        h = lib.cjm_customer_events_new(map._handle, customer_bytes, opts._h if opts else None)
    try:
        sink = ctypes.cast(lib.cjm_customer_events_sink, ctypes.c_void_p)
        is_path = isinstance(events, (str, os.PathLike)) and not _is_document(events)
        if fmt == "xes":
            with locked(xes):
                xh = xes._h if xes is not None else None
                if is_path:
                    xml_lib.cjm_xes_read_events_path(_b(os.fspath(events), "path"), xh, sink, h)
                else:
                    data, name = _read_source(events, "log", gunzip=False)
                    xml_lib.cjm_xes_read_events(data, len(data), _b(name, "name"), xh, sink, h)
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
