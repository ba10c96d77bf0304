/* The report's getters. */
#include <math.h>

#include "report-private.h"
#include "../analysis/gap-list.h"
#include "../core/score.h"

CJM_EXPORT const char *cjm_report_journey(const cjm_report *r) { return r ? r->journey : NULL; }
CJM_EXPORT uint64_t cjm_report_customers(const cjm_report *r) { return r ? r->customers : 0; }
CJM_EXPORT uint64_t cjm_report_events(const cjm_report *r) { return r ? r->events : 0; }
CJM_EXPORT uint64_t cjm_report_feedback(const cjm_report *r) { return r ? r->feedback : 0; }
CJM_EXPORT uint64_t cjm_report_map_feedback(const cjm_report *r)
{
    return r ? r->map_feedback : 0;
}
CJM_EXPORT uint64_t cjm_report_completed(const cjm_report *r) { return r ? r->completed : 0; }
CJM_EXPORT uint64_t cjm_report_rejected(const cjm_report *r) { return r ? r->rejected : 0; }
CJM_EXPORT uint64_t cjm_report_map_channel_switches(const cjm_report *r)
{
    return r ? r->map_switches : 0;
}

/* The place of a percentile the report gives, or -1. */
static int percentile_index(unsigned percent)
{
    static const unsigned given[4] = CJMI_PERCENTILES;
    for (int i = 0; i < 4; i++)
        if (given[i] == percent)
            return i;
    return -1;
}

CJM_EXPORT uint64_t cjm_report_completion_samples(const cjm_report *r)
{
    return r ? r->completion_samples : 0;
}
CJM_EXPORT int64_t cjm_report_completion_percentile(const cjm_report *r, unsigned percent)
{
    int k = percentile_index(percent);
    return r && r->completion_samples && k >= 0 ? r->completion_ms[k] : CJM_UNSET;
}

static const cjmi_stage_figures *stage(const cjm_report *r, size_t i)
{
    return r && i < r->stage_count ? &r->stages[i] : NULL;
}

CJM_EXPORT size_t cjm_report_stage_count(const cjm_report *r) { return r ? r->stage_count : 0; }
CJM_EXPORT const char *cjm_report_stage_id(const cjm_report *r, size_t i)
{
    return stage(r, i) ? r->stage_ids[i] : NULL;
}
CJM_EXPORT uint64_t cjm_report_stage_reached(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->reached : 0;
}
CJM_EXPORT uint64_t cjm_report_stage_funnel(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->funnel : 0;
}
CJM_EXPORT uint64_t cjm_report_stage_dropped(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->dropped : 0;
}
CJM_EXPORT double cjm_report_stage_drop_rate(const cjm_report *r, size_t i)
{
    const cjmi_stage_figures *s = stage(r, i);
    if (!s)
        return NAN;
    return s->reached ? (double)s->dropped / (double)s->reached : 0.0;
}
CJM_EXPORT uint64_t cjm_report_stage_silent_churn(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->silent_churn : 0;
}
CJM_EXPORT uint64_t cjm_report_stage_feedback(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->feedback : 0;
}
CJM_EXPORT double cjm_report_stage_mean_score(const cjm_report *r, size_t i)
{
    const cjmi_stage_figures *s = stage(r, i);
    return s && s->feedback ? cjmi_mean(s->score_sum, s->feedback) : NAN;
}
CJM_EXPORT double cjm_report_stage_score_sd(const cjm_report *r, size_t i)
{
    const cjmi_stage_figures *s = stage(r, i);
    return s ? cjmi_score_sd(s->feedback, s->score_sum, s->squares) : NAN;
}
CJM_EXPORT double cjm_report_stage_score_high(const cjm_report *r, size_t i)
{
    const cjmi_stage_figures *s = stage(r, i);
    return s ? cjmi_score_high(s->feedback, s->score_sum, s->squares, r->confidence) : NAN;
}
CJM_EXPORT uint64_t cjm_report_stage_map_feedback(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->map_feedback : 0;
}
CJM_EXPORT double cjm_report_stage_map_mean_score(const cjm_report *r, size_t i)
{
    const cjmi_stage_figures *s = stage(r, i);
    return s && s->map_feedback ? cjmi_mean(s->map_score_sum, s->map_feedback) : NAN;
}
CJM_EXPORT int64_t cjm_report_stage_median_transition_ms(const cjm_report *r, size_t i)
{
    const cjmi_stage_figures *s = stage(r, i);
    return s && s->transition_samples ? s->median_transition_ms : CJM_UNSET;
}
CJM_EXPORT uint64_t cjm_report_stage_transition_samples(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->transition_samples : 0;
}
CJM_EXPORT int64_t cjm_report_stage_transition_percentile(const cjm_report *r, size_t i,
                                                          unsigned percent)
{
    const cjmi_stage_figures *s = stage(r, i);
    int k = percentile_index(percent);
    return s && s->transition_samples && k >= 0 ? s->transition_ms[k] : CJM_UNSET;
}
CJM_EXPORT uint64_t cjm_report_stage_switch_customers(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->switch_customers : 0;
}
CJM_EXPORT uint64_t cjm_report_stage_hop_customers(const cjm_report *r, size_t i)
{
    return stage(r, i) ? stage(r, i)->hop_customers : 0;
}

