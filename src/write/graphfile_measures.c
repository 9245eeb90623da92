/* The graph file's stored measures: table `rg_measures` (node, then one REAL column per
 * measure, a row per network node in its order) and the rg_meta keys `measures_key` (for which
 * options and network they hold) and `measures_extra` (summary figures), written when the graph
 * holds measures (rg_centrality_store) and read back when present. Files without them read as
 * before, and then the measures are computed when asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "graph/measures_internal.h"
#include "regiongraph/centrality.h"
#include "write/graphfile_internal.h"

static rg_status meta_row(OGRLayerH meta, const char *key, const char *value, const char *path)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(meta));
    rg_status st = RG_OK;
    if (!f)
        return RG_I_NOMEM();
    OGR_F_SetFieldString(f, RG_I_GF_META_KEY, key);
    OGR_F_SetFieldString(f, RG_I_GF_META_VALUE, value);
    if (OGR_L_CreateFeature(meta, f) != OGRERR_NONE)
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot write rg_meta");
    OGR_F_Destroy(f);
    return st;
}

rg_status rg_i_gf_write_measures(GDALDatasetH ds, const rg_graph *graph, const char *path)
{
    const rg_i_measures *m = rg_i_graph_measures(graph);
    OGRLayerH layer, meta;
    OGRFieldDefnH fd = NULL;
    OGRFeatureH f = NULL;
    size_t row, col;
    int in_tx = 0;
    rg_status st = RG_OK;

    if (!m)
        return RG_OK;
    if (m->cols != RG_MEASURE_COUNT)
        return rg_i_error(RG_ERR_INTERNAL, "%s: stored measures of %zu columns", path, m->cols);
    if (!(meta = GDALDatasetGetLayerByName(ds, RG_I_GF_META)) ||
        !(layer = GDALDatasetCreateLayer(ds, RG_I_GF_MEASURES, NULL, wkbNone, NULL))) {
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot create table 'rg_measures'");
        goto cleanup;
    }
    for (col = 0; col <= m->cols; col++) {
        if (!(fd = OGR_Fld_Create(col ? rg_measure_name((rg_measure)(col - 1)) : "node",
                                  col ? OFTReal : OFTInteger64))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        if (OGR_L_CreateField(layer, fd, FALSE) != OGRERR_NONE) {
            st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot create field");
            goto cleanup;
        }
        OGR_Fld_Destroy(fd);
        fd = NULL;
    }
    if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE) {
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot start a transaction");
        goto cleanup;
    }
    in_tx = 1;
    for (row = 0; row < m->rows; row++) {
        if (!(f = OGR_F_Create(OGR_L_GetLayerDefn(layer)))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        OGR_F_SetFID(f, (GIntBig)row + 1);
        OGR_F_SetFieldInteger64(f, 0, (GIntBig)row);
        for (col = 0; col < m->cols; col++)
            OGR_F_SetFieldDouble(f, (int)col + 1, m->values[row * m->cols + col]);
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE) {
            st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot write to 'rg_measures'");
            goto cleanup;
        }
        OGR_F_Destroy(f);
        f = NULL;
    }
    if ((st = meta_row(meta, "measures_key", m->key, path)) != RG_OK ||
        (st = meta_row(meta, "measures_extra", m->extra, path)) != RG_OK)
        goto cleanup;
    in_tx = 0;
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot write the measures");
cleanup:
    if (in_tx) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        GDALDatasetRollbackTransaction(ds);
        CPLPopErrorHandler();
    }
    if (f)
        OGR_F_Destroy(f);
    if (fd)
        OGR_Fld_Destroy(fd);
    return st;
}

rg_status rg_i_gf_read_measures(GDALDatasetH ds, const char *key, const char *extra,
                                rg_graph *graph, const char *path)
{
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    OGRFeatureH f = NULL;
    int idx[RG_MEASURE_COUNT], node_idx;
    double *values = NULL;
    size_t rows, col, have = 0;
    rg_status st = RG_OK;

    if (!key || !(layer = GDALDatasetGetLayerByName(ds, RG_I_GF_MEASURES)))
        return RG_OK; /* none stored */
    defn = OGR_L_GetLayerDefn(layer);
    node_idx = OGR_FD_GetFieldIndex(defn, "node");
    for (col = 0; col < RG_MEASURE_COUNT; col++)
        if ((idx[col] = OGR_FD_GetFieldIndex(defn, rg_measure_name((rg_measure)col))) < 0)
            return rg_i_error(RG_ERR_FORMAT, "%s: table 'rg_measures' has no column '%s'", path,
                              rg_measure_name((rg_measure)col));
    if (node_idx < 0)
        return rg_i_error(RG_ERR_FORMAT, "%s: table 'rg_measures' has no column 'node'", path);
    rows = (size_t)OGR_L_GetFeatureCount(layer, TRUE);
    if (!(values = rg_i_calloc_array(rows * RG_MEASURE_COUNT + 1, sizeof *values))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        GIntBig node = OGR_F_GetFieldAsInteger64(f, node_idx);
        if (node < 0 || (size_t)node >= rows) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: rg_measures feature %lld: node %lld out of range",
                            path, (long long)OGR_F_GetFID(f), (long long)node);
            goto cleanup;
        }
        for (col = 0; col < RG_MEASURE_COUNT; col++)
            values[(size_t)node * RG_MEASURE_COUNT + col] = OGR_F_GetFieldAsDouble(f, idx[col]);
        have++;
        OGR_F_Destroy(f);
        f = NULL;
    }
    if (have != rows) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: table 'rg_measures' has %zu rows, expected %zu",
                        path, have, rows);
        goto cleanup;
    }
    st = rg_i_graph_set_measures(graph, key, rows, RG_MEASURE_COUNT, values, extra);
cleanup:
    if (f)
        OGR_F_Destroy(f);
    free(values);
    return st;
}
