/* rg_export_bundle: the files of a bundle, their feature counts read back with OGR, what the
 * caller is told, the defaults (seed 1) and the errors. On report_fixture.h's coordination case,
 * whose figures are worked out there, and graph_fixture.h's plain seven-region graph. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <gdal.h>
#include <jansson.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "geom/crs_internal.h"
#include "write/export_bundle_internal.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/export.h"
#include "regiongraph/graph.h"
#include "graph_fixture.h"
#include "report_fixture.h"
#include "leak_check.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-bundle-XXXXXX"
#include "tmpdir_fixture.h"

RG_TEST_SUITE(export_bundle);

/* What the bundle told, one "what|detail" line each, with the directory cut off the front. */
typedef struct told {
    char text[4096];
    size_t calls;
} told;

static void record(const char *what, const char *detail, void *data)
{
    told *t = data;
    size_t n = strlen(t->text), dl = strlen(dir);
    if (strncmp(what, dir, dl) == 0 && what[dl] == '/')
        what += dl + 1;
    snprintf(t->text + n, sizeof t->text - n, "%s|%s\n", what, detail ? detail : "-");
    t->calls++;
}

/* Feature count of a layer read back by OGR (-1 when it cannot be opened). */
static long feature_count(const char *file, const char *layer)
{
    char path[256];
    GDALDatasetH ds;
    OGRLayerH l;
    long n = -1;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return -1;
    l = layer ? GDALDatasetGetLayerByName(ds, layer) : GDALDatasetGetLayer(ds, 0);
    if (l)
        n = (long)OGR_L_GetFeatureCount(l, 1);
    GDALClose(ds);
    return n;
}

