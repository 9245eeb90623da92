/* Centrality on small graphs whose values are worked out by hand (each test shows the working).
 * The graphs are built in memory: regions without geometry, adjacency pairs with given border
 * lengths (the weights), one level. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/regions_internal.h"
#include "coverage_fixture.h"
#include "model/adjacency_internal.h"
#include "regiongraph/centrality.h"
#include "leak_check.h"

RG_TEST_SUITE(centrality);

typedef struct pair_km {
    size_t a, b;
    double km;
} pair_km;

/* n regions r0..r(n-1) and the given pairs (a < b, in ascending order). */
static rg_graph *make_graph(size_t n, const pair_km *pairs, size_t m)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_field fields[] = {
        {.name = "code", .type = RG_FIELD_STRING, .width = 8},
        {.name = "name", .type = RG_FIELD_STRING, .width = 8},
    };
    char id[16];
    cr_assert_eq(rg_i_regions_new("hand.shp", 2, fields, &r), RG_OK);
    for (size_t i = 0; i < n; i++) {
        rg_i_value v[2];
        memset(v, 0, sizeof v);
        snprintf(id, sizeof id, "r%zu", i);
        v[0].text = strdup(id);
        v[1].text = strdup(id);
        cr_assert_eq(rg_i_regions_begin(r, id, id, v), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", "name"), RG_OK);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    for (size_t k = 0; k < m; k++) {
        double line[4] = {0, 0, 1, 1};
        cr_assert_eq(rg_i_adjacency_add_pair(adj, pairs[k].a, pairs[k].b, pairs[k].km,
                                             pairs[k].km > 0),
                     RG_OK);
        cr_assert_eq(rg_i_adjacency_add_line(adj, line, 2), RG_OK);
    }
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK, "%s", rg_last_error());
    return g;
}

static rg_centrality *compute(const rg_graph *g, int unweighted)
{
    rg_centrality_options o;
    rg_centrality *c = NULL;
    memset(&o, 0, sizeof o);
    o.unweighted = unweighted;
    o.seed = 42;
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_OK, "%s", rg_last_error());
    return c;
}

#define EPS 1e-9

static void expect(const rg_centrality *c, rg_measure m, const double *want, size_t n)
{
    cr_assert_eq(rg_network_node_count(rg_centrality_network(c)), n);
    for (size_t v = 0; v < n; v++) {
        double got = rg_centrality_value(c, v, m);
        cr_assert(!isnan(got), "%s of node %zu is NaN", rg_measure_name(m), v);
        cr_assert(fabs(got - want[v]) <= EPS * (1 + fabs(want[v])),
                  "%s of node %zu: %.12g, want %.12g", rg_measure_name(m), v, got, want[v]);
    }
}

static void expect_bridges(const rg_centrality *c, const size_t *want, size_t n)
{
    cr_assert_eq(rg_centrality_bridge_count(c), n);
    for (size_t k = 0; k < n; k++)
        cr_assert_eq(rg_centrality_bridges(c)[k], want[k]);
}

/* Path 0-1-2-3, unweighted.
 * betweenness: 1 lies on 0-2 and 0-3, 2 on 1-3 and 0-3.
 * closeness: node 0 reaches at 1, 2, 3 (mean 2) -> 1/2; node 1 at 1, 1, 2 (mean 4/3) -> 3/4.
 * harmonic / 3: node 0 (1 + 1/2 + 1/3) / 3 = 11/18; node 1 (1 + 1 + 1/2) / 3 = 5/6.
 * eigenvector: P4's leading eigenvector is (sin 36°, sin 72°, sin 108°, sin 144°), ends over
 *   middle = sin 36° / sin 72° = 1 / golden ratio.
 * PageRank: by symmetry a (ends), b (middle): a = 0.15/4 + 0.85 b/2, b = 0.15/4 + 0.85 (a + b/2)
 *   -> a = 10/57, b = 37/114.
 * every edge is a bridge; the middle nodes are articulation points; coreness 1; clustering 0. */
