/* cjm_analyze(...): the bulk analysis as a parallel, distributable
 * aggregate. Each worker feeds its rows to an analysis of its own (the
 * transition function), sends it to the leader as bytes (serialize,
 * deserialize), where the analyses merge (combine) and the report is made
 * (final). A customer's rows may go to any worker: merging unites a
 * customer's events, so the result does not depend on the split.
 *
 * Every library call runs with the aggregate's memory context current, so
 * the analysis lives as long as the state; an ERROR is raised only between
 * library calls, when the analysis is whole. */
#include "state.h"

#include <math.h>

#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

#include <cjm/json.h>

static MemoryContext aggregate_context(FunctionCallInfo fcinfo, const char *what)
{
    MemoryContext context;
    if (!AggCheckCallContext(fcinfo, &context))
        elog(ERROR, "cjm: %s called outside an aggregate", what);
    return context;
}

/* An empty analysis for a new group, in the current context: made like
 * the map entry's model, an empty analysis of the map with these options
 * kept in the entry's memory (made on first use, and again when a group
 * comes with other options), so that no group builds the tables of the
 * map's ids again. NULL with the library's error. */
static cjm_analysis *group_analysis(const cjmpg_value *map, const cjm_options *options,
                                    const char *options_key)
{
    cjmpg_value *m = (cjmpg_value *)map;
    if (!m->model || strcmp(m->model_key, options_key) != 0) {
        char *key = MemoryContextStrdup(m->context, options_key);
        MemoryContext old = MemoryContextSwitchTo(m->context);
        cjm_analysis *model = cjm_analysis_new_shared(m->parsed, options);
        MemoryContextSwitchTo(old);
        if (!model) {
            pfree(key);
            return NULL;
        }
        cjm_analysis_free(m->model);
        if (m->model_key)
            pfree(m->model_key);
        m->model = model;
        m->model_key = key;
    }
    return cjm_analysis_new_like(m->model);
}

/* A new state for the first row of a group. */
static cjmpg_state *start(FunctionCallInfo fcinfo, MemoryContext context,
                          const cjmpg_value *map, const cjmpg_value *options)
{
    cjmpg_value_hold(fcinfo, map);
    if (options)
        cjmpg_value_hold(fcinfo, options);
    MemoryContext old = MemoryContextSwitchTo(context);
    cjmpg_state *s = palloc0(sizeof *s);
    s->map = map;
    s->options = options;
    s->options_key = options ? options->text : cjmpg_default_options_key();
    /* The analysis reads the query's map rather than a copy of its own: the
     * map's entry outlives the state, which holds it. */
    s->analysis = group_analysis(map, options ? options->parsed : cjmpg_default_options(),
                                 s->options_key);
    cjm_status st = s->analysis ? CJM_OK : cjm_last_status();
    MemoryContextSwitchTo(old);
    if (st != CJM_OK)
        cjmpg_raise(st);
    return s;
}

/* PostgreSQL's microseconds since 2000-01-01 as milliseconds since 1970,
 * rounded down. */
static int64 unix_ms(TimestampTz t)
{
    int64 ms = t / 1000 - (t % 1000 < 0);
    return ms + (int64)(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86400000;
}

static void differs(const char *what, const char *row) pg_attribute_noreturn();

/* The map or the options of a row, named by `row`, are not those of the
 * rows of its group before it. */
static void differs(const char *what, const char *row)
{
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("cjm: %s: the %s %s from those of the rows before it", row, what,
                           strcmp(what, "map") == 0 ? "differs" : "differ"),
                    errhint("Give cjm_analyze the same %s on every row of a group.", what)));
}

