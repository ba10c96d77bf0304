/* The extension's entry point, and what its functions share: maps and
 * options read once per distinct text, messages. */
#define DUCKDB_EXTENSION_NAME cjm
#include "cjm-duckdb.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include <cjm/json.h>

char *cjmdd_format(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (n < 0)
        return NULL;
    char *out = cjm_malloc((size_t)n + 1);
    if (!out)
        return NULL;
    va_start(args, format);
    vsnprintf(out, (size_t)n + 1, format, args);
    va_end(args);
    return out;
}

duckdb_logical_type cjmdd_json_type(void)
{
    duckdb_logical_type t = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    duckdb_logical_type_set_alias(t, "JSON");
    return t;
}

static const char options_hint[] =
    "options: min_customers, min_feedback, max_segments, max_paths, max_flow_edges (whole "
    "numbers), breakdown (an attribute key, @day, @week or @month), pain_threshold, "
    "drop_threshold, silent_threshold, backtrack_threshold, switch_threshold "
    "(finite numbers), confidence (0, or from 0.5 to below 1), lenient (true or false), "
    "default_channel (a channel token such as \"web\")";

/* Applies one option; NULL, or what is wrong with it. */
static const char *apply_option(cjm_options *o, const char *key, json_t *v)
{
    static const struct {
        const char *key;
        cjm_status (*set)(cjm_options *, double);
    } rates[] = {
        { "pain_threshold", cjm_options_set_pain_threshold },
        { "drop_threshold", cjm_options_set_drop_threshold },
        { "silent_threshold", cjm_options_set_silent_threshold },
        { "backtrack_threshold", cjm_options_set_backtrack_threshold },
        { "switch_threshold", cjm_options_set_switch_threshold },
        { "confidence", cjm_options_set_confidence },
    };
    if (strcmp(key, "lenient") == 0) {
        if (!json_is_boolean(v))
            return "expected true or false";
        return cjm_options_set_lenient(o, json_is_true(v)) == CJM_OK ? NULL : cjm_last_error();
    }
    if (strcmp(key, "default_channel") == 0) {
        if (json_is_null(v))
            return cjm_options_set_default_channel(o, NULL) == CJM_OK ? NULL : cjm_last_error();
        if (!json_is_string(v))
            return "expected a channel as text";
        return cjm_options_set_default_channel(o, json_string_value(v)) == CJM_OK
                   ? NULL
                   : cjm_last_error();
    }
    if (strcmp(key, "breakdown") == 0) {
        if (!json_is_null(v) && !json_is_string(v))
            return "expected an attribute key, @day, @week or @month";
        return cjm_options_set_breakdown(o, json_string_value(v)) == CJM_OK ? NULL
                                                                             : cjm_last_error();
    }
    static const struct {
        const char *key;
        cjm_status (*set)(cjm_options *, uint64_t);
    } counts[] = {
        { "min_customers", cjm_options_set_min_customers },
        { "min_feedback", cjm_options_set_min_feedback },
        { "max_segments", cjm_options_set_max_segments },
        { "max_paths", cjm_options_set_max_paths },
        { "max_flow_edges", cjm_options_set_max_flow_edges },
    };
    size_t count = 0, count_count = sizeof counts / sizeof counts[0];
    while (count < count_count && strcmp(key, counts[count].key) != 0)
        count++;
    bool whole = count < count_count;
    size_t rate = 0;
    size_t rate_count = sizeof rates / sizeof rates[0];
    while (!whole && rate < rate_count && strcmp(key, rates[rate].key) != 0)
        rate++;
    if (!whole && rate == rate_count)
        return "not an option";
    if (!json_is_number(v))
        return "expected a number";
    double x = json_number_value(v);
    if (whole) {
        if (json_is_integer(v) ? json_integer_value(v) < 0 : !(x >= 0 && x <= 1e18 && x == floor(x)))
            return "expected a whole number from 0";
        uint64_t n = json_is_integer(v) ? (uint64_t)json_integer_value(v) : (uint64_t)x;
        return counts[count].set(o, n) == CJM_OK ? NULL : cjm_last_error();
    }
    if (!isfinite(x))
        return "expected a finite number";
    return rates[rate].set(o, x) == CJM_OK ? NULL : cjm_last_error();
}

cjm_options *cjmdd_read_options(const char *text, size_t length, char **error)
{
    *error = NULL;
    cjm_options *o = cjm_options_new();
    if (!o || cjm_options_set_threads(o, 1) != CJM_OK) {
        cjm_options_free(o);
        *error = cjmdd_format("out of memory");
        return NULL;
    }
    if (!text)
        return o;
    json_error_t why;
    json_t *root = json_loadb(text, length, JSON_REJECT_DUPLICATES, &why);
    if (!root || !json_is_object(root)) {
        *error = root ? cjmdd_format("options: expected a JSON object (%s)", options_hint)
                      : cjmdd_format("options: not JSON: %s (line %d, column %d)", why.text,
                                     why.line, why.column);
        json_decref(root);
        cjm_options_free(o);
        return NULL;
    }
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value) {
        const char *wrong = apply_option(o, key, value);
        if (wrong) {
            *error = cjmdd_format("options: \"%s\": %s (%s)", key, wrong, options_hint);
            json_decref(root);
            cjm_options_free(o);
            return NULL;
        }
    }
    json_decref(root);
    return o;
}

