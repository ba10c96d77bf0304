/* What the row functions of a report (cjm--1.0--1.1.sql) read a document
 * with: the report checked as a cjm-report, a member checked as the
 * table or object it must be, and a row's figures as the SQL types of
 * their columns. Whatever is not what a report holds is an ERROR naming
 * the function and the member, never a row of nulls or another
 * function's message. */
#include "cjm-pg.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

/* What a JSON value is, for a message: "a number", "an array". */
static const char *a_value(JsonbValue *v)
{
    const char *type = JsonbTypeName(v);
    return psprintf("%s %s", strchr("aeiou", type[0]) ? "an" : "a", type);
}

/* What a value is and holds, for a message: a number 1.5, a string "x"
 * (cut short), an array. */
static const char *shown(JsonbValue *v)
{
    if (v->type == jbvNull)
        return "null";
    if (v->type == jbvBinary)
        return JsonContainerIsArray(v->val.binary.data) ? "an array" : "an object";
    return psprintf("%s %s", a_value(v),
                    cjmpg_json_cut(JsonbToCString(NULL, &JsonbValueToJsonb(v)->root, 0)));
}

static void wrong_member(const char *caller, const char *name, const char *what)
    pg_attribute_noreturn();

/* The ERROR of a member or figure that is not what a report holds there;
 * `name` is its key or path, shown quoted and cut short. */
static void wrong_member(const char *caller, const char *name, const char *what)
{
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("cjm: %s: %s %s", cjmpg_cut(caller), cjmpg_quoted(name), what),
                    errhint("Give it cjm_analyze's or cjm_merge's result as it is.")));
}

/* cjm_report_check(report jsonb, caller text) returns jsonb: the report
 * itself, when it is a cjm-report document, or an ERROR naming the caller
 * and what the document is instead, so that the row functions never read
 * another document as a report without rows. */
PG_FUNCTION_INFO_V1(cjm_pg_report_check);
Datum cjm_pg_report_check(PG_FUNCTION_ARGS)
{
    Jsonb *report = PG_GETARG_JSONB_P(0);
    char *caller = text_to_cstring(PG_GETARG_TEXT_PP(1));
    const char *wrong = NULL;
    if (!JB_ROOT_IS_OBJECT(report) || JB_ROOT_IS_SCALAR(report)) {
        wrong = "not a JSON object";
    } else {
        JsonbValue *format = getKeyJsonValueFromContainer(&report->root, "format", 6, NULL);
        if (!format)
            wrong = "no \"format\" member";
        else if (format->type != jbvString || format->val.string.len != 10 ||
                 memcmp(format->val.string.val, "cjm-report", 10) != 0)
            wrong = psprintf("its \"format\" is %s",
                             cjmpg_json_cut(JsonbToCString(NULL, &JsonbValueToJsonb(format)->root, 0)));
    }
    if (wrong)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: the argument is not a cjm-report document: %s",
                               cjmpg_cut(caller), wrong),
                        errhint("Give it cjm_analyze's or cjm_merge's result, whose "
                                "\"format\" is \"cjm-report\".")));
    PG_RETURN_JSONB_P(report);
}

/* cjm_member_at(doc jsonb, path text[], rows boolean, caller text) returns
 * jsonb: the member at path (a key for each level, at least one) of a
 * document that is an object, with `rows` an array of objects (a table
 * of a report), else an object. An absent or null member reads as an
 * empty one; any other value, a document that is not an object, an empty
 * path or a null key is an ERROR naming the caller (and the member and
 * what it holds instead), so that the row functions never read a
 * document that only looks like a report as a report without rows, or
 * its numbers as rows of nulls. */
