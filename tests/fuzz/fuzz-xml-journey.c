/* Journey XML: any bytes give a journey or an error, the schema check
 * gives an answer, and a journey read writes and reads back equal. */
#include <cjm/xml.h>
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)cjm_xml_validate_journey((const char *)data, size, "fuzz");
    cjm_journey *journey;
    if (cjm_xml_read_journey(&journey, (const char *)data, size, "fuzz") != CJM_OK) {
        FUZZ_ASSERT(cjm_last_error()[0] != '\0');
        return 0;
    }
    char *text;
    size_t length;
    FUZZ_ASSERT(cjm_xml_write_journey(&text, &length, journey, 0) == CJM_OK);
    cjm_journey *again;
    FUZZ_ASSERT(cjm_xml_read_journey(&again, text, length, "written") == CJM_OK);
    FUZZ_ASSERT(cjm_journey_equal(journey, again));
    cjm_free(text);
    cjm_journey_free(again);
    cjm_journey_free(journey);
    return 0;
}
