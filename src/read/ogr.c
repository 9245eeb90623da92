/* Region layers from any vector source GDAL/OGR reads (GeoPackage, GeoJSON, TopoJSON,
 * FlatGeobuf, File Geodatabase, PostGIS...), with the semantics of the shapefile reader: the
 * same id and name defaults, the same id checks, every attribute field, null shapes kept. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "model/regions_internal.h"
#include "geom/crs_internal.h"
#include "geom/ring_area_internal.h"
#include "geom/ring_cross_internal.h"
#include "read/names_internal.h"
#include "read/ogr_internal.h"
#include "read/ogr_text_internal.h"
#include "read/topojson_check_internal.h"


/* Null features listed by number in the warning; the count is always complete. */

rg_status rg_regions_read(const char *path, const rg_read_options *options, rg_regions **out)
{
    size_t n;
    char *with_shp = NULL;
    int shapefile;
    if (!path || !*path) {
        if (out)
            *out = NULL;
        return rg_i_error(RG_ERR_ARG, "no region file given");
    }
    /* shapelib is the fast path for shapefiles; "maps/cities" (no extension) names one too
     * when only maps/cities.shp exists, as the shapefile reader has always accepted */
    /* /vsizip/x.zip/a.shp and x.zip are GDAL's, whatever they end in */
    if (rg_i_path_for_gdal(path)) {
        char *vsi = rg_i_gdal_name(path);
        rg_status st;
        if (!vsi) {
            if (out)
                *out = NULL;
            return RG_I_NOMEM();
        }
        st = rg_regions_read_ogr(vsi, options, out);
        free(vsi);
        return st;
    }
    shapefile = rg_i_ends_with_ci(path, ".shp");
    if (!shapefile && !rg_i_path_exists(path, NULL)) {
        n = strlen(path);
        if (!(with_shp = malloc(n + 5))) {
            if (out)
                *out = NULL;
            return RG_I_NOMEM();
        }
        memcpy(with_shp, path, n);
        memcpy(with_shp + n, ".shp", 5);
        shapefile = rg_i_path_exists(with_shp, NULL);
        free(with_shp);
    }
    return shapefile ? rg_regions_read_shapefile(path, options, out)
                     : rg_regions_read_ogr(path, options, out);
}

/* ---- opening -------------------------------------------------------------------------- */

static int is_polygon_layer_type(OGRwkbGeometryType t)
{
    switch (wkbFlatten(t)) {
    case wkbUnknown: /* mixed (GeoJSON, TopoJSON): decided feature by feature */
    case wkbGeometryCollection:
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbSurface:
    case wkbPolyhedralSurface:
    case wkbTIN:
    case wkbTriangle:
        return 1;
    default:
        return 0;
    }
}

/* ---- fields --------------------------------------------------------------------------- */

/* Field by exact name, else by a case-insensitive match; -1 if none. */
static long find_field(const rg_i_field *fields, size_t nfields, const char *name)
{
    size_t f;
    for (f = 0; f < nfields; f++)
        if (strcmp(fields[f].name, name) == 0)
            return (long)f;
    for (f = 0; f < nfields; f++)
        if (rg_i_ascii_caseeq(fields[f].name, name))
            return (long)f;
    return -1;
}

static const char *field_name_at(const void *fields, size_t f)
{
    return ((const rg_i_field *)fields)[f].name;
}

static void field_list(const rg_i_field *fields, size_t nfields, char *buf, size_t size)
{
    rg_i_list_names(buf, size, nfields, field_name_at, fields);
    if (nfields == 0)
        snprintf(buf, size, "(none)");
}

/* Text GDAL handed over undecoded (dec set): decoded into *out, or an encoding error naming
 * where, the feature (0: a field name) and the field. */
static rg_status decode_text(rg_i_decoder *dec, const char *text, const char *where,
                             size_t feature, const char *field, char **out)
{
    char detail[256];
    if (rg_i_decode(dec, text, strlen(text), out) == RG_OK)
        return RG_OK;
    snprintf(detail, sizeof detail, "%s", rg_last_error());
    if (feature)
        return rg_i_error(RG_ERR_ENCODING, "%s: feature %zu: field '%s': %s (try --encoding)",
                          where, feature, field, detail);
    return rg_i_error(RG_ERR_ENCODING, "%s: name of field %s: %s (try --encoding)", where, field,
                      detail);
}

