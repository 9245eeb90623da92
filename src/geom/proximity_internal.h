/* Proximity between the boundaries of a layer's regions: the segment grid (grid_internal.h) set
 * up for a reach, and the distance predicates of tolerant contiguity (snap.c) and of the
 * diagnostics (diagnose.c).
 *
 * Distances are in the layer's working unit: CRS units for projected layers, metres for
 * geographic ones. A geographic pair of segments is measured on the tangent plane at the mean
 * latitude of its four end points, x scaled by N cos(lat) and y by M (the WGS84 radii of
 * curvature), which is exact to well under 0.1 % for segments below a few km. Longitudes are
 * not unwrapped: segments across the antimeridian are measured the long way round. */
#ifndef RG_PROXIMITY_INTERNAL_H
#define RG_PROXIMITY_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "geom/grid_internal.h"
#include "regiongraph/regions.h"
#include "regiongraph/status.h"

typedef struct rg_i_prox {
    const rg_regions *regions;
    const double *xy;
    size_t npts, nregions;
    size_t *region;     /* per point: region of the segment it starts; RG_I_NONE for a ring's
                           closing point (segment ids are the index of their first point) */
    size_t *next_seg;   /* per point starting a segment: the next segment of the ring */
    int geographic;
    double km_per_work; /* kilometres per working unit */
    double wmin;        /* working units per layer unit, a lower bound over the layer */
    rg_i_grid grid;     /* the segments; registration margins (padx, pady) in layer units */
    size_t *rstart;     /* nregions + 1: region i's points are rstart[i] .. rstart[i+1]-1 */
    size_t *orig;       /* NULL, or (a copy of the layer with its regions in another order,
                           diagnose_grid.c) the layer's number of each region of the copy */
    double *own_xy;     /* NULL, or that copy's coordinates (xy points to them) */
    uint32_t *start32;  /* NULL, or (the diagnostics' grid, diagnose_grid.c) grid.start and */
    uint32_t *seg32;    /* grid.seg in 32 bits, those two then NULL: rg_i_prox_first/_entry */
    size_t *stamp;      /* per point, free for the callers (marks segments seen); all
                           RG_I_NONE after rg_i_prox_build(), NULL after rg_i_prox_prepare()
                           without next_seg until its caller allocates it */
    size_t *cells;      /* scratch for rg_i_prox_cells() */
    size_t cells_cap;
} rg_i_prox;

/* The first entry of grid cell `cell` (cell + 1: one past its last) and the segment of entry e,
 * from the grid's entries in either width (grid.start/seg, or start32/seg32). */
static inline size_t rg_i_prox_first(const rg_i_prox *px, size_t cell)
{
    return px->start32 ? px->start32[cell] : px->grid.start[cell];
}

static inline size_t rg_i_prox_entry(const rg_i_prox *px, size_t e)
{
    return px->seg32 ? px->seg32[e] : px->grid.seg[e];
}

/* Metres per degree of longitude (*sx) and of latitude (*sy) at latitude lat (degrees), WGS84. */
void rg_i_geo_scale(double lat, double *sx, double *sy);

/* Indexes the boundaries of regions so that any two segments within `reach` (working units,
 * >= 0) of each other share at least one cell. Rejects non-finite coordinates and latitudes
 * beyond the poles. Time and memory O(V) for maps whose edges are short relative to the
 * extent. Release with rg_i_prox_free() (also after a failure). */
rg_status rg_i_prox_build(rg_i_prox *px, const rg_regions *regions, double reach);
void rg_i_prox_free(rg_i_prox *px);

/* rg_i_prox_build() up to the grid's layout, its entries left out (start and seg NULL), for a
 * caller that fills them itself; next_seg (0 or 1) says whether px->next_seg and px->stamp are
 * wanted (tolerant contiguity) or left NULL (the diagnostics, which allocate px->stamp when
 * needed). Release with rg_i_prox_free(). O(V). */
rg_status rg_i_prox_prepare(rg_i_prox *px, const rg_regions *regions, double reach,
                            int next_seg);

/* Allocates px->stamp, all RG_I_NONE, when it is NULL (a grid from rg_i_prox_prepare() without
 * next_seg, whose searches may not need it: the diagnostics on a clean map). O(V) once. */
