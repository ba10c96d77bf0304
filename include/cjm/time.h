/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/time.h
 * Times and durations as the text formats write them.
 *
 * In the C API a time is an int64 count of milliseconds since the Unix
 * epoch (UTC) and a duration an int64 count of milliseconds. In text, times
 * are RFC 3339 and durations ISO 8601; these helpers are the single place
 * where cjm and its modules convert, so every format agrees.
 *
 * All functions here are thread-safe and allocate nothing.
 */
#ifndef CJM_TIME_H
#define CJM_TIME_H

#include <cjm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup time Times and durations
 * @ingroup core
 * RFC 3339 times and ISO 8601 durations, as milliseconds.
 * @{
 */

/** The earliest time cjm holds: 0000-01-01T00:00:00Z. @since 1.0 */
#define CJM_TIME_MIN INT64_C(-62167219200000)
/** The latest time cjm holds: 9999-12-31T23:59:59.999Z. @since 1.0 */
#define CJM_TIME_MAX INT64_C(253402300799999)

/** Bytes cjm_time_format() needs at most, NUL included. @since 1.0 */
#define CJM_TIME_BUFSIZE 25
/** Bytes cjm_duration_format() needs at most, NUL included. @since 1.0 */
#define CJM_DURATION_BUFSIZE 40

/**
 * Parses an RFC 3339 time: `2026-03-01T09:15:00Z`,
 * `2026-03-01T10:15:00.250+01:00`.
 *
 * `T` or `t` between date and time; `Z`, `z` or a numeric offset (`-00:00`
 * is UTC); any number of fraction digits, truncated to the millisecond
 * toward the past. Refused: a space for `T`, a missing zone, a leap second
 * (`:60`), a day the month does not have, and instants outside
 * CJM_TIME_MIN..CJM_TIME_MAX.
 *
 * @param[out] out_ms  receives milliseconds since the epoch; untouched on error
 * @param text         NUL-terminated text
 * @return CJM_OK; CJM_ERR_INVALID for NULL arguments; CJM_ERR_PARSE for text
 *         that is not such a time (the message names the byte);
 *         CJM_ERR_RANGE for a valid time outside the range.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_time_parse(int64_t *out_ms, const char *text);

/**
 * Formats a time as RFC 3339 in UTC with `Z`, with `.mmm` only when the
 * milliseconds are not 0: `2026-03-01T09:15:00Z`, `2026-03-01T09:15:00.250Z`.
 *
 * @param[out] buf  receives the NUL-terminated text
 * @param size      size of buf; CJM_TIME_BUFSIZE is always enough
 * @param ms        milliseconds since the epoch
 * @return CJM_OK; CJM_ERR_INVALID for a NULL buf; CJM_ERR_RANGE for a time
 *         outside CJM_TIME_MIN..CJM_TIME_MAX; CJM_ERR_LIMIT when buf is too
 *         small (buf then holds "").
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_time_format(char *buf, size_t size, int64_t ms);

/**
 * Parses an ISO 8601 duration: `PnW` or `P[nD][T[nH][nM][n[.f]S]]`
 * (`PT2H`, `P3D`, `PT1.5S`, `P1DT12H`). Only seconds may have a fraction,
 * truncated to the millisecond. Refused: years and months (their length
 * depends on the calendar), `P` or `PT` with nothing after, signs, lower
 * case designators, and durations past INT64_MAX milliseconds.
 *
 * @param[out] out_ms  receives milliseconds (>= 0); untouched on error
 * @param text         NUL-terminated text
 * @return CJM_OK; CJM_ERR_INVALID for NULL arguments; CJM_ERR_PARSE for text
 *         that is not such a duration; CJM_ERR_RANGE when it is too long.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_duration_parse(int64_t *out_ms, const char *text);

/**
 * Formats a duration in ISO 8601 with days, hours, minutes and seconds,
 * leaving out zero parts: `P7D`, `PT1H30M`, `P1DT2H`, `PT1.500S`, and
 * `PT0S` for 0. Milliseconds are written as `.mmm` when not 0.
 * cjm_duration_parse() reads the result back to the same value.
 *
 * @param[out] buf  receives the NUL-terminated text
 * @param size      size of buf; CJM_DURATION_BUFSIZE is always enough
 * @param ms        the duration, >= 0
 * @return CJM_OK; CJM_ERR_INVALID for a NULL buf; CJM_ERR_RANGE for a
 *         negative duration; CJM_ERR_LIMIT when buf is too small (buf then
 *         holds "").
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_duration_format(char *buf, size_t size, int64_t ms);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_TIME_H */
