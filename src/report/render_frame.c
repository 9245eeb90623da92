/* The projection and layout of a map picture and the surface it is drawn on, one definition
 * for the map and for the suggestions drawn over it (render_frame_internal.h). */
#include <math.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "regiongraph/regions.h"
#include "report/render_frame_internal.h"
#include "report/render_window_internal.h"

#define RG_PI 3.14159265358979323846

double rg_i_render_projection_kx(int geographic, const double bbox[4])
{
    double lat0;
    if (!geographic)
        return 1.0;
    lat0 = 0.5 * (bbox[1] + bbox[3]) * RG_PI / 180.0;
    return fmax(cos(lat0), 0.05);
}

void rg_i_render_frame_init(rg_i_render_frame *f, const rg_graph *graph, int width,
                            const double win[4])
{
    int geographic = rg_regions_crs_is_geographic(rg_graph_regions(graph));
    double pw, ph, map_h;
    f->wrap = geographic && (win[0] < -180.0 || win[2] > 180.0);
    f->wrap_c = 0.5 * (win[0] + win[2]);
    f->width = width;
    f->height = rg_render_height(graph, width, win);
    f->title_h = (width + 10) / 20;
    f->kx = rg_i_render_projection_kx(geographic, win);
    pw = (win[2] - win[0]) * f->kx;
    ph = win[3] - win[1];
    map_h = f->height - f->title_h;
    f->scale = fmin(f->width / pw, map_h / ph);
    f->ox = 0.5 * (f->width - f->scale * pw) - f->scale * win[0] * f->kx;
    f->oy = f->title_h + 0.5 * (map_h + f->scale * ph) + f->scale * win[1];
}

void rg_i_render_frame_point(const rg_i_render_frame *f, double x, double y, double *px,
                             double *py)
{
    if (f->wrap)
        x = rg_i_render_unwrap(x, f->wrap_c);
    *px = f->ox + f->scale * x * f->kx;
    *py = f->oy - f->scale * y;
}

cairo_surface_t *rg_i_render_surface(rg_render_format format, const char *tmp, int width,
                                     int height)
{
    if (format == RG_RENDER_PNG)
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    if (format == RG_RENDER_SVG)
        return cairo_svg_surface_create(tmp, width, height);
    return cairo_pdf_surface_create(tmp, width, height);
}