rg_status rg_i_prox_stamps(rg_i_prox *px);

/* The cells segment k was registered in, into px->cells; returns how many (0 on no memory). */
size_t rg_i_prox_cells(rg_i_prox *px, size_t k);

/* rg_i_prox_frame() for a geographic layer. */
void rg_i_prox_frame_geo(const rg_i_prox *px, size_t s, size_t t, double w[8]);

/* The four end points of segments s and t in the working frame (origin at s's first point):
 * w[0..3] is s, w[4..7] is t. */
static inline void rg_i_prox_frame(const rg_i_prox *px, size_t s, size_t t, double w[8])
{
    const double *p = px->xy + 2 * s, *q = px->xy + 2 * t;
    if (px->geographic) {
        rg_i_prox_frame_geo(px, s, t, w);
        return;
    }
    w[0] = 0;
    w[1] = 0;
    w[2] = p[2] - p[0];
    w[3] = p[3] - p[1];
    w[4] = q[0] - p[0];
    w[5] = q[1] - p[1];
    w[6] = q[2] - p[0];
    w[7] = q[3] - p[1];
}

/* The same for a point (px_, py_) and segment t: w[0..1] is the point, w[2..5] the segment. */
void rg_i_prox_frame_point(const rg_i_prox *px, double x, double y, size_t t, double w[6]);

/* The distance predicates below are inline: tolerant contiguity calls them for every pair of
 * segments within the tolerance, and several times per segment in the nearer-region test. */
#define RG_I_MIN(a, b) ((a) < (b) ? (a) : (b))
#define RG_I_MAX(a, b) ((a) > (b) ? (a) : (b))

/* The squared distance from point c to segment p0-p1 (cheaper, for comparisons); *u is the
 * parameter of the closest point. */
static inline double rg_i_point_seg2(const double *c, const double *p0, const double *p1,
                                      double *u)
{
    double dx = p1[0] - p0[0], dy = p1[1] - p0[1], l2 = dx * dx + dy * dy, t = 0, ex, ey;
    if (l2 > 0) {
        t = ((c[0] - p0[0]) * dx + (c[1] - p0[1]) * dy) / l2;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
    }
    *u = t;
    ex = p0[0] + t * dx - c[0];
    ey = p0[1] + t * dy - c[1];
    return ex * ex + ey * ey;
}

/* Distance from point c to segment p0-p1; *u is the parameter of the closest point. */
static inline double rg_i_point_seg(const double *c, const double *p0, const double *p1,
                                     double *u)
{
    /* sqrt, not hypot: working-frame coordinates are far from overflow, and hypot is slow */
    return sqrt(rg_i_point_seg2(c, p0, p1, u));
}

/* Twice the signed area of triangle a b c. */
static inline double rg_i_orient(const double *a, const double *b, const double *c)
{
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/* Smallest distance between segments p0-p1 and q0-q1 (working frame); *u and *v are the
 * parameters (0 to 1) of the closest points on each. */
static inline double rg_i_seg_seg(const double *p0, const double *p1, const double *q0,
                                  const double *q1, double *u, double *v)
{
    double o1 = rg_i_orient(p0, p1, q0), o2 = rg_i_orient(p0, p1, q1), d, best, t;
    if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) {
        double o3 = rg_i_orient(q0, q1, p0), o4 = rg_i_orient(q0, q1, p1);
        if ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) {
            *u = o3 / (o3 - o4);
            *v = o1 / (o1 - o2);
            return 0;
        }
    }
    /* the first of the four end-point distances that is smallest; segments of neighbours often
     * share an end point, and nothing comes after a distance of 0 */
    best = rg_i_point_seg2(q0, p0, p1, &t);
    *u = t;
    *v = 0;
    if (best == 0)
        return 0;
    if ((d = rg_i_point_seg2(q1, p0, p1, &t)) < best) {
        best = d;
        *u = t;
        *v = 1;
        if (best == 0)
            return 0;
    }
    if ((d = rg_i_point_seg2(p0, q0, q1, &t)) < best) {
        best = d;
        *u = 0;
        *v = t;
        if (best == 0)
            return 0;
    }
    if ((d = rg_i_point_seg2(p1, q0, q1, &t)) < best) {
        best = d;
        *u = 1;
        *v = t;
    }
    return sqrt(best);
}

