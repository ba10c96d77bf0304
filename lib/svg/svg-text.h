/* Text in the picture: escaped, shortened to a number of characters, and
 * numbers written without the locale. Everything appends to a message
 * buffer, which records running out of memory itself. Internal. */
#ifndef CJMI_SVG_TEXT_H
#define CJMI_SVG_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "../analysis/message.h"

/* Appends text escaped for XML character data and attribute values:
 * & < > " ' as references, TAB, LF and CR as spaces when `one_line`, and
 * the noncharacters U+FFFE and U+FFFF, which XML forbids, as U+FFFD. */
void cjmi_svg_escape(cjmi_message *m, const char *text, int one_line);

/* Appends at most `max_chars` characters of text, escaped on one line:
 * when it is longer, its first max_chars - 1 characters and an ellipsis.
 * Characters are code points; a sequence is never cut. */
void cjmi_svg_short(cjmi_message *m, const char *text, size_t max_chars);

/* The characters that fit in width pixels of text of font_px pixels:
 * about 0.6 em per character of a sans-serif face. */
size_t cjmi_svg_fit(int width, int font_px);

/* The number of characters (code points) of text. */
size_t cjmi_svg_chars(const char *text);

/* Appends text on one line of at most max_chars characters, or when it is
 * longer on two: the first breaks at the last space that lets it fit (or
 * inside a word longer than the line), the second is a
 * <tspan x="x" dy="dy"> shortened with an ellipsis if it is still too
 * long. Text longer than max_chars therefore needs the room of two lines. */
void cjmi_svg_wrap(cjmi_message *m, const char *text, size_t max_chars, int x, int dy);

/* Appends a signed integer. */
void cjmi_svg_int(cjmi_message *m, long long n);

/* Appends a mean score with a sign and two decimals: "+0.25", "-1.00". */
void cjmi_svg_score(cjmi_message *m, double mean);

/* Appends a whole number with thin groups of three: "12 345" (with a
 * narrow no-break space). */
void cjmi_svg_count(cjmi_message *m, uint64_t n);
/* Appends a count as cjmi_svg_count() does, a space, and `one` when it
 * is 1, `many` otherwise ("1 customer", "2 customers"). */
void cjmi_svg_counted(cjmi_message *m, uint64_t n, const char *one, const char *many);

/* Appends format with its directives replaced: %d an int, %u a uint64_t,
 * %s a string as it is (markup the picture itself writes), %t a string
 * escaped on one line, %% a percent sign. Nothing else. */
void cjmi_svg_put(cjmi_message *m, const char *format, ...);

#endif
