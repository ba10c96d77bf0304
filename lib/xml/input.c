/* Bytes in for the parsers: a buffer or a stream, plain or gzip.
 *
 * libxml2 inflates gzip only for inputs it opens by name itself; a stream or
 * buffer handed to it is taken as it is. So the module feeds libxml2
 * through its I/O callbacks and inflates with zlib here, the same way for
 * every kind of input, multi-member files included. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#define ZLIB_CONST
#include <zlib.h>

#include "xml-private.h"

#define CHUNK 65536

struct cjmx_input {
    /* Raw bytes: a buffer, or a stream read into `chunk`. */
    const unsigned char *mem;
    size_t mem_size, mem_at;
    FILE *file;
    unsigned char *chunk;
    size_t chunk_len, chunk_at;
    bool read_any; /* a stream gave at least one byte */
    bool gzip, inflating, ended;
    z_stream z;
    cjm_status status;
    char problem[256];
};

static int fail(cjmx_input *in, cjm_status status, const char *what)
{
    if (in->status == CJM_OK) {
        in->status = status;
        snprintf(in->problem, sizeof in->problem, "%s", what);
    }
    return -1;
}

/* The next raw bytes, or 0 at the end (-1 on a read error). */
static int raw(cjmx_input *in, const unsigned char **p, size_t *len)
{
    if (in->mem) {
        size_t n = in->mem_size - in->mem_at;
        if (n > (size_t)INT_MAX / 2)
            n = (size_t)INT_MAX / 2;
        *p = in->mem + in->mem_at;
        *len = n;
        in->mem_at += n;
        return n > 0;
    }
    if (in->chunk_at < in->chunk_len) {
        *p = in->chunk + in->chunk_at;
        *len = in->chunk_len - in->chunk_at;
        in->chunk_at = in->chunk_len;
        return 1;
    }
    size_t got = fread(in->chunk, 1, CHUNK, in->file);
    if (got == 0 && ferror(in->file))
        return fail(in, CJM_ERR_IO, strerror(errno));
    in->chunk_len = got;
    in->chunk_at = got;
    in->read_any |= got > 0;
    *p = in->chunk;
    *len = got;
    return got > 0;
}

cjmx_input *cjmx_input_new(const char *data, size_t size, FILE *file)
{
    cjmx_input *in = cjm_malloc(sizeof *in);
    if (!in)
        return NULL;
    memset(in, 0, sizeof *in);
    if (file) {
        in->file = file;
        in->chunk = cjm_malloc(CHUNK);
        if (!in->chunk) {
            cjm_free(in);
            return NULL;
        }
        in->chunk_len = fread(in->chunk, 1, CHUNK, file);
        if (in->chunk_len == 0 && ferror(file))
            fail(in, CJM_ERR_IO, strerror(errno));
        in->read_any = in->chunk_len > 0;
        in->gzip = in->chunk_len >= 2 && in->chunk[0] == 0x1f && in->chunk[1] == 0x8b;
    } else {
        in->mem = (const unsigned char *)data;
        in->mem_size = size;
        in->gzip = size >= 2 && in->mem[0] == 0x1f && in->mem[1] == 0x8b;
    }
    return in;
}

void cjmx_input_free(cjmx_input *in)
{
    if (!in)
        return;
    if (in->inflating)
        inflateEnd(&in->z);
    cjm_free(in->chunk);
    cjm_free(in);
}

bool cjmx_input_empty(const cjmx_input *in)
{
    /* The bytes read so far are no sign: at the end the last read gave none. */
    return in->mem ? in->mem_size == 0 : !in->read_any && feof(in->file);
}

const char *cjmx_input_problem(const cjmx_input *in, cjm_status *status)
{
    if (!in || in->status == CJM_OK)
        return NULL;
    *status = in->status;
    return in->problem;
}

static int read_plain(cjmx_input *in, char *buf, int len)
{
    size_t n;
    if (in->mem) {
        n = in->mem_size - in->mem_at;
        if (n > (size_t)len)
            n = (size_t)len;
        memcpy(buf, in->mem + in->mem_at, n);
        in->mem_at += n;
        return (int)n;
    }
    if (in->chunk_at < in->chunk_len) {
        n = in->chunk_len - in->chunk_at;
        if (n > (size_t)len)
            n = (size_t)len;
        memcpy(buf, in->chunk + in->chunk_at, n);
        in->chunk_at += n;
        return (int)n;
    }
    /* Through the chunk: libxml2 asks for a few KiB at a time. */
    in->chunk_len = fread(in->chunk, 1, CHUNK, in->file);
    in->chunk_at = 0;
    if (in->chunk_len == 0)
        return ferror(in->file) ? fail(in, CJM_ERR_IO, strerror(errno)) : 0;
    return read_plain(in, buf, len);
}

static int read_gzip(cjmx_input *in, char *buf, int len)
{
    if (!in->inflating) {
        if (inflateInit2(&in->z, 15 + 16) != Z_OK)
            return fail(in, CJM_ERR_NOMEM, "out of memory");
        in->inflating = true;
    }
    in->z.next_out = (unsigned char *)buf;
    in->z.avail_out = (unsigned)len;
    while (in->z.avail_out == (unsigned)len) {
        if (in->z.avail_in == 0) {
            const unsigned char *p;
            size_t n;
            int got = raw(in, &p, &n);
            if (got < 0)
                return -1;
            if (got == 0)
                return in->ended ? 0 : fail(in, CJM_ERR_PARSE, "truncated gzip data");
            in->z.next_in = p;
            in->z.avail_in = (unsigned)n;
        }
        if (in->ended) {
            /* More bytes after a member: the next member. */
            inflateReset(&in->z);
            in->ended = false;
        }
        int rc = inflate(&in->z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END)
            in->ended = true;
        else if (rc == Z_MEM_ERROR)
            return fail(in, CJM_ERR_NOMEM, "out of memory");
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            return fail(in, CJM_ERR_PARSE, "not valid gzip data");
    }
    return len - (int)in->z.avail_out;
}

int cjmx_input_read(void *ctx, char *buf, int len)
{
    cjmx_input *in = ctx;
    if (in->status != CJM_OK)
        return -1;
    return in->gzip ? read_gzip(in, buf, len) : read_plain(in, buf, len);
}
