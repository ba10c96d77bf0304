/* UTF-8 validation and the id, text and channel rules. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "error.h"

static int is_control(unsigned cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

size_t cjmi_utf8_scan(const char *str, size_t len, int allow_tab_lf_cr, size_t *bad_cc)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    *bad_cc = (size_t)-1;
    while (i < len) {
        unsigned c = s[i], cp, min;
        size_t n;
        if (c < 0x80) { cp = c; n = 1; min = 0; }
        else if ((c & 0xe0) == 0xc0) { cp = c & 0x1f; n = 2; min = 0x80; }
        else if ((c & 0xf0) == 0xe0) { cp = c & 0x0f; n = 3; min = 0x800; }
        else if ((c & 0xf8) == 0xf0) { cp = c & 0x07; n = 4; min = 0x10000; }
        else return i;
        if (n > len - i)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        if (*bad_cc == (size_t)-1 && is_control(cp) &&
            !(allow_tab_lf_cr && (cp == '\t' || cp == '\n' || cp == '\r')))
            *bad_cc = i;
        i += n;
    }
    return len;
}

void cjmi_escape(char *dst, size_t size, const char *src)
{
    size_t len = strlen(src), out = 0, i = 0;
    while (i < len) {
        size_t bad_cc, valid = cjmi_utf8_scan(src + i, len - i, 0, &bad_cc);
        size_t plain = bad_cc < valid ? bad_cc : valid;
        if (plain >= size - out) {
            plain = size - out - 1; /* cut before a continuation byte */
            while (plain && ((unsigned char)src[i + plain] & 0xc0) == 0x80)
                plain--;
            memcpy(dst + out, src + i, plain);
            out += plain;
            break;
        }
        memcpy(dst + out, src + i, plain);
        out += plain;
        i += plain;
        if (i == len)
            break;
        /* A control character (C1 is two bytes) or one invalid byte. */
        unsigned char c = (unsigned char)src[i];
        size_t n = bad_cc < valid && c == 0xc2 ? 2 : 1;
        char e[9];
        const char *named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
        if (named)
            snprintf(e, sizeof e, "%s", named);
        else if (n == 2)
            snprintf(e, sizeof e, "\\x%02x\\x%02x", c, (unsigned char)src[i + 1]);
        else
            snprintf(e, sizeof e, "\\x%02x", c);
        size_t elen = strlen(e);
        if (elen >= size - out)
            break;
        memcpy(dst + out, e, elen);
        out += elen;
        i += n;
    }
    dst[out] = '\0';
}

/* True when s[0..len) is printable ASCII (0x20 to 0x7e): valid UTF-8
 * without a control character or NUL, whatever the rule allows. */
static int printable_ascii(const char *s, size_t len)
{
    /* Eight bytes at a time: a byte >= 0x80, < 0x20 or == 0x7f fails. */
    const uint64_t ones = UINT64_C(0x0101010101010101), high = ones * 0x80;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w, del;
        memcpy(&w, s + i, 8);
        del = w ^ (ones * 0x7f);
        if ((w | ((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) & high)
            return 0;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f)
            return 0;
    }
    return 1;
}

int cjmi_id_is_plain(const char *id, size_t len)
{
    return len > 0 && len <= CJM_ID_MAX && printable_ascii(id, len);
}

static cjm_status check_utf8(const char *func, const char *field, const char *s,
                             size_t len, int allow_tab_lf_cr)
{
    if (printable_ascii(s, len))
        return CJM_OK; /* most ids and texts, at eight bytes a step */
    size_t bad_cc;
    size_t valid = cjmi_utf8_scan(s, len, allow_tab_lf_cr, &bad_cc);
    if (bad_cc != (size_t)-1 && bad_cc < valid) {
        unsigned char c = (unsigned char)s[bad_cc];
        if (c == 0xc2) /* C1, two bytes: named by its code point, U+0080 to U+009F */
            return cjmi_fail(CJM_ERR_INVALID, "%s: %s: control character U+%04X at byte %zu",
                             func, field, (unsigned)(s[bad_cc + 1] & 0x3f) | 0x80u, bad_cc);
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: control character 0x%02x at byte %zu",
                         func, field, c, bad_cc);
    }
    if (valid < len)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: invalid UTF-8 at byte %zu",
                         func, field, valid);
    return CJM_OK;
}

