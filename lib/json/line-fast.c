/* The common event line read without building a tree: an object of the
 * members customer, at, touchpoint, channel, stage and feedback (score and
 * scale), in any order, its strings printable ASCII without escapes, its
 * numbers without exponent. Such a line is valid JSON that jansson would
 * parse into the same values, so the event is made by the same setters in
 * the same order as the jansson path makes it. Anything else, and any line
 * the setters refuse, is declined, and the jansson path (the parser of
 * record) reads it from the start, with its own message on failure: this
 * path never refuses a line, it only accepts fewer. */
#include <stdint.h>
#include <string.h>

#include "json-private.h"

typedef struct cursor {
    const char *p, *end;
} cursor;

/* JSON's whitespace, but for the line feed that ends the line. */
static void skip_space(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r'))
        c->p++;
}

static bool eat(cursor *c, char ch)
{
    skip_space(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

/* A string of printable ASCII without escapes, copied with its NUL into
 * out[0 .. room); false for any other (the jansson path reads it). */
static bool string(cursor *c, char *out, size_t room)
{
    if (!eat(c, '"'))
        return false;
    const char *s = c->p;
    while (c->p < c->end && *c->p != '"') {
        unsigned char ch = (unsigned char)*c->p;
        if (ch < 0x20 || ch > 0x7e || ch == '\\')
            return false;
        c->p++;
    }
    size_t n = (size_t)(c->p - s);
    if (c->p == c->end || n >= room)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    c->p++;
    return true;
}

static bool digit(const cursor *c, const char *q)
{
    return q < c->end && *q >= '0' && *q <= '9';
}

/* A number of at most 17 characters without exponent, with JSON's
 * grammar: its value as jansson gives it (an integer's through a 64-bit
 * integer, so `-0` is 0; a fraction's by strtod, which must take every
 * character, as it does not under a locale whose decimal point differs:
 * jansson converts such text first, and this path declines it). */
static bool number(cursor *c, double *out)
{
    skip_space(c);
    const char *s = c->p, *q = s;
    bool fraction = false;
    if (q < c->end && *q == '-')
        q++;
    if (!digit(c, q))
        return false;
    if (*q == '0') {
        if (digit(c, ++q))
            return false;
    } else {
        while (digit(c, q))
            q++;
    }
    if (q < c->end && *q == '.') {
        if (!digit(c, ++q))
            return false;
        while (digit(c, q))
            q++;
        fraction = true;
    }
    size_t n = (size_t)(q - s);
    if (n > 17 || (q < c->end && (*q == 'e' || *q == 'E')))
        return false;
    char text[18], *end;
    memcpy(text, s, n);
    text[n] = '\0';
    *out = fraction ? strtod(text, &end) : (double)strtoll(text, &end, 10);
    c->p = q;
    return end == text + n;
}

/* The feedback object: score and, optionally, scale as [min, max]. */
static bool feedback(cursor *c, double *score, double *min, double *max)
{
    bool has_score = false, has_scale = false;
    if (!eat(c, '{'))
        return false;
    do {
        char key[8];
        if (!string(c, key, sizeof key) || !eat(c, ':'))
            return false;
        if (strcmp(key, "score") == 0 && !has_score) {
            has_score = true;
            if (!number(c, score))
                return false;
        } else if (strcmp(key, "scale") == 0 && !has_scale) {
            has_scale = true;
            if (!eat(c, '[') || !number(c, min) || !eat(c, ',') || !number(c, max) ||
                !eat(c, ']'))
                return false;
        } else {
            return false;
        }
    } while (eat(c, ','));
    return eat(c, '}') && has_score;
}

enum { CUSTOMER, AT, TOUCHPOINT, CHANNEL, STAGE, FEEDBACK, MEMBERS };

bool cjmj_fast_event(cjm_event *e, const char *text, size_t len)
{
    static const char *const names[MEMBERS] = { "customer", "at", "touchpoint", "channel",
                                                "stage", "feedback" };
    char strings[2048];
    const char *value[FEEDBACK] = { NULL };
    size_t used = 0;
    double score = 0, min = CJM_DEFAULT_SCALE_MIN, max = CJM_DEFAULT_SCALE_MAX;
    bool has_feedback = false;
    cursor c = { text, text + len };
    if (!eat(&c, '{'))
        return false;
    do {
        char key[12];
        size_t k = 0;
        if (!string(&c, key, sizeof key) || !eat(&c, ':'))
            return false;
        while (k < MEMBERS && strcmp(names[k], key) != 0)
            k++;
        if (k == FEEDBACK && !has_feedback) {
            has_feedback = true;
            if (!feedback(&c, &score, &min, &max))
                return false;
        } else if (k < FEEDBACK && !value[k]) {
            if (!string(&c, strings + used, sizeof strings - used))
                return false;
            value[k] = strings + used;
            used += strlen(value[k]) + 1;
        } else {
            return false; /* unknown, repeated, or for the jansson path (attributes...) */
        }
    } while (eat(&c, ','));
    if (!eat(&c, '}'))
        return false;
    skip_space(&c);
    int64_t at;
    if (c.p != c.end || !value[CUSTOMER] || !value[TOUCHPOINT] || !value[AT] ||
        cjm_time_parse(&at, value[AT]) != CJM_OK)
        return false;
    cjm_event_clear(e);
    return cjm_event_set_customer(e, value[CUSTOMER]) == CJM_OK &&
           cjm_event_set_touchpoint(e, value[TOUCHPOINT]) == CJM_OK &&
           cjm_event_set_at(e, at) == CJM_OK &&
           (!value[CHANNEL] || cjm_event_set_channel(e, value[CHANNEL]) == CJM_OK) &&
           (!value[STAGE] || cjm_event_set_stage(e, value[STAGE]) == CJM_OK) &&
           (!has_feedback || cjm_event_set_feedback(e, score, min, max) == CJM_OK);
}
