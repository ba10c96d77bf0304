/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/selection.h
 * The customers behind a figure (docs/analysis.md, "The customers behind
 * a figure"): every customer count of a bulk report can be turned into the
 * list of those customers, so that a CRM can act on them (call back the
 * silent churners of a stage, survey the channel hoppers of another).
 *
 * A selection (cjm_selection) says which customers: those who reached a
 * stage, are in the closed funnel at a stage, dropped at a stage, are
 * silent churn at a stage, hopped channel in a stage, backtracked from one
 * stage to another, used a touchpoint, completed the journey, took a path
 * through the stages, belong to a segment. Criteria
 * combine with "and"; an empty selection takes every customer. Each test
 * is the one the report counts with (the same walk over each customer's
 * events), so a selection of one criterion always holds exactly as many
 * customers as the report's figure: cjm_report_stage_reached(),
 * cjm_report_stage_funnel(), cjm_report_stage_dropped(),
 * cjm_report_stage_silent_churn(), cjm_report_stage_hop_customers(),
 * cjm_report_backtrack_pair_customers(), cjm_report_touchpoint_customers(),
 * cjm_report_completed(), cjm_report_path_customers(),
 * cjm_report_segment_customers().
 *
 * cjm_analysis_customers() streams the selected customer ids, in byte
 * order, to a callback.
 *
 * A selection does not know any map: the add calls check the ids' form
 * only, and cjm_analysis_customers() checks that each stage and touchpoint
 * named exists in the analysis.
 *
 * Thread safety: a selection is only read by cjm_analysis_customers(), so
 * one selection may be used by many threads at once once it is built.
 */
#ifndef CJM_SELECTION_H
#define CJM_SELECTION_H

#include <cjm/common.h>
#include <cjm/bulk.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup selection The customers behind a figure
 * @ingroup core
 * Selections of customers by the figures that count them, and the call
 * that lists them.
 * @{
 */

/** Which customers of an analysis: criteria combined with "and". @since 1.1 */
typedef struct cjm_selection cjm_selection;

/**
 * Makes an empty selection (every customer).
 * @return a selection to free with cjm_selection_free(), or NULL
 *         (CJM_ERR_NOMEM).
 * @since 1.1
 */
CJM_EXPORT cjm_selection *cjm_selection_new(void);

/** Frees a selection; NULL is allowed. @since 1.1 */
CJM_EXPORT void cjm_selection_free(cjm_selection *selection);

/**
 * Adds "reached stage": customers with a staged event in the stage.
 *
 * Each add call copies its strings and adds one criterion; criteria, of
 * one kind or of several, combine with "and". A failed call changes
 * nothing.
 * @param selection  the selection
 * @param stage      the stage id (the id rules; the analysis checks that
 *                   its map has the stage)
 * @return CJM_OK; CJM_ERR_INVALID (NULL, an id breaking the id rules,
 *         the message naming the argument); CJM_ERR_NOMEM.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_selection_add_reached(cjm_selection *selection, const char *stage);

/** Adds "in the closed funnel at stage": customers who reached every stage
 *  up to it, each first reached no earlier than the one before it.
 *  Arguments and errors as cjm_selection_add_reached(). @since 1.1 */
CJM_EXPORT cjm_status cjm_selection_add_funnel(cjm_selection *selection, const char *stage);

/** Adds "dropped at stage": customers who did not complete and whose last
 *  staged event is in the stage (none for the final stage).
 *  Arguments and errors as cjm_selection_add_reached(). @since 1.1 */
CJM_EXPORT cjm_status cjm_selection_add_dropped(cjm_selection *selection, const char *stage);

/** Adds "silent churn at stage": customers dropped at the stage without
 *  feedback on any of their events.
 *  Arguments and errors as cjm_selection_add_reached(). @since 1.1 */
CJM_EXPORT cjm_status cjm_selection_add_silent_churn(cjm_selection *selection,
                                                     const char *stage);

/** Adds "hopped in stage": customers who changed channel between two
 *  adjacent events of the stage in a way the map does not plan.
 *  Arguments and errors as cjm_selection_add_reached(). @since 1.1 */
CJM_EXPORT cjm_status cjm_selection_add_hopped(cjm_selection *selection, const char *stage);

/**
 * Adds "backtracked from stage to stage": customers with at least one
 * backtrack from `from` to `to` (two staged events next to each other in
 * time, the second in `to`, an earlier stage than `from`).
 * @return as cjm_selection_add_reached(). cjm_analysis_customers() refuses
 *         a pair whose `to` does not come before `from` in the map
 *         (CJM_ERR_INVALID): no customer can backtrack that way.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_selection_add_backtracked(cjm_selection *selection, const char *from,
                                                    const char *to);

/** Adds "used touchpoint": customers with an event at the touchpoint, one
 *  of the map's or an unplanned one met in the events.
 *  Arguments and errors as cjm_selection_add_reached(). @since 1.1 */
CJM_EXPORT cjm_status cjm_selection_add_used(cjm_selection *selection, const char *touchpoint);

/** Adds "completed": customers who reached the final stage.
 *  @return CJM_OK; CJM_ERR_INVALID (NULL); CJM_ERR_NOMEM. @since 1.1 */
CJM_EXPORT cjm_status cjm_selection_add_completed(cjm_selection *selection);

/**
 * Adds "on path": customers whose path is exactly these stages. A
 * customer's path is the stages of its staged events in time order, with
 * repeats next to each other collapsed (a, c, b, c, b); it is counted in
 * the report's paths (cjm_report_path_customers()). Customers without a
 * staged event have no path and are never on one.
 * @param selection  the selection
 * @param stages     count stage ids (copied), no two neighbours alike
 * @param count      at least 1
 * @return CJM_OK; CJM_ERR_INVALID (NULL, count 0, an id breaking the id
 *         rules, a stage next to itself; the message names its index);
 *         CJM_ERR_LIMIT (over 65,535 stages); CJM_ERR_NOMEM.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_selection_add_path(cjm_selection *selection,
                                             const char *const *stages, size_t count);

/**
 * Adds "in segment": customers of the report's segment with this value
 * under the analysis's breakdown (cjm_options_set_breakdown()): an
 * attribute's value, or a cohort's period ("2026-03-01", "2026-W09",
 * "2026-03"); NULL for the segment of customers without the attribute.
 * The segment must be one the report lists on its own: a value pooled
 * into the "other" entry (past max_segments - 1) is selected with
 * cjm_selection_add_segment_other(). It holds as many customers as
 * cjm_report_segment_customers().
 * @param selection  the selection
 * @param value      the value (copied; the rules of an attribute value),
 *                   or NULL
 * @return CJM_OK; CJM_ERR_INVALID (NULL selection, a value breaking the
 *         text rules); CJM_ERR_LIMIT (a value over
 *         #CJM_ATTRIBUTE_VALUE_MAX bytes); CJM_ERR_NOMEM.
 *         cjm_analysis_customers() refuses it on an analysis without a
 *         breakdown (CJM_ERR_INVALID) and when the report has no such
 *         segment (CJM_ERR_NOT_FOUND).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_selection_add_segment(cjm_selection *selection, const char *value);

/** Adds "in the pooled segment": customers of the report's "other" entry
 *  (cjm_report_segment_other()), the values past max_segments - 1.
 *  @return as cjm_selection_add_completed(); cjm_analysis_customers()
 *  refuses it as cjm_selection_add_segment(). @since 1.1 */
CJM_EXPORT cjm_status cjm_selection_add_segment_other(cjm_selection *selection);

/**
 * Receives one selected customer.
 * @param customer  the customer's id, borrowed for the call
 * @param userdata  what cjm_analysis_customers() was given
 * @return 0 to go on; a positive value to stop (cjm_analysis_customers()
 *         then returns CJM_OK); a negative value, a cjm_status, to stop
 *         with that error, which cjm_analysis_customers() returns (set the
 *         message with cjm_error_set() first, or the library words one).
 * @since 1.1
 */
typedef int (*cjm_customer_fn)(const char *customer, void *userdata);

/**
 * Streams the ids of the customers an analysis selects, in byte order of
 * their UTF-8, each once, to `callback`.
 *
 * The customers are found by the walk cjm_analysis_report() makes (on the
 * analysis's worker threads, cjm_options_set_threads()), then handed to
 * the callback one by one on the calling thread. Works as well on an
 * analysis merged (cjm_analysis_merge()) or made again from a state
 * (cjm_analysis_deserialize()).
 *
 * @param analysis   the analysis (only read; it must not change during
 *                   the call, the callback included)
 * @param selection  which customers
 * @param callback   receives each id
 * @param userdata   passed to the callback
 * @return CJM_OK (also when the callback stopped the walk); CJM_ERR_INVALID
 *         (NULL, a backtrack pair that does not go back);
 *         CJM_ERR_NOT_FOUND (a stage the map lacks, or a touchpoint the map
 *         lacks and no event used; the message names it and the
 *         criterion); CJM_ERR_NOMEM; or the callback's negative value. No
 *         id is handed out before the selection is checked.
 *         Thread safety: as cjm_analysis_report(); many threads may list
 *         customers of one analysis at once.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_analysis_customers(const cjm_analysis *analysis,
                                             const cjm_selection *selection,
                                             cjm_customer_fn callback, void *userdata);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_SELECTION_H */
