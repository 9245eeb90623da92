/* The OGR reader (src/read/ogr.c) on small sources written by the tests themselves: a GeoJSON
 * with a multipolygon with a hole, a null geometry and fields of each type; a point layer; a
 * GeoPackage with two layers (made with ogr2ogr); a CSV layer without a CRS; a curved polygon;
 * and the FILE:LAYER opener (src/read/ogr_open.c) on names holding colons.
 * Expected values are worked out from the coordinates written below. */
#include <criterion/criterion.h>
#include <errno.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regiongraph/regions.h"
#include "read/ogr_internal.h"
#include "leak_check.h"
#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-test-ogr-XXXXXX"
#include "tmpdir_fixture.h"
#include "warnings_fixture.h"


static void setup(void)
{
    capture_warnings();
    make_dir();
}

static void teardown(void)
{
    release_warnings();
    remove_dir();
}

RG_TEST_SUITE(ogr);

static const char *in_dir(const char *name)
{
    static char buf[4][256];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

/* A: a multipolygon: the square (0,0)-(4,4) with the hole (1,1)-(2,2), and the square
 * (10,0)-(11,1). B: null geometry. C: the polygon (4,0)-(6,4) with a Z coordinate. */
static const char regions_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"A\",\"name\":\"Alpha\",\"pop\":12,"
    "\"share\":0.25,\"note\":null},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
    "[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]],"
    "[[[10,0],[11,0],[11,1],[10,1],[10,0]]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"B\",\"name\":\"Beta\",\"pop\":7,"
    "\"share\":1.5,\"note\":\"x\"},\"geometry\":null},\n"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"C\",\"name\":\"Gamma\",\"pop\":null,"
    "\"share\":2,\"note\":\"y\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[4,0,5],[6,0,5],[6,4,5],[4,4,5],[4,0,5]]]}}\n"
    "]}\n";

static rg_regions *read_ok(const char *path, const rg_read_options *o)
{
    rg_regions *r = NULL;
    rg_status st = rg_regions_read(path, o, &r);
    cr_assert_eq(st, RG_OK, "%s: %s", path, rg_last_error());
    cr_assert_not_null(r);
    return r;
}

Test(ogr, geojson_multipolygon_hole_null, .init = setup, .fini = teardown)
{
    rg_regions *r;
    const size_t *ps, *rs, *pts;
    const double *xy;
    const char *s;
    int64_t iv;
    double dv;
    long pop, share, note;
    write_text(in_dir("r.geojson"), regions_geojson);
    r = read_ok(in_dir("r.geojson"), NULL);
    cr_assert_eq(rg_regions_count(r), 3);
    cr_assert_str_eq(rg_regions_id(r, 0), "A");
    cr_assert_str_eq(rg_regions_id(r, 2), "C");
    cr_assert_str_eq(rg_regions_name(r, 1), "Beta");
    cr_assert_str_eq(rg_regions_id_field(r), "code");
    cr_assert_str_eq(rg_regions_name_field(r), "name");
    /* geometry: A has 2 polygons (3 rings), B none, C one (one ring) */
    cr_assert_eq(rg_regions_polygon_count(r), 3);
    cr_assert_eq(rg_regions_ring_count(r), 4);
    cr_assert_eq(rg_regions_point_count(r), 20);
    cr_assert_eq(rg_regions_null_count(r), 1);
    ps = rg_regions_poly_start(r);
    rs = rg_regions_ring_start(r);
    pts = rg_regions_pt_start(r);
    xy = rg_regions_xy(r);
    cr_assert_eq(ps[0], 0);
    cr_assert_eq(ps[1], 2);
    cr_assert_eq(ps[2], 2);
    cr_assert_eq(ps[3], 3);
    cr_assert_eq(rs[1] - rs[0], 2, "exterior then hole in the first polygon");
    /* the hole's second vertex is (1,2), as written */
    cr_assert_eq(xy[2 * (pts[1] + 1)], 1.0);
    cr_assert_eq(xy[2 * (pts[1] + 1) + 1], 2.0);
    /* C: Z dropped, (6,4) is its third vertex */
    cr_assert_eq(xy[2 * (pts[3] + 2)], 6.0);
    cr_assert_eq(xy[2 * (pts[3] + 2) + 1], 4.0);
    /* attributes with their types, nulls null */
    pop = rg_regions_field_index(r, "pop");
    share = rg_regions_field_index(r, "share");
    note = rg_regions_field_index(r, "note");
    cr_assert(pop >= 0 && share >= 0 && note >= 0);
    cr_assert_eq(rg_regions_field_type(r, (size_t)pop), RG_FIELD_INTEGER);
    cr_assert_eq(rg_regions_field_type(r, (size_t)share), RG_FIELD_REAL);
    cr_assert_eq(rg_regions_field_type(r, (size_t)note), RG_FIELD_STRING);
    cr_assert_eq(rg_regions_value_integer(r, 0, (size_t)pop, &iv), 1);
    cr_assert_eq(iv, 12);
    cr_assert_eq(rg_regions_value_integer(r, 2, (size_t)pop, &iv), 0, "null integer");
    cr_assert_eq(rg_regions_value_real(r, 1, (size_t)share, &dv), 1);
    cr_assert_eq(dv, 1.5);
    cr_assert_eq(rg_regions_value_string(r, 0, (size_t)share, &s), 1);
    cr_assert_str_eq(s, "0.25");
    cr_assert_eq(rg_regions_value_string(r, 0, (size_t)note, &s), 0, "null string");
    cr_assert_eq(rg_regions_value_string(r, 2, (size_t)note, &s), 1);
    cr_assert_str_eq(s, "y");
    /* GeoJSON is lon/lat WGS84 by definition: no CRS warning, one null-geometry warning */
    cr_assert(rg_regions_crs_is_geographic(r));
    cr_assert_null(strstr(warnings, "no CRS"), "%s", warnings);
    cr_assert_not_null(strstr(warnings, "r.geojson: 1 null or empty geometry (feature 2)"), "%s",
                       warnings);
    rg_regions_free(r);
}

Test(ogr, encoding_ignored_with_warning, .init = setup, .fini = teardown)
{
    rg_read_options o = {.encoding = "CP936"};
    rg_regions *r;
    write_text(in_dir("r.geojson"), regions_geojson);
    r = read_ok(in_dir("r.geojson"), &o);
    cr_assert_str_eq(rg_regions_name(r, 2), "Gamma");
    cr_assert_not_null(strstr(warnings, "--encoding applies to shapefiles without a .cpg or language byte only: ignored"), "%s", warnings);
    rg_regions_free(r);
}

Test(ogr, point_layer_is_an_error, .init = setup, .fini = teardown)
{
    rg_regions *r = (rg_regions *)1;
    write_text(in_dir("p.geojson"),
               "{\"type\":\"FeatureCollection\",\"features\":["
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},"
               "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}");
    cr_assert_eq(rg_regions_read(in_dir("p.geojson"), NULL, &r), RG_ERR_FORMAT);
    cr_assert_null(r);
    cr_assert_not_null(strstr(rg_last_error(), "p.geojson: geometry type Point is not a polygon type"),
                       "%s", rg_last_error());
}

