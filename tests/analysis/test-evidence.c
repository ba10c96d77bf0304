/* The numerical kernels of the evidence rules: the normal and Student's t
 * quantiles and the exact spread of scores. These are internal, so the
 * runner compiles their sources in; the reports' figures built on them are
 * tested through the public API with the analysis. Reference values are
 * published table values and 20-digit values of the exact distributions. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../common/helpers.h"
#include "../suites.h"
#include "../../lib/analysis/quantile.h"
#include "../../lib/core/spread.h"

static void ck_assert_relative(double got, double want, double tolerance)
{
    double error = want == 0.0 ? fabs(got) : fabs((got - want) / want);
    ck_assert_msg(error <= tolerance, "got %.17g, want %.17g (relative error %.3g)",
                  got, want, error);
}

static const struct {
    double p;
    uint64_t df;
    double t;
} t_values[] = {
    /* Published table values (12 decimals). */
    { 0.95, 1, 6.313751514675 },
    { 0.95, 10, 1.812461122811 },
    { 0.975, 30, 2.042272456301 },
    { 0.95, 2, 2.919985580354 },
    /* The exact distribution to 20 digits. */
    { 0.95, 3, 2.353363434801822899 },
    { 0.975, 3, 3.1824463052837084359 },
    { 0.999999, 3, 103.29946777942897177 },
    { 0.95, 100, 1.660234326085339115 },
    { 0.975, 100, 1.9839715185235518946 },
    { 0.999999, 100, 5.0488308772214468406 },
    { 0.999999, 1000, 4.7816086204524386087 },
    { 0.999999999999, 1000, 7.1242321273824425987 },
    { 0.999999999999, 5000, 7.0522816394094159823 },
    { 0.95, 9999, 1.645006033311299058 },
    { 0.975, 9999, 1.9602012636213573003 },
    { 0.999999, 9999, 4.7562299657612220565 },
    { 0.95, 10000, 1.6450060180692425337 },
    { 0.975, 10000, 1.9602012398906258778 },
    { 0.999999, 10000, 4.7562296850509578241 },
    { 0.95, 100000, 1.6448688647849693034 },
    { 0.975, 100000, 1.9599877075346092587 },
    { 0.999999, 100000, 4.7537047163854760717 },
    { 0.95, 1000000, 1.644855150722040062 },
    { 0.975, 1000000, 1.9599663568141066553 },
    { 0.999999, 1000000, 4.753452348273869515 },
    { 0.95, 10000000, 1.6448537793284012437 },
    { 0.975, 10000000, 1.9599642217672051104 },
    { 0.999999, 10000000, 4.7534271127497658626 },
};

START_TEST(t_quantile_values)
{
    for (size_t i = 0; i < sizeof t_values / sizeof t_values[0]; i++)
        ck_assert_relative(cjmi_t_quantile(t_values[i].p, t_values[i].df), t_values[i].t,
                           1e-12);
}
END_TEST

START_TEST(t_quantile_near_the_median)
{
    /* Relative accuracy holds for t near 0 too: t(1/2 + e, df) is close
     * to e / density(0), with density(0) = 1/pi for df = 1. */
    ck_assert(cjmi_t_quantile(0.5, 7) == 0.0);
    double e = ldexp(1.0, -40); /* 0.5 + e is exact */
    ck_assert_relative(cjmi_t_quantile(0.5 + e, 1), 3.141592653589793 * e, 1e-13);
    double t = cjmi_t_quantile(0.5000001, 30);
    ck_assert_relative(t, 2.5276002247929694741e-7, 1e-12);
}
END_TEST

START_TEST(t_quantile_grows_with_confidence)
{
    for (uint64_t df = 1; df < 300; df += 7) {
        double previous = 0.0;
        for (double p = 0.55; p < 1.0; p += 0.05) {
            double t = cjmi_t_quantile(p, df);
            ck_assert(t > previous);
            previous = t;
        }
        /* And falls towards the normal quantile as df grows. */
        ck_assert(cjmi_t_quantile(0.95, df) > cjmi_t_quantile(0.95, df + 1));
    }
}
END_TEST

