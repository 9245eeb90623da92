/* Proximity between region boundaries: the segment grid and distance predicates shared by
 * tolerant contiguity and the diagnostics (see proximity_internal.h).
 *
 * Every segment enters the cells its bounding box grown by (padx, pady) touches along its path
 * (column by column, the rows its stretch over that column spans, so a long diagonal edge enters
 * O(length / h) cells, not its whole bounding box). With a margin of half the reach on each
 * side, two segments within the reach of each other both enter the cell of the midpoint of their
 * closest points. */
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

/* The column of x and the row of y, clamped to the grid (inline here: rg_i_prox_cells() asks
 * a few per segment). */
static inline size_t col_of(const rg_i_prox *px, double x)
{
    double c = (x - px->x0) * px->inv_h;
    if (!(c >= 1))
        return 0;
    if (c >= (double)(px->nx - 1))
        return px->nx - 1;
    return (size_t)c;
}

static inline size_t row_of(const rg_i_prox *px, double y)
{
    double r = (y - px->y0) * px->inv_h;
    if (!(r >= 1))
        return 0;
    if (r >= (double)(px->ny - 1))
        return px->ny - 1;
    return (size_t)r;
}

size_t rg_i_prox_col(const rg_i_prox *px, double x)
{
    return col_of(px, x);
}

size_t rg_i_prox_row(const rg_i_prox *px, double y)
{
    return row_of(px, y);
}

size_t rg_i_prox_cells(rg_i_prox *px, size_t k)
{
    const double *xy = px->xy;
    double ax = xy[2 * k], ay = xy[2 * k + 1], bx = xy[2 * k + 2], by = xy[2 * k + 3], dx, dy;
    double padx = px->padx, pady = px->pady;
    size_t c, c0, c1, n = 0;
    if (bx < ax) {
        double tx = ax, ty = ay;
        ax = bx;
        ay = by;
        bx = tx;
        by = ty;
    }
    dx = bx - ax;
    dy = by - ay;
    c0 = col_of(px, ax - padx);
    c1 = col_of(px, bx + padx);
    for (c = c0; c <= c1; c++) {
        double lo, hi;
        size_t r, r0, r1;
        if (c0 == c1 || !(dx > 0)) {
            lo = MIND(ay, by);
            hi = MAXD(ay, by);
        } else {
            /* the stretch of the segment over the column grown by padx */
            double xl = px->x0 + (double)c * px->h - padx;
            double t0 = (xl - ax) / dx, t1 = (xl + px->h + 2 * padx - ax) / dx, y0, y1;
            t0 = t0 < 0 ? 0 : (t0 > 1 ? 1 : t0);
            t1 = t1 < 0 ? 0 : (t1 > 1 ? 1 : t1);
            y0 = ay + t0 * dy;
            y1 = ay + t1 * dy;
            lo = MIND(y0, y1);
            hi = MAXD(y0, y1);
        }
        r0 = row_of(px, lo - pady);
        r1 = row_of(px, hi + pady);
        if (n + (r1 - r0 + 1) > px->cells_cap &&
            !rg_i_reserve((void **)&px->cells, &px->cells_cap, n + (r1 - r0 + 1),
                          sizeof *px->cells))
            return 0;
        for (r = r0; r <= r1; r++)
            px->cells[n++] = r * px->nx + c;
    }
    return n;
}

void rg_i_prox_free(rg_i_prox *px)
{
    free(px->region);
    free(px->next_seg);
    free(px->start);
    free(px->seg);
    free(px->stamp);
    free(px->cells);
    memset(px, 0, sizeof *px);
}

