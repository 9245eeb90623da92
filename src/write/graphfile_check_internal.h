/* Checks of the graph file reader (graphfile_check.c): on each row as GDAL hands it over, and
 * on the whole of what was loaded. */
#ifndef RG_GRAPHFILE_CHECK_INTERNAL_H
#define RG_GRAPHFILE_CHECK_INTERNAL_H

#include <ogr_api.h>

#include "model/adjacency_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/status.h"

/* Call right after OGR_L_GetNextFeature(), with GDAL's error state reset just before it: a
 * geometry blob GDAL could not decode (bad GeoPackage header, truncated WKB, bad envelope
 * flags) leaves the feature without geometry and an error behind; this turns it into a failure
 * naming path, table and fid. O(1). */
rg_status rg_i_gf_check_feature(OGRFeatureH feat, const char *path, const char *table);

/* Checks what was loaded from path: every vertex finite and within 1e10 map units, no pair of
 * regions twice in the borders, no region whose rg_parent names itself or a region not above it (a
 * cycle). Failures name the table and record (1-based, in file order) and the ids. O(V + P log P)
 * for V vertices and P pairs. */
rg_status rg_i_gf_check_loaded(const rg_regions *r, const rg_adjacency *adj, const char *path);

#endif
