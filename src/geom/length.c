/* Lengths of segments and polylines in kilometres, geodesic or planar. */
#include <math.h>

#include "geom/length_internal.h"

/* WGS84, as the contract says. A layer on another datum (NAD27, Pulkovo, Beijing 1954) is
 * brought to WGS84 lon/lat through PROJ first (len->to_geo), so that the same border measures
 * the same whether the file holds it in lon/lat or projected. */
#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)

void rg_i_length_init(rg_i_length *len, int geographic, double unit_metres)
{
    len->geographic = geographic != 0;
    len->km_per_unit = (unit_metres > 0 ? unit_metres : 1.0) / 1000.0;
    len->to_geo = NULL;
    geod_init(&len->geod, WGS84_A, WGS84_F);
}

double rg_i_length_segment_km(const rg_i_length *len, double x0, double y0, double x1, double y1)
{
    double s12 = 0;
    if (len->to_geo) {
        double pts[4] = {x0, y0, x1, y1};
        if (rg_i_to_wgs84_apply(len->to_geo, pts, 2) != RG_OK)
            return NAN;
        x0 = pts[0];
        y0 = pts[1];
        x1 = pts[2];
        y1 = pts[3];
    } else if (!len->geographic) {
        return hypot(x1 - x0, y1 - y0) * len->km_per_unit;
    }
    /* geod_inverse quietly returns nonsense for latitudes beyond the poles; say NaN instead so
     * the caller can tell the data is not lon/lat. */
    if (!(fabs(y0) <= 90.0) || !(fabs(y1) <= 90.0))
        return NAN;
    geod_inverse(&len->geod, y0, x0, y1, x1, &s12, NULL, NULL);
    return s12 / 1000.0;
}

double rg_i_length_line_km(const rg_i_length *len, const double *xy, size_t npts)
{
    double km = 0;
    size_t k;
    for (k = 1; k < npts; k++)
        km += rg_i_length_segment_km(len, xy[2 * k - 2], xy[2 * k - 1], xy[2 * k], xy[2 * k + 1]);
    return km;
}
