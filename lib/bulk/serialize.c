/* Analysis state as bytes (format version 5): "CJMA", the format version,
 * the state's size in bytes, a digest of the map, the options, the
 * interned strings, the breakdown's values, each shard's customers, flags,
 * segments (with an attribute breakdown), events and feedback items (with
 * any breakdown), the feedback
 * sums as tables (rows, sums per row, then the rows), the rejected events,
 * and last a checksum of every byte before it. Integers are little-endian
 * of fixed width; doubles travel as their IEEE bits; strings as a 32-bit
 * length and their bytes.
 *
 * The reader first checks the magic, the version and the size, so a
 * truncated or extended state is refused at once; it sums the checksum as
 * it reads (each run of events just before copying it, so the bytes come
 * from memory once) and checks it before anything read is kept, naming a
 * state that fails it damaged whatever else failed (sum_checked). Every
 * length, index and id is checked, the tables rebuilt through the same
 * code that fills them, so nothing it accepts can break an invariant. Merging a state from its bytes
 * (cjm_analysis_merge_serialized) reads its small tables the same way
 * but leaves each shard where it lies (view_shard), for the merge to take
 * in. A later version that adds per-stage or
 * per-touchpoint sums widens the rows of the sums tables and raises the
 * version. */
#include <math.h>
#include <string.h>

#include "cjm/time.h"
#include "analysis-private.h"
#include "../core/model-private.h"
#include "../core/text.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../util/le.h"

#define MAGIC "CJMA"
#define FORMAT_VERSION 5
/* magic, version, size, map digest */
#define HEADER_SIZE 24
#define CHECKSUM_SIZE 8
/* Sums per row of the feedback tables: count, millionths, and the sum of
 * millionths squared as its low and high 64 bits. */
#define FEEDBACK_SUMS 4

/* The checksum of n bytes: the bytes as 8-byte little-endian words (the
 * last one padded with zero bytes), word m going to lane m % 4. Each lane
 * starts from n + its number and takes its words in order through
 * h = rotl64((h ^ word) * K, 29); then h = n takes the four lanes in order
 * through the same step, and h ^= h >> 32. Each step is one-to-one in h
 * for a given word and in the word for a given h, so a change within one
 * word (every single-byte change) always changes the result; the size is
 * both in the header and the start value. Four lanes let the processor
 * work on four words at once: one lane would wait on each multiply. */
#define LANES 4

static inline uint64_t checksum_step(uint64_t h, uint64_t w)
{
    h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
    return h << 29 | h >> 35;
}

void cjmi_state_sum_start(cjmi_state_sum *sum, const unsigned char *p, size_t n)
{
    sum->data = p;
    sum->size = n;
    sum->done = 0;
    for (int j = 0; j < LANES; j++)
        sum->lane[j] = (uint64_t)n + (uint64_t)j;
}

void cjmi_state_sum_to(cjmi_state_sum *sum, size_t upto)
{
    const unsigned char *p = sum->data;
    size_t n = sum->size, i = sum->done, stop = upto < n ? upto : n;
    uint64_t lane[LANES]; /* in registers: the bytes might alias sum's own */
    memcpy(lane, sum->lane, sizeof lane);
    for (; i + 8 * LANES <= stop; i += 8 * LANES)
        for (int j = 0; j < LANES; j++)
            lane[j] = checksum_step(lane[j], cjmi_le(p + i + 8 * (size_t)j, 8));
    /* The last words, fewer than a word per lane, once the end is due. */
    for (int j = 0; upto >= n && i < n; i += 8, j++)
        lane[j] = checksum_step(lane[j], cjmi_le(p + i, n - i < 8 ? n - i : 8));
    memcpy(sum->lane, lane, sizeof lane);
    sum->done = i < n ? i : n;
}

/* The checksum of every byte, the rest summed now. */
static uint64_t sum_end(cjmi_state_sum *sum)
{
    cjmi_state_sum_to(sum, sum->size);
    uint64_t h = (uint64_t)sum->size;
    for (int j = 0; j < LANES; j++)
        h = checksum_step(h, sum->lane[j]);
    return h ^ h >> 32;
}

bool cjmi_state_sum_matches(cjmi_state_sum *sum)
{
    return sum_end(sum) == cjmi_le(sum->data + sum->size, CHECKSUM_SIZE);
}

static uint64_t checksum(const unsigned char *p, size_t n)
{
    cjmi_state_sum sum;
    cjmi_state_sum_start(&sum, p, n);
    return sum_end(&sum);
}

/* ---- writing ---------------------------------------------------------- */

typedef struct writer {
    unsigned char *buf;
    size_t size, capacity;
    int failed;
    bool cancelled; /* the cancel hook asked to stop */
} writer;

static void put_bytes(writer *w, const void *p, size_t n)
{
    if (w->failed || cjmi_array_reserve(w->buf, w->capacity, w->size + n) != CJM_OK) {
        w->failed = 1;
        return;
    }
    memcpy(w->buf + w->size, p, n);
    w->size += n;
}

