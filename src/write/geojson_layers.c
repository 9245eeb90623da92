/* The GeoJSON layers of an export (export.h): what each layer's features say (regions, borders,
 * coverage and centrality attributes, gaps, agencies), written through the shared writer
 * of geojson_internal.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/export.h"
#include "write/contact_internal.h"
#include "write/geojson_internal.h"

/* What rg_export_set_geojson_options() set for this thread's exports. The public setter keeps
 * the layer functions' signatures as they are; each export reads it once, at its start, and the
 * writer carries it from there (rg_i_geojson.opts). */
static _Thread_local rg_geojson_options options = {RG_GEOJSON_PRECISION, 0, 0};

rg_status rg_export_set_geojson_options(const rg_geojson_options *opts)
{
    static const rg_geojson_options defaults = {RG_GEOJSON_PRECISION, 0, 0};
    rg_status st = RG_OK;
    if (!opts) {
        options = defaults;
        goto cleanup;
    }
    if ((st = rg_i_geojson_check_options(opts)) != RG_OK)
        goto cleanup;
    options = *opts;
cleanup:
    return st;
}

const rg_geojson_options *rg_i_geojson_layer_options(void) { return &options; }

static const char *const computed_names[] = {"id", "name", "degree", "border_km", "isolated"};
#define NCOMPUTED (sizeof computed_names / sizeof computed_names[0])

/* The coverage layer's computed properties: the above, then the coverage figures. */
static const char *const coverage_names[] = {"id",     "name",    "degree",     "border_km",
                                             "isolated", "level", "parent",     "covered",
                                             "mechanisms", "mech_ids", "mech_via", "covered_from",
                                             "reach1", "reach2"};
#define NCOVERAGE (sizeof coverage_names / sizeof coverage_names[0])

/* Property names the features of a layer compute themselves; source fields must avoid them. */
typedef struct computed {
    const char *const *names;
    size_t count;
    int skip_hierarchy; /* drop the rg_level/rg_parent fields: level and parent say the same */
} computed;

static int is_taken(const rg_regions *r, const computed *c, const char *key, size_t self)
{
    size_t k, f;
    for (k = 0; k < c->count; k++)
        if (rg_i_ascii_caseeq(key, c->names[k]))
            return 1;
    for (f = 0; f < rg_regions_field_count(r); f++)
        if (f != self && rg_i_ascii_caseeq(key, rg_regions_field_name(r, f)))
            return 1;
    return 0;
}

static void free_keys(char **keys, size_t nf)
{
    size_t f;
    if (keys)
        for (f = 0; f < nf; f++)
            free(keys[f]);
    free(keys);
}

/* Property keys for the source fields: the field name, or NULL to skip the id or name field
 * whose value already is the id or name property, or "src_<name>" (repeated until free) when
 * the name would collide with a computed property. Compared ignoring ASCII case because GDAL,
 * and so QGIS, look fields up that way: "ID" next to "id" would merge into one column. */
