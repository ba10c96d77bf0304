/* cjm compare MAP ACTUAL, or MAP EVENTS... --customer ID: how a customer's
 * actual journey strayed from the map, from a journey document or straight
 * from the events. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "formats.h"

static const char usage[] =
    "usage: cjm compare MAP ACTUAL [options]\n"
    "       cjm compare MAP EVENTS... --customer ID [options]\n"
    "Compares a customer's actual journey with the map, and prints each deviation:\n"
    "touchpoints the map lacks (unplanned), required ones the customer did not\n"
    "have (missing), steps back to an earlier stage (backtrack), and touchpoints\n"
    "whose mean feedback is below the pain threshold (failing; default 0.0).\n"
    "The actual journey is a journey document (JSON or XML) whose touchpoints\n"
    "carry times and feedback, or, with --customer, the customer's events taken\n"
    "straight from EVENTS (JSON Lines or XES, as for cjm analyze; '-' reads\n"
    "standard input): in time order, ties in the order they come, and a\n"
    "touchpoint met again is another visit, so going back shows. Exit status 0\n"
    "whether or not there are deviations.\n"
    "\n"
    "  --pain-threshold X        failing below this mean score, -1 to 1 (default 0.0)\n"
    "  --format text|json        one deviation a line (default), or the\n"
    "                            cjm-comparison document\n"
    "  --customer ID             the customer whose events are the actual journey\n"
    "  --lenient                 with --customer: skip invalid events, count them\n"
    "  --default-channel C       with --customer: the channel of events of\n"
    "                            touchpoints the map lacks that name none\n"
    "  --events-format jsonl|xes with --customer: the events' format, when their\n"
    "                            names do not say\n"
    XES_USAGE
    "  -h, --help                show this text\n";

static void print(const cjm_comparison *c, const char *map, const char *actual)
{
    size_t n = cjm_comparison_count(c);
    printf("%s against %s: %zu deviation%s\n", actual, map, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        cjm_deviation_kind kind = cjm_comparison_kind(c, i);
        const char *stage = cjm_comparison_stage(c, i);
        printf("  %-10s %s", cjm_deviation_kind_name(kind), cjm_comparison_touchpoint(c, i));
        if (kind == CJM_DEVIATION_BACKTRACK)
            printf(" (back from stage %s to %s)", cjm_comparison_from_stage(c, i),
                   stage ? stage : "?");
        else if (stage)
            printf(" (stage %s)", stage);
        if (kind == CJM_DEVIATION_FAILING)
            printf(", mean score %.2f", cjm_comparison_value(c, i));
        putchar('\n');
    }
}

/* The cjm-comparison document (docs/formats.md). */
static void print_json(const cjm_comparison *c, const cjm_journey *map,
                       const cjm_journey *actual)
{
    printf("{\"format\": \"cjm-comparison\", \"version\": 1, \"map\": ");
    cli_json_string(stdout, cjm_journey_id(map));
    printf(", \"actual\": ");
    cli_json_string(stdout, cjm_journey_id(actual));
    printf(", \"customer\": ");
    cli_json_string(stdout, cjm_journey_customer(actual));
    printf(",\n \"deviations\": [");
    size_t n = cjm_comparison_count(c);
    for (size_t i = 0; i < n; i++) {
        cjm_deviation_kind kind = cjm_comparison_kind(c, i);
        printf("%s\n  {\"kind\": \"%s\", \"touchpoint\": ", i ? "," : "",
               cjm_deviation_kind_name(kind));
        cli_json_string(stdout, cjm_comparison_touchpoint(c, i));
        printf(", \"stage\": ");
        cli_json_string(stdout, cjm_comparison_stage(c, i));
        printf(", \"from_stage\": ");
        cli_json_string(stdout, kind == CJM_DEVIATION_BACKTRACK ? cjm_comparison_from_stage(c, i)
                                                            : NULL);
        double value = cjm_comparison_value(c, i);
        if (kind == CJM_DEVIATION_FAILING && isfinite(value))
            printf(", \"mean_score\": %.17g}", value);
        else
            printf(", \"mean_score\": null}");
    }
    printf("%s]}\n", n ? "\n" : "");
}

/* What one run of compare was asked to do. */
typedef struct request {
    cjm_options *options;
    bool json;
    const char *customer;  /* NULL: the actual journey is a document */
    const char *events_only; /* an option given that needs --customer */
    file_format events_format;
    void *xes;
} request;

