/* The frontier in the coverage report: the gaps where coordination reaches one side and stops,
 * ranked first, with totals overall, across parents and per mechanism (frontier.h). */
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "report/frontier_view_internal.h"
#include "report/units_internal.h"

static const rg_adjacency *sort_adj; /* qsort has no context; the report is single-threaded */

static int cmp_front(const void *pa, const void *pb)
{
    size_t a1, b1, a2, b2;
    double k1, k2;
    int c;
    rg_adjacency_pair(sort_adj, *(const size_t *)pa, &a1, &b1, &k1, NULL);
    rg_adjacency_pair(sort_adj, *(const size_t *)pb, &a2, &b2, &k2, NULL);
    if (k1 != k2)
        return k1 > k2 ? -1 : 1;
    if ((c = (a1 > a2) - (a1 < a2)) != 0)
        return c;
    return (b1 > b2) - (b1 < b2);
}

static void sort_front(rg_i_frontier_view *v)
{
    sort_adj = rg_graph_adjacency(v->graph);
    qsort(v->front, v->nfront, sizeof *v->front, cmp_front);
}

rg_status rg_i_frontier_view_init(rg_i_frontier_view *v, const rg_graph *graph,
                                  const rg_coverage *coverage, int all)
{
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t n = rg_regions_count(rg_graph_regions(graph)), k, a, b;
    rg_status st;
    memset(v, 0, sizeof *v);
    v->graph = graph;
    v->mu = rg_i_report_mu(graph);
    v->coverage = coverage;
    v->all = all;
    if ((st = rg_coverage_ranked_gaps(coverage, graph, all, &v->gaps, &v->ngaps,
                                      &v->nfrontier)) != RG_OK)
        goto cleanup;
    if (!(v->stops = rg_i_malloc_array(rg_coverage_mechanism_count(coverage) + 1,
                                       sizeof *v->stops)) ||
        !(v->region_gaps = rg_i_calloc_array(n + 1, sizeof *v->region_gaps)) ||
        !(v->region_gap_km = rg_i_calloc_array(n + 1, sizeof *v->region_gap_km))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if (!(v->mechs = rg_i_calloc_array(rg_coverage_mechanism_count(coverage) + 1,
                                       sizeof *v->mechs)) ||
        !(v->front = rg_i_malloc_array(rg_adjacency_count(adj) + 1, sizeof *v->front))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* the km ranking of every pair (rg_coverage_gaps ranks only gaps): sort all the pairs at the
     * level that are on some frontier */
    for (k = 0; k < rg_adjacency_count(adj); k++) {
        rg_pair_coverage pc;
        size_t ns, j;
        double km;
        rg_coverage_pair(coverage, k, &pc);
        if (!pc.at_level || !(ns = rg_i_frontier_view_stops(v, k)))
            continue;
        rg_adjacency_pair(adj, k, &a, &b, &km, NULL);
        v->front[v->nfront++] = k;
        for (j = 0; j < ns; j++) {
            rg_mechanism_frontier *mf = &v->mechs[v->stops[j]];
            mf->pairs++;
            mf->km += km;
            if (!pc.shared) {
                mf->gap_pairs++;
                mf->gap_km += km;
            }
        }
        if (pc.shared)
            continue;
        v->summary.pairs++;
        v->summary.km += km;
        if (pc.cross_parent) {
            v->summary.cross_pairs++;
            v->summary.cross_km += km;
        }
        v->region_gaps[a]++;
        v->region_gaps[b]++;
        v->region_gap_km[a] += km;
        v->region_gap_km[b] += km;
    }
    sort_front(v);
cleanup:
    if (st != RG_OK)
        rg_i_frontier_view_release(v);
    return st;
}

void rg_i_frontier_view_release(rg_i_frontier_view *v)
{
    free(v->mechs);
    free(v->front);
    free(v->gaps);
    free(v->stops);
    free(v->region_gaps);
    free(v->region_gap_km);
    memset(v, 0, sizeof *v);
}

size_t rg_i_frontier_view_stops(rg_i_frontier_view *v, size_t k)
{
    return rg_coverage_pair_stops(v->coverage, v->graph, k, v->stops,
                                  rg_coverage_mechanism_count(v->coverage));
}

void rg_i_frontier_stops_text(rg_i_frontier_view *v, size_t k, const char *sep, char *buf,
                              size_t size)
{
    const rg_coordination *coord = rg_graph_coordination(v->graph);
    size_t n = rg_i_frontier_view_stops(v, k), j, len = 0;
    buf[0] = '\0';
    for (j = 0; j < n && len + 1 < size; j++) {
        int w = snprintf(buf + len, size - len, "%s%s", j ? sep : "",
                         rg_coordination_mechanism_id(coord, v->stops[j]));
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

void rg_i_frontier_text_totals(const rg_i_frontier_view *v, FILE *out)
{
    const rg_frontier_summary *s = &v->summary;
    rg_i_mu_printf(out, v->mu, 1,
                   "%zu frontier gap%s, where a mechanism covers one side only (%.1f km),\n",
                   s->pairs, s->pairs == 1 ? "" : "s", s->km);
    rg_i_mu_printf(out, v->mu, 1, "%zu of them across parents (%.1f km)\n", s->cross_pairs,
                   s->cross_km);
}

/* The regions mechanism m stops at: the sides of its frontier pairs it does not cover, each
 * once, longest border first; into list (at most count), returns how many. */
static size_t stopped_at(rg_i_frontier_view *v, size_t m, size_t *list, size_t cap)
{
    const rg_adjacency *adj = rg_graph_adjacency(v->graph);
    size_t k, n = 0, a, b, j, mc;
    for (k = 0; k < v->nfront; k++) {
        const size_t *ma;
        int a_in = 0, b_in = 0, seen = 0;
        size_t out, nb;
        const size_t *mb;
        rg_adjacency_pair(adj, v->front[k], &a, &b, NULL, NULL);
        ma = rg_coverage_region_mechanisms(v->coverage, a, &mc);
        for (j = 0; j < mc; j++)
            a_in |= ma[j] == m;
        mb = rg_coverage_region_mechanisms(v->coverage, b, &nb);
        for (j = 0; j < nb; j++)
            b_in |= mb[j] == m;
        if (a_in == b_in)
            continue; /* not m's frontier */
        out = a_in ? b : a;
        for (j = 0; j < n && !seen; j++)
            seen = list[j] == out;
        if (!seen && n < cap)
            list[n++] = out;
    }
    return n;
}

rg_status rg_i_frontier_mechanism_table(rg_i_frontier_view *v, int markdown, rg_i_table **out)
{
    static const char *const headers[] = {"id", "frontier", "km", "gaps", "gap km", "stops at"};
    char hb[32];
    const rg_coordination *coord = rg_graph_coordination(v->graph);
    const rg_regions *r = rg_graph_regions(v->graph);
    size_t nm = rg_coverage_mechanism_count(v->coverage), m, c, k, n;
    size_t *list = NULL, cap = rg_regions_count(r) + 1;
    char *text = NULL;
    rg_i_table *t = NULL;
    rg_status st;

    if ((st = rg_i_table_new(6, &t)) != RG_OK)
        goto cleanup;
    for (c = 0; c < 6; c++)
        if ((st = rg_i_table_column(t, c, rg_i_mu_name(v->mu, headers[c], hb, sizeof hb),
                                    c == 0 || c == 5 ? RG_I_ALIGN_LEFT : RG_I_ALIGN_RIGHT,
                                    markdown ? 0 : c == 0 ? 10 : c == 5 ? 12 : 0)) != RG_OK)
            goto cleanup;
    if (!(list = rg_i_malloc_array(cap, sizeof *list))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (m = 0; m < nm; m++) {
        rg_mechanism_frontier mf;
        size_t len = 0, size = 1;
        mf = v->mechs[m];
        n = stopped_at(v, m, list, cap);
        for (k = 0; k < n; k++)
            size += strlen(rg_regions_id(r, list[k])) + strlen(rg_regions_name(r, list[k])) + 4;
        free(text);
        if (!(text = malloc(size))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        text[0] = '\0';
        for (k = 0; k < n; k++)
            len += (size_t)snprintf(text + len, size - len, markdown ? "%s%s %s" : "%s%.0s%s",
                                    k ? ", " : "", rg_regions_id(r, list[k]),
                                    rg_regions_name(r, list[k]));
        if ((st = rg_i_table_add(t, rg_coordination_mechanism_id(coord, m))) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", mf.pairs)) != RG_OK ||
            (st = rg_i_table_addf(t, "%.1f", mf.km)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", mf.gap_pairs)) != RG_OK ||
            (st = rg_i_table_addf(t, "%.1f", mf.gap_km)) != RG_OK ||
            (st = rg_i_table_add(t, n ? text : "-")) != RG_OK)
            goto cleanup;
    }
    *out = t;
    t = NULL;
cleanup:
    free(list);
    free(text);
    rg_i_table_free(t);
    return st;
}

void rg_i_frontier_json_summary(const rg_i_frontier_view *v, FILE *out)
{
    rg_i_mu_printf(out, v->mu, 1, ", \"frontier_gaps\": %zu, \"frontier_gap_km\": ", v->summary.pairs);
    rg_i_json_real(out, v->summary.km);
    rg_i_mu_printf(out, v->mu, 1, ", \"cross_frontier_gaps\": %zu, \"cross_frontier_gap_km\": ",
            v->summary.cross_pairs);
    rg_i_json_real(out, v->summary.cross_km);
    fprintf(out, ", \"gaps_listed\": \"%s\"", v->all ? "all" : "frontier");
}

void rg_i_frontier_json_mechanism(rg_i_frontier_view *v, size_t m, FILE *out)
{
    const rg_regions *r = rg_graph_regions(v->graph);
    rg_mechanism_frontier mf = v->mechs[m];
    size_t cap = rg_regions_count(r) + 1, *list = rg_i_malloc_array(cap, sizeof *list), n, k;
    rg_i_mu_printf(out, v->mu, 1, ", \"frontier_pairs\": %zu, \"frontier_km\": ", mf.pairs);
    rg_i_json_real(out, mf.km);
    rg_i_mu_printf(out, v->mu, 1, ", \"frontier_gap_pairs\": %zu, \"frontier_gap_km\": ", mf.gap_pairs);
    rg_i_json_real(out, mf.gap_km);
    /* out of memory: the list is left empty rather than the document broken */
    n = list ? stopped_at(v, m, list, cap) : 0;
    fputs(", \"stops_at\": [", out);
    for (k = 0; k < n; k++) {
        fputs(k ? ", " : "", out);
        rg_i_json_string(out, rg_regions_id(r, list[k]));
    }
    fputc(']', out);
    free(list);
}

void rg_i_frontier_json_gap(rg_i_frontier_view *v, size_t k, FILE *out)
{
    const rg_coordination *coord = rg_graph_coordination(v->graph);
    size_t a, b, na, nb, n = rg_i_frontier_view_stops(v, k), j;
    rg_adjacency_pair(rg_graph_adjacency(v->graph), k, &a, &b, NULL, NULL);
    rg_coverage_region_mechanisms(v->coverage, a, &na);
    rg_coverage_region_mechanisms(v->coverage, b, &nb);
    fprintf(out, ", \"frontier\": %s, \"covered_a\": %s, \"covered_b\": %s, \"stops\": [",
            n ? "true" : "false", na ? "true" : "false", nb ? "true" : "false");
    for (j = 0; j < n; j++) {
        fputs(j ? ", " : "", out);
        rg_i_json_string(out, rg_coordination_mechanism_id(coord, v->stops[j]));
    }
    fputc(']', out);
}
