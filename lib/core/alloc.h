/* Allocation through the embedder's allocator. Internal. */
#ifndef CJMI_ALLOC_H
#define CJMI_ALLOC_H

#include <stddef.h>

/* Each returns NULL when the allocator does; none sets the error slot, so
 * callers report CJM_ERR_NOMEM with their own function name. */
void *cjmi_malloc(size_t size);
void *cjmi_calloc(size_t count, size_t size);
void *cjmi_realloc(void *ptr, size_t size);
void cjmi_free(void *ptr);
char *cjmi_strdup(const char *s);

/* Makes room for at least `need` elements of `size` bytes in *array, whose
 * capacity is *capacity, growing geometrically. Returns 0, or -1 (array
 * untouched) on overflow or allocation failure. */
int cjmi_reserve(void **array, size_t *capacity, size_t need, size_t size);

#endif
