/* What a breakdown keeps as events arrive (analysis.md, "Segments and
 * cohorts"): per customer, under an attribute breakdown, the value on its
 * earliest event carrying the key and that event's time; with any
 * breakdown, each feedback item, since the report adds items up by
 * segment and a customer's segment is known only once all its events are
 * in. A cohort needs nothing more: the customer's first event is among
 * its events.
 *
 * The layout keeps this small (a breakdown may cost at most 16 bytes per
 * customer): a customer's segment is one 64-bit word, the time in its top
 * 49 bits (CJM_TIME_MIN..CJM_TIME_MAX spans less than 2^49 ms) and the
 * value in the low 15; values from 32767 on (rare: a breakdown shows at
 * most max_segments of them) are kept in a second array, made only then.
 * A feedback item is one bit on its event (the shard's events hold its
 * customer and stage) and its 32-bit score. These arrays live as long as
 * the analysis, so they grow by an eighth, not by doubling: what is
 * reserved and never used counts as much as what is. */
#include <string.h>

#include "cjm/time.h"
#include "analysis-private.h"
#include "../core/alloc.h"

#define VALUE_BITS 15
#define VALUE_MASK ((UINT64_C(1) << VALUE_BITS) - 1)
/* In the low bits: the value is in segment_wide. */
#define WIDE ((uint32_t)VALUE_MASK)

/* Grows *items (*capacity of `size` bytes each) to hold `need`, by at
 * least an eighth, the new part zeroed. CJM_OK, or CJM_ERR_NOMEM with the
 * array as it was. */
static cjm_status grow(void **items, size_t *capacity, size_t need, size_t size)
{
    if (need <= *capacity)
        return CJM_OK;
    size_t cap = *capacity + *capacity / 8;
    if (cap < need)
        cap = need;
    if (cap < 64)
        cap = 64;
    if (cap > SIZE_MAX / size)
        return CJM_ERR_NOMEM;
    char *p = cjmi_realloc(*items, cap * size);
    if (!p)
        return CJM_ERR_NOMEM;
    memset(p + *capacity * size, 0, (cap - *capacity) * size);
    *items = p;
    *capacity = cap;
    return CJM_OK;
}

#define GROW(items, capacity, need)                                                    \
    grow((void **)(void *)&(items), &(capacity), (need), sizeof *(items))

void cjmi_analysis_set_breakdown(cjm_analysis *a)
{
    a->breakdown = cjmi_breakdown_kind(&a->options);
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        a->shards[s].keeps_segments = a->breakdown == CJMI_BREAKDOWN_ATTRIBUTE;
        a->shards[s].keeps_items = a->breakdown != CJMI_BREAKDOWN_NONE;
    }
}

void cjmi_shard_segments_fini(cjmi_shard *shard)
{
    cjmi_free(shard->segment);
    cjmi_free(shard->segment_wide);
    cjmi_free(shard->items.has);
    cjmi_free(shard->items.millionths);
    cjmi_free(shard->undo);
}

/* Makes the array of wide values, as long as the segments' array. */
static cjm_status make_wide(cjmi_shard *shard)
{
    size_t capacity = 0;
    if (GROW(shard->segment_wide, capacity, shard->segment_capacity) != CJM_OK)
        return CJM_ERR_NOMEM;
    return CJM_OK;
}

cjm_status cjmi_segments_reserve_customers(cjmi_shard *shard, size_t n)
{
    if (!shard->keeps_segments || n <= shard->segment_capacity)
        return CJM_OK;
    size_t capacity = shard->segment_capacity, wide = shard->segment_capacity;
    if (GROW(shard->segment, capacity, n) != CJM_OK)
        return CJM_ERR_NOMEM;
    /* The wide values grow to the same size, or the segments stay as they
     * are: both arrays always have segment_capacity entries. */
    if (shard->segment_wide && GROW(shard->segment_wide, wide, capacity) != CJM_OK)
        return CJM_ERR_NOMEM;
    shard->segment_capacity = capacity;
    return CJM_OK;
}

