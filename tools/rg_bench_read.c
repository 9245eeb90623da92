/* rg-bench-read: the graph-file read alone. Reads a graph file RUNS times (rg_graph_read, the
 * first step of export, render, report and suggest) and prints the CPU time of each read.
 *
 *   rg-bench-read GRAPH.gpkg [RUNS]
 *
 * RG_GRAPHFILE_OGR=1 in the environment makes every read take GDAL's OGR path instead of the
 * direct SQLite one (graphfile_read_direct.c), for a baseline in the same process. Prints one
 * line per read: "read=K cpu_s=.. user_s=.. sys_s=.. wall_s=..". Exit status 0 ok, 1 failure,
 * 2 usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "regiongraph.h"

static double seconds(const struct timeval *t)
{
    return (double)t->tv_sec + (double)t->tv_usec * 1e-6;
}

static double wall_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int runs = 3, k;
    if (argc < 2 || argc > 3 || (argc == 3 && (runs = atoi(argv[2])) < 1)) {
        fprintf(stderr, "usage: rg-bench-read GRAPH.gpkg [RUNS]\n");
        return 2;
    }
    for (k = 1; k <= runs; k++) {
        rg_graph *graph = NULL;
        struct rusage a, b;
        double w = wall_s(), user, sys;
        getrusage(RUSAGE_SELF, &a);
        if (rg_graph_read(argv[1], &graph) != RG_OK) {
            fprintf(stderr, "rg-bench-read: %s\n", rg_last_error());
            return 1;
        }
        getrusage(RUSAGE_SELF, &b);
        user = seconds(&b.ru_utime) - seconds(&a.ru_utime);
        sys = seconds(&b.ru_stime) - seconds(&a.ru_stime);
        printf("read=%d cpu_s=%.3f user_s=%.3f sys_s=%.3f wall_s=%.3f\n", k, user + sys, user,
               sys, wall_s() - w);
        rg_graph_free(graph);
    }
    return 0;
}
