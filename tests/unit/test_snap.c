/* Tolerant contiguity (snap), distances given by users, diagnostics and island links.
 *
 * Expected values come from hand calculation on the coordinates (each test says how), from the
 * peer count of the founding case's prefectures (970 queen pairs: libpysal's Queen and spdep's
 * poly2nb on maps/prefectures.shp), and from that map's own exact contiguity for the perturbed
 * copy (the perturbation is ours, so the clean map is the independent truth). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/adjacency_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/contiguity.h"
#include "leak_check.h"

RG_TEST_SUITE(snap);

#define PI 3.14159265358979323846

/* --- building layers ---------------------------------------------------------------------- */

static rg_regions *layer(int geographic, double unit_metres)
{
    rg_regions *r = NULL;
    cr_assert_eq(rg_i_regions_new("fixture", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, "", geographic, unit_metres), RG_OK);
    return r;
}

static void rect_region(rg_regions *r, const char *id, double x0, double y0, double x1, double y1)
{
    const double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1};
    cr_assert_eq(rg_i_regions_begin(r, id, id, NULL), RG_OK);
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, xy, 4), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
}

static rg_adjacency *build_snap(const rg_regions *r, rg_contiguity kind, double snap)
{
    rg_contiguity_options o;
    rg_adjacency *adj = NULL;
    memset(&o, 0, sizeof o);
    o.kind = kind;
    o.snap = snap;
    cr_assert_eq(rg_contiguity_build(r, &o, &adj), RG_OK, "contiguity: %s", rg_last_error());
    return adj;
}

/* Index of pair (a, b) in adj, or -1. */
static long find_pair(const rg_adjacency *adj, size_t a, size_t b)
{
    size_t k, n = rg_adjacency_count(adj);
    for (k = 0; k < n; k++) {
        size_t x, y;
        rg_adjacency_pair(adj, k, &x, &y, NULL, NULL);
        if (x == a && y == b)
            return (long)k;
    }
    return -1;
}

/* --- distances given by users -------------------------------------------------------------- */

Test(snap, distance_parse)
{
    double v = -1;
    rg_unit u = RG_UNIT_MAP;
    cr_assert_eq(rg_distance_parse("50m", &v, &u), RG_OK);
    cr_assert(v == 50 && u == RG_UNIT_METRE);
    cr_assert_eq(rg_distance_parse("0.05km", &v, &u), RG_OK);
    cr_assert(fabs(v - 50) < 1e-12 && u == RG_UNIT_METRE);
    cr_assert_eq(rg_distance_parse("0.001", &v, &u), RG_OK);
    cr_assert(v == 0.001 && u == RG_UNIT_MAP);
    cr_assert_eq(rg_distance_parse("0", &v, &u), RG_OK);
    cr_assert(v == 0 && u == RG_UNIT_MAP);
    cr_assert_eq(rg_distance_parse("2e1m", &v, &u), RG_OK);
    cr_assert(v == 20 && u == RG_UNIT_METRE);
    const char *bad[] = {"", "-1", "nan", "inf", "5 mi", "5mi", "m", "10 m", " 10m", "0x10",
                         "1e999", "10M", "+5", "5m "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_assert_eq(rg_distance_parse(bad[i], &v, &u), RG_ERR_ARG, "'%s' accepted", bad[i]);
        cr_assert(strstr(rg_last_error(), bad[i]) != NULL, "message '%s' does not quote '%s'",
                  rg_last_error(), bad[i]);
    }
    cr_assert_eq(rg_distance_parse(NULL, &v, &u), RG_ERR_ARG);
}

Test(snap, distance_to_layer)
{
    rg_regions *geo = layer(1, 1.0), *feet = layer(0, 0.3048), *metres = layer(0, 1.0);
    double w = 0;
    /* geographic: metres stay metres; degrees at 2 pi 6378137 / 360 = 111319.49 m (equator) */
    cr_assert_eq(rg_distance_to_layer(geo, 50, RG_UNIT_METRE, &w), RG_OK);
    cr_assert_eq(w, 50);
    cr_assert_eq(rg_distance_to_layer(geo, 0.001, RG_UNIT_MAP, &w), RG_OK);
    cr_assert(fabs(w - 111.31949079327357) < 1e-9, "%.12g", w);
    /* projected in feet: 50 m = 50 / 0.3048 ft; map units stay */
    cr_assert_eq(rg_distance_to_layer(feet, 50, RG_UNIT_METRE, &w), RG_OK);
    cr_assert(fabs(w - 164.04199475065616) < 1e-9, "%.12g", w);
    cr_assert_eq(rg_distance_to_layer(feet, 10, RG_UNIT_MAP, &w), RG_OK);
    cr_assert_eq(w, 10);
    cr_assert_eq(rg_distance_to_layer(metres, 10, RG_UNIT_METRE, &w), RG_OK);
    cr_assert_eq(w, 10);
    cr_assert_eq(rg_distance_to_layer(metres, -1, RG_UNIT_METRE, &w), RG_ERR_ARG);
    cr_assert_eq(rg_distance_to_layer(metres, NAN, RG_UNIT_MAP, &w), RG_ERR_ARG);
    rg_regions_free(geo);
    rg_regions_free(feet);
    rg_regions_free(metres);
}

Test(snap, options_checked)
{
    rg_regions *r = layer(0, 1.0);
    rg_contiguity_options o;
    rg_adjacency *adj = NULL;
    rect_region(r, "a", 0, 0, 1, 1);
    memset(&o, 0, sizeof o);
    o.snap = -1;
    cr_assert_eq(rg_contiguity_build(r, &o, &adj), RG_ERR_ARG);
    o.snap = INFINITY;
    cr_assert_eq(rg_contiguity_build(r, &o, &adj), RG_ERR_ARG);
    o.snap = 1;
    o.kind = (rg_contiguity)7;
    cr_assert_eq(rg_contiguity_build(r, &o, &adj), RG_ERR_ARG);
    cr_assert_null(adj);
    rg_regions_free(r);
}

