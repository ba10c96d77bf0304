/* Shared by the parts of libcjm-json. Internal. */
#ifndef CJMJ_PRIVATE_H
#define CJMJ_PRIVATE_H

#include <stdio.h>
#include <jansson.h>

#include "cjm/json.h"

/* Nesting limit of model.md, in documents and event lines alike. */
#define CJMJ_DEPTH_MAX 512

/* Records a printf-style error in cjm's slot and returns status. */
cjm_status cjmj_fail(cjm_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads a whole stream or file into memory from cjm_malloc (NUL added).
 * Errors name `name`. */
cjm_status cjmj_slurp(char **data, size_t *size, FILE *file, const char *name);
cjm_status cjmj_slurp_path(char **data, size_t *size, const char *path);

/* Writes a tree to one of a buffer (*out from cjm_malloc), a stream or a
 * path, whichever is given; consumes the tree. */
cjm_status cjmj_emit(json_t *root, unsigned flags, char **out, size_t *length, FILE *file,
                     const char *path, const char *func);

/* Parses extension text (checked for depth first) as the object it must
 * be; NULL with the error set otherwise. */
json_t *cjmj_parse_extensions(const char *text, const char *func);

#endif
