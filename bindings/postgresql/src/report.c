/* The cjm-report document written straight as jsonb's bytes by walking
 * the report's description (cjm/tables.h), as libcjm-json's writer
 * (cjm_json_write_report) does: the same members, nesting and nulls, and
 * every figure the library describes, the ones it adds later too, without
 * code here per figure and without JSON text on the way.
 *
 * A small group's report is some 1,500 values, and GROUP BY customer
 * builds one per customer: building a tree of JsonbValues, sorting each
 * object's keys and converting the tree cost several times the analysis.
 * So the shape of each table's row (its objects, their keys already in
 * jsonb's order: shorter first, then by bytes) is worked out once per
 * process, and each report is written in one pass into one buffer, in the
 * layout PostgreSQL's own conversion (convertToJsonb in jsonb_util.c)
 * gives the same document: a container's header, its entries (keys then
 * values for an object, every 32nd holding an end offset instead of a
 * length), then its data, numbers and containers aligned to 4 bytes. The
 * tests check the result equals the writer's document and reads back as
 * the same jsonb, byte for byte. Each row's values are read from the
 * library in one call (cjm_report_row_values), and a row of a table
 * without nested tables that an earlier report wrote with the same values
 * is copied from it (put_row). */
#include "cjm-pg.h"

#include <math.h>

#include <cjm/tables.h>

#include "common/shortest_dec.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

/* The shape of an object made of a row's columns: its members in jsonb's
 * key order, each a column or a nested object (columns named "a.b"). */
typedef struct shape shape;
typedef struct member {
    const char *key;
    int length;
    int column;    /* -1 for a nested object */
    const shape *object;
    cjm_table table; /* the table of the column */
    cjm_table child; /* a table column's child table */
    cjm_value_type type;
    bool nullable;
    bool optional; /* may be absent: an object, when all its members may */
} member;
struct shape {
    int count;
    member *members;
    /* The object's keys as written when every member is present: their
     * bytes one after another and their entries, made once with the shape,
     * so that most objects copy their keys in two moves. */
    char *keys;
    int keys_length;
    JEntry *key_entries;
    bool leaf; /* no member holds a table: the row's values are all it writes */
    uint8 *types; /* of a table's row: each column's type */
};

static void fail(cjm_table t, size_t c) pg_attribute_noreturn();

/* jsonb's order of keys: shorter first, then by bytes. */
static int key_order(const char *a, int alen, const char *b, int blen)
{
    if (alen != blen)
        return alen < blen ? -1 : 1;
    return memcmp(a, b, (size_t)alen);
}

static int member_order(const void *a, const void *b)
{
    const member *x = a, *y = b;
    return key_order(x->key, x->length, y->key, y->length);
}

/* The shape of columns [lo, hi) of table t, whose names share their first
 * `skip` bytes (the object's path and its dot), in the current context. */
static const shape *shape_of(cjm_table t, size_t lo, size_t hi, size_t skip)
{
    shape *s = palloc0(sizeof *s);
    s->members = palloc0(sizeof(member) * Max(hi - lo, 1));
    for (size_t c = lo; c < hi;) {
        const char *name = cjm_table_column_name(t, c) + skip;
        const char *dot = strchr(name, '.');
        member *m = &s->members[s->count++];
        m->table = t;
        if (!dot) {
            m->key = name;
            m->length = (int)strlen(name);
            m->column = (int)c;
            m->type = cjm_table_column_type(t, c);
            m->nullable = cjm_table_column_nullable(t, c);
            m->optional = cjm_table_column_optional(t, c);
            if (m->type == CJM_VALUE_TABLE && cjm_table_column_table(&m->child, t, c) != CJM_OK)
                fail(t, c);
            c++;
            continue;
        }
        /* The columns of one object are next to each other. */
        size_t len = (size_t)(dot - name), end = c + 1;
        while (end < hi && strncmp(cjm_table_column_name(t, end) + skip, name, len + 1) == 0)
            end++;
        m->key = pnstrdup(name, len);
        m->length = (int)len;
        m->column = -1;
        m->object = shape_of(t, c, end, skip + len + 1);
        m->optional = true;
        for (int i = 0; i < m->object->count; i++)
            m->optional = m->optional && m->object->members[i].optional;
        c = end;
    }
    s->leaf = true;
    for (int i = 0; i < s->count; i++)
        s->leaf = s->leaf && (s->members[i].object ? s->members[i].object->leaf
                                                   : s->members[i].type != CJM_VALUE_TABLE);
    qsort(s->members, (size_t)s->count, sizeof(member), member_order);
    size_t bytes = 0;
    for (int i = 0; i < s->count; i++)
        bytes += (size_t)s->members[i].length;
    s->keys = palloc(Max(bytes, 1));
    s->key_entries = palloc(sizeof(JEntry) * (Size)Max(s->count, 1));
    uint32 end = 0;
    for (int i = 0; i < s->count; i++) {
        const member *m = &s->members[i];
        memcpy(s->keys + end, m->key, (size_t)m->length);
        end += (uint32)m->length;
        s->key_entries[i] = i % JB_OFFSET_STRIDE == 0 ? end | JENTRY_HAS_OFF
                                                      : (JEntry)m->length;
    }
    s->keys_length = (int)end;
    return s;
}

