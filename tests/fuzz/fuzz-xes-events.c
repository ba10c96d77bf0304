/* XES event logs: any bytes (plain or gzip) are read into a lenient
 * analysis without a crash. The first byte picks the reader's options, so
 * classifiers, keys and the lifecycle filter are explored too. */
#include <cjm/xml.h>
#include "fuzz-common.h"

static cjm_status read_xes(const uint8_t *data, size_t size, cjm_event_sink sink,
                           void *analysis, void *userdata)
{
    return cjm_xes_read_events((const char *)data, size, "fuzz", userdata, sink, analysis);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    cjm_xes_options *options = cjm_xes_options_new();
    FUZZ_ASSERT(options != NULL);
    cjm_xes_options_set_threads(options, 1);
    unsigned pick = data[0];
    if (pick & 1)
        cjm_xes_options_set_touchpoint_classifier(options, "Activity");
    if (pick & 2)
        cjm_xes_options_set_channel_key(options, "org:group");
    if (pick & 4)
        cjm_xes_options_set_lifecycle(options, "complete");
    if (pick & 8)
        cjm_xes_options_set_assume_utc(options, true);
    if (pick & 16)
        cjm_xes_options_set_stage_key(options, "stage");
    if (pick & 32)
        cjm_xes_options_set_customer_key(options, "case:id");
    fuzz_analyse(data + 1, size - 1, read_xes, options);
    cjm_xes_options_free(options);
    return 0;
}
