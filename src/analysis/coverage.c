/* Coordination coverage of a level: covered regions, coordinated borders, mechanism pieces,
 * reach and gaps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/hash_internal.h"
#include "base/mem_internal.h"
#include "analysis/coverage_internal.h"
#include "analysis/coverage_time_internal.h"
#include "analysis/ranking_internal.h"
#include "graph/network_internal.h"
#include "regiongraph/coverage.h"


struct rg_coverage {
    size_t level;
    char *level_name;
    rg_coverage_summary summary;
    size_t nmechs;
    rg_mechanism_coverage *mechs;
    size_t nregions;
    rg_region_coverage *regions;
    size_t npairs;
    rg_pair_coverage *pairs;
    size_t ngaps;
    size_t *gaps;
    int agency_jurisdiction;
    /* per mechanism: regions of the level it covers; per region: the mechanisms covering it
     * (both ascending; kept for rg_coverage_mechanism_regions and rg_coverage_region_mechanisms) */
    size_t *mech_region_first, *mech_regions;
    size_t *region_mech_first, *region_mechs;
    /* per mechanism of the graph: the regions its members name (rg_i_member_regions_build) */
    size_t nmember_mechs, *member_first, *member_regions;
};

void rg_coverage_free(rg_coverage *cov)
{
    if (!cov)
        return;
    free(cov->level_name);
    free(cov->mechs);
    free(cov->regions);
    free(cov->pairs);
    free(cov->gaps);
    free(cov->mech_region_first);
    free(cov->mech_regions);
    free(cov->region_mech_first);
    free(cov->region_mechs);
    free(cov->member_first);
    free(cov->member_regions);
    free(cov);
}

/* Working state of one computation. */
typedef struct work {
    const rg_regions *r;
    const rg_adjacency *adj;
    rg_i_cover cover;
    size_t n, m;
    unsigned char *at_level;  /* per region */
    size_t *mech_first, *mech; /* per region: mechanisms covering it, ascending */
    size_t *inc_first, *inc;   /* per region: adjacent pairs at the level touching it */
    size_t *stamp;             /* per region, for set building */
    size_t *mstamp;            /* per mechanism */
    size_t round;
} work;

static void work_release(work *w)
{
    rg_i_cover_release(&w->cover);
    free(w->at_level);
    free(w->mech_first);
    free(w->mech);
    free(w->inc_first);
    free(w->inc);
    free(w->stamp);
    free(w->mstamp);
}

/* Transposes the per-mechanism region lists into per-region mechanism lists. Mechanisms are
 * visited in order, so each region's list ascends (which the pair intersection relies on). */
static rg_status region_mechanisms(work *w)
{
    const rg_i_cover *c = &w->cover;
    size_t *fill = NULL, mi, k;
    rg_status st = RG_OK;
    if (!(w->mech_first = rg_i_calloc_array(w->n + 1, sizeof *w->mech_first)) ||
        !(fill = rg_i_malloc_array(w->n + 1, sizeof *fill)) ||
        !(w->mech = rg_i_malloc_array(c->region_first[c->nmechs] + 1, sizeof *w->mech))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < c->region_first[c->nmechs]; k++)
        w->mech_first[c->regions[k] + 1]++;
    for (k = 0; k < w->n; k++)
        w->mech_first[k + 1] += w->mech_first[k];
    memcpy(fill, w->mech_first, (w->n + 1) * sizeof *fill);
    for (mi = 0; mi < c->nmechs; mi++)
        for (k = c->region_first[mi]; k < c->region_first[mi + 1]; k++)
            w->mech[fill[c->regions[k]]++] = mi;
cleanup:
    free(fill);
    return st;
}

/* Pairs at the level incident to each region, so that a mechanism's pieces and outer border are
 * found from its covered regions alone. */
