/* `regiongraph report`: options in, the coverage and centrality report out (rg_report_write). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "report/units_internal.h"

enum { OPT_SECTION = 256, OPT_LEVEL, OPT_WEIGHT, OPT_AGENCY, OPT_VIEW, OPT_UNWEIGHTED, OPT_SORT,
       OPT_CUTOFF, OPT_SEED, OPT_RESOLUTION, OPT_FORMAT, OPT_TOP, OPT_GAPS, OPT_AT,
       OPT_TIMELINE, OPT_PANEL };

static const rg_cli_option options[] = {
    {OPT_SECTION, 0, "section", "NAME",
     "coverage (the default), centrality, all (both; table and md only), or suggest (the "
     "proposals of regiongraph suggest with its defaults; --level, --weight, --format, --top "
     "and -o apply)"},
    {OPT_LEVEL, 0, "level", "NAME",
     "hierarchy level to analyse (default: the graph's, else the lowest)"},
    {OPT_WEIGHT, 0, "weight", "FIELD",
     "numeric region field (e.g. population) weighting the covered share"},
    {OPT_AGENCY, 0, "agency-jurisdiction", NULL,
     "count an agency member's jurisdiction as coverage"},
    {OPT_VIEW, 0, "view", "VIEW",
     "centrality network: adjacency (default; borders), coordination (shared mechanisms, "
     "jurisdictions), or all (both, always unweighted)"},
    {OPT_UNWEIGHTED, 0, "unweighted", NULL, "centrality: every edge counts 1"},
    {OPT_SORT, 0, "sort", "MEASURE",
     "centrality: rank nodes by MEASURE (default betweenness; any column name of the csv)"},
    {OPT_CUTOFF, 0, "cutoff", "X", RG_CLI_CUTOFF_HELP},
    {OPT_SEED, 0, "seed", "N", "seed of the community detection (default 1)"},
    {OPT_RESOLUTION, 0, "resolution", "R",
     "Leiden resolution (default 1; higher: smaller communities)"},
    {OPT_FORMAT, 0, "format", "FORMAT",
     "table (default; fits an 80-column terminal), md (Markdown), json, or csv (one row per "
     "region, or per node for centrality); without it, -o's extension chooses (.csv, .json, "
     ".md; anything else: table)"},
    {OPT_TOP, 0, "top", "N",
     "gaps, regions and nodes listed (default 10 for table and md, all for json and csv; "
     "0 = all)"},
    {OPT_GAPS, 0, "gaps", "WHICH",
     "gaps listed: frontier (the default; borders a mechanism covers on one side only and no "
     "mechanism on both) or all (every gap, frontier gaps first)"},
    {OPT_AT, 0, "at", "DATE",
     "coverage as it stood on DATE (YYYY-MM-DD) or in the year YYYY: only the mechanisms in "
     "force then (mechanisms.csv start and end) cover"},
    {OPT_TIMELINE, 0, "timeline", NULL,
     "coverage through time instead: one row per day a mechanism starts or ends, with the "
     "mechanisms in force, regions covered, coordinated pairs and km, frontier gaps and km"},
    {OPT_PANEL, 0, "panel", NULL,
     "a long CSV instead, for event-history and diffusion models: one row per region of the "
     "level and year (from the first year a mechanism starts to the last one starts or ends), "
     "as it stood on 31 December: covered 0/1, the mechanisms covering it (count and ids), "
     "exposure (share of its border km shared with covered neighbours) and border km"},
    {'o', 1, "output", "FILE", "write to FILE (atomically) instead of stdout ('-': stdout)"},
    {0},
};

const rg_cli_command rg_cli_report = {
    "report",
    "[GRAPH] [options]",
    "coverage and centrality reports (table, md, json, csv)",
    "Reports on a graph file made by build (default: " RG_CLI_DEFAULT_GRAPH ").\n"
    "\n"
    "The coverage section tells which regions and borders coordination covers: regions "
    "covered (count, share, weighted share); adjacent pairs and border km that one mechanism "
    "covers on both sides, overall and across parents (e.g. provincial borders); per mechanism "
    "its members, regions covered, contiguous pieces and border km with regions it does not "
    "cover, and its frontier (borders it covers on one side only, and the neighbours it stops "
    "at); the frontier gaps (where a mechanism stops and none covers both sides), longest "
    "border first (--gaps all: every gap); and each region's reach (regions it coordinates "
    "with directly and within two steps).\n"
    "\n"
    "The centrality section tells which regions and agencies broker coordination: degree, "
    "strength, betweenness, closeness, harmonic, eigenvector, PageRank, coreness, clustering, "
    "articulation points, bridges, components, and communities (Leiden and Louvain, with "
    "modularity). Border km and shared mechanisms are strengths: strength, eigenvector, "
    "PageRank and communities use them as they are; betweenness, closeness and harmonic use "
    "distances (the view's mean strength divided by the edge's). Closeness is computed within "
    "each node's component (0 for an isolated node).",
    options,
    "regiongraph report                                  # coverage, as a table\n"
    "regiongraph report --section centrality --top 20    # the 20 main brokers\n"
    "regiongraph report --format json -o coverage.json   # every figure, for a program",
};

/* The centrality of the options' level and view, with progress at a terminal (the library
 * announces, as a warning, the cutoff it applies to a large network). */
