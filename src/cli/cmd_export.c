#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: regiongraph export [GRAPH] -o DIR [options]\n"
    "\n"
    "Writes GIS layers from a graph file made by build (default: " RG_CLI_DEFAULT_GRAPH ") into\n"
    "DIR, which is created if needed:\n"
    "  regions.geojson   the regions with id, name, degree, border_km (total shared border),\n"
    "                    isolated (no neighbour) and their source attributes\n"
    "  borders.geojson   one feature per adjacent pair: the shared border as lines (a point for\n"
    "                    a corner-only contact), id_a, id_b, name_a, name_b, kind, length_km\n"
    "GeoJSON follows RFC 7946: lon/lat WGS84, exterior rings counter-clockwise. Each file is\n"
    "written to a temporary name and renamed into place when complete.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR   directory for the layers (required)\n"
    "  -q, --quiet        print nothing on success\n"
    "  -h, --help         show this help\n";

/* Creates dir and its missing parents, like mkdir -p. */
static int make_dirs(const char *dir)
{
    char *path = strdup(dir), *p;
    int ok = 1;
    if (!path)
        return 0;
    for (p = path + 1; ok && *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            ok = 0;
        *p = '/';
    }
    if (ok && mkdir(path, 0777) != 0 && errno != EEXIST)
        ok = 0;
    free(path);
    return ok;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, name);
    return s;
}

int rg_cmd_export(int argc, char **argv)
{
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *dir = NULL;
    char *regions_path = NULL, *borders_path = NULL;
    int quiet = 0, opt, rc = RG_EXIT_FAILED;
    rg_graph *graph = NULL;
    rg_status st;
    struct stat sb;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
        switch (opt) {
        case 'o': dir = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage, stdout); return RG_EXIT_OK;
        default: return rg_cli_usage_error("export", "unknown option");
        }
    }
    if (argc - optind > 1)
        return rg_cli_usage_error("export", "one GRAPH file expected, got %d", argc - optind);
    if (argc - optind == 1)
        graph_path = argv[optind];
    if (!dir || !*dir)
        return rg_cli_usage_error("export", "-o DIR is required");
    rg_cli_set_quiet(quiet);

    if ((st = rg_graph_read(graph_path, &graph)) != RG_OK)
        goto fail;
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "regiongraph: %s: not a directory\n", dir);
        goto cleanup;
    }
    if (!make_dirs(dir)) {
        fprintf(stderr, "regiongraph: %s: cannot create directory: %s\n", dir, strerror(errno));
        goto cleanup;
    }
    regions_path = join(dir, "regions.geojson");
    borders_path = join(dir, "borders.geojson");
    if (!regions_path || !borders_path) {
        fprintf(stderr, "regiongraph: out of memory\n");
        goto cleanup;
    }
    if ((st = rg_export_regions_geojson(graph, regions_path)) != RG_OK)
        goto fail;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu regions)\n", regions_path,
                rg_graph_node_count(graph));
    if ((st = rg_export_borders_geojson(graph, borders_path)) != RG_OK)
        goto fail;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu borders)\n", borders_path,
                rg_graph_edge_count(graph));
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = rg_cli_fail(st);
cleanup:
    free(regions_path);
    free(borders_path);
    rg_graph_free(graph);
    return rc;
}
