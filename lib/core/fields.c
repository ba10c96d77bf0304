/* Checked setters shared by every handle's fields. */
#include "model-private.h"
#include "cjm/time.h"
#include "alloc.h"
#include "error.h"
#include "text.h"
#include <string.h>

static cjm_status replace(char **field, const char *value, const char *func)
{
    char *copy = NULL;
    if (value) {
        copy = cjmi_strdup(value);
        if (!copy)
            return cjmi_nomem(func);
    }
    cjmi_free(*field);
    *field = copy;
    return CJM_OK;
}

cjm_status cjmi_set_text(char **field, const char *value, bool optional,
                         const char *func, const char *name)
{
    if (optional && (!value || !*value))
        return replace(field, NULL, func);
    cjm_status rc = cjmi_check_text(func, name, value);
    return rc != CJM_OK ? rc : replace(field, value, func);
}

cjm_status cjmi_set_optional_id(char **field, const char *value,
                                const char *func, const char *name)
{
    if (!value)
        return replace(field, NULL, func);
    cjm_status rc = cjmi_check_id(func, name, value);
    return rc != CJM_OK ? rc : replace(field, value, func);
}

cjm_status cjmi_check_time(const char *func, const char *name, int64_t at)
{
    if (at != CJM_UNSET && (at < CJM_TIME_MIN || at > CJM_TIME_MAX))
        return cjmi_fail(CJM_ERR_RANGE, "%s: %s: outside years 0000..9999", func, name);
    return CJM_OK;
}

cjm_status cjmi_rename(cjmi_table *ids, char **id_field, void *self, const char *id,
                       const char *func, const char *kind)
{
    cjm_status rc = cjmi_check_id(func, "id", id);
    if (rc != CJM_OK)
        return rc;
    void *holder = cjmi_table_get(ids, id);
    if (holder == self)
        return CJM_OK;
    if (holder)
        return cjmi_fail(CJM_ERR_DUPLICATE, "%s: id: the journey already has a %s \"%s\"",
                         func, kind, id);
    char *copy = cjmi_strdup(id);
    if (!copy)
        return cjmi_nomem(func);
    /* Same count after remove and put: the table needs no room. */
    cjmi_table_remove(ids, *id_field);
    cjmi_free(*id_field);
    *id_field = copy;
    cjmi_table_put(ids, copy, self);
    return CJM_OK;
}

cjm_status cjmi_set_extensions(cjmi_extensions *ext, cjm_extensions_format format,
                               const char *text, const char *func)
{
    if (format == CJM_EXTENSIONS_NONE || !text || !*text) {
        cjmi_free_extensions(ext);
        return CJM_OK;
    }
    if (format != CJM_EXTENSIONS_JSON && format != CJM_EXTENSIONS_XML)
        return cjmi_fail(CJM_ERR_INVALID, "%s: format: %d is not an extensions format", func,
                         (int)format);
    size_t len = strnlen(text, CJM_EXTENSIONS_MAX + 1), bad_cc;
    if (len > CJM_EXTENSIONS_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: extensions: longer than %d bytes", func,
                         CJM_EXTENSIONS_MAX);
    size_t valid = cjmi_utf8_scan(text, len, 1, &bad_cc);
    if (bad_cc != (size_t)-1 && bad_cc < valid)
        return cjmi_fail(CJM_ERR_INVALID, "%s: extensions: control character 0x%02x at byte %zu",
                         func, (unsigned char)text[bad_cc], bad_cc);
    if (valid < len)
        return cjmi_fail(CJM_ERR_INVALID, "%s: extensions: invalid UTF-8 at byte %zu", func,
                         valid);
    char *copy = cjmi_strdup(text);
    if (!copy)
        return cjmi_nomem(func);
    cjmi_free(ext->text);
    ext->text = copy;
    ext->format = format;
    return CJM_OK;
}

const char *cjmi_get_extensions(const cjmi_extensions *ext, cjm_extensions_format *format)
{
    if (format)
        *format = ext->text ? ext->format : CJM_EXTENSIONS_NONE;
    return ext->text;
}

cjm_status cjmi_copy_extensions(cjmi_extensions *to, const cjmi_extensions *from)
{
    to->format = from->format;
    to->text = from->text ? cjmi_strdup(from->text) : NULL;
    return from->text && !to->text ? CJM_ERR_NOMEM : CJM_OK;
}

bool cjmi_extensions_equal(const cjmi_extensions *a, const cjmi_extensions *b)
{
    if (!a->text || !b->text)
        return a->text == b->text;
    return a->format == b->format && strcmp(a->text, b->text) == 0;
}

void cjmi_free_extensions(cjmi_extensions *ext)
{
    cjmi_free(ext->text);
    ext->text = NULL;
    ext->format = CJM_EXTENSIONS_NONE;
}
