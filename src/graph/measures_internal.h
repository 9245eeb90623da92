/* Measures stored with a graph: a table of numbers per node that an analysis computed once
 * (centrality at build time) and the graph file keeps, so that later commands read it instead
 * of computing it again. The graph layer only holds it; the analysis that made it gives the
 * key that says for which options it holds and knows what its columns mean. */
#ifndef RG_MEASURES_INTERNAL_H
#define RG_MEASURES_INTERNAL_H

#include <stddef.h>

#include "regiongraph/graph.h"
#include "regiongraph/status.h"

typedef struct rg_i_measures {
    char *key;      /* what was computed, with which options (analysis-defined text) */
    size_t rows;    /* nodes */
    size_t cols;    /* columns (their names are the analysis's) */
    double *values; /* rows * cols, a row per node */
    char *extra;    /* analysis-defined text: summary figures beside the table */
} rg_i_measures;

/* Attaches a copy of key, values and extra to the graph, replacing what it held. */
rg_status rg_i_graph_set_measures(rg_graph *graph, const char *key, size_t rows, size_t cols,
                                  const double *values, const char *extra);
/* The measures held, or NULL. */
const rg_i_measures *rg_i_graph_measures(const rg_graph *graph);
void rg_i_measures_free(rg_i_measures *m);

#endif
