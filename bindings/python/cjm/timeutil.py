"""RFC 3339 times and ISO 8601 durations, exactly as the library reads and
writes them (milliseconds, int)."""
import ctypes

from ._capi import lib
from .model import _b

__all__ = ["parse_time", "format_time", "parse_duration", "format_duration"]


def parse_time(value):
    """'2026-03-01T09:15:00Z' -> milliseconds since the epoch."""
    out = ctypes.c_int64()
    lib.cjm_time_parse(ctypes.byref(out), _b(value))
    return out.value


def format_time(ms):
    buf = ctypes.create_string_buffer(32)
    lib.cjm_time_format(buf, len(buf), int(ms))
    return buf.value.decode("ascii")


def parse_duration(value):
    """'PT1H30M' -> milliseconds."""
    out = ctypes.c_int64()
    lib.cjm_duration_parse(ctypes.byref(out), _b(value))
    return out.value


def format_duration(ms):
    buf = ctypes.create_string_buffer(48)
    lib.cjm_duration_format(buf, len(buf), int(ms))
    return buf.value.decode("ascii")
