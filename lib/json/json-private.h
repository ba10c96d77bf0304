/* Shared by the parts of libcjm-json. Internal. */
#ifndef CJMJ_PRIVATE_H
#define CJMJ_PRIVATE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>

#include "cjm/json.h"

/* Nesting limit of model.md, in documents and event lines alike. */
#define CJMJ_DEPTH_MAX 512

/* Records a printf-style error in cjm's slot and returns status. */
cjm_status cjmj_fail(cjm_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* What a failed json_loadb() found, for a message: jansson's text, or
 * cjm's words for a NUL in a string and a number out of range (written to
 * buffer). */
#define CJMJ_PARSE_ERROR_SIZE 256
const char *cjmj_parse_error(const json_error_t *error, char *buffer, size_t size);

/* The largest journey document read (a map of 65,535 stages is some
 * 6 MiB): past it, CJM_ERR_LIMIT rather than memory without end. */
#define CJMJ_DOCUMENT_MAX (256 << 20)

/* Reads a whole stream or file into memory from cjm_malloc (NUL added),
 * for a journey document: reading stops early when the bytes cannot be a
 * JSON object (left for the parser to name), and past CJMJ_DOCUMENT_MAX
 * is CJM_ERR_LIMIT. Errors name `name`. */
cjm_status cjmj_slurp(char **data, size_t *size, FILE *file, const char *name);
cjm_status cjmj_slurp_path(char **data, size_t *size, const char *path);

/* Writes a tree to one of a buffer (*out from cjm_malloc), a stream or a
 * path, whichever is given; consumes the tree. */
cjm_status cjmj_emit(json_t *root, unsigned flags, char **out, size_t *length, FILE *file,
                     const char *path, const char *func);

/* Parses extension text (checked for depth first) as the object it must
 * be; NULL with the error set otherwise. */
json_t *cjmj_parse_extensions(const char *text, const char *func);

/* A new empty object, as json_object() makes (see build.c for why not
 * that name); NULL when out of memory. */
json_t *cjmj_new_object(void);

#include "scan.h"

/* Reads an event line of the common shape into e without jansson (see
 * line-fast.c); false, with e to be made again, for any other line. */
bool cjmj_fast_event(cjm_event *e, const char *text, size_t len);

/* A reader of parsed JSON: the text it came from, for positions, and the
 * path walked so far. */
typedef struct reader {
    const char *data;
    size_t size;
    const char *name;
    cjmj_path path;
    size_t first_line;      /* the line data starts on (JSON Lines) */
    cjm_journey *journey;
} reader;

void cjmj_push_key(reader *r, const char *key);
void cjmj_push_index(reader *r, size_t index);
void cjmj_pop(reader *r);
/* Fails at the current path: NAME:LINE:COLUMN: PATH: message. */
cjm_status cjmj_fail_at(reader *r, cjm_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
/* Fails with the problem the core just reported, at the current path. */
cjm_status cjmj_fail_core(reader *r, cjm_status status);
/* Passes rc through, reporting a failure at member `key`. */
cjm_status cjmj_core(reader *r, const char *key, cjm_status rc);
const char *cjmj_type_name(const json_t *v);
/* Refuses members of obj outside the NULL-terminated `allowed`. */
cjm_status cjmj_check_members(reader *r, json_t *obj, const char *const *allowed);
/* Member `key` of obj (NULL when absent or null), checked to be of `type`
 * (a json_type; JSON_REAL takes any number, JSON_TRUE any boolean; -1 any). */
cjm_status cjmj_member(reader *r, json_t *obj, const char *key, int type, bool required,
                       json_t **out);
cjm_status cjmj_string_member(reader *r, json_t *obj, const char *key, bool required,
                              const char **out);
/* The compact text of an `extensions` object member (free()), or NULL. */
cjm_status cjmj_extensions_text(reader *r, json_t *obj, char **text);
/* An RFC 3339 time member, CJM_UNSET when absent. */
cjm_status cjmj_time_member(reader *r, json_t *obj, const char *key, int64_t *out);

/* Feeds optional string member `key` of `obj` to setter(target, value),
 * returning from the calling function on failure. */
#define OPTIONAL_TEXT(r, obj, key, setter, target)                           \
    do {                                                                       \
        const char *value_;                                                    \
        cjm_status rc_ = cjmj_string_member(r, obj, key, false, &value_);           \
        if (rc_ == CJM_OK && value_)                                           \
            rc_ = cjmj_core(r, key, setter(target, value_));                        \
        if (rc_ != CJM_OK)                                                     \
            return rc_;                                                        \
    } while (0)

/* Keeps an `extensions` member of `obj` with setter(target, ...), likewise. */
#define EXTENSIONS(r, obj, setter, target)                                     \
    do {                                                                       \
        char *text_ = NULL;                                                    \
        cjm_status rc_ = cjmj_extensions_text(r, obj, &text_);                      \
        if (rc_ == CJM_OK && text_)                                            \
            rc_ = cjmj_core(r, "extensions", setter(target, CJM_EXTENSIONS_JSON, text_)); \
        free(text_);                                                           \
        if (rc_ != CJM_OK)                                                     \
            return rc_;                                                        \
    } while (0)


typedef struct cjmj_builder {
    int failed;        /* memory ran out somewhere */
    cjm_status status; /* another failure, its message set */
    unsigned flags;
    const char *func;
} cjmj_builder;

json_t *cjmj_object(cjmj_builder *b);
void cjmj_put(cjmj_builder *b, json_t *obj, const char *key, json_t *value);
void cjmj_put_text(cjmj_builder *b, json_t *obj, const char *key, const char *text);
void cjmj_put_time(cjmj_builder *b, json_t *obj, const char *key, int64_t at);
json_t *cjmj_number(double x);
json_t *cjmj_duration(int64_t ms);
json_t *cjmj_scale(cjmj_builder *b, double min, double max);
void cjmj_put_extensions(cjmj_builder *b, json_t *obj, const char *text,
                         cjm_extensions_format format);

#endif
