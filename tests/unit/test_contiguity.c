/* Contiguity on hand-made layers built in memory (no shapefile reader involved). Every fixture
 * states its expected pairs, lengths and border lines, worked out by hand from the coordinates.
 * Unless a test says otherwise the layers are projected with a unit of 1000 m, so one unit of
 * coordinates is exactly one kilometre of border. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/regions_internal.h"
#include "regiongraph/contiguity.h"
#include "leak_check.h"

RG_TEST_SUITE(contiguity);

/* --- building layers ---------------------------------------------------------------------- */

static rg_regions *layer(int geographic, double unit_metres)
{
    rg_regions *r = NULL;
    cr_assert_eq(rg_i_regions_new("fixture", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, "", geographic, unit_metres), RG_OK);
    return r;
}

static void begin(rg_regions *r, const char *id)
{
    cr_assert_eq(rg_i_regions_begin(r, id, id, NULL), RG_OK);
}

static void part(rg_regions *r)
{
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
}

static void ring(rg_regions *r, const double *xy, size_t npts)
{
    cr_assert_eq(rg_i_regions_add_ring(r, xy, npts), RG_OK);
}

static void end(rg_regions *r)
{
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
}

/* A region that is one polygon of npts points (the builder closes the ring). */
static void polygon_region(rg_regions *r, const char *id, const double *xy, size_t npts)
{
    begin(r, id);
    part(r);
    ring(r, xy, npts);
    end(r);
}

static void rect_region(rg_regions *r, const char *id, double x0, double y0, double x1, double y1)
{
    const double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1};
    polygon_region(r, id, xy, 4);
}

static rg_adjacency *build(const rg_regions *r, rg_contiguity kind)
{
    rg_adjacency *adj = NULL;
    rg_contiguity_options o = {.kind = kind};
    rg_status st = rg_contiguity_build(r, &o, &adj);
    cr_assert_eq(st, RG_OK, "contiguity failed: %s", rg_last_error());
    cr_assert_not_null(adj);
    return adj;
}

/* --- checking results --------------------------------------------------------------------- */

typedef struct expect {
    size_t a, b;
    double km;
    int rook;
    size_t lines;
} expect;

/* The adjacency holds exactly the expected pairs, in the expected (sorted) order. */
static void check_pairs(const rg_adjacency *adj, const expect *e, size_t n, double tol)
{
    size_t k;
    cr_assert_eq(rg_adjacency_count(adj), n, "pairs: %zu, expected %zu", rg_adjacency_count(adj),
                 n);
    for (k = 0; k < n; k++) {
        size_t a, b, first, count;
        double km;
        int rook;
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        rg_adjacency_border(adj, k, &first, &count);
        cr_assert(a == e[k].a && b == e[k].b, "pair %zu is (%zu, %zu), expected (%zu, %zu)", k, a,
                  b, e[k].a, e[k].b);
        cr_assert_eq(rook, e[k].rook, "pair (%zu, %zu): rook %d", a, b, rook);
        cr_assert(fabs(km - e[k].km) <= tol, "pair (%zu, %zu): %.15g km, expected %.15g", a, b,
                  km, e[k].km);
        cr_assert_eq(count, e[k].lines, "pair (%zu, %zu): %zu lines, expected %zu", a, b, count,
                     e[k].lines);
    }
}

/* Points of line j (counted within pair k) and how many. */
static const double *line_of(const rg_adjacency *adj, size_t k, size_t j, size_t *npts)
{
    size_t first, count;
    const size_t *pt_start = rg_adjacency_line_pt_start(adj);
    rg_adjacency_border(adj, k, &first, &count);
    cr_assert_lt(j, count);
    *npts = pt_start[first + j + 1] - pt_start[first + j];
    return rg_adjacency_xy(adj) + 2 * pt_start[first + j];
}

static int same_point(const double *p, double x, double y, double tol)
{
    return fabs(p[0] - x) <= tol && fabs(p[1] - y) <= tol;
}

/* Line j of pair k is exactly the polyline pts (npts points), in this or the reverse order. */
static void check_line(const rg_adjacency *adj, size_t k, size_t j, const double *pts,
                       size_t npts)
{
    size_t n, i;
    const double *xy = line_of(adj, k, j, &n);
    int forward = 1, backward = 1;
    cr_assert_eq(n, npts, "pair %zu line %zu: %zu points, expected %zu", k, j, n, npts);
    for (i = 0; i < n; i++) {
        forward &= same_point(xy + 2 * i, pts[2 * i], pts[2 * i + 1], 0);
        backward &= same_point(xy + 2 * i, pts[2 * (n - 1 - i)], pts[2 * (n - 1 - i) + 1], 0);
    }
    cr_assert(forward || backward, "pair %zu line %zu: points differ from the expected polyline",
              k, j);
}

/* Line j of pair k is the closed ring pts (npts distinct points, not repeated at the end),
 * starting anywhere and running either way. */
static void check_closed_line(const rg_adjacency *adj, size_t k, size_t j, const double *pts,
                              size_t npts)
{
    size_t n, i, s;
    const double *xy = line_of(adj, k, j, &n);
    int found = 0;
    cr_assert_eq(n, npts + 1, "pair %zu line %zu: %zu points, expected a closed %zu", k, j, n,
                 npts + 1);
    cr_assert(same_point(xy, xy[2 * npts], xy[2 * npts + 1], 0), "line is not closed");
    for (s = 0; s < npts && !found; s++) {
        int fw = 1, bw = 1;
        for (i = 0; i < npts; i++) {
            size_t f = (s + i) % npts, b = (s + npts - i) % npts;
            fw &= same_point(xy + 2 * i, pts[2 * f], pts[2 * f + 1], 0);
            bw &= same_point(xy + 2 * i, pts[2 * b], pts[2 * b + 1], 0);
        }
        found = fw || bw;
    }
    cr_assert(found, "pair %zu line %zu is not the expected ring", k, j);
}

/* --- fixtures ----------------------------------------------------------------------------- */

