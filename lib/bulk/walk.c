/* The per-customer walk (analysis.md, "Many customers"). */
#include <string.h>

#include "walk.h"
#include "segment-report.h"
#include "../core/alloc.h"

/* Dense channel matrices up to this many channels; a hash beyond. */
#define DENSE_CHANNELS 256

void cjmi_partial_fini(cjmi_partial *p)
{
    cjmi_free(p->reached);
    cjmi_free(p->dropped);
    cjmi_free(p->silent);
    cjmi_free(p->switchers);
    cjmi_free(p->funnel);
    cjmi_free(p->hoppers);
    cjmi_samples_fini(&p->completions);
    cjmi_free(p->hop_seen);
    for (size_t i = 0; p->transitions && i < p->stage_count; i++)
        cjmi_samples_fini(&p->transitions[i]);
    cjmi_free(p->transitions);
    cjmi_free(p->touchpoint_customers);
    cjmi_free(p->matrix);
    cjmi_pairs_fini(&p->matrix_pairs);
    cjmi_pairs_fini(&p->backtrack_pairs);
    cjmi_free(p->touchpoint_seen);
    cjmi_free(p->stage_seen);
    cjmi_free(p->switch_seen);
    cjmi_free(p->first_at);
    cjmi_free(p->reached_list);
    cjmi_free(p->pairs_seen);
    cjmi_free(p->steps);
    cjmi_free(p->sort_tmp);
    cjmi_free(p->offsets);
    cjmi_routes_fini(&p->routes);
    cjmi_partial_segments_fini(p);
    memset(p, 0, sizeof *p);
}

cjm_status cjmi_partial_init(cjmi_partial *p, const cjm_analysis *a)
{
    memset(p, 0, sizeof *p);
    size_t k = a->stage_count, t = a->touchpoints.count, c = a->channels.count;
    p->stage_count = k;
    p->touchpoint_count = t;
    p->channel_count = c;
    p->reached = cjmi_calloc(k, sizeof *p->reached);
    p->dropped = cjmi_calloc(k, sizeof *p->dropped);
    p->silent = cjmi_calloc(k, sizeof *p->silent);
    p->switchers = cjmi_calloc(k, sizeof *p->switchers);
    p->funnel = cjmi_calloc(k, sizeof *p->funnel);
    p->hoppers = cjmi_calloc(k, sizeof *p->hoppers);
    p->hop_seen = cjmi_calloc(k, sizeof *p->hop_seen);
    p->planned = a->planned;
    p->planned_stage = a->planned_stage;
    p->planned_channel = a->planned_channel;
    p->transitions = cjmi_calloc(k, sizeof *p->transitions);
    p->stage_seen = cjmi_calloc(k, sizeof *p->stage_seen);
    p->switch_seen = cjmi_calloc(k, sizeof *p->switch_seen);
    p->first_at = cjmi_calloc(k, sizeof *p->first_at);
    p->reached_list = cjmi_calloc(k, sizeof *p->reached_list);
    p->touchpoint_customers = cjmi_calloc(t, sizeof *p->touchpoint_customers);
    p->touchpoint_seen = cjmi_calloc(t, sizeof *p->touchpoint_seen);
    if (c <= DENSE_CHANNELS)
        p->matrix = cjmi_calloc(c * c, sizeof *p->matrix);
    if (!p->reached || !p->dropped || !p->silent || !p->switchers || !p->transitions ||
        !p->funnel || !p->hoppers || !p->hop_seen ||
        !p->stage_seen || !p->switch_seen || !p->first_at || !p->reached_list ||
        !p->touchpoint_customers || !p->touchpoint_seen || (c <= DENSE_CHANNELS && !p->matrix) ||
        cjmi_routes_init(&p->routes, t, cjm_analysis_event_count(a)) != CJM_OK) {
        cjmi_partial_fini(p);
        return CJM_ERR_NOMEM;
    }
    return CJM_OK;
}

/* Stable sort by time: insertion for the short runs most customers have,
 * merge beyond. Ties keep arrival order. */
static void sort_steps(cjmi_step *s, cjmi_step *tmp, size_t n)
{
    if (n <= 24) {
        for (size_t i = 1; i < n; i++) {
            cjmi_step x = s[i];
            size_t j = i;
            for (; j > 0 && s[j - 1].at > x.at; j--)
                s[j] = s[j - 1];
            s[j] = x;
        }
        return;
    }
    size_t half = n / 2;
    sort_steps(s, tmp, half);
    sort_steps(s + half, tmp, n - half);
    if (s[half - 1].at <= s[half].at)
        return;
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n)
        tmp[k++] = s[j].at < s[i].at ? s[j++] : s[i++];
    while (i < half)
        tmp[k++] = s[i++];
    memcpy(s, tmp, k * sizeof *s);
}

