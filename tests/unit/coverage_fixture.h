/* The hand-made three-level hierarchy of test_coverage.c and test_network.c.
 *
 * (Reconstructed by the report helper after overwriting the original by mistake; rebuilt from
 * what the two test files use and state. Coordinates in metres, unit 1 m, so km are exact.)
 *
 * Levels, top first: nation {CN}, provinces {P1, P2}, prefectures {A1, A2, A3, B1, B2, B3}.
 * Prefectures are 2 km x 1 km cells (x from 0, y from 0):
 *
 *   y 2  +--------+--------+--------+
 *        |   A1   |   A2   |   A3   |     P1 = A1, A2, B1   P2 = A3, B2, B3   CN = all
 *   y 1  +--------+--------+--------+
 *        |   B1   |   B2   |   B3   |
 *   y 0  +--------+--------+--------+
 *        x 0      2        4        6
 *
 * Pairs: A1-A2, A2-A3, B1-B2, B2-B3 1 km; A1-B1, A2-B2, A3-B3 2 km; corners A1-B2, A2-B1,
 * A2-B3, A3-B2 0 km (11 prefecture pairs, 10 km); P1-P2 4 km; contiguity is found per level, as
 * build does, so a region never neighbours its own parent.
 * Fields: code (id), name, parent, pop (integer: CN 1000, P1 350, P2 650, A1 100, A2 200, A3
 * null, B1 50, B2 150, B3 500), label (text).
 * Coordination (tests/data/coverage): mechanisms delta, city, split, joint (in that order);
 * agencies AG1..AG4. */
#ifndef RG_TEST_COVERAGE_FIXTURE_H
#define RG_TEST_COVERAGE_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/coordination.h"
#include "regiongraph/graph.h"

/* Region indices in the merged layer (levels top first, file order within a level). */
enum { FX_CN = 0, FX_P1, FX_P2, FX_A1, FX_A2, FX_A3, FX_B1, FX_B2, FX_B3 };
/* Mechanism indices (file order of tests/data/coverage/mechanisms.csv). */
enum { FX_DELTA = 0, FX_CITY, FX_SPLIT, FX_JOINT };

#define FX_DATA RG_TEST_DATA "/coverage/"

typedef struct fx_region {
    const char *id, *parent;
    int64_t pop; /* -1: null */
} fx_region;

/* One ring per region: the outline of its cells. The L-shaped provinces are drawn as their
 * outlines, with a vertex wherever a prefecture's corner lies on them. */
static inline void fx_ring(rg_regions *r, const double *pts, size_t n)
{
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, pts, n), RG_OK);
}

