/* Contiguity diagnostics (near misses, overlaps, isolated regions) and island links.
 *
 * All three searches use the segment grid of proximity.c:
 *  - near misses: region by region, every segment is compared with the segments of higher
 *    regions in its cells, the grid being built for the `near` distance, skipping the region's
 *    neighbours and the regions with a neighbour in common (close in the graph; decided once per
 *    region met); the smallest distance to each other region is kept in a list local to the
 *    region: one record per pair, the nearest few hundred thousand kept (a heap), so memory
 *    never grows with the square of the density;
 *  - overlaps: a sweep along each row of cells finds the regions that contain each cell's
 *    corner; the regions containing a vertex v are those of its cell's corner, toggled by the
 *    boundaries that cross the path from the corner to v (inside the cell, so only the cell's
 *    segments are tested). The depth is then v's distance to that region's boundary, searched
 *    outward from v's cell; the search stops as soon as the depth is known to be within the
 *    tolerance (the common case of a vertex on a shared boundary). Expected time O(V log V);
 *  - isolated regions and island links: the nearest regions by boundary distance, searched
 *    outward from the region's bounding box (rg_i_prox_nearest).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"
#include "geom/diagnose_internal.h"
#include "geom/proximity_internal.h"
#include "regiongraph/contiguity.h"

/* qsort() with n < 2 is a no-op, but its array may then be NULL, which qsort must not be given. */
static void sort_items(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))

/* A vertex this close to a boundary (working units: a micrometre, or a millionth of a CRS unit)
 * is on it: the rounding of a vertex placed on another region's edge is far smaller. */
#define ON_BOUNDARY 1e-6

/* A near miss (xy: the two closest points) or an overlap (xy[0..1]: the deepest point). */
typedef struct near_rec {
    size_t a, b;
    double d, xy[4];
} near_rec;

typedef near_rec overlap_rec;

/* The records kept of a search: at most `limit`, the best by sign * d (smallest first), as a
 * heap whose top is the worst kept while the search runs. */
typedef struct kept {
    near_rec *v;
    size_t n, cap, limit, total;
    double sign; /* 1: keep the smallest d (near misses); -1: the largest (overlaps) */
} kept;

typedef struct isolated_rec {
    size_t region, nearest;
    double km, xy[4];
} isolated_rec;

