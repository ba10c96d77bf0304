/* Journey documents in XML: round trips, the schema, every rule with its
 * line and element, and hostile input. */
#include <stdlib.h>
#include <unistd.h>
#include <cjm/xml.h>

#include "../common/alloc-fail.h"
#include "../common/helpers.h"
#include "../common/whole-file.h"
#include "../suites.h"

#define NS "xmlns=\"urn:cjm:journey:1\""

static cjm_journey *read_text(const char *text, cjm_status want)
{
    cjm_journey *j = NULL;
    cjm_status rc = cjm_xml_read_journey(&j, text, strlen(text), "doc.xml");
    ck_assert_msg(rc == want, "read gave %s, expected %s: %s", cjm_status_name(rc),
                  cjm_status_name(want), cjm_last_error());
    if (rc != CJM_OK)
        ck_assert_ptr_null(j);
    return j;
}

/* Every optional field, and XML extensions on every level. */
static cjm_journey *full_journey(void)
{
    cjm_journey *j = retail_map();
    cjm_stage *s = cjm_journey_stage(j, 0);
    cjm_touchpoint *t = cjm_journey_find_touchpoint(j, "compare-web");
    cjm_feedback *f = cjm_touchpoint_feedback(t, 0);
    ck_assert_ok(cjm_journey_set_persona(j, "First-time buyer"));
    ck_assert_ok(cjm_journey_set_description(j, "From first ad\nto first call \xe2\x80\x94 <all> & more"));
    ck_assert_ok(cjm_journey_set_customer(j, "c-017"));
    ck_assert_ok(cjm_journey_set_extensions(j, CJM_EXTENSIONS_XML,
                                            "<crm:segment xmlns:crm=\"urn:example:crm\">B2C"
                                            "</crm:segment>"));
    ck_assert_ok(cjm_stage_set_goal(s, "Find laptops that fit my budget"));
    ck_assert_ok(cjm_stage_set_expected_duration(s, 604800000));
    ck_assert_ok(cjm_stage_set_expected_duration(cjm_journey_stage(j, 1), 1500));
    ck_assert_ok(cjm_stage_set_extensions(s, CJM_EXTENSIONS_XML,
                                          "<a:x xmlns:a=\"urn:a\"><a:y n=\"1\"/></a:x>"
                                          "<b:z xmlns:b=\"urn:b\"/>"));
    ck_assert_ok(cjm_touchpoint_set_description(t, "Side by side"));
    ck_assert_ok(cjm_touchpoint_set_at(t, INT64_C(1772356500250)));
    ck_assert_ok(cjm_feedback_set_emotion(f, "confused"));
    ck_assert_ok(cjm_feedback_set_comment(f, "Too many \"models\"\tno filters\r\nat all"));
    ck_assert_ok(cjm_feedback_set_source(f, "interview"));
    ck_assert_ok(cjm_feedback_set_at(f, -1));
    ck_assert_ok(cjm_feedback_set_customer(f, "c-001"));
    ck_assert_ok(cjm_feedback_set_extensions(f, CJM_EXTENSIONS_XML,
                                             "<n:nps xmlns:n=\"urn:n\">9</n:nps>"));
    return j;
}

START_TEST(round_trips_and_validates)
{
    cjm_journey *j = full_journey();
    for (unsigned flags = 0; flags <= CJM_XML_COMPACT; flags++) {
        char *text = NULL;
        size_t length = 0;
        ck_assert_ok(cjm_xml_write_journey(&text, &length, j, flags));
        ck_assert_int_eq(strlen(text), length);
        ck_assert_msg(cjm_xml_validate_journey(text, length, "written") == CJM_OK,
                      "%s\n%s", cjm_last_error(), text);
        cjm_journey *back = read_text(text, CJM_OK);
        ck_assert_msg(cjm_journey_equal(j, back), "round trip changed the journey:\n%s", text);
        char *again = NULL;
        ck_assert_ok(cjm_xml_write_journey(&again, NULL, back, flags));
        ck_assert_str_eq(text, again);
        cjm_free(again);
        cjm_journey_free(back);
        cjm_free(text);
    }
    cjm_journey_free(j);
    /* An empty journey too. */
    cjm_journey *empty = cjm_journey_new("e", "");
    char *text = NULL;
    ck_assert_ok(cjm_xml_write_journey(&text, NULL, empty, 0));
    ck_assert_ok(cjm_xml_validate_journey(text, strlen(text), NULL));
    cjm_journey *back = read_text(text, CJM_OK);
    ck_assert(cjm_journey_equal(empty, back));
    cjm_journey_free(back);
    cjm_journey_free(empty);
    cjm_free(text);
}
END_TEST

