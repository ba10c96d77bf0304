/* Growable arrays: one idiom for every array that grows, in the manner of
 * ccan's darray (as libxkbcommon uses it), with each allocation checked.
 *
 * An array is a `T *items` pointer and a `size_t capacity` that its owner
 * keeps beside its count, under names of its own. The macros take them as
 * lvalues and get the item size from the pointer's type, so no call
 * casts through `void **` or passes a size. Capacities double from 4.
 * Growth goes through cjm_realloc(), the allocator hook every library of
 * cjm sees, so the modules share the idiom with the core.
 *
 * A macro that allocates evaluates to CJM_OK, or to CJM_ERR_NOMEM with the
 * array as it was, and records no message: the caller names itself (and
 * may run on a worker thread). The arguments are evaluated more than once,
 * all before the array changes: they must have no side effects. Internal. */
#ifndef CJMI_ARRAY_H
#define CJMI_ARRAY_H

#include <stdint.h>
#include <string.h>

#include "cjm/common.h"

/* The capacity, doubled from `capacity` (4 when 0), that first holds
 * `need` items of `size` bytes; 0 when it would not fit in memory. */
static inline size_t cjmi_array_capacity(size_t capacity, size_t need, size_t size)
{
    size_t cap = capacity ? capacity : 4;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return 0;
        cap *= 2;
    }
    return cap > SIZE_MAX / size ? 0 : cap;
}

/* What the last growth in this thread came to: the macros read it right
 * after cjmi_array_grow(), so that `need` is never evaluated after the
 * array has changed (it may well be `capacity + 1`). */
static inline cjm_status *cjmi_array_outcome(void)
{
    static _Thread_local cjm_status outcome;
    return &outcome;
}

/* The block for an array of *capacity items of `size` bytes to hold
 * `need` (more than it holds): a larger block, its new slots zeroed when
 * `zero`, with *capacity updated; or, when memory runs out, `items` as it
 * was. Either way *cjmi_array_outcome() tells which. */
static inline void *cjmi_array_grow(void *items, size_t *capacity, size_t need, size_t size,
                                    int zero)
{
    size_t cap = cjmi_array_capacity(*capacity, need, size);
    void *grown = cap ? cjm_realloc(items, cap * size) : NULL;
    *cjmi_array_outcome() = grown ? CJM_OK : CJM_ERR_NOMEM;
    if (!grown)
        return items;
    if (zero)
        memset((char *)grown + *capacity * size, 0, (cap - *capacity) * size);
    *capacity = cap;
    return grown;
}

/* Makes room for `need` items. */
#define cjmi_array_reserve(items, capacity, need)                                        \
    ((capacity) >= (need)                                                                \
         ? CJM_OK                                                                        \
         : ((items) = cjmi_array_grow((items), &(capacity), (need), sizeof *(items), 0), \
            *cjmi_array_outcome()))

/* Makes room for `need` items, the new slots zeroed: for arrays indexed
 * by ids that other tables hand out, where a slot not yet set reads 0. */
#define cjmi_array_reserve_zeroed(items, capacity, need)                                 \
    ((capacity) >= (need)                                                                \
         ? CJM_OK                                                                        \
         : ((items) = cjmi_array_grow((items), &(capacity), (need), sizeof *(items), 1), \
            *cjmi_array_outcome()))

/* Appends `item` after the `count` items, counting it. */
#define cjmi_array_push(items, count, capacity, item)                                    \
    (cjmi_array_reserve(items, capacity, (count) + 1) == CJM_OK                          \
         ? ((items)[(count)++] = (item), CJM_OK)                                         \
         : CJM_ERR_NOMEM)

#endif
