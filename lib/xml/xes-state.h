/* The state of an XES read, shared by the walk over the log (xes-read.c)
 * and the taking of events (xes-event.c). Internal. */
#ifndef CJMX_XES_STATE_H
#define CJMX_XES_STATE_H

#include <stdint.h>
#include <string.h>

#include "array.h"
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

/* How far the children of an element have come, in the order IEEE
 * 1849-2016 gives them: a log's from extensions to events, a trace's
 * attributes before its events, a list's attributes before its values. */
typedef enum phase {
    PHASE_NONE,             /* no child yet */
    PHASE_EXTENSIONS,
    PHASE_GLOBALS,
    PHASE_CLASSIFIERS,
    PHASE_ATTRIBUTES,
    PHASE_TRACES,
    PHASE_EVENTS,
    PHASE_VALUES,
} phase;

/* Where a global attribute or a classifier applies. */
typedef enum scope { SCOPE_TRACE, SCOPE_EVENT } scope;

typedef struct frame {
    kind kind;
    phase phase;
    xes_type type;          /* K_ATTR */
    scope scope;            /* K_GLOBAL: where its attributes apply */
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

/* A declaration of the log: a global attribute (key, scope and type) or
 * an extension (its prefix as the key, and which standard one it is). */
typedef struct declared {
    size_t key;             /* offset in `decl` */
    scope scope;            /* globals */
    xes_type type;          /* globals */
    int extension;          /* prefixes: a standard extension, or XES_NOT_STANDARD */
} declared;

/* The declarations of one kind, in the log's order. */
typedef struct declarations {
    declared *items;
    size_t count, capacity;
} declarations;

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
    double score, min, max;
    int64_t feedback_at;
    bool has_key[MAX_CLASSIFIER_KEYS];
    /* Last: each event clears the members before it, not these bytes,
     * written only with `bad` and read only after. */
    char bad_message[600];
} capture;

typedef struct state {
    cjmx_parse p;           /* the parse, or with `ahead` a view of `reading`'s nodes */
    cjmx_parse reading;     /* with `ahead`: the parse, on a thread of its own */
    bool ahead;
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
    declarations prefixes, globals;
    size_t nclassifiers;
    bool classifier_found;
    char classifier_keys[4096];
    int classifier_count;
    /* The trace and the event being read. */
    bool in_trace, has_customer, customer_too_long;
    char customer[VALUE_MAX + 1];
    /* The trace's attributes, held in an event used only as their store,
     * and the first problem with one, which every event of the trace gets. */
    cjm_event *trace_attributes;
    bool trace_bad;
    cjm_status trace_bad_status;
    char trace_bad_message[600];
    event_pipe *pipe;
    cjm_event *event;           /* the pipe's slot being filled */
    capture c;
    /* Texts of the event being read, kept until its end. */
    bytes emotion, comment, source, key_value[MAX_CLASSIFIER_KEYS];
} state;

static inline cjm_status bytes_set(bytes *b, const char *text)
{
    size_t n = strlen(text);
    if (cjmi_array_reserve(b->data, b->cap, n + 1) != CJM_OK)
        return CJM_ERR_NOMEM;
    memcpy(b->data, text, n + 1);
    b->len = n;
    return CJM_OK;
}

/* Appends text with its NUL; the offset of the copy, or (size_t)-1. */
static inline size_t bytes_add(bytes *b, const char *text)
{
    size_t n = strlen(text), at = b->len;
    if (cjmi_array_reserve(b->data, b->cap, at + n + 1) != CJM_OK)
        return (size_t)-1;
    memcpy(b->data + at, text, n + 1);
    b->len += n + 1;
    return at;
}

static inline cjm_status nomem(state *s)
{
    return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", s->p.name);
}

/* The event being read: started at <event>, fed each of its attributes,
 * completed and pushed into the pipe at </event>. */
void xes_event_start(state *s);
cjm_status xes_take_event_attribute(state *s, const char *key, xes_type type,
                                    const char *value, long long date);
cjm_status xes_event_end(state *s);
/* Takes an attribute of the trace being read: its customer, or an
 * attribute for its events. */
cjm_status xes_take_trace_attribute(state *s, const char *key, xes_type type, const char *value);
/* A key given twice in the trace (in_trace) or the event being read:
 * marks its events. */
void xes_repeated_key(state *s, bool in_trace, const char *key);
/* Starts a trace: no customer, no attributes. */
void xes_trace_start(state *s);
/* Hands an event to the sink, in the calling thread (an event_consumer). */
cjm_status xes_deliver(void *ctx, const cjm_event *e);

#endif
