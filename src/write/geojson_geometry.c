/* GeoJSON geometry (geojson_internal.h): regions as (Multi)Polygons whose rings are rounded
 * without breaking them and oriented as RFC 7946 asks, borders and lines as (Multi)LineStrings,
 * points; everything that crosses the antimeridian split there (RFC 7946 section 3.1.9). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "write/geojson_internal.h"

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

static rg_status project(rg_i_to_wgs84 *t, rg_i_geojson_scratch *s, const double *xy, size_t npts,
                         const double **out)
{
    if (!t) {
        *out = xy;
        return RG_OK;
    }
    if (!rg_i_reserve((void **)&s->xy, &s->cap, 2 * npts, sizeof *s->xy))
        return RG_I_NOMEM();
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
        if (!rg_i_geojson_quantize(xy[2 * i], prec, &x) ||
            !rg_i_geojson_quantize(xy[2 * i + 1], prec, &y))
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
static int round_ring(const double *xy, size_t npts, int precision, int64_t *q, int *prec,
                      size_t *kept)
{
    int p;
    for (p = precision; p <= RG_I_GEOJSON_MAX_PRECISION; p++) {
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
static void put_quantized_ring(rg_i_geojson *g, const int64_t *q, size_t n, int prec, int exterior)
{
    int orient = quantized_orientation(q, n);
    int reverse = exterior ? orient < 0 : orient > 0;
    char buf[80];
    size_t i, len;
    rg_i_geojson_char(g, '[');
    for (i = 0; i < n; i++) {
        size_t j = reverse ? n - 1 - i : i;
        len = 0;
        if (i)
            buf[len++] = ',';
        buf[len++] = '[';
        len += rg_i_geojson_format_quantized(q[2 * j], prec, buf + len);
        buf[len++] = ',';
        len += rg_i_geojson_format_quantized(q[2 * j + 1], prec, buf + len);
        buf[len++] = ']';
        rg_i_geojson_put(g, buf, len);
    }
    rg_i_geojson_char(g, ']');
}

/* Writes polygons after rounding: npolys polygons, polygon p made of rings poly[p] to
 * poly[p + 1] - 1, ring k of points ring[k] to ring[k + 1] - 1 of xy (lon/lat). */
