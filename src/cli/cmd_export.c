/* `regiongraph export`: options in, GIS layers and network files out. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "regiongraph/netio.h"

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
    "  --network LIST         also write the network of the level (every edge type;\n"
    "                         comma list of graphml, gal, gwt, csv, or all):\n"
    "                         network.graphml (nodes and edges with all their\n"
    "                         attributes), weights.gal and weights.gwt (GeoDa\n"
    "                         contiguity weights of the level's regions, GWT\n"
    "                         weight = border km), edges.csv (id_a, id_b, type,\n"
    "                         weight, length_km)\n"
    "  --precision N          decimals of GeoJSON coordinates, 0 to 15 (default 7,\n"
    "                         about 1 cm); shared borders stay identical in both\n"
    "                         neighbours, and a ring that rounding would collapse\n"
    "                         keeps more decimals\n"
    "  --bbox                 give every GeoJSON feature and each collection an\n"
    "                         RFC 7946 bbox [west, south, east, north] (west >\n"
    "                         east across the antimeridian)\n"
    "  --format LIST          layer formats, a comma list (default geojson):\n"
    "                         geojson     NAME.geojson as above\n"
    "                         geojsonseq  NAME.geojsons, one feature a line after\n"
    "                                     an RS character (RFC 8142, GDAL's\n"
    "                                     GeoJSONSeq with RS=YES)\n"
    "                         gpkg        layers.gpkg, one GeoPackage, every layer\n"
    "                         fgb         NAME.fgb (FlatGeobuf), one per layer\n"
    "                         shp         NAME.shp, one per layer, text in UTF-8\n"
    "                                     (.cpg); field names cut to 10 bytes, a\n"
    "                                     repeated cut name ending in _1, _2, ...;\n"
    "                                     a layer keeps its first geometry type\n"
    "                         gpkg, fgb and shp are written by GDAL from the GeoJSON\n"
    "  --t_srs CRS            reproject the gpkg, fgb and shp layers (EPSG:3857, WKT,\n"
    "                         PROJ string); GeoJSON always stays lon/lat (RFC 7946)\n"
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

/* --format: the layer formats, a bit each. */
enum { FMT_GEOJSON = 1, FMT_SEQ = 2, FMT_GPKG = 4, FMT_FGB = 8, FMT_SHP = 16 };
static const char *const layer_formats[] = {"geojson", "geojsonseq", "gpkg", "fgb", "shp"};

static int parse_format_list(const char *list, unsigned *mask)
{
    char *copy = strdup(list), *tok, *save = NULL;
    int ok = copy != NULL;
    *mask = 0;
    for (tok = ok ? strtok_r(copy, ",", &save) : NULL; ok && tok;
         tok = strtok_r(NULL, ",", &save)) {
        unsigned bit = 0;
        for (unsigned k = 0; k < 5; k++)
            if (strcmp(tok, layer_formats[k]) == 0)
                bit = 1u << k;
        ok = bit != 0;
        *mask |= bit;
    }
    free(copy);
    return ok && *mask;
}

typedef struct layer_options {
    unsigned formats;
    int precision;
    const char *t_srs;
    int bbox; /* --bbox */
} layer_options;

/* The two layers of a graph without coordination data. */
static rg_status export_plain(rg_graph *graph, const char *dir, int quiet)
{
    char *regions_path = join(dir, "regions.geojson"), *borders_path = join(dir, "borders.geojson");
    rg_status st = RG_OK;
    if (!regions_path || !borders_path) {
        st = RG_ERR_NOMEM;
        goto cleanup;
    }
    if ((st = rg_export_regions_geojson(graph, regions_path)) != RG_OK)
        goto cleanup;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu regions)\n", regions_path,
                rg_graph_node_count(graph));
    if ((st = rg_export_borders_geojson(graph, borders_path)) != RG_OK)
        goto cleanup;
    if (!quiet)
        fprintf(stderr, "regiongraph: wrote %s (%zu borders)\n", borders_path,
                rg_graph_edge_count(graph));
cleanup:
    free(regions_path);
    free(borders_path);
    return st;
}

