/* The shapefile reader on the fixtures of tests/data (made by tools/make-fixtures). Expected
 * values come from the GeoJSON sources in tests/data/src and the fixture script, and were
 * checked against GDAL (ogrinfo) and geopandas. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <shapefil.h>

#include "model/regions_internal.h"
#include "regiongraph/regions.h"
#include "leak_check.h"
#include "warnings_fixture.h"


static char path_buf[4][1024];
static int path_next;

/* Path of a fixture; a few can be live at once. */
static const char *data(const char *name)
{
    char *p = path_buf[path_next++ % 4];
    snprintf(p, sizeof path_buf[0], "%s/%s", RG_TEST_DATA, name);
    return p;
}

static void setup(void)
{
    capture_warnings();
}

static rg_regions *load(const char *name, const char *id, const char *name_field,
                        const char *encoding)
{
    rg_read_options o = {.id_field = id, .name_field = name_field, .encoding = encoding};
    rg_regions *r = NULL;
    rg_status st = rg_regions_read_shapefile(data(name), &o, &r);
    cr_assert_eq(st, RG_OK, "%s: %s", name, rg_last_error());
    cr_assert_not_null(r);
    return r;
}

/* Reads a fixture that must fail; returns the message with the data directory removed. */
static const char *fails(const char *name, const rg_read_options *o, rg_status expected)
{
    static char msg[2048];
    rg_regions *r = (rg_regions *)1;
    rg_status st = rg_regions_read_shapefile(name[0] == '/' ? name : data(name), o, &r);
    const char *full = rg_last_error(), *dir = RG_TEST_DATA "/";
    char *hit;
    cr_assert_eq(st, expected, "%s: status %d, message: %s", name, st, full);
    cr_assert_null(r);
    snprintf(msg, sizeof msg, "%s", full);
    while ((hit = strstr(msg, dir)))
        memmove(hit, hit + strlen(dir), strlen(hit + strlen(dir)) + 1);
    return msg;
}

static const char *text_of(const rg_regions *r, size_t i, const char *field)
{
    const char *s = NULL;
    long f = rg_regions_field_index(r, field);
    cr_assert_geq(f, 0, "no field %s", field);
    return rg_regions_value_string(r, i, (size_t)f, &s) ? s : NULL;
}

/* Number of polygons and rings of region i. */
static size_t polygons_of(const rg_regions *r, size_t i)
{
    return rg_regions_poly_start(r)[i + 1] - rg_regions_poly_start(r)[i];
}

static size_t rings_of_polygon(const rg_regions *r, size_t p)
{
    return rg_regions_ring_start(r)[p + 1] - rg_regions_ring_start(r)[p];
}

/* First point of ring k. */
static void ring_start_point(const rg_regions *r, size_t k, double *x, double *y)
{
    size_t pt = rg_regions_pt_start(r)[k];
    *x = rg_regions_xy(r)[2 * pt];
    *y = rg_regions_xy(r)[2 * pt + 1];
}

