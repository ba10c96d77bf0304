/* Writing journey documents: the journey as a jansson tree, members in
 * the order of formats.md, unset fields left out. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json-private.h"

/* Builds objects and notes any allocation failure, so that building can
 * go straight through and be checked once. */
typedef struct builder {
    int failed;
    cjm_status status; /* set with its message when not only memory failed */
    unsigned flags;
    const char *func;
} builder;

static json_t *object(builder *b)
{
    json_t *o = json_object();
    b->failed |= !o;
    return o;
}

static void put(builder *b, json_t *obj, const char *key, json_t *value)
{
    if (!value || !obj || json_object_set_new(obj, key, value) != 0) {
        b->failed = 1;
        if (value && !obj)
            json_decref(value);
    }
}

static void put_text(builder *b, json_t *obj, const char *key, const char *text)
{
    if (text)
        put(b, obj, key, json_string(text));
}

static void put_time(builder *b, json_t *obj, const char *key, int64_t at)
{
    char text[CJM_TIME_BUFSIZE];
    if (at != CJM_UNSET && cjm_time_format(text, sizeof text, at) == CJM_OK)
        put(b, obj, key, json_string(text));
}

/* A number as an integer when it is one (so 2 stays 2), else a real that
 * reads back as the same double. */
static json_t *number(double x)
{
    if (x == floor(x) && fabs(x) < 9007199254740992.0)
        return json_integer((json_int_t)x);
    return json_real(x);
}

/* Integer seconds when whole, else PT<seconds>.<mmm>S (model.md). */
static json_t *duration(int64_t ms)
{
    if (ms % 1000 == 0)
        return json_integer(ms / 1000);
    char text[48];
    snprintf(text, sizeof text, "PT%lld.%03lldS", (long long)(ms / 1000),
             (long long)(ms % 1000));
    return json_string(text);
}

static void put_extensions(builder *b, json_t *obj, const char *text,
                           cjm_extensions_format format)
{
    if (!text)
        return;
    if (format != CJM_EXTENSIONS_JSON) {
        if (!(b->flags & CJM_JSON_DROP_FOREIGN_EXTENSIONS) && b->status == CJM_OK)
            b->status = cjmj_fail(CJM_ERR_UNSUPPORTED,
                                  "%s: extensions in XML cannot be written as JSON "
                                  "(CJM_JSON_DROP_FOREIGN_EXTENSIONS leaves them out)",
                                  b->func);
        return;
    }
    json_t *value = cjmj_parse_extensions(text, b->func);
    if (!value) {
        if (b->status == CJM_OK)
            b->status = cjm_last_status();
        return;
    }
    put(b, obj, "extensions", value);
}

static json_t *feedback_json(builder *b, const cjm_feedback *f)
{
    json_t *o = object(b);
    cjm_extensions_format format;
    put(b, o, "score", number(cjm_feedback_score(f)));
    double min = cjm_feedback_scale_min(f), max = cjm_feedback_scale_max(f);
    if (min != -2 || max != 2) {
        json_t *scale = json_array();
        b->failed |= !scale || json_array_append_new(scale, number(min)) != 0 ||
                     json_array_append_new(scale, number(max)) != 0;
        put(b, o, "scale", scale);
    }
    put_text(b, o, "emotion", cjm_feedback_emotion(f));
    put_text(b, o, "comment", cjm_feedback_comment(f));
    put_text(b, o, "source", cjm_feedback_source(f));
    put_time(b, o, "at", cjm_feedback_at(f));
    put_text(b, o, "customer", cjm_feedback_customer(f));
    const char *ext = cjm_feedback_extensions(f, &format);
    put_extensions(b, o, ext, format);
    return o;
}

