/* The library's allocator hook on PostgreSQL's memory contexts.
 *
 * The library allocates in CurrentMemoryContext: an entry point that wants
 * the library's objects to live longer than the call switches to a longer
 * context around its library calls. No pointer to a context is kept
 * between calls, so an ERROR, which resets CurrentMemoryContext, leaves
 * nothing that could later point into a freed context.
 *
 * Each block carries its size in front, because PostgreSQL 15 has no
 * repalloc that returns NULL instead of raising an ERROR: a reallocation
 * is a new block in the old one's context, a copy and a pfree. A block
 * lives in the context it was made in; whole contexts are released by
 * PostgreSQL as usual, so an aggregate's analysis goes with its context
 * even when an ERROR cuts its life short. */
#include "cjm-pg.h"

#include "utils/memutils.h"

/* The header before each block: its size, padded to keep alignment. */
typedef union header {
    size_t size;
    max_align_t align;
} header;

static void *allocate(MemoryContext context, size_t size)
{
    if (size > MaxAllocHugeSize - sizeof(header))
        return NULL;
    header *h = MemoryContextAllocExtended(context, sizeof(header) + size,
                                           MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
    if (!h)
        return NULL;
    h->size = size;
    return h + 1;
}

static void *pg_malloc(size_t size, void *userdata)
{
    (void)userdata;
    return allocate(CurrentMemoryContext, size);
}

static void *pg_realloc(void *ptr, size_t size, void *userdata)
{
    (void)userdata;
    if (!ptr)
        return pg_malloc(size, NULL);
    header *old = (header *)ptr - 1;
    void *fresh = allocate(GetMemoryChunkContext(old), size);
    if (!fresh)
        return NULL;
    memcpy(fresh, ptr, old->size < size ? old->size : size);
    pfree(old);
    return fresh;
}

static void pg_free(void *ptr, void *userdata)
{
    (void)userdata;
    if (ptr)
        pfree((header *)ptr - 1);
}

void cjmpg_install_allocator(void)
{
    if (cjm_set_allocator(pg_malloc, pg_realloc, pg_free, NULL) != CJM_OK)
        elog(ERROR, "cjm: cannot install the allocator: %s", cjm_last_error());
}
