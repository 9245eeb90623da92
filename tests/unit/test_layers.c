/* rg_export_layers: GeoJSON layers converted by GDAL into GeoPackage, FlatGeobuf and shapefile,
 * read back with OGR. Expected values worked out by hand from the small layers written here. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "regiongraph/export.h"
#include "leak_check.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-layers-XXXXXX"
#include "tmpdir_fixture.h"

RG_TEST_SUITE(layers);

/* Lines with field names that collide once cut to 10 bytes, and a point among the lines. */
static const char lines_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"population_total\":1,\"population_totals\":2,"
    "\"POPULATION\":3,\"\xe5\x90\x8d\xe5\x89\x8d\xe3\x81\xae\xe9\x95\xb7\xe3\x81\x84\":\"\xe5\xbe\x90\","
    "\"id\":\"a\"},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[116,39],[117,39]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"population_total\":4,\"population_totals\":5,"
    "\"POPULATION\":6,\"\xe5\x90\x8d\xe5\x89\x8d\xe3\x81\xae\xe9\x95\xb7\xe3\x81\x84\":\"b\",\"id\":\"b\"},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[118,40]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"population_total\":7,\"population_totals\":8,"
    "\"POPULATION\":9,\"\xe5\x90\x8d\xe5\x89\x8d\xe3\x81\xae\xe9\x95\xb7\xe3\x81\x84\":\"c\",\"id\":\"c\"},"
    "\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[116,40],[117,40]],[[117,41],[118,41]]]}}\n"
    "]}\n";

/* A square and a two-part region: Polygon next to MultiPolygon. */
static const char regions_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"r1\",\"border_km\":1.5},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"r2\",\"border_km\":0.25},"
    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[2,0],[3,0],[3,1],[2,1],[2,0]]],"
    "[[[4,0],[5,0],[5,1],[4,1],[4,0]]]]}}\n"
    "]}\n";

static char sources[2][128];
static const char *const names[] = {"borders", "regions"};

static void write_sources(void)
{
    const char *texts[] = {lines_geojson, regions_geojson};
    make_dir();
    for (int k = 0; k < 2; k++) {
        FILE *fp;
        snprintf(sources[k], sizeof sources[k], "%s/src-%s.geojson", dir, names[k]);
        cr_assert_not_null(fp = fopen(sources[k], "w"));
        fputs(texts[k], fp);
        fclose(fp);
    }
}

static char last_warning[512];

static void keep_warning(const char *message, void *user_data)
{
    (void)user_data;
    snprintf(last_warning, sizeof last_warning, "%s", message);
}

static GDALDatasetH open_vector(const char *path)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(ds, "%s", path);
    return ds;
}

Test(layers, shapefile_names_types_and_encoding, .init = write_sources, .fini = remove_dir)
{
    const char *const srcs[] = {sources[0], sources[1]};
    char path[160], cpg[16] = "";
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    OGRFeatureH f;
    FILE *fp;
    /* cut to 10 bytes; a cut name already taken (ASCII case ignored) ends in _1, _2...; the
     * Japanese name (3 bytes a character) is cut at a character boundary: 9 bytes */
    const char *expect[] = {"population", "populati_1", "POPULATI_2",
                            "\xe5\x90\x8d\xe5\x89\x8d\xe3\x81\xae", "id"};

    rg_set_warning_handler(keep_warning, NULL);
    cr_assert_eq(rg_export_layers(srcs, names, 2, RG_LAYER_SHAPEFILE, dir, NULL), RG_OK, "%s",
                 rg_last_error());
    rg_set_warning_handler(NULL, NULL);
    cr_assert(strstr(last_warning, "1 feature of another geometry type than the first left out") !=
                  NULL,
              "%s", last_warning);

    snprintf(path, sizeof path, "%s/borders.shp", dir);
    ds = open_vector(path);
    layer = GDALDatasetGetLayer(ds, 0);
    defn = OGR_L_GetLayerDefn(layer);
    cr_assert_eq(OGR_FD_GetFieldCount(defn), 5);
    for (int k = 0; k < 5; k++)
        cr_assert_str_eq(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k)), expect[k]);
    cr_assert_eq(wkbFlatten(OGR_L_GetGeomType(layer)), wkbLineString);
    cr_assert_eq(OGR_L_GetFeatureCount(layer, 1), 2); /* the point is left out */
    f = OGR_L_GetNextFeature(layer);
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 3), "\xe5\xbe\x90"); /* 徐, UTF-8 kept */
    cr_assert_eq(OGR_F_GetFieldAsInteger(f, 2), 3);
    OGR_F_Destroy(f);
    f = OGR_L_GetNextFeature(layer);
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 4), "c");
    OGR_F_Destroy(f);
    GDALClose(ds);

    snprintf(path, sizeof path, "%s/borders.cpg", dir);
    cr_assert_not_null(fp = fopen(path, "r"));
    cr_assert_not_null(fgets(cpg, sizeof cpg, fp));
    fclose(fp);
    cr_assert_str_eq(cpg, "UTF-8");

    snprintf(path, sizeof path, "%s/regions.shp", dir);
    ds = open_vector(path);
    layer = GDALDatasetGetLayer(ds, 0);
    cr_assert_eq(wkbFlatten(OGR_L_GetGeomType(layer)), wkbPolygon); /* shapefile: polygon = multi */
    cr_assert_eq(OGR_L_GetFeatureCount(layer, 1), 2);
    GDALClose(ds);
    {
        char listing[1024];
        list_dir(listing, sizeof listing);
        cr_assert_str_eq(listing, "borders.cpg borders.dbf borders.prj borders.shp borders.shx "
                                  "regions.cpg regions.dbf regions.prj regions.shp regions.shx "
                                  "src-borders.geojson src-regions.geojson");
    }
}

