/* What a build reports about each level (counts, regions without neighbours, island links, the
 * spread of the near misses, the deepest overlap, a tolerance to try), and releasing a result. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "graph/build_internal.h"
#include "regiongraph/coordination.h"

void rg_build_result_release(rg_build_result *result)
{
    size_t k;
    if (!result)
        return;
    for (k = 0; k < result->ndiagnostics; k++)
        rg_diagnostics_free(result->diagnostics[k].diagnostics);
    free(result->diagnostics);
    for (k = 0; k < result->nlevels; k++) {
        free(result->levels[k].isolated_regions);
        free(result->levels[k].island_pairs);
    }
    free(result->levels);
    rg_i_build_later_free(result->later);
    memset(result, 0, sizeof *result);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* A round tolerance at least `metres`: rounded up to one significant digit (60, 300, 2000). */
static double round_up(double metres)
{
    double p = 1;
    if (!(metres > 1))
        return 1;
    while (p * 10 <= metres)
        p *= 10;
    return ceil(metres / p) * p;
}

/* The 90th percentile of the values kept in v (sorted in place); 0 when there are none. */
static double p90(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    return v[(size_t)(0.9 * (double)(n - 1))];
}

rg_status rg_build_tolerance_hint(const rg_build_result *result, size_t level, double *metres)
{
    const rg_level_diagnostics *ld;
    size_t nn, no, n = 0, k, a, b;
    double *v = NULL, xy[4], km, over, gap, hint;
    rg_status st = RG_OK;

    if (metres)
        *metres = 0;
    if (!result || !metres || level >= result->nlevels) {
        st = rg_i_error(RG_ERR_ARG, "rg_build_tolerance_hint: no level %zu in the result", level);
        goto cleanup;
    }
    if (level >= result->ndiagnostics || !result->diagnostics[level].diagnostics)
        goto cleanup;
    ld = &result->diagnostics[level];
    nn = rg_diagnostics_near_count(ld->diagnostics);
    no = rg_diagnostics_overlap_count(ld->diagnostics);
    /* A few misses are local faults to fix by hand, not a reason to snap the whole map. Gaps
     * alone may be real (a strait, a lake, a corridor of a third region) and overlaps alone
     * slivers; boundaries digitised apart cross each other at random and show both. */
    if (nn < 3 || no < 3 || 10 * (rg_diagnostics_near_total(ld->diagnostics) +
                                  rg_diagnostics_overlap_total(ld->diagnostics)) <
                                result->levels[level].pairs)
        goto cleanup;
    if (!(v = rg_i_malloc_array(nn + no, sizeof *v))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < no; k++) {
        rg_diagnostics_overlap(ld->diagnostics, k, &a, &b, &km, xy);
        v[n++] = km * 1000;
    }
    over = p90(v, n);
    for (k = 0, n = 0; k < nn; k++) {
        rg_diagnostics_near(ld->diagnostics, k, &a, &b, &km, xy);
        v[n++] = km * 1000; /* 0 for boundaries that cross: they count, as crossings */
    }
    gap = 2 * p90(v, n);
    hint = round_up(over > gap ? over : gap);
    *metres = hint > ld->snap_km * 1000 ? hint : 0;
cleanup:
    free(v);
    return st;
}