/* A text argument as UTF-8, as the library and the messages take it. */
static char *text_utf8(const text *t)
{
    return cjmpg_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

/* Whether a row's options (has: not NULL) mean the state's: the same
 * value, or other text for the same options (NULL, '{}' and the defaults
 * written out are the same options), compared by their keys. */
static bool same_options(FunctionCallInfo fcinfo, cjmpg_state *s, Datum options, bool has)
{
    if (has && s->options && cjmpg_value_is(s->options, options, &s->options_seen))
        return true;
    if (!has && !s->options)
        return true;
    const char *key = has ? cjmpg_options(fcinfo, options, 1)->text
                          : cjmpg_default_options_key();
    return strcmp(key, s->options_key) == 0;
}

/* The attributes read so far, and the first member that is wrong. */
typedef struct attribute_list {
    cjm_attribute_column *columns;
    size_t count;
    const char *wrong_key, *wrong;
} attribute_list;

/* One member of a row's attributes as a one-row column; a wrong one is
 * kept to be named with its row. */
static const char *add_attribute(void *ctx, const char *key, JsonbValue *value)
{
    attribute_list *list = ctx;
    if (value->type == jbvNull || list->wrong)
        return NULL; /* no such attribute */
    if (cjm_id_check(key) != CJM_OK) {
        /* "cjm_id_check: id: empty" as "key: empty" */
        const char *why = cjm_last_error(), *rule = strstr(why, "id: ");
        list->wrong_key = pstrdup(key);
        list->wrong = psprintf("key: %s", rule ? rule + strlen("id: ") : why);
        return NULL;
    }
    const char **text = palloc(sizeof *text);
    if (value->type == jbvString)
        *text = cjmpg_utf8(value->val.string.val, value->val.string.len);
    else if (value->type == jbvNumeric || value->type == jbvBool)
        *text = JsonbToCString(NULL, &JsonbValueToJsonb(value)->root, 0);
    else {
        list->wrong_key = pstrdup(key);
        list->wrong = "expected text, a number or a boolean";
        return NULL;
    }
    list->columns[list->count].key = pstrdup(key); /* the key is freed after the call */
    list->columns[list->count].values = text;
    list->count++;
    return NULL;
}

/* A row's attributes (a jsonb object: each member a key and its value;
 * a string is taken as it is, a number or boolean as its JSON text, null
 * as no such attribute) as one-row attribute columns; *n their number.
 * An error names the row (its number, customer and time), as a bad
 * row's does. */
static cjm_attribute_column *attributes_of(Jsonb *j, int64 row, const char *customer,
                                           const TimestampTz *at, size_t *n)
{
    static const char hint[] = "Give each row's attributes as jsonb, such as "
                               "jsonb_build_object('plan', plan, 'region', region).";
    bool object = JB_ROOT_IS_OBJECT(j) && !JB_ROOT_IS_SCALAR(j);
    int members = object ? JB_ROOT_COUNT(j) : 0;
    attribute_list list = { palloc0(sizeof *list.columns * (Size)Max(members, 1)), 0, NULL,
                            NULL };
    if (!object)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: attributes: expected a JSON object",
                               cjmpg_row_name(row, customer, at)),
                        errhint("%s", hint)));
    cjmpg_each_member(j, "attributes", hint, add_attribute, NULL, &list);
    if (list.wrong)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: attributes: %s: %s",
                               cjmpg_row_name(row, customer, at),
                               cjmpg_message(cjmpg_quoted(list.wrong_key)),
                               list.wrong),
                        errhint("%s", hint)));
    /* The library refuses the whole call beyond this, not the row: named
     * here as the row's, lenient or not. */
    if (list.count > CJM_ATTRIBUTES_MAX)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("cjm: %s: attributes: %zu of them, more than an event has"
                               " (%d)", cjmpg_row_name(row, customer, at), list.count,
                               CJM_ATTRIBUTES_MAX),
                        errhint("Give the aggregate only the attributes it needs: the"
                                " breakdown's key.")));
    *n = list.count;
    return list.columns;
}

/* Adds one row: arguments from `first` are customer, at, touchpoint,
 * channel, stage, score, scale_min, scale_max, then, when `attributes`,
 * the row's attributes (jsonb); `options_arg` is the options' argument or
 * -1. */
