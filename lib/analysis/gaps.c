/* Finding gaps from figures: the fourteen kinds of analysis.md, their
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
    const cjm_stage *s = stage_at(fd, stage), *t = stage_at(fd, to);
    const char *tp = place == SIZE_MAX ? NULL : fd->f->touchpoints[place].id;
    /* The ids the gap names live after its message, in one block. */
    const char *ids[3] = { s ? s->id : NULL, t ? t->id : NULL, tp };
    size_t lengths[3], room = 0, at = fd->msg.length + 1;
    for (size_t i = 0; i < 3; i++)
        room += lengths[i] = ids[i] ? strlen(ids[i]) + 1 : 0;
    char *message = cjmi_message_take_room(&fd->msg, room);
    if (!message ||
        cjmi_array_reserve(list->gaps, list->capacity, list->count + 1) != CJM_OK) {
        cjmi_free(message);
        return CJM_ERR_NOMEM;
    }
    char *copies[3] = { NULL, NULL, NULL };
    for (size_t i = 0; i < 3; i++)
        if (ids[i]) {
            copies[i] = memcpy(message + at, ids[i], lengths[i]);
            at += lengths[i];
        }
    cjm_gap *g = &list->gaps[list->count++];
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->message = message;
    g->stage = copies[0];
    g->to_stage = copies[1];
    g->touchpoint = copies[2];
    g->value = value;
    g->count = count;
    g->severity = severity;
    g->stage_index = stage;
    g->touchpoint_place = place;
    g->to_index = to;
    g->segment_place = SIZE_MAX;
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

/* ---- segments (analysis.md, "Segments and cohorts") ---------------- */

/* Who a segment is, to open a message: "Customers with plan=pro",
 * "Customers without plan", "Customers first seen in 2026-W09". */
static void add_who(finder *fd, const cjmi_segment_figures *e)
{
    cjmi_message *m = &fd->msg;
    if (fd->f->cohort) {
        cjmi_message_add(m, "Customers first seen in ");
        add_name(fd, e->value);
    } else if (e->value) {
        cjmi_message_add(m, "Customers with ");
        add_name(fd, fd->f->breakdown);
        cjmi_message_add(m, "=");
        add_name(fd, e->value);
    } else {
        cjmi_message_add(m, "Customers without ");
        add_name(fd, fd->f->breakdown);
    }
}

/* Appends a segment gap whose message is in fd->msg. */
static cjm_status emit_segment(finder *fd, cjm_gap_kind kind, size_t stage, size_t place,
                               double value, uint64_t count, double severity)
{
    if (emit(fd, kind, stage, SIZE_MAX, CJMI_NO_STAGE, value, count, severity) != CJM_OK)
        return CJM_ERR_NOMEM;
    cjm_gap *g = &fd->list->gaps[fd->list->count - 1];
    const char *v = fd->f->segments[place].value;
    g->segment_place = place;
    return v && !(g->segment = cjmi_strdup(v)) ? CJM_ERR_NOMEM : CJM_OK;
}

/* Q of the rest: the whole's minus the segment's (exact, no underflow:
 * the segment's items are among the whole's). */
static cjmi_squares squares_minus(cjmi_squares all, cjmi_squares part)
{
    cjmi_squares q = { all.low - part.low, all.high - part.high - (all.low < part.low) };
    return q;
}

/* The critical value for m tests at the options' confidence (Bonferroni):
 * the standard normal quantile at 1 - (1 - confidence) / m; 0 when
 * confidence is 0. */
static double critical_z(double confidence, double m)
{
    return confidence == 0.0 ? 0.0 : cjmi_normal_upper_quantile((1.0 - confidence) / m);
}

/* Kind 13: the one-sided two-proportion test of the segment's drop rate
 * against the rest's at stage i. */
static cjm_status segment_drop_off(finder *fd, size_t place, size_t i, double z_c)
{
    const cjmi_segment_stage_figures *e = &fd->f->segments[place].stages[i];
    const cjmi_stage_figures *all = &fd->f->stages[i];
    uint64_t enough = fd->o->min_customers > 1 ? fd->o->min_customers : 1;
    uint64_t n1 = e->reached, d1 = e->dropped, n2 = all->reached - n1, d2 = all->dropped - d1;
    if (n1 < enough || n2 < enough)
        return CJM_OK;
    double r1 = (double)d1 / (double)n1, r2 = (double)d2 / (double)n2;
    double p = (double)(d1 + d2) / (double)(n1 + n2);
    double pq = p * (1 - p);
    if (!(r1 > r2) || !(pq > 0))
        return CJM_OK;
    double z = (r1 - r2) / sqrt(pq * (1.0 / (double)n1 + 1.0 / (double)n2));
    if (!(z > z_c))
        return CJM_OK;
    add_who(fd, &fd->f->segments[place]);
    cjmi_message_add(&fd->msg, " leave at ");
    add_name(fd, fd->f->map->stages[i]->name);
    cjmi_message_add(&fd->msg, " more often than the others: ");
    cjmi_message_add_percent(&fd->msg, r1);
    cjmi_message_add(&fd->msg, " vs ");
    cjmi_message_add_percent(&fd->msg, r2);
    return emit_segment(fd, CJM_GAP_SEGMENT_DROP_OFF, i, place, r1, d1, clamp01(r1 - r2));
}

/* Kind 14: the segment is unhappy at stage i (its mean below the pain
 * threshold), and unhappier than the rest beyond chance (Welch's z). */
