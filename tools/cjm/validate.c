/* cjm validate FILE...: journey documents checked against every rule (and,
 * for XML, the schema), and XES event logs checked as the reader reads
 * them. */
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
    "Reads each journey document (JSON or XML; '-' for standard input) and\n"
    "reports the first broken rule of each with its place; an XML document is\n"
    "also validated against the journey schema. An XES event log (.xes,\n"
    ".xes.gz) is read through, and its events usable for an analysis are\n"
    "counted. Prints 'FILE: valid ...' for each valid one. Exit status 1 when\n"
    "any file is invalid or unreadable.\n";

#ifdef CJM_HAVE_XML
typedef struct tally {
    unsigned long long events, unusable;
    char first[600];
} tally;

static cjm_status count(const cjm_event *e, void *userdata)
{
    tally *t = userdata;
    cjm_status status;
    const char *problem = cjm_event_error(e, &status);
    t->events++;
    if (problem && !t->unusable++)
        snprintf(t->first, sizeof t->first, "%s", problem);
    return CJM_OK;
}

static cjm_status validate_xes(const char *path)
{
    tally t = { 0, 0, "" };
    cjm_status rc = cjm_xes_read_events_path(path, NULL, count, &t);
    if (rc != CJM_OK)
        return rc;
    printf("%s: valid XES (%llu events, %llu usable as cjm events)\n", path, t.events,
           t.events - t.unusable);
    if (t.unusable)
        printf("%s: first unusable event: %s\n", path, t.first);
    return CJM_OK;
}
#endif

static cjm_status validate(const char *path)
{
    if (format_of(path) == F_XES) {
#ifdef CJM_HAVE_XML
        return validate_xes(path);
#else
        char message[600];
        snprintf(message, sizeof message, "%s: XES needs the XML module, which this cjm was "
                 "built without", path);
        return cjm_error_set(CJM_ERR_UNSUPPORTED, message);
#endif
    }
    cjm_journey *j = NULL;
    cjm_status rc = read_journey_any(&j, path, F_UNKNOWN);
    if (rc != CJM_OK)
        return rc;
    const char *schema = "";
#ifdef CJM_HAVE_XML
    if (format_of(path) == F_XML) {
        char *text = NULL;
        size_t size = 0;
        if ((rc = slurp(path, &text, &size)) == CJM_OK)
            rc = cjm_xml_validate_journey(text, size, path);
        free(text);
        schema = ", and against the schema";
    }
#endif
    if (rc == CJM_OK)
        printf("%s: valid (%zu stages, %zu touchpoints%s)\n", path, cjm_journey_stage_count(j),
               cjm_journey_touchpoint_count(j), schema);
    cjm_journey_free(j);
    return rc;
}

int cmd_validate(int argc, char **argv)
{
    if (argc < 2)
        return fputs(usage, stderr), EXIT_USAGE;
    if (strcmp(argv[1], "--help") == 0)
        return fputs(usage, stdout), EXIT_OK;
    int result = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        cjm_status rc = validate(argv[i]);
        if (rc != CJM_OK) {
            cli_fail(EXIT_INVALID, "%s", cjm_last_error());
            int code = cli_exit_for(rc);
            result = code > result ? code : result;
        }
    }
    return result;
}
