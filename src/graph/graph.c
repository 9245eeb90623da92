/* The graph: regions, their adjacency and coordination, held with an igraph network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "regiongraph/coordination.h"
#include "regiongraph/graph.h"
#include "graph/measures_internal.h"

struct rg_graph {
    rg_regions *regions;
    rg_adjacency *adjacency;
    igraph_t g;
    int have_g;
    /* Filled on the first rg_graph_node_degrees() call: most callers (write, read) never need
     * them, and report/export ask repeatedly. */
    size_t *degree;
    double *border_km;
    rg_coordination *coordination; /* NULL when none is attached */
    char *default_level;           /* NULL: the lowest level */
    rg_i_measures *measures;       /* NULL: none stored (measures_internal.h) */
};

rg_status rg_graph_new(rg_regions *regions, rg_adjacency *adjacency, rg_graph **out)
{
    rg_graph *graph = NULL;
    igraph_vector_int_t edges;
    int have_edges = 0;
    size_t n, m, k;
    rg_status st = RG_OK;

    rg_i_library_init();
    *out = NULL;
    if (!regions || !adjacency) {
        st = rg_i_error(RG_ERR_ARG, "rg_graph_new: regions and adjacency are required");
        goto cleanup;
    }
    n = rg_regions_count(regions);
    m = rg_adjacency_count(adjacency);
    for (k = 0; k < m; k++) {
        if (adjacency->a[k] >= n || adjacency->b[k] >= n || adjacency->a[k] == adjacency->b[k]) {
            st = rg_i_error(RG_ERR_ARG, "rg_graph_new: pair %zu (%zu, %zu) does not join two of "
                            "the %zu regions", k, adjacency->a[k], adjacency->b[k], n);
            goto cleanup;
        }
    }
    if (!(graph = calloc(1, sizeof *graph))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * m)) != IGRAPH_SUCCESS) {
        st = RG_ERR_GRAPH;
        goto cleanup;
    }
    have_edges = 1;
    for (k = 0; k < m; k++) {
        VECTOR(edges)[2 * k] = (igraph_integer_t)adjacency->a[k];
        VECTOR(edges)[2 * k + 1] = (igraph_integer_t)adjacency->b[k];
    }
    if (igraph_create(&graph->g, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED) !=
        IGRAPH_SUCCESS) {
        st = RG_ERR_GRAPH;
        goto cleanup;
    }
    graph->have_g = 1;
    graph->regions = regions;
    graph->adjacency = adjacency;
    regions = NULL;
    adjacency = NULL;
    *out = graph;
    graph = NULL;
cleanup:
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    rg_graph_free(graph);
    rg_regions_free(regions);
    rg_adjacency_free(adjacency);
    return st;
}

void rg_graph_free(rg_graph *graph)
{
    if (!graph)
        return;
    if (graph->have_g)
        igraph_destroy(&graph->g);
    rg_regions_free(graph->regions);
    rg_adjacency_free(graph->adjacency);
    free(graph->degree);
    free(graph->border_km);
    rg_coordination_free(graph->coordination);
    free(graph->default_level);
    rg_i_measures_free(graph->measures);
    free(graph);
}

void rg_i_measures_free(rg_i_measures *m)
{
    if (!m)
        return;
    free(m->key);
    free(m->values);
    free(m->extra);
    free(m);
}

rg_status rg_i_graph_set_measures(rg_graph *graph, const char *key, size_t rows, size_t cols,
                                  const double *values, const char *extra)
{
    rg_i_measures *m = calloc(1, sizeof *m);
    if (!m || !(m->key = rg_i_strdup(key)) || !(m->extra = rg_i_strdup(extra ? extra : "")) ||
        !(m->values = rg_i_calloc_array(rows * cols + 1, sizeof *m->values))) {
        rg_i_measures_free(m);
        return RG_I_NOMEM();
    }
    m->rows = rows;
    m->cols = cols;
    if (rows * cols > 0)
        memcpy(m->values, values, rows * cols * sizeof *values);
    rg_i_measures_free(graph->measures);
    graph->measures = m;
    return RG_OK;
}

const rg_i_measures *rg_i_graph_measures(const rg_graph *graph)
{
    return graph->measures;
}

const rg_regions *rg_graph_regions(const rg_graph *graph) { return graph->regions; }
const rg_adjacency *rg_graph_adjacency(const rg_graph *graph) { return graph->adjacency; }
size_t rg_graph_node_count(const rg_graph *graph) { return (size_t)igraph_vcount(&graph->g); }
size_t rg_graph_edge_count(const rg_graph *graph) { return (size_t)igraph_ecount(&graph->g); }

