/* The coordination network on the hand-made hierarchy of coverage_fixture.h: nodes, edges per
 * view and level, weights, and jurisdiction edges reaching descendants. */
#include <criterion/criterion.h>
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage_fixture.h"
#include "regiongraph/network.h"
#include "leak_check.h"

RG_TEST_SUITE(network);

/* Prefecture level. Nodes: A1 0, A2 1, A3 2, B1 3, B2 4, B3 5 (region order), then the agencies
 * in file order AG1 6, AG2 7, AG3 8, AG4 9.
 * adjacent (11, the prefecture pairs; P1-P2 is another level's): weights = border km.
 * coordinated (cliques per mechanism, weight = mechanisms shared):
 *   delta {A1, A2, B1, AG4}: 0-1 0-3 1-3 0-9 1-9 3-9      city {A1, A2, B2}: 0-1 0-4 1-4
 *   split {A1, A3}: 0-2                                  joint {AG1, AG2}: 6-7
 *   -> 10 edges, sorted: 0-1 (2), 0-2, 0-3, 0-4, 0-9, 1-3, 1-4, 1-9, 3-9, 6-7 (1 each)
 * jurisdiction: AG1 (P2) -> A3, B2, B3; AG2 (B1) -> B1; AG3 (CN, two levels up) -> all six:
 *   10 edges.
 * Views: adjacency 11, coordination 20, all 31. */
typedef struct edge_want {
    size_t from, to;
    double weight;
} edge_want;

static size_t count_type(const rg_network *net, rg_edge_type type, double *weight_sum)
{
    size_t count = 0;
    *weight_sum = 0;
    for (size_t e = 0; e < rg_network_edge_count(net); e++) {
        rg_edge_type t;
        double w;
        size_t from, to;
        rg_network_edge(net, e, &from, &to, &t, &w, NULL);
        cr_assert_lt(from, to);
        if (t == type) {
            count++;
            *weight_sum += w;
        }
    }
    return count;
}

static int has_edge(const rg_network *net, rg_edge_type type, size_t from, size_t to, double *w)
{
    for (size_t e = 0; e < rg_network_edge_count(net); e++) {
        rg_edge_type t;
        size_t f, u;
        rg_network_edge(net, e, &f, &u, &t, w, NULL);
        if (t == type && f == from && u == to)
            return 1;
    }
    return 0;
}

static rg_network *build(const rg_graph *g, const char *level, rg_view view)
{
    rg_network *net = NULL;
    cr_assert_eq(rg_network_build(g, level, view, &net), RG_OK, "%s", rg_last_error());
    return net;
}

Test(network, prefecture_level_views)
{
    rg_graph *g = fx_graph(1);
    rg_network *adj = build(g, "prefectures", RG_VIEW_ADJACENCY);
    rg_network *coord = build(g, NULL, RG_VIEW_COORDINATION);
    rg_network *all = build(g, "prefectures", RG_VIEW_ALL);
    double sum;

    cr_assert_eq(rg_network_level(adj), 2);
    cr_assert_eq(rg_network_level(coord), 2); /* no default level: the lowest */
    for (int k = 0; k < 3; k++) {
        rg_network *net = k == 0 ? adj : k == 1 ? coord : all;
        const igraph_t *ig = rg_network_igraph(net);
        cr_assert_eq(rg_network_node_count(net), 10);
        cr_assert_eq(igraph_vcount(ig), 10);
        cr_assert_eq((size_t)igraph_ecount(ig), rg_network_edge_count(net));
        cr_assert_eq(igraph_is_directed(ig), 0);
    }
    cr_assert_eq(rg_network_edge_count(adj), 11);
    cr_assert_eq(count_type(adj, RG_EDGE_ADJACENT, &sum), 11);
    cr_assert_float_eq(sum, 10.0, 1e-9); /* 4 x 1 km + 3 x 2 km + 4 corners */
    cr_assert_eq(rg_network_edge_count(coord), 20);
    cr_assert_eq(count_type(coord, RG_EDGE_COORDINATED, &sum), 10);
    cr_assert_float_eq(sum, 11.0, 1e-12);
    cr_assert_eq(count_type(coord, RG_EDGE_JURISDICTION, &sum), 10);
    cr_assert_float_eq(sum, 10.0, 1e-12);
    cr_assert_eq(count_type(coord, RG_EDGE_ADJACENT, &sum), 0);
    cr_assert_eq(rg_network_edge_count(all), 31);

    rg_network_free(adj);
    rg_network_free(coord);
    rg_network_free(all);
    rg_graph_free(g);
}