struct rg_diagnostics {
    near_rec *near;
    size_t nnear, near_total;
    overlap_rec *over;
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
    sort_items(*keys, m, sizeof **keys, compare_keys);
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

static int worse(const kept *k, const near_rec *x, const near_rec *y)
{
    return k->sign * x->d > k->sign * y->d;
}

static void swap_recs(near_rec *x, near_rec *y)
{
    near_rec t = *x;
    *x = *y;
    *y = t;
}

/* Adds rec to k: while below the limit it is pushed on the heap; then it replaces the worst
 * kept when better. O(log limit). */
static rg_status keep(kept *k, const near_rec *rec)
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

/* The adjacency as lists: the neighbours of region i are nb[start[i] .. start[i+1]-1]. */
static rg_status neighbour_lists(const pair_key *keys, size_t m, const size_t *degree, size_t n,
                                 size_t **start_out, size_t **nb_out)
{
    size_t *start = NULL, *fill = NULL, *nb = NULL, i, k;
    rg_status st = RG_OK;
    if (!(start = rg_i_malloc_array(n + 1, sizeof *start)) ||
        !(fill = rg_i_malloc_array(n + 1, sizeof *fill)) ||
        !(nb = rg_i_malloc_array(2 * m + 1, sizeof *nb))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    start[0] = 0;
    for (i = 0; i < n; i++)
        start[i + 1] = start[i] + degree[i];
    memcpy(fill, start, (n + 1) * sizeof *fill);
    for (k = 0; k < m; k++) {
        nb[fill[keys[k].a]++] = keys[k].b;
        nb[fill[keys[k].b]++] = keys[k].a;
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

/* --- near misses -------------------------------------------------------------------------- */

static int compare_near_dist(const void *x, const void *y)
{
    const near_rec *p = x, *q = y;
    if (p->d != q->d)
        return p->d < q->d ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : (p->b > q->b);
}

/* Scratch of the near-miss search, per region of the layer. */
typedef struct near_scratch {
    size_t *close;  /* close[x] == r: x is r or a neighbour of r */
    size_t *seen;   /* seen[x] == r: x is a candidate of r, at cand[slot[x]] */
    size_t *slot;
    near_rec *cand;
    size_t ncand, cand_cap;
} near_scratch;

/* slot[] values besides candidate indices: a region met but not within `near` yet, and one
 * that shares a neighbour with r (never a near miss of r) */
#define SLOT_NONE_YET (SIZE_MAX - 1)
#define SLOT_SKIP SIZE_MAX

/* 1 when region b has a neighbour in common with r (marked in close[]). O(degree of b). */
static int common_neighbour(const near_scratch *sc, const size_t *nb_start, const size_t *nb,
                            size_t r, size_t b)
{
    size_t j;
    for (j = nb_start[b]; j < nb_start[b + 1]; j++)
        if (sc->close[nb[j]] == r)
            return 1;
    return 0;
}

/* The candidates of region r from its segments first .. end-1: the nearest point of every
 * higher region within `near` that is not a neighbour and has no neighbour in common with r
 * (decided once per region met, before any distance is computed: on a clean map most regions
 * met are those around r's neighbours). */
static rg_status near_candidates(rg_i_prox *px, near_scratch *sc, const size_t *nb_start,
                                 const size_t *nb, size_t r, size_t first, size_t end,
                                 double near)
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
            size_t cell = px->cells[c], e;
            for (e = px->grid.start[cell]; e < px->grid.start[cell + 1]; e++) {
                size_t t = px->grid.seg[e], rt = px->region[t];
                const double *q = px->xy + 2 * t;
                double w[8], u, v, d;
                near_rec *rec;
                if (rt <= r || px->stamp[t] == s || sc->close[rt] == r)
                    continue;
                px->stamp[t] = s;
                if (sc->seen[rt] != r) {
                    sc->seen[rt] = r;
                    sc->slot[rt] = common_neighbour(sc, nb_start, nb, r, rt) ? SLOT_SKIP
                                                                              : SLOT_NONE_YET;
                }
                if (sc->slot[rt] == SLOT_SKIP)
                    continue;
                rg_i_prox_frame(px, s, t, w);
                if ((d = rg_i_seg_seg(w, w + 2, w + 4, w + 6, &u, &v)) > near)
                    continue;
                if (sc->slot[rt] == SLOT_NONE_YET) {
                    if (!rg_i_reserve((void **)&sc->cand, &sc->cand_cap, sc->ncand + 1,
                                      sizeof *sc->cand))
                        return RG_I_NOMEM();
                    sc->slot[rt] = sc->ncand++;
                    rec = &sc->cand[sc->slot[rt]];
                } else if (d < (rec = &sc->cand[sc->slot[rt]])->d) {
                    ;
                } else {
                    continue;
                }
                rec->a = r;
                rec->b = rt;
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

static rg_status find_near(rg_i_prox *px, rg_diagnostics *dg, const size_t *nb_start,
                           const size_t *nb, double near, size_t limit, rg_fraction_fn progress,
                           void *progress_data)
{
    near_scratch sc;
    kept k = {NULL, 0, 0, limit, 0, 1.0};
    size_t n = px->nregions, r, i, j;
    rg_status st = RG_OK;
    memset(&sc, 0, sizeof sc);
    if (!(sc.close = rg_i_malloc_array(n ? n : 1, sizeof *sc.close)) ||
        !(sc.seen = rg_i_malloc_array(n ? n : 1, sizeof *sc.seen)) ||
        !(sc.slot = rg_i_malloc_array(n ? n : 1, sizeof *sc.slot))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (r = 0; r < n; r++)
        sc.close[r] = sc.seen[r] = RG_I_NONE;
    for (r = 0; r < n; r++) {
        size_t first, end;
        if (progress && (r & 0x3FFF) == 0)
            progress(0.8 * (double)r / (double)n, progress_data);
        rg_i_prox_region_points(px, r, &first, &end);
        if (first == end)
            continue;
        sc.close[r] = r;
        for (j = nb_start[r]; j < nb_start[r + 1]; j++)
            sc.close[nb[j]] = r;
        sc.ncand = 0;
        if ((st = near_candidates(px, &sc, nb_start, nb, r, first, end, near)) != RG_OK)
            goto cleanup;
        for (i = 0; i < sc.ncand; i++)
            if ((st = keep(&k, &sc.cand[i])) != RG_OK)
                goto cleanup;
    }
    sort_items(k.v, k.n, sizeof *k.v, compare_near_dist);
    for (i = 0; i < k.n; i++)
        k.v[i].d *= px->km_per_work;
    dg->near = k.v;
    dg->nnear = k.n;
    dg->near_total = k.total;
    k.v = NULL;
cleanup:
    free(k.v);
    free(sc.close);
    free(sc.seen);
    free(sc.slot);
    free(sc.cand);
    return st;
}

/* --- overlaps ----------------------------------------------------------------------------- */

/* Distance from point (x, y) to the boundary of region r, searched outward from the point's cell
 * ring by ring; gives up (returning a value <= enough) as soon as one within `enough` is found. */
static double depth_in(const rg_i_prox *px, double x, double y, size_t r, double enough)
{
    size_t cx = rg_i_grid_col(&px->grid, x), cy = rg_i_grid_row(&px->grid, y), level;
    double best = HUGE_VAL;
    for (level = 0;; level++) {
        size_t i0 = cx > level ? cx - level : 0, j0 = cy > level ? cy - level : 0;
        size_t i1 = MIND(cx + level, px->grid.nx - 1), j1 = MIND(cy + level, px->grid.ny - 1), i, j;
        for (j = j0; j <= j1; j++) {
            for (i = i0; i <= i1; i++) {
                size_t cell = j * px->grid.nx + i, e;
                /* only the ring's cells: the inner ones were searched at lower levels */
                if (level > 0 && i + level != cx && i != cx + level && j + level != cy &&
                    j != cy + level)
                    continue;
                for (e = px->grid.start[cell]; e < px->grid.start[cell + 1]; e++) {
                    size_t t = px->grid.seg[e];
                    double w[6], u, d;
                    if (px->region[t] != r)
                        continue;
                    rg_i_prox_frame_point(px, x, y, t, w);
                    if ((d = rg_i_point_seg(w, w + 2, w + 4, &u)) < best)
                        best = d;
                }
            }
            if (best <= enough)
                return best;
        }
        if (best <= (double)level * px->grid.h * px->wmin ||
            (i0 == 0 && j0 == 0 && i1 == px->grid.nx - 1 && j1 == px->grid.ny - 1))
            return best;
    }
}

typedef struct parity {
    size_t region;
    unsigned odd;
} parity;

static int compare_overlap_pair(const void *x, const void *y)
{
    const overlap_rec *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->d > q->d ? -1 : (p->d < q->d); /* deepest first */
}

static int compare_overlap_depth(const void *x, const void *y)
{
    const overlap_rec *p = x, *q = y;
    if (p->d != q->d)
        return p->d > q->d ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : (p->b > q->b);
}

/* Toggles region r in the parity list par[0 .. *n-1] (the regions crossed an odd number of
 * times). */
static rg_status toggle(parity **par, size_t *cap, size_t *n, size_t r)
{
    size_t i;
    for (i = 0; i < *n && (*par)[i].region != r; i++)
        ;
    if (i == *n) {
        if (!rg_i_reserve((void **)par, cap, *n + 1, sizeof **par))
            return RG_I_NOMEM();
        (*par)[*n].region = r;
        (*par)[*n].odd = 0;
        (*n)++;
    }
    (*par)[i].odd ^= 1;
    return RG_OK;
}

typedef struct crossing {
    double x;
    size_t region;
} crossing;

static int compare_crossings(const void *x, const void *y)
{
    const crossing *a = x, *b = y;
    return a->x < b->x ? -1 : (a->x > b->x);
}

/* The regions containing each cell's lower left corner: one sweep along each row's lower edge,
 * from the grid's left end (outside every region), toggling a region at each crossing of its
 * boundary (half-open rule: an end exactly on the line counts as below). The regions of cell c
 * are reg[start[c] .. start[c+1]-1]. O(cells + crossings log crossings). */
static rg_status corner_sets(const rg_i_prox *px, size_t **start_out, size_t **reg_out)
{
    size_t ncells = px->grid.nx * px->grid.ny, *start = NULL, *reg = NULL, nreg = 0, reg_cap = 0;
    size_t i, j, e, ncr, cr_cap = 0, npar = 0, par_cap = 0;
    crossing *cr = NULL;
    parity *par = NULL;
    rg_status st = RG_OK;
    if (!(start = rg_i_malloc_array(ncells + 1, sizeof *start))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (j = 0; j < px->grid.ny; j++) {
        double y = px->grid.y0 + (double)j * px->grid.h;
        size_t next = 0;
        ncr = 0;
        npar = 0;
        for (i = 0; i < px->grid.nx; i++) {
            size_t cell = j * px->grid.nx + i;
            for (e = px->grid.start[cell]; e < px->grid.start[cell + 1]; e++) {
                const double *p = px->xy + 2 * px->grid.seg[e];
                double xc;
                if ((p[1] > y) == (p[3] > y))
                    continue;
                xc = p[0] + (y - p[1]) * (p[2] - p[0]) / (p[3] - p[1]);
                if (rg_i_grid_col(&px->grid, xc) != i)
                    continue; /* counted in the cell where it crosses */
                if (!rg_i_reserve((void **)&cr, &cr_cap, ncr + 1, sizeof *cr)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                cr[ncr].x = xc;
                cr[ncr].region = px->region[px->grid.seg[e]];
                ncr++;
            }
        }
        sort_items(cr, ncr, sizeof *cr, compare_crossings);
        for (i = 0; i < px->grid.nx; i++) {
            double x = px->grid.x0 + (double)i * px->grid.h;
            size_t k;
            for (; next < ncr && cr[next].x < x; next++)
                if ((st = toggle(&par, &par_cap, &npar, cr[next].region)) != RG_OK)
                    goto cleanup;
            start[j * px->grid.nx + i] = nreg;
            for (k = 0; k < npar; k++) {
                if (!par[k].odd)
                    continue;
                if (!rg_i_reserve((void **)&reg, &reg_cap, nreg + 1, sizeof *reg)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                reg[nreg++] = par[k].region;
            }
        }
    }
    start[ncells] = nreg;
    *start_out = start;
    *reg_out = reg;
    start = reg = NULL;
cleanup:
    free(start);
    free(reg);
    free(cr);
    free(par);
    return st;
}

static double orient(const double *a, const double *b, const double *c)
{
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/* Moves region a's overlaps (its deepest point with each other region) into k. */
static rg_status flush_overlaps(kept *k, near_scratch *sc)
{
    size_t i;
    rg_status st = RG_OK;
    for (i = 0; i < sc->ncand && st == RG_OK; i++)
        st = keep(k, &sc->cand[i]);
    sc->ncand = 0;
    return st;
}

static rg_status find_overlaps(rg_i_prox *px, rg_diagnostics *dg, double snap, size_t limit,
                               rg_fraction_fn progress, void *progress_data)
{
    parity *par = NULL;
    size_t par_cap = 0, k, i, *cstart = NULL, *creg = NULL, n = px->nregions;
    size_t current = RG_I_NONE;
    double enough = MAXD(snap, ON_BOUNDARY);
    kept kp = {NULL, 0, 0, limit, 0, -1.0};
    near_scratch sc;
    rg_status st;
    memset(&sc, 0, sizeof sc);
    if (!(sc.seen = rg_i_malloc_array(n ? n : 1, sizeof *sc.seen)) ||
        !(sc.slot = rg_i_malloc_array(n ? n : 1, sizeof *sc.slot))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        sc.seen[i] = RG_I_NONE;
    if ((st = corner_sets(px, &cstart, &creg)) != RG_OK)
        goto cleanup;
    for (k = 0; k < px->npts; k++) {
        size_t a = px->region[k], col, row, cell, npar = 0, e;
        const double *v = px->xy + 2 * k;
        double vx = v[0], vy = v[1], c[2];
        if (a == RG_I_NONE)
            continue;
        if (progress && (k & 0xFFFF) == 0)
            progress(0.8 + 0.15 * (double)k / (double)px->npts, progress_data);
        /* a region's points are consecutive: its overlaps are complete when the next begins */
        if (a != current && (st = flush_overlaps(&kp, &sc)) != RG_OK)
            goto cleanup;
        current = a;
        /* the regions containing the cell's corner, then the crossings of the path from the
         * corner to v (inside the cell, so only the cell's segments can cross it) */
        col = rg_i_grid_col(&px->grid, vx);
        row = rg_i_grid_row(&px->grid, vy);
        cell = row * px->grid.nx + col;
        c[0] = px->grid.x0 + (double)col * px->grid.h;
        c[1] = px->grid.y0 + (double)row * px->grid.h;
        for (e = cstart[cell]; e < cstart[cell + 1]; e++)
            if ((st = toggle(&par, &par_cap, &npar, creg[e])) != RG_OK)
                goto cleanup;
        for (e = px->grid.start[cell]; e < px->grid.start[cell + 1]; e++) {
            size_t t = px->grid.seg[e], r = px->region[t];
            const double *p = px->xy + 2 * t;
            double d3, d4;
            if (r == a || (orient(c, v, p) > 0) == (orient(c, v, p + 2) > 0))
                continue;
            d3 = orient(p, p + 2, c);
            d4 = orient(p, p + 2, v);
            if (!((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
                continue; /* no crossing, or v on the boundary (depth 0: no overlap there) */
            if ((st = toggle(&par, &par_cap, &npar, r)) != RG_OK)
                goto cleanup;
        }
        for (i = 0; i < npar; i++) {
            size_t b = par[i].region;
            double d;
            near_rec *rec;
            if (!par[i].odd || (d = depth_in(px, vx, vy, b, enough)) <= enough)
                continue;
            if (sc.seen[b] != a) {
                if (!rg_i_reserve((void **)&sc.cand, &sc.cand_cap, sc.ncand + 1,
                                  sizeof *sc.cand)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                sc.seen[b] = a;
                sc.slot[b] = sc.ncand++;
                rec = &sc.cand[sc.slot[b]];
            } else if (d > (rec = &sc.cand[sc.slot[b]])->d) {
                ;
            } else {
                continue;
            }
            rec->a = MIND(a, b);
            rec->b = MAXD(a, b);
            rec->d = d;
            rec->xy[0] = vx;
            rec->xy[1] = vy;
            rec->xy[2] = rec->xy[3] = 0;
        }
    }
    if ((st = flush_overlaps(&kp, &sc)) != RG_OK)
        goto cleanup;
    /* a pair overlapping both ways (a vertex of each inside the other) came twice: the deepest */
    sort_items(kp.v, kp.n, sizeof *kp.v, compare_overlap_pair);
    for (i = k = 0; i < kp.n; i++)
        if (k == 0 || kp.v[i].a != kp.v[k - 1].a || kp.v[i].b != kp.v[k - 1].b)
            kp.v[k++] = kp.v[i];
    kp.total -= kp.n - k;
    kp.n = k;
    sort_items(kp.v, kp.n, sizeof *kp.v, compare_overlap_depth);
    for (i = 0; i < kp.n; i++)
        kp.v[i].d *= px->km_per_work;
    dg->over = kp.v;
    dg->nover = kp.n;
    dg->over_total = kp.total;
    kp.v = NULL;
cleanup:
    free(par);
    free(cstart);
    free(creg);
    free(kp.v);
    free(sc.seen);
    free(sc.slot);
    free(sc.cand);
    return st;
}

/* --- isolated regions --------------------------------------------------------------------- */

static rg_status find_isolated(rg_i_prox *px, rg_diagnostics *dg, const size_t *degree)
{
    size_t i, k;
    for (k = 0; k < px->npts; k++)
        px->stamp[k] = RG_I_NONE;
    for (i = 0; i < px->nregions; i++) {
        rg_i_near nb;
        size_t found;
        isolated_rec *rec;
        rg_status st;
        if (degree[i] || region_empty(px->regions, i))
            continue;
        if ((st = rg_i_prox_nearest(px, i, 1, &nb, &found)) != RG_OK)
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

rg_status rg_i_contiguity_diagnose(const rg_regions *regions, const rg_adjacency *adjacency,
                                   double snap, double near, rg_fraction_fn progress,
                                   void *progress_data, rg_diagnostics **out)
{
    rg_diagnostics *dg = NULL;
    rg_i_prox px;
    pair_key *keys = NULL;
    size_t *degree = NULL, *nb_start = NULL, *nb = NULL, limit;
    rg_status st;
    memset(&px, 0, sizeof px);
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
    if ((st = adjacency_keys(regions, adjacency, &keys, &degree)) != RG_OK ||
        (st = neighbour_lists(keys, rg_adjacency_count(adjacency), degree,
                              rg_regions_count(regions), &nb_start, &nb)) != RG_OK ||
        (st = rg_i_prox_build(&px, regions, MAXD(near, snap))) != RG_OK ||
        (st = find_near(&px, dg, nb_start, nb, near, limit, progress, progress_data)) != RG_OK ||
        (st = find_overlaps(&px, dg, snap, limit, progress, progress_data)) != RG_OK ||
        (st = find_isolated(&px, dg, degree)) != RG_OK)
        goto cleanup;
    if (progress)
        progress(1.0, progress_data);
    *out = dg;
    dg = NULL;
cleanup:
    rg_diagnostics_free(dg);
    rg_i_prox_free(&px);
    free(keys);
    free(degree);
    free(nb_start);
    free(nb);
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
    const near_rec *r = &d->near[k];
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
    const overlap_rec *r = &d->over[k];
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
    sort_items(links, nlinks, sizeof *links, compare_links);
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
