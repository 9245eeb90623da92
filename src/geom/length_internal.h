/* Lengths of segments and polylines in kilometres, in a layer's CRS. */
#ifndef RG_LENGTH_INTERNAL_H
#define RG_LENGTH_INTERNAL_H

#include <stddef.h>

#include <geodesic.h>

#include "geom/crs_internal.h"

/* How to measure in one layer: geodesic on WGS84 for geographic (lon/lat degree) layers, planar
 * for projected ones. Caller-owned; no release needed (it holds no resources). */
typedef struct rg_i_length {
    int geographic;
    double km_per_unit;       /* projected: kilometres per CRS unit */
    struct geod_geodesic geod; /* geographic: the WGS84 ellipsoid */
    rg_i_to_wgs84 *to_geo;     /* the transformation to lon/lat WGS84 (not owned): a projected
                                  layer measured geodesically, or lon/lat on another datum;
                                  NULL: planar, or already lon/lat WGS84 */
} rg_i_length;

/* Prepares a measurer: geographic != 0 means x = longitude and y = latitude in degrees; otherwise
 * one CRS unit is unit_metres metres (values <= 0 are taken as 1). O(1). */
void rg_i_length_init(rg_i_length *len, int geographic, double unit_metres);

/* Length of the segment (x0, y0)-(x1, y1) in km: the geodesic between the two points on the
 * WGS84 ellipsoid (with to_geo set, between the points transformed to lon/lat WGS84, so that
 * a projection's scale error and a datum shift drop out), or the Euclidean length converted to
 * km. A latitude outside [-90, 90] gives
 * NaN. O(1) (the geodesic solution is iterative but bounded). */
double rg_i_length_segment_km(const rg_i_length *len, double x0, double y0, double x1, double y1);

/* Length of the polyline of npts points (xy interleaved) in km: the sum of its segments.
 * O(npts). */
double rg_i_length_line_km(const rg_i_length *len, const double *xy, size_t npts);

#endif
