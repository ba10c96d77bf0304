/* cjm analyze MAP EVENTS...: the bulk analysis from the command line. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjm/json.h>

#include "cli.h"
#include "formats.h"

static const char usage[] =
    "usage: cjm analyze MAP EVENTS... [options]\n"
    "Analyses customers' events against a journey map (JSON or XML) and prints\n"
    "the report. EVENTS are JSON Lines files (.jsonl, .ndjson; '-' reads\n"
    "standard input) or XES event logs (.xes, .xes.gz).\n"
    "\n"
    "  --format text|json        the report for a person (default) or the\n"
    "                            cjm-report document\n"
    "  --compact                 JSON on one line\n"
    "  --lenient                 skip invalid events, count them, go on\n"
    "  --min-customers N         (default 5)\n"
    "  --min-feedback N          (default 1)\n"
    "  --pain-threshold X        (default 0.0)\n"
    "  --drop-threshold X        (default 0.25)\n"
    "  --silent-threshold X      (default 0.10)\n"
    "  --backtrack-threshold X   (default 0.10)\n"
    "  --switch-threshold X      (default 0.25)\n"
    "  --threads N               0: one per processor (default)\n"
    "  --default-channel C       the channel of events of touchpoints the map\n"
    "                            lacks that name none\n"
    XES_USAGE;

enum { OPT_FORMAT = 256, OPT_COMPACT, OPT_LENIENT, OPT_MIN_CUSTOMERS, OPT_MIN_FEEDBACK,
       OPT_PAIN, OPT_DROP, OPT_SILENT, OPT_BACKTRACK, OPT_SWITCH, OPT_THREADS,
       OPT_DEFAULT_CHANNEL, OPT_HELP };

static const struct option options[] = {
    { "format", required_argument, NULL, OPT_FORMAT },
    { "compact", no_argument, NULL, OPT_COMPACT },
    { "lenient", no_argument, NULL, OPT_LENIENT },
    { "min-customers", required_argument, NULL, OPT_MIN_CUSTOMERS },
    { "min-feedback", required_argument, NULL, OPT_MIN_FEEDBACK },
    { "pain-threshold", required_argument, NULL, OPT_PAIN },
    { "drop-threshold", required_argument, NULL, OPT_DROP },
    { "silent-threshold", required_argument, NULL, OPT_SILENT },
    { "backtrack-threshold", required_argument, NULL, OPT_BACKTRACK },
    { "switch-threshold", required_argument, NULL, OPT_SWITCH },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "default-channel", required_argument, NULL, OPT_DEFAULT_CHANNEL },
    { "help", no_argument, NULL, OPT_HELP },
    XES_LONG_OPTIONS,
    { NULL, 0, NULL, 0 },
};

static int parse_count(const char *text, const char *name, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (!*text || *end || errno || text[0] == '-')
        return cli_fail(EXIT_USAGE, "--%s: \"%s\" is not a whole number", name, text);
    *out = v;
    return EXIT_OK;
}

static int parse_rate(const char *text, const char *name, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (!*text || *end || errno || !isfinite(v))
        return cli_fail(EXIT_USAGE, "--%s: \"%s\" is not a finite number", name, text);
    *out = v;
    return EXIT_OK;
}

/* Applies one option to the options handle. */
static int apply(cjm_options *o, int opt, const char *arg, const char **format,
                 unsigned *flags)
{
    uint64_t n = 0;
    double x = 0;
    int rc = EXIT_OK;
    const char *name = options[opt - OPT_FORMAT].name;
    switch (opt) {
    case OPT_FORMAT:
        if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
            return cli_fail(EXIT_USAGE, "--format: \"%s\" is not text or json", arg);
        *format = arg;
        return EXIT_OK;
    case OPT_COMPACT:
        *flags |= CJM_JSON_COMPACT;
        return EXIT_OK;
    case OPT_LENIENT:
        cjm_options_set_lenient(o, true);
        return EXIT_OK;
    case OPT_DEFAULT_CHANNEL:
        if (cjm_options_set_default_channel(o, arg) != CJM_OK)
            return cli_fail(EXIT_USAGE, "--default-channel: \"%s\" is not a channel token",
                            arg);
        return EXIT_OK;
    case OPT_MIN_CUSTOMERS:
    case OPT_MIN_FEEDBACK:
    case OPT_THREADS:
        if ((rc = parse_count(arg, name, &n)) != EXIT_OK)
            return rc;
        if (opt == OPT_MIN_CUSTOMERS)
            cjm_options_set_min_customers(o, n);
        else if (opt == OPT_MIN_FEEDBACK)
            cjm_options_set_min_feedback(o, n);
        else if (n > 256 || cjm_options_set_threads(o, (unsigned)n) != CJM_OK)
            return cli_fail(EXIT_USAGE, "--threads: at most 256");
        return EXIT_OK;
    default:
        if ((rc = parse_rate(arg, name, &x)) != EXIT_OK)
            return rc;
        if (opt == OPT_PAIN)
            cjm_options_set_pain_threshold(o, x);
        else if (opt == OPT_DROP)
            cjm_options_set_drop_threshold(o, x);
        else if (opt == OPT_SILENT)
            cjm_options_set_silent_threshold(o, x);
        else if (opt == OPT_BACKTRACK)
            cjm_options_set_backtrack_threshold(o, x);
        else
            cjm_options_set_switch_threshold(o, x);
        return EXIT_OK;
    }
}

