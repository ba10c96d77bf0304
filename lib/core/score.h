/* Score rules and score arithmetic (model.md "Feedback", analysis.md
 * "Score arithmetic"). Internal. */
#ifndef CJMI_SCORE_H
#define CJMI_SCORE_H

#include <stdint.h>
#include "cjm/common.h"

/* Finite numbers, min < max, max - min finite, min <= score <= max. */
cjm_status cjmi_check_score(const char *func, double score, double min, double max);

/* The normalized score in integer millionths, exactly as analysis.md says:
 * llround(1e6 * (2.0 * (score - min) / (max - min) - 1.0)). Only for
 * checked scores. */
int64_t cjmi_millionths(double score, double min, double max);

/* The mean of n items whose millionths add up to sum: (double)sum / n / 1e6. */
double cjmi_mean(int64_t sum, uint64_t n);

#endif
