/* Range-limited betweenness, closeness and harmonic centrality: one Dijkstra per node that
 * touches only the nodes within the cutoff (and their neighbours).
 *
 * igraph's weighted *_cutoff functions clear or set up a heap of n entries for every source,
 * so with a cutoff they still cost O(n^2): on 100 000 regions
 * that was 40 s of a build. Here every array is allocated once, a stamp per node tells whether
 * the current search has seen it, and a search ends with its heap empty, so nothing needs
 * clearing: a search costs what its neighbourhood costs. The arithmetic follows
 * igraph's (distances kept as 1 + d and the cutoff tested on d), so that the values are the
 * same up to the order in which equal distances are summed. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <igraph.h>

#include "analysis/centrality_paths_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"

typedef struct heap {
    size_t *node;  /* heap of nodes by dist, smallest first */
    size_t len;
    size_t *pos;   /* node -> its place in the heap, SIZE_MAX when not in it */
    double *dist;  /* node -> 1 + tentative distance, valid when seen[node] == stamp */
} heap;

static void sift_up(heap *h, size_t i)
{
    size_t v = h->node[i];
    double d = h->dist[v];
    while (i > 0) {
        size_t parent = (i - 1) / 2, u = h->node[parent];
        if (!(h->dist[u] > d))
            break;
        h->node[i] = u;
        h->pos[u] = i;
        i = parent;
    }
    h->node[i] = v;
    h->pos[v] = i;
}

static void sift_down(heap *h, size_t i)
{
    size_t v = h->node[i];
    double d = h->dist[v];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->len)
            break;
        if (child + 1 < h->len && h->dist[h->node[child + 1]] < h->dist[h->node[child]])
            child++;
        if (!(h->dist[h->node[child]] < d))
            break;
        h->node[i] = h->node[child];
        h->pos[h->node[i]] = i;
        i = child;
    }
    h->node[i] = v;
    h->pos[v] = i;
}

static size_t pop(heap *h)
{
    size_t top = h->node[0];
    h->pos[top] = SIZE_MAX;
    if (--h->len > 0) {
        h->node[0] = h->node[h->len];
        sift_down(h, 0);
    }
    return top;
}

/* A heap for n nodes, every node out of it. */
static int heap_init(heap *h, size_t n)
{
    size_t k;
    if (!(h->node = rg_i_malloc_array(n + 1, sizeof *h->node)) ||
        !(h->pos = rg_i_malloc_array(n + 1, sizeof *h->pos)) ||
        !(h->dist = rg_i_malloc_array(n + 1, sizeof *h->dist)))
        return 0;
    for (k = 0; k < n; k++)
        h->pos[k] = SIZE_MAX;
    return 1;
}

static void heap_free(heap *h)
{
    free(h->node);
    free(h->pos);
    free(h->dist);
}

/* Node u, first seen by the search with stamp `stamp`, at 1 + distance d. */
static void push(heap *h, size_t *seen, size_t stamp, size_t u, double d)
{
    seen[u] = stamp;
    h->dist[u] = d;
    h->node[h->len] = u;
    h->pos[u] = h->len;
    sift_up(h, h->len++);
}

/* Both directions of every edge in compressed rows: node v's neighbours are
 * node[first[v]] .. node[first[v + 1] - 1]. */
typedef struct parent_link {
    size_t parent, next;
} parent_link;

typedef struct csr {
    size_t *first, *node;
    double *len;
} csr;

static void csr_free(csr *g)
{
    free(g->first);
    free(g->node);
    free(g->len);
}

static rg_status csr_make(csr *g, size_t n, size_t m, const size_t *from, const size_t *to,
                          const double *length)
{
    size_t k;
    if (!(g->first = rg_i_calloc_array(n + 2, sizeof *g->first)) ||
        !(g->node = rg_i_malloc_array(2 * m + 1, sizeof *g->node)) ||
        !(g->len = rg_i_malloc_array(2 * m + 1, sizeof *g->len)))
        return RG_I_NOMEM();
    for (k = 0; k < m; k++) {
        g->first[from[k] + 2]++;
        g->first[to[k] + 2]++;
    }
    for (k = 2; k < n + 2; k++)
        g->first[k] += g->first[k - 1];
    for (k = 0; k < m; k++) {
        size_t a = g->first[from[k] + 1]++, b = g->first[to[k] + 1]++;
        g->node[a] = to[k];
        g->len[a] = length[k];
        g->node[b] = from[k];
        g->len[b] = length[k];
    }
    return RG_OK;
}

