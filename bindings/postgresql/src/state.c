/* The aggregates' state as bytes, for parallel workers and for partials
 * stored anywhere: nothing is believed before the size and the checksum of
 * the whole match, so a value cut short or damaged on its way is refused. */
#include "state.h"

#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "nodes/primnodes.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/timestamp.h"
#include "utils/fmgrprotos.h"
#include "utils/hsearch.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#define MAGIC "CJMP"
/* Version 3 added each state's 8 bytes of identity after the size;
 * version 2 states (without them) are still read. */
#define VERSION 3
#define VERSION_WITHOUT_IDENTITY 2

/* The checksum of cjm/bulk.h's analysis state format, over n bytes: words
 * in four lanes, so the processor works on four at once. */
static inline uint64 checksum_step(uint64 h, uint64 w)
{
    h = (h ^ w) * UINT64CONST(0x9e3779b97f4a7c15);
    return h << 29 | h >> 35;
}

static uint64 checksum(const unsigned char *p, Size n)
{
    uint64 lane[4] = { n, n + 1, n + 2, n + 3 }, h = n;
    Size i = 0;
    for (; i + 32 <= n; i += 32)
        for (int j = 0; j < 4; j++) {
            uint64 w;
            memcpy(&w, p + i + 8 * j, 8);
#ifdef WORDS_BIGENDIAN
            w = pg_bswap64(w);
#endif
            lane[j] = checksum_step(lane[j], w);
        }
    for (int j = 0; i < n; i += 8, j++) {
        uint64 w = 0;
        for (Size b = 0; b < 8 && i + b < n; b++)
            w |= (uint64)p[i + b] << (8 * b);
        lane[j] = checksum_step(lane[j], w);
    }
    for (int j = 0; j < 4; j++)
        h = checksum_step(h, lane[j]);
    return h ^ h >> 32;
}

/* The checksum the bytes end with: of the bytes before the analysis, then
 * of the analysis's own checksum (its last 8 bytes), which covers the
 * rest: the analysis is read once, by the library, not twice. */
static uint64 state_checksum(const unsigned char *start, Size header,
                             const unsigned char *analysis_end)
{
    uint64 inner = 0;
    for (int b = 0; b < 8; b++)
        inner |= (uint64)analysis_end[b - 8] << (8 * b);
    uint64 h = checksum_step(checksum(start, header), inner);
    return h ^ h >> 32;
}

static void put(unsigned char **p, uint64 v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        *(*p)++ = (unsigned char)(v >> (8 * i));
}

static uint64 get(const unsigned char *p, int bytes)
{
    uint64 v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64)p[i] << (8 * i);
    return v;
}

static void too_large(void)
{
    ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                    errmsg("cjm: the analysis state is larger than 1 GB"),
                    errhint("Aggregate fewer rows per group or per worker.")));
}

static long part_count(const cjmpg_state *s)
{
    return s->parts ? hash_get_num_entries(s->parts) : 0;
}

