/* Internals of building a graph shared by the build (build.c) and its summary
 * (build_summary.c). */
#ifndef RG_BUILD_INTERNAL_H
#define RG_BUILD_INTERNAL_H

#include "regiongraph/build.h"

/* Fills result->levels (one summary per level of the graph, tolerance hints included, from the
 * diagnostics already in result) and the coordination counts. Time: O(n + m + d log d) for n
 * regions, m pairs and d diagnostics. RG_ERR_NOMEM leaves the summaries released. */
rg_status rg_i_build_summarise(const rg_graph *graph, rg_build_result *result);

/* The diagnostics a single-level build left for later (rg_build_options.diagnose_later): they
 * read the graph's regions and pairs; the tolerance and the radius in the layer's units, and
 * the level's name for progress. */
typedef struct rg_i_later_level {
    double snap, near;
    char *name;
} rg_i_later_level;

struct rg_build_later {
    size_t n;
    rg_i_later_level *level;
};

/* Frees what a build left for later. Accepts NULL. */
void rg_i_build_later_free(struct rg_build_later *later);

/* Runs the diagnostics left for later into result->diagnostics (seconds_diagnostics adds their
 * time) and frees result->later, leaving the summaries alone. Reads the graph without changing
 * it, and nothing else does either: it may run in a second thread while the graph is written.
 * progress (may be NULL) gets the fraction done. */
rg_status rg_i_build_run_later(const rg_graph *graph, rg_build_result *result,
                               rg_fraction_fn progress, void *progress_data);

#endif
