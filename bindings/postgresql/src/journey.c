/* The module: loading, errors, maps and options from jsonb, and the
 * functions of one journey. */
#include "cjm-pg.h"

#include <float.h>
#include <math.h>

#include "miscadmin.h"
#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include <cjm/json.h>

PG_MODULE_MAGIC;

void _PG_init(void);

void _PG_init(void)
{
    cjmpg_install_allocator();
}

static bool interrupt_pending(void *user)
{
    (void)user;
    return INTERRUPTS_PENDING_CONDITION() && INTERRUPTS_CAN_BE_PROCESSED();
}

void cjmpg_watch(cjm_analysis *analysis)
{
    cjm_analysis_set_cancel(analysis, interrupt_pending, NULL);
}

bool cjmpg_interrupted(cjm_status status)
{
    if (status != CJM_ERR_CANCELLED)
        return false;
    CHECK_FOR_INTERRUPTS();
    return true;
}

void cjmpg_raise(cjm_status status)
{
    int code;
    switch (status) {
    case CJM_ERR_NOMEM: code = ERRCODE_OUT_OF_MEMORY; break;
    case CJM_ERR_LIMIT: code = ERRCODE_PROGRAM_LIMIT_EXCEEDED; break;
    case CJM_ERR_PARSE: code = ERRCODE_INVALID_TEXT_REPRESENTATION; break;
    case CJM_ERR_RANGE: code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE; break;
    default: code = ERRCODE_INVALID_PARAMETER_VALUE; break;
    }
    ereport(ERROR, (errcode(code), errmsg("cjm: %s", cjmpg_message(cjm_last_error()))));
}

cjm_journey *cjmpg_read_map(Jsonb *map)
{
    char *json = JsonbToCString(NULL, &map->root, VARSIZE(map));
    char *text = cjmpg_utf8(json, strlen(json));
    cjm_journey *journey;
    cjm_status st = cjm_json_read_journey(&journey, text, strlen(text), "map");
    pfree(text);
    if (st != CJM_OK)
        cjmpg_raise(st);
    return journey;
}

static const char options_hint[] =
    "Options: min_customers, min_feedback, max_paths, max_flow_edges (whole numbers from 0), "
    "max_segments (a whole number from 1), pain_threshold (from -1 to 1), "
    "drop_threshold, silent_threshold, backtrack_threshold, switch_threshold "
    "(from 0 to 1), confidence (0, or from 0.5 to below 1), lenient (true or false), "
    "default_channel (a channel token such as \"web\"), breakdown (an attribute key, or "
    "@day, @week or @month); null for an option's default.";

/* The options that are whole numbers. */
static const struct {
    const char *key;
    cjm_status (*set)(cjm_options *, uint64_t);
    uint64_t (*get)(const cjm_options *);
} wholes[] = {
    { "min_customers", cjm_options_set_min_customers, cjm_options_min_customers },
    { "min_feedback", cjm_options_set_min_feedback, cjm_options_min_feedback },
    { "max_paths", cjm_options_set_max_paths, cjm_options_max_paths },
    { "max_flow_edges", cjm_options_set_max_flow_edges, cjm_options_max_flow_edges },
    { "max_segments", cjm_options_set_max_segments, cjm_options_max_segments },
};

/* The options that are text. */
static const struct {
    const char *key;
    cjm_status (*set)(cjm_options *, const char *);
    const char *(*get)(const cjm_options *);
    const char *expected;
} texts[] = {
    { "breakdown", cjm_options_set_breakdown, cjm_options_breakdown,
      "expected an attribute key, or @day, @week or @month, as text" },
    { "default_channel", cjm_options_set_default_channel, cjm_options_default_channel,
      "expected a channel as text" },
};

/* The options that are finite numbers. */
static const struct {
    const char *key;
    cjm_status (*set)(cjm_options *, double);
    double (*get)(const cjm_options *);
} rates[] = {
    { "pain_threshold", cjm_options_set_pain_threshold, cjm_options_pain_threshold },
    { "drop_threshold", cjm_options_set_drop_threshold, cjm_options_drop_threshold },
    { "silent_threshold", cjm_options_set_silent_threshold, cjm_options_silent_threshold },
    { "backtrack_threshold", cjm_options_set_backtrack_threshold,
      cjm_options_backtrack_threshold },
    { "switch_threshold", cjm_options_set_switch_threshold, cjm_options_switch_threshold },
    { "confidence", cjm_options_set_confidence, cjm_options_confidence },
};

/* The library's message for an option's value without the setter's and
 * the option's names ("cjm_options_set_confidence: confidence: 0.3 is
 * neither..."), which the error names already, as the option's key. */
