/* Analysis state as bytes: round trips, merges of deserialized parts, and
 * bytes that are not a state. */
#include <stdlib.h>
#include <string.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../../bench/generate.h"
#include "../suites.h"

static cjm_analysis *funnel_analysis(const cjm_journey *map, bool lenient)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_lenient(o, lenient));
    ck_assert_ok(cjm_options_set_min_customers(o, 4));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    if (lenient)
        ck_assert_ok(cjm_analysis_add(a, "bad", 1, "kiosk", NULL, NULL));
    return a;
}

/* The format's checksum, as the header's documentation defines it,
 * computed here on its own. */
static uint64_t state_checksum(const unsigned char *p, size_t n)
{
    uint64_t lane[4] = { n, n + 1, n + 2, n + 3 }, h = n;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t w = 0;
        for (size_t b = 0; b < 8 && i + b < n; b++)
            w |= (uint64_t)p[i + b] << (8 * b);
        uint64_t *l = &lane[i / 8 % 4];
        *l = (*l ^ w) * UINT64_C(0x9e3779b97f4a7c15);
        *l = *l << 29 | *l >> 35;
    }
    for (int j = 0; j < 4; j++) {
        h = (h ^ lane[j]) * UINT64_C(0x9e3779b97f4a7c15);
        h = h << 29 | h >> 35;
    }
    return h ^ h >> 32;
}

/* Makes bytes whole again after a change: the size at byte 8 and the
 * checksum in the last 8 bytes, so the reader's checks of the content
 * itself are what meets the change. */
static void seal(unsigned char *p, size_t n)
{
    for (int i = 0; i < 8; i++)
        p[8 + i] = (unsigned char)((uint64_t)n >> (8 * i));
    uint64_t sum = state_checksum(p, n - 8);
    for (int i = 0; i < 8; i++)
        p[n - 8 + (size_t)i] = (unsigned char)(sum >> (8 * i));
}

static uint64_t le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static cjm_report *report_of(const cjm_analysis *a)
{
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    return r;
}

START_TEST(round_trip)
{
    cjm_journey *map = funnel_map();
    for (int lenient = 0; lenient < 2; lenient++) {
        cjm_analysis *a = funnel_analysis(map, lenient), *b = NULL;
        void *bytes = NULL, *again = NULL;
        size_t size = 0, size2 = 0;
        ck_assert_ok(cjm_analysis_serialize(&bytes, &size, a));
        ck_assert_ok(cjm_analysis_deserialize(&b, map, bytes, size));
        cjm_report *want = report_of(a), *got = report_of(b);
        assert_reports_equal(want, got); /* options travel: min_customers 4 */
        ck_assert_int_eq(cjm_analysis_rejected_count(b), (uint64_t)lenient);
        ck_assert_ok(cjm_analysis_serialize(&again, &size2, b));
        ck_assert_int_eq(size, size2);
        ck_assert_int_eq(memcmp(bytes, again, size), 0);
        /* The state keeps working: more events, then the same as adding them to a. */
        ck_assert_ok(cjm_analysis_add(a, "late", 99, "ad", NULL, NULL));
        ck_assert_ok(cjm_analysis_add(b, "late", 99, "ad", NULL, NULL));
        cjm_report *x = report_of(a), *y = report_of(b);
        assert_reports_equal(x, y);
        cjm_report_free(x);
        cjm_report_free(y);
        cjm_report_free(want);
        cjm_report_free(got);
        cjm_free(bytes);
        cjm_free(again);
        cjm_analysis_free(a);
        cjm_analysis_free(b);
    }
    /* An empty analysis too. */
    cjm_analysis *empty = cjm_analysis_new(map, NULL), *back = NULL;
    void *bytes;
    size_t size;
    ck_assert_ok(cjm_analysis_serialize(&bytes, &size, empty));
    ck_assert_ok(cjm_analysis_deserialize(&back, map, bytes, size));
    ck_assert_int_eq(cjm_analysis_event_count(back), 0);
    cjm_free(bytes);
    cjm_analysis_free(empty);
    cjm_analysis_free(back);
    cjm_journey_free(map);
}
END_TEST

