/* The picture's public functions: find the gaps, lay out, draw, write. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "whole-file.h"

static cjm_status draw(char **out, size_t *length, const cjm_journey *map,
                       const cjm_report *report, const cjm_options *options, const char *func,
                       bool wide)
{
    if (!map)
        return cjmi_fail(CJM_ERR_INVALID, "%s: map: NULL", func);
    cjm_gap_list *own = NULL;
    const cjm_gap_list *gaps;
    if (report) {
        gaps = cjm_report_gaps(report);
    } else {
        cjm_status st = cjm_journey_gaps(&own, map, options);
        if (st != CJM_OK)
            return st;
        gaps = own;
    }
    svg_layout layout;
    cjm_status st = cjmi_svg_layout(&layout, map, report, gaps, func, wide);
    if (st == CJM_OK) {
        cjmi_message m = { 0 };
        cjmi_svg_draw(&m, &layout);
        size_t n = m.length;
        char *text = cjmi_message_take(&m);
        if (text) {
            *out = text;
            if (length)
                *length = n;
        } else {
            st = cjmi_nomem(func);
        }
        cjmi_svg_layout_release(&layout);
    }
    cjm_gap_list_free(own);
    return st;
}

CJM_EXPORT cjm_status cjm_svg_write(char **out, size_t *length, const cjm_journey *map,
                                    const cjm_report *report, const cjm_options *options)
{
    if (!out)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_svg_write: out: NULL");
    return draw(out, length, map, report, options, "cjm_svg_write", false);
}

CJM_EXPORT cjm_status cjm_svg_write_layout(char **out, size_t *length, const cjm_journey *map,
                                           const cjm_report *report,
                                           const cjm_options *options, cjm_svg_layout layout)
{
    static const char func[] = "cjm_svg_write_layout";
    if (!out)
        return cjmi_fail(CJM_ERR_INVALID, "%s: out: NULL", func);
    if (layout != CJM_SVG_LAYOUT_TALL && layout != CJM_SVG_LAYOUT_WIDE)
        return cjmi_fail(CJM_ERR_INVALID, "%s: layout: %d is not a cjm_svg_layout", func,
                         (int)layout);
    return draw(out, length, map, report, options, func, layout == CJM_SVG_LAYOUT_WIDE);
}

cjm_status cjmi_svg_put_path(const char *path, const char *text, size_t n, const char *func)
{
    const char *step;
    if (cjmi_write_whole_file(path, text, n, &step))
        return CJM_OK;
    return cjmi_fail(CJM_ERR_IO, "%s: %s: cannot %s: %s", func, path, step, strerror(errno));
}

static cjm_status put(FILE *file, const char *path, const cjm_journey *map,
                      const cjm_report *report, const cjm_options *options, const char *func)
{
    char *text;
    size_t n;
    cjm_status st = draw(&text, &n, map, report, options, func, false);
    if (st != CJM_OK)
        return st;
    if (!file)
        st = cjmi_svg_put_path(path, text, n, func);
    else if (fwrite(text, 1, n, file) != n || fflush(file) != 0)
        st = cjmi_fail(CJM_ERR_IO, "%s: stream: cannot write: %s", func, strerror(errno));
    cjmi_free(text);
    return st;
}

CJM_EXPORT cjm_status cjm_svg_write_file(FILE *file, const cjm_journey *map,
                                         const cjm_report *report, const cjm_options *options)
{
    if (!file)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_svg_write_file: file: NULL");
    return put(file, NULL, map, report, options, "cjm_svg_write_file");
}

CJM_EXPORT cjm_status cjm_svg_write_path(const char *path, const cjm_journey *map,
                                         const cjm_report *report, const cjm_options *options)
{
    if (!path)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_svg_write_path: path: NULL");
    return put(NULL, path, map, report, options, "cjm_svg_write_path");
}
