/* Dissolving a mechanism's regions for the mechanisms layer: our coverage dissolve
 * (geom/dissolve.c) on the regions' own arrays, without copying them into GEOS or OGR, and the
 * rings of the fallback's OGR geometry taken out into the same arrays for the GeoJSON writer. */
#include <stdlib.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "write/coverage_union_internal.h"

int rg_i_coverage_union(const rg_regions *r, const size_t *regions, size_t n, rg_i_polygons *out)
{
    const size_t *ps = rg_regions_poly_start(r);
    size_t npolys = 0, k, p, *polys;
    int ok;
    rg_i_polygons_clear(out);
    for (k = 0; k < n; k++)
        npolys += ps[regions[k] + 1] - ps[regions[k]];
    if (npolys == 0)
        return 0;
    if (!(polys = rg_i_malloc_array(npolys, sizeof *polys))) {
        RG_I_NOMEM();
        return -1;
    }
    npolys = 0;
    for (k = 0; k < n; k++)
        for (p = ps[regions[k]]; p < ps[regions[k] + 1]; p++)
            polys[npolys++] = p;
    ok = rg_i_dissolve(rg_regions_xy(r), rg_regions_pt_start(r), rg_regions_ring_start(r), polys,
                       npolys, out);
    free(polys);
    return ok;
}

/* Polygon g's rings appended to out as one polygon. */
static int add_polygon(OGRGeometryH g, rg_i_polygons *out, double **buf, size_t *cap)
{
    int q, nrings = OGR_G_GetGeometryCount(g);
    if (nrings <= 0)
        return 1;
    if (!rg_i_polygons_begin(out))
        return 0;
    for (q = 0; q < nrings; q++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(g, q);
        int np = OGR_G_GetPointCount(ring);
        if (np <= 0)
            continue;
        if (!rg_i_reserve((void **)buf, cap, 2 * (size_t)np, sizeof **buf))
            return 0;
        OGR_G_GetPoints(ring, *buf, 2 * sizeof **buf, *buf + 1, 2 * sizeof **buf, NULL, 0);
        if (!rg_i_polygons_add_ring(out, *buf, (size_t)np))
            return 0;
    }
    return 1;
}

int rg_i_polygons_from_ogr(OGRGeometryH g, rg_i_polygons *out)
{
    double *buf = NULL;
    size_t cap = 0;
    int ok = 1, k;
    rg_i_polygons_clear(out);
    switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
    case wkbPolygon:
        ok = add_polygon(g, out, &buf, &cap);
        break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (k = 0; k < OGR_G_GetGeometryCount(g) && ok; k++) {
            OGRGeometryH part = OGR_G_GetGeometryRef(g, k);
            if (wkbFlatten(OGR_G_GetGeometryType(part)) == wkbPolygon)
                ok = add_polygon(part, out, &buf, &cap);
        }
        break;
    default:
        break;
    }
    free(buf);
    if (!ok)
        RG_I_NOMEM();
    return ok;
}
