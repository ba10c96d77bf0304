/* The flow of a report as a Mermaid flowchart (cjm/paths.h): a node per
 * touchpoint of a listed edge, an arrow per edge labelled with its count
 * and median time, drawn the wider the more often it was taken.
 *
 * Names go inside quoted labels, where Mermaid reads no syntax but the
 * closing quote; Mermaid replaces entity codes ("#34;") before it parses
 * and shows them as their characters after, so every character that could
 * end a label, start a comment or be read as markup (" # % & < > and the
 * ` of markdown strings) is written as one. Line breaks become spaces. Node names are
 * made up (t0, t1 ...), so no id can collide with Mermaid's keywords. */
#include <string.h>

#include "cjm/paths.h"
#include "../analysis/message.h"
#include "../core/alloc.h"
#include "../core/error.h"

static void label(cjmi_message *m, const char *text)
{
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f) {
            cjmi_message_add(m, " ");
        } else if (strchr("\"#%&<>`", c)) {
            cjmi_message_add(m, "#");
            cjmi_message_add_uint(m, c);
            cjmi_message_add(m, ";");
        } else {
            cjmi_message_add_n(m, p, 1);
        }
    }
}

/* The node of a touchpoint: its place among the distinct ids met so far,
 * adding it when new. SIZE_MAX when memory runs out. */
static size_t node_of(const char ***ids, size_t *n, size_t *capacity, const char *id)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*ids)[i], id) == 0)
            return i;
    if (cjmi_array_push(*ids, *n, *capacity, id) != CJM_OK)
        return SIZE_MAX;
    return *n - 1;
}

/* An arrow's width in pixels: 1 to 8, by its count against the largest. */
static uint64_t width(uint64_t count, uint64_t most)
{
    return 1 + (7 * count + most / 2) / (most ? most : 1);
}

CJM_EXPORT cjm_status cjm_flow_mermaid(char **out, size_t *length, const cjm_report *report)
{
    static const char func[] = "cjm_flow_mermaid";
    if (!out || !report)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, out ? "report" : "out");
    size_t edges = cjm_report_flow_edge_count(report), n = 0, capacity = 0;
    const char **ids = NULL;
    size_t *from = cjmi_calloc(edges ? edges : 1, sizeof *from);
    size_t *to = cjmi_calloc(edges ? edges : 1, sizeof *to);
    int failed = !from || !to;
    for (size_t i = 0; !failed && i < edges; i++) {
        from[i] = node_of(&ids, &n, &capacity, cjm_report_flow_edge_from(report, i));
        to[i] = node_of(&ids, &n, &capacity, cjm_report_flow_edge_to(report, i));
        failed = from[i] == SIZE_MAX || to[i] == SIZE_MAX;
    }
    cjmi_message m = { 0 };
    cjmi_message_add(&m, "flowchart LR\n");
    for (size_t i = 0; !failed && i < n; i++) {
        cjmi_message_add(&m, "    t");
        cjmi_message_add_uint(&m, i);
        cjmi_message_add(&m, "[\"");
        label(&m, ids[i]);
        cjmi_message_add(&m, "\"]\n");
    }
    /* Edges are listed by count, so the first is the largest. */
    uint64_t most = edges ? cjm_report_flow_edge_pairs(report, 0) : 0;
    for (size_t i = 0; !failed && i < edges; i++) {
        uint64_t count = cjm_report_flow_edge_pairs(report, i);
        cjmi_message_add(&m, "    t");
        cjmi_message_add_uint(&m, from[i]);
        cjmi_message_add(&m, " -->|\"");
        cjmi_message_add_count(&m, count, "time");
        cjmi_message_add(&m, ", median ");
        cjmi_message_add_duration(&m, cjm_report_flow_edge_median_ms(report, i));
        cjmi_message_add(&m, "\"| t");
        cjmi_message_add_uint(&m, to[i]);
        cjmi_message_add(&m, "\n");
    }
    for (size_t i = 0; !failed && i < edges; i++) {
        cjmi_message_add(&m, "    linkStyle ");
        cjmi_message_add_uint(&m, i);
        cjmi_message_add(&m, " stroke-width:");
        cjmi_message_add_uint(&m, width(cjm_report_flow_edge_pairs(report, i), most));
        cjmi_message_add(&m, "px\n");
    }
    cjmi_free(ids);
    cjmi_free(from);
    cjmi_free(to);
    size_t size = m.length;
    char *text = cjmi_message_take(&m);
    if (failed || !text) {
        cjmi_free(text);
        return cjmi_nomem(func);
    }
    *out = text;
    if (length)
        *length = size;
    return CJM_OK;
}
