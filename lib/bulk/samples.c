/* Time samples: 4 bytes each in blocks, picked from by radix selection
 * (samples.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"
#include "../core/alloc.h"

/* Blocks double from the first size up to the largest: a few samples cost
 * little, and a million cost blocks of 64 KiB, each filled before the next. */
#define FIRST_BLOCK 16
#define LARGEST_BLOCK 16384

/* Radix selection: the samples are counted by DIGIT bits at a time, from
 * the highest bit any sample has; once the sought sample is known to be
 * among at most GATHER candidates, those are copied out and the place is
 * found among them by partitioning. */
#define DIGIT 11
#define BUCKETS (1u << DIGIT)
#define GATHER 65536

void cjmi_samples_fini(cjmi_samples *s)
{
    for (cjmi_sample_block *b = s->first, *next; b; b = next) {
        next = b->next;
        cjmi_free(b);
    }
    cjmi_free(s->wide);
    memset(s, 0, sizeof *s);
}

cjm_status cjmi_samples_push_slow(cjmi_samples *s, int64_t value)
{
    if (value < 0 || value > (int64_t)UINT32_MAX) {
        if (cjmi_array_push(s->wide, s->wide_count, s->wide_capacity, value) != CJM_OK)
            return CJM_ERR_NOMEM;
        s->count++;
        return CJM_OK;
    }
    cjmi_sample_block *b = s->last;
    if (s->put == s->end) {
        uint32_t capacity = b ? b->capacity * 2 : FIRST_BLOCK;
        if (capacity > LARGEST_BLOCK)
            capacity = LARGEST_BLOCK;
        cjmi_sample_block *fresh = cjmi_malloc(sizeof *fresh + capacity * sizeof *fresh->values);
        if (!fresh)
            return CJM_ERR_NOMEM;
        fresh->next = NULL;
        fresh->count = 0;
        fresh->capacity = capacity;
        if (b) {
            b->count = b->capacity;
            b->next = fresh;
        } else {
            s->first = fresh;
        }
        s->last = b = fresh;
        s->put = fresh->values;
        s->end = fresh->values + capacity;
    }
    *s->put++ = (uint32_t)value;
    s->bits |= (uint32_t)value;
    s->count++;
    return CJM_OK;
}

cjm_status cjmi_samples_take(cjmi_samples *into, cjmi_samples *from)
{
    if (from->wide_count) {
        if (cjmi_array_reserve(into->wide, into->wide_capacity,
                               into->wide_count + from->wide_count) != CJM_OK)
            return CJM_ERR_NOMEM;
        memcpy(into->wide + into->wide_count, from->wide, from->wide_count * sizeof *from->wide);
        into->wide_count += from->wide_count;
    }
    if (from->first) {
        if (into->last) {
            into->last->count = (uint32_t)(into->put - into->last->values);
            into->last->next = from->first;
        } else {
            into->first = from->first;
        }
        into->last = from->last;
        into->put = from->put;
        into->end = from->end;
    }
    into->count += from->count;
    into->bits |= from->bits;
    cjmi_free(from->wide);
    memset(from, 0, sizeof *from);
    return CJM_OK;
}

/* A block's samples: the last one's end where the next push goes. */
static uint32_t filled(const cjmi_samples *s, const cjmi_sample_block *b)
{
    return b == s->last ? (uint32_t)(s->put - b->values) : b->count;
}

static int compare_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return a < b ? -1 : a > b;
}

static int compare_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

/* The value at index k of v[0 .. n) sorted, by three-way partitions
 * around a median of three; a plain sort of what is left if the data
 * defeats the pivots. v is reordered so that what is before index k sorts
 * before or with that value and what is after it sorts with it or after,
 * which lets a later, higher index be looked for past k only. One
 * definition per type: the narrow samples' and the wide ones'. */
