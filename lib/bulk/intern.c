/* The interner: an open-addressing table of 64-bit slots (hash and index)
 * over strings kept in an arena of chunks, so adding a string never moves
 * the others. */
#include <string.h>

#include "intern.h"
#include "../core/alloc.h"

typedef struct cjmi_arena_chunk {
    struct cjmi_arena_chunk *previous;
    size_t used, size;
    char bytes[];
} cjmi_arena_chunk;

#define CHUNK_BYTES 65536

uint32_t cjmi_intern_hash(const char *s, size_t len)
{
    /* FNV-1a over 64 bits folded to 32; short ids are the common case. */
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(0x100000001b3);
    h ^= h >> 29;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    return (uint32_t)(h >> 32);
}

void cjmi_intern_fini(cjmi_intern *in)
{
    while (in->arena) {
        cjmi_arena_chunk *previous = in->arena->previous;
        cjmi_free(in->arena);
        in->arena = previous;
    }
    cjmi_free(in->strings);
    cjmi_free(in->hashes);
    cjmi_free(in->slots);
    memset(in, 0, sizeof *in);
}

uint32_t cjmi_intern_find(const cjmi_intern *in, const char *s, size_t len, uint32_t h)
{
    if (!in->slots)
        return CJMI_NOT_INTERNED;
    for (size_t i = h & in->slot_mask;; i = (i + 1) & in->slot_mask) {
        uint64_t slot = in->slots[i];
        if (!slot)
            return CJMI_NOT_INTERNED;
        if ((uint32_t)(slot >> 32) == h) {
            uint32_t index = (uint32_t)slot - 1;
            const char *t = in->strings[index];
            if (memcmp(t, s, len) == 0 && t[len] == '\0')
                return index;
        }
    }
}

static void place(uint64_t *slots, size_t mask, uint32_t h, uint32_t index)
{
    size_t i = h & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = (uint64_t)h << 32 | (uint64_t)(index + 1);
}

static int grow_slots(cjmi_intern *in, size_t need)
{
    size_t count = in->slots ? in->slot_mask + 1 : 0;
    if (need <= count / 2)
        return 0;
    size_t n = count ? count : 64;
    while (need > n / 2) {
        if (n > SIZE_MAX / 4 / sizeof(uint64_t))
            return -1;
        n *= 2;
    }
    uint64_t *slots = cjmi_calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < in->count; i++)
        place(slots, n - 1, in->hashes[i], (uint32_t)i);
    cjmi_free(in->slots);
    in->slots = slots;
    in->slot_mask = n - 1;
    return 0;
}

static char *arena_copy(cjmi_intern *in, const char *s, size_t len)
{
    cjmi_arena_chunk *c = in->arena;
    if (!c || c->size - c->used < len + 1) {
        size_t size = len + 1 > CHUNK_BYTES ? len + 1 : CHUNK_BYTES;
        c = cjmi_malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->previous = in->arena;
        c->used = 0;
        c->size = size;
        in->arena = c;
    }
    char *copy = c->bytes + c->used;
    memcpy(copy, s, len);
    copy[len] = '\0';
    c->used += len + 1;
    return copy;
}

uint32_t cjmi_intern_add(cjmi_intern *in, const char *s, size_t len, uint32_t h)
{
    uint32_t found = cjmi_intern_find(in, s, len, h);
    if (found != CJMI_NOT_INTERNED)
        return found;
    if (in->count >= UINT32_MAX - 1)
        return CJMI_NOT_INTERNED;
    if (cjmi_reserve((void **)&in->strings, &in->strings_capacity, in->count + 1,
                     sizeof *in->strings) < 0 ||
        cjmi_reserve((void **)&in->hashes, &in->hashes_capacity, in->count + 1,
                     sizeof *in->hashes) < 0 ||
        grow_slots(in, in->count + 1) < 0)
        return CJMI_NOT_INTERNED;
    char *copy = arena_copy(in, s, len);
    if (!copy)
        return CJMI_NOT_INTERNED;
    uint32_t index = (uint32_t)in->count++;
    in->strings[index] = copy;
    in->hashes[index] = h;
    place(in->slots, in->slot_mask, h, index);
    return index;
}

void cjmi_intern_truncate(cjmi_intern *in, size_t mark)
{
    if (mark >= in->count)
        return;
    /* Rebuilding the slots is simpler than deleting from a probed table and
     * cheap next to what a rollback undoes. The arena keeps the bytes. */
    in->count = mark;
    memset(in->slots, 0, (in->slot_mask + 1) * sizeof *in->slots);
    for (size_t i = 0; i < in->count; i++)
        place(in->slots, in->slot_mask, in->hashes[i], (uint32_t)i);
}
