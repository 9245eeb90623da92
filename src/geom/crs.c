/* CRS handling through GDAL's OSR: import of a layer's CRS and transforms to WGS84. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/crs_internal.h"

struct rg_i_to_wgs84 {
    OGRCoordinateTransformationH ct;
};

static rg_status fill_from_srs(OGRSpatialReferenceH srs, const char *where, rg_i_crs *crs)
{
    char *wkt = NULL;
    const char *opts[] = {"FORMAT=WKT2_2018", NULL};
    rg_status st = RG_OK;
    memset(crs, 0, sizeof *crs);
    if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE || !wkt) {
        st = rg_i_error(RG_ERR_CRS, "%s: the CRS cannot be written as WKT", where);
        goto cleanup;
    }
    if (!(crs->wkt = rg_i_strdup(wkt))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    crs->geographic = OSRIsGeographic(srs) ? 1 : 0;
    {
        char *unit = NULL;
        crs->unit_metres = crs->geographic ? 1.0 : OSRGetLinearUnits(srs, &unit);
        if (!crs->geographic && OSRIsLocal(srs) && unit && strcmp(unit, RG_I_MAP_UNIT) == 0) {
            crs->unknown_units = 1;
            crs->unit_metres = 1000.0;
        }
    }
    if (!crs->geographic && !(crs->unit_metres > 0)) {
        st = rg_i_error(RG_ERR_CRS, "%s: the projected CRS has no usable linear unit", where);
        goto cleanup;
    }
    if (crs->geographic) {
        OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
        const char *opts_same[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                                   "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", NULL};
        OSRSetWellKnownGeogCS(wgs, "WGS84");
        /* Same datum and the data is read in lon/lat order whatever the CRS's axis order; a 3D
         * WGS 84 (EPSG:4979) counts too, since heights are dropped. */
        crs->is_wgs84 = OSRIsSameGeogCS(srs, wgs) || OSRIsSameEx(srs, wgs, opts_same) ? 1 : 0;
        OSRDestroySpatialReference(wgs);
    }
cleanup:
    CPLFree(wkt);
    if (st != RG_OK)
        rg_i_crs_release(crs);
    return st;
}