static const char spec_example[] =
    "<journey " NS " version=\"1\" id=\"laptop-purchase\" name=\"Buy a laptop online\">\n"
    "  <persona>First-time buyer</persona>\n"
    "  <description>From first ad to first support call</description>\n"
    "  <stage id=\"discover\" name=\"Discovery\" expected-duration=\"P7D\">\n"
    "    <goal>Find laptops that fit my budget</goal>\n"
    "    <touchpoint id=\"social-ad\" name=\"Social media ad\" channel=\"Social\" "
    "owner=\"Marketing\" optional=\"true\">\n"
    "      <feedback score=\"1\" scale-min=\"-2\" scale-max=\"2\" emotion=\"curious\"\n"
    "                source=\"interview\" at=\"2026-03-01T09:15:00Z\" customer=\"c-017\">\n"
    "        <comment>Looked good</comment>\n"
    "      </feedback>\n"
    "    </touchpoint>\n"
    "  </stage>\n"
    "  <extensions><crm:segment xmlns:crm=\"urn:example:crm\">B2C</crm:segment></extensions>\n"
    "</journey>\n";

START_TEST(reads_the_spec_example)
{
    ck_assert_ok(cjm_xml_validate_journey(spec_example, strlen(spec_example), "example"));
    cjm_journey *j = read_text(spec_example, CJM_OK);
    ck_assert_str_eq(cjm_journey_id(j), "laptop-purchase");
    ck_assert_str_eq(cjm_journey_persona(j), "First-time buyer");
    cjm_stage *s = cjm_journey_stage(j, 0);
    ck_assert_int_eq(cjm_stage_expected_duration(s), INT64_C(7) * 86400000);
    ck_assert_str_eq(cjm_stage_goal(s), "Find laptops that fit my budget");
    cjm_touchpoint *t = cjm_stage_touchpoint(s, 0);
    ck_assert_str_eq(cjm_touchpoint_channel(t), "social");
    ck_assert(cjm_touchpoint_optional(t));
    cjm_feedback *f = cjm_touchpoint_feedback(t, 0);
    ck_assert_double_eq(cjm_feedback_score(f), 1);
    ck_assert_int_eq(cjm_feedback_at(f), INT64_C(1772356500000));
    ck_assert_str_eq(cjm_feedback_comment(f), "Looked good");
    ck_assert_str_eq(cjm_feedback_customer(f), "c-017");
    cjm_extensions_format format;
    ck_assert_str_eq(cjm_journey_extensions(j, &format),
                     "<crm:segment xmlns:crm=\"urn:example:crm\">B2C</crm:segment>");
    ck_assert_int_eq(format, CJM_EXTENSIONS_XML);
    cjm_journey_free(j);
}
END_TEST

/* A document with one touchpoint line replaced. */
static char *with_touchpoint(const char *touchpoint)
{
    static const char head[] = "<journey " NS " version=\"1\" id=\"j\" name=\"J\">\n"
                               "<stage id=\"s\" name=\"S\">\n";
    static const char tail[] = "\n</stage>\n</journey>\n";
    char *text = malloc(sizeof head + strlen(touchpoint) + sizeof tail);
    sprintf(text, "%s%s%s", head, touchpoint, tail);
    return text;
}

