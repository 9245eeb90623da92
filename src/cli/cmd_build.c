#include <getopt.h>
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
    "  -o, --output FILE     graph file to write (default: the project's, else " RG_CLI_DEFAULT_GRAPH ")\n"
    "  -q, --quiet           no summary and no warnings on stderr\n"
    "  -v, --verbose         show each step and its time\n"
    "  -h, --help            show this help\n"
    "\n"
    "Border lengths are geodesic kilometres on WGS84 for lon/lat data and CRS units\n"
    "converted to kilometres for projected data.\n";

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

static void show_step(const char *step, void *user_data)
{
    (void)user_data;
    fprintf(stderr, "regiongraph: %s\n", step);
}

static void summarise(const rg_graph *graph, rg_contiguity kind)
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
        size_t regions = 0, pairs = 0, isolated = 0, shown = 0;
        const char *prefix = nlevels > 1 ? rg_regions_level_name(r, level) : NULL;
        for (i = 0; i < n; i++)
            if (rg_regions_level(r, i) == level) {
                regions++;
                isolated += degree[i] == 0;
            }
        for (k = 0; k < m; k++) {
            size_t a, b;
            rg_adjacency_pair(adj, k, &a, &b, NULL, NULL);
            pairs += rg_regions_level(r, a) == level;
        }
        fprintf(stderr, "regiongraph: %s%s%zu regions, %zu adjacent pairs (%s contiguity)\n",
                prefix ? prefix : "", prefix ? ": " : "", regions, pairs,
                kind == RG_CONTIGUITY_ROOK ? "rook" : "queen");
        fprintf(stderr, "regiongraph: %s%s%zu region%s without neighbours%s", prefix ? prefix : "",
                prefix ? ": " : "", isolated, isolated == 1 ? "" : "s", isolated ? ":" : "\n");
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
    int quiet = 0, verbose = 0, opt, rc = RG_EXIT_FAILED, layer_opts = 0;
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
    if (!quiet && (verbose || rg_cli_stderr_is_tty()))
        bo.progress = show_step;

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
        show_step("writing the graph file", NULL);
    if ((st = rg_graph_write(graph, output)) != RG_OK)
        goto fail;
    t2 = rg_cli_now();

    if (!quiet) {
        summarise(graph, bo.contiguity_set ? bo.contiguity
                         : project->contiguity && strcmp(project->contiguity, "rook") == 0
                             ? RG_CONTIGUITY_ROOK
                             : RG_CONTIGUITY_QUEEN);
        fprintf(stderr, "regiongraph: wrote %s\n", output);
    }
    if (verbose)
        fprintf(stderr,
                "regiongraph: time: read %.3f s, contiguity %.3f s, coordination %.3f s, "
                "write %.3f s, total %.3f s (%zu vertices)\n",
                bo.seconds_read, bo.seconds_contiguity, bo.seconds_coordination, t2 - t1, t2 - t0,
                rg_regions_point_count(rg_graph_regions(graph)));
    rc = RG_EXIT_OK;
    goto cleanup;
fail:
    rc = rg_cli_fail(st);
cleanup:
    rg_graph_free(graph);
    rg_project_free(loaded);
    free(layer.name);
    return rc;
}