/* 2 x 2 unit squares:   2 3      0 = [0,1]x[0,1]  1 = [1,2]x[0,1]
 *                       0 1      2 = [0,1]x[1,2]  3 = [1,2]x[1,2]
 * By hand:
 *   0-1 share x=1, y 0..1   1 km     0-2 share y=1, x 0..1   1 km
 *   1-3 share y=1, x 1..2   1 km     2-3 share x=1, y 1..2   1 km
 *   0-3 and 1-2 meet only at the centre (1,1): queen point contacts.
 * Queen: 6 pairs; rook: 4. */
static rg_regions *two_by_two(void)
{
    rg_regions *r = layer(0, 1000.0);
    rect_region(r, "0", 0, 0, 1, 1);
    rect_region(r, "1", 1, 0, 2, 1);
    rect_region(r, "2", 0, 1, 1, 2);
    rect_region(r, "3", 1, 1, 2, 2);
    return r;
}

Test(contiguity, corner_contacts_in_a_two_by_two_grid)
{
    rg_regions *r = two_by_two();
    rg_adjacency *queen = build(r, RG_CONTIGUITY_QUEEN), *rook = build(r, RG_CONTIGUITY_ROOK);
    const expect eq[] = {{0, 1, 1.0, 1, 1}, {0, 2, 1.0, 1, 1}, {0, 3, 0.0, 0, 1},
                         {1, 2, 0.0, 0, 1}, {1, 3, 1.0, 1, 1}, {2, 3, 1.0, 1, 1}};
    const expect er[] = {{0, 1, 1.0, 1, 1}, {0, 2, 1.0, 1, 1}, {1, 3, 1.0, 1, 1},
                         {2, 3, 1.0, 1, 1}};
    const double centre[] = {1, 1};
    const double edge01[] = {1, 0, 1, 1}, edge02[] = {0, 1, 1, 1};
    check_pairs(queen, eq, 6, 1e-12);
    check_pairs(rook, er, 4, 1e-12);
    check_line(queen, 2, 0, centre, 1); /* 0-3 touch at (1,1) */
    check_line(queen, 3, 0, centre, 1); /* 1-2 touch at (1,1) */
    check_line(queen, 0, 0, edge01, 2);
    check_line(rook, 1, 0, edge02, 2);
    rg_adjacency_free(queen);
    rg_adjacency_free(rook);
    rg_regions_free(r);
}

/* No options: queen (the corner pairs 0-3 and 1-2 are there), exact. */
Test(contiguity, null_options_mean_queen_exact)
{
    rg_regions *r = two_by_two();
    rg_adjacency *adj = NULL;
    const expect eq[] = {{0, 1, 1.0, 1, 1}, {0, 2, 1.0, 1, 1}, {0, 3, 0.0, 0, 1},
                         {1, 2, 0.0, 0, 1}, {1, 3, 1.0, 1, 1}, {2, 3, 1.0, 1, 1}};
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK, "%s", rg_last_error());
    check_pairs(adj, eq, 6, 1e-12);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* T-junctions.
 *   A = [0,2]x[0,1] (its top edge (2,1)-(0,1) is one segment)
 *   B = [0,1]x[1,2], C = [1,2]x[1,2]: their common vertex (1,1) lies in the middle of A's top
 *   edge, where A has no vertex.
 * A-B share y=1, x 0..1 (1 km); A-C share y=1, x 1..2 (1 km); B-C share x=1, y 1..2 (1 km). */
Test(contiguity, t_junction_vertex_in_the_middle_of_an_edge)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const expect e[] = {{0, 1, 1.0, 1, 1}, {0, 2, 1.0, 1, 1}, {1, 2, 1.0, 1, 1}};
    const double ab[] = {0, 1, 1, 1}, ac[] = {1, 1, 2, 1};
    rect_region(r, "A", 0, 0, 2, 1);
    rect_region(r, "B", 0, 1, 1, 2);
    rect_region(r, "C", 1, 1, 2, 2);
    adj = build(r, RG_CONTIGUITY_ROOK);
    check_pairs(adj, e, 3, 1e-12);
    check_line(adj, 0, 0, ab, 2);
    check_line(adj, 1, 0, ac, 2);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* A triangle whose apex (1,1) touches the middle of the rectangle [0,2]x[0,1]'s top edge: the
 * only contact is that point, which is a vertex of the triangle only. Queen: one pair, 0 km, one
 * line of one point (1,1). Rook: no pair. Run with the triangle first and last, so both the
 * lower and the higher region own the vertex. */
Test(contiguity, t_junction_point_contact_is_queen_only)
{
    const double tri[] = {1, 1, 2, 3, 0, 3};
    const double apex[] = {1, 1};
    int order;
    for (order = 0; order < 2; order++) {
        rg_regions *r = layer(0, 1000.0);
        rg_adjacency *queen, *rook;
        const expect e[] = {{0, 1, 0.0, 0, 1}};
        if (order == 0)
            polygon_region(r, "tri", tri, 3);
        rect_region(r, "rect", 0, 0, 2, 1);
        if (order == 1)
            polygon_region(r, "tri", tri, 3);
        queen = build(r, RG_CONTIGUITY_QUEEN);
        rook = build(r, RG_CONTIGUITY_ROOK);
        check_pairs(queen, e, 1, 0);
        check_line(queen, 0, 0, apex, 1);
        cr_assert_eq(rg_adjacency_count(rook), 0);
        rg_adjacency_free(queen);
        rg_adjacency_free(rook);
        rg_regions_free(r);
    }
}

/* One long edge against a neighbour whose edge is split into several pieces, partly beyond it.
 *   A = [0,4]x[0,1]: top edge (4,1)-(0,1) is a single segment.
 *   B above A: bottom edge runs from (-1,1) to (5,1) through vertices (1,1) and (3,1):
 *     ring (-1,1) (1,1) (3,1) (5,1) (5,2) (-1,2).
 * Shared stretch: x 0..4 at y=1 = 4 km, chained as one line (0,1) (1,1) (3,1) (4,1): its ends
 * are A's vertices, its middle B's. */
