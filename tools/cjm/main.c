/* cjm: customer journey maps from the command line. One table names the
 * commands: `cjm help` lists it and main() runs from it. */
#include <string.h>

#include "cli.h"
#include "commands.h"

typedef struct command {
    const char *name;
    const char *synopsis; /* the arguments, for the list */
    const char *summary;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    { "analyze", "MAP EVENTS...", "analyse customers' events against a journey map",
      cmd_analyze },
    { "render", "MAP [EVENTS...]", "draw the map as an SVG picture, with the figures\n"
      "                          and the gaps", cmd_render },
    { "validate", "FILE...", "check journey documents and events files against\n"
      "                          every rule", cmd_validate },
    { "convert", "INPUT OUTPUT", "journeys between JSON, XML and Mermaid, events\n"
      "                          between JSON Lines and XES", cmd_convert },
    { "compare", "MAP ACTUAL", "how a customer's actual journey strayed from the map",
      cmd_compare },
    { "customers", "MAP EVENTS...", "list the customers behind a figure: who dropped,\n"
      "                          churned silently, hopped, went back ...", cmd_customers },
};
enum { COMMANDS = sizeof commands / sizeof commands[0] };

static const command *find(const char *name)
{
    for (int i = 0; i < COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fputs("usage: cjm COMMAND [ARGUMENTS]\n\ncommands:\n", out);
    for (int i = 0; i < COMMANDS; i++) {
        char head[64];
        snprintf(head, sizeof head, "%s %s", commands[i].name, commands[i].synopsis);
        fprintf(out, "  %-23s %s\n", head, commands[i].summary);
    }
    fputs("  help [COMMAND]          show this text, or a command's\n"
          "\n"
          "options: -h, --help, --version\n"
          "exit status: 0 success, 1 invalid or unreadable input, 2 usage error,\n"
          "             3 other failure (out of memory, cannot write)\n", out);
}

/* cjm help [COMMAND], cjm --help [COMMAND]. */
static int help(int argc, char **argv)
{
    if (argc > 3)
        return cli_fail(EXIT_USAGE, "help: one command at most (try 'cjm help')");
    if (argc < 3) {
        usage(stdout);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_OTHER;
    }
    if (strcmp(argv[2], "help") == 0) {
        usage(stdout);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_OTHER;
    }
    const command *c = find(argv[2]);
    if (!c)
        return cli_fail(EXIT_USAGE, "help: no command \"%s\" (try 'cjm help')", argv[2]);
    static char flag[] = "--help";
    char *args[] = { argv[2], flag, NULL };
    return c->run(2, args);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0) {
        printf("cjm %s\n", cjm_version());
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_OTHER;
    }
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return help(argc, argv);
    const command *c = find(name);
    if (c)
        return c->run(argc - 1, argv + 1);
    if (name[0] == '-')
        return cli_fail(EXIT_USAGE, "unknown option %s (try 'cjm help')", name);
    return cli_fail(EXIT_USAGE, "unknown command \"%s\" (try 'cjm help')", name);
}