/* Adds a partial's checksum; false when it is there already. */
static bool add_part(MemoryContext context, cjmpg_state *s, uint64 part)
{
    if (!s->parts) {
        HASHCTL ctl = { .keysize = sizeof(uint64), .entrysize = sizeof(uint64),
                        .hcxt = context };
        s->parts = hash_create("cjm partials", 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
    }
    bool found;
    hash_search(s->parts, &part, HASH_ENTER, &found);
    return !found;
}

/* Bytes that tell this state from any other made anywhere: two partials
 * over different rows can hold the same analysis (every row refused, or
 * two nodes each with a customer's same event), and must not be taken for
 * one partial given twice, which is told by the checksum of the whole. */
static uint64 identity(void)
{
    static uint64 made;
    uint64 id;
    if (!pg_strong_random(&id, sizeof id))
        id = (uint64)GetCurrentTimestamp() * UINT64CONST(0x9e3779b97f4a7c15) ^
             (uint64)MyProcPid << 40 ^ ++made;
    return id;
}

bytea *cjmpg_state_bytes(const cjmpg_state *s)
{
    void *analysis;
    size_t size;
    cjm_status st;
    cjmpg_watch(s->analysis);
    do
        st = cjm_analysis_serialize(&analysis, &size, s->analysis);
    while (cjmpg_interrupted(st));
    if (st != CJM_OK)
        cjmpg_raise(st);
    Size key = strlen(s->options_key);
    Size total = VARHDRSZ + 24 + 4 + s->map->length + 4 + key + 4 + 8 * (Size)part_count(s) +
                 size + 8;
    if (size > MaxAllocSize || s->map->length > MaxAllocSize || !AllocSizeIsValid(total)) {
        cjm_free(analysis);
        too_large();
    }
    bytea *out = palloc(total);
    SET_VARSIZE(out, total);
    unsigned char *start = (unsigned char *)VARDATA(out), *p = start;
    memcpy(p, MAGIC, 4);
    p += 4;
    put(&p, VERSION, 4);
    put(&p, total - VARHDRSZ, 8);
    put(&p, identity(), 8);
    put(&p, s->map->length, 4);
    memcpy(p, s->map->text, s->map->length);
    p += s->map->length;
    put(&p, key, 4);
    memcpy(p, s->options_key, key);
    p += key;
    put(&p, (uint64)part_count(s), 4);
    if (s->parts) {
        HASH_SEQ_STATUS seq;
        hash_seq_init(&seq, s->parts);
        for (uint64 *part; (part = hash_seq_search(&seq)) != NULL;)
            put(&p, *part, 8);
    }
    Size header = (Size)(p - start);
    memcpy(p, analysis, size);
    p += size;
    cjm_free(analysis);
    put(&p, state_checksum(start, header, p), 8);
    return out;
}

/* The SQL function called: the aggregate's, for its support functions. */
static Oid reader_of(FunctionCallInfo fcinfo)
{
    Aggref *aggref = AggGetAggref(fcinfo);
    return aggref ? aggref->aggfnoid : fcinfo->flinfo->fn_oid;
}

static void bad_state(Oid reader, const char *why) pg_attribute_noreturn();

static void bad_state(Oid reader, const char *why)
{
    const char *name = OidIsValid(reader) ? get_func_name(reader) : NULL;
    ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                    errmsg("cjm: not an analysis state: %s", why),
                    errhint("Give %s() values made by cjm_analyze_partial() of this "
                            "version of cjm, as they were made.", name ? name : "cjm_merge")));
}

void cjmpg_state_failed(const cjmpg_state *s, cjm_status st)
{
    const char *message = cjm_last_error();
    /* (a conflict here is of the bytes with their own envelope's map or
     * options: the envelope was checked against the other state's first) */
    if (st != CJM_ERR_PARSE && st != CJM_ERR_UNSUPPORTED && st != CJM_ERR_CONFLICT)
        cjmpg_raise(st);
    /* "cjm_analysis_deserialize: byte 120: ...": the C function means
     * nothing to a caller in SQL */
    if (strncmp(message, "cjm_analysis_", strlen("cjm_analysis_")) == 0 &&
        strstr(message, ": "))
        message = strstr(message, ": ") + 2;
    bad_state(s->reader, cjmpg_message(message));
}

/* The options' text of a state, when it is the text this extension writes
 * for some options (cjmpg_options_key()): messages show it whole, so bytes
 * made elsewhere must not reach them. */
static char *options_written_here(const char *key, Size length)
{
    if (length > 64 * 1024 || memchr(key, '\0', length))
        return NULL;
    char *text = pnstrdup(key, length);
    /* UTF-8 in any database, as the library's text is (encoding.c) */
    if (length == 0 || text[0] != '{' || !pg_verify_mbstr(PG_UTF8, text, (int)length, true))
        return NULL;
    JsonLexContext *lex = makeJsonLexContextCstringLen(text, (int)length, PG_UTF8, false);
    if (pg_parse_json(lex, &nullSemAction) != JSON_SUCCESS)
        return NULL;
    /* As the database's text: a character it lacks is PostgreSQL's usual
     * error, as for any text of a partial made elsewhere. */
    char *server = cjmpg_server_text(text, length);
    /* Options that cannot be read are the state's fault, not the caller's:
     * the error of reading them is dropped for that one. Nothing but
     * memory of this call is taken on the way. */
    MemoryContext caller = CurrentMemoryContext;
    char *volatile again = NULL;
    PG_TRY();
    {
        Jsonb *j = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(server)));
        cjm_options *o = cjmpg_read_options(j);
        again = cjmpg_options_key(o);
        cjm_options_free(o);
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(caller);
        ErrorData *e = CopyErrorData();
        if (e->sqlerrcode == ERRCODE_QUERY_CANCELED || e->sqlerrcode == ERRCODE_OUT_OF_MEMORY)
            PG_RE_THROW();
        FlushErrorState();
        FreeErrorData(e);
    }
    PG_END_TRY();
    return again && strcmp(again, text) == 0 ? text : NULL;
}

