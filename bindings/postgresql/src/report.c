/* The cjm-report document built straight as jsonb from the report's
 * getters: the members, nesting and nulls of libcjm-json's writer
 * (cjm_json_write_report), without JSON text on the way. A small group's
 * report is a few hundred values; writing them as text and parsing that
 * text again cost far more than the analysis. The tree is made whole, each
 * object's keys put in jsonb's order as it is made, and turned into jsonb
 * at once. The tests compare the document with the writer's, member for
 * member. */
#include "cjm-pg.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

/* An object being filled: its pairs, at most `capacity`. */
typedef struct object {
    JsonbPair *pairs;
    int count, capacity;
} object;

static object new_object(int capacity)
{
    object o = { palloc(sizeof(JsonbPair) * (Size)Max(capacity, 1)), 0, capacity };
    return o;
}

static JsonbValue string(const char *s)
{
    JsonbValue v = { .type = jbvNull };
    if (s) {
        v.type = jbvString;
        v.val.string.len = (int)strlen(s);
        v.val.string.val = (char *)s;
    }
    return v;
}

/* Most counts of a small group's report are small: their numerics are
 * made once per process, in a context that lives as long as it. */
#define SMALL 1024
static Numeric small[SMALL];

static JsonbValue integer(int64 n)
{
    JsonbValue v = { .type = jbvNumeric };
    if (n >= 0 && n < SMALL) {
        if (!small[n]) {
            MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
            small[n] = int64_to_numeric(n);
            MemoryContextSwitchTo(old);
        }
        v.val.numeric = small[n];
    } else {
        v.val.numeric = int64_to_numeric(n);
    }
    return v;
}

static JsonbValue count(uint64_t n)
{
    return integer((int64)n);
}

/* A rate or mean: the shortest decimal that reads back as the same double
 * (the writer's 17 digits read back as the same double too); null for NaN. */
static JsonbValue real(double x)
{
    JsonbValue v = { .type = jbvNull };
    if (isnan(x))
        return v;
    if (x == floor(x) && fabs(x) < 1e15)
        return integer((int64)x);
    char buf[DOUBLE_SHORTEST_DECIMAL_LEN];
    double_to_shortest_decimal_buf(x, buf);
    v.type = jbvNumeric;
    v.val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
                                                        ObjectIdGetDatum(InvalidOid),
                                                        Int32GetDatum(-1)));
    return v;
}

static JsonbValue boolean(bool b)
{
    JsonbValue v = { .type = jbvBool, .val.boolean = b };
    return v;
}

/* jsonb's order of keys: shorter first, then by bytes. */
static int key_order(const JsonbValue *a, const JsonbValue *b)
{
    if (a->val.string.len != b->val.string.len)
        return a->val.string.len < b->val.string.len ? -1 : 1;
    return memcmp(a->val.string.val, b->val.string.val, (size_t)a->val.string.len);
}

static int pair_order(const void *a, const void *b)
{
    return key_order(&((const JsonbPair *)a)->key, &((const JsonbPair *)b)->key);
}

/* Adds a member in its place (keys are distinct: the writer's are). The
 * calls below give each object's keys in jsonb's order already, so this
 * only checks it; a key out of order still finds its place. */
static void put(object *o, const char *key, JsonbValue v)
{
    Assert(o->count < o->capacity);
    JsonbPair p = { .key = string(key), .value = v, .order = (uint32)o->count };
    int i = o->count++;
    while (i > 0 && key_order(&o->pairs[i - 1].key, &p.key) > 0) {
        o->pairs[i] = o->pairs[i - 1];
        i--;
    }
    o->pairs[i] = p;
}

static JsonbValue done(object *o)
{
    JsonbValue v = { .type = jbvObject };
    v.val.object.nPairs = o->count;
    v.val.object.pairs = o->pairs;
    return v;
}

static JsonbValue array(JsonbValue *elements, int n)
{
    JsonbValue v = { .type = jbvArray };
    v.val.array.nElems = n;
    v.val.array.elems = elements;
    v.val.array.rawScalar = false;
    return v;
}

static int size_arg(size_t n)
{
    if (n > (size_t)(MaxAllocSize / sizeof(JsonbPair)))
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("cjm: the report is too large for jsonb")));
    return (int)n;
}

/* A time distribution: null without samples, else its samples and
 * percentiles (transition_ms, completion_ms). */
static JsonbValue distribution(uint64_t samples, const int64_t percentile[4])
{
    JsonbValue null = { .type = jbvNull };
    if (!samples)
        return null;
    object o = new_object(5);
    put(&o, "p25", integer(percentile[0]));
    put(&o, "p50", integer(percentile[1]));
    put(&o, "p75", integer(percentile[2]));
    put(&o, "p90", integer(percentile[3]));
    put(&o, "samples", count(samples));
    return done(&o);
}

