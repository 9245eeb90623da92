/* The graph file's packed spatial indexes (graphfile_rtree.c): the boxes of the regions and
 * borders, and the GeoPackage R-tree of a layer written from them in one pass. */
#ifndef RG_GRAPHFILE_RTREE_INTERNAL_H
#define RG_GRAPHFILE_RTREE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "regiongraph/adjacency.h"
#include "regiongraph/graph.h"
#include "regiongraph/regions.h"
#include "regiongraph/status.h"

/* A feature's id (its FID) and bounding box; min > max for an empty geometry. */
typedef struct rg_i_gf_box {
    int64_t id;
    double minx, maxx, miny, maxy;
} rg_i_gf_box;

/* The boxes of every region (FID i + 1) or every border (FID k + 1), in a new array the caller
 * frees; RG_ERR_NOMEM on failure. Time: O(vertices). */
rg_status rg_i_gf_region_boxes(const rg_regions *regions, rg_i_gf_box **out);
rg_status rg_i_gf_border_boxes(const rg_adjacency *adjacency, rg_i_gf_box **out);

/* Opens the finished GeoPackage `file` (closed by GDAL) for indexing, in one transaction;
 * `path` names it in messages. */
rg_status rg_i_gf_rtree_open(const char *file, const char *path, sqlite3 **out);
/* Adds the R-tree of layer `table` (FID column fid, geometry column geom) from its n boxes:
 * the rtree virtual table filled by sort-tile-recursive packing, the gpkg_extensions row and
 * the extension's triggers. Time: O(n log n). */
rg_status rg_i_gf_rtree_add(sqlite3 *db, const char *table, const char *fid, const char *geom,
                            const rg_i_gf_box *boxes, size_t n, const char *path);
/* The R-trees of layers `regions` (FID and geometry columns fid, geom) and `borders` (fid,
 * geom) of the graph, added to the GeoPackage `file` that GDAL wrote and closed. */
rg_status rg_i_gf_add_spatial_indexes(const rg_graph *graph, const char *fid, const char *geom,
                                      const char *file, const char *path);
/* Commits (commit = 1) or rolls back, and closes; accepts NULL. */
rg_status rg_i_gf_rtree_close(sqlite3 *db, int commit, const char *path);

#endif
