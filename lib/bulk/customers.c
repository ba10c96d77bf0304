/* The customers behind a figure: the report's own walk over every
 * customer, with a visitor that applies the selection's criteria to what
 * the walk found (the tests that count the figures), then the selected ids
 * sorted by their bytes and handed out one by one. Criteria that hold for
 * a customer as soon as one of its events meets them, whatever the
 * events' order, are checked in one pass over the events instead. */
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "analysis-private.h"
#include "byte-sort.h"
#include "pairs.h"
#include "segment-report.h"
#include "selection-private.h"
#include "walk.h"
#include "workers.h"
#include "../core/alloc.h"
#include "../core/error.h"

static const char func[] = "cjm_analysis_customers";

/* A criterion with its ids as the analysis's indexes. */
typedef struct resolved {
    cjmi_criterion_kind kind;
    uint32_t index;   /* stage or touchpoint */
    uint64_t pair;    /* a backtrack's pair key */
    uint16_t *path;   /* a path's stages (owned), path_length of them */
    size_t path_length;
} resolved;

typedef struct id_list {
    const char **ids;
    size_t count, capacity;
} id_list;

/* Per worker: the ids it selected, and room for a customer's path. */
typedef struct worker_space {
    id_list list;
    uint16_t *path;
    size_t path_capacity;
} worker_space;

typedef struct visit_ctx {
    const cjm_analysis *a;
    const resolved *criteria;
    size_t count;
    cjmi_segment_plan plan; /* the report's segments, when a criterion needs them */
    bool planned;
    worker_space workers[CJM_THREADS_MAX];
} visit_ctx;

static uint32_t find(const cjmi_intern *in, const char *id)
{
    size_t len = strlen(id);
    return cjmi_intern_find(in, id, len, cjmi_intern_hash(id, len));
}

static cjm_status no_stage(const cjm_analysis *a, const cjmi_criterion *c, const char *id)
{
    return cjmi_fail(CJM_ERR_NOT_FOUND, "%s: %s: no stage \"%s\" in the map \"%s\"", func,
                     cjmi_criterion_name(c->kind), id, cjm_journey_id(a->map));
}

/* The entry of the report's segments a segment criterion names. */
static cjm_status resolve_segment(resolved *r, visit_ctx *ctx, const cjmi_criterion *c)
{
    const cjm_analysis *a = ctx->a;
    if (a->breakdown == CJMI_BREAKDOWN_NONE)
        return cjmi_fail(CJM_ERR_INVALID, "%s: segment: the analysis has no breakdown "
                         "(cjm_options_set_breakdown())", func);
    if (!ctx->planned) {
        if (cjmi_segment_plan_make(&ctx->plan, a) != CJM_OK)
            return cjmi_nomem(func);
        ctx->planned = true;
    }
    const cjmi_segment_plan *plan = &ctx->plan;
    for (size_t i = 0; i < plan->count; i++) {
        bool other = plan->other && i + 1 == plan->count;
        const char *value = plan->values[i];
        if (c->kind == CJMI_IN_OTHER ? other
                                     : !other && (value && c->id ? strcmp(value, c->id) == 0
                                                                 : !value && !c->id)) {
            r->index = (uint32_t)i;
            return CJM_OK;
        }
    }
    if (c->kind == CJMI_IN_OTHER)
        return cjmi_fail(CJM_ERR_NOT_FOUND, "%s: segment: no pooled segment under the "
                         "breakdown \"%s\": every value has its own", func,
                         a->options.breakdown);
    if (!c->id)
        return cjmi_fail(CJM_ERR_NOT_FOUND, "%s: segment: no segment of customers without "
                         "a value under the breakdown \"%s\"", func, a->options.breakdown);
    return cjmi_fail(CJM_ERR_NOT_FOUND, "%s: segment: no segment \"%s\" of its own under the "
                     "breakdown \"%s\"", func, c->id, a->options.breakdown);
}

