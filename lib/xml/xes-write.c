/* Writing XES through libxml2's text writer, which does the escaping and
 * the indentation. One trace per run of events of one customer. */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "cjm/time.h"
#include "xml-private.h"

/* The cjm extension: its prefix and URI. */
#define CJM_XES_PREFIX "cjm"
#define CJM_XES_URI "urn:cjm:xes:1"

struct cjm_xes_writer {
    xmlTextWriterPtr w;
    unsigned flags;
    bool in_trace, finished;
    char customer[CJM_ID_MAX + 1];
};

/* libxml2 reports a failed write ("I/O error : No space left on device")
 * on the thread's error channels, which print on standard error; a library
 * must not write there, and the failure is returned as a status. Each call
 * that writes drops those messages for its time and puts the caller's
 * handlers back. */
typedef struct hushed {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
} hushed;

static void drop_generic(void *ctx, const char *format, ...)
{
    (void)ctx;
    (void)format;
}

static void drop_structured(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

static hushed hush(void)
{
    hushed h = { xmlGenericError, xmlGenericErrorContext, xmlStructuredError,
                 xmlStructuredErrorContext };
    xmlSetGenericErrorFunc(NULL, drop_generic);
    xmlSetStructuredErrorFunc(NULL, drop_structured);
    return h;
}

static void unhush(hushed h)
{
    xmlSetGenericErrorFunc(h.generic_ctx, h.generic);
    xmlSetStructuredErrorFunc(h.structured_ctx, h.structured);
}

/* libxml2 takes text as xmlChar, which is char of UTF-8. */
static const xmlChar *X(const char *text)
{
    return (const xmlChar *)text;
}

#define W(call)                                                                                \
    do {                                                                                       \
        if ((call) < 0)                                                                        \
            return cjmx_fail(CJM_ERR_IO, "%s: cannot write", func);                            \
    } while (0)

static int attribute(xmlTextWriterPtr w, const char *type, const char *key, const char *value)
{
    if (xmlTextWriterStartElement(w, X(type)) < 0 ||
        xmlTextWriterWriteAttribute(w, X("key"), X(key)) < 0 ||
        xmlTextWriterWriteAttribute(w, X("value"), X(value)) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int element(xmlTextWriterPtr w, const char *name, const char *const *attributes)
{
    if (xmlTextWriterStartElement(w, X(name)) < 0)
        return -1;
    for (; attributes[0]; attributes += 2)
        if (xmlTextWriterWriteAttribute(w, X(attributes[0]), X(attributes[1])) < 0)
            return -1;
    return xmlTextWriterEndElement(w);
}

static cjm_status header(xmlTextWriterPtr w)
{
    static const char func[] = "cjm_xes_writer_new";
    static const char *const extensions[][7] = {
        { "name", "Concept", "prefix", "concept", "uri",
          "http://www.xes-standard.org/concept.xesext" },
        { "name", "Time", "prefix", "time", "uri", "http://www.xes-standard.org/time.xesext" },
        { "name", "Customer journey", "prefix", CJM_XES_PREFIX, "uri", CJM_XES_URI },
        /* For attributes read from other tools' logs (org:resource ...). */
        { "name", "Lifecycle", "prefix", "lifecycle", "uri",
          "http://www.xes-standard.org/lifecycle.xesext" },
        { "name", "Organizational", "prefix", "org", "uri",
          "http://www.xes-standard.org/org.xesext" },
    };
    W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
    W(xmlTextWriterStartElement(w, X("log")));
    W(xmlTextWriterWriteAttribute(w, X("xes.version"), X("1849.2016")));
    W(xmlTextWriterWriteAttribute(w, X("xes.features"), X("")));
    W(xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://www.xes-standard.org/")));
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        const char *a[7];
        memcpy(a, extensions[i], sizeof a);
        W(element(w, "extension", a));
    }
    W(xmlTextWriterStartElement(w, X("global")));
    W(xmlTextWriterWriteAttribute(w, X("scope"), X("trace")));
    W(attribute(w, "string", "concept:name", "__INVALID__"));
    W(xmlTextWriterEndElement(w));
    W(xmlTextWriterStartElement(w, X("global")));
    W(xmlTextWriterWriteAttribute(w, X("scope"), X("event")));
    W(attribute(w, "string", "concept:name", "__INVALID__"));
    W(attribute(w, "date", "time:timestamp", "1970-01-01T00:00:00Z"));
    W(xmlTextWriterEndElement(w));
    static const char *const classifier[] = { "name", "Touchpoint", "keys", "concept:name",
                                              NULL };
    W(element(w, "classifier", classifier));
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_xes_writer_new(cjm_xes_writer **out, FILE *file, unsigned flags)
{
    static const char func[] = "cjm_xes_writer_new";
    if (!out || !file)
        return cjmx_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, !out ? "out" : "file");
    *out = NULL;
    cjm_xes_writer *x = cjm_malloc(sizeof *x);
    if (!x)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    memset(x, 0, sizeof *x);
    x->flags = flags;
    xmlOutputBufferPtr buffer = xmlOutputBufferCreateFile(file, NULL);
    x->w = buffer ? xmlNewTextWriter(buffer) : NULL;
    if (!x->w) {
        if (buffer)
            xmlOutputBufferClose(buffer);
        cjm_free(x);
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    }
    if (!(flags & CJM_XML_COMPACT)) {
        xmlTextWriterSetIndent(x->w, 1);
        xmlTextWriterSetIndentString(x->w, X("  "));
    }
    hushed h = hush();
    cjm_status rc = header(x->w);
    unhush(h);
    if (rc != CJM_OK) {
        cjm_xes_writer_free(x);
        return rc;
    }
    *out = x;
    return CJM_OK;
}

static int number(xmlTextWriterPtr w, const char *key, double value)
{
    char text[40];
    snprintf(text, sizeof text, "%.17g", value);
    return attribute(w, "float", key, text);
}

static int date(xmlTextWriterPtr w, const char *key, int64_t at)
{
    char text[CJM_TIME_BUFSIZE];
    if (cjm_time_format(text, sizeof text, at) != CJM_OK)
        return -1;
    return attribute(w, "date", key, text);
}

/* Whether XES can carry an attribute of this key as a string attribute of
 * the event that reads back as the same attribute: not a key the mapping
 * uses, and a prefixed key only of a declared extension that defines it
 * as a string. Otherwise fails naming the key (quietly without `func`). */
static cjm_status attribute_key_ok(const char *key, const char *func)
{
    static const char *const standard[] = { "concept:instance", "lifecycle:model",
                                            "lifecycle:transition", "lifecycle:state",
                                            "org:resource", "org:role", "org:group" };
    const char *colon = strchr(key, ':');
    if (!colon)
        return CJM_OK;
    if (!func && (strcmp(key, "concept:name") == 0 || strcmp(key, "time:timestamp") == 0 ||
                  strncmp(key, "cjm:", 4) == 0))
        return CJM_ERR_UNSUPPORTED;
    if (strcmp(key, "concept:name") == 0 || strcmp(key, "time:timestamp") == 0 ||
        strncmp(key, "cjm:", 4) == 0)
        return cjmx_fail(CJM_ERR_UNSUPPORTED, "%s: attribute \"%.256s\": XES holds the "
                         "event's own fields under that key", func, key);
    for (size_t i = 0; i < sizeof standard / sizeof standard[0]; i++)
        if (strcmp(key, standard[i]) == 0)
            return CJM_OK;
    if (!func)
        return CJM_ERR_UNSUPPORTED;
    return cjmx_fail(CJM_ERR_UNSUPPORTED, "%s: attribute \"%.256s\": an XES key with a prefix "
                     "needs an extension defining it as a string, and the log declares only "
                     "concept, time, lifecycle, org and cjm (drop such attributes with "
                     "CJM_XML_DROP_FOREIGN_EXTENSIONS)", func, key);
}

static cjm_status write_event(cjm_xes_writer *x, const cjm_event *e)
{
    static const char func[] = "cjm_xes_writer_add";
    xmlTextWriterPtr w = x->w;
    const char *customer = cjm_event_customer(e);
    if (x->in_trace && strcmp(customer, x->customer) != 0) {
        W(xmlTextWriterEndElement(w));
        x->in_trace = false;
    }
    if (!x->in_trace) {
        W(xmlTextWriterStartElement(w, X("trace")));
        W(attribute(w, "string", "concept:name", customer));
        snprintf(x->customer, sizeof x->customer, "%s", customer);
        x->in_trace = true;
    }
    W(xmlTextWriterStartElement(w, X("event")));
    W(attribute(w, "string", "concept:name", cjm_event_touchpoint(e)));
    W(date(w, "time:timestamp", cjm_event_at(e)));
    const char *channel = cjm_event_channel(e), *stage = cjm_event_stage(e);
    if (channel)
        W(attribute(w, "string", "cjm:channel", channel));
    if (stage)
        W(attribute(w, "string", "cjm:stage", stage));
    if (cjm_event_has_feedback(e)) {
        W(number(w, "cjm:score", cjm_event_score(e)));
        W(number(w, "cjm:scale-min", cjm_event_scale_min(e)));
        W(number(w, "cjm:scale-max", cjm_event_scale_max(e)));
        const char *texts[][2] = { { "cjm:emotion", cjm_event_emotion(e) },
                                   { "cjm:comment", cjm_event_comment(e) },
                                   { "cjm:source", cjm_event_source(e) } };
        for (size_t i = 0; i < 3; i++)
            if (texts[i][1])
                W(attribute(w, "string", texts[i][0], texts[i][1]));
        int64_t feedback_at = cjm_event_feedback_at(e);
        if (feedback_at != CJM_UNSET && feedback_at != cjm_event_at(e))
            W(date(w, "cjm:feedback-at", cjm_event_feedback_at(e)));
    }
    for (size_t i = 0, n = cjm_event_attribute_count(e); i < n; i++) {
        const char *key = cjm_event_attribute_key(e, i);
        if (attribute_key_ok(key, NULL) == CJM_OK) /* the others are dropped, as asked */
            W(attribute(w, "string", key, cjm_event_attribute_value(e, i)));
    }
    W(xmlTextWriterEndElement(w));
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_xes_writer_add(cjm_xes_writer *x, const cjm_event *e)
{
    static const char func[] = "cjm_xes_writer_add";
    if (!x || !e)
        return cjmx_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, !x ? "writer" : "event");
    if (x->finished)
        return cjmx_fail(CJM_ERR_INVALID, "%s: the log is finished", func);
    cjm_status status;
    const char *problem = cjm_event_error(e, &status);
    if (problem)
        return cjmx_fail(status, "%s", problem);
    if (!cjm_event_customer(e) || !cjm_event_touchpoint(e) || cjm_event_at(e) == CJM_UNSET)
        return cjmx_fail(CJM_ERR_INVALID, "%s: event: no %s", func,
                         !cjm_event_customer(e) ? "customer"
                         : !cjm_event_touchpoint(e) ? "touchpoint" : "time");
    if (cjm_event_extensions(e, NULL) && !(x->flags & CJM_XML_DROP_FOREIGN_EXTENSIONS))
        return cjmx_fail(CJM_ERR_UNSUPPORTED, "%s: XES cannot carry the event's extensions "
                         "(drop them with CJM_XML_DROP_FOREIGN_EXTENSIONS)", func);
    bool drop = x->flags & CJM_XML_DROP_FOREIGN_EXTENSIONS;
    for (size_t i = 0, n = cjm_event_attribute_count(e); !drop && i < n; i++) {
        cjm_status rc = attribute_key_ok(cjm_event_attribute_key(e, i), func);
        if (rc != CJM_OK)
            return rc;
    }
    hushed h = hush();
    cjm_status rc = write_event(x, e);
    unhush(h);
    return rc;
}

CJM_EXPORT cjm_status cjm_xes_event_sink(const cjm_event *event, void *writer)
{
    return cjm_xes_writer_add(writer, event);
}

CJM_EXPORT cjm_status cjm_xes_writer_finish(cjm_xes_writer *x)
{
    static const char func[] = "cjm_xes_writer_finish";
    if (!x)
        return cjmx_fail(CJM_ERR_INVALID, "%s: writer: NULL", func);
    if (x->finished)
        return CJM_OK;
    x->finished = true;
    hushed h = hush();
    bool failed = xmlTextWriterEndDocument(x->w) < 0 || xmlTextWriterFlush(x->w) < 0;
    unhush(h);
    return failed ? cjmx_fail(CJM_ERR_IO, "%s: cannot write", func) : CJM_OK;
}

CJM_EXPORT void cjm_xes_writer_free(cjm_xes_writer *x)
{
    if (!x)
        return;
    hushed h = hush(); /* freeing flushes what is left */
    xmlFreeTextWriter(x->w);
    unhush(h);
    cjm_free(x);
}
