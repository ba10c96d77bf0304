/* Serialized analysis state: any bytes give an analysis or an error. An
 * analysis read reports, and serializes to bytes that read back into the
 * same bytes again. Merged straight from the bytes (as a database's
 * leader merges a worker's state), any bytes merge or leave the analysis
 * merged into as it was; bytes that merge into an empty analysis read
 * back, with the same customers and events; bytes that read back merge
 * into their own analysis, doubling its events. The input is read as it
 * is, then sealed (its size and checksum made right, as cjm/bulk.h
 * defines them), so that mutations reach the checks of the content behind
 * the checksum. */
#include <stdlib.h>
#include <string.h>
#include "fuzz-common.h"

static cjm_journey *map;

static uint64_t checksum(const uint8_t *p, size_t n)
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

static void check(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!map)
        map = fuzz_map();
    check(data, size);
    if (size < 32)
        return 0;
    uint8_t *sealed = malloc(size);
    FUZZ_ASSERT(sealed != NULL);
    memcpy(sealed, data, size);
    for (int i = 0; i < 8; i++)
        sealed[8 + i] = (uint8_t)((uint64_t)size >> (8 * i));
    uint64_t sum = checksum(sealed, size - 8);
    for (int i = 0; i < 8; i++)
        sealed[size - 8 + (size_t)i] = (uint8_t)(sum >> (8 * i));
    check(sealed, size);
    free(sealed);
    return 0;
}

/* An analysis's customers and events, from its report. */
static void counts(const cjm_analysis *a, uint64_t *customers, uint64_t *events)
{
    cjm_report *report;
    FUZZ_ASSERT(cjm_analysis_report(&report, a) == CJM_OK);
    *customers = cjm_report_customers(report);
    *events = cjm_report_events(report);
    cjm_report_free(report);
}

/* The bytes merged into an empty analysis of the default options; NULL
 * when they do not merge, after checking that it was left empty. */
static cjm_analysis *merged_into_empty(const uint8_t *data, size_t size)
{
    cjm_analysis *into = cjm_analysis_new(map, NULL);
    FUZZ_ASSERT(into != NULL);
    void *before, *after;
    size_t n, m;
    FUZZ_ASSERT(cjm_analysis_serialize(&before, &n, into) == CJM_OK);
    if (cjm_analysis_merge_serialized(into, data, size) == CJM_OK) {
        cjm_free(before);
        return into;
    }
    FUZZ_ASSERT(cjm_analysis_serialize(&after, &m, into) == CJM_OK);
    FUZZ_ASSERT(n == m && memcmp(before, after, n) == 0);
    cjm_free(before);
    cjm_free(after);
    cjm_analysis_free(into);
    return NULL;
}

static void check(const uint8_t *data, size_t size)
{
    cjm_analysis *merged = merged_into_empty(data, size), *analysis;
    if (cjm_analysis_deserialize(&analysis, map, data, size) != CJM_OK) {
        /* What does not read back merges nowhere (but into an analysis of
         * other options, which it may not: they are not the default). */
        FUZZ_ASSERT(merged == NULL);
        return;
    }
    uint64_t customers, events;
    counts(analysis, &customers, &events);
    if (merged) {
        uint64_t merged_customers, merged_events;
        counts(merged, &merged_customers, &merged_events);
        FUZZ_ASSERT(merged_customers == customers && merged_events == events);
        cjm_analysis_free(merged);
    }
    void *bytes, *again;
    size_t n, m;
    FUZZ_ASSERT(cjm_analysis_serialize(&bytes, &n, analysis) == CJM_OK);
    cjm_analysis *copy;
    FUZZ_ASSERT(cjm_analysis_deserialize(&copy, map, bytes, n) == CJM_OK);
    FUZZ_ASSERT(cjm_analysis_serialize(&again, &m, copy) == CJM_OK);
    FUZZ_ASSERT(n == m && memcmp(bytes, again, n) == 0);
    cjm_free(bytes);
    cjm_free(again);
    cjm_analysis_free(copy);
    uint64_t doubled_customers, doubled_events;
    FUZZ_ASSERT(cjm_analysis_merge_serialized(analysis, data, size) == CJM_OK);
    counts(analysis, &doubled_customers, &doubled_events);
    FUZZ_ASSERT(doubled_customers == customers && doubled_events == 2 * events);
    cjm_analysis_free(analysis);
}
