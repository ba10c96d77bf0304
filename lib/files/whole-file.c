/* Output files written whole or not at all. */
#define _XOPEN_SOURCE 700 /* realpath, fchown */
#include "whole-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjm/common.h>

static bool write_all(int fd, const char *text, size_t n)
{
    while (n > 0) {
        ssize_t done = write(fd, text, n);
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0) {
            if (done == 0)
                errno = EIO;
            return false;
        }
        text += done;
        n -= (size_t)done;
    }
    return true;
}

static char *copy(const char *text, size_t n)
{
    char *s = cjm_malloc(n + 1);
    if (s) {
        memcpy(s, text, n);
        s[n] = '\0';
    } else {
        errno = ENOMEM;
    }
    return s;
}

char *cjmi_link_end(const char *path)
{
    char *current = copy(path, strlen(path));
    for (int hops = 0; current && hops < 40; hops++) {
        struct stat info;
        if (lstat(current, &info) != 0 || !S_ISLNK(info.st_mode))
            return current;
        char target[PATH_MAX];
        ssize_t n = readlink(current, target, sizeof target - 1);
        if (n < 0) {
            cjm_free(current);
            return NULL;
        }
        target[n] = '\0';
        const char *slash = strrchr(current, '/');
        size_t dir = target[0] == '/' || !slash ? 0 : (size_t)(slash - current) + 1;
        char *next = cjm_malloc(dir + (size_t)n + 1);
        if (next) {
            memcpy(next, current, dir);
            memcpy(next + dir, target, (size_t)n + 1);
        } else {
            errno = ENOMEM;
        }
        cjm_free(current);
        current = next;
    }
    if (current) {
        cjm_free(current);
        errno = ELOOP;
    }
    return NULL;
}

static bool fail(const char **step, const char *what, int error)
{
    *step = what;
    errno = error;
    return false;
}

/* Where the new file goes: beside the file the path finally names. */
static bool find_target(cjmi_whole_file *f, const char *path, bool exists)
{
    struct stat link;
    if (exists)
        return realpath(path, f->target) != NULL;
    const char *end = path;
    char *dangling = NULL;
    if (lstat(path, &link) == 0 && S_ISLNK(link.st_mode)) {
        /* A dangling link: the file it names is created, the link stays. */
        if (!(dangling = cjmi_link_end(path)))
            return false;
        end = dangling;
    }
    bool fits = strlen(end) < sizeof f->target;
    if (fits)
        strcpy(f->target, end);
    cjm_free(dangling);
    if (!fits)
        errno = ENAMETOOLONG;
    return fits;
}

/* The new file, with the old one's permissions and, where it may be
 * given, its owner (set-id bits only with the owner), or a new file's. */
static int open_new(cjmi_whole_file *f, const struct stat *old, bool exists)
{
    static atomic_uint next;
    const char *slash = strrchr(f->target, '/');
    int dir = slash ? (int)(slash - f->target) + 1 : 0;
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        int length = snprintf(f->temp, sizeof f->temp, "%.*s.%s.%ld-%u", dir, f->target,
                              f->target + dir, (long)getpid(), atomic_fetch_add(&next, 1));
        if (length < 0 || (size_t)length >= sizeof f->temp) {
            errno = ENAMETOOLONG;
            break;
        }
        fd = open(f->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0)
        return -1;
    mode_t mode;
    if (exists) {
        mode = old->st_mode & 07777;
        if ((old->st_uid != geteuid() || old->st_gid != getegid()) &&
            fchown(fd, old->st_uid, old->st_gid) != 0)
            mode &= 0777; /* no set-id bits for another owner */
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    if (fchmod(fd, mode) != 0) {
        int error = errno;
        close(fd);
        unlink(f->temp);
        errno = error;
        return -1;
    }
    return fd;
}

bool cjmi_whole_file_open(cjmi_whole_file *f, const char *path, const char **step)
{
    f->fd = -1;
    f->target[0] = f->temp[0] = '\0';
    struct stat info;
    bool exists = stat(path, &info) == 0;
    if (exists && S_ISDIR(info.st_mode))
        return fail(step, "open", EISDIR);
    if (exists && !S_ISREG(info.st_mode)) {
        /* A device or a pipe: written in place. */
        if ((f->fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
            return fail(step, "open", errno);
        return true;
    }
    if (!find_target(f, path, exists) || (f->fd = open_new(f, &info, exists)) < 0) {
        f->temp[0] = '\0';
        return fail(step, "open", errno);
    }
    return true;
}

bool cjmi_whole_file_sync(cjmi_whole_file *f, const char **step)
{
    if (f->fd >= 0 && f->temp[0] && fsync(f->fd) != 0)
        return fail(step, "write", errno);
    return true;
}

bool cjmi_whole_file_close(cjmi_whole_file *f, bool keep, const char **step)
{
    int error = 0;
    if (f->fd >= 0) {
        if (keep && !cjmi_whole_file_sync(f, step)) {
            keep = false;
            error = errno;
        }
        if (close(f->fd) != 0 && keep) {
            keep = false;
            error = errno;
        }
        f->fd = -1;
    }
    if (keep && f->temp[0] && rename(f->temp, f->target) != 0) {
        keep = false;
        error = errno;
    }
    if (!keep && f->temp[0])
        unlink(f->temp);
    f->temp[0] = '\0';
    return error ? fail(step, "write", error) : keep;
}

bool cjmi_write_whole_file(const char *path, const void *data, size_t n, const char **step)
{
    cjmi_whole_file f;
    if (!cjmi_whole_file_open(&f, path, step))
        return false;
    if (!write_all(f.fd, data, n)) {
        int error = errno;
        cjmi_whole_file_close(&f, false, step);
        return fail(step, "write", error);
    }
    return cjmi_whole_file_close(&f, true, step);
}
