/* The cjm-report document (formats.md, "Report, JSON"), written by walking
 * the report's description (cjm/tables.h): every column becomes the member
 * its name says, so a figure the library describes appears here unasked. */
#include <math.h>
#include <string.h>

#include "json-private.h"
#include "cjm/tables.h"

typedef struct out {
    const cjm_report *report;
    int failed;
} out;

static void put(out *o, json_t *obj, const char *key, json_t *value)
{
    if (!value || !obj || json_object_set_new(obj, key, value) != 0) {
        o->failed = 1;
        if (value && !obj)
            json_decref(value);
    }
}

static void add(out *o, json_t *array, json_t *value)
{
    if (!array || json_array_append_new(array, value) != 0) {
        o->failed = 1;
        if (value && !array)
            json_decref(value);
    }
}

static json_t *table(out *o, cjm_table t, size_t first, size_t count);

/* Whether a value is left out of its object: asked only of an optional
 * column, the only kind that has absent values. */
static bool absent(out *o, cjm_table t, size_t row, size_t c)
{
    return cjm_table_column_optional(t, c) && cjm_report_value_is_absent(o->report, t, row, c);
}

/* The JSON value of one column of one row; JSON null when the value is
 * null. A table column is the run of its child's rows it places. */
static json_t *value(out *o, cjm_table t, size_t row, size_t c)
{
    const cjm_report *r = o->report;
    cjm_value_type type = cjm_table_column_type(t, c);
    if (cjm_report_value_is_null(r, t, row, c))
        return json_null();
    switch (type) {
    case CJM_VALUE_TABLE: {
        cjm_table child;
        size_t first = 0, count = 0;
        if (cjm_table_column_table(&child, t, c) != CJM_OK ||
            cjm_report_child_rows(&first, &count, r, t, row, c) != CJM_OK)
            return NULL;
        return table(o, child, first, count);
    }
    case CJM_VALUE_COUNT: {
        uint64_t n = 0;
        return cjm_report_value_count(&n, r, t, row, c) ? NULL : json_integer((json_int_t)n);
    }
    case CJM_VALUE_INTEGER: {
        int64_t n = 0;
        return cjm_report_value_integer(&n, r, t, row, c) ? NULL : json_integer(n);
    }
    case CJM_VALUE_REAL: {
        double x = NAN;
        return cjm_report_value_real(&x, r, t, row, c) ? NULL : json_real(x);
    }
    case CJM_VALUE_TEXT: {
        const char *s = NULL;
        return cjm_report_value_text(&s, r, t, row, c) || !s ? NULL : json_string(s);
    }
    case CJM_VALUE_BOOLEAN: {
        bool b = false;
        return cjm_report_value_boolean(&b, r, t, row, c) ? NULL : json_boolean(b);
    }
    default:
        return NULL; /* a type this writer does not know: fail, never guess */
    }
}

/* The object made of columns [lo, hi) of a row, whose names share their
 * first `skip` bytes (the object's path and its dot). *all_null tells
 * whether every member is null, so that the caller writes such a nested
 * object as null; *all_absent whether every member is absent, so that
 * the caller leaves it out. An absent member is left out. */
static json_t *members(out *o, cjm_table t, size_t row, size_t lo, size_t hi, size_t skip,
                       bool *all_null, bool *all_absent)
{
    json_t *obj = cjmj_new_object();
    *all_null = *all_absent = true;
    for (size_t c = lo; c < hi;) {
        const char *name = cjm_table_column_name(t, c) + skip;
        const char *dot = strchr(name, '.');
        if (!dot) {
            if (absent(o, t, row, c)) {
                c++;
                continue;
            }
            json_t *v = value(o, t, row, c++);
            *all_null = *all_null && json_is_null(v);
            *all_absent = false;
            put(o, obj, name, v);
            continue;
        }
        /* The columns of one object are next to each other. */
        size_t len = (size_t)(dot - name), end = c + 1;
        while (end < hi && strncmp(cjm_table_column_name(t, end) + skip, name, len + 1) == 0)
            end++;
        char key[64];
        if (len >= sizeof key) {
            o->failed = 1;
            return obj;
        }
        memcpy(key, name, len);
        key[len] = '\0';
        bool nulls, absent;
        json_t *sub = members(o, t, row, c, end, skip + len + 1, &nulls, &absent);
        c = end;
        if (absent) {
            json_decref(sub);
            continue;
        }
        if (nulls) {
            json_decref(sub);
            sub = json_null();
        }
        *all_null = *all_null && nulls;
        *all_absent = false;
        put(o, obj, key, sub);
    }
    return obj;
}

static json_t *row_object(out *o, cjm_table t, size_t row)
{
    bool nulls, absent;
    return members(o, t, row, 0, cjm_table_column_count(t), 0, &nulls, &absent);
}

/* The rows [first, first + count) of a table: an array of row objects;
 * for a keyed table one object; for a list an array of its one column's
 * values. An absent value is left out. */
static json_t *table(out *o, cjm_table t, size_t first, size_t count)
{
    const cjm_report *r = o->report;
    if (cjm_table_keyed(t)) {
        json_t *obj = cjmj_new_object();
        for (size_t i = first; i - first < count; i++) {
            const char *key = NULL;
            if (cjm_report_value_text(&key, r, t, i, 0) != CJM_OK || !key) {
                o->failed = 1;
                continue;
            }
            if (!absent(o, t, i, 1))
                put(o, obj, key, value(o, t, i, 1));
        }
        return obj;
    }
    bool list = cjm_table_list(t);
    json_t *array = json_array();
    for (size_t i = first; i - first < count; i++) {
        if (!list)
            add(o, array, row_object(o, t, i));
        else if (!absent(o, t, i, 0))
            add(o, array, value(o, t, i, 0));
    }
    return array;
}

static cjm_status write_report(const cjm_report *r, unsigned flags, char **result,
                               size_t *length, FILE *file, const char *path, const char *func)
{
    if (!r || (!result && !file && !path))
        return cjmj_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, r ? "output" : "report");
    out o = { r, 0 };
    json_t *doc = row_object(&o, CJM_TABLE_REPORT, 0);
    if (o.failed || !doc) {
        json_decref(doc);
        return cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    }
    return cjmj_emit(doc, flags, result, length, file, path, func);
}

CJM_EXPORT cjm_status cjm_json_write_report(char **result, size_t *length,
                                            const cjm_report *report, unsigned flags)
{
    return write_report(report, flags, result, length, NULL, NULL, "cjm_json_write_report");
}

CJM_EXPORT cjm_status cjm_json_write_report_file(FILE *file, const cjm_report *report,
                                                 unsigned flags)
{
    return write_report(report, flags, NULL, NULL, file, NULL, "cjm_json_write_report_file");
}

CJM_EXPORT cjm_status cjm_json_write_report_path(const char *path, const cjm_report *report,
                                                 unsigned flags)
{
    return write_report(report, flags, NULL, NULL, NULL, path, "cjm_json_write_report_path");
}
