/* regiongraph — GIS layers written from a graph.
 *
 * GeoJSON follows RFC 7946: coordinates are lon/lat on WGS84 (the graph's CRS is transformed
 * when it is anything else), in traditional GIS axis order, exterior rings counter-clockwise
 * and holes clockwise. Geometry that crosses the antimeridian (an edge whose longitudes are
 * more than 180 degrees apart) is split there (RFC 7946 section 3.1.9): a polygon into its
 * parts west and east of the line, each a polygon of a MultiPolygon with the holes that fall in
 * it, a line into a MultiLineString whose pieces end on 180 and start on -180 (or the reverse)
 * at the interpolated latitude. Every file is written to a temporary file beside its destination and
 * renamed into place, so an interrupted run never leaves a half-written layer.
 */
#ifndef REGIONGRAPH_EXPORT_H
#define REGIONGRAPH_EXPORT_H

#include "regiongraph/build.h"
#include "regiongraph/centrality.h"
#include "regiongraph/coverage.h"
#include "regiongraph/graph.h"
#include "regiongraph/graphfile.h"
#include "regiongraph/network.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default number of decimals of GeoJSON coordinates: 1e-7 degree is about 1 cm. */
#define RG_GEOJSON_PRECISION 7

/* How this thread's following rg_export_*_geojson calls write. */
typedef struct rg_geojson_options {
    /* Decimals of coordinates, 0 to 15. Every position is rounded the same way, so a border
     * vertex shared by two regions is written identically in both. After rounding, a vertex
     * equal to the one before it is left out; a ring that would then have fewer than 4
     * positions or no area is written with the fewest more decimals that keep it a ring (its
     * shared vertices then differ from its neighbour's in those extra decimals only), and a
     * ring with no area at any precision is left out with a warning. */
    int precision;
    /* Nonzero: a GeoJSON text sequence (RFC 8142, GDAL's GeoJSONSeq with RS=YES, extension
     * .geojsons): each feature on its own line, after an RS (0x1E) character, and no
     * enclosing FeatureCollection. */
    int sequence;
    /* Nonzero: every feature with a geometry gets an RFC 7946 "bbox" member [west, south,
     * east, north], and the FeatureCollection one covering them all (a text sequence has no
     * collection). A box across the antimeridian has west > east (RFC 7946 section 5.2). */
    int bbox;
} rg_geojson_options;

/* Sets the options of the calling thread's following GeoJSON exports; NULL restores the
 * defaults (RG_GEOJSON_PRECISION decimals, a FeatureCollection). Returns RG_ERR_ARG for a
 * precision outside 0 to 15. Time O(1). */
RG_API rg_status rg_export_set_geojson_options(const rg_geojson_options *opts);

/* GIS formats written through GDAL from GeoJSON layers (rg_export_layers). */
typedef enum rg_layer_format {
    RG_LAYER_GPKG,       /* one GeoPackage, layers.gpkg, holding every layer */
    RG_LAYER_FLATGEOBUF, /* one NAME.fgb per layer */
    RG_LAYER_SHAPEFILE   /* one NAME.shp (.shx, .dbf, .prj, .cpg "UTF-8") per layer */
} rg_layer_format;

/* Converts GeoJSON layers written by the functions below (sources[k], named names[k], e.g.
 * "regions") into format in directory dir, reprojected to t_srs (any CRS GDAL understands:
 * "EPSG:3857", a WKT or PROJ string) when not NULL, else kept in lon/lat WGS84. Each output
 * file is written under a temporary name beside its destination and renamed into place.
 * Shapefile field names are cut to 10 bytes (at a UTF-8 character boundary); a cut name
 * equal (ignoring ASCII case) to an earlier field's gets its end replaced by _1, _2, ... (the
 * first free), in field order, so the names are always the same for the same layer. A
 * shapefile holds one geometry type: features of another type than the layer's first
 * (points where borders touch at a corner only) are left out with a warning. Time O(features). */
RG_API rg_status rg_export_layers(const char *const *sources, const char *const *names, size_t count,
                                  rg_layer_format format, const char *dir, const char *t_srs);

