/* Paths, the flow and exits (analysis.md, "Paths, flows and exits"):
 * what one worker gathers while it walks customers, and the figures the
 * report keeps of them. Internal.
 *
 * Every figure is a count or an order statistic of per-customer facts, so
 * workers gather apart and add up, and the report does not depend on how
 * customers were split among them. The flow's times are kept whole (one
 * sample per adjacent pair of events, 4 bytes when it fits) until the
 * report picks its edges: a median needs its samples. */
#ifndef CJMI_PATHS_H
#define CJMI_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cjm/common.h"
#include "pairs.h"
#include "samples.h"

struct cjmi_step;
struct cjm_analysis;
struct cjm_report;

/* A distinct path: its stages in the arena, and its customers. */
typedef struct cjmi_path_entry {
    size_t start;
    uint32_t length, hash;
    uint64_t customers, completed;
} cjmi_path_entry;

/* An edge of the flow between two touchpoints (the analysis's indexes). */
typedef struct cjmi_edge {
    cjmi_samples times; /* b's time minus a's, one per pair: times.count pairs */
    uint64_t customers;
    uint32_t stamp; /* the last customer counted in `customers` */
    uint32_t from, to;
} cjmi_edge;

typedef struct cjmi_routes {
    size_t touchpoint_count;
    /* Paths: a hash set of stage sequences, kept in one arena. */
    uint16_t *arena;
    size_t arena_count, arena_capacity;
    cjmi_path_entry *paths;
    size_t path_count, path_capacity;
    uint32_t *path_slots; /* entry + 1, 0 for a free slot */
    size_t path_mask;
    uint16_t *scratch; /* the path of the customer being walked */
    size_t scratch_capacity;
    /* The flow: edges, found through a dense table of touchpoint pairs
     * when the touchpoints are few, through a hash beyond. */
    cjmi_edge *edges;
    size_t edge_count, edge_capacity;
    uint32_t *edge_of; /* touchpoints^2 cells: edge + 1, 0 for none */
    cjmi_pairs edge_pairs; /* (from, to): count holds edge + 1 */
    uint32_t stamp;
    uint64_t *starts, *ends; /* per touchpoint: customers starting, ending there */
    /* Exits: (stage, touchpoint of the last event): count holds the
     * dropped customers, customers the silent ones among them. */
    cjmi_pairs exits;
} cjmi_routes;

/* Routes among `touchpoints`, for about `events` events (the choice of
 * how edges are found depends on it, never what they are). */
cjm_status cjmi_routes_init(cjmi_routes *r, size_t touchpoints, uint64_t events);
void cjmi_routes_fini(cjmi_routes *r);

/* A customer's path: the stages of its staged events in time order,
 * repeats next to each other collapsed, written to out (room for n);
 * returns its length. */
size_t cjmi_path_of(uint16_t *out, const struct cjmi_step *steps, size_t n);

/* Adds one customer: its n >= 1 events in time order; `dropped_at` the
 * stage it dropped at (CJMI_NO_STAGE16 when it completed or has no staged
 * event), `silent` whether it gave no feedback. CJM_OK or CJM_ERR_NOMEM
 * (no message: this runs on workers); on failure the figures are lost,
 * as the report is. */
cjm_status cjmi_routes_walk(cjmi_routes *r, const struct cjmi_step *steps, size_t n,
                            bool completed, uint16_t dropped_at, bool silent);

/* Adds one worker's gathering into another's; the flow's times move
 * rather than being copied. CJM_OK or CJM_ERR_NOMEM. */
cjm_status cjmi_routes_add(cjmi_routes *into, cjmi_routes *from);

/* The report's figures. Touchpoints are rows of the report's touchpoints,
 * stages its stage indexes. */
typedef struct cjmi_path_row {
    size_t first, length; /* stages at path_stages[first ..] */
    uint64_t customers, completed;
} cjmi_path_row;

typedef struct cjmi_edge_row {
    size_t from, to;
    uint64_t count, customers;
    int64_t median_ms;
} cjmi_edge_row;

typedef struct cjmi_end_row {
    size_t touchpoint;
    uint64_t customers, silent; /* silent: exits only */
} cjmi_end_row;

typedef struct cjmi_route_figures {
    uint64_t distinct;
    size_t path_count, edge_count, start_count, end_count;
    cjmi_path_row *paths;
    uint16_t *path_stages;
    cjmi_edge_row *edges;
    cjmi_end_row *starts, *ends;
    size_t *exit_first; /* per stage + 1: its exits are exits[exit_first[s] .. exit_first[s + 1]) */
    cjmi_end_row *exits;
} cjmi_route_figures;

/* Makes the figures from the added-up gathering, after the report's stages and touchpoints are filled.
 * CJM_OK or CJM_ERR_NOMEM (no message); the caller frees `out` either way. */
cjm_status cjmi_routes_report(cjmi_route_figures *out, const cjmi_routes *r,
                              const struct cjm_analysis *a, const struct cjm_report *report);
void cjmi_route_figures_fini(cjmi_route_figures *f);

/* The exits the report lists per stage. */
#define CJMI_EXITS 5

#endif
