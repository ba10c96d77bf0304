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
#include <cjm/model.h>

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

/* Pictures of the flow. */

/**
 * Writes the flow (the listed edges) as a Mermaid flowchart, which
 * Markdown viewers draw: a node per touchpoint of a listed edge (named
 * t0, t1 ... in order of appearance, labelled with its id), an arrow per
 * edge labelled with its count and median time ("12 times, median 3
 * hours 5 minutes"), and a `linkStyle` per arrow giving it a width from 1
 * to 8 pixels by its count against the largest. Labels are quoted and
 * every character that could end a label, start a comment or mark it up
 * (" # % & < > `) is
 * written as Mermaid's entity code (`#34;`), so any id keeps its text;
 * line breaks become spaces.
 * @param[out] out     receives the text, NUL-terminated, from cjm_malloc()
 *                     (free with cjm_free())
 * @param[out] length  receives its length without the NUL; may be NULL
 * @param report       the report
 * @return CJM_OK; CJM_ERR_INVALID (NULL out or report); CJM_ERR_NOMEM.
 *         On failure *out is untouched. Thread-safe on separate outputs.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_flow_mermaid(char **out, size_t *length, const cjm_report *report);

/**
 * Draws the flow (the listed edges) as a self-contained SVG picture:
 * the touchpoints placed as on the map (a column per stage of the map,
 * then one for touchpoints of no stage; a lane per channel, the map's
 * first), an arrow per edge whose width grows with its count (1 to 12
 * pixels against the largest), a loop above a touchpoint for a repeated
 * visit, and each edge's count beside it and its figures in its tooltip.
 * Groups carry `class` (`stage`, `lane`, `touchpoint`, `edge`) and
 * `data-stage`, `data-channel`, `data-touchpoint`, `data-from` and
 * `data-to`. All text is escaped.
 * @param[out] out     receives the document as cjm_flow_mermaid() does
 * @param[out] length  receives its length; may be NULL
 * @param map          the map the report is of
 * @param report       the report
 * @return CJM_OK; CJM_ERR_INVALID (NULL out, map or report);
 *         CJM_ERR_CONFLICT (a report of another map: its journey id or
 *         stages differ); CJM_ERR_NOMEM. On failure *out is untouched.
 *         Thread-safe on separate outputs.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_flow_svg(char **out, size_t *length, const cjm_journey *map,
                                   const cjm_report *report);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_PATHS_H */
