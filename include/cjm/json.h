/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/json.h
 * libcjm-json: journey documents and analysis reports as JSON, through
 * jansson (formats.md). Link with `pkg-config --cflags --libs cjm-json`.
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
#include <cjm/bulk.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 *         past model.md's limits), CJM_ERR_INVALID (a rule broken, a wrong
 *         type, an unknown member), CJM_ERR_DUPLICATE (an id used twice),
 *         CJM_ERR_RANGE (a score outside its scale, a time outside the
 *         range), CJM_ERR_UNSUPPORTED (another format or version),
 *         CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_json_read_journey(cjm_journey **out, const char *data, size_t size,
                                            const char *name);
/** Reads a journey document from a stream to its end. Errors as
 *  cjm_json_read_journey(), and CJM_ERR_IO. @since 1.0 */
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
/** Writes a journey document to a file. @since 1.0 */
CJM_EXPORT cjm_status cjm_json_write_journey_path(const char *path,
                                                  const cjm_journey *journey, unsigned flags);

/**
 * Writes the cjm-report document of formats.md: every figure of the
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
/** Writes the report document to a file. @since 1.0 */
CJM_EXPORT cjm_status cjm_json_write_report_path(const char *path, const cjm_report *report,
                                                 unsigned flags);

#ifdef __cplusplus
}
#endif

#endif /* CJM_JSON_H */
