/* The report as tables (cjm/tables.h): the one description of every
 * member of the bulk report, in the JSON document's order. A figure added
 * here reaches every consumer that walks the description; tables-read.c
 * reads the report through it. */
#include <math.h>

#include "cjm/tables.h"
#include "report-private.h"
#include "../analysis/gap-list.h"
#include "tables-private.h"
#include "tables-paths.h"

/* The report format version the description writes. */
#define REPORT_VERSION 2

typedef cjmi_value value;
typedef cjmi_column column;

static void set_count(value *v, uint64_t n) { v->as.count = n; }
static void set_integer(value *v, int64_t n)
{
    v->null = n == CJM_UNSET;
    v->as.integer = n;
}
static void set_real(value *v, double x)
{
    v->null = isnan(x);
    v->as.real = x;
}

/* A getter per column, named after its table and member. */
#define GET(name) static void name(value *v, const cjm_report *r, size_t i)
#define UNUSED_ROW (void)i

GET(report_format) { (void)r; UNUSED_ROW; cjmi_set_text(v, "cjm-report"); }
GET(report_version) { (void)r; UNUSED_ROW; set_count(v, REPORT_VERSION); }
GET(report_journey) { UNUSED_ROW; cjmi_set_text(v, cjm_report_journey(r)); }
GET(report_customers) { UNUSED_ROW; set_count(v, cjm_report_customers(r)); }
GET(report_events) { UNUSED_ROW; set_count(v, cjm_report_events(r)); }
GET(report_feedback) { UNUSED_ROW; set_count(v, cjm_report_feedback(r)); }
GET(report_map_feedback) { UNUSED_ROW; set_count(v, cjm_report_map_feedback(r)); }
/* A percentile column of a distribution: null, as its samples, when
 * there are none. */
static void set_samples(value *v, uint64_t n)
{
    v->null = n == 0;
    v->as.count = n;
}
GET(report_completion_samples) { UNUSED_ROW; set_samples(v, cjm_report_completion_samples(r)); }
GET(report_completion_p25) { UNUSED_ROW; set_integer(v, cjm_report_completion_percentile(r, 25)); }
GET(report_completion_p50) { UNUSED_ROW; set_integer(v, cjm_report_completion_percentile(r, 50)); }
GET(report_completion_p75) { UNUSED_ROW; set_integer(v, cjm_report_completion_percentile(r, 75)); }
GET(report_completion_p90) { UNUSED_ROW; set_integer(v, cjm_report_completion_percentile(r, 90)); }
GET(report_completed) { UNUSED_ROW; set_count(v, cjm_report_completed(r)); }
GET(report_rejected) { UNUSED_ROW; set_count(v, cjm_report_rejected(r)); }
GET(report_map_switches) { UNUSED_ROW; set_count(v, cjm_report_map_channel_switches(r)); }
GET(report_switches) { UNUSED_ROW; set_count(v, cjm_report_switches(r)); }
GET(report_multichannel) { UNUSED_ROW; set_count(v, cjm_report_multichannel_customers(r)); }
GET(report_backtracks) { UNUSED_ROW; set_count(v, cjm_report_backtracks(r)); }
GET(report_backtrack_customers) { UNUSED_ROW; set_count(v, cjm_report_backtrack_customers(r)); }

/* Without a breakdown, `breakdown` and `segments` are left out. */
GET(report_breakdown)
{
    UNUSED_ROW;
    if (!cjm_report_breakdown(r))
        cjmi_set_absent(v);
    else
        cjmi_set_text(v, cjm_report_breakdown(r));
}
GET(report_segments)
{
    UNUSED_ROW;
    if (!cjm_report_breakdown(r))
        cjmi_set_absent(v);
    else
        cjmi_set_rows(v, 0, cjm_report_segment_count(r));
}

