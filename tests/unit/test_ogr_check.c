/* What the OGR region reader checks beyond GDAL (src/read/ogr.c, src/read/topojson_check.c):
 * unclosed GeoJSON rings closed with a warning naming the feature, and TopoJSON arc indices
 * against the file's arcs, with the JSON the scan must get through (arcs after objects, escaped
 * keys and strings, numeric ids, reversed arcs, a top-level object that is one geometry).
 * Expected values come from the coordinates and indices written below. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regiongraph/regions.h"
#include "leak_check.h"
#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-test-ogr-check-XXXXXX"
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

RG_TEST_SUITE(ogr_check);

static const char *in_dir(const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

/* Feature 1: the triangle (0,0) (2,0) (0,2), not closed (3 vertices: GDAL's reading alone
 * gave a ring too short to keep). Feature 2: a closed unit square. */
Test(ogr_check, unclosed_ring_closed_with_warning, .init = setup, .fini = teardown)
{
    rg_regions *r = NULL;
    const size_t *pts;
    const double *xy;
    write_text(in_dir("t.geojson"),
               "{\"type\":\"FeatureCollection\",\"features\":["
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"t\"},\"geometry\":{\"type\":"
               "\"Polygon\",\"coordinates\":[[[0,0],[2,0],[0,2]]]}},"
               "{\"type\":\"Feature\",\"properties\":{\"id\":\"s\"},\"geometry\":{\"type\":"
               "\"Polygon\",\"coordinates\":[[[2,0],[3,0],[3,1],[2,1],[2,0]]]}}]}");
    cr_assert_eq(rg_regions_read(in_dir("t.geojson"), NULL, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_count(r), 2);
    cr_assert_eq(rg_regions_null_count(r), 0, "the triangle is kept");
    pts = rg_regions_pt_start(r);
    xy = rg_regions_xy(r);
    cr_assert_eq(pts[1] - pts[0], 4, "closed: 3 vertices and the first again");
    cr_assert_eq(xy[2 * 3], 0.0);
    cr_assert_eq(xy[2 * 3 + 1], 0.0);
    cr_assert_eq(pts[2] - pts[1], 5, "the closed square is as written");
    cr_assert_not_null(strstr(warnings, "t.geojson: 1 ring is not closed"), "%s", warnings);
    cr_assert_not_null(strstr(warnings, "in 1 feature (feature 1)"), "%s", warnings);
    rg_regions_free(r);
}

/* Two unit squares side by side: arc 0 is the shared edge (1,0)-(1,1), arc 1 the rest of the
 * left square, arc 2 the rest of the right one. "arcs" comes after "objects", and keys and
 * strings hold escapes the scan must step over. */
static void write_topology(const char *left_arcs, const char *right_arcs)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"type\":\"Topology\",\"objects\":{\"two \\\"squares\\\"\":{\"type\":"
             "\"GeometryCollection\",\"geometries\":["
             "{\"type\":\"Polygon\",\"id\":7,\"properties\":{\"id\":\"L\",\"n\\\\b\":\"x]}\"},"
             "\"arcs\":%s},"
             "{\"type\":\"Polygon\",\"id\":\"R\",\"properties\":{\"id\":\"R\"},\"arcs\":%s}]}},"
             "\"arcs\":[[[1,0],[1,1]],[[1,1],[0,1],[0,0],[1,0]],"
             "[[1,0],[2,0],[2,1],[1,1]]]}",
             left_arcs, right_arcs);
    write_text(in_dir("t.topojson"), text);
}

Test(ogr_check, topojson_arcs_in_range_read, .init = setup, .fini = teardown)
{
    rg_regions *r = NULL;
    write_topology("[[0,1]]", "[[2,-1]]"); /* -1 is ~0: the shared edge reversed */
    cr_assert_eq(rg_regions_read(in_dir("t.topojson"), NULL, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_count(r), 2);
    cr_assert_eq(rg_regions_null_count(r), 0);
    cr_assert_eq(rg_regions_point_count(r), 10, "two closed squares of 5 vertices");
    rg_regions_free(r);
}

Test(ogr_check, topojson_arc_past_the_end, .init = setup, .fini = teardown)
{
    rg_regions *r = NULL;
    write_topology("[[0,3]]", "[[2,-1]]"); /* 3 arcs: index 3 is one past */
    cr_assert_eq(rg_regions_read(in_dir("t.topojson"), NULL, &r), RG_ERR_FORMAT);
    cr_assert_null(r);
    cr_assert_not_null(strstr(rg_last_error(), "t.topojson: object 'two \\\"squares\\\"', "
                                               "feature 1 (id '7'): arc index 3 is past the "
                                               "file's 3 arcs"),
                       "%s", rg_last_error());
}

Test(ogr_check, topojson_reversed_arc_past_the_end, .init = setup, .fini = teardown)
{
    rg_regions *r = NULL;
    write_topology("[[0,1]]", "[[2,[-4]]]"); /* ~3, in a deeper array */
    cr_assert_eq(rg_regions_read(in_dir("t.topojson"), NULL, &r), RG_ERR_FORMAT);
    cr_assert_not_null(strstr(rg_last_error(), "feature 2 (id 'R'): arc index -4 (arc 3 "
                                               "reversed)"),
                       "%s", rg_last_error());
}

/* An object that is one polygon, not a collection: it is feature 1 of its layer. */
Test(ogr_check, topojson_single_geometry_object, .init = setup, .fini = teardown)
{
    rg_regions *r = NULL;
    write_text(in_dir("one.topojson"),
               "{\"type\":\"Topology\",\"arcs\":[[[0,0],[1,0],[1,1],[0,0]]],\"objects\":"
               "{\"solo\":{\"type\":\"Polygon\",\"properties\":{\"id\":\"s\"},\"arcs\":[[1]]}}}");
    cr_assert_eq(rg_regions_read(in_dir("one.topojson"), NULL, &r), RG_ERR_FORMAT);
    cr_assert_not_null(strstr(rg_last_error(), "object 'solo', feature 1: arc index 1 is past "
                                               "the file's 1 arc"),
                       "%s", rg_last_error());
}