static Datum transition(FunctionCallInfo fcinfo, int options_arg, int first, bool attributes)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze");
    cjmpg_state *s = PG_ARGISNULL(0) ? NULL : (cjmpg_state *)PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("cjm: the map is NULL")));
    Datum map = PG_GETARG_DATUM(1);
    bool has_options = options_arg >= 0 && !PG_ARGISNULL(options_arg);
    if (!s) {
        const cjmpg_value *m = cjmpg_map(fcinfo, map, 0);
        const cjmpg_value *o = has_options
                                   ? cjmpg_options(fcinfo, PG_GETARG_DATUM(options_arg), 1)
                                   : NULL;
        const char *key = o ? cjm_options_breakdown(o->parsed) : NULL;
        if (!attributes && key && key[0] != '@')
            /* Every customer would be in the null segment: surely not meant. */
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("cjm: options: \"breakdown\": %s is an attribute, and"
                                   " this form of the aggregate takes no attributes",
                                   cjmpg_quoted(key)),
                            errhint("Give each row's attributes as the last argument:"
                                    " cjm_analyze(map, options, customer, at, touchpoint,"
                                    " channel, stage, score, scale_min, scale_max,"
                                    " jsonb_build_object('%s', ...)).", key)));
        s = start(fcinfo, context, m, o);
        s->map_seen = DatumGetPointer(map);
        if (has_options)
            s->options_seen = DatumGetPointer(PG_GETARG_DATUM(options_arg));
    } else {
        const char *wrong = NULL;
        if (!cjmpg_value_is(s->map, map, &s->map_seen))
            wrong = "map";
        else if (!same_options(fcinfo, s, has_options ? PG_GETARG_DATUM(options_arg) : 0,
                               has_options))
            wrong = "options";
        if (wrong) {
            TimestampTz at = PG_ARGISNULL(first + 1) ? 0 : PG_GETARG_TIMESTAMPTZ(first + 1);
            differs(wrong, cjmpg_row_name(s->rows + 1,
                                          PG_ARGISNULL(first)
                                              ? NULL
                                              : text_utf8(PG_GETARG_TEXT_PP(first)),
                                          PG_ARGISNULL(first + 1) ? NULL : &at));
        }
    }
    s->rows++;

    static const int offset[4] = { 0, 2, 3, 4 };
    text *texts[4];
    for (int i = 0; i < 4; i++)
        texts[i] = PG_ARGISNULL(first + offset[i]) ? NULL : PG_GETARG_TEXT_PP(first + offset[i]);
    bool lenient = cjm_options_lenient(s->options ? s->options->parsed : NULL);
    bool has_time = !PG_ARGISNULL(first + 1);
    TimestampTz when = has_time ? PG_GETARG_TIMESTAMPTZ(first + 1) : 0;
    int64_t at = 0;
    const char *problem = NULL;
    cjm_status problem_status = CJM_ERR_RANGE;
    if (has_time) {
        if (TIMESTAMP_NOT_FINITE(when)) {
            problem = "at: an infinite time";
            at = INT64_MAX; /* the library refuses it, and counts it */
        } else {
            at = unix_ms(when);
        }
    }
    /* A NULL score is an event without feedback; NaN is a bad score, as an
     * infinite one is (the library takes NaN for "none": say it here). */
    double score = PG_ARGISNULL(first + 5) ? NAN : PG_GETARG_FLOAT8(first + 5);
    if (!PG_ARGISNULL(first + 5) && isnan(score)) {
        problem = problem ? problem : "score: NaN";
        score = INFINITY;
    }
    /* Both ends of the scale or neither (the default scale): one alone is
     * a bad row, when there is a score to put on it; in lenient mode the
     * missing end is NaN, which the library refuses and counts. */
    double low = PG_ARGISNULL(first + 6) ? CJM_DEFAULT_SCALE_MIN : PG_GETARG_FLOAT8(first + 6);
    double high = PG_ARGISNULL(first + 7) ? CJM_DEFAULT_SCALE_MAX : PG_GETARG_FLOAT8(first + 7);
    if (PG_ARGISNULL(first + 6) != PG_ARGISNULL(first + 7) && !PG_ARGISNULL(first + 5)) {
        if (!problem) {
            problem = PG_ARGISNULL(first + 6) ? "scale_min: NULL while scale_max is not: give "
                                                "both ends of the scale or neither"
                                              : "scale_max: NULL while scale_min is not: give "
                                                "both ends of the scale or neither";
            problem_status = CJM_ERR_INVALID;
        }
        if (PG_ARGISNULL(first + 6))
            low = NAN;
        else
            high = NAN;
    }
    if (problem && !lenient) {
        /* An earlier row's problem first. */
        cjmpg_batch_flush(context, s);
        cjmpg_bad_row(s->rows, texts[0] ? text_utf8(texts[0]) : NULL,
                      has_time ? &when : NULL, problem_status, problem);
    }
    if (!attributes && texts[0] && texts[1] && has_time) {
        cjmpg_batch_add(context, s, texts, at, when, score, low, high);
        PG_RETURN_POINTER(s);
    }
    /* A row with attributes, or without customer, time or touchpoint: on
     * its own, after the rows before it. */
    cjmpg_batch_flush(context, s);
    const char *strings[4];
    cjmpg_batch_texts(context, s, texts, strings);
    const char *customer = strings[0], *touchpoint = strings[1], *channel = strings[2],
               *stage = strings[3];
    size_t attribute_count = 0;
    cjm_attribute_column *attribute_columns =
        attributes && !PG_ARGISNULL(first + 8)
            ? attributes_of(PG_GETARG_JSONB_P(first + 8), s->rows, customer,
                            has_time ? &when : NULL, &attribute_count)
            : NULL;
    cjm_status st;
    MemoryContext old = MemoryContextSwitchTo(context);
    if (!customer || !touchpoint || !has_time) {
        /* A row without customer, time or touchpoint: the library words
         * the message (strict) or counts the row (lenient). */
        cjm_event *e = cjm_event_new();
        st = e ? CJM_OK : CJM_ERR_NOMEM;
        if (st == CJM_OK && customer)
            st = cjm_event_set_customer(e, customer);
        if (st == CJM_OK && touchpoint)
            st = cjm_event_set_touchpoint(e, touchpoint);
        if (st == CJM_OK && has_time)
            st = cjm_event_set_at(e, at);
        if (st == CJM_OK)
            st = cjm_analysis_add_event(s->analysis, e);
        cjm_event_free(e);
    } else {
        st = cjm_analysis_add_columns_with_attributes(s->analysis, 1, &customer, &at,
                                                      &touchpoint, &channel, &stage, &score,
                                                      &low, &high, attribute_columns,
                                                      attribute_count);
    }
    MemoryContextSwitchTo(old);
    if (st != CJM_OK)
        cjmpg_bad_row(s->rows, customer, has_time ? &when : NULL, st,
                      cjmpg_message(cjm_last_error()));
    PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_transition);
