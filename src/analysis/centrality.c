/* Centrality, cohesion and communities of a network view, through igraph.
 *
 * The measures run on a simple graph made from the network: parallel edges (an agency that
 * shares a mechanism with a region and also has jurisdiction over it, or any pair in the view
 * "all") are merged into one edge whose strength is the sum of theirs. Without the merge igraph
 * would count each parallel edge as its own shortest path, doubling betweenness through such
 * pairs, and degree would count edges rather than neighbours. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "analysis/centrality_paths_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/centrality.h"
#include "graph/measures_internal.h"

/* igraph has already written its message into the slot through the handler. */
#define IG(call)                                                                                   \
    do {                                                                                           \
        if ((call) != IGRAPH_SUCCESS) {                                                            \
            st = RG_ERR_GRAPH;                                                                     \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

static const char *const measure_names[RG_MEASURE_COUNT] = {
    "degree",     "strength",  "betweenness", "closeness",    "harmonic",
    "eigenvector", "pagerank", "coreness",    "clustering",   "articulation",
    "component",  "isolated",  "leiden",      "louvain",
};

struct rg_centrality {
    rg_network *net;
    size_t n;
    double *values; /* n * RG_MEASURE_COUNT, row per node */
    size_t ncommunities[2];
    double modularity[2];
    size_t nbridges;
    size_t *bridges;
    size_t ncomponents;
    char *level_name;               /* the level analysed; options.level points here */
    int stored;                     /* 1: taken from the measures stored with the graph */
    rg_centrality_options options;
};

const char *rg_measure_name(rg_measure measure)
{
    if ((int)measure < 0 || measure >= RG_MEASURE_COUNT)
        return "unknown";
    return measure_names[measure];
}

int rg_measure_parse(const char *name)
{
    if (!name)
        return -1;
    for (int k = 0; k < RG_MEASURE_COUNT; k++)
        if (strcmp(name, measure_names[k]) == 0)
            return k;
    return -1;
}

void rg_centrality_free(rg_centrality *c)
{
    if (!c)
        return;
    rg_network_free(c->net);
    free(c->values);
    free(c->bridges);
    free(c->level_name);
    free(c);
}

const rg_network *rg_centrality_network(const rg_centrality *c)
{
    return c->net;
}

double rg_centrality_value(const rg_centrality *c, size_t v, rg_measure measure)
{
    if (v >= c->n || (int)measure < 0 || measure >= RG_MEASURE_COUNT)
        return 0;
    return c->values[v * RG_MEASURE_COUNT + measure];
}

size_t rg_centrality_community_count(const rg_centrality *c, rg_measure which)
{
    return which == RG_MEASURE_LOUVAIN ? c->ncommunities[1] : c->ncommunities[0];
}

double rg_centrality_modularity(const rg_centrality *c, rg_measure which)
{
    return which == RG_MEASURE_LOUVAIN ? c->modularity[1] : c->modularity[0];
}

size_t rg_centrality_bridge_count(const rg_centrality *c)
{
    return c->nbridges;
}

const size_t *rg_centrality_bridges(const rg_centrality *c)
{
    return c->bridges;
}

size_t rg_centrality_component_count(const rg_centrality *c)
{
    return c->ncomponents;
}

const rg_centrality_options *rg_centrality_used_options(const rg_centrality *c)
{
    return &c->options;
}

/* ---- stored measures (build computes them once, the graph file keeps them) ---------------- */

/* What the values depend on, resolved (automatic cutoff applied), and the network's size. */
static char *store_key(const rg_centrality *c)
{
    const rg_centrality_options *o = &c->options;
    char buf[512];
    snprintf(buf, sizeof buf,
             "centrality 1; level %s; view %d; unweighted %d; cutoff %.17g; seed %lu; "
             "resolution %.17g; nodes %zu; edges %zu",
             c->level_name ? c->level_name : "", (int)o->view, o->unweighted,
             o->betweenness_cutoff, o->seed, o->resolution, c->n,
             rg_network_edge_count(c->net));
    return rg_i_strdup(buf);
}

rg_status rg_centrality_store(rg_graph *graph, const rg_centrality *c)
{
    char *key = NULL, *extra = NULL;
    size_t k, len;
    rg_status st = RG_OK;
    if (!graph || !c)
        return rg_i_error(RG_ERR_ARG, "centrality: no graph or no centrality to store");
    if (c->options.skip)
        return rg_i_error(RG_ERR_ARG, "centrality: only a centrality with every measure can be "
                                      "stored");
    len = 128 + 24 * c->nbridges;
    if (!(key = store_key(c)) || !(extra = malloc(len))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    k = (size_t)snprintf(extra, len, "%zu %.17g %zu %.17g %zu %zu", c->ncommunities[0],
                         c->modularity[0], c->ncommunities[1], c->modularity[1],
                         c->ncomponents, c->nbridges);
    for (size_t b = 0; b < c->nbridges && k < len; b++)
        k += (size_t)snprintf(extra + k, len - k, " %zu", c->bridges[b]);
    st = rg_i_graph_set_measures(graph, key, c->n, RG_MEASURE_COUNT, c->values, extra);
cleanup:
    free(key);
    free(extra);
    return st;
}

int rg_centrality_was_stored(const rg_centrality *c)
{
    return c ? c->stored : 0;
}

/* Fills c from the graph's stored measures when they hold for c's options and network; 1 when
 * it did, 0 when they are absent, for other options, or unreadable (then computed as usual). */
static int restore(const rg_graph *graph, rg_centrality *c, rg_status *st)
{
    const rg_i_measures *m = rg_i_graph_measures(graph);
    char *key = NULL, *end;
    const char *p;
    unsigned long long u[4];
    double d[2];
    size_t b;
    int ok = 0;
    *st = RG_OK;
    if (!m || m->rows != c->n || m->cols != RG_MEASURE_COUNT)
        return 0;
    if (!(key = store_key(c))) {
        *st = RG_I_NOMEM();
        return 0;
    }
    if (strcmp(key, m->key) != 0)
        goto cleanup;
    p = m->extra;
    u[0] = strtoull(p, &end, 10);
    d[0] = strtod(end, &end);
    u[1] = strtoull(end, &end, 10);
    d[1] = strtod(end, &end);
    u[2] = strtoull(end, &end, 10);
    u[3] = strtoull(end, &end, 10);
    if (end == p || u[3] > (unsigned long long)rg_network_edge_count(c->net))
        goto cleanup;
    if (u[3] && !(c->bridges = rg_i_calloc_array((size_t)u[3], sizeof *c->bridges))) {
        *st = RG_I_NOMEM();
        goto cleanup;
    }
    for (b = 0; b < (size_t)u[3]; b++) {
        p = end;
        c->bridges[b] = (size_t)strtoull(p, &end, 10);
        if (end == p)
            goto cleanup;
    }
    c->ncommunities[0] = (size_t)u[0];
    c->modularity[0] = d[0];
    c->ncommunities[1] = (size_t)u[1];
    c->modularity[1] = d[1];
    c->ncomponents = (size_t)u[2];
    c->nbridges = (size_t)u[3];
    memcpy(c->values, m->values, c->n * RG_MEASURE_COUNT * sizeof *c->values);
    c->options.skip = 0;
    c->stored = ok = 1;
cleanup:
    if (!ok) {
        free(c->bridges);
        c->bridges = NULL;
    }
    free(key);
    return ok;
}

/* ---- working state ------------------------------------------------------------------------- */

typedef struct work {
    rg_centrality *c;
    size_t n, m;            /* nodes, merged edges */
    igraph_t g;             /* the simple graph */
    int have_g;
    igraph_vector_t strength_w; /* per merged edge: strength (summed) */
    igraph_vector_t distance_w; /* per merged edge: distance */
    int have_w;
    int weighted;
    size_t *first_edge;     /* per merged edge: the lowest network edge index merged into it */
    size_t *multiplicity;   /* per merged edge: how many network edges it stands for */
    igraph_vector_int_t membership; /* components */
    int have_membership;
    size_t ncomp;
} work;

static void set(work *w, size_t v, rg_measure m, double x)
{
    /* No NaN or infinity ever leaves: igraph gives NaN for closeness of isolated nodes. */
    w->c->values[v * RG_MEASURE_COUNT + m] = isfinite(x) ? x : 0.0;
}

static void progress(const rg_centrality_options *o, const char *step)
{
    if (o->progress)
        o->progress(step, o->progress_data);
}

typedef struct edge_key {
    size_t from, to, index;
    double strength;
} edge_key;

/* By endpoints, then by network index, so that the first of a run is the lowest index. */
static int edge_cmp(const void *x, const void *y)
{
    const edge_key *a = x, *b = y;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Merges parallel edges of the network into the simple graph and derives the two weight
 * vectors. O(m log m). */
static rg_status make_simple(work *w)
{
    const rg_network *net = w->c->net;
    size_t mnet = rg_network_edge_count(net), k, j;
    edge_key *keys = NULL;
    double *wt = NULL, total = 0, mean;
    igraph_vector_int_t edges;
    int have_edges = 0;
    rg_status st = RG_OK;

    if (!(keys = rg_i_malloc_array(mnet + 1, sizeof *keys)) ||
        !(wt = rg_i_malloc_array(mnet + 1, sizeof *wt)) ||
        !(w->first_edge = rg_i_malloc_array(mnet + 1, sizeof *w->first_edge)) ||
        !(w->multiplicity = rg_i_malloc_array(mnet + 1, sizeof *w->multiplicity))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < mnet; k++) {
        rg_network_edge(net, k, &keys[k].from, &keys[k].to, NULL, &keys[k].strength, NULL);
        keys[k].index = k;
    }
    if (mnet > 1)
        qsort(keys, mnet, sizeof *keys, edge_cmp);
    /* Runs of equal endpoints become one edge; writing slot m while reading slot k >= m is
     * safe because a run's first key is read before any write at or after its position. */
    w->m = 0;
    for (k = 0; k < mnet; k = j) {
        edge_key first = keys[k];
        double sum = 0;
        for (j = k; j < mnet && keys[j].from == first.from && keys[j].to == first.to; j++)
            sum += keys[j].strength;
        w->first_edge[w->m] = first.index;
        w->multiplicity[w->m] = j - k;
        keys[w->m] = first;
        wt[w->m] = sum;
        w->m++;
    }

    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * w->m)) != IGRAPH_SUCCESS) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    have_edges = 1;
    for (k = 0; k < w->m; k++) {
        VECTOR(edges)[2 * k] = (igraph_integer_t)keys[k].from;
        VECTOR(edges)[2 * k + 1] = (igraph_integer_t)keys[k].to;
    }
    IG(igraph_create(&w->g, &edges, (igraph_integer_t)w->n, IGRAPH_UNDIRECTED));
    w->have_g = 1;

    if (igraph_vector_init(&w->strength_w, (igraph_integer_t)w->m) != IGRAPH_SUCCESS) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if (igraph_vector_init(&w->distance_w, (igraph_integer_t)w->m) != IGRAPH_SUCCESS) {
        igraph_vector_destroy(&w->strength_w);
        st = RG_I_NOMEM();
        goto cleanup;
    }
    w->have_w = 1;
    for (k = 0; k < w->m; k++)
        total += w->weighted ? wt[k] : 1.0;
    mean = w->m ? total / (double)w->m : 1.0;
    for (k = 0; k < w->m; k++) {
        double s = w->weighted ? wt[k] : 1.0;
        VECTOR(w->strength_w)[k] = s;
        /* A corner-only contact (strength 0) is still one step away, not infinitely far. */
        VECTOR(w->distance_w)[k] = s > 0 && mean > 0 ? mean / s : 1.0;
    }
cleanup:
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    free(keys);
    free(wt);
    return st;
}

static rg_status degree_strength(work *w)
{
    igraph_vector_int_t deg;
    igraph_vector_t str;
    int have_deg = 0, have_str = 0;
    rg_status st = RG_OK;
    IG(igraph_vector_int_init(&deg, 0));
    have_deg = 1;
    IG(igraph_vector_init(&str, 0));
    have_str = 1;
    IG(igraph_degree(&w->g, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS));
    IG(igraph_strength(&w->g, &str, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS,
                       &w->strength_w));
    for (size_t v = 0; v < w->n; v++) {
        set(w, v, RG_MEASURE_DEGREE, (double)VECTOR(deg)[v]);
        set(w, v, RG_MEASURE_STRENGTH, VECTOR(str)[v]);
        set(w, v, RG_MEASURE_ISOLATED, VECTOR(deg)[v] == 0 ? 1.0 : 0.0);
    }
cleanup:
    if (have_deg)
        igraph_vector_int_destroy(&deg);
    if (have_str)
        igraph_vector_destroy(&str);
    return st;
}

/* Betweenness, or closeness and harmonic centrality, within the cutoff (centrality_paths.c). */
static rg_status cutoff_measures(work *w, int want_betweenness, int want_closeness,
                                 int want_harmonic)
{
    size_t *from = rg_i_malloc_array(w->m + 1, sizeof *from);
    size_t *to = rg_i_malloc_array(w->m + 1, sizeof *to);
    double *cl = rg_i_malloc_array(w->n + 1, sizeof *cl);
    double *hm = rg_i_malloc_array(w->n + 1, sizeof *hm);
    rg_status st = RG_OK;
    size_t k;
    if (!from || !to || !cl || !hm) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < w->m; k++) {
        from[k] = (size_t)IGRAPH_FROM(&w->g, (igraph_integer_t)k);
        to[k] = (size_t)IGRAPH_TO(&w->g, (igraph_integer_t)k);
    }
    if (want_betweenness) {
        if ((st = rg_i_betweenness_cutoff(w->n, w->m, from, to, VECTOR(w->distance_w),
                                          w->c->options.betweenness_cutoff, cl)) != RG_OK)
            goto cleanup;
        for (k = 0; k < w->n; k++)
            set(w, k, RG_MEASURE_BETWEENNESS, cl[k]);
    } else if ((st = rg_i_path_measures_cutoff(w->n, w->m, from, to, VECTOR(w->distance_w),
                                               w->c->options.betweenness_cutoff,
                                               want_closeness ? cl : NULL,
                                               want_harmonic ? hm : NULL)) != RG_OK) {
        goto cleanup;
    }
    for (k = 0; k < w->n && !want_betweenness; k++) {
        if (want_closeness)
            set(w, k, RG_MEASURE_CLOSENESS, cl[k]);
        if (want_harmonic)
            set(w, k, RG_MEASURE_HARMONIC, hm[k]);
    }
cleanup:
    free(from);
    free(to);
    free(cl);
    free(hm);
    return st;
}

