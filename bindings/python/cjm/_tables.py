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
    __slots__ = ("index", "name", "type", "nullable", "optional", "child")

    def __init__(self, index, name, type_, nullable, optional, child):
        self.index, self.name, self.type = index, name, type_
        self.nullable, self.optional, self.child = nullable, optional, child


class Table:
    __slots__ = ("index", "name", "keyed", "list", "columns")

    def __init__(self, index, name, keyed, list_, columns):
        self.index, self.name, self.keyed, self.columns = index, name, keyed, columns
        self.list = list_


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
                                  bool(lib.cjm_table_column_nullable(t, c)),
                                  bool(lib.cjm_table_column_optional(t, c)), child))
        tables.append(Table(t, lib.cjm_table_name(t).decode("utf-8"),
                            bool(lib.cjm_table_keyed(t)), bool(lib.cjm_table_list(t)),
                            tuple(columns)))
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


def absent(r, table, row, column):
    """Whether a value is left out of its row's object (not even null):
    only an optional column has such values."""
    return column.optional and bool(lib.cjm_report_value_is_absent(r, table, row,
                                                                    column.index))


def child_rows(r, table, row, column):
    """The range of the child's rows a table column places in a row."""
    first, count = ctypes.c_size_t(), ctypes.c_size_t()
    lib.cjm_report_child_rows(ctypes.byref(first), ctypes.byref(count), r, table, row,
                              column.index)
    return range(first.value, first.value + count.value)


def _members(r, table, row, columns, skip):
    """The object made of `columns` of a row (their names share `skip`
    leading characters), and whether every member is null and whether
    every member is absent: such an object is null, or left out, as a
    whole. An absent member is left out."""
    obj, all_null, all_absent, i = {}, True, True, 0
    while i < len(columns):
        name = columns[i].name[skip:]
        head, dot, _ = name.partition(".")
        if not dot:
            if not absent(r, table, row, columns[i]):
                v = _value_or_table(r, table, row, columns[i])
                all_null, all_absent = all_null and v is None, False
                obj[name] = v
            i += 1
            continue
        end = i + 1
        while end < len(columns) and columns[end].name[skip:].startswith(head + "."):
            end += 1
        sub, nulls, gone = _members(r, table, row, columns[i:end], skip + len(head) + 1)
        if not gone:
            obj[head] = None if nulls else sub
            all_null, all_absent = all_null and nulls, False
        i = end
    return obj, all_null, all_absent


def _value_or_table(r, table, row, column):
    if column.type != TABLE:
        return value(r, table, row, column)
    if lib.cjm_report_value_is_null(r, table, row, column.index):
        return None
    return _table(r, column.child, child_rows(r, table, row, column))


def _table(r, t, rows):
    """The rows `rows` of table t: a list of objects, a dict (keyed) or a
    list of values (a list table)."""
    desc = describe()[t]
    if desc.keyed:
        key, val = desc.columns[0], desc.columns[1]
        return {value(r, t, i, key): _value_or_table(r, t, i, val) for i in rows
                if not absent(r, t, i, val)}
    if desc.list:
        only = desc.columns[0]
        return [_value_or_table(r, t, i, only) for i in rows if not absent(r, t, i, only)]
    return [_members(r, t, i, desc.columns, 0)[0] for i in rows]


def document(r):
    """The report as the cjm-report JSON document's data."""
    return _members(r, REPORT, 0, describe()[REPORT].columns, 0)[0]


def _parents(r):
    """{child table: [parent row of each of its rows]} for the tables
    placed row by row by a column of another table than the report's."""
    parents = {}
    for desc in describe()[1:]:
        for column in desc.columns:
            if column.type != TABLE:
                continue
            of = parents.setdefault(column.child, {})
            for row in range(lib.cjm_report_row_count(r, desc.index)):
                if not lib.cjm_report_value_is_null(r, desc.index, row, column.index):
                    of.update(dict.fromkeys(child_rows(r, desc.index, row, column), row))
    return parents


PARENT_ROW = "parent_row"


def flat_rows(r):
    """Every table, as {name: (column names, rows, integer column names)}:
    one dict per row keyed by the columns' full (dotted) names; the
    report's own row too, under "report", without its columns that place
    other tables. Integer columns are the ones that may hold durations.
    A table without columns (not filled by this library) is left out.
    A table placed row by row in another (a segment's stages) starts with
    the column parent_row: the index of the row that holds it in that
    other table. An absent value is None, as a null one."""
    out, parents = {}, _parents(r)
    for desc in describe():
        if not desc.columns:  # a table this library does not fill yet
            continue
        names = [c.name for c in desc.columns if c.type != TABLE]
        rows = [{c.name: value(r, desc.index, i, c) for c in desc.columns if c.type != TABLE}
                for i in range(lib.cjm_report_row_count(r, desc.index))]
        if desc.index in parents:
            of = parents[desc.index]
            names = [PARENT_ROW] + names
            rows = [dict([(PARENT_ROW, of.get(i))] + list(row.items()))
                    for i, row in enumerate(rows)]
        out[desc.name] = (names, rows, [c.name for c in desc.columns if c.type == INTEGER])
    return out