START_TEST(t_quantile_outside_its_domain)
{
    ck_assert(isnan(cjmi_t_quantile(0.95, 0)));
    ck_assert(isnan(cjmi_t_quantile(0.4999, 5)));
    ck_assert(isnan(cjmi_t_quantile(1.0, 5)));
    ck_assert(isnan(cjmi_t_quantile(NAN, 5)));
}
END_TEST

static const struct {
    double q, z;
} z_values[] = {
    { 0.5, 0.0 },
    { 0.4, 0.25334710313579974132 },
    { 0.05, 1.644853626951472688 },
    { 0.025, 1.9599639845400542118 },
    { 1e-06, 4.7534243088228989573 },
    { 1e-12, 7.0344838253011319326 },
    { 1e-30, 11.464024688443377438 },
};

START_TEST(normal_quantile_values)
{
    for (size_t i = 0; i < sizeof z_values / sizeof z_values[0]; i++)
        ck_assert_relative(cjmi_normal_upper_quantile(z_values[i].q), z_values[i].z, 1e-13);
    ck_assert(isnan(cjmi_normal_upper_quantile(0.0)));
    ck_assert(isnan(cjmi_normal_upper_quantile(0.6)));
    ck_assert(isnan(cjmi_normal_upper_quantile(NAN)));
}
END_TEST

static cjmi_squares squares_of(const int64_t *m, size_t n, int64_t *sum)
{
    cjmi_squares q = { 0, 0 };
    *sum = 0;
    for (size_t i = 0; i < n; i++) {
        cjmi_squares_add(&q, m[i]);
        *sum += m[i];
    }
    return q;
}

START_TEST(spread_by_hand)
{
    int64_t sum;
    /* +1 and -1: mean 0, N = 2 * 2e12 - 0, sd = sqrt(4e12 / 2) / 1e6. */
    static const int64_t two[] = { 1000000, -1000000 };
    cjmi_squares q = squares_of(two, 2, &sum);
    ck_assert_relative(cjmi_score_sd(2, sum, q), sqrt(2.0), 1e-15);
    /* -0.5, 0, 0.5: sample variance 0.25. */
    static const int64_t three[] = { -500000, 0, 500000 };
    q = squares_of(three, 3, &sum);
    ck_assert(cjmi_score_sd(3, sum, q) == 0.5);
    /* All equal: exactly 0, not a rounding residue. */
    static const int64_t same[] = { -333333, -333333, -333333, -333333 };
    q = squares_of(same, 4, &sum);
    ck_assert(cjmi_score_sd(4, sum, q) == 0.0);
    /* Fewer than two items, or sums no n items can have. */
    q = squares_of(two, 1, &sum);
    ck_assert(isnan(cjmi_score_sd(1, sum, q)));
    ck_assert(isnan(cjmi_score_sd(0, 0, (cjmi_squares){ 0, 0 })));
    ck_assert(isnan(cjmi_score_sd(2, 3000000, (cjmi_squares){ 1, 0 })));
}
END_TEST

