/* The one GeoJSON (RFC 7946) writer of the library, shared by the export layers
 * (geojson_layers.c) and the build's diagnostics layer (diagnostics.c): buffered output into an
 * atomic file, JSON text through base's primitives, coordinates rounded to the file's decimals,
 * feature framing and bboxes (geojson_writer.c); region, border, line and point geometry, rings
 * rounded without breaking them and everything split at the antimeridian (geojson_geometry.c).
 *
 * A hand-written streaming writer rather than GDAL's driver: the output is a straight
 * serialisation of arrays we already hold, and writing it directly keeps memory flat, lets us
 * control number formatting exactly (7 decimals for coordinates by default, exact reals for
 * attributes), orient rings as RFC 7946 asks, and round coordinates without breaking rings
 * (GDAL's COORDINATE_PRECISION can collapse a small ring to a line). */
#ifndef RG_GEOJSON_INTERNAL_H
#define RG_GEOJSON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/atomic_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/adjacency.h"
#include "regiongraph/export.h"
#include "regiongraph/regions.h"

/* The most decimals a coordinate can be written with (rg_geojson_options.precision). */
#define RG_I_GEOJSON_MAX_PRECISION 15

/* Memory of the geometry being written, reused from feature to feature. */
typedef struct rg_i_geojson_scratch {
    double *xy; /* the feature's points, transformed to lon/lat */
    size_t cap; /* doubles */
    int64_t *q; /* the region's points rounded (quantized), ring by ring in place */
    size_t qcap;
    int *ring_prec; /* per ring: the decimals it is written with, -1 when dropped */
    size_t *ring_kept; /* per ring: its points left once consecutive duplicates are gone */
    size_t ring_cap, kept_cap;
    /* Across the antimeridian: the pieces' points, ring starts (points) and polygon starts
     * (rings), and one unwrapped ring. */
    double *cut, *unwrapped;
    size_t cut_cap, unwrapped_cap;
    size_t *cut_ring, *cut_poly;
    size_t cut_ring_cap, cut_poly_cap;
    /* The extent of the feature just written (bbox); lon_east is longitude moved into
     * [0, 360), which makes a feature split at the antimeridian contiguous. */
    double lon_min, lon_max, east_min, east_max, lat_min, lat_max;
    int extent_points, extent_crosses;
} rg_i_geojson_scratch;

/* One GeoJSON file being written. Output is buffered by hand into an unbuffered stream, so that
 * a failed write (a full disk) is seen at the fwrite that met it, with its errno, and nothing is
 * written after it: `failed` says so, and rg_i_geojson_close() reports it. */
typedef struct rg_i_geojson {
    rg_geojson_options opts; /* how this file is written, fixed at open */
    rg_i_atomic atomic;
    FILE *fp;
    char *buf;
    size_t len;
    int failed;
    int err;
    rg_i_to_wgs84 *t; /* the layer's CRS to lon/lat WGS84; NULL when it already is */
    rg_i_geojson_scratch s;
    /* The collection's box so far: west, south, east, north, with east - west its width in
     * degrees (east may exceed 180: the box then crosses the antimeridian). */
    double box[4];
    int boxed;
    size_t count; /* features begun */
} rg_i_geojson;

/* What rg_export_set_geojson_options() set for this thread's layers (geojson_layers.c). */
const rg_geojson_options *rg_i_geojson_layer_options(void);

/* RG_OK for options a file can be written with, else RG_ERR_ARG with a message. */
rg_status rg_i_geojson_check_options(const rg_geojson_options *opts);

/* Opens path for writing through a temporary file, with opts (NULL: the defaults), for
 * coordinates in the CRS crs_wkt (NULL or "": lon/lat WGS84), and writes the collection's
 * opening. g needs no initialisation; rg_i_geojson_close() is due whatever this returns. */
rg_status rg_i_geojson_open(rg_i_geojson *g, const char *path, const char *crs_wkt,
                            const rg_geojson_options *opts);

/* When st is RG_OK, ends the last feature and the collection and renames the file into place;
 * otherwise (or if finishing fails) removes it. Frees everything; returns the final status. */
rg_status rg_i_geojson_close(rg_i_geojson *g, rg_status st, const char *path);

/* Text as it is. */
void rg_i_geojson_put(rg_i_geojson *g, const char *s, size_t n);
void rg_i_geojson_puts(rg_i_geojson *g, const char *s);
void rg_i_geojson_char(rg_i_geojson *g, char c);

/* A JSON string (rg_i_json_string_to), or null for NULL. */
void rg_i_geojson_string(rg_i_geojson *g, const char *s);
void rg_i_geojson_string_or_null(rg_i_geojson *g, const char *s);

/* ,"key": */
void rg_i_geojson_key(rg_i_geojson *g, const char *key);

void rg_i_geojson_int(rg_i_geojson *g, int64_t v);

