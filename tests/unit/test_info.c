/* rg_info_describe on the fixtures. The expected descriptions were checked field by field
 * against ogrinfo on the same files (types, widths, counts, extents, CRS names). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <shapefil.h>

#include "regiongraph/info.h"
#include "regiongraph/regions.h"
#include "leak_check.h"

RG_TEST_SUITE(info);

static char path_buf[1024];

static const char *data(const char *name)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", RG_TEST_DATA, name);
    return path_buf;
}

/* Describes a fixture; the caller frees. */
static char *describe(const char *name)
{
    char *text = NULL;
    rg_status st = rg_info_describe(data(name), &text);
    cr_assert_eq(st, RG_OK, "%s: %s", name, rg_last_error());
    cr_assert_not_null(text);
    return text;
}

#define HAS_LINE(text, line) cr_assert_not_null(strstr(text, line "\n"), "no line '%s' in:\n%s", line, text)

Test(info, shapefile_full_description)
{
    char *text = describe("grid3x3.shp"), expected[4096];
    snprintf(expected, sizeof expected,
             "file: %s\n"
             "format: ESRI Shapefile (shapelib)\n"
             "layer: grid3x3\n"
             "  geometry: Polygon\n"
             "  features: 9 (0 null shapes)\n"
             "  extent: 500000.000 3800000.000 - 503000.000 3803000.000\n"
             "  crs: WGS 84 / UTM zone 50N (projected, metre)\n"
             "  encoding: UTF-8 (from .cpg)\n"
             "  fields:\n"
             "    id          String(4)\n"
             "    name        String(2)\n"
             "    pop         Integer(3)\n"
             "    share       Real(24.15)\n"
             /* pop repeats 120; share is real */
             "  candidate ids: id, name\n"
             /* pop (9 values, 8 distinct) looks like an id with a repeat: 120 in records 1, 3 */
             "  problems: none\n",
             data("grid3x3.shp"));
    cr_assert_str_eq(text, expected);
    free(text);
}

Test(info, encodings_and_where_they_came_from)
{
    char *text = describe("gbk.shp");
    HAS_LINE(text, "  encoding: CP936 (from .cpg)");
    HAS_LINE(text, "  crs: WGS 84 (geographic, degrees)");
    HAS_LINE(text, "  extent: 117.000 33.500 - 117.500 35.000");
    HAS_LINE(text, "  candidate ids: code, name, prov");
    free(text);
    text = describe("gbk_ldid.shp");
    HAS_LINE(text, "  encoding: CP936 (from LDID 0x4D)");
    free(text);
    text = describe("gbk_nocpg.shp");
    HAS_LINE(text, "  encoding: GB18030 (guessed from the bytes: no .cpg or language byte)");
    HAS_LINE(text, "  problems: no .cpg or language byte: text guessed as GB18030 (build --encoding "
                   "sets it)");
    free(text);
    text = describe("utf8_nocpg.shp");
    HAS_LINE(text, "  encoding: UTF-8 (guessed from the bytes: no .cpg or language byte)");
    free(text);
    text = describe("latin1_nocpg.shp");
    HAS_LINE(text, "  encoding: ISO-8859-1 (default)");
    HAS_LINE(text, "  problems: none");
    free(text);
    text = describe("badgbk.shp");
    HAS_LINE(text, "  encoding problem: record 2: field 'name': invalid CP936 byte sequence at "
                   "byte 3 (try --encoding)");
    free(text);
}

Test(info, null_shapes_field_types_and_candidates)
{
    char *text = describe("nulls.shp");
    HAS_LINE(text, "  features: 5 (2 null shapes)");
    free(text);
    text = describe("types.shp");
    HAS_LINE(text, "  features: 3 (1 null shape)");
    HAS_LINE(text, "    n_int       Integer(9)");
    HAS_LINE(text, "    n_wide      Integer(12)");
    HAS_LINE(text, "    n_big       Real(20)");
    HAS_LINE(text, "    n_real      Real(12.3)");
    HAS_LINE(text, "    f_real      Real(10.2)");
    HAS_LINE(text, "    flag        Logical(1)");
    HAS_LINE(text, "    day         Date(8)");
    HAS_LINE(text, "    label       String(16)");
    /* n_int has a null; the reals, the date and the flag are never candidates */
    HAS_LINE(text, "  candidate ids: code, n_wide");
    free(text);
}

Test(info, odd_shapefiles_are_described_not_refused)
{
    char *text = describe("noprj.shp");
    HAS_LINE(text, "  crs: none (no .prj: read as planar in unknown map units, as the coordinates "
                   "are not lon/lat)");
    free(text);
    text = describe("points.shp");
    HAS_LINE(text, "  geometry: Point");
    HAS_LINE(text, "  extent: 117.000 34.000 - 117.500 34.500");
    free(text);
    text = describe("mismatch.shp");
    HAS_LINE(text, "  records: 6 in the .dbf, 9 in the .shp: they do not match");
    free(text);
    text = describe("dupids.shp");
    HAS_LINE(text, "  candidate ids: name");
    free(text);
}