START_TEST(every_rule_with_its_place)
{
    static const struct {
        const char *touchpoint;
        cjm_status status;
        const char *where, *what;
    } bad[] = {
        { "<touchpoint id=\"t\" name=\"T\"/>", CJM_ERR_INVALID, ":3: <touchpoint>",
          "missing XML attribute \"channel\"" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"we b\"/>", CJM_ERR_INVALID,
          ":3: <touchpoint>", "channel" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\" colour=\"red\"/>", CJM_ERR_INVALID,
          ":3: <touchpoint>", "unknown XML attribute \"colour\"" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\" optional=\"yes\"/>",
          CJM_ERR_INVALID, ":3: <touchpoint>", "optional" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\" at=\"2026-03-01T09:15:00\"/>",
          CJM_ERR_PARSE, ":3: <touchpoint>", "at" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><feedback score=\"3\"/>"
          "</touchpoint>", CJM_ERR_RANGE, ":3: <feedback>", "score" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><feedback score=\"1\" "
          "scale-min=\"0\"/></touchpoint>", CJM_ERR_INVALID, ":3: <feedback>", "go together" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><feedback score=\"x\"/>"
          "</touchpoint>", CJM_ERR_INVALID, ":3: <feedback>", "not a finite number" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><feedback score=\"1\"/>"
          "<description>late</description></touchpoint>", CJM_ERR_INVALID,
          ":3: <description>", "out of order" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><goal>g</goal></touchpoint>",
          CJM_ERR_INVALID, ":3: <goal>", "not allowed in <touchpoint>" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\">words</touchpoint>",
          CJM_ERR_INVALID, ":3:", "text is not allowed" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"/>\n"
          "<touchpoint id=\"t\" name=\"U\" channel=\"web\"/>", CJM_ERR_DUPLICATE,
          ":4: <touchpoint>", "\"t\"" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><extensions><x/></extensions>"
          "</touchpoint>", CJM_ERR_INVALID, ":3: <x>", "another namespace" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><extensions><o:x xmlns:o=\"urn:o\"/>"
          "words</extensions></touchpoint>", CJM_ERR_INVALID, ":3:",
          "text is not allowed in <extensions>" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><extensions><![CDATA[x]]>"
          "</extensions></touchpoint>", CJM_ERR_INVALID, ":3:",
          "text is not allowed in <extensions>" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\" xmlns:o=\"urn:o\" o:x=\"1\"/>",
          CJM_ERR_INVALID, ":3: <touchpoint>", "unknown XML attribute \"o:x\"" },
        { "<touchpoint id=\"\" name=\"T\" channel=\"web\"/>", CJM_ERR_INVALID,
          ":3: <touchpoint>", "empty" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><description><b>x</b>"
          "</description></touchpoint>", CJM_ERR_INVALID, ":3: <b>", "inside text" },
        { "<other xmlns=\"urn:x\"/>", CJM_ERR_INVALID, ":3: <other>", "namespace urn:x" },
        { "<touchpoint id=\"t\" name=\"T\" channel=\"web\"><feedback score=\"1\">"
          "<comment>a</comment><comment>b</comment></feedback></touchpoint>",
          CJM_ERR_INVALID, ":3: <comment>", "out of order, or twice" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = with_touchpoint(bad[i].touchpoint);
        read_text(text, bad[i].status);
        ck_assert_error_mentions("doc.xml");
        ck_assert_error_mentions(bad[i].where);
        ck_assert_error_mentions(bad[i].what);
        free(text);
    }
}
END_TEST

START_TEST(lines_past_65535)
{
    /* A node's own line stops counting at 65535: past it the place is the
     * parser's line, at or a few lines past the element, never 65535. */
    static const char head[] = "<journey " NS " version=\"1\" id=\"j\" name=\"J\">";
    size_t blank = 70000;
    char *text = malloc(sizeof head + blank + 64);
    ck_assert_ptr_nonnull(text);
    size_t n = (size_t)sprintf(text, "%s", head);
    memset(text + n, '\n', blank);
    n += blank;
    sprintf(text + n, "<bogus/>\n</journey>\n"); /* on line 70001 */
    read_text(text, CJM_ERR_INVALID);
    const char *at = strstr(cjm_last_error(), "doc.xml:");
    ck_assert_ptr_nonnull(at);
    long line = strtol(at + strlen("doc.xml:"), NULL, 10);
    ck_assert_msg(line >= 70001 && line <= 70011, "line %ld: %s", line, cjm_last_error());
    ck_assert_error_mentions("<bogus>");
    free(text);
}
END_TEST

START_TEST(document_rules)
{
    static const struct {
        const char *text;
        cjm_status status;
        const char *what;
    } bad[] = {
        { "", CJM_ERR_PARSE, "empty input" },
        { "<journey", CJM_ERR_PARSE, "doc.xml:1:" },
        { "<journey version=\"1\" id=\"j\" name=\"J\"/>", CJM_ERR_INVALID,
          "root must be <journey> in namespace urn:cjm:journey:1" },
        { "<journey xmlns=\"urn:cjm:journey:2\" version=\"1\" id=\"j\" name=\"J\"/>",
          CJM_ERR_INVALID, "namespace urn:cjm:journey:1" },
        { "<journey " NS " version=\"2\" id=\"j\" name=\"J\"/>", CJM_ERR_UNSUPPORTED,
          "version \"2\"" },
        { "<journey " NS " id=\"j\" name=\"J\"/>", CJM_ERR_INVALID, "\"version\"" },
        { "<journey " NS " version=\"1\" id=\"j\" name=\"J\"><stage id=\"s\" name=\"S\" "
          "expected-duration=\"P1M\"/></journey>", CJM_ERR_PARSE, "expected-duration" },
        { "<journey " NS " version=\"1\" id=\"j\" name=\"J\"><stage id=\"s\" name=\"S\"/>"
          "<persona>p</persona></journey>", CJM_ERR_INVALID, "<persona>: out of order" },
        { "<journey " NS " version=\"1\" id=\"j\" name=\"J\">\xff</journey>", CJM_ERR_PARSE,
          "doc.xml:1:" },
        { "<journey " NS " version=\"1\" id=\"j\" name=\"J\"><persona>a\x01</persona>"
          "</journey>", CJM_ERR_PARSE, "doc.xml:1:" },
        { "<journey " NS " version=\"1\" id=\"j\" name=\"J\"><extensions><u:x/></extensions>"
          "</journey>", CJM_ERR_PARSE, "doc.xml:1:" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        read_text(bad[i].text, bad[i].status);
        ck_assert_error_mentions(bad[i].what);
    }
    cjm_journey *j = NULL;
    ck_assert_status(cjm_xml_read_journey(NULL, "", 0, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_xml_read_journey(&j, NULL, 3, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_xml_read_journey_path(&j, "/nonexistent/j.xml"), CJM_ERR_IO);
    ck_assert_error_mentions("/nonexistent/j.xml");
    ck_assert_status(cjm_xml_read_journey_file(&j, NULL, NULL), CJM_ERR_INVALID);
    /* From a stream read to its end: truncated is not empty. */
    FILE *f = tmpfile();
    fputs("<journey " NS " version=\"1\"\n id=\"j\" name=\"J\"><stage", f);
    rewind(f);
    ck_assert_status(cjm_xml_read_journey_file(&j, f, "cut.xml"), CJM_ERR_PARSE);
    ck_assert_error_mentions("cut.xml:2:");
    ck_assert_ptr_null(strstr(cjm_last_error(), "empty input"));
    fclose(f);
    f = tmpfile();
    ck_assert_status(cjm_xml_read_journey_file(&j, f, "none.xml"), CJM_ERR_PARSE);
    ck_assert_error_mentions("none.xml: empty input");
    fclose(f);
}
END_TEST

/* Hostile documents: nothing is read from disk or the network, nothing
 * expands, nothing crashes. */
START_TEST(hostile_input)
{
    static const char *const doctype[] = {
        "<?xml version=\"1.0\"?>\n<!DOCTYPE journey [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        "<journey " NS " version=\"1\" id=\"j\" name=\"&x;\"/>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE journey [\n"
        "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
        "]>\n<journey " NS " version=\"1\" id=\"j\" name=\"&f;\"><persona>&f;</persona></journey>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE journey SYSTEM \"http://example.invalid/j.dtd\">\n"
        "<journey " NS " version=\"1\" id=\"j\" name=\"J\"/>",
        "<!DOCTYPE journey [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>"
        "<journey " NS " version=\"1\" id=\"j\" name=\"J\"/>",
    };
    for (size_t i = 0; i < sizeof doctype / sizeof doctype[0]; i++) {
        cjm_journey *j = NULL;
        cjm_status rc = cjm_xml_read_journey(&j, doctype[i], strlen(doctype[i]), "doc.xml");
        ck_assert_msg(rc == CJM_ERR_PARSE, "%zu: %s", i, cjm_last_error());
        ck_assert_ptr_null(j);
        ck_assert_msg(strstr(cjm_last_error(), "root:") == NULL, "%s", cjm_last_error());
        rc = cjm_xml_validate_journey(doctype[i], strlen(doctype[i]), "doc.xml");
        ck_assert_int_eq(rc, CJM_ERR_PARSE);
    }
    /* 100,000 levels deep. */
    size_t n = 100000;
    char *deep = malloc(n * 7 + 200);
    char *p = deep + sprintf(deep, "<journey " NS " version=\"1\" id=\"j\" name=\"J\">"
                                   "<extensions>");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "<x:a xmlns:x=\"urn:x\">") * 0 + sprintf(p, "<a>");
    *p = '\0';
    read_text(deep, CJM_ERR_LIMIT);
    ck_assert_error_mentions("depth");
    free(deep);
    /* A schema location in the document is never followed. */
    static const char located[] =
        "<journey " NS " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"urn:cjm:journey:1 http://example.invalid/evil.xsd\" "
        "version=\"1\" id=\"j\" name=\"J\"/>";
    ck_assert_ok(cjm_xml_validate_journey(located, strlen(located), "loc.xml"));
    read_text(located, CJM_ERR_INVALID);
    ck_assert_error_mentions("xsi:schemaLocation");
}
END_TEST

START_TEST(schema_finds_problems)
{
    static const struct {
        const char *text;
        const char *what;
    } bad[] = {
        { "<journey " NS " version=\"1\" id=\"j\"/>", "name" },
        { "<journey " NS " version=\"1\" id=\"j\" name=\"J\"><stage id=\"s\" name=\"S\">"
          "<touchpoint id=\"t\" name=\"T\" channel=\"we b\"/></stage></journey>", "channel" },
        { "<journey " NS " version=\"1\" id=\"j\" name=\"J\">\n<stage id=\"s\" name=\"S\" "
          "expected-duration=\"1 day\"/></journey>", ":2:" },
        { "<journey " NS " version=\"1\" id=\"j\" name=\"J\"><extensions><x/></extensions>"
          "</journey>", "x" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_status(cjm_xml_validate_journey(bad[i].text, strlen(bad[i].text), "v.xml"),
                         CJM_ERR_INVALID);
        ck_assert_error_mentions("v.xml:");
        ck_assert_error_mentions(bad[i].what);
    }
    ck_assert_status(cjm_xml_validate_journey(NULL, 1, NULL), CJM_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(cjm_xml_schema_path(), "cjm/journey.xsd"));
}
END_TEST

START_TEST(files_and_foreign_extensions)
{
    cjm_journey *j = full_journey();
    char path[] = "/tmp/cjm-xml-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_ok(cjm_xml_write_journey_path(path, j, 0));
    cjm_journey *back = NULL;
    ck_assert_ok(cjm_xml_read_journey_path(&back, path));
    ck_assert(cjm_journey_equal(j, back));
    cjm_journey_free(back);
    FILE *f = fopen(path, "w+b");
    ck_assert_ok(cjm_xml_write_journey_file(f, j, CJM_XML_COMPACT));
    rewind(f);
    ck_assert_ok(cjm_xml_read_journey_file(&back, f, "stream"));
    ck_assert(cjm_journey_equal(j, back));
    cjm_journey_free(back);
    fclose(f);
    unlink(path);
    ck_assert_status(cjm_xml_write_journey_path("/nonexistent/dir/j.xml", j, 0), CJM_ERR_IO);
    /* JSON extensions cannot be written as XML, unless dropped. */
    char *text = NULL;
    ck_assert_ok(cjm_stage_set_extensions(cjm_journey_stage(j, 1), CJM_EXTENSIONS_JSON, "{}"));
    ck_assert_status(cjm_xml_write_journey(&text, NULL, j, 0), CJM_ERR_UNSUPPORTED);
    ck_assert_ok(cjm_xml_write_journey(&text, NULL, j, CJM_XML_DROP_FOREIGN_EXTENSIONS));
    ck_assert_ptr_null(strstr(text, "{}"));
    cjm_free(text);
    /* XML extensions that are not elements of another namespace. */
    static const char *const broken[] = { "<a>", "plain text", "<x/>",
                                          "<j:x xmlns:j=\"urn:cjm:journey:1\"/>", "<u:x/>" };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        ck_assert_ok(cjm_stage_set_extensions(cjm_journey_stage(j, 1), CJM_EXTENSIONS_XML,
                                              broken[i]));
        cjm_status rc = cjm_xml_write_journey(&text, NULL, j, 0);
        ck_assert_msg(rc == CJM_ERR_INVALID || rc == CJM_ERR_PARSE, "%s: %s", broken[i],
                      cjm_last_error());
        ck_assert_error_mentions("extensions");
    }
    ck_assert_status(cjm_xml_write_journey(NULL, NULL, j, 0), CJM_ERR_INVALID);
    cjm_journey_free(j);
}
END_TEST

START_TEST(extensions_come_back_the_same)
{
    /* Non-ASCII characters in the attributes of an extension, with and
     * without an XML declaration (which libxml2 writes differently), and
     * elements of the journey's own namespace below an extension: written
     * and read again, the same journey, the same text. */
    static const char *const docs[] = {
        "<journey xmlns=\"urn:cjm:journey:1\" version=\"1\" id=\"j\" name=\"J\">"
        "<extensions><x:a xmlns:x=\"urn:x\" x:b=\"caf\xc3\xa9 \xf4\x8f\xbf\xbf\"><persona/></x:a>"
        "</extensions></journey>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<journey xmlns=\"urn:cjm:journey:1\" version=\"1\" id=\"j\" name=\"J\">"
        "<extensions><x:a xmlns:x=\"urn:x\" x:b=\"caf\xc3\xa9 \xf4\x8f\xbf\xbf\"><persona/></x:a>"
        "</extensions></journey>",
    };
    const char *first_text = NULL;
    cjm_journey *first = NULL;
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        cjm_journey *j, *back;
        ck_assert_ok(cjm_xml_read_journey(&j, docs[i], strlen(docs[i]), "doc"));
        char *text;
        size_t n;
        ck_assert_ok(cjm_xml_write_journey(&text, &n, j, 0));
        ck_assert_ok(cjm_xml_read_journey(&back, text, n, "written"));
        ck_assert(cjm_journey_equal(j, back));
        ck_assert_ptr_nonnull(strstr(cjm_journey_extensions(j, NULL), "caf\xc3\xa9"));
        if (first) {
            ck_assert(cjm_journey_equal(first, j));
            cjm_journey_free(j);
        } else {
            first = j;
            first_text = cjm_journey_extensions(j, NULL);
        }
        cjm_free(text);
        cjm_journey_free(back);
    }
    ck_assert_ptr_nonnull(first_text);
    cjm_journey_free(first);
}
END_TEST

/* Every allocation of the library failing in turn: a clean error, no leak,
 * and success once memory suffices. */
START_TEST(allocation_failures)
{
    cjm_journey *j = full_journey();
    char *text = NULL;
    ck_assert_ok(cjm_xml_write_journey(&text, NULL, j, 0));
    failalloc_install();
    long base = failalloc_live();
    for (long n = 1;; n++) {
        failalloc_arm(n, false);
        cjm_journey *back = NULL;
        cjm_status rc = cjm_xml_read_journey(&back, text, strlen(text), "doc.xml");
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (rc == CJM_OK) {
            ck_assert(cjm_journey_equal(j, back));
            cjm_journey_free(back);
        } else {
            ck_assert_int_eq(rc, CJM_ERR_NOMEM);
            ck_assert_ptr_null(back);
        }
        ck_assert_int_eq(failalloc_live(), base);
        char *out = NULL;
        failalloc_arm(n, false);
        rc = cjm_xml_write_journey(&out, NULL, j, 0);
        failalloc_arm(0, false);
        ck_assert(rc == CJM_OK || rc == CJM_ERR_NOMEM);
        cjm_free(out);
        ck_assert_int_eq(failalloc_live(), base);
        if (!tripped)
            break;
    }
    failalloc_uninstall();
    cjm_free(text);
    cjm_journey_free(j);
}
END_TEST

/* An actual journey with a repeated touchpoint: kind="actual", valid
 * against the schema, read back equal; a map refuses the repeat. */
START_TEST(actual_journeys)
{
    cjm_journey *j = cjm_journey_new_actual("c-9", "Customer 9");
    cjm_stage *a, *b;
    cjm_touchpoint *t;
    ck_assert_ok(cjm_journey_add_stage(&a, j, "a", "A"));
    ck_assert_ok(cjm_journey_add_stage(&b, j, "b", "B"));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, b, "web", "Web", "web"));
    ck_assert_ok(cjm_touchpoint_set_at(t, 3000));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, a, "web", "Web", "web"));
    ck_assert_ok(cjm_touchpoint_set_at(t, 1000));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, a, "web", "Web", "web"));
    ck_assert_ok(cjm_touchpoint_set_at(t, 2000));
    char *text = NULL;
    size_t length = 0;
    ck_assert_ok(cjm_xml_write_journey(&text, &length, j, 0));
    ck_assert_ptr_nonnull(strstr(text, " kind=\"actual\""));
    ck_assert_msg(cjm_xml_validate_journey(text, length, "written") == CJM_OK, "%s\n%s",
                  cjm_last_error(), text);
    cjm_journey *back = read_text(text, CJM_OK);
    ck_assert(cjm_journey_equal(j, back));
    ck_assert_int_eq(cjm_journey_kind_of(back), CJM_JOURNEY_ACTUAL);
    ck_assert_int_eq(cjm_touchpoint_at(cjm_journey_find_touchpoint(back, "web")), 1000);
    cjm_journey_free(back);
    cjm_free(text);
    cjm_journey_free(j);

