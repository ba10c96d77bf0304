/* cjm customers: the selection options, the figures of each customer
 * read from the events, and the list written. analyze.c runs the command
 * with the analysis options it shares with analyze and render. */
#ifndef CJM_CLI_CUSTOMERS_H
#define CJM_CLI_CUSTOMERS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <cjm/cjm.h>

#define SELECTION_OPTION_FIRST 768
#define SELECTION_LONG_OPTIONS                                                   \
    { "reached", required_argument, NULL, SELECTION_OPTION_FIRST },              \
    { "funnel", required_argument, NULL, SELECTION_OPTION_FIRST + 1 },           \
    { "dropped-at", required_argument, NULL, SELECTION_OPTION_FIRST + 2 },       \
    { "silent-at", required_argument, NULL, SELECTION_OPTION_FIRST + 3 },        \
    { "hopped-in", required_argument, NULL, SELECTION_OPTION_FIRST + 4 },        \
    { "backtracked", required_argument, NULL, SELECTION_OPTION_FIRST + 5 },      \
    { "used", required_argument, NULL, SELECTION_OPTION_FIRST + 6 },             \
    { "completed", no_argument, NULL, SELECTION_OPTION_FIRST + 7 },              \
    { "path", required_argument, NULL, SELECTION_OPTION_FIRST + 8 },             \
    { "segment", required_argument, NULL, SELECTION_OPTION_FIRST + 9 }
#define SELECTION_USAGE                                                          \
    "  --reached S               customers with an event in stage S\n"           \
    "  --funnel S                in the closed funnel at S: every stage up to S,\n" \
    "                            each first reached in map order\n"              \
    "  --dropped-at S            left the journey at S without completing it\n"   \
    "  --silent-at S             dropped at S without a word of feedback\n"       \
    "  --hopped-in S             changed channel in S in a way the map does not plan\n" \
    "  --backtracked S:S2        went back from stage S to the earlier S2\n"      \
    "  --used T                  had an event at touchpoint T\n"                  \
    "  --completed               reached the final stage\n"                       \
    "  --path S,S2,...           took exactly this path through the stages\n"     \
    "                            (repeats next to each other collapsed)\n"    \
    "  --segment VALUE           in the report's segment VALUE of --breakdown\n"

/* What `cjm customers` was asked for. */
typedef struct selection_args {
    cjm_selection *selection;  /* the criteria that need no map */
    const char **pairs;        /* --backtracked, split once the map is read */
    size_t pair_count;
    const char **paths;        /* --path, likewise */
    size_t path_count;
    size_t criteria;           /* every criterion given */
    bool segment;              /* --segment given: needs --breakdown */
    bool jsonl;                /* --format jsonl: each customer's figures */
    cjm_analysis *analysis;    /* what the events go to */
    const cjm_journey *map;    /* its map */
    struct figures_table *figures; /* with jsonl: each customer's figures */
} selection_args;

/* Takes one selection option; an exit status (message printed). */
int selection_option(selection_args *s, int opt, const char *arg);

/* A sink that adds each event to s->analysis and, with jsonl, keeps the
 * figures of its customer when the analysis took it. */
cjm_status customers_sink(const cjm_event *event, void *s);

/* Writes the selected customers of the analysis to out (name: the output
 * as messages call it), one id per line or one JSON object per line; an exit status (message printed). */
int customers_write(FILE *out, const char *name, selection_args *s, const cjm_journey *map);

void selection_args_free(selection_args *s);

#endif