Test(network, nodes_and_lookups)
{
    rg_graph *g = fx_graph(1);
    rg_network *net = build(g, "prefectures", RG_VIEW_ALL);
    static const size_t regions[] = {FX_A1, FX_A2, FX_A3, FX_B1, FX_B2, FX_B3};
    for (size_t v = 0; v < 10; v++) {
        rg_node_kind kind;
        size_t index;
        rg_network_node(net, v, &kind, &index);
        if (v < 6) {
            cr_assert_eq(kind, RG_NODE_REGION);
            cr_assert_eq(index, regions[v]);
            cr_assert_eq(rg_network_region_node(net, regions[v]), (long)v);
        } else {
            cr_assert_eq(kind, RG_NODE_AGENCY);
            cr_assert_eq(index, v - 6);
            cr_assert_eq(rg_network_agency_node(net, v - 6), (long)v);
        }
    }
    /* regions of other levels are not nodes */
    cr_assert_eq(rg_network_region_node(net, FX_CN), -1);
    cr_assert_eq(rg_network_region_node(net, FX_P1), -1);
    cr_assert_eq(rg_network_agency_node(net, 4), -1);
    rg_network_free(net);
    rg_graph_free(g);
}

Test(network, coordinated_edges_and_weights)
{
    rg_graph *g = fx_graph(1);
    rg_network *net = build(g, "prefectures", RG_VIEW_COORDINATION);
    static const edge_want want[] = {
        {0, 1, 2}, {0, 2, 1}, {0, 3, 1}, {0, 4, 1}, {0, 9, 1},
        {1, 3, 1}, {1, 4, 1}, {1, 9, 1}, {3, 9, 1}, {6, 7, 1},
    };
    /* coordinated edges come first, sorted by (from, to), then jurisdiction edges */
    for (size_t e = 0; e < 10; e++) {
        size_t from, to, pair;
        rg_edge_type t;
        double w;
        rg_network_edge(net, e, &from, &to, &t, &w, &pair);
        cr_assert_eq(t, RG_EDGE_COORDINATED, "edge %zu", e);
        cr_assert_eq(from, want[e].from, "edge %zu: %zu-%zu", e, from, to);
        cr_assert_eq(to, want[e].to, "edge %zu: %zu-%zu", e, from, to);
        cr_assert_float_eq(w, want[e].weight, 1e-12, "edge %zu", e);
        cr_assert_eq(pair, (size_t)-1);
    }
    rg_network_free(net);
    rg_graph_free(g);
}

Test(network, jurisdiction_reaches_descendants)
{
    rg_graph *g = fx_graph(1);
    rg_network *net = build(g, "prefectures", RG_VIEW_COORDINATION);
    double w;
    /* AG3 (node 8) has jurisdiction over CN: every prefecture, two levels down */
    for (size_t v = 0; v < 6; v++)
        cr_assert(has_edge(net, RG_EDGE_JURISDICTION, v, 8, &w), "AG3 to node %zu", v);
    /* AG1 (node 6) over P2: A3 2, B2 4, B3 5 and nothing in P1 */
    cr_assert(has_edge(net, RG_EDGE_JURISDICTION, 2, 6, &w));
    cr_assert_float_eq(w, 1.0, 1e-12);
    cr_assert(has_edge(net, RG_EDGE_JURISDICTION, 4, 6, &w));
    cr_assert(has_edge(net, RG_EDGE_JURISDICTION, 5, 6, &w));
    cr_assert_not(has_edge(net, RG_EDGE_JURISDICTION, 0, 6, &w));
    /* AG2 (node 7) over the prefecture B1 (3) */
    cr_assert(has_edge(net, RG_EDGE_JURISDICTION, 3, 7, &w));
    rg_network_free(net);
    rg_graph_free(g);
}

