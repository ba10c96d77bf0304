/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/common.h
 * What every part of cjm shares: the export macro, status codes, the
 * calling thread's last error, the allocator hook and the library version.
 */
#ifndef CJM_COMMON_H
#define CJM_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup common Status codes, errors and memory
 * @ingroup core
 * The status every call returns, the calling thread's last error, the
 * allocator hook and the library's version at run time.
 * @{
 */

/**
 * Marks a function as part of the public ABI. The library is built with
 * hidden visibility; only what carries this macro (and is listed in the
 * linker version script) is exported.
 * @since 1.0
 */
#if defined(__GNUC__) && __GNUC__ >= 4
#define CJM_EXPORT __attribute__((visibility("default")))
#else
#define CJM_EXPORT
#endif

/**
 * Status codes. Every function that can fail returns one of these (or a
 * handle, NULL on failure). The values are fixed forever; new codes are
 * only ever added at the end.
 * @since 1.0
 */
typedef enum cjm_status {
    CJM_OK = 0,                /**< success */
    CJM_ERR_INVALID = -1,      /**< an argument breaks a rule: NULL, a bad id,
                                    invalid UTF-8, a bad channel, a handle of
                                    another journey ... */
    CJM_ERR_NOMEM = -2,        /**< an allocation failed */
    CJM_ERR_RANGE = -3,        /**< a number is out of its range: a score
                                    outside its scale, NaN, a time outside
                                    years 0000..9999, an index past the end */
    CJM_ERR_DUPLICATE = -4,    /**< an id is already used in the journey */
    CJM_ERR_NOT_FOUND = -5,    /**< no such item */
    CJM_ERR_PARSE = -6,        /**< text that does not parse (a time, a
                                    duration, a document) */
    CJM_ERR_IO = -7,           /**< reading or writing a file failed */
    CJM_ERR_LIMIT = -8,        /**< a size limit is exceeded: text over
                                    64 KiB, more than 65,535 stages, nesting
                                    too deep */
    CJM_ERR_UNSUPPORTED = -9,  /**< the operation is not available (a module
                                    switched off, data a format cannot carry) */
    CJM_ERR_CONFLICT = -10,    /**< the arguments contradict each other or
                                    the object's state (an event's stage
                                    differs from its touchpoint's) */
    CJM_ERR_CANCELLED = -11    /**< the caller's cancel hook asked to stop
                                    (cjm_analysis_set_cancel()); the objects
                                    are as before the call @since 1.1 */
} cjm_status;

/**
 * "No value" for the optional int64 fields: a touchpoint's or feedback's
 * time and a stage's expected duration. Getters return it when the field
 * is unset; setters take it to clear the field. No valid time or duration
 * equals it.
 * @since 1.0
 */
#define CJM_UNSET INT64_MIN

/**
 * The name of a status code, such as "CJM_ERR_INVALID".
 *
 * @param status a status code
 * @return a static string; "CJM_ERR_UNKNOWN" for a value that is not a
 *         status code. Never NULL.
 * Thread safety: safe from any thread.
 * @since 1.0
 */
CJM_EXPORT const char *cjm_status_name(cjm_status status);

/**
 * The message of the last error of the calling thread: what failed and
 * where, naming the function and the field, and for parse errors the
 * file, line and column.
 *
 * The error slot is set by every failed call and left alone by successful
 * ones (like errno): read it right after a call returned an error.
 *
 * A message that quotes input (an id, a key, a value) shows its control
 * characters and bytes outside valid UTF-8 escaped: \n, \t, \r, and \xNN
 * for each other such byte (a backslash of the input stays as it is), so
 * it is one line of valid UTF-8 that cannot steer a terminal.
 *
 * @return a string owned by the library, valid in the calling thread until
 *         its next cjm call; "" when this thread has had no error. Never NULL.
 * Thread safety: each thread has its own slot.
 * @since 1.0
 */
CJM_EXPORT const char *cjm_last_error(void);

/**
 * The status of the last error of the calling thread (CJM_OK when this
 * thread has had no error, or after cjm_clear_error()).
 * Thread safety: each thread has its own slot.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_last_status(void);

/**
 * Clears the calling thread's error slot.
 * Thread safety: each thread has its own slot.
 * @since 1.0
 */
CJM_EXPORT void cjm_clear_error(void);

/**
 * Records an error in the calling thread's slot, as cjm's own functions
 * do, and returns `status`. For cjm's modules, for bindings, and for event
 * sinks that want their caller to see why they stopped.
 *
 * @param status   the status to record (not CJM_OK)
 * @param message  the message (copied, escaped as cjm_last_error() tells,
 *                 cut at 1,023 bytes); NULL for ""
 * @return status. Thread safety: each thread has its own slot.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_error_set(cjm_status status, const char *message);

/**
 * Allocates through the allocator in force (cjm_set_allocator()). For
 * cjm's modules and bindings, and for freeing buffers that cjm hands out
 * (with cjm_free()).
 * @return the memory, or NULL when the allocator fails. A size of 0 gets
 *         a valid block of at least one byte.
 * Thread safety: as the allocator in force.
 * @since 1.0
 */
CJM_EXPORT void *cjm_malloc(size_t size);
/** Reallocates memory from cjm_malloc(); NULL when the allocator fails
 *  (ptr is then still valid). @since 1.0 */
CJM_EXPORT void *cjm_realloc(void *ptr, size_t size);
/** Frees memory from cjm_malloc(), cjm_realloc() or a cjm function that
 *  says so; NULL is allowed. @since 1.0 */
CJM_EXPORT void cjm_free(void *ptr);

/** An allocation function of the embedder: like malloc(size). @since 1.0 */
typedef void *(*cjm_malloc_fn)(size_t size, void *userdata);
/** A reallocation function of the embedder: like realloc(ptr, size). @since 1.0 */
typedef void *(*cjm_realloc_fn)(void *ptr, size_t size, void *userdata);
/** A release function of the embedder: like free(ptr), NULL allowed. @since 1.0 */
typedef void (*cjm_free_fn)(void *ptr, void *userdata);

/**
 * Installs the allocator that every later allocation of cjm uses (the
 * optional modules included, for the memory they own themselves).
 *
 * cjm never asks for 0 bytes. The functions may return NULL: cjm treats that
 * as out of memory (CJM_ERR_NOMEM) and leaves every object as it was.
 * Objects must be freed under the allocator that made them, so install it
 * before making any object, or after freeing them all.
 *
 * @param malloc_fn   allocates; NULL together with the others restores
 *                    the C library's malloc, realloc and free
 * @param realloc_fn  reallocates
 * @param free_fn     releases
 * @param userdata    passed to each call, not touched by cjm
 * @return CJM_OK, or CJM_ERR_INVALID when some but not all are NULL.
 * Thread safety: process-wide; call it while no other thread uses cjm.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_set_allocator(cjm_malloc_fn malloc_fn,
                                        cjm_realloc_fn realloc_fn,
                                        cjm_free_fn free_fn,
                                        void *userdata);

/**
 * The version of the library loaded at run time, such as "1.0.0"; compare
 * with CJM_VERSION_STRING from cjm/version.h to detect a mismatch between
 * headers and library.
 * @return a static string. Thread safety: safe from any thread.
 * @since 1.0
 */
CJM_EXPORT const char *cjm_version(void);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_COMMON_H */
