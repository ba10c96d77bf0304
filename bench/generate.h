/* A deterministic generator of realistic journey data for benchmarks and
 * the larger tests: a retail map of 7 stages and 40 touchpoints, and
 * customers who drop off, change channel, go back, give feedback on
 * several scales, use touchpoints the map lacks, and whose events arrive
 * out of time order. */
#ifndef CJM_BENCH_GENERATE_H
#define CJM_BENCH_GENERATE_H

#include <stddef.h>
#include <stdint.h>
#include <cjm/cjm.h>

cjm_journey *gen_map(void);

/* A batch of events as columns, refilled by gen_next(). */
typedef struct gen_batch {
    size_t count, capacity;
    const char **customers, **touchpoints, **channels, **stages;
    int64_t *at;
    double *scores, *scale_min, *scale_max;
    char *names;            /* customer ids of the batch */
} gen_batch;

typedef struct gen_state {
    uint64_t rng;
    uint64_t next_customer, events_left;
} gen_state;

/* Prepares to generate about `events` events from `seed`. */
void gen_start(gen_state *g, uint64_t seed, uint64_t events);
/* Fills the batch with the events of the next customers (up to its
 * capacity, whole customers only); 0 when everything was generated. */
size_t gen_next(gen_state *g, gen_batch *b);

int gen_batch_init(gen_batch *b, size_t capacity);
void gen_batch_free(gen_batch *b);

#endif
