/* regiongraph — building a graph from map data: one layer, or a project of several levels with
 * coordination data. This is what `regiongraph build` runs. */
#ifndef REGIONGRAPH_BUILD_H
#define REGIONGRAPH_BUILD_H

#include "regiongraph/contiguity.h"
#include "regiongraph/graph.h"
#include "regiongraph/project.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called at the start of each step with a short lowercase description ("reading
 * maps/provinces.shp", "contiguity of 372 regions (prefectures)"...), so that a front end can
 * show progress. Never called from another thread. */
typedef void (*rg_progress_fn)(const char *step, void *user_data);

/* Diagnostics of one level of a build (rg_build_options.diagnose). */
typedef struct rg_level_diagnostics {
    rg_diagnostics *diagnostics; /* region indices are the level's own: add `first` */
    size_t first;                /* graph index of the level's first region */
    double snap_km, near_km;     /* the tolerance and the near-miss radius used, in km */
} rg_level_diagnostics;

/* What to build beyond the project: settings that override the project's, and how to report
 * progress. Zero-initialised options keep every setting of the project. */
typedef struct rg_build_options {
    int contiguity_set;        /* 1: use contiguity below instead of the project's */
    rg_contiguity contiguity;
    const char *level;         /* default analysis level instead of the project's; NULL: keep */
    int geodesic;              /* 1: geodesic border lengths for projected layers too (also set by
                                  the project's `lengths = geodesic`) */
    /* Tolerant contiguity (contiguity.h): a distance as rg_distance_parse() gives it, converted
     * for each level with rg_distance_to_layer() (levels may differ in units). snap_set: use it
     * instead of the project's `snap`; 0 is exact contiguity. */
    int snap_set;
    double snap;
    rg_unit snap_unit;
    /* Links each region left without neighbours to its `islands` nearest regions of its level
     * (rg_adjacency_link_islands(), after the contiguity of the level). islands_set: use it
     * instead of the project's `islands`; 0: no links. */
    int islands_set;
    size_t islands;
    /* 1: run rg_contiguity_diagnose() on each level once its pairs (and island links) are
     * found, with the radius below, keeping the results in rg_build_result.diagnostics. */
    int diagnose;
    /* With diagnose, a result and a single layer without a parent: leave its diagnostics (the
     * radius is still checked) for rg_build_diagnose(), or for rg_build_write(), which runs
     * them while a second thread writes the graph file; the level summaries wait for them too.
     * A hierarchy of levels is diagnosed at once (merging the levels consumes them). */
    int diagnose_later;
    int near_set;              /* 1: near/near_unit instead of the project's `near` */
    double near;               /* the near-miss radius; default: 10 times the tolerance, or
                                  1 km in exact mode (whatever the layer's units) */
    rg_unit near_unit;
    rg_progress_fn progress;   /* NULL: none */
    rg_fraction_fn fraction;   /* fraction done of each level's contiguity; NULL: none. Both
                                  get progress_data */
    void *progress_data;
} rg_build_options;

/* What a build found on one level of the graph, for a summary: counts, the regions without
 * neighbours, the island links, and (when the level was diagnosed) the spread of the near
 * misses, the deepest overlap and a tolerance to try. Region indices are the graph's. */
typedef struct rg_level_summary {
    size_t regions;        /* regions of the level */
    size_t pairs;          /* adjacent pairs, island links not counted */
    size_t isolated;       /* regions without any neighbour (island links count as neighbours) */
    size_t *isolated_regions; /* their indices, ascending (`isolated` of them) */
    size_t island_links;   /* pairs of contact RG_CONTACT_ISLAND */
    size_t *island_pairs;  /* their indices in rg_graph_adjacency(), ascending */
    int diagnosed;         /* 1: the fields below are filled from the level's diagnostics */
    size_t near_misses;    /* rg_diagnostics_near_total(): all found */
    size_t near_kept;      /* rg_diagnostics_near_count(): the nearest, kept */
    double near_min_km, near_median_km, near_max_km; /* of the kept gaps (median: the upper one) */
    size_t overlaps;       /* rg_diagnostics_overlap_total(): all found */
    size_t overlaps_kept;  /* rg_diagnostics_overlap_count(): the deepest, kept */
    size_t overlap_a, overlap_b; /* the deepest overlap's regions, when there is one */
    double overlap_km;     /* and its depth */
    double snap_hint_m;    /* rg_build_tolerance_hint(): a tolerance to try, in metres; 0: none */
} rg_level_summary;

