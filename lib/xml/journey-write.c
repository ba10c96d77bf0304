/* Writing journey documents through libxml2's text writer, which does the
 * escaping and the indentation. Extensions held as XML are written as they
 * are, once checked to be elements of other namespaces. */
#include <errno.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "cjm/time.h"
#include "whole-file.h"
#include "xml-private.h"

#define JOURNEY_NS "urn:cjm:journey:1"

static const xmlChar *X(const char *text)
{
    return (const xmlChar *)text;
}

typedef struct out {
    xmlTextWriterPtr w;
    unsigned flags;
    const char *func;
} out;

#define W(call)                                                                                \
    do {                                                                                       \
        if ((call) < 0)                                                                        \
            return cjmx_fail(CJM_ERR_IO, "%s: cannot write", o->func);                         \
    } while (0)

/* Checks extension text: well-formed elements of other namespaces only. */
static cjm_status check_extensions(const char *text, const char *func)
{
    static const char open[] = "<x xmlns=\"" JOURNEY_NS "\">", close[] = "</x>";
    size_t n = strlen(text);
    char *doc = cjm_malloc(sizeof open + n + sizeof close);
    if (!doc)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    memcpy(doc, open, sizeof open - 1);
    memcpy(doc + sizeof open - 1, text, n);
    memcpy(doc + sizeof open - 1 + n, close, sizeof close);
    cjmx_parse p;
    cjm_status rc = cjmx_open(&p, doc, strlen(doc), NULL, "extensions", true);
    int step;
    while (rc == CJM_OK && (step = cjmx_next(&p)) == 1) {
        if (xmlTextReaderDepth(p.reader) != 1)
            continue;
        int type = xmlTextReaderNodeType(p.reader);
        const char *ns = (const char *)xmlTextReaderConstNamespaceUri(p.reader);
        if (type == XML_READER_TYPE_ELEMENT && (!ns || strcmp(ns, JOURNEY_NS) == 0))
            rc = cjmx_fail(CJM_ERR_INVALID, "%s: extensions: <%s> is not of another namespace",
                           func, (const char *)xmlTextReaderConstName(p.reader));
        else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)
            rc = cjmx_fail(CJM_ERR_INVALID, "%s: extensions: text outside an element", func);
    }
    if (rc == CJM_OK && step < 0)
        rc = cjmx_fail(cjm_last_status(), "%s: extensions are not well-formed XML: %s", func,
                       cjm_last_error());
    cjmx_close(&p);
    cjm_free(doc);
    return rc;
}

static cjm_status extensions(out *o, const char *text, cjm_extensions_format format)
{
    if (!text)
        return CJM_OK;
    if (format != CJM_EXTENSIONS_XML) {
        if (o->flags & CJM_XML_DROP_FOREIGN_EXTENSIONS)
            return CJM_OK;
        return cjmx_fail(CJM_ERR_UNSUPPORTED, "%s: extensions held as JSON cannot be written "
                         "as XML (drop them with CJM_XML_DROP_FOREIGN_EXTENSIONS)", o->func);
    }
    cjm_status rc = check_extensions(text, o->func);
    if (rc != CJM_OK)
        return rc;
    W(xmlTextWriterStartElement(o->w, X("extensions")));
    W(xmlTextWriterWriteRaw(o->w, X(text)));
    W(xmlTextWriterFullEndElement(o->w));
    return CJM_OK;
}

static cjm_status text_element(out *o, const char *name, const char *text)
{
    if (text)
        W(xmlTextWriterWriteElement(o->w, X(name), X(text)));
    return CJM_OK;
}

static cjm_status attribute(out *o, const char *name, const char *value)
{
    if (value)
        W(xmlTextWriterWriteAttribute(o->w, X(name), X(value)));
    return CJM_OK;
}

static cjm_status time_attribute(out *o, const char *name, int64_t at)
{
    char text[CJM_TIME_BUFSIZE];
    return at == CJM_UNSET || cjm_time_format(text, sizeof text, at) != CJM_OK
               ? CJM_OK
               : attribute(o, name, text);
}

static cjm_status number_attribute(out *o, const char *name, double x)
{
    char text[40];
    snprintf(text, sizeof text, "%.17g", x);
    return attribute(o, name, text);
}

