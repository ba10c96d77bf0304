/* Built against an installed cjm-xml with
 * `cc prog-xml.c $(pkg-config --cflags --libs cjm-xml)`: reads a journey,
 * writes it, validates what it wrote, and checks the schema is installed. */
#include <stdio.h>
#include <string.h>
#include <cjm/xml.h>

int main(int argc, char **argv)
{
    static const char doc[] = "<journey xmlns=\"urn:cjm:journey:1\" version=\"1\" id=\"j\" "
                              "name=\"J\"><stage id=\"s\" name=\"S\"/></journey>";
    cjm_journey *j = NULL;
    char *text = NULL;
    if (cjm_xml_read_journey(&j, doc, strlen(doc), "doc") != CJM_OK ||
        cjm_xml_write_journey(&text, NULL, j, CJM_XML_COMPACT) != CJM_OK ||
        cjm_xml_validate_journey(text, strlen(text), "written") != CJM_OK) {
        fprintf(stderr, "failed: %s\n", cjm_last_error());
        return 1;
    }
    const char *installed = argc > 1 ? argv[1] : cjm_xml_schema_path();
    FILE *schema = fopen(installed, "rb");
    if (!schema) {
        fprintf(stderr, "no schema at %s\n", installed);
        return 1;
    }
    fclose(schema);
    printf("%s", text);
    cjm_free(text);
    cjm_journey_free(j);
    return 0;
}
