/* Border lengths where rings cover a stretch more than once (issue 14): zero-width spikes along
 * the neighbour's edge, repeated segments, rings running back along themselves. The expected
 * lengths are GEOS's, from shapely 1.8.5:
 *   Polygon(a).boundary.intersection(Polygon(b).boundary).length
 * on the same coordinates (km squares: the layer's unit is 1000 m). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "geom/length_internal.h"

#include "model/regions_internal.h"
#include "regiongraph/contiguity.h"
#include "leak_check.h"

RG_TEST_SUITE(border_union);

static const double b_square[] = {2, 0, 4, 0, 4, 2, 2, 2};

static void region(rg_regions *r, const char *id, const double *xy, size_t npts)
{
    cr_assert_eq(rg_i_regions_begin(r, id, id, NULL), RG_OK);
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, xy, npts), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
}

/* Builds regions a and b (exact, given kind) and checks they are one pair of expected km. */
static void check(const double *a, size_t na, const double *b, size_t nb, rg_contiguity kind,
                  double expected_km)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_contiguity_options o = {.kind = kind};
    size_t pa, pb;
    double km;
    int rook;
    cr_assert_eq(rg_i_regions_new("fixture", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, "", 0, 1000.0), RG_OK);
    region(r, "a", a, na);
    region(r, "b", b, nb);
    cr_assert_eq(rg_contiguity_build(r, &o, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_adjacency_count(adj), 1);
    rg_adjacency_pair(adj, 0, &pa, &pb, &km, &rook);
    cr_assert(pa == 0 && pb == 1 && rook);
    cr_assert(fabs(km - expected_km) <= 1e-9 * expected_km, "%.17g km, GEOS gives %.17g", km,
              expected_km);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

static void both_kinds(const double *a, size_t na, const double *b, size_t nb, double km)
{
    check(a, na, b, nb, RG_CONTIGUITY_ROOK, km);
    check(a, na, b, nb, RG_CONTIGUITY_QUEEN, km);
}

Test(border_union, spike_along_the_neighbours_edge_counts_once)
{
    /* a's 1 km spike runs out along b's north edge and back: 2 + 1, not 2 + 1 + 1 */
    const double a[] = {0, 0, 2, 0, 2, 2, 3, 2, 2, 2, 0, 2};
    both_kinds(a, 6, b_square, 4, 3.0);
    both_kinds(b_square, 4, a, 6, 3.0);
}

Test(border_union, spike_on_the_shared_edge_counts_once)
{
    /* a runs up the shared edge, back down 1 km of it and up again */
    const double a[] = {0, 0, 2, 0, 2, 2, 2, 1, 2, 2, 0, 2};
    both_kinds(a, 6, b_square, 4, 2.0);
}

Test(border_union, repeated_segment_counts_once)
{
    /* the shared edge drawn three times: up, down, up */
    const double a[] = {0, 0, 2, 0, 2, 2, 2, 0, 2, 2, 0, 2};
    both_kinds(a, 6, b_square, 4, 2.0);
}

Test(border_union, ring_running_back_with_other_vertices_counts_once)
{
    /* up to 1.5, back to 0.5, up to 2: vertices that are no ends of the other runs */
    const double a[] = {0, 0, 2, 0, 2, 1.5, 2, 0.5, 2, 2, 0, 2};
    both_kinds(a, 6, b_square, 4, 2.0);
}

Test(border_union, spikes_on_both_sides)
{
    /* a's spike along b's north edge, and b running back along the shared edge */
    const double a[] = {0, 0, 2, 0, 2, 2, 3, 2, 2, 2, 0, 2};
    const double b[] = {2, 0, 4, 0, 4, 2, 2, 2, 2, 1.25, 2, 1.75, 2, 1};
    both_kinds(a, 6, b, 7, 3.0);
}

Test(border_union, plain_borders_are_unchanged)
{
    /* two stretches of one edge, end to end, are not an overlap */
    const double a[] = {0, 0, 2, 0, 2, 1, 2, 2, 0, 2};
    both_kinds(a, 5, b_square, 4, 2.0);
}

/* Each region's boundary length in km, measured as the exact build measures (the sum of its
 * rings' segments). */
static double *perimeters(const rg_regions *r)
{
    const size_t *poly = rg_regions_poly_start(r), *ring = rg_regions_ring_start(r),
                 *pt = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t n = rg_regions_count(r), i, p, k;
    double *km = calloc(n, sizeof *km);
    rg_i_length len;
    cr_assert_not_null(km);
    rg_i_length_init(&len, rg_regions_crs_is_geographic(r), rg_regions_crs_unit_metres(r));
    for (i = 0; i < n; i++)
        for (p = poly[i]; p < poly[i + 1]; p++)
            for (k = ring[p]; k < ring[p + 1]; k++)
                km[i] += rg_i_length_line_km(&len, xy + 2 * pt[k], pt[k + 1] - pt[k]);
    return km;
}

/* No pair's border is longer than either side's whole boundary. */
static void check_layer(const char *path, const char *id_field)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_contiguity_options o = {.kind = RG_CONTIGUITY_QUEEN};
    double *per;
    rg_read_options ro = {.id_field = id_field};
    size_t k;
    cr_assert_eq(rg_regions_read(path, &ro, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_contiguity_build(r, &o, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_gt(rg_adjacency_count(adj), 10);
    per = perimeters(r);
    for (k = 0; k < rg_adjacency_count(adj); k++) {
        size_t a, b;
        double km;
        int rook;
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        cr_assert(km <= per[a] * (1 + 1e-12) && km <= per[b] * (1 + 1e-12),
                  "%s: %s-%s border %.17g km, boundaries %.17g and %.17g", path,
                  rg_regions_id(r, a), rg_regions_id(r, b), km, per[a], per[b]);
    }
    free(per);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

Test(border_union, no_border_exceeds_a_boundary_on_the_shipped_maps)
{
    check_layer(RG_TEST_DATA "/../../maps/prefectures.shp", NULL);
    check_layer(RG_TEST_DATA "/../../maps/provinces.shp", NULL);
}

/* spData's world (Natural Earth): Sudan's ring runs along Ethiopia's and South Sudan's edges
 * and back. Skipped where R's spData is not installed. */
Test(border_union, no_border_exceeds_a_boundary_on_spdata_world)
{
    const char *path = "/usr/lib/R/site-library/spData/shapes/world.shp";
    if (access(path, R_OK) != 0)
        cr_skip_test("%s not installed", path);
    check_layer(path, "name_long");
}
