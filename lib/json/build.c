/* Building jansson trees: helpers note any allocation failure, so that
 * building goes straight through and is checked once. */
#include <math.h>
#include <stdio.h>

#include "json-private.h"

json_t *cjmj_new_object(void)
{
    /* Not json_object(): a PostgreSQL server exports a function of that
     * name, and in a server process (the cjm extension) the executable's
     * symbol is found before jansson's. json_pack is jansson's too. */
    return json_pack("{}");
}

json_t *cjmj_object(cjmj_builder *b)
{
    json_t *o = cjmj_new_object();
    b->failed |= !o;
    return o;
}

void cjmj_put(cjmj_builder *b, json_t *obj, const char *key, json_t *value)
{
    if (!value || !obj || json_object_set_new(obj, key, value) != 0) {
        b->failed = 1;
        if (value && !obj)
            json_decref(value);
    }
}

void cjmj_put_text(cjmj_builder *b, json_t *obj, const char *key, const char *text)
{
    if (text)
        cjmj_put(b, obj, key, json_string(text));
}

void cjmj_put_time(cjmj_builder *b, json_t *obj, const char *key, int64_t at)
{
    char text[CJM_TIME_BUFSIZE];
    if (at != CJM_UNSET && cjm_time_format(text, sizeof text, at) == CJM_OK)
        cjmj_put(b, obj, key, json_string(text));
}

json_t *cjmj_number(double x)
{
    /* Whole numbers stay integers (2, not 2.0); others read back exactly. */
    if (x == floor(x) && fabs(x) < 9007199254740992.0)
        return json_integer((json_int_t)x);
    return json_real(x);
}

json_t *cjmj_duration(int64_t ms)
{
    /* Integer seconds when whole, else PT<seconds>.<mmm>S (model.md). */
    if (ms % 1000 == 0)
        return json_integer(ms / 1000);
    char text[48];
    snprintf(text, sizeof text, "PT%lld.%03lldS", (long long)(ms / 1000),
             (long long)(ms % 1000));
    return json_string(text);
}

json_t *cjmj_scale(cjmj_builder *b, double min, double max)
{
    json_t *scale = json_array();
    b->failed |= !scale || json_array_append_new(scale, cjmj_number(min)) != 0 ||
                 json_array_append_new(scale, cjmj_number(max)) != 0;
    return scale;
}

void cjmj_put_extensions(cjmj_builder *b, json_t *obj, const char *text,
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
    cjmj_put(b, obj, "extensions", value);
}
