/* Workers on threads. */
#include <pthread.h>
#include <stdbool.h>

#include "parallel.h"

#define MAX_WORKERS 64

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
    if (workers > MAX_WORKERS)
        workers = MAX_WORKERS;
    if (workers < 1)
        workers = 1;
    pthread_t threads[MAX_WORKERS];
    task tasks[MAX_WORKERS];
    bool started[MAX_WORKERS] = { false };
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
