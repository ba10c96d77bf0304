/* The shape of the report's description (cjm/tables.h). lib/bulk/tables.c
 * holds the description, lib/bulk/tables-read.c reads the report through
 * it, whatever it holds. Internal. */
#ifndef CJMI_TABLES_PRIVATE_H
#define CJMI_TABLES_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cjm/tables.h"

/* One value, as a column's getter reads it: the public row value itself,
 * so that a row's values are read straight into the caller's array. A
 * getter sets `absent` only in a CJMI_OPTIONAL column, and leaves a null
 * value's bits as they are (the reading makes them what the typed getters
 * return). */
typedef cjm_row_value cjmi_value;

/* Reads the value of one row. The value is zeroed before the call. */
typedef void cjmi_getter(cjmi_value *v, const cjm_report *r, size_t row);

/* A column's `nullable`: false, true, or CJMI_OPTIONAL (its values may
 * be absent, or null). */
#define CJMI_OPTIONAL 2u

typedef struct cjmi_column {
    const char *name;
    cjm_value_type type;
    unsigned nullable; /* false, true or CJMI_OPTIONAL */
    cjm_table child; /* for CJM_VALUE_TABLE */
    /* NULL only for a CJM_VALUE_TABLE column of the report's own row that
     * places every row of its child. */
    cjmi_getter *get;
} cjmi_column;

/* How a table is written in JSON (cjm/tables.h). */
typedef enum cjmi_form { CJMI_OBJECTS, CJMI_KEYED, CJMI_LIST } cjmi_form;

typedef struct cjmi_table {
    const char *name;
    cjmi_form form;
    const cjmi_column *columns;
    size_t column_count;
    size_t (*rows)(const cjm_report *r);
} cjmi_table;

/* A description: its tables, indexed by cjm_table. */
typedef struct cjmi_tables {
    const cjmi_table *tables;
    size_t count;
} cjmi_tables;

/* The report's description (lib/bulk/tables.c). */
extern const cjmi_tables cjmi_report_tables;

/* For getters: a table column's run of its child's rows, rows first to
 * first + count - 1. */
static inline void cjmi_set_rows(cjmi_value *v, size_t first, size_t count)
{
    v->as.rows.first = first;
    v->as.rows.count = count;
}

/* For getters: a text value, null for NULL. */
static inline void cjmi_set_text(cjmi_value *v, const char *s)
{
    v->null = !s;
    v->as.text = s;
}

/* For getters: a value left out of its row's object (null too). */
static inline void cjmi_set_absent(cjmi_value *v) { v->absent = v->null = true; }

#endif
