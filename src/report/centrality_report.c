/* The centrality section of `regiongraph report`, in four formats.
 *
 * The table format answers "who brokers coordination" at a glance: a header block with the
 * options that decide the numbers (view, weighting, seed, cutoff) and the shape of the network
 * (components, islands, communities, bridges, articulation points), then the top nodes by one
 * measure with a handful of key measures, cut to fit an 80-column terminal. Markdown carries the
 * same summary and every measure uncut; JSON carries everything for programs; CSV is one row per
 * node with every measure, in network order so that it joins like a layer's attribute table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/report.h"
#include "report/table_internal.h"
#include "report/units_internal.h"

#define TERMINAL_WIDTH 80
/* Lists of names (isolated nodes, articulation points) are spelled out up to this many. */
#define LIST_MAX 20

/* Everything the formats share, gathered once. */
typedef struct creport {
    const rg_graph *graph;
    const rg_centrality *c;
    const rg_network *net;
    const rg_regions *regions;
    const rg_coordination *coord;
    const rg_centrality_options *opts;
    const char *level;
    rg_measure sort_by;
    size_t n, top;
    size_t *ranked;     /* nodes by sort_by, highest first, ties by id */
    size_t *rank_of;    /* rank (from 1) of each node */
    size_t isolated, isolated_agencies, articulation, largest, regions_n, agencies_n;
    int weighted;
} creport;

/* Measures written as whole numbers, and those written as true/false. */
static int is_integer_measure(rg_measure m)
{
    return m == RG_MEASURE_DEGREE || m == RG_MEASURE_CORENESS || m == RG_MEASURE_COMPONENT ||
           m == RG_MEASURE_LEIDEN || m == RG_MEASURE_LOUVAIN;
}

static int is_flag_measure(rg_measure m)
{
    return m == RG_MEASURE_ARTICULATION || m == RG_MEASURE_ISOLATED;
}

static const char *view_name(rg_view view)
{
    switch (view) {
    case RG_VIEW_COORDINATION: return "coordination";
    case RG_VIEW_ALL: return "all";
    default: return "adjacency";
    }
}

/* What the weights are, in words, for the header. */
static const char *weight_words(const creport *cr)
{
    /* a map in unknown map units (no CRS, not lon/lat): its borders are map units, not km */
    int mu = rg_i_report_mu(cr->graph);
    if (!cr->weighted)
        return cr->opts->view != RG_VIEW_ALL ? "unweighted"
               : mu ? "unweighted (the 'all' view mixes map units and counts)"
                    : "unweighted (the 'all' view mixes km and counts)";
    return cr->opts->view == RG_VIEW_COORDINATION
               ? "weighted: shared mechanisms (strength; mean / weight as distance)"
           : mu ? "weighted: border map units (strength; mean length / length as distance)"
                : "weighted: border km (strength; mean km / km as distance)";
}

static const char *node_id(const creport *cr, size_t v)
{
    rg_node_kind kind;
    size_t index;
    rg_network_node(cr->net, v, &kind, &index);
    return kind == RG_NODE_AGENCY ? rg_coordination_agency_id(cr->coord, index)
                                  : rg_regions_id(cr->regions, index);
}

static const char *node_name(const creport *cr, size_t v)
{
    rg_node_kind kind;
    size_t index;
    rg_network_node(cr->net, v, &kind, &index);
    return kind == RG_NODE_AGENCY ? rg_coordination_agency_name(cr->coord, index)
                                  : rg_regions_name(cr->regions, index);
}

static int node_is_agency(const creport *cr, size_t v)
{
    rg_node_kind kind;
    size_t index;
    rg_network_node(cr->net, v, &kind, &index);
    return kind == RG_NODE_AGENCY;
}

/* Level of a node: the analysis level for regions, the agency's own level for agencies. */
static const char *node_level(const creport *cr, size_t v)
{
    rg_node_kind kind;
    size_t index;
    rg_network_node(cr->net, v, &kind, &index);
    return kind == RG_NODE_AGENCY ? rg_coordination_agency_level(cr->coord, index) : cr->level;
}