/* Betweenness, closeness and harmonic centrality, on distances. */
static rg_status path_measures(work *w)
{
    const rg_centrality_options *o = &w->c->options;
    igraph_vector_t res;
    int have_res = 0;
    rg_status st = RG_OK;
    size_t v;
    int want_closeness = !(o->skip & (1u << RG_MEASURE_CLOSENESS));
    int want_harmonic = !(o->skip & (1u << RG_MEASURE_HARMONIC)) && w->n > 1;
    IG(igraph_vector_init(&res, 0));
    have_res = 1;

    if (!(o->skip & (1u << RG_MEASURE_BETWEENNESS))) {
        progress(o, "betweenness");
        if (o->betweenness_cutoff > 0) {
            if ((st = cutoff_measures(w, 1, 0, 0)) != RG_OK)
                goto cleanup;
        } else {
            IG(igraph_betweenness(&w->g, &res, igraph_vss_all(), 0, &w->distance_w));
            for (v = 0; v < w->n; v++)
                set(w, v, RG_MEASURE_BETWEENNESS, VECTOR(res)[v]);
        }
    }

    /* igraph's closeness already averages over the nodes each node reaches, so it is the
     * per-component closeness (with a cutoff: over the nodes within it); an isolated node's NaN
     * becomes 0 in set(). With a cutoff both come from one bounded search per node. */
    if (want_closeness || want_harmonic) {
        if (o->betweenness_cutoff > 0) {
            progress(o, !want_harmonic   ? "closeness"
                        : want_closeness ? "closeness and harmonic centrality"
                                         : "harmonic centrality");
            if ((st = cutoff_measures(w, 0, want_closeness, want_harmonic)) != RG_OK)
                goto cleanup;
        } else {
            if (want_closeness) {
                progress(o, "closeness");
                IG(igraph_closeness(&w->g, &res, NULL, NULL, igraph_vss_all(), IGRAPH_ALL,
                                    &w->distance_w, 1));
                for (v = 0; v < w->n; v++)
                    set(w, v, RG_MEASURE_CLOSENESS, VECTOR(res)[v]);
            }
            if (want_harmonic) {
                progress(o, "harmonic centrality");
                IG(igraph_harmonic_centrality(&w->g, &res, igraph_vss_all(), IGRAPH_ALL,
                                              &w->distance_w, 1));
                for (v = 0; v < w->n; v++)
                    set(w, v, RG_MEASURE_HARMONIC, VECTOR(res)[v]);
            }
        }
    }
cleanup:
    if (have_res)
        igraph_vector_destroy(&res);
    return st;
}

