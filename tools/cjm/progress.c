/* The progress line. */
#include <stdio.h>
#include <unistd.h>

#include "progress.h"

static double seconds_since(const struct timespec *then, const struct timespec *now)
{
    return (double)(now->tv_sec - then->tv_sec) + (double)(now->tv_nsec - then->tv_nsec) / 1e9;
}

void progress_start(progress *p, const char *name, cjm_event_sink sink, void *userdata)
{
    *p = (progress){ .sink = sink, .userdata = userdata, .name = name };
    p->on = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    p->last = p->start;
}

cjm_status progress_sink(const cjm_event *event, void *userdata)
{
    progress *p = userdata;
    /* The clock is read every 16384 events only: reading stays fast. */
    if (p->on && (++p->events & 16383) == 0) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double total = seconds_since(&p->start, &now);
        if (total >= 1.0 && seconds_since(&p->last, &now) >= 0.25) {
            fprintf(stderr, "\rcjm: %s: %llu events read (%.0f s)\033[K", p->name,
                    (unsigned long long)p->events, total);
            p->last = now;
            p->shown = true;
        }
    }
    return p->sink(event, p->userdata);
}

void progress_end(progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}
