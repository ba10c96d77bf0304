/* The functions of one journey map: cjm_channel_switches(map) and
 * cjm_gaps(map [, options]). Scalar functions, so a table of maps gives a
 * row per map. */
#include "cjm-duckdb.h"

#include <math.h>
#include <string.h>

/* The map (and options) of a row as a cache entry; NULL with the error
 * raised. */
static cjmdd_map *row_map(duckdb_function_info info, const char *name, duckdb_data_chunk input,
                          idx_t row)
{
    duckdb_vector v = duckdb_data_chunk_get_vector(input, 0);
    size_t map_length, options_length = 0;
    const char *map = cjmdd_string((const duckdb_string_t *)duckdb_vector_get_data(v) + row,
                                   &map_length);
    const char *options = NULL;
    if (duckdb_data_chunk_get_column_count(input) > 1) {
        duckdb_vector o = duckdb_data_chunk_get_vector(input, 1);
        uint64_t *validity = duckdb_vector_get_validity(o);
        if (!validity || duckdb_validity_row_is_valid(validity, row))
            options = cjmdd_string((const duckdb_string_t *)duckdb_vector_get_data(o) + row,
                                   &options_length);
    }
    char *error;
    cjmdd_map *e = cjmdd_map_get(map, map_length, options, options_length, &error);
    if (!e) {
        char *full = cjmdd_format("%s: %s", name, error ? error : "out of memory");
        duckdb_scalar_function_set_error(info, full ? full : "cjm: out of memory");
        cjm_free(full);
        cjm_free(error);
    }
    return e;
}

static bool row_is_null(duckdb_data_chunk input, idx_t row)
{
    uint64_t *validity = duckdb_vector_get_validity(duckdb_data_chunk_get_vector(input, 0));
    return validity && !duckdb_validity_row_is_valid(validity, row);
}

static void set_null(duckdb_vector v, idx_t row)
{
    duckdb_vector_ensure_validity_writable(v);
    duckdb_validity_set_row_invalid(duckdb_vector_get_validity(v), row);
}

/* cjm_channel_switches(map): how often the planned path changes channel. */
static void channel_switches(duckdb_function_info info, duckdb_data_chunk input,
                             duckdb_vector output)
{
    idx_t n = duckdb_data_chunk_get_size(input);
    int64_t *out = duckdb_vector_get_data(output);
    for (idx_t row = 0; row < n; row++) {
        if (row_is_null(input, row)) {
            set_null(output, row);
            continue;
        }
        cjmdd_map *e = row_map(info, "cjm_channel_switches", input, row);
        if (!e)
            return;
        size_t switches;
        cjm_status st = cjm_journey_channel_switches(&switches, e->journey);
        cjmdd_map_release(e);
        if (st != CJM_OK) {
            duckdb_scalar_function_set_error(info, cjm_last_error());
            return;
        }
        out[row] = (int64_t)switches;
    }
}

/* The members of a gap, in the order of the struct. */
enum { KIND, STAGE, TOUCHPOINT, TO_STAGE, VALUE, COUNT, SEVERITY, MESSAGE, MEMBERS };
static const char *const member_names[MEMBERS] = { "kind", "stage", "touchpoint", "to_stage",
                                                   "value", "count", "severity", "message" };

static void put_text(duckdb_vector v, idx_t row, const char *s)
{
    if (s)
        duckdb_vector_assign_string_element_len(v, row, s, strlen(s));
    else
        set_null(v, row);
}

static void put_real(duckdb_vector v, idx_t row, double x)
{
    if (isnan(x))
        set_null(v, row);
    else
        ((double *)duckdb_vector_get_data(v))[row] = x;
}

