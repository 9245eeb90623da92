/* suggestions.geojson: the regions each suggested step proposes and the borders it would
 * close, as GeoJSON features (RFC 7946, lon/lat WGS84). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/suggest_layer.h"

typedef struct out {
    FILE *fp;
    const rg_graph *graph;
    const rg_regions *r;
    const rg_adjacency *adj;
    rg_i_to_wgs84 *t;
    double *buf;
    size_t cap;
    size_t count;
} out;

/* A coordinate with 7 decimals (about 1 cm), trailing zeros dropped. */
static void put_coord(FILE *fp, double v)
{
    char text[64];
    size_t n = (size_t)snprintf(text, sizeof text, "%.7f", v);
    while (n > 1 && text[n - 1] == '0')
        n--;
    if (n > 1 && text[n - 1] == '.')
        n--;
    text[n] = '\0';
    if (strcmp(text, "-0") == 0)
        strcpy(text, "0");
    fputs(text, fp);
}

/* Copies n points into the scratch buffer and transforms them to lon/lat. */
static rg_status to_lonlat(out *o, const double *xy, size_t n, double **pts)
{
    rg_status st;
    if (!rg_i_reserve((void **)&o->buf, &o->cap, 2 * n + 2, sizeof *o->buf))
        return RG_I_NOMEM();
    memcpy(o->buf, xy, 2 * n * sizeof *xy);
    if (o->t && (st = rg_i_to_wgs84_apply(o->t, o->buf, n)) != RG_OK)
        return st;
    *pts = o->buf;
    return RG_OK;
}

/* Twice the signed area of a ring: positive when counter-clockwise. */
static double ring_area2(const double *p, size_t n)
{
    double a = 0;
    size_t k;
    for (k = 0; k + 1 < n; k++)
        a += p[2 * k] * p[2 * k + 3] - p[2 * k + 2] * p[2 * k + 1];
    return a;
}

static rg_status put_ring(out *o, const double *xy, size_t n, int exterior)
{
    double *p;
    size_t k;
    int reverse;
    rg_status st;
    if ((st = to_lonlat(o, xy, n, &p)) != RG_OK)
        return st;
    /* RFC 7946: exteriors counter-clockwise, holes clockwise */
    reverse = exterior ? ring_area2(p, n) < 0 : ring_area2(p, n) > 0;
    fputc('[', o->fp);
    for (k = 0; k < n; k++) {
        size_t j = reverse ? n - 1 - k : k;
        fputs(k ? ",[" : "[", o->fp);
        put_coord(o->fp, p[2 * j]);
        fputc(',', o->fp);
        put_coord(o->fp, p[2 * j + 1]);
        fputc(']', o->fp);
    }
    fputc(']', o->fp);
    return RG_OK;
}

static rg_status put_region_geometry(out *o, size_t i)
{
    const size_t *poly = rg_regions_poly_start(o->r), *ring = rg_regions_ring_start(o->r);
    const size_t *pt = rg_regions_pt_start(o->r);
    const double *xy = rg_regions_xy(o->r);
    size_t p, q;
    rg_status st = RG_OK;
    if (poly[i] == poly[i + 1]) {
        fputs("null", o->fp);
        return RG_OK;
    }
    fputs("{\"type\":\"MultiPolygon\",\"coordinates\":[", o->fp);
    for (p = poly[i]; p < poly[i + 1] && st == RG_OK; p++) {
        fputs(p > poly[i] ? ",[" : "[", o->fp);
        for (q = ring[p]; q < ring[p + 1] && st == RG_OK; q++) {
            if (q > ring[p])
                fputc(',', o->fp);
            st = put_ring(o, xy + 2 * pt[q], pt[q + 1] - pt[q], q == ring[p]);
        }
        fputc(']', o->fp);
    }
    fputs("]}", o->fp);
    return st;
}

static rg_status put_border_geometry(out *o, size_t k)
{
    const size_t *start = rg_adjacency_line_pt_start(o->adj);
    const double *xy = rg_adjacency_xy(o->adj);
    size_t first, count, j, m;
    double *p;
    rg_status st;
    rg_adjacency_border(o->adj, k, &first, &count);
    if (count == 0) {
        fputs("null", o->fp);
        return RG_OK;
    }
    /* a point contact's lines are single points */
    fputs(start[first + 1] - start[first] < 2 ? "{\"type\":\"MultiPoint\",\"coordinates\":["
                                               : "{\"type\":\"MultiLineString\",\"coordinates\":[",
          o->fp);
    for (j = first; j < first + count; j++) {
        size_t n = start[j + 1] - start[j];
        int single = n < 2;
        if ((st = to_lonlat(o, xy + 2 * start[j], n, &p)) != RG_OK)
            return st;
        fputs(j > first ? "," : "", o->fp);
        if (!single)
            fputc('[', o->fp);
        for (m = 0; m < n; m++) {
            fputs(m ? ",[" : "[", o->fp);
            put_coord(o->fp, p[2 * m]);
            fputc(',', o->fp);
            put_coord(o->fp, p[2 * m + 1]);
            fputc(']', o->fp);
        }
        if (!single)
            fputc(']', o->fp);
    }
    fputs("]}", o->fp);
    return RG_OK;
}

