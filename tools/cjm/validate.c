/* cjm validate FILE...: journey documents checked against every rule (and,
 * for XML, the schema), and events files (JSON Lines, XES) read through,
 * with their events, customers and problems counted. */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cjm/json.h>
#ifdef CJM_HAVE_XML
#include <cjm/xml.h>
#endif

#include "cli.h"
#include "commands.h"
#include "formats.h"

static const char usage[] =
    "usage: cjm validate FILE...\n"
    "Checks each file and prints 'FILE: valid (...)' for a good one.\n"
    "A journey document (JSON or XML) is checked against every rule, and an XML\n"
    "one also against the journey schema; the first broken rule is reported with\n"
    "its place. An events file (JSON Lines, .jsonl or .ndjson; XES, .xes or\n"
    ".xes.gz) is read through: its events and customers are counted, and each\n"
    "event that cannot be read is a problem (the first ten are shown). '-' reads\n"
    "standard input, whose kind is told by its content.\n"
    "\n"
    "  -h, --help                show this text\n"
    "\n"
    "Exit status 1 when any file is invalid, unreadable or has problems.\n";

/* The distinct customers of an events file: an open-addressing set. */
typedef struct customers {
    char **slots;
    size_t capacity, count;
} customers;

/* Adds a customer; false when out of memory. */
static bool customers_add(customers *c, const char *id)
{
    if (2 * (c->count + 1) > c->capacity) {
        size_t capacity = c->capacity ? 2 * c->capacity : 1024;
        char **slots = calloc(capacity, sizeof *slots);
        if (!slots)
            return false;
        for (size_t i = 0; i < c->capacity; i++)
            if (c->slots[i]) {
                size_t j = cli_hash(c->slots[i]) & (capacity - 1);
                while (slots[j])
                    j = (j + 1) & (capacity - 1);
                slots[j] = c->slots[i];
            }
        free(c->slots);
        c->slots = slots;
        c->capacity = capacity;
    }
    size_t j = cli_hash(id) & (c->capacity - 1);
    for (; c->slots[j]; j = (j + 1) & (c->capacity - 1))
        if (strcmp(c->slots[j], id) == 0)
            return true;
    if (!(c->slots[j] = strdup(id)))
        return false;
    c->count++;
    return true;
}

static void customers_free(customers *c)
{
    for (size_t i = 0; i < c->capacity; i++)
        free(c->slots[i]);
    free(c->slots);
}

typedef struct tally {
    unsigned long long events, problems;
    customers seen;
} tally;

enum { SHOWN_PROBLEMS = 10 };

static cjm_status count(const cjm_event *e, void *userdata)
{
    tally *t = userdata;
    const char *problem = cjm_event_error(e, NULL);
    t->events++;
    if (problem) {
        if (t->problems++ < SHOWN_PROBLEMS) {
            char text[1200];
            cli_person_text(text, sizeof text, problem);
            cli_fail(EXIT_INVALID, "%s", text);
        }
        return CJM_OK;
    }
    const char *customer = cjm_event_customer(e);
    if (customer && !customers_add(&t->seen, customer))
        return cjm_error_set(CJM_ERR_NOMEM, "out of memory");
    return CJM_OK;
}

/* Reads events from path, or from stream when it is not NULL. */
static int validate_events(const char *path, FILE *stream, file_format format)
{
    tally t = { 0 };
    cjm_status rc = stream ? read_events_stream(stream, path, format, 1, NULL, count, &t)
                           : read_events_any(path, format, 1, NULL, count, &t);
    const char *name = path;
    int code = EXIT_OK;
    if (rc != CJM_OK) {
        code = cli_fail_status(rc);
    } else if (t.problems) {
        code = cli_fail(EXIT_INVALID, "%s: %s in %s of %s%s", name,
                        cli_plural(t.problems, "problem", "problems"),
                        cli_plural(t.events, "event", "events"),
                        cli_plural(t.seen.count, "customer", "customers"),
                        t.problems > SHOWN_PROBLEMS ? " (the first ten shown)" : "");
    } else {
        printf("%s: valid %s (%s, %s, no problems)\n", name,
               format == F_XES ? "XES" : "JSON Lines",
               cli_plural(t.events, "event", "events"),
               cli_plural(t.seen.count, "customer", "customers"));
    }
    customers_free(&t.seen);
    return code;
}

