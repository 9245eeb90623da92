/* A mechanism's regions dissolved for the mechanisms layer (coverage_union.c): our own
 * coverage dissolve (geom/dissolve.c) for regions that share their edges exactly, and the rings
 * of OGR's general union (the fallback) taken into the same arrays. */
#ifndef RG_COVERAGE_UNION_INTERNAL_H
#define RG_COVERAGE_UNION_INTERNAL_H

#include <stddef.h>

#include <ogr_api.h>

#include "geom/dissolve_internal.h"
#include "regiongraph/regions.h"

/* The union of the polygons of regions[0..n) (in the regions' CRS) into out, when they form a
 * clean coverage (no overlaps, shared edges with the same vertices on both sides): 1. 0 when
 * they do not (out empty: the caller falls back to the cascaded union, which takes any input),
 * -1 when memory runs out (the error is set). Time O(V log V) in the regions' V points, memory
 * O(V); never prints. */
int rg_i_coverage_union(const rg_regions *r, const size_t *regions, size_t n, rg_i_polygons *out);

/* The polygons of OGR geometry g (a Polygon, MultiPolygon or a collection of them; anything
 * else in a collection is skipped) into out, cleared first, shells then holes as OGR holds
 * them. 1, or 0 when memory runs out (the error is set). */
int rg_i_polygons_from_ogr(OGRGeometryH g, rg_i_polygons *out);

#endif
