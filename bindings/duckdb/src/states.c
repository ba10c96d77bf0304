/* The aggregate's states that DuckDB has made and not yet destroyed.
 *
 * DuckDB's C API hands an aggregate an array with one state per row, but
 * where DuckDB runs an aggregate as a window function or sorts its input
 * (ORDER BY inside the call) it passes one state where the array should
 * be, and the other entries are whatever memory follows it. Those
 * entries cannot be read as states without a crash. Every state pointer
 * is looked up here before it is used: one DuckDB did not make is refused
 * with an error instead. The lookup reads pointers' values only, never
 * what they point at. */
#include "cjm-duckdb.h"

#include <pthread.h>
#include <string.h>

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static uintptr_t *slots; /* open addressing; 0 empty, 1 removed */
static size_t capacity, used, live;

static size_t slot_of(uintptr_t p, size_t cap)
{
    uint64_t h = (uint64_t)p * 0x9e3779b97f4a7c15u;
    return (size_t)(h >> 20) & (cap - 1);
}

/* Puts p in a table that has room; the write lock is held. */
static void put(uintptr_t *table, size_t cap, uintptr_t p)
{
    size_t i = slot_of(p, cap);
    while (table[i] > 1)
        i = (i + 1) & (cap - 1);
    table[i] = p;
}

static bool grow(void)
{
    size_t cap = capacity ? capacity : 1024;
    while (live * 2 + 2 > cap / 2)
        cap *= 2;
    uintptr_t *table = cjm_malloc(cap * sizeof *table);
    if (!table)
        return false;
    memset(table, 0, cap * sizeof *table);
    for (size_t i = 0; i < capacity; i++)
        if (slots[i] > 1)
            put(table, cap, slots[i]);
    cjm_free(slots);
    slots = table;
    capacity = cap;
    used = live;
    return true;
}

bool cjmdd_state_made(const void *state)
{
    uintptr_t p = (uintptr_t)state;
    pthread_rwlock_wrlock(&lock);
    bool ok = (used + 1) * 2 <= capacity || grow();
    if (ok) {
        put(slots, capacity, p);
        used++;
        live++;
    }
    pthread_rwlock_unlock(&lock);
    return ok;
}

/* The slot holding p, or capacity; a lock is held. */
static size_t find(uintptr_t p)
{
    if (!capacity)
        return 0;
    size_t i = slot_of(p, capacity);
    while (slots[i] != 0) {
        if (slots[i] == p)
            return i;
        i = (i + 1) & (capacity - 1);
    }
    return capacity;
}

bool cjmdd_state_known(const void *state)
{
    pthread_rwlock_rdlock(&lock);
    bool known = capacity && find((uintptr_t)state) < capacity;
    pthread_rwlock_unlock(&lock);
    return known;
}

bool cjmdd_state_destroyed(const void *state)
{
    pthread_rwlock_wrlock(&lock);
    size_t i = capacity ? find((uintptr_t)state) : 0;
    bool known = capacity && i < capacity;
    if (known) {
        slots[i] = 1;
        live--;
        if (live == 0) {
            /* Nothing left: the table goes, so an idle database holds
             * nothing of it. */
            cjm_free(slots);
            slots = NULL;
            capacity = used = 0;
        }
    }
    pthread_rwlock_unlock(&lock);
    return known;
}