static void copy_file(const char *from, const char *to)
{
    char buf[8192];
    size_t n;
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    cr_assert(in && out, "copy %s -> %s", from, to);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rg-test-shp-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[300];
    if (!tmpdir[0])
        return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

/* Copies fixture `name` (the listed extensions) to tmpdir/`as`.ext. */
static void copy_fixture(const char *name, const char *as, const char *exts)
{
    char ext[8], from[1024], to[1024];
    const char *e = exts;
    int used;
    while (sscanf(e, "%7s%n", ext, &used) == 1) {
        snprintf(from, sizeof from, "%s/%s.%s", RG_TEST_DATA, name, ext);
        snprintf(to, sizeof to, "%s/%s.%s", tmpdir, as, ext);
        copy_file(from, to);
        e += used;
    }
}

TestSuite(shapefile, .init = setup, .fini = rg_test_leak_check);

Test(shapefile, grid_ids_names_fields_and_crs)
{
    static const char *ids[] = {"r0c0", "r0c1", "r0c2", "r1c0", "r1c1", "r1c2", "r2c0", "r2c1", "r2c2"};
    static const char *names[] = {"A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3"};
    static const int64_t pops[] = {120, 340, 120, 560, 780, 900, 450, 230, 610};
    rg_regions *r = load("grid3x3.shp", NULL, NULL, NULL);
    int64_t pop;
    double share;

    cr_assert_eq(rg_regions_count(r), 9);
    cr_assert_str_eq(rg_regions_source(r), data("grid3x3.shp"));
    cr_assert_str_eq(rg_regions_id_field(r), "id");
    cr_assert_str_eq(rg_regions_name_field(r), "name");
    for (size_t i = 0; i < 9; i++) {
        cr_assert_str_eq(rg_regions_id(r, i), ids[i]);
        cr_assert_str_eq(rg_regions_name(r, i), names[i]);
        cr_assert_eq(rg_regions_value_integer(r, i, 2, &pop), 1);
        cr_assert_eq(pop, pops[i]);
        char pop_text[16];
        snprintf(pop_text, sizeof pop_text, "%lld", (long long)pops[i]);
        cr_assert_str_eq(text_of(r, i, "pop"), pop_text);
    }
    cr_assert_eq(rg_regions_value_real(r, 4, 3, &share), 1);
    cr_assert_float_eq(share, 0.78, 1e-12);
    cr_assert_str_eq(text_of(r, 4, "share"), "0.780000000000000");

    /* every field, with the DBF widths that ogr2ogr -lco RESIZE=YES wrote */
    cr_assert_eq(rg_regions_field_count(r), 4);
    cr_assert_str_eq(rg_regions_field_name(r, 0), "id");
    cr_assert_str_eq(rg_regions_field_name(r, 3), "share");
    cr_assert_eq(rg_regions_field_type(r, 0), RG_FIELD_STRING);
    cr_assert_eq(rg_regions_field_type(r, 1), RG_FIELD_STRING);
    cr_assert_eq(rg_regions_field_type(r, 2), RG_FIELD_INTEGER);
    cr_assert_eq(rg_regions_field_type(r, 3), RG_FIELD_REAL);
    cr_assert_eq(r->fields[0].width, 4);
    cr_assert_eq(r->fields[2].width, 3);
    cr_assert_eq(r->fields[3].width, 24);
    cr_assert_eq(r->fields[3].precision, 15);

    /* EPSG:32650: projected, metres */
    cr_assert_eq(rg_regions_crs_is_geographic(r), 0);
    cr_assert_float_eq(rg_regions_crs_unit_metres(r), 1.0, 0);
    cr_assert_not_null(strstr(rg_regions_crs_wkt(r), "UTM zone 50N"));

    /* one square each, as written: clockwise from the south-west corner */
    cr_assert_eq(rg_regions_polygon_count(r), 9);
    cr_assert_eq(rg_regions_ring_count(r), 9);
    cr_assert_eq(rg_regions_point_count(r), 45);
    cr_assert_eq(rg_regions_null_count(r), 0);
    const double r0c0[] = {500000, 3802000, 500000, 3803000, 501000, 3803000,
                           501000, 3802000, 500000, 3802000};
    cr_assert_arr_eq(rg_regions_xy(r), r0c0, sizeof r0c0);
    cr_assert_str_eq(warnings, "");
    rg_regions_free(r);
}

Test(shapefile, path_without_extension_and_upper_case_files)
{
    rg_regions *r = load("grid3x3", NULL, NULL, NULL);
    cr_assert_eq(rg_regions_count(r), 9);
    rg_regions_free(r);

    make_tmpdir();
    char from[1024], to[1024];
    const char *exts[] = {"shp", "shx", "dbf", "prj", "cpg"}, *upper[] = {"SHP", "SHX", "DBF", "PRJ", "CPG"};
    for (int k = 0; k < 5; k++) {
        snprintf(from, sizeof from, "%s/grid3x3.%s", RG_TEST_DATA, exts[k]);
        snprintf(to, sizeof to, "%s/OLD.DOS.%s", tmpdir, upper[k]);
        copy_file(from, to);
    }
    /* a dot in the base name must survive; the .PRJ is found, so no warning */
    snprintf(to, sizeof to, "%s/OLD.DOS", tmpdir);
    r = NULL;
    cr_assert_eq(rg_regions_read_shapefile(to, NULL, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_count(r), 9);
    cr_assert_str_eq(rg_regions_id(r, 8), "r2c2");
    cr_assert_eq(rg_regions_crs_is_geographic(r), 0);
    cr_assert_str_eq(warnings, "");
    rg_regions_free(r);
    remove_tmpdir();
}

Test(shapefile, holes_go_with_their_exterior)
{
    rg_regions *r = load("holes.shp", NULL, NULL, NULL);
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r);
    double x, y;
    cr_assert_eq(rg_regions_count(r), 3);
    cr_assert_eq(rg_regions_polygon_count(r), 4);
    cr_assert_eq(rg_regions_ring_count(r), 5);
    /* ring: one polygon, exterior then the 1 km hole */
    cr_assert_str_eq(rg_regions_id(r, 0), "ring");
    cr_assert_eq(polygons_of(r, 0), 1);
    cr_assert_eq(rings_of_polygon(r, ps[0]), 2);
    ring_start_point(r, rs[ps[0]], &x, &y);
    cr_assert(x == 500000 && y == 3800000);
    ring_start_point(r, rs[ps[0]] + 1, &x, &y);
    cr_assert(x == 501000 && y == 3801000);
    /* the enclave fills the hole */
    cr_assert_eq(polygons_of(r, 1), 1);
    cr_assert_eq(rings_of_polygon(r, ps[1]), 1);
    ring_start_point(r, rs[ps[1]], &x, &y);
    cr_assert(x == 501000 && y == 3801000);
    /* multi: two parts, two polygons of one ring */
    cr_assert_str_eq(rg_regions_id(r, 2), "multi");
    cr_assert_eq(polygons_of(r, 2), 2);
    cr_assert_eq(rings_of_polygon(r, ps[2]), 1);
    cr_assert_eq(rings_of_polygon(r, ps[2] + 1), 1);
    ring_start_point(r, rs[ps[2] + 1], &x, &y);
    cr_assert(x == 503000 && y == 3802000);
    rg_regions_free(r);
}

Test(shapefile, nested_holes_stray_holes_and_wrongly_wound_rings)
{
    rg_regions *r = load("rings.shp", NULL, NULL, NULL);
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r);
    const size_t *pt = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    double x, y;
    cr_assert_eq(rg_regions_count(r), 5);
    cr_assert_eq(rg_regions_polygon_count(r), 8);
    cr_assert_eq(rg_regions_ring_count(r), 12);
    /* no name field: the ids stand in */
    cr_assert_null(rg_regions_name_field(r));
    cr_assert_str_eq(rg_regions_name(r, 0), "donut");

    /* donut: rings in the file A, island, hole of A, hole of the island. The island's hole lies
     * inside both A and the island: it belongs to the smaller one. */
    cr_assert_eq(polygons_of(r, 0), 2);
    cr_assert_eq(rings_of_polygon(r, ps[0]), 2);
    ring_start_point(r, rs[ps[0]], &x, &y);     /* A */
    cr_assert(x == 506000 && y == 3800000);
    ring_start_point(r, rs[ps[0]] + 1, &x, &y); /* A's hole */
    cr_assert(x == 507000 && y == 3801000);
    cr_assert_eq(rings_of_polygon(r, ps[0] + 1), 2);
    ring_start_point(r, rs[ps[0] + 1], &x, &y); /* island */
    cr_assert(x == 507500 && y == 3801500);
    ring_start_point(r, rs[ps[0] + 1] + 1, &x, &y); /* island's hole */
    cr_assert(x == 508000 && y == 3802000);

    /* stray: a hole outside every exterior stays with the exterior before it */
    cr_assert_eq(polygons_of(r, 1), 1);
    cr_assert_eq(rings_of_polygon(r, ps[1]), 2);
    ring_start_point(r, rs[ps[1]] + 1, &x, &y);
    cr_assert(x == 514000 && y == 3800000);

    /* ccw2: two disjoint counter-clockwise rings (none clockwise): two exteriors */
    cr_assert_eq(polygons_of(r, 2), 2);
    cr_assert_eq(rings_of_polygon(r, ps[2]), 1);
    cr_assert_eq(rings_of_polygon(r, ps[2] + 1), 1);

    /* ccwdonut: all counter-clockwise, one inside the other: a polygon with a hole, and the
     * coordinates are kept as read (still counter-clockwise: second point east of the first) */
    cr_assert_eq(polygons_of(r, 3), 1);
    cr_assert_eq(rings_of_polygon(r, ps[3]), 2);
    size_t ext = rs[ps[3]];
    cr_assert(xy[2 * pt[ext]] == 504000 && xy[2 * pt[ext] + 1] == 3806000);
    cr_assert(xy[2 * pt[ext] + 2] == 507000 && xy[2 * pt[ext] + 3] == 3806000);
    ring_start_point(r, ext + 1, &x, &y);
    cr_assert(x == 505000 && y == 3807000);

    /* cw2: two clockwise rings: two exteriors */
    cr_assert_eq(polygons_of(r, 4), 2);
    rg_regions_free(r);
}

