/* Who covers what: through which member (the region itself, an ancestor, an agency's
 * jurisdiction) a mechanism covers a region. */
#include <stdlib.h>
#include <string.h>

#include "analysis/coverage_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/coordination.h"
#include "regiongraph/coverage.h"
#include "regiongraph/regions.h"

static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? -1 : a > b;
}

rg_status rg_i_member_regions_build(const rg_graph *graph, size_t nmechs, size_t **first,
                                    size_t **regions)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t *f = NULL, *out = NULL, total = 0, m, k, n = 0;
    rg_status st = RG_OK;

    for (m = 0; m < nmechs; m++)
        total += rg_coordination_member_count(coord, m);
    if (!(f = rg_i_malloc_array(nmechs + 1, sizeof *f)) ||
        !(out = rg_i_malloc_array(total + 1, sizeof *out))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (m = 0; m < nmechs; m++) {
        size_t start = n;
        f[m] = start;
        for (k = 0; k < rg_coordination_member_count(coord, m); k++) {
            long j = rg_regions_find(r, rg_coordination_member_id(coord, m, k));
            if (j >= 0)
                out[n++] = (size_t)j;
        }
        if (n - start > 1) {
            size_t w = start + 1;
            qsort(out + start, n - start, sizeof *out, cmp_size);
            for (k = start + 1; k < n; k++)
                if (out[k] != out[w - 1])
                    out[w++] = out[k];
            n = w;
        }
    }
    f[nmechs] = n;
    *first = f;
    *regions = out;
    f = out = NULL;
cleanup:
    free(f);
    free(out);
    return st;
}

/* 1 when region j is in the ascending list. */
static int has(const size_t *list, size_t count, size_t j)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list[mid] < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < count && list[lo] == j;
}

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
    const size_t *mechs, *members;
    size_t count, k, nm, nmembers;
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
    /* Nearest first: the region itself, then its parent, and so on up the hierarchy. The
     * member regions were resolved once with the coverage: a lookup here is a binary search,
     * not a pass over the members (2000 of them on each of 100,000 regions took seconds). */
    members = rg_i_coverage_member_regions(cov, m, &nmembers);
    for (anc = (long)region; anc >= 0; anc = rg_regions_parent(r, (size_t)anc))
        if (has(members, nmembers, (size_t)anc))
            return anc == (long)region ? RG_COVERAGE_VIA_MEMBER : rg_regions_id(r, (size_t)anc);
    nm = rg_coordination_member_count(coord, m);
    if (rg_coverage_agency_jurisdiction(cov))
        for (anc = (long)region; anc >= 0; anc = rg_regions_parent(r, (size_t)anc))
            for (k = 0; k < nm; k++) {
                long a = rg_coordination_agency_index(coord, rg_coordination_member_id(coord, m, k));
                if (a >= 0 && in_jurisdiction(coord, r, (size_t)a, (size_t)anc))
                    return rg_coordination_agency_id(coord, (size_t)a);
            }
    return NULL;
}