static rg_status put_polygons(rg_i_geojson *g, const char *kind, const char *id,
                              const double *xy, const size_t *ring, const size_t *poly,
                              size_t npolys, rg_i_geojson_scratch *s)
{
    size_t nrings = poly[npolys], npts = ring[nrings], p, k, polys = 0, written = 0;
    rg_status st = RG_OK;

    if (!rg_i_reserve((void **)&s->q, &s->qcap, 2 * npts, sizeof *s->q) ||
        !rg_i_reserve((void **)&s->ring_prec, &s->ring_cap, nrings, sizeof *s->ring_prec) ||
        !rg_i_reserve((void **)&s->ring_kept, &s->kept_cap, nrings, sizeof *s->ring_kept)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* Round every ring first: a dropped exterior drops its polygon. A region is always a
     * MultiPolygon, even of one part, so that a layer has one geometry type (QGIS and the
     * typed formats take a layer's type from it). */
    for (k = 0; k < nrings; k++) {
        if (!round_ring(xy + 2 * ring[k], ring[k + 1] - ring[k], g->opts.precision,
                        s->q + 2 * ring[k], &s->ring_prec[k], &s->ring_kept[k])) {
            st = rg_i_error(RG_ERR_DATA, "%s '%s': a coordinate is not a finite number", kind,
                            id);
            goto cleanup;
        }
        if (s->ring_prec[k] < 0)
            rg_i_warn("%s '%s': ring %zu has no area at any precision: left out", kind, id,
                      k + 1);
    }
    for (p = 0; p < npolys; p++)
        polys += s->ring_prec[poly[p]] >= 0;
    if (polys == 0) {
        rg_i_geojson_puts(g, "null");
        goto cleanup;
    }
    rg_i_geojson_puts(g, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (p = 0; p < npolys; p++) {
        if (s->ring_prec[poly[p]] < 0)
            continue;
        if (written++)
            rg_i_geojson_char(g, ',');
        rg_i_geojson_char(g, '[');
        for (k = poly[p]; k < poly[p + 1]; k++) {
            if (s->ring_prec[k] < 0)
                continue;
            if (k > poly[p])
                rg_i_geojson_char(g, ',');
            put_quantized_ring(g, s->q + 2 * ring[k], s->ring_kept[k], s->ring_prec[k],
                               k == poly[p]);
            rg_i_geojson_extent_add(s, xy + 2 * ring[k], ring[k + 1] - ring[k]);
        }
        rg_i_geojson_char(g, ']');
    }
    rg_i_geojson_puts(g, "]}");
cleanup:
    return st;
}

/* Ring xy (n points, closed) with continuous longitudes in s->unwrapped, shifted by a whole
 * number of turns so that its first longitude is the nearest to ref (an exterior passes its
 * own first longitude and is then moved east of -180: its crossing is at +180). */
static rg_status unwrap_ring(rg_i_geojson_scratch *s, const double *xy, size_t n, double ref,
                             int exterior)
{
    double shift, lo;
    size_t k;
    if (!rg_i_reserve((void **)&s->unwrapped, &s->unwrapped_cap, 2 * n, sizeof *s->unwrapped))
        return RG_I_NOMEM();
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
static int cut_push(rg_i_geojson_scratch *s, size_t *len, double lon, double lat, double dlon)
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
static rg_status clip_ring(rg_i_geojson_scratch *s, size_t n, int east, size_t *len, int *added)
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
    return RG_I_NOMEM();
}

/* Splits the region's polygons at the antimeridian: each polygon becomes its part west of
 * +180 and its part east of it (moved to -180 onwards), each hole going with the part its
 * clipped pieces fall in. The pieces are s->cut, s->cut_ring, s->cut_poly; *npolys of them. */
static rg_status split_polygons(rg_i_geojson_scratch *s, const double *xy, const size_t *ring,
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
                    st = RG_I_NOMEM();
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
                st = RG_I_NOMEM();
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

rg_status rg_i_geojson_polygons_geometry(rg_i_geojson *g, const char *kind, const char *id,
                                         const double *points, const size_t *ring,
                                         const size_t *poly, size_t npolys)
{
    rg_i_geojson_scratch *s = &g->s;
    size_t nrings = npolys ? poly[npolys] : 0, npts = nrings ? ring[nrings] : 0, k, split = 0;
    const double *xy = NULL;
    int crosses = 0, geo;
    rg_status st = RG_OK;

    rg_i_geojson_extent_reset(s);
    if (npolys == 0) {
        rg_i_geojson_puts(g, "null");
        goto cleanup;
    }
    /* The points are contiguous: transform them in one call. */
    if ((st = project(g->t, s, points, npts, &xy)) != RG_OK)
        goto cleanup;
    /* geographic() once: it reads every point, and per ring it was quadratic in a mechanism's
     * thousands of rings */
    geo = geographic(xy, npts);
    for (k = 0; k < nrings && !crosses && geo; k++) {
        size_t j;
        for (j = ring[k] + 1; j < ring[k + 1] && !crosses; j++)
            crosses = jumps(xy[2 * j - 2], xy[2 * j]);
    }
    if (!crosses) {
        st = put_polygons(g, kind, id, xy, ring, poly, npolys, s);
        goto cleanup;
    }
    {
        /* split_polygons rebuilds cut_ring/cut_poly, which ring and poly may be: copies */
        size_t *rc = rg_i_calloc_array(nrings + 1, sizeof *rc);
        size_t *pc = rg_i_calloc_array(npolys + 1, sizeof *pc);
        if (!rc || !pc) {
            free(rc);
            free(pc);
            st = RG_I_NOMEM();
            goto cleanup;
        }
        memcpy(rc, ring, (nrings + 1) * sizeof *rc);
        memcpy(pc, poly, (npolys + 1) * sizeof *pc);
        st = split_polygons(s, xy, rc, pc, npolys, &split);
        free(rc);
        free(pc);
        if (st != RG_OK)
            goto cleanup;
    }
    s->extent_crosses = 1;
    if (split == 0) {
        rg_i_geojson_puts(g, "null");
        goto cleanup;
    }
    st = put_polygons(g, kind, id, s->cut, s->cut_ring, s->cut_poly, split, s);
cleanup:
    return st;
}

rg_status rg_i_geojson_region_geometry(rg_i_geojson *g, const rg_regions *r, size_t i)
{
    rg_i_geojson_scratch *s = &g->s;
    const size_t *poly_start = rg_regions_poly_start(r);
    const size_t *ring_start = rg_regions_ring_start(r);
    const size_t *pt_start = rg_regions_pt_start(r);
    size_t p0 = poly_start[i], p1 = poly_start[i + 1], p, k, first_pt, first_ring, nrings;

    if (p0 == p1) {
        rg_i_geojson_extent_reset(s);
        rg_i_geojson_puts(g, "null");
        return RG_OK;
    }
    first_pt = pt_start[ring_start[p0]];
    first_ring = ring_start[p0];
    nrings = ring_start[p1] - first_ring;
    /* Ring and polygon starts relative to the region's first point and ring. */
    if (!rg_i_reserve((void **)&s->cut_ring, &s->cut_ring_cap, nrings + 1, sizeof *s->cut_ring) ||
        !rg_i_reserve((void **)&s->cut_poly, &s->cut_poly_cap, p1 - p0 + 1, sizeof *s->cut_poly))
        return RG_I_NOMEM();
    for (k = 0; k <= nrings; k++)
        s->cut_ring[k] = pt_start[first_ring + k] - first_pt;
    for (p = p0; p <= p1; p++)
        s->cut_poly[p - p0] = ring_start[p] - first_ring;
    return rg_i_geojson_polygons_geometry(g, "region", rg_regions_id(r, i),
                                          rg_regions_xy(r) + 2 * first_pt, s->cut_ring,
                                          s->cut_poly, p1 - p0);
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
static void put_split_line(rg_i_geojson *g, rg_i_geojson_scratch *s, const double *line,
                           size_t npts, int split)
{
    size_t p;
    rg_i_geojson_char(g, '[');
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
            rg_i_geojson_extent_add(s, cut, 2);
            rg_i_geojson_char(g, ',');
            rg_i_geojson_position(g, side, y);
            rg_i_geojson_puts(g, "],[");
            rg_i_geojson_position(g, -side, y);
        }
        if (p)
            rg_i_geojson_char(g, ',');
        rg_i_geojson_position(g, line[2 * p], line[2 * p + 1]);
    }
    rg_i_geojson_extent_add(s, line, npts);
    if (npts == 1) {
        rg_i_geojson_char(g, ',');
        rg_i_geojson_position(g, line[0], line[1]);
    }
    rg_i_geojson_char(g, ']');
}

int rg_i_geojson_border_is_points(const rg_adjacency *adj, size_t k)
{
    const size_t *pt_start = rg_adjacency_line_pt_start(adj);
    size_t first, count, j;
    rg_adjacency_border(adj, k, &first, &count);
    for (j = first; j < first + count; j++)
        if (pt_start[j + 1] - pt_start[j] != 1)
            return 0;
    return count > 0;
}

/* Lines of one point are touching points: written as a MultiPoint. Otherwise a MultiLineString
 * (even of one line: one geometry type per layer), where a line of one point beside longer
 * lines repeats its point (RFC 7946 wants two positions). */
rg_status rg_i_geojson_border_geometry(rg_i_geojson *g, const rg_adjacency *adj, size_t k)
{
    rg_i_geojson_scratch *s = &g->s;
    const size_t *pt_start = rg_adjacency_line_pt_start(adj);
    size_t first, count, j, first_pt, pieces = 0;
    const double *xy = NULL;
    int points_only = 1;
    rg_status st = RG_OK;

    rg_i_geojson_extent_reset(s);
    rg_adjacency_border(adj, k, &first, &count);
    if (count == 0) {
        rg_i_geojson_puts(g, "null");
        goto cleanup;
    }
    first_pt = pt_start[first];
    if ((st = project(g->t, s, rg_adjacency_xy(adj) + 2 * first_pt,
                      pt_start[first + count] - first_pt, &xy)) != RG_OK)
        goto cleanup;
    for (j = first; j < first + count; j++)
        if (pt_start[j + 1] - pt_start[j] != 1)
            points_only = 0;
    if (points_only) {
        rg_i_geojson_extent_add(s, xy, count);
        rg_i_geojson_puts(g, "{\"type\":\"MultiPoint\",\"coordinates\":[");
        for (j = 0; j < count; j++) {
            if (j)
                rg_i_geojson_char(g, ',');
            rg_i_geojson_position(g, xy[2 * j], xy[2 * j + 1]);
        }
        rg_i_geojson_char(g, ']');
        rg_i_geojson_char(g, '}');
        goto cleanup;
    }
    if (!geographic(xy, pt_start[first + count] - first_pt))
        pieces = count;
    else
        for (j = first; j < first + count; j++)
            pieces += line_pieces(xy + 2 * (pt_start[j] - first_pt),
                                  pt_start[j + 1] - pt_start[j]);
    s->extent_crosses = pieces > count;
    rg_i_geojson_puts(g, "{\"type\":\"MultiLineString\",\"coordinates\":[");
    for (j = first; j < first + count; j++) {
        const double *line = xy + 2 * (pt_start[j] - first_pt);
        size_t npts = pt_start[j + 1] - pt_start[j];
        if (j > first)
            rg_i_geojson_char(g, ',');
        put_split_line(g, s, line, npts, pieces > count);
    }
    rg_i_geojson_puts(g, "]}");
cleanup:
    return st;
}


void rg_i_geojson_line_geometry(rg_i_geojson *g, const double *line, size_t npts)
{
    int split = geographic(line, npts) && line_pieces(line, npts) > 1;
    rg_i_geojson_extent_reset(&g->s);
    g->s.extent_crosses = split;
    rg_i_geojson_puts(g, split ? "{\"type\":\"MultiLineString\",\"coordinates\":["
                               : "{\"type\":\"LineString\",\"coordinates\":");
    put_split_line(g, &g->s, line, npts, split);
    rg_i_geojson_puts(g, split ? "]}" : "}");
}

void rg_i_geojson_multiline_geometry(rg_i_geojson *g, const double *line, size_t npts)
{
    int split = geographic(line, npts) && line_pieces(line, npts) > 1;
    rg_i_geojson_extent_reset(&g->s);
    g->s.extent_crosses = split;
    rg_i_geojson_puts(g, "{\"type\":\"MultiLineString\",\"coordinates\":[");
    put_split_line(g, &g->s, line, npts, split);
    rg_i_geojson_puts(g, "]}");
}

void rg_i_geojson_point_geometry(rg_i_geojson *g, double lon, double lat)
{
    double pt[2] = {lon, lat};
    rg_i_geojson_extent_reset(&g->s);
    rg_i_geojson_extent_add(&g->s, pt, 1);
    rg_i_geojson_puts(g, "{\"type\":\"Point\",\"coordinates\":");
    rg_i_geojson_position(g, lon, lat);
    rg_i_geojson_char(g, '}');
}

void rg_i_geojson_null_geometry(rg_i_geojson *g)
{
    rg_i_geojson_extent_reset(&g->s);
    rg_i_geojson_puts(g, "null");
}
