/* rg_export_bundle: every layer of a graph in every format asked for, and its network files. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regiongraph/coordination.h"
#include "regiongraph/export.h"
#include "regiongraph/netio.h"
#include "regiongraph/regions.h"

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/threads_internal.h"
#include "geom/crs_internal.h"
#include "write/export_bundle_internal.h"
#include "write/export_check_internal.h"
#include "write/geojson_internal.h"

/* The most layers a bundle has. Each holds one geometry type: pairs that share a line and pairs
 * that meet in points only are two layers (borders/contacts, gaps/gap_contacts); coverage is a
 * table without geometry. */
#define NLAYERS 9
#define NPLAIN 3 /* without coordination data: the first three */

static const char *const layer_names[NLAYERS] = {
    "regions", "borders", "contacts", "links", "gaps", "gap_contacts", "agencies", "mechanisms",
    "coverage"};

void rg_export_options_init(rg_export_options *o)
{
    memset(o, 0, sizeof *o);
    o->formats = RG_EXPORT_GEOJSON;
    o->precision = RG_GEOJSON_PRECISION;
    /* the defaults of `report --section centrality`, so that the layer and the report agree */
    o->centrality.view = RG_VIEW_ADJACENCY;
    o->centrality.seed = 1;
}

/* Parses a comma list against names[k] -> bit 1 << k; `all` (when all_bits is not 0) stands
 * for all_bits. */
static int parse_list(const char *list, const char *const *names, unsigned count,
                      unsigned all_bits, unsigned *mask)
{
    char *copy = list ? rg_i_strdup(list) : NULL, *tok, *save = NULL;
    int ok = copy != NULL;
    *mask = 0;
    for (tok = ok ? strtok_r(copy, ",", &save) : NULL; ok && tok;
         tok = strtok_r(NULL, ",", &save)) {
        unsigned bit = 0;
        if (all_bits && strcmp(tok, "all") == 0)
            bit = all_bits;
        for (unsigned k = 0; k < count; k++)
            if (strcmp(tok, names[k]) == 0)
                bit = 1u << k;
        ok = bit != 0;
        *mask |= bit;
    }
    free(copy);
    return ok && *mask;
}

int rg_export_formats_parse(const char *list, unsigned *formats)
{
    /* our short names, then GDAL's driver names and file extensions (ogr2ogr's -f), any case */
    static const char *const names[][4] = {
        {"geojson", "json", NULL, NULL},
        {"geojsonseq", "geojsons", "geojsonl", NULL},
        {"gpkg", "geopackage", NULL, NULL},
        {"fgb", "flatgeobuf", NULL, NULL},
        {"shp", "esri shapefile", "shapefile", NULL}};
    char *copy = list ? rg_i_strdup(list) : NULL, *tok, *save = NULL;
    int ok = copy != NULL;
    *formats = 0;
    for (tok = ok ? strtok_r(copy, ",", &save) : NULL; ok && tok;
         tok = strtok_r(NULL, ",", &save)) {
        unsigned bit = 0;
        for (unsigned k = 0; k < sizeof names / sizeof names[0]; k++)
            for (unsigned a = 0; a < 4 && names[k][a]; a++)
                if (strcasecmp(tok, names[k][a]) == 0)
                    bit = 1u << k;
        ok = bit != 0;
        *formats |= bit;
    }
    free(copy);
    return ok && *formats;
}

static const char *const network_names[] = {"graphml", "gal", "gwt", "csv"};
static const char *const network_files[] = {"network.graphml", "weights.gal", "weights.gwt",
                                            "edges.csv"};

int rg_export_networks_parse(const char *list, unsigned *networks)
{
    return parse_list(list, network_names, 4, RG_EXPORT_NETWORKS_ALL, networks);
}

/* Tells the caller that `what` is in place; detail is a printf format or NULL. */
static void tell(const rg_export_options *o, const char *what, const char *fmt, ...)
    RG_I_PRINTF(3, 4);
static void tell(const rg_export_options *o, const char *what, const char *fmt, ...)
{
    char detail[256];
    va_list ap;
    if (!o->notify)
        return;
    if (fmt) {
        va_start(ap, fmt);
        vsnprintf(detail, sizeof detail, fmt, ap);
        va_end(ap);
    }
    o->notify(what, fmt ? detail : NULL, o->notify_data);
}