/* --- hand-made layers ---------------------------------------------------------------------- */

/* 3x3 squares of 1000 m, 5 m apart: square (i, j) is [1005 i, 1005 i + 1000] x [1005 j, ...].
 * Snap 10 m. By hand:
 *  - side neighbours (12): each square's facing edge (1000 m) is 5 m from the other's. At each
 *    end of it, the last 5 m of the next edge (points (x, 1000) with 1005 - x <= 10) are within
 *    10 m of the other's corner; they count when no third square is nearer, i.e. at the grid's
 *    outer boundary only (inside, the square across the gap is 5 m away, nearer than the
 *    corner at 1005 - x >= 5 m). So a pair in the middle row or column (one of whose ends is
 *    inside and the other too) has 1000 m on each side, 1.000 km; a pair along the outside has
 *    one open end: 1005 m on each side, 1.005 km. Gap 5 m; rook;
 *  - diagonal neighbours (8): the corners are 5 sqrt 2 = 7.07 m apart; on each of the two
 *    edges at a corner, the points (1000, y) within 10 m of the other corner (1005, 1005) have
 *    1005 - y <= sqrt(10^2 - 5^2), a stretch of sqrt(75) - 5 = 3.66 m: 7.32 m per side, below
 *    2 x 10 m, so a point contact of length 0 (queen only), gap 7.07 m. */
static rg_regions *gapped_grid(void)
{
    rg_regions *r = layer(0, 1.0);
    char id[8];
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 3; i++) {
            snprintf(id, sizeof id, "%d%d", i, j);
            rect_region(r, id, 1005.0 * i, 1005.0 * j, 1005.0 * i + 1000, 1005.0 * j + 1000);
        }
    return r;
}

Test(snap, gapped_grid)
{
    rg_regions *r = gapped_grid();
    rg_adjacency *queen = build_snap(r, RG_CONTIGUITY_QUEEN, 10);
    rg_adjacency *rook = build_snap(r, RG_CONTIGUITY_ROOK, 10);
    rg_adjacency *exact = NULL;
    size_t k, nrook = 0;
    cr_assert_eq(rg_contiguity_build(r, NULL, &exact), RG_OK);
    cr_assert_eq(rg_adjacency_count(exact), 0, "exact mode sees no contact across 5 m gaps");
    cr_assert_eq(rg_adjacency_count(queen), 20);
    cr_assert_eq(rg_adjacency_count(rook), 12);
    for (k = 0; k < 20; k++) {
        size_t a, b, first, count;
        double km;
        int isrook;
        rg_adjacency_pair(queen, k, &a, &b, &km, &isrook);
        rg_adjacency_border(queen, k, &first, &count);
        size_t ia = a % 3, ja = a / 3, ib = b % 3, jb = b / 3; /* regions are row by row */
        int side = (ia == ib && jb - ja == 1) || (ja == jb && ib - ia == 1);
        int diag = labs((long)ia - (long)ib) == 1 && labs((long)ja - (long)jb) == 1;
        cr_assert(side || diag, "pair (%zu, %zu) is neither side nor diagonal", a, b);
        cr_assert_eq(isrook, side, "pair (%zu, %zu)", a, b);
        if (side) {
            /* a horizontal pair in row 1, or a vertical pair in column 1, is inside */
            double expect = (ja == jb ? ja == 1 : ia == 1) ? 1.000 : 1.005;
            nrook++;
            cr_assert(fabs(km - expect) < 1e-9, "pair (%zu, %zu): %.12g km, expected %.12g", a,
                      b, km, expect);
            cr_assert(fabs(rg_adjacency_gap_km(queen, k) - 0.005) < 1e-12);
            cr_assert_eq(rg_adjacency_contact(queen, k), RG_CONTACT_BORDER);
            /* one chain along a's boundary: its facing edge and the 5 m at an open end */
            cr_assert_eq(count, 1, "pair (%zu, %zu): %zu lines", a, b, count);
        } else {
            cr_assert_eq(km, 0);
            cr_assert(fabs(rg_adjacency_gap_km(queen, k) - 0.005 * sqrt(2.0)) < 1e-12);
            cr_assert_eq(rg_adjacency_contact(queen, k), RG_CONTACT_POINT);
            cr_assert_eq(count, 1);
        }
    }
    cr_assert_eq(nrook, 12);
    for (k = 0; k < 12; k++) {
        size_t a, b;
        double km;
        rg_adjacency_pair(rook, k, &a, &b, &km, NULL);
        cr_assert_eq(find_pair(queen, a, b) >= 0, 1);
    }
    /* 4 m: no pair at all; 7 m: sides only (7.07 m diagonals are out of reach) */
    rg_adjacency *small = build_snap(r, RG_CONTIGUITY_QUEEN, 4);
    cr_assert_eq(rg_adjacency_count(small), 0);
    rg_adjacency *mid = build_snap(r, RG_CONTIGUITY_QUEEN, 7);
    cr_assert_eq(rg_adjacency_count(mid), 12);
    rg_adjacency_free(small);
    rg_adjacency_free(mid);
    rg_adjacency_free(exact);
    rg_adjacency_free(queen);
    rg_adjacency_free(rook);
    rg_regions_free(r);
}

/* Two squares touching at one corner only, exactly: with 10 m tolerance each side has 10 m of
 * each of the two edges at the corner within reach, 20 m = twice the tolerance, not longer:
 * a point contact, queen and not rook, gap 0. */