static rg_status read_fields(OGRFeatureDefnH defn, rg_i_decoder *dec, const char *where,
                             rg_i_field **out, size_t *nout)
{
    size_t f, n = (size_t)OGR_FD_GetFieldCount(defn);
    rg_i_field *fields;
    *out = NULL;
    *nout = 0;
    if (!(fields = rg_i_calloc_array(n ? n : 1, sizeof *fields)))
        return RG_I_NOMEM();
    for (f = 0; f < n; f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, (int)f);
        OGRFieldType t = OGR_Fld_GetType(fd);
        fields[f].type = t == OFTInteger || t == OFTInteger64 ? RG_FIELD_INTEGER
                         : t == OFTReal                       ? RG_FIELD_REAL
                                                              : RG_FIELD_STRING;
        fields[f].width = OGR_Fld_GetWidth(fd);
        fields[f].precision = OGR_Fld_GetPrecision(fd);
        if (dec) {
            char number[32];
            rg_status st;
            snprintf(number, sizeof number, "%zu", f + 1);
            if ((st = decode_text(dec, OGR_Fld_GetNameRef(fd), where, 0, number,
                                  &fields[f].name)) != RG_OK) {
                size_t k;
                for (k = 0; k < f; k++)
                    free(fields[k].name);
                free(fields);
                return st;
            }
        } else if (!(fields[f].name = rg_i_strdup(OGR_Fld_GetNameRef(fd)))) {
            size_t k;
            for (k = 0; k < f; k++)
                free(fields[k].name);
            free(fields);
            return RG_I_NOMEM();
        }
    }
    *out = fields;
    *nout = n;
    return RG_OK;
}

/* Reads field f of a feature into v; a null or unset field leaves v->text NULL. Strings are
 * decoded with dec when GDAL handed them over undecoded (messages name where and feature). */
static rg_status read_value(OGRFeatureH feat, const rg_i_field *field, int f, rg_i_decoder *dec,
                            const char *where, size_t feature, rg_i_value *v)
{
    char buf[64];
    const char *text;
    v->text = NULL;
    v->i = 0;
    v->d = 0;
    if (!OGR_F_IsFieldSetAndNotNull(feat, f))
        return RG_OK;
    if (field->type == RG_FIELD_INTEGER) {
        v->i = (int64_t)OGR_F_GetFieldAsInteger64(feat, f);
        v->d = (double)v->i;
        snprintf(buf, sizeof buf, "%lld", (long long)v->i);
        text = buf;
    } else if (field->type == RG_FIELD_REAL) {
        v->d = OGR_F_GetFieldAsDouble(feat, f);
        v->i = isfinite(v->d) && fabs(v->d) < 9.2e18 ? (int64_t)v->d : 0;
        rg_i_format_real(buf, sizeof buf, v->d);
        text = buf;
    } else {
        text = OGR_F_GetFieldAsString(feat, f);
        if (dec)
            return decode_text(dec, text ? text : "", where, feature, field->name, &v->text);
    }
    if (!(v->text = rg_i_strdup(text ? text : "")))
        return RG_I_NOMEM();
    return RG_OK;
}

/* ---- geometry ------------------------------------------------------------------------- */

typedef struct workspace {
    double *xy;
    size_t cap;      /* in doubles */
    int crossed;     /* the current feature has a bow-tie ring */
    size_t unclosed; /* rings whose last vertex was not the first, closed here */
} workspace;

/* Copies a ring's x/y (dropping Z and M) into the workspace; *n gets the point count. A ring
 * whose last vertex is not its first (GeoJSON and TopoJSON rings must be closed: RFC 7946 3.1.6;
 * GDAL passes them on with an anonymous warning) is closed, and counted for the reader's
 * warning. */
static rg_status ring_points(OGRGeometryH ring, workspace *ws, size_t *n)
{
    int count = OGR_G_GetPointCount(ring);
    *n = count > 0 ? (size_t)count : 0;
    if (*n == 0)
        return RG_OK;
    if (!rg_i_reserve((void **)&ws->xy, &ws->cap, 2 * *n + 2, sizeof *ws->xy))
        return RG_I_NOMEM();
    OGR_G_GetPoints(ring, ws->xy, 2 * sizeof(double), ws->xy + 1, 2 * sizeof(double), NULL, 0);
    if (*n >= 3 && (ws->xy[0] != ws->xy[2 * *n - 2] || ws->xy[1] != ws->xy[2 * *n - 1])) {
        ws->xy[2 * *n] = ws->xy[0];
        ws->xy[2 * *n + 1] = ws->xy[1];
        ++*n;
        ws->unclosed++;
    }
    return RG_OK;
}

