/* The GDAL layers written straight from our GeoJSON text (layers_direct.c) against GDAL's own
 * GeoJSON reader (RG_EXPORT_VIA_GEOJSON=1, the path before): every field's type, width and
 * value and every geometry equal in GeoPackage, FlatGeobuf and shapefile; and the values GDAL's
 * typing rules give, worked out by hand for a layer with every kind of value; and that the scan
 * takes our layers (else the comparisons would be GDAL's reader against itself). */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>

#include "regiongraph/export.h"
#include "leak_check.h"
#include "write/layers_internal.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-layers-direct-XXXXXX"
#include "tmpdir_fixture.h"

RG_TEST_SUITE(layers_direct);

/* Every kind: a 32- and a 64-bit integer, an integer after a real, booleans, a date and a null
 * one, lists (json-c prints them "[ \"a\", \"b\" ]"), a null before a string, escapes. */
static const char kinds_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"r1\",\"n\":1,\"big\":1,\"x\":1.5,"
    "\"flag\":true,\"when\":\"2010-01-01\",\"tags\":[\"a\",\"b\"],\"note\":null,"
    "\"name\":\"Caf\\u00e9 \\\"q\\\"\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"r2\",\"n\":-2,\"big\":5000000000,\"x\":2,"
    "\"flag\":false,\"when\":null,\"tags\":[],\"note\":\"late\","
    "\"name\":\"\xe5\xbe\x90\xe5\xb7\x9e\"},"
    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[4,0],[5,0],[5,1],[4,1],[4,0]]],"
    "[[[0.1234567,2],[1,2],[1,3],[0.1234567,2]]]]}}\n"
    "]}\n";

/* Lines with a null geometry. */
static const char lines_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"id_a\":\"1\",\"v\":1,\"length_km\":0.5},"
    "\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[116,39],[117,39.5]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"id_a\":\"2\",\"v\":3000000000,\"length_km\":1e-3},"
    "\"geometry\":null},\n"
    "{\"type\":\"Feature\",\"properties\":{\"id_a\":\"3\",\"v\":null,\"length_km\":2.0},"
    "\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[1,2],[3,4]],[[5,6],[7,8]]]}}\n"
    "]}\n";

/* A field that mixes numbers and text: left to GDAL's reader (the same result either way). */
static const char links_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"v\":1},"
    "\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[1,2],[3,4]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"v\":\"x\"},"
    "\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[5,6],[7,8]]]}}\n"
    "]}\n";

#define NSOURCES 3
static char sources[NSOURCES][160];
static const char *const names[] = {"regions", "borders", "links"};

static void write_sources(void)
{
    const char *texts[] = {kinds_geojson, lines_geojson, links_geojson};
    make_dir();
    for (int k = 0; k < NSOURCES; k++) {
        FILE *fp;
        snprintf(sources[k], sizeof sources[k], "%s/src-%s.geojson", dir, names[k]);
        cr_assert_not_null(fp = fopen(sources[k], "w"));
        fputs(texts[k], fp);
        fclose(fp);
    }
}

/* Appends printf text to a growing string. */
static void add(char **s, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char **s, size_t *len, const char *fmt, ...)
{
    va_list ap;
    char buf[4096];
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0 && (size_t)n < sizeof buf);
    cr_assert_not_null(*s = realloc(*s, *len + (size_t)n + 1));
    memcpy(*s + *len, buf, (size_t)n + 1);
    *len += (size_t)n;
}

/* Everything ogrinfo -al shows of a dataset's layer: fields with type, subtype, width and
 * precision, then each feature's FID, values and geometry (WKT with every digit). */
