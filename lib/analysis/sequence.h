/* The sequence of a journey's touchpoints. Internal. */
#ifndef CJMI_SEQUENCE_H
#define CJMI_SEQUENCE_H

#include "cjm/model.h"

/* Fills out (journey->touchpoint_count slots) with the sequence
 * (analysis.md "Sequence"). CJM_OK, or CJM_ERR_NOMEM (no message) when
 * memory runs out. */
cjm_status cjmi_sequence(cjm_touchpoint **out, const cjm_journey *journey);

#endif