static char *slurp(const char *name)
{
    char path[256];
    FILE *fp;
    long size;
    char *text;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_not_null(fp = fopen(path, "rb"), "%s", path);
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    rewind(fp);
    cr_assert_not_null(text = malloc((size_t)size + 1));
    cr_assert_eq(fread(text, 1, (size_t)size, fp), (size_t)size);
    text[size] = '\0';
    fclose(fp);
    return text;
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

Test(export_bundle, defaults)
{
    rg_export_options o;
    memset(&o, 0xff, sizeof o);
    rg_export_options_init(&o);
    cr_assert_eq(o.formats, RG_EXPORT_GEOJSON);
    cr_assert_eq(o.networks, 0);
    cr_assert_eq(o.precision, RG_GEOJSON_PRECISION);
    cr_assert_eq(o.bbox, 0);
    cr_assert_null(o.t_srs);
    cr_assert_null(o.coverage.level);
    cr_assert_null(o.coverage.weight_field);
    cr_assert_eq(o.coverage.agency_jurisdiction, 0);
    cr_assert_eq(o.centrality.view, RG_VIEW_ADJACENCY);
    cr_assert_eq(o.centrality.seed, 1);
    cr_assert_eq(o.centrality.unweighted, 0);
    cr_assert_null(o.notify);
}

Test(export_bundle, parse_lists)
{
    unsigned m = 0;
    cr_assert(rg_export_formats_parse("geojson", &m));
    cr_assert_eq(m, RG_EXPORT_GEOJSON);
    cr_assert(rg_export_formats_parse("shp,gpkg,geojsonseq,fgb", &m));
    cr_assert_eq(m, RG_EXPORT_SHAPEFILE | RG_EXPORT_GPKG | RG_EXPORT_GEOJSONSEQ |
                        RG_EXPORT_FLATGEOBUF);
    cr_assert_not(rg_export_formats_parse("all", &m)); /* no "all" for layer formats */
    cr_assert_not(rg_export_formats_parse("geojson,kml", &m));
    cr_assert_not(rg_export_formats_parse("", &m));
    cr_assert_not(rg_export_formats_parse(",", &m));
    cr_assert(rg_export_networks_parse("gal,csv", &m));
    cr_assert_eq(m, RG_EXPORT_GAL | RG_EXPORT_EDGES_CSV);
    cr_assert(rg_export_networks_parse("all", &m));
    cr_assert_eq(m, RG_EXPORT_NETWORKS_ALL);
    cr_assert(rg_export_networks_parse("graphml,gwt", &m));
    cr_assert_eq(m, RG_EXPORT_GRAPHML | RG_EXPORT_GWT);
    cr_assert_not(rg_export_networks_parse("graphml,pajek", &m));
}

/* Every format and every network file of the coordination case, into a directory that does not
 * exist yet (two levels deep). */
Test(export_bundle, coordination_every_format, .init = make_dir, .fini = remove_dir)
{
    static const char *const layers[] = {"regions", "borders",      "contacts", "links",
                                         "gaps",    "gap_contacts", "agencies"};
    rg_graph *g = rf_graph();
    rg_export_options o;
    told t = {{0}, 0};
    char sub[128], listing[2048], expect[2048] = "", file[64], what[128], *text;
    long links;
    rg_export_options_init(&o);
    o.formats = RG_EXPORT_GEOJSON | RG_EXPORT_GEOJSONSEQ | RG_EXPORT_GPKG |
                RG_EXPORT_FLATGEOBUF | RG_EXPORT_SHAPEFILE;
    o.networks = RG_EXPORT_NETWORKS_ALL;
    o.notify = record;
    o.notify_data = &t;
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    strcpy(dir, sub); /* list_dir, feature_count and record look in dir; restored at the end */
    cr_assert_eq(rg_export_bundle(g, &o, dir), RG_OK, "%s", rg_last_error());

    /* the files, and nothing else (no temporary, no working directory) */
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing,
                     "agencies.cpg agencies.dbf agencies.fgb agencies.geojson agencies.geojsons "
                     "agencies.prj agencies.shp agencies.shx "
                     "borders.cpg borders.dbf borders.fgb borders.geojson borders.geojsons "
                     "borders.prj borders.shp borders.shx "
                     "contacts.cpg contacts.dbf contacts.fgb contacts.geojson contacts.geojsons "
                     "contacts.prj contacts.shp contacts.shx "
                     "coverage.cpg coverage.dbf coverage.geojson coverage.geojsons coverage.prj "
                     "edges.csv "
                     "gap_contacts.cpg gap_contacts.dbf gap_contacts.fgb gap_contacts.geojson "
                     "gap_contacts.geojsons gap_contacts.prj gap_contacts.shp gap_contacts.shx "
                     "gaps.cpg gaps.dbf gaps.fgb gaps.geojson gaps.geojsons gaps.prj gaps.shp "
                     "gaps.shx layers.gpkg "
                     "links.cpg links.dbf links.fgb links.geojson links.geojsons links.prj "
                     "links.shp links.shx "
                     "mechanisms.cpg mechanisms.dbf mechanisms.fgb mechanisms.geojson "
                     "mechanisms.geojsons mechanisms.prj mechanisms.shp mechanisms.shx "
                     "network.graphml "
                     "regions.cpg regions.dbf regions.fgb regions.geojson regions.geojsons "
                     "regions.prj regions.shp regions.shx weights.gal weights.gwt");

    /* feature counts (report_fixture.h): 6 prefectures, 11 pairs, 5 gaps, 1 located agency; the
     * links as many in every format as the bundle said */
    links = feature_count("links.geojson", NULL);
    cr_assert_gt(links, 0);
    for (size_t k = 0; k < 7; k++) {
        /* the 11 pairs: 7 sharing a line, 4 corner contacts; the 5 gaps: 3 and 2. One geometry
         * type per layer, so every format, the shapefile too, keeps every feature. */
        static const long want[] = {6, 7, 4, -2, 3, 2, 1};
        long n = want[k] == -2 ? links : want[k], n_shp = n;
        static const char *const exts[] = {".geojson", ".fgb", ".shp"};
        for (size_t e = 0; e < 3; e++) {
            long m = e == 2 ? n_shp : n;
            snprintf(file, sizeof file, "%s%s", layers[k], exts[e]);
            cr_assert_eq(feature_count(file, NULL), m, "%s: %ld", file, feature_count(file, NULL));
        }
        cr_assert_eq(feature_count("layers.gpkg", layers[k]), n, "layers.gpkg %s", layers[k]);
        /* a text sequence: one feature a line */
        snprintf(file, sizeof file, "%s.geojsons", layers[k]);
        text = slurp(file);
        cr_assert_eq(count_lines(text), (size_t)n, "%s", file);
        cr_assert_eq(text[0], '\x1e', "%s starts with RS", file);
        free(text);
    }

    /* network files: the 6 prefectures in the weights, 11 adjacent pairs both ways in GWT */
    text = slurp("weights.gal");
    cr_assert_eq(strncmp(text, "0 6 prefectures ", 16), 0, "%s", text);
    cr_assert_eq(count_lines(text), 1 + 2 * 6);
    free(text);
    text = slurp("weights.gwt");
    cr_assert_eq(count_lines(text), 1 + 2 * 11);
    free(text);

    /* what the caller was told, in the order written */
    snprintf(expect, sizeof expect,
             "regions.geojson|6 regions at level prefectures, 5 covered\n"
             "borders.geojson|11 borders, 6 coordinated\n"
             "contacts.geojson|-\n"
             "links.geojson|%ld coordination links\n"
             "gaps.geojson|5 gaps\n"
             "gap_contacts.geojson|-\n"
             "agencies.geojson|1 agencies with a location\n"
             "mechanisms.geojson|3 mechanisms\n"
             "coverage.geojson|who covers what\n"
             "regions.geojsons|-\nborders.geojsons|-\ncontacts.geojsons|-\nlinks.geojsons|-\n"
             "gaps.geojsons|-\ngap_contacts.geojsons|-\nagencies.geojsons|-\n"
             "mechanisms.geojsons|-\ncoverage.geojsons|-\n",
             links);
    for (size_t k = 0; k < 3; k++) {
        static const char *const gdal[] = {"layers.gpkg", "NAME.fgb", "NAME.shp"};
        /* FlatGeobuf keeps no feature without geometry: no coverage table there */
        snprintf(what, sizeof what, "%s in %s|%d layers\n", gdal[k], dir, k == 1 ? 8 : 9);
        strcat(expect, what);
    }
    cr_assert_eq(strncmp(t.text, expect, strlen(expect)), 0, "told:\n%s", t.text);
    text = t.text + strlen(expect);
    cr_assert_eq(strncmp(text, "network.graphml|", 16), 0, "%s", text);
    cr_assert_not_null(strstr(text, "\nweights.gal|6 regions, 11 adjacent pairs\n"), "%s", text);
    cr_assert_not_null(strstr(text, "\nweights.gwt|6 regions, 11 adjacent pairs\n"), "%s", text);
    cr_assert_not_null(strstr(text, "\nedges.csv|"), "%s", text);
    cr_assert_eq(t.calls, 25);
    /* the mechanisms layer (m1, m2, m3) and the coverage table (m1 covers 4, m2 2) */
    cr_assert_eq(feature_count("layers.gpkg", "mechanisms"), 3);
    cr_assert_eq(feature_count("layers.gpkg", "coverage"), 6);
    cr_assert_eq(feature_count("coverage.dbf", NULL), 6);
    rg_graph_free(g);
    dir[strlen(dir) - 4] = '\0';
}

