/* cjm compare MAP ACTUAL: how a customer's actual journey strayed from the
 * map. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "formats.h"

static const char usage[] =
    "usage: cjm compare MAP ACTUAL [--pain-threshold X] [--format text|json]\n"
    "Compares a customer's actual journey (a journey document whose touchpoints\n"
    "carry times and feedback) with the map, and prints each deviation:\n"
    "touchpoints the map lacks (unplanned), required ones the customer did not\n"
    "have (missing), steps back to an earlier stage (backtrack), and touchpoints\n"
    "whose mean feedback is below the pain threshold (failing; default 0.0).\n"
    "Both documents are JSON or XML. Exit status 0 whether or not there are\n"
    "deviations.\n"
    "\n"
    "  --pain-threshold X        failing below this mean score, -1 to 1 (default 0.0)\n"
    "  --format text|json        one deviation a line (default), or the\n"
    "                            cjm-comparison document\n"
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

/* Writes text as a JSON string. Ids and names are UTF-8 (the model
 * checks), so only quotes, backslashes and control characters need
 * escapes. */
static void json_string(FILE *out, const char *text)
{
    if (!text) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* The cjm-comparison document (docs/formats.md). */
static void print_json(const cjm_comparison *c, const cjm_journey *map,
                       const cjm_journey *actual)
{
    printf("{\"format\": \"cjm-comparison\", \"version\": 1, \"map\": ");
    json_string(stdout, cjm_journey_id(map));
    printf(", \"actual\": ");
    json_string(stdout, cjm_journey_id(actual));
    printf(", \"customer\": ");
    json_string(stdout, cjm_journey_customer(actual));
    printf(",\n \"deviations\": [");
    size_t n = cjm_comparison_count(c);
    for (size_t i = 0; i < n; i++) {
        cjm_deviation_kind kind = cjm_comparison_kind(c, i);
        printf("%s\n  {\"kind\": \"%s\", \"touchpoint\": ", i ? "," : "",
               cjm_deviation_kind_name(kind));
        json_string(stdout, cjm_comparison_touchpoint(c, i));
        printf(", \"stage\": ");
        json_string(stdout, cjm_comparison_stage(c, i));
        printf(", \"from_stage\": ");
        json_string(stdout, kind == CJM_DEVIATION_BACKTRACK ? cjm_comparison_from_stage(c, i)
                                                            : NULL);
        double value = cjm_comparison_value(c, i);
        if (kind == CJM_DEVIATION_FAILING && isfinite(value))
            printf(", \"mean_score\": %.17g}", value);
        else
            printf(", \"mean_score\": null}");
    }
    printf("%s]}\n", n ? "\n" : "");
}

int cmd_compare(int argc, char **argv)
{
    enum { OPT_PAIN = 256, OPT_FORMAT };
    static const struct option options[] = {
        { "pain-threshold", required_argument, NULL, OPT_PAIN },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    cjm_options *o = cjm_options_new();
    if (!o)
        return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    bool json = false;
    int opt, code = EXIT_OK;
    optind = 1;
    opterr = 0;
    while (code == EXIT_OK && (opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        if (opt == 'h') {
            cjm_options_free(o);
            return cli_print_usage(usage);
        } else if (opt == OPT_PAIN) {
            char *end;
            errno = 0;
            double x = strtod(optarg, &end);
            if (!*optarg || *end || errno || !isfinite(x))
                code = cli_fail(EXIT_USAGE, "--pain-threshold: \"%s\" is not a finite number",
                                optarg);
            else if (cjm_options_set_pain_threshold(o, x) != CJM_OK)
                code = cli_option_refused("--pain-threshold");
        } else if (opt == OPT_FORMAT) {
            if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
                code = cli_fail(EXIT_USAGE, "--format: \"%s\" is not text or json", optarg);
            json = strcmp(optarg, "json") == 0;
        } else {
            code = cli_option_error("compare", opt, argv);
        }
    }
    if (code == EXIT_OK && argc - optind == 2 && strcmp(argv[optind], "-") == 0 &&
        strcmp(argv[optind + 1], "-") == 0)
        code = cli_fail(EXIT_USAGE, "standard input ('-') can be read only once");
    if (code == EXIT_OK && argc - optind != 2)
        code = cli_fail(EXIT_USAGE, "compare: needs a map and one actual journey "
                        "(try 'cjm help compare')");
    cjm_journey *map = NULL, *actual = NULL;
    cjm_comparison *c = NULL;
    cjm_status rc = CJM_OK;
    if (code == EXIT_OK && ((rc = read_journey_any(&map, argv[optind], F_UNKNOWN)) != CJM_OK ||
                            (rc = read_journey_any(&actual, argv[optind + 1], F_UNKNOWN)) !=
                                CJM_OK ||
                            (rc = cjm_journey_compare(&c, actual, map, o)) != CJM_OK))
        code = cli_fail_status(rc);
    if (code == EXIT_OK) {
        if (json)
            print_json(c, map, actual);
        else
            print(c, argv[optind], argv[optind + 1]);
        if (fflush(stdout) != 0 || ferror(stdout))
            code = cli_fail(EXIT_FAILURE_OTHER, "standard output: cannot write");
    }
    cjm_comparison_free(c);
    cjm_journey_free(actual);
    cjm_journey_free(map);
    cjm_options_free(o);
    return code;
}
