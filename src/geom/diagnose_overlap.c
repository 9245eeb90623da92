/* Overlaps of the contiguity diagnostics: the regions that contain each vertex of another region
 * and how deep (see diagnose.c for the other searches).
 *
 * A sweep along each row of cells finds the regions that contain each cell's corner; the regions
 * containing a vertex v are those of its cell's corner, toggled by the boundaries that cross the
 * path from the corner to v (inside the cell, so only the cell's segments are tested). The depth
 * is then v's distance to that region's boundary, searched outward from v's cell; the search
 * stops as soon as the depth is known to be within the tolerance (the common case of a vertex on
 * a shared boundary). A cell's entries are in segment order, so v's own region, and the region
 * whose depth is asked, are each one run of a cell's entries, found by binary search: a ring with
 * very many vertices in a few cells costs O(V log V), not O(V^2). Expected time O(V log V). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/diagnose_find_internal.h"

#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))

/* A vertex this close to a boundary (working units: a micrometre, or a millionth of a CRS unit)
 * is on it: the rounding of a vertex placed on another region's edge is far smaller. */
#define ON_BOUNDARY 1e-6


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
                size_t cell = j * px->grid.nx + i, e, e1 = px->start32[cell + 1];
                /* only the ring's cells: the inner ones were searched at lower levels */
                if (level > 0 && i + level != cx && i != cx + level && j + level != cy &&
                    j != cy + level)
                    continue;
                /* r's entries: one run of the cell (its entries are in segment order) */
                e = rg_i_cell_seek(px->seg32, px->start32[cell], e1, px->rstart[r]);
                e1 = rg_i_cell_seek(px->seg32, e, e1, px->rstart[r + 1]);
                for (; e < e1; e++) {
                    size_t t = px->seg32[e];
                    double w[6], u, d;
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
    const rg_i_overlap_rec *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->d > q->d ? -1 : (p->d < q->d); /* deepest first */
}

static int compare_overlap_depth(const void *x, const void *y)
{
    const rg_i_overlap_rec *p = x, *q = y;
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
 * are reg[start[c] .. start[c+1]-1], start in 32 bits (half the memory: there is one per
 * cell). O(cells + crossings log crossings). */
static rg_status corner_sets(const rg_i_prox *px, uint32_t **start_out, size_t **reg_out)
{
    size_t ncells = px->grid.nx * px->grid.ny, *reg = NULL, nreg = 0, reg_cap = 0;
    uint32_t *start = NULL;
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
            for (e = px->start32[cell]; e < px->start32[cell + 1]; e++) {
                const double *p = px->xy + 2 * px->seg32[e];
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
                cr[ncr].region = px->region[px->seg32[e]];
                ncr++;
            }
        }
        rg_i_diag_sort(cr, ncr, sizeof *cr, compare_crossings);
        for (i = 0; i < px->grid.nx; i++) {
            double x = px->grid.x0 + (double)i * px->grid.h;
            size_t k, l;
            for (; next < ncr && cr[next].x < x; next++)
                if ((st = toggle(&par, &par_cap, &npar, cr[next].region)) != RG_OK)
                    goto cleanup;
            start[j * px->grid.nx + i] = (uint32_t)nreg;
            /* the list keeps only the regions crossed an odd number of times (in the order
             * first crossed): kept whole, it grew with every region of the row and each cell
             * and each toggle went through all of them */
            for (k = l = 0; k < npar; k++) {
                if (!par[k].odd)
                    continue;
                if (nreg >= UINT32_MAX - 1) {
                    st = rg_i_error(RG_ERR_DATA, "diagnostics: more than %lu regions around the "
                                    "corners of the overlap search's cells (build with "
                                    "--no-diagnostics)", (unsigned long)UINT32_MAX - 2);
                    goto cleanup;
                }
                if (!rg_i_reserve((void **)&reg, &reg_cap, nreg + 1, sizeof *reg)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                reg[nreg++] = par[k].region;
                par[l++] = par[k];
            }
            npar = l;
        }
    }
    start[ncells] = (uint32_t)nreg;
    *start_out = start;
    *reg_out = reg;
    start = NULL;
    reg = NULL;
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

/* Adds region r to the list of regions with a vertex at the vertex searched (once). */
static rg_status add_touch(size_t **touch, size_t *cap, size_t *n, size_t r)
{
    if (*n > 0 && (*touch)[*n - 1] == r)
        return RG_OK;
    if (!rg_i_reserve((void **)touch, cap, *n + 1, sizeof **touch))
        return RG_I_NOMEM();
    (*touch)[(*n)++] = r;
    return RG_OK;
}

static int touches(const size_t *touch, size_t n, size_t r)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (touch[i] == r)
            return 1;
    return 0;
}