static cjm_status count_switch(cjmi_partial *p, uint16_t from, uint16_t to)
{
    if (p->matrix) {
        p->matrix[(size_t)from * p->channel_count + to]++;
        return CJM_OK;
    }
    cjmi_pair *pair = cjmi_pairs_get(&p->matrix_pairs, from, to);
    if (!pair)
        return CJM_ERR_NOMEM;
    pair->count++;
    return CJM_OK;
}

/* A backtrack from one stage to another; each pair counts a customer once. */
static cjm_status count_backtrack(cjmi_partial *p, size_t *seen, uint16_t from, uint16_t to)
{
    cjmi_pair *pair = cjmi_pairs_get(&p->backtrack_pairs, from, to);
    if (!pair)
        return CJM_ERR_NOMEM;
    pair->count++;
    p->backtracks++;
    uint64_t key = cjmi_pair_key(from, to);
    for (size_t i = 0; i < *seen; i++)
        if (p->pairs_seen[i] == key)
            return CJM_OK;
    if (cjmi_array_push(p->pairs_seen, *seen, p->pairs_seen_capacity, key) != CJM_OK)
        return CJM_ERR_NOMEM;
    pair->customers++;
    return CJM_OK;
}

/* A fresh stamp for the next customer; on wrapping, every mark is cleared. */
static uint32_t next_stamp(cjmi_partial *p)
{
    if (++p->stamp == 0) {
        memset(p->touchpoint_seen, 0, p->touchpoint_count * sizeof *p->touchpoint_seen);
        memset(p->stage_seen, 0, p->stage_count * sizeof *p->stage_seen);
        memset(p->switch_seen, 0, p->stage_count * sizeof *p->switch_seen);
        memset(p->hop_seen, 0, p->stage_count * sizeof *p->hop_seen);
        p->stamp = 1;
    }
    return p->stamp;
}

/* Whether a change of channel from e1 to e2, both in stage s, is one the
 * map plans: both are the map's touchpoints of s used over their own
 * channels, and e2's comes after e1's in s (touchpoint indexes follow the
 * map's document order). Any other change of channel is a hop. */
static bool planned_change(const cjmi_partial *p, const cjmi_step *e1, const cjmi_step *e2,
                           uint16_t s)
{
    return e1->touchpoint < p->planned && e2->touchpoint < p->planned &&
           p->planned_stage[e1->touchpoint] == s && p->planned_stage[e2->touchpoint] == s &&
           p->planned_channel[e1->touchpoint] == e1->channel &&
           p->planned_channel[e2->touchpoint] == e2->channel && e2->touchpoint > e1->touchpoint;
}

