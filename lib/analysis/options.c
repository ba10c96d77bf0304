/* The options handle: thresholds with analysis.md's defaults. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options-private.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/text.h"

static const cjm_options defaults = {
    .min_customers = 5,
    .min_feedback = 1,
    .pain_threshold = 0.0,
    .drop_threshold = 0.25,
    .silent_threshold = 0.10,
    .backtrack_threshold = 0.10,
    .switch_threshold = 0.25,
    .confidence = 0.95,
    .max_paths = 10,
    .max_flow_edges = 200,
    .lenient = false,
    .threads = 0,
    .default_channel = "",
    .breakdown = "",
    .max_segments = 20,
};

const cjm_options *cjmi_options(const cjm_options *options)
{
    return options ? options : &defaults;
}

CJM_EXPORT cjm_options *cjm_options_new(void)
{
    cjm_options *options = cjmi_malloc(sizeof *options);
    if (!options) {
        cjmi_nomem("cjm_options_new");
        return NULL;
    }
    *options = defaults;
    return options;
}

CJM_EXPORT void cjm_options_free(cjm_options *options)
{
    cjmi_free(options);
}

#define COUNT_OPTION(field)                                                        \
    CJM_EXPORT cjm_status cjm_options_set_##field(cjm_options *options, uint64_t n) \
    {                                                                              \
        if (!options)                                                              \
            return cjmi_fail(CJM_ERR_INVALID, "cjm_options_set_" #field            \
                             ": options: NULL");                                   \
        options->field = n;                                                        \
        return CJM_OK;                                                             \
    }                                                                              \
    CJM_EXPORT uint64_t cjm_options_##field(const cjm_options *options)            \
    {                                                                              \
        return cjmi_options(options)->field;                                       \
    }

/* A threshold is a rate, a share of customers, in [0, 1]; the pain
 * threshold is a normalized score, in [-1, 1]. A value outside can never
 * match (or always does), which is a mistake, not a choice. */
