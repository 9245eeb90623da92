/* GDAL layers written straight from our GeoJSON text, without GDAL's GeoJSON reader: the
 * layers.c path re-parsed every layer through json-c objects (most of a GeoPackage export's
 * time). Each feature of our writer is one line of known shape, so one pass reads the kinds of
 * every property; GDAL's own reader then types a tiny sample of them (one value of each kind, in
 * the order met, in /vsimem), so the fields are exactly what the old path gave; a second pass
 * writes the features into the layer GDAL created from that sample. Anything outside the shape
 * our writer produces (another layout, mixed geometry families, mixed value kinds, lists that
 * json-c would escape) returns "not handled", and the old path writes that layer. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "write/layers_direct_internal.h"
#include "write/layers_internal.h"

typedef struct direct_field {
    char *name;
    unsigned seen;            /* bit per kind */
    unsigned char order[K_COUNT]; /* kinds in the order first met */
    int norder;
    char *sample[K_COUNT];    /* JSON text of the first value of each kind */
} direct_field;

struct rg_i_direct {
    char *source;
    direct_field *fields;
    int nfields;
    long features, nulls;
    int fam; /* geometry family of the first geometry: 1 point, 2 line, 3 polygon, 0 none */
    char schema[64]; /* /vsimem path of the sample */
};

void rg_i_direct_free(rg_i_direct *d)
{
    if (!d)
        return;
    for (int f = 0; f < d->nfields; f++) {
        free(d->fields[f].name);
        for (int k = 0; k < K_COUNT; k++)
            free(d->fields[f].sample[k]);
    }
    free(d->fields);
    if (d->schema[0])
        VSIUnlink(d->schema);
    free(d->source);
    free(d);
}

/* Reads the next line of fp into *line; returns its length without the newline, -1 at the end. */
static long next_line(FILE *fp, char **line, size_t *cap)
{
    ssize_t n = getline(line, cap, fp);
    if (n < 0)
        return -1;
    while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
        n--;
    return (long)n;
}

/* The collection's first line, as our writer writes it (a bbox member may come before the
 * features). */
static int opening_line(const char *line, size_t n)
{
    static const char head[] = "{\"type\":\"FeatureCollection\",";
    static const char tail[] = "\"features\":[";
    return n >= sizeof head - 1 + sizeof tail - 1 && memcmp(line, head, sizeof head - 1) == 0 &&
           memcmp(line + n - (sizeof tail - 1), tail, sizeof tail - 1) == 0;
}

/* Pass 1 over the properties of one feature. */
static int scan_props(rg_i_direct *d, const rg_i_dj_feature_t *ft, char **scratch, size_t *scap,
                      int *oom)
{
    rg_i_dj_cursor c = {ft->props + 1, ft->props_end - 1, 0};
    int f = 0;
    rg_i_dj_ws(&c);
    if (c.p == c.end && d->features > 0)
        return d->nfields == 0;
    do {
        const char *k;
        size_t kn;
        rg_i_dj_value_t v;
        direct_field *df;
        if (!rg_i_dj_string(&c, &k, &kn) || !rg_i_dj_eat(&c, ':'))
            return 0;
        if (d->features == 0) {
            /* the first feature names the fields */
            direct_field *grown = realloc(d->fields, ((size_t)d->nfields + 1) * sizeof *grown);
            if (!grown)
                return *oom = 1, 0;
            d->fields = grown;
            df = &d->fields[d->nfields++];
            memset(df, 0, sizeof *df);
            if (!(df->name = malloc(kn + 1)) || !rg_i_dj_decode(k, kn, df->name)) {
                *oom = df->name == NULL;
                return 0;
            }
            for (int g = 0; g < d->nfields - 1; g++)
                if (strcmp(d->fields[g].name, df->name) == 0)
                    return 0;
        } else {
            if (f >= d->nfields)
                return 0;
            df = &d->fields[f];
            /* the same fields in the same order in every feature (names are plain in ours) */
            if (strlen(df->name) != kn || memcmp(df->name, k, kn) != 0)
                return 0;
        }
        f++;
        /* once a plain string is met the field is a string whatever follows: no more dates */
        if (!rg_i_dj_value(&c, &v, !(df->seen & (1u << K_STRING)), scratch, scap)) {
            *oom = c.bad == 2;
            return 0;
        }
        if (!(df->seen & (1u << v.kind))) {
            df->seen |= 1u << v.kind;
            df->order[df->norder++] = (unsigned char)v.kind;
            if (!(df->sample[v.kind] = malloc(v.len + 1)))
                return *oom = 1, 0;
            memcpy(df->sample[v.kind], v.text, v.len);
            df->sample[v.kind][v.len] = '\0';
        }
    } while (rg_i_dj_eat(&c, ','));
    rg_i_dj_ws(&c);
    return c.p == c.end && f == d->nfields;
}