Datum cjm_pg_analyze_transition(PG_FUNCTION_ARGS)
{
    return transition(fcinfo, -1, 2, false);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_options_transition);
Datum cjm_pg_analyze_options_transition(PG_FUNCTION_ARGS)
{
    return transition(fcinfo, 2, 3, false);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_attributes_transition);
Datum cjm_pg_analyze_attributes_transition(PG_FUNCTION_ARGS)
{
    return transition(fcinfo, 2, 3, true);
}

/* Folds `from` into `into` and releases what `from` held. A state that
 * kept its bytes is merged straight from them, with no analysis of its
 * own built: the leader's share of a parallel aggregate. */
static void merge(MemoryContext context, cjmpg_state *into, cjmpg_state *from)
{
    CHECK_FOR_INTERRUPTS();
    /* A partial of another map's text is read whole, so that the merge
     * compares the maps and names the difference. */
    if (from->bytes && from->map != into->map &&
        (from->map->length != into->map->length ||
         memcmp(from->map->text, into->map->text, from->map->length) != 0))
        cjmpg_state_read(context, from);
    if (from->map != into->map && !cjm_journey_equal(into->map->parsed, from->map->parsed)) {
        const char *one = cjmpg_message(cjm_journey_id(into->map->parsed));
        const char *other = cjmpg_message(cjm_journey_id(from->map->parsed));
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: cjm_merge: partials made with different maps"),
                        strcmp(one, other) != 0
                            ? errdetail("One analyses the map \"%s\", another \"%s\".", one,
                                        other)
                            : errdetail("Both analyse a map \"%s\", but not the same one.",
                                        one),
                        errhint("Merge only partials made with the same map.")));
    }
    if (strcmp(into->options_key, from->options_key) != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: cjm_merge: partials made with different options"),
                        errdetail("One has %s, another %s.", cjmpg_message(into->options_key),
                                  cjmpg_message(from->options_key)),
                        errhint("Merge only partials made with the same options.")));
    cjmpg_state_add_parts(context, into, from);
    cjmpg_watch(into->analysis);
    cjm_status st;
    do {
        MemoryContext old = MemoryContextSwitchTo(context);
        /* from's events move into into's rather than being copied, or,
         * when from kept its bytes, come straight from them. */
        st = from->analysis
                 ? cjm_analysis_merge_free(into->analysis, from->analysis)
                 : cjm_analysis_merge_serialized(into->analysis, from->bytes,
                                                 (size_t)from->bytes_size);
        MemoryContextSwitchTo(old);
    } while (cjmpg_interrupted(st));
    from->bytes = NULL;
    if (st == CJM_OK)
        from->analysis = NULL; /* freed by the merge */
    MemoryContext old = MemoryContextSwitchTo(context);
    cjm_analysis_free(from->analysis);
    from->analysis = NULL;
    MemoryContextSwitchTo(old);
    if (st != CJM_OK)
        cjmpg_state_failed(from, st);
    into->rows += from->rows;
    CHECK_FOR_INTERRUPTS();
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_combine);
Datum cjm_pg_analyze_combine(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze");
    cjmpg_state *into = PG_ARGISNULL(0) ? NULL : (cjmpg_state *)PG_GETARG_POINTER(0);
    cjmpg_state *from = PG_ARGISNULL(1) ? NULL : (cjmpg_state *)PG_GETARG_POINTER(1);
    if (!from) {
        if (!into)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(into);
    }
    if (!into) {
        /* Made in this context by deserialize; it outlives its bytes. */
        cjmpg_state_read(context, from);
        PG_RETURN_POINTER(from);
    }
    /* States from transitions in this process (a partition's, say) may
     * still hold rows. */
    cjmpg_batch_flush(context, into);
    cjmpg_batch_flush(context, from);
    merge(context, into, from);
    PG_RETURN_POINTER(into);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_serialize);
