/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/html.h
 * The report as one self-contained HTML page (docs/html.md): the map with
 * its red points, the closed funnel, the emotion curve with its evidence,
 * channels, time, and every red point with its figures, each section with
 * a sentence saying how to read it.
 *
 * The page needs nothing but itself: no script, no external style sheet,
 * font or image, no address of any kind; the pictures are inline SVG with
 * real text, drawn by the same code as cjm/svg.h. It opens from disk in
 * any current browser and prints on A4 landscape. Every name from the map
 * or the events is escaped; numbers are written without the C locale.
 *
 * Thread safety: the functions only read their arguments; separate pages
 * may be written from separate threads at once.
 */
#ifndef CJM_HTML_H
#define CJM_HTML_H

#include <stddef.h>
#include <stdio.h>
#include <cjm/common.h>
#include <cjm/model.h>
#include <cjm/bulk.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup html The report as a page
 * @ingroup core
 * A bulk report, with its map, as one self-contained HTML page.
 * @{
 */

/**
 * Writes the page of a report.
 *
 * @param[out] out       receives the page, NUL-terminated, from
 *                       cjm_malloc(); free it with cjm_free()
 * @param[out] length    receives its length without the NUL; may be NULL
 * @param map            the journey map the report is of
 * @param report         a report from cjm_analysis_report() for this map
 * @param customers      the start of a shell command that lists customers
 *                       (`cjm customers map.json events.jsonl`), to which
 *                       the page appends each red point's selection so a
 *                       reader can list the customers behind it; NULL for
 *                       none. Written as given (escaped for HTML).
 * @return CJM_OK; CJM_ERR_INVALID (NULL out, map or report);
 *         CJM_ERR_CONFLICT (the report is of another map: its journey id
 *         or stages differ); CJM_ERR_NOMEM. On failure *out is untouched.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_html_write(char **out, size_t *length, const cjm_journey *map,
                                     const cjm_report *report, const char *customers);

/** Writes the page to a file, whole or not at all, as
 *  cjm_svg_write_path() writes a picture. Errors as cjm_html_write(), and
 *  CJM_ERR_INVALID for a NULL path, CJM_ERR_IO when the file cannot be
 *  written. Thread-safe on separate paths. @since 1.1 */
CJM_EXPORT cjm_status cjm_html_write_path(const char *path, const cjm_journey *map,
                                          const cjm_report *report, const char *customers);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_HTML_H */
