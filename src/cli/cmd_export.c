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
    "Writes GIS layers from a graph file made by build (default: " RG_CLI_DEFAULT_GRAPH ")\n"
    "into DIR, which is created if needed:\n"
    "  regions.geojson   the regions: id, name, degree, border_km (total shared\n"
    "                    border), isolated (no neighbour), source attributes\n"
    "  borders.geojson   one feature per adjacent pair, the shared border as lines\n"
    "                    (a point for a corner-only contact): id_a, id_b, name_a,\n"
    "                    name_b, kind, length_km\n"
    "When the graph holds coordination data, the layers are those of the analysis\n"
    "level (see 'regiongraph report'): regions.geojson adds level, parent, covered,\n"
    "mechanisms, reach1 and reach2, then the centrality measures on the adjacency\n"
    "view (weighted by border km, seed 1; see 'regiongraph report --section\n"
    "centrality'): net_degree, strength, betweenness, closeness, harmonic,\n"
    "eigenvector, pagerank, coreness, clustering, articulation, component, leiden\n"
    "and louvain; borders.geojson adds coordinated, shared and cross_parent, and\n"
    "three more layers are written:\n"
    "  links.geojson     coordination links, as lines between points inside each\n"
    "                    region (or an agency's location): id_a, id_b, name_a,\n"
    "                    name_b, kind_a, kind_b, shared (mechanisms in common)\n"
    "  gaps.geojson      the shared borders no mechanism covers, longest first:\n"
    "                    rank, id_a, id_b, name_a, name_b, parent_a, parent_b,\n"
    "                    cross_parent, kind, length_km\n"
    "  agencies.geojson  agencies with a location: id, name, level, mechanisms,\n"
    "                    jurisdictions\n"
    "GeoJSON follows RFC 7946: lon/lat WGS84, exterior rings counter-clockwise.\n"
    "Each file is written to a temporary name and renamed into place when complete.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR       directory for the layers (required)\n"
    "  --level NAME           hierarchy level of the coverage layers (default: the\n"
    "                         graph's, else the lowest)\n"
    "  --weight FIELD         numeric region field weighting the covered share\n"
    "  --agency-jurisdiction  count an agency member's jurisdiction as coverage\n"
    "  -q, --quiet            print nothing on success\n"
    "  -h, --help             show this help\n";

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

/* Whether a network node has a place on the map: a region with geometry, an agency with a
 * location. */
static int drawn(const rg_graph *graph, const rg_network *network, size_t node)
{
    rg_node_kind kind;
    size_t index;
    double lon, lat;
    const size_t *poly_start = rg_regions_poly_start(rg_graph_regions(graph));
    rg_network_node(network, node, &kind, &index);
    if (kind == RG_NODE_AGENCY)
        return rg_coordination_agency_location(rg_graph_coordination(graph), index, &lon, &lat);
    return poly_start[index] < poly_start[index + 1];
}

