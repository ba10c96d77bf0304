/* How many threads, and workers on them. */
#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

#include "cjm/analysis.h"
#include "workers.h"

unsigned cjmi_thread_count(unsigned requested)
{
    if (requested == 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        requested = online > 1 ? (online < CJM_THREADS_MAX ? (unsigned)online : CJM_THREADS_MAX)
                               : 1;
    }
    return requested < CJM_THREADS_MAX ? requested : CJM_THREADS_MAX;
}

typedef struct task {
    void (*fn)(void *ctx, unsigned worker, unsigned workers);
    void *ctx;
    unsigned worker, workers;
} task;

static void *run_task(void *arg)
{
    task *t = arg;
    t->fn(t->ctx, t->worker, t->workers);
    return NULL;
}

void cjmi_run_parallel(unsigned workers, void (*fn)(void *ctx, unsigned worker,
                                                    unsigned workers), void *ctx)
{
    if (workers > CJM_THREADS_MAX)
        workers = CJM_THREADS_MAX;
    if (workers < 1)
        workers = 1;
    pthread_t threads[CJM_THREADS_MAX];
    task tasks[CJM_THREADS_MAX];
    bool started[CJM_THREADS_MAX] = { false };
    for (unsigned w = 1; w < workers; w++) {
        tasks[w] = (task){ fn, ctx, w, workers };
        started[w] = pthread_create(&threads[w], NULL, run_task, &tasks[w]) == 0;
    }
    fn(ctx, 0, workers);
    for (unsigned w = 1; w < workers; w++) {
        if (started[w])
            pthread_join(threads[w], NULL);
        else
            fn(ctx, w, workers);
    }
}