/* Each criterion's ids as indexes; an id the analysis lacks is named. */
static cjm_status resolve(resolved *out, visit_ctx *ctx, const cjm_selection *s)
{
    const cjm_analysis *a = ctx->a;
    for (size_t i = 0; i < s->count; i++) {
        const cjmi_criterion *c = &s->items[i];
        resolved *r = &out[i];
        r->kind = c->kind;
        if (c->kind == CJMI_COMPLETED)
            continue;
        if (c->kind == CJMI_IN_SEGMENT || c->kind == CJMI_IN_OTHER) {
            cjm_status rc = resolve_segment(r, ctx, c);
            if (rc != CJM_OK)
                return rc;
            continue;
        }
        if (c->kind == CJMI_ON_PATH) {
            r->path = cjmi_malloc(c->path_length * sizeof *r->path);
            if (!r->path)
                return cjmi_nomem(func);
            r->path_length = c->path_length;
            for (size_t j = 0; j < c->path_length; j++) {
                uint32_t stage = find(&a->stages, c->path[j]);
                if (stage == CJMI_NOT_INTERNED)
                    return no_stage(a, c, c->path[j]);
                r->path[j] = (uint16_t)stage;
            }
            continue;
        }
        if (c->kind == CJMI_USED) {
            r->index = find(&a->touchpoints, c->id);
            if (r->index == CJMI_NOT_INTERNED)
                return cjmi_fail(CJM_ERR_NOT_FOUND,
                                 "%s: used: no touchpoint \"%s\" in the map \"%s\" or the "
                                 "events",
                                 func, c->id, cjm_journey_id(a->map));
            continue;
        }
        r->index = find(&a->stages, c->id);
        if (r->index == CJMI_NOT_INTERNED)
            return no_stage(a, c, c->id);
        if (c->kind != CJMI_BACKTRACKED)
            continue;
        uint32_t to = find(&a->stages, c->to);
        if (to == CJMI_NOT_INTERNED)
            return no_stage(a, c, c->to);
        if (to >= r->index)
            return cjmi_fail(CJM_ERR_INVALID,
                             "%s: backtracked: \"%s\" does not come before \"%s\" in the map: "
                             "a backtrack goes to an earlier stage",
                             func, c->to, c->id);
        r->pair = cjmi_pair_key((uint16_t)r->index, (uint16_t)to);
    }
    return CJM_OK;
}

static bool backtracked(const cjmi_partial *p, const cjmi_outcome *o, uint64_t key)
{
    for (size_t i = 0; i < o->backtrack_pairs; i++)
        if (p->pairs_seen[i] == key)
            return true;
    return false;
}

/* Whether the customer's path, the report's own (cjmi_path_of), is r's. */
static bool on_path(worker_space *w, const cjmi_outcome *o, const resolved *r, bool *failed)
{
    if (cjmi_array_reserve(w->path, w->path_capacity, o->events) != CJM_OK) {
        *failed = true;
        return false;
    }
    size_t length = cjmi_path_of(w->path, o->steps, o->events);
    return length == r->path_length &&
           memcmp(w->path, r->path, length * sizeof *w->path) == 0;
}

/* Whether the walk's findings on a customer meet criterion r. */
static bool meets(const cjmi_partial *p, const cjmi_outcome *o, const resolved *r,
                  const visit_ctx *ctx, worker_space *w, bool *failed)
{
    switch (r->kind) {
    case CJMI_REACHED:
        return p->stage_seen[r->index] == o->mark;
    case CJMI_FUNNEL:
        return r->index < o->funnel;
    case CJMI_DROPPED:
        return o->dropped == r->index;
    case CJMI_SILENT_CHURN:
        return o->dropped == r->index && !o->heard;
    case CJMI_HOPPED:
        return p->hop_seen[r->index] == o->mark;
    case CJMI_BACKTRACKED:
        return backtracked(p, o, r->pair);
    case CJMI_USED:
        return p->touchpoint_seen[r->index] == o->mark;
    case CJMI_COMPLETED:
        return o->completed;
    case CJMI_ON_PATH:
        return on_path(w, o, r, failed);
    case CJMI_IN_SEGMENT:
    case CJMI_IN_OTHER:
        return ctx->plan.entries[o->shard - ctx->a->shards][o->customer] == r->index;
    }
    return false;
}

static cjm_status visit(cjmi_partial *p, const cjmi_outcome *o)
{
    visit_ctx *ctx = p->visit_ctx;
    worker_space *w = &ctx->workers[p->worker];
    bool failed = false;
    for (size_t i = 0; i < ctx->count; i++)
        if (!meets(p, o, &ctx->criteria[i], ctx, w, &failed))
            return failed ? CJM_ERR_NOMEM : CJM_OK;
    id_list *l = &w->list;
    const char *id = cjmi_intern_string(&o->shard->customers, o->customer);
    return cjmi_array_push(l->ids, l->count, l->capacity, id);
}

