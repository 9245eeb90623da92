#include <criterion/criterion.h>
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/error_internal.h"
#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/build.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/export.h"
#include "regiongraph/graph.h"
#include "graph_fixture.h"
#include "report_fixture.h"
#include "leak_check.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-export-XXXXXX"
#include "tmpdir_fixture.h"

RG_TEST_SUITE(export);

/* ------------------------------------------------------------------ helpers */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    long n;
    char *text;
    cr_assert_not_null(fp, "%s", path);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    text = malloc((size_t)n + 1);
    cr_assert_eq(fread(text, 1, (size_t)n, fp), (size_t)n);
    text[n] = '\0';
    fclose(fp);
    return text;
}

/* Parses the file (jansson, strict) and checks the FeatureCollection frame. */
static json_t *load(const char *path, size_t nfeatures)
{
    json_error_t err;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    cr_assert_not_null(root, "%s:%d: %s", path, err.line, err.text);
    cr_assert_str_eq(json_string_value(json_object_get(root, "type")), "FeatureCollection");
    cr_assert_eq(json_array_size(json_object_get(root, "features")), nfeatures);
    return root;
}

static int by_rank(const void *pa, const void *pb)
{
    json_int_t a = json_integer_value(json_object_get(json_object_get(*(json_t *const *)pa,
                                                                      "properties"), "rank"));
    json_int_t b = json_integer_value(json_object_get(json_object_get(*(json_t *const *)pb,
                                                                      "properties"), "rank"));
    return (a > b) - (a < b);
}

/* A layer of pairs written as two files, lines (MultiLineStrings or null) and points
 * (MultiPoints), each of one geometry type: their features together, n in all, lines first, or
 * ordered by rank when they have one. */
static json_t *load_split(const char *lines, const char *points, size_t n)
{
    json_error_t err;
    json_t *a = json_load_file(lines, JSON_REJECT_DUPLICATES, &err), *b, *fa, *fb, *all;
    size_t i, count;
    json_t **sorted;
    cr_assert_not_null(a, "%s: %s", lines, err.text);
    b = json_load_file(points, JSON_REJECT_DUPLICATES, &err);
    cr_assert_not_null(b, "%s: %s", points, err.text);
    fa = json_object_get(a, "features");
    fb = json_object_get(b, "features");
    for (i = 0; i < json_array_size(fa); i++) {
        json_t *g = json_object_get(json_array_get(fa, i), "geometry");
        cr_assert(json_is_null(g) || strcmp(json_string_value(json_object_get(g, "type")),
                                            "MultiLineString") == 0, "%s: feature %zu", lines, i);
    }
    for (i = 0; i < json_array_size(fb); i++) {
        json_t *g = json_object_get(json_array_get(fb, i), "geometry");
        cr_assert_str_eq(json_string_value(json_object_get(g, "type")), "MultiPoint",
                         "%s: feature %zu", points, i);
    }
    count = json_array_size(fa) + json_array_size(fb);
    cr_assert_eq(count, n, "%zu + %zu features", json_array_size(fa), json_array_size(fb));
    sorted = calloc(count + 1, sizeof *sorted);
    for (i = 0; i < json_array_size(fa); i++)
        sorted[i] = json_array_get(fa, i);
    for (i = 0; i < json_array_size(fb); i++)
        sorted[json_array_size(fa) + i] = json_array_get(fb, i);
    if (count && json_object_get(json_object_get(sorted[0], "properties"), "rank"))
        qsort(sorted, count, sizeof *sorted, by_rank);
    all = json_array();
    for (i = 0; i < count; i++)
        json_array_append(all, sorted[i]);
    free(sorted);
    json_object_set_new(a, "features", all);
    json_decref(b);
    return a;
}

static json_t *feature(json_t *root, size_t i)
{
    json_t *f = json_array_get(json_object_get(root, "features"), i);
    cr_assert_str_eq(json_string_value(json_object_get(f, "type")), "Feature");
    return f;
}

static json_t *prop(json_t *f, const char *key)
{
    json_t *v = json_object_get(json_object_get(f, "properties"), key);
    cr_assert_not_null(v, "property %s missing", key);
    return v;
}

static const char *geom_type(json_t *f)
{
    return json_string_value(json_object_get(json_object_get(f, "geometry"), "type"));
}

/* Twice the signed area of a GeoJSON ring; positive is counter-clockwise. */
static double ring_area2(json_t *ring)
{
    double sum = 0;
    size_t n = json_array_size(ring);
    for (size_t i = 0; i + 1 < n; i++) {
        json_t *p = json_array_get(ring, i), *q = json_array_get(ring, i + 1);
        sum += json_number_value(json_array_get(p, 0)) * json_number_value(json_array_get(q, 1)) -
               json_number_value(json_array_get(q, 0)) * json_number_value(json_array_get(p, 1));
    }
    return sum;
}

/* Checks the RFC 7946 winding of every ring of a (Multi)Polygon; returns the number of rings. */
static size_t check_winding(json_t *f)
{
    json_t *g = json_object_get(f, "geometry"), *coords = json_object_get(g, "coordinates");
    size_t npoly, nrings = 0;
    int multi = strcmp(json_string_value(json_object_get(g, "type")), "MultiPolygon") == 0;
    npoly = multi ? json_array_size(coords) : 1;
    for (size_t p = 0; p < npoly; p++) {
        json_t *poly = multi ? json_array_get(coords, p) : coords;
        for (size_t r = 0; r < json_array_size(poly); r++) {
            double a = ring_area2(json_array_get(poly, r));
            if (r == 0)
                cr_assert_gt(a, 0, "exterior ring of polygon %zu is not counter-clockwise", p);
            else
                cr_assert_lt(a, 0, "hole %zu of polygon %zu is not clockwise", r, p);
            nrings++;
        }
    }
    return nrings;
}

/* Whether a position within tol of (x, y) is anywhere in a geometry or coordinate array. */
static int has_position(json_t *node, double x, double y, double tol)
{
    if (json_is_object(node))
        return has_position(json_object_get(node, "coordinates"), x, y, tol);
    if (json_is_array(node) && json_array_size(node) == 2 && json_is_number(json_array_get(node, 0)))
        return fabs(json_number_value(json_array_get(node, 0)) - x) <= tol &&
               fabs(json_number_value(json_array_get(node, 1)) - y) <= tol;
    if (json_is_array(node))
        for (size_t i = 0; i < json_array_size(node); i++)
            if (has_position(json_array_get(node, i), x, y, tol))
                return 1;
    return 0;
}

/* ------------------------------------------------------------------ tests */

