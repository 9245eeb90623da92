/* CRS handling through GDAL's OSR. */
#ifndef RG_CRS_INTERNAL_H
#define RG_CRS_INTERNAL_H

#include <stddef.h>

#include "regiongraph/status.h"

typedef struct rg_i_crs {
    char *wkt;          /* WKT2 of the CRS, malloc'd */
    int geographic;     /* 1: lon/lat degrees */
    double unit_metres; /* projected: metres per CRS unit; geographic: 1 */
    int is_wgs84;       /* geographic on the WGS84 datum with lon/lat order: no transform needed */
} rg_i_crs;

/* Parses CRS text in any form OSR accepts (ESRI .prj WKT, OGC WKT, PROJ string, EPSG:n).
 * Fails with RG_ERR_CRS and a message naming `where` (e.g. the .prj path). */
rg_status rg_i_crs_from_text(const char *text, const char *where, rg_i_crs *crs);
/* Geographic WGS84 (EPSG:4326, lon/lat order): the assumption when a layer has no CRS. */
rg_status rg_i_crs_wgs84(rg_i_crs *crs);
void rg_i_crs_release(rg_i_crs *crs);

/* A transformation from a CRS (given as WKT) to lon/lat WGS84 in traditional GIS order. */
typedef struct rg_i_to_wgs84 rg_i_to_wgs84;
/* *out is NULL (and RG_OK returned) when the CRS already is lon/lat WGS84: no transform. */
rg_status rg_i_to_wgs84_new(const char *wkt, rg_i_to_wgs84 **out);
/* Transforms n points in place (xy interleaved). */
rg_status rg_i_to_wgs84_apply(rg_i_to_wgs84 *t, double *xy, size_t n);
void rg_i_to_wgs84_free(rg_i_to_wgs84 *t);

#endif
