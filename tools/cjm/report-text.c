/* The report for a person: totals, the funnel, channels, backtracks and
 * the gaps, most severe first. */
#include <math.h>
#include <string.h>

#include "cli.h"

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

void print_text_report(FILE *out, const cjm_report *r)
{
    unsigned long long customers = cjm_report_customers(r);
    char a[32], b[32];
    percent(a, sizeof a, customers ? (double)cjm_report_completed(r) / (double)customers : NAN);
    fprintf(out, "Journey %s\n", cjm_report_journey(r));
    fprintf(out, "  %llu customers, %llu events, %llu feedback items; %llu completed (%s)",
            customers, (unsigned long long)cjm_report_events(r),
            (unsigned long long)cjm_report_feedback(r),
            (unsigned long long)cjm_report_completed(r), a);
    if (cjm_report_rejected(r))
        fprintf(out, "; %llu events skipped", (unsigned long long)cjm_report_rejected(r));
    fprintf(out, "\n  the map itself changes channel %llu times\n\n",
            (unsigned long long)cjm_report_map_channel_switches(r));

    fprintf(out, "%-20s %9s %9s %7s %7s %8s %6s %12s %8s\n", "stage", "reached", "dropped",
            "drop", "silent", "feedback", "mood", "to next", "hopping");
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        double mean = cjm_report_stage_mean_score(r, i);
        char mood[16];
        if (isnan(mean))
            snprintf(mood, sizeof mood, "-");
        else
            snprintf(mood, sizeof mood, "%+.2f", mean);
        percent(a, sizeof a, cjm_report_stage_drop_rate(r, i));
        duration(b, sizeof b, cjm_report_stage_median_transition_ms(r, i));
        fprintf(out, "%-20.20s %9llu %9llu %7s %7llu %8llu %6s %12s %8llu\n",
                cjm_report_stage_id(r, i), (unsigned long long)cjm_report_stage_reached(r, i),
                (unsigned long long)cjm_report_stage_dropped(r, i), a,
                (unsigned long long)cjm_report_stage_silent_churn(r, i),
                (unsigned long long)cjm_report_stage_feedback(r, i), mood, b,
                (unsigned long long)cjm_report_stage_switch_customers(r, i));
    }

    fprintf(out, "\nChannels:");
    for (size_t i = 0; i < cjm_report_channel_count(r); i++)
        fprintf(out, "%s %s %llu", i ? "," : "", cjm_report_channel(r, i),
                (unsigned long long)cjm_report_channel_events(r, i));
    fprintf(out, "\n  %llu switches; %llu customers used more than one channel\n",
            (unsigned long long)cjm_report_switches(r),
            (unsigned long long)cjm_report_multichannel_customers(r));
    fprintf(out, "Backtracks: %llu by %llu customers\n",
            (unsigned long long)cjm_report_backtracks(r),
            (unsigned long long)cjm_report_backtrack_customers(r));
    for (size_t i = 0; i < cjm_report_backtrack_pair_count(r); i++)
        fprintf(out, "  %s -> %s: %llu (%llu customers)\n", cjm_report_backtrack_from(r, i),
                cjm_report_backtrack_to(r, i),
                (unsigned long long)cjm_report_backtrack_pair_backtracks(r, i),
                (unsigned long long)cjm_report_backtrack_pair_customers(r, i));

    fprintf(out, "\nGaps (%zu), most severe first:\n", cjm_report_gap_count(r));
    for (size_t i = 0; i < cjm_report_gap_count(r); i++) {
        const cjm_gap *g = cjm_report_gap(r, i);
        fprintf(out, "  [%.2f] %-20s %s\n", cjm_gap_severity(g),
                cjm_gap_kind_name(cjm_gap_kind_of(g)), cjm_gap_message(g));
    }
}
