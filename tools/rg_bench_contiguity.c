/* rg-bench-contiguity: times reading a polygon shapefile and building its contiguity.
 *
 *   rg-bench-contiguity [--rook] [--snap D] [--diagnose] [--read-only] [--expect N] [--pairs]
 *                       [--id-field F] PATH.shp
 *
 * --snap D builds in tolerant mode (rg_contiguity_build with snap = D layer units);
 * otherwise exact mode. --diagnose then runs the default diagnostics (rg_contiguity_diagnose
 * with rg_contiguity_default_near) and adds near=.. (kept/total), overlaps=.. (kept/total),
 * isolated=.., diagnose_s=.., diagnose_cpu_s=.. and diag_over_contiguity=.. (the CPU ratio).
 * --read-only stops after the read (polygons=.. vertices=.. read_s=.. read_cpu_s=..): the peak
 * memory of the read alone, against which the contiguity's and the diagnostics' are measured.
 * Prints one line of key=value fields to stdout:
 *   polygons=.. vertices=.. pairs=.. rook_pairs=.. read_s=.. contiguity_s=.. us_per_vertex=..
 *   read_cpu_s=.. contiguity_cpu_s=.. [expected=.. check=ok|FAILED]
 * (wall seconds, then the same spans in CPU seconds of the process).
 * With --pairs, then prints every pair as "id_a<TAB>id_b<TAB>km<TAB>rook" (for comparisons with
 * other tools). Exit status: 0 ok, 1 failure or a pair count that differs from --expect,
 * 2 usage error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regiongraph/contiguity.h"
#include "regiongraph/regions.h"
#include "regiongraph/status.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of the process: on a machine shared with other jobs it is steadier than wall time
 * for comparing two builds (it still counts the page faults, which are a large share here). */
static double cpu_now(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void usage(FILE *f)
{
    fputs("usage: rg-bench-contiguity [--rook] [--snap D] [--diagnose] [--read-only] "
          "[--expect N] [--pairs] [--id-field F] PATH.shp\n", f);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rook", no_argument, NULL, 'r'},      {"expect", required_argument, NULL, 'e'},
        {"pairs", no_argument, NULL, 'p'},     {"id-field", required_argument, NULL, 'i'},
        {"snap", required_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'},
        {"diagnose", no_argument, NULL, 'd'},  {"read-only", no_argument, NULL, 'o'},
        {NULL, 0, NULL, 0}};
    rg_contiguity_options copts;
    rg_contiguity kind = RG_CONTIGUITY_QUEEN;
    rg_read_options opts;
    rg_regions *regions = NULL;
    rg_adjacency *adj = NULL;
    rg_diagnostics *dg = NULL;
    long long expect = -1;
    int print_pairs = 0, diagnose = 0, read_only = 0, c, rc = 1;
    double t0, t1, t2, c0, c1, c2;
    size_t k, nrook = 0, npairs, npts;
    rg_status st;

    memset(&opts, 0, sizeof opts);
    memset(&copts, 0, sizeof copts);
    while ((c = getopt_long(argc, argv, "re:pi:s:hdo", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': kind = RG_CONTIGUITY_ROOK; break;
        case 'e': expect = atoll(optarg); break;
        case 'p': print_pairs = 1; break;
        case 'i': opts.id_field = optarg; break;
        case 's': copts.snap = atof(optarg); break;
        case 'd': diagnose = 1; break;
        case 'o': read_only = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    c0 = cpu_now();
    t0 = now();
    if ((st = rg_regions_read_shapefile(argv[optind], &opts, &regions)) != RG_OK) {
        fprintf(stderr, "rg-bench-contiguity: %s\n", rg_last_error());
        goto cleanup;
    }
    t1 = now();
    c1 = cpu_now();
    if (read_only) {
        printf("polygons=%zu vertices=%zu read_s=%.4f read_cpu_s=%.4f\n", rg_regions_count(regions),
               rg_regions_point_count(regions), t1 - t0, c1 - c0);
        rc = 0;
        goto cleanup;
    }
    copts.kind = kind;
    if ((st = rg_contiguity_build(regions, &copts, &adj)) != RG_OK) {
        fprintf(stderr, "rg-bench-contiguity: %s\n", rg_last_error());
        goto cleanup;
    }
    t2 = now();
    c2 = cpu_now();
    npairs = rg_adjacency_count(adj);
    npts = rg_regions_point_count(regions);
    for (k = 0; k < npairs; k++) {
        int rook;
        rg_adjacency_pair(adj, k, NULL, NULL, NULL, &rook);
        nrook += rook != 0;
    }
    printf("polygons=%zu vertices=%zu pairs=%zu rook_pairs=%zu read_s=%.4f contiguity_s=%.4f "
           "us_per_vertex=%.4f read_cpu_s=%.4f contiguity_cpu_s=%.4f",
           rg_regions_count(regions), npts, npairs, nrook, t1 - t0, t2 - t1,
           npts ? (t2 - t1) * 1e6 / (double)npts : 0.0, c1 - c0, c2 - c1);
    if (diagnose) {
        double near, t3, c3;
        if ((st = rg_contiguity_default_near(regions, copts.snap, &near)) != RG_OK ||
            (st = rg_contiguity_diagnose(regions, adj, copts.snap, near, &dg)) != RG_OK) {
            fprintf(stderr, "rg-bench-contiguity: %s\n", rg_last_error());
            goto cleanup;
        }
        t3 = now();
        c3 = cpu_now();
        printf(" near=%zu/%zu overlaps=%zu/%zu isolated=%zu diagnose_s=%.4f diagnose_cpu_s=%.4f "
               "diag_over_contiguity=%.3f",
               rg_diagnostics_near_count(dg), rg_diagnostics_near_total(dg),
               rg_diagnostics_overlap_count(dg), rg_diagnostics_overlap_total(dg),
               rg_diagnostics_isolated_count(dg), t3 - t2, c3 - c2,
               c2 > c1 ? (c3 - c2) / (c2 - c1) : 0.0);
    }
    rc = 0;
    if (expect >= 0) {
        int ok = (long long)npairs == expect;
        printf(" expected=%lld check=%s", expect, ok ? "ok" : "FAILED");
        rc = ok ? 0 : 1;
    }
    putchar('\n');
    if (print_pairs) {
        for (k = 0; k < npairs; k++) {
            size_t a, b;
            double km;
            int rook;
            rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
            printf("%s\t%s\t%.9f\t%d\n", rg_regions_id(regions, a), rg_regions_id(regions, b), km,
                   rook);
        }
    }
cleanup:
    rg_diagnostics_free(dg);
    rg_adjacency_free(adj);
    rg_regions_free(regions);
    return rc;
}