START_TEST(parts_travel_and_merge)
{
    /* Generated data split by customer parity, each part sent as bytes and
     * merged on the other side: the report of the whole. */
    cjm_journey *map = gen_map();
    cjm_analysis *all = cjm_analysis_new(map, NULL);
    cjm_analysis *parts[2] = { cjm_analysis_new(map, NULL), cjm_analysis_new(map, NULL) };
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 30000), 0);
    gen_start(&g, 11, 60000);
    while (gen_next(&g, &b)) {
        ck_assert_ok(cjm_analysis_add_columns(all, b.count, b.customers, b.at, b.touchpoints,
                                              b.channels, b.stages, b.scores, b.scale_min,
                                              b.scale_max));
        for (size_t i = 0; i < b.count; i++) {
            size_t len = strlen(b.customers[i]);
            cjm_analysis *to = parts[(b.customers[i][len - 1] - '0') % 2];
            ck_assert_ok(cjm_analysis_add_columns(to, 1, b.customers + i, b.at + i,
                                                  b.touchpoints + i, b.channels + i,
                                                  b.stages + i, b.scores + i,
                                                  b.scale_min + i, b.scale_max + i));
        }
    }
    gen_batch_free(&b);
    cjm_analysis *merged = NULL;
    for (int p = 0; p < 2; p++) {
        void *bytes;
        size_t size;
        cjm_analysis *received = NULL;
        ck_assert_ok(cjm_analysis_serialize(&bytes, &size, parts[p]));
        ck_assert_ok(cjm_analysis_deserialize(&received, map, bytes, size));
        cjm_free(bytes);
        if (!merged) {
            merged = received;
        } else {
            ck_assert_ok(cjm_analysis_merge(merged, received));
            cjm_analysis_free(received);
        }
        cjm_analysis_free(parts[p]);
    }
    cjm_report *want = report_of(all), *got = report_of(merged);
    assert_reports_equal(want, got);
    cjm_report_free(want);
    cjm_report_free(got);
    cjm_analysis_free(all);
    cjm_analysis_free(merged);
    cjm_journey_free(map);
}
END_TEST

/* A state carries its options, so parts made with other options are
 * refused when they meet, after travelling as they are before. */
START_TEST(parts_of_other_options_do_not_merge)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *parts[2];
    for (int k = 0; k < 2; k++) {
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_confidence(o, k ? 0.99 : 0.95));
        cjm_analysis *a = cjm_analysis_new(map, o);
        cjm_options_free(o);
        add_events(a, funnel_events + 8 * k, 8);
        void *bytes;
        size_t size;
        ck_assert_ok(cjm_analysis_serialize(&bytes, &size, a));
        ck_assert_ok(cjm_analysis_deserialize(&parts[k], map, bytes, size));
        cjm_free(bytes);
        cjm_analysis_free(a);
    }
    ck_assert_status(cjm_analysis_merge(parts[0], parts[1]), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("made with other options: confidence 0.99, into: 0.95");
    ck_assert_int_eq(cjm_analysis_event_count(parts[0]), 8);
    /* A part made with the defaults meets the first. */
    cjm_analysis *plain = cjm_analysis_new(map, NULL);
    add_events(plain, funnel_events + 16, FUNNEL_EVENTS - 16);
    ck_assert_ok(cjm_analysis_merge(parts[0], plain));
    ck_assert_int_eq(cjm_analysis_event_count(parts[0]), FUNNEL_EVENTS - 8);
    ck_assert_status(cjm_analysis_merge(plain, parts[1]), CJM_ERR_CONFLICT);
    cjm_analysis_free(plain);
    cjm_analysis_free(parts[0]);
    cjm_analysis_free(parts[1]);
    cjm_journey_free(map);
}
END_TEST

