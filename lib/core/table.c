/* The id table. */
#include <string.h>

#include "table.h"
#include "alloc.h"

uint64_t cjmi_hash(const char *key)
{
    /* FNV-1a, 64-bit, then a final mix so the low bits used as the slot
     * index depend on every byte. */
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    return h;
}

void cjmi_table_fini(cjmi_table *table)
{
    cjmi_free(table->entries);
    table->entries = NULL;
    table->capacity = table->count = 0;
}

static void insert_entry(cjmi_table_entry *entries, size_t capacity, cjmi_table_entry e)
{
    size_t mask = capacity - 1, i = (size_t)e.hash & mask;
    while (entries[i].key)
        i = (i + 1) & mask;
    entries[i] = e;
}

cjm_status cjmi_table_reserve(cjmi_table *table, size_t count)
{
    /* Keep the load at most one half so probes stay short. */
    if (count <= table->capacity / 2)
        return CJM_OK;
    size_t capacity = table->capacity ? table->capacity : 8;
    while (count > capacity / 2) {
        if (capacity > SIZE_MAX / 2 / sizeof(cjmi_table_entry))
            return CJM_ERR_NOMEM;
        capacity *= 2;
    }
    cjmi_table_entry *entries = cjmi_calloc(capacity, sizeof *entries);
    if (!entries)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; i < table->capacity; i++)
        if (table->entries[i].key)
            insert_entry(entries, capacity, table->entries[i]);
    cjmi_free(table->entries);
    table->entries = entries;
    table->capacity = capacity;
    return CJM_OK;
}

static size_t find_slot(const cjmi_table *table, const char *key, uint64_t hash)
{
    size_t mask = table->capacity - 1, i = (size_t)hash & mask;
    while (table->entries[i].key) {
        if (table->entries[i].hash == hash && strcmp(table->entries[i].key, key) == 0)
            return i;
        i = (i + 1) & mask;
    }
    return SIZE_MAX;
}

void *cjmi_table_get(const cjmi_table *table, const char *key)
{
    if (!table->count || !key)
        return NULL;
    size_t i = find_slot(table, key, cjmi_hash(key));
    return i == SIZE_MAX ? NULL : table->entries[i].value;
}

void cjmi_table_put(cjmi_table *table, const char *key, void *value)
{
    cjmi_table_entry e = { key, value, cjmi_hash(key) };
    insert_entry(table->entries, table->capacity, e);
    table->count++;
}

void cjmi_table_replace(cjmi_table *table, const char *key, void *value)
{
    size_t i = table->count ? find_slot(table, key, cjmi_hash(key)) : SIZE_MAX;
    if (i == SIZE_MAX)
        return;
    table->entries[i].key = key;
    table->entries[i].value = value;
}

void cjmi_table_remove(cjmi_table *table, const char *key)
{
    if (!table->count)
        return;
    size_t i = find_slot(table, key, cjmi_hash(key));
    if (i == SIZE_MAX)
        return;
    size_t mask = table->capacity - 1;
    /* Backward shift: move later entries of the probe run into the hole
     * when their home slot does not lie between the hole and them. */
    for (size_t j = (i + 1) & mask; table->entries[j].key; j = (j + 1) & mask) {
        size_t home = (size_t)table->entries[j].hash & mask;
        if (((j - home) & mask) >= ((j - i) & mask)) {
            table->entries[i] = table->entries[j];
            i = j;
        }
    }
    table->entries[i].key = NULL;
    table->entries[i].value = NULL;
    table->count--;
}
