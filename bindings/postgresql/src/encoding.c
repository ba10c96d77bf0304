/* Text between the database's encoding and UTF-8, the library's.
 *
 * A database in UTF-8, or in SQL_ASCII (whose bytes PostgreSQL leaves
 * uninterpreted), hands its bytes to the library as they are, and takes
 * the library's back as they are. A database in any other encoding
 * (LATIN1, say) has every text the library reads converted to UTF-8 and
 * every text it writes converted back, by PostgreSQL's own conversions: a
 * character the database's encoding lacks is PostgreSQL's usual error.
 * A partial's bytes are UTF-8 whatever the database, so partials travel
 * between databases of any encoding. */
#include "cjm-pg.h"

#include "mb/pg_wchar.h"
#include "lib/stringinfo.h"
#include "utils/fmgrprotos.h"

bool cjmpg_text_as_is(void)
{
    int encoding = GetDatabaseEncoding();
    return encoding == PG_UTF8 || encoding == PG_SQL_ASCII;
}

char *cjmpg_utf8(const char *text, Size length)
{
    if (cjmpg_text_as_is())
        return pnstrdup(text, length);
    char *utf8 = pg_server_to_any(text, (int)length, PG_UTF8);
    return utf8 == text ? pnstrdup(text, length) : utf8;
}

char *cjmpg_server_text(const char *utf8, Size length)
{
    if (cjmpg_text_as_is())
        return pnstrdup(utf8, length);
    char *text = pg_any_to_server(utf8, (int)length, PG_UTF8);
    return text == utf8 ? pnstrdup(utf8, length) : text;
}

Datum cjmpg_server_jsonb(Datum utf8)
{
    if (cjmpg_text_as_is())
        return utf8;
    /* Written as the report's jsonb is, with UTF-8 strings: read again
     * from its text, which puts objects' keys in the order of their
     * converted bytes. */
    Jsonb *j = DatumGetJsonbP(utf8);
    char *json = JsonbToCString(NULL, &j->root, VARSIZE(j));
    return DirectFunctionCall1(jsonb_in,
                               CStringGetDatum(cjmpg_server_text(json, strlen(json))));
}

const char *cjmpg_message(const char *utf8)
{
    if (cjmpg_text_as_is())
        return utf8;
    /* An error's text must be the database's, or PostgreSQL replaces the
     * whole error by one about its bytes; a character the database lacks
     * must not raise another error instead of this one. */
    MemoryContext here = CurrentMemoryContext;
    char *volatile text = NULL;
    PG_TRY();
    {
        text = cjmpg_server_text(utf8, strlen(utf8));
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(here);
        FlushErrorState();
    }
    PG_END_TRY();
    if (text)
        return text;
    StringInfoData out; /* every byte past ASCII as \xNN */
    initStringInfo(&out);
    for (const unsigned char *p = (const unsigned char *)utf8; *p; p++)
        if (*p < 0x80)
            appendStringInfoChar(&out, (char)*p);
        else
            appendStringInfo(&out, "\\x%02x", *p);
    return out.data;
}
