/* cjm_customers(partial bytea, selection jsonb) returns setof text: the
 * customers behind a figure of a partial's report (cjm/selection.h), so
 * that a database can act on them: call back the silent churners of a
 * stage, survey the channel hoppers of another.
 *
 * The selection is a JSON object whose members are criteria, all of which
 * a customer meets: "reached", "funnel", "dropped", "silent_churn",
 * "hopped" (a stage id, or an array of them), "used" (a touchpoint id or
 * an array), "backtracked" (a pair [from, to]),
 * "path" (an array of stage ids), "completed" (true); '{}' selects every
 * customer. The library hands the ids to a callback that only copies them
 * (no ERROR can be raised inside the library); the rows are made after it
 * returned, in byte order. */
#include "state.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include <cjm/selection.h>

static const char selection_hint[] =
    "A selection is an object of criteria, all of which a customer meets: reached, funnel, "
    "dropped, silent_churn, hopped (a stage id or an array of them), used (a touchpoint id "
    "or an array), backtracked (a pair [from, to]), path (an array of "
    "stage ids), completed (true).";

/* The strings of a jsonb string or array of strings, NULL-terminated;
 * NULL, and *wrong set, when it is neither. */
static char **strings(JsonbValue *v, bool one_or_many, const char **wrong)
{
    if (v->type == jbvString && one_or_many) {
        char **out = palloc0(2 * sizeof(char *));
        out[0] = cjmpg_utf8(v->val.string.val, v->val.string.len);
        return out;
    }
    if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data) ||
        JsonContainerIsScalar(v->val.binary.data))
    {
        *wrong = one_or_many ? "expected an id or an array of ids" : "expected an array of ids";
        return NULL;
    }
    int n = JsonContainerSize(v->val.binary.data);
    char **out = palloc0((Size)(n + 1) * sizeof(char *));
    for (int i = 0; i < n; i++) {
        JsonbValue *e = getIthJsonbValueFromContainer(v->val.binary.data, (uint32)i);
        if (!e || e->type != jbvString) {
            *wrong = "expected ids (text) in the array";
            return NULL;
        }
        out[i] = cjmpg_utf8(e->val.string.val, e->val.string.len);
    }
    return out;
}

/* The library's message without the name of the C function that words it
 * ("cjm_selection_add_used: touchpoint: empty"), which means nothing to a
 * caller in SQL: the error names the SQL function and criterion instead. */
static const char *without_function(const char *message)
{
    size_t n = strspn(message, "abcdefghijklmnopqrstuvwxyz_");
    if (n > 4 && strncmp(message, "cjm_", 4) == 0 && strncmp(message + n, ": ", 2) == 0)
        return message + n + 2;
    return message;
}

/* The library's reason with the criterion it begins with in quotes
 * ("used: no touchpoint ..." -> "\"used\": no touchpoint ..."), as the
 * selection's member is named when its value is what is wrong. */
static const char *criterion_quoted(const char *reason)
{
    size_t n = strspn(reason, "abcdefghijklmnopqrstuvwxyz_");
    if (n == 0 || strncmp(reason + n, ": ", 2) != 0)
        return reason;
    return psprintf("\"%.*s\"%s", (int)n, reason, reason + n);
}