enum { OPT_PAIN = 256, OPT_FORMAT, OPT_CUSTOMER, OPT_LENIENT, OPT_DEFAULT_CHANNEL,
       OPT_EVENTS_FORMAT };

static const struct option options[] = {
    { "pain-threshold", required_argument, NULL, OPT_PAIN },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "customer", required_argument, NULL, OPT_CUSTOMER },
    { "lenient", no_argument, NULL, OPT_LENIENT },
    { "default-channel", required_argument, NULL, OPT_DEFAULT_CHANNEL },
    { "events-format", required_argument, NULL, OPT_EVENTS_FORMAT },
    { "help", no_argument, NULL, 'h' },
    XES_LONG_OPTIONS,
    { NULL, 0, NULL, 0 },
};

static int apply(request *q, int opt, const char *arg)
{
    if (opt == OPT_PAIN) {
        char *end;
        errno = 0;
        double x = strtod(arg, &end);
        if (!*arg || *end || errno || !isfinite(x))
            return cli_fail(EXIT_USAGE, "--pain-threshold: \"%s\" is not a finite number", arg);
        if (cjm_options_set_pain_threshold(q->options, x) != CJM_OK)
            return cli_option_refused("--pain-threshold");
    } else if (opt == OPT_FORMAT) {
        if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
            return cli_fail(EXIT_USAGE, "--format: \"%s\" is not text or json", arg);
        q->json = strcmp(arg, "json") == 0;
    } else if (opt == OPT_CUSTOMER) {
        if (q->customer)
            return cli_fail(EXIT_USAGE, "--customer: one customer at a time (\"%s\" and \"%s\" "
                            "given)", q->customer, arg);
        if (cjm_id_check(arg) != CJM_OK)
            return cli_option_refused("--customer");
        q->customer = arg;
    } else if (opt == OPT_LENIENT) {
        q->events_only = "--lenient";
        cjm_options_set_lenient(q->options, true);
    } else if (opt == OPT_DEFAULT_CHANNEL) {
        q->events_only = "--default-channel";
        if (cjm_options_set_default_channel(q->options, arg) != CJM_OK)
            return cli_fail(EXIT_USAGE, "--default-channel: \"%s\" is not a channel token", arg);
    } else if (opt == OPT_EVENTS_FORMAT) {
        q->events_only = "--events-format";
        q->events_format = format_named(arg);
        if (q->events_format != F_JSONL && q->events_format != F_XES)
            return cli_fail(EXIT_USAGE, "--events-format: \"%s\" is not jsonl or xes", arg);
    } else {
        q->events_only = "the XES options";
        return apply_xes_option(&q->xes, opt, arg);
    }
    return EXIT_OK;
}

/* Checks the events files before anything is read. */
static int check_events(const request *q, int argc, char **argv)
{
    int stdin_uses = 0;
    for (int i = 0; i < argc; i++) {
        cjm_status rc = check_input(argv[i]);
        if (rc != CJM_OK)
            return cli_fail_status(rc);
        stdin_uses += strcmp(argv[i], "-") == 0;
        file_format f = q->events_format != F_UNKNOWN ? q->events_format : format_of(argv[i]);
        if (f == F_XES && !have_xml())
            return cli_fail(EXIT_USAGE, "%s: XES event logs need the XML module, which this "
                            "cjm was built without", argv[i]);
        if (strcmp(argv[i], "-") != 0 && f != F_JSONL && f != F_XES)
            return cli_fail(EXIT_USAGE, "%s: unknown events format (expected .jsonl, "
                            ".ndjson, .xes or .xes.gz, or name it with --events-format)",
                            argv[i]);
    }
    if (stdin_uses > 1)
        return cli_fail(EXIT_USAGE, "standard input ('-') can be read only once");
    return cli_inputs_distinct((const char *const *)argv, argc);
}

