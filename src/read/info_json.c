/* rg_info_describe_json: what a map file holds as one JSON object (like `ogrinfo -json`), for
 * programs: the same facts as the text of rg_info_describe for every layer, read through GDAL
 * (which reads shapefiles too, with their .cpg). A shapefile without .cpg or language byte gets
 * the build's guess (GB18030, UTF-8), named in "encoding_guess", and its field names decoded by
 * it, as the text form shows them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/encoding_internal.h"
#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/text_internal.h"
#include "read/ogr_internal.h"
#include "read/ogr_text_internal.h"
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

/* A field name as the build reads it: decoded by the guess when the layer's text is raw (an
 * undecodable name goes out as its bytes, which the JSON writer turns into U+FFFD). */
static void put_field_name(FILE *out, rg_i_decoder *dec, const char *raw)
{
    char *name = NULL;
    if (dec && rg_i_decode(dec, raw, strlen(raw), &name) == RG_OK) {
        rg_i_json_string(out, name);
        free(name);
        return;
    }
    rg_i_json_string(out, raw);
}

static rg_status put_layer(FILE *out, GDALDatasetH ds, OGRLayerH layer)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGRwkbGeometryType gtype = OGR_L_GetGeomType(layer);
    OGREnvelope env;
    int f, nf = OGR_FD_GetFieldCount(defn);
    rg_i_decoder *dec = NULL;
    const char *guess = NULL;
    if (rg_i_ogr_raw_text(ds, layer)) {
        guess = rg_i_ogr_guess_encoding(layer);
        if (rg_i_decoder_new(guess ? guess : "ISO-8859-1", &dec) != RG_OK)
            return RG_I_NOMEM();
    }
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
    fputs(",\"encoding_guess\":", out);
    if (dec)
        rg_i_json_string(out, guess ? guess : "ISO-8859-1"); /* the format's own default */
    else
        fputs("null", out);
    fputs(",\"fields\":[", out);
    for (f = 0; f < nf; f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        OGRFieldSubType sub = OGR_Fld_GetSubType(fd);
        if (f)
            fputc(',', out);
        fputs("{\"name\":", out);
        put_field_name(out, dec, OGR_Fld_GetNameRef(fd));
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
    rg_i_decoder_free(dec);
    return RG_OK;
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
    /* a .dbf without .cpg or language byte comes as its bytes, for the guess */
    if (!(ds = rg_i_gdal_open_vector(name ? name : path))) {
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
    for (l = 0; l < GDALDatasetGetLayerCount(ds) && st == RG_OK; l++) {
        if (l)
            fputc(',', out);
        st = put_layer(out, ds, GDALDatasetGetLayer(ds, l));
    }
    if (st != RG_OK)
        goto cleanup;
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
