/* Reading XES: a walk over libxml2's text reader, one node at a time, so
 * memory holds one event and the log's declarations, never the log. Each
 * element is checked where it stands (order, XML attributes, key, value);
 * the attributes an event is made of are taken as they pass. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "node-ring.h"
#include "workers.h"
#include "xes-state.h"

static uint32_t hash_of(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Adds key (n bytes, hash h) to the key set of the innermost element;
 * refuses a repeat, except in a trace or an event, where *repeated tells
 * it: that makes events invalid, not the log. */
static cjm_status add_key(state *s, const char *key, size_t n, uint32_t h, bool *repeated)
{
    frame *f = &s->frames[s->depth - 1];
    for (size_t i = f->keys_from; i < s->nkeys; i++)
        if (s->keys[i].hash == h && s->keys[i].len == n &&
            memcmp(s->key_text.data + s->keys[i].at, key, n) == 0) {
            if (f->kind != K_EVENT && f->kind != K_TRACE)
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\" appears twice", key);
            *repeated = true;
            return CJM_OK;
        }
    if (s->nkeys - f->keys_from >= MAX_KEYS)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "more than %d attributes", MAX_KEYS);
    size_t at = bytes_add(&s->key_text, key);
    if (at == (size_t)-1 ||
        cjmi_array_push(s->keys, s->nkeys, s->keys_cap, ((key_entry){ h, (uint32_t)n, at })) !=
            CJM_OK)
        return nomem(s);
    return CJM_OK;
}

static cjm_status push(state *s, kind k, xes_type type)
{
    if (s->depth >= MAX_DEPTH)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "nested deeper than %d", MAX_DEPTH);
    s->frames[s->depth++] = (frame){ k, PHASE_NONE, type, SCOPE_EVENT, s->nkeys,
                                     s->key_text.len };
    return CJM_OK;
}

static const char *decl_text(const state *s, size_t at)
{
    return s->decl.data + at;
}

static cjm_status declare(state *s, declarations *list, declared d, const char *key)
{
    if (list->count >= MAX_DECLARATIONS)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "more than %d declarations",
                            MAX_DECLARATIONS);
    if ((d.key = bytes_add(&s->decl, key)) == (size_t)-1 ||
        cjmi_array_push(list->items, list->count, list->capacity, d) != CJM_OK)
        return nomem(s);
    return CJM_OK;
}

/* The declaration of `key` in list: of that scope, or of any for NULL. */
static const declared *find(const state *s, const declarations *list, const char *key,
                            const scope *in)
{
    for (size_t i = 0; i < list->count; i++) {
        const declared *d = &list->items[i];
        if ((!in || d->scope == *in) && strcmp(decl_text(s, d->key), key) == 0)
            return d;
    }
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
    const declared *d = find(s, &s->prefixes, prefix, NULL);
    if (!d)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": extension prefix \"%s\" "
                            "is not declared", key, prefix);
    if (d->extension == XES_NOT_STANDARD)
        return CJM_OK;
    xes_type want = xes_standard_key(d->extension, colon + 1);
    if (want == XES_NOT_A_TYPE)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": extension \"%s\" defines no "
                            "such key", key, prefix);
    if (want != type)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": the extension makes it "
                            "<%s>, not <%s>", key, xes_type_name(want), xes_type_name(type));
    return CJM_OK;
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
    return push(s, K_LOG, XES_NOT_A_TYPE);
}

/* Log children come in the order of their phases (IEEE 1849-2016); logs of
 * other versions may mix the declarations before the first trace. */
static cjm_status log_order(state *s, phase child)
{
    static const char *const rule[] = {
        [PHASE_EXTENSIONS] = "extensions come first",
        [PHASE_GLOBALS] = "globals come before classifiers, attributes, traces and events",
        [PHASE_CLASSIFIERS] = "classifiers come before attributes, traces and events",
        [PHASE_ATTRIBUTES] = "attributes come before traces and events",
        [PHASE_TRACES] = "traces come before events",
        [PHASE_EVENTS] = "traces come before events",
    };
    frame *f = &s->frames[s->depth - 1];
    phase effective = !s->strict && child < PHASE_TRACES ? PHASE_EXTENSIONS : child;
    if (effective < f->phase)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "out of order: %s", rule[child]);
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
    if (find(s, &s->prefixes, v[1], NULL))
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "prefix \"%s\" declared twice", v[1]);
    declared d = { .type = XES_NOT_A_TYPE, .extension = xes_standard_extension(v[2]) };
    rc = declare(s, &s->prefixes, d, v[1]);
    return rc != CJM_OK ? rc : push(s, K_EXTENSION, XES_NOT_A_TYPE);
}

