/* Events as JSON Lines: a streaming reader that hands each event to a sink
 * as it goes, holding one line at a time, and a writer. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "json-private.h"
#include "workers.h"

/* A line longer than this, without its line end, is an invalid event. */
#define LINE_MAX_BYTES (1024 * 1024)

typedef struct lines {
    const char *name;
    cjm_event_sink sink;
    void *userdata;
    size_t number; /* of the last line read, 1-based */
} lines;

static cjm_status read_feedback(reader *r, cjm_event *e, json_t *f)
{
    static const char *const allowed[] = { "score", "scale", "emotion", "comment", "source",
                                           "at", NULL };
    json_t *score, *scale;
    int64_t at;
    cjm_status rc;
    if ((rc = cjmj_check_members(r, f, allowed)) != CJM_OK ||
        (rc = cjmj_member(r, f, "score", JSON_REAL, true, &score)) != CJM_OK ||
        (rc = cjmj_member(r, f, "scale", JSON_ARRAY, false, &scale)) != CJM_OK ||
        (rc = cjmj_time_member(r, f, "at", &at)) != CJM_OK)
        return rc;
    double min = CJM_DEFAULT_SCALE_MIN, max = CJM_DEFAULT_SCALE_MAX;
    if (scale) {
        json_t *lo = json_array_get(scale, 0), *hi = json_array_get(scale, 1);
        if (json_array_size(scale) != 2 || !json_is_number(lo) || !json_is_number(hi)) {
            cjmj_push_key(r, "scale");
            return cjmj_fail_at(r, CJM_ERR_INVALID, "expected [min, max]");
        }
        min = json_number_value(lo);
        max = json_number_value(hi);
    }
    if ((rc = cjm_event_set_feedback(e, json_number_value(score), min, max)) != CJM_OK)
        return cjmj_core(r, strstr(cjm_last_error(), ": scale") ? "scale" : "score", rc);
    OPTIONAL_TEXT(r, f, "emotion", cjm_event_set_emotion, e);
    OPTIONAL_TEXT(r, f, "comment", cjm_event_set_comment, e);
    OPTIONAL_TEXT(r, f, "source", cjm_event_set_source, e);
    return at == CJM_UNSET ? CJM_OK : cjmj_core(r, "at", cjm_event_set_feedback_at(e, at));
}

/* The text of a number or a boolean as the line writes it: the number's
 * own digits (`2.50` stays `2.50`), found in the line by its path; an
 * integer's text is what jansson read, but for `-0`. A number longer than
 * a value may be is cut one byte past the limit, for the value's check to
 * refuse. */
