/* Writing gzip: an event log named .xes.gz is written compressed, as
 * reading takes it. */
#ifndef CJM_CLI_GZIP_OUT_H
#define CJM_CLI_GZIP_OUT_H

#include <stdbool.h>
#include <stdio.h>

/* Whether a name asks for gzip (it ends in ".gz"). */
bool gzip_named(const char *path);

/* A stream that writes what it is given gzip-compressed into `under`
 * (left open); fclose() writes the gzip trailer and fails (EOF) when
 * anything could not be written. NULL when out of memory. */
FILE *gzip_stream(FILE *under);

#endif
