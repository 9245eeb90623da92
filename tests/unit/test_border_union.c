/* Border lengths where rings cover a stretch more than once (issue 14): zero-width spikes along
 * the neighbour's edge, repeated segments, rings running back along themselves. The expected
 * lengths are GEOS's, from shapely 1.8.5:
 *   Polygon(a).boundary.intersection(Polygon(b).boundary).length
 * on the same coordinates (km squares: the layer's unit is 1000 m). */
#include <criterion/criterion.h>
#include <math.h>

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
