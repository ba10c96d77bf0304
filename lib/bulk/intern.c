/* The interner: open addressing with linear probing over 32-byte slots. */
#include <stdbool.h>
#include <string.h>

#include "intern.h"
#include "cjm/common.h"
#include "../core/alloc.h"
#include "../util/le.h"

#define INLINE_MAX 22
#define LONG_KEY 0xff
#define REMOVED UINT32_MAX

/* The little-endian word of 8 or 4 bytes at p: the hash is the same on
 * every machine, as the shards of a state that travels between them must
 * be. */
static inline uint64_t load64(const char *p)
{
    return cjmi_le((const unsigned char *)p, 8);
}

static inline uint64_t load32(const char *p)
{
    return cjmi_le((const unsigned char *)p, 4);
}

/* The last n bytes of s (len of them in all, 1 <= n < 8, n <= len), as a
 * little-endian word zero-padded above them: the word memcpy(&w, tail, n)
 * makes, read with loads of fixed sizes that overlap within s rather than
 * byte by byte (a loop of n steps mispredicts its end as n varies from
 * id to id, and a copy of variable size is byte stores that a load of the
 * word then waits on). */
static inline uint64_t tail_word(const char *s, size_t len, size_t n)
{
    if (len >= 8) /* the 8 bytes ending at the end, the earlier ones shifted out */
        return load64(s + len - 8) >> (8 * (8 - n));
    /* len < 8: then n == len, the whole string */
    if (n >= 4) /* the first 4 and the last 4, overlapping in the same bytes */
        return load32(s) | load32(s + n - 4) << (8 * (n - 4));
    /* first, middle and last byte: every byte of 1 to 3 */
    return (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << (8 * (n / 2)) |
           (uint64_t)(unsigned char)s[n - 1] << (8 * (n - 1));
}

uint32_t cjmi_intern_hash(const char *s, size_t len)
{
    /* Eight bytes at a time, multiply and fold. */
    const uint64_t k = UINT64_C(0x9e3779b97f4a7c15);
    uint64_t h = (uint64_t)len * k;
    size_t n = len;
    const char *p = s;
    while (n >= 8) {
        h = (h ^ load64(p)) * k;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n)
        h = (h ^ tail_word(s, len, n)) * k;
    h ^= h >> 32;
    h *= UINT64_C(0xd6e8feb86659fd93);
    h ^= h >> 32;
    return (uint32_t)h;
}

void cjmi_intern_fini(cjmi_intern *in)
{
    cjmi_strings_fini(&in->arena);
    cjmi_free(in->slots);
    cjmi_free(in->slot_of);
    memset(in, 0, sizeof *in);
}

static const char *slot_key(const cjmi_slot *slot)
{
    if ((unsigned char)slot->key[23] != LONG_KEY)
        return slot->key;
    const char *p;
    memcpy(&p, slot->key, sizeof p);
    return p;
}

/* Whether the len bytes at a and b are equal, len at most INLINE_MAX:
 * compared by loads of fixed size that overlap within both, as
 * tail_word() reads, rather than by a call to memcmp for a few bytes. */
static inline bool short_equal(const char *a, const char *b, size_t len)
{
    if (len >= 8) {
        uint64_t d = load64(a) ^ load64(b);
        d |= load64(a + len - 8) ^ load64(b + len - 8);
        if (len > 16)
            d |= load64(a + 8) ^ load64(b + 8);
        return d == 0;
    }
    if (len >= 4)
        return ((load32(a) ^ load32(b)) | (load32(a + len - 4) ^ load32(b + len - 4))) == 0;
    return len == 0 || (a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1]);
}

static int slot_matches(const cjmi_slot *slot, const char *s, size_t len)
{
    unsigned char tag = (unsigned char)slot->key[23];
    if (len <= INLINE_MAX)
        return tag == len && short_equal(slot->key, s, len);
    if (tag != LONG_KEY)
        return 0;
    const char *p = slot_key(slot);
    return memcmp(p, s, len) == 0 && p[len] == '\0';
}

uint32_t cjmi_intern_find(const cjmi_intern *in, const char *s, size_t len, uint32_t h)
{
    if (!in->slots)
        return CJMI_NOT_INTERNED;
    for (size_t i = h & in->mask;; i = (i + 1) & in->mask) {
        const cjmi_slot *slot = &in->slots[i];
        if (!slot->index)
            return CJMI_NOT_INTERNED;
        if (slot->hash == h && slot->index != REMOVED && slot_matches(slot, s, len))
            return slot->index - 1;
    }
}

const char *cjmi_intern_string(const cjmi_intern *in, uint32_t index)
{
    return slot_key(&in->slots[in->slot_of[index]]);
}

/* The length of a slot's key, read from the slot when it holds the key. */
static size_t slot_length(const cjmi_slot *slot)
{
    unsigned char tag = (unsigned char)slot->key[23];
    return tag != LONG_KEY ? tag : strlen(slot_key(slot));
}

size_t cjmi_intern_length(const cjmi_intern *in, uint32_t index)
{
    return slot_length(&in->slots[in->slot_of[index]]);
}

