/* The coverage dissolve of geom/dissolve.c on hand-made coverages: the rings, their order
 * (shells counter-clockwise, holes clockwise) and areas worked out by hand; the inputs that are
 * not clean coverages (a T-junction, overlaps, a duplicate) refused with 0. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "geom/dissolve_internal.h"
#include "leak_check.h"

RG_TEST_SUITE(dissolve);

/* Polygons in the layout of a region set: points, ring starts, polygon starts. */
typedef struct cover {
    double xy[512];
    size_t pt[64], ring[32];
    size_t npts, nrings, npolys;
} cover;

static void begin(cover *c)
{
    c->ring[c->npolys++] = c->nrings;
    c->ring[c->npolys] = c->nrings;
}

/* A ring of n points, closed here (pts holds them without the repeat). */
static void ring(cover *c, const double *pts, size_t n)
{
    c->pt[c->nrings] = c->npts;
    memcpy(c->xy + 2 * c->npts, pts, 2 * n * sizeof *pts);
    c->npts += n;
    c->xy[2 * c->npts] = pts[0];
    c->xy[2 * c->npts + 1] = pts[1];
    c->npts++;
    c->pt[++c->nrings] = c->npts;
    c->ring[c->npolys] = c->nrings;
}

static void rect(cover *c, double x0, double y0, double x1, double y1)
{
    const double p[] = {x0, y0, x1, y0, x1, y1, x0, y1};
    begin(c);
    ring(c, p, 4);
}

static int run(const cover *c, rg_i_polygons *out)
{
    size_t all[32], k;
    for (k = 0; k < c->npolys; k++)
        all[k] = k;
    return rg_i_dissolve(c->xy, c->pt, c->ring, all, c->npolys, out);
}

/* Ring k of out is the closed cycle of the n points exp (any start, this direction). */
static void expect_ring(const rg_i_polygons *out, size_t k, const double *exp, size_t n)
{
    const double *xy = out->xy + 2 * out->ring[k];
    size_t np = out->ring[k + 1] - out->ring[k], s, i;
    cr_assert_eq(np, n + 1, "ring %zu has %zu points, expected %zu + 1", k, np, n);
    cr_assert(xy[0] == xy[2 * n] && xy[1] == xy[2 * n + 1], "ring %zu is closed", k);
    for (s = 0; s < n; s++)
        if (xy[0] == exp[2 * s] && xy[1] == exp[2 * s + 1])
            break;
    cr_assert_lt(s, n, "ring %zu starts at (%g, %g), not one of its points", k, xy[0], xy[1]);
    for (i = 0; i < n; i++) {
        const double *e = exp + 2 * ((s + i) % n);
        cr_assert(xy[2 * i] == e[0] && xy[2 * i + 1] == e[1],
                  "ring %zu point %zu is (%g, %g), expected (%g, %g)", k, i, xy[2 * i],
                  xy[2 * i + 1], e[0], e[1]);
    }
}

static double area(const rg_i_polygons *out)
{
    double sum = 0;
    size_t k, i;
    for (k = 0; k < out->nrings; k++)
        for (i = out->ring[k]; i + 1 < out->ring[k + 1]; i++)
            sum += (out->xy[2 * i] * out->xy[2 * i + 3] -
                    out->xy[2 * i + 2] * out->xy[2 * i + 1]) / 2;
    return sum;
}

Test(dissolve, two_squares_sharing_an_edge_are_one_ring)
{
    cover c = {0};
    rg_i_polygons out = {0};
    const double shell[] = {0, 0, 1, 0, 2, 0, 2, 1, 1, 1, 0, 1};
    rect(&c, 0, 0, 1, 1);
    rect(&c, 1, 0, 2, 1);
    cr_assert_eq(run(&c, &out), 1);
    cr_assert_eq(out.npolys, 1);
    cr_assert_eq(out.nrings, 1);
    expect_ring(&out, 0, shell, 6);
    cr_assert_float_eq(area(&out), 2.0, 1e-12);
    rg_i_polygons_release(&out);
}

/* The 3 x 3 block of unit squares without its centre. */
static void ring_of_eight(cover *c)
{
    for (int y = 0; y < 3; y++)
        for (int x = 0; x < 3; x++)
            if (x != 1 || y != 1)
                rect(c, x, y, x + 1, y + 1);
}