Test(info, geopackage_through_gdal)
{
    char *text = describe("mini.gpkg"), expected[4096];
    snprintf(expected, sizeof expected,
             "file: %s\n"
             "format: GeoPackage (GDAL GPKG)\n"
             "layer: regions\n"
             "  geometry: Polygon\n"
             "  features: 9\n"
             "  extent: 500000.000 3800000.000 - 503000.000 3803000.000\n"
             "  crs: WGS 84 / UTM zone 50N (projected, metre)\n"
             "  fields:\n"
             "    id          String\n"
             "    name        String\n"
             "    pop         Integer\n"
             "    share       Real\n"
             "layer: borders\n"
             "  geometry: Line String\n"
             "  features: 2\n"
             "  extent: 501000.000 3802000.000 - 502000.000 3803000.000\n"
             "  crs: WGS 84 / UTM zone 50N (projected, metre)\n"
             "  fields:\n"
             "    from        String\n"
             "    to          String\n"
             "    length_km   Real\n"
             "layer: rg_meta\n"
             "  geometry: none (table)\n"
             "  features: 2\n"
             "  fields:\n"
             "    key         String\n"
             "    value       String\n",
             data("mini.gpkg"));
    cr_assert_str_eq(text, expected);
    free(text);
}

Test(info, geojson_through_gdal)
{
    char *text = describe("src/tjunction.geojson");
    HAS_LINE(text, "format: GeoJSON (GDAL GeoJSON)");
    HAS_LINE(text, "layer: tjunction");
    HAS_LINE(text, "  features: 3");
    HAS_LINE(text, "  extent: 117.000 34.000 - 117.200 34.200");
    HAS_LINE(text, "  crs: WGS 84 (geographic, degrees)");
    free(text);
}

Test(info, missing_and_unreadable_files)
{
    char *text = (char *)1, expected[1200];
    cr_assert_eq(rg_info_describe(data("no-such-file.shp"), &text), RG_ERR_IO);
    cr_assert_null(text);
    snprintf(expected, sizeof expected, "%s: no such file", data("no-such-file.shp"));
    cr_assert_str_eq(rg_last_error(), expected);
    cr_assert_eq(rg_info_describe(data("grid3x3.cpg"), &text), RG_ERR_IO);
    snprintf(expected, sizeof expected, "%s: not a vector file GDAL or shapelib can read",
             data("grid3x3.cpg"));
    cr_assert_str_eq(rg_last_error(), expected);
}

/* Field names are text in the file's encoding too: a GBK .dbf with the field 名称 ("name"). */
Test(info, field_names_are_decoded)
{
    char dir[] = "/tmp/rg-test-info-XXXXXX", base[256], path[300], *text = NULL;
    cr_assert_not_null(mkdtemp(dir));
    snprintf(base, sizeof base, "%s/cn", dir);
    SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
    DBFHandle dbf = DBFCreateEx(base, "936");
    cr_assert(shp && dbf);
    cr_assert_eq(DBFAddField(dbf, "code", FTString, 6, 0), 0);
    cr_assert_eq(DBFAddField(dbf, "\xC3\xFB\xB3\xC6", FTString, 12, 0), 1);
    double x[] = {0, 0, 1, 1, 0}, y[] = {0, 1, 1, 0, 0};
    SHPObject *o = SHPCreateSimpleObject(SHPT_POLYGON, 5, x, y, NULL);
    SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    DBFWriteStringAttribute(dbf, 0, 0, "320300");
    DBFWriteStringAttribute(dbf, 0, 1, "\xD0\xEC\xD6\xDD\xCA\xD0");
    SHPClose(shp);
    DBFClose(dbf);

    snprintf(path, sizeof path, "%s.shp", base);
    cr_assert_eq(rg_info_describe(path, &text), RG_OK, "%s", rg_last_error());
    HAS_LINE(text, "  encoding: CP936 (from .cpg)");
    HAS_LINE(text, "    名称        String(12)");
    HAS_LINE(text, "  candidate ids: code, 名称");
    free(text);

    /* and the reader finds the name field by its decoded name */
    rg_read_options opt = {.name_field = "名称"};
    rg_regions *r = NULL;
    cr_assert_eq(rg_regions_read_shapefile(path, &opt, &r), RG_OK, "%s", rg_last_error());
    cr_assert_str_eq(rg_regions_id(r, 0), "320300");
    cr_assert_str_eq(rg_regions_name(r, 0), "徐州市");
    cr_assert_str_eq(rg_regions_field_name(r, 1), "名称");
    rg_regions_free(r);

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    cr_assert_eq(system(path), 0);
}

/* The problems line: nulls.shp's records 2 and 4 are null (tests/data/README.md); dupids.shp
 * has ids a, b, a (2 distinct of 3: id-like, 'a' repeated in records 1 and 3); noprj.shp is
 * grid3x3 without its .prj; gbk.shp has none of these. */
Test(info, problems_worth_knowing)
{
    char *text = describe("nulls.shp");
    HAS_LINE(text, "  problems: 2 null shapes (records 2, 4)");
    free(text);
    text = describe("types.shp");
    HAS_LINE(text, "  problems: 1 null shape (record 3)");
    free(text);
    text = describe("dupids.shp");
    HAS_LINE(text, "  problems: field 'id' has 1 repeated value ('a' in records 1, 3)");
    free(text);
    text = describe("noprj.shp");
    /* pop repeats 120 (records 1, 3) but is not named like an id: no problem there */
    HAS_LINE(text, "  problems: no .prj (read as planar in unknown map units, as the coordinates "
                   "are not lon/lat; --s_srs declares the CRS)");
    free(text);
    text = describe("gbk.shp");
    HAS_LINE(text, "  problems: none");
    free(text);
}
