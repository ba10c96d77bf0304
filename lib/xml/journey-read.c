/* Reading journey documents: a walk over libxml2's text reader that builds
 * the journey through the public API, which enforces the model's rules;
 * the walk enforces the document's shape (elements, their order, XML
 * attributes, text) and names the line and element of any problem. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "cjm/time.h"
#include "xml-private.h"

#define JOURNEY_NS "urn:cjm:journey:1"
#define MAX_DEPTH 300
#define TEXT_MAX (64 * 1024)

typedef enum jkind { J_JOURNEY, J_STAGE, J_TOUCHPOINT, J_FEEDBACK, J_TEXT, J_EXTENSIONS,
                     J_FOREIGN } jkind;

/* The children an element may have, in order; `many` marks repeatable ones. */
static const struct {
    const char *names[4];
    bool many[4];
} children[] = {
    [J_JOURNEY] = { { "persona", "description", "stage", "extensions" },
                    { false, false, true, false } },
    [J_STAGE] = { { "goal", "touchpoint", "extensions" }, { false, true, false } },
    [J_TOUCHPOINT] = { { "description", "feedback", "extensions" }, { false, true, false } },
    [J_FEEDBACK] = { { "comment", "extensions" }, { false, false } },
};

typedef enum text_field { T_PERSONA, T_JOURNEY_DESCRIPTION, T_GOAL, T_TOUCHPOINT_DESCRIPTION,
                          T_COMMENT } text_field;

typedef struct jframe {
    jkind kind;
    int next;              /* the first child index still allowed */
    text_field field;      /* J_TEXT */
} jframe;

typedef struct jstate {
    cjmx_parse p;
    cjm_journey *journey;
    cjm_stage *stage;
    cjm_touchpoint *touchpoint;
    cjm_feedback *feedback;
    jframe frames[MAX_DEPTH];
    int depth;
    char *text;
    size_t text_len, text_cap;
} jstate;

static cjm_status core(jstate *s, const char *what, cjm_status rc)
{
    if (rc == CJM_OK)
        return rc;
    if (rc == CJM_ERR_NOMEM)
        return cjmx_fail(rc, "%s: out of memory", s->p.name);
    const char *m = cjm_last_error(), *colon = strstr(m, ": ");
    return cjmx_fail_at(&s->p, rc, "%s: %s", what, colon ? colon + 2 : m);
}

static cjm_status push(jstate *s, jkind kind, text_field field)
{
    if (s->depth >= MAX_DEPTH)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "nested deeper than %d", MAX_DEPTH);
    s->frames[s->depth++] = (jframe){ kind, 0, field };
    return CJM_OK;
}

static cjm_status parse_time(jstate *s, const char *what, const char *text, int64_t *ms)
{
    *ms = CJM_UNSET;
    return text ? core(s, what, cjm_time_parse(ms, text)) : CJM_OK;
}

static cjm_status parse_number(jstate *s, const char *what, const char *text, double *x)
{
    char *end;
    errno = 0;
    *x = strtod(text, &end);
    if (!*text || *end || text[0] == ' ' || errno == ERANGE || !isfinite(*x))
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "%s: \"%.64s\" is not a finite number",
                            what, text);
    return CJM_OK;
}

static cjm_status journey_start(jstate *s)
{
    static const char *const names[] = { "version", "id", "name", "customer", "kind", NULL };
    const char *v[5];
    cjm_status rc = cjmx_attributes(&s->p, names, v, 7);
    if (rc != CJM_OK)
        return rc;
    if (strcmp(v[0], "1") != 0)
        return cjmx_fail_at(&s->p, CJM_ERR_UNSUPPORTED, "version \"%.32s\": this library reads "
                            "version 1", v[0]);
    bool actual = v[4] && strcmp(v[4], "actual") == 0;
    if (v[4] && !actual && strcmp(v[4], "map") != 0)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "kind: \"%.64s\" is not \"map\" or "
                            "\"actual\"", v[4]);
    s->journey = actual ? cjm_journey_new_actual(v[1], v[2]) : cjm_journey_new(v[1], v[2]);
    if (!s->journey)
        return core(s, "journey", cjm_last_status());
    if (v[3] && (rc = core(s, "customer", cjm_journey_set_customer(s->journey, v[3]))))
        return rc;
    return push(s, J_JOURNEY, 0);
}