static const double block_shell[] = {0, 0, 1, 0, 2, 0, 3, 0, 3, 1, 3, 2,
                                     3, 3, 2, 3, 1, 3, 0, 3, 0, 2, 0, 1};
static const double centre_hole[] = {1, 1, 1, 2, 2, 2, 2, 1}; /* clockwise */

Test(dissolve, a_block_without_its_centre_is_a_shell_and_a_hole)
{
    cover c = {0};
    rg_i_polygons out = {0};
    ring_of_eight(&c);
    cr_assert_eq(run(&c, &out), 1);
    cr_assert_eq(out.npolys, 1);
    cr_assert_eq(out.nrings, 2);
    expect_ring(&out, 0, block_shell, 12);
    expect_ring(&out, 1, centre_hole, 4);
    cr_assert_float_eq(area(&out), 8.0, 1e-12);
    rg_i_polygons_release(&out);
}

Test(dissolve, an_island_in_the_hole_is_a_second_shell)
{
    cover c = {0};
    rg_i_polygons out = {0};
    const double island[] = {1.25, 1.25, 1.75, 1.25, 1.75, 1.75, 1.25, 1.75};
    size_t p, block = SIZE_MAX, isle = SIZE_MAX;
    ring_of_eight(&c);
    rect(&c, 1.25, 1.25, 1.75, 1.75);
    cr_assert_eq(run(&c, &out), 1);
    cr_assert_eq(out.npolys, 2);
    cr_assert_eq(out.nrings, 3);
    for (p = 0; p < 2; p++)
        if (out.poly[p + 1] - out.poly[p] == 2)
            block = p;
        else
            isle = p;
    cr_assert(block != SIZE_MAX && isle != SIZE_MAX, "one polygon with a hole, one without");
    expect_ring(&out, out.poly[block], block_shell, 12);
    expect_ring(&out, out.poly[block] + 1, centre_hole, 4);
    expect_ring(&out, out.poly[isle], island, 4);
    cr_assert_float_eq(area(&out), 8.25, 1e-12);
    rg_i_polygons_release(&out);
}

Test(dissolve, squares_touching_at_a_corner_stay_two_shells)
{
    cover c = {0};
    rg_i_polygons out = {0};
    const double a[] = {0, 0, 1, 0, 1, 1, 0, 1}, b[] = {1, 1, 2, 1, 2, 2, 1, 2};
    rect(&c, 0, 0, 1, 1);
    rect(&c, 1, 1, 2, 2);
    cr_assert_eq(run(&c, &out), 1);
    cr_assert_eq(out.npolys, 2);
    cr_assert_eq(out.nrings, 2);
    /* the shared corner (1, 1) is on both simple rings, not one figure-eight */
    if (fmin(fmin(out.xy[0], out.xy[2]), out.xy[4]) == 0) { /* ring 0 reaches x = 0: a */
        expect_ring(&out, 0, a, 4);
        expect_ring(&out, 1, b, 4);
    } else {
        expect_ring(&out, 0, b, 4);
        expect_ring(&out, 1, a, 4);
    }
    cr_assert_float_eq(area(&out), 2.0, 1e-12);
    rg_i_polygons_release(&out);
}

Test(dissolve, a_hole_touching_its_shell_at_a_vertex_is_a_separate_ring)
{
    /* [0, 4] x [0, 2] less the triangle (2, 0), (3, 1), (1, 1), whose corner (2, 0) is on
     * the bottom side: three members around it (areas 2.5, 2.5 and 2: 7 = 8 - 1) */
    cover c = {0};
    rg_i_polygons out = {0};
    const double left[] = {0, 0, 2, 0, 1, 1, 1, 2, 0, 2};
    const double right[] = {2, 0, 4, 0, 4, 2, 3, 2, 3, 1};
    const double shell[] = {0, 0, 2, 0, 4, 0, 4, 2, 3, 2, 1, 2, 0, 2};
    const double hole[] = {2, 0, 1, 1, 3, 1};
    begin(&c);
    ring(&c, left, 5);
    begin(&c);
    ring(&c, right, 5);
    rect(&c, 1, 1, 3, 2);
    cr_assert_eq(run(&c, &out), 1);
    cr_assert_eq(out.npolys, 1);
    cr_assert_eq(out.nrings, 2, "a shell and a hole, not one self-touching ring");
    expect_ring(&out, 0, shell, 7);
    expect_ring(&out, 1, hole, 3);
    cr_assert_float_eq(area(&out), 7.0, 1e-12);
    rg_i_polygons_release(&out);
}

