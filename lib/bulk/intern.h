/* Interning: each distinct string gets a dense index (0, 1, 2 ...) in the
 * order first seen. Used for customers, touchpoints, channels and stages
 * of a bulk analysis, where a lookup happens for every event: keys of up
 * to 22 bytes live inside their 32-byte slot, so a lookup costs one cache
 * line, which cjmi_intern_prefetch() can fetch ahead. Internal. */
#ifndef CJMI_INTERN_H
#define CJMI_INTERN_H

#include <stddef.h>
#include <stdint.h>
#include "cjm/common.h"
#include "../core/strings.h"

#define CJMI_NOT_INTERNED UINT32_MAX

typedef struct cjmi_slot {
    uint32_t hash;
    uint32_t index;    /* index + 1; 0: free; UINT32_MAX: removed */
    char key[24];      /* key[23] < 23: the key's length, the key inline and
                          NUL-terminated; key[23] == 0xff: a longer key,
                          its address in key[0..8) */
} cjmi_slot;

typedef struct cjmi_intern {
    cjmi_slot *slots;
    size_t mask;           /* slot count - 1 (a power of two) */
    size_t used;           /* slots not free: strings and removed ones */
    size_t count;          /* strings interned */
    uint32_t *slot_of;     /* index -> its slot */
    size_t slot_of_capacity;
    cjmi_strings arena; /* the longer keys */
} cjmi_intern;

/* A hash of len bytes; equal strings hash equal within a process. */
uint32_t cjmi_intern_hash(const char *s, size_t len);

void cjmi_intern_fini(cjmi_intern *in);

/* Starts fetching the slot where a key of hash h would be: both its ends,
 * for the table is aligned as malloc aligns (16 bytes), so half the
 * 32-byte slots straddle two cache lines, and a lookup reads the hash at
 * the start and the key's length at the end. */
static inline void cjmi_intern_prefetch(const cjmi_intern *in, uint32_t h)
{
    if (in->slots) {
        const cjmi_slot *slot = &in->slots[h & in->mask];
        __builtin_prefetch(slot);
        __builtin_prefetch(&slot->key[23]);
    }
}

/* The index of s (len bytes, hash h), or CJMI_NOT_INTERNED. */
uint32_t cjmi_intern_find(const cjmi_intern *in, const char *s, size_t len, uint32_t h);

/* The index of s, interning it if new. CJMI_NOT_INTERNED when memory runs
 * out or 2^32 - 2 strings are held; nothing changes then. */
uint32_t cjmi_intern_add(cjmi_intern *in, const char *s, size_t len, uint32_t h);

/* Makes room for `count` strings in all, so adding up to that many grows
 * nothing. CJM_OK, or CJM_ERR_NOMEM with nothing changed. */
cjm_status cjmi_intern_reserve(cjmi_intern *in, size_t count);

/* The string of an index, valid until the next add. */
const char *cjmi_intern_string(const cjmi_intern *in, uint32_t index);

/* The index of the string in slot i (0 to mask), or CJMI_NOT_INTERNED for
 * a free or removed slot: walking the slots in order reads the table as it
 * lies in memory, where walking the indexes jumps about it. */
static inline uint32_t cjmi_intern_slot_index(const cjmi_intern *in, size_t i)
{
    uint32_t index = in->slots[i].index;
    return index && index != UINT32_MAX ? index - 1 : CJMI_NOT_INTERNED;
}

/* The length of an index's string, without reading a long key's bytes
 * when the slot holds the key itself. */
size_t cjmi_intern_length(const cjmi_intern *in, uint32_t index);

/* The bytes of all the strings held, found in a walk through the slots. */
size_t cjmi_intern_bytes(const cjmi_intern *in);

/* Makes an empty table hold what `from` holds, at the same indexes, by
 * copying its slots rather than interning each string again. CJM_OK, or
 * CJM_ERR_NOMEM with `into` still empty. */
cjm_status cjmi_intern_copy(cjmi_intern *into, const cjmi_intern *from);

/* The hash of an index's string. */
static inline uint32_t cjmi_intern_hash_of(const cjmi_intern *in, uint32_t index)
{
    return in->slots[in->slot_of[index]].hash;
}

/* Forgets every string interned at index >= mark (a rollback). Never fails. */
void cjmi_intern_truncate(cjmi_intern *in, size_t mark);

#endif
