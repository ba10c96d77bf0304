/* Interning: each distinct string gets a dense index (0, 1, 2 ...) in the
 * order first seen, and is stored once. Used for customers, touchpoints,
 * channels and stages of a bulk analysis. Internal. */
#ifndef CJMI_INTERN_H
#define CJMI_INTERN_H

#include <stddef.h>
#include <stdint.h>

#define CJMI_NOT_INTERNED UINT32_MAX

typedef struct cjmi_intern {
    char **strings;        /* index -> its string (in the arena) */
    uint32_t *hashes;      /* index -> hash of its string */
    size_t count, strings_capacity, hashes_capacity;
    uint64_t *slots;       /* (hash << 32) | (index + 1); 0 is empty */
    size_t slot_mask;      /* slot count - 1; slot count is a power of two */
    struct cjmi_arena_chunk *arena;
} cjmi_intern;

uint32_t cjmi_intern_hash(const char *s, size_t len);

void cjmi_intern_fini(cjmi_intern *in);

/* The index of s (len bytes, hash h), or CJMI_NOT_INTERNED. */
uint32_t cjmi_intern_find(const cjmi_intern *in, const char *s, size_t len, uint32_t h);

/* The index of s, interning it if new. CJMI_NOT_INTERNED when memory runs
 * out or the table is full (2^32 - 1 strings); nothing changes then. */
uint32_t cjmi_intern_add(cjmi_intern *in, const char *s, size_t len, uint32_t h);

/* Forgets every string interned at index >= mark (a rollback). */
void cjmi_intern_truncate(cjmi_intern *in, size_t mark);

#endif
