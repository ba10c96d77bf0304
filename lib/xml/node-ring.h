/* A document's nodes read ahead on a thread of their own: the libxml2
 * reader does its own work there and only writes down each node (its
 * type, names, line, XML attributes, text); the walk over them, with every
 * check, runs on another thread. Internal. */
#ifndef CJMX_NODE_RING_H
#define CJMX_NODE_RING_H

#include "xml-private.h"

/* Walks the document of `reader` (opened, not yet read) as cjmx_walk()
 * does, calling h's handlers in the calling thread with `view` showing
 * each node in turn (cjmx_line, cjmx_fail_at, cjmx_attributes,
 * cjmx_local_name, cjmx_namespace), while `reader` is read on a thread of
 * its own. Without a thread, walks `reader` in the calling thread. The
 * first error is returned with its message, as cjmx_walk() gives it. */
cjm_status cjmx_walk_ahead(cjmx_parse *reader, cjmx_parse *view, const cjmx_handlers *h,
                           void *ctx);

#endif
