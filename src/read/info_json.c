/* rg_info_describe_json: what a map file holds as one JSON object (like `ogrinfo -json`), for
 * programs: the same facts as the text of rg_info_describe for every layer, read through GDAL
 * (which reads shapefiles too, with their .cpg). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/text_internal.h"
#include "read/ogr_internal.h"
#include "regiongraph/info.h"

static void put_real(FILE *out, double v)
{
    char buf[64];
    rg_i_format_json_real(buf, sizeof buf, v);
    fputs(buf, out);
}

static void put_crs(FILE *out, OGRSpatialReferenceH srs)
{
    const char *auth = srs ? OSRGetAuthorityName(srs, NULL) : NULL;
    const char *code = srs ? OSRGetAuthorityCode(srs, NULL) : NULL;
    char *wkt = NULL;
    if (!srs) {
        fputs("null", out);
        return;
    }
    fputs("{\"name\":", out);
    rg_i_json_string(out, OSRGetName(srs) ? OSRGetName(srs) : "");
    fputs(",\"authority\":", out);
    if (auth && code) {
        char id[64];
        snprintf(id, sizeof id, "%s:%s", auth, code);
        rg_i_json_string(out, id);
    } else {
        fputs("null", out);
    }
    fprintf(out, ",\"geographic\":%s", OSRIsGeographic(srs) ? "true" : "false");
    fputs(",\"wkt\":", out);
    if (OSRExportToWkt(srs, &wkt) == OGRERR_NONE && wkt)
        rg_i_json_string(out, wkt);
    else
        fputs("null", out);
    CPLFree(wkt);
    fputc('}', out);
}

static void put_layer(FILE *out, OGRLayerH layer)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGRwkbGeometryType gtype = OGR_L_GetGeomType(layer);
    OGREnvelope env;
    int f, nf = OGR_FD_GetFieldCount(defn);
    fputs("{\"name\":", out);
    rg_i_json_string(out, OGR_L_GetName(layer));
    fputs(",\"geometry_type\":", out);
    if (gtype == wkbNone)
        fputs("null", out);
    else
        rg_i_json_string(out, OGRGeometryTypeToName(gtype));
    fprintf(out, ",\"feature_count\":%lld", (long long)OGR_L_GetFeatureCount(layer, 1));
    fputs(",\"extent\":", out);
    if (gtype != wkbNone && OGR_L_GetFeatureCount(layer, 1) > 0 &&
        OGR_L_GetExtent(layer, &env, 1) == OGRERR_NONE) {
        fputc('[', out);
        put_real(out, env.MinX);
        fputc(',', out);
        put_real(out, env.MinY);
        fputc(',', out);
        put_real(out, env.MaxX);
        fputc(',', out);
        put_real(out, env.MaxY);
        fputc(']', out);
    } else {
        fputs("null", out);
    }
    fputs(",\"crs\":", out);
    put_crs(out, gtype == wkbNone ? NULL : OGR_L_GetSpatialRef(layer));
    fputs(",\"fields\":[", out);
    for (f = 0; f < nf; f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        OGRFieldSubType sub = OGR_Fld_GetSubType(fd);
        if (f)
            fputc(',', out);
        fputs("{\"name\":", out);
        rg_i_json_string(out, OGR_Fld_GetNameRef(fd));
        fputs(",\"type\":", out);
        rg_i_json_string(out, OGR_GetFieldTypeName(OGR_Fld_GetType(fd)));
        fputs(",\"subtype\":", out);
        if (sub == OFSTNone)
            fputs("null", out);
        else
            rg_i_json_string(out, OGR_GetFieldSubTypeName(sub));
        fprintf(out, ",\"width\":%d}", OGR_Fld_GetWidth(fd));
    }
    fputs("]}", out);
}

rg_status rg_info_describe_json(const char *path, char **json)
{
    GDALDatasetH ds = NULL;
    FILE *out = NULL;
    char *buf = NULL, *name = NULL;
    size_t size = 0;
    struct stat sb;
    int l;
    rg_status st = RG_OK;

    if (!json)
        return rg_i_error(RG_ERR_ARG, "rg_info_describe_json: json is NULL");
    *json = NULL;
    if (!path || !*path)
        return rg_i_error(RG_ERR_ARG, "no file given");
    rg_i_library_init();
    /* as the text form and build name it: x.zip is /vsizip/x.zip, /vsi... is GDAL's; a local
     * FIFO would block GDAL and a symlink loop is no missing file */
    if (rg_i_path_for_gdal(path)) {
        if (!(name = rg_i_gdal_name(path)))
            return RG_I_NOMEM();
        if (!rg_i_path_exists(name, NULL)) {
            st = rg_i_error(RG_ERR_IO, "%s: no such file", path);
            goto cleanup;
        }
    } else if (stat(path, &sb) != 0 && errno != ELOOP) {
        return rg_i_error(RG_ERR_IO, "%s: no such file", path);
    } else if ((st = rg_i_input_open(path, 1)) != RG_OK) {
        return st;
    }
    if (!(ds = GDALOpenEx(name ? name : path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
                          NULL))) {
        st = rg_i_dir_or_unreadable(path, "GDAL");
        goto cleanup;
    }
    if (!(out = open_memstream(&buf, &size))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    fputs("{\"file\":", out);
    rg_i_json_string(out, name ? name : path);
    fputs(",\"driver\":", out);
    rg_i_json_string(out, GDALGetDriverShortName(GDALGetDatasetDriver(ds)));
    fputs(",\"layers\":[", out);
    for (l = 0; l < GDALDatasetGetLayerCount(ds); l++) {
        if (l)
            fputc(',', out);
        put_layer(out, GDALDatasetGetLayer(ds, l));
    }
    fputs("]}\n", out);
    if (ferror(out)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
cleanup:
    if (out && fclose(out) != 0 && st == RG_OK)
        st = RG_I_NOMEM();
    if (ds)
        GDALClose(ds);
    free(name);
    if (st == RG_OK)
        *json = buf;
    else
        free(buf);
    return st;
}