static const column report_columns[] = {
    { "format", CJM_VALUE_TEXT, false, 0, report_format },
    { "version", CJM_VALUE_COUNT, false, 0, report_version },
    { "journey", CJM_VALUE_TEXT, false, 0, report_journey },
    { "totals.customers", CJM_VALUE_COUNT, false, 0, report_customers },
    { "totals.events", CJM_VALUE_COUNT, false, 0, report_events },
    { "totals.feedback", CJM_VALUE_COUNT, false, 0, report_feedback },
    { "totals.map_feedback", CJM_VALUE_COUNT, false, 0, report_map_feedback },
    { "totals.completed", CJM_VALUE_COUNT, false, 0, report_completed },
    { "totals.rejected", CJM_VALUE_COUNT, false, 0, report_rejected },
    { "map_channel_switches", CJM_VALUE_COUNT, false, 0, report_map_switches },
    { "stages", CJM_VALUE_TABLE, false, CJM_TABLE_STAGES, NULL },
    { "touchpoints", CJM_VALUE_TABLE, false, CJM_TABLE_TOUCHPOINTS, NULL },
    { "channels.events", CJM_VALUE_TABLE, false, CJM_TABLE_CHANNELS, NULL },
    { "channels.switches", CJM_VALUE_COUNT, false, 0, report_switches },
    { "channels.multichannel_customers", CJM_VALUE_COUNT, false, 0, report_multichannel },
    { "channels.matrix", CJM_VALUE_TABLE, false, CJM_TABLE_MATRIX, NULL },
    { "backtracks.total", CJM_VALUE_COUNT, false, 0, report_backtracks },
    { "backtracks.customers", CJM_VALUE_COUNT, false, 0, report_backtrack_customers },
    { "backtracks.pairs", CJM_VALUE_TABLE, false, CJM_TABLE_BACKTRACK_PAIRS, NULL },
    { "completion_ms.samples", CJM_VALUE_COUNT, true, 0, report_completion_samples },
    { "completion_ms.p25", CJM_VALUE_INTEGER, true, 0, report_completion_p25 },
    { "completion_ms.p50", CJM_VALUE_INTEGER, true, 0, report_completion_p50 },
    { "completion_ms.p75", CJM_VALUE_INTEGER, true, 0, report_completion_p75 },
    { "completion_ms.p90", CJM_VALUE_INTEGER, true, 0, report_completion_p90 },
    { "paths.distinct", CJM_VALUE_COUNT, false, 0, cjmi_get_path_distinct },
    { "paths.top", CJM_VALUE_TABLE, false, CJM_TABLE_PATHS, NULL },
    { "flow.edges", CJM_VALUE_TABLE, false, CJM_TABLE_FLOW_EDGES, NULL },
    { "flow.starts", CJM_VALUE_TABLE, false, CJM_TABLE_FLOW_STARTS, NULL },
    { "flow.ends", CJM_VALUE_TABLE, false, CJM_TABLE_FLOW_ENDS, NULL },
    { "breakdown", CJM_VALUE_TEXT, CJMI_OPTIONAL, 0, report_breakdown },
    { "segments", CJM_VALUE_TABLE, CJMI_OPTIONAL, CJM_TABLE_SEGMENTS, report_segments },
    { "gaps", CJM_VALUE_TABLE, false, CJM_TABLE_GAPS, NULL },
};

GET(stage_id) { cjmi_set_text(v, cjm_report_stage_id(r, i)); }
GET(stage_reached) { set_count(v, cjm_report_stage_reached(r, i)); }
GET(stage_dropped) { set_count(v, cjm_report_stage_dropped(r, i)); }
GET(stage_drop_rate) { set_real(v, cjm_report_stage_drop_rate(r, i)); }
GET(stage_silent_churn) { set_count(v, cjm_report_stage_silent_churn(r, i)); }
GET(stage_feedback) { set_count(v, cjm_report_stage_feedback(r, i)); }
GET(stage_mean_score) { set_real(v, cjm_report_stage_mean_score(r, i)); }
GET(stage_score_sd) { set_real(v, cjm_report_stage_score_sd(r, i)); }
GET(stage_score_high) { set_real(v, cjm_report_stage_score_high(r, i)); }
GET(stage_map_feedback) { set_count(v, cjm_report_stage_map_feedback(r, i)); }
GET(stage_map_mean_score) { set_real(v, cjm_report_stage_map_mean_score(r, i)); }
GET(stage_funnel) { set_count(v, cjm_report_stage_funnel(r, i)); }
GET(stage_transition_samples) { set_samples(v, cjm_report_stage_transition_samples(r, i)); }
GET(stage_transition_p25) { set_integer(v, cjm_report_stage_transition_percentile(r, i, 25)); }
GET(stage_transition_p50) { set_integer(v, cjm_report_stage_transition_percentile(r, i, 50)); }
GET(stage_transition_p75) { set_integer(v, cjm_report_stage_transition_percentile(r, i, 75)); }
GET(stage_transition_p90) { set_integer(v, cjm_report_stage_transition_percentile(r, i, 90)); }
GET(stage_hop_customers) { set_count(v, cjm_report_stage_hop_customers(r, i)); }
GET(stage_median_transition) { set_integer(v, cjm_report_stage_median_transition_ms(r, i)); }
GET(stage_switch_customers) { set_count(v, cjm_report_stage_switch_customers(r, i)); }

