/* `regiongraph export`: options in, rg_export_bundle (GIS layers and network files) out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"

enum { OPT_LEVEL = 256, OPT_WEIGHT, OPT_AGENCY, OPT_NETWORK, OPT_PRECISION, OPT_BBOX, OPT_FORMAT,
       OPT_T_SRS, OPT_CUTOFF };

static const rg_cli_option options[] = {
    {'o', 1, "output", "DIR", "directory for the layers (required)"},
    {OPT_LEVEL, 0, "level", "NAME",
     "hierarchy level of the coverage layers (default: the graph's, else the lowest)"},
    {OPT_WEIGHT, 0, "weight", "FIELD", "numeric region field weighting the covered share"},
    {OPT_AGENCY, 0, "agency-jurisdiction", NULL,
     "count an agency member's jurisdiction as coverage"},
    {OPT_NETWORK, 0, "network", "LIST",
     "also write the network of the level (every edge type; comma list of graphml, gal, gwt, "
     "csv, or all):\n"
     "  network.graphml  nodes and edges with all their attributes\n"
     "  weights.gal  GeoDa contiguity weights of the level's regions\n"
     "  weights.gwt  the same, GWT weight = border km\n"
     "  edges.csv  id_a, id_b, type, weight, length_km (length_mu on a map "
     "without a CRS)"},
    {OPT_PRECISION, 0, "precision", "N",
     "decimals of GeoJSON coordinates, 0 to 15 (default 7, about 1 cm); shared borders stay "
     "identical in both neighbours, and a ring that rounding would collapse keeps more "
     "decimals"},
    {OPT_BBOX, 0, "bbox", NULL,
     "give every GeoJSON feature and each collection an RFC 7946 bbox [west, south, east, "
     "north] (west > east across the antimeridian)"},
    {OPT_FORMAT, 0, "format", "LIST",
     "layer formats, a comma list (default geojson):\n"
     "  geojson  NAME.geojson as above\n"
     "  geojsonseq  NAME.geojsons, one feature a line after an RS character (RFC 8142, GDAL's "
     "GeoJSONSeq with RS=YES)\n"
     "  gpkg  layers.gpkg, one GeoPackage, every layer\n"
     "  fgb  NAME.fgb (FlatGeobuf), one per layer\n"
     "  shp  NAME.shp, one per layer, text in UTF-8 (.cpg); field names cut to 10 bytes, a "
     "repeated cut name ending in _1, _2, ...\n"
     "GDAL's driver names work too, in any case (GeoJSON, GeoJSONSeq, GPKG, FlatGeobuf, "
     "\"ESRI Shapefile\"). gpkg, fgb and shp are written by GDAL from the GeoJSON; every layer "
     "has one geometry type, and an empty one keeps its fields (geojsonseq leaves it out)"},
    {OPT_CUTOFF, 0, "cutoff", "X", RG_CLI_CUTOFF_HELP},
    {OPT_T_SRS, 0, "t_srs", "CRS",
     "reproject the gpkg, fgb and shp layers (EPSG:3857, WKT, PROJ string); GeoJSON always "
     "stays lon/lat (RFC 7946)"},
    {0},
};

const rg_cli_command rg_cli_export = {
    "export",
    "[GRAPH] -o DIR [options]",
    "GIS layers and network files (GeoJSON, GPKG, FGB, SHP, GraphML, GAL)",
    "Writes GIS layers from a graph file made by build (default: " RG_CLI_DEFAULT_GRAPH
    ") into DIR, which is created if needed:\n"
    "  regions.geojson  the regions: id, name, degree, border_km (total shared border), "
    "isolated (no neighbour), source attributes\n"
    "  borders.geojson  one feature per adjacent pair, the shared border as lines (a point for "
    "a corner-only contact): id_a, id_b, name_a, name_b, kind, length_km\n"
    "\n"
    "When the graph holds coordination data, the layers are those of the analysis level (see "
    "'regiongraph report'): regions.geojson adds level, parent, covered, mechanisms, reach1 and "
    "reach2, then the centrality measures on the adjacency view (weighted by border km, seed "
    "1; see 'regiongraph report --section centrality'): net_degree, strength, betweenness, "
    "closeness, harmonic, eigenvector, pagerank, coreness, clustering, articulation, "
    "component, leiden and louvain; borders.geojson adds coordinated, shared and cross_parent, "
    "and three more layers are written:\n"
    "  links.geojson  coordination links, as lines between points inside each region (or an "
    "agency's location): id_a, id_b, name_a, name_b, kind_a, kind_b, shared (mechanisms in "
    "common)\n"
    "  gaps.geojson  the shared borders no mechanism covers, longest first: rank, id_a, id_b, "
    "name_a, name_b, parent_a, parent_b, cross_parent, kind, length_km\n"
    "  agencies.geojson  agencies with a location: id, name, level, mechanisms, jurisdictions\n"
    "\n"
    "GeoJSON follows RFC 7946: lon/lat WGS84, exterior rings counter-clockwise. Each file is "
    "written to a temporary name and renamed into place when complete.",
    options,
    "regiongraph export -o layers                 # GeoJSON layers of regiongraph.gpkg\n"
    "regiongraph export -o out --format gpkg,shp  # a GeoPackage and shapefiles\n"
    "regiongraph export -o out --network all      # also GraphML, GAL, GWT and CSV",
};

/* Prints what the library wrote, unless -q. */
static void tell(const char *what, const char *detail, void *data)
{
    const char *dir = data;
    rg_cli_progress_end(); /* the step's line on a terminal: shown again below */
    if (detail)
        fprintf(stderr, "regiongraph: wrote %s (%s)\n", what, detail);
    else
        fprintf(stderr, "regiongraph: wrote %s\n", what);
    rg_cli_step(0, "writing into %s", dir);
}

