/* regiongraph — what a map file holds. */
#ifndef REGIONGRAPH_INFO_H
#define REGIONGRAPH_INFO_H

#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Describes a vector file readable by shapelib or GDAL (a shapefile, a graph file, or any OGR
 * data source): per layer the geometry type, feature count, extent, CRS, fields with types,
 * and for shapefiles the text encoding, the number of null shapes, the candidate id fields and
 * a "problems:" line (null shapes with their first records, id-like fields that repeat values,
 * a missing .prj; "none" when clean). The description is UTF-8 text in *text, which the caller
 * frees with free(). */
RG_API rg_status rg_info_describe(const char *path, char **text);

/* The same as one JSON object (docs/commands.md#info), for programs: {"file", "driver" (GDAL's
 * short name), "layers": [{"name", "geometry_type" (GDAL's name, null for a table),
 * "feature_count", "extent" ([minx, miny, maxx, maxy] in the layer's CRS, null when empty),
 * "crs" (null, or {"name", "authority" ("EPSG:4326" or null), "geographic", "wkt"}), "fields":
 * [{"name", "type" (GDAL's: String, Integer, Integer64, Real, Date, ...), "subtype" (Boolean,
 * ... or null), "width"}]}]}, read through GDAL for every format. The caller frees *json with
 * free(). RG_ERR_IO when the file cannot be read. Time O(layers + fields), plus GDAL's counts. */
RG_API rg_status rg_info_describe_json(const char *path, char **json);

/* rg_info_describe() for a file whose CRS is declared (see rg_read_options.s_srs): the CRS line
 * shows s_srs instead of the file's ("..., from --s_srs"), and a missing .prj is no problem.
 * s_srs NULL: the same as rg_info_describe(). RG_ERR_CRS when GDAL does not know s_srs. */
RG_API rg_status rg_info_describe_as(const char *path, const char *s_srs, char **text);

#ifdef __cplusplus
}
#endif
#endif
