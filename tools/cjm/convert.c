/* cjm convert INPUT OUTPUT: journey documents between JSON and XML, events
 * between JSON Lines and XES. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cjm/json.h>
#ifdef CJM_HAVE_XML
#include <cjm/xml.h>

#include "gzip-out.h"
#endif

#include "cli.h"
#include "commands.h"
#include "formats.h"

static const char usage[] =
    "usage: cjm convert INPUT OUTPUT [options]\n"
    "Converts a journey document between JSON and XML, or events between JSON\n"
    "Lines and XES, or draws a journey as a Mermaid journey diagram (.mmd, or\n"
    "fenced in Markdown, .md). Formats come from the names (.json, .xml, .jsonl,\n"
    ".xes, .xes.gz, written compressed); between events, .xml is XES; '-' is\n"
    "standard input or output, named with --from or --to.\n"
    "\n"
    "  --from FORMAT, --to FORMAT   json, xml, jsonl, xes; mermaid, markdown\n"
    "  --drop-extensions         leave out extensions the output cannot carry\n"
    "  --compact                 no indentation\n"
    "  --lenient                 skip events that cannot be read, and say so\n"
    "  -h, --help                show this text\n"
    XES_USAGE;

enum { OPT_FROM = 256, OPT_TO, OPT_DROP, OPT_COMPACT, OPT_LENIENT, OPT_HELP,
       OPT_SHORT_HELP = 'h' };

static const struct option options[] = {
    { "from", required_argument, NULL, OPT_FROM },
    { "to", required_argument, NULL, OPT_TO },
    { "drop-extensions", no_argument, NULL, OPT_DROP },
    { "compact", no_argument, NULL, OPT_COMPACT },
    { "lenient", no_argument, NULL, OPT_LENIENT },
    { "help", no_argument, NULL, OPT_HELP },
    XES_LONG_OPTIONS,
    { NULL, 0, NULL, 0 },
};

typedef struct job {
    file_format from, to;
    bool drop, compact, lenient;
    bool sniff; /* the input's format is told by its first bytes */
    bool gzip;  /* the output's name ends in .gz: XES written compressed */
    void *xes;
    FILE *out;
    cjm_event_sink write;
    void *writer;
    unsigned long long skipped;
} job;

static cjm_status convert_journey(job *j, const char *input)
{
    cjm_journey *journey = NULL;
    cjm_status rc = read_journey_any(&journey, input, j->sniff ? F_UNKNOWN : j->from);
    if (rc != CJM_OK)
        return rc;
    if (j->to == F_MERMAID || j->to == F_MARKDOWN)
        rc = write_mermaid(j->out, journey, j->to == F_MARKDOWN);
    else if (j->to == F_JSON)
        rc = cjm_json_write_journey_file(j->out, journey,
                                         (j->compact ? CJM_JSON_COMPACT : 0) |
                                         (j->drop ? CJM_JSON_DROP_FOREIGN_EXTENSIONS : 0));
#ifdef CJM_HAVE_XML
    else
        rc = cjm_xml_write_journey_file(j->out, journey,
                                        (j->compact ? CJM_XML_COMPACT : 0) |
                                        (j->drop ? CJM_XML_DROP_FOREIGN_EXTENSIONS : 0));
#endif
    cjm_journey_free(journey);
    if (rc == CJM_ERR_UNSUPPORTED) {
        /* What the output cannot carry is the input's: name it. */
        char text[1200];
        cli_person_text(text, sizeof text, cjm_last_error());
        char message[1400];
        snprintf(message, sizeof message, "%s: %s", strcmp(input, "-") == 0 ? "<stdin>" : input,
                 text);
        cjm_error_set(rc, message);
    }
    return rc;
}

/* Passes readable events on; in lenient mode skips the others. */
static cjm_status pass(const cjm_event *e, void *userdata)
{
    job *j = userdata;
    cjm_status status;
    const char *problem = cjm_event_error(e, &status);
    if (problem && j->lenient) {
        if (j->skipped++ < 10) {
            char text[1200];
            cli_person_text(text, sizeof text, problem);
            cli_fail(EXIT_OK, "skipped: %s", text);
        }
        return CJM_OK;
    }
    return j->write(e, j->writer);
}

static cjm_status convert_events(job *j, const char *input)
{
    cjm_status rc = CJM_OK;
    j->writer = j->out;
    j->write = cjm_json_event_sink;
#ifdef CJM_HAVE_XML
    cjm_xes_writer *xes = NULL;
    FILE *gz = NULL;
    if (j->to == F_XES) {
        if (j->gzip && !(gz = gzip_stream(j->out)))
            return cjm_error_set(CJM_ERR_NOMEM, "out of memory");
        if ((rc = cjm_xes_writer_new(&xes, gz ? gz : j->out,
                                     (j->compact ? CJM_XML_COMPACT : 0) |
                                     (j->drop ? CJM_XML_DROP_FOREIGN_EXTENSIONS : 0)))) {
            if (gz)
                fclose(gz);
            return rc;
        }
        j->writer = xes;
        j->write = cjm_xes_event_sink;
    }
#endif
    rc = read_events_any(input, j->sniff ? F_UNKNOWN : j->from, 0, j->xes, pass, j);
#ifdef CJM_HAVE_XML
    if (rc == CJM_OK && xes)
        rc = cjm_xes_writer_finish(xes);
    cjm_xes_writer_free(xes);
    /* The gzip trailer. A failure to write shows on the output itself
     * (ferror), and run() names the output. */
    if (gz && fclose(gz) != 0 && rc == CJM_OK)
        rc = cjm_error_set(CJM_ERR_IO, "cannot write the compressed log");
#endif
    if (rc == CJM_OK && j->skipped)
        cli_fail(EXIT_OK, "skipped %s that could not be read",
                 cli_plural(j->skipped, "event", "events"));
    return rc;
}

