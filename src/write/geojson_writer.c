/* The streaming GeoJSON writer (geojson_internal.h): buffered output into an atomic file, JSON
 * strings and numbers, rounded coordinates, feature framing and RFC 7946 bboxes. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/text_internal.h"
#include "model/regions_internal.h"
#include "write/geojson_internal.h"

#define WRITER_BUFSIZE (256 * 1024)

static void writer_flush(rg_i_geojson *g)
{
    if (!g->failed && g->len > 0 && fwrite(g->buf, 1, g->len, g->fp) != g->len) {
        g->failed = 1;
        g->err = errno ? errno : EIO;
    }
    g->len = 0;
}

void rg_i_geojson_put(rg_i_geojson *g, const char *s, size_t n)
{
    if (g->len + n > WRITER_BUFSIZE) {
        writer_flush(g);
        if (n > WRITER_BUFSIZE) {
            if (!g->failed && fwrite(s, 1, n, g->fp) != n) {
                g->failed = 1;
                g->err = errno ? errno : EIO;
            }
            return;
        }
    }
    memcpy(g->buf + g->len, s, n);
    g->len += n;
}

void rg_i_geojson_puts(rg_i_geojson *g, const char *s)
{
    rg_i_geojson_put(g, s, strlen(s));
}

void rg_i_geojson_char(rg_i_geojson *g, char c)
{
    if (g->len + 1 > WRITER_BUFSIZE)
        writer_flush(g);
    g->buf[g->len++] = c;
}

static void sink(void *g, const char *p, size_t n)
{
    rg_i_geojson_put(g, p, n);
}

void rg_i_geojson_string(rg_i_geojson *g, const char *s)
{
    rg_i_json_string_to(sink, g, s);
}

void rg_i_geojson_string_or_null(rg_i_geojson *g, const char *s)
{
    if (s)
        rg_i_geojson_string(g, s);
    else
        rg_i_geojson_puts(g, "null");
}

void rg_i_geojson_key(rg_i_geojson *g, const char *key)
{
    rg_i_geojson_char(g, ',');
    rg_i_geojson_string(g, key);
    rg_i_geojson_char(g, ':');
}

void rg_i_geojson_int(rg_i_geojson *g, int64_t v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    rg_i_geojson_put(g, buf, (size_t)n);
}

void rg_i_geojson_real(rg_i_geojson *g, double v)
{
    char buf[40];
    int n = rg_i_format_json_real(buf, sizeof buf, v);
    rg_i_geojson_put(g, buf, (size_t)n);
}

void rg_i_geojson_real_digits(rg_i_geojson *g, double v, int digits)
{
    char buf[48];
    int n = isfinite(v) ? snprintf(buf, sizeof buf, "%.*g", digits, v)
                        : snprintf(buf, sizeof buf, "null");
    rg_i_geojson_put(g, buf, (size_t)n);
}

/* ------------------------------------------------------------------ coordinates */

static const double pow10_real[RG_I_GEOJSON_MAX_PRECISION + 1] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* v * 10^prec is rounded once, by at most |p| * 2^-53; when its fractional part is further than
 * that from one half, the nearest integer of the exact product is known without printf, which is
 * several times faster (coordinates are most of a GeoJSON file). Near a half, and where the
 * product is too large for that, printf decides. */
int rg_i_geojson_quantize(double v, int prec, int64_t *q)
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

