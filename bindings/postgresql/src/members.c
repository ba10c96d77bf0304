/* What the row functions of a report (cjm--1.0--1.1.sql) read a document
 * with: the report checked as a cjm-report, a member checked as the
 * table or object it must be, and a row's figures as the SQL types of
 * their columns. Whatever is not what a report holds is an ERROR naming
 * the function and the member, never a row of nulls or another
 * function's message. */
#include "cjm-pg.h"

#include <errno.h>
#include <stdlib.h>

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

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
                             JsonbToCString(NULL, &JsonbValueToJsonb(format)->root, 0));
    }
    if (wrong)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: the argument is not a cjm-report document: %s",
                               caller, wrong),
                        errhint("Give it cjm_analyze's or cjm_merge's result, whose "
                                "\"format\" is \"cjm-report\".")));
    PG_RETURN_JSONB_P(report);
}

/* What a JSON value is, for a message: "a number", "an array". */
static const char *a_value(JsonbValue *v)
{
    const char *type = JsonbTypeName(v);
    return psprintf("%s %s", strchr("aeiou", type[0]) ? "an" : "a", type);
}

static void wrong_member(const char *caller, const char *name, const char *what)
    pg_attribute_noreturn();

static void wrong_member(const char *caller, const char *name, const char *what)
{
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("cjm: %s: \"%s\" %s", caller, name, what),
                    errhint("Give it cjm_analyze's or cjm_merge's result as it is.")));
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
    for (int i = 0; i < n && !wrong; i++)
        if (nulls[i])
            wrong = psprintf("the path's key %d is null", i + 1);
    if (!wrong && !JB_ROOT_IS_OBJECT(doc))
        wrong = psprintf("the document is %s, not an object",
                         JB_ROOT_IS_SCALAR(doc) ? "a scalar" : "an array");
    if (wrong)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: %s", caller, wrong)));
    StringInfoData name;
    initStringInfo(&name);
    JsonbContainer *at = &doc->root;
    JsonbValue *v = NULL;
    for (int i = 0; i < n; i++) {
        char *key = TextDatumGetCString(keys[i]);
        appendStringInfo(&name, "%s%s", i ? "." : "", key);
        v = getKeyJsonValueFromContainer(at, key, (uint32)strlen(key), NULL);
        if (!v || v->type == jbvNull) {
            v = NULL;
            break;
        }
        if (i + 1 < n) {
            if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
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

/* The value of `key` in the object `row`, NULL when it is absent or JSON
 * null; an ERROR naming the caller when `row` is not an object. */
static JsonbValue *figure(Jsonb *row, const char *key, const char *caller)
{
    if (!JB_ROOT_IS_OBJECT(row) || JB_ROOT_IS_SCALAR(row))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: %s: a row of the report is not an object", caller)));
    JsonbValue *v = getKeyJsonValueFromContainer(&row->root, key, (uint32)strlen(key), NULL);
    return v && v->type != jbvNull ? v : NULL;
}

/* At most this many bytes of a value are shown in a message: a number
 * may have a million digits. */
#define SHOWN_MAX 40

/* What a value is, for a message: a number 1.5, a string "x" (cut short
 * after SHOWN_MAX bytes), an array. */
static const char *shown(JsonbValue *v)
{
    if (v->type == jbvBinary)
        return JsonContainerIsArray(v->val.binary.data) ? "an array" : "an object";
    char *text = JsonbToCString(NULL, &JsonbValueToJsonb(v)->root, 0);
    if (strlen(text) > SHOWN_MAX) {
        int cut = pg_mbcliplen(text, (int)strlen(text), SHOWN_MAX);
        return psprintf("%s %.*s...", a_value(v), cut, text);
    }
    return psprintf("%s %s", a_value(v), text);
}

/* cjm_whole(doc jsonb, key text, caller text) returns bigint: a figure
 * that is a count or milliseconds. NULL when absent or null; anything
 * but a whole number within bigint is an ERROR naming the caller and the
 * figure (PostgreSQL's cast would name neither). */
PG_FUNCTION_INFO_V1(cjm_pg_whole);
Datum cjm_pg_whole(PG_FUNCTION_ARGS)
{
    char *key = text_to_cstring(PG_GETARG_TEXT_PP(1));
    char *caller = text_to_cstring(PG_GETARG_TEXT_PP(2));
    JsonbValue *v = figure(PG_GETARG_JSONB_P(0), key, caller);
    if (!v)
        PG_RETURN_NULL();
    if (v->type == jbvNumeric) {
        char *text = DatumGetCString(
            DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
        char *end;
        errno = 0;
        long long n = strtoll(text, &end, 10);
        if (errno == 0 && end != text && *end == '\0')
            PG_RETURN_INT64((int64)n);
    }
    wrong_member(caller, key, psprintf("is %s, not a whole number", shown(v)));
}

/* cjm_real(doc jsonb, key text, caller text) returns float8: a figure
 * that is a rate, a mean or a severity. NULL when absent or null; a value
 * that is not a number is an ERROR naming the caller and the figure. */
PG_FUNCTION_INFO_V1(cjm_pg_real);
Datum cjm_pg_real(PG_FUNCTION_ARGS)
{
    char *key = text_to_cstring(PG_GETARG_TEXT_PP(1));
    char *caller = text_to_cstring(PG_GETARG_TEXT_PP(2));
    JsonbValue *v = figure(PG_GETARG_JSONB_P(0), key, caller);
    if (!v)
        PG_RETURN_NULL();
    if (v->type != jbvNumeric)
        wrong_member(caller, key, psprintf("is %s, not a number", shown(v)));
    return DirectFunctionCall1(numeric_float8, NumericGetDatum(v->val.numeric));
}

/* cjm_flag(doc jsonb, key text, caller text) returns boolean: a figure
 * that is true or false. NULL when absent or null; anything else is an
 * ERROR naming the caller and the figure. */
PG_FUNCTION_INFO_V1(cjm_pg_flag);
Datum cjm_pg_flag(PG_FUNCTION_ARGS)
{
    char *key = text_to_cstring(PG_GETARG_TEXT_PP(1));
    char *caller = text_to_cstring(PG_GETARG_TEXT_PP(2));
    JsonbValue *v = figure(PG_GETARG_JSONB_P(0), key, caller);
    if (!v)
        PG_RETURN_NULL();
    if (v->type != jbvBool)
        wrong_member(caller, key, psprintf("is %s, not true or false", shown(v)));
    PG_RETURN_BOOL(v->val.boolean);
}