/* cjm_gaps(map [, options]): the map's own gaps, worst first. */
static void gaps(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output)
{
    idx_t n = duckdb_data_chunk_get_size(input);
    duckdb_vector child = duckdb_list_vector_get_child(output);
    idx_t used = duckdb_list_vector_get_size(output);
    for (idx_t row = 0; row < n; row++) {
        if (row_is_null(input, row)) {
            set_null(output, row);
            continue;
        }
        cjmdd_map *e = row_map(info, "cjm_gaps", input, row);
        if (!e)
            return;
        cjm_gap_list *list;
        cjm_status st = cjm_journey_gaps(&list, e->journey, e->options);
        cjmdd_map_release(e);
        if (st != CJM_OK) {
            duckdb_scalar_function_set_error(info, cjm_last_error());
            return;
        }
        size_t count = cjm_gap_list_count(list);
        if (duckdb_list_vector_reserve(output, used + count) != DuckDBSuccess) {
            cjm_gap_list_free(list);
            duckdb_scalar_function_set_error(info, "cjm_gaps: out of memory");
            return;
        }
        duckdb_vector m[MEMBERS];
        for (int k = 0; k < MEMBERS; k++)
            m[k] = duckdb_struct_vector_get_child(child, (idx_t)k);
        for (size_t i = 0; i < count; i++) {
            const cjm_gap *g = cjm_gap_list_get(list, i);
            idx_t at = used + i;
            put_text(m[KIND], at, cjm_gap_kind_name(cjm_gap_kind_of(g)));
            put_text(m[STAGE], at, cjm_gap_stage(g));
            put_text(m[TOUCHPOINT], at, cjm_gap_touchpoint(g));
            put_text(m[TO_STAGE], at, cjm_gap_to_stage(g));
            put_real(m[VALUE], at, cjm_gap_value(g));
            ((int64_t *)duckdb_vector_get_data(m[COUNT]))[at] = (int64_t)cjm_gap_count(g);
            put_real(m[SEVERITY], at, cjm_gap_severity(g));
            put_text(m[MESSAGE], at, cjm_gap_message(g));
        }
        cjm_gap_list_free(list);
        duckdb_list_entry *entries = duckdb_vector_get_data(output);
        entries[row].offset = used;
        entries[row].length = count;
        used += count;
        duckdb_list_vector_set_size(output, used);
    }
}

static duckdb_logical_type gap_type(void)
{
    duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    duckdb_logical_type real = duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
    duckdb_logical_type bigint = duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
    duckdb_logical_type types[MEMBERS] = { varchar, varchar, varchar, varchar,
                                           real, bigint, real, varchar };
    const char *names[MEMBERS];
    memcpy(names, member_names, sizeof names);
    duckdb_logical_type gap = duckdb_create_struct_type(types, names, MEMBERS);
    duckdb_logical_type list = duckdb_create_list_type(gap);
    duckdb_destroy_logical_type(&gap);
    duckdb_destroy_logical_type(&varchar);
    duckdb_destroy_logical_type(&real);
    duckdb_destroy_logical_type(&bigint);
    return list;
}

static duckdb_scalar_function scalar(const char *name, int parameters, duckdb_logical_type result,
                                     duckdb_scalar_function_t function)
{
    duckdb_scalar_function f = duckdb_create_scalar_function();
    duckdb_scalar_function_set_name(f, name);
    duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    for (int i = 0; i < parameters; i++)
        duckdb_scalar_function_add_parameter(f, varchar);
    duckdb_destroy_logical_type(&varchar);
    duckdb_scalar_function_set_return_type(f, result);
    duckdb_scalar_function_set_function(f, function);
    /* A NULL options argument means the defaults, so NULLs come in; a
     * NULL map gives NULL (checked in the functions). */
    duckdb_scalar_function_set_special_handling(f);
    return f;
}

bool cjmdd_register_journey_functions(duckdb_connection connection)
{
    duckdb_logical_type bigint = duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
    duckdb_logical_type list = gap_type();
    duckdb_scalar_function switches = scalar("cjm_channel_switches", 1, bigint, channel_switches);
    duckdb_scalar_function_set set = duckdb_create_scalar_function_set("cjm_gaps");
    duckdb_scalar_function plain = scalar("cjm_gaps", 1, list, gaps);
    duckdb_scalar_function with_options = scalar("cjm_gaps", 2, list, gaps);
    bool ok = duckdb_register_scalar_function(connection, switches) == DuckDBSuccess &&
              duckdb_add_scalar_function_to_set(set, plain) == DuckDBSuccess &&
              duckdb_add_scalar_function_to_set(set, with_options) == DuckDBSuccess &&
              duckdb_register_scalar_function_set(connection, set) == DuckDBSuccess;
    duckdb_destroy_scalar_function(&switches);
    duckdb_destroy_scalar_function(&plain);
    duckdb_destroy_scalar_function(&with_options);
    duckdb_destroy_scalar_function_set(&set);
    duckdb_destroy_logical_type(&bigint);
    duckdb_destroy_logical_type(&list);
    return ok;
}
