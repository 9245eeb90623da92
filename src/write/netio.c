/* Network outputs: GraphML, GeoDa's GAL and GWT weights, and an edge-list CSV.
 *
 * Plain stdio writers: the files are small next to the map layers (one line per node or edge),
 * and the atomic commit flushes the stream and checks its error flag, so a failed write (a full
 * disk) is caught there and the destination is left untouched. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/atomic_internal.h"
#include "base/text_internal.h"
#include "geom/crs_internal.h"
#include "write/contact_internal.h"
#include "regiongraph/centrality.h"
#include "regiongraph/netio.h"
#include "regiongraph/point.h"


static const char *const edge_type_names[] = {"adjacent", "coordinated", "jurisdiction"};

/* The id of network node v: the region's or the agency's. */
static const char *node_id(const rg_network *net, const rg_graph *graph, size_t v)
{
    rg_node_kind kind;
    size_t index;
    rg_network_node(net, v, &kind, &index);
    if (kind == RG_NODE_AGENCY)
        return rg_coordination_agency_id(rg_graph_coordination(graph), index);
    return rg_regions_id(rg_graph_regions(graph), index);
}

/* A real that reads back as the same double, as short as possible (rg_i_format_real), so that
 * 1.5 stays "1.5" and a border length keeps every bit. */
static void put_real(FILE *fp, double d)
{
    char buf[40];
    rg_i_format_real(buf, sizeof buf, d);
    fputs(buf, fp);
}

/* XML character data or attribute value: markup characters as entities, tab/LF/CR as
 * character references (an attribute value would otherwise normalise them to spaces), other
 * C0 controls (not allowed in XML 1.0 at all) as U+FFFD; so are invalid UTF-8 and the
 * noncharacters U+FFFE and U+FFFF, so that the file stays well-formed. Other UTF-8 passes. */
static void put_xml(FILE *fp, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&apos;", fp); break;
        case '\t': fputs("&#9;", fp); break;
        case '\n': fputs("&#10;", fp); break;
        case '\r': fputs("&#13;", fp); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                fputs("\xEF\xBF\xBD", fp);
            } else if (c >= 0x80) {
                /* invalid UTF-8 and the noncharacters U+FFFE and U+FFFF are not XML: U+FFFD */
                uint32_t cp;
                size_t len = rg_i_utf8_decode(s, &cp);
                if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF)
                    fputs("\xEF\xBF\xBD", fp);
                else
                    fwrite(s, 1, len, fp);
                s += len - 1;
            } else {
                fputc(c, fp);
            }
        }
    }
}

/* A CSV text field (RFC 4180 quoting, spreadsheet formulas neutralised: rg_i_csv_text). */
static void put_csv(FILE *fp, const char *s)
{
    rg_i_csv_text(fp, s);
}

/* ---------------------------------------------------------------- GraphML */

/* Our own node attribute names; a source field with one of these names becomes src_<name>.
 * "id" is reserved too: igraph and networkx give the XML node id that name. A graph whose CRS
 * has no path to lon/lat (a map without a CRS in map units) gives its regions' points as x_mu
 * and y_mu in its own coordinates instead of lon and lat (keys n4 and n5 either way). */
static const char *const node_keys[] = {"name", "kind",  "level", "parent", "lon",
                                        "lat",  "x_mu", "y_mu",  "id"};
enum { KEY_NAME = 0, KEY_KIND, KEY_LEVEL, KEY_PARENT, KEY_LON, KEY_LAT, NODE_KEYS = 6 };
enum { KEY_X_MU = 6, KEY_Y_MU = 7 };

/* The measures written with a centrality (rg_export_graphml_measures), keys m0, m1, ...; their
 * names are taken then (a source field "degree" becomes src_degree). */
