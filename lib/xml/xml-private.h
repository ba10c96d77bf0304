/* Shared by the parts of libcjm-xml. Internal. */
#ifndef CJMX_PRIVATE_H
#define CJMX_PRIVATE_H

#include <stdbool.h>
#include <stdio.h>
#include <libxml/xmlreader.h>

#include "cjm/xml.h"

/* Records a printf-style error in cjm's slot and returns status. */
cjm_status cjmx_fail(cjm_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Bytes in: a buffer or a stream, gzip recognized by its magic bytes and
 * inflated on the fly. */
typedef struct cjmx_input cjmx_input;
cjmx_input *cjmx_input_new(const char *data, size_t size, FILE *file);
void cjmx_input_free(cjmx_input *in);
/* libxml2's read callback over an input. */
int cjmx_input_read(void *ctx, char *buf, int len);
/* True when the input held no byte at all. */
bool cjmx_input_empty(const cjmx_input *in);
/* Why reading failed (an I/O or gzip problem), or NULL. */
const char *cjmx_input_problem(const cjmx_input *in, cjm_status *status);

/* A node written down by the thread reading ahead (node-ring.c). */
typedef struct cjmx_node_attr {
    const char *name, *prefix; /* prefix: of its namespace, NULL without */
    const char *value;         /* NULL when not plain text */
    bool has_ns;
    /* The name is the reader's dictionary's, kept until the reader is
     * freed: the same pointer for the same name all through the parse. */
    bool shared;
} cjmx_node_attr;

typedef struct cjmx_node {
    int type;                  /* an XML_READER_TYPE_ */
    bool empty;                /* an element without content */
    long line;
    const char *name, *local, *ns, *text;
    const cjmx_node_attr *attrs;
    size_t attr_count;
} cjmx_node;

/* One parse: a libxml2 text reader over an input, with its own error
 * collection (never the process-wide handlers). A view instead shows the
 * nodes another parse wrote down, one at a time (`node`), to the same
 * accessors. */
typedef struct cjmx_parse {
    const cjmx_node *node;  /* a view's current node; NULL for a parse */
    xmlTextReaderPtr reader;
    cjmx_input *input;
    xmlDocPtr doc;          /* taken from the reader on error, freed at close */
    const char *name;
    bool in_root;           /* past the start of the root element */
    /* A view's last list of names asked of XML attributes (a caller's
     * NULL-ended list), and for each the dictionary name that matched it. */
    const char *const *names_asked;
    const char *names_matched[4];
    /* The first error libxml2 reported for this parse. */
    int error_line, error_domain;
    char error[512];
    /* The thread's generic error handler before the parse, put back at
     * close (see parse.c). */
    xmlGenericErrorFunc saved_generic;
    void *saved_generic_ctx;
} cjmx_parse;

/* Starts a parse of data/size or file; `blanks` false drops white space
 * between elements. Errors set. */
cjm_status cjmx_open(cjmx_parse *p, const char *data, size_t size, FILE *file, const char *name,
                     bool blanks);
void cjmx_close(cjmx_parse *p);
/* Drops libxml2's generic error messages in this thread (see parse.c), for
 * a thread that only parses and ends with the parse. */
void cjmx_quiet_thread(void);
/* Moves to the next node: 1 on a node, 0 at the end, or a negative status
 * with the error set (not well-formed, a DOCTYPE, an I/O problem). */
int cjmx_next(cjmx_parse *p);
/* The error libxml2 or the input reported, recorded and returned. */
cjm_status cjmx_parse_error(cjmx_parse *p);
/* What a walk does at each node: an element's start (an empty element's
 * end follows at once), its end, and text (white space included). */
typedef struct cjmx_handlers {
    cjm_status (*start)(void *ctx);
    cjm_status (*end)(void *ctx);
    cjm_status (*text)(void *ctx, const char *text);
} cjmx_handlers;

/* Walks the document node by node to its end, or the first error. */
cjm_status cjmx_walk(cjmx_parse *p, const cjmx_handlers *h, void *ctx);
/* The current node's line. */
long cjmx_line(cjmx_parse *p);
/* The current element's local name and namespace URI (NULL without). */
const char *cjmx_local_name(cjmx_parse *p);
const char *cjmx_namespace(cjmx_parse *p);
/* Fails at the current node: NAME:LINE: <element>: message. */
cjm_status cjmx_fail_at(cjmx_parse *p, cjm_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* The XML attributes of the current element: each of `names` (NULL-ended,
 * static: a view remembers matches by the list's address) into `values`
 * (NULL when absent), refusing any other; `required` has a bit per name. */
cjm_status cjmx_attributes(cjmx_parse *p, const char *const *names, const char **values,
                           unsigned required);
/* The text of an attribute's value without copying it ("" when empty);
 * NULL when it is not a single text node (never, without a DTD). Inline:
 * the reading thread asks it of every XML attribute. */
static inline const char *cjmx_attr_text(const xmlAttr *attr)
{
    const xmlNode *text = attr->children;
    if (!text)
        return "";
    if (text->type != XML_TEXT_NODE || text->next)
        return NULL;
    return (const char *)text->content;
}
/* True for text that is only XML white space. */
bool cjmx_blank(const char *text);

/* The journey schema, compiled in (generated from journey.xsd). */
extern const char cjmx_journey_xsd[];
extern const size_t cjmx_journey_xsd_size;

#endif
