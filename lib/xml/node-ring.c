/* The libxml2 reader on a thread of its own, writing nodes down in batches
 * for the walk on another thread. libxml2's text reader is sequential and
 * is most of a log's cost; everything else a node needs (checking names,
 * attributes and values, making events) moves off its thread. A ring of
 * BATCHES batches bounds the memory; a batch's strings are copied into its
 * own bytes, since the reader frees each node once past it. */
#include <pthread.h>
#include <string.h>

#include "array.h"
#include "node-ring.h"

#define BATCH_NODES 2048
#define BATCH_ATTRS 4096
#define BATCHES 4
/* XML attributes written down per element. The walk takes at most four
 * names in an element of a log and refuses the first XML attribute it does
 * not take; an element holds no name twice, so past the fifth the rest
 * never matter, however many a hostile log gives. */
#define ATTRS_KEPT 16

/* Copied strings are kept as offsets into the batch's bytes until it is
 * full (the bytes may move as they grow), then turned into pointers. */
#define NO_TEXT SIZE_MAX

typedef struct node_batch {
    cjmx_node nodes[BATCH_NODES];
    size_t count;
    cjmx_node_attr attrs[BATCH_ATTRS];
    size_t attr_count;
    char *bytes;
    size_t bytes_used, bytes_capacity;
    /* The walk ends after this batch: at the document's end, or with
     * this error (its message copied from the reading thread). */
    bool last;
    cjm_status status;
    char message[1024];
} node_batch;

/* What the reading thread keeps of the document as it goes, to ask
 * libxml2 less for each node. */
typedef struct seen {
    /* The root element's namespace and its URI as the reader gives it (its
     * dictionary's copy), while the reader is inside the root: the root,
     * and the namespace declarations it holds, live until then. */
    const xmlNs *root_ns;
    const char *root_uri;
    /* Names of XML attributes found to be the reader's dictionary's own,
     * by the bits of their address: a dictionary keeps its strings until
     * it is freed, so an equal pointer is the same string. */
    const xmlChar *dict_names[16];
} seen;

typedef struct ring {
    cjmx_parse *reader;
    seen seen;
    node_batch *batches[BATCHES];
    /* Batches published and walked so far: batch i is in slot
     * i % BATCHES. Guarded by lock. */
    size_t published, walked;
    bool stop;
    pthread_mutex_t lock;
    pthread_cond_t changed;
} ring;

/* Grows the batch's bytes to hold `more` bytes after those used; false
 * with *failed set when memory runs out. */
static bool grow(node_batch *b, size_t more, bool *failed)
{
    if (cjmi_array_reserve(b->bytes, b->bytes_capacity, b->bytes_used + more) == CJM_OK)
        return true;
    *failed = true;
    return false;
}

/* Copies a string of n bytes and its NUL into the batch's bytes; their
 * offset, or NO_TEXT with *failed set when memory runs out. Inline: the
 * reading thread copies every XML attribute's value. */
static inline size_t keep_n(node_batch *b, const char *text, size_t n, bool *failed)
{
    if (b->bytes_capacity - b->bytes_used <= n && !grow(b, n + 1, failed))
        return NO_TEXT;
    size_t at = b->bytes_used;
    memcpy(b->bytes + at, text, n + 1);
    b->bytes_used = at + n + 1;
    return at;
}

/* Copies a string into the batch's bytes: keep_n(), NO_TEXT for NULL. */
static inline size_t keep(node_batch *b, const char *text, bool *failed)
{
    return text ? keep_n(b, text, strlen(text), failed) : NO_TEXT;
}

static const char *as_text(const node_batch *b, const char *offset)
{
    size_t at = (size_t)(uintptr_t)offset;
    return at == NO_TEXT ? NULL : b->bytes + at;
}

#define OFFSET(at) ((const char *)(uintptr_t)(at))

/* The element's namespace URI, as xmlTextReaderConstNamespaceUri() gives
 * it: that looks the URI up in the reader's dictionary each time, and a
 * log names the one namespace its root declares on nearly every element.
 * An element whose xmlNs is the root's, alive, is in the root's
 * namespace. */
static const char *namespace_of(seen *w, xmlTextReaderPtr r, const xmlNode *node,
                                const cjmx_node *n)
{
    int type = n->type;
    if (node->ns && node->ns == w->root_ns) {
        const char *uri = w->root_uri;
        /* Past the root's end the reader may free it. */
        if (node->parent && node->parent->type == XML_DOCUMENT_NODE &&
            type == XML_READER_TYPE_END_ELEMENT)
            w->root_ns = NULL;
        return uri;
    }
    const char *uri = (const char *)xmlTextReaderConstNamespaceUri(r);
    if (type == XML_READER_TYPE_ELEMENT && !n->empty && node->parent &&
        node->parent->type == XML_DOCUMENT_NODE) {
        /* The root, with content to come: its namespace holds until its end. */
        w->root_ns = node->ns;
        w->root_uri = uri;
    }
    return uri;
}