Test(shapefile, self_touching_ring_loads_as_it_is)
{
    /* the ring touches itself at (502000, 3804000): an "inverted hole", invalid for OGC */
    const double expected[] = {500000, 3800000, 500000, 3804000, 502000, 3804000, 501000, 3802000,
                               502000, 3801000, 503000, 3802000, 502000, 3804000, 504000, 3804000,
                               504000, 3800000, 500000, 3800000};
    rg_regions *r = load("selftouch.shp", NULL, NULL, NULL);
    cr_assert_eq(rg_regions_count(r), 3);
    cr_assert_str_eq(rg_regions_id(r, 0), "st");
    cr_assert_eq(polygons_of(r, 0), 1);
    cr_assert_eq(rings_of_polygon(r, 0), 1);
    cr_assert_eq(rg_regions_pt_start(r)[1], 10);
    cr_assert_arr_eq(rg_regions_xy(r), expected, sizeof expected);
    cr_assert_str_eq(rg_regions_id(r, 1), "nb");
    cr_assert_str_eq(rg_regions_name(r, 2), "Inside");
    cr_assert_eq(rg_regions_polygon_count(r), 3);
    cr_assert_eq(rg_regions_null_count(r), 0);
    rg_regions_free(r);
}

Test(shapefile, tjunction_and_corners_geometry_as_written)
{
    rg_regions *r = load("tjunction.shp", NULL, NULL, NULL);
    cr_assert_eq(rg_regions_count(r), 3);
    cr_assert_eq(rg_regions_crs_is_geographic(r), 1);
    /* the wide top rectangle has only its 4 corners: no vertex at 117.1 */
    cr_assert_eq(rg_regions_pt_start(r)[1], 5);
    for (size_t k = 0; k < 5; k++)
        cr_assert(rg_regions_xy(r)[2 * k] == 117.0 || rg_regions_xy(r)[2 * k] == 117.2);
    cr_assert_str_eq(rg_regions_id(r, 2), "right");
    rg_regions_free(r);

    r = load("corners.shp", NULL, NULL, NULL);
    cr_assert_eq(rg_regions_count(r), 6);
    cr_assert_eq(rg_regions_polygon_count(r), 6);
    cr_assert_str_eq(rg_regions_name(r, 4), "Edge one");
    cr_assert_eq(rg_regions_crs_is_geographic(r), 0);
    rg_regions_free(r);
}