/* The default centrality options are those of the report (seed 1): regions.geojson holds what
 * the single-layer writer makes with those options. The eigenvector is compared within 1e-9:
 * ARPACK starts from igraph's random generator, whose state the first computation in this
 * process moved on. */
Test(export_bundle, measures_default_to_seed_1, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_export_options o;
    rg_coverage_options cov_opts = {0};
    rg_centrality_options cent_opts = {.level = "prefectures", .view = RG_VIEW_ADJACENCY,
                                       .seed = 1};
    rg_coverage *cov = NULL;
    rg_centrality *cent = NULL;
    char path[128];
    json_t *bundle, *single;
    json_error_t err;
    rg_export_options_init(&o);
    cr_assert_eq(rg_export_bundle(g, &o, dir), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_coverage_compute(g, &cov_opts, &cov), RG_OK);
    cr_assert_eq(rg_centrality_compute(g, &cent_opts, &cent), RG_OK);
    snprintf(path, sizeof path, "%s/single.geojson", dir);
    cr_assert_eq(rg_export_regions_measures_geojson(g, cov, cent, path), RG_OK);
    cr_assert_not_null(single = json_load_file(path, 0, &err), "%s", err.text);
    snprintf(path, sizeof path, "%s/regions.geojson", dir);
    cr_assert_not_null(bundle = json_load_file(path, 0, &err), "%s", err.text);
    cr_assert_eq(json_array_size(json_object_get(bundle, "features")), 6);
    for (size_t i = 0; i < 6; i++) {
        json_t *pb = json_object_get(json_array_get(json_object_get(bundle, "features"), i),
                                     "properties");
        json_t *ps = json_object_get(json_array_get(json_object_get(single, "features"), i),
                                     "properties");
        const char *key;
        json_t *value;
        cr_assert_eq(json_object_size(pb), json_object_size(ps));
        cr_assert_not_null(json_object_get(pb, "leiden"));
        json_object_foreach(ps, key, value) {
            json_t *other = json_object_get(pb, key);
            cr_assert_not_null(other, "%s", key);
            if (strcmp(key, "eigenvector") == 0)
                cr_assert_float_eq(json_real_value(other), json_real_value(value), 1e-9);
            else
                cr_assert(json_equal(other, value), "region %zu: %s", i, key);
        }
    }
    json_decref(bundle);
    json_decref(single);
    rg_centrality_free(cent);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* A graph without coordination data: the two plain layers; the GDAL format from a working
 * directory that is gone afterwards; the options of the coverage are not used. */
Test(export_bundle, plain_graph_gpkg_only, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(117, 34, 1e-4, NULL);
    rg_export_options o;
    told t = {{0}, 0};
    char listing[512], expect[512];
    rg_export_options_init(&o);
    o.formats = RG_EXPORT_GPKG;
    o.networks = RG_EXPORT_GAL;
    o.coverage.level = "no such level";
    o.notify = record;
    o.notify_data = &t;
    cr_assert_eq(rg_export_bundle(g, &o, dir), RG_OK, "%s", rg_last_error());
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "layers.gpkg weights.gal");
    cr_assert_eq(feature_count("layers.gpkg", "regions"), NREG);
    /* every pair but C-F, a corner contact, which is in contacts */
    cr_assert_eq(feature_count("layers.gpkg", "borders"), (long)rg_graph_edge_count(g) - 1);
    cr_assert_eq(feature_count("layers.gpkg", "contacts"), 1);
    cr_assert_eq(feature_count("layers.gpkg", "links"), -1);
    snprintf(expect, sizeof expect,
             "layers.gpkg in %s|3 layers\nweights.gal|%d regions, %zu adjacent pairs\n", dir,
             NREG, rg_graph_edge_count(g));
    cr_assert_str_eq(t.text, expect);
    rg_graph_free(g);
}

