/* cjm_analyze(map, customer, at, touchpoint, channel, stage, score,
 * scale_min, scale_max [, options [, attribute]]): the bulk analysis as a DuckDB
 * aggregate. Each of DuckDB's threads feeds its rows to analyses of its
 * own (update), DuckDB folds them together (combine: cjm_analysis_merge,
 * which unites a customer's events whichever thread had them), and the
 * report is made once per group (finalize). The result does not depend on
 * how DuckDB splits the rows. */
#include "cjm-duckdb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjm/json.h>

/* A state as DuckDB holds it: nothing until the group's first row. */
typedef struct state {
    cjmdd_map *map;
    cjm_analysis *analysis;
} state;

enum { MAP, CUSTOMER, AT, TOUCHPOINT, CHANNEL, STAGE, SCORE, SCALE_MIN, SCALE_MAX, OPTIONS,
       ATTRIBUTE, ARGUMENTS };

static idx_t state_size(duckdb_function_info info)
{
    (void)info;
    return sizeof(state);
}

static void state_init(duckdb_function_info info, duckdb_aggregate_state s)
{
    (void)info;
    memset(s, 0, sizeof(state));
    cjmdd_state_made(s); /* when memory runs out, the state is refused when used */
}

static void state_destroy(duckdb_aggregate_state *states, idx_t count)
{
    for (idx_t i = 0; i < count; i++) {
        if (!cjmdd_state_destroyed(states[i]))
            continue; /* not a state: see states.c */
        state *s = (state *)states[i];
        cjm_analysis_free(s->analysis);
        cjmdd_map_release(s->map);
        s->analysis = NULL;
        s->map = NULL;
    }
}

/* One argument's column in a chunk. */
typedef struct column {
    void *data;
    uint64_t *validity; /* NULL: every row valid */
    duckdb_type type;
} column;

static bool valid(const column *c, idx_t row)
{
    /* An argument the call lacks (no options, no attribute) is NULL. */
    return c->data && c->type != DUCKDB_TYPE_SQLNULL &&
           cjmdd_valid(c->validity, row);
}

/* Row `row` of a VARCHAR column, or NULL. */
static const char *text(const column *c, idx_t row, size_t *length)
{
    *length = 0;
    return valid(c, row) ? cjmdd_string((const duckdb_string_t *)c->data + row, length) : NULL;
}

/* Floor division, for times before 1970. */
static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* A time beyond cjm's range stays beyond it: the library refuses it with
 * its own message. */
static int64_t scaled(int64_t seconds_or_days, int64_t factor)
{
    if (seconds_or_days > INT64_MAX / factor)
        return INT64_MAX;
    if (seconds_or_days < -(INT64_MAX / factor))
        return -INT64_MAX;
    return seconds_or_days * factor;
}

/* Row `row` of the time column as ms since 1970, CJM_UNSET for NULL;
 * false (with *error) for a text that is not a time. */
static bool time_of(const column *c, idx_t row, int64_t *ms, char **error)
{
    *ms = CJM_UNSET;
    if (!valid(c, row))
        return true;
    switch (c->type) {
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ: {
        int64_t us = ((const int64_t *)c->data)[row];
        *ms = us == INT64_MAX || us == -INT64_MAX ? us : floor_div(us, 1000);
        return true;
    }
    case DUCKDB_TYPE_TIMESTAMP_MS:
        *ms = ((const int64_t *)c->data)[row];
        return true;
    case DUCKDB_TYPE_TIMESTAMP_NS:
        *ms = floor_div(((const int64_t *)c->data)[row], 1000000);
        return true;
    case DUCKDB_TYPE_TIMESTAMP_S:
        *ms = scaled(((const int64_t *)c->data)[row], 1000);
        return true;
    case DUCKDB_TYPE_DATE: {
        int32_t days = ((const int32_t *)c->data)[row];
        *ms = days == INT32_MAX || days == -INT32_MAX ? INT64_MAX : scaled(days, 86400000);
        return true;
    }
    case DUCKDB_TYPE_VARCHAR: {
        size_t length;
        const char *t = cjmdd_string((const duckdb_string_t *)c->data + row, &length);
        char buf[64];
        if (length >= sizeof buf || memchr(t, '\0', length)) {
            *error = cjmdd_format("at: not an ISO 8601 time");
            return false;
        }
        memcpy(buf, t, length);
        buf[length] = '\0';
        if (cjm_time_parse(ms, buf) != CJM_OK) {
            *error = cjmdd_format("at: \"%s\" is not an ISO 8601 time with an offset", buf);
            return false;
        }
        return true;
    }
    default:
        *error = cjmdd_format("at: expected a TIMESTAMP, TIMESTAMP WITH TIME ZONE, "
                              "TIMESTAMP_S/_MS/_NS, DATE or ISO 8601 text");
        return false;
    }
}

