/* Internals shared by the network (network.c) and the coverage analysis (coverage.c): the
 * analysis level of a graph, and what each mechanism and agency reaches at that level. */
#ifndef RG_NETWORK_INTERNAL_H
#define RG_NETWORK_INTERNAL_H

#include <stddef.h>

#include "regiongraph/graph.h"
#include "regiongraph/status.h"

/* What the coordination data reaches at one level, as compressed lists (entries of item i are
 * list[first[i]] .. list[first[i+1]-1], ascending, without repeats). */
typedef struct rg_i_cover {
    size_t level;
    size_t nmechs, nagencies;
    size_t *region_first, *regions;   /* per mechanism: regions of the level it covers */
    size_t *agency_first, *agencies;  /* per mechanism: its agency members (agency indices) */
    size_t *region_members;           /* per mechanism: member rows naming a region (any level) */
    size_t *jur_first, *jur;          /* per agency: regions of the level under its jurisdiction */
} rg_i_cover;

/* The level index for a level name; NULL: the graph's default level, else the lowest. An
 * unknown name is RG_ERR_ARG naming the levels there are. O(levels). */
rg_status rg_i_graph_level(const rg_graph *graph, const char *name, size_t *level);

/* Fills cover for a level: a region member covers itself and its descendants at the level; an
 * agency member covers no region unless agency_jurisdiction is set, when it covers its
 * jurisdiction's regions at the level. Without coordination data every list is empty. On
 * failure cover is left released. Time O(n * levels + members + jurisdictions + covered
 * regions * log). */
rg_status rg_i_cover_build(const rg_graph *graph, size_t level, int agency_jurisdiction,
                           rg_i_cover *cover);
/* Frees the lists; a zeroed or already released cover is accepted. */
void rg_i_cover_release(rg_i_cover *cover);

#endif