/* Under a breakdown a state keeps each feedback item's customer and
 * stage, which must be those of an event of its own, later than the one
 * before's: an item moved to a stage where its customer has no event is
 * refused, sealed or not. */
START_TEST(an_item_without_its_event)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_breakdown(o, "@day"));
    cjm_analysis *a = cjm_analysis_new(map, o), *b = NULL;
    cjm_options_free(o);
    const char *customers[] = { "u1" }, *touchpoints[] = { "ad" };
    const int64_t at[] = { 1 };
    const double scores[] = { 2 };
    ck_assert_ok(cjm_analysis_add_columns(a, 1, customers, at, touchpoints, NULL, NULL, scores,
                                          NULL, NULL));
    unsigned char *bytes;
    size_t size;
    ck_assert_ok(cjm_analysis_serialize((void **)&bytes, &size, a));
    ck_assert_ok(cjm_analysis_deserialize(&b, map, bytes, size));
    cjm_analysis_free(b);
    b = NULL;
    bool refused = false;
    unsigned char *copy = malloc(size);
    /* The item: a count of 1, customer 0, its score, stage 0 ("a"); made
     * stage 1 ("c"). */
    for (size_t i = 16; !refused && i + 18 <= size - 8; i++) {
        if (le(bytes + i, 8) != 1 || le(bytes + i + 8, 4) != 0 || le(bytes + i + 16, 2) != 0)
            continue;
        memcpy(copy, bytes, size);
        copy[i + 16] = 1;
        seal(copy, size);
        if (cjm_analysis_deserialize(&b, map, copy, size) == CJM_OK) {
            cjm_analysis_free(b);
            b = NULL;
            continue;
        }
        refused = strstr(cjm_last_error(), "a feedback item with no event of its own") != NULL;
    }
    ck_assert_msg(refused, "no changed item was refused");
    free(copy);
    cjm_free(bytes);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* The bytes read back and merged into an analysis of the funnel events,
 * and merged from the bytes (cjm_analysis_merge_serialized()) into
 * another: both refused, the second leaving its analysis as it was, or
 * both taken with the same report. `exact`: the same status too (a state
 * with more than one fault may be refused for another of them). */
static void merge_both_ways(const cjm_journey *map, const unsigned char *bytes, size_t size,
                            bool exact)
{
    cjm_analysis *via = funnel_analysis(map, true), *direct = funnel_analysis(map, true);
    cjm_analysis *b = NULL;
    cjm_status want = cjm_analysis_deserialize(&b, map, bytes, size);
    if (want == CJM_OK)
        want = cjm_analysis_merge(via, b);
    cjm_analysis_free(b);
    void *before, *after;
    size_t before_size, after_size;
    ck_assert_ok(cjm_analysis_serialize(&before, &before_size, direct));
    cjm_status got = cjm_analysis_merge_serialized(direct, bytes, size);
    ck_assert_msg(exact ? got == want : (got == CJM_OK) == (want == CJM_OK),
                  "merged from the bytes: %s, read and merged: %s (%s)", cjm_status_name(got),
                  cjm_status_name(want), cjm_last_error());
    if (got == CJM_OK) {
        cjm_report *x = report_of(via), *y = report_of(direct);
        assert_reports_equal(x, y);
        cjm_report_free(x);
        cjm_report_free(y);
    } else {
        ck_assert_ok(cjm_analysis_serialize(&after, &after_size, direct));
        ck_assert_uint_eq(after_size, before_size);
        ck_assert_int_eq(memcmp(after, before, before_size), 0);
        cjm_free(after);
    }
    cjm_free(before);
    cjm_analysis_free(via);
    cjm_analysis_free(direct);
}

