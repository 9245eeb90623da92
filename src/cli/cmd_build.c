#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: regiongraph build [REGIONS.shp] [options]\n"
    "\n"
    "Reads a polygon layer, finds which regions are adjacent and how long each shared border\n"
    "is, and writes the graph to a GeoPackage that export and report read.\n"
    "With no REGIONS, builds the shipped China prefectures (maps/prefectures.shp, --id code\n"
    "--name name_en).\n"
    "\n"
    "options:\n"
    "  --id FIELD            field with the unique region id (default: id, code or GEOID)\n"
    "  --name FIELD          field with the region name (default: name, else the id)\n"
    "  --encoding ENC        text encoding of the .dbf, e.g. CP936 (default: from the .cpg or\n"
    "                        the DBF language byte, else ISO-8859-1)\n"
    "  --contiguity KIND     queen (a shared point, the default) or rook (a shared stretch)\n"
    "  -o, --output FILE     graph file to write (default: " RG_CLI_DEFAULT_GRAPH ")\n"
    "  -q, --quiet           no summary and no warnings on stderr\n"
    "  -v, --verbose         also report the time of each step\n"
    "  -h, --help            show this help\n"
    "\n"
    "Border lengths are geodesic kilometres on WGS84 for lon/lat data and CRS units\n"
    "converted to kilometres for projected data.\n";

/* The shipped maps: looked up in ./maps first, then in the source tree the binary came from. */
static const char *default_regions(void)
{
    static const char *const candidates[] = {"maps/prefectures.shp", RG_MAPS_DIR "/prefectures.shp"};
    size_t i;
    for (i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (access(candidates[i], R_OK) == 0)
            return candidates[i];
    return NULL;
}

static void report_isolated(const rg_graph *graph, const size_t *degree)
{
    const rg_regions *regions = rg_graph_regions(graph);
    size_t i, n = rg_regions_count(regions), count = 0, shown = 0;
    for (i = 0; i < n; i++)
        count += degree[i] == 0;
    fprintf(stderr, "regiongraph: %zu region%s without neighbours%s", count, count == 1 ? "" : "s",
            count ? ":" : "\n");
    for (i = 0; i < n && count; i++) {
        if (degree[i] != 0)
            continue;
        if (shown == 20) {
            fprintf(stderr, " ... (%zu more)", count - shown);
            break;
        }
        fprintf(stderr, "%s %s (%s)", shown ? "," : "", rg_regions_id(regions, i),
                rg_regions_name(regions, i));
        shown++;
    }
    if (count)
        fputc('\n', stderr);
}

int rg_cmd_build(int argc, char **argv)
{
    static const struct option options[] = {
        {"id", required_argument, NULL, 'I'},
        {"name", required_argument, NULL, 'N'},
        {"encoding", required_argument, NULL, 'E'},
        {"contiguity", required_argument, NULL, 'C'},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    rg_read_options read_opts = {0};
    rg_contiguity kind = RG_CONTIGUITY_QUEEN;
    const char *output = RG_CLI_DEFAULT_GRAPH, *input = NULL;
    int quiet = 0, verbose = 0, opt, rc = RG_EXIT_FAILED;
    int progress;
    rg_regions *regions = NULL;
    rg_adjacency *adjacency = NULL;
    rg_graph *graph = NULL;
    rg_status st;
    const size_t *degree = NULL;
    const double *border_km = NULL;
    double t0, t1, t2, t3;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:qvh", options, NULL)) != -1) {
        switch (opt) {
        case 'I': read_opts.id_field = optarg; break;
        case 'N': read_opts.name_field = optarg; break;
        case 'E': read_opts.encoding = optarg; break;
        case 'C':
            if (strcmp(optarg, "queen") == 0)
                kind = RG_CONTIGUITY_QUEEN;
            else if (strcmp(optarg, "rook") == 0)
                kind = RG_CONTIGUITY_ROOK;
            else
                return rg_cli_usage_error("build", "--contiguity must be queen or rook, not '%s'", optarg);
            break;
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 'v': verbose = 1; break;
        case 'h': fputs(usage, stdout); return RG_EXIT_OK;
        default: return rg_cli_usage_error("build", "unknown option");
        }
    }
    if (argc - optind > 1)
        return rg_cli_usage_error("build", "one regions file expected, got %d", argc - optind);
    if (argc - optind == 1) {
        input = argv[optind];
    } else {
        input = default_regions();
        if (!input) {
            fprintf(stderr, "regiongraph: build: no REGIONS given and the shipped maps/prefectures.shp "
                            "was not found\n");
            return RG_EXIT_FAILED;
        }
        if (!read_opts.id_field)
            read_opts.id_field = "code";
        if (!read_opts.name_field)
            read_opts.name_field = "name_en";
    }
    if (*output == '\0')
        return rg_cli_usage_error("build", "-o needs a file name");
    rg_cli_set_quiet(quiet);
    progress = !quiet && (verbose || rg_cli_stderr_is_tty());

    t0 = rg_cli_now();
    if (progress)
        fprintf(stderr, "regiongraph: reading %s\n", input);
    if ((st = rg_regions_read_shapefile(input, &read_opts, &regions)) != RG_OK)
        goto fail;
    t1 = rg_cli_now();
    if (progress)
        fprintf(stderr, "regiongraph: finding %s contiguity of %zu regions\n",
                kind == RG_CONTIGUITY_ROOK ? "rook" : "queen", rg_regions_count(regions));
    if ((st = rg_contiguity_build(regions, kind, &adjacency)) != RG_OK)
        goto fail;
    t2 = rg_cli_now();
    st = rg_graph_new(regions, adjacency, &graph);
    regions = NULL; /* owned by the graph now, also on failure */
    adjacency = NULL;
    if (st != RG_OK)
        goto fail;
    if ((st = rg_graph_node_degrees(graph, &degree, &border_km)) != RG_OK)
        goto fail;
    if (progress)
        fprintf(stderr, "regiongraph: writing %s\n", output);
    if ((st = rg_graph_write(graph, output)) != RG_OK)
        goto fail;
    t3 = rg_cli_now();

    if (!quiet) {
        const rg_regions *r = rg_graph_regions(graph);
        fprintf(stderr, "regiongraph: %zu regions, %zu adjacent pairs (%s contiguity)\n",
                rg_regions_count(r), rg_graph_edge_count(graph),
                kind == RG_CONTIGUITY_ROOK ? "rook" : "queen");
        report_isolated(graph, degree);
        fprintf(stderr, "regiongraph: wrote %s\n", output);
    }
    if (verbose)
        fprintf(stderr,
                "regiongraph: time: read %.3f s, contiguity %.3f s, graph and write %.3f s, "
                "total %.3f s (%zu vertices)\n",
                t1 - t0, t2 - t1, t3 - t2, t3 - t0,
                rg_regions_point_count(rg_graph_regions(graph)));
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = rg_cli_fail(st);
cleanup:
    rg_graph_free(graph);
    rg_adjacency_free(adjacency);
    rg_regions_free(regions);
    return rc;
}
