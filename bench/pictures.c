/* What a picture and a page cost as a map's touchpoints grow: events at
 * N touchpoints the map lacks (each drawn where its gap names it), N in
 * turn at each size given, and for each the processor time of the report,
 * the SVG picture and the HTML page, per 1,000 touchpoints. Both grow
 * with N alone when the drawing finds each touchpoint by a search: the
 * last line compares the largest size's cost per touchpoint with the
 * smallest's (1 when linear; a pass over all for each would make it the
 * ratio of the sizes).
 *
 *   build/bench/cjm-bench-pictures [TOUCHPOINTS ...]   (default: 10000 40000)
 */
#include <stdio.h>
#include <stdlib.h>

#include <cjm/cjm.h>
#include <cjm/html.h>
#include <cjm/svg.h>
#include "generate.h"
#include "measure.h"

static int fail(const char *what)
{
    fprintf(stderr, "cjm-bench-pictures: %s: %s\n", what, cjm_last_error());
    return 1;
}

/* Processor seconds of the picture and the page per 1,000 touchpoints
 * (out[0], out[1]); 0, or 1 with a message. */
static int measure(const cjm_journey *map, long n, double out[2])
{
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    const char *stage = cjm_stage_id(cjm_journey_stage(map, 1));
    char customer[32], touchpoint[32];
    for (long i = 0; a && i < n; i++) {
        snprintf(customer, sizeof customer, "c%ld", i % 1000);
        snprintf(touchpoint, sizeof touchpoint, "u%ld", i);
        if (cjm_analysis_add(a, customer, 1772323200000 + i, touchpoint, "web", stage) != CJM_OK)
            return fail("add");
    }
    if (!a)
        return fail("cjm_analysis_new");
    cjm_report *r = NULL;
    char *svg = NULL, *html = NULL;
    double c0 = bench_cpu_now();
    if (cjm_analysis_report(&r, a) != CJM_OK)
        return fail("report");
    double c1 = bench_cpu_now();
    if (cjm_svg_write(&svg, NULL, map, r, NULL) != CJM_OK)
        return fail("svg");
    double c2 = bench_cpu_now();
    if (cjm_html_write(&html, NULL, map, r, NULL) != CJM_OK)
        return fail("html");
    double c3 = bench_cpu_now();
    out[0] = (c2 - c1) / (double)n * 1000;
    out[1] = (c3 - c2) / (double)n * 1000;
    printf("%8ld touchpoints, %6zu gaps | report %7.3f s | picture %7.3f s (%6.2f ms per 1,000)"
           " | page %7.3f s (%6.2f ms per 1,000)\n", n, cjm_report_gap_count(r), c1 - c0,
           c2 - c1, out[0] * 1000, c3 - c2, out[1] * 1000);
    cjm_free(svg);
    cjm_free(html);
    cjm_report_free(r);
    cjm_analysis_free(a);
    return 0;
}

int main(int argc, char **argv)
{
    printf("cjm %s picture and page benchmark (touchpoints the map lacks)\n", cjm_version());
    cjm_journey *map = gen_map();
    if (!map)
        return fail("map");
    static const char *const defaults[] = { "10000", "40000" };
    int sizes = argc > 1 ? argc - 1 : 2;
    double first[2] = { 0, 0 }, last[2] = { 0, 0 };
    for (int i = 0; i < sizes; i++) {
        long n = atol(argc > 1 ? argv[i + 1] : defaults[i]);
        if (n <= 0 || measure(map, n, i == 0 ? first : last) != 0)
            return n <= 0 ? (fprintf(stderr, "cjm-bench-pictures: bad size\n"), 2) : 1;
    }
    if (sizes > 1)
        printf("%10s cost per touchpoint, largest size over smallest: picture %.2f, page %.2f\n",
               "", last[0] / first[0], last[1] / first[1]);
    cjm_journey_free(map);
    return 0;
}
