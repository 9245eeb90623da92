/* `regiongraph build`: options in, the graph file out, a summary of each level on stderr. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "base/error_internal.h"
#include "geom/crs_internal.h"

/* Keys of the long-only options (p and o are also short options). */
enum {
    OPT_ID = 'I', OPT_NAME = 'N', OPT_ENCODING = 'E', OPT_MECHANISMS = 'M', OPT_MEMBERS = 'B',
    OPT_AGENCIES = 'A', OPT_AGENCY_LAYER = 'G', OPT_AGENCY_FIELDS = 'F', OPT_AGENCY_LEVEL = 'V',
    OPT_CONTIGUITY = 'C', OPT_LEVEL = 'L', OPT_GEODESIC = 'g', OPT_SNAP = 'S', OPT_ISLANDS = 'K',
    OPT_NEAR = 'R', OPT_DIAGNOSTICS = 'D', OPT_NO_DIAGNOSTICS = 'X', OPT_S_SRS = 'W'
};

static const rg_cli_option build_options[] = {
    {'p', 1, "project", "FILE", "project file (also taken from a positional FILE ending in .ini)"},
    {OPT_ID, 0, "id", "FIELD", "REGIONS: field with the unique region id (default: id, code or "
                               "GEOID)"},
    {OPT_NAME, 0, "name", "FIELD", "REGIONS: field with the region name (default: name, else the "
                                   "id)"},
    {OPT_ENCODING, 0, "encoding", "ENC", "REGIONS: text encoding of a shapefile's .dbf, e.g. "
                                         "CP936 (default: from the .cpg or the DBF language byte, "
                                         "else ISO-8859-1)"},
    {OPT_S_SRS, 0, "s_srs", "CRS", "REGIONS: the layer's CRS, declared or overriding its .prj: "
                                   "EPSG:2193, WKT or a PROJ string (default: the file's; "
                                   "without one, lon/lat when every coordinate fits, else "
                                   "planar in unknown map units, with a warning)"},
    {OPT_MECHANISMS, 0, "mechanisms", "CSV", "REGIONS: mechanisms (id, name, kind, year, source)"},
    {OPT_MEMBERS, 0, "members", "CSV", "REGIONS: memberships (mechanism, member)"},
    {OPT_AGENCIES, 0, "agencies", "CSV", "REGIONS: agencies (id, name, level, lon, lat, "
                                         "jurisdiction)"},
    {OPT_AGENCY_LAYER, 0, "agency-layer", "FILE", "REGIONS: agencies from a point layer "
                                                  "(shapefile or any OGR source; FILE:LAYER picks "
                                                  "a layer), located by their points"},
    {OPT_AGENCY_FIELDS, 0, "agency-fields", "LIST", "its fields: ID[,NAME[,LEVEL[,JURISDICTION]]] "
                                                    "(empty to skip one)"},
    {OPT_AGENCY_LEVEL, 0, "agency-level", "LEVEL", "the level of agencies whose layer has no "
                                                   "LEVEL field"},
    {OPT_CONTIGUITY, 0, "contiguity", "KIND", "queen (a shared point, the default) or rook (a "
                                              "shared stretch)"},
    {OPT_LEVEL, 0, "level", "NAME", "default analysis level for report and export (a layer name)"},
    {OPT_GEODESIC, 0, "geodesic", NULL, "geodesic border lengths for projected data too (no "
                                        "projection scale error; lon/lat data is always measured "
                                        "geodesically)"},
    {OPT_SNAP, 0, "snap", "DIST", "tolerant contiguity: boundaries within DIST of each other "
                                  "touch (queen); rook needs them within DIST over more than "
                                  "2*DIST. DIST: 50m, 0.05km, or a bare number in the layer's "
                                  "units (the only form for a map in unknown map units)"},
    {OPT_ISLANDS, 0, "islands", "K", "link each region left without neighbours to its K nearest "
                                     "regions of its level (contact 'island', 0 km of border)"},
    {OPT_NEAR, 0, "near", "DIST", "radius of the near-miss diagnostics (default: a tenth of the "
                                  "typical region's size, at most 10 times --snap, or 1km "
                                  "without it)"},
    {OPT_DIAGNOSTICS, 0, "diagnostics", "FILE", "write near misses and isolated regions as GeoJSON "
                                                "lines, and overlaps as points beside it "
                                                "(FILE_overlaps.geojson)"},
    {OPT_NO_DIAGNOSTICS, 0, "no-diagnostics", NULL, "skip the diagnostics (faster on very large "
                                                    "maps)"},
    {'o', 1, "output", "FILE", "graph file to write (default: the project's, else "
                               RG_CLI_DEFAULT_GRAPH ")"},
    {0, 0, NULL, NULL, NULL},
};

