/* cjm analyze MAP EVENTS...: the bulk analysis from the command line. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <getopt.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjm/json.h>
#include <cjm/paths.h>

#include "cli.h"
#include "commands.h"
#include "customers.h"
#include "formats.h"
#include "progress.h"
#include "report-text.h"
#include "whole-file.h"

/* The options analyze and render share. */
#define ANALYSIS_USAGE \
    "  --lenient                 skip invalid events, count them, go on\n"                 \
    "  --min-customers N         (default 5)\n"                                            \
    "  --min-feedback N          (default 1)\n"                                            \
    "  --pain-threshold X        (default 0.0)\n"                                          \
    "  --drop-threshold X        (default 0.25)\n"                                         \
    "  --silent-threshold X      (default 0.10)\n"                                         \
    "  --backtrack-threshold X   (default 0.10)\n"                                         \
    "  --switch-threshold X      (default 0.25)\n"                                         \
    "  --confidence X            how sure a pain point must be: 0.5 to below 1,\n"       \
    "                            or 0 for the mean alone (default 0.95)\n"               \
    "  --max-paths N             how many paths the report lists (default 10)\n"        \
    "  --max-flow-edges N        how many flow edges it lists (default 200)\n"          \
    "  --breakdown KEY|@day|@week|@month\n"                                               \
    "                            split customers by an event attribute, or by the\n"     \
    "                            day, ISO week or month of their first event\n"          \
    "  --max-segments N          most entries of an attribute breakdown, the rest\n"     \
    "                            pooled into other (default 20)\n"                        \
    "  --threads N               0: one per processor (default)\n"                         \
    "  --default-channel C       the channel of events of touchpoints the map\n"           \
    "                            lacks that name none\n"                                   \
    "  --map-format json|xml     the map's format, when its name does not say\n"          \
    "  --events-format jsonl|xes the events' format, when their names do not say\n"      \
    XES_USAGE

static const char analyze_usage[] =
    "usage: cjm analyze MAP EVENTS... [options]\n"
    "Analyses customers' events against a journey map (JSON or XML) and prints\n"
    "the report: the funnel, the emotion curve, the channels and the gaps, worst\n"
    "first. EVENTS are JSON Lines files (.jsonl, .ndjson; '-' reads standard\n"
    "input) or XES event logs (.xes, .xes.gz).\n"
    "\n"
    "  --format text|json        the report for a person (default) or the\n"
    "                            cjm-report document\n"
    "  --compact                 JSON on one line\n"
    "  -o, --output FILE         write the report to FILE, not standard output\n"
    "  -h, --help                show this text\n"
    "  --svg FILE                also draw the map with the figures (cjm render)\n"
    "  --layout tall|wide        the picture's legend below the map (default) or\n"
    "                            beside it, landscape for a projector\n"
    "  --html FILE               also write the report as one self-contained HTML\n"
    "                            page: the map, funnel, emotion, channels, time\n"
    "                            and every red point\n"
    ANALYSIS_USAGE;

static const char customers_usage[] =
    "usage: cjm customers MAP EVENTS... SELECTION [options]\n"
    "Lists the customers behind a figure of the report, in byte order of their\n"
    "ids: those who reached a stage, dropped or churned silently there, hopped\n"
    "channel, went back, used a touchpoint, completed, took a path. Several\n"
    "criteria select the customers who meet them all. EVENTS as for cjm analyze.\n"
    "\n"
    SELECTION_USAGE
    "  --format text|jsonl       one id per line (default), or one JSON object per\n"
    "                            line: customer, first_at, last_at, stage (the\n"
    "                            furthest reached), events, feedback, mean_score\n"
    "  -o, --output FILE         write the list to FILE, not standard output\n"
    "  -h, --help                show this text\n"
    ANALYSIS_USAGE;

