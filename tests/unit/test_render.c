/* The map picture on the hand-made case of report_fixture.h (two provinces over six prefectures
 * in UTM metres, 5.5 x 3 km; m1 covers a b d e, m2 covers a and c, f is not covered).
 *
 * What the SVG must hold, worked out from the drawing order of render.h and the fixture:
 *   6 region paths (a..f, in layer order), fill colours: a b c d e covered, f not;
 *   1 path for the prefecture outlines, 1 for the province outlines (the level has parents);
 *   links: the coordinated region pairs are the 6 among a b d e (m1) and a-c (m2): 1 path for
 *   the lines, 1 for the end dots;
 *   gaps: 103-106 3 km, 105-106 2 km, 102-103 1 km are lines, the two corner gaps are points and
 *   are not drawn: 1 path;
 *   legend: 1 background, 2 swatches (not covered, covered), 1 link sample, 1 gap sample.
 * Total 16 paths outside <defs> (text is drawn as glyphs, which cairo puts in <defs>).
 * Size: width 550, window 5500 x 3000 m: title band (550 + 10) / 20 = 28 plus 550 * 3000 / 5500
 * = 300 map rows: 328. */
#include <cairo.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regiongraph/render.h"
#include "report_fixture.h"
#include "leak_check.h"

RG_TEST_SUITE(render);

#define FX_W 550
#define FX_H 328

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/rg-render-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static char *slurp(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    cr_assert_not_null(fp, "%s", path);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    if (size)
        *size = (size_t)n;
    return buf;
}

/* Blanks every <tag ...>...</tag> block (glyph definitions, clip paths) so that only drawn
 * elements remain. */
static void blank_blocks(char *svg, const char *open, const char *close)
{
    char *p = svg, *q;
    while ((p = strstr(p, open)) != NULL) {
        q = strstr(p, close);
        cr_assert_not_null(q, "unterminated %s", open);
        q += strlen(close);
        memset(p, ' ', (size_t)(q - p));
        p = q;
    }
}

/* The drawn <path> elements in order: their style attributes (at most max). */
static size_t drawn_paths(char *svg, char styles[][256], size_t max)
{
    char *p = svg, *end, *st;
    size_t n = 0;
    blank_blocks(svg, "<defs>", "</defs>");
    blank_blocks(svg, "<clipPath", "</clipPath>");
    while ((p = strstr(p, "<path")) != NULL) {
        end = strchr(p, '>');
        cr_assert_not_null(end);
        if (n < max) {
            styles[n][0] = '\0';
            st = strstr(p, "style=\"");
            if (st && st < end) {
                size_t len = (size_t)(strchr(st + 7, '"') - (st + 7));
                snprintf(styles[n], 256, "%.*s", (int)len, st + 7);
            }
        }
        n++;
        p = end;
    }
    return n;
}

/* The fill colour of a style as 0..1 components (cairo writes rgb(r%,g%,b%)). */
static int fill_of(const char *style, double rgb[3])
{
    const char *f = strstr(style, "fill:rgb(");
    return f && sscanf(f, "fill:rgb(%lf%%,%lf%%,%lf%%)", &rgb[0], &rgb[1], &rgb[2]) == 3 &&
           (rgb[0] /= 100, rgb[1] /= 100, rgb[2] /= 100, 1);
}

static void assert_fill(const char *style, double r, double g, double b, const char *what)
{
    double c[3];
    cr_assert(fill_of(style, c), "%s: no fill in '%s'", what, style);
    cr_assert(fabs(c[0] - r) < 0.005 && fabs(c[1] - g) < 0.005 && fabs(c[2] - b) < 0.005,
              "%s: fill %g,%g,%g, expected %g,%g,%g", what, c[0], c[1], c[2], r, g, b);
}

/* Whether bytes (which may hold NULs, as a PDF does) contain text. */
static int contains(const char *bytes, size_t size, const char *text)
{
    size_t len = strlen(text), i;
    for (i = 0; i + len <= size; i++)
        if (memcmp(bytes + i, text, len) == 0)
            return 1;
    return 0;
}

static rg_render_options whole_window(void)
{
    rg_render_options o = {0};
    o.has_bbox = 1;
    o.bbox[0] = RF_X0;
    o.bbox[1] = RF_Y0;
    o.bbox[2] = RF_X0 + 5500;
    o.bbox[3] = RF_Y0 + 3000;
    o.width = FX_W;
    o.title = "Fixture map";
    return o;
}

