/* regiongraph — centrality, cohesion and communities on a network view, through igraph.
 *
 * Weights. Border km (adjacent edges) and shared mechanisms (coordinated edges) are strengths:
 * more is closer. Degree-like and spectral measures (strength, eigenvector, PageRank, Leiden,
 * Louvain, modularity) use them as they are. Path-based measures (betweenness, closeness,
 * harmonic) need distances: each edge's distance is the view's mean strength divided by its
 * strength (a neighbour across an average border is one step away). An edge of strength 0 (a
 * corner-only contact) keeps distance 1 and strength 0. With weighted = 0 every edge counts 1.
 * The view "all" mixes km and counts, so it is always unweighted. Coreness, clustering,
 * articulation points, bridges and components ignore weights.
 *
 * Disconnected graphs are the normal case on real maps: closeness is computed within each
 * node's component (igraph's convention: reciprocal of the mean distance to the nodes it
 * reaches; 0 for an isolated node), harmonic centrality is normalised by n - 1, eigenvector
 * centrality per component scaled so that each component's largest is 1 (isolated nodes 0), and
 * no value is ever NaN. Isolated nodes are flagged.
 */
#ifndef REGIONGRAPH_CENTRALITY_H
#define REGIONGRAPH_CENTRALITY_H

#include <stddef.h>

#include "regiongraph/build.h"
#include "regiongraph/network.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rg_measure {
    RG_MEASURE_DEGREE = 0,   /* number of neighbours */
    RG_MEASURE_STRENGTH,     /* sum of strengths */
    RG_MEASURE_BETWEENNESS,  /* shortest paths through the node (undirected, not normalised) */
    RG_MEASURE_CLOSENESS,
    RG_MEASURE_HARMONIC,
    RG_MEASURE_EIGENVECTOR,
    RG_MEASURE_PAGERANK,     /* damping 0.85 */
    RG_MEASURE_CORENESS,
    RG_MEASURE_CLUSTERING,   /* local transitivity; 0 for degree < 2 */
    RG_MEASURE_ARTICULATION, /* 1 when removing the node splits its component */
    RG_MEASURE_COMPONENT,    /* component number, by first node */
    RG_MEASURE_ISOLATED,     /* 1 when the node has no edge in the view */
    RG_MEASURE_LEIDEN,       /* community number (Leiden, modularity objective) */
    RG_MEASURE_LOUVAIN,      /* community number (Louvain, multilevel) */
    RG_MEASURE_COUNT
} rg_measure;

/* Name of a measure as used in outputs ("degree", "betweenness"...); static storage. */
RG_API const char *rg_measure_name(rg_measure measure);
/* Measure by name, or -1. */
RG_API int rg_measure_parse(const char *name);

/* Above this many nodes the path measures (betweenness, closeness, harmonic: each O(n m log n)
 * exact) count only paths up to RG_CENTRALITY_AUTO_CUTOFF by default: a 20 000-node network
 * took minutes exact, and with the cutoff it takes well under a second per measure. */
#define RG_CENTRALITY_EXACT_MAX 5000
#define RG_CENTRALITY_AUTO_CUTOFF 3.0

typedef struct rg_centrality_options {
    const char *level;          /* NULL: the graph's default level, else the lowest */
    rg_view view;               /* 0 means RG_VIEW_ADJACENCY */
    int unweighted;             /* 1: every edge counts 1 */
    double betweenness_cutoff;  /* > 0: only paths up to this length (in distance units) count
                                   for betweenness, closeness and harmonic centrality, the
                                   approximation for large graphs; 0: exact up to
                                   RG_CENTRALITY_EXACT_MAX nodes, RG_CENTRALITY_AUTO_CUTOFF
                                   above (announced as a warning) unless `exact` is set */
    int exact;                  /* 1: exact path measures whatever the size (cutoff 0) */
    unsigned skip;              /* bits 1u << RG_MEASURE_BETWEENNESS, _CLOSENESS, _HARMONIC:
                                   not computed (their values stay 0), for a caller that needs
                                   only some of them; 0: all */
    unsigned long seed;         /* seed of the community detection (igraph's RNG) */
    double resolution;          /* Leiden resolution; 0 means 1 */
    rg_progress_fn progress;    /* NULL: none; called before each measure */
    void *progress_data;
} rg_centrality_options;

typedef struct rg_centrality rg_centrality;

/* Computes every measure on the network of the graph at the level and view. Time: dominated by
 * betweenness, O(n m) unweighted and O(n m log n) weighted (less with a cutoff). */
RG_API rg_status rg_centrality_compute(const rg_graph *graph, const rg_centrality_options *options,
                                       rg_centrality **out);
RG_API void rg_centrality_free(rg_centrality *centrality);

/* The network the measures were computed on (node numbering, kinds, edges). */
RG_API const rg_network *rg_centrality_network(const rg_centrality *centrality);
/* Value of a measure at node v (never NaN). */
RG_API double rg_centrality_value(const rg_centrality *centrality, size_t v, rg_measure measure);
/* Community results: number of communities and modularity (weighted as the measure was). */
RG_API size_t rg_centrality_community_count(const rg_centrality *centrality, rg_measure which);
RG_API double rg_centrality_modularity(const rg_centrality *centrality, rg_measure which);
/* Bridges: edges whose removal splits a component (network edge indices, ascending). */
RG_API size_t rg_centrality_bridge_count(const rg_centrality *centrality);
RG_API const size_t *rg_centrality_bridges(const rg_centrality *centrality);
/* Number of components, and the options used (seed, cutoff, weighted) for writing them out;
 * betweenness_cutoff there is the cutoff applied (the automatic one included), 0 for exact. */
RG_API size_t rg_centrality_component_count(const rg_centrality *centrality);
RG_API const rg_centrality_options *rg_centrality_used_options(const rg_centrality *centrality);

/* Keeps the measures with the graph (all of them: the centrality must not have skipped any),
 * so that rg_graph_write() stores them in the graph file and rg_centrality_compute() on that
 * graph, or on the graph read back from the file, with the same level, view, weights, cutoff,
 * seed and resolution, takes them from there instead of computing them again. `build` stores
 * the defaults of export, render and report this way. RG_ERR_ARG when measures were skipped. */
RG_API rg_status rg_centrality_store(rg_graph *graph, const rg_centrality *centrality);
/* 1 when rg_centrality_compute() took the measures stored with the graph, 0 when it computed
 * them. */
RG_API int rg_centrality_was_stored(const rg_centrality *centrality);

#ifdef __cplusplus
}
#endif
#endif
