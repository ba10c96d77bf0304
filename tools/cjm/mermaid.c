/* A journey as a Mermaid `journey` diagram, which Markdown viewers (GitHub,
 * GitLab, many editors) draw. Mermaid's journey syntax has no escapes:
 * its task and section texts end at ':', ';', '#' or a line end, and
 * actors are split at ','. Those characters are replaced (docs/cli.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats.h"

/* Writes text on one line with Mermaid's delimiters replaced; `actor`
 * also replaces the actor separator. */
static void put_text(FILE *out, const char *text, bool actor)
{
    for (const char *p = text; *p; p++) {
        char c = *p;
        if (c == ':' || c == ';')
            fputs(" -", out);
        else if (c == '#')
            fputs("No.", out);
        else if (c == '\n' || c == '\r' || c == '\t' || (actor && c == ','))
            fputc(' ', out);
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
    put_text(out, cjm_journey_name(journey), false);
    fputc('\n', out);
    for (size_t s = 0; s < cjm_journey_stage_count(journey); s++) {
        const cjm_stage *stage = cjm_journey_stage(journey, s);
        fputs("    section ", out);
        put_text(out, cjm_stage_name(stage), false);
        fputc('\n', out);
        for (size_t i = 0; i < cjm_stage_touchpoint_count(stage); i++) {
            const cjm_touchpoint *t = cjm_stage_touchpoint(stage, i);
            fputs("      ", out);
            put_text(out, cjm_touchpoint_name(t), false);
            fprintf(out, ": %d: ", task_score(t));
            put_text(out, cjm_touchpoint_channel(t), true);
            if (cjm_touchpoint_owner(t)) {
                fputs(", ", out);
                put_text(out, cjm_touchpoint_owner(t), true);
            }
            fputc('\n', out);
        }
    }
    if (markdown)
        fputs("```\n", out);
    return ferror(out) ? cjm_error_set(CJM_ERR_IO, "cannot write the diagram") : CJM_OK;
}