const rg_cli_command rg_cli_build = {
    "build", "[PROJECT.ini | REGIONS] [options]",
    "map data -> graph file (regions, contiguity, coordination)",
    "Reads map data, finds which regions are adjacent and how long each shared border is, "
    "attaches the coordination data (agencies, mechanisms, members), and writes the graph to a "
    "GeoPackage that report and export read. With no argument, builds ./project.ini, or "
    "maps/project.ini when run from the source tree (China's provinces and prefectures and the "
    "founding case's mechanisms, installed as an example under share/regiongraph/maps).\n"
    "\n"
    "A project file names several layers (provinces, then prefectures with their parent field) "
    "and the coordination files; REGIONS builds one layer, with the options below: a shapefile "
    "(read by shapelib) or any polygon layer GDAL reads (GeoPackage, GeoJSON, TopoJSON, "
    "FlatGeobuf, ...; FILE:LAYER picks a layer).\n"
    "\n"
    "Border lengths are geodesic kilometres on WGS84 for lon/lat data (other datums are shifted "
    "to WGS84 first) and CRS units converted to kilometres for projected data; a layer without a "
    "CRS whose coordinates are not lon/lat is measured in its map units until --s_srs declares "
    "its CRS. The summary on stderr counts near misses (boundaries closer "
    "than --near that do not touch), overlaps and isolated regions, to help choose --snap; -q "
    "leaves it out with the warnings and progress, -v adds each step and its time.",
    build_options,
    "regiongraph build  # ./project.ini, or maps/project.ini in the source tree\n"
    "regiongraph build maps/project.ini -o china.gpkg\n"
    "regiongraph build counties.shp --id GEOID --snap 50m --diagnostics misses.geojson\n"
    "regiongraph build eire.shp --id names --s_srs '+proj=utm +zone=30 +ellps=intl +units=km'",
};

/* The project in sight: ./project.ini, or the shipped maps/project.ini when run from a clone.
 * Nothing else: an installed binary in an empty directory must not quietly build China. */
