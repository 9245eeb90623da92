/* Contiguity across the antimeridian (x = +180 and x = -180 as one meridian in lon/lat layers). */
#ifndef RG_CONTIGUITY_WRAP_INTERNAL_H
#define RG_CONTIGUITY_WRAP_INTERNAL_H

#include "geom/crs_internal.h"
#include "regiongraph/adjacency.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/regions.h"

/* For a geographic layer, adds to *adj (the exact build's, sorted by (a, b)) the contacts
 * between boundary pieces on x = 180 and on x = -180 at the same latitudes: shared stretches
 * measured along the meridian (geodesic on WGS84, through to_geo when it is set), and, for
 * queen contiguity, single common points. *adj is replaced by the combined adjacency, still
 * sorted. Planar layers, and layers that do not reach both edges, are left as they are.
 * O(V + k log k) for k pieces on the two edges (see contiguity_wrap.c). */
rg_status rg_i_contiguity_wrap(const rg_regions *regions, rg_contiguity kind,
                               rg_i_to_wgs84 *to_geo, rg_adjacency **adj);

#endif
