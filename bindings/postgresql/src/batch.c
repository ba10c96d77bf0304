/* A group's rows, given to its analysis many at a time.
 *
 * A library call has a cost of its own beside its events' (checking and
 * sharing out the block, reserving room in every shard), which for one row
 * is most of it: GROUP BY customer gives a group a dozen rows, one call
 * each. So the transition keeps the rows it takes (their texts copied into
 * one buffer) and gives them to the analysis in one call when the batch is
 * full, and before anything reads the analysis. The analysis is the same
 * either way, since it does not depend on the order of its events.
 *
 * Strict errors still name the row: a batch the library refuses leaves
 * the analysis as it was, and its rows are then given one at a time, so
 * that the first bad row is found and named with its number, customer and
 * time, as if it had been added on its own. */
#include "state.h"

#include "lib/stringinfo.h"
#include "utils/timestamp.h"

/* Rows a batch holds before they go to the analysis: enough to make the
 * call's own cost small, few enough to keep the batch small. */
#define BATCH_ROWS 256

#define NO_TEXT ((Size)-1)

/* A customer as a message shows it: quoted, control characters as \xNN,
 * and cut after 64 bytes (never inside a character), since it comes from
 * a row and may be anything. */
static const char *shown(const char *customer)
{
    if (!customer)
        return "NULL";
    StringInfoData out;
    initStringInfo(&out);
    appendStringInfoChar(&out, '"');
    size_t n = strlen(customer), cut = cjmpg_clip(customer, 64, false);
    for (size_t i = 0; i < cut; i++) {
        unsigned char c = (unsigned char)customer[i];
        if (c < 0x20 || c == 0x7f)
            appendStringInfo(&out, "\\x%02x", c);
        else
            appendStringInfoChar(&out, (char)c);
    }
    appendStringInfoString(&out, cut < n ? "\"..." : "\"");
    return out.data;
}

char *cjmpg_row_name(int64 row, const char *customer, const TimestampTz *at)
{
    /* The customer as the library holds it (UTF-8), shown as the
     * database's text. */
    return psprintf("row " INT64_FORMAT " of the group (customer %s, at %s)", row,
                    customer ? shown(cjmpg_message(customer)) : shown(NULL),
                    at ? timestamptz_to_str(*at) : "no time");
}

void cjmpg_bad_row(int64 row, const char *customer, const TimestampTz *at, cjm_status status,
                   const char *message)
{
    /* The position inside a one-event call, or the call that took a row
     * without customer, time or touchpoint, means nothing here. */
    const char *inner = strstr(message, ": event 0: ");
    if (inner)
        message = inner + strlen(": event 0: ");
    else if (strncmp(message, "cjm_analysis_add_event: ", strlen("cjm_analysis_add_event: ")) == 0)
        message += strlen("cjm_analysis_add_event: ");
    int code = status == CJM_ERR_RANGE ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
                                       : ERRCODE_INVALID_PARAMETER_VALUE;
    ereport(ERROR, (errcode(code),
                    errmsg("cjm: %s: %s", cjmpg_row_name(row, customer, at), message),
                    errhint("Correct the row, or count such rows instead with the option "
                            "{\"lenient\": true}.")));
}

/* p grown to `size` bytes, or made in `context` when NULL. */
static void *grown(MemoryContext context, void *p, Size size)
{
    return p ? repalloc(p, size) : MemoryContextAlloc(context, size);
}

/* Copies a row's four texts (NULL for NULL) after the batch's texts,
 * NUL-terminated, their places into offsets[] (NO_TEXT for NULL); returns
 * the bytes they take, which the batch's `used` does not count yet. */
