/* Internals shared by the coverage files: the member regions of each mechanism, resolved once
 * for rg_coverage_via (coverage_via.c) when the coverage is computed (coverage.c). */
#ifndef RG_COVERAGE_INTERNAL_H
#define RG_COVERAGE_INTERNAL_H

#include <stddef.h>

#include "regiongraph/coverage.h"
#include "regiongraph/graph.h"

/* For each of the graph's nmechs mechanisms, the region indices (any level) its members name,
 * ascending without repeats, in CSR form: *first (nmechs + 1 entries) and *regions, both
 * malloc'd for the caller. An agency member or an id naming no region adds nothing.
 * RG_ERR_NOMEM. O(members * log(members)). */
rg_status rg_i_member_regions_build(const rg_graph *graph, size_t nmechs, size_t **first,
                                    size_t **regions);

/* Mechanism m's member regions from rg_i_member_regions_build, kept by the coverage. */
const size_t *rg_i_coverage_member_regions(const rg_coverage *cov, size_t m, size_t *count);

#endif
