"""Columns of events as the C columns calls take them.

A column may be a list or tuple, an array.array, a numpy array or a
pandas Series (or Categorical, or Index). Missing values are None, NaN,
pd.NA and NaT. Every value is checked here before it reaches C, and a bad
one raises TypeError or ValueError naming the column and the row.

String columns travel in one of two forms:
- packed: the n strings back to back, NUL-terminated, in one bytes
  object (cjm_analysis_add_packed), for lists;
- dictionary: n int32 codes into a table of distinct strings given as
  one block of bytes and offsets (cjm_analysis_add_dictionary), for
  numpy and pandas: a categorical column passes its codes and categories
  as they are; other columns are factorized first.
"""
import array
import ctypes
import json
import math
import numbers

from ._capi import AttributeColumn, DictionaryColumn, _text_arg, lib
from ._values import (INT64_MAX, INT64_MIN, NAT_MS, TIME_MAX, TIME_MIN, real,
                      time_ms)
from .errors import LimitError, RangeError, UnsupportedError

__all__ = ["Columns"]

# The dictionary call with one scale for every score (1.1).
ONE_SCALE = hasattr(lib, "cjm_analysis_add_dictionary_on_scale")

try:
    import numpy as np
except ImportError:  # pragma: no cover - numpy is optional
    np = None
try:
    import pandas as pd
except ImportError:  # pragma: no cover - pandas is optional
    pd = None


def _is_numpy(column):
    return np is not None and isinstance(column, np.ndarray)


def _is_pandas(column):
    return pd is not None and isinstance(column, (pd.Series, pd.Index, pd.Categorical,
                                                  pd.api.extensions.ExtensionArray))


def _missing(v):
    """None, NaN, pd.NA, NaT."""
    if v is None:
        return True
    if isinstance(v, float):
        return v != v
    if pd is not None:
        try:
            return v is pd.NA or v is pd.NaT
        except TypeError:
            return False
    return False


