/* Coordination frontiers of a level: per mechanism the borders where it covers one side only,
 * and the frontier gaps overall; also the level view the suggestions share. */
#include <stdlib.h>
#include <string.h>

#include "analysis/frontier_internal.h"
#include "analysis/ranking_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/frontier.h"

/* ---- the level view ------------------------------------------------------------------------ */

void rg_i_levelview_release(rg_i_levelview *v)
{
    if (!v)
        return;
    rg_i_cover_release(&v->cover);
    free(v->at_level);
    free(v->border);
    free(v->inc_first);
    free(v->inc);
    free(v->mech_first);
    free(v->mech);
    free(v->coordinated);
    memset(v, 0, sizeof *v);
}

/* Counting sort into compressed lists: first[i]..first[i+1]-1 of list. */
static rg_status build_incidence(rg_i_levelview *v)
{
    size_t *fill = NULL, k, a, b;
    rg_status st = RG_OK;
    if (!(v->inc_first = rg_i_calloc_array(v->n + 1, sizeof *v->inc_first)) ||
        !(fill = rg_i_malloc_array(v->n + 1, sizeof *fill)) ||
        !(v->inc = rg_i_malloc_array(2 * v->m + 1, sizeof *v->inc))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < v->m; k++) {
        rg_adjacency_pair(v->adj, k, &a, &b, NULL, NULL);
        if (v->at_level[a] && v->at_level[b]) {
            v->inc_first[a + 1]++;
            v->inc_first[b + 1]++;
        }
    }
    for (k = 0; k < v->n; k++)
        v->inc_first[k + 1] += v->inc_first[k];
    memcpy(fill, v->inc_first, (v->n + 1) * sizeof *fill);
    for (k = 0; k < v->m; k++) {
        rg_adjacency_pair(v->adj, k, &a, &b, NULL, NULL);
        if (v->at_level[a] && v->at_level[b]) {
            v->inc[fill[a]++] = k;
            v->inc[fill[b]++] = k;
        }
    }
cleanup:
    free(fill);
    return st;
}

static rg_status build_region_mechanisms(rg_i_levelview *v)
{
    const rg_i_cover *c = &v->cover;
    size_t *fill = NULL, mi, k, total = c->region_first[c->nmechs];
    rg_status st = RG_OK;
    if (!(v->mech_first = rg_i_calloc_array(v->n + 1, sizeof *v->mech_first)) ||
        !(fill = rg_i_malloc_array(v->n + 1, sizeof *fill)) ||
        !(v->mech = rg_i_malloc_array(total + 1, sizeof *v->mech))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < total; k++)
        v->mech_first[c->regions[k] + 1]++;
    for (k = 0; k < v->n; k++)
        v->mech_first[k + 1] += v->mech_first[k];
    memcpy(fill, v->mech_first, (v->n + 1) * sizeof *fill);
    /* mechanisms in order: each region's list ascends, for the binary search and intersection */
    for (mi = 0; mi < c->nmechs; mi++)
        for (k = c->region_first[mi]; k < c->region_first[mi + 1]; k++)
            v->mech[fill[c->regions[k]]++] = mi;
cleanup:
    free(fill);
    return st;
}

/* Whether two ascending lists share an element. */
static int lists_meet(const size_t *x, size_t nx, const size_t *y, size_t ny)
{
    size_t i = 0, j = 0;
    while (i < nx && j < ny) {
        if (x[i] == y[j])
            return 1;
        if (x[i] < y[j])
            i++;
        else
            j++;
    }
    return 0;
}

rg_status rg_i_levelview_build(const rg_graph *graph, size_t level, rg_i_levelview *v)
{
    size_t i, k, a, b;
    rg_status st = RG_OK;

    memset(v, 0, sizeof *v);
    v->r = rg_graph_regions(graph);
    v->adj = rg_graph_adjacency(graph);
    v->level = level;
    v->n = rg_regions_count(v->r);
    v->m = rg_adjacency_count(v->adj);
    if ((st = rg_i_cover_build(graph, level, 0, &v->cover)) != RG_OK)
        goto cleanup;
    if (!(v->at_level = rg_i_calloc_array(v->n + 1, 1)) ||
        !(v->border = rg_i_calloc_array(v->m + 1, 1)) ||
        !(v->coordinated = rg_i_calloc_array(v->m + 1, 1))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < v->n; i++)
        v->at_level[i] = rg_regions_level(v->r, i) == level;
    if ((st = build_incidence(v)) != RG_OK || (st = build_region_mechanisms(v)) != RG_OK)
        goto cleanup;
    for (k = 0; k < v->m; k++) {
        rg_adjacency_pair(v->adj, k, &a, &b, NULL, NULL);
        v->border[k] = v->at_level[a] && v->at_level[b] &&
                       rg_adjacency_contact(v->adj, k) != RG_CONTACT_ISLAND;
        v->coordinated[k] =
            v->border[k] &&
            lists_meet(v->mech + v->mech_first[a], v->mech_first[a + 1] - v->mech_first[a],
                       v->mech + v->mech_first[b], v->mech_first[b + 1] - v->mech_first[b]);
    }
cleanup:
    if (st != RG_OK)
        rg_i_levelview_release(v);
    return st;
}

