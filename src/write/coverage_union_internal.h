/* The dissolve of a mechanism's regions by GEOS's coverage union (coverage_union.c). */
#ifndef RG_COVERAGE_UNION_INTERNAL_H
#define RG_COVERAGE_UNION_INTERNAL_H

#include <stddef.h>

#include <ogr_api.h>

#include "regiongraph/regions.h"

/* The union of the polygons of regions[0..n) (in the regions' CRS) as an OGR geometry the
 * caller destroys, when they form a clean coverage (no overlaps, shared edges with the same
 * vertices on both sides): GEOS then cancels the shared edges instead of overlaying polygons,
 * in O(vertices * log). NULL when GEOS refuses, the result is not a valid polygonal geometry,
 * or memory runs out: the caller then falls back to the cascaded union, which takes any
 * input. Never prints (GEOS's messages are dropped). */
OGRGeometryH rg_i_coverage_union(const rg_regions *r, const size_t *regions, size_t n);

#endif