size_t rg_i_geojson_format_quantized(int64_t q, int prec, char *buf)
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
static size_t format_coord(double v, int prec, char *buf, size_t size)
{
    int64_t q;
    size_t n;
    if (rg_i_geojson_quantize(v, prec, &q))
        return rg_i_geojson_format_quantized(q, prec, buf);
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

void rg_i_geojson_position(rg_i_geojson *g, double x, double y)
{
    char buf[800];
    size_t n = 0;
    buf[n++] = '[';
    n += format_coord(x, g->opts.precision, buf + n, 390);
    buf[n++] = ',';
    n += format_coord(y, g->opts.precision, buf + n, 390);
    buf[n++] = ']';
    rg_i_geojson_put(g, buf, n);
}

/* ------------------------------------------------------------------ extents and boxes */

void rg_i_geojson_extent_reset(rg_i_geojson_scratch *s)
{
    s->extent_points = 0;
    s->extent_crosses = 0;
}

void rg_i_geojson_extent_add(rg_i_geojson_scratch *s, const double *xy, size_t n)
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
static int extent_box(const rg_i_geojson_scratch *s, double box[4])
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

/* ,"bbox":[west,south,east,north] */
static void put_box(rg_i_geojson *g, const double box[4])
{
    char buf[1600];
    size_t n = 0;
    int k;
    memcpy(buf, ",\"bbox\":[", 9);
    n = 9;
    for (k = 0; k < 4; k++) {
        if (k)
            buf[n++] = ',';
        n += format_coord(box[k], g->opts.precision, buf + n, 390);
    }
    buf[n++] = ']';
    rg_i_geojson_put(g, buf, n);
}

/* Writes the box of the feature just written, when asked, and widens the collection's box by
 * it the shorter way round: each feature's box may be placed a turn east or west. */
static void finish_box(rg_i_geojson *g)
{
    double box[4], west, east, best_w = 0, best_e = 0, width = 1e300;
    int shift;
    if (!g->opts.bbox || !extent_box(&g->s, box))
        return;
    put_box(g, box);
    west = box[0];
    east = box[2] < box[0] ? box[2] + 360 : box[2];
    if (!g->boxed) {
        g->box[0] = west;
        g->box[1] = box[1];
        g->box[2] = east;
        g->box[3] = box[3];
        g->boxed = 1;
        return;
    }
    for (shift = -360; shift <= 360; shift += 360) {
        double w = fmin(g->box[0], west + shift), e = fmax(g->box[2], east + shift);
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
    g->box[0] = best_w;
    g->box[2] = best_e;
    g->box[1] = fmin(g->box[1], box[1]);
    g->box[3] = fmax(g->box[3], box[3]);
}

/* ------------------------------------------------------------------ features and files */

void rg_i_geojson_begin_feature(rg_i_geojson *g)
{
    /* A text sequence (RFC 8142): each feature is a record, RS before and LF after it. */
    if (g->opts.sequence)
        rg_i_geojson_puts(g, g->count++ ? "\n\x1e{\"type\":\"Feature\",\"properties\":{"
                                        : "\x1e{\"type\":\"Feature\",\"properties\":{");
    else
        rg_i_geojson_puts(g, g->count++ ? ",\n{\"type\":\"Feature\",\"properties\":{"
                                        : "{\"type\":\"Feature\",\"properties\":{");
}

void rg_i_geojson_end_feature(rg_i_geojson *g)
{
    finish_box(g);
    rg_i_geojson_char(g, '}');
}

rg_status rg_i_geojson_check_options(const rg_geojson_options *opts)
{
    if (opts->precision < 0 || opts->precision > RG_I_GEOJSON_MAX_PRECISION)
        return rg_i_error(RG_ERR_ARG, "precision %d is out of range (0 to %d)", opts->precision,
                          RG_I_GEOJSON_MAX_PRECISION);
    return RG_OK;
}

rg_status rg_i_geojson_open(rg_i_geojson *g, const char *path, const char *crs_wkt,
                            const rg_geojson_options *opts)
{
    static const rg_geojson_options defaults = {RG_GEOJSON_PRECISION, 0, 0};
    rg_status st;
    memset(g, 0, sizeof *g);
    g->opts = opts ? *opts : defaults;
    if ((st = rg_i_geojson_check_options(&g->opts)) != RG_OK)
        goto cleanup;
    /* The transform first: a CRS problem must not leave a temporary file to clean. */
    if ((st = rg_i_to_wgs84_new(crs_wkt, &g->t)) != RG_OK)
        goto cleanup;
    if (!(g->buf = malloc(WRITER_BUFSIZE))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = rg_i_atomic_begin(&g->atomic, path, 1)) != RG_OK)
        goto cleanup;
    setvbuf(g->atomic.fp, NULL, _IONBF, 0);
    g->fp = g->atomic.fp;
    if (!g->opts.sequence)
        rg_i_geojson_puts(g, "{\"type\":\"FeatureCollection\",\"features\":[\n");
cleanup:
    return st;
}

rg_status rg_i_geojson_close(rg_i_geojson *g, rg_status st, const char *path)
{
    rg_i_geojson_scratch *s = &g->s;
    if (st == RG_OK && g->fp) {
        /* The last feature ends its line. */
        if (g->count > 0)
            rg_i_geojson_char(g, '\n');
        if (!g->opts.sequence && g->opts.bbox && g->boxed) {
            double box[4];
            memcpy(box, g->box, sizeof box);
            if (box[2] > 180)
                box[2] -= 360;
            rg_i_geojson_puts(g, "]");
            put_box(g, box);
            rg_i_geojson_puts(g, "}\n");
        } else if (!g->opts.sequence) {
            rg_i_geojson_puts(g, "]}\n");
        }
        writer_flush(g);
        if (g->failed)
            st = rg_i_error(RG_ERR_IO, "%s: cannot write: %s", path, strerror(g->err));
        else
            st = rg_i_atomic_commit(&g->atomic);
    }
    rg_i_atomic_abort(&g->atomic);
    rg_i_to_wgs84_free(g->t);
    free(g->buf);
    free(s->xy);
    free(s->q);
    free(s->ring_prec);
    free(s->ring_kept);
    free(s->cut);
    free(s->unwrapped);
    free(s->cut_ring);
    free(s->cut_poly);
    memset(g, 0, sizeof *g);
    return st;
}

char *rg_export_sibling_path(const char *path, const char *suffix)
{
    static const char *const exts[] = {".geojson", ".json"};
    size_t n = strlen(path), stem = n, k, size;
    char *s;
    for (k = 0; k < sizeof exts / sizeof exts[0]; k++) {
        size_t e = strlen(exts[k]);
        if (n > e && path[n - e - 1] != '/' && rg_i_ascii_caseeq(path + n - e, exts[k])) {
            stem = n - e;
            break;
        }
    }
    size = n + strlen(suffix) + sizeof "_.geojson";
    if ((s = malloc(size)) != NULL)
        snprintf(s, size, "%.*s_%s%s", (int)stem, path, suffix,
                 stem < n ? path + stem : ".geojson");
    return s;
}
