/* regiongraph — GIS layers written from a graph.
 *
 * GeoJSON follows RFC 7946: coordinates are lon/lat on WGS84 (the graph's CRS is transformed
 * when it is anything else), in traditional GIS axis order, exterior rings counter-clockwise
 * and holes clockwise. Every file is written to a temporary file beside its destination and
 * renamed into place, so an interrupted run never leaves a half-written layer.
 */
#ifndef REGIONGRAPH_EXPORT_H
#define REGIONGRAPH_EXPORT_H

#include "regiongraph/centrality.h"
#include "regiongraph/coverage.h"
#include "regiongraph/graph.h"
#include "regiongraph/network.h"
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

/* Layers of a coordination analysis. With coverage, regions.geojson holds the regions of the
 * coverage's level only, each with, after the properties above, level, parent (id or null),
 * covered (true/false), mechanisms (count), reach1 and reach2; and borders.geojson the pairs of
 * that level, with coordinated (true/false) and shared (mechanisms covering both sides). */
rg_status rg_export_regions_coverage_geojson(rg_graph *graph, const rg_coverage *coverage,
                                             const char *path);
rg_status rg_export_borders_coverage_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                             const char *path);

/* As rg_export_regions_coverage_geojson, and when centrality is not NULL each region then gets
 * the measures of its node in the centrality's network (computed at the coverage's level):
 * net_degree (the view's degree; "degree" stays the adjacency degree), strength, betweenness,
 * closeness, harmonic, eigenvector, pagerank, coreness, clustering, articulation (true/false),
 * component, leiden and louvain (names from rg_measure_name), or nulls for a region not in that
 * network. Source fields with those names are renamed src_<name>. NULL centrality writes
 * exactly the coverage layer. Time O(V). */
rg_status rg_export_regions_measures_geojson(rg_graph *graph, const rg_coverage *coverage,
                                             const rg_centrality *centrality, const char *path);

/* links.geojson: one LineString per coordinated edge of the network between two regions, drawn
 * between representative points that lie inside each region (rg_region_representative_point),
 * with id_a, id_b, name_a, name_b and shared (mechanisms in common). Edges touching an agency
 * are drawn only when the agency has a location. */
rg_status rg_export_links_geojson(const rg_graph *graph, const rg_network *network,
                                  const char *path);

/* gaps.geojson: the shared borders of the gap pairs (rg_coverage_gaps), as lines, ranked as
 * there, with id_a, id_b, name_a, name_b, parent_a, parent_b, cross_parent and length_km. */
rg_status rg_export_gaps_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                 const char *path);

/* agencies.geojson: agencies that have a location, as Points, with id, name, level, and the
 * number of mechanisms each belongs to. An empty FeatureCollection when none has one. */
rg_status rg_export_agencies_geojson(const rg_graph *graph, const char *path);

/* A point guaranteed to lie inside region i (in the layer's CRS): on a horizontal line near the
 * middle of the largest polygon's extent (halfway between the vertex heights nearest the middle,
 * so that it crosses no vertex), the middle of the widest interior stretch (holes respected). Returns RG_ERR_DATA for a region without geometry. Time O(points of the region). */
rg_status rg_region_representative_point(const rg_regions *regions, size_t i, double *x,
                                         double *y);

#ifdef __cplusplus
}
#endif
#endif
