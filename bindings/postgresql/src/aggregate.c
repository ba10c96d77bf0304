/* cjm_analyze(...): the bulk analysis as a parallel, distributable
 * aggregate. Each worker feeds its rows to an analysis of its own (the
 * transition function), sends it to the leader as bytes (serialize,
 * deserialize), where the analyses merge (combine) and the report is made
 * (final). A customer's rows may go to any worker: merging unites a
 * customer's events, so the result does not depend on the split. */
#include "cjm-pg.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

#include <cjm/json.h>

/* The aggregate's state, in the aggregate's memory context. The map's
 * text travels with the analysis's bytes: a worker's state is rebuilt
 * where the map is not at hand. */
typedef struct state {
    cjm_journey *map;
    cjm_analysis *analysis;
    char *map_text;
    Size map_length;
    Jsonb *seen;      /* the map argument of the first row */
} state;

static MemoryContext aggregate_context(FunctionCallInfo fcinfo, const char *what)
{
    MemoryContext context;
    if (!AggCheckCallContext(fcinfo, &context))
        elog(ERROR, "cjm: %s called outside an aggregate", what);
    return context;
}

/* A new state for `map_jsonb` and the analysis options, made in context. */
static state *start(MemoryContext context, Jsonb *map_jsonb, Jsonb *options_jsonb)
{
    MemoryContext old = MemoryContextSwitchTo(context);
    state *s = palloc0(sizeof *s);
    s->map_text = JsonbToCString(NULL, &map_jsonb->root, VARSIZE(map_jsonb));
    s->map_length = strlen(s->map_text);
    s->seen = palloc(VARSIZE(map_jsonb));
    memcpy(s->seen, map_jsonb, VARSIZE(map_jsonb));
    cjm_status st = cjm_json_read_journey(&s->map, s->map_text, s->map_length, "map");
    if (st == CJM_OK) {
        cjm_options *o = cjmpg_read_options(options_jsonb);
        s->analysis = cjm_analysis_new(s->map, o);
        cjm_options_free(o);
        if (!s->analysis)
            st = cjm_last_status();
    }
    MemoryContextSwitchTo(old);
    if (st != CJM_OK)
        cjmpg_raise(st);
    return s;
}

/* Text argument i as a C string, or NULL. */
static char *text_arg(FunctionCallInfo fcinfo, int i)
{
    return PG_ARGISNULL(i) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(i));
}

static double number_arg(FunctionCallInfo fcinfo, int i)
{
    return PG_ARGISNULL(i) ? NAN : PG_GETARG_FLOAT8(i);
}

/* PostgreSQL's microseconds since 2000-01-01 as milliseconds since 1970,
 * rounded down. */
static int64 unix_ms(TimestampTz t)
{
    int64 ms = t / 1000 - (t % 1000 < 0);
    return ms + (int64)(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86400000;
}

/* Adds one row: arguments from `first` are customer, at, touchpoint,
 * channel, stage, score, scale_min, scale_max. */
static Datum transition(FunctionCallInfo fcinfo, Jsonb *options, int first)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze");
    state *s = PG_ARGISNULL(0) ? NULL : (state *)PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("cjm: the map is NULL")));
    Jsonb *map = PG_GETARG_JSONB_P(1);
    if (!s) {
        s = start(context, map, options);
    } else if (map != s->seen && (VARSIZE(map) != VARSIZE(s->seen) ||
                                  memcmp(map, s->seen, VARSIZE(map)) != 0)) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: the map differs from row to row"),
                        errhint("Give cjm_analyze the same map on every row of a group.")));
    }
    const char *customer = text_arg(fcinfo, first), *touchpoint = text_arg(fcinfo, first + 2);
    const char *channel = text_arg(fcinfo, first + 3), *stage = text_arg(fcinfo, first + 4);
    int64_t at = 0;
    if (!PG_ARGISNULL(first + 1)) {
        TimestampTz t = PG_GETARG_TIMESTAMPTZ(first + 1);
        if (TIMESTAMP_NOT_FINITE(t))
            ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                            errmsg("cjm: at: an infinite time")));
        at = unix_ms(t);
    }
    double score = number_arg(fcinfo, first + 5);
    double low = number_arg(fcinfo, first + 6), high = number_arg(fcinfo, first + 7);
    bool scaled = !PG_ARGISNULL(first + 6) || !PG_ARGISNULL(first + 7);
    cjm_status st;
    MemoryContext old = MemoryContextSwitchTo(context);
    if (!customer || !touchpoint || PG_ARGISNULL(first + 1)) {
        /* A row without customer, time or touchpoint: the library words
         * the message (strict) or counts the row (lenient). */
        cjm_event *e = cjm_event_new();
        st = e ? CJM_OK : CJM_ERR_NOMEM;
        if (st == CJM_OK && customer)
            st = cjm_event_set_customer(e, customer);
        if (st == CJM_OK && touchpoint)
            st = cjm_event_set_touchpoint(e, touchpoint);
        if (st == CJM_OK && !PG_ARGISNULL(first + 1))
            st = cjm_event_set_at(e, at);
        if (st == CJM_OK)
            st = cjm_analysis_add_event(s->analysis, e);
        cjm_event_free(e);
    } else {
        st = cjm_analysis_add_columns(s->analysis, 1, &customer, &at, &touchpoint, &channel,
                                      &stage, &score, scaled ? &low : NULL,
                                      scaled ? &high : NULL);
    }
    MemoryContextSwitchTo(old);
    if (st != CJM_OK)
        cjmpg_raise(st);
    PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_transition);
Datum cjm_pg_analyze_transition(PG_FUNCTION_ARGS)
{
    return transition(fcinfo, NULL, 2);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_options_transition);
