/* The dissolve of a clean polygon coverage into its outline by cancelling shared edges
 * (dissolve.c), and the plain polygon arrays it fills. */
#ifndef RG_GEOM_DISSOLVE_INTERNAL_H
#define RG_GEOM_DISSOLVE_INTERNAL_H

#include <stddef.h>

/* Polygons as arrays: polygon p holds rings poly[p] .. poly[p + 1] - 1, the first its shell and
 * the others its holes; ring k holds points ring[k] .. ring[k + 1] - 1 of xy ((x, y) pairs),
 * closed (its last point repeats its first). Zeroed memory is an empty set. */
typedef struct rg_i_polygons {
    double *xy;
    size_t *ring; /* nrings + 1 entries once a ring is added */
    size_t *poly; /* npolys + 1 entries once a polygon is begun */
    size_t npolys, nrings, npts;
    size_t xy_cap, ring_cap, poly_cap;
} rg_i_polygons;

/* Empties the set, keeping its memory. */
void rg_i_polygons_clear(rg_i_polygons *p);
void rg_i_polygons_release(rg_i_polygons *p);
/* Starts the next polygon; its rings follow with rg_i_polygons_add_ring(), shell first.
 * Return 0 when out of memory (the set is then unusable until cleared). */
int rg_i_polygons_begin(rg_i_polygons *p);
/* Appends a ring of n points (xy interleaved) to the polygon begun last. */
int rg_i_polygons_add_ring(rg_i_polygons *p, const double *xy, size_t n);

/* The union of polygons polys[0..n) of a region set's arrays (polygon q holds rings
 * ring_start[q] .. ring_start[q + 1] - 1, the first its shell; ring k holds points
 * pt_start[k] .. pt_start[k + 1] - 1 of xy, closed) into out (cleared first), when they form a
 * clean coverage: every edge two polygons share has the same vertices on both sides, and no two
 * overlap. Each ring becomes directed edges with the interior on their left, an edge and its
 * exact reverse cancel, the rest is chained into rings (at a vertex with several ways on, the
 * tightest turn; a ring through one vertex twice is split there), rings of positive area are
 * shells and the others holes of the smallest shell around them.
 *
 * The result is checked: its area equals the sum of the polygons' areas (relative 1e-9), and
 * no two of its edges cross, overlap or touch other than at a shared end. Returns 1 with the
 * union in out (shells counter-clockwise, holes clockwise, in a deterministic order), 0 when
 * the input is not such a coverage (an edge twice in one direction, a zero-area ring, a check
 * that fails: the caller falls back to a general union), -1 when memory runs out (the error is
 * set). Time O(V log V) for V points in and out (the hole assignment adds holes x shells that
 * pass a bounding-box test), memory O(V); no shared state, safe on any thread. */
int rg_i_dissolve(const double *xy, const size_t *pt_start, const size_t *ring_start,
                  const size_t *polys, size_t n, rg_i_polygons *out);

#endif