/* A journey document, read whole: against every rule, and when it is XML
 * also against the schema. */
static int validate_journey(const char *name, char *text, size_t size)
{
    bool xml = sniff_kind(text, size) == F_XML;
    cjm_journey *j = NULL;
    cjm_status rc;
    FILE *f = fmemopen(text, size, "rb");
    if (!f)
        return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    rc = read_journey_stream(&j, f, name, xml ? F_XML : F_JSON);
    fclose(f);
    const char *schema = "";
#ifdef CJM_HAVE_XML
    if (rc == CJM_OK && xml) {
        rc = cjm_xml_validate_journey(text, size, name);
        schema = ", and against the schema";
    }
#endif
    int code = rc == CJM_OK ? EXIT_OK : cli_fail_status(rc);
    if (rc == CJM_OK)
        printf("%s: valid (%s, %s%s)\n", name,
               cli_plural(cjm_journey_stage_count(j), "stage", "stages"),
               cli_plural(cjm_journey_touchpoint_count(j), "touchpoint", "touchpoints"),
               schema);
    cjm_journey_free(j);
    return code;
}

/* Standard input: events or a journey, by its first bytes; read into
 * memory first, so that the reader sees it from its start. */
static int validate_stdin(void)
{
    char *text = NULL;
    size_t size = 0;
    cjm_status rc = slurp_stream(stdin, "<stdin>", &text, &size, true);
    if (rc != CJM_OK)
        return cli_fail_status(rc);
    file_format kind = sniff_kind(text, size);
    int code;
    if (kind == F_JSONL || kind == F_XES) {
        FILE *copy = fmemopen(text, size, "rb");
        code = copy ? validate_events("<stdin>", copy, kind)
                    : cli_fail(EXIT_FAILURE_OTHER, "out of memory");
        if (copy)
            fclose(copy);
    } else {
        code = validate_journey("<stdin>", text, size);
    }
    free(text);
    return code;
}

static int validate(const char *path)
{
    if (strcmp(path, "-") == 0)
        return validate_stdin();
    cjm_status rc = check_input(path);
    if (rc != CJM_OK)
        return cli_fail_status(rc);
    file_format f = format_of(path);
    if (f == F_XES && !have_xml())
        return cli_fail(EXIT_INVALID, "%s: XES needs the XML module, which this cjm was "
                        "built without", path);
    if (f == F_JSONL || f == F_XES)
        return validate_events(path, NULL, f);
    char *text = NULL;
    size_t size = 0;
    if ((rc = slurp(path, &text, &size)) != CJM_OK)
        return cli_fail_status(rc);
    int code = validate_journey(path, text, size);
    free(text);
    return code;
}

int cmd_validate(int argc, char **argv)
{
    static const struct option options[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = cli_getopt(argc, argv, ":h", options)) != -1) {
        if (opt == 'h')
            return cli_print_usage(usage);
        return cli_option_error("validate", opt, argv);
    }
    if (optind >= argc)
        return cli_fail(EXIT_USAGE, "validate: needs at least one file (try 'cjm help "
                        "validate')");
    int stdin_uses = 0;
    for (int i = optind; i < argc; i++)
        stdin_uses += strcmp(argv[i], "-") == 0;
    if (stdin_uses > 1)
        return cli_fail(EXIT_USAGE, "standard input ('-') can be read only once");
    int result = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        int code = validate(argv[i]);
        result = code > result ? code : result;
    }
    if (fflush(stdout) != 0 && result == EXIT_OK)
        result = cli_fail(EXIT_FAILURE_OTHER, "standard output: cannot write");
    return result;
}
