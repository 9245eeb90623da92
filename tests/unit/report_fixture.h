/* A small coordination case with known answers, shared by test_report.c and test_export.c
 * (coverage_fixture.h is the coverage tests' three-level case; this one adds a wide CJK name, a
 * located agency and a projected CRS, for reports and layers).
 *
 * Two provinces over six prefectures, in km on EPSG:32650 (UTM 50N) from (500000, 3800000), so
 * border lengths are exact planar kilometres:
 *
 *   y 3  +------+----------+----------------------+
 *        | d    | e        | f                    |      provinces: 100 = x 0..2.5 (a b d e)
 *        | 104  | 105      | 106                  |                 200 = x 2.5..5.5 (c f)
 *   y 1  +------+----------+----------------------+
 *        | a 101| b 102    | c 103                |      pop: a 100, b 200, c 300,
 *   y 0  +------+----------+----------------------+           d 400, e 500, f 600
 *        x 0    1          2.5                    5.5
 *
 * Prefecture pairs (queen): rook a-b 1, b-c 1, d-e 2, e-f 2, a-d 1, b-e 1.5, c-f 3 km; corners
 * a-e, b-d (at (1,1)), b-f, c-e (at (2.5,1)), 0 km. 11 pairs, 11.5 km. Province pair 100-200,
 * 3 km. Region indices: 100 0, 200 1, then a..f 2..7.
 *
 * Mechanisms: m1 = {province 100} covers a b d e; m2 = {101, 103} covers a and c, which do
 * not touch (2 pieces); m3 = {agencies AG1, AG2} covers no region (AG1 has jurisdiction over
 * province 200 and a location, AG2 neither). a is in two mechanisms.
 *
 * Worked out by hand at the prefecture level:
 *   covered 5 of 6 (f is not); pop 1500 of 2100
 *   coordinated pairs: the 6 among a b d e (a-b, d-e, a-d, b-e, a-e, b-d), 5.5 km of 11.5
 *   cross-parent pairs: b-c 1, e-f 2, b-f 0, c-e 0: 4 pairs, 3 km, none coordinated
 *   gaps, longest first (ties by ids): 103-106 3 km, 105-106 2, 102-103 1, 102-106 0, 103-105 0
 *   m1: 1 region member, covers 4, 1 piece, outer km b-c + e-f + b-f + c-e = 3
 *   m2: 2 region members, covers 2, 2 pieces, outer km a-b + a-d + a-e + b-c + c-f + c-e = 6
 *   m3: 2 agency members, covers 0, 0 pieces, outer 0
 *   mechanisms per region a 2, b d e c 1, f 0; reach1 a 4, b d e 3, c 1, f 0; reach2 4 for
 *   all but f (0)
 * With agency jurisdiction counted, m3 covers c and f: everything is covered, and c-f (3 km)
 * becomes coordinated: 7 pairs, 8.5 km. */
#ifndef RG_TEST_REPORT_FIXTURE_H
#define RG_TEST_REPORT_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/coordination.h"
#include "regiongraph/graph.h"

#define RF_X0 500000.0
#define RF_Y0 3800000.0

static inline void rf_add_box(rg_regions *r, double x0, double y0, double x1, double y1)
{
    double ring[10] = {RF_X0 + x0 * 1000, RF_Y0 + y0 * 1000, RF_X0 + x1 * 1000, RF_Y0 + y0 * 1000,
                       RF_X0 + x1 * 1000, RF_Y0 + y1 * 1000, RF_X0 + x0 * 1000, RF_Y0 + y1 * 1000,
                       RF_X0 + x0 * 1000, RF_Y0 + y0 * 1000};
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
}

static inline void rf_set_crs(rg_regions *r)
{
    rg_i_crs crs;
    cr_assert_eq(rg_i_crs_from_text("EPSG:32650", "fixture", &crs), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, crs.wkt, crs.geographic, crs.unit_metres), RG_OK);
    rg_i_crs_release(&crs);
}

static inline rg_regions *rf_provinces(void)
{
    rg_regions *r = NULL;
    rg_i_field fields[] = {{.name = "code", .type = RG_FIELD_STRING, .width = 6},
                           {.name = "name", .type = RG_FIELD_STRING, .width = 20}};
    const char *ids[] = {"100", "200"}, *names[] = {"Province One", "Province Two"};
    cr_assert_eq(rg_i_regions_new("provinces.shp", 2, fields, &r), RG_OK);
    for (int i = 0; i < 2; i++) {
        rg_i_value v[2] = {{.text = strdup(ids[i])}, {.text = strdup(names[i])}};
        cr_assert_eq(rg_i_regions_begin(r, ids[i], names[i], v), RG_OK);
        rf_add_box(r, i == 0 ? 0 : 2.5, 0, i == 0 ? 2.5 : 5.5, 3);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", "name"), RG_OK);
    rf_set_crs(r);
    return r;
}

static const char *const rf_ids[6] = {"101", "102", "103", "104", "105", "106"};
/* One wide name, to see tables align by display width. */
static const char *const rf_names[6] = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "徐州市"};

