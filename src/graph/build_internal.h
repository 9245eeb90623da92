/* Internals of building a graph shared by the build (build.c) and its summary
 * (build_summary.c). */
#ifndef RG_BUILD_INTERNAL_H
#define RG_BUILD_INTERNAL_H

#include "regiongraph/build.h"

/* Fills result->levels (one summary per level of the graph, tolerance hints included, from the
 * diagnostics already in result) and the coordination counts. Time: O(n + m + d log d) for n
 * regions, m pairs and d diagnostics. RG_ERR_NOMEM leaves the summaries released. */
rg_status rg_i_build_summarise(const rg_graph *graph, rg_build_result *result);

#endif
