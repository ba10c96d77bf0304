/* cjm: customer journey maps from the command line. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: cjm COMMAND [ARGUMENTS]\n"
    "\n"
    "commands:\n"
    "  analyze MAP EVENTS...   analyse customers' events against a journey map\n"
    "  validate FILE...        check journey documents (and XES logs) against\n"
    "                          every rule\n"
    "  convert INPUT OUTPUT    journeys between JSON and XML, events between\n"
    "                          JSON Lines and XES\n"
    "  render MAP [EVENTS...]  draw the map as an SVG picture, with the figures\n"
    "                          and the gaps\n"
    "  compare MAP ACTUAL      how a customer's actual journey strayed from the map\n"
    "  help [COMMAND]          show this text, or a command's\n"
    "\n"
    "options: --version, --help\n"
    "exit status: 0 success, 1 invalid or unreadable input, 2 usage error,\n"
    "             3 other failure (out of memory, cannot write)\n";

int cli_fail(int code, const char *format, ...)
{
    va_list ap;
    fputs("cjm: ", stderr);
    va_start(ap, format);
    vfprintf(stderr, format, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

int cli_exit_for(cjm_status status)
{
    switch (status) {
    case CJM_OK: return EXIT_OK;
    case CJM_ERR_NOMEM: return EXIT_FAILURE_OTHER;
    default: return EXIT_INVALID;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return fputs(usage, stderr), EXIT_USAGE;
    const char *command = argv[1];
    if (strcmp(command, "--version") == 0) {
        printf("cjm %s\n", cjm_version());
        return EXIT_OK;
    }
    if (strcmp(command, "--help") == 0 || strcmp(command, "help") == 0) {
        static char help_flag[] = "--help";
        char *args[] = { argc > 2 ? argv[2] : NULL, help_flag, NULL };
        if (argc > 2 && strcmp(argv[2], "analyze") == 0)
            return cmd_analyze(2, args);
        if (argc > 2 && strcmp(argv[2], "validate") == 0)
            return cmd_validate(2, args);
        if (argc > 2 && strcmp(argv[2], "convert") == 0)
            return cmd_convert(2, args);
        if (argc > 2 && strcmp(argv[2], "compare") == 0)
            return cmd_compare(2, args);
        if (argc > 2 && strcmp(argv[2], "render") == 0)
            return cmd_render(2, args);
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(command, "analyze") == 0)
        return cmd_analyze(argc - 1, argv + 1);
    if (strcmp(command, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1);
    if (strcmp(command, "convert") == 0)
        return cmd_convert(argc - 1, argv + 1);
    if (strcmp(command, "compare") == 0)
        return cmd_compare(argc - 1, argv + 1);
    if (strcmp(command, "render") == 0)
        return cmd_render(argc - 1, argv + 1);
    cli_fail(EXIT_USAGE, "unknown command \"%s\" (try 'cjm help')", command);
    return EXIT_USAGE;
}
