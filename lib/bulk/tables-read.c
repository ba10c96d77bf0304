/* The functions of cjm/tables.h: the report read through its description
 * (cjmi_report_tables, lib/bulk/tables.c), with bounds, types, nulls,
 * absent values and the child rows of a table column, whatever the
 * description holds. */
#include <math.h>
#include <string.h>

#include "tables-private.h"
#include "../core/error.h"

#define D (&cjmi_report_tables)

static const cjmi_table *table_of(cjm_table t)
{
    /* An enum may hold any int: compare as unsigned so negatives fail too. */
    return (unsigned)t < D->count ? &D->tables[t] : NULL;
}

static const cjmi_column *column_of(cjm_table t, size_t c)
{
    const cjmi_table *tab = table_of(t);
    return tab && c < tab->column_count ? &tab->columns[c] : NULL;
}

CJM_EXPORT size_t cjm_table_count(void) { return D->count; }

CJM_EXPORT const char *cjm_table_name(cjm_table t)
{
    const cjmi_table *tab = table_of(t);
    return tab ? tab->name : NULL;
}

CJM_EXPORT bool cjm_table_keyed(cjm_table t)
{
    const cjmi_table *tab = table_of(t);
    return tab && tab->form == CJMI_KEYED;
}

CJM_EXPORT bool cjm_table_list(cjm_table t)
{
    const cjmi_table *tab = table_of(t);
    return tab && tab->form == CJMI_LIST;
}

CJM_EXPORT size_t cjm_table_column_count(cjm_table t)
{
    const cjmi_table *tab = table_of(t);
    return tab ? tab->column_count : 0;
}

CJM_EXPORT const char *cjm_table_column_name(cjm_table t, size_t c)
{
    const cjmi_column *col = column_of(t, c);
    return col ? col->name : NULL;
}

CJM_EXPORT cjm_status cjm_table_column_find(size_t *out, cjm_table t, const char *name)
{
    if (!out || !name)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_table_column_find: %s: NULL",
                         out ? "name" : "column");
    const cjmi_table *tab = table_of(t);
    if (!tab)
        return cjmi_fail(CJM_ERR_NOT_FOUND, "cjm_table_column_find: no table %d", (int)t);
    for (size_t c = 0; c < tab->column_count; c++)
        if (strcmp(tab->columns[c].name, name) == 0) {
            *out = c;
            return CJM_OK;
        }
    return cjmi_fail(CJM_ERR_NOT_FOUND, "cjm_table_column_find: %s: no column \"%s\"",
                     tab->name, name);
}

CJM_EXPORT cjm_value_type cjm_table_column_type(cjm_table t, size_t c)
{
    const cjmi_column *col = column_of(t, c);
    return col ? col->type : CJM_VALUE_COUNT;
}

CJM_EXPORT bool cjm_table_column_nullable(cjm_table t, size_t c)
{
    const cjmi_column *col = column_of(t, c);
    return col && col->nullable;
}

CJM_EXPORT bool cjm_table_column_optional(cjm_table t, size_t c)
{
    const cjmi_column *col = column_of(t, c);
    return col && col->nullable == CJMI_OPTIONAL;
}

CJM_EXPORT cjm_status cjm_table_column_table(cjm_table *out, cjm_table t, size_t c)
{
    if (!out)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_table_column_table: table: NULL");
    const cjmi_column *col = column_of(t, c);
    if (!col)
        return cjmi_fail(CJM_ERR_NOT_FOUND, "cjm_table_column_table: no column %zu in table %d",
                         c, (int)t);
    if (col->type != CJM_VALUE_TABLE)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_table_column_table: %s.%s holds no table",
                         D->tables[t].name, col->name);
    *out = col->child;
    return CJM_OK;
}

CJM_EXPORT size_t cjm_report_row_count(const cjm_report *r, cjm_table t)
{
    const cjmi_table *tab = table_of(t);
    return r && tab ? tab->rows(r) : 0;
}

/* Reads the value of column col, of any type, at a row the report has. */
static inline void read_known(cjmi_value *v, const cjm_report *r, const cjmi_column *col,
                              size_t row)
{
    *v = (cjmi_value){ 0 };
    if (col->get)
        col->get(v, r, row);
    else /* a column of the report's row that places its child whole */
        cjmi_set_rows(v, 0, cjm_report_row_count(r, col->child));
    /* Consumers ask whether a value is absent only of an optional column.
     * Each flag is tested on its own: a load of both bytes at once, just
     * after the getter stored one of them, waits for the store on every
     * value. */
    if (v->absent) {
        if (col->nullable == CJMI_OPTIONAL)
            v->null = true;
        else
            v->absent = false;
    }
    if (v->null && col->type == CJM_VALUE_TABLE)
        cjmi_set_rows(v, 0, 0);
}

/* Reads the value of column col of table t at row of r, of any type;
 * false when the report lacks the row. */
static bool read_column(cjmi_value *v, const cjm_report *r, cjm_table t,
                        const cjmi_column *col, size_t row)
{
    if (!r || row >= D->tables[t].rows(r))
        return false;
    read_known(v, r, col, row);
    return true;
}

/* Reads the value at (t, row, c) of r; NULL when the report lacks it. */
static const cjmi_column *read(cjmi_value *v, const cjm_report *r, cjm_table t, size_t row,
                               size_t c)
{
    const cjmi_column *col = column_of(t, c);
    return col && read_column(v, r, t, col, row) ? col : NULL;
}

