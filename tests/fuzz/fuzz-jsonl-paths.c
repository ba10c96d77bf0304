/* JSON Lines events: the reader's path for lines of the common shape and
 * the jansson path read any bytes alike. The input is read twice, once as
 * usual and once with every line through jansson (CJM_JSON_JANSSON_ONLY),
 * each event written down field by field, bit for bit; the two accounts,
 * the statuses and the messages must be equal. */
#include <stdarg.h>
#include <string.h>
#include <cjm/json.h>
#include "fuzz-common.h"

typedef struct account {
    char *text;
    size_t size, capacity;
} account;

static void put(account *a, const char *format, ...)
{
    char piece[4096];
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(piece, sizeof piece, format, ap);
    va_end(ap);
    FUZZ_ASSERT(n >= 0);
    size_t len = (size_t)n < sizeof piece ? (size_t)n : sizeof piece - 1;
    if (a->size + len + 1 > a->capacity) {
        a->capacity = (a->size + len + 1) * 2;
        a->text = realloc(a->text, a->capacity);
        FUZZ_ASSERT(a->text);
    }
    memcpy(a->text + a->size, piece, len + 1);
    a->size += len;
}

static const char *or_none(const char *s)
{
    return s ? s : "(none)";
}

static void put_number(account *a, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    put(a, " %016llx", (unsigned long long)bits);
}

static cjm_status write_down(const cjm_event *e, void *userdata)
{
    account *a = userdata;
    cjm_status why;
    const char *error = cjm_event_error(e, &why);
    if (error) {
        put(a, "unreadable %d %s\n", (int)why, error);
        return CJM_OK;
    }
    cjm_extensions_format format;
    const char *ext = cjm_event_extensions(e, &format);
    put(a, "event %s|%s|%lld|%s|%s|%s|%d|%s|", or_none(cjm_event_origin(e)),
        or_none(cjm_event_customer(e)), (long long)cjm_event_at(e),
        or_none(cjm_event_touchpoint(e)), or_none(cjm_event_channel(e)),
        or_none(cjm_event_stage(e)), (int)format, or_none(ext));
    if (cjm_event_has_feedback(e)) {
        put(a, "feedback");
        put_number(a, cjm_event_score(e));
        put_number(a, cjm_event_scale_min(e));
        put_number(a, cjm_event_scale_max(e));
        put(a, "|%s|%s|%s|%lld", or_none(cjm_event_emotion(e)), or_none(cjm_event_comment(e)),
            or_none(cjm_event_source(e)), (long long)cjm_event_feedback_at(e));
    }
    for (size_t i = 0; i < cjm_event_attribute_count(e); i++)
        put(a, "|%s=%s", cjm_event_attribute_key(e, i), cjm_event_attribute_value(e, i));
    put(a, "\n");
    return CJM_OK;
}

static void read_down(account *a, const uint8_t *data, size_t size)
{
    cjm_status rc = cjm_json_read_events((const char *)data, size, "fuzz", 1, write_down, a);
    put(a, "status %d %s\n", (int)rc, rc == CJM_OK ? "" : cjm_last_error());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    account usual = { 0 }, jansson = { 0 };
    unsetenv("CJM_JSON_JANSSON_ONLY");
    read_down(&usual, data, size);
    setenv("CJM_JSON_JANSSON_ONLY", "1", 1);
    read_down(&jansson, data, size);
    unsetenv("CJM_JSON_JANSSON_ONLY");
    if (strcmp(usual.text, jansson.text) != 0) {
        fprintf(stderr, "usual path:\n%s\njansson path:\n%s\n", usual.text, jansson.text);
        FUZZ_ASSERT(!"the two paths read the input alike");
    }
    free(usual.text);
    free(jansson.text);
    return 0;
}