Test(export_bundle, errors, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(117, 34, 1e-4, NULL);
    rg_export_options o;
    char path[128], listing[256];
    FILE *fp;
    rg_export_options_init(&o);
    snprintf(path, sizeof path, "%s/file", dir);
    cr_assert_not_null(fp = fopen(path, "w"));
    fclose(fp);
    cr_assert_eq(rg_export_bundle(g, &o, path), RG_ERR_IO);
    cr_assert_not_null(strstr(rg_last_error(), "not a directory"), "%s", rg_last_error());
    snprintf(path, sizeof path, "%s/file/below", dir);
    cr_assert_eq(rg_export_bundle(g, &o, path), RG_ERR_IO);
    cr_assert_not_null(strstr(rg_last_error(), "cannot create directory"), "%s",
                       rg_last_error());
    o.precision = 16;
    cr_assert_eq(rg_export_bundle(g, &o, dir), RG_ERR_ARG);
    o.precision = RG_GEOJSON_PRECISION;
    cr_assert_eq(rg_export_bundle(g, &o, ""), RG_ERR_ARG);
    cr_assert_eq(rg_export_bundle(NULL, &o, dir), RG_ERR_ARG);
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "file");
    rg_graph_free(g);
    /* a bad analysis option fails before any file is written */
    g = rf_graph();
    o.coverage.level = "no such level";
    cr_assert_eq(rg_export_bundle(g, &o, dir), RG_ERR_ARG, "%s", rg_last_error());
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "file");
    rg_graph_free(g);
}

