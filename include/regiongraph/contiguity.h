/* regiongraph — exact contiguity between regions, with shared border lengths and lines.
 *
 * Two regions are queen neighbours when their boundaries share at least one point: a common
 * vertex, or a vertex of one lying on an edge of the other. They are rook neighbours when
 * their boundaries share a stretch of positive length, including where one side's vertices
 * lie along the other's edge (the two sides need not have the same vertices). A region is
 * never its own neighbour. Contacts are exact up to a rounding tolerance of a few ulps of the
 * coordinates; tolerant matching of boundaries that miss each other is below (snap).
 *
 * The shared border length of a pair is the total length of the common stretches: geodesic
 * kilometres on the WGS84 ellipsoid (PROJ's geodesic.h) for geographic data, CRS units
 * converted to kilometres for projected data.
 */
#ifndef REGIONGRAPH_CONTIGUITY_H
#define REGIONGRAPH_CONTIGUITY_H

#include <stddef.h>

#include "regiongraph/adjacency.h"
#include "regiongraph/project.h"
#include "regiongraph/regions.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags of rg_contiguity_options. */
enum {
    /* Measure the borders of a projected layer as geodesics on WGS84 between the stretches' end
     * points transformed to lon/lat, instead of planar lengths in the CRS (which carry the
     * projection's scale error, up to a few percent far from its standard lines). No effect on
     * geographic layers, which are always measured geodesically. */
    RG_CONTIGUITY_GEODESIC = 1
};

/* Called now and then during long work with the fraction done (0 to 1). */
typedef void (*rg_fraction_fn)(double fraction, void *user_data);

/* How to build contiguity; all zero (or NULL options) is queen, exact, planar lengths. */
typedef struct rg_contiguity_options {
    rg_contiguity kind;
    unsigned flags;          /* RG_CONTIGUITY_GEODESIC */
    double snap;             /* 0: exact. > 0: tolerant, in the working unit (rg_distance_to_layer,
                                below) */
    rg_fraction_fn progress; /* NULL: none */
    void *progress_data;
} rg_contiguity_options;

/* Finds every adjacent pair of regions, exactly (options->snap == 0) or within a tolerance
 * (snap > 0, below). options may be NULL: queen, exact, planar lengths for a projected layer.
 * Time: expected O(V) in the total vertex count V for maps whose edges are short relative to
 * the extent (a uniform grid of edges plus a hash of vertices; never all pairs), near-linear too
 * in tolerant mode; memory O(V). Pairs are sorted by (a, b) with a < b (region indices). On
 * success *out is new and freed with rg_adjacency_free(). Fails with RG_ERR_ARG for an invalid
 * kind or a snap that is negative or not finite, RG_ERR_DATA / RG_ERR_CRS for coordinates that
 * are not finite or latitudes beyond the poles, and RG_ERR_CRS when RG_CONTIGUITY_GEODESIC is
 * asked of a projected layer whose CRS cannot be transformed to WGS84.
 * Threads: in exact mode, on layers of about 20,000 segments or more, the scan of the segment
 * grid is split into bands of rows scanned by threads (pthreads) started and joined within the
 * call, one per online processor (at most 8); the environment variable RG_THREADS=N asks for N,
 * and RG_THREADS=1 keeps all the work in the calling thread. The result is the same, to the
 * bit, whatever the number of threads; progress is reported from the calling thread only. */
RG_API rg_status rg_contiguity_build(const rg_regions *regions, const rg_contiguity_options *options,
                                     rg_adjacency **out);

/* ---- Tolerant contiguity, diagnostics and island links ------------------------------------
 *
 * Real boundary files miss each other by metres. In tolerant mode (snap > 0) two regions are
 * queen neighbours when their boundaries come within the tolerance of each other anywhere (point
 * to segment, not only vertex to vertex), and rook neighbours when they run within the tolerance
 * of each other over a stretch longer than twice the tolerance (a corner contact seen through a
 * tolerance always has a little length; it is not a border). The shared border length is the mean
 * of the lengths of the two boundaries' stretches that lie within the tolerance of the other and
 * no farther from it than from any third region (so that where three regions meet, or across a
 * wedge of a third region thinner than the tolerance, a boundary counts only for its nearer
 * neighbour). The stretch that decides rook is the longest chain of such stretches along a
 * boundary (mean of the two sides). A pair's lines are the chains along the lower region's
 * boundary; a point contact's line is the midpoint of the two closest points.
 *
 * Distances are measured in the layer's working unit: metres for geographic layers (distances
 * on the local tangent plane of the WGS84 ellipsoid, exact to well under 0.1% below a few km)
 * and CRS units for projected layers. */

