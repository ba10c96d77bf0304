/* The report for a person. */
#ifndef CJM_CLI_REPORT_TEXT_H
#define CJM_CLI_REPORT_TEXT_H

#include <stdio.h>
#include <cjm/cjm.h>

/* Prints the report; stage names come from the map (NULL: ids). The
 * legends name the confidence the report was made with (0: the evidence
 * rule off). */
void print_text_report(FILE *out, const cjm_report *report, const cjm_journey *map,
                       double confidence);

#endif
