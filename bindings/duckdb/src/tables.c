/* A report's tables as table functions: cjm_stages(report),
 * cjm_touchpoints(report), cjm_channels(report), cjm_gaps_of(report), ...
 * one for each table the report document places at its top level, typed
 * rows in the report's order (the map's, for stages and touchpoints).
 *
 * Nothing here names a figure: the functions, their columns and their
 * types come from the library's description of the report (cjm/tables.h),
 * so a table or figure a later library adds appears without a change
 * here. A column's name is its member's path with '_' for '.'
 * (`transition_ms_p50`); a table inside a row (a stage's `exits`) is its
 * JSON. */
#include "cjm-duckdb.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cjm/tables.h>

/* What a table function is, from the description: fixed for the library. */
typedef struct table_info {
    cjm_table table;
    char path[128]; /* its place in the report document */
} table_info;

/* One call's rows: the parsed document and where the table is in it. */
typedef struct bind_data {
    json_t *root;
    json_t *rows;  /* an array (or, keyed, an object); NULL: none */
    size_t count;
    void *iter;    /* a keyed table's next member */
} bind_data;

typedef struct scan {
    size_t next;
} scan;

/* The member at a dotted path of an object, or NULL. */
static json_t *member(json_t *object, const char *path)
{
    char part[128];
    while (object && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof part)
            return NULL;
        memcpy(part, path, n);
        part[n] = '\0';
        object = json_is_object(object) ? json_object_get(object, part) : NULL;
        path += dot ? n + 1 : n;
    }
    return object;
}

static duckdb_logical_type column_type(cjm_value_type type)
{
    switch (type) {
    case CJM_VALUE_COUNT:
    case CJM_VALUE_INTEGER: return duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
    case CJM_VALUE_REAL: return duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
    case CJM_VALUE_BOOLEAN: return duckdb_create_logical_type(DUCKDB_TYPE_BOOLEAN);
    case CJM_VALUE_TABLE: return cjmdd_json_type();
    case CJM_VALUE_TEXT:
    default: return duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    }
}

static void free_bind(void *data)
{
    bind_data *b = data;
    json_decref(b->root);
    cjm_free(b);
}

static void bind(duckdb_bind_info info)
{
    const table_info *t = duckdb_bind_get_extra_info(info);
    duckdb_logical_type integer = duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
    duckdb_bind_add_result_column(info, "place", integer);
    duckdb_destroy_logical_type(&integer);
    size_t columns = cjm_table_column_count(t->table);
    for (size_t c = 0; c < columns; c++) {
        char name[128];
        snprintf(name, sizeof name, "%s", cjm_table_column_name(t->table, c));
        for (char *p = name; *p; p++)
            if (*p == '.')
                *p = '_';
        duckdb_logical_type type = column_type(cjm_table_column_type(t->table, c));
        duckdb_bind_add_result_column(info, name, type);
        duckdb_destroy_logical_type(&type);
    }
    bind_data *b = cjm_malloc(sizeof *b);
    if (!b) {
        duckdb_bind_set_error(info, "cjm: out of memory");
        return;
    }
    memset(b, 0, sizeof *b);
    duckdb_bind_set_bind_data(info, b, free_bind);
    duckdb_value report = duckdb_bind_get_parameter(info, 0);
    if (!report || duckdb_is_null_value(report)) {
        /* A NULL report (an aggregate over no rows) has no rows. */
        duckdb_destroy_value(&report);
        return;
    }
    char *text = duckdb_get_varchar(report);
    duckdb_destroy_value(&report);
    json_error_t why;
    b->root = text ? json_loads(text, 0, &why) : NULL;
    duckdb_free(text);
    json_t *format = b->root ? json_object_get(b->root, "format") : NULL;
    if (!b->root || !json_is_string(format) ||
        strcmp(json_string_value(format), "cjm-report") != 0) {
        char *m = cjmdd_format("cjm_%s: the argument is not a cjm-report document (the "
                               "result of cjm_analyze)",
                               cjm_table_name(t->table));
        duckdb_bind_set_error(info, m ? m : "cjm: out of memory");
        cjm_free(m);
        return;
    }
    json_t *rows = member(b->root, t->path);
    if (cjm_table_keyed(t->table) ? json_is_object(rows) : json_is_array(rows)) {
        b->rows = rows;
        b->count = json_is_object(rows) ? json_object_size(rows) : json_array_size(rows);
        b->iter = json_is_object(rows) ? json_object_iter(rows) : NULL;
    }
    duckdb_bind_set_cardinality(info, b->count, true);
}

static void init(duckdb_init_info info)
{
    scan *s = cjm_malloc(sizeof *s);
    if (!s) {
        duckdb_init_set_error(info, "cjm: out of memory");
        return;
    }
    s->next = 0;
    duckdb_init_set_init_data(info, s, cjm_free);
}