/* A row's shape for each table, made on first use and kept for the life
 * of the process (the description never changes). */
#define MAX_TABLES 64
static const shape *shapes[MAX_TABLES];

static const shape *row_shape(cjm_table t)
{
    if ((size_t)t >= MAX_TABLES)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                        errmsg("cjm: report: table %d is beyond this extension", (int)t)));
    if (!shapes[t]) {
        MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
        shape *s = (shape *)shape_of(t, 0, cjm_table_column_count(t), 0);
        s->types = palloc(Max(cjm_table_column_count(t), 1));
        for (size_t c = 0; c < cjm_table_column_count(t); c++)
            s->types[c] = (uint8)cjm_table_column_type(t, c);
        shapes[t] = s;
        MemoryContextSwitchTo(old);
    }
    return shapes[t];
}

/* Most counts of a small group's report are small: their numerics are
 * made once per process, in a context that lives as long as it. */
#define SMALL 1024
static Numeric small[SMALL];

static Numeric kept_numeric(uint64 bits, bool is_integer);

static Numeric integer(int64 n)
{
    if (n < 0 || n >= SMALL)
        return kept_numeric((uint64)n, true);
    if (!small[n]) {
        MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
        small[n] = int64_to_numeric(n);
        MemoryContextSwitchTo(old);
    }
    return small[n];
}

/* A rate or mean: the shortest decimal that reads back as the same double
 * (the writer's 17 digits read back as the same double too). Reports of
 * one query repeat their rates, severities and times: the last numerics
 * made are kept, by the value's bits and whether it is an integer, for
 * the life of the process. */
#define KEPT 512
static struct {
    uint64 bits;
    bool is_integer;
    Numeric numeric;
} kept[KEPT];

static Numeric kept_numeric(uint64 bits, bool is_integer)
{
    size_t slot = (size_t)(((bits ^ is_integer) * UINT64CONST(0x9E3779B97F4A7C15)) >> 55) % KEPT;
    if (kept[slot].numeric && kept[slot].bits == bits && kept[slot].is_integer == is_integer)
        return kept[slot].numeric;
    MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
    Numeric n;
    if (is_integer) {
        n = int64_to_numeric((int64)bits);
    } else {
        double x;
        memcpy(&x, &bits, sizeof x);
        char buf[DOUBLE_SHORTEST_DECIMAL_LEN];
        double_to_shortest_decimal_buf(x, buf);
        n = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
                                                ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
    }
    MemoryContextSwitchTo(old);
    if (kept[slot].numeric)
        pfree(kept[slot].numeric);
    kept[slot].bits = bits;
    kept[slot].is_integer = is_integer;
    kept[slot].numeric = n;
    return n;
}

static Numeric real(double x)
{
    if (x == floor(x) && fabs(x) < 1e15)
        return integer((int64)x);
    uint64 bits;
    memcpy(&bits, &x, sizeof bits);
    return kept_numeric(bits, false);
}

static void fail(cjm_table t, size_t c)
{
    ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                    errmsg("cjm: report: the %s column %s cannot be read",
                           cjm_table_name(t), cjm_table_column_name(t, c))));
}

static void too_large(void) pg_attribute_noreturn();

static void too_large(void)
{
    ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                    errmsg("cjm: the report is too large for jsonb")));
}

/* The document being written: the buffer and the report it comes from. */
typedef struct writer {
    StringInfoData out;
    const cjm_report *report;
} writer;

/* memcpy for a copy of a few hundred bytes at most: through the C
 * library's call. Knowing a lower bound of the size, the compiler would
 * copy inline with a string instruction, slow to start for such sizes;
 * hiding the size keeps the call. */