/* A scope attribute's value; none is the event scope. */
static cjm_status scope_of(scope *out, state *s, const char *value)
{
    if (!value || strcmp(value, "event") == 0)
        *out = SCOPE_EVENT;
    else if (strcmp(value, "trace") == 0)
        *out = SCOPE_TRACE;
    else
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID,
                            "scope \"%s\" is neither \"trace\" nor \"event\"", value);
    return CJM_OK;
}

static cjm_status global_start(state *s)
{
    static const char *const names[] = { "scope", NULL };
    const char *v[1];
    scope in = SCOPE_EVENT; /* set by scope_of() whenever it succeeds */
    cjm_status rc = cjmx_attributes(&s->p, names, v, 0);
    if (rc != CJM_OK || (rc = scope_of(&in, s, v[0])) != CJM_OK ||
        (rc = push(s, K_GLOBAL, XES_NOT_A_TYPE)) != CJM_OK)
        return rc;
    s->frames[s->depth - 1].scope = in;
    return CJM_OK;
}

static cjm_status classifier_start(state *s)
{
    static const char *const names[] = { "name", "keys", "scope", NULL };
    const char *v[3];
    scope in = SCOPE_EVENT; /* set by scope_of() whenever it succeeds */
    cjm_status rc = cjmx_attributes(&s->p, names, v, 3);
    if (rc != CJM_OK || (rc = scope_of(&in, s, v[2])) != CJM_OK)
        return rc;
    char keys[sizeof s->classifier_keys];
    int count = xes_split_keys(v[1], keys, sizeof keys);
    if (count <= 0)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "keys: %s",
                            count == 0 ? "none" : "too long, or a quote left open");
    if (s->strict) {
        const char *k = keys;
        for (int i = 0; i < count; i++, k += strlen(k) + 1)
            if (!find(s, &s->globals, k, &in))
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\" is not a global "
                                    "attribute of scope %s", k,
                                    in == SCOPE_EVENT ? "event" : "trace");
    }
    if (++s->nclassifiers > MAX_DECLARATIONS)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "more than %d classifiers", MAX_DECLARATIONS);
    if (s->o && s->o->classifier && strcmp(s->o->classifier, v[0]) == 0 &&
        in == SCOPE_EVENT) {
        if (count > MAX_CLASSIFIER_KEYS)
            return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "more than %d keys",
                                MAX_CLASSIFIER_KEYS);
        memcpy(s->classifier_keys, keys, sizeof keys);
        s->classifier_count = count;
        s->classifier_found = true;
    }
    return push(s, K_CLASSIFIER, XES_NOT_A_TYPE);
}

/* Keys of traces and events already checked against the declarations,
 * which in a strict log are all read by then: a log repeats a few keys in
 * every event, and the checks showed in profiles. */
static bool already_checked(state *s, kind parent, const char *key, uint32_t h, xes_type type)
{
    if (parent != K_TRACE && parent != K_EVENT)
        return false;
    for (int i = 0; i < s->nchecked; i++)
        if (s->checked[i].hash == h && s->checked[i].parent == parent &&
            s->checked[i].type == type && strcmp(s->checked[i].key, key) == 0)
            return true;
    return false;
}

static void remember_checked(state *s, kind parent, const char *key, size_t n, uint32_t h,
                             xes_type type)
{
    if ((parent != K_TRACE && parent != K_EVENT) || s->nchecked == CHECKED_MAX ||
        n >= sizeof s->checked[0].key)
        return;
    checked *c = &s->checked[s->nchecked++];
    c->hash = h;
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
    size_t key_len = strlen(key);
    uint32_t key_hash = hash_of(key, key_len); /* for the key set and the keys checked */
    if (parent->kind == K_ATTR) {
        if (parent->phase == PHASE_VALUES)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "out of order: a list's attributes "
                                "come before its <values>");
        if (s->strict && !s->nested)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "a nested attribute, but the log "
                                "does not declare the nested-attributes feature");
    }
    bool repeated = false;
    if (parent->kind != K_VALUES && v[0] && (rc = add_key(s, key, key_len, key_hash, &repeated)) != CJM_OK)
        return rc;
    long long ms = 0; /* a date's value, parsed once */
    bool assume_utc = s->o && s->o->assume_utc;
    if (type == XES_DATE ? !xes_time(&ms, value, false, assume_utc)
                         : type != XES_LIST && !xes_value_ok(type, value))
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": \"%.64s\" is not a valid <%s>",
                            key, value, xes_type_name(type));
    if (s->strict && parent->kind != K_VALUES && !already_checked(s, parent->kind, key, key_hash, type)) {
        if ((rc = check_extension_key(s, key, type)) != CJM_OK)
            return rc;
        const declared *g = NULL;
        if (parent->kind == K_TRACE || parent->kind == K_EVENT) {
            scope in = parent->kind == K_TRACE ? SCOPE_TRACE : SCOPE_EVENT;
            g = find(s, &s->globals, key, &in);
        }
        if (g && g->type != type)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "key \"%s\": global <%s>, not <%s>",
                                key, xes_type_name(g->type), xes_type_name(type));
        remember_checked(s, parent->kind, key, key_len, key_hash, type);
    }
    declared global = { .scope = parent->scope, .type = type, .extension = XES_NOT_STANDARD };
    if (parent->kind == K_GLOBAL &&
        (rc = declare(s, &s->globals, global, key)) != CJM_OK)
        return rc;
    if (repeated) {
        xes_repeated_key(s, parent->kind == K_TRACE, key);
        return push(s, K_ATTR, type);
    }
    if (parent->kind == K_EVENT && value && (rc = xes_take_event_attribute(s, key, type, value, ms)))
        return rc;
    if (parent->kind == K_TRACE && value && (rc = xes_take_trace_attribute(s, key, type, value)))
        return rc;
    return push(s, K_ATTR, type);
}

