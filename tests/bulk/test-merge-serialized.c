/* Merging a state from its bytes (cjm_analysis_merge_serialized()): the
 * report of reading the state and merging it, every table of it equal,
 * for every split of the events tried; every error, with `into` as it
 * was. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../../bench/generate.h"
#include "../suites.h"

/* An analysis's state: what "unchanged" means, byte for byte. */
static unsigned char *state_of(const cjm_analysis *a, size_t *size)
{
    void *bytes = NULL;
    ck_assert_ok(cjm_analysis_serialize(&bytes, size, a));
    return bytes;
}

static void assert_state(const cjm_analysis *a, const unsigned char *want, size_t want_size)
{
    size_t size;
    unsigned char *got = state_of(a, &size);
    ck_assert_uint_eq(size, want_size);
    size_t at = 0;
    while (at < size && got[at] == want[at])
        at++;
    ck_assert_msg(at == size, "the state differs from byte %zu of %zu", at, size);
    cjm_free(got);
}

/* Every value of every table of two reports equal (reals to the bit), the
 * nested tables' rows included. */
static void assert_tables_equal(const cjm_report *x, const cjm_report *y)
{
    for (cjm_table t = 0; t < cjm_table_count(); t++) {
        size_t rows = cjm_report_row_count(x, t), columns = cjm_table_column_count(t);
        ck_assert_uint_eq(rows, cjm_report_row_count(y, t));
        cjm_row_value *a = calloc(columns, sizeof *a), *b = calloc(columns, sizeof *b);
        for (size_t r = 0; r < rows; r++) {
            ck_assert_ok(cjm_report_row_values(a, columns, x, t, r));
            ck_assert_ok(cjm_report_row_values(b, columns, y, t, r));
            for (size_t c = 0; c < columns; c++) {
                ck_assert_msg(a[c].null == b[c].null && a[c].absent == b[c].absent,
                              "table %s, row %zu, %s", cjm_table_name(t), r,
                              cjm_table_column_name(t, c));
                switch (cjm_table_column_type(t, c)) {
                case CJM_VALUE_TEXT:
                    ck_assert_msg(!a[c].as.text == !b[c].as.text &&
                                      (!a[c].as.text || strcmp(a[c].as.text, b[c].as.text) == 0),
                                  "table %s, row %zu, %s", cjm_table_name(t), r,
                                  cjm_table_column_name(t, c));
                    break;
                case CJM_VALUE_TABLE:
                    ck_assert_uint_eq(a[c].as.rows.first, b[c].as.rows.first);
                    ck_assert_uint_eq(a[c].as.rows.count, b[c].as.rows.count);
                    break;
                case CJM_VALUE_BOOLEAN:
                    ck_assert_int_eq(a[c].as.boolean, b[c].as.boolean);
                    break;
                default: /* count, integer, real: the same bits */
                    ck_assert_msg(memcmp(&a[c].as, &b[c].as, sizeof(uint64_t)) == 0,
                                  "table %s, row %zu, %s", cjm_table_name(t), r,
                                  cjm_table_column_name(t, c));
                }
            }
        }
        free(a);
        free(b);
    }
}

static void assert_same_report(const cjm_analysis *x, const cjm_analysis *y)
{
    cjm_report *a = NULL, *b = NULL;
    ck_assert_ok(cjm_analysis_report(&a, x));
    ck_assert_ok(cjm_analysis_report(&b, y));
    assert_reports_equal(a, b);
    assert_tables_equal(a, b);
    cjm_report_free(a);
    cjm_report_free(b);
}

/* Parts 1.. of `parts` merged into part 0 both ways: each part's state
 * read back (cjm_analysis_deserialize()) and merged (cjm_analysis_merge()),
 * and each merged from its bytes; the two reports equal, every table, and
 * equal to `whole`'s when given. Frees the parts. */
