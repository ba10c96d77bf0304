/* A made-up report whose description holds every form the real one may
 * hold (tests/bulk/forms.c): per-row child tables, a nullable table
 * column, a list table, absent values and an absent object. */
#ifndef CJM_TEST_FORMS_H
#define CJM_TEST_FORMS_H

#include <stdbool.h>
#include <cjm/tables.h>

/* Tables of the made-up description. */
#define FORMS_DOC ((cjm_table)0)
#define FORMS_ITEMS ((cjm_table)1)
#define FORMS_PARTS ((cjm_table)2)
#define FORMS_TAGS ((cjm_table)3)  /* a list */
#define FORMS_COUNTS ((cjm_table)4) /* keyed */

/* The made-up report: with its optional members, or without them. */
const cjm_report *forms_report(bool with_optional);

/* The last message of the copy's functions. */
const char *forms_last_error(void);

/* The copy's functions of cjm/tables.h (forms-rename.h), on the made-up
 * report: as the library's, for the made-up description. */
size_t forms_table_count(void);
bool forms_table_keyed(cjm_table table);
bool forms_table_list(cjm_table table);
bool forms_table_column_nullable(cjm_table table, size_t column);
bool forms_table_column_optional(cjm_table table, size_t column);
bool forms_report_value_is_null(const cjm_report *report, cjm_table table, size_t row,
                                size_t column);
bool forms_report_value_is_absent(const cjm_report *report, cjm_table table, size_t row,
                                  size_t column);
cjm_status forms_report_child_rows(size_t *first, size_t *count, const cjm_report *report,
                                   cjm_table table, size_t row, size_t column);
cjm_status forms_report_value_count(uint64_t *value, const cjm_report *report,
                                    cjm_table table, size_t row, size_t column);
cjm_status forms_report_value_text(const char **value, const cjm_report *report,
                                   cjm_table table, size_t row, size_t column);
size_t forms_table_column_count(cjm_table table);
cjm_value_type forms_table_column_type(cjm_table table, size_t column);
size_t forms_report_row_count(const cjm_report *report, cjm_table table);
cjm_status forms_report_row_values(cjm_row_value *values, size_t n, const cjm_report *report,
                                   cjm_table table, size_t row);

#ifdef CJM_TEST_JSON
/* The JSON report writer (lib/json/report.c) on the made-up report. */
cjm_status forms_json_write_report(char **out, size_t *length, const cjm_report *report,
                                   unsigned flags);
#endif

#endif
