/* Included before everything in the test's own copy of the report's
 * readers (tests/bulk/forms.c): the functions of cjm/tables.h and the
 * JSON report writer under other names, so that the copy reads a made-up
 * description holding every form of table and value, beside the
 * library's real ones in the same program. */
#define cjm_table_count forms_table_count
#define cjm_table_name forms_table_name
#define cjm_table_keyed forms_table_keyed
#define cjm_table_list forms_table_list
#define cjm_table_column_count forms_table_column_count
#define cjm_table_column_name forms_table_column_name
#define cjm_table_column_find forms_table_column_find
#define cjm_table_column_type forms_table_column_type
#define cjm_table_column_nullable forms_table_column_nullable
#define cjm_table_column_optional forms_table_column_optional
#define cjm_table_column_table forms_table_column_table
#define cjm_report_row_count forms_report_row_count
#define cjm_report_value_is_null forms_report_value_is_null
#define cjm_report_value_is_absent forms_report_value_is_absent
#define cjm_report_child_rows forms_report_child_rows
#define cjm_report_value_count forms_report_value_count
#define cjm_report_value_integer forms_report_value_integer
#define cjm_report_value_real forms_report_value_real
#define cjm_report_value_text forms_report_value_text
#define cjm_report_value_boolean forms_report_value_boolean
#define cjm_report_row_values forms_report_row_values
#define cjm_json_write_report forms_json_write_report
#define cjm_json_write_report_file forms_json_write_report_file
#define cjm_json_write_report_path forms_json_write_report_path
