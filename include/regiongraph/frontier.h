/* regiongraph — coordination frontiers: the borders where a mechanism stops.
 *
 * At an analysis level (coverage.h says which regions a mechanism covers), a pair of adjacent
 * regions is on mechanism m's frontier when m covers exactly one of its two sides. A frontier
 * gap is a frontier pair no mechanism covers on both sides: coordination reaches one side and
 * stops there. Island links (RG_CONTACT_ISLAND) are no border and are never on a frontier. The
 * suggestions (suggest.h) close frontier gaps; the coverage report will list them (issue 11).
 */
#ifndef REGIONGRAPH_FRONTIER_H
#define REGIONGRAPH_FRONTIER_H

#include <stddef.h>

#include "regiongraph/graph.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rg_frontier rg_frontier;

/* Computes the frontiers of every mechanism at a level (NULL: the graph's default level, else
 * the lowest; an unknown level is RG_ERR_ARG). Without coordination data there is no frontier.
 * Time O(n + m + sum over mechanisms of the pairs touching its covered regions), plus sorting
 * each mechanism's frontier. */
RG_API rg_status rg_frontier_compute(const rg_graph *graph, const char *level, rg_frontier **out);
RG_API void rg_frontier_free(rg_frontier *frontier);

/* The level analysed. */
RG_API size_t rg_frontier_level(const rg_frontier *frontier);

/* Frontier gaps overall (each pair counted once, however many mechanisms stop there), and
 * those whose sides have different parents. */
typedef struct rg_frontier_summary {
    size_t pairs;
    double km;
    size_t cross_pairs;
    double cross_km;
} rg_frontier_summary;
RG_API void rg_frontier_get_summary(const rg_frontier *frontier, rg_frontier_summary *summary);

/* Per mechanism m (rg_coordination index): its frontier pairs and km (m covers exactly one
 * side, whether or not another mechanism covers both), and the frontier gaps among them. */
typedef struct rg_mechanism_frontier {
    size_t pairs;
    double km;
    size_t gap_pairs;
    double gap_km;
} rg_mechanism_frontier;
RG_API size_t rg_frontier_mechanism_count(const rg_frontier *frontier);
RG_API void rg_frontier_mechanism(const rg_frontier *frontier, size_t m, rg_mechanism_frontier *out);

/* Mechanism m's frontier pairs (rg_adjacency indices), longest border first (ties by the ids
 * of the two sides); *count gets their number. Owned by the frontier. */
RG_API const size_t *rg_frontier_mechanism_pairs(const rg_frontier *frontier, size_t m, size_t *count);

/* Per adjacent pair k: the number of mechanisms whose frontier it is on (0 when none), and
 * whether it is a frontier gap. */
RG_API size_t rg_frontier_pair_stops(const rg_frontier *frontier, size_t k);
RG_API int rg_frontier_pair_is_gap(const rg_frontier *frontier, size_t k);

#ifdef __cplusplus
}
#endif
#endif
