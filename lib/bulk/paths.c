/* Paths, the flow and exits: gathered per worker while customers are
 * walked, added up, then ranked for the report (analysis.md, "Paths,
 * flows and exits"). */
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "walk.h"
#include "report-private.h"
#include "../core/alloc.h"
#include "../util/sort.h"

/* A dense table of touchpoint pairs up to this many touchpoints (4 MiB of
 * cells, touched only where edges are); a hash beyond. */
#define DENSE_TOUCHPOINTS 1024
#define DENSE_CELLS_PER_EVENT 64

void cjmi_routes_fini(cjmi_routes *r)
{
    cjmi_free(r->arena);
    cjmi_free(r->paths);
    cjmi_free(r->path_slots);
    cjmi_free(r->scratch);
    for (size_t i = 0; i < r->edge_count; i++)
        cjmi_samples_fini(&r->edges[i].times);
    cjmi_free(r->edges);
    cjmi_free(r->edge_of);
    cjmi_pairs_fini(&r->edge_pairs);
    cjmi_free(r->starts);
    cjmi_free(r->ends);
    cjmi_pairs_fini(&r->exits);
    memset(r, 0, sizeof *r);
}

cjm_status cjmi_routes_init(cjmi_routes *r, size_t touchpoints, uint64_t events)
{
    memset(r, 0, sizeof *r);
    r->touchpoint_count = touchpoints;
    r->starts = cjmi_calloc(touchpoints, sizeof *r->starts);
    r->ends = cjmi_calloc(touchpoints, sizeof *r->ends);
    /* The table of every pair of touchpoints, unless the events are too
     * few to fill a part of it worth zeroing (a customer's own report):
     * their edges are then found in the pairs' table, in the same order. */
    bool dense = touchpoints <= DENSE_TOUCHPOINTS &&
                 touchpoints * touchpoints <= DENSE_CELLS_PER_EVENT * events;
    if (dense)
        r->edge_of = cjmi_calloc(touchpoints * touchpoints, sizeof *r->edge_of);
    if ((touchpoints && (!r->starts || !r->ends)) || (touchpoints && dense && !r->edge_of)) {
        cjmi_routes_fini(r);
        return CJM_ERR_NOMEM;
    }
    return CJM_OK;
}

/* ---- paths ---- */

static uint32_t hash_path(const uint16_t *s, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * UINT64_C(0x100000001b3);
    return (uint32_t)(h ^ h >> 32);
}

static cjm_status grow_path_slots(cjmi_routes *r)
{
    size_t size = r->path_slots ? (r->path_mask + 1) * 2 : 64;
    if (size > SIZE_MAX / 2 / sizeof *r->path_slots)
        return CJM_ERR_NOMEM;
    uint32_t *slots = cjmi_calloc_probed(size, sizeof *slots);
    if (!slots)
        return CJM_ERR_NOMEM;
    for (size_t e = 0; e < r->path_count; e++) {
        size_t i = r->paths[e].hash & (size - 1);
        while (slots[i])
            i = (i + 1) & (size - 1);
        slots[i] = (uint32_t)e + 1;
    }
    cjmi_free(r->path_slots);
    r->path_slots = slots;
    r->path_mask = size - 1;
    return CJM_OK;
}

/* The entry of a path, added with no customers if new; NULL when memory
 * runs out. */
static cjmi_path_entry *find_path(cjmi_routes *r, const uint16_t *s, size_t n, uint32_t h)
{
    size_t i = 0;
    if (r->path_slots) {
        for (i = h & r->path_mask; r->path_slots[i]; i = (i + 1) & r->path_mask) {
            cjmi_path_entry *e = &r->paths[r->path_slots[i] - 1];
            if (e->hash == h && e->length == n &&
                memcmp(r->arena + e->start, s, n * sizeof *s) == 0)
                return e;
        }
    }
    if (r->path_count >= UINT32_MAX - 1 || n > UINT32_MAX)
        return NULL;
    if (!r->path_slots || r->path_count + 1 > (r->path_mask + 1) / 2) {
        if (grow_path_slots(r) != CJM_OK)
            return NULL;
        for (i = h & r->path_mask; r->path_slots[i]; i = (i + 1) & r->path_mask)
            ;
    }
    if (cjmi_array_reserve(r->arena, r->arena_capacity, r->arena_count + n) != CJM_OK ||
        cjmi_array_reserve(r->paths, r->path_capacity, r->path_count + 1) != CJM_OK)
        return NULL;
    memcpy(r->arena + r->arena_count, s, n * sizeof *s);
    cjmi_path_entry *e = &r->paths[r->path_count];
    *e = (cjmi_path_entry){ r->arena_count, (uint32_t)n, h, 0, 0 };
    r->arena_count += n;
    r->path_slots[i] = (uint32_t)++r->path_count;
    return e;
}

