/* The getters of paths, the flow and exits (cjm/paths.h). */
#include "cjm/paths.h"
#include "report-private.h"

static const cjmi_path_row *path(const cjm_report *r, size_t i)
{
    return r && i < r->routes.path_count ? &r->routes.paths[i] : NULL;
}

CJM_EXPORT uint64_t cjm_report_path_distinct(const cjm_report *r)
{
    return r ? r->routes.distinct : 0;
}
CJM_EXPORT size_t cjm_report_path_count(const cjm_report *r)
{
    return r ? r->routes.path_count : 0;
}
CJM_EXPORT size_t cjm_report_path_length(const cjm_report *r, size_t i)
{
    return path(r, i) ? path(r, i)->length : 0;
}
CJM_EXPORT size_t cjm_report_path_stage_index(const cjm_report *r, size_t i, size_t j)
{
    const cjmi_path_row *p = path(r, i);
    return p && j < p->length ? r->routes.path_stages[p->first + j] : SIZE_MAX;
}
CJM_EXPORT const char *cjm_report_path_stage(const cjm_report *r, size_t i, size_t j)
{
    size_t s = cjm_report_path_stage_index(r, i, j);
    return s != SIZE_MAX ? r->stage_ids[s] : NULL;
}
CJM_EXPORT uint64_t cjm_report_path_customers(const cjm_report *r, size_t i)
{
    return path(r, i) ? path(r, i)->customers : 0;
}
CJM_EXPORT uint64_t cjm_report_path_completed(const cjm_report *r, size_t i)
{
    return path(r, i) ? path(r, i)->completed : 0;
}

static const cjmi_edge_row *edge(const cjm_report *r, size_t i)
{
    return r && i < r->routes.edge_count ? &r->routes.edges[i] : NULL;
}

CJM_EXPORT size_t cjm_report_flow_edge_count(const cjm_report *r)
{
    return r ? r->routes.edge_count : 0;
}
CJM_EXPORT const char *cjm_report_flow_edge_from(const cjm_report *r, size_t i)
{
    return edge(r, i) ? r->touchpoint_ids[edge(r, i)->from] : NULL;
}
CJM_EXPORT const char *cjm_report_flow_edge_to(const cjm_report *r, size_t i)
{
    return edge(r, i) ? r->touchpoint_ids[edge(r, i)->to] : NULL;
}
CJM_EXPORT uint64_t cjm_report_flow_edge_pairs(const cjm_report *r, size_t i)
{
    return edge(r, i) ? edge(r, i)->count : 0;
}
CJM_EXPORT uint64_t cjm_report_flow_edge_customers(const cjm_report *r, size_t i)
{
    return edge(r, i) ? edge(r, i)->customers : 0;
}
CJM_EXPORT int64_t cjm_report_flow_edge_median_ms(const cjm_report *r, size_t i)
{
    return edge(r, i) ? edge(r, i)->median_ms : CJM_UNSET;
}

/* Row i of the starts (or the ends), or NULL. */
static const cjmi_end_row *end_row(const cjm_report *r, bool starts, size_t i)
{
    if (!r)
        return NULL;
    const cjmi_route_figures *f = &r->routes;
    return i < (starts ? f->start_count : f->end_count) ? &(starts ? f->starts : f->ends)[i]
                                                        : NULL;
}

static const char *row_id(const cjm_report *r, const cjmi_end_row *e)
{
    return e ? r->touchpoint_ids[e->touchpoint] : NULL;
}

static uint64_t row_customers(const cjmi_end_row *e) { return e ? e->customers : 0; }

CJM_EXPORT size_t cjm_report_flow_start_count(const cjm_report *r)
{
    return r ? r->routes.start_count : 0;
}
CJM_EXPORT const char *cjm_report_flow_start_touchpoint(const cjm_report *r, size_t i)
{
    return row_id(r, end_row(r, true, i));
}
CJM_EXPORT uint64_t cjm_report_flow_start_customers(const cjm_report *r, size_t i)
{
    return row_customers(end_row(r, true, i));
}
CJM_EXPORT size_t cjm_report_flow_end_count(const cjm_report *r)
{
    return r ? r->routes.end_count : 0;
}
CJM_EXPORT const char *cjm_report_flow_end_touchpoint(const cjm_report *r, size_t i)
{
    return row_id(r, end_row(r, false, i));
}
CJM_EXPORT uint64_t cjm_report_flow_end_customers(const cjm_report *r, size_t i)
{
    return row_customers(end_row(r, false, i));
}

/* Exit j of stage i, or NULL. */
static const cjmi_end_row *exit_of(const cjm_report *r, size_t i, size_t j)
{
    if (!r || i >= r->stage_count || !r->routes.exit_first)
        return NULL;
    const size_t *first = r->routes.exit_first;
    return j < first[i + 1] - first[i] ? &r->routes.exits[first[i] + j] : NULL;
}

CJM_EXPORT size_t cjm_report_stage_exit_count(const cjm_report *r, size_t i)
{
    if (!r || i >= r->stage_count || !r->routes.exit_first)
        return 0;
    return r->routes.exit_first[i + 1] - r->routes.exit_first[i];
}
CJM_EXPORT const char *cjm_report_stage_exit_touchpoint(const cjm_report *r, size_t i, size_t j)
{
    return row_id(r, exit_of(r, i, j));
}
CJM_EXPORT uint64_t cjm_report_stage_exit_customers(const cjm_report *r, size_t i, size_t j)
{
    return row_customers(exit_of(r, i, j));
}
CJM_EXPORT uint64_t cjm_report_stage_exit_silent(const cjm_report *r, size_t i, size_t j)
{
    const cjmi_end_row *e = exit_of(r, i, j);
    return e ? e->silent : 0;
}