Test(export, regions_properties_and_geometry, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(117, 34, 1e-4, NULL);
    char path[128], listing[256];
    json_t *root, *f;
    snprintf(path, sizeof path, "%s/regions.geojson", dir);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "regions.geojson");
    root = load(path, 7);

    /* A: degree 2, 2 km of border (see the fixture); the name field is not repeated, the
     * fields named like computed properties are renamed. */
    f = feature(root, 0);
    cr_assert_eq(json_object_size(json_object_get(f, "properties")), 10);
    cr_assert_str_eq(json_string_value(prop(f, "id")), "320301");
    cr_assert_str_eq(json_string_value(prop(f, "name")), "Alpha");
    cr_assert(json_is_integer(prop(f, "degree")));
    cr_assert_eq(json_integer_value(prop(f, "degree")), 2);
    cr_assert(json_is_real(prop(f, "border_km")));
    cr_assert_eq(json_real_value(prop(f, "border_km")), 2.0);
    cr_assert(json_is_false(prop(f, "isolated")));
    cr_assert_str_eq(json_string_value(prop(f, "code")), "320301");
    cr_assert_eq(json_integer_value(prop(f, "pop")), 100);
    cr_assert(json_is_real(prop(f, "area")));
    cr_assert_eq(json_real_value(prop(f, "area")), 0.1);
    cr_assert_str_eq(json_string_value(prop(f, "src_ID")), "a");
    cr_assert_eq(json_integer_value(prop(f, "src_degree")), 1);
    cr_assert_str_eq(geom_type(f), "MultiPolygon");
    cr_assert_eq(check_winding(f), 1);
    /* corner (0, 0) of A is (117, 34); x 1000 is 117.1 */
    cr_assert(has_position(json_object_get(f, "geometry"), 117, 34, 0));
    cr_assert(has_position(json_object_get(f, "geometry"), 117.1, 34.1, 1e-12));

    f = feature(root, 1); /* B: degree 3, 3 km; UTF-8 name; 2^53 + 1 exactly */
    cr_assert_eq(json_integer_value(prop(f, "degree")), 3);
    cr_assert_eq(json_real_value(prop(f, "border_km")), 3.0);
    cr_assert_str_eq(json_string_value(prop(f, "name")), "徐州");
    cr_assert_eq(json_integer_value(prop(f, "pop")), 9007199254740993LL);
    cr_assert_eq(json_real_value(prop(f, "area")), 1e-300);

    f = feature(root, 2); /* C: degree 3, 1.5 km; escapes; null pop */
    cr_assert_eq(json_integer_value(prop(f, "degree")), 3);
    cr_assert_eq(json_real_value(prop(f, "border_km")), 1.5);
    cr_assert_str_eq(json_string_value(prop(f, "name")), "Tab\t\"q\"\\\x01é");
    cr_assert(json_is_null(prop(f, "pop")));
    cr_assert_eq(json_real_value(prop(f, "area")), -2.5);

    f = feature(root, 3); /* D: degree 3, 2.5 km; null area */
    cr_assert_eq(json_integer_value(prop(f, "degree")), 3);
    cr_assert_eq(json_real_value(prop(f, "border_km")), 2.5);
    cr_assert(json_is_null(prop(f, "area")));
    cr_assert_eq(check_winding(f), 1);

    f = feature(root, 4); /* E: isolated; both rings were given the wrong way round */
    cr_assert(json_is_true(prop(f, "isolated")));
    cr_assert_eq(json_integer_value(prop(f, "degree")), 0);
    cr_assert(json_is_real(prop(f, "border_km")));
    cr_assert_eq(json_real_value(prop(f, "border_km")), 0.0);
    cr_assert_eq(json_real_value(prop(f, "area")), 123456789.125);
    cr_assert_str_eq(geom_type(f), "MultiPolygon");
    cr_assert_eq(check_winding(f), 2);

    f = feature(root, 5); /* F: one point contact, two parts */
    cr_assert_eq(json_integer_value(prop(f, "degree")), 1);
    cr_assert(json_is_false(prop(f, "isolated")));
    cr_assert(json_is_real(prop(f, "area"))); /* written 3.0, not 3 */
    cr_assert_eq(json_real_value(prop(f, "area")), 3.0);
    cr_assert_str_eq(geom_type(f), "MultiPolygon");
    cr_assert_eq(check_winding(f), 3);

    f = feature(root, 6); /* G: no geometry */
    cr_assert(json_is_null(json_object_get(f, "geometry")));
    cr_assert(json_is_true(prop(f, "isolated")));
    cr_assert_eq(json_real_value(prop(f, "area")), 1.0 / 3); /* round-trips exactly */
    json_decref(root);
    rg_graph_free(g);
}

/* The fixture in UTM 50N metres, corner at (500000, 3800000). Expected lon/lat from
 *   /usr/bin/python3 -c "from pyproj import Transformer;
 *     t = Transformer.from_crs('EPSG:32650', 'EPSG:4326', always_xy=True); print(t.transform(x, y))"
 *   (500000, 3800000) -> 117.000000000 34.341302723
 *   (508000, 3801000) -> 117.086987672 34.350290231
 *   (505200, 3805200) -> 117.056567457 34.388185241
 *   (503000, 3801000) -> 117.032620391 34.350316788 */
Test(export, projected_layer_lands_in_lon_lat, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(500000, 3800000, 1, "EPSG:32650");
    char path[128];
    json_t *root, *f;
    snprintf(path, sizeof path, "%s/r.geojson", dir);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    root = load(path, 7);
    f = feature(root, 0);
    cr_assert(has_position(json_object_get(f, "geometry"), 117.0, 34.341302723, 2e-7));
    cr_assert_eq(check_winding(f), 1);
    f = feature(root, 5);
    cr_assert(has_position(json_object_get(f, "geometry"), 117.086987672, 34.350290231, 2e-7));
    cr_assert_eq(check_winding(f), 3);
    f = feature(root, 4);
    cr_assert(has_position(json_object_get(f, "geometry"), 117.056567457, 34.388185241, 2e-7));
    cr_assert_eq(check_winding(f), 2);
    json_decref(root);

    snprintf(path, sizeof path, "%s/b.geojson", dir);
    cr_assert_eq(rg_export_borders_geojson(g, path), RG_OK, "%s", rg_last_error());
    json_decref(load(path, 5)); /* the point contact C-F is in the contacts layer */
    snprintf(path, sizeof path, "%s/c.geojson", dir);
    cr_assert_eq(rg_export_contacts_geojson(g, path), RG_OK, "%s", rg_last_error());
    root = load(path, 1);
    f = feature(root, 0);
    cr_assert_str_eq(geom_type(f), "MultiPoint");
    cr_assert(has_position(json_object_get(json_object_get(f, "geometry"), "coordinates"),
                           117.032620391, 34.350316788, 2e-7));
    json_decref(root);
    rg_graph_free(g);
}

Test(export, borders_properties_and_geometry, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(117, 34, 1e-4, NULL);
    char path[128];
    json_t *root, *f, *coords;
    snprintf(path, sizeof path, "%s/borders.geojson", dir);
    cr_assert_eq(rg_export_borders_geojson(g, path), RG_OK, "%s", rg_last_error());
    root = load(path, 5); /* the sixth pair, C-F, meets in a point: the contacts layer */
    f = feature(root, 0); /* A-B: x = 1000 from y 0 to 1000, i.e. lon 117.1, lat 34 .. 34.1 */
    cr_assert_eq(json_object_size(json_object_get(f, "properties")), 8);
    cr_assert_str_eq(json_string_value(prop(f, "id_a")), "320301");
    /* Exact contiguity: a stretch is a border, nothing bridged. */
    cr_assert_str_eq(json_string_value(prop(f, "contact")), "border");
    cr_assert(json_is_real(prop(f, "gap_km")));
    cr_assert_eq(json_real_value(prop(f, "gap_km")), 0.0);
    cr_assert_str_eq(json_string_value(prop(f, "id_b")), "320302");
    cr_assert_str_eq(json_string_value(prop(f, "name_a")), "Alpha");
    cr_assert_str_eq(json_string_value(prop(f, "name_b")), "徐州");
    cr_assert_str_eq(json_string_value(prop(f, "kind")), "rook");
    cr_assert(json_is_real(prop(f, "length_km")));
    cr_assert_eq(json_real_value(prop(f, "length_km")), 1.0);
    cr_assert_str_eq(geom_type(f), "MultiLineString"); /* one geometry type per layer */
    coords = json_object_get(json_object_get(f, "geometry"), "coordinates");
    cr_assert_eq(json_array_size(coords), 1);
    coords = json_array_get(coords, 0);
    cr_assert_eq(json_array_size(coords), 2);
    cr_assert_float_eq(json_number_value(json_array_get(json_array_get(coords, 0), 0)), 117.1, 1e-12);
    cr_assert_float_eq(json_number_value(json_array_get(json_array_get(coords, 0), 1)), 34.0, 1e-12);
    cr_assert_float_eq(json_number_value(json_array_get(json_array_get(coords, 1), 1)), 34.1, 1e-12);
    f = feature(root, 4); /* C-D: 0.5 km */
    cr_assert_eq(json_real_value(prop(f, "length_km")), 0.5);
    json_decref(root);
    snprintf(path, sizeof path, "%s/contacts.geojson", dir);
    cr_assert_eq(rg_export_contacts_geojson(g, path), RG_OK, "%s", rg_last_error());
    root = load(path, 1);
    f = feature(root, 0); /* C-F: touching point (3000, 1000) = (117.3, 34.1) */
    cr_assert_eq(json_object_size(json_object_get(f, "properties")), 8);
    cr_assert_str_eq(json_string_value(prop(f, "kind")), "queen");
    cr_assert_str_eq(json_string_value(prop(f, "contact")), "point");
    cr_assert_eq(json_real_value(prop(f, "length_km")), 0.0);
    cr_assert_str_eq(json_string_value(prop(f, "name_a")), "Tab\t\"q\"\\\x01é");
    cr_assert_str_eq(geom_type(f), "MultiPoint");
    cr_assert(has_position(json_object_get(json_object_get(f, "geometry"), "coordinates"),
                           117.3, 34.1, 1e-12));
    json_decref(root);
    rg_graph_free(g);
}

