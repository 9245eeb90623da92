/* The star drawing of a mechanism's links in pictures (render_links.c), as links.geojson draws
 * them (export.h, RG_LINKS_COMPLETE_MAX). */
#ifndef RG_RENDER_LINKS_INTERNAL_H
#define RG_RENDER_LINKS_INTERNAL_H

#include <stddef.h>

#include "regiongraph/export.h"

/* The most members of one mechanism a picture links; the rest are left out of the links. */
#define RG_I_STAR_MAX 4096

/* The position in ends (region indices into xy, two doubles each) of the member nearest to the
 * mean of all n (the first on ties): the hub of the star. n > 0. O(n). */
size_t rg_i_star_hub(const double *xy, const long *ends, size_t n);

#endif
