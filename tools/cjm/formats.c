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

cjm_status check_input(const char *path)
{
    struct stat info;
    char message[600];
    if (strcmp(path, "-") == 0)
        return CJM_OK;
    if (!*path)
        return cjm_error_set(CJM_ERR_IO, "an input's name is empty");
    if (stat(path, &info) != 0) {
        snprintf(message, sizeof message, "%s: cannot open: %s", path, strerror(errno));
        return cjm_error_set(CJM_ERR_IO, message);
    }
    if (S_ISDIR(info.st_mode)) {
        snprintf(message, sizeof message, "%s: is a directory, not a file to read", path);
        return cjm_error_set(CJM_ERR_IO, message);
    }
    return CJM_OK;
}

/* Skips white space and a byte order mark at the start of a stream and
 * returns the first other byte, left in the stream (EOF for none). Past a
 * document's limit of white space it gives up (' '): the reader then
 * refuses the stream at its limit, rather than this reading for ever. */
static int first_byte(FILE *f)
{
    int c;
    size_t skipped = 0;
    while ((c = getc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xef ||
           c == 0xbb || c == 0xbf)
        if (++skipped > DOCUMENT_MAX)
            break;
    if (c != EOF)
        ungetc(c, f);
    return c;
}

cjm_status read_journey_stream(cjm_journey **out, FILE *f, const char *name,
                               file_format format)
{
    if (format != F_JSON && format != F_XML) /* by its first character: '<' is XML */
        format = first_byte(f) == '<' ? F_XML : F_JSON;
#ifdef CJM_HAVE_XML
    if (format == F_XML)
        return cjm_xml_read_journey_file(out, f, name);
#endif
    return format == F_XML ? no_xml(name) : cjm_json_read_journey_file(out, f, name);
}

cjm_status read_journey_any(cjm_journey **out, const char *path, file_format format)
{
    cjm_status rc = check_input(path);
    if (rc != CJM_OK)
        return rc;
    if (strcmp(path, "-") == 0)
        return read_journey_stream(out, stdin, "<stdin>", format);
    FILE *f = fopen(path, "rb");
    if (!f) {
        char message[600];
        snprintf(message, sizeof message, "%s: cannot open: %s", path, strerror(errno));
        return cjm_error_set(CJM_ERR_IO, message);
    }
    rc = read_journey_stream(out, f, path, format == F_UNKNOWN ? format_of(path) : format);
    fclose(f);
    return rc;
}

cjm_status read_events_stream(FILE *f, const char *name, file_format format,
                              unsigned threads, const void *xes, cjm_event_sink sink,
                              void *userdata)
{
    if (format != F_JSONL && format != F_XES) {
        /* XES starts with '<', or gzip's 0x1f; JSON Lines with '{'. */
        int c = first_byte(f);
        format = c == '<' || c == 0x1f ? F_XES : F_JSONL;
    }
    if (format == F_XES) {
#ifdef CJM_HAVE_XML
        return cjm_xes_read_events_file(f, name, xes, sink, userdata);
#else
        (void)xes;
        return no_xml(name);
#endif
    }
    return cjm_json_read_events_file(f, name, threads, sink, userdata);
}

cjm_status read_events_any(const char *path, file_format format, unsigned threads,
                           const void *xes, cjm_event_sink sink, void *userdata)
{
    cjm_status rc = check_input(path);
    if (rc != CJM_OK)
        return rc;
    if (strcmp(path, "-") == 0)
        return read_events_stream(stdin, "<stdin>", format, threads, xes, sink, userdata);
    if (format == F_UNKNOWN)
        format = format_of(path);
    if (format == F_XES) {
#ifdef CJM_HAVE_XML
        return cjm_xes_read_events_path(path, xes, sink, userdata);
#else
        (void)xes;
        return no_xml(path);
#endif
    }
    return cjm_json_read_events_path(path, threads, sink, userdata);
}

/* The bytes of white space and byte-order mark that text starts with. */
static size_t leading_blank(const char *text, size_t size)
{
    size_t i = 0;
    while (i < size && text[i] && strchr(" \t\r\n\xef\xbb\xbf", text[i]))
        i++;
    return i;
}

file_format sniff_kind(const char *text, size_t size)
{
    size_t i = leading_blank(text, size);
    if (i < size && (unsigned char)text[i] == 0x1f)
        return F_XES;
    if (i < size && text[i] == '<') {
        /* The root element: the first '<' followed by a letter. */
        for (; i + 4 <= size; i++)
            if (text[i] == '<' && ((text[i + 1] | 0x20) >= 'a' && (text[i + 1] | 0x20) <= 'z'))
                return strncmp(text + i + 1, "log", 3) == 0 &&
                       strchr(" \t\r\n>/", text[i + 4]) ? F_XES : F_XML;
        return F_XML;
    }
    /* JSON: events have a customer on their first line; a journey
     * document names its format. */
    const char *end = memchr(text + i, '\n', size - i);
    size_t n = end ? (size_t)(end - text) - i : size - i;
    char line[4096];
    snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), text + i);
    return strstr(line, "\"customer\"") && !strstr(line, "\"cjm-journey\"") ? F_JSONL : F_JSON;
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

/* Whether the first byte past white space and a byte-order mark shows
 * that the bytes are none of the formats read here ('{' JSON, '<' XML, a
 * gzip file's 0x1f): reading further cannot change that. */
static bool no_format(const char *p, size_t n)
{
    size_t i = leading_blank(p, n);
    return i < n && p[i] != '{' && p[i] != '<' && (unsigned char)p[i] != 0x1f;
}

cjm_status slurp_stream(FILE *f, const char *name, char **text, size_t *size, bool events_too)
{
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        /* A stream without end (a device, a pipe) is read no further than
         * it can be a file of cjm's; a journey document no further than
         * its limit. */
        if (no_format(buf, n))
            break;
        if (n > DOCUMENT_MAX) {
            file_format kind = events_too ? sniff_kind(buf, n) : F_JSON;
            if (kind == F_JSON || kind == F_XML) {
                free(buf);
                char message[600];
                snprintf(message, sizeof message, "%s: more than %d MiB: too large for a "
                         "journey document", name, DOCUMENT_MAX >> 20);
                return cjm_error_set(CJM_ERR_LIMIT, message);
            }
        }
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                free(buf);
            buf = grown;
            cap *= 2;
        }
    }
    if (!buf)
        return cjm_error_set(CJM_ERR_NOMEM, "out of memory");
    if (ferror(f)) {
        char message[600];
        snprintf(message, sizeof message, "%s: cannot read: %s", name, strerror(errno));
        free(buf);
        return cjm_error_set(CJM_ERR_IO, message);
    }
    *text = buf;
    *size = n;
    return CJM_OK;
}

cjm_status slurp(const char *path, char **text, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        char message[600];
        snprintf(message, sizeof message, "%s: cannot open: %s", path, strerror(errno));
        return cjm_error_set(CJM_ERR_IO, message);
    }
    cjm_status rc = slurp_stream(f, path, text, size, false);
    fclose(f);
    return rc;
}
