/* regiongraph — network outputs for network and spatial-statistics tools.
 *
 *   GraphML   the whole network of a level (Gephi, networkx, igraph, Cytoscape read it)
 *   GAL, GWT  the spatial weights of the adjacency at the level, in GeoDa's text formats
 *             (GeoDa, PySAL/libpysal, R spdep read them)
 *   CSV       one row per network edge, for a spreadsheet or any edge-list reader
 *
 * Every file is written to a temporary file beside its destination and renamed into place, so
 * an interrupted run never leaves a half-written file. Reals are written with the fewest digits
 * that read back to the same double.
 */
#ifndef REGIONGRAPH_NETIO_H
#define REGIONGRAPH_NETIO_H

#include "regiongraph/centrality.h"
#include "regiongraph/graph.h"
#include "regiongraph/network.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the network as GraphML (undirected; parallel edges when two nodes are linked by
 * several edge types). Node ids are the region and agency ids (unique: an agency id equal to a
 * region id is refused when coordination data is attached). Node attributes, each declared with
 * its attr.type: name, kind ("region" or "agency"), level (the region's hierarchy level, the
 * agency's administrative level), parent (the parent region's id; absent at the top), lon and
 * lat (lon/lat WGS84: a region's representative point, rg_region_representative_point, so that
 * Gephi's GeoLayout or networkx can place the nodes on the map; an agency's location when it
 * has one), then every source attribute of the regions as string, long
 * or double (the hierarchy fields rg_level and rg_parent are the level and parent above; a
 * source field whose name is taken is written as src_<name>). Edge attributes: type
 * ("adjacent", "coordinated", "jurisdiction"), weight (as in network.h), and for adjacent
 * edges length_km and kind ("rook" or "queen"). A null value is an absent <data>. Text is
 * XML-escaped; control characters XML 1.0 cannot hold become U+FFFD. The graph-level
 * attribute level names the network's level. Time O(V * fields + E). */
RG_API rg_status rg_export_graphml(const rg_network *network, const rg_graph *graph, const char *path);

/* As rg_export_graphml, and when centrality is not NULL each region node also gets the measures
 * of its node in the centrality's network, as doubles named as rg_measure_name: degree,
 * strength, betweenness, closeness, harmonic, eigenvector, pagerank, coreness, clustering,
 * component, leiden, louvain (absent for a region not in that network). Source fields with
 * these names are written as src_<name> (with or without centrality). Time as
 * rg_export_graphml plus O(V). */
RG_API rg_status rg_export_graphml_measures(const rg_network *network, const rg_graph *graph,
                                            const rg_centrality *centrality, const char *path);

/* Writes the contiguity of the network's level as a GAL file: the header
 * "0 N LAYER IDFIELD" (LAYER is the level name, IDFIELD the field the ids came from, "id" when
 * unknown; white space in either becomes '_'), then per region of the level, in region order,
 * the line "ID K" and the line of its K neighbours' ids in region order (an empty line for a
 * region without neighbours). Agencies and coordination edges are not spatial weights and are
 * left out; the adjacency is taken from the graph, whatever the network's view. An id holding
 * white space cannot be written (the format splits on it): RG_ERR_DATA naming it.
 * Time O(V + E). */
RG_API rg_status rg_export_gal(const rg_network *network, const rg_graph *graph, const char *path);

/* Writes the same contiguity as a GWT file: the header "0 N LAYER IDFIELD" as for GAL, then
 * "ID_I ID_J WEIGHT" for every ordered pair of neighbours (both directions), in region order,
 * the weight being the shared border in km (0 for a corner-only queen contact). A region
 * without neighbours has no line (the header's N still counts it). Time O(V + E). */
RG_API rg_status rg_export_gwt(const rg_network *network, const rg_graph *graph, const char *path);

/* Writes the network's edges as CSV (RFC 4180, UTF-8, LF line ends): the header
 * "id_a,id_b,type,weight,length_km", then one row per edge in network order, id_a being the
 * lower node; length_km is empty except for adjacent edges. Time O(E). */
RG_API rg_status rg_export_edges_csv(const rg_network *network, const rg_graph *graph, const char *path);

#ifdef __cplusplus
}
#endif
#endif
