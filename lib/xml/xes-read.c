/* Reading XES: a walk over libxml2's text reader, one node at a time, so
 * memory holds one event and the log's declarations, never the log. Each
 * element is checked where it stands (order, XML attributes, key, value);
 * the attributes an event is made of are taken as they pass. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event-pipe.h"
#include "xml-private.h"
#include "xes-options.h"
#include "xes-rules.h"

#define MAX_DEPTH 300            /* past libxml2's own limit of 256 */
#define MAX_KEYS 10000           /* keys in one element */
#define MAX_DECLARATIONS 4096    /* extensions, globals, classifiers */
#define MAX_CLASSIFIER_KEYS 16
#define VALUE_MAX 1024           /* bytes kept of an id-like value; more is an error */

typedef enum kind { K_LOG, K_EXTENSION, K_GLOBAL, K_CLASSIFIER, K_TRACE, K_EVENT, K_ATTR,
                    K_VALUES } kind;

typedef struct frame {
    kind kind;
    int phase;              /* how far the order of children has come */
    xes_type type;          /* K_ATTR */
    int scope;              /* K_GLOBAL: 0 trace, 1 event */
    size_t keys_from;       /* this element's key set in `keys` */
    size_t text_from;
} frame;

typedef struct key_entry {
    uint32_t hash, len;
    size_t at;
} key_entry;

/* A growable byte store. */
typedef struct bytes {
    char *data;
    size_t len, cap;
} bytes;

typedef struct declared {
    size_t key;             /* offset in `decl` */
    int scope;              /* globals: 0 trace, 1 event; prefixes: standard extension */
    xes_type type;
} declared;

#define CHECKED_MAX 64

typedef struct checked {
    uint32_t hash;
    kind parent;
    xes_type type;
    char key[48];
} checked;

/* The event being read. */
typedef struct capture {
    long line;
    bool bad, skip, has_at, has_score, has_min, has_max, has_feedback_at;
    cjm_status bad_status;
    char bad_message[600];
    double score, min, max;
    int64_t feedback_at;
    bool has_key[MAX_CLASSIFIER_KEYS];
} capture;

typedef struct state {
    cjmx_parse p;
    const cjm_xes_options *o;
    const char *touchpoint_key, *customer_key, *channel_key, *stage_key;
    cjm_event_sink sink;
    void *userdata;
    bool strict, nested, versioned, log_has_content;
    const xmlChar *xes_ns;      /* the XES namespace as the parser spells it */
    checked checked[CHECKED_MAX];
    int nchecked;
    frame frames[MAX_DEPTH];
    int depth;
    key_entry *keys;
    size_t nkeys, keys_cap;
    bytes key_text;
    /* Declarations of the log. */
    bytes decl;
    declared *prefixes, *globals;
    size_t nprefixes, nglobals, nclassifiers;
    bool classifier_found;
    char classifier_keys[4096];
    int classifier_count;
    /* The trace and the event being read. */
    bool in_trace, has_customer, customer_too_long;
    char customer[VALUE_MAX + 1];
    event_pipe *pipe;
    cjm_event *event;           /* the pipe's slot being filled */
    capture c;
    /* Texts of the event being read, kept until its end. */
    bytes emotion, comment, source, key_value[MAX_CLASSIFIER_KEYS];
} state;

static int grow(void **data, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *p = cjm_realloc(*data, n * size);
    if (!p)
        return -1;
    *data = p;
    *cap = n;
    return 0;
}

static int bytes_set(bytes *b, const char *text)
{
    size_t n = strlen(text);
    if (grow((void **)&b->data, &b->cap, n + 1, 1) < 0)
        return -1;
    memcpy(b->data, text, n + 1);
    b->len = n;
    return 0;
}

/* Appends text with its NUL; the offset of the copy, or (size_t)-1. */
static size_t bytes_add(bytes *b, const char *text)
{
    size_t n = strlen(text), at = b->len;
    if (grow((void **)&b->data, &b->cap, at + n + 1, 1) < 0)
        return (size_t)-1;
    memcpy(b->data + at, text, n + 1);
    b->len += n + 1;
    return at;
}

static cjm_status nomem(state *s)
{
    return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", s->p.name);
}

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

