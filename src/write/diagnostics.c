/* The diagnostics layers of a build, for a GIS to show where boundaries miss or cross each
 * other, one geometry type per file (a GIS takes a file of mixed types as several layers, or
 * refuses it): near misses and isolated regions as MultiLineStrings in the file asked for, and
 * overlaps as Points beside it (rg_export_sibling_path: NAME_overlaps.geojson). Written by the
 * shared GeoJSON writer (geojson_internal.h), so the lines are split at the antimeridian like
 * every other layer's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "regiongraph/export.h"
#include "write/geojson_internal.h"

/* Decimals of the coordinates: 1e-7 degrees is about 1 cm, as in the other GeoJSON layers.
 * Fixed: the export's --precision is no option of build. */
#define COORD_DECIMALS 7

/* Significant digits of distances in metres: a measurement to show, not a value to keep. */
#define DISTANCE_DIGITS 10

typedef struct out {
    rg_i_geojson lines;  /* near misses and isolated regions */
    rg_i_geojson points; /* overlaps */
    const rg_regions *r;
} out;

/* The feature's opening in g and the properties every kind has. b is SIZE_MAX for none. */
static void begin(out *o, rg_i_geojson *g, const char *kind, size_t level, size_t a, size_t b)
{
    rg_i_geojson_begin_feature(g);
    rg_i_geojson_puts(g, "\"kind\":");
    rg_i_geojson_string(g, kind);
    rg_i_geojson_key(g, "level");
    rg_i_geojson_string(g, rg_regions_level_name(o->r, level));
    rg_i_geojson_key(g, "id_a");
    rg_i_geojson_string(g, rg_regions_id(o->r, a));
    rg_i_geojson_key(g, "name_a");
    rg_i_geojson_string(g, rg_regions_name(o->r, a));
    rg_i_geojson_key(g, "id_b");
    rg_i_geojson_string_or_null(g, b == SIZE_MAX ? NULL : rg_regions_id(o->r, b));
    rg_i_geojson_key(g, "name_b");
    rg_i_geojson_string_or_null(g, b == SIZE_MAX ? NULL : rg_regions_name(o->r, b));
}

/* Ends the properties with key: km in metres, then the geometry: npts (1 or 2) points in the
 * layer's coordinates, a Point or a MultiLineString (one line, two across the antimeridian);
 * none when npts is 0. */
static rg_status finish(rg_i_geojson *g, const char *key, double km, const double *xy, size_t npts)
{
    double p[4];
    rg_status st = RG_OK;
    rg_i_geojson_key(g, key);
    rg_i_geojson_real_digits(g, km * 1000.0, DISTANCE_DIGITS);
    rg_i_geojson_puts(g, "},\"geometry\":");
    memcpy(p, xy, 2 * npts * sizeof *p);
    if (npts > 0 && g->t && (st = rg_i_to_wgs84_apply(g->t, p, npts)) != RG_OK)
        goto cleanup;
    if (npts == 0)
        rg_i_geojson_null_geometry(g);
    else if (npts == 1)
        rg_i_geojson_point_geometry(g, p[0], p[1]);
    else
        /* RFC 7946 wants two positions; regions that touch at one point give the same twice. */
        rg_i_geojson_multiline_geometry(g, p, 2);
    rg_i_geojson_end_feature(g);
cleanup:
    return st;
}

static rg_status write_level(out *o, const rg_level_diagnostics *ld, size_t level)
{
    const rg_diagnostics *d = ld->diagnostics;
    size_t k, a, b;
    double km, xy[4];
    rg_status st = RG_OK;
    for (k = 0; k < rg_diagnostics_near_count(d) && st == RG_OK; k++) {
        rg_diagnostics_near(d, k, &a, &b, &km, xy);
        begin(o, &o->lines, "near", level, ld->first + a, ld->first + b);
        st = finish(&o->lines, "distance_m", km, xy, 2);
    }
    for (k = 0; k < rg_diagnostics_overlap_count(d) && st == RG_OK; k++) {
        rg_diagnostics_overlap(d, k, &a, &b, &km, xy);
        begin(o, &o->points, "overlap", level, ld->first + a, ld->first + b);
        st = finish(&o->points, "depth_m", km, xy, 1);
    }
    for (k = 0; k < rg_diagnostics_isolated_count(d) && st == RG_OK; k++) {
        rg_diagnostics_isolated(d, k, &a, &b, &km, xy);
        begin(o, &o->lines, "isolated", level, ld->first + a,
              b == SIZE_MAX ? SIZE_MAX : ld->first + b);
        st = finish(&o->lines, "distance_m", km, xy, b == SIZE_MAX ? 0 : 2);
    }
    return st;
}

rg_status rg_build_write_diagnostics(const rg_graph *graph, const rg_build_result *result,
                                     const char *path)
{
    static const rg_geojson_options layer = {COORD_DECIMALS, 0, 0};
    out o;
    size_t k;
    char *overlaps = NULL;
    rg_status st;

    rg_i_library_init();
    memset(&o, 0, sizeof o);
    if (!graph || !result || !path) {
        st = rg_i_error(RG_ERR_ARG, "rg_build_write_diagnostics: a graph, the build's result and "
                                    "a path are required");
        goto cleanup;
    }
    o.r = rg_graph_regions(graph);
    if (result->ndiagnostics && result->ndiagnostics != rg_regions_level_count(o.r)) {
        st = rg_i_error(RG_ERR_ARG, "rg_build_write_diagnostics: the result holds %zu levels of "
                        "diagnostics but the graph has %zu levels", result->ndiagnostics,
                        rg_regions_level_count(o.r));
        goto cleanup;
    }
    if (!(overlaps = rg_export_sibling_path(path, "overlaps"))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = rg_i_geojson_open(&o.lines, path, rg_regions_crs_wkt(o.r), &layer)) != RG_OK ||
        (st = rg_i_geojson_open(&o.points, overlaps, rg_regions_crs_wkt(o.r), &layer)) != RG_OK)
        goto cleanup;
    for (k = 0; k < result->ndiagnostics && !o.lines.failed && !o.points.failed; k++)
        if (result->diagnostics[k].diagnostics &&
            (st = write_level(&o, &result->diagnostics[k], k)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
cleanup:
    /* the overlaps first: a failure there still removes the lines, which are not yet in place */
    if (overlaps)
        st = rg_i_geojson_close(&o.points, st, overlaps);
    st = rg_i_geojson_close(&o.lines, st, path);
    free(overlaps);
    return st;
}
