#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "regiongraph/graph.h"
#include "graph_fixture.h"
#include "leak_check.h"

RG_TEST_SUITE(graph);

/* The hand-made layer (square side 1000 m):
 *
 *   D = [0,2500]x[1000,2000]          F = [3000,4000]x[1000,2000]
 *   A = [0,1000]x[0,1000]  B = [1000,2000]x[0,1000]  C = [2000,3000]x[0,1000]
 *   E = isolated square far away, G = no geometry.
 *
 * Pairs by hand: A-B, A-D, B-C, B-D share 1 km each, C-D shares 0.5 km (x 2000..2500 at
 * y = 1000), C-F touch at the point (3000,1000).
 * Degrees:   A 2 (B, D)    B 3 (A, C, D)   C 3 (B, D, F)   D 3 (A, B, C)   E 0   F 1   G 0
 * Border km: A 1+1 = 2     B 1+1+1 = 3     C 1+0.5+0 = 1.5 D 1+1+0.5 = 2.5 E 0   F 0   G 0 */
static rg_regions *make_regions(void)
{
    rg_regions *r = NULL;
    rg_i_value none[1];
    const char *ids[] = {"A", "B", "C", "D", "E", "F", "G"};
    const double boxes[][4] = {{0, 0, 1000, 1000},    {1000, 0, 2000, 1000},
                               {2000, 0, 3000, 1000}, {0, 1000, 2500, 2000},
                               {5000, 5000, 6000, 6000}, {3000, 1000, 4000, 2000}};
    cr_assert_eq(rg_i_regions_new("t.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < 7; i++) {
        cr_assert_eq(rg_i_regions_begin(r, ids[i], NULL, none), RG_OK);
        if (i < 6) {
            const double *b = boxes[i];
            double ring[] = {b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3], b[0], b[1]};
            cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
            cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
        }
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    return r;
}

/* The pairs above, with their shared lines, at scale 1 (the shared fixture's table). */
static rg_adjacency *make_adjacency(void)
{
    return fx_adjacency(0, 0, 1);
}

Test(graph, degrees_and_border_km_from_igraph)
{
    rg_graph *g = NULL;
    const size_t *deg = NULL, *deg2 = NULL;
    const double *km = NULL, *km2 = NULL;
    const size_t want_deg[] = {2, 3, 3, 3, 0, 1, 0};
    const double want_km[] = {2.0, 3.0, 1.5, 2.5, 0.0, 0.0, 0.0};

    cr_assert_eq(rg_graph_new(make_regions(), make_adjacency(), &g), RG_OK);
    cr_assert_eq(rg_graph_node_count(g), 7);
    cr_assert_eq(rg_graph_edge_count(g), 6);
    cr_assert_eq(rg_regions_count(rg_graph_regions(g)), 7);
    cr_assert_eq(rg_adjacency_count(rg_graph_adjacency(g)), 6);
    cr_assert_eq(rg_graph_node_degrees(g, &deg, &km), RG_OK);
    for (int i = 0; i < 7; i++) {
        cr_assert_eq(deg[i], want_deg[i], "degree of %d: %zu", i, deg[i]);
        cr_assert_float_eq(km[i], want_km[i], 1e-12, "border km of %d: %g", i, km[i]);
    }
    /* cached: the same arrays come back */
    cr_assert_eq(rg_graph_node_degrees(g, &deg2, &km2), RG_OK);
    cr_assert_eq(deg2, deg);
    cr_assert_eq(km2, km);
    /* either output may be omitted */
    cr_assert_eq(rg_graph_node_degrees(g, NULL, &km2), RG_OK);
    cr_assert_eq(km2, km);
    rg_graph_free(g);
    rg_graph_free(NULL);
}

Test(graph, empty_layer_has_no_nodes)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    const size_t *deg = NULL;
    const double *km = NULL;
    cr_assert_eq(rg_i_regions_new("e.shp", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_ROOK, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    cr_assert_eq(rg_graph_node_count(g), 0);
    cr_assert_eq(rg_graph_edge_count(g), 0);
    cr_assert_eq(rg_graph_node_degrees(g, &deg, &km), RG_OK);
    cr_assert_not_null(deg);
    cr_assert_not_null(km);
    rg_graph_free(g);
}

/* A pair naming a region past the end is refused, and both inputs are freed (the sanitizer
 * build would report a leak otherwise). */
Test(graph, pair_outside_the_layer_is_refused)
{
    rg_adjacency *adj = make_adjacency();
    rg_graph *g = (rg_graph *)1;
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 3, 7, 1.0, 1), RG_OK);
    cr_assert_eq(rg_graph_new(make_regions(), adj, &g), RG_ERR_ARG);
    cr_assert_null(g);
    cr_assert_str_eq(rg_last_error(),
                     "rg_graph_new: pair 6 (3, 7) does not join two of the 7 regions");
}

Test(graph, missing_inputs_are_an_argument_error)
{
    rg_graph *g = NULL;
    cr_assert_eq(rg_graph_new(make_regions(), NULL, &g), RG_ERR_ARG);
    cr_assert_null(g);
}