Test(render, format_from_extension)
{
    rg_render_format f;
    cr_assert(rg_render_format_from_path("a/b.PNG", &f) && f == RG_RENDER_PNG);
    cr_assert(rg_render_format_from_path("x.svg", &f) && f == RG_RENDER_SVG);
    cr_assert(rg_render_format_from_path("x.pdf", &f) && f == RG_RENDER_PDF);
    cr_assert_not(rg_render_format_from_path("x.jpg", &f));
    cr_assert_not(rg_render_format_from_path("noext", &f));
}

Test(render, svg_structure, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_render_options o = whole_window();
    char path[128], styles[32][256], *svg;
    size_t n, k;
    snprintf(path, sizeof path, "%s/map.svg", dir);
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_SVG, path), RG_OK, "%s", rg_last_error());
    svg = slurp(path, NULL);
    cr_assert(strstr(svg, "width=\"550pt\"") && strstr(svg, "height=\"328pt\""), "%.300s", svg);
    n = drawn_paths(svg, styles, 32);
    cr_assert_eq(n, 16, "drawn paths: %zu", n);
    /* Regions a..e covered (0.976, 0.780, 0.400), f not (0.890 grey). */
    for (k = 0; k < 5; k++)
        assert_fill(styles[k], 0.976, 0.780, 0.400, "covered region");
    assert_fill(styles[5], 0.890, 0.890, 0.890, "uncovered region f");
    /* Outlines are strokes, not fills. */
    cr_assert(strstr(styles[6], "fill:none") && strstr(styles[7], "fill:none"), "%s | %s",
              styles[6], styles[7]);
    /* Links (stroke), dots (navy fill), gaps (red stroke). */
    cr_assert(strstr(styles[8], "fill:none"), "%s", styles[8]);
    assert_fill(styles[9], 0.114, 0.231, 0.451, "link dots");
    cr_assert(strstr(styles[10], "stroke:rgb(84%,11%,11%)"), "gap stroke: %s", styles[10]);
    /* Legend: white background, then the two class swatches, then the two line samples. */
    assert_fill(styles[11], 1, 1, 1, "legend background");
    assert_fill(styles[12], 0.890, 0.890, 0.890, "legend swatch: not covered");
    assert_fill(styles[13], 0.976, 0.780, 0.400, "legend swatch: covered");
    cr_assert(strstr(styles[15], "stroke:rgb(84%,11%,11%)"), "gap sample: %s", styles[15]);
    free(svg);
    rg_graph_free(g);
}

Test(render, no_labels_and_title_are_glyphs_only, .init = make_dir, .fini = remove_dir)
{
    /* Labels and title add no path: the count is the same without them. */
    rg_graph *g = rf_graph();
    rg_render_options o = whole_window();
    char path[128], styles[32][256], *svg;
    o.no_labels = 1;
    snprintf(path, sizeof path, "%s/map.svg", dir);
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_SVG, path), RG_OK, "%s", rg_last_error());
    svg = slurp(path, NULL);
    cr_assert_eq(drawn_paths(svg, styles, 32), 16);
    free(svg);
    rg_graph_free(g);
}

Test(render, window_culls_regions, .init = make_dir, .fini = remove_dir)
{
    /* A window over a and b only (x 0..2 km, y 0..0.9 km): only a (0..1) and b (1..2.5) meet
     * it (c starts at x 2.5, d and e at y 1): 2 region paths; the prefecture outlines; the
     * outline of province 100 (200 starts at x 2.5); the links and their dots (clipped by the
     * page, not culled); no gap line meets the window (b-c lies at x 2.5), so the legend has no
     * gap sample: background, 2 swatches, link sample. 2 + 1 + 1 + 2 + 4 = 10. */
    rg_graph *g = rf_graph();
    rg_render_options o = whole_window();
    char path[128], styles[32][256], *svg;
    o.bbox[2] = RF_X0 + 2000;
    o.bbox[3] = RF_Y0 + 900;
    snprintf(path, sizeof path, "%s/map.svg", dir);
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_SVG, path), RG_OK, "%s", rg_last_error());
    svg = slurp(path, NULL);
    cr_assert_eq(drawn_paths(svg, styles, 32), 10);
    free(svg);
    rg_graph_free(g);
}