static cjm_status walk_customer(cjmi_partial *p, const cjmi_shard *shard, uint32_t customer,
                                cjmi_step *steps, size_t n)
{
    sort_steps(steps, p->sort_tmp, n);
    const uint32_t mark = next_stamp(p);
    uint64_t switches = 0;
    size_t reached = 0, pairs_seen = 0;
    uint16_t previous_stage = CJMI_NO_STAGE16;
    int64_t first_staged_at = 0;
    for (size_t i = 0; i < n; i++) {
        const cjmi_step *e = &steps[i];
        if (p->touchpoint_seen[e->touchpoint] != mark) {
            p->touchpoint_seen[e->touchpoint] = mark;
            p->touchpoint_customers[e->touchpoint]++;
        }
        if (i > 0 && steps[i - 1].channel != e->channel) {
            switches++;
            if (count_switch(p, steps[i - 1].channel, e->channel) != CJM_OK)
                return CJM_ERR_NOMEM;
            uint16_t s = e->stage;
            if (s != CJMI_NO_STAGE16 && steps[i - 1].stage == s) {
                if (p->switch_seen[s] != mark) {
                    p->switch_seen[s] = mark;
                    p->switchers[s]++;
                }
                if (p->hop_seen[s] != mark && !planned_change(p, &steps[i - 1], e, s)) {
                    p->hop_seen[s] = mark;
                    p->hoppers[s]++;
                }
            }
        }
        uint16_t s = e->stage;
        if (s == CJMI_NO_STAGE16)
            continue;
        if (previous_stage == CJMI_NO_STAGE16)
            first_staged_at = e->at;
        if (p->stage_seen[s] != mark) {
            p->stage_seen[s] = mark;
            p->first_at[s] = e->at;
            p->reached[s]++;
            p->reached_list[reached++] = s;
        }
        if (previous_stage != CJMI_NO_STAGE16 && s < previous_stage &&
            count_backtrack(p, &pairs_seen, previous_stage, s) != CJM_OK)
            return CJM_ERR_NOMEM;
        previous_stage = s;
    }
    if (switches) {
        p->switches += switches;
        p->multichannel++;
    }
    if (pairs_seen)
        p->backtrack_customers++;
    size_t k = p->stage_count;
    bool completed = k && p->stage_seen[k - 1] == mark, heard = shard->heard[customer];
    uint16_t dropped = completed ? CJMI_NO_STAGE16 : previous_stage;
    /* Paths and the flow are the report's: a walk that visits customers
     * does without them. */
    if (!p->visit && cjmi_routes_walk(&p->routes, steps, n, completed, dropped, !heard) != CJM_OK)
        return CJM_ERR_NOMEM;
    /* Times are the report's too. */
    if (completed) {
        p->completed++;
        if (!p->visit &&
            cjmi_samples_push(&p->completions, p->first_at[k - 1] - first_staged_at) != CJM_OK)
            return CJM_ERR_NOMEM;
    } else if (dropped != CJMI_NO_STAGE16) {
        p->dropped[dropped]++;
        if (!heard)
            p->silent[dropped]++;
    }
    /* The closed funnel: every stage up to s, first reached in map order. */
    size_t funnel = 0;
    while (funnel < k && p->stage_seen[funnel] == mark &&
           (funnel == 0 || p->first_at[funnel - 1] <= p->first_at[funnel]))
        p->funnel[funnel++]++;
    for (size_t r = 0; !p->visit && r < reached; r++) {
        uint16_t s = p->reached_list[r];
        if ((size_t)s + 1 < k && p->stage_seen[s + 1] == mark &&
            p->first_at[s + 1] >= p->first_at[s] &&
            cjmi_samples_push(&p->transitions[s], p->first_at[s + 1] - p->first_at[s]) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    if (p->visit) {
        cjmi_outcome o = { .shard = shard, .customer = customer, .mark = mark, .steps = steps,
                           .events = n, .funnel = funnel, .backtrack_pairs = pairs_seen,
                           .dropped = dropped, .completed = completed, .heard = heard };
        return p->visit(p, &o);
    }
    if (p->entries)
        cjmi_walk_segment(p, shard, customer, n, reached, previous_stage, mark);
    return CJM_OK;
}

cjm_status cjmi_walk_batch(cjmi_partial *p, const cjmi_shard *shard, const uint64_t *counts,
                           uint32_t first, uint32_t last, uint64_t events)
{
    size_t span = last - first;
    if (cjmi_array_reserve(p->offsets, p->offsets_capacity, span + 1) != CJM_OK)
        return CJM_ERR_NOMEM;
    if (events > p->steps_capacity) {
        cjmi_free(p->steps);
        p->steps = cjmi_malloc(events * sizeof *p->steps);
        p->steps_capacity = p->steps ? events : 0;
        if (!p->steps)
            return CJM_ERR_NOMEM;
    }
    /* The merge sort's scratch holds one customer's events at a time. */
    uint64_t largest = 0;
    for (size_t c = first; c < last; c++)
        largest = counts[c] > largest ? counts[c] : largest;
    if (largest > p->sort_tmp_capacity) {
        cjmi_free(p->sort_tmp);
        p->sort_tmp = cjmi_malloc(largest * sizeof *p->sort_tmp);
        p->sort_tmp_capacity = p->sort_tmp ? largest : 0;
        if (!p->sort_tmp)
            return CJM_ERR_NOMEM;
    }
    /* Gather the batch's events, customer by customer, in arrival order. */
    uint64_t at = 0;
    for (size_t c = 0; c < span; c++) {
        p->offsets[c] = at;
        at += counts[first + c];
    }
    for (const cjmi_chunk *ch = shard->events.first; ch; ch = ch->next) {
        for (size_t i = 0; i < ch->count; i++) {
            uint32_t c = ch->customer[i] - first;
            if (c >= span)
                continue;
            cjmi_step *s = &p->steps[p->offsets[c]++];
            s->at = ch->at[i];
            s->touchpoint = ch->touchpoint[i];
            s->channel = ch->channel[i];
            s->stage = ch->stage[i];
        }
    }
    uint64_t start = 0;
    for (size_t c = 0; c < span; c++) {
        uint64_t n = counts[first + c];
        if (n && walk_customer(p, shard, first + (uint32_t)c, p->steps + start, n) != CJM_OK)
            return CJM_ERR_NOMEM;
        start += n;
    }
    return CJM_OK;
}
