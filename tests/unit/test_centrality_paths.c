/* Range-limited closeness and harmonic centrality (analysis/centrality_paths.c) against a hand
 * calculation and against igraph's own *_cutoff functions, which they replace for speed. */
#include <criterion/criterion.h>
#include <igraph.h>
#include <math.h>
#include <stdlib.h>

#include "analysis/centrality_paths_internal.h"
#include "leak_check.h"

RG_TEST_SUITE(centrality_paths);

/* Path 0 -1- 1 -2- 2 -0.5- 3 with lengths 1, 2, 0.5 and cutoff 3:
 * node 0 reaches 1 (1) and 2 (3), not 3 (3.5): closeness 2 / 4 = 0.5, harmonic (1 + 1/3) / 3;
 * node 1 reaches 0 (1), 2 (2), 3 (2.5): closeness 3 / 5.5, harmonic (1 + 0.5 + 0.4) / 3;
 * node 2 reaches 3 (0.5), 1 (2), 0 (3): closeness 3 / 5.5, harmonic (2 + 0.5 + 1/3) / 3;
 * node 3 reaches 2 (0.5), 1 (2.5): closeness 2 / 3, harmonic (2 + 0.4) / 3. */
Test(centrality_paths, a_weighted_path_by_hand)
{
    size_t from[] = {0, 1, 2}, to[] = {1, 2, 3};
    double len[] = {1, 2, 0.5}, cl[4], hm[4];
    cr_assert_eq(rg_i_path_measures_cutoff(4, 3, from, to, len, 3.0, cl, hm), RG_OK);
    cr_assert_float_eq(cl[0], 0.5, 1e-15);
    cr_assert_float_eq(cl[1], 3 / 5.5, 1e-15);
    cr_assert_float_eq(cl[2], 3 / 5.5, 1e-15);
    cr_assert_float_eq(cl[3], 2 / 3.0, 1e-15);
    cr_assert_float_eq(hm[0], (1 + 1 / 3.0) / 3, 1e-15);
    cr_assert_float_eq(hm[1], 1.9 / 3, 1e-15);
    cr_assert_float_eq(hm[2], (2.5 + 1 / 3.0) / 3, 1e-15);
    cr_assert_float_eq(hm[3], 2.4 / 3, 1e-15);
}

/* An isolated node reaches nothing: closeness NaN (as igraph), harmonic 0. */
Test(centrality_paths, an_isolated_node)
{
    size_t from[] = {0}, to[] = {1};
    double len[] = {1}, cl[3], hm[3];
    cr_assert_eq(rg_i_path_measures_cutoff(3, 1, from, to, len, 3.0, cl, hm), RG_OK);
    cr_assert(isnan(cl[2]));
    cr_assert_float_eq(hm[2], 0.0, 0);
    cr_assert_float_eq(cl[0], 1.0, 1e-15);
}

/* Path 0-1-2-3-4, unit lengths, cutoff 2: the paths of length 2 are 0-1-2, 1-2-3, 2-3-4, so
 * nodes 1, 2 and 3 each lie inside one of them; node 0 and 4 on none. */
Test(centrality_paths, betweenness_on_a_path_by_hand)
{
    size_t from[] = {0, 1, 2, 3}, to[] = {1, 2, 3, 4};
    double len[] = {1, 1, 1, 1}, bt[5];
    cr_assert_eq(rg_i_betweenness_cutoff(5, 4, from, to, len, 2.0, bt), RG_OK);
    cr_assert_float_eq(bt[0], 0.0, 0);
    cr_assert_float_eq(bt[1], 1.0, 1e-15);
    cr_assert_float_eq(bt[2], 1.0, 1e-15);
    cr_assert_float_eq(bt[3], 1.0, 1e-15);
    cr_assert_float_eq(bt[4], 0.0, 0);
}

/* A square 0-1-2-3-0 of unit lengths: 0 and 2 are joined by two shortest paths (via 1 and via
 * 3), so 1 and 3 each get 1/2 from that pair and likewise 0 and 2 from the pair 1-3. */