static rg_status property_keys(const rg_regions *r, const computed *c, char ***out)
{
    size_t nf = rg_regions_field_count(r), f, k;
    const char *id_field = rg_regions_id_field(r), *name_field = rg_regions_name_field(r);
    char **keys = NULL;
    rg_status st = RG_OK;

    if (!(keys = rg_i_calloc_array(nf, sizeof *keys))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (f = 0; f < nf; f++) {
        const char *name = rg_regions_field_name(r, f);
        int collides = 0;
        if (c->skip_hierarchy &&
            (strcmp(name, RG_LEVEL_FIELD) == 0 || strcmp(name, RG_PARENT_FIELD) == 0))
            continue;
        for (k = 0; k < c->count; k++)
            collides |= rg_i_ascii_caseeq(name, c->names[k]);
        if (!collides) {
            keys[f] = rg_i_strdup(name);
        } else if ((id_field && strcmp(name, id_field) == 0) ||
                   (name_field && strcmp(name, name_field) == 0)) {
            continue;
        } else {
            size_t len = strlen(name);
            char *key = malloc(len + 1);
            if (key)
                memcpy(key, name, len + 1);
            while (key && is_taken(r, c, key, f)) {
                char *longer = malloc(strlen(key) + 5);
                if (longer) {
                    memcpy(longer, "src_", 4);
                    strcpy(longer + 4, key);
                }
                free(key);
                key = longer;
            }
            keys[f] = key;
        }
        if (!keys[f]) {
            st = rg_i_error(RG_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    *out = keys;
    keys = NULL;
cleanup:
    free_keys(keys, nf);
    return st;
}

static void put_value(rg_i_geojson *out, const rg_regions *r, size_t i, size_t f)
{
    const char *text;
    int64_t iv;
    double dv;
    switch (rg_regions_field_type(r, f)) {
    case RG_FIELD_INTEGER:
        if (rg_regions_value_integer(r, i, f, &iv))
            rg_i_geojson_int(out, iv);
        else
            rg_i_geojson_puts(out, "null");
        break;
    case RG_FIELD_REAL:
        if (rg_regions_value_real(r, i, f, &dv))
            rg_i_geojson_real(out, dv);
        else
            rg_i_geojson_puts(out, "null");
        break;
    default:
        if (rg_regions_value_string(r, i, f, &text))
            rg_i_geojson_string(out, text);
        else
            rg_i_geojson_puts(out, "null");
    }
}

/* The properties every region layer starts with. */
static void put_region_head(rg_i_geojson *out, const rg_regions *r, size_t i, size_t degree,
                            double border_km)
{
    rg_i_geojson_puts(out, "\"id\":");
    rg_i_geojson_string(out, rg_regions_id(r, i));
    rg_i_geojson_key(out, "name");
    rg_i_geojson_string(out, rg_regions_name(r, i));
    rg_i_geojson_key(out, "degree");
    rg_i_geojson_int(out, (int64_t)degree);
    rg_i_geojson_key(out, "border_km");
    rg_i_geojson_real(out, border_km);
    rg_i_geojson_key(out, "isolated");
    rg_i_geojson_puts(out, degree ? "false" : "true");
}

/* The source fields, under their keys (NULL: skipped). */
static void put_fields(rg_i_geojson *out, const rg_regions *r, size_t i, char *const *keys)
{
    size_t f;
    for (f = 0; f < rg_regions_field_count(r); f++) {
        if (!keys[f])
            continue;
        rg_i_geojson_key(out, keys[f]);
        put_value(out, r, i, f);
    }
}

/* The properties every pair layer starts with. */
static void put_pair_names(rg_i_geojson *out, const rg_regions *r, size_t a, size_t b)
{
    rg_i_geojson_pair_names(out, rg_regions_id(r, a), rg_regions_id(r, b), rg_regions_name(r, a),
                            rg_regions_name(r, b));
}

/* ,"kind":"rook"|"queen","length_km":km */
static void put_kind_length(rg_i_geojson *out, int rook, double km)
{
    rg_i_geojson_puts(out, rook ? ",\"kind\":\"rook\"" : ",\"kind\":\"queen\"");
    rg_i_geojson_key(out, "length_km");
    rg_i_geojson_real(out, km);
}

/* Closes the properties, writes region i's geometry and closes the feature. */
static rg_status end_region_feature(rg_i_geojson *out, const rg_regions *r, size_t i,
                                    const char *path)
{
    rg_status st;
    rg_i_geojson_puts(out, "},\"geometry\":");
    if ((st = rg_i_geojson_region_geometry(out, r, i)) != RG_OK)
        rg_i_error_prefix(st, path);
    else
        rg_i_geojson_end_feature(out);
    return st;
}

rg_status rg_export_regions_geojson(rg_graph *graph, const char *path)
{
    static const computed plain = {computed_names, NCOMPUTED, 0};
    rg_i_geojson out;
    const rg_regions *r = rg_graph_regions(graph);
    const size_t *degree = NULL;
    const double *border_km = NULL;
    char **keys = NULL;
    size_t n = rg_regions_count(r), nf = rg_regions_field_count(r), i;
    rg_status st;

    rg_i_library_init();
    memset(&out, 0, sizeof out);
    if ((st = rg_graph_node_degrees(graph, &degree, &border_km)) != RG_OK ||
        (st = property_keys(r, &plain, &keys)) != RG_OK ||
        (st = rg_i_geojson_open(&out, path, rg_regions_crs_wkt(r), &options)) != RG_OK)
        goto cleanup;
    for (i = 0; i < n && !out.failed; i++) {
        rg_i_geojson_begin_feature(&out);
        put_region_head(&out, r, i, degree[i], border_km[i]);
        put_fields(&out, r, i, keys);
        if ((st = end_region_feature(&out, r, i, path)) != RG_OK)
            goto cleanup;
    }
cleanup:
    st = rg_i_geojson_close(&out, st, path);
    free_keys(keys, nf);
    return st;
}

/* Closes the properties, writes pair k's border and closes the feature. */
static rg_status end_border_feature(rg_i_geojson *out, const rg_adjacency *adj, size_t k,
                                    const char *path)
{
    rg_status st;
    rg_i_geojson_puts(out, "},\"geometry\":");
    if ((st = rg_i_geojson_border_geometry(out, adj, k)) != RG_OK)
        rg_i_error_prefix(st, path);
    else
        rg_i_geojson_end_feature(out);
    return st;
}

/* The borders layer (points 0: pairs with a shared line, MultiLineStrings) or the contacts layer
 * (points 1: pairs that meet in points only, MultiPoints); one geometry type per layer, so that
 * QGIS opens each as one layer and a shapefile loses none. With a coverage: only the pairs at
 * its level, each with its coverage. Island links (contact "island") are in the borders layer,
 * with their bridging segment as geometry. */
static rg_status export_borders(const rg_graph *graph, const rg_coverage *coverage,
                                const char *path, int points)
{
    rg_i_geojson out;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t m = rg_adjacency_count(adj), k, a, b;
    double km;
    int rook;
    rg_status st;

    memset(&out, 0, sizeof out);
    if ((st = rg_i_geojson_open(&out, path, rg_regions_crs_wkt(r), &options)) != RG_OK)
        goto cleanup;
    for (k = 0; k < m && !out.failed; k++) {
        rg_pair_coverage pc;
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        if (coverage) {
            rg_coverage_pair(coverage, k, &pc);
            /* Island links are no pair of the coverage, but belong to the level's layer. */
            if (!pc.at_level && (rg_adjacency_contact(adj, k) != RG_CONTACT_ISLAND ||
                                 rg_regions_level(r, a) != rg_coverage_level(coverage)))
                continue;
        }
        if (rg_i_geojson_border_is_points(adj, k) != points)
            continue;
        rg_i_geojson_begin_feature(&out);
        put_pair_names(&out, r, a, b);
        put_kind_length(&out, rook, km);
        rg_i_geojson_key(&out, "contact");
        rg_i_geojson_string(&out, rg_i_contact_name(rg_adjacency_contact(adj, k)));
        rg_i_geojson_key(&out, "gap_km");
        rg_i_geojson_real(&out, rg_adjacency_gap_km(adj, k));
        if (coverage) {
            rg_i_geojson_key(&out, "coordinated");
            rg_i_geojson_puts(&out, pc.shared ? "true" : "false");
            rg_i_geojson_key(&out, "shared");
            rg_i_geojson_int(&out, (int64_t)pc.shared);
            rg_i_geojson_key(&out, "cross_parent");
            rg_i_geojson_puts(&out, pc.cross_parent ? "true" : "false");
        }
        if ((st = end_border_feature(&out, adj, k, path)) != RG_OK)
            goto cleanup;
    }
cleanup:
    return rg_i_geojson_close(&out, st, path);
}

rg_status rg_export_borders_geojson(const rg_graph *graph, const char *path)
{
    rg_i_library_init();
    return export_borders(graph, NULL, path, 0);
}

rg_status rg_export_contacts_geojson(const rg_graph *graph, const char *path)
{
    rg_i_library_init();
    return export_borders(graph, NULL, path, 1);
}

/* ------------------------------------------------------------------ coordination layers */

static const char *parent_id(const rg_regions *r, size_t i)
{
    long p = rg_regions_parent(r, i);
    return p < 0 ? NULL : rg_regions_id(r, (size_t)p);
}

/* The measures written on regions, in this order; the view's degree is renamed because
 * "degree" already is the adjacency degree of every region layer. */
static const rg_measure region_measures[] = {
    RG_MEASURE_DEGREE,      RG_MEASURE_STRENGTH,  RG_MEASURE_BETWEENNESS, RG_MEASURE_CLOSENESS,
    RG_MEASURE_HARMONIC,    RG_MEASURE_EIGENVECTOR, RG_MEASURE_PAGERANK,  RG_MEASURE_CORENESS,
    RG_MEASURE_CLUSTERING,  RG_MEASURE_ARTICULATION, RG_MEASURE_COMPONENT, RG_MEASURE_LEIDEN,
    RG_MEASURE_LOUVAIN};
#define NMEASURES (sizeof region_measures / sizeof region_measures[0])

static const char *measure_key(rg_measure m)
{
    return m == RG_MEASURE_DEGREE ? "net_degree" : rg_measure_name(m);
}

/* The measures of region i's node, or nulls when the region is not in the network. */
static void put_measures(rg_i_geojson *out, const rg_centrality *centrality, size_t i)
{
    long v = rg_network_region_node(rg_centrality_network(centrality), i);
    size_t k;
    for (k = 0; k < NMEASURES; k++) {
        rg_measure m = region_measures[k];
        double x;
        rg_i_geojson_key(out, measure_key(m));
        if (v < 0) {
            rg_i_geojson_puts(out, "null");
            continue;
        }
        x = rg_centrality_value(centrality, (size_t)v, m);
        if (m == RG_MEASURE_ARTICULATION)
            rg_i_geojson_puts(out, x != 0 ? "true" : "false");
        else if (m == RG_MEASURE_DEGREE || m == RG_MEASURE_CORENESS ||
                 m == RG_MEASURE_COMPONENT || m == RG_MEASURE_LEIDEN || m == RG_MEASURE_LOUVAIN)
            rg_i_geojson_int(out, (int64_t)x);
        else
            rg_i_geojson_real(out, x);
    }
}

/* Who covers region i: the ids of the mechanisms covering it, and how each does (parallel
 * arrays; rg_coverage_via). The GDAL formats turn the arrays into JSON text (GeoPackage,
 * FlatGeobuf) or ';'-joined text (shapefile): see layers.c. */
static void put_who_covers(rg_i_geojson *out, const rg_graph *graph, const rg_coverage *coverage,
                           size_t i)
{
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t count, k;
    const size_t *mechs = rg_coverage_region_mechanisms(coverage, i, &count);
    rg_i_geojson_key(out, "mech_ids");
    rg_i_geojson_char(out, '[');
    for (k = 0; k < count; k++) {
        if (k)
            rg_i_geojson_char(out, ',');
        rg_i_geojson_string(out, rg_coordination_mechanism_id(coord, mechs[k]));
    }
    rg_i_geojson_char(out, ']');
    rg_i_geojson_key(out, "mech_via");
    rg_i_geojson_char(out, '[');
    for (k = 0; k < count; k++) {
        if (k)
            rg_i_geojson_char(out, ',');
        rg_i_geojson_string_or_null(out, rg_coverage_via(coverage, graph, mechs[k], i));
    }
    rg_i_geojson_char(out, ']');
}

rg_status rg_export_regions_coverage_geojson(rg_graph *graph, const rg_coverage *coverage,
                                             const char *path)
{
    return rg_export_regions_measures_geojson(graph, coverage, NULL, path);
}

rg_status rg_export_regions_measures_geojson(rg_graph *graph, const rg_coverage *coverage,
                                             const rg_centrality *centrality, const char *path)
{
    const char *names[NCOVERAGE + NMEASURES];
    const computed with_coverage = {names, NCOVERAGE + (centrality ? NMEASURES : 0), 1};
    rg_i_geojson out;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t n = rg_regions_count(r), nf = rg_regions_field_count(r), m = rg_adjacency_count(adj);
    size_t *degree = NULL, i, k;
    double *border_km = NULL;
    char **keys = NULL;
    rg_status st = RG_OK;

    rg_i_library_init();
    memset(&out, 0, sizeof out);
    for (k = 0; k < NCOVERAGE; k++)
        names[k] = coverage_names[k];
    for (k = 0; k < NMEASURES; k++)
        names[NCOVERAGE + k] = measure_key(region_measures[k]);
    /* Degree and border km within the level: a prefecture also touches its own province's
     * outline in a multi-level layer, and that is no neighbour. */
    if (!(degree = rg_i_calloc_array(n + 1, sizeof *degree)) ||
        !(border_km = rg_i_calloc_array(n + 1, sizeof *border_km))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (k = 0; k < m; k++) {
        rg_pair_coverage pc;
        size_t a, b;
        double km;
        int rook;
        rg_coverage_pair(coverage, k, &pc);
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        /* Island links are no border, so coverage leaves them out of the level's pairs; they are
         * still neighbours, as in the layer without coverage (an island is not isolated). */
        if (!pc.at_level &&
            !(rg_adjacency_contact(adj, k) == RG_CONTACT_ISLAND &&
              rg_regions_level(r, a) == rg_coverage_level(coverage) &&
              rg_regions_level(r, b) == rg_coverage_level(coverage)))
            continue;
        degree[a]++;
        degree[b]++;
        border_km[a] += km;
        border_km[b] += km;
    }
    if ((st = property_keys(r, &with_coverage, &keys)) != RG_OK ||
        (st = rg_i_geojson_open(&out, path, rg_regions_crs_wkt(r), &options)) != RG_OK)
        goto cleanup;
    for (i = 0; i < n && !out.failed; i++) {
        rg_region_coverage rc;
        rg_coverage_region(coverage, i, &rc);
        if (!rc.at_level)
            continue;
        rg_i_geojson_begin_feature(&out);
        put_region_head(&out, r, i, degree[i], border_km[i]);
        rg_i_geojson_key(&out, "level");
        rg_i_geojson_string_or_null(&out, rg_coverage_level_name(coverage));
        rg_i_geojson_key(&out, "parent");
        rg_i_geojson_string_or_null(&out, parent_id(r, i));
        rg_i_geojson_key(&out, "covered");
        rg_i_geojson_puts(&out, rc.mechanisms ? "true" : "false");
        rg_i_geojson_key(&out, "mechanisms");
        rg_i_geojson_int(&out, (int64_t)rc.mechanisms);
        put_who_covers(&out, graph, coverage, i);
        rg_i_geojson_covered_from(&out, graph, coverage, i);
        rg_i_geojson_key(&out, "reach1");
        rg_i_geojson_int(&out, (int64_t)rc.reach1);
        rg_i_geojson_key(&out, "reach2");
        rg_i_geojson_int(&out, (int64_t)rc.reach2);
        if (centrality)
            put_measures(&out, centrality, i);
        put_fields(&out, r, i, keys);
        if ((st = end_region_feature(&out, r, i, path)) != RG_OK)
            goto cleanup;
    }
cleanup:
    st = rg_i_geojson_close(&out, st, path);
    free_keys(keys, nf);
    free(degree);
    free(border_km);
    return st;
}

rg_status rg_export_borders_coverage_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                             const char *path)
{
    rg_i_library_init();
    return export_borders(graph, coverage, path, 0);
}

rg_status rg_export_contacts_coverage_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                              const char *path)
{
    rg_i_library_init();
    return export_borders(graph, coverage, path, 1);
}

/* The gaps with a shared line (points 0) or meeting in points only (points 1); rank is the gap's
 * place among all gaps, so the two layers together hold 1..n. */
static rg_status export_gaps(const rg_graph *graph, const rg_coverage *coverage, const char *path,
                             int points)
{
    rg_i_geojson out;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t *gaps = NULL, *stops = NULL, ngaps = 0, nfrontier = 0, g, a, b, na, nb, ns, k;
    double km;
    int rook;
    rg_status st;

    rg_i_library_init();
    memset(&out, 0, sizeof out);
    if ((st = rg_coverage_ranked_gaps(coverage, graph, 1, &gaps, &ngaps, &nfrontier)) != RG_OK ||
        (st = rg_i_geojson_open(&out, path, rg_regions_crs_wkt(r), &options)) != RG_OK)
        goto cleanup;
    if (!(stops = rg_i_malloc_array(rg_coverage_mechanism_count(coverage) + 1, sizeof *stops))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (g = 0; g < ngaps && !out.failed; g++) {
        rg_pair_coverage pc;
        if (rg_i_geojson_border_is_points(adj, gaps[g]) != points)
            continue;
        rg_coverage_pair(coverage, gaps[g], &pc);
        rg_adjacency_pair(adj, gaps[g], &a, &b, &km, &rook);
        ns = rg_coverage_pair_stops(coverage, graph, gaps[g], stops,
                                    rg_coverage_mechanism_count(coverage));
        rg_coverage_region_mechanisms(coverage, a, &na);
        rg_coverage_region_mechanisms(coverage, b, &nb);
        rg_i_geojson_begin_feature(&out);
        rg_i_geojson_puts(&out, "\"rank\":");
        rg_i_geojson_int(&out, (int64_t)(g + 1));
        rg_i_geojson_char(&out, ',');
        put_pair_names(&out, r, a, b);
        rg_i_geojson_key(&out, "parent_a");
        rg_i_geojson_string_or_null(&out, parent_id(r, a));
        rg_i_geojson_key(&out, "parent_b");
        rg_i_geojson_string_or_null(&out, parent_id(r, b));
        rg_i_geojson_key(&out, "cross_parent");
        rg_i_geojson_puts(&out, pc.cross_parent ? "true" : "false");
        put_kind_length(&out, rook, km);
        /* the frontier: some mechanism covers exactly one side (and which ones stop here) */
        rg_i_geojson_key(&out, "frontier");
        rg_i_geojson_puts(&out, ns ? "true" : "false");
        rg_i_geojson_key(&out, "covered_a");
        rg_i_geojson_puts(&out, na ? "true" : "false");
        rg_i_geojson_key(&out, "covered_b");
        rg_i_geojson_puts(&out, nb ? "true" : "false");
        rg_i_geojson_key(&out, "stops");
        rg_i_geojson_char(&out, '[');
        for (k = 0; k < ns; k++) {
            if (k)
                rg_i_geojson_char(&out, ',');
            rg_i_geojson_string(&out, rg_coordination_mechanism_id(coord, stops[k]));
        }
        rg_i_geojson_char(&out, ']');
        if ((st = end_border_feature(&out, adj, gaps[g], path)) != RG_OK)
            goto cleanup;
    }
cleanup:
    free(gaps);
    free(stops);
    return rg_i_geojson_close(&out, st, path);
}

rg_status rg_export_gaps_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                 const char *path)
{
    return export_gaps(graph, coverage, path, 0);
}

rg_status rg_export_gap_contacts_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                         const char *path)
{
    return export_gaps(graph, coverage, path, 1);
}

rg_status rg_export_agencies_geojson(const rg_graph *graph, const char *path)
{
    rg_i_geojson out;
    const rg_coordination *c = rg_graph_coordination(graph);
    size_t na = c ? rg_coordination_agency_count(c) : 0,
           nm = c ? rg_coordination_mechanism_count(c) : 0;
    size_t *mechanisms = NULL, a, m, k;
    rg_status st = RG_OK;

    rg_i_library_init();
    memset(&out, 0, sizeof out);
    if (!(mechanisms = rg_i_calloc_array(na + 1, sizeof *mechanisms))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (m = 0; m < nm; m++)
        for (k = 0; k < rg_coordination_member_count(c, m); k++) {
            long idx;
            if (rg_coordination_member_kind(c, m, k) != RG_MEMBER_AGENCY)
                continue;
            idx = rg_coordination_agency_index(c, rg_coordination_member_id(c, m, k));
            if (idx >= 0)
                mechanisms[idx]++;
        }
    /* Agency locations are lon/lat WGS84 already: no transform. */
    if ((st = rg_i_geojson_open(&out, path, NULL, &options)) != RG_OK)
        goto cleanup;
    for (a = 0; a < na && !out.failed; a++) {
        double lon, lat;
        if (!rg_coordination_agency_location(c, a, &lon, &lat))
            continue;
        rg_i_geojson_begin_feature(&out);
        rg_i_geojson_puts(&out, "\"id\":");
        rg_i_geojson_string(&out, rg_coordination_agency_id(c, a));
        rg_i_geojson_key(&out, "name");
        rg_i_geojson_string_or_null(&out, rg_coordination_agency_name(c, a));
        rg_i_geojson_key(&out, "level");
        rg_i_geojson_string_or_null(&out, rg_coordination_agency_level(c, a));
        rg_i_geojson_key(&out, "mechanisms");
        rg_i_geojson_int(&out, (int64_t)mechanisms[a]);
        rg_i_geojson_key(&out, "jurisdictions");
        rg_i_geojson_int(&out, (int64_t)rg_coordination_jurisdiction_count(c, a));
        rg_i_geojson_puts(&out, "},\"geometry\":");
        rg_i_geojson_point_geometry(&out, lon, lat);
        rg_i_geojson_end_feature(&out);
    }
cleanup:
    st = rg_i_geojson_close(&out, st, path);
    free(mechanisms);
    return st;
}
