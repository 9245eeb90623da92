/* Text of shapefiles read through GDAL without .cpg or language byte: raw bytes and the guess. */
#ifndef RG_OGR_TEXT_INTERNAL_H
#define RG_OGR_TEXT_INTERNAL_H

#include <gdal.h>

#include "base/encoding_internal.h"

/* GDALOpenEx(name) for reading vectors, with GDAL's Shapefile driver told (SHAPE_ENCODING="",
 * thread-local, for this call only) to leave a .dbf without .cpg or language byte undecoded.
 * A .dbf that declares its encoding is recoded by GDAL as usual. */
GDALDatasetH rg_i_gdal_open_vector(const char *name);

/* 1 when the layer is a shapefile whose strings GDAL hands over undecoded (no .cpg, no language
 * byte, opened by rg_i_gdal_open_vector), 0 otherwise (GDAL's strings are UTF-8). */
int rg_i_ogr_raw_text(GDALDatasetH ds, OGRLayerH layer);

/* The encoding of such a layer guessed from its field names and the string values of its first
 * RG_I_GUESS_RECORDS features, by the shapelib reader's rule: "UTF-8", "GB18030" or NULL (ASCII,
 * or ISO-8859-1). Rewinds the layer. */
const char *rg_i_ogr_guess_encoding(OGRLayerH layer);

/* The decoder the reader applies to the layer's strings and field names: NULL (*out) when GDAL
 * decodes them itself; else --encoding (override) when given, else the guess (with the warning
 * naming `where` and `remedy`, how the user sets the encoding of this kind of layer), else
 * ISO-8859-1. RG_ERR_ENCODING for an encoding iconv does not know. */
rg_status rg_i_ogr_text_decoder(GDALDatasetH ds, OGRLayerH layer, const char *where,
                                const char *override, const char *remedy, rg_i_decoder **out);

#endif