Test(contiguity, neighbour_edge_split_into_pieces_along_one_long_edge)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const double b[] = {-1, 1, 1, 1, 3, 1, 5, 1, 5, 2, -1, 2};
    const expect e[] = {{0, 1, 4.0, 1, 1}};
    const double line[] = {0, 1, 1, 1, 3, 1, 4, 1};
    rect_region(r, "A", 0, 0, 4, 1);
    polygon_region(r, "B", b, 6);
    adj = build(r, RG_CONTIGUITY_ROOK);
    check_pairs(adj, e, 1, 1e-12);
    check_line(adj, 0, 0, line, 4);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* Collinear segments that overlap without sharing any vertex: A = [0,4]x[0,1] and
 * B = [2,6]x[1,2] overlap along y=1 for x 2..4: 2 km, line (2,1)-(4,1) whose ends are B's
 * (2,1) and A's (4,1). */
Test(contiguity, partial_overlap_with_different_vertices)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const expect e[] = {{0, 1, 2.0, 1, 1}};
    const double line[] = {2, 1, 4, 1};
    rect_region(r, "A", 0, 0, 4, 1);
    rect_region(r, "B", 2, 1, 6, 2);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 1, 1e-12);
    check_line(adj, 0, 0, line, 2);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* A T-junction on a diagonal edge, at realistic projected magnitudes, where the inserted vertex
 * cannot lie exactly on the edge in floating point:
 *   A = triangle (0,0) (3,0) (3,1)         (offset by (500000, 4000000))
 *   B = (0,0) (1,1/3) (3,1) (0,1)         B has an extra vertex on the diagonal
 * They share the diagonal (0,0)-(3,1): sqrt(10) = 3.16227766016838 km, as one line of three
 * points. */
Test(contiguity, rounded_vertex_on_a_diagonal_edge)
{
    const double ox = 500000, oy = 4000000;
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const double a[] = {ox, oy, ox + 3, oy, ox + 3, oy + 1};
    const double b[] = {ox, oy, ox + 1, oy + 1.0 / 3.0, ox + 3, oy + 1, ox, oy + 1};
    const expect e[] = {{0, 1, sqrt(10.0), 1, 1}};
    const double line[] = {ox, oy, ox + 1, oy + 1.0 / 3.0, ox + 3, oy + 1};
    polygon_region(r, "A", a, 3);
    polygon_region(r, "B", b, 4);
    adj = build(r, RG_CONTIGUITY_ROOK);
    check_pairs(adj, e, 1, 1e-9);
    check_line(adj, 0, 0, line, 3);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* Holes and an enclave.
 *   0 R = [0,3]^2 with a hole [1,2]^2
 *   1 S = [1,2]^2, filling the hole (an enclave)
 *   2 T = [3,4]x[0,3], east of R
 *   3 U = [10,11]^2, far away: no neighbour
 * R-S: the hole's perimeter, 4 km, one closed line (1,1) (2,1) (2,2) (1,2) (1,1).
 * R-T: x=3, y 0..3, 3 km. S-T and anything with U: nothing. */
Test(contiguity, hole_enclave_and_isolated_region)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const double outer[] = {0, 0, 3, 0, 3, 3, 0, 3};
    const double hole[] = {1, 1, 1, 2, 2, 2, 2, 1};
    const double ring_pts[] = {1, 1, 2, 1, 2, 2, 1, 2};
    const double rt[] = {3, 0, 3, 3};
    const expect e[] = {{0, 1, 4.0, 1, 1}, {0, 2, 3.0, 1, 1}};
    begin(r, "R");
    part(r);
    ring(r, outer, 4);
    ring(r, hole, 4);
    end(r);
    rect_region(r, "S", 1, 1, 2, 2);
    rect_region(r, "T", 3, 0, 4, 3);
    rect_region(r, "U", 10, 10, 11, 11);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 2, 1e-12);
    check_closed_line(adj, 0, 0, ring_pts, 4);
    check_line(adj, 1, 0, rt, 2);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* A region of two parts touching different neighbours.
 *   0 M = parts [0,1]x[0,1] and [5,6]x[0,1]
 *   1 X = [1,2]x[0,1]      touches M's first part along x=1 (1 km)
 *   2 Y = [4,5]x[0,1]      touches M's second part along x=5 (1 km)
 *   3 Z = [0,6]x[1,2]      above all three: its bottom edge is one segment (0,1)-(6,1)
 * M-Z: two separate stretches, x 0..1 and 5..6: 2 km in two lines. X-Z: x 1..2, 1 km;
 * Y-Z: x 4..5, 1 km. X and Y do not meet. M-X and M-Y: 1 km each. */
Test(contiguity, multipart_region_touches_through_different_parts)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const double p1[] = {0, 0, 1, 0, 1, 1, 0, 1}, p2[] = {5, 0, 6, 0, 6, 1, 5, 1};
    const expect e[] = {{0, 1, 1.0, 1, 1}, {0, 2, 1.0, 1, 1}, {0, 3, 2.0, 1, 2},
                        {1, 3, 1.0, 1, 1}, {2, 3, 1.0, 1, 1}};
    size_t n0, n1;
    const double *l0, *l1;
    begin(r, "M");
    part(r);
    ring(r, p1, 4);
    part(r);
    ring(r, p2, 4);
    end(r);
    rect_region(r, "X", 1, 0, 2, 1);
    rect_region(r, "Y", 4, 0, 5, 1);
    rect_region(r, "Z", 0, 1, 6, 2);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 5, 1e-12);
    /* the two M-Z lines, in either order: (0,1)-(1,1) and (5,1)-(6,1) */
    l0 = line_of(adj, 2, 0, &n0);
    l1 = line_of(adj, 2, 1, &n1);
    cr_assert(n0 == 2 && n1 == 2);
    cr_assert(fmin(fmin(l0[0], l0[2]), fmin(l1[0], l1[2])) == 0 &&
              fmax(fmax(l0[0], l0[2]), fmax(l1[0], l1[2])) == 6 && l0[1] == 1 && l1[3] == 1);
    cr_assert(fabs(fabs(l0[2] - l0[0]) - 1) == 0 && fabs(fabs(l1[2] - l1[0]) - 1) == 0);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* Self-touching rings must simply work.
 *   0 B = hourglass ring (0,0) (2,0) (1,1) (2,2) (0,2) (1,1): two triangles meeting at (1,1),
 *         the ring passes (1,1) twice.
 *   1 L = (-1,0) (0,0) (1,1) (0,2) (-1,2): fills B's left notch.
 *   2 R = (2,0) (3,0) (3,2) (2,2) (1,1): fills B's right notch.
 * B-L share (0,0)-(1,1)-(0,2): 2*sqrt(2) km as one line through (1,1); B-R likewise.
 * L-R meet only at (1,1): a queen point contact. */
