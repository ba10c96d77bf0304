/* The report for a person: what happened to the customers, stage by stage
 * (the funnel), how long it took, how they felt (the emotion curve, with
 * the map's own research apart), the channels they used, where they went
 * back, and the gaps, worst first. Each part says in a line what its
 * figures mean, so the report reads without the docs.
 *
 * Figures of the analysis's later versions are looked up by name in the
 * report's description (cjm/tables.h): a library without one prints "-"
 * in its place, or leaves the part out, and never fails. */
#include <math.h>
#include <string.h>

#include <cjm/paths.h>
#include <cjm/tables.h>

#include "cli.h"
#include "report-text.h"

typedef unsigned long long ull;

/* A figure by its column's name; false when this library lacks the
 * figure or its value is null. */
static bool column(size_t *c, const cjm_report *r, cjm_table t, size_t row, const char *name)
{
    return cjm_table_column_find(c, t, name) == CJM_OK && !cjm_report_value_is_null(r, t, row, *c);
}

static bool count_of(uint64_t *v, const cjm_report *r, cjm_table t, size_t row, const char *name)
{
    size_t c;
    return column(&c, r, t, row, name) && cjm_report_value_count(v, r, t, row, c) == CJM_OK;
}

static bool integer_of(int64_t *v, const cjm_report *r, cjm_table t, size_t row,
                       const char *name)
{
    size_t c;
    return column(&c, r, t, row, name) && cjm_report_value_integer(v, r, t, row, c) == CJM_OK;
}

static bool real_of(double *v, const cjm_report *r, cjm_table t, size_t row, const char *name)
{
    size_t c;
    return column(&c, r, t, row, name) && cjm_report_value_real(v, r, t, row, c) == CJM_OK;
}

static bool text_of(const char **v, const cjm_report *r, cjm_table t, size_t row,
                    const char *name)
{
    size_t c;
    return column(&c, r, t, row, name) && cjm_report_value_text(v, r, t, row, c) == CJM_OK;
}

/* Whether this library reports a figure at all (null or not). */
static bool described(cjm_table t, const char *name)
{
    size_t c;
    return cjm_table_column_find(&c, t, name) == CJM_OK;
}

static void percent(char *buf, size_t size, double rate)
{
    if (isnan(rate))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * rate);
}

static void duration(char *buf, size_t size, int64_t ms)
{
    if (ms == CJM_UNSET) {
        snprintf(buf, size, "-");
        return;
    }
    int64_t s = ms / 1000;
    if (s >= 86400)
        snprintf(buf, size, "%lldd %lldh", (long long)(s / 86400), (long long)(s % 86400 / 3600));
    else if (s >= 3600)
        snprintf(buf, size, "%lldh %lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
    else if (s >= 60)
        snprintf(buf, size, "%lldm %llds", (long long)(s / 60), (long long)(s % 60));
    else if (ms % 1000 == 0) /* "0s", "12s": whole seconds as the longer times show them */
        snprintf(buf, size, "%llds", (long long)s);
    else
        snprintf(buf, size, "%lld.%03llds", (long long)s, (long long)(ms % 1000));
}

/* One character of text as the report writes it: a code point's bytes,
 * or for a control character (C0, DEL, C1) and a byte outside valid UTF-8
 * an escape (\n, \t, \r, \xNN), so a value holding one can neither break
 * a table's lines nor steer the terminal. Returns the bytes of s used;
 * *shown holds what to write and *width its width. */
static size_t unit(const unsigned char *s, char shown[12], size_t *bytes, int *width)
{
    unsigned c = s[0], cp = c, n = 1, min = 0;
    if ((c & 0xe0) == 0xc0) { cp = c & 0x1f; n = 2; min = 0x80; }
    else if ((c & 0xf0) == 0xe0) { cp = c & 0x0f; n = 3; min = 0x800; }
    else if ((c & 0xf8) == 0xf0) { cp = c & 0x07; n = 4; min = 0x10000; }
    else if (c >= 0x80) n = 0;
    for (unsigned k = 1; k < n; k++) {
        if ((s[k] & 0xc0) != 0x80) { /* also stops at the terminating NUL */
            n = 0;
            break;
        }
        cp = (cp << 6) | (s[k] & 0x3f);
    }
    if (n && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)))
        n = 0;
    if (n == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
        const char *named = !n ? NULL : cp == '\n' ? "\\n" : cp == '\t' ? "\\t"
                          : cp == '\r' ? "\\r" : NULL;
        if (named)
            snprintf(shown, 12, "%s", named);
        else if (n == 2) /* a C1 control: both its bytes, as the library's messages */
            snprintf(shown, 12, "\\x%02x\\x%02x", c, s[1]);
        else
            snprintf(shown, 12, "\\x%02x", c);
        *bytes = strlen(shown);
        *width = (int)*bytes;
        return n ? n : 1;
    }
    memcpy(shown, s, n);
    *bytes = n;
    *width = 1;
    return n;
}

