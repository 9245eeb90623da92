/* Contiguity diagnostics (near misses, overlaps, isolated regions) and island links.
 *
 * All three searches use the segment grid of proximity.c, over a copy of the boundaries in grid
 * order when the layer's records are scattered (diagnose_grid.c; regions are reported by their
 * number in the layer):
 *  - near misses: region by region, every segment is compared with the segments of higher
 *    regions in its cells, the grid being built for the `near` distance, skipping the region's
 *    neighbours and the regions with a neighbour in common (close in the graph; decided once per
 *    region met, and first in a pass over the region's cells that stops at the first other
 *    region: on a clean map most regions have none and compare no segment); the smallest
 *    distance to each other region is kept in a list local to the region: one record per
 *    pair, the nearest few hundred thousand kept (a heap), so memory never grows with the
 *    square of the density;
 *  - overlaps: diagnose_overlap.c (a point shared by several regions searched once when clean);
 *    on layers of more than OVERLAP_THREAD_POINTS points they are searched in a second thread
 *    while this one searches the near misses and isolated regions
 *    (the two read the same grid and write nothing shared; the results are the same either way).
 *    RG_THREADS=1 in the environment keeps everything in the calling thread;
 *  - isolated regions and island links: the nearest regions by boundary distance, searched
 *    outward from the region's bounding box (rg_i_prox_nearest).
 */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/threads_internal.h"
#include "model/adjacency_internal.h"
#include "geom/diagnose_find_internal.h"
#include "geom/diagnose_internal.h"
#include "geom/proximity_internal.h"
#include "regiongraph/contiguity.h"

void rg_i_diag_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))

typedef struct isolated_rec {
    size_t region, nearest;
    double km, xy[4];
} isolated_rec;

struct rg_diagnostics {
    rg_i_near_rec *near;
    size_t nnear, near_total;
    rg_i_overlap_rec *over;
    size_t nover, over_total;
    isolated_rec *iso;
    size_t niso, iso_cap;
};

typedef struct pair_key {
    size_t a, b;
} pair_key;

static int compare_keys(const void *x, const void *y)
{
    const pair_key *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : (p->b > q->b);
}

/* The adjacency's pairs, sorted, and each region's number of pairs. */
static rg_status adjacency_keys(const rg_regions *regions, const rg_adjacency *adj,
                                pair_key **keys, size_t **degree)
{
    size_t n = rg_regions_count(regions), m = rg_adjacency_count(adj), k;
    *keys = NULL;
    *degree = NULL;
    if (!(*keys = rg_i_malloc_array(m, sizeof **keys)) ||
        !(*degree = rg_i_calloc_array(n, sizeof **degree)))
        return RG_I_NOMEM();
    for (k = 0; k < m; k++) {
        size_t a = adj->a[k], b = adj->b[k];
        if (a >= b || b >= n)
            return rg_i_error(RG_ERR_ARG, "adjacency pair %zu (%zu, %zu) does not fit a layer of "
                              "%zu regions", k, a, b, n);
        (*keys)[k].a = a;
        (*keys)[k].b = b;
        (*degree)[a]++;
        (*degree)[b]++;
    }
    rg_i_diag_sort(*keys, m, sizeof **keys, compare_keys);
    return RG_OK;
}

static int has_pair(const pair_key *keys, size_t m, size_t a, size_t b)
{
    pair_key k = {a, b};
    return bsearch(&k, keys, m, sizeof *keys, compare_keys) != NULL;
}

static int region_empty(const rg_regions *regions, size_t i)
{
    const size_t *poly_start = rg_regions_poly_start(regions);
    return poly_start[i] == poly_start[i + 1];
}

/* --- keeping the best records -------------------------------------------------------------- */

static int worse(const rg_i_kept *k, const rg_i_near_rec *x, const rg_i_near_rec *y)
{
    return k->sign * x->d > k->sign * y->d;
}

static void swap_recs(rg_i_near_rec *x, rg_i_near_rec *y)
{
    rg_i_near_rec t = *x;
    *x = *y;
    *y = t;
}