static rg_status write_geojson(rg_graph *graph, const rg_coverage_options *cov_opts,
                               const char *dir, int quiet)
{
    return rg_graph_coordination(graph) ? export_coordination(graph, cov_opts, dir, quiet)
                                        : export_plain(graph, dir, quiet);
}

/* A file-system failure of the command itself (not of the library, whose message is in the
 * error slot): printed here, *reported set so that the caller prints nothing more. */
static rg_status cli_io_error(const char *path, int *reported)
{
    fprintf(stderr, "regiongraph: %s: %s\n", path, strerror(errno));
    *reported = 1;
    return RG_ERR_IO;
}

/* A hidden working directory inside dir, so that renames out of it stay on one file system;
 * listed among the temporaries that the signal handler removes. */
static char *make_workdir(const char *dir, int *handle)
{
    char *work = join(dir, ".rg-export-XXXXXX");
    if (work && rg_temporary_create(work, 1, handle) < 0) {
        free(work);
        work = NULL;
    }
    return work;
}

/* Removes the working directory's files (known names only) and the directory. */
static void remove_workdir(char *work, const char *const *names, size_t count, const char *ext,
                           int handle)
{
    char file[64];
    if (!work)
        return;
    for (size_t k = 0; k < count; k++) {
        char *p;
        snprintf(file, sizeof file, "%s%s", names[k], ext);
        if ((p = join(work, file)) != NULL)
            unlink(p);
        free(p);
    }
    rmdir(work);
    rg_temporary_done(handle);
    free(work);
}

/* Every layer in every requested format. GeoJSON is written by our writer (into a working
 * directory when not requested itself, as the source of the other formats); GeoJSONSeq by the
 * same writer in sequence mode; GeoPackage, FlatGeobuf and shapefile by GDAL from the
 * GeoJSON. */
static rg_status export_layers(rg_graph *graph, const rg_coverage_options *cov_opts,
                               const char *dir, const layer_options *lo, int quiet,
                               int *reported)
{
    static const char *const all_names[] = {"regions", "borders", "links", "gaps", "agencies"};
    static const unsigned gdal[] = {FMT_GPKG, FMT_FGB, FMT_SHP};
    static const rg_layer_format gdal_format[] = {RG_LAYER_GPKG, RG_LAYER_FLATGEOBUF,
                                                  RG_LAYER_SHAPEFILE};
    rg_geojson_options gopts = {lo->precision, 0, lo->bbox};
    size_t count = rg_graph_coordination(graph) ? 5 : 2, k;
    char *work = NULL, *seq = NULL, *sources[5] = {NULL}, *from = NULL, *to = NULL;
    const char *geo_dir = dir;
    int work_handle = 0, seq_handle = 0;
    rg_status st;

    if ((st = rg_export_set_geojson_options(&gopts)) != RG_OK)
        goto cleanup;
    if (!(lo->formats & FMT_GEOJSON)) {
        geo_dir = NULL;
        if ((lo->formats & (FMT_GPKG | FMT_FGB | FMT_SHP)) && !(geo_dir = work = make_workdir(dir, &work_handle))) {
            st = cli_io_error(dir, reported);
            goto cleanup;
        }
    }
    if (geo_dir && (st = write_geojson(graph, cov_opts, geo_dir, quiet || geo_dir != dir)) != RG_OK)
        goto cleanup;
    if (lo->formats & FMT_SEQ) {
        gopts.sequence = 1;
        if (!(seq = make_workdir(dir, &seq_handle))) {
            st = cli_io_error(dir, reported);
            goto cleanup;
        }
        if ((st = rg_export_set_geojson_options(&gopts)) != RG_OK ||
            (st = write_geojson(graph, cov_opts, seq, 1)) != RG_OK)
            goto cleanup;
        for (k = 0; k < count; k++) {
            char file[32];
            free(from);
            free(to);
            snprintf(file, sizeof file, "%s.geojson", all_names[k]);
            from = join(seq, file);
            snprintf(file, sizeof file, "%s.geojsons", all_names[k]);
            to = join(dir, file);
            if (!from || !to) {
                st = RG_ERR_NOMEM;
                goto cleanup;
            }
            if (rename(from, to) != 0) {
                st = cli_io_error(to, reported);
                goto cleanup;
            }
            if (!quiet)
                fprintf(stderr, "regiongraph: wrote %s\n", to);
        }
    }
    for (k = 0; k < count && geo_dir; k++) {
        char file[32];
        snprintf(file, sizeof file, "%s.geojson", all_names[k]);
        if (!(sources[k] = join(geo_dir, file))) {
            st = RG_ERR_NOMEM;
            goto cleanup;
        }
    }
    for (k = 0; k < 3; k++) {
        if (!(lo->formats & gdal[k]))
            continue;
        if ((st = rg_export_layers((const char *const *)sources, all_names, count, gdal_format[k],
                                   dir, lo->t_srs)) != RG_OK)
            goto cleanup;
        if (!quiet)
            fprintf(stderr, "regiongraph: wrote %s in %s (%zu layers%s%s)\n",
                    k == 0 ? "layers.gpkg" : k == 1 ? "NAME.fgb" : "NAME.shp", dir, count,
                    lo->t_srs ? ", in " : "", lo->t_srs ? lo->t_srs : "");
    }
cleanup:
    for (k = 0; k < 5; k++)
        free(sources[k]);
    free(from);
    free(to);
    remove_workdir(work, all_names, count, ".geojson", work_handle);
    remove_workdir(seq, all_names, count, ".geojson", seq_handle);
    rg_export_set_geojson_options(NULL);
    return st;
}

