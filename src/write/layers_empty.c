/* Layers without a feature in the GDAL formats: written with their fields and geometry type (an
 * empty GeoJSON layer declares neither, and GDAL would make a typeless, fieldless layer of it
 * that QGIS shows as a table, or a LineString shapefile). The fields come from the sibling layer
 * of the same schema when it has features (contacts from borders, gap_contacts from gaps), so
 * they follow whatever the GeoJSON writer puts there; else from the fixed schemas below. */
#include <stdlib.h>
#include <string.h>

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "write/layers_internal.h"

typedef struct field_spec {
    const char *name;
    OGRFieldType type;
    OGRFieldSubType subtype;
} field_spec;

typedef struct layer_spec {
    const char *name;
    OGRwkbGeometryType type;
    const field_spec *fields; /* ends with a NULL name; NULL: no fixed schema */
} layer_spec;

#define STR(n) {n, OFTString, OFSTNone}
#define INT(n) {n, OFTInteger, OFSTNone}
#define REAL(n) {n, OFTReal, OFSTNone}
#define BOOL(n) {n, OFTInteger, OFSTBoolean}
#define DATE(n) {n, OFTDate, OFSTNone}

/* The properties the GeoJSON writer (geojson_layers.c) gives a pair without coverage. */
static const field_spec pair_fields[] = {STR("id_a"), STR("id_b"), STR("name_a"), STR("name_b"),
                                         STR("kind"), REAL("length_km"), STR("contact"),
                                         REAL("gap_km"), {NULL, OFTString, OFSTNone}};
static const field_spec gap_fields[] = {INT("rank"),       STR("id_a"),     STR("id_b"),
                                        STR("name_a"),     STR("name_b"),   STR("parent_a"),
                                        STR("parent_b"),   BOOL("cross_parent"), STR("kind"),
                                        REAL("length_km"), BOOL("frontier"), BOOL("covered_a"),
                                        BOOL("covered_b"), {"stops", OFTString, OFSTJSON},
                                        {NULL, OFTString, OFSTNone}};
static const field_spec link_fields[] = {STR("id_a"),   STR("id_b"),   STR("name_a"),
                                         STR("name_b"), STR("kind_a"), STR("kind_b"),
                                         STR("mechanism"), STR("drawn_as"), DATE("start"),
                                         DATE("end"), {NULL, OFTString, OFSTNone}};
static const field_spec coverage_fields[] = {STR("mechanism"), STR("region"), STR("via"),
                                             DATE("start"), DATE("end"),
                                             {NULL, OFTString, OFSTNone}};
static const field_spec agency_fields[] = {STR("id"), STR("name"), STR("level"),
                                           INT("mechanisms"), INT("jurisdictions"),
                                           {NULL, OFTString, OFSTNone}};

static const layer_spec layers[] = {
    {"regions", wkbMultiPolygon, NULL},
    {"borders", wkbMultiLineString, pair_fields},
    {"contacts", wkbMultiPoint, pair_fields},
    {"links", wkbMultiLineString, link_fields},
    {"gaps", wkbMultiLineString, gap_fields},
    {"gap_contacts", wkbMultiPoint, gap_fields},
    {"agencies", wkbPoint, agency_fields},
    {"mechanisms", wkbMultiPolygon, NULL},
    {"coverage", wkbNone, coverage_fields},
};

static const layer_spec *find_layer(const char *name)
{
    size_t k;
    for (k = 0; name && k < sizeof layers / sizeof layers[0]; k++)
        if (strcmp(layers[k].name, name) == 0)
            return &layers[k];
    return NULL;
}

OGRwkbGeometryType rg_i_layer_geometry_type(const char *name)
{
    const layer_spec *l = find_layer(name);
    return l ? l->type : wkbUnknown;
}

int rg_i_layer_date_field(const char *layer, const char *field)
{
    static const char *const dated[][2] = {{"links", "start"},     {"links", "end"},
                                           {"mechanisms", "start"}, {"mechanisms", "end"},
                                           {"coverage", "start"},  {"coverage", "end"},
                                           {"regions", "covered_from"}};
    size_t k;
    for (k = 0; layer && field && k < sizeof dated / sizeof dated[0]; k++)
        if (strcmp(dated[k][0], layer) == 0 && strcmp(dated[k][1], field) == 0)
            return 1;
    return 0;
}

const char *rg_i_layer_sibling(const char *name)
{
    static const char *const pairs[][2] = {{"borders", "contacts"}, {"gaps", "gap_contacts"}};
    size_t k;
    for (k = 0; name && k < sizeof pairs / sizeof pairs[0]; k++) {
        if (strcmp(pairs[k][0], name) == 0)
            return pairs[k][1];
        if (strcmp(pairs[k][1], name) == 0)
            return pairs[k][0];
    }
    return NULL;
}

/* The schema to write: a clone of the sibling's when it has features, else the fixed one (an
 * empty definition for a layer without one). The caller releases it. */
