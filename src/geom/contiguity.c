/* Contiguity's entry point, and the driver of the exact build (queen/rook, with shared border
 * lengths and lines); tolerant contiguity is in snap.c.
 *
 * Every segment of every ring goes into a uniform grid. Each vertex v of a region R is then
 * compared with the segments of other regions in v's own cell only:
 *  - v on a segment of region S (at its end or inside it) is a point contact of R and S;
 *  - a segment of R ending at v that is collinear with a segment of S and overlaps it over a
 *    positive length is a shared stretch.
 * Two overlapping collinear segments always have an end of one inside the other, and that end is
 * a vertex of its region whose cell holds the other segment, so scanning every vertex finds every
 * overlap. Each overlap is found from up to four vertices; it is recorded only from the one
 * vertex that is the start of the overlap (a rule both sides evaluate identically), so nothing is
 * counted twice and no (segment, segment) set is needed. Records are bucketed by region, and
 * each pair's stretches are summed and chained into polylines by hashing their end points.
 * A cell much denser than the grid was sized for is split by a finer grid of its own.
 *
 * Memory: the layer's points are not copied; the grid holds one or two entries per segment,
 * and the records one per shared edge piece or touching point, so everything is O(V).
 *
 * The grid is grid.c's; the probing of the vertices is in contiguity_probe.c, the grouping,
 * lengths and chaining of the records in contiguity_border.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"
#include "geom/contiguity_internal.h"
#include "geom/contiguity_wrap_internal.h"
#include "geom/snap_internal.h"

typedef rg_i_exact builder;

/* The exact build; progress (may be NULL) hears the fraction done up to RG_I_PROGRESS_STEPS
 * times. */
static rg_status build_exact(const rg_regions *regions, rg_contiguity kind, unsigned flags,
                             rg_fraction_fn progress, void *progress_data, rg_adjacency **out)
{
    rg_i_to_wgs84 *to_geo = NULL;
    builder bd;
    rg_adjacency *adj = NULL;
    rg_i_survey sv;
    size_t npts;
    rg_status st = RG_OK;
    memset(&bd, 0, sizeof bd);
    bd.progress = progress;
    bd.progress_data = progress_data;
    if (out)
        *out = NULL;
    if (!regions || !out || (kind != RG_CONTIGUITY_QUEEN && kind != RG_CONTIGUITY_ROOK)) {
        st = rg_i_error(RG_ERR_ARG, "contiguity: invalid argument");
        goto cleanup;
    }
    if ((st = rg_i_adjacency_new(kind, &adj)) != RG_OK)
        goto cleanup;
    /* lon/lat on a datum other than WGS84 is shifted to it too (to_geo stays NULL on WGS84) */
    if ((flags & RG_CONTIGUITY_GEODESIC) || rg_regions_crs_is_geographic(regions)) {
        const char *wkt = rg_regions_crs_wkt(regions);
        if ((st = rg_i_to_wgs84_new(wkt, &to_geo)) != RG_OK)
            goto cleanup;
    }
    npts = rg_regions_point_count(regions);
    if (npts == 0)
        goto done;
    bd.regions = regions;
    bd.kind = kind;
    bd.xy = rg_regions_xy(regions);
    if (!(bd.region = rg_i_malloc_array(npts, sizeof *bd.region))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = rg_i_grid_survey(regions, bd.region, NULL, &sv)) != RG_OK)
        goto cleanup;
    /* Cells at least the mean segment length, so that a typical edge enters one or two. The
     * margin is four times the point test's: the point tests use the involved points'
     * magnitude, which max_abs bounds, plus the rounding of the cell arithmetic. */
    rg_i_grid_layout(&bd.g, sv.box, 0, 0, sv.nseg, sv.mean_length, 0);
    bd.g.padx = bd.g.pady = 4.0 * RG_I_RELATIVE_TOLERANCE * sv.max_abs;
    bd.g.own_cells = 1;
    bd.box_pad = 2.0 * RG_I_RELATIVE_TOLERANCE * sv.max_abs;
    if ((st = rg_i_grid_index(&bd.g, bd.xy, 2 * sizeof *bd.xy, npts, bd.region)) != RG_OK)
        goto cleanup;
    /* One record per shared edge (seen from one side) or touching point: in a tessellation
     * about one per two segments. Room for that up front saves copying the array as it grows;
     * pages not written cost no memory. */
    if (!rg_i_reserve((void **)&bd.rec, &bd.rec_cap, sv.nseg / 2 + 16, sizeof *bd.rec)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* A tessellation fills it (one record per shared edge is half the segments), and mapping
     * its pages in one call costs half their faults one at a time, which were a seventh of
     * the scan at 1M regions. */
    rg_i_prefault(bd.rec, bd.rec_cap * sizeof *bd.rec);
    if ((st = rg_i_exact_scan(&bd)) != RG_OK)
        goto cleanup;
    /* The grid is done with: give the memory back before grouping. */
    rg_i_grid_release(&bd.g);
    free(bd.region);
    bd.region = NULL;
    if ((st = rg_i_exact_emit(&bd, to_geo, adj)) != RG_OK ||
        (st = rg_i_contiguity_wrap(regions, kind, to_geo, &adj)) != RG_OK)
        goto cleanup;
done:
    if (progress)
        progress(1.0, progress_data);
    *out = adj;
    adj = NULL;
cleanup:
    rg_i_to_wgs84_free(to_geo);
    rg_adjacency_free(adj);
    rg_i_grid_release(&bd.g);
    free(bd.region);
    free(bd.rec);
    return st;
}

rg_status rg_contiguity_build(const rg_regions *regions, const rg_contiguity_options *options,
                              rg_adjacency **out)
{
    static const rg_contiguity_options defaults; /* queen, exact, planar: all zero */
    rg_status st;
    if (out)
        *out = NULL;
    if (!options)
        options = &defaults;
    if (!(options->snap >= 0) || !isfinite(options->snap)) {
        st = rg_i_error(RG_ERR_ARG, "contiguity: invalid options (snap must be finite and >= 0)");
        goto cleanup;
    }
    if (options->snap > 0) {
        if (!regions || !out ||
            (options->kind != RG_CONTIGUITY_QUEEN && options->kind != RG_CONTIGUITY_ROOK))
            st = rg_i_error(RG_ERR_ARG, "contiguity: invalid argument");
        else
            st = rg_i_contiguity_snap(regions, options, out);
        goto cleanup;
    }
    st = build_exact(regions, options->kind, options->flags, options->progress,
                     options->progress_data, out);
cleanup:
    return st;
}