static const char render_usage[] =
    "usage: cjm render MAP [EVENTS...] [-o FILE] [options]\n"
    "Draws the journey map as an SVG picture: stages as columns, a swim lane per\n"
    "channel, the emotion curve, and every gap as a numbered red marker with its\n"
    "message. With EVENTS (as for cjm analyze) the picture also shows how many\n"
    "customers reached and left each stage, and the gaps of the analysis.\n"
    "\n"
    "  -o, --output FILE         write the picture to FILE, not standard output\n"
    "  --layout tall|wide        the legend below the map (default) or beside it,\n"
    "                            landscape for a projector or a slide\n"
    "  --flow                    draw the flow instead (needs EVENTS): which way\n"
    "                            customers went from touchpoint to touchpoint; a\n"
    "                            Mermaid flowchart when FILE ends in .mmd or .md\n"
    "  -h, --help                show this text\n"
    ANALYSIS_USAGE;

enum { OPT_FORMAT = 256, OPT_COMPACT, OPT_LENIENT, OPT_MIN_CUSTOMERS, OPT_MIN_FEEDBACK,
       OPT_PAIN, OPT_DROP, OPT_SILENT, OPT_BACKTRACK, OPT_SWITCH, OPT_THREADS,
       OPT_DEFAULT_CHANNEL, OPT_HELP, OPT_SVG, OPT_MAP_FORMAT, OPT_EVENTS_FORMAT,
       OPT_LAYOUT, OPT_CONFIDENCE, OPT_HTML, OPT_MAX_PATHS, OPT_MAX_FLOW_EDGES, OPT_FLOW,
       OPT_BREAKDOWN, OPT_MAX_SEGMENTS,
       OPT_OUTPUT = 'o', OPT_SHORT_HELP = 'h' };

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
    { "svg", required_argument, NULL, OPT_SVG },
    { "map-format", required_argument, NULL, OPT_MAP_FORMAT },
    { "events-format", required_argument, NULL, OPT_EVENTS_FORMAT },
    { "layout", required_argument, NULL, OPT_LAYOUT },
    { "confidence", required_argument, NULL, OPT_CONFIDENCE },
    { "html", required_argument, NULL, OPT_HTML },
    { "max-paths", required_argument, NULL, OPT_MAX_PATHS },
    { "max-flow-edges", required_argument, NULL, OPT_MAX_FLOW_EDGES },
    { "flow", no_argument, NULL, OPT_FLOW },
    { "breakdown", required_argument, NULL, OPT_BREAKDOWN },
    { "max-segments", required_argument, NULL, OPT_MAX_SEGMENTS },
    { "output", required_argument, NULL, OPT_OUTPUT },
    XES_LONG_OPTIONS,
    SELECTION_LONG_OPTIONS,
    { NULL, 0, NULL, 0 },
};

/* What one run of analyze or render was asked to do. */
typedef struct request {
    bool render;
    bool flow;            /* render the flow, not the map */
    bool customers;       /* cjm customers: the list of a selection */
    selection_args *selection;
    cjm_options *options;
    void *xes;
    const char *format;   /* of the report: text or json */
    unsigned flags;
    const char *output;   /* the report, or render's picture; NULL: stdout */
    const char *svg;      /* analyze's picture, or NULL */
    const char *html;     /* analyze's page, or NULL */
    cjm_svg_layout layout;
    file_format map_format, events_format;
} request;

static int parse_count(const char *text, const char *name, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno == ERANGE && text[0] != '-')
        return cli_fail(EXIT_USAGE, "--%s: \"%s\" is too large (at most %llu)", name, text,
                        ULLONG_MAX);
    /* strtoull() takes "-1" as the largest number: a sign is refused. */
    if (!*text || *end || errno || text[0] == '-' || text[0] == '+' || isspace((unsigned char)text[0]))
        return cli_fail(EXIT_USAGE, "--%s: \"%s\" is not a count (a whole number, 0 or more)",
                        name, text);
    *out = v;
    return EXIT_OK;
}

