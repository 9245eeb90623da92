/* The default window of a picture: the covered regions with a margin, else the main body of the
 * regions, far outliers (remote islands, territories across the antimeridian) left out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/adjacency.h"
#include "regiongraph/coverage.h"
#include "regiongraph/point.h"
#include "regiongraph/render.h"
#include "report/render_window_internal.h"

#define RG_PI 3.14159265358979323846
/* A region belongs to the main body when its representative point lies within this many times
 * the area-weighted median distance of all points from their area-weighted median point. */
#define MAIN_BODY_FACTOR 3.0

int rg_i_render_region_extent(const rg_regions *r, size_t i, double ext[4])
{
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r),
                 *pts = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t first, last, k;
    if (ps[i] == ps[i + 1])
        return 0;
    first = pts[rs[ps[i]]];
    last = pts[rs[ps[i + 1]]];
    if (first == last)
        return 0;
    ext[0] = ext[2] = xy[2 * first];
    ext[1] = ext[3] = xy[2 * first + 1];
    for (k = first + 1; k < last; k++) {
        ext[0] = fmin(ext[0], xy[2 * k]);
        ext[2] = fmax(ext[2], xy[2 * k]);
        ext[1] = fmin(ext[1], xy[2 * k + 1]);
        ext[3] = fmax(ext[3], xy[2 * k + 1]);
    }
    return 1;
}

double rg_i_render_unwrap(double x, double c)
{
    while (x < c - 180.0)
        x += 360.0;
    while (x >= c + 180.0)
        x -= 360.0;
    return x;
}

static void extent_add(double acc[4], const double ext[4], int *any)
{
    if (!*any) {
        memcpy(acc, ext, 4 * sizeof *acc);
        *any = 1;
        return;
    }
    acc[0] = fmin(acc[0], ext[0]);
    acc[1] = fmin(acc[1], ext[1]);
    acc[2] = fmax(acc[2], ext[2]);
    acc[3] = fmax(acc[3], ext[3]);
}

/* Planar area of region i (every ring counted positive: enough for a weight). */
static double region_weight(const rg_regions *r, size_t i)
{
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r),
                 *pts = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t p, g, k;
    double total = 0, a;
    for (p = ps[i]; p < ps[i + 1]; p++)
        for (g = rs[p]; g < rs[p + 1]; g++) {
            for (k = pts[g], a = 0; k + 1 < pts[g + 1]; k++)
                a += xy[2 * k] * xy[2 * k + 3] - xy[2 * k + 2] * xy[2 * k + 1];
            total += 0.5 * fabs(a);
        }
    return total;
}

/* Extent of region i with every longitude within 180 degrees of c (geographic layers). */
static void region_extent_around(const rg_regions *r, size_t i, int geographic, double c,
                                 double ext[4])
{
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r),
                 *pts = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t k, first = pts[rs[ps[i]]], last = pts[rs[ps[i + 1]]];
    double x;
    for (k = first; k < last; k++) {
        x = geographic ? rg_i_render_unwrap(xy[2 * k], c) : xy[2 * k];
        if (k == first) {
            ext[0] = ext[2] = x;
            ext[1] = ext[3] = xy[2 * k + 1];
            continue;
        }
        ext[0] = fmin(ext[0], x);
        ext[2] = fmax(ext[2], x);
        ext[1] = fmin(ext[1], xy[2 * k + 1]);
        ext[3] = fmax(ext[3], xy[2 * k + 1]);
    }
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

typedef struct weighted {
    double v, w;
} weighted;

static int cmp_weighted(const void *a, const void *b)
{
    double x = ((const weighted *)a)->v, y = ((const weighted *)b)->v;
    return (x > y) - (x < y);
}

/* Weighted median of n values (sorts them). */
static double weighted_median(weighted *a, size_t n)
{
    double total = 0, acc = 0;
    size_t k;
    qsort(a, n, sizeof *a, cmp_weighted);
    for (k = 0; k < n; k++)
        total += a[k].w;
    for (k = 0; k < n; k++) {
        acc += a[k].w;
        if (acc >= 0.5 * total)
            return a[k].v;
    }
    return a[n - 1].v;
}

/* Weighted mean direction of the longitudes of the kept points: a map across the antimeridian
 * is centred on it, not on the other side of the globe. */
