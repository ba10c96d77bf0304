/* The layout of the event handle. Internal. */
#ifndef CJMI_EVENT_PRIVATE_H
#define CJMI_EVENT_PRIVATE_H

#include <stdbool.h>
#include "cjm/events.h"
#include "cjm/model.h"

typedef struct cjmi_field {
    char *text;
    size_t length, capacity;
    bool set;
} cjmi_field;

/* An attribute: its key and value, buffers kept for reuse. */
typedef struct cjmi_attribute {
    cjmi_field key, value;
} cjmi_attribute;

struct cjm_event {
    cjmi_field customer, touchpoint, stage, emotion, comment, source;
    char channel[CJM_CHANNEL_MAX + 1]; /* "" when unset */
    int64_t at, feedback_at;
    bool has_feedback;
    double score, scale_min, scale_max;
    cjmi_field error, extensions, origin;
    cjm_status error_status;
    cjm_extensions_format extensions_format;
    cjmi_attribute *attributes; /* slots up to attribute_capacity, zeroed when new */
    size_t attribute_count, attribute_capacity;
};

#endif
