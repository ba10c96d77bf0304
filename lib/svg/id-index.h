/* Finding things by id in a picture of many: a sorted index of ids, so
 * that laying out tens of thousands of touchpoints or stages, each looked
 * up once per gap, costs a search, not a pass. Internal. */
#ifndef CJMI_SVG_ID_INDEX_H
#define CJMI_SVG_ID_INDEX_H

#include <stddef.h>
#include "cjm/common.h"

typedef struct svg_id_entry {
    const char *id;
    size_t at; /* where the caller keeps the thing of that id */
} svg_id_entry;

typedef struct svg_id_index {
    svg_id_entry *entries; /* by id, then by `at` */
    size_t count;
} svg_id_index;

/* An index of n ids, id(things, i) the id of thing i (NULL ids left out).
 * CJM_OK, or CJM_ERR_NOMEM with no message (the caller names itself). */
cjm_status cjmi_svg_index(svg_id_index *index, size_t n,
                          const char *(*id)(const void *things, size_t i), const void *things);

/* The lowest `at` of id in the index, or (size_t)-1 when it has none. */
size_t cjmi_svg_find(const svg_id_index *index, const char *id);

void cjmi_svg_index_free(svg_id_index *index);

#endif