size_t cjmi_intern_bytes(const cjmi_intern *in)
{
    size_t n = 0;
    for (size_t i = 0; in->slots && i <= in->mask; i++)
        if (in->slots[i].index && in->slots[i].index != REMOVED)
            n += slot_length(&in->slots[i]);
    return n;
}

/* Puts a slot in a table with no removed slots, returning its position. */
static size_t place(cjmi_slot *slots, size_t mask, const cjmi_slot *slot)
{
    size_t i = slot->hash & mask;
    while (slots[i].index)
        i = (i + 1) & mask;
    slots[i] = *slot;
    return i;
}

/* Rebuilds the table with room for `need` strings at a load of at most
 * 0.7, dropping removed slots. */
static cjm_status rebuild(cjmi_intern *in, size_t need)
{
    size_t size = 16;
    while (need > size / 10 * 7) {
        if (size > SIZE_MAX / 4 / sizeof(cjmi_slot))
            return CJM_ERR_NOMEM;
        size *= 2;
    }
    cjmi_slot *slots = cjmi_calloc_probed(size, sizeof *slots);
    if (!slots)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; in->slots && i <= in->mask; i++) {
        const cjmi_slot *slot = &in->slots[i];
        if (slot->index && slot->index != REMOVED)
            in->slot_of[slot->index - 1] = (uint32_t)place(slots, size - 1, slot);
    }
    cjmi_free(in->slots);
    in->slots = slots;
    in->mask = size - 1;
    in->used = in->count;
    return CJM_OK;
}

cjm_status cjmi_intern_reserve(cjmi_intern *in, size_t count)
{
    if (count <= in->count)
        return CJM_OK;
    if (cjmi_array_reserve(in->slot_of, in->slot_of_capacity, count) != CJM_OK)
        return CJM_ERR_NOMEM;
    if (in->slots && count - in->count + in->used <= (in->mask + 1) / 10 * 7)
        return CJM_OK;
    return rebuild(in, count);
}

uint32_t cjmi_intern_add(cjmi_intern *in, const char *s, size_t len, uint32_t h)
{
    uint32_t found = cjmi_intern_find(in, s, len, h);
    if (found != CJMI_NOT_INTERNED)
        return found;
    if (in->count >= UINT32_MAX - 2)
        return CJMI_NOT_INTERNED;
    if (cjmi_array_reserve(in->slot_of, in->slot_of_capacity, in->count + 1) != CJM_OK)
        return CJMI_NOT_INTERNED;
    if ((!in->slots || in->used + 1 > (in->mask + 1) / 10 * 7) &&
        rebuild(in, in->count + 1) != CJM_OK)
        return CJMI_NOT_INTERNED;
    cjmi_slot slot;
    memset(&slot, 0, sizeof slot);
    slot.hash = h;
    if (len <= INLINE_MAX) {
        memcpy(slot.key, s, len);
        slot.key[23] = (char)len;
    } else {
        char *copy = cjmi_strings_copy(&in->arena, s, len);
        if (!copy)
            return CJMI_NOT_INTERNED;
        memcpy(slot.key, &copy, sizeof copy);
        slot.key[23] = (char)LONG_KEY;
    }
    uint32_t index = (uint32_t)in->count++;
    slot.index = index + 1;
    in->slot_of[index] = (uint32_t)place(in->slots, in->mask, &slot);
    in->used++;
    return index;
}

void cjmi_intern_truncate(cjmi_intern *in, size_t mark)
{
    /* Marking the slots removed keeps every probe sequence intact; the
     * next rebuild drops them. The arena keeps the bytes of long keys. */
    for (size_t i = mark; i < in->count; i++)
        in->slots[in->slot_of[i]].index = REMOVED;
    if (mark < in->count)
        in->count = mark;
}

cjm_status cjmi_intern_copy(cjmi_intern *into, const cjmi_intern *from)
{
    if (!from->count)
        return CJM_OK;
    size_t size = from->mask + 1;
    cjmi_intern copy;
    memset(&copy, 0, sizeof copy);
    copy.slots = cjmi_malloc(size * sizeof *copy.slots);
    if (!copy.slots ||
        cjmi_array_reserve(copy.slot_of, copy.slot_of_capacity, from->count) != CJM_OK) {
        cjmi_intern_fini(&copy);
        return CJM_ERR_NOMEM;
    }
    memcpy(copy.slots, from->slots, size * sizeof *copy.slots);
    memcpy(copy.slot_of, from->slot_of, from->count * sizeof *copy.slot_of);
    copy.mask = from->mask;
    copy.used = from->used;
    copy.count = from->count;
    /* A long key lives in the table's own arena: copy its bytes. */
    for (size_t i = 0; i < size; i++) {
        cjmi_slot *slot = &copy.slots[i];
        if (!slot->index || slot->index == REMOVED || (unsigned char)slot->key[23] != LONG_KEY)
            continue;
        const char *key = slot_key(slot);
        char *bytes = cjmi_strings_copy(&copy.arena, key, strlen(key));
        if (!bytes) {
            cjmi_intern_fini(&copy);
            return CJM_ERR_NOMEM;
        }
        memcpy(slot->key, &bytes, sizeof bytes);
    }
    cjmi_intern_fini(into);
    *into = copy;
    return CJM_OK;
}