static const column stage_columns[] = {
    { "id", CJM_VALUE_TEXT, false, 0, stage_id },
    { "reached", CJM_VALUE_COUNT, false, 0, stage_reached },
    { "funnel", CJM_VALUE_COUNT, false, 0, stage_funnel },
    { "dropped", CJM_VALUE_COUNT, false, 0, stage_dropped },
    { "drop_rate", CJM_VALUE_REAL, false, 0, stage_drop_rate },
    { "silent_churn", CJM_VALUE_COUNT, false, 0, stage_silent_churn },
    { "feedback", CJM_VALUE_COUNT, false, 0, stage_feedback },
    { "mean_score", CJM_VALUE_REAL, true, 0, stage_mean_score },
    { "score_sd", CJM_VALUE_REAL, true, 0, stage_score_sd },
    { "score_high", CJM_VALUE_REAL, true, 0, stage_score_high },
    { "map_feedback", CJM_VALUE_COUNT, false, 0, stage_map_feedback },
    { "map_mean_score", CJM_VALUE_REAL, true, 0, stage_map_mean_score },
    { "transition_ms.samples", CJM_VALUE_COUNT, true, 0, stage_transition_samples },
    { "transition_ms.p25", CJM_VALUE_INTEGER, true, 0, stage_transition_p25 },
    { "transition_ms.p50", CJM_VALUE_INTEGER, true, 0, stage_transition_p50 },
    { "transition_ms.p75", CJM_VALUE_INTEGER, true, 0, stage_transition_p75 },
    { "transition_ms.p90", CJM_VALUE_INTEGER, true, 0, stage_transition_p90 },
    { "median_transition_ms", CJM_VALUE_INTEGER, true, 0, stage_median_transition },
    { "switch_customers", CJM_VALUE_COUNT, false, 0, stage_switch_customers },
    { "hop_customers", CJM_VALUE_COUNT, false, 0, stage_hop_customers },
    { "exits", CJM_VALUE_TABLE, true, CJM_TABLE_EXITS, cjmi_get_stage_exits },
};

/* The description reads only rows the report has (tables-read.c asks
 * first), so the getters of plain fields read the row where it is rather
 * than through the checked accessors: a writer of every report of a
 * GROUP BY reads a few hundred values a group. */
static const cjmi_touchpoint_figures *touchpoint_row(const cjm_report *r, size_t i)
{
    return &r->touchpoints[i];
}

GET(touchpoint_id) { cjmi_set_text(v, touchpoint_row(r, i)->id); }
GET(touchpoint_stage) { cjmi_set_text(v, cjm_report_touchpoint_stage(r, i)); }
GET(touchpoint_planned) { v->as.boolean = r->touchpoint_planned[i]; }
GET(touchpoint_channel) { cjmi_set_text(v, r->touchpoint_channels[i]); }
GET(touchpoint_events) { set_count(v, touchpoint_row(r, i)->events); }
GET(touchpoint_customers) { set_count(v, touchpoint_row(r, i)->customers); }
GET(touchpoint_feedback) { set_count(v, touchpoint_row(r, i)->feedback); }
GET(touchpoint_mean_score) { set_real(v, cjm_report_touchpoint_mean_score(r, i)); }
GET(touchpoint_score_sd) { set_real(v, cjm_report_touchpoint_score_sd(r, i)); }
GET(touchpoint_score_high) { set_real(v, cjm_report_touchpoint_score_high(r, i)); }
GET(touchpoint_map_feedback) { set_count(v, touchpoint_row(r, i)->map_feedback); }
GET(touchpoint_map_mean_score) { set_real(v, cjm_report_touchpoint_map_mean_score(r, i)); }