static void put_u(writer *w, uint64_t v, int bytes)
{
    unsigned char b[8];
    for (int i = 0; i < bytes; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    put_bytes(w, b, (size_t)bytes);
}

static void put_double(writer *w, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    put_u(w, bits, 8);
}

static void put_string(writer *w, const char *s)
{
    size_t n = strlen(s);
    put_u(w, n, 4);
    put_bytes(w, s, n);
}

/* A digest of what the figures depend on in a map: two analyses agree on
 * it exactly when their maps are equal for the analysis. */
static uint64_t map_digest(const cjm_journey *map)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
#define MIX(p, n)                                                           \
    do {                                                                    \
        const unsigned char *q_ = (const unsigned char *)(p);               \
        for (size_t k_ = 0; k_ < (n); k_++)                                 \
            h = (h ^ q_[k_]) * UINT64_C(0x100000001b3);                     \
    } while (0)
#define MIX_TEXT(s) do { const char *t_ = (s) ? (s) : ""; MIX(t_, strlen(t_) + 1); } while (0)
#define MIX_INT(v) do { uint64_t v_ = (uint64_t)(v); MIX(&v_, 8); } while (0)
    MIX_TEXT(map->id);
    MIX_TEXT(map->name);
    MIX_INT(map->stage_count);
    for (size_t s = 0; s < map->stage_count; s++) {
        const cjm_stage *stage = map->stages[s];
        MIX_TEXT(stage->id);
        MIX_TEXT(stage->name);
        MIX_INT(stage->expected_duration);
        MIX_INT(stage->touchpoint_count);
        for (size_t t = 0; t < stage->touchpoint_count; t++) {
            const cjm_touchpoint *tp = stage->touchpoints[t];
            MIX_TEXT(tp->id);
            MIX_TEXT(tp->name);
            MIX_TEXT(tp->channel);
            MIX_TEXT(tp->owner);
            MIX_INT(tp->optional);
            MIX_INT(tp->feedback_count);
            for (size_t f = 0; f < tp->feedback_count; f++)
                MIX_INT(tp->feedback[f]->millionths);
        }
    }
    return h;
#undef MIX
#undef MIX_TEXT
#undef MIX_INT
}

static void put_options(writer *w, const cjm_options *o)
{
    put_u(w, o->min_customers, 8);
    put_u(w, o->min_feedback, 8);
    put_double(w, o->pain_threshold);
    put_double(w, o->drop_threshold);
    put_double(w, o->silent_threshold);
    put_double(w, o->backtrack_threshold);
    put_double(w, o->switch_threshold);
    put_double(w, o->confidence);
    put_u(w, o->max_paths, 8);
    put_u(w, o->max_flow_edges, 8);
    put_u(w, o->lenient, 1);
    put_u(w, o->threads, 4);
    put_string(w, o->default_channel);
    put_string(w, o->breakdown);
    put_u(w, o->max_segments, 8);
}

static void put_sum(writer *w, const cjmi_feedback_sum *sum)
{
    put_u(w, sum->count, 8);
    put_u(w, (uint64_t)sum->millionths, 8);
    put_u(w, sum->squares.low, 8);
    put_u(w, sum->squares.high, 8);
}

static void put_interned(writer *w, const cjmi_intern *in, size_t from)
{
    put_u(w, in->count - from, 4);
    for (size_t i = from; i < in->count; i++)
        put_string(w, cjmi_intern_string(in, (uint32_t)i));
}

/* The bytes of a table's strings from `from` on, as put_interned writes
 * them. */
static size_t interned_size(const cjmi_intern *in, size_t from)
{
    size_t n = 4 + 4 * (in->count - from);
    for (size_t i = from; i < in->count; i++)
        n += cjmi_intern_length(in, (uint32_t)i);
    return n;
}

/* The size of the state, as cjm_analysis_serialize() writes it: the
 * buffer is made that large at once, rather than grown (and copied) again
 * and again. */
static size_t state_size(const cjm_analysis *a)
{
    const cjm_options *o = &a->options;
    size_t n = HEADER_SIZE + 93 + 4 + strlen(o->default_channel) + 4 + strlen(o->breakdown);
    n += interned_size(&a->channels, 0) + interned_size(&a->touchpoints, a->planned) +
         interned_size(&a->segment_values, 0);
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        const cjmi_shard *shard = &a->shards[s];
        size_t customers = shard->customers.count;
        n += 4 + 4 * customers + cjmi_intern_bytes(&shard->customers) + customers;
        n += (shard->keeps_segments ? 12 * customers : 0) + 8 + 20 * shard->events.count;
        n += shard->keeps_items ? 8 + 10 * shard->items.count : 0;
    }
    n += 8 + 32 * a->touchpoints.count + 8 + 32 * a->stage_count + 8 + 4;
    for (size_t i = 0; i < a->rejected_message_count; i++)
        n += 4 + strlen(a->rejected_messages[i]);
    return n + CHECKSUM_SIZE;
}

/* n bytes of v, little-endian, at p. */
static inline void store_le(unsigned char *p, uint64_t v, int bytes)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &v, (size_t)bytes);
#else
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
#endif
}

/* A shard's events, 20 bytes each, written straight into the room made
 * for a run of them; asks the cancel hook every CJMI_CANCEL_EVERY. */
static void put_events(writer *w, const cjmi_store *events, const cjm_analysis *a)
{
    for (const cjmi_chunk *ch = events->first; ch && !w->failed && !w->cancelled;
         ch = ch->next)
        for (size_t first = 0; first < ch->count; first += CJMI_CANCEL_EVERY) {
            size_t k = ch->count - first < CJMI_CANCEL_EVERY ? ch->count - first
                                                             : CJMI_CANCEL_EVERY;
            if (first && cjmi_cancelled(a)) {
                w->cancelled = true;
                return;
            }
            if (w->failed ||
                cjmi_array_reserve(w->buf, w->capacity, w->size + 20 * k) != CJM_OK) {
                w->failed = 1;
                return;
            }
            unsigned char *p = w->buf + w->size;
            for (size_t i = first; i < first + k; i++, p += 20) {
                store_le(p, (uint64_t)ch->at[i], 8);
                store_le(p + 8, ch->customer[i], 4);
                store_le(p + 12, ch->touchpoint[i], 4);
                store_le(p + 16, ch->channel[i], 2);
                store_le(p + 18, ch->stage[i], 2);
            }
            w->size += 20 * k;
        }
}