static const rg_measure graphml_measures[] = {
    RG_MEASURE_DEGREE,     RG_MEASURE_STRENGTH,    RG_MEASURE_BETWEENNESS, RG_MEASURE_CLOSENESS,
    RG_MEASURE_HARMONIC,   RG_MEASURE_EIGENVECTOR, RG_MEASURE_PAGERANK,    RG_MEASURE_CORENESS,
    RG_MEASURE_CLUSTERING, RG_MEASURE_COMPONENT,   RG_MEASURE_LEIDEN,      RG_MEASURE_LOUVAIN};
#define NGRAPHML_MEASURES (sizeof graphml_measures / sizeof graphml_measures[0])

static int taken(const char *name, int measures)
{
    for (size_t k = 0; k < sizeof node_keys / sizeof node_keys[0]; k++)
        if (strcmp(name, node_keys[k]) == 0)
            return 1;
    for (size_t k = 0; measures && k < NGRAPHML_MEASURES; k++)
        if (strcmp(name, rg_measure_name(graphml_measures[k])) == 0)
            return 1;
    return 0;
}

/* Whether source field f is written (the hierarchy fields are the level and parent keys). */
static int field_written(const rg_regions *r, size_t f)
{
    const char *name = rg_regions_field_name(r, f);
    return strcmp(name, RG_LEVEL_FIELD) != 0 && strcmp(name, RG_PARENT_FIELD) != 0;
}

static void put_key(FILE *fp, const char *id, const char *domain, const char *prefix,
                    const char *name, const char *type)
{
    fprintf(fp, "  <key id=\"%s\" for=\"%s\" attr.name=\"", id, domain);
    put_xml(fp, prefix);
    put_xml(fp, name);
    fprintf(fp, "\" attr.type=\"%s\"/>\n", type);
}

static void put_data_text(FILE *fp, const char *key, const char *text)
{
    fprintf(fp, "      <data key=\"%s\">", key);
    put_xml(fp, text);
    fputs("</data>\n", fp);
}

static void put_data_real(FILE *fp, const char *key, double d)
{
    fprintf(fp, "      <data key=\"%s\">", key);
    put_real(fp, d);
    fputs("</data>\n", fp);
}

/* Region i's node: lonlat is its representative point in lon/lat (NULL: none, a region without
 * geometry), centrality the measures (NULL: none). */
static void put_region_node(FILE *fp, const rg_regions *r, size_t i, const double *lonlat,
                            const rg_centrality *centrality)
{
    long parent = rg_regions_parent(r, i);
    char key[32];
    put_data_text(fp, "n0", rg_regions_name(r, i));
    put_data_text(fp, "n1", "region");
    put_data_text(fp, "n2", rg_regions_level_name(r, rg_regions_level(r, i)));
    if (parent >= 0)
        put_data_text(fp, "n3", rg_regions_id(r, (size_t)parent));
    if (lonlat) {
        put_data_real(fp, "n4", lonlat[0]);
        put_data_real(fp, "n5", lonlat[1]);
    }
    if (centrality) {
        long v = rg_network_region_node(rg_centrality_network(centrality), i);
        for (size_t k = 0; k < NGRAPHML_MEASURES && v >= 0; k++) {
            snprintf(key, sizeof key, "m%zu", k);
            put_data_real(fp, key, rg_centrality_value(centrality, (size_t)v, graphml_measures[k]));
        }
    }
    for (size_t f = 0; f < rg_regions_field_count(r); f++) {
        const char *text;
        int64_t iv;
        double dv;
        if (!field_written(r, f))
            continue;
        snprintf(key, sizeof key, "f%zu", f);
        switch (rg_regions_field_type(r, f)) {
        case RG_FIELD_INTEGER:
            if (rg_regions_value_integer(r, i, f, &iv))
                fprintf(fp, "      <data key=\"%s\">%" PRId64 "</data>\n", key, iv);
            break;
        case RG_FIELD_REAL:
            if (rg_regions_value_real(r, i, f, &dv))
                put_data_real(fp, key, dv);
            break;
        default:
            if (rg_regions_value_string(r, i, f, &text))
                put_data_text(fp, key, text);
        }
    }
}