Test(centrality, path)
{
    const pair_km pairs[] = {{0, 1, 5}, {1, 2, 1}, {2, 3, 9}};
    rg_graph *g = make_graph(4, pairs, 3);
    rg_centrality *c = compute(g, 1);
    const double phi = (1 + sqrt(5)) / 2;
    const double degree[] = {1, 2, 2, 1}, betw[] = {0, 2, 2, 0}, clos[] = {0.5, 0.75, 0.75, 0.5},
                 harm[] = {11.0 / 18, 5.0 / 6, 5.0 / 6, 11.0 / 18},
                 eig[] = {1 / phi, 1, 1, 1 / phi},
                 pr[] = {10.0 / 57, 37.0 / 114, 37.0 / 114, 10.0 / 57}, core[] = {1, 1, 1, 1},
                 zero[] = {0, 0, 0, 0}, art[] = {0, 1, 1, 0};
    const size_t bridges[] = {0, 1, 2};
    expect(c, RG_MEASURE_DEGREE, degree, 4);
    expect(c, RG_MEASURE_STRENGTH, degree, 4); /* unweighted: strength = degree */
    expect(c, RG_MEASURE_BETWEENNESS, betw, 4);
    expect(c, RG_MEASURE_CLOSENESS, clos, 4);
    expect(c, RG_MEASURE_HARMONIC, harm, 4);
    expect(c, RG_MEASURE_EIGENVECTOR, eig, 4);
    expect(c, RG_MEASURE_PAGERANK, pr, 4);
    expect(c, RG_MEASURE_CORENESS, core, 4);
    expect(c, RG_MEASURE_CLUSTERING, zero, 4);
    expect(c, RG_MEASURE_ARTICULATION, art, 4);
    expect(c, RG_MEASURE_COMPONENT, zero, 4);
    expect(c, RG_MEASURE_ISOLATED, zero, 4);
    expect_bridges(c, bridges, 3);
    cr_assert_eq(rg_centrality_component_count(c), 1);
    cr_assert_eq(rg_centrality_used_options(c)->unweighted, 1);
    cr_assert_eq(rg_centrality_used_options(c)->seed, 42);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* Star: centre 0, leaves 1..4, unweighted.
 * betweenness of the centre: C(4,2) = 6 leaf pairs. closeness: centre 1; leaf reaches at 1, 2,
 * 2, 2 (mean 7/4) -> 4/7. harmonic / 4: centre 1; leaf (1 + 3/2) / 4 = 5/8.
 * eigenvector: lambda = sqrt(4) = 2, leaf = centre / lambda = 1/2.
 * PageRank: c = 0.03 + 0.85 * 4 l, l = 0.03 + 0.85 c / 4 -> c = 0.132 / 0.2775 = 88/185,
 * l = (1 - c) / 4 = 97/740. */
Test(centrality, star)
{
    const pair_km pairs[] = {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}, {0, 4, 1}};
    rg_graph *g = make_graph(5, pairs, 4);
    rg_centrality *c = compute(g, 1);
    const double degree[] = {4, 1, 1, 1, 1}, betw[] = {6, 0, 0, 0, 0},
                 clos[] = {1, 4.0 / 7, 4.0 / 7, 4.0 / 7, 4.0 / 7},
                 harm[] = {1, 0.625, 0.625, 0.625, 0.625}, eig[] = {1, 0.5, 0.5, 0.5, 0.5},
                 pr[] = {88.0 / 185, 97.0 / 740, 97.0 / 740, 97.0 / 740, 97.0 / 740},
                 art[] = {1, 0, 0, 0, 0}, core[] = {1, 1, 1, 1, 1};
    const size_t bridges[] = {0, 1, 2, 3};
    expect(c, RG_MEASURE_DEGREE, degree, 5);
    expect(c, RG_MEASURE_BETWEENNESS, betw, 5);
    expect(c, RG_MEASURE_CLOSENESS, clos, 5);
    expect(c, RG_MEASURE_HARMONIC, harm, 5);
    expect(c, RG_MEASURE_EIGENVECTOR, eig, 5);
    expect(c, RG_MEASURE_PAGERANK, pr, 5);
    expect(c, RG_MEASURE_ARTICULATION, art, 5);
    expect(c, RG_MEASURE_CORENESS, core, 5);
    expect_bridges(c, bridges, 4);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* Triangle 0-1-2 with a tail 2-3, unweighted.
 * betweenness: 2 lies on 0-3 and 1-3 -> 2. closeness: 2 reaches all at 1 -> 1; 0 and 1 at
 * 1, 1, 2 -> 3/4; 3 at 1, 2, 2 -> 3/5. harmonic / 3: 0 (1 + 1 + 1/2) / 3 = 5/6; 2 -> 1;
 * 3 (1 + 1/2 + 1/2) / 3 = 2/3. clustering: 0 and 1 -> 1; 2 has neighbours 0, 1, 3 with one
 * link among their three pairs -> 1/3; 3 (degree 1) -> 0. coreness: the triangle is the
 * 2-core. Only 2-3 (edge 3) is a bridge; 2 is the articulation point. */
Test(centrality, triangle_with_tail)
{
    const pair_km pairs[] = {{0, 1, 1}, {0, 2, 1}, {1, 2, 1}, {2, 3, 1}};
    rg_graph *g = make_graph(4, pairs, 4);
    rg_centrality *c = compute(g, 1);
    const double degree[] = {2, 2, 3, 1}, betw[] = {0, 0, 2, 0}, clos[] = {0.75, 0.75, 1, 0.6},
                 harm[] = {5.0 / 6, 5.0 / 6, 1, 2.0 / 3}, clus[] = {1, 1, 1.0 / 3, 0},
                 core[] = {2, 2, 2, 1}, art[] = {0, 0, 1, 0};
    const size_t bridges[] = {3};
    expect(c, RG_MEASURE_DEGREE, degree, 4);
    expect(c, RG_MEASURE_BETWEENNESS, betw, 4);
    expect(c, RG_MEASURE_CLOSENESS, clos, 4);
    expect(c, RG_MEASURE_HARMONIC, harm, 4);
    expect(c, RG_MEASURE_CLUSTERING, clus, 4);
    expect(c, RG_MEASURE_CORENESS, core, 4);
    expect(c, RG_MEASURE_ARTICULATION, art, 4);
    expect_bridges(c, bridges, 1);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* Triangle {0,1,2}, pair {3,4}, isolated 5, unweighted.
 * components by first node: 0 0 0 1 1 2 (3 of them); 5 is isolated.
 * closeness within the component: 1 for the five connected nodes, 0 (not NaN) for 5.
 * harmonic / (n - 1) = / 5: triangle 2/5, pair 1/5, isolated 0.
 * eigenvector per component, largest 1: 1 1 1 1 1 0.
 * communities: the components themselves. Modularity with m = 4: triangle 3/4 - (6/8)^2 =
 * 3/16, pair 1/4 - (2/8)^2 = 3/16, isolated 0 -> 3/8. Edge 3-4 (edge 3) is the one bridge. */
Test(centrality, components_and_island)
{
    const pair_km pairs[] = {{0, 1, 1}, {0, 2, 1}, {1, 2, 1}, {3, 4, 1}};
    rg_graph *g = make_graph(6, pairs, 4);
    rg_centrality *c = compute(g, 1);
    const double comp[] = {0, 0, 0, 1, 1, 2}, iso[] = {0, 0, 0, 0, 0, 1},
                 clos[] = {1, 1, 1, 1, 1, 0}, harm[] = {0.4, 0.4, 0.4, 0.2, 0.2, 0},
                 eig[] = {1, 1, 1, 1, 1, 0}, zero[] = {0, 0, 0, 0, 0, 0};
    const size_t bridges[] = {3};
    expect(c, RG_MEASURE_COMPONENT, comp, 6);
    expect(c, RG_MEASURE_ISOLATED, iso, 6);
    expect(c, RG_MEASURE_CLOSENESS, clos, 6);
    expect(c, RG_MEASURE_HARMONIC, harm, 6);
    expect(c, RG_MEASURE_EIGENVECTOR, eig, 6);
    expect(c, RG_MEASURE_BETWEENNESS, zero, 6);
    expect(c, RG_MEASURE_ARTICULATION, zero, 6);
    expect(c, RG_MEASURE_LEIDEN, comp, 6);
    expect(c, RG_MEASURE_LOUVAIN, comp, 6);
    expect_bridges(c, bridges, 1);
    cr_assert_eq(rg_centrality_component_count(c), 3);
    cr_assert_eq(rg_centrality_community_count(c, RG_MEASURE_LEIDEN), 3);
    cr_assert_eq(rg_centrality_community_count(c, RG_MEASURE_LOUVAIN), 3);
    cr_assert_float_eq(rg_centrality_modularity(c, RG_MEASURE_LEIDEN), 0.375, EPS);
    cr_assert_float_eq(rg_centrality_modularity(c, RG_MEASURE_LOUVAIN), 0.375, EPS);
    /* PageRank sums to 1 and is never NaN, the island included. */
    double sum = 0;
    for (size_t v = 0; v < 6; v++)
        sum += rg_centrality_value(c, v, RG_MEASURE_PAGERANK);
    cr_assert_float_eq(sum, 1.0, 1e-9);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* Square 0-1-2-3-0 with border km 4, 4, 2, 0.5 (edges 0-1, 0-3, 1-2, 2-3 in pair order).
 * mean strength 10.5 / 4 = 2.625; distances 0-1 0.65625, 1-2 0.65625, 2-3 1.3125, 0-3 5.25.
 * Shortest paths: 0-2 via 1 (1.3125 < 6.5625), 1-3 via 2 (1.96875 < 5.90625), 0-3 via 1, 2
 * (2.625 < 5.25): the tree is the path 0-1-2-3, so betweenness 0 2 2 0 (unweighted it would be
 * 1/2 each: two equal ways round the square).
 * closeness of 0: distances 0.65625, 1.3125, 2.625, mean 1.53125 -> 32/49.
 * strength: 4.5, 8, 6, 2.5. */
Test(centrality, weighted_distances)
{
    const pair_km pairs[] = {{0, 1, 4}, {0, 3, 0.5}, {1, 2, 4}, {2, 3, 2}};
    rg_graph *g = make_graph(4, pairs, 4);
    rg_centrality *c = compute(g, 0);
    rg_centrality *u = compute(g, 1);
    const double betw[] = {0, 2, 2, 0}, strength[] = {4.5, 8, 6, 2.5},
                 half[] = {0.5, 0.5, 0.5, 0.5};
    expect(c, RG_MEASURE_BETWEENNESS, betw, 4);
    expect(c, RG_MEASURE_STRENGTH, strength, 4);
    expect(u, RG_MEASURE_BETWEENNESS, half, 4);
    cr_assert_float_eq(rg_centrality_value(c, 0, RG_MEASURE_CLOSENESS), 32.0 / 49, EPS);
    cr_assert_eq(rg_centrality_used_options(c)->unweighted, 0);
    rg_centrality_free(c);
    rg_centrality_free(u);
    rg_graph_free(g);
}

/* Path 0-1-2 where 1-2 touches at a corner only (km 0). mean strength 1: distance 0-1 = 1/2,
 * 1-2 = 1 (kept one step, not infinite). closeness: 0 at 0.5, 1.5 -> 1; 1 at 0.5, 1 -> 4/3;
 * 2 at 1, 1.5 -> 4/5. harmonic of 2: (1 + 1/1.5) / 2 = 5/6. strength of 2: 0. */
Test(centrality, corner_contact)
{
    const pair_km pairs[] = {{0, 1, 2}, {1, 2, 0}};
    rg_graph *g = make_graph(3, pairs, 2);
    rg_centrality *c = compute(g, 0);
    const double clos[] = {1, 4.0 / 3, 0.8}, strength[] = {2, 2, 0};
    expect(c, RG_MEASURE_CLOSENESS, clos, 3);
    expect(c, RG_MEASURE_STRENGTH, strength, 3);
    cr_assert_float_eq(rg_centrality_value(c, 2, RG_MEASURE_HARMONIC), 5.0 / 6, EPS);
    for (size_t v = 0; v < 3; v++)
        for (int m = 0; m < RG_MEASURE_COUNT; m++)
            cr_assert(isfinite(rg_centrality_value(c, v, (rg_measure)m)));
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* A graph with no edges at all: everything isolated, all finite, one community per node. */
Test(centrality, no_edges)
{
    rg_graph *g = make_graph(3, NULL, 0);
    rg_centrality *c = compute(g, 0);
    const double iso[] = {1, 1, 1}, zero[] = {0, 0, 0}, comp[] = {0, 1, 2};
    expect(c, RG_MEASURE_ISOLATED, iso, 3);
    expect(c, RG_MEASURE_CLOSENESS, zero, 3);
    expect(c, RG_MEASURE_EIGENVECTOR, zero, 3);
    expect(c, RG_MEASURE_COMPONENT, comp, 3);
    expect(c, RG_MEASURE_LEIDEN, comp, 3);
    cr_assert_eq(rg_centrality_modularity(c, RG_MEASURE_LEIDEN), 0.0);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* The same seed gives the same partition twice (on a graph with a real choice to make: two
 * 4-cliques joined by one edge, plus a ring of six). */
Test(centrality, seeded_communities_repeat)
{
    pair_km pairs[32];
    size_t m = 0;
    for (size_t base = 0; base < 8; base += 4)
        for (size_t a = base; a < base + 4; a++)
            for (size_t b = a + 1; b < base + 4; b++)
                pairs[m++] = (pair_km){a, b, 1};
    pairs[m++] = (pair_km){3, 4, 1};
    for (size_t a = 8; a < 14; a++)
        pairs[m++] = (pair_km){a == 13 ? 8 : a, a == 13 ? 13 : a + 1, 1};
    rg_graph *g = make_graph(14, pairs, m);
    rg_centrality *c1 = compute(g, 1), *c2 = compute(g, 1);
    for (size_t v = 0; v < 14; v++) {
        cr_assert_eq(rg_centrality_value(c1, v, RG_MEASURE_LEIDEN),
                     rg_centrality_value(c2, v, RG_MEASURE_LEIDEN));
        cr_assert_eq(rg_centrality_value(c1, v, RG_MEASURE_LOUVAIN),
                     rg_centrality_value(c2, v, RG_MEASURE_LOUVAIN));
    }
    /* The two cliques are each one community. */
    for (size_t v = 1; v < 4; v++)
        cr_assert_eq(rg_centrality_value(c1, v, RG_MEASURE_LEIDEN),
                     rg_centrality_value(c1, 0, RG_MEASURE_LEIDEN));
    cr_assert_neq(rg_centrality_value(c1, 4, RG_MEASURE_LEIDEN),
                  rg_centrality_value(c1, 0, RG_MEASURE_LEIDEN));
    cr_assert_float_eq(rg_centrality_modularity(c1, RG_MEASURE_LEIDEN),
                       rg_centrality_modularity(c2, RG_MEASURE_LEIDEN), 0);
    rg_centrality_free(c1);
    rg_centrality_free(c2);
    rg_graph_free(g);
}

static void count_steps(const char *step, void *data)
{
    (void)step;
    (*(int *)data)++;
}

/* Progress is reported before each measure; a bad level or option is an error in the slot. */
Test(centrality, progress_and_errors)
{
    const pair_km pairs[] = {{0, 1, 1}};
    rg_graph *g = make_graph(2, pairs, 1);
    rg_centrality_options o;
    rg_centrality *c = NULL;
    int steps = 0;
    memset(&o, 0, sizeof o);
    o.progress = count_steps;
    o.progress_data = &steps;
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_OK);
    cr_assert_geq(steps, 10);
    cr_assert_eq(rg_centrality_used_options(c)->view, RG_VIEW_ADJACENCY);
    cr_assert_float_eq(rg_centrality_used_options(c)->resolution, 1.0, 0);
    rg_centrality_free(c);

    o.level = "nowhere";
    c = (rg_centrality *)1;
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_ERR_ARG);
    cr_assert_null(c);
    cr_assert(strstr(rg_last_error(), "nowhere"), "%s", rg_last_error());
    o.level = NULL;
    o.betweenness_cutoff = -1;
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_ERR_ARG);
    cr_assert_eq(rg_centrality_compute(g, NULL, NULL), RG_ERR_ARG);

    cr_assert_eq(rg_measure_parse("pagerank"), RG_MEASURE_PAGERANK);
    cr_assert_eq(rg_measure_parse("nope"), -1);
    cr_assert_str_eq(rg_measure_name(RG_MEASURE_LOUVAIN), "louvain");
    rg_graph_free(g);
}

/* A betweenness cutoff counts only short paths: on the path 0-1-2-3 with cutoff 2 (unweighted
 * steps), the pair 0-3 (length 3) no longer passes through 1 and 2 -> 1 1 instead of 2 2. */
Test(centrality, betweenness_cutoff)
{
    const pair_km pairs[] = {{0, 1, 1}, {1, 2, 1}, {2, 3, 1}};
    rg_graph *g = make_graph(4, pairs, 3);
    rg_centrality_options o;
    rg_centrality *c = NULL;
    const double betw[] = {0, 1, 1, 0};
    memset(&o, 0, sizeof o);
    o.unweighted = 1;
    o.betweenness_cutoff = 2;
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_OK, "%s", rg_last_error());
    expect(c, RG_MEASURE_BETWEENNESS, betw, 4);
    cr_assert_float_eq(rg_centrality_used_options(c)->betweenness_cutoff, 2.0, 0);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* Views with coordination, on coverage_fixture.h's hierarchy (prefecture level; nodes A1 0, A2 1,
 * A3 2, B1 3, B2 4, B3 5, AG1 6, AG2 7, AG3 8, AG4 9; see test_network.c for the edges).
 * In the view "all", A1 has 9 edges (adjacent A2, B1, B2; coordinated A2, A3, B1, B2, AG4;
 * jurisdiction AG3) but 6 neighbours {A2, A3, B1, B2, AG3, AG4}: parallel edges are merged, so
 * degree and (always unweighted there) strength are 6. AG1: coordinated AG2, jurisdiction A3,
 * B2, B3 -> 4.
 * In the view "coordination" (weighted by mechanisms shared), A1: A2 2 + A3, B1, B2, AG4 1 each
 * + jurisdiction AG3 1 -> strength 7, degree 6. */
Test(centrality, coordination_views_merge_parallel_edges)
{
    rg_graph *g = fx_graph(1);
    rg_centrality_options o;
    rg_centrality *all = NULL, *coord = NULL;
    memset(&o, 0, sizeof o);
    o.level = "prefectures";
    o.view = RG_VIEW_ALL;
    cr_assert_eq(rg_centrality_compute(g, &o, &all), RG_OK, "%s", rg_last_error());
    o.view = RG_VIEW_COORDINATION;
    cr_assert_eq(rg_centrality_compute(g, &o, &coord), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_network_edge_count(rg_centrality_network(all)), 31);
    cr_assert_float_eq(rg_centrality_value(all, 0, RG_MEASURE_DEGREE), 6, 0);
    cr_assert_float_eq(rg_centrality_value(all, 0, RG_MEASURE_STRENGTH), 6, 0);
    cr_assert_float_eq(rg_centrality_value(all, 6, RG_MEASURE_DEGREE), 4, 0);
    cr_assert_eq(rg_centrality_used_options(all)->unweighted, 1); /* "all" is never weighted */
    cr_assert_str_eq(rg_centrality_used_options(all)->level, "prefectures");
    cr_assert_float_eq(rg_centrality_value(coord, 0, RG_MEASURE_DEGREE), 6, 0);
    cr_assert_float_eq(rg_centrality_value(coord, 0, RG_MEASURE_STRENGTH), 7, 1e-12);
    cr_assert_eq(rg_centrality_used_options(coord)->unweighted, 0);
    /* Every node reaches every other in "all" (AG3 has jurisdiction over all six regions):
     * one component, nothing isolated, no bridge (a parallel pair is never one). */
    cr_assert_eq(rg_centrality_component_count(all), 1);
    for (size_t v = 0; v < 10; v++)
        cr_assert_float_eq(rg_centrality_value(all, v, RG_MEASURE_ISOLATED), 0, 0);
    rg_centrality_free(all);
    rg_centrality_free(coord);
    rg_graph_free(g);
}

/* The cutoff bounds closeness and harmonic centrality too. Path 0-1-2-3, unweighted, cutoff 2:
 * node 0 reaches 1 (1 step) and 2 (2): closeness 1 / mean(1, 2) = 2/3, harmonic (1 + 1/2) / 3
 * = 1/2; node 1 reaches all three (1, 1, 2): closeness 3/4, harmonic (1 + 1 + 1/2) / 3 = 5/6.
 * A measure skipped stays 0 while the others are computed. */
Test(centrality, the_cutoff_bounds_closeness_and_harmonic)
{
    const pair_km pairs[] = {{0, 1, 1}, {1, 2, 1}, {2, 3, 1}};
    rg_graph *g = make_graph(4, pairs, 3);
    rg_centrality_options o;
    rg_centrality *c = NULL;
    const double clo[] = {2.0 / 3, 0.75, 0.75, 2.0 / 3}, har[] = {0.5, 5.0 / 6, 5.0 / 6, 0.5};
    const double zero[] = {0, 0, 0, 0};
    memset(&o, 0, sizeof o);
    o.unweighted = 1;
    o.betweenness_cutoff = 2;
    o.skip = 1u << RG_MEASURE_BETWEENNESS;
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_OK, "%s", rg_last_error());
    expect(c, RG_MEASURE_CLOSENESS, clo, 4);
    expect(c, RG_MEASURE_HARMONIC, har, 4);
    expect(c, RG_MEASURE_BETWEENNESS, zero, 4);
    /* a centrality with a measure skipped cannot be stored */
    cr_assert_eq(rg_centrality_store(g, c), RG_ERR_ARG);
    rg_centrality_free(c);
    rg_graph_free(g);
}