Test(dissolve, a_member_with_its_own_hole_keeps_it)
{
    cover c = {0};
    rg_i_polygons out = {0};
    /* [0, 3]^2 less [1, 2]^2, its hole stored counter-clockwise: oriented by its area */
    const double outer[] = {0, 0, 3, 0, 3, 3, 0, 3}, inner[] = {1, 1, 2, 1, 2, 2, 1, 2};
    const double shell[] = {0, 0, 3, 0, 4, 0, 4, 3, 3, 3, 0, 3};
    begin(&c);
    ring(&c, outer, 4);
    ring(&c, inner, 4);
    rect(&c, 3, 0, 4, 3);
    cr_assert_eq(run(&c, &out), 1);
    cr_assert_eq(out.npolys, 1);
    cr_assert_eq(out.nrings, 2);
    expect_ring(&out, 0, shell, 6);
    expect_ring(&out, 1, centre_hole, 4);
    cr_assert_float_eq(area(&out), 11.0, 1e-12);
    rg_i_polygons_release(&out);
}

Test(dissolve, a_zero_width_spike_is_left_out)
{
    /* the left square's right side runs up, back down and up again, as some county rings do
     * (Franklin, Virginia): two of the three copies cancel, the third against the right
     * square's side */
    cover c = {0};
    rg_i_polygons out = {0};
    const double left[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1};
    const double shell[] = {0, 0, 1, 0, 2, 0, 2, 1, 1, 1, 0, 1};
    begin(&c);
    ring(&c, left, 6);
    rect(&c, 1, 0, 2, 1);
    cr_assert_eq(run(&c, &out), 1);
    cr_assert_eq(out.npolys, 1);
    cr_assert_eq(out.nrings, 1);
    expect_ring(&out, 0, shell, 6);
    cr_assert_float_eq(area(&out), 2.0, 1e-12);
    rg_i_polygons_release(&out);
}

Test(dissolve, unclean_coverages_are_refused)
{
    rg_i_polygons out = {0};
    cover tee = {0}, overlap = {0}, twice = {0}, inside = {0};
    /* the top side of [0, 2] x [0, 1] runs along two squares that split it at (1, 1) */
    rect(&tee, 0, 0, 2, 1);
    rect(&tee, 0, 1, 1, 2);
    rect(&tee, 1, 1, 2, 2);
    cr_assert_eq(run(&tee, &out), 0, "T-junction");
    cr_assert_eq(out.npolys, 0);
    rect(&overlap, 0, 0, 2, 2);
    rect(&overlap, 1, 1, 3, 3);
    cr_assert_eq(run(&overlap, &out), 0, "overlapping squares");
    rect(&twice, 0, 0, 1, 1);
    rect(&twice, 1, 0, 2, 1);
    rect(&twice, 0, 0, 1, 1);
    cr_assert_eq(run(&twice, &out), 0, "a duplicate polygon");
    /* a square inside another, sharing a corner: their sides overlap from that corner */
    rect(&inside, 0, 0, 2, 2);
    rect(&inside, 0, 0, 1, 1);
    cr_assert_eq(run(&inside, &out), 0, "a square inside another");
    rg_i_polygons_release(&out);
}

Test(dissolve, polygons_are_appended_as_given)
{
    rg_i_polygons p = {0};
    const double sq[] = {0, 0, 1, 0, 1, 1, 0, 1, 0, 0};
    cr_assert(rg_i_polygons_begin(&p));
    cr_assert(rg_i_polygons_add_ring(&p, sq, 5));
    cr_assert(rg_i_polygons_add_ring(&p, sq, 5));
    cr_assert(rg_i_polygons_begin(&p));
    cr_assert(rg_i_polygons_add_ring(&p, sq, 5));
    cr_assert_eq(p.npolys, 2);
    cr_assert_eq(p.nrings, 3);
    cr_assert_eq(p.poly[0], 0);
    cr_assert_eq(p.poly[1], 2);
    cr_assert_eq(p.poly[2], 3);
    cr_assert_eq(p.ring[3], 15);
    rg_i_polygons_clear(&p);
    cr_assert_eq(p.npolys, 0);
    rg_i_polygons_release(&p);
}