Test(contiguity, self_touching_ring)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const double b[] = {0, 0, 2, 0, 1, 1, 2, 2, 0, 2, 1, 1};
    const double l[] = {-1, 0, 0, 0, 1, 1, 0, 2, -1, 2};
    const double rr[] = {2, 0, 3, 0, 3, 2, 2, 2, 1, 1};
    const expect e[] = {{0, 1, 2 * sqrt(2.0), 1, 1}, {0, 2, 2 * sqrt(2.0), 1, 1},
                        {1, 2, 0.0, 0, 1}};
    const double bl[] = {0, 0, 1, 1, 0, 2}, br[] = {2, 0, 1, 1, 2, 2}, mid[] = {1, 1};
    polygon_region(r, "B", b, 6);
    polygon_region(r, "L", l, 5);
    polygon_region(r, "R", rr, 5);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 3, 1e-12);
    check_line(adj, 0, 0, bl, 3);
    check_line(adj, 1, 0, br, 3);
    check_line(adj, 2, 0, mid, 1);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* Repeated consecutive points (zero-length segments), as found in real shapefiles.
 *   A = [0,1]^2 plain.
 *   B = (1,0) (2,0) (2,1) (1,1) (1,1) (1,0.5) (1,0.5) (1,0): B's left edge x=1 is split at
 *       (1,0.5) and both (1,1) and (1,0.5) are repeated.
 * A-B share x=1, y 0..1: 1 km, one line (1,0) (1,0.5) (1,1) with no repeated point. */
Test(contiguity, repeated_points_are_harmless)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const double b[] = {1, 0, 2, 0, 2, 1, 1, 1, 1, 1, 1, 0.5, 1, 0.5, 1, 0};
    const expect e[] = {{0, 1, 1.0, 1, 1}};
    const double line[] = {1, 0, 1, 0.5, 1, 1};
    rect_region(r, "A", 0, 0, 1, 1);
    polygon_region(r, "B", b, 8);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 1, 1e-12);
    check_line(adj, 0, 0, line, 3);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* The same hourglass as an enclave: H = the hourglass; F = the square [-1,3]^2 with the
 * hourglass as its hole. Their border is the whole hourglass outline, which passes (1,1) twice:
 * (1,1) joins four stretches, so the border is two lines, each a closed loop through (1,1):
 * the lower triangle (1,1) (0,0) (2,0) (1,1) and the upper (1,1) (2,2) (0,2) (1,1).
 * Length: two triangles of perimeter 2 + 2*sqrt(2): 4 + 4*sqrt(2) km. */
Test(contiguity, border_through_a_self_touching_point_splits_there)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const double h[] = {0, 0, 2, 0, 1, 1, 2, 2, 0, 2, 1, 1};
    const double outer[] = {-1, -1, 3, -1, 3, 3, -1, 3};
    const expect e[] = {{0, 1, 4 + 4 * sqrt(2.0), 1, 2}};
    const double lower[] = {1, 1, 0, 0, 2, 0}, upper[] = {1, 1, 2, 2, 0, 2};
    size_t n0, n1;
    const double *l0, *l1;
    polygon_region(r, "H", h, 6);
    begin(r, "F");
    part(r);
    ring(r, outer, 4);
    ring(r, h, 6);
    end(r);
    adj = build(r, RG_CONTIGUITY_ROOK);
    check_pairs(adj, e, 1, 1e-12);
    l0 = line_of(adj, 0, 0, &n0);
    l1 = line_of(adj, 0, 1, &n1);
    /* both loops start and end at the junction (1,1) */
    cr_assert(n0 == 4 && n1 == 4);
    cr_assert(same_point(l0, 1, 1, 0) && same_point(l0 + 6, 1, 1, 0));
    cr_assert(same_point(l1, 1, 1, 0) && same_point(l1 + 6, 1, 1, 0));
    if (l0[3] < 1) { /* the lower loop came first */
        check_closed_line(adj, 0, 0, lower, 3);
        check_closed_line(adj, 0, 1, upper, 3);
    } else {
        check_closed_line(adj, 0, 0, upper, 3);
        check_closed_line(adj, 0, 1, lower, 3);
    }
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* A dense spot in a sparse layer: A and B share a zigzag of N = 16384 segments, each from
 * (i/8192, 1 + (i odd)/8192) to the next, so each is sqrt(2)/8192 long and the whole border
 * is 16384 * sqrt(2) / 8192 = 2 sqrt(2) km, one line of 16385 points. C, a 1000-unit square
 * far away, makes the layer's grid cells so coarse that the whole zigzag falls in one cell:
 * the cell must be split or the scan is quadratic (about 5e8 comparisons; with the split this
 * test takes milliseconds). C has no neighbour. */
