/*
 * cjm/xml.h - journey documents as XML and event logs as XES (libcjm-xml).
 *
 * Link with libcjm-xml (pkg-config cjm-xml), which uses libxml2.
 *
 * Every reader parses untrusted input safely: a document type declaration
 * (DOCTYPE) is refused before anything it declares is used, so no external
 * entity, external DTD or entity expansion ever happens; no network access;
 * nesting, sizes and attribute counts are bounded. Errors name the input,
 * the line and the element.
 *
 * What the module assumes of the process: libxml2 is initialized once, by
 * the first call of this module (xmlInitParser under pthread_once), and
 * never cleaned up; the module changes no global setting of libxml2 (error
 * handlers, allocators, entity loader, defaults), so other users of libxml2
 * in the process are not disturbed. Errors are collected per parse. Calls
 * are thread-safe for different objects.
 */
#ifndef CJM_XML_H
#define CJM_XML_H

#include <stdio.h>
#include <cjm/bulk.h>
#include <cjm/events.h>
#include <cjm/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup xml libcjm-xml: XML documents and XES event logs
 * The optional XML module (link with `pkg-config --libs cjm-xml`).
 * @{
 */

/** Writer flag: no indentation. @since 1.0 */
#define CJM_XML_COMPACT 0x1u
/** Writer flag: leave out extensions held in another format (JSON), which
 *  XML cannot carry, instead of failing. @since 1.0 */
#define CJM_XML_DROP_FOREIGN_EXTENSIONS 0x2u

/**
 * Reads a journey document in XML (docs/formats.md, namespace urn:cjm:journey:1).
 * Every rule of the model is enforced; an error names the input, the line
 * and the element, as `NAME:LINE: <element>: problem`.
 * @param[out] out   the new journey (free with cjm_journey_free()); NULL on error
 * @param data, size the document
 * @param name       names the input in messages; NULL: "<buffer>"
 * @return CJM_OK; CJM_ERR_INVALID (NULL arguments, a broken rule),
 *         CJM_ERR_PARSE (not well-formed XML, a DOCTYPE), CJM_ERR_LIMIT,
 *         CJM_ERR_RANGE, CJM_ERR_DUPLICATE, CJM_ERR_UNSUPPORTED (another
 *         version), CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_xml_read_journey(cjm_journey **out, const char *data, size_t size,
                                          const char *name);
/** Reads a journey document from a stream, to its end. As
 *  cjm_xml_read_journey(), and CJM_ERR_IO. @since 1.0 */
CJM_EXPORT cjm_status cjm_xml_read_journey_file(cjm_journey **out, FILE *file,
                                               const char *name);
/** Reads a journey document from a file. As cjm_xml_read_journey_file().
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_xml_read_journey_path(cjm_journey **out, const char *path);

/**
 * Writes a journey document in XML, which cjm_xml_read_journey() reads back
 * into an equal journey and which validates against the schema.
 * @param[out] out     the document, NUL-terminated, from cjm_malloc()
 * @param[out] length  its length without the NUL; may be NULL
 * @param journey      the journey
 * @param flags        CJM_XML_COMPACT, CJM_XML_DROP_FOREIGN_EXTENSIONS
 * @return CJM_OK; CJM_ERR_INVALID (NULL); CJM_ERR_UNSUPPORTED (JSON
 *         extensions, unless dropped); CJM_ERR_PARSE (XML extensions that
 *         are not well-formed); CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_xml_write_journey(char **out, size_t *length,
                                           const cjm_journey *journey, unsigned flags);
/** Writes a journey document to a stream. As cjm_xml_write_journey(), and
 *  CJM_ERR_IO. @since 1.0 */
CJM_EXPORT cjm_status cjm_xml_write_journey_file(FILE *file, const cjm_journey *journey,
                                                unsigned flags);
/** Writes a journey document to a file, whole or not at all: the document is
 *  written to a new file beside it and renamed over it once complete, so a
 *  failed write (a full disk) leaves the old file as it was. The new file
 *  keeps the old one's permissions; through a symbolic link the file it
 *  names is replaced; a device or a pipe is written directly. Errors as
 *  the in-memory call, and CJM_ERR_IO (the message names the path and the
 *  system's reason; a directory is refused). Whole-file writing since 1.1.
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_xml_write_journey_path(const char *path,
                                                const cjm_journey *journey, unsigned flags);

/**
 * Validates a document against the journey XML Schema (journey.xsd, as
 * installed in the data directory; the library holds the same schema
 * compiled in, so no file is read and a document can never make it load
 * another). The first problem is reported as `NAME:LINE: message`. The
 * schema checks structure and value forms; cjm_xml_read_journey() checks
 * every rule (uniqueness, ranges, time values).
 * @return CJM_OK for a valid document; CJM_ERR_INVALID (not valid, NULL);
 *         CJM_ERR_PARSE (not well-formed, a DOCTYPE); CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_xml_validate_journey(const char *data, size_t size,
                                              const char *name);
/** Where the schema is installed (a path under the data directory).
 *  @since 1.0 */
CJM_EXPORT const char *cjm_xml_schema_path(void);

/** What to take from where when reading XES. @since 1.0 */
typedef struct cjm_xes_options cjm_xes_options;

/**
 * Options with the defaults: touchpoint from the event's `concept:name`,
 * customer from the trace's `concept:name`, channel from `cjm:channel`,
 * stage from `cjm:stage`, every lifecycle transition, times without a zone
 * refused. NULL when memory runs out (error set). @since 1.0
 */
CJM_EXPORT cjm_xes_options *cjm_xes_options_new(void);
/** Frees options; NULL is fine. @since 1.0 */
CJM_EXPORT void cjm_xes_options_free(cjm_xes_options *options);
/** The event attribute that names the touchpoint (NULL: `concept:name`);
 *  clears a classifier. Errors: CJM_ERR_INVALID, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_options_set_touchpoint_key(cjm_xes_options *options,
                                                        const char *key);
/** Names the touchpoint after a classifier the log declares: the values of
 *  its keys joined by "+", as process-mining tools show them (NULL: back to
 *  the touchpoint key). A log without that classifier is an error.
 *  Errors: CJM_ERR_INVALID, CJM_ERR_NOMEM. @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_options_set_touchpoint_classifier(cjm_xes_options *options,
                                                               const char *classifier);
/** The trace attribute that names the customer (NULL: `concept:name`).
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_options_set_customer_key(cjm_xes_options *options,
                                                      const char *key);
/** The event attribute that names the channel (NULL: `cjm:channel`), for
 *  example `org:group`; its values must be channel tokens. @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_options_set_channel_key(cjm_xes_options *options,
                                                     const char *key);
/** The event attribute that names the stage (NULL: `cjm:stage`). @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_options_set_stage_key(cjm_xes_options *options,
                                                   const char *key);
/** Takes only events whose `lifecycle:transition` is `transition`
 *  (compared without case, for example "complete"); events without the
 *  attribute are taken. NULL: every event. @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_options_set_lifecycle(cjm_xes_options *options,
                                                   const char *transition);
/** Reads times without a zone (which some tools write) as UTC instead of
 *  refusing them. @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_options_set_assume_utc(cjm_xes_options *options,
                                                    bool assume_utc);

/** How many threads a reader uses: 0 (the default) parses on a second
 *  thread when the machine has more than one processor, so that parsing
 *  and the sink's work overlap; 1 works in the calling thread only (an
 *  embedder whose allocator is not thread-safe). The sink always runs in
 *  the calling thread, in file order. @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_options_set_threads(cjm_xes_options *options,
                                                 unsigned threads);

/**
 * Reads an XES event log (IEEE 1849) and hands each event to `sink` in
 * file order, as a stream: memory holds at most about a thousand events,
 * however long the log. gzip input is recognized by its magic bytes and
 * decompressed on the fly. Parsing may run on a second thread (see
 * cjm_xes_options_set_threads()); the sink runs in the calling thread.
 *
 * A log that declares `xes.version="1849.2016"` is held to IEEE 1849-2016:
 * element order, declared extensions and their keys, classifier keys among
 * the globals, attribute types matching globals and extensions. Logs of
 * earlier versions, or none (as several tools write), are read with those
 * checks relaxed. Always checked: well-formed XML in the XES namespace or
 * none, known elements and XML attributes only, values of their declared
 * type, no key twice in one element, nested attributes only when
 * `nested-attributes` is declared (1849.2016). A broken rule stops the
 * reader with `NAME:LINE: <element>: problem`.
 *
 * An event that is valid XES but not a valid cjm event (no time, no
 * customer, a bad id or channel) is handed to the sink marked with
 * cjm_event_set_error(); the sink decides (an analysis stops in strict
 * mode and counts it in lenient mode). Events' origins are `NAME:LINE`.
 *
 * @param data, size  the log
 * @param name        names the input in messages; NULL: "<buffer>"
 * @param options     NULL for the defaults
 * @param sink        receives each event, in the calling thread
 * @param userdata    passed to the sink
 * @return CJM_OK; the sink's error; CJM_ERR_PARSE (not XML, a DOCTYPE);
 *         CJM_ERR_INVALID (not valid XES, NULL arguments); CJM_ERR_LIMIT;
 *         CJM_ERR_IO; CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_xes_read_events(const char *data, size_t size, const char *name,
                                         const cjm_xes_options *options, cjm_event_sink sink,
                                         void *userdata);
/** Reads XES from a stream (standard input too). As cjm_xes_read_events().
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_read_events_file(FILE *file, const char *name,
                                              const cjm_xes_options *options,
                                              cjm_event_sink sink, void *userdata);
/** Reads XES from a file (`.xes` or `.xes.gz`). As cjm_xes_read_events().
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_read_events_path(const char *path,
                                              const cjm_xes_options *options,
                                              cjm_event_sink sink, void *userdata);

/** Writes events as an XES log. @since 1.0 */
typedef struct cjm_xes_writer cjm_xes_writer;

/**
 * Starts an XES log on a stream: the header, which declares the Concept,
 * Time and cjm extensions. Each event becomes an event of a trace named
 * after its customer; consecutive events of one customer share a trace.
 * Feedback and channel travel as `cjm:` attributes, so
 * cjm_xes_read_events() reads back the same events. An event's attributes
 * (cjm_event_set_attribute()) are written as `<string>` attributes of the
 * event; one whose key XES cannot carry so (`concept:name`,
 * `time:timestamp`, a `cjm:` key, a prefix other than concept, lifecycle
 * and org) makes cjm_xes_writer_add() fail with CJM_ERR_UNSUPPORTED, or,
 * with CJM_XML_DROP_FOREIGN_EXTENSIONS (since 1.1), is left out.
 * @param[out] out  the writer; free with cjm_xes_writer_free()
 * @param file      the stream; the caller keeps it and closes it
 * @param flags     CJM_XML_COMPACT, CJM_XML_DROP_FOREIGN_EXTENSIONS
 * @return CJM_OK; CJM_ERR_INVALID; CJM_ERR_IO; CJM_ERR_NOMEM.
 * @since 1.0
 */
CJM_EXPORT cjm_status cjm_xes_writer_new(cjm_xes_writer **out, FILE *file, unsigned flags);
/** Writes an event. Errors: CJM_ERR_INVALID (NULL, an event without
 *  customer, time or touchpoint, or after finish), the event's own status
 *  for an unreadable event, CJM_ERR_UNSUPPORTED (extensions, unless
 *  dropped), CJM_ERR_IO. @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_writer_add(cjm_xes_writer *writer, const cjm_event *event);
/** Closes the log (the last trace and `</log>`) and flushes. A writer freed
 *  without it leaves an unfinished log. Errors: CJM_ERR_INVALID, CJM_ERR_IO.
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_writer_finish(cjm_xes_writer *writer);
/** Frees a writer; NULL is fine. @since 1.0 */
CJM_EXPORT void cjm_xes_writer_free(cjm_xes_writer *writer);
/** A cjm_event_sink writing to the cjm_xes_writer given as userdata.
 *  @since 1.0 */
CJM_EXPORT cjm_status cjm_xes_event_sink(const cjm_event *event, void *writer);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_XML_H */
