/* The default near-miss radius of the diagnostics: a fraction of the layer's typical region size,
 * capped at 1 km (exact mode) or ten times the tolerance.
 *
 * Why a fraction of the regions' size: a near miss is a digitising slip, a gap far thinner than
 * the regions on either side. With a fixed 1 km radius, a map of regions about a kilometre across
 * (census tracts, a 200 m grid) has every region a ring away "within 1 km": thousands of false
 * misses, a tolerance hint that merges regions that do not touch, and a candidate list that grows
 * with the square of the regions per km^2. The typical size is the median over the regions of the
 * square root of the area of their largest ring (working units, so metres for lon/lat layers). */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/crs_internal.h"
#include "geom/diagnose_internal.h"
#include "geom/proximity_internal.h"
#include "regiongraph/contiguity.h"

/* The k-th smallest of v[0 .. n-1] (k < n; v is reordered): what v[k] would be sorted, in
 * expected O(n) rather than a sort's O(n log n) (Hoare's selection, middle pivot; the values are
 * finite). */
static double kth_smallest(double *v, size_t n, size_t k)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    while (lo < hi) {
        double pivot = v[lo + (hi - lo) / 2], t;
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        /* v[lo .. j] <= pivot <= v[i .. hi], and v[j+1 .. i-1] equal the pivot */
        if (kk <= j)
            hi = j;
        else if (kk >= i)
            lo = i;
        else
            return v[kk];
    }
    return v[kk];
}

/* |area| of the ring of points xy[first .. end-1] in working units^2 (shoelace, relative to the
 * first point; a geographic ring is scaled at its mean latitude, exact enough for a typical
 * size). */
static double ring_area(const double *xy, size_t first, size_t end, int geographic)
{
    double sum = 0, lat = 0, sx = 1, sy = 1, x0, y0;
    size_t k, n = end - first;
    if (n < 3)
        return 0;
    x0 = xy[2 * first];
    y0 = xy[2 * first + 1];
    for (k = first; k < end; k++) {
        size_t l = k + 1 < end ? k + 1 : first;
        sum += (xy[2 * k] - x0) * (xy[2 * l + 1] - y0) - (xy[2 * l] - x0) * (xy[2 * k + 1] - y0);
        lat += xy[2 * k + 1];
    }
    if (geographic)
        rg_i_geo_scale(lat / (double)n, &sx, &sy);
    return 0.5 * fabs(sum) * sx * sy;
}

rg_status rg_i_typical_region_size(const rg_regions *regions, double *size)
{
    const size_t *poly_start = rg_regions_poly_start(regions);
    const size_t *ring_start = rg_regions_ring_start(regions);
    const size_t *pt_start = rg_regions_pt_start(regions);
    const double *xy = rg_regions_xy(regions);
    size_t n = rg_regions_count(regions), i, r, m = 0;
    int geographic = rg_regions_crs_is_geographic(regions) != 0;
    double *v = NULL;
    rg_status st = RG_OK;
    *size = 0;
    if (n == 0)
        goto cleanup;
    if (!(v = rg_i_malloc_array(n, sizeof *v))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        double largest = 0;
        for (r = ring_start[poly_start[i]]; r < ring_start[poly_start[i + 1]]; r++) {
            double a = ring_area(xy, pt_start[r], pt_start[r + 1], geographic);
            if (a > largest)
                largest = a;
        }
        if (largest > 0 && isfinite(largest))
            v[m++] = sqrt(largest);
    }
    if (m > 0)
        *size = kth_smallest(v, m, m / 2);
cleanup:
    free(v);
    return st;
}

rg_status rg_contiguity_default_near(const rg_regions *regions, double snap, double *near)
{
    double per_km, size, base, r;
    rg_status st;
    if (near)
        *near = 0;
    if (!regions || !near || !isfinite(snap) || snap < 0)
        return rg_i_error(RG_ERR_ARG, "default near: invalid argument (snap must be finite and "
                          ">= 0)");
    if ((st = rg_distance_to_layer(regions, 1000.0, RG_UNIT_METRE, &per_km)) != RG_OK ||
        (st = rg_i_typical_region_size(regions, &size)) != RG_OK)
        return st;
    base = snap > 0 ? 10 * snap : per_km;
    /* a map in unknown units has no km to cap the radius with (its "km" is one map unit) */
    if (snap == 0 && size > 0 && rg_i_crs_wkt_map_units(rg_regions_crs_wkt(regions)))
        base = RG_I_NEAR_FRACTION * size;
    r = size > 0 ? RG_I_NEAR_FRACTION * size : base;
    if (r > base)
        r = base;
    if (!(r > snap))
        r = snap > 0 ? 2 * snap : base;
    *near = r;
    return RG_OK;
}
