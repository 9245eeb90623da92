/* Proximity between region boundaries: the segment grid set up for a reach, the working frame
 * and the nearest-region search shared by tolerant contiguity and the diagnostics (see
 * proximity_internal.h).
 *
 * Every segment enters the grid's cells along its path grown by (padx, pady) (grid.c). With a
 * margin of half the reach on each side, two segments within the reach of each other both enter
 * the cell of the midpoint of their closest points. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/proximity_internal.h"

#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))

/* WGS84 */
#define WGS84_A 6378137.0
#define WGS84_E2 (0.0066943799901413165) /* f (2 - f) with f = 1 / 298.257223563 */
#define DEG (3.14159265358979323846 / 180.0)
/* The scale of longitudes is taken no smaller than at this latitude: nearer the poles a metre is
 * so many degrees of longitude that the grid would degenerate. Boundaries within 0.5 degrees of
 * a pole are thus compared a little short of the tolerance in the east-west direction. */
#define MAX_SCALE_LAT 89.5

/* Metres per degree of longitude (*sx) and of latitude (*sy) at latitude lat (degrees). */
static void geo_scale(double lat, double *sx, double *sy)
{
    double phi = lat * DEG, s = sin(phi), w = sqrt(1.0 - WGS84_E2 * s * s);
    double n = WGS84_A / w, m = WGS84_A * (1.0 - WGS84_E2) / (w * w * w);
    *sx = n * cos(phi) * DEG;
    *sy = m * DEG;
}

void rg_i_geo_scale(double lat, double *sx, double *sy)
{
    geo_scale(lat, sx, sy);
}

size_t rg_i_prox_cells(rg_i_prox *px, size_t k)
{
    const double *p = px->xy + 2 * k;
    return rg_i_grid_cells(&px->grid, p[0], p[1], p[2], p[3], &px->cells, &px->cells_cap);
}

void rg_i_prox_free(rg_i_prox *px)
{
    free(px->region);
    free(px->next_seg);
    free(px->rstart);
    free(px->orig);
    free(px->own_xy);
    free(px->start32);
    free(px->seg32);
    rg_i_grid_release(&px->grid);
    free(px->stamp);
    free(px->cells);
    memset(px, 0, sizeof *px);
}

/* The survey's max_lat and mean_extent, measured as rg_i_grid_survey() does with next_seg (the
 * same sums in the same order, so the same grid), for a survey made without it. O(V). */
static void measure_extent(const rg_i_prox *px, rg_i_survey *sv)
{
    double total = 0, lat = 0;
    size_t k;
    for (k = px->rstart[0]; k < px->rstart[px->nregions]; k++) {
        const double *p = px->xy + 2 * k;
        lat = MAXD(lat, fabs(p[1]));
        if (px->region[k] != RG_I_NONE)
            total += MAXD(fabs(p[2] - p[0]), fabs(p[3] - p[1]));
    }
    sv->max_lat = lat;
    sv->mean_extent = sv->nseg ? total / (double)sv->nseg : 0;
}

