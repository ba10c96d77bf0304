/* cjm customers MAP EVENTS... SELECTION: the customers behind a figure,
 * one id per line, or with --format jsonl each with its figures. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "customers.h"

/* One customer's figures over the events the analysis took. */
typedef struct figures {
    char *id; /* NULL: a free slot */
    uint64_t events, feedback;
    int64_t first_at, last_at, millionths;
    size_t stage; /* the furthest stage reached, by map index + 1; 0: none */
} figures;

typedef struct figures_table {
    figures *slots;
    size_t mask, count;
} figures_table;

/* The slot of id: its own, or the free one where it goes. */
static figures *slot_of(figures_table *t, const char *id)
{
    size_t i = cli_hash(id) & t->mask;
    while (t->slots[i].id && strcmp(t->slots[i].id, id) != 0)
        i = (i + 1) & t->mask;
    return &t->slots[i];
}

static bool grow(figures_table *t)
{
    size_t n = t->slots ? 2 * (t->mask + 1) : 1024;
    figures *old = t->slots;
    size_t old_n = old ? t->mask + 1 : 0;
    t->slots = calloc(n, sizeof *t->slots);
    if (!t->slots) {
        t->slots = old;
        return false;
    }
    t->mask = n - 1;
    for (size_t i = 0; i < old_n; i++)
        if (old[i].id)
            *slot_of(t, old[i].id) = old[i];
    free(old);
    return true;
}

static void table_free(figures_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->slots && i <= t->mask; i++)
        free(t->slots[i].id);
    free(t->slots);
    free(t);
}

/* The map index + 1 of the stage an event counts in: its own, else its
 * touchpoint's in the map; 0 for none. */
static size_t stage_of(const cjm_journey *map, const cjm_event *e)
{
    const cjm_stage *stage = NULL;
    if (cjm_event_stage(e))
        stage = cjm_journey_find_stage(map, cjm_event_stage(e));
    else if (cjm_journey_find_touchpoint(map, cjm_event_touchpoint(e)))
        stage = cjm_touchpoint_stage(cjm_journey_find_touchpoint(map, cjm_event_touchpoint(e)));
    for (size_t i = 0; stage && i < cjm_journey_stage_count(map); i++)
        if (cjm_journey_stage(map, i) == stage)
            return i + 1;
    return 0;
}

static cjm_status keep_figures(selection_args *s, const cjm_event *e)
{
    if (!s->figures && !(s->figures = calloc(1, sizeof *s->figures)))
        return cjm_error_set(CJM_ERR_NOMEM, "customers: out of memory");
    figures_table *t = s->figures;
    if (t->count + 1 > (t->mask + 1) / 2 && !grow(t))
        return cjm_error_set(CJM_ERR_NOMEM, "customers: out of memory");
    figures *f = slot_of(t, cjm_event_customer(e));
    int64_t at = cjm_event_at(e);
    if (!f->id) {
        if (!(f->id = strdup(cjm_event_customer(e))))
            return cjm_error_set(CJM_ERR_NOMEM, "customers: out of memory");
        t->count++;
        f->first_at = f->last_at = at;
    }
    f->events++;
    f->first_at = at < f->first_at ? at : f->first_at;
    f->last_at = at > f->last_at ? at : f->last_at;
    size_t stage = stage_of(s->map, e);
    f->stage = stage > f->stage ? stage : f->stage;
    if (cjm_event_has_feedback(e)) {
        /* The analysis's normalized score, in exact millionths. */
        double min = cjm_event_scale_min(e), max = cjm_event_scale_max(e);
        double score = cjm_event_score(e);
        f->millionths += (int64_t)llround(1e6 * (2.0 * (score - min) / (max - min) - 1.0));
        f->feedback++;
    }
    return CJM_OK;
}

cjm_status customers_sink(const cjm_event *event, void *userdata)
{
    selection_args *s = userdata;
    uint64_t rejected = cjm_analysis_rejected_count(s->analysis);
    cjm_status rc = cjm_analysis_sink(event, s->analysis);
    if (rc != CJM_OK || !s->jsonl || cjm_analysis_rejected_count(s->analysis) != rejected)
        return rc;
    return keep_figures(s, event);
}