/* Fills px->region and px->next_seg, checks the coordinates and measures the layer. */
static rg_status survey(rg_i_prox *px, double *box, double *max_abs, double *max_lat,
                        size_t *nseg, double *mean_extent)
{
    const rg_regions *regions = px->regions;
    const size_t *poly_start = rg_regions_poly_start(regions);
    const size_t *ring_start = rg_regions_ring_start(regions);
    const size_t *pt_start = rg_regions_pt_start(regions);
    const double *xy = px->xy;
    size_t i, p, r, k, count = 0;
    double total = 0, m = 0, lat = 0;
    box[0] = box[1] = HUGE_VAL;
    box[2] = box[3] = -HUGE_VAL;
    for (k = 0; k < px->npts; k++)
        px->region[k] = px->next_seg[k] = RG_I_NONE;
    for (i = 0; i < px->nregions; i++) {
        for (p = poly_start[i]; p < poly_start[i + 1]; p++) {
            for (r = ring_start[p]; r < ring_start[p + 1]; r++) {
                size_t first = pt_start[r], end = pt_start[r + 1];
                for (k = first; k < end; k++) {
                    double x = xy[2 * k], y = xy[2 * k + 1];
                    if (!isfinite(x) || !isfinite(y))
                        return rg_i_error(RG_ERR_DATA,
                                          "region '%s' (record %zu): a coordinate is not a "
                                          "finite number", rg_regions_id(regions, i), i + 1);
                    if (px->geographic && fabs(y) > 90.0)
                        return rg_i_error(RG_ERR_CRS,
                                          "region '%s' (record %zu): latitude %g is outside "
                                          "[-90, 90] but the layer's crs is geographic",
                                          rg_regions_id(regions, i), i + 1, y);
                    box[0] = MIND(box[0], x);
                    box[1] = MIND(box[1], y);
                    box[2] = MAXD(box[2], x);
                    box[3] = MAXD(box[3], y);
                    m = MAXD(m, MAXD(fabs(x), fabs(y)));
                    lat = MAXD(lat, fabs(y));
                    if (k + 1 < end) {
                        px->region[k] = i;
                        px->next_seg[k] = k + 2 < end ? k + 1 : first;
                        total += MAXD(fabs(xy[2 * k + 2] - x), fabs(xy[2 * k + 3] - y));
                        count++;
                    }
                }
            }
        }
    }
    *max_abs = m;
    *max_lat = lat;
    *nseg = count;
    *mean_extent = count ? total / (double)count : 0;
    return RG_OK;
}