/* planar: the regions' points are in map units (x_mu, y_mu), which an agency's lon/lat is not */
static void put_agency_node(FILE *fp, const rg_coordination *coord, size_t a, int planar)
{
    double lon, lat;
    put_data_text(fp, "n0", rg_coordination_agency_name(coord, a));
    put_data_text(fp, "n1", "agency");
    put_data_text(fp, "n2", rg_coordination_agency_level(coord, a));
    if (!planar && rg_coordination_agency_location(coord, a, &lon, &lat)) {
        put_data_real(fp, "n4", lon);
        put_data_real(fp, "n5", lat);
    }
}

rg_status rg_export_graphml(const rg_network *network, const rg_graph *graph, const char *path)
{
    return rg_export_graphml_measures(network, graph, NULL, path);
}

/* The representative point of region i in lon/lat into xy; 0 when it has no geometry. */
static int region_lonlat(const rg_regions *r, rg_i_to_wgs84 *t, size_t i, double *xy,
                         rg_status *st)
{
    const size_t *poly_start = rg_regions_poly_start(r);
    *st = RG_OK;
    if (poly_start[i] == poly_start[i + 1])
        return 0;
    if ((*st = rg_region_representative_point(r, i, &xy[0], &xy[1])) != RG_OK ||
        (t && (*st = rg_i_to_wgs84_apply(t, xy, 1)) != RG_OK))
        return 0;
    return 1;
}

