/* Walking parsed JSON with a path: located failures and typed members,
 * for the journey and event readers. */
#include <stdarg.h>
#include <string.h>

#include "json-private.h"
#include "scan.h"


void cjmj_push_key(reader *r, const char *key)
{
    if (r->path.depth < CJMJ_PATH_MAX)
        r->path.steps[r->path.depth] = (cjmj_step){ key, 0 };
    r->path.depth++;
}

void cjmj_push_index(reader *r, size_t index)
{
    if (r->path.depth < CJMJ_PATH_MAX)
        r->path.steps[r->path.depth] = (cjmj_step){ NULL, index };
    r->path.depth++;
}

void cjmj_pop(reader *r)
{
    r->path.depth--;
}

cjm_status cjmj_fail_at(reader *r, cjm_status status, const char *format, ...)
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
    line += r->first_line ? r->first_line - 1 : 0;
    cjmj_path_format(&shown, where, sizeof where);
    return cjmj_fail(status, "%s:%zu:%zu: %s: %s", r->name, line, column, where, problem);
}

/* Fails with the problem the core reported: its message without the
 * function name, and without the field when the path ends with it. */
cjm_status cjmj_fail_core(reader *r, cjm_status status)
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
    return cjmj_fail_at(r, status, "%s", problem);
}

/* A call into the core for member `key`: on failure, the report names it. */
cjm_status cjmj_core(reader *r, const char *key, cjm_status rc)
{
    if (rc == CJM_OK)
        return rc;
    cjmj_push_key(r, key);
    rc = cjmj_fail_core(r, rc);
    cjmj_pop(r);
    return rc;
}

const char *cjmj_type_name(const json_t *v)
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
cjm_status cjmj_check_members(reader *r, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i]) {
            cjmj_push_key(r, key);
            cjm_status rc = cjmj_fail_at(r, CJM_ERR_INVALID, "unknown member");
            cjmj_pop(r);
            return rc;
        }
    }
    return CJM_OK;
}

/* Member `key` of obj: NULL when absent or null (the same thing), and an
 * error when required; with a type check (a json_type, or -1 for any). */
cjm_status cjmj_member(reader *r, json_t *obj, const char *key, int type, bool required,
                         json_t **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return required ? cjmj_fail_at(r, CJM_ERR_INVALID, "missing member \"%s\"", key) : CJM_OK;
    bool ok = type < 0 || (int)json_typeof(v) == type ||
              (type == JSON_REAL && json_is_integer(v)) ||
              (type == JSON_TRUE && json_is_false(v));
    if (!ok) {
        static const char *const wanted[] = {
            [JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array", [JSON_STRING] = "a string",
            [JSON_INTEGER] = "an integer", [JSON_REAL] = "a number",
            [JSON_TRUE] = "a boolean",
        };
        cjmj_push_key(r, key);
        cjm_status rc = cjmj_fail_at(r, CJM_ERR_INVALID, "expected %s, not %s", wanted[type],
                             cjmj_type_name(v));
        cjmj_pop(r);
        return rc;
    }
    *out = v;
    return CJM_OK;
}

cjm_status cjmj_string_member(reader *r, json_t *obj, const char *key, bool required,
                                const char **out)
{
    json_t *v;
    cjm_status rc = cjmj_member(r, obj, key, JSON_STRING, required, &v);
    *out = v ? json_string_value(v) : NULL;
    return rc;
}

cjm_status cjmj_time_member(reader *r, json_t *obj, const char *key, int64_t *out)
{
    const char *value;
    cjm_status rc = cjmj_string_member(r, obj, key, false, &value);
    *out = CJM_UNSET;
    return rc != CJM_OK || !value ? rc : cjmj_core(r, key, cjm_time_parse(out, value));
}


/* The text of an `extensions` object, or NULL when there is none. */
cjm_status cjmj_extensions_text(reader *r, json_t *obj, char **text)
{
    json_t *v;
    cjm_status rc = cjmj_member(r, obj, "extensions", JSON_OBJECT, false, &v);
    *text = NULL;
    if (rc != CJM_OK || !v)
        return rc;
    /* Depth was checked for the whole document: dumping cannot run deep. */
    *text = json_dumps(v, JSON_COMPACT);
    return *text ? CJM_OK : cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", r->name);
}
