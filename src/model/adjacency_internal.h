/* Internals of rg_adjacency shared by the contiguity builder and the graph-file reader. */
#ifndef RG_ADJACENCY_INTERNAL_H
#define RG_ADJACENCY_INTERNAL_H

#include "regiongraph/adjacency.h"

struct rg_adjacency {
    size_t n, cap;             /* pairs */
    size_t *a, *b;             /* region indices, a < b */
    double *km;                /* shared border length */
    unsigned char *rook;       /* 1: positive-length contact; 0: points only */
    unsigned char *contact;    /* rg_contact of each pair */
    double *gap;               /* smallest boundary distance, km (0 for exact contacts) */
    size_t *line_first;        /* n + 1: lines of pair k are line_first[k] .. line_first[k+1]-1 */
    size_t nlines, line_cap;
    size_t *pt_start;          /* nlines + 1 */
    size_t npts, pt_cap;
    double *xy;                /* 2 * npts */
    rg_contiguity kind;
};

/* A new empty adjacency for the given contiguity kind. */
rg_status rg_i_adjacency_new(rg_contiguity kind, rg_adjacency **out);
/* Appends pair (a, b) with its length and flag; lines follow with rg_i_adjacency_add_line(). */
rg_status rg_i_adjacency_add_pair(rg_adjacency *adj, size_t a, size_t b, double km, int rook);
/* The same with the contact kind and gap (km) given; rook = (contact == RG_CONTACT_BORDER). */
rg_status rg_i_adjacency_add_pair_ex(rg_adjacency *adj, size_t a, size_t b, double km,
                                     rg_contact contact, double gap_km);
/* Makes room for this many pairs, lines and line points in all, so that a builder that knows
 * bounds in advance does not pay for the arrays being copied as they grow (pages never written
 * cost no memory). */
rg_status rg_i_adjacency_reserve(rg_adjacency *adj, size_t pairs, size_t lines, size_t pts);
/* Appends a line (npts points, copied) to the last pair added. */
rg_status rg_i_adjacency_add_line(rg_adjacency *adj, const double *xy, size_t npts);
/* Merges the adjacencies of several layers concatenated into one (levels of a hierarchy):
 * region index i of parts[k] becomes offsets[k] + i. Pairs keep their lengths, flags and
 * lines; the result is sorted by (a, b) and takes the contiguity kind of the first non-NULL
 * part. A NULL part has no pairs. Every part is consumed (freed and set to NULL), also on
 * failure; a pair found in two parts is RG_ERR_INTERNAL. Time O(m log m + lines + points). */
rg_status rg_i_adjacency_merge(rg_adjacency **parts, const size_t *offsets, size_t nparts,
                               rg_adjacency **out);

#endif