rg_status rg_i_diag_keep(rg_i_kept *k, const rg_i_near_rec *rec)
{
    size_t i, c;
    k->total++;
    if (k->n < k->limit) {
        if (!rg_i_reserve((void **)&k->v, &k->cap, k->n + 1, sizeof *k->v))
            return RG_I_NOMEM();
        i = k->n++;
        k->v[i] = *rec;
        for (; i > 0 && worse(k, &k->v[i], &k->v[(i - 1) / 2]); i = (i - 1) / 2)
            swap_recs(&k->v[i], &k->v[(i - 1) / 2]);
        return RG_OK;
    }
    if (k->n == 0 || !worse(k, &k->v[0], rec))
        return RG_OK;
    k->v[0] = *rec;
    for (i = 0; (c = 2 * i + 1) < k->n; i = c) {
        if (c + 1 < k->n && worse(k, &k->v[c + 1], &k->v[c]))
            c++;
        if (!worse(k, &k->v[c], &k->v[i]))
            break;
        swap_recs(&k->v[c], &k->v[i]);
    }
    return RG_OK;
}

/* RG_ERR_ARG unless every pair of adj is two regions of the layer, lower first. O(pairs). */
static rg_status check_pairs(const rg_regions *regions, const rg_adjacency *adj)
{
    size_t n = rg_regions_count(regions), m = rg_adjacency_count(adj), k;
    for (k = 0; k < m; k++)
        if (adj->a[k] >= adj->b[k] || adj->b[k] >= n)
            return rg_i_error(RG_ERR_ARG, "adjacency pair %zu (%zu, %zu) does not fit a layer of "
                              "%zu regions", k, adj->a[k], adj->b[k], n);
    return RG_OK;
}

/* The adjacency as lists: the neighbours of region i are nb[start[i] .. start[i+1]-1], read
 * straight from the pairs (two counting passes: no sorted copy of the pairs). With rank (not
 * NULL), region i is rank[i] in the lists, neighbours included: the numbering of a reordered
 * copy of the layer (rg_i_diag_prox_build). */
static rg_status neighbour_lists(const rg_regions *regions, const rg_adjacency *adj,
                                 const size_t *rank, size_t **start_out, size_t **nb_out)
{
    size_t n = rg_regions_count(regions), m = rg_adjacency_count(adj), *start = NULL;
    size_t *fill = NULL, *nb = NULL, i, k;
    rg_status st = RG_OK;
    if (!(start = rg_i_calloc_array(n + 1, sizeof *start)) ||
        !(fill = rg_i_malloc_array(n + 1, sizeof *fill)) ||
        !(nb = rg_i_malloc_array(2 * m + 1, sizeof *nb))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < m; k++) {
        size_t a = adj->a[k], b = adj->b[k];
        if (a >= b || b >= n) {
            st = rg_i_error(RG_ERR_ARG, "adjacency pair %zu (%zu, %zu) does not fit a layer of "
                            "%zu regions", k, a, b, n);
            goto cleanup;
        }
        start[(rank ? rank[a] : a) + 1]++;
        start[(rank ? rank[b] : b) + 1]++;
    }
    for (i = 0; i < n; i++)
        start[i + 1] += start[i];
    memcpy(fill, start, (n + 1) * sizeof *fill);
    for (k = 0; k < m; k++) {
        size_t a = rank ? rank[adj->a[k]] : adj->a[k], b = rank ? rank[adj->b[k]] : adj->b[k];
        nb[fill[a]++] = b;
        nb[fill[b]++] = a;
    }
    *start_out = start;
    *nb_out = nb;
    start = nb = NULL;
cleanup:
    free(start);
    free(fill);
    free(nb);
    return st;
}

/* --- the order of the searches ----------------------------------------------------------- */

/* A counting sort of the regions in[0 .. n-1] by key[region] (< nkeys) into out, stable. */
static rg_status sort_by_key(const size_t *in, size_t n, const size_t *key, size_t nkeys,
                             size_t *out)
{
    size_t *count = rg_i_calloc_array(nkeys + 1, sizeof *count), i;
    if (!count)
        return RG_I_NOMEM();
    for (i = 0; i < n; i++)
        count[key[in[i]] + 1]++;
    for (i = 0; i < nkeys; i++)
        count[i + 1] += count[i];
    for (i = 0; i < n; i++)
        out[count[key[in[i]]]++] = in[i];
    free(count);
    return RG_OK;
}

