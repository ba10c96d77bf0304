/* A run of a VARCHAR argument's rows as codes into a table of its
 * distinct values (cjm_dictionary_column), so that the library checks and
 * interns each distinct customer, touchpoint, channel or stage once per
 * run instead of once per row, and no row's string is copied: a chunk of
 * 2,048 events names a few hundred customers and a few dozen touchpoints.
 *
 * DuckDB hands an aggregate its VARCHAR arguments flattened (a
 * duckdb_string_t per row, whatever the file's encoding), so the distinct
 * values are found here with a hash table over each row's bytes. */
#include "cjm-duckdb.h"

#include <string.h>

static uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0xbf58476d1ce4e5b9u;
    return h ^ (h >> 31);
}

/* A value's hash: of its 16 bytes as DuckDB holds a short one (length and
 * up to 12 bytes inline, the rest zero), of its length and bytes for a
 * longer one, which lies elsewhere. */
static uint64_t hash_of(const duckdb_string_t *v)
{
    uint64_t w[2];
    memcpy(w, v, sizeof w);
    uint32_t length = v->value.inlined.length;
    if (length <= 12)
        return mix(mix(0x9e3779b97f4a7c15u, w[0]), w[1]);
    const char *s = v->value.pointer.ptr;
    uint64_t h = mix(0x9e3779b97f4a7c15u, length);
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        h = mix(h, x);
    }
    if (i < length) { /* the last 8 bytes, overlapping: a long value has 13 or more */
        uint64_t x;
        memcpy(&x, s + length - 8, 8);
        h = mix(h, x);
    }
    return h;
}

/* Whether two values are the same: a short one by its 16 bytes, a longer
 * one by its bytes (at once when both point at the same bytes, as the
 * rows of one Parquet dictionary entry do). */
static bool same(const duckdb_string_t *a, const duckdb_string_t *b)
{
    uint32_t length = a->value.inlined.length;
    if (length != b->value.inlined.length)
        return false;
    if (length <= 12)
        return memcmp(a, b, sizeof *a) == 0;
    return a->value.pointer.ptr == b->value.pointer.ptr ||
           memcmp(a->value.pointer.ptr, b->value.pointer.ptr, length) == 0;
}

/* Room for `rows` rows, and `more` bytes of text past what is used. */
static bool reserve(cjmdd_dictionary *d, size_t rows, size_t more)
{
    if (rows > d->rows_capacity) {
        size_t slots = 16;
        while (slots < 2 * rows)
            slots *= 2;
        cjm_free(d->block);
        /* codes, entry codes, entry rows (one per row at most), offsets, slots */
        d->block = cjm_malloc(rows * (2 * sizeof(int32_t) + sizeof(idx_t) + sizeof(int64_t)) +
                              sizeof(int64_t) + slots * sizeof(uint32_t));
        if (!d->block) {
            d->rows_capacity = 0;
            return false;
        }
        d->offsets = (int64_t *)d->block;
        d->entry_rows = (idx_t *)(void *)(d->offsets + rows + 1);
        d->codes = (int32_t *)(void *)(d->entry_rows + rows);
        d->entry_codes = d->codes + rows;
        d->slots = (uint32_t *)(void *)(d->entry_codes + rows);
        d->rows_capacity = rows;
        d->slot_capacity = slots;
    }
    if (d->used + more > d->text_capacity) {
        size_t capacity = d->text_capacity ? d->text_capacity : 4096;
        while (capacity < d->used + more)
            capacity *= 2;
        char *text = cjm_realloc(d->text, capacity);
        if (!text)
            return false;
        d->text = text;
        d->text_capacity = capacity;
    }
    return true;
}

bool cjmdd_dictionary_fill(cjmdd_dictionary *d, const duckdb_string_t *data,
                           uint64_t *validity, idx_t from, idx_t to)
{
    size_t rows = to - from;
    d->used = 0;
    d->column.count = 0;
    d->nul = false;
    if (!reserve(d, rows ? rows : 1, 0))
        return false;
    size_t slots = 16;
    while (slots < 2 * rows)
        slots *= 2;
    memset(d->slots, 0, slots * sizeof *d->slots);
    size_t entries = 0, count = 0;
    d->offsets[0] = 0;
    /* A column whose values hardly repeat within a run (customers, when
     * the rows come in time order) is not worth looking up: past its
     * first rows, each row is an entry of its own. */
    bool look_up = true;
    for (idx_t row = from; row < to; row++) {
        if (!data || !cjmdd_valid(validity, row)) {
            d->codes[row - from] = CJMDD_NONE;
            continue;
        }
        if (look_up && row - from >= 256 && entries * 4 > (row - from) * 3)
            look_up = false;
        size_t i = 0;
        if (look_up) {
            i = (size_t)hash_of(&data[row]) & (slots - 1);
            while (d->slots[i] != 0 && !same(&data[d->entry_rows[d->slots[i] - 1]], &data[row]))
                i = (i + 1) & (slots - 1);
        }
        if (!look_up || d->slots[i] == 0) {
            size_t length;
            const char *s = cjmdd_string(&data[row], &length);
            /* A value first seen: in the table, unless it holds a NUL byte,
             * which no id may hold (the caller says so for its row). */
            d->entry_rows[entries] = row;
            if (memchr(s, '\0', length)) {
                d->entry_codes[entries] = CJMDD_NUL;
                d->nul = true;
            } else {
                if (d->used + length > d->text_capacity && !reserve(d, rows, length))
                    return false;
                memcpy(d->text + d->used, s, length);
                d->used += length;
                d->offsets[count + 1] = (int64_t)d->used;
                d->entry_codes[entries] = (int32_t)count++;
            }
            entries++;
            if (!look_up) {
                d->codes[row - from] = d->entry_codes[entries - 1];
                continue;
            }
            d->slots[i] = (uint32_t)entries;
        }
        d->codes[row - from] = d->entry_codes[d->slots[i] - 1];
    }
    d->column.codes = d->codes;
    d->column.count = count;
    d->column.offsets = d->offsets;
    d->column.data = d->text ? d->text : "";
    return true;
}

void cjmdd_dictionary_free(cjmdd_dictionary *d)
{
    cjm_free(d->block);
    cjm_free(d->text);
    memset(d, 0, sizeof *d);
}