static void merge_both_ways(const cjm_journey *map, cjm_analysis **parts, size_t n,
                            const cjm_analysis *whole)
{
    void *bytes[8];
    size_t size[8];
    ck_assert_uint_le(n, 8);
    for (size_t p = 0; p < n; p++) {
        ck_assert_ok(cjm_analysis_serialize(&bytes[p], &size[p], parts[p]));
        cjm_analysis_free(parts[p]);
    }
    cjm_analysis *read = NULL, *direct = NULL;
    ck_assert_ok(cjm_analysis_deserialize(&read, map, bytes[0], size[0]));
    ck_assert_ok(cjm_analysis_deserialize(&direct, map, bytes[0], size[0]));
    for (size_t p = 1; p < n; p++) {
        cjm_analysis *back = NULL;
        ck_assert_ok(cjm_analysis_deserialize(&back, map, bytes[p], size[p]));
        ck_assert_ok(cjm_analysis_merge(read, back));
        cjm_analysis_free(back);
        ck_assert_ok(cjm_analysis_merge_serialized(direct, bytes[p], size[p]));
    }
    ck_assert_uint_eq(cjm_analysis_event_count(read), cjm_analysis_event_count(direct));
    ck_assert_uint_eq(cjm_analysis_customer_count(read), cjm_analysis_customer_count(direct));
    assert_same_report(read, direct);
    if (whole)
        assert_same_report(whole, direct);
    for (size_t p = 0; p < n; p++)
        cjm_free(bytes[p]);
    cjm_analysis_free(read);
    cjm_analysis_free(direct);
}

static cjm_analysis *analysis_with(const cjm_journey *map, const char *breakdown)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_min_customers(o, 1));
    ck_assert_ok(cjm_options_set_lenient(o, true));
    if (breakdown)
        ck_assert_ok(cjm_options_set_breakdown(o, breakdown));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    return a;
}

/* The hand-made events split into three runs at every pair of places,
 * and by every set of customers into two: without a breakdown (merged
 * from the bytes) and with one (the state read whole, then merged). Under
 * valgrind (test_small()), every third split. */
START_TEST(every_split_of_the_events)
{
    const char *breakdown = _i ? "@day" : NULL;
    unsigned stride = test_small() ? 3 : 1, split = 0;
    cjm_journey *map = funnel_map();
    cjm_analysis *whole = analysis_with(map, breakdown);
    add_events(whole, funnel_events, FUNNEL_EVENTS);
    ck_assert_ok(cjm_analysis_add(whole, "bad", 1, "kiosk", NULL, NULL)); /* rejected */
    for (size_t i = 0; i <= FUNNEL_EVENTS; i++)
        for (size_t j = i; j <= FUNNEL_EVENTS; j++) {
            if (split++ % stride)
                continue;
            cjm_analysis *parts[3];
            for (size_t p = 0; p < 3; p++)
                parts[p] = analysis_with(map, breakdown);
            add_events(parts[0], funnel_events, i);
            add_events(parts[1], funnel_events + i, j - i);
            add_events(parts[2], funnel_events + j, FUNNEL_EVENTS - j);
            ck_assert_ok(cjm_analysis_add(parts[(i + j) % 3], "bad", 1, "kiosk", NULL, NULL));
            merge_both_ways(map, parts, 3, whole);
        }
    /* By customer: the customers of a set of them in one part, the others
     * in the other. */
    const char *customers[FUNNEL_EVENTS];
    size_t distinct = 0;
    for (size_t e = 0; e < FUNNEL_EVENTS; e++) {
        size_t k = 0;
        while (k < distinct && strcmp(customers[k], funnel_events[e].customer) != 0)
            k++;
        if (k == distinct)
            customers[distinct++] = funnel_events[e].customer;
    }
    ck_assert_uint_le(distinct, 16);
    for (unsigned set = 0; set < 1u << distinct; set += stride) {
        cjm_analysis *parts[2] = { analysis_with(map, breakdown), analysis_with(map, breakdown) };
        for (size_t e = 0; e < FUNNEL_EVENTS; e++) {
            size_t k = 0;
            while (strcmp(customers[k], funnel_events[e].customer) != 0)
                k++;
            add_events(parts[set >> k & 1], funnel_events + e, 1);
        }
        ck_assert_ok(cjm_analysis_add(parts[set & 1], "bad", 1, "kiosk", NULL, NULL));
        merge_both_ways(map, parts, 2, whole);
    }
    cjm_analysis_free(whole);
    cjm_journey_free(map);
}
END_TEST

