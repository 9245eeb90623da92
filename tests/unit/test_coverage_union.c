/* The dissolve of the mechanisms layer (write/coverage_union.c) on regions: regions sharing
 * edges exactly dissolve into one polygon; overlapping or unmatched edges are refused (0), so
 * that the cascaded union takes over; the fallback's OGR rings come out as they are. Expected
 * areas and vertex counts by hand. */
#include <criterion/criterion.h>
#include <ogr_api.h>

#include "model/regions_internal.h"
#include "write/coverage_union_internal.h"
#include "leak_check.h"

/* The area of the polygons (shoelace; holes are clockwise, so they subtract). */
static double area(const rg_i_polygons *p)
{
    double sum = 0;
    for (size_t k = 0; k < p->nrings; k++)
        for (size_t i = p->ring[k]; i + 1 < p->ring[k + 1]; i++)
            sum += (p->xy[2 * i] * p->xy[2 * i + 3] - p->xy[2 * i + 2] * p->xy[2 * i + 1]) / 2;
    return sum;
}

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
    rg_i_polygons u = {0};
    square(r, "a", 0, 0, 1);
    square(r, "b", 1, 0, 1);
    square(r, "c", 0, 1, 1);
    square(r, "d", 1, 1, 1);
    cr_assert_eq(rg_i_coverage_union(r, all, 4, &u), 1);
    cr_assert_eq(u.npolys, 1);
    cr_assert_float_eq(area(&u), 4.0, 1e-12);
    /* the shared edges cancel; the outer ring keeps the midpoints of its sides: 8 corners and
     * midpoints, closed */
    cr_assert_eq(u.nrings, 1);
    cr_assert_eq(u.ring[1] - u.ring[0], 9);
    rg_i_polygons_release(&u);
    rg_regions_free(r);
}

Test(coverage_union, apart_and_corner_touching_squares_stay_pieces)
{
    rg_regions *r = fixture();
    const size_t idx[] = {0, 1, 2};
    rg_i_polygons u = {0};
    square(r, "a", 0, 0, 1);
    square(r, "b", 1, 1, 1); /* touches a at (1, 1) only */
    square(r, "c", 5, 5, 2);
    cr_assert_eq(rg_i_coverage_union(r, idx, 3, &u), 1);
    cr_assert_eq(u.npolys, 3);
    cr_assert_eq(u.nrings, 3);
    cr_assert_float_eq(area(&u), 6.0, 1e-12);
    rg_i_polygons_release(&u);
    rg_regions_free(r);
}

Test(coverage_union, a_ring_of_regions_keeps_its_hole)
{
    rg_regions *r = fixture();
    size_t idx[8], k = 0;
    rg_i_polygons u = {0};
    char id[2] = "a";
    for (int y = 0; y < 3; y++)
        for (int x = 0; x < 3; x++)
            if (x != 1 || y != 1) {
                square(r, id, x, y, 1);
                id[0]++;
                idx[k] = k;
                k++;
            }
    cr_assert_eq(rg_i_coverage_union(r, idx, 8, &u), 1);
    cr_assert_eq(u.npolys, 1);
    cr_assert_eq(u.nrings, 2, "a shell and a hole");
    cr_assert_float_eq(area(&u), 8.0, 1e-12);
    rg_i_polygons_release(&u);
    rg_regions_free(r);
}

Test(coverage_union, overlaps_and_unmatched_vertices_are_refused)
{
    rg_regions *r = fixture();
    const size_t two[] = {0, 1}, tee[] = {2, 3, 4};
    rg_i_polygons u = {0};
    square(r, "a", 0, 0, 2);
    square(r, "b", 1, 1, 2); /* overlaps a */
    /* c's east edge runs along d and e, which split it at y = 1: no edge matches exactly */
    square(r, "c", 10, 0, 2);
    square(r, "d", 12, 0, 1);
    square(r, "e", 12, 1, 1);
    cr_assert_eq(rg_i_coverage_union(r, two, 2, &u), 0);
    cr_assert_eq(rg_i_coverage_union(r, tee, 3, &u), 0);
    cr_assert_eq(u.npolys, 0);
    rg_i_polygons_release(&u);
    rg_regions_free(r);
}

Test(coverage_union, the_fallbacks_rings_come_out_of_ogr_as_they_are)
{
    OGRGeometryH g = NULL;
    rg_i_polygons p = {0};
    char wkt[] = "MULTIPOLYGON(((0 0,3 0,3 3,0 3,0 0),(1 1,1 2,2 2,2 1,1 1)),"
                 "((5 5,6 5,6 6,5 5)))";
    char *w = wkt;
    cr_assert_eq(OGR_G_CreateFromWkt(&w, NULL, &g), OGRERR_NONE);
    cr_assert(rg_i_polygons_from_ogr(g, &p));
    cr_assert_eq(p.npolys, 2);
    cr_assert_eq(p.nrings, 3);
    cr_assert_eq(p.poly[1], 2);
    cr_assert_eq(p.ring[1], 5);
    cr_assert_eq(p.ring[3], 14);
    cr_assert_float_eq(area(&p), 9.0 - 1.0 + 0.5, 1e-12);
    cr_assert_float_eq(p.xy[2 * 5], 1.0, 0); /* the hole's first point */
    cr_assert_float_eq(p.xy[2 * 13 + 1], 5.0, 0); /* the triangle's closing point */
    OGR_G_DestroyGeometry(g);
    rg_i_polygons_release(&p);
}