Test(shapefile, null_shapes_are_kept_counted_and_reported_once)
{
    rg_regions *r = load("nulls.shp", NULL, NULL, NULL);
    char expected[1200];
    cr_assert_eq(rg_regions_count(r), 5);
    cr_assert_eq(rg_regions_null_count(r), 2);
    cr_assert_eq(rg_regions_polygon_count(r), 3);
    cr_assert_eq(polygons_of(r, 0), 1);
    cr_assert_eq(polygons_of(r, 1), 0);
    cr_assert_eq(polygons_of(r, 2), 1);
    cr_assert_eq(polygons_of(r, 3), 0);
    cr_assert_eq(polygons_of(r, 4), 1);
    /* attributes of a region without geometry are data too */
    cr_assert_str_eq(rg_regions_id(r, 1), "n2");
    cr_assert_str_eq(rg_regions_name(r, 3), "Null test 4");
    snprintf(expected, sizeof expected, "%s: 2 null or empty shapes (records 2, 4)\n",
             data("nulls.shp"));
    cr_assert_str_eq(warnings, expected);
    rg_regions_free(r);
}

Test(shapefile, every_dbf_field_type)
{
    rg_regions *r = load("types.shp", NULL, NULL, NULL);
    int64_t i64;
    double d;
    char expected[1200];
    static const rg_field_type types[] = {RG_FIELD_STRING, RG_FIELD_INTEGER, RG_FIELD_INTEGER,
                                          RG_FIELD_REAL,   RG_FIELD_REAL,    RG_FIELD_REAL,
                                          RG_FIELD_STRING, RG_FIELD_STRING,  RG_FIELD_STRING};
    cr_assert_eq(rg_regions_field_count(r), 9);
    for (size_t f = 0; f < 9; f++)
        cr_assert_eq(rg_regions_field_type(r, f), types[f], "field %zu", f);
    /* no id field: "code" is the second default */
    cr_assert_str_eq(rg_regions_id_field(r), "code");
    cr_assert_str_eq(rg_regions_id(r, 2), "C3");
    cr_assert_eq(r->fields[4].width, 12);
    cr_assert_eq(r->fields[4].precision, 3);

    /* N(9,0) */
    cr_assert_eq(rg_regions_value_integer(r, 0, 1, &i64), 1);
    cr_assert_eq(i64, 42);
    cr_assert_eq(rg_regions_value_integer(r, 1, 1, &i64), 0); /* blank: null */
    cr_assert_eq(rg_regions_value_integer(r, 2, 1, &i64), 1);
    cr_assert_eq(i64, -3);
    cr_assert_str_eq(text_of(r, 2, "n_int"), "-3");
    /* N(12,0): beyond 32 bits, still an integer */
    cr_assert_eq(rg_regions_value_integer(r, 0, 2, &i64), 1);
    cr_assert_eq(i64, 9876543210LL);
    /* N(20,0): too wide for 64 bits: real */
    cr_assert_eq(rg_regions_value_real(r, 0, 3, &d), 1);
    cr_assert_float_eq(d, 12345678901234567890.0, 1e4);
    cr_assert_str_eq(text_of(r, 0, "n_big"), "12345678901234567890");
    /* N(12,3), with a row of asterisks as null */
    cr_assert_eq(rg_regions_value_real(r, 0, 4, &d), 1);
    cr_assert_float_eq(d, 3.125, 0);
    cr_assert_eq(rg_regions_value_real(r, 1, 4, &d), 0);
    cr_assert_str_eq(text_of(r, 2, "n_real"), "-2.500");
    /* F(10,2) */
    cr_assert_eq(rg_regions_value_real(r, 0, 5, &d), 1);
    cr_assert_float_eq(d, -0.5, 0);
    cr_assert_str_eq(text_of(r, 1, "f_real"), "1000.00");
    /* L: T / ? (null) / F */
    cr_assert_str_eq(text_of(r, 0, "flag"), "T");
    cr_assert_null(text_of(r, 1, "flag"));
    cr_assert_str_eq(text_of(r, 2, "flag"), "F");
    /* D: ISO dates; 00000000 is null */
    cr_assert_str_eq(text_of(r, 0, "day"), "2024-03-15");
    cr_assert_null(text_of(r, 1, "day"));
    cr_assert_str_eq(text_of(r, 2, "day"), "1999-12-31");
    /* C: trailing padding goes, leading spaces stay; blank is null; UTF-8 from the .cpg */
    cr_assert_str_eq(text_of(r, 0, "label"), "  lead space");
    cr_assert_null(text_of(r, 1, "label"));
    cr_assert_str_eq(text_of(r, 2, "label"), "café");

    /* record 3 is a polygon with no parts */
    cr_assert_eq(rg_regions_null_count(r), 1);
    snprintf(expected, sizeof expected, "%s: 1 null or empty shape (record 3)\n", data("types.shp"));
    cr_assert_str_eq(warnings, expected);
    rg_regions_free(r);
}