Test(contiguity, dense_spot_in_a_sparse_layer)
{
    enum { N = 16384 };
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    double *a = malloc(2 * (N + 3) * sizeof *a), *b = malloc(2 * (N + 3) * sizeof *b);
    const expect e[] = {{0, 1, 2 * sqrt(2.0), 1, 1}};
    size_t i, n;
    const double *line;
    cr_assert(a && b);
    /* A: along the bottom, then back along the zigzag; B: along the zigzag, then the top */
    a[0] = 0, a[1] = 0, a[2] = 2, a[3] = 0;
    for (i = 0; i <= N; i++) {
        size_t j = N - i;
        a[4 + 2 * i] = (double)j / 8192;
        a[5 + 2 * i] = 1 + (double)(j % 2) / 8192;
        b[2 * i] = (double)i / 8192;
        b[2 * i + 1] = 1 + (double)(i % 2) / 8192;
    }
    b[2 * (N + 1)] = 2, b[2 * (N + 1) + 1] = 3;
    b[2 * (N + 2)] = 0, b[2 * (N + 2) + 1] = 3;
    polygon_region(r, "A", a, N + 3);
    polygon_region(r, "B", b, N + 3);
    rect_region(r, "C", 1000, 1000, 2000, 2000);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 1, 1e-9);
    line = line_of(adj, 0, 0, &n);
    cr_assert_eq(n, N + 1);
    cr_assert((same_point(line, 0, 1, 0) && same_point(line + 2 * N, 2, 1, 0)) ||
              (same_point(line, 2, 1, 0) && same_point(line + 2 * N, 0, 1, 0)));
    rg_adjacency_free(adj);
    rg_regions_free(r);
    free(a);
    free(b);
}

/* A self-crossing bow-tie (0,0) (2,2) (2,0) (0,2): its edges cross at (1,1) with no vertex
 * there. Its right edge (2,2)-(2,0) is shared with E = [2,3]x[0,2]: 2 km. */
Test(contiguity, self_crossing_bow_tie)
{
    rg_regions *r = layer(0, 1000.0);
    rg_adjacency *adj;
    const double bow[] = {0, 0, 2, 2, 2, 0, 0, 2};
    const expect e[] = {{0, 1, 2.0, 1, 1}};
    const double edge[] = {2, 0, 2, 2};
    polygon_region(r, "bow", bow, 4);
    rect_region(r, "E", 2, 0, 3, 2);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 1, 1e-12);
    check_line(adj, 0, 0, edge, 2);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* A null region keeps its index: A, (null), B with A = [0,1]^2 and B = [1,2]x[0,1] give the
 * pair (0, 2), 1 km. A layer of null regions only has no pairs. */
Test(contiguity, null_region_keeps_indices)
{
    rg_regions *r = layer(0, 1000.0), *nulls = layer(0, 1000.0);
    rg_adjacency *adj;
    const expect e[] = {{0, 2, 1.0, 1, 1}};
    rect_region(r, "A", 0, 0, 1, 1);
    begin(r, "nothing");
    end(r);
    rect_region(r, "B", 1, 0, 2, 1);
    cr_assert_eq(rg_regions_null_count(r), 1);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 1, 1e-12);
    rg_adjacency_free(adj);
    begin(nulls, "n1");
    end(nulls);
    begin(nulls, "n2");
    end(nulls);
    adj = build(nulls, RG_CONTIGUITY_QUEEN);
    cr_assert_eq(rg_adjacency_count(adj), 0);
    rg_adjacency_free(adj);
    rg_regions_free(r);
    rg_regions_free(nulls);
}

/* Projected in international feet (unit 0.3048 m, as in EPSG:2263's definition — US survey
 * feet would be 0.3048006096 m; the unit is whatever the layer says):
 *   A = [0,1000]^2 and B = [1000,2000]x[0,1000] share a 1000 ft edge: 1000 * 0.3048 m
 *     = 0.3048 km.
 *   C = (5000,0) (8000,4000) (8000,0) and D = (5000,0) (5000,4000) (8000,4000) share the
 *     3-4-5 diagonal (5000,0)-(8000,4000) of 5000 ft: 1.524 km.
 * Nothing else meets (B ends at x=2000, C and D start at x=5000). */
Test(contiguity, projected_units_convert_to_km)
{
    rg_regions *r = layer(0, 0.3048);
    rg_adjacency *adj;
    const double c[] = {5000, 0, 8000, 4000, 8000, 0};
    const double d[] = {5000, 0, 5000, 4000, 8000, 4000};
    const expect e[] = {{0, 1, 0.3048, 1, 1}, {2, 3, 1.524, 1, 1}};
    rect_region(r, "A", 0, 0, 1000, 1000);
    rect_region(r, "B", 1000, 0, 2000, 1000);
    polygon_region(r, "C", c, 3);
    polygon_region(r, "D", d, 3);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 2, 1e-12);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* Geographic layers measure geodesics on WGS84. Values from pyproj (Geod(ellps='WGS84').inv):
 * one degree of longitude along the equator 111319.49079327357 m; one degree of latitude from
 * the equator along the meridian 1 E 110574.38855779878 m.
 *   0 = [0,1]x[-1,0]  1 = [0,1]x[0,1]  2 = [1,2]x[0,1]
 * 0-1 share the equator from lon 0 to 1: 111.319490793 km. 1-2 share lon 1 from lat 0 to 1:
 * 110.574388558 km. 0-2 touch at (1,0): queen point. */
