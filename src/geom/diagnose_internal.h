/* Internals of the contiguity diagnostics shared with the build (graph/build.c): the variant of
 * rg_contiguity_diagnose() that reports progress, the typical region size and the bounds on what
 * the diagnostics keep. */
#ifndef RG_DIAGNOSE_INTERNAL_H
#define RG_DIAGNOSE_INTERNAL_H

#include "regiongraph/contiguity.h"

/* The default near-miss radius is this fraction of the typical region size (capped). */
#define RG_I_NEAR_FRACTION 0.1

/* Near misses and overlaps kept at most: the nearest misses and the deepest overlaps, at least
 * this many, or four per region on larger layers (a misfit map has about three per region). */
#define RG_I_DIAGNOSE_KEEP 100000

/* The median over the non-empty regions of the square root of the area of their largest ring,
 * in working units (metres for lon/lat layers); 0 when no region has an area. O(V + n log n). */
rg_status rg_i_typical_region_size(const rg_regions *regions, double *size);

/* rg_contiguity_diagnose() with the fraction done reported to progress (may be NULL). */
rg_status rg_i_contiguity_diagnose(const rg_regions *regions, const rg_adjacency *adjacency,
                                   double snap, double near, rg_fraction_fn progress,
                                   void *progress_data, rg_diagnostics **out);

#endif