static int parse_rate(const char *text, const char *name, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (!*text || *end || isspace((unsigned char)text[0]) || !isfinite(v) ||
        (errno && errno != ERANGE))
        return cli_fail(EXIT_USAGE, "--%s: \"%s\" is not a finite number", name, text);
    /* strtod() gives a number too close to 0 for a double as 0 or a
     * tiny one, with ERANGE: refused, not taken as 0 (which can mean
     * "off"). */
    if (errno == ERANGE)
        return cli_fail(EXIT_USAGE, "--%s: \"%s\" is too %s for a double", name, text,
                        fabs(v) > 1 ? "large" : "close to 0");
    *out = v;
    return EXIT_OK;
}

/* Applies one option to the options handle. */
static int apply(request *q, int opt, const char *arg)
{
    cjm_options *o = q->options;
    uint64_t n = 0;
    double x = 0;
    int rc = EXIT_OK;
    cjm_status st = CJM_OK;
    /* The table lists the long options in the order of their codes. */
    const char *name = opt >= OPT_FORMAT ? options[opt - OPT_FORMAT].name : "output";
    if (q->render && (opt == OPT_FORMAT || opt == OPT_COMPACT || opt == OPT_SVG ||
                      opt == OPT_HTML))
        return cli_fail(EXIT_USAGE, "render: --%s is an option of analyze (try 'cjm help "
                        "render')", name);
    if (!q->render && opt == OPT_FLOW)
        return cli_fail(EXIT_USAGE, "analyze: --flow is an option of render (try 'cjm help "
                        "render')");
    if (q->customers && (opt == OPT_COMPACT || opt == OPT_SVG || opt == OPT_HTML ||
                         opt == OPT_LAYOUT))
        return cli_fail(EXIT_USAGE, "customers: --%s is an option of analyze (try 'cjm help "
                        "customers')", name);
    switch (opt) {
    case OPT_FLOW:
        q->flow = true;
        return EXIT_OK;
    case OPT_FORMAT:
        if (q->customers) {
            if (strcmp(arg, "text") != 0 && strcmp(arg, "jsonl") != 0)
                return cli_fail(EXIT_USAGE, "--format: \"%s\" is not text or jsonl", arg);
            q->selection->jsonl = strcmp(arg, "jsonl") == 0;
            return EXIT_OK;
        }
        if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
            return cli_fail(EXIT_USAGE, "--format: \"%s\" is not text or json", arg);
        q->format = arg;
        return EXIT_OK;
    case OPT_COMPACT:
        q->flags |= CJM_JSON_COMPACT;
        return EXIT_OK;
    case OPT_OUTPUT:
        q->output = arg;
        return EXIT_OK;
    case OPT_SVG:
        q->svg = arg;
        return EXIT_OK;
    case OPT_HTML:
        q->html = arg;
        return EXIT_OK;
    case OPT_LAYOUT:
        if (strcmp(arg, "tall") != 0 && strcmp(arg, "wide") != 0)
            return cli_fail(EXIT_USAGE, "--layout: \"%s\" is not tall or wide", arg);
        q->layout = strcmp(arg, "wide") == 0 ? CJM_SVG_LAYOUT_WIDE : CJM_SVG_LAYOUT_TALL;
        return EXIT_OK;
    case OPT_MAP_FORMAT:
        q->map_format = format_named(arg);
        if (q->map_format != F_JSON && q->map_format != F_XML)
            return cli_fail(EXIT_USAGE, "--map-format: \"%s\" is not json or xml", arg);
        return EXIT_OK;
    case OPT_EVENTS_FORMAT:
        q->events_format = format_named(arg);
        if (q->events_format != F_JSONL && q->events_format != F_XES)
            return cli_fail(EXIT_USAGE, "--events-format: \"%s\" is not jsonl or xes", arg);
        return EXIT_OK;
    case OPT_LENIENT:
        cjm_options_set_lenient(o, true);
        return EXIT_OK;
    case OPT_DEFAULT_CHANNEL:
        if (cjm_options_set_default_channel(o, arg) != CJM_OK)
            return cli_fail(EXIT_USAGE, "--default-channel: \"%s\" is not a channel token",
                            arg);
        return EXIT_OK;
    case OPT_BREAKDOWN:
        st = cjm_options_set_breakdown(o, arg);
        break;
    case OPT_MIN_CUSTOMERS:
    case OPT_MIN_FEEDBACK:
    case OPT_THREADS:
    case OPT_MAX_PATHS:
    case OPT_MAX_FLOW_EDGES:
    case OPT_MAX_SEGMENTS:
        if ((rc = parse_count(arg, name, &n)) != EXIT_OK)
            return rc;
        if (opt == OPT_MAX_SEGMENTS)
            st = cjm_options_set_max_segments(o, n);
        else if (opt == OPT_MIN_CUSTOMERS)
            st = cjm_options_set_min_customers(o, n);
        else if (opt == OPT_MAX_PATHS)
            st = cjm_options_set_max_paths(o, n);
        else if (opt == OPT_MAX_FLOW_EDGES)
            st = cjm_options_set_max_flow_edges(o, n);
        else if (opt == OPT_MIN_FEEDBACK)
            st = cjm_options_set_min_feedback(o, n);
        else if (n > CJM_THREADS_MAX)
            return cli_fail(EXIT_USAGE, "--threads: %s is over %d", arg, CJM_THREADS_MAX);
        else
            st = cjm_options_set_threads(o, (unsigned)n);
        break;
    default:
        if ((rc = parse_rate(arg, name, &x)) != EXIT_OK)
            return rc;
        if (opt == OPT_PAIN)
            st = cjm_options_set_pain_threshold(o, x);
        else if (opt == OPT_DROP)
            st = cjm_options_set_drop_threshold(o, x);
        else if (opt == OPT_SILENT)
            st = cjm_options_set_silent_threshold(o, x);
        else if (opt == OPT_BACKTRACK)
            st = cjm_options_set_backtrack_threshold(o, x);
        else if (opt == OPT_CONFIDENCE)
            st = cjm_options_set_confidence(o, x);
        else
            st = cjm_options_set_switch_threshold(o, x);
        break;
    }
    if (st != CJM_OK) {
        char option[64];
        snprintf(option, sizeof option, "--%s", name);
        return cli_option_refused(option);
    }
    return EXIT_OK;
}

