/* JSON and XML of the same journey give equal journeys. The first byte
 * says which format the input is; a journey it holds is written in the
 * other format, read back, and must equal the first. Journeys with
 * extensions cannot cross formats and are skipped. */
#include <cjm/json.h>
#include <cjm/xml.h>
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int from_xml = data[0] & 1;
    const char *text = (const char *)data + 1;
    cjm_journey *journey;
    cjm_status st = from_xml ? cjm_xml_read_journey(&journey, text, size - 1, "fuzz")
                             : cjm_json_read_journey(&journey, text, size - 1, "fuzz");
    if (st != CJM_OK)
        return 0;
    char *other;
    size_t length;
    st = from_xml ? cjm_json_write_journey(&other, &length, journey, 0)
                  : cjm_xml_write_journey(&other, &length, journey, 0);
    if (st == CJM_ERR_UNSUPPORTED) { /* extensions of the other format */
        cjm_journey_free(journey);
        return 0;
    }
    FUZZ_ASSERT(st == CJM_OK);
    cjm_journey *again;
    st = from_xml ? cjm_json_read_journey(&again, other, length, "converted")
                  : cjm_xml_read_journey(&again, other, length, "converted");
    if (st != CJM_OK)
        fprintf(stderr, "%s\n", cjm_last_error());
    FUZZ_ASSERT(st == CJM_OK);
    FUZZ_ASSERT(cjm_journey_equal(journey, again));
    cjm_free(other);
    cjm_journey_free(again);
    cjm_journey_free(journey);
    return 0;
}