/* What the bundle told, with only the file's name kept (the runs below write to several
 * directories). */
static void record_name(const char *what, const char *detail, void *data)
{
    told *t = data;
    const char *slash = strrchr(what, '/');
    size_t n = strlen(t->text);
    snprintf(t->text + n, sizeof t->text - n, "%s|%s\n", slash ? slash + 1 : what,
             detail ? detail : "-");
    t->calls++;
}

static const char *const coordination_layers[] = {
    "regions", "borders", "contacts", "links", "gaps", "gap_contacts", "agencies", "mechanisms",
    "coverage"};

/* Exports g into dir/sub with RG_THREADS=threads; what was told goes to *t. */
static rg_status export_with(rg_graph *g, const char *threads, const char *sub, told *t)
{
    rg_export_options o;
    char path[160];
    rg_status st;
    rg_export_options_init(&o);
    o.notify = record_name;
    o.notify_data = t;
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    setenv("RG_THREADS", threads, 1);
    st = rg_export_bundle(g, &o, path);
    unsetenv("RG_THREADS");
    return st;
}

/* regions.geojson of two runs, equal but for the eigenvector (within 1e-9, see above). */
static void same_regions(const char *a, const char *b)
{
    json_error_t err;
    json_t *ja = json_loads(a, 0, &err), *jb = json_loads(b, 0, &err), *fa, *fb;
    size_t i;
    cr_assert_not_null(ja);
    cr_assert_not_null(jb);
    json_array_foreach(json_object_get(ja, "features"), i, fa) {
        json_t *pa = json_object_get(fa, "properties"), *pb;
        fb = json_array_get(json_object_get(jb, "features"), i);
        pb = json_object_get(fb, "properties");
        cr_assert_float_eq(json_real_value(json_object_get(pa, "eigenvector")),
                           json_real_value(json_object_get(pb, "eigenvector")), 1e-9);
        json_object_del(pa, "eigenvector");
        json_object_del(pb, "eigenvector");
    }
    cr_assert(json_equal(ja, jb), "regions.geojson");
    json_decref(ja);
    json_decref(jb);
}

/* Exports g with one thread into NAME1 and with two into NAME2: the same `count` layers and
 * the caller told the same things in the same order. */