static const column touchpoint_columns[] = {
    { "id", CJM_VALUE_TEXT, false, 0, touchpoint_id },
    { "stage", CJM_VALUE_TEXT, true, 0, touchpoint_stage },
    { "planned", CJM_VALUE_BOOLEAN, false, 0, touchpoint_planned },
    { "channel", CJM_VALUE_TEXT, false, 0, touchpoint_channel },
    { "events", CJM_VALUE_COUNT, false, 0, touchpoint_events },
    { "customers", CJM_VALUE_COUNT, false, 0, touchpoint_customers },
    { "feedback", CJM_VALUE_COUNT, false, 0, touchpoint_feedback },
    { "mean_score", CJM_VALUE_REAL, true, 0, touchpoint_mean_score },
    { "score_sd", CJM_VALUE_REAL, true, 0, touchpoint_score_sd },
    { "score_high", CJM_VALUE_REAL, true, 0, touchpoint_score_high },
    { "map_feedback", CJM_VALUE_COUNT, false, 0, touchpoint_map_feedback },
    { "map_mean_score", CJM_VALUE_REAL, true, 0, touchpoint_map_mean_score },
};

GET(channel_name) { cjmi_set_text(v, cjm_report_channel(r, i)); }
GET(channel_events) { set_count(v, cjm_report_channel_events(r, i)); }

static const column channel_columns[] = {
    { "channel", CJM_VALUE_TEXT, false, 0, channel_name },
    { "events", CJM_VALUE_COUNT, false, 0, channel_events },
};

GET(matrix_from) { cjmi_set_text(v, cjm_report_matrix_from(r, i)); }
GET(matrix_to) { cjmi_set_text(v, cjm_report_matrix_to(r, i)); }
GET(matrix_count) { set_count(v, cjm_report_matrix_switches(r, i)); }

static const column matrix_columns[] = {
    { "from", CJM_VALUE_TEXT, false, 0, matrix_from },
    { "to", CJM_VALUE_TEXT, false, 0, matrix_to },
    { "count", CJM_VALUE_COUNT, false, 0, matrix_count },
};

GET(pair_from) { cjmi_set_text(v, cjm_report_backtrack_from(r, i)); }
GET(pair_to) { cjmi_set_text(v, cjm_report_backtrack_to(r, i)); }
GET(pair_count) { set_count(v, cjm_report_backtrack_pair_backtracks(r, i)); }
GET(pair_customers) { set_count(v, cjm_report_backtrack_pair_customers(r, i)); }

static const column pair_columns[] = {
    { "from", CJM_VALUE_TEXT, false, 0, pair_from },
    { "to", CJM_VALUE_TEXT, false, 0, pair_to },
    { "count", CJM_VALUE_COUNT, false, 0, pair_count },
    { "customers", CJM_VALUE_COUNT, false, 0, pair_customers },
};

GET(segment_value) { cjmi_set_text(v, cjm_report_segment_value(r, i)); }
GET(segment_other) { v->as.boolean = cjm_report_segment_other(r, i); }
GET(segment_customers) { set_count(v, cjm_report_segment_customers(r, i)); }
GET(segment_events) { set_count(v, cjm_report_segment_events(r, i)); }
GET(segment_completed) { set_count(v, cjm_report_segment_completed(r, i)); }
GET(segment_completion_rate) { set_real(v, cjm_report_segment_completion_rate(r, i)); }
GET(segment_feedback) { set_count(v, cjm_report_segment_feedback(r, i)); }
GET(segment_mean_score) { set_real(v, cjm_report_segment_mean_score(r, i)); }
/* A segment's stages: its run of segment_stages, one row per stage. */
GET(segment_stages)
{
    size_t k = cjm_report_stage_count(r);
    cjmi_set_rows(v, i * k, k);
}