static char *join(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s%s", dir, name, ext);
    return s;
}

/* Creates dir and its missing parents, like mkdir -p. */
static rg_status make_dirs(const char *dir)
{
    struct stat sb;
    char *path = NULL, *p;
    int ok = 1;
    rg_status st = RG_OK;
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        st = rg_i_error(RG_ERR_IO, "%s: not a directory", dir);
        goto cleanup;
    }
    if (!(path = rg_i_strdup(dir))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (p = path + 1; ok && *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        ok = mkdir(path, 0777) == 0 || errno == EEXIST;
        *p = '/';
    }
    if (!ok || (mkdir(path, 0777) != 0 && errno != EEXIST))
        st = rg_i_error(RG_ERR_IO, "%s: cannot create directory: %s", dir, strerror(errno));
cleanup:
    free(path);
    return st;
}

/* The GeoJSON layers: with coordination data, coverage attributes and measures on regions,
 * coverage on borders, links, gaps, agencies, mechanisms and the coverage table; without, the
 * plain regions, borders and contacts. They only read the graph, so they are written by two
 * threads when the machine has a core to spare: each thread takes the next layer of
 * `largest_first` until none is left, and the caller is told of each layer in the bundle's order
 * as soon as it and those before it are in place. */
typedef struct bundle {
    rg_graph *graph;
    const rg_coverage *coverage;
    const rg_centrality *centrality;
    char *paths[NLAYERS];
    rg_geojson_options gopts; /* the caller's GeoJSON options, for the second thread */
    size_t count;             /* NLAYERS, or NPLAIN without coordination data */
    const size_t *order;      /* the layers in the order they are taken */
    pthread_mutex_t lock;     /* guards what follows */
    size_t next;              /* the next entry of order to take */
    int failed;               /* a layer failed: no more are taken */
    int done[NLAYERS];
    rg_status st[NLAYERS];
    char *msg[NLAYERS];       /* the second thread's error messages */
    size_t told;              /* layers told of so far, in the bundle's order */
    size_t links, located;    /* links drawn, agencies with a location */
    rg_coverage_summary summary;
} bundle;

/* The layers by their usual share of the time, largest first: the mechanisms' dissolves, then
 * the layers with a feature per pair or per region, then the small ones. Without coordination
 * data: borders (three pairs a region), regions, contacts. */
static const size_t largest_first[NLAYERS] = {7, 4, 0, 1, 3, 8, 5, 2, 6};
static const size_t plain_largest_first[NPLAIN] = {1, 0, 2};
static const size_t in_order[NLAYERS] = {0, 1, 2, 3, 4, 5, 6, 7, 8};

static rg_status write_layer(bundle *b, size_t k)
{
    const char *path = b->paths[k];
    if (!b->coverage)
        return k == 0   ? rg_export_regions_geojson(b->graph, path)
               : k == 1 ? rg_export_borders_geojson(b->graph, path)
                        : rg_export_contacts_geojson(b->graph, path);
    switch (k) {
    case 0: return rg_export_regions_measures_geojson(b->graph, b->coverage, b->centrality, path);
    case 1: return rg_export_borders_coverage_geojson(b->graph, b->coverage, path);
    case 2: return rg_export_contacts_coverage_geojson(b->graph, b->coverage, path);
    case 3: return rg_export_mechanism_links_geojson(b->graph, b->coverage, path, &b->links);
    case 4: return rg_export_gaps_geojson(b->graph, b->coverage, path);
    case 5: return rg_export_gap_contacts_geojson(b->graph, b->coverage, path);
    case 6: return rg_export_agencies_geojson(b->graph, path);
    case 7: return rg_export_mechanisms_geojson(b->graph, b->coverage, path);
    default: return rg_export_coverage_table_geojson(b->graph, b->coverage, path);
    }
}

