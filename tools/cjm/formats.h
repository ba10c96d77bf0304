/* The cjm tool's inputs and outputs: which format a file is in, and the
 * XES choices shared by the commands that read event logs. */
#ifndef CJM_CLI_FORMATS_H
#define CJM_CLI_FORMATS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <cjm/cjm.h>

typedef enum file_format {
    F_JSON, F_XML, F_JSONL, F_XES,
    F_MERMAID, F_MARKDOWN, /* written only: a journey as a Mermaid diagram */
    F_UNKNOWN
} file_format;

/* The format a path's name says ("-" and unknown names: F_UNKNOWN). */
file_format format_of(const char *path);
file_format format_named(const char *name);
const char *format_name(file_format format);

/* Reads a journey document in `format`, or when that is F_UNKNOWN, JSON
 * or XML by name (or by its first character for standard input and other
 * names). */
cjm_status read_journey_any(cjm_journey **out, const char *path, file_format format);

/* Checks that an input exists and is not a directory (standard input,
 * "-", always passes); the message gives the system's reason. */
cjm_status check_input(const char *path);

/* The largest journey document read whole, as the JSON reader's limit. */
#define DOCUMENT_MAX (256 << 20)

/* Reads a whole file (a journey document), or the rest of a stream (a
 * journey document, or with events_too events), into memory (free()).
 * Reading stops early at a first byte that no format of cjm starts with
 * (the reader names it), and a journey document past DOCUMENT_MAX is
 * CJM_ERR_LIMIT: a device or pipe without end never fills the memory. */
cjm_status slurp(const char *path, char **text, size_t *size);
cjm_status slurp_stream(FILE *f, const char *name, char **text, size_t *size, bool events_too);

/* What a document's first bytes say it is: F_XES (a <log> root, or gzip),
 * F_XML (another root), F_JSONL (a first line with a customer) or F_JSON. */
file_format sniff_kind(const char *text, size_t size);

/* Read from a stream already open; `name` names it in messages. */
cjm_status read_journey_stream(cjm_journey **out, FILE *f, const char *name,
                               file_format format);
cjm_status read_events_stream(FILE *f, const char *name, file_format format,
                              unsigned threads, const void *xes, cjm_event_sink sink,
                              void *userdata);

/* Reads events in `format` (F_JSONL or F_XES), or when that is F_UNKNOWN,
 * in the format the name says; standard input ("-") is XES when it starts
 * with '<' (or is gzip), else JSON Lines. `xes` may be NULL. */
cjm_status read_events_any(const char *path, file_format format, unsigned threads,
                           const void *xes, cjm_event_sink sink, void *userdata);

/* Writes a journey as a Mermaid `journey` diagram: a section per stage, a
 * task per touchpoint scored 1 to 5 from its feedback (3 without any),
 * with its channel and owner as actors; in a ```mermaid fence for
 * Markdown. */
cjm_status write_mermaid(FILE *out, const cjm_journey *journey, bool markdown);

/* The XES reader's options on the command line. */
#define XES_OPTION_FIRST 512
#define XES_LONG_OPTIONS                                                         \
    { "touchpoint-key", required_argument, NULL, XES_OPTION_FIRST },             \
    { "classifier", required_argument, NULL, XES_OPTION_FIRST + 1 },             \
    { "customer-key", required_argument, NULL, XES_OPTION_FIRST + 2 },           \
    { "channel-key", required_argument, NULL, XES_OPTION_FIRST + 3 },            \
    { "stage-key", required_argument, NULL, XES_OPTION_FIRST + 4 },              \
    { "lifecycle", required_argument, NULL, XES_OPTION_FIRST + 5 },              \
    { "assume-utc", no_argument, NULL, XES_OPTION_FIRST + 6 }
#define XES_USAGE                                                                \
    "  --touchpoint-key KEY      XES: the event attribute naming the touchpoint\n" \
    "                            (default concept:name)\n"                       \
    "  --classifier NAME         XES: name touchpoints after a classifier's keys\n" \
    "  --customer-key KEY        XES: the trace attribute naming the customer\n" \
    "                            (default concept:name)\n"                       \
    "  --channel-key KEY         XES: the event attribute naming the channel\n"  \
    "                            (default cjm:channel), e.g. org:group\n"        \
    "  --stage-key KEY           XES: the event attribute naming the stage\n"    \
    "                            (default cjm:stage)\n"                          \
    "  --lifecycle TRANSITION    XES: only events of this lifecycle:transition\n" \
    "  --assume-utc              XES: read dates without a zone as UTC\n"

/* Applies an XES option to *xes (created on first use). */
int apply_xes_option(void **xes, int opt, const char *arg);
void free_xes_options(void *xes);
/* Whether this cjm reads XML and XES. */
bool have_xml(void);

#endif