/* Writes the characters of text that fit in `room`, or only measures
 * them when out is NULL; returns their width, *cut whether some did not fit. */
static int fitting(FILE *out, const char *text, int room, bool *cut)
{
    const unsigned char *s = (const unsigned char *)text;
    int used = 0;
    *cut = false;
    while (*s) {
        char shown[12];
        size_t bytes;
        int width;
        size_t n = unit(s, shown, &bytes, &width);
        if (room >= 0 && used + width > room) {
            *cut = true;
            break;
        }
        if (out)
            fwrite(shown, 1, bytes, out);
        used += width;
        s += n;
    }
    return used;
}

/* Writes a label escaped (see unit); with width > 0, as a cell of that
 * many characters, padded with spaces on the right, or on the left when
 * `right`, and when longer cut at a character boundary with "…" as its
 * last character, in every table alike. The width counts code points,
 * not terminal columns: a wide (CJK) character takes one, as in printf's
 * own padding of ASCII, since a terminal's column widths need a Unicode
 * table the tool does not carry. */
static void label(FILE *out, const char *text, int width, bool right)
{
    bool cut;
    if (width <= 0) {
        fitting(out, text, -1, &cut);
        return;
    }
    int used = fitting(NULL, text, width, &cut);
    if (cut)
        used = fitting(NULL, text, width - 1, &cut) + 1;
    if (right)
        fprintf(out, "%*s", width - used, "");
    if (cut) {
        fitting(out, text, width - 1, &cut);
        fputs("\xe2\x80\xa6", out); /* U+2026, the ellipsis */
    } else {
        fitting(out, text, width, &cut);
    }
    if (!right)
        fprintf(out, "%*s", width - used, "");
}

/* A stage's name from the map, its id when the map lacks it. */
static const char *stage_name(const cjm_journey *map, const char *id)
{
    const cjm_stage *s = map ? cjm_journey_find_stage(map, id) : NULL;
    return s ? cjm_stage_name(s) : id;
}

static void ratio(char *buf, size_t size, bool known, uint64_t part, uint64_t whole)
{
    percent(buf, size, known && whole ? (double)part / (double)whole : NAN);
}

static void funnel(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    char rate[32], prev[32], start[32], in[32];
    uint64_t first = 0, before = 0;
    bool closed = described(CJM_TABLE_STAGES, "funnel");
    fprintf(out, "Funnel: customers who reached each stage, went through every stage so far "
                 "in order,\nand left the journey there\n");
    fprintf(out, "  %-22s %9s %9s %9s %9s %9s %7s %12s\n", "stage", "reached", "in order",
            "of prev", "of start", "left", "left %", "left silent");
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        uint64_t n = 0;
        bool known = count_of(&n, r, CJM_TABLE_STAGES, i, "funnel");
        if (i == 0)
            first = n;
        ratio(prev, sizeof prev, known && i > 0, n, before);
        ratio(start, sizeof start, known, n, first);
        before = n;
        if (known)
            snprintf(in, sizeof in, "%llu", (ull)n);
        else
            snprintf(in, sizeof in, "-");
        percent(rate, sizeof rate, cjm_report_stage_drop_rate(r, i));
        fputs("  ", out);
        label(out, stage_name(map, cjm_report_stage_id(r, i)), 22, false);
        fprintf(out, " %9llu %9s %9s %9s %9llu %7s %12llu\n",
                (ull)cjm_report_stage_reached(r, i), in, prev, start,
                (ull)cjm_report_stage_dropped(r, i), rate,
                (ull)cjm_report_stage_silent_churn(r, i));
    }
    fprintf(out, "  (reached: had an event in the stage, earlier stages skipped or not;\n");
    if (closed)
        fprintf(out, "   in order: went through every stage up to this one in map order "
                     "(the closed\n   funnel, which never grows);\n"
                     "   of prev, of start: in order, as a share of the stage before and of "
                     "the first stage;\n");
    fprintf(out, "   left silent: left the journey there without giving any feedback)\n\n");
}

