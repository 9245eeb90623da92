/* Frontier gaps from the coverage: the gaps where a mechanism covers one side and not the
 * other, ranked before the rest, and the mechanisms that stop at a pair. */
#include <stdlib.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/coverage.h"

size_t rg_coverage_pair_stops(const rg_coverage *cov, const rg_graph *graph, size_t k,
                              size_t *stops, size_t cap)
{
    size_t a, b, na, nb, i = 0, j = 0, n = 0;
    const size_t *ma, *mb;
    rg_pair_coverage pc;
    rg_coverage_pair(cov, k, &pc);
    if (!pc.at_level)
        return 0;
    rg_adjacency_pair(rg_graph_adjacency(graph), k, &a, &b, NULL, NULL);
    ma = rg_coverage_region_mechanisms(cov, a, &na);
    mb = rg_coverage_region_mechanisms(cov, b, &nb);
    /* the symmetric difference of two ascending lists */
    while (i < na || j < nb) {
        size_t m;
        if (j == nb || (i < na && ma[i] < mb[j]))
            m = ma[i++];
        else if (i == na || mb[j] < ma[i])
            m = mb[j++];
        else {
            i++;
            j++;
            continue;
        }
        if (stops && n < cap)
            stops[n] = m;
        n++;
    }
    return n;
}

rg_status rg_coverage_ranked_gaps(const rg_coverage *cov, const rg_graph *graph, int all,
                                  size_t **out, size_t *count, size_t *frontier)
{
    const size_t *gaps = rg_coverage_gaps(cov);
    size_t n = rg_coverage_gap_count(cov), g, k = 0;
    size_t *list = NULL;
    rg_status st = RG_OK;
    *out = NULL;
    *count = *frontier = 0;
    if (!(list = rg_i_malloc_array(n + 1, sizeof *list))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* a stable partition of the km ranking: frontier gaps, then (all) the others */
    for (g = 0; g < n; g++)
        if (rg_coverage_pair_stops(cov, graph, gaps[g], NULL, 0))
            list[k++] = gaps[g];
    *frontier = k;
    if (all)
        for (g = 0; g < n; g++)
            if (!rg_coverage_pair_stops(cov, graph, gaps[g], NULL, 0))
                list[k++] = gaps[g];
    *out = list;
    *count = k;
    list = NULL;
cleanup:
    free(list);
    return st;
}
