/* A drawn picture out to its file: PNG through a stdio stream, SVG and PDF by finishing. */
#include "report/render_output_internal.h"

#include "base/error_internal.h"

static cairo_status_t write_png(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, (FILE *)closure) == length ? CAIRO_STATUS_SUCCESS
                                                              : CAIRO_STATUS_WRITE_ERROR;
}

rg_status rg_i_render_finish(cairo_surface_t *surface, rg_render_format format, FILE *fp,
                             const char *path)
{
    cairo_status_t cst;
    if (format == RG_RENDER_PNG) {
        cst = cairo_surface_write_to_png_stream(surface, write_png, fp);
    } else {
        cairo_surface_finish(surface);
        cst = cairo_surface_status(surface);
    }
    if (cst != CAIRO_STATUS_SUCCESS)
        return rg_i_error(RG_ERR_IO, "%s: %s", path, cairo_status_to_string(cst));
    return RG_OK;
}
