/* Sequence and channel switches of one journey. */
#include <stdlib.h>
#include <string.h>

#include "cjm/analysis.h"
#include "sequence.h"
#include "../core/model-private.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* Stable merge sort by time: ties keep document order, as qsort would not. */
static void sort_by_time(cjm_touchpoint **a, cjm_touchpoint **tmp, size_t n)
{
    if (n < 2)
        return;
    size_t half = n / 2;
    sort_by_time(a, tmp, half);
    sort_by_time(a + half, tmp, n - half);
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n)
        tmp[k++] = a[j]->at < a[i]->at ? a[j++] : a[i++];
    while (i < half)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

cjm_status cjmi_sequence(cjm_touchpoint **out, const cjm_journey *journey)
{
    size_t n = 0;
    bool all_timed = true;
    for (size_t s = 0; s < journey->stage_count; s++) {
        const cjm_stage *stage = journey->stages[s];
        for (size_t t = 0; t < stage->touchpoint_count; t++) {
            out[n] = stage->touchpoints[t];
            all_timed = all_timed && out[n]->at != CJM_UNSET;
            n++;
        }
    }
    if (!all_timed || n < 2)
        return CJM_OK;
    cjm_touchpoint **tmp = cjmi_malloc(n * sizeof *tmp);
    if (!tmp)
        return CJM_ERR_NOMEM;
    sort_by_time(out, tmp, n);
    cjmi_free(tmp);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_journey_sequence(cjm_touchpoint **out, size_t capacity,
                                           const cjm_journey *journey)
{
    static const char func[] = "cjm_journey_sequence";
    if (!out || !journey)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, out ? "journey" : "out");
    if (capacity < journey->touchpoint_count)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: capacity: %zu slots for %zu touchpoints",
                         func, capacity, journey->touchpoint_count);
    if (journey->touchpoint_count == 0)
        return CJM_OK;
    /* Sort in a scratch array so out stays untouched on failure. */
    cjm_touchpoint **seq = cjmi_malloc(journey->touchpoint_count * sizeof *seq);
    if (!seq || cjmi_sequence(seq, journey) != CJM_OK) {
        cjmi_free(seq);
        return cjmi_nomem(func);
    }
    memcpy(out, seq, journey->touchpoint_count * sizeof *seq);
    cjmi_free(seq);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_journey_channel_switches(size_t *out, const cjm_journey *journey)
{
    static const char func[] = "cjm_journey_channel_switches";
    if (!out || !journey)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, out ? "journey" : "out");
    size_t n = journey->touchpoint_count, switches = 0;
    if (n > 1) {
        cjm_touchpoint **seq = cjmi_malloc(n * sizeof *seq);
        if (!seq || cjmi_sequence(seq, journey) != CJM_OK) {
            cjmi_free(seq);
            return cjmi_nomem(func);
        }
        for (size_t i = 1; i < n; i++)
            switches += strcmp(seq[i - 1]->channel, seq[i]->channel) != 0;
        cjmi_free(seq);
    }
    *out = switches;
    return CJM_OK;
}