/* An attribute real: rg_i_format_json_real (round-trip exact, ".0" on integral values, null
 * for NaN and infinities). */
void rg_i_geojson_real(rg_i_geojson *g, double v);

/* A real with `digits` significant digits (%.*g), or null when not finite: for a layer that
 * shows measurements rather than keeping them exactly. */
void rg_i_geojson_real_digits(rg_i_geojson *g, double v, int digits);

/* [x,y] with the file's decimals: printf("%.*f") with trailing zeros removed and "-0" written
 * "0"; null for a coordinate that is not finite (JSON has no NaN). */
void rg_i_geojson_position(rg_i_geojson *g, double x, double y);

/* Starts the next feature: the separator, then the opening up to its first property. */
void rg_i_geojson_begin_feature(rg_i_geojson *g);

/* Ends the feature whose geometry was just written: its bbox when asked, then the closing. */
void rg_i_geojson_end_feature(rg_i_geojson *g);

/* The feature's extent, which geometry writers keep for its bbox. */
void rg_i_geojson_extent_reset(rg_i_geojson_scratch *s);
void rg_i_geojson_extent_add(rg_i_geojson_scratch *s, const double *xy, size_t n);

/* v rounded to prec decimals, as the integer v * 10^prec, always exactly the digits of
 * printf("%.*f", prec, v). Returns 0 for a value that has no such integer (not finite, or
 * beyond 18 digits). */
int rg_i_geojson_quantize(double v, int prec, int64_t *q);

/* The text of q / 10^prec: trailing zeros and a trailing '.' removed, zero written "0" (never
 * "-0"). buf holds at least 32 bytes; returns the length. */
size_t rg_i_geojson_format_quantized(int64_t q, int prec, char *buf);

/* Geometry, written after "geometry": (geojson_geometry.c). Each resets the feature's extent
 * and sets it to what it wrote. */

/* null. */
void rg_i_geojson_null_geometry(rg_i_geojson *g);

/* Region i as a MultiPolygon (null without geometry), transformed, rounded,
 * oriented and split at the antimeridian. Time O(points of the region). */
rg_status rg_i_geojson_region_geometry(rg_i_geojson *g, const rg_regions *r, size_t i);

/* Polygons as a MultiPolygon (null when none is left), as regions are written: points in the
 * layer's CRS, polygon p made of rings poly[p] .. poly[p + 1] - 1 (the first its shell),
 * ring k of points ring[k] .. ring[k + 1] - 1 (closed), with poly[0] = ring[0] = 0; kind and id
 * name the feature in messages ("region", its id). Time O(points). */
rg_status rg_i_geojson_polygons_geometry(rg_i_geojson *g, const char *kind, const char *id,
                                         const double *points, const size_t *ring,
                                         const size_t *poly, size_t npolys);

/* The border of pair k: a MultiLineString, or a MultiPoint for a contact in points only; null
 * for none. Time O(points of the border). */
rg_status rg_i_geojson_border_geometry(rg_i_geojson *g, const rg_adjacency *adj, size_t k);

/* 1 when pair k's border is points only (written as a MultiPoint: the contacts layers), 0 when it
 * has a line or no geometry (the borders layers). Time O(lines of the border). */
int rg_i_geojson_border_is_points(const rg_adjacency *adj, size_t k);

/* A LineString of npts lon/lat points, a MultiLineString when it crosses the antimeridian. */
void rg_i_geojson_line_geometry(rg_i_geojson *g, const double *line, size_t npts);

/* The same line always as a MultiLineString (one line, two across the antimeridian), for a
 * layer that must hold one geometry type (links). */
void rg_i_geojson_multiline_geometry(rg_i_geojson *g, const double *line, size_t npts);

/* A Point at lon/lat. */
void rg_i_geojson_point_geometry(rg_i_geojson *g, double lon, double lat);

/* Properties several layers share (geojson_properties.c). */

/* "id_a":…,"id_b":…,"name_a":…,"name_b":… as a feature's first properties (null for NULL). */
void rg_i_geojson_pair_names(rg_i_geojson *g, const char *id_a, const char *id_b,
                             const char *name_a, const char *name_b);

/* ,"start":…,"end":… of mechanism m as ISO 8601 days (a year alone: its first, or last, day),
 * so that GDAL types them as dates and QGIS's Temporal Controller can animate the layer; null
 * when unknown (or coord is NULL). */
void rg_i_geojson_mechanism_dates(rg_i_geojson *g, const rg_coordination *coord, size_t m);

/* ,"covered_from":… the earliest start (an ISO 8601 day) of the mechanisms covering region i,
 * null when none covers it or none of them has a start. O(mechanisms covering i). */
void rg_i_geojson_covered_from(rg_i_geojson *g, const rg_graph *graph,
                               const rg_coverage *coverage, size_t i);

#endif