/* Checks the events files' formats before anything is read. */
static int check_events(const request *q, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        file_format f = q->events_format != F_UNKNOWN ? q->events_format : format_of(argv[i]);
        if (f == F_XES && !have_xml())
            return cli_fail(EXIT_USAGE, "%s: XES event logs need the XML module, which this "
                            "cjm was built without", argv[i]);
        cjm_status rc = check_input(argv[i]);
        if (rc != CJM_OK)
            return cli_fail_status(rc);
        if (strcmp(argv[i], "-") != 0 && f != F_JSONL && f != F_XES)
            return cli_fail(EXIT_USAGE, "%s: unknown events format (expected .jsonl, "
                            ".ndjson, .xes or .xes.gz, or name it with --events-format)",
                            argv[i]);
    }
    return EXIT_OK;
}

/* Reads every events file into a new analysis of the map and reports. */
static cjm_status run_analysis(cjm_report **out, cjm_analysis **analysis, const request *q,
                               const cjm_journey *map, int argc, char **argv)
{
    cjm_analysis *a = cjm_analysis_new(map, q->options);
    if (!a)
        return cjm_last_status();
    cjm_status rc = CJM_OK;
    cjm_event_sink sink = cjm_analysis_sink;
    void *target = a;
    if (q->customers) {
        /* The list keeps each customer's figures as its events go by. */
        q->selection->analysis = a;
        q->selection->map = map;
        sink = customers_sink;
        target = q->selection;
    }
    for (int i = 0; rc == CJM_OK && i < argc; i++) {
        progress p;
        progress_start(&p, strcmp(argv[i], "-") == 0 ? "<stdin>" : argv[i], sink, target);
        rc = read_events_any(argv[i], q->events_format, cjm_options_threads(q->options),
                             q->xes, progress_sink, &p);
        progress_end(&p);
    }
    if (rc == CJM_OK && !q->customers)
        rc = cjm_analysis_report(out, a);
    *analysis = a;
    return rc;
}

