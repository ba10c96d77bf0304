/* Workers: how many threads to use, and one function run on several.
 * Internal: built once as a static helper library and linked into each
 * shared library, whose version script keeps it private. */
#ifndef CJMI_WORKERS_H
#define CJMI_WORKERS_H

/* The number of threads a caller asking for `requested` gets: 0 means one
 * per online processor; either way at most CJM_THREADS_MAX, at least 1.
 * The one place that rule is written. */
unsigned cjmi_thread_count(unsigned requested);

/* Calls fn(ctx, w, workers) for every w in 0 .. workers - 1, on separate
 * threads where they can be made (w = 0 in the calling thread), and
 * returns when all are done. workers is taken between 1 and
 * CJM_THREADS_MAX. A thread that cannot be made costs time, not work: its
 * share runs in the calling thread. */
void cjmi_run_parallel(unsigned workers, void (*fn)(void *ctx, unsigned worker,
                                                    unsigned workers), void *ctx);

#endif
