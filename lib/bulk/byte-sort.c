/* A most-significant-digit radix sort of strings, eight bytes at a time:
 * each string's next eight bytes are read once into a key, the keys are
 * sorted by a least-significant-byte radix sort (no comparison chasing
 * pointers), and each run of equal keys whose strings go on is sorted
 * again on their next eight bytes. Short runs fall back to insertion. */
#include <string.h>

#include "byte-sort.h"
#include "../core/alloc.h"

typedef struct keyed {
    uint64_t key;  /* bytes depth .. depth + 7, big-endian, 0 past the end */
    const char *s;
} keyed;

/* Below this many strings a run is sorted by comparing them. */
#define SMALL 32

static uint64_t key_at(const char *s, size_t depth)
{
    uint64_t key = 0;
    size_t i = 0;
    /* The string ends at its NUL: never read past it. */
    for (; i < 8 && s[depth + i]; i++)
        key = key << 8 | (unsigned char)s[depth + i];
    /* A string that ends at depth has key 0: a shift by 64 bits would be
     * undefined. */
    return i ? key << (8 * (8 - i)) : 0;
}

/* Whether a string ends within the eight bytes its key holds at depth. */
static int ends_within(uint64_t key)
{
    return (key & 0xff) == 0;
}

static void insertion(keyed *v, size_t n, size_t depth)
{
    for (size_t i = 1; i < n; i++) {
        keyed x = v[i];
        size_t j = i;
        for (; j > 0 && strcmp(v[j - 1].s + depth, x.s + depth) > 0; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Sorts v[0..n) by key, stably, using tmp[0..n); the result in v. */
static void radix_keys(keyed *v, keyed *tmp, size_t n)
{
    size_t count[256];
    for (unsigned shift = 0; shift < 64; shift += 8) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[(v[i].key >> shift) & 0xff]++;
        if (count[(v[0].key >> shift) & 0xff] == n)
            continue; /* every key has this byte alike */
        size_t at = 0;
        for (size_t b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            tmp[count[(v[i].key >> shift) & 0xff]++] = v[i];
        memcpy(v, tmp, n * sizeof *v);
    }
}

static void sort_run(keyed *v, keyed *tmp, size_t n, size_t depth)
{
    if (n < SMALL) {
        insertion(v, n, depth);
        return;
    }
    for (size_t i = 0; i < n; i++)
        v[i].key = key_at(v[i].s, depth);
    radix_keys(v, tmp, n);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j].key == v[i].key)
            j++;
        /* Equal keys that end within them are equal strings. */
        if (j - i > 1 && !ends_within(v[i].key))
            sort_run(v + i, tmp, j - i, depth + 8);
        i = j;
    }
}

cjm_status cjmi_sort_strings(const char **strings, size_t n)
{
    if (n < 2)
        return CJM_OK;
    keyed *v = cjmi_malloc(2 * n * sizeof *v);
    if (!v)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        v[i].s = strings[i];
    sort_run(v, v + n, n, 0);
    for (size_t i = 0; i < n; i++)
        strings[i] = v[i].s;
    cjmi_free(v);
    return CJM_OK;
}