cjmpg_state *cjmpg_state_from_bytes(FunctionCallInfo fcinfo, MemoryContext context,
                                    bytea *bytes, bool as_partial)
{
    const unsigned char *p = (const unsigned char *)VARDATA_ANY(bytes);
    Size n = VARSIZE_ANY_EXHDR(bytes);
    Oid reader = reader_of(fcinfo);
    if (n < 4 || memcmp(p, MAGIC, 4) != 0)
        bad_state(reader, "it does not start with \"CJMP\"");
    uint64 version = n < 8 ? 0 : get(p + 4, 4);
    if (n < 8)
        bad_state(reader, "it is cut short");
    if (version != VERSION && version != VERSION_WITHOUT_IDENTITY)
        bad_state(reader, psprintf("a state of format version " UINT64_FORMAT ", this extension"
                           " reads versions %d and %d", version, VERSION_WITHOUT_IDENTITY,
                           VERSION));
    if (n < 16 || get(p + 8, 8) != n)
        bad_state(reader, psprintf("it is %zu bytes, but says " UINT64_FORMAT
                           ": cut short, extended or damaged", n, n < 16 ? 0 : get(p + 8, 8)));
    Size fixed = version == VERSION ? 24 : 16; /* magic, version, size (, identity) */
    if (n < fixed + 20)
        bad_state(reader, "it is cut short");
    /* The lengths are checked against the end before the checksum, which
     * covers what they delimit; the analysis's own bytes are summed by
     * the library as it reads them. */
    const unsigned char *end = p + n - 8, *at = p + fixed;
#define NEED(k) do { if ((Size)(end - at) < (Size)(k)) bad_state(reader, "a length runs past its end"); } while (0)
    NEED(4);
    Size map_length = get(at, 4);
    at += 4;
    NEED(map_length);
    const char *map_text = (const char *)at;
    at += map_length;
    NEED(4);
    Size key_length = get(at, 4);
    at += 4;
    NEED(key_length);
    const char *key = (const char *)at;
    at += key_length;
    NEED(4);
    uint64 parts = get(at, 4);
    at += 4;
    NEED(parts * 8);
    NEED(parts * 8 + 8); /* the analysis's checksum, at least */
    if (state_checksum(p, (Size)(at + 8 * parts - p), end) != get(end, 8))
        bad_state(reader, "its checksum does not match: it was damaged");
    const char *options_key = options_written_here(key, key_length); /* in the call's memory */
    if (!options_key)
        bad_state(reader, "its options are not as cjm_analyze_partial() writes them");
    const cjmpg_value *map = cjmpg_map_text(fcinfo, map_text, map_length);
    if (AggCheckCallContext(fcinfo, NULL))
        cjmpg_value_hold(fcinfo, map); /* elsewhere the state lives for the call only */

    MemoryContext old = MemoryContextSwitchTo(context);
    cjmpg_state *s = palloc0(sizeof *s);
    s->map = map;
    s->reader = reader;
    s->options_key = pstrdup(options_key);
    if (as_partial && parts != 0)
        bad_state(reader, "it is not a cjm_analyze_partial() result");
    for (uint64 i = 0; i < parts; i++)
        if (!add_part(context, s, get(at + 8 * i, 8)))
            bad_state(reader, "it names a partial twice");
    at += 8 * parts;
    if (as_partial)
        add_part(context, s, get(p + n - 8, 8));
    s->bytes = at;
    s->bytes_size = (Size)(end - at);
    MemoryContextSwitchTo(old);
    return s;
#undef NEED
}

void cjmpg_state_read(MemoryContext context, cjmpg_state *s)
{
    if (s->analysis || !s->bytes)
        return;
    MemoryContext old = MemoryContextSwitchTo(context);
    cjm_status st = cjm_analysis_deserialize(&s->analysis, s->map->parsed, s->bytes,
                                             (size_t)s->bytes_size);
    MemoryContextSwitchTo(old);
    if (st != CJM_OK)
        cjmpg_state_failed(s, st);
    s->bytes = NULL;
    s->bytes_size = 0;
}

void cjmpg_state_add_parts(MemoryContext context, cjmpg_state *into, const cjmpg_state *from)
{
    if (!from->parts)
        return;
    HASH_SEQ_STATUS seq;
    hash_seq_init(&seq, from->parts);
    for (uint64 *part; (part = hash_seq_search(&seq)) != NULL;)
        if (!add_part(context, into, *part)) {
            hash_seq_term(&seq);
            ereport(ERROR,
                    (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                     errmsg("cjm: cjm_merge: the same partial twice (checksum %016llx)",
                            (unsigned long long)*part),
                     errdetail("Merging it again would count its events twice."),
                     errhint("Give cjm_merge() each cjm_analyze_partial() result once.")));
        }
}
