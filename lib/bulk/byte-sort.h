/* Sorting many strings by their bytes (strcmp order), fast when they are
 * many and share long prefixes, as customer ids do ("cust-000123"). Internal. */
#ifndef CJMI_BYTE_SORT_H
#define CJMI_BYTE_SORT_H

#include <stddef.h>
#include "cjm/common.h"

/* Sorts n NUL-terminated strings into strcmp order. CJM_OK, or
 * CJM_ERR_NOMEM (no message) with the strings in some order. */
cjm_status cjmi_sort_strings(const char **strings, size_t n);

#endif