int rg_i_levelview_covers(const rg_i_levelview *v, size_t mi, size_t i)
{
    size_t lo = v->mech_first[i], hi = v->mech_first[i + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->mech[mid] == mi)
            return 1;
        if (v->mech[mid] < mi)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* ---- frontiers ----------------------------------------------------------------------------- */

struct rg_frontier {
    size_t level;
    rg_frontier_summary summary;
    size_t nmechs;
    rg_mechanism_frontier *mechs;
    size_t *pair_first, *pairs; /* per mechanism: its frontier pairs, ranked */
    size_t npairs;
    size_t *stops;              /* per pair */
    unsigned char *gap;         /* per pair */
};

void rg_frontier_free(rg_frontier *f)
{
    if (!f)
        return;
    free(f->mechs);
    free(f->pair_first);
    free(f->pairs);
    free(f->stops);
    free(f->gap);
    free(f);
}

rg_status rg_frontier_compute(const rg_graph *graph, const char *level, rg_frontier **out)
{
    rg_i_levelview v = {0};
    rg_frontier *f = NULL;
    rg_i_ranked_pair *items = NULL;
    size_t lev = 0, mi, k, e, a, b, count = 0, cap = 0;
    rg_status st = RG_OK;

    *out = NULL;
    if (!graph) {
        st = rg_i_error(RG_ERR_ARG, "rg_frontier_compute: a graph is required");
        goto cleanup;
    }
    if ((st = rg_i_graph_level(graph, level, &lev)) != RG_OK ||
        (st = rg_i_levelview_build(graph, lev, &v)) != RG_OK)
        goto cleanup;
    if (!(f = calloc(1, sizeof *f)) ||
        !(f->mechs = rg_i_calloc_array(v.cover.nmechs + 1, sizeof *f->mechs)) ||
        !(f->pair_first = rg_i_calloc_array(v.cover.nmechs + 1, sizeof *f->pair_first)) ||
        !(f->stops = rg_i_calloc_array(v.m + 1, sizeof *f->stops)) ||
        !(f->gap = rg_i_calloc_array(v.m + 1, 1))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    f->level = lev;
    f->nmechs = v.cover.nmechs;
    f->npairs = v.m;
    for (mi = 0; mi < v.cover.nmechs; mi++) {
        size_t first = count, j;
        rg_mechanism_frontier *mf = &f->mechs[mi];
        for (j = v.cover.region_first[mi]; j < v.cover.region_first[mi + 1]; j++) {
            size_t ri = v.cover.regions[j];
            for (e = v.inc_first[ri]; e < v.inc_first[ri + 1]; e++) {
                double km;
                k = v.inc[e];
                rg_adjacency_pair(v.adj, k, &a, &b, &km, NULL);
                if (!v.border[k] || rg_i_levelview_covers(&v, mi, a == ri ? b : a))
                    continue;
                if (!rg_i_reserve((void **)&items, &cap, count + 1, sizeof *items)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                items[count++] = (rg_i_ranked_pair){km, rg_regions_id(v.r, a), rg_regions_id(v.r, b), k};
                mf->pairs++;
                mf->km += km;
                f->stops[k]++;
                if (!v.coordinated[k]) {
                    mf->gap_pairs++;
                    mf->gap_km += km;
                }
            }
        }
        if (count - first > 1)
            qsort(items + first, count - first, sizeof *items, rg_i_ranked_pair_cmp);
        f->pair_first[mi + 1] = count;
    }
    if (!(f->pairs = rg_i_malloc_array(count + 1, sizeof *f->pairs))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < count; k++)
        f->pairs[k] = items[k].k;
    for (k = 0; k < v.m; k++) {
        long pa, pb;
        double km;
        if (!f->stops[k] || v.coordinated[k])
            continue;
        f->gap[k] = 1;
        rg_adjacency_pair(v.adj, k, &a, &b, &km, NULL);
        f->summary.pairs++;
        f->summary.km += km;
        pa = rg_regions_parent(v.r, a);
        pb = rg_regions_parent(v.r, b);
        if (pa >= 0 && pb >= 0 && pa != pb) {
            f->summary.cross_pairs++;
            f->summary.cross_km += km;
        }
    }
    *out = f;
    f = NULL;
cleanup:
    free(items);
    rg_i_levelview_release(&v);
    rg_frontier_free(f);
    return st;
}

size_t rg_frontier_level(const rg_frontier *f) { return f->level; }

void rg_frontier_get_summary(const rg_frontier *f, rg_frontier_summary *summary)
{
    *summary = f->summary;
}

size_t rg_frontier_mechanism_count(const rg_frontier *f) { return f->nmechs; }

void rg_frontier_mechanism(const rg_frontier *f, size_t m, rg_mechanism_frontier *out)
{
    *out = f->mechs[m];
}

const size_t *rg_frontier_mechanism_pairs(const rg_frontier *f, size_t m, size_t *count)
{
    *count = f->pair_first[m + 1] - f->pair_first[m];
    return f->pairs + f->pair_first[m];
}

size_t rg_frontier_pair_stops(const rg_frontier *f, size_t k) { return f->stops[k]; }
int rg_frontier_pair_is_gap(const rg_frontier *f, size_t k) { return f->gap[k]; }
