/* Strings kept together in chunks. */
#include <stdint.h>
#include <string.h>

#include "strings.h"
#include "alloc.h"

typedef struct cjmi_strings_chunk {
    struct cjmi_strings_chunk *previous;
    size_t used, size;
    char bytes[];
} cjmi_strings_chunk;

/* Chunks double from the first size to the largest: an object with a few
 * ids takes one small chunk, a table of millions a chunk per 64 kB. */
#define FIRST_CHUNK 512
#define LARGEST_CHUNK 65536

char *cjmi_strings_copy(cjmi_strings *strings, const char *s, size_t len)
{
    cjmi_strings_chunk *c = strings->last;
    if (!c || c->size - c->used < len + 1) {
        size_t size = !c ? FIRST_CHUNK : c->size < LARGEST_CHUNK ? 2 * c->size : c->size;
        if (len + 1 > size)
            size = len + 1;
        if (size > SIZE_MAX - sizeof *c)
            return NULL;
        c = cjmi_malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->previous = strings->last;
        c->used = 0;
        c->size = size;
        strings->last = c;
    }
    char *copy = c->bytes + c->used;
    memcpy(copy, s, len);
    copy[len] = '\0';
    c->used += len + 1;
    return copy;
}

void cjmi_strings_fini(cjmi_strings *strings)
{
    while (strings->last) {
        cjmi_strings_chunk *previous = strings->last->previous;
        cjmi_free(strings->last);
        strings->last = previous;
    }
}
