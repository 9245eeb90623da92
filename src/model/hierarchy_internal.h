/* Hierarchy internals for readers of layers that carry rg_level and rg_parent (the graph file):
 * lookups within one level, and the check of ids across levels. */
#ifndef RG_HIERARCHY_INTERNAL_H
#define RG_HIERARCHY_INTERNAL_H

#include <stddef.h>

#include "regiongraph/regions.h"
#include "regiongraph/status.h"

/* Index of the region with this id on the given level, or -1. A code shared by levels (a unit
 * that is both a province and a prefecture-level unit) names one region per level; this picks
 * the level's. O(1) expected after the O(n) index. */
long rg_i_regions_find_in_level(const rg_regions *regions, const char *id, size_t level);
/* For a reader about to look up many ids: fetches ahead the memory a lookup of id will touch,
 * stage 0 its first slot in the id table, stage 1 the entries of the region that slot holds,
 * stage 2 that region's id text; each stage reads what the one before fetched, so they go to
 * a batch of ids one stage at a time. Nothing when the index is not built. */
void rg_i_regions_prefetch_id(const rg_regions *regions, const char *id, int stage);

/* Checks the ids of a layer read from a file: non-empty, unique within each level, and repeating
 * an id of the levels above only as the child of the region with that id. A layer without
 * rg_level is checked as rg_i_regions_check_ids() does, with its messages. Failures name file,
 * the record (1-based) and id_field. O(n) expected. */
rg_status rg_i_regions_check_levels(const rg_regions *regions, const char *file,
                                    const char *id_field);

#endif
