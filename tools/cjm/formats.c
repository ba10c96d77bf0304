/* Formats by file name, and reading what the tool takes in. The XML
 * module is optional: without it, XML and XES inputs get a clear usage
 * error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cjm/json.h>
#ifdef CJM_HAVE_XML
#include <cjm/xml.h>
#endif

#include "cli.h"
#include "formats.h"

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

file_format format_of(const char *path)
{
    if (ends_with(path, ".json"))
        return F_JSON;
    if (ends_with(path, ".xml"))
        return F_XML;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
        return F_JSONL;
    if (ends_with(path, ".xes") || ends_with(path, ".xes.gz"))
        return F_XES;
    if (ends_with(path, ".mmd") || ends_with(path, ".mermaid"))
        return F_MERMAID;
    if (ends_with(path, ".md"))
        return F_MARKDOWN;
    return F_UNKNOWN;
}

static const char *const names[] = { "json", "xml", "jsonl", "xes", "mermaid", "markdown" };

file_format format_named(const char *name)
{
    for (int f = 0; f < F_UNKNOWN; f++)
        if (strcmp(name, names[f]) == 0)
            return (file_format)f;
    return F_UNKNOWN;
}

const char *format_name(file_format format)
{
    return format < F_UNKNOWN ? names[format] : "unknown";
}

bool have_xml(void)
{
#ifdef CJM_HAVE_XML
    return true;
#else
    return false;
#endif
}

static cjm_status no_xml(const char *path)
{
    char message[600];
    snprintf(message, sizeof message, "%s: XML and XES need the XML module, which this cjm "
             "was built without", path);
    return cjm_error_set(CJM_ERR_UNSUPPORTED, message);
}

cjm_status read_journey_any(cjm_journey **out, const char *path, file_format format)
{
    bool stdin_ = strcmp(path, "-") == 0;
    FILE *f = stdin_ ? stdin : fopen(path, "rb");
    if (!f) {
        char message[600];
        snprintf(message, sizeof message, "%s: cannot open", path);
        return cjm_error_set(CJM_ERR_IO, message);
    }
    const char *name = stdin_ ? "<stdin>" : path;
    if (format == F_UNKNOWN)
        format = format_of(path);
    if (format != F_JSON && format != F_XML) {
        /* By its first character: '<' is XML. */
        int c;
        while ((c = getc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xef ||
               c == 0xbb || c == 0xbf)
            ;
        format = c == '<' ? F_XML : F_JSON;
        if (c != EOF)
            ungetc(c, f);
    }
    cjm_status rc;
#ifdef CJM_HAVE_XML
    if (format == F_XML)
        rc = cjm_xml_read_journey_file(out, f, name);
    else
#endif
        rc = format == F_XML ? no_xml(path) : cjm_json_read_journey_file(out, f, name);
    if (!stdin_)
        fclose(f);
    return rc;
}

cjm_status read_events_any(const char *path, file_format format, unsigned threads,
                           const void *xes, cjm_event_sink sink, void *userdata)
{
    bool stdin_ = strcmp(path, "-") == 0;
    if (format == F_UNKNOWN)
        format = format_of(path);
    if (format == F_XES) {
#ifdef CJM_HAVE_XML
        if (stdin_)
            return cjm_xes_read_events_file(stdin, "<stdin>", xes, sink, userdata);
        return cjm_xes_read_events_path(path, xes, sink, userdata);
#else
        (void)xes;
        return no_xml(path);
#endif
    }
    if (stdin_)
        return cjm_json_read_events_file(stdin, "<stdin>", threads, sink, userdata);
    return cjm_json_read_events_path(path, threads, sink, userdata);
}

int apply_xes_option(void **xes, int opt, const char *arg)
{
#ifdef CJM_HAVE_XML
    if (!*xes && !(*xes = cjm_xes_options_new()))
        return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    cjm_xes_options *o = *xes;
    cjm_status rc;
    switch (opt - XES_OPTION_FIRST) {
    case 0: rc = cjm_xes_options_set_touchpoint_key(o, arg); break;
    case 1: rc = cjm_xes_options_set_touchpoint_classifier(o, arg); break;
    case 2: rc = cjm_xes_options_set_customer_key(o, arg); break;
    case 3: rc = cjm_xes_options_set_channel_key(o, arg); break;
    case 4: rc = cjm_xes_options_set_stage_key(o, arg); break;
    case 5: rc = cjm_xes_options_set_lifecycle(o, arg); break;
    default: rc = cjm_xes_options_set_assume_utc(o, true); break;
    }
    return rc == CJM_OK ? EXIT_OK : cli_fail(EXIT_USAGE, "%s", cjm_last_error());
#else
    (void)xes;
    (void)opt;
    (void)arg;
    return cli_fail(EXIT_USAGE, "XES options need the XML module, which this cjm was built "
                    "without");
#endif
}

void free_xes_options(void *xes)
{
#ifdef CJM_HAVE_XML
    cjm_xes_options_free(xes);
#else
    (void)xes;
#endif
}

cjm_status slurp(const char *path, char **text, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char message[600];
    if (!f) {
        snprintf(message, sizeof message, "%s: cannot open: %s", path, strerror(errno));
        return cjm_error_set(CJM_ERR_IO, message);
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
            cap *= 2;
        }
    }
    bool failed = ferror(f);
    fclose(f);
    if (!buf)
        return cjm_error_set(CJM_ERR_NOMEM, "out of memory");
    if (failed) {
        free(buf);
        snprintf(message, sizeof message, "%s: cannot read", path);
        return cjm_error_set(CJM_ERR_IO, message);
    }
    *text = buf;
    *size = n;
    return CJM_OK;
}