/* The groups of kinds one field may mix and still be filled from its text. */
static int mixable(unsigned seen)
{
    const unsigned number = 1u << K_BOOL | 1u << K_I32 | 1u << K_I64 | 1u << K_REAL;
    const unsigned text = 1u << K_STRING | 1u << K_DATE | 1u << K_TIME | 1u << K_DATETIME;
    const unsigned list = 1u << K_EMPTY_ARRAY | 1u << K_ARRAY;
    seen &= ~(1u << K_NULL);
    return (seen & ~number) == 0 || (seen & ~text) == 0 || (seen & ~list) == 0;
}

/* Writes the sample: feature j holds each field's j-th kind (its last one past the end). */
static int write_schema(rg_i_direct *d)
{
    int rows = 1, j, f;
    VSILFILE *fp;
    /* unique while d lives, which is as long as the file does */
    snprintf(d->schema, sizeof d->schema, "/vsimem/rg-direct-%p.geojson", (void *)d);
    for (f = 0; f < d->nfields; f++)
        if (d->fields[f].norder > rows)
            rows = d->fields[f].norder;
    if (!(fp = VSIFOpenL(d->schema, "wb")))
        return 0;
    VSIFPrintfL(fp, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (j = 0; j < rows; j++) {
        VSIFPrintfL(fp, "%s{\"type\":\"Feature\",\"properties\":{", j ? ",\n" : "");
        for (f = 0; f < d->nfields; f++) {
            const direct_field *df = &d->fields[f];
            int kind = df->order[j < df->norder ? j : df->norder - 1];
            VSIFPrintfL(fp, "%s\"", f ? "," : "");
            /* names hold no quote or backslash (checked by the scan) */
            VSIFPrintfL(fp, "%s\":%s", df->name, df->sample[kind]);
        }
        VSIFPrintfL(fp, "},\"geometry\":%s}", d->fam ? "{\"type\":\"Point\",\"coordinates\":[0,0]}"
                                                     : "null");
    }
    VSIFPrintfL(fp, "\n]}\n");
    return VSIFCloseL(fp) == 0;
}

rg_status rg_i_direct_scan(const char *source, rg_i_direct **out)
{
    FILE *fp = NULL;
    char *line = NULL, *scratch = NULL;
    size_t cap = 0, scap = 0;
    rg_i_direct *d = NULL;
    long n;
    int ok = 0, oom = 0, closed = 0;
    rg_status st = RG_OK;

    *out = NULL;
    if (!(d = calloc(1, sizeof *d)) || !(d->source = rg_i_strdup(source))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if (!(fp = fopen(source, "r")))
        goto cleanup; /* GDAL's reader says what is wrong with it */
    if ((n = next_line(fp, &line, &cap)) < 0 || !opening_line(line, (size_t)n))
        goto cleanup;
    while ((n = next_line(fp, &line, &cap)) >= 0) {
        rg_i_dj_feature_t ft;
        if (n == 2 && memcmp(line, "]}", 2) == 0) {
            closed = 1;
            break;
        }
        if (!rg_i_dj_feature(line, (size_t)n, &ft) || !scan_props(d, &ft, &scratch, &scap, &oom))
            goto cleanup;
        if (ft.fam == 0)
            d->nulls++;
        else if (!d->fam)
            d->fam = ft.fam;
        else if (ft.fam != d->fam)
            goto cleanup; /* mixed families: GDAL's reader */
        d->features++;
    }
    if (!closed || next_line(fp, &line, &cap) >= 0 || d->features == 0)
        goto cleanup;
    for (int f = 0; f < d->nfields; f++)
        if (!mixable(d->fields[f].seen) || strchr(d->fields[f].name, '"') ||
            strchr(d->fields[f].name, '\\'))
            goto cleanup;
    if (!write_schema(d)) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot write its field sample", source);
        goto cleanup;
    }
    ok = 1;
cleanup:
    if (oom && st == RG_OK)
        st = RG_I_NOMEM();
    if (fp && ferror(fp) && st == RG_OK)
        st = rg_i_error(RG_ERR_IO, "%s: %s", source, strerror(errno));
    if (fp)
        fclose(fp);
    free(line);
    free(scratch);
    if (ok && st == RG_OK)
        *out = d;
    else
        rg_i_direct_free(d);
    return st;
}

const char *rg_i_direct_schema(const rg_i_direct *d)
{
    return d->schema;
}

int rg_i_direct_family(const rg_i_direct *d, long *nulls)
{
    *nulls = d->nulls;
    return d->fam;
}

int rg_i_direct_types_ok(const rg_i_direct *d, OGRFeatureDefnH defn)
{
    if (OGR_FD_GetFieldCount(defn) != d->nfields)
        return 0;
    for (int f = 0; f < d->nfields; f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        OGRFieldType t = OGR_Fld_GetType(fd);
        unsigned seen = d->fields[f].seen & ~(1u << K_NULL);
        int list = seen && !(seen & ~(1u << K_EMPTY_ARRAY | 1u << K_ARRAY));
        if (strcmp(OGR_Fld_GetNameRef(fd), d->fields[f].name) != 0)
            return 0;
        if (list && !(t == OFTString && OGR_Fld_GetSubType(fd) == OFSTJSON))
            return 0;
        if (!list && t != OFTInteger && t != OFTInteger64 && t != OFTReal && t != OFTString &&
            t != OFTDate && t != OFTTime && t != OFTDateTime)
            return 0;
        if (!list && t == OFTString && OGR_Fld_GetSubType(fd) != OFSTNone)
            return 0;
    }
    return 1;
}

/* A growing array of doubles. */
typedef struct points {
    double *xy;
    size_t n, cap;
} points;

/* One coordinate at the cursor (after white space) into *v; 0 if none is there. */
static int coordinate(rg_i_dj_cursor *c, double *v)
{
    char *e;
    rg_i_dj_ws(c);
    *v = CPLStrtod(c->p, &e);
    if (e == c->p || e > c->end)
        return 0;
    c->p = e;
    return 1;
}

/* Reads [x,y] into pts; 0 when not a 2D position. */
static int position(rg_i_dj_cursor *c, points *pts)
{
    double x, y;
    if (!rg_i_dj_eat(c, '[') || !coordinate(c, &x) || !rg_i_dj_eat(c, ',') ||
        !coordinate(c, &y) || !rg_i_dj_eat(c, ']'))
        return 0;
    if (!rg_i_reserve((void **)&pts->xy, &pts->cap, pts->n + 2, sizeof *pts->xy))
        return c->bad = 2, 0;
    pts->xy[pts->n++] = x;
    pts->xy[pts->n++] = y;
    return 1;
}

/* A list of positions as a LineString or LinearRing of type t. */
static OGRGeometryH point_list(rg_i_dj_cursor *c, points *pts, OGRwkbGeometryType t)
{
    OGRGeometryH g;
    pts->n = 0;
    if (!rg_i_dj_eat(c, '['))
        return NULL;
    if (!rg_i_dj_eat(c, ']')) {
        do {
            if (!position(c, pts))
                return NULL;
        } while (rg_i_dj_eat(c, ','));
        if (!rg_i_dj_eat(c, ']'))
            return NULL;
    }
    if (!(g = OGR_G_CreateGeometry(t)))
        return NULL;
    if (pts->n)
        OGR_G_SetPoints(g, (int)(pts->n / 2), pts->xy, 2 * sizeof(double), pts->xy + 1,
                        2 * sizeof(double), NULL, 0);
    return g;
}

/* depth 0: one part (a Point's position, a LineString's points, a Polygon's rings); depth 1: a
 * list of parts, added to a collection of type multi. */
static OGRGeometryH part(rg_i_dj_cursor *c, points *pts, int fam)
{
    OGRGeometryH g = NULL;
    if (fam == 1) {
        pts->n = 0;
        if (!position(c, pts) || !(g = OGR_G_CreateGeometry(wkbPoint)))
            return NULL;
        OGR_G_SetPoint_2D(g, 0, pts->xy[0], pts->xy[1]);
        return g;
    }
    if (fam == 2)
        return point_list(c, pts, wkbLineString);
    if (!rg_i_dj_eat(c, '[') || !(g = OGR_G_CreateGeometry(wkbPolygon)))
        return NULL;
    if (!rg_i_dj_eat(c, ']')) {
        do {
            OGRGeometryH ring = point_list(c, pts, wkbLinearRing);
            if (!ring) {
                OGR_G_DestroyGeometry(g);
                return NULL;
            }
            OGR_G_AddGeometryDirectly(g, ring);
        } while (rg_i_dj_eat(c, ','));
        if (!rg_i_dj_eat(c, ']')) {
            OGR_G_DestroyGeometry(g);
            return NULL;
        }
    }
    return g;
}

/* The geometry text of a feature as OGR builds it, made Multi when the layer is. */
static int build_geometry(const char *text, const char *end, int fam, int multi_layer,
                          points *pts, OGRGeometryH *out)
{
    static const OGRwkbGeometryType multi_type[] = {wkbUnknown, wkbMultiPoint,
                                                    wkbMultiLineString, wkbMultiPolygon};
    rg_i_dj_cursor c = {text, end, 0};
    const char *s;
    size_t n;
    int multi;
    OGRGeometryH g = NULL;
    *out = NULL;
    rg_i_dj_ws(&c);
    if (c.end - c.p >= 4 && memcmp(c.p, "null", 4) == 0)
        return 1;
    if (!rg_i_dj_eat(&c, '{') || !rg_i_dj_string(&c, &s, &n) || !rg_i_dj_eat(&c, ':') ||
        !rg_i_dj_string(&c, &s, &n))
        return 0;
    multi = n > 5 && memcmp(s, "Multi", 5) == 0;
    if (!rg_i_dj_eat(&c, ',') || !rg_i_dj_string(&c, &s, &n) ||
        !rg_i_dj_key_is(s, n, "coordinates") || !rg_i_dj_eat(&c, ':'))
        return 0;
    if (!multi) {
        g = part(&c, pts, fam);
    } else if (rg_i_dj_eat(&c, '[') && (g = OGR_G_CreateGeometry(multi_type[fam])) != NULL) {
        if (!rg_i_dj_eat(&c, ']')) {
            do {
                OGRGeometryH p = part(&c, pts, fam);
                if (!p) {
                    OGR_G_DestroyGeometry(g);
                    return 0;
                }
                OGR_G_AddGeometryDirectly(g, p);
            } while (rg_i_dj_eat(&c, ','));
            if (!rg_i_dj_eat(&c, ']')) {
                OGR_G_DestroyGeometry(g);
                return 0;
            }
        }
    }
    if (!g)
        return 0;
    if (!rg_i_dj_eat(&c, '}')) {
        OGR_G_DestroyGeometry(g);
        return 0;
    }
    if (!multi && multi_layer) {
        OGRGeometryH m = OGR_G_CreateGeometry(multi_type[fam]);
        OGR_G_AddGeometryDirectly(m, g);
        g = m;
    }
    *out = g;
    return 1;
}

/* Sets field f of feat from value v (as GDAL's reader sets it for the field's type). */
static int set_value(OGRFeatureH feat, int f, OGRFieldType t, rg_i_dj_cursor *c, char **scratch,
                     size_t *scap)
{
    rg_i_dj_value_t v;
    if (!rg_i_dj_value(c, &v, 0, scratch, scap))
        return 0;
    if (v.kind == K_NULL) {
        OGR_F_SetFieldNull(feat, f);
        return 1;
    }
    if (v.kind == K_EMPTY_ARRAY || v.kind == K_ARRAY) {
        rg_i_dj_cursor a = {v.text, v.text + v.len, 0};
        size_t need;
        if (!rg_i_dj_array_text(&a, NULL, &need) ||
            !rg_i_reserve((void **)scratch, scap, need, 1))
            return 0;
        a.p = v.text;
        rg_i_dj_array_text(&a, *scratch, &need);
        OGR_F_SetFieldString(feat, f, *scratch);
        return 1;
    }
    if (v.kind == K_STRING) {
        if (!rg_i_reserve((void **)scratch, scap, v.slen + 1, 1) ||
            !rg_i_dj_decode(v.s, v.slen, *scratch))
            return 0;
        OGR_F_SetFieldString(feat, f, *scratch);
        return 1;
    }
    if (v.kind == K_BOOL) {
        int b = *v.text == 't';
        if (t == OFTReal)
            OGR_F_SetFieldDouble(feat, f, b);
        else
            OGR_F_SetFieldInteger(feat, f, b);
        return 1;
    }
    {
        char buf[64];
        if (v.len >= sizeof buf)
            return 0;
        memcpy(buf, v.text, v.len);
        buf[v.len] = '\0';
        if (t == OFTReal)
            OGR_F_SetFieldDouble(feat, f, CPLStrtod(buf, NULL));
        else if (t == OFTInteger64)
            OGR_F_SetFieldInteger64(feat, f, strtoll(buf, NULL, 10));
        else
            OGR_F_SetFieldInteger(feat, f, (int)strtol(buf, NULL, 10));
    }
    return 1;
}

rg_status rg_i_direct_write(const rg_i_direct *d, OGRFeatureDefnH types, OGRLayerH layer,
                            int skip_null_geometry, const char *shown, rg_i_gf_box **boxes,
                            size_t *nboxes)
{
    size_t box_cap = 0;
    OGRFieldType *kinds = NULL; /* each field's type, as GDAL typed the sample */
    FILE *fp = NULL;
    char *line = NULL, *scratch = NULL;
    size_t cap = 0, scap = 0;
    points pts = {NULL, 0, 0};
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGRFeatureH feat = NULL;
    OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(layer));
    int multi_layer = gt == wkbMultiPoint || gt == wkbMultiLineString || gt == wkbMultiPolygon;
    long n, done = 0;
    rg_status st = RG_OK;

    if (OGR_FD_GetFieldCount(defn) != d->nfields) {
        st = rg_i_error(RG_ERR_IO, "%s: the layer has %d fields, not %d", shown,
                        OGR_FD_GetFieldCount(defn), d->nfields);
        goto cleanup;
    }
    if (!(kinds = rg_i_malloc_array((size_t)d->nfields + 1, sizeof *kinds))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (int f = 0; f < d->nfields; f++)
        kinds[f] = OGR_Fld_GetType(OGR_FD_GetFieldDefn(types, f));
    if (!(fp = fopen(d->source, "r"))) {
        st = rg_i_error(RG_ERR_IO, "%s: %s", d->source, strerror(errno));
        goto cleanup;
    }
    next_line(fp, &line, &cap);
    while ((n = next_line(fp, &line, &cap)) >= 0 && done < d->features) {
        rg_i_dj_feature_t ft;
        OGRGeometryH g = NULL;
        rg_i_dj_cursor c;
        int f = 0;
        if (!rg_i_dj_feature(line, (size_t)n, &ft))
            goto changed;
        if (ft.fam == 0 && skip_null_geometry) {
            done++;
            continue;
        }
        if (!(feat = OGR_F_Create(defn))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        c = (rg_i_dj_cursor){ft.props + 1, ft.props_end - 1, 0};
        rg_i_dj_ws(&c);
        while (c.p < c.end) {
            const char *k;
            size_t kn;
            if (f >= d->nfields || !rg_i_dj_string(&c, &k, &kn) || !rg_i_dj_eat(&c, ':') ||
                !set_value(feat, f, kinds[f], &c, &scratch, &scap))
                goto changed;
            f++;
            if (!rg_i_dj_eat(&c, ','))
                break;
        }
        if (f != d->nfields)
            goto changed;
        if (!build_geometry(ft.geom, ft.geom_end, ft.fam, multi_layer, &pts, &g))
            goto changed;
        if (g)
            OGR_F_SetGeometryDirectly(feat, g);
        if (OGR_L_CreateFeature(layer, feat) != OGRERR_NONE) {
            st = rg_i_error_gdal(RG_ERR_IO, shown);
            goto cleanup;
        }
        if (boxes) {
            /* The packer takes one box per FID 1..n, none where min > max (no geometry, or an
             * empty one: not in the index, as GDAL's triggers have it). A fresh GeoPackage
             * table numbers the features so; should it not, *nboxes says so and the caller
             * has GDAL build the index. */
            rg_i_gf_box *b;
            if (*nboxes == (size_t)-1 || OGR_F_GetFID(feat) != (GIntBig)*nboxes + 1) {
                *nboxes = (size_t)-1;
            } else if (!rg_i_reserve((void **)boxes, &box_cap, *nboxes + 1, sizeof **boxes)) {
                st = RG_I_NOMEM();
                goto cleanup;
            } else {
                b = &(*boxes)[(*nboxes)++];
                b->id = OGR_F_GetFID(feat);
                b->minx = b->miny = 1;
                b->maxx = b->maxy = 0;
                if (g && !OGR_G_IsEmpty(g)) {
                    OGREnvelope env;
                    OGR_G_GetEnvelope(g, &env);
                    b->minx = env.MinX;
                    b->maxx = env.MaxX;
                    b->miny = env.MinY;
                    b->maxy = env.MaxY;
                }
            }
        }
        OGR_F_Destroy(feat);
        feat = NULL;
        done++;
    }
    if (done == d->features)
        goto cleanup;
changed:
    st = rg_i_error(RG_ERR_IO, "%s: feature %ld changed between the two passes", d->source,
                    done + 1);
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    if (fp)
        fclose(fp);
    free(line);
    free(scratch);
    free(pts.xy);
    free(kinds);
    return st;
}
