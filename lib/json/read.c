/* Reading journey documents: jansson parses (after the depth check), then
 * the tree is walked member by member, building the journey through the
 * public API, which enforces the model's rules; every failure is reported
 * at the JSON path and position of the offending value. */
#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

#include "json-private.h"
#include "scan.h"

static cjm_status read_feedback(reader *r, cjm_touchpoint *t, json_t *f)
{
    static const char *const allowed[] = { "score", "scale", "emotion", "comment", "source",
                                           "at", "customer", "extensions", NULL };
    json_t *score, *scale;
    cjm_status rc;
    if (!json_is_object(f))
        return cjmj_fail_at(r, CJM_ERR_INVALID, "expected an object, not %s", cjmj_type_name(f));
    if ((rc = cjmj_check_members(r, f, allowed)) != CJM_OK ||
        (rc = cjmj_member(r, f, "score", JSON_REAL, true, &score)) != CJM_OK ||
        (rc = cjmj_member(r, f, "scale", JSON_ARRAY, false, &scale)) != CJM_OK)
        return rc;
    double min = CJM_DEFAULT_SCALE_MIN, max = CJM_DEFAULT_SCALE_MAX;
    if (scale) {
        cjmj_push_key(r, "scale");
        if (json_array_size(scale) != 2) {
            rc = cjmj_fail_at(r, CJM_ERR_INVALID, "expected [min, max]");
            cjmj_pop(r);
            return rc;
        }
        for (size_t i = 0; i < 2; i++) {
            json_t *end = json_array_get(scale, i);
            if (!json_is_number(end)) {
                cjmj_push_index(r, i);
                rc = cjmj_fail_at(r, CJM_ERR_INVALID, "expected a number, not %s", cjmj_type_name(end));
                cjmj_pop(r);
                cjmj_pop(r);
                return rc;
            }
        }
        cjmj_pop(r);
        min = json_number_value(json_array_get(scale, 0));
        max = json_number_value(json_array_get(scale, 1));
    }
    cjm_feedback *fb = NULL;
    rc = cjm_touchpoint_add_feedback(&fb, t, json_number_value(score), min, max);
    if (rc != CJM_OK) {
        const char *m = cjm_last_error();
        return cjmj_core(r, strstr(m, ": scale") || strstr(m, ": scale_") ? "scale" : "score", rc);
    }
    OPTIONAL_TEXT(r, f, "emotion", cjm_feedback_set_emotion, fb);
    OPTIONAL_TEXT(r, f, "comment", cjm_feedback_set_comment, fb);
    OPTIONAL_TEXT(r, f, "source", cjm_feedback_set_source, fb);
    OPTIONAL_TEXT(r, f, "customer", cjm_feedback_set_customer, fb);
    int64_t at;
    if ((rc = cjmj_time_member(r, f, "at", &at)) != CJM_OK ||
        (rc = cjmj_core(r, "at", cjm_feedback_set_at(fb, at))) != CJM_OK)
        return rc;
    EXTENSIONS(r, f, cjm_feedback_set_extensions, fb);
    return CJM_OK;
}

/* Walks the elements of an array member, pushing each index. */
#define EACH(r, array, i, item)                                                \
    for (size_t i = 0; i < json_array_size(array) &&                          \
                       ((item) = json_array_get(array, i), cjmj_push_index(r, i), 1); \
         i++, cjmj_pop(r))

static cjm_status read_touchpoint(reader *r, cjm_stage *stage, json_t *t)
{
    static const char *const allowed[] = { "id", "name", "channel", "owner", "description",
                                           "optional", "at", "feedback", "extensions", NULL };
    if (!json_is_object(t))
        return cjmj_fail_at(r, CJM_ERR_INVALID, "expected an object, not %s", cjmj_type_name(t));
    const char *id, *name, *channel;
    json_t *optional, *feedback, *item;
    int64_t at;
    cjm_status rc;
    if ((rc = cjmj_check_members(r, t, allowed)) != CJM_OK ||
        (rc = cjmj_string_member(r, t, "id", true, &id)) != CJM_OK ||
        (rc = cjmj_string_member(r, t, "name", true, &name)) != CJM_OK ||
        (rc = cjmj_string_member(r, t, "channel", true, &channel)) != CJM_OK ||
        (rc = cjmj_member(r, t, "optional", JSON_TRUE, false, &optional)) != CJM_OK ||
        (rc = cjmj_member(r, t, "feedback", JSON_ARRAY, false, &feedback)) != CJM_OK ||
        (rc = cjmj_time_member(r, t, "at", &at)) != CJM_OK)
        return rc;
    cjm_touchpoint *tp = NULL;
    rc = cjm_stage_add_touchpoint(&tp, stage, id, name, channel);
    if (rc != CJM_OK) {
        const char *m = cjm_last_error();
        return cjmj_core(r, strstr(m, ": channel:") ? "channel" : strstr(m, ": name:") ? "name" : "id",
                    rc);
    }
    OPTIONAL_TEXT(r, t, "owner", cjm_touchpoint_set_owner, tp);
    OPTIONAL_TEXT(r, t, "description", cjm_touchpoint_set_description, tp);
    if ((rc = cjmj_core(r, "optional", cjm_touchpoint_set_optional(tp, json_is_true(optional)))) !=
            CJM_OK ||
        (rc = cjmj_core(r, "at", cjm_touchpoint_set_at(tp, at))) != CJM_OK)
        return rc;
    cjmj_push_key(r, "feedback");
    EACH(r, feedback, i, item) {
        if ((rc = read_feedback(r, tp, item)) != CJM_OK) {
            r->path.depth -= 2;
            return rc;
        }
    }
    cjmj_pop(r);
    EXTENSIONS(r, t, cjm_touchpoint_set_extensions, tp);
    return CJM_OK;
}