/* The near misses and overlaps of a diagnosed level, into its summary. */
static rg_status summarise_diagnostics(const rg_level_diagnostics *ld, rg_level_summary *s)
{
    const rg_diagnostics *d = ld->diagnostics;
    size_t n = rg_diagnostics_near_count(d), k, a, b;
    double *km = NULL, xy[4];
    rg_status st = RG_OK;

    s->diagnosed = 1;
    s->near_misses = rg_diagnostics_near_total(d);
    s->near_kept = n;
    s->overlaps_kept = rg_diagnostics_overlap_count(d);
    if (n > 0) {
        if (!(km = rg_i_malloc_array(n, sizeof *km))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        for (k = 0; k < n; k++)
            rg_diagnostics_near(d, k, &a, &b, &km[k], xy);
        qsort(km, n, sizeof *km, cmp_double);
        s->near_min_km = km[0];
        s->near_median_km = km[n / 2];
        s->near_max_km = km[n - 1];
    }
    /* the diagnostics list overlaps deepest first */
    if ((s->overlaps = rg_diagnostics_overlap_total(d)) > 0 && s->overlaps_kept > 0) {
        rg_diagnostics_overlap(d, 0, &a, &b, &s->overlap_km, xy);
        s->overlap_a = ld->first + a;
        s->overlap_b = ld->first + b;
    }
cleanup:
    free(km);
    return st;
}

rg_status rg_i_build_summarise(const rg_graph *graph, rg_build_result *result)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t nlevels = rg_regions_level_count(r), n = rg_regions_count(r);
    size_t m = rg_adjacency_count(adj), *degree = NULL, i, k, a, b, level;
    rg_level_summary *s;
    rg_status st = RG_OK;

    if (!(degree = rg_i_calloc_array(n ? n : 1, sizeof *degree)) ||
        !(result->levels = rg_i_calloc_array(nlevels ? nlevels : 1, sizeof *result->levels))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    result->nlevels = nlevels;
    /* Without a level index there are no levels to summarise (and every region would claim
     * level 0): the counts stay empty. */
    if (nlevels == 0)
        n = m = 0;
    /* Pairs join regions of one level: the first region's level is the pair's. */
    for (k = 0; k < m; k++) {
        rg_adjacency_pair(adj, k, &a, &b, NULL, NULL);
        degree[a]++;
        degree[b]++;
        s = &result->levels[rg_regions_level(r, a)];
        if (rg_adjacency_contact(adj, k) == RG_CONTACT_ISLAND)
            s->island_links++;
        else
            s->pairs++;
    }
    for (i = 0; i < n; i++) {
        s = &result->levels[rg_regions_level(r, i)];
        s->regions++;
        s->isolated += degree[i] == 0;
    }
    for (level = 0; level < nlevels; level++) {
        s = &result->levels[level];
        if ((s->isolated &&
             !(s->isolated_regions = rg_i_malloc_array(s->isolated, sizeof *s->isolated_regions))) ||
            (s->island_links &&
             !(s->island_pairs = rg_i_malloc_array(s->island_links, sizeof *s->island_pairs)))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        /* counted again as the lists fill */
        s->isolated = 0;
        s->island_links = 0;
    }
    for (i = 0; i < n; i++)
        if (degree[i] == 0) {
            s = &result->levels[rg_regions_level(r, i)];
            s->isolated_regions[s->isolated++] = i;
        }
    for (k = 0; k < m; k++)
        if (rg_adjacency_contact(adj, k) == RG_CONTACT_ISLAND) {
            rg_adjacency_pair(adj, k, &a, &b, NULL, NULL);
            s = &result->levels[rg_regions_level(r, a)];
            s->island_pairs[s->island_links++] = k;
        }
    for (level = 0; level < nlevels && level < result->ndiagnostics; level++) {
        s = &result->levels[level];
        if (!result->diagnostics[level].diagnostics)
            continue;
        if ((st = summarise_diagnostics(&result->diagnostics[level], s)) != RG_OK ||
            (st = rg_build_tolerance_hint(result, level, &s->snap_hint_m)) != RG_OK)
            goto cleanup;
    }
    if (coord) {
        result->coordination = 1;
        result->mechanisms = rg_coordination_mechanism_count(coord);
        for (k = 0; k < result->mechanisms; k++)
            result->memberships += rg_coordination_member_count(coord, k);
        result->agencies = rg_coordination_agency_count(coord);
    }
cleanup:
    if (st != RG_OK && result->levels) {
        for (level = 0; level < nlevels; level++) {
            free(result->levels[level].isolated_regions);
            free(result->levels[level].island_pairs);
        }
        free(result->levels);
        result->levels = NULL;
        result->nlevels = 0;
    }
    free(degree);
    return st;
}
