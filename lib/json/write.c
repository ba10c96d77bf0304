/* Writing journey documents: the journey as a jansson tree, members in
 * the order of formats.md, unset fields left out. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json-private.h"

static json_t *feedback_json(cjmj_builder *b, const cjm_feedback *f)
{
    json_t *o = cjmj_object(b);
    cjm_extensions_format format;
    cjmj_put(b, o, "score", cjmj_number(cjm_feedback_score(f)));
    double min = cjm_feedback_scale_min(f), max = cjm_feedback_scale_max(f);
    if (min != CJM_DEFAULT_SCALE_MIN || max != CJM_DEFAULT_SCALE_MAX)
        cjmj_put(b, o, "scale", cjmj_scale(b, min, max));
    cjmj_put_text(b, o, "emotion", cjm_feedback_emotion(f));
    cjmj_put_text(b, o, "comment", cjm_feedback_comment(f));
    cjmj_put_text(b, o, "source", cjm_feedback_source(f));
    cjmj_put_time(b, o, "at", cjm_feedback_at(f));
    cjmj_put_text(b, o, "customer", cjm_feedback_customer(f));
    const char *ext = cjm_feedback_extensions(f, &format);
    cjmj_put_extensions(b, o, ext, format);
    return o;
}

static json_t *touchpoint_json(cjmj_builder *b, const cjm_touchpoint *t)
{
    json_t *o = cjmj_object(b);
    cjm_extensions_format format;
    cjmj_put_text(b, o, "id", cjm_touchpoint_id(t));
    cjmj_put_text(b, o, "name", cjm_touchpoint_name(t));
    cjmj_put_text(b, o, "channel", cjm_touchpoint_channel(t));
    cjmj_put_text(b, o, "owner", cjm_touchpoint_owner(t));
    cjmj_put_text(b, o, "description", cjm_touchpoint_description(t));
    if (cjm_touchpoint_optional(t))
        cjmj_put(b, o, "optional", json_true());
    cjmj_put_time(b, o, "at", cjm_touchpoint_at(t));
    size_t n = cjm_touchpoint_feedback_count(t);
    if (n) {
        json_t *list = json_array();
        b->failed |= !list;
        for (size_t i = 0; list && i < n; i++)
            b->failed |= json_array_append_new(list, feedback_json(b, cjm_touchpoint_feedback(t, i))) != 0;
        cjmj_put(b, o, "feedback", list);
    }
    const char *ext = cjm_touchpoint_extensions(t, &format);
    cjmj_put_extensions(b, o, ext, format);
    return o;
}

static json_t *stage_json(cjmj_builder *b, const cjm_stage *s)
{
    json_t *o = cjmj_object(b);
    cjm_extensions_format format;
    cjmj_put_text(b, o, "id", cjm_stage_id(s));
    cjmj_put_text(b, o, "name", cjm_stage_name(s));
    cjmj_put_text(b, o, "goal", cjm_stage_goal(s));
    if (cjm_stage_expected_duration(s) != CJM_UNSET)
        cjmj_put(b, o, "expected_duration", cjmj_duration(cjm_stage_expected_duration(s)));
    json_t *list = json_array();
    b->failed |= !list;
    for (size_t i = 0; list && i < cjm_stage_touchpoint_count(s); i++)
        b->failed |= json_array_append_new(list, touchpoint_json(b, cjm_stage_touchpoint(s, i))) != 0;
    cjmj_put(b, o, "touchpoints", list);
    const char *ext = cjm_stage_extensions(s, &format);
    cjmj_put_extensions(b, o, ext, format);
    return o;
}

static json_t *document_json(cjmj_builder *b, const cjm_journey *j)
{
    json_t *doc = cjmj_object(b), *o = cjmj_object(b);
    cjm_extensions_format format;
    cjmj_put(b, doc, "format", json_string("cjm-journey"));
    cjmj_put(b, doc, "version", json_integer(1));
    cjmj_put_text(b, o, "id", cjm_journey_id(j));
    cjmj_put_text(b, o, "name", cjm_journey_name(j));
    cjmj_put_text(b, o, "persona", cjm_journey_persona(j));
    cjmj_put_text(b, o, "description", cjm_journey_description(j));
    if (cjm_journey_kind_of(j) == CJM_JOURNEY_ACTUAL)
        cjmj_put_text(b, o, "kind", "actual");
    cjmj_put_text(b, o, "customer", cjm_journey_customer(j));
    json_t *list = json_array();
    b->failed |= !list;
    for (size_t i = 0; list && i < cjm_journey_stage_count(j); i++)
        b->failed |= json_array_append_new(list, stage_json(b, cjm_journey_stage(j, i))) != 0;
    cjmj_put(b, o, "stages", list);
    const char *ext = cjm_journey_extensions(j, &format);
    cjmj_put_extensions(b, o, ext, format);
    cjmj_put(b, doc, "journey", o);
    ext = cjm_journey_document_extensions(j, &format);
    cjmj_put_extensions(b, doc, ext, format);
    return doc;
}

static cjm_status write_journey(const cjm_journey *j, unsigned flags, char **out,
                                size_t *length, FILE *file, const char *path, const char *func)
{
    if (!j || (!out && !file && !path))
        return cjmj_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, j ? "output" : "journey");
    cjmj_builder b = { 0, CJM_OK, flags, func };
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
