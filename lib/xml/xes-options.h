/* The layout of the XES options. Internal. */
#ifndef CJMX_XES_OPTIONS_H
#define CJMX_XES_OPTIONS_H

#include <stdbool.h>

struct cjm_xes_options {
    char *touchpoint_key, *classifier, *customer_key, *channel_key, *stage_key, *lifecycle;
    bool assume_utc;
    unsigned threads;
};

#endif