START_TEST(bad_bytes)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = funnel_analysis(map, true), *b = NULL;
    unsigned char *bytes;
    size_t size;
    ck_assert_ok(cjm_analysis_serialize((void **)&bytes, &size, a));
    /* The header: magic, version 5, the size, then the checksum last. */
    ck_assert_int_eq(memcmp(bytes, "CJMA", 4), 0);
    ck_assert_uint_eq(le(bytes + 4, 4), 5);
    ck_assert_uint_eq(le(bytes + 8, 8), size);
    ck_assert_uint_eq(le(bytes + size - 8, 8), state_checksum(bytes, size - 8));
    /* Every prefix, read and merged from the bytes. */
    cjm_analysis *into = funnel_analysis(map, true);
    uint64_t into_events = cjm_analysis_event_count(into);
    for (size_t n = 0; n < size; n++) {
        if (cjm_analysis_deserialize(&b, map, bytes, n) == CJM_OK || b ||
            !strstr(cjm_last_error(), "cjm_analysis_deserialize: byte"))
            ck_abort_msg("a prefix of %zu bytes: %s", n, cjm_last_error());
        if (cjm_analysis_merge_serialized(into, bytes, n) == CJM_OK ||
            cjm_analysis_event_count(into) != into_events ||
            !strstr(cjm_last_error(), "cjm_analysis_merge_serialized: byte"))
            ck_abort_msg("a prefix of %zu bytes merged: %s", n, cjm_last_error());
    }
    /* Every single-byte change: refused, naming the damage. */
    unsigned char *copy = malloc(size + 1);
    memcpy(copy, bytes, size);
    size_t accepted = 0, first = 0; /* counted, not asserted: 256,000 calls */
    size_t unnamed = 0, unnamed_at = 0;
    for (size_t i = 0; i < size; i++) {
        for (int v = 0; v < 256; v++) {
            if (v == bytes[i])
                continue;
            copy[i] = (unsigned char)v;
            cjm_status read = cjm_analysis_deserialize(&b, map, copy, size);
            /* Past the header, named as damage. */
            if (i >= 16 && read != CJM_OK &&
                !strstr(cjm_last_error(), "the checksum does not match") && !unnamed++)
                unnamed_at = i;
            if (read == CJM_OK || b ||
                cjm_analysis_merge_serialized(into, copy, size) == CJM_OK ||
                cjm_analysis_event_count(into) != into_events) {
                if (!accepted++)
                    first = i;
                cjm_analysis_free(b);
                b = NULL;
            }
        }
        copy[i] = bytes[i];
    }
    ck_assert_msg(accepted == 0, "%zu single-byte changes were accepted, the first at byte %zu",
                  accepted, first);
    ck_assert_msg(unnamed == 0, "%zu single-byte changes were not named damage, the first at "
                  "byte %zu", unnamed, unnamed_at);
    cjm_analysis_free(into);
    copy[size / 2] ^= 1;
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_PARSE);
    ck_assert_error_mentions("the checksum does not match: the state is damaged");
    /* Changes the checksum cannot see, because they were sealed again:
     * the content's own checks meet every single-byte change and random
     * flips; each is an error or a working analysis, never a crash. */
    size_t sealed_accepted = 0, unreported = 0;
    srand(5);
    for (size_t round = 0; round < 2 * (size - 24) + 1000; round++) {
        memcpy(copy, bytes, size);
        if (round < 2 * (size - 24)) {
            copy[16 + round / 2] ^= round % 2 ? 0x80 : 0x01; /* every byte, two ways */
        } else {
            for (size_t k = 0; k < 1 + round % 4; k++)
                copy[16 + (size_t)rand() % (size - 24)] ^= (unsigned char)(1 + rand() % 255);
        }
        seal(copy, size);
        if (!test_small() || round % 4 == 0) /* a quarter of them under valgrind */
            merge_both_ways(map, copy, size, round < 2 * (size - 24));
        if (cjm_analysis_deserialize(&b, map, copy, size) == CJM_OK) {
            cjm_report *r = NULL;
            unreported += cjm_analysis_report(&r, b) != CJM_OK;
            cjm_report_free(r);
            cjm_analysis_free(b);
            b = NULL;
            sealed_accepted++;
        }
    }
    ck_assert_uint_eq(unreported, 0);
    ck_assert_uint_gt(sealed_accepted, 0); /* the seal works: some content is free */
    /* A wrong shape of the sums tables, sealed: refused by name. */
    memcpy(copy, bytes, size);
    for (size_t i = 16; i + 8 < size; i++) {
        /* The stages' table: 3 rows of 2 sums, then 48 bytes of sums. */
        if (le(copy + i, 4) == 3 && le(copy + i + 4, 4) == 2 && i + 8 + 48 + 20 <= size &&
            le(copy + i + 8 + 48, 8) == 1) {
            copy[i + 4] = 3;
            seal(copy, size);
            ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_PARSE);
            ck_assert_error_mentions("rows of 3 sums for 3 stages of 2 sums each");
            break;
        }
    }
    /* Trailing bytes, another map, another version, not a state at all. */
    memcpy(copy, bytes, size);
    copy[size] = 0;
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size + 1), CJM_ERR_PARSE);
    ck_assert_error_mentions("were given: cut short, extended or damaged");
    /* Bytes after the content, sealed: the content's end is checked too. */
    unsigned char *longer = malloc(size + 8);
    memcpy(longer, bytes, size - 8);
    memset(longer + size - 8, 0, 8);
    seal(longer, size + 8);
    ck_assert_status(cjm_analysis_deserialize(&b, map, longer, size + 8), CJM_ERR_PARSE);
    ck_assert_error_mentions("bytes after the end of the state");
    merge_both_ways(map, longer, size + 8, true);
    ck_assert_error_mentions("cjm_analysis_merge_serialized: byte");
    ck_assert_error_mentions("bytes after the end of the state");
    free(longer);
    cjm_journey *other = funnel_map();
    ck_assert_ok(cjm_touchpoint_set_owner(cjm_journey_find_touchpoint(other, "call"), "Sales"));
    ck_assert_status(cjm_analysis_deserialize(&b, other, bytes, size), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("belongs to another map");
    copy[4] = 1; /* the first format, without a checksum */
    seal(copy, size);
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_UNSUPPORTED);
    ck_assert_error_mentions("format version 1, made by an older cjm");
    ck_assert_error_mentions("this library reads version 5 only");
    copy[4] = 2; /* without the sums of squares and the confidence */
    seal(copy, size);
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_UNSUPPORTED);
    ck_assert_error_mentions("format version 2, made by an older cjm");
    copy[4] = 3; /* without the lengths of the paths and flow lists, or the breakdown */
    seal(copy, size);
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_UNSUPPORTED);
    ck_assert_error_mentions("format version 3, made by an older cjm");
    copy[4] = 4; /* the checksum in one lane, read slower */
    seal(copy, size);
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_UNSUPPORTED);
    ck_assert_error_mentions("format version 4, made by an older cjm");
    copy[4] = 6;
    seal(copy, size);
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_UNSUPPORTED);
    ck_assert_error_mentions("format version 6, made by a newer cjm or damaged");
    merge_both_ways(map, copy, size, true);
    ck_assert_error_mentions("cjm_analysis_merge_serialized: byte 4: a state of format version 6");
    /* A version field damaged in a state otherwise whole is told as
     * damage, not as another version. */
    memcpy(copy, bytes, size);
    copy[5] ^= 0x01;
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_PARSE);
    ck_assert_error_mentions("byte 4: the format version reads 261, but the rest of the state "
                             "is a whole version 5 state: damaged");
    merge_both_ways(map, copy, size, true);
    ck_assert_error_mentions("cjm_analysis_merge_serialized: byte 4: the format version reads");
    ck_assert_status(cjm_analysis_deserialize(&b, map, "CJMX", 4), CJM_ERR_PARSE);
    ck_assert_error_mentions("not a cjm analysis state");
    ck_assert_status(cjm_analysis_deserialize(&b, NULL, bytes, size), CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_serialize(NULL, &size, a), CJM_ERR_INVALID);
    free(copy);
    cjm_free(bytes);
    cjm_analysis_free(a);
    cjm_journey_free(other);
    cjm_journey_free(map);
}
END_TEST

