/* Exact sums of squares and the standard deviation they give. The
 * arithmetic is on 64-bit words with 32-bit halves for products: portable C
 * that every compiler gives the same bits. */
#include "spread.h"

#include <math.h>
#include <stdbool.h>

/* A 192-bit unsigned integer, least significant word first. */
typedef struct wide {
    uint64_t word[3];
} wide;

/* The 128-bit product of two 64-bit words. */
static void multiply_words(uint64_t a, uint64_t b, uint64_t *low, uint64_t *high)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
    uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t middle = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *low = (middle << 32) | (p00 & 0xffffffffu);
    *high = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
}

void cjmi_squares_add(cjmi_squares *q, int64_t millionths)
{
    uint64_t magnitude = millionths < 0 ? 0 - (uint64_t)millionths : (uint64_t)millionths;
    uint64_t low, high;
    multiply_words(magnitude, magnitude, &low, &high);
    cjmi_squares_merge(q, (cjmi_squares){ .low = low, .high = high });
}

void cjmi_squares_merge(cjmi_squares *into, cjmi_squares from)
{
    uint64_t low = into->low + from.low;
    into->high += from.high + (low < from.low);
    into->low = low;
}

bool cjmi_squares_possible(cjmi_squares q, uint64_t count)
{
    uint64_t low, high;
    multiply_words(count, UINT64_C(1000000000000), &low, &high);
    return q.high < high || (q.high == high && q.low <= low);
}

/* a - b, or false when b > a. */
static bool subtract(wide *a, const wide *b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 3; i++) {
        uint64_t x = a->word[i], y = b->word[i];
        uint64_t d = x - y - borrow;
        borrow = (x < y) || (x - y < borrow);
        a->word[i] = d;
    }
    return borrow == 0;
}

/* The nearest double (ties to even): the top 64 bits with every lower bit
 * folded into the lowest one, which lies below the rounding position, so
 * the one conversion from uint64_t rounds exactly as the whole would. */
static double wide_to_double(const wide *w)
{
    int top = 2;
    while (top > 0 && w->word[top] == 0)
        top--;
    if (top == 0)
        return (double)w->word[0];
    int shift = 0; /* leading zero bits of the top word */
    while (!(w->word[top] & (UINT64_C(1) << (63 - shift))))
        shift++;
    uint64_t bits = w->word[top];
    uint64_t next = w->word[top - 1];
    uint64_t rest = top == 2 ? w->word[0] : 0;
    if (shift > 0) {
        bits = (bits << shift) | (next >> (64 - shift));
        next <<= shift;
    }
    bits |= (next != 0 || rest != 0);
    return ldexp((double)bits, 64 * top - shift);
}

double cjmi_spread_numerator(uint64_t n, int64_t sum, cjmi_squares q)
{
    /* n * Q, Q = high * 2^64 + low. */
    wide nq = { { 0, 0, 0 } };
    uint64_t carry;
    multiply_words(n, q.low, &nq.word[0], &nq.word[1]);
    multiply_words(n, q.high, &carry, &nq.word[2]);
    nq.word[1] += carry;
    nq.word[2] += nq.word[1] < carry;
    /* S^2. */
    uint64_t magnitude = sum < 0 ? 0 - (uint64_t)sum : (uint64_t)sum;
    wide s2 = { { 0, 0, 0 } };
    multiply_words(magnitude, magnitude, &s2.word[0], &s2.word[1]);
    if (!subtract(&nq, &s2))
        return NAN;
    return wide_to_double(&nq);
}

double cjmi_score_sd(uint64_t n, int64_t sum, cjmi_squares q)
{
    if (n < 2)
        return NAN;
    return sqrt(cjmi_spread_numerator(n, sum, q) / ((double)n * (double)(n - 1))) / 1e6;
}
