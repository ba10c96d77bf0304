/* The sequence of a journey's touchpoints. Internal. */
#ifndef CJMI_SEQUENCE_H
#define CJMI_SEQUENCE_H

#include "cjm/model.h"

/* Fills out (journey->touchpoint_count slots) with the sequence
 * (analysis.md "Sequence"). 0, or -1 when memory runs out. */
int cjmi_sequence(cjm_touchpoint **out, const cjm_journey *journey);

#endif