/* Adjacent edges carry the pair index and its km. */
Test(network, adjacent_edges_keep_their_pairs)
{
    rg_graph *g = fx_graph(1);
    rg_network *net = build(g, "prefectures", RG_VIEW_ADJACENCY);
    const rg_adjacency *adj = rg_graph_adjacency(g);
    for (size_t e = 0; e < rg_network_edge_count(net); e++) {
        size_t from, to, pair, a, b, ka, kb;
        rg_edge_type t;
        rg_node_kind kind;
        double w, km;
        rg_network_edge(net, e, &from, &to, &t, &w, &pair);
        cr_assert_eq(t, RG_EDGE_ADJACENT);
        rg_adjacency_pair(adj, pair, &a, &b, &km, NULL);
        rg_network_node(net, from, &kind, &ka);
        rg_network_node(net, to, &kind, &kb);
        cr_assert_eq(ka, a);
        cr_assert_eq(kb, b);
        cr_assert_float_eq(w, km, 1e-12);
    }
    /* A2-B2 shares 2 km: nodes 1 and 4 */
    {
        double w;
        cr_assert(has_edge(net, RG_EDGE_ADJACENT, 1, 4, &w));
        cr_assert_float_eq(w, 2.0, 1e-9);
    }
    rg_network_free(net);
    rg_graph_free(g);
}

/* Province level. Nodes P1 0, P2 1, AG1 2, AG2 3, AG3 4, AG4 5.
 * adjacent: P1-P2, 4 km. coordinated: delta {P1, AG4} 0-5; city and split cover nothing here
 * (prefecture members); joint 2-3: 2 edges. jurisdiction: AG1 -> P2 (1-2), AG3 -> P1, P2 (0-4,
 * 1-4); AG2's B1 is below the level: 3 edges. Views: 1, 5, 6.
 * Nation level. Nodes CN 0, agencies 1..4. coordinated: joint 1-2 only (delta's P1 is below);
 * jurisdiction AG3 -> CN (0-3). */
Test(network, higher_levels)
{
    rg_graph *g = fx_graph(1);
    rg_network *net = build(g, "provinces", RG_VIEW_ALL);
    double sum, w;
    cr_assert_eq(rg_network_level(net), 1);
    cr_assert_eq(rg_network_node_count(net), 6);
    cr_assert_eq(rg_network_edge_count(net), 6);
    cr_assert_eq(count_type(net, RG_EDGE_ADJACENT, &sum), 1);
    cr_assert_float_eq(sum, 4.0, 1e-9);
    cr_assert_eq(count_type(net, RG_EDGE_COORDINATED, &sum), 2);
    cr_assert(has_edge(net, RG_EDGE_COORDINATED, 0, 5, &w));
    cr_assert(has_edge(net, RG_EDGE_COORDINATED, 2, 3, &w));
    cr_assert_eq(count_type(net, RG_EDGE_JURISDICTION, &sum), 3);
    cr_assert(has_edge(net, RG_EDGE_JURISDICTION, 1, 2, &w));
    cr_assert(has_edge(net, RG_EDGE_JURISDICTION, 0, 4, &w));
    cr_assert(has_edge(net, RG_EDGE_JURISDICTION, 1, 4, &w));
    rg_network_free(net);

    net = build(g, "provinces", RG_VIEW_COORDINATION);
    cr_assert_eq(rg_network_edge_count(net), 5);
    rg_network_free(net);

    net = build(g, "nation", RG_VIEW_ALL);
    cr_assert_eq(rg_network_node_count(net), 5);
    cr_assert_eq(rg_network_edge_count(net), 2);
    cr_assert(has_edge(net, RG_EDGE_COORDINATED, 1, 2, &w));
    cr_assert(has_edge(net, RG_EDGE_JURISDICTION, 0, 3, &w));
    rg_network_free(net);
    rg_graph_free(g);
}

Test(network, without_coordination_and_bad_arguments)
{
    rg_graph *g = fx_graph(0);
    rg_network *net = build(g, NULL, RG_VIEW_ALL);
    cr_assert_eq(rg_network_node_count(net), 6);
    cr_assert_eq(rg_network_edge_count(net), 11);
    rg_network_free(net);
    net = NULL;
    cr_assert_eq(rg_network_build(g, "districts", RG_VIEW_ALL, &net), RG_ERR_ARG);
    cr_assert_null(net);
    cr_assert_str_eq(rg_last_error(),
                     "unknown level 'districts': the levels are nation, provinces, prefectures");
    cr_assert_eq(rg_network_build(g, NULL, (rg_view)0, &net), RG_ERR_ARG);
    cr_assert_eq(rg_network_build(g, NULL, (rg_view)4, &net), RG_ERR_ARG);
    rg_graph_free(g);
}

