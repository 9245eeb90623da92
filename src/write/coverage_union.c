/* Dissolving a mechanism's regions through GEOS's coverage union: the fast path of the
 * mechanisms layer, for maps whose regions share edges exactly (the cascaded union overlays
 * the polygons pairwise, seconds for thousands of regions). */
#include <stdlib.h>

#include <geos_c.h>

#include "write/coverage_union_internal.h"

/* GEOS's notices and errors: the failure is reported by a NULL result, the caller decides. */
static void quiet(const char *fmt, ...) { (void)fmt; }

/* One ring of points pts[first..last) (closed, as read), or NULL. */
static GEOSGeometry *ring(GEOSContextHandle_t h, const double *xy, size_t first, size_t last)
{
    GEOSCoordSequence *seq;
    size_t np = last - first;
    if (np < 4 || np > (size_t)0x7fffffff)
        return NULL;
    if (!(seq = GEOSCoordSeq_copyFromBuffer_r(h, xy + 2 * first, (unsigned)np, 0, 0)))
        return NULL;
    return GEOSGeom_createLinearRing_r(h, seq); /* takes seq, also on failure */
}

/* Polygon p of the regions (exterior ring, then holes), or NULL. */
static GEOSGeometry *polygon(GEOSContextHandle_t h, const rg_regions *r, size_t p)
{
    const size_t *rs = rg_regions_ring_start(r), *pts = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t nholes = rs[p + 1] - rs[p] - 1, q;
    GEOSGeometry *shell, **holes = NULL, *out = NULL;
    if (rs[p + 1] == rs[p] || !(shell = ring(h, xy, pts[rs[p]], pts[rs[p] + 1])))
        return NULL;
    if (nholes && !(holes = calloc(nholes, sizeof *holes)))
        goto fail;
    for (q = 0; q < nholes; q++)
        if (!(holes[q] = ring(h, xy, pts[rs[p] + 1 + q], pts[rs[p] + 2 + q])))
            goto fail;
    out = GEOSGeom_createPolygon_r(h, shell, holes, (unsigned)nholes); /* takes the rings */
    free(holes);
    return out;
fail:
    for (q = 0; holes && q < nholes; q++)
        if (holes[q])
            GEOSGeom_destroy_r(h, holes[q]);
    free(holes);
    GEOSGeom_destroy_r(h, shell);
    return NULL;
}

OGRGeometryH rg_i_coverage_union(const rg_regions *r, const size_t *regions, size_t n)
{
    const size_t *ps = rg_regions_poly_start(r);
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSGeometry **polys = NULL, *all = NULL, *u = NULL;
    GEOSWKBWriter *w = NULL;
    unsigned char *wkb = NULL;
    size_t npolys = 0, k, p, size = 0;
    OGRGeometryH out = NULL;

    if (!h)
        return NULL;
    GEOSContext_setNoticeHandler_r(h, quiet);
    GEOSContext_setErrorHandler_r(h, quiet);
    for (k = 0; k < n; k++)
        npolys += ps[regions[k] + 1] - ps[regions[k]];
    if (!npolys || npolys > (size_t)0x7fffffff || !(polys = calloc(npolys, sizeof *polys)))
        goto cleanup;
    npolys = 0;
    for (k = 0; k < n; k++)
        for (p = ps[regions[k]]; p < ps[regions[k] + 1]; p++) {
            if (!(polys[npolys] = polygon(h, r, p)))
                goto cleanup;
            npolys++;
        }
    /* a collection, not a MultiPolygon: neighbours share edges, which a MultiPolygon forbids */
    all = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, polys, (unsigned)npolys);
    if (!all)
        goto cleanup;
    npolys = 0; /* the collection owns them now */
    /* Shared edges cancel out only where both sides have the same vertices; GEOS refuses
     * overlaps (by area) and leaves unmatched edges as separate faces, which the validity
     * check catches: either way the cascaded union takes over. */
    if (!(u = GEOSCoverageUnion_r(h, all)) || GEOSisValid_r(h, u) != 1)
        goto cleanup;
    if (!(w = GEOSWKBWriter_create_r(h)) || !(wkb = GEOSWKBWriter_write_r(h, w, u, &size)))
        goto cleanup;
    if (OGR_G_CreateFromWkbEx(wkb, NULL, &out, size) != OGRERR_NONE)
        out = NULL;
cleanup:
    for (k = 0; k < npolys; k++)
        if (polys[k])
            GEOSGeom_destroy_r(h, polys[k]);
    free(polys);
    if (wkb)
        GEOSFree_r(h, wkb);
    if (w)
        GEOSWKBWriter_destroy_r(h, w);
    if (u)
        GEOSGeom_destroy_r(h, u);
    if (all)
        GEOSGeom_destroy_r(h, all);
    GEOS_finish_r(h);
    return out;
}
