/* Score checks and the exact millionths arithmetic. The build turns off
 * floating-point contraction so these expressions are evaluated in the
 * order written on every machine. */
#include <math.h>

#include "score.h"
#include "error.h"

cjm_status cjmi_check_score(const char *func, double score, double min, double max)
{
    if (!isfinite(score) || !isfinite(min) || !isfinite(max))
        return cjmi_fail(CJM_ERR_RANGE, "%s: %s: not a finite number", func,
                         !isfinite(score) ? "score" : !isfinite(min) ? "scale_min"
                                                                     : "scale_max");
    if (!(min < max) || !isfinite(max - min))
        return cjmi_fail(CJM_ERR_RANGE, "%s: scale: min must be below max, "
                         "with a finite difference", func);
    if (score < min || score > max)
        return cjmi_fail(CJM_ERR_RANGE, "%s: score: outside the scale", func);
    return CJM_OK;
}

int64_t cjmi_millionths(double score, double min, double max)
{
    return (int64_t)llround(1e6 * (2.0 * (score - min) / (max - min) - 1.0));
}

double cjmi_mean(int64_t sum, uint64_t n)
{
    return (double)sum / (double)n / 1e6;
}