/* --network: the network files, selected by a bit mask over network_formats. */
static const char *const network_formats[] = {"graphml", "gal", "gwt", "csv"};
static const char *const network_files[] = {"network.graphml", "weights.gal", "weights.gwt",
                                            "edges.csv"};

/* Parses "graphml,gal", "all"...; returns 0 for an unknown name. */
static int parse_network_list(const char *list, unsigned *mask)
{
    char *copy = strdup(list), *tok, *save = NULL;
    int ok = copy != NULL;
    *mask = 0;
    for (tok = ok ? strtok_r(copy, ",", &save) : NULL; ok && tok;
         tok = strtok_r(NULL, ",", &save)) {
        unsigned bit = 0;
        if (strcmp(tok, "all") == 0)
            bit = 0xf;
        for (unsigned k = 0; k < 4; k++)
            if (strcmp(tok, network_formats[k]) == 0)
                bit = 1u << k;
        ok = bit != 0;
        *mask |= bit;
    }
    free(copy);
    return ok && *mask;
}

/* Writes the selected network files for the level (NULL: the graph's default, else the
 * lowest), on the network with every edge type. */
static rg_status export_network(const rg_graph *graph, const char *level, unsigned mask,
                                const char *dir, int quiet)
{
    rg_status (*const writers[])(const rg_network *, const rg_graph *, const char *) = {
        rg_export_graphml, rg_export_gal, rg_export_gwt, rg_export_edges_csv};
    rg_network *network = NULL;
    char *path = NULL;
    size_t regions = 0, pairs = 0, k;
    rg_status st = RG_OK;
    if (!mask || (st = rg_network_build(graph, level, RG_VIEW_ALL, &network)) != RG_OK)
        goto cleanup;
    /* The weights files hold the level's regions and their adjacent pairs only. */
    for (k = 0; k < rg_network_node_count(network); k++) {
        rg_node_kind kind;
        size_t index;
        rg_network_node(network, k, &kind, &index);
        regions += kind == RG_NODE_REGION;
    }
    for (k = 0; k < rg_network_edge_count(network); k++) {
        size_t from, to, pair;
        rg_edge_type type;
        double weight;
        rg_network_edge(network, k, &from, &to, &type, &weight, &pair);
        pairs += type == RG_EDGE_ADJACENT;
    }
    for (k = 0; k < 4; k++) {
        if (!(mask & (1u << k)))
            continue;
        free(path);
        if (!(path = join(dir, network_files[k]))) {
            st = RG_ERR_NOMEM;
            goto cleanup;
        }
        if ((st = writers[k](network, graph, path)) != RG_OK)
            goto cleanup;
        if (!quiet && (k == 1 || k == 2))
            fprintf(stderr, "regiongraph: wrote %s (%zu regions, %zu adjacent pairs)\n", path,
                    regions, pairs);
        else if (!quiet)
            fprintf(stderr, "regiongraph: wrote %s (%zu nodes, %zu edges)\n", path,
                    rg_network_node_count(network), rg_network_edge_count(network));
    }
cleanup:
    free(path);
    rg_network_free(network);
    return st;
}

