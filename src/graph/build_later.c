/* The diagnostics a build leaves for later (rg_build_options.diagnose_later): run after the
 * build, or in a second thread beside the graph-file write (write/graphfile_build.c). */
#include <stdlib.h>
#include <time.h>

#include "base/clock_internal.h"
#include "base/error_internal.h"
#include "geom/diagnose_internal.h"
#include "graph/build_internal.h"
#include "regiongraph/build.h"

void rg_i_build_later_free(struct rg_build_later *later)
{
    size_t k;
    if (!later)
        return;
    for (k = 0; k < later->n; k++) {
        free(later->level[k].name);
    }
    free(later->level);
    free(later);
}

rg_status rg_i_build_run_later(const rg_graph *graph, rg_build_result *result,
                               rg_fraction_fn progress, void *progress_data)
{
    struct rg_build_later *later = result->later;
    rg_status st = RG_OK;
    size_t k;
    double t;
    if (!later)
        return RG_OK;
    if (later->n != result->ndiagnostics)
        return rg_i_error(RG_ERR_ARG, "rg_build_diagnose: the result does not come from a "
                          "build with diagnose_later");
    for (k = 0; k < later->n && st == RG_OK; k++) {
        const rg_i_later_level *l = &later->level[k];
        t = rg_i_now();
        /* the level went into the graph as it was: its regions and pairs are the graph's */
        st = rg_i_contiguity_diagnose(rg_graph_regions(graph), rg_graph_adjacency(graph),
                                      l->snap, l->near, progress,
                                      progress_data, &result->diagnostics[k].diagnostics);
        result->seconds_diagnostics += rg_i_now() - t;
    }
    rg_i_build_later_free(later);
    result->later = NULL;
    return st;
}

/* Releases the diagnostics of a result whose diagnostics failed (the rest stays). */
static void drop_diagnostics(rg_build_result *result)
{
    size_t k;
    for (k = 0; k < result->ndiagnostics; k++)
        rg_diagnostics_free(result->diagnostics[k].diagnostics);
    free(result->diagnostics);
    result->diagnostics = NULL;
    result->ndiagnostics = 0;
}

rg_status rg_build_diagnose(const rg_graph *graph, rg_build_result *result)
{
    rg_status st;
    if (!graph || !result)
        return rg_i_error(RG_ERR_ARG, "rg_build_diagnose: graph and result are required");
    if (!result->later)
        return RG_OK;
    if ((st = rg_i_build_run_later(graph, result, NULL, NULL)) != RG_OK ||
        (st = rg_i_build_summarise(graph, result)) != RG_OK)
        drop_diagnostics(result);
    return st;
}