static int run(job *j, const char *input, const char *output)
{
    if (j->from == F_UNKNOWN)
        j->from = format_of(input);
    if (j->to == F_UNKNOWN)
        j->to = format_of(output);
    /* An event log is an XML document: between events, .xml names XES. */
    if (j->from == F_XML && (j->to == F_JSONL || j->to == F_XES))
        j->from = F_XES;
    if (j->to == F_XML && (j->from == F_JSONL || j->from == F_XES))
        j->to = F_XES;
#ifdef CJM_HAVE_XML
    j->gzip = j->to == F_XES && gzip_named(output);
#endif
    /* Standard input unnamed: journey or events as the output says; the
     * readers tell JSON from XML, and JSON Lines from XES, by its start. */
    if (j->from == F_UNKNOWN && strcmp(input, "-") == 0 && j->to != F_UNKNOWN) {
        j->sniff = true;
        j->from = j->to == F_JSONL || j->to == F_XES ? F_JSONL : F_JSON;
    }
    if (j->from == F_UNKNOWN || j->to == F_UNKNOWN)
        return cli_fail(EXIT_USAGE, "convert: cannot tell the format of %s (name it with "
                        "--from or --to)", j->from == F_UNKNOWN ? input : output);
    bool journeys = (j->from == F_JSON || j->from == F_XML) &&
                    (j->to == F_JSON || j->to == F_XML || j->to == F_MERMAID ||
                     j->to == F_MARKDOWN);
    bool events = (j->from == F_JSONL || j->from == F_XES) &&
                  (j->to == F_JSONL || j->to == F_XES);
    if (!journeys && !events)
        return cli_fail(EXIT_USAGE, "convert: %s to %s is not a conversion (journeys: json, "
                        "xml, to mermaid or markdown too; events: jsonl, xes)", format_name(j->from), format_name(j->to));
    if (!have_xml() && (j->from == F_XML || j->to == F_XML || j->from == F_XES ||
                        j->to == F_XES))
        return cli_fail(EXIT_USAGE, "convert: XML and XES need the XML module, which this "
                        "cjm was built without");
    const char *inputs[] = { input };
    cli_output out;
    int code = cli_output_open(&out, output, inputs, 1);
    if (code != EXIT_OK)
        return code;
    j->out = out.file;
    cjm_status rc = journeys ? convert_journey(j, input) : convert_events(j, input);
    int error = errno;
    if (rc != CJM_OK && ferror(j->out)) /* a failure to write, not bad input */
        code = cli_fail(EXIT_FAILURE_OTHER, "%s: cannot write: %s", out.name, strerror(error));
    else if (rc != CJM_OK)
        code = cli_fail_status(rc);
    return cli_output_close(&out, code);
}

int cmd_convert(int argc, char **argv)
{
    job j = { .from = F_UNKNOWN, .to = F_UNKNOWN };
    int opt, code = EXIT_OK;
    optind = 1;
    opterr = 0;
    while (code == EXIT_OK && (opt = cli_getopt(argc, argv, ":h", options)) != -1) {
        switch (opt) {
        case OPT_HELP:
        case OPT_SHORT_HELP:
            free_xes_options(j.xes);
            return cli_print_usage(usage);
        case OPT_FROM:
        case OPT_TO:
            if (format_named(optarg) == F_UNKNOWN)
                code = cli_fail(EXIT_USAGE, "--%s: \"%s\" is not json, xml, jsonl, xes, "
                                "mermaid or markdown",
                                opt == OPT_FROM ? "from" : "to", optarg);
            *(opt == OPT_FROM ? &j.from : &j.to) = format_named(optarg);
            break;
        case OPT_DROP: j.drop = true; break;
        case OPT_COMPACT: j.compact = true; break;
        case OPT_LENIENT: j.lenient = true; break;
        default:
            if (opt >= XES_OPTION_FIRST)
                code = apply_xes_option(&j.xes, opt, optarg);
            else
                code = cli_option_error("convert", opt, argv);
        }
    }
    if (code == EXIT_OK && argc - optind > 2)
        code = cli_fail(EXIT_USAGE, "convert: too many arguments: \"%s\" after the input and "
                        "the output (try 'cjm help convert')", argv[optind + 2]);
    if (code == EXIT_OK && argc - optind != 2)
        code = cli_fail(EXIT_USAGE, "convert: needs an input and an output "
                        "(try 'cjm help convert')");
    if (code == EXIT_OK)
        code = run(&j, argv[optind], argv[optind + 1]);
    free_xes_options(j.xes);
    return code;
}