static rg_status components(work *w)
{
    igraph_integer_t no = 0;
    rg_status st = RG_OK;
    IG(igraph_vector_int_init(&w->membership, 0));
    w->have_membership = 1;
    IG(igraph_connected_components(&w->g, &w->membership, NULL, &no, IGRAPH_WEAK));
    w->ncomp = (size_t)no;
    w->c->ncomponents = w->ncomp;
    for (size_t v = 0; v < w->n; v++)
        set(w, v, RG_MEASURE_COMPONENT, (double)VECTOR(w->membership)[v]);
cleanup:
    return st;
}

/* Eigenvector centrality of each component on its own (the leading eigenvector of a
 * disconnected graph lives on one component only and leaves the others at 0), each scaled so
 * that its largest value is 1. A component whose edges all have strength 0 is taken
 * unweighted, since a zero matrix has no leading eigenvector. Isolated nodes are 0.
 * Time O(n + m) for the bucketing plus the eigensolver per component. */
static rg_status eigenvector(work *w)
{
    size_t *vfirst = NULL, *vlist = NULL, *efirst = NULL, *elist = NULL, *fill = NULL,
           *local = NULL;
    size_t c, k;
    igraph_t sub;
    int have_sub = 0;
    igraph_vector_int_t edges;
    igraph_vector_t weights, res;
    int have_edges = 0, have_weights = 0, have_res = 0;
    rg_status st = RG_OK;

    if (!(vfirst = rg_i_calloc_array(w->ncomp + 1, sizeof *vfirst)) ||
        !(efirst = rg_i_calloc_array(w->ncomp + 1, sizeof *efirst)) ||
        !(fill = rg_i_malloc_array(w->ncomp + 1, sizeof *fill)) ||
        !(vlist = rg_i_malloc_array(w->n + 1, sizeof *vlist)) ||
        !(local = rg_i_malloc_array(w->n + 1, sizeof *local)) ||
        !(elist = rg_i_malloc_array(w->m + 1, sizeof *elist))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < w->n; k++)
        vfirst[VECTOR(w->membership)[k] + 1]++;
    for (k = 0; k < w->m; k++)
        efirst[VECTOR(w->membership)[IGRAPH_FROM(&w->g, k)] + 1]++;
    for (c = 0; c < w->ncomp; c++) {
        vfirst[c + 1] += vfirst[c];
        efirst[c + 1] += efirst[c];
    }
    memcpy(fill, vfirst, w->ncomp * sizeof *fill);
    for (k = 0; k < w->n; k++) {
        size_t comp = (size_t)VECTOR(w->membership)[k];
        local[k] = fill[comp] - vfirst[comp];
        vlist[fill[comp]++] = k;
    }
    memcpy(fill, efirst, w->ncomp * sizeof *fill);
    for (k = 0; k < w->m; k++)
        elist[fill[VECTOR(w->membership)[IGRAPH_FROM(&w->g, k)]]++] = k;

    IG(igraph_vector_int_init(&edges, 0));
    have_edges = 1;
    IG(igraph_vector_init(&weights, 0));
    have_weights = 1;
    IG(igraph_vector_init(&res, 0));
    have_res = 1;
    for (c = 0; c < w->ncomp; c++) {
        size_t nv = vfirst[c + 1] - vfirst[c], ne = efirst[c + 1] - efirst[c];
        double total = 0, max = 0;
        igraph_real_t value;
        if (ne == 0) {
            for (k = vfirst[c]; k < vfirst[c + 1]; k++)
                set(w, vlist[k], RG_MEASURE_EIGENVECTOR, 0.0);
            continue;
        }
        IG(igraph_vector_int_resize(&edges, (igraph_integer_t)(2 * ne)));
        IG(igraph_vector_resize(&weights, (igraph_integer_t)ne));
        for (k = 0; k < ne; k++) {
            size_t e = elist[efirst[c] + k];
            VECTOR(edges)[2 * k] = (igraph_integer_t)local[IGRAPH_FROM(&w->g, e)];
            VECTOR(edges)[2 * k + 1] = (igraph_integer_t)local[IGRAPH_TO(&w->g, e)];
            VECTOR(weights)[k] = VECTOR(w->strength_w)[e];
            total += VECTOR(weights)[k];
        }
        IG(igraph_create(&sub, &edges, (igraph_integer_t)nv, IGRAPH_UNDIRECTED));
        have_sub = 1;
        IG(igraph_eigenvector_centrality(&sub, &res, &value, 0, 1, total > 0 ? &weights : NULL,
                                         NULL));
        igraph_destroy(&sub);
        have_sub = 0;
        /* igraph scales to max 1 already; divide again so that a sign flip or rounding never
         * leaves the largest anything but 1. */
        for (k = 0; k < nv; k++)
            if (fabs(VECTOR(res)[k]) > max)
                max = fabs(VECTOR(res)[k]);
        for (k = 0; k < nv; k++)
            set(w, vlist[vfirst[c] + k], RG_MEASURE_EIGENVECTOR,
                max > 0 ? fabs(VECTOR(res)[k]) / max : 0.0);
    }
cleanup:
    if (have_sub)
        igraph_destroy(&sub);
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    if (have_weights)
        igraph_vector_destroy(&weights);
    if (have_res)
        igraph_vector_destroy(&res);
    free(vfirst);
    free(vlist);
    free(efirst);
    free(elist);
    free(fill);
    free(local);
    return st;
}