rg_status rg_graph_node_degrees(rg_graph *graph, const size_t **degree, const double **border_km)
{
    igraph_vector_int_t deg;
    igraph_vector_t strength, weights;
    int have_deg = 0, have_strength = 0, have_weights = 0;
    size_t *d = NULL;
    double *s = NULL;
    size_t n, m, i;
    rg_status st = RG_OK;

    rg_i_library_init();
    if (graph->degree)
        goto done;
    n = rg_graph_node_count(graph);
    m = rg_graph_edge_count(graph);
    if (!(d = rg_i_malloc_array(n, sizeof *d)) || !(s = rg_i_malloc_array(n, sizeof *s))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (igraph_vector_int_init(&deg, 0) != IGRAPH_SUCCESS) {
        st = RG_ERR_GRAPH;
        goto cleanup;
    }
    have_deg = 1;
    if (igraph_vector_init(&strength, 0) != IGRAPH_SUCCESS) {
        st = RG_ERR_GRAPH;
        goto cleanup;
    }
    have_strength = 1;
    /* A copy rather than a view on adjacency->km: a view of a zero-length NULL array is not
     * something igraph promises to accept, and m doubles are cheap next to the graph. */
    if (igraph_vector_init(&weights, (igraph_integer_t)m) != IGRAPH_SUCCESS) {
        st = RG_ERR_GRAPH;
        goto cleanup;
    }
    have_weights = 1;
    for (i = 0; i < m; i++)
        VECTOR(weights)[i] = graph->adjacency->km[i];
    if (igraph_degree(&graph->g, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS) !=
            IGRAPH_SUCCESS ||
        igraph_strength(&graph->g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS,
                        &weights) != IGRAPH_SUCCESS) {
        st = RG_ERR_GRAPH;
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        d[i] = (size_t)VECTOR(deg)[i];
        s[i] = VECTOR(strength)[i];
    }
    graph->degree = d;
    graph->border_km = s;
    d = NULL;
    s = NULL;
done:
    if (degree)
        *degree = graph->degree;
    if (border_km)
        *border_km = graph->border_km;
cleanup:
    if (have_deg)
        igraph_vector_int_destroy(&deg);
    if (have_strength)
        igraph_vector_destroy(&strength);
    if (have_weights)
        igraph_vector_destroy(&weights);
    free(d);
    free(s);
    return st;
}

/* Member ids name regions of any level, so the lookup is the layer's id index. */
static int region_exists(const char *id, void *user_data)
{
    return rg_regions_find(user_data, id) >= 0;
}

rg_status rg_graph_set_coordination(rg_graph *graph, rg_coordination *coordination)
{
    rg_status st = RG_OK;
    rg_i_library_init();
    if (!graph) {
        st = rg_i_error(RG_ERR_ARG, "rg_graph_set_coordination: graph is required");
        goto cleanup;
    }
    /* The id index is built first: failing to build it inside the lookup would read as "no such
     * region" instead of the failure it is. */
    if (coordination && ((st = rg_i_regions_index(graph->regions)) != RG_OK ||
                         (st = rg_coordination_resolve(coordination, region_exists,
                                                       graph->regions)) != RG_OK))
        goto cleanup;
    rg_coordination_free(graph->coordination);
    graph->coordination = coordination;
    coordination = NULL;
cleanup:
    rg_coordination_free(coordination);
    return st;
}

const rg_coordination *rg_graph_coordination(const rg_graph *graph)
{
    return graph ? graph->coordination : NULL;
}

rg_status rg_graph_set_default_level(rg_graph *graph, const char *level)
{
    char *copy = NULL, names[512];
    size_t k, len = 0, nlevels;
    if (!graph)
        return rg_i_error(RG_ERR_ARG, "rg_graph_set_default_level: graph is required");
    if (level) {
        if (rg_regions_level_index(graph->regions, level) < 0) {
            nlevels = rg_regions_level_count(graph->regions);
            names[0] = '\0';
            for (k = 0; k < nlevels && len + 4 < sizeof names; k++) {
                int w = snprintf(names + len, sizeof names - len, "%s%s", k ? ", " : "",
                                 rg_regions_level_name(graph->regions, k));
                if (w < 0 || (size_t)w >= sizeof names - len) {
                    memcpy(names + sizeof names - 4, "...", 4);
                    break;
                }
                len += (size_t)w;
            }
            return rg_i_error(RG_ERR_ARG, "level '%s' is not a level of the regions (levels are: "
                              "%s)", level, names);
        }
        if (!(copy = rg_i_strdup(level)))
            return rg_i_error(RG_ERR_NOMEM, "out of memory");
    }
    free(graph->default_level);
    graph->default_level = copy;
    return RG_OK;
}

const char *rg_graph_default_level(const rg_graph *graph)
{
    return graph ? graph->default_level : NULL;
}