static uint32_t hash_of(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Adds key to the key set of the innermost element; refuses a repeat. */
static cjm_status add_key(state *s, const char *key)
{
    frame *f = &s->frames[s->depth - 1];
    size_t n = strlen(key);
    uint32_t h = hash_of(key, n);
    for (size_t i = f->keys_from; i < s->nkeys; i++)
        if (s->keys[i].hash == h && s->keys[i].len == n &&
            memcmp(s->key_text.data + s->keys[i].at, key, n) == 0)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\" appears twice", key);
    if (s->nkeys - f->keys_from >= MAX_KEYS)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "more than %d attributes", MAX_KEYS);
    size_t at = bytes_add(&s->key_text, key);
    if (at == (size_t)-1 || grow((void **)&s->keys, &s->keys_cap, s->nkeys + 1, sizeof *s->keys))
        return nomem(s);
    s->keys[s->nkeys++] = (key_entry){ h, (uint32_t)n, at };
    return CJM_OK;
}

static cjm_status push(state *s, kind k, xes_type type, int scope)
{
    if (s->depth >= MAX_DEPTH)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "nested deeper than %d", MAX_DEPTH);
    s->frames[s->depth++] = (frame){ k, 0, type, scope, s->nkeys, s->key_text.len };
    return CJM_OK;
}

static const char *decl_text(const state *s, size_t at)
{
    return s->decl.data + at;
}

static cjm_status declare(state *s, declared **list, size_t *n, const char *key, int scope,
                          xes_type type)
{
    size_t cap = *n;
    if (*n >= MAX_DECLARATIONS)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "more than %d declarations",
                            MAX_DECLARATIONS);
    size_t at = bytes_add(&s->decl, key);
    if (at == (size_t)-1)
        return nomem(s);
    declared *grown = cjm_realloc(*list, (cap + 1) * sizeof **list);
    if (!grown)
        return nomem(s);
    *list = grown;
    grown[(*n)++] = (declared){ at, scope, type };
    return CJM_OK;
}

static const declared *find(const state *s, const declared *list, size_t n, const char *key,
                            int scope)
{
    for (size_t i = 0; i < n; i++)
        if ((scope < 0 || list[i].scope == scope) && strcmp(decl_text(s, list[i].key), key) == 0)
            return &list[i];
    return NULL;
}

/* IEEE 1849-2016 only: a prefixed key needs its extension declared, and a
 * standard extension's key must be one it defines, of its type. */
static cjm_status check_extension_key(state *s, const char *key, xes_type type)
{
    const char *colon = strchr(key, ':');
    if (!colon)
        return CJM_OK;
    char prefix[256];
    size_t n = (size_t)(colon - key);
    if (n >= sizeof prefix)
        return CJM_OK;
    memcpy(prefix, key, n);
    prefix[n] = '\0';
    const declared *d = find(s, s->prefixes, s->nprefixes, prefix, -1);
    if (!d)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": extension prefix \"%s\" "
                            "is not declared", key, prefix);
    if (d->scope < 0)
        return CJM_OK;
    xes_type want = xes_standard_key(d->scope, colon + 1);
    if (want == XES_NOT_A_TYPE)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": extension \"%s\" defines no "
                            "such key", key, prefix);
    if (want != type)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": the extension makes it "
                            "<%s>, not <%s>", key, xes_type_name(want), xes_type_name(type));
    return CJM_OK;
}

/* strcmp() == 0 that settles most mismatches on the first byte: keys are
 * compared several times for every attribute of a log. */