static void assert_xuzhou_suzhou_zaozhuang(const rg_regions *r)
{
    cr_assert_eq(rg_regions_count(r), 3);
    cr_assert_str_eq(rg_regions_id_field(r), "code");
    cr_assert_str_eq(rg_regions_id(r, 0), "320300");
    cr_assert_str_eq(rg_regions_name(r, 0), "徐州市");
    cr_assert_str_eq(rg_regions_name(r, 1), "宿州市");
    cr_assert_str_eq(rg_regions_name(r, 2), "枣庄市");
    cr_assert_str_eq(text_of(r, 0, "prov"), "江苏省");
    cr_assert_str_eq(text_of(r, 1, "prov"), "安徽省");
    cr_assert_str_eq(text_of(r, 2, "prov"), "山东省");
    cr_assert_eq(rg_regions_crs_is_geographic(r), 1);
}

Test(shapefile, gbk_from_the_cpg)
{
    rg_regions *r = load("gbk.shp", NULL, NULL, NULL);
    assert_xuzhou_suzhou_zaozhuang(r);
    rg_regions_free(r);
}

Test(shapefile, gbk_from_the_language_byte)
{
    rg_regions *r = load("gbk_ldid.shp", NULL, NULL, NULL);
    assert_xuzhou_suzhou_zaozhuang(r);
    rg_regions_free(r);
}

Test(shapefile, gbk_without_any_label_is_guessed_with_a_warning)
{
    char expected[1024];
    /* D0 EC D6 DD CA D0: valid GBK, and six accented Latin-1 letters in a row is no Latin-1 text */
    rg_regions *r = load("gbk_nocpg.shp", NULL, NULL, NULL);
    assert_xuzhou_suzhou_zaozhuang(r);
    snprintf(expected, sizeof expected,
             "%s: no .cpg and no language byte: the text reads as GB18030, so it is decoded as "
             "such; if the names look wrong, give the encoding with --encoding\n",
             data("gbk_nocpg.dbf"));
    cr_assert_str_eq(warnings, expected);
    rg_regions_free(r);
    const char *spellings[] = {"CP936", "936", "gbk"};
    for (int k = 0; k < 3; k++) {
        r = load("gbk_nocpg.shp", NULL, NULL, spellings[k]);
        assert_xuzhou_suzhou_zaozhuang(r);
        rg_regions_free(r);
    }
    /* the override still wins: read as Latin-1 when told so */
    r = load("gbk_nocpg.shp", NULL, NULL, "ISO-8859-1");
    cr_assert_str_eq(rg_regions_name(r, 0), "\u00d0\u00ec\u00d6\u00dd\u00ca\u00d0");
    rg_regions_free(r);
}

