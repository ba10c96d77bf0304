/* The picture's public functions: find the gaps, lay out, draw, write. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout.h"
#include "../core/alloc.h"
#include "../core/error.h"

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

/* Writes n bytes to fd; false on a failure (errno tells). */
static bool write_all(int fd, const char *text, size_t n)
{
    while (n > 0) {
        ssize_t done = write(fd, text, n);
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return false;
        text += done;
        n -= (size_t)done;
    }
    return true;
}

/* Writes the picture to path whole or not at all: into a new file beside
 * it, renamed over it once complete, so a failed write leaves the old
 * file as it was. The new file has the old one's permissions, or a new
 * file's (0666 less the umask). Through a symbolic link the file it names
 * is replaced; a device or a pipe named as the path is written directly. */
static cjm_status put_path(const char *path, const char *text, size_t n, const char *func)
{
    static atomic_uint next;
    struct stat info;
    bool exists = stat(path, &info) == 0;
    if (exists && S_ISDIR(info.st_mode))
        return cjmi_fail(CJM_ERR_IO, "%s: %s: is a directory", func, path);
    if (exists && !S_ISREG(info.st_mode)) {
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        bool ok = fd >= 0 && write_all(fd, text, n);
        int error = errno;
        if (fd >= 0)
            close(fd);
        return ok ? CJM_OK : cjmi_fail(CJM_ERR_IO, "%s: %s: cannot write: %s", func, path,
                                       strerror(error));
    }
    char *resolved = exists ? realpath(path, NULL) : NULL;
    const char *target = resolved ? resolved : path;
    const char *slash = strrchr(target, '/');
    size_t dir = slash ? (size_t)(slash - target) + 1 : 0, size = strlen(target) + 40;
    char *temp = cjmi_malloc(size);
    if (!temp) {
        free(resolved);
        return cjmi_nomem(func);
    }
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        snprintf(temp, size, "%.*s.%s.%ld-%u", (int)dir, target, target + dir,
                 (long)getpid(), atomic_fetch_add(&next, 1));
        fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  exists ? info.st_mode & 0777 : 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    cjm_status st = CJM_OK;
    if (fd < 0) {
        st = cjmi_fail(CJM_ERR_IO, "%s: %s: cannot open: %s", func, path, strerror(errno));
    } else {
        bool ok = write_all(fd, text, n) && fsync(fd) == 0;
        int error = errno;
        if (close(fd) != 0 && ok) {
            ok = false;
            error = errno;
        }
        if (ok && rename(temp, target) != 0) {
            ok = false;
            error = errno;
        }
        if (!ok) {
            unlink(temp);
            st = cjmi_fail(CJM_ERR_IO, "%s: %s: cannot write: %s", func, path, strerror(error));
        }
    }
    cjmi_free(temp);
    free(resolved);
    return st;
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
        st = put_path(path, text, n, func);
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
