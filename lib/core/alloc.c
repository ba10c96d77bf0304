/* The process-wide allocator hook and checked allocation helpers. */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "cjm/common.h"
#include "alloc.h"
#include "error.h"

static void *default_malloc(size_t size, void *userdata)
{
    (void)userdata;
    return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *userdata)
{
    (void)userdata;
    return realloc(ptr, size);
}

static void default_free(void *ptr, void *userdata)
{
    (void)userdata;
    free(ptr);
}

static struct {
    cjm_malloc_fn malloc_fn;
    cjm_realloc_fn realloc_fn;
    cjm_free_fn free_fn;
    void *userdata;
} allocator = { default_malloc, default_realloc, default_free, NULL };

CJM_EXPORT cjm_status cjm_set_allocator(cjm_malloc_fn malloc_fn,
                                        cjm_realloc_fn realloc_fn,
                                        cjm_free_fn free_fn, void *userdata)
{
    if (!malloc_fn && !realloc_fn && !free_fn) {
        allocator.malloc_fn = default_malloc;
        allocator.realloc_fn = default_realloc;
        allocator.free_fn = default_free;
        allocator.userdata = NULL;
        return CJM_OK;
    }
    if (!malloc_fn || !realloc_fn || !free_fn)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_set_allocator: give all three "
                         "functions, or none to restore the default");
    allocator.malloc_fn = malloc_fn;
    allocator.realloc_fn = realloc_fn;
    allocator.free_fn = free_fn;
    allocator.userdata = userdata;
    return CJM_OK;
}

static int default_in_force(void)
{
    return allocator.malloc_fn == default_malloc;
}

void *cjmi_malloc(size_t size)
{
    return allocator.malloc_fn(size ? size : 1, allocator.userdata);
}

void *cjmi_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t total = count * size;
    if (default_in_force()) {
        /* calloc knows when memory is fresh from the kernel and need not
         * be cleared. */
        return calloc(total ? total : 1, 1);
    }
    void *p = cjmi_malloc(total);
    if (p)
        memset(p, 0, total);
    return p;
}

void *cjmi_calloc_probed(size_t count, size_t size)
{
    void *p = cjmi_calloc(count, size);
    if (p && default_in_force()) {
        /* calloc's memory may be fresh from the kernel, never touched: a
         * write to each page now (4 KiB, the smallest page there is)
         * maps it for writing at once. Clearing it all instead cost the
         * later walks over the events a tenth more time. */
        volatile unsigned char *bytes = p;
        for (size_t i = 0; i < count * size; i += 4096)
            bytes[i] = 0;
    }
    return p;
}

void *cjmi_realloc(void *ptr, size_t size)
{
    return allocator.realloc_fn(ptr, size ? size : 1, allocator.userdata);
}

void cjmi_free(void *ptr)
{
    if (ptr)
        allocator.free_fn(ptr, allocator.userdata);
}

char *cjmi_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = cjmi_malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

CJM_EXPORT void *cjm_malloc(size_t size)
{
    return cjmi_malloc(size);
}

CJM_EXPORT void *cjm_realloc(void *ptr, size_t size)
{
    return cjmi_realloc(ptr, size);
}

CJM_EXPORT void cjm_free(void *ptr)
{
    cjmi_free(ptr);
}
