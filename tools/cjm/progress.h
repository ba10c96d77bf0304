/* A progress line on standard error while events are read, when standard
 * error is a terminal and reading takes more than a second. */
#ifndef CJM_CLI_PROGRESS_H
#define CJM_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <cjm/cjm.h>

typedef struct progress {
    cjm_event_sink sink;  /* where the events go */
    void *userdata;
    const char *name;
    uint64_t events;
    bool on, shown;
    struct timespec start, last;
} progress;

/* Wraps sink: pass progress_sink and the progress as the reader's sink. */
void progress_start(progress *p, const char *name, cjm_event_sink sink, void *userdata);
cjm_status progress_sink(const cjm_event *event, void *p);
/* Clears the line, when one was shown. */
void progress_end(progress *p);

#endif
