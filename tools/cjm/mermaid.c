/* A journey as a Mermaid `journey` diagram, which Markdown viewers (GitHub,
 * GitLab, many editors) draw. Mermaid's journey syntax has no escapes,
 * but Mermaid replaces entity codes ("#58;") before it parses and shows
 * them as their characters after: every character the syntax would read
 * (a comment's '#' or '%', the ':' and ';' that end a text, the ',' that
 * splits actors, markup its sanitizer would remove) is written as one,
 * and so is the first letter of a task named like a keyword ("title ...",
 * "section ..."). Every name keeps its place and its text (docs/cli.md). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats.h"

typedef enum text_kind { TEXT_TITLE, TEXT_SECTION, TEXT_TASK, TEXT_ACTOR } text_kind;

/* Whether a task's name starts with a word the journey syntax reads as a
 * statement at the start of a line (in any case). */
static bool keyword_start(const char *text)
{
    static const char *const words[] = { "title", "section", "journey", "acctitle", "accdescr" };
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t n = strlen(words[w]);
        size_t i = 0;
        while (i < n && text[i] && tolower((unsigned char)text[i]) == words[w][i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Writes text on one line with every character Mermaid would read as
 * syntax written as an entity code. */
static void put_text(FILE *out, const char *text, text_kind kind)
{
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool first = p == text;
        if (c < 0x20 || c == 0x7f)
            fputc(' ', out); /* a line break or a tab ends nothing in a name */
        else if (strchr("#:;%<>&", c) || (kind == TEXT_ACTOR && c == ',') ||
                 (first && kind == TEXT_TASK && (c == ' ' || keyword_start(text))))
            fprintf(out, "#%d;", c);
        else
            fputc(c, out);
    }
}

/* Mermaid's 1 to 5 from the mean normalized score (-1 to +1): 1 + 4 *
 * (mean + 1) / 2, rounded; 3, neutral, for a touchpoint without feedback. */
static int task_score(const cjm_touchpoint *t)
{
    size_t n = cjm_touchpoint_feedback_count(t);
    if (n == 0)
        return 3;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += cjm_feedback_normalized(cjm_touchpoint_feedback(t, i));
    long score = lround(3.0 + 2.0 * (sum / (double)n));
    return score < 1 ? 1 : score > 5 ? 5 : (int)score;
}

cjm_status write_mermaid(FILE *out, const cjm_journey *journey, bool markdown)
{
    if (markdown)
        fputs("```mermaid\n", out);
    fputs("journey\n    title ", out);
    put_text(out, cjm_journey_name(journey), TEXT_TITLE);
    fputc('\n', out);
    for (size_t s = 0; s < cjm_journey_stage_count(journey); s++) {
        const cjm_stage *stage = cjm_journey_stage(journey, s);
        fputs("    section ", out);
        put_text(out, cjm_stage_name(stage), TEXT_SECTION);
        fputc('\n', out);
        for (size_t i = 0; i < cjm_stage_touchpoint_count(stage); i++) {
            const cjm_touchpoint *t = cjm_stage_touchpoint(stage, i);
            fputs("      ", out);
            put_text(out, cjm_touchpoint_name(t), TEXT_TASK);
            fprintf(out, ": %d: ", task_score(t));
            put_text(out, cjm_touchpoint_channel(t), TEXT_ACTOR);
            if (cjm_touchpoint_owner(t)) {
                fputs(", ", out);
                put_text(out, cjm_touchpoint_owner(t), TEXT_ACTOR);
            }
            fputc('\n', out);
        }
    }
    if (markdown)
        fputs("```\n", out);
    return ferror(out) ? cjm_error_set(CJM_ERR_IO, "cannot write the diagram") : CJM_OK;
}
