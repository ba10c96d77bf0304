"""Python values checked before they reach ctypes.

ctypes converts silently: -1 becomes 2**64 - 1 in a uint64, 2**64 + t
becomes t in an int64, any non-empty str is a true bool. Every value a
user gives goes through one of these checks first, and a bad one raises
TypeError (wrong kind) or cjm.RangeError (a ValueError: does not fit),
naming the argument.
"""
import ctypes
import datetime
import math
import operator

from ._capi import lib
from .errors import Error, RangeError

__all__ = ["DEFAULT_SCALE", "scale_pair", "integer", "count", "flag", "real", "time_ms", "duration_ms", "NAT_MS",
           "INT64_MIN", "INT64_MAX", "THREADS_MAX", "UINT64_MAX", "TIME_MIN", "TIME_MAX"]

# The scale of feedback given without one, as in the C library.
DEFAULT_SCALE = (-2.0, 2.0)

INT64_MIN, INT64_MAX = -2 ** 63, 2 ** 63 - 1
THREADS_MAX = 64  # the library's CJM_THREADS_MAX: worker threads at most
UINT64_MAX = 2 ** 64 - 1
TIME_MIN, TIME_MAX = -62167219200000, 253402300799999  # 0000-01-01 .. 9999-12-31, ms

# pandas' missing time (NaT) is int64's smallest value; turned into an
# integer the usual ways (`astype("int64") // 10**6`, `/ 1e6`, from ns or
# us) it becomes one of these, a plausible time in 1677 or out of range.
NAT_MS = frozenset({INT64_MIN, INT64_MIN // 10 ** 3, -(2 ** 63 // 10 ** 3),
                    INT64_MIN // 10 ** 6, -(2 ** 63 // 10 ** 6)})

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _kind(value):
    return type(value).__name__


def integer(value, name, lo=INT64_MIN, hi=INT64_MAX):
    """An int (or numpy integer) within [lo, hi]; bool and float refused."""
    if isinstance(value, (bool, float)) or type(value).__name__ == "bool_":
        raise TypeError(f"{name}: expected int, not {_kind(value)}")
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(f"{name}: expected int, not {_kind(value)}") from None
    if not lo <= value <= hi:
        raise RangeError(f"{name}: {value} is out of range ({lo}..{hi})")
    return value


def scale_pair(scale, name="scale"):
    """A scale: a pair of numbers (min, max), as floats; anything else
    (a number, text, three values) TypeError."""
    try:
        if isinstance(scale, (str, bytes)):
            raise TypeError
        lo, hi = scale
    except (TypeError, ValueError):
        raise TypeError(f"{name}: expected a pair (min, max)") from None
    return real(lo, f"{name}[0]"), real(hi, f"{name}[1]")


def count(value, name, hi=UINT64_MAX):
    """A count: an int from 0 to hi; the error names those bounds."""
    value = integer(value, name, -math.inf, math.inf)
    if value < 0:
        raise RangeError(f"{name}: {value} is negative")
    if value > hi:
        raise RangeError(f"{name}: {value} is out of range (0..{hi})")
    return value


def flag(value, name):
    """A bool (or numpy bool); 'false', 1 and None are refused."""
    if isinstance(value, bool):
        return value
    if type(value).__name__ == "bool_":
        return bool(value)
    raise TypeError(f"{name}: expected bool, not {_kind(value)}")


def real(value, name):
    """A float (int and numpy numbers too); NaN passes, for the library to judge."""
    if isinstance(value, (bool, str, bytes)) or type(value).__name__ == "bool_":
        raise TypeError(f"{name}: expected a number, not {_kind(value)}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: expected a number, not {_kind(value)}") from None
    except OverflowError:
        raise RangeError(f"{name}: {value} is out of range") from None


def _numpy_datetime(value):
    """numpy.datetime64 / timedelta64 to (integer, unit) or None for NaT."""
    import numpy
    if numpy.isnat(value):
        return None
    unit, count = numpy.datetime_data(value.dtype)  # [10ms]: ten ms a step
    return int(value.astype("int64")) * count, unit


_UNIT_MS = {"Y": None, "M": None, "W": 604800000, "D": 86400000, "h": 3600000,
            "m": 60000, "s": 1000, "ms": 1}
_UNIT_DIV = {"us": 10 ** 3, "ns": 10 ** 6, "ps": 10 ** 9, "fs": 10 ** 12, "as": 10 ** 15}


def _from_units(number, unit, name):
    if unit in _UNIT_DIV:
        return number // _UNIT_DIV[unit]
    if _UNIT_MS.get(unit) is None:
        raise TypeError(f"{name}: a numpy time in unit {unit!r} has no fixed length")
    return number * _UNIT_MS[unit]


def time_ms(value, name, row=None):
    """A time as ms since the epoch: an int (ms), an integral float, a
    datetime (naive means UTC), a numpy.datetime64, a pandas Timestamp, or
    an RFC 3339 str read as the library reads it.
    NaT, NaN and pandas' NaT turned into an integer are refused."""
    where = name if row is None else f"{name}: row {row}"
    if isinstance(value, datetime.datetime):
        if value != value:  # pandas.NaT is a datetime that equals nothing
            raise ValueError(f"{where}: NaT is not a time")
        if value.tzinfo is None or value.utcoffset() is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        delta = value - _EPOCH
        ms = (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000
    elif isinstance(value, datetime.date):
        raise TypeError(f"{where}: expected a time, not a date")
    elif type(value).__name__ == "datetime64":
        got = _numpy_datetime(value)
        if got is None:
            raise ValueError(f"{where}: NaT is not a time")
        ms = _from_units(got[0], got[1], where)
    elif isinstance(value, str):
        if "\0" in value:  # the C string would end there: a time cut short
            raise ValueError(f"{where}: contains a NUL character")
        out = ctypes.c_int64()
        try:
            lib.cjm_time_parse(ctypes.byref(out), value.encode("utf-8", "replace"))
        except Error as e:
            raise type(e)(f"{where}: {e.message}", e.status) from None
        ms = out.value
    elif isinstance(value, float) or type(value).__name__.startswith("float"):
        if math.isnan(value):
            raise ValueError(f"{where}: NaN is not a time")
        if not math.isfinite(value) or not float(value).is_integer():
            raise ValueError(f"{where}: {value!r} is not a whole number of ms")
        ms = int(value)
    else:
        ms = integer(value, where)
        if ms in NAT_MS:
            raise ValueError(f"{where}: {ms} is pandas' NaT (a missing time) made an "
                             "integer, not a time")
    if not TIME_MIN <= ms <= TIME_MAX:
        raise RangeError(f"{where}: {ms} is out of range (years 0 to 9999)")
    return ms


def duration_ms(value, name):
    """A duration in ms: an int, a datetime.timedelta or numpy.timedelta64."""
    if isinstance(value, datetime.timedelta):
        ms = (value.days * 86400 + value.seconds) * 1000 + value.microseconds // 1000
    elif type(value).__name__ == "timedelta64":
        got = _numpy_datetime(value)
        if got is None:
            raise ValueError(f"{name}: NaT is not a duration")
        ms = _from_units(got[0], got[1], name)
    else:
        ms = integer(value, name)
    if ms < 0:
        raise RangeError(f"{name}: {ms} is negative")
    if ms > INT64_MAX:
        raise RangeError(f"{name}: {ms} is out of range")
    return ms
