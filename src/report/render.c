/* The map picture through cairo: see include/regiongraph/render.h for what is drawn and in which
 * order (the SVG structure test relies on that order). */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/atomic_internal.h"
#include "regiongraph/centrality.h"
#include "regiongraph/coverage.h"
#include "regiongraph/point.h"
#include "regiongraph/network.h"
#include "regiongraph/render.h"
#include "report/render_frame_internal.h"
#include "report/render_links_internal.h"
#include "report/render_output_internal.h"
#include "report/render_text_internal.h"
#include "report/render_window_internal.h"
#include "report/render_time_internal.h"

#define DEFAULT_WIDTH 1200
#define RG_PI 3.14159265358979323846
#define MAX_CLASSES 7
/* Below this many regions in view every region is named; above it only those that matter to
 * coordination, or the names would bury the map. */
#define LABEL_ALL_BELOW 60
/* Manhattan distance in pixels below which a vertex is skipped when drawing. */
#define SIMPLIFY_PX 0.5

typedef struct rgb {
    double r, g, b;
} rgb;

/* Sequential ramp (light to dark yellow-green), light enough at the start for dark labels. */
static const rgb ramp[MAX_CLASSES] = {
    {1.000, 1.000, 0.800}, {0.851, 0.941, 0.639}, {0.678, 0.867, 0.557}, {0.471, 0.776, 0.475},
    {0.255, 0.671, 0.365}, {0.137, 0.518, 0.263}, {0.000, 0.353, 0.196}};
static const rgb colour_uncovered = {0.890, 0.890, 0.890};
static const rgb colour_covered = {0.976, 0.780, 0.400};
static const rgb colour_link = {0.114, 0.231, 0.451};
static const rgb colour_gap = {0.840, 0.110, 0.110};
static const rgb colour_outline = {0.400, 0.400, 0.400};
static const rgb colour_parent = {0.150, 0.150, 0.150};

/* Everything one drawing needs, gathered before cairo is touched. */
typedef struct scene {
    const rg_graph *graph;
    const rg_regions *regions;
    size_t level;
    const char *level_name;
    int geographic;
    double win[4];            /* window in layer coordinates */
    rg_i_render_frame frame;  /* layer coordinates -> picture pixels (render_frame.c) */
    int width, height, title_h;
    size_t nclasses;
    int *cls;                 /* class of each region of the layer, -1 when not drawn */
    rgb colours[MAX_CLASSES];
    char labels[MAX_CLASSES][80];
    double *rep;              /* representative point per region (x, y); NAN without geometry */
    unsigned char *in_view;   /* region of the level with geometry intersecting the window */
    size_t nview;
    rg_i_text *text;          /* the text drawer (render_text.c) */
    const char *label_field;  /* NULL: the name; else rg_render_options.labels */
    long label_index;         /* its field index, -1 for the name or the id */
} scene;

int rg_render_format_from_path(const char *path, rg_render_format *format)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot)
        return 0;
    if (strcasecmp(dot, ".png") == 0)
        *format = RG_RENDER_PNG;
    else if (strcasecmp(dot, ".svg") == 0)
        *format = RG_RENDER_SVG;
    else if (strcasecmp(dot, ".pdf") == 0)
        *format = RG_RENDER_PDF;
    else
        return 0;
    return 1;
}

int rg_render_height(const rg_graph *graph, int width, const double bbox[4])
{
    double kx = rg_i_render_projection_kx(rg_regions_crs_is_geographic(rg_graph_regions(graph)),
                                          bbox);
    double pw = (bbox[2] - bbox[0]) * kx, ph = bbox[3] - bbox[1], h;
    h = pw > 0 && ph > 0 ? round(width * ph / pw) : width;
    h = fmin(fmax(h, width / 5), 3.0 * width);
    return (width + 10) / 20 + (int)h;
}

static void project(const scene *s, double x, double y, double *px, double *py)
{
    rg_i_render_frame_point(&s->frame, x, y, px, py);
}

static void set_rgb(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* ------------------------------------------------------------------ classes */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Writes a class bound compactly: integers as integers, others with 3 significant digits. */
static void format_value(char *buf, size_t size, double v)
{
    if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e9)
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.3g", v);
}

/* Classes of a measure: bounds b[0] < b[1] < ... chosen by quantile or equal width; a value
 * falls in the class of the number of bounds at or below it. */
