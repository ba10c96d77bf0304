/* RFC 3339 times and ISO 8601 durations. */
#include <stdlib.h>

#include "../common/helpers.h"
#include "../suites.h"

static int64_t parse_time(const char *text)
{
    int64_t ms = 42;
    ck_assert_msg(cjm_time_parse(&ms, text) == CJM_OK, "%s: %s", text, cjm_last_error());
    return ms;
}

START_TEST(times_parse)
{
    ck_assert_int_eq(parse_time("1970-01-01T00:00:00Z"), 0);
    ck_assert_int_eq(parse_time("2026-03-01T09:15:00Z"), INT64_C(1772356500000));
    ck_assert_int_eq(parse_time("2026-03-01T10:15:00.250+01:00"), INT64_C(1772356500250));
    ck_assert_int_eq(parse_time("2026-03-01t09:15:00z"), INT64_C(1772356500000));
    ck_assert_int_eq(parse_time("2026-03-01T09:15:00-00:00"), INT64_C(1772356500000));
    ck_assert_int_eq(parse_time("2026-03-01T04:45:00-04:30"), INT64_C(1772356500000));
    ck_assert_int_eq(parse_time("2024-02-29T00:00:00Z"), INT64_C(1709164800000));
    ck_assert_int_eq(parse_time("2000-02-29T00:00:00Z"), INT64_C(951782400000));
    ck_assert_int_eq(parse_time("0000-01-01T00:00:00Z"), CJM_TIME_MIN);
    ck_assert_int_eq(parse_time("9999-12-31T23:59:59.999Z"), CJM_TIME_MAX);
    /* Fractions are truncated toward the past, at any length. */
    ck_assert_int_eq(parse_time("9999-12-31T23:59:59.99999999Z"), CJM_TIME_MAX);
    ck_assert_int_eq(parse_time("1969-12-31T23:59:59.9999Z"), -1);
    ck_assert_int_eq(parse_time("1970-01-01T00:00:00.5Z"), 500);
    ck_assert_int_eq(parse_time("1970-01-01T00:00:00.0019Z"), 1);
}
END_TEST

