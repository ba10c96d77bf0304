/* The description of paths, the flow and exits (cjm/tables.h): their
 * tables' columns and row counts, and the getters of the report's and
 * the stages' columns that place them. Internal. */
#ifndef CJMI_TABLES_PATHS_H
#define CJMI_TABLES_PATHS_H

#include "tables-private.h"

#define CJMI_PATH_COLUMNS 3
#define CJMI_PATH_STAGE_COLUMNS 1
#define CJMI_FLOW_EDGE_COLUMNS 5
#define CJMI_FLOW_END_COLUMNS 2
#define CJMI_EXIT_COLUMNS 3

extern const cjmi_column cjmi_path_columns[CJMI_PATH_COLUMNS];
extern const cjmi_column cjmi_path_stage_columns[CJMI_PATH_STAGE_COLUMNS];
extern const cjmi_column cjmi_flow_edge_columns[CJMI_FLOW_EDGE_COLUMNS];
extern const cjmi_column cjmi_flow_start_columns[CJMI_FLOW_END_COLUMNS];
extern const cjmi_column cjmi_flow_end_columns[CJMI_FLOW_END_COLUMNS];
extern const cjmi_column cjmi_exit_columns[CJMI_EXIT_COLUMNS];

size_t cjmi_path_rows(const cjm_report *r);
size_t cjmi_path_stage_rows(const cjm_report *r);
size_t cjmi_flow_edge_rows(const cjm_report *r);
size_t cjmi_flow_start_rows(const cjm_report *r);
size_t cjmi_flow_end_rows(const cjm_report *r);
size_t cjmi_exit_rows(const cjm_report *r);

/* The report's `paths.distinct`, and a stage's `exits` (its run of the
 * exits' rows; null for the final stage). */
cjmi_getter cjmi_get_path_distinct, cjmi_get_stage_exits;

#endif
