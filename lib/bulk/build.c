/* Making the report: one pass over the events for per-touchpoint and
 * per-channel counts, then the per-customer walk over batches of
 * customers (on worker threads when asked), then the partial figures
 * added up, sorted and handed to the gap finder. Every figure is a sum,
 * a count or an order statistic, so the result does not depend on how
 * customers were split among workers. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-private.h"
#include "report-private.h"
#include "walk.h"
#include "segment-report.h"
#include "workers.h"
#include "../analysis/gap-list.h"
#include "../core/model-private.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../util/sort.h"

/* Counts taken in one pass over the events. */
typedef struct tally {
    uint64_t *customer_events[CJMI_SHARDS]; /* per shard, per customer */
    uint64_t *touchpoint_events;            /* per touchpoint */
    uint64_t *channel_events;               /* per channel */
    uint16_t *first_stage;       /* per touchpoint: earliest stage an event named */
    cjmi_pairs unplanned_channels; /* (unplanned touchpoint, channel) -> events */
} tally;

static void tally_fini(tally *t)
{
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        cjmi_free(t->customer_events[s]);
    cjmi_free(t->touchpoint_events);
    cjmi_free(t->channel_events);
    cjmi_free(t->first_stage);
    cjmi_pairs_fini(&t->unplanned_channels);
}

/* Room for a worker's share of the per-touchpoint and per-channel
 * counts. CJM_OK or CJM_ERR_NOMEM. */
static cjm_status tally_part_init(tally *t, const cjm_analysis *a)
{
    size_t tps = a->touchpoints.count;
    t->touchpoint_events = cjmi_calloc(tps, sizeof *t->touchpoint_events);
    t->channel_events = cjmi_calloc(a->channels.count, sizeof *t->channel_events);
    t->first_stage = cjmi_malloc(tps * sizeof *t->first_stage);
    if (!t->touchpoint_events || !t->channel_events || !t->first_stage)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; i < tps; i++)
        t->first_stage[i] = CJMI_NO_STAGE16;
    return CJM_OK;
}

/* Counts one shard's events: its customers' into per_customer, the rest
 * into a worker's part. CJM_OK, CJM_ERR_NOMEM, or CJM_ERR_CANCELLED when
 * `asks` and the analysis's cancel hook asks to stop. */
static cjm_status tally_shard(tally *part, uint64_t *per_customer, const cjmi_shard *shard,
                              const cjm_analysis *a, bool asks)
{
    size_t seen = 0;
    for (const cjmi_chunk *c = shard->events.first; c; c = c->next) {
        for (size_t i = 0; i < c->count; i++) {
            if (asks && ++seen % CJMI_CANCEL_EVERY == 0 && cjmi_cancelled(a))
                return CJM_ERR_CANCELLED;
            uint32_t tp = c->touchpoint[i];
            per_customer[c->customer[i]]++;
            part->touchpoint_events[tp]++;
            part->channel_events[c->channel[i]]++;
            if (tp < a->planned)
                continue;
            if (c->stage[i] < part->first_stage[tp])
                part->first_stage[tp] = c->stage[i];
            cjmi_pair *p = cjmi_pairs_get(&part->unplanned_channels, tp, c->channel[i]);
            if (!p)
                return CJM_ERR_NOMEM;
            p->count++;
        }
    }
    return CJM_OK;
}

/* Shards taken in turn by the workers; each worker counts into its part,
 * parts[0] being the tally. */
typedef struct tally_job {
    const cjm_analysis *a;
    tally *parts;
    bool cancellable;
    atomic_uint next;
    atomic_int status; /* CJM_OK, or the first failure */
} tally_job;