/* ---- the flow ---- */

/* The edge from a to b, added with no counts if new; NULL when memory
 * runs out. */
static cjmi_edge *add_edge(cjmi_routes *r, uint32_t a, uint32_t b);

/* The dense table's cell answers most lookups inline, once the edge is
 * known. */
static inline cjmi_edge *find_edge(cjmi_routes *r, uint32_t a, uint32_t b)
{
    if (r->edge_of) {
        uint32_t cell = r->edge_of[(size_t)a * r->touchpoint_count + b];
        if (cell)
            return &r->edges[cell - 1];
    }
    return add_edge(r, a, b);
}

static cjmi_edge *add_edge(cjmi_routes *r, uint32_t a, uint32_t b)
{
    uint32_t *cell = NULL;
    cjmi_pair *pair = NULL;
    if (r->edge_of) {
        cell = &r->edge_of[(size_t)a * r->touchpoint_count + b];
        if (*cell)
            return &r->edges[*cell - 1];
    } else {
        pair = cjmi_pairs_get(&r->edge_pairs, a, b);
        if (!pair)
            return NULL;
        if (pair->count)
            return &r->edges[pair->count - 1];
    }
    if (r->edge_count >= UINT32_MAX - 1 ||
        cjmi_array_reserve(r->edges, r->edge_capacity, r->edge_count + 1) != CJM_OK)
        return NULL;
    cjmi_edge *e = &r->edges[r->edge_count++];
    *e = (cjmi_edge){ .from = a, .to = b };
    if (cell)
        *cell = (uint32_t)r->edge_count;
    else
        pair->count = r->edge_count;
    return e;
}

/* A fresh stamp for the next customer; on wrapping, every mark is cleared. */
static uint32_t next_stamp(cjmi_routes *r)
{
    if (++r->stamp == 0) {
        for (size_t i = 0; i < r->edge_count; i++)
            r->edges[i].stamp = 0;
        r->stamp = 1;
    }
    return r->stamp;
}

/* Adds an event's stage to a path of `length` stages ending in *last;
 * returns the new length. Without a branch: whether the stage changes is
 * data, not a pattern the processor could learn. */
static inline size_t path_append(uint16_t *path, size_t length, uint16_t *last, uint16_t stage)
{
    bool change = stage != CJMI_NO_STAGE16 && stage != *last;
    path[length] = stage;
    *last = change ? stage : *last;
    return length + change;
}

size_t cjmi_path_of(uint16_t *out, const cjmi_step *steps, size_t n)
{
    size_t length = 0;
    uint16_t last = CJMI_NO_STAGE16;
    for (size_t i = 0; i < n; i++)
        length = path_append(out, length, &last, steps[i].stage);
    return length;
}

