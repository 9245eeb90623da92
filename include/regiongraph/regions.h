/* regiongraph — a layer of regions: polygons with ids, names, attributes and a CRS.
 *
 * Geometry is held flat, as a GIS holds it: region i owns polygons
 * poly_start[i] .. poly_start[i+1]-1, polygon p owns rings ring_start[p] .. ring_start[p+1]-1
 * (the first is the exterior, the rest are holes), ring r owns points
 * pt_start[r] .. pt_start[r+1]-1, each an (x, y) pair in xy. Rings are closed (the last point
 * repeats the first). A region with no polygon had a null or empty shape: it stays in the layer
 * (its attributes are data too) and simply has no neighbours.
 */
#ifndef REGIONGRAPH_REGIONS_H
#define REGIONGRAPH_REGIONS_H

#include <stddef.h>
#include <stdint.h>

#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rg_regions rg_regions;

typedef enum rg_field_type {
    RG_FIELD_STRING = 0,
    RG_FIELD_INTEGER,
    RG_FIELD_REAL
} rg_field_type;

/* Options for reading a region layer. Zero-initialise, then set what you need. */
typedef struct rg_read_options {
    const char *id_field;   /* field holding the unique id; NULL: first of id, code, ID, CODE, GEOID */
    const char *name_field; /* field holding the display name; NULL: "name" if present, else the id */
    const char *encoding;   /* text encoding of the attributes, e.g. "CP936"; NULL: from the .cpg
                               or the DBF language byte, else ISO-8859-1 as the DBF format says */
    const char *s_srs;      /* the layer's CRS in any form GDAL's OSR takes (EPSG:2193, WKT, a
                               PROJ string), overriding the file's; NULL: the file's (.prj), else
                               lon/lat WGS84 when every coordinate fits lon/lat, else a planar
                               CRS in unknown map units, with a warning */
} rg_read_options;

/* Reads a polygon shapefile (PATH.shp with its .shx, .dbf, and optional .cpg and .prj) through
 * shapelib. Text is decoded to UTF-8; ids are checked to be present and unique; the CRS comes
 * from options->s_srs, else the .prj (an empty or unreadable one is a warning and counts as
 * none), else from the coordinates as options->s_srs says. Null and
 * empty shapes are kept as regions without geometry and reported as a warning. Self-touching or
 * otherwise invalid rings are loaded as they are. Holes are assigned to the exterior ring that
 * contains them. On success *out is a new layer the caller frees with rg_regions_free(); on
 * failure *out is NULL and rg_last_error() names the file and the record. */
RG_API rg_status rg_regions_read_shapefile(const char *path, const rg_read_options *options,
                                           rg_regions **out);

/* Reads a polygon layer from any vector source GDAL/OGR reads (GeoPackage, GeoJSON, TopoJSON,
 * FlatGeobuf, File Geodatabase, a "PG:..." connection string...) with the shapefile reader's
 * semantics: the same id and name fields, ids present and unique, every attribute field
 * (integers, reals, the rest as text; nulls stay null), polygons and multipolygons with their
 * holes (curves made linear, the polygons of a geometry collection taken, Z and M dropped),
 * null and empty geometries kept as regions without geometry with one warning. PATH is FILE or
 * FILE:LAYER (the split is made only when PATH itself is not an existing file); a source with
 * several layers and no LAYER is an error that lists them. The CRS is options->s_srs, else the layer's,
 * else guessed from the coordinates as for shapefiles. Text comes as UTF-8 from GDAL, so
 * options->encoding is ignored with a warning. A layer of points or lines is RG_ERR_FORMAT.
 * One pass over the features: O(features + vertices). */
RG_API rg_status rg_regions_read_ogr(const char *path, const rg_read_options *options, rg_regions **out);

/* Reads a region layer from PATH: a shapefile (PATH ending in .shp, any case, or PATH.shp
 * existing when PATH does not) through rg_regions_read_shapefile(), the fast path, and
 * anything else through rg_regions_read_ogr(). */
RG_API rg_status rg_regions_read(const char *path, const rg_read_options *options, rg_regions **out);

/* Hierarchy. A layer built from several source layers (provinces, then prefectures...) carries
 * two extra attribute fields, RG_LEVEL_FIELD (the source layer's name) and RG_PARENT_FIELD (the
 * id of the parent region in the layer above, null at the top), so that the hierarchy survives
 * every format that keeps attributes. Regions of one level are contiguous, levels in order from
 * the top. A layer without those fields is one level named after its file, without parents. */