Test(shapefile, utf8_without_any_label_is_utf8)
{
    rg_regions *r = load("utf8_nocpg.shp", NULL, NULL, NULL);
    cr_assert_str_eq(rg_regions_name(r, 0), "徐州市");
    cr_assert_str_eq(rg_regions_name(r, 1), "宿州市");
    cr_assert_str_eq(rg_regions_name(r, 2), "枣庄市");
    cr_assert_not_null(strstr(warnings, "the text reads as UTF-8"), "%s", warnings);
    rg_regions_free(r);
}

Test(shapefile, latin1_without_any_label_stays_latin1)
{
    /* every name is valid GBK too (FC 72, E8 76, E3 6F, D1 75), but reads as Latin-1 text */
    rg_regions *r = load("latin1_nocpg.shp", NULL, NULL, NULL);
    cr_assert_str_eq(rg_regions_name(r, 0), "Z\u00fcrich");
    cr_assert_str_eq(rg_regions_name(r, 1), "Gen\u00e8ve");
    cr_assert_str_eq(rg_regions_name(r, 2), "S\u00e3o Jo\u00e3o");
    cr_assert_str_eq(rg_regions_name(r, 3), "\u00d1u\u00f1oa");
    cr_assert_null(strstr(warnings, "reads as"), "%s", warnings);
    rg_regions_free(r);
}

Test(shapefile, encoding_errors_name_file_record_and_field)
{
    rg_read_options o = {.encoding = "UTF-8"};
    cr_assert_str_eq(fails("gbk.shp", &o, RG_ERR_ENCODING),
                     "gbk.dbf: record 1: field 'name': invalid UTF-8 byte sequence at byte 1 "
                     "(try --encoding)");
    cr_assert_str_eq(fails("badgbk.shp", NULL, RG_ERR_ENCODING),
                     "badgbk.dbf: record 2: field 'name': invalid CP936 byte sequence at byte 3 "
                     "(try --encoding)");
    o.encoding = "no-such-encoding";
    cr_assert_str_eq(fails("gbk.shp", &o, RG_ERR_ENCODING),
                     "unknown text encoding 'no-such-encoding' (--encoding)");
}

Test(shapefile, unrecognised_cpg_falls_back_to_the_language_byte)
{
    char path[512], expected[1024];
    make_tmpdir();
    copy_fixture("gbk_ldid", "g", "shp shx dbf prj");
    snprintf(path, sizeof path, "%s/g.cpg", tmpdir);
    write_text(path, "SOMETHING-ODD\n");
    snprintf(path, sizeof path, "%s/g.shp", tmpdir);
    rg_regions *r = NULL;
    cr_assert_eq(rg_regions_read_shapefile(path, NULL, &r), RG_OK, "%s", rg_last_error());
    assert_xuzhou_suzhou_zaozhuang(r);
    snprintf(expected, sizeof expected, "%s/g.cpg: encoding 'SOMETHING-ODD' not recognised: ignored\n",
             tmpdir);
    cr_assert_str_eq(warnings, expected);
    rg_regions_free(r);
    remove_tmpdir();
}

Test(shapefile, id_and_name_fields_chosen_by_the_user)
{
    /* exact name, then case-insensitive */
    rg_regions *r = load("grid3x3.shp", "NAME", "id", NULL);
    cr_assert_str_eq(rg_regions_id_field(r), "name");
    cr_assert_str_eq(rg_regions_name_field(r), "id");
    cr_assert_str_eq(rg_regions_id(r, 3), "B1");
    cr_assert_str_eq(rg_regions_name(r, 3), "r1c0");
    rg_regions_free(r);

    rg_read_options o = {.id_field = "nope"};
    cr_assert_str_eq(fails("grid3x3.shp", &o, RG_ERR_ARG),
                     "grid3x3.dbf: no field 'nope' for the ids; fields are: id, name, pop, share");
    o = (rg_read_options){.name_field = "nom"};
    cr_assert_str_eq(fails("grid3x3.shp", &o, RG_ERR_ARG),
                     "grid3x3.dbf: no field 'nom' for the names; fields are: id, name, pop, share");
    /* integer ids are their text; 120 appears twice */
    o = (rg_read_options){.id_field = "pop"};
    cr_assert_str_eq(fails("grid3x3.shp", &o, RG_ERR_DATA),
                     "grid3x3.dbf: record 3: id '120' in field 'pop' repeats record 1");
}

Test(shapefile, duplicate_and_empty_ids)
{
    cr_assert_str_eq(fails("dupids.shp", NULL, RG_ERR_DATA),
                     "dupids.dbf: record 3: id 'a' in field 'id' repeats record 1");
    cr_assert_str_eq(fails("emptyid.shp", NULL, RG_ERR_DATA),
                     "emptyid.dbf: record 3: field 'id' is empty");
}

