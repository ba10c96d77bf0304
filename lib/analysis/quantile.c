/* Quantiles of the normal and Student's t distributions.
 *
 * The normal quantile refines a rough start by Halley's method on libm's
 * erfc, which is accurate to an ulp or two: the tail, not the body, is
 * computed, so a small q keeps its relative accuracy.
 *
 * The t quantile solves P(T > t) = q by Newton's method on log P(T > t),
 * which behaves on the heavy tails of few degrees of freedom as well as
 * near the normal. The tail is the regularized incomplete beta function
 * I_x(df/2, 1/2) / 2 by its continued fraction, with the beta function's
 * ratio Gamma(a + 1/2) / Gamma(a) taken from a recurrence and an
 * asymptotic series rather than from lgamma: a difference of two large
 * lgamma values loses digits as df grows (and lgamma writes the global
 * signgam, which threads share). From 10,000 degrees of freedom on, the
 * Cornish-Fisher expansion around the normal quantile is exact to double
 * precision and is used instead.
 *
 * Near the median (q > 1/4) both solve for the central probability
 * 1 - 2q instead, which is exact there, so that a t or z near 0 keeps its
 * relative accuracy too. */
#include "quantile.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>

#define SQRT_2PI 2.506628274631000502415765284811
#define SQRT_PI 1.772453850905516027298167483341
#define PI 3.141592653589793238462643383280
#define SQRT_2 1.414213562373095048801688724210

enum {
    QUANTILE_MAX_STEPS = 64,   /* iterations of a root finder */
    CF_MAX_TERMS = 100000,     /* terms of the continued fraction */
    RATIO_SERIES_FROM = 256,   /* a from which the ratio's series is exact */
};

/* Degrees of freedom from which the Cornish-Fisher expansion is used. */
#define CORNISH_FISHER_FROM 10000.0

/* P(Z > z) and the density, for the normal distribution. */
static double normal_upper(double z)
{
    return 0.5 * erfc(z / SQRT_2);
}

static double normal_density(double z)
{
    return exp(-0.5 * z * z) / SQRT_2PI;
}

double cjmi_normal_upper_quantile(double q)
{
    if (!(q > 0.0 && q <= 0.5))
        return NAN;
    if (q == 0.5)
        return 0.0;
    /* Start: Abramowitz and Stegun 26.2.23, within 4.5e-4. */
    double s = sqrt(-2.0 * log(q));
    double z = s - (2.515517 + s * (0.802853 + s * 0.010328)) /
                   (1.0 + s * (1.432788 + s * (0.189269 + s * 0.001308)));
    bool central = q > 0.25;
    double inner = 1.0 - 2.0 * q; /* exact when central */
    for (int i = 0; i < QUANTILE_MAX_STEPS; i++) {
        double u = central ? (inner - erf(z / SQRT_2)) / (2.0 * normal_density(z))
                           : (normal_upper(z) - q) / normal_density(z);
        double step = u / (1.0 - 0.5 * z * u);
        z += step;
        if (fabs(step) <= 4 * DBL_EPSILON * fabs(z))
            break;
    }
    return z;
}

/* Gamma(a + 1/2) / Gamma(a) for a = df / 2, df >= 1. */
static double half_gamma_ratio(double a)
{
    /* Down from a point where the asymptotic series is exact to double
     * precision: ratio(a) = ratio(a + 1) * a / (a + 1/2). */
    double start = a;
    while (start < RATIO_SERIES_FROM)
        start += 1.0;
    double r = 1.0 / start;
    double series = 1.0 + r * (-1.0 / 8 + r * (1.0 / 128 + r * (5.0 / 1024 +
                    r * (-21.0 / 32768 + r * (-399.0 / 262144 +
                    r * (869.0 / 4194304 + r * (39325.0 / 33554432)))))));
    double ratio = sqrt(start) * series;
    for (double b = start - 1.0; b >= a; b -= 1.0)
        ratio = ratio * b / (b + 0.5);
    return ratio;
}

/* One step of the modified Lentz method: the factor by which the
 * fraction's value changes when the term with this coefficient is added. */
static double lentz_step(double coefficient, double *c, double *d)
{
    const double tiny = 1e-300;
    *d = 1.0 + coefficient * *d;
    if (fabs(*d) < tiny)
        *d = tiny;
    *c = 1.0 + coefficient / *c;
    if (fabs(*c) < tiny)
        *c = tiny;
    *d = 1.0 / *d;
    return *d * *c;
}