static double value(const creport *cr, size_t v, rg_measure m)
{
    return rg_centrality_value(cr->c, v, m);
}

typedef struct rank_key {
    size_t v;
    double value;
    const char *id;
} rank_key;

/* Highest first; equal values by id so that the order does not depend on node numbering. */
static int compare_rank(const void *pa, const void *pb)
{
    const rank_key *a = pa, *b = pb;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static void creport_release(creport *cr)
{
    free(cr->ranked);
    free(cr->rank_of);
}

static rg_status creport_init(creport *cr, const rg_graph *graph, const rg_centrality *c,
                              rg_measure sort_by, size_t top)
{
    rank_key *keys = NULL;
    size_t *sizes = NULL, v;
    rg_status st = RG_OK;

    memset(cr, 0, sizeof *cr);
    cr->graph = graph;
    cr->c = c;
    cr->net = rg_centrality_network(c);
    cr->regions = rg_graph_regions(graph);
    cr->coord = rg_graph_coordination(graph);
    cr->opts = rg_centrality_used_options(c);
    cr->level = rg_regions_level_name(cr->regions, rg_network_level(cr->net));
    cr->sort_by = sort_by;
    cr->top = top;
    cr->n = rg_network_node_count(cr->net);
    /* The "all" view mixes km and counts: it is unweighted whatever was asked. */
    cr->weighted = !cr->opts->unweighted && cr->opts->view != RG_VIEW_ALL;
    if (!(keys = rg_i_calloc_array(cr->n + 1, sizeof *keys)) ||
        !(cr->ranked = rg_i_calloc_array(cr->n + 1, sizeof *cr->ranked)) ||
        !(cr->rank_of = rg_i_calloc_array(cr->n + 1, sizeof *cr->rank_of)) ||
        !(sizes = rg_i_calloc_array(cr->n + 1, sizeof *sizes))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (v = 0; v < cr->n; v++) {
        double comp = value(cr, v, RG_MEASURE_COMPONENT);
        keys[v] = (rank_key){v, value(cr, v, sort_by), node_id(cr, v)};
        cr->isolated += value(cr, v, RG_MEASURE_ISOLATED) != 0;
        cr->articulation += value(cr, v, RG_MEASURE_ARTICULATION) != 0;
        if (node_is_agency(cr, v)) {
            cr->agencies_n++;
            cr->isolated_agencies += value(cr, v, RG_MEASURE_ISOLATED) != 0;
        } else {
            cr->regions_n++;
        }
        /* Component numbers are below n; anything else would be a bug upstream, not counted. */
        if (comp >= 0 && comp < (double)cr->n && ++sizes[(size_t)comp] > cr->largest)
            cr->largest = sizes[(size_t)comp];
    }
    qsort(keys, cr->n, sizeof *keys, compare_rank);
    for (v = 0; v < cr->n; v++) {
        cr->ranked[v] = keys[v].v;
        cr->rank_of[keys[v].v] = v + 1;
    }
cleanup:
    free(keys);
    free(sizes);
    return st;
}

static size_t shown(const creport *cr)
{
    return cr->top == 0 || cr->top > cr->n ? cr->n : cr->top;
}

/* A measure's value as text for a table cell: integers as such, flags yes/blank, reals with a
 * precision that suits their range. */
static void format_value(char *buf, size_t size, rg_measure m, double x)
{
    if (is_flag_measure(m))
        snprintf(buf, size, "%s", x != 0 ? "yes" : "");
    else if (is_integer_measure(m))
        snprintf(buf, size, "%.0f", x);
    else if (m == RG_MEASURE_STRENGTH || m == RG_MEASURE_BETWEENNESS)
        snprintf(buf, size, "%.1f", x);
    else
        snprintf(buf, size, "%.4f", x);
}

/* ------------------------------------------------------------------ tables (text, Markdown) */

/* Writes items after a label, wrapped at the terminal width with continuation lines indented.
 * Markdown gets one line (its renderer wraps). */
static void write_list(FILE *out, int markdown, const char *label, const char *const *items,
                       size_t count)
{
    size_t col, k;
    fputs(label, out);
    col = rg_i_display_width(label);
    for (k = 0; k < count; k++) {
        const char *item = items[k] ? items[k] : "";
        size_t w = rg_i_display_width(item) + (k + 1 < count ? 1 : 0);
        if (k > 0)
            fputc(',', out);
        if (!markdown && k > 0 && col + 1 + w > TERMINAL_WIDTH) {
            fputs("\n     ", out);
            col = 5;
        } else {
            fputc(' ', out);
            col++;
        }
        fputs(item, out);
        col += w;
    }
    fputc('\n', out);
}

/* Names of the nodes whose flag measure is set, in node order (at most LIST_MAX); isolated
 * agencies are left out. */
static size_t flagged_names(const creport *cr, rg_measure m, const char **names)
{
    size_t v, k = 0;
    for (v = 0; v < cr->n && k < LIST_MAX; v++)
        if (value(cr, v, m) != 0 && !(m == RG_MEASURE_ISOLATED && node_is_agency(cr, v)))
            names[k++] = node_name(cr, v);
    return k;
}

static void write_summary(const creport *cr, int markdown, FILE *out)
{
    const rg_centrality_options *o = cr->opts;
    const char *item = markdown ? "- " : "  ";
    const char *names[LIST_MAX];
    size_t nb = rg_centrality_bridge_count(cr->c), k;
    char label[160];

    fprintf(out, "%sCentrality at level %s, %s view\n\n", markdown ? "## " : "",
            cr->level ? cr->level : "-", view_name(o->view));
    fprintf(out, "%s%s\n", item, weight_words(cr));
    fprintf(out, "%snodes %zu (%zu regions, %zu agencies), edges %zu\n", item, cr->n,
            cr->regions_n, cr->agencies_n, rg_network_edge_count(cr->net));
    fprintf(out, "%scomponents %zu (largest %zu nodes), isolated nodes %zu", item,
            rg_centrality_component_count(cr->c), cr->largest, cr->isolated);
    if (cr->isolated_agencies > 0)
        fprintf(out, " (%zu regions, %zu agencies)", cr->isolated - cr->isolated_agencies,
                cr->isolated_agencies);
    fputc('\n', out);
    /* Islands are what a reader looks for here; agencies are isolated in the adjacency view by
     * construction, so only regions are named. */
    if (cr->isolated > cr->isolated_agencies &&
        cr->isolated - cr->isolated_agencies <= LIST_MAX) {
        k = flagged_names(cr, RG_MEASURE_ISOLATED, names);
        snprintf(label, sizeof label, "%sisolated regions:", markdown ? item : "    ");
        write_list(out, markdown, label, names, k);
    }
    fprintf(out, "%scommunities: Leiden %zu (modularity %.4f), Louvain %zu (modularity %.4f)\n",
            item, rg_centrality_community_count(cr->c, RG_MEASURE_LEIDEN),
            rg_centrality_modularity(cr->c, RG_MEASURE_LEIDEN),
            rg_centrality_community_count(cr->c, RG_MEASURE_LOUVAIN),
            rg_centrality_modularity(cr->c, RG_MEASURE_LOUVAIN));
    fprintf(out, "%sseed %lu, resolution %g, betweenness ", item, o->seed,
            o->resolution > 0 ? o->resolution : 1.0);
    if (o->betweenness_cutoff > 0)
        fprintf(out, "approximated: paths up to %g\n", o->betweenness_cutoff);
    else
        fputs("exact\n", out);
    fprintf(out, "%sbridges %zu, articulation points %zu\n", item, nb, cr->articulation);
    if (cr->articulation > 0 && cr->articulation <= LIST_MAX) {
        k = flagged_names(cr, RG_MEASURE_ARTICULATION, names);
        snprintf(label, sizeof label, "%sarticulation points:", markdown ? item : "    ");
        write_list(out, markdown, label, names, k);
    }
}

/* The key measures of the text table; the sort measure is added when it is not one of them. */
static const rg_measure key_measures[] = {RG_MEASURE_DEGREE,    RG_MEASURE_STRENGTH,
                                          RG_MEASURE_BETWEENNESS, RG_MEASURE_CLOSENESS,
                                          RG_MEASURE_PAGERANK,  RG_MEASURE_LEIDEN};
#define NKEY (sizeof key_measures / sizeof key_measures[0])

/* Short headers so that the figures leave room for names in 80 columns. */
static const char *short_header(rg_measure m)
{
    switch (m) {
    case RG_MEASURE_DEGREE: return "deg";
    case RG_MEASURE_BETWEENNESS: return "between";
    case RG_MEASURE_CLOSENESS: return "close";
    case RG_MEASURE_LEIDEN: return "leiden";
    case RG_MEASURE_EIGENVECTOR: return "eigen";
    case RG_MEASURE_CLUSTERING: return "clust";
    case RG_MEASURE_ARTICULATION: return "artic";
    default: return rg_measure_name(m);
    }
}

static rg_status node_table(const creport *cr, int markdown, rg_i_table **out)
{
    rg_measure cols[RG_MEASURE_COUNT + 1];
    size_t ncols = 0, nfixed = markdown ? 4 : 2, c, k;
    rg_i_table *t = NULL;
    rg_status st;

    if (markdown) {
        for (c = 0; c < RG_MEASURE_COUNT; c++)
            cols[ncols++] = (rg_measure)c;
    } else {
        int listed = 0;
        for (c = 0; c < NKEY; c++) {
            cols[ncols++] = key_measures[c];
            listed |= key_measures[c] == cr->sort_by;
        }
        if (!listed)
            cols[ncols++] = cr->sort_by;
    }
    if ((st = rg_i_table_new(nfixed + ncols, &t)) != RG_OK ||
        (st = rg_i_table_column(t, 0, "rank", RG_I_ALIGN_RIGHT, 0)) != RG_OK)
        goto cleanup;
    if (markdown) {
        if ((st = rg_i_table_column(t, 1, "id", RG_I_ALIGN_LEFT, 0)) != RG_OK ||
            (st = rg_i_table_column(t, 2, "name", RG_I_ALIGN_LEFT, 0)) != RG_OK ||
            (st = rg_i_table_column(t, 3, "kind", RG_I_ALIGN_LEFT, 0)) != RG_OK)
            goto cleanup;
    } else if ((st = rg_i_table_column(t, 1, "node", RG_I_ALIGN_LEFT, 14)) != RG_OK) {
        goto cleanup;
    }
    for (c = 0; c < ncols; c++)
        if ((st = rg_i_table_column(t, nfixed + c,
                                    markdown ? rg_measure_name(cols[c]) : short_header(cols[c]),
                                    RG_I_ALIGN_RIGHT, 0)) != RG_OK)
            goto cleanup;
    for (k = 0; k < shown(cr); k++) {
        size_t v = cr->ranked[k];
        if ((st = rg_i_table_addf(t, "%zu", k + 1)) != RG_OK)
            goto cleanup;
        if (markdown) {
            if ((st = rg_i_table_add(t, node_id(cr, v))) != RG_OK ||
                (st = rg_i_table_add(t, node_name(cr, v))) != RG_OK ||
                (st = rg_i_table_add(t, node_is_agency(cr, v) ? "agency" : "region")) != RG_OK)
                goto cleanup;
        } else if ((st = rg_i_table_addf(t, "%s%s %s", node_is_agency(cr, v) ? "*" : "",
                                         node_id(cr, v), node_name(cr, v))) != RG_OK) {
            goto cleanup;
        }
        for (c = 0; c < ncols; c++) {
            char buf[64];
            format_value(buf, sizeof buf, cols[c], value(cr, v, cols[c]));
            if ((st = rg_i_table_add(t, buf)) != RG_OK)
                goto cleanup;
        }
    }
    *out = t;
    t = NULL;
cleanup:
    rg_i_table_free(t);
    return st;
}

static rg_status report_tables(const creport *cr, int markdown, FILE *out)
{
    rg_i_table *t = NULL;
    rg_status st;

    write_summary(cr, markdown, out);
    fprintf(out, "\n%sNodes by %s", markdown ? "### " : "", rg_measure_name(cr->sort_by));
    if (shown(cr) < cr->n)
        fprintf(out, " (top %zu of %zu)", shown(cr), cr->n);
    fputs("\n\n", out);
    if ((st = node_table(cr, markdown, &t)) != RG_OK)
        goto cleanup;
    st = markdown ? rg_i_table_write_markdown(t, out)
                  : rg_i_table_write_text(t, out, "  ", TERMINAL_WIDTH);
    if (st != RG_OK)
        goto cleanup;
    if (!markdown) {
        fputs("\n  between: shortest paths through the node; close: closeness within its\n"
              "  component; leiden: community.", out);
        if (cr->agencies_n > 0)
            fputs(" * marks an agency.", out);
        fputc('\n', out);
    }
cleanup:
    rg_i_table_free(t);
    return st;
}

/* ------------------------------------------------------------------ JSON */

static void json_measure(FILE *out, rg_measure m, double x)
{
    if (is_flag_measure(m))
        fputs(x != 0 ? "true" : "false", out);
    else if (is_integer_measure(m))
        fprintf(out, "%.0f", x);
    else
        rg_i_json_real(out, x);
}

static void json_community(FILE *out, const creport *cr, rg_measure m)
{
    fprintf(out, "{\"count\": %zu, \"modularity\": ", rg_centrality_community_count(cr->c, m));
    rg_i_json_real(out, rg_centrality_modularity(cr->c, m));
    fputc('}', out);
}

static void report_json(const creport *cr, FILE *out)
{
    const rg_centrality_options *o = cr->opts;
    const size_t *bridges = rg_centrality_bridges(cr->c);
    size_t nb = rg_centrality_bridge_count(cr->c), k, v, first;
    int m;

    fputs("{\n  \"section\": \"centrality\",\n  \"options\": {\"level\": ", out);
    rg_i_json_string_or_null(out, cr->level);
    fprintf(out, ", \"view\": \"%s\", \"weighted\": %s, \"seed\": %lu, \"resolution\": ",
            view_name(o->view), cr->weighted ? "true" : "false", o->seed);
    rg_i_json_real(out, o->resolution > 0 ? o->resolution : 1.0);
    fputs(", \"betweenness_cutoff\": ", out);
    if (o->betweenness_cutoff > 0)
        rg_i_json_real(out, o->betweenness_cutoff);
    else
        fputs("null", out);
    fprintf(out, ", \"sort\": \"%s\"},\n", rg_measure_name(cr->sort_by));
    fprintf(out,
            "  \"summary\": {\"nodes\": %zu, \"regions\": %zu, \"agencies\": %zu, \"edges\": %zu, "
            "\"components\": %zu, \"largest_component\": %zu, \"isolated\": %zu, "
            "\"articulation_points\": %zu, \"bridges\": %zu, \"leiden\": ",
            cr->n, cr->regions_n, cr->agencies_n, rg_network_edge_count(cr->net),
            rg_centrality_component_count(cr->c), cr->largest, cr->isolated, cr->articulation, nb);
    json_community(out, cr, RG_MEASURE_LEIDEN);
    fputs(", \"louvain\": ", out);
    json_community(out, cr, RG_MEASURE_LOUVAIN);
    fputs(", \"isolated_ids\": [", out);
    for (v = 0, first = 1; v < cr->n; v++)
        if (value(cr, v, RG_MEASURE_ISOLATED) != 0) {
            fputs(first ? "" : ", ", out);
            rg_i_json_string(out, node_id(cr, v));
            first = 0;
        }
    fputs("]},\n  \"nodes\": [", out);
    for (k = 0; k < shown(cr); k++) {
        v = cr->ranked[k];
        fprintf(out, "%s    {\"rank\": %zu, \"id\": ", k ? ",\n" : "\n", k + 1);
        rg_i_json_string(out, node_id(cr, v));
        fputs(", \"name\": ", out);
        rg_i_json_string_or_null(out, node_name(cr, v));
        fprintf(out, ", \"kind\": \"%s\", \"level\": ", node_is_agency(cr, v) ? "agency" : "region");
        rg_i_json_string_or_null(out, node_level(cr, v));
        for (m = 0; m < RG_MEASURE_COUNT; m++) {
            fprintf(out, ", \"%s\": ", rg_measure_name((rg_measure)m));
            json_measure(out, (rg_measure)m, value(cr, v, (rg_measure)m));
        }
        fputc('}', out);
    }
    fputs(shown(cr) ? "\n  ],\n  \"bridges\": [" : "],\n  \"bridges\": [", out);
    for (k = 0; k < nb; k++) {
        size_t from, to, pair;
        rg_edge_type type;
        double weight;
        rg_network_edge(cr->net, bridges[k], &from, &to, &type, &weight, &pair);
        fputs(k ? ", [" : "[", out);
        rg_i_json_string(out, node_id(cr, from));
        fputs(", ", out);
        rg_i_json_string(out, node_id(cr, to));
        fputc(']', out);
    }
    fputs("]\n}\n", out);
}

/* ------------------------------------------------------------------ CSV */

static void report_csv(const creport *cr, FILE *out)
{
    size_t v;
    int m;
    fputs("id,name,kind,level,rank", out);
    for (m = 0; m < RG_MEASURE_COUNT; m++)
        fprintf(out, ",%s", rg_measure_name((rg_measure)m));
    /* RFC 4180 lines end in CRLF, as the coverage CSV does. */
    fputs("\r\n", out);
    for (v = 0; v < cr->n; v++) {
        rg_i_csv_field(out, node_id(cr, v));
        fputc(',', out);
        rg_i_csv_field(out, node_name(cr, v));
        fprintf(out, ",%s,", node_is_agency(cr, v) ? "agency" : "region");
        rg_i_csv_field(out, node_level(cr, v));
        fprintf(out, ",%zu", cr->rank_of[v]);
        for (m = 0; m < RG_MEASURE_COUNT; m++) {
            double x = value(cr, v, (rg_measure)m);
            fputc(',', out);
            if (is_flag_measure((rg_measure)m))
                fputs(x != 0 ? "true" : "false", out);
            else if (is_integer_measure((rg_measure)m))
                fprintf(out, "%.0f", x);
            else
                rg_i_csv_real(out, x);
        }
        fputs("\r\n", out);
    }
}

rg_status rg_report_centrality(const rg_graph *graph, const rg_centrality *centrality,
                               rg_format format, rg_measure sort_by, size_t top, FILE *out)
{
    creport cr;
    rg_status st;

    memset(&cr, 0, sizeof cr);
    if (!graph || !centrality || !out) {
        st = rg_i_error(RG_ERR_ARG, "centrality report: graph, centrality and stream are required");
        goto cleanup;
    }
    if ((int)sort_by < 0 || sort_by >= RG_MEASURE_COUNT) {
        st = rg_i_error(RG_ERR_ARG, "centrality report: unknown measure %d", (int)sort_by);
        goto cleanup;
    }
    if ((st = creport_init(&cr, graph, centrality, sort_by, top)) != RG_OK)
        goto cleanup;
    errno = 0;
    switch (format) {
    case RG_FORMAT_TABLE: st = report_tables(&cr, 0, out); break;
    case RG_FORMAT_MARKDOWN: st = report_tables(&cr, 1, out); break;
    case RG_FORMAT_JSON: report_json(&cr, out); break;
    case RG_FORMAT_CSV: report_csv(&cr, out); break;
    default: st = rg_i_error(RG_ERR_ARG, "centrality report: unknown format %d", (int)format);
    }
    if (st == RG_OK && (fflush(out) != 0 || ferror(out)))
        st = rg_i_error(RG_ERR_IO, "cannot write the report: %s", strerror(errno ? errno : EIO));
cleanup:
    creport_release(&cr);
    return st;
}
