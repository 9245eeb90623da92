/* render --at (render_timeline.c): the coverage of a picture as it stood on a day or in a year. */
#ifndef RG_RENDER_TIME_INTERNAL_H
#define RG_RENDER_TIME_INTERNAL_H

#include <stddef.h>

#include "regiongraph/render.h"

/* Copies the render options' at_first and at_last into the coverage options. O(1). */
void rg_i_render_at(rg_coverage_options *copts, const rg_render_options *o);
/* 1 when mechanism m covers some region of the coverage's level (0 when it is not in force on
 * the day of render --at): only those get links. O(1). */
int rg_i_render_in_force(const rg_coverage *cov, size_t m);
/* The picture's title: o->title when given, else the default already in title followed by the
 * day or year of render --at (", on 2019-06-30", ", in 2019"), if any. */
void rg_i_render_title(char *title, size_t size, const rg_render_options *o);

#endif