PG_FUNCTION_INFO_V1(cjm_pg_member_at);
Datum cjm_pg_member_at(PG_FUNCTION_ARGS)
{
    Jsonb *doc = PG_GETARG_JSONB_P(0);
    ArrayType *path = PG_GETARG_ARRAYTYPE_P(1);
    bool rows = PG_GETARG_BOOL(2);
    char *caller = text_to_cstring(PG_GETARG_TEXT_PP(3));
    Datum *keys;
    bool *nulls;
    int n;
    deconstruct_array(path, TEXTOID, -1, false, TYPALIGN_INT, &keys, &nulls, &n);
    const char *wrong = n == 0 ? "the path is empty" : NULL;
    if (ARR_NDIM(path) > 1) /* deconstruct_array reads it flat */
        wrong = psprintf("the path has %d dimensions, not one", ARR_NDIM(path));
    for (int i = 0; i < n && !wrong; i++)
        if (nulls[i])
            wrong = psprintf("the path's key %d is null", i + 1);
    if (!wrong && !JB_ROOT_IS_OBJECT(doc))
        wrong = psprintf("the document is %s, not an object",
                         JB_ROOT_IS_SCALAR(doc) ? "a scalar" : "an array");
    if (wrong)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: %s", cjmpg_cut(caller), wrong)));
    StringInfoData name;
    initStringInfo(&name);
    JsonbContainer *at = &doc->root;
    JsonbValue *v = NULL;
    for (int i = 0; i < n; i++) {
        char *key = TextDatumGetCString(keys[i]);
        if (JsonContainerIsArray(at)) {
            /* A place in an array: from 0, or from the end after a minus
             * (-1 the last); one past either end reads as absent. */
            bool from_end = key[0] == '-';
            const char *digits = key + from_end;
            char *end;
            errno = 0;
            unsigned long long place = strtoull(digits, &end, 10);
            if (!isdigit((unsigned char)digits[0]) || *end)
                wrong_member(caller, name.data,
                             psprintf("is an array, and %s is not a place in it (digits"
                                      " from 0, or a minus and digits from the end)",
                                      cjmpg_quoted(key)));
            uint32 count = JsonContainerSize(at);
            if (errno || place >= count + (uint64)from_end || (from_end && place == 0))
                v = NULL;
            else
                v = getIthJsonbValueFromContainer(at, (uint32)(from_end ? count - place : place));
        } else {
            v = getKeyJsonValueFromContainer(at, key, (uint32)strlen(key), NULL);
        }
        appendStringInfo(&name, "%s%s", i ? "." : "", key);
        if (!v || v->type == jbvNull) {
            v = NULL;
            break;
        }
        if (i + 1 < n) {
            if (v->type != jbvBinary)
                wrong_member(caller, name.data, psprintf("is %s, not an object", a_value(v)));
            at = v->val.binary.data;
        }
    }
    if (!v)
        PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(rows ? "[]" : "{}")));
    bool array = v->type == jbvBinary && JsonContainerIsArray(v->val.binary.data);
    bool object = v->type == jbvBinary && JsonContainerIsObject(v->val.binary.data);
    if (rows && !array)
        wrong_member(caller, name.data, psprintf("is %s, not an array", a_value(v)));
    if (!rows && !object)
        wrong_member(caller, name.data, psprintf("is %s, not an object", a_value(v)));
    if (rows) {
        uint32 count = JsonContainerSize(v->val.binary.data);
        for (uint32 i = 0; i < count; i++) {
            JsonbValue *e = getIthJsonbValueFromContainer(v->val.binary.data, i);
            if (e->type != jbvBinary || !JsonContainerIsObject(e->val.binary.data))
                wrong_member(caller, name.data,
                             psprintf("has %s at place %u, not an object", a_value(e), i + 1));
        }
    }
    PG_RETURN_JSONB_P(JsonbValueToJsonb(v));
}

/* The figure a getter (doc jsonb, key text, caller text) is called for. */
typedef struct figure {
    const char *key, *caller;
    JsonbValue *value; /* NULL: absent or JSON null */
} figure;

static void wrong_figure(const figure *f, const char *what) pg_attribute_noreturn();

/* The figure of the call: the value of `key` in the object `doc`, which
 * must be of `type` unless absent or null; an ERROR naming the caller when
 * `doc` is not an object, and naming the figure as `not_that` ("not a
 * number") when it is of another type. */
static figure figure_of(FunctionCallInfo fcinfo, enum jbvType type, const char *not_that)
{
    Jsonb *doc = PG_GETARG_JSONB_P(0);
    figure f = { text_to_cstring(PG_GETARG_TEXT_PP(1)), text_to_cstring(PG_GETARG_TEXT_PP(2)),
                 NULL };
    if (!JB_ROOT_IS_OBJECT(doc) || JB_ROOT_IS_SCALAR(doc))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: a row of the report is not an object",
                               cjmpg_cut(f.caller))));
    f.value = getKeyJsonValueFromContainer(&doc->root, f.key, (uint32)strlen(f.key), NULL);
    if (f.value && f.value->type == jbvNull)
        f.value = NULL;
    if (f.value && f.value->type != type)
        wrong_figure(&f, not_that);
    return f;
}

/* The ERROR of a figure that is not `what` ("a whole number"). */
static void wrong_figure(const figure *f, const char *what)
{
    wrong_member(f->caller, f->key, psprintf("is %s, %s", shown(f->value), what));
}