static char *dump_layer(OGRLayerH layer)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGRFeatureH feat;
    char *s = NULL;
    size_t len = 0;
    add(&s, &len, "layer %s geometry %d\n", OGR_L_GetName(layer), (int)OGR_L_GetGeomType(layer));
    for (int f = 0; f < OGR_FD_GetFieldCount(defn); f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        add(&s, &len, "field %s %s %d %d.%d\n", OGR_Fld_GetNameRef(fd),
            OGR_GetFieldTypeName(OGR_Fld_GetType(fd)), (int)OGR_Fld_GetSubType(fd),
            OGR_Fld_GetWidth(fd), OGR_Fld_GetPrecision(fd));
    }
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(feat);
        char *wkt = NULL;
        add(&s, &len, "feature %lld\n", (long long)OGR_F_GetFID(feat));
        for (int f = 0; f < OGR_FD_GetFieldCount(defn); f++) {
            if (OGR_F_IsFieldNull(feat, f))
                add(&s, &len, "  null\n");
            else if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, f)) == OFTReal)
                add(&s, &len, "  %.17g\n", OGR_F_GetFieldAsDouble(feat, f));
            else
                add(&s, &len, "  %s\n", OGR_F_GetFieldAsString(feat, f));
        }
        if (g) {
            /* WKT's own formatting rounds: the points by their bits instead */
            OGRGeometryH copy = OGR_G_Clone(g);
            OGR_G_FlattenTo2D(copy);
            OGR_G_ExportToWkt(copy, &wkt);
            add(&s, &len, "  %s\n", wkt);
            CPLFree(wkt);
            OGRwkbByteOrder order = wkbNDR;
            int n = OGR_G_WkbSize(copy);
            unsigned char *wkb = malloc((size_t)n);
            OGR_G_ExportToWkb(copy, order, wkb);
            add(&s, &len, "  wkb");
            for (int b = 0; b < n; b++)
                add(&s, &len, "%02x", wkb[b]);
            add(&s, &len, "\n");
            free(wkb);
            OGR_G_DestroyGeometry(copy);
        } else {
            add(&s, &len, "  no geometry\n");
        }
        OGR_F_Destroy(feat);
    }
    return s;
}

static char *dump_path(const char *path, const char *layer_name)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH layer;
    char *s;
    cr_assert_not_null(ds, "%s", path);
    layer = layer_name ? GDALDatasetGetLayerByName(ds, layer_name) : GDALDatasetGetLayer(ds, 0);
    cr_assert_not_null(layer, "%s %s", path, layer_name ? layer_name : "");
    s = dump_layer(layer);
    GDALClose(ds);
    return s;
}

/* Exports both sources in format into dir/sub, by the direct path or GDAL's reader. */
static void export_to(const char *sub, rg_layer_format format, int via_reader)
{
    char out[200];
    const char *const srcs[] = {sources[0], sources[1], sources[2]};
    snprintf(out, sizeof out, "%s/%s", dir, sub);
    cr_assert_eq(mkdir(out, 0777), 0);
    if (via_reader)
        setenv("RG_EXPORT_VIA_GEOJSON", "1", 1);
    cr_assert_eq(rg_export_layers(srcs, names, NSOURCES, format, out, NULL), RG_OK, "%s",
                 rg_last_error());
    unsetenv("RG_EXPORT_VIA_GEOJSON");
}

static void same_as_reader(rg_layer_format format, const char *ext)
{
    char a[240], b[240];
    export_to("direct", format, 0);
    export_to("reader", format, 1);
    for (int k = 0; k < NSOURCES; k++) {
        char *x, *y;
        if (format == RG_LAYER_GPKG) {
            snprintf(a, sizeof a, "%s/direct/layers.gpkg", dir);
            snprintf(b, sizeof b, "%s/reader/layers.gpkg", dir);
        } else {
            snprintf(a, sizeof a, "%s/direct/%s%s", dir, names[k], ext);
            snprintf(b, sizeof b, "%s/reader/%s%s", dir, names[k], ext);
        }
        x = dump_path(a, format == RG_LAYER_GPKG ? names[k] : NULL);
        y = dump_path(b, format == RG_LAYER_GPKG ? names[k] : NULL);
        cr_assert_str_eq(x, y, "%s", names[k]);
        free(x);
        free(y);
    }
}

/* The comparisons above mean something only if the direct path takes the first two sources
 * (a fallback to GDAL's reader would pass them unseen) and leaves the mixed one to the reader. */
Test(layers_direct, scan_takes_our_layers_and_leaves_mixed_kinds, .init = write_sources,
     .fini = remove_dir)
{
    rg_i_direct *d = NULL;
    long nulls = -1;
    cr_assert_eq(rg_i_direct_scan(sources[0], &d), RG_OK);
    cr_assert_not_null(d);
    cr_assert_eq(rg_i_direct_family(d, &nulls), 3);
    cr_assert_eq(nulls, 0);
    rg_i_direct_free(d);
    d = NULL;
    cr_assert_eq(rg_i_direct_scan(sources[1], &d), RG_OK);
    cr_assert_not_null(d);
    cr_assert_eq(rg_i_direct_family(d, &nulls), 2);
    cr_assert_eq(nulls, 1);
    rg_i_direct_free(d);
    d = (rg_i_direct *)1;
    cr_assert_eq(rg_i_direct_scan(sources[2], &d), RG_OK);
    cr_assert_null(d);
}

