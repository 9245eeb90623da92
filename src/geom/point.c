/* Representative points: a point that lies inside its region, for drawing links between
 * regions. A centroid will not do: the centroid of a U-shaped or ring-shaped region (a city
 * around a lake, a province around a municipality) lies outside it.
 *
 * The method is a single scan line through the largest polygon: every crossing of the line with
 * the polygon's rings (holes included) is found, the crossings sorted, and by the even-odd rule
 * consecutive pairs bound the stretches of the line that are inside. The middle of the widest
 * stretch is the point. The line goes through the middle of the polygon's extent, moved to half
 * way between the nearest vertex heights below and above: a line through a vertex or along a
 * horizontal edge would make crossings ambiguous and could put the "middle" on the boundary. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/ring_area_internal.h"
#include "regiongraph/point.h"

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

rg_status rg_region_representative_point(const rg_regions *regions, size_t i, double *x,
                                         double *y)
{
    const size_t *poly_start, *ring_start, *pt_start;
    const double *xy;
    size_t p, best = 0, ring, k, ncross = 0, cap = 0;
    double best_area = -1, ymin = HUGE_VAL, ymax = -HUGE_VAL, centre, below, above, line;
    double widest = -1;
    double *cross = NULL;
    rg_status st = RG_OK;

    if (!regions || i >= rg_regions_count(regions)) {
        st = rg_i_error(RG_ERR_ARG, "representative point: region %zu does not exist", i);
        goto cleanup;
    }
    poly_start = rg_regions_poly_start(regions);
    ring_start = rg_regions_ring_start(regions);
    pt_start = rg_regions_pt_start(regions);
    xy = rg_regions_xy(regions);
    if (poly_start[i] == poly_start[i + 1]) {
        st = rg_i_error(RG_ERR_DATA, "region '%s' has no geometry: no representative point",
                        rg_regions_id(regions, i));
        goto cleanup;
    }

    /* The largest polygon by area (holes subtracted): the part a reader sees as "the region". */
    for (p = poly_start[i]; p < poly_start[i + 1]; p++) {
        double area = 0;
        for (ring = ring_start[p]; ring < ring_start[p + 1]; ring++) {
            double a = fabs(rg_i_ring_area2(xy + 2 * pt_start[ring],
                                             pt_start[ring + 1] - pt_start[ring]));
            area += ring == ring_start[p] ? a : -a;
        }
        if (area > best_area) {
            best_area = area;
            best = p;
        }
    }

    ring = ring_start[best];
    for (k = pt_start[ring]; k < pt_start[ring + 1]; k++) {
        ymin = fmin(ymin, xy[2 * k + 1]);
        ymax = fmax(ymax, xy[2 * k + 1]);
    }
    centre = ymin + (ymax - ymin) / 2;
    below = ymin;
    above = ymax;
    for (ring = ring_start[best]; ring < ring_start[best + 1]; ring++)
        for (k = pt_start[ring]; k < pt_start[ring + 1]; k++) {
            double v = xy[2 * k + 1];
            if (v <= centre && v > below)
                below = v;
            if (v > centre && v < above)
                above = v;
        }
    line = below + (above - below) / 2;

    /* An edge crosses the line when its ends are on different sides; no vertex lies on it. */
    for (ring = ring_start[best]; ring < ring_start[best + 1]; ring++)
        for (k = pt_start[ring]; k + 1 < pt_start[ring + 1]; k++) {
            double x1 = xy[2 * k], y1 = xy[2 * k + 1], x2 = xy[2 * k + 2], y2 = xy[2 * k + 3];
            if ((y1 > line) == (y2 > line))
                continue;
            if (!rg_i_reserve((void **)&cross, &cap, ncross + 1, sizeof *cross)) {
                st = rg_i_error(RG_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            cross[ncross++] = x1 + (line - y1) / (y2 - y1) * (x2 - x1);
        }
    qsort(cross, ncross, sizeof *cross, compare_double);
    for (k = 0; k + 1 < ncross; k += 2)
        if (cross[k + 1] - cross[k] > widest) {
            widest = cross[k + 1] - cross[k];
            *x = cross[k] + (cross[k + 1] - cross[k]) / 2;
            *y = line;
        }
    if (widest < 0) {
        /* A polygon of zero height has no inside: its first vertex is the best there is. */
        k = pt_start[ring_start[best]];
        *x = xy[2 * k];
        *y = xy[2 * k + 1];
    }
cleanup:
    free(cross);
    return st;
}
