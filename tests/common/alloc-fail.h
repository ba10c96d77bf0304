/* A counting allocator that fails on request, installed through the public
 * cjm_set_allocator(): fail the N-th allocation once, or from then on. */
#ifndef CJM_TEST_ALLOC_FAIL_H
#define CJM_TEST_ALLOC_FAIL_H

#include <stdbool.h>

void failalloc_install(void);
void failalloc_uninstall(void);
/* Fails the n-th allocation from now (1-based); with `persistent`, every
 * later one too. n = 0 disarms. */
void failalloc_arm(long n, bool persistent);
/* Whether an allocation failed since the last arm. */
bool failalloc_tripped(void);
/* Allocations alive now (allocated and not freed). */
long failalloc_live(void);

#endif
