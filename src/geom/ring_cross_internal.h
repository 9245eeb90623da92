/* Self-crossing rings (bow-ties): rings whose signed area is zero though they enclose area. */
#ifndef RG_GEOM_RING_CROSS_INTERNAL_H
#define RG_GEOM_RING_CROSS_INTERNAL_H

#include <stddef.h>

/* 1 when the closed ring of n points (x, y interleaved) has a signed area of zero (shoelace)
 * but its points are not all on one line: its lobes turn opposite ways and cancel (a figure
 * eight), so the ring crosses or overlaps itself. 0 for a ring with area, or a degenerate one
 * (collinear or repeated points). O(n). */
int rg_i_ring_crosses_itself(const double *xy, size_t n);

/* The warning for the shapes (nouns "record" or "feature", numbered from 1) that hold such a
 * ring: they are kept as drawn, each ring an exterior, so their edges still define contiguity. */
void rg_i_warn_crossed_rings(const char *where, const char *noun, const size_t *numbers,
                             size_t count);

#endif