/* Rows i to i + n - 1 of a generated batch; asserts success. */
static void add_rows(cjm_analysis *a, const gen_batch *b, size_t i, size_t n)
{
    ck_assert_ok(cjm_analysis_add_columns(a, n, b->customers + i, b->at + i,
                                          b->touchpoints + i, b->channels + i, b->stages + i,
                                          b->scores + i, b->scale_min + i, b->scale_max + i));
}

/* Generated events in blocks of rows dealt to three parts in turn, as a
 * database's parallel scan deals them (nearly every customer in each),
 * and split by customer; merged on one thread and on several. */
START_TEST(generated_events_in_blocks)
{
    cjm_journey *map = gen_map();
    unsigned threads = _i ? 4 : 1;
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_threads(o, threads));
    cjm_analysis *whole = cjm_analysis_new(map, o);
    cjm_analysis *blocks[3], *by_customer[2];
    for (size_t p = 0; p < 3; p++)
        blocks[p] = cjm_analysis_new(map, o);
    for (size_t p = 0; p < 2; p++)
        by_customer[p] = cjm_analysis_new(map, o);
    cjm_options_free(o);
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 30000), 0);
    gen_start(&g, 11, test_size(90000));
    size_t block = 0;
    while (gen_next(&g, &b)) {
        add_rows(whole, &b, 0, b.count);
        for (size_t i = 0; i < b.count; i += 1000, block++)
            add_rows(blocks[block % 3], &b, i, b.count - i < 1000 ? b.count - i : 1000);
        for (size_t i = 0; i < b.count; i++)
            add_rows(by_customer[b.customers[i][strlen(b.customers[i]) - 1] % 2], &b, i, 1);
    }
    gen_batch_free(&b);
    merge_both_ways(map, blocks, 3, whole);
    merge_both_ways(map, by_customer, 2, whole);
    cjm_analysis_free(whole);
    cjm_journey_free(map);
}
END_TEST

/* Into an analysis with no customer, and into one holding every customer
 * of the state already: each shard's table made anew, or every customer
 * found. */
START_TEST(into_empty_and_into_the_same)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = analysis_with(map, NULL);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    size_t size;
    unsigned char *bytes = state_of(a, &size);
    cjm_analysis *empty = analysis_with(map, NULL);
    ck_assert_ok(cjm_analysis_merge_serialized(empty, bytes, size));
    assert_state(empty, bytes, size); /* the same analysis, byte for byte */
    cjm_analysis *twice = analysis_with(map, NULL);
    add_events(twice, funnel_events, FUNNEL_EVENTS);
    add_events(twice, funnel_events, FUNNEL_EVENTS);
    ck_assert_ok(cjm_analysis_merge_serialized(a, bytes, size));
    assert_same_report(twice, a);
    ck_assert_uint_eq(cjm_analysis_customer_count(a), cjm_analysis_customer_count(empty));
    cjm_free(bytes);
    cjm_analysis_free(a);
    cjm_analysis_free(empty);
    cjm_analysis_free(twice);
    cjm_journey_free(map);
}
END_TEST

/* The format's checksum (cjm/bulk.h), to seal bytes after a change so that
 * the content's own checks meet it. */
static void seal(unsigned char *p, size_t n)
{
    for (int i = 0; i < 8; i++)
        p[8 + i] = (unsigned char)((uint64_t)n >> (8 * i));
    uint64_t lane[4] = { n - 8, n - 7, n - 6, n - 5 }, h = n - 8;
    for (size_t i = 0; i < n - 8; i += 8) {
        uint64_t w = 0;
        for (size_t b = 0; b < 8 && i + b < n - 8; b++)
            w |= (uint64_t)p[i + b] << (8 * b);
        uint64_t *l = &lane[i / 8 % 4];
        *l = (*l ^ w) * UINT64_C(0x9e3779b97f4a7c15);
        *l = *l << 29 | *l >> 35;
    }
    for (int j = 0; j < 4; j++) {
        h = (h ^ lane[j]) * UINT64_C(0x9e3779b97f4a7c15);
        h = h << 29 | h >> 35;
    }
    h ^= h >> 32;
    for (int i = 0; i < 8; i++)
        p[n - 8 + (size_t)i] = (unsigned char)(h >> (8 * i));
}

