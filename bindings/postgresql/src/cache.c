/* Maps and options read once per query.
 *
 * Every row of an aggregate passes its map and options again. A constant
 * or a query parameter is the same pointer on every row; a value from a
 * table arrives as stored (compressed, or a pointer into the TOAST table)
 * and is compared in that form, so no row pays for decompressing or
 * copying the map, only the first one of each distinct map in the query,
 * which is parsed once and kept in the function's memory. Each list keeps
 * the CJMPG_KEPT entries used last, and those a state holds: a query with
 * a different map per group frees the others, and never searches more
 * than a few entries for a new group's map. */
#include "cjm-pg.h"

#include "nodes/primnodes.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include <cjm/json.h>

/* The cache of one function call site, in its FmgrInfo's fn_extra. */
typedef struct cache {
    cjmpg_value *maps, *options;
    uint64 clock; /* counts finds and makes, to tell the least recently used */
} cache;

static cache *cache_of(FunctionCallInfo fcinfo)
{
    if (!fcinfo->flinfo->fn_extra)
        fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
                                                          sizeof(cache));
    return fcinfo->flinfo->fn_extra;
}

static bool raw_equal(struct varlena *raw, const struct varlena *kept)
{
    if (!kept) /* an entry made from a state's text */
        return false;
    Size n = VARSIZE_ANY(raw);
    return n == VARSIZE_ANY(kept) && memcmp(raw, kept, n) == 0;
}

bool cjmpg_value_is(const cjmpg_value *v, Datum datum, Pointer *seen)
{
    struct varlena *raw = (struct varlena *)DatumGetPointer(datum);
    if (seen && *seen == (Pointer)raw && v->stable)
        return true;
    if (raw_equal(raw, v->raw))
        return true;
    /* The same value stored another way: compare what it stands for. */
    Jsonb *j = DatumGetJsonbP(datum);
    bool same = VARSIZE(j) == VARSIZE(v->jsonb) && memcmp(j, v->jsonb, VARSIZE(j)) == 0;
    if ((Pointer)j != (Pointer)raw)
        pfree(j);
    return same;
}

/* Each takes the entry's count of holders, never the entry: a window
 * aggregate's context may be reset after the entry is gone, when an
 * aborted transaction deletes the executor's contexts newest first. */
static void release(Datum arg)
{
    (*(int *)DatumGetPointer(arg))--;
}

static void release_on_reset(void *arg)
{
    (*(int *)arg)--;
}

void cjmpg_value_hold(FunctionCallInfo fcinfo, const cjmpg_value *v)
{
    cjmpg_value *held = (cjmpg_value *)v;
    MemoryContext context;
    if (fcinfo->context && IsA(fcinfo->context, AggState)) {
        (*held->holders)++;
        AggRegisterCallback(fcinfo, release, PointerGetDatum(held->holders));
    } else if (AggCheckCallContext(fcinfo, &context)) {
        /* A window function: PostgreSQL takes no shutdown callback there,
         * and resets the aggregate's context when it starts the aggregate
         * again (a new partition, a frame whose head moved), so the hold
         * ends with the states that context holds. */
        MemoryContextCallback *cb = MemoryContextAlloc(context, sizeof *cb);
        cb->func = release_on_reset;
        cb->arg = held->holders;
        MemoryContextRegisterResetCallback(context, cb);
        (*held->holders)++;
    }
}

/* Frees the least recently used entries no state holds, beyond the
 * CJMPG_KEPT the list keeps; never `keep`, the entry just made. */
static void trim(cjmpg_value **list, const cjmpg_value *keep)
{
    for (;;) {
        int count = 0;
        cjmpg_value **oldest = NULL;
        for (cjmpg_value **p = list; *p; p = &(*p)->next) {
            count++;
            if (*p != keep && *(*p)->holders == 0 &&
                (!oldest || (*p)->used < (*oldest)->used))
                oldest = p;
        }
        if (count <= CJMPG_KEPT || !oldest)
            return;
        cjmpg_value *gone = *oldest;
        *oldest = gone->next;
        pfree(gone->holders); /* no hold is left to release it */
        MemoryContextDelete(gone->context);
    }
}

/* Puts a new entry first in its list, then trims the list. */
static cjmpg_value *listed(cache *c, cjmpg_value **list, cjmpg_value *v)
{
    v->used = ++c->clock;
    v->next = *list;
    *list = v;
    trim(list, v);
    return v;
}

/* A new entry in a context of its own under the function's memory, and
 * what it keeps switched to. */
static cjmpg_value *new_entry(FunctionCallInfo fcinfo, MemoryContext *old)
{
    MemoryContext context = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "cjm argument",
                                                  ALLOCSET_SMALL_SIZES);
    *old = MemoryContextSwitchTo(context);
    cjmpg_value *v = palloc0(sizeof *v);
    v->context = context;
    v->holders = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *v->holders);
    return v;
}