cjm_status cjmi_segments_reserve(cjmi_shard *shard, size_t events, size_t items, size_t values)
{
    if (shard->keeps_segments && values >= WIDE && !shard->segment_wide &&
        make_wide(shard) != CJM_OK)
        return CJM_ERR_NOMEM;
    if (!shard->keeps_items)
        return CJM_OK;
    size_t words = (shard->events.count + events + 63) / 64;
    if (GROW(shard->items.has, shard->items.has_capacity, words) != CJM_OK ||
        GROW(shard->items.millionths, shard->items.capacity, shard->items.count + items) !=
            CJM_OK)
        return CJM_ERR_NOMEM;
    return CJM_OK;
}

static inline uint32_t value_of(const cjmi_shard *shard, uint32_t c)
{
    uint32_t v = (uint32_t)(shard->segment[c] & VALUE_MASK);
    return v == WIDE ? shard->segment_wide[c] : v;
}

static inline int64_t at_of(const cjmi_shard *shard, uint32_t c)
{
    return shard->segment[c] ? (int64_t)(shard->segment[c] >> VALUE_BITS) + CJM_TIME_MIN : 0;
}

uint32_t cjmi_segment_value(const cjmi_shard *shard, uint32_t c)
{
    return value_of(shard, c);
}

int64_t cjmi_segment_at(const cjmi_shard *shard, uint32_t c)
{
    return at_of(shard, c);
}

cjm_status cjmi_segment_set(cjmi_shard *shard, uint32_t c, uint32_t value, int64_t at)
{
    if (!value) {
        shard->segment[c] = 0;
        return CJM_OK;
    }
    uint64_t low = value;
    if (value >= WIDE) {
        if (!shard->segment_wide && make_wide(shard) != CJM_OK)
            return CJM_ERR_NOMEM;
        shard->segment_wide[c] = value;
        low = WIDE;
    }
    shard->segment[c] = (uint64_t)(at - CJM_TIME_MIN) << VALUE_BITS | low;
    return CJM_OK;
}

static inline void set_bit(uint64_t *words, size_t i, bool on)
{
    uint64_t bit = UINT64_C(1) << (i % 64);
    words[i / 64] = on ? words[i / 64] | bit : words[i / 64] & ~bit;
}

cjm_status cjmi_segment_note(cjmi_shard *shard, uint32_t c, uint32_t value, int64_t at,
                             bool has_feedback, int64_t millionths)
{
    /* The earliest event wins; of two at one time, the first to arrive. */
    if (value && shard->keeps_segments && (!shard->segment[c] || at < at_of(shard, c))) {
        cjmi_undo old = { c, value_of(shard, c), at_of(shard, c) };
        if (c < shard->undo_from &&
            cjmi_array_push(shard->undo, shard->undo_count, shard->undo_capacity, old) !=
                CJM_OK)
            return CJM_ERR_NOMEM;
        if (cjmi_segment_set(shard, c, value, at) != CJM_OK) {
            if (c < shard->undo_from)
                shard->undo_count--;
            return CJM_ERR_NOMEM;
        }
    }
    if (shard->keeps_items) { /* room reserved by the caller */
        /* The item's event is the one the shard appends next. */
        set_bit(shard->items.has, shard->events.count, has_feedback);
        if (has_feedback)
            shard->items.millionths[shard->items.count++] = (int32_t)millionths;
    }
    return CJM_OK;
}

void cjmi_segments_roll_back(cjmi_shard *shard, size_t items_mark, size_t customers_mark)
{
    while (shard->undo_count) {
        const cjmi_undo *u = &shard->undo[--shard->undo_count];
        /* The value was held before: it needs no wide array it lacks. */
        (void)cjmi_segment_set(shard, u->customer, u->value, u->at);
    }
    /* Customers the call interned leave their entries as they found them,
     * up to what the array holds (a growth may have failed half way). */
    for (size_t c = customers_mark; shard->keeps_segments && c < shard->segment_capacity &&
                                    c < shard->customers.count;
         c++)
        shard->segment[c] = 0;
    if (shard->items.count > items_mark)
        shard->items.count = items_mark;
}