static rg_status compute_centrality(const rg_graph *graph, rg_centrality_options *cent_opts,
                                    int quiet, int verbose, rg_centrality **out)
{
    int progress = !quiet && (verbose || rg_cli_stderr_is_tty());
    rg_status st;
    if (progress)
        cent_opts->progress = rg_cli_centrality_progress;
    st = rg_centrality_compute(graph, cent_opts, out);
    if (progress)
        rg_cli_progress_end();
    return st;
}

int rg_cmd_report(int argc, char **argv)
{
    enum { SECTION_COVERAGE = 1, SECTION_CENTRALITY = 2, SECTION_ALL = 3, SECTION_SUGGEST = 4 };
    const char *level = NULL, *weight = NULL, *format = NULL, *top = NULL;
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *output = NULL;
    rg_coverage_options cov_opts = {0};
    rg_centrality_options cent_opts = {0};
    rg_report_options ro;
    size_t seed = 1;
    int opt, rc = RG_EXIT_FAILED, section = SECTION_COVERAGE, measure, timeline = 0, panel = 0;
    rg_cli_parser p;
    rg_graph *graph = NULL;
    rg_coverage *coverage = NULL;
    rg_centrality *centrality = NULL;
    rg_status st = RG_OK;
    double t0 = rg_cli_now();

    rg_report_options_init(&ro);
    rg_cli_parser_init(&p, &rg_cli_report, argc, argv);
    while ((opt = rg_cli_next(&p)) >= 0) {
        switch (opt) {
        case OPT_SECTION:
            if (strcmp(optarg, "coverage") == 0)
                section = SECTION_COVERAGE;
            else if (strcmp(optarg, "centrality") == 0)
                section = SECTION_CENTRALITY;
            else if (strcmp(optarg, "all") == 0)
                section = SECTION_ALL;
            else if (strcmp(optarg, "suggest") == 0)
                section = SECTION_SUGGEST;
            else
                return rg_cli_usage_error(
                    "report", "unknown section '%s' (sections: coverage, centrality, all, suggest)",
                    optarg);
            break;
        case OPT_LEVEL: level = cov_opts.level = cent_opts.level = optarg; break;
        case OPT_VIEW:
            if (strcmp(optarg, "adjacency") == 0)
                cent_opts.view = RG_VIEW_ADJACENCY;
            else if (strcmp(optarg, "coordination") == 0)
                cent_opts.view = RG_VIEW_COORDINATION;
            else if (strcmp(optarg, "all") == 0)
                cent_opts.view = RG_VIEW_ALL;
            else
                return rg_cli_usage_error("report", "--view must be adjacency, coordination or all, "
                                                    "not '%s'", optarg);
            break;
        case OPT_UNWEIGHTED: cent_opts.unweighted = 1; break;
        case OPT_SORT:
            if ((measure = rg_measure_parse(optarg)) < 0)
                return rg_cli_usage_error("report", "--sort: unknown measure '%s' (e.g. degree, "
                                                    "strength, betweenness, closeness, pagerank)",
                                          optarg);
            ro.sort_by = (rg_measure)measure;
            break;
        case OPT_CUTOFF:
            if (!rg_cli_parse_cutoff(optarg, &cent_opts))
                return rg_cli_usage_error("report", "--cutoff needs a path length >= 0 (0 = exact), "
                                                    "not '%s'", optarg);
            break;
        case OPT_SEED:
            if (!rg_cli_parse_count(optarg, &seed))
                return rg_cli_usage_error("report", "--seed needs a whole number >= 0, not '%s'",
                                          optarg);
            break;
        case OPT_RESOLUTION:
            if (!rg_cli_parse_nonneg(optarg, &cent_opts.resolution) || cent_opts.resolution == 0)
                return rg_cli_usage_error("report", "--resolution needs a number > 0, not '%s'",
                                          optarg);
            break;
        case OPT_WEIGHT: weight = cov_opts.weight_field = optarg; break;
        case OPT_AGENCY: cov_opts.agency_jurisdiction = 1; break;
        case OPT_FORMAT:
            format = optarg;
            if (!rg_format_parse(optarg, &ro.format))
                return rg_cli_usage_error("report", "--format must be table, md, json or csv, not '%s'",
                                          optarg);
            break;
        case OPT_TOP:
            top = optarg;
            if (!rg_cli_parse_count(optarg, &ro.top))
                return rg_cli_usage_error("report", "--top needs a count (0 = all), not '%s'", optarg);
            break;
        case OPT_GAPS:
            if (strcmp(optarg, "frontier") == 0 || strcmp(optarg, "all") == 0)
                ro.gaps_all = optarg[0] == 'a';
            else
                return rg_cli_usage_error("report", "--gaps must be frontier or all, not '%s'",
                                          optarg);
            break;
        case OPT_AT:
            if (!rg_cli_parse_at(optarg, &cov_opts.at_first, &cov_opts.at_last))
                return rg_cli_usage_error("report", "--at needs a date, YYYY-MM-DD or YYYY, not "
                                                    "'%s'", optarg);
            break;
        case OPT_TIMELINE: timeline = 1; break;
        case OPT_PANEL: panel = 1; break;
        case 'o': output = optarg; break;
        }
    }
    if (opt != RG_CLI_END)
        return rg_cli_exit_code(opt);
    if (argc - optind > 1)
        return rg_cli_usage_error("report", "one GRAPH file expected, got %d", argc - optind);
    if (argc - optind == 1)
        graph_path = argv[optind];
    if (output && !*output)
        return rg_cli_usage_error("report", "-o needs a file name");
    if (output && strcmp(output, "-") == 0)
        output = NULL; /* -o - is stdout, as without -o */
    if (section == SECTION_SUGGEST) {
        /* the same report as `regiongraph suggest`, through its one code path */
        char *sub[16];
        int n = 0;
        sub[n++] = (char *)"suggest";
        sub[n++] = (char *)graph_path;
        if (level) { sub[n++] = (char *)"--level"; sub[n++] = (char *)level; }
        if (weight) { sub[n++] = (char *)"--weight"; sub[n++] = (char *)weight; }
        if (format) { sub[n++] = (char *)"--format"; sub[n++] = (char *)format; }
        if (top) { sub[n++] = (char *)"--top"; sub[n++] = (char *)top; }
        if (output) { sub[n++] = (char *)"-o"; sub[n++] = (char *)output; }
        if (p.quiet)
            sub[n++] = (char *)"-q";
        sub[n] = NULL;
        return rg_cmd_suggest(n, sub);
    }
    /* without --format, -o's extension says it: r.csv, r.json, r.md (r.txt and others: table) */
    if (!format && output) {
        static const struct {
            const char *ext, *format;
        } by_ext[] = {{".csv", "csv"}, {".json", "json"}, {".md", "md"}, {".markdown", "md"}};
        const char *dot = strrchr(output, '.');
        for (size_t k = 0; dot && !strchr(dot, '/') && k < sizeof by_ext / sizeof by_ext[0]; k++)
            if (strcasecmp(dot, by_ext[k].ext) == 0 && rg_format_parse(by_ext[k].format, &ro.format))
                format = by_ext[k].format;
        if (format && section == SECTION_ALL &&
            (ro.format == RG_FORMAT_JSON || ro.format == RG_FORMAT_CSV))
            return rg_cli_usage_error("report", "-o %s asks for %s, which holds one section: add "
                                                "--section coverage or --section centrality (or "
                                                "--format table)", output, format);
    }
    /* checked here too, so that it is a usage error before any work */
    if (section == SECTION_ALL && (ro.format == RG_FORMAT_JSON || ro.format == RG_FORMAT_CSV))
        return rg_cli_usage_error("report", "--section all needs --format table or md; ask for "
                                            "coverage and centrality separately in json or csv");
    cent_opts.seed = (unsigned long)seed;
    if (panel && (timeline || (format && ro.format != RG_FORMAT_CSV)))
        return rg_cli_usage_error("report", "--panel writes a CSV of its own: it goes with "
                                            "neither --timeline nor --format %s",
                                  format ? format : "(table, md, json)");

    if ((st = rg_cli_read_graph(graph_path, p.quiet, &graph)) != RG_OK)
        goto fail;
    if (panel) {
        st = output ? rg_report_panel_file(graph, &cov_opts, output)
                    : rg_report_panel(graph, &cov_opts, stdout);
        if (st != RG_OK)
            goto fail;
        if (output && !p.quiet)
            fprintf(stderr, "regiongraph: wrote %s\n", output);
        rc = RG_EXIT_OK;
        goto cleanup;
    }
    if (timeline) {
        rg_timeline_row *rows = NULL;
        size_t nrows = 0;
        if ((st = rg_coverage_timeline(graph, &cov_opts, &rows, &nrows)) == RG_OK)
            st = output ? rg_i_report_timeline_file(rows, nrows, ro.format,
                                                    rg_i_report_mu(graph), output)
                        : rg_i_report_timeline(rows, nrows, ro.format, rg_i_report_mu(graph),
                                               stdout);
        free(rows);
        if (st != RG_OK)
            goto fail;
        if (output && !p.quiet)
            fprintf(stderr, "regiongraph: wrote %s\n", output);
        rc = RG_EXIT_OK;
        goto cleanup;
    }
    if ((section & SECTION_COVERAGE) &&
        (st = rg_coverage_compute(graph, &cov_opts, &coverage)) != RG_OK)
        goto fail;
    if ((section & SECTION_CENTRALITY) &&
        (st = compute_centrality(graph, &cent_opts, p.quiet, p.verbose, &centrality)) != RG_OK)
        goto fail;
    if ((section & SECTION_COVERAGE) && !rg_graph_coordination(graph) && !p.quiet)
        fprintf(stderr, "regiongraph: warning: %s holds no coordination data: nothing is covered "
                        "(build with --mechanisms CSV --members CSV, or from a project file with a "
                        "[coordination] section)%s\n",
                graph_path, section == SECTION_COVERAGE ? "; a network summary instead" : "");
    if (section == SECTION_COVERAGE && !rg_graph_coordination(graph)) {
        /* nothing to cover: what the borders say instead (brokers from the stored centrality) */
        if ((st = compute_centrality(graph, &cent_opts, p.quiet, p.verbose, &centrality)) != RG_OK)
            goto fail;
        st = output ? rg_report_network_file(graph, coverage, centrality, ro.format, ro.top, output)
                    : rg_report_network(graph, coverage, centrality, ro.format, ro.top, stdout);
        if (st != RG_OK)
            goto fail;
        if (output && !p.quiet)
            fprintf(stderr, "regiongraph: wrote %s (network summary at level %s)\n", output,
                    rg_coverage_level_name(coverage));
        rc = RG_EXIT_OK;
        goto cleanup;
    }
    if (output) {
        if ((st = rg_report_write_file(graph, coverage, centrality, &ro, output)) != RG_OK)
            goto fail;
        if (!p.quiet)
            fprintf(stderr, "regiongraph: wrote %s (%s at level %s)\n", output,
                    section == SECTION_ALL ? "coverage and centrality"
                    : section == SECTION_CENTRALITY ? "centrality" : "coverage",
                    coverage ? rg_coverage_level_name(coverage)
                             : rg_centrality_used_options(centrality)->level);
    } else if ((st = rg_report_write(graph, coverage, centrality, &ro, stdout)) != RG_OK) {
        if (st != RG_ERR_IO)
            goto fail;
        fprintf(stderr, "regiongraph: stdout: %s\n", rg_last_error());
        goto cleanup;
    }
    if (p.verbose)
        fprintf(stderr, "regiongraph: report took %.1f s\n", rg_cli_now() - t0);
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = rg_cli_fail(st);
cleanup:
    rg_centrality_free(centrality);
    rg_coverage_free(coverage);
    rg_graph_free(graph);
    return rc;
}
