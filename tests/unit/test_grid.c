/* The segment grid's index (src/geom/grid.c): every cell's entries must be exactly the segments
 * whose path enters it, in increasing segment order, whichever way the index was built (two
 * counting passes below 65,536 segments, a sort of (cell, segment) entries above). The expected
 * lists are built here independently, one segment at a time, from rg_i_grid_cells(). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>

#include "geom/grid_internal.h"
#include "leak_check.h"

RG_TEST_SUITE(grid);

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

static double uniform(uint64_t *s)
{
    return (double)lcg(s) / 9007199254740992.0; /* 2^53 */
}

/* The cells segment k (from point k to point k + 1 of xy) enters, as rg_i_grid_cells says. */
static size_t segment_cells(const rg_i_grid *g, const double *xy, size_t k, size_t **cells,
                            size_t *cap)
{
    return rg_i_grid_cells(g, xy[2 * k], xy[2 * k + 1], xy[2 * k + 2], xy[2 * k + 3], cells, cap);
}

/* n segments as a polyline's points (segment k runs from point k to point k + 1) over a
 * 1000 x 600 box: mostly short hops, every 97th a long jump across many cells; skip marks
 * every 13th as a ring's closing point (no segment). */
static void make_layer(size_t n, double **xy_out, size_t **skip_out)
{
    double *xy = malloc(2 * (n + 1) * sizeof *xy);
    size_t *skip = malloc(n * sizeof *skip), k;
    uint64_t s = 12345;
    cr_assert(xy && skip);
    xy[0] = 500;
    xy[1] = 300;
    for (k = 1; k <= n; k++) {
        double x, y;
        if (k % 97 == 0) {
            x = 1000 * uniform(&s);
            y = 600 * uniform(&s);
        } else {
            x = xy[2 * k - 2] + 4 * (uniform(&s) - 0.5);
            y = xy[2 * k - 1] + 4 * (uniform(&s) - 0.5);
            x = x < 0 ? 0 : (x > 1000 ? 1000 : x);
            y = y < 0 ? 0 : (y > 600 ? 600 : y);
        }
        xy[2 * k] = x;
        xy[2 * k + 1] = y;
    }
    for (k = 0; k < n; k++)
        skip[k] = k % 13 == 12 ? RG_I_NONE : 0;
    *xy_out = xy;
    *skip_out = skip;
}

static void check_index(size_t n, int own_cells)
{
    static const double box[4] = {0, 0, 1000, 600};
    rg_i_grid g = {0};
    double *xy;
    size_t *skip, *count, *fill, *cells = NULL, cap = 0, k, c, ncells, total = 0;
    make_layer(n, &xy, &skip);
    rg_i_grid_layout(&g, box, 0, 0, n, 1.0, 0);
    g.padx = g.pady = 1e-9;
    g.own_cells = own_cells;
    ncells = g.nx * g.ny;
    cr_assert_gt(ncells, 1000, "the layout gives a grid of many cells");
    cr_assert_eq(rg_i_grid_index(&g, xy, 2 * sizeof *xy, n, skip), RG_OK);
    /* expected: per cell, the segments entering it, ascending */
    count = calloc(ncells + 1, sizeof *count);
    fill = calloc(ncells, sizeof *fill);
    cr_assert(count && fill);
    for (k = 0; k < n; k++) {
        size_t m, i;
        if (skip[k] == RG_I_NONE)
            continue;
        m = segment_cells(&g, xy, k, &cells, &cap);
        cr_assert_gt(m, 0);
        for (i = 0; i < m; i++)
            count[cells[i] + 1]++;
        total += m;
    }
    for (c = 0; c < ncells; c++)
        count[c + 1] += count[c];
    cr_assert_eq(g.start[0], 0);
    cr_assert_eq(g.start[ncells], total, "%zu entries, expected %zu", g.start[ncells], total);
    for (c = 0; c <= ncells; c++)
        cr_assert_eq(g.start[c], count[c], "cell %zu starts at %zu, expected %zu", c, g.start[c],
                     count[c]);
    for (k = 0; k < n; k++) {
        size_t m, i;
        if (skip[k] == RG_I_NONE)
            continue;
        m = segment_cells(&g, xy, k, &cells, &cap);
        for (i = 0; i < m; i++) {
            c = cells[i];
            cr_assert_eq(g.seg[count[c] + fill[c]], k, "cell %zu entry %zu is %zu, expected %zu",
                         c, fill[c], g.seg[count[c] + fill[c]], k);
            fill[c]++;
        }
    }
    free(count);
    free(fill);
    free(cells);
    free(xy);
    free(skip);
    rg_i_grid_release(&g);
}

Test(grid, counting_passes_small_layer)
{
    check_index(20000, 1);
}

Test(grid, sorted_entries_large_layer)
{
    check_index(150000, 1);
}

Test(grid, sorted_entries_without_own_cells)
{
    check_index(70000, 0);
}
