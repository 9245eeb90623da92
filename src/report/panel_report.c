/* `report --panel`: a long CSV, one row per region of the level and year, with its coverage at
 * the end of that year and its exposure to covered neighbours (event-history input). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "regiongraph/report.h"
#include "report/units_internal.h"
#include "report/table_internal.h"

/* The years of the panel: from the first year a mechanism starts to the last year one starts or
 * ends. 0 in both without a dated mechanism. */
static void panel_years(const rg_coordination *coord, long *first, long *last)
{
    size_t m, nm = coord ? rg_coordination_mechanism_count(coord) : 0;
    *first = *last = 0;
    for (m = 0; m < nm; m++) {
        long start = rg_coordination_mechanism_start(coord, m) / 10000;
        long end = rg_coordination_mechanism_end(coord, m) / 10000;
        if (start && (!*first || start < *first))
            *first = start;
        if (start > *last)
            *last = start;
        if (end > *last)
            *last = end;
    }
    if (!*first)
        *last = 0;
}

/* One year's rows: coverage at its 31 December. */
static rg_status panel_year(const rg_graph *graph, const rg_coverage_options *base, long year,
                            double *shared_km, double *covered_km, FILE *out)
{
    const rg_regions *regions = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t n = rg_regions_count(regions), i, k, j, count;
    rg_coverage_options o = *base;
    rg_coverage *cov = NULL;
    rg_status st;
    o.at_first = o.at_last = year * 10000 + 1231;
    if ((st = rg_coverage_compute(graph, &o, &cov)) != RG_OK)
        return st;
    memset(shared_km, 0, n * sizeof *shared_km);
    memset(covered_km, 0, n * sizeof *covered_km);
    for (k = 0; k < rg_adjacency_count(adj); k++) {
        rg_pair_coverage pc;
        size_t a, b;
        double km;
        rg_coverage_pair(cov, k, &pc);
        if (!pc.at_level)
            continue;
        rg_adjacency_pair(adj, k, &a, &b, &km, NULL);
        shared_km[a] += km;
        shared_km[b] += km;
        rg_coverage_region_mechanisms(cov, b, &count);
        if (count)
            covered_km[a] += km;
        rg_coverage_region_mechanisms(cov, a, &count);
        if (count)
            covered_km[b] += km;
    }
    for (i = 0; i < n; i++) {
        rg_region_coverage rc;
        const size_t *mechs;
        rg_coverage_region(cov, i, &rc);
        if (!rc.at_level)
            continue;
        mechs = rg_coverage_region_mechanisms(cov, i, &count);
        rg_i_csv_field(out, rg_regions_id(regions, i));
        fputc(',', out);
        rg_i_csv_field(out, rg_regions_name(regions, i));
        fprintf(out, ",%ld,%d,%zu,", year, count > 0, count);
        if (count) {
            /* the ids, ';'-joined, as one CSV field */
            size_t len = 1;
            char *ids;
            for (j = 0; j < count; j++)
                len += strlen(rg_coordination_mechanism_id(coord, mechs[j])) + 1;
            if (!(ids = malloc(len))) {
                st = RG_I_NOMEM();
                break;
            }
            ids[0] = '\0';
            for (j = 0; j < count; j++) {
                if (j)
                    strcat(ids, ";");
                strcat(ids, rg_coordination_mechanism_id(coord, mechs[j]));
            }
            rg_i_csv_field(out, ids);
            free(ids);
        }
        fputc(',', out);
        if (shared_km[i] > 0)
            rg_i_csv_real(out, covered_km[i] / shared_km[i]);
        fputc(',', out);
        rg_i_csv_real(out, shared_km[i]);
        fputs("\r\n", out);
    }
    rg_coverage_free(cov);
    return st;
}

rg_status rg_report_panel(const rg_graph *graph, const rg_coverage_options *options, FILE *out)
{
    size_t n = rg_regions_count(rg_graph_regions(graph));
    rg_coverage_options o = {0};
    double *shared = NULL, *covered = NULL;
    long first, last, y;
    rg_status st = RG_OK;
    errno = 0;
    if (options)
        o = *options;
    panel_years(rg_graph_coordination(graph), &first, &last);
    if (!(shared = calloc(n ? n : 1, sizeof *shared)) ||
        !(covered = calloc(n ? n : 1, sizeof *covered))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    rg_i_mu_fputs(out, rg_i_report_mu(graph), 1,
                  "id,name,year,covered,mechanisms,mechanism_ids,exposure,border_km\r\n");
    for (y = first; first && y <= last && st == RG_OK; y++)
        st = panel_year(graph, &o, y, shared, covered, out);
    if (st == RG_OK && (fflush(out) != 0 || ferror(out)))
        st = rg_i_error(RG_ERR_IO, "cannot write the panel: %s", strerror(errno ? errno : EIO));
cleanup:
    free(shared);
    free(covered);
    return st;
}

rg_status rg_report_panel_file(const rg_graph *graph, const rg_coverage_options *options,
                               const char *path)
{
    rg_i_atomic out;
    rg_status st;
    memset(&out, 0, sizeof out);
    if ((st = rg_i_atomic_begin(&out, path, 1)) != RG_OK)
        goto cleanup;
    if ((st = rg_report_panel(graph, options, out.fp)) != RG_OK) {
        if (st == RG_ERR_IO)
            rg_i_error_prefix(st, path);
        goto cleanup;
    }
    st = rg_i_atomic_commit(&out);
cleanup:
    rg_i_atomic_abort(&out);
    return st;
}