Test(snap, corner_contact)
{
    rg_regions *r = layer(0, 1.0);
    rect_region(r, "a", -1000, -1000, 0, 0);
    rect_region(r, "b", 0, 0, 1000, 1000);
    rg_adjacency *queen = build_snap(r, RG_CONTIGUITY_QUEEN, 10);
    rg_adjacency *rook = build_snap(r, RG_CONTIGUITY_ROOK, 10);
    long k = find_pair(queen, 0, 1);
    cr_assert_geq(k, 0);
    int isrook = 1;
    double km = -1;
    rg_adjacency_pair(queen, (size_t)k, NULL, NULL, &km, &isrook);
    cr_assert_eq(isrook, 0);
    cr_assert_eq(km, 0);
    cr_assert_eq(rg_adjacency_gap_km(queen, (size_t)k), 0);
    cr_assert_lt(find_pair(rook, 0, 1), 0);
    rg_adjacency_free(queen);
    rg_adjacency_free(rook);
    rg_regions_free(r);
}

/* The sliver fixture (tools/make-snap-fixtures, tests/data/snap/README.md): A's top edge and
 * B's bottom edge run 5 m apart but no vertex is within 500 m of the other region's vertices.
 * Border length by hand: 1005 + sqrt(75) m (see the script). spdep's poly2nb(snap = 10) and
 * libpysal's Queen find no neighbours here (they compare vertices). */
Test(snap, sliver_fixture)
{
    rg_regions *r = NULL;
    rg_read_options opts;
    memset(&opts, 0, sizeof opts);
    cr_assert_eq(rg_regions_read_shapefile(RG_TEST_DATA "/snap/sliver.shp", &opts, &r), RG_OK,
                 "%s", rg_last_error());
    cr_assert_eq(rg_regions_count(r), 2);
    cr_assert_eq(rg_regions_crs_is_geographic(r), 0);
    rg_adjacency *adj = build_snap(r, RG_CONTIGUITY_ROOK, 10);
    cr_assert_eq(rg_adjacency_count(adj), 1);
    double km;
    int rook;
    rg_adjacency_pair(adj, 0, NULL, NULL, &km, &rook);
    cr_assert_eq(rook, 1);
    cr_assert(fabs(km - (1005 + sqrt(75.0)) / 1000) < 1e-9, "%.12g km", km);
    cr_assert(fabs(rg_adjacency_gap_km(adj, 0) - 0.005) < 1e-12);
    /* Measured geodesically (RG_CONTIGUITY_GEODESIC): the same stretches' ends transformed to
     * lon/lat and measured on WGS84 with pyproj (Transformer 32650 -> 4326, Geod('WGS84').inv):
     * A's side (0,-5)-(0,0)-(1000,0)-(1000,-5), B's side (-sqrt 75, 5)-(1000 + sqrt 75, 5), mean
     * 1.0109407 km (UTM's scale factor 500 km off its central meridian is 1.0027). */
    rg_contiguity_options o;
    rg_adjacency *geo = NULL;
    memset(&o, 0, sizeof o);
    o.kind = RG_CONTIGUITY_ROOK;
    o.snap = 10;
    o.flags = RG_CONTIGUITY_GEODESIC;
    cr_assert_eq(rg_contiguity_build(r, &o, &geo), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_adjacency_count(geo), 1);
    rg_adjacency_pair(geo, 0, NULL, NULL, &km, NULL);
    cr_assert(fabs(km - 1.0109407) < 1e-6, "%.9f km", km);
    rg_adjacency_free(geo);
    rg_adjacency *none = build_snap(r, RG_CONTIGUITY_QUEEN, 4);
    cr_assert_eq(rg_adjacency_count(none), 0);
    rg_adjacency_free(none);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* --- diagnostics and island links ---------------------------------------------------------- */

/* Projected, metres:
 *  0: [0, 1000]^2;
 *  1: [1020, 2020] x [0, 1000]: 20 m east of 0 (a near miss at snap 10);
 *  2: [200, 800] x [970, 1500]: its bottom corners (200, 970) and (800, 970) lie 30 m inside 0
 *     (0's top edge is y = 1000; its sides are 200 m away): an overlap 30 m deep;
 *  3: [5000, 6000] x [0, 1000]: isolated, 5000 - 2020 = 2980 m from 1, 4000 m from 0. */
static rg_regions *diagnose_layer(void)
{
    rg_regions *r = layer(0, 1.0);
    rect_region(r, "0", 0, 0, 1000, 1000);
    rect_region(r, "1", 1020, 0, 2020, 1000);
    rect_region(r, "2", 200, 970, 800, 1500);
    rect_region(r, "3", 5000, 0, 6000, 1000);
    return r;
}

Test(snap, diagnose)
{
    rg_regions *r = diagnose_layer();
    rg_adjacency *adj = build_snap(r, RG_CONTIGUITY_QUEEN, 10);
    rg_diagnostics *d = NULL;
    size_t a, b, region, nearest;
    double km, xy[4];
    /* only 0 and 2 meet (their boundaries cross) */
    cr_assert_eq(rg_adjacency_count(adj), 1);
    cr_assert_geq(find_pair(adj, 0, 2), 0);
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 10, 50, &d), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_diagnostics_near_count(d), 1);
    rg_diagnostics_near(d, 0, &a, &b, &km, xy);
    cr_assert(a == 0 && b == 1);
    cr_assert(fabs(km - 0.020) < 1e-12, "%.12g", km);
    cr_assert(fabs(xy[0] - 1000) < 1e-9 && fabs(xy[2] - 1020) < 1e-9 && fabs(xy[1] - xy[3]) < 1e-9);
    cr_assert_eq(rg_diagnostics_overlap_count(d), 1);
    rg_diagnostics_overlap(d, 0, &a, &b, &km, xy);
    cr_assert(a == 0 && b == 2);
    cr_assert(fabs(km - 0.030) < 1e-12, "%.12g", km);
    cr_assert(fabs(xy[1] - 970) < 1e-9 && (fabs(xy[0] - 200) < 1e-9 || fabs(xy[0] - 800) < 1e-9));
    cr_assert_eq(rg_diagnostics_isolated_count(d), 2);
    rg_diagnostics_isolated(d, 0, &region, &nearest, &km, xy);
    cr_assert(region == 1 && nearest == 0);
    cr_assert(fabs(km - 0.020) < 1e-12, "%.12g", km);
    cr_assert(fabs(xy[0] - 1020) < 1e-9 && fabs(xy[2] - 1000) < 1e-9);
    rg_diagnostics_isolated(d, 1, &region, &nearest, &km, xy);
    cr_assert(region == 3 && nearest == 1);
    cr_assert(fabs(km - 2.980) < 1e-12, "%.12g", km);
    cr_assert(fabs(xy[0] - 5000) < 1e-9 && fabs(xy[2] - 2020) < 1e-9);
    rg_diagnostics_free(d);
    /* a tolerance of 40 m swallows the 30 m overlap; 15 m of reach finds no near miss */
    d = NULL;
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 40, 15, &d), RG_OK);
    cr_assert_eq(rg_diagnostics_overlap_count(d), 0);
    cr_assert_eq(rg_diagnostics_near_count(d), 0);
    rg_diagnostics_free(d);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Issue 14: a ring with very many collinear vertices made the diagnostics quadratic (84 s for
 * 100,000 vertices on one edge: each vertex was searched against every segment of its own ring
 * in its cell). 0 = [0, 1000]^2 with 100,000 vertices on its east edge, 1 = [1000, 2000] x
 * [0, 1000] its neighbour, 2 = [2020, 3020] x [0, 1000] 20 m east of 1: one pair, one near miss
 * (1, 2) at 20 m, no overlap, 2 isolated with 1 its nearest. The diagnostics must stay within
 * half the contiguity's own time (+0.05 s; CPU time, so that a loaded machine, valgrind or the
 * sanitizers slow both alike; tools/bench-diagnostics measures 0.17-0.19, which leaves a margin
 * of two and a half); when quadratic they took 60 times as long. */
