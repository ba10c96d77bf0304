/* The cjm-report document (formats.md, "Report, JSON"). */
#include <math.h>

#include "json-private.h"

typedef struct out {
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
    if (!array || json_array_append_new(array, value) != 0)
        o->failed = 1;
}

static json_t *count(uint64_t n)
{
    return json_integer((json_int_t)n);
}

/* A rate or mean: a number, or null when undefined (NaN). */
static json_t *real(double x)
{
    return isnan(x) ? json_null() : json_real(x);
}

static json_t *text(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *totals(out *o, const cjm_report *r)
{
    json_t *t = cjmj_new_object();
    put(o, t, "customers", count(cjm_report_customers(r)));
    put(o, t, "events", count(cjm_report_events(r)));
    put(o, t, "feedback", count(cjm_report_feedback(r)));
    put(o, t, "completed", count(cjm_report_completed(r)));
    put(o, t, "rejected", count(cjm_report_rejected(r)));
    return t;
}

static json_t *stages(out *o, const cjm_report *r)
{
    json_t *list = json_array();
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        json_t *s = cjmj_new_object();
        int64_t median = cjm_report_stage_median_transition_ms(r, i);
        put(o, s, "id", text(cjm_report_stage_id(r, i)));
        put(o, s, "reached", count(cjm_report_stage_reached(r, i)));
        put(o, s, "dropped", count(cjm_report_stage_dropped(r, i)));
        put(o, s, "drop_rate", real(cjm_report_stage_drop_rate(r, i)));
        put(o, s, "silent_churn", count(cjm_report_stage_silent_churn(r, i)));
        put(o, s, "feedback", count(cjm_report_stage_feedback(r, i)));
        put(o, s, "mean_score", real(cjm_report_stage_mean_score(r, i)));
        put(o, s, "median_transition_ms",
            median == CJM_UNSET ? json_null() : json_integer(median));
        put(o, s, "switch_customers", count(cjm_report_stage_switch_customers(r, i)));
        add(o, list, s);
    }
    return list;
}

static json_t *touchpoints(out *o, const cjm_report *r)
{
    json_t *list = json_array();
    for (size_t i = 0; i < cjm_report_touchpoint_count(r); i++) {
        json_t *t = cjmj_new_object();
        put(o, t, "id", text(cjm_report_touchpoint_id(r, i)));
        put(o, t, "stage", text(cjm_report_touchpoint_stage(r, i)));
        put(o, t, "planned", json_boolean(cjm_report_touchpoint_planned(r, i)));
        put(o, t, "channel", text(cjm_report_touchpoint_channel(r, i)));
        put(o, t, "events", count(cjm_report_touchpoint_events(r, i)));
        put(o, t, "customers", count(cjm_report_touchpoint_customers(r, i)));
        put(o, t, "feedback", count(cjm_report_touchpoint_feedback(r, i)));
        put(o, t, "mean_score", real(cjm_report_touchpoint_mean_score(r, i)));
        add(o, list, t);
    }
    return list;
}

static json_t *channels(out *o, const cjm_report *r)
{
    json_t *c = cjmj_new_object(), *events = cjmj_new_object(), *matrix = json_array();
    for (size_t i = 0; i < cjm_report_channel_count(r); i++)
        put(o, events, cjm_report_channel(r, i), count(cjm_report_channel_events(r, i)));
    for (size_t i = 0; i < cjm_report_matrix_count(r); i++) {
        json_t *m = cjmj_new_object();
        put(o, m, "from", text(cjm_report_matrix_from(r, i)));
        put(o, m, "to", text(cjm_report_matrix_to(r, i)));
        put(o, m, "count", count(cjm_report_matrix_switches(r, i)));
        add(o, matrix, m);
    }
    put(o, c, "events", events);
    put(o, c, "switches", count(cjm_report_switches(r)));
    put(o, c, "multichannel_customers", count(cjm_report_multichannel_customers(r)));
    put(o, c, "matrix", matrix);
    return c;
}

static json_t *backtracks(out *o, const cjm_report *r)
{
    json_t *b = cjmj_new_object(), *pairs = json_array();
    for (size_t i = 0; i < cjm_report_backtrack_pair_count(r); i++) {
        json_t *p = cjmj_new_object();
        put(o, p, "from", text(cjm_report_backtrack_from(r, i)));
        put(o, p, "to", text(cjm_report_backtrack_to(r, i)));
        put(o, p, "count", count(cjm_report_backtrack_pair_backtracks(r, i)));
        put(o, p, "customers", count(cjm_report_backtrack_pair_customers(r, i)));
        add(o, pairs, p);
    }
    put(o, b, "total", count(cjm_report_backtracks(r)));
    put(o, b, "customers", count(cjm_report_backtrack_customers(r)));
    put(o, b, "pairs", pairs);
    return b;
}

static json_t *gaps(out *o, const cjm_report *r)
{
    json_t *list = json_array();
    for (size_t i = 0; i < cjm_report_gap_count(r); i++) {
        const cjm_gap *g = cjm_report_gap(r, i);
        json_t *j = cjmj_new_object();
        put(o, j, "kind", text(cjm_gap_kind_name(cjm_gap_kind_of(g))));
        put(o, j, "stage", text(cjm_gap_stage(g)));
        put(o, j, "touchpoint", text(cjm_gap_touchpoint(g)));
        put(o, j, "to_stage", text(cjm_gap_to_stage(g)));
        put(o, j, "value", real(cjm_gap_value(g)));
        put(o, j, "count", count(cjm_gap_count(g)));
        put(o, j, "severity", real(cjm_gap_severity(g)));
        put(o, j, "message", text(cjm_gap_message(g)));
        add(o, list, j);
    }
    return list;
}

static cjm_status write_report(const cjm_report *r, unsigned flags, char **result,
                               size_t *length, FILE *file, const char *path, const char *func)
{
    if (!r || (!result && !file && !path))
        return cjmj_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, r ? "output" : "report");
    out o = { 0 };
    json_t *doc = cjmj_new_object();
    put(&o, doc, "format", json_string("cjm-report"));
    put(&o, doc, "version", json_integer(1));
    put(&o, doc, "journey", text(cjm_report_journey(r)));
    put(&o, doc, "totals", totals(&o, r));
    put(&o, doc, "map_channel_switches", count(cjm_report_map_channel_switches(r)));
    put(&o, doc, "stages", stages(&o, r));
    put(&o, doc, "touchpoints", touchpoints(&o, r));
    put(&o, doc, "channels", channels(&o, r));
    put(&o, doc, "backtracks", backtracks(&o, r));
    put(&o, doc, "gaps", gaps(&o, r));
    if (o.failed) {
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