static double centre_longitude(const double *pt, const unsigned char *keep, size_t n)
{
    double sx = 0, sy = 0;
    size_t k;
    for (k = 0; k < n; k++)
        if (keep[k]) {
            sx += pt[3 * k + 2] * cos(pt[3 * k] * RG_PI / 180.0);
            sy += pt[3 * k + 2] * sin(pt[3 * k] * RG_PI / 180.0);
        }
    return sx == 0 && sy == 0 ? 0 : atan2(sy, sx) * 180.0 / RG_PI;
}

static size_t find_root(size_t *parent, size_t k)
{
    while (parent[k] != k)
        k = parent[k] = parent[parent[k]];
    return k;
}

/* Marks the contiguous landmass: the connected component of the adjacency graph with the most
 * area, when it holds at least half of all; returns 0 (nothing marked) otherwise. */
static int largest_component(const rg_graph *graph, const size_t *idx, size_t n, const double *pt,
                             double total, size_t *parent, double *sum, unsigned char *keep)
{
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t k, a, b, best = 0;
    double km;
    int rook;
    for (k = 0; k < n; k++) {
        parent[k] = k;
        sum[k] = 0;
    }
    for (k = 0; adj && k < rg_adjacency_count(adj); k++) {
        size_t *pa, *pb;
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        /* idx is sorted: the positions of a and b, if they are of the level */
        pa = bsearch(&a, idx, n, sizeof *idx, cmp_size);
        pb = bsearch(&b, idx, n, sizeof *idx, cmp_size);
        if (pa && pb)
            parent[find_root(parent, (size_t)(pa - idx))] = find_root(parent, (size_t)(pb - idx));
    }
    for (k = 0; k < n; k++)
        sum[find_root(parent, k)] += pt[3 * k + 2];
    for (k = 1; k < n; k++)
        if (sum[k] > sum[best])
            best = k;
    if (sum[best] < 0.5 * total)
        return 0;
    for (k = 0; k < n; k++)
        keep[k] = find_root(parent, k) == best;
    return 1;
}

/* Marks the regions whose point lies within MAIN_BODY_FACTOR times the weighted median distance
 * of the points from their weighted median point (for maps without a dominant landmass). */
static void robust_core(const double *pt, size_t n, int geographic, weighted *a,
                        unsigned char *keep)
{
    double mx, my, kx = 1, limit;
    size_t k;
    for (k = 0; k < n; k++)
        a[k] = (weighted){pt[3 * k], pt[3 * k + 2]};
    mx = weighted_median(a, n);
    for (k = 0; k < n; k++)
        a[k] = (weighted){pt[3 * k + 1], pt[3 * k + 2]};
    my = weighted_median(a, n);
    if (geographic)
        kx = fmax(cos(my * RG_PI / 180.0), 0.05);
    for (k = 0; k < n; k++)
        a[k] = (weighted){hypot(kx * (pt[3 * k] - mx), pt[3 * k + 1] - my), pt[3 * k + 2]};
    limit = MAIN_BODY_FACTOR * weighted_median(a, n);
    for (k = 0; k < n; k++)
        keep[k] = !(limit > 0) || hypot(kx * (pt[3 * k] - mx), pt[3 * k + 1] - my) <= limit;
}

/* The main body of the regions listed in idx (sorted, n > 0), into bbox: see
 * rg_render_default_bbox. */