static void value_text(char out[CJM_ATTRIBUTE_VALUE_MAX + 2], reader *r, json_t *v)
{
    if (json_is_boolean(v)) {
        strcpy(out, json_is_true(v) ? "true" : "false");
        return;
    }
    if (json_is_integer(v) && json_integer_value(v) != 0) {
        snprintf(out, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return;
    }
    size_t at = cjmj_locate(r->data, r->size, &r->path), n = 0;
    while (at + n < r->size && n <= CJM_ATTRIBUTE_VALUE_MAX && r->data[at + n] &&
           strchr("+-0123456789.eE", r->data[at + n]))
        n++;
    memcpy(out, r->data + at, n);
    out[n] = '\0';
    char *end;
    if (n && (n > CJM_ATTRIBUTE_VALUE_MAX ||
              (strtod(out, &end) == json_number_value(v) && *end == '\0')))
        return;
    /* Not found in the line (never expected): the number as jansson holds it. */
    if (json_is_integer(v))
        snprintf(out, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        snprintf(out, 32, "%.17g", json_real_value(v));
}

/* The `attributes` member: an object of strings, numbers and booleans
 * (null: left out). The parser has refused duplicate keys and NUL. */
static cjm_status read_attributes(reader *r, cjm_event *e, json_t *obj)
{
    json_t *attributes, *v;
    const char *key;
    cjm_status rc = cjmj_member(r, obj, "attributes", JSON_OBJECT, false, &attributes);
    if (rc != CJM_OK || !attributes)
        return rc;
    cjmj_push_key(r, "attributes");
    if (json_object_size(attributes) > CJM_ATTRIBUTES_MAX)
        return cjmj_fail_at(r, CJM_ERR_LIMIT, "more than %d attributes", CJM_ATTRIBUTES_MAX);
    json_object_foreach(attributes, key, v) {
        char number[CJM_ATTRIBUTE_VALUE_MAX + 2];
        const char *text = json_is_string(v) ? json_string_value(v) : number;
        cjmj_push_key(r, key);
        if (json_is_object(v) || json_is_array(v))
            return cjmj_fail_at(r, CJM_ERR_INVALID, "%s, not a string, a number or a boolean",
                                cjmj_type_name(v));
        if (json_is_number(v) || json_is_boolean(v))
            value_text(number, r, v);
        if (!json_is_null(v) && (rc = cjm_event_set_attribute(e, key, text)) != CJM_OK)
            return rc == CJM_ERR_NOMEM ? rc : cjmj_fail_core(r, rc);
        cjmj_pop(r);
    }
    cjmj_pop(r);
    return CJM_OK;
}

static cjm_status read_event(reader *r, cjm_event *e, json_t *obj)
{
    static const char *const allowed[] = { "customer", "at", "touchpoint", "channel", "stage",
                                           "feedback", "extensions", "attributes", NULL };
    const char *customer, *touchpoint;
    json_t *feedback;
    int64_t at;
    cjm_status rc;
    if (!json_is_object(obj))
        return cjmj_fail_at(r, CJM_ERR_INVALID, "expected an event (an object), not %s",
                            cjmj_type_name(obj));
    if ((rc = cjmj_check_members(r, obj, allowed)) != CJM_OK ||
        (rc = cjmj_string_member(r, obj, "customer", true, &customer)) != CJM_OK ||
        (rc = cjmj_string_member(r, obj, "touchpoint", true, &touchpoint)) != CJM_OK ||
        (rc = cjmj_time_member(r, obj, "at", &at)) != CJM_OK ||
        (rc = cjmj_member(r, obj, "feedback", JSON_OBJECT, false, &feedback)) != CJM_OK)
        return rc;
    if (at == CJM_UNSET)
        return cjmj_fail_at(r, CJM_ERR_INVALID, "missing member \"at\"");
    cjm_event_clear(e);
    if ((rc = cjmj_core(r, "customer", cjm_event_set_customer(e, customer))) != CJM_OK ||
        (rc = cjmj_core(r, "touchpoint", cjm_event_set_touchpoint(e, touchpoint))) != CJM_OK ||
        (rc = cjmj_core(r, "at", cjm_event_set_at(e, at))) != CJM_OK)
        return rc;
    OPTIONAL_TEXT(r, obj, "channel", cjm_event_set_channel, e);
    OPTIONAL_TEXT(r, obj, "stage", cjm_event_set_stage, e);
    if (feedback) {
        cjmj_push_key(r, "feedback");
        if ((rc = read_feedback(r, e, feedback)) != CJM_OK)
            return rc;
        cjmj_pop(r);
    }
    EXTENSIONS(r, obj, cjm_event_set_extensions, e);
    return read_attributes(r, e, obj);
}

/* Marks e unreadable with the message just recorded in this thread.
 * CJM_OK, or CJM_ERR_NOMEM. */
static cjm_status mark(cjm_event *e, cjm_status status)
{
    char message[1024];
    snprintf(message, sizeof message, "%s", cjm_last_error());
    cjm_event_clear(e);
    return cjm_event_set_error(e, status, message) == CJM_OK ? CJM_OK : CJM_ERR_NOMEM;
}

/* The event's place: NAME:LINE. */
static cjm_status set_origin(cjm_event *e, const char *name, size_t number)
{
    char origin[300];
    snprintf(origin, sizeof origin, "%.256s:%zu", name, number);
    return cjm_event_set_origin(e, origin) == CJM_OK ? CJM_OK : CJM_ERR_NOMEM;
}

/* Reads one line (without its line end) into e; *empty tells a blank line
 * from an event (maybe marked unreadable). CJM_OK, or CJM_ERR_NOMEM with
 * no message: it runs on any worker, touching only e and this thread's
 * error slot, and the caller names the input. */
static cjm_status parse_line(bool *empty, const char *name, size_t number, bool fast,
                             cjm_event *e, const char *text, size_t len)
{
    *empty = false;
    if (len && text[len - 1] == '\r')
        len--;
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
        i++;
    if (i == len) {
        *empty = true;
        return CJM_OK;
    }
    if (len > LINE_MAX_BYTES) {
        cjmj_fail(CJM_ERR_LIMIT, "%s:%zu: line longer than 1 MiB", name, number);
        return mark(e, CJM_ERR_LIMIT);
    }
    if (fast && cjmj_fast_event(e, text, len))
        return set_origin(e, name, number);
    size_t deep = cjmj_depth_exceeded(text, len, CJMJ_DEPTH_MAX);
    if (deep != (size_t)-1) {
        size_t line, column;
        cjmj_position(text, deep, &line, &column);
        cjmj_fail(CJM_ERR_LIMIT, "%s:%zu:%zu: nested deeper than %d", name, number, column,
                  CJMJ_DEPTH_MAX);
        return mark(e, CJM_ERR_LIMIT);
    }
    json_error_t error;
    json_t *obj = json_loadb(text, len, JSON_REJECT_DUPLICATES, &error);
    if (!obj) {
        char why[CJMJ_PARSE_ERROR_SIZE];
        cjmj_fail(CJM_ERR_PARSE, "%s:%zu:%d: %s", name, number, error.column,
                  cjmj_parse_error(&error, why, sizeof why));
        return mark(e, CJM_ERR_PARSE);
    }
    reader r = { text, len, name, { { { 0 } }, 0 }, number, NULL };
    cjm_status rc = read_event(&r, e, obj);
    json_decref(obj);
    if (rc == CJM_ERR_NOMEM)
        return rc;
    if (rc != CJM_OK)
        return mark(e, rc);
    return set_origin(e, name, number);
}

/* Lines are read in batches, parsed on all workers and handed to the sink
 * in input order in the calling thread. With more than one thread, two
 * batches take turns: while the workers parse one, the calling thread
 * hands the one before it to the sink and gathers the next lines, so the
 * sink's work overlaps the parsing. */
#define BATCH_LINES 4096

typedef struct batch {
    const char *name;
    bool fast; /* lines of the common shape skip jansson (line-fast.c) */
    unsigned workers;
    size_t count;
    /* Read from a stream, the lines are copied here (text[i] is set from
     * at[i] when the batch is parsed), so the stream's window may move on
     * while the batch waits. */
    char *copy;
    size_t copy_size, copy_capacity;
    size_t at[BATCH_LINES];
    const char *text[BATCH_LINES];
    size_t length[BATCH_LINES], number[BATCH_LINES];
    cjm_event *events[BATCH_LINES];
    cjm_status status[BATCH_LINES];
    bool empty[BATCH_LINES];
} batch;

typedef struct pipeline {
    lines l;
    batch *batches[2];
    unsigned filling; /* the batch taking lines; the other one is parsed or delivered */
    unsigned threads;
    bool copy;
    bool parsing; /* the other batch is being parsed on `thread` */
    pthread_t thread;
} pipeline;

static void parse_share(void *ctx, unsigned worker, unsigned workers)
{
    batch *b = ctx;
    size_t from = b->count * worker / workers, to = b->count * (worker + 1) / workers;
    for (size_t i = from; i < to; i++)
        b->status[i] = parse_line(&b->empty[i], b->name, b->number[i], b->fast, b->events[i],
                                  b->text[i], b->length[i]);
}

static void *parse_thread(void *ctx)
{
    batch *b = ctx;
    cjmi_run_parallel(b->workers, parse_share, b);
    return NULL;
}

static cjm_status deliver(lines *l, const cjm_event *e)
{
    cjm_status rc = l->sink(e, l->userdata);
    if (rc != CJM_OK && strncmp(cjm_last_error(), l->name, strlen(l->name)) != 0) {
        /* A sink that does not use origins: its message gets the place. */
        char message[1024];
        snprintf(message, sizeof message, "%s", cjm_last_error());
        const char *origin = cjm_event_origin(e);
        cjmj_fail(rc, "%s: %s", origin ? origin : l->name, message);
    }
    return rc;
}

/* Starts parsing the batch being filled: on a thread of its own when
 * there are several, else (or when no thread can be made) at once. */
static void start_parsing(pipeline *p, batch *b)
{
    for (size_t i = 0; p->copy && i < b->count; i++)
        b->text[i] = b->copy + b->at[i];
    b->workers = b->count >= 256 ? p->threads : 1;
    p->parsing = p->threads > 1 && pthread_create(&p->thread, NULL, parse_thread, b) == 0;
    if (!p->parsing)
        cjmi_run_parallel(b->workers, parse_share, b);
}

static void wait_parsed(pipeline *p)
{
    if (p->parsing)
        pthread_join(p->thread, NULL);
    p->parsing = false;
}

/* Hands a parsed batch's events to the sink in order; empties it. */
static cjm_status deliver_batch(lines *l, batch *b)
{
    size_t count = b->count;
    b->count = b->copy_size = 0;
    for (size_t i = 0; i < count; i++) {
        if (b->status[i] != CJM_OK)
            return cjmj_fail(b->status[i], "%s: out of memory", l->name);
        if (b->empty[i])
            continue;
        cjm_status rc = deliver(l, b->events[i]);
        if (rc != CJM_OK)
            return rc;
    }
    return CJM_OK;
}

/* One turn: the batch filled so far starts parsing, the one parsed
 * before it is delivered, and takes the next lines. */
static cjm_status turn(pipeline *p)
{
    batch *filled = p->batches[p->filling], *parsed = p->batches[!p->filling];
    wait_parsed(p);
    if (filled->count)
        start_parsing(p, filled);
    p->filling = !p->filling;
    return deliver_batch(&p->l, parsed);
}

/* Parses and delivers every line taken so far. */
static cjm_status flush(pipeline *p)
{
    cjm_status rc = turn(p);
    return rc == CJM_OK ? turn(p) : rc;
}

/* Takes a line into the batch being filled, taking a turn when it is
 * full. A batch's events are made as lines first need them, so reading
 * a few lines costs a few. */
static cjm_status add_line(pipeline *p, const char *text, size_t len)
{
    batch *b = p->batches[p->filling];
    if (!b->events[b->count] && !(b->events[b->count] = cjm_event_new()))
        return cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", p->l.name);
    size_t i = b->count;
    if (p->copy) {
        if (cjmi_array_reserve(b->copy, b->copy_capacity, b->copy_size + len + 1) != CJM_OK)
            return cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", p->l.name);
        memcpy(b->copy + b->copy_size, text, len);
        b->at[i] = b->copy_size;
        b->copy_size += len + 1;
    }
    b->text[i] = text;
    b->length[i] = len;
    b->number[i] = ++p->l.number;
    b->count++;
    return b->count == BATCH_LINES ? turn(p) : CJM_OK;
}

/* Ends the reading: waits for the workers, frees the batches. */
static void finish(pipeline *p)
{
    wait_parsed(p);
    for (unsigned k = 0; k < 2; k++) {
        batch *b = p->batches[k];
        for (size_t i = 0; b && i < BATCH_LINES; i++)
            cjm_event_free(b->events[i]);
        if (b)
            cjm_free(b->copy);
        cjm_free(b);
    }
}

static cjm_status start(pipeline *p, const char *name, unsigned threads, bool copy,
                        cjm_event_sink sink, void *userdata, const char *func)
{
    *p = (pipeline){ .l = { name ? name : "<buffer>", sink, userdata, 0 },
                     .threads = cjmi_thread_count(threads), .copy = copy };
    if (!sink)
        return cjmj_fail(CJM_ERR_INVALID, "%s: sink: NULL", func);
    /* CJM_JSON_JANSSON_ONLY=1 reads every line with jansson: the tests and
     * the differential fuzz target compare the two paths through it. */
    const char *only = getenv("CJM_JSON_JANSSON_ONLY");
    bool fast = !only || !*only || strcmp(only, "0") == 0;
    for (unsigned k = 0; k < 2; k++) {
        batch *b = p->batches[k] = cjm_malloc(sizeof *b);
        if (!b)
            return cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
        memset(b, 0, sizeof *b);
        b->name = p->l.name;
        b->fast = fast;
    }
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_json_read_events(const char *data, size_t size, const char *name,
                                           unsigned threads, cjm_event_sink sink,
                                           void *userdata)
{
    static const char func[] = "cjm_json_read_events";
    if (!data && size)
        return cjmj_fail(CJM_ERR_INVALID, "%s: data: NULL", func);
    pipeline p;
    cjm_status rc = start(&p, name, threads, false, sink, userdata, func);
    if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        data += 3;
        size -= 3;
    }
    for (size_t at = 0; rc == CJM_OK && at < size;) {
        const char *end = memchr(data + at, '\n', size - at);
        size_t len = end ? (size_t)(end - (data + at)) : size - at;
        rc = add_line(&p, data + at, len);
        at += len + 1;
    }
    if (rc == CJM_OK)
        rc = flush(&p);
    finish(&p);
    return rc;
}

CJM_EXPORT cjm_status cjm_json_read_events_file(FILE *file, const char *name,
                                                unsigned threads, cjm_event_sink sink,
                                                void *userdata)
{
    static const char func[] = "cjm_json_read_events_file";
    if (!file)
        return cjmj_fail(CJM_ERR_INVALID, "%s: file: NULL", func);
    pipeline p;
    cjm_status rc = start(&p, name ? name : "<stream>", threads, true, sink, userdata, func);
    lines *l = &p.l;
    /* A window of the stream: buf[begin, end) is read and not yet taken.
     * The batches hold copies of their lines, so the window moves freely. */
    size_t capacity = 0, begin = 0, end = 0;
    char *buf = NULL;
    bool eof = false, skipping = false, first = true;
    if (rc == CJM_OK && cjmi_array_reserve(buf, capacity, 1 << 20) != CJM_OK)
        rc = cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    while (rc == CJM_OK) {
        char *nl = memchr(buf + begin, '\n', end - begin);
        if (nl || (eof && begin < end)) {
            size_t len = nl ? (size_t)(nl - (buf + begin)) : end - begin;
            const char *text = buf + begin;
            if (first && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
                text += 3;
                len -= 3;
            }
            first = false;
            begin += (size_t)(text - (buf + begin)) + len + (nl ? 1 : 0);
            if (!skipping)
                rc = add_line(&p, text, len);
            skipping = false;
            continue;
        }
        if (eof) {
            rc = flush(&p);
            break;
        }
        if (end - begin > LINE_MAX_BYTES + 1 && !skipping) {
            /* Too long to hold: an invalid event, after every line before
             * it; drop the rest of it. */
            if ((rc = flush(&p)) != CJM_OK)
                break;
            batch *b = p.batches[p.filling];
            l->number++;
            cjmj_fail(CJM_ERR_LIMIT, "%s:%zu: line longer than 1 MiB", l->name, l->number);
            /* The first line's event may not be made yet. */
            if ((!b->events[0] && !(b->events[0] = cjm_event_new())) ||
                (rc = mark(b->events[0], CJM_ERR_LIMIT)) != CJM_OK) {
                rc = cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", l->name);
                break;
            }
            if ((rc = deliver(l, b->events[0])) != CJM_OK)
                break;
            skipping = true;
        }
        if (skipping) {
            begin = end = 0;
        } else if (begin > 0) {
            memmove(buf, buf + begin, end - begin);
            end -= begin;
            begin = 0;
        }
        if (end == capacity && cjmi_array_reserve(buf, capacity, capacity + 1) != CJM_OK) {
            rc = cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
            break;
        }
        size_t got = fread(buf + end, 1, capacity - end, file);
        end += got;
        if (got == 0) {
            if (ferror(file))
                rc = cjmj_fail(CJM_ERR_IO, "%s: cannot read: %s", l->name, strerror(errno));
            eof = true;
        }
    }
    cjm_free(buf);
    finish(&p);
    return rc;
}

CJM_EXPORT cjm_status cjm_json_read_events_path(const char *path, unsigned threads,
                                                cjm_event_sink sink, void *userdata)
{
    if (!path)
        return cjmj_fail(CJM_ERR_INVALID, "cjm_json_read_events_path: path: NULL");
    FILE *file = fopen(path, "rb");
    if (!file)
        return cjmj_fail(CJM_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    cjm_status rc = cjm_json_read_events_file(file, path, threads, sink, userdata);
    fclose(file);
    return rc;
}

static json_t *event_json(cjmj_builder *b, const cjm_event *e)
{
    json_t *o = cjmj_object(b);
    cjmj_put_text(b, o, "customer", cjm_event_customer(e));
    cjmj_put_time(b, o, "at", cjm_event_at(e));
    cjmj_put_text(b, o, "touchpoint", cjm_event_touchpoint(e));
    cjmj_put_text(b, o, "channel", cjm_event_channel(e));
    cjmj_put_text(b, o, "stage", cjm_event_stage(e));
    if (cjm_event_has_feedback(e)) {
        json_t *f = cjmj_object(b);
        double min = cjm_event_scale_min(e), max = cjm_event_scale_max(e);
        cjmj_put(b, f, "score", cjmj_number(cjm_event_score(e)));
        if (min != CJM_DEFAULT_SCALE_MIN || max != CJM_DEFAULT_SCALE_MAX)
            cjmj_put(b, f, "scale", cjmj_scale(b, min, max));
        cjmj_put_text(b, f, "emotion", cjm_event_emotion(e));
        cjmj_put_text(b, f, "comment", cjm_event_comment(e));
        cjmj_put_text(b, f, "source", cjm_event_source(e));
        cjmj_put_time(b, f, "at", cjm_event_feedback_at(e));
        cjmj_put(b, o, "feedback", f);
    }
    cjm_extensions_format format;
    const char *ext = cjm_event_extensions(e, &format);
    cjmj_put_extensions(b, o, ext, format);
    size_t count = cjm_event_attribute_count(e);
    if (count) {
        /* Written as strings: a value is text, whatever the line it came from. */
        json_t *attributes = cjmj_object(b);
        for (size_t i = 0; i < count; i++)
            cjmj_put_text(b, attributes, cjm_event_attribute_key(e, i),
                          cjm_event_attribute_value(e, i));
        cjmj_put(b, o, "attributes", attributes);
    }
    return o;
}

static cjm_status write_event(char **out, size_t *length, FILE *file, const cjm_event *e,
                              const char *func)
{
    cjm_status why;
    const char *error = e ? cjm_event_error(e, &why) : NULL;
    if (!e)
        return cjmj_fail(CJM_ERR_INVALID, "%s: event: NULL", func);
    if (error)
        return cjm_error_set(why, error); /* an unreadable event cannot be written */
    if (!cjm_event_customer(e) || !cjm_event_touchpoint(e) || cjm_event_at(e) == CJM_UNSET)
        return cjmj_fail(CJM_ERR_INVALID, "%s: event: needs a customer, a time and a touchpoint",
                         func);
    cjmj_builder b = { 0, CJM_OK, 0, func };
    json_t *o = event_json(&b, e);
    if (b.failed || b.status != CJM_OK) {
        json_decref(o);
        return b.status != CJM_OK ? b.status
                                  : cjmj_fail(CJM_ERR_NOMEM, "%s: out of memory", func);
    }
    return cjmj_emit(o, CJM_JSON_COMPACT, out, length, file, NULL, func);
}

CJM_EXPORT cjm_status cjm_json_write_event(char **out, size_t *length, const cjm_event *event)
{
    if (!out)
        return cjmj_fail(CJM_ERR_INVALID, "cjm_json_write_event: out: NULL");
    return write_event(out, length, NULL, event, "cjm_json_write_event");
}

CJM_EXPORT cjm_status cjm_json_event_sink(const cjm_event *event, void *file)
{
    if (!file)
        return cjmj_fail(CJM_ERR_INVALID, "cjm_json_event_sink: file: NULL");
    return write_event(NULL, NULL, file, event, "cjm_json_event_sink");
}
