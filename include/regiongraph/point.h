/* regiongraph — points that stand for regions: a representative point inside each region, where
 * links and labels are drawn (a centroid can fall outside a U-shaped region). */
#ifndef REGIONGRAPH_POINT_H
#define REGIONGRAPH_POINT_H

#include <stddef.h>

#include "regiongraph/regions.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A point guaranteed to lie inside region i (in the layer's CRS): on a horizontal line near the
 * middle of the largest polygon's extent (halfway between the vertex heights nearest the middle,
 * so that it crosses no vertex), the middle of the widest interior stretch (holes respected). Returns RG_ERR_DATA for a region without geometry. Time O(points of the region). */
RG_API rg_status rg_region_representative_point(const rg_regions *regions, size_t i, double *x,
                                                double *y);

#ifdef __cplusplus
}
#endif
#endif
