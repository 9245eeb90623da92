/* Checks on what the graph file reader loaded, beyond what each row says on its own: geometry
 * GDAL could not decode, coordinates no map has, the same border twice, and a region hierarchy
 * that loops. A file regiongraph wrote passes them all; these catch files edited or broken
 * since, naming the table and the row. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"
#include "model/regions_internal.h"
#include "write/graphfile_check_internal.h"

rg_status rg_i_gf_check_feature(OGRFeatureH feat, const char *path, const char *table)
{
    const char *msg;
    if (CPLGetLastErrorType() < CE_Failure)
        return RG_OK;
    msg = CPLGetLastErrorMsg();
    return rg_i_error(RG_ERR_FORMAT, "%s: table '%s', fid %" PRId64 ": the geometry cannot be "
                      "read (%s)", path, table, (int64_t)OGR_F_GetFID(feat),
                      msg && *msg ? msg : "corrupt blob");
}

/* Whether a vertex is one a map can hold: finite and within 1e10 map units, the bound builds
 * hold every layer to (a graph file written without a CRS is taken as lon/lat, yet may hold
 * planar numbers, so lon/lat bounds would refuse files regiongraph wrote). */
static int sane_vertex(const rg_regions *r, double x, double y)
{
    (void)r;
    return isfinite(x) && isfinite(y) && fabs(x) <= 1e10 && fabs(y) <= 1e10;
}

static rg_status check_region_vertices(const rg_regions *r, const char *path)
{
    size_t i, p, k, v;
    for (i = 0; i < r->n; i++)
        for (p = r->poly_start[i]; p < r->poly_start[i + 1]; p++)
            for (k = r->ring_start[p]; k < r->ring_start[p + 1]; k++)
                for (v = r->pt_start[k]; v < r->pt_start[k + 1]; v++)
                    if (!sane_vertex(r, r->xy[2 * v], r->xy[2 * v + 1]))
                        return rg_i_error(RG_ERR_FORMAT, "%s: table 'regions', record %zu: "
                                          "region '%s' has a vertex at (%g, %g), not a place "
                                          "on a map", path, i + 1, r->ids[i], r->xy[2 * v],
                                          r->xy[2 * v + 1]);
    return RG_OK;
}

static rg_status check_border_vertices(const rg_regions *r, const rg_adjacency *adj,
                                       const char *path)
{
    size_t k, l, v;
    for (k = 0; k < adj->n; k++)
        for (l = adj->line_first[k]; l < adj->line_first[k + 1]; l++)
            for (v = adj->pt_start[l]; v < adj->pt_start[l + 1]; v++)
                if (!sane_vertex(r, adj->xy[2 * v], adj->xy[2 * v + 1]))
                    return rg_i_error(RG_ERR_FORMAT, "%s: table 'borders', record %zu: the "
                                      "border of '%s' and '%s' has a vertex at (%g, %g), not a "
                                      "place on a map", path, k + 1, r->ids[adj->a[k]],
                                      r->ids[adj->b[k]], adj->xy[2 * v], adj->xy[2 * v + 1]);
    return RG_OK;
}

typedef struct pair_row {
    size_t a, b, k;
} pair_row;

static int pair_cmp(const void *x, const void *y)
{
    const pair_row *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->k < q->k ? -1 : p->k > q->k;
}

/* The same two regions twice (as a,b or b,a: the reader orders each pair) would count their
 * border and its coverage twice. O(n log n). */
static rg_status check_duplicate_pairs(const rg_regions *r, const rg_adjacency *adj,
                                       const char *path)
{
    pair_row *rows;
    size_t k, first = 0, second = 0;
    int found = 0;
    if (adj->n < 2)
        return RG_OK;
    if (!(rows = rg_i_malloc_array(adj->n, sizeof *rows)))
        return RG_I_NOMEM();
    for (k = 0; k < adj->n; k++) {
        rows[k].a = adj->a[k];
        rows[k].b = adj->b[k];
        rows[k].k = k;
    }
    qsort(rows, adj->n, sizeof *rows, pair_cmp);
    /* of all repeats, the one whose second row comes first in the file */
    for (k = 1; k < adj->n; k++)
        if (rows[k].a == rows[k - 1].a && rows[k].b == rows[k - 1].b &&
            (!found || rows[k].k < second)) {
            first = rows[k - 1].k;
            second = rows[k].k;
            found = 1;
        }
    free(rows);
    if (!found)
        return RG_OK;
    return rg_i_error(RG_ERR_FORMAT, "%s: table 'borders', records %zu and %zu: both are the "
                      "border of '%s' and '%s' (a pair is stored once)", path, first + 1,
                      second + 1, r->ids[adj->a[first]], r->ids[adj->b[first]]);
}

/* The reader takes as parent only a region on a level above (so walks up always end), and
 * silently had nothing for a parent that names the region itself or one on its own level or
 * below: a loop in the hierarchy (a -> b -> a) as a hand-edited file may hold. */
static rg_status check_parents(const rg_regions *r, const char *path)
{
    long pf = rg_regions_field_index(r, RG_PARENT_FIELD);
    size_t i;
    rg_status st;
    if (pf < 0)
        return RG_OK;
    if ((st = rg_i_regions_index(r)) != RG_OK)
        return st;
    for (i = 0; i < r->n; i++) {
        const char *p = r->values[i * r->nfields + (size_t)pf].text;
        long j;
        if (!p || !*p || r->parent[i] >= 0)
            continue;
        if (strcmp(p, r->ids[i]) == 0)
            return rg_i_error(RG_ERR_FORMAT, "%s: table 'regions', record %zu: region '%s' "
                              "names itself as its parent (field '%s')", path, i + 1, r->ids[i],
                              RG_PARENT_FIELD);
        if ((j = rg_regions_find(r, p)) >= 0)
            return rg_i_error(RG_ERR_FORMAT, "%s: table 'regions', record %zu: region '%s' "
                              "names '%s' as its parent, which is not on a level above it "
                              "(a parent cycle in field '%s')", path, i + 1, r->ids[i], p,
                              RG_PARENT_FIELD);
    }
    return RG_OK;
}

rg_status rg_i_gf_check_loaded(const rg_regions *r, const rg_adjacency *adj, const char *path)
{
    rg_status st;
    if ((st = check_region_vertices(r, path)) != RG_OK ||
        (st = check_parents(r, path)) != RG_OK ||
        (st = check_border_vertices(r, adj, path)) != RG_OK ||
        (st = check_duplicate_pairs(r, adj, path)) != RG_OK)
        return st;
    return RG_OK;
}