static JsonbValue stage_transitions(const cjm_report *r, size_t i)
{
    int64_t p[4];
    static const unsigned percent[4] = { 25, 50, 75, 90 };
    for (int k = 0; k < 4; k++)
        p[k] = cjm_report_stage_transition_percentile(r, i, percent[k]);
    return distribution(cjm_report_stage_transition_samples(r, i), p);
}

static JsonbValue completions(const cjm_report *r)
{
    int64_t p[4];
    static const unsigned percent[4] = { 25, 50, 75, 90 };
    for (int k = 0; k < 4; k++)
        p[k] = cjm_report_completion_percentile(r, percent[k]);
    return distribution(cjm_report_completion_samples(r), p);
}

static JsonbValue totals(const cjm_report *r)
{
    object o = new_object(6);
    put(&o, "events", count(cjm_report_events(r)));
    put(&o, "feedback", count(cjm_report_feedback(r)));
    put(&o, "map_feedback", count(cjm_report_map_feedback(r)));
    put(&o, "rejected", count(cjm_report_rejected(r)));
    put(&o, "completed", count(cjm_report_completed(r)));
    put(&o, "customers", count(cjm_report_customers(r)));
    return done(&o);
}

static JsonbValue stages(const cjm_report *r)
{
    int n = size_arg(cjm_report_stage_count(r));
    JsonbValue *list = palloc(sizeof(JsonbValue) * (Size)Max(n, 1));
    for (int i = 0; i < n; i++) {
        object o = new_object(16);
        int64_t median = cjm_report_stage_median_transition_ms(r, (size_t)i);
        JsonbValue null = { .type = jbvNull };
        put(&o, "id", string(cjm_report_stage_id(r, (size_t)i)));
        put(&o, "dropped", count(cjm_report_stage_dropped(r, (size_t)i)));
        put(&o, "reached", count(cjm_report_stage_reached(r, (size_t)i)));
        put(&o, "feedback", count(cjm_report_stage_feedback(r, (size_t)i)));
        put(&o, "drop_rate", real(cjm_report_stage_drop_rate(r, (size_t)i)));
        put(&o, "mean_score", real(cjm_report_stage_mean_score(r, (size_t)i)));
        put(&o, "map_feedback", count(cjm_report_stage_map_feedback(r, (size_t)i)));
        put(&o, "funnel", count(cjm_report_stage_funnel(r, (size_t)i)));
        put(&o, "score_sd", real(cjm_report_stage_score_sd(r, (size_t)i)));
        put(&o, "score_high", real(cjm_report_stage_score_high(r, (size_t)i)));
        put(&o, "hop_customers", count(cjm_report_stage_hop_customers(r, (size_t)i)));
        put(&o, "transition_ms", stage_transitions(r, (size_t)i));
        put(&o, "map_mean_score", real(cjm_report_stage_map_mean_score(r, (size_t)i)));
        put(&o, "silent_churn", count(cjm_report_stage_silent_churn(r, (size_t)i)));
        put(&o, "switch_customers", count(cjm_report_stage_switch_customers(r, (size_t)i)));
        put(&o, "median_transition_ms", median == CJM_UNSET ? null : integer(median));
        list[i] = done(&o);
    }
    return array(list, n);
}

static JsonbValue touchpoints(const cjm_report *r)
{
    int n = size_arg(cjm_report_touchpoint_count(r));
    JsonbValue *list = palloc(sizeof(JsonbValue) * (Size)Max(n, 1));
    for (int i = 0; i < n; i++) {
        object o = new_object(12);
        put(&o, "id", string(cjm_report_touchpoint_id(r, (size_t)i)));
        put(&o, "stage", string(cjm_report_touchpoint_stage(r, (size_t)i)));
        put(&o, "events", count(cjm_report_touchpoint_events(r, (size_t)i)));
        put(&o, "channel", string(cjm_report_touchpoint_channel(r, (size_t)i)));
        put(&o, "planned", boolean(cjm_report_touchpoint_planned(r, (size_t)i)));
        put(&o, "feedback", count(cjm_report_touchpoint_feedback(r, (size_t)i)));
        put(&o, "customers", count(cjm_report_touchpoint_customers(r, (size_t)i)));
        put(&o, "mean_score", real(cjm_report_touchpoint_mean_score(r, (size_t)i)));
        put(&o, "map_feedback", count(cjm_report_touchpoint_map_feedback(r, (size_t)i)));
        put(&o, "score_sd", real(cjm_report_touchpoint_score_sd(r, (size_t)i)));
        put(&o, "score_high", real(cjm_report_touchpoint_score_high(r, (size_t)i)));
        put(&o, "map_mean_score", real(cjm_report_touchpoint_map_mean_score(r, (size_t)i)));
        list[i] = done(&o);
    }
    return array(list, n);
}

