/* RFC 3339 times and ISO 8601 durations (model.md, "Identifiers, text and
 * time"). Calendar arithmetic is proleptic Gregorian on int64 days. */
#include <string.h>
#include <stdio.h>

#include "cjm/time.h"
#include "error.h"
#include "text.h"
#include "cohort.h"

#define MS_PER_DAY INT64_C(86400000)

/* Days since 1970-01-01 of a civil date (any year). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads exactly n digits at text[*pos] and moves past them; -1 (and *pos
 * left at the field's start) when they are not there. */
static int64_t digits(const char *text, size_t *pos, int n)
{
    int64_t v = 0;
    for (int i = 0; i < n; i++) {
        char c = text[*pos + (size_t)i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *pos += (size_t)n;
    return v;
}

static cjm_status time_syntax(size_t pos, const char *what)
{
    return cjmi_fail(CJM_ERR_PARSE, "cjm_time_parse: not an RFC 3339 time: "
                     "expected %s at byte %zu", what, pos);
}

CJM_EXPORT cjm_status cjm_time_parse(int64_t *out_ms, const char *text)
{
    if (!out_ms || !text)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_time_parse: %s: NULL",
                         out_ms ? "text" : "out_ms");
    size_t p = 0;
    int64_t year, month, day, hour, minute, second, ms = 0, offset_min = 0;
    if ((year = digits(text, &p, 4)) < 0) return time_syntax(p, "a 4-digit year");
    if (text[p++] != '-') return time_syntax(p - 1, "'-'");
    if ((month = digits(text, &p, 2)) < 0) return time_syntax(p, "a 2-digit month");
    if (text[p++] != '-') return time_syntax(p - 1, "'-'");
    if ((day = digits(text, &p, 2)) < 0) return time_syntax(p, "a 2-digit day");
    if (text[p] != 'T' && text[p] != 't') return time_syntax(p, "'T'");
    p++;
    if ((hour = digits(text, &p, 2)) < 0) return time_syntax(p, "a 2-digit hour");
    if (text[p++] != ':') return time_syntax(p - 1, "':'");
    if ((minute = digits(text, &p, 2)) < 0) return time_syntax(p, "2-digit minutes");
    if (text[p++] != ':') return time_syntax(p - 1, "':'");
    if ((second = digits(text, &p, 2)) < 0) return time_syntax(p, "2-digit seconds");
    if (text[p] == '.') {
        p++;
        if (text[p] < '0' || text[p] > '9') return time_syntax(p, "a fraction digit");
        /* Truncate to the millisecond: keep three digits, skip the rest. */
        int n = 0;
        for (; text[p] >= '0' && text[p] <= '9'; n++, p++)
            if (n < 3)
                ms = ms * 10 + (text[p] - '0');
        for (; n < 3; n++)
            ms *= 10;
    }
    if (text[p] == 'Z' || text[p] == 'z') {
        p++;
    } else if (text[p] == '+' || text[p] == '-') {
        int sign = text[p] == '-' ? -1 : 1;
        p++;
        int64_t oh, om;
        if ((oh = digits(text, &p, 2)) < 0) return time_syntax(p, "2-digit offset hours");
        if (text[p++] != ':') return time_syntax(p - 1, "':' in the offset");
        if ((om = digits(text, &p, 2)) < 0) return time_syntax(p, "2-digit offset minutes");
        if (oh > 23 || om > 59)
            return cjmi_fail(CJM_ERR_PARSE, "cjm_time_parse: offset %02d:%02d out of range",
                             (int)oh, (int)om);
        offset_min = sign * (oh * 60 + om);
    } else {
        return time_syntax(p, "a zone ('Z' or an offset such as +01:00)");
    }
    if (text[p] != '\0')
        return time_syntax(p, "the end of the time");
    if (month < 1 || month > 12)
        return cjmi_fail(CJM_ERR_PARSE, "cjm_time_parse: month %d out of range", (int)month);
    if (day < 1 || day > days_in_month(year, (int)month))
        return cjmi_fail(CJM_ERR_PARSE, "cjm_time_parse: day %d out of range for the month",
                         (int)day);
    if (hour > 23 || minute > 59)
        return cjmi_fail(CJM_ERR_PARSE, "cjm_time_parse: time of day %02d:%02d out of range",
                         (int)hour, (int)minute);
    if (second > 59)
        return cjmi_fail(CJM_ERR_PARSE, "cjm_time_parse: second %d out of range "
                         "(leap seconds are refused)", (int)second);
    int64_t t = days_from_civil(year, (int)month, (int)day) * MS_PER_DAY +
                ((hour * 60 + minute - offset_min) * 60 + second) * 1000 + ms;
    if (t < CJM_TIME_MIN || t > CJM_TIME_MAX)
        return cjmi_fail(CJM_ERR_RANGE, "cjm_time_parse: the instant lies outside "
                         "0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z");
    *out_ms = t;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_time_format(char *buf, size_t size, int64_t ms)
{
    if (!buf)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_time_format: buf: NULL");
    if (size)
        buf[0] = '\0';
    if (ms < CJM_TIME_MIN || ms > CJM_TIME_MAX)
        return cjmi_fail(CJM_ERR_RANGE, "cjm_time_format: time outside years 0000..9999");
    int64_t days = ms / MS_PER_DAY, rest = ms % MS_PER_DAY;
    if (rest < 0) {
        rest += MS_PER_DAY;
        days--;
    }
    int64_t year;
    int month, day;
    civil_from_days(days, &year, &month, &day);
    int milli = (int)(rest % 1000);
    int64_t secs = rest / 1000;
    char text[CJM_TIME_BUFSIZE];
    int n = snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d",
                     (int)year, month, day, (int)(secs / 3600),
                     (int)(secs / 60 % 60), (int)(secs % 60));
    if (milli)
        n += snprintf(text + n, sizeof text - (size_t)n, ".%03d", milli);
    text[n++] = 'Z';
    text[n] = '\0';
    return cjmi_copy_out(buf, size, text, "cjm_time_format");
}

static cjm_status duration_syntax(size_t pos, const char *what)
{
    return cjmi_fail(CJM_ERR_PARSE, "cjm_duration_parse: not an ISO 8601 duration: "
                     "%s at byte %zu", what, pos);
}

static cjm_status duration_range(void)
{
    return cjmi_fail(CJM_ERR_RANGE, "cjm_duration_parse: duration too long");
}

/* total += n * unit_ms, checked. */
static cjm_status add_part(int64_t *total, int64_t n, int64_t unit_ms)
{
    if (n > (INT64_MAX - *total) / unit_ms)
        return duration_range();
    *total += n * unit_ms;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_duration_parse(int64_t *out_ms, const char *text)
{
    if (!out_ms || !text)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_duration_parse: %s: NULL",
                         out_ms ? "text" : "out_ms");
    if (text[0] != 'P')
        return duration_syntax(0, "expected 'P'");
    /* Designators in the order they may appear, with their lengths. */
    static const struct { char letter; int in_time; int64_t ms; } units[] = {
        { 'W', 0, 7 * MS_PER_DAY }, { 'D', 0, MS_PER_DAY },
        { 'H', 1, 3600000 }, { 'M', 1, 60000 }, { 'S', 1, 1000 },
    };
    size_t p = 1, next_unit = 0;
    int in_time = 0, parts = 0, weeks = 0, time_parts = 0;
    int64_t total = 0;
    while (text[p]) {
        if (text[p] == 'T') {
            if (in_time)
                return duration_syntax(p, "a second 'T'");
            in_time = 1;
            p++;
            continue;
        }
        size_t start = p;
        int64_t n = 0;
        while (text[p] >= '0' && text[p] <= '9') {
            if (n > (INT64_MAX - 9) / 10)
                return duration_range();
            n = n * 10 + (text[p++] - '0');
        }
        if (p == start)
            return duration_syntax(p, "expected a number");
        int64_t frac_ms = 0;
        int has_frac = 0;
        if (text[p] == '.') {
            p++;
            int k = 0;
            for (; text[p] >= '0' && text[p] <= '9'; p++, k++)
                if (k < 3)
                    frac_ms = frac_ms * 10 + (text[p] - '0');
            if (k == 0)
                return duration_syntax(p, "expected a fraction digit");
            for (; k < 3; k++)
                frac_ms *= 10;
            has_frac = 1;
        }
        char letter = text[p];
        if (letter == 'Y' || (letter == 'M' && !in_time))
            return duration_syntax(p, "years and months are refused (their length "
                                   "depends on the calendar)");
        size_t u = 0;
        while (u < sizeof units / sizeof units[0] &&
               (units[u].letter != letter || units[u].in_time != in_time))
            u++;
        if (u == sizeof units / sizeof units[0])
            return duration_syntax(p, "expected a designator (W, D, or H, M, S after T)");
        if (u < next_unit)
            return duration_syntax(p, "designator out of order");
        if (has_frac && letter != 'S')
            return duration_syntax(p, "only seconds may have a fraction");
        cjm_status rc = add_part(&total, n, units[u].ms);
        if (rc != CJM_OK || (rc = add_part(&total, frac_ms, 1)) != CJM_OK)
            return rc;
        weeks |= letter == 'W';
        time_parts += in_time;
        parts++;
        next_unit = u + 1;
        p++;
    }
    if (parts == 0 || (in_time && time_parts == 0))
        return duration_syntax(p, "expected at least one part after 'P' or 'T'");
    if (weeks && parts > 1)
        return duration_syntax(0, "weeks cannot be combined with other parts");
    *out_ms = total;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_duration_format(char *buf, size_t size, int64_t ms)
{
    if (!buf)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_duration_format: buf: NULL");
    if (size)
        buf[0] = '\0';
    if (ms < 0)
        return cjmi_fail(CJM_ERR_RANGE, "cjm_duration_format: negative duration");
    int64_t days = ms / MS_PER_DAY, rest = ms % MS_PER_DAY;
    int64_t hours = rest / 3600000, minutes = rest / 60000 % 60;
    int64_t seconds = rest / 1000 % 60, milli = rest % 1000;
    char text[CJM_DURATION_BUFSIZE];
    int time_part = rest || !days; /* "P7D" has none; 0 is "PT0S" */
    int n = snprintf(text, sizeof text, "P");
    if (days)
        n += snprintf(text + n, sizeof text - (size_t)n, "%lldD", (long long)days);
    if (time_part)
        n += snprintf(text + n, sizeof text - (size_t)n, "T");
    if (hours)
        n += snprintf(text + n, sizeof text - (size_t)n, "%lldH", (long long)hours);
    if (minutes)
        n += snprintf(text + n, sizeof text - (size_t)n, "%lldM", (long long)minutes);
    if (milli)
        n += snprintf(text + n, sizeof text - (size_t)n, "%lld.%03lldS",
                      (long long)seconds, (long long)milli);
    else if (time_part && (seconds || !rest))
        n += snprintf(text + n, sizeof text - (size_t)n, "%lldS", (long long)seconds);
    return cjmi_copy_out(buf, size, text, "cjm_duration_format");
}

/* ---- cohorts ---------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* A year as ISO 8601 writes it: at least 4 digits, '-' when negative. */
static int put_year(char *out, size_t n, int64_t y)
{
    return y < 0 ? snprintf(out, n, "-%04lld", (long long)-y)
                 : snprintf(out, n, "%04lld", (long long)y);
}

int64_t cjmi_cohort_of(int64_t at, cjmi_cohort kind)
{
    int64_t day = floor_div(at, MS_PER_DAY), y;
    int m, d;
    switch (kind) {
    case CJMI_COHORT_DAY:
        return day;
    case CJMI_COHORT_WEEK:
        /* Day 0 (1970-01-01) is a Thursday: weeks counted from Mondays. */
        return floor_div(day + 3, 7);
    case CJMI_COHORT_MONTH:
        civil_from_days(day, &y, &m, &d);
        return y * 12 + (m - 1);
    }
    return 0;
}

void cjmi_cohort_label(char out[CJMI_COHORT_LABEL_MAX], int64_t period, cjmi_cohort kind)
{
    int64_t y;
    int m, d, at = 0;
    switch (kind) {
    case CJMI_COHORT_DAY:
        civil_from_days(period, &y, &m, &d);
        at = put_year(out, CJMI_COHORT_LABEL_MAX, y);
        snprintf(out + at, CJMI_COHORT_LABEL_MAX - (size_t)at, "-%02d-%02d", m, d);
        return;
    case CJMI_COHORT_WEEK: {
        /* The week belongs to the year of its Thursday (ISO 8601). */
        int64_t thursday = period * 7 - 3 + 3;
        civil_from_days(thursday, &y, &m, &d);
        int64_t week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
        at = put_year(out, CJMI_COHORT_LABEL_MAX, y);
        snprintf(out + at, CJMI_COHORT_LABEL_MAX - (size_t)at, "-W%02d", (int)week);
        return;
    }
    case CJMI_COHORT_MONTH:
        y = floor_div(period, 12);
        at = put_year(out, CJMI_COHORT_LABEL_MAX, y);
        snprintf(out + at, CJMI_COHORT_LABEL_MAX - (size_t)at, "-%02d",
                 (int)(period - y * 12) + 1);
        return;
    }
    out[0] = '\0';
}