static inline rg_regions *fx_level(const char *file, const fx_region *regions, size_t n,
                            const double *const *rings, const size_t *npts)
{
    rg_i_field fields[] = {
        {.name = "code", .type = RG_FIELD_STRING, .width = 8},
        {.name = "name", .type = RG_FIELD_STRING, .width = 20},
        {.name = "parent", .type = RG_FIELD_STRING, .width = 8},
        {.name = "pop", .type = RG_FIELD_INTEGER, .width = 10},
        {.name = "label", .type = RG_FIELD_STRING, .width = 20},
    };
    rg_regions *r = NULL;
    char buf[32];
    cr_assert_eq(rg_i_regions_new(file, 5, fields, &r), RG_OK);
    for (size_t i = 0; i < n; i++) {
        rg_i_value v[5];
        memset(v, 0, sizeof v);
        v[0].text = strdup(regions[i].id);
        snprintf(buf, sizeof buf, "Region %s", regions[i].id);
        v[1].text = strdup(buf);
        if (regions[i].parent)
            v[2].text = strdup(regions[i].parent);
        if (regions[i].pop >= 0) {
            snprintf(buf, sizeof buf, "%lld", (long long)regions[i].pop);
            v[3] = (rg_i_value){.text = strdup(buf), .i = regions[i].pop,
                                .d = (double)regions[i].pop};
        }
        snprintf(buf, sizeof buf, "label %s", regions[i].id);
        v[4].text = strdup(buf);
        cr_assert_eq(rg_i_regions_begin(r, regions[i].id, NULL, v), RG_OK);
        fx_ring(r, rings[i], npts[i]);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", "name"), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, "", 0, 1.0), RG_OK);
    return r;
}

/* Builds the graph; with_coordination attaches tests/data/coverage's files. */
static inline rg_graph *fx_graph(int with_coordination)
{
    /* Cells: column c spans x 2000c..2000(c+1); row 1 (A) y 1000..2000, row 0 (B) y 0..1000. */
    static const double cn[] = {0, 0, 6000, 0, 6000, 2000, 0, 2000, 0, 0};
    /* P1 = A1 + A2 + B1, P2 = A3 + B2 + B3 (vertices at every cell corner on the outline). */
    static const double p1[] = {0, 0, 2000, 0, 2000, 1000, 4000, 1000, 4000, 2000,
                                2000, 2000, 0, 2000, 0, 1000, 0, 0};
    static const double p2[] = {2000, 0, 4000, 0, 6000, 0, 6000, 1000, 6000, 2000,
                                4000, 2000, 4000, 1000, 2000, 1000, 2000, 0};
#define FX_CELL(c, row) {2000.0 * (c), 1000.0 * (row), 2000.0 * ((c) + 1), 1000.0 * (row),     \
                         2000.0 * ((c) + 1), 1000.0 * ((row) + 1), 2000.0 * (c),                \
                         1000.0 * ((row) + 1), 2000.0 * (c), 1000.0 * (row)}
    static const double a1[] = FX_CELL(0, 1), a2[] = FX_CELL(1, 1), a3[] = FX_CELL(2, 1);
    static const double b1[] = FX_CELL(0, 0), b2[] = FX_CELL(1, 0), b3[] = FX_CELL(2, 0);
#undef FX_CELL
    static const fx_region nation[] = {{"CN", NULL, 1000}};
    static const fx_region provinces[] = {{"P1", "CN", 350}, {"P2", "CN", 650}};
    static const fx_region prefectures[] = {
        {"A1", "P1", 100}, {"A2", "P1", 200}, {"A3", "P2", -1},
        {"B1", "P1", 50},  {"B2", "P2", 150}, {"B3", "P2", 500},
    };
    const double *cn_rings[] = {cn}, *prov_rings[] = {p1, p2};
    const double *pref_rings[] = {a1, a2, a3, b1, b2, b3};
    const size_t cn_n[] = {5}, prov_n[] = {9, 9}, pref_n[] = {5, 5, 5, 5, 5, 5};
    const char *names[] = {"nation", "provinces", "prefectures"};
    const char *parents[] = {NULL, "parent", "parent"};
    const size_t offsets[] = {0, 1, 3};
    rg_regions *levels[3], *merged = NULL;
    rg_adjacency *parts[3], *adj = NULL;
    rg_graph *g = NULL;

    levels[0] = fx_level("nation.shp", nation, 1, cn_rings, cn_n);
    levels[1] = fx_level("provinces.shp", provinces, 2, prov_rings, prov_n);
    levels[2] = fx_level("prefectures.shp", prefectures, 6, pref_rings, pref_n);
    for (int k = 0; k < 3; k++)
        cr_assert_eq(rg_contiguity_build(levels[k], NULL, &parts[k]), RG_OK, "%s",
                     rg_last_error());
    cr_assert_eq(rg_i_adjacency_merge(parts, offsets, 3, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_merge_levels(levels, names, parents, 3, &merged), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_graph_new(merged, adj, &g), RG_OK, "%s", rg_last_error());
    if (with_coordination) {
        rg_coordination *coord = NULL;
        cr_assert_eq(rg_coordination_read(FX_DATA "mechanisms.csv", FX_DATA "members.csv",
                                          FX_DATA "agencies.csv", &coord),
                     RG_OK, "%s", rg_last_error());
        cr_assert_eq(rg_graph_set_coordination(g, coord), RG_OK, "%s", rg_last_error());
    }
    return g;
}

/* Index of the adjacent pair of two region ids (either order), or (size_t)-1. */
static inline size_t fx_pair(const rg_graph *g, const char *id_a, const char *id_b)
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