static void set_null(duckdb_vector v, idx_t row)
{
    duckdb_vector_ensure_validity_writable(v);
    duckdb_validity_set_row_invalid(duckdb_vector_get_validity(v), row);
}

/* Writes one value of the description's type, NULL when it is missing or
 * of another JSON type. */
static void put(duckdb_vector v, idx_t row, cjm_value_type type, json_t *value)
{
    switch (type) {
    case CJM_VALUE_COUNT:
    case CJM_VALUE_INTEGER:
        if (!json_is_integer(value))
            break;
        ((int64_t *)duckdb_vector_get_data(v))[row] = (int64_t)json_integer_value(value);
        return;
    case CJM_VALUE_REAL:
        if (!json_is_number(value))
            break;
        ((double *)duckdb_vector_get_data(v))[row] = json_number_value(value);
        return;
    case CJM_VALUE_BOOLEAN:
        if (!json_is_boolean(value))
            break;
        ((bool *)duckdb_vector_get_data(v))[row] = json_is_true(value);
        return;
    case CJM_VALUE_TEXT:
        if (!json_is_string(value))
            break;
        duckdb_vector_assign_string_element_len(v, row, json_string_value(value),
                                                json_string_length(value));
        return;
    case CJM_VALUE_TABLE: {
        if (!value || json_is_null(value))
            break;
        char *text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!text)
            break;
        duckdb_vector_assign_string_element_len(v, row, text, strlen(text));
        free(text);
        return;
    }
    }
    set_null(v, row);
}

static void produce(duckdb_function_info info, duckdb_data_chunk output)
{
    const table_info *t = duckdb_function_get_extra_info(info);
    bind_data *b = duckdb_function_get_bind_data(info);
    scan *s = duckdb_function_get_init_data(info);
    size_t columns = cjm_table_column_count(t->table);
    bool keyed = cjm_table_keyed(t->table), list = cjm_table_list(t->table);
    idx_t n = 0, size = duckdb_vector_size();
    while (n < size && s->next < b->count) {
        json_t *row = NULL, *key = NULL;
        if (keyed) {
            key = json_string(json_object_iter_key(b->iter));
            row = json_object_iter_value(b->iter);
            b->iter = json_object_iter_next(b->rows, b->iter);
        } else {
            row = json_array_get(b->rows, s->next);
        }
        s->next++;
        ((int32_t *)duckdb_vector_get_data(duckdb_data_chunk_get_vector(output, 0)))[n] =
            (int32_t)s->next;
        for (size_t c = 0; c < columns; c++) {
            json_t *value = keyed ? (c == 0 ? key : c == 1 ? row : NULL)
                            : list ? (c == 0 ? row : NULL)
                                   : member(row, cjm_table_column_name(t->table, c));
            put(duckdb_data_chunk_get_vector(output, c + 1), n,
                cjm_table_column_type(t->table, c), value);
        }
        json_decref(key);
        n++;
    }
    duckdb_data_chunk_set_size(output, n);
}

/* Every table the report places at its top level, found once. */
static table_info infos[64];
static size_t info_count;

static bool register_table(duckdb_connection connection, const table_info *t)
{
    char name[64];
    /* cjm_gaps is the map's own gaps; the report's are cjm_gaps_of. */
    snprintf(name, sizeof name, t->table == CJM_TABLE_GAPS ? "cjm_%s_of" : "cjm_%s",
             cjm_table_name(t->table));
    duckdb_table_function f = duckdb_create_table_function();
    duckdb_table_function_set_name(f, name);
    duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    duckdb_table_function_add_parameter(f, varchar);
    duckdb_destroy_logical_type(&varchar);
    duckdb_table_function_set_extra_info(f, (void *)(uintptr_t)t, NULL);
    duckdb_table_function_set_bind(f, bind);
    duckdb_table_function_set_init(f, init);
    duckdb_table_function_set_function(f, produce);
    bool ok = duckdb_register_table_function(connection, f) == DuckDBSuccess;
    duckdb_destroy_table_function(&f);
    return ok;
}

static void find_tables(void)
{
    {
        size_t columns = cjm_table_column_count(CJM_TABLE_REPORT);
        for (size_t c = 0; c < columns && info_count < sizeof infos / sizeof infos[0]; c++) {
            cjm_table child;
            if (cjm_table_column_type(CJM_TABLE_REPORT, c) != CJM_VALUE_TABLE ||
                cjm_table_column_table(&child, CJM_TABLE_REPORT, c) != CJM_OK)
                continue;
            infos[info_count].table = child;
            snprintf(infos[info_count].path, sizeof infos[info_count].path, "%s",
                     cjm_table_column_name(CJM_TABLE_REPORT, c));
            info_count++;
        }
    }
}

bool cjmdd_register_report_tables(duckdb_connection connection)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, find_tables);
    for (size_t i = 0; i < info_count; i++)
        if (!register_table(connection, &infos[i]))
            return false;
    return true;
}