rg_status rg_i_crs_from_text(const char *text, const char *where, rg_i_crs *crs)
{
    OGRSpatialReferenceH srs = NULL;
    rg_status st;
    rg_i_library_init();
    memset(crs, 0, sizeof *crs);
    srs = OSRNewSpatialReference(NULL);
    if (!srs)
        return rg_i_error(RG_ERR_NOMEM, "out of memory");
    if (!text) {
        st = rg_i_error(RG_ERR_CRS, "%s: no CRS text", where);
        goto cleanup;
    }
    /* WKT (what a .prj holds) is imported strictly: OSRSetFromUserInput would also take the
     * text as a file name or URL to fetch, which a .prj from a stranger must not trigger. */
    if (strchr(text, '[') ? OSRImportFromWkt(srs, (char **)&text) != OGRERR_NONE
                          : OSRSetFromUserInput(srs, text) != OGRERR_NONE) {
        st = rg_i_error(RG_ERR_CRS, "%s: not a coordinate reference system that GDAL knows", where);
        goto cleanup;
    }
    if (OSRIsGeocentric(srs)) {
        st = rg_i_error(RG_ERR_CRS, "%s: a geocentric CRS cannot hold map polygons", where);
        goto cleanup;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    st = fill_from_srs(srs, where, crs);
cleanup:
    OSRDestroySpatialReference(srs);
    return st;
}

rg_status rg_i_crs_wgs84(rg_i_crs *crs)
{
    return rg_i_crs_from_text("EPSG:4326", "WGS84", crs);
}

rg_status rg_i_crs_unknown_planar(rg_i_crs *crs)
{
    static const char wkt[] = "LOCAL_CS[\"unknown planar CRS\",LOCAL_DATUM[\"unknown\",32767],"
                              "UNIT[\"" RG_I_MAP_UNIT "\",1],AXIS[\"x\",EAST],AXIS[\"y\",NORTH]]";
    return rg_i_crs_from_text(wkt, "unknown planar CRS", crs);
}

rg_status rg_i_crs_from_option(const char *s_srs, rg_i_crs *crs)
{
    char where[160];
    snprintf(where, sizeof where, "--s_srs '%.120s%s'", s_srs, strlen(s_srs) > 120 ? "..." : "");
    return rg_i_crs_from_text(s_srs, where, crs);
}

int rg_i_crs_text_blank(const char *text)
{
    for (; text && *text; text++)
        if (!strchr(" \t\r\n\f\v", *text))
            return 0;
    return 1;
}

rg_status rg_i_crs_guess(const double *xy, size_t npts, const char *where, const char *what,
                         rg_i_crs *crs)
{
    size_t k;
    for (k = 0; k < npts; k++)
        if (!(fabs(xy[2 * k]) <= 180.0 && fabs(xy[2 * k + 1]) <= 90.0))
            break;
    if (k == npts) {
        rg_i_warn("%s: no %s: assuming lon/lat WGS84 (EPSG:4326), as every coordinate fits; if "
                  "they are not, declare the CRS with --s_srs (e.g. --s_srs EPSG:32650)", where,
                  what);
        return rg_i_crs_wgs84(crs);
    }
    rg_i_warn("%s: no %s: assuming a planar CRS in unknown map units, as (%.15g, %.15g) is not "
              "lon/lat; lengths are in map units, not km; declare the CRS with --s_srs (e.g. "
              "--s_srs EPSG:2193)", where, what, xy[2 * k], xy[2 * k + 1]);
    return rg_i_crs_unknown_planar(crs);
}

void rg_i_crs_release(rg_i_crs *crs)
{
    if (!crs)
        return;
    free(crs->wkt);
    crs->wkt = NULL;
}

rg_status rg_i_to_wgs84_new(const char *wkt, rg_i_to_wgs84 **out)
{
    OGRSpatialReferenceH src = NULL, dst = NULL;
    rg_i_to_wgs84 *t = NULL;
    rg_i_crs crs = {0};
    rg_status st = RG_OK;
    rg_i_library_init();
    *out = NULL;
    if (!wkt || !*wkt)
        return RG_OK; /* no CRS: the data was taken as lon/lat WGS84 */
    if ((st = rg_i_crs_from_text(wkt, "graph CRS", &crs)) != RG_OK)
        goto cleanup;
    if (crs.is_wgs84)
        goto cleanup;
    src = OSRNewSpatialReference(NULL);
    dst = OSRNewSpatialReference(NULL);
    if (!src || !dst || !(t = calloc(1, sizeof *t))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    OSRSetFromUserInput(src, wkt);
    OSRSetWellKnownGeogCS(dst, "WGS84");
    OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    t->ct = OCTNewCoordinateTransformation(src, dst);
    CPLPopErrorHandler();
    if (!t->ct) {
        const char *name = OSRGetName(src);
        st = rg_i_error(RG_ERR_CRS, "the CRS '%s' has no transformation to lon/lat WGS84%s",
                        name ? name : "unnamed",
                        crs.unknown_units ? " (the layer had no CRS and its coordinates are not "
                                            "lon/lat: declare its CRS with build --s_srs)"
                                          : "");
        goto cleanup;
    }
    *out = t;
    t = NULL;
cleanup:
    rg_i_crs_release(&crs);
    rg_i_to_wgs84_free(t);
    OSRDestroySpatialReference(src);
    OSRDestroySpatialReference(dst);
    return st;
}

rg_status rg_i_to_wgs84_apply(rg_i_to_wgs84 *t, double *xy, size_t n)
{
    /* OCTTransform takes separate x and y arrays; work through a bounded buffer. */
    double x[512], y[512];
    size_t done = 0;
    while (done < n) {
        size_t k, m = n - done < 512 ? n - done : 512;
        int ok[512];
        for (k = 0; k < m; k++) {
            x[k] = xy[2 * (done + k)];
            y[k] = xy[2 * (done + k) + 1];
        }
        if (!OCTTransformEx(t->ct, (int)m, x, y, NULL, ok))
            return rg_i_error_gdal(RG_ERR_CRS, "transformation to WGS84 failed");
        for (k = 0; k < m; k++) {
            if (!ok[k])
                return rg_i_error(RG_ERR_CRS, "point (%.17g, %.17g) cannot be transformed to WGS84",
                                  xy[2 * (done + k)], xy[2 * (done + k) + 1]);
            xy[2 * (done + k)] = x[k];
            xy[2 * (done + k) + 1] = y[k];
        }
        done += m;
    }
    return RG_OK;
}

void rg_i_to_wgs84_free(rg_i_to_wgs84 *t)
{
    if (!t)
        return;
    if (t->ct)
        OCTDestroyCoordinateTransformation(t->ct);
    free(t);
}