cjm_status cjmi_check_id(const char *func, const char *field, const char *id)
{
    if (!id)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, field);
    size_t len = strnlen(id, CJM_ID_MAX + 1);
    if (len == 0)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: empty", func, field);
    if (len > CJM_ID_MAX)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: longer than %d bytes",
                         func, field, CJM_ID_MAX);
    return check_utf8(func, field, id, len, 0);
}

cjm_status cjmi_check_text(const char *func, const char *field, const char *text)
{
    if (!text)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, field);
    size_t len = strnlen(text, CJM_TEXT_MAX + 1);
    if (len > CJM_TEXT_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: %s: longer than %d bytes",
                         func, field, CJM_TEXT_MAX);
    return check_utf8(func, field, text, len, 1);
}

cjm_status cjmi_check_attribute_value(const char *func, const char *key, const char *value,
                                      size_t len)
{
    size_t bad_cc;
    if (len <= CJM_ATTRIBUTE_VALUE_MAX &&
        (printable_ascii(value, len) ||
         (!memchr(value, '\0', len) && cjmi_utf8_scan(value, len, 1, &bad_cc) == len &&
          bad_cc == (size_t)-1)))
        return CJM_OK; /* the usual case, without making the message's field */
    char field[CJM_ID_MAX + 32];
    snprintf(field, sizeof field, "attribute \"%s\"", key);
    if (len > CJM_ATTRIBUTE_VALUE_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: %s: longer than %d bytes", func, field,
                         CJM_ATTRIBUTE_VALUE_MAX);
    const char *nul = memchr(value, '\0', len);
    if (nul)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NUL byte at byte %zu", func, field,
                         (size_t)(nul - value));
    return check_utf8(func, field, value, len, 1);
}

static int is_token_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

cjm_status cjmi_channel(char out[CJM_CHANNEL_MAX + 1], const char *func,
                        const char *field, const char *channel)
{
    if (!channel)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, field);
    size_t len = strnlen(channel, CJM_CHANNEL_MAX + 1);
    if (len == 0)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: empty", func, field);
    if (len > CJM_CHANNEL_MAX)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: longer than %d bytes",
                         func, field, CJM_CHANNEL_MAX);
    char lowered[CJM_CHANNEL_MAX + 1];
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)channel[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (!is_token_char(c) || (i == 0 && (c == '_' || c == '-')))
            return cjmi_fail(CJM_ERR_INVALID, "%s: %s: character 0x%02x at byte %zu "
                             "is not allowed (a channel is [a-z0-9][a-z0-9_-]*)",
                             func, field, (unsigned char)channel[i], i);
        lowered[i] = (char)c;
    }
    lowered[len] = '\0';
    memcpy(out, lowered, len + 1);
    return CJM_OK;
}

cjm_status cjmi_copy_out(char *buf, size_t size, const char *text, const char *func)
{
    size_t len = strlen(text);
    if (len >= size) {
        if (size)
            buf[0] = '\0';
        return cjmi_fail(CJM_ERR_LIMIT, "%s: buf: %zu bytes, %zu needed", func, size, len + 1);
    }
    memcpy(buf, text, len + 1);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_channel_normalize(char *buf, size_t size, const char *channel)
{
    static const char func[] = "cjm_channel_normalize";
    if (!buf)
        return cjmi_fail(CJM_ERR_INVALID, "%s: buf: NULL", func);
    char token[CJM_CHANNEL_MAX + 1];
    cjm_status rc = cjmi_channel(token, func, "channel", channel);
    return rc != CJM_OK ? rc : cjmi_copy_out(buf, size, token, func);
}

CJM_EXPORT cjm_status cjm_id_check(const char *id)
{
    return cjmi_check_id("cjm_id_check", "id", id);
}
