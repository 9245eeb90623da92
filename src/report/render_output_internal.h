/* The last step of every picture: a drawn cairo surface out to its file (PNG through a stream,
 * SVG and PDF by finishing the surface), shared by the map, the suggestions and the timeline. */
#ifndef RG_REPORT_RENDER_OUTPUT_INTERNAL_H
#define RG_REPORT_RENDER_OUTPUT_INTERNAL_H

#include <stdio.h>

#include <cairo.h>

#include "regiongraph/render.h"

/* Writes surface (PNG: to fp; SVG/PDF: already bound to their file, finished here). RG_ERR_IO
 * naming path when cairo fails. */
rg_status rg_i_render_finish(cairo_surface_t *surface, rg_render_format format, FILE *fp,
                             const char *path);

#endif
