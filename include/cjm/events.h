/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/events.h
 * Observed behaviour as a stream of events.
 *
 * An event says that a customer met a touchpoint at a time, maybe through
 * a channel, in a stage, with feedback (docs/formats.md, "Events, JSON Lines"). Readers of
 * the JSON and XML modules fill one cjm_event per event and hand it to a
 * cjm_event_sink: an analysis (cjm_analysis_sink()) or a writer. Nothing
 * holds the whole input.
 *
 * The setters check each field's own rules (ids, channel tokens, times,
 * scores, text); rules that need a map (a stage of the map, a channel for
 * an unplanned touchpoint) are checked by the analysis that takes the event.
 *
 * Ownership: strings passed in are copied (into buffers the event reuses,
 * so filling one event again and again does not allocate); strings
 * returned belong to the event until the field changes or the event goes.
 * Thread safety: one event per thread; events are independent.
 */
#ifndef CJM_EVENTS_H
#define CJM_EVENTS_H

#include <stdbool.h>
#include <cjm/common.h>
#include <cjm/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup events Customer events
 * @ingroup core
 * Events as the readers hand them to sinks.
 * @{
 */

/** One observed event. @since 1.0 */
typedef struct cjm_event cjm_event;

/**
 * Receives one event. The event is borrowed for the call only.
 * @param event     the event
 * @param userdata  what the reader was given
 * @return CJM_OK to go on; any error stops the reader, which returns it
 *         (the sink sets the error message).
 * @since 1.0
 */
typedef cjm_status (*cjm_event_sink)(const cjm_event *event, void *userdata);

/** Makes an empty event. NULL on CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_event *cjm_event_new(void);
/** Frees an event; NULL is allowed. @since 1.0 */
CJM_EXPORT void cjm_event_free(cjm_event *event);
/** Unsets every field, keeping the buffers for reuse. @since 1.0 */
CJM_EXPORT void cjm_event_clear(cjm_event *event);

/** Sets the customer id (required). Errors: CJM_ERR_INVALID, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_customer(cjm_event *event, const char *customer);
/** Sets the time (required). Errors: CJM_ERR_INVALID, CJM_ERR_RANGE. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_at(cjm_event *event, int64_t at);
/** Sets the touchpoint id (required). Errors: CJM_ERR_INVALID, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_touchpoint(cjm_event *event, const char *touchpoint);
/** Sets the channel (lowered), or clears it with NULL: the touchpoint's
 *  channel in the map then applies. Errors: CJM_ERR_INVALID. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_channel(cjm_event *event, const char *channel);
/** Sets the stage id, or clears it with NULL. Errors: CJM_ERR_INVALID,
 *  CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_stage(cjm_event *event, const char *stage);
/**
 * Gives the event feedback: a score on a scale, with the rules of
 * cjm_touchpoint_add_feedback(). Clears emotion, comment, source and time
 * of any earlier feedback.
 * Errors: CJM_ERR_INVALID (NULL), CJM_ERR_RANGE.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_event_set_feedback(cjm_event *event, double score,
                                             double scale_min, double scale_max);
/** Removes the feedback. @since 1.0 */
CJM_EXPORT void cjm_event_clear_feedback(cjm_event *event);
/** Sets or (NULL, "") clears the feedback's emotion; the event must have
 *  feedback. Errors: CJM_ERR_INVALID, CJM_ERR_LIMIT, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_emotion(cjm_event *event, const char *emotion);
/** Sets or clears the feedback's comment. Errors as set_emotion. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_comment(cjm_event *event, const char *comment);
/** Sets or clears the feedback's source. Errors as set_emotion. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_source(cjm_event *event, const char *source);
/** Sets the feedback's time, or CJM_UNSET for the event's time. Errors:
 *  CJM_ERR_INVALID, CJM_ERR_RANGE. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_feedback_at(cjm_event *event, int64_t at);

/**
 * Marks the event as unreadable: a reader that could not read an event
 * still hands it to its sink, with the reason, so the sink decides (an
 * analysis fails in strict mode and counts it in lenient mode).
 * @param event    the event
 * @param status   why (not CJM_OK); CJM_OK clears the mark
 * @param message  the reason, naming the place (copied)
 * @return CJM_OK; CJM_ERR_INVALID (NULL event), CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_event_set_error(cjm_event *event, cjm_status status,
                                          const char *message);
/** The reason the event could not be read, or NULL for a readable event;
 *  its status in *status when status is not NULL. @since 1.0 */
CJM_EXPORT const char *cjm_event_error(const cjm_event *event, cjm_status *status);
/** Sets or (NULL) clears where the event came from, such as
 *  "events.jsonl:42": an analysis puts it in front of any message about
 *  the event. Errors: CJM_ERR_INVALID, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_origin(cjm_event *event, const char *origin);
/** Where the event came from, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_event_origin(const cjm_event *event);
/** Sets or clears (NULL, "", CJM_EXTENSIONS_NONE) the event's extensions,
 *  with the rules of cjm_journey_set_extensions(). @since 1.0 */
CJM_EXPORT cjm_status cjm_event_set_extensions(cjm_event *event, cjm_extensions_format format,
                                               const char *text);
/** The event's extensions, or NULL; the format in *format. @since 1.0 */
CJM_EXPORT const char *cjm_event_extensions(const cjm_event *event,
                                            cjm_extensions_format *format);

/** The customer id, or NULL when unset. @since 1.0 */
CJM_EXPORT const char *cjm_event_customer(const cjm_event *event);
/** The time, or CJM_UNSET. @since 1.0 */
CJM_EXPORT int64_t cjm_event_at(const cjm_event *event);
/** The touchpoint id, or NULL when unset. @since 1.0 */
CJM_EXPORT const char *cjm_event_touchpoint(const cjm_event *event);
/** The channel, or NULL when unset. @since 1.0 */
CJM_EXPORT const char *cjm_event_channel(const cjm_event *event);
/** The stage id, or NULL when unset. @since 1.0 */
CJM_EXPORT const char *cjm_event_stage(const cjm_event *event);
/** Whether the event has feedback. @since 1.0 */
CJM_EXPORT bool cjm_event_has_feedback(const cjm_event *event);
/** The feedback's score (NaN without feedback). @since 1.0 */
CJM_EXPORT double cjm_event_score(const cjm_event *event);
/** The feedback's scale minimum (NaN without feedback). @since 1.0 */
CJM_EXPORT double cjm_event_scale_min(const cjm_event *event);
/** The feedback's scale maximum (NaN without feedback). @since 1.0 */
CJM_EXPORT double cjm_event_scale_max(const cjm_event *event);
/** The feedback's emotion, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_event_emotion(const cjm_event *event);
/** The feedback's comment, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_event_comment(const cjm_event *event);
/** The feedback's source, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_event_source(const cjm_event *event);
/** The feedback's own time, or CJM_UNSET (the event's time applies). @since 1.0 */
CJM_EXPORT int64_t cjm_event_feedback_at(const cjm_event *event);

/**
 * Sets attribute `key` of the event to `value`, or removes it (`value`
 * NULL). Attributes are (key, value) pairs of text describing the customer
 * or the event (plan, region, product, priority); an analysis takes the
 * event without looking at them. A key follows the id rules; a value is
 * text of at most #CJM_ATTRIBUTE_VALUE_MAX bytes (TAB, LF and CR allowed,
 * no other control character) and may be empty. An event holds a key at
 * most once: setting a key it has replaces the value in place, a new key
 * goes after the others, and removing one keeps the others' order.
 * Key and value are copied (into buffers the event reuses).
 * @param event  the event
 * @param key    the attribute's key
 * @param value  its value, or NULL to remove the attribute
 * @return CJM_OK; CJM_ERR_INVALID (NULL event or key, a key that breaks
 *         the id rules, a value that breaks the text rules, naming the
 *         key), CJM_ERR_LIMIT (a value over #CJM_ATTRIBUTE_VALUE_MAX bytes, a
 *         new key for an event that has #CJM_ATTRIBUTES_MAX already),
 *         CJM_ERR_NOMEM. On error the event is unchanged.
 *         Thread safety: as every event setter (one thread per event).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_event_set_attribute(cjm_event *event, const char *key,
                                              const char *value);
/** The value of attribute `key`, or NULL when the event has none (or for
 *  a NULL event or key). Borrowed: valid until the attribute changes, the
 *  event is cleared or freed. @since 1.1 */
CJM_EXPORT const char *cjm_event_attribute(const cjm_event *event, const char *key);
/** The number of attributes of the event (0 for NULL). @since 1.1 */
CJM_EXPORT size_t cjm_event_attribute_count(const cjm_event *event);
/** The key of attribute i, in the order they were set; NULL past the end.
 *  Borrowed, as cjm_event_attribute(). @since 1.1 */
CJM_EXPORT const char *cjm_event_attribute_key(const cjm_event *event, size_t i);
/** The value of attribute i; NULL past the end. Borrowed, as
 *  cjm_event_attribute(). @since 1.1 */
CJM_EXPORT const char *cjm_event_attribute_value(const cjm_event *event, size_t i);
/** Removes every attribute, keeping the buffers for reuse (NULL is
 *  allowed). cjm_event_clear() does it too. @since 1.1 */
CJM_EXPORT void cjm_event_clear_attributes(cjm_event *event);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_EVENTS_H */
