/* rg-centrality-dump: every centrality measure of a graph file as CSV, for the peer check
 * (tests/peer/test_centrality_peer.py), which compares them with python-igraph and networkx.
 *
 * usage: rg-centrality-dump GRAPH.gpkg [--level L] [--view adjacency|coordination|all]
 *                           [--unweighted] [--cutoff X] [--seed N] [--resolution R]
 *
 * Output: a header line, then one row per network node: node,kind,id,<every measure>, values
 * with 17 significant digits so that nothing is lost; then lines starting with '#':
 *   # components N
 *   # community leiden|louvain COUNT MODULARITY
 *   # bridge ID_A ID_B          (one per bridge, node ids)
 * Ids are region or agency ids (the shipped data and fixtures have no commas in them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regiongraph/centrality.h"
#include "regiongraph/coordination.h"
#include "regiongraph/graph.h"
#include "regiongraph/regions.h"
#include "regiongraph/status.h"

static const char *node_id(const rg_graph *g, const rg_network *net, size_t v, const char **kind)
{
    rg_node_kind k;
    size_t index;
    rg_network_node(net, v, &k, &index);
    if (k == RG_NODE_AGENCY) {
        *kind = "agency";
        return rg_coordination_agency_id(rg_graph_coordination(g), index);
    }
    *kind = "region";
    return rg_regions_id(rg_graph_regions(g), index);
}

static void progress(const char *step, void *data)
{
    (void)data;
    fprintf(stderr, "rg-centrality-dump: %s\n", step);
}

int main(int argc, char **argv)
{
    rg_centrality_options o;
    rg_graph *g = NULL;
    rg_centrality *c = NULL;
    const char *path = NULL;
    int verbose = 0, rc = 1;

    memset(&o, 0, sizeof o);
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *next = k + 1 < argc ? argv[k + 1] : NULL;
        if (strcmp(a, "--level") == 0 && next) {
            o.level = next;
            k++;
        } else if (strcmp(a, "--view") == 0 && next) {
            o.view = strcmp(next, "coordination") == 0 ? RG_VIEW_COORDINATION
                     : strcmp(next, "all") == 0        ? RG_VIEW_ALL
                                                       : RG_VIEW_ADJACENCY;
            k++;
        } else if (strcmp(a, "--unweighted") == 0) {
            o.unweighted = 1;
        } else if (strcmp(a, "--cutoff") == 0 && next) {
            o.betweenness_cutoff = strtod(next, NULL);
            k++;
        } else if (strcmp(a, "--seed") == 0 && next) {
            o.seed = strtoul(next, NULL, 10);
            k++;
        } else if (strcmp(a, "--resolution") == 0 && next) {
            o.resolution = strtod(next, NULL);
            k++;
        } else if (strcmp(a, "-v") == 0) {
            verbose = 1;
        } else if (!path && a[0] != '-') {
            path = a;
        } else {
            fprintf(stderr, "rg-centrality-dump: unknown argument '%s'\n", a);
            return 2;
        }
    }
    if (!path) {
        fputs("usage: rg-centrality-dump GRAPH.gpkg [--level L] [--view V] [--unweighted] "
              "[--cutoff X] [--seed N] [--resolution R] [-v]\n", stderr);
        return 2;
    }
    if (verbose)
        o.progress = progress;
    if (rg_graph_read(path, &g) != RG_OK || rg_centrality_compute(g, &o, &c) != RG_OK) {
        fprintf(stderr, "rg-centrality-dump: %s\n", rg_last_error());
        goto cleanup;
    }
    {
        const rg_network *net = rg_centrality_network(c);
        size_t n = rg_network_node_count(net);
        printf("node,kind,id");
        for (int m = 0; m < RG_MEASURE_COUNT; m++)
            printf(",%s", rg_measure_name((rg_measure)m));
        putchar('\n');
        for (size_t v = 0; v < n; v++) {
            const char *kind;
            const char *id = node_id(g, net, v, &kind);
            printf("%zu,%s,%s", v, kind, id);
            for (int m = 0; m < RG_MEASURE_COUNT; m++)
                printf(",%.17g", rg_centrality_value(c, v, (rg_measure)m));
            putchar('\n');
        }
        printf("# components %zu\n", rg_centrality_component_count(c));
        printf("# community leiden %zu %.17g\n",
               rg_centrality_community_count(c, RG_MEASURE_LEIDEN),
               rg_centrality_modularity(c, RG_MEASURE_LEIDEN));
        printf("# community louvain %zu %.17g\n",
               rg_centrality_community_count(c, RG_MEASURE_LOUVAIN),
               rg_centrality_modularity(c, RG_MEASURE_LOUVAIN));
        for (size_t k = 0; k < rg_centrality_bridge_count(c); k++) {
            size_t from, to;
            const char *kind;
            rg_network_edge(net, rg_centrality_bridges(c)[k], &from, &to, NULL, NULL, NULL);
            printf("# bridge %s", node_id(g, net, from, &kind));
            printf(" %s\n", node_id(g, net, to, &kind));
        }
    }
    rc = 0;
cleanup:
    rg_centrality_free(c);
    rg_graph_free(g);
    return rc;
}