Test(shapefile, bad_files)
{
    cr_assert_str_eq(fails("points.shp", NULL, RG_ERR_FORMAT),
                     "points.shp: shape type point is not a polygon type");
    cr_assert_str_eq(fails("mismatch.shp", NULL, RG_ERR_FORMAT),
                     "mismatch.shp has 9 shapes but mismatch.dbf has 6 records");
    cr_assert_str_eq(fails("badparts.shp", NULL, RG_ERR_FORMAT),
                     "badparts.shp: record 2: corrupt shape: part 2 starts at vertex 50 of 5");
    cr_assert_str_eq(fails("badnum.shp", NULL, RG_ERR_DATA),
                     "badnum.dbf: record 2: field 'pop': '12a' is not a number");
    cr_assert_str_eq(fails("no-such-map.shp", NULL, RG_ERR_IO), "no-such-map.shp: no such file");
    cr_assert_str_eq(fails("no-such-map", NULL, RG_ERR_IO), "no-such-map.shp: no such file");
}

Test(shapefile, missing_companion_files)
{
    char path[512], expected[1024];
    rg_regions *r = NULL;
    make_tmpdir();
    copy_fixture("grid3x3", "noshx", "shp dbf prj");
    copy_fixture("grid3x3", "nodbf", "shp shx prj");
    snprintf(path, sizeof path, "%s/noshx.shp", tmpdir);
    cr_assert_eq(rg_regions_read_shapefile(path, NULL, &r), RG_ERR_IO);
    snprintf(expected, sizeof expected, "%s/noshx.shx: no such file", tmpdir);
    cr_assert_str_eq(rg_last_error(), expected);
    snprintf(path, sizeof path, "%s/nodbf.shp", tmpdir);
    cr_assert_eq(rg_regions_read_shapefile(path, NULL, &r), RG_ERR_IO);
    snprintf(expected, sizeof expected, "%s/nodbf.dbf: no such file", tmpdir);
    cr_assert_str_eq(rg_last_error(), expected);
    cr_assert_null(r);
    remove_tmpdir();
}

Test(shapefile, missing_prj_with_planar_coordinates_is_unknown_map_units)
{
    char expected[1200];
    /* grid3x3's UTM metres without the .prj: (500000, 3803000) cannot be lon/lat */
    rg_regions *r = load("noprj.shp", NULL, NULL, NULL);
    cr_assert_eq(rg_regions_count(r), 9);
    cr_assert_eq(rg_regions_crs_is_geographic(r), 0);
    /* one map unit per "km" of the length code: lengths come out in map units */
    cr_assert_eq(rg_regions_crs_unit_metres(r), 1000.0);
    cr_assert_not_null(strstr(rg_regions_crs_wkt(r), "map unit"));
    snprintf(expected, sizeof expected,
             "%s: no .prj: assuming a planar CRS in unknown map units, as (500000, 3802000) is "
             "not lon/lat; lengths are in map units, not km; declare the CRS with --s_srs (e.g. "
             "--s_srs EPSG:2193)\n",
             data("noprj.shp"));
    cr_assert_str_eq(warnings, expected);
    rg_regions_free(r);
}

Test(shapefile, s_srs_declares_the_crs_of_a_file_without_prj)
{
    rg_regions *r = NULL;
    rg_read_options o = {.s_srs = "EPSG:32650"};
    cr_assert_eq(rg_regions_read_shapefile(data("noprj.shp"), &o, &r), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_regions_crs_is_geographic(r), 0);
    cr_assert_eq(rg_regions_crs_unit_metres(r), 1.0);
    cr_assert_not_null(strstr(rg_regions_crs_wkt(r), "UTM zone 50N"));
    cr_assert_str_eq(warnings, "");
    rg_regions_free(r);
    o.s_srs = "EPSG:0";
    cr_assert_eq(rg_regions_read_shapefile(data("noprj.shp"), &o, &r), RG_ERR_CRS);
    cr_assert_str_eq(rg_last_error(),
                     "--s_srs 'EPSG:0': not a coordinate reference system that GDAL knows");
}

Test(shapefile, unreadable_prj_is_a_crs_error)
{
    char path[512], expected[1024];
    rg_regions *r = NULL;
    make_tmpdir();
    copy_fixture("grid3x3", "g", "shp shx dbf cpg");
    snprintf(path, sizeof path, "%s/g.prj", tmpdir);
    write_text(path, "PROJCS[\"broken\",GEOGCS[");
    snprintf(path, sizeof path, "%s/g.shp", tmpdir);
    cr_assert_eq(rg_regions_read_shapefile(path, NULL, &r), RG_ERR_CRS);
    snprintf(expected, sizeof expected,
             "%s/g.prj: not a coordinate reference system that GDAL knows", tmpdir);
    cr_assert_str_eq(rg_last_error(), expected);
    remove_tmpdir();
}

