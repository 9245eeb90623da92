/* `regiongraph suggest`: options in, the ranked and explained steps that would close
 * coordination gaps out (and the suggestions layer with --layer). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "geom/crs_internal.h"
#include "cli/cli.h"
#include "cli/options.h"
#include "regiongraph/suggest.h"
#include "regiongraph/suggest_layer.h"
#include "regiongraph/suggest_report.h"

#define DEFAULT_TOP 10

enum {
    OPT_LEVEL = 256, OPT_TOP, OPT_FORMAT, OPT_BUDGET, OPT_CROSS, OPT_WEIGHT, OPT_CONNECT,
    OPT_ACTIONS, OPT_GROUP, OPT_EXACT, OPT_NO_EXACT, OPT_TIME, OPT_LAYER
};

static const rg_cli_option suggest_options[] = {
    {OPT_LEVEL, 0, "level", "NAME", "hierarchy level to analyse (default: the graph's, else the "
                                    "lowest)"},
    {OPT_TOP, 0, "top", "N", "steps listed per list (default 10 for table and md, all for json "
                             "and csv; 0 = all)"},
    {OPT_FORMAT, 0, "format", "FORMAT", "table (default; fits an 80-column terminal), md "
                                        "(Markdown), json, or csv (one row per step)"},
    {'o', 1, "output", "FILE", "write to FILE (atomically) instead of stdout ('-': stdout)"},
    {OPT_BUDGET, 0, "budget", "K", "also plan K steps: greedy, then the exact integer program "
                                   "(GLPK) when it is small or --exact is given"},
    {OPT_CROSS, 0, "cross-parent", NULL, "rank new agreements by the km they coordinate across "
                                         "parents (provincial borders) first"},
    {OPT_WEIGHT, 0, "weight", "FIELD", "numeric region field (e.g. population): a border's gain "
                                       "is the sum of FIELD on its two sides instead of its km"},
    {OPT_CONNECT, 0, "connect", NULL, "rank member steps that join more of a mechanism's pieces "
                                      "first, and let the greedy plan take only member steps "
                                      "bordering the mechanism"},
    {OPT_ACTIONS, 0, "actions", "KINDS", "members, agreements or all (default): the steps "
                                         "considered"},
    {OPT_GROUP, 0, "group", "N", "largest new agreement, 2 or 3 regions (default 3)"},
    {OPT_EXACT, 0, "exact", NULL, "always run the exact program of the plan, however large"},
    {OPT_NO_EXACT, 0, "no-exact", NULL, "never run the exact program"},
    {OPT_TIME, 0, "time-limit", "SECONDS", "time limit of the exact program (default 10)"},
    {OPT_LAYER, 0, "layer", "FILE", "also write the proposed regions as GeoJSON (suggestions.geojson), "
                                    "the borders and corner contacts they would close beside it "
                                    "(FILE_borders.geojson, FILE_contacts.geojson)"},
    {0, 0, NULL, NULL, NULL},
};

const rg_cli_command rg_cli_suggest = {
    "suggest", "[GRAPH] [options]", "ranked, explained steps that would close coordination gaps",
    "Suggests the steps that would coordinate the most uncoordinated border km of a graph file "
    "made by build (default: " RG_CLI_DEFAULT_GRAPH "): for each mechanism the regions (or "
    "parents bringing their regions) whose joining closes the most of its frontier gaps, with "
    "the borders closed, the new frontier opened and the pieces joined; and new agreements "
    "among adjacent regions no mechanism covers (pairs and connected triples).\n\n"
    "With --budget K it plans K steps. Choosing agreements is weighted maximum coverage, where "
    "the greedy plan is within 1 - 1/e of the optimum; adding members is not submodular (two "
    "newcomers coordinate their own border only together), so there greedy is a heuristic. The "
    "exact integer program, solved with GLPK, gives the optimum over a stated pool of steps (or "
    "a bound at the time limit), and the report says how far greedy is from it. docs/suggest.md "
    "explains the model.",
    suggest_options,
    "regiongraph suggest\n"
    "regiongraph suggest --budget 5 --format md\n"
    "regiongraph suggest --actions agreements --cross-parent --top 20\n"
    "regiongraph suggest --budget 10 --exact --time-limit 60 --format json -o plan.json",
};

/* Writes the report to stdout or, atomically, to a file. */
/* The layer is GeoJSON, in lon/lat: a graph whose CRS has no path there (a map without a CRS in
 * map units) cannot have it, which must be said before the report is written. */
static rg_status layer_crs_check(const rg_graph *graph, const char *layer)
{
    rg_i_to_wgs84 *t = NULL;
    rg_status st = rg_i_to_wgs84_new(rg_regions_crs_wkt(rg_graph_regions(graph)), &t);
    rg_i_to_wgs84_free(t);
    if (st == RG_ERR_CRS)
        return rg_i_error(st, "%s: --layer writes lon/lat GeoJSON, and the graph's CRS has no "
                          "transformation to lon/lat WGS84: build the graph again with --s_srs "
                          "naming the map's real CRS (--t_srs cannot help: it starts from "
                          "lon/lat)", layer);
    return st;
}