static int analyze(cjm_options *o, const void *xes, int argc, char **argv, const char *format,
                   unsigned flags)
{
    const char *map_path = argv[0];
    for (int i = 1; i < argc; i++) {
        file_format f = format_of(argv[i]);
        if (f == F_XES && !have_xml())
            return cli_fail(EXIT_USAGE, "%s: XES event logs need the XML module, which this "
                            "cjm was built without", argv[i]);
        if (strcmp(argv[i], "-") != 0 && f != F_JSONL && f != F_XES)
            return cli_fail(EXIT_USAGE, "%s: unknown events format (expected .jsonl, "
                            ".ndjson, .xes or .xes.gz)", argv[i]);
    }
    cjm_journey *map = NULL;
    cjm_status rc = read_journey_any(&map, map_path);
    if (rc != CJM_OK)
        return cli_fail(cli_exit_for(rc), "%s", cjm_last_error());
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_journey_free(map);
    if (!a)
        return cli_fail(cli_exit_for(cjm_last_status()), "%s", cjm_last_error());
    for (int i = 1; rc == CJM_OK && i < argc; i++)
        rc = read_events_any(argv[i], cjm_options_threads(o), xes, cjm_analysis_sink, a);
    cjm_report *r = NULL;
    if (rc == CJM_OK)
        rc = cjm_analysis_report(&r, a);
    int code = EXIT_OK;
    if (rc != CJM_OK) {
        code = cli_fail(cli_exit_for(rc), "%s", cjm_last_error());
    } else {
        for (size_t i = 0; cjm_analysis_rejected_message(a, i); i++)
            cli_fail(EXIT_OK, "skipped: %s", cjm_analysis_rejected_message(a, i));
        if (strcmp(format, "json") == 0) {
            if (cjm_json_write_report_file(stdout, r, flags) != CJM_OK)
                code = cli_fail(EXIT_FAILURE_OTHER, "%s", cjm_last_error());
        } else {
            print_text_report(stdout, r);
            if (fflush(stdout) != 0)
                code = cli_fail(EXIT_FAILURE_OTHER, "cannot write the report");
        }
    }
    cjm_report_free(r);
    cjm_analysis_free(a);
    return code;
}

int cmd_analyze(int argc, char **argv)
{
    cjm_options *o = cjm_options_new();
    if (!o)
        return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    const char *format = "text";
    unsigned flags = 0;
    void *xes = NULL;
    int opt, code = EXIT_OK;
    optind = 1;
    opterr = 0;
    while (code == EXIT_OK && (opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt == OPT_HELP) {
            fputs(usage, stdout);
            cjm_options_free(o);
            free_xes_options(xes);
            return EXIT_OK;
        }
        if (opt == '?' || opt == ':')
            code = cli_fail(EXIT_USAGE, "analyze: unknown option or missing value: %s "
                            "(try 'cjm help analyze')", argv[optind - 1]);
        else if (opt >= XES_OPTION_FIRST)
            code = apply_xes_option(&xes, opt, optarg);
        else
            code = apply(o, opt, optarg, &format, &flags);
    }
    if (code == EXIT_OK && argc - optind < 2)
        code = cli_fail(EXIT_USAGE, "analyze: needs a map and at least one events file "
                        "(try 'cjm help analyze')");
    if (code == EXIT_OK)
        code = analyze(o, xes, argc - optind, argv + optind, format, flags);
    cjm_options_free(o);
    free_xes_options(xes);
    return code;
}
