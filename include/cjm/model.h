/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/model.h
 * Journeys, stages, touchpoints and feedback as opaque handles.
 *
 * One handle type serves a planned journey map and the actual journey of
 * one customer (with `customer` set and a time on every touchpoint).
 *
 * Rules enforced by every call (docs/concepts.md, "The rules"):
 * - ids: 1 to 256 bytes of valid UTF-8, no control character (C0, DEL, C1);
 *   stage ids unique among stages, touchpoint ids unique among all
 *   touchpoints of the journey (except in an actual journey made by
 *   cjm_journey_new_actual(), where a touchpoint is a visit and an id may
 *   repeat); compared byte for byte.
 * - text: valid UTF-8, at most 65,536 bytes, no control character but TAB,
 *   LF and CR. Optional text given as NULL or "" clears the field.
 * - channels: `[a-z0-9][a-z0-9_-]*`, at most 64 bytes; upper-case ASCII
 *   letters are lowered on the way in.
 * - scores: finite, with min < max, max - min finite, min <= score <= max.
 * - times: CJM_TIME_MIN..CJM_TIME_MAX or CJM_UNSET; durations >= 0 or
 *   CJM_UNSET.
 *
 * Ownership: a journey owns its stages, a stage its touchpoints, a
 * touchpoint its feedback. Borrowed handles stay valid until they are
 * removed or the journey is freed. Strings passed in are copied; strings
 * returned are owned by the object and valid until the field changes or the
 * object goes.
 *
 * Errors: a function returning cjm_status returns CJM_OK or a negative code
 * and sets the calling thread's error message (cjm_last_error()), which
 * names the function and the field. A failed call changes nothing.
 *
 * Thread safety: separate journeys may be used from separate threads at
 * once; one journey from several threads only when none of them changes it.
 */
#ifndef CJM_MODEL_H
#define CJM_MODEL_H

