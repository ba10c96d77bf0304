/* Allocation through the embedder's allocator. Internal. */
#ifndef CJMI_ALLOC_H
#define CJMI_ALLOC_H

#include <stddef.h>

/* Each returns NULL when the allocator does; none sets the error slot, so
 * callers report CJM_ERR_NOMEM with their own function name. */
void *cjmi_malloc(size_t size);
void *cjmi_calloc(size_t count, size_t size);
/* Zeroed memory that will be read before it is written: hash tables that
 * are probed. Every page of it is written first, so the kernel never maps
 * its shared zero page there to copy it on the first write: with the
 * process's other threads running, each such copy interrupts every core
 * to flush its TLB. */
void *cjmi_calloc_probed(size_t count, size_t size);
void *cjmi_realloc(void *ptr, size_t size);
void cjmi_free(void *ptr);
char *cjmi_strdup(const char *s);

/* Arrays that grow: cjmi_array_reserve() and its family. */
#include "array.h"

#endif
