/* Output files written whole or not at all. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "whole-file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

char *cjmi_link_end(const char *path)
{
    char *current = strdup(path);
    for (int hops = 0; current && hops < 40; hops++) {
        struct stat info;
        if (lstat(current, &info) != 0 || !S_ISLNK(info.st_mode))
            return current;
        char target[PATH_MAX];
        ssize_t n = readlink(current, target, sizeof target - 1);
        if (n < 0) {
            free(current);
            return NULL;
        }
        target[n] = '\0';
        const char *slash = strrchr(current, '/');
        size_t dir = target[0] == '/' || !slash ? 0 : (size_t)(slash - current) + 1;
        char *next = malloc(dir + (size_t)n + 1);
        if (next) {
            memcpy(next, current, dir);
            memcpy(next + dir, target, (size_t)n + 1);
        }
        free(current);
        current = next;
    }
    if (current) {
        free(current);
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

/* A device or a pipe: written in place. */
static bool write_in_place(const char *path, const void *data, size_t n, const char **step)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(step, "open", errno);
    bool ok = write_all(fd, data, n);
    int error = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    return ok || fail(step, "write", error);
}

bool cjmi_write_whole_file(const char *path, const void *data, size_t n, const char **step)
{
    static atomic_uint next;
    struct stat info;
    bool exists = stat(path, &info) == 0;
    if (exists && S_ISDIR(info.st_mode))
        return fail(step, "open", EISDIR);
    if (exists && !S_ISREG(info.st_mode))
        return write_in_place(path, data, n, step);

    /* The new file goes beside the file the path finally names. */
    char resolved[PATH_MAX];
    char *dangling = NULL;
    const char *target = path;
    struct stat link;
    if (exists && realpath(path, resolved)) {
        target = resolved;
    } else if (!exists && lstat(path, &link) == 0 && S_ISLNK(link.st_mode)) {
        /* A dangling link: the file it names is created, the link stays. */
        if (!(dangling = cjmi_link_end(path)))
            return fail(step, "open", errno);
        target = dangling;
    }
    const char *slash = strrchr(target, '/');
    int dir = slash ? (int)(slash - target) + 1 : 0;
    char temp[PATH_MAX + 64];
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        int length = snprintf(temp, sizeof temp, "%.*s.%s.%ld-%u", dir, target, target + dir,
                              (long)getpid(), atomic_fetch_add(&next, 1));
        if (length < 0 || (size_t)length >= sizeof temp) {
            errno = ENAMETOOLONG;
            break;
        }
        fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  exists ? info.st_mode & 0777 : 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int error = errno;
        free(dangling);
        return fail(step, "open", error);
    }
    bool ok = write_all(fd, data, n) && fsync(fd) == 0;
    int error = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (ok && rename(temp, target) != 0) {
        ok = false;
        error = errno;
    }
    free(dangling);
    if (!ok) {
        unlink(temp);
        return fail(step, "write", error);
    }
    return true;
}
