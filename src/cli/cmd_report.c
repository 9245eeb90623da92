/* `regiongraph report`: options in, the coverage and centrality report out. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

#define DEFAULT_TOP 10
/* Above this many nodes exact betweenness takes long enough to suggest --cutoff. */
#define LARGE_NETWORK 50000

static const char usage[] =
    "usage: regiongraph report [GRAPH] [options]\n"
    "\n"
    "Reports on a graph file made by build (default: " RG_CLI_DEFAULT_GRAPH ").\n"
    "The coverage section tells which regions and borders coordination covers:\n"
    "regions covered (count, share, weighted share); adjacent pairs and border km\n"
    "that one mechanism covers on both sides, overall and across parents (e.g.\n"
    "provincial borders); per mechanism its members, regions covered, contiguous\n"
    "pieces and border km with regions it does not cover; the gaps, longest border\n"
    "first; and each region's reach (regions it coordinates with directly and\n"
    "within two steps).\n"
    "The centrality section tells which regions and agencies broker coordination:\n"
    "degree, strength, betweenness, closeness, harmonic, eigenvector, PageRank,\n"
    "coreness, clustering, articulation points, bridges, components, and\n"
    "communities (Leiden and Louvain, with modularity). Border km and shared\n"
    "mechanisms are strengths: strength, eigenvector, PageRank and communities use\n"
    "them as they are; betweenness, closeness and harmonic use distances (the\n"
    "view's mean strength divided by the edge's). Closeness is computed within\n"
    "each node's component (0 for an isolated node).\n"
    "\n"
    "options:\n"
    "  --section NAME         coverage (the default), centrality, or all (both;\n"
    "                         table and md only)\n"
    "  --level NAME           hierarchy level to analyse (default: the graph's, else\n"
    "                         the lowest)\n"
    "  --weight FIELD         numeric region field (e.g. population) weighting the\n"
    "                         covered share\n"
    "  --agency-jurisdiction  count an agency member's jurisdiction as coverage\n"
    "  --view VIEW            centrality network: adjacency (default; borders),\n"
    "                         coordination (shared mechanisms, jurisdictions), or\n"
    "                         all (both, always unweighted)\n"
    "  --unweighted           centrality: every edge counts 1\n"
    "  --sort MEASURE         centrality: rank nodes by MEASURE (default\n"
    "                         betweenness; any column name of the csv)\n"
    "  --cutoff X             centrality: approximate betweenness by paths up to\n"
    "                         length X (in distance units: a mean edge is 1) for\n"
    "                         large networks; default exact\n"
    "  --seed N               seed of the community detection (default 1)\n"
    "  --resolution R         Leiden resolution (default 1; higher: smaller\n"
    "                         communities)\n"
    "  --format FORMAT        table (default; fits an 80-column terminal), md\n"
    "                         (Markdown), json, or csv (one row per region, or per\n"
    "                         node for centrality)\n"
    "  --top N                gaps, regions and nodes listed (default 10 for table\n"
    "                         and md, all for json and csv; 0 = all)\n"
    "  -o, --output FILE      write to FILE (atomically) instead of stdout\n"
    "  -q, --quiet            no messages on stderr\n"
    "  -h, --help             show this help\n";

/* A file written beside its destination and renamed into place only when complete, so that an
 * interrupted report never leaves half a file where a whole one was. */
typedef struct atomic_out {
    char *tmp;
    FILE *fp;
    int handle; /* in the library's list of temporaries, for the signal handler */
} atomic_out;

static int atomic_out_open(atomic_out *a, const char *dest)
{
    const char *slash = strrchr(dest, '/');
    size_t dirlen = slash ? (size_t)(slash - dest) + 1 : 0, len;
    mode_t mask;
    int fd;

    memset(a, 0, sizeof *a);
    len = strlen(dest) + sizeof "/..tmp-XXXXXX";
    if (!(a->tmp = malloc(len)))
        return 0;
    snprintf(a->tmp, len, "%.*s.%s.tmp-XXXXXX", (int)dirlen, dest, dest + dirlen);
    if ((fd = rg_temporary_create(a->tmp, 0, &a->handle)) < 0) {
        free(a->tmp);
        a->tmp = NULL;
        return 0;
    }
    /* mkstemp makes the file private; a report is shared like any file the user writes. */
    mask = umask(022);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(a->fp = fdopen(fd, "w"))) {
        close(fd);
        return 0;
    }
    return 1;
}

static int atomic_out_commit(atomic_out *a, const char *dest)
{
    int ok = fflush(a->fp) == 0 && fsync(fileno(a->fp)) == 0;
    ok = fclose(a->fp) == 0 && ok;
    a->fp = NULL;
    ok = ok && rename(a->tmp, dest) == 0;
    if (ok) {
        free(a->tmp);
        a->tmp = NULL;
        rg_temporary_done(a->handle);
        a->handle = 0;
    }
    return ok;
}

