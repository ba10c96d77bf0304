/* Message building. */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "message.h"
#include "../core/alloc.h"

static void append(cjmi_message *m, const char *text, size_t n)
{
    if (m->failed)
        return;
    char *to = m->heap ? m->heap : m->local;
    if (m->length + n + 1 > (m->heap ? m->capacity : sizeof m->local)) {
        bool moving = !m->heap;
        if (cjmi_array_reserve(m->heap, m->capacity, m->length + n + 1) != CJM_OK) {
            m->failed = 1;
            return;
        }
        if (moving)
            memcpy(m->heap, m->local, m->length);
        to = m->heap;
    }
    memcpy(to + m->length, text, n);
    m->length += n;
    to[m->length] = '\0';
}

void cjmi_message_add(cjmi_message *m, const char *text)
{
    append(m, text, strlen(text));
}

void cjmi_message_add_n(cjmi_message *m, const char *text, size_t n)
{
    append(m, text, n);
}

void cjmi_message_add_name(cjmi_message *m, const char *name)
{
    /* Names rarely hold such characters: look for one before changing. */
    for (size_t plain; *name; name += plain) {
        plain = strcspn(name, "\r\n\t");
        append(m, name, plain);
        if (name[plain]) {
            append(m, " ", 1);
            plain++;
        }
    }
}

void cjmi_message_add_uint(cjmi_message *m, uint64_t n)
{
    char digits[24];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    append(m, digits + i, sizeof digits - i);
}

void cjmi_message_add_count(cjmi_message *m, uint64_t n, const char *word)
{
    cjmi_message_add_uint(m, n);
    cjmi_message_add(m, " ");
    cjmi_message_add(m, word);
    if (n != 1)
        cjmi_message_add(m, "s");
}

void cjmi_message_add_percent(cjmi_message *m, double rate)
{
    cjmi_message_add_uint(m, (uint64_t)llround(fmax(0.0, rate) * 100.0));
    cjmi_message_add(m, "%");
}

void cjmi_message_add_score(cjmi_message *m, double mean)
{
    long long hundredths = llround(mean * 100.0);
    if (hundredths < 0) {
        cjmi_message_add(m, "-");
        hundredths = -hundredths;
    }
    cjmi_message_add_uint(m, (uint64_t)hundredths / 100);
    cjmi_message_add(m, (uint64_t)hundredths % 100 < 10 ? ".0" : ".");
    cjmi_message_add_uint(m, (uint64_t)hundredths % 100);
}

void cjmi_message_add_duration(cjmi_message *m, int64_t ms)
{
    static const struct { const char *word; int64_t ms; } units[] = {
        { "day", 86400000 }, { "hour", 3600000 }, { "minute", 60000 },
        { "second", 1000 }, { "millisecond", 1 },
    };
    int shown = 0;
    for (size_t u = 0; u < sizeof units / sizeof units[0] && shown < 2; u++) {
        int64_t n = ms / units[u].ms;
        if (n == 0 && !(shown == 0 && u + 1 == sizeof units / sizeof units[0]))
            continue;
        if (shown)
            cjmi_message_add(m, " ");
        cjmi_message_add_count(m, (uint64_t)n, units[u].word);
        ms -= n * units[u].ms;
        shown++;
        if (ms == 0)
            break;
    }
}

char *cjmi_message_take_room(cjmi_message *m, size_t extra)
{
    char *text = NULL;
    if (m->failed || extra > SIZE_MAX - m->length - 1) {
        cjmi_free(m->heap);
    } else if (m->heap) {
        text = extra ? cjmi_realloc(m->heap, m->length + 1 + extra) : m->heap;
        if (!text)
            cjmi_free(m->heap);
    } else if ((text = cjmi_malloc(m->length + 1 + extra)) != NULL) {
        memcpy(text, m->local, m->length + 1);
    }
    m->heap = NULL;
    m->length = m->capacity = 0;
    m->failed = 0;
    m->local[0] = '\0';
    return text;
}

char *cjmi_message_take(cjmi_message *m)
{
    return cjmi_message_take_room(m, 0);
}
