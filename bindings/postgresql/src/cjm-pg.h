/* The cjm extension for PostgreSQL: what its files share. */
#ifndef CJM_PG_H
#define CJM_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

#include <cjm/cjm.h>

/*
 * Memory. The library allocates through PostgreSQL's memory contexts (its
 * allocator hook, installed when the module loads), always in
 * CurrentMemoryContext. Out of memory is NULL for the library (never a
 * longjmp through it), which it reports as CJM_ERR_NOMEM.
 */
void cjmpg_install_allocator(void);

/* Raises the library's last error as a PostgreSQL ERROR, prefixed "cjm: ". */
void cjmpg_raise(cjm_status status) pg_attribute_noreturn();

/* A map from jsonb: a new journey (free with cjm_journey_free()), or an
 * ERROR naming the problem. */
cjm_journey *cjmpg_read_map(Jsonb *map);

/* Options from a jsonb object ("min_customers", "lenient", ...; NULL for
 * the defaults), always with one thread: palloc is not thread-safe. */
cjm_options *cjmpg_read_options(Jsonb *options);

#endif