Datum cjm_pg_analyze_options_transition(PG_FUNCTION_ARGS)
{
    return transition(fcinfo, PG_ARGISNULL(2) ? NULL : PG_GETARG_JSONB_P(2), 3);
}

/* Folds `from` into `into` and releases what `from` held. */
static void merge(MemoryContext context, state *into, state *from)
{
    MemoryContext old = MemoryContextSwitchTo(context);
    cjm_status st = cjm_analysis_merge(into->analysis, from->analysis);
    cjm_analysis_free(from->analysis);
    from->analysis = NULL;
    MemoryContextSwitchTo(old);
    if (st != CJM_OK)
        cjmpg_raise(st);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_combine);
Datum cjm_pg_analyze_combine(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze");
    state *into = PG_ARGISNULL(0) ? NULL : (state *)PG_GETARG_POINTER(0);
    state *from = PG_ARGISNULL(1) ? NULL : (state *)PG_GETARG_POINTER(1);
    if (!from) {
        if (!into)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(into);
    }
    if (!into)
        PG_RETURN_POINTER(from); /* made in this context by deserialize */
    merge(context, into, from);
    PG_RETURN_POINTER(into);
}

/* The bytes of a state: the map's length (8 bytes, little-endian), the
 * map's text, then cjm_analysis_serialize()'s bytes. */
static bytea *state_bytes(const state *s)
{
    void *bytes;
    size_t size;
    cjm_status st = cjm_analysis_serialize(&bytes, &size, s->analysis);
    if (st != CJM_OK)
        cjmpg_raise(st);
    Size total = VARHDRSZ + 8 + s->map_length + size;
    if (!AllocSizeIsValid(total)) {
        cjm_free(bytes);
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("cjm: the analysis state is larger than 1 GB"),
                        errhint("Aggregate fewer rows per group or per worker.")));
    }
    bytea *out = palloc(total);
    SET_VARSIZE(out, total);
    unsigned char *p = (unsigned char *)VARDATA(out);
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)((uint64)s->map_length >> (8 * i));
    memcpy(p + 8, s->map_text, s->map_length);
    memcpy(p + 8 + s->map_length, bytes, size);
    cjm_free(bytes);
    return out;
}

/* A state again from state_bytes()'s bytes, made in context. */
static state *state_from_bytes(MemoryContext context, bytea *in)
{
    const unsigned char *p = (const unsigned char *)VARDATA_ANY(in);
    Size n = VARSIZE_ANY_EXHDR(in);
    uint64 map_length = 0;
    for (int i = 0; n >= 8 && i < 8; i++)
        map_length |= (uint64)p[i] << (8 * i);
    if (n < 8 || map_length > n - 8)
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("cjm: not an analysis state")));
    MemoryContext old = MemoryContextSwitchTo(context);
    state *s = palloc0(sizeof *s);
    s->map_text = pnstrdup((const char *)p + 8, (Size)map_length);
    s->map_length = (Size)map_length;
    cjm_status st = cjm_json_read_journey(&s->map, s->map_text, s->map_length, "map");
    if (st == CJM_OK)
        st = cjm_analysis_deserialize(&s->analysis, s->map, p + 8 + map_length,
                                      n - 8 - map_length);
    MemoryContextSwitchTo(old);
    if (st != CJM_OK)
        cjmpg_raise(st);
    return s;
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_serialize);
Datum cjm_pg_analyze_serialize(PG_FUNCTION_ARGS)
{
    aggregate_context(fcinfo, "cjm_analyze");
    PG_RETURN_BYTEA_P(state_bytes((state *)PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_deserialize);
Datum cjm_pg_analyze_deserialize(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_analyze");
    PG_RETURN_POINTER(state_from_bytes(context, PG_GETARG_BYTEA_PP(0)));
}

/* The partial aggregate's result: the state as bytes, for another server
 * (or another query) to merge with cjm_merge(). */
PG_FUNCTION_INFO_V1(cjm_pg_analyze_partial_final);
Datum cjm_pg_analyze_partial_final(PG_FUNCTION_ARGS)
{
    aggregate_context(fcinfo, "cjm_analyze_partial");
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    PG_RETURN_BYTEA_P(state_bytes((state *)PG_GETARG_POINTER(0)));
}

/* cjm_merge(partial bytea): each row a cjm_analyze_partial() result. */
PG_FUNCTION_INFO_V1(cjm_pg_merge_transition);
Datum cjm_pg_merge_transition(PG_FUNCTION_ARGS)
{
    MemoryContext context = aggregate_context(fcinfo, "cjm_merge");
    state *into = PG_ARGISNULL(0) ? NULL : (state *)PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1)) {
        /* A partial over no rows: nothing to merge. */
        if (!into)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(into);
    }
    state *from = state_from_bytes(context, PG_GETARG_BYTEA_PP(1));
    if (!into)
        PG_RETURN_POINTER(from);
    merge(context, into, from);
    cjm_journey_free(from->map);
    PG_RETURN_POINTER(into);
}

PG_FUNCTION_INFO_V1(cjm_pg_analyze_final);
Datum cjm_pg_analyze_final(PG_FUNCTION_ARGS)
{
    aggregate_context(fcinfo, "cjm_analyze");
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    state *s = (state *)PG_GETARG_POINTER(0);
    cjm_report *report;
    cjm_status st = cjm_analysis_report(&report, s->analysis);
    if (st != CJM_OK)
        cjmpg_raise(st);
    char *text;
    st = cjm_json_write_report(&text, NULL, report, CJM_JSON_COMPACT);
    cjm_report_free(report);
    if (st != CJM_OK)
        cjmpg_raise(st);
    Datum jsonb = DirectFunctionCall1(jsonb_in, CStringGetDatum(text));
    cjm_free(text);
    PG_RETURN_DATUM(jsonb);
}