/* ---- the export bundle: every layer and network file of a graph, in one call ---------------- */

/* Layer formats of a bundle (rg_export_options.formats), a bit each. */
#define RG_EXPORT_GEOJSON 0x01u    /* NAME.geojson, one per layer */
#define RG_EXPORT_GEOJSONSEQ 0x02u /* NAME.geojsons, one per layer (RFC 8142, see above) */
#define RG_EXPORT_GPKG 0x04u       /* layers.gpkg holding every layer (GDAL, from the GeoJSON) */
#define RG_EXPORT_FLATGEOBUF 0x08u /* NAME.fgb, one per layer (GDAL, from the GeoJSON) */
#define RG_EXPORT_SHAPEFILE 0x10u  /* NAME.shp, one per layer (GDAL, from the GeoJSON) */

/* Network files of a bundle (rg_export_options.networks), a bit each; netio.h tells what each
 * holds. */
#define RG_EXPORT_GRAPHML 0x01u   /* network.graphml */
#define RG_EXPORT_GAL 0x02u       /* weights.gal */
#define RG_EXPORT_GWT 0x04u       /* weights.gwt */
#define RG_EXPORT_EDGES_CSV 0x08u /* edges.csv */
#define RG_EXPORT_NETWORKS_ALL 0x0fu

/* Parses a comma list of layer format names (geojson, geojsonseq, gpkg, fgb, shp, or GDAL's
 * driver names GeoJSON, GeoJSONSeq, GPKG, FlatGeobuf, "ESRI Shapefile"; any case) into
 * RG_EXPORT_* bits; returns 0 (and *formats undefined) for an unknown or empty name or an empty
 * list, 1 otherwise. */
RG_API int rg_export_formats_parse(const char *list, unsigned *formats);
/* The same for network file names: graphml, gal, gwt, csv, or all. */
RG_API int rg_export_networks_parse(const char *list, unsigned *networks);

/* Told after each file of a bundle is in place. what is its path, or for GDAL formats the files
 * written ("layers.gpkg in DIR", "NAME.fgb in DIR"); detail says what it holds ("372 regions at
 * level prefectures, 12 covered") or is NULL. Both strings live until the call returns. */
typedef void (*rg_export_notify_fn)(const char *what, const char *detail, void *data);

/* What rg_export_bundle writes; set the defaults with rg_export_options_init. */
typedef struct rg_export_options {
    unsigned formats;  /* RG_EXPORT_* layer bits; default RG_EXPORT_GEOJSON; 0 writes no layer */
    unsigned networks; /* RG_EXPORT_* network bits; default 0 (none) */
    int precision;     /* decimals of GeoJSON coordinates, 0 to 15; default RG_GEOJSON_PRECISION */
    int bbox;          /* nonzero: RFC 7946 bbox members (rg_geojson_options.bbox); default 0 */
    const char *t_srs; /* CRS of the GDAL formats (rg_export_layers); NULL (default): lon/lat */
    /* With coordination data: the analysis of the coverage layers. Its level is also the level
     * of the network files (NULL: the graph's default level, else the lowest); without
     * coordination data the coverage options are not used and the network files are of the
     * default level. */
    rg_coverage_options coverage;
    /* The measures on regions.geojson (coordination data only). The level is always the
     * coverage's, so that the layers agree with each other; default: the adjacency view,
     * weighted, seed 1, exact betweenness, resolution 1, as `report --section centrality`. */
    rg_centrality_options centrality;
    rg_export_notify_fn notify; /* NULL (default): nothing is told */
    void *notify_data;
} rg_export_options;

/* The defaults above. Time O(1). */
RG_API void rg_export_options_init(rg_export_options *options);

