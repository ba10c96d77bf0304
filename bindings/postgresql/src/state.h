/* The aggregates' state, and its bytes. */
#ifndef CJM_PG_STATE_H
#define CJM_PG_STATE_H

#include "cjm-pg.h"

/* An analysis in the aggregate's memory, with what it was made of. */
typedef struct cjmpg_state {
    const cjmpg_value *map;     /* its text travels with the state */
    const cjmpg_value *options; /* NULL for a state read from bytes */
    const char *options_key;    /* the options, as cjmpg_options_key() */
    Pointer map_seen, options_seen; /* the first row's argument pointers */
    cjm_analysis *analysis;
    int64 rows;                 /* rows given to this state */
    /* The partials merged into it (cjm_merge): their checksums, as the
     * keys of a hash table in the state's context (NULL for none). */
    struct HTAB *parts;
    /* A row's texts as C strings, in the state's context, reused from row
     * to row (the library keeps none of them past its call). */
    char *row_text;
    Size row_text_size;
} cjmpg_state;

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
 * known by its checksum. */
cjmpg_state *cjmpg_state_from_bytes(FunctionCallInfo fcinfo, MemoryContext context,
                                    bytea *bytes, bool as_partial);

/* Records that `into` also holds from's partials: an ERROR if one of them
 * is already in it. */
void cjmpg_state_add_parts(MemoryContext context, cjmpg_state *into, const cjmpg_state *from);

#endif
