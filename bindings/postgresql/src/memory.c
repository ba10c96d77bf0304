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

/*
 * The arena of a call whose library objects all end with it (a report made
 * to be written as jsonb and dropped): blocks are cut one after another
 * from chunks, a free gives nothing back (but the last block's room), and
 * a block that grows in place when it is the last. A one-customer report
 * is some 300 allocations, reallocations and frees, which cost as much as
 * making the report through a context's own bookkeeping. The arena is in
 * force only between cjmpg_arena_begin() and cjmpg_arena_end(), which the
 * caller runs even on an ERROR (PG_FINALLY), so no pointer to it outlives
 * the call.
 */
/* A chunk's blocks follow it, aligned as palloc aligns (8 bytes, not
 * max_align_t's 16: the chunk itself comes from palloc). */
typedef struct cjmpg_chunk {
    struct cjmpg_chunk *next;
    char *end;
} chunk;

#define CHUNK_DATA(c) ((char *)(c) + MAXALIGN(sizeof(chunk)))

#define CHUNK_SIZE (64 * 1024)

static cjmpg_arena *arena; /* in force, or NULL */

void cjmpg_arena_begin(cjmpg_arena *a)
{
    *a = (cjmpg_arena){ .context = CurrentMemoryContext };
    arena = a;
}

void cjmpg_arena_end(cjmpg_arena *a)
{
    if (arena == a)
        arena = NULL;
    for (chunk *c = a->chunks, *next; c; c = next) {
        next = c->next;
        pfree(c);
    }
    a->chunks = NULL;
}

/* A block and its header, as palloc aligns it. */
static Size block_size(size_t size)
{
    return MAXALIGN(sizeof(header) + size);
}

static void *arena_allocate(cjmpg_arena *a, size_t size)
{
    if (size > MaxAllocHugeSize / 2)
        return NULL;
    Size need = block_size(size);
    if (!a->chunks || (Size)(a->end - a->next) < need) {
        Size bytes = Max(CHUNK_SIZE, MAXALIGN(sizeof(chunk)) + need);
        chunk *c = MemoryContextAllocExtended(a->context, bytes,
                                              MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
        if (!c)
            return NULL;
        c->next = a->chunks;
        c->end = (char *)c + bytes;
        a->chunks = c;
        a->next = CHUNK_DATA(c);
        a->end = c->end;
    }
    header *h = (header *)a->next;
    a->next += need;
    h->size = size;
    a->last = h;
    return h + 1;
}

static bool in_arena(const cjmpg_arena *a, const void *ptr)
{
    for (const chunk *c = a->chunks; c; c = c->next)
        if ((const char *)ptr > CHUNK_DATA(c) && (const char *)ptr < c->end)
            return true;
    return false;
}

static void *pg_malloc(size_t size, void *userdata)
{
    (void)userdata;
    if (arena)
        return arena_allocate(arena, size);
    return allocate(CurrentMemoryContext, size);
}

static void *pg_realloc(void *ptr, size_t size, void *userdata)
{
    (void)userdata;
    if (!ptr)
        return pg_malloc(size, NULL);
    header *old = (header *)ptr - 1;
    bool ours = arena && in_arena(arena, ptr);
    if (ours && (void *)old == arena->last && size <= MaxAllocHugeSize / 2 &&
        (Size)(arena->end - (char *)old) >= block_size(size)) {
        /* the last block grows, or shrinks, where it is */
        arena->next = (char *)old + block_size(size);
        old->size = size;
        return ptr;
    }
    void *fresh = arena ? arena_allocate(arena, size)
                        : allocate(GetMemoryChunkContext(old), size);
    if (!fresh)
        return NULL;
    memcpy(fresh, ptr, old->size < size ? old->size : size);
    if (!ours)
        pfree(old);
    return fresh;
}

static void pg_free(void *ptr, void *userdata)
{
    (void)userdata;
    if (!ptr)
        return;
    header *h = (header *)ptr - 1;
    if (arena && in_arena(arena, ptr)) {
        if ((void *)h == arena->last) { /* its room is cut again */
            arena->next = (char *)h;
            arena->last = NULL;
        }
        return;
    }
    pfree(h);
}

void cjmpg_install_allocator(void)
{
    if (cjm_set_allocator(pg_malloc, pg_realloc, pg_free, NULL) != CJM_OK)
        elog(ERROR, "cjm: cannot install the allocator: %s", cjm_last_error());
}