static Size copy_texts(MemoryContext context, cjmpg_batch *b, text *const texts[4],
                       Size offsets[4])
{
    const char *data[4];
    Size lengths[4], bytes = 0;
    bool as_is = cjmpg_text_as_is();
    for (int i = 0; i < 4; i++) {
        if (!texts[i])
            continue;
        data[i] = VARDATA_ANY(texts[i]);
        lengths[i] = VARSIZE_ANY_EXHDR(texts[i]);
        if (!as_is) { /* in UTF-8, the library's encoding */
            data[i] = cjmpg_utf8(data[i], lengths[i]);
            lengths[i] = strlen(data[i]);
        }
        bytes += lengths[i] + 1;
    }
    if (b->used + bytes > b->size) {
        Size n = Max(b->size * 2, Max(b->used + bytes, 1024));
        b->bytes = grown(context, b->bytes, n);
        b->size = n;
    }
    Size at = b->used;
    for (int i = 0; i < 4; i++) {
        offsets[i] = NO_TEXT;
        if (!texts[i])
            continue;
        Size length = lengths[i];
        memcpy(b->bytes + at, data[i], length);
        b->bytes[at + length] = '\0';
        offsets[i] = at;
        at += length + 1;
    }
    return bytes;
}

void cjmpg_batch_add(MemoryContext context, cjmpg_state *s, text *const texts[4], int64 at,
                     TimestampTz when, double score, double low, double high)
{
    cjmpg_batch *b = &s->batch;
    if (b->count == b->capacity) {
        Size n = b->capacity ? 2 * (Size)b->capacity : 16;
        b->texts = grown(context, b->texts, sizeof *b->texts * 4 * n);
        b->at = grown(context, b->at, sizeof *b->at * n);
        b->when = grown(context, b->when, sizeof *b->when * n);
        b->row = grown(context, b->row, sizeof *b->row * n);
        b->score = grown(context, b->score, sizeof *b->score * n);
        b->low = grown(context, b->low, sizeof *b->low * n);
        b->high = grown(context, b->high, sizeof *b->high * n);
        b->capacity = (int)n;
    }
    int r = b->count;
    b->used += copy_texts(context, b, texts, &b->texts[4 * r]);
    b->at[r] = at;
    b->when[r] = when;
    b->row[r] = s->rows;
    b->score[r] = score;
    b->low[r] = low;
    b->high[r] = high;
    b->count++;
    if (b->count >= BATCH_ROWS)
        cjmpg_batch_flush(context, s);
}

void cjmpg_batch_texts(MemoryContext context, cjmpg_state *s, text *const texts[4],
                       const char *out[4])
{
    cjmpg_batch *b = &s->batch;
    Size offsets[4];
    copy_texts(context, b, texts, offsets);
    for (int i = 0; i < 4; i++)
        out[i] = offsets[i] == NO_TEXT ? NULL : b->bytes + offsets[i];
}

/* Adds rows [first, first + n) of the batch, whose texts are the columns
 * `columns` (customer, touchpoint, channel, stage, each of b->count). */
static cjm_status add_rows(MemoryContext context, cjmpg_state *s, const char **columns,
                           int first, int n)
{
    cjmpg_batch *b = &s->batch;
    const char **c = columns;
    MemoryContext old = MemoryContextSwitchTo(context);
    cjm_status st = cjm_analysis_add_columns(
        s->analysis, (size_t)n, c + first, b->at + first, c + b->count + first,
        c + 2 * b->count + first, c + 3 * b->count + first, b->score + first, b->low + first,
        b->high + first);
    MemoryContextSwitchTo(old);
    return st;
}

void cjmpg_batch_flush(MemoryContext context, cjmpg_state *s)
{
    cjmpg_batch *b = &s->batch;
    int n = b->count;
    if (n == 0)
        return;
    /* The texts as columns, now that the buffer no longer moves. */
    const char **columns = palloc(sizeof *columns * 4 * (Size)n);
    for (int r = 0; r < n; r++)
        for (int i = 0; i < 4; i++)
            columns[i * n + r] =
                b->texts[4 * r + i] == NO_TEXT ? NULL : b->bytes + b->texts[4 * r + i];
    cjm_status st = add_rows(context, s, columns, 0, n);
    if (st == CJM_ERR_NOMEM)
        cjmpg_raise(st);
    /* Refused whole: find the first bad row, one row at a time. */
    for (int r = 0; st != CJM_OK && r < n; r++) {
        cjm_status one = add_rows(context, s, columns, r, 1);
        if (one != CJM_OK) {
            b->count = 0;
            b->used = 0;
            cjmpg_bad_row(b->row[r], columns[r], &b->when[r], one,
                          cjmpg_message(cjm_last_error()));
        }
    }
    pfree(columns);
    b->count = 0;
    b->used = 0;
}
