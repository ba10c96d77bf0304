/* Getting text in and out: whole files, buffers, streams. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "array.h"
#include "json-private.h"
#include "whole-file.h"
#include "scan.h"

cjm_status cjmj_fail(cjm_status status, const char *format, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    return cjm_error_set(status, message);
}

/* Whether the bytes so far already show that they are no JSON object:
 * their first byte past a byte-order mark and white space is not '{'.
 * The parser then names the place from what was read. */
static bool no_object(const char *p, size_t n)
{
    size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
        i++;
    return i < n && p[i] != '{';
}

cjm_status cjmj_slurp(char **data, size_t *size, FILE *file, const char *name)
{
    size_t capacity = 0, n = 0;
    char *buf = NULL;
    for (;;) {
        /* Room to read at least a byte and end with a NUL; 64 KiB at first. */
        if (cjmi_array_reserve(buf, capacity, n + 2 > 65536 ? n + 2 : 65536) != CJM_OK) {
            cjm_free(buf);
            return cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", name);
        }
        size_t got = fread(buf + n, 1, capacity - n - 1, file);
        n += got;
        /* A stream without end (a device, a pipe) is read no further than
         * it can be a document. */
        if (got && no_object(buf, n))
            break;
        if (n > CJMJ_DOCUMENT_MAX) {
            cjm_free(buf);
            return cjmj_fail(CJM_ERR_LIMIT, "%s: more than %d MiB: too large for a journey"
                             " document", name, CJMJ_DOCUMENT_MAX >> 20);
        }
        if (got == 0) {
            if (ferror(file)) {
                cjm_free(buf);
                return cjmj_fail(CJM_ERR_IO, "%s: cannot read: %s", name, strerror(errno));
            }
            break;
        }
    }
    buf[n] = '\0';
    *data = buf;
    *size = n;
    return CJM_OK;
}

cjm_status cjmj_slurp_path(char **data, size_t *size, const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return cjmj_fail(CJM_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    cjm_status rc = cjmj_slurp(data, size, file, path);
    fclose(file);
    return rc;
}

cjm_status cjmj_emit(json_t *root, unsigned flags, char **out, size_t *length, FILE *file,
                     const char *path, const char *func)
{
    size_t dump = (flags & CJM_JSON_COMPACT) ? JSON_COMPACT : JSON_INDENT(2);
    dump |= JSON_REAL_PRECISION(17);
    cjm_status rc = CJM_OK;
    if (file) {
        if (json_dumpf(root, file, dump) != 0 || fputc('\n', file) == EOF || fflush(file) != 0)
            rc = cjmj_fail(CJM_ERR_IO, "%s: stream: cannot write: %s", func, strerror(errno));
        json_decref(root);
        return rc;
    }
    /* Text in memory: the result itself, or what a path receives whole or
     * not at all (a new file renamed over the old, whole-file.h). */
    size_t n = json_dumpb(root, NULL, 0, dump);
    char *buf = n ? cjm_malloc(n + 2) : NULL;
    if (!buf || json_dumpb(root, buf, n, dump) != n) {
        cjm_free(buf);
        json_decref(root);
        return cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    }
    json_decref(root);
    buf[n] = '\n';
    buf[n + 1] = '\0';
    if (out) {
        *out = buf;
        if (length)
            *length = n + 1;
        return CJM_OK;
    }
    const char *step;
    if (!cjmi_write_whole_file(path, buf, n + 1, &step))
        rc = cjmj_fail(CJM_ERR_IO, "%s: %s: cannot %s: %s", func, path, step, strerror(errno));
    cjm_free(buf);
    return rc;
}

json_t *cjmj_parse_extensions(const char *text, const char *func)
{
    size_t size = strlen(text);
    if (cjmj_depth_exceeded(text, size, CJMJ_DEPTH_MAX) != (size_t)-1) {
        cjmj_fail(CJM_ERR_LIMIT, "%s: extensions: nested deeper than %d", func, CJMJ_DEPTH_MAX);
        return NULL;
    }
    json_error_t error;
    json_t *value = json_loadb(text, size, JSON_REJECT_DUPLICATES, &error);
    if (!json_is_object(value)) {
        json_decref(value);
        char why[CJMJ_PARSE_ERROR_SIZE];
        cjmj_fail(CJM_ERR_INVALID, "%s: extensions: not a JSON object%s%s", func,
                  value ? "" : ": ", value ? "" : cjmj_parse_error(&error, why, sizeof why));
        return NULL;
    }
    return value;
}
