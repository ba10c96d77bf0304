/* Counting by pairs of small indexes: channel switches (from, to),
 * backtracks (from stage, to stage), an unplanned touchpoint's channels.
 * Open addressing on the packed pair. Internal. */
#ifndef CJMI_PAIRS_H
#define CJMI_PAIRS_H

#include <stddef.h>
#include <stdint.h>
#include "cjm/common.h"

typedef struct cjmi_pair {
    uint64_t key;           /* (a << 32) | b, plus one so 0 marks a free slot */
    uint64_t count, customers;
} cjmi_pair;

typedef struct cjmi_pairs {
    cjmi_pair *slots;
    size_t mask, used;
} cjmi_pairs;

static inline uint64_t cjmi_pair_key(uint32_t a, uint32_t b)
{
    return ((uint64_t)a << 32 | b) + 1;
}

static inline uint32_t cjmi_pair_a(const cjmi_pair *p) { return (uint32_t)((p->key - 1) >> 32); }
static inline uint32_t cjmi_pair_b(const cjmi_pair *p) { return (uint32_t)(p->key - 1); }

void cjmi_pairs_fini(cjmi_pairs *pairs);

/* The entry of (a, b), added with zero counts if new; NULL when memory
 * runs out. */
cjmi_pair *cjmi_pairs_get(cjmi_pairs *pairs, uint32_t a, uint32_t b);

/* Adds every entry of `from` into `into`. CJM_OK or CJM_ERR_NOMEM (no
 * message). */
cjm_status cjmi_pairs_add_all(cjmi_pairs *into, const cjmi_pairs *from);

/* The used entries, copied into a new array sorted by the caller's order;
 * *n receives their number. NULL with *n = 0 when there are none or
 * memory ran out (check *failed). */
cjmi_pair *cjmi_pairs_list(const cjmi_pairs *pairs, size_t *n, int *failed);

#endif
