/* `regiongraph build`: options in, the graph file out. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: regiongraph build [PROJECT.ini | REGIONS] [options]\n"
    "\n"
    "Reads map data, finds which regions are adjacent and how long each shared border is,\n"
    "attaches the coordination data (agencies, mechanisms, members), and writes the graph to a\n"
    "GeoPackage that report and export read. With no argument, builds the project shipped in\n"
    "maps/ (maps/project.ini: China's provinces and prefectures and the founding case's\n"
    "mechanisms).\n"
    "\n"
    "A project file names several layers (provinces, then prefectures with their parent field)\n"
    "and the coordination files; REGIONS builds one layer, with the options below: a shapefile\n"
    "(read by shapelib) or any polygon layer GDAL reads (GeoPackage, GeoJSON, TopoJSON,\n"
    "FlatGeobuf, ...; FILE:LAYER picks a layer).\n"
    "\n"
    "options:\n"
    "  -p, --project FILE    project file (also taken from a positional FILE ending in .ini)\n"
    "  --id FIELD            REGIONS: field with the unique region id (default: id, code or GEOID)\n"
    "  --name FIELD          REGIONS: field with the region name (default: name, else the id)\n"
    "  --encoding ENC        REGIONS: text encoding of a shapefile's .dbf, e.g. CP936 (default:\n"
    "                        from the .cpg or the DBF language byte, else ISO-8859-1)\n"
    "  --mechanisms CSV      REGIONS: mechanisms (id, name, kind, year, source)\n"
    "  --members CSV         REGIONS: memberships (mechanism, member)\n"
    "  --agencies CSV        REGIONS: agencies (id, name, level, lon, lat, jurisdiction)\n"
    "  --agency-layer FILE   REGIONS: agencies from a point layer (shapefile or any OGR\n"
    "                        source; FILE:LAYER picks a layer), located by their points\n"
    "  --agency-fields LIST  its fields: ID[,NAME[,LEVEL[,JURISDICTION]]] (empty to skip one)\n"
    "  --agency-level LEVEL  the level of agencies whose layer has no LEVEL field\n"
    "  --contiguity KIND     queen (a shared point, the default) or rook (a shared stretch)\n"
    "  --level NAME          default analysis level for report and export (a layer name)\n"
    "  --geodesic            geodesic border lengths for projected data too (no projection\n"
    "                        scale error; lon/lat data is always measured geodesically)\n"
    "  --snap DIST           tolerant contiguity: boundaries within DIST of each other touch\n"
    "                        (queen); rook needs them within DIST over more than 2*DIST.\n"
    "                        DIST: 50m, 0.05km, or a bare number in the layer's units\n"
    "  --islands K           link each region left without neighbours to its K nearest\n"
    "                        regions of its level (contact 'island', 0 km of border)\n"
    "  --near DIST           radius of the near-miss diagnostics (default: 10 times --snap,\n"
    "                        or 1km without it)\n"
    "  --diagnostics FILE    write near misses, overlaps and isolated regions as GeoJSON\n"
    "  --no-diagnostics      skip the diagnostics (faster on very large maps)\n"
    "  -o, --output FILE     graph file to write (default: the project's, else " RG_CLI_DEFAULT_GRAPH ")\n"
    "  -q, --quiet           no summary and no warnings on stderr\n"
    "  -v, --verbose         show each step and its time\n"
    "  -h, --help            show this help\n"
    "\n"
    "Border lengths are geodesic kilometres on WGS84 for lon/lat data and CRS units\n"
    "converted to kilometres for projected data. The summary on stderr counts near misses\n"
    "(boundaries closer than --near that do not touch), overlaps and isolated regions, to help\n"
    "choose --snap.\n";

/* The shipped project: looked up in ./maps first, then in the source tree the binary came from. */
static const char *default_project(void)
{
    static const char *const candidates[] = {"maps/project.ini", RG_MAPS_DIR "/project.ini"};
    size_t i;
    for (i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (access(candidates[i], R_OK) == 0)
            return candidates[i];
    return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The layer name of a lone shapefile: its file name without directory and extension. */
static char *layer_name(const char *path)
{
    const char *base = strrchr(path, '/');
    char *name, *dot;
    base = base ? base + 1 : path;
    if (!(name = strdup(base)))
        return NULL;
    if ((dot = strrchr(name, '.')) && dot != name)
        *dot = '\0';
    return name;
}

/* Progress on stderr. On a terminal each step stays on its line while it runs, followed by the
 * percentage done (rewritten with \r, at most ten times a second), and the percentage is wiped
 * when the step ends; elsewhere (-v into a file) steps are plain lines. */
typedef struct progress_state {
    int tty;
    int open;          /* a step's line is on screen without its newline */
    int pct;           /* and a percentage follows it */
    size_t width;      /* characters of that line, percentage included */
    double last;       /* when the percentage was last written */
    char step[512];
} progress_state;

static void progress_close(progress_state *ps)
{
    if (!ps->open)
        return;
    /* Spaces over the percentage, then the step again and its newline. */
    if (ps->pct)
        fprintf(stderr, "\r%*s\rregiongraph: %s\n", (int)ps->width, "", ps->step);
    else
        fputc('\n', stderr);
    ps->open = 0;
    ps->pct = 0;
}

static void show_step(const char *step, void *user_data)
{
    progress_state *ps = user_data;
    if (!ps || !ps->tty) {
        fprintf(stderr, "regiongraph: %s\n", step);
        return;
    }
    progress_close(ps);
    snprintf(ps->step, sizeof ps->step, "%s", step);
    ps->width = strlen("regiongraph: ") + strlen(ps->step);
    ps->last = 0;
    fprintf(stderr, "regiongraph: %s", ps->step);
    fflush(stderr);
    ps->open = 1;
}

/* Warnings while a step's line is open start on a line of their own. */
static void show_warning(const char *message, void *user_data)
{
    progress_close(user_data);
    fprintf(stderr, "regiongraph: warning: %s\n", message);
}

static void show_fraction(double fraction, void *user_data)
{
    progress_state *ps = user_data;
    double t = rg_cli_now();
    int n;
    if (!ps->open || t - ps->last < 0.1)
        return;
    ps->last = t;
    if (!(fraction >= 0))
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    n = fprintf(stderr, "\rregiongraph: %s %3.0f%%", ps->step, 100 * fraction);
    ps->pct = 1;
    if (n > 1 && (size_t)n - 1 > ps->width)
        ps->width = (size_t)n - 1;
    fflush(stderr);
}

/* A distance for people: metres below 1 km, else km. */
static const char *distance_text(double km, char *buf, size_t size)
{
    if (km < 1)
        snprintf(buf, size, "%.0f m", km * 1000);
    else if (km < 100)
        snprintf(buf, size, "%.1f km", km);
    else
        snprintf(buf, size, "%.0f km", km);
    return buf;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* A round tolerance at least `metres`: rounded up to one significant digit (60, 300, 2000). */
static double round_up(double metres)
{
    double p = 1;
    if (!(metres > 1))
        return 1;
    while (p * 10 <= metres)
        p *= 10;
    return ceil(metres / p) * p;
}

/* The 90th percentile of the values kept in v (sorted in place); 0 when there are none. */
static double p90(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    return v[(size_t)(0.9 * (double)(n - 1))];
}

/* A tolerance to try, in metres (0: none to suggest). Boundaries digitised apart cross each
 * other (near misses at 0 m, and overlaps) or leave gaps: the tolerance must cover how far they
 * run apart, which an overlap's depth measures on one side of a crossing, and which is up to
 * about twice a near miss's smallest gap. So: the larger of the 90th percentile of the overlap
 * depths and twice that of the gaps (crossings included, at 0), rounded up. Suggested only when
 * misses and overlaps are many: a tenth of the pairs found or more. */
static double snap_hint(const rg_level_diagnostics *ld, size_t pairs)
{
    const rg_diagnostics *d = ld->diagnostics;
    size_t nn = rg_diagnostics_near_count(d), no = rg_diagnostics_overlap_count(d), n = 0, k, a, b;
    double *v, xy[4], km, over, gap, hint;
    if (nn + no < 3 || 10 * (nn + no) < pairs || !(v = malloc((nn + no) * sizeof *v)))
        return 0;
    for (k = 0; k < no; k++) {
        rg_diagnostics_overlap(d, k, &a, &b, &km, xy);
        v[n++] = km * 1000;
    }
    over = p90(v, n);
    for (k = 0, n = 0; k < nn; k++) {
        rg_diagnostics_near(d, k, &a, &b, &km, xy);
        v[n++] = km * 1000; /* 0 for boundaries that cross: they count, as crossings */
    }
    gap = 2 * p90(v, n);
    free(v);
    hint = round_up(over > gap ? over : gap);
    return hint > ld->snap_km * 1000 ? hint : 0;
}

/* The near misses of one level: count and spread of the gaps. */
static void summarise_near(const char *prefix, const rg_level_diagnostics *ld)
{
    size_t n = rg_diagnostics_near_count(ld->diagnostics), k, a, b;
    double *km, xy[4];
    char d0[32], d1[32], d2[32], d3[32];
    if (n == 0 || !(km = malloc(n * sizeof *km)))
        return;
    for (k = 0; k < n; k++)
        rg_diagnostics_near(ld->diagnostics, k, &a, &b, &km[k], xy);
    qsort(km, n, sizeof *km, cmp_double);
    fprintf(stderr, "regiongraph: %s%zu near miss%s within %s (gap min %s, median %s, max %s)\n",
            prefix, n, n == 1 ? "" : "es", distance_text(ld->near_km, d0, sizeof d0),
            distance_text(km[0], d1, sizeof d1), distance_text(km[n / 2], d2, sizeof d2),
            distance_text(km[n - 1], d3, sizeof d3));
    free(km);
}

static void summarise_diagnostics(const rg_regions *r, const char *prefix,
                                  const rg_level_diagnostics *ld, size_t pairs)
{
    const rg_diagnostics *d = ld->diagnostics;
    size_t n, k, a, b, shown = 0;
    double km, xy[4], hint;
    char buf[32];
    summarise_near(prefix, ld);
    if ((n = rg_diagnostics_overlap_count(d)) > 0) {
        rg_diagnostics_overlap(d, 0, &a, &b, &km, xy);
        fprintf(stderr, "regiongraph: %s%zu overlap%s deeper than the tolerance (deepest %s: "
                "%s (%s) and %s (%s))\n", prefix, n, n == 1 ? "" : "s",
                distance_text(km, buf, sizeof buf), rg_regions_id(r, ld->first + a),
                rg_regions_name(r, ld->first + a), rg_regions_id(r, ld->first + b),
                rg_regions_name(r, ld->first + b));
    }
    if ((hint = snap_hint(ld, pairs)) > 0)
        fprintf(stderr, "regiongraph: %sboundaries miss or cross each other by up to about %.0f m: "
                "try --snap %.0fm\n", prefix, hint, hint);
    if ((n = rg_diagnostics_isolated_count(d)) > 0) {
        fprintf(stderr, "regiongraph: %snearest to the regions without neighbours:", prefix);
        for (k = 0; k < n; k++) {
            size_t i, near;
            if (shown == 5) {
                fprintf(stderr, " ... (%zu more)", n - shown);
                break;
            }
            rg_diagnostics_isolated(d, k, &i, &near, &km, xy);
            if (near == SIZE_MAX)
                fprintf(stderr, "%s %s none", shown ? "," : "", rg_regions_name(r, ld->first + i));
            else
                fprintf(stderr, "%s %s -> %s %s", shown ? "," : "",
                        rg_regions_name(r, ld->first + i), rg_regions_name(r, ld->first + near),
                        distance_text(km, buf, sizeof buf));
            shown++;
        }
        fputc('\n', stderr);
    }
}

static void summarise(const rg_graph *graph, rg_contiguity kind, const char *snap,
                      const rg_build_options *bo)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t nlevels = rg_regions_level_count(r), n = rg_regions_count(r), m = rg_adjacency_count(adj);
    size_t level, i, k;
    size_t *degree = calloc(n ? n : 1, sizeof *degree);
    if (!degree)
        return;
    for (k = 0; k < m; k++) {
        size_t a, b;
        rg_adjacency_pair(adj, k, &a, &b, NULL, NULL);
        degree[a]++;
        degree[b]++;
    }
    for (level = 0; level < nlevels; level++) {
        size_t regions = 0, pairs = 0, islands = 0, isolated = 0, shown = 0;
        const char *name = rg_regions_level_name(r, level);
        const rg_level_diagnostics *ld =
            level < bo->ndiagnostics && bo->diagnostics[level].diagnostics ? &bo->diagnostics[level]
                                                                           : NULL;
        char prefix[300], buf[32];
        double snap_value = 0;
        rg_unit snap_unit;
        snprintf(prefix, sizeof prefix, "%s%s", nlevels > 1 ? name : "", nlevels > 1 ? ": " : "");
        for (i = 0; i < n; i++)
            if (rg_regions_level(r, i) == level) {
                regions++;
                isolated += degree[i] == 0;
            }
        for (k = 0; k < m; k++) {
            size_t a, b;
            rg_adjacency_pair(adj, k, &a, &b, NULL, NULL);
            if (rg_regions_level(r, a) != level)
                continue;
            if (rg_adjacency_contact(adj, k) == RG_CONTACT_ISLAND)
                islands++;
            else
                pairs++;
        }
        fprintf(stderr, "regiongraph: %s%zu regions, %zu adjacent pairs (%s contiguity", prefix,
                regions, pairs, kind == RG_CONTIGUITY_ROOK ? "rook" : "queen");
        if (snap && rg_distance_parse(snap, &snap_value, &snap_unit) == RG_OK && snap_value > 0)
            fprintf(stderr, " within %s%s", snap, snap_unit == RG_UNIT_MAP ? " map units" : "");
        fputs(")\n", stderr);
        fprintf(stderr, "regiongraph: %s%zu region%s without neighbours%s", prefix, isolated,
                isolated == 1 ? "" : "s", isolated ? ":" : "\n");
        for (i = 0; i < n && isolated; i++) {
            if (rg_regions_level(r, i) != level || degree[i] != 0)
                continue;
            if (shown == 20) {
                fprintf(stderr, " ... (%zu more)", isolated - shown);
                break;
            }
            fprintf(stderr, "%s %s (%s)", shown ? "," : "", rg_regions_id(r, i), rg_regions_name(r, i));
            shown++;
        }
        if (isolated)
            fputc('\n', stderr);
        if (islands) {
            fprintf(stderr, "regiongraph: %s%zu island link%s:", prefix, islands,
                    islands == 1 ? "" : "s");
            for (k = 0, shown = 0; k < m; k++) {
                size_t a, b;
                if (rg_adjacency_contact(adj, k) != RG_CONTACT_ISLAND)
                    continue;
                rg_adjacency_pair(adj, k, &a, &b, NULL, NULL);
                if (rg_regions_level(r, a) != level)
                    continue;
                if (shown == 5) {
                    fprintf(stderr, " ... (%zu more)", islands - shown);
                    break;
                }
                fprintf(stderr, "%s %s - %s %s", shown ? "," : "", rg_regions_name(r, a),
                        rg_regions_name(r, b),
                        distance_text(rg_adjacency_gap_km(adj, k), buf, sizeof buf));
                shown++;
            }
            fputc('\n', stderr);
        }
        if (ld)
            summarise_diagnostics(r, prefix, ld, pairs);
    }
    if (coord) {
        size_t mech = rg_coordination_mechanism_count(coord), members = 0;
        for (k = 0; k < mech; k++)
            members += rg_coordination_member_count(coord, k);
        size_t agencies = rg_coordination_agency_count(coord);
        fprintf(stderr, "regiongraph: %zu mechanism%s with %zu membership%s, %zu agenc%s\n", mech,
                mech == 1 ? "" : "s", members, members == 1 ? "" : "s", agencies,
                agencies == 1 ? "y" : "ies");
    }
    free(degree);
}

/* A distance option (--snap, --near); 0 when it is not one. */
static int distance_option(const char *text, double *value, rg_unit *unit)
{
    return rg_distance_parse(text, value, unit) == RG_OK;
}

int rg_cmd_build(int argc, char **argv)
{
    static const struct option options[] = {
        {"project", required_argument, NULL, 'p'},
        {"id", required_argument, NULL, 'I'},
        {"name", required_argument, NULL, 'N'},
        {"encoding", required_argument, NULL, 'E'},
        {"mechanisms", required_argument, NULL, 'M'},
        {"members", required_argument, NULL, 'B'},
        {"agencies", required_argument, NULL, 'A'},
        {"agency-layer", required_argument, NULL, 'G'},
        {"agency-fields", required_argument, NULL, 'F'},
        {"agency-level", required_argument, NULL, 'V'},
        {"contiguity", required_argument, NULL, 'C'},
        {"level", required_argument, NULL, 'L'},
        {"geodesic", no_argument, NULL, 'g'},
        {"snap", required_argument, NULL, 'S'},
        {"islands", required_argument, NULL, 'K'},
        {"near", required_argument, NULL, 'R'},
        {"diagnostics", required_argument, NULL, 'D'},
        {"no-diagnostics", no_argument, NULL, 'X'},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    rg_build_options bo = {0};
    rg_project *loaded = NULL, single = {0};
    rg_project_layer layer = {0};
    const rg_project *project = NULL;
    const char *output = NULL, *input = NULL, *project_path = NULL;
    const char *id = NULL, *name = NULL, *encoding = NULL;
    const char *mechanisms = NULL, *members = NULL, *agencies = NULL, *agency_layer = NULL;
    const char *agency_level = NULL;
    char *agency_fields = NULL, *agency_field[4] = {NULL, NULL, NULL, NULL};
    const char *snap_text = NULL, *diagnostics = NULL;
    int quiet = 0, verbose = 0, opt, rc = RG_EXIT_FAILED, layer_opts = 0, no_diagnostics = 0;
    progress_state ps = {0};
    char *end;
    rg_graph *graph = NULL;
    rg_status st;
    double t0, t1, t2;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "p:o:qvh", options, NULL)) != -1) {
        switch (opt) {
        case 'p': project_path = optarg; break;
        case 'I': id = optarg; layer_opts = 1; break;
        case 'N': name = optarg; layer_opts = 1; break;
        case 'E': encoding = optarg; layer_opts = 1; break;
        case 'M': mechanisms = optarg; layer_opts = 1; break;
        case 'B': members = optarg; layer_opts = 1; break;
        case 'A': agencies = optarg; layer_opts = 1; break;
        case 'G': agency_layer = optarg; layer_opts = 1; break;
        case 'F': agency_fields = optarg; layer_opts = 1; break;
        case 'V': agency_level = optarg; layer_opts = 1; break;
        case 'C':
            bo.contiguity_set = 1;
            if (strcmp(optarg, "queen") == 0)
                bo.contiguity = RG_CONTIGUITY_QUEEN;
            else if (strcmp(optarg, "rook") == 0)
                bo.contiguity = RG_CONTIGUITY_ROOK;
            else
                return rg_cli_usage_error("build", "--contiguity must be queen or rook, not '%s'", optarg);
            break;
        case 'L': bo.level = optarg; break;
        case 'g': bo.geodesic = 1; break;
        case 'S':
            if (!distance_option(optarg, &bo.snap, &bo.snap_unit))
                return rg_cli_usage_error("build", "--snap must be a distance such as 50m, 0.05km "
                                                   "or a number in map units, not '%s'", optarg);
            bo.snap_set = 1;
            snap_text = optarg;
            break;
        case 'R':
            if (!distance_option(optarg, &bo.near, &bo.near_unit) || !(bo.near > 0))
                return rg_cli_usage_error("build", "--near must be a distance above 0 such as "
                                                   "500m, 1km or a number in map units, not '%s'",
                                          optarg);
            bo.near_set = 1;
            break;
        case 'K': {
            unsigned long long v;
            errno = 0;
            v = strtoull(optarg, &end, 10);
            /* strtoull takes "-1" and wraps it: only digits are a count. */
            if (!*optarg || *end || errno || strspn(optarg, "0123456789") != strlen(optarg) ||
                v > SIZE_MAX)
                return rg_cli_usage_error("build", "--islands must be a whole number of at "
                                                   "least 0, not '%s'", optarg);
            bo.islands = (size_t)v;
            bo.islands_set = 1;
            break;
        }
        case 'D': diagnostics = optarg; break;
        case 'X': no_diagnostics = 1; break;
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 'v': verbose = 1; break;
        case 'h': fputs(usage, stdout); return RG_EXIT_OK;
        default: return rg_cli_usage_error("build", "unknown option");
        }
    }
    if (argc - optind > 1)
        return rg_cli_usage_error("build", "one project or regions file expected, got %d", argc - optind);
    if (argc - optind == 1) {
        if (project_path)
            return rg_cli_usage_error("build", "give either --project or a file, not both");
        if (ends_with(argv[optind], ".ini"))
            project_path = argv[optind];
        else
            input = argv[optind];
    }
    if (project_path && layer_opts)
        return rg_cli_usage_error("build", "--id, --name, --encoding, --mechanisms, --members and "
                                           "--agencies are for a regions file; a project file sets them");
    if (!input && !project_path) {
        if (layer_opts)
            return rg_cli_usage_error("build", "--id and the other layer options need a REGIONS file");
        if (!(project_path = default_project())) {
            fprintf(stderr, "regiongraph: build: no file given and the shipped maps/project.ini was "
                            "not found\n");
            return RG_EXIT_FAILED;
        }
    }
    if (output && *output == '\0')
        return rg_cli_usage_error("build", "-o needs a file name");
    if (diagnostics && *diagnostics == '\0')
        return rg_cli_usage_error("build", "--diagnostics needs a file name");
    if (diagnostics && no_diagnostics)
        return rg_cli_usage_error("build", "--diagnostics and --no-diagnostics contradict each "
                                           "other");
    if (agency_layer || agency_fields || agency_level) {
        size_t k = 0;
        char *field = agency_fields, *comma;
        if (!agency_layer || !agency_fields)
            return rg_cli_usage_error("build", "--agency-layer and --agency-fields go together");
        /* Split ID[,NAME[,LEVEL[,JURISDICTION]]] in place; an empty item skips that field. */
        for (; field && k < 4; k++, field = comma ? comma + 1 : NULL) {
            if ((comma = strchr(field, ',')))
                *comma = '\0';
            agency_field[k] = *field ? field : NULL;
        }
        if (field || !agency_field[0])
            return rg_cli_usage_error("build", "--agency-fields is ID[,NAME[,LEVEL[,JURISDICTION]]]");
        if (!agency_field[2] && !agency_level)
            return rg_cli_usage_error("build", "the agency layer needs a LEVEL field in "
                                               "--agency-fields or --agency-level");
        if (!mechanisms || !members)
            return rg_cli_usage_error("build", "agencies need --mechanisms and --members too");
    }
    rg_cli_set_quiet(quiet);
    /* Diagnostics feed the summary and the diagnostics file: skipped when neither is wanted. */
    bo.diagnose = !no_diagnostics && (!quiet || diagnostics);
    ps.tty = rg_cli_stderr_is_tty();
    if (!quiet && (verbose || ps.tty)) {
        bo.progress = show_step;
        bo.progress_data = &ps;
        if (ps.tty) {
            bo.fraction = show_fraction;
            rg_set_warning_handler(show_warning, &ps);
        }
    }

    t0 = rg_cli_now();
    if (project_path) {
        if ((st = rg_project_read(project_path, &loaded)) != RG_OK)
            goto fail;
        project = loaded;
    } else {
        if (!(layer.name = layer_name(input))) {
            fprintf(stderr, "regiongraph: out of memory\n");
            goto cleanup;
        }
        layer.file = (char *)input;
        layer.id = (char *)id;
        layer.label = (char *)name;
        layer.encoding = (char *)encoding;
        single.path = (char *)input;
        single.nlayers = 1;
        single.layers = &layer;
        single.mechanisms = (char *)mechanisms;
        single.members = (char *)members;
        single.agencies = (char *)agencies;
        single.agency_layer = (char *)agency_layer;
        single.agency_id = agency_field[0];
        single.agency_name = agency_field[1];
        single.agency_level = agency_field[2];
        single.agency_jurisdiction = agency_field[3];
        single.agency_level_default = (char *)agency_level;
        project = &single;
    }
    if (!output)
        output = project->output ? project->output : RG_CLI_DEFAULT_GRAPH;
    if ((st = rg_build_project(project, &bo, &graph)) != RG_OK)
        goto fail;
    t1 = rg_cli_now();
    if (bo.progress)
        show_step("writing the graph file", &ps);
    if ((st = rg_graph_write(graph, output)) != RG_OK)
        goto fail;
    if (diagnostics) {
        if (bo.progress)
            show_step("writing the diagnostics", &ps);
        if ((st = rg_build_write_diagnostics(graph, &bo, diagnostics)) != RG_OK)
            goto fail;
    }
    t2 = rg_cli_now();
    progress_close(&ps);

    if (!quiet) {
        summarise(graph,
                  bo.contiguity_set ? bo.contiguity
                  : project->contiguity && strcmp(project->contiguity, "rook") == 0
                      ? RG_CONTIGUITY_ROOK
                      : RG_CONTIGUITY_QUEEN,
                  snap_text ? snap_text : project->snap, &bo);
        fprintf(stderr, "regiongraph: wrote %s\n", output);
        if (diagnostics)
            fprintf(stderr, "regiongraph: wrote %s\n", diagnostics);
    }
    if (verbose)
        fprintf(stderr,
                "regiongraph: time: read %.3f s, contiguity %.3f s, diagnostics %.3f s, "
                "coordination %.3f s, write %.3f s, total %.3f s (%zu vertices)\n",
                bo.seconds_read, bo.seconds_contiguity, bo.seconds_diagnostics,
                bo.seconds_coordination, t2 - t1, t2 - t0,
                rg_regions_point_count(rg_graph_regions(graph)));
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    progress_close(&ps);
    rc = rg_cli_fail(st);
cleanup:
    rg_cli_set_quiet(quiet); /* the handler above points into this frame */
    rg_build_options_release(&bo);
    rg_graph_free(graph);
    rg_project_free(loaded);
    free(layer.name);
    return rc;
}