/* A duration: integer seconds, or an ISO 8601 string. */
static cjm_status duration_member(reader *r, json_t *obj, const char *key, int64_t *out)
{
    json_t *v = json_object_get(obj, key);
    *out = CJM_UNSET;
    if (!v || json_is_null(v))
        return CJM_OK;
    cjm_status rc = CJM_OK;
    cjmj_push_key(r, key);
    if (json_is_integer(v)) {
        json_int_t seconds = json_integer_value(v);
        if (seconds < 0)
            rc = cjmj_fail_at(r, CJM_ERR_RANGE, "negative duration");
        else if (seconds > INT64_MAX / 1000)
            rc = cjmj_fail_at(r, CJM_ERR_RANGE, "duration too long");
        else
            *out = (int64_t)seconds * 1000;
    } else if (json_is_string(v)) {
        rc = cjm_duration_parse(out, json_string_value(v));
        if (rc != CJM_OK)
            rc = cjmj_fail_core(r, rc);
    } else {
        rc = cjmj_fail_at(r, CJM_ERR_INVALID, "expected whole seconds or an ISO 8601 duration, not %s",
                  cjmj_type_name(v));
    }
    cjmj_pop(r);
    return rc;
}

static cjm_status read_stage(reader *r, json_t *s)
{
    static const char *const allowed[] = { "id", "name", "goal", "expected_duration",
                                           "touchpoints", "extensions", NULL };
    if (!json_is_object(s))
        return cjmj_fail_at(r, CJM_ERR_INVALID, "expected an object, not %s", cjmj_type_name(s));
    const char *id, *name;
    json_t *touchpoints, *item;
    int64_t duration;
    cjm_status rc;
    if ((rc = cjmj_check_members(r, s, allowed)) != CJM_OK ||
        (rc = cjmj_string_member(r, s, "id", true, &id)) != CJM_OK ||
        (rc = cjmj_string_member(r, s, "name", true, &name)) != CJM_OK ||
        (rc = cjmj_member(r, s, "touchpoints", JSON_ARRAY, false, &touchpoints)) != CJM_OK ||
        (rc = duration_member(r, s, "expected_duration", &duration)) != CJM_OK)
        return rc;
    cjm_stage *stage = NULL;
    rc = cjm_journey_add_stage(&stage, r->journey, id, name);
    if (rc != CJM_OK)
        return cjmj_core(r, strstr(cjm_last_error(), ": name:") ? "name" : "id", rc);
    OPTIONAL_TEXT(r, s, "goal", cjm_stage_set_goal, stage);
    if ((rc = cjmj_core(r, "expected_duration", cjm_stage_set_expected_duration(stage, duration))) !=
        CJM_OK)
        return rc;
    cjmj_push_key(r, "touchpoints");
    EACH(r, touchpoints, i, item) {
        if ((rc = read_touchpoint(r, stage, item)) != CJM_OK) {
            r->path.depth -= 2;
            return rc;
        }
    }
    cjmj_pop(r);
    EXTENSIONS(r, s, cjm_stage_set_extensions, stage);
    return CJM_OK;
}

static cjm_status read_journey(reader *r, json_t *j)
{
    static const char *const allowed[] = { "id", "name", "kind", "persona", "description",
                                           "customer", "stages", "extensions", NULL };
    const char *id, *name, *kind;
    json_t *stages, *item;
    cjm_status rc;
    if ((rc = cjmj_check_members(r, j, allowed)) != CJM_OK ||
        (rc = cjmj_string_member(r, j, "id", true, &id)) != CJM_OK ||
        (rc = cjmj_string_member(r, j, "name", true, &name)) != CJM_OK ||
        (rc = cjmj_string_member(r, j, "kind", false, &kind)) != CJM_OK ||
        (rc = cjmj_member(r, j, "stages", JSON_ARRAY, true, &stages)) != CJM_OK)
        return rc;
    bool actual = kind && strcmp(kind, "actual") == 0;
    if (kind && !actual && strcmp(kind, "map") != 0) {
        cjmj_push_key(r, "kind");
        rc = cjmj_fail_at(r, CJM_ERR_INVALID, "\"%.64s\" is not \"map\" or \"actual\"", kind);
        cjmj_pop(r);
        return rc;
    }
    r->journey = actual ? cjm_journey_new_actual(id, name) : cjm_journey_new(id, name);
    if (!r->journey)
        return cjmj_core(r, strstr(cjm_last_error(), ": name:") ? "name" : "id", cjm_last_status());
    OPTIONAL_TEXT(r, j, "persona", cjm_journey_set_persona, r->journey);
    OPTIONAL_TEXT(r, j, "description", cjm_journey_set_description, r->journey);
    OPTIONAL_TEXT(r, j, "customer", cjm_journey_set_customer, r->journey);
    cjmj_push_key(r, "stages");
    EACH(r, stages, i, item) {
        if ((rc = read_stage(r, item)) != CJM_OK) {
            r->path.depth -= 2;
            return rc;
        }
    }
    cjmj_pop(r);
    EXTENSIONS(r, j, cjm_journey_set_extensions, r->journey);
    return CJM_OK;
}