static rg_status pagerank(work *w)
{
    igraph_vector_t res;
    igraph_real_t value;
    int have_res = 0;
    rg_status st = RG_OK;
    double total = 0;
    for (size_t k = 0; k < w->m; k++)
        total += VECTOR(w->strength_w)[k];
    IG(igraph_vector_init(&res, 0));
    have_res = 1;
    /* Edges of strength 0 carry no walk; with no strength at all the walk is uniform, which
     * igraph gives for the unweighted graph only. */
    IG(igraph_pagerank(&w->g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(), 0,
                       0.85, total > 0 ? &w->strength_w : NULL, NULL));
    for (size_t v = 0; v < w->n; v++)
        set(w, v, RG_MEASURE_PAGERANK, VECTOR(res)[v]);
cleanup:
    if (have_res)
        igraph_vector_destroy(&res);
    return st;
}

/* Coreness, clustering, articulation points and bridges: unweighted. */
static rg_status cohesion(work *w)
{
    const rg_centrality_options *o = &w->c->options;
    igraph_vector_int_t ivec;
    igraph_vector_t res;
    int have_ivec = 0, have_res = 0;
    rg_status st = RG_OK;
    size_t v, k, nb = 0;

    IG(igraph_vector_int_init(&ivec, 0));
    have_ivec = 1;
    IG(igraph_vector_init(&res, 0));
    have_res = 1;

    progress(o, "coreness");
    IG(igraph_coreness(&w->g, &ivec, IGRAPH_ALL));
    for (v = 0; v < w->n; v++)
        set(w, v, RG_MEASURE_CORENESS, (double)VECTOR(ivec)[v]);

    progress(o, "clustering");
    IG(igraph_transitivity_local_undirected(&w->g, &res, igraph_vss_all(),
                                            IGRAPH_TRANSITIVITY_ZERO));
    for (v = 0; v < w->n; v++)
        set(w, v, RG_MEASURE_CLUSTERING, VECTOR(res)[v]);

    progress(o, "articulation points and bridges");
    for (v = 0; v < w->n; v++)
        set(w, v, RG_MEASURE_ARTICULATION, 0.0);
    IG(igraph_articulation_points(&w->g, &ivec));
    for (k = 0; k < (size_t)igraph_vector_int_size(&ivec); k++)
        set(w, (size_t)VECTOR(ivec)[k], RG_MEASURE_ARTICULATION, 1.0);

    IG(igraph_bridges(&w->g, &ivec));
    if (!(w->c->bridges = rg_i_malloc_array((size_t)igraph_vector_int_size(&ivec) + 1,
                                            sizeof *w->c->bridges))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* A merged edge standing for parallel network edges is never a bridge of the network:
     * removing one of them leaves the other. */
    for (k = 0; k < (size_t)igraph_vector_int_size(&ivec); k++) {
        size_t e = (size_t)VECTOR(ivec)[k];
        if (w->multiplicity[e] == 1)
            w->c->bridges[nb++] = w->first_edge[e];
    }
    w->c->nbridges = nb;
    if (nb > 1) {
        /* Ascending network edge indices, as the header promises. */
        for (k = 1; k < nb; k++) {
            size_t x = w->c->bridges[k], j = k;
            while (j > 0 && w->c->bridges[j - 1] > x) {
                w->c->bridges[j] = w->c->bridges[j - 1];
                j--;
            }
            w->c->bridges[j] = x;
        }
    }
cleanup:
    if (have_ivec)
        igraph_vector_int_destroy(&ivec);
    if (have_res)
        igraph_vector_destroy(&res);
    return st;
}

/* Community numbers by first node, so that the numbering does not depend on the algorithm's
 * internal labels. */
static size_t renumber(igraph_vector_int_t *memb, size_t n)
{
    size_t next = 0, k;
    long *map = rg_i_malloc_array(n + 1, sizeof *map);
    if (!map)
        return SIZE_MAX;
    for (k = 0; k < n; k++)
        map[k] = -1;
    for (k = 0; k < n; k++) {
        size_t c = (size_t)VECTOR(*memb)[k];
        if (map[c] < 0)
            map[c] = (long)next++;
        VECTOR(*memb)[k] = map[c];
    }
    free(map);
    return next;
}

/* Leiden (modularity objective) and Louvain, seeded, with the modularity of each partition. If
 * the view has no strength at all (only corner contacts, or no edges), modularity is taken
 * unweighted, since a total weight of 0 has none. */
/* Without edges every node is its own community. */
static void singletons(igraph_vector_int_t *memb, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        VECTOR(*memb)[k] = (igraph_integer_t)k;
}

/* Renumbers a partition by first node, records its community count and modularity in slot
 * (0 Leiden, 1 Louvain) and stores it as the measure. */
static rg_status keep_partition(work *w, igraph_vector_int_t *memb, const igraph_vector_t *ew,
                                int slot, rg_measure measure)
{
    igraph_real_t q = 0;
    size_t count, k;
    rg_status st = RG_OK;
    if ((count = renumber(memb, w->n)) == SIZE_MAX)
        return RG_I_NOMEM();
    w->c->ncommunities[slot] = count;
    if (w->m > 0)
        IG(igraph_modularity(&w->g, memb, ew, 1.0, 0, &q));
    w->c->modularity[slot] = isfinite(q) ? q : 0.0;
    for (k = 0; k < w->n; k++)
        set(w, k, measure, (double)VECTOR(*memb)[k]);
cleanup:
    return st;
}

static rg_status communities(work *w)
{
    const rg_centrality_options *o = &w->c->options;
    igraph_vector_int_t memb;
    igraph_vector_t node_w;
    int have_memb = 0, have_node_w = 0;
    igraph_integer_t nclusters = 0;
    igraph_real_t quality;
    double total = 0, resolution = o->resolution > 0 ? o->resolution : 1.0;
    const igraph_vector_t *ew;
    rg_status st = RG_OK;
    size_t k;

    for (k = 0; k < w->m; k++)
        total += VECTOR(w->strength_w)[k];
    ew = total > 0 ? &w->strength_w : NULL;
    if (!ew)
        total = (double)w->m;

    IG(igraph_vector_int_init(&memb, (igraph_integer_t)w->n));
    have_memb = 1;
    IG(igraph_vector_init(&node_w, 0));
    have_node_w = 1;
    IG(igraph_strength(&w->g, &node_w, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS, ew));

    progress(o, "communities (leiden)");
    if (w->m > 0) {
        /* igraph's Leiden optimises sum (A_ij - gamma k_i k_j) over pairs in a community;
         * with node weights = strengths and gamma = resolution / 2m this is modularity. */
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->seed);
        IG(igraph_community_leiden(&w->g, ew, &node_w, resolution / (2.0 * total), 0.01, 0, -1,
                                   &memb, &nclusters, &quality));
    } else {
        singletons(&memb, w->n);
    }
    if ((st = keep_partition(w, &memb, ew, 0, RG_MEASURE_LEIDEN)) != RG_OK)
        goto cleanup;

    progress(o, "communities (louvain)");
    if (w->m > 0) {
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->seed);
        IG(igraph_community_multilevel(&w->g, ew, 1.0, &memb, NULL, NULL));
    } else {
        singletons(&memb, w->n);
    }
    st = keep_partition(w, &memb, ew, 1, RG_MEASURE_LOUVAIN);