/* One line of a time distribution: samples and p25/p50/p75/p90, from the
 * columns PREFIX.samples, PREFIX.p25, ... of a row. */
static void distribution(FILE *out, const cjm_report *r, cjm_table t, size_t row,
                         const char *prefix, const char *name_of_row)
{
    static const char *const parts[] = { "p25", "p50", "p75", "p90" };
    char name[64], d[4][32];
    uint64_t samples = 0;
    snprintf(name, sizeof name, "%s.samples", prefix);
    if (!count_of(&samples, r, t, row, name)) {
        fputs("  ", out);
        label(out, name_of_row, 22, false);
        fprintf(out, " %9s\n", "-");
        return;
    }
    for (int k = 0; k < 4; k++) {
        int64_t ms = CJM_UNSET;
        snprintf(name, sizeof name, "%s.%s", prefix, parts[k]);
        if (!integer_of(&ms, r, t, row, name))
            ms = CJM_UNSET;
        duration(d[k], sizeof d[k], ms);
    }
    fputs("  ", out);
    label(out, name_of_row, 22, false);
    fprintf(out, " %9llu %10s %10s %10s %10s\n", (ull)samples, d[0], d[1], d[2], d[3]);
}

static void times(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    if (!described(CJM_TABLE_STAGES, "transition_ms.samples")) {
        fprintf(out, "Time to the next stage (median):");
        for (size_t i = 0; i + 1 < cjm_report_stage_count(r); i++) {
            char next[32];
            duration(next, sizeof next, cjm_report_stage_median_transition_ms(r, i));
            fprintf(out, "%s ", i ? "," : "");
            label(out, stage_name(map, cjm_report_stage_id(r, i)), 0, false);
            fprintf(out, " %s", next);
        }
        fprintf(out, "\n\n");
        return;
    }
    fprintf(out, "Time: from a customer's first event in a stage to their first in the "
                 "next,\nand to complete the journey\n");
    fprintf(out, "  %-22s %9s %10s %10s %10s %10s\n", "stage", "customers", "p25", "median",
            "p75", "p90");
    for (size_t i = 0; i + 1 < cjm_report_stage_count(r); i++)
        distribution(out, r, CJM_TABLE_STAGES, i, "transition_ms",
                     stage_name(map, cjm_report_stage_id(r, i)));
    if (described(CJM_TABLE_REPORT, "completion_ms.samples"))
        distribution(out, r, CJM_TABLE_REPORT, 0, "completion_ms", "(whole journey)");
    fprintf(out, "  (pK: K%% of the customers took at most this long; whole journey: from "
                 "the first\n   staged event to the final stage, over the customers who "
                 "completed)\n\n");
}

/* A bar from the middle of a 21-character axis: left for unhappy, right
 * for delighted. */
static void bar(char out[22], double mean)
{
    memset(out, ' ', 21);
    out[21] = '\0';
    out[10] = '|';
    long end = lround(10.0 + 10.0 * mean);
    for (long i = end < 10 ? end : 11; i <= (end < 10 ? 9 : end); i++)
        out[i] = end < 10 ? '<' : '>';
}

/* The map's own research on a stage, beside the customers' figures. */
static void research(FILE *out, const cjm_report *r, size_t i)
{
    uint64_t n = 0;
    double mean = NAN;
    if (!count_of(&n, r, CJM_TABLE_STAGES, i, "map_feedback") || n == 0)
        return;
    if (real_of(&mean, r, CJM_TABLE_STAGES, i, "map_mean_score"))
        fprintf(out, "; map's research %+.2f (%llu item%s)", mean, (ull)n, n == 1 ? "" : "s");
}

