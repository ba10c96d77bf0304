/* Running one function on several workers. Internal. */
#ifndef CJMI_PARALLEL_H
#define CJMI_PARALLEL_H

/* Calls fn(ctx, w, workers) for every w in 0 .. workers - 1, on separate
 * threads where they can be made (w = 0 in the calling thread), and
 * returns when all are done. A thread that cannot be made costs time, not
 * work: its share runs in the calling thread. */
void cjmi_run_parallel(unsigned workers, void (*fn)(void *ctx, unsigned worker,
                                                    unsigned workers), void *ctx);

#endif
