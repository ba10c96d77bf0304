/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/bulk.h
 * Analysis of many customers' events against a map: funnel, drop-off,
 * silent churn, the customers' feedback and its evidence, transition and
 * completion times, channel hops and switches, backtracks, segments,
 * paths and the flow, and all fourteen gap kinds (docs/analysis.md, "Many
 * customers").
 *
 * An analysis takes events one by one (cjm_analysis_add(),
 * cjm_analysis_add_event(), or as a cjm_event_sink), or in columns
 * (cjm_analysis_add_columns()). It holds each event in 20 bytes, with ids
 * interned once. cjm_analysis_report() computes every figure; the same
 * events in any order, split over analyses (by customer or by event) and merged
 * (cjm_analysis_merge()), give the same report.
 *
 * Invalid events: in strict mode (the default) a call with an invalid event
 * fails with a message naming the field and adds nothing; in lenient mode
 * (cjm_options_set_lenient()) invalid events are skipped and counted, and
 * the first CJM_REJECTED_MESSAGES messages are kept. Either way nothing
 * already held is lost.
 *
 * Thread safety: one analysis per thread while adding; a report is
 * read-only and may be shared. cjm_analysis_add_columns(),
 * cjm_analysis_add_packed() and cjm_analysis_report() may use worker threads
 * (cjm_options_set_threads()); the allocator must then be thread-safe, as
 * the C library's is. Results never depend on the number of threads.
 */
#ifndef CJM_BULK_H
#define CJM_BULK_H

#include <stdbool.h>
#include <cjm/common.h>
#include <cjm/model.h>
#include <cjm/analysis.h>
#include <cjm/events.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup bulk Analysis of many customers
 * @ingroup core
 * Events of many customers against a map: the report, merging and
 * serialized state.
 * @{
 */

/** A bulk analysis of events against a map. @since 1.0 */
typedef struct cjm_analysis cjm_analysis;
/** Every figure of a bulk analysis, and its gaps. @since 1.0 */
typedef struct cjm_report cjm_report;

/** How many messages of rejected events an analysis keeps. @since 1.0 */
#define CJM_REJECTED_MESSAGES 10

/**
 * Makes an analysis of events against a map.
 *
 * The analysis keeps its own copy of the map and of the options: both may
 * change or be freed afterwards without effect on it.
 *
 * @param map      the journey map
 * @param options  thresholds, lenient mode and threads; NULL for defaults
 * @return a new analysis to free with cjm_analysis_free(), or NULL
 *         (CJM_ERR_INVALID for a NULL map or one whose touchpoint ids
 *         repeat, an actual journey's visits; CJM_ERR_NOMEM).
 * @since 1.0
 */
CJM_EXPORT cjm_analysis *cjm_analysis_new(const cjm_journey *map, const cjm_options *options);

/**
 * Makes an analysis of events against a map it shares with its caller.
 *
 * As cjm_analysis_new(), except that the analysis reads `map` itself
 * instead of a copy of its own, so that many small analyses of one map
 * (one per customer, or per group of a database query) cost no copy of the
 * map each. The analysis never changes the map. The options are copied as
 * by cjm_analysis_new().
 *
 * The map is borrowed: the caller keeps it alive and unchanged until the
 * analysis is freed; cjm_analysis_free() leaves it alone. Reports made from
 * the analysis hold copies of what they need and do not borrow it.
 *
 * Thread safety: any number of analyses, in any threads, may share one map
 * at once, since none of them changes it; changing or freeing the map
 * while one of them lives is undefined.
 *
 * @param map      the journey map, borrowed
 * @param options  thresholds, lenient mode and threads; NULL for defaults
 * @return a new analysis to free with cjm_analysis_free(), or NULL, with
 *         the errors of cjm_analysis_new() (each message naming
 *         cjm_analysis_new_shared).
 * @since 1.1
 */
CJM_EXPORT cjm_analysis *cjm_analysis_new_shared(const cjm_journey *map,
                                                 const cjm_options *options);

/**
 * Makes a new, empty analysis of the map and options of `model`.
 *
 * The result is the analysis cjm_analysis_new_shared() (when `model`
 * shares its map) or cjm_analysis_new() (when it has a copy of its own)
 * would make of the same map and options; none of model's events, and not
 * its cancel hook, are carried over. When `model` shares its map and holds
 * no touchpoint, stage or channel beyond the map's (no events added, as a
 * model kept for the purpose), its tables of the map's ids are copied
 * rather than built again: for programs that make many small analyses of
 * one map, such as one per group of a database query, this is several
 * times cheaper than cjm_analysis_new_shared().
 *
 * A shared map stays borrowed: the caller keeps it alive and unchanged
 * until the new analysis is freed too.
 *
 * Thread safety: `model` is only read; any number of threads may make
 * analyses from one model at once while nobody changes it.
 *
 * @param model  the analysis whose map and options to take (only read)
 * @return a new analysis to free with cjm_analysis_free(), or NULL
 *         (CJM_ERR_INVALID for a NULL model; CJM_ERR_NOMEM).
 * @since 1.1
 */
CJM_EXPORT cjm_analysis *cjm_analysis_new_like(const cjm_analysis *model);

/** Frees an analysis; NULL is allowed. @since 1.0 */
CJM_EXPORT void cjm_analysis_free(cjm_analysis *analysis);

/**
 * Adds one event without feedback.
 * @param analysis    the analysis
 * @param customer    the customer id
 * @param at          the time, ms since the epoch
 * @param touchpoint  the touchpoint id; one the map lacks is unplanned
 * @param channel     the channel, or NULL for the touchpoint's channel in
 *                    the map (required for an unplanned touchpoint)
 * @param stage       the stage id, or NULL; must be a stage of the map, and
 *                    the touchpoint's own stage for a planned touchpoint
 * @return CJM_OK (also when lenient mode skipped the event);
 *         CJM_ERR_INVALID (a bad id, channel or time, a stage the map lacks,
 *         an unplanned touchpoint without channel), CJM_ERR_RANGE (time),
 *         CJM_ERR_CONFLICT (a stage other than the touchpoint's),
 *         CJM_ERR_LIMIT (more than 65,535 channels or 2^32 - 1 customers or
 *         touchpoints), CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_add(cjm_analysis *analysis, const char *customer,
                                       int64_t at, const char *touchpoint,
                                       const char *channel, const char *stage);

/**
 * Adds one event with everything it carries (feedback included).
 * @return as cjm_analysis_add(); CJM_ERR_INVALID also when the event lacks
 *         a customer, a time or a touchpoint.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_add_event(cjm_analysis *analysis, const cjm_event *event);

/**
 * A cjm_event_sink that adds each event to the analysis given as userdata:
 * `reader(..., cjm_analysis_sink, analysis)`.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_sink(const cjm_event *event, void *analysis);

/**
 * Adds n events given as columns, in one call.
 *
 * Element i of each column describes event i. `channels`, `stages` and the
 * three feedback columns may be NULL (no event has one); a NULL string in
 * `channels` or `stages`, and a NaN in `scores`, mean "none" for that
 * event. An event has feedback when its score is not NaN; its scale is
 * [scale_min[i], scale_max[i]], or the default scale [-2, 2]
 * (#CJM_DEFAULT_SCALE_MIN, #CJM_DEFAULT_SCALE_MAX) when those columns are NULL.
 *
 * In strict mode the call is all or nothing: an invalid event fails it,
 * the message names its index, and no event of the call is added.
 *
 * @return as cjm_analysis_add(); CJM_ERR_INVALID also for a NULL required
 *         column with n > 0.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_add_columns(cjm_analysis *analysis, size_t n,
                                               const char *const *customers,
                                               const int64_t *at,
                                               const char *const *touchpoints,
                                               const char *const *channels,
                                               const char *const *stages,
                                               const double *scores,
                                               const double *scale_min,
                                               const double *scale_max);

/**
 * cjm_analysis_add_columns() with each string column packed into one
 * buffer: `n` NUL-terminated strings back to back (`"c-1\0c-2\0"`), so
 * that bindings can pass a column as one block of bytes. In `channels` and
 * `stages` (which may be NULL), an empty string means none.
 * @param analysis                        the analysis
 * @param n                               the number of events
 * @param customers, customers_size       the packed column and its bytes
 * @param at                              the times, as for cjm_analysis_add_columns()
 * @param touchpoints, touchpoints_size   likewise
 * @param channels, channels_size         likewise, or NULL and 0
 * @param stages, stages_size             likewise, or NULL and 0
 * @param scores, scale_min, scale_max    as for cjm_analysis_add_columns()
 * @return as cjm_analysis_add_columns(); CJM_ERR_INVALID also when a
 *         buffer does not hold exactly n strings (a string with a NUL in
 *         it, or a missing terminator).
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_add_packed(cjm_analysis *analysis, size_t n,
                                              const char *customers, size_t customers_size,
                                              const int64_t *at,
                                              const char *touchpoints, size_t touchpoints_size,
                                              const char *channels, size_t channels_size,
                                              const char *stages, size_t stages_size,
                                              const double *scores, const double *scale_min,
                                              const double *scale_max);

/**
 * A column of strings as codes into a table of its distinct strings: the
 * layout of Arrow's dictionary arrays (int32 indices, string offsets and
 * data) and of pandas' categoricals, so that a binding passes n events'
 * strings without making n strings.
 *
 * Event i's string is string codes[i] of the table, or none when codes[i]
 * is negative (a missing value). String k is the bytes
 * data[offsets[k]] .. data[offsets[k + 1] - 1]: UTF-8 without a NUL byte,
 * not NUL-terminated. The strings need not be distinct: equal strings
 * under two codes are one value (the figures are those of a table with
 * each string once), so a binding may encode distinct objects without
 * comparing their text.
 * @since 1.1
 */
typedef struct cjm_dictionary_column {
    const int32_t *codes;   /**< n codes, each below count or negative */
    size_t count;           /**< the number of strings in the table */
    const int64_t *offsets; /**< count + 1 offsets into data, from 0 up, never down */
    const char *data;       /**< the strings' bytes, back to back */
} cjm_dictionary_column;

/**
 * cjm_analysis_add_columns() with each string column given as a
 * cjm_dictionary_column. Each table is checked once; each event is then
 * checked as cjm_analysis_add_columns() checks it. A negative code is a
 * missing value: no channel or no stage, and an invalid event in
 * `customers` or `touchpoints` (skipped in lenient mode).
 *
 * The call is all or nothing in strict mode, as cjm_analysis_add_columns().
 * It copies the tables' strings (memory proportional to their size, not
 * to n) and keeps nothing of the columns after it returns.
 *
 * @param analysis                       the analysis
 * @param n                              the number of events
 * @param customers, touchpoints         the required string columns
 * @param at                             the times, as for cjm_analysis_add_columns()
 * @param channels, stages               optional string columns, or NULL
 * @param scores, scale_min, scale_max   as for cjm_analysis_add_columns()
 * @return as cjm_analysis_add_columns(); CJM_ERR_INVALID also for NULL
 *         codes, offsets or data, offsets that go down or start below 0, a
 *         code at or past count (naming the event), a string holding a NUL
 *         byte; CJM_ERR_LIMIT for more than 2^31 - 1 strings in a table.
 *         Thread safety as cjm_analysis_add_columns().
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_analysis_add_dictionary(cjm_analysis *analysis, size_t n,
                                                  const cjm_dictionary_column *customers,
                                                  const int64_t *at,
                                                  const cjm_dictionary_column *touchpoints,
                                                  const cjm_dictionary_column *channels,
                                                  const cjm_dictionary_column *stages,
                                                  const double *scores,
                                                  const double *scale_min,
                                                  const double *scale_max);

/**
 * An event attribute given as a column: one key, and each event's value,
 * as a DataFrame holds one column per attribute. The values come in one of
 * two forms: `values`, n strings (NULL: the event has no such attribute),
 * or `dictionary`, codes into a table of distinct strings (a negative code:
 * none), so a categorical or an Arrow dictionary column passes without
 * making n strings. Give exactly one of the two.
 * @since 1.1
 */
typedef struct cjm_attribute_column {
    const char *key;                          /**< the key, by the id rules */
    const char *const *values;                /**< n values, or NULL */
    const cjm_dictionary_column *dictionary;  /**< or the values as codes, or NULL */
} cjm_attribute_column;

/**
 * cjm_analysis_add_columns() with attribute columns: attribute k of event
 * i is the value of `attributes[k]` at i. Each key is checked once (the id
 * rules; two columns with one key are refused, as an event holds a key
 * once), each value as cjm_event_set_attribute() checks it: a value of a
 * `values` column per event, a dictionary's strings once per call. An
 * event with a bad value is an invalid event: it fails the call in strict
 * mode (the message names the event's index and the key) and is skipped
 * and counted in lenient mode. Past the checks the analysis does not look
 * at attributes: it holds nothing of them.
 * @param analysis                          the analysis
 * @param n                                 the number of events
 * @param customers ... scale_max           as for cjm_analysis_add_columns()
 * @param attributes                        attribute_count columns of n values
 * @param attribute_count                   their number (0: none, like
 *                                          cjm_analysis_add_columns())
 * @return as cjm_analysis_add_columns(); CJM_ERR_INVALID also for NULL
 *         attributes with attribute_count > 0, a NULL or bad key, two
 *         columns with one key, a column giving both or neither form, a bad
 *         dictionary (as cjm_analysis_add_dictionary() checks it), an
 *         invalid value (strict mode); CJM_ERR_LIMIT for more than
 *         #CJM_ATTRIBUTES_MAX columns, a value over #CJM_ATTRIBUTE_VALUE_MAX
 *         bytes (strict mode).
 *         Thread safety as cjm_analysis_add_columns().
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_analysis_add_columns_with_attributes(
    cjm_analysis *analysis, size_t n, const char *const *customers, const int64_t *at,
    const char *const *touchpoints, const char *const *channels, const char *const *stages,
    const double *scores, const double *scale_min, const double *scale_max,
    const cjm_attribute_column *attributes, size_t attribute_count);

/**
 * cjm_analysis_add_dictionary() with attribute columns, as
 * cjm_analysis_add_columns_with_attributes() takes them.
 * @return as cjm_analysis_add_dictionary() and
 *         cjm_analysis_add_columns_with_attributes().
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_analysis_add_dictionary_with_attributes(
    cjm_analysis *analysis, size_t n, const cjm_dictionary_column *customers, const int64_t *at,
    const cjm_dictionary_column *touchpoints, const cjm_dictionary_column *channels,
    const cjm_dictionary_column *stages, const double *scores, const double *scale_min,
    const double *scale_max, const cjm_attribute_column *attributes, size_t attribute_count);

/**
 * cjm_analysis_add_dictionary_with_attributes() with every score on one
 * scale, given once instead of as two columns of n values: a DataFrame's
 * scores on one survey's scale pass without 16 bytes per event.
 * Each event with a score (a number in `scores`, not NaN) is checked as
 * cjm_analysis_add_columns() checks it against the scale: a scale that
 * is not finite with scale_min < scale_max, or a score outside it, makes
 * that event invalid (naming it; skipped in lenient mode). The scale is
 * not read when `scores` is NULL.
 * @param analysis                       the analysis
 * @param n                              the number of events
 * @param customers, at ... stages       as for cjm_analysis_add_dictionary()
 * @param scores                         n scores (NaN: no feedback), or NULL
 * @param scale_min, scale_max           the scale of every score
 * @param attributes, attribute_count    as for
 *                                       cjm_analysis_add_columns_with_attributes()
 *                                       (NULL and 0: none)
 * @return as cjm_analysis_add_dictionary_with_attributes().
 *         Thread safety as cjm_analysis_add_columns().
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_analysis_add_dictionary_on_scale(
    cjm_analysis *analysis, size_t n, const cjm_dictionary_column *customers, const int64_t *at,
    const cjm_dictionary_column *touchpoints, const cjm_dictionary_column *channels,
    const cjm_dictionary_column *stages, const double *scores, double scale_min,
    double scale_max, const cjm_attribute_column *attributes, size_t attribute_count);

/**
 * A cancel hook: returns true when the work should stop (a user pressed
 * Ctrl-C, a database cancelled the statement). It must only look (read a
 * flag, the clock): it must not call the library, and must return (no
 * longjmp or exception through the library).
 * @since 1.1
 */
typedef bool (*cjm_cancel_fn)(void *user);

/**
 * Sets the hook that long work on this analysis asks, now and then,
 * whether to stop: cjm_analysis_merge() and cjm_analysis_merge_serialized()
 * (into's hook), cjm_analysis_report()
 * and cjm_analysis_serialize() ask it about every 4,096 events or
 * customers, and before their last step, so a stop arrives within a few
 * milliseconds of the hook saying so. The columns calls
 * (cjm_analysis_add_columns(), cjm_analysis_add_packed(), the dictionary
 * calls and their forms with attributes) ask it before each block of
 * 65,536 events (since 1.1), and a stop there takes back every event of
 * the call, in lenient mode too. When it returns true the call stops
 * and returns #CJM_ERR_CANCELLED with the analysis, and every other
 * object, as before the call: usable and freeable. The hook is called in
 * the thread that made the call (never on the analysis's worker threads),
 * and is not carried by cjm_analysis_serialize().
 * @param analysis   the analysis
 * @param cancelled  the hook, or NULL to remove it
 * @param user       passed to the hook as it is
 * @return CJM_OK; CJM_ERR_INVALID (NULL analysis).
 *         Thread safety: not with other calls on the same analysis.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_analysis_set_cancel(cjm_analysis *analysis, cjm_cancel_fn cancelled,
                                              void *user);

/**
 * Folds `from` into `into`: afterwards `into` holds the events of both, and
 * its report equals the report of one analysis fed into's events, then
 * from's. The two must analyse equal maps; they may hold the same
 * customers (a customer's events are then united), so work can be split by
 * customer or by event, as a database splits rows among its workers. Only
 * the order of one customer's events at the same instant, split over both,
 * depends on the order of merging (ties are in arrival order). `from` is
 * not changed; rejected counts add up. Both must be made with the same
 * options (since 1.1), each compared exactly: the counts, thresholds and
 * confidence, the lengths of the report's lists
 * (cjm_options_set_max_paths(), cjm_options_set_max_flow_edges()),
 * lenient, the default channel, the breakdown and max_segments; every
 * option but threads, which only shares out the work. Merged figures are then those of one analysis made
 * with those options. (1.0 merged any options, keeping into's.)
 * @return CJM_OK; CJM_ERR_INVALID (NULL, or the same analysis twice),
 *         CJM_ERR_CONFLICT (different maps; different options: the
 *         message names the first that differs, in the order above, with
 *         from's value and into's, "max_paths 0, into: 10"),
 *         CJM_ERR_LIMIT, CJM_ERR_NOMEM, CJM_ERR_CANCELLED (into's cancel
 *         hook, since 1.1); on error `into` is unchanged.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_merge(cjm_analysis *into, const cjm_analysis *from);

/**
 * Folds `from` into `into` as cjm_analysis_merge() does, with the same
 * report, and then frees `from`: its events, and the table of customers
 * of each of its shards into holds no customer of, move into `into`
 * rather than being copied, so a merge costs about a pass over from's
 * customer indexes instead of a copy of every event. (With a breakdown,
 * whose feedback items lie beside their events, the events are copied as
 * by cjm_analysis_merge().) What a database's leader does with its
 * workers' analyses, which it needs no more once merged.
 * @param into  the analysis that receives
 * @param from  the analysis merged and freed on success; on error it is
 *              unchanged and still the caller's to free
 * @return as cjm_analysis_merge(); on error both analyses are unchanged.
 * Not thread-safe for either analysis.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_analysis_merge_free(cjm_analysis *into, cjm_analysis *from);

/**
 * Writes everything a merge or a report needs as bytes: a versioned format,
 * the same on every machine (little-endian, fixed widths), so a partial
 * analysis can travel between processes and machines (a database's partial
 * aggregates). The map itself is not included, only a digest of it; the
 * options the analysis was made with are.
 *
 * Format version 5 (since 1.1; version 2 lacked the sums of squares and
 * the confidence, version 3 the lengths of the paths and flow lists,
 * version 4 summed its checksum in one lane):
 * bytes 0-3 "CJMA"; 4-7 the version (5); 8-15 the
 * state's size in bytes; 16-23 a digest of the map; then the options
 * (confidence, max_paths and max_flow_edges included), the channels and unplanned touchpoints met, each
 * shard's customers, flags and events, the feedback sums of each
 * touchpoint and stage as tables (a 32-bit row count and sums per row,
 * then the rows, each: the count, the sum of millionths, and the sum of
 * their squares as its low and high 64 bits), the rejected count and messages; and
 * in the last 8 bytes a checksum of every byte before them: the bytes
 * are 8-byte little-endian words (the last padded with zero bytes), word
 * m going to lane m mod 4; lane j starts from n + j (n the number of
 * bytes summed) and each of its words w makes
 * h = rotl64((h ^ w) * 0x9e3779b97f4a7c15, 29); then, from h = n, the four
 * lanes' values in order go through the same step as words, and the
 * checksum is h ^ (h >> 32). Every step is
 * one-to-one, so any change within one word, every single-byte change
 * among them, gives another checksum; any other change is missed with a
 * chance of about 2^-64. The checksum guards against damage, not against
 * someone who forges a state on purpose: the reader's checks of every
 * length, index and range still stand behind it.
 * @param[out] out   receives the bytes, from cjm_malloc() (free with cjm_free())
 * @param[out] size  receives their number
 * @param analysis   the analysis (only read)
 * @return CJM_OK; CJM_ERR_INVALID (NULL); CJM_ERR_NOMEM;
 *         CJM_ERR_CANCELLED (the analysis's cancel hook, since 1.1).
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_serialize(void **out, size_t *size,
                                             const cjm_analysis *analysis);

/**
 * Makes an analysis again from cjm_analysis_serialize()'s bytes and the
 * map it was made with, with the options it was made with. Its report, and
 * its merges, equal the original's. Its format version, size and checksum
 * are checked before anything else is read, so a state cut short,
 * extended or damaged is refused, never misread (a damaged version field
 * is told as damage, not as another version, when the rest of the state
 * is whole); then every length, index and range: bad bytes are an error,
 * never a crash.
 * @param[out] out  receives a new analysis
 * @param map       the analysis's map (its digest must match)
 * @param data      the bytes
 * @param size      their number
 * @return CJM_OK; CJM_ERR_INVALID (NULL); CJM_ERR_PARSE (bytes that are not
 *         such a state, a wrong size or checksum, naming the offset);
 *         CJM_ERR_UNSUPPORTED (a format version this library does not
 *         read, such as version 1 of cjm 1.0.0, which had no checksum,
 *         or versions 2 to 4, without some of version 5's sums and
 *         options or with the checksum in one lane: make the state
 *         again); CJM_ERR_CONFLICT (another map);
 *         CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_deserialize(cjm_analysis **out, const cjm_journey *map,
                                               const void *data, size_t size);

/**
 * Folds the analysis a state holds into `into`, reading it from its bytes:
 * `into` then holds what cjm_analysis_deserialize() followed by
 * cjm_analysis_merge() would give it, and its report is byte for byte the
 * same. No analysis of the state is built: its customers are interned
 * straight into into's tables and its events appended from the bytes, so
 * the merge costs about one pass over the state and a lookup per
 * customer, rather than a table per customer of the state and a second
 * pass over it. (A state made with a breakdown, whose feedback items lie
 * beside their events, is read whole and then merged.) What a database's
 * leader does with its workers' states.
 *
 * The state is checked as cjm_analysis_deserialize() checks it, and
 * `into` is left as it was whatever is wrong: the format version, size and
 * checksum first, then every length, id, flag and sum, the map's digest
 * against into's map and the options against into's, all before `into`
 * changes; a customer twice in the state and an event out of range as
 * they are taken in (checking each event as it is copied saves a pass
 * over the bulk of the state), what was taken in then taken back.
 * @param into  the analysis that receives
 * @param data  the bytes of cjm_analysis_serialize(), only read: the
 *              caller keeps them, and may free them once the call returns
 * @param size  their number
 * @return CJM_OK; CJM_ERR_INVALID (NULL into, or NULL data with a size);
 *         CJM_ERR_PARSE (bytes that are not such a state, a wrong size or
 *         checksum, a bad length, id, index or range, a customer twice in
 *         the state; the message names the offset), CJM_ERR_UNSUPPORTED
 *         (another format version), as cjm_analysis_deserialize();
 *         CJM_ERR_CONFLICT (a state of another map, or made with other
 *         options: the message names the first that differs, as
 *         cjm_analysis_merge()); CJM_ERR_LIMIT, CJM_ERR_NOMEM,
 *         CJM_ERR_CANCELLED (into's cancel hook). On every error `into`
 *         is unchanged. Messages name cjm_analysis_merge_serialized.
 *         Thread safety: not with other calls on `into`; the bytes may be
 *         read by other threads at the same time.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_analysis_merge_serialized(cjm_analysis *into, const void *data,
                                                    size_t size);

/** The number of valid events held. @since 1.0 */
CJM_EXPORT uint64_t cjm_analysis_event_count(const cjm_analysis *analysis);
/** The number of distinct customers held. @since 1.0 */
CJM_EXPORT uint64_t cjm_analysis_customer_count(const cjm_analysis *analysis);
/** The number of events lenient mode skipped. @since 1.0 */
CJM_EXPORT uint64_t cjm_analysis_rejected_count(const cjm_analysis *analysis);
/** The message of skipped event i, for i below the smaller of the rejected
 *  count and CJM_REJECTED_MESSAGES; NULL otherwise. @since 1.0 */
CJM_EXPORT const char *cjm_analysis_rejected_message(const cjm_analysis *analysis, size_t i);

/**
 * Computes the report of every event held so far. The analysis stays as it
 * was: more events may be added and another report made.
 * @param[out] out  receives a new report to free with cjm_report_free()
 * @param analysis  the analysis (only read)
 * @return CJM_OK; CJM_ERR_INVALID (NULL); CJM_ERR_NOMEM;
 *         CJM_ERR_CANCELLED (the analysis's cancel hook, since 1.1).
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_analysis_report(cjm_report **out, const cjm_analysis *analysis);

/** Frees a report; NULL is allowed. @since 1.0 */
CJM_EXPORT void cjm_report_free(cjm_report *report);

/* Totals. A report owns its strings; it outlives its analysis and map. */

/** The id of the map the report is about. @since 1.0 */
CJM_EXPORT const char *cjm_report_journey(const cjm_report *report);
/** Customers with at least one valid event. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_customers(const cjm_report *report);
/** Valid events. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_events(const cjm_report *report);
/** Customers' feedback items: those on events. Since 1.1 the map's own
 *  items are counted apart (cjm_report_map_feedback()). @since 1.0 */
CJM_EXPORT uint64_t cjm_report_feedback(const cjm_report *report);
/** The map's own feedback items (research notes, interviews): reported
 *  beside the customers', never mixed into their figures or gaps.
 *  @since 1.1 */
CJM_EXPORT uint64_t cjm_report_map_feedback(const cjm_report *report);
/** Customers who reached the final stage. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_completed(const cjm_report *report);
/** Events lenient mode skipped. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_rejected(const cjm_report *report);
/** The samples of the completion time: the completed customers. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_completion_samples(const cjm_report *report);
/**
 * A percentile of the completion time: per completed customer, the time
 * from its earliest staged event to its first event in the final stage;
 * the sample at index ceil(percent * n / 100) - 1 of the n samples sorted.
 * @param report   the report
 * @param percent  25, 50, 75 or 90
 * @return the time in ms; CJM_UNSET without samples or for another percent.
 * @since 1.1
 */
CJM_EXPORT int64_t cjm_report_completion_percentile(const cjm_report *report, unsigned percent);
/** Channel switches along the map's own sequence. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_map_channel_switches(const cjm_report *report);

/* Stages, in map order. Functions taking an index return 0 (NaN for a
 * double, NULL for a string) past the end. */

/** The number of stages. @since 1.0 */
CJM_EXPORT size_t cjm_report_stage_count(const cjm_report *report);
/** The id of stage i. @since 1.0 */
CJM_EXPORT const char *cjm_report_stage_id(const cjm_report *report, size_t i);
/** Customers with a staged event in stage i. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_stage_reached(const cjm_report *report, size_t i);
/** The closed funnel at stage i: customers who reached every stage up to
 *  i, each first reached no earlier than the one before it in map order.
 *  It never grows from one stage to the next, as reached can. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_stage_funnel(const cjm_report *report, size_t i);
/** Customers who did not complete and whose last staged event is in stage
 *  i (0 for the final stage). @since 1.0 */
CJM_EXPORT uint64_t cjm_report_stage_dropped(const cjm_report *report, size_t i);
/** dropped / reached (0 when reached is 0). @since 1.0 */
CJM_EXPORT double cjm_report_stage_drop_rate(const cjm_report *report, size_t i);
/** Dropped customers without feedback on any of their events. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_stage_silent_churn(const cjm_report *report, size_t i);
/** Customers' feedback items on the stage's events (since 1.1 without the
 *  map's own items). @since 1.0 */
CJM_EXPORT uint64_t cjm_report_stage_feedback(const cjm_report *report, size_t i);
/** Their mean normalized score; NaN when there is none. @since 1.0 */
CJM_EXPORT double cjm_report_stage_mean_score(const cjm_report *report, size_t i);
/** The sample standard deviation of the normalized scores of the
 *  customers' items on stage i, from exact sums; NaN with fewer than 2
 *  items. @since 1.1 */
CJM_EXPORT double cjm_report_stage_score_sd(const cjm_report *report, size_t i);
/** mean + t * score_sd / sqrt(n), t the confidence-quantile of Student's t
 *  with n - 1 degrees of freedom (cjm_options_set_confidence()): how high
 *  the mean could reasonably be. NaN with fewer than 2 items or confidence
 *  0. @since 1.1 */
CJM_EXPORT double cjm_report_stage_score_high(const cjm_report *report, size_t i);
/** The map's own feedback items on the touchpoints of stage i. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_stage_map_feedback(const cjm_report *report, size_t i);
/** Their mean normalized score; NaN when there is none. @since 1.1 */
CJM_EXPORT double cjm_report_stage_map_mean_score(const cjm_report *report, size_t i);
/** The median time from first reaching stage i to first reaching stage
 *  i + 1, in ms; CJM_UNSET when there is no sample (always for the final
 *  stage). @since 1.0 */
CJM_EXPORT int64_t cjm_report_stage_median_transition_ms(const cjm_report *report, size_t i);
/** How many samples that median has. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_stage_transition_samples(const cjm_report *report, size_t i);
/**
 * A percentile of the transition times of stage i (the samples of
 * cjm_report_stage_median_transition_ms()): the sample at index
 * ceil(percent * n / 100) - 1 of the n samples sorted, so that 50 gives
 * the median.
 * @param report   the report
 * @param i        the stage
 * @param percent  25, 50, 75 or 90
 * @return the time in ms; CJM_UNSET without samples, past the end, or for
 *         another percent.
 * @since 1.1
 */
CJM_EXPORT int64_t cjm_report_stage_transition_percentile(const cjm_report *report, size_t i,
                                                          unsigned percent);
/** Customers who changed channel between two adjacent events of stage i.
 *  @since 1.0 */
CJM_EXPORT uint64_t cjm_report_stage_switch_customers(const cjm_report *report, size_t i);
/** Customers who hopped in stage i: changed channel between two adjacent
 *  events of the stage in a way the map does not plan (a planned change
 *  goes from one of the stage's touchpoints to a later one, each over its
 *  own channel in the map). @since 1.1 */
CJM_EXPORT uint64_t cjm_report_stage_hop_customers(const cjm_report *report, size_t i);

/* Touchpoints: the planned ones in map order, then the unplanned by id. */

/** The number of touchpoints. @since 1.0 */
CJM_EXPORT size_t cjm_report_touchpoint_count(const cjm_report *report);
/** The id of touchpoint i. @since 1.0 */
CJM_EXPORT const char *cjm_report_touchpoint_id(const cjm_report *report, size_t i);
/** Its stage id: the map's for a planned touchpoint; for an unplanned one
 *  the earliest stage any of its events named, or NULL. @since 1.0 */
CJM_EXPORT const char *cjm_report_touchpoint_stage(const cjm_report *report, size_t i);
/** Whether touchpoint i is in the map. @since 1.0 */
CJM_EXPORT bool cjm_report_touchpoint_planned(const cjm_report *report, size_t i);
/** Its channel: the map's, or for an unplanned touchpoint the one most of
 *  its events used (ties: the smallest token). @since 1.0 */
CJM_EXPORT const char *cjm_report_touchpoint_channel(const cjm_report *report, size_t i);
/** Its events. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_touchpoint_events(const cjm_report *report, size_t i);
/** Distinct customers among its events. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_touchpoint_customers(const cjm_report *report, size_t i);
/** Customers' feedback items on its events (since 1.1 without the map's
 *  own items). @since 1.0 */
CJM_EXPORT uint64_t cjm_report_touchpoint_feedback(const cjm_report *report, size_t i);
/** Their mean normalized score; NaN when there is none. @since 1.0 */
CJM_EXPORT double cjm_report_touchpoint_mean_score(const cjm_report *report, size_t i);
/** As cjm_report_stage_score_sd(), for touchpoint i. @since 1.1 */
CJM_EXPORT double cjm_report_touchpoint_score_sd(const cjm_report *report, size_t i);
/** As cjm_report_stage_score_high(), for touchpoint i. @since 1.1 */
CJM_EXPORT double cjm_report_touchpoint_score_high(const cjm_report *report, size_t i);
/** The map's own feedback items on touchpoint i (0 for an unplanned one).
 *  @since 1.1 */
CJM_EXPORT uint64_t cjm_report_touchpoint_map_feedback(const cjm_report *report, size_t i);
/** Their mean normalized score; NaN when there is none. @since 1.1 */
CJM_EXPORT double cjm_report_touchpoint_map_mean_score(const cjm_report *report, size_t i);

/* Channels. */

/** The number of channels that have events. @since 1.0 */
CJM_EXPORT size_t cjm_report_channel_count(const cjm_report *report);
/** Channel i, in byte order. @since 1.0 */
CJM_EXPORT const char *cjm_report_channel(const cjm_report *report, size_t i);
/** The events of channel i. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_channel_events(const cjm_report *report, size_t i);
/** Adjacent pairs of a customer's events whose channels differ, summed over
 *  customers. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_switches(const cjm_report *report);
/** Customers with at least one switch. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_multichannel_customers(const cjm_report *report);
/** The number of (from, to) channel pairs with switches. @since 1.0 */
CJM_EXPORT size_t cjm_report_matrix_count(const cjm_report *report);
/** The channel switched from in pair i; pairs sorted by (from, to) in byte
 *  order. @since 1.0 */
CJM_EXPORT const char *cjm_report_matrix_from(const cjm_report *report, size_t i);
/** The channel switched to in pair i. @since 1.0 */
CJM_EXPORT const char *cjm_report_matrix_to(const cjm_report *report, size_t i);
/** How many switches pair i has. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_matrix_switches(const cjm_report *report, size_t i);

/* Backtracks. */

/** Backtracks in all: adjacent staged events going to an earlier stage. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_backtracks(const cjm_report *report);
/** Customers with at least one backtrack. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_backtrack_customers(const cjm_report *report);
/** The number of (from, to) stage pairs with backtracks. @since 1.0 */
CJM_EXPORT size_t cjm_report_backtrack_pair_count(const cjm_report *report);
/** The stage backtracked from in pair i; pairs sorted by the stage index of
 *  from, then of to. @since 1.0 */
CJM_EXPORT const char *cjm_report_backtrack_from(const cjm_report *report, size_t i);
/** The stage backtracked to in pair i. @since 1.0 */
CJM_EXPORT const char *cjm_report_backtrack_to(const cjm_report *report, size_t i);
/** The backtracks of pair i. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_backtrack_pair_backtracks(const cjm_report *report, size_t i);
/** The customers with at least one backtrack of pair i. @since 1.0 */
CJM_EXPORT uint64_t cjm_report_backtrack_pair_customers(const cjm_report *report, size_t i);

/* Segments (with a breakdown: cjm_options_set_breakdown()). Entry i of
 * the report's `segments`: for an attribute by customers (most first),
 * then value in byte order, the null segment last among equals, and the
 * pooled `other` entry at the end; for a cohort by period. Every figure is
 * the whole report's figure over the entry's customers and their events
 * alone. Out of range (or without a breakdown) the getters return 0, NULL,
 * false or NaN. */

/** The breakdown's text (borrowed), or NULL for a report without one. @since 1.1 */
CJM_EXPORT const char *cjm_report_breakdown(const cjm_report *report);
/** The number of segments (0 without a breakdown). @since 1.1 */
CJM_EXPORT size_t cjm_report_segment_count(const cjm_report *report);
/** Segment i's value (borrowed): the attribute's value or the cohort's
 *  label; NULL for the customers without the attribute and for the pooled
 *  entry. @since 1.1 */
CJM_EXPORT const char *cjm_report_segment_value(const cjm_report *report, size_t i);
/** Whether segment i is the pooled entry of the values past max_segments - 1.
 *  @since 1.1 */
CJM_EXPORT bool cjm_report_segment_other(const cjm_report *report, size_t i);
/** Segment i's customers. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_customers(const cjm_report *report, size_t i);
/** Their valid events. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_events(const cjm_report *report, size_t i);
/** Those of them who reached the final stage. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_completed(const cjm_report *report, size_t i);
/** completed / customers (0 for no customers). @since 1.1 */
CJM_EXPORT double cjm_report_segment_completion_rate(const cjm_report *report, size_t i);
/** Feedback items on their events. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_feedback(const cjm_report *report, size_t i);
/** Their mean normalized score; NaN when there is none. @since 1.1 */
CJM_EXPORT double cjm_report_segment_mean_score(const cjm_report *report, size_t i);
/** Stage s (map order) for segment i: customers who reached it. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_stage_reached(const cjm_report *report, size_t i,
                                                     size_t s);
/** The closed funnel at stage s for segment i. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_stage_funnel(const cjm_report *report, size_t i,
                                                    size_t s);
/** Customers of segment i who left at stage s. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_stage_dropped(const cjm_report *report, size_t i,
                                                     size_t s);
/** dropped / reached (0 when none reached). @since 1.1 */
CJM_EXPORT double cjm_report_segment_stage_drop_rate(const cjm_report *report, size_t i,
                                                     size_t s);
/** Of those who left, those who gave no feedback at all. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_stage_silent_churn(const cjm_report *report, size_t i,
                                                          size_t s);
/** Feedback items of segment i's customers on events of stage s. @since 1.1 */
CJM_EXPORT uint64_t cjm_report_segment_stage_feedback(const cjm_report *report, size_t i,
                                                      size_t s);
/** Their mean normalized score; NaN when there is none. @since 1.1 */
CJM_EXPORT double cjm_report_segment_stage_mean_score(const cjm_report *report, size_t i,
                                                      size_t s);
/** Their sample standard deviation; NaN with fewer than 2. @since 1.1 */
CJM_EXPORT double cjm_report_segment_stage_score_sd(const cjm_report *report, size_t i,
                                                    size_t s);

/* Gaps. */

/** The gaps (all fourteen kinds), by severity; borrowed from the report. @since 1.0 */
CJM_EXPORT const cjm_gap_list *cjm_report_gaps(const cjm_report *report);
/** The number of gaps. @since 1.0 */
CJM_EXPORT size_t cjm_report_gap_count(const cjm_report *report);
/** Gap i, borrowed from the report, or NULL past the end. @since 1.0 */
CJM_EXPORT const cjm_gap *cjm_report_gap(const cjm_report *report, size_t i);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_BULK_H */