static json_t *touchpoint_json(builder *b, const cjm_touchpoint *t)
{
    json_t *o = object(b);
    cjm_extensions_format format;
    put_text(b, o, "id", cjm_touchpoint_id(t));
    put_text(b, o, "name", cjm_touchpoint_name(t));
    put_text(b, o, "channel", cjm_touchpoint_channel(t));
    put_text(b, o, "owner", cjm_touchpoint_owner(t));
    put_text(b, o, "description", cjm_touchpoint_description(t));
    if (cjm_touchpoint_optional(t))
        put(b, o, "optional", json_true());
    put_time(b, o, "at", cjm_touchpoint_at(t));
    size_t n = cjm_touchpoint_feedback_count(t);
    if (n) {
        json_t *list = json_array();
        b->failed |= !list;
        for (size_t i = 0; list && i < n; i++)
            b->failed |= json_array_append_new(list, feedback_json(b, cjm_touchpoint_feedback(t, i))) != 0;
        put(b, o, "feedback", list);
    }
    const char *ext = cjm_touchpoint_extensions(t, &format);
    put_extensions(b, o, ext, format);
    return o;
}

static json_t *stage_json(builder *b, const cjm_stage *s)
{
    json_t *o = object(b);
    cjm_extensions_format format;
    put_text(b, o, "id", cjm_stage_id(s));
    put_text(b, o, "name", cjm_stage_name(s));
    put_text(b, o, "goal", cjm_stage_goal(s));
    if (cjm_stage_expected_duration(s) != CJM_UNSET)
        put(b, o, "expected_duration", duration(cjm_stage_expected_duration(s)));
    json_t *list = json_array();
    b->failed |= !list;
    for (size_t i = 0; list && i < cjm_stage_touchpoint_count(s); i++)
        b->failed |= json_array_append_new(list, touchpoint_json(b, cjm_stage_touchpoint(s, i))) != 0;
    put(b, o, "touchpoints", list);
    const char *ext = cjm_stage_extensions(s, &format);
    put_extensions(b, o, ext, format);
    return o;
}

static json_t *document_json(builder *b, const cjm_journey *j)
{
    json_t *doc = object(b), *o = object(b);
    cjm_extensions_format format;
    put(b, doc, "format", json_string("cjm-journey"));
    put(b, doc, "version", json_integer(1));
    put_text(b, o, "id", cjm_journey_id(j));
    put_text(b, o, "name", cjm_journey_name(j));
    put_text(b, o, "persona", cjm_journey_persona(j));
    put_text(b, o, "description", cjm_journey_description(j));
    put_text(b, o, "customer", cjm_journey_customer(j));
    json_t *list = json_array();
    b->failed |= !list;
    for (size_t i = 0; list && i < cjm_journey_stage_count(j); i++)
        b->failed |= json_array_append_new(list, stage_json(b, cjm_journey_stage(j, i))) != 0;
    put(b, o, "stages", list);
    const char *ext = cjm_journey_extensions(j, &format);
    put_extensions(b, o, ext, format);
    put(b, doc, "journey", o);
    ext = cjm_journey_document_extensions(j, &format);
    put_extensions(b, doc, ext, format);
    return doc;
}

static cjm_status write_journey(const cjm_journey *j, unsigned flags, char **out,
                                size_t *length, FILE *file, const char *path, const char *func)
{
    if (!j || (!out && !file && !path))
        return cjmj_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, j ? "output" : "journey");
    builder b = { 0, CJM_OK, flags, func };
    json_t *doc = document_json(&b, j);
    if (b.failed || b.status != CJM_OK) {
        json_decref(doc);
        return b.status != CJM_OK ? b.status
                                  : cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    }
    return cjmj_emit(doc, flags, out, length, file, path, func);
}

CJM_EXPORT cjm_status cjm_json_write_journey(char **out, size_t *length,
                                             const cjm_journey *journey, unsigned flags)
{
    return write_journey(journey, flags, out, length, NULL, NULL, "cjm_json_write_journey");
}

CJM_EXPORT cjm_status cjm_json_write_journey_file(FILE *file, const cjm_journey *journey,
                                                  unsigned flags)
{
    return write_journey(journey, flags, NULL, NULL, file, NULL, "cjm_json_write_journey_file");
}

CJM_EXPORT cjm_status cjm_json_write_journey_path(const char *path,
                                                  const cjm_journey *journey, unsigned flags)
{
    return write_journey(journey, flags, NULL, NULL, NULL, path, "cjm_json_write_journey_path");
}