rg_status rg_i_diag_region_order(const rg_i_prox *px, size_t **order)
{
    size_t n = px->nregions, *col = NULL, *row = NULL, *tmp = NULL, *out = NULL, i;
    rg_status st = RG_OK;
    *order = NULL;
    if (!(col = rg_i_malloc_array(n ? n : 1, sizeof *col)) ||
        !(row = rg_i_malloc_array(n ? n : 1, sizeof *row)) ||
        !(tmp = rg_i_malloc_array(n ? n : 1, sizeof *tmp)) ||
        !(out = rg_i_malloc_array(n ? n : 1, sizeof *out))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        col[i] = row[i] = 0; /* an empty region: first, searched for nothing */
        if (px->rstart[i] < px->rstart[i + 1]) {
            const double *p = px->xy + 2 * px->rstart[i];
            col[i] = rg_i_grid_col(&px->grid, p[0]);
            row[i] = rg_i_grid_row(&px->grid, p[1]);
        }
        out[i] = i;
    }
    /* by column, then (stable) by row: row order, columns increasing within a row */
    if ((st = sort_by_key(out, n, col, px->grid.nx, tmp)) != RG_OK ||
        (st = sort_by_key(tmp, n, row, px->grid.ny, out)) != RG_OK)
        goto cleanup;
    *order = out;
    out = NULL;
cleanup:
    free(col);
    free(row);
    free(tmp);
    free(out);
    return st;
}

/* --- near misses -------------------------------------------------------------------------- */

static int compare_near_dist(const void *x, const void *y)
{
    const rg_i_near_rec *p = x, *q = y;
    if (p->d != q->d)
        return p->d < q->d ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : (p->b > q->b);
}

/* slot[] values besides candidate indices: a region met but not within `near` yet, and one
 * that shares a neighbour with r (never a near miss of r) */
#define SLOT_NONE_YET (SIZE_MAX - 1)
#define SLOT_SKIP SIZE_MAX

/* rg_i_cell_seek(), with a few linear steps first: most runs of a cell are short. */
static inline size_t seg_after(const uint32_t *seg, size_t e, size_t end, size_t k)
{
    size_t stop = end - e > 8 ? e + 8 : end;
    for (; e < stop; e++)
        if (seg[e] >= k)
            return e;
    return rg_i_cell_seek(seg, e, end, k);
}

/* What the near-miss search knows of each region while it searches region r: close == r when
 * it is r or a neighbour of r; seen == r when it was met, slot then its candidate or SLOT_*.
 * One record per region, not three arrays: a layer in random order has the regions of a cell
 * scattered over them, and one cache miss is a third of three. */
typedef struct region_mark {
    size_t close, seen, slot;
} region_mark;

/* 1 when region b has a neighbour in common with r (marked in close). O(degree of b). */
static int common_neighbour(const region_mark *mk, const size_t *nb_start, const size_t *nb,
                            size_t r, size_t b)
{
    size_t j;
    for (j = nb_start[b]; j < nb_start[b + 1]; j++)
        if (mk[nb[j]].close == r)
            return 1;
    return 0;
}

/* The candidates of region r from its segments first .. end-1: the nearest point of every
 * higher region within `near` that is not a neighbour and has no neighbour in common with r
 * (decided once per region met, before any distance is computed: on a clean map most regions
 * met are those around r's neighbours). seg_mark[t] == s + 1: segment t was compared with s
 * (32 bits: rg_i_diag_prox_build() indexes fewer than 2^32 - 1 points). */
