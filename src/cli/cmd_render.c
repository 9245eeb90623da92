/* `regiongraph render`: options in, a map picture out (rg_render_map). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "regiongraph/render.h"

enum { OPT_LEVEL = 256, OPT_SHADE, OPT_VIEW, OPT_BREAKS, OPT_CLASSES, OPT_BBOX, OPT_WIDTH,
       OPT_NO_LABELS, OPT_TITLE, OPT_SUGGEST, OPT_CUTOFF, OPT_LABELS, OPT_AT, OPT_TIMELINE };

static const rg_cli_option options[] = {
    {'o', 1, "output", "FILE", "picture to write (.png, .svg or .pdf); required"},
    {OPT_LEVEL, 0, "level", "NAME",
     "hierarchy level to draw (default: the graph's, else the lowest)"},
    {OPT_SHADE, 0, "shade", "WHAT",
     "covered (default: covered by a mechanism or not), mechanisms (how many cover each "
     "region), or a centrality measure: degree, strength, betweenness, closeness, harmonic, "
     "eigenvector, pagerank, coreness, clustering ..."},
    {OPT_VIEW, 0, "view", "VIEW",
     "network view of the measure: adjacency (default), coordination or all"},
    {OPT_CUTOFF, 0, "cutoff", "X", RG_CLI_CUTOFF_HELP},
    {OPT_BREAKS, 0, "breaks", "KIND", "class bounds of a measure: quantile (default) or equal"},
    {OPT_CLASSES, 0, "classes", "N", "classes of a measure, 2..7 (default 5)"},
    {OPT_BBOX, 0, "bbox", "W,S,E,N",
     "window in the layer's coordinates (default: the covered regions plus a margin when the "
     "graph has coordination data, else the main body of the regions, far islands left out; "
     "-v prints it), e.g. 112,27,123,38"},
    {OPT_WIDTH, 0, "width", "PX", "picture width (default 1200); the height follows the window"},
    {OPT_LABELS, 0, "labels", "FIELD",
     "label the regions with this field of the map (e.g. name_zh for the founding case's "
     "Chinese names; `regiongraph info` lists the fields), or id or name (default: name)"},
    {OPT_NO_LABELS, 0, "no-labels", NULL, "no region names"},
    {OPT_TITLE, 0, "title", "TEXT", "title (default: the level and what is shaded)"},
    {OPT_SUGGEST, 0, "suggest", NULL,
     "draw the top suggestions over the map (regiongraph suggest)"},
    {OPT_AT, 0, "at", "DATE",
     "coverage as it stood on DATE (YYYY-MM-DD) or in the year YYYY: only the mechanisms in "
     "force then shade, link and close gaps (the window stays that of every mechanism)"},
    {OPT_TIMELINE, 0, "timeline", NULL,
     "draw the coverage curve instead of a map: the share of regions and of shared border km "
     "covered through time (--level and --width apply)"},
    {0},
};

const rg_cli_command rg_cli_render = {
    "render",
    "[GRAPH] -o FILE.png|.svg|.pdf [options]",
    "map picture from a graph file (PNG, SVG, PDF)",
    "Draws a map of a graph file made by build (default: " RG_CLI_DEFAULT_GRAPH "): the regions "
    "of a level shaded by a value with a legend, the coordination links between regions that "
    "share a mechanism, the gaps (shared borders no mechanism covers) in red, the outlines of "
    "the regions and of their parents, and the regions' names. The format follows the "
    "extension of FILE; the file is written atomically.",
    options,
    "regiongraph render -o map.png                       # coverage of the default level\n"
    "regiongraph render -o map.svg --shade betweenness   # who brokers coordination\n"
    "regiongraph render -o map.pdf --bbox 112,27,123,38  # a window in lon/lat\n"
    "regiongraph render -o zh.png --labels name_zh       # the Chinese names",
};

static int parse_bbox(const char *text, double bbox[4])
{
    char *end;
    const char *p = text;
    int k;
    for (k = 0; k < 4; k++) {
        errno = 0;
        bbox[k] = strtod(p, &end);
        if (end == p || errno)
            return 0;
        if (k < 3 && *end != ',')
            return 0;
        p = end + 1;
    }
    return *end == '\0' && bbox[2] > bbox[0] && bbox[3] > bbox[1];
}

static int parse_int(const char *text, int lo, int hi, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(text, &end, 10);
    if (end == text || *end || errno || v < lo || v > hi)
        return 0;
    *out = (int)v;
    return 1;
}

int rg_cmd_render(int argc, char **argv)
{
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *output = NULL;
    rg_render_options ro;
    rg_render_format format;
    rg_graph *graph = NULL;
    rg_status st;
    int opt, m, rc = RG_EXIT_FAILED, suggest = 0, timeline = 0;
    rg_cli_parser p;
    double t0 = rg_cli_now();

    memset(&ro, 0, sizeof ro);
    rg_cli_parser_init(&p, &rg_cli_render, argc, argv);
    while ((opt = rg_cli_next(&p)) >= 0) {
        switch (opt) {
        case 'o': output = optarg; break;
        case OPT_LEVEL: ro.level = optarg; break;
        case OPT_SHADE:
            if (strcmp(optarg, "covered") == 0)
                ro.shade = RG_SHADE_COVERED;
            else if (strcmp(optarg, "mechanisms") == 0)
                ro.shade = RG_SHADE_MECHANISMS;
            else if ((m = rg_measure_parse(optarg)) >= 0) {
                ro.shade = RG_SHADE_MEASURE;
                ro.measure = (rg_measure)m;
            } else
                return rg_cli_usage_error("render", "--shade must be covered, mechanisms or a "
                                                    "measure (degree, betweenness ...), not '%s'",
                                          optarg);
            break;
        case OPT_VIEW:
            if (strcmp(optarg, "adjacency") == 0)
                ro.view = RG_VIEW_ADJACENCY;
            else if (strcmp(optarg, "coordination") == 0)
                ro.view = RG_VIEW_COORDINATION;
            else if (strcmp(optarg, "all") == 0)
                ro.view = RG_VIEW_ALL;
            else
                return rg_cli_usage_error("render", "--view must be adjacency, coordination or all, "
                                                    "not '%s'", optarg);
            break;
        case OPT_BREAKS:
            if (strcmp(optarg, "quantile") == 0)
                ro.breaks = RG_BREAKS_QUANTILE;
            else if (strcmp(optarg, "equal") == 0)
                ro.breaks = RG_BREAKS_EQUAL;
            else
                return rg_cli_usage_error("render", "--breaks must be quantile or equal, not '%s'",
                                          optarg);
            break;
        case OPT_CLASSES:
            if (!parse_int(optarg, 2, 7, &ro.classes))
                return rg_cli_usage_error("render", "--classes needs a number from 2 to 7, not '%s'",
                                          optarg);
            break;
        case OPT_BBOX:
            if (!parse_bbox(optarg, ro.bbox))
                return rg_cli_usage_error("render", "--bbox needs W,S,E,N with W < E and S < N, "
                                                    "not '%s'", optarg);
            ro.has_bbox = 1;
            break;
        case OPT_WIDTH:
            if (!parse_int(optarg, 100, 20000, &ro.width))
                return rg_cli_usage_error("render", "--width needs pixels from 100 to 20000, not '%s'",
                                          optarg);
            break;
        case OPT_NO_LABELS: ro.no_labels = 1; break;
        case OPT_LABELS: ro.labels = optarg; break;
        case OPT_TITLE: ro.title = optarg; break;
        case OPT_SUGGEST: suggest = 1; break;
        case OPT_AT:
            if (!rg_cli_parse_at(optarg, &ro.at_first, &ro.at_last))
                return rg_cli_usage_error("render", "--at needs a date, YYYY-MM-DD or YYYY, not "
                                                    "'%s'", optarg);
            break;
        case OPT_TIMELINE: timeline = 1; break;
        case OPT_CUTOFF: {
            rg_centrality_options co = {0};
            if (!rg_cli_parse_cutoff(optarg, &co))
                return rg_cli_usage_error("render", "--cutoff needs a path length >= 0 (0 = "
                                                    "exact), not '%s'", optarg);
            ro.cutoff = co.betweenness_cutoff;
            ro.exact = co.exact;
            break;
        }
        }
    }
    if (opt != RG_CLI_END)
        return rg_cli_exit_code(opt);
    if (argc - optind > 1)
        return rg_cli_usage_error("render", "one GRAPH file expected, got %d", argc - optind);
    if (argc - optind == 1)
        graph_path = argv[optind];
    if (!output || !*output)
        return rg_cli_usage_error("render", "-o FILE is required (.png, .svg or .pdf)");
    if (strcmp(output, "-") == 0)
        return rg_cli_usage_error("render", "-o -: a picture is written to a file (its name "
                                            "gives the format); give a file name");
    if (!rg_render_format_from_path(output, &format))
        return rg_cli_usage_error("render", "-o %s: the name must end in .png, .svg or .pdf", output);

    if (timeline && (suggest || ro.at_first))
        return rg_cli_usage_error("render", "--timeline draws the curve: it goes with neither "
                                            "--suggest nor --at");
    if (!p.quiet && (p.verbose || rg_cli_stderr_is_tty()))
        ro.progress = rg_cli_centrality_progress;
    if ((st = rg_cli_read_graph(graph_path, p.quiet, &graph)) != RG_OK)
        goto fail;
    if (timeline) {
        rg_coverage_options co = {0};
        co.level = ro.level;
        if ((st = rg_render_timeline(graph, &co, ro.width, format, output)) != RG_OK)
            goto fail;
        if (!p.quiet)
            fprintf(stderr, "regiongraph: wrote %s (%.1f s)\n", output, rg_cli_now() - t0);
        rc = RG_EXIT_OK;
        goto cleanup;
    }
    if (p.verbose && !ro.has_bbox) {
        double w[4];
        if ((st = rg_render_default_bbox(graph, ro.level, w)) != RG_OK)
            goto fail;
        fprintf(stderr, "regiongraph: window x %.6g..%.6g, y %.6g..%.6g (the default)\n", w[0], w[2],
                w[1], w[3]);
    }
    if (!rg_graph_coordination(graph) && !p.quiet && ro.shade != RG_SHADE_MEASURE)
        fprintf(stderr, "regiongraph: warning: %s holds no coordination data: nothing is covered "
                        "(build with --mechanisms CSV --members CSV, or from a project file with a "
                        "[coordination] section)\n",
                graph_path);
    if ((st = suggest ? rg_render_map_suggest(graph, &ro, format, output)
                      : rg_render_map(graph, &ro, format, output)) != RG_OK) {
        if (ro.progress)
            rg_cli_progress_end();
        goto fail;
    }
    if (ro.progress)
        rg_cli_progress_end();
    if (!p.quiet)
        fprintf(stderr, "regiongraph: wrote %s (%.1f s)\n", output, rg_cli_now() - t0);
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = rg_cli_fail(st);
cleanup:
    rg_graph_free(graph);
    return rc;
}
