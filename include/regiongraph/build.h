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
     * found, with the radius below, keeping the results in `diagnostics`. */
    int diagnose;
    int near_set;              /* 1: near/near_unit instead of the project's `near` */
    double near;               /* the near-miss radius; default: 10 times the tolerance, or
                                  1 km in exact mode (whatever the layer's units) */
    rg_unit near_unit;
    rg_progress_fn progress;   /* NULL: none */
    rg_fraction_fn fraction;   /* fraction done of each level's contiguity; NULL: none. Both
                                  get progress_data */
    void *progress_data;
    double seconds_read, seconds_contiguity, seconds_coordination; /* out: time per step */
    double seconds_diagnostics; /* out: time of the diagnostics (not in seconds_contiguity) */
    /* out, with diagnose: one entry per level, top first; freed by rg_build_options_release() */
    size_t ndiagnostics;
    rg_level_diagnostics *diagnostics;
} rg_build_options;

/* Frees what a build left in the options (the diagnostics); the inputs are untouched. */
void rg_build_options_release(rg_build_options *options);

/* Builds the graph of a project: each layer is read (shapefile), its contiguity found within
 * the layer, the layers merged into one hierarchy (the parent field of each layer naming a region
 * of the layer above), then the coordination files read and resolved against the regions and
 * attached. The project's level (or options->level) becomes the graph's default analysis level
 * and must name a layer. Time: the sum of the steps, each near-linear. On failure nothing is
 * returned and rg_last_error() names the file and record or line. */
rg_status rg_build_project(const rg_project *project, rg_build_options *options, rg_graph **out);


#ifdef __cplusplus
}
#endif
#endif