/* Refused with `status` and a message naming the function and `part`,
 * `into` as it was. */
static void assert_refused(cjm_analysis *into, const void *bytes, size_t size,
                           cjm_status status, const char *part)
{
    size_t before_size;
    unsigned char *before = state_of(into, &before_size);
    ck_assert_status(cjm_analysis_merge_serialized(into, bytes, size), status);
    ck_assert_error_mentions("cjm_analysis_merge_serialized");
    ck_assert_error_mentions(part);
    assert_state(into, before, before_size);
    cjm_free(before);
}

START_TEST(errors_leave_into_as_it_was)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = analysis_with(map, NULL), *into = analysis_with(map, NULL);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    add_events(into, funnel_events, 8);
    size_t size;
    unsigned char *bytes = state_of(a, &size);
    ck_assert_status(cjm_analysis_merge_serialized(NULL, bytes, size), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_merge_serialized: into: NULL");
    ck_assert_status(cjm_analysis_merge_serialized(into, NULL, 4), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_merge_serialized: data: NULL");
    assert_refused(into, NULL, 0, CJM_ERR_PARSE, "not a cjm analysis state");
    assert_refused(into, bytes, size - 1, CJM_ERR_PARSE, "cut short, extended or damaged");
    unsigned char *copy = malloc(size);
    memcpy(copy, bytes, size);
    copy[size / 2] ^= 1;
    assert_refused(into, copy, size, CJM_ERR_PARSE, "the checksum does not match");
    memcpy(copy, bytes, size);
    copy[4] = 4;
    seal(copy, size);
    assert_refused(into, copy, size, CJM_ERR_UNSUPPORTED, "format version 4, made by an older");
    /* Another map; other options, named as cjm_analysis_merge() names them. */
    cjm_journey *other = funnel_map();
    ck_assert_ok(cjm_touchpoint_set_owner(cjm_journey_find_touchpoint(other, "call"), "Sales"));
    cjm_analysis *elsewhere = cjm_analysis_new(other, NULL);
    assert_refused(elsewhere, bytes, size, CJM_ERR_CONFLICT, "belongs to another map");
    cjm_analysis *strict = cjm_analysis_new(map, NULL);
    assert_refused(strict, bytes, size, CJM_ERR_CONFLICT, "made with other options: min_customers 1, into: 5");
    /* With a breakdown the state is read whole: its options still differ. */
    cjm_analysis *by_day = analysis_with(map, "@day");
    assert_refused(by_day, bytes, size, CJM_ERR_CONFLICT, "made with other options");
    size_t day_size;
    add_events(by_day, funnel_events, 3);
    unsigned char *day_bytes = state_of(by_day, &day_size);
    assert_refused(into, day_bytes, day_size, CJM_ERR_CONFLICT, "made with other options");
    ck_assert_ok(cjm_analysis_merge_serialized(by_day, day_bytes, day_size));
    ck_assert_uint_eq(cjm_analysis_event_count(by_day), 6);
    ck_assert_ok(cjm_analysis_merge_serialized(into, bytes, size));
    ck_assert_uint_eq(cjm_analysis_event_count(into), 8 + FUNNEL_EVENTS);
    free(copy);
    cjm_free(bytes);
    cjm_free(day_bytes);
    cjm_analysis_free(a);
    cjm_analysis_free(into);
    cjm_analysis_free(elsewhere);
    cjm_analysis_free(strict);
    cjm_analysis_free(by_day);
    cjm_journey_free(other);
    cjm_journey_free(map);
}
END_TEST

static uint64_t le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* Where a shard's customers start in a state (a little-endian count,
 * then each id's length and bytes) whose first two are `first` and
 * `second`; 0 if none. */
static size_t customers_at(const unsigned char *bytes, size_t size, const char *first,
                           const char *second)
{
    size_t n = strlen(first), m = strlen(second);
    for (size_t i = 24; i + 12 + n + m < size; i++)
        if (le(bytes + i, 4) >= 2 && le(bytes + i + 4, 4) == n &&
            memcmp(bytes + i + 8, first, n) == 0 && le(bytes + i + 8 + n, 4) == m &&
            memcmp(bytes + i + 12 + n, second, m) == 0)
            return i;
    return 0;
}

/* The last event of a state (of a map without a breakdown) given a
 * touchpoint far out of range, and the state sealed again. The events
 * are the last bytes before the sums and the rejected count. */
static void out_of_range(const cjm_journey *map, unsigned char *bytes, size_t size)
{
    size_t touchpoints = 0, stages = cjm_journey_stage_count(map);
    for (size_t s = 0; s < stages; s++)
        touchpoints += cjm_stage_touchpoint_count(cjm_journey_stage(map, s));
    /* The sums: a table of touchpoints (at least the map's), then stages,
     * 32 bytes a row; then 8 + 4 bytes of rejected counts, the checksum. */
    size_t tail = 8 + 4 + 8, found = 0;
    for (size_t rows = touchpoints; rows < touchpoints + 64 && !found; rows++) {
        size_t sums = size - tail - (8 + 32 * stages) - (8 + 32 * rows);
        if (le(bytes + sums, 4) == rows && le(bytes + sums + 4, 4) == 4)
            found = sums;
    }
    ck_assert_uint_ne(found, 0);
    size_t event = found - 20; /* the last shard's last event */
    bytes[event + 12] = 0xff;
    bytes[event + 15] = 0x7f;
    seal(bytes, size);
}

/* Sealed states whose content is wrong: a customer twice in a shard (one
 * into holds already, or one new to it), an event out of range (after
 * others of its shard were taken in); each refused as reading the state
 * refuses it, with into as it was. */
START_TEST(sealed_damage_is_refused)
{
    cjm_journey *map = gen_map();
    cjm_analysis *a = generated_analysis(map, 3000, 1);
    size_t size;
    unsigned char *bytes = state_of(a, &size);
    /* The first two customers of a shard, found in the bytes: a count,
     * then two generated ids ("cust-" and nine digits). */
    size_t at = 0;
    char first[64] = "", second[64] = "";
    for (size_t k = 24; !at && k + 8 < size; k++) {
        size_t count = le(bytes + k, 4), n = le(bytes + k + 4, 4);
        if (count < 2 || count > 100000 || n < 4 || n > 40 || k + 8 + n + 4 > size)
            continue;
        size_t m = le(bytes + k + 8 + n, 4);
        if (m != n || memcmp(bytes + k + 8, "cust-", 5) != 0 || k + 12 + 2 * n > size)
            continue;
        memcpy(first, bytes + k + 8, n);
        first[n] = '\0';
        memcpy(second, bytes + k + 12 + n, m);
        second[m] = '\0';
        at = customers_at(bytes, size, first, second);
    }
    ck_assert_uint_ne(at, 0);
    size_t n = strlen(first);
    unsigned char *copy = malloc(size);
    memcpy(copy, bytes, size);
    memcpy(copy + at + 12 + n, first, n); /* the second is the first again */
    seal(copy, size);
    cjm_analysis *b = NULL;
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_PARSE);
    ck_assert_error_mentions("a string appears twice");
    cjm_options *one_thread = cjm_options_new();
    ck_assert_ok(cjm_options_set_threads(one_thread, 1)); /* as generated_analysis()'s */
    cjm_analysis *holding = generated_analysis(map, 3000, 1);
    cjm_analysis *empty = cjm_analysis_new(map, one_thread);
    cjm_options_free(one_thread);
    assert_refused(holding, copy, size, CJM_ERR_PARSE, "a string appears twice");
    assert_refused(empty, copy, size, CJM_ERR_PARSE, "a string appears twice");
    /* The last event of the state: its touchpoint far out of range. The
     * events are the last bytes before the sums and the rejected count. */
    memcpy(copy, bytes, size);
    out_of_range(map, copy, size);
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_PARSE);
    ck_assert_error_mentions("an event out of range");
    assert_refused(holding, copy, size, CJM_ERR_PARSE, "an event out of range");
    assert_refused(empty, copy, size, CJM_ERR_PARSE, "an event out of range");
    /* Whole again: taken. */
    ck_assert_ok(cjm_analysis_merge_serialized(empty, bytes, size));
    assert_state(empty, bytes, size);
    free(copy);
    cjm_free(bytes);
    cjm_analysis_free(a);
    cjm_analysis_free(holding);
    cjm_analysis_free(empty);
    cjm_journey_free(map);
}
END_TEST