/* The customer's journey straight from the events. */
static int from_events(cjm_comparison **c, cjm_journey **actual, const request *q,
                       const cjm_journey *map, int argc, char **argv)
{
    cjm_customer_events *ce = cjm_customer_events_new(map, q->customer, q->options);
    if (!ce)
        return cli_fail_status(cjm_last_status());
    cjm_status rc = CJM_OK;
    for (int i = 0; rc == CJM_OK && i < argc; i++)
        rc = read_events_any(argv[i], q->events_format, 0, q->xes, cjm_customer_events_sink, ce);
    const char *first = NULL;
    uint64_t rejected = cjm_customer_events_rejected(ce, &first);
    if (rc == CJM_OK && rejected) {
        char text[1200];
        cli_person_text(text, sizeof text, first);
        cli_fail(EXIT_OK, "skipped: %s", text);
        cli_fail(EXIT_OK, "skipped %s in all", cli_plural(rejected, "invalid event",
                                                          "invalid events"));
    }
    int code = EXIT_OK;
    if (rc != CJM_OK)
        code = cli_fail_status(rc);
    else if ((rc = cjm_customer_events_compare(c, actual, ce)) == CJM_ERR_NOT_FOUND)
        code = cli_fail(EXIT_INVALID, "--customer: no event of customer \"%s\" in %s%s",
                        q->customer, argc > 1 ? "the events" : strcmp(argv[0], "-") == 0
                                                          ? "standard input" : argv[0],
                        rejected ? " (but some events were skipped as invalid)" : "");
    else if (rc != CJM_OK)
        code = cli_fail_status(rc);
    cjm_customer_events_free(ce);
    return code;
}

static int run(const request *q, int argc, char **argv)
{
    int code = EXIT_OK;
    if (!q->customer && q->events_only)
        return cli_fail(EXIT_USAGE, "compare: %s reads events: give --customer ID too (try "
                        "'cjm help compare')", q->events_only);
    if (!q->customer && argc != 2)
        return cli_fail(EXIT_USAGE, "compare: needs a map and one actual journey, or a map, "
                        "events and --customer ID (try 'cjm help compare')");
    if (!q->customer && (format_of(argv[1]) == F_JSONL || format_of(argv[1]) == F_XES))
        return cli_fail(EXIT_USAGE, "compare: %s holds events, not a journey: give --customer "
                        "ID to compare one customer straight from the events", argv[1]);
    if (q->customer && argc < 2)
        return cli_fail(EXIT_USAGE, "compare: --customer needs a map and at least one events "
                        "file (try 'cjm help compare')");
    if (q->customer && (code = check_events(q, argc - 1, argv + 1)) != EXIT_OK)
        return code;
    cjm_journey *map = NULL, *actual = NULL;
    cjm_comparison *c = NULL;
    cjm_status rc;
    if ((rc = read_journey_any(&map, argv[0], F_UNKNOWN)) != CJM_OK)
        code = cli_fail_status(rc);
    else if (q->customer)
        code = from_events(&c, &actual, q, map, argc - 1, argv + 1);
    else if ((rc = read_journey_any(&actual, argv[1], F_UNKNOWN)) != CJM_OK ||
             (rc = cjm_journey_compare(&c, actual, map, q->options)) != CJM_OK)
        code = cli_fail_status(rc);
    if (code == EXIT_OK) {
        char label[400];
        if (q->customer)
            snprintf(label, sizeof label, "customer %s", q->customer);
        if (q->json)
            print_json(c, map, actual);
        else
            print(c, argv[0], q->customer ? label : argv[1]);
        if (fflush(stdout) != 0 || ferror(stdout))
            code = cli_fail(EXIT_FAILURE_OTHER, "standard output: cannot write");
    }
    cjm_comparison_free(c);
    cjm_journey_free(actual);
    cjm_journey_free(map);
    return code;
}

int cmd_compare(int argc, char **argv)
{
    request q = { .events_format = F_UNKNOWN };
    if (!(q.options = cjm_options_new()))
        return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    int opt, code = EXIT_OK;
    bool help = false;
    optind = 1;
    opterr = 0;
    while (code == EXIT_OK && !help && (opt = cli_getopt(argc, argv, ":h", options)) != -1) {
        if (opt == 'h')
            help = true;
        else if (opt == '?' || opt == ':')
            code = cli_option_error("compare", opt, argv);
        else
            code = apply(&q, opt, optarg);
    }
    if (help)
        code = cli_print_usage(usage);
    else if (code == EXIT_OK)
        code = run(&q, argc - optind, argv + optind);
    cjm_options_free(q.options);
    free_xes_options(q.xes);
    return code;
}