rg_status rg_i_betweenness_cutoff(size_t n, size_t m, const size_t *from, const size_t *to,
                                  const double *length, double cutoff, double *out)
{
    csr g = {0};
    heap h = {0};
    size_t *seen = NULL, *stack = NULL, *phead = NULL;
    parent_link *pool = NULL; /* the parents of every node, as lists through next */
    double *sigma = NULL, *delta = NULL;
    size_t pcap = 0;
    rg_status st;
    size_t k, s;

    if ((st = csr_make(&g, n, m, from, to, length)) != RG_OK)
        goto cleanup;
    if (!(seen = rg_i_calloc_array(n + 1, sizeof *seen)) ||
        !(stack = rg_i_malloc_array(n + 1, sizeof *stack)) ||
        !(phead = rg_i_malloc_array(n + 1, sizeof *phead)) ||
        !rg_i_reserve((void **)&pool, &pcap, 2 * m + 16, sizeof *pool) ||
        !(sigma = rg_i_calloc_array(n + 1, sizeof *sigma)) ||
        !(delta = rg_i_calloc_array(n + 1, sizeof *delta)) || !heap_init(&h, n)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < n; k++)
        out[k] = 0;
    /* Brandes' accumulation over the nodes within the cutoff, with igraph's rules: paths
     * whose lengths differ by less than its shortest-path epsilon are equally short, and a
     * parent of equal length counts only when the node lies within the cutoff. */
    for (s = 0; s < n; s++) {
        size_t nstack = 0, npool = 0;
        sigma[s] = 1;
        phead[s] = SIZE_MAX;
        push(&h, seen, s + 1, s, 1.0);
        while (h.len > 0) {
            size_t v = pop(&h);
            double dv = h.dist[v];
            if (dv > cutoff + 1.0) {
                seen[v] = 0; /* beyond the cutoff: forgotten, as igraph resets it */
                sigma[v] = 0;
                continue;
            }
            stack[nstack++] = v;
            for (k = g.first[v]; k < g.first[v + 1]; k++) {
                size_t u = g.node[k];
                double alt = dv + g.len[k];
                int cmp;
                if (u == v)
                    continue;
                if (seen[u] != s + 1) {
                    cmp = -2; /* first distance */
                } else {
                    cmp = igraph_cmp_epsilon(alt, h.dist[u], IGRAPH_SHORTEST_PATH_EPSILON);
                    if (cmp > 0 || (cmp == 0 && !(alt <= cutoff + 1.0)))
                        continue;
                }
                if (!rg_i_reserve((void **)&pool, &pcap, npool + 1, sizeof *pool)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                pool[npool].parent = v;
                if (cmp == 0) {
                    pool[npool].next = phead[u];
                    phead[u] = npool++;
                    sigma[u] += sigma[v];
                    continue;
                }
                pool[npool].next = SIZE_MAX;
                phead[u] = npool++;
                sigma[u] = sigma[v];
                if (cmp == -2) {
                    push(&h, seen, s + 1, u, alt);
                } else {
                    h.dist[u] = alt;
                    if (h.pos[u] != SIZE_MAX)
                        sift_up(&h, h.pos[u]);
                }
            }
        }
        while (nstack > 0) {
            size_t v = stack[--nstack], e;
            double coeff = (1 + delta[v]) / sigma[v];
            for (e = phead[v]; e != SIZE_MAX; e = pool[e].next)
                delta[pool[e].parent] += sigma[pool[e].parent] * coeff;
            if (v != s)
                out[v] += delta[v];
            delta[v] = 0; /* its parents come later in the stack: nothing adds to it again */
        }
    }
    for (k = 0; k < n; k++)
        out[k] *= 0.5;
cleanup:
    csr_free(&g);
    free(seen);
    free(stack);
    free(pool);
    free(phead);
    free(sigma);
    free(delta);
    heap_free(&h);
    return st;
}

rg_status rg_i_path_measures_cutoff(size_t n, size_t m, const size_t *from, const size_t *to,
                                    const double *length, double cutoff, double *closeness,
                                    double *harmonic)
{
    csr g = {0};
    size_t *seen = NULL;
    heap h = {0};
    rg_status st = RG_OK;
    size_t k, s;

    if ((st = csr_make(&g, n, m, from, to, length)) != RG_OK)
        goto cleanup;
    if (!(seen = rg_i_calloc_array(n + 1, sizeof *seen)) || !heap_init(&h, n)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }

    for (s = 0; s < n; s++) {
        size_t reached = 0;
        double sum = 0, inverse = 0;
        push(&h, seen, s + 1, s, 1.0);
        while (h.len > 0) {
            size_t v = pop(&h);
            double dv = h.dist[v];
            if (dv - 1.0 > cutoff)
                continue; /* beyond the cutoff: neither counted nor expanded */
            sum += dv - 1.0;
            reached++;
            if (v != s)
                inverse += 1.0 / (dv - 1.0);
            for (k = g.first[v]; k < g.first[v + 1]; k++) {
                size_t u = g.node[k];
                double alt = dv + g.len[k];
                if (seen[u] != s + 1) {
                    push(&h, seen, s + 1, u, alt);
                } else if (h.pos[u] != SIZE_MAX && alt < h.dist[u]) {
                    h.dist[u] = alt;
                    sift_up(&h, h.pos[u]);
                }
            }
        }
        if (closeness)
            closeness[s] = sum == 0 ? NAN : (double)(reached - 1) / sum;
        if (harmonic)
            harmonic[s] = n > 1 ? inverse * (1.0 / (double)(n - 1)) : 0.0;
    }
cleanup:
    csr_free(&g);
    free(seen);
    heap_free(&h);
    return st;
}