/* A state large enough to be summed as its events are read (256 KiB or
 * more) rather than first: a byte changed anywhere past the header (a
 * spread of them, each two ways) or the state cut short is refused by
 * reading it and by merging it into an analysis on one thread, named as
 * damage, into as it was; damage sealed again is refused by the content's
 * own checks, into as it was; the state whole is taken. */
START_TEST(damage_in_a_large_state)
{
    cjm_journey *map = gen_map();
    cjm_analysis *a = generated_analysis(map, 16000, 1);
    cjm_analysis *into = generated_analysis(map, 2000, 1), *b = NULL;
    size_t size, before_size;
    unsigned char *bytes = state_of(a, &size), *before = state_of(into, &before_size);
    ck_assert_uint_ge(size, 262144);
    uint64_t events = cjm_analysis_event_count(into);
    unsigned char *copy = malloc(size);
    memcpy(copy, bytes, size);
    size_t step = test_small() ? 8191 : 509, changes = 0;
    for (size_t i = 16; i < size; i = i + step < size || i == size - 1 ? i + step : size - 1) {
        for (int way = 0; way < 2; way++, changes++) {
            copy[i] ^= way ? 0x80 : 0x01;
            ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_PARSE);
            ck_assert_error_mentions("the checksum does not match: the state is damaged");
            ck_assert_ptr_null(b);
            ck_assert_status(cjm_analysis_merge_serialized(into, copy, size), CJM_ERR_PARSE);
            ck_assert_error_mentions("cjm_analysis_merge_serialized: byte");
            ck_assert_error_mentions("the checksum does not match: the state is damaged");
            ck_assert_uint_eq(cjm_analysis_event_count(into), events);
            copy[i] = bytes[i];
        }
    }
    ck_assert_uint_gt(changes, 2 * (size - 16) / step);
    ck_assert_status(cjm_analysis_deserialize(&b, map, bytes, size - 1), CJM_ERR_PARSE);
    ck_assert_status(cjm_analysis_merge_serialized(into, bytes, size - 1), CJM_ERR_PARSE);
    ck_assert_error_mentions("cut short, extended or damaged");
    assert_state(into, before, before_size);
    out_of_range(map, copy, size);
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_PARSE);
    ck_assert_error_mentions("an event out of range");
    assert_refused(into, copy, size, CJM_ERR_PARSE, "an event out of range");
    ck_assert_ok(cjm_analysis_merge_serialized(into, bytes, size));
    ck_assert_uint_eq(cjm_analysis_event_count(into), events + cjm_analysis_event_count(a));
    free(copy);
    cjm_free(bytes);
    cjm_free(before);
    cjm_analysis_free(a);
    cjm_analysis_free(into);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_merge_serialized(void)
{
    Suite *s = suite_create("merge-serialized");
    TCase *tc = tcase_create("merge-serialized");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, every_split_of_the_events, 0, 2);
    tcase_add_loop_test(tc, generated_events_in_blocks, 0, 2);
    tcase_add_test(tc, into_empty_and_into_the_same);
    tcase_add_test(tc, errors_leave_into_as_it_was);
    tcase_add_test(tc, sealed_damage_is_refused);
    tcase_add_test(tc, damage_in_a_large_state);
    suite_add_tcase(s, tc);
    return s;
}
