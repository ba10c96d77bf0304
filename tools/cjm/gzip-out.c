/* A gzip-compressing stream over another, with zlib (the XML module's
 * dependency, which reads .gz). */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gzip-out.h"

bool gzip_named(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n > 3 && strcmp(path + n - 3, ".gz") == 0;
}

typedef struct gzip_out {
    z_stream z;
    FILE *under;
    bool failed;
} gzip_out;

/* Deflates what is pending and writes it on; false when writing fails. */
static bool drain(gzip_out *g, int flush)
{
    unsigned char buf[16384];
    do {
        g->z.next_out = buf;
        g->z.avail_out = sizeof buf;
        if (deflate(&g->z, flush) == Z_STREAM_ERROR) {
            errno = EIO;
            return false;
        }
        size_t n = sizeof buf - g->z.avail_out;
        if (n && fwrite(buf, 1, n, g->under) != n)
            return false;
    } while (g->z.avail_out == 0);
    return true;
}

static ssize_t put(void *cookie, const char *data, size_t n)
{
    gzip_out *g = cookie;
    size_t done = 0;
    while (!g->failed && done < n) {
        size_t part = n - done < 1u << 30 ? n - done : 1u << 30;
        g->z.next_in = (Bytef *)(uintptr_t)(data + done);
        g->z.avail_in = (uInt)part;
        g->failed = !drain(g, Z_NO_FLUSH);
        done += part;
    }
    return g->failed ? -1 : (ssize_t)n;
}

static int finish(void *cookie)
{
    gzip_out *g = cookie;
    bool ok = !g->failed && drain(g, Z_FINISH) && fflush(g->under) == 0;
    deflateEnd(&g->z);
    free(g);
    return ok ? 0 : -1;
}

FILE *gzip_stream(FILE *under)
{
    gzip_out *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->under = under;
    /* 15 + 16: the gzip wrapper rather than zlib's. */
    if (deflateInit2(&g->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        free(g);
        return NULL;
    }
    FILE *f = fopencookie(g, "wb", (cookie_io_functions_t){ .write = put, .close = finish });
    if (!f) {
        deflateEnd(&g->z);
        free(g);
    }
    return f;
}