/* Moves region a's overlaps (its deepest point with each other region) into k. */
static rg_status flush_overlaps(rg_i_kept *k, rg_i_near_scratch *sc)
{
    size_t i;
    rg_status st = RG_OK;
    for (i = 0; i < sc->ncand && st == RG_OK; i++)
        st = rg_i_diag_keep(k, &sc->cand[i]);
    sc->ncand = 0;
    return st;
}

/* The points of each cell already searched and found in no other region deeper than the
 * tolerance (point numbers, a list per cell). A vertex of a clean map is shared by the two or
 * three regions that meet there, and what the search finds at a point does not depend on which
 * of them it is searched for: the regions containing it, other than the one searched for and
 * those with a vertex there (depth 0), are the same, and so are their depths (the distance from
 * the point to their boundary). The later copies of a clean point are thus skipped: on a clean
 * map two thirds of the vertices. Points where something was recorded are searched each time,
 * as before. */
typedef struct clean_points {
    uint32_t *head; /* per cell: its first clean point's node, or UINT32_MAX */
    uint32_t *pt;   /* per node: the point */
    uint32_t *next; /* per node: the cell's next node */
    size_t n;
} clean_points;

/* A point is sought among the last CLEAN_LOOK clean points of its cell: a clean map has a few
 * points to a cell, and a cell with very many (a ring with thousands of vertices in it) then
 * costs O(1) per vertex, not O(its points), the copies of a point missed there being searched
 * again. */
#define CLEAN_LOOK 16

/* 1 when the point at v was searched in cell and found clean. */
static int clean_seen(const clean_points *cp, const double *xy, size_t cell, const double *v)
{
    uint32_t q;
    int look = 0;
    for (q = cp->head[cell]; q != UINT32_MAX && look < CLEAN_LOOK; q = cp->next[q], look++) {
        const double *w = xy + 2 * (size_t)cp->pt[q];
        if (w[0] == v[0] && w[1] == v[1])
            return 1;
    }
    return 0;
}

static void clean_add(clean_points *cp, size_t cell, size_t k)
{
    cp->pt[cp->n] = (uint32_t)k;
    cp->next[cp->n] = cp->head[cell];
    cp->head[cell] = (uint32_t)cp->n++;
}

