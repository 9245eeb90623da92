/* The coverage section of `regiongraph report`, in four formats.
 *
 * The table format is for a person at an 80-column terminal: figures first (what share of the
 * regions and borders a shared mechanism covers), then one line per mechanism, then the longest
 * gaps and the best-connected regions. Long names are cut to fit rather than wrapped, because a
 * wrapped table cannot be read. Markdown carries the same tables uncut for documents; JSON
 * carries everything for programs; CSV is one row per region, for a spreadsheet or a join in a
 * GIS. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/coverage_time_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/report.h"
#include "report/units_internal.h"
#include "report/frontier_view_internal.h"
#include "report/table_internal.h"

#define TERMINAL_WIDTH 80

int rg_format_parse(const char *text, rg_format *format)
{
    static const struct {
        const char *name;
        rg_format format;
    } names[] = {
        {"table", RG_FORMAT_TABLE}, {"md", RG_FORMAT_MARKDOWN}, {"markdown", RG_FORMAT_MARKDOWN},
        {"json", RG_FORMAT_JSON},   {"csv", RG_FORMAT_CSV},
    };
    size_t k;
    int found = 0;
    for (k = 0; text && !found && k < sizeof names / sizeof names[0]; k++)
        if (strcmp(text, names[k].name) == 0) {
            *format = names[k].format;
            found = 1;
        }
    return found;
}

/* Everything the formats share, gathered once. */
typedef struct report {
    const rg_graph *graph;
    int mu; /* lengths in unknown map units: named mu, never km */
    const rg_coverage *coverage;
    const rg_regions *regions;
    const rg_adjacency *adjacency;
    const rg_coordination *coord; /* NULL without coordination data */
    rg_coverage_summary summary;
    double gap_km;
    size_t nmech;
    /* Per region (all levels; only those at the level are used). */
    size_t *neighbours, *gap_pairs;
    double *border_km, *gap_border_km;
    /* Regions of the level ranked by reach. */
    size_t *ranked;
    size_t nranked;
    size_t top;
    rg_i_frontier_view fv; /* the gaps listed (frontier first) and the frontier figures */
} report;

typedef struct reach_key {
    size_t region, reach1, reach2;
    const char *id;
} reach_key;

/* Most regions within two steps first, then most direct partners, then by id. */
static int compare_reach(const void *pa, const void *pb)
{
    const reach_key *a = pa, *b = pb;
    if (a->reach2 != b->reach2)
        return a->reach2 > b->reach2 ? -1 : 1;
    if (a->reach1 != b->reach1)
        return a->reach1 > b->reach1 ? -1 : 1;
    return strcmp(a->id, b->id);
}

static void report_release(report *rp)
{
    rg_i_frontier_view_release(&rp->fv);
    free(rp->neighbours);
    free(rp->gap_pairs);
    free(rp->border_km);
    free(rp->gap_border_km);
    free(rp->ranked);
}

