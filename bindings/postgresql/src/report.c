/* The cjm-report document built straight as jsonb by walking the report's
 * description (cjm/tables.h), as libcjm-json's writer (cjm_json_write_report)
 * does: the same members, nesting and nulls, and every figure the library
 * describes, the ones it adds later too, without code here per figure and
 * without JSON text on the way. A small group's
 * report is a few hundred values; writing them as text and parsing that
 * text again cost far more than the analysis. The tree is made whole, each
 * object's keys put in jsonb's order as it is made, and turned into jsonb
 * at once. The tests compare the document with the writer's, member for
 * member. */
#include "cjm-pg.h"

#include <math.h>

#include <cjm/tables.h>

#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

/* An object being filled: its pairs, at most `capacity`. */
typedef struct object {
    JsonbPair *pairs;
    int count, capacity;
} object;

static object new_object(int capacity)
{
    object o = { palloc(sizeof(JsonbPair) * (Size)Max(capacity, 1)), 0, capacity };
    return o;
}

static JsonbValue string(const char *s)
{
    JsonbValue v = { .type = jbvNull };
    if (s) {
        v.type = jbvString;
        v.val.string.len = (int)strlen(s);
        v.val.string.val = (char *)s;
    }
    return v;
}

/* Most counts of a small group's report are small: their numerics are
 * made once per process, in a context that lives as long as it. */
#define SMALL 1024
static Numeric small[SMALL];

static JsonbValue integer(int64 n)
{
    JsonbValue v = { .type = jbvNumeric };
    if (n >= 0 && n < SMALL) {
        if (!small[n]) {
            MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
            small[n] = int64_to_numeric(n);
            MemoryContextSwitchTo(old);
        }
        v.val.numeric = small[n];
    } else {
        v.val.numeric = int64_to_numeric(n);
    }
    return v;
}

static JsonbValue count(uint64_t n)
{
    return integer((int64)n);
}

/* A rate or mean: the shortest decimal that reads back as the same double
 * (the writer's 17 digits read back as the same double too); null for NaN. */
static JsonbValue real(double x)
{
    JsonbValue v = { .type = jbvNull };
    if (isnan(x))
        return v;
    if (x == floor(x) && fabs(x) < 1e15)
        return integer((int64)x);
    char buf[DOUBLE_SHORTEST_DECIMAL_LEN];
    double_to_shortest_decimal_buf(x, buf);
    v.type = jbvNumeric;
    v.val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
                                                        ObjectIdGetDatum(InvalidOid),
                                                        Int32GetDatum(-1)));
    return v;
}

static JsonbValue boolean(bool b)
{
    JsonbValue v = { .type = jbvBool, .val.boolean = b };
    return v;
}

/* jsonb's order of keys: shorter first, then by bytes. */
static int key_order(const JsonbValue *a, const JsonbValue *b)
{
    if (a->val.string.len != b->val.string.len)
        return a->val.string.len < b->val.string.len ? -1 : 1;
    return memcmp(a->val.string.val, b->val.string.val, (size_t)a->val.string.len);
}

static int pair_order(const void *a, const void *b)
{
    return key_order(&((const JsonbPair *)a)->key, &((const JsonbPair *)b)->key);
}

/* Adds a member in its place (keys are distinct: the description's
 * are), keeping the object's keys in jsonb's order as it grows. */
static void put(object *o, const char *key, JsonbValue v)
{
    Assert(o->count < o->capacity);
    JsonbPair p = { .key = string(key), .value = v, .order = (uint32)o->count };
    int i = o->count++;
    while (i > 0 && key_order(&o->pairs[i - 1].key, &p.key) > 0) {
        o->pairs[i] = o->pairs[i - 1];
        i--;
    }
    o->pairs[i] = p;
}

static JsonbValue done(object *o)
{
    JsonbValue v = { .type = jbvObject };
    v.val.object.nPairs = o->count;
    v.val.object.pairs = o->pairs;
    return v;
}

static JsonbValue array(JsonbValue *elements, int n)
{
    JsonbValue v = { .type = jbvArray };
    v.val.array.nElems = n;
    v.val.array.elems = elements;
    v.val.array.rawScalar = false;
    return v;
}

static int size_arg(size_t n)
{
    if (n > (size_t)(MaxAllocSize / sizeof(JsonbPair)))
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("cjm: the report is too large for jsonb")));
    return (int)n;
}

static JsonbValue table(const cjm_report *r, cjm_table t);

static void fail(cjm_table t, size_t c)
{
    ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                    errmsg("cjm: report: the %s column %s cannot be read",
                           cjm_table_name(t), cjm_table_column_name(t, c))));
}

