/* One safe parse with libxml2's text reader.
 *
 * libxml2 2.9 has no switch against entity amplification or external
 * entities that an untrusted document cannot get around, and its authors
 * warn about untrusted data; neither format here needs a DTD, so the
 * document type declaration is refused as the first thing the reader
 * meets, before anything it declares is used. The options never include
 * NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER, and NONET
 * keeps the network out. Errors go to this parse's own handler; nothing
 * process-wide is touched but the one-time xmlInitParser().
 *
 * A few messages of libxml2 bypass the structured handler and go to the
 * thread's generic error handler, which prints on standard error (the
 * schema validator's "Unimplemented block", "I/O error : encoder error").
 * A library must not write there: for the time of a parse the thread's
 * generic handler is one that drops them, and the caller's is put back
 * at close. The structured handler has already reported what matters. */
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "xml-private.h"

cjm_status cjmx_fail(cjm_status status, const char *format, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    return cjm_error_set(status, message);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml2(void)
{
    xmlInitParser();
}

/* Keeps the first error of the parse; warnings are not errors. */
static void on_error(void *ctx, xmlErrorPtr error)
{
    cjmx_parse *p = ctx;
    if (!error || error->level < XML_ERR_ERROR || p->error[0])
        return;
    snprintf(p->error, sizeof p->error, "%s", error->message ? error->message : "error");
    size_t n = strlen(p->error);
    while (n && (p->error[n - 1] == '\n' || p->error[n - 1] == ' '))
        p->error[--n] = '\0';
    p->error_line = error->line;
    p->error_domain = error->domain;
}

static void drop_generic(void *ctx, const char *format, ...)
{
    (void)ctx;
    (void)format;
}

void cjmx_quiet_thread(void)
{
    xmlSetGenericErrorFunc(NULL, drop_generic);
}

static int close_input(void *ctx)
{
    (void)ctx;
    return 0;
}

cjm_status cjmx_open(cjmx_parse *p, const char *data, size_t size, FILE *file, const char *name,
                     bool blanks)
{
    pthread_once(&init_once, init_libxml2);
    memset(p, 0, sizeof *p);
    p->name = name;
    p->input = cjmx_input_new(data, size, file);
    if (!p->input)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", name);
    int options = XML_PARSE_NONET | XML_PARSE_COMPACT | (blanks ? 0 : XML_PARSE_NOBLANKS);
    /* Before the reader is made: making it already reads the first bytes. */
    p->saved_generic = xmlGenericError;
    p->saved_generic_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, drop_generic);
    p->reader = xmlReaderForIO(cjmx_input_read, close_input, p->input, NULL, NULL, options);
    if (!p->reader) {
        xmlSetGenericErrorFunc(p->saved_generic_ctx, p->saved_generic);
        p->saved_generic = NULL;
        cjmx_input_free(p->input);
        p->input = NULL;
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", name);
    }
    xmlTextReaderSetStructuredErrorHandler(p->reader, on_error, p);
    /* The reader asks for ID detection, which makes libxml2 load an
     * external DTD subset if one is named; neither format has IDs. */
    xmlTextReaderSetParserProp(p->reader, XML_PARSER_LOADDTD, 0);
    return CJM_OK;
}

void cjmx_close(cjmx_parse *p)
{
    if (p->reader)
        xmlFreeTextReader(p->reader);
    if (p->saved_generic)
        xmlSetGenericErrorFunc(p->saved_generic_ctx, p->saved_generic);
    p->saved_generic = NULL;
    /* Asking the reader for its document made it ours to free. */
    if (p->doc)
        xmlFreeDoc(p->doc);
    p->doc = NULL;
    cjmx_input_free(p->input);
    p->reader = NULL;
    p->input = NULL;
}

/* libxml2's message as the detail of one of ours: without the name of
 * the libxml2 function it starts with ("xmlParseCharRef: "), first letter
 * in lower case ("Entity 'foo' not defined" -> "entity 'foo' not
 * defined"). Changes text in place. */
