/* The graph file's packed spatial indexes (graphfile_rtree.c): the boxes of the regions and
 * borders, and the GeoPackage R-tree of a layer written from them in one pass. */
#ifndef RG_GRAPHFILE_RTREE_INTERNAL_H
#define RG_GRAPHFILE_RTREE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "regiongraph/adjacency.h"
#include "regiongraph/contiguity.h"
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

/* Fraction done of the write, for a progress display: rows and index entries written over
 * all of them. */
typedef struct rg_i_gf_progress {
    rg_fraction_fn fn; /* NULL: none */
    void *data;
    size_t done, total;
} rg_i_gf_progress;

static inline void rg_i_gf_progress_step(rg_i_gf_progress *wp, size_t done)
{
    if (!wp || !wp->fn)
        return;
    wp->done += done;
    wp->fn(wp->total ? (double)wp->done / (double)wp->total : 1.0, wp->data);
}

/* How the writer laid out the regions layer: its FID and geometry column names, and whether
 * the hidden id (name) column follows the source fields. */
typedef struct rg_i_gf_rows {
    const char *fid, *geom;
    int id_column, name_column;
    rg_i_gf_progress *progress; /* NULL: none */
} rg_i_gf_rows;

/* Fills the empty layers `regions` and `borders` that GDAL created in the GeoPackage `file`
 * (closed by GDAL) with the graph's rows, sets their feature counts and extents and adds their
 * packed R-trees, in one SQLite transaction (graphfile_rows.c). Time: O(vertices + n log n). */
rg_status rg_i_gf_write_rows(const rg_graph *graph, const rg_i_gf_rows *rows, const char *file,
                             const char *path);
/* Commits (commit = 1) or rolls back, and closes; accepts NULL. */
rg_status rg_i_gf_rtree_close(sqlite3 *db, int commit, const char *path);

#endif