/* What a build reports besides the graph: the settings it applied, the time of each step, the
 * diagnostics and a summary of each level. Initialise to {0}; a build releases what it held
 * before filling it. Free with rg_build_result_release(). */
typedef struct rg_build_result {
    rg_contiguity contiguity;  /* the kind of contiguity found */
    double snap;               /* the tolerance (0: exact) and its unit, from the options or the */
    rg_unit snap_unit;         /* project */
    double seconds_read, seconds_contiguity, seconds_coordination; /* time per step */
    double seconds_diagnostics; /* time of the diagnostics (not in seconds_contiguity) */
    /* With diagnose: one entry per level, top first; otherwise 0 and NULL. */
    size_t ndiagnostics;
    rg_level_diagnostics *diagnostics;
    /* One entry per level of the graph, top first. */
    size_t nlevels;
    rg_level_summary *levels;
    /* The coordination data attached, when the project has some (coordination is 1). */
    int coordination;
    size_t mechanisms, memberships, agencies;
    /* Set by rg_build_write(): the write of the graph file alone, the time it then waited for
     * the diagnostics, and 1 when the diagnostics ran beside the write (seconds_diagnostics
     * then overlaps seconds_write). */
    double seconds_write, seconds_waited;
    int diagnosed_beside_write;
    /* Internal: the levels whose diagnostics a build left for later (diagnose_later). */
    struct rg_build_later *later;
} rg_build_result;

/* Frees what a build left in a result and zeroes it. Accepts NULL. */
RG_API void rg_build_result_release(rg_build_result *result);

/* Builds the graph of a project: each layer is read (shapefile), its contiguity found within
 * the layer, the layers merged into one hierarchy (the parent field of each layer naming a region
 * of the layer above), then the coordination files read and resolved against the regions and
 * attached. The options' settings replace the project's where set; options may be NULL. The
 * project's level (or options->level) becomes the graph's default analysis level and must name a
 * layer. result, unless NULL, receives the timings, diagnostics and level summaries. Time: the
 * sum of the steps, each near-linear. On failure nothing is returned, result is released, and
 * rg_last_error() names the file and record or line. */
RG_API rg_status rg_build_project(const rg_project *project, const rg_build_options *options,
                                  rg_graph **out, rg_build_result *result);

/* Runs the diagnostics a build left for later (rg_build_options.diagnose_later), in this
 * thread, then fills the level summaries; does nothing when none are left. The result must come
 * from a build of this graph. Time: that of the diagnostics. On failure the diagnostics and
 * summaries are released (the rest of the result stays) and rg_last_error() says why. */
RG_API rg_status rg_build_diagnose(const rg_graph *graph, rg_build_result *result);

/* A tolerance to try for level `level` of a result (its diagnostics and summary counts), in
 * metres in *metres, 0 when there is none to suggest: the level was not diagnosed, it has fewer
 * than 3 near misses or fewer than 3 overlaps (boundaries digitised apart show both: gaps alone
 * may be real, overlaps alone slivers), its misses and overlaps together are fewer than a tenth
 * of its adjacent pairs, or the tolerance found is not above the one used. Boundaries digitised apart cross each other (near misses at 0 m, and
 * overlaps) or leave gaps; the tolerance must cover how far they run apart, which an overlap's
 * depth measures on one side of a crossing and which is up to about twice a near miss's smallest
 * gap. So: the larger of the 90th percentile of the overlap depths and twice that of the gaps
 * (crossings at 0), rounded up to one significant digit (60, 300, 2000). rg_build_project()
 * keeps it in the level's summary (snap_hint_m). RG_ERR_ARG for a level the result does not
 * have. Time: O(n log n) in the misses and overlaps. */
RG_API rg_status rg_build_tolerance_hint(const rg_build_result *result, size_t level, double *metres);

#ifdef __cplusplus
}
#endif
#endif
