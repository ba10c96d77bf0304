/* cjm compare MAP ACTUAL: how a customer's actual journey strayed from the
 * map. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "formats.h"

static const char usage[] =
    "usage: cjm compare MAP ACTUAL [--pain-threshold X]\n"
    "Compares a customer's actual journey (a journey document whose touchpoints\n"
    "carry times and feedback) with the map, and prints each deviation:\n"
    "touchpoints the map lacks (unplanned), required ones the customer did not\n"
    "have (missing), steps back to an earlier stage (backtrack), and touchpoints\n"
    "whose mean feedback is below the pain threshold (failing; default 0.0).\n"
    "Both documents are JSON or XML. Exit status 0 whether or not there are\n"
    "deviations.\n";

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

int cmd_compare(int argc, char **argv)
{
    const char *paths[2] = { NULL, NULL };
    int npaths = 0;
    cjm_options *o = cjm_options_new();
    if (!o)
        return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    int code = EXIT_OK;
    for (int i = 1; i < argc && code == EXIT_OK; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            cjm_options_free(o);
            return fputs(usage, stdout), EXIT_OK;
        }
        if (strcmp(argv[i], "--pain-threshold") == 0) {
            char *end;
            errno = 0;
            double x = i + 1 < argc ? strtod(argv[i + 1], &end) : NAN;
            if (i + 1 >= argc || !*argv[i + 1] || *end || errno || !isfinite(x))
                code = cli_fail(EXIT_USAGE, "--pain-threshold: needs a finite number");
            else
                cjm_options_set_pain_threshold(o, x);
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            code = cli_fail(EXIT_USAGE, "compare: unknown option %s (try 'cjm help compare')",
                            argv[i]);
        } else if (npaths < 2) {
            paths[npaths++] = argv[i];
        } else {
            code = cli_fail(EXIT_USAGE, "compare: needs a map and one actual journey");
        }
    }
    if (code == EXIT_OK && npaths != 2)
        code = cli_fail(EXIT_USAGE, "compare: needs a map and one actual journey "
                        "(try 'cjm help compare')");
    cjm_journey *map = NULL, *actual = NULL;
    cjm_comparison *c = NULL;
    cjm_status rc = CJM_OK;
    if (code == EXIT_OK && ((rc = read_journey_any(&map, paths[0], F_UNKNOWN)) != CJM_OK ||
                            (rc = read_journey_any(&actual, paths[1], F_UNKNOWN)) != CJM_OK ||
                            (rc = cjm_journey_compare(&c, actual, map, o)) != CJM_OK))
        code = cli_fail_status(rc);
    if (code == EXIT_OK) {
        print(c, paths[0], paths[1]);
        if (fflush(stdout) != 0)
            code = cli_fail(EXIT_FAILURE_OTHER, "cannot write");
    }
    cjm_comparison_free(c);
    cjm_journey_free(actual);
    cjm_journey_free(map);
    cjm_options_free(o);
    return code;
}