static rg_status near_candidates(rg_i_prox *px, rg_i_near_scratch *sc, region_mark *mk,
                                 uint32_t *seg_mark, const size_t *nb_start, const size_t *nb,
                                 size_t r, size_t first, size_t end, double near)
{
    size_t s;
    for (s = first; s < end; s++) {
        size_t ncells, c;
        const double *p = px->xy + 2 * s;
        if (px->region[s] == RG_I_NONE)
            continue;
        if (!(ncells = rg_i_prox_cells(px, s)))
            return RG_I_NOMEM();
        for (c = 0; c < ncells; c++) {
            size_t cell = px->cells[c], ce = px->start32[cell + 1], e;
            /* the cell's entries are in segment order, a region's segments one run of them: a
             * region skipped (r itself, a lower one, whose pairs with r were searched from its
             * side, a neighbour) is skipped as one run (a ring with very many vertices in one
             * cell is then not searched once per segment of r) */
            for (e = px->start32[cell]; e < ce; e++) {
                size_t t = px->seg32[e], rt = px->region[t];
                const double *q = px->xy + 2 * t;
                double w[8], u, v, d;
                rg_i_near_rec *rec;
                if (rg_i_prox_orig(px, rt) <= rg_i_prox_orig(px, r)) {
                    e = seg_after(px->seg32, e + 1, ce, px->rstart[rt + 1]) - 1;
                    continue;
                }
                if (mk[rt].close != r && mk[rt].seen != r) {
                    mk[rt].seen = r;
                    mk[rt].slot = common_neighbour(mk, nb_start, nb, r, rt) ? SLOT_SKIP
                                                                              : SLOT_NONE_YET;
                }
                if (mk[rt].close == r || mk[rt].slot == SLOT_SKIP) {
                    e = seg_after(px->seg32, e + 1, ce, px->rstart[rt + 1]) - 1;
                    continue;
                }
                if (seg_mark[t] == (uint32_t)(s + 1))
                    continue;
                seg_mark[t] = (uint32_t)(s + 1);
                rg_i_prox_frame(px, s, t, w);
                if ((d = rg_i_seg_seg(w, w + 2, w + 4, w + 6, &u, &v)) > near)
                    continue;
                if (mk[rt].slot == SLOT_NONE_YET) {
                    if (!rg_i_reserve((void **)&sc->cand, &sc->cand_cap, sc->ncand + 1,
                                      sizeof *sc->cand))
                        return RG_I_NOMEM();
                    mk[rt].slot = sc->ncand++;
                    rec = &sc->cand[mk[rt].slot];
                } else if (d < (rec = &sc->cand[mk[rt].slot])->d) {
                    ;
                } else {
                    continue;
                }
                rec->a = rg_i_prox_orig(px, r);
                rec->b = rg_i_prox_orig(px, rt);
                rec->d = d;
                rec->xy[0] = p[0] + u * (p[2] - p[0]);
                rec->xy[1] = p[1] + u * (p[3] - p[1]);
                rec->xy[2] = q[0] + v * (q[2] - q[0]);
                rec->xy[3] = q[1] + v * (q[3] - q[1]);
            }
        }
    }
    return RG_OK;
}

/* For near_possible(): 1 when region rt, met in a cell, is a candidate of r. */
static inline int near_region(const rg_i_prox *px, region_mark *mk, const size_t *nb_start,
                              const size_t *nb, size_t r, size_t orig_r, size_t rt)
{
    if (rg_i_prox_orig(px, rt) <= orig_r || mk[rt].close == r)
        return 0;
    if (mk[rt].seen != r) {
        mk[rt].seen = r;
        mk[rt].slot = common_neighbour(mk, nb_start, nb, r, rt) ? SLOT_SKIP : SLOT_NONE_YET;
    }
    return mk[rt].slot != SLOT_SKIP;
}

/* near_region() for each region met in cell (one run of the cell's entries per region): 1 at the
 * first that may be a near miss of r. */
static inline int near_in_cell(rg_i_prox *px, region_mark *mk, const size_t *nb_start,
                               const size_t *nb, size_t r, size_t orig_r, size_t cell)
{
    size_t ce = px->start32[cell + 1], e;
    for (e = px->start32[cell]; e < ce; e++) {
        size_t rt = px->region[px->seg32[e]];
        if (near_region(px, mk, nb_start, nb, r, orig_r, rt))
            return 1;
        e = seg_after(px->seg32, e + 1, ce, px->rstart[rt + 1]) - 1;
    }
    return 0;
}

/* 1 when region r may have a near miss: some region met in the cells of r's segments first ..
 * end-1 is higher (in the layer's numbering), not a neighbour and has no neighbour in common
 * with r. Each cell is read once (*cell_mark), each region met is one run of it; what it marks of
 * a region (seen, slot) is what near_candidates() would mark. On a clean map nearly every region
 * has none, and near_candidates(), which reads a cell once per segment in it, is not run. */
