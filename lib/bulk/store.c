/* Event storage. */
#include <string.h>

#include "store.h"
#include "../core/alloc.h"

#define FIRST_CHUNK 256
#define LARGEST_CHUNK (1 << 20)

void cjmi_store_fini(cjmi_store *store)
{
    for (cjmi_chunk *c = store->first, *next; c; c = next) {
        next = c->next;
        cjmi_free(c);
    }
    memset(store, 0, sizeof *store);
}

static cjmi_chunk *chunk_new(size_t capacity)
{
    /* One block: the header, then each field's array, widest first so each
     * stays aligned. */
    size_t bytes = sizeof(cjmi_chunk) + capacity * (sizeof(int64_t) + 2 * sizeof(uint32_t) +
                                                    2 * sizeof(uint16_t));
    cjmi_chunk *c = cjmi_malloc(bytes);
    if (!c)
        return NULL;
    char *p = (char *)(c + 1);
    c->next = NULL;
    c->count = 0;
    c->capacity = capacity;
    c->at = (int64_t *)(void *)p;
    p += capacity * sizeof(int64_t);
    c->customer = (uint32_t *)(void *)p;
    p += capacity * sizeof(uint32_t);
    c->touchpoint = (uint32_t *)(void *)p;
    p += capacity * sizeof(uint32_t);
    c->channel = (uint16_t *)(void *)p;
    p += capacity * sizeof(uint16_t);
    c->stage = (uint16_t *)(void *)p;
    return c;
}

cjm_status cjmi_store_reserve(cjmi_store *store, size_t n)
{
    size_t room = 0;
    cjmi_chunk *tail = store->last;
    for (cjmi_chunk *c = tail; c; c = c->next) {
        room += c->capacity - c->count;
        tail = c;
    }
    while (room < n) {
        size_t capacity = tail ? tail->capacity * 2 : FIRST_CHUNK;
        if (capacity > LARGEST_CHUNK)
            capacity = LARGEST_CHUNK;
        cjmi_chunk *c = chunk_new(capacity);
        if (!c)
            return CJM_ERR_NOMEM; /* the chunks added so far stay: room, not content */
        if (tail)
            tail->next = c;
        else
            store->first = store->last = c;
        tail = c;
        room += capacity;
    }
    return CJM_OK;
}

void cjmi_store_take(cjmi_store *into, cjmi_store *from)
{
    if (!from->first)
        return;
    if (!into->first) {
        *into = *from;
        memset(from, 0, sizeof *from);
        return;
    }
    /* into's chunks after its last hold room, no events: they go after
     * from's. The room left in into's last stays unused: a chunk may hold
     * fewer events than it could, wherever it is. */
    cjmi_chunk *spare = into->last->next, *tail = from->last;
    while (tail->next)
        tail = tail->next;
    into->last->next = from->first;
    tail->next = spare;
    into->last = from->last;
    into->count += from->count;
    memset(from, 0, sizeof *from);
}

void cjmi_store_truncate(cjmi_store *store, size_t mark)
{
    if (mark >= store->count)
        return;
    size_t seen = 0;
    for (cjmi_chunk *c = store->first; c; c = c->next) {
        if (seen + c->count >= mark) {
            c->count = mark - seen;
            store->last = c;
            for (cjmi_chunk *d = c->next; d; d = d->next)
                d->count = 0;
            break;
        }
        seen += c->count;
    }
    store->count = mark;
}
