/* regiongraph — coordination coverage: which regions and borders a shared mechanism covers.
 *
 * At an analysis level, a mechanism covers its region members at that level, and the
 * descendants at that level of its members at higher levels (a province's membership covers its
 * prefectures). Only region members cover regions: agencies coordinate agencies, unless
 * agency_jurisdiction is set, when an agency member also covers the regions of its jurisdiction.
 * An adjacent pair is coordinated when one mechanism covers both sides, a gap otherwise. Pairs
 * whose sides have different parents (provincial borders, for prefectures) are also counted on
 * their own.
 */
#ifndef REGIONGRAPH_COVERAGE_H
#define REGIONGRAPH_COVERAGE_H

#include <stddef.h>

#include "regiongraph/graph.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rg_coverage_options {
    const char *level;        /* analysis level; NULL: the graph's default level, else the lowest */
    const char *weight_field; /* numeric region field (e.g. population) to weight the covered
                                 share; NULL: none. A missing or non-numeric field is RG_ERR_ARG */
    int agency_jurisdiction;  /* count an agency member's jurisdiction as coverage (default 0) */
    long at_first, at_last;   /* coverage as it stood on some day of [at_first, at_last]
                                 (YYYYMMDD, rg_date_parse; rg_date_first_day/last_day of one
                                 date give a day or a whole year): only the mechanisms in force
                                 then cover; 0, 0 (default): every mechanism, whatever its dates */
} rg_coverage_options;

typedef struct rg_coverage rg_coverage;

/* Computes the coverage of a graph (with or without coordination data: without, nothing is
 * covered). Time O(n + m + sum over mechanisms of covered regions) plus the reach, which is
 * O(sum over regions of the regions within two steps). */
RG_API rg_status rg_coverage_compute(const rg_graph *graph, const rg_coverage_options *options,
                                     rg_coverage **out);
RG_API void rg_coverage_free(rg_coverage *coverage);

/* The level analysed (index and name). */
RG_API size_t rg_coverage_level(const rg_coverage *coverage);
RG_API const char *rg_coverage_level_name(const rg_coverage *coverage);

/* Regions of the level, and those covered by at least one mechanism. */
typedef struct rg_coverage_summary {
    size_t regions, covered;
    int weighted;              /* 1 when a weight field was given */
    double weight_total, weight_covered; /* sums of the weight field (nulls count 0) */
    size_t pairs, pairs_coordinated;     /* adjacent pairs at the level */
    double km, km_coordinated;           /* their shared border km */
    size_t cross_pairs, cross_pairs_coordinated; /* pairs whose sides have different parents */
    double cross_km, cross_km_coordinated;
    size_t gaps;                         /* = pairs - pairs_coordinated */
} rg_coverage_summary;
RG_API void rg_coverage_get_summary(const rg_coverage *coverage, rg_coverage_summary *summary);

/* Per mechanism m (rg_coordination index): member counts, regions of the level it covers, the
 * number of connected pieces those regions form in the adjacency graph (1 = contiguous; 0 when
 * it covers none), and its border km with regions it does not cover. */
typedef struct rg_mechanism_coverage {
    size_t region_members, agency_members;
    size_t covered;
    size_t pieces;
    double outer_km;
} rg_mechanism_coverage;
RG_API size_t rg_coverage_mechanism_count(const rg_coverage *coverage);
RG_API void rg_coverage_mechanism(const rg_coverage *coverage, size_t m, rg_mechanism_coverage *out);

/* Per region i of the graph's layer (any level; regions not at the analysed level report 0):
 * the number of mechanisms covering it, and its reach: how many other regions of the level it
 * coordinates with directly (share a mechanism) and within two steps of coordination. */
typedef struct rg_region_coverage {
    int at_level;
    size_t mechanisms;
    size_t reach1, reach2;
} rg_region_coverage;
RG_API void rg_coverage_region(const rg_coverage *coverage, size_t region, rg_region_coverage *out);