static int near_possible(rg_i_prox *px, region_mark *mk,
                         uint32_t **cell_mark, const size_t *nb_start, const size_t *nb, size_t r,
                         size_t first, size_t end, rg_status *st)
{
    size_t s, orig_r = rg_i_prox_orig(px, r), c0, c1, r0, r1;
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL, m;
    /* Every cell a segment of r entered lies in r's bounding box grown by the grid's margins
     * (a segment's columns are those of its x range grown by padx, its rows within those of its
     * y range grown by pady; m covers the rounding of the path's y at a column's edge). On a
     * compact region the box's cells are few and distinct: they are read without computing
     * each segment's cells. A region whose box holds many more cells than its segments enter (a
     * long diagonal one) is read segment by segment. */
    for (s = first; s < end; s++) {
        const double *p = px->xy + 2 * s;
        x0 = MIND(x0, p[0]);
        x1 = MAXD(x1, p[0]);
        y0 = MIND(y0, p[1]);
        y1 = MAXD(y1, p[1]);
    }
    m = 16 * DBL_EPSILON * MAXD(fabs(y0), fabs(y1));
    c0 = rg_i_grid_col(&px->grid, x0 - px->grid.padx);
    c1 = rg_i_grid_col(&px->grid, x1 + px->grid.padx);
    r0 = rg_i_grid_row(&px->grid, y0 - px->grid.pady - m);
    r1 = rg_i_grid_row(&px->grid, y1 + px->grid.pady + m);
    if ((c1 - c0 + 1) * (r1 - r0 + 1) <= 2 * (end - first) + 16) {
        size_t row, col;
        for (row = r0; row <= r1; row++) {
            for (col = c0; col <= c1; col++)
                if (near_in_cell(px, mk, nb_start, nb, r, orig_r, row * px->grid.nx + col))
                    return 1;
        }
        return 0;
    }
    /* zeroed pages from the system, allocated for the first such region (most maps have none)
     * and faulted in where marked; cell c was read for region r when cell_mark[c] == r + 1 */
    if (!*cell_mark && px->nregions < UINT32_MAX - 1 &&
        !(*cell_mark = rg_i_calloc_array(px->grid.nx * px->grid.ny + 1, sizeof **cell_mark))) {
        *st = RG_I_NOMEM();
        return 0;
    }
    for (s = first; s < end; s++) {
        size_t ncells, c;
        if (px->region[s] == RG_I_NONE)
            continue;
        if (!(ncells = rg_i_prox_cells(px, s))) {
            *st = RG_I_NOMEM();
            return 0;
        }
        for (c = 0; c < ncells; c++) {
            size_t cell = px->cells[c];
            if (*cell_mark) {
                if ((*cell_mark)[cell] == (uint32_t)(r + 1))
                    continue;
                (*cell_mark)[cell] = (uint32_t)(r + 1);
            }
            if (near_in_cell(px, mk, nb_start, nb, r, orig_r, cell))
                return 1;
        }
    }
    return 0;
}

