/* Members whose id names a region on two levels (a unit that is its own parent): said, with the
 * level taken, instead of taking the higher one silently. */
#include <stddef.h>
#include <string.h>

#include "base/error_internal.h"
#include "model/coordination_internal.h"
#include "model/coordination_rows_internal.h"
#include "model/hierarchy_internal.h"
#include "regiongraph/coordination.h"
#include "regiongraph/regions.h"

/* Past this many, one line says how many more: a members file naming Shanghai in every row
 * should not bury the rest of the output. */
#define MAX_SAID 10

size_t rg_i_coordination_warn_levels(const rg_coordination *coord, const rg_regions *regions)
{
    size_t i, l, nlevels, said = 0;
    if (!coord || !regions || (nlevels = rg_regions_level_count(regions)) < 2)
        return 0;
    for (i = 0; i < coord->nmembers; i++) {
        const rg_i_coord_member *m = &coord->members[i];
        const rg_i_coord_source *src = &coord->sources[m->origin];
        const char *id = rg_i_coord_text(coord, m->id);
        long taken;
        size_t level;
        if (m->kind != RG_MEMBER_REGION || (taken = rg_regions_find(regions, id)) < 0)
            continue;
        level = rg_regions_level(regions, (size_t)taken);
        for (l = 0; l < nlevels; l++)
            if (l != level && rg_i_regions_find_in_level(regions, id, l) >= 0)
                break;
        if (l == nlevels)
            continue;
        if (said++ < MAX_SAID)
            rg_i_warn("%s: %s %zu: member '%s' of mechanism '%s' names a region on two levels, "
                      "'%s' and '%s' (a unit that is its own parent): taken as the one of level "
                      "'%s', %s that of level '%s'",
                      src->path, src->unit, m->line, id,
                      rg_i_coord_text(coord, coord->mechs[m->mechanism].id),
                      rg_regions_level_name(regions, level), rg_regions_level_name(regions, l),
                      rg_regions_level_name(regions, level),
                      l > level ? "which covers" : "a part of", rg_regions_level_name(regions, l));
    }
    if (said > MAX_SAID)
        rg_i_warn("%zu more members name a region of two levels, each taken as the higher one",
                  said - MAX_SAID);
    return said;
}