Test(snap, diagnose_collinear_ring, .timeout = 120)
{
    enum { N = 100000 };
    rg_regions *r = layer(0, 1.0);
    double *xy = malloc((N + 3) * 2 * sizeof *xy), km, t0, t1, t2, c;
    size_t k, n = 0, a, b, region, nearest;
    rg_adjacency *adj = NULL;
    rg_diagnostics *d = NULL;
    cr_assert_not_null(xy);
    xy[n++] = 0, xy[n++] = 0;
    for (k = 0; k <= N; k++)
        xy[n++] = 1000, xy[n++] = 1000.0 * (double)k / N;
    xy[n++] = 0, xy[n++] = 1000;
    cr_assert_eq(rg_i_regions_begin(r, "0", "0", NULL), RG_OK);
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, xy, n / 2), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    free(xy);
    rect_region(r, "1", 1000, 0, 2000, 1000);
    rect_region(r, "2", 2020, 0, 3020, 1000);
    t0 = cpu_seconds();
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK, "%s", rg_last_error());
    t1 = cpu_seconds();
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 100, &d), RG_OK, "%s", rg_last_error());
    t2 = cpu_seconds();
    cr_assert_eq(rg_adjacency_count(adj), 1);
    cr_assert_geq(find_pair(adj, 0, 1), 0);
    cr_assert_eq(rg_diagnostics_overlap_count(d), 0);
    cr_assert_eq(rg_diagnostics_near_count(d), 1);
    rg_diagnostics_near(d, 0, &a, &b, &km, NULL);
    cr_assert(a == 1 && b == 2 && fabs(km - 0.020) < 1e-12, "(%zu, %zu) %.12g", a, b, km);
    cr_assert_eq(rg_diagnostics_isolated_count(d), 1);
    rg_diagnostics_isolated(d, 0, &region, &nearest, &km, NULL);
    cr_assert(region == 2 && nearest == 1 && fabs(km - 0.020) < 1e-12);
    c = t1 - t0;
    cr_assert(t2 - t1 <= 0.5 * c + 0.05, "diagnostics %.3f s CPU against the contiguity's %.3f s",
              t2 - t1, c);
    rg_diagnostics_free(d);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* A region entirely inside another counts as an overlap: 1 = [400, 600]^2 inside 0 =
 * [0, 1000]^2, its vertices 400 m from 0's boundary. Their boundaries do not meet, so both are
 * isolated, each the other's nearest at 400 m. A lone region has no nearest (SIZE_MAX, NaN). */
Test(snap, diagnose_enclosed)
{
    rg_regions *r = layer(0, 1.0);
    rect_region(r, "0", 0, 0, 1000, 1000);
    rect_region(r, "1", 400, 400, 600, 600);
    rg_adjacency *adj = NULL;
    rg_diagnostics *d = NULL;
    size_t a, b, region, nearest;
    double km, xy[4];
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK);
    cr_assert_eq(rg_adjacency_count(adj), 0);
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 100, &d), RG_OK);
    cr_assert_eq(rg_diagnostics_overlap_count(d), 1);
    rg_diagnostics_overlap(d, 0, &a, &b, &km, xy);
    cr_assert(a == 0 && b == 1 && fabs(km - 0.4) < 1e-12, "(%zu, %zu) %.12g", a, b, km);
    cr_assert_eq(rg_diagnostics_near_count(d), 0);
    cr_assert_eq(rg_diagnostics_isolated_count(d), 2);
    rg_diagnostics_isolated(d, 1, &region, &nearest, &km, xy);
    cr_assert(region == 1 && nearest == 0 && fabs(km - 0.4) < 1e-12);
    rg_diagnostics_free(d);
    rg_adjacency_free(adj);
    rg_regions_free(r);

    r = layer(0, 1.0);
    rect_region(r, "alone", 0, 0, 1, 1);
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK);
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 1, &d), RG_OK);
    cr_assert_eq(rg_diagnostics_isolated_count(d), 1);
    rg_diagnostics_isolated(d, 0, &region, &nearest, &km, xy);
    cr_assert(region == 0 && nearest == SIZE_MAX && isnan(km));
    rg_diagnostics_free(d);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* Projected, metres, distances by hand:
 *  0: [0, 1000]^2; 1: [1100, 2100] x [0, 1000] (100 m from 0);
 *  2: [0, 1000] x [1300, 2300] (300 m from 0; from 1: corners (1000, 1300) and (1100, 1000),
 *     sqrt(100^2 + 300^2) = 316.228 m);
 *  3: [5000, 6000] x [0, 1000] (2900 m from 1, 4000 m from 0, from 2: (1000, 1300) to
 *     (5000, 1000), 4011.2 m). */
