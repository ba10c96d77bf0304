/* What every fuzz target shares: a small map to analyse events against,
 * and a way to stop loudly when a property the target checks is broken. */
#ifndef CJM_FUZZ_COMMON_H
#define CJM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cjm/cjm.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property is a finding: print it and abort, so libFuzzer keeps
 * the input. */
#define FUZZ_ASSERT(cond)                                                          \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* The map events are analysed against: three stages, channels, feedback. */
cjm_journey *fuzz_map(void);

/* Analyses events read by a reader: a lenient analysis over fuzz_map(),
 * then its report and every figure of it. */
typedef cjm_status (*fuzz_reader)(const uint8_t *data, size_t size, cjm_event_sink sink,
                                  void *analysis, void *userdata);
void fuzz_analyse(const uint8_t *data, size_t size, fuzz_reader read, void *userdata);

#endif
