/* The cjm extension for PostgreSQL: what its files share. */
#ifndef CJM_PG_H
#define CJM_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

#include <cjm/cjm.h>

/*
 * Memory. The library allocates through PostgreSQL's memory contexts (its
 * allocator hook, installed when the module loads), always in
 * CurrentMemoryContext. Out of memory is NULL for the library (never a
 * longjmp through it), which it reports as CJM_ERR_NOMEM.
 */
void cjmpg_install_allocator(void);

/* An arena for library objects that all end with one call (memory.c):
 * from cjmpg_arena_begin() to cjmpg_arena_end() the library allocates from
 * it, in chunks of the context current at the beginning; the end releases
 * it all. Run the end in PG_FINALLY, so that it is not in force after an
 * ERROR. */
typedef struct cjmpg_arena {
    MemoryContext context;
    struct cjmpg_chunk *chunks; /* the newest first */
    char *next, *end;           /* the free room of the newest chunk */
    void *last;                 /* the last block cut, or NULL */
} cjmpg_arena;
void cjmpg_arena_begin(cjmpg_arena *a);
void cjmpg_arena_end(cjmpg_arena *a);

/*
 * Interrupts. Long library calls (merge, report, serialize) ask the
 * analysis's cancel hook now and then; the hook set by cjmpg_watch() only
 * reads whether an interrupt is pending and can be processed here, and
 * never raises anything itself (no longjmp through the library). The
 * library then returns CJM_ERR_CANCELLED with its objects as before, and
 * cjmpg_interrupted() processes the interrupt outside the library: a
 * cancel or a timeout raises its ERROR there; any other interrupt is
 * handled and the caller makes the call again.
 */
void cjmpg_watch(cjm_analysis *analysis);
bool cjmpg_interrupted(cjm_status status);

/* Raises the library's last error as a PostgreSQL ERROR, prefixed "cjm: ". */
void cjmpg_raise(cjm_status status) pg_attribute_noreturn();

/* A map from jsonb: a new journey (free with cjm_journey_free()), or an
 * ERROR naming the problem. */
cjm_journey *cjmpg_read_map(Jsonb *map);

/* The default options (with one thread) and their key, made once per
 * process in TopMemoryContext. */
const cjm_options *cjmpg_default_options(void);
const char *cjmpg_default_options_key(void);

/* The report as the cjm-report document in jsonb. */
Datum cjmpg_report_jsonb(const cjm_report *report);

/* A journey's own gaps as jsonb: an array of the report's gap objects. */
Datum cjmpg_gaps_jsonb(const cjm_gap_list *gaps);

/* The options as text that is equal exactly when the options are:
 * {"min_customers": 5, ...}, palloc'd. */
char *cjmpg_options_key(const cjm_options *options);

/*
 * A map or options argument, read once per query (cache.c). `raw` is the
 * argument's bytes as given (maybe compressed, or a TOAST pointer), `jsonb`
 * the value itself; `parsed` the journey or the options, `text` the map's
 * JSON text or the options' key. Entries live in the calling function's
 * memory, each in a context of its own, never changed once made. A query
 * keeps the few it used last (CJMPG_KEPT of each kind) and those a state
 * still holds (cjmpg_value_hold()); the others are freed, so a query with
 * a different map per group neither grows nor searches a long list.
 */
#define CJMPG_KEPT 8
typedef struct cjmpg_value {
    struct cjmpg_value *next;
    struct varlena *raw;
    Jsonb *jsonb;
    bool stable; /* a constant or parameter: the same pointer on every row */
    void *parsed;
    char *text;
    Size length;
    MemoryContext context; /* holds the entry and all it points to */
    /* The states that hold it: counted outside `context`, in the memory of
     * the function's call site, which outlives both the entry and any
     * aggregate context whose reset releases a hold (when a transaction
     * aborts, PostgreSQL may delete the entry's context first). */
    int *holders;
    uint64 used;           /* when it was last found or made */
    /* A map's: an empty analysis of it, with the options of model_key,
     * that new groups are made like (cjm_analysis_new_like), or NULL. */
    cjm_analysis *model;
    char *model_key;
} cjmpg_value;

/* Marks the entry as held by the aggregate's current state until the
 * aggregate's memory is reset (the group is done, or the query). */
void cjmpg_value_hold(FunctionCallInfo fcinfo, const cjmpg_value *v);

/* The entry of the map or options in argument argno of an aggregate's
 * transition (counted from 0 among the aggregate's arguments), made on
 * first sight; an ERROR for a map or options that cannot be read. */
const cjmpg_value *cjmpg_map(FunctionCallInfo fcinfo, Datum datum, int argno);
const cjmpg_value *cjmpg_options(FunctionCallInfo fcinfo, Datum datum, int argno);
/* The entry of a map given as JSON text (a state's bytes). */
const cjmpg_value *cjmpg_map_text(FunctionCallInfo fcinfo, const char *text, Size length);
/* Whether datum holds the entry's value; *seen, when given, is the pointer
 * of an earlier row that held it. */
bool cjmpg_value_is(const cjmpg_value *v, Datum datum, Pointer *seen);

/* Calls apply(ctx, key, value) for each member of a JSON object, in
 * jsonb's order; an ERROR "cjm: <what>: expected a JSON object", or
 * "cjm: <what>: "key": <what apply returned>" when it returns a message,
 * with the hint, after cleanup(ctx) when cleanup is given. */
void cjmpg_each_member(Jsonb *object, const char *what, const char *hint,
                       const char *(*apply)(void *ctx, const char *key, JsonbValue *value),
                       void (*cleanup)(void *ctx), void *ctx);

/* Text from a query as a message shows it (shown.c). cjmpg_clip: how
 * many of text's bytes to keep so that at most `max` are, never cutting a
 * character (nor, with json, an escape), whatever the database's
 * encoding. cjmpg_cut: a caller's name cut after 40 bytes, "..." after
 * it when cut. cjmpg_json_cut: a JSON text so cut, a string's closing
 * quote kept ("ab..."). cjmpg_quoted: text as a JSON string so cut. */
size_t cjmpg_clip(const char *text, size_t max, bool json);
const char *cjmpg_cut(const char *text);
const char *cjmpg_json_cut(const char *json);
const char *cjmpg_quoted(const char *text);

/* Text between the database's encoding and UTF-8 (encoding.c): a copy of
 * the database's text in UTF-8 for the library; a copy of the library's
 * UTF-8 in the database's encoding; jsonb written with UTF-8 strings as
 * jsonb of the database. Each an ERROR for a character the other encoding
 * lacks; in a UTF-8 or SQL_ASCII database, the bytes as they are. */
bool cjmpg_text_as_is(void);
char *cjmpg_utf8(const char *text, Size length);
char *cjmpg_server_text(const char *utf8, Size length);
Datum cjmpg_server_jsonb(Datum utf8);
/* The library's message (UTF-8) as the database's text, for an error:
 * never an error of its own (a character the database lacks is \xNN). */
const char *cjmpg_message(const char *utf8);

/* Options from a jsonb object ("min_customers", "lenient", ...; NULL for
 * the defaults), always with one thread: palloc is not thread-safe. */
cjm_options *cjmpg_read_options(Jsonb *options);

#endif