static void emotion(FILE *out, const cjm_report *r, const cjm_journey *map, double confidence)
{
    bool evidence = described(CJM_TABLE_STAGES, "score_high");
    fprintf(out, "Emotion curve: the customers' mean feedback score per stage, from -1 "
                 "(unhappy) to +1 (delighted)\n");
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        const char *name = stage_name(map, cjm_report_stage_id(r, i));
        uint64_t n = cjm_report_stage_feedback(r, i);
        if (n == 0) {
            fputs("  ", out);
            label(out, name, 22, false);
            fprintf(out, "    -   %21s  no feedback from customers", "");
        } else {
            double mean = cjm_report_stage_mean_score(r, i), sd = NAN, high = NAN;
            char b[22];
            bar(b, mean);
            fputs("  ", out);
            label(out, name, 22, false);
            fprintf(out, " %+.2f  %s  %llu feedback item%s", mean, b, (ull)n, n == 1 ? "" : "s");
            if (real_of(&sd, r, CJM_TABLE_STAGES, i, "score_sd"))
                fprintf(out, ", sd %.2f", sd);
            if (real_of(&high, r, CJM_TABLE_STAGES, i, "score_high"))
                fprintf(out, ", high %+.2f", high);
        }
        research(out, r, i);
        fputc('\n', out);
    }
    if (evidence && confidence > 0)
        fprintf(out, "  (sd: how far the scores spread; high: the mean is below this at %g%%\n"
                     "   confidence, so a pain point needs high below the pain threshold)\n",
                100.0 * confidence);
    else if (evidence)
        fprintf(out, "  (sd: how far the scores spread; confidence 0: a pain point needs only "
                     "its mean\n   below the pain threshold)\n");
    if (described(CJM_TABLE_STAGES, "map_feedback"))
        fprintf(out, "  (map's research: the map's own notes and interviews, shown apart, "
                     "never mixed\n   into the customers' figures or gaps)\n");
    fputc('\n', out);
}

/* A score as the curve shows it, signed or not; "-" when there is none. */
static void score(char *buf, size_t size, bool known, double x, bool sign)
{
    if (!known || isnan(x))
        snprintf(buf, size, "-");
    else if (sign)
        snprintf(buf, size, "%+.2f", x);
    else
        snprintf(buf, size, "%.2f", x);
}

/* Per touchpoint, the customers' feedback and the evidence for its mean,
 * with the map's research apart: every figure read from the report's
 * description by name, so a library that lacks one shows "-". */
static void touchpoints(FILE *out, const cjm_report *r, const cjm_journey *map,
                        double confidence)
{
    const cjm_table t = CJM_TABLE_TOUCHPOINTS;
    size_t n = cjm_report_row_count(r, t);
    if (n == 0 || !described(t, "feedback"))
        return;
    bool evidence = described(t, "score_high"), research = described(t, "map_feedback");
    fprintf(out, "Touchpoints: the customers who used each one, their feedback there and its "
                 "mean\nscore from -1 to +1%s\n",
            research ? ", with the map's own research apart" : "");
    fprintf(out, "  %-20s %-14s %9s %8s %6s %5s %6s%s\n", "touchpoint", "stage", "customers",
            "feedback", "mean", "sd", "high", research ? "  map's research" : "");
    for (size_t i = 0; i < n; i++) {
        const char *id = "?", *stage = NULL;
        uint64_t customers = 0, feedback = 0, notes = 0;
        double mean = NAN, sd = NAN, high = NAN, map_mean = NAN;
        char m[16], d[16], h[16], users[24] = "-", note[48] = "";
        text_of(&id, r, t, i, "id");
        text_of(&stage, r, t, i, "stage");
        if (count_of(&customers, r, t, i, "customers"))
            snprintf(users, sizeof users, "%llu", (ull)customers);
        count_of(&feedback, r, t, i, "feedback");
        /* Read before they are shown: an argument's order is not fixed. */
        bool has_mean = real_of(&mean, r, t, i, "mean_score");
        bool has_sd = real_of(&sd, r, t, i, "score_sd");
        bool has_high = real_of(&high, r, t, i, "score_high");
        score(m, sizeof m, has_mean, mean, true);
        score(d, sizeof d, has_sd, sd, false);
        score(h, sizeof h, has_high, high, true);
        if (count_of(&notes, r, t, i, "map_feedback") && notes) {
            char nm[16];
            bool has_map_mean = real_of(&map_mean, r, t, i, "map_mean_score");
            score(nm, sizeof nm, has_map_mean, map_mean, true);
            snprintf(note, sizeof note, "  %s (%llu item%s)", nm, (ull)notes,
                     notes == 1 ? "" : "s");
        }
        fputs("  ", out);
        label(out, id, 20, false);
        fputc(' ', out);
        label(out, stage ? stage_name(map, stage) : "(unplanned)", 14, false);
        fprintf(out, " %9s %8llu %6s %5s %6s%s\n", users, (ull)feedback, m, d, h, note);
    }
    char bound[80] = "";
    if (evidence)
        snprintf(bound, sizeof bound, confidence > 0
                 ? "; high: the upper end of the mean's %g%% confidence bound"
                 : "; high: none at confidence 0", 100.0 * confidence);
    fprintf(out, "  (customers: who had an event there; mean, sd%s: of the customers' "
                 "feedback there,\n   as on the emotion curve%s)\n\n",
            evidence ? ", high" : "", bound);
}

