/* The example map of helpers.h, built through the public API. */
#include <stdlib.h>
#include "helpers.h"

static cjm_touchpoint *tp(cjm_stage *stage, const char *id, const char *name,
                          const char *channel, const char *owner, bool optional)
{
    cjm_touchpoint *t = NULL;
    if (cjm_stage_add_touchpoint(&t, stage, id, name, channel) != CJM_OK ||
        cjm_touchpoint_set_owner(t, owner) != CJM_OK ||
        cjm_touchpoint_set_optional(t, optional) != CJM_OK)
        abort();
    return t;
}

static void feedback(cjm_touchpoint *t, double score, double min, double max)
{
    if (cjm_touchpoint_add_feedback(NULL, t, score, min, max) != CJM_OK)
        abort();
}

size_t count_in(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

bool test_small(void)
{
    const char *small = getenv("CJM_TEST_SMALL");
    return small && *small && strcmp(small, "0") != 0;
}

unsigned long test_size(unsigned long full)
{
    return test_small() ? full / 10 : full;
}

cjm_journey *retail_map(void)
{
    cjm_journey *j = cjm_journey_new("laptop-purchase", "Buy a laptop online");
    cjm_stage *discover, *compare, *purchase, *service;
    if (!j || cjm_journey_add_stage(&discover, j, "discover", "Discovery") != CJM_OK ||
        cjm_journey_add_stage(&compare, j, "compare", "Compare") != CJM_OK ||
        cjm_journey_add_stage(&purchase, j, "purchase", "Purchase") != CJM_OK ||
        cjm_journey_add_stage(&service, j, "service", "Service") != CJM_OK ||
        cjm_journey_add_stage(NULL, j, "loyalty", "Loyalty") != CJM_OK ||
        cjm_journey_set_persona(j, "First-time buyer") != CJM_OK)
        abort();
    feedback(tp(discover, "social-ad", "Social media ad", "social", "Marketing", true),
             1, -2, 2);
    tp(discover, "search-ad", "Search ad", "web", "Marketing", false);
    cjm_touchpoint *cw = tp(compare, "compare-web", "Comparison page", "web", "E-commerce",
                            false);
    feedback(cw, 2, 1, 5);
    feedback(cw, -2, -2, 2);
    tp(compare, "store-visit", "Store visit", "store", NULL, false);
    feedback(tp(purchase, "checkout", "Checkout", "web", "E-commerce", false), 5, 1, 5);
    tp(purchase, "pay-store", "Pay in store", "store", "Retail", true);
    tp(service, "support-call", "Support call", "phone", "Support", false);
    return j;
}