/* 1 when the ring of n points in ws is kept: it has area, or lobes that cancel (a bow-tie,
 * noted in ws->crossed). */
static int ring_kept(workspace *ws, size_t n)
{
    if (n < 4)
        return 0;
    if (rg_i_ring_area2(ws->xy, n) != 0)
        return 1;
    if (!rg_i_ring_crosses_itself(ws->xy, n))
        return 0;
    ws->crossed = 1;
    return 1;
}

/* Adds one polygon: OGR keeps exterior and holes together, so no regrouping is needed. A ring
 * without area is skipped (with its holes when it is the exterior), as the shapefile reader
 * does; a bow-tie is kept as drawn. */
static rg_status add_polygon(rg_regions *r, workspace *ws, OGRGeometryH poly)
{
    int k, nrings = OGR_G_GetGeometryCount(poly);
    size_t n;
    rg_status st;
    if (nrings <= 0)
        return RG_OK;
    if ((st = ring_points(OGR_G_GetGeometryRef(poly, 0), ws, &n)) != RG_OK)
        return st;
    if (!ring_kept(ws, n))
        return RG_OK;
    if ((st = rg_i_regions_add_polygon(r)) != RG_OK ||
        (st = rg_i_regions_add_ring(r, ws->xy, n)) != RG_OK)
        return st;
    for (k = 1; k < nrings; k++) {
        if ((st = ring_points(OGR_G_GetGeometryRef(poly, k), ws, &n)) != RG_OK)
            return st;
        if (ring_kept(ws, n) && (st = rg_i_regions_add_ring(r, ws->xy, n)) != RG_OK)
            return st;
    }
    return RG_OK;
}

/* Adds the polygons of a (linear) geometry; collections give their polygons, and points or
 * lines inside a collection are ignored. *kind gets the name of a top-level geometry that is
 * not areal (NULL otherwise), for the caller's message. */
static rg_status add_geometry(rg_regions *r, workspace *ws, OGRGeometryH g, int top,
                              const char **kind)
{
    int k, count;
    rg_status st;
    switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
    case wkbPolygon:
    case wkbTriangle:
        return add_polygon(r, ws, g);
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbPolyhedralSurface:
    case wkbTIN:
    case wkbMultiSurface:
        count = OGR_G_GetGeometryCount(g);
        for (k = 0; k < count; k++)
            if ((st = add_geometry(r, ws, OGR_G_GetGeometryRef(g, k), 0, kind)) != RG_OK)
                return st;
        return RG_OK;
    default:
        if (top)
            *kind = OGR_G_GetGeometryName(g);
        return RG_OK;
    }
}

/* The layer's CRS: s_srs when given, else the layer's; when it has none, *guess is set (the
 * caller guesses from the coordinates). */
static rg_status layer_crs(OGRLayerH layer, const char *s_srs, const char *where, rg_i_crs *crs,
                           int *guess)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    char *wkt = NULL;
    static const char *const wkt2[] = {"FORMAT=WKT2_2019", NULL};
    rg_status st;
    *guess = 0;
    if (s_srs && *s_srs)
        return rg_i_crs_from_option(s_srs, crs);
    if (!srs) {
        *guess = 1;
        return RG_OK;
    }
    /* WKT2 keeps what WKT1 cannot say (e.g. a datum ensemble); WKT1 if that fails */
    if (OSRExportToWktEx(srs, &wkt, wkt2) != OGRERR_NONE || !wkt) {
        CPLFree(wkt);
        wkt = NULL;
        if (OSRExportToWkt(srs, &wkt) != OGRERR_NONE || !wkt) {
            CPLFree(wkt);
            return rg_i_error(RG_ERR_CRS, "%s: its CRS cannot be written as WKT", where);
        }
    }
    st = rg_i_crs_from_text(wkt, where, crs);
    CPLFree(wkt);
    return st;
}

/* ---- the reader ----------------------------------------------------------------------- */

