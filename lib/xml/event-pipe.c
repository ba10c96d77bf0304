/* Events from the parser to the sink, overlapped on two threads when the
 * machine has them: the parser fills batches of events, the calling thread
 * empties them in order. A ring of BATCHES batches bounds the memory. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "event-pipe.h"
#include "workers.h"

#define BATCH 1024
#define BATCHES 4

struct event_pipe {
    bool threaded;
    event_producer produce;
    event_consumer consume;
    void *ctx;
    cjm_event *events[BATCHES][BATCH];
    size_t count[BATCHES];
    /* Filled batches published and consumed so far: batch i is in slot
     * i % BATCHES. Guarded by lock once the producer thread runs. */
    size_t published, consumed;
    bool done, stop;
    cjm_status status;
    char message[1024];
    pthread_mutex_t lock;
    pthread_cond_t changed;
};

cjm_event *event_pipe_slot(event_pipe *p)
{
    size_t b = p->published % BATCHES;
    return p->events[b][p->count[b]];
}

/* Publishes the batch being filled and waits for room for the next. */
static cjm_status publish(event_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    p->published++;
    pthread_cond_broadcast(&p->changed);
    while (p->published - p->consumed >= BATCHES && !p->stop)
        pthread_cond_wait(&p->changed, &p->lock);
    bool stop = p->stop;
    pthread_mutex_unlock(&p->lock);
    p->count[p->published % BATCHES] = 0;
    return stop ? CJM_ERR_INVALID : CJM_OK;
}

cjm_status event_pipe_push(event_pipe *p)
{
    if (!p->threaded)
        return p->consume(p->ctx, p->events[0][0]);
    size_t b = p->published % BATCHES;
    return ++p->count[b] == BATCH ? publish(p) : CJM_OK;
}

static void *producer_thread(void *arg)
{
    event_pipe *p = arg;
    cjm_status rc = p->produce(p->ctx, p);
    pthread_mutex_lock(&p->lock);
    if (p->count[p->published % BATCHES] > 0)
        p->published++;
    p->done = true;
    p->status = rc;
    if (rc != CJM_OK)
        snprintf(p->message, sizeof p->message, "%s", cjm_last_error());
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static cjm_status consume_all(event_pipe *p)
{
    cjm_status rc = CJM_OK;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->consumed == p->published && !p->done)
            pthread_cond_wait(&p->changed, &p->lock);
        bool drained = p->consumed == p->published;
        pthread_mutex_unlock(&p->lock);
        if (drained)
            return rc;
        size_t b = p->consumed % BATCHES;
        for (size_t i = 0; i < p->count[b] && rc == CJM_OK; i++)
            rc = p->consume(p->ctx, p->events[b][i]);
        pthread_mutex_lock(&p->lock);
        p->consumed++;
        if (rc != CJM_OK)
            p->stop = true;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
        if (rc != CJM_OK)
            return rc;
    }
}

cjm_status event_pipe_run(event_producer produce, event_consumer consume, void *ctx,
                          unsigned threads)
{
    event_pipe *p = cjm_malloc(sizeof *p);
    if (!p)
        return cjm_error_set(CJM_ERR_NOMEM, "out of memory");
    memset(p, 0, sizeof *p);
    p->produce = produce;
    p->consume = consume;
    p->ctx = ctx;
    p->threaded = cjmi_thread_count(threads) > 1;
    size_t slots = p->threaded ? BATCHES * BATCH : 1;
    cjm_status rc = CJM_OK;
    for (size_t i = 0; i < slots && rc == CJM_OK; i++)
        if (!(p->events[i / BATCH][i % BATCH] = cjm_event_new()))
            rc = CJM_ERR_NOMEM;
    if (rc == CJM_OK && !p->threaded) {
        rc = produce(ctx, p);
    } else if (rc == CJM_OK) {
        pthread_t thread;
        pthread_mutex_init(&p->lock, NULL);
        pthread_cond_init(&p->changed, NULL);
        if (pthread_create(&thread, NULL, producer_thread, p) != 0) {
            p->threaded = false;
            rc = produce(ctx, p);
        } else {
            rc = consume_all(p);
            pthread_join(thread, NULL);
            if (rc == CJM_OK && p->status != CJM_OK)
                rc = cjm_error_set(p->status, p->message);
        }
        pthread_cond_destroy(&p->changed);
        pthread_mutex_destroy(&p->lock);
    } else {
        cjm_error_set(rc, "out of memory");
    }
    for (size_t i = 0; i < slots; i++)
        cjm_event_free(p->events[i / BATCH][i % BATCH]);
    cjm_free(p);
    return rc;
}
