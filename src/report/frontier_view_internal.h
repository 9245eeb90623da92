/* The frontier parts of the coverage report (frontier_view.c): what the gaps section lists and
 * the frontier figures every format gives. */
#ifndef RG_FRONTIER_VIEW_INTERNAL_H
#define RG_FRONTIER_VIEW_INTERNAL_H

#include <stdio.h>

#include "regiongraph/coverage.h"
#include "regiongraph/frontier.h"
#include "report/table_internal.h"

typedef struct rg_i_frontier_view {
    const rg_graph *graph;
    const rg_coverage *coverage;
    /* computed from the coverage itself (so that --at applies), as frontier.h defines it */
    rg_frontier_summary summary; /* frontier gaps overall and across parents */
    rg_mechanism_frontier *mechs; /* per mechanism */
    size_t *front, nfront;       /* pairs on some frontier, longest first (ties by ids) */
    int all;                     /* the list holds every gap, frontier first */
    size_t *gaps, ngaps, nfrontier; /* rg_coverage_ranked_gaps */
    size_t *stops;               /* scratch: mechanisms stopping at one pair */
    size_t *region_gaps;         /* per region: frontier gaps touching it */
    double *region_gap_km;
    int mu;                      /* lengths in unknown map units: named mu, never km */
} rg_i_frontier_view;

rg_status rg_i_frontier_view_init(rg_i_frontier_view *v, const rg_graph *graph,
                                  const rg_coverage *coverage, int all);
void rg_i_frontier_view_release(rg_i_frontier_view *v);

/* Mechanisms stopping at pair k, in v->stops; returns their number. */
size_t rg_i_frontier_view_stops(rg_i_frontier_view *v, size_t k);

/* One line (text, md) under the gaps count: the frontier gaps' pairs and km, across parents. */
void rg_i_frontier_text_totals(const rg_i_frontier_view *v, FILE *out);
/* The per-mechanism frontier table: frontier pairs and km, frontier gaps and km, and the
 * neighbours it stops at (names; Markdown with ids). */
rg_status rg_i_frontier_mechanism_table(rg_i_frontier_view *v, int markdown, rg_i_table **out);
/* JSON members, each after ", ": the summary's totals; a mechanism's figures; a gap's. */
void rg_i_frontier_json_summary(const rg_i_frontier_view *v, FILE *out);
void rg_i_frontier_json_mechanism(rg_i_frontier_view *v, size_t m, FILE *out);
void rg_i_frontier_json_gap(rg_i_frontier_view *v, size_t k, FILE *out);
/* The ids of the mechanisms stopping at pair k joined by sep into buf (cut to size). */
void rg_i_frontier_stops_text(rg_i_frontier_view *v, size_t k, const char *sep, char *buf,
                              size_t size);

#endif
