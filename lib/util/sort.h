/* Sorting the short arrays most reports have. Internal, header-only. */
#ifndef CJMI_SORT_H
#define CJMI_SORT_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define CJMI_FEW_ITEMS 32
#define CJMI_SMALL_ITEM 64

/* As qsort(base, n, size, compare), for an order in which no two items are
 * equal, so that the result is the one order either way: by insertion when
 * the items are few and small, where qsort's own work (in glibc, a merge
 * sort through a buffer of copies) costs more than its comparisons. */
static inline void cjmi_sort(void *base, size_t n, size_t size,
                             int (*compare)(const void *, const void *))
{
    if (n < 2)
        return;
    if (n > CJMI_FEW_ITEMS || size > CJMI_SMALL_ITEM) {
        qsort(base, n, size, compare);
        return;
    }
    char *items = base, held[CJMI_SMALL_ITEM];
    for (size_t i = 1; i < n; i++) {
        size_t j = i;
        while (j > 0 && compare(items + i * size, items + (j - 1) * size) < 0)
            j--;
        if (j == i)
            continue;
        memcpy(held, items + i * size, size);
        memmove(items + (j + 1) * size, items + j * size, (i - j) * size);
        memcpy(items + j * size, held, size);
    }
}

#endif
