/* `render --suggest`: the coverage map with the top suggestions drawn over it: the regions they
 * propose (blue) and the borders they would close (green), numbered by rank. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "regiongraph/point.h"
#include "regiongraph/suggest_report.h"
#include "report/render_frame_internal.h"
#include "report/render_output_internal.h"
#include "report/render_text_internal.h"

/* The steps drawn: the greedy plan when there is one, else the first `top` member steps of
 * each mechanism and the first `top` agreements. */
static size_t steps_drawn(const rg_graph *graph, const rg_suggest *sg, size_t top,
                          const rg_suggestion **out, size_t cap)
{
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t n = 0, m, k, nm = coord ? rg_coordination_mechanism_count(coord) : 0;
    if (rg_suggest_greedy_count(sg) > 0) {
        for (k = 0; k < rg_suggest_greedy_count(sg) && n < cap; k++)
            out[n++] = rg_suggest_greedy_step(sg, k);
        return n;
    }
    for (m = 0; m < nm; m++)
        for (k = 0; k < rg_suggest_member_count(sg, m) && k < top && n < cap; k++)
            out[n++] = rg_suggest_member(sg, m, k);
    for (k = 0; k < rg_suggest_agreement_count(sg) && k < top && n < cap; k++)
        out[n++] = rg_suggest_agreement(sg, k);
    return n;
}

/* The window: the default one (the covered regions and a margin) grown to hold the proposed
 * regions, with a margin of 5% of its larger side. */
static rg_status window(const rg_graph *graph, const char *level, const rg_suggestion *const *steps,
                        size_t n, double bbox[4])
{
    const rg_regions *r = rg_graph_regions(graph);
    const size_t *poly = rg_regions_poly_start(r), *ring = rg_regions_ring_start(r);
    const size_t *pt = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t k, j, q;
    double margin;
    rg_status st;
    if ((st = rg_render_default_bbox(graph, level, bbox)) != RG_OK)
        return st;
    for (k = 0; k < n; k++)
        for (j = 0; j < steps[k]->nregions; j++) {
            size_t i = steps[k]->regions[j];
            if (poly[i] == poly[i + 1])
                continue;
            /* exterior rings bound a region */
            for (q = pt[ring[poly[i]]]; q < pt[ring[poly[i + 1] - 1] + 1]; q++) {
                bbox[0] = fmin(bbox[0], xy[2 * q]);
                bbox[1] = fmin(bbox[1], xy[2 * q + 1]);
                bbox[2] = fmax(bbox[2], xy[2 * q]);
                bbox[3] = fmax(bbox[3], xy[2 * q + 1]);
            }
        }
    margin = 0.05 * fmax(bbox[2] - bbox[0], bbox[3] - bbox[1]);
    bbox[0] -= margin;
    bbox[1] -= margin;
    bbox[2] += margin;
    bbox[3] += margin;
    return RG_OK;
}

static void draw_region(cairo_t *cr, const rg_i_render_frame *f, const rg_regions *r,
                        size_t i)
{
    const size_t *poly = rg_regions_poly_start(r), *ring = rg_regions_ring_start(r);
    const size_t *pt = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t p, q, k;
    for (p = poly[i]; p < poly[i + 1]; p++)
        for (q = ring[p]; q < ring[p + 1]; q++) {
            for (k = pt[q]; k < pt[q + 1]; k++) {
                double px, py;
                rg_i_render_frame_point(f, xy[2 * k], xy[2 * k + 1], &px, &py);
                if (k == pt[q])
                    cairo_move_to(cr, px, py);
                else
                    cairo_line_to(cr, px, py);
            }
            cairo_close_path(cr);
        }
}

static void draw_border(cairo_t *cr, const rg_i_render_frame *f, const rg_adjacency *adj,
                        size_t pair)
{
    const size_t *start = rg_adjacency_line_pt_start(adj);
    const double *xy = rg_adjacency_xy(adj);
    size_t first, count, j, k;
    rg_adjacency_border(adj, pair, &first, &count);
    for (j = first; j < first + count; j++)
        for (k = start[j]; k < start[j + 1]; k++) {
            double px, py;
            rg_i_render_frame_point(f, xy[2 * k], xy[2 * k + 1], &px, &py);
            if (k == start[j])
                cairo_move_to(cr, px, py);
            else
                cairo_line_to(cr, px, py);
        }
}