static cjm_status stage_start(jstate *s)
{
    static const char *const names[] = { "id", "name", "expected-duration", NULL };
    const char *v[3];
    cjm_status rc = cjmx_attributes(&s->p, names, v, 3);
    if (rc != CJM_OK || (rc = core(s, "id", cjm_journey_add_stage(&s->stage, s->journey, v[0],
                                                                   v[1]))))
        return rc;
    if (v[2]) {
        int64_t ms = 0;
        if ((rc = core(s, "expected-duration", cjm_duration_parse(&ms, v[2]))) ||
            (rc = core(s, "expected-duration", cjm_stage_set_expected_duration(s->stage, ms))))
            return rc;
    }
    return push(s, J_STAGE, 0);
}

static cjm_status touchpoint_start(jstate *s)
{
    static const char *const names[] = { "id", "name", "channel", "owner", "optional", "at",
                                         NULL };
    const char *v[6];
    cjm_status rc = cjmx_attributes(&s->p, names, v, 7);
    if (rc != CJM_OK)
        return rc;
    cjm_touchpoint *t = NULL;
    if ((rc = core(s, "touchpoint", cjm_stage_add_touchpoint(&t, s->stage, v[0], v[1], v[2]))))
        return rc;
    s->touchpoint = t;
    if (v[3] && (rc = core(s, "owner", cjm_touchpoint_set_owner(t, v[3]))))
        return rc;
    if (v[4]) {
        bool yes = strcmp(v[4], "true") == 0 || strcmp(v[4], "1") == 0;
        if (!yes && strcmp(v[4], "false") != 0 && strcmp(v[4], "0") != 0)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "optional: \"%.32s\" is not true, "
                                "false, 1 or 0", v[4]);
        cjm_touchpoint_set_optional(t, yes);
    }
    int64_t at;
    if ((rc = parse_time(s, "at", v[5], &at)) ||
        (at != CJM_UNSET && (rc = core(s, "at", cjm_touchpoint_set_at(t, at)))))
        return rc;
    return push(s, J_TOUCHPOINT, 0);
}

static cjm_status feedback_start(jstate *s)
{
    static const char *const names[] = { "score", "scale-min", "scale-max", "emotion",
                                         "source", "at", "customer", NULL };
    const char *v[7];
    cjm_status rc = cjmx_attributes(&s->p, names, v, 1);
    if (rc != CJM_OK)
        return rc;
    if (!v[1] != !v[2])
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "scale-min and scale-max go together");
    double score, min = CJM_DEFAULT_SCALE_MIN, max = CJM_DEFAULT_SCALE_MAX;
    if ((rc = parse_number(s, "score", v[0], &score)) ||
        (v[1] && (rc = parse_number(s, "scale-min", v[1], &min))) ||
        (v[2] && (rc = parse_number(s, "scale-max", v[2], &max))))
        return rc;
    cjm_feedback *f = NULL;
    if ((rc = core(s, "score", cjm_touchpoint_add_feedback(&f, s->touchpoint, score, min, max))))
        return rc;
    s->feedback = f;
    int64_t at;
    if ((v[3] && (rc = core(s, "emotion", cjm_feedback_set_emotion(f, v[3])))) ||
        (v[4] && (rc = core(s, "source", cjm_feedback_set_source(f, v[4])))) ||
        (v[6] && (rc = core(s, "customer", cjm_feedback_set_customer(f, v[6])))) ||
        (rc = parse_time(s, "at", v[5], &at)) ||
        (at != CJM_UNSET && (rc = core(s, "at", cjm_feedback_set_at(f, at)))))
        return rc;
    return push(s, J_FEEDBACK, 0);
}

