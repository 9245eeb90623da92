/* Every path and option of an export bundle checked before the first file is written
 * (export_check.c), so that a refusal found late never leaves earlier outputs behind. */
#ifndef RG_EXPORT_CHECK_INTERNAL_H
#define RG_EXPORT_CHECK_INTERNAL_H

#include <stddef.h>

#include "regiongraph/graph.h"
#include "regiongraph/status.h"

/* Checks each file the bundle will write in dir (layers[0..count) in the formats of the
 * RG_EXPORT_* bits, network_files[k] for each bit k of networks): none is an input of the run
 * or a file the graph was built from (rg_output_check), none is a directory; and t_srs, when
 * given, is a CRS that GDAL understands. Writes nothing. */
rg_status rg_i_export_check(const char *dir, const char *const *layers, size_t count,
                            unsigned formats, const char *const *network_files,
                            unsigned networks, const char *t_srs);

/* With GAL or GWT among networks: fails, naming the file, when a region id of the level holds
 * white space, which those formats cannot hold (so that the refusal comes before any layer). */
rg_status rg_i_export_check_ids(const rg_graph *graph, const char *level, unsigned networks,
                                const char *dir);

#endif
