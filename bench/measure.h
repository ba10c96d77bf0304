/* What the benchmarks measure with: a monotonic clock and the process's
 * resident memory. */
#ifndef CJM_BENCH_MEASURE_H
#define CJM_BENCH_MEASURE_H

#include <stddef.h>

/* Seconds on a monotonic clock. */
double bench_now(void);
/* Seconds of processor time the process has used, all its threads: on a
 * machine others load, steadier than the wall clock. */
double bench_cpu_now(void);
/* A byte figure of /proc/self/status: "VmRSS" (now), "VmHWM" (peak). */
long long bench_status_bytes(const char *field);
/* Starts counting the peak (VmHWM) from the current size again. */
void bench_reset_peak(void);
/* Seconds to write `bytes` bytes of memory the process never used (a
 * page fault per page, then the writes): the floor of any work that
 * must hold that many bytes anew. -1 if the memory cannot be had. */
double bench_touch_fresh(size_t bytes);
/* The page faults the process has taken so far (minor and major): each
 * first touch of a page costs one, which on some machines costs more than
 * the writes to it. */
long long bench_page_faults(void);

#endif
