/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/paths.h
 * Which way customers went, in a bulk report (docs/analysis.md, "Paths,
 * flows and exits"): the paths through the stages, the flow between
 * touchpoints (the directly-follows graph of process mining), and the
 * touchpoints where the customers who dropped out had their last event.
 *
 * seq(c) is a customer's events in time order (ties in the order they
 * arrived). Every figure here is exact: the same events in any order,
 * split over analyses and merged, or serialized and read back, give the
 * same figures.
 *
 * Functions taking an index return 0 (NULL for a string, #CJM_UNSET for
 * a time) for a NULL report or an index past the end. Strings belong to
 * the report. Thread safety: a report is read-only and may be read from
 * many threads at once.
 */
#ifndef CJM_PATHS_H
#define CJM_PATHS_H

#include <stddef.h>
#include <stdint.h>
#include <cjm/common.h>
#include <cjm/bulk.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup paths Paths, flow and exits
 * @ingroup bulk
 * Which way customers went through the stages and touchpoints.
 * @{
 */

/* Paths: a customer's path is the sequence of stages of the staged events
 * of seq(c), consecutive repeats collapsed (discover, compare, purchase,
 * compare, purchase). */

/** The number of different paths of the customers with a staged event.
 *  @since 1.1 */
CJM_EXPORT uint64_t cjm_report_path_distinct(const cjm_report *report);
/** The number of paths listed: the most followed, at most
 *  cjm_options_set_max_paths() of them, by customers (descending), then by
 *  their stages' indexes compared as sequences (a prefix first).
 *  @since 1.1 */
CJM_EXPORT size_t cjm_report_path_count(const cjm_report *report);
/** The number of stages of listed path i (at least 1). @since 1.1 */
CJM_EXPORT size_t cjm_report_path_length(const cjm_report *report, size_t i);
/** The id of the j-th stage of listed path i. @since 1.1 */
CJM_EXPORT const char *cjm_report_path_stage(const cjm_report *report, size_t i, size_t j);
/** The index (in map order) of the j-th stage of listed path i; SIZE_MAX
 *  past the end. @since 1.1 */
CJM_EXPORT size_t cjm_report_path_stage_index(const cjm_report *report, size_t i, size_t j);
/** The customers whose path is listed path i. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_path_customers(const cjm_report *report, size_t i);
/** Of those, the ones who completed (reached the final stage). @since 1.1 */
CJM_EXPORT uint64_t cjm_report_path_completed(const cjm_report *report, size_t i);

/* The flow: an edge (a, b) for every ordered pair of touchpoints a, b met
 * next to each other in some seq(c), a = b included (a repeated visit). */

/** The number of edges listed: at most cjm_options_set_max_flow_edges(),
 *  those with the most pairs, ties by from, then to, in byte order.
 *  @since 1.1 */
CJM_EXPORT size_t cjm_report_flow_edge_count(const cjm_report *report);
/** The touchpoint id edge i comes from. @since 1.1 */
CJM_EXPORT const char *cjm_report_flow_edge_from(const cjm_report *report, size_t i);
/** The touchpoint id edge i goes to. @since 1.1 */
CJM_EXPORT const char *cjm_report_flow_edge_to(const cjm_report *report, size_t i);
/** How many times an event at `from` was directly followed by one at `to`
 *  (the report's `count`). @since 1.1 */
CJM_EXPORT uint64_t cjm_report_flow_edge_pairs(const cjm_report *report, size_t i);
/** The customers with at least one such pair. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_flow_edge_customers(const cjm_report *report, size_t i);
/** The median time from the first event of a pair to the second, in ms:
 *  the sample at index floor((n - 1) / 2) of the n pairs' times sorted.
 *  @since 1.1 */
CJM_EXPORT int64_t cjm_report_flow_edge_median_ms(const cjm_report *report, size_t i);

/** The number of touchpoints some seq(c) starts at: all of them, by
 *  customers (descending), then id in byte order. @since 1.1 */
CJM_EXPORT size_t cjm_report_flow_start_count(const cjm_report *report);
/** The id of start i. @since 1.1 */
CJM_EXPORT const char *cjm_report_flow_start_touchpoint(const cjm_report *report, size_t i);
/** The customers whose first event is at start i. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_flow_start_customers(const cjm_report *report, size_t i);
/** The number of touchpoints some seq(c) ends at, ordered as the starts.
 *  @since 1.1 */
CJM_EXPORT size_t cjm_report_flow_end_count(const cjm_report *report);
/** The id of end i. @since 1.1 */
CJM_EXPORT const char *cjm_report_flow_end_touchpoint(const cjm_report *report, size_t i);
/** The customers whose last event is at end i. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_flow_end_customers(const cjm_report *report, size_t i);

/* Exits: per non-final stage s, the touchpoints where the customers
 * counted in cjm_report_stage_dropped() had their last event (the last of
 * seq(c), staged or not): the 5 with most customers, ties by id in byte
 * order. The final stage has none (its exits are null in the JSON report). */

/** The number of exits listed for stage i (0 to 5; 0 for the final
 *  stage). @since 1.1 */
CJM_EXPORT size_t cjm_report_stage_exit_count(const cjm_report *report, size_t i);
/** The touchpoint id of exit j of stage i. @since 1.1 */
CJM_EXPORT const char *cjm_report_stage_exit_touchpoint(const cjm_report *report, size_t i,
                                                        size_t j);
/** The dropped customers of stage i whose last event is there. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_stage_exit_customers(const cjm_report *report, size_t i,
                                                    size_t j);
/** Of those, the ones counted in cjm_report_stage_silent_churn(): no
 *  feedback on any of their events. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_stage_exit_silent(const cjm_report *report, size_t i, size_t j);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_PATHS_H */