static const cjmi_touchpoint_figures *touchpoint(const cjm_report *r, size_t i)
{
    return r && i < r->touchpoint_count ? &r->touchpoints[i] : NULL;
}

CJM_EXPORT size_t cjm_report_touchpoint_count(const cjm_report *r)
{
    return r ? r->touchpoint_count : 0;
}
CJM_EXPORT const char *cjm_report_touchpoint_id(const cjm_report *r, size_t i)
{
    return touchpoint(r, i) ? touchpoint(r, i)->id : NULL;
}
CJM_EXPORT const char *cjm_report_touchpoint_stage(const cjm_report *r, size_t i)
{
    const cjmi_touchpoint_figures *t = touchpoint(r, i);
    return t && t->stage != CJMI_NO_STAGE ? r->stage_ids[t->stage] : NULL;
}
CJM_EXPORT bool cjm_report_touchpoint_planned(const cjm_report *r, size_t i)
{
    return touchpoint(r, i) && r->touchpoint_planned[i];
}
CJM_EXPORT const char *cjm_report_touchpoint_channel(const cjm_report *r, size_t i)
{
    return touchpoint(r, i) ? r->touchpoint_channels[i] : NULL;
}
CJM_EXPORT uint64_t cjm_report_touchpoint_events(const cjm_report *r, size_t i)
{
    return touchpoint(r, i) ? touchpoint(r, i)->events : 0;
}
CJM_EXPORT uint64_t cjm_report_touchpoint_customers(const cjm_report *r, size_t i)
{
    return touchpoint(r, i) ? touchpoint(r, i)->customers : 0;
}
CJM_EXPORT uint64_t cjm_report_touchpoint_feedback(const cjm_report *r, size_t i)
{
    return touchpoint(r, i) ? touchpoint(r, i)->feedback : 0;
}
CJM_EXPORT double cjm_report_touchpoint_mean_score(const cjm_report *r, size_t i)
{
    const cjmi_touchpoint_figures *t = touchpoint(r, i);
    return t && t->feedback ? cjmi_mean(t->score_sum, t->feedback) : NAN;
}
CJM_EXPORT double cjm_report_touchpoint_score_sd(const cjm_report *r, size_t i)
{
    const cjmi_touchpoint_figures *t = touchpoint(r, i);
    return t ? cjmi_score_sd(t->feedback, t->score_sum, t->squares) : NAN;
}
CJM_EXPORT double cjm_report_touchpoint_score_high(const cjm_report *r, size_t i)
{
    const cjmi_touchpoint_figures *t = touchpoint(r, i);
    return t ? cjmi_score_high(t->feedback, t->score_sum, t->squares, r->confidence) : NAN;
}
CJM_EXPORT uint64_t cjm_report_touchpoint_map_feedback(const cjm_report *r, size_t i)
{
    return touchpoint(r, i) ? touchpoint(r, i)->map_feedback : 0;
}
CJM_EXPORT double cjm_report_touchpoint_map_mean_score(const cjm_report *r, size_t i)
{
    const cjmi_touchpoint_figures *t = touchpoint(r, i);
    return t && t->map_feedback ? cjmi_mean(t->map_score_sum, t->map_feedback) : NAN;
}

