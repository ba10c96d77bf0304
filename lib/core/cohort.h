/* Cohorts of a time (analysis.md, "Segments and cohorts"): the UTC day,
 * ISO 8601 week or month a time falls in, as a number that grows with
 * time (so cohorts sort by it) and as its label. Internal. */
#ifndef CJMI_COHORT_H
#define CJMI_COHORT_H

#include <stddef.h>
#include <stdint.h>

typedef enum cjmi_cohort { CJMI_COHORT_DAY, CJMI_COHORT_WEEK, CJMI_COHORT_MONTH } cjmi_cohort;

/* The longest label and its NUL: "-0001-W52", "2026-03-01". */
#define CJMI_COHORT_LABEL_MAX 16

/* The period of a time (ms since the epoch, CJM_TIME_MIN..CJM_TIME_MAX). */
int64_t cjmi_cohort_of(int64_t at, cjmi_cohort kind);

/* The label of a period: `2026-03-01`, `2026-W09` (the ISO week-numbering
 * year), `2026-03`; years with at least 4 digits, a minus sign before a
 * negative one. */
void cjmi_cohort_label(char out[CJMI_COHORT_LABEL_MAX], int64_t period, cjmi_cohort kind);

#endif
