/* `regiongraph info`: what a map file holds. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/options.h"

enum { OPT_S_SRS = 'W', OPT_JSON = 256 };

static const rg_cli_option info_options[] = {
    {OPT_S_SRS, 0, "s_srs", "CRS", "read the layers as in this CRS (EPSG:2193, WKT or a PROJ "
                                   "string), as build --s_srs does"},
    {OPT_JSON, 0, "json", NULL,
     "one JSON object instead of text (like ogrinfo -json): file, driver, and per layer name, "
     "geometry_type, feature_count, extent, crs (name, authority, geographic, wkt), "
     "encoding_guess and fields (name, type, subtype, width); docs/commands.md lists it"},
    {0, 0, NULL, NULL, NULL},
};

const rg_cli_command rg_cli_info = {
    "info", "FILE", "what a map file holds (layers, fields, CRS, count)",
    "Tells what a map file holds: per layer the geometry type, feature count, extent, CRS and "
    "fields with their types; for shapefiles also the text encoding, null shapes and which "
    "fields could serve as ids. FILE is a shapefile, a graph file or anything GDAL reads. A "
    "layer without a CRS is shown as build reads it: lon/lat WGS84 when every coordinate fits, "
    "else planar in unknown map units.",
    info_options,
    "regiongraph info maps/prefectures.shp\n"
    "regiongraph info parcels.shp --s_srs EPSG:2193\n"
    "regiongraph info --json regiongraph.gpkg  # for programs, like ogrinfo -json",
};

int rg_cmd_info(int argc, char **argv)
{
    rg_cli_parser p;
    char *text = NULL;
    const char *s_srs = NULL;
    rg_status st;
    int opt, json = 0;
    rg_cli_parser_init(&p, &rg_cli_info, argc, argv);
    while ((opt = rg_cli_next(&p)) >= 0) {
        switch (opt) {
        case OPT_S_SRS: s_srs = optarg; break;
        case OPT_JSON: json = 1; break;
        default: return rg_cli_usage_error("info", "unknown option");
        }
    }
    if (opt != RG_CLI_END)
        return rg_cli_exit_code(opt);
    if (argc - optind != 1)
        return rg_cli_usage_error("info", "one FILE expected");
    if ((st = json ? rg_info_describe_json(argv[optind], &text)
                   : rg_info_describe_as(argv[optind], s_srs, &text)) != RG_OK)
        return rg_cli_fail(st);
    fputs(text, stdout);
    free(text);
    if (fflush(stdout) != 0) {
        perror("regiongraph: info: stdout");
        return RG_EXIT_FAILED;
    }
    return RG_EXIT_OK;
}