static inline bool same(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

/* Takes an attribute of the event being read, if it is one cjm uses. */
static cjm_status take_event_attribute(state *s, const char *key, xes_type type,
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
        else if (xes_time(&ms, value, true, true) != 0)
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
    if (s->classifier_count > 0) {
        const char *k = s->classifier_keys;
        for (int i = 0; i < s->classifier_count; i++, k += strlen(k) + 1)
            if (same(k, key)) {
                if (bytes_set(&s->key_value[i], value) < 0)
                    return nomem(s);
                s->c.has_key[i] = true;
            }
    } else if (same(key, s->touchpoint_key)) {
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
        return CJM_OK;
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
        return *value && bytes_set(b, value) < 0 ? nomem(s) : CJM_OK;
    if (same(name, "feedback-at")) {
        if (type != XES_DATE)
            event_bad(s, CJM_ERR_INVALID, "%s: not a date", key);
        s->c.feedback_at = date;
        s->c.has_feedback_at = true;
    }
    return CJM_OK;
}

/* Takes an attribute of the trace being read: its customer. */
static void take_trace_attribute(state *s, const char *key, xes_type type, const char *value)
{
    if (strcmp(key, s->customer_key) != 0 ||
        (type != XES_STRING && type != XES_INT && type != XES_ID))
        return;
    size_t n = strlen(value);
    s->has_customer = true;
    s->customer_too_long = n > VALUE_MAX;
    if (!s->customer_too_long)
        memcpy(s->customer, value, n + 1);
}

static void event_start(state *s)
{
    s->event = event_pipe_slot(s->pipe);
    cjm_event_clear(s->event);
    memset(&s->c, 0, sizeof s->c);
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
static cjm_status event_end(state *s)
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
        double min = s->c.has_min ? s->c.min : -2, max = s->c.has_max ? s->c.max : 2;
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

/* Hands an event to the sink, in the calling thread. */
static cjm_status deliver(void *ctx, const cjm_event *e)
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

static const char *frame_name(const frame *f)
{
    static const char *const names[] = { "log", "extension", "global", "classifier", "trace",
                                         "event", "attribute", "values" };
    return f->kind == K_ATTR ? xes_type_name(f->type) : names[f->kind];
}

static bool xes_namespace(state *s, const xmlChar *ns)
{
    /* Names come from the parser's dictionary: the same pointer each time. */
    if (!ns || ns == s->xes_ns)
        return true;
    if (strcmp((const char *)ns, "http://www.xes-standard.org/") != 0 &&
        strcmp((const char *)ns, "http://code.deckfour.org/xes") != 0)
        return false;
    s->xes_ns = ns;
    return true;
}

static cjm_status log_start(state *s)
{
    static const char *const names[] = { "xes.version", "xes.features", "openxes.version",
                                         NULL };
    const char *v[3];
    cjm_status rc = cjmx_attributes(&s->p, names, v, 0);
    if (rc != CJM_OK)
        return rc;
    s->versioned = v[0] != NULL;
    s->strict = v[0] && strcmp(v[0], "1849.2016") == 0;
    if (s->strict && v[2])
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "unknown XML attribute \"openxes.version\" "
                            "(IEEE 1849-2016 has none)");
    for (const char *f = v[1]; f && *f;) {
        f += strspn(f, " \t\r\n");
        size_t n = strcspn(f, " \t\r\n");
        if (n == 17 && strncmp(f, "nested-attributes", 17) == 0)
            s->nested = true;
        f += n;
    }
    return push(s, K_LOG, XES_NOT_A_TYPE, 0);
}

/* Log children come in this order (IEEE 1849-2016); logs of other versions
 * may mix the declarations before the first trace. */
static cjm_status log_order(state *s, int phase)
{
    frame *f = &s->frames[s->depth - 1];
    int effective = !s->strict && phase < 4 ? 0 : phase;
    if (effective < f->phase)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "out of order: %s",
                            phase == 0   ? "extensions come first"
                            : phase == 1 ? "globals come before classifiers, attributes, traces "
                                           "and events"
                            : phase == 2 ? "classifiers come before attributes, traces and "
                                           "events"
                            : phase == 3 ? "attributes come before traces and events"
                                         : "traces come before events");
    f->phase = effective;
    s->log_has_content = true;
    return CJM_OK;
}

static cjm_status extension_start(state *s)
{
    static const char *const names[] = { "name", "prefix", "uri", NULL };
    const char *v[3];
    cjm_status rc = cjmx_attributes(&s->p, names, v, 7);
    if (rc != CJM_OK)
        return rc;
    if (!*v[1])
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "empty prefix");
    if (find(s, s->prefixes, s->nprefixes, v[1], -1))
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "prefix \"%s\" declared twice", v[1]);
    rc = declare(s, &s->prefixes, &s->nprefixes, v[1], xes_standard_extension(v[2]),
                 XES_NOT_A_TYPE);
    return rc != CJM_OK ? rc : push(s, K_EXTENSION, XES_NOT_A_TYPE, 0);
}

static int scope_of(state *s, const char *scope, cjm_status *rc)
{
    *rc = CJM_OK;
    if (!scope || strcmp(scope, "event") == 0)
        return 1;
    if (strcmp(scope, "trace") == 0)
        return 0;
    *rc = cjmx_fail_at(&s->p, CJM_ERR_INVALID, "scope \"%s\" is neither \"trace\" nor \"event\"",
                       scope);
    return -1;
}