Test(ogr, duplicate_and_missing_ids, .init = setup, .fini = teardown)
{
    rg_regions *r = (rg_regions *)1;
    rg_read_options o = {.id_field = "name"};
    write_text(in_dir("d.geojson"),
               "{\"type\":\"FeatureCollection\",\"features\":["
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"a\",\"name\":\"x\"},\"geometry\":null},"
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"a\",\"name\":\"y\"},\"geometry\":null}]}");
    cr_assert_eq(rg_regions_read(in_dir("d.geojson"), NULL, &r), RG_ERR_DATA);
    cr_assert_null(r);
    cr_assert_not_null(strstr(rg_last_error(), "d.geojson: record 2: id 'a' in field 'id' repeats record 1"),
                       "%s", rg_last_error());
    r = read_ok(in_dir("d.geojson"), &o);
    cr_assert_str_eq(rg_regions_id(r, 1), "y");
    rg_regions_free(r);
    o.id_field = "nope";
    cr_assert_eq(rg_regions_read(in_dir("d.geojson"), &o, &r), RG_ERR_ARG);
    cr_assert_not_null(strstr(rg_last_error(), "no field 'nope' for the ids; fields are: id, name"),
                       "%s", rg_last_error());
}

Test(ogr, gpkg_layer_selection, .init = setup, .fini = teardown)
{
    char cmd[1024];
    rg_regions *r = (rg_regions *)1;
    write_text(in_dir("r.geojson"), regions_geojson);
    write_text(in_dir("s.geojson"),
               "{\"type\":\"FeatureCollection\",\"features\":["
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"s1\"},\"geometry\":{\"type\":\"Polygon\","
               "\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]}");
    snprintf(cmd, sizeof cmd,
             "ogr2ogr -f GPKG '%s' '%s' -nln first -nlt MULTIPOLYGON && "
             "ogr2ogr -update -f GPKG '%s' '%s' -nln second -nlt MULTIPOLYGON",
             in_dir("two.gpkg"), in_dir("r.geojson"), in_dir("two.gpkg"), in_dir("s.geojson"));
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    /* several layers and none named: an error listing them */
    cr_assert_eq(rg_regions_read(in_dir("two.gpkg"), NULL, &r), RG_ERR_ARG);
    cr_assert_null(r);
    cr_assert_not_null(strstr(rg_last_error(), "two.gpkg: 2 layers (first, second): pick one with"),
                       "%s", rg_last_error());
    r = read_ok(in_dir("two.gpkg:second"), NULL);
    cr_assert_eq(rg_regions_count(r), 1);
    cr_assert_str_eq(rg_regions_id(r, 0), "s1");
    cr_assert_eq(rg_regions_point_count(r), 4);
    rg_regions_free(r);
    r = read_ok(in_dir("two.gpkg:first"), NULL);
    cr_assert_eq(rg_regions_count(r), 3);
    cr_assert_eq(rg_regions_ring_count(r), 4);
    cr_assert_eq(rg_regions_null_count(r), 1);
    rg_regions_free(r);
    cr_assert_eq(rg_regions_read(in_dir("two.gpkg:third"), NULL, &r), RG_ERR_ARG);
    cr_assert_not_null(strstr(rg_last_error(), "no layer 'third'; layers are: first, second"),
                       "%s", rg_last_error());
    cr_assert_eq(rg_regions_read(in_dir("none.gpkg"), NULL, &r), RG_ERR_IO);
    cr_assert_not_null(strstr(rg_last_error(), "none.gpkg: no such file"), "%s", rg_last_error());
}

