/* The event handle: one observed event, with reusable buffers. */
#include <math.h>
#include <string.h>

#include "event-private.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/score.h"
#include "../core/text.h"
#include "../core/model-private.h"

#define NULL_ARG(func, name) cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, name)

CJM_EXPORT cjm_event *cjm_event_new(void)
{
    cjm_event *e = cjmi_calloc(1, sizeof *e);
    if (!e) {
        cjmi_nomem("cjm_event_new");
        return NULL;
    }
    cjm_event_clear(e);
    return e;
}

static void field_free(cjmi_field *f)
{
    cjmi_free(f->text);
}

CJM_EXPORT void cjm_event_free(cjm_event *e)
{
    if (!e)
        return;
    field_free(&e->customer);
    field_free(&e->touchpoint);
    field_free(&e->stage);
    field_free(&e->emotion);
    field_free(&e->comment);
    field_free(&e->source);
    field_free(&e->error);
    field_free(&e->extensions);
    field_free(&e->origin);
    for (size_t i = 0; i < e->attribute_capacity; i++) {
        field_free(&e->attributes[i].key);
        field_free(&e->attributes[i].value);
    }
    cjmi_free(e->attributes);
    cjmi_free(e);
}

CJM_EXPORT void cjm_event_clear(cjm_event *e)
{
    if (!e)
        return;
    e->customer.set = e->touchpoint.set = e->stage.set = false;
    e->error.set = e->extensions.set = e->origin.set = false;
    e->error_status = CJM_OK;
    e->channel[0] = '\0';
    e->at = CJM_UNSET;
    e->attribute_count = 0;
    cjm_event_clear_feedback(e);
}

CJM_EXPORT void cjm_event_clear_feedback(cjm_event *e)
{
    if (!e)
        return;
    e->has_feedback = false;
    e->score = e->scale_min = e->scale_max = NAN;
    e->emotion.set = e->comment.set = e->source.set = false;
    e->feedback_at = CJM_UNSET;
}

/* Copies a checked value into the field's buffer, growing it if needed. */
static cjm_status field_set(cjmi_field *f, const char *value, const char *func)
{
    size_t len = strlen(value);
    if (cjmi_array_reserve(f->text, f->capacity, len + 1) != CJM_OK)
        return cjmi_nomem(func);
    memcpy(f->text, value, len + 1);
    f->length = len;
    f->set = true;
    return CJM_OK;
}

static cjm_status set_id(cjmi_field *f, const char *value, const char *func,
                         const char *name, bool optional)
{
    if (optional && !value) {
        f->set = false;
        return CJM_OK;
    }
    cjm_status rc = cjmi_check_id(func, name, value);
    return rc != CJM_OK ? rc : field_set(f, value, func);
}

static cjm_status set_text(const cjm_event *e, cjmi_field *f, const char *value,
                           const char *func, const char *name)
{
    if (!e->has_feedback)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: the event has no feedback", func, name);
    if (!value || !*value) {
        f->set = false;
        return CJM_OK;
    }
    cjm_status rc = cjmi_check_text(func, name, value);
    return rc != CJM_OK ? rc : field_set(f, value, func);
}

CJM_EXPORT cjm_status cjm_event_set_customer(cjm_event *e, const char *customer)
{
    static const char func[] = "cjm_event_set_customer";
    return e ? set_id(&e->customer, customer, func, "customer", false) : NULL_ARG(func, "event");
}

CJM_EXPORT cjm_status cjm_event_set_touchpoint(cjm_event *e, const char *touchpoint)
{
    static const char func[] = "cjm_event_set_touchpoint";
    return e ? set_id(&e->touchpoint, touchpoint, func, "touchpoint", false)
             : NULL_ARG(func, "event");
}

CJM_EXPORT cjm_status cjm_event_set_stage(cjm_event *e, const char *stage)
{
    static const char func[] = "cjm_event_set_stage";
    return e ? set_id(&e->stage, stage, func, "stage", true) : NULL_ARG(func, "event");
}

CJM_EXPORT cjm_status cjm_event_set_at(cjm_event *e, int64_t at)
{
    static const char func[] = "cjm_event_set_at";
    if (!e)
        return NULL_ARG(func, "event");
    if (at == CJM_UNSET)
        return cjmi_fail(CJM_ERR_INVALID, "%s: at: an event needs a time", func);
    cjm_status rc = cjmi_check_time(func, "at", at);
    if (rc == CJM_OK)
        e->at = at;
    return rc;
}

