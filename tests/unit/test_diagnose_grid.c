/* The diagnostics' own segment grid (src/geom/diagnose_grid.c: 32-bit entries) and the marks of
 * their near-miss search (src/geom/diagnose.c), on layers whose expected diagnostics come from
 * hand calculation on the coordinates (each test says how). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/regions_internal.h"
#include "regiongraph/contiguity.h"
#include "leak_check.h"

RG_TEST_SUITE(diagnose_grid);

static rg_regions *layer(void)
{
    rg_regions *r = NULL;
    cr_assert_eq(rg_i_regions_new("fixture", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, "", 0, 1.0), RG_OK); /* projected, metres */
    return r;
}

static void ring_region(rg_regions *r, const char *id, const double *xy, size_t n)
{
    cr_assert_eq(rg_i_regions_begin(r, id, id, NULL), RG_OK);
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, xy, n), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
}

static void rect_region(rg_regions *r, const char *id, double x0, double y0, double x1, double y1)
{
    const double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1};
    ring_region(r, id, xy, 4);
}

static rg_adjacency *build_exact(const rg_regions *r)
{
    rg_contiguity_options o;
    rg_adjacency *adj = NULL;
    memset(&o, 0, sizeof o);
    o.kind = RG_CONTIGUITY_QUEEN;
    cr_assert_eq(rg_contiguity_build(r, &o, &adj), RG_OK, "contiguity: %s", rg_last_error());
    return adj;
}

/* A long diagonal region, whose bounding box holds many more grid cells than its segments enter:
 * the near-miss search reads its cells segment by segment, each cell once (cell marks allocated
 * for the first such region, marked with the region's number + 1: the band is region 0). Projected,
 * metres:
 *  0: the band (0, 3) (10000, 10003) (10000, 10023) (0, 23), whose lower edge is y = x + 3 (not
 *     y = x, through the corners of the grid's cells: there the overlap search finds the square
 *     inside the band, which it is not; left for another change);
 *  1: [5100, 5200] x [5010, 5090], whose corner (5100, 5090) is 13 / sqrt 2 = 9.1924 m from
 *     y = x + 3 (every other point of it further: x - y >= 10 on it), the closest point of the
 *     band (5093.5, 5096.5);
 *  2..401: a strip of 10 m squares [20000 + 10k, 20010 + 10k] x [0, 10], neighbours in a row
 *     (their many short segments make the grid's cells small): k and k + 2 share a neighbour,
 *     k and k + 3 are 20 m apart, beyond the 15 m radius.
 * So one near miss (0, 1) at 0.0091924 km, no overlap, and 0 and 1 isolated, each the other's
 * nearest. */
Test(diagnose_grid, long_diagonal)
{
    const double band[] = {0, 3, 10000, 10003, 10000, 10023, 0, 23};
    rg_regions *r = layer();
    rg_adjacency *adj;
    rg_diagnostics *d = NULL;
    size_t a, b, region, nearest, k;
    double km, xy[4], want = 13 / sqrt(2.0) / 1000;
    char id[16];
    ring_region(r, "band", band, 4);
    rect_region(r, "square", 5100, 5010, 5200, 5090);
    for (k = 0; k < 400; k++) {
        snprintf(id, sizeof id, "s%zu", k);
        rect_region(r, id, 20000 + 10.0 * (double)k, 0, 20010 + 10.0 * (double)k, 10);
    }
    adj = build_exact(r);
    cr_assert_eq(rg_adjacency_count(adj), 399);
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 15, &d), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_diagnostics_near_count(d), 1);
    rg_diagnostics_near(d, 0, &a, &b, &km, xy);
    cr_assert(a == 0 && b == 1, "%zu %zu", a, b);
    cr_assert(fabs(km - want) < 1e-12, "%.12g", km);
    cr_assert(fabs(xy[0] - 5093.5) < 1e-9 && fabs(xy[1] - 5096.5) < 1e-9, "%g %g", xy[0], xy[1]);
    cr_assert(fabs(xy[2] - 5100) < 1e-9 && fabs(xy[3] - 5090) < 1e-9, "%g %g", xy[2], xy[3]);
    cr_assert_eq(rg_diagnostics_overlap_count(d), 0);
    cr_assert_eq(rg_diagnostics_isolated_count(d), 2);
    rg_diagnostics_isolated(d, 0, &region, &nearest, &km, xy);
    cr_assert(region == 0 && nearest == 1 && fabs(km - want) < 1e-12, "%zu %zu %.12g", region,
              nearest, km);
    rg_diagnostics_isolated(d, 1, &region, &nearest, &km, xy);
    cr_assert(region == 1 && nearest == 0 && fabs(km - want) < 1e-12, "%zu %zu %.12g", region,
              nearest, km);
    rg_diagnostics_free(d);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}
