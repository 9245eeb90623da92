/* Each mechanism's covered area dissolved and serialised for the mechanisms layer
 * (mechanism_dissolve.c), also ahead of time on a second thread while the other layers of an
 * export are written. */
#ifndef RG_MECHANISM_DISSOLVE_INTERNAL_H
#define RG_MECHANISM_DISSOLVE_INTERNAL_H

#include <stddef.h>

#include "geom/crs_internal.h"
#include "regiongraph/coverage.h"
#include "regiongraph/graph.h"

/* One mechanism's covered area as the layer writes it. */
typedef struct rg_i_dissolved {
    char *json;       /* the GeoJSON geometry (CPLFree), NULL when it covers no geometry */
    double extent[4]; /* west, south, east, north of json's coordinates */
} rg_i_dissolved;

/* Mechanism m's regions dissolved (GEOS's coverage union, else the cascaded union), moved to
 * lon/lat by t (NULL: already there) and written as GeoJSON with `precision` decimals into out
 * (rg_i_dissolved_release frees it). RG_ERR_FORMAT naming the mechanism when GEOS fails, with
 * out empty. Time O(points * log points) for a clean coverage. */
rg_status rg_i_dissolve_mechanism(const rg_graph *graph, const rg_coverage *coverage,
                                  rg_i_to_wgs84 *t, size_t m, int precision, rg_i_dissolved *out);

void rg_i_dissolved_release(rg_i_dissolved *d);

/* Mechanisms dissolved in order on a second thread. */
typedef struct rg_i_dissolve_job rg_i_dissolve_job;

/* Starts dissolving every mechanism of graph on a second thread, with `precision` decimals;
 * *out is NULL (and nothing runs) when RG_THREADS=1, the graph has no mechanism or the thread
 * cannot start: the layer then dissolves each mechanism itself. The thread stops at the first
 * mechanism that fails (the writer meets the failure again, on its own thread, with its
 * message) and once its results hold more than about 32 bytes per point of the map, so that
 * the memory kept stays within the map's own. graph and coverage must outlive the job and not
 * change. */
void rg_i_dissolve_job_start(const rg_graph *graph, const rg_coverage *coverage, int precision,
                             rg_i_dissolve_job **out);

/* Waits for the thread to end, then gives mechanism m's result, or NULL when the thread did not
 * compute it (or job is NULL, or precision differs from the job's). */
const rg_i_dissolved *rg_i_dissolve_job_result(rg_i_dissolve_job *job, size_t m, int precision);

/* Asks the thread to stop, waits for it and frees everything; accepts NULL. */
void rg_i_dissolve_job_free(rg_i_dissolve_job *job);

/* rg_export_mechanisms_geojson taking each mechanism's area from job when it has it (job may
 * be NULL): the same file either way (mechanism_layers.c). */
rg_status rg_i_export_mechanisms_geojson_job(const rg_graph *graph, const rg_coverage *coverage,
                                             const char *path, rg_i_dissolve_job *job);

#endif
