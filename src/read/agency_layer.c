/* Agencies from a point layer (a shapefile or anything GDAL/OGR reads): ids, names, levels and
 * jurisdictions from fields, locations from the points in lon/lat WGS84. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "geom/crs_internal.h"
#include "model/coordination_internal.h"
#include "read/names_internal.h"
#include "read/ogr_internal.h"
#include "read/ogr_text_internal.h"
#include "regiongraph/coordination.h"

static const char *field_name_at(const void *defn, size_t i)
{
    return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn((OGRFeatureDefnH)defn, (int)i));
}

/* Opens path (FILE or FILE:LAYER) and picks the layer: the named one, or the only one. */
static rg_status open_layer(const char *path, rg_i_ogr_layer *src)
{
    /* x.zip and /vsi... are GDAL's, as for region layers */
    char *name = rg_i_path_for_gdal(path) ? rg_i_gdal_name(path) : NULL;
    rg_i_ogr_open_status status;
    if (rg_i_path_for_gdal(path) && !name)
        return RG_I_NOMEM();
    status = rg_i_ogr_open_layer(name ? name : path, src);
    free(name);
    switch (status) {
    case RG_I_OGR_OPENED:
        return RG_OK;
    case RG_I_OGR_MISSING:
        return rg_i_error(RG_ERR_IO, "%s: cannot open: %s", path, strerror(src->missing_errno));
    case RG_I_OGR_REFUSED:
        return RG_ERR_IO;
    case RG_I_OGR_UNREADABLE:
        return rg_i_error(RG_ERR_FORMAT, "%s: not a vector format that GDAL reads", path);
    case RG_I_OGR_NO_SUCH_LAYER:
        return rg_i_error(RG_ERR_DATA, "%s: no layer '%s' (layers are: %s)", src->file,
                          src->layer_name, src->layers);
    case RG_I_OGR_NO_LAYER:
        return rg_i_error(RG_ERR_FORMAT, "%s: holds no layer", path);
    case RG_I_OGR_MANY_LAYERS:
        return rg_i_error(RG_ERR_DATA, "%s: holds %d layers (%s); name one as %s:LAYER", path,
                          GDALDatasetGetLayerCount(src->ds), src->layers, path);
    case RG_I_OGR_NOMEM:
    default:
        return RG_I_NOMEM();
    }
}

/* The field named field, its name decoded by dec when the layer's text comes raw. */
static rg_status field_index(OGRFeatureDefnH defn, rg_i_decoder *dec, const char *path,
                             const char *field, int *index)
{
    char names[512];
    int f;
    *index = -1;
    if (!field)
        return RG_OK;
    if (!dec && (*index = OGR_FD_GetFieldIndex(defn, field)) >= 0)
        return RG_OK;
    for (f = 0; dec && f < OGR_FD_GetFieldCount(defn); f++) {
        const char *raw = field_name_at(defn, (size_t)f);
        char *name = NULL;
        int same;
        if (rg_i_decode(dec, raw, strlen(raw), &name) != RG_OK) {
            rg_clear_error();
            continue;
        }
        same = strcmp(name, field) == 0;
        free(name);
        if (same) {
            *index = f;
            return RG_OK;
        }
    }
    rg_i_list_names(names, sizeof names, (size_t)OGR_FD_GetFieldCount(defn), field_name_at, defn);
    return rg_i_error(RG_ERR_DATA, "%s: no field '%s' (fields are: %s)", path, field, names);
}

/* A field's text, decoded by dec when the layer's text comes raw (a shapefile without .cpg or
 * language byte), trimmed, copied into *buf (grown as needed); "" when null or absent. */