static void draw_overlay(cairo_t *cr, const rg_i_render_frame *f, const rg_graph *graph,
                         const rg_suggestion *const *steps, size_t n, double width)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    double line = fmax(1.0, width / 600.0);
    size_t k, j;
    rg_i_text *text = NULL;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (k = 0; k < n; k++)
        for (j = 0; j < steps[k]->nregions; j++)
            draw_region(cr, f, r, steps[k]->regions[j]);
    cairo_set_source_rgba(cr, 0.15, 0.35, 0.85, 0.30);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.15, 0.35, 0.85);
    cairo_set_line_width(cr, line);
    cairo_stroke(cr);
    for (k = 0; k < n; k++)
        for (j = 0; j < steps[k]->nclosed; j++)
            draw_border(cr, f, adj, steps[k]->closed[j]);
    cairo_set_source_rgb(cr, 0.05, 0.55, 0.15);
    cairo_set_line_width(cr, 2.5 * line);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke(cr);
    /* each step's rank at its head region (the first of an agreement) */
    if (rg_i_text_new(cr, &text) != RG_OK) {
        rg_clear_error(); /* out of memory: the ranks are left out, the overlay stands */
        return;
    }
    rg_i_text_font(text, fmax(10.0, width / 70.0), 1);
    for (k = 0; k < n; k++) {
        double x, y, px, py;
        char rank[24];
        rg_i_text_extents ext;
        size_t at = steps[k]->nregions == 1 || steps[k]->kind == RG_SUGGEST_AGREEMENT
                        ? steps[k]->regions[0] : steps[k]->region;
        if (steps[k]->kind == RG_SUGGEST_MEMBER && steps[k]->nregions > 1)
            at = steps[k]->regions[steps[k]->nregions / 2];
        if (rg_region_representative_point(r, at, &x, &y) != RG_OK)
            continue;
        rg_i_render_frame_point(f, x, y, &px, &py);
        snprintf(rank, sizeof rank, "%zu", k + 1);
        rg_i_text_measure(text, rank, &ext);
        rg_i_text_path(text, px - ext.width / 2 - ext.x_bearing, py - ext.height / 2 - ext.y_bearing,
                       rank);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 3 * line);
        cairo_stroke_preserve(cr);
        cairo_set_source_rgb(cr, 0.05, 0.15, 0.5);
        cairo_fill(cr);
    }
    rg_i_text_free(text);
}

rg_status rg_render_suggestions(const rg_graph *graph, const rg_suggest *sg, size_t top,
                                const rg_render_options *options, rg_render_format format,
                                const char *path)
{
    rg_render_options o = {0};
    rg_i_atomic base = {0}, out = {0};
    cairo_surface_t *image = NULL, *surface = NULL;
    cairo_t *cr = NULL;
    const rg_suggestion *steps[256];
    size_t n;
    rg_i_render_frame f; /* the map's own projection: the overlay lies on its pixels */
    char title[256];
    cairo_status_t cst;
    rg_status st;

    if (!graph || !sg || !path) {
        st = rg_i_error(RG_ERR_ARG, "render: a graph, suggestions and a path are required");
        goto cleanup;
    }
    if (options)
        o = *options;
    if (!o.width)
        o.width = 1200;
    if (!o.level)
        o.level = rg_suggest_level_name(sg);
    n = steps_drawn(graph, sg, top ? top : 5, steps, sizeof steps / sizeof steps[0]);
    if (!o.has_bbox) {
        if ((st = window(graph, o.level, steps, n, o.bbox)) != RG_OK)
            goto cleanup;
        o.has_bbox = 1;
    }
    if (!o.title) {
        snprintf(title, sizeof title, "%s: %s (blue: proposed regions, green: borders closed)",
                 o.level, rg_suggest_greedy_count(sg) ? "the plan's steps" : "top suggestions");
        o.title = title;
    }
    /* the coverage map first, as a picture beside the destination, then drawn under the overlay */
    if ((st = rg_i_atomic_begin(&base, path, 0)) != RG_OK ||
        (st = rg_render_map(graph, &o, RG_RENDER_PNG, base.tmp)) != RG_OK)
        goto cleanup;
    image = cairo_image_surface_create_from_png(base.tmp);
    if ((cst = cairo_surface_status(image)) != CAIRO_STATUS_SUCCESS) {
        st = rg_i_error(RG_ERR_IO, "%s: %s", base.tmp, cairo_status_to_string(cst));
        goto cleanup;
    }
    rg_i_render_frame_init(&f, graph, o.width, o.bbox);

    if ((st = rg_i_atomic_begin(&out, path, format == RG_RENDER_PNG)) != RG_OK)
        goto cleanup;
    surface = rg_i_render_surface(format, out.tmp, f.width, f.height);
    cr = cairo_create(surface);
    cairo_set_source_surface(cr, image, 0, 0);
    cairo_paint(cr);
    draw_overlay(cr, &f, graph, steps, n, o.width);
    if ((cst = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
        st = rg_i_error(RG_ERR_IO, "%s: %s", path, cairo_status_to_string(cst));
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
    if (image)
        cairo_surface_destroy(image);
    rg_i_atomic_abort(&out);
    rg_i_atomic_abort(&base);
    return st;
}

rg_status rg_render_map_suggest(const rg_graph *graph, const rg_render_options *options,
                                rg_render_format format, const char *path)
{
    rg_suggest_options so = {0};
    rg_suggest *sg = NULL;
    rg_status st;
    so.level = options ? options->level : NULL;
    if ((st = rg_suggest_compute(graph, &so, &sg)) == RG_OK)
        st = rg_render_suggestions(graph, sg, 3, options, format, path);
    rg_suggest_free(sg);
    return st;
}
