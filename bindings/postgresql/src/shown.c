/* How text that comes from a query (a key, a value, a customer, a
 * caller's name) is shown in a message: it may be as long as a document
 * and hold anything, so it is cut short, and a key or value is quoted as
 * JSON writes it. */
#include "cjm-pg.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/json.h"

/* At most this many bytes of a key or value are shown. */
#define QUOTED_MAX 40

size_t cjmpg_clip(const char *text, size_t max, bool json)
{
    size_t n = strlen(text), at = 0;
    if (n <= max)
        return n;
    /* In an SQL_ASCII database PostgreSQL cannot tell characters apart
     * (pg_mblen is 1): no byte of a UTF-8 sequence is cut from the bytes
     * before it, so that a UTF-8 client still reads the message. */
    bool ascii_db = GetDatabaseEncoding() == PG_SQL_ASCII;
    for (;;) {
        size_t step = json && text[at] == '\\' && text[at + 1]
                          ? (text[at + 1] == 'u' ? 6 : 2)
                          : (size_t)pg_mblen(text + at);
        if (ascii_db && (unsigned char)text[at] >= 0xc0)
            while ((((unsigned char)text[at + step]) & 0xc0) == 0x80)
                step++;
        if (at + step > max)
            return at;
        at += step;
    }
}

const char *cjmpg_cut(const char *text)
{
    size_t keep = cjmpg_clip(text, QUOTED_MAX, false);
    return text[keep] ? psprintf("%.*s...", (int)keep, text) : text;
}

const char *cjmpg_json_cut(const char *json)
{
    size_t keep = cjmpg_clip(json, QUOTED_MAX, true);
    if (!json[keep])
        return json;
    return psprintf(json[0] == '"' ? "%.*s...\"" : "%.*s...", (int)keep, json);
}

const char *cjmpg_quoted(const char *text)
{
    StringInfoData json;
    initStringInfo(&json);
    escape_json(&json, text);
    return cjmpg_json_cut(json.data);
}