static void put_step_properties(out *o, const char *list, size_t rank, const rg_suggestion *sg,
                                const char *why, const char *role)
{
    const rg_coordination *coord = rg_graph_coordination(o->graph);
    fputs(o->count++ ? ",\n{\"type\":\"Feature\",\"properties\":{\"list\":"
                     : "{\"type\":\"Feature\",\"properties\":{\"list\":", o->fp);
    rg_i_json_string(o->fp, list);
    fprintf(o->fp, ",\"rank\":%zu,\"kind\":\"%s\",\"mechanism\":", rank,
            sg->kind == RG_SUGGEST_MEMBER ? "member" : "agreement");
    if (sg->kind == RG_SUGGEST_MEMBER && coord)
        rg_i_json_string(o->fp, rg_coordination_mechanism_id(coord, sg->mechanism));
    else
        fputs("null", o->fp);
    fputs(",\"step\":", o->fp);
    rg_i_json_string(o->fp, rg_regions_id(o->r, sg->region));
    fputs(",\"role\":", o->fp);
    rg_i_json_string(o->fp, role);
    fputs(",\"gain\":", o->fp);
    {
        char num[40];
        rg_i_format_json_real(num, sizeof num, sg->gain);
        fputs(num, o->fp);
    }
    fputs(",\"explanation\":", o->fp);
    rg_i_json_string(o->fp, why);
}

static rg_status put_step(out *o, const char *list, size_t rank, const rg_suggestion *sg)
{
    char *why = rg_suggest_explain(o->graph, sg);
    char num[40];
    size_t k, a, b;
    rg_status st = RG_OK;
    if (!why)
        return RG_I_NOMEM();
    for (k = 0; k < sg->nregions && st == RG_OK; k++) {
        put_step_properties(o, list, rank, sg, why, "region");
        fputs(",\"id\":", o->fp);
        rg_i_json_string(o->fp, rg_regions_id(o->r, sg->regions[k]));
        fputs(",\"name\":", o->fp);
        rg_i_json_string(o->fp, rg_regions_name(o->r, sg->regions[k]));
        fputs("},\"geometry\":", o->fp);
        st = put_region_geometry(o, sg->regions[k]);
        fputc('}', o->fp);
    }
    for (k = 0; k < sg->nclosed && st == RG_OK; k++) {
        double km;
        rg_adjacency_pair(o->adj, sg->closed[k], &a, &b, &km, NULL);
        put_step_properties(o, list, rank, sg, why, "border");
        fputs(",\"id_a\":", o->fp);
        rg_i_json_string(o->fp, rg_regions_id(o->r, a));
        fputs(",\"id_b\":", o->fp);
        rg_i_json_string(o->fp, rg_regions_id(o->r, b));
        fputs(",\"name_a\":", o->fp);
        rg_i_json_string(o->fp, rg_regions_name(o->r, a));
        fputs(",\"name_b\":", o->fp);
        rg_i_json_string(o->fp, rg_regions_name(o->r, b));
        rg_i_format_json_real(num, sizeof num, km);
        fprintf(o->fp, ",\"km\":%s},\"geometry\":", num);
        st = put_border_geometry(o, sg->closed[k]);
        fputc('}', o->fp);
    }
    free(why);
    return st;
}

static size_t first_n(size_t top, size_t count)
{
    return top == 0 || top > count ? count : top;
}

static rg_status put_all(out *o, const rg_suggest *sg, size_t top)
{
    const rg_coordination *coord = rg_graph_coordination(o->graph);
    size_t nm = coord ? rg_coordination_mechanism_count(coord) : 0, m, k;
    rg_status st = RG_OK;
    for (m = 0; m < nm; m++)
        for (k = 0; k < first_n(top, rg_suggest_member_count(sg, m)) && st == RG_OK; k++)
            st = put_step(o, "member", k + 1, rg_suggest_member(sg, m, k));
    for (k = 0; k < first_n(top, rg_suggest_agreement_count(sg)) && st == RG_OK; k++)
        st = put_step(o, "agreement", k + 1, rg_suggest_agreement(sg, k));
    for (k = 0; k < rg_suggest_greedy_count(sg) && st == RG_OK; k++)
        st = put_step(o, "greedy", k + 1, rg_suggest_greedy_step(sg, k));
    for (k = 0; k < rg_suggest_exact_count(sg) && st == RG_OK; k++)
        st = put_step(o, "exact", k + 1, rg_suggest_exact_step(sg, k));
    return st;
}

rg_status rg_export_suggestions_geojson(const rg_graph *graph, const rg_suggest *sg, size_t top,
                                        const char *path)
{
    rg_i_atomic atomic;
    out o;
    rg_status st;

    rg_i_library_init();
    memset(&atomic, 0, sizeof atomic);
    memset(&o, 0, sizeof o);
    if (!graph || !sg || !path) {
        st = rg_i_error(RG_ERR_ARG, "rg_export_suggestions_geojson: a graph, the suggestions and "
                                    "a path are required");
        goto cleanup;
    }
    o.graph = graph;
    o.r = rg_graph_regions(graph);
    o.adj = rg_graph_adjacency(graph);
    /* the transform first: a CRS problem must not leave a temporary file to clean */
    if ((st = rg_i_to_wgs84_new(rg_regions_crs_wkt(o.r), &o.t)) != RG_OK ||
        (st = rg_i_atomic_begin(&atomic, path, 1)) != RG_OK)
        goto cleanup;
    o.fp = atomic.fp;
    errno = 0;
    fputs("{\"type\":\"FeatureCollection\",\"name\":\"suggestions\",\"features\":[\n", o.fp);
    if ((st = put_all(&o, sg, top)) != RG_OK) {
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
    free(o.buf);
    return st;
}
