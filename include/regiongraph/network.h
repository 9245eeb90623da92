/* regiongraph — the coordination network: region and agency nodes, typed edges, views.
 *
 * A network is built from a graph for one analysis level (a level of the region hierarchy):
 * its nodes are the regions of that level, then the agencies. Edges carry a type:
 *   adjacent      two regions of the level share a border; weight = shared border km
 *   coordinated   two nodes share at least one mechanism; weight = number of mechanisms shared.
 *                 A mechanism covers its region members and their descendants at the level
 *                 (a province's membership covers its prefectures) and its agency members.
 *   jurisdiction  an agency and a region of the level under its jurisdiction (a jurisdiction
 *                 over a province reaches the province's regions at the level); weight 1
 * A view chooses which edge types are in the network. The network holds an igraph_t so that
 * the analyses (coverage, centrality) run on it directly.
 */
#ifndef REGIONGRAPH_NETWORK_H
#define REGIONGRAPH_NETWORK_H

#include <stddef.h>

#include "regiongraph/graph.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rg_view {
    RG_VIEW_ADJACENCY = 1,    /* adjacent edges */
    RG_VIEW_COORDINATION = 2, /* coordinated and jurisdiction edges */
    RG_VIEW_ALL = 3           /* every edge */
} rg_view;

typedef enum rg_edge_type {
    RG_EDGE_ADJACENT = 0,
    RG_EDGE_COORDINATED = 1,
    RG_EDGE_JURISDICTION = 2
} rg_edge_type;

typedef enum rg_node_kind { RG_NODE_REGION = 0, RG_NODE_AGENCY = 1 } rg_node_kind;

typedef struct rg_network rg_network;

/* Builds the network of a graph at a level (NULL: the graph's default level, else the lowest)
 * for a view. An unknown level is RG_ERR_ARG naming the levels there are. Time O(n + m + sum
 * over mechanisms of (covered regions)^2) for the coordinated edges. */
RG_API rg_status rg_network_build(const rg_graph *graph, const char *level, rg_view view,
                                  rg_network **out);
RG_API void rg_network_free(rg_network *network);

/* The level index (into rg_regions_level_name) the network was built for. */
RG_API size_t rg_network_level(const rg_network *network);
RG_API size_t rg_network_node_count(const rg_network *network);
RG_API size_t rg_network_edge_count(const rg_network *network);
/* Node v: its kind and its index among the graph's regions (rg_regions index) or agencies
 * (rg_coordination index). */
RG_API void rg_network_node(const rg_network *network, size_t v, rg_node_kind *kind, size_t *index);
/* Node of a region index or an agency index, or -1 when not in the network. */
RG_API long rg_network_region_node(const rg_network *network, size_t region);
RG_API long rg_network_agency_node(const rg_network *network, size_t agency);
/* Edge e: endpoints (node numbers, from < to), type and weight. For adjacent edges, *pair is
 * the adjacency pair index; otherwise (size_t)-1. */
RG_API void rg_network_edge(const rg_network *network, size_t e, size_t *from, size_t *to,
                            rg_edge_type *type, double *weight, size_t *pair);
/* The igraph_t (undirected, edge order = rg_network_edge order), for analyses; pass it as
 * `const igraph_t *` after including igraph.h. Owned by the network. */
RG_API const void *rg_network_igraph(const rg_network *network);

#ifdef __cplusplus
}
#endif
#endif