/* ---- Criteria that need no walk ---- */

/* Reached a stage, used a touchpoint and completed (reached the last
 * stage) hold once one of the customer's events is there, the very tests
 * the walk makes (stage_seen, touchpoint_seen), in any order; a segment
 * is known before any walk. One bit per event criterion (bit 0: the
 * customer has an event), so at most 63 of them. */
static bool direct(const resolved *criteria, size_t n)
{
    size_t bits = 1;
    for (size_t i = 0; i < n; i++) {
        switch (criteria[i].kind) {
        case CJMI_REACHED:
        case CJMI_USED:
        case CJMI_COMPLETED:
            bits++;
            break;
        case CJMI_IN_SEGMENT:
        case CJMI_IN_OTHER:
            break;
        default:
            return false;
        }
    }
    return bits <= 64;
}

typedef struct direct_job {
    visit_ctx *ctx;
    const uint64_t *stage_bits;      /* per stage, and last for none: the criteria met */
    const uint64_t *touchpoint_bits; /* per touchpoint: the criteria met, and bit 0 */
    uint64_t all;
    atomic_uint next; /* the next shard to take */
    atomic_bool failed;
} direct_job;

static bool in_segments(const visit_ctx *ctx, size_t shard, uint32_t customer)
{
    for (size_t i = 0; i < ctx->count; i++) {
        const resolved *r = &ctx->criteria[i];
        if ((r->kind == CJMI_IN_SEGMENT || r->kind == CJMI_IN_OTHER) &&
            ctx->plan.entries[shard][customer] != r->index)
            return false;
    }
    return true;
}

/* Takes shards in turn: marks what each customer's events meet, then
 * keeps the customers that meet everything. */
static void direct_work(void *p, unsigned worker, unsigned workers)
{
    (void)workers;
    direct_job *j = p;
    visit_ctx *ctx = j->ctx;
    const cjm_analysis *a = ctx->a;
    id_list *l = &ctx->workers[worker].list;
    uint64_t *marks = NULL;
    size_t capacity = 0;
    for (;;) {
        unsigned s = atomic_fetch_add(&j->next, 1);
        if (s >= CJMI_SHARDS || atomic_load(&j->failed))
            break;
        const cjmi_shard *shard = &a->shards[s];
        size_t customers = shard->customers.count;
        if (!customers)
            continue;
        if (cjmi_array_reserve(marks, capacity, customers) != CJM_OK) {
            atomic_store(&j->failed, true);
            break;
        }
        memset(marks, 0, customers * sizeof *marks);
        for (const cjmi_chunk *c = shard->events.first; c; c = c->next)
            for (size_t i = 0; i < c->count; i++) {
                uint16_t stage = c->stage[i];
                marks[c->customer[i]] |=
                    j->touchpoint_bits[c->touchpoint[i]] |
                    j->stage_bits[stage == CJMI_NO_STAGE16 ? a->stage_count : stage];
            }
        for (uint32_t c = 0; c < customers; c++) {
            if (marks[c] != j->all || !in_segments(ctx, s, c))
                continue;
            const char *id = cjmi_intern_string(&shard->customers, c);
            if (cjmi_array_push(l->ids, l->count, l->capacity, id) != CJM_OK) {
                atomic_store(&j->failed, true);
                break;
            }
        }
    }
    cjmi_free(marks);
}

/* Selects with one pass over the events, shards on the workers.
 * CJM_OK or CJM_ERR_NOMEM (no message). */
