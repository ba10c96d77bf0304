/* The generator. Everything derives from one 64-bit seed (splitmix64), so
 * a run is repeatable on any machine. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generate.h"

#define STAGES 7
#define PER_STAGE 6 /* 7 x 6 = 42 planned touchpoints, 2 optional per stage */

static const char *const stage_ids[STAGES] = {
    "aware", "discover", "compare", "purchase", "deliver", "use", "loyal",
};
static const char *const channels[] = {
    "web", "mobile", "email", "phone", "sms", "chat", "social", "store", "mail", "partner",
};
static char touchpoint_ids[STAGES][PER_STAGE][24];
static const char *const unplanned_ids[] = { "tiktok-video", "reseller-call", "forum-post",
                                             "billboard", "friend-advice" };

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static unsigned below(uint64_t *s, unsigned n)
{
    return (unsigned)(next(s) % n);
}

static const char *channel_of(int stage, int tp)
{
    return channels[(stage * 3 + tp * 7) % 10];
}

cjm_journey *gen_map(void)
{
    static const char *const names[STAGES] = {
        "Awareness", "Discovery", "Comparison", "Purchase", "Delivery", "Use", "Loyalty",
    };
    cjm_journey *map = cjm_journey_new("retail-omnichannel", "Omnichannel retail purchase");
    for (int s = 0; map && s < STAGES; s++) {
        cjm_stage *stage;
        if (cjm_journey_add_stage(&stage, map, stage_ids[s], names[s]) != CJM_OK ||
            cjm_stage_set_expected_duration(stage, (int64_t)(s + 1) * 86400000) != CJM_OK)
            abort();
        for (int t = 0; t < PER_STAGE; t++) {
            cjm_touchpoint *tp;
            snprintf(touchpoint_ids[s][t], sizeof touchpoint_ids[s][t], "%s-%d", stage_ids[s], t);
            if (cjm_stage_add_touchpoint(&tp, stage, touchpoint_ids[s][t], touchpoint_ids[s][t],
                                         channel_of(s, t)) != CJM_OK ||
                cjm_touchpoint_set_owner(tp, t == 5 ? NULL : "Team") != CJM_OK ||
                cjm_touchpoint_set_optional(tp, t >= 4) != CJM_OK)
                abort();
        }
    }
    return map;
}

void gen_start(gen_state *g, uint64_t seed, uint64_t events)
{
    g->rng = seed;
    g->next_customer = 0;
    g->events_left = events;
}

int gen_batch_init(gen_batch *b, size_t capacity)
{
    memset(b, 0, sizeof *b);
    b->capacity = capacity;
    b->customers = malloc(capacity * sizeof *b->customers);
    b->touchpoints = malloc(capacity * sizeof *b->touchpoints);
    b->channels = malloc(capacity * sizeof *b->channels);
    b->stages = malloc(capacity * sizeof *b->stages);
    b->at = malloc(capacity * sizeof *b->at);
    b->scores = malloc(capacity * sizeof *b->scores);
    b->scale_min = malloc(capacity * sizeof *b->scale_min);
    b->scale_max = malloc(capacity * sizeof *b->scale_max);
    b->names = malloc(capacity * 16);
    return b->customers && b->touchpoints && b->channels && b->stages && b->at &&
           b->scores && b->scale_min && b->scale_max && b->names ? 0 : -1;
}

void gen_batch_free(gen_batch *b)
{
    free(b->customers);
    free(b->touchpoints);
    free(b->channels);
    free(b->stages);
    free(b->at);
    free(b->scores);
    free(b->scale_min);
    free(b->scale_max);
    free(b->names);
}

static void put(gen_batch *b, uint64_t *rng, const char *customer, int64_t at, const char *tp,
                const char *channel, const char *stage)
{
    size_t i = b->count++;
    b->customers[i] = customer;
    b->touchpoints[i] = tp;
    b->channels[i] = channel;
    b->stages[i] = stage;
    b->at[i] = at;
    b->scores[i] = (double)NAN;
    if (below(rng, 10) == 0) { /* about 10% with feedback, on three scales */
        switch (below(rng, 3)) {
        case 0: b->scores[i] = (double)below(rng, 5) - 2; b->scale_min[i] = -2; b->scale_max[i] = 2; break;
        case 1: b->scores[i] = 1 + below(rng, 5); b->scale_min[i] = 1; b->scale_max[i] = 5; break;
        default: b->scores[i] = below(rng, 11); b->scale_min[i] = 0; b->scale_max[i] = 10; break;
        }
    } else {
        b->scale_min[i] = -2;
        b->scale_max[i] = 2;
    }
}

/* One customer's journey: stage by stage, 1 to 3 touchpoints each, with
 * drop-offs, channel changes, backtracks and unplanned touchpoints. */
static void customer(gen_state *g, gen_batch *b, const char *id)
{
    uint64_t *r = &g->rng;
    int64_t at = INT64_C(1767225600000) + (int64_t)below(r, 365) * 86400000;
    int stage = 0;
    for (int steps = 0; steps < 30 && b->count + 6 <= b->capacity; steps++) {
        int visits = 1 + (int)below(r, 3);
        for (int v = 0; v < visits; v++) {
            int t = (int)below(r, PER_STAGE);
            const char *channel = NULL;
            if (below(r, 100) < 12) /* changes channel */
                channel = channels[below(r, 10)];
            at += (int64_t)(1 + below(r, 600)) * 60000 * (1 + stage);
            put(b, r, id, at, touchpoint_ids[stage][t], channel, NULL);
            if (below(r, 100) < 3) { /* goes off the map */
                const char *u = unplanned_ids[below(r, 5)];
                put(b, r, id, at + 1000, u, channels[below(r, 10)],
                    below(r, 2) ? stage_ids[stage] : NULL);
            }
        }
        if (below(r, 100) < 14) /* drops off */
            break;
        if (stage > 0 && below(r, 100) < 6) /* goes back */
            stage--;
        else if (++stage == STAGES)
            break;
    }
}

size_t gen_next(gen_state *g, gen_batch *b)
{
    b->count = 0;
    size_t n = 0;
    while (g->events_left > 0 && b->count + 96 <= b->capacity) {
        char *id = b->names + 16 * n++;
        snprintf(id, 16, "cust-%09llu", (unsigned long long)g->next_customer++);
        size_t before = b->count;
        customer(g, b, id);
        uint64_t made = b->count - before;
        g->events_left = made >= g->events_left ? 0 : g->events_left - made;
        if (n * 16 + 16 > b->capacity * 16)
            break;
    }
    /* Out of time order: shuffle the batch (customers' events interleave). */
    for (size_t i = b->count; i > 1; i--) {
        size_t j = (size_t)(next(&g->rng) % i);
#define SWAP(field) do { __typeof__(b->field[0]) t_ = b->field[i - 1]; \
                         b->field[i - 1] = b->field[j]; b->field[j] = t_; } while (0)
        SWAP(customers); SWAP(touchpoints); SWAP(channels); SWAP(stages);
        SWAP(at); SWAP(scores); SWAP(scale_min); SWAP(scale_max);
#undef SWAP
    }
    return b->count;
}