rg_status rg_i_prox_build(rg_i_prox *px, const rg_regions *regions, double reach)
{
    double box[4], max_abs = 0, max_lat = 0, mean = 0, w, hgt, h, limit, sxmin = 1, symin = 1;
    size_t nseg = 0, ncells, k, c, n;
    int fill;
    rg_status st = RG_OK;
    memset(px, 0, sizeof *px);
    px->regions = regions;
    px->xy = rg_regions_xy(regions);
    px->npts = rg_regions_point_count(regions);
    px->nregions = rg_regions_count(regions);
    px->geographic = rg_regions_crs_is_geographic(regions) != 0;
    px->km_per_work = px->geographic ? 0.001 : rg_regions_crs_unit_metres(regions) / 1000.0;
    if (!(px->region = rg_i_malloc_array(px->npts, sizeof *px->region)) ||
        !(px->next_seg = rg_i_malloc_array(px->npts, sizeof *px->next_seg)) ||
        !(px->stamp = rg_i_malloc_array(px->npts, sizeof *px->stamp))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < px->npts; k++)
        px->stamp[k] = RG_I_NONE;
    if ((st = survey(px, box, &max_abs, &max_lat, &nseg, &mean)) != RG_OK)
        goto cleanup;
    if (nseg == 0) {
        box[0] = box[1] = box[2] = box[3] = 0;
    }
    if (px->geographic) {
        double unused;
        geo_scale(MIND(max_lat, MAX_SCALE_LAT), &sxmin, &unused);
        geo_scale(0.0, &unused, &symin); /* M is smallest at the equator */
    }
    px->wmin = MIND(sxmin, symin);
    /* half the reach on each side, with a margin for the rounding of the cell arithmetic */
    px->padx = 0.5 * reach / sxmin * (1 + 1e-9) + 64 * DBL_EPSILON * max_abs;
    px->pady = 0.5 * reach / symin * (1 + 1e-9) + 64 * DBL_EPSILON * max_abs;
    w = box[2] - box[0] + 2 * px->padx;
    hgt = box[3] - box[1] + 2 * px->pady;
    limit = 4.0 * (double)nseg + 16.0;
    h = MAXD(mean, sqrt(w * hgt / (2.0 * (double)(nseg ? nseg : 1))));
    h = MAXD(h, 2 * MAXD(px->padx, px->pady));
    if (!(h > 0))
        h = MAXD(MAXD(w, hgt), 1.0);
    h *= 1.1180339887498949; /* off round numbers, so gridded data does not straddle cells */
    for (;;) {
        double nx = floor(w / h) + 3, ny = floor(hgt / h) + 3;
        if (nx * ny <= limit) {
            px->nx = (size_t)nx;
            px->ny = (size_t)ny;
            break;
        }
        h *= 1.5;
    }
    px->h = h;
    px->inv_h = 1.0 / h;
    px->x0 = box[0] - px->padx - h * 0.6180339887498949;
    px->y0 = box[1] - px->pady - h * 0.6180339887498949;
    ncells = px->nx * px->ny;
    if (!(px->start = rg_i_calloc_array(ncells + 1, sizeof *px->start))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* two passes, counting then filling, so the entries are one array */
    for (fill = 0; fill < 2; fill++) {
        if (fill) {
            for (c = 0; c < ncells; c++)
                px->start[c + 1] += px->start[c];
            if (!(px->seg = rg_i_malloc_array(px->start[ncells], sizeof *px->seg))) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
        }
        for (k = 0; k < px->npts; k++) {
            if (px->region[k] == RG_I_NONE)
                continue;
            if (!(n = rg_i_prox_cells(px, k))) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            for (c = 0; c < n; c++) {
                if (fill)
                    px->seg[px->start[px->cells[c]]++] = k;
                else
                    px->start[px->cells[c] + 1]++;
            }
        }
    }
    /* the fill advanced each cell's start to the next cell's start: shift back */
    for (c = ncells; c > 0; c--)
        px->start[c] = px->start[c - 1];
    px->start[0] = 0;
cleanup:
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
    const size_t *poly_start = rg_regions_poly_start(px->regions);
    const size_t *ring_start = rg_regions_ring_start(px->regions);
    const size_t *pt_start = rg_regions_pt_start(px->regions);
    *first = pt_start[ring_start[poly_start[i]]];
    *end = pt_start[ring_start[poly_start[i + 1]]];
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
    if (first == end || k == 0 || px->nx == 0)
        goto cleanup;
    for (s = first; s < end; s++) {
        bx0 = MIND(bx0, px->xy[2 * s]);
        by0 = MIND(by0, px->xy[2 * s + 1]);
        bx1 = MAXD(bx1, px->xy[2 * s]);
        by1 = MAXD(by1, px->xy[2 * s + 1]);
    }
    ci0 = rg_i_prox_col(px, bx0);
    ci1 = rg_i_prox_col(px, bx1);
    cj0 = rg_i_prox_row(px, by0);
    cj1 = rg_i_prox_row(px, by1);
    for (level = 0;; level++) {
        /* the rectangle of cells within `level` cells of a's bounding box, less the previous */
        size_t qi0 = ci0 > level ? ci0 - level : 0, qj0 = cj0 > level ? cj0 - level : 0;
        size_t qi1 = MIND(ci1 + level, px->nx - 1), qj1 = MIND(cj1 + level, px->ny - 1);
        size_t cx, cy, nring = 0;
        for (cy = qj0; cy <= qj1; cy++) {
            for (cx = qi0; cx <= qi1; cx++) {
                size_t cell = cy * px->nx + cx, e;
                if (cx >= pi0 && cx <= pi1 && cy >= pj0 && cy <= pj1)
                    continue;
                for (e = px->start[cell]; e < px->start[cell + 1]; e++) {
                    size_t t = px->seg[e];
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
            size_t t = ring[i].t, r = px->region[t], j;
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
        if (qi0 == 0 && qj0 == 0 && qi1 == px->nx - 1 && qj1 == px->ny - 1)
            break; /* everything seen */
        /* every boundary within level * h (layer units) of a's box has been seen */
        if (kth <= (double)level * px->h * px->wmin)
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