Test(layers, geopackage_holds_every_layer_reprojected, .init = write_sources, .fini = remove_dir)
{
    const char *const srcs[] = {sources[0], sources[1]};
    char path[160];
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureH f;
    OGREnvelope env;

    cr_assert_eq(rg_export_layers(srcs, names, 2, RG_LAYER_GPKG, dir, "EPSG:3857"), RG_OK, "%s",
                 rg_last_error());
    snprintf(path, sizeof path, "%s/layers.gpkg", dir);
    ds = open_vector(path);
    cr_assert_eq(GDALDatasetGetLayerCount(ds), 2);
    layer = GDALDatasetGetLayerByName(ds, "borders");
    cr_assert_not_null(layer);
    cr_assert_eq(OGR_L_GetFeatureCount(layer, 1), 3); /* a GeoPackage layer takes any type */
    /* the full names stay */
    cr_assert_str_eq(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(layer), 1)),
                     "population_totals");
    layer = GDALDatasetGetLayerByName(ds, "regions");
    cr_assert_eq(OGR_L_GetFeatureCount(layer, 1), 2);
    f = OGR_L_GetNextFeature(layer);
    cr_assert_float_eq(OGR_F_GetFieldAsDouble(f, 1), 1.5, 0);
    OGR_F_Destroy(f);
    cr_assert_eq(OGR_L_GetExtent(layer, &env, 1), OGRERR_NONE);
    /* Web Mercator x = 6378137 * lon * pi / 180: lon 5 -> 556597.45 m; y of lat 1:
     * 6378137 * ln(tan(pi/4 + lat/2)) = 111325.14 m */
    cr_assert_float_eq(env.MinX, 0, 1e-6);
    cr_assert_float_eq(env.MaxX, 556597.4539663679, 1e-3);
    cr_assert_float_eq(env.MaxY, 111325.1428663851, 1e-3);
    GDALClose(ds);
}

Test(layers, flatgeobuf_one_file_per_layer, .init = write_sources, .fini = remove_dir)
{
    const char *const srcs[] = {sources[0], sources[1]};
    char path[160], listing[512];
    GDALDatasetH ds;
    cr_assert_eq(rg_export_layers(srcs, names, 2, RG_LAYER_FLATGEOBUF, dir, NULL), RG_OK, "%s",
                 rg_last_error());
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing,
                     "borders.fgb regions.fgb src-borders.geojson src-regions.geojson");
    snprintf(path, sizeof path, "%s/regions.fgb", dir);
    ds = open_vector(path);
    cr_assert_eq(OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, 0), 1), 2);
    cr_assert_eq(wkbFlatten(OGR_L_GetGeomType(GDALDatasetGetLayer(ds, 0))), wkbMultiPolygon);
    GDALClose(ds);
}

Test(layers, errors_leave_nothing, .init = write_sources, .fini = remove_dir)
{
    const char *const missing[] = {"/nonexistent/x.geojson"};
    const char *const srcs[] = {sources[0]};
    char listing[512];
    cr_assert_eq(rg_export_layers(missing, names, 1, RG_LAYER_FLATGEOBUF, dir, NULL),
                 RG_ERR_FORMAT);
    cr_assert(strstr(rg_last_error(), "/nonexistent/x.geojson") != NULL, "%s", rg_last_error());
    cr_assert_neq(rg_export_layers(srcs, names, 1, RG_LAYER_GPKG, dir, "EPSG:999999"), RG_OK);
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "src-borders.geojson src-regions.geojson");
    cr_assert_eq(rg_export_layers(srcs, names, 1, RG_LAYER_GPKG, "/nonexistent-dir", NULL),
                 RG_ERR_IO);
}