/* The file a path will write, existing or not: the end of its symbolic
 * links, in its directory's real path (./r.txt, sub/../r.txt and a
 * dangling link to r.txt are all the same new file). NULL when it cannot
 * be told (the directory missing: the write fails anyway). */
static char *file_to_write(const char *path)
{
    char *end = cjmi_link_end(path);
    if (!end)
        return NULL;
    char *slash = strrchr(end, '/');
    const char *base = slash ? slash + 1 : end;
    char dir[PATH_MAX], *out = NULL;
    if (slash == end)
        strcpy(dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - end) : 1, slash ? end : ".");
    char *real = realpath(dir, NULL);
    if (real) {
        size_t n = strlen(real) + strlen(base) + 2;
        out = malloc(n);
        if (out)
            snprintf(out, n, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base);
        free(real);
    }
    cjm_free(end);
    return out;
}

/* Whether two outputs are one file: the same name, both standard output,
 * the same existing file, or the same new file however named. */
static bool same_output(const char *a, const char *b)
{
    bool out_a = !a || strcmp(a, "-") == 0, out_b = !b || strcmp(b, "-") == 0;
    struct stat sa, sb;
    if (out_a && out_b)
        return true;
    if (out_a || out_b) /* standard output under another name: /dev/stdout, its file */
        return fstat(STDOUT_FILENO, &sa) == 0 && stat(out_a ? b : a, &sb) == 0 &&
               sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (strcmp(a, b) == 0 || (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
                              sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino))
        return true;
    char *fa = file_to_write(a), *fb = file_to_write(b);
    bool same = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return same;
}

static int write_report(FILE *f, const request *q, const cjm_report *r,
                        const cjm_journey *map)
{
    if (strcmp(q->format, "json") == 0) {
        if (cjm_json_write_report_file(f, r, q->flags) != CJM_OK)
            return cli_fail_status(CJM_ERR_IO), EXIT_FAILURE_OTHER;
    } else {
        print_text_report(f, r, map, cjm_options_confidence(q->options));
    }
    return EXIT_OK;
}

/* The flow as a Mermaid flowchart (fenced for Markdown) or an SVG picture,
 * by the output's name. */
static cjm_status flow_picture(char **out, size_t *length, const request *q,
                               const cjm_journey *map, const cjm_report *r)
{
    file_format f = q->output ? format_of(q->output) : F_UNKNOWN;
    if (f != F_MERMAID && f != F_MARKDOWN)
        return cjm_flow_svg(out, length, map, r);
    char *text = NULL;
    cjm_status rc = cjm_flow_mermaid(&text, length, r);
    if (rc != CJM_OK || f == F_MERMAID) {
        *out = text;
        return rc;
    }
    size_t n = strlen(text) + sizeof "```mermaid\n```\n";
    *out = cjm_malloc(n);
    if (*out) {
        *length = (size_t)snprintf(*out, n, "```mermaid\n%s```\n", text);
    }
    cjm_free(text);
    return *out ? CJM_OK : cjm_error_set(CJM_ERR_NOMEM, "out of memory");
}

static int write_picture(FILE *f, const request *q, const cjm_journey *map,
                         const cjm_report *r)
{
    char *svg = NULL;
    size_t length = 0;
    cjm_status rc = q->flow ? flow_picture(&svg, &length, q, map, r)
                            : cjm_svg_write_layout(&svg, &length, map, r, q->options, q->layout);
    if (rc != CJM_OK)
        return cli_fail_status(rc);
    fwrite(svg, 1, length, f); /* a failure shows in the output's error flag */
    cjm_free(svg);
    return EXIT_OK;
}

/* Writes word for a POSIX shell: as it is when no shell treats any of its
 * characters specially, else in single quotes (a quote inside as '\''). */
static void shell_word(FILE *f, const char *word)
{
    static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789_-.,:/@%+=";
    if (*word && !word[strspn(word, plain)]) {
        fputs(word, f);
        return;
    }
    fputc('\'', f);
    for (; *word; word++)
        if (*word == '\'')
            fputs("'\\''", f);
        else
            fputc(*word, f);
    fputc('\'', f);
}

