/* The picture's window: region extents and the default window around the main body of regions
 * (render_window.c). */
#ifndef RG_REPORT_RENDER_WINDOW_INTERNAL_H
#define RG_REPORT_RENDER_WINDOW_INTERNAL_H

#include <stddef.h>

#include "regiongraph/regions.h"

/* Extent (W, S, E, N) of region i's points; 0 when it has none. */
int rg_i_render_region_extent(const rg_regions *r, size_t i, double ext[4]);

/* Longitude x moved by whole turns to lie within 180 degrees of c. */
double rg_i_render_unwrap(double x, double c);

#endif
