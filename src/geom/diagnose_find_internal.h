/* Internals shared by the parts of the contiguity diagnostics (diagnose.c: near misses, isolated
 * regions and the public accessors; diagnose_overlap.c: overlaps): the records, the bounded heap
 * that keeps the best of them, and the search of a grid cell's entries by segment number. */
#ifndef RG_DIAGNOSE_FIND_INTERNAL_H
#define RG_DIAGNOSE_FIND_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "geom/proximity_internal.h"
#include "regiongraph/contiguity.h"

/* A near miss (xy: the two closest points) or an overlap (xy[0..1]: the deepest point). */
typedef struct rg_i_near_rec {
    size_t a, b;
    double d, xy[4];
} rg_i_near_rec;

typedef rg_i_near_rec rg_i_overlap_rec;

/* The records kept of a search: at most `limit`, the best by sign * d (smallest first), as a
 * heap whose top is the worst kept while the search runs. */
typedef struct rg_i_kept {
    rg_i_near_rec *v;
    size_t n, cap, limit, total;
    double sign; /* 1: keep the smallest d (near misses); -1: the largest (overlaps) */
} rg_i_kept;

/* Scratch of a search, per region of the layer (near misses: close, seen, slot; overlaps: seen
 * and slot): the candidates of the region being searched. */
typedef struct rg_i_near_scratch {
    size_t *close;  /* close[x] == r: x is r or a neighbour of r */
    size_t *seen;   /* seen[x] == r: x is a candidate of r, at cand[slot[x]] */
    size_t *slot;
    rg_i_near_rec *cand;
    size_t ncand, cand_cap;
} rg_i_near_scratch;

/* Adds rec to k: while below the limit it is pushed on the heap; then it replaces the worst
 * kept when better. O(log limit). Counts every record offered in k->total. */
rg_status rg_i_diag_keep(rg_i_kept *k, const rg_i_near_rec *rec);

/* qsort() for n >= 2 (with n < 2 the array may be NULL, which qsort must not be given). */
void rg_i_diag_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* The layer's regions in the grid's row order of their first point (ties: lower index first),
 * into *order (px->nregions entries, malloc'd). The searches visit the regions in this order: a
 * region's cells are then mostly still in the cache from the region before, where a layer in
 * random order (Voronoi cells, most records of a generated map) would miss it on almost every
 * cell. What a search finds is the same in any order. O(n + rows). */
rg_status rg_i_diag_region_order(const rg_i_prox *px, size_t **order);

/* rg_i_prox_build(px, regions, reach) for the diagnostics, over a copy of the boundaries with the
 * regions in the order the searches visit them (rg_i_diag_region_order): px->xy is the copy,
 * segment numbers and px->region index it, region i of px is the layer's region px->orig[i]
 * (rg_i_prox_orig; px->orig is NULL and px the layer itself when the layer is nearly in that
 * order already); no next_seg; the grid's entries in 32 bits (px->start32, px->seg32: grid.start
 * and grid.seg are NULL). Release px with rg_i_prox_free(), also after a failure.
 * O(V + entries). */
rg_status rg_i_diag_prox_build(rg_i_prox *px, const rg_regions *regions, double reach);

/* The overlaps of the layer indexed in px (deeper than max(snap, a micrometre)): each pair's
 * deepest vertex, the deepest `limit` pairs kept in *out (sorted deepest first, depths in km,
 * regions by their number in the layer), out->total the pairs found; px's regions visited in
 * their order. Reports progress from 0.8 to 0.95. */
rg_status rg_i_diag_overlaps(const rg_i_prox *px, double snap, size_t limit,
                             rg_fraction_fn progress, void *progress_data, rg_i_kept *out);

/* The first entry at or after e (and before end) of a grid cell whose segment number is at least
 * k: a cell's entries are in increasing segment order (rg_i_grid_index), and a region's segments
 * are consecutive, so this skips whole regions at once. O(log(end - e)). */
static inline size_t rg_i_cell_seek(const uint32_t *seg, size_t e, size_t end, size_t k)
{
    while (e < end) {
        size_t mid = e + (end - e) / 2;
        if (seg[mid] < k)
            e = mid + 1;
        else
            end = mid;
    }
    return e;
}

#endif
