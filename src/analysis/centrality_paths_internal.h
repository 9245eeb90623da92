/* Range-limited betweenness, closeness and harmonic centrality without igraph's O(n) work per
 * source. */
#ifndef RG_CENTRALITY_PATHS_INTERNAL_H
#define RG_CENTRALITY_PATHS_INTERNAL_H

#include <stddef.h>

#include "regiongraph/status.h"

/* Closeness (normalised over the nodes within the cutoff, NaN when none is) and harmonic
 * centrality (the sum of 1/d over the nodes within the cutoff, divided by n - 1) of every node
 * of the undirected graph with n nodes and the m edges from[k]-to[k] of positive length[k],
 * counting only paths of length at most cutoff; as igraph's weighted *_cutoff functions
 * define them. Either output may be NULL. Time: the sum over nodes of their cutoff
 * neighbourhood's size times its log; memory O(n + m). */
rg_status rg_i_path_measures_cutoff(size_t n, size_t m, const size_t *from, const size_t *to,
                                    const double *length, double cutoff, double *closeness,
                                    double *harmonic);

/* Betweenness of every node counting only shortest paths of length at most cutoff, as
 * igraph_betweenness_cutoff defines it (undirected: each pair once; lengths within igraph's
 * shortest-path epsilon are equal), into out[n]. Time: the sum over nodes of their cutoff
 * neighbourhood's edges times a log; memory O(n + m) plus the parents of one search. */
rg_status rg_i_betweenness_cutoff(size_t n, size_t m, const size_t *from, const size_t *to,
                                  const double *length, double cutoff, double *out);

#endif