/* Several lines make a MultiLineString, several points a MultiPoint, no lines null. */
Test(export, multi_part_borders, .init = make_dir, .fini = remove_dir)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_value none[1];
    const double l1[] = {1, 1, 1, 2}, l2[] = {1, 3, 1, 4, 1, 5}, p1[] = {2, 2}, p2[] = {3, 3};
    char path[128];
    json_t *root, *f, *coords;
    cr_assert_eq(rg_i_regions_new("m.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < 3; i++) {
        char id[4] = {(char)('x' + i), 0};
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, none), RG_OK);
        rg_i_regions_end(r);
    }
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 0, 1, 2.5, 1), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(adj, l1, 2), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(adj, l2, 3), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 0, 2, 0, 0), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(adj, p1, 1), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(adj, p2, 1), RG_OK);
    /* An island link: no border, the gap it bridges, the segment between the closest points. */
    cr_assert_eq(rg_i_adjacency_add_pair_ex(adj, 1, 2, 0, RG_CONTACT_ISLAND, 12.5), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    snprintf(path, sizeof path, "%s/m.geojson", dir);
    cr_assert_eq(rg_export_borders_geojson(g, path), RG_OK, "%s", rg_last_error());
    root = load(path, 2); /* the pair meeting in two points is in the contacts layer */
    f = feature(root, 0);
    cr_assert_str_eq(geom_type(f), "MultiLineString");
    coords = json_object_get(json_object_get(f, "geometry"), "coordinates");
    cr_assert_eq(json_array_size(coords), 2);
    cr_assert_eq(json_array_size(json_array_get(coords, 1)), 3);
    cr_assert_str_eq(json_string_value(prop(f, "name_a")), "x"); /* no names: the ids */
    f = feature(root, 1);
    cr_assert(json_is_null(json_object_get(f, "geometry")));
    cr_assert_str_eq(json_string_value(prop(f, "contact")), "island");
    cr_assert_str_eq(json_string_value(prop(f, "kind")), "queen");
    cr_assert_eq(json_real_value(prop(f, "gap_km")), 12.5);
    cr_assert_eq(json_real_value(prop(f, "length_km")), 0.0);
    json_decref(root);
    snprintf(path, sizeof path, "%s/mc.geojson", dir);
    cr_assert_eq(rg_export_contacts_geojson(g, path), RG_OK, "%s", rg_last_error());
    root = load(path, 1);
    f = feature(root, 0);
    cr_assert_str_eq(geom_type(f), "MultiPoint");
    coords = json_object_get(json_object_get(f, "geometry"), "coordinates");
    cr_assert_eq(json_array_size(coords), 2);
    cr_assert_eq(json_number_value(json_array_get(json_array_get(coords, 1), 0)), 3.0);
    cr_assert_str_eq(json_string_value(prop(f, "contact")), "point");
    json_decref(root);

    /* regions without geometry and without fields */
    snprintf(path, sizeof path, "%s/r.geojson", dir);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    root = load(path, 3);
    cr_assert_eq(json_object_size(json_object_get(feature(root, 1), "properties")), 5);
    cr_assert_eq(json_integer_value(prop(feature(root, 0), "degree")), 2);
    cr_assert_eq(json_real_value(prop(feature(root, 0), "border_km")), 2.5);
    json_decref(root);
    rg_graph_free(g);
}

/* The exact text of coordinates. Expected strings from Python's '%.7f' with trailing zeros and
 * '.' stripped and '-0' as '0':
 *   0.00390625 -> 0.0039062 (an exact tie, to even)   -1e-9 -> 0   0.12345675 -> 0.1234568
 *   33.0000000499 -> 33   -5e-8 -> 0   1e-7 -> 0.0000001
 * The ring is counter-clockwise as given (python: twice the signed area = 3839.57), so its
 * order is kept. */
Test(export, coordinate_text, .init = make_dir, .fini = remove_dir)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_value none[1];
    const double ring[] = {0.00390625, -1e-9, 116.39748, 0.12345675, 12.5, 33.0000000499,
                           -0.00000005, 1e-7};
    char path[128], *text;
    cr_assert_eq(rg_i_regions_new("c.shp", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_begin(r, "c", NULL, none), RG_OK);
    rg_i_regions_add_polygon(r);
    cr_assert_eq(rg_i_regions_add_ring(r, ring, 4), RG_OK);
    rg_i_regions_end(r);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    snprintf(path, sizeof path, "%s/c.geojson", dir);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    text = slurp(path);
    cr_assert(strstr(text, "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0.0039062,0],"
                           "[116.39748,0.1234568],[12.5,33],[0,0.0000001],[0.0039062,0]]]]}") != NULL,
              "%s", text);
    free(text);
    rg_graph_free(g);
}

/* printf("%.7f"), trailing zeros and '.' stripped, "-0" as "0": the reference the writer's
 * fast formatting must match on every value. */
static void reference_coord(double v, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "%.7f", v);
    while (n > 0 && buf[n - 1] == '0')
        n--;
    if (n > 0 && buf[n - 1] == '.')
        n--;
    buf[n] = '\0';
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}

/* 20 000 coordinates of all magnitudes, many of them ties or near ties of the 7th decimal,
 * written as one border line (lines keep their order), compared token by token. */
Test(export, coordinate_text_matches_printf, .init = make_dir, .fini = remove_dir)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_value none[1];
    const size_t npts = 10000;
    double *xy = malloc(2 * npts * sizeof *xy);
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    char path[128], *text, *p, want[64];
    for (size_t k = 0; k < 2 * npts; k++) {
        double u;
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        u = (double)(state >> 11) / 9007199254740992.0; /* [0, 1) */
        switch (k % 5) {
        case 0: xy[k] = (u - 0.5) * 360; break;                             /* lon/lat range */
        case 1: xy[k] = (double)(int64_t)((u - 0.5) * 1e5) / 256; break;  /* odd/256: ties */
        case 2: xy[k] = ((double)(int64_t)((u - 0.5) * 2e9) + 0.5) / 1e7; break; /* near ties */
        case 3: xy[k] = (u - 0.5) * 2e-6; break;                            /* around zero */
        default: xy[k] = (u - 0.5) * 1e12; break;                           /* huge */
        }
    }
    cr_assert_eq(rg_i_regions_new("p.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(rg_i_regions_begin(r, i ? "b" : "a", NULL, none), RG_OK);
        rg_i_regions_end(r);
    }
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_ROOK, &adj), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 0, 1, 1, 1), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(adj, xy, npts), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    snprintf(path, sizeof path, "%s/p.geojson", dir);
    cr_assert_eq(rg_export_borders_geojson(g, path), RG_OK, "%s", rg_last_error());
    text = slurp(path);
    p = strstr(text, "\"coordinates\":[[");
    cr_assert_not_null(p);
    p += strlen("\"coordinates\":[[");
    for (size_t k = 0; k < 2 * npts; k++) {
        size_t len;
        if (k % 2 == 0) {
            cr_assert_eq(*p, '[', "at coordinate %zu", k);
            p++;
        }
        reference_coord(xy[k], want, sizeof want);
        len = strlen(want);
        cr_assert(strncmp(p, want, len) == 0 && (p[len] == ',' || p[len] == ']'),
                  "coordinate %zu (%.17g): want %s, got %.30s", k, xy[k], want, p);
        p += len + 1; /* the ',' or ']' */
        if (k % 2 == 1 && *p == ',')
            p++;
    }
    free(text);
    free(xy);
    rg_graph_free(g);
}

Test(export, missing_directory_is_an_io_error)
{
    rg_graph *g = fx_graph(117, 34, 1e-4, NULL);
    cr_assert_eq(rg_export_regions_geojson(g, "/nonexistent-rg-dir/r.geojson"), RG_ERR_IO);
    cr_assert_str_eq(rg_last_error(), "/nonexistent-rg-dir/r.geojson: cannot create a temporary "
                                      "file beside it: No such file or directory");
    cr_assert_eq(rg_export_borders_geojson(g, "/nonexistent-rg-dir/b.geojson"), RG_ERR_IO);
    rg_graph_free(g);
}

/* A write that fails half-way (a file size limit of 4 KiB stands in for a full disk; the
 * 2 000-region layer needs about 500 KiB): an IO error naming the file, the old file intact,
 * no temporary file. Criterion runs each test in its own process, so the limit stays here. */
Test(export, failed_write_keeps_the_old_file, .init = make_dir, .fini = remove_dir)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_value none[1];
    struct rlimit lim = {.rlim_cur = 4096, .rlim_max = RLIM_INFINITY};
    char path[128], listing[256], want[256], *text;
    FILE *fp;
    cr_assert_eq(rg_i_regions_new("big.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < 2000; i++) {
        char id[16];
        double ring[] = {i, 0, i + 1, 0, i + 1, 1, i, 1};
        snprintf(id, sizeof id, "r%d", i);
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, none), RG_OK);
        rg_i_regions_add_polygon(r);
        rg_i_regions_add_ring(r, ring, 4);
        rg_i_regions_end(r);
    }
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    snprintf(path, sizeof path, "%s/regions.geojson", dir);
    fp = fopen(path, "w");
    fputs("{\"old\":true}", fp);
    fclose(fp);
    signal(SIGXFSZ, SIG_IGN);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_ERR_IO);
    snprintf(want, sizeof want, "%s: cannot write: File too large", path);
    cr_assert_str_eq(rg_last_error(), want);
    text = slurp(path);
    cr_assert_str_eq(text, "{\"old\":true}");
    free(text);
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "regions.geojson");
    rg_graph_free(g);
}