#define DEFINE_PARTITION_SELECT(name, type, compare)                                        \
    static type name(type *v, size_t n, size_t k)                                           \
    {                                                                                       \
        size_t lo = 0, hi = n;                                                              \
        for (int rounds = 0; hi - lo > 1; rounds++) {                                       \
            if (rounds == 64) {                                                             \
                qsort(v + lo, hi - lo, sizeof *v, compare);                                 \
                break;                                                                      \
            }                                                                               \
            type a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];                       \
            type pivot = a < b ? (b < c ? b : (a < c ? c : a))                              \
                               : (a < c ? a : (b < c ? c : b));                             \
            size_t lt = lo, i = lo, gt = hi;                                                \
            while (i < gt) {                                                                \
                type x = v[i];                                                              \
                if (x < pivot) {                                                            \
                    v[i++] = v[lt];                                                         \
                    v[lt++] = x;                                                            \
                } else if (x > pivot) {                                                     \
                    v[i] = v[--gt];                                                         \
                    v[gt] = x;                                                              \
                } else {                                                                    \
                    i++;                                                                    \
                }                                                                           \
            }                                                                               \
            if (k < lt)                                                                     \
                hi = lt;                                                                    \
            else if (k >= gt)                                                               \
                lo = gt;                                                                    \
            else                                                                            \
                return pivot;                                                               \
        }                                                                                   \
        return v[k];                                                                        \
    }

DEFINE_PARTITION_SELECT(partition_select, uint32_t, compare_u32)
DEFINE_PARTITION_SELECT(partition_select_wide, int64_t, compare_i64)

/* Where index k falls in a histogram: the bucket, with k made relative
 * to it and the bucket's count in *count. */
static uint32_t find_bucket(const uint64_t *hist, uint64_t *k, uint64_t *count)
{
    uint32_t b = 0;
    while (*k >= hist[b])
        *k -= hist[b++];
    *count = hist[b];
    return b;
}

/* The narrow sample at index k, those with (v >> shift) == prefix being
 * the `count` candidates and k counted among them; `scratch` holds the
 * gathered candidates between calls. */
static cjm_status narrow_at(uint32_t *out, const cjmi_samples *s, uint32_t prefix,
                            unsigned shift, uint64_t k, uint64_t count, uint32_t **scratch,
                            size_t *scratch_capacity)
{
    uint64_t hist[BUCKETS];
    while (shift > 0 && count > GATHER) {
        unsigned next = shift > DIGIT ? shift - DIGIT : 0;
        memset(hist, 0, sizeof hist);
        for (const cjmi_sample_block *b = s->first; b; b = b->next)
            for (uint32_t i = 0, n = filled(s, b); i < n; i++)
                if ((b->values[i] >> shift) == prefix)
                    hist[(b->values[i] >> next) & (BUCKETS - 1)]++;
        prefix = (prefix << (shift - next)) | find_bucket(hist, &k, &count);
        shift = next;
    }
    if (shift == 0) {
        *out = prefix;
        return CJM_OK;
    }
    if (cjmi_array_reserve(*scratch, *scratch_capacity, (size_t)count) != CJM_OK)
        return CJM_ERR_NOMEM;
    size_t gathered = 0;
    for (const cjmi_sample_block *b = s->first; b; b = b->next)
        for (uint32_t i = 0, n = filled(s, b); i < n; i++)
            if ((b->values[i] >> shift) == prefix)
                (*scratch)[gathered++] = b->values[i];
    *out = partition_select(*scratch, gathered, (size_t)k);
    return CJM_OK;
}

/* Few samples (a small group's report): sorted on the stack, without the
 * histogram, whose clearing alone costs more than sorting them. */
#define FEW 64