static cjm_status write_feedback(out *o, const cjm_feedback *f)
{
    cjm_extensions_format format;
    cjm_status rc;
    W(xmlTextWriterStartElement(o->w, X("feedback")));
    if ((rc = number_attribute(o, "score", cjm_feedback_score(f))))
        return rc;
    if (cjm_feedback_scale_min(f) != CJM_DEFAULT_SCALE_MIN ||
        cjm_feedback_scale_max(f) != CJM_DEFAULT_SCALE_MAX) {
        if ((rc = number_attribute(o, "scale-min", cjm_feedback_scale_min(f))) ||
            (rc = number_attribute(o, "scale-max", cjm_feedback_scale_max(f))))
            return rc;
    }
    const char *ext = cjm_feedback_extensions(f, &format);
    if ((rc = attribute(o, "emotion", cjm_feedback_emotion(f))) ||
        (rc = attribute(o, "source", cjm_feedback_source(f))) ||
        (rc = time_attribute(o, "at", cjm_feedback_at(f))) ||
        (rc = attribute(o, "customer", cjm_feedback_customer(f))) ||
        (rc = text_element(o, "comment", cjm_feedback_comment(f))) ||
        (rc = extensions(o, ext, format)))
        return rc;
    W(xmlTextWriterEndElement(o->w));
    return CJM_OK;
}

static cjm_status write_touchpoint(out *o, const cjm_touchpoint *t)
{
    cjm_extensions_format format;
    cjm_status rc;
    W(xmlTextWriterStartElement(o->w, X("touchpoint")));
    if ((rc = attribute(o, "id", cjm_touchpoint_id(t))) ||
        (rc = attribute(o, "name", cjm_touchpoint_name(t))) ||
        (rc = attribute(o, "channel", cjm_touchpoint_channel(t))) ||
        (rc = attribute(o, "owner", cjm_touchpoint_owner(t))) ||
        (rc = attribute(o, "optional", cjm_touchpoint_optional(t) ? "true" : NULL)) ||
        (rc = time_attribute(o, "at", cjm_touchpoint_at(t))) ||
        (rc = text_element(o, "description", cjm_touchpoint_description(t))))
        return rc;
    for (size_t i = 0; i < cjm_touchpoint_feedback_count(t); i++)
        if ((rc = write_feedback(o, cjm_touchpoint_feedback(t, i))))
            return rc;
    const char *ext = cjm_touchpoint_extensions(t, &format);
    if ((rc = extensions(o, ext, format)))
        return rc;
    W(xmlTextWriterEndElement(o->w));
    return CJM_OK;
}

static cjm_status write_stage(out *o, const cjm_stage *s)
{
    cjm_extensions_format format;
    cjm_status rc;
    W(xmlTextWriterStartElement(o->w, X("stage")));
    if ((rc = attribute(o, "id", cjm_stage_id(s))) ||
        (rc = attribute(o, "name", cjm_stage_name(s))))
        return rc;
    if (cjm_stage_expected_duration(s) != CJM_UNSET) {
        char text[CJM_DURATION_BUFSIZE];
        cjm_duration_format(text, sizeof text, cjm_stage_expected_duration(s));
        if ((rc = attribute(o, "expected-duration", text)))
            return rc;
    }
    if ((rc = text_element(o, "goal", cjm_stage_goal(s))))
        return rc;
    for (size_t i = 0; i < cjm_stage_touchpoint_count(s); i++)
        if ((rc = write_touchpoint(o, cjm_stage_touchpoint(s, i))))
            return rc;
    const char *ext = cjm_stage_extensions(s, &format);
    if ((rc = extensions(o, ext, format)))
        return rc;
    W(xmlTextWriterEndElement(o->w));
    return CJM_OK;
}