/* The coordination layers: coverage attributes on regions and borders, links, gaps, agencies. */
static rg_status export_coordination(rg_graph *graph, const rg_coverage_options *cov_opts,
                                     const char *dir, int quiet)
{
    static const char *const names[] = {"regions.geojson", "borders.geojson", "links.geojson",
                                        "gaps.geojson", "agencies.geojson"};
    char *paths[5] = {NULL, NULL, NULL, NULL, NULL};
    rg_coverage *coverage = NULL;
    rg_network *network = NULL;
    rg_centrality *centrality = NULL;
    rg_centrality_options cent_opts = {0};
    rg_coverage_summary summary;
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t k, links = 0, located = 0;
    rg_status st;

    if ((st = rg_coverage_compute(graph, cov_opts, &coverage)) != RG_OK ||
        (st = rg_network_build(graph, rg_coverage_level_name(coverage), RG_VIEW_COORDINATION,
                               &network)) != RG_OK)
        goto cleanup;
    /* The measures on regions.geojson: the adjacency view with the report's defaults, so that
     * the layer and `regiongraph report --section centrality` agree. */
    cent_opts.level = rg_coverage_level_name(coverage);
    cent_opts.view = RG_VIEW_ADJACENCY;
    cent_opts.seed = 1;
    if ((st = rg_centrality_compute(graph, &cent_opts, &centrality)) != RG_OK)
        goto cleanup;
    for (k = 0; k < 5; k++)
        if (!(paths[k] = join(dir, names[k]))) {
            st = RG_ERR_NOMEM;
            goto cleanup;
        }
    rg_coverage_get_summary(coverage, &summary);
    /* Links drawn: coordinated edges whose two ends have a place on the map. */
    for (k = 0; k < rg_network_edge_count(network); k++) {
        size_t from, to, pair;
        rg_edge_type type;
        double weight;
        rg_network_edge(network, k, &from, &to, &type, &weight, &pair);
        links += type == RG_EDGE_COORDINATED && drawn(graph, network, from) &&
                 drawn(graph, network, to);
    }
    for (k = 0; k < rg_coordination_agency_count(coord); k++) {
        double lon, lat;
        located += rg_coordination_agency_location(coord, k, &lon, &lat);
    }
    if ((st = rg_export_regions_measures_geojson(graph, coverage, centrality, paths[0])) != RG_OK)
        goto cleanup;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu regions at level %s, %zu covered)\n",
                paths[0], summary.regions, rg_coverage_level_name(coverage), summary.covered);
    if ((st = rg_export_borders_coverage_geojson(graph, coverage, paths[1])) != RG_OK)
        goto cleanup;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu borders, %zu coordinated)\n", paths[1],
                summary.pairs, summary.pairs_coordinated);
    if ((st = rg_export_links_geojson(graph, network, paths[2])) != RG_OK)
        goto cleanup;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu coordination links)\n", paths[2], links);
    if ((st = rg_export_gaps_geojson(graph, coverage, paths[3])) != RG_OK)
        goto cleanup;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu gaps)\n", paths[3], summary.gaps);
    if ((st = rg_export_agencies_geojson(graph, paths[4])) != RG_OK)
        goto cleanup;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu agencies with a location)\n", paths[4],
                located);
cleanup:
    for (k = 0; k < 5; k++)
        free(paths[k]);
    rg_centrality_free(centrality);
    rg_network_free(network);
    rg_coverage_free(coverage);
    return st;
}

int rg_cmd_export(int argc, char **argv)
{
    enum { OPT_LEVEL = 256, OPT_WEIGHT, OPT_AGENCY };
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"weight", required_argument, NULL, OPT_WEIGHT},
        {"agency-jurisdiction", no_argument, NULL, OPT_AGENCY},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *dir = NULL;
    char *regions_path = NULL, *borders_path = NULL;
    rg_coverage_options cov_opts = {0};
    int quiet = 0, opt, rc = RG_EXIT_FAILED;
    rg_graph *graph = NULL;
    rg_status st;
    struct stat sb;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
        switch (opt) {
        case 'o': dir = optarg; break;
        case OPT_LEVEL: cov_opts.level = optarg; break;
        case OPT_WEIGHT: cov_opts.weight_field = optarg; break;
        case OPT_AGENCY: cov_opts.agency_jurisdiction = 1; break;
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
    if (rg_graph_coordination(graph)) {
        if ((st = export_coordination(graph, &cov_opts, dir, quiet)) != RG_OK)
            goto fail;
        rc = RG_EXIT_OK;
        goto cleanup;
    }
    if (!quiet && (cov_opts.level || cov_opts.weight_field || cov_opts.agency_jurisdiction))
        fprintf(stderr, "regiongraph: warning: %s holds no coordination data: --level, --weight "
                        "and --agency-jurisdiction are ignored\n",
                graph_path);
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