Test(contiguity, geographic_lengths_are_geodesic)
{
    rg_regions *r = layer(1, 1.0);
    rg_adjacency *adj;
    const expect e[] = {{0, 1, 111.31949079327357, 1, 1}, {0, 2, 0.0, 0, 1},
                        {1, 2, 110.57438855779878, 1, 1}};
    rect_region(r, "0", 0, -1, 1, 0);
    rect_region(r, "1", 0, 0, 1, 1);
    rect_region(r, "2", 1, 0, 2, 1);
    adj = build(r, RG_CONTIGUITY_QUEEN);
    check_pairs(adj, e, 3, 1e-9);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

/* Across the antimeridian (contiguity_wrap.c), one region drawn as two overlapping parts on
 * x = 180: east = [170,180]x[0,6] and [170,180]x[4,10], west = [-180,-170]x[0,10]. The east
 * stretches 0..6 and 4..10 overlap on 4..6, which is counted once: the border is the meridian
 * from (180, 0) to (180, 10), 1105.8548332343723 km by pyproj's Geod (WGS84), in one line, not
 * 0..6 + 4..10 = 12 degrees. */
Test(contiguity, antimeridian_stretches_counted_once)
{
    rg_regions *r = layer(1, 1.0);
    rg_adjacency *adj;
    const double south[] = {170, 0, 180, 0, 180, 6, 170, 6};
    const double north[] = {170, 4, 180, 4, 180, 10, 170, 10};
    const expect e[] = {{0, 1, 1105.8548332343723, 1, 1}};
    size_t npts;
    const double *line;
    begin(r, "east");
    part(r);
    ring(r, south, 4);
    part(r);
    ring(r, north, 4);
    end(r);
    rect_region(r, "west", -180, 0, -170, 10);
    adj = build(r, RG_CONTIGUITY_ROOK);
    check_pairs(adj, e, 1, 1e-6);
    line = line_of(adj, 0, 0, &npts);
    cr_assert_eq(npts, 2);
    cr_assert(same_point(line, 180, 0, 1e-12) && same_point(line + 2, 180, 10, 1e-12));
    rg_adjacency_free(adj);
    rg_regions_free(r);
}

Test(contiguity, bad_coordinates_are_reported)
{
    rg_regions *r = layer(1, 1.0), *n = layer(0, 1.0);
    rg_adjacency *adj = NULL;
    const double bad[] = {0, 0, 1, 0, 1, NAN};
    rect_region(r, "ok", 0, 0, 1, 1);
    rect_region(r, "north", 0, 89, 1, 95);
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_ERR_CRS);
    cr_assert_null(adj);
    cr_assert(strstr(rg_last_error(), "'north' (record 2)") != NULL, "%s", rg_last_error());
    polygon_region(n, "nan", bad, 3);
    cr_assert_eq(rg_contiguity_build(n, NULL, &adj), RG_ERR_DATA);
    cr_assert(strstr(rg_last_error(), "'nan' (record 1)") != NULL, "%s", rg_last_error());
    cr_assert_eq(rg_contiguity_build(NULL, NULL, &adj), RG_ERR_ARG);
    rg_regions_free(r);
    rg_regions_free(n);
}

/* --- a larger grid with a known answer ----------------------------------------------------- */

static uint64_t lcg_state;

static unsigned lcg(unsigned n)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((lcg_state >> 33) % n);
}

/* Grid point (i, j) rotated by the 3-4-5 angle, scaled to 1000 units per cell and moved to
 * UTM-like magnitudes: the rotation keeps every cell side exactly 1000 units = 1 km, while the
 * computed coordinates are rounded, so vertices inserted along an edge miss it by an ulp or so. */
static void grid_point(double i, double j, double *x, double *y)
{
    *x = 500000.0 + 1000.0 * (0.6 * i - 0.8 * j);
    *y = 4000000.0 + 1000.0 * (0.8 * i + 0.6 * j);
}

typedef struct grid_pair {
    size_t a, b;
    int rook;
    size_t extra;        /* vertices inserted along the shared edge */
    double x0, y0, x1, y1; /* the shared edge's ends, or the touching point */
} grid_pair;

static int compare_grid_pairs(const void *x, const void *y)
{
    const grid_pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : (p->b > q->b);
}

/* nrows x ncols cells. Cell (i, j) (column i, row j) becomes region perm[j*ncols+i]. Cells
 * insert 0-3 extra vertices on their right and top edges at random (only that side; the
 * neighbour keeps the plain edge). Expected: rook pairs nrows(ncols-1) + ncols(nrows-1), each
 * 1 km with one line of 2 + extra points from corner to corner; queen adds 2(nrows-1)(ncols-1)
 * diagonal pairs touching at one corner point. */
