/* Copies of strings kept together in chunks and freed all at once: for
 * the many short ids that one object owns (the longer keys of an intern
 * table, the ids a report names), one allocation for many of them.
 * Zeroed to start. Internal. */
#ifndef CJMI_STRINGS_H
#define CJMI_STRINGS_H

#include <stddef.h>

typedef struct cjmi_strings {
    struct cjmi_strings_chunk *last; /* the newest chunk, or NULL */
} cjmi_strings;

/* A NUL-terminated copy of the len bytes at s, living until
 * cjmi_strings_fini(); NULL when memory runs out (nothing changes then). */
char *cjmi_strings_copy(cjmi_strings *strings, const char *s, size_t len);

/* Frees every copy. */
void cjmi_strings_fini(cjmi_strings *strings);

#endif
