/* Columns given as dictionaries: codes into a table of distinct strings,
 * as Arrow's dictionary arrays and pandas' categoricals hold them. Each
 * table is checked and made into NUL-terminated strings once, then the
 * events go through the columns call, which reads a string through its
 * code. */
#include <string.h>

#include "analysis-private.h"
#include "columns.h"
#include "intern.h"
#include "../core/text.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* A dictionary's strings, NUL-terminated: one block for the text and one
 * for the pointers, both freed by table_free(). */
typedef struct table {
    char *text;
    const char **strings;
    cjmi_string_facts *facts;
    uint32_t *interned;
} table;

static void table_free(table *t)
{
    cjmi_free(t->text);
    cjmi_free((void *)t->strings);
    cjmi_free(t->facts);
    cjmi_free(t->interned);
}

/* Checks column `name` and makes its table; a column not given is left
 * empty. Errors name `func`. */
static cjm_status table_make(table *t, cjmi_string_column *out, const cjm_dictionary_column *d,
                             size_t n, const char *name, bool facts, const char *func)
{
    if (!d)
        return CJM_OK;
    if (n && !d->codes)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: codes: NULL", func, name);
    if (d->count && (!d->offsets || !d->data))
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: %s: NULL", func, name,
                         !d->offsets ? "offsets" : "data");
    if (d->count > (size_t)INT32_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: %s: more than 2^31 - 1 strings", func, name);
    size_t bytes = 0;
    for (size_t k = 0; k < d->count; k++) {
        if (d->offsets[k] < 0 || d->offsets[k + 1] < d->offsets[k])
            return cjmi_fail(CJM_ERR_INVALID, "%s: %s: offsets: %zu and %zu not in order from 0",
                             func, name, k, k + 1);
        bytes += (size_t)(d->offsets[k + 1] - d->offsets[k]) + 1;
    }
    for (size_t i = 0; i < n; i++)
        if (d->codes[i] >= 0 && (size_t)d->codes[i] >= d->count)
            return cjmi_fail(CJM_ERR_INVALID, "%s: event %zu: %s: code %ld past the %zu strings "
                             "of the dictionary", func, i, name, (long)d->codes[i], d->count);
    t->text = cjmi_malloc(bytes ? bytes : 1);
    t->strings = cjmi_malloc(d->count ? d->count * sizeof *t->strings : 1);
    if (!t->text || !t->strings)
        return cjmi_nomem(func);
    char *at = t->text;
    for (size_t k = 0; k < d->count; k++) {
        size_t len = (size_t)(d->offsets[k + 1] - d->offsets[k]);
        const char *s = d->data + d->offsets[k];
        if (memchr(s, '\0', len))
            return cjmi_fail(CJM_ERR_INVALID, "%s: %s: string %zu of the dictionary holds a "
                             "NUL byte", func, name, k);
        memcpy(at, s, len);
        at[len] = '\0';
        t->strings[k] = at;
        at += len + 1;
    }
    out->codes = d->codes;
    out->table = t->strings;
    if (facts && d->count) {
        /* Ids: their length, plainness and hash once, not per event. */
        t->facts = cjmi_malloc(d->count * sizeof *t->facts);
        if (!t->facts)
            return cjmi_nomem(func);
        for (size_t k = 0; k < d->count; k++) {
            size_t len = strnlen(t->strings[k], CJM_ID_MAX + 1);
            t->facts[k] = (cjmi_string_facts){ cjmi_intern_hash(t->strings[k], len),
                                               (uint16_t)len,
                                               cjmi_id_is_plain(t->strings[k], len) };
        }
        out->facts = t->facts;
    }
    return CJM_OK;
}

/* Makes the customers' table remember each string's index once interned,
 * so that an event of a customer seen before in the call looks up nothing. */
static cjm_status table_remember(table *t, cjmi_string_column *out, size_t count,
                                 const char *func)
{
    if (!count)
        return CJM_OK;
    t->interned = cjmi_malloc(count * sizeof *t->interned);
    if (!t->interned)
        return cjmi_nomem(func);
    memset(t->interned, 0xff, count * sizeof *t->interned); /* CJMI_NOT_INTERNED */
    out->interned = t->interned;
    return CJM_OK;
}