static cjm_status select_direct(visit_ctx *ctx)
{
    const cjm_analysis *a = ctx->a;
    size_t stages = a->stage_count, touchpoints = a->touchpoints.count;
    uint64_t *stage_bits = cjmi_calloc(stages + 1, sizeof *stage_bits);
    uint64_t *touchpoint_bits =
        cjmi_malloc((touchpoints ? touchpoints : 1) * sizeof *touchpoint_bits);
    if (!stage_bits || !touchpoint_bits) {
        cjmi_free(stage_bits);
        cjmi_free(touchpoint_bits);
        return CJM_ERR_NOMEM;
    }
    for (size_t t = 0; t < touchpoints; t++)
        touchpoint_bits[t] = 1;
    /* A criterion no event meets (completed, in a map without stages)
     * keeps its bit out of every event's, so nobody is selected. */
    uint64_t all = 1, bit = 2;
    for (size_t i = 0; i < ctx->count; i++) {
        const resolved *r = &ctx->criteria[i];
        if (r->kind == CJMI_REACHED)
            stage_bits[r->index] |= bit;
        else if (r->kind == CJMI_COMPLETED && stages)
            stage_bits[stages - 1] |= bit;
        else if (r->kind == CJMI_USED)
            touchpoint_bits[r->index] |= bit;
        else if (r->kind != CJMI_COMPLETED)
            continue;
        all |= bit;
        bit <<= 1;
    }
    direct_job j = { .ctx = ctx, .stage_bits = stage_bits,
                     .touchpoint_bits = touchpoint_bits, .all = all };
    atomic_init(&j.next, 0);
    atomic_init(&j.failed, false);
    cjmi_run_parallel(cjmi_analysis_threads(a, CJMI_SHARDS), direct_work, &j);
    cjmi_free(stage_bits);
    cjmi_free(touchpoint_bits);
    return atomic_load(&j.failed) ? CJM_ERR_NOMEM : CJM_OK;
}

/* The lists of the workers as one, sorted; NULL and CJM_ERR_NOMEM when
 * memory runs out. */
static cjm_status gather(const char ***out, size_t *count, visit_ctx *ctx)
{
    size_t n = 0;
    for (size_t w = 0; w < CJM_THREADS_MAX; w++)
        n += ctx->workers[w].list.count;
    const char **all = cjmi_malloc((n ? n : 1) * sizeof *all);
    if (!all)
        return CJM_ERR_NOMEM;
    size_t at = 0;
    for (size_t w = 0; w < CJM_THREADS_MAX; w++) {
        const id_list *l = &ctx->workers[w].list;
        if (l->count)
            memcpy(all + at, l->ids, l->count * sizeof *all);
        at += l->count;
    }
    if (cjmi_sort_strings(all, n) != CJM_OK) {
        cjmi_free(all);
        return CJM_ERR_NOMEM;
    }
    *out = all;
    *count = n;
    return CJM_OK;
}

/* Hands the ids to the callback until it stops. */
static cjm_status stream(const char **ids, size_t n, cjm_customer_fn callback, void *userdata)
{
    for (size_t i = 0; i < n; i++) {
        int r = callback(ids[i], userdata);
        if (r > 0)
            return CJM_OK;
        if (r < 0) {
            cjm_status status = (cjm_status)r;
            /* Keep the callback's own message when it set one. */
            if (cjm_last_status() != status)
                cjmi_fail(status, "%s: the callback failed (%s) at customer \"%s\"", func,
                          cjm_status_name(status), ids[i]);
            return status;
        }
    }
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_analysis_customers(const cjm_analysis *a, const cjm_selection *s,
                                             cjm_customer_fn callback, void *userdata)
{
    if (!a || !s || !callback)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func,
                         !a ? "analysis" : !s ? "selection" : "callback");
    visit_ctx *ctx = cjmi_calloc(1, sizeof *ctx);
    resolved *criteria = cjmi_calloc(s->count ? s->count : 1, sizeof *criteria);
    if (!ctx || !criteria) {
        cjmi_free(ctx);
        cjmi_free(criteria);
        return cjmi_nomem(func);
    }
    ctx->a = a;
    cjm_status rc = resolve(criteria, ctx, s);
    const char **ids = NULL;
    size_t n = 0;
    if (rc == CJM_OK) {
        ctx->criteria = criteria;
        ctx->count = s->count;
        cjm_status found = direct(criteria, s->count) ? select_direct(ctx)
                                                      : cjmi_walk_customers(a, visit, ctx);
        if (found != CJM_OK || gather(&ids, &n, ctx) != CJM_OK)
            rc = cjmi_nomem(func);
    }
    for (size_t w = 0; w < CJM_THREADS_MAX; w++) {
        cjmi_free(ctx->workers[w].list.ids);
        cjmi_free(ctx->workers[w].path);
    }
    for (size_t i = 0; i < s->count; i++)
        cjmi_free(criteria[i].path);
    if (ctx->planned)
        cjmi_segment_plan_fini(&ctx->plan);
    cjmi_free(ctx);
    cjmi_free(criteria);
    if (rc == CJM_OK)
        rc = stream(ids, n, callback, userdata);
    cjmi_free(ids);
    return rc;
}
