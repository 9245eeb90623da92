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

typedef struct rg_build_options {
    int contiguity_set;        /* 1: use contiguity below instead of the project's */
    rg_contiguity contiguity;
    const char *level;         /* default analysis level instead of the project's; NULL: keep */
    int geodesic;              /* 1: geodesic border lengths for projected layers too (also set by
                                  the project's `lengths = geodesic`) */
    rg_progress_fn progress;   /* NULL: none */
    void *progress_data;
    double seconds_read, seconds_contiguity, seconds_coordination; /* out: time per step */
} rg_build_options;

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
