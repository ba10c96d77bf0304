/* The report for a person: what happened to the customers, stage by stage
 * (the funnel), how they felt (the emotion curve), the channels they used,
 * where they went back, and the gaps, worst first. Each part says in a
 * line what its figures mean, so the report reads without the docs. */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "report-text.h"

typedef unsigned long long ull;

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
    else
        snprintf(buf, size, "%lld.%03llds", (long long)s, (long long)(ms % 1000));
}

/* A stage's name from the map, its id when the map lacks it. */
static const char *stage_name(const cjm_journey *map, const char *id)
{
    const cjm_stage *s = map ? cjm_journey_find_stage(map, id) : NULL;
    return s ? cjm_stage_name(s) : id;
}

static void funnel(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    char rate[32], next[32];
    fprintf(out, "Funnel: customers who reached each stage, and who left the journey there\n");
    fprintf(out, "  %-22s %9s %9s %7s %12s %13s\n", "stage", "reached", "left", "left %",
            "left silent", "to next stage");
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        percent(rate, sizeof rate, cjm_report_stage_drop_rate(r, i));
        duration(next, sizeof next, cjm_report_stage_median_transition_ms(r, i));
        fprintf(out, "  %-22.22s %9llu %9llu %7s %12llu %13s\n",
                stage_name(map, cjm_report_stage_id(r, i)),
                (ull)cjm_report_stage_reached(r, i), (ull)cjm_report_stage_dropped(r, i), rate,
                (ull)cjm_report_stage_silent_churn(r, i), next);
    }
    fprintf(out, "  (left silent: left without giving any feedback; to next stage: the "
                 "median time to reach it)\n\n");
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

static void emotion(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    fprintf(out, "Emotion curve: the mean feedback score per stage, from -1 (unhappy) "
                 "to +1 (delighted)\n");
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        const char *name = stage_name(map, cjm_report_stage_id(r, i));
        uint64_t n = cjm_report_stage_feedback(r, i);
        if (n == 0) {
            fprintf(out, "  %-22.22s    -   %21s  no feedback\n", name, "");
            continue;
        }
        double mean = cjm_report_stage_mean_score(r, i);
        char b[22];
        bar(b, mean);
        fprintf(out, "  %-22.22s %+.2f  %s  %llu feedback item%s\n", name, mean, b, (ull)n,
                n == 1 ? "" : "s");
    }
    fputc('\n', out);
}

static void channels(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    uint64_t events = cjm_report_events(r);
    char rate[32];
    fprintf(out, "Channels: events per channel\n");
    for (size_t i = 0; i < cjm_report_channel_count(r); i++) {
        uint64_t n = cjm_report_channel_events(r, i);
        percent(rate, sizeof rate, events ? (double)n / (double)events : NAN);
        fprintf(out, "  %-22.22s %9llu %7s\n", cjm_report_channel(r, i), (ull)n, rate);
    }
    fprintf(out, "  %s between one event and the next; %s used more than one channel\n",
            cli_plural(cjm_report_switches(r), "channel switch", "channel switches"),
            cli_plural(cjm_report_multichannel_customers(r), "customer", "customers"));
    fprintf(out, "  Customers made to change channel within a stage:");
    for (size_t i = 0; i < cjm_report_stage_count(r); i++)
        fprintf(out, "%s %s %llu", i ? "," : "", stage_name(map, cjm_report_stage_id(r, i)),
                (ull)cjm_report_stage_switch_customers(r, i));
    fprintf(out, "\n  The map itself changes channel %s along its planned path\n\n",
            cli_plural(cjm_report_map_channel_switches(r), "time", "times"));
}

static void backtracks(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    fprintf(out, "Backtracks: customers going back to an earlier stage: %llu, by %s\n",
            (ull)cjm_report_backtracks(r),
            cli_plural(cjm_report_backtrack_customers(r), "customer", "customers"));
    for (size_t i = 0; i < cjm_report_backtrack_pair_count(r); i++)
        fprintf(out, "  %s -> %s: %s, %s\n",
                stage_name(map, cjm_report_backtrack_from(r, i)),
                stage_name(map, cjm_report_backtrack_to(r, i)),
                cli_plural(cjm_report_backtrack_pair_backtracks(r, i), "time", "times"),
                cli_plural(cjm_report_backtrack_pair_customers(r, i), "customer", "customers"));
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
        fprintf(out, "  %2zu. [%.2f] %-20s %s\n", i + 1, cjm_gap_severity(g),
                cjm_gap_kind_name(cjm_gap_kind_of(g)), cjm_gap_message(g));
    }
}

void print_text_report(FILE *out, const cjm_report *r, const cjm_journey *map)
{
    ull customers = cjm_report_customers(r);
    char done[32];
    percent(done, sizeof done,
            customers ? (double)cjm_report_completed(r) / (double)customers : NAN);
    if (map)
        fprintf(out, "%s (%s)\n", cjm_journey_name(map), cjm_report_journey(r));
    else
        fprintf(out, "%s\n", cjm_report_journey(r));
    fprintf(out, "%s, %s, %s; %s (%s) completed the journey",
            cli_plural(customers, "customer", "customers"),
            cli_plural(cjm_report_events(r), "event", "events"),
            cli_plural(cjm_report_feedback(r), "feedback item", "feedback items"),
            cli_plural(cjm_report_completed(r), "customer", "customers"), done);
    if (cjm_report_rejected(r))
        fprintf(out, "; %s skipped as invalid",
                cli_plural(cjm_report_rejected(r), "event", "events"));
    fprintf(out, "\n\n");
    funnel(out, r, map);
    emotion(out, r, map);
    channels(out, r, map);
    backtracks(out, r, map);
    gaps(out, r);
}
