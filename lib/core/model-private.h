/* The layout of the model's handles, shared by the core and the analysis
 * code inside libcjm. Never installed. */
#ifndef CJMI_MODEL_PRIVATE_H
#define CJMI_MODEL_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "cjm/model.h"
#include "table.h"

/* Opaque extension text and the format it came in. */
typedef struct cjmi_extensions {
    char *text; /* NULL when none */
    cjm_extensions_format format;
} cjmi_extensions;

struct cjm_feedback {
    cjm_touchpoint *touchpoint;
    size_t index;
    double score, scale_min, scale_max;
    int64_t millionths; /* normalized score, as every analysis counts it */
    int64_t at;
    char *emotion, *comment, *source, *customer;
    cjmi_extensions extensions;
};

struct cjm_touchpoint {
    cjm_stage *stage;
    size_t index;
    char *id, *name, *owner, *description;
    char channel[CJM_CHANNEL_MAX + 1];
    bool optional;
    int64_t at;
    cjm_feedback **feedback;
    size_t feedback_count, feedback_capacity;
    cjmi_extensions extensions;
};

struct cjm_stage {
    cjm_journey *journey;
    size_t index;
    char *id, *name, *goal;
    int64_t expected_duration;
    cjm_touchpoint **touchpoints;
    size_t touchpoint_count, touchpoint_capacity;
    cjmi_extensions extensions;
};

struct cjm_journey {
    char *id, *name, *persona, *description, *customer;
    bool actual; /* an actual journey: touchpoint ids may repeat (visits) */
    cjm_stage **stages;
    size_t stage_count, stage_capacity;
    size_t touchpoint_count;
    cjmi_table stage_ids;      /* id -> cjm_stage * */
    cjmi_table touchpoint_ids; /* id -> its first cjm_touchpoint * in document
                                  order, all stages (one key per distinct id) */
    cjmi_extensions extensions, document_extensions;
};

/* Makes an empty journey (cjm_journey_new and cjm_journey_new_actual);
 * errors name `func`. */
cjm_journey *cjmi_journey_make(const char *func, const char *id, const char *name);

/* Release an object and everything it owns, without unlinking it. */
void cjmi_feedback_free(cjm_feedback *feedback);
void cjmi_touchpoint_free(cjm_touchpoint *touchpoint);
void cjmi_stage_free(cjm_stage *stage);

/* Replace *field with a checked copy of value. Optional fields are cleared
 * by NULL or "". Nothing changes on failure. */
cjm_status cjmi_set_text(char **field, const char *value, bool optional,
                         const char *func, const char *name);
cjm_status cjmi_set_optional_id(char **field, const char *value,
                                const char *func, const char *name);

/* Gives `self` (a stage or touchpoint indexed in `ids`) a new id, unique in
 * the table; `kind` names it in messages ("stage"). Nothing changes on
 * failure. */
cjm_status cjmi_rename(cjmi_table *ids, char **id_field, void *self, const char *id,
                       const char *func, const char *kind);

/* Extensions: set (checked copy; nothing changes on failure), get, copy
 * (CJM_OK, or CJM_ERR_NOMEM with no message), compare, free. */
cjm_status cjmi_set_extensions(cjmi_extensions *ext, cjm_extensions_format format,
                               const char *text, const char *func);
const char *cjmi_get_extensions(const cjmi_extensions *ext, cjm_extensions_format *format);
cjm_status cjmi_copy_extensions(cjmi_extensions *to, const cjmi_extensions *from);
bool cjmi_extensions_equal(const cjmi_extensions *a, const cjmi_extensions *b);
void cjmi_free_extensions(cjmi_extensions *ext);

/* Touchpoint ids that repeat (visits of an actual journey). */

/* Whether touchpoint a comes before b in document order. */
bool cjmi_touchpoint_before(const cjm_touchpoint *a, const cjm_touchpoint *b);

/* Drops `tp` from the journey's id table before it goes or changes its id:
 * when it is the first touchpoint with its id, the next one in document
 * order (outside stage `skip`, when not NULL) takes its place, else the id
 * leaves the table. Cannot fail. */
void cjmi_unindex_touchpoint(cjm_journey *journey, cjm_touchpoint *tp, const cjm_stage *skip);

/* Puts `tp` in the journey's id table when its id is new, or when it comes
 * before the touchpoint that has the id now. Room for one more key must
 * have been reserved. */
void cjmi_index_touchpoint(cjm_journey *journey, cjm_touchpoint *tp);

/* CJM_OK when `map` can serve as a map: no touchpoint id appears twice.
 * Else CJM_ERR_INVALID naming `func` and the first repeated id. */
cjm_status cjmi_check_map(const char *func, const cjm_journey *map);

/* Checks a time: CJM_UNSET or within CJM_TIME_MIN..CJM_TIME_MAX. */
cjm_status cjmi_check_time(const char *func, const char *name, int64_t at);

#endif
