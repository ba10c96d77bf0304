/* The tool's helpers: messages, exit statuses and output files. */
#define _GNU_SOURCE /* fdopen, fopencookie under -std=c11 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "whole-file.h"

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

/* Whether text starts with a C function name of the library followed by
 * ": " ("cjm_json_read_journey: "); returns its length with the colon and
 * the space, or 0. */
static size_t function_name(const char *text)
{
    if (strncmp(text, "cjm_", 4) != 0)
        return 0;
    size_t n = 4;
    while ((text[n] >= 'a' && text[n] <= 'z') || (text[n] >= '0' && text[n] <= '9') ||
           text[n] == '_')
        n++;
    return text[n] == ':' && text[n + 1] == ' ' ? n + 2 : 0;
}

/* The library's flags that messages name, as the tool's options. */
static const struct {
    const char *flag, *option;
} flag_options[] = {
    { "CJM_JSON_DROP_FOREIGN_EXTENSIONS", "--drop-extensions" },
    { "CJM_XML_DROP_FOREIGN_EXTENSIONS", "--drop-extensions" },
};

void cli_person_text(char *buf, size_t size, const char *message)
{
    size_t n = 0;
    bool start = true; /* at the start of the message or of a ": " part */
    for (const char *p = message; *p && n + 1 < size;) {
        size_t skip = start ? function_name(p) : 0;
        if (skip) {
            p += skip;
            continue;
        }
        bool flag = false;
        for (size_t i = 0; i < sizeof flag_options / sizeof flag_options[0] && !flag; i++) {
            size_t len = strlen(flag_options[i].flag);
            if (strncmp(p, flag_options[i].flag, len) == 0) {
                n += (size_t)snprintf(buf + n, size - n, "%s", flag_options[i].option);
                if (n >= size)
                    n = size - 1;
                p += len;
                flag = true;
            }
        }
        if (flag)
            continue;
        start = p[0] == ':' && p[1] == ' ';
        buf[n++] = *p++;
        if (start && n + 1 < size) {
            buf[n++] = *p++;
        }
    }
    buf[n] = '\0';
}

int cli_fail_status(cjm_status status)
{
    char text[1200];
    cli_person_text(text, sizeof text, cjm_last_error());
    return cli_fail(cli_exit_for(status), "%s", text);
}

const char *cli_plural(unsigned long long n, const char *one, const char *many)
{
    static _Thread_local char buf[4][80];
    static _Thread_local unsigned next;
    char *out = buf[next++ % 4];
    snprintf(out, sizeof buf[0], "%llu %s", n, n == 1 ? one : many);
    return out;
}

/* Temporary files to remove when a signal ends the process before they
 * are complete (a user's interrupt, a terminal closed, a pipe read by
 * `head` closed before the output ended). */
enum { MAX_TEMPS = 4 };
static char *volatile temps[MAX_TEMPS];

