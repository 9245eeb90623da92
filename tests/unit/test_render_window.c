/* The default window of a picture without coverage (render_window.c), on hand-made lon/lat maps:
 * a 4 x 4 block of 1-degree squares with a near islet and a far island, and a body across the
 * antimeridian joined by one region of two parts. The expected windows are worked out by hand
 * from the squares' corners. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/regions_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/graph.h"
#include "regiongraph/render.h"
#include "leak_check.h"

RG_TEST_SUITE(render_window);

static void add_square(rg_regions *r, double x0, double y0, double x1, double y1)
{
    double ring[10] = {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
}

static rg_regions *new_layer(void)
{
    rg_regions *r = NULL;
    rg_i_field fields[] = {{.name = "id", .type = RG_FIELD_STRING, .width = 8},
                           {.name = "name", .type = RG_FIELD_STRING, .width = 8}};
    cr_assert_eq(rg_i_regions_new("squares.shp", 2, fields, &r), RG_OK);
    return r;
}

static void begin(rg_regions *r, int k)
{
    char id[16];
    snprintf(id, sizeof id, "r%d", k);
    rg_i_value v[2] = {{.text = strdup(id)}, {.text = strdup(id)}};
    cr_assert_eq(rg_i_regions_begin(r, id, id, v), RG_OK, "%s", rg_last_error());
}

static rg_graph *finish(rg_regions *r)
{
    rg_i_crs crs;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    cr_assert_eq(rg_i_regions_set_key_fields(r, "id", "name"), RG_OK);
    cr_assert_eq(rg_i_crs_from_text("EPSG:4326", "squares", &crs), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, crs.wkt, crs.geographic, crs.unit_metres), RG_OK);
    rg_i_crs_release(&crs);
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK, "%s", rg_last_error());
    return g;
}

Test(render_window, main_body_keeps_near_islets_and_leaves_far_islands_out)
{
    /* 16 squares 10..14 E, 40..44 N (one contiguous body), an islet at 14.1..14.2 E, 42..42.1 N
     * (0.1 degree off: within 5% of the body's larger side, 4 degrees of latitude), and an
     * island of the same size as a square at 60..61 E, 10..11 N. Window: the body and the
     * islet, 10..14.2 E, 40..44 N. */
    rg_regions *r = new_layer();
    rg_graph *g;
    double b[4];
    int k = 0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            begin(r, k++);
            add_square(r, 10 + i, 40 + j, 11 + i, 41 + j);
            cr_assert_eq(rg_i_regions_end(r), RG_OK);
        }
    begin(r, k++);
    add_square(r, 14.1, 42, 14.2, 42.1);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    begin(r, k++);
    add_square(r, 60, 10, 61, 11);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    g = finish(r);
    cr_assert_eq(rg_render_default_bbox(g, NULL, b), RG_OK, "%s", rg_last_error());
    cr_assert_float_eq(b[0], 10.0, 1e-9);
    cr_assert_float_eq(b[1], 40.0, 1e-9);
    cr_assert_float_eq(b[2], 14.2, 1e-9);
    cr_assert_float_eq(b[3], 44.0, 1e-9);
    rg_graph_free(g);
}

Test(render_window, a_body_across_the_antimeridian_is_one_window)
{
    /* 178..179 E, a region of two parts 179..180 E and 180..179 W, and 179..178 W, all 0..1 N:
     * one contiguous body 4 degrees wide across 180. Window 178..182 taken east of 180 or
     * -182..-178 west of it (both the same place), never -180..180. The picture draws all three
     * regions: three region paths before the outline, in the SVG. */
    rg_regions *r = new_layer();
    rg_graph *g;
    rg_render_options o = {0};
    char dir[] = "/tmp/rg-window-XXXXXX", path[64], *svg, buf[1 << 16];
    double b[4];
    FILE *fp;
    size_t n;
    begin(r, 0);
    add_square(r, 178, 0, 179, 1);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    begin(r, 1);
    add_square(r, 179, 0, 180, 1);
    add_square(r, -180, 0, -179, 1);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    begin(r, 2);
    add_square(r, -179, 0, -178, 1);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    g = finish(r);
    cr_assert_eq(rg_render_default_bbox(g, NULL, b), RG_OK, "%s", rg_last_error());
    cr_assert(b[2] - b[0] < 4.0 + 1e-9 && b[2] - b[0] > 4.0 - 1e-9, "width %g..%g", b[0], b[2]);
    cr_assert(fabs(b[0] - 178) < 1e-9 || fabs(b[0] + 182) < 1e-9, "west %g", b[0]);
    cr_assert_float_eq(b[1], 0.0, 1e-9);
    cr_assert_float_eq(b[3], 1.0, 1e-9);

    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/w.svg", dir);
    o.width = 400;
    o.no_labels = 1;
    cr_assert_eq(rg_render_map(g, &o, RG_RENDER_SVG, path), RG_OK, "%s", rg_last_error());
    cr_assert_not_null(fp = fopen(path, "r"));
    n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    unlink(path);
    rmdir(dir);
    /* The three regions are filled with the uncovered grey (then the legend's swatch), each
     * starting inside the 400-point-wide picture: drawn in one piece, not split at 180. */
    svg = buf;
    n = 0;
    while ((svg = strstr(svg, "fill:rgb(89%,89%,89%)")) != NULL) {
        double x = -1, y = -1;
        char *d = strstr(svg, "d=\"M ");
        cr_assert_not_null(d);
        cr_assert_eq(sscanf(d + 5, "%lf %lf", &x, &y), 2);
        if (n < 3)
            cr_assert(x >= 0 && x <= 400, "region %zu starts at x %g", n, x);
        n++;
        svg++;
    }
    cr_assert_eq(n, 4, "%zu grey fills", n);
    rg_graph_free(g);
}
