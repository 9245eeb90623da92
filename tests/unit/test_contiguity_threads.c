/* Exact contiguity scanned by several threads (RG_THREADS=N): the same pairs, lengths (to the
 * bit) and border lines as one thread, on a grid large enough to be split into bands, whose
 * regions are numbered in random order (as in a map of Voronoi cells) and whose answer is known:
 * an n x n grid of 1 km squares has 2n(n-1) rook pairs of 1 km and 2(n-1)^2 corner contacts. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/regions_internal.h"
#include "regiongraph/contiguity.h"
#include "leak_check.h"

RG_TEST_SUITE(contiguity_threads);

#define SIDE 90 /* 8100 cells, about 37000 segments: above the one-thread limit of the scan */

static uint64_t state;

static unsigned next_random(unsigned n)
{
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((state >> 33) % n);
}

/* Grid point (i, j) turned by the 3-4-5 angle at UTM-like magnitudes: sides stay 1000 units
 * (1 km) while the coordinates are rounded, so inserted vertices miss the edges by an ulp. */
static void corner(double i, double j, double *xy)
{
    xy[0] = 500000.0 + 1000.0 * (0.6 * i - 0.8 * j);
    xy[1] = 4000000.0 + 1000.0 * (0.8 * i + 0.6 * j);
}

/* Cell c = (c % SIDE, c / SIDE) is region order[c]. A third of the cells put one or two extra
 * vertices on their right edge (the neighbour keeps the plain edge: a T-junction, and a pair
 * whose border is several stretches chained into one line). */
static rg_regions *shuffled_grid(void)
{
    size_t n = SIDE * SIDE, k, *order = malloc(n * sizeof *order), *cell = malloc(n * sizeof *cell);
    rg_regions *r = NULL;
    cr_assert(order && cell);
    state = 20261206;
    for (k = 0; k < n; k++)
        order[k] = k;
    for (k = n - 1; k > 0; k--) {
        size_t s = next_random((unsigned)(k + 1)), t = order[k];
        order[k] = order[s];
        order[s] = t;
    }
    for (k = 0; k < n; k++)
        cell[order[k]] = k;
    cr_assert_eq(rg_i_regions_new("grid", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, "", 0, 1.0), RG_OK);
    for (k = 0; k < n; k++) {
        size_t c = cell[k], extra = next_random(3) == 0 ? 1 + next_random(2) : 0, m = 0, e;
        double i = (double)(c % SIDE), j = (double)(c / SIDE), xy[2 * 6];
        char id[32];
        corner(i, j, xy + 2 * m++);
        corner(i + 1, j, xy + 2 * m++);
        for (e = 1; e <= extra; e++)
            corner(i + 1, j + (double)e / (double)(extra + 1), xy + 2 * m++);
        corner(i + 1, j + 1, xy + 2 * m++);
        corner(i, j + 1, xy + 2 * m++);
        snprintf(id, sizeof id, "c%zu", c);
        cr_assert_eq(rg_i_regions_begin(r, id, id, NULL), RG_OK);
        cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
        cr_assert_eq(rg_i_regions_add_ring(r, xy, m), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    free(order);
    free(cell);
    return r;
}

static rg_adjacency *build_with(const rg_regions *r, rg_contiguity kind, const char *threads)
{
    rg_adjacency *adj = NULL;
    rg_contiguity_options o = {.kind = kind};
    cr_assert_eq(setenv("RG_THREADS", threads, 1), 0);
    cr_assert_eq(rg_contiguity_build(r, &o, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(unsetenv("RG_THREADS"), 0);
    return adj;
}

/* x and y hold the same pairs in the same order, with bit-identical lengths and lines. */
static void check_same(const rg_adjacency *x, const rg_adjacency *y, const char *threads)
{
    size_t k, n = rg_adjacency_count(x);
    const size_t *xs = rg_adjacency_line_pt_start(x), *ys = rg_adjacency_line_pt_start(y);
    cr_assert_eq(rg_adjacency_count(y), n, "RG_THREADS=%s: %zu pairs, one thread %zu", threads,
                 rg_adjacency_count(y), n);
    for (k = 0; k < n; k++) {
        size_t a, b, c, d, xf, xc, yf, yc, l;
        double km, km2;
        int rook, rook2;
        rg_adjacency_pair(x, k, &a, &b, &km, &rook);
        rg_adjacency_pair(y, k, &c, &d, &km2, &rook2);
        cr_assert(a == c && b == d && rook == rook2 && memcmp(&km, &km2, sizeof km) == 0,
                  "RG_THREADS=%s: pair %zu differs", threads, k);
        rg_adjacency_border(x, k, &xf, &xc);
        rg_adjacency_border(y, k, &yf, &yc);
        cr_assert_eq(xc, yc, "RG_THREADS=%s: pair %zu: line count", threads, k);
        for (l = 0; l < xc; l++) {
            size_t np = xs[xf + l + 1] - xs[xf + l];
            cr_assert_eq(ys[yf + l + 1] - ys[yf + l], np);
            cr_assert(memcmp(rg_adjacency_xy(x) + 2 * xs[xf + l],
                             rg_adjacency_xy(y) + 2 * ys[yf + l], 2 * np * sizeof(double)) == 0,
                      "RG_THREADS=%s: pair %zu: line %zu differs", threads, k, l);
        }
    }
}

static void check_kind(rg_contiguity kind)
{
    static const char *const threads[] = {"2", "3", "8", "junk"};
    rg_regions *r = shuffled_grid();
    rg_adjacency *one = build_with(r, kind, "1");
    size_t k, rook_pairs = 2 * SIDE * (SIDE - 1), corners = 2 * (SIDE - 1) * (SIDE - 1);
    size_t nrook = 0;
    cr_assert_eq(rg_adjacency_count(one), kind == RG_CONTIGUITY_QUEEN ? rook_pairs + corners
                                                                       : rook_pairs);
    for (k = 0; k < rg_adjacency_count(one); k++) {
        size_t a, b;
        double km;
        int rook;
        rg_adjacency_pair(one, k, &a, &b, &km, &rook);
        nrook += (size_t)rook;
        cr_assert(fabs(km - (rook ? 1.0 : 0.0)) < 1e-9, "pair (%zu, %zu): %.17g km", a, b, km);
    }
    cr_assert_eq(nrook, rook_pairs);
    for (k = 0; k < sizeof threads / sizeof *threads; k++) {
        rg_adjacency *many = build_with(r, kind, threads[k]);
        check_same(one, many, threads[k]);
        rg_adjacency_free(many);
    }
    rg_adjacency_free(one);
    rg_regions_free(r);
}

Test(contiguity_threads, queen_bands_give_one_threads_answer)
{
    check_kind(RG_CONTIGUITY_QUEEN);
}

Test(contiguity_threads, rook_bands_give_one_threads_answer)
{
    check_kind(RG_CONTIGUITY_ROOK);
}