def _text(v, name, row):
    """One value of a string column as str: str as it is, integers (ids
    stored as numbers) as their decimal text, integral floats likewise
    (pandas makes integer columns with gaps float)."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        raise TypeError(f"{name}: row {row}: expected str, not bool")
    if isinstance(v, int) or (np is not None and isinstance(v, np.integer)):
        return str(int(v))
    if isinstance(v, float) or (np is not None and isinstance(v, np.floating)):
        if math.isfinite(v) and float(v).is_integer():
            return str(int(v))
    raise TypeError(f"{name}: row {row}: expected str, not {type(v).__name__}")


def _length(column, n, name):
    if len(column) != n:
        raise ValueError(f"{name}: {len(column)} values for {n} events")


# ---- packed (lists) ---------------------------------------------------------

def packed(column, n, name, optional):
    """(bytes, size) of a string column given as a sequence."""
    if not isinstance(column, list):
        column = list(column)
    _length(column, n, name)
    try:
        joined = "\0".join(column)
    except TypeError:
        column = [_fix(v, name, i, optional) for i, v in enumerate(column)]
        joined = "\0".join(column)
    data = joined.encode("utf-8", "surrogatepass") + b"\0"
    return data, len(data)


def _fix(v, name, row, optional):
    if _missing(v):
        if optional:
            return ""
        raise ValueError(f"{name}: row {row}: missing (every event needs one)")
    return _text(v, name, row)


# ---- dictionary (numpy, pandas) ---------------------------------------------

def _table(values, name, codes=None):
    """(data, offsets) of distinct strings: offsets[k]..offsets[k+1] is
    string k in data. Values all str are joined as they are, with no
    Python call per value; otherwise each is made text, a bad one named by
    its first row in codes."""
    try:
        joined = "\0".join(values)
    except TypeError:
        texts = _uniques_text(values, name, codes) if codes is not None else \
            [_text(v, name, None) for v in values]
        joined = "\0".join(texts)
    return _offsets(joined, len(values), name)


def _offsets(joined, k, name):
    raw = joined.encode("utf-8", "surrogatepass")
    nul = np.flatnonzero(np.frombuffer(raw, np.uint8) == 0)
    if len(nul) != max(k - 1, 0):
        raise ValueError(f"{name}: a value holds a NUL character")
    offsets = np.empty(k + 1, np.int64)
    offsets[0] = 0
    offsets[1:k] = nul + 1 - np.arange(1, k, dtype=np.int64)
    data = raw.replace(b"\0", b"") if k > 1 else raw
    offsets[k] = len(data)
    return data, offsets


def _first(mask):
    return int(np.flatnonzero(mask)[0])


def _uniques_text(uniques, name, codes):
    """The distinct values as str; a bad one is named by its first row."""
    out = []
    for k, v in enumerate(uniques):
        try:
            out.append(_text(v, name, None))
        except TypeError:
            row = _first(codes == k)
            _text(v, name, row)
            raise
    return out


def dictionary(column, n, name, optional):
    """(codes int32, data, offsets, keepalive) of a numpy or pandas string
    column; missing values have code -1."""
    _length(column, n, name)
    if pd is not None and isinstance(column, (pd.Series, pd.Index)) and \
            isinstance(column.dtype, pd.CategoricalDtype):
        column = column.array
    if pd is not None and isinstance(column, pd.Categorical):
        codes = np.asarray(column.codes, dtype=np.int32)
        values = column.categories.tolist()
    else:
        if pd is not None and not isinstance(column, np.ndarray):
            kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else "O"
            if getattr(column.dtype, "kind", "O") == "b" or str(column.dtype) == "boolean":
                raise TypeError(f"{name}: expected str, not bool")
            column = column.to_numpy(dtype=object if kind not in "iuf" else None)
        if column.ndim != 1:
            raise ValueError(f"{name}: expected one dimension, not {column.ndim}")
        if column.dtype.kind == "b":
            raise TypeError(f"{name}: expected str, not bool")
        if column.dtype.kind in "SU":
            column = column.astype(object)
        codes, values = _encode(column, name)
    if not optional and n and codes.min() < 0:
        raise ValueError(f"{name}: row {_first(codes < 0)}: missing (every event needs one)")
    data, offsets = _table(values, name, codes)
    return codes, data, offsets


def _bad_value(column, name):
    """Raises the TypeError naming the first value that is neither text,
    a number nor missing (a list, a dict: what hashing chokes on)."""
    for row, v in enumerate(column):
        if not _missing(v):
            _text(v, name, row)


def _encode(column, name):
    """Codes and distinct values of a plain column, by hashing (pandas'
    factorize when pandas is there): the table then holds each distinct
    string once, so the C library checks and copies it once."""
    if pd is not None and column.dtype.kind == "O" and len(column):
        try:
            codes, uniques = _encode_objects(column)
        except TypeError:  # an unhashable value: name it
            _bad_value(column, name)
            raise
    elif pd is not None:
        codes, uniques = _factorize(column)
        codes = codes.astype(np.int32, copy=False)
        uniques = uniques.tolist()
    else:
        if column.dtype.kind == "O":
            table = {}
            codes = np.fromiter((-1 if _missing(v) else table.setdefault(v, len(table))
                                 for v in column), np.int32, len(column))
            uniques = list(table)
        elif column.dtype.kind == "f":
            nan = np.isnan(column)
            uniques, inverse = np.unique(column[~nan], return_inverse=True)
            codes = np.full(len(column), -1, np.int32)
            codes[~nan] = inverse
            uniques = list(uniques)
        else:
            uniques, inverse = np.unique(column, return_inverse=True)
            codes, uniques = inverse.astype(np.int32), list(uniques)
    return codes, uniques


def _factorize(values):
    return pd.factorize(values, use_na_sentinel=True) if _factorize_has_sentinel() \
        else pd.factorize(values)


def _object_array(values):
    """A one-dimensional object array of the values as they are: np.array
    would make a list of equal-length lists a two-dimensional array of
    their items (and of empty lists an array of no items at all)."""
    values = values if isinstance(values, (list, tuple)) else list(values)
    try:
        return np.fromiter(values, dtype=object, count=len(values))
    except (TypeError, ValueError):  # a numpy without object fromiter
        out = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            out[i] = v
        return out


def _distinct_objects(column):
    """(codes, objects) of a non-empty one-dimensional object array, by the
    objects' identities: codes number the distinct objects in order of
    first appearance (int32), and objects holds each once, taken from the
    array's rows. Hashing addresses never reads the strings, whose reading
    from all over memory is most of the time of a large column. The
    objects are never taken from their addresses: while pandas hashes them
    without the GIL, another thread may replace a row's object and free
    it; the codes are then a moment's view of the rows, never a freed
    object."""
    column = np.ascontiguousarray(column, dtype=object)
    n = len(column)
    address = np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(column.ctypes.data))
    codes, _ = _factorize(address)
    codes = codes.astype(np.int32)
    # The rows where the running maximum of the codes grows hold each
    # distinct object once, in code order.
    first = np.empty(n, bool)
    first[0] = True
    np.greater(codes[1:], np.maximum.accumulate(codes)[:-1], out=first[1:])
    return codes, column[first]


def _encode_objects(column):
    """Codes and distinct values of an object column, objects first: the
    rows of a frame hold few distinct objects (read_csv makes one str per
    distinct value, indexing and categoricals repeat theirs). Distinct
    objects all str are the table as they are (the library takes equal
    strings under two codes as one value); otherwise they are factorized
    by value, so that a missing value is -1 and a number its text."""
    by_object, objects = _distinct_objects(column)
    if pd.api.types.infer_dtype(objects, skipna=False) == "string":
        # A second hashing, of every string's text, is saved.
        return by_object, objects.tolist()
    by_value, uniques = _factorize(objects)
    codes = by_value.astype(np.int32, copy=False)[by_object]
    return codes, uniques.tolist()


def _factorize_has_sentinel():
    import inspect
    return "use_na_sentinel" in inspect.signature(pd.factorize).parameters


# ---- numbers -----------------------------------------------------------------

def _ctypes_view(buffer, ctype, n):
    return (ctype * n).from_buffer(buffer)


def times(column, n, name="at"):
    """The times as a C int64 array (ms), with everything that keeps it alive."""
    _length(column, n, name)
    if np is not None and (_is_numpy(column) or _is_pandas(column)):
        return _times_numpy(column, n, name)
    try:
        if bool in set(map(type, column)):
            raise TypeError("bool is not a time")
        values = array.array("q", column)
    except (TypeError, OverflowError):
        values = array.array("q", (time_ms(v, name, i) for i, v in enumerate(column)))
    if not NAT_MS.isdisjoint(values):
        row = next(i for i, v in enumerate(values) if v in NAT_MS)
        time_ms(values[row], name, row)
    return _ctypes_view(values, ctypes.c_int64, n), values


_UNIT = {"ns": 10 ** 6, "us": 10 ** 3, "ms": 1, "s": None}


def _coarse_ms(column, raw, name):
    """ms of a datetime64 column in a unit other than ns, us or ms. A
    coarse unit's value times its length may not fit in int64, and numpy
    would wrap it round into a plausible time: the range (years 0 to 9999)
    is checked in the column's own unit first, with a unit's margin, then
    exactly in ms."""
    lo, hi = (np.datetime64(t, "ms").astype(column.dtype).view(np.int64)
              for t in (TIME_MIN, TIME_MAX))
    bad = (raw < lo - 1) | (raw > hi + 1)
    if not bad.any():
        values = column.astype("datetime64[ms]").view(np.int64)
        bad = (values < TIME_MIN) | (values > TIME_MAX)
        if not bad.any():
            return values
    row = _first(bad)
    raise RangeError(f"{name}: row {row}: {column[row]} is out of range (years 0 to 9999)")


def _times_numpy(column, n, name):
    if pd is not None and not isinstance(column, np.ndarray):
        dtype = column.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            column = pd.Series(column).dt.tz_convert("UTC").dt.tz_localize(None)
        if isinstance(column, (pd.Series, pd.Index)) and column.dtype.kind in "iu" \
                and not isinstance(column.dtype, np.dtype):
            # Nullable integers (Int64): missing times are an error.
            if column.isna().any():
                raise ValueError(f"{name}: row {_first(column.isna().to_numpy())}: "
                                 "missing time")
        kind = getattr(column.dtype, "kind", "O")
        if kind in "iufM":
            # UInt64 as uint64: as int64 a time beyond it would wrap round.
            column = column.to_numpy(dtype=None if isinstance(column.dtype, np.dtype)
                                     else {"f": "float64", "u": "uint64"}.get(kind, "int64"))
        else:
            column = column.to_numpy(dtype=object)
    kind = column.dtype.kind
    if kind == "M":
        unit, count = np.datetime_data(column.dtype)
        if count != 1:  # datetime64[10ms]: ten ms a step, in plain ms
            raw = column.view(np.int64)
            big = ((raw > INT64_MAX // count) | (raw < -(INT64_MAX // count))) & \
                (raw != INT64_MIN)
            if big.any():
                row = _first(big)
                raise RangeError(f"{name}: row {row}: {column[row]} is out of range"
                                 " (years 0 to 9999)")
            column = column.astype(f"datetime64[{unit}]")
        raw = column.view(np.int64)
        nat = raw == INT64_MIN
        if nat.any():
            raise ValueError(f"{name}: row {_first(nat)}: NaT is not a time")
        if unit in ("ns", "us", "ms"):
            values = raw // _UNIT[unit] if _UNIT[unit] > 1 else raw
        elif unit in ("ps", "fs", "as"):  # a finer unit: divided, never out of range
            values = column.astype("datetime64[ms]").view(np.int64)
        else:
            values = _coarse_ms(column, raw, name)
    elif kind in "iu":
        # (compared as uint64: numpy compares uint64 with int as float64,
        # where 2**63 equals INT64_MAX)
        if kind == "u" and n and column.max() > np.uint64(INT64_MAX):
            row = _first(column > np.uint64(INT64_MAX))
            time_ms(int(column[row]), name, row)
        values = column.astype(np.int64, copy=False)
        bad = np.isin(values, np.array(sorted(NAT_MS), dtype=np.int64))
        if bad.any():
            row = _first(bad)
            time_ms(int(values[row]), name, row)
    elif kind == "f":
        bad = ~np.isfinite(column) | (np.floor(column) != column) | \
            (np.abs(column) > 2 ** 62)
        if bad.any():
            row = _first(bad)
            time_ms(float(column[row]), name, row)
        values = column.astype(np.int64)
        nat = np.isin(values, np.array(sorted(NAT_MS), dtype=np.int64))
        if nat.any():
            row = _first(nat)
            time_ms(int(values[row]), name, row)
    elif kind == "O":
        values = np.fromiter((time_ms(v, name, i) for i, v in enumerate(column)),
                             np.int64, n)
    else:
        raise TypeError(f"{name}: expected times, not {column.dtype}")
    values = np.ascontiguousarray(values, dtype=np.int64)
    return values.ctypes.data_as(ctypes.c_void_p), values


def reals(column, n, name, none):
    """A float column as a C double array; None (and pd.NA) is `none`."""
    if isinstance(column, numbers.Real):
        value = real(column, name)  # one value for every event
        if np is not None:
            values = np.full(n, value, np.float64)
            return values.ctypes.data_as(ctypes.c_void_p), values
        column = [value] * n
    _length(column, n, name)
    if np is not None and (_is_numpy(column) or _is_pandas(column)):
        if not isinstance(column, np.ndarray) and column.dtype == np.float64:
            # Its NaN is already "none": the frame's own buffer, no copy.
            column = column.to_numpy()
        elif not isinstance(column, np.ndarray):
            # Numbers (nullable ones too) as numbers; objects and text each
            # checked below; anything else (bool, complex, times) refused,
            # which to_numpy(float64) would have turned into numbers.
            kind = getattr(column.dtype, "kind", "O")
            if kind in "iuf" and str(column.dtype) != "boolean":
                column = column.to_numpy(dtype=np.float64, na_value=none)
            elif kind in "OSU" or isinstance(column.dtype, pd.StringDtype):
                column = column.to_numpy(dtype=object)
            else:
                raise TypeError(f"{name}: expected numbers, not {column.dtype}")
        if column.dtype.kind not in "iuf":
            if column.dtype.kind == "O":
                column = np.array([none if _missing(v) else real(v, f"{name}: row {i}")
                                   for i, v in enumerate(column)], np.float64)
            else:
                raise TypeError(f"{name}: expected numbers, not {column.dtype}")
        values = np.ascontiguousarray(column, dtype=np.float64)
        return values.ctypes.data_as(ctypes.c_void_p), values
    try:
        view = memoryview(column)
        if view.format == "d" and view.c_contiguous and not view.readonly:
            return _ctypes_view(column, ctypes.c_double, n), column
    except TypeError:
        pass
    try:
        if bool in set(map(type, column)):
            raise TypeError("bool is not a number")
        values = array.array("d", column)
    except TypeError:
        values = array.array("d", (none if _missing(v) else real(v, f"{name}: row {i}")
                                   for i, v in enumerate(column)))
    return _ctypes_view(values, ctypes.c_double, n), values


def _column(column, name):
    """A column as a sized sequence; a str, a mapping, a 2-D array or a
    DataFrame (a column name given twice) is refused."""
    if column is None:
        return None
    if isinstance(column, (str, bytes, bytearray, dict)):
        raise TypeError(f"{name}: expected a column of values, not {type(column).__name__}")
    if pd is not None and isinstance(column, pd.DataFrame):
        raise TypeError(f"{name}: a DataFrame, not one column (a column name given twice?)")
    if getattr(column, "ndim", 1) != 1:
        raise ValueError(f"{name}: expected one dimension, not {column.ndim}")
    if not hasattr(column, "__len__"):
        column = list(column)
    return column


def _attribute_columns(attributes, names):
    """{key bytes: (column, name)} of {key: column}; a key is text (the
    library checks it by the id rules and refuses one given twice)."""
    if attributes is None:
        return {}
    if not isinstance(attributes, dict):
        raise TypeError(f"attributes: expected a dict of key: column, not "
                        f"{type(attributes).__name__}")
    out = {}
    for key, column in attributes.items():
        if column is None:
            raise TypeError(f"attributes[{key!r}]: expected a column of values, not None")
        name = (names or {}).get(key) or f"attributes[{key!r}]"
        out[_text_arg(key, "attributes: key")] = (column, name)
    return out


def _json_value(v, where, row):
    """One value of a dict read from JSON as the JSON Lines reader keeps it:
    a bool or a number as its JSON text (`true`, `12`, `2.5`, as json.dumps
    writes it), None or NaN absent; a str as it is, anything else left for
    the column's own check. An object, an array or a non-finite number is
    no attribute value."""
    if isinstance(v, str) or v is None:
        return v
    if isinstance(v, bool) or (np is not None and isinstance(v, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, int) or (np is not None and isinstance(v, np.integer)):
        return str(int(v))
    if isinstance(v, float) or (np is not None and isinstance(v, np.floating)):
        if v != v:
            return None
        if not math.isfinite(v):
            raise ValueError(f"{where}: row {row}: {float(v)} is not a finite number")
        return json.dumps(float(v))
    if isinstance(v, (dict, list, tuple)):
        raise TypeError(f"{where}: row {row}: expected str, a number or a bool, "
                        f"not {type(v).__name__}")
    return None if _missing(v) else v


def json_texts(column, name):
    """An attribute column with its bools and floats as their JSON text
    (`true`, `2.5`, `100.0`), as an events file's attributes are kept and
    add_frame() takes a column of dicts; NaN is no attribute. Other
    columns are returned as they are. The distinct values are converted,
    not the rows: a column of numbers or of objects is factorized first
    (objects by identity, so that True and 1 stay apart)."""
    if isinstance(column, (list, tuple)) or np is None:
        kinds = (bool, float) if np is None else (bool, float, np.bool_, np.floating)
        if not any(isinstance(v, kinds) for v in column):
            return column
        return [_json_value(v, name, row) for row, v in enumerate(column)]
    if pd is None or isinstance(getattr(column, "dtype", None), pd.CategoricalDtype) or \
            isinstance(column, pd.Categorical):
        return column
    kind = getattr(column.dtype, "kind", "O")
    if kind == "O":
        values = np.asarray(column, dtype=object)
        if pd.api.types.infer_dtype(values, skipna=True) in ("string", "integer", "empty"):
            return column
        if values.ndim != 1:
            raise ValueError(f"{name}: expected one dimension, not {values.ndim}")
        if not len(values):
            return column
        codes, uniques = _distinct_objects(values)
    elif kind in "bf" or str(column.dtype) == "boolean":
        codes, uniques = _factorize(column)
        uniques = list(uniques)
    else:
        return column
    texts = []
    for k, v in enumerate(uniques):
        try:
            texts.append(_json_value(v, name, None))
        except (TypeError, ValueError):
            _json_value(v, name, _first(codes == k))
            raise
    table = np.empty(len(texts) + 1, dtype=object)
    table[:-1] = texts  # (texts are str or None: no sequence to unpack)
    return table[codes]  # code -1 (missing): the last entry, None


# The most attributes the library takes in one call (CJM_ATTRIBUTES_MAX).
ATTRIBUTES_MAX = 1000


def unpack_attributes(column, n, name="attributes"):
    """{key: list of n values} of a column of dicts, one per event (as
    pandas reads the events' JSON Lines): a key missing from a row, a
    missing row or a value None or NaN is None there (the event has no
    such attribute); bools and numbers become their JSON text."""
    _length(column, n, name)
    out = {}
    for row, item in enumerate(column):
        if isinstance(item, dict):
            for key, v in item.items():
                if key not in out:
                    if len(out) == ATTRIBUTES_MAX:
                        # Refused now, before a column of n values a key.
                        raise LimitError(f"{name}: row {row}: {key!r}: more than "
                                         f"{ATTRIBUTES_MAX} attribute keys in all rows",
                                         LimitError.status)
                    out[key] = [None] * n
                out[key][row] = _json_value(v, f"{name}: {key}", row)
        elif not _missing(item):
            raise TypeError(f"{name}: row {row}: expected a dict of key: value, or a missing "
                            f"value, not {type(item).__name__}")
    return out


class Columns:
    """The C arguments of one columns call, and what keeps them alive."""

    NAMES = ("customers", "at", "touchpoints", "channels", "stages", "scores", "scale_min",
             "scale_max")

    def __init__(self, customers, at, touchpoints, channels=None, stages=None,
                 scores=None, scale_min=None, scale_max=None, *, use_dictionary=False,
                 names=NAMES, attributes=None, attribute_names=None):
        """`names` name the columns in messages (a frame's column names);
        `attributes` is {key: column}, named by `attribute_names` {key:
        name} in messages (by default attributes[key])."""
        for column, name in zip((customers, at, touchpoints), names[:3]):
            if column is None:
                raise TypeError(f"{name}: expected a column of values, not None (the column "
                                "is required)")
        customers, at, touchpoints, channels, stages, scores = (
            _column(c, name) for c, name in
            zip((customers, at, touchpoints, channels, stages, scores), names))
        scale_min, scale_max = (c if isinstance(c, numbers.Real) else _column(c, name)
                                for c, name in zip((scale_min, scale_max), names[6:]))
        n = len(customers)
        self.n = n
        self.keep = []
        string_columns = (customers, touchpoints, channels, stages)
        attributes = _attribute_columns(attributes, attribute_names)
        if attributes and (np is None or not use_dictionary):
            raise UnsupportedError("attributes: event attributes need numpy and libcjm 1.1 "
                                   "(cjm_analysis_add_dictionary_with_attributes)")
        self.dictionary = use_dictionary and np is not None and (bool(attributes) or any(
            _is_numpy(c) or _is_pandas(c) for c in string_columns if c is not None))
        (c_name, at_name, t_name, ch_name, st_name, score_name, lo_name, hi_name) = names
        names = (c_name, t_name, ch_name, st_name)
        optional = (False, False, True, True)
        if self.dictionary:
            self.strings = [self._dictionary(c, n, nm, opt)
                            for c, nm, opt in zip(string_columns, names, optional)]
        else:
            self.strings = [packed(c, n, nm, opt) if c is not None else (None, 0)
                            for c, nm, opt in zip(string_columns, names, optional)]
        self.attributes = None
        if attributes:
            columns = []
            for key, (column, name) in attributes.items():
                column = _column(column, name)
                _length(column, n, name)
                d = self._dictionary(json_texts(column, name), n, name, True)
                self.keep.append(d)
                columns.append(AttributeColumn(key, None, ctypes.pointer(d)))
            self.attributes = (AttributeColumn * len(columns))(*columns)
        self.at = self._keep(times(at, n, at_name))
        if scores is None and (scale_min is not None or scale_max is not None):
            raise TypeError("scale_min, scale_max: given without scores")
        self.scores = self._keep(reals(scores, n, score_name, math.nan)) \
            if scores is not None else None
        if (scale_min is None) != (scale_max is None):
            # One bound alone is a scale half said: the default's other
            # bound would read every score on a scale nobody chose.
            raise TypeError(f"{lo_name}, {hi_name}: give both (the scale's min and max), "
                            "or neither for the default -2..2")
        # A missing value in a scale column (None, NaN, pd.NA) is NaN, which
        # the library refuses beside a score, naming the event: not the
        # default scale, which would read the score on a scale not meant.
        # One scale for every score, given as two numbers: the dictionary
        # call of 1.1 takes it as it is, not as two columns of n doubles.
        self.one_scale = None
        if self.dictionary and ONE_SCALE and isinstance(scale_min, numbers.Real) and \
                isinstance(scale_max, numbers.Real):
            self.one_scale = (real(scale_min, lo_name), real(scale_max, hi_name))
            scale_min = scale_max = None
        self.scale_min = self._keep(reals(scale_min, n, lo_name, math.nan)) \
            if scale_min is not None else None
        self.scale_max = self._keep(reals(scale_max, n, hi_name, math.nan)) \
            if scale_max is not None else None

    def _keep(self, pair):
        pointer, owner = pair
        self.keep.append(owner)
        return ctypes.cast(pointer, ctypes.c_void_p)

    def _dictionary(self, column, n, name, optional):
        if column is None:
            return None
        codes, data, offsets = _dictionary_arrays(column, n, name, optional)
        self.keep += [codes, data, offsets]
        return DictionaryColumn(codes.ctypes.data, len(offsets) - 1, offsets.ctypes.data, data)


def _dictionary_arrays(column, n, name, optional):
    """(codes int32, data, offsets) of a string column of any form."""
    if not (_is_numpy(column) or _is_pandas(column)):
        column = _object_array(column)
    codes, data, offsets = dictionary(column, n, name, optional)
    return np.ascontiguousarray(codes, dtype=np.int32), data, offsets