/* A file written here with shapelib: fields none of which is a default id, a real-valued code
 * column, and a record marked deleted. */
static void write_plain_shapefile(const char *base)
{
    SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
    DBFHandle dbf = DBFCreate(base);
    cr_assert(shp && dbf);
    cr_assert_eq(DBFAddField(dbf, "a", FTString, 8, 0), 0);
    cr_assert_eq(DBFAddField(dbf, "b", FTDouble, 12, 3), 1);
    cr_assert_eq(DBFAddField(dbf, "c", FTInteger, 5, 0), 2);
    for (int i = 0; i < 3; i++) {
        double x[] = {i, i, i + 1, i + 1, i}, y[] = {0, 1, 1, 0, 0};
        SHPObject *o = SHPCreateSimpleObject(SHPT_POLYGON, 5, x, y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        char a[8];
        snprintf(a, sizeof a, "p%d", i);
        DBFWriteStringAttribute(dbf, i, 0, a);
        DBFWriteDoubleAttribute(dbf, i, 1, 320300.0 + 1000 * i);
        DBFWriteIntegerAttribute(dbf, i, 2, i);
    }
    DBFMarkRecordDeleted(dbf, 1, 1);
    SHPClose(shp);
    DBFClose(dbf);
}

Test(shapefile, no_default_id_field_real_codes_and_deleted_records)
{
    char base[512], expected[1200];
    rg_regions *r = NULL;
    make_tmpdir();
    snprintf(base, sizeof base, "%s/plain", tmpdir);
    write_plain_shapefile(base);
    cr_assert_eq(rg_regions_read_shapefile(base, NULL, &r), RG_ERR_ARG);
    snprintf(expected, sizeof expected,
             "%s/plain.dbf: no --id given and no field named id, code or GEOID; fields are: a, b, c",
             tmpdir);
    cr_assert_str_eq(rg_last_error(), expected);

    /* a code held in a real column: "320300.000" is the id "320300" */
    warnings[0] = '\0';
    rg_read_options o = {.id_field = "b"};
    cr_assert_eq(rg_regions_read_shapefile(base, &o, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_count(r), 3);
    cr_assert_str_eq(rg_regions_id(r, 0), "320300");
    cr_assert_str_eq(rg_regions_id(r, 2), "322300");
    cr_assert_str_eq(text_of(r, 0, "b"), "320300.000");
    cr_assert_eq(rg_regions_field_type(r, 1), RG_FIELD_REAL);
    cr_assert_eq(rg_regions_field_type(r, 2), RG_FIELD_INTEGER);
    /* no .prj and a deleted record: both said, neither fatal */
    snprintf(expected, sizeof expected,
             "%s/plain.dbf: 1 record marked deleted, read as ordinary records (record 2)\n"
             "%s/plain.shp: no .prj: assuming lon/lat WGS84 (EPSG:4326), as every coordinate "
             "fits; if they are not, declare the CRS with --s_srs (e.g. --s_srs EPSG:32650)\n",
             tmpdir, tmpdir);
    cr_assert_str_eq(warnings, expected);
    rg_regions_free(r);
    remove_tmpdir();
}

Test(shapefile, shipped_prefecture_map)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/../../maps/prefectures.shp", RG_TEST_DATA);
    if (access(path, R_OK) != 0)
        cr_skip_test("maps/prefectures.shp is not there");
    rg_regions *r = NULL;
    cr_assert_eq(rg_regions_read_shapefile(path, NULL, &r), RG_OK, "%s", rg_last_error());
    /* the same counts as geopandas: 372 features, 851 polygons, 897 rings, 173282 points */
    cr_assert_eq(rg_regions_count(r), 372);
    cr_assert_eq(rg_regions_polygon_count(r), 851);
    cr_assert_eq(rg_regions_ring_count(r), 897);
    cr_assert_eq(rg_regions_point_count(r), 173282);
    cr_assert_str_eq(rg_regions_id_field(r), "code");
    cr_assert_str_eq(rg_regions_id(r, 0), "110000");
    cr_assert_str_eq(text_of(r, 0, "name_zh"), "北京市");
    cr_assert_eq(rg_regions_crs_is_geographic(r), 1);
    size_t xuzhou = 0;
    while (xuzhou < rg_regions_count(r) && strcmp(rg_regions_id(r, xuzhou), "320300") != 0)
        xuzhou++;
    cr_assert_lt(xuzhou, rg_regions_count(r));
    cr_assert_str_eq(text_of(r, xuzhou, "name_zh"), "徐州市");
    cr_assert_str_eq(text_of(r, xuzhou, "name_en"), "Xuzhou");
    rg_regions_free(r);
}