#include <stdbool.h>
#include <cjm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup model Journeys, stages, touchpoints and feedback
 * @ingroup core
 * The model as opaque handles, with the rules every call enforces.
 * @{
 */

/** A journey map, or one customer's actual journey. @since 1.0 */
typedef struct cjm_journey cjm_journey;
/** A stage of a journey. @since 1.0 */
typedef struct cjm_stage cjm_stage;
/** A touchpoint: where customer and company meet. @since 1.0 */
typedef struct cjm_touchpoint cjm_touchpoint;
/** What a customer felt at a touchpoint. @since 1.0 */
typedef struct cjm_feedback cjm_feedback;

/** Maximum bytes of an id. @since 1.0 */
#define CJM_ID_MAX 256
/** Maximum bytes of a text field. @since 1.0 */
#define CJM_TEXT_MAX 65536
/** Maximum bytes of an event attribute's value. @since 1.1 */
#define CJM_ATTRIBUTE_VALUE_MAX 1024
/** Maximum number of attributes of one event. @since 1.1 */
#define CJM_ATTRIBUTES_MAX 1000
/** Maximum bytes of a channel token. @since 1.0 */
#define CJM_CHANNEL_MAX 64
/** Maximum number of stages of a journey. @since 1.0 */
#define CJM_STAGES_MAX 65535

/**
 * The format of extension content: what readers of other formats put under
 * `extensions`, kept as opaque text and written back by writers of the
 * same format (docs/formats.md). Values fixed forever.
 * @since 1.0
 */
typedef enum cjm_extensions_format {
    CJM_EXTENSIONS_NONE = 0, /**< no extensions */
    CJM_EXTENSIONS_JSON = 1, /**< the text of a JSON object */
    CJM_EXTENSIONS_XML = 2   /**< the text of XML elements */
} cjm_extensions_format;

/** Maximum bytes of one object's extension text. @since 1.0 */
#define CJM_EXTENSIONS_MAX (1024 * 1024)

/**
 * @defgroup extensions Extensions
 * @ingroup model
 * Extensions of the journey document, the journey, a stage, a touchpoint
 * and a feedback item: cjm_X_extensions() returns the text (owned by the
 * object, valid until its extensions change or it goes) or NULL (also for
 * a NULL object), and stores its format in *format when format is not NULL
 * (CJM_EXTENSIONS_NONE when there is no text). cjm_X_set_extensions()
 * copies text in the given format, or clears the extensions when format
 * is CJM_EXTENSIONS_NONE or text is NULL or "". The text must be valid
 * UTF-8 without control characters but TAB, LF and CR, at most
 * #CJM_EXTENSIONS_MAX bytes; cjm does not parse it (the modules that read
 * it did). Errors of the setters: CJM_ERR_INVALID (a NULL object, an
 * unknown format, invalid UTF-8 or a control character, with its byte
 * offset), CJM_ERR_LIMIT (too long), CJM_ERR_NOMEM.
 */

/* ------------------------------------------------------------------ */
/* Journey                                                             */
/* ------------------------------------------------------------------ */

/**
 * Makes an empty journey (no stages).
 * @param id    the journey's id (copied)
 * @param name  the journey's name (copied; may be "")
 * @return a new journey to free with cjm_journey_free(), or NULL on error
 *         (CJM_ERR_INVALID, CJM_ERR_LIMIT or CJM_ERR_NOMEM in cjm_last_status()).
 * @since 1.0
 */
CJM_EXPORT cjm_journey *cjm_journey_new(const char *id, const char *name);

/**
 * What a journey is, fixed when it is made. Values fixed forever.
 * @since 1.1
 */
typedef enum cjm_journey_kind {
    CJM_JOURNEY_MAP = 0,   /**< a map (cjm_journey_new()): each touchpoint id
                                appears once */
    CJM_JOURNEY_ACTUAL = 1 /**< one customer's actual journey
                                (cjm_journey_new_actual()): each touchpoint
                                is a visit, and a touchpoint visited twice
                                is two touchpoints with one id */
} cjm_journey_kind;

/**
 * Makes an empty actual journey: one customer's journey as it happened,
 * where a touchpoint met again is added again as another visit.
 *
 * It differs from a journey of cjm_journey_new() in one rule only:
 * cjm_stage_add_touchpoint() and cjm_touchpoint_set_id() accept an id that
 * other touchpoints of the journey have (in the same stage or another).
 * Stage ids stay unique. cjm_journey_find_touchpoint() returns the first
 * touchpoint with the id in document order (stage order, then order within
 * the stage), cjm_journey_touchpoint_count() counts every visit, and
 * cjm_journey_copy() and the JSON and XML readers and writers keep the
 * kind. A journey whose touchpoint ids repeat cannot serve as a map:
 * cjm_journey_compare(), cjm_journey_gaps() and cjm_analysis_new() refuse
 * it as their map with CJM_ERR_INVALID.
 *
 * @param id    the journey's id (copied)
 * @param name  the journey's name (copied; may be "")
 * @return a new journey to free with cjm_journey_free(), or NULL on error
 *         (CJM_ERR_INVALID, CJM_ERR_LIMIT or CJM_ERR_NOMEM in cjm_last_status()).
 * Thread safety: as every constructor, safe from any thread.
 * @since 1.1
 */
CJM_EXPORT cjm_journey *cjm_journey_new_actual(const char *id, const char *name);

/** The journey's kind: CJM_JOURNEY_ACTUAL for a journey made by
 *  cjm_journey_new_actual() (or read from a document of that kind, or
 *  copied from one), else CJM_JOURNEY_MAP (also for NULL). @since 1.1 */
CJM_EXPORT cjm_journey_kind cjm_journey_kind_of(const cjm_journey *journey);

/** Frees a journey with everything it owns; NULL is allowed. @since 1.0 */
CJM_EXPORT void cjm_journey_free(cjm_journey *journey);

/**
 * Makes a deep copy of a journey.
 * @return a new journey to free with cjm_journey_free(), or NULL on error
 *         (CJM_ERR_INVALID for NULL, CJM_ERR_NOMEM).
 * @since 1.0
 */
CJM_EXPORT cjm_journey *cjm_journey_copy(const cjm_journey *journey);

/**
 * Tells whether two journeys hold the same content: their kind, every field of the
 * journey, its stages, touchpoints and feedback, in the same order (scores
 * compared as numbers). Two NULLs are equal; NULL and a journey are not.
 * @since 1.0
 */
CJM_EXPORT bool cjm_journey_equal(const cjm_journey *a, const cjm_journey *b);

/** The journey's id; NULL for a NULL journey. @since 1.0 */
CJM_EXPORT const char *cjm_journey_id(const cjm_journey *journey);
/** The journey's name; NULL for a NULL journey. @since 1.0 */
CJM_EXPORT const char *cjm_journey_name(const cjm_journey *journey);
/** The persona (customer segment), or NULL when unset. @since 1.0 */
CJM_EXPORT const char *cjm_journey_persona(const cjm_journey *journey);
/** The description, or NULL when unset. @since 1.0 */
CJM_EXPORT const char *cjm_journey_description(const cjm_journey *journey);
/** The customer id of an actual journey, or NULL for a map. @since 1.0 */
CJM_EXPORT const char *cjm_journey_customer(const cjm_journey *journey);

/** Sets the id. Errors: CJM_ERR_INVALID, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_journey_set_id(cjm_journey *journey, const char *id);
/** Sets the name (required; "" allowed). Errors: CJM_ERR_INVALID,
 *  CJM_ERR_LIMIT, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_journey_set_name(cjm_journey *journey, const char *name);
/** Sets or (NULL, "") clears the persona. Errors as set_name. @since 1.0 */
CJM_EXPORT cjm_status cjm_journey_set_persona(cjm_journey *journey, const char *persona);
/** Sets or (NULL, "") clears the description. Errors as set_name. @since 1.0 */
CJM_EXPORT cjm_status cjm_journey_set_description(cjm_journey *journey,
                                                  const char *description);
/** Sets the customer id (an id: "" is an error) or clears it with NULL.
 *  Errors: CJM_ERR_INVALID, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_journey_set_customer(cjm_journey *journey, const char *customer);

/** The journey's extensions: the text, owned by the journey, or NULL; *format
 *  receives its format when format is not NULL. @ingroup extensions
 *  @since 1.0 */
CJM_EXPORT const char *cjm_journey_extensions(const cjm_journey *journey,
                                              cjm_extensions_format *format);
/** Sets or clears the journey's extensions, with the rules and errors of
 *  @ref extensions. @ingroup extensions @since 1.0 */
CJM_EXPORT cjm_status cjm_journey_set_extensions(cjm_journey *journey,
                                                 cjm_extensions_format format,
                                                 const char *text);
/** The extensions of the document that holds the journey (beside
 *  `format` and `version` in JSON), as cjm_journey_extensions().
 *  @ingroup extensions @since 1.0 */
CJM_EXPORT const char *cjm_journey_document_extensions(const cjm_journey *journey,
                                                       cjm_extensions_format *format);
/** Sets or clears the document's extensions, with the rules and errors of
 *  @ref extensions. @ingroup extensions @since 1.0 */
CJM_EXPORT cjm_status cjm_journey_set_document_extensions(cjm_journey *journey,
                                                          cjm_extensions_format format,
                                                          const char *text);

/** The number of stages (0 for NULL). @since 1.0 */
CJM_EXPORT size_t cjm_journey_stage_count(const cjm_journey *journey);

/**
 * The stage at an index (0 is the first stage).
 * @return a borrowed handle, or NULL when index is past the end.
 * @since 1.0
 */
CJM_EXPORT cjm_stage *cjm_journey_stage(const cjm_journey *journey, size_t index);

/** The stage with an id, in O(1); NULL when there is none. @since 1.0 */
CJM_EXPORT cjm_stage *cjm_journey_find_stage(const cjm_journey *journey, const char *id);

/** The number of touchpoints in all stages (0 for NULL). @since 1.0 */
CJM_EXPORT size_t cjm_journey_touchpoint_count(const cjm_journey *journey);

/** The touchpoint with an id, in any stage, in O(1); NULL when there is
 *  none. In an actual journey where the id was visited more than once, the
 *  first visit in document order (stage order, then order within the
 *  stage). @since 1.0 */
CJM_EXPORT cjm_touchpoint *cjm_journey_find_touchpoint(const cjm_journey *journey,
                                                       const char *id);

/**
 * Adds a stage at the end.
 * @param[out] out  receives the new stage (borrowed); may be NULL
 * @param journey   the journey
 * @param id        the stage's id, unique among the journey's stages
 * @param name      the stage's name ("" allowed)
 * @return CJM_OK; CJM_ERR_INVALID (NULL, bad id or name text),
 *         CJM_ERR_DUPLICATE (id in use), CJM_ERR_LIMIT (65,535 stages
 *         already, or a name over 64 KiB), CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_journey_add_stage(cjm_stage **out, cjm_journey *journey,
                                            const char *id, const char *name);

/**
 * Adds a stage before the stage at index (index == count appends).
 * @return as cjm_journey_add_stage(), and CJM_ERR_RANGE for an index past
 *         the count.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_journey_insert_stage(cjm_stage **out, cjm_journey *journey,
                                               size_t index, const char *id,
                                               const char *name);

/**
 * Removes a stage with its touchpoints and their feedback, and frees them:
 * their handles become invalid. Later stages move up by one.
 * @return CJM_OK; CJM_ERR_INVALID for NULL or a stage of another journey.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_journey_remove_stage(cjm_journey *journey, cjm_stage *stage);

/* ------------------------------------------------------------------ */
/* Stage                                                               */
/* ------------------------------------------------------------------ */

/** The journey that owns the stage. @since 1.0 */
CJM_EXPORT cjm_journey *cjm_stage_journey(const cjm_stage *stage);
/** The stage's position in its journey (0 first). @since 1.0 */
CJM_EXPORT size_t cjm_stage_index(const cjm_stage *stage);
/** The stage's id. @since 1.0 */
CJM_EXPORT const char *cjm_stage_id(const cjm_stage *stage);
/** The stage's name. @since 1.0 */
CJM_EXPORT const char *cjm_stage_name(const cjm_stage *stage);
/** What the customer wants to achieve here, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_stage_goal(const cjm_stage *stage);
/** How long customers should take to reach the next stage, in
 *  milliseconds, or CJM_UNSET. @since 1.0 */
CJM_EXPORT int64_t cjm_stage_expected_duration(const cjm_stage *stage);

/** Sets the id (unique among the journey's stages). Errors:
 *  CJM_ERR_INVALID, CJM_ERR_DUPLICATE, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_stage_set_id(cjm_stage *stage, const char *id);
/** Sets the name. Errors: CJM_ERR_INVALID, CJM_ERR_LIMIT, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_stage_set_name(cjm_stage *stage, const char *name);
/** Sets or (NULL, "") clears the goal. Errors as set_name. @since 1.0 */
CJM_EXPORT cjm_status cjm_stage_set_goal(cjm_stage *stage, const char *goal);
/** Sets the expected duration (ms >= 0) or clears it (CJM_UNSET).
 *  Errors: CJM_ERR_INVALID, CJM_ERR_RANGE (negative). @since 1.0 */
CJM_EXPORT cjm_status cjm_stage_set_expected_duration(cjm_stage *stage, int64_t ms);

/** The stage's extensions: the text, owned by the stage, or NULL; *format
 *  receives its format when format is not NULL. @ingroup extensions
 *  @since 1.0 */
CJM_EXPORT const char *cjm_stage_extensions(const cjm_stage *stage,
                                            cjm_extensions_format *format);
/** Sets or clears the stage's extensions, with the rules and errors of
 *  @ref extensions. @ingroup extensions @since 1.0 */
CJM_EXPORT cjm_status cjm_stage_set_extensions(cjm_stage *stage, cjm_extensions_format format,
                                               const char *text);

/** The number of touchpoints of the stage. @since 1.0 */
CJM_EXPORT size_t cjm_stage_touchpoint_count(const cjm_stage *stage);
/** The touchpoint at an index, or NULL past the end. @since 1.0 */
CJM_EXPORT cjm_touchpoint *cjm_stage_touchpoint(const cjm_stage *stage, size_t index);

/**
 * Adds a touchpoint at the end of the stage.
 * @param[out] out  receives the new touchpoint (borrowed); may be NULL
 * @param stage     the stage
 * @param id        unique among all touchpoints of the journey (in an
 *                  actual journey, any id: another visit of a touchpoint)
 * @param name      its name ("" allowed)
 * @param channel   its channel (lowered; see the rules above)
 * @return CJM_OK; CJM_ERR_INVALID (NULL, bad id, name or channel),
 *         CJM_ERR_DUPLICATE (never in an actual journey), CJM_ERR_LIMIT,
 *         CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_stage_add_touchpoint(cjm_touchpoint **out, cjm_stage *stage,
                                               const char *id, const char *name,
                                               const char *channel);

/**
 * Removes a touchpoint of the stage with its feedback and frees them.
 * @return CJM_OK; CJM_ERR_INVALID for NULL or a touchpoint of another stage.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_stage_remove_touchpoint(cjm_stage *stage,
                                                  cjm_touchpoint *touchpoint);

/* ------------------------------------------------------------------ */
/* Touchpoint                                                          */
/* ------------------------------------------------------------------ */

/** The stage that owns the touchpoint. @since 1.0 */
CJM_EXPORT cjm_stage *cjm_touchpoint_stage(const cjm_touchpoint *touchpoint);
/** The touchpoint's position in its stage. @since 1.0 */
CJM_EXPORT size_t cjm_touchpoint_index(const cjm_touchpoint *touchpoint);
/** The id. @since 1.0 */
CJM_EXPORT const char *cjm_touchpoint_id(const cjm_touchpoint *touchpoint);
/** The name. @since 1.0 */
CJM_EXPORT const char *cjm_touchpoint_name(const cjm_touchpoint *touchpoint);
/** The channel token, lower case. @since 1.0 */
CJM_EXPORT const char *cjm_touchpoint_channel(const cjm_touchpoint *touchpoint);
/** The owning team or process (the backstage), or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_touchpoint_owner(const cjm_touchpoint *touchpoint);
/** The description, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_touchpoint_description(const cjm_touchpoint *touchpoint);
/** True for an alternative path: not missing when a customer skips it. @since 1.0 */
CJM_EXPORT bool cjm_touchpoint_optional(const cjm_touchpoint *touchpoint);
/** When it happened (actual journeys), or CJM_UNSET. @since 1.0 */
CJM_EXPORT int64_t cjm_touchpoint_at(const cjm_touchpoint *touchpoint);

/** Sets the id (unique among the journey's touchpoints; in an actual
 *  journey any id). Errors: CJM_ERR_INVALID, CJM_ERR_DUPLICATE (never in an
 *  actual journey), CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_set_id(cjm_touchpoint *touchpoint, const char *id);
/** Sets the name. Errors: CJM_ERR_INVALID, CJM_ERR_LIMIT, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_set_name(cjm_touchpoint *touchpoint, const char *name);
/** Sets the channel. Errors: CJM_ERR_INVALID. @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_set_channel(cjm_touchpoint *touchpoint,
                                                 const char *channel);
/** Sets or (NULL, "") clears the owner. Errors as set_name. @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_set_owner(cjm_touchpoint *touchpoint, const char *owner);
/** Sets or (NULL, "") clears the description. Errors as set_name. @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_set_description(cjm_touchpoint *touchpoint,
                                                     const char *description);
/** Sets the optional flag. Errors: CJM_ERR_INVALID (NULL). @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_set_optional(cjm_touchpoint *touchpoint, bool optional);
/** Sets the time or clears it (CJM_UNSET). Errors: CJM_ERR_INVALID,
 *  CJM_ERR_RANGE. @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_set_at(cjm_touchpoint *touchpoint, int64_t at);

/** The touchpoint's extensions: the text, owned by the touchpoint, or NULL; *format
 *  receives its format when format is not NULL. @ingroup extensions
 *  @since 1.0 */
CJM_EXPORT const char *cjm_touchpoint_extensions(const cjm_touchpoint *touchpoint,
                                                 cjm_extensions_format *format);
/** Sets or clears the touchpoint's extensions, with the rules and errors of
 *  @ref extensions. @ingroup extensions @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_set_extensions(cjm_touchpoint *touchpoint,
                                                    cjm_extensions_format format,
                                                    const char *text);

/** The number of feedback items. @since 1.0 */
CJM_EXPORT size_t cjm_touchpoint_feedback_count(const cjm_touchpoint *touchpoint);
/** The feedback item at an index, or NULL past the end. @since 1.0 */
CJM_EXPORT cjm_feedback *cjm_touchpoint_feedback(const cjm_touchpoint *touchpoint,
                                                 size_t index);

/**
 * The low end of the default feedback scale [-2, 2], the five-point
 * emotion scale. Feedback read from a document, a log or columns that
 * give no scale is on this scale, and writers leave out the scale of
 * feedback on it.
 * @since 1.1
 */
#define CJM_DEFAULT_SCALE_MIN (-2.0)
/** The high end of the default feedback scale [-2, 2]. @since 1.1 */
#define CJM_DEFAULT_SCALE_MAX 2.0

/**
 * Adds a feedback item at the end of the touchpoint's list.
 * @param[out] out   receives the new item (borrowed); may be NULL
 * @param touchpoint the touchpoint
 * @param score      the score, within [scale_min, scale_max]
 * @param scale_min  the low end of the scale (#CJM_DEFAULT_SCALE_MIN for
 *                   the default scale)
 * @param scale_max  the high end of the scale (#CJM_DEFAULT_SCALE_MAX)
 * @return CJM_OK; CJM_ERR_INVALID (NULL), CJM_ERR_RANGE (NaN, infinity,
 *         min >= max, max - min not finite, score outside the scale),
 *         CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_touchpoint_add_feedback(cjm_feedback **out,
                                                  cjm_touchpoint *touchpoint,
                                                  double score, double scale_min,
                                                  double scale_max);

/** Removes a feedback item of the touchpoint and frees it.
 *  Errors: CJM_ERR_INVALID for NULL or an item of another touchpoint. @since 1.0 */
CJM_EXPORT cjm_status cjm_touchpoint_remove_feedback(cjm_touchpoint *touchpoint,
                                                     cjm_feedback *feedback);

/* ------------------------------------------------------------------ */
/* Feedback                                                            */
/* ------------------------------------------------------------------ */

/** The touchpoint that owns the item. @since 1.0 */
CJM_EXPORT cjm_touchpoint *cjm_feedback_touchpoint(const cjm_feedback *feedback);
/** The score (NaN for NULL). @since 1.0 */
CJM_EXPORT double cjm_feedback_score(const cjm_feedback *feedback);
/** The low end of the scale (NaN for NULL). @since 1.0 */
CJM_EXPORT double cjm_feedback_scale_min(const cjm_feedback *feedback);
/** The high end of the scale (NaN for NULL). @since 1.0 */
CJM_EXPORT double cjm_feedback_scale_max(const cjm_feedback *feedback);
/**
 * The score on the common scale [-1, 1] (0 neutral), rounded to the
 * millionth exactly as every analysis counts it:
 * llround(1e6 * (2 * (score - min) / (max - min) - 1)) / 1e6.
 * NaN for NULL.
 * @since 1.0
 */
CJM_EXPORT double cjm_feedback_normalized(const cjm_feedback *feedback);
/** The emotion label, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_feedback_emotion(const cjm_feedback *feedback);
/** The verbatim comment, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_feedback_comment(const cjm_feedback *feedback);
/** Where it came from (survey, interview ...), or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_feedback_source(const cjm_feedback *feedback);
/** When it was given, or CJM_UNSET. @since 1.0 */
CJM_EXPORT int64_t cjm_feedback_at(const cjm_feedback *feedback);
/** Who gave it, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_feedback_customer(const cjm_feedback *feedback);

/** The feedback item's extensions: the text, owned by the item, or NULL; *format
 *  receives its format when format is not NULL. @ingroup extensions
 *  @since 1.0 */
CJM_EXPORT const char *cjm_feedback_extensions(const cjm_feedback *feedback,
                                               cjm_extensions_format *format);
/** Sets or clears the feedback item's extensions, with the rules and errors of
 *  @ref extensions. @ingroup extensions @since 1.0 */
CJM_EXPORT cjm_status cjm_feedback_set_extensions(cjm_feedback *feedback,
                                                  cjm_extensions_format format,
                                                  const char *text);

/** Sets score and scale together (rules as cjm_touchpoint_add_feedback()).
 *  Errors: CJM_ERR_INVALID, CJM_ERR_RANGE. @since 1.0 */
CJM_EXPORT cjm_status cjm_feedback_set_score(cjm_feedback *feedback, double score,
                                             double scale_min, double scale_max);
/** Sets or (NULL, "") clears the emotion. Errors: CJM_ERR_INVALID,
 *  CJM_ERR_LIMIT, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_feedback_set_emotion(cjm_feedback *feedback, const char *emotion);
/** Sets or (NULL, "") clears the comment. Errors as set_emotion. @since 1.0 */
CJM_EXPORT cjm_status cjm_feedback_set_comment(cjm_feedback *feedback, const char *comment);
/** Sets or (NULL, "") clears the source. Errors as set_emotion. @since 1.0 */
CJM_EXPORT cjm_status cjm_feedback_set_source(cjm_feedback *feedback, const char *source);
/** Sets the time or clears it (CJM_UNSET). Errors: CJM_ERR_INVALID,
 *  CJM_ERR_RANGE. @since 1.0 */
CJM_EXPORT cjm_status cjm_feedback_set_at(cjm_feedback *feedback, int64_t at);
/** Sets the customer id ("" is an error) or clears it with NULL.
 *  Errors: CJM_ERR_INVALID, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_feedback_set_customer(cjm_feedback *feedback, const char *customer);

/* ------------------------------------------------------------------ */
/* Checks without a journey                                            */
/* ------------------------------------------------------------------ */

/**
 * Checks a channel token and writes its lowered form.
 * @param[out] buf  receives the token, NUL-terminated
 * @param size      size of buf; CJM_CHANNEL_MAX + 1 is always enough
 * @param channel   the token to check
 * @return CJM_OK; CJM_ERR_INVALID for NULL, an empty token, a character
 *         outside `[A-Za-z0-9_-]` or a first character outside
 *         `[A-Za-z0-9]`, or more than 64 bytes; CJM_ERR_LIMIT when buf is
 *         too small.
 * Thread safety: safe from any thread.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_channel_normalize(char *buf, size_t size, const char *channel);

/**
 * Checks an id against the id rules (docs/concepts.md).
 * @return CJM_OK or CJM_ERR_INVALID with a message naming the byte.
 * Thread safety: safe from any thread.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_id_check(const char *id);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_MODEL_H */