static const char *libxml2_detail(char *text)
{
    size_t n = 0;
    while ((text[n] >= 'a' && text[n] <= 'z') || (text[n] >= 'A' && text[n] <= 'Z') ||
           (text[n] >= '0' && text[n] <= '9') || text[n] == '_')
        n++;
    if (strncmp(text, "xml", 3) == 0 && text[n] == ':' && text[n + 1] == ' ')
        text += n + 2;
    if (text[0] >= 'A' && text[0] <= 'Z' && !(text[1] >= 'A' && text[1] <= 'Z'))
        text[0] = (char)(text[0] - 'A' + 'a');
    return text;
}

cjm_status cjmx_parse_error(cjmx_parse *p)
{
    cjm_status status = CJM_ERR_PARSE;
    const char *problem = cjmx_input_problem(p->input, &status);
    if (problem)
        return cjmx_fail(status, "%s: %s", p->name, problem);
    if (cjmx_input_empty(p->input))
        return cjmx_fail(CJM_ERR_PARSE, "%s: empty input, no XML document", p->name);
    /* An error met while the reader parsed ahead of a DOCTYPE it had not
     * yet delivered: the DOCTYPE is the problem to name. */
    xmlDocPtr doc = xmlTextReaderCurrentDoc(p->reader);
    if (doc) {
        p->doc = doc;
        if (doc->intSubset)
            return cjmx_fail(CJM_ERR_PARSE, "%s: a document type declaration (DOCTYPE) is not "
                             "allowed", p->name);
    }
    if (!p->error[0])
        return cjmx_fail(CJM_ERR_PARSE, "%s: not well-formed XML", p->name);
    if (strstr(p->error, "Memory allocation failed"))
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", p->name);
    status = p->error_domain == XML_FROM_SCHEMASV                  ? CJM_ERR_INVALID
             : strstr(p->error, "depth") || strstr(p->error, "huge") ? CJM_ERR_LIMIT
                                                                     : CJM_ERR_PARSE;
    return cjmx_fail(status, "%s:%d: %s: %s", p->name, p->error_line,
                     status == CJM_ERR_INVALID ? "not valid against the schema"
                     : status == CJM_ERR_LIMIT ? "beyond the XML reader's limits"
                                               : "not well-formed XML",
                     libxml2_detail(p->error));
}

int cjmx_next(cjmx_parse *p)
{
    int rc = xmlTextReaderRead(p->reader);
    /* A DOCTYPE can only come before the root element. */
    if (rc == 1 && !p->in_root) {
        int type = xmlTextReaderNodeType(p->reader);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE)
            return cjmx_fail_at(p, CJM_ERR_PARSE, "a document type declaration (DOCTYPE) is "
                                "not allowed");
        p->in_root = type == XML_READER_TYPE_ELEMENT;
    }
    if (rc >= 0 && !p->error[0])
        return rc;
    return cjmx_parse_error(p);
}

long cjmx_line(cjmx_parse *p)
{
    if (p->node)
        return p->node->line;
    xmlNodePtr node = xmlTextReaderCurrentNode(p->reader);
    long line = node ? xmlGetLineNo(node) : -1;
    /* 65535: a node's 16-bit line that stopped counting */
    return line > 0 && line < 65535 ? line : xmlTextReaderGetParserLineNumber(p->reader);
}

const char *cjmx_local_name(cjmx_parse *p)
{
    return p->node ? p->node->local : (const char *)xmlTextReaderConstLocalName(p->reader);
}

const char *cjmx_namespace(cjmx_parse *p)
{
    return p->node ? p->node->ns : (const char *)xmlTextReaderConstNamespaceUri(p->reader);
}

static cjm_status fail_at(cjmx_parse *p, cjm_status status, const char *message)
{
    const xmlChar *element = p->node ? (const xmlChar *)p->node->name
                                     : xmlTextReaderConstName(p->reader);
    int type = p->node ? p->node->type : xmlTextReaderNodeType(p->reader);
    if (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT)
        return cjmx_fail(status, "%s:%ld: <%s>: %s", p->name, cjmx_line(p),
                         (const char *)element, message);
    return cjmx_fail(status, "%s:%ld: %s", p->name, cjmx_line(p), message);
}

