/* The network summary: what `report` says about a graph without coordination data (components,
 * regions without neighbours, degrees, longest borders, top brokers), in the four formats. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/network.h"
#include "regiongraph/report.h"
#include "report/table_internal.h"

#define HIST_MAX 10 /* degrees 0..HIST_MAX-1 one by one, then HIST_MAX and more together */

typedef struct summary {
    size_t n;             /* regions of the graph's layer */
    size_t nlevel;        /* of them at the level */
    size_t *degree;       /* per region: pairs at the level */
    double *km;           /* per region: border km at the level */
    size_t *comp;         /* per region: component number (largest first), (size_t)-1 off level */
    size_t *comp_size;    /* per component */
    size_t ncomp, isolated;
    size_t *pairs;        /* pairs at the level, longest first */
    size_t npairs;
    double total_km;
    size_t dmin, dmax, hist[HIST_MAX + 1];
    double dmedian, dmean;
    size_t *brokers;      /* regions at the level by betweenness, highest first */
    double *between;      /* per region */
} summary;

static const rg_adjacency *g_adj; /* for the qsort comparators (one report at a time) */
static const double *g_key;

static size_t find(size_t *up, size_t i)
{
    while (up[i] != i)
        i = up[i] = up[up[i]];
    return i;
}

static int cmp_pair_km(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb, x, y;
    double ka, kb;
    rg_adjacency_pair(g_adj, a, &x, &y, &ka, NULL);
    rg_adjacency_pair(g_adj, b, &x, &y, &kb, NULL);
    return ka > kb ? -1 : ka < kb ? 1 : (a > b) - (a < b);
}

static int cmp_key_desc(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double ka = g_key[a], kb = g_key[b];
    return ka > kb ? -1 : ka < kb ? 1 : (a > b) - (a < b);
}

static int cmp_size(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return (a > b) - (a < b);
}

static void summary_free(summary *s)
{
    free(s->degree);
    free(s->km);
    free(s->comp);
    free(s->comp_size);
    free(s->pairs);
    free(s->brokers);
    free(s->between);
}