/* Whether an XML attribute's name is the reader's dictionary's own, kept
 * until the reader is freed (libxml2's reader names every element and
 * attribute from its dictionary): then it needs no copy. */
static bool name_is_shared(seen *w, const xmlAttr *a)
{
    const xmlChar **slot = &w->dict_names[((uintptr_t)a->name >> 3) & 15];
    if (*slot == a->name)
        return true;
    const xmlDoc *doc = a->doc;
    if (!doc || !doc->dict || xmlDictOwns(doc->dict, a->name) != 1)
        return false;
    *slot = a->name;
    return true;
}

/* The node's line: an element's or a text's own line when it is below
 * 65535, where a node's 16-bit line stops counting; else the parser's
 * line as the node is read, which lies at or a few lines past the node
 * (the reader parses ahead by a chunk), never 65535 for a line past it. */
static long line_of(cjmx_parse *p, const xmlNode *node)
{
    if ((node->type == XML_ELEMENT_NODE || node->type == XML_TEXT_NODE) && node->line > 0 &&
        node->line < 65535)
        return node->line;
    return xmlTextReaderGetParserLineNumber(p->reader);
}

/* Writes down the XML attributes of an element. */
static void write_attributes(node_batch *b, cjmx_node *n, seen *w, const xmlNode *node,
                             bool *failed)
{
    n->attrs = (const cjmx_node_attr *)(uintptr_t)b->attr_count;
    for (const xmlAttr *a = node->properties; a && n->attr_count < ATTRS_KEPT; a = a->next) {
        const char *value = cjmx_attr_text(a);
        bool shared = name_is_shared(w, a);
        b->attrs[b->attr_count++] = (cjmx_node_attr){
            shared ? (const char *)a->name : OFFSET(keep(b, (const char *)a->name, failed)),
            a->ns ? OFFSET(keep(b, (const char *)a->ns->prefix, failed)) : OFFSET(NO_TEXT),
            OFFSET(keep(b, value, failed)), a->ns != NULL, shared,
        };
        n->attr_count++;
    }
}

/* Writes down the reader's current node, if the walk needs it. */
static void write_down(node_batch *b, ring *g, bool *failed)
{
    cjmx_parse *p = g->reader;
    xmlTextReaderPtr r = p->reader;
    int type = xmlTextReaderNodeType(r);
    const xmlNode *node = xmlTextReaderCurrentNode(r);
    cjmx_node *n = &b->nodes[b->count];
    *n = (cjmx_node){ .type = type, .text = OFFSET(NO_TEXT) };
    switch (type) {
    case XML_READER_TYPE_ELEMENT:
        n->empty = xmlTextReaderIsEmptyElement(r) == 1;
        write_attributes(b, n, &g->seen, node, failed);
        /* fall through */
    case XML_READER_TYPE_END_ELEMENT:
        /* What xmlTextReaderConstLocalName() and xmlTextReaderConstName()
         * give: names from the reader's dictionary, which holds them until
         * it is freed, after the walk; they need no copy. */
        n->local = (const char *)node->name;
        n->name = node->ns && node->ns->prefix ? (const char *)xmlTextReaderConstName(r)
                                               : n->local;
        n->ns = namespace_of(&g->seen, r, node, n);
        break;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
    case XML_READER_TYPE_WHITESPACE: {
        const char *text = (const char *)xmlTextReaderConstValue(r);
        n->text = OFFSET(keep(b, text ? text : "", failed));
        break;
    }
    case XML_READER_TYPE_ENTITY_REFERENCE:
        break;
    default:
        return; /* comments, processing instructions: nothing to walk */
    }
    if (*failed)
        return; /* left out: the walk stops before it, out of memory */
    n->line = line_of(p, node);
    b->count++;
}

/* Turns the batch's offsets into pointers, now that its bytes stay put:
 * on the walking thread, before its walk. */
static void settle(node_batch *b)
{
    for (size_t i = 0; i < b->attr_count; i++) {
        cjmx_node_attr *a = &b->attrs[i];
        if (!a->shared)
            a->name = as_text(b, a->name);
        a->prefix = as_text(b, a->prefix);
        a->value = as_text(b, a->value);
    }
    for (size_t i = 0; i < b->count; i++) {
        cjmx_node *n = &b->nodes[i];
        n->text = as_text(b, n->text);
        n->attrs = b->attrs + (size_t)(uintptr_t)n->attrs;
    }
}

/* Fills a batch from the reader: until it is full, the document ends or
 * reading fails. */
