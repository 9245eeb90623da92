/* src/geom/crs.c: CRS text through OSR, and the transformation to lon/lat WGS84. Expected
 * coordinates come from pyproj (Transformer.from_crs(..., 4326, always_xy=True)). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geom/crs_internal.h"
#include "regiongraph/status.h"
#include "leak_check.h"

RG_TEST_SUITE(crs);

static char *read_fixture(const char *name)
{
    char path[1024];
    static char buf[8192];
    snprintf(path, sizeof path, "%s/%s", RG_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

Test(crs, utm_zone_50n_is_projected_in_metres)
{
    rg_i_crs crs;
    cr_assert_eq(rg_i_crs_from_text("EPSG:32650", "test", &crs), RG_OK, "%s", rg_last_error());
    cr_assert_eq(crs.geographic, 0);
    cr_assert_float_eq(crs.unit_metres, 1.0, 0);
    cr_assert_eq(crs.is_wgs84, 0);
    cr_assert(strncmp(crs.wkt, "PROJCRS[\"WGS 84 / UTM zone 50N\"", 31) == 0, "%s", crs.wkt);
    rg_i_crs_release(&crs);
    cr_assert_null(crs.wkt);
    rg_i_crs_release(&crs); /* twice is harmless */
    rg_i_crs_release(NULL);
}

Test(crs, esri_prj_files_as_gdal_writes_them)
{
    rg_i_crs crs;
    /* PROJCS["WGS_1984_UTM_Zone_50N", ...] in ESRI's WKT dialect */
    cr_assert_eq(rg_i_crs_from_text(read_fixture("grid3x3.prj"), "grid3x3.prj", &crs), RG_OK);
    cr_assert_eq(crs.geographic, 0);
    cr_assert_float_eq(crs.unit_metres, 1.0, 0);
    cr_assert_not_null(strstr(crs.wkt, "UTM zone 50N"));
    rg_i_crs_release(&crs);
    /* GEOGCS["GCS_WGS_1984", ...] */
    cr_assert_eq(rg_i_crs_from_text(read_fixture("tjunction.prj"), "tjunction.prj", &crs), RG_OK);
    cr_assert_eq(crs.geographic, 1);
    cr_assert_eq(crs.is_wgs84, 1);
    cr_assert_float_eq(crs.unit_metres, 1.0, 0);
    rg_i_crs_release(&crs);
}

Test(crs, geographic_crs_flags)
{
    rg_i_crs crs;
    cr_assert_eq(rg_i_crs_wgs84(&crs), RG_OK);
    cr_assert_eq(crs.geographic, 1);
    cr_assert_eq(crs.is_wgs84, 1);
    cr_assert_not_null(strstr(crs.wkt, "WGS 84"));
    rg_i_crs_release(&crs);
    cr_assert_eq(rg_i_crs_from_text("+proj=longlat +datum=WGS84 +no_defs", "proj", &crs), RG_OK);
    cr_assert_eq(crs.geographic, 1);
    cr_assert_eq(crs.is_wgs84, 1);
    rg_i_crs_release(&crs);
    /* China Geodetic Coordinate System 2000: geographic, but another datum */
    cr_assert_eq(rg_i_crs_from_text("EPSG:4490", "cgcs2000", &crs), RG_OK);
    cr_assert_eq(crs.geographic, 1);
    cr_assert_eq(crs.is_wgs84, 0);
    rg_i_crs_release(&crs);
}

Test(crs, us_survey_feet)
{
    rg_i_crs crs;
    /* NAD83 / New York Long Island (ftUS): 1200/3937 m per unit */
    cr_assert_eq(rg_i_crs_from_text("EPSG:2263", "ny", &crs), RG_OK);
    cr_assert_eq(crs.geographic, 0);
    cr_assert_float_eq(crs.unit_metres, 1200.0 / 3937.0, 1e-15);
    rg_i_crs_release(&crs);
}

Test(crs, garbage_is_an_error_naming_the_source)
{
    rg_i_crs crs;
    cr_assert_eq(rg_i_crs_from_text("PROJCS[\"broken\",GEOGCS[", "x.prj", &crs), RG_ERR_CRS);
    cr_assert_str_eq(rg_last_error(), "x.prj: not a coordinate reference system that GDAL knows");
    cr_assert_null(crs.wkt);
    cr_assert_eq(rg_i_crs_from_text("EPSG:999999", "y.prj", &crs), RG_ERR_CRS);
    cr_assert_str_eq(rg_last_error(), "y.prj: not a coordinate reference system that GDAL knows");
}

