/* regiongraph — the suggestions as a GIS layer (GeoJSON, RFC 7946, as export.h writes). */
#ifndef REGIONGRAPH_SUGGEST_LAYER_H
#define REGIONGRAPH_SUGGEST_LAYER_H

#include <stddef.h>

#include "regiongraph/graph.h"
#include "regiongraph/status.h"
#include "regiongraph/suggest.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes suggestions.geojson atomically, with two layers beside it, one geometry type per file:
 * for each listed step (the first `top` member steps of each mechanism and agreements, 0 = all,
 * and every step of the plans) one feature per region it proposes at path (MultiPolygons; role
 * "region"), and one per pair it would close: a shared border at
 * rg_export_sibling_path(path, "borders") (MultiLineStrings), a corner contact at
 * rg_export_sibling_path(path, "contacts") (MultiPoints; role "border" in both). Properties: list
 * (member, agreement, greedy, exact), rank, kind, mechanism (id or null), step (the joining or
 * first region's id), role, id and name (a region's) or id_a, id_b, name_a, name_b (a pair's),
 * km, gain (the whole step's), and explanation (rg_suggest_explain). Geometry as in export.h's
 * layers (the same writer): lon/lat WGS84 transformed from the graph's CRS, 7 decimals, exterior
 * rings counter-clockwise, everything split at the antimeridian. Time O(points of the features
 * written). */
RG_API rg_status rg_export_suggestions_geojson(const rg_graph *graph, const rg_suggest *suggest,
                                               size_t top, const char *path);

#ifdef __cplusplus
}
#endif
#endif