/* Tells the caller of the layers in place, in the bundle's order (the calling thread only). */
static void tell_done(bundle *b, const rg_export_options *teller)
{
    const rg_coordination *coord = rg_graph_coordination(b->graph);
    const rg_coverage_summary *summary = &b->summary;
    size_t k;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        k = b->told;
        if (k == b->count || !b->done[k] || b->st[k] != RG_OK) {
            pthread_mutex_unlock(&b->lock);
            return;
        }
        b->told++;
        pthread_mutex_unlock(&b->lock);
        if (!b->coverage) {
            if (k == 0)
                tell(teller, b->paths[0], "%zu regions", rg_graph_node_count(b->graph));
            else if (k == 1)
                tell(teller, b->paths[1], "%zu borders", rg_graph_edge_count(b->graph));
            else
                tell(teller, b->paths[k], NULL);
            continue;
        }
        switch (k) {
        case 0:
            tell(teller, b->paths[0], "%zu regions at level %s, %zu covered", summary->regions,
                 rg_coverage_level_name(b->coverage), summary->covered);
            break;
        case 1:
            /* the counts are of all pairs; those meeting in points only are in contacts */
            tell(teller, b->paths[1], "%zu borders, %zu coordinated", summary->pairs,
                 summary->pairs_coordinated);
            break;
        case 3: tell(teller, b->paths[3], "%zu coordination links", b->links); break;
        case 4: tell(teller, b->paths[4], "%zu gaps", summary->gaps); break;
        case 6: tell(teller, b->paths[6], "%zu agencies with a location", b->located); break;
        case 7:
            tell(teller, b->paths[7], "%zu mechanisms", rg_coordination_mechanism_count(coord));
            break;
        case 8: tell(teller, b->paths[8], "who covers what"); break;
        default: tell(teller, b->paths[k], NULL); break;
        }
    }
}

/* Takes and writes layers until none is left or one failed; teller is NULL on the second
 * thread (which keeps its error message for the caller's thread). */
static void take_layers(bundle *b, const rg_export_options *teller)
{
    for (;;) {
        size_t k;
        rg_status st;
        pthread_mutex_lock(&b->lock);
        if (b->failed || b->next == b->count) {
            pthread_mutex_unlock(&b->lock);
            return;
        }
        k = b->order[b->next++];
        pthread_mutex_unlock(&b->lock);
        st = write_layer(b, k);
        pthread_mutex_lock(&b->lock);
        b->st[k] = st;
        b->done[k] = 1;
        if (st != RG_OK) {
            b->failed = 1;
            if (!teller)
                b->msg[k] = rg_i_strdup(rg_last_error());
        }
        pthread_mutex_unlock(&b->lock);
        if (teller)
            tell_done(b, teller);
    }
}

static void *second_thread(void *arg)
{
    bundle *b = arg;
    rg_export_set_geojson_options(&b->gopts);
    take_layers(b, NULL);
    rg_export_set_geojson_options(NULL);
    return NULL;
}

/* Starts the second thread with the signals that clean up temporaries blocked in it, so that
 * they are handled by the caller's thread. */