static rg_status incident_pairs(work *w)
{
    size_t *fill = NULL, k, a, b;
    rg_status st = RG_OK;
    if (!(w->inc_first = rg_i_calloc_array(w->n + 1, sizeof *w->inc_first)) ||
        !(fill = rg_i_malloc_array(w->n + 1, sizeof *fill)) ||
        !(w->inc = rg_i_malloc_array(2 * w->m + 1, sizeof *w->inc))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < w->m; k++) {
        rg_adjacency_pair(w->adj, k, &a, &b, NULL, NULL);
        if (!w->at_level[a] || !w->at_level[b])
            continue;
        w->inc_first[a + 1]++;
        w->inc_first[b + 1]++;
    }
    for (k = 0; k < w->n; k++)
        w->inc_first[k + 1] += w->inc_first[k];
    memcpy(fill, w->inc_first, (w->n + 1) * sizeof *fill);
    for (k = 0; k < w->m; k++) {
        rg_adjacency_pair(w->adj, k, &a, &b, NULL, NULL);
        if (!w->at_level[a] || !w->at_level[b])
            continue;
        w->inc[fill[a]++] = k;
        w->inc[fill[b]++] = k;
    }
cleanup:
    free(fill);
    return st;
}

static size_t uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]]; /* path halving keeps the trees shallow */
        x = parent[x];
    }
    return x;
}

/* Pieces and outer border of each mechanism: a union-find over its covered regions joined by the
 * pairs whose both sides it covers; a pair with one side outside adds to the outer km. Time
 * O(sum over mechanisms of the pairs touching its covered regions). */
