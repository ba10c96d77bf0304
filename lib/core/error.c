/* Status names and the per-thread last error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cjm/common.h"
#include "error.h"
#include "text.h"

/* A fixed buffer: recording an error must never need memory, since the
 * error may be that memory ran out. */
static _Thread_local struct {
    cjm_status status;
    char message[1024];
} slot;

CJM_EXPORT const char *cjm_status_name(cjm_status status)
{
    switch (status) {
    case CJM_OK: return "CJM_OK";
    case CJM_ERR_INVALID: return "CJM_ERR_INVALID";
    case CJM_ERR_NOMEM: return "CJM_ERR_NOMEM";
    case CJM_ERR_RANGE: return "CJM_ERR_RANGE";
    case CJM_ERR_DUPLICATE: return "CJM_ERR_DUPLICATE";
    case CJM_ERR_NOT_FOUND: return "CJM_ERR_NOT_FOUND";
    case CJM_ERR_PARSE: return "CJM_ERR_PARSE";
    case CJM_ERR_IO: return "CJM_ERR_IO";
    case CJM_ERR_LIMIT: return "CJM_ERR_LIMIT";
    case CJM_ERR_UNSUPPORTED: return "CJM_ERR_UNSUPPORTED";
    case CJM_ERR_CONFLICT: return "CJM_ERR_CONFLICT";
    case CJM_ERR_CANCELLED: return "CJM_ERR_CANCELLED";
    }
    return "CJM_ERR_UNKNOWN";
}

CJM_EXPORT const char *cjm_last_error(void)
{
    return slot.message;
}

CJM_EXPORT cjm_status cjm_last_status(void)
{
    return slot.status;
}

CJM_EXPORT void cjm_clear_error(void)
{
    slot.status = CJM_OK;
    slot.message[0] = '\0';
}

cjm_status cjmi_fail(cjm_status status, const char *format, ...)
{
    char message[sizeof slot.message];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    /* Messages quote input (ids, keys, values): escaped, never raw. */
    cjmi_escape(slot.message, sizeof slot.message, message);
    slot.status = status;
    return status;
}

void cjmi_prefix_error(const char *format, ...)
{
    char message[sizeof slot.message];
    memcpy(message, slot.message, sizeof message);
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(slot.message, sizeof slot.message, format, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof slot.message)
        snprintf(slot.message + n, sizeof slot.message - (size_t)n, "%s", message);
    /* The prefix may quote input too; the rest is escaped already. */
    memcpy(message, slot.message, sizeof message);
    cjmi_escape(slot.message, sizeof slot.message, message);
}

cjm_status cjmi_nomem(const char *func)
{
    return cjmi_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
}

CJM_EXPORT cjm_status cjm_error_set(cjm_status status, const char *message)
{
    return cjmi_fail(status, "%s", message ? message : "");
}