static cjm_status global_start(state *s)
{
    static const char *const names[] = { "scope", NULL };
    const char *v[1];
    cjm_status rc = cjmx_attributes(&s->p, names, v, 0);
    int scope = rc == CJM_OK ? scope_of(s, v[0], &rc) : 0;
    return rc != CJM_OK ? rc : push(s, K_GLOBAL, XES_NOT_A_TYPE, scope);
}

static cjm_status classifier_start(state *s)
{
    static const char *const names[] = { "name", "keys", "scope", NULL };
    const char *v[3];
    cjm_status rc = cjmx_attributes(&s->p, names, v, 3);
    int scope = rc == CJM_OK ? scope_of(s, v[2], &rc) : 0;
    if (rc != CJM_OK)
        return rc;
    char keys[sizeof s->classifier_keys];
    int count = xes_split_keys(v[1], keys, sizeof keys);
    if (count <= 0)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "keys: %s",
                            count == 0 ? "none" : "too long, or a quote left open");
    if (s->strict) {
        const char *k = keys;
        for (int i = 0; i < count; i++, k += strlen(k) + 1)
            if (!find(s, s->globals, s->nglobals, k, scope))
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\" is not a global "
                                    "attribute of scope %s", k, scope ? "event" : "trace");
    }
    if (++s->nclassifiers > MAX_DECLARATIONS)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "more than %d classifiers", MAX_DECLARATIONS);
    if (s->o && s->o->classifier && strcmp(s->o->classifier, v[0]) == 0 && scope == 1) {
        if (count > MAX_CLASSIFIER_KEYS)
            return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "more than %d keys",
                                MAX_CLASSIFIER_KEYS);
        memcpy(s->classifier_keys, keys, sizeof keys);
        s->classifier_count = count;
        s->classifier_found = true;
    }
    return push(s, K_CLASSIFIER, XES_NOT_A_TYPE, scope);
}

/* Keys of traces and events already checked against the declarations,
 * which in a strict log are all read by then: a log repeats a few keys in
 * every event, and the checks showed in profiles. */
static bool already_checked(state *s, kind parent, const char *key, xes_type type)
{
    if (parent != K_TRACE && parent != K_EVENT)
        return false;
    uint32_t h = hash_of(key, strlen(key));
    for (int i = 0; i < s->nchecked; i++)
        if (s->checked[i].hash == h && s->checked[i].parent == parent &&
            s->checked[i].type == type && strcmp(s->checked[i].key, key) == 0)
            return true;
    return false;
}

static void remember_checked(state *s, kind parent, const char *key, xes_type type)
{
    size_t n = strlen(key);
    if ((parent != K_TRACE && parent != K_EVENT) || s->nchecked == CHECKED_MAX ||
        n >= sizeof s->checked[0].key)
        return;
    checked *c = &s->checked[s->nchecked++];
    c->hash = hash_of(key, n);
    c->parent = parent;
    c->type = type;
    memcpy(c->key, key, n + 1);
}

/* A typed attribute (string, date ... list) inside the innermost element. */
static cjm_status attribute_start(state *s, xes_type type)
{
    frame *parent = &s->frames[s->depth - 1];
    static const char *const names[] = { "key", "value", NULL };
    const char *v[2];
    /* OpenXES 1.0 wrote nested metadata without keys: read, not refused,
     * in logs of that age. */
    bool keyless = !s->strict && parent->kind == K_ATTR;
    cjm_status rc = cjmx_attributes(&s->p, names, v, (keyless ? 0 : 1) | (type == XES_LIST ? 0 : 2));
    if (rc != CJM_OK)
        return rc;
    if (type == XES_LIST && v[1])
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "a list has no value");
    const char *key = v[0] ? v[0] : "", *value = v[1];
    if (parent->kind == K_ATTR) {
        if (parent->phase > 0)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "out of order: a list's attributes "
                                "come before its <values>");
        if (s->strict && !s->nested)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "a nested attribute, but the log "
                                "does not declare the nested-attributes feature");
    }
    if (parent->kind != K_VALUES && v[0] && (rc = add_key(s, key)) != CJM_OK)
        return rc;
    long long ms = 0; /* a date's value, parsed once */
    bool assume_utc = s->o && s->o->assume_utc;
    if (type == XES_DATE ? xes_time(&ms, value, false, assume_utc) != 0
                         : type != XES_LIST && !xes_value_ok(type, value, false))
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": \"%.64s\" is not a valid <%s>",
                            key, value, xes_type_name(type));
    if (s->strict && parent->kind != K_VALUES && !already_checked(s, parent->kind, key, type)) {
        if ((rc = check_extension_key(s, key, type)) != CJM_OK)
            return rc;
        int scope = parent->kind == K_TRACE ? 0 : parent->kind == K_EVENT ? 1 : -1;
        const declared *g = scope >= 0 ? find(s, s->globals, s->nglobals, key, scope) : NULL;
        if (g && g->type != type)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": global <%s>, not <%s>",
                                key, xes_type_name(g->type), xes_type_name(type));
        remember_checked(s, parent->kind, key, type);
    }
    if (parent->kind == K_GLOBAL &&
        (rc = declare(s, &s->globals, &s->nglobals, key, parent->scope, type)) != CJM_OK)
        return rc;
    if (parent->kind == K_EVENT && value && (rc = take_event_attribute(s, key, type, value, ms)))
        return rc;
    if (parent->kind == K_TRACE && value)
        take_trace_attribute(s, key, type, value);
    return push(s, K_ATTR, type, 0);
}

