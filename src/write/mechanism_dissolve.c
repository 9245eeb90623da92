/* The mechanisms layer's geometry: each mechanism's regions dissolved into its covered area and
 * serialised as GeoJSON, on the writer's thread or ahead of it on a second one. The dissolve is
 * a third of an export's CPU on a large map (GEOS's polygonisation), and nothing else of the
 * export depends on it, so it overlaps the other layers' writing. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/threads_internal.h"
#include "regiongraph/coordination.h"
#include "regiongraph/regions.h"
#include "write/coverage_union_internal.h"
#include "write/mechanism_dissolve_internal.h"

/* Region i's polygons added to multi (in the layer's CRS). */
static int add_region(OGRGeometryH multi, const rg_regions *r, size_t i)
{
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r);
    const size_t *pts = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    for (size_t p = ps[i]; p < ps[i + 1]; p++) {
        OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
        for (size_t q = rs[p]; q < rs[p + 1]; q++) {
            OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
            size_t np = pts[q + 1] - pts[q];
            OGR_G_SetPoints(ring, (int)np, xy + 2 * pts[q], 2 * sizeof(double),
                            xy + 2 * pts[q] + 1, 2 * sizeof(double), NULL, 0);
            OGR_G_AddGeometryDirectly(poly, ring);
        }
        if (OGR_G_AddGeometryDirectly(multi, poly) != OGRERR_NONE)
            return 0;
    }
    return 1;
}

/* The cascaded union of the regions' polygons, for input that is no clean coverage; NULL when
 * they have no geometry or GEOS fails (*any says which). */
static OGRGeometryH cascaded(const rg_regions *r, const size_t *regions, size_t n, int *any)
{
    OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiPolygon), u = NULL;
    for (size_t k = 0; k < n; k++)
        add_region(multi, r, regions[k]);
    *any = OGR_G_GetGeometryCount(multi) > 0;
    if (*any && !(u = OGR_G_UnionCascaded(multi))) {
        /* invalid rings (a self-touching shapefile ring) can stop GEOS: repair, then retry */
        OGRGeometryH valid = OGR_G_MakeValid(multi);
        if (valid)
            u = OGR_G_UnionCascaded(valid);
        OGR_G_DestroyGeometry(valid);
    }
    OGR_G_DestroyGeometry(multi);
    return u;
}

/* The covered area of mechanism m as a MultiPolygon in lon/lat; NULL when it covers no region
 * with geometry. */