/* A customer as a message shows it: quoted, control characters as \xNN,
 * cut after 64 bytes (at a character's start). */
static void shown(char *out, size_t size, const char *customer, size_t length)
{
    if (!customer) {
        snprintf(out, size, "NULL");
        return;
    }
    size_t cut = length > 64 ? 64 : length, o = 0;
    while (cut < length && cut > 0 && ((unsigned char)customer[cut] & 0xC0) == 0x80)
        cut--;
    out[o++] = '"';
    for (size_t i = 0; i < cut && o + 8 < size; i++) {
        unsigned char c = (unsigned char)customer[i];
        if (c < 0x20 || c == 0x7f)
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
        else
            out[o++] = (char)c;
    }
    snprintf(out + o, size - o, cut < length ? "\"..." : "\"");
}

/* Raises the row's problem as the query's error, naming its customer and
 * time. Takes `message` (cjm_free()). */
static void row_error(duckdb_function_info info, const column *cols, idx_t row, char *message)
{
    size_t length;
    const char *customer = text(&cols[CUSTOMER], row, &length);
    char who[300], when[64] = "no time";
    shown(who, sizeof who, customer, length);
    int64_t ms;
    char *ignored = NULL;
    if (time_of(&cols[AT], row, &ms, &ignored) && ms != CJM_UNSET &&
        cjm_time_format(when, sizeof when, ms) != CJM_OK)
        snprintf(when, sizeof when, "a time out of range");
    cjm_free(ignored);
    char *full = cjmdd_format("cjm_analyze: customer %s, at %s: %s%s", who, when,
                              message ? message : "out of memory",
                              " (correct the row, or count such rows instead with the option "
                              "{\"lenient\": true})");
    duckdb_aggregate_function_set_error(info, full ? full : "cjm_analyze: out of memory");
    cjm_free(full);
    cjm_free(message);
}

static void fail(duckdb_function_info info, char *message);

/* Whether a state pointer DuckDB passed is one of its states; raises the
 * error when it is not (states.c says when that happens). */
static bool known(duckdb_function_info info, const void *s)
{
    if (cjmdd_state_known(s))
        return true;
    fail(info, cjmdd_format("cannot run as a window function (OVER) or with ORDER BY inside "
                            "its call, where DuckDB's C API does not give an aggregate its "
                            "states: aggregate with GROUP BY instead (each customer's events "
                            "are ordered by time without ORDER BY)"));
    return false;
}

static void fail(duckdb_function_info info, char *message)
{
    char *full = cjmdd_format("cjm_analyze: %s", message ? message : "out of memory");
    duckdb_aggregate_function_set_error(info, full ? full : "cjm_analyze: out of memory");
    cjm_free(full);
    cjm_free(message);
}

/* What the library takes of one run of rows (those of one state): the
 * string arguments as dictionaries, the others as columns. Made once per
 * chunk and reused by its runs. */
enum { STRINGS = 5 };
static const int string_arguments[STRINGS] = { CUSTOMER, TOUCHPOINT, CHANNEL, STAGE, ATTRIBUTE };
typedef struct batch {
    cjmdd_dictionary strings[STRINGS];
    int64_t *at;
    double *scores, *low, *high;
} batch;

static bool batch_make(batch *b, idx_t n)
{
    memset(b, 0, sizeof *b);
    b->at = cjm_malloc((n ? n : 1) * (sizeof(int64_t) + 3 * sizeof(double)));
    if (!b->at)
        return false;
    b->scores = (double *)(void *)(b->at + n);
    b->low = b->scores + n;
    b->high = b->low + n;
    return true;
}

static void batch_free(batch *b)
{
    for (int k = 0; k < STRINGS; k++)
        cjmdd_dictionary_free(&b->strings[k]);
    cjm_free(b->at);
}

/* The library's message without its "cjm_analysis_add_columns: event N: "
 * prefix, and N. */