static cjm_status no_xml_attributes(state *s)
{
    static const char *const names[] = { NULL };
    return cjmx_attributes(&s->p, names, NULL, 0);
}

static cjm_status element_start(state *s)
{
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(s->p.reader);
    const char *name = (const char *)xmlTextReaderConstLocalName(s->p.reader);
    if (s->depth == 0) {
        if (strcmp(name, "log") != 0 || !xes_namespace(s, ns))
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "not an XES log: the root is <%s>%s%s",
                                name, ns ? " in namespace " : "", ns ? (const char *)ns : "");
        return log_start(s);
    }
    frame *parent = &s->frames[s->depth - 1];
    xes_type type = xes_type_of(name);
    if (!xes_namespace(s, ns))
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "an element of namespace %s",
                            (const char *)ns);
    cjm_status rc;
    switch (parent->kind) {
    case K_LOG:
        if (strcmp(name, "extension") == 0)
            return (rc = log_order(s, 0)) ? rc : extension_start(s);
        if (strcmp(name, "global") == 0)
            return (rc = log_order(s, 1)) ? rc : global_start(s);
        if (strcmp(name, "classifier") == 0)
            return (rc = log_order(s, 2)) ? rc : classifier_start(s);
        if (type != XES_NOT_A_TYPE)
            return (rc = log_order(s, 3)) ? rc : attribute_start(s, type);
        if (strcmp(name, "trace") == 0) {
            if ((rc = log_order(s, 4)) || (rc = no_xml_attributes(s)))
                return rc;
            if (s->o && s->o->classifier && !s->classifier_found)
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "the log declares no event "
                                    "classifier \"%s\"", s->o->classifier);
            s->in_trace = true;
            s->has_customer = false;
            return push(s, K_TRACE, XES_NOT_A_TYPE, 0);
        }
        if (strcmp(name, "event") == 0) {
            if ((rc = log_order(s, 5)) || (rc = no_xml_attributes(s)))
                return rc;
            event_start(s);
            return push(s, K_EVENT, XES_NOT_A_TYPE, 0);
        }
        break;
    case K_TRACE:
        if (type != XES_NOT_A_TYPE) {
            if (parent->phase > 0)
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "out of order: a trace's "
                                    "attributes come before its events");
            return attribute_start(s, type);
        }
        if (strcmp(name, "event") == 0) {
            if ((rc = no_xml_attributes(s)))
                return rc;
            parent->phase = 1;
            event_start(s);
            return push(s, K_EVENT, XES_NOT_A_TYPE, 0);
        }
        break;
    case K_EVENT:
    case K_GLOBAL:
    case K_VALUES:
        if (type != XES_NOT_A_TYPE)
            return attribute_start(s, type);
        break;
    case K_ATTR:
        if (parent->type == XES_LIST && strcmp(name, "values") == 0) {
            if (parent->phase > 0)
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "a list has one <values>");
            if ((rc = no_xml_attributes(s)))
                return rc;
            parent->phase = 1;
            return push(s, K_VALUES, XES_NOT_A_TYPE, 0);
        }
        if (type != XES_NOT_A_TYPE)
            return attribute_start(s, type);
        break;
    case K_EXTENSION:
    case K_CLASSIFIER:
        break;
    }
    return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "not allowed in <%s>", frame_name(parent));
}