rg_status rg_i_diag_overlaps(const rg_i_prox *px, double snap, size_t limit,
                             rg_fraction_fn progress, void *progress_data, rg_i_kept *out)
{
    clean_points cp = {NULL, NULL, NULL, 0};
    size_t ncells = px->grid.nx * px->grid.ny;
    parity *par = NULL;
    size_t *touch = NULL, touch_cap = 0; /* the regions with a vertex at v */
    size_t par_cap = 0, k, i, oi, *creg = NULL, n = px->nregions;
    uint32_t *cstart = NULL;
    double enough = MAXD(snap, ON_BOUNDARY);
    rg_i_kept kp = {NULL, 0, 0, limit, 0, -1.0};
    rg_i_near_scratch sc;
    rg_status st;
    memset(&sc, 0, sizeof sc);
    if (!(sc.seen = rg_i_malloc_array(n ? n : 1, sizeof *sc.seen)) ||
        !(sc.slot = rg_i_malloc_array(n ? n : 1, sizeof *sc.slot))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        sc.seen[i] = RG_I_NONE;
    /* without the list (numbers beyond 32 bits) every vertex is searched */
    if (px->npts < UINT32_MAX && ncells < UINT32_MAX) {
        if (!(cp.head = rg_i_malloc_array(ncells + 1, sizeof *cp.head)) ||
            !(cp.pt = rg_i_malloc_array(px->npts + 1, sizeof *cp.pt)) ||
            !(cp.next = rg_i_malloc_array(px->npts + 1, sizeof *cp.next))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        memset(cp.head, 0xFF, (ncells + 1) * sizeof *cp.head);
    }
    if ((st = corner_sets(px, &cstart, &creg)) != RG_OK)
        goto cleanup;
    for (oi = 0; oi < n; oi++) {
        /* a region's points are consecutive: its overlaps are complete when the next begins */
        if ((st = flush_overlaps(&kp, &sc)) != RG_OK)
            goto cleanup;
        if (progress && (oi & 0x3FFF) == 0)
            progress(0.8 + 0.15 * (double)oi / (double)(n ? n : 1), progress_data);
        size_t own_cell = RG_I_NONE, own0 = 0, own1 = 0; /* a's run in its last cell */
        for (k = px->rstart[oi]; k < px->rstart[oi + 1]; k++) {
            size_t a = px->region[k], col, row, cell, npar = 0, ntouch = 0, e, last = RG_I_NONE;
            double last_side = 0;
            const double *v = px->xy + 2 * k;
            double vx = v[0], vy = v[1], c[2];
            int clean = 1;
            if (a == RG_I_NONE)
                continue;
            /* the regions containing the cell's corner, then the crossings of the path from the
             * corner to v (inside the cell, so only the cell's segments can cross it) */
            col = rg_i_grid_col(&px->grid, vx);
            row = rg_i_grid_row(&px->grid, vy);
            cell = row * px->grid.nx + col;
            if (cp.head && clean_seen(&cp, px->xy, cell, v))
                continue;
            c[0] = px->grid.x0 + (double)col * px->grid.h;
            c[1] = px->grid.y0 + (double)row * px->grid.h;
            for (e = cstart[cell]; e < cstart[cell + 1]; e++)
                if ((st = toggle(&par, &par_cap, &npar, creg[e])) != RG_OK)
                    goto cleanup;
            /* the cell's entries but a's own (one run: the entries are in segment order; a's
             * vertices come a few to a cell) */
            if (cell != own_cell) {
                own_cell = cell;
                own0 = rg_i_cell_seek(px->seg32, px->start32[cell],
                                      px->start32[cell + 1], px->rstart[a]);
                own1 = rg_i_cell_seek(px->seg32, own0, px->start32[cell + 1],
                                      px->rstart[a + 1]);
            }
            for (e = px->start32[cell]; e < px->start32[cell + 1]; e++) {
                size_t t, r;
                const double *p;
                double d3, d4, side0, side1;
                if (e == own0)
                    e = own1;
                if (e >= px->start32[cell + 1])
                    break;
                t = px->seg32[e];
                r = px->region[t];
                p = px->xy + 2 * t;
                /* the side of p's first point is that of the last one of the segment before it,
                 * when that one was the entry before (a ring's segments are runs of a cell) */
                if (last != RG_I_NONE && t == last + 1) {
                    side0 = last_side;
                } else {
                    side0 = orient(c, v, p);
                    if (side0 == 0 && p[0] == vx && p[1] == vy &&
                        (st = add_touch(&touch, &touch_cap, &ntouch, r)) != RG_OK)
                        goto cleanup;
                }
                side1 = orient(c, v, p + 2);
                if (side1 == 0 && p[2] == vx && p[3] == vy &&
                    (st = add_touch(&touch, &touch_cap, &ntouch, r)) != RG_OK)
                    goto cleanup;
                last = t;
                last_side = side1;
                if ((side0 > 0) == (side1 > 0))
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
                rg_i_near_rec *rec;
                /* a vertex is on its own boundary: no depth in its own region, nor in one with a
                 * vertex at v (depth 0: depth_in() would say so) */
                if (!par[i].odd || b == a || touches(touch, ntouch, b) ||
                    (d = depth_in(px, vx, vy, b, enough)) <= enough)
                    continue;
                clean = 0;
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
                rec->a = MIND(rg_i_prox_orig(px, a), rg_i_prox_orig(px, b));
                rec->b = MAXD(rg_i_prox_orig(px, a), rg_i_prox_orig(px, b));
                rec->d = d;
                rec->xy[0] = vx;
                rec->xy[1] = vy;
                rec->xy[2] = rec->xy[3] = 0;
            }
            if (clean && cp.head)
                clean_add(&cp, cell, k);
        }
    }
    if ((st = flush_overlaps(&kp, &sc)) != RG_OK)
        goto cleanup;
    /* a pair overlapping both ways (a vertex of each inside the other) came twice: the deepest */
    rg_i_diag_sort(kp.v, kp.n, sizeof *kp.v, compare_overlap_pair);
    for (i = k = 0; i < kp.n; i++)
        if (k == 0 || kp.v[i].a != kp.v[k - 1].a || kp.v[i].b != kp.v[k - 1].b)
            kp.v[k++] = kp.v[i];
    kp.total -= kp.n - k;
    kp.n = k;
    rg_i_diag_sort(kp.v, kp.n, sizeof *kp.v, compare_overlap_depth);
    for (i = 0; i < kp.n; i++)
        kp.v[i].d *= px->km_per_work;
    *out = kp;
    kp.v = NULL;
cleanup:
    free(par);
    free(touch);
    free(cstart);
    free(creg);
    free(kp.v);
    free(sc.seen);
    free(sc.slot);
    free(sc.cand);
    free(cp.head);
    free(cp.pt);
    free(cp.next);
    return st;
}