/* The dictionary calls, with or without attribute columns. */
static cjm_status add_dictionary(cjm_analysis *a, size_t n, const cjm_dictionary_column *customers,
                                 const int64_t *at, const cjm_dictionary_column *touchpoints,
                                 const cjm_dictionary_column *channels,
                                 const cjm_dictionary_column *stages, const double *scores,
                                 const double *scale_min, const double *scale_max,
                                 bool one_scale, const cjm_attribute_column *attributes,
                                 size_t attribute_count, const char *func)
{
    cjm_status rc = cjmi_check_required(a, n, customers, at, touchpoints, func);
    if (rc != CJM_OK || n == 0)
        return rc;
    if (attribute_count > SIZE_MAX / sizeof(cjmi_attribute_column))
        return cjmi_fail(CJM_ERR_LIMIT, "%s: attribute_count: too many", func);
    cjmi_columns cols = { .at = at, .scores = scores, .scale_min = scale_min,
                          .scale_max = scale_max, .one_scale = one_scale,
                          .attribute_count = attribute_count };
    table tables[4] = { { NULL, NULL, NULL, NULL } };
    const cjm_dictionary_column *given[4] = { customers, touchpoints, channels, stages };
    cjmi_string_column *into[4] = { &cols.customers, &cols.touchpoints, &cols.channels,
                                    &cols.stages };
    static const char *const names[4] = { "customers", "touchpoints", "channels", "stages" };
    for (int k = 0; k < 4 && rc == CJM_OK; k++)
        rc = table_make(&tables[k], into[k], given[k], n, names[k], k < 2, func);
    if (rc == CJM_OK)
        rc = table_remember(&tables[0], &cols.customers, customers->count, func);
    cjmi_attribute_column *checked = NULL;
    unsigned char *valid = NULL;
    if (rc == CJM_OK && attribute_count &&
        !(checked = cjmi_malloc(attribute_count * sizeof *checked)))
        rc = cjmi_nomem(func);
    if (rc == CJM_OK)
        rc = cjmi_attributes_prepare(checked, &valid, attributes, attribute_count, n, func);
    cols.attributes = checked;
    if (rc == CJM_OK)
        rc = cjmi_add_columns(a, n, &cols, func);
    for (int k = 0; k < 4; k++)
        table_free(&tables[k]);
    cjmi_free(valid);
    cjmi_free(checked);
    return rc;
}

CJM_EXPORT cjm_status cjm_analysis_add_dictionary(cjm_analysis *a, size_t n,
                                                  const cjm_dictionary_column *customers,
                                                  const int64_t *at,
                                                  const cjm_dictionary_column *touchpoints,
                                                  const cjm_dictionary_column *channels,
                                                  const cjm_dictionary_column *stages,
                                                  const double *scores, const double *scale_min,
                                                  const double *scale_max)
{
    return add_dictionary(a, n, customers, at, touchpoints, channels, stages, scores, scale_min,
                          scale_max, false, NULL, 0, "cjm_analysis_add_dictionary");
}

CJM_EXPORT cjm_status cjm_analysis_add_dictionary_with_attributes(
    cjm_analysis *a, size_t n, const cjm_dictionary_column *customers, const int64_t *at,
    const cjm_dictionary_column *touchpoints, const cjm_dictionary_column *channels,
    const cjm_dictionary_column *stages, const double *scores, const double *scale_min,
    const double *scale_max, const cjm_attribute_column *attributes, size_t attribute_count)
{
    return add_dictionary(a, n, customers, at, touchpoints, channels, stages, scores, scale_min,
                          scale_max, false, attributes, attribute_count,
                          "cjm_analysis_add_dictionary_with_attributes");
}

CJM_EXPORT cjm_status cjm_analysis_add_dictionary_on_scale(
    cjm_analysis *a, size_t n, const cjm_dictionary_column *customers, const int64_t *at,
    const cjm_dictionary_column *touchpoints, const cjm_dictionary_column *channels,
    const cjm_dictionary_column *stages, const double *scores, double scale_min,
    double scale_max, const cjm_attribute_column *attributes, size_t attribute_count)
{
    /* The one scale is read as the first of a column every event shares. */
    return add_dictionary(a, n, customers, at, touchpoints, channels, stages, scores, &scale_min,
                          &scale_max, true, attributes, attribute_count,
                          "cjm_analysis_add_dictionary_on_scale");
}