Test(ogr, missing_crs_warns, .init = setup, .fini = teardown)
{
    rg_regions *r;
    const size_t *pts;
    /* CSV has no CRS; its WKT column gives the geometry, here a curved polygon: the half
     * disc of radius 1 over (-1,0)-(1,0), made linear by GDAL */
    write_text(in_dir("c.csv"),
               "WKT,id\n"
               "\"CURVEPOLYGON(COMPOUNDCURVE(CIRCULARSTRING(-1 0,0 1,1 0),(1 0,-1 0)))\",half\n"
               "\"POLYGON((0 0,1 0,1 1,0 0))\",tri\n");
    r = read_ok(in_dir("c.csv"), NULL);
    cr_assert_eq(rg_regions_count(r), 2);
    cr_assert_not_null(strstr(warnings, "c.csv: no CRS: assuming lon/lat WGS84 (EPSG:4326)"), "%s",
                       warnings);
    cr_assert(rg_regions_crs_is_geographic(r));
    cr_assert_eq(rg_regions_polygon_count(r), 2);
    pts = rg_regions_pt_start(r);
    /* the arc became many vertices; the triangle keeps its 4 */
    cr_assert_gt(pts[1] - pts[0], 20);
    cr_assert_eq(pts[2] - pts[1], 4);
    rg_regions_free(r);
}

Test(ogr, shapefile_dispatch, .init = setup, .fini = teardown)
{
    rg_regions *a = NULL, *b = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/grid3x3.shp", RG_TEST_DATA);
    a = read_ok(path, NULL);
    b = NULL;
    cr_assert_eq(rg_regions_read_ogr(path, NULL, &b), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_count(a), rg_regions_count(b));
    cr_assert_eq(rg_regions_point_count(a), rg_regions_point_count(b));
    for (size_t i = 0; i < rg_regions_count(a); i++)
        cr_assert_str_eq(rg_regions_id(a, i), rg_regions_id(b, i));
    rg_regions_free(a);
    rg_regions_free(b);
}

/* ---- FILE:LAYER with colons in the name (read/ogr_internal.h) ------------------------------ */

/* The square (0,0)-(1,1) in Esri JSON, which GDAL also opens as "ESRIJSON:FILE": a connection
 * string that needs no server. */
static const char square_esrijson[] =
    "{\"geometryType\":\"esriGeometryPolygon\",\"spatialReference\":{\"wkid\":4326},"
    "\"fields\":[{\"name\":\"id\",\"type\":\"esriFieldTypeString\"}],"
    "\"features\":[{\"attributes\":{\"id\":\"sq\"},"
    "\"geometry\":{\"rings\":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]}";

static rg_i_ogr_open_status open_status(const char *path, rg_i_ogr_layer *l)
{
    rg_i_ogr_layer_close(l);
    return rg_i_ogr_open_layer(path, l);
}