static rg_status main_body(const rg_graph *graph, const size_t *idx, size_t n, double bbox[4])
{
    const rg_regions *r = rg_graph_regions(graph);
    int geographic = rg_regions_crs_is_geographic(r), any = 0;
    double *pt = rg_i_malloc_array(3 * n, sizeof *pt), *sum = rg_i_malloc_array(n, sizeof *sum);
    double ext[4], core[4], c = 0, total = 0, margin, kx = 1, x;
    weighted *a = rg_i_malloc_array(n, sizeof *a);
    size_t *parent = rg_i_malloc_array(n, sizeof *parent), k;
    unsigned char *keep = rg_i_calloc_array(n, 1);
    rg_status st = RG_OK;
    if (!pt || !sum || !a || !parent || !keep) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < n; k++) {
        if (rg_region_representative_point(r, idx[k], &pt[3 * k], &pt[3 * k + 1]) != RG_OK) {
            rg_clear_error();
            rg_i_render_region_extent(r, idx[k], ext);
            pt[3 * k] = 0.5 * (ext[0] + ext[2]);
            pt[3 * k + 1] = 0.5 * (ext[1] + ext[3]);
        }
        /* area on the ground, roughly: degrees of longitude shrink with the latitude */
        pt[3 * k + 2] = region_weight(r, idx[k]) *
                        (geographic ? fmax(cos(pt[3 * k + 1] * RG_PI / 180.0), 0.01) : 1.0);
        total += pt[3 * k + 2];
    }
    if (!(total > 0)) { /* no area (degenerate shapes): every region counts alike */
        for (k = 0; k < n; k++)
            pt[3 * k + 2] = 1;
        total = (double)n;
    }
    if (!largest_component(graph, idx, n, pt, total, parent, sum, keep)) {
        if (geographic) {
            memset(keep, 1, n);
            c = centre_longitude(pt, keep, n);
            for (k = 0; k < n; k++)
                pt[3 * k] = rg_i_render_unwrap(pt[3 * k], c);
        }
        robust_core(pt, n, geographic, a, keep);
    }
    if (geographic)
        c = centre_longitude(pt, keep, n);
    for (k = 0; k < n; k++)
        if (keep[k]) {
            region_extent_around(r, idx[k], geographic, c, ext);
            extent_add(core, ext, &any);
        }
    /* Islands near the core (within 5% of its larger side) belong to the picture; far ones
     * (another continent, across an ocean) do not. */
    if (geographic)
        kx = fmax(cos(0.5 * (core[1] + core[3]) * RG_PI / 180.0), 0.05);
    margin = 0.05 * fmax((core[2] - core[0]) * kx, core[3] - core[1]);
    memcpy(bbox, core, sizeof core);
    for (k = 0; k < n; k++) {
        x = geographic ? rg_i_render_unwrap(pt[3 * k], c) : pt[3 * k];
        if (keep[k] || x < core[0] - margin / kx || x > core[2] + margin / kx ||
            pt[3 * k + 1] < core[1] - margin || pt[3 * k + 1] > core[3] + margin)
            continue;
        region_extent_around(r, idx[k], geographic, c, ext);
        extent_add(bbox, ext, &any);
    }
cleanup:
    free(pt);
    free(sum);
    free(a);
    free(parent);
    free(keep);
    return st;
}

rg_status rg_render_default_bbox(const rg_graph *graph, const char *level, double bbox[4])
{
    rg_coverage_options copts = {0};
    rg_coverage *cov = NULL;
    rg_region_coverage rc;
    const rg_regions *r;
    double covered[4] = {0}, ext[4], margin;
    int any_covered = 0;
    size_t i, lvl, n = 0, *idx = NULL;
    rg_status st;

    rg_i_library_init();
    if (!graph || !bbox) {
        st = rg_i_error(RG_ERR_ARG, "render: no graph or no bbox");
        goto cleanup;
    }
    copts.level = level;
    if ((st = rg_coverage_compute(graph, &copts, &cov)) != RG_OK)
        goto cleanup;
    r = rg_graph_regions(graph);
    lvl = rg_coverage_level(cov);
    if (!(idx = rg_i_malloc_array(rg_regions_count(r) + 1, sizeof *idx))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < rg_regions_count(r); i++) {
        if (rg_regions_level(r, i) != lvl || !rg_i_render_region_extent(r, i, ext))
            continue;
        idx[n++] = i;
        rg_coverage_region(cov, i, &rc);
        if (rc.mechanisms > 0)
            extent_add(covered, ext, &any_covered);
    }
    if (n == 0) {
        st = rg_i_error(RG_ERR_DATA, "render: no region of level '%s' has geometry",
                        rg_coverage_level_name(cov));
        goto cleanup;
    }
    if (any_covered && rg_graph_coordination(graph)) {
        /* The covered regions alone would touch the frame; a margin shows their neighbours, where
         * the gaps are. */
        margin = 0.12 * fmax(covered[2] - covered[0], covered[3] - covered[1]);
        bbox[0] = covered[0] - margin;
        bbox[1] = covered[1] - margin;
        bbox[2] = covered[2] + margin;
        bbox[3] = covered[3] + margin;
        st = RG_OK;
    } else {
        st = main_body(graph, idx, n, bbox);
    }
cleanup:
    free(idx);
    rg_coverage_free(cov);
    return st;
}