static rg_status write_report(const rg_graph *graph, const rg_suggest *sg, rg_format format,
                              size_t top, const char *output)
{
    rg_i_atomic a = {0};
    rg_status st;
    if (!output)
        return rg_report_suggest(graph, sg, format, top, stdout);
    if ((st = rg_i_atomic_begin(&a, output, 1)) == RG_OK &&
        (st = rg_report_suggest(graph, sg, format, top, a.fp)) == RG_OK)
        st = rg_i_atomic_commit(&a);
    rg_i_atomic_abort(&a);
    return st;
}

int rg_cmd_suggest(int argc, char **argv)
{
    rg_cli_parser p;
    rg_suggest_options opt = {0};
    rg_format format = RG_FORMAT_TABLE;
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *output = NULL, *layer = NULL;
    size_t top = DEFAULT_TOP;
    int top_given = 0, next, rc = RG_EXIT_FAILED;
    rg_graph *graph = NULL;
    rg_suggest *sg = NULL;
    rg_status st;
    char *end;

    rg_cli_parser_init(&p, &rg_cli_suggest, argc, argv);
    while ((next = rg_cli_next(&p)) >= 0) {
        switch (next) {
        case OPT_LEVEL: opt.level = optarg; break;
        case OPT_TOP:
            if (!rg_cli_parse_count(optarg, &top))
                return rg_cli_usage_error("suggest", "--top: '%s' is not a count", optarg);
            top_given = 1;
            break;
        case OPT_FORMAT:
            if (!rg_format_parse(optarg, &format))
                return rg_cli_usage_error("suggest", "--format: '%s' is not table, md, json or csv",
                                          optarg);
            break;
        case 'o': output = strcmp(optarg, "-") == 0 ? NULL : optarg; break; /* '-': stdout */
        case OPT_BUDGET:
            if (!rg_cli_parse_count(optarg, &opt.budget))
                return rg_cli_usage_error("suggest", "--budget: '%s' is not a count", optarg);
            break;
        case OPT_CROSS: opt.cross_parent = 1; break;
        case OPT_WEIGHT: opt.weight_field = optarg; break;
        case OPT_CONNECT: opt.connect = 1; break;
        case OPT_ACTIONS:
            if (strcmp(optarg, "members") == 0)
                opt.actions = RG_SUGGEST_MEMBERS;
            else if (strcmp(optarg, "agreements") == 0)
                opt.actions = RG_SUGGEST_AGREEMENTS;
            else if (strcmp(optarg, "all") == 0)
                opt.actions = RG_SUGGEST_ALL;
            else
                return rg_cli_usage_error("suggest", "--actions: '%s' is not members, agreements "
                                          "or all", optarg);
            break;
        case OPT_GROUP:
            if (!rg_cli_parse_count(optarg, &opt.max_group) || opt.max_group < 2 || opt.max_group > 3)
                return rg_cli_usage_error("suggest", "--group: '%s' is not 2 or 3", optarg);
            break;
        case OPT_EXACT: opt.exact = RG_SUGGEST_EXACT_ALWAYS; break;
        case OPT_NO_EXACT: opt.exact = RG_SUGGEST_EXACT_NEVER; break;
        case OPT_TIME:
            errno = 0;
            opt.time_limit = strtod(optarg, &end);
            if (errno || *end || !(opt.time_limit > 0) || opt.time_limit > 1e6)
                return rg_cli_usage_error("suggest", "--time-limit: '%s' is not a positive "
                                          "number of seconds", optarg);
            break;
        case OPT_LAYER: layer = optarg; break;
        default: break;
        }
    }
    if (next != RG_CLI_END)
        return rg_cli_exit_code(next);
    if (argc - optind > 1)
        return rg_cli_usage_error("suggest", "at most one GRAPH expected");
    if (argc - optind == 1)
        graph_path = argv[optind];
    if (!top_given && (format == RG_FORMAT_JSON || format == RG_FORMAT_CSV))
        top = 0;
    if ((st = rg_cli_read_graph(graph_path, p.quiet, &graph)) != RG_OK ||
        (layer && (st = layer_crs_check(graph, layer)) != RG_OK) ||
        (st = rg_suggest_compute(graph, &opt, &sg)) != RG_OK ||
        (st = write_report(graph, sg, format, top, output)) != RG_OK ||
        (layer && (st = rg_export_suggestions_geojson(graph, sg, top, layer)) != RG_OK)) {
        rc = rg_cli_fail(st);
        goto cleanup;
    }
    if (!output && fflush(stdout) != 0) {
        perror("regiongraph: suggest: stdout");
        goto cleanup;
    }
    rc = RG_EXIT_OK;
cleanup:
    rg_suggest_free(sg);
    rg_graph_free(graph);
    return rc;
}
