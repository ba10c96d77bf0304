/* Built against an installed cjm-json with
 * `cc prog-json.c $(pkg-config --cflags --libs cjm-json)`. */
#include <stdio.h>
#include <string.h>
#include <cjm/json.h>

int main(void)
{
    static const char doc[] = "{\"format\": \"cjm-journey\", \"version\": 1, \"journey\": "
                              "{\"id\": \"j\", \"name\": \"J\", \"stages\": []}}";
    cjm_journey *j = NULL;
    char *text = NULL;
    if (cjm_json_read_journey(&j, doc, strlen(doc), "doc") != CJM_OK ||
        cjm_json_write_journey(&text, NULL, j, CJM_JSON_COMPACT) != CJM_OK) {
        fprintf(stderr, "failed: %s\n", cjm_last_error());
        return 1;
    }
    printf("%s", text);
    cjm_free(text);
    cjm_journey_free(j);
    return 0;
}
