/* Paths, the flow and exits in the report's description. */
#include "cjm/paths.h"
#include "report-private.h"
#include "tables-paths.h"

#define GET(name) static void name(cjmi_value *v, const cjm_report *r, size_t i)

void cjmi_get_path_distinct(cjmi_value *v, const cjm_report *r, size_t i)
{
    (void)i;
    v->as.count = cjm_report_path_distinct(r);
}

void cjmi_get_stage_exits(cjmi_value *v, const cjm_report *r, size_t i)
{
    if (i + 1 >= r->stage_count || !r->routes.exit_first) {
        v->null = true;
        return;
    }
    cjmi_set_rows(v, r->routes.exit_first[i], cjm_report_stage_exit_count(r, i));
}

GET(path_stages) { cjmi_set_rows(v, r->routes.paths[i].first, r->routes.paths[i].length); }
GET(path_customers) { v->as.count = cjm_report_path_customers(r, i); }
GET(path_completed) { v->as.count = cjm_report_path_completed(r, i); }

const cjmi_column cjmi_path_columns[CJMI_PATH_COLUMNS] = {
    { "stages", CJM_VALUE_TABLE, false, CJM_TABLE_PATH_STAGES, path_stages },
    { "customers", CJM_VALUE_COUNT, false, 0, path_customers },
    { "completed", CJM_VALUE_COUNT, false, 0, path_completed },
};

/* The stages of every listed path, one after another. */
GET(path_stage) { cjmi_set_text(v, r->stage_ids[r->routes.path_stages[i]]); }

const cjmi_column cjmi_path_stage_columns[CJMI_PATH_STAGE_COLUMNS] = {
    { "stage", CJM_VALUE_TEXT, false, 0, path_stage },
};

GET(edge_from) { cjmi_set_text(v, cjm_report_flow_edge_from(r, i)); }
GET(edge_to) { cjmi_set_text(v, cjm_report_flow_edge_to(r, i)); }
GET(edge_count) { v->as.count = cjm_report_flow_edge_pairs(r, i); }
GET(edge_customers) { v->as.count = cjm_report_flow_edge_customers(r, i); }
GET(edge_median) { v->as.integer = cjm_report_flow_edge_median_ms(r, i); }

const cjmi_column cjmi_flow_edge_columns[CJMI_FLOW_EDGE_COLUMNS] = {
    { "from", CJM_VALUE_TEXT, false, 0, edge_from },
    { "to", CJM_VALUE_TEXT, false, 0, edge_to },
    { "count", CJM_VALUE_COUNT, false, 0, edge_count },
    { "customers", CJM_VALUE_COUNT, false, 0, edge_customers },
    { "median_ms", CJM_VALUE_INTEGER, false, 0, edge_median },
};

GET(start_touchpoint) { cjmi_set_text(v, cjm_report_flow_start_touchpoint(r, i)); }
GET(start_customers) { v->as.count = cjm_report_flow_start_customers(r, i); }
GET(end_touchpoint) { cjmi_set_text(v, cjm_report_flow_end_touchpoint(r, i)); }
GET(end_customers) { v->as.count = cjm_report_flow_end_customers(r, i); }

const cjmi_column cjmi_flow_start_columns[CJMI_FLOW_END_COLUMNS] = {
    { "touchpoint", CJM_VALUE_TEXT, false, 0, start_touchpoint },
    { "customers", CJM_VALUE_COUNT, false, 0, start_customers },
};

const cjmi_column cjmi_flow_end_columns[CJMI_FLOW_END_COLUMNS] = {
    { "touchpoint", CJM_VALUE_TEXT, false, 0, end_touchpoint },
    { "customers", CJM_VALUE_COUNT, false, 0, end_customers },
};

/* Every stage's exits, one stage after another. */
GET(exit_touchpoint) { cjmi_set_text(v, r->touchpoint_ids[r->routes.exits[i].touchpoint]); }
GET(exit_customers) { v->as.count = r->routes.exits[i].customers; }
GET(exit_silent) { v->as.count = r->routes.exits[i].silent; }

const cjmi_column cjmi_exit_columns[CJMI_EXIT_COLUMNS] = {
    { "touchpoint", CJM_VALUE_TEXT, false, 0, exit_touchpoint },
    { "customers", CJM_VALUE_COUNT, false, 0, exit_customers },
    { "silent", CJM_VALUE_COUNT, false, 0, exit_silent },
};

size_t cjmi_path_rows(const cjm_report *r) { return cjm_report_path_count(r); }

size_t cjmi_path_stage_rows(const cjm_report *r)
{
    size_t n = r ? r->routes.path_count : 0;
    return n ? r->routes.paths[n - 1].first + r->routes.paths[n - 1].length : 0;
}

size_t cjmi_flow_edge_rows(const cjm_report *r) { return cjm_report_flow_edge_count(r); }
size_t cjmi_flow_start_rows(const cjm_report *r) { return cjm_report_flow_start_count(r); }
size_t cjmi_flow_end_rows(const cjm_report *r) { return cjm_report_flow_end_count(r); }

size_t cjmi_exit_rows(const cjm_report *r)
{
    return r && r->routes.exit_first ? r->routes.exit_first[r->stage_count] : 0;
}
