/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/svg.h
 * The visual journey map: one self-contained SVG picture, drawn as journey
 * mapping practitioners draw it (docs/svg.md).
 *
 * Stages are columns, each channel a swim lane holding its touchpoints,
 * the emotion curve runs above the lanes (the mean normalized score per
 * stage, from -1 to +1), and every gap is a numbered red marker at its
 * place (a touchpoint, or a stage's header) with its message as a tooltip
 * and in the legend below, most severe first. Given a report, each stage
 * also shows how many customers reached it and how many left there, each
 * touchpoint its customers and mean score, and the touchpoints customers
 * used that the map lacks are drawn, dashed, where a gap names them.
 *
 * Names longer than their box are shortened with an ellipsis; the full
 * text is in the tooltip. All text is escaped. Numbers are written
 * without the C locale's help, so the picture is the same under any
 * locale. The picture is sized for up to about 10 stages, 12 channels and
 * 60 touchpoints without overlapping labels; larger maps get a larger
 * picture.
 *
 * Thread safety: the functions only read their arguments; separate
 * pictures may be drawn from separate threads at once.
 */
#ifndef CJM_SVG_H
#define CJM_SVG_H

#include <stddef.h>
#include <stdio.h>
#include <cjm/common.h>
#include <cjm/model.h>
#include <cjm/analysis.h>
#include <cjm/bulk.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup svg The picture of a map
 * @ingroup core
 * A journey map, with a report's figures and gaps, as SVG.
 * @{
 */

/**
 * Draws a journey map as an SVG document.
 *
 * Without a report the picture shows the map alone: its own gaps
 * (cjm_journey_gaps() with `options`) and the curve of the feedback the map
 * holds. With a report (from cjm_analysis_report() for this map) it shows
 * the report's figures and gaps, and `options` is not used.
 *
 * @param[out] out     receives the document, NUL-terminated, from
 *                     cjm_malloc(); free it with cjm_free()
 * @param[out] length  receives its length without the NUL; may be NULL
 * @param map          the journey map
 * @param report       a report of an analysis of this map, or NULL
 * @param options      thresholds for the map's gaps; NULL for the defaults
 * @return CJM_OK; CJM_ERR_INVALID (NULL out or map); CJM_ERR_CONFLICT (the
 *         report is of another map: its journey id or stages differ);
 *         CJM_ERR_NOMEM. On failure *out is untouched.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_svg_write(char **out, size_t *length, const cjm_journey *map,
                                    const cjm_report *report, const cjm_options *options);

/** How the picture is laid out. Values fixed forever. @since 1.1 */
typedef enum cjm_svg_layout {
    /** The legend below the map: for a page or a screen (cjm_svg_write()). */
    CJM_SVG_LAYOUT_TALL = 0,
    /** The legend beside the map, its messages on two lines where needed:
     *  a landscape picture for a projector or a slide. */
    CJM_SVG_LAYOUT_WIDE = 1
} cjm_svg_layout;

/**
 * Draws a journey map as cjm_svg_write() does, laid out as `layout` says.
 * cjm_svg_write() is this function with CJM_SVG_LAYOUT_TALL.
 * @return as cjm_svg_write(), and CJM_ERR_INVALID for a layout that is not
 *         a cjm_svg_layout value.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_svg_write_layout(char **out, size_t *length, const cjm_journey *map,
                                           const cjm_report *report,
                                           const cjm_options *options, cjm_svg_layout layout);

/** Draws the picture to a stream. Errors as cjm_svg_write(), and
 *  CJM_ERR_IO when the stream fails. @since 1.0 */
CJM_EXPORT cjm_status cjm_svg_write_file(FILE *file, const cjm_journey *map,
                                         const cjm_report *report, const cjm_options *options);

/** Draws the picture to a file, whole or not at all: it is written to a
 *  new file in the same directory and renamed over the old one when
 *  complete, so a failed write leaves the old file as it was (a device or
 *  a pipe named as the path is written directly). The file keeps the old
 *  one's permissions. Errors as cjm_svg_write_file(). Thread-safe on
 *  separate paths. @since 1.0 */
CJM_EXPORT cjm_status cjm_svg_write_path(const char *path, const cjm_journey *map,
                                         const cjm_report *report, const cjm_options *options);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_SVG_H */