static const column segment_columns[] = {
    { "value", CJM_VALUE_TEXT, true, 0, segment_value },
    { "other", CJM_VALUE_BOOLEAN, false, 0, segment_other },
    { "customers", CJM_VALUE_COUNT, false, 0, segment_customers },
    { "events", CJM_VALUE_COUNT, false, 0, segment_events },
    { "completed", CJM_VALUE_COUNT, false, 0, segment_completed },
    { "completion_rate", CJM_VALUE_REAL, false, 0, segment_completion_rate },
    { "feedback", CJM_VALUE_COUNT, false, 0, segment_feedback },
    { "mean_score", CJM_VALUE_REAL, true, 0, segment_mean_score },
    { "stages", CJM_VALUE_TABLE, false, CJM_TABLE_SEGMENT_STAGES, segment_stages },
};

/* Row j of segment_stages: segment j / k, stage j % k (k stages). */
static size_t entry_of(const cjm_report *r, size_t j)
{
    size_t k = cjm_report_stage_count(r);
    return k ? j / k : 0;
}
static size_t stage_of(const cjm_report *r, size_t j)
{
    size_t k = cjm_report_stage_count(r);
    return k ? j % k : 0;
}
#define SEGMENT_STAGE(call) call(r, entry_of(r, i), stage_of(r, i))
GET(segment_stage_id) { cjmi_set_text(v, cjm_report_stage_id(r, stage_of(r, i))); }
GET(segment_stage_reached) { set_count(v, SEGMENT_STAGE(cjm_report_segment_stage_reached)); }
GET(segment_stage_funnel) { set_count(v, SEGMENT_STAGE(cjm_report_segment_stage_funnel)); }
GET(segment_stage_dropped) { set_count(v, SEGMENT_STAGE(cjm_report_segment_stage_dropped)); }
GET(segment_stage_drop_rate) { set_real(v, SEGMENT_STAGE(cjm_report_segment_stage_drop_rate)); }
GET(segment_stage_silent) { set_count(v, SEGMENT_STAGE(cjm_report_segment_stage_silent_churn)); }
GET(segment_stage_feedback) { set_count(v, SEGMENT_STAGE(cjm_report_segment_stage_feedback)); }
GET(segment_stage_mean_score) { set_real(v, SEGMENT_STAGE(cjm_report_segment_stage_mean_score)); }
GET(segment_stage_score_sd) { set_real(v, SEGMENT_STAGE(cjm_report_segment_stage_score_sd)); }

static const column segment_stage_columns[] = {
    { "id", CJM_VALUE_TEXT, false, 0, segment_stage_id },
    { "reached", CJM_VALUE_COUNT, false, 0, segment_stage_reached },
    { "funnel", CJM_VALUE_COUNT, false, 0, segment_stage_funnel },
    { "dropped", CJM_VALUE_COUNT, false, 0, segment_stage_dropped },
    { "drop_rate", CJM_VALUE_REAL, false, 0, segment_stage_drop_rate },
    { "silent_churn", CJM_VALUE_COUNT, false, 0, segment_stage_silent },
    { "feedback", CJM_VALUE_COUNT, false, 0, segment_stage_feedback },
    { "mean_score", CJM_VALUE_REAL, true, 0, segment_stage_mean_score },
    { "score_sd", CJM_VALUE_REAL, true, 0, segment_stage_score_sd },
};

static size_t segment_stage_rows(const cjm_report *r)
{
    return cjm_report_segment_count(r) * cjm_report_stage_count(r);
}

static const cjm_gap *gap_row(const cjm_report *r, size_t i) { return &r->gaps->gaps[i]; }