Test(centrality_paths, betweenness_splits_equal_paths)
{
    size_t from[] = {0, 1, 2, 0}, to[] = {1, 2, 3, 3};
    double len[] = {1, 1, 1, 1}, bt[4];
    cr_assert_eq(rg_i_betweenness_cutoff(4, 4, from, to, len, 5.0, bt), RG_OK);
    for (size_t k = 0; k < 4; k++)
        cr_assert_float_eq(bt[k], 0.5, 1e-15);
}

/* Random graphs with random lengths and several cutoffs give igraph's values. */
Test(centrality_paths, the_same_values_as_igraph)
{
    enum { N = 400, M = 1200 };
    size_t from[M], to[M];
    double len[M], cl[N], hm[N], bt[N];
    double cutoffs[] = {0.5, 1.5, 3.0, 7.0, 1e9};
    unsigned long x = 12345;
    igraph_vector_int_t edges;
    igraph_vector_t w, res;
    igraph_t g;
    size_t k, c;
    for (k = 0; k < M; k++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        from[k] = (size_t)(x >> 33) % N;
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        to[k] = (from[k] + 1 + (size_t)(x >> 33) % 7) % N; /* local edges, some far ones below */
        if (k % 50 == 0)
            to[k] = (from[k] + N / 2) % N;
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        len[k] = 0.1 + (double)((x >> 33) % 1000) / 400.0;
    }
    cr_assert_eq(igraph_vector_int_init(&edges, 2 * M), IGRAPH_SUCCESS);
    cr_assert_eq(igraph_vector_init(&w, M), IGRAPH_SUCCESS);
    cr_assert_eq(igraph_vector_init(&res, 0), IGRAPH_SUCCESS);
    for (k = 0; k < M; k++) {
        VECTOR(edges)[2 * k] = (igraph_integer_t)from[k];
        VECTOR(edges)[2 * k + 1] = (igraph_integer_t)to[k];
        VECTOR(w)[k] = len[k];
    }
    cr_assert_eq(igraph_create(&g, &edges, N, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    for (c = 0; c < sizeof cutoffs / sizeof *cutoffs; c++) {
        cr_assert_eq(rg_i_path_measures_cutoff(N, M, from, to, len, cutoffs[c], cl, hm), RG_OK);
        cr_assert_eq(igraph_closeness_cutoff(&g, &res, NULL, NULL, igraph_vss_all(), IGRAPH_ALL,
                                             &w, 1, cutoffs[c]),
                     IGRAPH_SUCCESS);
        for (k = 0; k < N; k++) {
            if (isnan(VECTOR(res)[k]))
                cr_assert(isnan(cl[k]), "node %zu cutoff %g", k, cutoffs[c]);
            else
                cr_assert_float_eq(cl[k], VECTOR(res)[k], 1e-12 * VECTOR(res)[k],
                                   "closeness of %zu, cutoff %g: %.17g vs %.17g", k,
                                   cutoffs[c], cl[k], VECTOR(res)[k]);
        }
        cr_assert_eq(rg_i_betweenness_cutoff(N, M, from, to, len, cutoffs[c], bt), RG_OK);
        cr_assert_eq(igraph_betweenness_cutoff(&g, &res, igraph_vss_all(), 0, &w, cutoffs[c]),
                     IGRAPH_SUCCESS);
        for (k = 0; k < N; k++)
            cr_assert_float_eq(bt[k], VECTOR(res)[k], 1e-10 * VECTOR(res)[k] + 1e-12,
                               "betweenness of %zu, cutoff %g: %.17g vs %.17g", k, cutoffs[c],
                               bt[k], VECTOR(res)[k]);
        cr_assert_eq(igraph_harmonic_centrality_cutoff(&g, &res, igraph_vss_all(), IGRAPH_ALL,
                                                       &w, 1, cutoffs[c]),
                     IGRAPH_SUCCESS);
        for (k = 0; k < N; k++)
            cr_assert_float_eq(hm[k], VECTOR(res)[k], 1e-12 * VECTOR(res)[k] + 1e-300,
                               "harmonic of %zu, cutoff %g: %.17g vs %.17g", k, cutoffs[c],
                               hm[k], VECTOR(res)[k]);
    }
    igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
    igraph_vector_destroy(&w);
    igraph_vector_destroy(&res);
}
