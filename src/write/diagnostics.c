/* The diagnostics layer of a build: near misses, overlaps and isolated regions as GeoJSON
 * (RFC 7946), for a GIS to show where boundaries miss or cross each other. A few features per
 * level at most in the thousands, so plain stdio into the atomic writer's stream is enough; write
 * errors are caught by the stream's error flag and the flush at commit. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/atomic_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/export.h"

/* Decimals of the coordinates: 1e-7 degrees is about 1 cm, as in the other GeoJSON layers. */
#define COORD_DECIMALS 7

static void put_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c < 0x20)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp); /* UTF-8 passes through: JSON text is UTF-8 */
    }
    fputc('"', fp);
}

/* A number, or null for what JSON cannot hold. */
static void put_number(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, "%.10g", v);
    else
        fputs("null", fp);
}

/* One position, trailing zeros dropped ("120.5" rather than "120.5000000"). */
static void put_position(FILE *fp, double x, double y)
{
    char buf[2][64];
    double v[2] = {x, y};
    int k;
    for (k = 0; k < 2; k++) {
        size_t n = (size_t)snprintf(buf[k], sizeof buf[k], "%.*f", COORD_DECIMALS, v[k]);
        while (n > 1 && buf[k][n - 1] == '0')
            buf[k][--n] = '\0';
        if (n > 1 && buf[k][n - 1] == '.')
            buf[k][--n] = '\0';
        if (strcmp(buf[k], "-0") == 0)
            strcpy(buf[k], "0");
    }
    fprintf(fp, "[%s,%s]", buf[0], buf[1]);
}

typedef struct out {
    FILE *fp;
    rg_i_to_wgs84 *t;
    const rg_regions *r;
    size_t count;
} out;

/* The feature's opening and the properties every kind has. b is SIZE_MAX for none. */
static void begin(out *o, const char *kind, size_t level, size_t a, size_t b)
{
    FILE *fp = o->fp;
    fputs(o->count++ ? ",\n{\"type\":\"Feature\",\"properties\":{\"kind\":"
                     : "{\"type\":\"Feature\",\"properties\":{\"kind\":", fp);
    put_string(fp, kind);
    fputs(",\"level\":", fp);
    put_string(fp, rg_regions_level_name(o->r, level));
    fputs(",\"id_a\":", fp);
    put_string(fp, rg_regions_id(o->r, a));
    fputs(",\"name_a\":", fp);
    put_string(fp, rg_regions_name(o->r, a));
    fputs(",\"id_b\":", fp);
    if (b == SIZE_MAX)
        fputs("null", fp);
    else
        put_string(fp, rg_regions_id(o->r, b));
    fputs(",\"name_b\":", fp);
    if (b == SIZE_MAX)
        fputs("null", fp);
    else
        put_string(fp, rg_regions_name(o->r, b));
}

/* Ends the properties with key: km in metres, then the geometry: npts (1 or 2) points in the
 * layer's coordinates, a Point or a LineString; none when npts is 0. */
static rg_status finish(out *o, const char *key, double km, const double *xy, size_t npts)
{
    double p[4];
    rg_status st;
    fputs(",\"", o->fp);
    fputs(key, o->fp);
    fputs("\":", o->fp);
    put_number(o->fp, km * 1000.0);
    fputs("},\"geometry\":", o->fp);
    if (npts == 0) {
        fputs("null}", o->fp);
        return RG_OK;
    }
    memcpy(p, xy, 2 * npts * sizeof *p);
    if (o->t && (st = rg_i_to_wgs84_apply(o->t, p, npts)) != RG_OK)
        return st;
    if (npts == 1) {
        fputs("{\"type\":\"Point\",\"coordinates\":", o->fp);
        put_position(o->fp, p[0], p[1]);
    } else {
        fputs("{\"type\":\"LineString\",\"coordinates\":[", o->fp);
        put_position(o->fp, p[0], p[1]);
        fputc(',', o->fp);
        /* RFC 7946 wants two positions; regions that touch at one point give the same twice. */
        put_position(o->fp, p[2], p[3]);
        fputc(']', o->fp);
    }
    fputs("}}", o->fp);
    return RG_OK;
}

static rg_status write_level(out *o, const rg_level_diagnostics *ld, size_t level)
{
    const rg_diagnostics *d = ld->diagnostics;
    size_t k, a, b;
    double km, xy[4];
    rg_status st = RG_OK;
    for (k = 0; k < rg_diagnostics_near_count(d) && st == RG_OK; k++) {
        rg_diagnostics_near(d, k, &a, &b, &km, xy);
        begin(o, "near", level, ld->first + a, ld->first + b);
        st = finish(o, "distance_m", km, xy, 2);
    }
    for (k = 0; k < rg_diagnostics_overlap_count(d) && st == RG_OK; k++) {
        rg_diagnostics_overlap(d, k, &a, &b, &km, xy);
        begin(o, "overlap", level, ld->first + a, ld->first + b);
        st = finish(o, "depth_m", km, xy, 1);
    }
    for (k = 0; k < rg_diagnostics_isolated_count(d) && st == RG_OK; k++) {
        rg_diagnostics_isolated(d, k, &a, &b, &km, xy);
        begin(o, "isolated", level, ld->first + a, b == SIZE_MAX ? SIZE_MAX : ld->first + b);
        st = finish(o, "distance_m", km, xy, b == SIZE_MAX ? 0 : 2);
    }
    return st;
}

rg_status rg_build_write_diagnostics(const rg_graph *graph, const rg_build_result *result,
                                     const char *path)
{
    rg_i_atomic atomic;
    out o = {0};
    size_t k;
    rg_status st;

    rg_i_library_init();
    memset(&atomic, 0, sizeof atomic);
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
    /* The transform first: a CRS problem must not leave a temporary file to clean. */
    if ((st = rg_i_to_wgs84_new(rg_regions_crs_wkt(o.r), &o.t)) != RG_OK ||
        (st = rg_i_atomic_begin(&atomic, path, 1)) != RG_OK)
        goto cleanup;
    o.fp = atomic.fp;
    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", o.fp);
    for (k = 0; k < result->ndiagnostics; k++)
        if (result->diagnostics[k].diagnostics &&
            (st = write_level(&o, &result->diagnostics[k], k)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
    fputs(o.count ? "\n]}\n" : "]}\n", o.fp);
    if (fflush(o.fp) != 0 || ferror(o.fp)) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot write: %s", path, strerror(errno ? errno : EIO));
        goto cleanup;
    }
    st = rg_i_atomic_commit(&atomic);
cleanup:
    rg_i_atomic_abort(&atomic);
    rg_i_to_wgs84_free(o.t);
    return st;
}
