/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/cjm.h
 * The core library in one include: model, time helpers, one-journey
 * analysis, events, bulk analysis and the SVG picture.
 * Link with `pkg-config --cflags --libs cjm`. The optional modules have
 * their own headers (cjm/json.h, cjm/xml.h) and pkg-config files.
 */
#ifndef CJM_CJM_H
#define CJM_CJM_H

#include <cjm/version.h>
#include <cjm/common.h>
#include <cjm/time.h>
#include <cjm/model.h>
#include <cjm/analysis.h>
#include <cjm/events.h>
#include <cjm/bulk.h>
#include <cjm/selection.h>
#include <cjm/tables.h>
#include <cjm/paths.h>
#include <cjm/svg.h>
#include <cjm/html.h>

/**
 * @defgroup core libcjm: the core library
 * Everything cjm/cjm.h declares, one group per header: the model, times,
 * one journey's analysis, events, the bulk analysis and the picture.
 */

#endif /* CJM_CJM_H */