static cjm_status element_end(state *s)
{
    frame *f = &s->frames[--s->depth];
    s->nkeys = f->keys_from;
    s->key_text.len = f->text_from;
    switch (f->kind) {
    case K_EVENT:
        return event_end(s);
    case K_TRACE:
        s->in_trace = false;
        return CJM_OK;
    case K_ATTR:
        if (f->type == XES_LIST && f->phase == 0)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "a list needs its <values>");
        return CJM_OK;
    case K_LOG:
        if (!s->versioned && !s->log_has_content)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "not an XES log: no xes.version and "
                                "nothing in it");
        return CJM_OK;
    default:
        return CJM_OK;
    }
}

static cjm_status on_start(void *s)
{
    return element_start(s);
}

static cjm_status on_end(void *s)
{
    return element_end(s);
}

static cjm_status on_text(void *ctx, const char *text)
{
    state *s = ctx;
    if (cjmx_blank(text))
        return CJM_OK;
    return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "text is not allowed in <%s>",
                        s->depth ? frame_name(&s->frames[s->depth - 1]) : "log");
}

static const cjmx_handlers handlers = { on_start, on_end, on_text };

/* Parses the log, pushing its events into the pipe (on the parser's
 * thread, which may not be the calling one). */
static cjm_status produce(void *ctx, event_pipe *pipe)
{
    state *s = ctx;
    s->pipe = pipe;
    return cjmx_walk(&s->p, &handlers, s);
}

static cjm_status read_events(const char *data, size_t size, FILE *file, const char *name,
                              const cjm_xes_options *o, cjm_event_sink sink, void *userdata)
{
    state *s = cjm_malloc(sizeof *s);
    if (!s)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", name);
    memset(s, 0, sizeof *s);
    s->o = o;
    s->touchpoint_key = o && o->touchpoint_key ? o->touchpoint_key : "concept:name";
    s->customer_key = o && o->customer_key ? o->customer_key : "concept:name";
    s->channel_key = o && o->channel_key ? o->channel_key : "cjm:channel";
    s->stage_key = o && o->stage_key ? o->stage_key : "cjm:stage";
    s->sink = sink;
    s->userdata = userdata;
    cjm_status rc = cjmx_open(&s->p, data, size, file, name, false);
    if (rc == CJM_OK)
        rc = event_pipe_run(produce, deliver, s, o ? o->threads : 0);
    cjmx_close(&s->p);
    cjm_free(s->keys);
    cjm_free(s->key_text.data);
    cjm_free(s->decl.data);
    cjm_free(s->prefixes);
    cjm_free(s->globals);
    cjm_free(s->emotion.data);
    cjm_free(s->comment.data);
    cjm_free(s->source.data);
    for (int i = 0; i < MAX_CLASSIFIER_KEYS; i++)
        cjm_free(s->key_value[i].data);
    cjm_free(s);
    return rc;
}

CJM_EXPORT cjm_status cjm_xes_read_events(const char *data, size_t size, const char *name,
                                         const cjm_xes_options *options, cjm_event_sink sink,
                                         void *userdata)
{
    if ((!data && size) || !sink)
        return cjmx_fail(CJM_ERR_INVALID, "cjm_xes_read_events: %s: NULL",
                         !sink ? "sink" : "data");
    return read_events(data ? data : "", size, NULL, name ? name : "<buffer>", options, sink,
                       userdata);
}

CJM_EXPORT cjm_status cjm_xes_read_events_file(FILE *file, const char *name,
                                              const cjm_xes_options *options,
                                              cjm_event_sink sink, void *userdata)
{
    if (!file || !sink)
        return cjmx_fail(CJM_ERR_INVALID, "cjm_xes_read_events_file: %s: NULL",
                         !file ? "file" : "sink");
    return read_events(NULL, 0, file, name ? name : "<stream>", options, sink, userdata);
}

CJM_EXPORT cjm_status cjm_xes_read_events_path(const char *path,
                                              const cjm_xes_options *options,
                                              cjm_event_sink sink, void *userdata)
{
    if (!path || !sink)
        return cjmx_fail(CJM_ERR_INVALID, "cjm_xes_read_events_path: %s: NULL",
                         !path ? "path" : "sink");
    FILE *file = fopen(path, "rb");
    if (!file)
        return cjmx_fail(CJM_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    cjm_status rc = read_events(NULL, 0, file, path, options, sink, userdata);
    fclose(file);
    return rc;
}