static JsonbValue channels(const cjm_report *r)
{
    int n = size_arg(cjm_report_channel_count(r));
    object events = new_object(n);
    for (int i = 0; i < n; i++) {
        JsonbPair *p = &events.pairs[events.count];
        p->key = string(cjm_report_channel(r, (size_t)i));
        p->value = count(cjm_report_channel_events(r, (size_t)i));
        p->order = (uint32)events.count++;
    }
    if (n > 1) /* channels are distinct */
        qsort(events.pairs, (size_t)n, sizeof(JsonbPair), pair_order);
    int m = size_arg(cjm_report_matrix_count(r));
    JsonbValue *matrix = palloc(sizeof(JsonbValue) * (Size)Max(m, 1));
    for (int i = 0; i < m; i++) {
        object o = new_object(3);
        put(&o, "to", string(cjm_report_matrix_to(r, (size_t)i)));
        put(&o, "from", string(cjm_report_matrix_from(r, (size_t)i)));
        put(&o, "count", count(cjm_report_matrix_switches(r, (size_t)i)));
        matrix[i] = done(&o);
    }
    object c = new_object(4);
    put(&c, "events", done(&events));
    put(&c, "matrix", array(matrix, m));
    put(&c, "switches", count(cjm_report_switches(r)));
    put(&c, "multichannel_customers", count(cjm_report_multichannel_customers(r)));
    return done(&c);
}

static JsonbValue backtracks(const cjm_report *r)
{
    int n = size_arg(cjm_report_backtrack_pair_count(r));
    JsonbValue *pairs = palloc(sizeof(JsonbValue) * (Size)Max(n, 1));
    for (int i = 0; i < n; i++) {
        object o = new_object(4);
        put(&o, "to", string(cjm_report_backtrack_to(r, (size_t)i)));
        put(&o, "from", string(cjm_report_backtrack_from(r, (size_t)i)));
        put(&o, "count", count(cjm_report_backtrack_pair_backtracks(r, (size_t)i)));
        put(&o, "customers", count(cjm_report_backtrack_pair_customers(r, (size_t)i)));
        pairs[i] = done(&o);
    }
    object b = new_object(3);
    put(&b, "pairs", array(pairs, n));
    put(&b, "total", count(cjm_report_backtracks(r)));
    put(&b, "customers", count(cjm_report_backtrack_customers(r)));
    return done(&b);
}

static JsonbValue gaps(const cjm_report *r)
{
    int n = size_arg(cjm_report_gap_count(r));
    JsonbValue *list = palloc(sizeof(JsonbValue) * (Size)Max(n, 1));
    for (int i = 0; i < n; i++) {
        const cjm_gap *g = cjm_report_gap(r, (size_t)i);
        object o = new_object(8);
        put(&o, "kind", string(cjm_gap_kind_name(cjm_gap_kind_of(g))));
        put(&o, "count", count(cjm_gap_count(g)));
        put(&o, "stage", string(cjm_gap_stage(g)));
        put(&o, "value", real(cjm_gap_value(g)));
        put(&o, "message", string(cjm_gap_message(g)));
        put(&o, "severity", real(cjm_gap_severity(g)));
        put(&o, "to_stage", string(cjm_gap_to_stage(g)));
        put(&o, "touchpoint", string(cjm_gap_touchpoint(g)));
        list[i] = done(&o);
    }
    return array(list, n);
}

Datum cjmpg_report_jsonb(const cjm_report *r)
{
    object doc = new_object(11);
    put(&doc, "gaps", gaps(r));
    put(&doc, "format", string("cjm-report"));
    put(&doc, "stages", stages(r));
    put(&doc, "totals", totals(r));
    put(&doc, "journey", string(cjm_report_journey(r)));
    put(&doc, "version", integer(2));
    put(&doc, "channels", channels(r));
    put(&doc, "backtracks", backtracks(r));
    put(&doc, "touchpoints", touchpoints(r));
    put(&doc, "map_channel_switches", count(cjm_report_map_channel_switches(r)));
    put(&doc, "completion_ms", completions(r));
    JsonbValue root = done(&doc);
    return JsonbPGetDatum(JsonbValueToJsonb(&root));
}
