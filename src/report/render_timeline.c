/* `render --timeline`: the coverage curve, the share of regions and of shared border km covered
 * through time (rg_coverage_timeline), as a step chart in PNG, SVG or PDF. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "regiongraph/coordination.h"
#include "regiongraph/render.h"
#include "report/render_output_internal.h"
#include "report/render_time_internal.h"
#include "report/units_internal.h"

/* The two curves' colours (Okabe-Ito blue and vermillion: told apart by colour-blind readers),
 * which tests find in the SVG. */
static const double colour_regions[3] = {0.0, 114 / 255.0, 178 / 255.0};
static const double colour_km[3] = {213 / 255.0, 94 / 255.0, 0.0};

/* Days since 1970-01-01 of a YYYYMMDD day (H. Hinnant's days_from_civil), and back. */
static long days_from(long ymd)
{
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100, era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static long ymd_from(long z)
{
    long era, doe, yoe, y, doy, mp, d, m;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    return (y + (m <= 2)) * 10000 + m * 100 + d;
}

typedef struct chart {
    double x0, x1, y0, y1; /* plot area in picture units (y0 bottom) */
    long d0, d1;           /* days at x0 and x1 */
} chart;

static double xpos(const chart *c, long day)
{
    return c->x0 + (c->x1 - c->x0) * (double)(day - c->d0) / (double)(c->d1 - c->d0);
}

static double ypos(const chart *c, double share)
{
    return c->y0 - (c->y0 - c->y1) * share;
}

/* One step curve: share before the first change, then each row's from its day on. */
static void curve(cairo_t *cr, const chart *c, const long *days, const double *share, size_t n,
                  double before, const double rgb[3], double lw)
{
    size_t k;
    double y = ypos(c, before);
    cairo_move_to(cr, c->x0, y);
    for (k = 0; k < n; k++) {
        double x = xpos(c, days[k]);
        cairo_line_to(cr, x, y);
        y = ypos(c, share[k]);
        cairo_line_to(cr, x, y);
    }
    cairo_line_to(cr, c->x1, y);
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_set_line_width(cr, 2.5 * lw);
    cairo_stroke(cr);
}

static void text_at(cairo_t *cr, double x, double y, double align, const char *s)
{
    cairo_text_extents_t te;
    cairo_text_extents(cr, s, &te);
    cairo_move_to(cr, x - align * te.x_advance, y);
    cairo_show_text(cr, s);
}

/* legend: the second curve's words ("shared border km covered on both sides", or in map units
 * for a map without a CRS: rg_i_report_mu) */
static void draw_chart(cairo_t *cr, int width, int height, const char *title, const char *legend,
                       const long *days, const double *reg, const double *km, size_t n,
                       double reg0, double km0, long d0, long d1)
{
    double lw = width / 800.0, fs = 14 * lw;
    chart c;
    char label[64];
    long y;
    int k;
    c.x0 = 70 * lw;
    c.x1 = width - 30 * lw;
    c.y0 = height - 50 * lw;
    c.y1 = 60 * lw;
    c.d0 = d0;
    c.d1 = d1;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    /* grid and axes: shares every 20 %, a tick at each 1 January */
    cairo_set_font_size(cr, fs);
    for (k = 0; k <= 5; k++) {
        double yy = ypos(&c, k / 5.0);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_set_line_width(cr, lw);
        cairo_move_to(cr, c.x0, yy);
        cairo_line_to(cr, c.x1, yy);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        snprintf(label, sizeof label, "%d %%", 20 * k);
        text_at(cr, c.x0 - 8 * lw, yy + 0.35 * fs, 1.0, label);
    }
    for (y = ymd_from(d0) / 10000 + 1; y <= ymd_from(d1) / 10000; y++) {
        double xx = xpos(&c, days_from(y * 10000 + 101));
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, xx, c.y1);
        cairo_line_to(cr, xx, c.y0);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        snprintf(label, sizeof label, "%ld", y);
        text_at(cr, xx, c.y0 + 1.4 * fs, 0.5, label);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_rectangle(cr, c.x0, c.y1, c.x1 - c.x0, c.y0 - c.y1);
    cairo_stroke(cr);
    curve(cr, &c, days, km, n, km0, colour_km, lw);
    curve(cr, &c, days, reg, n, reg0, colour_regions, lw);
    /* title and legend */
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_font_size(cr, 1.3 * fs);
    text_at(cr, c.x0, 30 * lw, 0.0, title);
    cairo_set_font_size(cr, fs);
    for (k = 0; k < 2; k++) {
        const double *rgb = k ? colour_km : colour_regions;
        double xx = c.x0 + 10 * lw, yy = c.y1 + (16 + 20 * k) * lw;
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_rectangle(cr, xx, yy - 0.7 * fs, 18 * lw, 0.7 * fs);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        text_at(cr, xx + 24 * lw, yy, 0.0, k ? legend : "regions covered");
    }
}

rg_status rg_render_timeline(const rg_graph *graph, const rg_coverage_options *options, int width,
                             rg_render_format format, const char *path)
{
    rg_coverage_options o = {0};
    rg_timeline_row *rows = NULL;
    rg_coverage *cov = NULL;
    rg_coverage_summary all, before;
    rg_i_atomic out;
    cairo_surface_t *surface = NULL;
    cairo_t *cr = NULL;
    cairo_status_t cst;
    long *days = NULL, d0, d1;
    double *reg = NULL, *km = NULL, reg0, km0;
    size_t n = 0, k;
    int height, mu;
    char title[160];
    rg_status st;

    memset(&out, 0, sizeof out);
    if (!graph || !path || !*path)
        return rg_i_error(RG_ERR_ARG, "render --timeline: no graph or no output path");
    if (width == 0)
        width = 800;
    if (width < 100 || width > 20000)
        return rg_i_error(RG_ERR_ARG, "render: width %d is outside 100..20000", width);
    height = width * 9 / 16;
    if (options)
        o = *options;
    o.at_first = o.at_last = 0;
    if ((st = rg_coverage_timeline(graph, &o, &rows, &n)) != RG_OK ||
        (st = rg_coverage_compute(graph, &o, &cov)) != RG_OK)
        goto cleanup;
    rg_coverage_get_summary(cov, &all);
    if (n == 0) {
        st = rg_i_error(RG_ERR_ARG, "render --timeline: no mechanism has a start or an end date "
                                    "(start, end or year in mechanisms.csv): no curve to draw");
        goto cleanup;
    }
    if (!(days = calloc(n, sizeof *days)) || !(reg = calloc(n, sizeof *reg)) ||
        !(km = calloc(n, sizeof *km))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < n; k++) {
        days[k] = days_from(rg_date_first_day(rows[k].date));
        reg[k] = all.regions ? (double)rows[k].covered / (double)all.regions : 0;
        km[k] = all.km > 0 ? rows[k].km_coordinated / all.km : 0;
    }
    /* coverage the day before the first change (mechanisms without dates) */
    rg_coverage_free(cov);
    cov = NULL;
    o.at_first = o.at_last = ymd_from(days[0] - 1);
    if ((st = rg_coverage_compute(graph, &o, &cov)) != RG_OK)
        goto cleanup;
    rg_coverage_get_summary(cov, &before);
    reg0 = all.regions ? (double)before.covered / (double)all.regions : 0;
    km0 = all.km > 0 ? before.km_coordinated / all.km : 0;
    /* from 1 January of the first year to 31 December of the year after the last change */
    d0 = days_from(ymd_from(days[0]) / 10000 * 10000 + 101);
    d1 = days_from((ymd_from(days[n - 1]) / 10000 + 1) * 10000 + 1231);
    /* a map without a CRS whose coordinates are not lon/lat: its lengths are map units */
    mu = rg_i_report_mu(graph);
    snprintf(title, sizeof title, "Coverage through time, level %s (%zu regions, %.0f %s)",
             rg_coverage_level_name(cov), all.regions, all.km, rg_i_unit_prose(mu));

    if ((st = rg_i_atomic_begin(&out, path, format == RG_RENDER_PNG)) != RG_OK)
        goto cleanup;
    if (format == RG_RENDER_PNG)
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    else if (format == RG_RENDER_SVG)
        surface = cairo_svg_surface_create(out.tmp, width, height);
    else
        surface = cairo_pdf_surface_create(out.tmp, width, height);
    if (format == RG_RENDER_PDF) {
        /* as render's maps: the title in the document information */
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                       "regiongraph " RG_VERSION);
    }
    cr = cairo_create(surface);
    draw_chart(cr, width, height, title,
               mu ? "shared border map units covered on both sides"
                  : "shared border km covered on both sides",
               days, reg, km, n, reg0, km0, d0, d1);
    if ((cst = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
        st = rg_i_error(cst == CAIRO_STATUS_NO_MEMORY ? RG_ERR_NOMEM : RG_ERR_IO, "%s: %s", path,
                        cairo_status_to_string(cst));
        goto cleanup;
    }
    cairo_destroy(cr);
    cr = NULL;
    if ((st = rg_i_render_finish(surface, format, out.fp, path)) != RG_OK)
        goto cleanup;
    st = rg_i_atomic_commit(&out);
cleanup:
    if (cr)
        cairo_destroy(cr);
    if (surface)
        cairo_surface_destroy(surface);
    rg_i_atomic_abort(&out);
    rg_coverage_free(cov);
    free(rows);
    free(days);
    free(reg);
    free(km);
    return st;
}

void rg_i_render_at(rg_coverage_options *copts, const rg_render_options *o)
{
    copts->at_first = o->at_first;
    copts->at_last = o->at_last;
}

int rg_i_render_in_force(const rg_coverage *cov, size_t m)
{
    rg_mechanism_coverage mc;
    rg_coverage_mechanism(cov, m, &mc);
    return mc.covered > 0;
}

void rg_i_render_title(char *title, size_t size, const rg_render_options *o)
{
    char day[11];
    size_t len = strlen(title);
    if (o->title) {
        snprintf(title, size, "%s", o->title);
        return;
    }
    if (!o->at_first)
        return;
    rg_date_format(o->at_first, 1, day);
    if (o->at_first == o->at_last)
        snprintf(title + len, size - len, ", on %s", day);
    else
        snprintf(title + len, size - len, ", in %ld", o->at_first / 10000);
}