/* The start of the cjm customers command the page gives for each red
 * point: the same map and events, and the options that decide who is
 * selected. NULL (no commands) when the events come from standard input,
 * which the command could not read again, or when memory runs out. */
static char *customers_command(const request *q, int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "-") == 0)
            return NULL;
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    if (!f)
        return NULL;
    fputs("cjm customers", f);
    for (int i = 0; i < argc; i++) {
        fputc(' ', f);
        /* A file named -o.jsonl would be read as an option: ./-o.jsonl */
        if (argv[i][0] == '-')
            fputs("./", f);
        shell_word(f, argv[i]);
    }
    const char *breakdown = cjm_options_breakdown(q->options);
    const char *channel = cjm_options_default_channel(q->options);
    if (breakdown) {
        fputs(" --breakdown ", f);
        shell_word(f, breakdown);
    }
    if (cjm_options_lenient(q->options))
        fputs(" --lenient", f);
    if (channel) {
        fputs(" --default-channel ", f);
        shell_word(f, channel);
    }
    if (q->map_format != F_UNKNOWN)
        fprintf(f, " --map-format %s", format_name(q->map_format));
    if (q->events_format != F_UNKNOWN)
        fprintf(f, " --events-format %s", format_name(q->events_format));
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static int write_page(FILE *f, const request *q, const cjm_journey *map, const cjm_report *r,
                      int argc, char **argv)
{
    char *html = NULL, *command = customers_command(q, argc, argv);
    size_t length = 0;
    cjm_status rc = cjm_html_write(&html, &length, map, r, command);
    free(command);
    if (rc != CJM_OK)
        return cli_fail_status(rc);
    fwrite(html, 1, length, f); /* a failure shows in the output's error flag */
    cjm_free(html);
    return EXIT_OK;
}

/* Reads the map and the events and writes the report or the picture. The
 * outputs are opened first, so that a wrong one is refused before the
 * analysis runs. */
static int run(request *q, int argc, char **argv)
{
    const char *const *inputs = (const char *const *)argv;
    int stdin_uses = 0;
    for (int i = 0; i < argc; i++)
        stdin_uses += strcmp(argv[i], "-") == 0;
    if (stdin_uses > 1)
        return cli_fail(EXIT_USAGE, "standard input ('-') can be read only once");
    int code = check_events(q, argc - 1, argv + 1);
    if (code == EXIT_OK)
        code = cli_inputs_distinct(inputs + 1, argc - 1);
    if (code != EXIT_OK)
        return code;
    if (q->flow && argc < 2)
        return cli_fail(EXIT_USAGE, "render: --flow needs events: the flow is what customers "
                        "did");
    if (!q->render && !q->svg && q->layout != CJM_SVG_LAYOUT_TALL)
        return cli_fail(EXIT_USAGE, "analyze: --layout is for the picture: give --svg FILE "
                        "too");
    if (!q->render && q->svg && same_output(q->output, q->svg))
        return cli_fail(EXIT_USAGE, "%s: the report and the picture would be the same file",
                        q->svg);
    if (q->html && (same_output(q->output, q->html) || (q->svg && same_output(q->svg, q->html))))
        return cli_fail(EXIT_USAGE, "%s: the page and the %s would be the same file", q->html,
                        same_output(q->output, q->html) ? "report" : "picture");
    cli_output report = { 0 }, picture = { 0 }, page = { 0 };
    if (!q->render)
        code = cli_output_open(&report, q->output, inputs, argc);
    if (code == EXIT_OK && (q->render || q->svg))
        code = cli_output_open(&picture, q->render ? q->output : q->svg, inputs, argc);
    if (code == EXIT_OK && q->html)
        code = cli_output_open(&page, q->html, inputs, argc);
    cjm_journey *map = NULL;
    cjm_analysis *a = NULL;
    cjm_report *r = NULL;
    cjm_status rc;
    if (code == EXIT_OK && (rc = read_journey_any(&map, argv[0], q->map_format)) != CJM_OK)
        code = cli_fail_status(rc);
    if (code == EXIT_OK && argc > 1 &&
        (rc = run_analysis(&r, &a, q, map, argc - 1, argv + 1)) != CJM_OK)
        code = cli_fail_status(rc);
    for (size_t i = 0; code == EXIT_OK && a && cjm_analysis_rejected_message(a, i); i++) {
        char text[1200];
        cli_person_text(text, sizeof text, cjm_analysis_rejected_message(a, i));
        cli_fail(EXIT_OK, "skipped: %s", text);
    }
    if (code == EXIT_OK && report.file && q->customers)
        code = customers_write(report.file, report.name, q->selection, map);
    else if (code == EXIT_OK && report.file)
        code = write_report(report.file, q, r, map);
    if (code == EXIT_OK && picture.file)
        code = write_picture(picture.file, q, map, r);
    if (code == EXIT_OK && page.file)
        code = write_page(page.file, q, map, r, argc, argv);
    /* Every output written out before any replaces its file. */
    code = cli_output_finish(&report, code);
    code = cli_output_finish(&picture, code);
    code = cli_output_finish(&page, code);
    code = cli_output_close(&report, code);
    code = cli_output_close(&picture, code);
    code = cli_output_close(&page, code);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_journey_free(map);
    return code;
}