rg_status rg_i_prox_prepare(rg_i_prox *px, const rg_regions *regions, double reach,
                            int next_seg)
{
    rg_i_survey sv;
    double sxmin = 1, symin = 1, padx, pady;
    size_t k;
    rg_status st = RG_OK;
    memset(px, 0, sizeof *px);
    px->regions = regions;
    px->xy = rg_regions_xy(regions);
    px->npts = rg_regions_point_count(regions);
    px->nregions = rg_regions_count(regions);
    px->geographic = rg_regions_crs_is_geographic(regions) != 0;
    px->km_per_work = px->geographic ? 0.001 : rg_regions_crs_unit_metres(regions) / 1000.0;
    if (!(px->region = rg_i_malloc_array(px->npts, sizeof *px->region)) ||
        (next_seg && !(px->next_seg = rg_i_malloc_array(px->npts, sizeof *px->next_seg))) ||
        (next_seg && !(px->stamp = rg_i_malloc_array(px->npts, sizeof *px->stamp))) ||
        !(px->rstart = rg_i_malloc_array(px->nregions + 1, sizeof *px->rstart))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    {
        const size_t *poly_start = rg_regions_poly_start(regions);
        const size_t *ring_start = rg_regions_ring_start(regions);
        const size_t *pt_start = rg_regions_pt_start(regions);
        for (k = 0; k <= px->nregions; k++)
            px->rstart[k] = pt_start[ring_start[poly_start[k]]];
    }
    for (k = 0; px->stamp && k < px->npts; k++)
        px->stamp[k] = RG_I_NONE;
    if ((st = rg_i_grid_survey(regions, px->region, px->next_seg, &sv)) != RG_OK)
        goto cleanup;
    if (!next_seg)
        measure_extent(px, &sv);
    if (sv.nseg == 0)
        sv.box[0] = sv.box[1] = sv.box[2] = sv.box[3] = 0;
    if (px->geographic) {
        double unused;
        geo_scale(MIND(sv.max_lat, MAX_SCALE_LAT), &sxmin, &unused);
        geo_scale(0.0, &unused, &symin); /* M is smallest at the equator */
    }
    px->wmin = MIND(sxmin, symin);
    /* half the reach on each side, with a margin for the rounding of the cell arithmetic */
    padx = 0.5 * reach / sxmin * (1 + 1e-9) + 64 * DBL_EPSILON * sv.max_abs;
    pady = 0.5 * reach / symin * (1 + 1e-9) + 64 * DBL_EPSILON * sv.max_abs;
    /* cells at least the reach wide, so that a search never needs more than the next cells */
    rg_i_grid_layout(&px->grid, sv.box, padx, pady, sv.nseg, sv.mean_extent,
                     2 * MAXD(padx, pady));
    px->grid.padx = padx;
    px->grid.pady = pady;
cleanup:
    return st;
}

rg_status rg_i_prox_stamps(rg_i_prox *px)
{
    size_t k;
    if (px->stamp)
        return RG_OK;
    if (!(px->stamp = rg_i_malloc_array(px->npts, sizeof *px->stamp)))
        return RG_I_NOMEM();
    for (k = 0; k < px->npts; k++)
        px->stamp[k] = RG_I_NONE;
    return RG_OK;
}

rg_status rg_i_prox_build(rg_i_prox *px, const rg_regions *regions, double reach)
{
    rg_status st = rg_i_prox_prepare(px, regions, reach, 1);
    if (st == RG_OK)
        st = rg_i_grid_index(&px->grid, px->xy, 2 * sizeof *px->xy, px->npts, px->region);
    return st;
}

void rg_i_prox_frame_geo(const rg_i_prox *px, size_t s, size_t t, double w[8])
{
    const double *p = px->xy + 2 * s, *q = px->xy + 2 * t;
    double ox = p[0], oy = p[1], sx, sy;
    geo_scale(0.25 * (p[1] + p[3] + q[1] + q[3]), &sx, &sy);
    w[0] = 0;
    w[1] = 0;
    w[2] = (p[2] - ox) * sx;
    w[3] = (p[3] - oy) * sy;
    w[4] = (q[0] - ox) * sx;
    w[5] = (q[1] - oy) * sy;
    w[6] = (q[2] - ox) * sx;
    w[7] = (q[3] - oy) * sy;
}

void rg_i_prox_frame_point(const rg_i_prox *px, double x, double y, size_t t, double w[6])
{
    const double *q = px->xy + 2 * t;
    double sx = 1, sy = 1;
    if (px->geographic)
        geo_scale((y + 0.5 * (q[1] + q[3])) * 0.5, &sx, &sy);
    w[0] = 0;
    w[1] = 0;
    w[2] = (q[0] - x) * sx;
    w[3] = (q[1] - y) * sy;
    w[4] = (q[2] - x) * sx;
    w[5] = (q[3] - y) * sy;
}

double rg_i_prox_seg_length(const rg_i_prox *px, size_t k)
{
    const double *p = px->xy + 2 * k;
    double sx = 1, sy = 1;
    if (px->geographic)
        geo_scale(0.5 * (p[1] + p[3]), &sx, &sy);
    return hypot((p[2] - p[0]) * sx, (p[3] - p[1]) * sy);
}

void rg_i_prox_region_points(const rg_i_prox *px, size_t i, size_t *first, size_t *end)
{
    *first = px->rstart[i];
    *end = px->rstart[i + 1];
}

static int compare_near(const void *x, const void *y)
{
    const rg_i_near *a = x, *b = y;
    if (a->d != b->d)
        return a->d < b->d ? -1 : 1;
    return a->region < b->region ? -1 : (a->region > b->region);
}

/* A lower bound, in working units, of the distance between the boxes [x0, x1] x [y0, y1] and
 * [u0, u1] x [v0, v1] (layer units). */
static double box_gap(const rg_i_prox *px, double x0, double y0, double x1, double y1, double u0,
                      double v0, double u1, double v1)
{
    double gx = MAXD(0.0, MAXD(u0 - x1, x0 - u1)), gy = MAXD(0.0, MAXD(v0 - y1, y0 - v1));
    return sqrt(gx * gx + gy * gy) * px->wmin;
}

/* Distance from segment t to the boundary of the region whose segments start at points
 * first .. end-1, with the closest points (xy[0..1] on that region, xy[2..3] on t), if it is
 * below limit (else limit is returned and xy left alone); segments whose box is farther than
 * the best so far are skipped. */
static double segment_to_region(const rg_i_prox *px, size_t t, size_t first, size_t end,
                                double limit, double xy[4])
{
    const double *q = px->xy + 2 * t;
    double best = limit, qx0 = MIND(q[0], q[2]), qx1 = MAXD(q[0], q[2]);
    double qy0 = MIND(q[1], q[3]), qy1 = MAXD(q[1], q[3]);
    size_t s;
    for (s = first; s < end; s++) {
        const double *p = px->xy + 2 * s;
        double w[8], u, v, d;
        if (px->region[s] == RG_I_NONE ||
            box_gap(px, MIND(p[0], p[2]), MIND(p[1], p[3]), MAXD(p[0], p[2]), MAXD(p[1], p[3]),
                    qx0, qy0, qx1, qy1) > best)
            continue;
        rg_i_prox_frame(px, s, t, w);
        d = rg_i_seg_seg(w, w + 2, w + 4, w + 6, &u, &v);
        if (d < best) {
            best = d;
            xy[0] = p[0] + u * (p[2] - p[0]);
            xy[1] = p[1] + u * (p[3] - p[1]);
            xy[2] = q[0] + v * (q[2] - q[0]);
            xy[3] = q[1] + v * (q[3] - q[1]);
        }
    }
    return best;
}

typedef struct lb_seg {
    size_t t;
    double lb;
} lb_seg;

static int compare_lb(const void *x, const void *y)
{
    const lb_seg *a = x, *b = y;
    return a->lb < b->lb ? -1 : (a->lb > b->lb);
}

rg_status rg_i_prox_nearest(rg_i_prox *px, size_t a, size_t k, rg_i_near *out, size_t *count)
{
    rg_i_near *cand = NULL;
    lb_seg *ring = NULL;
    size_t ncand = 0, cand_cap = 0, ring_cap = 0, first, end, s, level, i;
    size_t ci0, ci1, cj0, cj1, pi0 = 1, pi1 = 0, pj0 = 1, pj1 = 0;
    double bx0 = HUGE_VAL, by0 = HUGE_VAL, bx1 = -HUGE_VAL, by1 = -HUGE_VAL;
    double kth = HUGE_VAL; /* the k-th smallest distance so far */
    rg_status st = RG_OK;
    *count = 0;
    rg_i_prox_region_points(px, a, &first, &end);
    if (first == end || k == 0 || px->grid.nx == 0)
        goto cleanup;
    for (s = first; s < end; s++) {
        bx0 = MIND(bx0, px->xy[2 * s]);
        by0 = MIND(by0, px->xy[2 * s + 1]);
        bx1 = MAXD(bx1, px->xy[2 * s]);
        by1 = MAXD(by1, px->xy[2 * s + 1]);
    }
    ci0 = rg_i_grid_col(&px->grid, bx0);
    ci1 = rg_i_grid_col(&px->grid, bx1);
    cj0 = rg_i_grid_row(&px->grid, by0);
    cj1 = rg_i_grid_row(&px->grid, by1);
    for (level = 0;; level++) {
        /* the rectangle of cells within `level` cells of a's bounding box, less the previous */
        size_t qi0 = ci0 > level ? ci0 - level : 0, qj0 = cj0 > level ? cj0 - level : 0;
        size_t qi1 = MIND(ci1 + level, px->grid.nx - 1), qj1 = MIND(cj1 + level, px->grid.ny - 1);
        size_t cx, cy, nring = 0;
        for (cy = qj0; cy <= qj1; cy++) {
            for (cx = qi0; cx <= qi1; cx++) {
                size_t cell = cy * px->grid.nx + cx, e;
                if (cx >= pi0 && cx <= pi1 && cy >= pj0 && cy <= pj1)
                    continue;
                for (e = rg_i_prox_first(px, cell); e < rg_i_prox_first(px, cell + 1); e++) {
                    size_t t = rg_i_prox_entry(px, e);
                    const double *q = px->xy + 2 * t;
                    if (px->region[t] == a || px->stamp[t] == a)
                        continue;
                    px->stamp[t] = a;
                    if (!rg_i_reserve((void **)&ring, &ring_cap, nring + 1, sizeof *ring)) {
                        st = RG_I_NOMEM();
                        goto cleanup;
                    }
                    ring[nring].t = t;
                    ring[nring].lb = box_gap(px, bx0, by0, bx1, by1, MIND(q[0], q[2]),
                                             MIND(q[1], q[3]), MAXD(q[0], q[2]),
                                             MAXD(q[1], q[3]));
                    nring++;
                }
            }
        }
        /* nearest boxes first, so that the k-th distance soon prunes the rest */
        if (nring > 1)
            qsort(ring, nring, sizeof *ring, compare_lb);
        for (i = 0; i < nring && ring[i].lb <= kth; i++) {
            size_t t = ring[i].t, r = rg_i_prox_orig(px, px->region[t]), j;
            double xy[4], d, limit = kth;
            for (j = 0; j < ncand && cand[j].region != r; j++)
                ;
            /* only a distance below the k-th, and below r's own so far, changes anything */
            if (j < ncand)
                limit = MIND(limit, cand[j].d);
            if ((d = segment_to_region(px, t, first, end, limit, xy)) >= limit)
                continue;
            if (j == ncand) {
                if (!rg_i_reserve((void **)&cand, &cand_cap, ncand + 1, sizeof *cand)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                cand[ncand].region = r;
                cand[ncand].d = HUGE_VAL;
                ncand++;
            }
            if (d < cand[j].d) {
                cand[j].d = d;
                memcpy(cand[j].xy, xy, sizeof xy);
                if (ncand >= k) {
                    if (ncand > 1)
                        qsort(cand, ncand, sizeof *cand, compare_near);
                    kth = cand[k - 1].d;
                }
            }
        }
        pi0 = qi0;
        pi1 = qi1;
        pj0 = qj0;
        pj1 = qj1;
        if (qi0 == 0 && qj0 == 0 && qi1 == px->grid.nx - 1 && qj1 == px->grid.ny - 1)
            break; /* everything seen */
        /* every boundary within level * h (layer units) of a's box has been seen */
        if (kth <= (double)level * px->grid.h * px->wmin)
            break;
    }
    if (ncand > 1)
        qsort(cand, ncand, sizeof *cand, compare_near);
    for (i = 0; i < ncand && i < k; i++)
        out[i] = cand[i];
    *count = i;
cleanup:
    free(cand);
    free(ring);
    return st;
}