static int start_second(pthread_t *thread, bundle *b)
{
    sigset_t old;
    int ok;
    rg_i_block_cleanup_signals(&old);
    ok = pthread_create(thread, NULL, second_thread, b) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

static _Thread_local int last_threads;

int rg_i_export_threads_last(void) { return last_threads; }

/* The GeoJSON layers into dir with the thread's current GeoJSON options; teller (NULL when dir
 * is a working directory, nothing there being the caller's) is told of each. */
static rg_status write_geojson(rg_graph *graph, const rg_export_options *o, const char *dir,
                               const rg_export_options *teller)
{
    static const rg_export_options silent; /* notify NULL */
    bundle b;
    rg_coverage *coverage = NULL;
    rg_centrality *centrality = NULL;
    rg_centrality_options cent_opts = o->centrality;
    const rg_coordination *coord = rg_graph_coordination(graph);
    pthread_t thread;
    int two = 0;
    size_t k;
    rg_status st = RG_OK;

    if (!teller)
        teller = &silent;
    memset(&b, 0, sizeof b);
    pthread_mutex_init(&b.lock, NULL);
    b.count = coord ? NLAYERS : NPLAIN;
    if (coord) {
        if ((st = rg_coverage_compute(graph, &o->coverage, &coverage)) != RG_OK)
            goto cleanup;
        cent_opts.level = rg_coverage_level_name(coverage);
        if ((st = rg_centrality_compute(graph, &cent_opts, &centrality)) != RG_OK)
            goto cleanup;
        rg_coverage_get_summary(coverage, &b.summary);
        for (k = 0; k < rg_coordination_agency_count(coord); k++) {
            double lon, lat;
            b.located += rg_coordination_agency_location(coord, k, &lon, &lat);
        }
    }
    for (k = 0; k < b.count; k++)
        if (!(b.paths[k] = join(dir, layer_names[k], ".geojson"))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
    b.graph = graph;
    b.coverage = coverage;
    b.centrality = centrality;
    b.gopts = *rg_i_geojson_layer_options();
    rg_regions_level_count(rg_graph_regions(graph)); /* builds the id index, before a thread */
    /* the order is set before the second thread starts reading it */
    b.order = !rg_i_threads_spare() ? in_order : coord ? largest_first : plain_largest_first;
    two = b.order != in_order && start_second(&thread, &b);
    last_threads = two ? 2 : 1;
    if (two)
        rg_i_threads_beside(1);
    take_layers(&b, teller);
    if (two) {
        pthread_join(thread, NULL);
        rg_i_threads_beside(0);
    }
    tell_done(&b, teller);
    /* the first failure in the bundle's order: this thread's message is in place already */
    for (k = 0; k < b.count && st == RG_OK; k++)
        if (b.done[k] && b.st[k] != RG_OK)
            st = b.msg[k] ? rg_i_error(b.st[k], "%s", b.msg[k]) : b.st[k];
cleanup:
    for (k = 0; k < NLAYERS; k++) {
        free(b.paths[k]);
        free(b.msg[k]);
    }
    pthread_mutex_destroy(&b.lock);
    rg_centrality_free(centrality);
    rg_coverage_free(coverage);
    return st;
}

/* A hidden working directory inside dir, so that renames out of it stay on one file system;
 * listed among the temporaries that rg_remove_temporaries() removes. */
static rg_status make_workdir(const char *dir, char **work, int *handle)
{
    rg_status st = RG_OK;
    if (!(*work = join(dir, ".rg-export-XXXXXX", ""))) {
        st = RG_I_NOMEM();
    } else if (rg_temporary_create(*work, 1, handle) < 0) {
        st = rg_i_error(RG_ERR_IO, "%s: %s", dir, strerror(errno));
        free(*work);
        *work = NULL;
    }
    return st;
}

/* Removes the working directory's files (known names only) and the directory. */
static void remove_workdir(char *work, size_t count, int handle)
{
    if (!work)
        return;
    for (size_t k = 0; k < count; k++) {
        char *p = join(work, layer_names[k], ".geojson");
        if (p)
            unlink(p);
        free(p);
    }
    rmdir(work);
    rg_temporary_done(handle);
    free(work);
}

/* The GeoJSON text sequences: written by the same writer in sequence mode into a working
 * directory, then renamed to NAME.geojsons in dir. */
static rg_status write_sequences(rg_graph *graph, const rg_export_options *o,
                                 rg_geojson_options gopts, const char *dir, size_t count)
{
    char *seq = NULL, *from = NULL, *to = NULL;
    int seq_handle = 0;
    rg_status st;
    gopts.sequence = 1;
    if ((st = make_workdir(dir, &seq, &seq_handle)) != RG_OK ||
        (st = rg_export_set_geojson_options(&gopts)) != RG_OK ||
        (st = write_geojson(graph, o, seq, NULL)) != RG_OK)
        goto cleanup;
    for (size_t k = 0; k < count; k++) {
        free(from);
        free(to);
        from = join(seq, layer_names[k], ".geojson");
        to = join(dir, layer_names[k], ".geojsons");
        if (!from || !to) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        {
            /* A text sequence of no feature would be a 0-byte file that no reader opens (it
             * cannot declare fields or a geometry type): an empty layer is left out, and an
             * older file of that name removed so that the directory tells no stale story. */
            struct stat sb;
            if (stat(from, &sb) == 0 && sb.st_size == 0) {
                unlink(from);
                if (unlink(to) != 0 && errno != ENOENT) {
                    st = rg_i_error(RG_ERR_IO, "%s: %s", to, strerror(errno));
                    goto cleanup;
                }
                tell(o, to, "no features: not written (the layer is empty)");
                continue;
            }
        }
        if (rename(from, to) != 0) {
            st = rg_i_error(RG_ERR_IO, "%s: %s", to, strerror(errno));
            goto cleanup;
        }
        tell(o, to, NULL);
    }
cleanup:
    free(from);
    free(to);
    remove_workdir(seq, count, seq_handle);
    return st;
}

/* Every layer in every format asked for. GeoJSON is the source of the GDAL formats: written
 * into dir when asked for, else into a working directory. */
static rg_status write_layers(rg_graph *graph, const rg_export_options *o, const char *dir)
{
    static const unsigned gdal[] = {RG_EXPORT_GPKG, RG_EXPORT_FLATGEOBUF, RG_EXPORT_SHAPEFILE};
    static const rg_layer_format gdal_format[] = {RG_LAYER_GPKG, RG_LAYER_FLATGEOBUF,
                                                  RG_LAYER_SHAPEFILE};
    static const char *const gdal_files[] = {"layers.gpkg", "NAME.fgb", "NAME.shp"};
    const unsigned any_gdal = RG_EXPORT_GPKG | RG_EXPORT_FLATGEOBUF | RG_EXPORT_SHAPEFILE;
    rg_geojson_options gopts = {o->precision, 0, o->bbox};
    size_t count = rg_graph_coordination(graph) ? NLAYERS : NPLAIN, k;
    char *work = NULL, *sources[NLAYERS] = {NULL}, *what = NULL;
    const char *geo_dir = dir;
    int work_handle = 0;
    rg_status st;

    if ((st = rg_export_set_geojson_options(&gopts)) != RG_OK)
        goto cleanup;
    if (!(o->formats & RG_EXPORT_GEOJSON)) {
        geo_dir = NULL;
        if ((o->formats & any_gdal) && (st = make_workdir(dir, &work, &work_handle)) != RG_OK)
            goto cleanup;
        geo_dir = work;
    }
    if (geo_dir && (st = write_geojson(graph, o, geo_dir, geo_dir == dir ? o : NULL)) != RG_OK)
        goto cleanup;
    if ((o->formats & RG_EXPORT_GEOJSONSEQ) &&
        (st = write_sequences(graph, o, gopts, dir, count)) != RG_OK)
        goto cleanup;
    for (k = 0; k < count && geo_dir; k++)
        if (!(sources[k] = join(geo_dir, layer_names[k], ".geojson"))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
    for (k = 0; k < 3; k++) {
        if (!(o->formats & gdal[k]))
            continue;
        /* FlatGeobuf (GDAL 3.6) drops features without geometry: no coverage table there */
        size_t nk = count == NLAYERS && gdal[k] == RG_EXPORT_FLATGEOBUF ? count - 1 : count;
        if ((st = rg_export_layers((const char *const *)sources, layer_names, nk,
                                   gdal_format[k], dir, o->t_srs)) != RG_OK)
            goto cleanup;
        free(what);
        if (!(what = malloc(strlen(gdal_files[k]) + strlen(dir) + 5))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        snprintf(what, strlen(gdal_files[k]) + strlen(dir) + 5, "%s in %s", gdal_files[k], dir);
        tell(o, what, "%zu layers%s%s", nk, o->t_srs ? ", in " : "",
             o->t_srs ? o->t_srs : "");
    }
cleanup:
    for (k = 0; k < NLAYERS; k++)
        free(sources[k]);
    free(what);
    remove_workdir(work, count, work_handle);
    rg_export_set_geojson_options(NULL);
    return st;
}

/* The network files asked for, of the level (NULL: the graph's default, else the lowest) on the
 * network with every edge type. */
static rg_status write_networks(const rg_graph *graph, const char *level,
                                const rg_export_options *o, const char *dir)
{
    rg_status (*const writers[])(const rg_network *, const rg_graph *, const char *) = {
        rg_export_graphml, rg_export_gal, rg_export_gwt, rg_export_edges_csv};
    rg_network *network = NULL;
    rg_centrality *centrality = NULL;
    rg_centrality_options cent_opts = o->centrality;
    char *path = NULL;
    size_t regions = 0, pairs = 0, k;
    rg_status st = RG_OK;
    if (!o->networks || (st = rg_network_build(graph, level, RG_VIEW_ALL, &network)) != RG_OK)
        goto cleanup;
    /* GraphML carries the measures of the level's regions (the options' view, adjacency by
     * default), as the regions layer does */
    cent_opts.level = level;
    if ((o->networks & 1u) && (st = rg_centrality_compute(graph, &cent_opts, &centrality)) != RG_OK)
        goto cleanup;
    /* the weights files hold the level's regions and their adjacent pairs only */
    for (k = 0; k < rg_network_node_count(network); k++) {
        rg_node_kind kind;
        size_t index;
        rg_network_node(network, k, &kind, &index);
        regions += kind == RG_NODE_REGION;
    }
    for (k = 0; k < rg_network_edge_count(network); k++) {
        size_t from, to, pair;
        rg_edge_type type;
        double weight;
        rg_network_edge(network, k, &from, &to, &type, &weight, &pair);
        pairs += type == RG_EDGE_ADJACENT;
    }
    for (k = 0; k < 4; k++) {
        if (!(o->networks & (1u << k)))
            continue;
        free(path);
        if (!(path = join(dir, network_files[k], ""))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        if ((st = k == 0 ? rg_export_graphml_measures(network, graph, centrality, path)
                         : writers[k](network, graph, path)) != RG_OK)
            goto cleanup;
        if (k == 1 || k == 2)
            tell(o, path, "%zu regions, %zu adjacent pairs", regions, pairs);
        else
            tell(o, path, "%zu nodes, %zu edges", rg_network_node_count(network),
                 rg_network_edge_count(network));
    }
cleanup:
    free(path);
    rg_centrality_free(centrality);
    rg_network_free(network);
    return st;
}

rg_status rg_export_bundle(rg_graph *graph, const rg_export_options *options, const char *dir)
{
    int skip_layers = 0;
    rg_status st;
    if (!graph || !options || !dir || !*dir) {
        st = rg_i_error(RG_ERR_ARG, "rg_export_bundle: invalid argument");
        goto cleanup;
    }
    if (options->precision < 0 || options->precision > 15) {
        st = rg_i_error(RG_ERR_ARG, "GeoJSON precision must be 0 to 15, not %d",
                        options->precision);
        goto cleanup;
    }
    rg_i_library_init();
    /* Every layer is GeoJSON first, and GeoJSON is lon/lat WGS84: a graph whose CRS has no
     * path there (an unknown planar CRS, an engineering one) gets its network files only. */
    {
        rg_i_to_wgs84 *t = NULL;
        const char *wkt = rg_regions_crs_wkt(rg_graph_regions(graph));
        if ((st = rg_i_to_wgs84_new(wkt, &t)) == RG_OK) {
            rg_i_to_wgs84_free(t);
        } else if (st == RG_ERR_CRS) {
            char why[400];
            snprintf(why, sizeof why,
                     "no layers written: the graph's CRS has no transformation to lon/lat WGS84, "
                     "which GeoJSON needs and the other layer formats are made from; build it "
                     "again with --s_srs naming the map's real CRS (--t_srs cannot help: it "
                     "starts from lon/lat)");
            if (!options->networks) {
                st = rg_i_error(RG_ERR_CRS, "%s", why);
                goto cleanup;
            }
            rg_i_warn("%s; the network files need no coordinates and are written", why);
            rg_clear_error();
            skip_layers = 1;
        } else {
            goto cleanup;
        }
    }
    /* every output and --t_srs first: a refusal must not come after some files are written */
    if ((st = make_dirs(dir)) != RG_OK ||
        (st = rg_i_export_check(dir, layer_names, rg_graph_coordination(graph) ? NLAYERS : NPLAIN,
                                options->formats, network_files, options->networks,
                                options->t_srs)) != RG_OK ||
        (st = rg_i_export_check_ids(graph, rg_graph_coordination(graph) ? options->coverage.level
                                                                        : NULL,
                                    options->networks, dir)) != RG_OK ||
        (!skip_layers && (st = write_layers(graph, options, dir)) != RG_OK))
        goto cleanup;
    st = write_networks(graph, rg_graph_coordination(graph) ? options->coverage.level : NULL,
                        options, dir);
cleanup:
    return st;
}
