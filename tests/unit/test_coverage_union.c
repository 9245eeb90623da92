/* The coverage union of the mechanisms layer (write/coverage_union.c): regions sharing edges
 * exactly dissolve into one polygon; overlapping or unmatched edges are refused (NULL), so that
 * the cascaded union takes over. Expected areas and vertex counts by hand. */
#include <criterion/criterion.h>
#include <ogr_api.h>

#include "model/regions_internal.h"
#include "write/coverage_union_internal.h"
#include "leak_check.h"

RG_TEST_SUITE(coverage_union);

static void square(rg_regions *r, const char *id, double x, double y, double side)
{
    const double xy[] = {x, y, x + side, y, x + side, y + side, x, y + side};
    cr_assert_eq(rg_i_regions_begin(r, id, id, NULL), RG_OK);
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, xy, 4), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
}

static rg_regions *fixture(void)
{
    rg_regions *r = NULL;
    cr_assert_eq(rg_i_regions_new("fixture", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, "", 0, 1.0), RG_OK);
    return r;
}

Test(coverage_union, a_two_by_two_grid_is_one_square)
{
    rg_regions *r = fixture();
    const size_t all[] = {0, 1, 2, 3};
    OGRGeometryH u;
    square(r, "a", 0, 0, 1);
    square(r, "b", 1, 0, 1);
    square(r, "c", 0, 1, 1);
    square(r, "d", 1, 1, 1);
    u = rg_i_coverage_union(r, all, 4);
    cr_assert_not_null(u);
    cr_assert_eq(wkbFlatten(OGR_G_GetGeometryType(u)), wkbPolygon);
    cr_assert_float_eq(OGR_G_Area(u), 4.0, 1e-12);
    /* the shared edges cancel; the outer ring keeps the midpoints of its sides: 8 corners and
     * midpoints, closed */
    cr_assert_eq(OGR_G_GetGeometryCount(u), 1);
    cr_assert_eq(OGR_G_GetPointCount(OGR_G_GetGeometryRef(u, 0)), 9);
    OGR_G_DestroyGeometry(u);
    rg_regions_free(r);
}

Test(coverage_union, apart_and_corner_touching_squares_stay_pieces)
{
    rg_regions *r = fixture();
    const size_t idx[] = {0, 1, 2};
    OGRGeometryH u;
    square(r, "a", 0, 0, 1);
    square(r, "b", 1, 1, 1); /* touches a at (1, 1) only */
    square(r, "c", 5, 5, 2);
    u = rg_i_coverage_union(r, idx, 3);
    cr_assert_not_null(u);
    cr_assert_eq(wkbFlatten(OGR_G_GetGeometryType(u)), wkbMultiPolygon);
    cr_assert_eq(OGR_G_GetGeometryCount(u), 3);
    cr_assert_float_eq(OGR_G_Area(u), 6.0, 1e-12);
    OGR_G_DestroyGeometry(u);
    rg_regions_free(r);
}

Test(coverage_union, a_ring_of_regions_keeps_its_hole)
{
    rg_regions *r = fixture();
    size_t idx[8], k = 0;
    OGRGeometryH u;
    char id[2] = "a";
    for (int y = 0; y < 3; y++)
        for (int x = 0; x < 3; x++)
            if (x != 1 || y != 1) {
                square(r, id, x, y, 1);
                id[0]++;
                idx[k] = k;
                k++;
            }
    u = rg_i_coverage_union(r, idx, 8);
    cr_assert_not_null(u);
    cr_assert_eq(wkbFlatten(OGR_G_GetGeometryType(u)), wkbPolygon);
    cr_assert_eq(OGR_G_GetGeometryCount(u), 2, "a shell and a hole");
    cr_assert_float_eq(OGR_G_Area(u), 8.0, 1e-12);
    OGR_G_DestroyGeometry(u);
    rg_regions_free(r);
}

Test(coverage_union, overlaps_and_unmatched_vertices_are_refused)
{
    rg_regions *r = fixture();
    const size_t two[] = {0, 1}, tee[] = {2, 3, 4};
    square(r, "a", 0, 0, 2);
    square(r, "b", 1, 1, 2); /* overlaps a */
    /* c's east edge runs along d and e, which split it at y = 1: no edge matches exactly */
    square(r, "c", 10, 0, 2);
    square(r, "d", 12, 0, 1);
    square(r, "e", 12, 1, 1);
    cr_assert_null(rg_i_coverage_union(r, two, 2));
    cr_assert_null(rg_i_coverage_union(r, tee, 3));
    rg_regions_free(r);
}
