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
    "\n"
    "options:\n"
    "  --section NAME         coverage (the default, and for now the only section)\n"
    "  --level NAME           hierarchy level to analyse (default: the graph's, else\n"
    "                         the lowest)\n"
    "  --weight FIELD         numeric region field (e.g. population) weighting the\n"
    "                         covered share\n"
    "  --agency-jurisdiction  count an agency member's jurisdiction as coverage\n"
    "  --format FORMAT        table (default; fits an 80-column terminal), md\n"
    "                         (Markdown), json, or csv (one row per region)\n"
    "  --top N                gaps and regions listed (default 10 for table and md,\n"
    "                         all for json and csv; 0 = all)\n"
    "  -o, --output FILE      write to FILE (atomically) instead of stdout\n"
    "  -q, --quiet            no messages on stderr\n"
    "  -h, --help             show this help\n";

/* A file written beside its destination and renamed into place only when complete, so that an
 * interrupted report never leaves half a file where a whole one was. */
typedef struct atomic_out {
    char *tmp;
    FILE *fp;
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
    if ((fd = mkstemp(a->tmp)) < 0) {
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
    free(a->tmp);
    memset(a, 0, sizeof *a);
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
    enum { OPT_SECTION = 256, OPT_LEVEL, OPT_WEIGHT, OPT_AGENCY, OPT_FORMAT, OPT_TOP };
    static const struct option options[] = {
        {"section", required_argument, NULL, OPT_SECTION},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"weight", required_argument, NULL, OPT_WEIGHT},
        {"agency-jurisdiction", no_argument, NULL, OPT_AGENCY},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"top", required_argument, NULL, OPT_TOP},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *graph_path = RG_CLI_DEFAULT_GRAPH, *output = NULL, *where;
    rg_coverage_options cov_opts = {0};
    rg_format format = RG_FORMAT_TABLE;
    size_t top = DEFAULT_TOP;
    int top_given = 0, quiet = 0, opt, rc = RG_EXIT_FAILED;
    rg_graph *graph = NULL;
    rg_coverage *coverage = NULL;
    atomic_out ao;
    FILE *out = stdout;
    rg_status st;

    memset(&ao, 0, sizeof ao);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
        switch (opt) {
        case OPT_SECTION:
            if (strcmp(optarg, "coverage") != 0)
                return rg_cli_usage_error("report", "unknown section '%s' (sections: coverage)",
                                          optarg);
            break;
        case OPT_LEVEL: cov_opts.level = optarg; break;
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
    /* Programs want every row; a person at a terminal wants the first few. */
    if (!top_given && (format == RG_FORMAT_JSON || format == RG_FORMAT_CSV))
        top = 0;
    rg_cli_set_quiet(quiet);

    if ((st = rg_graph_read(graph_path, &graph)) != RG_OK ||
        (st = rg_coverage_compute(graph, &cov_opts, &coverage)) != RG_OK)
        goto fail;
    if (!rg_graph_coordination(graph) && !quiet)
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
    if ((st = rg_report_coverage(graph, coverage, format, top, out)) != RG_OK) {
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
            fprintf(stderr, "regiongraph: wrote %s (coverage at level %s)\n", output,
                    rg_coverage_level_name(coverage));
    }
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = rg_cli_fail(st);
cleanup:
    atomic_out_abort(&ao);
    rg_coverage_free(coverage);
    rg_graph_free(graph);
    return rc;
}
