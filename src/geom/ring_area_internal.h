/* The signed area of a closed ring by the shoelace formula, one definition for every place that
 * orients or measures rings in the plane. */
#ifndef RG_RING_AREA_INTERNAL_H
#define RG_RING_AREA_INTERNAL_H

#include <stddef.h>

/* Twice the signed area (positive counter-clockwise) of the ring of npts points xy (x, y pairs;
 * closed or not, as the fan from the first point gives the closing edge nothing), relative to
 * its first point so that rings far from the origin keep their precision. */
static inline double rg_i_ring_area2(const double *xy, size_t npts)
{
    double sum = 0;
    size_t k;
    for (k = 1; k + 1 < npts; k++)
        sum += (xy[2 * k] - xy[0]) * (xy[2 * k + 3] - xy[1]) -
               (xy[2 * k + 2] - xy[0]) * (xy[2 * k + 1] - xy[1]);
    return sum;
}

#endif
