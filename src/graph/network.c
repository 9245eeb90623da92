/* The coordination network of one level: region and agency nodes with typed edges, in igraph. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"
#include "graph/network_internal.h"
#include "regiongraph/network.h"


/* ---- the level ------------------------------------------------------------------------------- */

rg_status rg_i_graph_level(const rg_graph *graph, const char *name, size_t *level)
{
    const rg_regions *regions = rg_graph_regions(graph);
    size_t nlevels, k;
    char list[512];
    size_t used = 0;
    long at;
    rg_status st;

    if ((st = rg_i_regions_index(regions)) != RG_OK)
        return st;
    nlevels = rg_regions_level_count(regions);
    if (nlevels == 0)
        return rg_i_error(RG_ERR_ARG, "the graph has no regions, hence no level to analyse");
    if (!name)
        name = rg_graph_default_level(graph);
    if (!name) {
        *level = nlevels - 1;
        return RG_OK;
    }
    at = rg_regions_level_index(regions, name);
    if (at >= 0) {
        *level = (size_t)at;
        return RG_OK;
    }
    list[0] = '\0';
    for (k = 0; k < nlevels && used + 1 < sizeof list; k++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                         rg_regions_level_name(regions, k));
        if (w < 0)
            break;
        used += (size_t)w < sizeof list - used ? (size_t)w : sizeof list - used - 1;
    }
    return rg_i_error(RG_ERR_ARG, "unknown level '%s': the levels are %s", name, list);
}

/* ---- coverage sets --------------------------------------------------------------------------- */

void rg_i_cover_release(rg_i_cover *c)
{
    if (!c)
        return;
    free(c->region_first);
    free(c->regions);
    free(c->agency_first);
    free(c->agencies);
    free(c->region_members);
    free(c->jur_first);
    free(c->jur);
    memset(c, 0, sizeof *c);
}

static int size_cmp(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? -1 : a > b;
}

/* Sorts v[from .. to-1]; an empty range may sit on a NULL array, which qsort must not see. */
static void sort_range(size_t *v, size_t from, size_t to)
{
    if (to - from > 1)
        qsort(v + from, to - from, sizeof *v, size_cmp);
}

/* For every region j, the regions of the level that are j or descend from j: desc[first[j]] ..
 * desc[first[j+1]-1]. Built from below: each region of the level walks up its parent chain once,
 * so the cost is O(n * levels), never a search from every ancestor. */