static void check_grid(size_t nrows, size_t ncols, uint64_t seed)
{
    size_t ncell = nrows * ncols, i, j, k, np = 0;
    size_t *perm = malloc(ncell * sizeof *perm);
    size_t *right_extra = calloc(ncell, sizeof *right_extra);
    size_t *top_extra = calloc(ncell, sizeof *top_extra);
    size_t *cell_of = malloc(ncell * sizeof *cell_of);
    grid_pair *expected = malloc(4 * ncell * sizeof *expected);
    rg_regions *r = layer(0, 1.0);
    rg_adjacency *queen, *rook;
    lcg_state = seed;
    for (k = 0; k < ncell; k++)
        perm[k] = k;
    for (k = ncell - 1; k > 0; k--) {
        size_t s = lcg((unsigned)(k + 1)), t = perm[k];
        perm[k] = perm[s];
        perm[s] = t;
    }
    for (k = 0; k < ncell; k++)
        cell_of[perm[k]] = k;
    for (k = 0; k < ncell; k++) {
        right_extra[k] = lcg(3) == 0 ? 1 + lcg(3) : 0;
        top_extra[k] = lcg(3) == 0 ? 1 + lcg(3) : 0;
    }
    /* regions in index order: region q is cell cell_of[q] */
    for (k = 0; k < ncell; k++) {
        size_t c = cell_of[k], ci = c % ncols, cj = c / ncols, n = 0, e;
        double xy[2 * 12];
        char id[32];
        double fi = (double)ci, fj = (double)cj;
        grid_point(fi, fj, &xy[2 * n], &xy[2 * n + 1]);
        n++;
        grid_point(fi + 1, fj, &xy[2 * n], &xy[2 * n + 1]);
        n++;
        for (e = 1; e <= right_extra[c]; e++, n++) /* up the right edge */
            grid_point(fi + 1, fj + (double)e / (double)(right_extra[c] + 1),
                       &xy[2 * n], &xy[2 * n + 1]);
        grid_point(fi + 1, fj + 1, &xy[2 * n], &xy[2 * n + 1]);
        n++;
        for (e = 1; e <= top_extra[c]; e++, n++) /* leftwards along the top edge */
            grid_point(fi + 1 - (double)e / (double)(top_extra[c] + 2), fj + 1, &xy[2 * n],
                       &xy[2 * n + 1]);
        grid_point(fi, fj + 1, &xy[2 * n], &xy[2 * n + 1]);
        n++;
        snprintf(id, sizeof id, "c%zu", c);
        polygon_region(r, id, xy, n);
    }
    for (j = 0; j < nrows; j++) {
        for (i = 0; i < ncols; i++) {
            size_t c = j * ncols + i;
            grid_pair p;
            if (i + 1 < ncols) { /* right neighbour */
                size_t d = c + 1;
                p.a = perm[c] < perm[d] ? perm[c] : perm[d];
                p.b = perm[c] < perm[d] ? perm[d] : perm[c];
                p.rook = 1;
                p.extra = right_extra[c];
                grid_point((double)i + 1, (double)j, &p.x0, &p.y0);
                grid_point((double)i + 1, (double)j + 1, &p.x1, &p.y1);
                expected[np++] = p;
            }
            if (j + 1 < nrows) { /* top neighbour */
                size_t d = c + ncols;
                p.a = perm[c] < perm[d] ? perm[c] : perm[d];
                p.b = perm[c] < perm[d] ? perm[d] : perm[c];
                p.rook = 1;
                p.extra = top_extra[c];
                grid_point((double)i, (double)j + 1, &p.x0, &p.y0);
                grid_point((double)i + 1, (double)j + 1, &p.x1, &p.y1);
                expected[np++] = p;
            }
            if (i + 1 < ncols && j + 1 < nrows) { /* diagonals through corner (i+1, j+1) */
                size_t d1 = c + ncols + 1, c2 = c + 1, d2 = c + ncols;
                p.rook = 0;
                p.extra = 0;
                grid_point((double)i + 1, (double)j + 1, &p.x0, &p.y0);
                p.x1 = p.x0;
                p.y1 = p.y0;
                p.a = perm[c] < perm[d1] ? perm[c] : perm[d1];
                p.b = perm[c] < perm[d1] ? perm[d1] : perm[c];
                expected[np++] = p;
                p.a = perm[c2] < perm[d2] ? perm[c2] : perm[d2];
                p.b = perm[c2] < perm[d2] ? perm[d2] : perm[c2];
                expected[np++] = p;
            }
        }
    }
    qsort(expected, np, sizeof *expected, compare_grid_pairs);
    cr_assert_eq(np, nrows * (ncols - 1) + ncols * (nrows - 1) + 2 * (nrows - 1) * (ncols - 1));
    queen = build(r, RG_CONTIGUITY_QUEEN);
    rook = build(r, RG_CONTIGUITY_ROOK);
    cr_assert_eq(rg_adjacency_count(queen), np, "queen pairs %zu, expected %zu",
                 rg_adjacency_count(queen), np);
    cr_assert_eq(rg_adjacency_count(rook), nrows * (ncols - 1) + ncols * (nrows - 1));
    for (k = 0, j = 0; k < np; k++) {
        const grid_pair *p = &expected[k];
        size_t a, b, n, lines;
        double km;
        int isrook;
        const double *xy;
        rg_adjacency_pair(queen, k, &a, &b, &km, &isrook);
        cr_assert(a == p->a && b == p->b, "pair %zu: (%zu, %zu), expected (%zu, %zu)", k, a, b,
                  p->a, p->b);
        cr_assert_eq(isrook, p->rook, "pair (%zu, %zu)", a, b);
        cr_assert(fabs(km - (p->rook ? 1.0 : 0.0)) < 1e-9, "pair (%zu, %zu): %.17g km", a, b, km);
        rg_adjacency_border(queen, k, NULL, &lines);
        cr_assert_eq(lines, 1, "pair (%zu, %zu): %zu lines", a, b, lines);
        xy = line_of(queen, k, 0, &n);
        cr_assert_eq(n, p->rook ? 2 + p->extra : 1, "pair (%zu, %zu): %zu points", a, b, n);
        cr_assert((same_point(xy, p->x0, p->y0, 0) &&
                   same_point(xy + 2 * (n - 1), p->x1, p->y1, 0)) ||
                      (same_point(xy, p->x1, p->y1, 0) &&
                       same_point(xy + 2 * (n - 1), p->x0, p->y0, 0)),
                  "pair (%zu, %zu): line ends are not the edge's corners", a, b);
        if (p->rook) {
            size_t ra, rb;
            double rkm;
            rg_adjacency_pair(rook, j, &ra, &rb, &rkm, &isrook);
            cr_assert(ra == a && rb == b && isrook && rkm == km);
            j++;
        }
    }
    rg_adjacency_free(queen);
    rg_adjacency_free(rook);
    rg_regions_free(r);
    free(perm);
    free(right_extra);
    free(top_extra);
    free(cell_of);
    free(expected);
}

/* Random guillotine partitions of a 64 x 64 integer box: every cut splits a rectangle at an
 * integer position, so corners of one rectangle land in the middle of its neighbours' edges
 * (T-junctions), collinear edges overlap with different vertices, and four rectangles often
 * meet at one point (corner-only contacts). Rectangles are written as their 4 corners only,
 * rotated by the 3-4-5 angle and scaled to 1000 units (so coordinates are rounded and
 * T-junction vertices miss the edges by an ulp or so, while lengths stay exact).
 * The reference is brute force on the exact integer rectangles: two rectangles touch when an
 * edge coordinate coincides and the intervals along it meet; the shared length is the
 * intervals' overlap (0 for a point). */
typedef struct irect {
    int x0, y0, x1, y1;
} irect;

