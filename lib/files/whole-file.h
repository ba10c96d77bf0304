/* Output files written whole or not at all, shared by every library that
 * writes to a path (the picture, JSON documents, XML documents). Compiled
 * once, linked into each library, private to each. Internal. */
#ifndef CJMI_WHOLE_FILE_H
#define CJMI_WHOLE_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes n bytes to path whole or not at all: into a new file beside it,
 * synced and renamed over it once complete, so a failed or interrupted
 * write leaves the old file as it was and no new file behind. The new file
 * has the old one's permissions, or a new file's (0666 less the umask).
 * Through a symbolic link the file it names is replaced; a device or a pipe
 * named as the path is written directly (it cannot be replaced). A
 * directory is refused (EISDIR). Allocates nothing. On failure returns
 * false with errno set and *step naming what failed: "open" or "write". */
bool cjmi_write_whole_file(const char *path, const void *data, size_t n, const char **step);

/* The file a chain of symbolic links ends at, existing or not (a shell's
 * '>' through a dangling link creates the file it names), in a new string
 * to free() (it is made with malloc: callers outside the libraries use it
 * too); NULL with errno set on a loop, an unreadable link or no memory. */
char *cjmi_link_end(const char *path);

#endif