cjm_status cjmx_fail_at(cjmx_parse *p, cjm_status status, const char *format, ...)
{
    char message[768];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    return fail_at(p, status, message);
}

bool cjmx_blank(const char *text)
{
    for (; *text; text++)
        if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
            return false;
    return true;
}

static cjm_status check_required(cjmx_parse *p, const char *const *names, const char **values,
                                 size_t count, unsigned required)
{
    for (size_t i = 0; i < count; i++)
        if ((required >> i & 1) && !values[i])
            return cjmx_fail_at(p, CJM_ERR_INVALID, "missing XML attribute \"%s\"", names[i]);
    return CJM_OK;
}

/* cjmx_attributes() over a node written down, with the same messages.
 * The walk asks for the same names element after element, and the reader
 * names XML attributes from its dictionary: a name that matched one asked
 * for is that one whenever it comes again as the same pointer. */
static cjm_status node_attributes(cjmx_parse *p, const char *const *names, const char **values,
                                  size_t count, unsigned required)
{
    size_t kept = sizeof p->names_matched / sizeof p->names_matched[0];
    bool remember = count > 0 && count <= kept;
    if (remember && p->names_asked != names) {
        p->names_asked = names;
        memset(p->names_matched, 0, sizeof p->names_matched);
    }
    for (size_t k = 0; k < p->node->attr_count; k++) {
        const cjmx_node_attr *a = &p->node->attrs[k];
        size_t i = 0;
        bool known = remember && a->shared && !a->has_ns;
        while (known && i < count && a->name != p->names_matched[i])
            i++;
        if (!known || i == count) {
            i = 0;
            while (i < count && (a->has_ns || a->name[0] != names[i][0] ||
                                 strcmp(a->name, names[i]) != 0))
                i++;
            if (known && i < count)
                p->names_matched[i] = a->name;
        }
        if (i == count)
            return cjmx_fail_at(p, CJM_ERR_INVALID, "unknown XML attribute \"%s%s%s\"",
                                a->prefix ? a->prefix : "", a->prefix ? ":" : "", a->name);
        values[i] = a->value;
        if (!values[i])
            return cjmx_fail_at(p, CJM_ERR_INVALID, "XML attribute \"%s\": not plain text",
                                names[i]);
    }
    return check_required(p, names, values, count, required);
}

cjm_status cjmx_attributes(cjmx_parse *p, const char *const *names, const char **values,
                           unsigned required)
{
    size_t count = 0;
    while (names[count])
        values[count++] = NULL;
    if (p->node)
        return node_attributes(p, names, values, count, required);
    const xmlNode *node = xmlTextReaderCurrentNode(p->reader);
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        size_t i = 0;
        while (i < count && (a->ns || a->name[0] != names[i][0] ||
                             strcmp((const char *)a->name, names[i]) != 0))
            i++;
        if (i == count)
            return cjmx_fail_at(p, CJM_ERR_INVALID, "unknown XML attribute \"%s%s%s\"",
                                a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
                                a->ns && a->ns->prefix ? ":" : "", (const char *)a->name);
        values[i] = cjmx_attr_text(a);
        if (!values[i])
            return cjmx_fail_at(p, CJM_ERR_INVALID, "XML attribute \"%s\": not plain text",
                                names[i]);
    }
    return check_required(p, names, values, count, required);
}

cjm_status cjmx_walk(cjmx_parse *p, const cjmx_handlers *h, void *ctx)
{
    int rc;
    while ((rc = cjmx_next(p)) == 1) {
        int type = xmlTextReaderNodeType(p->reader);
        cjm_status st = CJM_OK;
        if (type == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(p->reader) == 1;
            st = h->start(ctx);
            if (st == CJM_OK && empty)
                st = h->end(ctx);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            st = h->end(ctx);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                   type == XML_READER_TYPE_WHITESPACE) {
            const char *text = (const char *)xmlTextReaderConstValue(p->reader);
            st = h->text(ctx, text ? text : "");
        } else if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
            st = cjmx_fail_at(p, CJM_ERR_INVALID, "an entity reference");
        }
        if (st != CJM_OK)
            return st;
    }
    return rc < 0 ? (cjm_status)rc : CJM_OK;
}