static rg_status feature_text(OGRFeatureH f, int index, rg_i_decoder *dec, const char *path,
                              size_t feature, const char *field, char **buf, size_t *cap)
{
    const char *s = "";
    char *decoded = NULL, where[600];
    size_t n;
    rg_status st;
    if (index >= 0 && OGR_F_IsFieldSetAndNotNull(f, index))
        s = OGR_F_GetFieldAsString(f, index);
    if (dec && *s) {
        if ((st = rg_i_decode(dec, s, strlen(s), &decoded)) != RG_OK) {
            snprintf(where, sizeof where, "%s: feature %zu: field '%s'", path, feature, field);
            return rg_i_error_prefix(st, where);
        }
        s = decoded;
    }
    n = strlen(s);
    rg_i_coordination_trim(&s, &n);
    if (!rg_i_utf8_valid(s, n))
        st = rg_i_error(RG_ERR_ENCODING, "%s: feature %zu: field '%s' is not valid UTF-8", path,
                        feature, field);
    else if (!rg_i_reserve((void **)buf, cap, n + 1, 1))
        st = RG_I_NOMEM();
    else {
        memcpy(*buf, s, n);
        (*buf)[n] = '\0';
        st = RG_OK;
    }
    free(decoded);
    return st;
}

/* The location of feature f (number nf, 1-based): *has_location, and lon/lat in xy. */
static rg_status feature_location(OGRFeatureH f, const char *path, size_t nf, const char *id,
                                  rg_i_to_wgs84 *to_wgs84, int has_srs, int *has_location,
                                  double xy[2])
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    rg_status st;
    *has_location = 0;
    if (!g || OGR_G_IsEmpty(g)) {
        rg_i_warn("%s: feature %zu: agency '%s' has no point, so no location", path, nf, id);
        return RG_OK;
    }
    if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint)
        return rg_i_error(RG_ERR_FORMAT, "%s: feature %zu: the geometry is not a point", path, nf);
    xy[0] = OGR_G_GetX(g, 0);
    xy[1] = OGR_G_GetY(g, 0);
    if (to_wgs84 && (st = rg_i_to_wgs84_apply(to_wgs84, xy, 1)) != RG_OK) {
        char where[600];
        snprintf(where, sizeof where, "%s: feature %zu", path, nf);
        return rg_i_error_prefix(st, where);
    }
    if (!(fabs(xy[0]) <= 180 && fabs(xy[1]) <= 90))
        return rg_i_error(RG_ERR_DATA, "%s: feature %zu: point (%.17g, %.17g) is not a lon/lat "
                          "position%s", path, nf, xy[0], xy[1],
                          has_srs ? "" : " (the layer has no CRS, so lon/lat was assumed)");
    *has_location = 1;
    return RG_OK;
}