static cjm_status segment_pain(finder *fd, size_t place, size_t i, double z_c)
{
    const cjmi_segment_stage_figures *e = &fd->f->segments[place].stages[i];
    const cjmi_stage_figures *all = &fd->f->stages[i];
    uint64_t enough = fd->o->min_feedback > 2 ? fd->o->min_feedback : 2;
    uint64_t n1 = e->feedback, n2 = all->feedback - n1;
    if (n1 < enough || n2 < enough)
        return CJM_OK;
    int64_t s2 = all->score_sum - e->score_sum;
    cjmi_squares q2 = squares_minus(all->squares, e->squares);
    double m1 = cjmi_mean(e->score_sum, n1), m2 = cjmi_mean(s2, n2);
    if (!(m1 < fd->o->pain_threshold) || !(m1 < m2))
        return CJM_OK;
    double sd1 = cjmi_score_sd(n1, e->score_sum, e->squares), sd2 = cjmi_score_sd(n2, s2, q2);
    double den = sqrt(sd1 * sd1 / (double)n1 + sd2 * sd2 / (double)n2);
    if (!(den > 0) || !((m2 - m1) / den > z_c))
        return CJM_OK;
    add_who(fd, &fd->f->segments[place]);
    cjmi_message_add(&fd->msg, " are unhappier at ");
    add_name(fd, fd->f->map->stages[i]->name);
    cjmi_message_add(&fd->msg, " than the others: mean score ");
    cjmi_message_add_score(&fd->msg, m1);
    cjmi_message_add(&fd->msg, " vs ");
    cjmi_message_add_score(&fd->msg, m2);
    return emit_segment(fd, CJM_GAP_SEGMENT_PAIN, i, place, m1, n1, clamp01((m2 - m1) / 2.0));
}

/* Every entry but the pooled one, at every stage, against the rest; the
 * critical value corrected for the number of tests of each kind. */
static cjm_status segment_gaps(finder *fd)
{
    const cjmi_figures *f = fd->f;
    size_t k = f->map->stage_count, tested = 0;
    for (size_t e = 0; e < f->segment_count; e++)
        tested += !f->segments[e].other;
    if (!tested || !k)
        return CJM_OK;
    double z13 = critical_z(fd->o->confidence, (double)tested * (double)(k - 1));
    double z14 = critical_z(fd->o->confidence, (double)tested * (double)k);
    for (size_t e = 0; e < f->segment_count; e++) {
        if (f->segments[e].other)
            continue;
        for (size_t i = 0; i < k; i++)
            if ((i + 1 < k && segment_drop_off(fd, e, i, z13) != CJM_OK) ||
                segment_pain(fd, e, i, z14) != CJM_OK)
                return CJM_ERR_NOMEM;
    }
    return CJM_OK;
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
    if (a->segment_place != b->segment_place)
        return a->segment_place < b->segment_place ? -1 : 1;
    return 0;
}

/* gap_order as two integers, when the gap's keys fit their fields (as in
 * any map of fewer than 16,383 stages and 1,048,575 touchpoints): the
 * severity's bits, complemented, since a severity is never below 0 and
 * sorts high first; then kind (4 bits), stage (14), place (20), second
 * stage (14) and segment (12), each "none" as its field's largest value.
 * False when a key does not fit. */
typedef struct gap_key {
    uint64_t first, second;
    size_t gap; /* its index in the list */
} gap_key;

static bool put_field(uint64_t *key, size_t value, unsigned bits)
{
    uint64_t largest = (UINT64_C(1) << bits) - 1;
    if (value != SIZE_MAX && value >= largest)
        return false;
    *key = *key << bits | (value == SIZE_MAX ? largest : (uint64_t)value);
    return true;
}

static bool key_of(gap_key *k, const cjm_gap *g)
{
    if (!(g->severity >= 0.0) || (unsigned)g->kind >= 16)
        return false;
    uint64_t bits;
    double severity = g->severity + 0.0; /* -0.0 as 0.0 */
    memcpy(&bits, &severity, sizeof bits);
    k->first = ~bits;
    k->second = (uint64_t)g->kind;
    return put_field(&k->second, g->stage_index, 14) &&
           put_field(&k->second, g->touchpoint_place, 20) &&
           put_field(&k->second, g->to_index, 14) &&
           put_field(&k->second, g->segment_place, 12);
}

static bool key_before(const gap_key *a, const gap_key *b)
{
    return a->first < b->first || (a->first == b->first && a->second < b->second);
}

/* Sorts the gaps by gap_order. A report has a few dozen as a rule: their
 * keys as integers, sorted by insertion on the stack, then each gap moved
 * once, which costs a fraction of qsort's calls and moves of whole gaps;
 * more, or keys beyond the integers' fields, are left to qsort. No two
 * gaps share every key, so either way the order is the one order. */
#define FEW_GAPS 64
static void sort_gaps(cjm_gap_list *list)
{
    size_t n = list->count;
    if (n < 2)
        return;
    gap_key keys[FEW_GAPS];
    bool fits = n <= FEW_GAPS;
    for (size_t i = 0; fits && i < n; i++)
        fits = key_of(&keys[i], &list->gaps[i]);
    if (!fits) {
        qsort(list->gaps, n, sizeof *list->gaps, gap_order);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        gap_key k = keys[i];
        k.gap = i;
        size_t j = i;
        for (; j > 0 && key_before(&k, &keys[j - 1]); j--)
            keys[j] = keys[j - 1];
        keys[j] = k;
    }
    cjm_gap sorted[FEW_GAPS];
    for (size_t i = 0; i < n; i++)
        sorted[i] = list->gaps[keys[i].gap];
    memcpy(list->gaps, sorted, n * sizeof *sorted);
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
    if (!failed && figures->segment_count)
        failed = segment_gaps(&fd) != CJM_OK;
    if (failed) {
        cjmi_free(cjmi_message_take(&fd.msg));
        cjm_gap_list_free(fd.list);
        return cjmi_nomem(func);
    }
    sort_gaps(fd.list);
    *out = fd.list;
    return CJM_OK;
}