cleanup:
    if (have_memb)
        igraph_vector_int_destroy(&memb);
    if (have_node_w)
        igraph_vector_destroy(&node_w);
    return st;
}

rg_status rg_centrality_compute(const rg_graph *graph, const rg_centrality_options *options,
                                rg_centrality **out)
{
    rg_centrality_options defaults;
    rg_centrality *c = NULL;
    work w;
    rg_status st = RG_OK;

    rg_i_library_init();
    memset(&w, 0, sizeof w);
    if (!out || !graph) {
        st = rg_i_error(RG_ERR_ARG, "centrality: no graph or no result given");
        goto cleanup;
    }
    *out = NULL;
    memset(&defaults, 0, sizeof defaults);
    if (!options)
        options = &defaults;
    if (options->view != 0 && options->view != RG_VIEW_ADJACENCY &&
        options->view != RG_VIEW_COORDINATION && options->view != RG_VIEW_ALL) {
        st = rg_i_error(RG_ERR_ARG, "centrality: unknown view %d", (int)options->view);
        goto cleanup;
    }
    if (!(options->betweenness_cutoff >= 0) || !isfinite(options->betweenness_cutoff)) {
        st = rg_i_error(RG_ERR_ARG, "centrality: the betweenness cutoff must be 0 or positive");
        goto cleanup;
    }
    if (!(options->resolution >= 0) || !isfinite(options->resolution)) {
        st = rg_i_error(RG_ERR_ARG, "centrality: the resolution must be 0 or positive");
        goto cleanup;
    }
    if (!(c = calloc(1, sizeof *c))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    c->options = *options;
    if (c->options.view == 0)
        c->options.view = RG_VIEW_ADJACENCY;
    if (c->options.resolution == 0)
        c->options.resolution = 1.0;
    /* The "all" view mixes kilometres and mechanism counts: no sum of them means anything. */
    if (c->options.view == RG_VIEW_ALL)
        c->options.unweighted = 1;
    c->options.level = NULL; /* set below to our own copy: the caller's may not outlive us */
    w.c = c;
    w.weighted = !c->options.unweighted;

    progress(&c->options, "network");
    if ((st = rg_network_build(graph, options->level, c->options.view, &c->net)) != RG_OK)
        goto cleanup;
    if (!(c->level_name = rg_i_strdup(rg_regions_level_name(rg_graph_regions(graph),
                                                       rg_network_level(c->net))))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    c->options.level = c->level_name;
    w.n = c->n = rg_network_node_count(c->net);
    if (c->options.exact)
        c->options.betweenness_cutoff = 0;
    else if (c->options.betweenness_cutoff == 0 && w.n > RG_CENTRALITY_EXACT_MAX) {
        c->options.betweenness_cutoff = RG_CENTRALITY_AUTO_CUTOFF;
        rg_i_warn("centrality: the network has %zu nodes (more than %d): betweenness, "
                  "closeness and harmonic centrality count paths up to length %g only "
                  "(cutoff 0 asks for exact values, which take O(n m log n))",
                  w.n, RG_CENTRALITY_EXACT_MAX, RG_CENTRALITY_AUTO_CUTOFF);
    }
    if (!(c->values = rg_i_calloc_array(w.n * RG_MEASURE_COUNT + 1, sizeof *c->values))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if (restore(graph, c, &st)) {
        progress(&c->options, "centrality stored in the graph file");
        *out = c;
        c = NULL;
        goto cleanup;
    }
    if (st != RG_OK || (st = make_simple(&w)) != RG_OK)
        goto cleanup;
    progress(&c->options, "degree and strength");
    if ((st = degree_strength(&w)) != RG_OK)
        goto cleanup;
    progress(&c->options, "components");
    if ((st = components(&w)) != RG_OK)
        goto cleanup;
    if ((st = path_measures(&w)) != RG_OK)
        goto cleanup;
    progress(&c->options, "eigenvector centrality");
    if ((st = eigenvector(&w)) != RG_OK)
        goto cleanup;
    progress(&c->options, "pagerank");
    if ((st = pagerank(&w)) != RG_OK)
        goto cleanup;
    if ((st = cohesion(&w)) != RG_OK)
        goto cleanup;
    if ((st = communities(&w)) != RG_OK)
        goto cleanup;
    *out = c;
    c = NULL;
cleanup:
    if (w.have_membership)
        igraph_vector_int_destroy(&w.membership);
    if (w.have_w) {
        igraph_vector_destroy(&w.strength_w);
        igraph_vector_destroy(&w.distance_w);
    }
    if (w.have_g)
        igraph_destroy(&w.g);
    free(w.first_edge);
    free(w.multiplicity);
    rg_centrality_free(c);
    return st;
}