static rg_regions *islands_layer(void)
{
    rg_regions *r = layer(0, 1.0);
    rect_region(r, "0", 0, 0, 1000, 1000);
    rect_region(r, "1", 1100, 0, 2100, 1000);
    rect_region(r, "2", 0, 1300, 1000, 2300);
    rect_region(r, "3", 5000, 0, 6000, 1000);
    return r;
}

static void check_links(const rg_adjacency *adj, const size_t (*pairs)[2], const double *km,
                        size_t n)
{
    cr_assert_eq(rg_adjacency_count(adj), n, "%zu pairs, expected %zu", rg_adjacency_count(adj),
                 n);
    for (size_t k = 0; k < n; k++) {
        size_t a, b, first, count;
        double border;
        int rook;
        rg_adjacency_pair(adj, k, &a, &b, &border, &rook);
        cr_assert(a == pairs[k][0] && b == pairs[k][1], "pair %zu is (%zu, %zu)", k, a, b);
        if (km[k] < 0)
            continue; /* not a link */
        cr_assert_eq(rg_adjacency_contact(adj, k), RG_CONTACT_ISLAND);
        cr_assert_eq(border, 0);
        cr_assert_eq(rook, 0);
        cr_assert(fabs(rg_adjacency_gap_km(adj, k) - km[k]) < 1e-9, "(%zu, %zu): %.12g", a, b,
                  rg_adjacency_gap_km(adj, k));
        rg_adjacency_border(adj, k, &first, &count);
        cr_assert_eq(count, 1);
        const size_t *ps = rg_adjacency_line_pt_start(adj);
        const double *xy = rg_adjacency_xy(adj) + 2 * ps[first];
        cr_assert_eq(ps[first + 1] - ps[first], 2);
        cr_assert(fabs(hypot(xy[2] - xy[0], xy[3] - xy[1]) / 1000 - km[k]) < 1e-9);
    }
}

Test(snap, link_islands)
{
    rg_regions *r = islands_layer();
    rg_adjacency *adj = NULL;
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK);
    cr_assert_eq(rg_adjacency_link_islands(r, &adj, 1), RG_OK, "%s", rg_last_error());
    /* k = 1: 0 -> 1, 1 -> 0, 2 -> 0, 3 -> 1 */
    const size_t p1[][2] = {{0, 1}, {0, 2}, {1, 3}};
    const double k1[] = {0.1, 0.3, 2.9};
    check_links(adj, p1, k1, 3);
    rg_adjacency_free(adj);

    adj = NULL;
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK);
    cr_assert_eq(rg_adjacency_link_islands(r, &adj, 2), RG_OK);
    /* k = 2: 0 -> 1, 2; 1 -> 0, 2; 2 -> 0, 1; 3 -> 1, 0 */
    const size_t p2[][2] = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}};
    const double k2[] = {0.1, 0.3, 4.0, sqrt(100.0 * 100 + 300 * 300) / 1000, 2.9};
    check_links(adj, p2, k2, 5);
    rg_adjacency_free(adj);

    /* with 0 and 1 joined by a 150 m tolerance, only 2 and 3 are islands: 2 -> 0, 3 -> 1, and
     * the existing pair keeps its border */
    adj = build_snap(r, RG_CONTIGUITY_QUEEN, 150);
    cr_assert_eq(rg_adjacency_count(adj), 1);
    cr_assert_eq(rg_adjacency_link_islands(r, &adj, 1), RG_OK);
    const size_t p3[][2] = {{0, 1}, {0, 2}, {1, 3}};
    const double k3[] = {-1, 0.3, 2.9};
    check_links(adj, p3, k3, 3);
    cr_assert_eq(rg_adjacency_contact(adj, 0), RG_CONTACT_BORDER);
    cr_assert(fabs(rg_adjacency_gap_km(adj, 0) - 0.1) < 1e-12);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* --- the founding case: prefectures moved by a few tens of metres --------------------------- */

/* splitmix64: a fixed, portable sequence */
static uint64_t rng_state = 20260526;

