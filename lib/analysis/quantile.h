/* Quantiles of the normal and Student's t distributions, for the evidence
 * rules of the analysis (a pain point's upper bound, a segment's test).
 * libm only; accurate to about 1e-13 relative or better everywhere the
 * analysis calls them. Internal. */
#ifndef CJMI_QUANTILE_H
#define CJMI_QUANTILE_H

#include <stdint.h>

/* The z with P(Z > z) = q for a standard normal Z: the quantile at 1 - q,
 * taken from the upper tail so that a tiny q (a confidence corrected for
 * many tests) keeps all its digits. 0 < q <= 0.5; returns NAN outside. */
double cjmi_normal_upper_quantile(double q);

/* The t with P(T <= t) = p for Student's t distribution with df degrees of
 * freedom. 0.5 <= p < 1 and df >= 1; returns NAN outside. */
double cjmi_t_quantile(double p, uint64_t df);

#endif
