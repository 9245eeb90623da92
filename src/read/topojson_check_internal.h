/* The TopoJSON arc index check (topojson_check.c). */
#ifndef RG_TOPOJSON_CHECK_INTERNAL_H
#define RG_TOPOJSON_CHECK_INTERNAL_H

#include "regiongraph/status.h"

/* Scans the TopoJSON file GDAL opened as gdal_path (any /vsi path) and fails, naming where,
 * the object, the feature (1-based) and its id, at the first arc index k >= the number of
 * arcs, or ~k (written -k-1) with k past them, which GDAL drops without a word. A file that is
 * not JSON as the scan expects, or has no top-level "arcs", passes (GDAL judged it already).
 * Constant memory, two passes over the file: O(size). */
rg_status rg_i_topojson_check_arcs(const char *gdal_path, const char *where);

#endif
