/* What the GDAL layer writers (layers.c, layers_empty.c) share: shapefile field names, and the
 * layers written without any feature, which keep their fields and geometry type. */
#ifndef RG_LAYERS_INTERNAL_H
#define RG_LAYERS_INTERNAL_H

#include <gdal.h>
#include <ogr_api.h>

#include "regiongraph/export.h"
#include "write/graphfile_rtree_internal.h"

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

/* A GeoJSON layer of our writer read for writing straight into a GDAL layer (layers_direct.c):
 * its fields' kinds, its geometry family, and a /vsimem sample of one value of each kind per
 * field, which GDAL's GeoJSON reader types as it would type the whole file. */
typedef struct rg_i_direct rg_i_direct;

/* Reads source once. *out is the layer, or NULL when it is not of the shape this path handles
 * (no feature, mixed geometry families or value kinds, foreign members...): the caller then
 * converts it through GDAL's reader. Returns RG_OK, or RG_ERR_IO / RG_ERR_NOMEM. Time O(size). */
rg_status rg_i_direct_scan(const char *source, rg_i_direct **out);
void rg_i_direct_free(rg_i_direct *d);

/* The /vsimem GeoJSON path of the sample (open it with ARRAY_AS_STRING=YES). */
const char *rg_i_direct_schema(const rg_i_direct *d);

/* The family of the geometries (1 point, 2 line, 3 polygon, 0 none: a layer handled here has
 * one) and the features without geometry. */
int rg_i_direct_family(const rg_i_direct *d, long *nulls);

/* 1 when GDAL typed the sample's fields (types) as this path fills them. */
int rg_i_direct_types_ok(const rg_i_direct *d, OGRFeatureDefnH types);

/* Writes every feature into layer, whose fields are the sample's (types), in order, under
 * their names or shapefile names; features without geometry are left out when
 * skip_null_geometry is set. With boxes (*boxes NULL, *nboxes 0), feature k adds its FID k + 1
 * and extent there (min > max without geometry or for an empty one; the caller frees), for a
 * packed R-tree; *nboxes is (size_t)-1 if the FIDs are not 1..n. Returns RG_OK, or RG_ERR_IO
 * with the error shown. Time O(size). */
rg_status rg_i_direct_write(const rg_i_direct *d, OGRFeatureDefnH types, OGRLayerH layer,
                            int skip_null_geometry, const char *shown, rg_i_gf_box **boxes,
                            size_t *nboxes);

#endif
