/* The events an analysis holds: 20 bytes each, in chunks of growing size
 * (struct of arrays, so a pass over one field reads only that field).
 * Events are only appended, scanned in order, and cut back on rollback.
 * Internal. */
#ifndef CJMI_STORE_H
#define CJMI_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "cjm/common.h"

#define CJMI_NO_STAGE16 UINT16_MAX

typedef struct cjmi_chunk {
    struct cjmi_chunk *next;
    size_t count, capacity;
    int64_t *at;
    uint32_t *customer, *touchpoint;
    uint16_t *channel, *stage;
} cjmi_chunk;

typedef struct cjmi_store {
    cjmi_chunk *first, *last; /* last: the chunk being filled */
    size_t count;
} cjmi_store;

void cjmi_store_fini(cjmi_store *store);

/* Makes room for n more events without further allocation. CJM_OK or
 * CJM_ERR_NOMEM (no message: the caller names itself). */
cjm_status cjmi_store_reserve(cjmi_store *store, size_t n);

/* Appends an event; room must have been reserved. */
static inline void cjmi_store_append(cjmi_store *store, int64_t at, uint32_t customer,
                                     uint32_t touchpoint, uint16_t channel, uint16_t stage)
{
    cjmi_chunk *c = store->last;
    while (c->count == c->capacity)
        c = store->last = c->next;
    size_t i = c->count++;
    c->at[i] = at;
    c->customer[i] = customer;
    c->touchpoint[i] = touchpoint;
    c->channel[i] = channel;
    c->stage[i] = stage;
    store->count++;
}

/* Moves from's events after into's, chunks and all, leaving `from`
 * empty. Later appends go after them. Never fails. */
void cjmi_store_take(cjmi_store *into, cjmi_store *from);

/* Forgets every event after the first `mark`. */
void cjmi_store_truncate(cjmi_store *store, size_t mark);

#endif