Test(render, png_has_the_requested_size, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_render_options o = whole_window();
    cairo_surface_t *img;
    char path[128];
    snprintf(path, sizeof path, "%s/map.png", dir);
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_PNG, path), RG_OK, "%s", rg_last_error());
    img = cairo_image_surface_create_from_png(path);
    cr_assert_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    cr_assert_eq(cairo_image_surface_get_width(img), FX_W);
    cr_assert_eq(cairo_image_surface_get_height(img), FX_H);
    cr_assert_eq(rg_render_height(g, FX_W, o.bbox), FX_H);
    cairo_surface_destroy(img);
    rg_graph_free(g);
}

Test(render, pdf_starts_with_the_magic_and_names_the_title, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_render_options o = whole_window();
    char path[128], *pdf;
    size_t size;
    snprintf(path, sizeof path, "%s/map.pdf", dir);
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_PDF, path), RG_OK, "%s", rg_last_error());
    pdf = slurp(path, &size);
    cr_assert(size > 5 && memcmp(pdf, "%PDF-", 5) == 0);
    cr_assert(contains(pdf, size, "/Title (Fixture map)"), "no /Title in the PDF");
    free(pdf);
    rg_graph_free(g);
}

Test(render, errors_leave_no_file, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_render_options o = whole_window();
    char path[128];
    snprintf(path, sizeof path, "%s/missing/map.png", dir);
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_PNG, path), RG_ERR_IO);
    o.level = "counties";
    snprintf(path, sizeof path, "%s/map.png", dir);
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_PNG, path), RG_ERR_ARG);
    cr_assert(strstr(rg_last_error(), "counties"), "%s", rg_last_error());
    o.level = NULL;
    o.bbox[2] = o.bbox[0];
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_PNG, path), RG_ERR_ARG);
    cr_assert_eq(access(path, F_OK), -1);
    rg_graph_free(g);
}

Test(render, default_window_is_the_covered_extent_with_a_margin)
{
    /* Covered: a b c d e, extent x 0..5.5 km, y 0..3 km (c reaches x 5.5); margin 12% of
     * 5.5 km = 0.66 km on each side. */
    rg_graph *g = rf_graph();
    double b[4];
    cr_assert_eq(rg_render_default_bbox(g, NULL, b), RG_OK, "%s", rg_last_error());
    cr_assert_float_eq(b[0], RF_X0 - 660, 1e-6);
    cr_assert_float_eq(b[1], RF_Y0 - 660, 1e-6);
    cr_assert_float_eq(b[2], RF_X0 + 5500 + 660, 1e-6);
    cr_assert_float_eq(b[3], RF_Y0 + 3000 + 660, 1e-6);
    rg_graph_free(g);
}

Test(render, measure_shading_in_classes, .init = make_dir, .fini = remove_dir)
{
    /* Degree (queen, adjacency view) at the prefecture level, by hand from the fixture's
     * picture: a 3 (b, d, e), b 5 (a, c, d, e, f), c 3 (b, e, f), d 3 (a, b, e), e 5 (a, b, c,
     * d, f), f 3 (b, c, e). Quantile bounds of 5 classes over 3 3 3 3 5 5 are 3 3 3 5; the ties
     * merge into one bound, 5: two classes, drawn with the ends of the ramp (light
     * 1, 1, 0.8 and dark 0, 0.353, 0.196). Paths as in svg_structure: 16. */
    rg_graph *g = rf_graph();
    rg_render_options o = whole_window();
    char path[128], styles[32][256], *svg;
    static const int dark[6] = {0, 1, 0, 0, 1, 0};
    size_t k;
    o.shade = RG_SHADE_MEASURE;
    o.measure = RG_MEASURE_DEGREE;
    snprintf(path, sizeof path, "%s/degree.svg", dir);
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_SVG, path), RG_OK, "%s", rg_last_error());
    svg = slurp(path, NULL);
    cr_assert_eq(drawn_paths(svg, styles, 32), 16);
    for (k = 0; k < 6; k++)
        if (dark[k])
            assert_fill(styles[k], 0, 0.353, 0.196, "degree 5");
        else
            assert_fill(styles[k], 1, 1, 0.8, "degree 3");
    assert_fill(styles[12], 1, 1, 0.8, "legend swatch 1");
    assert_fill(styles[13], 0, 0.353, 0.196, "legend swatch 2");
    free(svg);
    rg_graph_free(g);
}