static void tally_work(void *ctx, unsigned worker, unsigned workers)
{
    (void)workers;
    tally_job *j = ctx;
    for (unsigned s; atomic_load(&j->status) == CJM_OK &&
                     (s = atomic_fetch_add(&j->next, 1)) < CJMI_SHARDS;) {
        const cjmi_shard *shard = &j->a->shards[s];
        uint64_t *per_customer = j->parts[0].customer_events[s] =
            cjmi_calloc(shard->customers.count, sizeof *per_customer);
        /* Worker 0 runs in the calling thread: it alone asks the hook. */
        cjm_status rc = per_customer ? tally_shard(&j->parts[worker], per_customer, shard, j->a,
                                                   worker == 0 && j->cancellable)
                                     : CJM_ERR_NOMEM;
        int expected = CJM_OK;
        if (rc != CJM_OK)
            atomic_compare_exchange_strong(&j->status, &expected, (int)rc);
    }
}

/* Adds a worker's part into the tally. CJM_OK or CJM_ERR_NOMEM. */
static cjm_status tally_add(tally *into, const tally *part, const cjm_analysis *a)
{
    for (size_t tp = 0; tp < a->touchpoints.count; tp++) {
        into->touchpoint_events[tp] += part->touchpoint_events[tp];
        if (part->first_stage[tp] < into->first_stage[tp])
            into->first_stage[tp] = part->first_stage[tp];
    }
    for (size_t c = 0; c < a->channels.count; c++)
        into->channel_events[c] += part->channel_events[c];
    return cjmi_pairs_add_all(&into->unplanned_channels, &part->unplanned_channels);
}

/* One pass over the events, shards on the workers. CJM_OK,
 * CJM_ERR_NOMEM, or CJM_ERR_CANCELLED when `cancellable` and the
 * analysis's cancel hook asks to stop. */
static cjm_status tally_events(tally *t, const cjm_analysis *a, bool cancellable)
{
    unsigned n = cjmi_analysis_threads(a, CJMI_SHARDS);
    tally *parts = cjmi_calloc(n, sizeof *parts);
    if (!parts)
        return CJM_ERR_NOMEM;
    tally_job j = { .a = a, .parts = parts, .cancellable = cancellable };
    atomic_init(&j.next, 0);
    atomic_init(&j.status, CJM_OK);
    for (unsigned w = 0; w < n && atomic_load(&j.status) == CJM_OK; w++)
        if (tally_part_init(&parts[w], a) != CJM_OK)
            atomic_store(&j.status, CJM_ERR_NOMEM);
    if (atomic_load(&j.status) == CJM_OK)
        cjmi_run_parallel(n, tally_work, &j);
    cjm_status rc = (cjm_status)atomic_load(&j.status);
    for (unsigned w = 1; rc == CJM_OK && w < n; w++)
        rc = tally_add(&parts[0], &parts[w], a);
    for (unsigned w = 1; w < n; w++)
        tally_fini(&parts[w]);
    *t = parts[0]; /* the tally's, on failure too: tally_fini frees it */
    cjmi_free(parts);
    return rc;
}

/* A batch: some of one shard's customers, about `events` events. */
typedef struct batch {
    unsigned shard;
    uint32_t first, last;
    uint64_t events;
} batch;

/* Work shared by the workers: batches taken in turn. */
typedef struct job {
    const cjm_analysis *a;
    const tally *tally;
    batch *batches;
    size_t batch_count;
    cjmi_partial *partials;
    const cjmi_segment_plan *plan; /* with a breakdown, else NULL */
    atomic_size_t next;
    atomic_int failed;
    bool cancellable;       /* the calling thread asks the cancel hook */
    atomic_bool cancelled;
} job;

static void work(void *ctx, unsigned worker, unsigned workers)
{
    (void)workers;
    job *j = ctx;
    for (;;) {
        /* Worker 0 runs in the calling thread: it alone asks the hook. */
        if (worker == 0 && j->cancellable && cjmi_cancelled(j->a))
            atomic_store(&j->cancelled, true);
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->batch_count || atomic_load(&j->failed) || atomic_load(&j->cancelled))
            break;
        const batch *b = &j->batches[i];
        if (j->plan)
            j->partials[worker].entries = j->plan->entries[b->shard];
        if (cjmi_walk_batch(&j->partials[worker], &j->a->shards[b->shard],
                            j->tally->customer_events[b->shard], b->first, b->last,
                            b->events) != CJM_OK) {
            atomic_store(&j->failed, 1);
            break;
        }
    }
}

