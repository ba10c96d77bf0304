/* The scanner. */
#include <stdio.h>
#include <string.h>

#include "scan.h"

void cjmj_path_format(const cjmj_path *path, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < path->depth && n < size; i++) {
        const cjmj_step *s = &path->steps[i];
        int w = s->key ? snprintf(buf + n, size - n, "%s%s", n ? "." : "", s->key)
                       : snprintf(buf + n, size - n, "[%zu]", s->index);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    if (n == 0 && size > 1)
        snprintf(buf, size, "(document)");
}

size_t cjmj_depth_exceeded(const char *data, size_t size, size_t limit)
{
    size_t depth = 0;
    int in_string = 0;
    for (size_t i = 0; i < size; i++) {
        char c = data[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return i;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return (size_t)-1;
}

static size_t skip_space(const char *d, size_t n, size_t i)
{
    while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
        i++;
    return i;
}

/* Appends code point v as UTF-8 to key[k..]; false when it does not fit. */
static int put_utf8(char *key, size_t *k, size_t key_size, unsigned v)
{
    char b[4];
    size_t m;
    if (v < 0x80) {
        b[0] = (char)v;
        m = 1;
    } else if (v < 0x800) {
        b[0] = (char)(0xc0 | (v >> 6));
        b[1] = (char)(0x80 | (v & 0x3f));
        m = 2;
    } else if (v < 0x10000) {
        b[0] = (char)(0xe0 | (v >> 12));
        b[1] = (char)(0x80 | ((v >> 6) & 0x3f));
        b[2] = (char)(0x80 | (v & 0x3f));
        m = 3;
    } else {
        b[0] = (char)(0xf0 | (v >> 18));
        b[1] = (char)(0x80 | ((v >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((v >> 6) & 0x3f));
        b[3] = (char)(0x80 | (v & 0x3f));
        m = 4;
    }
    if (*k + m >= key_size)
        return 0;
    memcpy(key + *k, b, m);
    *k += m;
    return 1;
}

/* Four hex digits at d[i..i+4), or -1. */
static long hex4(const char *d, size_t n, size_t i)
{
    if (i + 4 > n)
        return -1;
    long v = 0;
    for (int h = 0; h < 4; h++) {
        char x = d[i + h];
        int digit = x >= '0' && x <= '9' ? x - '0' : x >= 'a' && x <= 'f' ? x - 'a' + 10
                    : x >= 'A' && x <= 'F' ? x - 'A' + 10 : -1;
        if (digit < 0)
            return -1;
        v = v * 16 + digit;
    }
    return v;
}

/* Skips a string starting at its quote; decodes it into key (cut at
 * key_size - 1 bytes; *cut tells), escapes included: member names such as
 * attribute keys may be any text. */
static size_t read_string(const char *d, size_t n, size_t i, char *key, size_t key_size,
                          int *cut)
{
    size_t k = 0;
    *cut = 0;
    for (i++; i < n && d[i] != '"'; i++) {
        char c = d[i];
        if (c == '\\' && i + 1 < n) {
            char e = d[++i];
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *p = strchr(from, e);
            if (p && e) {
                c = to[p - from];
            } else if (e == 'u' && hex4(d, n, i + 1) >= 0) {
                unsigned v = (unsigned)hex4(d, n, i + 1);
                i += 4;
                long low = v >= 0xd800 && v < 0xdc00 && i + 2 < n && d[i + 1] == '\\' &&
                                   d[i + 2] == 'u' ? hex4(d, n, i + 3) : -1;
                if (low >= 0xdc00 && low < 0xe000) {
                    v = 0x10000 + ((v - 0xd800) << 10) + ((unsigned)low - 0xdc00);
                    i += 6;
                }
                if (v >= 0x80) {
                    if (!put_utf8(key, &k, key_size, v))
                        *cut = 1;
                    continue;
                }
                c = (char)v;
            }
        }
        if (k + 1 < key_size)
            key[k++] = c;
        else
            *cut = 1;
    }
    key[k] = '\0';
    return i + 1;
}

/* Skips a scalar (number or literal). */
static size_t skip_scalar(const char *d, size_t n, size_t i)
{
    while (i < n && !strchr(",]} \t\r\n", d[i]))
        i++;
    return i;
}

/* Skips a whole array or object starting at its bracket. */
static size_t skip_container(const char *d, size_t n, size_t i)
{
    size_t depth = 0;
    int in_string = 0;
    for (; i < n; i++) {
        char c = d[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if ((c == ']' || c == '}') && --depth == 0) {
            return i + 1;
        }
    }
    return n;
}

typedef struct frame {
    int object;
    size_t index;
    int matches; /* the path so far matches the target's prefix */
} frame;

size_t cjmj_locate(const char *d, size_t n, const cjmj_path *path)
{
    frame stack[CJMJ_PATH_MAX + 1];
    size_t depth = 0, best = skip_space(d, n, 0);
    char key[512];
    size_t i = best;
    /* The root value. */
    if (path->depth == 0 || i >= n || (d[i] != '{' && d[i] != '['))
        return best;
    stack[0] = (frame){ d[i] == '{', 0, 1 };
    depth = 1;
    i++;
    while (i < n && depth) {
        frame *f = &stack[depth - 1];
        i = skip_space(d, n, i);
        if (i >= n)
            break;
        if (d[i] == '}' || d[i] == ']') {
            depth--;
            i++;
            continue;
        }
        if (d[i] == ',') {
            i++;
            continue;
        }
        int cut = 0, step_matches = 0;
        const cjmj_step *want = depth - 1 < path->depth ? &path->steps[depth - 1] : NULL;
        if (f->object) {
            i = read_string(d, n, i, key, sizeof key, &cut);
            i = skip_space(d, n, i);
            if (i < n && d[i] == ':')
                i++;
            i = skip_space(d, n, i);
            step_matches = want && want->key && !cut && strcmp(want->key, key) == 0;
        } else {
            step_matches = want && !want->key && want->index == f->index;
            f->index++;
        }
        if (f->matches && step_matches) {
            best = i;
            if (depth == path->depth)
                return i;
        }
        if (i < n && (d[i] == '{' || d[i] == '[')) {
            if (depth > CJMJ_PATH_MAX || !(f->matches && step_matches)) {
                i = skip_container(d, n, i); /* nothing looked for in there */
                continue;
            }
            stack[depth] = (frame){ d[i] == '{', 0, 1 };
            depth++;
            i++;
        } else if (i < n && d[i] == '"') {
            i = read_string(d, n, i, key, sizeof key, &cut);
        } else {
            i = skip_scalar(d, n, i);
        }
    }
    return best;
}

void cjmj_position(const char *data, size_t offset, size_t *line, size_t *column)
{
    size_t l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char b = (unsigned char)data[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if ((b & 0xc0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}