CJM_EXPORT cjm_status cjm_event_set_channel(cjm_event *e, const char *channel)
{
    static const char func[] = "cjm_event_set_channel";
    if (!e)
        return NULL_ARG(func, "event");
    if (!channel) {
        e->channel[0] = '\0';
        return CJM_OK;
    }
    return cjmi_channel(e->channel, func, "channel", channel);
}

CJM_EXPORT cjm_status cjm_event_set_feedback(cjm_event *e, double score, double scale_min,
                                             double scale_max)
{
    static const char func[] = "cjm_event_set_feedback";
    if (!e)
        return NULL_ARG(func, "event");
    cjm_status rc = cjmi_check_score(func, score, scale_min, scale_max);
    if (rc != CJM_OK)
        return rc;
    cjm_event_clear_feedback(e);
    e->has_feedback = true;
    e->score = score;
    e->scale_min = scale_min;
    e->scale_max = scale_max;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_event_set_emotion(cjm_event *e, const char *emotion)
{
    static const char func[] = "cjm_event_set_emotion";
    return e ? set_text(e, &e->emotion, emotion, func, "emotion") : NULL_ARG(func, "event");
}

CJM_EXPORT cjm_status cjm_event_set_comment(cjm_event *e, const char *comment)
{
    static const char func[] = "cjm_event_set_comment";
    return e ? set_text(e, &e->comment, comment, func, "comment") : NULL_ARG(func, "event");
}

CJM_EXPORT cjm_status cjm_event_set_source(cjm_event *e, const char *source)
{
    static const char func[] = "cjm_event_set_source";
    return e ? set_text(e, &e->source, source, func, "source") : NULL_ARG(func, "event");
}

CJM_EXPORT cjm_status cjm_event_set_feedback_at(cjm_event *e, int64_t at)
{
    static const char func[] = "cjm_event_set_feedback_at";
    if (!e)
        return NULL_ARG(func, "event");
    if (!e->has_feedback)
        return cjmi_fail(CJM_ERR_INVALID, "%s: at: the event has no feedback", func);
    cjm_status rc = cjmi_check_time(func, "at", at);
    if (rc == CJM_OK)
        e->feedback_at = at;
    return rc;
}

static const char *field_get(const cjmi_field *f)
{
    return f->set ? f->text : NULL;
}

CJM_EXPORT const char *cjm_event_customer(const cjm_event *e) { return e ? field_get(&e->customer) : NULL; }
CJM_EXPORT int64_t cjm_event_at(const cjm_event *e) { return e ? e->at : CJM_UNSET; }
CJM_EXPORT const char *cjm_event_touchpoint(const cjm_event *e)
{
    return e ? field_get(&e->touchpoint) : NULL;
}
CJM_EXPORT const char *cjm_event_channel(const cjm_event *e)
{
    return e && e->channel[0] ? e->channel : NULL;
}
CJM_EXPORT const char *cjm_event_stage(const cjm_event *e) { return e ? field_get(&e->stage) : NULL; }
CJM_EXPORT bool cjm_event_has_feedback(const cjm_event *e) { return e && e->has_feedback; }
CJM_EXPORT double cjm_event_score(const cjm_event *e) { return e ? e->score : NAN; }
CJM_EXPORT double cjm_event_scale_min(const cjm_event *e) { return e ? e->scale_min : NAN; }
CJM_EXPORT double cjm_event_scale_max(const cjm_event *e) { return e ? e->scale_max : NAN; }
CJM_EXPORT const char *cjm_event_emotion(const cjm_event *e) { return e ? field_get(&e->emotion) : NULL; }
CJM_EXPORT const char *cjm_event_comment(const cjm_event *e) { return e ? field_get(&e->comment) : NULL; }
CJM_EXPORT const char *cjm_event_source(const cjm_event *e) { return e ? field_get(&e->source) : NULL; }
CJM_EXPORT int64_t cjm_event_feedback_at(const cjm_event *e) { return e ? e->feedback_at : CJM_UNSET; }

CJM_EXPORT cjm_status cjm_event_set_error(cjm_event *e, cjm_status status, const char *message)
{
    static const char func[] = "cjm_event_set_error";
    if (!e)
        return NULL_ARG(func, "event");
    if (status == CJM_OK) {
        e->error.set = false;
        e->error_status = CJM_OK;
        return CJM_OK;
    }
    cjm_status rc = field_set(&e->error, message ? message : "", func);
    if (rc == CJM_OK)
        e->error_status = status;
    return rc;
}

CJM_EXPORT const char *cjm_event_error(const cjm_event *e, cjm_status *status)
{
    if (status)
        *status = e ? e->error_status : CJM_OK;
    return e ? field_get(&e->error) : NULL;
}

CJM_EXPORT cjm_status cjm_event_set_extensions(cjm_event *e, cjm_extensions_format format,
                                               const char *text)
{
    static const char func[] = "cjm_event_set_extensions";
    if (!e)
        return NULL_ARG(func, "event");
    if (format == CJM_EXTENSIONS_NONE || !text || !*text) {
        e->extensions.set = false;
        return CJM_OK;
    }
    /* The same rules as the model's extensions, checked by the model's code. */
    cjmi_extensions probe = { NULL, CJM_EXTENSIONS_NONE };
    cjm_status rc = cjmi_set_extensions(&probe, format, text, func);
    if (rc != CJM_OK)
        return rc;
    cjmi_free_extensions(&probe);
    rc = field_set(&e->extensions, text, func);
    if (rc == CJM_OK)
        e->extensions_format = format;
    return rc;
}

CJM_EXPORT const char *cjm_event_extensions(const cjm_event *e, cjm_extensions_format *format)
{
    const char *text = e ? field_get(&e->extensions) : NULL;
    if (format)
        *format = text ? e->extensions_format : CJM_EXTENSIONS_NONE;
    return text;
}

CJM_EXPORT cjm_status cjm_event_set_origin(cjm_event *e, const char *origin)
{
    static const char func[] = "cjm_event_set_origin";
    if (!e)
        return NULL_ARG(func, "event");
    if (!origin) {
        e->origin.set = false;
        return CJM_OK;
    }
    cjm_status rc = cjmi_check_text(func, "origin", origin);
    return rc != CJM_OK ? rc : field_set(&e->origin, origin, func);
}

CJM_EXPORT const char *cjm_event_origin(const cjm_event *e)
{
    return e ? field_get(&e->origin) : NULL;
}

/* Attributes: few per event, so a key is found by a linear search. */

static size_t attribute_find(const cjm_event *e, const char *key)
{
    for (size_t i = 0; i < e->attribute_count; i++)
        if (strcmp(e->attributes[i].key.text, key) == 0)
            return i;
    return (size_t)-1;
}

CJM_EXPORT cjm_status cjm_event_set_attribute(cjm_event *e, const char *key, const char *value)
{
    static const char func[] = "cjm_event_set_attribute";
    if (!e)
        return NULL_ARG(func, "event");
    cjm_status rc = cjmi_check_id(func, "attribute key", key);
    if (rc != CJM_OK)
        return rc;
    if (value && (rc = cjmi_check_attribute_value(func, key, value,
                                                   strnlen(value, CJM_ATTRIBUTE_VALUE_MAX + 1)))
                     != CJM_OK)
        return rc;
    size_t i = attribute_find(e, key);
    if (!value) {
        if (i != (size_t)-1) {
            /* The removed slot's buffers move to the end, for reuse. */
            cjmi_attribute gone = e->attributes[i];
            memmove(&e->attributes[i], &e->attributes[i + 1],
                    (e->attribute_count - i - 1) * sizeof gone);
            e->attributes[--e->attribute_count] = gone;
        }
        return CJM_OK;
    }
    if (i != (size_t)-1)
        return field_set(&e->attributes[i].value, value, func);
    if (e->attribute_count >= CJM_ATTRIBUTES_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: attribute \"%s\": the event has %d attributes "
                         "already", func, key, CJM_ATTRIBUTES_MAX);
    if (cjmi_array_reserve_zeroed(e->attributes, e->attribute_capacity,
                                  e->attribute_count + 1) != CJM_OK)
        return cjmi_nomem(func);
    cjmi_attribute *slot = &e->attributes[e->attribute_count];
    if ((rc = field_set(&slot->key, key, func)) != CJM_OK ||
        (rc = field_set(&slot->value, value, func)) != CJM_OK)
        return rc;
    e->attribute_count++;
    return CJM_OK;
}

CJM_EXPORT const char *cjm_event_attribute(const cjm_event *e, const char *key)
{
    size_t i = e && key ? attribute_find(e, key) : (size_t)-1;
    return i != (size_t)-1 ? e->attributes[i].value.text : NULL;
}

CJM_EXPORT size_t cjm_event_attribute_count(const cjm_event *e)
{
    return e ? e->attribute_count : 0;
}

CJM_EXPORT const char *cjm_event_attribute_key(const cjm_event *e, size_t i)
{
    return e && i < e->attribute_count ? e->attributes[i].key.text : NULL;
}

CJM_EXPORT const char *cjm_event_attribute_value(const cjm_event *e, size_t i)
{
    return e && i < e->attribute_count ? e->attributes[i].value.text : NULL;
}

CJM_EXPORT void cjm_event_clear_attributes(cjm_event *e)
{
    if (e)
        e->attribute_count = 0;
}