START_TEST(spread_carries_past_64_bits)
{
    cjmi_squares q = { UINT64_MAX, 0 };
    cjmi_squares_merge(&q, (cjmi_squares){ 1, 0 });
    ck_assert_uint_eq(q.low, 0);
    ck_assert_uint_eq(q.high, 1);
    /* 2^25 items of +1 and 2^25 of -1 (merged by doubling): their
     * Q = 2^26 * 10^12 is past 2^64, their sum 0. */
    cjmi_squares big = { 0, 0 };
    cjmi_squares_add(&big, -1000000);
    for (int i = 0; i < 26; i++)
        cjmi_squares_merge(&big, big);
    ck_assert_uint_gt(big.high, 0);
    uint64_t n = UINT64_C(1) << 26;
    /* Exactly n items of the largest square fit n, not n - 1. */
    ck_assert(cjmi_squares_possible(big, n));
    ck_assert(!cjmi_squares_possible(big, n - 1));
    ck_assert(cjmi_squares_possible((cjmi_squares){ 0, 0 }, 0));
    ck_assert(!cjmi_squares_possible((cjmi_squares){ 1, 0 }, 0));
    /* sum 0: sd = sqrt(n * Q / (n (n - 1))) / 1e6 = sqrt(n / (n - 1)). */
    double sd = cjmi_score_sd(n, 0, big);
    ck_assert_relative(sd, sqrt((double)n / (double)(n - 1)), 1e-15);
}
END_TEST

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 u128;

static void check_numerator(uint64_t n, int64_t sum, u128 q)
{
    u128 nq = q * n;
    u128 s2 = (u128)((uint64_t)llabs(sum)) * (uint64_t)llabs(sum);
    cjmi_squares held = { (uint64_t)q, (uint64_t)(q >> 64) };
    double got = cjmi_spread_numerator(n, sum, held);
    if (s2 > nq) {
        ck_assert(isnan(got));
        return;
    }
    double want = (double)(nq - s2);
    ck_assert_msg(got == want, "n %llu: %.17g != %.17g", (unsigned long long)n, got, want);
    if (n >= 2)
        ck_assert(cjmi_score_sd(n, sum, held) ==
                  sqrt(want / ((double)n * (double)(n - 1))) / 1e6);
}

START_TEST(spread_rounds_like_wide_integers)
{
    /* Against the compiler's 128-bit integers where n * Q fits them: the
     * same double, bit for bit. */
    srand(1849);
    for (int i = 0; i < 20000; i++) {
        uint64_t n = 2 + (uint64_t)rand() % 1000000;
        u128 q = ((u128)(uint64_t)rand() << 62) ^ ((u128)(uint64_t)rand() << 31) ^ (uint64_t)rand();
        q >>= rand() % 64;
        int64_t sum = (int64_t)((uint64_t)rand() << 20) * (rand() % 2 ? 1 : -1);
        check_numerator(n, sum, q);
    }
    /* Halfway cases: 53 bits, then a half, then a one far below it decides
     * that the rounding goes up; without it, the tie goes to the even side. */
    for (int shift = 1; shift < 60; shift++) {
        u128 odd_half_one = ((((u128)1 << 52) + 2) << (shift + 1)) + ((u128)1 << shift) + 1;
        u128 even_half = ((((u128)1 << 52) + 2) << (shift + 1)) + ((u128)1 << shift);
        check_numerator(1, 0, odd_half_one);
        check_numerator(1, 0, even_half);
        check_numerator(1, 0, even_half << 40);
        ck_assert(cjmi_spread_numerator(1, 0, (cjmi_squares){ (uint64_t)odd_half_one,
                                                               (uint64_t)(odd_half_one >> 64) }) >
                  cjmi_spread_numerator(1, 0, (cjmi_squares){ (uint64_t)even_half,
                                                               (uint64_t)(even_half >> 64) }));
    }
}
END_TEST
#endif

Suite *suite_evidence(void)
{
    Suite *s = suite_create("evidence");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, t_quantile_values);
    tcase_add_test(tc, t_quantile_near_the_median);
    tcase_add_test(tc, t_quantile_grows_with_confidence);
    tcase_add_test(tc, t_quantile_outside_its_domain);
    tcase_add_test(tc, normal_quantile_values);
    tcase_add_test(tc, spread_by_hand);
    tcase_add_test(tc, spread_carries_past_64_bits);
#ifdef __SIZEOF_INT128__
    tcase_add_test(tc, spread_rounds_like_wide_integers);
#endif
    suite_add_tcase(s, tc);
    return s;
}