cjm_status cjmi_routes_walk(cjmi_routes *r, const cjmi_step *steps, size_t n, bool completed,
                            uint16_t dropped_at, bool silent)
{
    const uint32_t mark = next_stamp(r);
    if (cjmi_array_reserve(r->scratch, r->scratch_capacity, n) != CJM_OK)
        return CJM_ERR_NOMEM;
    r->starts[steps[0].touchpoint]++;
    r->ends[steps[n - 1].touchpoint]++;
    /* One pass gathers the flow and the path (cjmi_path_of()'s). */
    uint16_t *path = r->scratch, last = CJMI_NO_STAGE16;
    size_t length = path_append(path, 0, &last, steps[0].stage);
    for (size_t i = 1; i < n; i++) {
        const cjmi_step *e = &steps[i], *before = &steps[i - 1];
        cjmi_edge *edge = find_edge(r, before->touchpoint, e->touchpoint);
        if (!edge || cjmi_samples_push(&edge->times, e->at - before->at) != CJM_OK)
            return CJM_ERR_NOMEM;
        edge->customers += edge->stamp != mark;
        edge->stamp = mark;
        length = path_append(path, length, &last, e->stage);
    }
    if (length) {
        cjmi_path_entry *p = find_path(r, path, length, hash_path(path, length));
        if (!p)
            return CJM_ERR_NOMEM;
        p->customers++;
        p->completed += completed;
    }
    if (dropped_at != CJMI_NO_STAGE16) {
        cjmi_pair *exit = cjmi_pairs_get(&r->exits, dropped_at, steps[n - 1].touchpoint);
        if (!exit)
            return CJM_ERR_NOMEM;
        exit->count++;
        exit->customers += silent;
    }
    return CJM_OK;
}

cjm_status cjmi_routes_add(cjmi_routes *into, cjmi_routes *from)
{
    for (size_t i = 0; i < from->path_count; i++) {
        const cjmi_path_entry *p = &from->paths[i];
        cjmi_path_entry *q = find_path(into, from->arena + p->start, p->length, p->hash);
        if (!q)
            return CJM_ERR_NOMEM;
        q->customers += p->customers;
        q->completed += p->completed;
    }
    for (size_t i = 0; i < from->edge_count; i++) {
        cjmi_edge *e = &from->edges[i];
        cjmi_edge *f = find_edge(into, e->from, e->to);
        if (!f || cjmi_samples_take(&f->times, &e->times) != CJM_OK)
            return CJM_ERR_NOMEM;
        f->customers += e->customers;
    }
    for (size_t t = 0; t < into->touchpoint_count; t++) {
        into->starts[t] += from->starts[t];
        into->ends[t] += from->ends[t];
    }
    return cjmi_pairs_add_all(&into->exits, &from->exits);
}

/* ---- the report's figures ---- */

void cjmi_route_figures_fini(cjmi_route_figures *f)
{
    cjmi_free(f->paths);
    cjmi_free(f->path_stages);
    cjmi_free(f->edges);
    cjmi_free(f->starts);
    cjmi_free(f->ends);
    cjmi_free(f->exit_first);
    cjmi_free(f->exits);
    memset(f, 0, sizeof *f);
}

/* qsort passes no context: each row carries what its comparison reads. */
typedef struct ranked_path {
    const cjmi_path_entry *entry;
    const uint16_t *stages;
} ranked_path;

static int by_customers_then_stages(const void *pa, const void *pb)
{
    const ranked_path *a = pa, *b = pb;
    if (a->entry->customers != b->entry->customers)
        return a->entry->customers > b->entry->customers ? -1 : 1;
    size_t n = a->entry->length < b->entry->length ? a->entry->length : b->entry->length;
    for (size_t i = 0; i < n; i++)
        if (a->stages[i] != b->stages[i])
            return a->stages[i] < b->stages[i] ? -1 : 1;
    return a->entry->length < b->entry->length ? -1 : a->entry->length > b->entry->length;
}

static size_t limit(uint64_t option, size_t n)
{
    return option < n ? (size_t)option : n;
}

static cjm_status report_paths(cjmi_route_figures *out, const cjmi_routes *r, uint64_t max)
{
    out->distinct = r->path_count;
    size_t n = r->path_count, keep = limit(max, n);
    if (!keep)
        return CJM_OK;
    ranked_path *ranked = cjmi_malloc(n * sizeof *ranked);
    if (!ranked)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        ranked[i] = (ranked_path){ &r->paths[i], r->arena + r->paths[i].start };
    cjmi_sort(ranked, n, sizeof *ranked, by_customers_then_stages);
    size_t stages = 0;
    for (size_t i = 0; i < keep; i++)
        stages += ranked[i].entry->length;
    out->paths = cjmi_calloc(keep, sizeof *out->paths);
    out->path_stages = cjmi_malloc(stages * sizeof *out->path_stages);
    if (!out->paths || !out->path_stages) {
        cjmi_free(ranked);
        return CJM_ERR_NOMEM;
    }
    size_t at = 0;
    for (size_t i = 0; i < keep; i++) {
        const cjmi_path_entry *e = ranked[i].entry;
        memcpy(out->path_stages + at, ranked[i].stages, e->length * sizeof *ranked[i].stages);
        out->paths[i] = (cjmi_path_row){ at, e->length, e->customers, e->completed };
        at += e->length;
    }
    out->path_count = keep;
    cjmi_free(ranked);
    return CJM_OK;
}

