/* The view of one level that the frontier (frontier.c) and the suggestions (suggest*.c) share:
 * which regions and pairs are at the level, the pairs touching each region, and which
 * mechanisms cover each region. */
#ifndef RG_FRONTIER_INTERNAL_H
#define RG_FRONTIER_INTERNAL_H

#include <stddef.h>

#include "graph/network_internal.h"
#include "regiongraph/graph.h"
#include "regiongraph/status.h"

typedef struct rg_i_levelview {
    const rg_regions *r;
    const rg_adjacency *adj;
    size_t level, n, m;
    unsigned char *at_level;    /* per region */
    unsigned char *border;      /* per pair: both sides at the level, and a border (no island
                                   link): the pairs coordination is counted on */
    size_t *inc_first, *inc;    /* per region: pairs at the level touching it, island links
                                   included (they join a mechanism's pieces, as in coverage.c) */
    rg_i_cover cover;           /* per mechanism: the regions of the level it covers */
    size_t *mech_first, *mech;  /* per region: the mechanisms covering it, ascending */
    unsigned char *coordinated; /* per pair: a border some mechanism covers on both sides */
} rg_i_levelview;

/* Fills view for a level index. On failure view is left released. Time O(n + m + covered
 * regions + sum over pairs of the mechanisms of its sides). */
rg_status rg_i_levelview_build(const rg_graph *graph, size_t level, rg_i_levelview *view);
/* Frees the arrays; a zeroed or released view is accepted. */
void rg_i_levelview_release(rg_i_levelview *view);

/* Whether mechanism mi covers region i (binary search in i's list). O(log mechanisms of i). */
int rg_i_levelview_covers(const rg_i_levelview *view, size_t mi, size_t i);

#endif