static rg_status level_descendants(const rg_regions *r, size_t level, size_t **first_out,
                                   size_t **desc_out)
{
    size_t n = rg_regions_count(r), nlevels = rg_regions_level_count(r), i, *first = NULL,
           *desc = NULL, *fill = NULL;
    rg_status st = RG_OK;

    *first_out = NULL;
    *desc_out = NULL;
    if (!(first = rg_i_calloc_array(n + 1, sizeof *first)) ||
        !(fill = rg_i_malloc_array(n + 1, sizeof *fill))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* Two passes over the same walk: count, then place. The walk is bounded by the number of
     * levels so that a parent cycle in bad data cannot loop. */
    for (int pass = 0; pass < 2; pass++) {
        for (i = 0; i < n; i++) {
            long j = (long)i;
            size_t depth = 0;
            if (rg_regions_level(r, i) != level)
                continue;
            while (j >= 0 && depth++ <= nlevels) {
                if (pass == 0)
                    first[(size_t)j + 1]++;
                else
                    desc[fill[(size_t)j]++] = i;
                j = rg_regions_parent(r, (size_t)j);
            }
        }
        if (pass == 0) {
            for (i = 0; i < n; i++)
                first[i + 1] += first[i];
            memcpy(fill, first, (n + 1) * sizeof *fill);
            if (!(desc = rg_i_malloc_array(first[n] ? first[n] : 1, sizeof *desc))) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
        }
    }
    *first_out = first;
    *desc_out = desc;
    first = NULL;
    desc = NULL;
cleanup:
    free(first);
    free(desc);
    free(fill);
    return st;
}

/* A growing list of indices with a stamp array to keep each entry once per segment. */
typedef struct index_list {
    size_t *v;
    size_t n, cap;
} index_list;

static int list_add(index_list *l, size_t x, size_t *stamp, size_t round)
{
    if (stamp[x] == round)
        return 1;
    stamp[x] = round;
    if (!rg_i_reserve((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return 0;
    l->v[l->n++] = x;
    return 1;
}

static int list_add_span(index_list *l, const size_t *xs, size_t from, size_t to, size_t *stamp,
                         size_t round)
{
    size_t k;
    for (k = from; k < to; k++)
        if (!list_add(l, xs[k], stamp, round))
            return 0;
    return 1;
}

rg_status rg_i_cover_build(const rg_graph *graph, size_t level, int agency_jurisdiction,
                           rg_i_cover *c)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t n = rg_regions_count(r), *first = NULL, *desc = NULL, *rstamp = NULL, *astamp = NULL;
    size_t round = 0, m, a, k;
    index_list regions = {0}, agencies = {0}, jur = {0};
    rg_status st = RG_OK;

    memset(c, 0, sizeof *c);
    c->level = level;
    c->nmechs = rg_coordination_mechanism_count(coord);
    c->nagencies = rg_coordination_agency_count(coord);
    if ((st = level_descendants(r, level, &first, &desc)) != RG_OK)
        goto cleanup;
    if (!(rstamp = rg_i_calloc_array(n ? n : 1, sizeof *rstamp)) ||
        !(astamp = rg_i_calloc_array(c->nagencies ? c->nagencies : 1, sizeof *astamp)) ||
        !(c->region_first = rg_i_calloc_array(c->nmechs + 1, sizeof *c->region_first)) ||
        !(c->agency_first = rg_i_calloc_array(c->nmechs + 1, sizeof *c->agency_first)) ||
        !(c->region_members = rg_i_calloc_array(c->nmechs ? c->nmechs : 1,
                                                sizeof *c->region_members)) ||
        !(c->jur_first = rg_i_calloc_array(c->nagencies + 1, sizeof *c->jur_first))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (a = 0; a < c->nagencies; a++) {
        round++;
        for (k = 0; k < rg_coordination_jurisdiction_count(coord, a); k++) {
            long j = rg_regions_find(r, rg_coordination_jurisdiction_id(coord, a, k));
            if (j >= 0 && !list_add_span(&jur, desc, first[j], first[j + 1], rstamp, round)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
        }
        sort_range(jur.v, c->jur_first[a], jur.n);
        c->jur_first[a + 1] = jur.n;
    }
    for (m = 0; m < c->nmechs; m++) {
        round++;
        for (k = 0; k < rg_coordination_member_count(coord, m); k++) {
            const char *id = rg_coordination_member_id(coord, m, k);
            long j = rg_regions_find(r, id), ai;
            int ok = 1;
            /* Ids are unique across regions and agencies once the data is resolved
             * (rg_graph_set_coordination), so the id alone says which it is. */
            if (j >= 0) {
                c->region_members[m]++;
                ok = list_add_span(&regions, desc, first[j], first[j + 1], rstamp, round);
            } else if ((ai = rg_coordination_agency_index(coord, id)) >= 0) {
                size_t ua = (size_t)ai;
                ok = list_add(&agencies, ua, astamp, round);
                if (ok && agency_jurisdiction)
                    ok = list_add_span(&regions, jur.v, c->jur_first[ua], c->jur_first[ua + 1],
                                       rstamp, round);
            }
            if (!ok) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
        }
        sort_range(regions.v, c->region_first[m], regions.n);
        sort_range(agencies.v, c->agency_first[m], agencies.n);
        c->region_first[m + 1] = regions.n;
        c->agency_first[m + 1] = agencies.n;
    }
    c->regions = regions.v;
    c->agencies = agencies.v;
    c->jur = jur.v;
    regions.v = agencies.v = jur.v = NULL;
cleanup:
    if (st != RG_OK)
        rg_i_cover_release(c);
    free(first);
    free(desc);
    free(rstamp);
    free(astamp);
    free(regions.v);
    free(agencies.v);
    free(jur.v);
    return st;
}

/* ---- the network ----------------------------------------------------------------------------- */

struct rg_network {
    size_t level;
    size_t nnodes, nregion_nodes;
    unsigned char *node_kind;
    size_t *node_index;
    long *region_node; /* per region of the graph's layer */
    size_t nregions_all;
    size_t nedges, edge_cap;
    size_t *from, *to, *pair;
    unsigned char *type;
    double *weight;
    igraph_t g;
    int have_g;
};

void rg_network_free(rg_network *net)
{
    if (!net)
        return;
    if (net->have_g)
        igraph_destroy(&net->g);
    free(net->node_kind);
    free(net->node_index);
    free(net->region_node);
    free(net->from);
    free(net->to);
    free(net->pair);
    free(net->type);
    free(net->weight);
    free(net);
}

static int add_edge(rg_network *net, size_t from, size_t to, rg_edge_type type, double weight,
                    size_t pair)
{
    if (net->nedges == net->edge_cap) {
        size_t cap = net->edge_cap ? 2 * net->edge_cap : 64;
        void *p;
        if (cap > SIZE_MAX / sizeof(double))
            return 0;
        if (!(p = realloc(net->from, cap * sizeof *net->from)))
            return 0;
        net->from = p;
        if (!(p = realloc(net->to, cap * sizeof *net->to)))
            return 0;
        net->to = p;
        if (!(p = realloc(net->pair, cap * sizeof *net->pair)))
            return 0;
        net->pair = p;
        if (!(p = realloc(net->type, cap * sizeof *net->type)))
            return 0;
        net->type = p;
        if (!(p = realloc(net->weight, cap * sizeof *net->weight)))
            return 0;
        net->weight = p;
        net->edge_cap = cap;
    }
    net->from[net->nedges] = from;
    net->to[net->nedges] = to;
    net->type[net->nedges] = (unsigned char)type;
    net->weight[net->nedges] = weight;
    net->pair[net->nedges] = pair;
    net->nedges++;
    return 1;
}

/* Counts of node pairs (u < v) sharing mechanisms: open addressing, a power-of-two table kept
 * at most half full. Only pairs that occur are stored, so memory follows the cliques' sizes
 * rather than the square of the node count. */
typedef struct pair_count {
    size_t u, v, count; /* u == SIZE_MAX: empty slot */
} pair_count;

typedef struct pair_table {
    pair_count *slots;
    size_t nslots, used;
} pair_table;

static size_t pair_hash(size_t u, size_t v)
{
    uint64_t h = (uint64_t)u * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)v + 0x632BE59BD9B4E019ULL);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    return (size_t)h;
}

static int table_grow(pair_table *t)
{
    size_t nslots = t->nslots ? 2 * t->nslots : 64, i;
    pair_count *slots;
    if (nslots > SIZE_MAX / 2 / sizeof *slots)
        return 0;
    if (!(slots = malloc(nslots * sizeof *slots)))
        return 0;
    for (i = 0; i < nslots; i++)
        slots[i].u = SIZE_MAX;
    for (i = 0; i < t->nslots; i++) {
        size_t h;
        if (t->slots[i].u == SIZE_MAX)
            continue;
        for (h = pair_hash(t->slots[i].u, t->slots[i].v) & (nslots - 1); slots[h].u != SIZE_MAX;
             h = (h + 1) & (nslots - 1))
            ;
        slots[h] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return 1;
}

static int table_increment(pair_table *t, size_t u, size_t v)
{
    size_t h;
    if (2 * (t->used + 1) > t->nslots && !table_grow(t))
        return 0;
    for (h = pair_hash(u, v) & (t->nslots - 1); t->slots[h].u != SIZE_MAX;
         h = (h + 1) & (t->nslots - 1))
        if (t->slots[h].u == u && t->slots[h].v == v) {
            t->slots[h].count++;
            return 1;
        }
    t->slots[h].u = u;
    t->slots[h].v = v;
    t->slots[h].count = 1;
    t->used++;
    return 1;
}

static int pair_count_cmp(const void *x, const void *y)
{
    const pair_count *p = x, *q = y;
    if (p->u != q->u)
        return p->u < q->u ? -1 : 1;
    return p->v < q->v ? -1 : p->v > q->v;
}

/* Coordinated edges: for each mechanism, every pair of the nodes it covers (regions of the level
 * it covers, then its agency members) gains one shared mechanism. Emitted sorted by (u, v). */
static rg_status add_coordinated(rg_network *net, const rg_i_cover *cover)
{
    pair_table t = {0};
    size_t *nodes = NULL, cap = 0, m, i, j, k;
    rg_status st = RG_OK;

    for (m = 0; m < cover->nmechs; m++) {
        size_t nn = 0;
        size_t nr = cover->region_first[m + 1] - cover->region_first[m];
        size_t na = cover->agency_first[m + 1] - cover->agency_first[m];
        if (!rg_i_reserve((void **)&nodes, &cap, nr + na + 1, sizeof *nodes)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        /* Region nodes precede agency nodes and both lists ascend, so nodes ascends: u < v. */
        for (k = 0; k < nr; k++)
            nodes[nn++] = (size_t)net->region_node[cover->regions[cover->region_first[m] + k]];
        for (k = 0; k < na; k++)
            nodes[nn++] = net->nregion_nodes + cover->agencies[cover->agency_first[m] + k];
        for (i = 0; i < nn; i++)
            for (j = i + 1; j < nn; j++)
                if (!table_increment(&t, nodes[i], nodes[j])) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
    }
    /* Compact the occupied slots to the front, then order them. */
    for (i = 0, k = 0; i < t.nslots; i++)
        if (t.slots[i].u != SIZE_MAX)
            t.slots[k++] = t.slots[i];
    if (k)
        qsort(t.slots, k, sizeof *t.slots, pair_count_cmp);
    for (i = 0; i < k; i++)
        if (!add_edge(net, t.slots[i].u, t.slots[i].v, RG_EDGE_COORDINATED,
                      (double)t.slots[i].count, SIZE_MAX)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
cleanup:
    free(t.slots);
    free(nodes);
    return st;
}

rg_status rg_network_build(const rg_graph *graph, const char *level, rg_view view,
                           rg_network **out)
{
    rg_network *net = NULL;
    rg_i_cover cover = {0};
    igraph_vector_int_t edges;
    int have_edges = 0;
    const rg_regions *r;
    const rg_adjacency *adj;
    size_t n, nagencies, i, k, a;
    rg_status st = RG_OK;

    rg_i_library_init();
    *out = NULL;
    if (!graph || (view & ~RG_VIEW_ALL) || !(view & RG_VIEW_ALL)) {
        st = rg_i_error(RG_ERR_ARG, "rg_network_build: a graph and a view (adjacency, "
                        "coordination or all) are required");
        goto cleanup;
    }
    r = rg_graph_regions(graph);
    adj = rg_graph_adjacency(graph);
    n = rg_regions_count(r);
    nagencies = rg_coordination_agency_count(rg_graph_coordination(graph));
    if (!(net = calloc(1, sizeof *net))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = rg_i_graph_level(graph, level, &net->level)) != RG_OK)
        goto cleanup;
    net->nregions_all = n;
    if (!(net->region_node = rg_i_malloc_array(n ? n : 1, sizeof *net->region_node)) ||
        !(net->node_kind = rg_i_malloc_array(n + nagencies + 1, sizeof *net->node_kind)) ||
        !(net->node_index = rg_i_malloc_array(n + nagencies + 1, sizeof *net->node_index))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        net->region_node[i] = -1;
        if (rg_regions_level(r, i) != net->level)
            continue;
        net->region_node[i] = (long)net->nnodes;
        net->node_kind[net->nnodes] = RG_NODE_REGION;
        net->node_index[net->nnodes++] = i;
    }
    net->nregion_nodes = net->nnodes;
    for (a = 0; a < nagencies; a++) {
        net->node_kind[net->nnodes] = RG_NODE_AGENCY;
        net->node_index[net->nnodes++] = a;
    }

    if (view & RG_VIEW_ADJACENCY) {
        /* The adjacency holds the pairs of every level; a pair belongs to the network when both
         * sides are regions of its level. Node numbers keep region order, so from < to. */
        for (k = 0; k < rg_adjacency_count(adj); k++) {
            size_t pa, pb;
            double km;
            rg_adjacency_pair(adj, k, &pa, &pb, &km, NULL);
            if (net->region_node[pa] < 0 || net->region_node[pb] < 0)
                continue;
            if (!add_edge(net, (size_t)net->region_node[pa], (size_t)net->region_node[pb],
                          RG_EDGE_ADJACENT, km, k)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
        }
    }
    if (view & RG_VIEW_COORDINATION) {
        if ((st = rg_i_cover_build(graph, net->level, 0, &cover)) != RG_OK ||
            (st = add_coordinated(net, &cover)) != RG_OK)
            goto cleanup;
        for (a = 0; a < cover.nagencies; a++)
            for (k = cover.jur_first[a]; k < cover.jur_first[a + 1]; k++)
                if (!add_edge(net, (size_t)net->region_node[cover.jur[k]],
                              net->nregion_nodes + a, RG_EDGE_JURISDICTION, 1.0, SIZE_MAX)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
    }

    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * net->nedges)) != IGRAPH_SUCCESS) {
        st = RG_ERR_GRAPH;
        goto cleanup;
    }
    have_edges = 1;
    for (k = 0; k < net->nedges; k++) {
        VECTOR(edges)[2 * k] = (igraph_integer_t)net->from[k];
        VECTOR(edges)[2 * k + 1] = (igraph_integer_t)net->to[k];
    }
    if (igraph_create(&net->g, &edges, (igraph_integer_t)net->nnodes, IGRAPH_UNDIRECTED) !=
        IGRAPH_SUCCESS) {
        st = RG_ERR_GRAPH;
        goto cleanup;
    }
    net->have_g = 1;
    *out = net;
    net = NULL;
cleanup:
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    rg_i_cover_release(&cover);
    rg_network_free(net);
    return st;
}

size_t rg_network_level(const rg_network *net) { return net->level; }
size_t rg_network_node_count(const rg_network *net) { return net->nnodes; }
size_t rg_network_edge_count(const rg_network *net) { return net->nedges; }

void rg_network_node(const rg_network *net, size_t v, rg_node_kind *kind, size_t *index)
{
    if (kind)
        *kind = (rg_node_kind)net->node_kind[v];
    if (index)
        *index = net->node_index[v];
}

long rg_network_region_node(const rg_network *net, size_t region)
{
    return region < net->nregions_all ? net->region_node[region] : -1;
}

long rg_network_agency_node(const rg_network *net, size_t agency)
{
    return agency < net->nnodes - net->nregion_nodes ? (long)(net->nregion_nodes + agency) : -1;
}

void rg_network_edge(const rg_network *net, size_t e, size_t *from, size_t *to,
                     rg_edge_type *type, double *weight, size_t *pair)
{
    if (from)
        *from = net->from[e];
    if (to)
        *to = net->to[e];
    if (type)
        *type = (rg_edge_type)net->type[e];
    if (weight)
        *weight = net->weight[e];
    if (pair)
        *pair = net->pair[e];
}

const void *rg_network_igraph(const rg_network *net)
{
    return &net->g;
}