rg_status rg_coordination_add_agency_layer(rg_coordination *coord, const char *path,
                                           const char *id_field, const char *name_field,
                                           const char *level_field, const char *level_default,
                                           const char *jurisdiction_field)
{
    rg_i_ogr_layer src = {0};
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    OGRFeatureH f = NULL;
    OGRSpatialReferenceH srs;
    rg_i_to_wgs84 *to_wgs84 = NULL;
    rg_i_decoder *dec = NULL;
    char *wkt = NULL, *id = NULL, *name = NULL, *level = NULL, *jur = NULL;
    size_t id_cap = 0, name_cap = 0, level_cap = 0, jur_cap = 0, nf = 0, i;
    /* What to restore on failure, so that a failed call leaves coord as it was. */
    rg_i_coord_mark mark;
    int id_index, name_index, level_index_field, jur_index, default_level = -1;
    OGRwkbGeometryType layer_type;
    rg_status st = RG_OK;

    rg_i_library_init();
    if (!coord || !path || !id_field)
        return rg_i_error(RG_ERR_ARG, "rg_coordination_add_agency_layer: coord, path and "
                          "id_field are required");
    if (level_default && (default_level = rg_i_agency_level_index(level_default)) < 0)
        return rg_i_error(RG_ERR_ARG, "default level '%s' is not one of " RG_I_AGENCY_LEVELS,
                          level_default);
    if (!level_field && !level_default)
        return rg_i_error(RG_ERR_ARG, "%s: agencies need a level: give a level field or a default "
                          "level", path);
    rg_i_coordination_mark(coord, &mark);

    if ((st = open_layer(path, &src)) != RG_OK)
        goto cleanup;
    layer = src.layer;
    layer_type = wkbFlatten(OGR_L_GetGeomType(layer));
    if (layer_type == wkbNone) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: the layer has no geometries (agencies are located by "
                        "points; a table of agencies is read as agencies.csv)", path);
        goto cleanup;
    }
    /* Unknown: formats such as GeoJSON declare no type per layer; checked feature by feature. */
    if (layer_type != wkbPoint && layer_type != wkbUnknown) {
        char type[64];
        const char *t = OGRGeometryTypeToName(layer_type);
        for (i = 0; t[i] && i + 1 < sizeof type; i++)
            type[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] - 'A' + 'a' : t[i]);
        type[i] = '\0';
        st = rg_i_error(RG_ERR_FORMAT, "%s: the layer holds %s geometries, not points (agencies "
                        "are located by points)", path, type);
        goto cleanup;
    }
    defn = OGR_L_GetLayerDefn(layer);
    /* a zipped shapefile's text without .cpg: the region layers' guess (GBK, UTF-8); --encoding
     * is the region layers' option, so the remedy here is the .cpg file */
    if ((st = rg_i_ogr_text_decoder(src.ds, layer, path, NULL,
                                    "put a .cpg file naming the encoding (GBK, UTF-8) beside "
                                    "the layer's .dbf",
                                    &dec)) != RG_OK ||
        (st = field_index(defn, dec, path, id_field, &id_index)) != RG_OK ||
        (st = field_index(defn, dec, path, name_field, &name_index)) != RG_OK ||
        (st = field_index(defn, dec, path, level_field, &level_index_field)) != RG_OK ||
        (st = field_index(defn, dec, path, jurisdiction_field, &jur_index)) != RG_OK)
        goto cleanup;
    if ((srs = OGR_L_GetSpatialRef(layer)) != NULL) {
        if (OSRExportToWkt(srs, &wkt) != OGRERR_NONE || !wkt) {
            st = rg_i_error(RG_ERR_CRS, "%s: the layer's CRS cannot be written as WKT", path);
            goto cleanup;
        }
        if ((st = rg_i_to_wgs84_new(wkt, &to_wgs84)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
    } else
        rg_i_warn("%s: the layer has no CRS; its points are taken as lon/lat WGS84", path);
    if ((st = rg_i_coordination_set_origin(coord, RG_I_COORD_AGENCIES, path, "feature")) != RG_OK)
        goto cleanup;

    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        double xy[2] = {0, 0};
        int has_location;
        nf++;
        if ((st = feature_text(f, id_index, dec, path, nf, id_field, &id, &id_cap)) != RG_OK ||
            (st = feature_text(f, name_index, dec, path, nf, name_field, &name, &name_cap)) !=
                RG_OK ||
            (st = feature_text(f, level_index_field, dec, path, nf, level_field, &level,
                               &level_cap)) != RG_OK ||
            (st = feature_text(f, jur_index, dec, path, nf, jurisdiction_field, &jur,
                               &jur_cap)) != RG_OK)
            goto cleanup;
        if (!*id) {
            st = rg_i_error(RG_ERR_DATA, "%s: feature %zu: field '%s' is empty", path, nf, id_field);
            goto cleanup;
        }
        if (!*level) {
            if (default_level < 0) {
                st = rg_i_error(RG_ERR_DATA, "%s: feature %zu: field '%s' is empty (one of "
                                RG_I_AGENCY_LEVELS ")", path, nf, level_field);
                goto cleanup;
            }
        } else if (rg_i_agency_level_index(level) < 0) {
            st = rg_i_error(RG_ERR_DATA, "%s: feature %zu: level '%s' is not one of "
                            RG_I_AGENCY_LEVELS, path, nf, level);
            goto cleanup;
        }
        if ((st = feature_location(f, path, nf, id, to_wgs84, srs != NULL, &has_location, xy)) !=
                RG_OK ||
            (st = rg_i_coordination_add_agency_row(coord, id, name_index >= 0 ? name : id,
                                                   *level ? level : level_default, has_location,
                                                   xy[0], xy[1], jur, nf, NULL)) != RG_OK)
            goto cleanup;
        OGR_F_Destroy(f);
        f = NULL;
    }

cleanup:
    if (st != RG_OK)
        rg_i_coordination_rollback(coord, &mark);
    else
        rg_i_coordination_restore_origins(coord, &mark);
    if (f)
        OGR_F_Destroy(f);
    rg_i_ogr_layer_close(&src);
    CPLFree(wkt);
    rg_i_to_wgs84_free(to_wgs84);
    rg_i_decoder_free(dec);
    free(id);
    free(name);
    free(level);
    free(jur);
    return st;
}
