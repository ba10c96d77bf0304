/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/json.h
 * libcjm-json: journey documents and analysis reports as JSON, through
 * jansson (docs/formats.md). Link with `pkg-config --cflags --libs cjm-json`.
 *
 * Readers enforce every rule of the model; a failure names the place as
 * `NAME:LINE:COLUMN: PATH: problem`, with the JSON path of the member
 * (`journey.stages[2].touchpoints[0].channel`) and the position of its value.
 * Nesting deeper than 512 is refused before the text reaches jansson.
 *
 * The module never changes jansson's process-wide settings (allocator, hash
 * seed): jansson's own memory is the embedder's business. Buffers it hands
 * out come from cjm_malloc() and are freed with cjm_free().
 *
 * Thread safety: calls on separate objects may run at once.
 */
#ifndef CJM_JSON_H
#define CJM_JSON_H

#include <stdio.h>
#include <cjm/common.h>
#include <cjm/model.h>
#include <cjm/time.h>
#include <cjm/events.h>
#include <cjm/bulk.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup json libcjm-json: JSON documents, events and reports
 * The optional JSON module (link with `pkg-config --libs cjm-json`).
 * @{
 */

/** Writer flag: one line instead of indented text. @since 1.0 */
#define CJM_JSON_COMPACT 0x1u
/** Writer flag: leave out extensions of another format (XML) instead of
 *  failing with CJM_ERR_UNSUPPORTED. @since 1.0 */
#define CJM_JSON_DROP_FOREIGN_EXTENSIONS 0x2u

/**
 * Reads a journey document (`"format": "cjm-journey"`).
 * @param[out] out  receives a new journey to free with cjm_journey_free()
 * @param data      the document's bytes (a UTF-8 byte-order mark is skipped)
 * @param size      their number
 * @param name      names the input in messages (a file name); NULL: "<buffer>"
 * @return CJM_OK; CJM_ERR_PARSE (not JSON, duplicate keys, integers past
 *         int64, numbers past double), CJM_ERR_LIMIT (nesting past 512, text
 *         past the limits of docs/concepts.md), CJM_ERR_INVALID (a rule broken, a wrong
 *         type, an unknown member), CJM_ERR_DUPLICATE (an id used twice),
 *         CJM_ERR_RANGE (a score outside its scale, a time outside the
 *         range), CJM_ERR_UNSUPPORTED (another format or version),
 *         CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_json_read_journey(cjm_journey **out, const char *data, size_t size,
                                            const char *name);
/** Reads a journey document from a stream to its end. Reading stops
 *  early when the first byte past white space (and a byte-order mark) is
 *  not '{', so that a device without end (/dev/zero) is refused at once,
 *  naming that byte. Errors as cjm_json_read_journey(), CJM_ERR_IO, and
 *  CJM_ERR_LIMIT for a document past 256 MiB (since 1.1). @since 1.0 */
CJM_EXPORT cjm_status cjm_json_read_journey_file(cjm_journey **out, FILE *file,
                                                 const char *name);
/** Reads a journey document from a file. Errors as
 *  cjm_json_read_journey_file(). @since 1.0 */
CJM_EXPORT cjm_status cjm_json_read_journey_path(cjm_journey **out, const char *path);

/**
 * Writes a journey document. Unset fields are left out; durations are
 * integer seconds when whole, else `PT<seconds>.<mmm>S`; times RFC 3339 in
 * UTC. cjm_json_read_journey() reads the result back into an equal journey.
 * @param[out] out     receives the text, NUL-terminated, from cjm_malloc()
 * @param[out] length  receives its length without the NUL; may be NULL
 * @param journey      the journey
 * @param flags        CJM_JSON_COMPACT, CJM_JSON_DROP_FOREIGN_EXTENSIONS
 * @return CJM_OK; CJM_ERR_INVALID (NULL), CJM_ERR_UNSUPPORTED (XML
 *         extensions without CJM_JSON_DROP_FOREIGN_EXTENSIONS), CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_json_write_journey(char **out, size_t *length,
                                             const cjm_journey *journey, unsigned flags);
/** Writes a journey document to a stream. Errors as
 *  cjm_json_write_journey(), and CJM_ERR_IO. @since 1.0 */
CJM_EXPORT cjm_status cjm_json_write_journey_file(FILE *file, const cjm_journey *journey,
                                                  unsigned flags);
/** Writes a journey document to a file, whole or not at all: the document is
 *  written to a new file beside it and renamed over it once complete, so a
 *  failed write (a full disk) leaves the old file as it was. The new file
 *  keeps the old one's permissions; through a symbolic link the file it
 *  names is replaced; a device or a pipe is written directly. Errors as
 *  the in-memory call, and CJM_ERR_IO (the message names the path and the
 *  system's reason; a directory is refused). Whole-file writing since 1.1.
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_json_write_journey_path(const char *path,
                                                  const cjm_journey *journey, unsigned flags);

/**
 * Writes the cjm-report document of docs/formats.md: every figure of the
 * report, null where a figure is undefined, rates and means as numbers
 * that read back as the same double.
 * @return as cjm_json_write_journey().
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_json_write_report(char **out, size_t *length,
                                            const cjm_report *report, unsigned flags);
/** Writes the report document to a stream. @since 1.0 */
CJM_EXPORT cjm_status cjm_json_write_report_file(FILE *file, const cjm_report *report,
                                                 unsigned flags);
/** Writes the report document to a file, whole or not at all: the document is
 *  written to a new file beside it and renamed over it once complete, so a
 *  failed write (a full disk) leaves the old file as it was. The new file
 *  keeps the old one's permissions; through a symbolic link the file it
 *  names is replaced; a device or a pipe is written directly. Errors as
 *  the in-memory call, and CJM_ERR_IO (the message names the path and the
 *  system's reason; a directory is refused). Whole-file writing since 1.1.
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_json_write_report_path(const char *path, const cjm_report *report,
                                                 unsigned flags);

/**
 * Reads events in JSON Lines (docs/formats.md) and hands each to `sink` as it
 * goes: one line is held at a time, so memory does not grow with the
 * input. Empty lines (spaces, tabs, CR) are skipped; `\n` and `\r\n` end
 * lines; a UTF-8 byte-order mark at the start is skipped.
 *
 * A line that cannot be read (not JSON, a broken rule, longer than 1 MiB,
 * nested past 512) is still handed to the sink, marked with
 * cjm_event_set_error() and a message `NAME:LINE:COLUMN: member: problem`:
 * the sink decides. An analysis (cjm_analysis_sink()) stops the reader in
 * strict mode and counts the line in lenient mode.
 *
 * @param data, size  the text
 * @param name        names the input in messages; NULL: "<buffer>"
 * @param threads     how many threads parse lines: 0 for one per processor,
 *                    at most CJM_THREADS_MAX (more count as that many);
 *                    1 for the calling thread only (an embedder whose
 *                    allocator, or jansson's, is not thread-safe). The sink
 *                    is always called in the calling thread, in input order.
 * @param sink        receives each event; an error it returns stops the
 *                    reader and is returned (its message gets the line)
 * @param userdata    passed to the sink
 * @return CJM_OK after the last line; the sink's error; CJM_ERR_INVALID
 *         (NULL arguments); CJM_ERR_NOMEM; CJM_ERR_IO.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_json_read_events(const char *data, size_t size, const char *name,
                                           unsigned threads, cjm_event_sink sink,
                                           void *userdata);
/** Reads JSON Lines events from a stream (standard input too) to its end.
 *  As cjm_json_read_events(). @since 1.0 */
CJM_EXPORT cjm_status cjm_json_read_events_file(FILE *file, const char *name,
                                                unsigned threads, cjm_event_sink sink,
                                                void *userdata);
/** Reads JSON Lines events from a file. As cjm_json_read_events(). @since 1.0 */
CJM_EXPORT cjm_status cjm_json_read_events_path(const char *path, unsigned threads,
                                                cjm_event_sink sink, void *userdata);

/**
 * Writes an event as one JSON Lines line (with its `\n`), which
 * cjm_json_read_events() reads back into the same event.
 * @param[out] out     the line, from cjm_malloc()
 * @param[out] length  its length; may be NULL
 * @param event        the event
 * @return CJM_OK; CJM_ERR_INVALID (NULL, or an event without customer, time
 *         or touchpoint); the event's own status for an unreadable event;
 *         CJM_ERR_UNSUPPORTED (XML extensions); CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_json_write_event(char **out, size_t *length, const cjm_event *event);
/** A cjm_event_sink writing each event as a JSON Lines line to the FILE *
 *  given as userdata. Errors as cjm_json_write_event(), and CJM_ERR_IO.
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_json_event_sink(const cjm_event *event, void *file);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_JSON_H */