static rg_status mechanism_figures(work *w, rg_coverage *cov)
{
    const rg_i_cover *c = &w->cover;
    size_t *pos = NULL, *parent = NULL, mi, k, e;
    rg_status st = RG_OK;
    if (!(pos = rg_i_malloc_array(w->n + 1, sizeof *pos)) ||
        !(parent = rg_i_malloc_array(w->n + 1, sizeof *parent))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (mi = 0; mi < c->nmechs; mi++) {
        rg_mechanism_coverage *out = &cov->mechs[mi];
        size_t first = c->region_first[mi], count = c->region_first[mi + 1] - first;
        w->round++;
        for (k = 0; k < count; k++) {
            size_t ri = c->regions[first + k];
            w->stamp[ri] = w->round;
            pos[ri] = k;
            parent[k] = k;
        }
        out->region_members = c->region_members[mi];
        out->agency_members = c->agency_first[mi + 1] - c->agency_first[mi];
        out->covered = count;
        out->pieces = count;
        out->outer_km = 0;
        for (k = 0; k < count; k++) {
            size_t ri = c->regions[first + k];
            for (e = w->inc_first[ri]; e < w->inc_first[ri + 1]; e++) {
                size_t pk = w->inc[e], a, b, other;
                double km;
                rg_adjacency_pair(w->adj, pk, &a, &b, &km, NULL);
                other = a == ri ? b : a;
                if (w->stamp[other] != w->round) {
                    out->outer_km += km;
                } else if (ri < other) {
                    size_t x = uf_find(parent, pos[ri]), y = uf_find(parent, pos[other]);
                    if (x != y) {
                        parent[x] = y;
                        out->pieces--;
                    }
                }
            }
        }
    }
cleanup:
    free(pos);
    free(parent);
    return st;
}

/* Reach of each region of the level: reach1 counts the regions of the mechanisms covering it;
 * reach2 those of every mechanism that shares a region with one of those (two coordination
 * steps: i and k share m, k and j share m'). The second step walks the regions found in the
 * first and the mechanisms covering each, every mechanism once: memory stays linear (a list
 * of regions), where a table of the mechanisms neighbouring each mechanism grew with the
 * square of the mechanisms sharing a region (20,000 of them on one region took gigabytes). */
/* 1 when region *key is covered by the same mechanisms as region index (rg_i_idmap_eq). */
static int same_mechanisms(const void *ctx, size_t index, const void *key)
{
    const work *w = ctx;
    size_t j = *(const size_t *)key, n = w->mech_first[index + 1] - w->mech_first[index];
    return n == w->mech_first[j + 1] - w->mech_first[j] &&
           memcmp(w->mech + w->mech_first[index], w->mech + w->mech_first[j],
                  n * sizeof *w->mech) == 0;
}

static rg_status reach(work *w, rg_coverage *cov)
{
    const rg_i_cover *c = &w->cover;
    size_t *found = NULL, nfound, mi, k, e, i, f;
    rg_i_idmap seen = {0};
    rg_status st = RG_OK;
    if (!(found = rg_i_malloc_array(w->n + 1, sizeof *found))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < w->n; i++) {
        rg_region_coverage *out = &cov->regions[i];
        size_t r1 = 0, r2 = 0, round1, round2, twin;
        uint64_t h;
        if (!out->at_level || !out->mechanisms)
            continue;
        /* Both reaches depend on the set of mechanisms covering i alone (i is in each of their
         * region lists, so it is the one region left out either way): regions covered by the
         * same mechanisms (most of a large mechanism's) take the figures of the first. */
        h = rg_i_hash_bytes((const char *)(w->mech + w->mech_first[i]),
                            out->mechanisms * sizeof *w->mech, RG_I_HASH_SEED);
        if ((twin = rg_i_idmap_find(&seen, h, same_mechanisms, w, &i)) != SIZE_MAX) {
            out->reach1 = cov->regions[twin].reach1;
            out->reach2 = cov->regions[twin].reach2;
            continue;
        }
        if (!rg_i_idmap_reserve(&seen)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        rg_i_idmap_put(&seen, h, i);
        round1 = ++w->round;
        w->stamp[i] = round1; /* the region itself is never counted */
        nfound = 0;
        found[nfound++] = i;  /* but its mechanisms are among those of the second step */
        for (e = w->mech_first[i]; e < w->mech_first[i + 1]; e++) {
            mi = w->mech[e];
            for (k = c->region_first[mi]; k < c->region_first[mi + 1]; k++)
                if (w->stamp[c->regions[k]] != round1) {
                    w->stamp[c->regions[k]] = round1;
                    found[nfound++] = c->regions[k];
                    r1++;
                }
        }
        /* Second step: every mechanism covering a region of the first step, each once, then
         * its regions. The mechanism stamp and the region stamp share the round counter but
         * not the arrays. */
        round2 = ++w->round;
        w->stamp[i] = round2;
        for (f = 0; f < nfound; f++) {
            size_t ri = found[f];
            for (e = w->mech_first[ri]; e < w->mech_first[ri + 1]; e++) {
                size_t m2 = w->mech[e];
                if (w->mstamp[m2] == round2)
                    continue;
                w->mstamp[m2] = round2;
                for (k = c->region_first[m2]; k < c->region_first[m2 + 1]; k++)
                    if (w->stamp[c->regions[k]] != round2) {
                        w->stamp[c->regions[k]] = round2;
                        r2++;
                    }
            }
        }
        out->reach1 = r1;
        out->reach2 = r2;
    }
cleanup:
    rg_i_idmap_release(&seen);
    free(found);
    return st;
}

/* Number of mechanisms in both ascending lists. */
static size_t shared_count(const size_t *x, size_t nx, const size_t *y, size_t ny)
{
    size_t i = 0, j = 0, count = 0;
    while (i < nx && j < ny) {
        if (x[i] < y[j])
            i++;
        else if (x[i] > y[j])
            j++;
        else {
            count++;
            i++;
            j++;
        }
    }
    return count;
}

int rg_i_ranked_pair_cmp(const void *x, const void *y)
{
    const rg_i_ranked_pair *p = x, *q = y;
    int c;
    if (p->km != q->km)
        return p->km > q->km ? -1 : 1;
    if ((c = strcmp(p->ida, q->ida)) != 0)
        return c;
    return strcmp(p->idb, q->idb);
}

/* Pair figures, the summary's pair counts and the ranked gaps. */
static rg_status pair_figures(work *w, rg_coverage *cov)
{
    rg_coverage_summary *s = &cov->summary;
    rg_i_ranked_pair *items = NULL;
    size_t k, a, b, n = 0;
    rg_status st = RG_OK;
    if (!(items = rg_i_malloc_array(w->m + 1, sizeof *items))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < w->m; k++) {
        rg_pair_coverage *p = &cov->pairs[k];
        long pa, pb;
        double km;
        rg_adjacency_pair(w->adj, k, &a, &b, &km, NULL);
        /* An island link (rg_adjacency_link_islands) joins regions that share no border: it is
         * neither a coordinated border nor a gap, so it is left out of the level's pairs. It
         * still joins a mechanism's pieces (incident_pairs), as it joins the network. */
        if (!w->at_level[a] || !w->at_level[b] ||
            rg_adjacency_contact(w->adj, k) == RG_CONTACT_ISLAND)
            continue;
        pa = rg_regions_parent(w->r, a);
        pb = rg_regions_parent(w->r, b);
        p->at_level = 1;
        p->cross_parent = pa >= 0 && pb >= 0 && pa != pb;
        p->shared = shared_count(w->mech + w->mech_first[a], w->mech_first[a + 1] - w->mech_first[a],
                                 w->mech + w->mech_first[b], w->mech_first[b + 1] - w->mech_first[b]);
        s->pairs++;
        s->km += km;
        if (p->shared) {
            s->pairs_coordinated++;
            s->km_coordinated += km;
        }
        if (p->cross_parent) {
            s->cross_pairs++;
            s->cross_km += km;
            if (p->shared) {
                s->cross_pairs_coordinated++;
                s->cross_km_coordinated += km;
            }
        }
        if (!p->shared) {
            items[n].km = km;
            items[n].ida = rg_regions_id(w->r, a);
            items[n].idb = rg_regions_id(w->r, b);
            items[n].k = k;
            n++;
        }
    }
    s->gaps = n;
    if (n > 1)
        qsort(items, n, sizeof *items, rg_i_ranked_pair_cmp);
    if (!(cov->gaps = rg_i_malloc_array(n + 1, sizeof *cov->gaps))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < n; k++)
        cov->gaps[k] = items[k].k;
    cov->ngaps = n;
cleanup:
    free(items);
    return st;
}

rg_status rg_coverage_compute(const rg_graph *graph, const rg_coverage_options *options,
                              rg_coverage **out)
{
    rg_coverage_options defaults = {0};
    rg_coverage *cov = NULL;
    work w = {0};
    long wf = -1;
    size_t i, level = 0;
    rg_status st = RG_OK;

    *out = NULL;
    if (!graph) {
        st = rg_i_error(RG_ERR_ARG, "rg_coverage_compute: a graph is required");
        goto cleanup;
    }
    if (!options)
        options = &defaults;
    w.r = rg_graph_regions(graph);
    w.adj = rg_graph_adjacency(graph);
    w.n = rg_regions_count(w.r);
    w.m = rg_adjacency_count(w.adj);
    if ((st = rg_i_graph_level(graph, options->level, &level)) != RG_OK)
        goto cleanup;
    if (options->weight_field) {
        wf = rg_regions_field_index(w.r, options->weight_field);
        if (wf < 0) {
            st = rg_i_error(RG_ERR_ARG, "%s: no field '%s' to weight the coverage with",
                            rg_regions_source(w.r), options->weight_field);
            goto cleanup;
        }
        if (rg_regions_field_type(w.r, (size_t)wf) == RG_FIELD_STRING) {
            st = rg_i_error(RG_ERR_ARG, "%s: field '%s' is text, not a number: it cannot weight "
                            "the coverage", rg_regions_source(w.r), options->weight_field);
            goto cleanup;
        }
    }
    if ((st = rg_i_cover_build(graph, level, options->agency_jurisdiction, &w.cover)) != RG_OK ||
        (st = rg_i_cover_keep_in_force(&w.cover, rg_graph_coordination(graph), options->at_first,
                                       options->at_last)) != RG_OK)
        goto cleanup;
    if (!(cov = calloc(1, sizeof *cov)) ||
        !(cov->level_name = rg_i_strdup(rg_regions_level_name(w.r, level))) ||
        !(cov->mechs = rg_i_calloc_array(w.cover.nmechs + 1, sizeof *cov->mechs)) ||
        !(cov->regions = rg_i_calloc_array(w.n + 1, sizeof *cov->regions)) ||
        !(cov->pairs = rg_i_calloc_array(w.m + 1, sizeof *cov->pairs)) ||
        !(w.at_level = rg_i_calloc_array(w.n + 1, sizeof *w.at_level)) ||
        !(w.stamp = rg_i_calloc_array(w.n + 1, sizeof *w.stamp)) ||
        !(w.mstamp = rg_i_calloc_array(w.cover.nmechs + 1, sizeof *w.mstamp))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    cov->level = level;
    cov->nmechs = w.cover.nmechs;
    cov->nregions = w.n;
    cov->npairs = w.m;
    for (i = 0; i < w.n; i++)
        w.at_level[i] = rg_regions_level(w.r, i) == level;
    if ((st = region_mechanisms(&w)) != RG_OK || (st = incident_pairs(&w)) != RG_OK)
        goto cleanup;

    cov->summary.weighted = wf >= 0;
    for (i = 0; i < w.n; i++) {
        rg_region_coverage *rc = &cov->regions[i];
        double value = 0;
        if (!w.at_level[i])
            continue;
        rc->at_level = 1;
        rc->mechanisms = w.mech_first[i + 1] - w.mech_first[i];
        cov->summary.regions++;
        if (rc->mechanisms)
            cov->summary.covered++;
        if (wf >= 0 && rg_regions_value_real(w.r, i, (size_t)wf, &value)) {
            cov->summary.weight_total += value;
            if (rc->mechanisms)
                cov->summary.weight_covered += value;
        }
    }
    if ((st = mechanism_figures(&w, cov)) != RG_OK || (st = reach(&w, cov)) != RG_OK ||
        (st = pair_figures(&w, cov)) != RG_OK)
        goto cleanup;
    if (rg_graph_coordination(graph)) {
        cov->nmember_mechs = rg_coordination_mechanism_count(rg_graph_coordination(graph));
        if ((st = rg_i_member_regions_build(graph, cov->nmember_mechs, &cov->member_first,
                                            &cov->member_regions)) != RG_OK)
            goto cleanup;
    }
    /* the lists outlive the computation: the layers and the report name the mechanisms */
    cov->agency_jurisdiction = options->agency_jurisdiction;
    cov->mech_region_first = w.cover.region_first;
    cov->mech_regions = w.cover.regions;
    cov->region_mech_first = w.mech_first;
    cov->region_mechs = w.mech;
    w.cover.region_first = w.cover.regions = w.mech_first = w.mech = NULL;
    *out = cov;
    cov = NULL;
cleanup:
    work_release(&w);
    rg_coverage_free(cov);
    return st;
}

size_t rg_coverage_level(const rg_coverage *cov) { return cov->level; }
const char *rg_coverage_level_name(const rg_coverage *cov) { return cov->level_name; }

void rg_coverage_get_summary(const rg_coverage *cov, rg_coverage_summary *summary)
{
    *summary = cov->summary;
}

size_t rg_coverage_mechanism_count(const rg_coverage *cov) { return cov->nmechs; }

void rg_coverage_mechanism(const rg_coverage *cov, size_t m, rg_mechanism_coverage *out)
{
    *out = cov->mechs[m];
}

void rg_coverage_region(const rg_coverage *cov, size_t region, rg_region_coverage *out)
{
    *out = cov->regions[region];
}

void rg_coverage_pair(const rg_coverage *cov, size_t k, rg_pair_coverage *out)
{
    *out = cov->pairs[k];
}

size_t rg_coverage_gap_count(const rg_coverage *cov) { return cov->ngaps; }

const size_t *rg_coverage_mechanism_regions(const rg_coverage *cov, size_t m, size_t *count)
{
    *count = cov->mech_region_first[m + 1] - cov->mech_region_first[m];
    return cov->mech_regions + cov->mech_region_first[m];
}

const size_t *rg_coverage_region_mechanisms(const rg_coverage *cov, size_t region, size_t *count)
{
    *count = cov->region_mech_first[region + 1] - cov->region_mech_first[region];
    return cov->region_mechs + cov->region_mech_first[region];
}

const size_t *rg_i_coverage_member_regions(const rg_coverage *cov, size_t m, size_t *count)
{
    if (m >= cov->nmember_mechs) {
        *count = 0;
        return NULL;
    }
    *count = cov->member_first[m + 1] - cov->member_first[m];
    return cov->member_regions + cov->member_first[m];
}

int rg_coverage_agency_jurisdiction(const rg_coverage *cov) { return cov->agency_jurisdiction; }
const size_t *rg_coverage_gaps(const rg_coverage *cov) { return cov->gaps; }
