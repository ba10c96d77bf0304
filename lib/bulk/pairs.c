/* The pair counter. */
#include <string.h>

#include "pairs.h"
#include "../core/alloc.h"

void cjmi_pairs_fini(cjmi_pairs *pairs)
{
    cjmi_free(pairs->slots);
    memset(pairs, 0, sizeof *pairs);
}

static size_t slot_of(uint64_t key, size_t mask)
{
    key ^= key >> 31;
    key *= UINT64_C(0x9e3779b97f4a7c15);
    return (size_t)(key >> 32) & mask;
}

static cjm_status grow(cjmi_pairs *pairs)
{
    size_t size = pairs->slots ? (pairs->mask + 1) * 2 : 64;
    if (size > SIZE_MAX / 2 / sizeof(cjmi_pair))
        return CJM_ERR_NOMEM;
    cjmi_pair *slots = cjmi_calloc_probed(size, sizeof *slots);
    if (!slots)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; pairs->slots && i <= pairs->mask; i++) {
        if (!pairs->slots[i].key)
            continue;
        size_t j = slot_of(pairs->slots[i].key, size - 1);
        while (slots[j].key)
            j = (j + 1) & (size - 1);
        slots[j] = pairs->slots[i];
    }
    cjmi_free(pairs->slots);
    pairs->slots = slots;
    pairs->mask = size - 1;
    return CJM_OK;
}

cjmi_pair *cjmi_pairs_get(cjmi_pairs *pairs, uint32_t a, uint32_t b)
{
    uint64_t key = cjmi_pair_key(a, b);
    if (pairs->slots) {
        for (size_t i = slot_of(key, pairs->mask);; i = (i + 1) & pairs->mask) {
            if (pairs->slots[i].key == key)
                return &pairs->slots[i];
            if (!pairs->slots[i].key)
                break;
        }
    }
    if ((!pairs->slots || pairs->used + 1 > (pairs->mask + 1) / 2) && grow(pairs) != CJM_OK)
        return NULL;
    size_t i = slot_of(key, pairs->mask);
    while (pairs->slots[i].key)
        i = (i + 1) & pairs->mask;
    pairs->slots[i].key = key;
    pairs->used++;
    return &pairs->slots[i];
}

cjm_status cjmi_pairs_add_all(cjmi_pairs *into, const cjmi_pairs *from)
{
    for (size_t i = 0; from->slots && i <= from->mask; i++) {
        const cjmi_pair *p = &from->slots[i];
        if (!p->key)
            continue;
        cjmi_pair *q = cjmi_pairs_get(into, cjmi_pair_a(p), cjmi_pair_b(p));
        if (!q)
            return CJM_ERR_NOMEM;
        q->count += p->count;
        q->customers += p->customers;
    }
    return CJM_OK;
}

cjmi_pair *cjmi_pairs_list(const cjmi_pairs *pairs, size_t *n, int *failed)
{
    *n = 0;
    if (!pairs->used)
        return NULL;
    cjmi_pair *list = cjmi_malloc(pairs->used * sizeof *list);
    if (!list) {
        *failed = 1;
        return NULL;
    }
    for (size_t i = 0; i <= pairs->mask; i++)
        if (pairs->slots[i].key)
            list[(*n)++] = pairs->slots[i];
    return list;
}
