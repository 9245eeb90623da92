/* The seven-region graph of test_graphfile.c and test_export.c, built in memory (no files), and
 * its pairs alone for test_graph.c.
 *
 * The regions are test_graph.c's layer (see there for the picture and the hand-worked degrees
 * and border lengths) with attribute fields and awkward values for the writers to carry. */
#ifndef RG_TEST_GRAPH_FIXTURE_H
#define RG_TEST_GRAPH_FIXTURE_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/graph.h"

/* Seven regions on a 1000-unit grid (see test_graph.c for the picture), placed at
 * (x0 + u * scale, y0 + v * scale). E has a hole, F has two parts (the first with a hole),
 * G has no geometry. Fields: code (id field), name (name field), pop (integer), area (real),
 * ID and degree (names that GeoJSON export must rename). */
#define NREG 7

static const char *const fx_ids[NREG] = {"320301", "320302", "320303", "320304",
                                         "320305", "320306", "320307"};
static const char *const fx_names[NREG] = {"Alpha", "徐州", "Tab\t\"q\"\\\x01é", "Delta",
                                           "Echo", "Foxtrot", "Golf"};
static const int64_t fx_pop[NREG] = {100, 9007199254740993LL, 0 /* null */, -5, 0, 42, 7};
static const double fx_area[NREG] = {0.1, 1e-300, -2.5, 0 /* null */, 123456789.125, 3.0,
                                     1.0 / 3};

static inline void add_box(rg_regions *r, double x0, double y0, double s, double a, double b,
                           double c, double d, int ccw)
{
    double cw_ring[] = {a, b, a, d, c, d, c, b, a, b};
    double ccw_ring[] = {a, b, c, b, c, d, a, d, a, b};
    double *ring = ccw ? ccw_ring : cw_ring;
    for (int k = 0; k < 5; k++) {
        ring[2 * k] = x0 + ring[2 * k] * s;
        ring[2 * k + 1] = y0 + ring[2 * k + 1] * s;
    }
    cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
}

static inline rg_regions *fx_regions(double x0, double y0, double s, const char *crs_text)
{
    rg_regions *r = NULL;
    rg_i_field fields[] = {
        {.name = "code", .type = RG_FIELD_STRING, .width = 12},
        {.name = "name", .type = RG_FIELD_STRING, .width = 40},
        {.name = "pop", .type = RG_FIELD_INTEGER, .width = 20},
        {.name = "area", .type = RG_FIELD_REAL, .width = 19, .precision = 11},
        {.name = "ID", .type = RG_FIELD_STRING, .width = 5},
        {.name = "degree", .type = RG_FIELD_INTEGER, .width = 4},
    };
    char buf[64];
    cr_assert_eq(rg_i_regions_new("fixture.shp", 6, fields, &r), RG_OK);
    for (int i = 0; i < NREG; i++) {
        rg_i_value v[6];
        memset(v, 0, sizeof v);
        v[0].text = strdup(fx_ids[i]);
        v[1].text = strdup(fx_names[i]);
        if (i != 2) {
            snprintf(buf, sizeof buf, "%lld", (long long)fx_pop[i]);
            v[2] = (rg_i_value){.text = strdup(buf), .i = fx_pop[i], .d = (double)fx_pop[i]};
        }
        if (i != 3) {
            snprintf(buf, sizeof buf, "%.17g", fx_area[i]);
            v[3] = (rg_i_value){.text = strdup(buf), .d = fx_area[i]};
        }
        buf[0] = (char)('a' + i);
        buf[1] = '\0';
        v[4].text = strdup(buf);
        snprintf(buf, sizeof buf, "%d", i + 1);
        v[5] = (rg_i_value){.text = strdup(buf), .i = i + 1, .d = i + 1};
        cr_assert_eq(rg_i_regions_begin(r, fx_ids[i], fx_names[i], v), RG_OK);
        switch (i) {
        case 0: /* A, clockwise */
            rg_i_regions_add_polygon(r);
            add_box(r, x0, y0, s, 0, 0, 1000, 1000, 0);
            break;
        case 1:
            rg_i_regions_add_polygon(r);
            add_box(r, x0, y0, s, 1000, 0, 2000, 1000, 1);
            break;
        case 2:
            rg_i_regions_add_polygon(r);
            add_box(r, x0, y0, s, 2000, 0, 3000, 1000, 1);
            break;
        case 3: /* D, clockwise */
            rg_i_regions_add_polygon(r);
            add_box(r, x0, y0, s, 0, 1000, 2500, 2000, 0);
            break;
        case 4: /* E: clockwise exterior, counter-clockwise hole: both the wrong way round */
            rg_i_regions_add_polygon(r);
            add_box(r, x0, y0, s, 5000, 5000, 6000, 6000, 0);
            add_box(r, x0, y0, s, 5200, 5200, 5400, 5400, 1);
            break;
        case 5: /* F: right-way part with a hole, then a clockwise part */
            rg_i_regions_add_polygon(r);
            add_box(r, x0, y0, s, 3000, 1000, 4000, 2000, 1);
            add_box(r, x0, y0, s, 3200, 1200, 3400, 1400, 0);
            rg_i_regions_add_polygon(r);
            add_box(r, x0, y0, s, 7000, 0, 8000, 1000, 0);
            break;
        default: /* G: no geometry */
            break;
        }
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", "name"), RG_OK);
    if (crs_text) {
        rg_i_crs crs;
        cr_assert_eq(rg_i_crs_from_text(crs_text, "test", &crs), RG_OK);
        cr_assert_eq(rg_i_regions_set_crs(r, crs.wkt, crs.geographic, crs.unit_metres), RG_OK);
        rg_i_crs_release(&crs);
    }
    return r;
}

static inline rg_adjacency *fx_adjacency(double x0, double y0, double s)
{
    rg_adjacency *adj = NULL;
    struct { size_t a, b; double km; int rook; double line[4]; size_t npts; } pairs[] = {
        {0, 1, 1.0, 1, {1000, 0, 1000, 1000}, 2},   {0, 3, 1.0, 1, {0, 1000, 1000, 1000}, 2},
        {1, 2, 1.0, 1, {2000, 0, 2000, 1000}, 2},   {1, 3, 1.0, 1, {1000, 1000, 2000, 1000}, 2},
        {2, 3, 0.5, 1, {2000, 1000, 2500, 1000}, 2}, {2, 5, 0.0, 0, {3000, 1000, 0, 0}, 1},
    };
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        double line[4];
        for (int j = 0; j < 4; j += 2) {
            line[j] = x0 + pairs[k].line[j] * s;
            line[j + 1] = y0 + pairs[k].line[j + 1] * s;
        }
        cr_assert_eq(rg_i_adjacency_add_pair(adj, pairs[k].a, pairs[k].b, pairs[k].km,
                                             pairs[k].rook), RG_OK);
        cr_assert_eq(rg_i_adjacency_add_line(adj, line, pairs[k].npts), RG_OK);
    }
    return adj;
}

static inline rg_graph *fx_graph(double x0, double y0, double s, const char *crs_text)
{
    rg_graph *g = NULL;
    cr_assert_eq(rg_graph_new(fx_regions(x0, y0, s, crs_text), fx_adjacency(x0, y0, s), &g),
                 RG_OK);
    return g;
}

#endif