#define RATE_OPTION(field, low, high)                                              \
    CJM_EXPORT cjm_status cjm_options_set_##field(cjm_options *options, double x)  \
    {                                                                              \
        if (!options)                                                              \
            return cjmi_fail(CJM_ERR_INVALID, "cjm_options_set_" #field            \
                             ": options: NULL");                                   \
        if (!isfinite(x))                                                          \
            return cjmi_fail(CJM_ERR_RANGE, "cjm_options_set_" #field              \
                             ": " #field ": not a finite number");                 \
        if (x < (low) || x > (high))                                               \
            return cjmi_fail(CJM_ERR_RANGE, "cjm_options_set_" #field              \
                             ": " #field ": %.10g is not in [%g, %g]", x,            \
                             (double)(low), (double)(high));                       \
        options->field = x;                                                        \
        return CJM_OK;                                                             \
    }                                                                              \
    CJM_EXPORT double cjm_options_##field(const cjm_options *options)              \
    {                                                                              \
        return cjmi_options(options)->field;                                       \
    }

COUNT_OPTION(min_customers)
COUNT_OPTION(min_feedback)
COUNT_OPTION(max_paths)
COUNT_OPTION(max_flow_edges)
RATE_OPTION(pain_threshold, -1, 1)
RATE_OPTION(drop_threshold, 0, 1)
RATE_OPTION(silent_threshold, 0, 1)
RATE_OPTION(backtrack_threshold, 0, 1)
RATE_OPTION(switch_threshold, 0, 1)

CJM_EXPORT cjm_status cjm_options_set_confidence(cjm_options *options, double x)
{
    static const char func[] = "cjm_options_set_confidence";
    if (!options)
        return cjmi_fail(CJM_ERR_INVALID, "%s: options: NULL", func);
    if (!isfinite(x))
        return cjmi_fail(CJM_ERR_RANGE, "%s: confidence: not a finite number", func);
    if (x != 0.0 && (x < 0.5 || x >= 1.0))
        return cjmi_fail(CJM_ERR_RANGE, "%s: confidence: %.10g is neither 0 nor in [0.5, 1)",
                         func, x);
    options->confidence = x;
    return CJM_OK;
}

CJM_EXPORT double cjm_options_confidence(const cjm_options *options)
{
    return cjmi_options(options)->confidence;
}

CJM_EXPORT cjm_status cjm_options_set_lenient(cjm_options *options, bool lenient)
{
    if (!options)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_options_set_lenient: options: NULL");
    options->lenient = lenient;
    return CJM_OK;
}

CJM_EXPORT bool cjm_options_lenient(const cjm_options *options)
{
    return cjmi_options(options)->lenient;
}

CJM_EXPORT cjm_status cjm_options_set_threads(cjm_options *options, unsigned threads)
{
    if (!options)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_options_set_threads: options: NULL");
    if (threads > CJM_THREADS_MAX)
        return cjmi_fail(CJM_ERR_RANGE, "cjm_options_set_threads: threads: %u is over %u",
                         threads, (unsigned)CJM_THREADS_MAX);
    options->threads = threads;
    return CJM_OK;
}

CJM_EXPORT unsigned cjm_options_threads(const cjm_options *options)
{
    return cjmi_options(options)->threads;
}

CJM_EXPORT cjm_status cjm_options_set_default_channel(cjm_options *options, const char *channel)
{
    static const char func[] = "cjm_options_set_default_channel";
    if (!options)
        return cjmi_fail(CJM_ERR_INVALID, "%s: options: NULL", func);
    if (!channel || !*channel) {
        options->default_channel[0] = '\0';
        return CJM_OK;
    }
    char token[CJM_CHANNEL_MAX + 1];
    cjm_status rc = cjmi_channel(token, func, "channel", channel);
    if (rc == CJM_OK)
        memcpy(options->default_channel, token, sizeof token);
    return rc;
}

CJM_EXPORT const char *cjm_options_default_channel(const cjm_options *options)
{
    const char *channel = cjmi_options(options)->default_channel;
    return *channel ? channel : NULL;
}

/* The cohorts a breakdown may name; any other text starting with '@' is
 * refused, so that a later cohort kind cannot change what an old option
 * meant. */
static const char *const cohorts[] = { "@day", "@week", "@month" };

cjmi_breakdown cjmi_breakdown_kind(const cjm_options *options)
{
    const char *b = cjmi_options(options)->breakdown;
    if (!*b)
        return CJMI_BREAKDOWN_NONE;
    for (size_t i = 0; i < sizeof cohorts / sizeof *cohorts; i++)
        if (strcmp(b, cohorts[i]) == 0)
            return (cjmi_breakdown)(CJMI_BREAKDOWN_DAY + i);
    return CJMI_BREAKDOWN_ATTRIBUTE;
}

CJM_EXPORT cjm_status cjm_options_set_breakdown(cjm_options *options, const char *breakdown)
{
    static const char func[] = "cjm_options_set_breakdown";
    if (!options)
        return cjmi_fail(CJM_ERR_INVALID, "%s: options: NULL", func);
    if (!breakdown || !*breakdown) {
        options->breakdown[0] = '\0';
        return CJM_OK;
    }
    if (breakdown[0] == '@') {
        for (size_t i = 0; i < sizeof cohorts / sizeof *cohorts; i++)
            if (strcmp(breakdown, cohorts[i]) == 0) {
                strcpy(options->breakdown, breakdown);
                return CJM_OK;
            }
        return cjmi_fail(CJM_ERR_INVALID, "%s: breakdown: \"%.64s\" is not @day, @week or "
                         "@month (an attribute key cannot start with @)", func, breakdown);
    }
    cjm_status rc = cjmi_check_id(func, "breakdown", breakdown);
    if (rc == CJM_OK)
        strcpy(options->breakdown, breakdown);
    return rc;
}

CJM_EXPORT const char *cjm_options_breakdown(const cjm_options *options)
{
    const char *b = cjmi_options(options)->breakdown;
    return *b ? b : NULL;
}

CJM_EXPORT cjm_status cjm_options_set_max_segments(cjm_options *options, uint64_t n)
{
    static const char func[] = "cjm_options_set_max_segments";
    if (!options)
        return cjmi_fail(CJM_ERR_INVALID, "%s: options: NULL", func);
    if (n == 0)
        return cjmi_fail(CJM_ERR_RANGE, "%s: max_segments: 0: at least 1 (the pooled entry)",
                         func);
    options->max_segments = n;
    return CJM_OK;
}

CJM_EXPORT uint64_t cjm_options_max_segments(const cjm_options *options)
{
    return cjmi_options(options)->max_segments;
}

enum option_kind { COUNT, REAL, FLAG, TEXT };

/* An option's value as text: one text per value (a double as the
 * shortest of 15 or 17 significant digits that reads back as itself, 0
 * for -0), so values are compared by their texts. */
static void option_text(char *out, size_t size, enum option_kind kind, const char *p)
{
    uint64_t n;
    double x;
    bool b;
    switch (kind) {
    case COUNT:
        memcpy(&n, p, sizeof n);
        snprintf(out, size, "%llu", (unsigned long long)n);
        break;
    case REAL:
        memcpy(&x, p, sizeof x);
        x = x == 0 ? 0 : x;
        snprintf(out, size, "%.15g", x);
        if (strtod(out, NULL) != x)
            snprintf(out, size, "%.17g", x);
        break;
    case FLAG:
        memcpy(&b, p, sizeof b);
        snprintf(out, size, "%s", b ? "true" : "false");
        break;
    case TEXT: /* a channel token or an id; none is null */
        snprintf(out, size, "%s", *p ? p : "null");
        break;
    }
}

bool cjmi_options_differ(const cjm_options *a, const cjm_options *b, char *what, size_t size)
{
    /* The options a merge compares, in the struct's order: a new option
     * that changes what an analysis holds or reports is added here. */
    static const struct {
        const char *name;
        size_t offset;
        enum option_kind kind;
    } fields[] = {
        { "min_customers", offsetof(cjm_options, min_customers), COUNT },
        { "min_feedback", offsetof(cjm_options, min_feedback), COUNT },
        { "pain_threshold", offsetof(cjm_options, pain_threshold), REAL },
        { "drop_threshold", offsetof(cjm_options, drop_threshold), REAL },
        { "silent_threshold", offsetof(cjm_options, silent_threshold), REAL },
        { "backtrack_threshold", offsetof(cjm_options, backtrack_threshold), REAL },
        { "switch_threshold", offsetof(cjm_options, switch_threshold), REAL },
        { "confidence", offsetof(cjm_options, confidence), REAL },
        { "max_paths", offsetof(cjm_options, max_paths), COUNT },
        { "max_flow_edges", offsetof(cjm_options, max_flow_edges), COUNT },
        { "lenient", offsetof(cjm_options, lenient), FLAG },
        { "default_channel", offsetof(cjm_options, default_channel), TEXT },
        { "breakdown", offsetof(cjm_options, breakdown), TEXT },
        { "max_segments", offsetof(cjm_options, max_segments), COUNT },
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        char va[32 + CJM_ID_MAX], vb[32 + CJM_ID_MAX];
        option_text(va, sizeof va, fields[i].kind, (const char *)a + fields[i].offset);
        option_text(vb, sizeof vb, fields[i].kind, (const char *)b + fields[i].offset);
        if (strcmp(va, vb) != 0) {
            snprintf(what, size, "%s %s, into: %s", fields[i].name, vb, va);
            return true;
        }
    }
    return false;
}
