/* Time samples that a median or percentile is later picked from (the
 * flow's pair times, stage transitions, completions): millions of them at
 * report time, so each is kept in 4 bytes when it fits (0 to UINT32_MAX
 * ms, about 49 days), in blocks that never move, and the rare others in
 * a wide list of their own. Workers' samples are joined by linking their
 * blocks, never copied, and an order statistic is found by reading them
 * only. Exact: the picked sample is the one sorting all of them would put
 * at that place. Internal. */
#ifndef CJMI_SAMPLES_H
#define CJMI_SAMPLES_H

#include <stddef.h>
#include <stdint.h>

#include "cjm/common.h"

typedef struct cjmi_sample_block {
    struct cjmi_sample_block *next;
    uint32_t count, capacity; /* count: kept up to date once the block is left */
    uint32_t values[];
} cjmi_sample_block;

/* What a push touches comes first: the place of the next sample is kept
 * here, so adding one reads no block header. */
typedef struct cjmi_samples {
    uint32_t *put, *end;             /* the free part of the last block */
    uint64_t count;                  /* every sample, narrow and wide */
    uint32_t bits;                   /* the narrow samples or'ed together */
    cjmi_sample_block *first, *last; /* last: the block being filled */
    int64_t *wide;                   /* samples below 0 or above UINT32_MAX */
    size_t wide_count, wide_capacity;
} cjmi_samples;

void cjmi_samples_fini(cjmi_samples *s);

/* The slow way of cjmi_samples_push(): a new block, or a wide sample. */
cjm_status cjmi_samples_push_slow(cjmi_samples *s, int64_t value);

/* Adds a sample. CJM_OK or CJM_ERR_NOMEM (no message; nothing added). */
static inline cjm_status cjmi_samples_push(cjmi_samples *s, int64_t value)
{
    if (s->put != s->end && value >= 0 && value <= (int64_t)UINT32_MAX) {
        *s->put++ = (uint32_t)value;
        s->bits |= (uint32_t)value;
        s->count++;
        return CJM_OK;
    }
    return cjmi_samples_push_slow(s, value);
}

/* Moves every sample of `from` into `into` (blocks relinked, wide samples
 * copied), leaving `from` empty. CJM_OK, or CJM_ERR_NOMEM with both as
 * they were. */
cjm_status cjmi_samples_take(cjmi_samples *into, cjmi_samples *from);

/* The most places cjmi_samples_at() takes at once. */
#define CJMI_SAMPLES_RANKS 8

/* The samples at places ranks[0 .. n) (each below s->count, n at most
 * CJMI_SAMPLES_RANKS) of the samples sorted, into out[]. The samples are
 * only read. CJM_OK or CJM_ERR_NOMEM (no message). */
cjm_status cjmi_samples_at(int64_t *out, const cjmi_samples *s, const uint64_t *ranks, size_t n);

#endif
