/* Events from a parser to a sink: in the calling thread, or with the parser
 * on a second thread so that parsing and the sink's work overlap. Either
 * way the sink runs in the calling thread, in order, and memory holds a
 * bounded number of events. Internal. */
#ifndef CJMX_EVENT_PIPE_H
#define CJMX_EVENT_PIPE_H

#include "cjm/events.h"

typedef struct event_pipe event_pipe;

/* The event the producer fills next. */
cjm_event *event_pipe_slot(event_pipe *p);
/* Hands the filled slot on. An error stops the producer: the sink's, or
 * CJM_ERR_INVALID with no message when the consumer stopped. */
cjm_status event_pipe_push(event_pipe *p);

typedef cjm_status (*event_producer)(void *ctx, event_pipe *p);
typedef cjm_status (*event_consumer)(void *ctx, const cjm_event *e);

/* Runs produce(ctx, pipe) and hands each pushed event to consume(ctx, e)
 * in the calling thread; with `threads` other than 1 (0: when there is more
 * than one processor) the producer runs on a thread of its own. Returns the
 * first error: the consumer's, else the producer's (its message carried
 * over to the calling thread). */
cjm_status event_pipe_run(event_producer produce, event_consumer consume, void *ctx,
                          unsigned threads);

#endif