/* The threads of a state's options: as many as cjm_options_set_threads()
 * takes and no more. The field is found as the bytes that differ between
 * states of two thread counts. */
static const unsigned char state_format_5[] = {
#include "state-format-5.inc"
};

/* A state an earlier build wrote reads back, and its customers are the
 * same customers as this build's: merged with the same events added
 * here, each is one customer with two events. */
START_TEST(a_state_of_an_earlier_build)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    cjm_journey *map = funnel_map();
    cjm_analysis *old = NULL, *now = cjm_analysis_new(map, NULL);
    ck_assert_ok(cjm_analysis_deserialize(&old, map, state_format_5, sizeof state_format_5));
    cjm_report *r = report_of(old);
    ck_assert_uint_eq(cjm_report_customers(r), 30);
    ck_assert_uint_eq(cjm_report_events(r), 30);
    cjm_report_free(r);
    char id[31];
    for (size_t n = 1; n <= 30; n++) {
        memcpy(id, chars, n);
        id[n] = '\0';
        ck_assert_ok(cjm_analysis_add(now, id, (int64_t)n, "ad", NULL, NULL));
    }
    ck_assert_ok(cjm_analysis_merge_serialized(now, state_format_5, sizeof state_format_5));
    ck_assert_ok(cjm_analysis_merge_free(old, now));
    r = report_of(old);
    ck_assert_uint_eq(cjm_report_customers(r), 30);
    ck_assert_uint_eq(cjm_report_events(r), 90);
    cjm_report_free(r);
    cjm_analysis_free(old);
    cjm_journey_free(map);
}
END_TEST

