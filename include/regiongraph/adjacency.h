/* regiongraph — the adjacency of a layer: which regions neighbour which, how they meet, and
 * their shared borders as lengths and polylines. rg_contiguity_build() (contiguity.h) finds it;
 * the graph file stores it.
 */
#ifndef REGIONGRAPH_ADJACENCY_H
#define REGIONGRAPH_ADJACENCY_H

#include <stddef.h>

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

/* How the two regions of a pair meet. */
typedef enum rg_contact {
    RG_CONTACT_POINT = 0,  /* boundaries meet in points only (or, tolerant, over too short a stretch) */
    RG_CONTACT_BORDER = 1, /* boundaries share a stretch of positive length (rook) */
    RG_CONTACT_ISLAND = 2  /* no contact: a link added by rg_adjacency_link_islands() */
} rg_contact;

/* Frees an adjacency; NULL is accepted. */
RG_API void rg_adjacency_free(rg_adjacency *adjacency);

/* Number of adjacent pairs. */
RG_API size_t rg_adjacency_count(const rg_adjacency *adjacency);

/* Pair k: region indices a < b, shared border length in km (0 for a point contact), and
 * whether the contact has positive length (rook) or is only points (queen). */
RG_API void rg_adjacency_pair(const rg_adjacency *adjacency, size_t k, size_t *a, size_t *b,
                              double *border_km, int *rook);

/* The shared border of pair k as polylines, in the layer's coordinates: line j of the pair is
 * points pt_start[j] .. pt_start[j+1]-1 of xy, for j in line_first .. line_first+line_count-1.
 * For a rook pair the lines are the maximal chains of shared stretches; for a point contact
 * each line is one point (a touching point). Pointers stay valid until the adjacency is freed. */
RG_API void rg_adjacency_border(const rg_adjacency *adjacency, size_t k, size_t *line_first,
                                size_t *line_count);
RG_API const size_t *rg_adjacency_line_pt_start(const rg_adjacency *adjacency);
RG_API const double *rg_adjacency_xy(const rg_adjacency *adjacency);

/* How pair k meets (see rg_contact). */
RG_API rg_contact rg_adjacency_contact(const rg_adjacency *adjacency, size_t k);

/* The smallest distance between the boundaries of pair k, in km: 0 for exact contacts, up to the
 * tolerance for tolerant ones, the gap bridged for island links. */
RG_API double rg_adjacency_gap_km(const rg_adjacency *adjacency, size_t k);

#ifdef __cplusplus
}
#endif
#endif
