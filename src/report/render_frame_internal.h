/* Where a map picture puts its points: the projection and layout every picture of the map
 * shares (render.c draws the map, render_suggest.c its overlay on the same pixels), and the
 * cairo surface a picture is drawn on. */
#ifndef RG_REPORT_RENDER_FRAME_INTERNAL_H
#define RG_REPORT_RENDER_FRAME_INTERNAL_H

#include <cairo.h>

#include "regiongraph/render.h"

/* render.h's projection: equirectangular for lon/lat, x scaled by the cosine of the window's
 * mean latitude (1 for a projected CRS), the map centred below a title band. */
typedef struct rg_i_render_frame {
    int width, height, title_h; /* pixels: the picture, and the title band on top */
    double kx;                  /* x stretch of the projection (cos of mean latitude, or 1) */
    double scale, ox, oy;       /* projected -> picture: px = ox + scale * X, py = oy - scale * Y */
    int wrap;                   /* lon/lat window beyond +-180: longitudes moved next to wrap_c */
    double wrap_c;
} rg_i_render_frame;

/* The x stretch for a window (bbox W, S, E, N in layer coordinates). */
double rg_i_render_projection_kx(int geographic, const double bbox[4]);

/* The frame of a picture width pixels wide showing window win (non-empty) of graph's layer;
 * its height is rg_render_height(). */
void rg_i_render_frame_init(rg_i_render_frame *f, const rg_graph *graph, int width,
                            const double win[4]);

/* Layer coordinates (x, y) to picture pixels. */
void rg_i_render_frame_point(const rg_i_render_frame *f, double x, double y, double *px,
                             double *py);

/* A surface of width x height for format: an image for PNG (written out later by
 * rg_i_render_finish), else bound to the file tmp. Check cairo_surface_status() on it. */
cairo_surface_t *rg_i_render_surface(rg_render_format format, const char *tmp, int width,
                                     int height);

#endif
