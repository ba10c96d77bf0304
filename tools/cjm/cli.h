/* The cjm tool's helpers every command uses: exit statuses, messages for
 * a person, and output files written whole or not at all. This file and
 * cli.c depend on nothing else of the tool. */
#ifndef CJM_CLI_H
#define CJM_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <cjm/cjm.h>

#include "whole-file.h"

/* Exit statuses (documented in `cjm help` and docs/cli.md). */
enum {
    EXIT_OK = 0,
    EXIT_INVALID = 1, /* invalid or unreadable input, an output that cannot be opened */
    EXIT_USAGE = 2,   /* wrong arguments */
    EXIT_FAILURE_OTHER = 3, /* out of memory, cannot write */
};

/* Prints "cjm: message" on standard error, one line, and returns code. */
int cli_fail(int code, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Prints the library's last error for a person (see cli_person_text) and
 * returns the exit status for status. */
int cli_fail_status(cjm_status status);

/* The exit status for a library status. */
int cli_exit_for(cjm_status status);

/* Copies a library message into buf without the C function names it
 * carries for embedders ("cjm_analysis_add_event: "). */
void cli_person_text(char *buf, size_t size, const char *message);

/* The FNV-1a hash of a string, for the tool's sets of customer ids. */
uint64_t cli_hash(const char *s);

/* "1 customer", "2 customers": the count and the word, singular or plural. */
const char *cli_plural(unsigned long long n, const char *one, const char *many);

/* Writes text as a JSON string ("null" for NULL); text is UTF-8. */
void cli_json_string(FILE *out, const char *text);

struct option;

/* getopt_long that takes long options only by their exact names: an
 * abbreviation ("--form" for "--format") is returned as '?', an unknown
 * option, rather than taken as the option it starts. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* Prints the message for getopt_long's '?' (an unknown option) or ':' (an
 * option without its value), naming the option, and returns EXIT_USAGE.
 * The option string must start with ':'. */
int cli_option_error(const char *command, int opt, char **argv);

/* Prints the library's refusal of an option's value as the option's
 * ("--drop-threshold: 1.5 is not in [0, 1]"); returns EXIT_USAGE. */
int cli_option_refused(const char *option);

/* Prints a command's help on standard output; EXIT_OK, or
 * EXIT_FAILURE_OTHER when it cannot be written. */
int cli_print_usage(const char *usage);

/* An output file, written whole or not at all by the library's writer
 * (lib/files): to a new file beside it, renamed into place only when
 * complete, so a failed or interrupted write leaves the old file as it
 * was; a device or a pipe (/dev/full, a FIFO) is written directly; NULL or
 * "-" is standard output. */
typedef struct cli_output {
    const char *name;   /* as given, for messages */
    cjmi_whole_file whole; /* the file being written, when not standard output */
    FILE *file;
    bool finished;      /* written and closed, the new file not yet renamed */
} cli_output;

/* Refuses an events file given twice, under its name or another (a
 * symbolic or hard link, standard input redirected from it): its events
 * would count twice. Returns an exit status (message printed). */
int cli_inputs_distinct(const char *const *paths, int count);

/* Opens an output before anything is read: refuses one that is one of the
 * inputs (the same path, or the same file by device and inode, through
 * symbolic or hard links; "-" is standard input), a directory, and one
 * whose directory cannot be written. Returns an exit status (message
 * printed). */
int cli_output_open(cli_output *out, const char *path, const char *const *inputs,
                    int count);

/* Writes out and closes an output's file without putting it in place, so
 * that a command with two outputs replaces either only when both were
 * written. Returns code, or EXIT_FAILURE_OTHER when the writing failed
 * (message printed). cli_output_close must follow. */
int cli_output_finish(cli_output *out, int code);

/* Finishes an output: when code is EXIT_OK and every write succeeded, the
 * file is flushed to the disk and renamed into place; otherwise the
 * temporary file is removed. Returns code, or EXIT_FAILURE_OTHER when the
 * writing failed. */
int cli_output_close(cli_output *out, int code);

#endif
