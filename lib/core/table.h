/* A hash table from NUL-terminated ids to pointers, for O(1) lookup of
 * stages and touchpoints by id. Open addressing with linear probing and
 * backward-shift deletion. Keys are borrowed: they point into the objects
 * the table indexes. Internal. */
#ifndef CJMI_TABLE_H
#define CJMI_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "cjm/common.h"

typedef struct cjmi_table_entry {
    const char *key; /* NULL: free slot */
    void *value;
    uint64_t hash;
} cjmi_table_entry;

typedef struct cjmi_table {
    cjmi_table_entry *entries;
    size_t capacity; /* 0 or a power of two */
    size_t count;
} cjmi_table;

uint64_t cjmi_hash(const char *key);

void cjmi_table_fini(cjmi_table *table);

/* Makes sure `count` entries fit without growing: after it succeeds,
 * cjmi_table_put() cannot fail for up to that many entries. CJM_OK, or
 * CJM_ERR_NOMEM (table untouched, no message). */
cjm_status cjmi_table_reserve(cjmi_table *table, size_t count);

void *cjmi_table_get(const cjmi_table *table, const char *key);

/* Adds a key that is not in the table; room must have been reserved. */
void cjmi_table_put(cjmi_table *table, const char *key, void *value);

/* Points an existing key's entry at another holder of the same key text
 * (the key pointer is borrowed from the holder). */
void cjmi_table_replace(cjmi_table *table, const char *key, void *value);

/* Removes a key if present. */
void cjmi_table_remove(cjmi_table *table, const char *key);

#endif
