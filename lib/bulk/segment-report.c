/* The report's segments: each customer's entry, the entries' figures. */
#include <stdlib.h>
#include <string.h>

#include "segment-report.h"
#include "../core/alloc.h"
#include "../core/cohort.h"

void cjmi_segment_plan_fini(cjmi_segment_plan *plan)
{
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        cjmi_free(plan->entries[s]);
    for (size_t i = 0; plan->values && i < plan->count; i++)
        cjmi_free(plan->values[i]);
    cjmi_free(plan->values);
    memset(plan, 0, sizeof *plan);
}

/* A value of an attribute breakdown and its customers, to order. */
typedef struct ranked {
    const char *value; /* NULL: the null segment */
    uint32_t index;    /* index + 1 in segment_values; 0: null */
    uint64_t customers;
} ranked;

/* By customers, most first; then value in byte order, null last. */
static int by_rank(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->customers != b->customers)
        return a->customers > b->customers ? -1 : 1;
    if (!a->value || !b->value)
        return !a->value - !b->value;
    return strcmp(a->value, b->value);
}

static cjm_status label(cjmi_segment_plan *plan, size_t i, const char *value)
{
    return value && !(plan->values[i] = cjmi_strdup(value)) ? CJM_ERR_NOMEM : CJM_OK;
}

static cjm_status plan_attribute(cjmi_segment_plan *plan, const cjm_analysis *a)
{
    size_t values = a->segment_values.count + 1;
    uint64_t *customers = cjmi_calloc(values, sizeof *customers);
    uint32_t *entry_of = cjmi_malloc(values * sizeof *entry_of);
    ranked *order = cjmi_malloc(values * sizeof *order);
    cjm_status rc = customers && entry_of && order ? CJM_OK : CJM_ERR_NOMEM;
    for (size_t s = 0; rc == CJM_OK && s < CJMI_SHARDS; s++)
        for (size_t c = 0; c < a->shards[s].customers.count; c++)
            customers[cjmi_segment_value(&a->shards[s], (uint32_t)c)]++;
    size_t n = 0;
    for (uint32_t v = 0; rc == CJM_OK && v < values; v++)
        if (customers[v])
            order[n++] = (ranked){ v ? cjmi_intern_string(&a->segment_values, v - 1) : NULL,
                                   v, customers[v] };
    if (rc == CJM_OK && n > 1)
        qsort(order, n, sizeof *order, by_rank);
    uint64_t most = a->options.max_segments;
    size_t kept = n > most ? (size_t)most - 1 : n;
    plan->count = kept < n ? kept + 1 : n;
    plan->other = kept < n;
    if (rc == CJM_OK && plan->count &&
        !(plan->values = cjmi_calloc(plan->count, sizeof *plan->values)))
        rc = CJM_ERR_NOMEM;
    for (size_t i = 0; rc == CJM_OK && i < n; i++) {
        entry_of[order[i].index] = (uint32_t)(i < kept ? i : kept);
        if (i < kept)
            rc = label(plan, i, order[i].value);
    }
    for (size_t s = 0; rc == CJM_OK && s < CJMI_SHARDS; s++) {
        const cjmi_shard *shard = &a->shards[s];
        size_t count = shard->customers.count;
        if (count && !(plan->entries[s] = cjmi_malloc(count * sizeof *plan->entries[s])))
            rc = CJM_ERR_NOMEM;
        for (size_t c = 0; rc == CJM_OK && c < count; c++)
            plan->entries[s][c] = entry_of[cjmi_segment_value(shard, (uint32_t)c)];
    }
    cjmi_free(customers);
    cjmi_free(entry_of);
    cjmi_free(order);
    return rc;
}

static int compare_int64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

/* The distinct periods of the customers, in a table of open addressing:
 * a cohort breakdown has few periods and many customers, so a lookup per
 * customer beats sorting them all. Periods are day, week or month
 * numbers, never NO_PERIOD. */
#define NO_PERIOD INT64_MIN

typedef struct period_set {
    int64_t *slot;
    size_t mask, count;
} period_set;

