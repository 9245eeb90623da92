/* regiongraph — the graph file: a GeoPackage holding the regions, their borders, the
 * coordination data and the build's metadata, that QGIS and ogrinfo open as they are. */
#ifndef REGIONGRAPH_GRAPHFILE_H
#define REGIONGRAPH_GRAPHFILE_H

#include "regiongraph/contiguity.h"
#include "regiongraph/graph.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the graph to a GeoPackage at path, atomically: a temporary file in the same directory
 * is written, then renamed into place; an existing file at path is replaced only on success. */
RG_API rg_status rg_graph_write(const rg_graph *graph, const char *path);

/* What rg_graph_write_ex() reports while it writes; zero-initialise. */
typedef struct rg_graph_write_options {
    rg_fraction_fn fraction; /* fraction done of the whole write (features, then spatial
                                indexes), a few times a second at most; NULL: none */
    void *progress_data;     /* given to fraction */
} rg_graph_write_options;

/* rg_graph_write() with progress; options NULL is rg_graph_write(). */
RG_API rg_status rg_graph_write_ex(const rg_graph *graph, const char *path,
                                   const rg_graph_write_options *options);

/* The coordination data, when attached, goes into the same file: tables `mechanisms` (id, name,
 * kind, year, source), `members` (mechanism, member, kind) and `jurisdictions` (agency, region),
 * and a point layer `agencies` (id, name, level; null geometry without a location); rg_meta
 * records the default level. */

/* Reads a graph written by rg_graph_write(); checks that the file is one (rg_meta present, format
 * version known) and that the borders refer to existing regions. */
RG_API rg_status rg_graph_read(const char *path, rg_graph **out);

#ifdef __cplusplus
}
#endif
#endif