static double uniform(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* A copy of src where every ring's every vertex moves by up to max_m metres in a uniformly random
 * direction (uniform over the disc), each ring's copy of a shared vertex independently. Metres
 * become degrees with the WGS84 radii of curvature at the vertex's latitude. */
static rg_regions *perturbed(const rg_regions *src, double max_m)
{
    const double a = 6378137.0, e2 = 0.0066943799901413165;
    const size_t *poly_start = rg_regions_poly_start(src), *ring_start = rg_regions_ring_start(src);
    const size_t *pt_start = rg_regions_pt_start(src);
    const double *xy = rg_regions_xy(src);
    rg_regions *r = NULL;
    double *buf = malloc(2 * rg_regions_point_count(src) * sizeof *buf);
    cr_assert_not_null(buf);
    cr_assert_eq(rg_i_regions_new("perturbed", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, rg_regions_crs_wkt(src), 1, 1.0), RG_OK);
    for (size_t i = 0; i < rg_regions_count(src); i++) {
        cr_assert_eq(rg_i_regions_begin(r, rg_regions_id(src, i), rg_regions_name(src, i), NULL),
                     RG_OK);
        for (size_t p = poly_start[i]; p < poly_start[i + 1]; p++) {
            cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
            for (size_t g = ring_start[p]; g < ring_start[p + 1]; g++) {
                size_t n = pt_start[g + 1] - pt_start[g] - 1; /* without the closing point */
                for (size_t k = 0; k < n; k++) {
                    const double *v = xy + 2 * (pt_start[g] + k);
                    double phi = v[1] * PI / 180, s = sin(phi), w = sqrt(1 - e2 * s * s);
                    double nrad = a / w, mrad = a * (1 - e2) / (w * w * w);
                    double dist = max_m * sqrt(uniform()), theta = 2 * PI * uniform();
                    buf[2 * k] = v[0] + dist * cos(theta) / (nrad * cos(phi)) * 180 / PI;
                    buf[2 * k + 1] = v[1] + dist * sin(theta) / mrad * 180 / PI;
                }
                cr_assert_eq(rg_i_regions_add_ring(r, buf, n), RG_OK);
            }
        }
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    free(buf);
    return r;
}

Test(snap, perturbed_prefectures, .timeout = 240)
{
    rg_regions *clean = NULL, *moved;
    rg_read_options opts;
    rg_adjacency *exact = NULL, *exact_moved = NULL, *snapped, *clean_snapped, *clean80;
    size_t n, k, big = 0, small = 0, over2 = 0;
    double worst_rel = 0, worst_abs = 0, worst_rel80 = 0, worst_abs_all = 0;
    memset(&opts, 0, sizeof opts);
    cr_assert_eq(rg_regions_read_shapefile(RG_TEST_DATA "/../../maps/prefectures.shp", &opts,
                                           &clean), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_contiguity_build(clean, NULL, &exact), RG_OK);
    n = rg_adjacency_count(exact);
    cr_assert_eq(n, 970, "clean queen pairs: %zu (libpysal and spdep: 970)", n);
    moved = perturbed(clean, 30);
    cr_assert_eq(rg_contiguity_build(moved, NULL, &exact_moved), RG_OK);
    cr_log_info("perturbed prefectures, exact mode: %zu pairs", rg_adjacency_count(exact_moved));
    cr_assert_lt(rg_adjacency_count(exact_moved), 970 / 20, "exact mode found %zu pairs",
                 rg_adjacency_count(exact_moved));
    /* 80 m: above the largest possible gap, 2 x 30 m, between two copies of a border */
    snapped = build_snap(moved, RG_CONTIGUITY_QUEEN, 80);
    clean80 = build_snap(clean, RG_CONTIGUITY_QUEEN, 80);
    cr_assert_eq(rg_adjacency_count(snapped), 970, "snap 80 m: %zu pairs",
                 rg_adjacency_count(snapped));
    cr_assert_eq(rg_adjacency_count(clean80), 970);
    for (k = 0; k < n; k++) {
        size_t a, b, x, y;
        double km, km2, km80, rel;
        rg_adjacency_pair(exact, k, &a, &b, &km, NULL);
        rg_adjacency_pair(snapped, k, &x, &y, &km2, NULL);
        cr_assert(a == x && b == y, "pair %zu: (%zu, %zu) vs clean (%zu, %zu)", k, x, y, a, b);
        rg_adjacency_pair(clean80, k, &x, &y, &km80, NULL);
        cr_assert(a == x && b == y);
        cr_assert_leq(rg_adjacency_gap_km(snapped, k), 0.080);
        if (km >= 5) {
            rel = fabs(km2 - km) / km;
            cr_assert_leq(rel, 0.02, "(%zu, %zu): %.4f km vs clean %.4f km", a, b, km2, km);
            big++;
            over2 += rel > 0.02;
            worst_rel = fmax(worst_rel, rel);
            worst_rel80 = fmax(worst_rel80, fabs(km2 - km80) / km80);
        } else {
            small++;
            worst_abs = fmax(worst_abs, fabs(km2 - km));
            cr_log_info("short border (%zu, %zu): %.4f km, clean %.4f km", a, b, km2, km);
            cr_assert_leq(fabs(km2 - km), 0.5, "(%zu, %zu): %.4f km vs clean %.4f km", a, b,
                          km2, km);
        }
        worst_abs_all = fmax(worst_abs_all, fabs(km2 - km));
    }
    cr_log_info("snap 80 m: %zu pairs; %zu borders >= 5 km: worst %.3f %% from exact (%zu over "
                "2 %%), worst %.3f %% from the clean map at 80 m; %zu shorter: worst %.3f km; "
                "worst absolute %.3f km", rg_adjacency_count(snapped), big, 100 * worst_rel,
                over2, 100 * worst_rel80, small, worst_abs, worst_abs_all);
    /* the clean map with 1 m: the same 970 pairs */
    clean_snapped = build_snap(clean, RG_CONTIGUITY_QUEEN, 1);
    cr_assert_eq(rg_adjacency_count(clean_snapped), 970);
    for (k = 0; k < n; k++) {
        size_t a, b, x, y;
        rg_adjacency_pair(exact, k, &a, &b, NULL, NULL);
        rg_adjacency_pair(clean_snapped, k, &x, &y, NULL, NULL);
        cr_assert(a == x && b == y);
    }
    rg_adjacency_free(clean_snapped);
    rg_adjacency_free(clean80);
    rg_adjacency_free(snapped);
    rg_adjacency_free(exact_moved);
    rg_adjacency_free(exact);
    rg_regions_free(moved);
    rg_regions_free(clean);
}

/* Diagnostics of the clean prefectures with exact contiguity and near = 1000 m. Expected values
 * from shapely's distance between the geometries in an azimuthal equidistant projection
 * centred near each pair (scale error well under 0.01 % at these distances), e.g.
 *   A = x[x.code == '710000'].to_crs('+proj=aeqd +lat_0=25 +lon_0=120.5 +datum=WGS84')
 *   A.geometry.iloc[0].distance(B.geometry.iloc[0]) / 1000   (B likewise for '350100'):
 *   near misses: 460200-469001 0.52043 km, 513400-530300 0.63510 km;
 *   isolated: 330900 (nearest 330200, 2.55582 km), 460300 (469006, 200.79705 km),
 *             710000 (350100, 127.40696 km). No overlaps (the map is topologically clean). */
Test(snap, diagnose_prefectures, .timeout = 240)
{
    rg_regions *r = NULL;
    rg_read_options opts;
    rg_adjacency *adj = NULL;
    rg_diagnostics *d = NULL;
    const char *iso_ids[3][2] = {{"330900", "330200"}, {"460300", "469006"}, {"710000", "350100"}};
    const double iso_km[3] = {2.55582, 200.79705, 127.40696};
    memset(&opts, 0, sizeof opts);
    cr_assert_eq(rg_regions_read_shapefile(RG_TEST_DATA "/../../maps/prefectures.shp", &opts, &r),
                 RG_OK);
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK);
    /* Within 1 km: Sanya-Wuzhishan 520 m and Liangshan-Qujing 635 m, but each pair
     * shares two neighbours (Ledong, Baoting; Zhaotong, Kunming): the gap is a third region's
     * wedge, so neither is a near miss. */
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 1000, &d), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_diagnostics_near_count(d), 0);
    cr_assert_eq(rg_diagnostics_near_total(d), 0);
    rg_diagnostics_free(d);
    d = NULL;
    {
        rg_adjacency *none = NULL;
        cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &none), RG_OK);
        cr_assert_eq(rg_contiguity_diagnose(r, none, 0, 1, &d), RG_OK, "%s", rg_last_error());
        rg_adjacency_free(none);
        /* every pair touches (0 m) without the adjacency: 970 misses, none kept beyond them */
        cr_assert_eq(rg_diagnostics_near_total(d), 970);
        rg_diagnostics_free(d);
        d = NULL;
    }
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 1000, &d), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_diagnostics_overlap_count(d), 0);
    cr_assert_eq(rg_diagnostics_isolated_count(d), 3);
    for (size_t k = 0; k < 3; k++) {
        size_t region, nearest;
        double km, xy[4];
        rg_diagnostics_isolated(d, k, &region, &nearest, &km, xy);
        cr_assert_str_eq(rg_regions_id(r, region), iso_ids[k][0]);
        cr_assert_str_eq(rg_regions_id(r, nearest), iso_ids[k][1]);
        cr_assert(fabs(km - iso_km[k]) < 2e-4 * iso_km[k], "%s: %.6f km", iso_ids[k][0], km);
    }
    rg_diagnostics_free(d);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* Regions without geometry take no part: a layer of one null region and one square has no pair,
 * one isolated region (the square) without a nearest, and nothing to link; a layer of null
 * regions only has nothing at all. */
