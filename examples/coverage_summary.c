/* A short client of the installed library: builds the graph of a project file and prints its size
 * and the coverage of its default level. Compile it against an installed regiongraph with
 *   cc coverage_summary.c $(pkg-config --cflags --libs regiongraph) -o coverage_summary
 * and run it on the example project: ./coverage_summary share/regiongraph/maps/project.ini */
#include <stdio.h>
#include <string.h>

#include <regiongraph.h>

int main(int argc, char **argv)
{
    rg_project *project = NULL;
    rg_graph *graph = NULL;
    rg_coverage *coverage = NULL;
    rg_build_options options;
    rg_coverage_summary summary;
    rg_status status;
    int code = 1;

    if (argc != 2) {
        fprintf(stderr, "usage: %s PROJECT.ini\n", argv[0]);
        return 2;
    }
    memset(&options, 0, sizeof options); /* zero: the project's own settings */
    if ((status = rg_project_read(argv[1], &project)) != RG_OK ||
        (status = rg_build_project(project, &options, &graph, NULL)) != RG_OK ||
        (status = rg_coverage_compute(graph, NULL, &coverage)) != RG_OK) {
        fprintf(stderr, "coverage_summary: %s: %s\n", rg_strerror(status), rg_last_error());
        goto cleanup;
    }
    rg_coverage_get_summary(coverage, &summary);
    printf("library %s (headers %s)\n", rg_version(), RG_VERSION_STRING);
    printf("regions %zu\n", rg_regions_count(rg_graph_regions(graph)));
    printf("level %s\n", rg_coverage_level_name(coverage));
    printf("pairs %zu coordinated %zu gaps %zu\n", summary.pairs, summary.pairs_coordinated,
           summary.gaps);
    printf("covered %zu of %zu\n", summary.covered, summary.regions);
    code = 0;
cleanup:
    rg_coverage_free(coverage);
    rg_graph_free(graph);
    rg_project_free(project);
    return code;
}
