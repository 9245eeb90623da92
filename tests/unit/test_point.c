/* Representative points: inside their region for concave and holed shapes whose centroid is
 * outside, for multi-part regions, and for every region of the shipped maps. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/regions_internal.h"
#include "regiongraph/point.h"
#include "leak_check.h"

RG_TEST_SUITE(point);

#define MAPS RG_TEST_DATA "/../../maps/"

/* A layer of regions given as rings: polys[i] lists the rings of region i's polygons, a polygon
 * starting at each ring flagged exterior. */
typedef struct shape_ring {
    int exterior;
    size_t npts;
    const double *xy;
} shape_ring;

static rg_regions *layer(const shape_ring *const *regions, const size_t *nrings, size_t n)
{
    rg_regions *r = NULL;
    cr_assert_eq(rg_i_regions_new("shapes.shp", 0, NULL, &r), RG_OK);
    for (size_t i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "r%zu", i);
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, NULL), RG_OK);
        for (size_t k = 0; k < nrings[i]; k++) {
            if (regions[i][k].exterior)
                cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
            cr_assert_eq(rg_i_regions_add_ring(r, regions[i][k].xy, regions[i][k].npts), RG_OK);
        }
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    return r;
}

/* Even-odd point in polygon over every ring of region i (holes and parts included), and the
 * distance from the point to the region's boundary. */
static int inside(const rg_regions *r, size_t i, double x, double y, double *boundary_distance)
{
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r);
    const size_t *pts = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    int in = 0;
    double best = HUGE_VAL;
    for (size_t ring = rs[ps[i]]; ring < rs[ps[i + 1]]; ring++)
        for (size_t k = pts[ring]; k + 1 < pts[ring + 1]; k++) {
            double x1 = xy[2 * k], y1 = xy[2 * k + 1], x2 = xy[2 * k + 2], y2 = xy[2 * k + 3];
            double dx = x2 - x1, dy = y2 - y1, len2 = dx * dx + dy * dy, t, px, py;
            if ((y1 > y) != (y2 > y) && x < x1 + (y - y1) / (y2 - y1) * (x2 - x1))
                in = !in;
            t = len2 > 0 ? ((x - x1) * dx + (y - y1) * dy) / len2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            px = x1 + t * dx - x;
            py = y1 + t * dy - y;
            best = fmin(best, sqrt(px * px + py * py));
        }
    *boundary_distance = best;
    return in;
}

/* U: [0,3]x[0,3] less the notch [1,2]x[1,3]. Its centroid (1.5, 9.5/7) is in the notch.
 * Extent middle y = 1.5; the nearest vertex heights are 1 below and 3 above, so the scan line is
 * y = 2, which meets the U at x = 0, 1, 2, 3: stretches [0,1] and [2,3], equally wide; the first
 * is taken: (0.5, 2). */
Test(point, u_shape_centroid_outside)
{
    static const double u[] = {0, 0, 3, 0, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3, 0, 0};
    const shape_ring rings[] = {{1, 9, u}};
    const shape_ring *regions[] = {rings};
    size_t nrings[] = {1};
    rg_regions *r = layer(regions, nrings, 1);
    double x = -1, y = -1, d;
    cr_assert_eq(rg_region_representative_point(r, 0, &x, &y), RG_OK);
    cr_assert_float_eq(x, 0.5, 1e-12);
    cr_assert_float_eq(y, 2.0, 1e-12);
    cr_assert(inside(r, 0, x, y, &d));
    cr_assert_not(inside(r, 0, 1.5, 9.5 / 7, &d), "the centroid is outside the U");
    rg_regions_free(r);
}

/* Square [0,4]^2 with the hole [1,3]^2, clockwise exterior and counter-clockwise hole (wrong
 * ways round, as files have them). The centroid (2,2) is in the hole. Scan line y = 2 (between
 * vertex heights 1 and 3): crossings 0, 1, 3, 4: stretches [0,1], [3,4]: (0.5, 2). */
Test(point, square_with_centred_hole)
{
    static const double outer[] = {0, 0, 0, 4, 4, 4, 4, 0, 0, 0};
    static const double hole[] = {1, 1, 3, 1, 3, 3, 1, 3, 1, 1};
    const shape_ring rings[] = {{1, 5, outer}, {0, 5, hole}};
    const shape_ring *regions[] = {rings};
    size_t nrings[] = {2};
    rg_regions *r = layer(regions, nrings, 1);
    double x, y, d;
    cr_assert_eq(rg_region_representative_point(r, 0, &x, &y), RG_OK);
    cr_assert_float_eq(x, 0.5, 1e-12);
    cr_assert_float_eq(y, 2.0, 1e-12);
    cr_assert(inside(r, 0, x, y, &d));
    cr_assert_not(inside(r, 0, 2, 2, &d), "the centroid is in the hole");
    rg_regions_free(r);
}

