/* A sorted index of ids (see id-index.h). */
#include <stdlib.h>
#include <string.h>

#include "id-index.h"
#include "../core/alloc.h"

static int by_id_then_place(const void *a, const void *b)
{
    const svg_id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

cjm_status cjmi_svg_index(svg_id_index *index, size_t n,
                          const char *(*id)(const void *things, size_t i), const void *things)
{
    *index = (svg_id_index){ NULL, 0 };
    index->entries = cjmi_malloc((n ? n : 1) * sizeof *index->entries);
    if (!index->entries)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *s = id(things, i);
        if (s)
            index->entries[index->count++] = (svg_id_entry){ s, i };
    }
    qsort(index->entries, index->count, sizeof *index->entries, by_id_then_place);
    return CJM_OK;
}

size_t cjmi_svg_find(const svg_id_index *index, const char *id)
{
    size_t lo = 0, hi = index->count; /* the first entry not below id */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(index->entries[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < index->count && strcmp(index->entries[lo].id, id) == 0 ? index->entries[lo].at
                                                                        : (size_t)-1;
}

void cjmi_svg_index_free(svg_id_index *index)
{
    cjmi_free(index->entries);
    *index = (svg_id_index){ NULL, 0 };
}
