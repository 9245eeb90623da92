/* Mechanism dates in the graph file's `mechanisms` table, and its `coverage` table: who covers what at the default analysis level, one row per
 * mechanism and region it covers (mechanism, region, via), so that a GIS joins it to the
 * regions without recomputing anything. Derived data: the reader ignores it. */
#include <stdlib.h>

#include "regiongraph/coverage.h"
#include "write/graphfile_internal.h"

void rg_i_gf_set_dates(OGRFeatureH feat, const rg_coordination *c, size_t m)
{
    char text[11];
    rg_date_format(rg_coordination_mechanism_start(c, m), 0, text);
    if (*text)
        OGR_F_SetFieldString(feat, RG_I_GF_MECH_START, text);
    rg_date_format(rg_coordination_mechanism_end(c, m), 0, text);
    if (*text)
        OGR_F_SetFieldString(feat, RG_I_GF_MECH_END, text);
}

rg_status rg_i_gf_read_dates(OGRFeatureH feat, const int *col, rg_coordination *c, size_t m,
                             const char *path)
{
    long start = 0, end = 0;
    const char *s = col[RG_I_GF_MECH_START] >= 0 ? OGR_F_GetFieldAsString(feat, col[RG_I_GF_MECH_START]) : "";
    const char *e = col[RG_I_GF_MECH_END] >= 0 ? OGR_F_GetFieldAsString(feat, col[RG_I_GF_MECH_END]) : "";
    if (!rg_date_parse(s, &start) || !rg_date_parse(e, &end))
        return rg_i_error(RG_ERR_FORMAT, "%s: mechanisms: feature %lld: start '%s' or end '%s' is "
                          "not a date", path, (long long)OGR_F_GetFID(feat), s, e);
    if (!start)
        start = rg_coordination_mechanism_start(c, m); /* the year, in files without dates */
    return rg_coordination_set_dates(c, m, start, end);
}

rg_status rg_i_gf_write_coverage(GDALDatasetH ds, const rg_graph *graph, const char *path)
{
    static const char *const columns[] = {"mechanism", "region", "via"};
    const rg_coordination *coord = rg_graph_coordination(graph);
    const rg_regions *r = rg_graph_regions(graph);
    rg_coverage *cov = NULL;
    OGRLayerH layer;
    OGRFeatureH feat = NULL;
    size_t m, k, count;
    int started = 0;
    rg_status st;

    if ((st = rg_coverage_compute(graph, NULL, &cov)) != RG_OK)
        goto cleanup;
    if (GDALDatasetStartTransaction(ds, 0) != OGRERR_NONE) {
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot start a transaction");
        goto cleanup;
    }
    started = 1;
    if (!(layer = GDALDatasetCreateLayer(ds, RG_I_GF_COVERAGE, NULL, wkbNone, NULL))) {
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot create the table 'coverage'");
        goto cleanup;
    }
    for (k = 0; k < 3; k++) {
        OGRFieldDefnH fd = OGR_Fld_Create(columns[k], OFTString);
        OGRErr err = OGR_L_CreateField(layer, fd, 1);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE) {
            st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot create the table 'coverage'");
            goto cleanup;
        }
    }
    for (m = 0; m < rg_coordination_mechanism_count(coord); m++) {
        const size_t *regions = rg_coverage_mechanism_regions(cov, m, &count);
        for (k = 0; k < count; k++) {
            if (!(feat = OGR_F_Create(OGR_L_GetLayerDefn(layer)))) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            OGR_F_SetFieldString(feat, 0, rg_coordination_mechanism_id(coord, m));
            OGR_F_SetFieldString(feat, 1, rg_regions_id(r, regions[k]));
            OGR_F_SetFieldString(feat, 2, rg_coverage_via(cov, graph, m, regions[k]));
            if (OGR_L_CreateFeature(layer, feat) != OGRERR_NONE) {
                st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot write to 'coverage'");
                goto cleanup;
            }
            OGR_F_Destroy(feat);
            feat = NULL;
        }
    }
    started = 0;
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot write the coverage table");
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    if (started)
        GDALDatasetRollbackTransaction(ds);
    rg_coverage_free(cov);
    return st;
}
