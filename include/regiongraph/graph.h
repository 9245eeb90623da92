/* regiongraph — the coordination graph: region nodes and adjacent edges, held in igraph.
 *
 * Node i is region i of the graph's layer; edge k is adjacent pair k. The graph owns its
 * regions and adjacency. It is persisted as a GeoPackage (an open format that QGIS and ogrinfo
 * open as they are) with the layers `regions` (polygons and every attribute), `borders` (one
 * line feature per adjacent pair, with its level) and the table `rg_meta` (format version, contiguity kind,
 * source, CRS), so that export and report never touch the original map again.
 */
#ifndef REGIONGRAPH_GRAPH_H
#define REGIONGRAPH_GRAPH_H

#include <stddef.h>

#include "regiongraph/contiguity.h"
#include "regiongraph/coordination.h"
#include "regiongraph/regions.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rg_graph rg_graph;

/* Builds the igraph graph of a layer and its adjacency. Takes ownership of both, also on
 * failure (they are freed then). Time O(n + m). */
RG_API rg_status rg_graph_new(rg_regions *regions, rg_adjacency *adjacency, rg_graph **out);

/* Frees a graph; NULL is accepted. */
RG_API void rg_graph_free(rg_graph *graph);

RG_API const rg_regions *rg_graph_regions(const rg_graph *graph);
RG_API const rg_adjacency *rg_graph_adjacency(const rg_graph *graph);
RG_API size_t rg_graph_node_count(const rg_graph *graph);
RG_API size_t rg_graph_edge_count(const rg_graph *graph);

/* Per-node degree (number of adjacent regions) and total shared border km, computed by igraph
 * (igraph_degree, igraph_strength weighted by border km). The arrays hold one entry per node
 * and are owned by the graph. Time O(n + m) once, then O(1). */
RG_API rg_status rg_graph_node_degrees(rg_graph *graph, const size_t **degree, const double **border_km);

/* Attaches coordination data (agencies, mechanisms, members) to the graph, taking ownership
 * (also on failure, when it is freed). Members and jurisdictions are resolved against the
 * graph's regions (rg_coordination_resolve): an unknown member is an error naming its file and
 * line. A graph has at most one coordination set; attaching replaces the previous one, a failed
 * attach keeps it, and NULL removes it. */
RG_API rg_status rg_graph_set_coordination(rg_graph *graph, rg_coordination *coordination);

/* The attached coordination data, or NULL. */
RG_API const rg_coordination *rg_graph_coordination(const rg_graph *graph);

/* The default analysis level (a level name of the regions), as given at build time; NULL means
 * the lowest level. The string is copied. */
RG_API rg_status rg_graph_set_default_level(rg_graph *graph, const char *level);
RG_API const char *rg_graph_default_level(const rg_graph *graph);


#ifdef __cplusplus
}
#endif
#endif
