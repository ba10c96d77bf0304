/* Taking events from XES: the attributes cjm uses, as they pass, made into
 * a cjm event at the end of each <event>; problems that make it no valid
 * cjm event mark it instead of stopping the log. */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <strings.h>

#include "xes-state.h"

/* Records why the event being read cannot be a cjm event; the first
 * reason wins. */
static void event_bad(state *s, cjm_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static void event_bad(state *s, cjm_status status, const char *format, ...)
{
    if (s->c.bad)
        return;
    char message[400];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    s->c.bad = true;
    s->c.bad_status = status;
    snprintf(s->c.bad_message, sizeof s->c.bad_message, "%s:%ld: <event>: %s", s->p.name,
             s->c.line, message);
}

/* Marks the event bad with the problem the core just reported. */
static cjm_status core(state *s, const char *key, cjm_status rc)
{
    if (rc == CJM_ERR_NOMEM)
        return nomem(s);
    if (rc != CJM_OK) {
        const char *m = cjm_last_error(), *colon = strstr(m, ": ");
        event_bad(s, rc, "%s: %s", key, colon ? colon + 2 : m);
    }
    return CJM_OK;
}

/* strcmp() == 0 that settles most mismatches on the first byte: keys are
 * compared several times for every attribute of a log. */
static inline bool same(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

/* Takes an attribute the mapping does not use as an attribute of the
 * event, its value as written; a bad one marks the event. */
static cjm_status take_attribute(state *s, const char *key, const char *value)
{
    cjm_status rc = cjm_event_set_attribute(s->event, key, value);
    if (rc == CJM_ERR_NOMEM)
        return nomem(s);
    if (rc != CJM_OK) {
        const char *m = cjm_last_error(), *colon = strstr(m, ": ");
        event_bad(s, rc, "%s", colon ? colon + 2 : m);
    }
    return CJM_OK;
}

/* Takes an attribute of the event being read: one cjm uses, or else an
 * attribute of the event. */
cjm_status xes_take_event_attribute(state *s, const char *key, xes_type type,
                                       const char *value, long long date)
{
    cjm_event *e = s->event;
    bool text = type == XES_STRING || type == XES_INT || type == XES_ID;
    if (type == XES_DATE && same(key, "time:timestamp")) {
        s->c.has_at = true;
        return core(s, key, cjm_event_set_at(e, date));
    }
    if (type != XES_DATE && same(key, "time:timestamp")) {
        long long ms;
        /* A string is not an XES date at all: read as other tools mean it,
         * UTC when it names no zone. */
        if (s->strict || type != XES_STRING)
            event_bad(s, CJM_ERR_INVALID, "time:timestamp: <%s>, not <date>",
                      xes_type_name(type));
        else if (!xes_time(&ms, value, true, true))
            event_bad(s, CJM_ERR_INVALID, "time:timestamp: \"%.64s\" is not a time", value);
        else if (core(s, key, cjm_event_set_at(e, ms)) != CJM_OK)
            return CJM_ERR_NOMEM;
        s->c.has_at = true;
        return CJM_OK;
    }
    if (same(key, "lifecycle:transition") && s->o && s->o->lifecycle) {
        s->c.skip = strcasecmp(value, s->o->lifecycle) != 0;
        return CJM_OK;
    }
    bool used = false;
    if (s->classifier_count > 0) {
        const char *k = s->classifier_keys;
        for (int i = 0; i < s->classifier_count; i++, k += strlen(k) + 1)
            if (same(k, key)) {
                if (bytes_set(&s->key_value[i], value) != CJM_OK)
                    return nomem(s);
                s->c.has_key[i] = used = true;
            }
    } else if (same(key, s->touchpoint_key)) {
        used = true;
        if (!text)
            event_bad(s, CJM_ERR_INVALID, "%s: a %s cannot name a touchpoint", key,
                      xes_type_name(type));
        else
            return core(s, key, cjm_event_set_touchpoint(e, value));
    }
    if (same(key, s->channel_key))
        return text ? core(s, key, cjm_event_set_channel(e, value)) : CJM_OK;
    if (same(key, s->stage_key))
        return text ? core(s, key, cjm_event_set_stage(e, value)) : CJM_OK;
    if (!(key[0] == 'c' && strncmp(key, "cjm:", 4) == 0))
        return used ? CJM_OK : take_attribute(s, key, value);
    const char *name = key + 4;
    double *number = same(name, "score")       ? &s->c.score
                     : same(name, "scale-min") ? &s->c.min
                     : same(name, "scale-max") ? &s->c.max
                                                      : NULL;
    if (number) {
        if (type != XES_FLOAT && type != XES_INT) {
            event_bad(s, CJM_ERR_INVALID, "%s: a %s, not a number", key, xes_type_name(type));
            return CJM_OK;
        }
        *number = strtod(value, NULL);
        bool *has = number == &s->c.score ? &s->c.has_score
                    : number == &s->c.min ? &s->c.has_min
                                          : &s->c.has_max;
        *has = true;
        return CJM_OK;
    }
    bytes *b = same(name, "emotion")   ? &s->emotion
               : same(name, "comment") ? &s->comment
               : same(name, "source")  ? &s->source
                                              : NULL;
    if (b)
        return *value && bytes_set(b, value) != CJM_OK ? nomem(s) : CJM_OK;
    if (same(name, "feedback-at")) {
        if (type != XES_DATE)
            event_bad(s, CJM_ERR_INVALID, "%s: not a date", key);
        s->c.feedback_at = date;
        s->c.has_feedback_at = true;
    }
    return CJM_OK;
}

/* Records the first problem with an attribute of the trace being read. */
static void trace_bad(state *s, cjm_status status, const char *problem)
{
    if (s->trace_bad)
        return;
    s->trace_bad = true;
    s->trace_bad_status = status;
    snprintf(s->trace_bad_message, sizeof s->trace_bad_message, "trace attribute at line %ld: %s",
             cjmx_line(&s->p), problem);
}

void xes_repeated_key(state *s, bool in_trace, const char *key)
{
    char problem[400];
    snprintf(problem, sizeof problem, "key \"%.256s\" given twice", key);
    if (in_trace)
        trace_bad(s, CJM_ERR_INVALID, problem);
    else
        event_bad(s, CJM_ERR_INVALID, "%s", problem);
}

void xes_trace_start(state *s)
{
    s->in_trace = true;
    s->has_customer = false;
    s->trace_bad = false;
    cjm_event_clear_attributes(s->trace_attributes);
}

cjm_status xes_take_trace_attribute(state *s, const char *key, xes_type type, const char *value)
{
    if (strcmp(key, s->customer_key) != 0) {
        char problem[400];
        cjm_status rc = cjm_event_set_attribute(s->trace_attributes, key, value);
        if (rc == CJM_ERR_NOMEM)
            return nomem(s);
        if (rc != CJM_OK) {
            const char *m = cjm_last_error(), *colon = strstr(m, ": ");
            snprintf(problem, sizeof problem, "%s", colon ? colon + 2 : m);
            trace_bad(s, rc, problem);
        }
        return CJM_OK;
    }
    if (type != XES_STRING && type != XES_INT && type != XES_ID)
        return CJM_OK;
    size_t n = strlen(value);
    s->has_customer = true;
    s->customer_too_long = n > VALUE_MAX;
    if (!s->customer_too_long)
        memcpy(s->customer, value, n + 1);
    return CJM_OK;
}

/* Gives the event the trace's attributes it lacks: its own win. */
static cjm_status inherit_attributes(state *s)
{
    if (s->trace_bad) {
        event_bad(s, s->trace_bad_status, "%s", s->trace_bad_message);
        return CJM_OK;
    }
    const cjm_event *t = s->trace_attributes;
    for (size_t i = 0, n = cjm_event_attribute_count(t); i < n; i++) {
        const char *key = cjm_event_attribute_key(t, i);
        if (cjm_event_attribute(s->event, key))
            continue;
        cjm_status rc = cjm_event_set_attribute(s->event, key, cjm_event_attribute_value(t, i));
        if (rc == CJM_ERR_NOMEM)
            return nomem(s);
        if (rc != CJM_OK) { /* checked already: only their number can be too many */
            const char *m = cjm_last_error(), *colon = strstr(m, ": ");
            event_bad(s, rc, "%s", colon ? colon + 2 : m);
            return CJM_OK;
        }
    }
    return CJM_OK;
}

void xes_event_start(state *s)
{
    s->event = event_pipe_slot(s->pipe);
    cjm_event_clear(s->event);
    memset(&s->c, 0, offsetof(capture, bad_message));
    s->emotion.len = s->comment.len = s->source.len = 0;
    s->c.line = cjmx_line(&s->p);
}

/* NAME:LINE, for every event: without printf, which showed in profiles. */
static void format_origin(char origin[300], const char *name, long line)
{
    size_t n = strnlen(name, 256);
    memcpy(origin, name, n);
    char digits[24];
    int k = 0;
    unsigned long v = line > 0 ? (unsigned long)line : 0;
    do
        digits[k++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    origin[n++] = ':';
    while (k)
        origin[n++] = digits[--k];
    origin[n] = '\0';
}

/* Completes the event from what was taken and hands it to the sink. */
cjm_status xes_event_end(state *s)
{
    if (s->c.skip)
        return CJM_OK;
    cjm_event *e = s->event;
    cjm_status rc = CJM_OK;
    if (!s->in_trace)
        event_bad(s, CJM_ERR_INVALID, "an event outside a trace has no customer");
    else if (!s->has_customer)
        event_bad(s, CJM_ERR_INVALID, "its trace has no \"%s\" to name the customer",
                  s->customer_key);
    else if (s->customer_too_long)
        event_bad(s, CJM_ERR_LIMIT, "customer: longer than %d bytes", CJM_ID_MAX);
    else
        rc = core(s, s->customer_key, cjm_event_set_customer(e, s->customer));
    if (rc == CJM_OK && s->in_trace && !s->c.bad)
        rc = inherit_attributes(s);
    if (s->classifier_count > 0 && rc == CJM_OK) {
        char id[VALUE_MAX + 1];
        size_t at = 0;
        for (int i = 0; i < s->classifier_count && !s->c.bad; i++) {
            if (!s->c.has_key[i]) {
                event_bad(s, CJM_ERR_INVALID, "no value for classifier key %d", i + 1);
                break;
            }
            size_t n = s->key_value[i].len;
            if (at + n + 1 > sizeof id) {
                event_bad(s, CJM_ERR_LIMIT, "touchpoint: longer than %d bytes", CJM_ID_MAX);
                break;
            }
            if (i)
                id[at++] = '+';
            memcpy(id + at, s->key_value[i].data, n);
            at += n;
        }
        id[at] = '\0';
        if (!s->c.bad)
            rc = core(s, "touchpoint", cjm_event_set_touchpoint(e, id));
    }
    if (rc == CJM_OK && !s->c.bad && !cjm_event_touchpoint(e))
        event_bad(s, CJM_ERR_INVALID, "no \"%s\" to name the touchpoint", s->touchpoint_key);
    if (rc == CJM_OK && !s->c.has_at)
        event_bad(s, CJM_ERR_INVALID, "no time:timestamp");
    if (rc == CJM_OK && (s->c.has_min || s->c.has_max) && !s->c.has_score)
        event_bad(s, CJM_ERR_INVALID, "a scale without cjm:score");
    if (rc == CJM_OK && s->c.has_min != s->c.has_max)
        event_bad(s, CJM_ERR_INVALID, "cjm:scale-min and cjm:scale-max go together");
    if (rc == CJM_OK && s->c.has_score && !s->c.bad) {
        double min = s->c.has_min ? s->c.min : CJM_DEFAULT_SCALE_MIN;
        double max = s->c.has_max ? s->c.max : CJM_DEFAULT_SCALE_MAX;
        rc = core(s, "cjm:score", cjm_event_set_feedback(e, s->c.score, min, max));
        if (rc == CJM_OK && !s->c.bad && s->emotion.len)
            rc = core(s, "cjm:emotion", cjm_event_set_emotion(e, s->emotion.data));
        if (rc == CJM_OK && !s->c.bad && s->comment.len)
            rc = core(s, "cjm:comment", cjm_event_set_comment(e, s->comment.data));
        if (rc == CJM_OK && !s->c.bad && s->source.len)
            rc = core(s, "cjm:source", cjm_event_set_source(e, s->source.data));
        if (rc == CJM_OK && !s->c.bad && s->c.has_feedback_at)
            rc = core(s, "cjm:feedback-at", cjm_event_set_feedback_at(e, s->c.feedback_at));
    } else if (rc == CJM_OK && (s->emotion.len || s->comment.len || s->source.len)) {
        event_bad(s, CJM_ERR_INVALID, "feedback text without cjm:score");
    }
    if (rc != CJM_OK)
        return rc;
    char origin[300];
    format_origin(origin, s->p.name, s->c.line);
    if (s->c.bad) {
        cjm_event_clear(e);
        if (cjm_event_set_error(e, s->c.bad_status, s->c.bad_message) != CJM_OK)
            return nomem(s);
    }
    if (cjm_event_set_origin(e, origin) != CJM_OK)
        return nomem(s);
    return event_pipe_push(s->pipe);
}

cjm_status xes_deliver(void *ctx, const cjm_event *e)
{
    const state *s = ctx;
    cjm_status rc = s->sink(e, s->userdata);
    if (rc != CJM_OK && strncmp(cjm_last_error(), s->p.name, strlen(s->p.name)) != 0) {
        /* A sink that does not use origins: its message gets the place. */
        char message[1024];
        snprintf(message, sizeof message, "%s", cjm_last_error());
        cjmx_fail(rc, "%s: %s", cjm_event_origin(e), message);
    }
    return rc;
}