/* One value; jsonb null when the report says it is null. */
static JsonbValue value(const cjm_report *r, cjm_table t, size_t row, size_t c)
{
    JsonbValue null = { .type = jbvNull };
    cjm_value_type type = cjm_table_column_type(t, c);
    if (type == CJM_VALUE_TABLE) {
        cjm_table child;
        if (cjm_table_column_table(&child, t, c) != CJM_OK)
            fail(t, c);
        return table(r, child);
    }
    if (cjm_report_value_is_null(r, t, row, c))
        return null;
    switch (type) {
    case CJM_VALUE_COUNT: {
        uint64_t n = 0;
        if (cjm_report_value_count(&n, r, t, row, c) != CJM_OK)
            break;
        return count(n);
    }
    case CJM_VALUE_INTEGER: {
        int64_t n = 0;
        if (cjm_report_value_integer(&n, r, t, row, c) != CJM_OK)
            break;
        return integer(n);
    }
    case CJM_VALUE_REAL: {
        double x = NAN;
        if (cjm_report_value_real(&x, r, t, row, c) != CJM_OK)
            break;
        return real(x);
    }
    case CJM_VALUE_TEXT: {
        const char *s = NULL;
        if (cjm_report_value_text(&s, r, t, row, c) != CJM_OK)
            break;
        return string(s);
    }
    case CJM_VALUE_BOOLEAN: {
        bool b = false;
        if (cjm_report_value_boolean(&b, r, t, row, c) != CJM_OK)
            break;
        return boolean(b);
    }
    default: /* a type this extension does not know: fail, never guess */
        break;
    }
    fail(t, c);
    return null;
}

/* The object made of columns [lo, hi) of a row, whose names share their
 * first `skip` bytes (the object's path and its dot); *all_null tells
 * whether every member is null, so that such a nested object is written
 * as null, as the writer does. */
static JsonbValue members(const cjm_report *r, cjm_table t, size_t row, size_t lo, size_t hi,
                          size_t skip, bool *all_null)
{
    object o = new_object(size_arg(hi - lo));
    *all_null = true;
    for (size_t c = lo; c < hi;) {
        const char *name = cjm_table_column_name(t, c) + skip;
        const char *dot = strchr(name, '.');
        if (!dot) {
            JsonbValue v = value(r, t, row, c++);
            *all_null = *all_null && v.type == jbvNull;
            put(&o, name, v);
            continue;
        }
        /* The columns of one object are next to each other. */
        size_t len = (size_t)(dot - name), end = c + 1;
        while (end < hi && strncmp(cjm_table_column_name(t, end) + skip, name, len + 1) == 0)
            end++;
        bool nulls;
        JsonbValue sub = members(r, t, row, c, end, skip + len + 1, &nulls);
        if (nulls)
            sub.type = jbvNull;
        *all_null = *all_null && nulls;
        put(&o, pnstrdup(name, len), sub);
        c = end;
    }
    return done(&o);
}

/* A table: an array of row objects, or, keyed, one object whose member
 * names are its first column (put in jsonb's order at the end). */
static JsonbValue table(const cjm_report *r, cjm_table t)
{
    int n = size_arg(cjm_report_row_count(r, t));
    if (cjm_table_keyed(t)) {
        object o = new_object(n);
        for (int i = 0; i < n; i++) {
            JsonbValue key = value(r, t, (size_t)i, 0);
            if (key.type != jbvString)
                fail(t, 0);
            JsonbPair *p = &o.pairs[o.count];
            p->key = key;
            p->value = value(r, t, (size_t)i, 1);
            p->order = (uint32)o.count++;
        }
        if (n > 1) /* keys are distinct */
            qsort(o.pairs, (size_t)n, sizeof(JsonbPair), pair_order);
        return done(&o);
    }
    JsonbValue *list = palloc(sizeof(JsonbValue) * (Size)Max(n, 1));
    size_t columns = cjm_table_column_count(t);
    for (int i = 0; i < n; i++) {
        bool nulls;
        list[i] = members(r, t, (size_t)i, 0, columns, 0, &nulls);
    }
    return array(list, n);
}

Datum cjmpg_report_jsonb(const cjm_report *r)
{
    bool nulls;
    JsonbValue root = members(r, CJM_TABLE_REPORT, 0, 0,
                              cjm_table_column_count(CJM_TABLE_REPORT), 0, &nulls);
    return JsonbPGetDatum(JsonbValueToJsonb(&root));
}
