/* The uniform grid of boundary segments that exact contiguity, tolerant contiguity and the
 * diagnostics search in, and the survey of a layer's rings that sizes it.
 *
 * A segment enters every cell its path, grown by (padx, pady), passes through: column by column,
 * the rows its stretch over that column spans, so a long diagonal edge enters O(its length / h)
 * cells, not its whole bounding box. Parts outside the grid are clamped to its border cells. */
#ifndef RG_GRID_INTERNAL_H
#define RG_GRID_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "regiongraph/regions.h"
#include "regiongraph/status.h"

/* No region, no segment: the value of a ring's closing point in the per-point tables. */
#define RG_I_NONE SIZE_MAX

typedef struct rg_i_grid {
    double x0, y0, h, inv_h; /* origin and cell size; cell (i, j) starts at x0 + i h, y0 + j h */
    double padx, pady;       /* registration margins: a segment also enters cells this near */
    size_t nx, ny;
    int own_cells;           /* a segment across columns surely enters its end points' own cells
                                (whatever the rounding of its path): exact contiguity scans a
                                vertex in its own cell and must find there the segments ending
                                at it */
    size_t *start;           /* nx * ny + 1: entries of cell c are seg[start[c] .. start[c+1]-1] */
    size_t *seg;             /* the values given to rg_i_grid_index() (segment numbers) */
} rg_i_grid;

/* What rg_i_grid_survey() measures of a layer. */
typedef struct rg_i_survey {
    double box[4];      /* min x, min y, max x, max y of all points (infinite when none) */
    double max_abs;     /* largest coordinate magnitude */
    double max_lat;     /* largest |y| (with next_seg only) */
    size_t nseg;        /* segments (ring points but the closing ones) */
    double mean_length; /* mean Euclidean length of the segments (0 when none) */
    double mean_extent; /* mean of max(|dx|, |dy|) of the segments (0 when none; with next_seg
                           only) */
} rg_i_survey;

/* Checks every coordinate of regions (finite; latitudes within [-90, 90] on a geographic layer:
 * RG_ERR_DATA or RG_ERR_CRS naming the region) and measures the layer. Fills region[k] (npts
 * entries) with the region of the segment that starts at point k, RG_I_NONE for a ring's closing
 * point (segment numbers are the index of their first point). When next_seg is not NULL (the
 * proximity grid), also fills next_seg[k] with the ring's next segment (RG_I_NONE for a closing
 * point) and measures max_lat and mean_extent; otherwise those two are 0. O(V). */
rg_status rg_i_grid_survey(const rg_regions *regions, size_t *region, size_t *next_seg,
                           rg_i_survey *out);

/* Chooses the cell size, the cell counts and the origin of g for box grown by margin_x and
 * margin_y on each side (padx, pady and own_cells are left to the caller). The cell is at least
 * mean (a typical segment then enters one or two cells) and min_h, and large enough that there
 * are at most a few cells per segment (memory stays O(nseg) even for sparse layers). O(1). */
void rg_i_grid_layout(rg_i_grid *g, const double box[4], double margin_x, double margin_y,
                      size_t nseg, double mean, double min_h);

/* Puts n segments into g (laid out, start and seg NULL): segment k runs from (p[0], p[1]) to
 * (p[2], p[3]) with p = (const double *)((const char *)first + k * stride); those whose
 * skip[k] is RG_I_NONE are left out (skip may be NULL). The value stored is k. Release the grid
 * with rg_i_grid_release(), also after a failure. Time and memory O(n + cells entered). */
rg_status rg_i_grid_index(rg_i_grid *g, const double *first, size_t stride, size_t n,
                          const size_t *skip);

/* The cells segment (ax, ay)-(bx, by) enters (the cells rg_i_grid_index() put it in), into
 * *cells, grown as needed (*cap is its capacity; the caller frees it). Returns how many; 0 only
 * when out of memory (a segment enters at least one cell). */
size_t rg_i_grid_cells(const rg_i_grid *g, double ax, double ay, double bx, double by,
                       size_t **cells, size_t *cap);

/* Frees the grid's entries; g may be all zero. */
void rg_i_grid_release(rg_i_grid *g);

/* The column of x and the row of y, clamped to the grid. Inline: the scans ask for a few per
 * segment. */
static inline size_t rg_i_grid_col(const rg_i_grid *g, double x)
{
    double c = (x - g->x0) * g->inv_h; /* truncation is floor here: negatives clamp to 0 */
    if (!(c >= 1))
        return 0;
    if (c >= (double)(g->nx - 1))
        return g->nx - 1;
    return (size_t)c;
}

static inline size_t rg_i_grid_row(const rg_i_grid *g, double y)
{
    double r = (y - g->y0) * g->inv_h;
    if (!(r >= 1))
        return 0;
    if (r >= (double)(g->ny - 1))
        return g->ny - 1;
    return (size_t)r;
}

#endif