rg_status rg_export_graphml_measures(const rg_network *network, const rg_graph *graph,
                                     const rg_centrality *centrality, const char *path)
{
    rg_i_to_wgs84 *t = NULL;
    int planar = 0;
    static const char *const key_types[NODE_KEYS] = {"string", "string", "string",
                                                     "string", "double", "double"};
    rg_i_atomic atomic;
    const rg_regions *r;
    FILE *fp;
    size_t v, e, f;
    char key[32];
    rg_status st;

    memset(&atomic, 0, sizeof atomic);
    if (!network || !graph || !path) {
        st = rg_i_error(RG_ERR_ARG, "rg_export_graphml: a network, its graph and a path are "
                                    "required");
        goto cleanup;
    }
    r = rg_graph_regions(graph);
    /* no path to lon/lat (an unknown planar CRS, an engineering one): the network needs no
     * coordinates, so the points are written in the map's own, named x_mu and y_mu */
    if ((st = rg_i_to_wgs84_new(rg_regions_crs_wkt(r), &t)) == RG_ERR_CRS) {
        rg_clear_error();
        planar = 1;
        st = RG_OK;
    }
    if (st != RG_OK || (st = rg_i_atomic_begin(&atomic, path, 1)) != RG_OK)
        goto cleanup;
    fp = atomic.fp;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          fp);
    put_key(fp, "g0", "graph", "", "level", "string");
    for (int k = 0; k < NODE_KEYS; k++) {
        snprintf(key, sizeof key, "n%d", k);
        put_key(fp, key, "node", "",
                node_keys[planar && k == KEY_LON   ? KEY_X_MU
                          : planar && k == KEY_LAT ? KEY_Y_MU
                                                   : k],
                key_types[k]);
    }
    for (f = 0; f < rg_regions_field_count(r); f++) {
        static const char *const field_types[] = {"string", "long", "double"};
        const char *name = rg_regions_field_name(r, f);
        if (!field_written(r, f))
            continue;
        snprintf(key, sizeof key, "f%zu", f);
        put_key(fp, key, "node", taken(name, centrality != NULL) ? "src_" : "", name,
                field_types[rg_regions_field_type(r, f)]);
    }
    for (f = 0; centrality && f < NGRAPHML_MEASURES; f++) {
        snprintf(key, sizeof key, "m%zu", f);
        put_key(fp, key, "node", "", rg_measure_name(graphml_measures[f]), "double");
    }
    put_key(fp, "e0", "edge", "", "type", "string");
    put_key(fp, "e1", "edge", "", "weight", "double");
    /* a map in unknown map units: length_mu, as in edges.csv */
    put_key(fp, "e2", "edge", "",
            rg_i_crs_wkt_map_units(rg_regions_crs_wkt(rg_graph_regions(graph))) ? "length_mu"
                                                                                 : "length_km",
            "double");
    put_key(fp, "e3", "edge", "", "kind", "string");
    put_key(fp, "e4", "edge", "", "contact", "string");
    fputs("  <graph id=\"G\" edgedefault=\"undirected\">\n", fp);
    fputs("    <data key=\"g0\">", fp);
    put_xml(fp, rg_regions_level_name(r, rg_network_level(network)));
    fputs("</data>\n", fp);
    for (v = 0; v < rg_network_node_count(network); v++) {
        rg_node_kind kind;
        size_t index;
        rg_network_node(network, v, &kind, &index);
        fputs("    <node id=\"", fp);
        put_xml(fp, node_id(network, graph, v));
        fputs("\">\n", fp);
        if (kind == RG_NODE_AGENCY) {
            put_agency_node(fp, rg_graph_coordination(graph), index, planar);
        } else {
            double xy[2];
            int has_point = region_lonlat(r, t, index, xy, &st);
            if (st != RG_OK) {
                rg_i_error_prefix(st, path);
                goto cleanup;
            }
            put_region_node(fp, r, index, has_point ? xy : NULL, centrality);
        }
        fputs("    </node>\n", fp);
    }
    for (e = 0; e < rg_network_edge_count(network); e++) {
        size_t from, to, pair;
        rg_edge_type type;
        double weight;
        rg_network_edge(network, e, &from, &to, &type, &weight, &pair);
        fputs("    <edge source=\"", fp);
        put_xml(fp, node_id(network, graph, from));
        fputs("\" target=\"", fp);
        put_xml(fp, node_id(network, graph, to));
        fputs("\">\n", fp);
        put_data_text(fp, "e0", edge_type_names[type]);
        put_data_real(fp, "e1", weight);
        if (type == RG_EDGE_ADJACENT && pair != (size_t)-1) {
            size_t a, b;
            double km;
            int rook;
            rg_adjacency_pair(rg_graph_adjacency(graph), pair, &a, &b, &km, &rook);
            put_data_real(fp, "e2", km);
            put_data_text(fp, "e3", rook ? "rook" : "queen");
            /* an island link is an edge of the adjacency network too, with 0 km of border */
            put_data_text(fp, "e4",
                          rg_i_contact_name(rg_adjacency_contact(rg_graph_adjacency(graph), pair)));
        }
        fputs("    </edge>\n", fp);
    }
    fputs("  </graph>\n</graphml>\n", fp);
    st = rg_i_atomic_commit(&atomic);
cleanup:
    rg_i_atomic_abort(&atomic);
    rg_i_to_wgs84_free(t);
    return st;
}

/* ---------------------------------------------------------------- GAL and GWT */

/* The contiguity of the network's level as neighbour lists over the region nodes 0..n-1 (the
 * network numbers the level's regions first, in region order). */
typedef struct neighbours {
    size_t n;       /* region nodes */
    size_t *start;  /* n + 1 offsets into nb */
    size_t *nb;     /* neighbour nodes, ascending within a region */
    double *km;     /* border km, parallel to nb */
} neighbours;

static void neighbours_free(neighbours *g)
{
    free(g->start);
    free(g->nb);
    free(g->km);
}

static int cmp_pair(const void *pa, const void *pb)
{
    const size_t *a = pa, *b = pb;
    return a[0] < b[0] ? -1 : a[0] > b[0];
}