Test(layers_direct, gpkg_as_gdal_reader_writes_it, .init = write_sources, .fini = remove_dir)
{
    same_as_reader(RG_LAYER_GPKG, ".gpkg");
}

Test(layers_direct, fgb_as_gdal_reader_writes_it, .init = write_sources, .fini = remove_dir)
{
    same_as_reader(RG_LAYER_FLATGEOBUF, ".fgb");
}

Test(layers_direct, shp_as_gdal_reader_writes_it, .init = write_sources, .fini = remove_dir)
{
    same_as_reader(RG_LAYER_SHAPEFILE, ".shp");
}

/* The types and values by GDAL's rules, by hand; and the packed R-tree answers a box query. */
Test(layers_direct, gpkg_types_values_and_index, .init = write_sources, .fini = remove_dir)
{
    static const struct {
        const char *name;
        OGRFieldType type;
        OGRFieldSubType subtype;
    } want[] = {{"id", OFTString, OFSTNone},     {"n", OFTInteger, OFSTNone},
                {"big", OFTInteger64, OFSTNone}, {"x", OFTReal, OFSTNone},
                {"flag", OFTInteger, OFSTBoolean}, {"when", OFTDate, OFSTNone},
                {"tags", OFTString, OFSTJSON},   {"note", OFTString, OFSTNone},
                {"name", OFTString, OFSTNone}};
    char path[240];
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    OGRFeatureH f;
    export_to("direct", RG_LAYER_GPKG, 0);
    snprintf(path, sizeof path, "%s/direct/layers.gpkg", dir);
    cr_assert_not_null(ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL));
    cr_assert_not_null(layer = GDALDatasetGetLayerByName(ds, "regions"));
    defn = OGR_L_GetLayerDefn(layer);
    cr_assert_eq(OGR_FD_GetFieldCount(defn), 9);
    for (int k = 0; k < 9; k++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, k);
        cr_assert_str_eq(OGR_Fld_GetNameRef(fd), want[k].name);
        cr_assert_eq(OGR_Fld_GetType(fd), want[k].type, "%s", want[k].name);
        cr_assert_eq(OGR_Fld_GetSubType(fd), want[k].subtype, "%s", want[k].name);
    }
    cr_assert_eq(wkbFlatten(OGR_L_GetGeomType(layer)), wkbMultiPolygon);
    cr_assert_not_null(f = OGR_L_GetFeature(layer, 1));
    cr_assert_eq(OGR_F_GetFieldAsInteger(f, 4), 1);
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 5), "2010/01/01");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 6), "[ \"a\", \"b\" ]");
    cr_assert(OGR_F_IsFieldNull(f, 7));
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 8), "Caf\xc3\xa9 \"q\"");
    cr_assert_eq(OGR_G_GetGeometryCount(OGR_F_GetGeometryRef(f)), 1);
    OGR_F_Destroy(f);
    cr_assert_not_null(f = OGR_L_GetFeature(layer, 2));
    cr_assert_eq(OGR_F_GetFieldAsInteger(f, 1), -2);
    cr_assert_eq(OGR_F_GetFieldAsInteger64(f, 2), 5000000000LL);
    cr_assert_float_eq(OGR_F_GetFieldAsDouble(f, 3), 2.0, 0);
    cr_assert_eq(OGR_F_GetFieldAsInteger(f, 4), 0);
    cr_assert(OGR_F_IsFieldNull(f, 5));
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 6), "[ ]");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 8), "\xe5\xbe\x90\xe5\xb7\x9e");
    cr_assert_eq(OGR_G_GetGeometryCount(OGR_F_GetGeometryRef(f)), 2);
    OGR_F_Destroy(f);
    /* x from 3.5 to 6 meets only r2's first part; the index is GDAL's rtree table */
    OGR_L_SetSpatialFilterRect(layer, 3.5, -1, 6, 0.5);
    cr_assert_eq(OGR_L_GetFeatureCount(layer, 1), 1);
    OGR_L_SetSpatialFilter(layer, NULL);
    {
        OGRLayerH rt = GDALDatasetExecuteSQL(
            ds, "SELECT COUNT(*) FROM rtree_regions_geom WHERE minx <= 4 AND maxx >= 5", NULL,
            NULL);
        cr_assert_not_null(rt);
        cr_assert_not_null(f = OGR_L_GetNextFeature(rt));
        cr_assert_eq(OGR_F_GetFieldAsInteger(f, 0), 1);
        OGR_F_Destroy(f);
        GDALDatasetReleaseResultSet(ds, rt);
    }
    GDALClose(ds);
}
