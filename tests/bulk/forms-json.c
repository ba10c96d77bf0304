/* What the test's copy of the JSON report writer needs of libcjm-json's
 * internals (lib/json/json-private.h), whose own are not exported: a new
 * object, a compact text of the document, and failure. */
#include <stdarg.h>
#include <string.h>

#include "../../lib/json/json-private.h"

cjm_status cjmj_fail(cjm_status status, const char *format, ...)
{
    (void)format;
    return status;
}

json_t *cjmj_new_object(void) { return json_object(); }

cjm_status cjmj_emit(json_t *root, unsigned flags, char **out, size_t *length, FILE *file,
                     const char *path, const char *func)
{
    (void)flags, (void)file, (void)path, (void)func;
    char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text)
        return CJM_ERR_NOMEM;
    *out = text;
    if (length)
        *length = strlen(text);
    return CJM_OK;
}