static void few_at(int64_t *out, const cjmi_samples *s, const uint64_t *ranks, size_t n)
{
    int64_t v[FEW];
    size_t m = 0;
    for (const cjmi_sample_block *b = s->first; b; b = b->next)
        for (uint32_t j = 0, f = filled(s, b); j < f; j++)
            v[m++] = b->values[j];
    for (size_t j = 0; j < s->wide_count; j++)
        v[m++] = s->wide[j];
    for (size_t i = 1; i < m; i++) { /* insertion sort: m is small */
        int64_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = v[ranks[i]];
}

cjm_status cjmi_samples_at(int64_t *out, const cjmi_samples *s, const uint64_t *ranks, size_t n)
{
    if (n > CJMI_SAMPLES_RANKS)
        return CJM_ERR_INVALID;
    if (s->count <= FEW) {
        few_at(out, s, ranks, n);
        return CJM_OK;
    }
    /* Wide samples sort below the narrow ones (negative) or above them. */
    int64_t *wide = NULL;
    size_t below = 0;
    if (s->wide_count) {
        wide = cjmi_malloc(s->wide_count * sizeof *wide);
        if (!wide)
            return CJM_ERR_NOMEM;
        memcpy(wide, s->wide, s->wide_count * sizeof *wide);
        for (size_t j = 0; j < s->wide_count; j++)
            below += wide[j] < 0;
    }
    uint64_t narrow = s->count - s->wide_count;
    /* The wide places asked are found by selection, not by sorting the
     * wide samples (millions of them when customers take months): in
     * increasing order, each looked for past the one before, which
     * leaves those before it in their places. */
    size_t wide_place[CJMI_SAMPLES_RANKS], wide_asked = 0;
    for (size_t i = 0; i < n; i++)
        if (ranks[i] < below || ranks[i] - below >= narrow)
            wide_place[wide_asked++] = (size_t)(ranks[i] < below ? ranks[i] : ranks[i] - narrow);
    for (size_t i = 1; i < wide_asked; i++)
        for (size_t j = i; j > 0 && wide_place[j - 1] > wide_place[j]; j--) {
            size_t t = wide_place[j];
            wide_place[j] = wide_place[j - 1];
            wide_place[j - 1] = t;
        }
    for (size_t i = 0, from = 0; i < wide_asked; i++) {
        if (wide_place[i] < from)
            continue; /* asked twice: in its place already */
        partition_select_wide(wide + from, s->wide_count - from, wide_place[i] - from);
        from = wide_place[i] + 1;
    }
    /* The first digit is counted once for every place asked. */
    unsigned top = 0;
    while (top < 32 && s->bits >> top)
        top++;
    unsigned shift = top > DIGIT ? top - DIGIT : 0;
    uint64_t hist[BUCKETS];
    bool counted = false;
    uint32_t *scratch = NULL;
    size_t scratch_capacity = 0;
    cjm_status rc = CJM_OK;
    /* Places whose bucket holds few enough samples are gathered together
     * in one more pass: slot[b] is bucket b's place among them, plus one. */
    uint16_t slot[BUCKETS];
    uint32_t bucket[CJMI_SAMPLES_RANKS];
    uint64_t rest[CJMI_SAMPLES_RANKS], count[CJMI_SAMPLES_RANKS];
    size_t start[CJMI_SAMPLES_RANKS + 1], fill[CJMI_SAMPLES_RANKS], buckets = 0;
    bool gather[CJMI_SAMPLES_RANKS] = { false };
    memset(slot, 0, sizeof slot);
    start[0] = 0;
    for (size_t i = 0; rc == CJM_OK && i < n; i++) {
        uint64_t k = ranks[i];
        if (k < below) {
            out[i] = wide[k];
            continue;
        }
        if (k - below >= narrow) {
            out[i] = wide[k - narrow];
            continue;
        }
        k -= below;
        if (!counted) {
            memset(hist, 0, sizeof hist);
            for (const cjmi_sample_block *b = s->first; b; b = b->next)
                for (uint32_t j = 0, m = filled(s, b); j < m; j++)
                    hist[b->values[j] >> shift]++;
            counted = true;
        }
        bucket[i] = find_bucket(hist, &k, &count[i]);
        rest[i] = k;
        if (shift == 0) {
            out[i] = bucket[i];
        } else if (count[i] > GATHER) {
            uint32_t value = 0;
            rc = narrow_at(&value, s, bucket[i], shift, k, count[i], &scratch,
                           &scratch_capacity);
            out[i] = value;
        } else {
            gather[i] = true;
            if (!slot[bucket[i]]) {
                slot[bucket[i]] = (uint16_t)++buckets;
                start[buckets] = start[buckets - 1] + count[i];
            }
        }
    }
    if (rc == CJM_OK && buckets) {
        if (cjmi_array_reserve(scratch, scratch_capacity, start[buckets]) != CJM_OK)
            rc = CJM_ERR_NOMEM;
        memcpy(fill, start, buckets * sizeof *fill);
        for (const cjmi_sample_block *b = s->first; rc == CJM_OK && b; b = b->next)
            for (uint32_t j = 0, m = filled(s, b); j < m; j++) {
                unsigned place = slot[b->values[j] >> shift];
                if (place)
                    scratch[fill[place - 1]++] = b->values[j];
            }
        for (size_t i = 0; rc == CJM_OK && i < n; i++) {
            size_t place = gather[i] ? slot[bucket[i]] - 1u : 0;
            if (gather[i])
                out[i] = partition_select(scratch + start[place],
                                          start[place + 1] - start[place], (size_t)rest[i]);
        }
    }
    cjmi_free(scratch);
    cjmi_free(wide);
    return rc;
}