static void channels(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    uint64_t events = cjm_report_events(r);
    char rate[32];
    fprintf(out, "Channels: events per channel\n");
    for (size_t i = 0; i < cjm_report_channel_count(r); i++) {
        uint64_t n = cjm_report_channel_events(r, i);
        percent(rate, sizeof rate, events ? (double)n / (double)events : NAN);
        fputs("  ", out);
        label(out, cjm_report_channel(r, i), 22, false);
        fprintf(out, " %9llu %7s\n", (ull)n, rate);
    }
    fprintf(out, "  %s between one event and the next; %s used more than one channel\n",
            cli_plural(cjm_report_switches(r), "channel switch", "channel switches"),
            cli_plural(cjm_report_multichannel_customers(r), "customer", "customers"));
    fprintf(out, "  Customers made to change channel within a stage:");
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        fprintf(out, "%s ", i ? "," : "");
        label(out, stage_name(map, cjm_report_stage_id(r, i)), 0, false);
        fprintf(out, " %llu", (ull)cjm_report_stage_switch_customers(r, i));
    }
    if (described(CJM_TABLE_STAGES, "hop_customers")) {
        fprintf(out, "\n  Customers sent to a channel the map does not plan, within a stage:");
        for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
            uint64_t n = 0;
            count_of(&n, r, CJM_TABLE_STAGES, i, "hop_customers");
            fprintf(out, "%s ", i ? "," : "");
            label(out, stage_name(map, cjm_report_stage_id(r, i)), 0, false);
            fprintf(out, " %llu", (ull)n);
        }
    }
    fprintf(out, "\n  The map itself changes channel %s along its planned path\n\n",
            cli_plural(cjm_report_map_channel_switches(r), "time", "times"));
}

static void backtracks(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    fprintf(out, "Backtracks: customers going back to an earlier stage: %llu, by %s\n",
            (ull)cjm_report_backtracks(r),
            cli_plural(cjm_report_backtrack_customers(r), "customer", "customers"));
    for (size_t i = 0; i < cjm_report_backtrack_pair_count(r); i++) {
        fputs("  ", out);
        label(out, stage_name(map, cjm_report_backtrack_from(r, i)), 0, false);
        fputs(" -> ", out);
        label(out, stage_name(map, cjm_report_backtrack_to(r, i)), 0, false);
        fprintf(out, ": %s, %s\n",
                cli_plural(cjm_report_backtrack_pair_backtracks(r, i), "time", "times"),
                cli_plural(cjm_report_backtrack_pair_customers(r, i), "customer", "customers"));
    }
    fputc('\n', out);
}

/* The flows the text shows: the largest of those the report lists. */
#define TEXT_FLOWS 10