/* Keeps the content of <extensions> as text, without white space around. */
static cjm_status extensions_start(jstate *s, jkind owner)
{
    static const char *const names[] = { NULL };
    cjm_status rc = cjmx_attributes(&s->p, names, NULL, 0);
    if (rc != CJM_OK)
        return rc;
    /* libxml2 writes the non-ASCII characters of attribute values as
     * character references when the document declared no encoding, and as
     * they are when it did; the same extension would come back as other
     * text after a round trip. Its strings are UTF-8 either way, so the
     * document is told so before its extensions are written out. (Taking
     * the document keeps it whole until the end of the parse; a journey
     * document is small.) */
    if (!s->p.doc)
        s->p.doc = xmlTextReaderCurrentDoc(s->p.reader);
    if (s->p.doc && !s->p.doc->encoding)
        s->p.doc->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    xmlChar *inner = xmlTextReaderReadInnerXml(s->p.reader);
    if (s->p.error[0]) {
        xmlFree(inner);
        return cjmx_parse_error(&s->p);
    }
    if (!inner && !xmlTextReaderIsEmptyElement(s->p.reader))
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", s->p.name);
    char *text = (char *)inner;
    if (text) {
        size_t n = strlen(text);
        while (n && strchr(" \t\r\n", text[n - 1]))
            text[--n] = '\0';
        text += strspn(text, " \t\r\n");
    }
    switch (owner) {
    case J_JOURNEY:
        rc = cjm_journey_set_extensions(s->journey, CJM_EXTENSIONS_XML, text);
        break;
    case J_STAGE:
        rc = cjm_stage_set_extensions(s->stage, CJM_EXTENSIONS_XML, text);
        break;
    case J_TOUCHPOINT:
        rc = cjm_touchpoint_set_extensions(s->touchpoint, CJM_EXTENSIONS_XML, text);
        break;
    default:
        rc = cjm_feedback_set_extensions(s->feedback, CJM_EXTENSIONS_XML, text);
        break;
    }
    xmlFree(inner);
    return (rc = core(s, "extensions", rc)) ? rc : push(s, J_EXTENSIONS, 0);
}

static cjm_status element_start(jstate *s)
{
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(s->p.reader);
    const char *name = (const char *)xmlTextReaderConstLocalName(s->p.reader);
    bool ours = ns && strcmp(ns, JOURNEY_NS) == 0;
    if (s->depth == 0) {
        if (strcmp(name, "journey") != 0 || !ours)
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "not a journey document: the root "
                                "must be <journey> in namespace %s", JOURNEY_NS);
        return journey_start(s);
    }
    jframe *parent = &s->frames[s->depth - 1];
    if (parent->kind == J_EXTENSIONS || parent->kind == J_FOREIGN) {
        if (parent->kind == J_EXTENSIONS && (!ns || ours))
            return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "an extension must be an element of "
                                "another namespace");
        return push(s, J_FOREIGN, 0);
    }
    if (parent->kind == J_TEXT)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "an element inside text");
    if (!ours)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "not allowed here%s%s",
                            ns ? ": an element of namespace " : " (no namespace)",
                            ns ? ns : "");
    int index = 0;
    while (index < 4 && (!children[parent->kind].names[index] ||
                         strcmp(children[parent->kind].names[index], name) != 0))
        index++;
    if (index == 4)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "not allowed in <%s>",
                            parent->kind == J_JOURNEY ? "journey"
                            : parent->kind == J_STAGE ? "stage"
                            : parent->kind == J_TOUCHPOINT ? "touchpoint" : "feedback");
    if (index < parent->next)
        return cjmx_fail_at(&s->p, CJM_ERR_INVALID, "out of order, or twice");
    parent->next = children[parent->kind].many[index] ? index : index + 1;
    if (strcmp(name, "extensions") == 0)
        return extensions_start(s, parent->kind);
    if (strcmp(name, "stage") == 0)
        return stage_start(s);
    if (strcmp(name, "touchpoint") == 0)
        return touchpoint_start(s);
    if (strcmp(name, "feedback") == 0)
        return feedback_start(s);
    static const char *const none[] = { NULL };
    cjm_status rc = cjmx_attributes(&s->p, none, NULL, 0);
    if (rc != CJM_OK)
        return rc;
    text_field field = parent->kind == J_JOURNEY ? (index == 0 ? T_PERSONA
                                                               : T_JOURNEY_DESCRIPTION)
                       : parent->kind == J_STAGE ? T_GOAL
                       : parent->kind == J_TOUCHPOINT ? T_TOUCHPOINT_DESCRIPTION
                                                      : T_COMMENT;
    s->text_len = 0;
    return push(s, J_TEXT, field);
}

