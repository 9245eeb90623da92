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
    int unknown_units;  /* the planar CRS of a layer that declares none and does not fit lon/lat:
                           lengths are in its map units (unit_metres = 1000 so that the "km" of
                           the length code are map units) */
} rg_i_crs;

/* Name of the unit of rg_i_crs_unknown_planar(): its WKT says it, so the choice survives the
 * graph file. */
#define RG_I_MAP_UNIT "map unit"

/* 1 when the WKT is rg_i_crs_unknown_planar()'s (a layer with no CRS whose coordinates are not
 * lon/lat): its lengths are map units, and outputs name them `_mu` / "map units", never km
 * (docs/commands.md). 0 for any other CRS, NULL or "". */
int rg_i_crs_wkt_map_units(const char *wkt);

/* Parses CRS text in any form OSR accepts (ESRI .prj WKT, OGC WKT, PROJ string, EPSG:n).
 * Fails with RG_ERR_CRS and a message naming `where` (e.g. the .prj path). */
rg_status rg_i_crs_from_text(const char *text, const char *where, rg_i_crs *crs);
/* Geographic WGS84 (EPSG:4326, lon/lat order): the assumption when a layer has no CRS. */
rg_status rg_i_crs_wgs84(rg_i_crs *crs);
void rg_i_crs_release(rg_i_crs *crs);

/* A planar CRS in unknown map units (an engineering CRS with no path to WGS84): what a layer
 * without a CRS whose coordinates do not fit lon/lat is taken in. */
rg_status rg_i_crs_unknown_planar(rg_i_crs *crs);

/* The CRS of a layer whose file declares none, from its npts coordinates (xy interleaved): lon/lat
 * WGS84 when every point fits [-180, 180] x [-90, 90], else rg_i_crs_unknown_planar(). Warns,
 * naming `where` and `what` (".prj", "CRS"), which it chose and that --s_srs declares one. O(npts).
 */
rg_status rg_i_crs_guess(const double *xy, size_t npts, const char *where, const char *what,
                         rg_i_crs *crs);

/* rg_i_crs_from_text() for the text of a --s_srs option (messages quote it). */
rg_status rg_i_crs_from_option(const char *s_srs, rg_i_crs *crs);

/* Whether CRS text is blank (an empty .prj): only white space. */
int rg_i_crs_text_blank(const char *text);

/* A transformation from a CRS (given as WKT) to lon/lat WGS84 in traditional GIS order. */
typedef struct rg_i_to_wgs84 rg_i_to_wgs84;
/* *out is NULL (and RG_OK returned) when the CRS already is lon/lat WGS84: no transform. */
rg_status rg_i_to_wgs84_new(const char *wkt, rg_i_to_wgs84 **out);
/* Transforms n points in place (xy interleaved). */
rg_status rg_i_to_wgs84_apply(rg_i_to_wgs84 *t, double *xy, size_t n);
void rg_i_to_wgs84_free(rg_i_to_wgs84 *t);

#endif
