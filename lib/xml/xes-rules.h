/* What IEEE 1849 says of attribute types, values and the standard
 * extensions. Internal. */
#ifndef CJMX_XES_RULES_H
#define CJMX_XES_RULES_H

#include <stdbool.h>
#include <stddef.h>

typedef enum xes_type {
    XES_STRING,
    XES_DATE,
    XES_INT,
    XES_FLOAT,
    XES_BOOLEAN,
    XES_ID,
    XES_LIST,
    XES_NOT_A_TYPE
} xes_type;

/* The type an element name stands for, or XES_NOT_A_TYPE. */
xes_type xes_type_of(const char *element);
const char *xes_type_name(xes_type type);
/* Whether text is a value of the type (dates: RFC 3339 with a zone).
 * Lists have no value. */
bool xes_value_ok(xes_type type, const char *text);

/* Parses a timestamp: the XES date form, or, when `loose`, the forms other
 * tools write into strings (`/` between date parts, a space for `T`).
 * A missing zone is UTC when assume_utc, else an error. Whether it is
 * one; *ms receives it. */
bool xes_time(long long *ms, const char *text, bool loose, bool assume_utc);

/* A standard extension, by its URI (either host), or XES_NOT_STANDARD. */
#define XES_NOT_STANDARD (-1)
int xes_standard_extension(const char *uri);
/* The type a standard extension gives `name` (the key after its prefix),
 * or XES_NOT_A_TYPE when the extension defines no such key. */
xes_type xes_standard_key(int extension, const char *name);

/* Splits a classifier's keys (space-separated, 'single quoted' when they
 * hold spaces) into `out` (NUL-separated, at most `size` bytes); returns
 * the number of keys, or -1 when they do not fit or a quote is open. */
int xes_split_keys(const char *keys, char *out, size_t size);

#endif
