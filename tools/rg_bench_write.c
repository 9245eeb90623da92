/* rg-bench-write: the graph-file write alone. Reads a graph file once, then writes it RUNS
 * times to OUT (rg_graph_write, the write of `build`), and prints the CPU time of each write.
 *
 *   rg-bench-write GRAPH.gpkg OUT.gpkg [RUNS]
 *
 * The allocator is set as the CLI's main() sets it (one arena, no separate mappings, no trim,
 * a 64 MiB top pad), so that the write finds memory as in `build`. The first write of a process
 * also pays the first touch of its arrays and of SQLite's cache; later ones show the write's
 * own work. Prints one line per write: "write=K cpu_s=.. user_s=.. sys_s=.. wall_s=..".
 * Exit status 0 ok, 1 failure, 2 usage error. */
#include <malloc.h>
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
    rg_graph *graph = NULL;
    int runs = 3, k, rc = 0;
    if (argc < 3 || argc > 4 || (argc == 4 && (runs = atoi(argv[3])) < 1)) {
        fprintf(stderr, "usage: rg-bench-write GRAPH.gpkg OUT.gpkg [RUNS]\n");
        return 2;
    }
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
    if (rg_graph_read(argv[1], &graph) != RG_OK) {
        fprintf(stderr, "rg-bench-write: %s\n", rg_last_error());
        return 1;
    }
    for (k = 1; k <= runs && rc == 0; k++) {
        struct rusage a, b;
        double w = wall_s(), user, sys;
        getrusage(RUSAGE_SELF, &a);
        if (rg_graph_write(graph, argv[2]) != RG_OK) {
            fprintf(stderr, "rg-bench-write: %s\n", rg_last_error());
            rc = 1;
            break;
        }
        getrusage(RUSAGE_SELF, &b);
        user = seconds(&b.ru_utime) - seconds(&a.ru_utime);
        sys = seconds(&b.ru_stime) - seconds(&a.ru_stime);
        printf("write=%d cpu_s=%.3f user_s=%.3f sys_s=%.3f wall_s=%.3f\n", k, user + sys, user,
               sys, wall_s() - w);
    }
    rg_graph_free(graph);
    return rc;
}