/* The continued fraction of the incomplete beta function I_x(a, b)
 * (modified Lentz), converging fast for x < (a + 1) / (a + b + 2). */
static double beta_fraction(double a, double b, double x)
{
    /* The first term: d = 1 / (1 + coefficient), c stays 1. */
    double c = 1e300, d = 1.0;
    double h = lentz_step(-(a + b) * x / (a + 1.0), &c, &d);
    for (int m = 1; m <= CF_MAX_TERMS; m++) {
        double m2 = 2.0 * m;
        h *= lentz_step(m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)), &c, &d);
        double delta = lentz_step(-(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0)),
                                  &c, &d);
        h *= delta;
        if (fabs(delta - 1.0) <= DBL_EPSILON)
            break;
    }
    return h;
}

/* P(T > t) and P(|T| < t) for t >= 0 and df degrees of freedom, each
 * computed where it is small enough to keep its relative accuracy, and the
 * density at t. */
typedef struct t_point {
    double upper, central, density;
} t_point;

static t_point t_tail(double t, double df)
{
    double a = 0.5 * df;
    double ratio = half_gamma_ratio(a);
    double tt = t * t;
    double log1p_term = log1p(tt / df);
    double x = df / (df + tt);          /* the beta argument */
    double y = tt / (df + tt);          /* 1 - x, without cancellation */
    /* x^a y^(1/2) / B(a, 1/2), with 1 / B(a, 1/2) = ratio / sqrt(pi). */
    double front = exp(-a * log1p_term) * sqrt(y) * ratio / SQRT_PI;
    t_point p;
    if (x < (a + 1.0) / (a + 2.5)) {
        p.upper = 0.5 * front * beta_fraction(a, 0.5, x) / a;
        p.central = 1.0 - 2.0 * p.upper;
    } else {
        p.central = front * beta_fraction(0.5, a, y) / 0.5;
        p.upper = 0.5 * (1.0 - p.central);
    }
    p.density = ratio / (sqrt(df) * SQRT_PI) * exp(-(a + 0.5) * log1p_term);
    return p;
}

/* Abramowitz and Stegun 26.7.5: t from the normal quantile z, with terms
 * to df^-4. */
static double cornish_fisher(double z, double df)
{
    double z2 = z * z;
    double g1 = z * (z2 + 1.0) / 4.0;
    double g2 = z * (3.0 + z2 * (16.0 + z2 * 5.0)) / 96.0;
    double g3 = z * (-15.0 + z2 * (17.0 + z2 * (19.0 + z2 * 3.0))) / 384.0;
    double g4 = z * (-945.0 + z2 * (-1920.0 + z2 * (1482.0 + z2 * (776.0 + z2 * 79.0)))) /
                92160.0;
    double r = 1.0 / df;
    return z + r * (g1 + r * (g2 + r * (g3 + r * g4)));
}

double cjmi_t_quantile(double p, uint64_t df)
{
    if (!(p >= 0.5 && p < 1.0) || df == 0)
        return NAN;
    if (p == 0.5)
        return 0.0;
    double q = 1.0 - p; /* exact for p in [0.5, 1] */
    if (df == 1) /* the Cauchy distribution; p - 1/2 is exact too */
        return q > 0.25 ? tan(PI * (p - 0.5)) : 1.0 / tan(PI * q);
    if (df == 2)
        return (1.0 - 2.0 * q) / sqrt(2.0 * q * (1.0 - q));
    double nu = (double)df;
    double t = cornish_fisher(cjmi_normal_upper_quantile(q), nu);
    if (nu >= CORNISH_FISHER_FROM)
        return t;
    /* Newton's method on P(|T| < t) = 1 - 2q near the median, on
     * log P(T > t) = log q in the tail. */
    bool central = q > 0.25;
    double inner = 1.0 - 2.0 * q; /* exact when central */
    double log_q = log(q);
    for (int i = 0; i < QUANTILE_MAX_STEPS; i++) {
        if (!(t > 0.0))
            t = DBL_MIN;
        t_point at = t_tail(t, nu);
        double step = central ? (inner - at.central) / (2.0 * at.density)
                              : (log(at.upper) - log_q) * at.upper / at.density;
        t += step;
        if (fabs(step) <= 4 * DBL_EPSILON * fabs(t))
            break;
    }
    return t;
}