static inline void copy_bytes(void *to, const void *from, size_t size)
{
#ifdef __GNUC__
    __asm__("" : "+r"(size));
#endif
    memcpy(to, from, size);
}

/* Appends n bytes. */
static inline void emit(writer *w, const void *p, int n)
{
    if (w->out.len + n >= w->out.maxlen)
        enlargeStringInfo(&w->out, n);
    char *to = w->out.data + w->out.len;
    const char *from = p;
    /* Most pieces are a few bytes (a key, an id, a small number): copied
     * in two moves of a fixed size that overlap, not by a call to memcpy. */
    if (n >= 8 && n <= 16) {
        memcpy(to, from, 8);
        memcpy(to + n - 8, from + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        memcpy(to, from, 4);
        memcpy(to + n - 4, from + n - 4, 4);
    } else if (n > 16) {
        copy_bytes(to, from, (size_t)n);
    } else {
        for (int i = 0; i < n; i++)
            to[i] = from[i];
    }
    w->out.len += n;
}

/* Pads the buffer to 4 bytes with zeros; returns the padding's size. */
static inline int pad(writer *w)
{
    int n = INTALIGN(w->out.len) - w->out.len;
    if (n) {
        /* Four zeros, of which the next piece overwrites the last ones. */
        if (w->out.len + 4 >= w->out.maxlen)
            enlargeStringInfo(&w->out, 4);
        memset(w->out.data + w->out.len, 0, 4);
        w->out.len += n;
    }
    return n;
}

/* Room for n entries at the end of the buffer; returns where they start. */
static int reserve(writer *w, int n)
{
    int at = w->out.len;
    if ((Size)n > (MaxAllocSize - (Size)at) / sizeof(JEntry))
        too_large();
    enlargeStringInfo(&w->out, (int)(sizeof(JEntry) * (Size)n));
    w->out.len += (int)(sizeof(JEntry) * (Size)n);
    return at;
}

/* Sets entry i of those at `at`, its data ending `end` bytes into the
 * container's data: every 32nd entry keeps that end, the others their
 * length. */
static void set_entry(writer *w, int at, int i, JEntry entry, uint32 end)
{
    if (end > JENTRY_OFFLENMASK)
        too_large();
    if (i % JB_OFFSET_STRIDE == 0)
        entry = (entry & JENTRY_TYPEMASK) | end | JENTRY_HAS_OFF;
    memcpy(w->out.data + at + (Size)i * sizeof(JEntry), &entry, sizeof entry);
}

static JEntry put_numeric(writer *w, Numeric n)
{
    int padding = pad(w), length = (int)VARSIZE_ANY(n);
    emit(w, n, length);
    return JENTRY_ISNUMERIC | (JEntry)(padding + length);
}

static JEntry put_string(writer *w, const char *s, int length)
{
    emit(w, s, length);
    return (JEntry)length;
}

static JEntry put_table(writer *w, cjm_table t, size_t first, size_t count);

/* Whether a member is left out of a row's object: a value absent from the
 * report, or an object whose members all are. Only optional columns have
 * absent values. `v` holds the row's values, one per column. */
static bool absent(const cjm_row_value *v, const member *m)
{
    if (!m->optional)
        return false;
    if (!m->object)
        return v[m->column].absent;
    for (int i = 0; i < m->object->count; i++)
        if (!absent(v, &m->object->members[i]))
            return false;
    return true;
}

/* Whether a value is written as null: null in the report, or a NaN. */
static bool null_value(const cjm_row_value *v, const member *m)
{
    if (m->type == CJM_VALUE_REAL)
        return isnan(v[m->column].as.real);
    return v[m->column].null;
}

/* Whether every member of a nested object is null, so that the object is
 * written as null, as the writer does. */
static bool all_null(const cjm_row_value *v, const shape *s)
{
    for (int i = 0; i < s->count; i++) {
        const member *m = &s->members[i];
        if (m->object ? !all_null(v, m->object) : !null_value(v, m))
            return false;
    }
    return true;
}

/* Writes one value of a row whose values `v` holds; returns its entry. A
 * null value reads as 0, CJM_UNSET, NaN, NULL or false: written as null
 * (a real is also null when it is NaN). */
static JEntry put_value(writer *w, const cjm_row_value *v, const member *m)
{
    const cjm_row_value *x = &v[m->column];
    switch (m->type) {
    case CJM_VALUE_TABLE:
        /* The run of the child's rows the column places in this row. */
        return x->null ? JENTRY_ISNULL : put_table(w, m->child, x->as.rows.first,
                                                   x->as.rows.count);
    case CJM_VALUE_COUNT:
        return x->null ? JENTRY_ISNULL : put_numeric(w, integer((int64)x->as.count));
    case CJM_VALUE_INTEGER:
        return x->null ? JENTRY_ISNULL : put_numeric(w, integer(x->as.integer));
    case CJM_VALUE_REAL:
        return isnan(x->as.real) ? JENTRY_ISNULL : put_numeric(w, real(x->as.real));
    case CJM_VALUE_TEXT:
        return x->as.text ? put_string(w, x->as.text, (int)strlen(x->as.text))
                          : JENTRY_ISNULL;
    case CJM_VALUE_BOOLEAN:
        if (x->null)
            return JENTRY_ISNULL;
        return x->as.boolean ? JENTRY_ISBOOL_TRUE : JENTRY_ISBOOL_FALSE;
    default: /* a type this extension does not know: fail, never guess */
        break;
    }
    fail(m->table, (size_t)m->column);
}

/* Starts a container of n children (2n entries for an object): aligned,
 * its header, room for its entries. Returns where the entries are; *base
 * is where the container starts, padding included. */
static int open_container(writer *w, uint32 header, int n, int entries, int *base)
{
    if (n > (int)JB_CMASK)
        too_large();
    *base = w->out.len;
    pad(w);
    emit(w, &header, sizeof header);
    return reserve(w, entries);
}

static JEntry close_container(writer *w, int base)
{
    uint32 length = (uint32)(w->out.len - base);
    if (length > JENTRY_OFFLENMASK)
        too_large();
    return JENTRY_ISCONTAINER | length;
}

/* Writes the object of a row's shape, its absent members left out; `v`
 * holds the row's values. */
static JEntry put_object(writer *w, const cjm_row_value *v, const shape *s)
{
    /* The members present in this row, in the shape's (jsonb's) order. */
    const member *stack[64], **present = stack;
    if (s->count > (int)lengthof(stack))
        present = palloc(sizeof(member *) * (Size)s->count);
    int base, n = 0;
    for (int i = 0; i < s->count; i++)
        if (!s->members[i].optional || !absent(v, &s->members[i]))
            present[n++] = &s->members[i];
    int at = open_container(w, (uint32)n | JB_FOBJECT, n, 2 * n, &base);
    int data = w->out.len;
    if (n == s->count && n > 0) {
        memcpy(w->out.data + at, s->key_entries, sizeof(JEntry) * (Size)n);
        emit(w, s->keys, s->keys_length);
    } else {
        for (int i = 0; i < n; i++) {
            JEntry e = put_string(w, present[i]->key, present[i]->length);
            set_entry(w, at, i, e, (uint32)(w->out.len - data));
        }
    }
    for (int i = 0; i < n; i++) {
        const member *m = present[i];
        JEntry e;
        if (!m->object)
            e = put_value(w, v, m);
        else if (all_null(v, m->object))
            e = JENTRY_ISNULL;
        else
            e = put_object(w, v, m->object);
        set_entry(w, at, n + i, e, (uint32)(w->out.len - data));
    }
    if (present != stack)
        pfree(present);
    return close_container(w, base);
}

/* The first n values of row `row` of table t, into v. */
static void read_row(writer *w, cjm_row_value *v, size_t n, cjm_table t, size_t row)
{
    if (cjm_report_row_values(v, n, w->report, t, row) != CJM_OK)
        fail(t, 0);
}

/* A row's values: on the stack for the tables of today, which have a few
 * dozen columns at most. */
#define ROW_VALUES 64

/*
 * Rows written before, by their values. Most rows of a small group's
 * report are the same from one group to the next (the touchpoints the
 * customer never used, the map's own gaps), and a row's object is the
 * same bytes wherever it starts on a 4-byte boundary (jsonb's offsets are
 * relative to their container, its padding relative to the start). So a
 * row of a table without nested tables is written once per process and
 * kept with its values as a key: the table, each value's flags and 8
 * bytes (its bits, or a text's length), then the texts' bytes. The slot is
 * chosen by a hash of the values, two slots a hash (the one used last
 * first, the other reused), and a row whose values equal a slot's key
 * copies its object. A report of one customer has a hundred such rows,
 * and a query's groups some thousands of different ones, which in 1,024
 * slots of one a hash evicted one another: of the rows that could be
 * kept, 84.5% were found there, 86.1% here (88.8% with unlimited slots).
 *
 * Most rows are found, so finding one is what costs: the hash and the
 * comparison read the values where the report holds them, and a key is
 * laid out only for a row written anew. (Laying out every row's key and
 * then hashing and comparing it read back bytes just stored in pieces,
 * which the processor cannot forward to the loads: a stall on every word.)
 */
#define MEMO_SLOTS 2048
#define MEMO_LARGEST 1024 /* a row's key or object beyond this is not kept: at most
                          * 4 MB a process, about 1 MB for such reports */
typedef struct memo {
    uint64 hash;
    int key_length, length; /* -1: empty */
    char *data; /* the key, then the object's bytes: one read for both */
    int capacity;
} memo;
static memo *memos;

/* The size of a key's value: its flags (null, absent), then 8 bytes. */
#define KEY_VALUE 10

static inline uint64 load8(const char *p)
{
    uint64 x;
    memcpy(&x, p, sizeof x);
    return x;
}

static inline uint64 load4(const char *p)
{
    uint32 x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* One step of a row's hash: the word's product xored in and the sum
 * turned. The multiplications do not wait for one another, so a row's
 * steps cost a cycle or two each, not a multiplication's latency. */
static inline uint64 mix(uint64 h, uint64 x)
{
    h ^= x * UINT64CONST(0x9E3779B97F4A7C15);
    return h << 29 | h >> 35;
}

/* The hash's last step: every bit of h moves every bit of the result. */
static inline uint64 finish(uint64 h)
{
    h = (h ^ (h >> 32)) * UINT64CONST(0xFF51AFD7ED558CCD);
    return h ^ (h >> 29);
}

/* Mixes n bytes at p into h, in words read where the bytes are (the
 * last word overlapping the one before it; short texts in two halves or
 * three bytes), never through a copy. */
static inline uint64 mix_bytes(uint64 h, const char *p, size_t n)
{
    if (n >= 8) {
        for (; n > 8; p += 8, n -= 8)
            h = mix(h, load8(p));
        return mix(h, load8(p + n - 8));
    }
    if (n >= 4)
        return mix(h, load4(p) | load4(p + n - 4) << 32);
    if (n > 0)
        return mix(h, (uint64)(uint8)p[0] | (uint64)(uint8)p[n / 2] << 8 |
                          (uint64)(uint8)p[n - 1] << 16);
    return h;
}

/* Whether n bytes at a and b are the same, compared in words read as
 * mix_bytes reads them: most texts are a few bytes, for which a call to
 * memcmp costs more than the comparison. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (; n > 8; a += 8, b += 8, n -= 8)
            if (load8(a) != load8(b))
                return false;
        return load8(a + n - 8) == load8(b + n - 8);
    }
    if (n >= 4)
        return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* A value's flags as a key holds them: `null` and `absent`, next to
 * each other, read at once. */
static inline uint16 value_flags(const cjm_row_value *v)
{
    uint16 flags;
    StaticAssertStmt(offsetof(cjm_row_value, absent) == offsetof(cjm_row_value, null) + 1,
                     "a value's flags are next to each other");
    memcpy(&flags, &v->null, sizeof flags);
    return flags;
}

/* A value's 8 bytes as a key holds them: a text's length, or its bits. */
static inline uint64 value_bits(const cjm_row_value *v, uint8 type, const int32 *length)
{
    if (type == CJM_VALUE_TEXT)
        return (uint64)*length;
    return type == CJM_VALUE_BOOLEAN ? (uint64)v->as.boolean : v->as.count;
}

/* A hash of a row's values (table t, n values v of the types `types`);
 * lengths[c] receives each text's length, and *key_length the length of
 * the row's key (beyond MEMO_LARGEST for a key too long to keep). */
static uint64 row_hash(int32 *lengths, size_t *key_length, cjm_table t,
                       const cjm_row_value *v, const uint8 *types, size_t n)
{
    uint64 h = (uint64)t;
    size_t bytes = sizeof(int32) + KEY_VALUE * n;
    for (size_t c = 0; c < n; c++) {
        if (types[c] == CJM_VALUE_TEXT) {
            const char *p = v[c].as.text ? v[c].as.text : "";
            size_t length = strlen(p);
            lengths[c] = (int32)Min(length, MEMO_LARGEST + 1);
            bytes += length;
            h = mix_bytes(h, p, length);
        }
        h = mix(h, value_bits(&v[c], types[c], &lengths[c]) ^ (uint64)value_flags(&v[c]) << 48);
    }
    *key_length = bytes;
    return finish(h);
}

/* Lays out the key of a row (as row_hash: texts lengths[c] long) into
 * key[0 .. key_length). */
static void row_key(char *key, cjm_table t, const cjm_row_value *v, const uint8 *types,
                    const int32 *lengths, size_t n)
{
    int32 table = (int32)t;
    memcpy(key, &table, sizeof table);
    char *at = key + sizeof table, *text = at + KEY_VALUE * n;
    for (size_t c = 0; c < n; c++, at += KEY_VALUE) {
        uint16 flags = value_flags(&v[c]);
        uint64 bits = value_bits(&v[c], types[c], &lengths[c]);
        memcpy(at, &flags, sizeof flags);
        memcpy(at + sizeof flags, &bits, sizeof bits);
        if (types[c] == CJM_VALUE_TEXT) {
            memcpy(text, v[c].as.text ? v[c].as.text : "", (size_t)lengths[c]);
            text += lengths[c];
        }
    }
}

/* Whether a key of the row's length (row_hash's key_length) holds the
 * row's values. */
static bool same_row(const char *key, cjm_table t, const cjm_row_value *v, const uint8 *types,
                     const int32 *lengths, size_t n)
{
    if (load4(key) != (uint32)(int32)t)
        return false;
    const char *at = key + sizeof(int32), *text = at + KEY_VALUE * n;
    for (size_t c = 0; c < n; c++, at += KEY_VALUE) {
        uint16 flags;
        memcpy(&flags, at, sizeof flags);
        if (flags != value_flags(&v[c]) ||
            load8(at + sizeof flags) != value_bits(&v[c], types[c], &lengths[c]))
            return false;
        if (types[c] == CJM_VALUE_TEXT) {
            if (!same_bytes(text, v[c].as.text ? v[c].as.text : "", (size_t)lengths[c]))
                return false;
            text += lengths[c];
        }
    }
    return true;
}

/* Keeps a row's key and object in slot m, its buffer grown in
 * TopMemoryContext. */
static void keep(memo *m, uint64 hash, const char *key, int key_length, const char *bytes,
                 int length)
{
    m->key_length = m->length = -1; /* empty until whole */
    int n = key_length + length;
    if (n > m->capacity) {
        char *grown = MemoryContextAlloc(TopMemoryContext, (Size)n);
        if (m->data)
            pfree(m->data);
        m->data = grown;
        m->capacity = n;
    }
    copy_bytes(m->data, key, (size_t)key_length);
    copy_bytes(m->data + key_length, bytes, (size_t)length);
    m->hash = hash;
    m->length = length;
    m->key_length = key_length;
}

/* Writes a row of table t as the object of its shape. */
static JEntry put_row(writer *w, cjm_table t, size_t row, const shape *s)
{
    size_t n = cjm_table_column_count(t);
    cjm_row_value stack[ROW_VALUES], *v = n > ROW_VALUES ? palloc(sizeof *v * n) : stack;
    read_row(w, v, n, t, row);
    if (!s->leaf || n > ROW_VALUES) {
        JEntry e = put_object(w, v, s);
        if (v != stack)
            pfree(v);
        return e;
    }
    if (!memos) {
        /* A hash's two slots on one cache line. */
        char *room = MemoryContextAllocZero(TopMemoryContext,
                                            sizeof(memo) * MEMO_SLOTS + PG_CACHE_LINE_SIZE);
        memos = (memo *)TYPEALIGN(PG_CACHE_LINE_SIZE, room);
        for (int i = 0; i < MEMO_SLOTS; i++)
            memos[i].key_length = memos[i].length = -1;
    }
    int32 lengths[ROW_VALUES];
    size_t key_length;
    uint64 hash = row_hash(lengths, &key_length, t, v, s->types, n);
    /* Two slots a hash: the one used last first. */
    memo *set = &memos[hash % (MEMO_SLOTS / 2) * 2];
    int base = w->out.len;
    JEntry e;
    int found = -1;
    for (int i = 0; i < 2 && found < 0; i++)
        if (set[i].hash == hash && (size_t)set[i].key_length == key_length &&
            same_row(set[i].data, t, v, s->types, lengths, n))
            found = i;
    if (found >= 0) {
        pad(w);
        emit(w, set[found].data + key_length, set[found].length);
        e = JENTRY_ISCONTAINER | (uint32)(w->out.len - base);
    } else {
        e = put_object(w, v, s);
    }
    if (found != 0) { /* the slot found, or the older one to reuse, first */
        memo first = set[1];
        set[1] = set[0];
        set[0] = first;
    }
    int start = INTALIGN(base), length = w->out.len - start;
    if (found < 0 && key_length <= MEMO_LARGEST && length <= MEMO_LARGEST) {
        char key[MEMO_LARGEST];
        row_key(key, t, v, s->types, lengths, n);
        keep(&set[0], hash, key, (int)key_length, w->out.data + start, length);
    }
    if (v != stack)
        pfree(v);
    return e;
}

/* A keyed table's row, and its key, to sort the rows in jsonb's order. */
typedef struct keyed_row {
    const char *key;
    int length;
    cjm_row_value values[2]; /* the key and the value */
} keyed_row;

static int keyed_order(const void *a, const void *b)
{
    const keyed_row *x = a, *y = b;
    return key_order(x->key, x->length, y->key, y->length);
}

/* keyed_order of the rows at two indexes into `rows`. */
static int index_order(const void *a, const void *b, void *rows)
{
    const keyed_row *r = rows;
    return keyed_order(&r[*(const int *)a], &r[*(const int *)b]);
}

/* The indexes of n keyed rows in jsonb's order of their keys (distinct):
 * a dozen channels as a rule, sorted by insertion rather than by qsort's
 * calls; more by qsort. */
#define FEW_KEYS 32
static int *keyed_rows_in_order(const keyed_row *rows, int n)
{
    int *order = palloc(sizeof(int) * Max(n, 1));
    for (int i = 0; i < n; i++)
        order[i] = i;
    if (n > FEW_KEYS) {
        qsort_arg(order, (size_t)n, sizeof(int), index_order, (void *)rows);
        return order;
    }
    for (int i = 1; i < n; i++) {
        int j = i;
        for (; j > 0 && keyed_order(&rows[i], &rows[order[j - 1]]) < 0; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    return order;
}

/* The member of a table's row shape for column c. */
static const member *column_member(cjm_table t, int c)
{
    const shape *s = row_shape(t);
    for (int i = 0; i < s->count; i++)
        if (s->members[i].column == c)
            return &s->members[i];
    fail(t, (size_t)c);
}

/* The rows [first, first + count) of a table: an array of row objects;
 * keyed, one object whose member names are its first column and whose
 * values its second; a list, an array of its one column's values. An
 * absent value leaves its entry out. */
static JEntry put_table(writer *w, cjm_table t, size_t first, size_t count)
{
    if (count > JB_CMASK)
        too_large();
    int base, n = 0;
    if (cjm_table_list(t)) {
        const member *m = column_member(t, 0);
        cjm_row_value *v = palloc(sizeof *v * Max(count, 1));
        for (size_t i = first; i - first < count; i++) {
            read_row(w, &v[n], 1, t, i);
            if (!absent(&v[n], m))
                n++;
        }
        int at = open_container(w, (uint32)n | JB_FARRAY, n, n, &base);
        int data = w->out.len;
        for (int i = 0; i < n; i++) {
            JEntry e = put_value(w, &v[i], m);
            set_entry(w, at, i, e, (uint32)(w->out.len - data));
        }
        pfree(v);
        return close_container(w, base);
    }
    if (cjm_table_keyed(t)) {
        const member *value = column_member(t, 1); /* the second column */
        keyed_row *keys = palloc(sizeof(keyed_row) * Max(count, 1));
        for (size_t i = first; i - first < count; i++) {
            cjm_row_value *v = keys[n].values;
            read_row(w, v, 2, t, i);
            if (!v[0].as.text)
                fail(t, 0);
            if (!absent(v, value)) {
                keys[n].key = v[0].as.text;
                keys[n].length = (int)strlen(v[0].as.text);
                n++;
            }
        }
        int *order = keyed_rows_in_order(keys, n);
        int at = open_container(w, (uint32)n | JB_FOBJECT, n, 2 * n, &base);
        int data = w->out.len;
        for (int i = 0; i < n; i++) {
            const keyed_row *k = &keys[order[i]];
            JEntry e = put_string(w, k->key, k->length);
            set_entry(w, at, i, e, (uint32)(w->out.len - data));
        }
        for (int i = 0; i < n; i++) {
            JEntry e = put_value(w, keys[order[i]].values, value);
            set_entry(w, at, n + i, e, (uint32)(w->out.len - data));
        }
        pfree(order);
        pfree(keys);
        return close_container(w, base);
    }
    const shape *s = row_shape(t);
    n = (int)count;
    int at = open_container(w, (uint32)n | JB_FARRAY, n, n, &base);
    int data = w->out.len;
    for (int i = 0; i < n; i++) {
        JEntry e = put_row(w, t, first + (size_t)i, s); /* before the end is read */
        set_entry(w, at, i, e, (uint32)(w->out.len - data));
    }
    return close_container(w, base);
}

Datum cjmpg_report_jsonb(const cjm_report *r)
{
    writer w = { .report = r };
    initStringInfo(&w.out);
    /* The size of a small group's report, so that it is rarely moved. */
    enlargeStringInfo(&w.out, 32768);
    w.out.len = VARHDRSZ;
    put_row(&w, CJM_TABLE_REPORT, 0, row_shape(CJM_TABLE_REPORT));
    SET_VARSIZE(w.out.data, w.out.len);
    return PointerGetDatum(w.out.data);
}

/* A journey's own gap as a member of the report's gap object wants it,
 * by the member's name (a gap list is not a report, so the report's
 * getters cannot read it); false for a member a gap has no accessor for. */
static bool put_gap_member(writer *w, const cjm_gap *g, const member *m, JEntry *e)
{
    const char *text = NULL;
    if (strcmp(m->key, "kind") == 0)
        text = cjm_gap_kind_name(cjm_gap_kind_of(g));
    else if (strcmp(m->key, "stage") == 0)
        text = cjm_gap_stage(g);
    else if (strcmp(m->key, "touchpoint") == 0)
        text = cjm_gap_touchpoint(g);
    else if (strcmp(m->key, "to_stage") == 0)
        text = cjm_gap_to_stage(g);
    else if (strcmp(m->key, "segment") == 0)
        text = cjm_gap_segment(g);
    else if (strcmp(m->key, "message") == 0)
        text = cjm_gap_message(g);
    else if (strcmp(m->key, "count") == 0) {
        *e = put_numeric(w, integer((int64)cjm_gap_count(g)));
        return true;
    } else if (strcmp(m->key, "value") == 0 || strcmp(m->key, "severity") == 0) {
        double x = m->key[0] == 'v' ? cjm_gap_value(g) : cjm_gap_severity(g);
        *e = isnan(x) ? JENTRY_ISNULL : put_numeric(w, real(x));
        return true;
    } else
        return false;
    *e = text ? put_string(w, text, (int)strlen(text)) : JENTRY_ISNULL;
    return true;
}

Datum cjmpg_gaps_jsonb(const cjm_gap_list *gaps)
{
    const shape *s = row_shape(CJM_TABLE_GAPS);
    writer w = { .report = NULL };
    initStringInfo(&w.out);
    w.out.len = VARHDRSZ;
    size_t count = cjm_gap_list_count(gaps);
    if (count > JB_CMASK)
        too_large();
    int base, n = (int)count;
    int at = open_container(&w, (uint32)n | JB_FARRAY, n, n, &base);
    int data = w.out.len;
    const member **present = palloc(sizeof(member *) * (Size)Max(s->count, 1));
    for (int i = 0; i < n; i++) {
        const cjm_gap *g = cjm_gap_list_get(gaps, (size_t)i);
        /* A segment only for the kinds that name one, as in a report. */
        int k = 0, object;
        for (int j = 0; j < s->count; j++)
            if (strcmp(s->members[j].key, "segment") != 0 || cjm_gap_has_segment(g))
                present[k++] = &s->members[j];
        int entries = open_container(&w, (uint32)k | JB_FOBJECT, k, 2 * k, &object);
        int start = w.out.len;
        for (int j = 0; j < k; j++) {
            JEntry e = put_string(&w, present[j]->key, present[j]->length);
            set_entry(&w, entries, j, e, (uint32)(w.out.len - start));
        }
        for (int j = 0; j < k; j++) {
            JEntry e;
            if (!put_gap_member(&w, g, present[j], &e))
                fail(CJM_TABLE_GAPS, (size_t)present[j]->column);
            set_entry(&w, entries, k + j, e, (uint32)(w.out.len - start));
        }
        JEntry e = close_container(&w, object);
        set_entry(&w, at, i, e, (uint32)(w.out.len - data));
    }
    pfree(present);
    SET_VARSIZE(w.out.data, w.out.len);
    return PointerGetDatum(w.out.data);
}
