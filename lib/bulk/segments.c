/* What a breakdown keeps as events arrive (analysis.md, "Segments and
 * cohorts"): per customer, under an attribute breakdown, the value on its
 * earliest event carrying the key and that event's time; with any
 * breakdown, each feedback item's customer and stage, since the report
 * adds items up by segment and a customer's segment is known only once
 * all its events are in. A cohort needs nothing more: the customer's
 * first event is among its events. */
#include <string.h>

#include "analysis-private.h"
#include "../core/alloc.h"

void cjmi_analysis_set_breakdown(cjm_analysis *a)
{
    a->breakdown = cjmi_breakdown_kind(&a->options);
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        a->shards[s].keeps_segments = a->breakdown == CJMI_BREAKDOWN_ATTRIBUTE;
        a->shards[s].keeps_items = a->breakdown != CJMI_BREAKDOWN_NONE;
    }
}

void cjmi_shard_segments_fini(cjmi_shard *shard)
{
    cjmi_free(shard->segment);
    cjmi_free(shard->segment_at);
    cjmi_free(shard->items.customer);
    cjmi_free(shard->items.millionths);
    cjmi_free(shard->items.stage);
    cjmi_free(shard->undo);
}

cjm_status cjmi_items_reserve(cjmi_items *items, size_t n)
{
    size_t need = items->count + n, c1 = items->capacity, c2 = items->capacity;
    if (need <= items->capacity)
        return CJM_OK;
    /* Three arrays of one capacity: each grows to the same size. */
    if (cjmi_array_reserve(items->customer, c1, need) != CJM_OK)
        return CJM_ERR_NOMEM;
    if (cjmi_array_reserve(items->millionths, c2, need) != CJM_OK)
        return CJM_ERR_NOMEM;
    size_t c3 = items->capacity;
    if (cjmi_array_reserve(items->stage, c3, need) != CJM_OK)
        return CJM_ERR_NOMEM;
    items->capacity = c1 < c2 ? (c1 < c3 ? c1 : c3) : (c2 < c3 ? c2 : c3);
    return CJM_OK;
}

cjm_status cjmi_segment_note(cjmi_shard *shard, uint32_t c, uint32_t value, int64_t at,
                             bool has_feedback, int64_t millionths, uint16_t stage)
{
    /* The earliest event wins; of two at one time, the first to arrive. */
    if (value && shard->keeps_segments && (!shard->segment[c] || at < shard->segment_at[c])) {
        if (c < shard->undo_from) {
            cjmi_undo old = { c, shard->segment[c], shard->segment_at[c] };
            if (cjmi_array_push(shard->undo, shard->undo_count, shard->undo_capacity, old) !=
                CJM_OK)
                return CJM_ERR_NOMEM;
        }
        shard->segment[c] = value;
        shard->segment_at[c] = at;
    }
    if (has_feedback && shard->keeps_items) { /* room reserved by the caller */
        cjmi_items *it = &shard->items;
        it->customer[it->count] = c;
        it->millionths[it->count] = (int32_t)millionths;
        it->stage[it->count] = stage;
        it->count++;
    }
    return CJM_OK;
}

void cjmi_segments_roll_back(cjmi_shard *shard, size_t items_mark)
{
    while (shard->undo_count) {
        const cjmi_undo *u = &shard->undo[--shard->undo_count];
        shard->segment[u->customer] = u->value;
        shard->segment_at[u->customer] = u->at;
    }
    if (shard->items.count > items_mark)
        shard->items.count = items_mark;
}
