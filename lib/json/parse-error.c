/* jansson's parse errors, in the words the rest of cjm's messages use
 * where jansson's own would puzzle a user: they name a decoding flag
 * (JSON_ALLOW_NUL) or say "too big integer" without the limit. Every other
 * message is jansson's, which says what it found and near what. */
#include <stdio.h>
#include <string.h>

#include "json-private.h"

/* jansson's text from " near" on (what it quoted), or "". */
static const char *near_part(const char *text)
{
    const char *near = strstr(text, " near ");
    return near ? near : "";
}

const char *cjmj_parse_error(const json_error_t *error, char *buffer, size_t size)
{
    const char *text = error->text, *why = NULL;
    switch (json_error_code(error)) {
    case json_error_null_character:
        why = "a string holds \\u0000 (the NUL character), which cjm does not accept";
        break;
    case json_error_numeric_overflow:
        if (strncmp(text, "too big negative integer", 24) == 0)
            why = "an integer below -9223372036854775808 (the least a 64-bit integer holds)";
        else if (strncmp(text, "too big integer", 15) == 0)
            why = "an integer above 9223372036854775807 (the most a 64-bit integer holds)";
        else
            why = "a number beyond about 1.8e308 (the largest a double holds)";
        break;
    default:
        return text;
    }
    const char *near = near_part(text);
    snprintf(buffer, size, "%s%s%s", why, *near ? "," : "", near);
    return buffer;
}
