/* GeoJSON (RFC 7946) writers. A hand-written streaming writer rather than GDAL's driver: the
 * output is a straight serialisation of arrays we already hold, and writing it directly keeps
 * memory flat, lets us control number formatting exactly (7 decimals for coordinates by default,
 * exact reals for attributes), orient rings as RFC 7946 asks, and round coordinates without
 * breaking rings (GDAL's COORDINATE_PRECISION can collapse a small ring to a line). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"
#include "base/atomic_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/export.h"
#include "regiongraph/point.h"

#define WRITER_BUFSIZE (256 * 1024)

/* Output buffered by hand into an unbuffered stream, so that a failed write (a full disk) is
 * seen at the fwrite that met it, with its errno, and nothing is written after it. */
typedef struct writer {
    FILE *fp;
    char *buf;
    size_t len;
    int failed;
    int err;
} writer;

static void writer_flush(writer *w)
{
    if (!w->failed && w->len > 0 && fwrite(w->buf, 1, w->len, w->fp) != w->len) {
        w->failed = 1;
        w->err = errno ? errno : EIO;
    }
    w->len = 0;
}

static void put(writer *w, const char *s, size_t n)
{
    if (w->len + n > WRITER_BUFSIZE) {
        writer_flush(w);
        if (n > WRITER_BUFSIZE) {
            if (!w->failed && fwrite(s, 1, n, w->fp) != n) {
                w->failed = 1;
                w->err = errno ? errno : EIO;
            }
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void puts_raw(writer *w, const char *s)
{
    put(w, s, strlen(s));
}

static void put_char(writer *w, char c)
{
    if (w->len + 1 > WRITER_BUFSIZE)
        writer_flush(w);
    w->buf[w->len++] = c;
}

/* A JSON string: quotes, backslashes and every control character escaped; all other bytes,
 * UTF-8 sequences included, go through as they are (JSON text is UTF-8). */
static void put_json_string(writer *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const char *run = s;
    put_char(w, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[7];
        size_t n = 2;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(w, run, (size_t)(s - run));
        run = s + 1;
        esc[0] = '\\';
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        put(w, esc, n);
    }
    put(w, run, (size_t)(s - run));
    put_char(w, '"');
}

static void put_int(writer *w, int64_t v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    put(w, buf, (size_t)n);
}

/* The shortest of %.15g, %.16g and %.17g that reads back as the same double, so 0.1 stays
 * "0.1" and every value still round-trips exactly. A value that prints like an integer gets
 * ".0": GDAL and QGIS infer a column's type from its values, and the column is real. JSON has
 * no NaN or infinity: those become null. */
static void put_real(writer *w, double v)
{
    char buf[40];
    int prec, n = 0;
    if (!isfinite(v)) {
        puts_raw(w, "null");
        return;
    }
    for (prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if (!strpbrk(buf, ".e"))
        n += snprintf(buf + n, sizeof buf - (size_t)n, ".0");
    put(w, buf, (size_t)n);
}

/* The options of this thread's next exports (rg_export_set_geojson_options). */
static _Thread_local rg_geojson_options options = {RG_GEOJSON_PRECISION, 0, 0};

#define MAX_PRECISION 15

static const double pow10_real[MAX_PRECISION + 1] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* v rounded to prec decimals, as the integer v * 10^prec, always exactly the digits of
 * printf("%.*f", prec, v). v * 10^prec is rounded once, by at most |p| * 2^-53; when its
 * fractional part is further than that from one half, the nearest integer of the exact product
 * is known without printf, which is several times faster (coordinates are most of a GeoJSON
 * file). Near a half, and where the product is too large for that, printf decides. Returns 0
 * for a value that has no such integer (not finite, or beyond 18 digits). */
static int quantize(double v, int prec, int64_t *q)
{
    double p = v * pow10_real[prec], f, frac;
    char buf[400], *s, *d;
    if (!isfinite(v))
        return 0;
    if (fabs(p) < 0x1p52) {
        f = floor(p);
        frac = p - f;
        if (fabs(frac - 0.5) > fabs(p) * 0x1p-51 + 0x1p-50) {
            *q = (int64_t)(frac > 0.5 ? f + 1 : f);
            return 1;
        }
    } else if (!(fabs(p) < 1e18)) {
        return 0;
    }
    snprintf(buf, sizeof buf, "%.*f", prec, v);
    for (s = d = buf; *s; s++)
        if (*s != '.')
            *d++ = *s;
    *d = '\0';
    *q = strtoll(buf, NULL, 10);
    return 1;
}

/* The text of q / 10^prec: trailing zeros and a trailing '.' removed, zero written "0" (never
 * "-0"). buf holds at least 32 bytes. */
static size_t format_quantized(int64_t q, int prec, char *buf)
{
    char digits[32];
    uint64_t u, scale = 1, ip, fp;
    size_t n = 0, k;
    int d;
    for (d = 0; d < prec; d++)
        scale *= 10;
    if (q == 0) {
        buf[0] = '0';
        buf[1] = '\0';
        return 1;
    }
    if (q < 0) {
        buf[n++] = '-';
        u = (uint64_t)0 - (uint64_t)q;
    } else {
        u = (uint64_t)q;
    }
    ip = u / scale;
    fp = u % scale;
    k = 0;
    do {
        digits[k++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (k)
        buf[n++] = digits[--k];
    if (fp) {
        buf[n++] = '.';
        for (d = prec - 1; d >= 0; d--) {
            digits[d] = (char)('0' + fp % 10);
            fp /= 10;
        }
        k = (size_t)prec;
        while (digits[k - 1] == '0')
            k--;
        memcpy(buf + n, digits, k);
        n += k;
    }
    buf[n] = '\0';
    return n;
}

/* A coordinate with prec decimals: printf("%.*f") with trailing zeros removed and "-0" written
 * "0"; null when not finite (JSON has no NaN). */
static size_t format_coord_at(double v, int prec, char *buf, size_t size)
{
    int64_t q;
    size_t n;
    if (quantize(v, prec, &q))
        return format_quantized(q, prec, buf);
    if (!isfinite(v))
        return (size_t)snprintf(buf, size, "null");
    n = (size_t)snprintf(buf, size, "%.*f", prec, v);
    if (n >= size)
        n = size - 1;
    if (strchr(buf, '.')) {
        while (n > 0 && buf[n - 1] == '0')
            n--;
        if (n > 0 && buf[n - 1] == '.')
            n--;
    }
    buf[n] = '\0';
    return n;
}

static size_t format_coord(double v, char *buf, size_t size)
{
    return format_coord_at(v, options.precision, buf, size);
}

static void put_position(writer *w, double x, double y)
{
    char buf[800];
    size_t n = 0;
    buf[n++] = '[';
    n += format_coord(x, buf + n, 390);
    buf[n++] = ',';
    n += format_coord(y, buf + n, 390);
    buf[n++] = ']';
    put(w, buf, n);
}

rg_status rg_export_set_geojson_options(const rg_geojson_options *opts)
{
    rg_geojson_options defaults = {RG_GEOJSON_PRECISION, 0, 0};
    rg_status st = RG_OK;
    if (!opts) {
        options = defaults;
        goto cleanup;
    }
    if (opts->precision < 0 || opts->precision > MAX_PRECISION) {
        st = rg_i_error(RG_ERR_ARG, "precision %d is out of range (0 to %d)", opts->precision,
                        MAX_PRECISION);
        goto cleanup;
    }
    options = *opts;
cleanup:
    return st;
}

/* Coordinates of one feature, copied and transformed to lon/lat WGS84 when needed. */
typedef struct scratch {
    double *xy;
    size_t cap; /* doubles */
    int64_t *q; /* the region's points rounded (quantize), ring by ring in place */
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
} scratch;

static void extent_reset(scratch *s)
{
    s->extent_points = 0;
    s->extent_crosses = 0;
}

static void extent_add(scratch *s, const double *xy, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double lon = xy[2 * i], lat = xy[2 * i + 1], east = lon < 0 ? lon + 360 : lon;
        if (!isfinite(lon) || !isfinite(lat))
            continue;
        if (!s->extent_points++) {
            s->lon_min = s->lon_max = lon;
            s->east_min = s->east_max = east;
            s->lat_min = s->lat_max = lat;
            continue;
        }
        s->lon_min = fmin(s->lon_min, lon);
        s->lon_max = fmax(s->lon_max, lon);
        s->east_min = fmin(s->east_min, east);
        s->east_max = fmax(s->east_max, east);
        s->lat_min = fmin(s->lat_min, lat);
        s->lat_max = fmax(s->lat_max, lat);
    }
}

/* The feature's box [west, south, east, north]: for a feature split at the antimeridian, west
 * is its westernmost longitude east of the line's other side, so west > east (RFC 7946 5.2). */
static int extent_box(const scratch *s, double box[4])
{
    if (!s->extent_points)
        return 0;
    if (s->extent_crosses) {
        box[0] = s->east_min > 180 ? s->east_min - 360 : s->east_min;
        box[2] = s->east_max > 180 ? s->east_max - 360 : s->east_max;
    } else {
        box[0] = s->lon_min;
        box[2] = s->lon_max;
    }
    box[1] = s->lat_min;
    box[3] = s->lat_max;
    return 1;
}

/* An edge between longitudes more than 180 degrees apart goes the short way, across the
 * antimeridian: projected data (a CRS centred on 180) comes out of the transform that way. */
static int jumps(double lon_a, double lon_b)
{
    return fabs(lon_b - lon_a) > 180;
}

/* Whether every point is a longitude and latitude: coordinates beyond them (a layer without a
 * CRS that is not lon/lat) have no antimeridian to split at. */
static int geographic(const double *xy, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (!(fabs(xy[2 * k]) <= 180 && fabs(xy[2 * k + 1]) <= 90))
            return 0;
    return 1;
}

static rg_status project(rg_i_to_wgs84 *t, scratch *s, const double *xy, size_t npts,
                         const double **out)
{
    if (!t) {
        *out = xy;
        return RG_OK;
    }
    if (!rg_i_reserve((void **)&s->xy, &s->cap, 2 * npts, sizeof *s->xy))
        return rg_i_error(RG_ERR_NOMEM, "out of memory");
    memcpy(s->xy, xy, 2 * npts * sizeof *xy);
    *out = s->xy;
    return rg_i_to_wgs84_apply(t, s->xy, npts);
}

/* Rounds a ring to prec decimals into q, dropping each point equal (once rounded) to the one
 * before it: rounding can merge neighbouring vertices, and a repeated position is a zero-length
 * edge. Sets *kept; returns 0 when a coordinate cannot be rounded (not finite). */
static int quantize_ring(const double *xy, size_t npts, int prec, int64_t *q, size_t *kept)
{
    size_t i, n = 0;
    for (i = 0; i < npts; i++) {
        int64_t x, y;
        if (!quantize(xy[2 * i], prec, &x) || !quantize(xy[2 * i + 1], prec, &y))
            return 0;
        if (n > 0 && q[2 * n - 2] == x && q[2 * n - 1] == y)
            continue;
        q[2 * n] = x;
        q[2 * n + 1] = y;
        n++;
    }
    *kept = n;
    return 1;
}

/* The sign of twice the rounded ring's area (1: counter-clockwise, -1: clockwise, 0: none),
 * relative to the first point so that the products stay small. */
static int quantized_orientation(const int64_t *q, size_t n)
{
    long double sum = 0;
    size_t i;
    if (n < 3)
        return 0;
    for (i = 0; i + 1 < n; i++)
        sum += (long double)(q[2 * i] - q[0]) * (long double)(q[2 * i + 3] - q[1]) -
               (long double)(q[2 * i + 2] - q[0]) * (long double)(q[2 * i + 1] - q[1]);
    return sum > 0 ? 1 : sum < 0 ? -1 : 0;
}

/* Rounds ring `ring` of a region: at the layer's precision when the rounded ring is still a
 * ring (4 positions or more, a non-zero area), else at the fewest more decimals that keep it
 * one, so that rounding never turns a valid ring invalid. A ring degenerate at every precision
 * (degenerate in the source) is dropped: *prec = -1. Returns 0 when a coordinate is not finite. */
static int round_ring(const double *xy, size_t npts, int64_t *q, int *prec, size_t *kept)
{
    int p;
    for (p = options.precision; p <= MAX_PRECISION; p++) {
        if (!quantize_ring(xy, npts, p, q, kept))
            return 0;
        if (*kept >= 4 && quantized_orientation(q, *kept) != 0) {
            *prec = p;
            return 1;
        }
    }
    *prec = -1;
    return 1;
}

/* A rounded ring, exterior counter-clockwise and holes clockwise on the rounded positions. */
static void put_quantized_ring(writer *w, const int64_t *q, size_t n, int prec, int exterior)
{
    int orient = quantized_orientation(q, n);
    int reverse = exterior ? orient < 0 : orient > 0;
    char buf[80];
    size_t i, len;
    put_char(w, '[');
    for (i = 0; i < n; i++) {
        size_t j = reverse ? n - 1 - i : i;
        len = 0;
        if (i)
            buf[len++] = ',';
        buf[len++] = '[';
        len += format_quantized(q[2 * j], prec, buf + len);
        buf[len++] = ',';
        len += format_quantized(q[2 * j + 1], prec, buf + len);
        buf[len++] = ']';
        put(w, buf, len);
    }
    put_char(w, ']');
}

/* Writes polygons after rounding: npolys polygons, polygon p made of rings poly[p] to
 * poly[p + 1] - 1, ring k of points ring[k] to ring[k + 1] - 1 of xy (lon/lat). */
static rg_status put_polygons(writer *w, const rg_regions *r, size_t i, const double *xy,
                              const size_t *ring, const size_t *poly, size_t npolys, scratch *s)
{
    size_t nrings = poly[npolys], npts = ring[nrings], p, k, polys = 0, written = 0;
    rg_status st = RG_OK;

    if (!rg_i_reserve((void **)&s->q, &s->qcap, 2 * npts, sizeof *s->q) ||
        !rg_i_reserve((void **)&s->ring_prec, &s->ring_cap, nrings, sizeof *s->ring_prec) ||
        !rg_i_reserve((void **)&s->ring_kept, &s->kept_cap, nrings, sizeof *s->ring_kept)) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    /* Round every ring first: a dropped exterior drops its polygon, and the polygons left
     * decide between Polygon and MultiPolygon. */
    for (k = 0; k < nrings; k++) {
        if (!round_ring(xy + 2 * ring[k], ring[k + 1] - ring[k], s->q + 2 * ring[k],
                        &s->ring_prec[k], &s->ring_kept[k])) {
            st = rg_i_error(RG_ERR_DATA, "region '%s': a coordinate is not a finite number",
                            rg_regions_id(r, i));
            goto cleanup;
        }
        if (s->ring_prec[k] < 0)
            rg_i_warn("region '%s': ring %zu has no area at any precision: left out",
                      rg_regions_id(r, i), k + 1);
    }
    for (p = 0; p < npolys; p++)
        polys += s->ring_prec[poly[p]] >= 0;
    if (polys == 0) {
        puts_raw(w, "null");
        goto cleanup;
    }
    puts_raw(w, polys > 1 ? "{\"type\":\"MultiPolygon\",\"coordinates\":["
                          : "{\"type\":\"Polygon\",\"coordinates\":");
    for (p = 0; p < npolys; p++) {
        if (s->ring_prec[poly[p]] < 0)
            continue;
        if (written++)
            put_char(w, ',');
        put_char(w, '[');
        for (k = poly[p]; k < poly[p + 1]; k++) {
            if (s->ring_prec[k] < 0)
                continue;
            if (k > poly[p])
                put_char(w, ',');
            put_quantized_ring(w, s->q + 2 * ring[k], s->ring_kept[k], s->ring_prec[k],
                               k == poly[p]);
            extent_add(s, xy + 2 * ring[k], ring[k + 1] - ring[k]);
        }
        put_char(w, ']');
    }
    puts_raw(w, polys > 1 ? "]}" : "}");
cleanup:
    return st;
}

/* Ring xy (n points, closed) with continuous longitudes in s->unwrapped, shifted by a whole
 * number of turns so that its first longitude is the nearest to ref (an exterior passes its
 * own first longitude and is then moved east of -180: its crossing is at +180). */
static rg_status unwrap_ring(scratch *s, const double *xy, size_t n, double ref, int exterior)
{
    double shift, lo;
    size_t k;
    if (!rg_i_reserve((void **)&s->unwrapped, &s->unwrapped_cap, 2 * n, sizeof *s->unwrapped))
        return rg_i_error(RG_ERR_NOMEM, "out of memory");
    lo = xy[0];
    for (k = 0; k < n; k++) {
        double lon = xy[2 * k];
        if (k > 0) {
            double prev = s->unwrapped[2 * k - 2];
            while (lon - prev > 180)
                lon -= 360;
            while (prev - lon > 180)
                lon += 360;
        }
        s->unwrapped[2 * k] = lon;
        s->unwrapped[2 * k + 1] = xy[2 * k + 1];
        lo = fmin(lo, lon);
    }
    shift = exterior ? (lo < -180 ? 360 : 0) : 360 * round((ref - s->unwrapped[0]) / 360);
    for (k = 0; k < n; k++)
        s->unwrapped[2 * k] += shift;
    return RG_OK;
}

/* Appends one point to the pieces, shifted by dlon. */
static int cut_push(scratch *s, size_t *len, double lon, double lat, double dlon)
{
    if (!rg_i_reserve((void **)&s->cut, &s->cut_cap, 2 * (*len + 1), sizeof *s->cut))
        return 0;
    s->cut[2 * *len] = lon + dlon;
    s->cut[2 * *len + 1] = lat;
    (*len)++;
    return 1;
}

/* Clips the unwrapped ring (n points, closed) to the side of longitude 180 given by east
 * (Sutherland-Hodgman against the line; the crossing latitude is linear in the unwrapped
 * longitude), shifts the eastern side by -360 so it lands on [-180, ...], and appends it to
 * s->cut as a closed ring when it has an area. *len is s->cut's point count; *added says
 * whether a ring was appended. */
static rg_status clip_ring(scratch *s, size_t n, int east, size_t *len, int *added)
{
    const double *u = s->unwrapped;
    double dlon = east ? -360 : 0, area = 0;
    size_t start = *len, k;
    *added = 0;
    for (k = 0; k + 1 < n; k++) {
        double xs = u[2 * k], ys = u[2 * k + 1], xe = u[2 * k + 2], ye = u[2 * k + 3];
        int in_s = east ? xs >= 180 : xs <= 180, in_e = east ? xe >= 180 : xe <= 180;
        if (in_s != in_e) {
            double y = ys + (180 - xs) / (xe - xs) * (ye - ys);
            if (!cut_push(s, len, 180, y, dlon))
                goto nomem;
        }
        if (in_e && !cut_push(s, len, xe, ye, dlon))
            goto nomem;
    }
    if (*len - start < 3) {
        *len = start;
        return RG_OK;
    }
    if (!cut_push(s, len, s->cut[2 * start] - dlon, s->cut[2 * start + 1], dlon))
        goto nomem;
    for (k = start; k + 1 < *len; k++)
        area += s->cut[2 * k] * s->cut[2 * k + 3] - s->cut[2 * k + 2] * s->cut[2 * k + 1];
    if (area == 0) {
        *len = start;
        return RG_OK;
    }
    *added = 1;
    return RG_OK;
nomem:
    return rg_i_error(RG_ERR_NOMEM, "out of memory");
}

/* Splits the region's polygons at the antimeridian: each polygon becomes its part west of
 * +180 and its part east of it (moved to -180 onwards), each hole going with the part its
 * clipped pieces fall in. The pieces are s->cut, s->cut_ring, s->cut_poly; *npolys of them. */
static rg_status split_polygons(scratch *s, const double *xy, const size_t *ring,
                                const size_t *poly, size_t npolys_in, size_t *npolys)
{
    size_t p, k, len = 0, nrings = 0, np = 0;
    int side, added;
    rg_status st = RG_OK;
    for (p = 0; p < npolys_in; p++)
        for (side = 0; side < 2; side++) {
            double ref = 0;
            size_t first_ring = nrings;
            for (k = poly[p]; k < poly[p + 1]; k++) {
                int exterior = k == poly[p];
                if ((st = unwrap_ring(s, xy + 2 * ring[k], ring[k + 1] - ring[k], ref,
                                      exterior)) != RG_OK)
                    goto cleanup;
                if (exterior)
                    ref = s->unwrapped[0];
                if (!rg_i_reserve((void **)&s->cut_ring, &s->cut_ring_cap, nrings + 2,
                                  sizeof *s->cut_ring)) {
                    st = rg_i_error(RG_ERR_NOMEM, "out of memory");
                    goto cleanup;
                }
                s->cut_ring[nrings] = len;
                if ((st = clip_ring(s, ring[k + 1] - ring[k], side, &len, &added)) != RG_OK)
                    goto cleanup;
                if (exterior && !added)
                    break; /* nothing of this polygon on this side */
                if (added)
                    s->cut_ring[++nrings] = len;
            }
            if (nrings == first_ring)
                continue;
            if (!rg_i_reserve((void **)&s->cut_poly, &s->cut_poly_cap, np + 2,
                              sizeof *s->cut_poly)) {
                st = rg_i_error(RG_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            s->cut_poly[np++] = first_ring;
            s->cut_poly[np] = nrings;
        }
    if (np == 0 && rg_i_reserve((void **)&s->cut_poly, &s->cut_poly_cap, 1, sizeof *s->cut_poly))
        s->cut_poly[0] = 0;
    *npolys = np;
cleanup:
    return st;
}

static rg_status put_region_geometry(writer *w, const rg_regions *r, size_t i, rg_i_to_wgs84 *t,
                                     scratch *s)
{
    const size_t *poly_start = rg_regions_poly_start(r);
    const size_t *ring_start = rg_regions_ring_start(r);
    const size_t *pt_start = rg_regions_pt_start(r);
    size_t p0 = poly_start[i], p1 = poly_start[i + 1], p, k, first_pt, first_ring, npts, nrings,
           npolys = 0;
    const double *xy = NULL;
    int crosses = 0;
    rg_status st = RG_OK;

    extent_reset(s);
    if (p0 == p1) {
        puts_raw(w, "null");
        goto cleanup;
    }
    /* The region's points are contiguous: transform them in one call. */
    first_pt = pt_start[ring_start[p0]];
    npts = pt_start[ring_start[p1]] - first_pt;
    first_ring = ring_start[p0];
    nrings = ring_start[p1] - first_ring;
    if ((st = project(t, s, rg_regions_xy(r) + 2 * first_pt, npts, &xy)) != RG_OK)
        goto cleanup;
    /* Ring and polygon starts relative to the region's first point and ring. */
    if (!rg_i_reserve((void **)&s->cut_ring, &s->cut_ring_cap, nrings + 1, sizeof *s->cut_ring) ||
        !rg_i_reserve((void **)&s->cut_poly, &s->cut_poly_cap, p1 - p0 + 1, sizeof *s->cut_poly)) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (k = 0; k <= nrings; k++)
        s->cut_ring[k] = pt_start[first_ring + k] - first_pt;
    for (p = p0; p <= p1; p++)
        s->cut_poly[p - p0] = ring_start[p] - first_ring;
    for (k = 0; k < nrings && !crosses && geographic(xy, npts); k++) {
        size_t j;
        for (j = s->cut_ring[k] + 1; j < s->cut_ring[k + 1] && !crosses; j++)
            crosses = jumps(xy[2 * j - 2], xy[2 * j]);
    }
    if (!crosses) {
        st = put_polygons(w, r, i, xy, s->cut_ring, s->cut_poly, p1 - p0, s);
        goto cleanup;
    }
    {
        /* split_polygons rebuilds cut_ring/cut_poly: work from copies */
        size_t *ring = rg_i_calloc_array(nrings + 1, sizeof *ring);
        size_t *poly = rg_i_calloc_array(p1 - p0 + 1, sizeof *poly);
        if (!ring || !poly) {
            free(ring);
            free(poly);
            st = rg_i_error(RG_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        memcpy(ring, s->cut_ring, (nrings + 1) * sizeof *ring);
        memcpy(poly, s->cut_poly, (p1 - p0 + 1) * sizeof *poly);
        st = split_polygons(s, xy, ring, poly, p1 - p0, &npolys);
        free(ring);
        free(poly);
        if (st != RG_OK)
            goto cleanup;
    }
    s->extent_crosses = 1;
    if (npolys == 0) {
        puts_raw(w, "null");
        goto cleanup;
    }
    st = put_polygons(w, r, i, s->cut, s->cut_ring, s->cut_poly, npolys, s);
cleanup:
    return st;
}

static const char *const computed_names[] = {"id", "name", "degree", "border_km", "isolated"};
#define NCOMPUTED (sizeof computed_names / sizeof computed_names[0])

/* The coverage layer's computed properties: the above, then the coverage figures. */
static const char *const coverage_names[] = {"id",     "name",    "degree",     "border_km",
                                             "isolated", "level", "parent",     "covered",
                                             "mechanisms", "reach1", "reach2"};
#define NCOVERAGE (sizeof coverage_names / sizeof coverage_names[0])

/* Property names the features of a layer compute themselves; source fields must avoid them. */
typedef struct computed {
    const char *const *names;
    size_t count;
    int skip_hierarchy; /* drop the rg_level/rg_parent fields: level and parent say the same */
} computed;

static int is_taken(const rg_regions *r, const computed *c, const char *key, size_t self)
{
    size_t k, f;
    for (k = 0; k < c->count; k++)
        if (rg_i_ascii_caseeq(key, c->names[k]))
            return 1;
    for (f = 0; f < rg_regions_field_count(r); f++)
        if (f != self && rg_i_ascii_caseeq(key, rg_regions_field_name(r, f)))
            return 1;
    return 0;
}

static void free_keys(char **keys, size_t nf)
{
    size_t f;
    if (keys)
        for (f = 0; f < nf; f++)
            free(keys[f]);
    free(keys);
}

/* Property keys for the source fields: the field name, or NULL to skip the id or name field
 * whose value already is the id or name property, or "src_<name>" (repeated until free) when
 * the name would collide with a computed property. Compared ignoring ASCII case because GDAL,
 * and so QGIS, look fields up that way: "ID" next to "id" would merge into one column. */
static rg_status property_keys(const rg_regions *r, const computed *c, char ***out)
{
    size_t nf = rg_regions_field_count(r), f, k;
    const char *id_field = rg_regions_id_field(r), *name_field = rg_regions_name_field(r);
    char **keys = NULL;
    rg_status st = RG_OK;

    if (!(keys = rg_i_calloc_array(nf, sizeof *keys))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (f = 0; f < nf; f++) {
        const char *name = rg_regions_field_name(r, f);
        int collides = 0;
        if (c->skip_hierarchy &&
            (strcmp(name, RG_LEVEL_FIELD) == 0 || strcmp(name, RG_PARENT_FIELD) == 0))
            continue;
        for (k = 0; k < c->count; k++)
            collides |= rg_i_ascii_caseeq(name, c->names[k]);
        if (!collides) {
            keys[f] = rg_i_strdup(name);
        } else if ((id_field && strcmp(name, id_field) == 0) ||
                   (name_field && strcmp(name, name_field) == 0)) {
            continue;
        } else {
            size_t len = strlen(name);
            char *key = malloc(len + 1);
            if (key)
                memcpy(key, name, len + 1);
            while (key && is_taken(r, c, key, f)) {
                char *longer = malloc(strlen(key) + 5);
                if (longer) {
                    memcpy(longer, "src_", 4);
                    strcpy(longer + 4, key);
                }
                free(key);
                key = longer;
            }
            keys[f] = key;
        }
        if (!keys[f]) {
            st = rg_i_error(RG_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    *out = keys;
    keys = NULL;
cleanup:
    free_keys(keys, nf);
    return st;
}

static void put_value(writer *w, const rg_regions *r, size_t i, size_t f)
{
    const char *text;
    int64_t iv;
    double dv;
    switch (rg_regions_field_type(r, f)) {
    case RG_FIELD_INTEGER:
        if (rg_regions_value_integer(r, i, f, &iv))
            put_int(w, iv);
        else
            puts_raw(w, "null");
        break;
    case RG_FIELD_REAL:
        if (rg_regions_value_real(r, i, f, &dv))
            put_real(w, dv);
        else
            puts_raw(w, "null");
        break;
    default:
        if (rg_regions_value_string(r, i, f, &text))
            put_json_string(w, text);
        else
            puts_raw(w, "null");
    }
}

/* ------------------------------------------------------------------ features */

/* Starts feature number *count: the separator, then the opening up to the first property. */
static void begin_feature(writer *w, size_t *count)
{
    /* A text sequence (RFC 8142): each feature is a record, RS before and LF after it. */
    if (options.sequence)
        puts_raw(w, (*count)++ ? "\n\x1e{\"type\":\"Feature\",\"properties\":{"
                               : "\x1e{\"type\":\"Feature\",\"properties\":{");
    else
        puts_raw(w, (*count)++ ? ",\n{\"type\":\"Feature\",\"properties\":{"
                               : "{\"type\":\"Feature\",\"properties\":{");
}

/* ,"key": */
static void put_key(writer *w, const char *key)
{
    put_char(w, ',');
    put_json_string(w, key);
    put_char(w, ':');
}

static void put_string_or_null(writer *w, const char *s)
{
    if (s)
        put_json_string(w, s);
    else
        puts_raw(w, "null");
}

/* Closes the collection; a layer with features ends its last one with a newline. */
static void end_features(writer *w, size_t count)
{
    if (count > 0)
        put_char(w, '\n');
}

/* The properties every region layer starts with. */
static void put_region_head(writer *w, const rg_regions *r, size_t i, size_t degree,
                            double border_km)
{
    puts_raw(w, "\"id\":");
    put_json_string(w, rg_regions_id(r, i));
    put_key(w, "name");
    put_json_string(w, rg_regions_name(r, i));
    put_key(w, "degree");
    put_int(w, (int64_t)degree);
    put_key(w, "border_km");
    put_real(w, border_km);
    put_key(w, "isolated");
    puts_raw(w, degree ? "false" : "true");
}

/* The source fields, under their keys (NULL: skipped). */
static void put_fields(writer *w, const rg_regions *r, size_t i, char *const *keys)
{
    size_t f;
    for (f = 0; f < rg_regions_field_count(r); f++) {
        if (!keys[f])
            continue;
        put_key(w, keys[f]);
        put_value(w, r, i, f);
    }
}

/* The properties every pair layer starts with. */
static void put_pair_names(writer *w, const rg_regions *r, size_t a, size_t b)
{
    puts_raw(w, "\"id_a\":");
    put_json_string(w, rg_regions_id(r, a));
    put_key(w, "id_b");
    put_json_string(w, rg_regions_id(r, b));
    put_key(w, "name_a");
    put_json_string(w, rg_regions_name(r, a));
    put_key(w, "name_b");
    put_json_string(w, rg_regions_name(r, b));
}

/* ,"kind":"rook"|"queen","length_km":km */
static void put_kind_length(writer *w, int rook, double km)
{
    puts_raw(w, rook ? ",\"kind\":\"rook\"" : ",\"kind\":\"queen\"");
    put_key(w, "length_km");
    put_real(w, km);
}

/* Everything both exports share: the temporary file, the unbuffered stream, the transform. */
typedef struct output {
    rg_i_atomic atomic;
    writer w;
    rg_i_to_wgs84 *t;
    scratch s;
    /* The collection's box so far: west, south, east, north, with east - west its width in
     * degrees (east may exceed 180: the box then crosses the antimeridian). */
    double box[4];
    int boxed;
} output;

/* ,"bbox":[west,south,east,north] */
static void put_box(writer *w, const double box[4])
{
    char buf[1600];
    size_t n = 0;
    int k;
    memcpy(buf, ",\"bbox\":[", 9);
    n = 9;
    for (k = 0; k < 4; k++) {
        if (k)
            buf[n++] = ',';
        n += format_coord(box[k], buf + n, 390);
    }
    buf[n++] = ']';
    put(w, buf, n);
}

/* Writes the box of the feature just written, when asked, and widens the collection's box by
 * it the shorter way round: each feature's box may be placed a turn east or west. */
static void finish_box(output *o)
{
    double box[4], west, east, best_w = 0, best_e = 0, width = 1e300;
    int shift;
    if (!options.bbox || !extent_box(&o->s, box))
        return;
    put_box(&o->w, box);
    west = box[0];
    east = box[2] < box[0] ? box[2] + 360 : box[2];
    if (!o->boxed) {
        o->box[0] = west;
        o->box[1] = box[1];
        o->box[2] = east;
        o->box[3] = box[3];
        o->boxed = 1;
        return;
    }
    for (shift = -360; shift <= 360; shift += 360) {
        double w = fmin(o->box[0], west + shift), e = fmax(o->box[2], east + shift);
        if (e - w < width) {
            width = e - w;
            best_w = w;
            best_e = e;
        }
    }
    if (width >= 360) {
        best_w = -180;
        best_e = 180;
    }
    while (best_w < -180) {
        best_w += 360;
        best_e += 360;
    }
    while (best_w > 180) {
        best_w -= 360;
        best_e -= 360;
    }
    o->box[0] = best_w;
    o->box[2] = best_e;
    o->box[1] = fmin(o->box[1], box[1]);
    o->box[3] = fmax(o->box[3], box[3]);
}

static rg_status output_open(output *o, const char *path, const char *crs_wkt)
{
    rg_status st;
    memset(o, 0, sizeof *o);
    /* The transform first: a CRS problem must not leave a temporary file to clean. */
    if ((st = rg_i_to_wgs84_new(crs_wkt, &o->t)) != RG_OK)
        goto cleanup;
    if (!(o->w.buf = malloc(WRITER_BUFSIZE))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if ((st = rg_i_atomic_begin(&o->atomic, path, 1)) != RG_OK)
        goto cleanup;
    setvbuf(o->atomic.fp, NULL, _IONBF, 0);
    o->w.fp = o->atomic.fp;
    if (!options.sequence)
        puts_raw(&o->w, "{\"type\":\"FeatureCollection\",\"features\":[\n");
cleanup:
    return st;
}

/* Finishes the file and renames it into place when st is RG_OK; otherwise (or if finishing
 * fails) removes the temporary file. Frees everything; returns the final status. */
static rg_status output_close(output *o, rg_status st, const char *path)
{
    if (st == RG_OK && o->w.fp) {
        if (!options.sequence && options.bbox && o->boxed) {
            double box[4];
            memcpy(box, o->box, sizeof box);
            if (box[2] > 180)
                box[2] -= 360;
            puts_raw(&o->w, "]");
            put_box(&o->w, box);
            puts_raw(&o->w, "}\n");
        } else if (!options.sequence) {
            puts_raw(&o->w, "]}\n");
        }
        writer_flush(&o->w);
        if (o->w.failed)
            st = rg_i_error(RG_ERR_IO, "%s: cannot write: %s", path, strerror(o->w.err));
        else
            st = rg_i_atomic_commit(&o->atomic);
    }
    rg_i_atomic_abort(&o->atomic);
    rg_i_to_wgs84_free(o->t);
    free(o->w.buf);
    free(o->s.xy);
    free(o->s.q);
    free(o->s.ring_prec);
    free(o->s.ring_kept);
    free(o->s.cut);
    free(o->s.unwrapped);
    free(o->s.cut_ring);
    free(o->s.cut_poly);
    return st;
}

/* Closes the properties, writes region i's geometry and closes the feature. */
static rg_status end_region_feature(output *o, const rg_regions *r, size_t i, const char *path)
{
    rg_status st;
    puts_raw(&o->w, "},\"geometry\":");
    if ((st = put_region_geometry(&o->w, r, i, o->t, &o->s)) != RG_OK) {
        rg_i_error_prefix(st, path);
    } else {
        finish_box(o);
        put_char(&o->w, '}');
    }
    return st;
}

rg_status rg_export_regions_geojson(rg_graph *graph, const char *path)
{
    static const computed plain = {computed_names, NCOMPUTED, 0};
    output o;
    const rg_regions *r = rg_graph_regions(graph);
    const size_t *degree = NULL;
    const double *border_km = NULL;
    char **keys = NULL;
    size_t n = rg_regions_count(r), nf = rg_regions_field_count(r), i, count = 0;
    rg_status st;

    rg_i_library_init();
    memset(&o, 0, sizeof o);
    if ((st = rg_graph_node_degrees(graph, &degree, &border_km)) != RG_OK ||
        (st = property_keys(r, &plain, &keys)) != RG_OK ||
        (st = output_open(&o, path, rg_regions_crs_wkt(r))) != RG_OK)
        goto cleanup;
    for (i = 0; i < n && !o.w.failed; i++) {
        begin_feature(&o.w, &count);
        put_region_head(&o.w, r, i, degree[i], border_km[i]);
        put_fields(&o.w, r, i, keys);
        if ((st = end_region_feature(&o, r, i, path)) != RG_OK)
            goto cleanup;
    }
    end_features(&o.w, count);
cleanup:
    st = output_close(&o, st, path);
    free_keys(keys, nf);
    return st;
}

/* How many lines a line becomes once split at the antimeridian. */
static size_t line_pieces(const double *line, size_t npts)
{
    size_t p, n = 1;
    for (p = 1; p < npts; p++)
        n += jumps(line[2 * p - 2], line[2 * p]);
    return n;
}

/* A line as one or more position arrays, comma-separated: split where an edge crosses the
 * antimeridian, the crossing latitude interpolated linearly in the unwrapped longitude, the
 * piece before ending on one side's 180 and the next starting on the other's. A line of one
 * point repeats it (RFC 7946 wants two positions). */
static void put_split_line(writer *w, scratch *s, const double *line, size_t npts, int split)
{
    size_t p;
    put_char(w, '[');
    for (p = 0; p < npts; p++) {
        if (p && split && jumps(line[2 * p - 2], line[2 * p])) {
            double x0 = line[2 * p - 2], y0 = line[2 * p - 1], x1 = line[2 * p],
                   y1 = line[2 * p + 1], side = x0 > 0 ? 180 : -180,
                   x1u = x0 > 0 ? x1 + 360 : x1 - 360,
                   y = y0 + (side - x0) / (x1u - x0) * (y1 - y0), cut[4];
            cut[0] = side;
            cut[1] = y;
            cut[2] = -side;
            cut[3] = y;
            extent_add(s, cut, 2);
            put_char(w, ',');
            put_position(w, side, y);
            puts_raw(w, "],[");
            put_position(w, -side, y);
        }
        if (p)
            put_char(w, ',');
        put_position(w, line[2 * p], line[2 * p + 1]);
    }
    extent_add(s, line, npts);
    if (npts == 1) {
        put_char(w, ',');
        put_position(w, line[0], line[1]);
    }
    put_char(w, ']');
}

/* Lines of one point are touching points: written as (Multi)Point. A line of one point in a
 * pair that also has longer lines cannot be a LineString (RFC 7946 wants two positions), so
 * its point is repeated. */
static rg_status put_border_geometry(writer *w, const rg_adjacency *adj, size_t k,
                                     rg_i_to_wgs84 *t, scratch *s)
{
    const size_t *pt_start = rg_adjacency_line_pt_start(adj);
    size_t first, count, j, first_pt, pieces = 0;
    const double *xy = NULL;
    int points_only = 1;
    rg_status st = RG_OK;

    extent_reset(s);
    rg_adjacency_border(adj, k, &first, &count);
    if (count == 0) {
        puts_raw(w, "null");
        goto cleanup;
    }
    first_pt = pt_start[first];
    if ((st = project(t, s, rg_adjacency_xy(adj) + 2 * first_pt,
                      pt_start[first + count] - first_pt, &xy)) != RG_OK)
        goto cleanup;
    for (j = first; j < first + count; j++)
        if (pt_start[j + 1] - pt_start[j] != 1)
            points_only = 0;
    if (points_only) {
        extent_add(s, xy, count);
        if (count == 1) {
            puts_raw(w, "{\"type\":\"Point\",\"coordinates\":");
            put_position(w, xy[0], xy[1]);
        } else {
            puts_raw(w, "{\"type\":\"MultiPoint\",\"coordinates\":[");
            for (j = 0; j < count; j++) {
                if (j)
                    put_char(w, ',');
                put_position(w, xy[2 * j], xy[2 * j + 1]);
            }
            put_char(w, ']');
        }
        put_char(w, '}');
        goto cleanup;
    }
    if (!geographic(xy, pt_start[first + count] - first_pt))
        pieces = count;
    else
        for (j = first; j < first + count; j++)
            pieces += line_pieces(xy + 2 * (pt_start[j] - first_pt),
                                  pt_start[j + 1] - pt_start[j]);
    s->extent_crosses = pieces > count;
    puts_raw(w, pieces == 1 ? "{\"type\":\"LineString\",\"coordinates\":"
                            : "{\"type\":\"MultiLineString\",\"coordinates\":[");
    for (j = first; j < first + count; j++) {
        const double *line = xy + 2 * (pt_start[j] - first_pt);
        size_t npts = pt_start[j + 1] - pt_start[j];
        if (j > first)
            put_char(w, ',');
        put_split_line(w, s, line, npts, pieces > count);
    }
    puts_raw(w, pieces == 1 ? "}" : "]}");
cleanup:
    return st;
}

/* Closes the properties, writes pair k's border and closes the feature. */
static rg_status end_border_feature(output *o, const rg_adjacency *adj, size_t k,
                                    const char *path)
{
    rg_status st;
    puts_raw(&o->w, "},\"geometry\":");
    if ((st = put_border_geometry(&o->w, adj, k, o->t, &o->s)) != RG_OK) {
        rg_i_error_prefix(st, path);
    } else {
        finish_box(o);
        put_char(&o->w, '}');
    }
    return st;
}

/* The `contact` values, by rg_contact (as in the graph file). */
static const char *const contact_names[] = {"point", "border", "island"};

/* The borders layer. With a coverage: only the pairs at its level, each with its coverage.
 * Island links (contact "island") are in it too, with their bridging segment as geometry. */
static rg_status export_borders(const rg_graph *graph, const rg_coverage *coverage,
                                const char *path)
{
    output o;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t m = rg_adjacency_count(adj), k, a, b, count = 0;
    double km;
    int rook;
    rg_status st;

    memset(&o, 0, sizeof o);
    if ((st = output_open(&o, path, rg_regions_crs_wkt(r))) != RG_OK)
        goto cleanup;
    for (k = 0; k < m && !o.w.failed; k++) {
        rg_pair_coverage pc;
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        if (coverage) {
            rg_coverage_pair(coverage, k, &pc);
            /* Island links are no pair of the coverage, but belong to the level's layer. */
            if (!pc.at_level && (rg_adjacency_contact(adj, k) != RG_CONTACT_ISLAND ||
                                 rg_regions_level(r, a) != rg_coverage_level(coverage)))
                continue;
        }
        begin_feature(&o.w, &count);
        put_pair_names(&o.w, r, a, b);
        put_kind_length(&o.w, rook, km);
        put_key(&o.w, "contact");
        put_json_string(&o.w, contact_names[rg_adjacency_contact(adj, k)]);
        put_key(&o.w, "gap_km");
        put_real(&o.w, rg_adjacency_gap_km(adj, k));
        if (coverage) {
            put_key(&o.w, "coordinated");
            puts_raw(&o.w, pc.shared ? "true" : "false");
            put_key(&o.w, "shared");
            put_int(&o.w, (int64_t)pc.shared);
            put_key(&o.w, "cross_parent");
            puts_raw(&o.w, pc.cross_parent ? "true" : "false");
        }
        if ((st = end_border_feature(&o, adj, k, path)) != RG_OK)
            goto cleanup;
    }
    end_features(&o.w, count);
cleanup:
    return output_close(&o, st, path);
}

rg_status rg_export_borders_geojson(const rg_graph *graph, const char *path)
{
    rg_i_library_init();
    return export_borders(graph, NULL, path);
}

/* ------------------------------------------------------------------ coordination layers */

static const char *parent_id(const rg_regions *r, size_t i)
{
    long p = rg_regions_parent(r, i);
    return p < 0 ? NULL : rg_regions_id(r, (size_t)p);
}

/* The measures written on regions, in this order; the view's degree is renamed because
 * "degree" already is the adjacency degree of every region layer. */
static const rg_measure region_measures[] = {
    RG_MEASURE_DEGREE,      RG_MEASURE_STRENGTH,  RG_MEASURE_BETWEENNESS, RG_MEASURE_CLOSENESS,
    RG_MEASURE_HARMONIC,    RG_MEASURE_EIGENVECTOR, RG_MEASURE_PAGERANK,  RG_MEASURE_CORENESS,
    RG_MEASURE_CLUSTERING,  RG_MEASURE_ARTICULATION, RG_MEASURE_COMPONENT, RG_MEASURE_LEIDEN,
    RG_MEASURE_LOUVAIN};
#define NMEASURES (sizeof region_measures / sizeof region_measures[0])

static const char *measure_key(rg_measure m)
{
    return m == RG_MEASURE_DEGREE ? "net_degree" : rg_measure_name(m);
}

/* The measures of region i's node, or nulls when the region is not in the network. */
static void put_measures(writer *w, const rg_centrality *centrality, size_t i)
{
    long v = rg_network_region_node(rg_centrality_network(centrality), i);
    size_t k;
    for (k = 0; k < NMEASURES; k++) {
        rg_measure m = region_measures[k];
        double x;
        put_key(w, measure_key(m));
        if (v < 0) {
            puts_raw(w, "null");
            continue;
        }
        x = rg_centrality_value(centrality, (size_t)v, m);
        if (m == RG_MEASURE_ARTICULATION)
            puts_raw(w, x != 0 ? "true" : "false");
        else if (m == RG_MEASURE_DEGREE || m == RG_MEASURE_CORENESS ||
                 m == RG_MEASURE_COMPONENT || m == RG_MEASURE_LEIDEN || m == RG_MEASURE_LOUVAIN)
            put_int(w, (int64_t)x);
        else
            put_real(w, x);
    }
}

rg_status rg_export_regions_coverage_geojson(rg_graph *graph, const rg_coverage *coverage,
                                             const char *path)
{
    return rg_export_regions_measures_geojson(graph, coverage, NULL, path);
}

rg_status rg_export_regions_measures_geojson(rg_graph *graph, const rg_coverage *coverage,
                                             const rg_centrality *centrality, const char *path)
{
    const char *names[NCOVERAGE + NMEASURES];
    const computed with_coverage = {names, NCOVERAGE + (centrality ? NMEASURES : 0), 1};
    output o;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    size_t n = rg_regions_count(r), nf = rg_regions_field_count(r), m = rg_adjacency_count(adj);
    size_t *degree = NULL, i, k, count = 0;
    double *border_km = NULL;
    char **keys = NULL;
    rg_status st = RG_OK;

    rg_i_library_init();
    memset(&o, 0, sizeof o);
    for (k = 0; k < NCOVERAGE; k++)
        names[k] = coverage_names[k];
    for (k = 0; k < NMEASURES; k++)
        names[NCOVERAGE + k] = measure_key(region_measures[k]);
    /* Degree and border km within the level: a prefecture also touches its own province's
     * outline in a multi-level layer, and that is no neighbour. */
    if (!(degree = rg_i_calloc_array(n + 1, sizeof *degree)) ||
        !(border_km = rg_i_calloc_array(n + 1, sizeof *border_km))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (k = 0; k < m; k++) {
        rg_pair_coverage pc;
        size_t a, b;
        double km;
        int rook;
        rg_coverage_pair(coverage, k, &pc);
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        /* Island links are no border, so coverage leaves them out of the level's pairs; they are
         * still neighbours, as in the layer without coverage (an island is not isolated). */
        if (!pc.at_level &&
            !(rg_adjacency_contact(adj, k) == RG_CONTACT_ISLAND &&
              rg_regions_level(r, a) == rg_coverage_level(coverage) &&
              rg_regions_level(r, b) == rg_coverage_level(coverage)))
            continue;
        degree[a]++;
        degree[b]++;
        border_km[a] += km;
        border_km[b] += km;
    }
    if ((st = property_keys(r, &with_coverage, &keys)) != RG_OK ||
        (st = output_open(&o, path, rg_regions_crs_wkt(r))) != RG_OK)
        goto cleanup;
    for (i = 0; i < n && !o.w.failed; i++) {
        rg_region_coverage rc;
        rg_coverage_region(coverage, i, &rc);
        if (!rc.at_level)
            continue;
        begin_feature(&o.w, &count);
        put_region_head(&o.w, r, i, degree[i], border_km[i]);
        put_key(&o.w, "level");
        put_string_or_null(&o.w, rg_coverage_level_name(coverage));
        put_key(&o.w, "parent");
        put_string_or_null(&o.w, parent_id(r, i));
        put_key(&o.w, "covered");
        puts_raw(&o.w, rc.mechanisms ? "true" : "false");
        put_key(&o.w, "mechanisms");
        put_int(&o.w, (int64_t)rc.mechanisms);
        put_key(&o.w, "reach1");
        put_int(&o.w, (int64_t)rc.reach1);
        put_key(&o.w, "reach2");
        put_int(&o.w, (int64_t)rc.reach2);
        if (centrality)
            put_measures(&o.w, centrality, i);
        put_fields(&o.w, r, i, keys);
        if ((st = end_region_feature(&o, r, i, path)) != RG_OK)
            goto cleanup;
    }
    end_features(&o.w, count);
cleanup:
    st = output_close(&o, st, path);
    free_keys(keys, nf);
    free(degree);
    free(border_km);
    return st;
}

rg_status rg_export_borders_coverage_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                             const char *path)
{
    rg_i_library_init();
    return export_borders(graph, coverage, path);
}

rg_status rg_export_gaps_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                 const char *path)
{
    output o;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    const size_t *gaps = rg_coverage_gaps(coverage);
    size_t ngaps = rg_coverage_gap_count(coverage), g, a, b, count = 0;
    double km;
    int rook;
    rg_status st;

    rg_i_library_init();
    memset(&o, 0, sizeof o);
    if ((st = output_open(&o, path, rg_regions_crs_wkt(r))) != RG_OK)
        goto cleanup;
    for (g = 0; g < ngaps && !o.w.failed; g++) {
        rg_pair_coverage pc;
        rg_coverage_pair(coverage, gaps[g], &pc);
        rg_adjacency_pair(adj, gaps[g], &a, &b, &km, &rook);
        begin_feature(&o.w, &count);
        puts_raw(&o.w, "\"rank\":");
        put_int(&o.w, (int64_t)(g + 1));
        put_char(&o.w, ',');
        put_pair_names(&o.w, r, a, b);
        put_key(&o.w, "parent_a");
        put_string_or_null(&o.w, parent_id(r, a));
        put_key(&o.w, "parent_b");
        put_string_or_null(&o.w, parent_id(r, b));
        put_key(&o.w, "cross_parent");
        puts_raw(&o.w, pc.cross_parent ? "true" : "false");
        put_kind_length(&o.w, rook, km);
        if ((st = end_border_feature(&o, adj, gaps[g], path)) != RG_OK)
            goto cleanup;
    }
    end_features(&o.w, count);
cleanup:
    return output_close(&o, st, path);
}

/* Where a network node is drawn, in lon/lat: a region's representative point (transformed), an
 * agency's location. *drawn is 0 for an agency without a location and a region without
 * geometry. Region points are computed
 * once and kept in cache (2 doubles per region; known[i] says whether computed). */
typedef struct node_points {
    const rg_regions *r;
    const rg_coordination *coord;
    rg_i_to_wgs84 *t;
    double *xy;
    unsigned char *known;
} node_points;

static rg_status node_point(node_points *np, rg_node_kind kind, size_t index, double *xy, int *drawn)
{
    rg_status st = RG_OK;
    *drawn = 0;
    if (kind == RG_NODE_AGENCY) {
        *drawn = np->coord && rg_coordination_agency_location(np->coord, index, &xy[0], &xy[1]);
        goto cleanup;
    }
    if (rg_regions_poly_start(np->r)[index] == rg_regions_poly_start(np->r)[index + 1])
        goto cleanup; /* a region without geometry has nowhere to draw a link to */
    if (!np->known[index]) {
        double p[2];
        if ((st = rg_region_representative_point(np->r, index, &p[0], &p[1])) != RG_OK)
            goto cleanup;
        if (np->t && (st = rg_i_to_wgs84_apply(np->t, p, 1)) != RG_OK)
            goto cleanup;
        np->xy[2 * index] = p[0];
        np->xy[2 * index + 1] = p[1];
        np->known[index] = 1;
    }
    xy[0] = np->xy[2 * index];
    xy[1] = np->xy[2 * index + 1];
    *drawn = 1;
cleanup:
    return st;
}

static const char *node_id(const node_points *np, rg_node_kind kind, size_t index)
{
    return kind == RG_NODE_AGENCY ? rg_coordination_agency_id(np->coord, index)
                                  : rg_regions_id(np->r, index);
}

static const char *node_name(const node_points *np, rg_node_kind kind, size_t index)
{
    return kind == RG_NODE_AGENCY ? rg_coordination_agency_name(np->coord, index)
                                  : rg_regions_name(np->r, index);
}

rg_status rg_export_links_geojson(const rg_graph *graph, const rg_network *network,
                                  const char *path)
{
    output o;
    node_points np;
    const rg_regions *r = rg_graph_regions(graph);
    size_t n = rg_regions_count(r), ne = rg_network_edge_count(network), e, count = 0;
    rg_status st = RG_OK;

    rg_i_library_init();
    memset(&o, 0, sizeof o);
    memset(&np, 0, sizeof np);
    np.r = r;
    np.coord = rg_graph_coordination(graph);
    if (!(np.xy = rg_i_calloc_array(2 * n + 2, sizeof *np.xy)) ||
        !(np.known = rg_i_calloc_array(n + 1, sizeof *np.known))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if ((st = output_open(&o, path, rg_regions_crs_wkt(r))) != RG_OK)
        goto cleanup;
    np.t = o.t;
    for (e = 0; e < ne && !o.w.failed; e++) {
        size_t from, to, pair, ia, ib;
        rg_edge_type type;
        rg_node_kind ka, kb;
        double weight, pa[2], pb[2];
        int da, db;
        rg_network_edge(network, e, &from, &to, &type, &weight, &pair);
        if (type != RG_EDGE_COORDINATED)
            continue;
        rg_network_node(network, from, &ka, &ia);
        rg_network_node(network, to, &kb, &ib);
        if ((st = node_point(&np, ka, ia, pa, &da)) != RG_OK ||
            (st = node_point(&np, kb, ib, pb, &db)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
        if (!da || !db)
            continue;
        begin_feature(&o.w, &count);
        puts_raw(&o.w, "\"id_a\":");
        put_json_string(&o.w, node_id(&np, ka, ia));
        put_key(&o.w, "id_b");
        put_json_string(&o.w, node_id(&np, kb, ib));
        put_key(&o.w, "name_a");
        put_string_or_null(&o.w, node_name(&np, ka, ia));
        put_key(&o.w, "name_b");
        put_string_or_null(&o.w, node_name(&np, kb, ib));
        put_key(&o.w, "kind_a");
        puts_raw(&o.w, ka == RG_NODE_AGENCY ? "\"agency\"" : "\"region\"");
        put_key(&o.w, "kind_b");
        puts_raw(&o.w, kb == RG_NODE_AGENCY ? "\"agency\"" : "\"region\"");
        put_key(&o.w, "shared");
        put_int(&o.w, (int64_t)weight);
        {
            double line[4] = {pa[0], pa[1], pb[0], pb[1]};
            int split = geographic(line, 2) && line_pieces(line, 2) > 1;
            puts_raw(&o.w, split ? "},\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":["
                                 : "},\"geometry\":{\"type\":\"LineString\",\"coordinates\":");
            extent_reset(&o.s);
            o.s.extent_crosses = split;
            put_split_line(&o.w, &o.s, line, 2, split);
            puts_raw(&o.w, split ? "]}" : "}");
            finish_box(&o);
            puts_raw(&o.w, "}");
        }
    }
    end_features(&o.w, count);
cleanup:
    st = output_close(&o, st, path);
    free(np.xy);
    free(np.known);
    return st;
}

rg_status rg_export_agencies_geojson(const rg_graph *graph, const char *path)
{
    output o;
    const rg_coordination *c = rg_graph_coordination(graph);
    size_t na = c ? rg_coordination_agency_count(c) : 0, nm = c ? rg_coordination_mechanism_count(c) : 0;
    size_t *mechanisms = NULL, a, m, k, count = 0;
    rg_status st = RG_OK;

    rg_i_library_init();
    memset(&o, 0, sizeof o);
    if (!(mechanisms = rg_i_calloc_array(na + 1, sizeof *mechanisms))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (m = 0; m < nm; m++)
        for (k = 0; k < rg_coordination_member_count(c, m); k++) {
            long idx;
            if (rg_coordination_member_kind(c, m, k) != RG_MEMBER_AGENCY)
                continue;
            idx = rg_coordination_agency_index(c, rg_coordination_member_id(c, m, k));
            if (idx >= 0)
                mechanisms[idx]++;
        }
    /* Agency locations are lon/lat WGS84 already: no transform. */
    if ((st = output_open(&o, path, NULL)) != RG_OK)
        goto cleanup;
    for (a = 0; a < na && !o.w.failed; a++) {
        double lon, lat;
        if (!rg_coordination_agency_location(c, a, &lon, &lat))
            continue;
        begin_feature(&o.w, &count);
        puts_raw(&o.w, "\"id\":");
        put_json_string(&o.w, rg_coordination_agency_id(c, a));
        put_key(&o.w, "name");
        put_string_or_null(&o.w, rg_coordination_agency_name(c, a));
        put_key(&o.w, "level");
        put_string_or_null(&o.w, rg_coordination_agency_level(c, a));
        put_key(&o.w, "mechanisms");
        put_int(&o.w, (int64_t)mechanisms[a]);
        put_key(&o.w, "jurisdictions");
        put_int(&o.w, (int64_t)rg_coordination_jurisdiction_count(c, a));
        puts_raw(&o.w, "},\"geometry\":{\"type\":\"Point\",\"coordinates\":");
        put_position(&o.w, lon, lat);
        puts_raw(&o.w, "}");
        {
            double pt[2] = {lon, lat};
            extent_reset(&o.s);
            extent_add(&o.s, pt, 1);
            finish_box(&o);
        }
        put_char(&o.w, '}');
    }
    end_features(&o.w, count);
cleanup:
    st = output_close(&o, st, path);
    free(mechanisms);
    return st;
}
