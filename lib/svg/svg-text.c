/* Escaping, shortening and numbers for the picture. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "svg-text.h"

/* The length of the UTF-8 sequence that starts with byte b (text given to
 * the picture has passed the model's UTF-8 check). */
static size_t sequence_length(unsigned char b)
{
    return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

static void escape_n(cjmi_message *m, const char *text, size_t n, int one_line)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *ref = NULL;
        size_t skip = 1;
        unsigned char c = (unsigned char)text[i];
        switch (c) {
        case '&': ref = "&amp;"; break;
        case '<': ref = "&lt;"; break;
        case '>': ref = "&gt;"; break;
        case '"': ref = "&quot;"; break;
        case '\'': ref = "&#39;"; break;
        case '\t': case '\n': case '\r':
            if (one_line)
                ref = " ";
            break;
        case 0xef: /* U+FFFE and U+FFFF are EF BF BE and EF BF BF */
            if (i + 2 < n && (unsigned char)text[i + 1] == 0xbf &&
                ((unsigned char)text[i + 2] & 0xfe) == 0xbe) {
                ref = "\xef\xbf\xbd";
                skip = 3;
            }
            break;
        default:
            break;
        }
        if (!ref)
            continue;
        cjmi_message_add_n(m, text + start, i - start);
        cjmi_message_add(m, ref);
        i += skip - 1;
        start = i + 1;
    }
    cjmi_message_add_n(m, text + start, n - start);
}

void cjmi_svg_escape(cjmi_message *m, const char *text, int one_line)
{
    escape_n(m, text, strlen(text), one_line);
}

void cjmi_svg_short(cjmi_message *m, const char *text, size_t max_chars)
{
    size_t bytes = 0, chars = 0, cut = 0;
    while (text[bytes] && chars < max_chars) {
        if (chars + 1 == max_chars)
            cut = bytes; /* where the ellipsis goes if more follows */
        bytes += sequence_length((unsigned char)text[bytes]);
        chars++;
    }
    if (!text[bytes]) {
        escape_n(m, text, bytes, 1);
        return;
    }
    escape_n(m, text, cut, 1);
    cjmi_message_add(m, "\xe2\x80\xa6");
}

size_t cjmi_svg_fit(int width, int font_px)
{
    return (size_t)(width * 10 / (font_px * 6));
}

size_t cjmi_svg_chars(const char *text)
{
    size_t chars = 0;
    for (size_t i = 0; text[i]; i += sequence_length((unsigned char)text[i]))
        chars++;
    return chars;
}

/* The bytes of text's first line of at most max_chars characters: up to
 * the last space (or line break) that lets the line fit, else the whole
 * max_chars when a word is longer than the line. */
static size_t first_line(const char *text, size_t max_chars)
{
    size_t bytes = 0, chars = 0, space = 0;
    while (text[bytes] && chars < max_chars) {
        if (bytes > 0 && strchr(" \t\r\n", text[bytes]))
            space = bytes;
        bytes += sequence_length((unsigned char)text[bytes]);
        chars++;
    }
    if (!text[bytes])
        return bytes;
    if (strchr(" \t\r\n", text[bytes]))
        return bytes; /* the line ends just before a space */
    return space ? space : bytes;
}

void cjmi_svg_wrap(cjmi_message *m, const char *text, size_t max_chars, int x, int dy)
{
    if (cjmi_svg_chars(text) <= max_chars) {
        escape_n(m, text, strlen(text), 1);
        return;
    }
    size_t n = first_line(text, max_chars);
    escape_n(m, text, n, 1);
    const char *rest = text + n;
    while (*rest && strchr(" \t\r\n", *rest))
        rest++;
    if (!*rest)
        return;
    cjmi_svg_put(m, "<tspan x=\"%d\" dy=\"%d\">", x, dy);
    cjmi_svg_short(m, rest, max_chars);
    cjmi_svg_put(m, "</tspan>");
}

void cjmi_svg_int(cjmi_message *m, long long n)
{
    if (n < 0) {
        cjmi_message_add(m, "-");
        cjmi_message_add_uint(m, (uint64_t)0 - (uint64_t)n);
    } else {
        cjmi_message_add_uint(m, (uint64_t)n);
    }
}

void cjmi_svg_score(cjmi_message *m, double mean)
{
    if (llround(mean * 100.0) >= 0)
        cjmi_message_add(m, "+");
    cjmi_message_add_score(m, mean);
}

void cjmi_svg_count(cjmi_message *m, uint64_t n)
{
    char digits[24];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (count--) {
        char d[2] = { digits[count], '\0' };
        cjmi_message_add(m, d);
        if (count && count % 3 == 0)
            cjmi_message_add(m, "\xe2\x80\xaf");
    }
}

void cjmi_svg_counted(cjmi_message *m, uint64_t n, const char *one, const char *many)
{
    cjmi_svg_count(m, n);
    cjmi_message_add(m, " ");
    cjmi_message_add(m, n == 1 ? one : many);
}

void cjmi_svg_put(cjmi_message *m, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    const char *run = format;
    for (const char *p = format; *p; p++) {
        if (*p != '%')
            continue;
        cjmi_message_add_n(m, run, (size_t)(p - run));
        switch (*++p) {
        case 'd': cjmi_svg_int(m, va_arg(ap, int)); break;
        case 'u': cjmi_message_add_uint(m, va_arg(ap, uint64_t)); break;
        case 's': cjmi_message_add(m, va_arg(ap, const char *)); break;
        case 't': cjmi_svg_escape(m, va_arg(ap, const char *), 1); break;
        default: cjmi_message_add(m, "%"); break;
        }
        run = p + 1;
    }
    cjmi_message_add(m, run);
    va_end(ap);
}
