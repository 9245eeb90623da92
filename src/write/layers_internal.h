/* What the GDAL layer writers (layers.c, layers_empty.c) share: shapefile field names, and the
 * layers written without any feature, which keep their fields and geometry type. */
#ifndef RG_LAYERS_INTERNAL_H
#define RG_LAYERS_INTERNAL_H

#include <gdal.h>
#include <ogr_api.h>

#include "regiongraph/export.h"

#define RG_I_SHP_FIELD_MAX 10

/* Shapefile field names: at most 10 bytes, cut at a UTF-8 character boundary; a name equal
 * (ignoring ASCII case, as dBase readers compare) to an earlier one has its end replaced by
 * _1, _2, ... up to the first free. out[f] holds 11 bytes. */
void rg_i_shapefile_field_names(OGRFeatureDefnH defn, char (*out)[RG_I_SHP_FIELD_MAX + 1]);

/* The geometry type of a bundle layer by its name (regions MultiPolygon, borders, links and gaps
 * MultiLineString, contacts and gap_contacts MultiPoint, agencies Point); wkbUnknown for a name
 * it does not know. */
OGRwkbGeometryType rg_i_layer_geometry_type(const char *name);

/* Writes layer `name` with no feature but with its fields and geometry type, into dst (an open
 * GeoPackage) or a new file at path (FlatGeobuf or Shapefile): the fields of `sibling` (a GeoJSON
 * file of the same schema, e.g. borders for contacts, or NULL) when it has features, else the
 * fixed schema of the name. source is the empty GeoJSON layer (its CRS is kept unless t_srs).
 * Returns RG_OK, RG_ERR_IO naming path on failure. */
rg_status rg_i_layer_write_empty(const char *source, const char *sibling, const char *name,
                                 rg_layer_format format, const char *t_srs, GDALDatasetH dst,
                                 const char *path);

/* 1 when field of bundle layer `layer` holds ISO 8601 days (links', mechanisms' and the coverage
 * table's start and end, the regions' covered_from): written as a date even when every value is
 * null (GeoJSON then gives GDAL no type to see), so that QGIS's Temporal Controller takes it. */
int rg_i_layer_date_field(const char *layer, const char *field);

/* The layer whose features have the same fields as name's (contacts <-> borders, gap_contacts
 * <-> gaps), or NULL. */
const char *rg_i_layer_sibling(const char *name);

#endif
