/* The cjm command-line tool: shared by its commands. */
#ifndef CJM_CLI_H
#define CJM_CLI_H

#include <stdio.h>
#include <cjm/cjm.h>

/* Exit statuses (documented in `cjm help` and docs/cli.md). */
enum {
    EXIT_OK = 0,
    EXIT_INVALID = 1, /* invalid or unreadable input */
    EXIT_USAGE = 2,   /* wrong arguments */
    EXIT_FAILURE_OTHER = 3, /* out of memory, cannot write */
};

/* Prints "cjm: message" on standard error, one line, and returns code. */
int cli_fail(int code, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* The exit status for a library status. */
int cli_exit_for(cjm_status status);

int cmd_analyze(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_render(int argc, char **argv);

/* The report for a person. */
/* The report for a person; stage names come from the map (NULL: ids). */
void print_text_report(FILE *out, const cjm_report *report, const cjm_journey *map);

#endif