static cjm_status write_journey(out *o, const cjm_journey *j)
{
    cjm_extensions_format format;
    cjm_status rc;
    if (cjm_journey_document_extensions(j, &format) &&
        !(o->flags & CJM_XML_DROP_FOREIGN_EXTENSIONS))
        return cjmx_fail(CJM_ERR_UNSUPPORTED, "%s: the XML document has no place for "
                         "document extensions (drop them with "
                         "CJM_XML_DROP_FOREIGN_EXTENSIONS)", o->func);
    if (!(o->flags & CJM_XML_COMPACT)) {
        xmlTextWriterSetIndent(o->w, 1);
        xmlTextWriterSetIndentString(o->w, X("  "));
    }
    W(xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL));
    W(xmlTextWriterStartElement(o->w, X("journey")));
    if ((rc = attribute(o, "xmlns", JOURNEY_NS)) || (rc = attribute(o, "version", "1")) ||
        (rc = attribute(o, "id", cjm_journey_id(j))) ||
        (rc = attribute(o, "name", cjm_journey_name(j))) ||
        (rc = attribute(o, "kind",
                        cjm_journey_kind_of(j) == CJM_JOURNEY_ACTUAL ? "actual" : NULL)) ||
        (rc = attribute(o, "customer", cjm_journey_customer(j))) ||
        (rc = text_element(o, "persona", cjm_journey_persona(j))) ||
        (rc = text_element(o, "description", cjm_journey_description(j))))
        return rc;
    for (size_t i = 0; i < cjm_journey_stage_count(j); i++)
        if ((rc = write_stage(o, cjm_journey_stage(j, i))))
            return rc;
    const char *ext = cjm_journey_extensions(j, &format);
    if ((rc = extensions(o, ext, format)))
        return rc;
    W(xmlTextWriterEndDocument(o->w));
    return CJM_OK;
}

/* Writes the document into a libxml2 buffer; *buffer on success. */
static cjm_status to_buffer(xmlBufferPtr *buffer, const cjm_journey *j, unsigned flags,
                            const char *func)
{
    *buffer = xmlBufferCreate();
    xmlTextWriterPtr w = *buffer ? xmlNewTextWriterMemory(*buffer, 0) : NULL;
    if (!w) {
        xmlBufferFree(*buffer);
        *buffer = NULL;
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    }
    out o = { w, flags, func };
    cjm_status rc = write_journey(&o, j);
    xmlFreeTextWriter(w);
    if (rc != CJM_OK) {
        xmlBufferFree(*buffer);
        *buffer = NULL;
    }
    return rc;
}

CJM_EXPORT cjm_status cjm_xml_write_journey(char **result, size_t *length,
                                           const cjm_journey *journey, unsigned flags)
{
    static const char func[] = "cjm_xml_write_journey";
    if (!result || !journey)
        return cjmx_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, !result ? "out" : "journey");
    xmlBufferPtr buffer;
    cjm_status rc = to_buffer(&buffer, journey, flags, func);
    if (rc != CJM_OK)
        return rc;
    size_t n = (size_t)xmlBufferLength(buffer);
    char *copy = cjm_malloc(n + 1);
    if (copy) {
        memcpy(copy, xmlBufferContent(buffer), n);
        copy[n] = '\0';
        *result = copy;
        if (length)
            *length = n;
    } else {
        rc = cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    }
    xmlBufferFree(buffer);
    return rc;
}

static cjm_status write_file(FILE *file, const char *path, const cjm_journey *journey,
                             unsigned flags, const char *func)
{
    xmlBufferPtr buffer;
    cjm_status rc = to_buffer(&buffer, journey, flags, func);
    if (rc != CJM_OK)
        return rc;
    size_t n = (size_t)xmlBufferLength(buffer);
    const char *step;
    if (file) {
        if (fwrite(xmlBufferContent(buffer), 1, n, file) != n || fflush(file) != 0)
            rc = cjmx_fail(CJM_ERR_IO, "%s: stream: cannot write: %s", func, strerror(errno));
    } else if (!cjmi_write_whole_file(path, xmlBufferContent(buffer), n, &step)) {
        /* A path is written whole or not at all (whole-file.h). */
        rc = cjmx_fail(CJM_ERR_IO, "%s: %s: cannot %s: %s", func, path, step, strerror(errno));
    }
    xmlBufferFree(buffer);
    return rc;
}

CJM_EXPORT cjm_status cjm_xml_write_journey_file(FILE *file, const cjm_journey *journey,
                                                unsigned flags)
{
    static const char func[] = "cjm_xml_write_journey_file";
    if (!file || !journey)
        return cjmx_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, !file ? "file" : "journey");
    return write_file(file, NULL, journey, flags, func);
}

CJM_EXPORT cjm_status cjm_xml_write_journey_path(const char *path, const cjm_journey *journey,
                                                unsigned flags)
{
    static const char func[] = "cjm_xml_write_journey_path";
    if (!path || !journey)
        return cjmx_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, !path ? "path" : "journey");
    return write_file(NULL, path, journey, flags, func);
}