static size_t guillotine(irect *out, size_t cap, irect r)
{
    size_t n;
    int w = r.x1 - r.x0, h = r.y1 - r.y0;
    if (cap < 2 || (w < 2 && h < 2) || lcg(7) == 0) {
        out[0] = r;
        return 1;
    }
    if (w >= 2 && (h < 2 || lcg(2) == 0)) {
        int cut = r.x0 + 1 + (int)lcg((unsigned)(w - 1));
        irect a = {r.x0, r.y0, cut, r.y1}, b = {cut, r.y0, r.x1, r.y1};
        n = guillotine(out, cap / 2, a);
        return n + guillotine(out + n, cap - n, b);
    } else {
        int cut = r.y0 + 1 + (int)lcg((unsigned)(h - 1));
        irect a = {r.x0, r.y0, r.x1, cut}, b = {r.x0, cut, r.x1, r.y1};
        n = guillotine(out, cap / 2, a);
        return n + guillotine(out + n, cap - n, b);
    }
}

/* Length of the contact of two closed intervals touching at coordinate c, or -1 if none. */
static int touch(int c1, int c2, int a0, int a1, int b0, int b1)
{
    int lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return c1 == c2 && hi >= lo ? hi - lo : -1;
}

/* Returns the number of corner-only contacts found. */
static size_t check_guillotine(uint64_t seed)
{
    irect rects[400];
    size_t n, i, j, k = 0, nexp = 0, nrook = 0;
    rg_regions *r = layer(0, 1.0);
    rg_adjacency *queen, *rook;
    irect whole = {0, 0, 64, 64};
    lcg_state = seed;
    n = guillotine(rects, 400, whole);
    for (i = 0; i < n; i++) {
        double xy[8];
        char id[32];
        grid_point(rects[i].x0, rects[i].y0, &xy[0], &xy[1]);
        grid_point(rects[i].x1, rects[i].y0, &xy[2], &xy[3]);
        grid_point(rects[i].x1, rects[i].y1, &xy[4], &xy[5]);
        grid_point(rects[i].x0, rects[i].y1, &xy[6], &xy[7]);
        snprintf(id, sizeof id, "r%zu", i);
        polygon_region(r, id, xy, 4);
    }
    queen = build(r, RG_CONTIGUITY_QUEEN);
    rook = build(r, RG_CONTIGUITY_ROOK);
    for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
            const irect *a = &rects[i], *b = &rects[j];
            int len = -1, t;
            if ((t = touch(a->x1, b->x0, a->y0, a->y1, b->y0, b->y1)) > len)
                len = t;
            if ((t = touch(b->x1, a->x0, a->y0, a->y1, b->y0, b->y1)) > len)
                len = t;
            if ((t = touch(a->y1, b->y0, a->x0, a->x1, b->x0, b->x1)) > len)
                len = t;
            if ((t = touch(b->y1, a->y0, a->x0, a->x1, b->x0, b->x1)) > len)
                len = t;
            if (len < 0)
                continue;
            {
                size_t pa, pb, lines;
                double km;
                int isrook;
                cr_assert_lt(k, rg_adjacency_count(queen), "seed %llu: too few pairs",
                             (unsigned long long)seed);
                rg_adjacency_pair(queen, k, &pa, &pb, &km, &isrook);
                rg_adjacency_border(queen, k, NULL, &lines);
                cr_assert(pa == i && pb == j, "seed %llu: pair (%zu, %zu), expected (%zu, %zu)",
                          (unsigned long long)seed, pa, pb, i, j);
                cr_assert_eq(isrook, len > 0);
                cr_assert(fabs(km - len) < 1e-9, "(%zu, %zu): %.17g km, expected %d", i, j, km,
                          len);
                cr_assert_eq(lines, 1);
                k++;
                nexp++;
                nrook += len > 0;
            }
        }
    }
    cr_assert_eq(rg_adjacency_count(queen), nexp);
    cr_assert_eq(rg_adjacency_count(rook), nrook);
    rg_adjacency_free(queen);
    rg_adjacency_free(rook);
    rg_regions_free(r);
    return nexp - nrook;
}

Test(contiguity, random_guillotine_partitions_match_brute_force)
{
    uint64_t seed;
    size_t corners = 0;
    for (seed = 1; seed <= 20; seed++)
        corners += check_guillotine(seed);
    cr_assert_gt(corners, 0, "the fixtures should include corner-only contacts");
}

Test(contiguity, randomised_grid_with_extra_collinear_vertices)
{
    check_grid(1, 2, 1);
    check_grid(7, 5, 2);
    check_grid(30, 40, 3);
    check_grid(41, 17, 4);
}

/* Progress in exact mode: the contract (include/regiongraph/contiguity.h) is "called now and
 * then with the fraction done (0 to 1)"; the builder promises about a hundred calls at most,
 * never going backwards, and a final 1. Expected values come from that contract, not from a run. */
typedef struct progress_log {
    size_t calls;
    double last;
    int backwards, out_of_range;
} progress_log;

static void log_progress(double fraction, void *data)
{
    progress_log *p = data;
    if (fraction < p->last)
        p->backwards = 1;
    if (!(fraction >= 0 && fraction <= 1))
        p->out_of_range = 1;
    p->last = fraction;
    p->calls++;
}

Test(contiguity, exact_mode_reports_bounded_progress)
{
    rg_regions *r = layer(0, 1.0);
    rg_adjacency *adj = NULL;
    rg_contiguity_options opts;
    progress_log p = {0, 0.0, 0, 0};
    size_t i, j;
    /* 60 x 60 unit squares: rook pairs 2 * 60 * 59 (hand count), so the loops are long */
    for (j = 0; j < 60; j++)
        for (i = 0; i < 60; i++) {
            char id[32];
            snprintf(id, sizeof id, "%zu", j * 60 + i);
            rect_region(r, id, (double)i, (double)j, (double)i + 1, (double)j + 1);
        }
    memset(&opts, 0, sizeof opts);
    opts.kind = RG_CONTIGUITY_ROOK;
    opts.progress = log_progress;
    opts.progress_data = &p;
    cr_assert_eq(rg_contiguity_build(r, &opts, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_adjacency_count(adj), 2 * 60 * 59);
    cr_assert(p.calls >= 2 && p.calls <= 101, "%zu progress calls", p.calls);
    cr_assert(!p.backwards && !p.out_of_range);
    cr_assert_eq(p.last, 1.0);
    rg_adjacency_free(adj);
    rg_regions_free(r);
}