/* rg_i_adjacency_merge, which the fixture (and the project build) uses to join the levels'
 * adjacencies: part 0 (2 regions at offset 0) has pair 0-1; part 1 is NULL (a level without
 * pairs, 1 region at offset 2); part 2 (3 regions at offset 3) has 0-2 and 1-2, given out of
 * order with two lines on one pair. Merged: (0,1) (3,5) (4,5), lines carried along. */
Test(network, adjacency_merge_offsets_and_lines)
{
    rg_adjacency *parts[3] = {NULL, NULL, NULL}, *out = NULL;
    const size_t offsets[] = {0, 2, 3};
    const double l01[] = {0, 0, 0, 1}, l12[] = {5, 5, 6, 6, 7, 7}, l02a[] = {9, 9},
                 l02b[] = {8, 8, 8, 9};
    size_t a, b, first, count;
    double km;
    int rook;
    const size_t *pts;
    const double *xy;

    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_ROOK, &parts[0]), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(parts[0], 0, 1, 1.0, 1), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(parts[0], l01, 2), RG_OK);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &parts[2]), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(parts[2], 1, 2, 2.5, 1), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(parts[2], l12, 3), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(parts[2], 0, 2, 0.0, 0), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(parts[2], l02a, 1), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(parts[2], l02b, 2), RG_OK);
    cr_assert_eq(rg_i_adjacency_merge(parts, offsets, 3, &out), RG_OK, "%s", rg_last_error());
    cr_assert_null(parts[0]);
    cr_assert_null(parts[2]);
    cr_assert_eq(rg_adjacency_count(out), 3);
    pts = rg_adjacency_line_pt_start(out);
    xy = rg_adjacency_xy(out);

    rg_adjacency_pair(out, 0, &a, &b, &km, &rook);
    cr_assert(a == 0 && b == 1 && km == 1.0 && rook == 1);
    rg_adjacency_border(out, 0, &first, &count);
    cr_assert_eq(count, 1);
    cr_assert_eq(pts[first + 1] - pts[first], 2);
    cr_assert_float_eq(xy[2 * pts[first] + 3], 1.0, 0);

    rg_adjacency_pair(out, 1, &a, &b, &km, &rook);
    cr_assert(a == 3 && b == 5 && km == 0.0 && rook == 0, "%zu-%zu", a, b);
    rg_adjacency_border(out, 1, &first, &count);
    cr_assert_eq(count, 2);
    cr_assert_eq(pts[first + 1] - pts[first], 1);
    cr_assert_float_eq(xy[2 * pts[first]], 9.0, 0);
    cr_assert_eq(pts[first + 2] - pts[first + 1], 2);
    cr_assert_float_eq(xy[2 * pts[first + 1] + 3], 9.0, 0);

    rg_adjacency_pair(out, 2, &a, &b, &km, &rook);
    cr_assert(a == 4 && b == 5 && km == 2.5 && rook == 1, "%zu-%zu", a, b);
    rg_adjacency_border(out, 2, &first, &count);
    cr_assert_eq(count, 1);
    cr_assert_eq(pts[first + 1] - pts[first], 3);
    cr_assert_float_eq(xy[2 * pts[first] + 4], 7.0, 0);
    rg_adjacency_free(out);

    /* the same pair from two parts is refused, and both parts are still consumed */
    {
        const size_t zero[] = {0, 0};
        cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &parts[0]), RG_OK);
        cr_assert_eq(rg_i_adjacency_add_pair(parts[0], 0, 1, 1.0, 1), RG_OK);
        cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &parts[1]), RG_OK);
        cr_assert_eq(rg_i_adjacency_add_pair(parts[1], 0, 1, 1.0, 1), RG_OK);
        out = NULL;
        cr_assert_eq(rg_i_adjacency_merge(parts, zero, 2, &out), RG_ERR_INTERNAL);
        cr_assert_null(out);
        cr_assert_null(parts[0]);
        cr_assert_null(parts[1]);
    }
}
