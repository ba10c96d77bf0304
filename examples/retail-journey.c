/*
 * A retail journey map and one customer's actual journey through it:
 * builds both with the C API, then prints the map's gaps, the channel
 * switches, and how the customer's journey deviated from the map.
 *
 *   cc retail-journey.c $(pkg-config --cflags --libs cjm)
 */
#include <stdio.h>
#include <stdlib.h>
#include <cjm/cjm.h>

/* Stops the example with the library's message on the first error. */
static void check(cjm_status status)
{
    if (status != CJM_OK) {
        fprintf(stderr, "retail-journey: %s: %s\n", cjm_status_name(status),
                cjm_last_error());
        exit(1);
    }
}

static cjm_touchpoint *touchpoint(cjm_stage *stage, const char *id, const char *name,
                                  const char *channel, const char *owner)
{
    cjm_touchpoint *t;
    check(cjm_stage_add_touchpoint(&t, stage, id, name, channel));
    check(cjm_touchpoint_set_owner(t, owner));
    return t;
}

static cjm_journey *build_map(void)
{
    cjm_journey *map = cjm_journey_new("laptop-purchase", "Buy a laptop");
    if (!map)
        check(cjm_last_status());
    check(cjm_journey_set_persona(map, "First-time buyer"));
    cjm_stage *discover, *compare, *purchase, *service;
    check(cjm_journey_add_stage(&discover, map, "discover", "Discovery"));
    check(cjm_journey_add_stage(&compare, map, "compare", "Compare"));
    check(cjm_journey_add_stage(&purchase, map, "purchase", "Purchase"));
    check(cjm_journey_add_stage(&service, map, "service", "Service"));
    check(cjm_stage_set_goal(compare, "Find the laptop that fits my budget"));

    cjm_touchpoint *ad = touchpoint(discover, "social-ad", "Social media ad", "social",
                                    "Marketing");
    check(cjm_touchpoint_set_optional(ad, true));
    check(cjm_touchpoint_add_feedback(NULL, ad, 1, -2, 2));
    touchpoint(discover, "search-ad", "Search ad", "web", "Marketing");
    cjm_touchpoint *page = touchpoint(compare, "compare-web", "Comparison page", "web",
                                      "E-commerce");
    cjm_feedback *f;
    check(cjm_touchpoint_add_feedback(&f, page, 2, 1, 5));
    check(cjm_feedback_set_comment(f, "Too many models, no filters"));
    check(cjm_touchpoint_add_feedback(NULL, page, -1, -2, 2));
    touchpoint(compare, "store-visit", "Store visit", "store", NULL);
    check(cjm_touchpoint_add_feedback(NULL, touchpoint(purchase, "checkout", "Checkout",
                                                       "web", "E-commerce"), 5, 1, 5));
    touchpoint(service, "support-call", "Support call", "phone", "Support");
    return map;
}

static void visit(cjm_stage *stage, const char *id, const char *channel, const char *when)
{
    cjm_touchpoint *t;
    int64_t at;
    check(cjm_stage_add_touchpoint(&t, stage, id, id, channel));
    check(cjm_time_parse(&at, when));
    check(cjm_touchpoint_set_at(t, at));
}

static cjm_journey *build_actual(void)
{
    /* An actual journey: a touchpoint met again would be another visit. */
    cjm_journey *a = cjm_journey_new_actual("laptop-purchase", "Customer c-001");
    if (!a)
        check(cjm_last_status());
    check(cjm_journey_set_customer(a, "c-001"));
    cjm_stage *discover, *compare, *purchase;
    check(cjm_journey_add_stage(&discover, a, "discover", "Discovery"));
    check(cjm_journey_add_stage(&compare, a, "compare", "Compare"));
    check(cjm_journey_add_stage(&purchase, a, "purchase", "Purchase"));
    visit(discover, "search-ad", "web", "2026-03-01T09:15:00Z");
    visit(compare, "compare-web", "web", "2026-03-01T09:20:00Z");
    check(cjm_touchpoint_add_feedback(NULL, cjm_journey_find_touchpoint(a, "compare-web"),
                                      -2, -2, 2));
    visit(discover, "social-ad", "social", "2026-03-02T18:00:00+01:00");
    visit(compare, "chat-help", "chat", "2026-03-03T10:00:00Z");
    visit(purchase, "checkout", "web", "2026-03-03T10:30:00Z");
    return a;
}

static void print_gaps(const cjm_journey *map)
{
    cjm_gap_list *gaps;
    check(cjm_journey_gaps(&gaps, map, NULL));
    printf("Gaps in the map (%zu):\n", cjm_gap_list_count(gaps));
    for (size_t i = 0; i < cjm_gap_list_count(gaps); i++) {
        const cjm_gap *g = cjm_gap_list_get(gaps, i);
        printf("  [%.2f] %-14s %s\n", cjm_gap_severity(g), cjm_gap_kind_name(cjm_gap_kind_of(g)),
               cjm_gap_message(g));
    }
    cjm_gap_list_free(gaps);
}

static void print_comparison(const cjm_journey *actual, const cjm_journey *map)
{
    cjm_comparison *c;
    check(cjm_journey_compare(&c, actual, map, NULL));
    printf("How %s's journey deviated from the map (%zu):\n", cjm_journey_customer(actual),
           cjm_comparison_count(c));
    for (size_t i = 0; i < cjm_comparison_count(c); i++) {
        const char *stage = cjm_comparison_stage(c, i);
        printf("  %-9s %-12s in %s", cjm_deviation_kind_name(cjm_comparison_kind(c, i)),
               cjm_comparison_touchpoint(c, i), stage ? stage : "(no stage of the map)");
        if (cjm_comparison_kind(c, i) == CJM_DEVIATION_BACKTRACK)
            printf(", back from %s", cjm_comparison_from_stage(c, i));
        if (cjm_comparison_kind(c, i) == CJM_DEVIATION_FAILING)
            printf(", mean score %.2f", cjm_comparison_value(c, i));
        printf("\n");
    }
    cjm_comparison_free(c);
}

int main(void)
{
    cjm_journey *map = build_map(), *actual = build_actual();
    size_t planned, lived;
    check(cjm_journey_channel_switches(&planned, map));
    check(cjm_journey_channel_switches(&lived, actual));
    printf("%s (cjm %s)\n", cjm_journey_name(map), cjm_version());
    printf("Channel switches: %zu planned, %zu in %s's journey\n\n", planned, lived,
           cjm_journey_customer(actual));
    print_gaps(map);
    printf("\n");
    print_comparison(actual, map);
    cjm_journey_free(actual);
    cjm_journey_free(map);
    return 0;
}
