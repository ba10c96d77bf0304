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

typedef struct reader {
    const char *data;
    size_t size;
    const char *name;
    cjmj_path path;
    cjm_journey *journey;
} reader;

static void push_key(reader *r, const char *key)
{
    if (r->path.depth < CJMJ_PATH_MAX)
        r->path.steps[r->path.depth] = (cjmj_step){ key, 0 };
    r->path.depth++;
}

static void push_index(reader *r, size_t index)
{
    if (r->path.depth < CJMJ_PATH_MAX)
        r->path.steps[r->path.depth] = (cjmj_step){ NULL, index };
    r->path.depth++;
}

static void pop(reader *r)
{
    r->path.depth--;
}

/* Fails at the current path: NAME:LINE:COLUMN: PATH: message. */
static cjm_status fail(reader *r, cjm_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static cjm_status fail(reader *r, cjm_status status, const char *format, ...)
{
    char problem[768], where[256];
    va_list ap;
    va_start(ap, format);
    vsnprintf(problem, sizeof problem, format, ap);
    va_end(ap);
    cjmj_path shown = r->path;
    if (shown.depth > CJMJ_PATH_MAX)
        shown.depth = CJMJ_PATH_MAX;
    size_t line, column;
    cjmj_position(r->data, cjmj_locate(r->data, r->size, &shown), &line, &column);
    cjmj_path_format(&shown, where, sizeof where);
    return cjmj_fail(status, "%s:%zu:%zu: %s: %s", r->name, line, column, where, problem);
}

/* Fails with the problem the core reported: its message without the
 * function name, and without the field when the path ends with it. */
static cjm_status fail_core(reader *r, cjm_status status)
{
    char message[1024];
    snprintf(message, sizeof message, "%s", cjm_last_error());
    const char *problem = strstr(message, ": ");
    problem = problem ? problem + 2 : message;
    const char *key = r->path.depth && r->path.depth <= CJMJ_PATH_MAX
                          ? r->path.steps[r->path.depth - 1].key : NULL;
    size_t klen = key ? strlen(key) : 0;
    if (key && strncmp(problem, key, klen) == 0 && strncmp(problem + klen, ": ", 2) == 0)
        problem += klen + 2;
    return fail(r, status, "%s", problem);
}

/* A call into the core for member `key`: on failure, the report names it. */
static cjm_status core(reader *r, const char *key, cjm_status rc)
{
    if (rc == CJM_OK)
        return rc;
    push_key(r, key);
    rc = fail_core(r, rc);
    pop(r);
    return rc;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Refuses members outside `allowed`. */
static cjm_status check_members(reader *r, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i]) {
            push_key(r, key);
            cjm_status rc = fail(r, CJM_ERR_INVALID, "unknown member");
            pop(r);
            return rc;
        }
    }
    return CJM_OK;
}

/* Member `key` of obj: NULL when absent or null (the same thing), and an
 * error when required; with a type check (a json_type, or -1 for any). */