static const char *refused(const char *key)
{
    static const char setter[] = "cjm_options_set_";
    const char *m = cjm_last_error();
    size_t n = strlen(key);
    if (strncmp(m, setter, strlen(setter)) == 0 && strncmp(m + strlen(setter), key, n) == 0 &&
        strncmp(m + strlen(setter) + n, ": ", 2) == 0)
        m += strlen(setter) + n + 2;
    if (strncmp(m, key, n) == 0 && strncmp(m + n, ": ", 2) == 0)
        m += n + 2;
    return m;
}

/* Whether a jsonb number, x as a double, is too close to 0 for a double:
 * read as 0 though it is not (1e-400), which can mean "off", or short of
 * its digits (1e-320, below DBL_MIN). */
static bool underflows(double x, Numeric n)
{
    if (x != 0)
        return fabs(x) < DBL_MIN;
    Datum sign = DirectFunctionCall1(numeric_sign, NumericGetDatum(n));
    return DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, sign)) != 0;
}

/* Whether a jsonb number is a whole number from 0 to 10^18, judged on its
 * decimal value: read as a double first, 2.0000000000000001 would pass as
 * 2 and 10^18 + 1 as 10^18, another number than the one given. */
static bool whole_number(Numeric n)
{
    Datum d = NumericGetDatum(n);
    Datum whole = DirectFunctionCall2(numeric_trunc, d, Int32GetDatum(0));
    Datum most = NumericGetDatum(int64_to_numeric(INT64CONST(1000000000000000000)));
    return DatumGetInt32(DirectFunctionCall2(numeric_cmp, d, whole)) == 0 &&
           DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
                                              DirectFunctionCall1(numeric_sign, d))) >= 0 &&
           DatumGetInt32(DirectFunctionCall2(numeric_cmp, d, most)) <= 0;
}

/* Applies one option; returns NULL, or what is wrong with it. */
static const char *apply_option(cjm_options *o, const char *key, const JsonbValue *v)
{
    size_t whole = 0, rate = 0, text = 0;
    while (whole < lengthof(wholes) && strcmp(key, wholes[whole].key) != 0)
        whole++;
    while (rate < lengthof(rates) && strcmp(key, rates[rate].key) != 0)
        rate++;
    while (text < lengthof(texts) && strcmp(key, texts[text].key) != 0)
        text++;
    bool known = whole < lengthof(wholes) || rate < lengthof(rates) ||
                 text < lengthof(texts) || strcmp(key, "lenient") == 0;
    if (!known)
        return "not an option";
    if (v->type == jbvNull) /* the option's default, as if it were not given */
        return NULL;
    if (strcmp(key, "lenient") == 0) {
        if (v->type != jbvBool)
            return "expected true or false";
        return cjm_options_set_lenient(o, v->val.boolean) == CJM_OK ? NULL : refused(key);
    }
    if (text < lengthof(texts)) {
        if (v->type != jbvString)
            return texts[text].expected;
        char *c = cjmpg_utf8(v->val.string.val, v->val.string.len);
        bool ok = texts[text].set(o, c) == CJM_OK;
        pfree(c);
        return ok ? NULL : refused(key);
    }
    if (v->type != jbvNumeric)
        return "expected a number";
    if (whole < lengthof(wholes)) {
        if (!whole_number(v->val.numeric))
            return "expected a whole number from 0 to 10^18";
        int64 w = DatumGetInt64(DirectFunctionCall1(numeric_int8,
                                                    NumericGetDatum(v->val.numeric)));
        return wholes[whole].set(o, (uint64_t)w) == CJM_OK ? NULL : refused(key);
    }
    /* A jsonb number may be beyond a double (1e400): infinite here, and
     * refused below, never an error of another kind. */
    double x = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
                                                  NumericGetDatum(v->val.numeric)));
    /* refused, as the tool refuses it */
    bool underflow = underflows(x, v->val.numeric);
    if (!isfinite(x))
        return "expected a finite number";
    if (underflow)
        return "too close to 0 for a double";
    return rates[rate].set(o, x) == CJM_OK ? NULL : refused(key);
}

