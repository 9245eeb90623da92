#include <criterion/criterion.h>
#include <math.h>

#include "geom/length_internal.h"
#include "leak_check.h"

RG_TEST_SUITE(length);

/* Projected: Euclidean length times the unit. A 3-4-5 triangle's hypotenuse of 5 units is
 * 5 m = 0.005 km in metres, and 5 ft = 5 * 0.3048 m = 0.001524 km in international feet. */
Test(length, projected_uses_the_unit)
{
    rg_i_length len;
    rg_i_length_init(&len, 0, 1.0);
    cr_assert_float_eq(rg_i_length_segment_km(&len, 0, 0, 3, 4), 0.005, 1e-15);
    rg_i_length_init(&len, 0, 0.3048);
    cr_assert_float_eq(rg_i_length_segment_km(&len, 10, 10, 13, 14), 0.001524, 1e-15);
    /* a non-positive unit is taken as metres */
    rg_i_length_init(&len, 0, 0);
    cr_assert_float_eq(rg_i_length_segment_km(&len, 0, 0, 0, 2000), 2.0, 1e-12);
}

/* Geographic: geodesics on WGS84. Reference values from pyproj 3 (an independent
 * implementation path: pyproj.Geod(ellps='WGS84').inv):
 *   (0,0)-(1,0)   111319.49079327357 m   one degree of longitude along the equator (= a*pi/180)
 *   (1,0)-(1,1)   110574.38855779878 m   one degree of latitude along a meridian from the equator
 *   (10,45)-(11,45) 78846.334709795 m    one degree of longitude at 45 N
 *   polyline (10,45)-(11,45)-(11,46): 189987.88318400414 m */
Test(length, geographic_is_geodesic_on_wgs84)
{
    rg_i_length len;
    const double line[] = {10, 45, 11, 45, 11, 46};
    rg_i_length_init(&len, 1, 1.0);
    cr_assert_float_eq(rg_i_length_segment_km(&len, 0, 0, 1, 0), 111.31949079327357, 1e-9);
    cr_assert_float_eq(rg_i_length_segment_km(&len, 1, 0, 1, 1), 110.57438855779878, 1e-9);
    cr_assert_float_eq(rg_i_length_segment_km(&len, 10, 45, 11, 45), 78.846334709795, 1e-9);
    cr_assert_float_eq(rg_i_length_line_km(&len, line, 3), 189.98788318400414, 1e-9);
    cr_assert_float_eq(rg_i_length_line_km(&len, line, 1), 0.0, 0);
}

Test(length, latitude_beyond_the_poles_is_nan)
{
    rg_i_length len;
    rg_i_length_init(&len, 1, 1.0);
    cr_assert(isnan(rg_i_length_segment_km(&len, 0, 0, 0, 91)));
    cr_assert(isnan(rg_i_length_segment_km(&len, 0, -90.5, 0, 0)));
    /* up to the pole itself is fine: pyproj gives 111693.86491419985 m for (0,89)-(0,90) */
    cr_assert_float_eq(rg_i_length_segment_km(&len, 0, 89, 0, 90), 111.69386491419985, 1e-9);
}