static cjm_status member(reader *r, json_t *obj, const char *key, int type, bool required,
                         json_t **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return required ? fail(r, CJM_ERR_INVALID, "missing member \"%s\"", key) : CJM_OK;
    bool ok = type < 0 || (int)json_typeof(v) == type ||
              (type == JSON_REAL && json_is_integer(v)) ||
              (type == JSON_TRUE && json_is_false(v));
    if (!ok) {
        static const char *const wanted[] = {
            [JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array", [JSON_STRING] = "a string",
            [JSON_INTEGER] = "an integer", [JSON_REAL] = "a number",
            [JSON_TRUE] = "a boolean",
        };
        push_key(r, key);
        cjm_status rc = fail(r, CJM_ERR_INVALID, "expected %s, not %s", wanted[type],
                             type_name(v));
        pop(r);
        return rc;
    }
    *out = v;
    return CJM_OK;
}

static cjm_status string_member(reader *r, json_t *obj, const char *key, bool required,
                                const char **out)
{
    json_t *v;
    cjm_status rc = member(r, obj, key, JSON_STRING, required, &v);
    *out = v ? json_string_value(v) : NULL;
    return rc;
}

/* Feeds optional string member `key` of `obj` to setter(target, value),
 * returning from the calling function on failure. */
#define OPTIONAL_TEXT(r, obj, key, setter, target)                           \
    do {                                                                       \
        const char *value_;                                                    \
        cjm_status rc_ = string_member(r, obj, key, false, &value_);           \
        if (rc_ == CJM_OK && value_)                                           \
            rc_ = core(r, key, setter(target, value_));                        \
        if (rc_ != CJM_OK)                                                     \
            return rc_;                                                        \
    } while (0)

/* Keeps an `extensions` member of `obj` with setter(target, ...), likewise. */
#define EXTENSIONS(r, obj, setter, target)                                     \
    do {                                                                       \
        char *text_ = NULL;                                                    \
        cjm_status rc_ = extensions_text(r, obj, &text_);                      \
        if (rc_ == CJM_OK && text_)                                            \
            rc_ = core(r, "extensions", setter(target, CJM_EXTENSIONS_JSON, text_)); \
        free(text_);                                                           \
        if (rc_ != CJM_OK)                                                     \
            return rc_;                                                        \
    } while (0)

static cjm_status time_member(reader *r, json_t *obj, const char *key, int64_t *out)
{
    const char *value;
    cjm_status rc = string_member(r, obj, key, false, &value);
    *out = CJM_UNSET;
    return rc != CJM_OK || !value ? rc : core(r, key, cjm_time_parse(out, value));
}

/* The text of an `extensions` object, or NULL when there is none. */
static cjm_status extensions_text(reader *r, json_t *obj, char **text)
{
    json_t *v;
    cjm_status rc = member(r, obj, "extensions", JSON_OBJECT, false, &v);
    *text = NULL;
    if (rc != CJM_OK || !v)
        return rc;
    /* Depth was checked for the whole document: dumping cannot run deep. */
    *text = json_dumps(v, JSON_COMPACT);
    return *text ? CJM_OK : cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", r->name);
}

static cjm_status read_feedback(reader *r, cjm_touchpoint *t, json_t *f)
{
    static const char *const allowed[] = { "score", "scale", "emotion", "comment", "source",
                                           "at", "customer", "extensions", NULL };
    json_t *score, *scale;
    cjm_status rc;
    if (!json_is_object(f))
        return fail(r, CJM_ERR_INVALID, "expected an object, not %s", type_name(f));
    if ((rc = check_members(r, f, allowed)) != CJM_OK ||
        (rc = member(r, f, "score", JSON_REAL, true, &score)) != CJM_OK ||
        (rc = member(r, f, "scale", JSON_ARRAY, false, &scale)) != CJM_OK)
        return rc;
    double min = -2, max = 2;
    if (scale) {
        push_key(r, "scale");
        if (json_array_size(scale) != 2) {
            rc = fail(r, CJM_ERR_INVALID, "expected [min, max]");
            pop(r);
            return rc;
        }
        for (size_t i = 0; i < 2; i++) {
            json_t *end = json_array_get(scale, i);
            if (!json_is_number(end)) {
                push_index(r, i);
                rc = fail(r, CJM_ERR_INVALID, "expected a number, not %s", type_name(end));
                pop(r);
                pop(r);
                return rc;
            }
        }
        pop(r);
        min = json_number_value(json_array_get(scale, 0));
        max = json_number_value(json_array_get(scale, 1));
    }
    cjm_feedback *fb = NULL;
    rc = cjm_touchpoint_add_feedback(&fb, t, json_number_value(score), min, max);
    if (rc != CJM_OK) {
        const char *m = cjm_last_error();
        return core(r, strstr(m, ": scale") || strstr(m, ": scale_") ? "scale" : "score", rc);
    }
    OPTIONAL_TEXT(r, f, "emotion", cjm_feedback_set_emotion, fb);
    OPTIONAL_TEXT(r, f, "comment", cjm_feedback_set_comment, fb);
    OPTIONAL_TEXT(r, f, "source", cjm_feedback_set_source, fb);
    OPTIONAL_TEXT(r, f, "customer", cjm_feedback_set_customer, fb);
    int64_t at;
    if ((rc = time_member(r, f, "at", &at)) != CJM_OK ||
        (rc = core(r, "at", cjm_feedback_set_at(fb, at))) != CJM_OK)
        return rc;
    EXTENSIONS(r, f, cjm_feedback_set_extensions, fb);
    return CJM_OK;
}

/* Walks the elements of an array member, pushing each index. */
#define EACH(r, array, i, item)                                                \
    for (size_t i = 0; i < json_array_size(array) &&                          \
                       ((item) = json_array_get(array, i), push_index(r, i), 1); \
         i++, pop(r))

static cjm_status read_touchpoint(reader *r, cjm_stage *stage, json_t *t)
{
    static const char *const allowed[] = { "id", "name", "channel", "owner", "description",
                                           "optional", "at", "feedback", "extensions", NULL };
    if (!json_is_object(t))
        return fail(r, CJM_ERR_INVALID, "expected an object, not %s", type_name(t));
    const char *id, *name, *channel;
    json_t *optional, *feedback, *item;
    int64_t at;
    cjm_status rc;
    if ((rc = check_members(r, t, allowed)) != CJM_OK ||
        (rc = string_member(r, t, "id", true, &id)) != CJM_OK ||
        (rc = string_member(r, t, "name", true, &name)) != CJM_OK ||
        (rc = string_member(r, t, "channel", true, &channel)) != CJM_OK ||
        (rc = member(r, t, "optional", JSON_TRUE, false, &optional)) != CJM_OK ||
        (rc = member(r, t, "feedback", JSON_ARRAY, false, &feedback)) != CJM_OK ||
        (rc = time_member(r, t, "at", &at)) != CJM_OK)
        return rc;
    cjm_touchpoint *tp = NULL;
    rc = cjm_stage_add_touchpoint(&tp, stage, id, name, channel);
    if (rc != CJM_OK) {
        const char *m = cjm_last_error();
        return core(r, strstr(m, ": channel:") ? "channel" : strstr(m, ": name:") ? "name" : "id",
                    rc);
    }
    OPTIONAL_TEXT(r, t, "owner", cjm_touchpoint_set_owner, tp);
    OPTIONAL_TEXT(r, t, "description", cjm_touchpoint_set_description, tp);
    if ((rc = core(r, "optional", cjm_touchpoint_set_optional(tp, json_is_true(optional)))) !=
            CJM_OK ||
        (rc = core(r, "at", cjm_touchpoint_set_at(tp, at))) != CJM_OK)
        return rc;
    push_key(r, "feedback");
    EACH(r, feedback, i, item) {
        if ((rc = read_feedback(r, tp, item)) != CJM_OK) {
            r->path.depth -= 2;
            return rc;
        }
    }
    pop(r);
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
    push_key(r, key);
    if (json_is_integer(v)) {
        json_int_t seconds = json_integer_value(v);
        if (seconds < 0)
            rc = fail(r, CJM_ERR_RANGE, "negative duration");
        else if (seconds > INT64_MAX / 1000)
            rc = fail(r, CJM_ERR_RANGE, "duration too long");
        else
            *out = (int64_t)seconds * 1000;
    } else if (json_is_string(v)) {
        rc = cjm_duration_parse(out, json_string_value(v));
        if (rc != CJM_OK)
            rc = fail_core(r, rc);
    } else {
        rc = fail(r, CJM_ERR_INVALID, "expected whole seconds or an ISO 8601 duration, not %s",
                  type_name(v));
    }
    pop(r);
    return rc;
}

static cjm_status read_stage(reader *r, json_t *s)
{
    static const char *const allowed[] = { "id", "name", "goal", "expected_duration",
                                           "touchpoints", "extensions", NULL };
    if (!json_is_object(s))
        return fail(r, CJM_ERR_INVALID, "expected an object, not %s", type_name(s));
    const char *id, *name;
    json_t *touchpoints, *item;
    int64_t duration;
    cjm_status rc;
    if ((rc = check_members(r, s, allowed)) != CJM_OK ||
        (rc = string_member(r, s, "id", true, &id)) != CJM_OK ||
        (rc = string_member(r, s, "name", true, &name)) != CJM_OK ||
        (rc = member(r, s, "touchpoints", JSON_ARRAY, false, &touchpoints)) != CJM_OK ||
        (rc = duration_member(r, s, "expected_duration", &duration)) != CJM_OK)
        return rc;
    cjm_stage *stage = NULL;
    rc = cjm_journey_add_stage(&stage, r->journey, id, name);
    if (rc != CJM_OK)
        return core(r, strstr(cjm_last_error(), ": name:") ? "name" : "id", rc);
    OPTIONAL_TEXT(r, s, "goal", cjm_stage_set_goal, stage);
    if ((rc = core(r, "expected_duration", cjm_stage_set_expected_duration(stage, duration))) !=
        CJM_OK)
        return rc;
    push_key(r, "touchpoints");
    EACH(r, touchpoints, i, item) {
        if ((rc = read_touchpoint(r, stage, item)) != CJM_OK) {
            r->path.depth -= 2;
            return rc;
        }
    }
    pop(r);
    EXTENSIONS(r, s, cjm_stage_set_extensions, stage);
    return CJM_OK;
}

static cjm_status read_journey(reader *r, json_t *j)
{
    static const char *const allowed[] = { "id", "name", "persona", "description", "customer",
                                           "stages", "extensions", NULL };
    const char *id, *name;
    json_t *stages, *item;
    cjm_status rc;
    if ((rc = check_members(r, j, allowed)) != CJM_OK ||
        (rc = string_member(r, j, "id", true, &id)) != CJM_OK ||
        (rc = string_member(r, j, "name", true, &name)) != CJM_OK ||
        (rc = member(r, j, "stages", JSON_ARRAY, true, &stages)) != CJM_OK)
        return rc;
    r->journey = cjm_journey_new(id, name);
    if (!r->journey)
        return core(r, strstr(cjm_last_error(), ": name:") ? "name" : "id", cjm_last_status());
    OPTIONAL_TEXT(r, j, "persona", cjm_journey_set_persona, r->journey);
    OPTIONAL_TEXT(r, j, "description", cjm_journey_set_description, r->journey);
    OPTIONAL_TEXT(r, j, "customer", cjm_journey_set_customer, r->journey);
    push_key(r, "stages");
    EACH(r, stages, i, item) {
        if ((rc = read_stage(r, item)) != CJM_OK) {
            r->path.depth -= 2;
            return rc;
        }
    }
    pop(r);
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
        return fail(r, CJM_ERR_INVALID, "expected a cjm-journey document (an object), not %s",
                    type_name(doc));
    if ((rc = check_members(r, doc, allowed)) != CJM_OK ||
        (rc = string_member(r, doc, "format", true, &format)) != CJM_OK)
        return rc;
    if (strcmp(format, "cjm-journey") != 0) {
        push_key(r, "format");
        rc = fail(r, CJM_ERR_UNSUPPORTED, "\"%s\" is not \"cjm-journey\"", format);
        pop(r);
        return rc;
    }
    if ((rc = member(r, doc, "version", JSON_INTEGER, true, &version)) != CJM_OK)
        return rc;
    if (json_integer_value(version) != 1) {
        push_key(r, "version");
        rc = fail(r, CJM_ERR_UNSUPPORTED, "version %lld is not known (this reader reads 1)",
                  (long long)json_integer_value(version));
        pop(r);
        return rc;
    }
    if ((rc = member(r, doc, "journey", JSON_OBJECT, true, &journey)) != CJM_OK)
        return rc;
    push_key(r, "journey");
    rc = read_journey(r, journey);
    pop(r);
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
    reader r = { data ? data : "", size, name ? name : "<buffer>", { { { 0 } }, 0 }, NULL };
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
    if (!doc)
        return cjmj_fail(CJM_ERR_PARSE, "%s:%d:%d: %s", r.name, error.line, error.column,
                         error.text);
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