static char *event_message(size_t *event)
{
    const char *m = cjm_last_error();
    const char *at = strstr(m, ": event ");
    *event = 0;
    if (at) {
        char *end;
        *event = (size_t)strtoull(at + 8, &end, 10);
        if (end[0] == ':' && end[1] == ' ')
            m = end + 2;
    }
    return cjmdd_format("%s", m);
}

/* The state's analysis of the run's map and options, made on its first
 * row; false (the error raised) when they cannot be read or differ from
 * the state's. */
static bool check_map(duckdb_function_info info, state *s, const column *cols, idx_t row,
                      bool has_options, const char **seen_map, const char **seen_options,
                      cjmdd_map **seen_entry)
{
    size_t map_length, options_length = 0;
    const char *map = text(&cols[MAP], row, &map_length);
    const char *options = has_options ? text(&cols[OPTIONS], row, &options_length) : NULL;
    if (!map) {
        fail(info, cjmdd_format("the map is NULL"));
        return false;
    }
    /* Within one chunk, a value's bytes stay where they are: a map seen
     * at the same place is the same map (DuckDB gives a constant's bytes
     * at one place for every row). */
    if (*seen_entry && map == *seen_map && options == *seen_options &&
        (!s->map || s->map == *seen_entry)) {
        if (!s->map) {
            cjmdd_map_keep(*seen_entry);
            s->map = *seen_entry;
        }
    } else if (!s->map) {
        char *error;
        cjmdd_map *e = cjmdd_map_get(map, map_length, options, options_length, &error);
        if (!e) {
            fail(info, error);
            return false;
        }
        s->map = e;
    } else if (!(map_length == s->map->map_length &&
                 memcmp(map, s->map->map_text, map_length) == 0)) {
        fail(info, cjmdd_format("the map differs from row to row: give cjm_analyze the same "
                                "map on every row of a group"));
        return false;
    } else if (!(options ? s->map->options_text && options_length == s->map->options_length &&
                               memcmp(options, s->map->options_text, options_length) == 0
                         : !s->map->options_text)) {
        fail(info, cjmdd_format("the options differ from row to row: give cjm_analyze the "
                                "same options on every row of a group"));
        return false;
    }
    *seen_map = map;
    *seen_options = options;
    *seen_entry = s->map;
    if (!s->analysis) {
        /* The analysis reads the entry's journey, which the state holds
         * (s->map) until the analysis is freed: no copy per group. */
        s->analysis = cjm_analysis_new_shared(s->map->journey, s->map->options);
        if (!s->analysis) {
            fail(info, cjmdd_format("%s", cjm_last_error()));
            return false;
        }
    }
    return true;
}

/* Whether row i of the run holds a NUL byte in a string argument; in
 * lenient mode such an event is made one without a customer, which the
 * library rejects and counts as it counts a missing id. */
static bool holds_nul(batch *b, size_t i, bool lenient)
{
    bool nul = false;
    for (int k = 0; k < STRINGS; k++)
        if (b->strings[k].nul && b->strings[k].codes[i] == CJMDD_NUL) {
            nul = true;
            b->strings[k].codes[i] = CJMDD_NONE;
        }
    if (nul && lenient)
        b->strings[0].codes[i] = CJMDD_NONE;
    return nul;
}