static const char *option_name(int opt)
{
    const struct option *o = options;
    while (o->name && o->val != opt)
        o++;
    return o->name ? o->name : "?";
}

static int command(bool render, bool customers, int argc, char **argv)
{
    selection_args selection = { 0 };
    request q = { .render = render, .customers = customers, .selection = &selection,
                  .format = "text", .map_format = F_UNKNOWN, .events_format = F_UNKNOWN };
    const char *name = render ? "render" : customers ? "customers" : "analyze";
    if (!(q.options = cjm_options_new()))
        return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    int opt, code = EXIT_OK;
    bool help = false;
    optind = 1;
    opterr = 0;
    while (code == EXIT_OK && !help &&
           (opt = cli_getopt(argc, argv, ":ho:", options)) != -1) {
        if (opt == OPT_HELP || opt == OPT_SHORT_HELP)
            help = true;
        else if (opt == '?' || opt == ':')
            code = cli_option_error(name, opt, argv);
        else if (opt >= SELECTION_OPTION_FIRST && !customers)
            code = cli_fail(EXIT_USAGE, "%s: --%s is an option of customers (try 'cjm help "
                            "customers')", name, option_name(opt));
        else if (opt >= SELECTION_OPTION_FIRST)
            code = selection_option(&selection, opt, optarg);
        else if (opt >= XES_OPTION_FIRST)
            code = apply_xes_option(&q.xes, opt, optarg);
        else
            code = apply(&q, opt, optarg);
    }
    if (help)
        code = cli_print_usage(render ? render_usage : customers ? customers_usage
                                                                 : analyze_usage);
    else if (code == EXIT_OK && argc - optind < (render ? 1 : 2))
        code = cli_fail(EXIT_USAGE, "%s: needs a map%s (try 'cjm help %s')", name,
                        render ? "" : " and at least one events file", name);
    else if (code == EXIT_OK && customers && !selection.criteria)
        code = cli_fail(EXIT_USAGE, "customers: needs a selection, such as --dropped-at S "
                        "(try 'cjm help customers')");
    else if (code == EXIT_OK && customers && selection.segment &&
             !cjm_options_breakdown(q.options))
        code = cli_fail(EXIT_USAGE, "customers: --segment needs --breakdown, the split "
                        "whose segment it names (try 'cjm help customers')");
    else if (code == EXIT_OK)
        code = run(&q, argc - optind, argv + optind);
    selection_args_free(&selection);
    cjm_options_free(q.options);
    free_xes_options(q.xes);
    return code;
}

int cmd_analyze(int argc, char **argv)
{
    return command(false, false, argc, argv);
}

int cmd_render(int argc, char **argv)
{
    return command(true, false, argc, argv);
}

int cmd_customers(int argc, char **argv)
{
    return command(false, true, argc, argv);
}