static char warned[512];
static void keep_warning(const char *message, void *data)
{
    (void)data;
    snprintf(warned, sizeof warned, "%s", message);
}

/* Above RG_CENTRALITY_EXACT_MAX nodes the path measures count paths up to 3 by default, and
 * say so: on a 71 x 71 grid (5041 nodes, every border 1 km) the default gives exactly what an
 * explicit cutoff of 3 gives. The centre (node 2520) lies on the shortest paths between pairs
 * up to 3 apart through it; exact, on paths across the whole grid, far more. */
Test(centrality, a_large_network_gets_the_automatic_cutoff)
{
    enum { SIDE = 71, N = SIDE * SIDE };
    pair_km *pairs = malloc(2 * N * sizeof *pairs);
    size_t m = 0;
    rg_graph *g;
    rg_centrality_options o;
    rg_centrality *c = NULL, *explicit3 = NULL;
    double centre;
    for (size_t i = 0; i < N; i++) {
        if (i % SIDE + 1 < SIDE)
            pairs[m++] = (pair_km){i, i + 1, 1};
        if (i + SIDE < N)
            pairs[m++] = (pair_km){i, i + SIDE, 1};
    }
    g = make_graph(N, pairs, m);
    free(pairs);
    memset(&o, 0, sizeof o);
    o.skip = (1u << RG_MEASURE_CLOSENESS) | (1u << RG_MEASURE_HARMONIC);
    warned[0] = '\0';
    rg_set_warning_handler(keep_warning, NULL);
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_OK, "%s", rg_last_error());
    rg_set_warning_handler(NULL, NULL);
    cr_assert(strstr(warned, "5041 nodes") && strstr(warned, "up to length 3"), "%s", warned);
    cr_assert_float_eq(rg_centrality_used_options(c)->betweenness_cutoff, 3.0, 0);
    o.betweenness_cutoff = 3;
    cr_assert_eq(rg_centrality_compute(g, &o, &explicit3), RG_OK, "%s", rg_last_error());
    for (size_t v = 0; v < N; v++)
        cr_assert_eq(rg_centrality_value(c, v, RG_MEASURE_BETWEENNESS),
                     rg_centrality_value(explicit3, v, RG_MEASURE_BETWEENNESS));
    centre = rg_centrality_value(c, 2520, RG_MEASURE_BETWEENNESS);
    cr_assert(centre > 0);
    rg_centrality_free(c);
    rg_centrality_free(explicit3);

    o.betweenness_cutoff = 0;
    o.exact = 1;
    warned[0] = '\0';
    rg_set_warning_handler(keep_warning, NULL);
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_OK, "%s", rg_last_error());
    rg_set_warning_handler(NULL, NULL);
    cr_assert_str_eq(warned, "");
    cr_assert_float_eq(rg_centrality_used_options(c)->betweenness_cutoff, 0.0, 0);
    cr_assert(rg_centrality_value(c, 2520, RG_MEASURE_BETWEENNESS) > 100 * centre);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* Stored measures serve a later computation with the same options, and only then: the values,
 * communities, bridges and components come back as computed. */