static rg_status report_init(report *rp, const rg_graph *graph, const rg_coverage *coverage,
                             size_t top, int gaps_all)
{
    size_t n, m, k, a, b, i;
    reach_key *keys = NULL;
    rg_status st = RG_OK;

    memset(rp, 0, sizeof *rp);
    rp->graph = graph;
    rp->mu = rg_i_report_mu(graph);
    rp->coverage = coverage;
    rp->regions = rg_graph_regions(graph);
    rp->adjacency = rg_graph_adjacency(graph);
    rp->coord = rg_graph_coordination(graph);
    rp->top = top;
    rg_coverage_get_summary(coverage, &rp->summary);
    if ((st = rg_i_frontier_view_init(&rp->fv, graph, coverage, gaps_all)) != RG_OK)
        return st;
    rp->nmech = rp->coord ? rg_coverage_mechanism_count(coverage) : 0;
    n = rg_regions_count(rp->regions);
    m = rg_adjacency_count(rp->adjacency);
    if (!(rp->neighbours = rg_i_calloc_array(n + 1, sizeof *rp->neighbours)) ||
        !(rp->gap_pairs = rg_i_calloc_array(n + 1, sizeof *rp->gap_pairs)) ||
        !(rp->border_km = rg_i_calloc_array(n + 1, sizeof *rp->border_km)) ||
        !(rp->gap_border_km = rg_i_calloc_array(n + 1, sizeof *rp->gap_border_km)) ||
        !(rp->ranked = rg_i_calloc_array(n + 1, sizeof *rp->ranked)) ||
        !(keys = rg_i_calloc_array(n + 1, sizeof *keys))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (k = 0; k < m; k++) {
        rg_pair_coverage pc;
        double km;
        int rook;
        rg_coverage_pair(coverage, k, &pc);
        if (!pc.at_level)
            continue;
        rg_adjacency_pair(rp->adjacency, k, &a, &b, &km, &rook);
        rp->neighbours[a]++;
        rp->neighbours[b]++;
        rp->border_km[a] += km;
        rp->border_km[b] += km;
        if (pc.shared == 0) {
            rp->gap_pairs[a]++;
            rp->gap_pairs[b]++;
            rp->gap_border_km[a] += km;
            rp->gap_border_km[b] += km;
            rp->gap_km += km;
        }
    }
    for (i = 0; i < n; i++) {
        rg_region_coverage rc;
        rg_coverage_region(coverage, i, &rc);
        if (!rc.at_level)
            continue;
        keys[rp->nranked++] = (reach_key){i, rc.reach1, rc.reach2, rg_regions_id(rp->regions, i)};
    }
    qsort(keys, rp->nranked, sizeof *keys, compare_reach);
    for (i = 0; i < rp->nranked; i++)
        rp->ranked[i] = keys[i].region;
cleanup:
    free(keys);
    return st;
}

/* How many of count to show. */
static size_t shown(const report *rp, size_t count)
{
    return rp->top == 0 || rp->top > count ? count : rp->top;
}

static const char *parent_id(const report *rp, size_t i)
{
    long p = rg_regions_parent(rp->regions, i);
    return p < 0 ? NULL : rg_regions_id(rp->regions, (size_t)p);
}

static const char *parent_name(const report *rp, size_t i)
{
    long p = rg_regions_parent(rp->regions, i);
    return p < 0 ? NULL : rg_regions_name(rp->regions, (size_t)p);
}

static void format_share(char *buf, size_t size, double part, double whole)
{
    if (whole > 0)
        snprintf(buf, size, "%.1f%%", 100.0 * part / whole);
    else
        snprintf(buf, size, "-");
}

/* ------------------------------------------------------------------ tables (text, Markdown) */

/* One summary row: what, the covered part and the whole (both written with fmt: "%.0f" for
 * counts, "%.1f" for km), and the share. */
static rg_status add_summary_row(rg_i_table *t, const char *what, const char *fmt, double part,
                                 double whole)
{
    char share[32], covered[64], total[64];
    rg_status st;
    snprintf(covered, sizeof covered, fmt, part);
    snprintf(total, sizeof total, fmt, whole);
    format_share(share, sizeof share, part, whole);
    if ((st = rg_i_table_add(t, what)) != RG_OK || (st = rg_i_table_add(t, covered)) != RG_OK ||
        (st = rg_i_table_add(t, total)) != RG_OK || (st = rg_i_table_add(t, share)) != RG_OK)
        return st;
    return RG_OK;
}

static rg_status summary_table(const report *rp, rg_i_table **out)
{
    const rg_coverage_summary *s = &rp->summary;
    rg_i_table *t = NULL;
    rg_status st;

    if ((st = rg_i_table_new(4, &t)) != RG_OK ||
        (st = rg_i_table_column(t, 0, "", RG_I_ALIGN_LEFT, 0)) != RG_OK ||
        (st = rg_i_table_column(t, 1, "covered", RG_I_ALIGN_RIGHT, 0)) != RG_OK ||
        (st = rg_i_table_column(t, 2, "total", RG_I_ALIGN_RIGHT, 0)) != RG_OK ||
        (st = rg_i_table_column(t, 3, "share", RG_I_ALIGN_RIGHT, 0)) != RG_OK)
        goto cleanup;
    if ((st = add_summary_row(t, "regions", "%.0f", (double)s->covered, (double)s->regions)) !=
            RG_OK ||
        (s->weighted && (st = add_summary_row(t, "weight", "%.10g", s->weight_covered,
                                              s->weight_total)) != RG_OK) ||
        (st = add_summary_row(t, "adjacent pairs", "%.0f", (double)s->pairs_coordinated,
                              (double)s->pairs)) != RG_OK ||
        (st = add_summary_row(t, rp->mu ? "shared border mu" : "shared border km", "%.1f",
                              s->km_coordinated, s->km)) != RG_OK ||
        (st = add_summary_row(t, "cross-parent pairs", "%.0f", (double)s->cross_pairs_coordinated,
                              (double)s->cross_pairs)) != RG_OK ||
        (st = add_summary_row(t, rp->mu ? "cross-parent mu" : "cross-parent km", "%.1f",
                              s->cross_km_coordinated, s->cross_km)) != RG_OK)
        goto cleanup;
    *out = t;
    t = NULL;
cleanup:
    rg_i_table_free(t);
    return st;
}

/* Mechanisms: the text table keeps to the columns that fit; Markdown adds name and source. */
static rg_status mechanism_table(const report *rp, int markdown, rg_i_table **out)
{
    static const char *const text_headers[] = {"id", "kind", "year", "members", "covered",
                                               "pieces", "outer km"};
    static const char *const md_headers[] = {"id", "name", "kind", "year", "region members",
                                             "agency members", "covered", "pieces", "outer km",
                                             "source"};
    const char *const *headers = markdown ? md_headers : text_headers;
    size_t ncols = markdown ? 10 : 7, c, mi;
    char hb[32];
    rg_i_table *t = NULL;
    rg_status st;

    if ((st = rg_i_table_new(ncols, &t)) != RG_OK)
        goto cleanup;
    for (c = 0; c < ncols; c++) {
        int text_col = strcmp(headers[c], "id") == 0 || strcmp(headers[c], "name") == 0 ||
                       strcmp(headers[c], "kind") == 0 || strcmp(headers[c], "source") == 0;
        size_t min = strcmp(headers[c], "id") == 0 ? 10 : strcmp(headers[c], "kind") == 0 ? 8 : 0;
        if ((st = rg_i_table_column(t, c, rg_i_mu_name(rp->mu, headers[c], hb, sizeof hb),
                                    text_col ? RG_I_ALIGN_LEFT : RG_I_ALIGN_RIGHT, min)) != RG_OK)
            goto cleanup;
    }
    for (mi = 0; mi < rp->nmech; mi++) {
        rg_mechanism_coverage mc;
        int year = rg_coordination_mechanism_year(rp->coord, mi);
        char ybuf[16] = "";
        rg_coverage_mechanism(rp->coverage, mi, &mc);
        if (year)
            snprintf(ybuf, sizeof ybuf, "%d", year);
        if ((st = rg_i_table_add(t, rg_coordination_mechanism_id(rp->coord, mi))) != RG_OK ||
            (markdown &&
             (st = rg_i_table_add(t, rg_coordination_mechanism_name(rp->coord, mi))) != RG_OK) ||
            (st = rg_i_table_add(t, rg_coordination_mechanism_kind(rp->coord, mi))) != RG_OK ||
            (st = rg_i_table_add(t, ybuf)) != RG_OK)
            goto cleanup;
        if (markdown) {
            if ((st = rg_i_table_addf(t, "%zu", mc.region_members)) != RG_OK ||
                (st = rg_i_table_addf(t, "%zu", mc.agency_members)) != RG_OK)
                goto cleanup;
        } else if ((st = rg_i_table_addf(t, "%zu", mc.region_members + mc.agency_members)) != RG_OK) {
            goto cleanup;
        }
        if ((st = rg_i_table_addf(t, "%zu", mc.covered)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", mc.pieces)) != RG_OK ||
            (st = rg_i_table_addf(t, "%.1f", mc.outer_km)) != RG_OK ||
            (markdown &&
             (st = rg_i_table_add(t, rg_coordination_mechanism_source(rp->coord, mi))) != RG_OK))
            goto cleanup;
    }
    *out = t;
    t = NULL;
cleanup:
    rg_i_table_free(t);
    return st;
}

static rg_status gap_table(const report *rp, int markdown, rg_i_table **out)
{
    static const char *const headers[] = {"rank", "km", "region a", "region b", "parents", "cross",
                                          "stops"};
    static const size_t min_width[] = {0, 0, 14, 14, 11, 0, 8};
    const size_t *gaps = rp->fv.gaps;
    size_t n = shown(rp, rp->fv.ngaps), g, c;
    char hb[32];
    rg_i_table *t = NULL;
    rg_status st;
    char stops[256];

    if ((st = rg_i_table_new(7, &t)) != RG_OK)
        goto cleanup;
    for (c = 0; c < 7; c++)
        if ((st = rg_i_table_column(t, c, rg_i_mu_name(rp->mu, headers[c], hb, sizeof hb),
                                    c < 2 ? RG_I_ALIGN_RIGHT : RG_I_ALIGN_LEFT,
                                    markdown ? 0 : min_width[c])) != RG_OK)
            goto cleanup;
    for (g = 0; g < n; g++) {
        size_t a, b;
        double km;
        int rook;
        rg_pair_coverage pc;
        const char *pa, *pb;
        rg_adjacency_pair(rp->adjacency, gaps[g], &a, &b, &km, &rook);
        rg_coverage_pair(rp->coverage, gaps[g], &pc);
        pa = parent_name(rp, a);
        pb = parent_name(rp, b);
        if ((st = rg_i_table_addf(t, "%zu", g + 1)) != RG_OK ||
            (st = rg_i_table_addf(t, "%.1f", km)) != RG_OK ||
            (st = rg_i_table_addf(t, "%s %s", rg_regions_id(rp->regions, a),
                                  rg_regions_name(rp->regions, a))) != RG_OK ||
            (st = rg_i_table_addf(t, "%s %s", rg_regions_id(rp->regions, b),
                                  rg_regions_name(rp->regions, b))) != RG_OK ||
            (st = rg_i_table_addf(t, "%s / %s", pa ? pa : "-", pb ? pb : "-")) != RG_OK ||
            (st = rg_i_table_add(t, pc.cross_parent ? "yes" : "")) != RG_OK)
            goto cleanup;
        rg_i_frontier_stops_text((rg_i_frontier_view *)&rp->fv, gaps[g], ", ", stops,
                                 sizeof stops);
        if ((st = rg_i_table_add(t, stops)) != RG_OK)
            goto cleanup;
    }
    *out = t;
    t = NULL;
cleanup:
    rg_i_table_free(t);
    return st;
}

static rg_status reach_table(const report *rp, int markdown, rg_i_table **out)
{
    static const char *const headers[] = {"rank", "region", "parent", "mechanisms", "direct",
                                          "2 steps"};
    static const size_t min_width[] = {0, 16, 10, 0, 0, 0};
    size_t n = shown(rp, rp->nranked), k, c;
    char hb[32];
    rg_i_table *t = NULL;
    rg_status st;

    if ((st = rg_i_table_new(6, &t)) != RG_OK)
        goto cleanup;
    for (c = 0; c < 6; c++)
        if ((st = rg_i_table_column(t, c, rg_i_mu_name(rp->mu, headers[c], hb, sizeof hb),
                                    c == 1 || c == 2 ? RG_I_ALIGN_LEFT : RG_I_ALIGN_RIGHT,
                                    markdown ? 0 : min_width[c])) != RG_OK)
            goto cleanup;
    for (k = 0; k < n; k++) {
        size_t i = rp->ranked[k];
        rg_region_coverage rc;
        const char *pn = parent_name(rp, i);
        rg_coverage_region(rp->coverage, i, &rc);
        if ((st = rg_i_table_addf(t, "%zu", k + 1)) != RG_OK ||
            (st = rg_i_table_addf(t, "%s %s", rg_regions_id(rp->regions, i),
                                  rg_regions_name(rp->regions, i))) != RG_OK ||
            (st = rg_i_table_add(t, pn ? pn : "-")) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", rc.mechanisms)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", rc.reach1)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", rc.reach2)) != RG_OK)
            goto cleanup;
    }
    *out = t;
    t = NULL;
cleanup:
    rg_i_table_free(t);
    return st;
}

static int has_agency_only(const report *rp)
{
    size_t mi;
    for (mi = 0; mi < rp->nmech; mi++) {
        rg_mechanism_coverage mc;
        rg_coverage_mechanism(rp->coverage, mi, &mc);
        if (mc.region_members == 0 && mc.agency_members > 0 && mc.covered == 0)
            return 1;
    }
    return 0;
}

/* Writes a table in the chosen form: text indented by two spaces, or Markdown. */
static rg_status write_table(const rg_i_table *t, int markdown, FILE *out)
{
    return markdown ? rg_i_table_write_markdown(t, out)
                    : rg_i_table_write_text(t, out, "  ", TERMINAL_WIDTH);
}

static rg_status report_tables(const report *rp, int markdown, FILE *out)
{
    const rg_coverage_summary *s = &rp->summary;
    const char *level = rg_coverage_level_name(rp->coverage);
    const char *h2 = markdown ? "## " : "", *h3 = markdown ? "### " : "";
    size_t ngaps = rg_coverage_gap_count(rp->coverage), listed;
    rg_i_table *t = NULL;
    rg_status st;

    fprintf(out, "%sCoverage at level %s: %zu regions, %zu mechanisms\n\n", h2, level ? level : "-",
            s->regions, rp->nmech);
    if (!rp->coord)
        fputs("The graph holds no coordination data: nothing is covered.\n\n", out);
    if ((st = summary_table(rp, &t)) != RG_OK || (st = write_table(t, markdown, out)) != RG_OK)
        goto cleanup;
    rg_i_mu_printf(out, rp->mu, 1,
                   "\n%zu gap%s: adjacent pairs no mechanism covers on both sides (%.1f km)\n",
                   ngaps, ngaps == 1 ? "" : "s", rp->gap_km);
    if (rp->coord)
        rg_i_frontier_text_totals(&rp->fv, out);
    rg_i_table_free(t);
    t = NULL;

    if (rp->nmech > 0) {
        fprintf(out, "\n%sMechanisms\n\n", h3);
        if ((st = mechanism_table(rp, markdown, &t)) != RG_OK ||
            (st = write_table(t, markdown, out)) != RG_OK)
            goto cleanup;
        rg_i_table_free(t);
        t = NULL;
        fputs(markdown ? "\n" : "\n  ", out);
        fputs("covered: regions of the level it covers; pieces: contiguous groups they form;\n",
              out);
        fputs(markdown ? "" : "  ", out);
        rg_i_mu_fputs(out, rp->mu, 0, "outer km: border with the regions it does not cover.\n");
        if (has_agency_only(rp)) {
            fputs(markdown ? "" : "  ", out);
            fputs("A mechanism of agencies only covers no region: agencies coordinate agencies.\n",
                  out);
        }
        fprintf(out, "\n%sFrontier: where each mechanism stops\n\n", h3);
        if ((st = rg_i_frontier_mechanism_table((rg_i_frontier_view *)&rp->fv, markdown, &t)) !=
                RG_OK ||
            (st = write_table(t, markdown, out)) != RG_OK)
            goto cleanup;
        rg_i_table_free(t);
        t = NULL;
        fputs(markdown ? "\n" : "\n  ", out);
        fputs("frontier: borders it covers on one side only; gaps: those no mechanism covers\n",
              out);
        fputs(markdown ? "" : "  ", out);
        fputs("on both sides; stops at: the neighbours beyond them, longest border first.\n",
              out);
    }

    listed = rp->fv.ngaps;
    fprintf(out, "\n%s%s", h3,
            rp->fv.all ? "Gaps, frontier gaps first, longest border first"
                       : "Frontier gaps, longest border first");
    if (shown(rp, listed) < listed)
        fprintf(out, " (top %zu of %zu)", shown(rp, listed), listed);
    fputs("\n\n", out);
    if (listed == 0) {
        fputs(rp->fv.all || ngaps == 0 ? "No gaps.\n"
                                       : "No frontier gaps (--gaps all lists every gap).\n",
              out);
    } else {
        if ((st = gap_table(rp, markdown, &t)) != RG_OK ||
            (st = write_table(t, markdown, out)) != RG_OK)
            goto cleanup;
        rg_i_table_free(t);
        t = NULL;
        fprintf(out, "%scross: the two regions have different parents.\n", markdown ? "\n" : "\n  ");
        fprintf(out, "%sstops: the mechanisms covering one side only.\n", markdown ? "" : "  ");
    }

    fprintf(out, "\n%sReach, most connected first", h3);
    if (shown(rp, rp->nranked) < rp->nranked)
        fprintf(out, " (top %zu of %zu)", shown(rp, rp->nranked), rp->nranked);
    fputs("\n\n", out);
    if ((st = reach_table(rp, markdown, &t)) != RG_OK || (st = write_table(t, markdown, out)) != RG_OK)
        goto cleanup;
    fprintf(out, "%sdirect: regions sharing a mechanism with it; 2 steps: also via one of them.\n",
            markdown ? "\n" : "\n  ");
cleanup:
    rg_i_table_free(t);
    return st;
}

/* ------------------------------------------------------------------ JSON */

static void json_share(FILE *out, double part, double whole)
{
    if (whole > 0)
        rg_i_json_real(out, part / whole);
    else
        fputs("null", out);
}

/* Who covers region i: the mechanisms' ids and how each covers it (rg_coverage_via), as JSON
 * members "mech_ids" and "mech_via" after a comma, or (csv) as two ';'-joined CSV fields. */
static void who_covers(const report *rp, size_t i, FILE *out, int csv)
{
    size_t count, k, list;
    const size_t *mechs = rg_coverage_region_mechanisms(rp->coverage, i, &count);
    for (list = 0; list < 2; list++) {
        char *joined = NULL;
        size_t len = 0;
        fputs(csv ? "," : list ? ", \"mech_via\": [" : ", \"mech_ids\": [", out);
        for (k = 0; k < count; k++) {
            const char *v = list ? rg_coverage_via(rp->coverage, rp->graph, mechs[k], i)
                                 : rg_coordination_mechanism_id(rp->coord, mechs[k]);
            if (!csv) {
                fputs(k ? ", " : "", out);
                rg_i_json_string_or_null(out, v);
            } else if (v) {
                char *grown = realloc(joined, len + strlen(v) + 2);
                if (!grown)
                    break; /* out of memory: the field stays short, the stream reports nothing */
                joined = grown;
                len += (size_t)sprintf(joined + len, "%s%s", len ? ";" : "", v);
            }
        }
        if (csv && joined)
            rg_i_csv_field(out, joined);
        else if (!csv)
            fputc(']', out);
        free(joined);
    }
}

/* The first day region i was covered (rg_i_coverage_covered_from) as an ISO 8601 day: a JSON
 * string or null, or (csv) a CSV field, empty when never. */
static void covered_from(const report *rp, size_t i, FILE *out, int csv)
{
    char day[11];
    rg_date_format(rg_i_coverage_covered_from(rp->graph, rp->coverage, i), 1, day);
    if (csv)
        fputs(day, out);
    else if (*day)
        fprintf(out, ", \"covered_from\": \"%s\"", day);
    else
        fputs(", \"covered_from\": null", out);
}

static void report_json(const report *rp, FILE *out)
{
    const rg_coverage_summary *s = &rp->summary;
    const size_t *gaps = rp->fv.gaps;
    size_t ngaps = rp->fv.ngaps, k, mi;

    fputs("{\n  \"section\": \"coverage\",\n  \"level\": ", out);
    rg_i_json_string_or_null(out, rg_coverage_level_name(rp->coverage));
    fprintf(out, ",\n  \"coordination\": %s", rp->coord ? "true" : "false");
    fprintf(out, ",\n  \"summary\": {\"regions\": %zu, \"covered\": %zu, \"covered_share\": ",
            s->regions, s->covered);
    json_share(out, (double)s->covered, (double)s->regions);
    fprintf(out, ", \"weighted\": %s, \"weight_total\": ", s->weighted ? "true" : "false");
    if (s->weighted) {
        rg_i_json_real(out, s->weight_total);
        fputs(", \"weight_covered\": ", out);
        rg_i_json_real(out, s->weight_covered);
        fputs(", \"weight_share\": ", out);
        json_share(out, s->weight_covered, s->weight_total);
    } else {
        fputs("null, \"weight_covered\": null, \"weight_share\": null", out);
    }
    fprintf(out, ", \"pairs\": %zu, \"pairs_coordinated\": %zu, \"pairs_share\": ", s->pairs,
            s->pairs_coordinated);
    json_share(out, (double)s->pairs_coordinated, (double)s->pairs);
    rg_i_mu_fputs(out, rp->mu, 1, ", \"km\": ");
    rg_i_json_real(out, s->km);
    rg_i_mu_fputs(out, rp->mu, 1, ", \"km_coordinated\": ");
    rg_i_json_real(out, s->km_coordinated);
    rg_i_mu_fputs(out, rp->mu, 1, ", \"km_share\": ");
    json_share(out, s->km_coordinated, s->km);
    rg_i_mu_printf(out, rp->mu, 1,
                   ", \"cross_pairs\": %zu, \"cross_pairs_coordinated\": %zu, \"cross_km\": ",
                   s->cross_pairs, s->cross_pairs_coordinated);
    rg_i_json_real(out, s->cross_km);
    rg_i_mu_fputs(out, rp->mu, 1, ", \"cross_km_coordinated\": ");
    rg_i_json_real(out, s->cross_km_coordinated);
    rg_i_mu_printf(out, rp->mu, 1, ", \"gaps\": %zu, \"gap_km\": ", s->gaps);
    rg_i_json_real(out, rp->gap_km);
    rg_i_frontier_json_summary(&rp->fv, out);
    fputs("},\n  \"mechanisms\": [", out);
    for (mi = 0; mi < rp->nmech; mi++) {
        rg_mechanism_coverage mc;
        int year = rg_coordination_mechanism_year(rp->coord, mi);
        rg_coverage_mechanism(rp->coverage, mi, &mc);
        fputs(mi ? ",\n    {\"id\": " : "\n    {\"id\": ", out);
        rg_i_json_string(out, rg_coordination_mechanism_id(rp->coord, mi));
        fputs(", \"name\": ", out);
        rg_i_json_string_or_null(out, rg_coordination_mechanism_name(rp->coord, mi));
        fputs(", \"kind\": ", out);
        rg_i_json_string_or_null(out, rg_coordination_mechanism_kind(rp->coord, mi));
        if (year)
            fprintf(out, ", \"year\": %d", year);
        else
            fputs(", \"year\": null", out);
        fputs(", \"source\": ", out);
        rg_i_json_string_or_null(out, rg_coordination_mechanism_source(rp->coord, mi));
        rg_i_mu_printf(out, rp->mu, 1,
                ", \"region_members\": %zu, \"agency_members\": %zu, \"covered\": %zu, "
                "\"pieces\": %zu, \"contiguous\": %s, \"outer_km\": ",
                mc.region_members, mc.agency_members, mc.covered, mc.pieces,
                mc.pieces == 1 ? "true" : "false");
        rg_i_json_real(out, mc.outer_km);
        rg_i_frontier_json_mechanism((rg_i_frontier_view *)&rp->fv, mi, out);
        fputc('}', out);
    }
    fputs(rp->nmech ? "\n  ],\n  \"gaps\": [" : "],\n  \"gaps\": [", out);
    for (k = 0; k < shown(rp, ngaps); k++) {
        size_t a, b;
        double km;
        int rook;
        rg_pair_coverage pc;
        rg_adjacency_pair(rp->adjacency, gaps[k], &a, &b, &km, &rook);
        rg_coverage_pair(rp->coverage, gaps[k], &pc);
        fprintf(out, "%s    {\"rank\": %zu, \"id_a\": ", k ? ",\n" : "\n", k + 1);
        rg_i_json_string(out, rg_regions_id(rp->regions, a));
        fputs(", \"name_a\": ", out);
        rg_i_json_string(out, rg_regions_name(rp->regions, a));
        fputs(", \"parent_a\": ", out);
        rg_i_json_string_or_null(out, parent_id(rp, a));
        fputs(", \"parent_name_a\": ", out);
        rg_i_json_string_or_null(out, parent_name(rp, a));
        fputs(", \"id_b\": ", out);
        rg_i_json_string(out, rg_regions_id(rp->regions, b));
        fputs(", \"name_b\": ", out);
        rg_i_json_string(out, rg_regions_name(rp->regions, b));
        fputs(", \"parent_b\": ", out);
        rg_i_json_string_or_null(out, parent_id(rp, b));
        fputs(", \"parent_name_b\": ", out);
        rg_i_json_string_or_null(out, parent_name(rp, b));
        rg_i_mu_printf(out, rp->mu, 1, ", \"cross_parent\": %s, \"kind\": \"%s\", \"length_km\": ",
                pc.cross_parent ? "true" : "false", rook ? "rook" : "queen");
        rg_i_json_real(out, km);
        rg_i_frontier_json_gap((rg_i_frontier_view *)&rp->fv, gaps[k], out);
        fputc('}', out);
    }
    fputs(shown(rp, ngaps) ? "\n  ],\n  \"reach\": [" : "],\n  \"reach\": [", out);
    for (k = 0; k < shown(rp, rp->nranked); k++) {
        size_t i = rp->ranked[k];
        rg_region_coverage rc;
        rg_coverage_region(rp->coverage, i, &rc);
        fprintf(out, "%s    {\"rank\": %zu, \"id\": ", k ? ",\n" : "\n", k + 1);
        rg_i_json_string(out, rg_regions_id(rp->regions, i));
        fputs(", \"name\": ", out);
        rg_i_json_string(out, rg_regions_name(rp->regions, i));
        fputs(", \"parent\": ", out);
        rg_i_json_string_or_null(out, parent_id(rp, i));
        fprintf(out, ", \"mechanisms\": %zu, \"reach1\": %zu, \"reach2\": %zu", rc.mechanisms,
                rc.reach1, rc.reach2);
        who_covers(rp, i, out, 0);
        covered_from(rp, i, out, 0);
        fputc('}', out);
    }
    fputs(shown(rp, rp->nranked) ? "\n  ]\n}\n" : "]\n}\n", out);
}

/* ------------------------------------------------------------------ CSV */

static void report_csv(const report *rp, FILE *out)
{
    size_t n = rg_regions_count(rp->regions), i;
    const char *level = rg_coverage_level_name(rp->coverage);
    /* RFC 4180 lines end in CRLF; spreadsheets and Python's csv module expect it. */
    rg_i_mu_fputs(
        out, rp->mu, 1,
        "id,name,level,parent,covered,mechanisms,reach1,reach2,neighbours,border_km,gaps,gap_km,"
        "mech_ids,mech_via,frontier_gaps,frontier_gap_km,covered_from\r\n");
    for (i = 0; i < n; i++) {
        rg_region_coverage rc;
        rg_coverage_region(rp->coverage, i, &rc);
        if (!rc.at_level)
            continue;
        rg_i_csv_field(out, rg_regions_id(rp->regions, i));
        fputc(',', out);
        rg_i_csv_field(out, rg_regions_name(rp->regions, i));
        fputc(',', out);
        rg_i_csv_field(out, level);
        fputc(',', out);
        rg_i_csv_field(out, parent_id(rp, i));
        fprintf(out, ",%s,%zu,%zu,%zu,%zu,", rc.mechanisms ? "true" : "false", rc.mechanisms,
                rc.reach1, rc.reach2, rp->neighbours[i]);
        rg_i_csv_real(out, rp->border_km[i]);
        fprintf(out, ",%zu,", rp->gap_pairs[i]);
        rg_i_csv_real(out, rp->gap_border_km[i]);
        who_covers(rp, i, out, 1);
        fprintf(out, ",%zu,", rp->fv.region_gaps[i]);
        rg_i_csv_real(out, rp->fv.region_gap_km[i]);
        fputc(',', out);
        covered_from(rp, i, out, 1);
        fputs("\r\n", out);
    }
}

rg_status rg_report_coverage(const rg_graph *graph, const rg_coverage *coverage, rg_format format,
                             size_t top, FILE *out)
{
    return rg_report_coverage_gaps(graph, coverage, format, top, 0, out);
}

rg_status rg_report_coverage_gaps(const rg_graph *graph, const rg_coverage *coverage,
                                  rg_format format, size_t top, int gaps_all, FILE *out)
{
    report rp;
    rg_status st;

    memset(&rp, 0, sizeof rp);
    if (!graph || !coverage || !out) {
        st = rg_i_error(RG_ERR_ARG, "coverage report: graph, coverage and stream are required");
        goto cleanup;
    }
    if ((st = report_init(&rp, graph, coverage, top, gaps_all)) != RG_OK)
        goto cleanup;
    errno = 0;
    switch (format) {
    case RG_FORMAT_TABLE: st = report_tables(&rp, 0, out); break;
    case RG_FORMAT_MARKDOWN: st = report_tables(&rp, 1, out); break;
    case RG_FORMAT_JSON: report_json(&rp, out); break;
    case RG_FORMAT_CSV: report_csv(&rp, out); break;
    default: st = rg_i_error(RG_ERR_ARG, "coverage report: unknown format %d", (int)format);
    }
    if (st == RG_OK && (fflush(out) != 0 || ferror(out)))
        st = rg_i_error(RG_ERR_IO, "cannot write the report: %s",
                        strerror(errno ? errno : EIO));
cleanup:
    report_release(&rp);
    return st;
}