Test(snap, null_regions)
{
    rg_regions *r = layer(0, 1.0);
    rg_adjacency *adj;
    rg_diagnostics *d = NULL;
    size_t region, nearest;
    double km, xy[4];
    cr_assert_eq(rg_i_regions_begin(r, "null", "null", NULL), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    rect_region(r, "square", 0, 0, 10, 10);
    adj = build_snap(r, RG_CONTIGUITY_QUEEN, 5);
    cr_assert_eq(rg_adjacency_count(adj), 0);
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 5, 50, &d), RG_OK);
    cr_assert_eq(rg_diagnostics_isolated_count(d), 1);
    rg_diagnostics_isolated(d, 0, &region, &nearest, &km, xy);
    cr_assert(region == 1 && nearest == SIZE_MAX && isnan(km));
    rg_diagnostics_free(d);
    cr_assert_eq(rg_adjacency_link_islands(r, &adj, 3), RG_OK);
    cr_assert_eq(rg_adjacency_count(adj), 0);
    rg_adjacency_free(adj);
    rg_regions_free(r);

    r = layer(1, 1.0);
    cr_assert_eq(rg_i_regions_begin(r, "null", "null", NULL), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    adj = build_snap(r, RG_CONTIGUITY_ROOK, 5);
    cr_assert_eq(rg_adjacency_count(adj), 0);
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 5, 50, &d), RG_OK);
    cr_assert_eq(rg_diagnostics_isolated_count(d) + rg_diagnostics_near_count(d) +
                 rg_diagnostics_overlap_count(d), 0);
    rg_diagnostics_free(d);
    cr_assert_eq(rg_adjacency_link_islands(r, &adj, 1), RG_OK);
    cr_assert_eq(rg_adjacency_count(adj), 0);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* The diagnostics search a copy of the boundaries in grid order when the layer's records are
 * scattered (diagnose_grid.c): the same 1602 regions in row order and in a shuffled order must
 * give the same records (regions by id). The layer: a 40 x 40 grid of 100 m squares; "near",
 * [4020, 4120] x [20, 80], 20 m east of square (39, 0) (28.3 m from (39, 1), beyond the 25 m
 * radius) and without neighbours; "over", [100, 300]^2, drawn over squares (1, 1), (2, 1),
 * (1, 2) and (2, 2) on the grid's lines: the vertex (200, 200) of each lies 100 m inside it, their
 * other vertices on its boundary (by hand). */