/* A new entry for datum, parsed by `parse` in the entry's memory. */
static cjmpg_value *remember(FunctionCallInfo fcinfo, cjmpg_value **list, Datum datum,
                             bool stable, void (*parse)(cjmpg_value *))
{
    MemoryContext old;
    cjmpg_value *v = new_entry(fcinfo, &old);
    struct varlena *raw = (struct varlena *)DatumGetPointer(datum);
    v->raw = palloc(VARSIZE_ANY(raw));
    memcpy(v->raw, raw, VARSIZE_ANY(raw));
    Jsonb *j = DatumGetJsonbP(datum);
    v->jsonb = palloc(VARSIZE(j));
    memcpy(v->jsonb, j, VARSIZE(j));
    v->stable = stable;
    PG_TRY();
    {
        parse(v);
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(old);
        pfree(v->holders);
        MemoryContextDelete(v->context);
        PG_RE_THROW();
    }
    PG_END_TRY();
    MemoryContextSwitchTo(old);
    return listed(cache_of(fcinfo), list, v);
}

/* The entry holding datum's value itself, detoasted once for all. */
static cjmpg_value *find_value(cjmpg_value *list, Datum datum)
{
    struct varlena *raw = (struct varlena *)DatumGetPointer(datum);
    if (!list)
        return NULL;
    Jsonb *j = DatumGetJsonbP(datum);
    cjmpg_value *found = NULL;
    for (cjmpg_value *v = list; v && !found; v = v->next)
        if (v->jsonb && VARSIZE(j) == VARSIZE(v->jsonb) &&
            memcmp(j, v->jsonb, VARSIZE(j)) == 0)
            found = v;
    if ((Pointer)j != (Pointer)raw)
        pfree(j);
    return found;
}

/* The entry holding datum's value: by its bytes as given, else by the
 * value itself, detoasted once for all the entries. */
static cjmpg_value *find(cache *c, cjmpg_value *list, Datum datum)
{
    cjmpg_value *found = NULL;
    struct varlena *raw = (struct varlena *)DatumGetPointer(datum);
    for (cjmpg_value *v = list; v && !found; v = v->next)
        if (raw_equal(raw, v->raw))
            found = v;
    if (!found)
        found = find_value(list, datum);
    if (found)
        found->used = ++c->clock;
    return found;
}

static void parse_map(cjmpg_value *v)
{
    char *json = JsonbToCString(NULL, &v->jsonb->root, VARSIZE(v->jsonb));
    v->text = cjmpg_utf8(json, strlen(json)); /* as a partial's bytes keep it */
    v->length = strlen(v->text);
    cjm_journey *map;
    cjm_status st = cjm_json_read_journey(&map, v->text, v->length, "map");
    if (st != CJM_OK)
        cjmpg_raise(st);
    v->parsed = map;
}

static void parse_options(cjmpg_value *v)
{
    v->parsed = cjmpg_read_options(v->jsonb);
    v->text = cjmpg_options_key(v->parsed);
    v->length = strlen(v->text);
}

/* Whether argument argno of the aggregate is the same on every row of a
 * query run: a constant or a parameter. */
static bool stable_argument(FunctionCallInfo fcinfo, int argno)
{
    Aggref *aggref = AggGetAggref(fcinfo);
    if (!aggref || argno >= list_length(aggref->args))
        return false;
    Node *e = (Node *)((TargetEntry *)list_nth(aggref->args, argno))->expr;
    while (e && IsA(e, RelabelType))
        e = (Node *)((RelabelType *)e)->arg;
    return e && (IsA(e, Const) || IsA(e, Param));
}

const cjmpg_value *cjmpg_map(FunctionCallInfo fcinfo, Datum datum, int argno)
{
    cache *c = cache_of(fcinfo);
    cjmpg_value *v = find(c, c->maps, datum);
    return v ? v : remember(fcinfo, &c->maps, datum, stable_argument(fcinfo, argno), parse_map);
}

const cjmpg_value *cjmpg_options(FunctionCallInfo fcinfo, Datum datum, int argno)
{
    cache *c = cache_of(fcinfo);
    cjmpg_value *v = find(c, c->options, datum);
    return v ? v : remember(fcinfo, &c->options, datum, stable_argument(fcinfo, argno),
                            parse_options);
}

const cjmpg_value *cjmpg_map_text(FunctionCallInfo fcinfo, const char *text, Size length)
{
    cache *c = cache_of(fcinfo);
    for (cjmpg_value *v = c->maps; v; v = v->next)
        if (v->text && v->length == length && memcmp(v->text, text, length) == 0) {
            v->used = ++c->clock;
            return v;
        }
    MemoryContext old;
    cjmpg_value *v = new_entry(fcinfo, &old);
    v->text = pnstrdup(text, length);
    v->length = length;
    cjm_journey *map;
    cjm_status st = cjm_json_read_journey(&map, v->text, v->length, "map");
    MemoryContextSwitchTo(old);
    if (st != CJM_OK) {
        pfree(v->holders);
        MemoryContextDelete(v->context); /* the library's message stays */
        cjmpg_raise(st);
    }
    v->parsed = map;
    return listed(c, &c->maps, v);
}
