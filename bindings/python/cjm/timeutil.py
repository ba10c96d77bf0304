"""RFC 3339 times and ISO 8601 durations, exactly as the library reads and
writes them (milliseconds, int)."""
import ctypes

from ._capi import _b, lib
from ._values import duration_ms, integer, time_ms

__all__ = ["parse_time", "format_time", "parse_duration", "format_duration"]


def parse_time(value: str) -> int:
    """'2026-03-01T09:15:00Z' -> milliseconds since the epoch."""
    out = ctypes.c_int64()
    lib.cjm_time_parse(ctypes.byref(out), _b(value, "value"))
    return out.value


def format_time(ms) -> str:
    """Milliseconds since the epoch (or a datetime) -> RFC 3339 in UTC."""
    buf = ctypes.create_string_buffer(32)
    lib.cjm_time_format(buf, len(buf), time_ms(ms, "ms"))
    return buf.value.decode("ascii")


def parse_duration(value: str) -> int:
    """'PT1H30M' -> milliseconds."""
    out = ctypes.c_int64()
    lib.cjm_duration_parse(ctypes.byref(out), _b(value, "value"))
    return out.value


def format_duration(ms) -> str:
    """Milliseconds (or a timedelta) -> ISO 8601, such as 'PT1H30M'."""
    buf = ctypes.create_string_buffer(48)
    value = duration_ms(ms, "ms") if not isinstance(ms, int) or ms >= 0 else integer(ms, "ms")
    lib.cjm_duration_format(buf, len(buf), value)
    return buf.value.decode("ascii")