typedef struct ranked_edge {
    const cjmi_edge *edge;
    const char *from, *to;
    size_t from_row, to_row;
} ranked_edge;

static int by_count_then_ids(const void *pa, const void *pb)
{
    const ranked_edge *a = pa, *b = pb;
    uint64_t na = a->edge->times.count, nb = b->edge->times.count;
    if (na != nb)
        return na > nb ? -1 : 1;
    int c = strcmp(a->from, b->from);
    return c ? c : strcmp(a->to, b->to);
}

static cjm_status report_edges(cjmi_route_figures *out, const cjmi_routes *r,
                               const size_t *row_of, char *const *ids, uint64_t max)
{
    size_t n = r->edge_count, keep = limit(max, n);
    if (!keep)
        return CJM_OK;
    ranked_edge *ranked = cjmi_malloc(n * sizeof *ranked);
    out->edges = cjmi_calloc(keep, sizeof *out->edges);
    if (!ranked || !out->edges) {
        cjmi_free(ranked);
        return CJM_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t a = row_of[r->edges[i].from], b = row_of[r->edges[i].to];
        ranked[i] = (ranked_edge){ &r->edges[i], ids[a], ids[b], a, b };
    }
    cjmi_sort(ranked, n, sizeof *ranked, by_count_then_ids);
    cjm_status rc = CJM_OK;
    for (size_t i = 0; rc == CJM_OK && i < keep; i++) {
        const cjmi_edge *e = ranked[i].edge;
        /* Every edge has a pair, so a sample: the median always exists. */
        uint64_t k = (e->times.count - 1) / 2;
        int64_t median = 0;
        rc = cjmi_samples_at(&median, &e->times, &k, 1);
        out->edges[i] = (cjmi_edge_row){ ranked[i].from_row, ranked[i].to_row, e->times.count,
                                         e->customers, median };
    }
    out->edge_count = keep;
    cjmi_free(ranked);
    return rc;
}

/* Starts, ends and exits: by customers (descending), then id. */
typedef struct ranked_end {
    cjmi_end_row row;
    const char *id;
} ranked_end;

