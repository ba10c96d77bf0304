/* The aggregates' state, and its bytes. */
#ifndef CJM_PG_STATE_H
#define CJM_PG_STATE_H

#include "cjm-pg.h"

#include "datatype/timestamp.h"

/* Rows a group's transition has taken and not yet given to its analysis
 * (batch.c), in the state's context: each row's four texts (customer,
 * touchpoint, channel, stage: an offset into `bytes`, or none), its time,
 * score and scale, and for a message its number in the group and its
 * time as given. */
typedef struct cjmpg_batch {
    int count, capacity;
    Size *texts; /* 4 a row */
    char *bytes; /* the texts, each NUL-terminated */
    Size used, size;
    int64 *at; /* milliseconds since 1970 */
    TimestampTz *when;
    int64 *row;
    double *score, *low, *high;
} cjmpg_batch;

/* An analysis in the aggregate's memory, with what it was made of. */
typedef struct cjmpg_state {
    const cjmpg_value *map;     /* its text travels with the state */
    const cjmpg_value *options; /* NULL for a state read from bytes */
    const char *options_key;    /* the options, as cjmpg_options_key() */
    Pointer map_seen, options_seen; /* the first row's argument pointers */
    cjm_analysis *analysis;
    /* A state read for a merge keeps the analysis's bytes (the argument's,
     * which live as long as the call that merges it), and no analysis,
     * until it is merged from them (cjm_analysis_merge_serialized()) or
     * read whole (cjmpg_state_read()). */
    const unsigned char *bytes;
    Size bytes_size;
    Oid reader; /* the SQL function that read it from bytes: errors name it */
    int64 rows;                 /* rows given to this state */
    /* The partials merged into it (cjm_merge): their checksums, as the
     * keys of a hash table in the state's context (NULL for none). */
    struct HTAB *parts;
    cjmpg_batch batch; /* rows not yet in the analysis */
} cjmpg_state;

/* Takes a row for the analysis: its texts (customer, touchpoint, channel,
 * stage; NULL for NULL; customer, touchpoint and the time not NULL), its
 * time as milliseconds and as given, its score and scale. The rows go to
 * the analysis when the batch is full or cjmpg_batch_flush() is called. */
void cjmpg_batch_add(MemoryContext context, cjmpg_state *s, text *const texts[4], int64 at,
                     TimestampTz when, double score, double low, double high);

/* A row's texts (as for cjmpg_batch_add()) as C strings into out[], NULL
 * for NULL, in the batch's buffer after the rows it holds: for a row the
 * analysis takes on its own. Valid until the next row is taken. */
void cjmpg_batch_texts(MemoryContext context, cjmpg_state *s, text *const texts[4],
                       const char *out[4]);

/* Gives the rows taken to the analysis: call it before anything reads the
 * analysis. In strict mode, an ERROR naming the first bad row. */
void cjmpg_batch_flush(MemoryContext context, cjmpg_state *s);

/* "row N of the group (customer \"c\", at t)": how errors name a row, with
 * its customer (or NULL) and its time as given (or NULL). */
char *cjmpg_row_name(int64 row, const char *customer, const TimestampTz *at);

/* The ERROR for a bad row in strict mode: its number in the group, its
 * customer (or NULL), its time as given (or NULL) and the library's status
 * and message. */
void cjmpg_bad_row(int64 row, const char *customer, const TimestampTz *at, cjm_status status,
                   const char *message) pg_attribute_noreturn();

/*
 * The bytes of a state: "CJMP", a format version (2), the size, the map's
 * JSON text, the options' key, the partials held, the analysis as
 * cjm_analysis_serialize() writes it, and a checksum, computed as the
 * analysis state's checksum is (cjm/bulk.h), of the bytes before the
 * analysis followed by one more step with the analysis's own checksum,
 * which covers the rest: every byte is summed once.
 */
bytea *cjmpg_state_bytes(const cjmpg_state *s);

/* A state read from such bytes, made in `context` (an ERROR naming what is
 * wrong with the bytes otherwise); outside an aggregate, for use during
 * the call only. `as_partial`: a cjm_analyze_partial()
 * result given to cjm_merge(), which from then on counts as one partial,
 * known by its checksum. Its envelope is checked here; the analysis's
 * own bytes are kept, as they lie in `bytes`, for a merge (the library
 * checks them as it reads them): such a state lasts only as long as
 * `bytes`, and is read whole by cjmpg_state_read() to outlive them. */
cjmpg_state *cjmpg_state_from_bytes(FunctionCallInfo fcinfo, MemoryContext context,
                                    bytea *bytes, bool as_partial);

/* Makes the analysis of a state that kept its bytes, in `context`, and
 * forgets the bytes (an ERROR if they are not a state of its map). */
void cjmpg_state_read(MemoryContext context, cjmpg_state *s);

/* Raises the ERROR of the library's status st from reading or merging
 * s's bytes: bytes it cannot read are "not an analysis state", named as
 * the SQL function that read them, as the envelope's faults are. */
void cjmpg_state_failed(const cjmpg_state *s, cjm_status st) pg_attribute_noreturn();

/* Records that `into` also holds from's partials: an ERROR if one of them
 * is already in it. */
void cjmpg_state_add_parts(MemoryContext context, cjmpg_state *into, const cjmpg_state *from);

#endif