GET(gap_kind) { cjmi_set_text(v, cjm_gap_kind_name(gap_row(r, i)->kind)); }
GET(gap_stage) { cjmi_set_text(v, gap_row(r, i)->stage); }
GET(gap_touchpoint) { cjmi_set_text(v, gap_row(r, i)->touchpoint); }
GET(gap_to_stage) { cjmi_set_text(v, gap_row(r, i)->to_stage); }
GET(gap_value) { set_real(v, gap_row(r, i)->value); }
GET(gap_count) { set_count(v, gap_row(r, i)->count); }
GET(gap_severity) { set_real(v, gap_row(r, i)->severity); }
GET(gap_message) { cjmi_set_text(v, gap_row(r, i)->message); }
/* Kinds 13 and 14 name their segment (null: customers without one);
 * every other kind leaves `segment` out. */
GET(gap_segment)
{
    const cjm_gap *g = gap_row(r, i);
    if (!cjm_gap_has_segment(g))
        cjmi_set_absent(v);
    else
        cjmi_set_text(v, cjm_gap_segment(g));
}

static const column gap_columns[] = {
    { "kind", CJM_VALUE_TEXT, false, 0, gap_kind },
    { "stage", CJM_VALUE_TEXT, true, 0, gap_stage },
    { "touchpoint", CJM_VALUE_TEXT, true, 0, gap_touchpoint },
    { "to_stage", CJM_VALUE_TEXT, true, 0, gap_to_stage },
    { "segment", CJM_VALUE_TEXT, CJMI_OPTIONAL, 0, gap_segment },
    { "value", CJM_VALUE_REAL, false, 0, gap_value },
    { "count", CJM_VALUE_COUNT, false, 0, gap_count },
    { "severity", CJM_VALUE_REAL, false, 0, gap_severity },
    { "message", CJM_VALUE_TEXT, false, 0, gap_message },
};

static size_t one_row(const cjm_report *r) { return r ? 1 : 0; }
static size_t gap_rows(const cjm_report *r) { return cjm_report_gap_count(r); }

#define COLUMNS(a) a, sizeof a / sizeof a[0]

/* Indexed by cjm_table. */
static const cjmi_table tables[] = {
    { "report", CJMI_OBJECTS, COLUMNS(report_columns), one_row },
    { "stages", CJMI_OBJECTS, COLUMNS(stage_columns), cjm_report_stage_count },
    { "touchpoints", CJMI_OBJECTS, COLUMNS(touchpoint_columns), cjm_report_touchpoint_count },
    { "channels", CJMI_KEYED, COLUMNS(channel_columns), cjm_report_channel_count },
    { "matrix", CJMI_OBJECTS, COLUMNS(matrix_columns), cjm_report_matrix_count },
    { "backtrack_pairs", CJMI_OBJECTS, COLUMNS(pair_columns), cjm_report_backtrack_pair_count },
    { "gaps", CJMI_OBJECTS, COLUMNS(gap_columns), gap_rows },
    { "segments", CJMI_OBJECTS, COLUMNS(segment_columns), cjm_report_segment_count },
    { "segment_stages", CJMI_OBJECTS, COLUMNS(segment_stage_columns), segment_stage_rows },
    { "paths", CJMI_OBJECTS, cjmi_path_columns, CJMI_PATH_COLUMNS, cjmi_path_rows },
    { "path_stages", CJMI_LIST, cjmi_path_stage_columns, CJMI_PATH_STAGE_COLUMNS,
      cjmi_path_stage_rows },
    { "flow_edges", CJMI_OBJECTS, cjmi_flow_edge_columns, CJMI_FLOW_EDGE_COLUMNS,
      cjmi_flow_edge_rows },
    { "flow_starts", CJMI_OBJECTS, cjmi_flow_start_columns, CJMI_FLOW_END_COLUMNS,
      cjmi_flow_start_rows },
    { "flow_ends", CJMI_OBJECTS, cjmi_flow_end_columns, CJMI_FLOW_END_COLUMNS,
      cjmi_flow_end_rows },
    { "exits", CJMI_OBJECTS, cjmi_exit_columns, CJMI_EXIT_COLUMNS, cjmi_exit_rows },
};

const cjmi_tables cjmi_report_tables = { tables, sizeof tables / sizeof tables[0] };
