/* Finding gaps from figures: the twelve kinds of analysis.md, their
 * severities (docs/analysis.md) and their order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "gap-list.h"
#include "message.h"
#include "options-private.h"
#include "quantile.h"
#include "../core/model-private.h"
#include "../core/score.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* Severities of the structural kinds, which have no rate of their own:
 * a stage customers cannot act in weighs most, an owner missing least. */
#define SEVERITY_EMPTY_STAGE 0.5
#define SEVERITY_BLIND_SPOT 0.3
#define SEVERITY_NO_OWNER 0.2
#define SEVERITY_UNUSED 0.2

typedef struct finder {
    const cjmi_figures *f;
    const cjm_options *o;
    cjm_gap_list *list;
    cjmi_message msg;
} finder;

double cjmi_score_high(uint64_t n, int64_t sum, cjmi_squares q, double confidence)
{
    if (n < 2 || confidence == 0.0)
        return NAN;
    double sd = cjmi_score_sd(n, sum, q);
    return cjmi_mean(sum, n) + (cjmi_t_quantile(confidence, n - 1) * sd) / sqrt((double)n);
}

/* The pain test (analysis.md): one journey, and many customers with
 * confidence 0, test the mean; otherwise the mean must be below the
 * threshold beyond reasonable doubt, its upper bound score_high too. */
static bool painful(const finder *fd, uint64_t n, int64_t sum, cjmi_squares q)
{
    const cjm_options *o = fd->o;
    if (n == 0 || n < o->min_feedback)
        return false;
    if (!fd->f->bulk || o->confidence == 0.0)
        return cjmi_mean(sum, n) < o->pain_threshold;
    return n >= 2 && cjmi_score_high(n, sum, q, o->confidence) < o->pain_threshold;
}