#define RG_LEVEL_FIELD "rg_level"
#define RG_PARENT_FIELD "rg_parent"

/* Builds one layer from several levels, top first: levels[k] gets level name names[k]; for
 * k > 0 parent_fields[k] names the field of levels[k] holding its parent's id in levels[k-1]
 * (NULL: no parents for that level). Ids are unique within a level; a code may repeat a code of
 * the level above only as that region's own child (a municipality that is both province and
 * prefecture), and rg_regions_find() then returns the higher one. Fields are the union of the
 * levels' fields by name, ignoring case (a name with different types becomes a string field).
 * Every input layer is consumed (freed), also on failure. Errors name the .dbf and record of a
 * parent that is not in the level above, or of a repeated id. Time O(total regions + vertices). */
RG_API rg_status rg_regions_merge_levels(rg_regions **levels, const char *const *names,
                                         const char *const *parent_fields, size_t nlevels,
                                         rg_regions **out);

/* Number of levels, a level's name, and the level and the parent of region i (the parent's
 * index, or -1 at the top or when unknown). The index is built on first use: O(n). */
RG_API size_t rg_regions_level_count(const rg_regions *regions);
RG_API const char *rg_regions_level_name(const rg_regions *regions, size_t level);
/* Index of a level by name, or -1. */
RG_API long rg_regions_level_index(const rg_regions *regions, const char *name);
RG_API size_t rg_regions_level(const rg_regions *regions, size_t i);
RG_API long rg_regions_parent(const rg_regions *regions, size_t i);
/* Index of a region by id, or -1. O(1) expected after an O(n) index built on first use. */
RG_API long rg_regions_find(const rg_regions *regions, const char *id);

/* Frees a layer; NULL is accepted. */
RG_API void rg_regions_free(rg_regions *regions);

RG_API size_t rg_regions_count(const rg_regions *regions);
RG_API const char *rg_regions_id(const rg_regions *regions, size_t i);
RG_API const char *rg_regions_name(const rg_regions *regions, size_t i);
/* Path of the file the regions came from (as given by the caller). */
RG_API const char *rg_regions_source(const rg_regions *regions);
/* Names of the fields that gave the ids and the names; NULL when unknown (names: the ids). */
RG_API const char *rg_regions_id_field(const rg_regions *regions);
RG_API const char *rg_regions_name_field(const rg_regions *regions);
/* Number of regions whose shape was null or empty. */
RG_API size_t rg_regions_null_count(const rg_regions *regions);

/* Attribute fields carried from the source (every field, the id and name fields included). */
RG_API size_t rg_regions_field_count(const rg_regions *regions);
RG_API const char *rg_regions_field_name(const rg_regions *regions, size_t field);
RG_API rg_field_type rg_regions_field_type(const rg_regions *regions, size_t field);
/* Index of a field by name, or -1. */
RG_API long rg_regions_field_index(const rg_regions *regions, const char *name);
/* Value of a field; returns 0 for a null value (and leaves the output untouched), 1 otherwise.
 * The string is UTF-8, owned by the layer. Integer and real values are also given as text. */
RG_API int rg_regions_value_string(const rg_regions *regions, size_t i, size_t field, const char **value);
RG_API int rg_regions_value_integer(const rg_regions *regions, size_t i, size_t field, int64_t *value);
RG_API int rg_regions_value_real(const rg_regions *regions, size_t i, size_t field, double *value);

/* The layer's CRS as WKT (owned by the layer), whether it is geographic (lon/lat degrees), and
 * for projected CRSs the length of one CRS unit in metres. */
RG_API const char *rg_regions_crs_wkt(const rg_regions *regions);
RG_API int rg_regions_crs_is_geographic(const rg_regions *regions);
RG_API double rg_regions_crs_unit_metres(const rg_regions *regions);

/* Flat geometry arrays (see the comment at the top). Pointers stay valid until the layer is
 * freed. */
RG_API size_t rg_regions_polygon_count(const rg_regions *regions);
RG_API size_t rg_regions_ring_count(const rg_regions *regions);
RG_API size_t rg_regions_point_count(const rg_regions *regions);
RG_API const size_t *rg_regions_poly_start(const rg_regions *regions);
RG_API const size_t *rg_regions_ring_start(const rg_regions *regions);
RG_API const size_t *rg_regions_pt_start(const rg_regions *regions);
RG_API const double *rg_regions_xy(const rg_regions *regions);

#ifdef __cplusplus
}
#endif
#endif