START_TEST(times_refused)
{
    static const struct { const char *text; cjm_status status; const char *what; } bad[] = {
        { "2026-03-01 09:15:00Z", CJM_ERR_PARSE, "expected 'T' at byte 10" },
        { "2026-03-01T09:15:00", CJM_ERR_PARSE, "expected a zone" },
        { "2026-03-01T09:15:60Z", CJM_ERR_PARSE, "leap seconds are refused" },
        { "2026-03-01T24:00:00Z", CJM_ERR_PARSE, "time of day" },
        { "2026-13-01T00:00:00Z", CJM_ERR_PARSE, "month 13" },
        { "2023-02-29T00:00:00Z", CJM_ERR_PARSE, "day 29" },
        { "1900-02-29T00:00:00Z", CJM_ERR_PARSE, "day 29" },
        { "2026-04-31T00:00:00Z", CJM_ERR_PARSE, "day 31" },
        { "2026-00-10T00:00:00Z", CJM_ERR_PARSE, "month 0" },
        { "2026-3-01T00:00:00Z", CJM_ERR_PARSE, "2-digit month at byte 5" },
        { "26-03-01T00:00:00Z", CJM_ERR_PARSE, "4-digit year" },
        { "2026-03-01T09:15:00.Z", CJM_ERR_PARSE, "fraction digit" },
        { "2026-03-01T09:15:00+01", CJM_ERR_PARSE, "':' in the offset" },
        { "2026-03-01T09:15:00+24:00", CJM_ERR_PARSE, "offset 24:00" },
        { "2026-03-01T09:15:00Zjunk", CJM_ERR_PARSE, "the end of the time at byte 20" },
        { "", CJM_ERR_PARSE, "year" },
        { "0000-01-01T00:30:00+01:00", CJM_ERR_RANGE, "outside" },
        { "9999-12-31T23:30:00-01:00", CJM_ERR_RANGE, "outside" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ms = 42;
        cjm_status rc = cjm_time_parse(&ms, bad[i].text);
        ck_assert_msg(rc == bad[i].status, "%s gave %s", bad[i].text, cjm_status_name(rc));
        ck_assert_error_mentions(bad[i].what);
        ck_assert_int_eq(ms, 42);
    }
    int64_t ms;
    ck_assert_status(cjm_time_parse(NULL, "x"), CJM_ERR_INVALID);
    ck_assert_status(cjm_time_parse(&ms, NULL), CJM_ERR_INVALID);
}
END_TEST

START_TEST(times_format)
{
    char buf[CJM_TIME_BUFSIZE];
    static const struct { int64_t ms; const char *text; } cases[] = {
        { 0, "1970-01-01T00:00:00Z" },
        { INT64_C(1772356500250), "2026-03-01T09:15:00.250Z" },
        { INT64_C(1772356500000), "2026-03-01T09:15:00Z" },
        { -1, "1969-12-31T23:59:59.999Z" },
        { CJM_TIME_MIN, "0000-01-01T00:00:00Z" },
        { CJM_TIME_MAX, "9999-12-31T23:59:59.999Z" },
        { INT64_C(951782400007), "2000-02-29T00:00:00.007Z" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_ok(cjm_time_format(buf, sizeof buf, cases[i].ms));
        ck_assert_str_eq(buf, cases[i].text);
    }
    ck_assert_status(cjm_time_format(buf, sizeof buf, CJM_TIME_MAX + 1), CJM_ERR_RANGE);
    ck_assert_status(cjm_time_format(buf, sizeof buf, CJM_TIME_MIN - 1), CJM_ERR_RANGE);
    ck_assert_status(cjm_time_format(buf, 20, 0), CJM_ERR_LIMIT);
    ck_assert_str_eq(buf, "");
    ck_assert_ok(cjm_time_format(buf, 21, 0));
    ck_assert_status(cjm_time_format(NULL, 30, 0), CJM_ERR_INVALID);
}
END_TEST

START_TEST(times_round_trip)
{
    srand(7);
    char buf[CJM_TIME_BUFSIZE];
    for (int i = 0; i < 20000; i++) {
        int64_t r = ((int64_t)rand() << 31 | rand()) % (CJM_TIME_MAX - CJM_TIME_MIN + 1);
        int64_t ms = CJM_TIME_MIN + r, back;
        ck_assert_ok(cjm_time_format(buf, sizeof buf, ms));
        ck_assert_ok(cjm_time_parse(&back, buf));
        ck_assert_int_eq(back, ms);
    }
}
END_TEST

static int64_t parse_duration(const char *text)
{
    int64_t ms = 42;
    ck_assert_msg(cjm_duration_parse(&ms, text) == CJM_OK, "%s: %s", text, cjm_last_error());
    return ms;
}

START_TEST(durations_parse)
{
    ck_assert_int_eq(parse_duration("PT2H"), 7200000);
    ck_assert_int_eq(parse_duration("P3D"), 259200000);
    ck_assert_int_eq(parse_duration("PT1.5S"), 1500);
    ck_assert_int_eq(parse_duration("PT1.23456S"), 1234);
    ck_assert_int_eq(parse_duration("P2W"), 1209600000);
    ck_assert_int_eq(parse_duration("P1DT12H"), 129600000);
    ck_assert_int_eq(parse_duration("PT90M"), 5400000);
    ck_assert_int_eq(parse_duration("PT0S"), 0);
    ck_assert_int_eq(parse_duration("P0D"), 0);
    ck_assert_int_eq(parse_duration("P1DT1H1M1.001S"), 90061001);
}
END_TEST

START_TEST(durations_refused)
{
    static const struct { const char *text; cjm_status status; const char *what; } bad[] = {
        { "P", CJM_ERR_PARSE, "at least one part" },
        { "PT", CJM_ERR_PARSE, "at least one part" },
        { "P1DT", CJM_ERR_PARSE, "at least one part" },
        { "P1Y", CJM_ERR_PARSE, "years and months" },
        { "P1M", CJM_ERR_PARSE, "years and months" },
        { "PT1.5H", CJM_ERR_PARSE, "only seconds" },
        { "P1W1D", CJM_ERR_PARSE, "weeks cannot be combined" },
        { "-PT1S", CJM_ERR_PARSE, "expected 'P'" },
        { "pt1s", CJM_ERR_PARSE, "expected 'P'" },
        { "PT1s", CJM_ERR_PARSE, "designator" },
        { "PT1S1M", CJM_ERR_PARSE, "out of order" },
        { "P1D2D", CJM_ERR_PARSE, "out of order" },
        { "PT1H", CJM_OK, "" },
        { "PTS", CJM_ERR_PARSE, "expected a number" },
        { "PT1.S", CJM_ERR_PARSE, "fraction digit" },
        { "P1DTT1H", CJM_ERR_PARSE, "second 'T'" },
        { "PT1,5S", CJM_ERR_PARSE, "designator" },
        { "PT9223372036854775807S", CJM_ERR_RANGE, "too long" },
        { "P99999999999999999999D", CJM_ERR_RANGE, "too long" },
        { "P15250284453W", CJM_ERR_RANGE, "too long" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ms = 42;
        cjm_status rc = cjm_duration_parse(&ms, bad[i].text);
        ck_assert_msg(rc == bad[i].status, "%s gave %s", bad[i].text, cjm_status_name(rc));
        if (rc != CJM_OK) {
            ck_assert_error_mentions(bad[i].what);
            ck_assert_int_eq(ms, 42);
        }
    }
    int64_t ms;
    ck_assert_status(cjm_duration_parse(NULL, "PT1S"), CJM_ERR_INVALID);
    ck_assert_status(cjm_duration_parse(&ms, NULL), CJM_ERR_INVALID);
}
END_TEST

START_TEST(durations_format)
{
    char buf[CJM_DURATION_BUFSIZE];
    static const struct { int64_t ms; const char *text; } cases[] = {
        { 0, "PT0S" },
        { 604800000, "P7D" },
        { 5400000, "PT1H30M" },
        { 1500, "PT1.500S" },
        { 129600000, "P1DT12H" },
        { 86400001, "P1DT0.001S" },
        { 61000, "PT1M1S" },
        { INT64_MAX, "P106751991167DT7H12M55.807S" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t back;
        ck_assert_ok(cjm_duration_format(buf, sizeof buf, cases[i].ms));
        ck_assert_str_eq(buf, cases[i].text);
        ck_assert_ok(cjm_duration_parse(&back, buf));
        ck_assert_int_eq(back, cases[i].ms);
    }
    ck_assert_status(cjm_duration_format(buf, sizeof buf, -1), CJM_ERR_RANGE);
    ck_assert_status(cjm_duration_format(buf, 4, 0), CJM_ERR_LIMIT);
    ck_assert_str_eq(buf, "");
    ck_assert_status(cjm_duration_format(NULL, 4, 0), CJM_ERR_INVALID);
}
END_TEST

Suite *suite_time(void)
{
    Suite *s = suite_create("time");
    TCase *tc = tcase_create("time");
    tcase_add_test(tc, times_parse);
    tcase_add_test(tc, times_refused);
    tcase_add_test(tc, times_format);
    tcase_add_test(tc, times_round_trip);
    tcase_add_test(tc, durations_parse);
    tcase_add_test(tc, durations_refused);
    tcase_add_test(tc, durations_format);
    suite_add_tcase(s, tc);
    return s;
}