/* Writes the layers of graph into dir (created with its missing parents when needed; an
 * existing non-directory is RG_ERR_IO) in every format asked for, then the network files.
 * Layers: regions, borders and contacts (rg_export_regions_geojson, rg_export_borders_geojson,
 * rg_export_contacts_geojson); with coordination data instead regions with coverage and
 * measures, borders and contacts with coverage, links, gaps, gap_contacts and agencies (the functions above, on the coverage's level and the coordination view for
 * the links). GeoJSON is written by this library; the GDAL formats are converted from it (in a
 * hidden working directory inside dir, removed afterwards, when GeoJSON itself was not asked
 * for). Network files are of the network with every edge type (RG_VIEW_ALL).
 * Every file appears whole or not at all: each is written under a hidden temporary name in dir
 * and renamed into place when complete, and the temporaries are listed for
 * rg_remove_temporaries(). On failure the files already renamed stay (each a complete new one)
 * and nothing half-written does. Sets the calling thread's GeoJSON options
 * (rg_export_set_geojson_options) and restores the defaults before it returns.
 * Errors: RG_ERR_ARG for a bad option (precision, weight field, level), RG_ERR_IO for the file
 * system, and those of the writers and analyses it calls. Time: that of the analyses
 * (centrality dominates) plus O(features) per format. */
RG_API rg_status rg_export_bundle(rg_graph *graph, const rg_export_options *options, const char *dir);

/* Writes the regions as a GeoJSON FeatureCollection of MultiPolygons with properties id,
 * name, degree, border_km (total shared border), isolated (true when the region has no
 * neighbour), then the source attributes. Regions without geometry get a null geometry.
 * Time O(V). */
RG_API rg_status rg_export_regions_geojson(rg_graph *graph, const char *path);

/* Writes one feature per adjacent pair that shares a line (or is an island link): the shared
 * border as a MultiLineString, with properties id_a, id_b, name_a, name_b, kind ("rook" or
 * "queen"), length_km, contact and gap_km. Pairs that meet in points only are left to
 * rg_export_contacts_geojson, so that each layer has one geometry type. Time O(border points). */
RG_API rg_status rg_export_borders_geojson(const rg_graph *graph, const char *path);

/* The pairs rg_export_borders_geojson leaves out, those meeting in points only (corner
 * contacts), as MultiPoints with the same properties. Time O(border points). */
RG_API rg_status rg_export_contacts_geojson(const rg_graph *graph, const char *path);

/* Layers of a coordination analysis. With coverage, regions.geojson holds the regions of the
 * coverage's level only, each with, after the properties above, level, parent (id or null),
 * covered (true/false), mechanisms (count), reach1 and reach2; and borders.geojson the pairs of
 * that level, with coordinated (true/false) and shared (mechanisms covering both sides). */
RG_API rg_status rg_export_regions_coverage_geojson(rg_graph *graph, const rg_coverage *coverage,
                                                    const char *path);
RG_API rg_status rg_export_borders_coverage_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                                    const char *path);
/* contacts.geojson with coverage: the point-only pairs of the coverage's level, as MultiPoints,
 * with the properties of borders.geojson. */
RG_API rg_status rg_export_contacts_coverage_geojson(const rg_graph *graph,
                                                     const rg_coverage *coverage, const char *path);

/* As rg_export_regions_coverage_geojson, and when centrality is not NULL each region then gets
 * the measures of its node in the centrality's network (computed at the coverage's level):
 * net_degree (the view's degree; "degree" stays the adjacency degree), strength, betweenness,
 * closeness, harmonic, eigenvector, pagerank, coreness, clustering, articulation (true/false),
 * component, leiden and louvain (names from rg_measure_name), or nulls for a region not in that
 * network. Source fields with those names are renamed src_<name>. NULL centrality writes
 * exactly the coverage layer. Time O(V). */
RG_API rg_status rg_export_regions_measures_geojson(rg_graph *graph, const rg_coverage *coverage,
                                                    const rg_centrality *centrality, const char *path);

/* gaps.geojson: the shared borders of the gap pairs (rg_coverage_gaps) that share a line, as
 * MultiLineStrings, with rank (the place among all gaps), id_a, id_b, name_a, name_b, parent_a,
 * parent_b, cross_parent and length_km. */
RG_API rg_status rg_export_gaps_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                        const char *path);
/* gap_contacts.geojson: the other gaps, those meeting in points only, as MultiPoints with the
 * same properties; with gaps.geojson it holds ranks 1..n. */
