/* The layout of the selection handle. Internal. */
#ifndef CJMI_SELECTION_PRIVATE_H
#define CJMI_SELECTION_PRIVATE_H

#include <stddef.h>
#include "cjm/selection.h"

/* The kinds of criteria, in the order of analysis.md's list. */
typedef enum cjmi_criterion_kind {
    CJMI_REACHED,
    CJMI_FUNNEL,
    CJMI_DROPPED,
    CJMI_SILENT_CHURN,
    CJMI_HOPPED,
    CJMI_BACKTRACKED,
    CJMI_USED,
    CJMI_COMPLETED,
    CJMI_ON_PATH,
    CJMI_IN_SEGMENT, /* id: the value, NULL for the null segment */
    CJMI_IN_OTHER,   /* the pooled segment */
} cjmi_criterion_kind;

typedef struct cjmi_criterion {
    cjmi_criterion_kind kind;
    char *id, *to; /* owned: the stage or touchpoint; to: a backtrack's second stage */
    char **path;   /* owned: a path's stages */
    size_t path_length;
} cjmi_criterion;

struct cjm_selection {
    cjmi_criterion *items;
    size_t count, capacity;
};

/* The name of a kind in messages: "reached", "dropped" ... */
const char *cjmi_criterion_name(cjmi_criterion_kind kind);

#endif