CJM_EXPORT size_t cjm_report_channel_count(const cjm_report *r) { return r ? r->channel_count : 0; }
CJM_EXPORT const char *cjm_report_channel(const cjm_report *r, size_t i)
{
    return r && i < r->channel_count ? r->channels[i].name : NULL;
}
CJM_EXPORT uint64_t cjm_report_channel_events(const cjm_report *r, size_t i)
{
    return r && i < r->channel_count ? r->channels[i].events : 0;
}
CJM_EXPORT uint64_t cjm_report_switches(const cjm_report *r) { return r ? r->switches : 0; }
CJM_EXPORT uint64_t cjm_report_multichannel_customers(const cjm_report *r)
{
    return r ? r->multichannel : 0;
}
CJM_EXPORT size_t cjm_report_matrix_count(const cjm_report *r) { return r ? r->matrix_count : 0; }
CJM_EXPORT const char *cjm_report_matrix_from(const cjm_report *r, size_t i)
{
    return r && i < r->matrix_count ? r->channels[r->matrix[i].from].name : NULL;
}
CJM_EXPORT const char *cjm_report_matrix_to(const cjm_report *r, size_t i)
{
    return r && i < r->matrix_count ? r->channels[r->matrix[i].to].name : NULL;
}
CJM_EXPORT uint64_t cjm_report_matrix_switches(const cjm_report *r, size_t i)
{
    return r && i < r->matrix_count ? r->matrix[i].switches : 0;
}

CJM_EXPORT uint64_t cjm_report_backtracks(const cjm_report *r) { return r ? r->backtracks : 0; }
CJM_EXPORT uint64_t cjm_report_backtrack_customers(const cjm_report *r)
{
    return r ? r->backtrack_customers : 0;
}
CJM_EXPORT size_t cjm_report_backtrack_pair_count(const cjm_report *r)
{
    return r ? r->pair_count : 0;
}
CJM_EXPORT const char *cjm_report_backtrack_from(const cjm_report *r, size_t i)
{
    return r && i < r->pair_count ? r->stage_ids[r->pairs[i].from] : NULL;
}
CJM_EXPORT const char *cjm_report_backtrack_to(const cjm_report *r, size_t i)
{
    return r && i < r->pair_count ? r->stage_ids[r->pairs[i].to] : NULL;
}
CJM_EXPORT uint64_t cjm_report_backtrack_pair_backtracks(const cjm_report *r, size_t i)
{
    return r && i < r->pair_count ? r->pairs[i].count : 0;
}
CJM_EXPORT uint64_t cjm_report_backtrack_pair_customers(const cjm_report *r, size_t i)
{
    return r && i < r->pair_count ? r->pairs[i].customers : 0;
}

CJM_EXPORT const cjm_gap_list *cjm_report_gaps(const cjm_report *r) { return r ? r->gaps : NULL; }
CJM_EXPORT size_t cjm_report_gap_count(const cjm_report *r)
{
    return r ? cjm_gap_list_count(r->gaps) : 0;
}
CJM_EXPORT const cjm_gap *cjm_report_gap(const cjm_report *r, size_t i)
{
    return r ? cjm_gap_list_get(r->gaps, i) : NULL;
}

CJM_EXPORT const char *cjm_report_breakdown(const cjm_report *r)
{
    return r ? r->breakdown : NULL;
}
CJM_EXPORT size_t cjm_report_segment_count(const cjm_report *r)
{
    return r ? r->segment_count : 0;
}

