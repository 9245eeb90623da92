/* Coverage through time: a mechanism covers only while it is in force, so coverage "at" a day or
 * a year keeps the mechanisms in force then; the timeline and the panel step through the days
 * on which that changes. */
#include <stdlib.h>
#include <string.h>

#include "analysis/coverage_time_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/coverage.h"

int rg_i_in_force(const rg_coordination *coord, size_t m, long first, long last)
{
    long start = rg_date_first_day(rg_coordination_mechanism_start(coord, m));
    long end = rg_date_last_day(rg_coordination_mechanism_end(coord, m));
    return (!start || start <= last) && (!end || end >= first);
}

/* Compacts list[first[i]..first[i+1]) keeping the items of kept i only. */
static void compact(size_t *first, size_t *list, size_t n, const unsigned char *keep)
{
    size_t i, k, w = 0, from = 0;
    for (i = 0; i < n; i++) {
        size_t to = first[i + 1];
        if (keep[i])
            for (k = from; k < to; k++)
                list[w++] = list[k];
        from = to;
        first[i + 1] = w;
    }
}

rg_status rg_i_cover_keep_in_force(rg_i_cover *c, const rg_coordination *coord, long first,
                                   long last)
{
    unsigned char *keep;
    size_t m;
    if (!coord || !c->nmechs || (!first && !last))
        return RG_OK;
    if (!(keep = malloc(c->nmechs)))
        return RG_I_NOMEM();
    for (m = 0; m < c->nmechs; m++) {
        keep[m] = (unsigned char)rg_i_in_force(coord, m, first, last);
        if (!keep[m])
            c->region_members[m] = 0;
    }
    compact(c->region_first, c->regions, c->nmechs, keep);
    compact(c->agency_first, c->agencies, c->nmechs, keep);
    free(keep);
    return RG_OK;
}

/* The day after a YYYYMMDD day. */
static long next_day(long d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long y = d / 10000, m = d / 100 % 100, day = d % 100;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int last = m == 2 && leap ? 29 : days[m - 1];
    if (day < last)
        return d + 1;
    return m < 12 ? y * 10000 + (m + 1) * 100 + 1 : (y + 1) * 10000 + 101;
}

static int cmp_change(const void *pa, const void *pb)
{
    long a = rg_date_first_day(*(const long *)pa), b = rg_date_first_day(*(const long *)pb);
    return a < b ? -1 : a > b;
}

rg_status rg_coverage_timeline(const rg_graph *graph, const rg_coverage_options *options,
                               rg_timeline_row **rows, size_t *count)
{
    const rg_coordination *coord = rg_graph_coordination(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t nm = coord ? rg_coordination_mechanism_count(coord) : 0, m, n = 0, k, r = 0;
    rg_coverage_options o = {0};
    rg_coverage *cov = NULL;
    long *changes = NULL;
    rg_timeline_row *out = NULL;
    rg_status st = RG_OK;

    *rows = NULL;
    *count = 0;
    if (options)
        o = *options;
    if (!(changes = rg_i_malloc_array(2 * nm + 1, sizeof *changes)) ||
        !(out = rg_i_calloc_array(2 * nm + 1, sizeof *out))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (m = 0; m < nm; m++) {
        long start = rg_coordination_mechanism_start(coord, m);
        long end = rg_coordination_mechanism_end(coord, m);
        if (start)
            changes[n++] = start;
        if (end)
            changes[n++] = next_day(rg_date_last_day(end));
    }
    qsort(changes, n, sizeof *changes, cmp_change);
    for (k = 0; k < n; k++) {
        long day = rg_date_first_day(changes[k]);
        rg_coverage_summary s;
        rg_timeline_row *row;
        const size_t *gaps;
        size_t g;
        if (k && rg_date_first_day(changes[k - 1]) == day)
            continue; /* one row a day; a year alone and its 1 January are the same day */
        o.at_first = o.at_last = day;
        rg_coverage_free(cov);
        cov = NULL;
        if ((st = rg_coverage_compute(graph, &o, &cov)) != RG_OK)
            goto cleanup;
        rg_coverage_get_summary(cov, &s);
        row = &out[r++];
        row->date = changes[k];
        for (m = 0; m < nm; m++)
            row->in_force += (size_t)rg_i_in_force(coord, m, day, day);
        row->covered = s.covered;
        row->pairs_coordinated = s.pairs_coordinated;
        row->km_coordinated = s.km_coordinated;
        gaps = rg_coverage_gaps(cov);
        for (g = 0; g < rg_coverage_gap_count(cov); g++)
            if (rg_coverage_pair_stops(cov, graph, gaps[g], NULL, 0)) {
                size_t a, b;
                double km;
                rg_adjacency_pair(adj, gaps[g], &a, &b, &km, NULL);
                row->frontier_gaps++;
                row->frontier_gap_km += km;
            }
    }
    *rows = out;
    *count = r;
    out = NULL;
cleanup:
    rg_coverage_free(cov);
    free(changes);
    free(out);
    return st;
}

long rg_i_coverage_covered_from(const rg_graph *graph, const rg_coverage *coverage, size_t i)
{
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t count, k;
    const size_t *mechs = rg_coverage_region_mechanisms(coverage, i, &count);
    long first = 0;
    for (k = 0; coord && k < count; k++) {
        long day = rg_date_first_day(rg_coordination_mechanism_start(coord, mechs[k]));
        if (day > 0 && (first == 0 || day < first))
            first = day;
    }
    return first;
}
