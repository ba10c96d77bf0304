/* JSON Lines events: any bytes are read line by line into a lenient
 * analysis without a crash, and its report is complete. */
#include <cjm/json.h>
#include "fuzz-common.h"

static cjm_status read_jsonl(const uint8_t *data, size_t size, cjm_event_sink sink,
                             void *analysis, void *userdata)
{
    (void)userdata;
    return cjm_json_read_events((const char *)data, size, "fuzz", 1, sink, analysis);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyse(data, size, read_jsonl, NULL);
    return 0;
}
