/* Options of the XES reader: which attributes feed which event field. */
#include <string.h>

#include "xml-private.h"
#include "xes-options.h"

CJM_EXPORT cjm_xes_options *cjm_xes_options_new(void)
{
    cjm_xes_options *o = cjm_malloc(sizeof *o);
    if (!o) {
        cjmx_fail(CJM_ERR_NOMEM, "cjm_xes_options_new: out of memory");
        return NULL;
    }
    memset(o, 0, sizeof *o);
    return o;
}

CJM_EXPORT void cjm_xes_options_free(cjm_xes_options *o)
{
    if (!o)
        return;
    char **fields[] = { &o->touchpoint_key, &o->classifier, &o->customer_key,
                        &o->channel_key, &o->stage_key, &o->lifecycle };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        cjm_free(*fields[i]);
    cjm_free(o);
}

/* Replaces *field with a copy of value (NULL or "" clears it). */
static cjm_status set(cjm_xes_options *o, char **field, const char *value, const char *func)
{
    if (!o)
        return cjmx_fail(CJM_ERR_INVALID, "%s: options: NULL", func);
    char *copy = NULL;
    if (value && *value) {
        size_t n = strnlen(value, 1025);
        if (n > 1024)
            return cjmx_fail(CJM_ERR_LIMIT, "%s: longer than 1024 bytes", func);
        copy = cjm_malloc(n + 1);
        if (!copy)
            return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
        memcpy(copy, value, n + 1);
    }
    cjm_free(*field);
    *field = copy;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_xes_options_set_touchpoint_key(cjm_xes_options *o, const char *key)
{
    cjm_status rc = set(o, o ? &o->touchpoint_key : NULL, key, "cjm_xes_options_set_touchpoint_key");
    if (rc == CJM_OK)
        set(o, &o->classifier, NULL, "");
    return rc;
}

CJM_EXPORT cjm_status cjm_xes_options_set_touchpoint_classifier(cjm_xes_options *o,
                                                               const char *classifier)
{
    return set(o, o ? &o->classifier : NULL, classifier,
               "cjm_xes_options_set_touchpoint_classifier");
}

CJM_EXPORT cjm_status cjm_xes_options_set_customer_key(cjm_xes_options *o, const char *key)
{
    return set(o, o ? &o->customer_key : NULL, key, "cjm_xes_options_set_customer_key");
}

CJM_EXPORT cjm_status cjm_xes_options_set_channel_key(cjm_xes_options *o, const char *key)
{
    return set(o, o ? &o->channel_key : NULL, key, "cjm_xes_options_set_channel_key");
}

CJM_EXPORT cjm_status cjm_xes_options_set_stage_key(cjm_xes_options *o, const char *key)
{
    return set(o, o ? &o->stage_key : NULL, key, "cjm_xes_options_set_stage_key");
}

CJM_EXPORT cjm_status cjm_xes_options_set_lifecycle(cjm_xes_options *o, const char *transition)
{
    return set(o, o ? &o->lifecycle : NULL, transition, "cjm_xes_options_set_lifecycle");
}

CJM_EXPORT cjm_status cjm_xes_options_set_assume_utc(cjm_xes_options *o, bool assume_utc)
{
    if (!o)
        return cjmx_fail(CJM_ERR_INVALID, "cjm_xes_options_set_assume_utc: options: NULL");
    o->assume_utc = assume_utc;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_xes_options_set_threads(cjm_xes_options *o, unsigned threads)
{
    if (!o)
        return cjmx_fail(CJM_ERR_INVALID, "cjm_xes_options_set_threads: options: NULL");
    o->threads = threads;
    return CJM_OK;
}