static inline rg_regions *rf_prefectures(void)
{
    static const double cols[4] = {0, 1, 2.5, 5.5}, rows[3] = {0, 1, 3};
    rg_regions *r = NULL;
    rg_i_field fields[] = {{.name = "code", .type = RG_FIELD_STRING, .width = 6},
                           {.name = "name", .type = RG_FIELD_STRING, .width = 20},
                           {.name = "province", .type = RG_FIELD_STRING, .width = 6},
                           {.name = "pop", .type = RG_FIELD_INTEGER, .width = 10}};
    cr_assert_eq(rg_i_regions_new("prefectures.shp", 4, fields, &r), RG_OK);
    for (int i = 0; i < 6; i++) {
        int col = i % 3, row = i / 3;
        char pop[16];
        snprintf(pop, sizeof pop, "%d", 100 * (i + 1));
        rg_i_value v[4] = {{.text = strdup(rf_ids[i])},
                           {.text = strdup(rf_names[i])},
                           {.text = strdup(col < 2 ? "100" : "200")},
                           {.text = strdup(pop), .i = 100 * (i + 1), .d = 100.0 * (i + 1)}};
        cr_assert_eq(rg_i_regions_begin(r, rf_ids[i], rf_names[i], v), RG_OK);
        rf_add_box(r, cols[col], rows[row], cols[col + 1], rows[row + 1]);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", "name"), RG_OK);
    rf_set_crs(r);
    return r;
}

static inline void rf_write(const char *dir, const char *name, const char *text)
{
    char path[256];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_not_null(fp = fopen(path, "w"));
    fputs(text, fp);
    fclose(fp);
}

/* Builds the fixture's graph with its coordination data (CSV files written to a temporary
 * directory and read back through rg_coordination_read, as build does). */
static inline rg_graph *rf_graph(void)
{
    char dir[] = "/tmp/rg-cf-XXXXXX", m[256], mem[256], ag[256], cmd[300];
    rg_regions *levels[2], *merged = NULL;
    const char *names[2] = {"provinces", "prefectures"};
    const char *parents[2] = {NULL, "province"};
    rg_adjacency *parts[2], *adj = NULL;
    const size_t offsets[2] = {0, 2};
    rg_coordination *coord = NULL;
    rg_graph *g = NULL;

    levels[0] = rf_provinces();
    levels[1] = rf_prefectures();
    /* Contiguity per level, as build does: a region never neighbours its own parent. */
    for (int k = 0; k < 2; k++)
        cr_assert_eq(rg_contiguity_build(levels[k], NULL, &parts[k]), RG_OK);
    cr_assert_eq(rg_i_adjacency_merge(parts, offsets, 2, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_merge_levels(levels, names, parents, 2, &merged), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_graph_new(merged, adj, &g), RG_OK);

    cr_assert_not_null(mkdtemp(dir));
    rf_write(dir, "mechanisms.csv",
             "id,name,kind,year,source\n"
             "m1,Province one memorandum,memorandum,2019,hand-made\n"
             "m2,Two cities apart,law-enforcement mechanism,2020,hand-made\n"
             "m3,\"Agencies' joint action, national\",joint action,,hand-made\n");
    rf_write(dir, "members.csv",
             "mechanism,member\nm1,100\nm2,101\nm2,103\nm3,AG1\nm3,AG2\n");
    rf_write(dir, "agencies.csv",
             "id,name,level,lon,lat,jurisdiction\n"
             "AG1,Agency one,national,117.2,34.3,200\n"
             "AG2,Agency two,national,,,\n");
    snprintf(m, sizeof m, "%s/mechanisms.csv", dir);
    snprintf(mem, sizeof mem, "%s/members.csv", dir);
    snprintf(ag, sizeof ag, "%s/agencies.csv", dir);
    cr_assert_eq(rg_coordination_read(m, mem, ag, &coord), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_set_coordination(g, coord), RG_OK, "%s", rg_last_error());
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    return g;
}

/* Index of a prefecture pair (by ids) in the graph's adjacency, or (size_t)-1. */
static inline size_t rf_pair(const rg_graph *g, const char *id_a, const char *id_b)
{
    const rg_regions *r = rg_graph_regions(g);
    const rg_adjacency *adj = rg_graph_adjacency(g);
    for (size_t k = 0; k < rg_adjacency_count(adj); k++) {
        size_t a, b;
        double km;
        int rook;
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        if ((strcmp(rg_regions_id(r, a), id_a) == 0 && strcmp(rg_regions_id(r, b), id_b) == 0) ||
            (strcmp(rg_regions_id(r, a), id_b) == 0 && strcmp(rg_regions_id(r, b), id_a) == 0))
            return k;
    }
    return (size_t)-1;
}

#endif