static rg_status summarise(const rg_graph *graph, const rg_coverage *coverage,
                           const rg_centrality *centrality, summary *s)
{
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t n = rg_regions_count(rg_graph_regions(graph)), m = rg_adjacency_count(adj);
    size_t i, k, r, *up = NULL, *order = NULL, *root_comp = NULL, *sizes = NULL;
    rg_status st = RG_OK;
    memset(s, 0, sizeof *s);
    s->n = n;
    if (!(s->degree = rg_i_calloc_array(n + 1, sizeof *s->degree)) ||
        !(s->km = rg_i_calloc_array(n + 1, sizeof *s->km)) ||
        !(s->comp = rg_i_calloc_array(n + 1, sizeof *s->comp)) ||
        !(s->comp_size = rg_i_calloc_array(n + 1, sizeof *s->comp_size)) ||
        !(s->pairs = rg_i_calloc_array(m + 1, sizeof *s->pairs)) ||
        !(s->brokers = rg_i_calloc_array(n + 1, sizeof *s->brokers)) ||
        !(s->between = rg_i_calloc_array(n + 1, sizeof *s->between)) ||
        !(up = rg_i_calloc_array(n + 1, sizeof *up)) ||
        !(order = rg_i_calloc_array(n + 1, sizeof *order)) ||
        !(root_comp = rg_i_calloc_array(n + 1, sizeof *root_comp)) ||
        !(sizes = rg_i_calloc_array(n + 1, sizeof *sizes))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        up[i] = i;
    for (k = 0; k < m; k++) {
        rg_pair_coverage pc;
        size_t a, b;
        double km;
        rg_coverage_pair(coverage, k, &pc);
        if (!pc.at_level)
            continue;
        rg_adjacency_pair(adj, k, &a, &b, &km, NULL);
        s->pairs[s->npairs++] = k;
        s->total_km += km;
        s->degree[a]++;
        s->degree[b]++;
        s->km[a] += km;
        s->km[b] += km;
        up[find(up, a)] = find(up, b);
    }
    g_adj = adj;
    qsort(s->pairs, s->npairs, sizeof *s->pairs, cmp_pair_km);
    /* components: sizes per root, then numbered largest first (ties: lowest region first) */
    for (i = 0; i < n; i++) {
        rg_region_coverage rc;
        rg_coverage_region(coverage, i, &rc);
        s->comp[i] = (size_t)-1;
        if (rc.at_level) {
            order[s->nlevel++] = i;
            sizes[find(up, i)]++;
        }
    }
    for (r = 0; r < s->nlevel; r++) {
        size_t root = find(up, order[r]);
        if (!root_comp[root]) {
            s->comp_size[s->ncomp] = sizes[root];
            root_comp[root] = ++s->ncomp; /* 1-based while numbering */
        }
    }
    /* renumber by size: stable order of (size desc, first region) */
    {
        size_t c, *rank = sizes; /* reuse: rank[c] = new number of component c */
        size_t *byc = rg_i_calloc_array(s->ncomp + 1, sizeof *byc);
        double *key = rg_i_calloc_array(s->ncomp + 1, sizeof *key);
        size_t *lvl = rg_i_calloc_array(s->nlevel + 1, sizeof *lvl);
        if (!byc || !key || !lvl) {
            free(byc);
            free(key);
            free(lvl);
            st = RG_I_NOMEM();
            goto cleanup;
        }
        memcpy(lvl, order, s->nlevel * sizeof *lvl);
        for (c = 0; c < s->ncomp; c++) {
            byc[c] = c;
            key[c] = (double)s->comp_size[c];
        }
        g_key = key;
        qsort(byc, s->ncomp, sizeof *byc, cmp_key_desc);
        for (c = 0; c < s->ncomp; c++)
            rank[byc[c]] = c;
        for (c = 0; c < s->ncomp; c++)
            s->comp_size[c] = (size_t)key[byc[c]];
        for (r = 0; r < s->nlevel; r++)
            s->comp[lvl[r]] = rank[root_comp[find(up, lvl[r])] - 1];
        free(byc);
        free(key);
        free(lvl);
    }
    /* degrees */
    {
        size_t *deg = order; /* the degrees of the regions at the level, sorted */
        size_t w = 0;
        double sum = 0;
        for (i = 0; i < n; i++)
            if (s->comp[i] != (size_t)-1) {
                deg[w++] = s->degree[i];
                sum += (double)s->degree[i];
                s->hist[s->degree[i] < HIST_MAX ? s->degree[i] : HIST_MAX]++;
                s->isolated += s->degree[i] == 0;
            }
        qsort(deg, w, sizeof *deg, cmp_size);
        if (w) {
            s->dmin = deg[0];
            s->dmax = deg[w - 1];
            s->dmedian = w % 2 ? (double)deg[w / 2] : ((double)deg[w / 2 - 1] + deg[w / 2]) / 2;
            s->dmean = sum / (double)w;
        }
    }
    /* brokers: betweenness of the regions' nodes */
    if (centrality) {
        const rg_network *net = rg_centrality_network(centrality);
        for (i = 0; i < n; i++) {
            long v = rg_network_region_node(net, i);
            s->between[i] = v < 0 ? 0 : rg_centrality_value(centrality, (size_t)v,
                                                            RG_MEASURE_BETWEENNESS);
        }
    }
    for (i = 0, r = 0; i < n; i++)
        if (s->comp[i] != (size_t)-1)
            s->brokers[r++] = i;
    g_key = s->between;
    qsort(s->brokers, r, sizeof *s->brokers, cmp_key_desc);
cleanup:
    free(up);
    free(order);
    free(root_comp);
    free(sizes);
    return st;
}

static size_t shown(size_t top, size_t n)
{
    return top && top < n ? top : n;
}

static rg_status network_text(const rg_graph *graph, const summary *s, const char *level, int md,
                              size_t top, int have_between, FILE *out)
{
    const rg_regions *regions = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    /* a map in unknown map units: lengths named so, never km (docs/commands.md) */
    int mu = rg_i_crs_wkt_map_units(rg_regions_crs_wkt(regions));
    const char *h2 = md ? "## " : "", *ind = md ? "" : "  ", *li = md ? "- " : "  ";
    rg_i_table *t = NULL;
    size_t i, k, c, nb = shown(top, s->npairs), nr = shown(top, s->nlevel);
    rg_status st = RG_OK;

    fprintf(out, "%sNetwork at level %s (no coordination data)\n\n", md ? "# " : "", level);
    fprintf(out, "%sregions %zu, neighbouring pairs %zu, shared border %.1f %s\n", li, s->nlevel,
            s->npairs, s->total_km, mu ? "map units" : "km");
    fprintf(out, "%scomponents %zu; largest:", li, s->ncomp);
    for (c = 0; c < shown(5, s->ncomp); c++)
        fprintf(out, "%s %zu", c ? "," : "", s->comp_size[c]);
    fprintf(out, " regions\n%sregions without neighbours %zu%s", li, s->isolated,
            s->isolated ? ":" : "\n");
    for (i = 0, k = 0; i < s->n && s->isolated; i++)
        if (s->comp[i] != (size_t)-1 && !s->degree[i])
            fprintf(out, "%s %s", k++ ? "," : "", rg_regions_name(regions, i));
    if (s->isolated)
        fputc('\n', out);
    fprintf(out, "%sneighbours per region: min %zu, median %g, mean %.2f, max %zu\n\n", li,
            s->dmin, s->dmedian, s->dmean, s->dmax);

    /* the degree histogram */
    fprintf(out, "%sRegions by number of neighbours\n\n", h2);
    if ((st = rg_i_table_new(3, &t)) != RG_OK ||
        (st = rg_i_table_column(t, 0, "neighbours", RG_I_ALIGN_RIGHT, 0)) != RG_OK ||
        (st = rg_i_table_column(t, 1, "regions", RG_I_ALIGN_RIGHT, 0)) != RG_OK ||
        (st = rg_i_table_column(t, 2, md ? "" : "", RG_I_ALIGN_LEFT, 0)) != RG_OK)
        goto cleanup;
    for (k = 0; k <= HIST_MAX && k <= s->dmax; k++) {
        char bar[41];
        size_t most = 1, len;
        for (c = 0; c <= HIST_MAX; c++)
            most = s->hist[c] > most ? s->hist[c] : most;
        len = (s->hist[k] * 40 + most - 1) / most;
        memset(bar, '#', len);
        bar[len] = '\0';
        if ((st = k < HIST_MAX ? rg_i_table_addf(t, "%zu", k) : rg_i_table_addf(t, "%d+", HIST_MAX)) !=
                RG_OK ||
            (st = rg_i_table_addf(t, "%zu", s->hist[k])) != RG_OK ||
            (st = rg_i_table_add(t, bar)) != RG_OK)
            goto cleanup;
    }
    if ((st = md ? rg_i_table_write_markdown(t, out) : rg_i_table_write_text(t, out, ind, 80)) !=
        RG_OK)
        goto cleanup;
    rg_i_table_free(t);
    t = NULL;

    fprintf(out, "\n%sLongest borders (top %zu of %zu)\n\n", h2, nb, s->npairs);
    if ((st = rg_i_table_new(4, &t)) != RG_OK ||
        (st = rg_i_table_column(t, 0, "rank", RG_I_ALIGN_RIGHT, 0)) != RG_OK ||
        (st = rg_i_table_column(t, 1, "region", RG_I_ALIGN_LEFT, 12)) != RG_OK ||
        (st = rg_i_table_column(t, 2, "neighbour", RG_I_ALIGN_LEFT, 12)) != RG_OK ||
        (st = rg_i_table_column(t, 3, mu ? "mu" : "km", RG_I_ALIGN_RIGHT, 0)) != RG_OK)
        goto cleanup;
    for (k = 0; k < nb; k++) {
        size_t a, b;
        double km;
        rg_adjacency_pair(adj, s->pairs[k], &a, &b, &km, NULL);
        if ((st = rg_i_table_addf(t, "%zu", k + 1)) != RG_OK ||
            (st = rg_i_table_add(t, rg_regions_name(regions, a))) != RG_OK ||
            (st = rg_i_table_add(t, rg_regions_name(regions, b))) != RG_OK ||
            (st = rg_i_table_addf(t, "%.1f", km)) != RG_OK)
            goto cleanup;
    }
    if ((st = md ? rg_i_table_write_markdown(t, out) : rg_i_table_write_text(t, out, ind, 80)) !=
        RG_OK)
        goto cleanup;
    rg_i_table_free(t);
    t = NULL;

    if (have_between) {
        fprintf(out, "\n%sTop brokers by betweenness (top %zu of %zu)\n\n", h2, nr, s->nlevel);
        if ((st = rg_i_table_new(5, &t)) != RG_OK ||
            (st = rg_i_table_column(t, 0, "rank", RG_I_ALIGN_RIGHT, 0)) != RG_OK ||
            (st = rg_i_table_column(t, 1, "region", RG_I_ALIGN_LEFT, 12)) != RG_OK ||
            (st = rg_i_table_column(t, 2, "neighbours", RG_I_ALIGN_RIGHT, 0)) != RG_OK ||
            (st = rg_i_table_column(t, 3, mu ? "border mu" : "border km", RG_I_ALIGN_RIGHT, 0)) !=
                RG_OK ||
            (st = rg_i_table_column(t, 4, "betweenness", RG_I_ALIGN_RIGHT, 0)) != RG_OK)
            goto cleanup;
        for (k = 0; k < nr; k++) {
            size_t r = s->brokers[k];
            if ((st = rg_i_table_addf(t, "%zu", k + 1)) != RG_OK ||
                (st = rg_i_table_add(t, rg_regions_name(regions, r))) != RG_OK ||
                (st = rg_i_table_addf(t, "%zu", s->degree[r])) != RG_OK ||
                (st = rg_i_table_addf(t, "%.1f", s->km[r])) != RG_OK ||
                (st = rg_i_table_addf(t, "%.1f", s->between[r])) != RG_OK)
                goto cleanup;
        }
        st = md ? rg_i_table_write_markdown(t, out) : rg_i_table_write_text(t, out, ind, 80);
    }
cleanup:
    rg_i_table_free(t);
    return st;
}

static void json_region(FILE *out, const rg_regions *regions, const char *key, size_t i)
{
    fprintf(out, "\"%sid\": ", key);
    rg_i_json_string(out, rg_regions_id(regions, i));
    fprintf(out, ", \"%sname\": ", key);
    rg_i_json_string_or_null(out, rg_regions_name(regions, i));
}

static void network_json(const rg_graph *graph, const summary *s, const char *level, size_t top,
                         int have_between, FILE *out)
{
    const rg_regions *regions = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    /* a map in unknown map units: lengths named so, never km (docs/commands.md) */
    int mu = rg_i_crs_wkt_map_units(rg_regions_crs_wkt(regions));
    size_t i, k, c;
    fputs("{\n  \"section\": \"network\",\n  \"level\": ", out);
    rg_i_json_string(out, level);
    fprintf(out, ",\n  \"regions\": %zu,\n  \"pairs\": %zu,\n  \"%s\": ", s->nlevel, s->npairs,
            mu ? "mu" : "km");
    rg_i_json_real(out, s->total_km);
    fprintf(out, ",\n  \"components\": %zu,\n  \"component_sizes\": [", s->ncomp);
    for (c = 0; c < s->ncomp; c++)
        fprintf(out, "%s%zu", c ? ", " : "", s->comp_size[c]);
    fputs("],\n  \"without_neighbours\": [", out);
    for (i = 0, k = 0; i < s->n; i++)
        if (s->comp[i] != (size_t)-1 && !s->degree[i]) {
            fputs(k++ ? ", {" : "{", out);
            json_region(out, regions, "", i);
            fputc('}', out);
        }
    fprintf(out, "],\n  \"degree\": {\"min\": %zu, \"median\": ", s->dmin);
    rg_i_json_real(out, s->dmedian);
    fputs(", \"mean\": ", out);
    rg_i_json_real(out, s->dmean);
    fprintf(out, ", \"max\": %zu, \"histogram\": [", s->dmax);
    for (k = 0; k <= HIST_MAX && k <= s->dmax; k++)
        fprintf(out, "%s{\"neighbours\": %zu%s, \"regions\": %zu}", k ? ", " : "", k,
                k == HIST_MAX ? ", \"or_more\": true" : "", s->hist[k]);
    fputs("]},\n  \"longest_borders\": [", out);
    for (k = 0; k < shown(top, s->npairs); k++) {
        size_t a, b;
        double km;
        rg_adjacency_pair(adj, s->pairs[k], &a, &b, &km, NULL);
        fputs(k ? ",\n    {" : "\n    {", out);
        json_region(out, regions, "a_", a);
        fputs(", ", out);
        json_region(out, regions, "b_", b);
        fputs(mu ? ", \"mu\": " : ", \"km\": ", out);
        rg_i_json_real(out, km);
        fputc('}', out);
    }
    fputs(k ? "\n  ],\n  \"brokers\": [" : "],\n  \"brokers\": [", out);
    for (k = 0; have_between && k < shown(top, s->nlevel); k++) {
        size_t r = s->brokers[k];
        fputs(k ? ",\n    {" : "\n    {", out);
        json_region(out, regions, "", r);
        fprintf(out, ", \"neighbours\": %zu, \"border_%s\": ", s->degree[r], mu ? "mu" : "km");
        rg_i_json_real(out, s->km[r]);
        fputs(", \"betweenness\": ", out);
        rg_i_json_real(out, s->between[r]);
        fputc('}', out);
    }
    fputs(have_between && k ? "\n  ]\n}\n" : "]\n}\n", out);
}

static void network_csv(const rg_graph *graph, const summary *s, int have_between, FILE *out)
{
    const rg_regions *regions = rg_graph_regions(graph);
    size_t i;
    fputs(rg_i_crs_wkt_map_units(rg_regions_crs_wkt(regions))
              ? "id,name,neighbours,border_mu,component,component_size,betweenness\r\n"
              : "id,name,neighbours,border_km,component,component_size,betweenness\r\n",
          out);
    for (i = 0; i < s->n; i++) {
        if (s->comp[i] == (size_t)-1)
            continue;
        rg_i_csv_field(out, rg_regions_id(regions, i));
        fputc(',', out);
        rg_i_csv_field(out, rg_regions_name(regions, i));
        fprintf(out, ",%zu,", s->degree[i]);
        rg_i_csv_real(out, s->km[i]);
        fprintf(out, ",%zu,%zu,", s->comp[i] + 1, s->comp_size[s->comp[i]]);
        if (have_between)
            rg_i_csv_real(out, s->between[i]);
        fputs("\r\n", out);
    }
}

rg_status rg_report_network(const rg_graph *graph, const rg_coverage *coverage,
                            const rg_centrality *centrality, rg_format format, size_t top,
                            FILE *out)
{
    const char *level;
    summary s;
    rg_status st;
    if (!graph || !coverage || !out)
        return rg_i_error(RG_ERR_ARG, "rg_report_network: invalid argument");
    if (top == RG_REPORT_TOP_DEFAULT)
        top = format == RG_FORMAT_TABLE || format == RG_FORMAT_MARKDOWN ? 10 : 0;
    level = rg_coverage_level_name(coverage);
    errno = 0;
    if ((st = summarise(graph, coverage, centrality, &s)) != RG_OK)
        goto cleanup;
    switch (format) {
    case RG_FORMAT_TABLE:
    case RG_FORMAT_MARKDOWN:
        st = network_text(graph, &s, level, format == RG_FORMAT_MARKDOWN, top, centrality != NULL,
                          out);
        break;
    case RG_FORMAT_JSON: network_json(graph, &s, level, top, centrality != NULL, out); break;
    case RG_FORMAT_CSV: network_csv(graph, &s, centrality != NULL, out); break;
    default: st = rg_i_error(RG_ERR_ARG, "network report: unknown format %d", (int)format);
    }
    if (st == RG_OK && (fflush(out) != 0 || ferror(out)))
        st = rg_i_error(RG_ERR_IO, "cannot write the report: %s", strerror(errno ? errno : EIO));
cleanup:
    summary_free(&s);
    return st;
}

rg_status rg_report_network_file(const rg_graph *graph, const rg_coverage *coverage,
                                 const rg_centrality *centrality, rg_format format, size_t top,
                                 const char *path)
{
    rg_i_atomic out;
    rg_status st;
    memset(&out, 0, sizeof out);
    if ((st = rg_i_atomic_begin(&out, path, 1)) != RG_OK)
        goto cleanup;
    if ((st = rg_report_network(graph, coverage, centrality, format, top, out.fp)) != RG_OK) {
        if (st == RG_ERR_IO)
            rg_i_error_prefix(st, path);
        goto cleanup;
    }
    st = rg_i_atomic_commit(&out);
cleanup:
    rg_i_atomic_abort(&out);
    return st;
}
