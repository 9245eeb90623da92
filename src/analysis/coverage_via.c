/* Who covers what: through which member (the region itself, an ancestor, an agency's
 * jurisdiction) a mechanism covers a region. */
#include <string.h>

#include "regiongraph/coordination.h"
#include "regiongraph/coverage.h"
#include "regiongraph/regions.h"

/* 1 when agency a's jurisdiction lists region j. */
static int in_jurisdiction(const rg_coordination *coord, const rg_regions *r, size_t a, size_t j)
{
    for (size_t k = 0; k < rg_coordination_jurisdiction_count(coord, a); k++) {
        long x = rg_regions_find(r, rg_coordination_jurisdiction_id(coord, a, k));
        if (x >= 0 && (size_t)x == j)
            return 1;
    }
    return 0;
}

const char *rg_coverage_via(const rg_coverage *cov, const rg_graph *graph, size_t m,
                            size_t region)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    const size_t *mechs;
    size_t count, k, nm;
    long anc;
    int covered = 0;

    if (!coord || m >= rg_coordination_mechanism_count(coord) ||
        region >= rg_regions_count(r))
        return NULL;
    mechs = rg_coverage_region_mechanisms(cov, region, &count);
    for (k = 0; k < count && !covered; k++)
        covered = mechs[k] == m;
    if (!covered)
        return NULL;
    nm = rg_coordination_member_count(coord, m);
    /* Nearest first: the region itself, then its parent, and so on up the hierarchy. */
    for (anc = (long)region; anc >= 0; anc = rg_regions_parent(r, (size_t)anc)) {
        for (k = 0; k < nm; k++) {
            long j = rg_regions_find(r, rg_coordination_member_id(coord, m, k));
            if (j == anc)
                return j == (long)region ? RG_COVERAGE_VIA_MEMBER : rg_regions_id(r, (size_t)j);
        }
    }
    if (rg_coverage_agency_jurisdiction(cov))
        for (anc = (long)region; anc >= 0; anc = rg_regions_parent(r, (size_t)anc))
            for (k = 0; k < nm; k++) {
                long a = rg_coordination_agency_index(coord, rg_coordination_member_id(coord, m, k));
                if (a >= 0 && in_jurisdiction(coord, r, (size_t)a, (size_t)anc))
                    return rg_coordination_agency_id(coord, (size_t)a);
            }
    return NULL;
}