RG_API rg_status rg_export_gap_contacts_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                                const char *path);

/* links.geojson as exports write it: per mechanism, lines between the places of its ends (the
 * covered regions' representative points and its located agency members): every pair when it
 * has at most RG_LINKS_COMPLETE_MAX ends, else a star from the end nearest to the mean of all
 * ends (never a complete graph over dozens of members). Properties: id_a, id_b, name_a, name_b,
 * kind_a, kind_b, mechanism (its id), drawn_as ("complete" or "star"). *written (may be NULL)
 * gets the number of lines. Time O(sum over mechanisms of ends, squared up to the limit). */
#define RG_LINKS_COMPLETE_MAX 4
RG_API rg_status rg_export_mechanism_links_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                                   const char *path, size_t *written);

/* mechanisms.geojson: one feature per mechanism, its covered regions dissolved into a
 * MultiPolygon (GEOS cascaded union through OGR; null geometry when it covers no region), with
 * id, name, kind, year, members (rows), covered (regions), pieces, outer_km, frontier_km and
 * frontier_gap_km (frontier.h). Time: the union, about O(v log v) in the covered vertices. */
RG_API rg_status rg_export_mechanisms_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                              const char *path);

/* coverage.geojson: who covers what, one feature without geometry per mechanism and region it
 * covers at the coverage's level, with mechanism, region and via (rg_coverage_via); the other
 * formats get it as a table without geometry. O(rows * members). */
RG_API rg_status rg_export_coverage_table_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                                  const char *path);

/* agencies.geojson: agencies that have a location, as Points, with id, name, level, and the
 * number of mechanisms each belongs to. An empty FeatureCollection when none has one. */
RG_API rg_status rg_export_agencies_geojson(const rg_graph *graph, const char *path);


/* Where a layer of one geometry type per file puts its other types: path with "_" suffix
 * before its .geojson or .json extension (kept as it is), else path + "_" suffix + ".geojson"
 * (d.geojson and "overlaps" give d_overlaps.geojson). New string (free()), NULL when out of
 * memory. */
RG_API char *rg_export_sibling_path(const char *path, const char *suffix);

/* Writes the diagnostics a build left in *result (rg_build_options.diagnose) as two GeoJSON
 * layers (RFC 7946, lon/lat WGS84, 7 decimals whatever rg_export_set_geojson_options() says) of
 * one geometry type each, atomically: at path, near misses as MultiLineStrings between the
 * closest points (kind "near") and isolated regions as MultiLineStrings to the closest point of
 * the nearest region (kind "isolated"; no geometry when there is none); at
 * rg_export_sibling_path(path, "overlaps"), overlaps as Points at the deepest point (kind
 * "overlap"). A line is one LineString, two when it crosses the antimeridian. Properties: kind,
 * level, id_a, name_a, id_b, name_b (null when there is no nearest region) and distance_m (near,
 * isolated) or depth_m (overlap), in metres to 10 significant digits. */
RG_API rg_status rg_build_write_diagnostics(const rg_graph *graph, const rg_build_result *result,
                                            const char *path);

/* Writes the graph file of a build (rg_graph_write_ex() with options, which may be NULL) and
 * finishes the build's result: the diagnostics it left for later (diagnose_later) run in this
 * thread, with options' fraction as their progress, while a second thread writes the file, and
 * the file is put in place only once both succeeded (the diagnostics' own overlap thread still
 * runs, so three threads share two cores for a while: measured, no slower). With RG_THREADS=1
 * in the environment, or no diagnostics waiting, it is rg_build_diagnose() and then the write,
 * in this thread. progress (may be NULL) is told, from this thread only, each step as it
 * starts; result gets seconds_write, seconds_waited, diagnosed_beside_write, the diagnostics and
 * the level summaries. On failure nothing is written, the diagnostics and summaries are
 * released and rg_last_error() says why (the diagnostics' error when both failed). */
RG_API rg_status rg_build_write(const rg_graph *graph, rg_build_result *result, const char *path,
                                const rg_graph_write_options *options, rg_progress_fn progress,
                                void *progress_data);

#ifdef __cplusplus
}
#endif
#endif