/* Adds rows [from, to) of the chunk, all of state s. */
static bool add_run(duckdb_function_info info, state *s, const column *cols, idx_t from,
                    idx_t to, batch *b)
{
    bool lenient = cjm_options_lenient(s->map->options);
    /* The attribute argument is the value of the breakdown's key. */
    const char *key = cjm_options_breakdown(s->map->options);
    cjm_attribute_column attribute = { key && key[0] != '@' ? key : NULL, NULL,
                                       &b->strings[STRINGS - 1].column };
    bool nul = false;
    for (int k = 0; k < STRINGS; k++) {
        const column *c = &cols[string_arguments[k]];
        if (string_arguments[k] == ATTRIBUTE && !attribute.key)
            continue;
        bool given = c->data && c->type != DUCKDB_TYPE_SQLNULL;
        if (!cjmdd_dictionary_fill(&b->strings[k], given ? c->data : NULL, c->validity, from,
                                   to)) {
            fail(info, NULL);
            return false;
        }
        nul |= b->strings[k].nul;
    }
    size_t n = to - from;
    for (idx_t row = from; row < to; row++) {
        size_t i = row - from;
        if (!attribute.key && valid(&cols[ATTRIBUTE], row)) {
            row_error(info, cols, row,
                      cjmdd_format("attribute: the value of the breakdown's attribute key, "
                                   "which the options name ({\"breakdown\": \"plan\"}); "
                                   "these options have %s",
                                   cjm_options_breakdown(s->map->options)
                                       ? "a cohort breakdown, which takes no attribute"
                                       : "no breakdown"));
            return false;
        }
        if (nul && holds_nul(b, i, lenient) && !lenient) {
            row_error(info, cols, row, cjmdd_format("an id or channel holds a NUL byte"));
            return false;
        }
        char *error = NULL;
        if (!time_of(&cols[AT], row, &b->at[i], &error)) {
            if (!lenient) {
                row_error(info, cols, row, error);
                return false;
            }
            cjm_free(error);
            b->at[i] = CJM_UNSET;
        }
        /* NULL: no feedback. NaN is a bad score (the library takes NaN
         * for none: say it here). */
        double score = valid(&cols[SCORE], row) ? ((const double *)cols[SCORE].data)[row] : NAN;
        if (valid(&cols[SCORE], row) && isnan(score)) {
            if (!lenient) {
                row_error(info, cols, row, cjmdd_format("score: NaN"));
                return false;
            }
            score = INFINITY;
        }
        b->scores[i] = score;
        b->low[i] = valid(&cols[SCALE_MIN], row) ? ((const double *)cols[SCALE_MIN].data)[row]
                                                 : CJM_DEFAULT_SCALE_MIN;
        b->high[i] = valid(&cols[SCALE_MAX], row) ? ((const double *)cols[SCALE_MAX].data)[row]
                                                  : CJM_DEFAULT_SCALE_MAX;
    }
    cjm_status st = cjm_analysis_add_dictionary_with_attributes(
        s->analysis, n, &b->strings[0].column, b->at, &b->strings[1].column,
        &b->strings[2].column, &b->strings[3].column, b->scores, b->low, b->high, &attribute,
        attribute.key ? 1 : 0);
    if (st == CJM_OK)
        return true;
    size_t event;
    char *message = event_message(&event);
    if (st == CJM_ERR_NOMEM || event >= n)
        fail(info, message);
    else
        row_error(info, cols, from + event, message);
    return false;
}

static void update(duckdb_function_info info, duckdb_data_chunk input,
                   duckdb_aggregate_state *states)
{
    idx_t n = duckdb_data_chunk_get_size(input);
    idx_t count = duckdb_data_chunk_get_column_count(input);
    column cols[ARGUMENTS];
    memset(cols, 0, sizeof cols);
    for (idx_t i = 0; i < count && i < ARGUMENTS; i++) {
        duckdb_vector v = duckdb_data_chunk_get_vector(input, i);
        duckdb_logical_type t = duckdb_vector_get_column_type(v);
        cols[i].type = duckdb_get_type_id(t);
        duckdb_destroy_logical_type(&t);
        cols[i].data = duckdb_vector_get_data(v);
        cols[i].validity = duckdb_vector_get_validity(v);
    }
    batch b;
    if (!batch_make(&b, n)) {
        fail(info, NULL);
        return;
    }
    /* Every state first, before any row changes one: a refused call
     * leaves no analysis behind in a state DuckDB will not destroy. */
    for (idx_t row = 0; row < n; row++)
        if ((row == 0 || states[row] != states[row - 1]) && !known(info, states[row]))
            goto done;
    const char *seen_map = NULL, *seen_options = NULL;
    cjmdd_map *seen_entry = NULL;
    idx_t from = 0;
    while (from < n) {
        state *s = (state *)states[from];
        idx_t to = from + 1;
        while (to < n && states[to] == states[from])
            to++;
        for (idx_t row = from; row < to; row++)
            if (!check_map(info, s, cols, row, count > OPTIONS, &seen_map, &seen_options,
                           &seen_entry))
                goto done;
        if (!add_run(info, s, cols, from, to, &b))
            goto done;
        from = to;
    }
done:
    batch_free(&b);
}

