/* Checked setters shared by every handle's fields. */
#include "model-private.h"
#include "cjm/time.h"
#include "alloc.h"
#include "error.h"
#include "text.h"

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
