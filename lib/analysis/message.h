/* Building one-line English messages without locale-dependent number
 * formatting. Internal. */
#ifndef CJMI_MESSAGE_H
#define CJMI_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

/* Zeroed to start. Most messages are one short line: built in `local`,
 * then copied once at their exact size, rather than grown a few times. */
typedef struct cjmi_message {
    char *heap;              /* the text once longer than local, or NULL */
    size_t length, capacity; /* capacity: of heap */
    int failed; /* set when memory ran out; later appends do nothing */
    char local[160];
} cjmi_message;

void cjmi_message_add(cjmi_message *m, const char *text);
/* The first n bytes of text. */
void cjmi_message_add_n(cjmi_message *m, const char *text, size_t n);
/* A name on one line: CR, LF and TAB become spaces. */
void cjmi_message_add_name(cjmi_message *m, const char *name);
void cjmi_message_add_uint(cjmi_message *m, uint64_t n);
/* "n word" or "n words". */
void cjmi_message_add_count(cjmi_message *m, uint64_t n, const char *word);
/* a / b as a whole percentage, rounded half up: "41%". */
void cjmi_message_add_percent(cjmi_message *m, double rate);
/* A mean score with two decimals: "-0.50". */
void cjmi_message_add_score(cjmi_message *m, double mean);
/* A duration in its two largest units: "3 days 4 hours". */
void cjmi_message_add_duration(cjmi_message *m, int64_t ms);

/* Hands over the text (NULL when memory ran out) and resets m. */
char *cjmi_message_take(cjmi_message *m);

/* As cjmi_message_take(), with room for `extra` more bytes after the
 * text's NUL, for the caller to keep more text in the same block. */
char *cjmi_message_take_room(cjmi_message *m, size_t extra);

#endif