static OGRFeatureDefnH schema(const char *sibling, const layer_spec *spec)
{
    OGRFeatureDefnH defn = NULL;
    GDALDatasetH src = NULL;
    rg_i_direct *direct = NULL;
    static const char *const drivers[] = {"GeoJSON", NULL};
    /* lists as JSON text, as translate() reads the layers: no format here has a list type */
    static const char *const open_opts[] = {"ARRAY_AS_STRING=YES", NULL};
    /* The sibling's fields as GDAL types them, from its sample (layers_direct.c) rather than
     * GDAL's reading of the whole sibling (a few seconds for 300,000 borders); a sibling that
     * path does not take is read by GDAL as before. */
    if (sibling && !getenv("RG_EXPORT_VIA_GEOJSON") &&
        rg_i_direct_scan(sibling, &direct) == RG_OK && direct)
        src = GDALOpenEx(rg_i_direct_schema(direct), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                         open_opts, NULL);
    rg_clear_error();
    if (!src && sibling)
        src = GDALOpenEx(sibling, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, open_opts, NULL);
    if (src &&
        GDALDatasetGetLayerCount(src) == 1 &&
        OGR_L_GetFeatureCount(GDALDatasetGetLayer(src, 0), 1) > 0) {
        OGRFeatureDefnH from = OGR_L_GetLayerDefn(GDALDatasetGetLayer(src, 0));
        int f;
        defn = OGR_FD_Create("schema");
        for (f = 0; f < OGR_FD_GetFieldCount(from); f++)
            OGR_FD_AddFieldDefn(defn, OGR_FD_GetFieldDefn(from, f));
    }
    if (src)
        GDALClose(src);
    rg_i_direct_free(direct);
    if (!defn) {
        const field_spec *f;
        defn = OGR_FD_Create("schema");
        for (f = spec ? spec->fields : NULL; f && f->name; f++) {
            OGRFieldDefnH fd = OGR_Fld_Create(f->name, f->type);
            OGR_Fld_SetSubType(fd, f->subtype);
            OGR_FD_AddFieldDefn(defn, fd);
            OGR_Fld_Destroy(fd);
        }
    }
    OGR_FD_Reference(defn);
    return defn;
}

rg_status rg_i_layer_write_empty(const char *source, const char *sibling, const char *name,
                                 rg_layer_format format, const char *t_srs, GDALDatasetH dst,
                                 const char *path)
{
    static const char *const geojson[] = {"GeoJSON", "GeoJSONSeq", NULL};
    const layer_spec *spec = find_layer(name);
    GDALDatasetH src = NULL, out = dst;
    OGRSpatialReferenceH srs = NULL;
    OGRFeatureDefnH defn = NULL;
    OGRLayerH layer;
    char **lco = NULL, (*names)[RG_I_SHP_FIELD_MAX + 1] = NULL;
    int f, nf;
    rg_status st = RG_OK;

    if (t_srs) {
        srs = OSRNewSpatialReference(NULL);
        if (!srs || OSRSetFromUserInput(srs, t_srs) != OGRERR_NONE) {
            st = rg_i_error(RG_ERR_CRS, "%s: the CRS '%s' is not one GDAL knows", path, t_srs);
            goto cleanup;
        }
    } else if ((src = GDALOpenEx(source, GDAL_OF_VECTOR | GDAL_OF_READONLY, geojson, NULL,
                                 NULL)) != NULL &&
               GDALDatasetGetLayerCount(src) == 1 &&
               OGR_L_GetSpatialRef(GDALDatasetGetLayer(src, 0))) {
        srs = OSRClone(OGR_L_GetSpatialRef(GDALDatasetGetLayer(src, 0)));
    }
    if (srs)
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    if (!out) {
        GDALDriverH drv =
            GDALGetDriverByName(format == RG_LAYER_SHAPEFILE ? "ESRI Shapefile" : "FlatGeobuf");
        if (!drv || !(out = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL))) {
            st = rg_i_error_gdal(RG_ERR_IO, path);
            goto cleanup;
        }
    }
    if (format == RG_LAYER_SHAPEFILE)
        lco = CSLSetNameValue(lco, "ENCODING", "UTF-8");
    defn = schema(sibling, spec);
    nf = OGR_FD_GetFieldCount(defn);
    if (format == RG_LAYER_SHAPEFILE) {
        if (!(names = rg_i_calloc_array((size_t)nf + 1, sizeof *names))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        rg_i_shapefile_field_names(defn, names);
    }
    CPLErrorReset();
    if (!(layer = GDALDatasetCreateLayer(out, name, srs, spec ? spec->type : wkbUnknown, lco))) {
        st = rg_i_error_gdal(RG_ERR_IO, path);
        goto cleanup;
    }
    for (f = 0; f < nf; f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        OGRErr err;
        if (names) {
            OGRFieldDefnH renamed = OGR_Fld_Create(names[f], OGR_Fld_GetType(fd));
            OGR_Fld_SetSubType(renamed, OGR_Fld_GetSubType(fd));
            err = OGR_L_CreateField(layer, renamed, 0);
            OGR_Fld_Destroy(renamed);
        } else {
            err = OGR_L_CreateField(layer, fd, 0);
        }
        if (err != OGRERR_NONE) {
            st = rg_i_error_gdal(RG_ERR_IO, path);
            goto cleanup;
        }
    }
cleanup:
    if (out && out != dst)
        GDALClose(out);
    if (src)
        GDALClose(src);
    if (defn)
        OGR_FD_Release(defn);
    if (srs)
        OSRRelease(srs);
    CSLDestroy(lco);
    free(names);
    return st;
}
