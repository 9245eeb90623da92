/* What the graph file's two readers share: the checks of one border row (graphfile_pair.c),
 * which the OGR reader (graphfile_read.c) and the direct SQLite reader
 * (graphfile_read_direct.c) both call with the row's values, so that both give the same pairs
 * and the same messages; and the direct reader's entry points.
 *
 * The direct reader reads the rows of `regions`, `borders` and `rg_measures` straight through
 * SQLite, the GeoPackage geometry blobs decoded here; everything else (rg_meta, the schema of
 * each layer, the CRS, the coordination tables) is still GDAL's. It takes only what it knows
 * to read exactly as GDAL would (column types, storage classes, geometry types, blob layout):
 * on anything else it declines, and rg_graph_read() reads the whole file again through OGR,
 * which gives the messages it always gave. */
#ifndef RG_GRAPHFILE_READ_INTERNAL_H
#define RG_GRAPHFILE_READ_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <ogr_api.h>

#include "model/adjacency_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/status.h"
#include "write/graphfile_internal.h"

/* ------------------------------------------------------------------ one border row */

/* The state of the border rows of one read: the regions (indexed), the pairs being built, the
 * border columns' names (length_km or length_mu) for messages, and the region of the last
 * row's id_a: the writer stores the pairs in order of their first region, so consecutive rows
 * mostly share it, and it is then resolved by one comparison, not a search of the id table. */
typedef struct rg_i_gf_pairs {
    const rg_regions *r;
    rg_adjacency *adj;
    const rg_i_gf_field *columns;
    const char *path;
    char *last_a;   /* the last id_a (malloc'd), its level index and its region */
    size_t last_cap;
    long last_level, last_index;
    const char *level_text; /* the last row's level (a level name of r) and its index */
    long level_index;
} rg_i_gf_pairs;

/* One row of `borders` as read: text values as GDAL gives them ("" for null, level "" when
 * null or absent, contact NULL when null or absent), length (0 for null), gap when has_gap. */
typedef struct rg_i_gf_border_row {
    int64_t fid;
    const char *ida, *idb, *kind, *level, *contact;
    double length, gap;
    int has_gap;
} rg_i_gf_border_row;

/* Checks the row and adds its pair to p->adj (its lines are added after, by the caller).
 * Failures name the file and the feature. */
rg_status rg_i_gf_border_pair(rg_i_gf_pairs *p, const rg_i_gf_border_row *row);
void rg_i_gf_pairs_release(rg_i_gf_pairs *p);

/* ------------------------------------------------------------------ the direct reader */

typedef struct rg_i_gf_direct rg_i_gf_direct;

/* Opens path for the direct reader; *out NULL (and RG_OK) when it is not to be used: a /vsi
 * path, RG_GRAPHFILE_OGR set (non-empty, not 0) in the environment, or a file SQLite does not
 * open. */
rg_status rg_i_gf_direct_open(const char *path, rg_i_gf_direct **out);
void rg_i_gf_direct_close(rg_i_gf_direct *d);
/* How many of the tables regions, borders and rg_measures the last rg_graph_read() of this
 * thread read directly (0 to 3), for the tests that the direct path is taken. */
int rg_i_gf_direct_tables(void);
/* Whether a step below declined the file (then the caller throws away what was read). */
int rg_i_gf_direct_declined(const rg_i_gf_direct *d);

/* How the OGR reader maps the fields of layer `regions` onto the regions (graphfile_read.c):
 * OGR field src[f] for field f, the id and name from OGR fields id_idx and name_idx (-1: none)
 * read as id_type and name_type. */
typedef struct rg_i_gf_region_plan {
    OGRLayerH layer;
    const int *src;
    const rg_i_field *fields;
    size_t nf;
    int id_idx, name_idx;
    rg_field_type id_type, name_type;
} rg_i_gf_region_plan;

/* The rows of `regions` into r (begun and ended), *count of them; announced: the count
 * rg_meta gives (text or NULL), room made for it. */
rg_status rg_i_gf_direct_regions(rg_i_gf_direct *d, const rg_i_gf_region_plan *plan,
                                 const char *announced, rg_regions *r, size_t *count);
/* The rows of `borders` through rg_i_gf_border_pair(), their lines into p->adj; col[] are
 * the OGR field indexes of the border columns (-1 when absent). */
rg_status rg_i_gf_direct_borders(rg_i_gf_direct *d, OGRLayerH layer, const int *col,
                                 const char *announced, rg_i_gf_pairs *p, size_t *count);
/* rg_i_gf_read_measures() through SQLite (same arguments but the dataset's layer). */
rg_status rg_i_gf_direct_measures(rg_i_gf_direct *d, OGRLayerH layer, const char *key,
                                  const char *extra, rg_graph *graph, const char *path);

#endif