int selection_option(selection_args *s, int opt, const char *arg)
{
    typedef cjm_status (*add_fn)(cjm_selection *, const char *);
    static const add_fn by_id[] = {
        cjm_selection_add_reached, cjm_selection_add_funnel, cjm_selection_add_dropped,
        cjm_selection_add_silent_churn, cjm_selection_add_hopped, NULL,
        cjm_selection_add_used, NULL, NULL, cjm_selection_add_segment,
    };
    static const char *const names[] = { "--reached", "--funnel", "--dropped-at",
                                         "--silent-at", "--hopped-in", "--backtracked",
                                         "--used", "--completed", "--path",
                                         "--segment" };
    int k = opt - SELECTION_OPTION_FIRST;
    cjm_status rc = CJM_OK;
    if (!s->selection && !(s->selection = cjm_selection_new()))
        return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    if (k == 5 || k == 8) {
        const char ***list = k == 5 ? &s->pairs : &s->paths;
        size_t *n = k == 5 ? &s->pair_count : &s->path_count;
        const char **grown = realloc(*list, (*n + 1) * sizeof **list);
        if (!grown)
            return cli_fail(EXIT_FAILURE_OTHER, "out of memory");
        grown[(*n)++] = arg;
        *list = grown;
    } else if (k == 7) {
        rc = cjm_selection_add_completed(s->selection);
    } else {
        rc = by_id[k](s->selection, arg);
    }
    if (rc != CJM_OK)
        return cli_option_refused(names[k]);
    s->segment |= k == 9;
    s->criteria++;
    return EXIT_OK;
}

static bool is_stage(const cjm_journey *map, const char *id, size_t len)
{
    for (size_t i = 0; i < cjm_journey_stage_count(map); i++) {
        const char *stage = cjm_stage_id(cjm_journey_stage(map, i));
        if (strlen(stage) == len && memcmp(stage, id, len) == 0)
            return true;
    }
    return false;
}

/* --backtracked FROM:TO. Stage ids may hold a colon: the pair is the one
 * split of the text into two stages of the map. */
static int add_pair(selection_args *s, const cjm_journey *map, const char *text)
{
    size_t len = strlen(text), found = 0, at = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == ':' && is_stage(map, text, i) && is_stage(map, text + i + 1, len - i - 1))
            found++, at = i;
    if (found != 1)
        return cli_fail(EXIT_USAGE, found ? "--backtracked: \"%s\" splits into stages of the "
                                            "map in more than one way"
                                          : "--backtracked: \"%s\" is not FROM:TO, two "
                                            "stages of the map \"%s\"",
                        text, cjm_journey_id(map));
    char *from = strndup(text, at);
    cjm_status rc = from ? cjm_selection_add_backtracked(s->selection, from, text + at + 1)
                         : CJM_ERR_NOMEM;
    free(from);
    return rc == CJM_OK ? EXIT_OK : cli_fail_status(rc);
}

/* The ways text[pos..] splits into stages of the map at commas, at most 2;
 * ways[pos] + 1 memoizes it (0: not yet known). */
static size_t ways_from(const cjm_journey *map, const char *text, size_t len, size_t pos,
                        size_t *ways)
{
    if (ways[pos])
        return ways[pos] - 1;
    size_t n = 0;
    for (size_t end = pos + 1; end <= len && n < 2; end++)
        if ((end == len || text[end] == ',') && is_stage(map, text + pos, end - pos))
            n += end == len ? 1 : ways_from(map, text, len, end + 1, ways);
    n = n > 2 ? 2 : n;
    ways[pos] = n + 1;
    return n;
}