static size_t period_home(const period_set *set, int64_t p)
{
    return (size_t)(((uint64_t)p * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & set->mask;
}

static void period_put(period_set *set, int64_t p)
{
    size_t h = period_home(set, p);
    while (set->slot[h] != NO_PERIOD && set->slot[h] != p)
        h = (h + 1) & set->mask;
    if (set->slot[h] == NO_PERIOD) {
        set->slot[h] = p;
        set->count++;
    }
}

/* Adds a period, the table kept at most half full. CJM_OK or CJM_ERR_NOMEM. */
static cjm_status period_add(period_set *set, int64_t p)
{
    if (set->slot && 2 * (set->count + 1) <= set->mask + 1) {
        period_put(set, p);
        return CJM_OK;
    }
    size_t size = set->slot ? 2 * (set->mask + 1) : 64;
    period_set bigger = { cjmi_malloc(size * sizeof *bigger.slot), size - 1, 0 };
    if (!bigger.slot)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; i < size; i++)
        bigger.slot[i] = NO_PERIOD;
    for (size_t i = 0; set->slot && i <= set->mask; i++)
        if (set->slot[i] != NO_PERIOD)
            period_put(&bigger, set->slot[i]);
    period_put(&bigger, p);
    cjmi_free(set->slot);
    *set = bigger;
    return CJM_OK;
}

/* Cohorts: the period of each customer's first event, in period order. */
static cjm_status plan_cohort(cjmi_segment_plan *plan, const cjm_analysis *a)
{
    cjmi_cohort kind = a->breakdown == CJMI_BREAKDOWN_DAY    ? CJMI_COHORT_DAY
                       : a->breakdown == CJMI_BREAKDOWN_WEEK ? CJMI_COHORT_WEEK
                                                             : CJMI_COHORT_MONTH;
    int64_t *first[CJMI_SHARDS] = { NULL };
    cjm_status rc = CJM_OK;
    for (size_t s = 0; rc == CJM_OK && s < CJMI_SHARDS; s++) {
        const cjmi_shard *shard = &a->shards[s];
        size_t count = shard->customers.count;
        if (!count)
            continue;
        if (!(first[s] = cjmi_malloc(count * sizeof *first[s]))) {
            rc = CJM_ERR_NOMEM;
            break;
        }
        for (size_t c = 0; c < count; c++)
            first[s][c] = INT64_MAX;
        for (const cjmi_chunk *ch = shard->events.first; ch; ch = ch->next)
            for (size_t i = 0; i < ch->count; i++)
                if (ch->at[i] < first[s][ch->customer[i]])
                    first[s][ch->customer[i]] = ch->at[i];
        for (size_t c = 0; c < count; c++)
            first[s][c] = cjmi_cohort_of(first[s][c], kind);
    }
    period_set set = { NULL, 0, 0 };
    for (size_t s = 0; rc == CJM_OK && s < CJMI_SHARDS; s++)
        for (size_t c = 0; rc == CJM_OK && c < a->shards[s].customers.count; c++)
            if (c == 0 || first[s][c] != first[s][c - 1])
                rc = period_add(&set, first[s][c]);
    size_t distinct = 0;
    int64_t *periods = rc == CJM_OK && set.count ? cjmi_malloc(set.count * sizeof *periods)
                                                 : NULL;
    if (rc == CJM_OK && set.count && !periods)
        rc = CJM_ERR_NOMEM;
    for (size_t i = 0; rc == CJM_OK && i <= set.mask && set.slot; i++)
        if (set.slot[i] != NO_PERIOD)
            periods[distinct++] = set.slot[i];
    cjmi_free(set.slot);
    if (rc == CJM_OK && distinct > 1)
        qsort(periods, distinct, sizeof *periods, compare_int64);
    plan->count = distinct;
    if (rc == CJM_OK && distinct &&
        !(plan->values = cjmi_calloc(distinct, sizeof *plan->values)))
        rc = CJM_ERR_NOMEM;
    for (size_t i = 0; rc == CJM_OK && i < distinct; i++) {
        char text[CJMI_COHORT_LABEL_MAX];
        cjmi_cohort_label(text, periods[i], kind);
        rc = label(plan, i, text);
    }
    for (size_t s = 0; rc == CJM_OK && s < CJMI_SHARDS; s++) {
        size_t count = a->shards[s].customers.count;
        if (count && !(plan->entries[s] = cjmi_malloc(count * sizeof *plan->entries[s])))
            rc = CJM_ERR_NOMEM;
        for (size_t c = 0; rc == CJM_OK && c < count; c++) {
            if (c > 0 && first[s][c] == first[s][c - 1]) {
                plan->entries[s][c] = plan->entries[s][c - 1];
                continue;
            }
            const int64_t *at = bsearch(&first[s][c], periods, distinct, sizeof *periods,
                                        compare_int64);
            plan->entries[s][c] = (uint32_t)(at - periods);
        }
    }
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        cjmi_free(first[s]);
    cjmi_free(periods);
    return rc;
}

cjm_status cjmi_segment_plan_make(cjmi_segment_plan *plan, const cjm_analysis *a)
{
    memset(plan, 0, sizeof *plan);
    cjm_status rc = a->breakdown == CJMI_BREAKDOWN_ATTRIBUTE ? plan_attribute(plan, a)
                                                             : plan_cohort(plan, a);
    if (rc != CJM_OK)
        cjmi_segment_plan_fini(plan);
    return rc;
}

void cjmi_segments_free(cjmi_segment_figures *segments, size_t count)
{
    for (size_t i = 0; segments && i < count; i++)
        cjmi_free(segments[i].value);
    if (segments)
        cjmi_free(segments[0].stages);
    cjmi_free(segments);
}

cjm_status cjmi_partial_segments_init(cjmi_partial *p, size_t entries)
{
    p->entry_count = entries;
    if (!entries)
        return CJM_OK;
    size_t k = p->stage_count ? p->stage_count : 1;
    p->segments = cjmi_calloc(entries, sizeof *p->segments);
    cjmi_segment_stage_figures *stages = cjmi_calloc(entries * k, sizeof *stages);
    if (!p->segments || !stages) {
        cjmi_free(stages);
        cjmi_free(p->segments);
        p->segments = NULL;
        return CJM_ERR_NOMEM;
    }
    for (size_t i = 0; i < entries; i++)
        p->segments[i].stages = stages + i * k;
    return CJM_OK;
}

void cjmi_partial_segments_fini(cjmi_partial *p)
{
    cjmi_segments_free(p->segments, p->segments ? p->entry_count : 0);
    p->segments = NULL;
}

void cjmi_walk_segment(cjmi_partial *p, const cjmi_shard *shard, uint32_t customer,
                       size_t events, size_t reached, uint16_t last, uint32_t mark)
{
    cjmi_segment_figures *e = &p->segments[p->entries[customer]];
    size_t k = p->stage_count;
    e->customers++;
    e->events += events;
    for (size_t r = 0; r < reached; r++)
        e->stages[p->reached_list[r]].reached++;
    if (k && p->stage_seen[k - 1] == mark) {
        e->completed++;
    } else if (last != CJMI_NO_STAGE16) {
        e->stages[last].dropped++;
        if (!shard->heard[customer])
            e->stages[last].silent_churn++;
    }
    for (size_t s = 0; s < k && p->stage_seen[s] == mark &&
                       (s == 0 || p->first_at[s - 1] <= p->first_at[s]); s++)
        e->stages[s].funnel++;
}

static void add_feedback(uint64_t *count, int64_t *sum, cjmi_squares *q, uint64_t n,
                         int64_t from_sum, cjmi_squares from_q)
{
    *count += n;
    *sum += from_sum;
    cjmi_squares_merge(q, from_q);
}

void cjmi_partial_segments_add(cjmi_partial *into, const cjmi_partial *from)
{
    for (size_t i = 0; i < into->entry_count; i++) {
        cjmi_segment_figures *a = &into->segments[i];
        const cjmi_segment_figures *b = &from->segments[i];
        a->customers += b->customers;
        a->events += b->events;
        a->completed += b->completed;
        add_feedback(&a->feedback, &a->score_sum, &a->squares, b->feedback, b->score_sum,
                     b->squares);
        for (size_t s = 0; s < into->stage_count; s++) {
            cjmi_segment_stage_figures *x = &a->stages[s];
            const cjmi_segment_stage_figures *y = &b->stages[s];
            x->reached += y->reached;
            x->funnel += y->funnel;
            x->dropped += y->dropped;
            x->silent_churn += y->silent_churn;
            add_feedback(&x->feedback, &x->score_sum, &x->squares, y->feedback, y->score_sum,
                         y->squares);
        }
    }
}

void cjmi_segments_add_items(cjmi_partial *p, const cjm_analysis *a,
                             const cjmi_segment_plan *plan)
{
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        cjmi_item_walk walk = { 0 };
        cjmi_item it;
        while (cjmi_items_next(&a->shards[s], &walk, &it)) {
            cjmi_segment_figures *e = &p->segments[plan->entries[s][it.customer]];
            int64_t m = it.millionths;
            e->feedback++;
            e->score_sum += m;
            cjmi_squares_add(&e->squares, m);
            if (it.stage != CJMI_NO_STAGE16) {
                cjmi_segment_stage_figures *st = &e->stages[it.stage];
                st->feedback++;
                st->score_sum += m;
                cjmi_squares_add(&st->squares, m);
            }
        }
    }
}

void cjmi_segments_take(cjmi_segment_figures **out, size_t *count, cjmi_partial *p,
                        cjmi_segment_plan *plan)
{
    for (size_t i = 0; i < plan->count; i++) {
        p->segments[i].value = plan->values[i];
        plan->values[i] = NULL;
        p->segments[i].other = plan->other && i + 1 == plan->count;
    }
    *out = p->segments;
    *count = p->segments ? plan->count : 0;
    p->segments = NULL;
}