Test(centrality, stored_measures_serve_the_same_options_only)
{
    const pair_km pairs[] = {{0, 1, 1}, {1, 2, 2}, {2, 3, 1}, {0, 2, 0.5}};
    rg_graph *g = make_graph(5, pairs, 4); /* node 4 isolated */
    rg_centrality_options o;
    rg_centrality *first = NULL, *again = NULL;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    cr_assert_eq(rg_centrality_compute(g, &o, &first), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_centrality_was_stored(first), 0);
    cr_assert_eq(rg_centrality_store(g, first), RG_OK, "%s", rg_last_error());
    o.skip = 1u << RG_MEASURE_HARMONIC; /* asking for less is served too */
    cr_assert_eq(rg_centrality_compute(g, &o, &again), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_centrality_was_stored(again), 1);
    for (size_t v = 0; v < 5; v++)
        for (int m = 0; m < RG_MEASURE_COUNT; m++)
            cr_assert_eq(rg_centrality_value(again, v, (rg_measure)m),
                         rg_centrality_value(first, v, (rg_measure)m), "node %zu %s", v,
                         rg_measure_name((rg_measure)m));
    cr_assert_eq(rg_centrality_bridge_count(again), rg_centrality_bridge_count(first));
    cr_assert_eq(rg_centrality_bridge_count(again), 1); /* 2-3 */
    cr_assert_eq(rg_centrality_bridges(again)[0], rg_centrality_bridges(first)[0]);
    cr_assert_eq(rg_centrality_component_count(again), 2);
    cr_assert_eq(rg_centrality_community_count(again, RG_MEASURE_LEIDEN),
                 rg_centrality_community_count(first, RG_MEASURE_LEIDEN));
    cr_assert_eq(rg_centrality_modularity(again, RG_MEASURE_LOUVAIN),
                 rg_centrality_modularity(first, RG_MEASURE_LOUVAIN));
    rg_centrality_free(again);
    again = NULL;
    o.seed = 2; /* other options: computed */
    cr_assert_eq(rg_centrality_compute(g, &o, &again), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_centrality_was_stored(again), 0);
    rg_centrality_free(again);
    again = NULL;
    o.seed = 1;
    o.unweighted = 1;
    cr_assert_eq(rg_centrality_compute(g, &o, &again), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_centrality_was_stored(again), 0);
    rg_centrality_free(again);
    rg_centrality_free(first);
    rg_graph_free(g);
}