static void one_and_two_threads(rg_graph *g, const char *name, size_t count)
{
    told one = {{0}, 0}, two = {{0}, 0};
    char sub[2][32], file[96];
    snprintf(sub[0], sizeof sub[0], "%s1", name);
    snprintf(sub[1], sizeof sub[1], "%s2", name);
    cr_assert_eq(export_with(g, "1", sub[0], &one), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_i_export_threads_last(), 1);
    cr_assert_eq(export_with(g, "2", sub[1], &two), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_i_export_threads_last(), 2, "RG_THREADS=2 starts the second thread");
    cr_assert_str_eq(two.text, one.text);
    cr_assert_eq(one.calls, count);
    for (size_t k = 0; k < count; k++) {
        char *text[2];
        for (size_t t = 0; t < 2; t++) {
            snprintf(file, sizeof file, "%s/%s.geojson", sub[t], coordination_layers[k]);
            text[t] = slurp(file);
        }
        if (k == 0 && count > 3)
            same_regions(text[0], text[1]);
        else
            cr_assert_str_eq(text[0], text[1], "%s", coordination_layers[k]);
        free(text[0]);
        free(text[1]);
    }
}

/* Two threads write the layers the one thread writes, byte for byte (regions.geojson with
 * coordination data: but for the eigenvector's last digits), and the caller is told of them in
 * the same order; with coordination data and without. */
Test(export_bundle, two_threads_as_one, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    one_and_two_threads(g, "coordination", 9);
    rg_graph_free(g);
    g = fx_graph(117, 34, 1e-4, NULL);
    one_and_two_threads(g, "plain", 3);
    rg_graph_free(g);
}

static long file_size(const char *sub, const char *layer)
{
    char path[200];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s/%s.geojson", dir, sub, layer);
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* A layer that fails (here: larger than the file-size limit) fails the bundle with its file
 * named, whichever thread wrote it; the caller is told of the layers before it only, and no
 * temporary is left behind. */
Test(export_bundle, layer_failure_on_either_thread, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    told t = {{0}, 0}, ref;
    size_t largest = 0, k, run;
    long second = 0;
    struct rlimit old, limit;
    cr_assert_eq(export_with(g, "1", "ref", &t), RG_OK, "%s", rg_last_error());
    ref = t; /* what a whole export tells, in the bundle's order */
    for (k = 1; k < 9; k++)
        if (file_size("ref", coordination_layers[k]) >
            file_size("ref", coordination_layers[largest]))
            largest = k;
    for (k = 0; k < 9; k++)
        if (k != largest && file_size("ref", coordination_layers[k]) > second)
            second = file_size("ref", coordination_layers[k]);
    cr_assert_lt(second, file_size("ref", coordination_layers[largest]));
    signal(SIGXFSZ, SIG_IGN);
    cr_assert_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    limit = old;
    limit.rlim_cur = (rlim_t)(second + file_size("ref", coordination_layers[largest])) / 2;
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &limit), 0);
    for (run = 0; run < 6; run++) {
        char sub[16], listing[1024], name[64], keep[sizeof dir];
        memset(&t, 0, sizeof t);
        snprintf(sub, sizeof sub, "fail%zu", run);
        cr_assert_eq(export_with(g, run == 0 ? "1" : "2", sub, &t), RG_ERR_IO,
                     "run %zu: %s", run, rg_last_error());
        snprintf(name, sizeof name, "%s.geojson", coordination_layers[largest]);
        cr_assert_not_null(strstr(rg_last_error(), name), "%s", rg_last_error());
        /* told: a beginning of the whole export's lines that stops before the failed layer */
        cr_assert_eq(strncmp(ref.text, t.text, strlen(t.text)), 0, "%s", t.text);
        cr_assert_null(strstr(t.text, name), "%s", t.text);
        cr_assert_leq(t.calls, largest);
        /* no temporary: every name in the directory is a layer's */
        strcpy(keep, dir);
        strcat(strcat(dir, "/"), sub);
        list_dir(listing, sizeof listing);
        strcpy(dir, keep);
        for (char *tok = strtok(listing, " "); tok; tok = strtok(NULL, " ")) {
            int known = 0;
            for (k = 0; k < 9; k++) {
                snprintf(name, sizeof name, "%s.geojson", coordination_layers[k]);
                known |= strcmp(tok, name) == 0 && k != largest;
            }
            cr_assert(known, "run %zu: %s left in the directory", run, tok);
        }
    }
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
    rg_graph_free(g);
}
