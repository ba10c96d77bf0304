/* Attribute types and values, and the standard extensions, as IEEE 1849
 * defines them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cjm/time.h"
#include "xes-rules.h"

static const char *const type_names[] = { "string", "date", "int", "float",
                                          "boolean", "id", "list" };

xes_type xes_type_of(const char *element)
{
    /* Called for every element of a log: one comparison, by first letter. */
    static const signed char by_letter[26] = {
        ['s' - 'a'] = XES_STRING + 1, ['d' - 'a'] = XES_DATE + 1, ['i' - 'a'] = XES_INT + 1,
        ['f' - 'a'] = XES_FLOAT + 1,  ['b' - 'a'] = XES_BOOLEAN + 1, ['l' - 'a'] = XES_LIST + 1,
    };
    unsigned c = (unsigned char)element[0] - 'a';
    int t = c < 26 ? by_letter[c] - 1 : -1;
    if (t == XES_INT && element[1] == 'd')
        t = XES_ID;
    return t >= 0 && strcmp(element, type_names[t]) == 0 ? (xes_type)t : XES_NOT_A_TYPE;
}

const char *xes_type_name(xes_type type)
{
    return type < XES_NOT_A_TYPE ? type_names[type] : "?";
}

static bool digits(const char **p)
{
    const char *start = *p;
    while (**p >= '0' && **p <= '9')
        (*p)++;
    return *p > start;
}

/* xs:long: an optional sign and digits, within 64 bits. */
static bool int_ok(const char *s)
{
    const char *p = s + (*s == '+' || *s == '-');
    if (!digits(&p) || *p)
        return false;
    errno = 0;
    char *end;
    (void)strtoll(s, &end, 10);
    return errno == 0;
}

/* xs:double: (+|-)?(digits(.digits?)?|.digits)([eE](+|-)?digits)?, INF, -INF, NaN. */
static bool float_ok(const char *s)
{
    if (strcmp(s, "INF") == 0 || strcmp(s, "-INF") == 0 || strcmp(s, "+INF") == 0 ||
        strcmp(s, "NaN") == 0)
        return true;
    const char *p = s + (*s == '+' || *s == '-');
    bool whole = digits(&p), fraction = false;
    if (*p == '.') {
        p++;
        fraction = digits(&p);
    }
    if (!whole && !fraction)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        p += (*p == '+' || *p == '-');
        if (!digits(&p))
            return false;
    }
    return *p == '\0';
}

static bool uuid_ok(const char *s)
{
    static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    for (size_t i = 0; i < sizeof form - 1; i++) {
        char c = s[i];
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (form[i] == '-' ? c != '-' : !hex)
            return false;
    }
    return s[sizeof form - 1] == '\0';
}

bool xes_time(long long *ms, const char *text, bool loose, bool assume_utc)
{
    char buf[80];
    size_t n = strlen(text);
    if (n == 0 || n > sizeof buf - 2)
        return false;
    memcpy(buf, text, n + 1);
    if (loose && n >= 10) {
        if (buf[4] == '/' && buf[7] == '/')
            buf[4] = buf[7] = '-';
        if (n > 10 && buf[10] == ' ')
            buf[10] = 'T';
    }
    /* A zone is Z or an offset after the time of day. */
    const char *t = strchr(buf, 'T');
    if (!t)
        t = strchr(buf, 't');
    bool zoned = t && (strpbrk(t, "Zz+") || strchr(t, '-'));
    if (!zoned) {
        if (!assume_utc)
            return false;
        buf[n] = 'Z';
        buf[n + 1] = '\0';
    }
    int64_t v;
    if (cjm_time_parse(&v, buf) != CJM_OK)
        return false;
    *ms = v;
    return true;
}

bool xes_value_ok(xes_type type, const char *text)
{
    long long ms;
    switch (type) {
    case XES_STRING:
        return true;
    case XES_DATE:
        return xes_time(&ms, text, false, false);
    case XES_INT:
        return int_ok(text);
    case XES_FLOAT:
        return float_ok(text);
    case XES_BOOLEAN:
        return strcmp(text, "true") == 0 || strcmp(text, "false") == 0 ||
               strcmp(text, "1") == 0 || strcmp(text, "0") == 0;
    case XES_ID:
        return uuid_ok(text);
    default:
        return false;
    }
}

/* The standard extensions and the keys they define. */
static const struct {
    const char *file;
    const char *keys[6];
    xes_type types[6];
} standard[] = {
    { "concept.xesext", { "name", "instance" }, { XES_STRING, XES_STRING } },
    { "lifecycle.xesext", { "model", "transition", "state" },
      { XES_STRING, XES_STRING, XES_STRING } },
    { "org.xesext", { "resource", "role", "group" }, { XES_STRING, XES_STRING, XES_STRING } },
    { "time.xesext", { "timestamp" }, { XES_DATE } },
    { "semantic.xesext", { "modelReference" }, { XES_STRING } },
    { "identity.xesext", { "id" }, { XES_ID } },
    { "cost.xesext", { "total", "currency", "amount", "driver", "type" },
      { XES_FLOAT, XES_STRING, XES_FLOAT, XES_STRING, XES_STRING } },
    { "micro.xesext", { "level", "parentId", "length" }, { XES_INT, XES_ID, XES_INT } },
};

int xes_standard_extension(const char *uri)
{
    static const char *const hosts[] = { "http://www.xes-standard.org/",
                                         "https://www.xes-standard.org/",
                                         "http://code.deckfour.org/xes/" };
    for (size_t h = 0; h < sizeof hosts / sizeof hosts[0]; h++) {
        size_t n = strlen(hosts[h]);
        if (strncmp(uri, hosts[h], n) != 0)
            continue;
        for (size_t e = 0; e < sizeof standard / sizeof standard[0]; e++)
            if (strcmp(uri + n, standard[e].file) == 0)
                return (int)e;
    }
    return XES_NOT_STANDARD;
}

xes_type xes_standard_key(int extension, const char *name)
{
    for (size_t k = 0; k < 6 && standard[extension].keys[k]; k++)
        if (strcmp(standard[extension].keys[k], name) == 0)
            return standard[extension].types[k];
    return XES_NOT_A_TYPE;
}

int xes_split_keys(const char *keys, char *out, size_t size)
{
    size_t at = 0;
    int count = 0;
    const char *p = keys;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            return count;
        const char *start = p, *end;
        if (*p == '\'') {
            start = ++p;
            end = strchr(p, '\'');
            if (!end)
                return -1;
            p = end + 1;
        } else {
            while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
                p++;
            end = p;
        }
        size_t n = (size_t)(end - start);
        if (n == 0 || at + n + 1 > size)
            return -1;
        memcpy(out + at, start, n);
        out[at + n] = '\0';
        at += n + 1;
        count++;
    }
}