int rg_cmd_export(int argc, char **argv)
{
    enum { OPT_LEVEL = 256, OPT_WEIGHT, OPT_AGENCY };
    enum { OPT_NETWORK = 320 }; /* --network (kept apart from the layer options) */
    enum { OPT_PRECISION = 340, OPT_FORMAT, OPT_T_SRS, OPT_BBOX }; /* the layer formats */
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"weight", required_argument, NULL, OPT_WEIGHT},
        {"agency-jurisdiction", no_argument, NULL, OPT_AGENCY},
        {"network", required_argument, NULL, OPT_NETWORK},
        {"precision", required_argument, NULL, OPT_PRECISION},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"t_srs", required_argument, NULL, OPT_T_SRS},
        {"bbox", no_argument, NULL, OPT_BBOX},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *dir = NULL;
    rg_coverage_options cov_opts = {0};
    layer_options lopts = {FMT_GEOJSON, RG_GEOJSON_PRECISION, NULL, 0};
    int quiet = 0, opt, rc = RG_EXIT_FAILED, reported = 0;
    char *end;
    unsigned network_mask = 0;
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
        case OPT_NETWORK:
            if (!parse_network_list(optarg, &network_mask))
                return rg_cli_usage_error("export", "--network: expected a comma list of "
                                          "graphml, gal, gwt, csv or all, got '%s'", optarg);
            break;
        case OPT_PRECISION:
            errno = 0;
            lopts.precision = (int)strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || lopts.precision < 0 || lopts.precision > 15)
                return rg_cli_usage_error("export", "--precision: expected 0 to 15, got '%s'",
                                          optarg);
            break;
        case OPT_FORMAT:
            if (!parse_format_list(optarg, &lopts.formats))
                return rg_cli_usage_error("export", "--format: expected a comma list of geojson, "
                                          "geojsonseq, gpkg, fgb or shp, got '%s'", optarg);
            break;
        case OPT_T_SRS: lopts.t_srs = optarg; break;
        case OPT_BBOX: lopts.bbox = 1; break;
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
    if (!quiet && lopts.t_srs && !(lopts.formats & (FMT_GPKG | FMT_FGB | FMT_SHP)))
        fprintf(stderr, "regiongraph: warning: --t_srs applies to gpkg, fgb and shp only: "
                        "GeoJSON is always lon/lat WGS84 (RFC 7946)\n");
    if (rg_graph_coordination(graph)) {
        if ((st = export_layers(graph, &cov_opts, dir, &lopts, quiet, &reported)) != RG_OK ||
            (st = export_network(graph, cov_opts.level, network_mask, dir, quiet)) != RG_OK)
            goto fail;
        rc = RG_EXIT_OK;
        goto cleanup;
    }
    if (!quiet && (cov_opts.level || cov_opts.weight_field || cov_opts.agency_jurisdiction))
        fprintf(stderr, "regiongraph: warning: %s holds no coordination data: --level, --weight "
                        "and --agency-jurisdiction are ignored\n",
                graph_path);
    if ((st = export_layers(graph, &cov_opts, dir, &lopts, quiet, &reported)) != RG_OK)
        goto fail;
    if ((st = export_network(graph, NULL, network_mask, dir, quiet)) != RG_OK)
        goto fail;
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = reported ? RG_EXIT_FAILED : rg_cli_fail(st);
cleanup:
    rg_graph_free(graph);
    return rc;
}
