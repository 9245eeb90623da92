/* regiongraph — the suggestions report (suggest.h) in the report formats of report.h. */
#ifndef REGIONGRAPH_SUGGEST_REPORT_H
#define REGIONGRAPH_SUGGEST_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "regiongraph/graph.h"
#include "regiongraph/render.h"
#include "regiongraph/report.h"
#include "regiongraph/status.h"
#include "regiongraph/suggest.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the suggestions: per mechanism its frontier (frontier.h) and its member steps, the
 * agreement steps, and with a budget the greedy plan, the exact program's result (optimum, or
 * best plan and bound at the time limit) and how far greedy is from it, with the exact plan's
 * steps when they differ. Each step has a one-line explanation naming the borders it closes.
 * top limits each list (0 = all). Table: fits 80 columns (names and explanations cut);
 * Markdown: the same tables uncut; JSON: everything in one object; CSV: one row per step with
 * a column naming its list (member, agreement, greedy, exact). Write errors are RG_ERR_IO. */
RG_API rg_status rg_report_suggest(const rg_graph *graph, const rg_suggest *suggest, rg_format format,
                                   size_t top, FILE *out);

/* `render --suggest`: draws the coverage map (rg_render_map, with options) and over it the
 * steps: the greedy plan's when there is one, else the first `top` member steps of each
 * mechanism and agreements (0: 5); the regions they propose in blue, the borders they would
 * close in green, each numbered by rank. Without a window in options, the default one grows to
 * hold the proposed regions. The map underneath is drawn as a PNG picture first, so in SVG and
 * PDF it is an embedded image under vector overlays. Written atomically; errors as
 * rg_render_map's. Time O(points drawn). */
RG_API rg_status rg_render_suggestions(const rg_graph *graph, const rg_suggest *suggest, size_t top,
                                       const rg_render_options *options, rg_render_format format,
                                       const char *path);

/* As rg_render_suggestions with the suggestions computed here at the options' level with
 * default suggest options (no plan) and the first 3 steps of each list. */
RG_API rg_status rg_render_map_suggest(const rg_graph *graph, const rg_render_options *options,
                                       rg_render_format format, const char *path);

#ifdef __cplusplus
}
#endif
#endif