static const cjmi_segment_figures *segment(const cjm_report *r, size_t i)
{
    return r && i < r->segment_count ? &r->segments[i] : NULL;
}

static const cjmi_segment_stage_figures *segment_stage(const cjm_report *r, size_t i, size_t s)
{
    return segment(r, i) && s < r->stage_count ? &r->segments[i].stages[s] : NULL;
}

CJM_EXPORT const char *cjm_report_segment_value(const cjm_report *r, size_t i)
{
    return segment(r, i) ? segment(r, i)->value : NULL;
}
CJM_EXPORT bool cjm_report_segment_other(const cjm_report *r, size_t i)
{
    return segment(r, i) && segment(r, i)->other;
}
CJM_EXPORT uint64_t cjm_report_segment_customers(const cjm_report *r, size_t i)
{
    return segment(r, i) ? segment(r, i)->customers : 0;
}
CJM_EXPORT uint64_t cjm_report_segment_events(const cjm_report *r, size_t i)
{
    return segment(r, i) ? segment(r, i)->events : 0;
}
CJM_EXPORT uint64_t cjm_report_segment_completed(const cjm_report *r, size_t i)
{
    return segment(r, i) ? segment(r, i)->completed : 0;
}
CJM_EXPORT double cjm_report_segment_completion_rate(const cjm_report *r, size_t i)
{
    const cjmi_segment_figures *e = segment(r, i);
    if (!e)
        return NAN;
    return e->customers ? (double)e->completed / (double)e->customers : 0.0;
}
CJM_EXPORT uint64_t cjm_report_segment_feedback(const cjm_report *r, size_t i)
{
    return segment(r, i) ? segment(r, i)->feedback : 0;
}
CJM_EXPORT double cjm_report_segment_mean_score(const cjm_report *r, size_t i)
{
    const cjmi_segment_figures *e = segment(r, i);
    return e && e->feedback ? cjmi_mean(e->score_sum, e->feedback) : NAN;
}
CJM_EXPORT uint64_t cjm_report_segment_stage_reached(const cjm_report *r, size_t i, size_t s)
{
    return segment_stage(r, i, s) ? segment_stage(r, i, s)->reached : 0;
}
CJM_EXPORT uint64_t cjm_report_segment_stage_funnel(const cjm_report *r, size_t i, size_t s)
{
    return segment_stage(r, i, s) ? segment_stage(r, i, s)->funnel : 0;
}
CJM_EXPORT uint64_t cjm_report_segment_stage_dropped(const cjm_report *r, size_t i, size_t s)
{
    return segment_stage(r, i, s) ? segment_stage(r, i, s)->dropped : 0;
}
CJM_EXPORT double cjm_report_segment_stage_drop_rate(const cjm_report *r, size_t i, size_t s)
{
    const cjmi_segment_stage_figures *f = segment_stage(r, i, s);
    if (!f)
        return NAN;
    return f->reached ? (double)f->dropped / (double)f->reached : 0.0;
}
CJM_EXPORT uint64_t cjm_report_segment_stage_silent_churn(const cjm_report *r, size_t i,
                                                          size_t s)
{
    return segment_stage(r, i, s) ? segment_stage(r, i, s)->silent_churn : 0;
}
CJM_EXPORT uint64_t cjm_report_segment_stage_feedback(const cjm_report *r, size_t i, size_t s)
{
    return segment_stage(r, i, s) ? segment_stage(r, i, s)->feedback : 0;
}
CJM_EXPORT double cjm_report_segment_stage_mean_score(const cjm_report *r, size_t i, size_t s)
{
    const cjmi_segment_stage_figures *f = segment_stage(r, i, s);
    return f && f->feedback ? cjmi_mean(f->score_sum, f->feedback) : NAN;
}
CJM_EXPORT double cjm_report_segment_stage_score_sd(const cjm_report *r, size_t i, size_t s)
{
    const cjmi_segment_stage_figures *f = segment_stage(r, i, s);
    return f ? cjmi_score_sd(f->feedback, f->score_sum, f->squares) : NAN;
}
