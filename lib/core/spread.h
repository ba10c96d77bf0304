/* The spread of feedback scores from exact sums (analysis.md "Evidence for
 * pain"): for items with millionths m_1..m_n, S = sum of m is an int64 and
 * Q = sum of m^2 an unsigned 128-bit integer held as two 64-bit halves, so
 * that it is exact, the same in any order and after any merge, on every
 * compiler (no __int128 needed). Internal. */
#ifndef CJMI_SPREAD_H
#define CJMI_SPREAD_H

#include <stdbool.h>
#include <stdint.h>

/* Q: |m| <= 10^6, so m^2 < 2^40 and Q < 2^104 for any 64-bit count. */
typedef struct cjmi_squares {
    uint64_t low, high; /* Q = high * 2^64 + low */
} cjmi_squares;

/* Q += m * m. */
void cjmi_squares_add(cjmi_squares *q, int64_t millionths);

/* into += from (merging two analyses). */
void cjmi_squares_merge(cjmi_squares *into, cjmi_squares from);

/* Whether Q can hold the squares of count items: Q <= count * 10^12 (each
 * item's square is at most 10^12). */
bool cjmi_squares_possible(cjmi_squares q, uint64_t count);

/* N = n * Q - S^2, computed exactly (up to 192 bits) and rounded to the
 * nearest double once (ties to even). NAN when the sums cannot come from n
 * items (N < 0). */
double cjmi_spread_numerator(uint64_t n, int64_t sum, cjmi_squares q);

/* The sample standard deviation of the normalized scores of n >= 2 items
 * with sums S and Q: sqrt((double)N / ((double)n * (double)(n - 1))) / 1e6
 * with N as cjmi_spread_numerator gives it. NAN when n < 2 or N < 0. */
double cjmi_score_sd(uint64_t n, int64_t sum, cjmi_squares q);

#endif
