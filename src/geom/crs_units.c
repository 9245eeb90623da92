/* Whether a CRS is the unknown planar one (map units): what names a length "km" or "mu". */
#include <string.h>

#include <ogr_srs_api.h>

#include "geom/crs_internal.h"

int rg_i_crs_wkt_map_units(const char *wkt)
{
    OGRSpatialReferenceH srs;
    char *unit = NULL;
    int map_units = 0;
    /* cheap first: the unit's name is in the WKT of every such CRS */
    if (!wkt || !strstr(wkt, "\"" RG_I_MAP_UNIT "\""))
        return 0;
    if (!(srs = OSRNewSpatialReference(NULL)))
        return 0;
    if (OSRImportFromWkt(srs, (char **)&wkt) == OGRERR_NONE && OSRIsLocal(srs)) {
        (void)OSRGetLinearUnits(srs, &unit);
        map_units = unit && strcmp(unit, RG_I_MAP_UNIT) == 0;
    }
    OSRDestroySpatialReference(srs);
    return map_units;
}
