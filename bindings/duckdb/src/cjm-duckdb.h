/* The cjm extension for DuckDB: what its files share.
 *
 * The extension is written against DuckDB's stable C extension API
 * (duckdb_extension.h, version 1.2.0): every DuckDB call goes through the
 * table of functions DuckDB hands over when it loads the extension, so
 * one build loads into every DuckDB release that offers that version. */
#ifndef CJM_DUCKDB_H
#define CJM_DUCKDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <duckdb_extension.h>

#include <cjm/cjm.h>

DUCKDB_EXTENSION_EXTERN

/* A map and options as one aggregate call gives them: the texts, and the
 * journey and options read from them. Entries are shared by every state
 * of every query that gives the same texts, counted, and freed with their
 * last user. Never changed once made, so any thread may read one. */
typedef struct cjmdd_map {
    struct cjmdd_map *next;
    char *map_text;
    size_t map_length;
    char *options_text; /* NULL: no options argument */
    size_t options_length;
    cjm_journey *journey;
    cjm_options *options;
    size_t users; /* guarded by the cache's lock */
} cjmdd_map;

/* The entry of these texts, made on first sight (and counted once more);
 * NULL with *error set to a message to free with cjm_free() when the map
 * or the options cannot be read. */
cjmdd_map *cjmdd_map_get(const char *map, size_t map_length, const char *options,
                         size_t options_length, char **error);
/* One more user of an entry. */
void cjmdd_map_keep(cjmdd_map *entry);
/* One user fewer; the last frees it. NULL is allowed. */
void cjmdd_map_release(cjmdd_map *entry);

/* Reads options from a JSON object's text ({"min_customers": 5, ...});
 * NULL with *error set (cjm_free()) when they are not options. Always
 * with one thread: DuckDB runs the aggregate on its own threads. */
cjm_options *cjmdd_read_options(const char *text, size_t length, char **error);

/* A message made as printf makes it, in memory from cjm_malloc(); NULL
 * only when memory runs out. */
char *cjmdd_format(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* The text of a VARCHAR value of a vector: pointer and length (DuckDB
 * holds up to 12 bytes inline). Inline: called for every row. */
static inline const char *cjmdd_string(const duckdb_string_t *s, size_t *length)
{
    *length = s->value.inlined.length;
    return *length <= 12 ? s->value.inlined.inlined : s->value.pointer.ptr;
}

/* Whether row `row` of a vector is valid, by its validity mask (NULL:
 * every row), as duckdb_validity_row_is_valid() tells but without a call
 * through DuckDB's table of functions for every row. */
static inline bool cjmdd_valid(const uint64_t *validity, idx_t row)
{
    return !validity || (validity[row / 64] >> (row % 64) & 1);
}

/* A run of rows of a VARCHAR argument as a dictionary column
 * (dictionary.c): the codes of the rows, from the run's first row, into
 * a table of their distinct values. A row's code is CJMDD_NONE for NULL
 * and CJMDD_NUL for a value holding a NUL byte (never in the table).
 * Zeroed to start; its buffers are kept from run to run and freed by
 * cjmdd_dictionary_free(). */
enum { CJMDD_NONE = -1, CJMDD_NUL = -2 };
typedef struct cjmdd_dictionary {
    cjm_dictionary_column column;
    bool nul; /* some row holds a NUL byte */
    /* what column points into */
    int32_t *codes, *entry_codes;
    int64_t *offsets;
    idx_t *entry_rows;
    uint32_t *slots;
    void *block;
    char *text;
    size_t rows_capacity, slot_capacity, used, text_capacity;
} cjmdd_dictionary;

/* Fills d with rows [from, to) of a VARCHAR vector's data and validity
 * (data NULL: an argument the call lacks, every row NULL); false when
 * memory runs out. */
bool cjmdd_dictionary_fill(cjmdd_dictionary *d, const duckdb_string_t *data,
                           uint64_t *validity, idx_t from, idx_t to);
void cjmdd_dictionary_free(cjmdd_dictionary *d);

/* A logical type that the caller destroys: JSON (VARCHAR under the alias
 * JSON, as DuckDB's JSON extension names its type) or a plain one. */
duckdb_logical_type cjmdd_json_type(void);

/* The aggregate's states DuckDB made (states.c): made records one
 * (false: out of memory), known tells whether a pointer is one, destroyed
 * forgets one and tells whether it was known. Any thread. */
bool cjmdd_state_made(const void *state);
bool cjmdd_state_known(const void *state);
bool cjmdd_state_destroyed(const void *state);

/* The registrations, each on the connection DuckDB gives at load time;
 * false when DuckDB refused one. */
bool cjmdd_register_aggregate(duckdb_connection connection);
bool cjmdd_register_journey_functions(duckdb_connection connection);
bool cjmdd_register_report_tables(duckdb_connection connection);

#endif
