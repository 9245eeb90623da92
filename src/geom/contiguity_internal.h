/* Exact contiguity's shared state: the builder that the driver (contiguity.c), the vertex
 * probing (contiguity_probe.c) and the border chaining and lengths (contiguity_border.c) pass
 * along. */
#ifndef RG_CONTIGUITY_INTERNAL_H
#define RG_CONTIGUITY_INTERNAL_H

#include <float.h>
#include <stddef.h>

#include "geom/grid_internal.h"
#include "geom/length_internal.h"
#include "regiongraph/contiguity.h"

/* 16 ulps of the largest coordinate involved: the rounding of a vertex put on another edge is
 * about one ulp, and computing the cross product adds a few more. */
#define RG_I_RELATIVE_TOLERANCE (16.0 * DBL_EPSILON)

/* Progress is reported at most this many times over the build: the scan of the grid's rows
 * takes the first part of the range, the emission of the pairs the rest. */
#define RG_I_PROGRESS_STEPS 100
#define RG_I_PROGRESS_SCAN_END 0.6

/* A contact found while scanning: a shared stretch from point p to point q (indices into the
 * layer's xy; both are original vertices), or a touching point p (q == RG_I_NONE). a < b. */
typedef struct rg_i_contact {
    size_t a, b, p, q;
} rg_i_contact;

typedef struct rg_i_exact {
    const rg_regions *regions;
    const double *xy;
    size_t *region;      /* per point: region of the segment it starts; RG_I_NONE for closing
                            points */
    double box_pad;      /* margin of the quick bounding-box rejection */
    rg_contiguity kind;
    rg_i_grid g;
    rg_i_contact *rec;
    size_t nrec, rec_cap;
    rg_fraction_fn progress; /* NULL: nobody listens */
    void *progress_data;
    unsigned progress_step;  /* last step reported, of RG_I_PROGRESS_STEPS */
} rg_i_exact;

/* Reports fraction f (0..1) when it has moved a whole step past the last report. */
static inline void rg_i_exact_progress(rg_i_exact *bd, double f)
{
    unsigned step = (unsigned)(f * RG_I_PROGRESS_STEPS);
    if (!bd->progress || step <= bd->progress_step)
        return;
    bd->progress_step = step;
    bd->progress(f, bd->progress_data);
}

/* Scans every vertex of the indexed layer (bd->g) against the segments of its cell and appends
 * a record to bd->rec for each shared stretch (seen from the vertex that starts it) and each
 * touching point that may be its pair's only contact. Bands of the grid's rows are scanned in
 * threads of their own (see contiguity_probe.c); the records are the same, in the same order,
 * as one thread's. Expected time O(V). */
rg_status rg_i_exact_scan(rg_i_exact *bd);

/* Groups bd->rec by pair (it reorders the records) and adds each pair to adj: the sum of its
 * stretches' lengths (to_geo: see rg_i_length; NULL for planar or geographic) and its lines,
 * the stretches chained into maximal polylines, or its distinct touching points (queen only).
 * O(records) expected, plus the sorts of each region's records. */
rg_status rg_i_exact_emit(rg_i_exact *bd, rg_i_to_wgs84 *to_geo, rg_adjacency *adj);

/* Scratch of rg_i_union_km, reused from pair to pair; zero-initialise, then release. */
typedef struct rg_i_union {
    struct piece *pieces;
    size_t pieces_cap;
    struct event *events;
    size_t events_cap;
} rg_i_union;

/* *km = the length of the union of the shared stretches c[0 .. m-1] of one pair (all with
 * q != RG_I_NONE): where stretches lie on one line and overlap (a zero-width spike along the
 * neighbour's edge, a repeated segment, a ring running back along itself) the overlap counts
 * once. *repeated = 1 when that happened. O(m log m), plus the stretches within reach of each
 * other along the pair's longer extent. */
rg_status rg_i_union_km(rg_i_union *u, const double *xy, const rg_i_length *len,
                        const rg_i_contact *c, size_t m, double *km, int *repeated);
void rg_i_union_release(rg_i_union *u);

#endif