static int by_customers_then_id(const void *pa, const void *pb)
{
    const ranked_end *a = pa, *b = pb;
    if (a->row.customers != b->row.customers)
        return a->row.customers > b->row.customers ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* Sorts `n` ranked rows and keeps the first `keep` in *out (appended at
 * *count). */
static void keep_ranked(cjmi_end_row *out, size_t *count, ranked_end *ranked, size_t n,
                        size_t keep)
{
    if (n > 1)
        cjmi_sort(ranked, n, sizeof *ranked, by_customers_then_id);
    for (size_t i = 0; i < keep && i < n; i++)
        out[(*count)++] = ranked[i].row;
}

static cjm_status report_ends(cjmi_end_row **out, size_t *count, const uint64_t *per_touchpoint,
                              size_t touchpoints, const size_t *row_of, char *const *ids)
{
    size_t n = 0;
    for (size_t t = 0; t < touchpoints; t++)
        n += per_touchpoint[t] > 0;
    if (!n)
        return CJM_OK;
    ranked_end *ranked = cjmi_malloc(n * sizeof *ranked);
    *out = cjmi_malloc(n * sizeof **out);
    if (!ranked || !*out) {
        cjmi_free(ranked);
        return CJM_ERR_NOMEM;
    }
    size_t i = 0;
    for (size_t t = 0; t < touchpoints; t++)
        if (per_touchpoint[t])
            ranked[i++] = (ranked_end){ { row_of[t], per_touchpoint[t], 0 }, ids[row_of[t]] };
    keep_ranked(*out, count, ranked, n, n);
    cjmi_free(ranked);
    return CJM_OK;
}

static cjm_status report_exits(cjmi_route_figures *out, const cjmi_routes *r, size_t stages,
                               const size_t *row_of, char *const *ids)
{
    out->exit_first = cjmi_calloc(stages + 1, sizeof *out->exit_first);
    if (!out->exit_first)
        return CJM_ERR_NOMEM;
    int failed = 0;
    size_t n;
    cjmi_pair *list = cjmi_pairs_list(&r->exits, &n, &failed);
    if (failed)
        return CJM_ERR_NOMEM;
    /* Group by stage: count, then place. */
    size_t *first = out->exit_first;
    for (size_t i = 0; i < n; i++)
        first[cjmi_pair_a(&list[i]) + 1]++;
    for (size_t s = 0; s < stages; s++)
        first[s + 1] += first[s];
    ranked_end *ranked = n ? cjmi_malloc(n * sizeof *ranked) : NULL;
    size_t *place = cjmi_malloc((stages + 1) * sizeof *place);
    out->exits = n ? cjmi_malloc(n * sizeof *out->exits) : NULL;
    if ((n && (!ranked || !out->exits)) || !place) {
        cjmi_free(list);
        cjmi_free(ranked);
        cjmi_free(place);
        return CJM_ERR_NOMEM;
    }
    memcpy(place, first, (stages + 1) * sizeof *place);
    for (size_t i = 0; i < n; i++) {
        size_t s = cjmi_pair_a(&list[i]), t = row_of[cjmi_pair_b(&list[i])];
        ranked[place[s]++] = (ranked_end){ { t, list[i].count, list[i].customers }, ids[t] };
    }
    /* Keep the largest per stage; the kept rows move down to close up. */
    size_t count = 0;
    for (size_t s = 0; s < stages; s++) {
        size_t from = first[s], to = first[s + 1];
        first[s] = count;
        if (to > from) /* ranked is NULL when no customer dropped */
            keep_ranked(out->exits, &count, ranked + from, to - from, CJMI_EXITS);
    }
    first[stages] = count;
    cjmi_free(list);
    cjmi_free(ranked);
    cjmi_free(place);
    return CJM_OK;
}

/* Where each of the analysis's touchpoints sits among the report's rows:
 * the planned ones in place, the unplanned ones found by id among the
 * rows sorted by id. Touchpoints without events (never in a flow) map to
 * SIZE_MAX. */
static int id_is(const void *key, const void *row)
{
    return strcmp(key, *(char *const *)row);
}

static size_t *report_rows(const cjm_analysis *a, const cjm_report *report)
{
    size_t all = a->touchpoints.count;
    size_t *row_of = cjmi_malloc((all ? all : 1) * sizeof *row_of);
    if (!row_of)
        return NULL;
    size_t planned = a->planned, unplanned = report->touchpoint_count - planned;
    for (size_t i = 0; i < all; i++) {
        if (i < planned) {
            row_of[i] = i;
            continue;
        }
        char *const *found = bsearch(cjmi_intern_string(&a->touchpoints, (uint32_t)i),
                                     report->touchpoint_ids + planned, unplanned,
                                     sizeof *report->touchpoint_ids, id_is);
        row_of[i] = found ? (size_t)(found - report->touchpoint_ids) : SIZE_MAX;
    }
    return row_of;
}

cjm_status cjmi_routes_report(cjmi_route_figures *out, const cjmi_routes *r,
                              const cjm_analysis *a, const cjm_report *report)
{
    memset(out, 0, sizeof *out);
    size_t *row_of = report_rows(a, report);
    char *const *ids = report->touchpoint_ids;
    cjm_status rc = CJM_ERR_NOMEM;
    if (row_of && report_paths(out, r, a->options.max_paths) == CJM_OK &&
        report_edges(out, r, row_of, ids, a->options.max_flow_edges) == CJM_OK &&
        report_ends(&out->starts, &out->start_count, r->starts, r->touchpoint_count, row_of,
                    ids) == CJM_OK &&
        report_ends(&out->ends, &out->end_count, r->ends, r->touchpoint_count, row_of, ids) ==
            CJM_OK &&
        report_exits(out, r, report->stage_count, row_of, ids) == CJM_OK)
        rc = CJM_OK;
    cjmi_free(row_of);
    return rc;
}