Datum cjm_pg_analyze_serialize(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze");
    cjmpg_state *s = (cjmpg_state *)PG_GETARG_POINTER(0);
    cjmpg_batch_flush(context, s);
    PG_RETURN_BYTEA_P(cjmpg_state_bytes(s));
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_deserialize);
Datum cjm_pg_analyze_deserialize(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze");
    PG_RETURN_POINTER(cjmpg_state_from_bytes(fcinfo, context, PG_GETARG_BYTEA_PP(0), false));
}

/* The partial aggregate's result: the state as bytes, for another server
 * (or another query) to merge with cjm_merge(). */
PG_FUNCTION_INFO_V1(cjm_pg_analyze_partial_final);
Datum cjm_pg_analyze_partial_final(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze_partial");
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    cjmpg_state *s = (cjmpg_state *)PG_GETARG_POINTER(0);
    cjmpg_batch_flush(context, s);
    PG_RETURN_BYTEA_P(cjmpg_state_bytes(s));
}

/* cjm_merge(partial bytea): each row a cjm_analyze_partial() result. */
PG_FUNCTION_INFO_V1(cjm_pg_merge_transition);
Datum cjm_pg_merge_transition(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_merge");
    cjmpg_state *into = PG_ARGISNULL(0) ? NULL : (cjmpg_state *)PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1)) {
        /* A partial over no rows: nothing to merge. */
        if (!into)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(into);
    }
    CHECK_FOR_INTERRUPTS();
    cjmpg_state *from = cjmpg_state_from_bytes(fcinfo, context, PG_GETARG_BYTEA_PP(1), true);
    if (!into) {
        cjmpg_state_read(context, from);
        PG_RETURN_POINTER(from);
    }
    merge(context, into, from);
    PG_RETURN_POINTER(into);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_final);
Datum cjm_pg_analyze_final(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze");
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    cjmpg_state *s = (cjmpg_state *)PG_GETARG_POINTER(0);
    cjmpg_batch_flush(context, s);
    CHECK_FOR_INTERRUPTS();
    /* The report lives only until it is written: it is made in an arena,
     * released at once, since one-customer reports are mostly allocation
     * (the analysis is only read, so nothing of the arena stays in it). */
    cjmpg_arena arena;
    Datum result;
    cjmpg_arena_begin(&arena);
    PG_TRY();
    {
        cjm_report *report;
        cjm_status st;
        cjmpg_watch(s->analysis);
        do
            st = cjm_analysis_report(&report, s->analysis);
        while (cjmpg_interrupted(st));
        if (st != CJM_OK)
            cjmpg_raise(st);
        CHECK_FOR_INTERRUPTS();
        result = cjmpg_server_jsonb(cjmpg_report_jsonb(report));
    }
    PG_FINALLY();
    {
        cjmpg_arena_end(&arena);
    }
    PG_END_TRY();
    PG_RETURN_DATUM(result);
}