static rg_status find_near(rg_i_prox *px, rg_diagnostics *dg,
                           const size_t *nb_start, const size_t *nb, double near, size_t limit,
                           rg_fraction_fn progress, void *progress_data)
{
    rg_i_near_scratch sc;
    region_mark *mk = NULL;
    rg_i_kept k = {NULL, 0, 0, limit, 0, 1.0};
    size_t n = px->nregions, r, oi, i, j;
    uint32_t *cell_mark = NULL; /* near_possible(); without it a cell is read once per segment */
    uint32_t *seg_mark = NULL;  /* near_candidates() */
    rg_status st = RG_OK;
    memset(&sc, 0, sizeof sc);
    if (!(mk = rg_i_malloc_array(n ? n : 1, sizeof *mk))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (r = 0; r < n; r++)
        mk[r].close = mk[r].seen = RG_I_NONE;
    for (oi = 0; oi < n; oi++) {
        size_t first, end;
        r = oi;
        if (progress && (oi & 0x3FFF) == 0)
            progress(0.8 * (double)oi / (double)n, progress_data);
        rg_i_prox_region_points(px, r, &first, &end);
        if (first == end)
            continue;
        mk[r].close = r;
        for (j = nb_start[r]; j < nb_start[r + 1]; j++)
            mk[nb[j]].close = r;
        sc.ncand = 0;
        if (!near_possible(px, mk, &cell_mark, nb_start, nb, r, first, end, &st)) {
            if (st != RG_OK)
                goto cleanup;
            continue;
        }
        /* zeroed pages from the system, faulted in only where a candidate's segments are:
         * near_candidates() marks with s + 1 */
        if (!seg_mark && !(seg_mark = rg_i_calloc_array(px->npts + 1, sizeof *seg_mark))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        if ((st = near_candidates(px, &sc, mk, seg_mark, nb_start, nb, r, first, end, near)) !=
            RG_OK)
            goto cleanup;
        for (i = 0; i < sc.ncand; i++)
            if ((st = rg_i_diag_keep(&k, &sc.cand[i])) != RG_OK)
                goto cleanup;
    }
    rg_i_diag_sort(k.v, k.n, sizeof *k.v, compare_near_dist);
    for (i = 0; i < k.n; i++)
        k.v[i].d *= px->km_per_work;
    dg->near = k.v;
    dg->nnear = k.n;
    dg->near_total = k.total;
    k.v = NULL;
cleanup:
    free(k.v);
    free(mk);
    free(cell_mark);
    free(seg_mark);
    free(sc.cand);
    return st;
}

/* --- isolated regions --------------------------------------------------------------------- */

static rg_status find_isolated(rg_i_prox *px, rg_diagnostics *dg, const size_t *nb_start,
                                const size_t *rank)
{
    size_t i;
    rg_status st;
    for (i = 0; i < px->nregions; i++) {
        rg_i_near nb;
        size_t found;
        isolated_rec *rec;
        size_t ri = rank ? rank[i] : i;
        if (nb_start[ri + 1] > nb_start[ri] || region_empty(px->regions, i))
            continue;
        /* the stamps of rg_i_prox_nearest(), allocated when first needed (most maps have no
         * region without neighbours; the near-miss search has its own, freed by now) */
        if ((st = rg_i_prox_stamps(px)) != RG_OK ||
            (st = rg_i_prox_nearest(px, ri, 1, &nb, &found)) != RG_OK)
            return st;
        if (!rg_i_reserve((void **)&dg->iso, &dg->iso_cap, dg->niso + 1, sizeof *dg->iso))
            return RG_I_NOMEM();
        rec = &dg->iso[dg->niso++];
        rec->region = i;
        if (found) {
            rec->nearest = nb.region;
            rec->km = nb.d * px->km_per_work;
            memcpy(rec->xy, nb.xy, sizeof rec->xy);
        } else {
            rec->nearest = SIZE_MAX;
            rec->km = NAN;
            rec->xy[0] = rec->xy[1] = rec->xy[2] = rec->xy[3] = NAN;
        }
    }
    return RG_OK;
}

/* Layers with at least this many points search their overlaps in a second thread. */
#define OVERLAP_THREAD_POINTS 50000

/* The overlap search run in a thread: its status and, on failure, its message (the error slot is
 * per thread). */
typedef struct overlap_job {
    rg_i_prox *px;
    double snap;
    size_t limit;
    rg_i_kept out;
    rg_status st;
    char msg[512];
} overlap_job;

static void *overlap_thread(void *arg)
{
    overlap_job *j = arg;
    if ((j->st = rg_i_diag_overlaps(j->px, j->snap, j->limit, NULL, NULL, &j->out)) !=
        RG_OK)
        snprintf(j->msg, sizeof j->msg, "%s", rg_last_error());
    return NULL;
}

rg_status rg_i_contiguity_diagnose(const rg_regions *regions, const rg_adjacency *adjacency,
                                   double snap, double near, rg_fraction_fn progress,
                                   void *progress_data, rg_diagnostics **out)
{
    rg_diagnostics *dg = NULL;
    rg_i_kept over = {NULL, 0, 0, 0, 0, -1.0};
    overlap_job job;
    pthread_t thread;
    int threaded = 0;
    rg_i_prox px;
    size_t *nb_start = NULL, *nb = NULL, *rank = NULL, limit, i;
    rg_status st;
    memset(&px, 0, sizeof px);
    memset(&job, 0, sizeof job);
    if (out)
        *out = NULL;
    if (!regions || !adjacency || !out || !isfinite(snap) || !isfinite(near) || snap < 0 ||
        near < 0) {
        st = rg_i_error(RG_ERR_ARG, "diagnose: invalid argument (snap and near must be finite "
                        "and >= 0)");
        goto cleanup;
    }
    if (!(dg = calloc(1, sizeof *dg))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    limit = MAXD(RG_I_DIAGNOSE_KEEP, 4 * rg_regions_count(regions));
    if ((st = check_pairs(regions, adjacency)) != RG_OK ||
        (st = rg_i_diag_prox_build(&px, regions, MAXD(near, snap))) != RG_OK)
        goto cleanup;
    if (px.orig && !(rank = rg_i_malloc_array(px.nregions + 1, sizeof *rank))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; px.orig && i < px.nregions; i++)
        rank[px.orig[i]] = i;
    if ((st = neighbour_lists(regions, adjacency, rank, &nb_start, &nb)) != RG_OK)
        goto cleanup;
    job.px = &px;
    job.snap = snap;
    job.limit = limit;
    job.out = over;
    /* not beside the build's graph-file write on two cores: the write would wait for it */
    threaded = px.npts >= OVERLAP_THREAD_POINTS && rg_i_threads_spare() &&
               pthread_create(&thread, NULL, overlap_thread, &job) == 0;
    st = find_near(&px, dg, nb_start, nb, near, limit, progress, progress_data);
    if (st == RG_OK)
        st = find_isolated(&px, dg, nb_start, rank);
    if (threaded) {
        pthread_join(thread, NULL);
        over = job.out;
        if (st == RG_OK && job.st != RG_OK)
            st = rg_i_error(job.st, "%s", job.msg);
    } else if (st == RG_OK) {
        /* what the overlaps do not read goes first: the search's peak memory is then the grid's
         * and the overlaps' own, not theirs beside the neighbour lists */
        free(nb_start);
        free(nb);
        free(rank);
        free(px.stamp);
        nb_start = nb = rank = px.stamp = NULL;
        st = rg_i_diag_overlaps(&px, snap, limit, progress, progress_data, &over);
    }
    if (st != RG_OK)
        goto cleanup;
    dg->over = over.v;
    dg->nover = over.n;
    dg->over_total = over.total;
    over.v = NULL;
    if (progress)
        progress(1.0, progress_data);
    *out = dg;
    dg = NULL;
cleanup:
    rg_diagnostics_free(dg);
    free(over.v);
    rg_i_prox_free(&px);
    free(nb_start);
    free(nb);
    free(rank);
    return st;
}

rg_status rg_contiguity_diagnose(const rg_regions *regions, const rg_adjacency *adjacency,
                                 double snap, double near, rg_diagnostics **out)
{
    return rg_i_contiguity_diagnose(regions, adjacency, snap, near, NULL, NULL, out);
}

void rg_diagnostics_free(rg_diagnostics *dg)
{
    if (!dg)
        return;
    free(dg->near);
    free(dg->over);
    free(dg->iso);
    free(dg);
}

size_t rg_diagnostics_near_count(const rg_diagnostics *d)
{
    return d->nnear;
}

size_t rg_diagnostics_near_total(const rg_diagnostics *d)
{
    return d->near_total;
}

void rg_diagnostics_near(const rg_diagnostics *d, size_t k, size_t *a, size_t *b, double *km,
                         double xy[4])
{
    const rg_i_near_rec *r = &d->near[k];
    if (a)
        *a = r->a;
    if (b)
        *b = r->b;
    if (km)
        *km = r->d;
    if (xy)
        memcpy(xy, r->xy, sizeof r->xy);
}

size_t rg_diagnostics_overlap_count(const rg_diagnostics *d)
{
    return d->nover;
}

size_t rg_diagnostics_overlap_total(const rg_diagnostics *d)
{
    return d->over_total;
}

void rg_diagnostics_overlap(const rg_diagnostics *d, size_t k, size_t *a, size_t *b, double *km,
                            double xy[2])
{
    const rg_i_overlap_rec *r = &d->over[k];
    if (a)
        *a = r->a;
    if (b)
        *b = r->b;
    if (km)
        *km = r->d;
    if (xy)
        memcpy(xy, r->xy, 2 * sizeof *r->xy);
}

size_t rg_diagnostics_isolated_count(const rg_diagnostics *d)
{
    return d->niso;
}

void rg_diagnostics_isolated(const rg_diagnostics *d, size_t k, size_t *region, size_t *nearest,
                             double *km, double xy[4])
{
    const isolated_rec *r = &d->iso[k];
    if (region)
        *region = r->region;
    if (nearest)
        *nearest = r->nearest;
    if (km)
        *km = r->km;
    if (xy)
        memcpy(xy, r->xy, sizeof r->xy);
}

/* --- island links ------------------------------------------------------------------------- */

typedef struct link_rec {
    size_t a, b;
    double d, xy[4];
} link_rec;

static int compare_links(const void *x, const void *y)
{
    const link_rec *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : (p->b > q->b);
}

static rg_status copy_pair(rg_adjacency *to, const rg_adjacency *from, size_t k)
{
    size_t l;
    rg_status st = rg_i_adjacency_add_pair_ex(to, from->a[k], from->b[k], from->km[k],
                                              (rg_contact)from->contact[k], from->gap[k]);
    for (l = from->line_first[k]; st == RG_OK && l < from->line_first[k + 1]; l++)
        st = rg_i_adjacency_add_line(to, from->xy + 2 * from->pt_start[l],
                                     from->pt_start[l + 1] - from->pt_start[l]);
    return st;
}

rg_status rg_adjacency_link_islands(const rg_regions *regions, rg_adjacency **adjacency, size_t k)
{
    rg_i_prox px;
    rg_adjacency *old, *adj = NULL;
    pair_key *keys = NULL;
    size_t *degree = NULL, nlinks = 0, links_cap = 0, i, j, m, p;
    link_rec *links = NULL;
    rg_i_near *nb = NULL;
    rg_status st;
    memset(&px, 0, sizeof px);
    if (!regions || !adjacency || !*adjacency) {
        st = rg_i_error(RG_ERR_ARG, "link islands: invalid argument");
        goto cleanup;
    }
    old = *adjacency;
    m = rg_adjacency_count(old);
    if ((st = adjacency_keys(regions, old, &keys, &degree)) != RG_OK)
        goto cleanup;
    if (k == 0)
        goto cleanup; /* nothing to add: the adjacency stays as it is */
    if (!(nb = rg_i_malloc_array(k, sizeof *nb))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = rg_i_prox_build(&px, regions, 0.0)) != RG_OK)
        goto cleanup;
    for (i = 0; i < px.nregions; i++) {
        size_t found;
        if (degree[i] || region_empty(regions, i))
            continue;
        if ((st = rg_i_prox_nearest(&px, i, k, nb, &found)) != RG_OK)
            goto cleanup;
        for (j = 0; j < found; j++) {
            link_rec *l;
            if (!rg_i_reserve((void **)&links, &links_cap, nlinks + 1, sizeof *links)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            l = &links[nlinks++];
            l->a = MIND(i, nb[j].region);
            l->b = MAXD(i, nb[j].region);
            l->d = nb[j].d * px.km_per_work;
            memcpy(l->xy, nb[j].xy, sizeof l->xy);
        }
    }
    rg_i_diag_sort(links, nlinks, sizeof *links, compare_links);
    if ((st = rg_i_adjacency_new(old->kind, &adj)) != RG_OK)
        goto cleanup;
    /* merge the sorted old pairs and the sorted links, dropping links already present */
    for (p = 0, j = 0; p < m || j < nlinks;) {
        if (j < nlinks && ((j > 0 && compare_links(&links[j], &links[j - 1]) == 0) ||
                           has_pair(keys, m, links[j].a, links[j].b))) {
            j++;
            continue;
        }
        if (j >= nlinks || (p < m && (old->a[p] < links[j].a ||
                                      (old->a[p] == links[j].a && old->b[p] < links[j].b)))) {
            if ((st = copy_pair(adj, old, p++)) != RG_OK)
                goto cleanup;
            continue;
        }
        if ((st = rg_i_adjacency_add_pair_ex(adj, links[j].a, links[j].b, 0.0, RG_CONTACT_ISLAND,
                                             links[j].d)) != RG_OK ||
            (st = rg_i_adjacency_add_line(adj, links[j].xy, 2)) != RG_OK)
            goto cleanup;
        j++;
    }
    rg_adjacency_free(old);
    *adjacency = adj;
    adj = NULL;
cleanup:
    rg_adjacency_free(adj);
    rg_i_prox_free(&px);
    free(keys);
    free(degree);
    free(links);
    free(nb);
    return st;
}
