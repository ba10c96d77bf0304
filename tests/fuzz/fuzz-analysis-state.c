/* Serialized analysis state: any bytes give an analysis or an error. An
 * analysis read reports, and serializes to bytes that read back into the
 * same bytes again. */
#include <string.h>
#include "fuzz-common.h"

static cjm_journey *map;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!map)
        map = fuzz_map();
    cjm_analysis *analysis;
    if (cjm_analysis_deserialize(&analysis, map, data, size) != CJM_OK)
        return 0;
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
    return 0;
}
