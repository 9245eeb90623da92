/* The files an export bundle will write, and its --t_srs, checked before anything is written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <ogr_srs_api.h>

#include "regiongraph/export.h"
#include "regiongraph/graph.h"
#include "regiongraph/network.h"
#include "regiongraph/regions.h"

#include "base/error_internal.h"
#include "write/export_check_internal.h"

/* dir/name+ext through rg_output_check. */
static rg_status check_one(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *path = malloc(n);
    rg_status st;
    if (!path)
        return RG_I_NOMEM();
    snprintf(path, n, "%s/%s%s", dir, name, ext);
    st = rg_output_check(path);
    free(path);
    return st;
}

rg_status rg_i_export_check(const char *dir, const char *const *layers, size_t count,
                            unsigned formats, const char *const *network_files,
                            unsigned networks, const char *t_srs)
{
    /* the extensions each layer format writes per layer (a shapefile is five files) */
    static const char *const geojson[] = {".geojson", NULL};
    static const char *const seq[] = {".geojsons", NULL};
    static const char *const fgb[] = {".fgb", NULL};
    static const char *const shp[] = {".shp", ".shx", ".dbf", ".prj", ".cpg", NULL};
    const struct {
        unsigned bit;
        const char *const *ext;
    } per_layer[] = {{RG_EXPORT_GEOJSON, geojson}, {RG_EXPORT_GEOJSONSEQ, seq},
                     {RG_EXPORT_FLATGEOBUF, fgb}, {RG_EXPORT_SHAPEFILE, shp}};
    size_t f, k, e;
    rg_status st;

    for (f = 0; f < sizeof per_layer / sizeof per_layer[0]; f++)
        for (k = 0; (formats & per_layer[f].bit) && k < count; k++)
            for (e = 0; per_layer[f].ext[e]; e++)
                if ((st = check_one(dir, layers[k], per_layer[f].ext[e])) != RG_OK)
                    return st;
    if ((formats & RG_EXPORT_GPKG) && (st = check_one(dir, "layers", ".gpkg")) != RG_OK)
        return st;
    for (k = 0; k < 4; k++)
        if ((networks & (1u << k)) && (st = check_one(dir, network_files[k], "")) != RG_OK)
            return st;
    if (t_srs && (formats & (RG_EXPORT_GPKG | RG_EXPORT_FLATGEOBUF | RG_EXPORT_SHAPEFILE))) {
        OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
        OGRErr err;
        if (!srs)
            return RG_I_NOMEM();
        CPLErrorReset();
        err = OSRSetFromUserInput(srs, t_srs);
        OSRDestroySpatialReference(srs);
        CPLErrorReset();
        if (err != OGRERR_NONE)
            return rg_i_error(RG_ERR_CRS, "--t_srs '%s': not a CRS that GDAL understands (e.g. "
                              "EPSG:3857, a WKT or a PROJ string)", t_srs);
    }
    return RG_OK;
}

rg_status rg_i_export_check_ids(const rg_graph *graph, const char *level, unsigned networks,
                                const char *dir)
{
    rg_network *network = NULL;
    rg_status st = RG_OK;
    size_t k;
    if (!(networks & (RG_EXPORT_GAL | RG_EXPORT_GWT)))
        return RG_OK;
    if ((st = rg_network_build(graph, level, RG_VIEW_ALL, &network)) != RG_OK)
        return st;
    for (k = 0; k < rg_network_node_count(network); k++) {
        rg_node_kind kind;
        size_t index;
        const char *id;
        rg_network_node(network, k, &kind, &index);
        if (kind != RG_NODE_REGION)
            continue;
        id = rg_regions_id(rg_graph_regions(graph), index);
        if (strpbrk(id, " \t\r\n\v\f")) {
            st = rg_i_error(RG_ERR_DATA, "%s/%s: region id '%s' holds white space, which the %s "
                            "format cannot hold (nothing was written)", dir,
                            networks & RG_EXPORT_GAL ? "weights.gal" : "weights.gwt", id,
                            networks & RG_EXPORT_GAL ? "GAL" : "GWT");
            break;
        }
    }
    rg_network_free(network);
    return st;
}
