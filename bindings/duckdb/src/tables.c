#include "cjm-duckdb.h"
bool cjmdd_register_report_tables(duckdb_connection connection)
{
    (void)connection;
    return true;
}