static void paths(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    size_t n = cjm_report_path_count(r);
    fprintf(out, "Paths: the stages customers went through, in order (%s in all)\n",
            cli_plural(cjm_report_path_distinct(r), "different path", "different paths"));
    if (n)
        fprintf(out, "  %9s %9s %7s  %s\n", "customers", "completed", "%", "path");
    for (size_t i = 0; i < n; i++) {
        char rate[32];
        uint64_t customers = cjm_report_path_customers(r, i);
        uint64_t completed = cjm_report_path_completed(r, i);
        ratio(rate, sizeof rate, true, completed, customers);
        fprintf(out, "  %9llu %9llu %7s  ", (ull)customers, (ull)completed, rate);
        for (size_t j = 0; j < cjm_report_path_length(r, i); j++) {
            fputs(j ? " > " : "", out);
            label(out, stage_name(map, cjm_report_path_stage(r, i, j)), 0, false);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
}

static void flows(FILE *out, const cjm_report *r)
{
    size_t n = cjm_report_flow_edge_count(r);
    if (n == 0)
        return;
    fprintf(out, "Flow: the most frequent steps from one touchpoint straight to the next\n");
    fprintf(out, "  %-20s %-20s %9s %9s %10s\n", "from", "to", "times", "customers", "median");
    for (size_t i = 0; i < n && i < TEXT_FLOWS; i++) {
        char median[32];
        duration(median, sizeof median, cjm_report_flow_edge_median_ms(r, i));
        fputs("  ", out);
        label(out, cjm_report_flow_edge_from(r, i), 20, false);
        fputc(' ', out);
        label(out, cjm_report_flow_edge_to(r, i), 20, false);
        fprintf(out, " %9llu %9llu %10s\n", (ull)cjm_report_flow_edge_pairs(r, i),
                (ull)cjm_report_flow_edge_customers(r, i), median);
    }
    fprintf(out, "  (times: how often an event there was followed straight by one at the "
                 "next;\n   median: the time between the two)\n\n");
}

static void exits(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    bool any = false;
    for (size_t i = 0; i + 1 < cjm_report_stage_count(r); i++) {
        size_t n = cjm_report_stage_exit_count(r, i);
        if (n == 0)
            continue;
        if (!any)
            fprintf(out, "Where they left: the touchpoint of the last event of the customers "
                         "who left\nthe journey at each stage (silent: without any feedback)\n");
        any = true;
        fputs("  ", out);
        label(out, stage_name(map, cjm_report_stage_id(r, i)), 0, false);
        fputc(':', out);
        for (size_t j = 0; j < n; j++) {
            fprintf(out, "%s ", j ? "," : "");
            label(out, cjm_report_stage_exit_touchpoint(r, i, j), 0, false);
            fprintf(out, " %llu (%llu silent)", (ull)cjm_report_stage_exit_customers(r, i, j),
                    (ull)cjm_report_stage_exit_silent(r, i, j));
        }
        fputc('\n', out);
    }
    if (any)
        fputc('\n', out);
}

/* Segments side by side: a block of at most this many per table. */
#define SEGMENT_COLUMNS 5

/* Whether a segment gap of `kind` marks segment e at stage `stage`. */
static bool marked(const cjm_report *r, cjm_gap_kind kind, size_t e, const char *stage)
{
    const char *value = cjm_report_segment_value(r, e);
    for (size_t i = 0; i < cjm_report_gap_count(r); i++) {
        const cjm_gap *g = cjm_report_gap(r, i);
        const char *v = cjm_gap_segment(g);
        if (cjm_gap_kind_of(g) == kind && strcmp(cjm_gap_stage(g), stage) == 0 &&
            !cjm_report_segment_other(r, e) && (v && value ? strcmp(v, value) == 0 : v == value))
            return true;
    }
    return false;
}

/* A segment's column label: its value, "(none)" for customers without
 * one, "(other)" for the values past the most shown; a value that reads
 * as one of those two is quoted, so that the three never look alike. */
static const char *segment_name(const cjm_report *r, size_t e, char *buf, size_t size)
{
    const char *v = cjm_report_segment_value(r, e);
    if (cjm_report_segment_other(r, e))
        return "(other)";
    if (!v)
        return "(none)";
    if (strcmp(v, "(none)") != 0 && strcmp(v, "(other)") != 0)
        return v;
    snprintf(buf, size, "\"%s\"", v);
    return buf;
}

/* Stages as rows, segments as columns: in each cell the share who left
 * there and the mean score, `!` where the difference from the others is
 * a gap (segment_drop_off, segment_pain). */
static void segments(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    size_t n = cjm_report_segment_count(r), k = cjm_report_stage_count(r);
    if (!cjm_report_breakdown(r))
        return;
    fputs("Segments by ", out);
    label(out, cjm_report_breakdown(r), 0, false);
    fprintf(out, ": stages as rows, segments as columns; in each cell the\n"
                 "share of the segment's customers who reached the stage and left there, and\n"
                 "their mean score; ! marks a difference from the others beyond chance\n");
    for (size_t from = 0; from < n; from += SEGMENT_COLUMNS) {
        size_t to = from + SEGMENT_COLUMNS < n ? from + SEGMENT_COLUMNS : n;
        fprintf(out, "  %-18s", "");
        for (size_t e = from; e < to; e++) {
            char quoted[16];
            fputc(' ', out);
            label(out, segment_name(r, e, quoted, sizeof quoted), 14, true);
        }
        fprintf(out, "\n  %-18s", "customers");
        for (size_t e = from; e < to; e++)
            fprintf(out, " %14llu", (ull)cjm_report_segment_customers(r, e));
        fprintf(out, "\n  %-18s", "completed");
        for (size_t e = from; e < to; e++) {
            char rate[32];
            percent(rate, sizeof rate, cjm_report_segment_completion_rate(r, e));
            fprintf(out, " %14s", rate);
        }
        fputc('\n', out);
        for (size_t s = 0; s < k; s++) {
            const char *id = cjm_report_stage_id(r, s);
            fputs("  ", out);
            label(out, stage_name(map, id), 18, false);
            for (size_t e = from; e < to; e++) {
                char cell[48], rate[16], mean[16];
                double m = cjm_report_segment_stage_mean_score(r, e, s);
                if (s + 1 < k && cjm_report_segment_stage_reached(r, e, s))
                    snprintf(rate, sizeof rate, "%.0f%%%s",
                             100.0 * cjm_report_segment_stage_drop_rate(r, e, s),
                             marked(r, CJM_GAP_SEGMENT_DROP_OFF, e, id) ? "!" : "");
                else
                    snprintf(rate, sizeof rate, "-");
                if (isnan(m))
                    snprintf(mean, sizeof mean, "-");
                else
                    snprintf(mean, sizeof mean, "%+.2f%s", m,
                             marked(r, CJM_GAP_SEGMENT_PAIN, e, id) ? "!" : "");
                snprintf(cell, sizeof cell, "%s %s", rate, mean);
                fprintf(out, " %14s", cell);
            }
            fputc('\n', out);
        }
    }
    fprintf(out, "  (left: of the segment's customers who reached the stage, those whose "
                 "journey ended\n   there; mean: of their feedback there, from -1 to +1; "
                 "- none)\n");
    const char *key = cjm_report_breakdown(r);
    if (n == 1 && !cjm_report_segment_value(r, 0) && !cjm_report_segment_other(r, 0) &&
        key[0] != '@') {
        fputs("  (no event has the attribute \"", out);
        label(out, key, 0, false);
        fputs("\", so every customer is in (none);\n   attribute names are case-sensitive)\n",
              out);
    }
    fputc('\n', out);
}

static void gaps(FILE *out, const cjm_report *r)
{
    size_t n = cjm_report_gap_count(r);
    if (n == 0) {
        fprintf(out, "Gaps: none found\n");
        return;
    }
    fprintf(out, "Gaps: %zu red point%s, worst first (severity from 0 to 1)\n", n,
            n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const cjm_gap *g = cjm_report_gap(r, i);
        fprintf(out, "  %2zu. [%.2f] %-20s ", i + 1, cjm_gap_severity(g),
                cjm_gap_kind_name(cjm_gap_kind_of(g)));
        label(out, cjm_gap_message(g), 0, false);
        fputc('\n', out);
    }
}

void print_text_report(FILE *out, const cjm_report *r, const cjm_journey *map,
                       double confidence)
{
    ull customers = cjm_report_customers(r);
    char done[32];
    percent(done, sizeof done,
            customers ? (double)cjm_report_completed(r) / (double)customers : NAN);
    if (map) {
        label(out, cjm_journey_name(map), 0, false);
        fputs(" (", out);
        label(out, cjm_report_journey(r), 0, false);
        fputs(")\n", out);
    } else {
        label(out, cjm_report_journey(r), 0, false);
        fputc('\n', out);
    }
    fprintf(out, "%s, %s, %s; %s (%s) completed the journey",
            cli_plural(customers, "customer", "customers"),
            cli_plural(cjm_report_events(r), "event", "events"),
            cli_plural(cjm_report_feedback(r), "feedback item", "feedback items"),
            cli_plural(cjm_report_completed(r), "customer", "customers"), done);
    if (cjm_report_rejected(r))
        fprintf(out, "; %s skipped as invalid",
                cli_plural(cjm_report_rejected(r), "event", "events"));
    fprintf(out, "\n");
    uint64_t notes = 0;
    if (count_of(&notes, r, CJM_TABLE_REPORT, 0, "totals.map_feedback") && notes)
        fprintf(out, "The map's own research: %s, reported apart from the customers'\n",
                cli_plural(notes, "feedback item", "feedback items"));
    fprintf(out, "\n");
    funnel(out, r, map);
    times(out, r, map);
    emotion(out, r, map, confidence);
    touchpoints(out, r, map, confidence);
    channels(out, r, map);
    backtracks(out, r, map);
    paths(out, r, map);
    flows(out, r);
    exits(out, r, map);
    segments(out, r, map);
    gaps(out, r);
}
