/* The comparison of an actual journey with a map, over a sequence given
 * by the caller. Internal. */
#ifndef CJMI_COMPARE_H
#define CJMI_COMPARE_H

#include "cjm/analysis.h"

/* Compares `actual`, whose touchpoints in sequence are seq[0..n), with
 * `map` (which the caller checked with cjmi_check_map()), into a new
 * comparison. CJM_OK, or CJM_ERR_NOMEM with no message. */
cjm_status cjmi_compare_sequence(cjm_comparison **out, cjm_touchpoint **seq, size_t n,
                                 const cjm_journey *actual, const cjm_journey *map,
                                 double pain);

#endif