void cjmpg_each_member(Jsonb *object, const char *what, const char *hint,
                       const char *(*apply)(void *ctx, const char *key, JsonbValue *value),
                       void (*cleanup)(void *ctx), void *ctx)
{
    if (!JB_ROOT_IS_OBJECT(object) || JB_ROOT_IS_SCALAR(object)) {
        if (cleanup)
            cleanup(ctx);
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: expected a JSON object", what), errhint("%s", hint)));
    }
    JsonbIterator *it = JsonbIteratorInit(&object->root);
    JsonbValue key, value;
    JsonbIteratorToken token;
    while ((token = JsonbIteratorNext(&it, &key, true)) != WJB_DONE) {
        if (token != WJB_KEY)
            continue;
        char *name = cjmpg_utf8(key.val.string.val, key.val.string.len);
        token = JsonbIteratorNext(&it, &value, true);
        const char *wrong = token == WJB_VALUE ? apply(ctx, name, &value) : "no value";
        if (wrong) {
            char *why = pstrdup(wrong); /* a library message may go with ctx */
            if (cleanup)
                cleanup(ctx);
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("cjm: %s: %s: %s", what, cjmpg_message(cjmpg_quoted(name)),
                                   cjmpg_message(why)),
                            errhint("%s", hint)));
        }
        pfree(name);
    }
}

static const char *option_member(void *o, const char *key, JsonbValue *value)
{
    return apply_option(o, key, value);
}

static void free_options(void *o)
{
    cjm_options_free(o);
}

cjm_options *cjmpg_read_options(Jsonb *options)
{
    cjm_options *o = cjm_options_new();
    if (!o)
        cjmpg_raise(CJM_ERR_NOMEM);
    cjm_options_set_threads(o, 1);
    if (options)
        cjmpg_each_member(options, "options", options_hint, option_member, free_options, o);
    return o;
}

char *cjmpg_options_key(const cjm_options *o)
{
    StringInfoData key;
    initStringInfo(&key);
    appendStringInfoChar(&key, '{');
    for (size_t i = 0; i < lengthof(wholes); i++)
        appendStringInfo(&key, "%s\"%s\": " UINT64_FORMAT, i ? ", " : "", wholes[i].key,
                         wholes[i].get(o));
    for (size_t i = 0; i < lengthof(rates); i++) {
        /* the shortest decimal that reads back as the same double: 0.1,
         * not 0.10000000000000001, in a message that shows the key */
        char number[DOUBLE_SHORTEST_DECIMAL_LEN];
        double_to_shortest_decimal_buf(rates[i].get(o), number);
        appendStringInfo(&key, ", \"%s\": %s", rates[i].key, number);
    }
    appendStringInfo(&key, ", \"lenient\": %s", cjm_options_lenient(o) ? "true" : "false");
    for (size_t i = 0; i < lengthof(texts); i++) { /* unset is null */
        const char *value = texts[i].get(o);
        appendStringInfo(&key, ", \"%s\": ", texts[i].key);
        if (value)
            escape_json(&key, value);
        else
            appendStringInfoString(&key, "null");
    }
    appendStringInfoChar(&key, '}');
    return key.data;
}

/* Never freed, in a context that lives as long as the process: no
 * pointer into a context that an ERROR or the end of a query frees. */
static cjm_options *default_options;
static char *default_key;

const cjm_options *cjmpg_default_options(void)
{
    if (!default_options) {
        MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
        cjm_options *o = cjmpg_read_options(NULL);
        default_key = cjmpg_options_key(o);
        default_options = o;
        MemoryContextSwitchTo(old);
    }
    return default_options;
}

const char *cjmpg_default_options_key(void)
{
    cjmpg_default_options();
    return default_key;
}

PG_FUNCTION_INFO_V1(cjm_pg_channel_switches);

/* cjm_channel_switches(journey jsonb) returns bigint */
Datum cjm_pg_channel_switches(PG_FUNCTION_ARGS)
{
    cjm_journey *journey = cjmpg_read_map(PG_GETARG_JSONB_P(0));
    size_t n;
    cjm_status st = cjm_journey_channel_switches(&n, journey);
    cjm_journey_free(journey);
    if (st != CJM_OK)
        cjmpg_raise(st);
    PG_RETURN_INT64((int64)n);
}

PG_FUNCTION_INFO_V1(cjm_pg_gaps);

/* cjm_gaps(map jsonb, options jsonb default null) returns jsonb: the map's
 * own gaps, most severe first, each an object as in the cjm-report. */
Datum cjm_pg_gaps(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL(); /* no map, no gaps: SQL's answer to a NULL */
    cjm_journey *journey = cjmpg_read_map(PG_GETARG_JSONB_P(0));
    cjm_options *o = cjmpg_read_options(PG_ARGISNULL(1) ? NULL : PG_GETARG_JSONB_P(1));
    cjm_gap_list *gaps;
    cjm_status st = cjm_journey_gaps(&gaps, journey, o);
    cjm_options_free(o);
    if (st != CJM_OK) {
        cjm_journey_free(journey);
        cjmpg_raise(st);
    }
    Datum result = cjmpg_server_jsonb(cjmpg_gaps_jsonb(gaps));
    cjm_gap_list_free(gaps);
    cjm_journey_free(journey);
    PG_RETURN_DATUM(result);
}
