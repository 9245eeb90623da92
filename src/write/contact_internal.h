/* The words every writer uses for how a pair meets (rg_contact): the graph file's `contact`
 * column, the borders layers' `contact` property and the network files' edge attribute, one
 * vocabulary that readers of any of them can rely on. */
#ifndef RG_CONTACT_INTERNAL_H
#define RG_CONTACT_INTERNAL_H

#include "regiongraph/adjacency.h"

/* "point", "border" or "island". */
static inline const char *rg_i_contact_name(rg_contact contact)
{
    return contact == RG_CONTACT_BORDER   ? "border"
           : contact == RG_CONTACT_ISLAND ? "island"
                                          : "point";
}

#endif