/* ------------------------------------------------------------------ coordination layers
 * On report_fixture.h's case (every figure worked out there), at the prefecture level. */

static rg_coverage *rf_coverage(const rg_graph *g, int agency_jurisdiction)
{
    rg_coverage_options o = {.agency_jurisdiction = agency_jurisdiction};
    rg_coverage *cov = NULL;
    cr_assert_eq(rg_coverage_compute(g, &o, &cov), RG_OK, "%s", rg_last_error());
    return cov;
}

/* Regions of the level only, with degree and border km within the level and the coverage
 * figures, then the source fields as in regions.geojson (the name field is the name property);
 * the hierarchy fields rg_level and rg_parent are not repeated (level and parent say it). */
Test(export, regions_with_coverage, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = rf_coverage(g, 0);
    static const char *const keys[] = {"id", "name", "degree", "border_km", "isolated", "level",
                                       "parent", "covered", "mechanisms", "mech_ids",
                                       "mech_via", "covered_from", "reach1", "reach2", "code",
                                       "province", "pop"};
    static const struct { const char *id, *parent; int degree; double km; int mech, r1, r2; }
        want[] = {{"101", "100", 3, 2.0, 2, 4, 4}, {"102", "100", 5, 3.5, 1, 3, 4},
                  {"103", "200", 3, 4.0, 1, 1, 4}, {"104", "100", 3, 3.0, 1, 3, 4},
                  {"105", "100", 5, 5.5, 1, 3, 4}, {"106", "200", 3, 5.0, 0, 0, 0}};
    char path[128];
    json_t *root, *f;
    snprintf(path, sizeof path, "%s/regions.geojson", dir);
    cr_assert_eq(rg_export_regions_coverage_geojson(g, cov, path), RG_OK, "%s", rg_last_error());
    root = load(path, 6);
    for (size_t i = 0; i < 6; i++) {
        const char *key;
        json_t *value;
        size_t k = 0;
        f = feature(root, i);
        json_object_foreach(json_object_get(f, "properties"), key, value) {
            cr_assert_lt(k, 17);
            cr_assert_str_eq(key, keys[k], "property %zu: %s", k, key);
            k++;
        }
        cr_assert_eq(k, 17);
        /* covered since the earliest start of its mechanisms: m1 2019 (a b d e), m2 2020 (a c;
         * a has m1's 2019), f never */
        if (i == 5)
            cr_assert(json_is_null(prop(f, "covered_from")));
        else
            cr_assert_str_eq(json_string_value(prop(f, "covered_from")),
                             i == 2 ? "2020-01-01" : "2019-01-01", "%s", want[i].id);
        /* who covers what (report_fixture.h): m1 = province 100 covers a b d e through it; m2
         * names a (101) and c (103) themselves */
        {
            static const char *const ids[6][2] = {{"m1", "m2"}, {"m1", NULL}, {"m2", NULL},
                                                  {"m1", NULL}, {"m1", NULL}, {NULL, NULL}};
            static const char *const via[6][2] = {{"100", "member"}, {"100", NULL},
                                                  {"member", NULL}, {"100", NULL},
                                                  {"100", NULL}, {NULL, NULL}};
            json_t *mi = prop(f, "mech_ids"), *mv = prop(f, "mech_via");
            size_t n = (size_t)(ids[i][0] != NULL) + (ids[i][1] != NULL);
            cr_assert(json_is_array(mi) && json_is_array(mv));
            cr_assert_eq(json_array_size(mi), n, "%s", want[i].id);
            cr_assert_eq(json_array_size(mv), n, "%s", want[i].id);
            for (size_t j = 0; j < n; j++) {
                cr_assert_str_eq(json_string_value(json_array_get(mi, j)), ids[i][j]);
                cr_assert_str_eq(json_string_value(json_array_get(mv, j)), via[i][j]);
            }
        }
        cr_assert_str_eq(json_string_value(prop(f, "id")), want[i].id);
        cr_assert_str_eq(json_string_value(prop(f, "level")), "prefectures");
        cr_assert_str_eq(json_string_value(prop(f, "parent")), want[i].parent);
        cr_assert_eq(json_integer_value(prop(f, "degree")), want[i].degree, "%s", want[i].id);
        cr_assert_float_eq(json_real_value(prop(f, "border_km")), want[i].km, 1e-9);
        cr_assert_eq(json_is_true(prop(f, "covered")), want[i].mech > 0);
        cr_assert_eq(json_integer_value(prop(f, "mechanisms")), want[i].mech);
        cr_assert_eq(json_integer_value(prop(f, "reach1")), want[i].r1);
        cr_assert_eq(json_integer_value(prop(f, "reach2")), want[i].r2);
        cr_assert_eq(json_integer_value(prop(f, "pop")), 100 * (json_int_t)(i + 1));
        cr_assert_str_eq(geom_type(f), "MultiPolygon");
        cr_assert_eq(check_winding(f), 1);
    }
    /* the south-west corner of 101 is UTM 50N (500000, 3800000): (117, 34.341302723) by
     * pyproj */
    cr_assert(has_position(json_object_get(feature(root, 0), "geometry"), 117.0, 34.341302723,
                           1e-7));
    json_decref(root);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* The 11 prefecture pairs (not the province pair): 6 coordinated, 4 across parents. */
Test(export, borders_with_coverage, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = rf_coverage(g, 0);
    char path[128];
    json_t *root;
    size_t coordinated = 0, cross = 0, shared = 0;
    double km = 0;
    char points[128];
    snprintf(path, sizeof path, "%s/borders.geojson", dir);
    snprintf(points, sizeof points, "%s/contacts.geojson", dir);
    cr_assert_eq(rg_export_borders_coverage_geojson(g, cov, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_export_contacts_coverage_geojson(g, cov, points), RG_OK, "%s",
                 rg_last_error());
    root = load_split(path, points, 11);
    for (size_t i = 0; i < 11; i++) {
        json_t *f = feature(root, i);
        const char *a = json_string_value(prop(f, "id_a")), *b = json_string_value(prop(f, "id_b"));
        coordinated += json_is_true(prop(f, "coordinated"));
        cross += json_is_true(prop(f, "cross_parent"));
        shared += (size_t)json_integer_value(prop(f, "shared"));
        km += json_real_value(prop(f, "length_km"));
        cr_assert_eq(json_is_true(prop(f, "coordinated")), json_integer_value(prop(f, "shared")) > 0);
        if (strcmp(a, "101") == 0 && strcmp(b, "104") == 0) {
            cr_assert_eq(json_integer_value(prop(f, "shared")), 1);
            cr_assert_str_eq(json_string_value(prop(f, "kind")), "rook");
            cr_assert_str_eq(geom_type(f), "MultiLineString");
        }
        if (strcmp(a, "102") == 0 && strcmp(b, "106") == 0) {
            cr_assert_str_eq(json_string_value(prop(f, "kind")), "queen");
            cr_assert_str_eq(geom_type(f), "MultiPoint");
        }
    }
    cr_assert_eq(coordinated, 6);
    cr_assert_eq(shared, 6);
    cr_assert_eq(cross, 4);
    cr_assert_float_eq(km, 11.5, 1e-9);
    json_decref(root);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* Gaps, ranked: 103-106 3 km, 105-106 2, 102-103 1, then the corners 102-106 and 103-105. */
Test(export, gaps_layer, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = rf_coverage(g, 0);
    static const struct { const char *a, *b, *pa, *pb, *type; int cross; double km; } want[] = {
        {"103", "106", "200", "200", "MultiLineString", 0, 3},
        {"105", "106", "100", "200", "MultiLineString", 1, 2},
        {"102", "103", "100", "200", "MultiLineString", 1, 1},
        {"102", "106", "100", "200", "MultiPoint", 1, 0},
        {"103", "105", "200", "100", "MultiPoint", 1, 0},
    };
    char path[128];
    json_t *root;
    char points[128];
    snprintf(path, sizeof path, "%s/gaps.geojson", dir);
    snprintf(points, sizeof points, "%s/gap_contacts.geojson", dir);
    cr_assert_eq(rg_export_gaps_geojson(g, cov, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_export_gap_contacts_geojson(g, cov, points), RG_OK, "%s", rg_last_error());
    root = load_split(path, points, 5); /* ranks 1..5 over both layers */
    for (size_t i = 0; i < 5; i++) {
        json_t *f = feature(root, i);
        cr_assert_eq(json_integer_value(prop(f, "rank")), (json_int_t)i + 1);
        cr_assert_str_eq(json_string_value(prop(f, "id_a")), want[i].a);
        cr_assert_str_eq(json_string_value(prop(f, "id_b")), want[i].b);
        cr_assert_str_eq(json_string_value(prop(f, "parent_a")), want[i].pa);
        cr_assert_str_eq(json_string_value(prop(f, "parent_b")), want[i].pb);
        cr_assert_eq(json_is_true(prop(f, "cross_parent")), want[i].cross);
        cr_assert_float_eq(json_real_value(prop(f, "length_km")), want[i].km, 1e-9);
        cr_assert_str_eq(geom_type(f), want[i].type, "gap %zu", i);
    }
    cr_assert_str_eq(json_string_value(prop(feature(root, 0), "name_b")), "徐州市");
    /* 103-106 runs along y = 1 km from x = 2.5 to 5.5 km: (502500, 3801000) and (505500,
     * 3801000) are (117.027183660, 34.350318116) and (117.059804041, 34.350306528) by pyproj */
    cr_assert(has_position(json_object_get(feature(root, 0), "geometry"), 117.027183660,
                           34.350318116, 1e-7));
    cr_assert(has_position(json_object_get(feature(root, 0), "geometry"), 117.059804041,
                           34.350306528, 1e-7));
    json_decref(root);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* Representative points (UTM km): a (0.5, 0.5), b (1.75, 0.5), c (4, 0.5), d (0.5, 2),
 * e (1.75, 2), f (4, 2) -- the middle of each cell's widest stretch on the line half way between
 * vertex heights; lon/lat by pyproj (EPSG:32650 -> 4326). */
static const struct { const char *id; double lon, lat; } rf_points[] = {
    {"101", 117.0054364412, 34.3458118093}, {"102", 117.0190275438, 34.3458104515},
    {"103", 117.0434915241, 34.3458042056}, {"104", 117.0054373146, 34.3593394111},
    {"105", 117.0190306005, 34.3593380526}, {"106", 117.0434985111, 34.3593318035},
};

static void check_end(json_t *position, const char *id)
{
    for (size_t k = 0; k < 6; k++)
        if (strcmp(rf_points[k].id, id) == 0) {
            cr_assert_float_eq(json_number_value(json_array_get(position, 0)), rf_points[k].lon, 1e-7, "%s", id);
            cr_assert_float_eq(json_number_value(json_array_get(position, 1)), rf_points[k].lat, 1e-7, "%s", id);
            return;
        }
    cr_assert_fail("unexpected link end %s", id);
}

/* Links, drawn per mechanism: m1 covers a b d e (4 ends: every pair, 6 lines) and m2 a and c
 * (1 line); m3's AG1-AG2 is not drawn (AG2 has no location, so it has one end). Each line
 * carries its mechanism's dates: m1 started in 2019 and m2 in 2020 (a year alone: 1 January),
 * neither has an end. */
Test(export, links_layer, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = rf_coverage(g, 0);
    static const char *const want[][3] = {{"101", "102", "m1"}, {"101", "104", "m1"},
                                          {"101", "105", "m1"}, {"102", "104", "m1"},
                                          {"102", "105", "m1"}, {"104", "105", "m1"},
                                          {"101", "103", "m2"}};
    char path[128];
    size_t written = 0;
    json_t *root;
    snprintf(path, sizeof path, "%s/links.geojson", dir);
    cr_assert_eq(rg_export_mechanism_links_geojson(g, cov, path, &written), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(written, 7);
    root = load(path, 7);
    for (size_t i = 0; i < 7; i++) {
        json_t *f = feature(root, i), *coords;
        const char *a = json_string_value(prop(f, "id_a")), *b = json_string_value(prop(f, "id_b"));
        cr_assert_str_eq(a, want[i][0], "link %zu", i);
        cr_assert_str_eq(b, want[i][1], "link %zu", i);
        cr_assert_str_eq(json_string_value(prop(f, "mechanism")), want[i][2], "link %zu", i);
        cr_assert_str_eq(json_string_value(prop(f, "drawn_as")), "complete");
        cr_assert_str_eq(json_string_value(prop(f, "start")),
                         want[i][2][1] == '1' ? "2019-01-01" : "2020-01-01", "link %zu", i);
        cr_assert(json_is_null(prop(f, "end")), "link %zu", i);
        cr_assert_str_eq(json_string_value(prop(f, "kind_a")), "region");
        cr_assert_str_eq(geom_type(f), "MultiLineString");
        coords = json_object_get(json_object_get(f, "geometry"), "coordinates");
        cr_assert_eq(json_array_size(coords), 1);
        coords = json_array_get(coords, 0);
        cr_assert_eq(json_array_size(coords), 2);
        check_end(json_array_get(coords, 0), a);
        check_end(json_array_get(coords, 1), b);
    }
    cr_assert_str_eq(json_string_value(prop(feature(root, 6), "name_b")), "Charlie");
    json_decref(root);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* Agencies with a location: AG1 only, in one mechanism (m3), one jurisdiction (province 200). */
Test(export, agencies_layer, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = rf_graph();
    char path[128];
    json_t *root, *f, *c;
    snprintf(path, sizeof path, "%s/agencies.geojson", dir);
    cr_assert_eq(rg_export_agencies_geojson(g, path), RG_OK, "%s", rg_last_error());
    root = load(path, 1);
    f = feature(root, 0);
    cr_assert_str_eq(json_string_value(prop(f, "id")), "AG1");
    cr_assert_str_eq(json_string_value(prop(f, "name")), "Agency one");
    cr_assert_str_eq(json_string_value(prop(f, "level")), "national");
    cr_assert_eq(json_integer_value(prop(f, "mechanisms")), 1);
    cr_assert_eq(json_integer_value(prop(f, "jurisdictions")), 1);
    cr_assert_str_eq(geom_type(f), "Point");
    c = json_object_get(json_object_get(f, "geometry"), "coordinates");
    cr_assert_float_eq(json_number_value(json_array_get(c, 0)), 117.2, 1e-12);
    cr_assert_float_eq(json_number_value(json_array_get(c, 1)), 34.3, 1e-12);
    json_decref(root);
    rg_graph_free(g);
}

/* A graph without coordination data: the coverage layers still work (nothing covered), links
 * and agencies are empty collections. */
Test(export, coordination_layers_without_coordination, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(500000, 3800000, 1, "EPSG:32650");
    rg_coverage *cov = rf_coverage(g, 0);
    rg_network *net = NULL;
    char path[128];
    json_t *root;
    cr_assert_eq(rg_network_build(g, NULL, RG_VIEW_COORDINATION, &net), RG_OK, "%s", rg_last_error());
    snprintf(path, sizeof path, "%s/links.geojson", dir);
    cr_assert_eq(rg_export_mechanism_links_geojson(g, cov, path, NULL), RG_OK, "%s",
                 rg_last_error());
    json_decref(load(path, 0));
    {
        char *text = slurp(path);
        cr_assert_str_eq(text, "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n");
        free(text);
    }
    snprintf(path, sizeof path, "%s/agencies.geojson", dir);
    cr_assert_eq(rg_export_agencies_geojson(g, path), RG_OK, "%s", rg_last_error());
    json_decref(load(path, 0));
    snprintf(path, sizeof path, "%s/gaps.geojson", dir);
    cr_assert_eq(rg_export_gaps_geojson(g, cov, path), RG_OK, "%s", rg_last_error());
    {
        char points[128];
        snprintf(points, sizeof points, "%s/gap_contacts.geojson", dir);
        cr_assert_eq(rg_export_gap_contacts_geojson(g, cov, points), RG_OK, "%s",
                     rg_last_error());
        json_decref(load_split(path, points, 6)); /* 5 lines, the corner C-F */
    }
    snprintf(path, sizeof path, "%s/regions.geojson", dir);
    cr_assert_eq(rg_export_regions_coverage_geojson(g, cov, path), RG_OK, "%s", rg_last_error());
    root = load(path, 7);
    /* one level named after the file, no parents; G (no geometry) keeps a null geometry */
    cr_assert_str_eq(json_string_value(prop(feature(root, 0), "level")), "fixture");
    cr_assert(json_is_null(prop(feature(root, 0), "parent")));
    cr_assert(json_is_false(prop(feature(root, 0), "covered")));
    cr_assert(json_is_null(json_object_get(feature(root, 6), "geometry")));
    /* source fields that collide with computed names keep their src_ prefix */
    cr_assert_eq(json_integer_value(prop(feature(root, 0), "src_degree")), 1);
    json_decref(root);
    rg_network_free(net);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* ------------------------------------------------------------------ --precision, sequences */

static void count_warning(const char *message, void *user_data)
{
    char *last = user_data;
    snprintf(last, 256, "%s", message);
}

/* A graph of the given single-ring regions (lon/lat, no CRS), no pairs. */
static rg_graph *ring_graph(const double *const *rings, const size_t *npts, size_t n)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_value none[1];
    cr_assert_eq(rg_i_regions_new("p.shp", 0, NULL, &r), RG_OK);
    for (size_t i = 0; i < n; i++) {
        char id[8];
        snprintf(id, sizeof id, "r%zu", i);
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, none), RG_OK);
        rg_i_regions_add_polygon(r);
        cr_assert_eq(rg_i_regions_add_ring(r, rings[i], npts[i]), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    return g;
}

/* At 2 decimals: r0's (0.001, 0) rounds onto (0, 0) and is left out; the sliver r1 (a
 * triangle 1 wide, 0.004 high) would collapse to a 3-position line, so it keeps the fewest
 * decimals that leave it a ring (3); r2 has no area at all and is left out with a warning
 * (null geometry); r3 is clockwise and stays counter-clockwise after rounding. Hand-worked. */
Test(export, precision_never_breaks_a_ring, .init = make_dir, .fini = remove_dir)
{
    const double square[] = {0, 0, 0.001, 0, 1, 0, 1, 1, 0, 1, 0, 0};
    const double sliver[] = {0, 2, 1, 2, 1, 2.004, 0, 2};
    const double flat[] = {0, 5, 1, 5, 2, 5, 0, 5};
    const double cw[] = {3.14159, 0, 3.14159, 1.2345, 4.5678, 1.2345, 3.14159, 0};
    const double *rings[] = {square, sliver, flat, cw};
    const size_t npts[] = {6, 4, 4, 4};
    rg_geojson_options opts = {2, 0, 0};
    rg_graph *g = ring_graph(rings, npts, 4);
    char path[128], last[256] = "", *text;
    snprintf(path, sizeof path, "%s/p.geojson", dir);
    rg_set_warning_handler(count_warning, last);
    cr_assert_eq(rg_export_set_geojson_options(&opts), RG_OK);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    rg_export_set_geojson_options(NULL);
    rg_set_warning_handler(NULL, NULL);
    text = slurp(path);
    cr_assert(strstr(text, "\"coordinates\":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]}") != NULL, "%s",
              text);
    cr_assert(strstr(text, "\"coordinates\":[[[[0,2],[1,2],[1,2.004],[0,2]]]]}") != NULL, "%s",
              text);
    cr_assert(strstr(text, "\"id\":\"r2\"") != NULL);
    cr_assert(strstr(strstr(text, "\"id\":\"r2\""), "\"geometry\":null") != NULL, "%s", text);
    cr_assert_str_eq(last, "region 'r2': ring 1 has no area at any precision: left out");
    cr_assert(strstr(text, "\"coordinates\":[[[[3.14,0],[4.57,1.23],[3.14,1.23],[3.14,0]]]]}") !=
                  NULL,
              "%s", text);
    json_decref(load(path, 4));
    free(text);
    /* The default comes back: 7 decimals. */
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK);
    text = slurp(path);
    cr_assert(strstr(text, "[[[0,0],[0.001,0],[1,0],[1,1],[0,1],[0,0]]]") != NULL, "%s", text);
    free(text);
    opts.precision = 16;
    cr_assert_eq(rg_export_set_geojson_options(&opts), RG_ERR_ARG);
    opts.precision = -1;
    cr_assert_eq(rg_export_set_geojson_options(&opts), RG_ERR_ARG);
    rg_graph_free(g);
}

/* Coordinates at 0 and 12 decimals: printf's digits, trailing zeros dropped. */
Test(export, precision_extremes, .init = make_dir, .fini = remove_dir)
{
    const double ring[] = {116.5, 39.49999, 117.25, 39.5, 116.5, 41, 116.5, 39.49999};
    const double *rings[] = {ring};
    const size_t npts[] = {4};
    rg_geojson_options opts = {0, 0, 0};
    rg_graph *g = ring_graph(rings, npts, 1);
    char path[128], *text;
    snprintf(path, sizeof path, "%s/p.geojson", dir);
    cr_assert_eq(rg_export_set_geojson_options(&opts), RG_OK);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    text = slurp(path);
    /* %.0f rounds half to even: 116.5 -> 116, 117.25 -> 117; 39.49999 -> 39, 39.5 -> 40 */
    cr_assert(strstr(text, "[[[116,39],[117,40],[116,41],[116,39]]]") != NULL, "%s", text);
    free(text);
    opts.precision = 12;
    cr_assert_eq(rg_export_set_geojson_options(&opts), RG_OK);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    rg_export_set_geojson_options(NULL);
    text = slurp(path);
    cr_assert(strstr(text, "[[[116.5,39.49999],[117.25,39.5],[116.5,41],[116.5,39.49999]]]") !=
                  NULL, "%s", text);
    free(text);
    rg_graph_free(g);
}

/* Sequence mode: RS, one feature, LF per record, no FeatureCollection around them. */
Test(export, geojson_text_sequence, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(116.0, 39.0, 0.001, NULL);
    rg_geojson_options opts = {RG_GEOJSON_PRECISION, 1, 0};
    char path[128], *text, *line;
    size_t records = 0;
    snprintf(path, sizeof path, "%s/b.geojsons", dir);
    cr_assert_eq(rg_export_set_geojson_options(&opts), RG_OK);
    cr_assert_eq(rg_export_borders_geojson(g, path), RG_OK, "%s", rg_last_error());
    rg_export_set_geojson_options(NULL);
    text = slurp(path);
    for (line = text; *line; records++) {
        char *nl = strchr(line, '\n');
        json_error_t err;
        json_t *f;
        cr_assert_not_null(nl, "record %zu does not end with LF", records);
        cr_assert_eq(line[0], '\x1e');
        *nl = '\0';
        f = json_loads(line + 1, 0, &err);
        cr_assert_not_null(f, "%s", err.text);
        cr_assert_str_eq(json_string_value(json_object_get(f, "type")), "Feature");
        json_decref(f);
        line = nl + 1;
    }
    cr_assert_eq(records, 5); /* the fixture's six pairs but C-F, a point contact */
    free(text);
    rg_graph_free(g);
}

/* ------------------------------------------------------------------ antimeridian, bbox */

/* Two regions in an equirectangular CRS centred on 180 (x = R (lon - 180) pi / 180, y = R lat
 * pi / 180, R = 6378137): a (north, with a hole east of the line) and b (south), both from
 * x = -100000 to 100000, sharing the slanted edge (-100000, 0)-(100000, 50000). x = 100000 is
 * 0.8983152841 degrees: lon 179.1016847 west of the line, -179.1016847 east of it; x = 20000
 * and 60000 are 0.1796631 and 0.5389892 degrees; y = 25000, 50000, 80000, 120000, 150000 and
 * -100000 are lat 0.2245788, 0.4491576, 0.7186522, 1.0779783, 1.3474729 and -0.8983153. The
 * shared edge crosses x = 0 halfway: at lat 0.2245788. All worked out by hand. */
static rg_graph *antimeridian_graph(void)
{
    const double a[] = {-100000, 0, 100000, 50000, 100000, 150000, -100000, 150000, -100000, 0};
    const double hole[] = {20000, 80000, 20000, 120000, 60000, 120000, 60000, 80000, 20000, 80000};
    const double b[] = {-100000, -100000, 100000, -100000, 100000, 50000, -100000, 0,
                        -100000, -100000};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_value none[1];
    rg_i_crs crs;
    cr_assert_eq(rg_i_regions_new("am.shp", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_begin(r, "a", NULL, none), RG_OK);
    rg_i_regions_add_polygon(r);
    cr_assert_eq(rg_i_regions_add_ring(r, a, 5), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, hole, 5), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    cr_assert_eq(rg_i_regions_begin(r, "b", NULL, none), RG_OK);
    rg_i_regions_add_polygon(r);
    cr_assert_eq(rg_i_regions_add_ring(r, b, 5), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
    cr_assert_eq(rg_i_crs_from_text("+proj=eqc +lon_0=180 +datum=WGS84", "test", &crs), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, crs.wkt, crs.geographic, crs.unit_metres), RG_OK);
    rg_i_crs_release(&crs);
    cr_assert_eq(rg_contiguity_build(r, &(rg_contiguity_options){.kind = RG_CONTIGUITY_ROOK},
                                     &adj),
                 RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    return g;
}

/* Each polygon is clipped at +180 (Sutherland-Hodgman, so a clipped ring starts at its second
 * vertex): a's western part keeps the cut points on 180, its eastern part is moved by -360 and
 * keeps the hole; the shared border becomes two
 * lines meeting the line at the interpolated latitude. */
Test(export, antimeridian_split, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = antimeridian_graph();
    char path[128], *text;
    json_t *root;
    snprintf(path, sizeof path, "%s/r.geojson", dir);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    text = slurp(path);
    cr_assert(strstr(text,
                     "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
                     "[[[180,0.2245788],[180,1.3474729],[179.1016847,1.3474729],"
                     "[179.1016847,0],[180,0.2245788]]],"
                     "[[[-180,0.2245788],[-179.1016847,0.4491576],[-179.1016847,1.3474729],"
                     "[-180,1.3474729],[-180,0.2245788]],"
                     "[[-179.8203369,1.0779783],[-179.4610108,1.0779783],[-179.4610108,0.7186522],"
                     "[-179.8203369,0.7186522],[-179.8203369,1.0779783]]]]}}") != NULL,
              "%s", text);
    cr_assert(strstr(text,
                     "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
                     "[[[180,-0.8983153],[180,0.2245788],[179.1016847,0],"
                     "[179.1016847,-0.8983153],[180,-0.8983153]]],"
                     "[[[-180,-0.8983153],[-179.1016847,-0.8983153],[-179.1016847,0.4491576],"
                     "[-180,0.2245788],[-180,-0.8983153]]]]}}") != NULL,
              "%s", text);
    free(text);
    json_decref(load(path, 2));
    snprintf(path, sizeof path, "%s/b.geojson", dir);
    cr_assert_eq(rg_export_borders_geojson(g, path), RG_OK, "%s", rg_last_error());
    text = slurp(path);
    cr_assert(strstr(text, "{\"type\":\"MultiLineString\",\"coordinates\":["
                           "[[179.1016847,0],[180,0.2245788]],"
                           "[[-180,0.2245788],[-179.1016847,0.4491576]]]}") != NULL ||
                  strstr(text, "{\"type\":\"MultiLineString\",\"coordinates\":["
                               "[[-179.1016847,0.4491576],[-180,0.2245788]],"
                               "[[180,0.2245788],[179.1016847,0]]]}") != NULL,
              "%s", text);
    free(text);
    root = load(path, 1);
    json_decref(root);
    rg_graph_free(g);
}

/* bbox: across the line west > east (RFC 7946 5.2): a spans 179.1016847 to -179.1016847, lat
 * 0 to 1.3474729; b lat -0.8983153 to 0.4491576; the border lat 0 to 0.4491576; the
 * collection covers both regions. */
Test(export, bbox_across_the_antimeridian, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = antimeridian_graph();
    rg_geojson_options opts = {RG_GEOJSON_PRECISION, 0, 1};
    char path[128], *text;
    snprintf(path, sizeof path, "%s/r.geojson", dir);
    cr_assert_eq(rg_export_set_geojson_options(&opts), RG_OK);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    text = slurp(path);
    cr_assert(strstr(text, "[-179.8203369,0.7186522],[-179.8203369,1.0779783]]]]},"
                           "\"bbox\":[179.1016847,0,-179.1016847,1.3474729]}") != NULL,
              "%s", text);
    cr_assert(strstr(text, "[-180,0.2245788],[-180,-0.8983153]]]]},"
                           "\"bbox\":[179.1016847,-0.8983153,-179.1016847,0.4491576]}") != NULL,
              "%s", text);
    cr_assert(strstr(text, "],\"bbox\":[179.1016847,-0.8983153,-179.1016847,1.3474729]}\n") !=
                  NULL,
              "%s", text);
    free(text);
    json_decref(load(path, 2));
    snprintf(path, sizeof path, "%s/b.geojson", dir);
    cr_assert_eq(rg_export_borders_geojson(g, path), RG_OK, "%s", rg_last_error());
    rg_export_set_geojson_options(NULL);
    text = slurp(path);
    cr_assert(strstr(text, "]]]},\"bbox\":[179.1016847,0,-179.1016847,0.4491576]}") != NULL, "%s",
              text);
    free(text);
    rg_graph_free(g);
}

/* bbox of ordinary features: r0 (0, 0)-(1, 2) and r1 (3, -1)-(4, 1); the collection [0, -1,
 * 4, 2]. Without the option there is no bbox at all. */
Test(export, bbox_plain, .init = make_dir, .fini = remove_dir)
{
    const double r0[] = {0, 0, 1, 0, 1, 2, 0, 2, 0, 0};
    const double r1[] = {3, -1, 4, -1, 4, 1, 3, 1, 3, -1};
    const double *rings[] = {r0, r1};
    const size_t npts[] = {5, 5};
    rg_geojson_options opts = {RG_GEOJSON_PRECISION, 0, 1};
    rg_graph *g = ring_graph(rings, npts, 2);
    char path[128], *text;
    snprintf(path, sizeof path, "%s/p.geojson", dir);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    text = slurp(path);
    cr_assert(strstr(text, "bbox") == NULL, "%s", text);
    free(text);
    cr_assert_eq(rg_export_set_geojson_options(&opts), RG_OK);
    cr_assert_eq(rg_export_regions_geojson(g, path), RG_OK, "%s", rg_last_error());
    rg_export_set_geojson_options(NULL);
    text = slurp(path);
    cr_assert(strstr(text, "[[[[0,0],[1,0],[1,2],[0,2],[0,0]]]]},\"bbox\":[0,0,1,2]}") != NULL,
              "%s", text);
    cr_assert(strstr(text, "[[[[3,-1],[4,-1],[4,1],[3,1],[3,-1]]]]},\"bbox\":[3,-1,4,1]}") != NULL,
              "%s", text);
    cr_assert(strstr(text, "\n]"",\"bbox\":[0,-1,4,2]}\n") != NULL, "%s", text);
    json_decref(load(path, 2));
    free(text);
    rg_graph_free(g);
}

/* ------------------------------------------------------------------ diagnostics layer */

/* Great-circle distance in metres (haversine, mean Earth radius): an independent check that the
 * diagnostics' lines were transformed to lon/lat without distorting them (a 10 m line stays
 * 10 m long to well within 1%). */
static double haversine_m(double lon1, double lat1, double lon2, double lat2)
{
    const double rad = 3.14159265358979323846 / 180, r = 6371008.8;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(h));
}

/* Where the other geometry types of a file go: before a .geojson or .json extension (any case,
 * kept as it is), else appended with .geojson; a folder named like an extension is no extension. */
Test(export, sibling_path)
{
    static const char *const cases[][2] = {
        {"d.geojson", "d_overlaps.geojson"},      {"out/D.GeoJSON", "out/D_overlaps.GeoJSON"},
        {"diag.json", "diag_overlaps.json"},      {"diag", "diag_overlaps.geojson"},
        {"a.json/diag", "a.json/diag_overlaps.geojson"},
        {"x/.geojson", "x/.geojson_overlaps.geojson"}, {"d.gpkg", "d.gpkg_overlaps.geojson"}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *got = rg_export_sibling_path(cases[k][0], "overlaps");
        cr_assert_not_null(got);
        cr_assert_str_eq(got, cases[k][1], "%s", cases[k][0]);
        free(got);
    }
}

/* Two 1 km squares in UTM 50N crossing each other: B is A moved 980 m east and 100 m north, so
 * B's south-west corner lies inside A, 20 m from A's east side (and 100 m from its south side):
 * one overlap 20 m deep at that corner, written as a Point in the overlaps file beside the
 * lines file, which holds no Point. */
Test(export, diagnostics_overlaps_layer, .init = make_dir, .fini = remove_dir)
{
    static const double x0[2] = {0, 980}, y0[2] = {3800000, 3800100};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_crs crs = {0};
    rg_level_diagnostics ld = {0};
    rg_build_result res = {0};
    char path[128], points[128];
    json_t *root, *f;
    cr_assert_eq(rg_i_crs_from_text("EPSG:32650", "test", &crs), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_i_regions_new("o.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < 2; i++) {
        char id[4] = {(char)('A' + i), 0};
        double ring[10] = {x0[i], y0[i], x0[i] + 1000, y0[i], x0[i] + 1000, y0[i] + 1000,
                           x0[i], y0[i] + 1000, x0[i], y0[i]};
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, NULL), RG_OK);
        cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
        cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_crs(r, crs.wkt, 0, 1.0), RG_OK);
    rg_i_crs_release(&crs);
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 100, &ld.diagnostics), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_diagnostics_overlap_count(ld.diagnostics), 1);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    res.ndiagnostics = 1;
    res.diagnostics = &ld;
    snprintf(path, sizeof path, "%s/diag.json", dir);
    snprintf(points, sizeof points, "%s/diag_overlaps.json", dir);
    cr_assert_eq(rg_build_write_diagnostics(g, &res, path), RG_OK, "%s", rg_last_error());
    root = load(points, 1);
    f = feature(root, 0);
    cr_assert_str_eq(json_string_value(prop(f, "kind")), "overlap");
    cr_assert_str_eq(json_string_value(prop(f, "id_a")), "A");
    cr_assert_str_eq(json_string_value(prop(f, "id_b")), "B");
    cr_assert_float_eq(json_number_value(prop(f, "depth_m")), 20.0, 1e-6);
    cr_assert_str_eq(geom_type(f), "Point");
    json_decref(root);
    root = json_load_file(path, 0, NULL);
    cr_assert_not_null(root);
    for (size_t k = 0; k < json_array_size(json_object_get(root, "features")); k++) {
        json_t *geometry = json_object_get(feature(root, k), "geometry");
        cr_assert(json_is_null(geometry) || strcmp(geom_type(feature(root, k)), "MultiLineString") == 0);
    }
    json_decref(root);
    rg_diagnostics_free(ld.diagnostics);
    rg_graph_free(g);
}

/* Three 1 km squares in UTM 50N, none touching: A [0,1000], B 10 m east of A, C 2990 m east of
 * B. By hand: one near miss within 100 m (A-B, 10 m); all three isolated, A's and B's nearest
 * the other at 10 m, C's B at 2990 m. */
Test(export, diagnostics_layer, .init = make_dir, .fini = remove_dir)
{
    static const double x0[3] = {0, 1010, 5000};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_crs crs = {0};
    rg_level_diagnostics ld = {0};
    rg_build_result res = {0};
    char path[128];
    json_t *root, *f, *c;
    cr_assert_eq(rg_i_crs_from_text("EPSG:32650", "test", &crs), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_i_regions_new("d.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < 3; i++) {
        char id[4] = {(char)('A' + i), 0};
        double ring[10] = {x0[i], 3800000, x0[i] + 1000, 3800000, x0[i] + 1000, 3801000,
                           x0[i], 3801000, x0[i], 3800000};
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, NULL), RG_OK);
        cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
        cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_crs(r, crs.wkt, 0, 1.0), RG_OK);
    rg_i_crs_release(&crs);
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_adjacency_count(adj), 0);
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 100, &ld.diagnostics), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    res.ndiagnostics = 1;
    res.diagnostics = &ld;
    snprintf(path, sizeof path, "%s/diagnostics.geojson", dir);
    cr_assert_eq(rg_build_write_diagnostics(g, &res, path), RG_OK, "%s", rg_last_error());
    root = load(path, 4);
    f = feature(root, 0);
    cr_assert_str_eq(json_string_value(prop(f, "kind")), "near");
    cr_assert_str_eq(json_string_value(prop(f, "id_a")), "A");
    cr_assert_str_eq(json_string_value(prop(f, "id_b")), "B");
    cr_assert_str_eq(json_string_value(prop(f, "level")), "d");
    cr_assert_float_eq(json_number_value(prop(f, "distance_m")), 10.0, 1e-6);
    cr_assert_str_eq(geom_type(f), "MultiLineString");
    c = json_array_get(json_object_get(json_object_get(f, "geometry"), "coordinates"), 0);
    cr_assert_float_eq(haversine_m(json_number_value(json_array_get(json_array_get(c, 0), 0)),
                                   json_number_value(json_array_get(json_array_get(c, 0), 1)),
                                   json_number_value(json_array_get(json_array_get(c, 1), 0)),
                                   json_number_value(json_array_get(json_array_get(c, 1), 1))),
                       10.0, 0.1);
    /* In lon/lat: x = 1000 is 499 km west of the central meridian 117 E (false easting 500 km),
     * at about 92 km per degree of longitude at 34 N: about 111.6 E; y = 3800 km is about
     * 34.3 N (110.9 km per degree), a little less that far from the meridian. */
    cr_assert(fabs(json_number_value(json_array_get(json_array_get(c, 0), 0)) - 111.6) < 0.3);
    cr_assert(fabs(json_number_value(json_array_get(json_array_get(c, 0), 1)) - 34.2) < 0.3);
    for (int k = 1; k < 4; k++) {
        static const char *const want_b[] = {"B", "A", "B"};
        static const double want_m[] = {10, 10, 2990};
        f = feature(root, (size_t)k);
        cr_assert_str_eq(json_string_value(prop(f, "kind")), "isolated");
        cr_assert_str_eq(json_string_value(prop(f, "id_b")), want_b[k - 1], "isolated %d", k);
        cr_assert_float_eq(json_number_value(prop(f, "distance_m")), want_m[k - 1], 1e-6);
        cr_assert_str_eq(geom_type(f), "MultiLineString");
    }
    json_decref(root);
    /* no overlap: the points layer beside it is an empty collection */
    snprintf(path, sizeof path, "%s/diagnostics_overlaps.geojson", dir);
    json_decref(load(path, 0));
    rg_diagnostics_free(ld.diagnostics);
    rg_graph_free(g);
}

/* Two 1 km squares 20 m apart across the antimeridian, in an equirectangular CRS centred on 180
 * (x = -1000 to -10 and 10 to 1000 m): their near miss is a line from 179.9999102 (10 m is
 * 0.0000898 degrees of the equator's 111319.49 m) to -179.9999102, which goes the short way
 * across the line and so is split there, as in every other layer: a MultiLineString whose
 * pieces end and start on 180 and -180 at the same latitude (the line is level). */
Test(export, diagnostics_split_at_the_antimeridian, .init = make_dir, .fini = remove_dir)
{
    static const double x0[2] = {-1000, 10};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_crs crs = {0};
    rg_level_diagnostics ld = {0};
    rg_build_result bo = {0};
    char path[128];
    json_t *root, *f, *c, *west, *east;
    cr_assert_eq(rg_i_crs_from_text("+proj=eqc +lon_0=180 +datum=WGS84", "test", &crs), RG_OK);
    cr_assert_eq(rg_i_regions_new("am.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < 2; i++) {
        char id[2] = {(char)('A' + i), 0};
        double ring[10] = {x0[i], 0, x0[i] + 990, 0, x0[i] + 990, 1000, x0[i], 1000, x0[i], 0};
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, NULL), RG_OK);
        cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
        cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_crs(r, crs.wkt, crs.geographic, crs.unit_metres), RG_OK);
    rg_i_crs_release(&crs);
    cr_assert_eq(rg_contiguity_build(r, NULL, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_adjacency_count(adj), 0);
    cr_assert_eq(rg_contiguity_diagnose(r, adj, 0, 100, &ld.diagnostics), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    bo.ndiagnostics = 1;
    bo.diagnostics = &ld;
    snprintf(path, sizeof path, "%s/diagnostics.geojson", dir);
    cr_assert_eq(rg_build_write_diagnostics(g, &bo, path), RG_OK, "%s", rg_last_error());
    root = load(path, 3); /* the near miss, then both regions isolated */
    for (size_t k = 0; k < 3; k++) {
        f = feature(root, k);
        cr_assert_float_eq(json_number_value(prop(f, "distance_m")), 20.0, 1e-6);
        cr_assert_str_eq(geom_type(f), "MultiLineString", "feature %zu", k);
        c = json_object_get(json_object_get(f, "geometry"), "coordinates");
        cr_assert_eq(json_array_size(c), 2);
        west = json_array_get(c, 0);
        east = json_array_get(c, 1);
        cr_assert_eq(json_array_size(west), 2);
        cr_assert_eq(json_array_size(east), 2);
        /* Each piece runs from its region's side to the line; the pieces meet at one latitude. */
        cr_assert_float_eq(fabs(json_number_value(json_array_get(json_array_get(west, 0), 0))),
                           179.9999102, 1e-9);
        cr_assert_float_eq(fabs(json_number_value(json_array_get(json_array_get(west, 1), 0))),
                           180.0, 1e-12);
        cr_assert_float_eq(json_number_value(json_array_get(json_array_get(west, 1), 0)),
                           -json_number_value(json_array_get(json_array_get(east, 0), 0)), 1e-12);
        cr_assert_float_eq(json_number_value(json_array_get(json_array_get(west, 1), 1)),
                           json_number_value(json_array_get(json_array_get(east, 0), 1)), 1e-12);
        cr_assert_float_eq(fabs(json_number_value(json_array_get(json_array_get(east, 1), 0))),
                           179.9999102, 1e-9);
    }
    json_decref(root);
    rg_diagnostics_free(ld.diagnostics);
    rg_graph_free(g);
}