int rg_cmd_export(int argc, char **argv)
{
    const unsigned gdal_formats = RG_EXPORT_GPKG | RG_EXPORT_FLATGEOBUF | RG_EXPORT_SHAPEFILE;
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *dir = NULL;
    rg_export_options eo;
    rg_cli_parser p;
    rg_graph *graph = NULL;
    rg_status st;
    int opt, rc = RG_EXIT_FAILED;
    double t0 = rg_cli_now();
    char *end;

    rg_export_options_init(&eo);
    rg_cli_parser_init(&p, &rg_cli_export, argc, argv);
    while ((opt = rg_cli_next(&p)) >= 0) {
        switch (opt) {
        case 'o': dir = optarg; break;
        case OPT_LEVEL: eo.coverage.level = optarg; break;
        case OPT_WEIGHT: eo.coverage.weight_field = optarg; break;
        case OPT_AGENCY: eo.coverage.agency_jurisdiction = 1; break;
        case OPT_NETWORK:
            if (!rg_export_networks_parse(optarg, &eo.networks))
                return rg_cli_usage_error("export", "--network: expected a comma list of "
                                          "graphml, gal, gwt, csv or all, got '%s'", optarg);
            break;
        case OPT_PRECISION:
            errno = 0;
            eo.precision = (int)strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || eo.precision < 0 || eo.precision > 15)
                return rg_cli_usage_error("export", "--precision: expected 0 to 15, got '%s'",
                                          optarg);
            break;
        case OPT_FORMAT:
            if (!rg_export_formats_parse(optarg, &eo.formats))
                return rg_cli_usage_error("export", "--format: expected a comma list of geojson, "
                                          "geojsonseq, gpkg, fgb or shp, got '%s'", optarg);
            break;
        case OPT_T_SRS: eo.t_srs = optarg; break;
        case OPT_BBOX: eo.bbox = 1; break;
        case OPT_CUTOFF:
            if (!rg_cli_parse_cutoff(optarg, &eo.centrality))
                return rg_cli_usage_error("export", "--cutoff needs a path length >= 0 (0 = "
                                                    "exact), not '%s'", optarg);
            break;
        }
    }
    if (opt != RG_CLI_END)
        return rg_cli_exit_code(opt);
    if (argc - optind > 1)
        return rg_cli_usage_error("export", "one GRAPH file expected, got %d", argc - optind);
    if (argc - optind == 1)
        graph_path = argv[optind];
    if (!dir || !*dir)
        return rg_cli_usage_error("export", "-o DIR is required");
    if (strcmp(dir, "-") == 0)
        return rg_cli_usage_error("export", "-o -: export writes several files into a directory, "
                                            "which a stream cannot hold; give a directory");
    if (!p.quiet) {
        eo.notify = tell;
        eo.notify_data = (void *)dir;
    }
    if (!p.quiet && (p.verbose || rg_cli_stderr_is_tty()))
        eo.centrality.progress = rg_cli_centrality_progress;

    if ((st = rg_cli_read_graph(graph_path, p.quiet, &graph)) != RG_OK)
        goto fail;
    if (!p.quiet && eo.t_srs && !(eo.formats & gdal_formats))
        fprintf(stderr, "regiongraph: warning: --t_srs applies to gpkg, fgb and shp only: "
                        "GeoJSON is always lon/lat WGS84 (RFC 7946)\n");
    if (!p.quiet && !rg_graph_coordination(graph) &&
        (eo.coverage.level || eo.coverage.weight_field || eo.coverage.agency_jurisdiction))
        fprintf(stderr, "regiongraph: warning: %s holds no coordination data: --level, --weight "
                        "and --agency-jurisdiction are ignored\n",
                graph_path);
    rg_cli_step(p.quiet, "writing into %s", dir);
    st = rg_export_bundle(graph, &eo, dir);
    rg_cli_progress_end();
    if (st != RG_OK)
        goto fail;
    if (p.verbose)
        fprintf(stderr, "regiongraph: export took %.1f s\n", rg_cli_now() - t0);
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = rg_cli_fail(st);
cleanup:
    rg_graph_free(graph);
    return rc;
}