static void combine(duckdb_function_info info, duckdb_aggregate_state *source,
                    duckdb_aggregate_state *target, idx_t count)
{
    for (idx_t i = 0; i < count; i++) {
        if (!known(info, source[i]) || !known(info, target[i]))
            return;
        state *from = (state *)source[i], *into = (state *)target[i];
        if (!from->analysis)
            continue;
        if (!into->analysis) {
            /* DuckDB may combine one source into several targets (window
             * frames), so the source is copied, never taken. */
            into->analysis = cjm_analysis_new_shared(from->map->journey, from->map->options);
            if (!into->analysis) {
                fail(info, cjmdd_format("%s", cjm_last_error()));
                return;
            }
            cjmdd_map_keep(from->map);
            cjmdd_map_release(into->map);
            into->map = from->map;
        } else if (into->map != from->map) {
            fail(info, cjmdd_format("partials made with different maps or options: give "
                                    "cjm_analyze the same map and options on every row of "
                                    "a group"));
            return;
        }
        if (cjm_analysis_merge(into->analysis, from->analysis) != CJM_OK) {
            fail(info, cjmdd_format("%s", cjm_last_error()));
            return;
        }
    }
}

static void finalize(duckdb_function_info info, duckdb_aggregate_state *source,
                     duckdb_vector result, idx_t count, idx_t offset)
{
    for (idx_t i = 0; i < count; i++) {
        if (!known(info, source[i]))
            return;
        const state *s = (const state *)source[i];
        if (!s->analysis) {
            /* A group without rows: NULL, as SQL's aggregates give. */
            duckdb_vector_ensure_validity_writable(result);
            duckdb_validity_set_row_invalid(duckdb_vector_get_validity(result), offset + i);
            continue;
        }
        cjm_report *report = NULL;
        char *json = NULL;
        size_t length = 0;
        if (cjm_analysis_report(&report, s->analysis) != CJM_OK ||
            cjm_json_write_report(&json, &length, report, 0) != CJM_OK) {
            cjm_report_free(report);
            fail(info, cjmdd_format("%s", cjm_last_error()));
            return;
        }
        cjm_report_free(report);
        duckdb_vector_assign_string_element_len(result, offset + i, json, length);
        cjm_free(json);
    }
}

static duckdb_aggregate_function make(int parameters)
{
    duckdb_aggregate_function f = duckdb_create_aggregate_function();
    duckdb_aggregate_function_set_name(f, "cjm_analyze");
    duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    duckdb_logical_type any = duckdb_create_logical_type(DUCKDB_TYPE_ANY);
    duckdb_logical_type real = duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
    duckdb_logical_type json = cjmdd_json_type();
    const duckdb_logical_type params[ARGUMENTS] = { varchar, varchar, any,  varchar,
                                                    varchar, varchar, real, real,
                                                    real,    varchar, varchar };
    for (int i = 0; i < parameters; i++)
        duckdb_aggregate_function_add_parameter(f, params[i]);
    duckdb_aggregate_function_set_return_type(f, json);
    duckdb_aggregate_function_set_functions(f, state_size, state_init, update, combine, finalize);
    duckdb_aggregate_function_set_destructor(f, state_destroy);
    /* NULLs reach the aggregate: a NULL channel, stage or score is an
     * event without one, not a row to skip. */
    duckdb_aggregate_function_set_special_handling(f);
    duckdb_destroy_logical_type(&varchar);
    duckdb_destroy_logical_type(&any);
    duckdb_destroy_logical_type(&real);
    duckdb_destroy_logical_type(&json);
    return f;
}

bool cjmdd_register_aggregate(duckdb_connection connection)
{
    duckdb_aggregate_function_set set = duckdb_create_aggregate_function_set("cjm_analyze");
    duckdb_aggregate_function plain = make(OPTIONS), with_options = make(ATTRIBUTE),
                              with_attribute = make(ARGUMENTS);
    bool ok = duckdb_add_aggregate_function_to_set(set, plain) == DuckDBSuccess &&
              duckdb_add_aggregate_function_to_set(set, with_options) == DuckDBSuccess &&
              duckdb_add_aggregate_function_to_set(set, with_attribute) == DuckDBSuccess &&
              duckdb_register_aggregate_function_set(connection, set) == DuckDBSuccess;
    duckdb_destroy_aggregate_function(&plain);
    duckdb_destroy_aggregate_function(&with_options);
    duckdb_destroy_aggregate_function(&with_attribute);
    duckdb_destroy_aggregate_function_set(&set);
    return ok;
}
