/* cjm validate FILE...: journey documents checked against every rule. */
#include <string.h>
#include <cjm/json.h>

#include "cli.h"

static const char usage[] =
    "usage: cjm validate FILE...\n"
    "Reads each journey document (JSON; '-' for standard input) and reports the\n"
    "first broken rule of each with its place. Prints 'FILE: valid' for each\n"
    "valid one. Exit status 1 when any file is invalid or unreadable.\n";

int cmd_validate(int argc, char **argv)
{
    if (argc < 2)
        return fputs(usage, stderr), EXIT_USAGE;
    if (strcmp(argv[1], "--help") == 0)
        return fputs(usage, stdout), EXIT_OK;
    int result = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *path = argv[i];
        cjm_journey *j = NULL;
        cjm_status rc = strcmp(path, "-") == 0
                            ? cjm_json_read_journey_file(&j, stdin, "<stdin>")
                            : cjm_json_read_journey_path(&j, path);
        if (rc != CJM_OK) {
            cli_fail(EXIT_INVALID, "%s", cjm_last_error());
            int code = cli_exit_for(rc);
            result = code > result ? code : result;
            continue;
        }
        printf("%s: valid (%zu stages, %zu touchpoints)\n", path, cjm_journey_stage_count(j),
               cjm_journey_touchpoint_count(j));
        cjm_journey_free(j);
    }
    return result;
}
