#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: regiongraph info FILE\n"
    "\n"
    "Tells what a map file holds: per layer the geometry type, feature count, extent, CRS and\n"
    "fields with their types; for shapefiles also the text encoding, null shapes and which\n"
    "fields could serve as ids. FILE is a shapefile, a graph file or anything GDAL reads.\n"
    "\n"
    "options:\n"
    "  -h, --help   show this help\n";

int rg_cmd_info(int argc, char **argv)
{
    static const struct option options[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *text = NULL;
    rg_status st;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'h': fputs(usage, stdout); return RG_EXIT_OK;
        default: return rg_cli_usage_error("info", "unknown option");
        }
    }
    if (argc - optind != 1)
        return rg_cli_usage_error("info", "one FILE expected");
    if ((st = rg_info_describe(argv[optind], &text)) != RG_OK)
        return rg_cli_fail(st);
    fputs(text, stdout);
    free(text);
    if (fflush(stdout) != 0) {
        perror("regiongraph: info: stdout");
        return RG_EXIT_FAILED;
    }
    return RG_EXIT_OK;
}
