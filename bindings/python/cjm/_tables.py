"""The bulk report walked through the library's description of it
(cjm/tables.h): every table, every column with its name and type, read
with the typed getters. A figure the library adds appears here, in
to_dict(), tables() and to_frames(), with no code of its own."""
import ctypes
from functools import lru_cache

from ._capi import lib

__all__ = ["available", "describe", "document", "flat_rows"]

COUNT, INTEGER, REAL, TEXT, BOOLEAN, TABLE = range(6)
REPORT = 0


def available():
    """Whether the loaded libcjm describes its report (1.1 on)."""
    return hasattr(lib, "cjm_table_count")


class Column:
    __slots__ = ("index", "name", "type", "nullable", "child")

    def __init__(self, index, name, type_, nullable, child):
        self.index, self.name, self.type = index, name, type_
        self.nullable, self.child = nullable, child


class Table:
    __slots__ = ("index", "name", "keyed", "columns")

    def __init__(self, index, name, keyed, columns):
        self.index, self.name, self.keyed, self.columns = index, name, keyed, columns


@lru_cache(maxsize=1)
def describe():
    """Every table of this library's report, with its columns (fixed for a
    library, so read once)."""
    tables = []
    for t in range(lib.cjm_table_count()):
        columns = []
        for c in range(lib.cjm_table_column_count(t)):
            type_ = lib.cjm_table_column_type(t, c)
            child = None
            if type_ == TABLE:
                out = ctypes.c_int()
                lib.cjm_table_column_table(ctypes.byref(out), t, c)
                child = out.value
            columns.append(Column(c, lib.cjm_table_column_name(t, c).decode("utf-8"), type_,
                                  bool(lib.cjm_table_column_nullable(t, c)), child))
        tables.append(Table(t, lib.cjm_table_name(t).decode("utf-8"),
                            bool(lib.cjm_table_keyed(t)), tuple(columns)))
    return tuple(tables)


_READERS = {
    COUNT: (ctypes.c_uint64, "cjm_report_value_count"),
    INTEGER: (ctypes.c_int64, "cjm_report_value_integer"),
    REAL: (ctypes.c_double, "cjm_report_value_real"),
    TEXT: (ctypes.c_char_p, "cjm_report_value_text"),
    BOOLEAN: (ctypes.c_bool, "cjm_report_value_boolean"),
}


def value(r, table, row, column):
    """One scalar value: int, float, str, bool or None (null)."""
    if lib.cjm_report_value_is_null(r, table, row, column.index):
        return None
    reader = _READERS.get(column.type)
    if reader is None:  # a type newer than this binding: say so, never guess
        raise TypeError(f"report column {column.name!r}: value type {column.type} is not "
                        "known to this version of the cjm package")
    kind, name = reader
    out = kind()
    getattr(lib, name)(ctypes.byref(out), r, table, row, column.index)
    x = out.value
    if column.type == TEXT:
        return None if x is None else x.decode("utf-8")
    if column.type == REAL and x != x:
        return None
    return x


def _members(r, table, row, columns, skip):
    """The object made of `columns` of a row (their names share `skip`
    leading characters); null as a whole when every member is null."""
    obj, all_null, i = {}, True, 0
    while i < len(columns):
        name = columns[i].name[skip:]
        head, dot, _ = name.partition(".")
        if not dot:
            v = _value_or_table(r, table, row, columns[i])
            all_null = all_null and v is None
            obj[name] = v
            i += 1
            continue
        end = i + 1
        while end < len(columns) and columns[end].name[skip:].startswith(head + "."):
            end += 1
        sub, nulls = _members(r, table, row, columns[i:end], skip + len(head) + 1)
        obj[head] = None if nulls else sub
        all_null = all_null and nulls
        i = end
    return obj, all_null


def _value_or_table(r, table, row, column):
    if column.type == TABLE:
        return _table(r, column.child)
    return value(r, table, row, column)


def _table(r, t):
    desc = describe()[t]
    rows = lib.cjm_report_row_count(r, t)
    if desc.keyed:
        key, val = desc.columns[0], desc.columns[1]
        return {value(r, t, i, key): _value_or_table(r, t, i, val) for i in range(rows)}
    return [_members(r, t, i, desc.columns, 0)[0] for i in range(rows)]


def document(r):
    """The report as the cjm-report JSON document's data."""
    return _members(r, REPORT, 0, describe()[REPORT].columns, 0)[0]


def flat_rows(r):
    """Every table, as {name: (column names, rows, integer column names)}:
    one dict per row keyed by the columns' full (dotted) names; the
    report's own row too, under "report", without its columns that place
    other tables. Integer columns are the ones that may hold durations."""
    out = {}
    for desc in describe():
        names = [c.name for c in desc.columns if c.type != TABLE]
        rows = [{c.name: value(r, desc.index, i, c) for c in desc.columns if c.type != TABLE}
                for i in range(lib.cjm_report_row_count(r, desc.index))]
        out[desc.name] = (names, rows, [c.name for c in desc.columns if c.type == INTEGER])
    return out