/* Adds one member of the selection; NULL, or what is wrong with it. */
static const char *add_criterion(void *selection, const char *key, JsonbValue *v)
{
    static const struct {
        const char *key;
        cjm_status (*add)(cjm_selection *, const char *);
    } by_id[] = {
        { "reached", cjm_selection_add_reached }, { "funnel", cjm_selection_add_funnel },
        { "dropped", cjm_selection_add_dropped }, { "silent_churn", cjm_selection_add_silent_churn },
        { "hopped", cjm_selection_add_hopped },   { "used", cjm_selection_add_used },
    };
    cjm_selection *sel = selection;
    const char *wrong = NULL;
    cjm_status st = CJM_OK;
    for (size_t k = 0; k < lengthof(by_id); k++)
        if (strcmp(key, by_id[k].key) == 0) {
            char **ids = strings(v, true, &wrong);
            for (char **id = ids; ids && st == CJM_OK && *id; id++)
                st = by_id[k].add(sel, *id);
            return wrong ? wrong : st != CJM_OK ? without_function(cjm_last_error()) : NULL;
        }
    if (strcmp(key, "completed") == 0) {
        if (v->type != jbvBool || !v->val.boolean)
            return "expected true";
        st = cjm_selection_add_completed(sel);
    } else if (strcmp(key, "path") == 0) {
        char **stages = strings(v, false, &wrong);
        size_t n = 0;
        while (stages && stages[n])
            n++;
        if (stages && n == 0)
            wrong = "expected an array of at least one stage id";
        else if (stages)
            st = cjm_selection_add_path(sel, (const char *const *)stages, n);
    } else if (strcmp(key, "backtracked") == 0) {
        char **pair = strings(v, false, &wrong);
        if (pair && !(pair[0] && pair[1] && !pair[2]))
            wrong = "expected a pair [from, to] of stage ids";
        else if (pair)
            st = cjm_selection_add_backtracked(sel, pair[0], pair[1]);
    } else {
        return "not a criterion";
    }
    return wrong ? wrong : st != CJM_OK ? without_function(cjm_last_error()) : NULL;
}

static void free_selection(void *selection)
{
    cjm_selection_free(selection);
}

static cjm_selection *read_selection(Jsonb *j)
{
    cjm_selection *sel = cjm_selection_new();
    if (!sel)
        cjmpg_raise(CJM_ERR_NOMEM);
    cjmpg_each_member(j, "cjm_customers: selection", selection_hint, add_criterion,
                      free_selection, sel);
    return sel;
}

/* The ids the library hands out, copied without raising an ERROR. */
typedef struct gathered {
    char **ids;
    size_t count, capacity;
} gathered;

static int gather(const char *customer, void *userdata)
{
    gathered *g = userdata;
    if (INTERRUPTS_PENDING_CONDITION() && INTERRUPTS_CAN_BE_PROCESSED())
        return CJM_ERR_CANCELLED;
    if (g->count == g->capacity) {
        size_t capacity = g->capacity ? 2 * g->capacity : 1024;
        char **ids = palloc_extended(capacity * sizeof(char *), MCXT_ALLOC_HUGE |
                                                                   MCXT_ALLOC_NO_OOM);
        if (!ids)
            return CJM_ERR_NOMEM;
        if (g->count)
            memcpy(ids, g->ids, g->count * sizeof(char *));
        g->ids = ids;
        g->capacity = capacity;
    }
    size_t n = strlen(customer) + 1;
    char *copy = palloc_extended(n, MCXT_ALLOC_NO_OOM);
    if (!copy)
        return CJM_ERR_NOMEM;
    memcpy(copy, customer, n);
    g->ids[g->count++] = copy;
    return 0;
}

PG_FUNCTION_INFO_V1(cjm_pg_customers);
Datum cjm_pg_customers(PG_FUNCTION_ARGS)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    cjmpg_state *s = cjmpg_state_from_bytes(fcinfo, CurrentMemoryContext,
                                            PG_GETARG_BYTEA_PP(0), false);
    cjmpg_state_read(CurrentMemoryContext, s);
    cjm_selection *sel = read_selection(PG_GETARG_JSONB_P(1));
    gathered g = { NULL, 0, 0 };
    cjm_status st;
    do {
        g.count = 0;
        st = cjm_analysis_customers(s->analysis, sel, gather, &g);
    } while (cjmpg_interrupted(st));
    cjm_selection_free(sel);
    if (st == CJM_ERR_INVALID || st == CJM_ERR_NOT_FOUND || st == CJM_ERR_CONFLICT)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cjm: cjm_customers: selection: %s",
                               cjmpg_message(criterion_quoted(without_function(cjm_last_error())))),
                        errhint("%s", selection_hint)));
    if (st != CJM_OK)
        cjmpg_raise(st);
    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    for (size_t i = 0; i < g.count; i++) {
        Datum value = PointerGetDatum(cstring_to_text(cjmpg_server_text(g.ids[i],
                                                                        strlen(g.ids[i]))));
        bool null = false;
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &null);
    }
    return (Datum)0;
}