static cjm_status no_xml_attributes(state *s)
{
    static const char *const names[] = { NULL };
    return cjmx_attributes(&s->p, names, NULL, 0);
}

static cjm_status element_start(state *s)
{
    const xmlChar *ns = (const xmlChar *)cjmx_namespace(&s->p);
    const char *name = cjmx_local_name(&s->p);
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
            return (rc = log_order(s, PHASE_EXTENSIONS)) ? rc : extension_start(s);
        if (strcmp(name, "global") == 0)
            return (rc = log_order(s, PHASE_GLOBALS)) ? rc : global_start(s);
        if (strcmp(name, "classifier") == 0)
            return (rc = log_order(s, PHASE_CLASSIFIERS)) ? rc : classifier_start(s);
        if (type != XES_NOT_A_TYPE)
            return (rc = log_order(s, PHASE_ATTRIBUTES)) ? rc : attribute_start(s, type);
        if (strcmp(name, "trace") == 0) {
            if ((rc = log_order(s, PHASE_TRACES)) || (rc = no_xml_attributes(s)))
                return rc;
            if (s->o && s->o->classifier && !s->classifier_found)
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "the log declares no event "
                                    "classifier \"%s\"", s->o->classifier);
            xes_trace_start(s);
            return push(s, K_TRACE, XES_NOT_A_TYPE);
        }
        if (strcmp(name, "event") == 0) {
            if ((rc = log_order(s, PHASE_EVENTS)) || (rc = no_xml_attributes(s)))
                return rc;
            xes_event_start(s);
            return push(s, K_EVENT, XES_NOT_A_TYPE);
        }
        break;
    case K_TRACE:
        if (type != XES_NOT_A_TYPE) {
            if (parent->phase == PHASE_EVENTS)
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "out of order: a trace's "
                                    "attributes come before its events");
            return attribute_start(s, type);
        }
        if (strcmp(name, "event") == 0) {
            if ((rc = no_xml_attributes(s)))
                return rc;
            parent->phase = PHASE_EVENTS;
            xes_event_start(s);
            return push(s, K_EVENT, XES_NOT_A_TYPE);
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
            if (parent->phase == PHASE_VALUES)
                return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "a list has one <values>");
            if ((rc = no_xml_attributes(s)))
                return rc;
            parent->phase = PHASE_VALUES;
            return push(s, K_VALUES, XES_NOT_A_TYPE);
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
        return xes_event_end(s);
    case K_TRACE:
        s->in_trace = false;
        return CJM_OK;
    case K_ATTR:
        if (f->type == XES_LIST && f->phase != PHASE_VALUES)
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
    return s->ahead ? cjmx_walk_ahead(&s->reading, &s->p, &handlers, s)
                    : cjmx_walk(&s->p, &handlers, s);
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
    /* With threads, libxml2 reads ahead on a thread of its own, the walk
     * checks and makes events on a second, and the sink runs in this one. */
    s->ahead = cjmi_thread_count(o ? o->threads : 0) > 1;
    s->p.name = name;
    cjm_status rc = cjmx_open(s->ahead ? &s->reading : &s->p, data, size, file, name, false);
    if (rc == CJM_OK && !(s->trace_attributes = cjm_event_new()))
        rc = cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", name);
    if (rc == CJM_OK)
        rc = event_pipe_run(produce, xes_deliver, s, o ? o->threads : 0);
    cjmx_close(s->ahead ? &s->reading : &s->p);
    cjm_event_free(s->trace_attributes);
    cjm_free(s->keys);
    cjm_free(s->key_text.data);
    cjm_free(s->decl.data);
    cjm_free(s->prefixes.items);
    cjm_free(s->globals.items);
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
