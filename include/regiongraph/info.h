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

#ifdef __cplusplus
}
#endif
#endif
