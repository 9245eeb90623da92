/* The segment grid of the diagnostics: rg_i_prox_build()'s grid over a copy of the layer's
 * boundaries in the order the searches visit the regions (grid order), region numbers kept.
 *
 * On a layer whose records are in random order (Voronoi cells, most generated maps) the regions
 * around a region are scattered over the whole point array: the grid's fill, the near-miss
 * search and the overlap search missed the cache at nearly every segment they read. In the copy
 * the regions near each other in space are near each other in memory (a layer sorted that way
 * on disk takes a third less time in the diagnostics). Each region's points stay in their order,
 * so every distance is computed from the same numbers in the same order as on the layer itself,
 * and the searches give each region they find its number in the layer (rg_i_prox_orig): what
 * they find is the same. A layer already in about that order is indexed as it is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/diagnose_find_internal.h"

/* 1 when the regions visited one after the other in `order` are nearly all close to each other
 * in the layer (within LOCAL regions: their points then share the cache). */
#define LOCAL 1024
static int in_order(const size_t *order, size_t n)
{
    size_t i, far = 0;
    for (i = 1; i < n; i++)
        far += order[i] > order[i - 1] + LOCAL || order[i - 1] > order[i] + LOCAL;
    return far <= n / 16;
}

/* rg_i_grid_index() for the diagnostics: counting passes (each segment's cells computed twice,
 * counted, then filled) rather than the sorted index's entry array and its radix passes, which
 * for a layer in grid order (the copy, or a layer already in about that order: in_order()) are
 * slower and need twice the entries' memory while sorting. The count and the fill then touch the
 * cells in about grid order too. Each cell gets its segments in increasing order, the entries of
 * rg_i_grid_index(), but in 32 bits (px->start32 and px->seg32; grid.start and grid.seg stay
 * NULL): half the memory of the entry list and of the cell starts, which are most of the
 * diagnostics' own. A layer with 2^32 - 1 points or entries or more is refused (its coordinates
 * alone would take 64 GiB). O(V + entries). */
static rg_status index_counting(rg_i_prox *px)
{
    rg_i_grid *g = &px->grid;
    size_t ncells = g->nx * g->ny, n = px->npts, ne = 0, k, c, j;
    uint32_t *start;
    int fill;
    if (n >= UINT32_MAX)
        return rg_i_error(RG_ERR_DATA, "diagnostics: %zu points, more than the %lu the "
                          "diagnostics index (build with --no-diagnostics)", n,
                          (unsigned long)UINT32_MAX - 1);
    if (!(start = px->start32 = rg_i_calloc_array(ncells + 1, sizeof *px->start32)))
        return RG_I_NOMEM();
    for (fill = 0; fill < 2; fill++) {
        if (fill) {
            if (ne >= UINT32_MAX)
                return rg_i_error(RG_ERR_DATA, "diagnostics: %zu grid entries, more than the "
                                  "%lu the diagnostics index (build with --no-diagnostics)", ne,
                                  (unsigned long)UINT32_MAX - 1);
            for (c = 0; c < ncells; c++)
                start[c + 1] += start[c];
            if (!(px->seg32 = rg_i_malloc_array(ne ? ne : 1, sizeof *px->seg32)))
                return RG_I_NOMEM();
            rg_i_prefault(px->seg32, ne * sizeof *px->seg32);
        }
        for (k = 0; k < n; k++) {
            const double *p = px->xy + 2 * k;
            size_t m;
            if (px->region[k] == RG_I_NONE)
                continue;
            if (!(m = rg_i_grid_cells(g, p[0], p[1], p[2], p[3], &px->cells, &px->cells_cap)))
                return RG_I_NOMEM();
            if (fill) {
                for (j = 0; j < m; j++)
                    px->seg32[start[px->cells[j]]++] = (uint32_t)k;
            } else {
                /* no cell's count wraps before the total is checked: it is at most the total */
                ne += m;
                for (j = 0; j < m; j++)
                    start[px->cells[j] + 1]++;
            }
        }
    }
    for (c = ncells; c > 0; c--)
        start[c] = start[c - 1];
    start[0] = 0;
    return RG_OK;
}

rg_status rg_i_diag_prox_build(rg_i_prox *px, const rg_regions *regions, double reach)
{
    size_t *order = NULL, *region = NULL, *start = NULL, oi, j, k, pos = 0;
    double *xy = NULL;
    rg_status st;
    if ((st = rg_i_prox_prepare(px, regions, reach, 0)) != RG_OK ||
        (st = rg_i_diag_region_order(px, &order)) != RG_OK)
        goto cleanup;
    if (in_order(order, px->nregions)) {
        /* a layer already in about that order (a generated grid, most tiled maps): the copy
         * would only cost its time */
        st = index_counting(px);
        goto cleanup;
    }
    if (!(xy = rg_i_malloc_array(2 * px->npts + 2, sizeof *xy)) ||
        !(region = rg_i_malloc_array(px->npts + 1, sizeof *region)) ||
        !(start = rg_i_malloc_array(px->nregions + 1, sizeof *start))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    rg_i_prefault(xy, 2 * px->npts * sizeof *xy);
    rg_i_prefault(region, px->npts * sizeof *region);
    for (oi = 0; oi < px->nregions; oi++) {
        size_t a = px->rstart[order[oi]], n = px->rstart[order[oi] + 1] - a;
        memcpy(xy + 2 * pos, px->xy + 2 * a, 2 * n * sizeof *xy);
        for (j = 0; j < n; j++)
            region[pos + j] = px->region[a + j] == RG_I_NONE ? RG_I_NONE : oi;
        start[oi] = pos;
        pos += n;
    }
    start[px->nregions] = pos;
    /* points outside every region's rings (none are expected) start no segment */
    for (k = pos; k < px->npts; k++) {
        xy[2 * k] = xy[2 * k + 1] = 0;
        region[k] = RG_I_NONE;
    }
    free(px->region);
    free(px->rstart);
    px->region = region;
    px->rstart = start;
    px->orig = order;
    px->xy = px->own_xy = xy;
    region = start = order = NULL;
    xy = NULL;
    st = index_counting(px);
cleanup:
    free(order);
    free(region);
    free(start);
    free(xy);
    return st;
}