static double clamp01(double x)
{
    return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

static const cjm_stage *stage_at(const finder *fd, size_t index)
{
    return index == CJMI_NO_STAGE ? NULL : fd->f->map->stages[index];
}

/* How far below the pain threshold a mean lies, on the room below it. */
static double pain_severity(double mean, double threshold)
{
    return clamp01((threshold - mean) / (threshold + 1.0));
}

static const char *touchpoint_name(const cjmi_touchpoint_figures *t)
{
    return t->planned ? t->planned->name : t->id;
}

/* Appends a gap whose message is in fd->msg. CJM_OK, or CJM_ERR_NOMEM
 * (no message: the caller names itself). */
static cjm_status emit(finder *fd, cjm_gap_kind kind, size_t stage, size_t place, size_t to,
                       double value, uint64_t count, double severity)
{
    cjm_gap_list *list = fd->list;
    char *message = cjmi_message_take(&fd->msg);
    if (!message ||
        cjmi_array_reserve(list->gaps, list->capacity, list->count + 1) != CJM_OK) {
        cjmi_free(message);
        return CJM_ERR_NOMEM;
    }
    cjm_gap *g = &list->gaps[list->count++];
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->message = message;
    g->value = value;
    g->count = count;
    g->severity = severity;
    g->stage_index = stage;
    g->touchpoint_place = place;
    g->to_index = to;
    const cjm_stage *s = stage_at(fd, stage), *t = stage_at(fd, to);
    const char *tp = place == SIZE_MAX ? NULL : fd->f->touchpoints[place].id;
    if ((s && !(g->stage = cjmi_strdup(s->id))) || (t && !(g->to_stage = cjmi_strdup(t->id))) ||
        (tp && !(g->touchpoint = cjmi_strdup(tp))))
        return CJM_ERR_NOMEM;
    return CJM_OK;
}

static void add_name(finder *fd, const char *name)
{
    cjmi_message_add_name(&fd->msg, name);
}

static cjm_status stage_gaps(finder *fd, size_t i)
{
    const cjm_stage *stage = fd->f->map->stages[i];
    const cjmi_stage_figures *s = &fd->f->stages[i];
    const cjm_options *o = fd->o;
    cjmi_message *m = &fd->msg;
    bool final = i + 1 == fd->f->map->stage_count;

    if (stage->touchpoint_count == 0) {
        add_name(fd, stage->name);
        cjmi_message_add(m, " has no touchpoint: customers there meet nobody from the company");
        if (emit(fd, CJM_GAP_EMPTY_STAGE, i, SIZE_MAX, CJMI_NO_STAGE, 0.0, s->reached,
                 SEVERITY_EMPTY_STAGE) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    /* One journey: its stage has no feedback. Many customers: enough of
     * them passed through without a word (the map's research notes are
     * not their voice). */
    uint64_t enough = o->min_customers > 1 ? o->min_customers : 1;
    if (s->feedback == 0 && (!fd->f->bulk || s->reached >= enough)) {
        cjmi_message_add(m, "Nobody hears customers in ");
        add_name(fd, stage->name);
        cjmi_message_add(m, ": there is no feedback for this stage");
        if (emit(fd, CJM_GAP_BLIND_SPOT, i, SIZE_MAX, CJMI_NO_STAGE, 0.0, s->reached,
                 SEVERITY_BLIND_SPOT) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    if (painful(fd, s->feedback, s->score_sum, s->squares)) {
        double mean = cjmi_mean(s->score_sum, s->feedback);
        cjmi_message_add(m, "Customers are unhappy in ");
        add_name(fd, stage->name);
        cjmi_message_add(m, ": mean score ");
        cjmi_message_add_score(m, mean);
        cjmi_message_add(m, " over ");
        cjmi_message_add_count(m, s->feedback, "feedback item");
        if (emit(fd, CJM_GAP_PAINFUL_STAGE, i, SIZE_MAX, CJMI_NO_STAGE, mean, s->feedback,
                 pain_severity(mean, o->pain_threshold)) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    if (!final && s->reached >= o->min_customers && s->dropped >= 1) {
        double rate = (double)s->dropped / (double)s->reached;
        if (rate >= o->drop_threshold) {
            cjmi_message_add_percent(m, rate);
            cjmi_message_add(m, " of customers who reached ");
            add_name(fd, stage->name);
            cjmi_message_add(m, " left the journey there");
            if (emit(fd, CJM_GAP_DROP_OFF, i, SIZE_MAX, CJMI_NO_STAGE, rate, s->dropped,
                     clamp01(rate)) != CJM_OK)
                return CJM_ERR_NOMEM;
        }
    }
    if (!final && s->reached >= o->min_customers && s->silent_churn >= 1) {
        double rate = (double)s->silent_churn / (double)s->reached;
        if (rate >= o->silent_threshold) {
            cjmi_message_add_percent(m, rate);
            cjmi_message_add(m, " of customers who reached ");
            add_name(fd, stage->name);
            cjmi_message_add(m, " left there without a word of feedback");
            if (emit(fd, CJM_GAP_SILENT_CHURN, i, SIZE_MAX, CJMI_NO_STAGE, rate,
                     s->silent_churn, clamp01(rate)) != CJM_OK)
                return CJM_ERR_NOMEM;
        }
    }
    int64_t expected = stage->expected_duration;
    if (!final && expected != CJM_UNSET && s->transition_samples > 0 &&
        s->median_transition_ms > expected) {
        cjmi_message_add(m, "Customers take ");
        cjmi_message_add_duration(m, s->median_transition_ms);
        cjmi_message_add(m, " (median) to move on from ");
        add_name(fd, stage->name);
        cjmi_message_add(m, "; expected ");
        cjmi_message_add_duration(m, expected);
        if (emit(fd, CJM_GAP_SLOW_TRANSITION, i, SIZE_MAX, CJMI_NO_STAGE,
                 (double)s->median_transition_ms, s->transition_samples,
                 clamp01(1.0 - (double)expected / (double)s->median_transition_ms)) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    /* Only changes of channel the map does not plan count. */
    if (s->reached >= o->min_customers && s->hop_customers >= 1) {
        double rate = (double)s->hop_customers / (double)s->reached;
        if (rate >= o->switch_threshold) {
            cjmi_message_add_percent(m, rate);
            cjmi_message_add(m, " of customers who reached ");
            add_name(fd, stage->name);
            cjmi_message_add(m, " were sent to another channel than the map plans within it");
            if (emit(fd, CJM_GAP_CHANNEL_HOP, i, SIZE_MAX, CJMI_NO_STAGE, rate,
                     s->hop_customers, clamp01(rate)) != CJM_OK)
                return CJM_ERR_NOMEM;
        }
    }
    return CJM_OK;
}

static void add_in_stage(finder *fd, size_t stage)
{
    if (stage != CJMI_NO_STAGE) {
        cjmi_message_add(&fd->msg, " in ");
        add_name(fd, fd->f->map->stages[stage]->name);
    }
}

static cjm_status touchpoint_gaps(finder *fd, size_t place)
{
    const cjmi_touchpoint_figures *t = &fd->f->touchpoints[place];
    const cjm_options *o = fd->o;
    cjmi_message *m = &fd->msg;

    if (t->planned && !t->planned->owner) {
        cjmi_message_add(m, "Nobody owns ");
        add_name(fd, t->planned->name);
        add_in_stage(fd, t->stage);
        cjmi_message_add(m, ": assign a team to it");
        if (emit(fd, CJM_GAP_NO_OWNER, t->stage, place, CJMI_NO_STAGE, 0.0, t->customers,
                 SEVERITY_NO_OWNER) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    if (painful(fd, t->feedback, t->score_sum, t->squares)) {
        double mean = cjmi_mean(t->score_sum, t->feedback);
        cjmi_message_add(m, "Customers are unhappy at ");
        add_name(fd, touchpoint_name(t));
        add_in_stage(fd, t->stage);
        cjmi_message_add(m, ": mean score ");
        cjmi_message_add_score(m, mean);
        cjmi_message_add(m, " over ");
        cjmi_message_add_count(m, t->feedback, "feedback item");
        if (emit(fd, CJM_GAP_PAIN_POINT, t->stage, place, CJMI_NO_STAGE, mean, t->feedback,
                 pain_severity(mean, o->pain_threshold)) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    if (!t->planned) {
        cjmi_message_add_count(m, t->customers, "customer");
        cjmi_message_add(m, " used ");
        add_name(fd, t->id);
        cjmi_message_add(m, ", which the map does not plan (");
        cjmi_message_add_count(m, t->events, "event");
        cjmi_message_add(m, ")");
        double share = fd->f->customers ? (double)t->customers / (double)fd->f->customers : 0.0;
        if (emit(fd, CJM_GAP_UNPLANNED_TOUCHPOINT, t->stage, place, CJMI_NO_STAGE,
                 (double)t->events, t->customers, clamp01(share)) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    if (fd->f->events > 0 && t->planned && !t->planned->optional && t->events == 0) {
        cjmi_message_add(m, "No customer used ");
        add_name(fd, t->planned->name);
        add_in_stage(fd, t->stage);
        if (emit(fd, CJM_GAP_UNUSED_TOUCHPOINT, t->stage, place, CJMI_NO_STAGE, 0.0, 0,
                 SEVERITY_UNUSED) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    return CJM_OK;
}

static cjm_status pair_gaps(finder *fd, const cjmi_pair_figures *p)
{
    uint64_t reached = fd->f->stages[p->from].reached;
    if (p->customers < fd->o->min_customers || reached == 0)
        return CJM_OK;
    double rate = (double)p->customers / (double)reached;
    if (rate < fd->o->backtrack_threshold)
        return CJM_OK;
    cjmi_message_add_percent(&fd->msg, rate);
    cjmi_message_add(&fd->msg, " of customers who reached ");
    add_name(fd, fd->f->map->stages[p->from]->name);
    cjmi_message_add(&fd->msg, " went back to ");
    add_name(fd, fd->f->map->stages[p->to]->name);
    return emit(fd, CJM_GAP_BACKTRACK, p->from, SIZE_MAX, p->to, rate, p->customers,
                clamp01(rate));
}

/* Severity high first; then kind, stage (none last), place in the report,
 * second stage. SIZE_MAX sorts after every index, as "none" should. */
static int gap_order(const void *pa, const void *pb)
{
    const cjm_gap *a = pa, *b = pb;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->stage_index != b->stage_index)
        return a->stage_index < b->stage_index ? -1 : 1;
    if (a->touchpoint_place != b->touchpoint_place)
        return a->touchpoint_place < b->touchpoint_place ? -1 : 1;
    if (a->to_index != b->to_index)
        return a->to_index < b->to_index ? -1 : 1;
    return 0;
}

cjm_status cjmi_find_gaps(cjm_gap_list **out, const cjmi_figures *figures,
                          const cjm_options *options, const char *func)
{
    finder fd = { figures, cjmi_options(options), NULL, { 0 } };
    fd.list = cjmi_calloc(1, sizeof *fd.list);
    int failed = !fd.list;
    for (size_t i = 0; !failed && i < figures->map->stage_count; i++)
        failed = stage_gaps(&fd, i) != CJM_OK;
    for (size_t i = 0; !failed && i < figures->touchpoint_count; i++)
        failed = touchpoint_gaps(&fd, i) != CJM_OK;
    for (size_t i = 0; !failed && i < figures->pair_count; i++)
        failed = pair_gaps(&fd, &figures->pairs[i]) != CJM_OK;
    if (failed) {
        cjmi_free(cjmi_message_take(&fd.msg));
        cjm_gap_list_free(fd.list);
        return cjmi_nomem(func);
    }
    /* No two gaps share every key, so the unstable qsort is deterministic. */
    if (fd.list->count > 1)
        qsort(fd.list->gaps, fd.list->count, sizeof *fd.list->gaps, gap_order);
    *out = fd.list;
    return CJM_OK;
}
