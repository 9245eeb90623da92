/* regiongraph — GIS layers written from a graph.
 *
 * GeoJSON follows RFC 7946: coordinates are lon/lat on WGS84 (the graph's CRS is transformed
 * when it is anything else), in traditional GIS axis order, exterior rings counter-clockwise
 * and holes clockwise. Every file is written to a temporary file beside its destination and
 * renamed into place, so an interrupted run never leaves a half-written layer.
 */
#ifndef REGIONGRAPH_EXPORT_H
#define REGIONGRAPH_EXPORT_H

#include "regiongraph/graph.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the regions as a GeoJSON FeatureCollection of (Multi)Polygons with properties id,
 * name, degree, border_km (total shared border), isolated (true when the region has no
 * neighbour), then the source attributes. Regions without geometry get a null geometry.
 * Time O(V). */
rg_status rg_export_regions_geojson(rg_graph *graph, const char *path);

/* Writes one feature per adjacent pair: the shared border as a LineString or MultiLineString
 * (a Point or MultiPoint for a point-only contact) with properties id_a, id_b, name_a,
 * name_b, kind ("rook" or "queen") and length_km. Time O(border points). */
rg_status rg_export_borders_geojson(const rg_graph *graph, const char *path);

#ifdef __cplusplus
}
#endif
#endif