/* Converts a distance to the layer's working unit (see above). On a projected layer metres are
 * divided by the CRS's linear unit (in metres); on a geographic layer a bare number is degrees,
 * converted at 111319.49 m per degree (one degree of the equator). */
RG_API rg_status rg_distance_to_layer(const rg_regions *regions, double value, rg_unit unit, double *out);

/* Links every region that has no pair in *adjacency (and a non-empty geometry) to its k nearest
 * regions by boundary distance (ties: lower index first), as RG_CONTACT_ISLAND pairs of border
 * length 0 whose one line is the segment between the closest points of the two boundaries. A
 * pair already present is not added twice. *adjacency is replaced by a new sorted adjacency (the
 * old one is freed) on success and left as it was on failure. */
RG_API rg_status rg_adjacency_link_islands(const rg_regions *regions, rg_adjacency **adjacency, size_t k);

/* Diagnostics that help choose a tolerance. */
typedef struct rg_diagnostics rg_diagnostics;

/* The default near-miss radius for a layer, in the working unit: a tenth of the typical region
 * size (the median over the regions of the square root of the area of their largest ring),
 * capped at 1 km in exact mode (snap 0) or at ten times the tolerance, and at least twice the
 * tolerance. A near miss is a slip far thinner than the regions; a fixed radius larger than the
 * regions would call every region a ring away a near miss. Time O(V + n log n). */
RG_API rg_status rg_contiguity_default_near(const rg_regions *regions, double snap, double *near);

/* Finds, given the adjacency found with tolerance snap (0 for exact):
 *  - near misses: pairs not in the adjacency whose boundaries come within `near` (> snap) of
 *    each other, with their smallest distance and the two closest points, leaving out the pairs
 *    that are already close in the adjacency (a common neighbour: on a clean map, the regions
 *    around a third one, and rook's corner contacts);
 *  - overlaps: pairs whose interiors overlap deeper than snap (a vertex of one lies inside the
 *    other farther than snap from its boundary), with the depth and the deepest point;
 *  - isolated regions (no pair, non-empty geometry), with their nearest region (SIZE_MAX, and a
 *    NaN distance and points, when there is no other non-empty region), distance and closest
 *    points, whatever the distance.
 * Distances are given in km. snap and near are in the working unit. Memory is bounded: each
 * pair is kept once, and at most max(100000, 4 n) near misses (the nearest) and as many overlaps
 * (the deepest); rg_diagnostics_near_total() and rg_diagnostics_overlap_total() count all found.
 * Time O(V) plus the segment pairs within `near` of each other (near-linear when `near` is small
 * against the regions, as rg_contiguity_default_near() makes it; a ring with very many vertices
 * in a few places costs O(V log V)).
 * Threads: on layers of 50,000 points or more the overlaps are searched in a second thread
 * (pthreads) started and joined within the call, beside the near misses; the results are the
 * same as with one thread. The call is reentrant (no shared state); the environment variable
 * RG_THREADS=1 keeps all the work in the calling thread. */
RG_API rg_status rg_contiguity_diagnose(const rg_regions *regions, const rg_adjacency *adjacency,
                                        double snap, double near, rg_diagnostics **out);
RG_API void rg_diagnostics_free(rg_diagnostics *diagnostics);
RG_API size_t rg_diagnostics_near_count(const rg_diagnostics *d);
/* Near misses found, kept or not (>= rg_diagnostics_near_count()). */
RG_API size_t rg_diagnostics_near_total(const rg_diagnostics *d);
/* Near miss k, sorted by distance: regions a < b, distance in km, closest points xy[0..1] on a's
 * boundary and xy[2..3] on b's, in the layer's coordinates. */
RG_API void rg_diagnostics_near(const rg_diagnostics *d, size_t k, size_t *a, size_t *b, double *km,
                                double xy[4]);
RG_API size_t rg_diagnostics_overlap_count(const rg_diagnostics *d);
/* Overlapping pairs found, kept or not (>= rg_diagnostics_overlap_count()). */
RG_API size_t rg_diagnostics_overlap_total(const rg_diagnostics *d);
/* Overlap k, sorted by depth (deepest first): regions a < b, depth in km, deepest point xy[0..1]. */
RG_API void rg_diagnostics_overlap(const rg_diagnostics *d, size_t k, size_t *a, size_t *b, double *km,
                                   double xy[2]);
RG_API size_t rg_diagnostics_isolated_count(const rg_diagnostics *d);
/* Isolated region k, in index order: its nearest region (SIZE_MAX if none), distance in km and the
 * closest points (xy[0..1] on region's boundary, xy[2..3] on nearest's). */
RG_API void rg_diagnostics_isolated(const rg_diagnostics *d, size_t k, size_t *region, size_t *nearest,
                                    double *km, double xy[4]);

#ifdef __cplusplus
}
#endif
#endif
