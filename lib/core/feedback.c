/* The feedback handle. */
#include <math.h>

#include "model-private.h"
#include "score.h"
#include "alloc.h"
#include "error.h"
#include "text.h"

#define NULL_ARG(func, name) cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, name)

void cjmi_feedback_free(cjm_feedback *f)
{
    if (!f)
        return;
    cjmi_free(f->emotion);
    cjmi_free(f->comment);
    cjmi_free(f->source);
    cjmi_free(f->customer);
    cjmi_free_extensions(&f->extensions);
    cjmi_free(f);
}

CJM_EXPORT cjm_touchpoint *cjm_feedback_touchpoint(const cjm_feedback *f)
{
    return f ? f->touchpoint : NULL;
}
CJM_EXPORT double cjm_feedback_score(const cjm_feedback *f) { return f ? f->score : NAN; }
CJM_EXPORT double cjm_feedback_scale_min(const cjm_feedback *f) { return f ? f->scale_min : NAN; }
CJM_EXPORT double cjm_feedback_scale_max(const cjm_feedback *f) { return f ? f->scale_max : NAN; }
CJM_EXPORT double cjm_feedback_normalized(const cjm_feedback *f)
{
    return f ? (double)f->millionths / 1e6 : NAN;
}
CJM_EXPORT const char *cjm_feedback_emotion(const cjm_feedback *f) { return f ? f->emotion : NULL; }
CJM_EXPORT const char *cjm_feedback_comment(const cjm_feedback *f) { return f ? f->comment : NULL; }
CJM_EXPORT const char *cjm_feedback_source(const cjm_feedback *f) { return f ? f->source : NULL; }
CJM_EXPORT int64_t cjm_feedback_at(const cjm_feedback *f) { return f ? f->at : CJM_UNSET; }
CJM_EXPORT const char *cjm_feedback_customer(const cjm_feedback *f)
{
    return f ? f->customer : NULL;
}

CJM_EXPORT cjm_status cjm_feedback_set_score(cjm_feedback *f, double score, double scale_min,
                                             double scale_max)
{
    static const char func[] = "cjm_feedback_set_score";
    if (!f)
        return NULL_ARG(func, "feedback");
    cjm_status rc = cjmi_check_score(func, score, scale_min, scale_max);
    if (rc != CJM_OK)
        return rc;
    f->score = score;
    f->scale_min = scale_min;
    f->scale_max = scale_max;
    f->millionths = cjmi_millionths(score, scale_min, scale_max);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_feedback_set_emotion(cjm_feedback *f, const char *emotion)
{
    static const char func[] = "cjm_feedback_set_emotion";
    return f ? cjmi_set_text(&f->emotion, emotion, true, func, "emotion")
             : NULL_ARG(func, "feedback");
}

CJM_EXPORT cjm_status cjm_feedback_set_comment(cjm_feedback *f, const char *comment)
{
    static const char func[] = "cjm_feedback_set_comment";
    return f ? cjmi_set_text(&f->comment, comment, true, func, "comment")
             : NULL_ARG(func, "feedback");
}

CJM_EXPORT cjm_status cjm_feedback_set_source(cjm_feedback *f, const char *source)
{
    static const char func[] = "cjm_feedback_set_source";
    return f ? cjmi_set_text(&f->source, source, true, func, "source")
             : NULL_ARG(func, "feedback");
}

CJM_EXPORT cjm_status cjm_feedback_set_at(cjm_feedback *f, int64_t at)
{
    static const char func[] = "cjm_feedback_set_at";
    if (!f)
        return NULL_ARG(func, "feedback");
    cjm_status rc = cjmi_check_time(func, "at", at);
    if (rc == CJM_OK)
        f->at = at;
    return rc;
}

CJM_EXPORT cjm_status cjm_feedback_set_customer(cjm_feedback *f, const char *customer)
{
    static const char func[] = "cjm_feedback_set_customer";
    return f ? cjmi_set_optional_id(&f->customer, customer, func, "customer")
             : NULL_ARG(func, "feedback");
}

CJM_EXPORT const char *cjm_feedback_extensions(const cjm_feedback *f, cjm_extensions_format *format)
{
    if (!f) {
        if (format)
            *format = CJM_EXTENSIONS_NONE;
        return NULL;
    }
    return cjmi_get_extensions(&f->extensions, format);
}

CJM_EXPORT cjm_status cjm_feedback_set_extensions(cjm_feedback *f, cjm_extensions_format format,
                                                  const char *text)
{
    static const char func[] = "cjm_feedback_set_extensions";
    return f ? cjmi_set_extensions(&f->extensions, format, text, func)
             : NULL_ARG(func, "feedback");
}
