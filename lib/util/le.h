/* Reading the little-endian integers of an analysis state. Internal,
 * header-only. */
#ifndef CJMI_LE_H
#define CJMI_LE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The little-endian number of `bytes` (up to 8) bytes at p. */
static inline uint64_t cjmi_le(const unsigned char *p, size_t bytes)
{
    uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&v, p, bytes); /* one load where the host's order is the state's */
#else
    for (size_t i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
#endif
    return v;
}

#endif