static void fill(node_batch *b, ring *g)
{
    cjmx_parse *p = g->reader;
    b->count = b->attr_count = b->bytes_used = 0;
    b->last = false;
    b->status = CJM_OK;
    bool failed = false;
    /* Room for the next element's XML attributes (see ATTRS_KEPT). */
    while (b->count < BATCH_NODES && b->attr_count <= BATCH_ATTRS - ATTRS_KEPT && !failed) {
        int rc = cjmx_next(p);
        if (rc != 1) {
            b->last = true;
            b->status = rc < 0 ? (cjm_status)rc : CJM_OK;
            if (rc < 0)
                snprintf(b->message, sizeof b->message, "%s", cjm_last_error());
            break;
        }
        write_down(b, g, &failed);
    }
    if (failed) {
        b->last = true;
        b->status = cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", p->name);
        snprintf(b->message, sizeof b->message, "%s", cjm_last_error());
    }
}

static void *read_ahead(void *arg)
{
    ring *g = arg;
    cjmx_quiet_thread();
    for (;;) {
        pthread_mutex_lock(&g->lock);
        while (g->published - g->walked >= BATCHES && !g->stop)
            pthread_cond_wait(&g->changed, &g->lock);
        bool stop = g->stop;
        pthread_mutex_unlock(&g->lock);
        if (stop)
            return NULL;
        node_batch *b = g->batches[g->published % BATCHES];
        fill(b, g);
        pthread_mutex_lock(&g->lock);
        g->published++;
        pthread_cond_broadcast(&g->changed);
        pthread_mutex_unlock(&g->lock);
        if (b->last)
            return NULL;
    }
}

/* Walks one batch's nodes as cjmx_walk() walks the reader's. */
static cjm_status walk_batch(node_batch *b, cjmx_parse *view, const cjmx_handlers *h,
                             void *ctx)
{
    settle(b);
    for (size_t i = 0; i < b->count; i++) {
        const cjmx_node *n = &b->nodes[i];
        cjm_status st = CJM_OK;
        view->node = n;
        switch (n->type) {
        case XML_READER_TYPE_ELEMENT:
            st = h->start(ctx);
            if (st == CJM_OK && n->empty)
                st = h->end(ctx);
            break;
        case XML_READER_TYPE_END_ELEMENT:
            st = h->end(ctx);
            break;
        case XML_READER_TYPE_ENTITY_REFERENCE:
            st = cjmx_fail_at(view, CJM_ERR_INVALID, "an entity reference");
            break;
        default:
            st = h->text(ctx, n->text);
            break;
        }
        if (st != CJM_OK)
            return st;
    }
    if (b->last && b->status != CJM_OK)
        return cjm_error_set(b->status, b->message);
    return CJM_OK;
}

static cjm_status walk_all(ring *g, cjmx_parse *view, const cjmx_handlers *h, void *ctx)
{
    for (;;) {
        pthread_mutex_lock(&g->lock);
        while (g->walked == g->published)
            pthread_cond_wait(&g->changed, &g->lock);
        pthread_mutex_unlock(&g->lock);
        node_batch *b = g->batches[g->walked % BATCHES];
        cjm_status rc = walk_batch(b, view, h, ctx);
        bool last = b->last;
        pthread_mutex_lock(&g->lock);
        g->walked++;
        if (rc != CJM_OK)
            g->stop = true;
        pthread_cond_broadcast(&g->changed);
        pthread_mutex_unlock(&g->lock);
        if (rc != CJM_OK || last)
            return rc;
    }
}

cjm_status cjmx_walk_ahead(cjmx_parse *reader, cjmx_parse *view, const cjmx_handlers *h,
                           void *ctx)
{
    ring *g = cjm_malloc(sizeof *g);
    if (!g)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", reader->name);
    memset(g, 0, sizeof *g);
    g->reader = reader;
    bool made = true;
    for (size_t k = 0; k < BATCHES && made; k++) {
        if ((g->batches[k] = cjm_malloc(sizeof *g->batches[k])))
            memset(g->batches[k], 0, sizeof *g->batches[k]);
        made = g->batches[k] != NULL;
    }
    cjm_status rc;
    pthread_t thread;
    if (!made) {
        rc = cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", reader->name);
    } else {
        pthread_mutex_init(&g->lock, NULL);
        pthread_cond_init(&g->changed, NULL);
        if (pthread_create(&thread, NULL, read_ahead, g) != 0) {
            /* No thread: a batch at a time in this one. */
            do {
                fill(g->batches[0], g);
                rc = walk_batch(g->batches[0], view, h, ctx);
            } while (rc == CJM_OK && !g->batches[0]->last);
        } else {
            rc = walk_all(g, view, h, ctx);
            pthread_mutex_lock(&g->lock);
            g->stop = true;
            pthread_cond_broadcast(&g->changed);
            pthread_mutex_unlock(&g->lock);
            pthread_join(thread, NULL);
        }
        pthread_cond_destroy(&g->changed);
        pthread_mutex_destroy(&g->lock);
    }
    for (size_t k = 0; k < BATCHES; k++) {
        if (g->batches[k])
            cjm_free(g->batches[k]->bytes);
        cjm_free(g->batches[k]);
    }
    cjm_free(g);
    return rc;
}
