/* Tolerant contiguity (snap > 0), called by rg_contiguity_build(). */
#ifndef RG_SNAP_INTERNAL_H
#define RG_SNAP_INTERNAL_H

#include "regiongraph/contiguity.h"

/* Options are checked by the caller: kind valid, snap > 0 and finite. */
rg_status rg_i_contiguity_snap(const rg_regions *regions, const rg_contiguity_options *options,
                               rg_adjacency **out);

#endif