#define ORDER_SIDE 40
#define ORDER_N (ORDER_SIDE * ORDER_SIDE + 2)

static void order_region(rg_regions *r, size_t k)
{
    char id[48];
    if (k == ORDER_N - 2) {
        rect_region(r, "near", 4020, 20, 4120, 80);
    } else if (k == ORDER_N - 1) {
        rect_region(r, "over", 100, 100, 300, 300);
    } else {
        double x = 100.0 * (double)(k % ORDER_SIDE), y = 100.0 * (double)(k / ORDER_SIDE);
        snprintf(id, sizeof id, "%zu,%zu", k % ORDER_SIDE, k / ORDER_SIDE);
        rect_region(r, id, x, y, x + 100, y + 100);
    }
}

static int strcmp_ptr(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* "kind a b km x0 y0 [x1 y1]" lines of the diagnostics, regions by id (a pair's lower id
 * first: the records put the lower index first), sorted. */
static char **order_lines(const rg_regions *r, const rg_diagnostics *d, size_t *n)
{
    size_t k, a, b, cnt = rg_diagnostics_near_count(d) + rg_diagnostics_overlap_count(d) +
                          rg_diagnostics_isolated_count(d), i = 0;
    char **v = calloc(cnt + 1, sizeof *v);
    double km, xy[4];
    cr_assert_not_null(v);
    for (k = 0; k < rg_diagnostics_near_count(d); k++, i++) {
        rg_diagnostics_near(d, k, &a, &b, &km, xy);
        if (strcmp(rg_regions_id(r, a), rg_regions_id(r, b)) > 0) { /* the pair by id */
            double t[2] = {xy[0], xy[1]};
            size_t c = a;
            a = b, b = c;
            xy[0] = xy[2], xy[1] = xy[3], xy[2] = t[0], xy[3] = t[1];
        }
        cr_assert_not_null(v[i] = malloc(256));
        cr_assert(snprintf(v[i], 256, "near %s %s %.17g %.17g %.17g %.17g %.17g",
                           rg_regions_id(r, a), rg_regions_id(r, b), km, xy[0], xy[1], xy[2],
                           xy[3]) > 0);
    }
    for (k = 0; k < rg_diagnostics_overlap_count(d); k++, i++) {
        rg_diagnostics_overlap(d, k, &a, &b, &km, xy);
        if (strcmp(rg_regions_id(r, a), rg_regions_id(r, b)) > 0) {
            size_t c = a;
            a = b, b = c;
        }
        cr_assert_not_null(v[i] = malloc(256));
        cr_assert(snprintf(v[i], 256, "over %s %s %.17g %.17g %.17g", rg_regions_id(r, a),
                           rg_regions_id(r, b), km, xy[0], xy[1]) > 0);
    }
    for (k = 0; k < rg_diagnostics_isolated_count(d); k++, i++) {
        rg_diagnostics_isolated(d, k, &a, &b, &km, xy);
        cr_assert_not_null(v[i] = malloc(256));
        cr_assert(snprintf(v[i], 256, "isolated %s %s %.17g %.17g %.17g %.17g %.17g",
                           rg_regions_id(r, a), rg_regions_id(r, b), km, xy[0], xy[1], xy[2],
                           xy[3]) > 0);
    }
    qsort(v, cnt, sizeof *v, strcmp_ptr);
    *n = cnt;
    return v;
}

Test(snap, diagnose_record_order)
{
    size_t perm[ORDER_N], k, n0, n1;
    rg_regions *r0 = layer(0, 1.0), *r1 = layer(0, 1.0);
    rg_adjacency *a0, *a1;
    rg_diagnostics *d0 = NULL, *d1 = NULL;
    char **v0, **v1;
    uint64_t s = 12345;
    for (k = 0; k < ORDER_N; k++)
        perm[k] = k;
    for (k = ORDER_N - 1; k > 0; k--) { /* Fisher-Yates with a fixed LCG */
        size_t j, t;
        s = s * 6364136223846793005u + 1442695040888963407u;
        j = (size_t)((s >> 33) % (k + 1));
        t = perm[k], perm[k] = perm[j], perm[j] = t;
    }
    for (k = 0; k < ORDER_N; k++) {
        order_region(r0, k);
        order_region(r1, perm[k]);
    }
    a0 = build_snap(r0, RG_CONTIGUITY_QUEEN, 0);
    a1 = build_snap(r1, RG_CONTIGUITY_QUEEN, 0);
    cr_assert_eq(rg_contiguity_diagnose(r0, a0, 0, 25, &d0), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_contiguity_diagnose(r1, a1, 0, 25, &d1), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_diagnostics_near_count(d0), 1);
    cr_assert_eq(rg_diagnostics_overlap_count(d0), 4);
    cr_assert_eq(rg_diagnostics_isolated_count(d0), 1);
    v0 = order_lines(r0, d0, &n0);
    v1 = order_lines(r1, d1, &n1);
    cr_assert_eq(n0, n1);
    for (k = 0; k < n0; k++)
        cr_assert_str_eq(v0[k], v1[k]);
    cr_assert_str_eq(v0[0], "isolated near 39,0 0.02 4020 20 4000 20");
    cr_assert_str_eq(v0[1], "near 39,0 near 0.02 4000 20 4020 20");
    for (k = 2; k < 6; k++)
        cr_assert(strstr(v0[k], "over ") == v0[k] && strstr(v0[k], " 0.10000000000000001 200 200"),
                  "%s", v0[k]);
    for (k = 0; k < n0; k++) {
        free(v0[k]);
        free(v1[k]);
    }
    free(v0);
    free(v1);
    rg_diagnostics_free(d0);
    rg_diagnostics_free(d1);
    rg_adjacency_free(a0);
    rg_adjacency_free(a1);
    rg_regions_free(r0);
    rg_regions_free(r1);
}