static rg_status dissolve(const rg_graph *graph, const rg_coverage *coverage, rg_i_to_wgs84 *t,
                          size_t m, OGRGeometryH *out)
{
    const rg_regions *r = rg_graph_regions(graph);
    const size_t *ps = rg_regions_poly_start(r);
    size_t nreg, k, polys = 0;
    const size_t *regions = rg_coverage_mechanism_regions(coverage, m, &nreg);
    OGRGeometryH u = NULL;
    double *buf = NULL;
    size_t cap = 0;
    int any = 1;
    rg_status st = RG_OK;
    *out = NULL;
    for (k = 0; k < nreg; k++)
        polys += ps[regions[k] + 1] - ps[regions[k]];
    if (polys == 0)
        goto cleanup;
    CPLErrorReset();
    /* Regions that share their edges exactly dissolve by cancelling those edges; any other
     * input goes through the cascaded union. */
    if (!(u = rg_i_coverage_union(r, regions, nreg)))
        u = cascaded(r, regions, nreg, &any);
    if (!any)
        goto cleanup;
    if (!u) {
        st = rg_i_error_gdal(RG_ERR_FORMAT, rg_coordination_mechanism_id(
                                                rg_graph_coordination(graph), m));
        goto cleanup;
    }
    if (wkbFlatten(OGR_G_GetGeometryType(u)) == wkbPolygon)
        u = OGR_G_ForceToMultiPolygon(u);
    if (t) {
        int g, q;
        for (g = 0; g < OGR_G_GetGeometryCount(u); g++) {
            OGRGeometryH poly = OGR_G_GetGeometryRef(u, g);
            for (q = 0; q < OGR_G_GetGeometryCount(poly); q++) {
                OGRGeometryH ring = OGR_G_GetGeometryRef(poly, q);
                int np = OGR_G_GetPointCount(ring);
                if (!rg_i_reserve((void **)&buf, &cap, 2 * (size_t)np + 2, sizeof *buf)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                OGR_G_GetPoints(ring, buf, 2 * sizeof *buf, buf + 1, 2 * sizeof *buf, NULL, 0);
                if ((st = rg_i_to_wgs84_apply(t, buf, (size_t)np)) != RG_OK)
                    goto cleanup;
                OGR_G_SetPoints(ring, np, buf, 2 * sizeof *buf, buf + 1, 2 * sizeof *buf, NULL,
                                0);
            }
        }
    }
    *out = u;
    u = NULL;
cleanup:
    OGR_G_DestroyGeometry(u);
    free(buf);
    return st;
}

rg_status rg_i_dissolve_mechanism(const rg_graph *graph, const rg_coverage *coverage,
                                  rg_i_to_wgs84 *t, size_t m, int precision, rg_i_dissolved *out)
{
    char prec[32], **opts = NULL;
    OGRGeometryH g = NULL;
    OGREnvelope env;
    rg_status st;
    memset(out, 0, sizeof *out);
    if ((st = dissolve(graph, coverage, t, m, &g)) != RG_OK || !g)
        goto cleanup;
    snprintf(prec, sizeof prec, "COORDINATE_PRECISION=%d", precision);
    if (!(opts = CSLAddString(opts, prec)) || !(out->json = OGR_G_ExportToJsonEx(g, opts))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    OGR_G_GetEnvelope(g, &env);
    out->extent[0] = env.MinX;
    out->extent[1] = env.MinY;
    out->extent[2] = env.MaxX;
    out->extent[3] = env.MaxY;
cleanup:
    OGR_G_DestroyGeometry(g);
    CSLDestroy(opts);
    return st;
}

void rg_i_dissolved_release(rg_i_dissolved *d)
{
    if (d) {
        CPLFree(d->json);
        d->json = NULL;
    }
}

struct rg_i_dissolve_job {
    const rg_graph *graph;
    const rg_coverage *coverage;
    int precision;
    size_t count;         /* mechanisms */
    size_t budget;        /* bytes of results the thread may keep */
    rg_i_dissolved *done; /* [count] */
    size_t ndone;         /* the first ndone are computed (read after the join) */
    atomic_int stop;
    pthread_t thread;
    int joined;
};

static void *run(void *arg)
{
    rg_i_dissolve_job *job = arg;
    rg_i_to_wgs84 *t = NULL;
    size_t m, held = 0;
    if (rg_i_to_wgs84_new(rg_regions_crs_wkt(rg_graph_regions(job->graph)), &t) != RG_OK)
        goto cleanup;
    for (m = 0; m < job->count && !atomic_load(&job->stop) && held <= job->budget; m++) {
        if (rg_i_dissolve_mechanism(job->graph, job->coverage, t, m, job->precision,
                                    &job->done[m]) != RG_OK)
            break; /* the writer dissolves it again and reports the failure itself */
        held += job->done[m].json ? strlen(job->done[m].json) : 0;
        job->ndone = m + 1;
    }
cleanup:
    rg_i_to_wgs84_free(t);
    /* this thread's error slot and GDAL's are its own: nothing to hand over */
    CPLErrorReset();
    return NULL;
}

void rg_i_dissolve_job_start(const rg_graph *graph, const rg_coverage *coverage, int precision,
                             rg_i_dissolve_job **out)
{
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t count = coord ? rg_coordination_mechanism_count(coord) : 0;
    rg_i_dissolve_job *job = NULL;
    *out = NULL;
    if (!count || !rg_i_threads_allowed() || !(job = calloc(1, sizeof *job)) ||
        !(job->done = rg_i_calloc_array(count, sizeof *job->done))) {
        if (job)
            free(job);
        return;
    }
    job->graph = graph;
    job->coverage = coverage;
    job->precision = precision;
    job->count = count;
    job->budget = 32 * rg_regions_point_count(rg_graph_regions(graph)) + ((size_t)1 << 20);
    atomic_init(&job->stop, 0);
    if (pthread_create(&job->thread, NULL, run, job) != 0) {
        free(job->done);
        free(job);
        return;
    }
    *out = job;
}

static void join(rg_i_dissolve_job *job)
{
    if (!job->joined) {
        pthread_join(job->thread, NULL);
        job->joined = 1;
    }
}

const rg_i_dissolved *rg_i_dissolve_job_result(rg_i_dissolve_job *job, size_t m, int precision)
{
    if (!job || precision != job->precision)
        return NULL;
    join(job);
    return m < job->ndone ? &job->done[m] : NULL;
}

void rg_i_dissolve_job_free(rg_i_dissolve_job *job)
{
    if (!job)
        return;
    atomic_store(&job->stop, 1);
    join(job);
    for (size_t m = 0; m < job->count; m++)
        rg_i_dissolved_release(&job->done[m]);
    free(job->done);
    free(job);
}