/* The walk's next event of the shard (its position among the shard's
 * events, and its chunk and index there); false after the last. */
static bool next_event(const cjmi_shard *shard, cjmi_item_walk *w, size_t *position,
                       size_t *i)
{
    if (!w->started) {
        w->chunk = shard->events.first;
        w->started = true;
    }
    while (w->chunk && w->i == w->chunk->count) {
        w->chunk = w->chunk->next;
        w->i = 0;
    }
    if (!w->chunk)
        return false;
    *position = w->position++;
    *i = w->i++;
    return true;
}

bool cjmi_items_next(const cjmi_shard *shard, cjmi_item_walk *w, cjmi_item *item)
{
    if (w->item >= shard->items.count)
        return false;
    if (!w->started) {
        w->chunk = shard->events.first;
        w->started = true;
    }
    /* The next set bit, a word at a time: about one event in ten carries
     * an item. Bits past the last event may be left from a rollback. */
    size_t events = shard->events.count, k = w->position / 64, words = (events + 63) / 64;
    if (k >= words)
        return false;
    uint64_t word = shard->items.has[k] & (~UINT64_C(0) << (w->position % 64));
    while (!word) {
        if (++k >= words)
            return false;
        word = shard->items.has[k];
    }
    size_t p = k * 64 + (size_t)__builtin_ctzll(word);
    if (p >= events)
        return false;
    while (p >= w->base + w->chunk->count) {
        w->base += w->chunk->count;
        w->chunk = w->chunk->next;
    }
    size_t i = p - w->base;
    w->position = p + 1;
    item->customer = w->chunk->customer[i];
    item->stage = w->chunk->stage[i];
    item->millionths = shard->items.millionths[w->item++];
    return true;
}

bool cjmi_items_place(cjmi_shard *shard, cjmi_item_walk *w, const cjmi_item *item)
{
    size_t p, i;
    while (next_event(shard, w, &p, &i)) {
        bool match = w->chunk->customer[i] == item->customer && w->chunk->stage[i] == item->stage;
        set_bit(shard->items.has, p, match);
        if (match) {
            shard->items.millionths[shard->items.count++] = item->millionths;
            return true;
        }
    }
    return false;
}

void cjmi_items_clear(cjmi_shard *shard)
{
    size_t words = (shard->events.count + 63) / 64;
    if (shard->keeps_items && words)
        memset(shard->items.has, 0, words * sizeof *shard->items.has);
}

void cjmi_segments_merge_shard(cjmi_shard *into, const cjmi_shard *from, const uint32_t *values,
                               const uint32_t *customers, size_t first_event)
{
    /* A customer both hold keeps the earlier of the two segments; of two
     * at one time, into's, whose events come first. Room is reserved:
     * nothing here fails. */
    for (uint32_t i = 0; from->keeps_segments && i < from->customers.count; i++) {
        uint32_t c = customers[i], v = cjmi_segment_value(from, i);
        int64_t at = cjmi_segment_at(from, i);
        if (v && (!into->segment[c] || at < cjmi_segment_at(into, c)))
            (void)cjmi_segment_set(into, c, values[v - 1] + 1, at);
    }
    if (!into->keeps_items)
        return;
    for (size_t p = 0; p < from->events.count; p++)
        set_bit(into->items.has, first_event + p, from->items.has[p / 64] >> (p % 64) & 1);
    if (from->items.count)
        memcpy(into->items.millionths + into->items.count, from->items.millionths,
               from->items.count * sizeof *from->items.millionths);
    into->items.count += from->items.count;
}