/* A hole off centre leaves a wider stretch: [0,10]x[0,4] less [1,3]x[1,3]; line y = 2 (vertex
 * heights 1 and 3 around the middle 2): crossings 0, 1, 3, 10: the widest stretch is [3,10],
 * middle 6.5. A horizontal edge at the middle height (y = 2 here for the C shape below) must not
 * put the point on the boundary. */
Test(point, widest_stretch_and_edges_at_the_middle)
{
    static const double outer[] = {0, 0, 10, 0, 10, 4, 0, 4, 0, 0};
    static const double hole[] = {1, 1, 3, 1, 3, 3, 1, 3, 1, 1};
    /* C: [0,4]x[0,4] less [1,4]x[1,2]... the notch's top edge lies at y = 2, the middle. */
    static const double c[] = {0, 0, 4, 0, 4, 1, 1, 1, 1, 2, 4, 2, 4, 4, 0, 4, 0, 0};
    const shape_ring r0[] = {{1, 5, outer}, {0, 5, hole}};
    const shape_ring r1[] = {{1, 9, c}};
    const shape_ring *regions[] = {r0, r1};
    size_t nrings[] = {2, 1};
    rg_regions *r = layer(regions, nrings, 2);
    double x, y, d;
    cr_assert_eq(rg_region_representative_point(r, 0, &x, &y), RG_OK);
    cr_assert_float_eq(x, 6.5, 1e-12);
    cr_assert_float_eq(y, 2.0, 1e-12);
    /* C: middle 2 is a vertex height; below = 2, above = 4: line y = 3, crossing 0 and 4. */
    cr_assert_eq(rg_region_representative_point(r, 1, &x, &y), RG_OK);
    cr_assert_float_eq(x, 2.0, 1e-12);
    cr_assert_float_eq(y, 3.0, 1e-12);
    cr_assert(inside(r, 1, x, y, &d));
    cr_assert_gt(d, 0.9);
    rg_regions_free(r);
}

/* Two parts: the point goes in the larger (by area, holes subtracted). The first part is a 3x3
 * square with a 2.8x2.8 hole (area 9 - 7.84 = 1.16); the second a 2x2 square (area 4). */
Test(point, largest_part)
{
    static const double big_outline[] = {0, 0, 3, 0, 3, 3, 0, 3, 0, 0};
    static const double big_hole[] = {0.1, 0.1, 2.9, 0.1, 2.9, 2.9, 0.1, 2.9, 0.1, 0.1};
    static const double solid[] = {10, 10, 12, 10, 12, 12, 10, 12, 10, 10};
    const shape_ring rings[] = {{1, 5, big_outline}, {0, 5, big_hole}, {1, 5, solid}};
    const shape_ring *regions[] = {rings};
    size_t nrings[] = {3};
    rg_regions *r = layer(regions, nrings, 1);
    double x, y;
    cr_assert_eq(rg_region_representative_point(r, 0, &x, &y), RG_OK);
    cr_assert_float_eq(x, 11.0, 1e-12);
    cr_assert_float_eq(y, 11.0, 1e-12);
    rg_regions_free(r);
}

Test(point, no_geometry_and_bad_index)
{
    const shape_ring *regions[] = {NULL};
    size_t nrings[] = {0};
    rg_regions *r = layer(regions, nrings, 1);
    double x = 7, y = 7;
    cr_assert_eq(rg_region_representative_point(r, 0, &x, &y), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "region 'r0' has no geometry: no representative point");
    cr_assert_eq(x, 7);
    cr_assert_eq(rg_region_representative_point(r, 1, &x, &y), RG_ERR_ARG);
    rg_regions_free(r);
}

/* Every region of the shipped maps: the point is inside (even-odd over all rings, so holes and
 * islands count) and not on the boundary. Prefectures include ring-shaped ones around enclaves
 * and many-island coastal ones. */
static void check_layer(const char *path)
{
    rg_read_options opt = {.id_field = "code"};
    rg_regions *r = NULL;
    size_t n, checked = 0;
    cr_assert_eq(rg_regions_read_shapefile(path, &opt, &r), RG_OK, "%s", rg_last_error());
    n = rg_regions_count(r);
    for (size_t i = 0; i < n; i++) {
        double x, y, d;
        if (rg_regions_poly_start(r)[i] == rg_regions_poly_start(r)[i + 1])
            continue;
        cr_assert_eq(rg_region_representative_point(r, i, &x, &y), RG_OK, "%s", rg_last_error());
        cr_assert(inside(r, i, x, y, &d), "%s: point (%.9f, %.9f) of %s is outside", path, x, y,
                  rg_regions_id(r, i));
        cr_assert_gt(d, 0, "%s: point of %s on the boundary", path, rg_regions_id(r, i));
        checked++;
    }
    cr_assert_eq(checked, n - rg_regions_null_count(r));
    cr_assert_gt(checked, 30);
    rg_regions_free(r);
}

Test(point, every_prefecture_inside)
{
    check_layer(MAPS "prefectures.shp");
}

Test(point, every_province_inside)
{
    check_layer(MAPS "provinces.shp");
}