static rg_status classify_values(scene *s, const double *value, size_t nvalues, rg_breaks breaks,
                                 int classes)
{
    double *sorted = NULL, bounds[MAX_CLASSES], lo, hi, b;
    size_t n = 0, i, j, nb = 0;
    char a[32], z[32];
    rg_status st = RG_OK;

    if (!(sorted = rg_i_malloc_array(nvalues ? nvalues : 1, sizeof *sorted))) {
        st = rg_i_error(RG_ERR_NOMEM, "render: out of memory");
        goto cleanup;
    }
    for (i = 0; i < nvalues; i++)
        if (s->cls[i] >= 0)
            sorted[n++] = value[i];
    if (n == 0) {
        s->nclasses = 0;
        goto cleanup;
    }
    qsort(sorted, n, sizeof *sorted, cmp_double);
    lo = sorted[0];
    hi = sorted[n - 1];
    for (j = 1; j < (size_t)classes; j++) {
        b = breaks == RG_BREAKS_EQUAL ? lo + (hi - lo) * (double)j / classes
                                      : sorted[j * n / (size_t)classes];
        /* Ties would make empty classes: a bound must rise above the previous one and the
         * smallest value. */
        if (b > lo && (nb == 0 || b > bounds[nb - 1]))
            bounds[nb++] = b;
    }
    s->nclasses = nb + 1;
    for (j = 0; j < s->nclasses; j++) {
        /* Spread the classes over the whole ramp, light to dark. */
        s->colours[j] = ramp[s->nclasses == 1 ? 0 : j * (MAX_CLASSES - 1) / (s->nclasses - 1)];
        format_value(a, sizeof a, j == 0 ? lo : bounds[j - 1]);
        format_value(z, sizeof z, j == nb ? hi : bounds[j]);
        if (s->nclasses == 1)
            snprintf(s->labels[j], sizeof s->labels[j], "%s", a);
        else
            snprintf(s->labels[j], sizeof s->labels[j], "%s \xe2\x80\x93 %s", a, z);
    }
    for (i = 0; i < nvalues; i++) {
        if (s->cls[i] < 0)
            continue;
        for (j = 0; j < nb && value[i] >= bounds[j]; j++)
            ;
        s->cls[i] = (int)j;
    }
cleanup:
    free(sorted);
    return st;
}

/* ------------------------------------------------------------------ drawing */

static void region_path(cairo_t *cr, const scene *s, size_t i)
{
    const rg_regions *r = s->regions;
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r),
                 *pts = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t p, g, k;
    double px, py, lx = 0, ly = 0;
    for (p = ps[i]; p < ps[i + 1]; p++)
        for (g = rs[p]; g < rs[p + 1]; g++) {
            if (pts[g + 1] - pts[g] < 3)
                continue;
            for (k = pts[g]; k < pts[g + 1]; k++) {
                project(s, xy[2 * k], xy[2 * k + 1], &px, &py);
                if (k == pts[g]) {
                    cairo_move_to(cr, px, py);
                    lx = px;
                    ly = py;
                } else if (fabs(px - lx) + fabs(py - ly) >= SIMPLIFY_PX || k + 1 == pts[g + 1]) {
                    /* Vertices closer than a fraction of a pixel change no pixel but would
                     * make the SVG and PDF files many times larger. */
                    cairo_line_to(cr, px, py);
                    lx = px;
                    ly = py;
                }
            }
            cairo_close_path(cr);
        }
}

/* Draws a text centred at (x, y) with a white halo made of offset copies (glyphs, not paths, so
 * that the SVG's path count stays that of the map). */
static void halo_text(cairo_t *cr, rg_i_text *t, double x, double y, const char *text, double halo,
                      rgb ink)
{
    static const double dx[8] = {-1, 1, 0, 0, -0.7, 0.7, -0.7, 0.7};
    static const double dy[8] = {0, 0, -1, 1, -0.7, -0.7, 0.7, 0.7};
    size_t k;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    for (k = 0; k < 8; k++) {
        rg_i_text_show(t, x + dx[k] * halo, y + dy[k] * halo, text);
    }
    set_rgb(cr, ink);
    rg_i_text_show(t, x, y, text);
}

/* The gaps worth drawing: uncovered pairs with at least one covered side, the frontier of
 * coordination (pairs deep in uncovered country are gaps too, but drawn they would outline the
 * whole map in red). */
