/* Serialized analysis state: any bytes give an analysis or an error. An
 * analysis read reports, and serializes to bytes that read back into the
 * same bytes again. The input is read as it is, then sealed (its size and
 * checksum made right, as cjm/bulk.h defines them), so that mutations
 * reach the checks of the content behind the checksum. */
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

static void check(const uint8_t *data, size_t size)
{
    cjm_analysis *analysis;
    if (cjm_analysis_deserialize(&analysis, map, data, size) != CJM_OK)
        return;
    cjm_report *report;
    FUZZ_ASSERT(cjm_analysis_report(&report, analysis) == CJM_OK);
    cjm_report_free(report);
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
    cjm_analysis_free(analysis);
}