static void remove_temps(int sig)
{
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temps[i])
            unlink(temps[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void track(char *temp, bool on)
{
    static bool handlers;
    if (!handlers) {
        static const int signals[] = { SIGINT,  SIGTERM, SIGHUP,    SIGQUIT, SIGPIPE,
                                       SIGALRM, SIGUSR1, SIGUSR2, SIGVTALRM, SIGPROF };
        for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
            if (signal(signals[i], SIG_IGN) != SIG_IGN)
                signal(signals[i], remove_temps);
        /* Past a file size limit a write fails (EFBIG) and the output is
         * removed as after any failed write, rather than the process
         * ending with a half-written temporary file. */
        signal(SIGXFSZ, SIG_IGN);
        handlers = true;
    }
    for (int i = 0; i < MAX_TEMPS; i++)
        if (on ? !temps[i] : temps[i] == temp) {
            temps[i] = on ? temp : NULL;
            return;
        }
}

uint64_t cli_hash(const char *s)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The regular file standard input or output is, if it is one. */
static bool regular_fd(int fd, struct stat *info)
{
    return fstat(fd, info) == 0 && S_ISREG(info->st_mode);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The file an input names, for telling two inputs apart; false for one
 * that is not a regular file (a pipe, a device), which is read once. */
static bool input_file(const char *path, struct stat *info)
{
    if (strcmp(path, "-") == 0)
        return regular_fd(STDIN_FILENO, info);
    return stat(path, info) == 0 && S_ISREG(info->st_mode);
}

static const char *shown_input(const char *path)
{
    return strcmp(path, "-") == 0 ? "standard input" : path;
}

int cli_inputs_distinct(const char *const *paths, int count)
{
    /* Each input looked up once (thousands of files may be given). */
    struct stat *info = calloc(count > 0 ? (size_t)count : 1, sizeof *info);
    bool *file = calloc(count > 0 ? (size_t)count : 1, sizeof *file);
    int code = info && file ? EXIT_OK : cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    for (int i = 0; i < count && code == EXIT_OK; i++) {
        file[i] = input_file(paths[i], &info[i]);
        for (int j = 0; j < i && code == EXIT_OK; j++)
            if (strcmp(paths[i], paths[j]) == 0 ||
                (file[i] && file[j] && same_file(&info[i], &info[j])))
                code = cli_fail(EXIT_USAGE, "%s and %s are one file: its events would count "
                                "twice; name it once", shown_input(paths[j]),
                                shown_input(paths[i]));
    }
    free(info);
    free(file);
    return code;
}

/* Refuses an output that is one of the inputs. */
static int check_inputs(const char *path, const struct stat *out, bool exists,
                        const char *const *inputs, int count)
{
    for (int i = 0; i < count; i++) {
        struct stat in;
        bool stdin_ = strcmp(inputs[i], "-") == 0;
        bool same = !stdin_ && strcmp(inputs[i], path) == 0;
        if (!same && exists)
            same = stdin_ ? regular_fd(STDIN_FILENO, &in) && same_file(&in, out)
                          : stat(inputs[i], &in) == 0 && same_file(&in, out);
        if (same)
            return cli_fail(EXIT_USAGE, "%s: the output is also an input (%s); write to "
                            "another file", strcmp(path, "-") == 0 ? "standard output" : path,
                            stdin_ ? "standard input" : inputs[i]);
    }
    return EXIT_OK;
}

/* Renames the new file into place (keep) or removes it; false when
 * keeping failed (errno set). */
static bool untrack_and_close(cli_output *o, bool keep)
{
    if (o->file && o->file != stdout) {
        fclose(o->file);
        o->whole.fd = -1;
        o->file = NULL;
    }
    bool tracked = o->whole.temp[0] != '\0';
    const char *step;
    bool kept = cjmi_whole_file_close(&o->whole, keep, &step);
    if (tracked)
        track(o->whole.temp, false);
    return kept;
}

int cli_output_open(cli_output *o, const char *path, const char *const *inputs, int count)
{
    *o = (cli_output){ .name = path ? path : "-" };
    struct stat info;
    if (!path || strcmp(path, "-") == 0) {
        o->name = "standard output";
        int code = regular_fd(STDOUT_FILENO, &info)
                   ? check_inputs("-", &info, true, inputs, count) : EXIT_OK;
        if (code == EXIT_OK)
            o->file = stdout;
        return code;
    }
    if (!*path)
        return cli_fail(EXIT_USAGE, "an output's name is empty");
    bool exists = stat(path, &info) == 0;
    int code = check_inputs(path, &info, exists, inputs, count);
    if (code != EXIT_OK)
        return code;
    if (exists && S_ISDIR(info.st_mode))
        return cli_fail(EXIT_INVALID, "%s: is a directory; name a file to write", path);
    /* A file its owner made read-only stays so, as with a shell's '>'. */
    if (exists && access(path, W_OK) != 0)
        return cli_fail(EXIT_INVALID, "%s: cannot open for writing: %s", path, strerror(errno));
    const char *step;
    if (!cjmi_whole_file_open(&o->whole, path, &step))
        return cli_fail(errno == ENOMEM ? EXIT_FAILURE_OTHER : EXIT_INVALID,
                        "%s: cannot open for writing: %s", path, strerror(errno));
    if (o->whole.temp[0])
        track(o->whole.temp, true);
    if (!(o->file = fdopen(o->whole.fd, "wb"))) {
        code = cli_fail(EXIT_FAILURE_OTHER, "%s: cannot write: %s", path, strerror(errno));
        untrack_and_close(o, false);
        return code;
    }
    return EXIT_OK;
}

int cli_output_finish(cli_output *o, int code)
{
    if (!o->file || o->finished)
        return code;
    bool failed = ferror(o->file) || fflush(o->file) != 0;
    int error = errno;
    if (o->file == stdout) {
        if (failed && code == EXIT_OK)
            cli_fail(EXIT_FAILURE_OTHER, "standard output: cannot write: %s", strerror(error));
    } else {
        const char *step;
        if (!failed && !cjmi_whole_file_sync(&o->whole, &step)) {
            failed = true;
            error = errno;
        }
        if (fclose(o->file) != 0 && !failed) {
            failed = true;
            error = errno;
        }
        o->whole.fd = -1; /* closed with the stream */
        o->file = NULL;
        if (failed && code == EXIT_OK)
            cli_fail(EXIT_FAILURE_OTHER, "%s: cannot write: %s", o->name, strerror(error));
    }
    o->finished = true;
    return failed ? EXIT_FAILURE_OTHER : code;
}

int cli_output_close(cli_output *o, int code)
{
    if (!o->file && !o->finished)
        return code;
    bool standard = o->file == stdout;
    code = cli_output_finish(o, code);
    if (!standard && !untrack_and_close(o, code == EXIT_OK) && code == EXIT_OK)
        code = cli_fail(EXIT_FAILURE_OTHER, "%s: cannot write: %s", o->name, strerror(errno));
    *o = (cli_output){ 0 };
    return code;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    int index = -1;
    int opt = getopt_long(argc, argv, shortopts, longopts, &index);
    if (index < 0 || opt == '?' || opt == ':')
        return opt;
    /* getopt_long has moved past the option, and past a value given apart. */
    bool value_apart = longopts[index].has_arg != no_argument && optarg &&
                       optind >= 2 && optarg == argv[optind - 1];
    const char *text = argv[optind - (value_apart ? 2 : 1)];
    size_t n = strcspn(text + 2, "=");
    if (strncmp(text, "--", 2) == 0 && strlen(longopts[index].name) == n &&
        strncmp(text + 2, longopts[index].name, n) == 0)
        return opt;
    if (value_apart)
        optind--; /* so that the message names the option, not its value */
    optopt = 0;
    return '?';
}

int cli_option_error(const char *command, int opt, char **argv)
{
    /* getopt_long has moved past the option, and past a value it took. */
    const char *arg = argv[optind - 1];
    if (opt == ':') {
        if (optopt && optopt < 256 && arg[0] == '-' && arg[1] != '-')
            return cli_fail(EXIT_USAGE, "%s: -%c needs a value (try 'cjm help %s')", command,
                            optopt, command);
        return cli_fail(EXIT_USAGE, "%s: %s needs a value (try 'cjm help %s')", command, arg,
                        command);
    }
    if (optopt && optopt < 256)
        return cli_fail(EXIT_USAGE, "%s: unknown option -%c (try 'cjm help %s')", command,
                        optopt, command);
    size_t n = strcspn(arg, "=");
    return cli_fail(EXIT_USAGE, "%s: unknown option %.*s (try 'cjm help %s')", command,
                    (int)n, arg, command);
}

int cli_option_refused(const char *option)
{
    char text[1200];
    cli_person_text(text, sizeof text, cjm_last_error());
    /* The library names its field ("drop_threshold: "); the option replaces it. */
    const char *colon = strstr(text, ": ");
    return cli_fail(EXIT_USAGE, "%s: %s", option, colon ? colon + 2 : text);
}

int cli_print_usage(const char *usage)
{
    fputs(usage, stdout);
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_fail(EXIT_FAILURE_OTHER, "standard output: cannot write: %s",
                        strerror(errno));
    return EXIT_OK;
}

/* Writes text as a JSON string, or null for NULL. Ids and names are UTF-8 (the model
 * checks), so only quotes, backslashes and control characters need
 * escapes. */
void cli_json_string(FILE *out, const char *text)
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