Test(ogr, colon_in_a_file_name, .init = setup, .fini = teardown)
{
    rg_i_ogr_layer l = {0};
    char expected[300];
    write_text(in_dir("a:b.geojson"), regions_geojson);
    /* An existing file is never split, colon or not. */
    cr_assert_eq(open_status(in_dir("a:b.geojson"), &l), RG_I_OGR_OPENED);
    cr_assert_str_eq(l.file, in_dir("a:b.geojson"));
    cr_assert_null(l.layer_name);
    cr_assert_str_eq(OGR_L_GetName(l.layer), "a:b");
    /* Split at the last colon when the whole is no file and the part before it is. */
    cr_assert_eq(open_status(in_dir("a:b.geojson:other"), &l), RG_I_OGR_NO_SUCH_LAYER);
    cr_assert_str_eq(l.file, in_dir("a:b.geojson"));
    cr_assert_str_eq(l.layer_name, "other");
    cr_assert_str_eq(l.layers, "a:b");
    /* Neither the whole nor the part is there: missing, named by the part. */
    cr_assert_eq(open_status(in_dir("none.gpkg:roads"), &l), RG_I_OGR_MISSING);
    cr_assert_str_eq(l.file, in_dir("none.gpkg"));
    cr_assert_eq(l.missing_errno, ENOENT);
    /* A trailing colon names no layer. */
    cr_assert_eq(open_status(in_dir("a:b.geojson:"), &l), RG_I_OGR_MISSING);
    rg_i_ogr_layer_close(&l);
    /* Through the region reader, messages name the file the split found. */
    rg_regions *r = NULL;
    cr_assert_eq(rg_regions_read(in_dir("a:b.geojson:other"), NULL, &r), RG_ERR_ARG);
    snprintf(expected, sizeof expected, "%s: no layer 'other'; layers are: a:b",
             in_dir("a:b.geojson"));
    cr_assert_str_eq(rg_last_error(), expected);
}

Test(ogr, connection_strings, .init = setup, .fini = teardown)
{
    rg_i_ogr_layer l = {0};
    rg_regions *r;
    char path[320], prefix[280];
    write_text(in_dir("sq.json"), square_esrijson);
    snprintf(prefix, sizeof prefix, "ESRIJSON:%s", in_dir("sq.json"));
    /* The whole string opens: no split, though it holds colons and is no file. */
    cr_assert_eq(open_status(prefix, &l), RG_I_OGR_OPENED);
    cr_assert_str_eq(l.file, prefix);
    cr_assert_null(l.layer_name);
    /* CONNECTION:LAYER: the whole does not open, the part before the last colon does. */
    snprintf(path, sizeof path, "%s:sq", prefix);
    cr_assert_eq(open_status(path, &l), RG_I_OGR_OPENED);
    cr_assert_str_eq(l.file, prefix);
    cr_assert_str_eq(l.layer_name, "sq");
    snprintf(path, sizeof path, "%s:nope", prefix);
    cr_assert_eq(open_status(path, &l), RG_I_OGR_NO_SUCH_LAYER);
    cr_assert_str_eq(l.layers, "sq");
    /* A connection string that does not open is unreadable, never a missing file, with or
     * without a layer (host=/nonexistent: no server is asked). */
    cr_assert_eq(open_status("PG:dbname=rg_no_such_db host=/nonexistent", &l),
                 RG_I_OGR_UNREADABLE);
    cr_assert_eq(open_status("PG:dbname=rg_no_such_db host=/nonexistent:roads", &l),
                 RG_I_OGR_UNREADABLE);
    cr_assert_str_eq(l.file, "PG:dbname=rg_no_such_db host=/nonexistent");
    rg_i_ogr_layer_close(&l);
    rg_i_ogr_layer_close(&l); /* closing twice is harmless */
    snprintf(path, sizeof path, "%s:sq", prefix);
    r = read_ok(path, NULL);
    cr_assert_eq(rg_regions_count(r), 1);
    cr_assert_str_eq(rg_regions_id(r, 0), "sq");
    rg_regions_free(r);
    r = NULL;
    cr_assert_eq(rg_regions_read("PG:dbname=rg_no_such_db host=/nonexistent", NULL, &r),
                 RG_ERR_FORMAT);
    cr_assert_str_eq(rg_last_error(), "PG:dbname=rg_no_such_db host=/nonexistent: not a vector "
                                      "data source that GDAL can read");
}

/* A real field read as text (here the names) is the shortest text that reads back as the same
 * double: 16 digits where 17 are not needed. */
Test(ogr, real_field_text_is_shortest_round_trip, .init = setup, .fini = teardown)
{
    rg_read_options o = {.name_field = "share"};
    rg_regions *r;
    write_text(in_dir("q.geojson"),
               "{\"type\":\"FeatureCollection\",\"features\":["
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"a\",\"share\":0.3333333333333333},"
               "\"geometry\":null},"
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"b\",\"share\":0.30000000000000004},"
               "\"geometry\":null},"
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"c\",\"share\":0.1},"
               "\"geometry\":null}]}");
    r = read_ok(in_dir("q.geojson"), &o);
    cr_assert_str_eq(rg_regions_name(r, 0), "0.3333333333333333");
    cr_assert_str_eq(rg_regions_name(r, 1), "0.30000000000000004");
    cr_assert_str_eq(rg_regions_name(r, 2), "0.1");
    rg_regions_free(r);
}