CJM_EXPORT cjm_status cjm_analysis_serialize(void **out, size_t *size, const cjm_analysis *a)
{
    static const char func[] = "cjm_analysis_serialize";
    if (!out || !size || !a)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func,
                         !out ? "out" : !size ? "size" : "analysis");
    writer w = { .buf = NULL };
    size_t expected = state_size(a);
    if (!(w.buf = cjmi_malloc(expected)))
        return cjmi_nomem(func);
    w.capacity = expected;
    put_bytes(&w, MAGIC, 4);
    put_u(&w, FORMAT_VERSION, 4);
    put_u(&w, 0, 8); /* the size, known at the end */
    put_u(&w, map_digest(a->map), 8);
    put_options(&w, &a->options);
    /* The map's touchpoints and channels come first in the tables and are
     * rebuilt from the map; only what events added travels. */
    put_interned(&w, &a->channels, 0);
    put_interned(&w, &a->touchpoints, a->planned);
    put_interned(&w, &a->segment_values, 0);
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        const cjmi_shard *shard = &a->shards[s];
        put_interned(&w, &shard->customers, 0);
        for (size_t c = 0; c < shard->customers.count; c++)
            put_u(&w, c < shard->heard_capacity ? shard->heard[c] : 0, 1);
        for (size_t c = 0; shard->keeps_segments && c < shard->customers.count; c++) {
            put_u(&w, cjmi_segment_value(shard, (uint32_t)c), 4);
            put_u(&w, (uint64_t)cjmi_segment_at(shard, (uint32_t)c), 8);
        }
        put_u(&w, shard->events.count, 8);
        if (!w.cancelled && cjmi_cancelled(a))
            w.cancelled = true;
        put_events(&w, &shard->events, a);
        if (shard->keeps_items) {
            put_u(&w, shard->items.count, 8);
            cjmi_item_walk walk = { 0 };
            cjmi_item item;
            while (cjmi_items_next(shard, &walk, &item)) {
                put_u(&w, item.customer, 4);
                put_u(&w, (uint64_t)(int64_t)item.millionths, 4);
                put_u(&w, item.stage, 2);
            }
        }
    }
    put_u(&w, a->touchpoints.count, 4);
    put_u(&w, FEEDBACK_SUMS, 4);
    for (size_t t = 0; t < a->touchpoints.count; t++) {
        cjmi_feedback_sum sum = { 0 };
        if (t < a->touchpoint_feedback_capacity)
            sum = a->touchpoint_feedback[t];
        put_sum(&w, &sum);
    }
    put_u(&w, a->stage_count, 4);
    put_u(&w, FEEDBACK_SUMS, 4);
    for (size_t s = 0; s < a->stage_count; s++) {
        put_sum(&w, &a->stage_feedback[s]);
    }
    put_u(&w, a->rejected, 8);
    put_u(&w, a->rejected_message_count, 4);
    for (size_t i = 0; i < a->rejected_message_count; i++)
        put_string(&w, a->rejected_messages[i]);
    put_u(&w, 0, CHECKSUM_SIZE); /* room for the checksum */
    if (!w.failed && !w.cancelled && cjmi_cancelled(a))
        w.cancelled = true;
    if (w.failed || w.cancelled) {
        cjmi_free(w.buf);
        return w.failed ? cjmi_nomem(func) : cjmi_cancel_fail(func);
    }
    for (int i = 0; i < 8; i++)
        w.buf[8 + i] = (unsigned char)((uint64_t)w.size >> (8 * i));
    uint64_t sum = checksum(w.buf, w.size - CHECKSUM_SIZE);
    for (int i = 0; i < CHECKSUM_SIZE; i++)
        w.buf[w.size - CHECKSUM_SIZE + (size_t)i] = (unsigned char)(sum >> (8 * i));
    *out = w.buf;
    *size = w.size;
    return CJM_OK;
}

/* ---- reading ---------------------------------------------------------- */

/* A state smaller than this is summed whole before it is read: it is
 * still in the processor's caches when the sum is done, so reading it
 * again costs no second trip to memory, and a damaged one is refused
 * before any work. A larger one is summed as its events are read. */
#define SUM_AS_READ 262144

typedef struct reader {
    const unsigned char *data;
    size_t size, at;
    cjm_status status; /* the first failure, its message set */
    const char *func;  /* the function reading, named in messages */
    cjmi_state_sum *sum; /* the checksum, taken as the events are read (sum_checked),
                            or NULL: checked before anything is read */
} reader;

static const char rfunc[] = "cjm_analysis_deserialize";

static cjm_status bad(reader *r, cjm_status status, const char *what)
{
    if (r->status == CJM_OK)
        r->status = status == CJM_ERR_NOMEM
                        ? cjmi_nomem(r->func)
                        : cjmi_fail(status, "%s: byte %zu: %s", r->func, r->at, what);
    return r->status;
}

static uint64_t get_u(reader *r, int bytes)
{
    if (r->status != CJM_OK || r->size - r->at < (size_t)bytes) {
        bad(r, CJM_ERR_PARSE, "the state ends too early");
        return 0;
    }
    uint64_t v = cjmi_le(r->data + r->at, bytes);
    r->at += (size_t)bytes;
    return v;
}

