/* Merging the analysis of a disjoint set of customers. Every held figure
 * is a per-event record or a sum, so appending the other's events (with
 * their ids re-interned) and adding its sums gives exactly the analysis of
 * both. */
#include <string.h>

#include "analysis-private.h"
#include "../core/alloc.h"
#include "../core/error.h"

typedef struct remap {
    uint32_t *touchpoints, *channels, *customers; /* from's index -> into's */
} remap;

static void remap_free(remap *m)
{
    cjmi_free(m->touchpoints);
    cjmi_free(m->channels);
    cjmi_free(m->customers);
}

static int map_all(cjmi_intern *into, const cjmi_intern *from, uint32_t *to)
{
    for (size_t i = 0; i < from->count; i++) {
        const char *s = cjmi_intern_string(from, (uint32_t)i);
        to[i] = cjmi_intern_add(into, s, strlen(s), cjmi_intern_hash_of(from, (uint32_t)i));
        if (to[i] == CJMI_NOT_INTERNED)
            return -1;
    }
    return 0;
}

CJM_EXPORT cjm_status cjm_analysis_merge(cjm_analysis *into, const cjm_analysis *from)
{
    static const char func[] = "cjm_analysis_merge";
    if (!into || !from)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, into ? "from" : "into");
    if (into == from)
        return cjmi_fail(CJM_ERR_INVALID, "%s: from: the same analysis as into", func);
    if (!cjm_journey_equal(into->map, from->map))
        return cjmi_fail(CJM_ERR_CONFLICT, "%s: from: analyses a different map", func);
    for (size_t i = 0; i < from->customers.count; i++) {
        const char *c = cjmi_intern_string(&from->customers, (uint32_t)i);
        if (cjmi_intern_find(&into->customers, c, strlen(c),
                             cjmi_intern_hash_of(&from->customers, (uint32_t)i)) !=
            CJMI_NOT_INTERNED)
            return cjmi_fail(CJM_ERR_DUPLICATE, "%s: customer \"%s\" is in both analyses",
                             func, c);
    }
    size_t marks[3] = { into->touchpoints.count, into->channels.count, into->customers.count };
    size_t event_mark = into->events.count;
    remap m = {
        cjmi_calloc(from->touchpoints.count, sizeof *m.touchpoints),
        cjmi_calloc(from->channels.count, sizeof *m.channels),
        cjmi_calloc(from->customers.count, sizeof *m.customers),
    };
    char *messages[CJM_REJECTED_MESSAGES] = { NULL };
    size_t room = CJM_REJECTED_MESSAGES - into->rejected_message_count, copied = 0;
    int failed = (!m.touchpoints && from->touchpoints.count) ||
                 (!m.channels && from->channels.count) ||
                 (!m.customers && from->customers.count) ||
                 map_all(&into->touchpoints, &from->touchpoints, m.touchpoints) < 0 ||
                 map_all(&into->channels, &from->channels, m.channels) < 0 ||
                 map_all(&into->customers, &from->customers, m.customers) < 0 ||
                 cjmi_store_reserve(&into->events, from->events.count) < 0 ||
                 cjmi_analysis_reserve_sums(into) < 0;
    for (; !failed && copied < room && copied < from->rejected_message_count; copied++)
        if (!(messages[copied] = cjmi_strdup(from->rejected_messages[copied])))
            failed = 1;
    cjm_status rc = failed ? cjmi_nomem(func) : CJM_OK;
    if (!failed && into->channels.count >= UINT16_MAX)
        rc = cjmi_fail(CJM_ERR_LIMIT, "%s: more than 65535 channels in all", func);
    if (rc != CJM_OK) {
        cjmi_intern_truncate(&into->touchpoints, marks[0]);
        cjmi_intern_truncate(&into->channels, marks[1]);
        cjmi_intern_truncate(&into->customers, marks[2]);
        cjmi_store_truncate(&into->events, event_mark);
        for (size_t i = 0; i < copied; i++)
            cjmi_free(messages[i]);
        remap_free(&m);
        return rc;
    }
    for (const cjmi_chunk *c = from->events.first; c; c = c->next)
        for (size_t i = 0; i < c->count; i++)
            cjmi_store_append(&into->events, c->at[i], m.customers[c->customer[i]],
                              m.touchpoints[c->touchpoint[i]],
                              (uint16_t)m.channels[c->channel[i]], c->stage[i]);
    for (size_t t = 0; t < from->touchpoint_feedback_capacity && t < from->touchpoints.count;
         t++) {
        into->touchpoint_feedback[m.touchpoints[t]].count += from->touchpoint_feedback[t].count;
        into->touchpoint_feedback[m.touchpoints[t]].millionths +=
            from->touchpoint_feedback[t].millionths;
    }
    for (size_t s = 0; s < into->stage_count; s++) {
        into->stage_feedback[s].count += from->stage_feedback[s].count;
        into->stage_feedback[s].millionths += from->stage_feedback[s].millionths;
    }
    for (size_t c = 0; c < from->customers.count && c < from->heard_capacity; c++)
        into->heard[m.customers[c]] |= from->heard[c];
    into->rejected += from->rejected;
    for (size_t i = 0; i < copied; i++)
        into->rejected_messages[into->rejected_message_count++] = messages[i];
    remap_free(&m);
    return CJM_OK;
}
