/* A made-up report and its description, holding every form of table and
 * value that cjm/tables.h allows, read by the test's own copy of the
 * functions of cjm/tables.h (lib/bulk/tables-read.c) and of the JSON
 * report writer (lib/json/report.c), both built with forms-rename.h so
 * that they do not stand in for the library's. It checks that the
 * readers handle each form before the report uses it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "forms.h"
#include "../../lib/bulk/tables-private.h"
#include "../../lib/core/error.h"

/* The copy's error slot (the library's is its own). */
static char message[256];

cjm_status cjmi_fail(cjm_status status, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    return status;
}

const char *forms_last_error(void) { return message; }

typedef struct forms {
    bool optional;
} forms;

static const forms with = { true }, without = { false };

const cjm_report *forms_report(bool with_optional)
{
    return (const cjm_report *)(const void *)(with_optional ? &with : &without);
}

static bool optional(const cjm_report *r) { return ((const forms *)(const void *)r)->optional; }

#define GET(name) static void name(cjmi_value *v, const cjm_report *r, size_t i)

GET(doc_title) { (void)r, (void)i; v->as.text = "forms"; }
/* {"a": 1, "b": null} with the optional members, absent without. */
GET(doc_extra_a)
{
    (void)i;
    if (optional(r))
        v->as.count = 1;
    else
        cjmi_set_absent(v);
}
GET(doc_extra_b)
{
    (void)i;
    if (optional(r))
        v->null = true;
    else
        cjmi_set_absent(v);
}
GET(doc_note) { (void)i; optional(r) ? (void)(v->null = true) : cjmi_set_absent(v); }
GET(doc_counts)
{
    (void)i;
    if (optional(r))
        cjmi_set_rows(v, 0, 2);
    else
        cjmi_set_absent(v);
}

static const cjmi_column doc_columns[] = {
    { "title", CJM_VALUE_TEXT, false, 0, doc_title },
    { "extra.a", CJM_VALUE_COUNT, CJMI_OPTIONAL, 0, doc_extra_a },
    { "extra.b", CJM_VALUE_COUNT, CJMI_OPTIONAL, 0, doc_extra_b },
    { "items", CJM_VALUE_TABLE, false, FORMS_ITEMS, NULL },
    { "note", CJM_VALUE_TEXT, CJMI_OPTIONAL, 0, doc_note },
    { "counts", CJM_VALUE_TABLE, CJMI_OPTIONAL, FORMS_COUNTS, doc_counts },
};

static const char *const item_ids[] = { "i0", "i1", "i2" };
GET(item_id) { (void)r; v->as.text = item_ids[i]; }
/* parts: rows 0-1, row 2, null; tags: rows 0-1, none, row 2. A null
 * run places no rows, whatever the getter left in it. */
GET(item_parts)
{
    (void)r;
    static const size_t first[] = { 0, 2, 1 }, count[] = { 2, 1, 1 };
    v->null = i == 2;
    cjmi_set_rows(v, first[i], count[i]);
}
GET(item_tags)
{
    (void)r;
    static const size_t first[] = { 0, 2, 2 }, count[] = { 2, 0, 1 };
    cjmi_set_rows(v, first[i], count[i]);
}
/* Absent, null, "x": as a gap's segment on other kinds, the null
 * segment, a segment. */
GET(item_segment)
{
    (void)r;
    if (i == 0)
        v->absent = true; /* the reading makes it null too */
    else if (i == 1)
        v->null = true;
    else
        v->as.text = "x";
}

static const cjmi_column item_columns[] = {
    { "id", CJM_VALUE_TEXT, false, 0, item_id },
    { "parts", CJM_VALUE_TABLE, true, FORMS_PARTS, item_parts },
    { "tags", CJM_VALUE_TABLE, false, FORMS_TAGS, item_tags },
    { "segment", CJM_VALUE_TEXT, CJMI_OPTIONAL, 0, item_segment },
};

/* Absent is ignored in a column that is not optional. */
GET(part_n)
{
    (void)r;
    v->as.count = 10 * (i + 1);
    v->absent = i == 2;
}
static const cjmi_column part_columns[] = { { "n", CJM_VALUE_COUNT, false, 0, part_n } };

static const char *const tag_names[] = { "a", "b", "c" };
GET(tag_name) { (void)r; v->as.text = tag_names[i]; }
static const cjmi_column tag_columns[] = { { "tag", CJM_VALUE_TEXT, false, 0, tag_name } };

GET(count_key) { (void)r; v->as.text = i ? "y" : "x"; }
GET(count_value) { (void)r; v->as.count = i + 1; }
static const cjmi_column count_columns[] = {
    { "key", CJM_VALUE_TEXT, false, 0, count_key },
    { "value", CJM_VALUE_COUNT, false, 0, count_value },
};

static size_t one(const cjm_report *r) { return r ? 1 : 0; }
static size_t two(const cjm_report *r) { return r ? 2 : 0; }
static size_t three(const cjm_report *r) { return r ? 3 : 0; }

#define COLUMNS(a) a, sizeof a / sizeof a[0]

static const cjmi_table tables[] = {
    { "doc", CJMI_OBJECTS, COLUMNS(doc_columns), one },
    { "items", CJMI_OBJECTS, COLUMNS(item_columns), three },
    { "parts", CJMI_OBJECTS, COLUMNS(part_columns), three },
    { "tags", CJMI_LIST, COLUMNS(tag_columns), three },
    { "counts", CJMI_KEYED, COLUMNS(count_columns), two },
};

/* Stands in for the library's description in the copy of the reading
 * (its own is not exported). */
const cjmi_tables cjmi_report_tables = { tables, sizeof tables / sizeof tables[0] };