static const char *default_project(void)
{
    static const char *const candidates[] = {"project.ini", "maps/project.ini"};
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

/* Warnings may come from the graph-file write's thread (rg_build_write) while this one shows
 * the diagnostics' progress: the screen's state is shared under this lock. */
static pthread_mutex_t screen = PTHREAD_MUTEX_INITIALIZER;

static void show_step_locked(const char *step, progress_state *ps)
{
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

static void show_step(const char *step, void *user_data)
{
    pthread_mutex_lock(&screen);
    show_step_locked(step, user_data);
    pthread_mutex_unlock(&screen);
}

/* Warnings while a step's line is open start on a line of their own. */
static void show_warning(const char *message, void *user_data)
{
    pthread_mutex_lock(&screen);
    progress_close(user_data);
    fprintf(stderr, "regiongraph: warning: %s\n", message);
    pthread_mutex_unlock(&screen);
}

static void show_fraction_locked(double fraction, progress_state *ps)
{
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

static void show_fraction(double fraction, void *user_data)
{
    pthread_mutex_lock(&screen);
    show_fraction_locked(fraction, user_data);
    pthread_mutex_unlock(&screen);
}

/* A distance for people: metres below 1 km, else km; with mu (a map in unknown units, whose
 * "km" are map units) a number of map units. */
static const char *distance_text(int mu, double km, char *buf, size_t size)
{
    if (mu)
        snprintf(buf, size, "%.6g map units", km);
    else if (km < 1)
        snprintf(buf, size, "%.0f m", km * 1000);
    else if (km < 100)
        snprintf(buf, size, "%.1f km", km);
    else
        snprintf(buf, size, "%.0f km", km);
    return buf;
}

/* What a bare --snap number is in: the layer's own units (degrees for lon/lat, metres or the
 * CRS's unit for projected layers, map units when the unit is unknown). */
static const char *bare_unit(const rg_regions *r)
{
    if (rg_i_crs_wkt_map_units(rg_regions_crs_wkt(r)))
        return " map units";
    if (rg_regions_crs_is_geographic(r))
        return " degrees";
    return rg_regions_crs_unit_metres(r) == 1.0 ? " m" : " layer units";
}

/* The diagnosed part of a level's summary: near misses, deepest overlap, tolerance to try, and
 * the nearest region to each region without neighbours. */
static void print_diagnostics(const rg_regions *r, const char *prefix, const rg_level_summary *s,
                              const rg_level_diagnostics *ld)
{
    int mu = rg_i_crs_wkt_map_units(rg_regions_crs_wkt(r));
    size_t n, k, shown = 0;
    char d0[32], d1[32], d2[32], d3[32];
    if (s->near_misses > 0 && s->near_kept > 0)
        fprintf(stderr, "regiongraph: %s%zu near miss%s within %s (gap min %s, median %s, max "
                "%s)\n", prefix, s->near_misses, s->near_misses == 1 ? "" : "es",
                distance_text(mu, ld->near_km, d0, sizeof d0),
                distance_text(mu, s->near_min_km, d1, sizeof d1),
                distance_text(mu, s->near_median_km, d2, sizeof d2),
                distance_text(mu, s->near_max_km, d3, sizeof d3));
    if (s->near_kept < s->near_misses || s->overlaps_kept < s->overlaps)
        fprintf(stderr, "regiongraph: %sonly the %zu nearest misses and %zu deepest overlaps are "
                "kept (gaps and depths above are theirs)\n", prefix, s->near_kept,
                s->overlaps_kept);
    if (s->overlaps > 0)
        fprintf(stderr, "regiongraph: %s%zu overlap%s deeper than the tolerance (deepest %s: "
                "%s (%s) and %s (%s))\n", prefix, s->overlaps, s->overlaps == 1 ? "" : "s",
                distance_text(mu, s->overlap_km, d0, sizeof d0), rg_regions_id(r, s->overlap_a),
                rg_regions_name(r, s->overlap_a), rg_regions_id(r, s->overlap_b),
                rg_regions_name(r, s->overlap_b));
    /* in map units a hint with a unit would be refused (and a metre means nothing there) */
    if (s->snap_hint_m > 0 && mu)
        fprintf(stderr, "regiongraph: %sboundaries miss or cross each other by up to about %.6g "
                "map units: try --snap %.6g\n", prefix, s->snap_hint_m / 1000,
                s->snap_hint_m / 1000);
    else if (s->snap_hint_m > 0)
        fprintf(stderr, "regiongraph: %sboundaries miss or cross each other by up to about %.0f m: "
                "try --snap %.0fm\n", prefix, s->snap_hint_m, s->snap_hint_m);
    if ((n = rg_diagnostics_isolated_count(ld->diagnostics)) > 0) {
        fprintf(stderr, "regiongraph: %snearest to the regions without neighbours:", prefix);
        for (k = 0; k < n; k++) {
            size_t i, near;
            double km, xy[4];
            if (shown == 5) {
                fprintf(stderr, " ... (%zu more)", n - shown);
                break;
            }
            rg_diagnostics_isolated(ld->diagnostics, k, &i, &near, &km, xy);
            if (near == SIZE_MAX)
                fprintf(stderr, "%s %s none", shown ? "," : "", rg_regions_name(r, ld->first + i));
            else
                fprintf(stderr, "%s %s -> %s %s", shown ? "," : "",
                        rg_regions_name(r, ld->first + i), rg_regions_name(r, ld->first + near),
                        distance_text(mu, km, d0, sizeof d0));
            shown++;
        }
        fputc('\n', stderr);
    }
}

/* The summary on stderr: per level its counts, regions without neighbours, island links and
 * diagnostics, then the coordination data. snap_text: the tolerance as the user wrote it. */
static void print_summary(const rg_graph *graph, const rg_build_result *res,
                          const char *snap_text)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t level, k;
    for (level = 0; level < res->nlevels; level++) {
        const rg_level_summary *s = &res->levels[level];
        const char *name = rg_regions_level_name(r, level);
        char prefix[300], buf[32];
        snprintf(prefix, sizeof prefix, "%s%s", res->nlevels > 1 ? name : "",
                 res->nlevels > 1 ? ": " : "");
        fprintf(stderr, "regiongraph: %s%zu regions, %zu adjacent pairs (%s contiguity", prefix,
                s->regions, s->pairs, rg_contiguity_name(res->contiguity));
        if (res->snap > 0 && snap_text)
            fprintf(stderr, " within %s%s", snap_text,
                    res->snap_unit == RG_UNIT_MAP ? bare_unit(r) : "");
        fputs(")\n", stderr);
        fprintf(stderr, "regiongraph: %s%zu region%s without neighbours%s", prefix, s->isolated,
                s->isolated == 1 ? "" : "s", s->isolated ? ":" : "\n");
        for (k = 0; k < s->isolated; k++) {
            size_t i = s->isolated_regions[k];
            if (k == 20) {
                fprintf(stderr, " ... (%zu more)", s->isolated - k);
                break;
            }
            fprintf(stderr, "%s %s (%s)", k ? "," : "", rg_regions_id(r, i), rg_regions_name(r, i));
        }
        if (s->isolated)
            fputc('\n', stderr);
        if (s->island_links) {
            fprintf(stderr, "regiongraph: %s%zu island link%s:", prefix, s->island_links,
                    s->island_links == 1 ? "" : "s");
            for (k = 0; k < s->island_links; k++) {
                size_t pair = s->island_pairs[k], a, b;
                if (k == 5) {
                    fprintf(stderr, " ... (%zu more)", s->island_links - k);
                    break;
                }
                rg_adjacency_pair(adj, pair, &a, &b, NULL, NULL);
                fprintf(stderr, "%s %s - %s %s", k ? "," : "", rg_regions_name(r, a),
                        rg_regions_name(r, b),
                        distance_text(rg_i_crs_wkt_map_units(rg_regions_crs_wkt(r)),
                                      rg_adjacency_gap_km(adj, pair), buf, sizeof buf));
            }
            fputc('\n', stderr);
        }
        if (s->diagnosed)
            print_diagnostics(r, prefix, s, &res->diagnostics[level]);
    }
    if (res->coordination)
        fprintf(stderr, "regiongraph: %zu mechanism%s with %zu membership%s, %zu agenc%s\n",
                res->mechanisms, res->mechanisms == 1 ? "" : "s", res->memberships,
                res->memberships == 1 ? "" : "s", res->agencies, res->agencies == 1 ? "y" : "ies");
}

/* The project of a REGIONS file and the layer options. */
static rg_status single_layer_project(const char *input, const char *const field[4],
                                      const char *const coordination[3],
                                      const char *agency_layer, char *const agency_field[4],
                                      const char *agency_level, rg_project **out)
{
    rg_project *p = NULL;
    rg_status st;
    if ((st = rg_project_new_single_layer(input, field[0], field[1], field[2], &p)) != RG_OK ||
        (st = rg_project_layer_set_s_srs(p, 0, field[3])) != RG_OK ||
        (st = rg_project_set_coordination(p, coordination[0], coordination[1],
                                          coordination[2])) != RG_OK ||
        (st = rg_project_set_agency_layer(p, agency_layer, agency_field[0], agency_field[1],
                                          agency_field[2], agency_level,
                                          agency_field[3])) != RG_OK) {
        rg_project_free(p);
        p = NULL;
    }
    *out = p;
    return st;
}

/* The diagnostics are GeoJSON, in lon/lat: a graph whose CRS has no path there (an unknown
 * planar CRS) cannot have them, which must be said before the graph file is written. */
static rg_status diagnostics_crs_check(const rg_graph *graph, const char *path)
{
    rg_i_to_wgs84 *t = NULL;
    rg_status st = rg_i_to_wgs84_new(rg_regions_crs_wkt(rg_graph_regions(graph)), &t);
    rg_i_to_wgs84_free(t);
    return st == RG_OK ? st : rg_i_error_prefix(st, path);
}

/* The centrality that export, render and report use by default (export's options), computed
 * once here and stored in the graph file, so that none of them computes it again. */
static rg_status store_centrality(rg_graph *graph, const rg_build_options *bo)
{
    rg_export_options eo;
    rg_centrality *c = NULL;
    rg_status st;
    rg_export_options_init(&eo);
    if (bo->progress) {
        bo->progress("centrality (stored for export, render and report)", bo->progress_data);
        eo.centrality.progress = NULL;
    }
    if ((st = rg_centrality_compute(graph, &eo.centrality, &c)) == RG_OK)
        st = rg_centrality_store(graph, c);
    rg_centrality_free(c);
    return st;
}

int rg_cmd_build(int argc, char **argv)
{
    rg_cli_parser parser;
    rg_build_options bo = {0};
    rg_build_result res = {0};
    rg_project *project = NULL;
    const char *output = NULL, *input = NULL, *project_path = NULL;
    const char *field[4] = {NULL, NULL, NULL, NULL}; /* --id, --name, --encoding, --s_srs */
    const char *coordination[3] = {NULL, NULL, NULL}; /* --mechanisms, --members, --agencies */
    const char *agency_layer = NULL, *agency_level = NULL;
    char *agency_fields = NULL, *agency_field[4] = {NULL, NULL, NULL, NULL};
    const char *snap_text = NULL, *diagnostics = NULL;
    int quiet, verbose, opt, rc = RG_EXIT_FAILED, layer_opts = 0, no_diagnostics = 0;
    progress_state ps = {0};
    char *end;
    rg_graph *graph = NULL;
    rg_status st;
    double t0, t1, t2, t_diag, t_cent = 0;
    rg_graph_write_options wo = {0};

    rg_cli_parser_init(&parser, &rg_cli_build, argc, argv);
    while ((opt = rg_cli_next(&parser)) >= 0) {
        switch (opt) {
        case 'p': project_path = optarg; break;
        case OPT_ID: field[0] = optarg; layer_opts = 1; break;
        case OPT_NAME: field[1] = optarg; layer_opts = 1; break;
        case OPT_ENCODING: field[2] = optarg; layer_opts = 1; break;
        case OPT_S_SRS: field[3] = optarg; layer_opts = 1; break;
        case OPT_MECHANISMS: coordination[0] = optarg; layer_opts = 1; break;
        case OPT_MEMBERS: coordination[1] = optarg; layer_opts = 1; break;
        case OPT_AGENCIES: coordination[2] = optarg; layer_opts = 1; break;
        case OPT_AGENCY_LAYER: agency_layer = optarg; layer_opts = 1; break;
        case OPT_AGENCY_FIELDS: agency_fields = optarg; layer_opts = 1; break;
        case OPT_AGENCY_LEVEL: agency_level = optarg; layer_opts = 1; break;
        case OPT_CONTIGUITY:
            if (rg_contiguity_parse(optarg, &bo.contiguity) != RG_OK)
                return rg_cli_usage_error("build", "--contiguity must be queen or rook, not '%s'",
                                          optarg);
            bo.contiguity_set = 1;
            break;
        case OPT_LEVEL: bo.level = optarg; break;
        case OPT_GEODESIC: bo.geodesic = 1; break;
        case OPT_SNAP:
            if (rg_distance_parse(optarg, &bo.snap, &bo.snap_unit) != RG_OK)
                return rg_cli_usage_error("build", "--snap must be a distance such as 50m, 0.05km "
                                                   "or a number in map units, not '%s'", optarg);
            bo.snap_set = 1;
            snap_text = optarg;
            break;
        case OPT_NEAR:
            if (rg_distance_parse(optarg, &bo.near, &bo.near_unit) != RG_OK || !(bo.near > 0))
                return rg_cli_usage_error("build", "--near must be a distance above 0 such as "
                                                   "500m, 1km or a number in map units, not '%s'",
                                          optarg);
            bo.near_set = 1;
            break;
        case OPT_ISLANDS: {
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
        case OPT_DIAGNOSTICS: diagnostics = optarg; break;
        case OPT_NO_DIAGNOSTICS: no_diagnostics = 1; break;
        case 'o': output = optarg; break;
        default: return rg_cli_usage_error("build", "unknown option");
        }
    }
    if (opt != RG_CLI_END)
        return rg_cli_exit_code(opt);
    quiet = parser.quiet;
    verbose = parser.verbose;
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
        return rg_cli_usage_error("build", "--id, --name, --encoding, --s_srs, --mechanisms, --members "
                                           "and --agencies are for a regions file; a project file "
                                           "sets them");
    if (!input && !project_path) {
        if (layer_opts)
            return rg_cli_usage_error("build", "--id and the other layer options need a REGIONS file");
        if (!(project_path = default_project())) {
            fprintf(stderr,
                    "regiongraph: build: no project given and none here (./project.ini, "
                    "./maps/project.ini)\n"
                    "give one: 'regiongraph build PROJECT.ini' or 'regiongraph build REGIONS.shp "
                    "--id FIELD';\n"
                    "the example project (the founding case) is %s/maps/project.ini\n",
                    RG_DATA_DIR);
            return RG_EXIT_USAGE;
        }
    }
    if (output && *output == '\0')
        return rg_cli_usage_error("build", "-o needs a file name");
    if (output && strcmp(output, "-") == 0)
        return rg_cli_usage_error("build", "-o -: the graph file is a GeoPackage (a database), "
                                           "which a stream cannot hold; give a file name");
    if (diagnostics && strcmp(diagnostics, "-") == 0)
        return rg_cli_usage_error("build", "--diagnostics -: the diagnostics are written "
                                           "atomically to a file; give a file name");
    if (coordination[0] && coordination[1] && strcmp(coordination[0], "-") == 0 &&
        strcmp(coordination[1], "-") == 0)
        return rg_cli_usage_error("build", "--mechanisms and --members cannot both be '-' "
                                           "(stdin): one of them needs a file");
    if (coordination[2] && strcmp(coordination[2], "-") == 0 &&
        ((coordination[0] && strcmp(coordination[0], "-") == 0) ||
         (coordination[1] && strcmp(coordination[1], "-") == 0)))
        return rg_cli_usage_error("build", "only one of --mechanisms, --members and --agencies "
                                           "can be '-' (stdin)");
    if (diagnostics && *diagnostics == '\0')
        return rg_cli_usage_error("build", "--diagnostics needs a file name");
    if (diagnostics && no_diagnostics)
        return rg_cli_usage_error("build", "--diagnostics and --no-diagnostics contradict each "
                                           "other");
    if (agency_layer || agency_fields || agency_level) {
        size_t k = 0;
        char *item = agency_fields, *comma;
        if (!agency_layer || !agency_fields)
            return rg_cli_usage_error("build", "--agency-layer and --agency-fields go together");
        /* Split ID[,NAME[,LEVEL[,JURISDICTION]]] in place; an empty item skips that field. */
        for (; item && k < 4; k++, item = comma ? comma + 1 : NULL) {
            if ((comma = strchr(item, ',')))
                *comma = '\0';
            agency_field[k] = *item ? item : NULL;
        }
        if (item || !agency_field[0])
            return rg_cli_usage_error("build", "--agency-fields is ID[,NAME[,LEVEL[,JURISDICTION]]]");
        if (!agency_field[2] && !agency_level)
            return rg_cli_usage_error("build", "the agency layer needs a LEVEL field in "
                                               "--agency-fields or --agency-level");
        if (!coordination[0] || !coordination[1])
            return rg_cli_usage_error("build", "agencies need --mechanisms and --members too");
    }
    rg_cli_set_quiet(quiet);
    /* Diagnostics feed the summary and the diagnostics file: skipped when neither is wanted. */
    bo.diagnose = !no_diagnostics && (!quiet || diagnostics);
    bo.diagnose_later = 1;
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
    if (project_path)
        st = rg_project_read(project_path, &project);
    else
        st = single_layer_project(input, field, coordination, agency_layer, agency_field,
                                  agency_level, &project);
    if (st != RG_OK)
        goto fail;
    if (!output)
        output = project->output ? project->output : RG_CLI_DEFAULT_GRAPH;
    if (diagnostics && rg_cli_same_file(output, diagnostics)) {
        rc = rg_cli_usage_error("build", "-o and --diagnostics name the same file '%s'",
                                diagnostics);
        goto cleanup;
    }
    if ((st = rg_build_project(project, &bo, &graph, &res)) != RG_OK)
        goto fail;
    /* every input is read and noted: no output may replace one, and a refusal of the
     * diagnostics must not come after the graph is written */
    if ((st = rg_output_check(output)) != RG_OK ||
        (diagnostics && (st = rg_output_check(diagnostics)) != RG_OK) ||
        (diagnostics && (st = diagnostics_crs_check(graph, diagnostics)) != RG_OK))
        goto fail;

    t1 = rg_cli_now();
    if (rg_graph_coordination(graph) && (st = store_centrality(graph, &bo)) != RG_OK)
        goto fail;
    t_cent = rg_cli_now() - t1;
    wo.fraction = bo.fraction;
    wo.progress_data = bo.progress_data;
    /* the diagnostics run now, beside the write (rg_build_write) */
    if ((st = rg_build_write(graph, &res, output, &wo, bo.progress, bo.progress_data)) != RG_OK)
        goto fail;
    t_diag = rg_cli_now();
    if (diagnostics) {
        if (bo.progress)
            show_step("writing the diagnostics", &ps);
        if ((st = rg_build_write_diagnostics(graph, &res, diagnostics)) != RG_OK)
            goto fail;
    }
    t2 = rg_cli_now();
    progress_close(&ps);

    if (!quiet) {
        print_summary(graph, &res, snap_text ? snap_text : project->snap_text);
        fprintf(stderr, "regiongraph: wrote %s\n", output);
        if (diagnostics) {
            char *overlaps = rg_export_sibling_path(diagnostics, "overlaps");
            fprintf(stderr, "regiongraph: wrote %s (near misses, isolated regions) and %s "
                            "(overlaps)\n", diagnostics, overlaps ? overlaps : "its overlaps");
            free(overlaps);
        }
    }
    if (verbose)
        fprintf(stderr,
                "regiongraph: time: read %.3f s, contiguity %.3f s, diagnostics %.3f s, "
                "coordination %.3f s, centrality %.3f s, write %.3f s%s, total %.3f s "
                "(%zu vertices)\n",
                res.seconds_read, res.seconds_contiguity, res.seconds_diagnostics,
                res.seconds_coordination, t_cent,
                /* the write alone; beside the diagnostics, the two overlap in the total */
                res.seconds_write + (diagnostics ? t2 - t_diag : 0),
                res.diagnosed_beside_write ? " (beside the diagnostics)" : "", t2 - t0,
                rg_regions_point_count(rg_graph_regions(graph)));
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    progress_close(&ps);
    rc = rg_cli_fail(st);
cleanup:
    rg_cli_set_quiet(quiet); /* the handler above points into this frame */
    rg_build_result_release(&res);
    rg_graph_free(graph);
    rg_project_free(project);
    return rc;
}