static cjm_status read_document(reader *r, json_t *doc)
{
    static const char *const allowed[] = { "format", "version", "journey", "extensions", NULL };
    const char *format;
    json_t *version, *journey;
    cjm_status rc;
    if (!json_is_object(doc))
        return cjmj_fail_at(r, CJM_ERR_INVALID, "expected a cjm-journey document (an object), not %s",
                    cjmj_type_name(doc));
    if ((rc = cjmj_check_members(r, doc, allowed)) != CJM_OK ||
        (rc = cjmj_string_member(r, doc, "format", true, &format)) != CJM_OK)
        return rc;
    if (strcmp(format, "cjm-journey") != 0) {
        cjmj_push_key(r, "format");
        rc = cjmj_fail_at(r, CJM_ERR_UNSUPPORTED, "\"%s\" is not \"cjm-journey\"", format);
        cjmj_pop(r);
        return rc;
    }
    if ((rc = cjmj_member(r, doc, "version", JSON_INTEGER, true, &version)) != CJM_OK)
        return rc;
    if (json_integer_value(version) != 1) {
        cjmj_push_key(r, "version");
        rc = cjmj_fail_at(r, CJM_ERR_UNSUPPORTED, "version %lld is not known (this reader reads 1)",
                  (long long)json_integer_value(version));
        cjmj_pop(r);
        return rc;
    }
    if ((rc = cjmj_member(r, doc, "journey", JSON_OBJECT, true, &journey)) != CJM_OK)
        return rc;
    cjmj_push_key(r, "journey");
    rc = read_journey(r, journey);
    cjmj_pop(r);
    if (rc != CJM_OK)
        return rc;
    EXTENSIONS(r, doc, cjm_journey_set_document_extensions, r->journey);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_json_read_journey(cjm_journey **out, const char *data, size_t size,
                                            const char *name)
{
    static const char func[] = "cjm_json_read_journey";
    if (!out || (!data && size))
        return cjmj_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, out ? "data" : "out");
    reader r = { data ? data : "", size, name ? name : "<buffer>", { { { 0 } }, 0 }, 0, NULL };
    if (r.size >= 3 && memcmp(r.data, "\xef\xbb\xbf", 3) == 0) {
        r.data += 3;
        r.size -= 3;
    }
    size_t deep = cjmj_depth_exceeded(r.data, r.size, CJMJ_DEPTH_MAX);
    if (deep != (size_t)-1) {
        size_t line, column;
        cjmj_position(r.data, deep, &line, &column);
        return cjmj_fail(CJM_ERR_LIMIT, "%s:%zu:%zu: nested deeper than %d", r.name, line,
                         column, CJMJ_DEPTH_MAX);
    }
    json_error_t error;
    json_t *doc = json_loadb(r.data, r.size, JSON_REJECT_DUPLICATES, &error);
    char why[CJMJ_PARSE_ERROR_SIZE];
    if (!doc)
        return cjmj_fail(CJM_ERR_PARSE, "%s:%d:%d: %s", r.name, error.line, error.column,
                         cjmj_parse_error(&error, why, sizeof why));
    cjm_status rc = read_document(&r, doc);
    json_decref(doc);
    if (rc != CJM_OK) {
        cjm_journey_free(r.journey);
        return rc;
    }
    *out = r.journey;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_json_read_journey_file(cjm_journey **out, FILE *file,
                                                 const char *name)
{
    if (!out || !file)
        return cjmj_fail(CJM_ERR_INVALID, "cjm_json_read_journey_file: %s: NULL",
                         out ? "file" : "out");
    char *data;
    size_t size;
    cjm_status rc = cjmj_slurp(&data, &size, file, name ? name : "<stream>");
    if (rc == CJM_OK) {
        rc = cjm_json_read_journey(out, data, size, name ? name : "<stream>");
        cjm_free(data);
    }
    return rc;
}

CJM_EXPORT cjm_status cjm_json_read_journey_path(cjm_journey **out, const char *path)
{
    if (!out || !path)
        return cjmj_fail(CJM_ERR_INVALID, "cjm_json_read_journey_path: %s: NULL",
                         out ? "path" : "out");
    char *data;
    size_t size;
    cjm_status rc = cjmj_slurp_path(&data, &size, path);
    if (rc == CJM_OK) {
        rc = cjm_json_read_journey(out, data, size, path);
        cjm_free(data);
    }
    return rc;
}
