/* The run-time version. */
#include "cjm/common.h"
#include "cjm/version.h"

CJM_EXPORT const char *cjm_version(void)
{
    return CJM_VERSION_STRING;
}
