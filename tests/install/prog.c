/* A program outside the tree, built against an installed cjm with
 * `cc prog.c $(pkg-config --cflags --libs cjm)`. */
#include <stdio.h>
#include <string.h>
#include <cjm/cjm.h>

int main(void)
{
    cjm_journey *j = cjm_journey_new("j", "Installed");
    cjm_stage *s;
    size_t switches = 99;
    if (!j || cjm_journey_add_stage(&s, j, "s", "S") != CJM_OK ||
        cjm_stage_add_touchpoint(NULL, s, "a", "A", "web") != CJM_OK ||
        cjm_stage_add_touchpoint(NULL, s, "b", "B", "phone") != CJM_OK ||
        cjm_journey_channel_switches(&switches, j) != CJM_OK || switches != 1 ||
        strcmp(cjm_version(), CJM_VERSION_STRING) != 0) {
        fprintf(stderr, "failed: %s\n", cjm_last_error());
        return 1;
    }
    cjm_journey_free(j);
    printf("cjm %s works from the installed prefix\n", cjm_version());
    return 0;
}