/* cjm_whole(doc jsonb, key text, caller text) returns bigint: a figure
 * that is a count or milliseconds. NULL when absent or null; anything
 * but a whole number within bigint is an ERROR naming the caller and the
 * figure (PostgreSQL's cast would name neither). */
PG_FUNCTION_INFO_V1(cjm_pg_whole);
Datum cjm_pg_whole(PG_FUNCTION_ARGS)
{
    figure f = figure_of(fcinfo, jbvNumeric, "not a whole number");
    JsonbValue *v = f.value;
    if (!v)
        PG_RETURN_NULL();
    /* Whole however written (1, 1.0, 1e2), and within bigint. */
    Datum number = NumericGetDatum(v->val.numeric);
    Datum whole = DirectFunctionCall2(numeric_trunc, number, Int32GetDatum(0));
    if (!DatumGetBool(DirectFunctionCall2(numeric_eq, number, whole)))
        wrong_figure(&f, "not a whole number");
    char *text = DatumGetCString(DirectFunctionCall1(numeric_out, whole)), *end;
    errno = 0;
    long long n = strtoll(text, &end, 10);
    if (errno || *end)
        wrong_figure(&f, "beyond bigint");
    PG_RETURN_INT64((int64)n);
}

/* cjm_real(doc jsonb, key text, caller text) returns float8: a figure
 * that is a rate, a mean or a severity. NULL when absent or null; a value
 * that is not a number is an ERROR naming the caller and the figure. */
PG_FUNCTION_INFO_V1(cjm_pg_real);
Datum cjm_pg_real(PG_FUNCTION_ARGS)
{
    figure f = figure_of(fcinfo, jbvNumeric, "not a number");
    JsonbValue *v = f.value;
    if (!v)
        PG_RETURN_NULL();
    /* As numeric_float8 reads it (its text through strtod), with the
     * same range: a value too large or too small for float8 (but not a
     * subnormal one) is named here, not by PostgreSQL's own message. */
    char *text = DatumGetCString(
        DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
    errno = 0;
    double x = strtod(text, NULL);
    if (errno == ERANGE && (x == 0 || isinf(x)))
        wrong_figure(&f, "beyond float8");
    PG_RETURN_FLOAT8(x);
}

/* cjm_flag(doc jsonb, key text, caller text) returns boolean: a figure
 * that is true or false. NULL when absent or null; anything else is an
 * ERROR naming the caller and the figure. */
PG_FUNCTION_INFO_V1(cjm_pg_flag);
Datum cjm_pg_flag(PG_FUNCTION_ARGS)
{
    figure f = figure_of(fcinfo, jbvBool, "not true or false");
    if (!f.value)
        PG_RETURN_NULL();
    PG_RETURN_BOOL(f.value->val.boolean);
}

/* cjm_text(doc jsonb, key text, caller text) returns text: a figure that
 * is text (an id, a kind, a message). NULL when absent or null; anything
 * else is an ERROR naming the caller and the figure (->> would give a
 * number or an object as its JSON text). */
PG_FUNCTION_INFO_V1(cjm_pg_text);
Datum cjm_pg_text(PG_FUNCTION_ARGS)
{
    figure f = figure_of(fcinfo, jbvString, "not a text");
    if (!f.value)
        PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text_with_len(f.value->val.string.val, f.value->val.string.len));
}

/* cjm_texts(doc jsonb, key text, caller text) returns text[]: a figure
 * that is a list of ids (a path's stages). NULL when absent or null;
 * anything but an array of strings is an ERROR naming the caller and the
 * figure. */
PG_FUNCTION_INFO_V1(cjm_pg_texts);
Datum cjm_pg_texts(PG_FUNCTION_ARGS)
{
    figure f = figure_of(fcinfo, jbvBinary, "not an array of texts");
    JsonbValue *v = f.value;
    if (!v)
        PG_RETURN_NULL();
    if (!JsonContainerIsArray(v->val.binary.data))
        wrong_figure(&f, "not an array of texts");
    uint32 count = JsonContainerSize(v->val.binary.data);
    Datum *texts = palloc(Max(count, 1) * sizeof(Datum));
    for (uint32 i = 0; i < count; i++) {
        JsonbValue *e = getIthJsonbValueFromContainer(v->val.binary.data, i);
        if (e->type != jbvString)
            wrong_member(f.caller, f.key,
                         psprintf("has %s at place %u, not a text", shown(e), i + 1));
        texts[i] = PointerGetDatum(cstring_to_text_with_len(e->val.string.val,
                                                            e->val.string.len));
    }
    PG_RETURN_ARRAYTYPE_P(construct_array(texts, (int)count, TEXTOID, -1, false,
                                          TYPALIGN_INT));
}