static double get_double(reader *r)
{
    uint64_t bits = get_u(r, 8);
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* A string, copied into a scratch buffer of at least CJM_TEXT_MAX + 1. */
static const char *get_string(reader *r, char *scratch, size_t limit)
{
    size_t n = (size_t)get_u(r, 4);
    if (r->status != CJM_OK)
        return NULL;
    if (n > limit || r->size - r->at < n) {
        bad(r, CJM_ERR_PARSE, "a string runs past its limit or the end");
        return NULL;
    }
    memcpy(scratch, r->data + r->at, n);
    scratch[n] = '\0';
    if (strlen(scratch) != n) {
        bad(r, CJM_ERR_PARSE, "a string holds a NUL");
        return NULL;
    }
    r->at += n;
    return scratch;
}

/* What a table of strings holds. */
enum { IDS, CHANNELS, VALUES };

/* Whether s is what a table of `what` holds: an id, a channel token, or a
 * breakdown's value (text of at most CJM_ATTRIBUTE_VALUE_MAX bytes). */
static bool belongs(const reader *r, int what, const char *kind, const char *s)
{
    char token[CJM_CHANNEL_MAX + 1];
    if (what == CHANNELS)
        return cjmi_channel(token, r->func, kind, s) == CJM_OK && strcmp(token, s) == 0;
    if (what == VALUES)
        return cjmi_check_attribute_value(r->func, kind, s, strlen(s)) == CJM_OK;
    /* Plain ASCII ids pass without the full UTF-8 scan, as when added. */
    return cjmi_id_is_plain(s, strlen(s)) || cjmi_check_id(r->func, kind, s) == CJM_OK;
}

/* Reads a table's strings, interning each where the writer had it. */
static cjm_status get_interned(reader *r, cjmi_intern *in, char *scratch, const char *kind,
                        int what)
{
    static const size_t limits[] = { CJM_ID_MAX, CJM_CHANNEL_MAX, CJM_ATTRIBUTE_VALUE_MAX };
    static const char *const wrong[] = { "not a valid id", "not a channel token",
                                         "not an attribute value" };
    uint64_t n = get_u(r, 4);
    /* Room for them all at once (each takes at least 4 bytes), rather
     * than growing the table again and again. */
    if (r->status == CJM_OK && n <= (r->size - r->at) / 4 &&
        cjmi_intern_reserve(in, in->count + (size_t)n) != CJM_OK)
        return bad(r, CJM_ERR_NOMEM, "");
    for (uint64_t i = 0; r->status == CJM_OK && i < n; i++) {
        const char *s = get_string(r, scratch, limits[what]);
        if (!s)
            break;
        if (!belongs(r, what, kind, s))
            return bad(r, CJM_ERR_PARSE, wrong[what]);
        size_t before = in->count, len = strlen(s);
        uint32_t index = cjmi_intern_add(in, s, len, cjmi_intern_hash(s, len));
        if (index == CJMI_NOT_INTERNED)
            return bad(r, CJM_ERR_NOMEM, "");
        if (index != before)
            return bad(r, CJM_ERR_PARSE, "a string appears twice");
    }
    return r->status;
}

/* How many customers ahead of the one being interned are read, hashed and
 * their slots fetched: a shard's table of a few hundred thousand slots
 * misses the cache on nearly every lookup, and the fetches overlap. */
#define CUSTOMERS_AHEAD 8

typedef struct read_id {
    size_t at; /* where its length starts, for an error */
    const char *s;
    size_t len;
    uint32_t hash;
} read_id;

/* One customer id of shard s, checked as get_interned checks it; a plain
 * ASCII id is read where it lies, without a copy. */
static cjm_status get_customer(reader *r, size_t s, char *scratch, read_id *id)
{
    id->at = r->at;
    size_t n = (size_t)get_u(r, 4);
    if (r->status != CJM_OK)
        return r->status;
    if (n > CJM_ID_MAX || r->size - r->at < n)
        return bad(r, CJM_ERR_PARSE, "a string runs past its limit or the end");
    const char *p = (const char *)r->data + r->at;
    if (!cjmi_id_is_plain(p, n)) {
        r->at -= 4;
        const char *copy = get_string(r, scratch, CJM_ID_MAX);
        if (!copy)
            return r->status;
        if (cjmi_check_id(r->func, "customer", copy) != CJM_OK)
            return bad(r, CJM_ERR_PARSE, "not a valid id");
        r->at -= n;
    }
    r->at += n;
    id->s = p;
    id->len = n;
    id->hash = cjmi_intern_hash(p, n);
    if (cjmi_shard_of(id->hash) != s)
        return bad(r, CJM_ERR_PARSE, "a customer in the wrong shard");
    return CJM_OK;
}

/* Shard s's customers, interned in the writer's order, each read a few
 * ahead of its interning so that its slot is fetched meanwhile. */
static cjm_status get_customers(reader *r, cjmi_shard *shard, size_t s, char *scratch)
{
    cjmi_intern *in = &shard->customers;
    uint64_t n = get_u(r, 4);
    /* Room for half as many again: a state is read back to have others
     * merged into it, and they bring customers it lacks. Growing the
     * table then would move every customer into new memory. */
    if (r->status == CJM_OK && n <= (r->size - r->at) / 4 &&
        cjmi_intern_reserve(in, in->count + (size_t)n + (size_t)n / 2) != CJM_OK)
        return bad(r, CJM_ERR_NOMEM, "");
    read_id ahead[CUSTOMERS_AHEAD];
    for (uint64_t i = 0; r->status == CJM_OK && i < n + CUSTOMERS_AHEAD; i++) {
        /* The id read CUSTOMERS_AHEAD ago is interned, and its place in
         * the ring takes the next one. */
        read_id *id = &ahead[i % CUSTOMERS_AHEAD];
        if (i >= CUSTOMERS_AHEAD) {
            size_t before = in->count;
            uint32_t index = cjmi_intern_add(in, id->s, id->len, id->hash);
            if (index == CJMI_NOT_INTERNED)
                return bad(r, CJM_ERR_NOMEM, "");
            if (index != before) {
                r->at = id->at;
                return bad(r, CJM_ERR_PARSE, "a string appears twice");
            }
        }
        if (i < n && get_customer(r, s, scratch, id) == CJM_OK)
            cjmi_intern_prefetch(in, id->hash);
    }
    return r->status;
}

/* A shard's feedback items: at most one per event, each in range, each
 * on a later event than the one before with its customer and stage. */
static cjm_status get_items(reader *r, const cjm_analysis *a, cjmi_shard *shard)
{
    uint64_t n = get_u(r, 8);
    if (r->status != CJM_OK)
        return r->status;
    if (n > shard->events.count || n > (r->size - r->at) / 10)
        return bad(r, CJM_ERR_PARSE, "more feedback items than events");
    if (cjmi_segments_reserve(shard, 0, (size_t)n, a->segment_values.count) != CJM_OK)
        return bad(r, CJM_ERR_NOMEM, "");
    cjmi_items_clear(shard);
    cjmi_item_walk walk = { 0 };
    for (uint64_t i = 0; i < n; i++) {
        uint64_t customer = get_u(r, 4);
        int64_t m = (int32_t)(uint32_t)get_u(r, 4);
        uint64_t st = get_u(r, 2);
        if (r->status != CJM_OK)
            return r->status;
        if (customer >= shard->customers.count || m < -1000000 || m > 1000000 ||
            (st != CJMI_NO_STAGE16 && st >= a->stage_count))
            return bad(r, CJM_ERR_PARSE, "a feedback item out of range");
        cjmi_item item = { (uint32_t)customer, (uint16_t)st, (int32_t)m };
        if (!cjmi_items_place(shard, &walk, &item))
            return bad(r, CJM_ERR_PARSE, "a feedback item with no event of its own");
    }
    return CJM_OK;
}

/* A shard's flags: one byte per customer, 0 or 1; NULL (the reader
 * failed) or where they lie. */
static const unsigned char *get_flags(reader *r, size_t customers)
{
    if (r->size - r->at < customers) {
        bad(r, CJM_ERR_PARSE, "the state ends too early");
        return NULL;
    }
    const unsigned char *flags = r->data + r->at;
    for (size_t c = 0; c < customers; c++, r->at++)
        if (flags[c] > 1) {
            bad(r, CJM_ERR_PARSE, "a flag is neither 0 nor 1");
            return NULL;
        }
    return flags;
}

/* The number of a shard's events, each of whose 20 bytes are there. */
static uint64_t get_event_count(reader *r)
{
    uint64_t events = get_u(r, 8);
    if (r->status == CJM_OK && events > (r->size - r->at) / 20)
        bad(r, CJM_ERR_PARSE, "more events than bytes left");
    return r->status == CJM_OK ? events : 0;
}

static cjm_status get_shard(reader *r, cjm_analysis *a, size_t s, char *scratch)
{
    cjmi_shard *shard = &a->shards[s];
    if (get_customers(r, shard, s, scratch) != CJM_OK)
        return r->status;
    if (cjmi_shard_reserve_heard(shard) != CJM_OK)
        return bad(r, CJM_ERR_NOMEM, "");
    size_t customers = shard->customers.count;
    const unsigned char *flags = get_flags(r, customers);
    if (!flags)
        return r->status;
    if (customers)
        memcpy(shard->heard, flags, customers);
    for (size_t c = 0; shard->keeps_segments && c < shard->customers.count; c++) {
        uint64_t value = get_u(r, 4);
        int64_t at = (int64_t)get_u(r, 8);
        if (r->status != CJM_OK)
            return r->status;
        if (value > a->segment_values.count ||
            (value && (at < CJM_TIME_MIN || at > CJM_TIME_MAX)) || (!value && at))
            return bad(r, CJM_ERR_PARSE, "a segment out of range");
        if (cjmi_segment_set(shard, (uint32_t)c, (uint32_t)value, at) != CJM_OK)
            return bad(r, CJM_ERR_NOMEM, "");
    }
    uint64_t events = get_event_count(r);
    if (r->status != CJM_OK)
        return r->status;
    if (cjmi_store_reserve(&shard->events, (size_t)events) != CJM_OK)
        return bad(r, CJM_ERR_NOMEM, "");
    /* The bytes of every event are there (checked above): read without
     * asking at each field. */
    const cjmi_event_limits limits = cjmi_event_limits_of(a, customers);
    size_t copied = cjmi_state_events_copy(&shard->events, r->data + r->at, (size_t)events,
                                           &limits, NULL, NULL, NULL, r->sum);
    r->at += 20 * copied;
    if (copied < events)
        return bad(r, CJM_ERR_PARSE, "an event out of range");
    return shard->keeps_items ? get_items(r, a, shard) : CJM_OK;
}

/* How many events are summed and then copied at a time: 2,560 bytes,
 * still in the first cache when the copy reads them. */
#define EVENT_RUN 128

/* The n events at e into the columns of `to` from its count on, each
 * checked against `l` and its ids mapped through the arrays given (NULL:
 * as they are); returns how many: n, or the index of the first that does
 * not fit. Inlined where the arrays are known to be there or not, so the
 * loop asks nothing but the event's fit. */
static inline size_t events_put(const cjmi_chunk *to, const unsigned char *e, size_t n,
                                const cjmi_event_limits *l, const uint32_t *customers,
                                const uint32_t *touchpoints, const uint32_t *channels)
{
    int64_t *at_column = to->at + to->count;
    uint32_t *customer_column = to->customer + to->count;
    uint32_t *touchpoint_column = to->touchpoint + to->count;
    uint16_t *channel_column = to->channel + to->count, *stage_column = to->stage + to->count;
    const cjmi_event_limits limits = *l; /* in registers, not read again through l */
    for (size_t i = 0; i < n; i++, e += 20) {
        int64_t at = (int64_t)cjmi_le(e, 8);
        uint64_t customer = cjmi_le(e + 8, 4), tp = cjmi_le(e + 12, 4);
        uint64_t ch = cjmi_le(e + 16, 2), st = cjmi_le(e + 18, 2);
        if (!cjmi_event_fits(&limits, at, customer, tp, ch, st))
            return i;
        at_column[i] = at;
        customer_column[i] = customers ? customers[customer] : (uint32_t)customer;
        touchpoint_column[i] = touchpoints ? touchpoints[tp] : (uint32_t)tp;
        channel_column[i] = (uint16_t)(channels ? channels[ch] : ch);
        stage_column[i] = (uint16_t)st;
    }
    return n;
}

size_t cjmi_state_events_copy(cjmi_store *store, const unsigned char *e, size_t n,
                              const cjmi_event_limits *limits, const uint32_t *customers,
                              const uint32_t *touchpoints, const uint32_t *channels,
                              cjmi_state_sum *sum)
{
    /* Straight into the room of each chunk in turn, a run at a time: the
     * run summed, checked, then copied, its counts set once it is in. */
    for (size_t done = 0; done < n;) {
        cjmi_chunk *c = store->last;
        while (c->count == c->capacity)
            c = store->last = c->next;
        size_t k = c->capacity - c->count < n - done ? c->capacity - c->count : n - done;
        k = k < EVENT_RUN ? k : EVENT_RUN;
        if (sum)
            cjmi_state_sum_to(sum, (size_t)(e + 20 * k - sum->data));
        size_t fit = customers && !touchpoints && !channels
                         ? events_put(c, e, k, limits, customers, NULL, NULL)
                     : !customers && !touchpoints && !channels
                         ? events_put(c, e, k, limits, NULL, NULL, NULL)
                         : events_put(c, e, k, limits, customers, touchpoints, channels);
        c->count += fit;
        store->count += fit;
        done += fit;
        if (fit < k)
            return done;
        e += 20 * k;
    }
    return n;
}

/* Shard s of a state merged from its bytes: its ids and flags checked as
 * get_shard checks them, its events left to the merge, which checks each
 * as it copies it (cjmi_event_fits); nothing built but the customers'
 * hashes; noted in v, where its parts lie. Without a breakdown only (no
 * segments or items). */
static cjm_status view_shard(reader *r, size_t s, char *scratch, cjmi_state_shard *v)
{
    uint64_t n = get_u(r, 4);
    if (r->status != CJM_OK)
        return r->status;
    if (n > (r->size - r->at) / 4)
        return bad(r, CJM_ERR_PARSE, "the state ends too early");
    v->customers = r->data + r->at;
    v->customer_count = (size_t)n;
    if (n && !(v->hashes = cjmi_malloc((size_t)n * sizeof *v->hashes)))
        return bad(r, CJM_ERR_NOMEM, "");
    for (size_t i = 0; i < n; i++) {
        read_id id = { 0, NULL, 0, 0 };
        if (get_customer(r, s, scratch, &id) != CJM_OK)
            return r->status;
        v->hashes[i] = id.hash;
    }
    if (!(v->flags = get_flags(r, (size_t)n)))
        return r->status;
    v->event_count = (size_t)get_event_count(r);
    if (r->status != CJM_OK)
        return r->status;
    v->events = r->data + r->at;
    r->at += 20 * v->event_count;
    return CJM_OK;
}

/* Whether a state whose version field is not this library's is one of
 * its own states damaged there: its size field and its checksum, with
 * the version read as this library's, agree with the bytes. A state of
 * another version is told apart from a damaged one by that (an older
 * format's checksum differs; a newer one's would have to match ours by
 * chance). Reads a copy; false when memory runs out. */
static bool version_damaged(const reader *r)
{
    if (r->size < HEADER_SIZE + CHECKSUM_SIZE)
        return false;
    size_t end = r->size - CHECKSUM_SIZE;
    if (cjmi_le(r->data + 8, 8) != r->size)
        return false;
    uint64_t want = cjmi_le(r->data + end, CHECKSUM_SIZE);
    unsigned char *copy = cjmi_malloc(end);
    if (!copy)
        return false;
    memcpy(copy, r->data, end);
    for (int i = 0; i < 4; i++)
        copy[4 + i] = (unsigned char)((unsigned)FORMAT_VERSION >> (8 * i));
    bool damaged = checksum(copy, end) == want;
    cjmi_free(copy);
    return damaged;
}

/* The magic, the version, the size and the checksum: whether the bytes
 * are whole and as written, before any of them is believed. Leaves the
 * reader at the map digest, its end before the checksum. */
static cjm_status get_envelope(reader *r)
{
    if (r->size < 4 || memcmp(r->data, MAGIC, 4) != 0)
        return bad(r, CJM_ERR_PARSE, "not a cjm analysis state");
    r->at = 4;
    uint64_t version = get_u(r, 4);
    if (r->status != CJM_OK)
        return r->status;
    if (version != FORMAT_VERSION) {
        r->at = 4;
        if (r->status == CJM_OK && version_damaged(r))
            r->status = cjmi_fail(CJM_ERR_PARSE,
                                  "%s: byte 4: the format version reads %llu, but the rest "
                                  "of the state is a whole version %d state: damaged",
                                  r->func, (unsigned long long)version, FORMAT_VERSION);
        else if (r->status == CJM_OK)
            r->status = cjmi_fail(CJM_ERR_UNSUPPORTED,
                                  "%s: byte 4: a state of format version %llu, made by %s "
                                  "cjm or damaged; this library reads version %d only: make "
                                  "the state again with this library",
                                  r->func, (unsigned long long)version,
                                  version < FORMAT_VERSION ? "an older" : "a newer",
                                  FORMAT_VERSION);
        return r->status;
    }
    uint64_t size = get_u(r, 8);
    if (r->status != CJM_OK)
        return r->status;
    if (size != r->size) {
        r->at = 8;
        if (r->status == CJM_OK)
            r->status = cjmi_fail(CJM_ERR_PARSE,
                                  "%s: byte 8: the state says it is %llu bytes, but %zu were "
                                  "given: cut short, extended or damaged",
                                  r->func, (unsigned long long)size, r->size);
        return r->status;
    }
    if (size < HEADER_SIZE + CHECKSUM_SIZE)
        return bad(r, CJM_ERR_PARSE, "the state ends too early");
    size_t end = r->size - CHECKSUM_SIZE;
    if (r->sum)
        cjmi_state_sum_start(r->sum, r->data, end);
    else if (checksum(r->data, end) != cjmi_le(r->data + end, CHECKSUM_SIZE)) {
        r->at = end;
        return bad(r, CJM_ERR_PARSE, "the checksum does not match: the state is damaged");
    }
    r->size = end;
    return CJM_OK;
}

/* The reader's verdict with its checksum taken as it read: a state whose
 * sum does not match is damaged, whatever else reading it found, as when
 * the checksum is checked first. */
static cjm_status sum_checked(reader *r)
{
    if (!r->sum || r->status == CJM_ERR_CANCELLED || cjmi_state_sum_matches(r->sum))
        return r->status;
    r->status = CJM_OK;
    r->at = r->sum->size;
    return bad(r, CJM_ERR_PARSE, "the checksum does not match: the state is damaged");
}

static cjm_status get_state(reader *r, cjm_analysis *a, char *scratch)
{
    uint64_t digest = get_u(r, 8);
    if (r->status == CJM_OK && digest != map_digest(a->map))
        return bad(r, CJM_ERR_CONFLICT, "the state belongs to another map");
    cjm_options *o = &a->options;
    o->min_customers = get_u(r, 8);
    o->min_feedback = get_u(r, 8);
    o->pain_threshold = get_double(r);
    o->drop_threshold = get_double(r);
    o->silent_threshold = get_double(r);
    o->backtrack_threshold = get_double(r);
    o->switch_threshold = get_double(r);
    o->confidence = get_double(r);
    o->max_paths = get_u(r, 8);
    o->max_flow_edges = get_u(r, 8);
    uint64_t lenient = get_u(r, 1), threads = get_u(r, 4);
    if (r->status != CJM_OK)
        return r->status;
    if (!isfinite(o->pain_threshold) || !isfinite(o->drop_threshold) ||
        !isfinite(o->silent_threshold) || !isfinite(o->backtrack_threshold) ||
        !isfinite(o->switch_threshold) || lenient > 1 || threads > CJM_THREADS_MAX ||
        cjm_options_set_confidence(o, o->confidence) != CJM_OK)
        return bad(r, CJM_ERR_PARSE, "options out of range");
    o->lenient = lenient;
    o->threads = (unsigned)threads;
    const char *fallback = get_string(r, scratch, CJM_CHANNEL_MAX);
    if (!fallback)
        return r->status;
    char token[CJM_CHANNEL_MAX + 1];
    if (*fallback && (cjmi_channel(token, r->func, "channel", fallback) != CJM_OK ||
                      strcmp(token, fallback) != 0))
        return bad(r, CJM_ERR_PARSE, "options out of range");
    strcpy(o->default_channel, fallback);
    const char *breakdown = get_string(r, scratch, CJM_ID_MAX);
    uint64_t max_segments = get_u(r, 8);
    if (!breakdown || r->status != CJM_OK)
        return r->status;
    if (cjm_options_set_breakdown(o, breakdown) != CJM_OK ||
        cjm_options_set_max_segments(o, max_segments) != CJM_OK)
        return bad(r, CJM_ERR_PARSE, "options out of range");
    cjmi_analysis_set_breakdown(a);
    /* Channels in the state include the map's, in the map's order. */
    size_t map_channels = a->channels.count;
    cjmi_intern map_table = a->channels;
    memset(&a->channels, 0, sizeof a->channels);
    cjm_status rc = get_interned(r, &a->channels, scratch, "channel", CHANNELS);
    int same = rc == CJM_OK && a->channels.count >= map_channels;
    for (size_t i = 0; same && i < map_channels; i++)
        same = strcmp(cjmi_intern_string(&a->channels, (uint32_t)i),
                      cjmi_intern_string(&map_table, (uint32_t)i)) == 0;
    cjmi_intern_fini(&map_table);
    if (rc != CJM_OK)
        return rc;
    if (!same || a->channels.count >= UINT16_MAX)
        return bad(r, CJM_ERR_PARSE, "the channels do not start with the map's");
    return CJM_OK;
}

/* A feedback sum as events make it: at most one item per event held, each
 * item between -1,000,000 and 1,000,000 millionths. Anything else would
 * overflow the report's sums. */
static cjm_status get_sum(reader *r, cjmi_feedback_sum *sum, uint64_t events)
{
    sum->count = get_u(r, 8);
    sum->millionths = (int64_t)get_u(r, 8);
    sum->squares.low = get_u(r, 8);
    sum->squares.high = get_u(r, 8);
    if (r->status != CJM_OK)
        return r->status;
    /* The sums of n items obey n * Q >= S^2 (the spread is not negative). */
    if (sum->count > events || sum->millionths > (int64_t)sum->count * 1000000 ||
        sum->millionths < -(int64_t)sum->count * 1000000 ||
        !cjmi_squares_possible(sum->squares, sum->count) ||
        isnan(cjmi_spread_numerator(sum->count, sum->millionths, sum->squares)))
        return bad(r, CJM_ERR_PARSE, "feedback sum out of range");
    return CJM_OK;
}

/* A sums table's shape: a row per touchpoint or stage, FEEDBACK_SUMS each. */
static cjm_status get_table(reader *r, size_t rows, const char *what)
{
    uint64_t n = get_u(r, 4), sums = get_u(r, 4);
    if (r->status != CJM_OK)
        return r->status;
    if (n != rows || sums != FEEDBACK_SUMS) {
        r->at -= 8;
        if (r->status == CJM_OK)
            r->status = cjmi_fail(CJM_ERR_PARSE,
                                  "%s: byte %zu: a table of %llu rows of %llu sums for %zu %s "
                                  "of %d sums each",
                                  r->func, r->at, (unsigned long long)n,
                                  (unsigned long long)sums, rows, what, FEEDBACK_SUMS);
        return r->status;
    }
    return CJM_OK;
}

/* The state from its breakdown's values on. With `views`, the shards are
 * checked and noted there (view_shard) rather than built in `a`. */
static cjm_status get_rest(reader *r, cjm_analysis *a, char *scratch, cjmi_state_shard *views)
{
    uint64_t events = 0;
    if (get_interned(r, &a->segment_values, scratch, "breakdown", VALUES) != CJM_OK)
        return r->status;
    if (a->breakdown != CJMI_BREAKDOWN_ATTRIBUTE && a->segment_values.count)
        return bad(r, CJM_ERR_PARSE, "segment values without an attribute breakdown");
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        if ((views ? view_shard(r, s, scratch, &views[s]) : get_shard(r, a, s, scratch)) !=
            CJM_OK)
            return r->status;
        events += views ? views[s].event_count : a->shards[s].events.count;
    }
    if (cjmi_analysis_reserve_sums(a) != CJM_OK)
        return bad(r, CJM_ERR_NOMEM, "");
    if (get_table(r, a->touchpoints.count, "touchpoints") != CJM_OK)
        return r->status;
    for (size_t t = 0; t < a->touchpoints.count; t++)
        if (get_sum(r, &a->touchpoint_feedback[t], events) != CJM_OK)
            return r->status;
    if (get_table(r, a->stage_count, "stages") != CJM_OK)
        return r->status;
    for (size_t s = 0; s < a->stage_count; s++)
        if (get_sum(r, &a->stage_feedback[s], events) != CJM_OK)
            return r->status;
    a->rejected = get_u(r, 8);
    uint64_t messages = get_u(r, 4);
    if (r->status != CJM_OK)
        return r->status;
    if (messages > CJM_REJECTED_MESSAGES || messages > a->rejected)
        return bad(r, CJM_ERR_PARSE, "too many rejected messages");
    for (uint64_t i = 0; i < messages; i++) {
        const char *m = get_string(r, scratch, 1023);
        if (!m)
            return r->status;
        char *copy = cjmi_strdup(m);
        if (!copy)
            return bad(r, CJM_ERR_NOMEM, "");
        a->rejected_messages[a->rejected_message_count++] = copy;
    }
    if (r->at != r->size)
        return bad(r, CJM_ERR_PARSE, "bytes after the end of the state");
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_analysis_deserialize(cjm_analysis **out, const cjm_journey *map,
                                               const void *data, size_t size)
{
    if (!out || !map || (!data && size))
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", rfunc,
                         !out ? "out" : !map ? "map" : "data");
    /* Whole and as written (a large state's checksum taken as its events
     * are read, and checked before the analysis is given), or refused. */
    cjmi_state_sum sum;
    reader r = { data, size, 0, CJM_OK, rfunc, size >= SUM_AS_READ ? &sum : NULL };
    if (get_envelope(&r) != CJM_OK)
        return r.status;
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    if (!a)
        return cjm_last_status();
    char *scratch = cjmi_malloc(CJM_ATTRIBUTE_VALUE_MAX + 1);
    if (!scratch)
        bad(&r, CJM_ERR_NOMEM, "");
    else if (get_state(&r, a, scratch) == CJM_OK &&
             get_interned(&r, &a->touchpoints, scratch, "touchpoint", IDS) == CJM_OK)
        get_rest(&r, a, scratch, NULL);
    cjmi_free(scratch);
    if (sum_checked(&r) != CJM_OK) {
        cjm_analysis_free(a);
        return r.status;
    }
    *out = a;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_analysis_merge_serialized(cjm_analysis *into, const void *data,
                                                    size_t size)
{
    static const char func[] = "cjm_analysis_merge_serialized";
    if (!into || (!data && size))
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, !into ? "into" : "data");
    /* On one thread a large state's checksum is taken as its events are
     * copied, and checked before into changes for good; on more, each
     * copying a shard, first. */
    cjmi_state_sum sum;
    bool one_thread = cjmi_analysis_threads(into, CJMI_SHARDS) == 1;
    reader r = { data, size, 0, CJM_OK, func, size >= SUM_AS_READ && one_thread ? &sum : NULL };
    if (get_envelope(&r) != CJM_OK)
        return r.status;
    /* The state's options and small tables (touchpoints, channels,
     * values, sums, messages) are read into an analysis of into's map
     * with no customer; its shards stay in the bytes. */
    cjm_analysis *from = cjm_analysis_new_shared(into->map, NULL);
    if (!from)
        return cjm_last_status() == CJM_ERR_NOMEM ? cjmi_nomem(func) : cjm_last_status();
    cjmi_state_shard views[CJMI_SHARDS];
    memset(views, 0, sizeof views);
    char *scratch = cjmi_malloc(CJM_ATTRIBUTE_VALUE_MAX + 1);
    if (!scratch)
        bad(&r, CJM_ERR_NOMEM, "");
    else if (get_state(&r, from, scratch) == CJM_OK &&
             get_interned(&r, &from->touchpoints, scratch, "touchpoint", IDS) == CJM_OK)
        /* A breakdown's segments and items are merged from a whole
         * analysis. */
        get_rest(&r, from, scratch, from->breakdown == CJMI_BREAKDOWN_NONE ? views : NULL);
    cjmi_free(scratch);
    /* Read whole (a breakdown's) or failed: the sum is checked now. */
    bool whole = from->breakdown != CJMI_BREAKDOWN_NONE;
    cjm_status st = r.status != CJM_OK || whole ? sum_checked(&r) : CJM_OK;
    if (st == CJM_OK)
        st = cjmi_merge_state(into, from, whole ? NULL : views, r.data, whole ? NULL : r.sum,
                              func);
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        cjmi_free(views[s].hashes);
    cjm_analysis_free(from);
    return st;
}