/* --path S,S2,...: the one split of the text into stages of the map. */
static int add_path(selection_args *s, const cjm_journey *map, const char *text)
{
    size_t len = strlen(text);
    size_t *ways = calloc(len + 1, sizeof *ways);
    const char **stages = calloc(len + 1, sizeof *stages);
    char *copy = strdup(text);
    int code = EXIT_OK;
    if (!ways || !stages || !copy) {
        code = cli_fail(EXIT_FAILURE_OTHER, "out of memory");
    } else if (len == 0 || ways_from(map, text, len, 0, ways) != 1) {
        code = cli_fail(EXIT_USAGE, len && ways[0] == 3 ? "--path: \"%s\" splits into stages "
                                                          "of the map in more than one way"
                                                        : "--path: \"%s\" is not S,S2,..., "
                                                          "stages of the map \"%s\"",
                        text, cjm_journey_id(map));
    } else {
        /* Walk the one split: at each piece, the end that leads on. */
        size_t n = 0, pos = 0;
        while (pos < len) {
            size_t end = pos + 1;
            while (!((end == len || text[end] == ',') && is_stage(map, text + pos, end - pos) &&
                     (end == len || ways_from(map, text, len, end + 1, ways) == 1)))
                end++;
            copy[end < len ? end : len] = '\0';
            stages[n++] = copy + pos;
            pos = end + 1;
        }
        cjm_status rc = cjm_selection_add_path(s->selection, stages, n);
        if (rc == CJM_ERR_INVALID || rc == CJM_ERR_LIMIT)
            code = cli_option_refused("--path");
        else if (rc != CJM_OK)
            code = cli_fail_status(rc);
    }
    free(ways);
    free(stages);
    free(copy);
    return code;
}

typedef struct line_ctx {
    FILE *out;
    selection_args *s;
    int error; /* errno of the first write that failed, 0 while none has */
} line_ctx;

/* Stops the walk at the first write that fails, keeping its reason so the
 * message names the output and why, as every other output's does. */
static int line_end(line_ctx *c)
{
    if (!ferror(c->out))
        return 0;
    c->error = errno ? errno : EIO;
    return cjm_error_set(CJM_ERR_IO, "cannot write");
}

static int print_id(const char *customer, void *userdata)
{
    line_ctx *c = userdata;
    errno = 0;
    fputs(customer, c->out);
    fputc('\n', c->out);
    return line_end(c);
}

static void print_time(FILE *out, int64_t ms)
{
    char text[CJM_TIME_BUFSIZE];
    if (cjm_time_format(text, sizeof text, ms) == CJM_OK)
        cli_json_string(out, text);
    else
        fputs("null", out);
}

/* {"customer", "first_at", "last_at", "stage", "events", "feedback",
 * "mean_score"} */
static int print_figures(const char *customer, void *userdata)
{
    line_ctx *c = userdata;
    const figures *f = slot_of(c->s->figures, customer);
    FILE *out = c->out;
    errno = 0;
    fputs("{\"customer\":", out);
    cli_json_string(out, customer);
    fputs(",\"first_at\":", out);
    print_time(out, f->first_at);
    fputs(",\"last_at\":", out);
    print_time(out, f->last_at);
    fputs(",\"stage\":", out);
    cli_json_string(out, f->stage ? cjm_stage_id(cjm_journey_stage(c->s->map, f->stage - 1))
                                  : NULL);
    fprintf(out, ",\"events\":%llu,\"feedback\":%llu,\"mean_score\":",
            (unsigned long long)f->events, (unsigned long long)f->feedback);
    if (f->feedback)
        fprintf(out, "%.17g", (double)f->millionths / (double)f->feedback / 1e6);
    else
        fputs("null", out);
    fputs("}\n", out);
    return line_end(c);
}

int customers_write(FILE *out, const char *name, selection_args *s, const cjm_journey *map)
{
    int code = EXIT_OK;
    for (size_t i = 0; code == EXIT_OK && i < s->pair_count; i++)
        code = add_pair(s, map, s->pairs[i]);
    for (size_t i = 0; code == EXIT_OK && i < s->path_count; i++)
        code = add_path(s, map, s->paths[i]);
    if (code != EXIT_OK)
        return code;
    line_ctx c = { out, s, 0 };
    cjm_status rc = cjm_analysis_customers(s->analysis, s->selection,
                                           s->jsonl ? print_figures : print_id, &c);
    if (rc != CJM_OK && c.error)
        return cli_fail(EXIT_FAILURE_OTHER, "%s: cannot write: %s", name, strerror(c.error));
    return rc == CJM_OK ? EXIT_OK : cli_fail_status(rc);
}

void selection_args_free(selection_args *s)
{
    cjm_selection_free(s->selection);
    free(s->pairs);
    free(s->paths);
    table_free(s->figures);
}
