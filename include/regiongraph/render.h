/* regiongraph — the map picture: regions shaded by a value, coordination links, gaps, labels.
 *
 * A picture of one analysis level, drawn through cairo to PNG, SVG or PDF. What is drawn, bottom
 * to top: the regions of the level in the window, each filled with its class colour (one path
 * per region); their outlines (one path), and the outlines of their parents one level up (one
 * path, thicker; only when the level has parents); the coordination links between
 * representative points of the regions they join (rg_region_representative_point; one path for
 * the lines and one for their end dots, drawn only when there is a link); the gaps, the shared
 * borders of uncovered adjacent pairs (rg_coverage_gaps), as thick red lines (one path, only
 * when there is a gap in the window); the labels; the title; and the legend box (one path for
 * its background, then one swatch path per class, then one line sample path each for links and
 * gaps when those were drawn). Text is set by Pango with fontconfig's fallback (any installed font
 * that has a character's glyph: CJK, accents) and drawn as glyphs, never as paths, so that in SVG
 * output the paths outside <defs> are exactly those listed here, in this order (a character no
 * installed font has is drawn by Pango as a box with its code, which adds paths).
 *
 * Projection: lon/lat layers are drawn in an equirectangular projection whose x is scaled by the
 * cosine of the window's mean latitude, so that shapes near that latitude keep their proportions;
 * projected layers are drawn as they are. North is up.
 */
#ifndef REGIONGRAPH_RENDER_H
#define REGIONGRAPH_RENDER_H

#include <stddef.h>

#include "regiongraph/centrality.h"
#include "regiongraph/coverage.h"
#include "regiongraph/graph.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rg_render_format {
    RG_RENDER_PNG = 0,
    RG_RENDER_SVG,
    RG_RENDER_PDF
} rg_render_format;

/* Format from a file name's extension (.png, .svg, .pdf, any case); returns 0 for anything else. */
RG_API int rg_render_format_from_path(const char *path, rg_render_format *format);

typedef enum rg_shade {
    RG_SHADE_COVERED = 0, /* two classes: covered by a mechanism or not (rg_coverage) */
    RG_SHADE_MECHANISMS,  /* number of mechanisms covering the region: 0, 1, 2 ... (last class
                             open, at most 7 classes) */
    RG_SHADE_MEASURE      /* a centrality measure (rg_centrality_compute), in classes */
} rg_shade;

typedef enum rg_breaks {
    RG_BREAKS_QUANTILE = 0, /* classes hold about equally many regions; repeated bounds merge */
    RG_BREAKS_EQUAL         /* classes of equal width between the smallest and largest value */
} rg_breaks;

/* Zero-initialise, then set what you need. */
typedef struct rg_render_options {
    const char *level;     /* analysis level; NULL: the graph's default level, else the lowest */
    rg_shade shade;        /* default RG_SHADE_COVERED */
    rg_measure measure;    /* with RG_SHADE_MEASURE: the measure */
    rg_view view;          /* with RG_SHADE_MEASURE: the network view; 0 means adjacency */
    rg_breaks breaks;      /* with RG_SHADE_MEASURE: how class bounds are chosen */
    int classes;           /* with RG_SHADE_MEASURE: 5..7 classes; 0 means 5 */
    int has_bbox;          /* 1: draw the window bbox; 0: the default window (below) */
    double bbox[4];        /* west, south, east, north, in the layer's coordinates */
    int width;             /* picture width in pixels (PNG) or points (SVG, PDF); 0 means 1200 */
    int no_labels;         /* 1: no region names */
    const char *title;     /* NULL: "<level>: <what is shaded>" */
    double cutoff;         /* with RG_SHADE_MEASURE: rg_centrality_options.betweenness_cutoff */
    int exact;             /* with RG_SHADE_MEASURE: rg_centrality_options.exact */
    rg_progress_fn progress; /* with RG_SHADE_MEASURE: the centrality's progress; NULL: none */
    void *progress_data;
    const char *labels;    /* field whose values label the regions: any field of the regions
                              (rg_regions_field_index, e.g. "name_zh"), "id" or "name"; NULL:
                              the name */
    long at_first, at_last; /* coverage (shading, gaps, links) as it stood on some day of
                               [at_first, at_last], as rg_coverage_options'; 0, 0: every
                               mechanism. The default window stays that of every mechanism */
} rg_render_options;

/* The default window of a level: the extent of the regions covered by a mechanism plus a margin
 * of 12% of its larger side on each side when the graph has coordination data and
 * something is covered; else the main body of the level's regions: the connected component of
 * the adjacency graph with the most area (area of a lon/lat layer weighted by the cosine of the
 * latitude), when it holds at least half of it, else the regions whose representative point lies
 * within 3 times the area-weighted median distance of the points from their area-weighted median
 * point; plus the regions whose representative point lies within 5% of that body's larger side
 * of its extent (near islands). Far islands and territories are left out. In lon/lat the
 * longitudes are taken next to the body's mean direction, so a body across the antimeridian
 * gets a window past 180 (east of it, e.g. 170..190), and the picture draws it in one piece.
 * RG_ERR_DATA when no region of the level has geometry. Time O(points of the level + pairs +
 * coverage). */
RG_API rg_status rg_render_default_bbox(const rg_graph *graph, const char *level, double bbox[4]);

/* The picture's height for a width and a window: a title band of (width + 10) / 20 pixels above
 * the map, which is as tall as the projected window's aspect asks (at least a fifth of the width
 * and at most three times it): round(width * projected height / projected width). */
RG_API int rg_render_height(const rg_graph *graph, int width, const double bbox[4]);

/* Draws the picture to path, atomically (a temporary file beside path, renamed into place on
 * success; an existing file is replaced only then). Labels: the region's name at its
 * representative point (or the value of options->labels), skipped when it would overlap a label
 * already placed; the legend goes to the corner (bottom left, bottom right, top right, top left,
 * the first on a tie) where it covers the fewest representative points; with 60 or more
 * regions in the window and coordination data, only the covered regions and their gap
 * neighbours are labelled. Errors: RG_ERR_ARG for a bad option (unknown level, width outside
 * 100..20000, an empty window), RG_ERR_IO when the file cannot be written, and the errors of
 * rg_coverage_compute and rg_centrality_compute. Time O(points of the level + edges) plus the
 * measure's. */
RG_API rg_status rg_render_map(const rg_graph *graph, const rg_render_options *options,
                               rg_render_format format, const char *path);

/* The coverage curve (render_timeline.c): the share of the level's regions covered and of its
 * shared border km covered on both sides, as steps through time (rg_coverage_timeline), from 1
 * January of the first change's year to the end of the year after the last, with the coverage
 * the day before the first change (mechanisms without dates) at the left. width: 0 means 800;
 * the height is 9/16 of it. options as rg_coverage_compute's (at_first, at_last ignored).
 * RG_ERR_ARG without dated mechanisms; the file is written atomically. */
RG_API rg_status rg_render_timeline(const rg_graph *graph, const rg_coverage_options *options,
                                    int width, rg_render_format format, const char *path);

#ifdef __cplusplus
}
#endif
#endif
