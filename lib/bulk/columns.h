/* Events given as columns, whichever way the strings come: an array of
 * pointers, or codes into a table of distinct strings. Internal. */
#ifndef CJMI_COLUMNS_H
#define CJMI_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cjm/bulk.h"

/* What checking and interning need of a string, worked out once for each
 * string of a dictionary's table instead of once per event. */
typedef struct cjmi_string_facts {
    uint32_t hash;  /* cjmi_intern_hash() of its first len bytes */
    uint16_t len;   /* strnlen(s, CJM_ID_MAX + 1) */
    bool plain;     /* cjmi_id_is_plain(s, len) */
} cjmi_string_facts;

typedef struct cjmi_string_column {
    const char *const *strings; /* n strings (NULL: none), or, when codes is set, */
    const int32_t *codes;       /* n codes into table; a negative code is none */
    const char *const *table;
    const cjmi_string_facts *facts; /* per string of table, or NULL */
    /* Customers from a dictionary: per string of table, its index in its
     * shard once this call has interned it, else CJMI_NOT_INTERNED; so each
     * distinct customer is looked up once per call. NULL: look up each. */
    uint32_t *interned;
} cjmi_string_column;

/* An attribute column, checked but for its values: n strings checked per
 * event, or codes into a dictionary whose strings were checked once. */
typedef struct cjmi_attribute_column {
    const char *key;
    const char *const *values;
    const cjm_dictionary_column *dictionary;
    const unsigned char *valid; /* per dictionary string: 1 when a valid value */
} cjmi_attribute_column;

typedef struct cjmi_columns {
    cjmi_string_column customers, touchpoints, channels, stages;
    const int64_t *at;
    const double *scores, *scale_min, *scale_max;
    bool one_scale; /* scale_min[0] and scale_max[0] are every event's scale */
    const cjmi_attribute_column *attributes;
    size_t attribute_count;
} cjmi_columns;

/* Checks attribute columns given to `func`: keys, the form of each column,
 * each dictionary's codes and offsets; marks which dictionary strings are
 * valid values. Fills out[count]; *valid receives one block to free with
 * cjmi_free(), or NULL. */
cjm_status cjmi_attributes_prepare(cjmi_attribute_column *out, unsigned char **valid,
                                   const cjm_attribute_column *in, size_t count, size_t n,
                                   const char *func);

/* Checks the attribute values of event i; the message names `func`. */
cjm_status cjmi_check_row_attributes(const cjmi_columns *c, size_t i, const char *func);

/* String i of a column, or NULL for none (and for a column not given). */
static inline const char *cjmi_column_string(const cjmi_string_column *c, size_t i)
{
    if (c->codes)
        return c->codes[i] < 0 ? NULL : c->table[c->codes[i]];
    return c->strings ? c->strings[i] : NULL;
}

/* The facts of string i of a column, when its table has them. */
static inline const cjmi_string_facts *cjmi_column_facts(const cjmi_string_column *c,
                                                         size_t i)
{
    return c->facts && c->codes[i] >= 0 ? &c->facts[c->codes[i]] : NULL;
}

/* The arguments every columns call needs: the analysis, and for n > 0 the
 * customer, time and touchpoint columns (of any form). */
cjm_status cjmi_check_required(const cjm_analysis *a, size_t n, const void *customers,
                               const int64_t *at, const void *touchpoints, const char *func);

/* Adds n events of checked columns (customers, touchpoints and at given
 * when n > 0): all or nothing in strict mode. Errors name `func`. */
cjm_status cjmi_add_columns(cjm_analysis *a, size_t n, const cjmi_columns *cols,
                            const char *func);

#endif
