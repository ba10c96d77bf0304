/* The calling thread's error slot. Internal. */
#ifndef CJMI_ERROR_H
#define CJMI_ERROR_H

#include "cjm/common.h"

/* Records status and a printf-style message in the calling thread's slot
 * and returns status, so that a failing path reads
 * `return cjmi_fail(CJM_ERR_INVALID, "%s: id: ...", func);`.
 * Messages are formatted without floating point (locale-independent). */
cjm_status cjmi_fail(cjm_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Puts a formatted prefix before the current message: a failure reported
 * with an empty function name (": field: problem") gets its context
 * afterwards, only when it happens. */
void cjmi_prefix_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Out of memory in `func`: formats nothing that could allocate. */
cjm_status cjmi_nomem(const char *func);

#endif
