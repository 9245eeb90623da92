/* The order of ranked border lists (gaps, frontier gaps): longest first, then by the ids. */
#ifndef RG_RANKING_INTERNAL_H
#define RG_RANKING_INTERNAL_H

#include <stddef.h>

typedef struct rg_i_ranked_pair {
    double km;
    const char *ida, *idb;
    size_t k; /* the pair's index in the adjacency */
} rg_i_ranked_pair;

/* qsort comparator of rg_i_ranked_pair: km descending, then ida, then idb. */
int rg_i_ranked_pair_cmp(const void *x, const void *y);

#endif