/* Per adjacent pair k (rg_adjacency index): the number of mechanisms covering both sides (0 for
 * a gap, and for pairs not at the level), whether the pair is at the level, and whether its
 * sides have different parents. Island links (RG_CONTACT_ISLAND) are no border: they are never
 * at the level, so never a gap nor a coordinated border. */
typedef struct rg_pair_coverage {
    int at_level;
    int cross_parent;
    size_t shared;
} rg_pair_coverage;
RG_API void rg_coverage_pair(const rg_coverage *coverage, size_t k, rg_pair_coverage *out);

/* Gaps at the level: adjacent pair indices not covered by any shared mechanism, ranked by border
 * length (longest first; ties by ids). Owned by the coverage. */
RG_API size_t rg_coverage_gap_count(const rg_coverage *coverage);
RG_API const size_t *rg_coverage_gaps(const rg_coverage *coverage);

/* Who covers what. Regions of the level that mechanism m covers (region indices, ascending),
 * and the mechanisms covering region i (rg_coordination indices, ascending; empty for a region
 * not at the level); *count gets their number. Owned by the coverage. O(1). */
RG_API const size_t *rg_coverage_mechanism_regions(const rg_coverage *coverage, size_t m, size_t *count);
RG_API const size_t *rg_coverage_region_mechanisms(const rg_coverage *coverage, size_t region,
                                                   size_t *count);
/* 1 when the coverage counted agency jurisdictions (rg_coverage_options.agency_jurisdiction). */
RG_API int rg_coverage_agency_jurisdiction(const rg_coverage *coverage);

/* How mechanism m covers region i: RG_COVERAGE_VIA_MEMBER ("member") when the region is a
 * member itself, else the id of the nearest ancestor region that is a member (a province for
 * its prefectures) or of the agency member whose jurisdiction holds it. NULL when m does not
 * cover i. The string is owned by the graph. O(members of m * levels). */
#define RG_COVERAGE_VIA_MEMBER "member"
RG_API const char *rg_coverage_via(const rg_coverage *coverage, const rg_graph *graph, size_t m,
                                   size_t region);

/* Frontier. The mechanisms that stop at adjacent pair k: those covering exactly one of its two
 * sides (rg_coordination indices, ascending). Returns their number and writes the first cap of
 * them to stops (may be NULL). A gap with any is a frontier gap: coordination reaches one side
 * and stops there (frontier.h has the per-mechanism totals). O(mechanisms of the two sides). */
RG_API size_t rg_coverage_pair_stops(const rg_coverage *coverage, const rg_graph *graph, size_t k,
                                     size_t *stops, size_t cap);

/* The gaps ranked frontier first: the frontier gaps longest first (ties by ids, as
 * rg_coverage_gaps), then, when all is not 0, the other gaps in the same order. *out is a new
 * array of adjacent pair indices (free()), *count its length, *frontier how many of them are
 * frontier gaps. RG_ERR_NOMEM. O(gaps). */
RG_API rg_status rg_coverage_ranked_gaps(const rg_coverage *coverage, const rg_graph *graph, int all,
                                         size_t **out, size_t *count, size_t *frontier);

/* Coverage through time. One row per day on which coverage can change: each mechanism's start
 * (as given: a year alone stands for its 1 January) and the day after its end, ascending; each
 * row describes coverage from that day on (options as rg_coverage_compute's, their at_first and
 * at_last ignored). *rows is new (free()), *count its length (0 without dated mechanisms).
 * Time O(changes * rg_coverage_compute). */
typedef struct rg_timeline_row {
    long date;                /* YYYYMMDD; MMDD 0000 for a year alone (rg_date_format) */
    size_t in_force;          /* mechanisms in force that day */
    size_t covered;           /* regions of the level covered */
    size_t pairs_coordinated; /* adjacent pairs one mechanism covers on both sides */
    double km_coordinated;
    size_t frontier_gaps;     /* gaps a mechanism covers on one side (rg_coverage_pair_stops) */
    double frontier_gap_km;
} rg_timeline_row;
RG_API rg_status rg_coverage_timeline(const rg_graph *graph, const rg_coverage_options *options,
                                      rg_timeline_row **rows, size_t *count);

#ifdef __cplusplus
}
#endif
#endif
