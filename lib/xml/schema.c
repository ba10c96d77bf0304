/* Validation against the journey schema. The schema is the one installed
 * under the data directory, compiled into the library: it is compiled on
 * first use from trusted text (again on a later call if memory ran out the
 * first time), and a document can never make the validator load another
 * (libxml2 would follow xsi:schemaLocation if it were ever handed no
 * schema). A compiled schema is read-only, so threads share it. */
#include <pthread.h>
#include <libxml/xmlschemas.h>

#include "xml-private.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static xmlSchemaPtr schema; /* set once, under the lock */

static void quiet(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

static xmlSchemaPtr compile(void)
{
    xmlInitParser();
    xmlSchemaParserCtxtPtr ctxt = xmlSchemaNewMemParserCtxt(cjmx_journey_xsd,
                                                            (int)cjmx_journey_xsd_size);
    if (!ctxt)
        return NULL;
    xmlSchemaSetParserStructuredErrors(ctxt, quiet, NULL);
    xmlSchemaPtr compiled = xmlSchemaParse(ctxt);
    xmlSchemaFreeParserCtxt(ctxt);
    return compiled;
}

static xmlSchemaPtr the_schema(void)
{
    pthread_mutex_lock(&lock);
    if (!schema)
        schema = compile();
    xmlSchemaPtr s = schema;
    pthread_mutex_unlock(&lock);
    return s;
}

CJM_EXPORT const char *cjm_xml_schema_path(void)
{
    return CJM_XML_SCHEMA_PATH;
}

CJM_EXPORT cjm_status cjm_xml_validate_journey(const char *data, size_t size, const char *name)
{
    static const char func[] = "cjm_xml_validate_journey";
    if (!data && size)
        return cjmx_fail(CJM_ERR_INVALID, "%s: data: NULL", func);
    if (!name)
        name = "<buffer>";
    xmlSchemaPtr compiled = the_schema();
    if (!compiled)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: the schema could not be compiled", func);
    cjmx_parse p;
    cjm_status rc = cjmx_open(&p, data ? data : "", size, NULL, name, true);
    if (rc != CJM_OK)
        return rc;
    xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(compiled);
    if (!valid) {
        cjmx_close(&p);
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", name);
    }
    if (xmlTextReaderSchemaValidateCtxt(p.reader, valid, 0) != 0) {
        rc = cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", name);
    } else {
        int step;
        while ((step = cjmx_next(&p)) == 1)
            ;
        rc = step < 0 ? (cjm_status)step : CJM_OK;
        if (rc == CJM_OK && xmlTextReaderIsValid(p.reader) != 1)
            rc = cjmx_fail(CJM_ERR_INVALID, "%s: not valid against the journey schema", name);
    }
    cjmx_close(&p);
    xmlSchemaFreeValidCtxt(valid);
    return rc;
}
