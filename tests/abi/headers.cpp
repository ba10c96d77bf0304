// The public headers compile as C++ and keep C linkage.
#include <cjm/cjm.h>

int cjm_header_test_cpp();
int cjm_header_test_cpp()
{
    cjm_journey *j = cjm_journey_new("j", "J");
    const char *(*name)(cjm_status) = &cjm_status_name;
    cjm_journey_free(j);
    return name(CJM_OK) != nullptr && CJM_VERSION_AT_LEAST(1, 0, 0) ? 0 : 1;
}