CJM_EXPORT bool cjm_report_value_is_null(const cjm_report *r, cjm_table t, size_t row, size_t c)
{
    cjmi_value v;
    return read(&v, r, t, row, c) && v.null;
}

CJM_EXPORT bool cjm_report_value_is_absent(const cjm_report *r, cjm_table t, size_t row,
                                           size_t c)
{
    cjmi_value v;
    return read(&v, r, t, row, c) && v.absent;
}

/* Reads a value of the type `want` for the getter `func`; out is the
 * caller's pointer, checked for NULL. */
static cjm_status typed(cjmi_value *v, const void *out, const cjm_report *r, cjm_table t,
                        size_t row, size_t c, cjm_value_type want, const char *func)
{
    if (!out || !r)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, out ? "report" : "value");
    const cjmi_column *col = column_of(t, c);
    if (!col)
        return cjmi_fail(CJM_ERR_NOT_FOUND, "%s: no column %zu in table %d", func, c, (int)t);
    if (col->type != want)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s.%s is of another type", func,
                         D->tables[t].name, col->name);
    if (!read_column(v, r, t, col, row))
        return cjmi_fail(CJM_ERR_NOT_FOUND, "%s: %s: no row %zu", func, D->tables[t].name, row);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_report_child_rows(size_t *first, size_t *count, const cjm_report *r,
                                            cjm_table t, size_t row, size_t c)
{
    if (!first || !count)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_report_child_rows: %s: NULL",
                         first ? "count" : "first");
    cjmi_value v;
    cjm_status s = typed(&v, first, r, t, row, c, CJM_VALUE_TABLE, "cjm_report_child_rows");
    if (s == CJM_OK) {
        *first = v.as.rows.first;
        *count = v.as.rows.count;
    }
    return s;
}

CJM_EXPORT cjm_status cjm_report_value_count(uint64_t *out, const cjm_report *r, cjm_table t,
                                             size_t row, size_t c)
{
    cjmi_value v;
    cjm_status s = typed(&v, out, r, t, row, c, CJM_VALUE_COUNT, "cjm_report_value_count");
    if (s == CJM_OK)
        *out = v.null ? 0 : v.as.count;
    return s;
}

CJM_EXPORT cjm_status cjm_report_value_integer(int64_t *out, const cjm_report *r, cjm_table t,
                                               size_t row, size_t c)
{
    cjmi_value v;
    cjm_status s = typed(&v, out, r, t, row, c, CJM_VALUE_INTEGER, "cjm_report_value_integer");
    if (s == CJM_OK)
        *out = v.null ? CJM_UNSET : v.as.integer;
    return s;
}

CJM_EXPORT cjm_status cjm_report_value_real(double *out, const cjm_report *r, cjm_table t,
                                            size_t row, size_t c)
{
    cjmi_value v;
    cjm_status s = typed(&v, out, r, t, row, c, CJM_VALUE_REAL, "cjm_report_value_real");
    if (s == CJM_OK)
        *out = v.null ? NAN : v.as.real;
    return s;
}

CJM_EXPORT cjm_status cjm_report_value_text(const char **out, const cjm_report *r, cjm_table t,
                                            size_t row, size_t c)
{
    cjmi_value v;
    cjm_status s = typed(&v, out, r, t, row, c, CJM_VALUE_TEXT, "cjm_report_value_text");
    if (s == CJM_OK)
        *out = v.null ? NULL : v.as.text;
    return s;
}

CJM_EXPORT cjm_status cjm_report_value_boolean(bool *out, const cjm_report *r, cjm_table t,
                                               size_t row, size_t c)
{
    cjmi_value v;
    cjm_status s = typed(&v, out, r, t, row, c, CJM_VALUE_BOOLEAN, "cjm_report_value_boolean");
    if (s == CJM_OK)
        *out = !v.null && v.as.boolean;
    return s;
}

CJM_EXPORT cjm_status cjm_report_row_values(cjm_row_value *values, size_t n,
                                            const cjm_report *r, cjm_table t, size_t row)
{
    if (!values || !r)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_report_row_values: %s: NULL",
                         values ? "report" : "values");
    const cjmi_table *tab = table_of(t);
    if (!tab)
        return cjmi_fail(CJM_ERR_NOT_FOUND, "cjm_report_row_values: no table %d", (int)t);
    if (n > tab->column_count)
        return cjmi_fail(CJM_ERR_RANGE, "cjm_report_row_values: %s: %zu columns asked of %zu",
                         tab->name, n, tab->column_count);
    if (row >= tab->rows(r))
        return cjmi_fail(CJM_ERR_NOT_FOUND, "cjm_report_row_values: %s: no row %zu", tab->name,
                         row);
    for (size_t c = 0; c < n; c++) {
        const cjmi_column *col = &tab->columns[c];
        cjm_row_value *out = &values[c];
        read_known(out, r, col, row); /* the row is there: asked once above */
        if (!out->null)
            continue;
        /* A null value as the typed getters read it. */
        switch (col->type) {
        case CJM_VALUE_COUNT:
            out->as.count = 0;
            break;
        case CJM_VALUE_INTEGER:
            out->as.integer = CJM_UNSET;
            break;
        case CJM_VALUE_REAL:
            out->as.real = NAN;
            break;
        case CJM_VALUE_TEXT:
            out->as.text = NULL;
            break;
        case CJM_VALUE_BOOLEAN:
            out->as.boolean = false;
            break;
        case CJM_VALUE_TABLE: /* read_known gave it no rows */
            break;
        }
    }
    return CJM_OK;
}