START_TEST(threads_in_a_state)
{
    cjm_journey *map = funnel_map();
    unsigned char *bytes[2];
    size_t size[2];
    for (int k = 0; k < 2; k++) {
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_threads(o, CJM_THREADS_MAX - (unsigned)k));
        cjm_analysis *a = cjm_analysis_new(map, o);
        cjm_options_free(o);
        add_events(a, funnel_events, FUNNEL_EVENTS);
        ck_assert_ok(cjm_analysis_serialize((void **)&bytes[k], &size[k], a));
        cjm_analysis_free(a);
    }
    ck_assert_uint_eq(size[0], size[1]);
    size_t at = 16;
    while (at < size[0] - 8 && bytes[0][at] == bytes[1][at])
        at++;
    ck_assert_uint_eq(bytes[0][at], CJM_THREADS_MAX); /* little-endian: the low byte */
    cjm_analysis *b = NULL;
    ck_assert_ok(cjm_analysis_deserialize(&b, map, bytes[0], size[0]));
    ck_assert_uint_eq(cjm_analysis_event_count(b), FUNNEL_EVENTS);
    cjm_analysis_free(b);
    b = NULL;
    bytes[0][at] = CJM_THREADS_MAX + 1;
    seal(bytes[0], size[0]);
    ck_assert_status(cjm_analysis_deserialize(&b, map, bytes[0], size[0]), CJM_ERR_PARSE);
    ck_assert_ptr_null(b);
    ck_assert_error_mentions("options out of range");
    cjm_free(bytes[0]);
    cjm_free(bytes[1]);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_serialize(void)
{
    Suite *s = suite_create("serialize");
    TCase *tc = tcase_create("serialize");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, parts_travel_and_merge);
    tcase_add_test(tc, parts_of_other_options_do_not_merge);
    tcase_add_test(tc, bad_bytes);
    tcase_add_test(tc, an_item_without_its_event);
    tcase_add_test(tc, threads_in_a_state);
    tcase_add_test(tc, a_state_of_an_earlier_build);
    suite_add_tcase(s, tc);
    return s;
}
