/* Coverage through time (coverage_time.c): which mechanisms are in force in a window. */
#ifndef RG_COVERAGE_TIME_INTERNAL_H
#define RG_COVERAGE_TIME_INTERNAL_H

#include "graph/network_internal.h"
#include "regiongraph/coordination.h"
#include "regiongraph/coverage.h"

/* 1 when mechanism m is in force on some day of [first, last] (YYYYMMDD days); a mechanism
 * without a start is always in force, one without an end never ends. */
int rg_i_in_force(const rg_coordination *coord, size_t m, long first, long last);

/* Empties the lists of the mechanisms not in force in [first, last]: they cover nothing.
 * first = last = 0: every mechanism stays. RG_ERR_NOMEM. O(mechanisms + covered regions). */
rg_status rg_i_cover_keep_in_force(rg_i_cover *cover, const rg_coordination *coord, long first,
                                   long last);

/* The first day region i was covered: the earliest start (YYYYMMDD, a year alone as 1 January)
 * of the mechanisms covering it in coverage; 0 when none does or none has a start.
 * O(mechanisms covering i). */
long rg_i_coverage_covered_from(const rg_graph *graph, const rg_coverage *coverage, size_t i);

#endif