/* Cuts every shard's customers into batches of about `target` events. */
static cjm_status make_batches(job *j, const cjm_analysis *a, const tally *t, uint64_t target)
{
    size_t capacity = 0;
    for (unsigned s = 0; s < CJMI_SHARDS; s++) {
        size_t customers = a->shards[s].customers.count;
        uint64_t acc = 0;
        uint32_t first = 0;
        for (size_t c = 0; c < customers; c++) {
            acc += t->customer_events[s][c];
            if (acc < target && c + 1 < customers)
                continue;
            batch b = { s, first, (uint32_t)(c + 1), acc };
            if (cjmi_array_push(j->batches, j->batch_count, capacity, b) != CJM_OK)
                return CJM_ERR_NOMEM;
            first = (uint32_t)(c + 1);
            acc = 0;
        }
    }
    return CJM_OK;
}

/* Adds one worker's figures into another's; samples move rather than
 * being copied. */
static cjm_status add_partial(cjmi_partial *into, cjmi_partial *from)
{
    for (size_t s = 0; s < into->stage_count; s++) {
        into->reached[s] += from->reached[s];
        into->dropped[s] += from->dropped[s];
        into->silent[s] += from->silent[s];
        into->switchers[s] += from->switchers[s];
        into->funnel[s] += from->funnel[s];
        into->hoppers[s] += from->hoppers[s];
        if (cjmi_samples_take(&into->transitions[s], &from->transitions[s]) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    if (cjmi_samples_take(&into->completions, &from->completions) != CJM_OK)
        return CJM_ERR_NOMEM;
    for (size_t t = 0; t < into->touchpoint_count; t++)
        into->touchpoint_customers[t] += from->touchpoint_customers[t];
    into->completed += from->completed;
    into->switches += from->switches;
    into->multichannel += from->multichannel;
    into->backtracks += from->backtracks;
    into->backtrack_customers += from->backtrack_customers;
    if (into->segments)
        cjmi_partial_segments_add(into, from);
    if (into->matrix)
        for (size_t i = 0; i < into->channel_count * into->channel_count; i++)
            into->matrix[i] += from->matrix[i];
    if (cjmi_pairs_add_all(&into->matrix_pairs, &from->matrix_pairs) != CJM_OK ||
        cjmi_pairs_add_all(&into->backtrack_pairs, &from->backtrack_pairs) != CJM_OK ||
        cjmi_routes_add(&into->routes, &from->routes) != CJM_OK)
        return CJM_ERR_NOMEM;
    return CJM_OK;
}

/* Walks every customer; the figures end in partials[0]. */
static cjm_status walk_all(cjmi_partial **out, unsigned *out_count, const cjm_analysis *a,
                           const tally *t, uint64_t events, cjmi_visitor visit, void *ctx,
                           bool cancellable, const cjmi_segment_plan *plan)
{
    job j = { .a = a, .tally = t, .cancellable = cancellable && a->cancelled, .plan = plan };
    atomic_init(&j.next, 0);
    atomic_init(&j.failed, 0);
    atomic_init(&j.cancelled, false);
    /* About four batches per worker: enough to even out the work, few
     * enough to scan each shard's events rarely. */
    uint64_t target = events / (4 * (uint64_t)cjmi_analysis_threads(a, SIZE_MAX)) + 1;
    if (target < 65536 || j.cancellable) /* a cancel hook asks between batches */
        target = 65536;
    cjm_status rc = make_batches(&j, a, t, target);
    unsigned n = cjmi_analysis_threads(a, j.batch_count);
    cjmi_partial *partials = rc != CJM_OK ? NULL : cjmi_calloc(n, sizeof *partials);
    unsigned ready = 0;
    if (!partials)
        rc = CJM_ERR_NOMEM;
    for (; rc == CJM_OK && ready < n; ready++) {
        rc = cjmi_partial_init(&partials[ready], a);
        partials[ready].visit = visit;
        partials[ready].visit_ctx = ctx;
        partials[ready].worker = ready;
        if (rc == CJM_OK && plan)
            rc = cjmi_partial_segments_init(&partials[ready], plan->count);
    }
    if (rc == CJM_OK) {
        j.partials = partials;
        cjmi_run_parallel(n, work, &j);
        rc = atomic_load(&j.failed)      ? CJM_ERR_NOMEM
             : atomic_load(&j.cancelled) ? CJM_ERR_CANCELLED
                                         : CJM_OK;
        for (unsigned i = 1; rc == CJM_OK && i < n; i++)
            rc = add_partial(&partials[0], &partials[i]);
    }
    cjmi_free(j.batches);
    *out = partials;
    *out_count = partials ? ready : 0;
    return rc;
}

/* A walk that visits customers needs of the tally only each customer's
 * events: counted shard by shard on the workers. */
typedef struct count_job {
    tally *t;
    const cjm_analysis *a;
    atomic_uint next;
    atomic_bool failed;
} count_job;

static void count_work(void *ctx, unsigned worker, unsigned workers)
{
    (void)worker, (void)workers;
    count_job *j = ctx;
    for (unsigned s; (s = atomic_fetch_add(&j->next, 1)) < CJMI_SHARDS;) {
        const cjmi_shard *shard = &j->a->shards[s];
        uint64_t *per_customer = j->t->customer_events[s] =
            cjmi_calloc(shard->customers.count, sizeof *per_customer);
        if (!per_customer) {
            atomic_store(&j->failed, true);
            return;
        }
        for (const cjmi_chunk *c = shard->events.first; c; c = c->next)
            for (size_t i = 0; i < c->count; i++)
                per_customer[c->customer[i]]++;
    }
}

static cjm_status count_customer_events(tally *t, const cjm_analysis *a)
{
    count_job j = { .t = t, .a = a };
    atomic_init(&j.next, 0);
    atomic_init(&j.failed, false);
    cjmi_run_parallel(cjmi_analysis_threads(a, CJMI_SHARDS), count_work, &j);
    return atomic_load(&j.failed) ? CJM_ERR_NOMEM : CJM_OK;
}

cjm_status cjmi_walk_customers(const cjm_analysis *a, cjmi_visitor visit, void *ctx)
{
    tally t = { 0 };
    cjmi_partial *partials = NULL;
    unsigned count = 0;
    cjm_status rc = count_customer_events(&t, a);
    if (rc == CJM_OK)
        rc = walk_all(&partials, &count, a, &t, cjm_analysis_event_count(a), visit, ctx, false,
                      NULL);
    for (unsigned i = 0; i < count; i++)
        cjmi_partial_fini(&partials[i]);
    cjmi_free(partials);
    tally_fini(&t);
    return rc;
}

CJM_EXPORT void cjm_report_free(cjm_report *r)
{
    if (!r)
        return;
    cjmi_strings_fini(&r->names);
    cjmi_free(r->stage_ids);
    cjmi_free(r->stages);
    cjmi_free(r->touchpoint_ids);
    cjmi_free(r->touchpoints);
    cjmi_free(r->touchpoint_planned);
    cjmi_free(r->touchpoint_channels);
    cjmi_free(r->channels);
    cjmi_free(r->matrix);
    cjmi_free(r->pairs);
    cjm_gap_list_free(r->gaps);
    cjmi_route_figures_fini(&r->routes);
    cjmi_segments_free(r->segments, r->segment_count);
    cjmi_free(r);
}

static int by_channel_name(const void *pa, const void *pb)
{
    return strcmp(((const cjmi_channel_row *)pa)->name, ((const cjmi_channel_row *)pb)->name);
}

static int name_is(const void *key, const void *row)
{
    return strcmp(key, ((const cjmi_channel_row *)row)->name);
}

static int by_matrix_row(const void *pa, const void *pb)
{
    const cjmi_matrix_row *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->to < b->to ? -1 : a->to > b->to;
}

static int by_stage_pair(const void *pa, const void *pb)
{
    const cjmi_pair_figures *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->to < b->to ? -1 : a->to > b->to;
}

/* A copy of s among the report's names, or NULL with *failed set. */
static char *dup_or_fail(cjm_report *r, const char *s, int *failed)
{
    char *copy = cjmi_strings_copy(&r->names, s, strlen(s));
    if (!copy)
        *failed = 1;
    return copy;
}

static cjmi_feedback_sum event_feedback(const cjm_analysis *a, size_t tp)
{
    cjmi_feedback_sum none = { 0 };
    return tp < a->touchpoint_feedback_capacity ? a->touchpoint_feedback[tp] : none;
}

/* The median and pK of samples: the median at index (n - 1) / 2 of the
 * samples sorted, pK at ceil(K * n / 100) - 1. */
static cjm_status percentiles(int64_t *median, int64_t out[4], const cjmi_samples *s)
{
    static const unsigned percent[4] = CJMI_PERCENTILES;
    uint64_t n = s->count, ranks[5] = { (n - 1) / 2 };
    int64_t found[5];
    for (size_t i = 0; i < 4; i++) /* ceil(K * n / 100), without K * n overflowing */
        ranks[i + 1] = n / 100 * percent[i] + (n % 100 * percent[i] + 99) / 100 - 1;
    if (cjmi_samples_at(found, s, ranks, 5) != CJM_OK)
        return CJM_ERR_NOMEM;
    if (median)
        *median = found[0];
    memcpy(out, found + 1, 4 * sizeof *out);
    return CJM_OK;
}

static cjm_status fill_stages(cjm_report *r, const cjm_analysis *a, cjmi_partial *p)
{
    int failed = 0;
    size_t k = a->stage_count;
    r->stage_count = k;
    r->stage_ids = cjmi_calloc(k, sizeof *r->stage_ids);
    r->stages = cjmi_calloc(k, sizeof *r->stages);
    if (!r->stage_ids || !r->stages)
        return CJM_ERR_NOMEM;
    for (size_t s = 0; s < k; s++) {
        const cjm_stage *stage = a->map->stages[s];
        cjmi_stage_figures *f = &r->stages[s];
        r->stage_ids[s] = dup_or_fail(r, stage->id, &failed);
        f->reached = p->reached[s];
        f->dropped = p->dropped[s];
        f->silent_churn = p->silent[s];
        f->switch_customers = p->switchers[s];
        f->feedback = a->stage_feedback[s].count;
        f->score_sum = a->stage_feedback[s].millionths;
        f->squares = a->stage_feedback[s].squares;
        for (size_t t = 0; t < stage->touchpoint_count; t++) {
            const cjm_touchpoint *tp = stage->touchpoints[t];
            f->map_feedback += tp->feedback_count;
            for (size_t i = 0; i < tp->feedback_count; i++)
                f->map_score_sum += tp->feedback[i]->millionths;
        }
        f->funnel = p->funnel[s];
        f->hop_customers = p->hoppers[s];
        f->transition_samples = p->transitions[s].count;
        if (f->transition_samples &&
            percentiles(&f->median_transition_ms, f->transition_ms, &p->transitions[s]) !=
                CJM_OK)
            failed = 1;
    }
    return failed ? CJM_ERR_NOMEM : CJM_OK;
}

/* An unplanned touchpoint's channel: the one most of its events used, the
 * smallest token on a tie. */
static void choose_channels(uint32_t *best, uint64_t *best_count, const cjm_analysis *a,
                            const tally *t)
{
    for (size_t i = 0; t->unplanned_channels.slots && i <= t->unplanned_channels.mask; i++) {
        const cjmi_pair *p = &t->unplanned_channels.slots[i];
        if (!p->key)
            continue;
        uint32_t tp = cjmi_pair_a(p) - a->planned, ch = cjmi_pair_b(p);
        if (p->count > best_count[tp] ||
            (p->count == best_count[tp] &&
             strcmp(cjmi_intern_string(&a->channels, ch),
                    cjmi_intern_string(&a->channels, best[tp])) < 0)) {
            best[tp] = ch;
            best_count[tp] = p->count;
        }
    }
}

typedef struct unplanned_row {
    cjmi_touchpoint_figures figures;
    const char *channel;
} unplanned_row;

static int by_unplanned_id(const void *pa, const void *pb)
{
    return strcmp(((const unplanned_row *)pa)->figures.id,
                  ((const unplanned_row *)pb)->figures.id);
}

static void planned_row(cjmi_touchpoint_figures *f, const cjm_analysis *a, const tally *t,
                        const cjmi_partial *p, uint32_t i)
{
    const cjm_touchpoint *tp = a->planned_touchpoints[i];
    cjmi_feedback_sum fb = event_feedback(a, i);
    f->planned = tp;
    f->stage = a->planned_stage[i];
    f->events = t->touchpoint_events[i];
    f->customers = p->touchpoint_customers[i];
    f->feedback = fb.count;
    f->score_sum = fb.millionths;
    f->squares = fb.squares;
    f->map_feedback = tp->feedback_count;
    for (size_t k = 0; k < tp->feedback_count; k++)
        f->map_score_sum += tp->feedback[k]->millionths;
}

static cjm_status fill_touchpoints(cjm_report *r, const cjm_analysis *a, const tally *t,
                                   const cjmi_partial *p)
{
    uint32_t planned = a->planned, all = (uint32_t)a->touchpoints.count;
    size_t unplanned = 0;
    for (uint32_t i = planned; i < all; i++)
        unplanned += t->touchpoint_events[i] > 0;
    size_t n = planned + unplanned, extra = all - planned;
    r->touchpoints = cjmi_calloc(n, sizeof *r->touchpoints);
    r->touchpoint_ids = cjmi_calloc(n, sizeof *r->touchpoint_ids);
    r->touchpoint_planned = cjmi_calloc(n, sizeof *r->touchpoint_planned);
    r->touchpoint_channels = cjmi_calloc(n, sizeof *r->touchpoint_channels);
    uint32_t *best = cjmi_calloc(extra, sizeof *best);
    uint64_t *best_count = cjmi_calloc(extra, sizeof *best_count);
    unplanned_row *rows = cjmi_calloc(unplanned, sizeof *rows);
    int failed = !r->touchpoints || !r->touchpoint_ids || !r->touchpoint_planned || !r->touchpoint_channels ||
                 (extra && (!best || !best_count)) || (unplanned && !rows);
    if (!failed) {
        r->touchpoint_count = n;
        choose_channels(best, best_count, a, t);
        for (uint32_t i = 0; i < planned; i++) {
            planned_row(&r->touchpoints[i], a, t, p, i);
            r->touchpoints[i].id = r->touchpoint_ids[i] =
                dup_or_fail(r, a->planned_touchpoints[i]->id, &failed);
            r->touchpoint_planned[i] = true;
            r->touchpoint_channels[i] = dup_or_fail(r, a->planned_touchpoints[i]->channel, &failed);
        }
        size_t u = 0;
        for (uint32_t i = planned; i < all; i++) {
            if (!t->touchpoint_events[i])
                continue;
            cjmi_touchpoint_figures *f = &rows[u].figures;
            cjmi_feedback_sum fb = event_feedback(a, i);
            f->id = cjmi_intern_string(&a->touchpoints, i);
            f->stage = t->first_stage[i] == CJMI_NO_STAGE16 ? CJMI_NO_STAGE : t->first_stage[i];
            f->events = t->touchpoint_events[i];
            f->customers = p->touchpoint_customers[i];
            f->feedback = fb.count;
            f->score_sum = fb.millionths;
            f->squares = fb.squares;
            rows[u++].channel = cjmi_intern_string(&a->channels, best[i - planned]);
        }
        if (unplanned > 1)
            cjmi_sort(rows, unplanned, sizeof *rows, by_unplanned_id);
        for (size_t i = 0; i < unplanned; i++) {
            r->touchpoints[planned + i] = rows[i].figures;
            r->touchpoints[planned + i].id = r->touchpoint_ids[planned + i] =
                dup_or_fail(r, rows[i].figures.id, &failed);
            r->touchpoint_channels[planned + i] = dup_or_fail(r, rows[i].channel, &failed);
        }
    }
    cjmi_free(best);
    cjmi_free(best_count);
    cjmi_free(rows);
    return failed ? CJM_ERR_NOMEM : CJM_OK;
}

static cjm_status fill_channels(cjm_report *r, const cjm_analysis *a, const tally *t,
                                const cjmi_partial *p)
{
    size_t all = a->channels.count, n = 0;
    int failed = 0;
    size_t *row_of = cjmi_malloc(all * sizeof *row_of);
    r->channels = cjmi_calloc(all, sizeof *r->channels);
    if (!row_of || !r->channels) {
        cjmi_free(row_of);
        return CJM_ERR_NOMEM;
    }
    for (size_t c = 0; c < all; c++) {
        if (!t->channel_events[c])
            continue;
        r->channels[n].name =
            dup_or_fail(r, cjmi_intern_string(&a->channels, (uint32_t)c), &failed);
        r->channels[n++].events = t->channel_events[c];
    }
    r->channel_count = n;
    if (failed) {
        cjmi_free(row_of);
        return CJM_ERR_NOMEM;
    }
    if (n > 1)
        cjmi_sort(r->channels, n, sizeof *r->channels, by_channel_name);
    /* Rows are in byte order; find each channel's row by its name. */
    for (size_t c = 0; c < all; c++) {
        const char *name = cjmi_intern_string(&a->channels, (uint32_t)c);
        const cjmi_channel_row *row =
            t->channel_events[c] ? bsearch(name, r->channels, n, sizeof *r->channels, name_is)
                                 : NULL;
        row_of[c] = row ? (size_t)(row - r->channels) : SIZE_MAX;
    }
    r->switches = p->switches;
    r->multichannel = p->multichannel;
    size_t cap = 0;
    if (p->matrix) {
        for (size_t from = 0; !failed && from < all; from++)
            for (size_t to = 0; to < all; to++) {
                uint64_t count = p->matrix[from * all + to];
                if (!count)
                    continue;
                cjmi_matrix_row m = { row_of[from], row_of[to], count };
                if (cjmi_array_push(r->matrix, r->matrix_count, cap, m) != CJM_OK) {
                    failed = 1;
                    break;
                }
            }
    } else {
        size_t count;
        cjmi_pair *list = cjmi_pairs_list(&p->matrix_pairs, &count, &failed);
        r->matrix = count ? cjmi_malloc(count * sizeof *r->matrix) : NULL;
        if (count && !r->matrix)
            failed = 1;
        for (size_t i = 0; !failed && i < count; i++) {
            cjmi_matrix_row m = { row_of[cjmi_pair_a(&list[i])], row_of[cjmi_pair_b(&list[i])],
                                  list[i].count };
            r->matrix[r->matrix_count++] = m;
        }
        cjmi_free(list);
    }
    if (r->matrix_count > 1)
        cjmi_sort(r->matrix, r->matrix_count, sizeof *r->matrix, by_matrix_row);
    cjmi_free(row_of);
    return failed ? CJM_ERR_NOMEM : CJM_OK;
}

static cjm_status fill_backtracks(cjm_report *r, const cjmi_partial *p)
{
    int failed = 0;
    size_t count;
    cjmi_pair *list = cjmi_pairs_list(&p->backtrack_pairs, &count, &failed);
    r->backtracks = p->backtracks;
    r->backtrack_customers = p->backtrack_customers;
    r->pairs = count ? cjmi_malloc(count * sizeof *r->pairs) : NULL;
    if (count && !r->pairs)
        failed = 1;
    for (size_t i = 0; !failed && i < count; i++) {
        cjmi_pair_figures f = { cjmi_pair_a(&list[i]), cjmi_pair_b(&list[i]), list[i].count,
                                list[i].customers };
        r->pairs[r->pair_count++] = f;
    }
    cjmi_free(list);
    if (r->pair_count > 1)
        cjmi_sort(r->pairs, r->pair_count, sizeof *r->pairs, by_stage_pair);
    return failed ? CJM_ERR_NOMEM : CJM_OK;
}

static cjm_status assemble(cjm_report *r, const cjm_analysis *a, const tally *t,
                           cjmi_partial *p, cjmi_segment_plan *plan, const char *func)
{
    int failed = 0;
    if (a->breakdown != CJMI_BREAKDOWN_NONE) {
        r->breakdown = dup_or_fail(r, a->options.breakdown, &failed);
        cjmi_segments_add_items(p, a, plan);
        cjmi_segments_take(&r->segments, &r->segment_count, p, plan);
    }
    size_t map_switches = 0;
    r->journey = dup_or_fail(r, a->map->id, &failed);
    r->customers = cjm_analysis_customer_count(a);
    r->events = cjm_analysis_event_count(a);
    r->completed = p->completed;
    r->completion_samples = p->completions.count;
    if (r->completion_samples && percentiles(NULL, r->completion_ms, &p->completions) != CJM_OK)
        failed = 1;
    r->rejected = a->rejected;
    r->confidence = a->options.confidence;
    if (failed || fill_stages(r, a, p) != CJM_OK || fill_touchpoints(r, a, t, p) != CJM_OK ||
        fill_channels(r, a, t, p) != CJM_OK || fill_backtracks(r, p) != CJM_OK ||
        cjmi_routes_report(&r->routes, &p->routes, a, r) != CJM_OK ||
        cjm_journey_channel_switches(&map_switches, a->map) != CJM_OK)
        return cjmi_nomem(func);
    r->map_switches = map_switches;
    /* Map feedback sits on planned touchpoints, event feedback on the
     * touchpoint of its event: the rows hold every item once. */
    for (size_t i = 0; i < r->touchpoint_count; i++) {
        r->feedback += r->touchpoints[i].feedback;
        r->map_feedback += r->touchpoints[i].map_feedback;
    }
    cjmi_figures figures = {
        .map = a->map, .stages = r->stages, .touchpoints = r->touchpoints,
        .touchpoint_count = r->touchpoint_count, .pairs = r->pairs,
        .pair_count = r->pair_count, .customers = r->customers, .events = r->events, .bulk = true,
        .breakdown = r->breakdown, .cohort = a->breakdown > CJMI_BREAKDOWN_ATTRIBUTE,
        .segments = r->segments, .segment_count = r->segment_count,
    };
    cjm_status rc = cjmi_find_gaps(&r->gaps, &figures, &a->options, func);
    /* The report outlives the analysis: keep no pointer into its map. */
    for (size_t i = 0; i < r->touchpoint_count; i++)
        r->touchpoints[i].planned = NULL;
    return rc;
}

CJM_EXPORT cjm_status cjm_analysis_report(cjm_report **out, const cjm_analysis *a)
{
    static const char func[] = "cjm_analysis_report";
    if (!out || !a)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, out ? "analysis" : "out");
    tally t = { 0 };
    cjmi_partial *partials = NULL;
    unsigned count = 0;
    cjm_report *r = cjmi_calloc(1, sizeof *r);
    cjm_status rc = r ? tally_events(&t, a, true) : CJM_ERR_NOMEM;
    cjmi_segment_plan plan = { .count = 0 };
    bool segments = a->breakdown != CJMI_BREAKDOWN_NONE;
    if (rc == CJM_OK && segments && cjmi_segment_plan_make(&plan, a) != CJM_OK)
        rc = CJM_ERR_NOMEM;
    if (rc == CJM_OK)
        rc = walk_all(&partials, &count, a, &t, cjm_analysis_event_count(a), NULL, NULL, true,
                      segments ? &plan : NULL);
    if (rc == CJM_OK && cjmi_cancelled(a))
        rc = CJM_ERR_CANCELLED;
    if (rc == CJM_ERR_CANCELLED)
        rc = cjmi_cancel_fail(func);
    else if (rc != CJM_OK)
        rc = cjmi_nomem(func);
    else
        rc = assemble(r, a, &t, &partials[0], &plan, func);
    cjmi_segment_plan_fini(&plan);
    for (unsigned i = 0; i < count; i++)
        cjmi_partial_fini(&partials[i]);
    cjmi_free(partials);
    tally_fini(&t);
    if (rc != CJM_OK) {
        cjm_report_free(r);
        return rc;
    }
    *out = r;
    return CJM_OK;
}
