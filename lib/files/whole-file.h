/* Output files written whole or not at all, shared by every library that
 * writes to a path (the picture, JSON documents, XML documents) and by the
 * cjm tool. Compiled once, linked into each, private to each. Internal. */
#ifndef CJMI_WHOLE_FILE_H
#define CJMI_WHOLE_FILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* An output being written: a new file beside the one it replaces, renamed
 * over it once complete, so a failed or interrupted write leaves the old
 * file as it was and no new file behind. The new file has the old one's
 * permissions (and owner, where it may be given; set-id bits only with
 * it), or a new file's (0666 less the umask). Through a symbolic link the
 * file it names is replaced, or created when the link dangles; the link
 * stays. A device or a pipe is written directly (it cannot be replaced). */
typedef struct cjmi_whole_file {
    int fd;                     /* where to write; -1 once closed */
    char target[PATH_MAX];      /* the file replaced at the end */
    char temp[PATH_MAX + 64];   /* the new file beside it; empty when written directly */
} cjmi_whole_file;

/* Opens path for writing whole. A directory is refused (EISDIR).
 * Allocates nothing that outlives the call. On failure returns false with
 * errno set and *step "open". */
bool cjmi_whole_file_open(cjmi_whole_file *f, const char *path, const char **step);

/* Flushes the new file to the disk (nothing for a device or a pipe);
 * false with errno set and *step "write" when that fails. */
bool cjmi_whole_file_sync(cjmi_whole_file *f, const char **step);

/* Ends the write: with keep, syncs and closes the file if still open and
 * renames the new file over the target; otherwise (or when that fails)
 * removes the new file. Returns false with errno set and *step "write"
 * when keep failed. */
bool cjmi_whole_file_close(cjmi_whole_file *f, bool keep, const char **step);

/* Writes n bytes to path whole or not at all (open, write, close). */
bool cjmi_write_whole_file(const char *path, const void *data, size_t n, const char **step);

/* The file a chain of symbolic links ends at, existing or not (a shell's
 * '>' through a dangling link creates the file it names), in a new string
 * from cjm_malloc() to cjm_free(); NULL with errno set on a loop, an
 * unreadable link or no memory. */
char *cjmi_link_end(const char *path);

#endif