static cjm_status text_end(jstate *s, text_field field)
{
    if (cjmi_array_reserve(s->text, s->text_cap, s->text_len + 1) != CJM_OK)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", s->p.name);
    s->text[s->text_len] = '\0';
    switch (field) {
    case T_PERSONA:
        return core(s, "persona", cjm_journey_set_persona(s->journey, s->text));
    case T_JOURNEY_DESCRIPTION:
        return core(s, "description", cjm_journey_set_description(s->journey, s->text));
    case T_GOAL:
        return core(s, "goal", cjm_stage_set_goal(s->stage, s->text));
    case T_TOUCHPOINT_DESCRIPTION:
        return core(s, "description", cjm_touchpoint_set_description(s->touchpoint, s->text));
    default:
        return core(s, "comment", cjm_feedback_set_comment(s->feedback, s->text));
    }
}

static cjm_status text(jstate *s, const char *t)
{
    jkind kind = s->depth ? s->frames[s->depth - 1].kind : J_JOURNEY;
    if (kind == J_FOREIGN)
        return CJM_OK;
    if (kind == J_EXTENSIONS) /* the writer could not write it back */
        return cjmx_blank(t) ? CJM_OK
                             : cjmx_fail_at(&s->p, CJM_ERR_INVALID, "text is not allowed in "
                                            "<extensions>, only elements of other namespaces");
    if (kind != J_TEXT)
        return cjmx_blank(t) ? CJM_OK
                             : cjmx_fail_at(&s->p, CJM_ERR_INVALID, "text is not allowed here");
    size_t n = strlen(t);
    if (s->text_len + n > TEXT_MAX)
        return cjmx_fail_at(&s->p, CJM_ERR_LIMIT, "text longer than %d bytes", TEXT_MAX);
    if (cjmi_array_reserve(s->text, s->text_cap, s->text_len + n + 1) != CJM_OK)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", s->p.name);
    memcpy(s->text + s->text_len, t, n);
    s->text_len += n;
    return CJM_OK;
}

static cjm_status element_end(jstate *s)
{
    jframe *f = &s->frames[--s->depth];
    return f->kind == J_TEXT ? text_end(s, f->field) : CJM_OK;
}

static cjm_status on_start(void *s)
{
    return element_start(s);
}

static cjm_status on_end(void *s)
{
    return element_end(s);
}

static cjm_status on_text(void *s, const char *t)
{
    return text(s, t);
}

static const cjmx_handlers handlers = { on_start, on_end, on_text };

static cjm_status read_journey(cjm_journey **out, const char *data, size_t size, FILE *file,
                               const char *name)
{
    *out = NULL;
    jstate *s = cjm_malloc(sizeof *s);
    if (!s)
        return cjmx_fail(CJM_ERR_NOMEM, "%s: out of memory", name);
    memset(s, 0, sizeof *s);
    cjm_status rc = cjmx_open(&s->p, data, size, file, name, true);
    if (rc == CJM_OK)
        rc = cjmx_walk(&s->p, &handlers, s);
    if (rc == CJM_OK && !s->journey)
        rc = cjmx_fail(CJM_ERR_PARSE, "%s: no journey element", name);
    cjmx_close(&s->p);
    if (rc == CJM_OK)
        *out = s->journey;
    else
        cjm_journey_free(s->journey);
    cjm_free(s->text);
    cjm_free(s);
    return rc;
}

CJM_EXPORT cjm_status cjm_xml_read_journey(cjm_journey **out, const char *data, size_t size,
                                          const char *name)
{
    if (!out || (!data && size))
        return cjmx_fail(CJM_ERR_INVALID, "cjm_xml_read_journey: %s: NULL", !out ? "out" : "data");
    return read_journey(out, data ? data : "", size, NULL, name ? name : "<buffer>");
}

CJM_EXPORT cjm_status cjm_xml_read_journey_file(cjm_journey **out, FILE *file,
                                               const char *name)
{
    if (!out || !file)
        return cjmx_fail(CJM_ERR_INVALID, "cjm_xml_read_journey_file: %s: NULL",
                         !out ? "out" : "file");
    return read_journey(out, NULL, 0, file, name ? name : "<stream>");
}

CJM_EXPORT cjm_status cjm_xml_read_journey_path(cjm_journey **out, const char *path)
{
    if (!out || !path)
        return cjmx_fail(CJM_ERR_INVALID, "cjm_xml_read_journey_path: %s: NULL",
                         !out ? "out" : "path");
    FILE *file = fopen(path, "rb");
    if (!file) {
        *out = NULL;
        return cjmx_fail(CJM_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    }
    cjm_status rc = read_journey(out, NULL, 0, file, path);
    fclose(file);
    return rc;
}