Test(crs, no_transformation_for_lon_lat_wgs84)
{
    rg_i_to_wgs84 *t = (rg_i_to_wgs84 *)1;
    rg_i_crs crs;
    cr_assert_eq(rg_i_to_wgs84_new(NULL, &t), RG_OK);
    cr_assert_null(t);
    t = (rg_i_to_wgs84 *)1;
    cr_assert_eq(rg_i_to_wgs84_new("", &t), RG_OK);
    cr_assert_null(t);
    cr_assert_eq(rg_i_crs_wgs84(&crs), RG_OK);
    t = (rg_i_to_wgs84 *)1;
    cr_assert_eq(rg_i_to_wgs84_new(crs.wkt, &t), RG_OK);
    cr_assert_null(t);
    rg_i_crs_release(&crs);
    rg_i_to_wgs84_free(NULL);
}

Test(crs, utm_to_lon_lat)
{
    rg_i_crs crs;
    rg_i_to_wgs84 *t = NULL;
    /* on the central meridian 117E: (500000, 3800000) is 117, 34.341302722680 (pyproj) */
    double xy[] = {500000, 3800000, 500000, 0};
    cr_assert_eq(rg_i_crs_from_text("EPSG:32650", "utm", &crs), RG_OK);
    cr_assert_eq(rg_i_to_wgs84_new(crs.wkt, &t), RG_OK, "%s", rg_last_error());
    cr_assert_not_null(t);
    cr_assert_eq(rg_i_to_wgs84_apply(t, xy, 2), RG_OK);
    cr_assert_float_eq(xy[0], 117.0, 1e-9);
    cr_assert_float_eq(xy[1], 34.341302722680, 1e-9);
    cr_assert_float_eq(xy[2], 117.0, 1e-9);
    cr_assert_float_eq(xy[3], 0.0, 1e-9);
    rg_i_to_wgs84_free(t);
    rg_i_crs_release(&crs);
}

Test(crs, many_points_go_through_the_bounded_buffer)
{
    /* more than the 512-point chunk of rg_i_to_wgs84_apply */
    enum { N = 1300 };
    static double xy[2 * N];
    rg_i_to_wgs84 *t = NULL;
    rg_i_crs crs;
    for (int k = 0; k < N; k++) {
        xy[2 * k] = 500000;
        xy[2 * k + 1] = k == N - 1 ? 3800000 : 0;
    }
    cr_assert_eq(rg_i_crs_from_text("EPSG:32650", "utm", &crs), RG_OK);
    cr_assert_eq(rg_i_to_wgs84_new(crs.wkt, &t), RG_OK);
    cr_assert_eq(rg_i_to_wgs84_apply(t, xy, N), RG_OK);
    cr_assert_float_eq(xy[0], 117.0, 1e-9);
    cr_assert_float_eq(xy[2 * 700 + 1], 0.0, 1e-9);
    cr_assert_float_eq(xy[2 * (N - 1) + 1], 34.341302722680, 1e-9);
    rg_i_to_wgs84_free(t);
    rg_i_crs_release(&crs);
}

Test(crs, other_geographic_datums_keep_lon_lat_order)
{
    rg_i_crs crs;
    rg_i_to_wgs84 *t = NULL;
    double xy[] = {117.0, 34.0};
    /* EPSG:4490's official axis order is lat, lon: the data is still read x = lon */
    cr_assert_eq(rg_i_crs_from_text("EPSG:4490", "cgcs2000", &crs), RG_OK);
    cr_assert_eq(rg_i_to_wgs84_new(crs.wkt, &t), RG_OK);
    cr_assert_not_null(t);
    cr_assert_eq(rg_i_to_wgs84_apply(t, xy, 1), RG_OK);
    cr_assert_float_eq(xy[0], 117.0, 1e-6);
    cr_assert_float_eq(xy[1], 34.0, 1e-6);
    rg_i_to_wgs84_free(t);
    rg_i_crs_release(&crs);
}

Test(crs, survey_feet_to_lon_lat)
{
    rg_i_crs crs;
    rg_i_to_wgs84 *t = NULL;
    /* lower Manhattan: -73.987720134486, 40.719016877128 (pyproj) */
    double xy[] = {987654.0, 201234.0};
    cr_assert_eq(rg_i_crs_from_text("EPSG:2263", "ny", &crs), RG_OK);
    cr_assert_eq(rg_i_to_wgs84_new(crs.wkt, &t), RG_OK);
    cr_assert_eq(rg_i_to_wgs84_apply(t, xy, 1), RG_OK);
    cr_assert_float_eq(xy[0], -73.987720134486, 1e-7);
    cr_assert_float_eq(xy[1], 40.719016877128, 1e-7);
    rg_i_to_wgs84_free(t);
    rg_i_crs_release(&crs);
}