#define DOC(kind)                                                                    \
    "<journey " NS " version=\"1\" id=\"j\" name=\"J\"" kind ">"                      \
    "<stage id=\"s\" name=\"S\"><touchpoint id=\"t\" name=\"1\" channel=\"web\"/>"      \
    "<touchpoint id=\"t\" name=\"2\" channel=\"web\"/></stage></journey>"
    j = read_text(DOC(" kind=\"actual\""), CJM_OK);
    ck_assert_uint_eq(cjm_journey_touchpoint_count(j), 2);
    cjm_journey_free(j);
    read_text(DOC(""), CJM_ERR_DUPLICATE);
    ck_assert_error_mentions("already has a touchpoint \"t\" (only an actual journey");
    read_text(DOC(" kind=\"map\""), CJM_ERR_DUPLICATE);
    read_text(DOC(" kind=\"plan\""), CJM_ERR_INVALID);
    ck_assert_error_mentions("kind: \"plan\" is not \"map\" or \"actual\"");
    ck_assert_status(cjm_xml_validate_journey(DOC(" kind=\"plan\""), strlen(DOC(" kind=\"plan\"")),
                                              NULL), CJM_ERR_INVALID);
#undef DOC
}
END_TEST

static cjm_status write_journey(const char *path, const void *journey)
{
    return cjm_xml_write_journey_path(path, journey, 0);
}

START_TEST(path_whole_or_not_at_all)
{
    cjm_journey *j = retail_map();
    check_path_whole_or_not_at_all(write_journey, j, "cjm_xml_write_journey_path");
    cjm_journey_free(j);
}
END_TEST

Suite *suite_xml_journey(void)
{
    Suite *s = suite_create("xml-journey");
    TCase *tc = tcase_create("journey");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, round_trips_and_validates);
    tcase_add_test(tc, reads_the_spec_example);
    tcase_add_test(tc, every_rule_with_its_place);
    tcase_add_test(tc, document_rules);
    tcase_add_test(tc, lines_past_65535);
    tcase_add_test(tc, hostile_input);
    tcase_add_test(tc, schema_finds_problems);
    tcase_add_test(tc, files_and_foreign_extensions);
    tcase_add_test(tc, extensions_come_back_the_same);
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, actual_journeys);
    tcase_add_test(tc, path_whole_or_not_at_all);
    suite_add_tcase(s, tc);
    return s;
}