/* The entries in use, under one lock: a query looks one up once per
 * state, not per row. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cjmdd_map *cache;

static bool same_text(const char *a, size_t a_length, const char *b, size_t b_length)
{
    if (!a || !b)
        return !a && !b;
    return a_length == b_length && memcmp(a, b, a_length) == 0;
}

static char *copy(const char *text, size_t length)
{
    char *out = cjm_malloc(length + 1);
    if (out) {
        memcpy(out, text, length);
        out[length] = '\0';
    }
    return out;
}

static void free_entry(cjmdd_map *e)
{
    if (!e)
        return;
    cjm_journey_free(e->journey);
    cjm_options_free(e->options);
    cjm_free(e->map_text);
    cjm_free(e->options_text);
    cjm_free(e);
}

/* A new entry, outside the lock: reading a map takes time. */
static cjmdd_map *make_entry(const char *map, size_t map_length, const char *options,
                             size_t options_length, char **error)
{
    cjmdd_map *e = cjm_malloc(sizeof *e);
    if (!e) {
        *error = cjmdd_format("out of memory");
        return NULL;
    }
    memset(e, 0, sizeof *e);
    e->map_text = copy(map, map_length);
    e->map_length = map_length;
    e->options_text = options ? copy(options, options_length) : NULL;
    e->options_length = options_length;
    if (!e->map_text || (options && !e->options_text)) {
        free_entry(e);
        *error = cjmdd_format("out of memory");
        return NULL;
    }
    if (memchr(map, '\0', map_length)) {
        free_entry(e);
        *error = cjmdd_format("map: the text holds a NUL byte");
        return NULL;
    }
    if (cjm_json_read_journey(&e->journey, e->map_text, map_length, "map") != CJM_OK) {
        *error = cjmdd_format("%s", cjm_last_error());
        free_entry(e);
        return NULL;
    }
    e->options = cjmdd_read_options(e->options_text, options_length, error);
    if (!e->options) {
        free_entry(e);
        return NULL;
    }
    return e;
}

/* The entry of these texts, one more user counted; the lock is held. */
static cjmdd_map *find(const char *map, size_t map_length, const char *options,
                       size_t options_length)
{
    for (cjmdd_map *e = cache; e; e = e->next)
        if (same_text(e->map_text, e->map_length, map, map_length) &&
            same_text(e->options_text, e->options_length, options, options_length)) {
            e->users++;
            return e;
        }
    return NULL;
}

cjmdd_map *cjmdd_map_get(const char *map, size_t map_length, const char *options,
                         size_t options_length, char **error)
{
    *error = NULL;
    pthread_mutex_lock(&cache_lock);
    cjmdd_map *e = find(map, map_length, options, options_length);
    pthread_mutex_unlock(&cache_lock);
    if (e)
        return e;
    cjmdd_map *made = make_entry(map, map_length, options, options_length, error);
    if (!made)
        return NULL;
    /* Another thread may have made the same entry meanwhile: one wins. */
    pthread_mutex_lock(&cache_lock);
    if ((e = find(map, map_length, options, options_length)) != NULL) {
        pthread_mutex_unlock(&cache_lock);
        free_entry(made);
        return e;
    }
    made->users = 1;
    made->next = cache;
    cache = made;
    pthread_mutex_unlock(&cache_lock);
    return made;
}

void cjmdd_map_keep(cjmdd_map *entry)
{
    pthread_mutex_lock(&cache_lock);
    entry->users++;
    pthread_mutex_unlock(&cache_lock);
}

void cjmdd_map_release(cjmdd_map *entry)
{
    if (!entry)
        return;
    pthread_mutex_lock(&cache_lock);
    bool last = --entry->users == 0;
    if (last) {
        cjmdd_map **p = &cache;
        while (*p != entry)
            p = &(*p)->next;
        *p = entry->next;
    }
    pthread_mutex_unlock(&cache_lock);
    if (last)
        free_entry(entry);
}

/* The entry point DuckDB looks up: the file's name, then _init_c_api. */
DUCKDB_EXTENSION_API bool cjm_init_c_api(duckdb_extension_info info,
                                         struct duckdb_extension_access *access);

DUCKDB_EXTENSION_ENTRYPOINT(duckdb_connection connection, duckdb_extension_info info,
                            struct duckdb_extension_access *access)
{
    if (!cjmdd_register_aggregate(connection) || !cjmdd_register_journey_functions(connection) ||
        !cjmdd_register_report_tables(connection)) {
        access->set_error(info, "cjm: DuckDB refused to register a function");
        return false;
    }
    return true;
}