/* Removes the temporary file unless committed; safe on a zeroed struct. */
static void atomic_out_abort(atomic_out *a)
{
    if (a->fp)
        fclose(a->fp);
    if (a->tmp)
        unlink(a->tmp);
    rg_temporary_done(a->handle);
    free(a->tmp);
    memset(a, 0, sizeof *a);
}

/* A finite number >= 0. */
static int parse_nonneg(const char *text, double *out)
{
    char *end;
    double v;
    if (!text || !*text)
        return 0;
    errno = 0;
    v = strtod(text, &end);
    if (errno || *end || !(v >= 0) || v > 1e300)
        return 0;
    *out = v;
    return 1;
}

/* Progress of the centrality computation, for a person at a terminal. */
static void show_progress(const char *step, void *data)
{
    (void)data;
    fprintf(stderr, "\rregiongraph: computing %-30s", step);
    fflush(stderr);
}

static int parse_count(const char *text, size_t *out)
{
    char *end;
    unsigned long long v;
    if (!text || *text < '0' || *text > '9')
        return 0;
    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno || *end || v > (size_t)-1)
        return 0;
    *out = (size_t)v;
    return 1;
}

int rg_cmd_report(int argc, char **argv)
{
    enum {
        OPT_SECTION = 256, OPT_LEVEL, OPT_WEIGHT, OPT_AGENCY, OPT_FORMAT, OPT_TOP, OPT_VIEW,
        OPT_UNWEIGHTED, OPT_SORT, OPT_CUTOFF, OPT_SEED, OPT_RESOLUTION
    };
    enum { SECTION_COVERAGE = 1, SECTION_CENTRALITY = 2, SECTION_ALL = 3 };
    static const struct option options[] = {
        {"section", required_argument, NULL, OPT_SECTION},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"weight", required_argument, NULL, OPT_WEIGHT},
        {"agency-jurisdiction", no_argument, NULL, OPT_AGENCY},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"top", required_argument, NULL, OPT_TOP},
        {"view", required_argument, NULL, OPT_VIEW},
        {"unweighted", no_argument, NULL, OPT_UNWEIGHTED},
        {"sort", required_argument, NULL, OPT_SORT},
        {"cutoff", required_argument, NULL, OPT_CUTOFF},
        {"seed", required_argument, NULL, OPT_SEED},
        {"resolution", required_argument, NULL, OPT_RESOLUTION},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *output = NULL, *where;
    rg_coverage_options cov_opts = {0};
    rg_centrality_options cent_opts = {0};
    rg_format format = RG_FORMAT_TABLE;
    rg_measure sort_by = RG_MEASURE_BETWEENNESS;
    size_t top = DEFAULT_TOP, seed = 1;
    int top_given = 0, quiet = 0, opt, rc = RG_EXIT_FAILED, section = SECTION_COVERAGE, measure;
    int progress = 0;
    rg_graph *graph = NULL;
    rg_coverage *coverage = NULL;
    rg_centrality *centrality = NULL;
    rg_network *network = NULL;
    atomic_out ao;
    FILE *out = stdout;
    rg_status st = RG_OK;

    memset(&ao, 0, sizeof ao);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
        switch (opt) {
        case OPT_SECTION:
            if (strcmp(optarg, "coverage") == 0)
                section = SECTION_COVERAGE;
            else if (strcmp(optarg, "centrality") == 0)
                section = SECTION_CENTRALITY;
            else if (strcmp(optarg, "all") == 0)
                section = SECTION_ALL;
            else
                return rg_cli_usage_error(
                    "report", "unknown section '%s' (sections: coverage, centrality, all)", optarg);
            break;
        case OPT_LEVEL: cov_opts.level = cent_opts.level = optarg; break;
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
            sort_by = (rg_measure)measure;
            break;
        case OPT_CUTOFF:
            if (!parse_nonneg(optarg, &cent_opts.betweenness_cutoff))
                return rg_cli_usage_error("report", "--cutoff needs a path length >= 0 (0 = exact), "
                                                    "not '%s'", optarg);
            break;
        case OPT_SEED:
            if (!parse_count(optarg, &seed))
                return rg_cli_usage_error("report", "--seed needs a whole number >= 0, not '%s'",
                                          optarg);
            break;
        case OPT_RESOLUTION:
            if (!parse_nonneg(optarg, &cent_opts.resolution) || cent_opts.resolution == 0)
                return rg_cli_usage_error("report", "--resolution needs a number > 0, not '%s'",
                                          optarg);
            break;
        case OPT_WEIGHT: cov_opts.weight_field = optarg; break;
        case OPT_AGENCY: cov_opts.agency_jurisdiction = 1; break;
        case OPT_FORMAT:
            if (!rg_format_parse(optarg, &format))
                return rg_cli_usage_error("report", "--format must be table, md, json or csv, not '%s'",
                                          optarg);
            break;
        case OPT_TOP:
            if (!parse_count(optarg, &top))
                return rg_cli_usage_error("report", "--top needs a count (0 = all), not '%s'", optarg);
            top_given = 1;
            break;
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage, stdout); return RG_EXIT_OK;
        default: return rg_cli_usage_error("report", "unknown option");
        }
    }
    if (argc - optind > 1)
        return rg_cli_usage_error("report", "one GRAPH file expected, got %d", argc - optind);
    if (argc - optind == 1)
        graph_path = argv[optind];
    if (output && !*output)
        return rg_cli_usage_error("report", "-o needs a file name");
    /* Two JSON documents or two CSV headers in one stream would be unreadable. */
    if (section == SECTION_ALL && (format == RG_FORMAT_JSON || format == RG_FORMAT_CSV))
        return rg_cli_usage_error("report", "--section all needs --format table or md; ask for "
                                            "coverage and centrality separately in json or csv");
    cent_opts.seed = (unsigned long)seed;
    /* Programs want every row; a person at a terminal wants the first few. */
    if (!top_given && (format == RG_FORMAT_JSON || format == RG_FORMAT_CSV))
        top = 0;
    rg_cli_set_quiet(quiet);

    if ((st = rg_graph_read(graph_path, &graph)) != RG_OK)
        goto fail;
    if ((section & SECTION_COVERAGE) &&
        (st = rg_coverage_compute(graph, &cov_opts, &coverage)) != RG_OK)
        goto fail;
    if (section & SECTION_CENTRALITY) {
        /* The network alone is cheap: its size tells whether exact betweenness will be slow. */
        if ((st = rg_network_build(graph, cent_opts.level, cent_opts.view ? cent_opts.view
                                                                          : RG_VIEW_ADJACENCY,
                                   &network)) != RG_OK)
            goto fail;
        if (!quiet && cent_opts.betweenness_cutoff == 0 &&
            rg_network_node_count(network) > LARGE_NETWORK)
            fprintf(stderr, "regiongraph: note: the network has %zu nodes; exact betweenness may "
                            "take long (--cutoff 3 approximates it)\n",
                    rg_network_node_count(network));
        progress = !quiet && isatty(STDERR_FILENO);
        if (progress)
            cent_opts.progress = show_progress;
        st = rg_centrality_compute(graph, &cent_opts, &centrality);
        if (progress)
            fputs("\r\033[K", stderr);
        if (st != RG_OK)
            goto fail;
    }
    if ((section & SECTION_COVERAGE) && !rg_graph_coordination(graph) && !quiet)
        fprintf(stderr, "regiongraph: warning: %s holds no coordination data: nothing is covered "
                        "(build from a project with a [coordination] section)\n",
                graph_path);
    where = output ? output : "stdout";
    if (output) {
        if (!atomic_out_open(&ao, output)) {
            fprintf(stderr, "regiongraph: %s: cannot create a temporary file beside it: %s\n",
                    output, strerror(errno));
            goto cleanup;
        }
        out = ao.fp;
    }
    if (section & SECTION_COVERAGE)
        st = rg_report_coverage(graph, coverage, format, top, out);
    if (st == RG_OK && section == SECTION_ALL)
        fputs("\n", out);
    if (st == RG_OK && (section & SECTION_CENTRALITY))
        st = rg_report_centrality(graph, centrality, format, sort_by, top, out);
    if (st != RG_OK) {
        if (st != RG_ERR_IO)
            goto fail;
        fprintf(stderr, "regiongraph: %s: %s\n", where, rg_last_error());
        goto cleanup;
    }
    if (output) {
        if (!atomic_out_commit(&ao, output)) {
            fprintf(stderr, "regiongraph: %s: cannot write: %s\n", output, strerror(errno));
            goto cleanup;
        }
        if (!quiet)
            fprintf(stderr, "regiongraph: wrote %s (%s at level %s)\n", output,
                    section == SECTION_ALL ? "coverage and centrality"
                    : section == SECTION_CENTRALITY ? "centrality" : "coverage",
                    coverage ? rg_coverage_level_name(coverage)
                             : rg_centrality_used_options(centrality)->level);
    }
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = rg_cli_fail(st);
cleanup:
    atomic_out_abort(&ao);
    rg_centrality_free(centrality);
    rg_network_free(network);
    rg_coverage_free(coverage);
    rg_graph_free(graph);
    return rc;
}
