/* Attribute columns of the columns calls. The analysis keeps nothing of
 * attributes; it only checks them, so that the columns calls hold events
 * to the same rules as the event handle: keys once per call, a dictionary's
 * strings once per call, a plain column's values per event. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analysis-private.h"
#include "columns.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/text.h"

/* Checks a dictionary's codes and offsets (call errors) and marks its
 * strings that are valid values (a bad one only makes its events invalid). */
static cjm_status check_dictionary(unsigned char *valid, const cjm_dictionary_column *d,
                                   size_t n, const char *key, const char *func)
{
    if (n && !d->codes)
        return cjmi_fail(CJM_ERR_INVALID, "%s: attribute \"%s\": codes: NULL", func, key);
    if (d->count && (!d->offsets || !d->data))
        return cjmi_fail(CJM_ERR_INVALID, "%s: attribute \"%s\": %s: NULL", func, key,
                         !d->offsets ? "offsets" : "data");
    if (d->count > (size_t)INT32_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: attribute \"%s\": more than 2^31 - 1 strings",
                         func, key);
    for (size_t k = 0; k < d->count; k++)
        if (d->offsets[k] < 0 || d->offsets[k + 1] < d->offsets[k])
            return cjmi_fail(CJM_ERR_INVALID, "%s: attribute \"%s\": offsets: %zu and %zu not "
                             "in order from 0", func, key, k, k + 1);
    for (size_t i = 0; i < n; i++)
        if (d->codes[i] >= 0 && (size_t)d->codes[i] >= d->count)
            return cjmi_fail(CJM_ERR_INVALID, "%s: event %zu: attribute \"%s\": code %ld past "
                             "the %zu strings of the dictionary", func, i, key,
                             (long)d->codes[i], d->count);
    for (size_t k = 0; k < d->count; k++) {
        size_t len = (size_t)(d->offsets[k + 1] - d->offsets[k]);
        valid[k] = cjmi_check_attribute_value("", key, d->data + d->offsets[k], len) == CJM_OK;
    }
    return CJM_OK;
}

cjm_status cjmi_attributes_prepare(cjmi_attribute_column *out, unsigned char **valid,
                                   const cjm_attribute_column *in, size_t count, size_t n,
                                   const char *func)
{
    *valid = NULL;
    if (count && !in)
        return cjmi_fail(CJM_ERR_INVALID, "%s: attributes: NULL", func);
    if (count > CJM_ATTRIBUTES_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: attribute_count: more than %d attributes", func,
                         CJM_ATTRIBUTES_MAX);
    size_t strings = 0;
    for (size_t k = 0; k < count; k++) {
        char field[64];
        snprintf(field, sizeof field, "attributes[%zu].key", k);
        cjm_status rc = cjmi_check_id(func, field, in[k].key);
        if (rc != CJM_OK)
            return rc;
        for (size_t j = 0; j < k; j++)
            if (strcmp(in[j].key, in[k].key) == 0)
                return cjmi_fail(CJM_ERR_INVALID, "%s: attributes[%zu]: key \"%s\" again "
                                 "(an event holds a key once)", func, k, in[k].key);
        if ((!in[k].values) == (!in[k].dictionary))
            return cjmi_fail(CJM_ERR_INVALID, "%s: attribute \"%s\": give values or a "
                             "dictionary, not %s", func, in[k].key,
                             in[k].values ? "both" : "neither");
        if (in[k].dictionary && in[k].dictionary->count <= (size_t)INT32_MAX)
            strings += in[k].dictionary->count;
    }
    if (strings && !(*valid = cjmi_malloc(strings)))
        return cjmi_nomem(func);
    unsigned char *next = *valid;
    for (size_t k = 0; k < count; k++) {
        out[k] = (cjmi_attribute_column){ in[k].key, in[k].values, in[k].dictionary, next };
        if (!in[k].dictionary)
            continue;
        cjm_status rc = check_dictionary(next, in[k].dictionary, n, in[k].key, func);
        if (rc != CJM_OK)
            return rc;
        next += in[k].dictionary->count;
    }
    return CJM_OK;
}

/* The fast path of the value rule, in one pass: true for at most
 * CJM_ATTRIBUTE_VALUE_MAX bytes of printable ASCII, TAB, LF and CR, which
 * is always a valid value. False says nothing: the full check decides. */
static bool plain_value(const char *v)
{
    for (size_t i = 0; i <= CJM_ATTRIBUTE_VALUE_MAX; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\0')
            return true;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x7f)
            return false;
    }
    return false;
}

cjm_status cjmi_check_row_attributes(const cjmi_columns *c, size_t i, const char *func)
{
    for (size_t k = 0; k < c->attribute_count; k++) {
        const cjmi_attribute_column *col = &c->attributes[k];
        if (col->values) {
            const char *v = col->values[i];
            cjm_status rc;
            if (v && !plain_value(v) &&
                (rc = cjmi_check_attribute_value(
                     func, col->key, v, strnlen(v, CJM_ATTRIBUTE_VALUE_MAX + 1))) != CJM_OK)
                return rc;
            continue;
        }
        int32_t code = col->dictionary->codes[i];
        if (code >= 0 && !col->valid[code]) {
            const cjm_dictionary_column *d = col->dictionary;
            return cjmi_check_attribute_value(func, col->key, d->data + d->offsets[code],
                                              (size_t)(d->offsets[code + 1] - d->offsets[code]));
        }
    }
    return CJM_OK;
}