/* GDAL's messages as the library's own handler gives them, less the anonymous warning about an
 * unclosed ring: the reader closes such rings itself and says in which features. */
static void CPL_STDCALL reader_gdal_messages(CPLErr level, CPLErrorNum num, const char *msg)
{
    (void)num;
    if (level == CE_Warning && strncmp(msg, "Non closed ring detected", 24) == 0)
        return;
    rg_i_gdal_message(level >= CE_Failure, level == CE_Warning, msg);
}

rg_status rg_regions_read_ogr(const char *path, const rg_read_options *options, rg_regions **out)
{
    static const rg_read_options no_options;
    rg_i_ogr_layer src = {0};
    OGRLayerH layer = NULL;
    OGRFeatureH feat = NULL;
    OGRGeometryH linear = NULL;
    const char *file, *layer_name;
    char *where = NULL, fields_text[1024];
    rg_i_field *fields = NULL;
    rg_i_value *values = NULL;
    rg_i_crs crs = {0};
    rg_regions *r = NULL;
    rg_i_decoder *dec = NULL;
    workspace ws = {0};
    size_t nfields = 0, i, f, nnull = 0, nulls[RG_I_LISTED_NUMBERS];
    size_t ncrossed = 0, crossed[RG_I_LISTED_NUMBERS];
    size_t nopen = 0, open_rings[RG_I_LISTED_NUMBERS]; /* features with unclosed rings */
    long idf = -1, namef = -1;
    int guess_crs = 0;
    char gdal_failure[256] = "";
    rg_status st = RG_OK;

    if (!out)
        return rg_i_error(RG_ERR_ARG, "rg_regions_read_ogr: out is NULL");
    *out = NULL;
    if (!options)
        options = &no_options;
    if (!path || !*path)
        return rg_i_error(RG_ERR_ARG, "no region file given");
    rg_i_library_init();
    CPLPushErrorHandler(reader_gdal_messages);

    switch (rg_i_ogr_open_layer(path, &src)) {
    case RG_I_OGR_OPENED:
        break;
    case RG_I_OGR_MISSING:
        st = rg_i_error(RG_ERR_IO, "%s: no such file", src.file);
        goto cleanup;
    case RG_I_OGR_REFUSED:
        st = RG_ERR_IO;
        goto cleanup;
    case RG_I_OGR_UNREADABLE:
        st = rg_i_error(RG_ERR_FORMAT, "%s: not a vector data source that GDAL can read", path);
        goto cleanup;
    case RG_I_OGR_NO_SUCH_LAYER:
        st = rg_i_error(RG_ERR_ARG, "%s: no layer '%s'; layers are: %s", src.file, src.layer_name,
                        *src.layers ? src.layers : "(none)");
        goto cleanup;
    case RG_I_OGR_NO_LAYER:
        st = rg_i_error(RG_ERR_FORMAT, "%s: no layers", src.file);
        goto cleanup;
    case RG_I_OGR_MANY_LAYERS:
        st = rg_i_error(RG_ERR_ARG, "%s: %d layers (%s): pick one with %s:LAYER", src.file,
                        GDALDatasetGetLayerCount(src.ds), src.layers, src.file);
        goto cleanup;
    case RG_I_OGR_NOMEM:
    default:
        st = RG_I_NOMEM();
        goto cleanup;
    }
    layer = src.layer;
    file = src.file;
    layer_name = src.layer_name;
    /* messages name the layer when the user picked one: "x.gpkg:counties: feature 3: ..." */
    {
        size_t n = strlen(file) + (layer_name ? strlen(layer_name) + 1 : 0) + 1;
        if (!(where = malloc(n))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        snprintf(where, n, "%s%s%s", file, layer_name ? ":" : "", layer_name ? layer_name : "");
    }
    if (!is_polygon_layer_type(OGR_L_GetGeomType(layer))) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: geometry type %s is not a polygon type", where,
                        OGRGeometryTypeToName(OGR_L_GetGeomType(layer)));
        goto cleanup;
    }
    /* GDAL drops TopoJSON arc indices past the arcs without a word */
    if (strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(src.ds)), "TopoJSON") == 0 &&
        (st = rg_i_topojson_check_arcs(GDALGetDescription(src.ds), where)) != RG_OK)
        goto cleanup;

    /* CRS first: a bad one should fail before a long read */
    if ((st = layer_crs(layer, options->s_srs, where, &crs, &guess_crs)) != RG_OK ||
        (st = rg_i_ogr_text_decoder(src.ds, layer, where, options->encoding,
                                     "give the encoding with --encoding", &dec)) != RG_OK)
        goto cleanup;
    if (!dec && options->encoding && *options->encoding)
        rg_i_warn("%s: --encoding applies to shapefiles without a .cpg or language byte only: "
                  "ignored (GDAL gives the text of this layer as UTF-8)", where);
    if ((st = read_fields(OGR_L_GetLayerDefn(layer), dec, where, &fields, &nfields)) != RG_OK)
        goto cleanup;

    field_list(fields, nfields, fields_text, sizeof fields_text);
    if (options->id_field) {
        if ((idf = find_field(fields, nfields, options->id_field)) < 0) {
            st = rg_i_error(RG_ERR_ARG, "%s: no field '%s' for the ids; fields are: %s", where,
                            options->id_field, fields_text);
            goto cleanup;
        }
    } else {
        static const char *const defaults[] = {"id", "code", "ID", "CODE", "GEOID"};
        for (f = 0; f < sizeof defaults / sizeof defaults[0] && idf < 0; f++)
            for (i = 0; i < nfields && idf < 0; i++)
                if (strcmp(fields[i].name, defaults[f]) == 0)
                    idf = (long)i;
        for (f = 0; f < sizeof defaults / sizeof defaults[0] && idf < 0; f++)
            idf = find_field(fields, nfields, defaults[f]);
        if (idf < 0) {
            st = rg_i_error(RG_ERR_ARG,
                            "%s: no --id given and no field named id, code or GEOID; fields are: %s",
                            where, fields_text);
            goto cleanup;
        }
    }
    if (options->name_field) {
        if ((namef = find_field(fields, nfields, options->name_field)) < 0) {
            st = rg_i_error(RG_ERR_ARG, "%s: no field '%s' for the names; fields are: %s", where,
                            options->name_field, fields_text);
            goto cleanup;
        }
    } else {
        namef = find_field(fields, nfields, "name");
    }

    if ((st = rg_i_regions_new(path, nfields, fields, &r)) != RG_OK)
        goto cleanup;
    if (!(values = rg_i_calloc_array(nfields ? nfields : 1, sizeof *values))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }

    OGR_L_ResetReading(layer);
    for (i = 0;; i++) {
        const char *id, *name, *kind = NULL;
        char id_buf[32];
        size_t unclosed = ws.unclosed;
        OGRGeometryH g;
        rg_clear_error();
        CPLErrorReset();
        if (!(feat = OGR_L_GetNextFeature(layer))) {
            if (CPLGetLastErrorType() >= CE_Failure) {
                st = rg_i_error_gdal(RG_ERR_FORMAT, where);
                goto cleanup;
            }
            break;
        }
        /* a geometry GDAL could not decode (a corrupt GeoPackage blob, "NaN" as a GeoJSON
         * coordinate) comes as a feature without geometry and an error; the GeoJSON driver
         * reads every feature at the first call, so the error waits for the first feature
         * without geometry from then on */
        if (CPLGetLastErrorType() >= CE_Failure && !gdal_failure[0])
            snprintf(gdal_failure, sizeof gdal_failure, "%s", CPLGetLastErrorMsg());
        for (f = 0; f < nfields; f++)
            if ((st = read_value(feat, &fields[f], (int)f, dec, where, i + 1, &values[f])) !=
                RG_OK)
                goto cleanup;
        id = values[idf].text ? values[idf].text : "";
        /* a code held in a real column ("320300.0") is still the code "320300" */
        if (fields[idf].type == RG_FIELD_REAL && values[idf].text &&
            values[idf].d == floor(values[idf].d) && fabs(values[idf].d) < 1e15) {
            snprintf(id_buf, sizeof id_buf, "%.0f", values[idf].d);
            id = id_buf;
        }
        name = namef >= 0 ? values[namef].text : NULL;
        if (gdal_failure[0] && !OGR_F_GetGeometryRef(feat)) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: layer '%s', feature %zu (fid %lld, id '%s'): "
                            "its geometry cannot be read: %s", where, OGR_L_GetName(layer), i + 1,
                            (long long)OGR_F_GetFID(feat), id, gdal_failure);
            goto cleanup;
        }
        for (f = 0; f < nfields; f++)
            if (fields[f].type == RG_FIELD_REAL && values[f].text && !isfinite(values[f].d)) {
                st = rg_i_error(RG_ERR_DATA, "%s: feature %zu (id '%s'): field '%s' is %s, not a "
                                "number", where, i + 1, id, fields[f].name, values[f].text);
                goto cleanup;
            }
        if ((st = rg_i_regions_begin(r, id, name, values)) != RG_OK)
            goto cleanup;
        g = OGR_F_GetGeometryRef(feat);
        ws.crossed = 0;
        if (g && !OGR_G_IsEmpty(g)) {
            if (OGR_G_HasCurveGeometry(g, TRUE)) {
                /* arcs become vertices at GDAL's default step (4 degrees of arc) */
                if (!(linear = OGR_G_GetLinearGeometry(g, 0, NULL))) {
                    st = rg_i_error(RG_ERR_FORMAT, "%s: feature %zu: curved geometry cannot be "
                                    "made linear", where, i + 1);
                    goto cleanup;
                }
                g = linear;
            }
            if ((st = add_geometry(r, &ws, g, 1, &kind)) != RG_OK)
                goto cleanup;
            if (kind) {
                st = rg_i_error(RG_ERR_FORMAT, "%s: feature %zu: geometry %s in a polygon layer",
                                where, i + 1, kind);
                goto cleanup;
            }
        }
        if (linear) {
            OGR_G_DestroyGeometry(linear);
            linear = NULL;
        }
        OGR_F_Destroy(feat);
        feat = NULL;
        if (ws.crossed) {
            if (ncrossed < RG_I_LISTED_NUMBERS)
                crossed[ncrossed] = i + 1;
            ncrossed++;
        }
        if ((st = rg_i_regions_end(r)) != RG_OK)
            goto cleanup;
        if (ws.unclosed > unclosed) {
            if (nopen < RG_I_LISTED_NUMBERS)
                open_rings[nopen] = i + 1;
            nopen++;
        }
        if (r->poly_start[r->n - 1] == r->poly_start[r->n]) {
            if (nnull < RG_I_LISTED_NUMBERS)
                nulls[nnull] = i + 1;
            nnull++;
        }
    }
    if (nnull > 0) {
        char list[256];
        rg_i_number_list("feature", nulls, nnull, list, sizeof list);
        rg_i_warn("%s: %zu null or empty geometr%s (%s)", where, nnull, nnull == 1 ? "y" : "ies",
                  list);
    }
    if (ncrossed > 0)
        rg_i_warn_crossed_rings(where, "feature", crossed, ncrossed);
    if (gdal_failure[0]) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: a geometry cannot be read: %s", where, gdal_failure);
        goto cleanup;
    }
    if (nopen > 0) {
        char list[256];
        rg_i_number_list("feature", open_rings, nopen, list, sizeof list);
        rg_i_warn("%s: %zu ring%s not closed (the last vertex is not the first, as GeoJSON "
                  "requires): closed, in %zu feature%s (%s)", where, ws.unclosed,
                  ws.unclosed == 1 ? " is" : "s are", nopen, nopen == 1 ? "" : "s", list);
    }
    if (guess_crs && (st = rg_i_crs_guess(r->xy, r->npts, where, "CRS", &crs)) != RG_OK)
        goto cleanup;
    if ((st = rg_i_regions_set_key_fields(r, fields[idf].name,
                                          namef >= 0 ? fields[namef].name : NULL)) != RG_OK ||
        (st = rg_i_regions_check_ids(r, where, fields[idf].name)) != RG_OK ||
        (st = rg_i_regions_set_crs(r, crs.wkt, crs.geographic, crs.unit_metres)) != RG_OK)
        goto cleanup;
    *out = r;
    r = NULL;
cleanup:
    if (linear)
        OGR_G_DestroyGeometry(linear);
    if (feat)
        OGR_F_Destroy(feat);
    if (values)
        for (f = 0; f < nfields; f++)
            free(values[f].text);
    free(values);
    if (fields)
        for (f = 0; f < nfields; f++)
            free(fields[f].name);
    free(fields);
    free(ws.xy);
    rg_i_decoder_free(dec);
    rg_i_crs_release(&crs);
    rg_regions_free(r);
    rg_i_ogr_layer_close(&src);
    CPLPopErrorHandler();
    free(where);
    return st;
}