static int frontier_gap(const rg_coverage *cov, const rg_adjacency *adj, size_t k)
{
    rg_region_coverage ra, rb;
    size_t a, b;
    double km;
    int rook;
    rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
    rg_coverage_region(cov, a, &ra);
    rg_coverage_region(cov, b, &rb);
    return ra.mechanisms > 0 || rb.mechanisms > 0;
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static int boxes_overlap(const box *a, const box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

typedef struct label_candidate {
    size_t region;
    int priority; /* 0 covered, 1 gap neighbour, 2 other */
    double area;  /* projected extent area: larger regions are named first */
} label_candidate;

static int cmp_candidate(const void *a, const void *b)
{
    const label_candidate *x = a, *y = b;
    if (x->priority != y->priority)
        return x->priority - y->priority;
    if (x->area != y->area)
        return x->area < y->area ? 1 : -1;
    return (x->region > y->region) - (x->region < y->region);
}

/* The label of region i: the chosen field's value, the id or the name; NULL when null. */
static const char *label_text(const scene *s, size_t i)
{
    const char *v = NULL;
    if (s->label_index >= 0)
        return rg_regions_value_string(s->regions, i, (size_t)s->label_index, &v) ? v : NULL;
    if (s->label_field && strcmp(s->label_field, "id") == 0)
        return rg_regions_id(s->regions, i);
    return rg_regions_name(s->regions, i);
}

static rg_status draw_labels(cairo_t *cr, scene *s, const rg_coverage *cov)
{
    const rg_regions *r = s->regions;
    size_t n = rg_regions_count(r), i, k, ncand = 0, nplaced = 0, ngaps = rg_coverage_gap_count(cov);
    const size_t *gaps = rg_coverage_gaps(cov);
    label_candidate *cand = NULL;
    box *placed = NULL, bx;
    unsigned char *gap_side = NULL;
    rg_region_coverage rc;
    rg_i_text_extents te;
    double ext[4], px, py, fs = 11.0 * s->width / DEFAULT_WIDTH + 2.0;
    int selective = s->nview >= LABEL_ALL_BELOW && rg_graph_coordination(s->graph) != NULL;
    size_t a, b;
    double km;
    int rook;
    rg_status st = RG_OK;

    cand = rg_i_malloc_array(n ? n : 1, sizeof *cand);
    placed = rg_i_malloc_array(n ? n : 1, sizeof *placed);
    gap_side = rg_i_calloc_array(n ? n : 1, 1);
    if (!cand || !placed || !gap_side) {
        st = rg_i_error(RG_ERR_NOMEM, "render: out of memory");
        goto cleanup;
    }
    for (k = 0; k < ngaps; k++) {
        if (!frontier_gap(cov, rg_graph_adjacency(s->graph), gaps[k]))
            continue;
        rg_adjacency_pair(rg_graph_adjacency(s->graph), gaps[k], &a, &b, &km, &rook);
        gap_side[a] = gap_side[b] = 1;
    }
    for (i = 0; i < n; i++) {
        if (!s->in_view[i] || isnan(s->rep[2 * i]))
            continue;
        rg_coverage_region(cov, i, &rc);
        cand[ncand].region = i;
        cand[ncand].priority = rc.mechanisms > 0 ? 0 : gap_side[i] ? 1 : 2;
        if (selective && cand[ncand].priority == 2)
            continue;
        rg_i_render_region_extent(r, i, ext);
        cand[ncand].area = (ext[2] - ext[0]) * (ext[3] - ext[1]);
        ncand++;
    }
    qsort(cand, ncand, sizeof *cand, cmp_candidate);
    rg_i_text_font(s->text, fs, 0);
    for (k = 0; k < ncand; k++) {
        const char *name = label_text(s, cand[k].region);
        size_t j;
        int clash = 0;
        if (!name || !*name)
            continue;
        project(s, s->rep[2 * cand[k].region], s->rep[2 * cand[k].region + 1], &px, &py);
        rg_i_text_measure(s->text, name, &te);
        bx.x0 = px - te.width / 2 - 2;
        bx.x1 = px + te.width / 2 + 2;
        bx.y0 = py - fs - 4; /* the label sits above its point, which the link dots mark */
        bx.y1 = py - 2;
        if (bx.x0 < 0 || bx.x1 > s->width || bx.y0 < s->title_h || bx.y1 > s->height)
            continue;
        for (j = 0; j < nplaced && !clash; j++)
            clash = boxes_overlap(&bx, &placed[j]);
        if (clash)
            continue;
        placed[nplaced++] = bx;
        halo_text(cr, s->text, px - te.width / 2 - te.x_bearing, py - 5, name, 1.2,
                  (rgb){0.1, 0.1, 0.1});
    }
cleanup:
    free(cand);
    free(placed);
    free(gap_side);
    return st;
}

/* Top left of a w x h legend in the corner where it covers the fewest representative points of
 * the regions in view: bottom left, bottom right, top right, top left, the first on a tie. */
static void legend_corner(const scene *s, double w, double h, double margin, double *x0, double *y0)
{
    double xs[4] = {margin, s->width - w - margin, s->width - w - margin, margin};
    double ys[4] = {s->height - h - margin, s->height - h - margin, s->title_h + margin,
                    s->title_h + margin};
    size_t best = 0, best_n = (size_t)-1, c, i, n = rg_regions_count(s->regions), hidden;
    double px, py;
    for (c = 0; c < 4; c++) {
        for (i = 0, hidden = 0; i < n; i++) {
            if (!s->in_view[i] || isnan(s->rep[2 * i]))
                continue;
            project(s, s->rep[2 * i], s->rep[2 * i + 1], &px, &py);
            hidden += px >= xs[c] && px <= xs[c] + w && py >= ys[c] && py <= ys[c] + h;
        }
        if (hidden < best_n) {
            best_n = hidden;
            best = c;
        }
    }
    *x0 = xs[best];
    *y0 = ys[best];
}

/* The legend: background, swatches, then the line samples; text as glyphs. */
static void draw_legend(cairo_t *cr, const scene *s, const char *heading, int links, int gaps)
{
    double fs = 11.0 * s->width / DEFAULT_WIDTH + 3.0, pad = fs * 0.8, sw = fs * 1.6, row = fs * 1.7;
    double w = 0, h, x0, y0, y;
    rg_i_text_extents te;
    size_t j, nrows = s->nclasses + (size_t)links + (size_t)gaps;

    rg_i_text_font(s->text, fs, 1);
    rg_i_text_measure(s->text, heading, &te);
    w = te.advance;
    rg_i_text_font(s->text, fs, 0);
    for (j = 0; j < s->nclasses; j++) {
        rg_i_text_measure(s->text, s->labels[j], &te);
        w = fmax(w, sw + pad + te.advance);
    }
    rg_i_text_measure(s->text, "gap: border without shared mechanism", &te);
    w = fmax(w, sw + pad + te.advance);
    w += 2 * pad;
    h = 2 * pad + row * (double)(nrows + 1);
    legend_corner(s, w, h, pad * 1.5, &x0, &y0);

    cairo_rectangle(cr, x0, y0, w, h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);

    y = y0 + pad + fs;
    rg_i_text_font(s->text, fs, 1);
    set_rgb(cr, (rgb){0.1, 0.1, 0.1});
    rg_i_text_show(s->text, x0 + pad, y, heading);
    rg_i_text_font(s->text, fs, 0);
    for (j = 0; j < s->nclasses; j++) {
        y += row;
        cairo_rectangle(cr, x0 + pad, y - fs, sw, fs * 1.2);
        set_rgb(cr, s->colours[j]);
        cairo_fill(cr);
        set_rgb(cr, (rgb){0.1, 0.1, 0.1});
        rg_i_text_show(s->text, x0 + pad + sw + pad, y, s->labels[j]);
    }
    if (links) {
        y += row;
        cairo_move_to(cr, x0 + pad, y - fs * 0.4);
        cairo_line_to(cr, x0 + pad + sw, y - fs * 0.4);
        set_rgb(cr, colour_link);
        cairo_set_line_width(cr, fs * 0.2);
        cairo_stroke(cr);
        set_rgb(cr, (rgb){0.1, 0.1, 0.1});
        rg_i_text_show(s->text, x0 + pad + sw + pad, y, "link: members of one mechanism");
    }
    if (gaps) {
        y += row;
        cairo_move_to(cr, x0 + pad, y - fs * 0.4);
        cairo_line_to(cr, x0 + pad + sw, y - fs * 0.4);
        set_rgb(cr, colour_gap);
        cairo_set_line_width(cr, fs * 0.35);
        cairo_stroke(cr);
        set_rgb(cr, (rgb){0.1, 0.1, 0.1});
        rg_i_text_show(s->text, x0 + pad + sw + pad, y, "gap: border without shared mechanism");
    }
}

static int line_in_window(const scene *s, const double *xy, size_t first, size_t last)
{
    double ext[4];
    size_t k;
    ext[0] = ext[2] = xy[2 * first];
    ext[1] = ext[3] = xy[2 * first + 1];
    for (k = first + 1; k < last; k++) {
        ext[0] = fmin(ext[0], xy[2 * k]);
        ext[2] = fmax(ext[2], xy[2 * k]);
        ext[1] = fmin(ext[1], xy[2 * k + 1]);
        ext[3] = fmax(ext[3], xy[2 * k + 1]);
    }
    return ext[0] <= s->win[2] && ext[2] >= s->win[0] && ext[1] <= s->win[3] && ext[3] >= s->win[1];
}

/* Draws every layer onto cr; returns RG_OK or the error of a computation. */
/* Region index of member k of mechanism m when it is a region of the drawn level with a
 * representative point, else -1. */
static long direct_member(const scene *s, const rg_coordination *coord, size_t m, size_t k)
{
    long i;
    if (rg_coordination_member_kind(coord, m, k) != RG_MEMBER_REGION ||
        (i = rg_regions_find(s->regions, rg_coordination_member_id(coord, m, k))) < 0 ||
        rg_regions_level(s->regions, (size_t)i) != s->level || isnan(s->rep[2 * i]))
        return -1;
    return i;
}

static rg_status draw(cairo_t *cr, scene *s, const rg_coverage *cov, unsigned char *linked,
                      const char *title, const char *heading, int no_labels)
{
    const rg_regions *r = s->regions;
    const rg_adjacency *adj = rg_graph_adjacency(s->graph);
    const size_t *lps = rg_adjacency_line_pt_start(adj), *gaps = rg_coverage_gaps(cov);
    const double *axy = rg_adjacency_xy(adj);
    size_t n = rg_regions_count(r), i, e, k, j, ngaps = rg_coverage_gap_count(cov), lf, lc;
    const rg_coordination *coord = rg_graph_coordination(s->graph);
    double px, py, qx, qy, lw = (double)s->width / DEFAULT_WIDTH;
    int any_parent = 0, any_link = 0, any_gap = 0;
    rg_i_text_extents te;
    rg_status st;

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    /* The map stays below the title band. */
    cairo_save(cr);
    cairo_rectangle(cr, 0, s->title_h, s->width, s->height - s->title_h);
    cairo_clip(cr);

    /* Regions: one filled path each. */
    for (i = 0; i < n; i++) {
        if (!s->in_view[i])
            continue;
        region_path(cr, s, i);
        set_rgb(cr, s->cls[i] >= 0 ? s->colours[s->cls[i]] : colour_uncovered);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_fill(cr);
    }
    /* Outlines of the level, then of the parents (one path each). */
    for (i = 0; i < n; i++)
        if (s->in_view[i])
            region_path(cr, s, i);
    set_rgb(cr, colour_outline);
    cairo_set_line_width(cr, 0.5 * lw);
    cairo_stroke(cr);
    /* Only a level with parents gets their outlines: a parent is a region one level up. */
    for (j = 0; j < n && !any_parent; j++)
        any_parent = s->in_view[j] && rg_regions_parent(r, j) >= 0;
    for (i = 0; any_parent && i < n; i++) {
        double ext[4];
        if (rg_regions_level(r, i) + 1 != s->level || !rg_i_render_region_extent(r, i, ext) ||
            ext[0] > s->win[2] || ext[2] < s->win[0] || ext[1] > s->win[3] || ext[3] < s->win[1])
            continue;
        region_path(cr, s, i);
    }
    if (any_parent) {
        set_rgb(cr, colour_parent);
        cairo_set_line_width(cr, 1.6 * lw);
        cairo_stroke(cr);
    } else {
        cairo_new_path(cr);
    }

    /* Links between the representative points of the direct members of each mechanism at the
     * level (a province's membership shows in the shading only: links to its dozens of cities
     * would hide everything), as in links.geojson: all pairs up to RG_LINKS_COMPLETE_MAX members,
     * else a star from the member nearest to their mean (rg_i_star_hub). */
    if (coord) {
        size_t nm = rg_coordination_mechanism_count(coord), m, a2, b2, nmem, cnt, hub;
        long ends[RG_I_STAR_MAX];
        for (m = 0; m < nm; m++) {
            if (!rg_i_render_in_force(cov, m))
                continue;
            nmem = rg_coordination_member_count(coord, m);
            for (a2 = cnt = 0; a2 < nmem && cnt < RG_I_STAR_MAX; a2++)
                if ((ends[cnt] = direct_member(s, coord, m, a2)) >= 0)
                    cnt++;
            hub = cnt > RG_LINKS_COMPLETE_MAX ? rg_i_star_hub(s->rep, ends, cnt) : SIZE_MAX;
            for (a2 = 0; a2 < cnt; a2++)
                for (b2 = a2 + 1; b2 < cnt; b2++) {
                    long ia = ends[a2], ib = ends[b2];
                    if (ib == ia || (hub != SIZE_MAX && a2 != hub && b2 != hub))
                        continue;
                    project(s, s->rep[2 * ia], s->rep[2 * ia + 1], &px, &py);
                    project(s, s->rep[2 * ib], s->rep[2 * ib + 1], &qx, &qy);
                    cairo_move_to(cr, px, py);
                    cairo_line_to(cr, qx, qy);
                    linked[ia] = linked[ib] = 1;
                    any_link = 1;
                }
            /* One stroke per mechanism: a star's lines meet only at its hub, but one stroke of
             * every mechanism's lines makes cairo intersect them all with each other (60 s for
             * 20 stars of 2000 members on 100k regions). */
            cairo_set_source_rgba(cr, colour_link.r, colour_link.g, colour_link.b, 0.75);
            cairo_set_line_width(cr, 1.4 * lw);
            cairo_stroke(cr);
        }
        if (any_link) {
            for (i = 0; i < n; i++) {
                if (!linked[i])
                    continue;
                project(s, s->rep[2 * i], s->rep[2 * i + 1], &px, &py);
                cairo_new_sub_path(cr);
                cairo_arc(cr, px, py, 3.0 * lw, 0, 2 * RG_PI);
            }
            set_rgb(cr, colour_link);
            cairo_fill(cr);
        }
    }

    /* Gaps: the shared borders of uncovered pairs, in the window. */
    for (k = 0; k < ngaps; k++) {
        if (!frontier_gap(cov, adj, gaps[k]))
            continue;
        rg_adjacency_border(adj, gaps[k], &lf, &lc);
        for (j = lf; j < lf + lc; j++) {
            if (lps[j + 1] - lps[j] < 2 || !line_in_window(s, axy, lps[j], lps[j + 1]))
                continue;
            for (e = lps[j]; e < lps[j + 1]; e++) {
                project(s, axy[2 * e], axy[2 * e + 1], &px, &py);
                if (e == lps[j])
                    cairo_move_to(cr, px, py);
                else
                    cairo_line_to(cr, px, py);
            }
            any_gap = 1;
        }
    }
    if (any_gap) {
        set_rgb(cr, colour_gap);
        cairo_set_line_width(cr, 3.2 * lw);
        cairo_stroke(cr);
    }

    cairo_restore(cr);

    if (!no_labels && (st = draw_labels(cr, s, cov)) != RG_OK)
        goto cleanup;

    /* Title band. */
    rg_i_text_font(s->text, 0.5 * s->title_h, 1);
    rg_i_text_measure(s->text, title, &te);
    if (te.advance > s->width - s->title_h) {
        /* A long title is set smaller rather than cut at the edge. */
        rg_i_text_font(s->text, 0.5 * s->title_h * (s->width - s->title_h) / te.advance, 1);
        rg_i_text_measure(s->text, title, &te);
    }
    set_rgb(cr, (rgb){0.1, 0.1, 0.1});
    rg_i_text_show(s->text, 0.5 * s->title_h, 0.5 * s->title_h + 0.5 * te.height, title);

    draw_legend(cr, s, heading, any_link, any_gap);
    st = RG_OK;
cleanup:
    return st;
}

/* ------------------------------------------------------------------ entry point */

/* RG_ERR_ARG for a label field the regions lack, naming the fields they have. */
static rg_status label_field_error(const rg_regions *r, const char *field)
{
    char list[512] = "id, name";
    size_t k, len = strlen(list);
    for (k = 0; k < rg_regions_field_count(r) && len + 4 < sizeof list; k++)
        len += (size_t)snprintf(list + len, sizeof list - len, ", %s", rg_regions_field_name(r, k));
    if (len >= sizeof list)
        strcpy(list + sizeof list - 5, "...");
    return rg_i_error(RG_ERR_ARG, "render: --labels %s: the regions have no such field (%s)", field,
                      list);
}

rg_status rg_render_map(const rg_graph *graph, const rg_render_options *options,
                        rg_render_format format, const char *path)
{
    rg_render_options o = {0};
    rg_coverage_options copts = {0};
    rg_coverage *cov = NULL;
    unsigned char *linked = NULL;
    rg_centrality *cent = NULL;
    rg_centrality_options centopts = {0};
    rg_region_coverage rc;
    rg_i_atomic atomic = {0};
    cairo_surface_t *surface = NULL;
    cairo_t *cr = NULL;
    scene s;
    double *value = NULL, ext[4];
    char title[256], heading[128];
    size_t n, i, maxmech = 0;
    cairo_status_t cst;
    rg_status st;

    rg_i_library_init();
    memset(&s, 0, sizeof s);
    if (!graph || !path || !*path) {
        st = rg_i_error(RG_ERR_ARG, "render: no graph or no output path");
        goto cleanup;
    }
    if (options)
        o = *options;
    if (o.width == 0)
        o.width = DEFAULT_WIDTH;
    if (o.width < 100 || o.width > 20000) {
        st = rg_i_error(RG_ERR_ARG, "render: width %d is outside 100..20000", o.width);
        goto cleanup;
    }
    if (o.classes == 0)
        o.classes = 5;
    if (o.classes < 2 || o.classes > MAX_CLASSES) {
        st = rg_i_error(RG_ERR_ARG, "render: %d classes: 2..%d expected", o.classes, MAX_CLASSES);
        goto cleanup;
    }
    copts.level = o.level;
    rg_i_render_at(&copts, &o);
    if ((st = rg_coverage_compute(graph, &copts, &cov)) != RG_OK)
        goto cleanup;
    s.graph = graph;
    s.regions = rg_graph_regions(graph);
    s.level = rg_coverage_level(cov);
    s.level_name = rg_coverage_level_name(cov);
    s.geographic = rg_regions_crs_is_geographic(s.regions);
    n = rg_regions_count(s.regions);
    s.label_field = o.labels;
    s.label_index = o.labels ? rg_regions_field_index(s.regions, o.labels) : -1;
    if (o.labels && s.label_index < 0 && strcmp(o.labels, "id") != 0 &&
        strcmp(o.labels, "name") != 0) {
        st = label_field_error(s.regions, o.labels);
        goto cleanup;
    }
    if (o.has_bbox) {
        memcpy(s.win, o.bbox, sizeof s.win);
    } else if ((st = rg_render_default_bbox(graph, o.level, s.win)) != RG_OK) {
        goto cleanup;
    }
    if (!(s.win[2] > s.win[0]) || !(s.win[3] > s.win[1])) {
        st = rg_i_error(RG_ERR_ARG, "render: the window %g,%g,%g,%g is empty (W,S,E,N expected)",
                        s.win[0], s.win[1], s.win[2], s.win[3]);
        goto cleanup;
    }

    /* Geometry of the picture. */
    rg_i_render_frame_init(&s.frame, graph, o.width, s.win);
    s.width = s.frame.width;
    s.height = s.frame.height;
    s.title_h = s.frame.title_h;

    s.cls = rg_i_malloc_array(n ? n : 1, sizeof *s.cls);
    s.rep = rg_i_malloc_array(2 * (n ? n : 1), sizeof *s.rep);
    s.in_view = rg_i_calloc_array(n ? n : 1, 1);
    value = rg_i_calloc_array(n ? n : 1, sizeof *value);
    linked = rg_i_calloc_array(n ? n : 1, 1);
    if (!s.cls || !s.rep || !s.in_view || !value || !linked) {
        st = rg_i_error(RG_ERR_NOMEM, "render: out of memory");
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        s.cls[i] = -1;
        s.rep[2 * i] = s.rep[2 * i + 1] = NAN;
        if (rg_regions_level(s.regions, i) != s.level || !rg_i_render_region_extent(s.regions, i, ext))
            continue;
        if (rg_region_representative_point(s.regions, i, &s.rep[2 * i], &s.rep[2 * i + 1]) != RG_OK)
            rg_clear_error(); /* a degenerate shape: drawn, but without label or link */
        if (s.frame.wrap) {
            double shift = rg_i_render_unwrap(ext[0], s.frame.wrap_c) - ext[0];
            ext[0] += shift;
            ext[2] += shift;
        }
        if (ext[0] > s.win[2] || ext[2] < s.win[0] || ext[1] > s.win[3] || ext[3] < s.win[1])
            continue;
        s.in_view[i] = 1;
        s.nview++;
        s.cls[i] = 0;
        rg_coverage_region(cov, i, &rc);
        maxmech = rc.mechanisms > maxmech ? rc.mechanisms : maxmech;
    }

    /* Shading. */
    if (o.shade == RG_SHADE_COVERED) {
        s.nclasses = 2;
        s.colours[0] = colour_uncovered;
        s.colours[1] = colour_covered;
        snprintf(s.labels[0], sizeof s.labels[0], "not covered");
        snprintf(s.labels[1], sizeof s.labels[1], "covered by a mechanism");
        for (i = 0; i < n; i++)
            if (s.cls[i] >= 0) {
                rg_coverage_region(cov, i, &rc);
                s.cls[i] = rc.mechanisms > 0;
            }
        snprintf(heading, sizeof heading, "coordination coverage");
        snprintf(title, sizeof title, "%s: covered by a coordination mechanism", s.level_name);
    } else if (o.shade == RG_SHADE_MECHANISMS) {
        size_t top = maxmech + 1 > MAX_CLASSES ? MAX_CLASSES : maxmech + 1;
        s.nclasses = top;
        for (i = 0; i < top; i++) {
            s.colours[i] = i == 0 ? colour_uncovered : ramp[top == 2 ? 3 : 1 + (i - 1) * 3 / (top - 2)];
            snprintf(s.labels[i], sizeof s.labels[i],
                     i + 1 == top && maxmech + 1 > top ? "%zu or more" : "%zu", i);
        }
        for (i = 0; i < n; i++)
            if (s.cls[i] >= 0) {
                rg_coverage_region(cov, i, &rc);
                s.cls[i] = (int)(rc.mechanisms < top - 1 ? rc.mechanisms : top - 1);
            }
        snprintf(heading, sizeof heading, "mechanisms covering");
        snprintf(title, sizeof title, "%s: number of coordination mechanisms", s.level_name);
    } else if (o.shade == RG_SHADE_MEASURE) {
        const rg_network *net;
        long v;
        const char *mname = rg_measure_name(o.measure);
        const char *vname = o.view == RG_VIEW_COORDINATION ? "coordination"
                            : o.view == RG_VIEW_ALL         ? "all"
                                                            : "adjacency";
        centopts.level = o.level;
        centopts.view = o.view;
        centopts.seed = 1; /* the default of report and export, so that stored measures serve */
        centopts.betweenness_cutoff = o.cutoff;
        centopts.exact = o.exact;
        centopts.progress = o.progress;
        centopts.progress_data = o.progress_data;
        /* of the three costly measures, only the one shown */
        centopts.skip = ((1u << RG_MEASURE_BETWEENNESS) | (1u << RG_MEASURE_CLOSENESS) |
                         (1u << RG_MEASURE_HARMONIC)) & ~(1u << o.measure);
        if ((st = rg_centrality_compute(graph, &centopts, &cent)) != RG_OK)
            goto cleanup;
        net = rg_centrality_network(cent);
        for (i = 0; i < n; i++)
            if (s.cls[i] >= 0 && (v = rg_network_region_node(net, i)) >= 0)
                value[i] = rg_centrality_value(cent, (size_t)v, o.measure);
        if ((st = classify_values(&s, value, n, o.breaks, o.classes)) != RG_OK)
            goto cleanup;
        snprintf(heading, sizeof heading, "%s (%s)", mname ? mname : "measure",
                 o.breaks == RG_BREAKS_EQUAL ? "equal breaks" : "quantiles");
        snprintf(title, sizeof title, "%s: %s, %s view", s.level_name, mname ? mname : "measure",
                 vname);
    } else {
        st = rg_i_error(RG_ERR_ARG, "render: unknown shading %d", (int)o.shade);
        goto cleanup;
    }
    rg_i_render_title(title, sizeof title, &o);

    if ((st = rg_i_atomic_begin(&atomic, path, format == RG_RENDER_PNG)) != RG_OK)
        goto cleanup;
    surface = rg_i_render_surface(format, atomic.tmp, s.width, s.height);
    if (format == RG_RENDER_PDF) {
        /* The title in the document information, where readers and indexers look for it. */
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "regiongraph " RG_VERSION);
    }
    cr = cairo_create(surface);
    if ((cst = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
        st = rg_i_error(cst == CAIRO_STATUS_NO_MEMORY ? RG_ERR_NOMEM : RG_ERR_IO, "%s: %s", path,
                        cairo_status_to_string(cst));
        goto cleanup;
    }
    if ((st = rg_i_text_new(cr, &s.text)) != RG_OK)
        goto cleanup;
    if ((st = draw(cr, &s, cov, linked, title, heading, o.no_labels)) != RG_OK)
        goto cleanup;
    rg_i_text_free(s.text);
    s.text = NULL;
    cairo_destroy(cr);
    cr = NULL;
    if ((st = rg_i_render_finish(surface, format, atomic.fp, path)) != RG_OK)
        goto cleanup;
    st = rg_i_atomic_commit(&atomic);
cleanup:
    rg_i_text_free(s.text);
    if (cr)
        cairo_destroy(cr);
    if (surface)
        cairo_surface_destroy(surface);
    rg_i_atomic_abort(&atomic);
    rg_centrality_free(cent);
    free(linked);
    rg_coverage_free(cov);
    free(value);
    free(s.cls);
    free(s.rep);
    free(s.in_view);
    return st;
}
