/* The rules for ids, text and channels (model.md). Internal. */
#ifndef CJMI_TEXT_H
#define CJMI_TEXT_H

#include <stddef.h>
#include "cjm/common.h"
#include "cjm/model.h"

/* Each check names `func` and `field` in its message on failure. */

/* 1..256 bytes of UTF-8, no control character. */
cjm_status cjmi_check_id(const char *func, const char *field, const char *id);

/* UTF-8, at most 64 KiB, no control character but TAB, LF, CR. */
cjm_status cjmi_check_text(const char *func, const char *field, const char *text);

/* An attribute value of `len` bytes (not NUL-terminated): text rules, no
 * NUL byte, at most CJM_ATTRIBUTE_VALUE_MAX bytes. `key` names it. */
cjm_status cjmi_check_attribute_value(const char *func, const char *key, const char *value,
                                      size_t len);

/* Validates a channel token and writes it lowered into out. */
cjm_status cjmi_channel(char out[CJM_CHANNEL_MAX + 1], const char *func,
                        const char *field, const char *channel);

/* The fast path of the id rule: true when id[0..len) is 1 to 256 bytes of
 * printable ASCII (0x20 to 0x7e), which is always a valid id. False says
 * nothing: cjmi_check_id() then decides, and words the message. */
int cjmi_id_is_plain(const char *id, size_t len);

/* Copies text (NUL included) into the caller's buffer of `size` bytes, or
 * fails with CJM_ERR_LIMIT naming `func` and leaves "" when it is too
 * small. */
cjm_status cjmi_copy_out(char *buf, size_t size, const char *text, const char *func);

/* Length of the longest valid UTF-8 prefix of s[0..len); len when all of it
 * is valid. Rejects overlong forms, surrogates and code points past
 * U+10FFFF. On return *bad_cc holds the offset of the first control
 * character (C0, DEL, C1) other than those allowed by allow_tab_lf_cr, or
 * (size_t)-1 when there is none in the valid prefix. */
size_t cjmi_utf8_scan(const char *s, size_t len, int allow_tab_lf_cr, size_t *bad_cc);

/* Copies the NUL-terminated src to dst (size > 0 bytes, always
 * terminated) with each control character (C0, DEL, C1) written as \n,
 * \t, \r or \xNN per byte, and each byte outside valid UTF-8 as \xNN,
 * so a message quoting input can neither steer a terminal nor break a
 * log's lines. A backslash stays as it is. What does not fit is left out
 * whole: never half a character or half an escape. */
void cjmi_escape(char *dst, size_t size, const char *src);

#endif