/* Narrows [*lo, *hi] to the u where f0 + u f1 lies in [a, b]; returns 0 when it becomes empty. */
static inline int rg_i_clip(double f0, double f1, double a, double b, double *lo, double *hi)
{
    if (f1 == 0)
        return f0 >= a && f0 <= b;
    {
        double t0 = (a - f0) / f1, t1 = (b - f0) / f1;
        if (t0 > t1) {
            double tt = t0;
            t0 = t1;
            t1 = tt;
        }
        *lo = *lo > t0 ? *lo : t0;
        *hi = *hi < t1 ? *hi : t1;
    }
    return *lo <= *hi;
}

/* The parameters u in [0, 1] of the points of p0-p1 within r of segment q0-q1: an interval,
 * since the distance to a segment is convex along a line. Returns 0 when empty. */
static inline int rg_i_seg_within(const double *p0, const double *p1, const double *q0,
                                  const double *q1, double r, double *u0, double *u1)
{
    /* The points within r of q0-q1 form a capsule: a rectangle along the segment and a disc at
     * each end. The line's parameters inside each of the three are intervals whose union is the
     * interval inside the (convex) capsule. */
    double dx = p1[0] - p0[0], dy = p1[1] - p0[1], a = dx * dx + dy * dy;
    double lo = HUGE_VAL, hi = -HUGE_VAL, ex = q1[0] - q0[0], ey = q1[1] - q0[1];
    double len = hypot(ex, ey);
    int e;
    if (!(a > 0))
        return 0;
    for (e = 0; e < 2; e++) {
        const double *c = e ? q1 : q0;
        double wx = p0[0] - c[0], wy = p0[1] - c[1];
        double b = 2 * (dx * wx + dy * wy), cc = wx * wx + wy * wy - r * r;
        double disc = b * b - 4 * a * cc;
        if (disc >= 0) {
            double sq = sqrt(disc);
            lo = RG_I_MIN(lo, (-b - sq) / (2 * a));
            hi = RG_I_MAX(hi, (-b + sq) / (2 * a));
        }
    }
    if (len > 0) {
        double ux = ex / len, uy = ey / len, wx = p0[0] - q0[0], wy = p0[1] - q0[1];
        double rlo = -HUGE_VAL, rhi = HUGE_VAL;
        if (rg_i_clip(wx * ux + wy * uy, dx * ux + dy * uy, 0, len, &rlo, &rhi) &&
            rg_i_clip(wy * ux - wx * uy, dy * ux - dx * uy, -r, r, &rlo, &rhi)) {
            lo = RG_I_MIN(lo, rlo);
            hi = RG_I_MAX(hi, rhi);
        }
    }
    lo = RG_I_MAX(lo, 0.0);
    hi = RG_I_MIN(hi, 1.0);
    if (!(lo <= hi))
        return 0;
    *u0 = lo;
    *u1 = hi;
    return 1;
}

/* Length of segment k in working units. */
double rg_i_prox_seg_length(const rg_i_prox *px, size_t k);

/* The first and last-plus-one point of region i (its rings are consecutive). */
void rg_i_prox_region_points(const rg_i_prox *px, size_t i, size_t *first, size_t *end);

/* The layer's number of region i of px (i itself unless px is a reordered copy). */
static inline size_t rg_i_prox_orig(const rg_i_prox *px, size_t i)
{
    return px->orig ? px->orig[i] : i;
}

/* A region found near another: its index, the distance (working units) and the closest points
 * (xy[0..1] on the query region's boundary, xy[2..3] on this one's), in layer coordinates. */
typedef struct rg_i_near {
    size_t region;
    double d;
    double xy[4];
} rg_i_near;

/* The k nearest regions to region a by boundary distance (ties: lower index first), sorted;
 * the regions found are given (and ordered) by their number in the layer (rg_i_prox_orig);
 * *count may be below k when the layer has fewer other non-empty regions. *out (k entries) is
 * caller-owned. Uses px->stamp. Searches outward from a's bounding box until the k-th nearest
 * is certain. */
rg_status rg_i_prox_nearest(rg_i_prox *px, size_t a, size_t k, rg_i_near *out, size_t *count);

#endif
