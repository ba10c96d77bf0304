/* The failing allocator. */
#include <stdlib.h>

#include <cjm/common.h>
#include "alloc-fail.h"

static long countdown;   /* allocations left before the failure; 0: disarmed */
static bool persistent, tripped, failing;
static long live;

static bool should_fail(void)
{
    if (failing)
        return true;
    if (countdown > 0 && --countdown == 0) {
        tripped = true;
        failing = persistent;
        return true;
    }
    return false;
}

static void *test_malloc(size_t size, void *userdata)
{
    (void)userdata;
    if (should_fail())
        return NULL;
    void *p = malloc(size);
    live += p != NULL;
    return p;
}

static void *test_realloc(void *ptr, size_t size, void *userdata)
{
    (void)userdata;
    if (should_fail())
        return NULL;
    void *p = realloc(ptr, size);
    live += p && !ptr;
    return p;
}

static void test_free(void *ptr, void *userdata)
{
    (void)userdata;
    live -= ptr != NULL;
    free(ptr);
}

void failalloc_install(void)
{
    countdown = 0;
    tripped = failing = false;
    live = 0;
    cjm_set_allocator(test_malloc, test_realloc, test_free, NULL);
}

void failalloc_uninstall(void)
{
    cjm_set_allocator(NULL, NULL, NULL, NULL);
}

void failalloc_arm(long n, bool persist)
{
    countdown = n;
    persistent = persist;
    tripped = failing = false;
}

bool failalloc_tripped(void)
{
    return tripped;
}

long failalloc_live(void)
{
    return live;
}
