/* The text of shapefiles that GDAL reads (zipped, /vsi...) when their .dbf says nothing about its
 * encoding: GDAL is made to hand over the raw bytes, and the shapelib reader's guess applies. */
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "read/ogr_text_internal.h"
#include "read/text_guess_internal.h"

GDALDatasetH rg_i_gdal_open_vector(const char *name)
{
    /* SHAPE_ENCODING is read only for a .dbf with neither .cpg nor language byte (GDAL's
     * Shapefile driver): "" keeps its bytes as they are, whatever GDAL's default recoding */
    const char *old = CPLGetThreadLocalConfigOption("SHAPE_ENCODING", NULL);
    char *saved = old ? CPLStrdup(old) : NULL;
    GDALDatasetH ds;
    CPLSetThreadLocalConfigOption("SHAPE_ENCODING", "");
    ds = GDALOpenEx(name, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLSetThreadLocalConfigOption("SHAPE_ENCODING", saved);
    CPLFree(saved);
    return ds;
}

int rg_i_ogr_raw_text(GDALDatasetH ds, OGRLayerH layer)
{
    GDALDriverH driver = ds ? GDALGetDatasetDriver(ds) : NULL;
    const char *source;
    if (!driver || strcmp(GDALGetDriverShortName(driver), "ESRI Shapefile") != 0)
        return 0;
    if (GDALGetMetadataItem((GDALMajorObjectH)layer, "ENCODING_FROM_CPG", "SHAPEFILE") ||
        GDALGetMetadataItem((GDALMajorObjectH)layer, "ENCODING_FROM_LDID", "SHAPEFILE"))
        return 0;
    source = GDALGetMetadataItem((GDALMajorObjectH)layer, "SOURCE_ENCODING", "SHAPEFILE");
    return !source || !*source;
}

const char *rg_i_ogr_guess_encoding(OGRLayerH layer)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int nf = OGR_FD_GetFieldCount(defn), f;
    size_t i;
    rg_i_text_guess g;
    OGRFeatureH feat;
    rg_i_text_guess_init(&g);
    for (f = 0; f < nf; f++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, f));
        rg_i_text_guess_feed(&g, (const unsigned char *)name, strlen(name));
    }
    /* GDAL warns that such values are not UTF-8: true, and the point of reading them */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGR_L_ResetReading(layer);
    for (i = 0; i < RG_I_GUESS_RECORDS && rg_i_text_guess_open(&g) &&
                (feat = OGR_L_GetNextFeature(layer));
         i++) {
        for (f = 0; f < nf; f++) {
            const char *v;
            if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, f)) != OFTString ||
                !OGR_F_IsFieldSetAndNotNull(feat, f))
                continue;
            v = OGR_F_GetFieldAsString(feat, f);
            rg_i_text_guess_feed(&g, (const unsigned char *)v, strlen(v));
        }
        OGR_F_Destroy(feat);
    }
    OGR_L_ResetReading(layer);
    CPLPopErrorHandler();
    CPLErrorReset();
    return rg_i_text_guess_result(&g);
}

rg_status rg_i_ogr_text_decoder(GDALDatasetH ds, OGRLayerH layer, const char *where,
                                const char *override, const char *remedy, rg_i_decoder **out)
{
    const char *name;
    rg_status st;
    *out = NULL;
    if (!rg_i_ogr_raw_text(ds, layer))
        return RG_OK;
    if (override && *override) {
        char buf[64];
        if (!(name = rg_i_encoding_from_cpg(override, buf, sizeof buf)))
            name = override;
        if ((st = rg_i_decoder_new(name, out)) != RG_OK)
            return rg_i_error(st, "unknown text encoding '%s' (--encoding)", override);
        return RG_OK;
    }
    name = rg_i_ogr_guess_encoding(layer);
    if (name)
        rg_i_warn("%s: no .cpg and no language byte: the text reads as %s, so it is decoded as "
                  "such; if the names look wrong, %s", where, name, remedy);
    return rg_i_decoder_new(name ? name : "ISO-8859-1", out);
}
