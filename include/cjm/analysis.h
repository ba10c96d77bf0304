/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/analysis.h
 * Analysis of one journey: its sequence, channel switches, the comparison
 * of an actual journey with a map, and the map's own gaps. The options
 * and gap list handles here also serve the bulk analysis.
 *
 * Every figure follows docs/analysis.md exactly: scores are counted in integer
 * millionths, so results do not depend on order or machine.
 *
 * Thread safety: the functions read their journeys and options only, so
 * they may run at once on shared journeys as long as no thread changes them.
 * Result handles are separate objects, free of the journeys they came from.
 */
#ifndef CJM_ANALYSIS_H
#define CJM_ANALYSIS_H

#include <stdbool.h>
#include <cjm/common.h>
#include <cjm/model.h>
#include <cjm/events.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup analysis Analysis of one journey
 * @ingroup core
 * Sequence, channel switches, the comparison with a map, a map's gaps,
 * and the options every analysis takes.
 * @{
 */

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

/** The thresholds and switches of an analysis. @since 1.0 */
typedef struct cjm_options cjm_options;

/**
 * Makes options with the defaults: min_customers 5, min_feedback 1,
 * pain_threshold 0.0, drop_threshold 0.25, silent_threshold 0.10,
 * backtrack_threshold 0.10, switch_threshold 0.25, strict (not lenient),
 * threads 0 (one per processor).
 * Every function taking options accepts NULL for these defaults.
 * @return new options to free with cjm_options_free(), or NULL
 *         (CJM_ERR_NOMEM).
 * @since 1.0
 */
CJM_EXPORT cjm_options *cjm_options_new(void);
/** Frees options; NULL is allowed. @since 1.0 */
CJM_EXPORT void cjm_options_free(cjm_options *options);

/** Sets the fewest customers a stage needs to report drop_off, silent_churn,
 *  backtrack and channel_hop gaps. Errors: CJM_ERR_INVALID (NULL). @since 1.0 */
CJM_EXPORT cjm_status cjm_options_set_min_customers(cjm_options *options, uint64_t n);
/** Sets the fewest feedback items a pain test needs. Errors: CJM_ERR_INVALID. @since 1.0 */
CJM_EXPORT cjm_status cjm_options_set_min_feedback(cjm_options *options, uint64_t n);
/** Sets the mean normalized score below which a touchpoint or stage is
 *  painful, from -1 to 1. Errors: CJM_ERR_INVALID (NULL), CJM_ERR_RANGE
 *  (not a number in [-1, 1]; the options stay as they were). @since 1.0 */
CJM_EXPORT cjm_status cjm_options_set_pain_threshold(cjm_options *options, double x);
/** Sets the drop rate from which a stage has a drop_off gap, from 0 to 1.
 *  Errors: CJM_ERR_INVALID (NULL), CJM_ERR_RANGE (not a number in [0, 1];
 *  the options stay as they were). @since 1.0 */
CJM_EXPORT cjm_status cjm_options_set_drop_threshold(cjm_options *options, double x);
/** Sets the silent churn rate from which a stage has a silent_churn gap,
 *  from 0 to 1. Errors as cjm_options_set_drop_threshold(). @since 1.0 */
CJM_EXPORT cjm_status cjm_options_set_silent_threshold(cjm_options *options, double x);
/** Sets the rate of customers going back from which a stage pair has a
 *  backtrack gap, from 0 to 1. Errors as cjm_options_set_drop_threshold().
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_options_set_backtrack_threshold(cjm_options *options, double x);
/** Sets the rate of customers switching channel inside a stage from which
 *  it has a channel_hop gap, from 0 to 1. Errors as
 *  cjm_options_set_drop_threshold(). @since 1.0 */
CJM_EXPORT cjm_status cjm_options_set_switch_threshold(cjm_options *options, double x);
/**
 * Sets how sure the bulk analysis must be that customers are unhappy
 * before it calls a pain point: with confidence c > 0, a touchpoint or
 * stage is painful when it has at least max(2, min_feedback) customers'
 * items and score_high (the upper end of the one-sided c confidence bound
 * of its mean, by Student's t) is below the pain threshold. 0 turns the
 * evidence rule off: the mean alone is tested. Default 0.95.
 * @param options  the options
 * @param x        0, or a number in [0.5, 1)
 * @return CJM_OK; CJM_ERR_INVALID (NULL); CJM_ERR_RANGE (any other value,
 *         NaN included; the option is left as it was).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_options_set_confidence(cjm_options *options, double x);
/**
 * Sets what splits a bulk analysis's customers into segments (the
 * report's `segments`, gap kinds #CJM_GAP_SEGMENT_DROP_OFF and
 * #CJM_GAP_SEGMENT_PAIN): an attribute key (a customer's segment is the
 * value on the earliest of its events that carries the key; customers
 * without one form the null segment), or a cohort of the customer's first
 * event in UTC: `@day` (`2026-03-01`), `@week` (the ISO 8601 week,
 * `2026-W09`) or `@month` (`2026-03`). NULL or "" removes it (the
 * default). The analysis keeps one segment per customer, never per event.
 * The text is copied.
 * @param options    the options
 * @param breakdown  an attribute key (the id rules; not starting with @),
 *                   `@day`, `@week`, `@month`, or NULL
 * @return CJM_OK; CJM_ERR_INVALID (NULL options, a key that breaks the id
 *         rules, another text starting with @; the option is left as it was).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_options_set_breakdown(cjm_options *options, const char *breakdown);
/**
 * Sets how many entries an attribute breakdown lists: with more values,
 * the first max_segments - 1 by customers are listed and the rest pooled
 * into one `other` entry. Cohorts are never pooled. Default 20.
 * @return CJM_OK; CJM_ERR_INVALID (NULL); CJM_ERR_RANGE (0).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_options_set_max_segments(cjm_options *options, uint64_t n);
/** Lenient bulk reading: skip invalid events, count them and keep the first
 *  messages, instead of failing. Errors: CJM_ERR_INVALID. @since 1.0 */
CJM_EXPORT cjm_status cjm_options_set_lenient(cjm_options *options, bool lenient);

/**
 * The most threads cjm uses for one call. Wherever cjm takes a number of
 * threads (cjm_options_set_threads(), the JSON Lines reader), 0 means one
 * per online processor, at most this many. (The XES reader parses on one
 * thread beside the caller's: it uses two at most.)
 * @since 1.1
 */
#define CJM_THREADS_MAX 64

/**
 * Sets how many threads a bulk analysis may use, in cjm_analysis_add_columns(),
 * cjm_analysis_add_packed() (for calls of 8,192 events or more) and
 * cjm_analysis_report(): 0 (the default) for
 * one per online processor (at most #CJM_THREADS_MAX), 1 to work in the
 * calling thread only (as an embedder with a thread-unsafe allocator must).
 * Results never depend on it.
 * Errors: CJM_ERR_INVALID (NULL), CJM_ERR_RANGE (over #CJM_THREADS_MAX;
 * version 1.0 refused only numbers over 256 and used 64 for those above 64).
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_options_set_threads(cjm_options *options, unsigned threads);

/**
 * Sets the channel given to events of touchpoints the map lacks when they
 * name none (by default such an event is invalid): for event logs written
 * by tools that know nothing of channels. Events of touchpoints in the map
 * keep taking the map's channel. NULL or "" removes it.
 * Errors: CJM_ERR_INVALID (NULL options, not a channel token).
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_options_set_default_channel(cjm_options *options,
                                                      const char *channel);

/** Getters: the value in force (the default for NULL options). @since 1.0 */
CJM_EXPORT uint64_t cjm_options_min_customers(const cjm_options *options);
/** @since 1.0 */
CJM_EXPORT uint64_t cjm_options_min_feedback(const cjm_options *options);
/** @since 1.0 */
CJM_EXPORT double cjm_options_pain_threshold(const cjm_options *options);
/** @since 1.0 */
CJM_EXPORT double cjm_options_drop_threshold(const cjm_options *options);
/** @since 1.0 */
CJM_EXPORT double cjm_options_silent_threshold(const cjm_options *options);
/** @since 1.0 */
CJM_EXPORT double cjm_options_backtrack_threshold(const cjm_options *options);
/** @since 1.0 */
CJM_EXPORT double cjm_options_switch_threshold(const cjm_options *options);
/** The confidence of the pain test (0.95 for NULL). @since 1.1 */
CJM_EXPORT double cjm_options_confidence(const cjm_options *options);
/** The breakdown (owned by the options), or NULL for none. @since 1.1 */
CJM_EXPORT const char *cjm_options_breakdown(const cjm_options *options);
/** The most segments an attribute breakdown lists (20 for NULL). @since 1.1 */
CJM_EXPORT uint64_t cjm_options_max_segments(const cjm_options *options);
/** @since 1.0 */
CJM_EXPORT bool cjm_options_lenient(const cjm_options *options);
/** The default channel (normalized), or NULL for none. The string belongs
 *  to the options. @since 1.0 */
CJM_EXPORT const char *cjm_options_default_channel(const cjm_options *options);
/** @since 1.0 */
CJM_EXPORT unsigned cjm_options_threads(const cjm_options *options);

/**
 * Sets how many paths the bulk report lists (cjm_report_path_count()):
 * the n followed by most customers. 0 lists none; the number of distinct
 * paths is given whatever n is. Default 10. Two analyses merge only with
 * the same value (cjm_analysis_merge()).
 * @param options  the options
 * @param n        the most paths to list
 * @return CJM_OK; CJM_ERR_INVALID (NULL).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_options_set_max_paths(cjm_options *options, uint64_t n);
/** The most paths a bulk report lists (10 for NULL). @since 1.1 */
CJM_EXPORT uint64_t cjm_options_max_paths(const cjm_options *options);

/**
 * Sets how many edges of the flow the bulk report lists
 * (cjm_report_flow_edge_count()): the n with the most pairs of events.
 * 0 lists none. Default 200. Two analyses merge only with the same value.
 * @param options  the options
 * @param n        the most edges to list
 * @return CJM_OK; CJM_ERR_INVALID (NULL).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_options_set_max_flow_edges(cjm_options *options, uint64_t n);
/** The most flow edges a bulk report lists (200 for NULL). @since 1.1 */
CJM_EXPORT uint64_t cjm_options_max_flow_edges(const cjm_options *options);

/* ------------------------------------------------------------------ */
/* Sequence and channel switches                                       */
/* ------------------------------------------------------------------ */

/**
 * The touchpoints of a journey in sequence: by time when every touchpoint
 * has one (ties in document order), else in document order (stage order,
 * then touchpoint order).
 *
 * @param[out] out  receives cjm_journey_touchpoint_count() borrowed handles
 * @param capacity  the number of slots of out
 * @param journey   the journey
 * @return CJM_OK; CJM_ERR_INVALID for NULL; CJM_ERR_LIMIT when capacity is
 *         below the touchpoint count (out untouched); CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_journey_sequence(cjm_touchpoint **out, size_t capacity,
                                           const cjm_journey *journey);

/**
 * The number of adjacent pairs in the sequence whose channels differ. For a
 * map: how often the planned path makes a customer change channel.
 * @param[out] out  receives the count
 * @param journey   the journey or map
 * @return CJM_OK; CJM_ERR_INVALID for NULL; CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_journey_channel_switches(size_t *out, const cjm_journey *journey);

/* ------------------------------------------------------------------ */
/* Comparison of an actual journey with a map                          */
/* ------------------------------------------------------------------ */

/**
 * Kinds of deviation of an actual journey from its map. Values fixed forever.
 * @since 1.0
 */
typedef enum cjm_deviation_kind {
    CJM_DEVIATION_UNPLANNED = 1, /**< a touchpoint the map lacks (ad hoc) */
    CJM_DEVIATION_MISSING = 2,   /**< a required touchpoint of the map, in a
                                      stage up to the furthest reached, that
                                      the customer did not have */
    CJM_DEVIATION_BACKTRACK = 3, /**< a touchpoint whose stage comes before the
                                      stage of the staged touchpoint before it */
    CJM_DEVIATION_FAILING = 4    /**< a touchpoint whose feedback's mean
                                      normalized score is below the pain
                                      threshold */
} cjm_deviation_kind;

/** The result of cjm_journey_compare(). @since 1.0 */
typedef struct cjm_comparison cjm_comparison;

/**
 * Compares an actual journey with a map (docs/analysis.md, "One journey").
 *
 * Deviations are listed by kind (in the order of the enum), and within a
 * kind in the actual journey's sequence order (missing ones in the map's
 * document order).
 *
 * @param[out] out  receives a new result to free with cjm_comparison_free()
 * @param actual    the customer's actual journey
 * @param map       the planned journey
 * The actual journey may visit a touchpoint more than once
 * (cjm_journey_new_actual()): each visit is a touchpoint of its own, so
 * it can be unplanned, a backtrack or failing on its own.
 *
 * @param options   the pain threshold; NULL for the defaults
 * @return CJM_OK; CJM_ERR_INVALID for NULL, or a map whose touchpoint ids
 *         repeat; CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_journey_compare(cjm_comparison **out, const cjm_journey *actual,
                                          const cjm_journey *map,
                                          const cjm_options *options);

/** Frees a comparison; NULL is allowed. @since 1.0 */
CJM_EXPORT void cjm_comparison_free(cjm_comparison *comparison);
/** The number of deviations. @since 1.0 */
CJM_EXPORT size_t cjm_comparison_count(const cjm_comparison *comparison);
/** The number of deviations of one kind. @since 1.0 */
CJM_EXPORT size_t cjm_comparison_count_kind(const cjm_comparison *comparison,
                                            cjm_deviation_kind kind);
/** The kind of deviation i (0 when i is past the end). @since 1.0 */
CJM_EXPORT cjm_deviation_kind cjm_comparison_kind(const cjm_comparison *comparison, size_t i);
/** The touchpoint id of deviation i (owned by the comparison), or NULL past
 *  the end. @since 1.0 */
CJM_EXPORT const char *cjm_comparison_touchpoint(const cjm_comparison *comparison, size_t i);
/** The map stage of deviation i's touchpoint, or NULL when it has none.
 *  @since 1.0 */
CJM_EXPORT const char *cjm_comparison_stage(const cjm_comparison *comparison, size_t i);
/** For a backtrack: the stage of the staged touchpoint before it; else NULL.
 *  @since 1.0 */
CJM_EXPORT const char *cjm_comparison_from_stage(const cjm_comparison *comparison, size_t i);
/** For a failing touchpoint: the mean normalized score; else NaN. @since 1.0 */
CJM_EXPORT double cjm_comparison_value(const cjm_comparison *comparison, size_t i);
/** The name of a deviation kind ("unplanned", "missing", "backtrack",
 *  "failing"), or NULL for an unknown value. @since 1.0 */
CJM_EXPORT const char *cjm_deviation_kind_name(cjm_deviation_kind kind);

/* ------------------------------------------------------------------ */
/* One customer straight from the events                               */
/* ------------------------------------------------------------------ */

/**
 * One customer's events taken from a stream of everyone's, to compare the
 * customer's actual journey with the map (docs/analysis.md, "One customer
 * from the events"). @since 1.1
 */
typedef struct cjm_customer_events cjm_customer_events;

/**
 * Makes a handle that keeps the events of one customer.
 *
 * Feed it every event (cjm_customer_events_add(), or pass
 * cjm_customer_events_sink() to a reader); it checks each event against the
 * map with the rules of the bulk analysis (docs/analysis.md, "Events"),
 * whoever the customer, and keeps the chosen customer's.
 *
 * @param map       the journey map; copied, so it may change or go afterwards
 * @param customer  the customer's id (copied)
 * @param options   the pain threshold, lenient mode and default channel are
 *                  used (copied); NULL for the defaults
 * @return a new handle to free with cjm_customer_events_free(), or NULL:
 *         CJM_ERR_INVALID (a NULL map or customer, a customer that is not
 *         an id, a map whose touchpoint ids repeat), CJM_ERR_NOMEM.
 * Thread safety: one handle per thread; the map is only read.
 * @since 1.1
 */
CJM_EXPORT cjm_customer_events *cjm_customer_events_new(const cjm_journey *map,
                                                        const char *customer,
                                                        const cjm_options *options);

/** Frees the handle; NULL is allowed. @since 1.1 */
CJM_EXPORT void cjm_customer_events_free(cjm_customer_events *customer_events);

/**
 * Takes one event: checks it against the map, and keeps it when it is the
 * customer's. Events are kept in the order they arrive, which breaks ties
 * of time.
 * @return CJM_OK (also for a skipped invalid event in lenient mode);
 *         CJM_ERR_INVALID for NULL, an event a reader marked unreadable (its
 *         own status then), or one that breaks a rule (the message starts
 *         with the event's origin); CJM_ERR_CONFLICT for a stage other than
 *         the map's; CJM_ERR_NOMEM. A failed call keeps nothing.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_customer_events_add(cjm_customer_events *customer_events,
                                              const cjm_event *event);

/** cjm_customer_events_add() as a #cjm_event_sink for the readers, with the
 *  handle as userdata. @since 1.1 */
CJM_EXPORT cjm_status cjm_customer_events_sink(const cjm_event *event, void *customer_events);

/** The number of the customer's events kept (0 for NULL). @since 1.1 */
CJM_EXPORT uint64_t cjm_customer_events_count(const cjm_customer_events *customer_events);

/**
 * The number of invalid events skipped in lenient mode, of any customer
 * (0 for NULL).
 * @param customer_events  the handle
 * @param first_message  when not NULL, receives the first skipped event's
 *                       message (owned by the handle), or NULL
 * @since 1.1
 */
CJM_EXPORT uint64_t cjm_customer_events_rejected(const cjm_customer_events *customer_events,
                                                 const char **first_message);

/**
 * Compares the customer's actual journey, straight from the events, with
 * the map.
 *
 * The actual journey is the customer's events in time order, ties in the
 * order they arrived (seq(c) of docs/analysis.md), a touchpoint met again
 * being another visit. It is an actual journey (cjm_journey_new_actual())
 * with the map's id, name and stages, the customer set, and each event a
 * touchpoint in its stage, with the event's time and channel, the map's
 * name for the touchpoint (its id for one the map lacks) and the event's
 * feedback (at the feedback's time, else the event's, and the customer).
 * Events of no stage go in one more stage at the end, "(no stage)" (with a
 * number after it when the map has a stage of that id), which no stage of
 * the map matches. The deviations are those of cjm_journey_compare(),
 * taken along seq(c): the journey's own sequence would order events of
 * equal times by stage instead.
 *
 * @param[out] out     receives a new comparison to free with cjm_comparison_free()
 * @param[out] actual  when not NULL, receives the actual journey, to free
 *                     with cjm_journey_free()
 * @param customer_events  the handle, after the events
 * @return CJM_OK; CJM_ERR_INVALID for NULL; CJM_ERR_NOT_FOUND when no
 *         event of the customer was kept; CJM_ERR_NOMEM. Nothing is
 *         written to out or actual on failure.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_customer_events_compare(cjm_comparison **out, cjm_journey **actual,
                                                  const cjm_customer_events *customer_events);

/* ------------------------------------------------------------------ */
/* Gaps                                                                */
/* ------------------------------------------------------------------ */

/**
 * Kinds of gap (red points). Names and values fixed forever
 * (docs/analysis.md, "Gaps").
 * @since 1.0
 */
typedef enum cjm_gap_kind {
    CJM_GAP_EMPTY_STAGE = 1,          /**< a stage without touchpoints */
    CJM_GAP_NO_OWNER = 2,             /**< a touchpoint nobody owns */
    CJM_GAP_BLIND_SPOT = 3,           /**< a stage without any feedback */
    CJM_GAP_PAIN_POINT = 4,           /**< a touchpoint customers dislike */
    CJM_GAP_PAINFUL_STAGE = 5,        /**< a stage customers dislike */
    CJM_GAP_DROP_OFF = 6,             /**< many customers leave at a stage */
    CJM_GAP_SILENT_CHURN = 7,         /**< customers leave without a word */
    CJM_GAP_UNPLANNED_TOUCHPOINT = 8, /**< customers use what the map lacks */
    CJM_GAP_UNUSED_TOUCHPOINT = 9,    /**< nobody uses a planned touchpoint */
    CJM_GAP_BACKTRACK = 10,           /**< customers go back a stage */
    CJM_GAP_SLOW_TRANSITION = 11,     /**< moving on takes longer than expected */
    CJM_GAP_CHANNEL_HOP = 12,         /**< customers must change channel in a stage */
    CJM_GAP_SEGMENT_DROP_OFF = 13,    /**< a segment leaves at a stage more than the
                                           rest (@since 1.1) */
    CJM_GAP_SEGMENT_PAIN = 14         /**< a segment is unhappy at a stage, more than
                                           the rest (@since 1.1) */
} cjm_gap_kind;

/** A list of gaps, ordered by severity (high first). @since 1.0 */
typedef struct cjm_gap_list cjm_gap_list;
/** One gap of a list; borrowed from the list. @since 1.0 */
typedef struct cjm_gap cjm_gap;

/**
 * Finds a map's own gaps (kinds 1 to 5: empty_stage, no_owner, blind_spot,
 * pain_point, painful_stage) from the map and the feedback it holds.
 * Counts that need customers (reached, a touchpoint's customers) are 0.
 *
 * @param[out] out  receives a new list to free with cjm_gap_list_free()
 * @param map       the journey map
 * @param options   thresholds; NULL for the defaults
 * @return CJM_OK; CJM_ERR_INVALID for NULL, or a journey whose touchpoint
 *         ids repeat (an actual journey's visits); CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_journey_gaps(cjm_gap_list **out, const cjm_journey *map,
                                       const cjm_options *options);

/** Frees a gap list; NULL is allowed. @since 1.0 */
CJM_EXPORT void cjm_gap_list_free(cjm_gap_list *list);
/** The number of gaps (0 for NULL). @since 1.0 */
CJM_EXPORT size_t cjm_gap_list_count(const cjm_gap_list *list);
/** Gap i, borrowed from the list, or NULL past the end. @since 1.0 */
CJM_EXPORT const cjm_gap *cjm_gap_list_get(const cjm_gap_list *list, size_t i);

/** The gap's kind (0 for NULL). @since 1.0 */
CJM_EXPORT cjm_gap_kind cjm_gap_kind_of(const cjm_gap *gap);
/** The stage id: the stage of a stage gap, the stage of a touchpoint gap's
 *  touchpoint, the first stage of a backtrack; NULL for an unplanned
 *  touchpoint without a stage. @since 1.0 */
CJM_EXPORT const char *cjm_gap_stage(const cjm_gap *gap);
/** The touchpoint id of a touchpoint gap, else NULL. @since 1.0 */
CJM_EXPORT const char *cjm_gap_touchpoint(const cjm_gap *gap);
/** The second stage of a backtrack, else NULL. @since 1.0 */
CJM_EXPORT const char *cjm_gap_to_stage(const cjm_gap *gap);
/** The gap's value (the table of docs/analysis.md, "Gaps": a mean score, a rate, a median
 *  in ms, or 0). NaN for NULL. @since 1.0 */
CJM_EXPORT double cjm_gap_value(const cjm_gap *gap);
/** The gap's count (the table of docs/analysis.md, "Gaps"). @since 1.0 */
CJM_EXPORT uint64_t cjm_gap_count(const cjm_gap *gap);
/** The severity in [0, 1] (formula in docs/analysis.md). @since 1.0 */
CJM_EXPORT double cjm_gap_severity(const cjm_gap *gap);
/** A one-line English message a person can act on. @since 1.0 */
CJM_EXPORT const char *cjm_gap_message(const cjm_gap *gap);
/** The segment a gap of kind #CJM_GAP_SEGMENT_DROP_OFF or
 *  #CJM_GAP_SEGMENT_PAIN is about: its value (borrowed from the gap), or
 *  NULL for the segment of customers without one; NULL for every other
 *  kind (cjm_gap_has_segment() tells the two apart). @since 1.1 */
CJM_EXPORT const char *cjm_gap_segment(const cjm_gap *gap);
/** Whether a gap is about a segment (kinds 13 and 14), so that
 *  cjm_gap_segment() returning NULL means the null segment. @since 1.1 */
CJM_EXPORT bool cjm_gap_has_segment(const cjm_gap *gap);
/** The name of a gap kind ("empty_stage" ...), or NULL for an unknown
 *  value. @since 1.0 */
CJM_EXPORT const char *cjm_gap_kind_name(cjm_gap_kind kind);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_ANALYSIS_H */