static rg_status neighbours_build(const rg_network *net, const rg_graph *graph, neighbours *g)
{
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t m = rg_adjacency_count(adj), k, v, *fill = NULL, (*order)[2] = NULL;
    rg_status st = RG_OK;

    memset(g, 0, sizeof *g);
    for (v = 0; v < rg_network_node_count(net); v++) {
        rg_node_kind kind;
        size_t index;
        rg_network_node(net, v, &kind, &index);
        if (kind == RG_NODE_REGION)
            g->n = v + 1;
    }
    if (!(g->start = calloc(g->n + 1, sizeof *g->start)) ||
        !(fill = calloc(g->n + 1, sizeof *fill))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* Count, then place: each pair of the level goes into both of its regions' lists. */
    for (int pass = 0; pass < 2; pass++) {
        for (k = 0; k < m; k++) {
            size_t a, b;
            double km;
            int rook;
            long na, nb;
            rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
            na = rg_network_region_node(net, a);
            nb = rg_network_region_node(net, b);
            if (na < 0 || nb < 0)
                continue;
            if (pass == 0) {
                g->start[na + 1]++;
                g->start[nb + 1]++;
                continue;
            }
            g->nb[fill[na]] = (size_t)nb;
            g->km[fill[na]++] = km;
            g->nb[fill[nb]] = (size_t)na;
            g->km[fill[nb]++] = km;
        }
        if (pass == 0) {
            for (v = 0; v < g->n; v++)
                g->start[v + 1] += g->start[v];
            memcpy(fill, g->start, (g->n + 1) * sizeof *fill);
            /* +1: malloc(0) may return NULL. */
            if (!(g->nb = malloc((g->start[g->n] + 1) * sizeof *g->nb)) ||
                !(g->km = malloc((g->start[g->n] + 1) * sizeof *g->km)) ||
                !(order = malloc((g->start[g->n] + 1) * sizeof *order))) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
        }
    }
    /* Ascending neighbour order, carrying the km along through an index sort. */
    for (v = 0; v < g->n; v++) {
        size_t lo = g->start[v], cnt = g->start[v + 1] - lo, j;
        double kmv[64], *tmp = cnt <= 64 ? kmv : malloc(cnt * sizeof *tmp);
        if (!tmp) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        for (j = 0; j < cnt; j++) {
            order[j][0] = g->nb[lo + j];
            order[j][1] = j;
            tmp[j] = g->km[lo + j];
        }
        qsort(order, cnt, sizeof *order, cmp_pair);
        for (j = 0; j < cnt; j++) {
            g->nb[lo + j] = order[j][0];
            g->km[lo + j] = tmp[order[j][1]];
        }
        if (tmp != kmv)
            free(tmp);
    }
cleanup:
    free(fill);
    free(order);
    if (st != RG_OK)
        neighbours_free(g);
    return st;
}

/* A header token: white space (which the format splits on) replaced by '_'. */
static void put_token(FILE *fp, const char *s, const char *fallback)
{
    if (!s || !*s)
        s = fallback;
    for (; *s; s++)
        fputc(strchr(" \t\r\n\v\f", *s) ? '_' : *s, fp);
}

/* Writes GAL (gwt 0) or GWT (gwt 1). */
static rg_status write_weights(const rg_network *net, const rg_graph *graph, const char *path,
                               int gwt)
{
    const char *fn = gwt ? "rg_export_gwt" : "rg_export_gal";
    rg_i_atomic atomic;
    neighbours g;
    const rg_regions *r;
    FILE *fp;
    size_t v, j;
    rg_status st;

    memset(&atomic, 0, sizeof atomic);
    memset(&g, 0, sizeof g);
    if (!net || !graph || !path) {
        st = rg_i_error(RG_ERR_ARG, "%s: a network, its graph and a path are required", fn);
        goto cleanup;
    }
    r = rg_graph_regions(graph);
    if ((st = neighbours_build(net, graph, &g)) != RG_OK)
        goto cleanup;
    /* Check before creating anything: an id with white space would shift every field after it. */
    for (v = 0; v < g.n; v++) {
        const char *id = node_id(net, graph, v);
        if (strpbrk(id, " \t\r\n\v\f")) {
            st = rg_i_error(RG_ERR_DATA, "%s: region id '%s' holds white space, which the %s "
                            "format cannot hold", path, id, gwt ? "GWT" : "GAL");
            goto cleanup;
        }
    }
    if ((st = rg_i_atomic_begin(&atomic, path, 1)) != RG_OK)
        goto cleanup;
    fp = atomic.fp;
    fprintf(fp, "0 %zu ", g.n);
    put_token(fp, rg_regions_level_name(r, rg_network_level(net)), "regions");
    fputc(' ', fp);
    put_token(fp, rg_regions_id_field(r), "id");
    fputc('\n', fp);
    for (v = 0; v < g.n; v++) {
        const char *id = node_id(net, graph, v);
        if (!gwt) {
            /* Single spaces: spdep's read.gal splits on " " alone. */
            fprintf(fp, "%s %zu\n", id, g.start[v + 1] - g.start[v]);
            for (j = g.start[v]; j < g.start[v + 1]; j++)
                fprintf(fp, "%s%s", j > g.start[v] ? " " : "", node_id(net, graph, g.nb[j]));
            fputc('\n', fp);
            continue;
        }
        for (j = g.start[v]; j < g.start[v + 1]; j++) {
            fprintf(fp, "%s %s ", id, node_id(net, graph, g.nb[j]));
            put_real(fp, g.km[j]);
            fputc('\n', fp);
        }
    }
    st = rg_i_atomic_commit(&atomic);
cleanup:
    rg_i_atomic_abort(&atomic);
    neighbours_free(&g);
    return st;
}

rg_status rg_export_gal(const rg_network *network, const rg_graph *graph, const char *path)
{
    return write_weights(network, graph, path, 0);
}

rg_status rg_export_gwt(const rg_network *network, const rg_graph *graph, const char *path)
{
    return write_weights(network, graph, path, 1);
}

/* ---------------------------------------------------------------- edge list */

rg_status rg_export_edges_csv(const rg_network *network, const rg_graph *graph, const char *path)
{
    rg_i_atomic atomic;
    FILE *fp;
    size_t e;
    rg_status st;

    memset(&atomic, 0, sizeof atomic);
    if (!network || !graph || !path) {
        st = rg_i_error(RG_ERR_ARG, "rg_export_edges_csv: a network, its graph and a path are "
                                    "required");
        goto cleanup;
    }
    if ((st = rg_i_atomic_begin(&atomic, path, 1)) != RG_OK)
        goto cleanup;
    fp = atomic.fp;
    /* a map without a CRS whose coordinates are not lon/lat measures in map units: _mu */
    fputs(rg_i_crs_wkt_map_units(rg_regions_crs_wkt(rg_graph_regions(graph)))
              ? "id_a,id_b,type,weight,length_mu,contact\n"
              : "id_a,id_b,type,weight,length_km,contact\n",
          fp);
    for (e = 0; e < rg_network_edge_count(network); e++) {
        size_t from, to, pair;
        rg_edge_type type;
        double weight;
        rg_network_edge(network, e, &from, &to, &type, &weight, &pair);
        put_csv(fp, node_id(network, graph, from));
        fputc(',', fp);
        put_csv(fp, node_id(network, graph, to));
        fprintf(fp, ",%s,", edge_type_names[type]);
        put_real(fp, weight);
        fputc(',', fp);
        if (type == RG_EDGE_ADJACENT && pair != (size_t)-1) {
            size_t a, b;
            double km;
            int rook;
            rg_adjacency_pair(rg_graph_adjacency(graph), pair, &a, &b, &km, &rook);
            put_real(fp, km);
            fprintf(fp, ",%s",
                    rg_i_contact_name(rg_adjacency_contact(rg_graph_adjacency(graph), pair)));
        } else {
            fputc(',', fp);
        }
        fputc('\n', fp);
    }
    st = rg_i_atomic_commit(&atomic);
cleanup:
    rg_i_atomic_abort(&atomic);
    return st;
}
