/* regiongraph — exact contiguity between regions, with shared border lengths and lines.
 *
 * Two regions are queen neighbours when their boundaries share at least one point: a common
 * vertex, or a vertex of one lying on an edge of the other. They are rook neighbours when
 * their boundaries share a stretch of positive length, including where one side's vertices
 * lie along the other's edge (the two sides need not have the same vertices). A region is
 * never its own neighbour. Contacts are exact up to a rounding tolerance of a few ulps of the
 * coordinates; tolerant matching of boundaries that miss each other is another option.
 *
 * The shared border length of a pair is the total length of the common stretches: geodesic
 * kilometres on the WGS84 ellipsoid (PROJ's geodesic.h) for geographic data, CRS units
 * converted to kilometres for projected data.
 */
#ifndef REGIONGRAPH_CONTIGUITY_H
#define REGIONGRAPH_CONTIGUITY_H

#include <stddef.h>

#include "regiongraph/regions.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rg_contiguity {
    RG_CONTIGUITY_QUEEN = 0, /* a shared point suffices */
    RG_CONTIGUITY_ROOK = 1   /* a shared stretch of positive length is needed */
} rg_contiguity;

/* The adjacent pairs of a layer and their shared borders. */
typedef struct rg_adjacency rg_adjacency;

/* Finds every adjacent pair of regions. Time: expected O(V) in the total vertex count V for
 * maps whose edges are short relative to the extent (a uniform grid of edges plus a hash of
 * vertices; never all pairs); memory O(V). Pairs are sorted by (a, b) with a < b (region
 * indices). On success *out is new and freed with rg_adjacency_free(). */
rg_status rg_contiguity_build(const rg_regions *regions, rg_contiguity kind, rg_adjacency **out);

/* Flags of rg_contiguity_build_ex(). */
enum {
    /* Measure the borders of a projected layer as geodesics on WGS84 between the stretches' end
     * points transformed to lon/lat, instead of planar lengths in the CRS (which carry the
     * projection's scale error, up to a few percent far from its standard lines). No effect on
     * geographic layers, which are always measured geodesically. */
    RG_CONTIGUITY_GEODESIC = 1
};

/* rg_contiguity_build() with flags (RG_CONTIGUITY_GEODESIC). A projected layer whose CRS cannot
 * be transformed to WGS84 fails with RG_ERR_CRS when RG_CONTIGUITY_GEODESIC is asked. */
rg_status rg_contiguity_build_ex(const rg_regions *regions, rg_contiguity kind, unsigned flags,
                                 rg_adjacency **out);

/* Frees an adjacency; NULL is accepted. */
void rg_adjacency_free(rg_adjacency *adjacency);

/* Number of adjacent pairs. */
size_t rg_adjacency_count(const rg_adjacency *adjacency);

/* Pair k: region indices a < b, shared border length in km (0 for a point contact), and
 * whether the contact has positive length (rook) or is only points (queen). */
void rg_adjacency_pair(const rg_adjacency *adjacency, size_t k, size_t *a, size_t *b,
                       double *border_km, int *rook);

/* The shared border of pair k as polylines, in the layer's coordinates: line j of the pair is
 * points pt_start[j] .. pt_start[j+1]-1 of xy, for j in line_first .. line_first+line_count-1.
 * For a rook pair the lines are the maximal chains of shared stretches; for a point contact
 * each line is one point (a touching point). Pointers stay valid until the adjacency is freed. */
void rg_adjacency_border(const rg_adjacency *adjacency, size_t k, size_t *line_first,
                         size_t *line_count);
const size_t *rg_adjacency_line_pt_start(const rg_adjacency *adjacency);
const double *rg_adjacency_xy(const rg_adjacency *adjacency);

#ifdef __cplusplus
}
#endif
#endif
