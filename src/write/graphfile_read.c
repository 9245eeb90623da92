/* The graph file's reader: a GeoPackage written by graphfile_write.c (or edited since by
 * another tool) back into a graph, checking everything it reads (the schema is in
 * graphfile_internal.h). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "geom/crs_internal.h"
#include "read/ogr_internal.h"
#include "model/adjacency_internal.h"
#include "model/hierarchy_internal.h"
#include "model/regions_internal.h"
#include "model/coordination_internal.h"
#include "regiongraph/graphfile.h"
#include "write/graphfile_check_internal.h"
#include "write/graphfile_internal.h"
#include "write/graphfile_read_internal.h"

typedef struct meta {
    size_t n;
    char **keys, **values;
} meta;

static void meta_release(meta *m)
{
    size_t i;
    for (i = 0; i < m->n; i++) {
        free(m->keys[i]);
        free(m->values[i]);
    }
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

/* The value of a key, or NULL when absent. */
static const char *meta_get(const meta *m, const char *key)
{
    size_t i;
    for (i = 0; i < m->n; i++)
        if (strcmp(m->keys[i], key) == 0)
            return m->values[i];
    return NULL;
}

static rg_status read_meta(OGRLayerH layer, const char *path, meta *m)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int kf = OGR_FD_GetFieldIndex(defn, rg_i_gf_meta[RG_I_GF_META_KEY].name);
    int vf = OGR_FD_GetFieldIndex(defn, rg_i_gf_meta[RG_I_GF_META_VALUE].name);
    OGRFeatureH feat;
    size_t cap = 0, vcap = 0;
    rg_status st = RG_OK;

    memset(m, 0, sizeof *m);
    if (kf < 0 || vf < 0) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: not a regiongraph graph file (rg_meta has no key "
                        "and value fields)", path);
        goto cleanup;
    }
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        char *k = rg_i_strdup(OGR_F_GetFieldAsString(feat, kf));
        char *v = rg_i_strdup(OGR_F_GetFieldAsString(feat, vf));
        OGR_F_Destroy(feat);
        if (!k || !v || !rg_i_reserve((void **)&m->keys, &cap, m->n + 1, sizeof *m->keys) ||
            !rg_i_reserve((void **)&m->values, &vcap, m->n + 1, sizeof *m->values)) {
            free(k);
            free(v);
            st = RG_I_NOMEM();
            goto cleanup;
        }
        m->keys[m->n] = k;
        m->values[m->n] = v;
        m->n++;
    }
cleanup:
    if (st != RG_OK)
        meta_release(m);
    return st;
}

/* Value of a feature's field as rg_regions keeps it: text always, numbers parsed too. */
/* The count rg_meta records under key must be the number of features read from layer. */
static rg_status check_meta_count(const meta *m, const char *key, const char *layer, size_t count,
                                  const char *path)
{
    const char *s = meta_get(m, key);
    if (s && strtoull(s, NULL, 10) != count)
        return rg_i_error(RG_ERR_FORMAT, "%s: rg_meta says %s %s but layer '%s' has %zu", path, s,
                          key, layer, count);
    return RG_OK;
}

static rg_status read_value(OGRFeatureH feat, int idx, rg_field_type type, rg_i_value *v)
{
    char buf[64];
    const char *text;
    memset(v, 0, sizeof *v);
    if (!OGR_F_IsFieldSetAndNotNull(feat, idx))
        return RG_OK;
    if (type == RG_FIELD_INTEGER) {
        v->i = (int64_t)OGR_F_GetFieldAsInteger64(feat, idx);
        v->d = (double)v->i;
        snprintf(buf, sizeof buf, "%" PRId64, v->i);
        text = buf;
    } else if (type == RG_FIELD_REAL) {
        v->d = OGR_F_GetFieldAsDouble(feat, idx);
        v->i = isfinite(v->d) && fabs(v->d) < 9.2e18 ? (int64_t)v->d : 0;
        rg_i_format_real(buf, sizeof buf, v->d);
        text = buf;
    } else {
        text = OGR_F_GetFieldAsString(feat, idx);
    }
    if (!(v->text = rg_i_strdup(text)))
        return RG_I_NOMEM();
    return RG_OK;
}

/* A ring's points, interleaved as rg_regions holds them, through one strided copy. */
static rg_status read_points(OGRGeometryH g, double **buf, size_t *cap, size_t *npts)
{
    int n = OGR_G_GetPointCount(g);
    *npts = n > 0 ? (size_t)n : 0;
    if (!rg_i_reserve((void **)buf, cap, 2 * *npts + 2, sizeof **buf))
        return RG_I_NOMEM();
    if (n > 0)
        OGR_G_GetPoints(g, *buf, 16, *buf + 1, 16, NULL, 0);
    return RG_OK;
}

static rg_status read_polygon(rg_regions *r, OGRGeometryH poly, double **buf, size_t *cap)
{
    int k, nrings = OGR_G_GetGeometryCount(poly);
    size_t npts;
    rg_status st;
    if ((st = rg_i_regions_add_polygon(r)) != RG_OK)
        return st;
    for (k = 0; k < nrings; k++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(poly, k);
        if ((st = read_points(ring, buf, cap, &npts)) != RG_OK ||
            (st = rg_i_regions_add_ring(r, *buf, npts)) != RG_OK)
            return st;
    }
    return RG_OK;
}

static rg_status read_region_geometry(rg_regions *r, OGRFeatureH feat, const char *path,
                                      double **buf, size_t *cap)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(feat), forced = NULL;
    OGRwkbGeometryType type;
    int k;
    rg_status st = RG_OK;
    if (!g || OGR_G_IsEmpty(g))
        goto cleanup;
    type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (type != wkbPolygon && type != wkbMultiPolygon) {
        /* Curves or collections from another tool: GDAL linearises them. */
        forced = OGR_G_ForceToMultiPolygon(OGR_G_Clone(g));
        if (!forced || wkbFlatten(OGR_G_GetGeometryType(forced)) != wkbMultiPolygon) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: regions feature %" PRId64 ": geometry is not "
                            "polygonal", path, (int64_t)OGR_F_GetFID(feat));
            goto cleanup;
        }
        g = forced;
        type = wkbMultiPolygon;
    }
    if (type == wkbPolygon) {
        st = read_polygon(r, g, buf, cap);
        goto cleanup;
    }
    for (k = 0; k < OGR_G_GetGeometryCount(g) && st == RG_OK; k++)
        st = read_polygon(r, OGR_G_GetGeometryRef(g, k), buf, cap);
cleanup:
    if (forced)
        OGR_G_DestroyGeometry(forced);
    return st;
}

static rg_status layer_field(OGRLayerH layer, const char *layer_name, const char *name,
                             const char *path, int *idx)
{
    *idx = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), name);
    if (*idx < 0)
        return rg_i_error(RG_ERR_FORMAT, "%s: layer '%s' has no field '%s'", path, layer_name,
                          name);
    return RG_OK;
}

/* Fails unless field idx (>= 0) of layer is a text field, as rg_graph_write() makes it. Text is
 * read with OGR_F_GetFieldAsString() and several values are held at once; for a field of another
 * type GDAL formats the value into a buffer of the feature that the next such call frees, so a
 * file whose text columns were retyped would leave dangling strings (found by fuzzing). */
static rg_status check_text_field(OGRLayerH layer, const char *layer_name, int idx,
                                  const char *path)
{
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(layer), idx);
    if (OGR_Fld_GetType(fd) != OFTString)
        return rg_i_error(RG_ERR_FORMAT, "%s: layer '%s': field '%s' is not a text field", path,
                          layer_name, OGR_Fld_GetNameRef(fd));
    return RG_OK;
}


/* The layer's index of each of the n columns of a table of the schema (graphfile_internal.h),
 * in idx: the first `required` must be there, the others are -1 when absent (files written
 * before they existed). A column the writer makes text must still be text (check_text_field). */
static rg_status schema_fields(OGRLayerH layer, const char *table, const rg_i_gf_field *columns,
                               int n, int required, const char *path, int *idx)
{
    int k;
    rg_status st = RG_OK;
    for (k = 0; k < n && st == RG_OK; k++) {
        if (k < required)
            st = layer_field(layer, table, columns[k].name, path, &idx[k]);
        else
            idx[k] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), columns[k].name);
        if (st == RG_OK && idx[k] >= 0 && columns[k].type == OFTString)
            st = check_text_field(layer, table, idx[k], path);
    }
    return st;
}

/* warn: say that a map of unknown units measures in map units (not again on a second read). */
static rg_status read_regions(GDALDatasetH ds, rg_i_gf_direct *direct, const meta *m,
                               const char *path, int warn, rg_regions **out)
{
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, RG_I_GF_REGIONS);
    OGRFeatureDefnH defn;
    OGRSpatialReferenceH srs;
    OGRFeatureH feat = NULL;
    rg_regions *r = NULL;
    rg_i_field *fields = NULL;
    int *src = NULL; /* layer field index of each regions field */
    rg_i_value *values = NULL;
    rg_i_value idv = {0}, namev = {0};
    rg_i_crs crs = {0};
    char *wkt = NULL;
    const char *id_field, *name_field, *id_column, *name_column, *s;
    const char *wkt_opts[] = {"FORMAT=WKT2_2018", NULL};
    double *buf = NULL;
    size_t cap = 0, nf = 0, f, count = 0;
    int nall, k, id_idx = -1, name_idx = -1;
    rg_field_type id_type = RG_FIELD_STRING, name_type = RG_FIELD_STRING;
    rg_status st = RG_OK;

    *out = NULL;
    if (!layer) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: no layer 'regions'", path);
        goto cleanup;
    }
    defn = OGR_L_GetLayerDefn(layer);
    nall = OGR_FD_GetFieldCount(defn);
    id_field = meta_get(m, "id_field");
    name_field = meta_get(m, "name_field");
    id_column = meta_get(m, "id_column");
    name_column = meta_get(m, "name_column");
    if (id_field && !*id_field)
        id_field = NULL;
    if (name_field && !*name_field)
        name_field = NULL;
    if ((id_column &&
         (st = layer_field(layer, RG_I_GF_REGIONS, id_column, path, &id_idx)) != RG_OK) ||
        (name_column &&
         (st = layer_field(layer, RG_I_GF_REGIONS, name_column, path, &name_idx)) != RG_OK))
        goto cleanup;
    if (!(fields = rg_i_calloc_array((size_t)nall, sizeof *fields)) ||
        !(src = rg_i_calloc_array((size_t)nall, sizeof *src)) ||
        !(values = rg_i_calloc_array((size_t)nall, sizeof *values))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < nall; k++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, k);
        OGRFieldType t = OGR_Fld_GetType(fd);
        char key[512];
        int w, p;
        if (k == id_idx || k == name_idx)
            continue;
        fields[nf].name = (char *)OGR_Fld_GetNameRef(fd);
        fields[nf].type = t == OFTInteger || t == OFTInteger64 ? RG_FIELD_INTEGER
                          : t == OFTReal                       ? RG_FIELD_REAL
                                                               : RG_FIELD_STRING;
        fields[nf].width = OGR_Fld_GetWidth(fd);
        fields[nf].precision = OGR_Fld_GetPrecision(fd);
        snprintf(key, sizeof key, "field:%s", fields[nf].name);
        if ((s = meta_get(m, key)) != NULL && sscanf(s, "%d,%d", &w, &p) == 2) {
            fields[nf].width = w;
            fields[nf].precision = p;
        }
        src[nf++] = k;
    }
    if ((st = rg_i_regions_new(meta_get(m, "source"), nf, fields, &r)) != RG_OK ||
        (st = rg_i_regions_set_key_fields(r, id_field, name_field)) != RG_OK)
        goto cleanup;
    /* Ids and names come from their own hidden columns when the writer added them, else from
     * the id and name fields (the same text, as the writer checked). */
    if (id_idx < 0) {
        long fi = id_field ? rg_regions_field_index(r, id_field) : -1;
        if (fi < 0) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: rg_meta names no id field of layer 'regions'",
                            path);
            goto cleanup;
        }
        id_idx = src[fi];
        id_type = fields[fi].type;
    }
    if (name_idx < 0 && name_field) {
        long fi = rg_regions_field_index(r, name_field);
        if (fi < 0) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: layer 'regions' has no field '%s'", path,
                            name_field);
            goto cleanup;
        }
        name_idx = src[fi];
        name_type = fields[fi].type;
    }
    /* The layer's own SRS is the truth (the file may have been reprojected by another tool);
     * none means lon/lat WGS84, as when it was written. */
    srs = OGR_L_GetSpatialRef(layer);
    if (srs) {
        if (OSRExportToWktEx(srs, &wkt, wkt_opts) != OGRERR_NONE || !wkt) {
            st = rg_i_error(RG_ERR_CRS, "%s: the CRS of layer 'regions' cannot be read", path);
            goto cleanup;
        }
        if ((st = rg_i_crs_from_text(wkt, path, &crs)) != RG_OK ||
            (st = rg_i_regions_set_crs(r, crs.wkt, crs.geographic, crs.unit_metres)) != RG_OK)
            goto cleanup;
        if (crs.unknown_units && warn)
            rg_i_warn("%s: the map had no CRS and is not lon/lat, so its lengths are in map "
                      "units, not km, and every output names them so (_mu, \"map units\"); "
                      "build it again with --s_srs to measure in km", path);
    } else if ((st = rg_i_regions_set_crs(r, "", 1, 1.0)) != RG_OK) {
        goto cleanup;
    }

    if (direct) {
        rg_i_gf_region_plan plan = {layer, src, fields, nf, id_idx, name_idx, id_type,
                                    name_type};
        if ((st = rg_i_gf_direct_regions(direct, &plan, meta_get(m, "regions"), r,
                                          &count)) != RG_OK ||
            rg_i_gf_direct_declined(direct))
            goto cleanup;
    } else {
        OGR_L_ResetReading(layer);
    }
    while (!direct && (CPLErrorReset(), feat = OGR_L_GetNextFeature(layer)) != NULL) {
        if ((st = rg_i_gf_check_feature(feat, path, RG_I_GF_REGIONS)) != RG_OK)
            goto cleanup;
        for (f = 0; f < nf; f++)
            if ((st = read_value(feat, src[f], fields[f].type, &values[f])) != RG_OK)
                goto cleanup;
        if ((st = read_value(feat, id_idx, id_type, &idv)) != RG_OK ||
            (name_idx >= 0 && (st = read_value(feat, name_idx, name_type, &namev)) != RG_OK) ||
            (st = rg_i_regions_begin(r, idv.text ? idv.text : "", namev.text, values)) != RG_OK)
            goto cleanup;
        free(idv.text);
        free(namev.text);
        idv.text = namev.text = NULL;
        if ((st = read_region_geometry(r, feat, path, &buf, &cap)) != RG_OK ||
            (st = rg_i_regions_end(r)) != RG_OK)
            goto cleanup;
        OGR_F_Destroy(feat);
        feat = NULL;
        count++;
    }
    if ((st = check_meta_count(m, "regions", RG_I_GF_REGIONS, count, path)) != RG_OK)
        goto cleanup;
    if ((st = rg_i_regions_check_levels(r, path, id_column ? id_column : id_field)) != RG_OK)
        goto cleanup;
    *out = r;
    r = NULL;
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    if (values)
        for (f = 0; f < (size_t)nall; f++)
            free(values[f].text);
    free(idv.text);
    free(namev.text);
    free(values);
    free(fields); /* names belong to GDAL's field definitions */
    free(src);
    free(buf);
    CPLFree(wkt);
    rg_i_crs_release(&crs);
    rg_regions_free(r);
    return st;
}

static rg_status add_lines(rg_adjacency *adj, OGRGeometryH g, const char *path, GIntBig fid,
                           double **buf, size_t *cap)
{
    OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
    size_t npts;
    int k;
    rg_status st = RG_OK;
    if (type == wkbLineString || type == wkbPoint) {
        if ((st = read_points(g, buf, cap, &npts)) == RG_OK && npts > 0)
            st = rg_i_adjacency_add_line(adj, *buf, npts);
    } else if (type == wkbMultiLineString || type == wkbMultiPoint ||
               type == wkbGeometryCollection) {
        for (k = 0; k < OGR_G_GetGeometryCount(g) && st == RG_OK; k++)
            st = add_lines(adj, OGR_G_GetGeometryRef(g, k), path, fid, buf, cap);
    } else {
        st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": geometry is neither "
                        "lines nor points", path, (int64_t)fid);
    }
    return st;
}

/* A text field's value, or dflt when the field is absent (idx < 0) or null. */
static const char *set_text(OGRFeatureH feat, int idx, const char *dflt)
{
    return idx >= 0 && OGR_F_IsFieldSetAndNotNull(feat, idx) ? OGR_F_GetFieldAsString(feat, idx)
                                                             : dflt;
}

static rg_status read_borders(GDALDatasetH ds, rg_i_gf_direct *direct, const meta *m,
                              const rg_regions *r, const char *path, rg_adjacency **out)
{
    rg_i_gf_pairs pairs = {0};
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, RG_I_GF_BORDERS);
    OGRFeatureH feat = NULL;
    rg_adjacency *adj = NULL;
    const char *kind_text = meta_get(m, "contiguity");
    rg_contiguity kind;
    double *buf = NULL;
    size_t cap = 0, count = 0;
    int col[RG_I_GF_BORDER_COLUMNS];
    rg_i_gf_field columns[RG_I_GF_BORDER_COLUMNS];
    rg_status st = RG_OK;

    *out = NULL;
    if (!layer) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: no layer 'borders'", path);
        goto cleanup;
    }
    if (kind_text && strcmp(kind_text, "rook") == 0) {
        kind = RG_CONTIGUITY_ROOK;
    } else if (kind_text && strcmp(kind_text, "queen") == 0) {
        kind = RG_CONTIGUITY_QUEEN;
    } else {
        st = rg_i_error(RG_ERR_FORMAT, "%s: rg_meta contiguity is '%s', not queen or rook", path,
                        kind_text ? kind_text : "");
        goto cleanup;
    }
    /* Files from before levels were stored have no level column: their ids are unique. Nor
     * have files from before tolerant contiguity a contact or gap: exact, told by kind. */
    /* a map in unknown units names its lengths _mu (files from before that, _km) */
    memcpy(columns, rg_i_gf_borders, sizeof columns);
    if (OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), RG_I_GF_LENGTH_MU) >= 0) {
        columns[RG_I_GF_LENGTH_KM].name = RG_I_GF_LENGTH_MU;
        columns[RG_I_GF_GAP_KM].name = RG_I_GF_GAP_MU;
    }
    if ((st = schema_fields(layer, RG_I_GF_BORDERS, columns, RG_I_GF_BORDER_COLUMNS,
                            RG_I_GF_LEVEL, path, col)) != RG_OK ||
        (st = rg_i_regions_index(r)) != RG_OK || (st = rg_i_adjacency_new(kind, &adj)) != RG_OK)
        goto cleanup;
    pairs.r = r;
    pairs.adj = adj;
    pairs.columns = columns;
    pairs.path = path;
    if (direct) {
        if ((st = rg_i_gf_direct_borders(direct, layer, col, meta_get(m, "pairs"), &pairs,
                                          &count)) != RG_OK ||
            rg_i_gf_direct_declined(direct))
            goto cleanup;
    } else {
        OGR_L_ResetReading(layer);
    }
    while (!direct && (CPLErrorReset(), feat = OGR_L_GetNextFeature(layer)) != NULL) {
        rg_i_gf_border_row row;
        OGRGeometryH g;
        row.fid = (int64_t)OGR_F_GetFID(feat);
        row.ida = OGR_F_GetFieldAsString(feat, col[RG_I_GF_ID_A]);
        row.idb = OGR_F_GetFieldAsString(feat, col[RG_I_GF_ID_B]);
        row.kind = OGR_F_GetFieldAsString(feat, col[RG_I_GF_KIND]);
        row.level = set_text(feat, col[RG_I_GF_LEVEL], "");
        row.contact = set_text(feat, col[RG_I_GF_CONTACT], NULL);
        row.has_gap = col[RG_I_GF_GAP_KM] >= 0 &&
                      OGR_F_IsFieldSetAndNotNull(feat, col[RG_I_GF_GAP_KM]);
        row.gap = row.has_gap ? OGR_F_GetFieldAsDouble(feat, col[RG_I_GF_GAP_KM]) : 0;
        row.length = OGR_F_GetFieldAsDouble(feat, col[RG_I_GF_LENGTH_KM]);
        if ((st = rg_i_gf_check_feature(feat, path, RG_I_GF_BORDERS)) != RG_OK ||
            (st = rg_i_gf_border_pair(&pairs, &row)) != RG_OK)
            goto cleanup;
        g = OGR_F_GetGeometryRef(feat);
        if (g && !OGR_G_IsEmpty(g) &&
            (st = add_lines(adj, g, path, (GIntBig)row.fid, &buf, &cap)) != RG_OK)
            goto cleanup;
        OGR_F_Destroy(feat);
        feat = NULL;
        count++;
    }
    if ((st = check_meta_count(m, "pairs", RG_I_GF_BORDERS, count, path)) != RG_OK)
        goto cleanup;
    *out = adj;
    adj = NULL;
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    free(buf);
    rg_i_gf_pairs_release(&pairs);
    rg_adjacency_free(adj);
    return st;
}

/* ---------------------------------------------------------------- coordination: reading */

typedef struct coord_layers {
    OGRLayerH mechanisms, members, agencies, jurisdictions;
} coord_layers;

static rg_status coord_layer(GDALDatasetH ds, const char *name, const char *path, OGRLayerH *out)
{
    if ((*out = GDALDatasetGetLayerByName(ds, name)) != NULL)
        return RG_OK;
    return rg_i_error(RG_ERR_FORMAT, "%s: rg_meta says the file holds coordination data but it "
                      "has no layer '%s'", path, name);
}

static size_t feature_number(OGRFeatureH feat)
{
    GIntBig fid = OGR_F_GetFID(feat);
    return fid > 0 ? (size_t)fid : 0;
}

/* What one row of a coordination table is read with: the table's columns found by
 * schema_fields(), the row's feature number for messages, and the file's path. */
typedef struct row_context {
    rg_coordination *c;
    const char *path;
    const int *col;
    size_t number;
    rg_i_to_wgs84 *to_wgs84; /* agencies: their points, when the layer is not in lon/lat */
} row_context;

typedef rg_status (*row_reader)(OGRFeatureH feat, const row_context *rc);

/* Every row of a coordination table, in file order, through read_row: the one loop of the
 * four tables (mechanisms, agencies, members, jurisdictions). */
static rg_status read_rows(OGRLayerH layer, const char *table, const rg_i_gf_field *columns,
                           int ncolumns, int required, row_context *rc, row_reader read_row)
{
    int col[16]; /* the widest table, mechanisms, has 8 */
    OGRFeatureH feat;
    rg_status st;
    if ((size_t)ncolumns > sizeof col / sizeof col[0])
        return rg_i_error(RG_ERR_INTERNAL, "%s: table '%s' has too many columns", rc->path,
                          table);
    if ((st = schema_fields(layer, table, columns, ncolumns, required, rc->path, col)) != RG_OK)
        return st;
    rc->col = col;
    OGR_L_ResetReading(layer);
    while (st == RG_OK && (feat = OGR_L_GetNextFeature(layer)) != NULL) {
        rc->number = feature_number(feat);
        st = read_row(feat, rc);
        OGR_F_Destroy(feat);
    }
    rc->col = NULL;
    return st;
}

static const char *text(OGRFeatureH feat, const row_context *rc, int column)
{
    return OGR_F_GetFieldAsString(feat, rc->col[column]);
}

static rg_status mechanism_row(OGRFeatureH feat, const row_context *rc)
{
    int year_col = rc->col[RG_I_GF_MECH_YEAR];
    int year = OGR_F_IsFieldSetAndNotNull(feat, year_col) ? OGR_F_GetFieldAsInteger(feat, year_col)
                                                          : 0;
    size_t index = 0;
    rg_status st = rg_i_coordination_add_mechanism(
        rc->c, text(feat, rc, RG_I_GF_MECH_ID), text(feat, rc, RG_I_GF_MECH_NAME),
        text(feat, rc, RG_I_GF_MECH_KIND), year, text(feat, rc, RG_I_GF_MECH_SOURCE), rc->number,
        &index);
    return st == RG_OK ? rg_i_gf_read_dates(feat, rc->col, rc->c, index, rc->path) : st;
}

static rg_status agency_row(OGRFeatureH feat, const row_context *rc)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(feat);
    double xy[2] = {0, 0};
    int located = g && !OGR_G_IsEmpty(g);
    rg_status st;
    if (located) {
        if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint)
            return rg_i_error(RG_ERR_FORMAT, "%s: agencies feature %zu: geometry is not a point",
                              rc->path, rc->number);
        xy[0] = OGR_G_GetX(g, 0);
        xy[1] = OGR_G_GetY(g, 0);
        if (rc->to_wgs84 && (st = rg_i_to_wgs84_apply(rc->to_wgs84, xy, 1)) != RG_OK)
            return st;
    }
    return rg_i_coordination_add_agency(rc->c, text(feat, rc, RG_I_GF_AGENCY_ID),
                                        text(feat, rc, RG_I_GF_AGENCY_NAME),
                                        text(feat, rc, RG_I_GF_AGENCY_LEVEL), located, xy[0],
                                        xy[1], rc->number, NULL);
}

static rg_status member_row(OGRFeatureH feat, const row_context *rc)
{
    const char *mech = text(feat, rc, RG_I_GF_MEMBER_MECHANISM);
    const char *kind = text(feat, rc, RG_I_GF_MEMBER_KIND);
    long mi = rg_i_coordination_mechanism_index(rc->c, mech);
    int k;
    if (mi < 0)
        return rg_i_error(RG_ERR_FORMAT, "%s: members feature %zu: mechanism '%s' is not in "
                          "layer 'mechanisms'", rc->path, rc->number, mech);
    /* An empty kind (a row added by hand) is found out by resolution. */
    if (strcmp(kind, "region") == 0)
        k = RG_MEMBER_REGION;
    else if (strcmp(kind, "agency") == 0)
        k = RG_MEMBER_AGENCY;
    else if (!*kind)
        k = RG_I_MEMBER_UNKNOWN;
    else
        return rg_i_error(RG_ERR_FORMAT, "%s: members feature %zu: kind '%s' is not region or "
                          "agency", rc->path, rc->number, kind);
    return rg_i_coordination_add_member(rc->c, (size_t)mi, text(feat, rc, RG_I_GF_MEMBER_MEMBER),
                                        k, rc->number);
}

static rg_status jurisdiction_row(OGRFeatureH feat, const row_context *rc)
{
    const char *agency = text(feat, rc, RG_I_GF_JUR_AGENCY);
    long ai = rg_coordination_agency_index(rc->c, agency);
    if (ai < 0)
        return rg_i_error(RG_ERR_FORMAT, "%s: jurisdictions feature %zu: agency '%s' is not in "
                          "layer 'agencies'", rc->path, rc->number, agency);
    return rg_i_coordination_add_jurisdiction(rc->c, (size_t)ai,
                                              text(feat, rc, RG_I_GF_JUR_REGION), rc->number);
}

/* The agencies' points are written in lon/lat WGS84; another tool may have reprojected the
 * layer since: rc->to_wgs84 brings them back. */
static rg_status agency_crs(OGRLayerH layer, row_context *rc)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    char *wkt = NULL;
    rg_status st = RG_OK;
    if (!srs)
        return RG_OK;
    if (OSRExportToWkt(srs, &wkt) != OGRERR_NONE || !wkt)
        st = rg_i_error(RG_ERR_CRS, "%s: the CRS of layer 'agencies' cannot be read", rc->path);
    else if ((st = rg_i_to_wgs84_new(wkt, &rc->to_wgs84)) != RG_OK)
        rg_i_error_prefix(st, rc->path);
    CPLFree(wkt);
    return st;
}

static rg_status read_coordination_tables(const coord_layers *l, const char *path,
                                          rg_coordination *c)
{
    row_context rc = {c, path, NULL, 0, NULL};
    rg_status st;
    if ((st = read_rows(l->mechanisms, RG_I_GF_MECHANISMS, rg_i_gf_mechanisms,
                        RG_I_GF_MECHANISM_COLUMNS, RG_I_GF_MECHANISM_REQUIRED, &rc,
                        mechanism_row)) == RG_OK &&
        (st = agency_crs(l->agencies, &rc)) == RG_OK &&
        (st = read_rows(l->agencies, RG_I_GF_AGENCIES, rg_i_gf_agencies, RG_I_GF_AGENCY_COLUMNS,
                        RG_I_GF_AGENCY_COLUMNS, &rc, agency_row)) == RG_OK &&
        (st = read_rows(l->members, RG_I_GF_MEMBERS, rg_i_gf_members, RG_I_GF_MEMBER_COLUMNS,
                        RG_I_GF_MEMBER_COLUMNS, &rc, member_row)) == RG_OK)
        st = read_rows(l->jurisdictions, RG_I_GF_JURISDICTIONS, rg_i_gf_jurisdictions,
                       RG_I_GF_JURISDICTION_COLUMNS, RG_I_GF_JURISDICTION_COLUMNS, &rc,
                       jurisdiction_row);
    rg_i_to_wgs84_free(rc.to_wgs84);
    return st;
}

/* The default level and the coordination data, when rg_meta says there are some. */
static rg_status read_coordination(GDALDatasetH ds, const meta *m, const char *path,
                                   rg_graph *graph)
{
    const char *flag = meta_get(m, "coordination"), *level = meta_get(m, "level");
    static const char *const units[] = {"mechanisms feature", "members feature",
                                        "agencies feature", "jurisdictions feature"};
    rg_coordination *c = NULL;
    coord_layers l;
    int t;
    rg_status st = RG_OK;

    if (level && *level && (st = rg_graph_set_default_level(graph, level)) != RG_OK) {
        rg_i_error_prefix(st, path);
        goto cleanup;
    }
    /* No key: a file from before coordination data was stored. */
    if (!flag || strcmp(flag, "no") == 0)
        goto cleanup;
    if (strcmp(flag, "yes") != 0) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: rg_meta coordination is '%s', not yes or no", path,
                        flag);
        goto cleanup;
    }
    if ((st = coord_layer(ds, RG_I_GF_MECHANISMS, path, &l.mechanisms)) != RG_OK ||
        (st = coord_layer(ds, RG_I_GF_MEMBERS, path, &l.members)) != RG_OK ||
        (st = coord_layer(ds, RG_I_GF_AGENCIES, path, &l.agencies)) != RG_OK ||
        (st = coord_layer(ds, RG_I_GF_JURISDICTIONS, path, &l.jurisdictions)) != RG_OK ||
        (st = rg_i_coordination_new(&c)) != RG_OK)
        goto cleanup;
    for (t = RG_I_COORD_MECHANISMS; t <= RG_I_COORD_JURISDICTIONS; t++)
        if ((st = rg_i_coordination_set_origin(c, (rg_i_coord_table)t, path, units[t])) != RG_OK)
            goto cleanup;
    if ((st = read_coordination_tables(&l, path, c)) != RG_OK)
        goto cleanup;
    /* Resolution checks every stored id against the regions read, naming the feature. */
    st = rg_graph_set_coordination(graph, c);
    c = NULL;
cleanup:
    rg_coordination_free(c);
    return st;
}

/* Whether the direct reader declined what it was given: then it is closed and *d NULL. */
static int declined(rg_i_gf_direct **d)
{
    if (!*d || !rg_i_gf_direct_declined(*d))
        return 0;
    rg_i_gf_direct_close(*d);
    *d = NULL;
    return 1;
}

/* The stored measures, through SQLite when the direct reader is open and takes them. */
static rg_status read_measures(GDALDatasetH ds, rg_i_gf_direct **direct, const meta *m,
                               rg_graph *graph, const char *path)
{
    const char *key = meta_get(m, "measures_key"), *extra = meta_get(m, "measures_extra");
    OGRLayerH layer = key ? GDALDatasetGetLayerByName(ds, RG_I_GF_MEASURES) : NULL;
    rg_status st;
    if (*direct && layer) {
        st = rg_i_gf_direct_measures(*direct, layer, key, extra, graph, path);
        if (st != RG_OK || !declined(direct))
            return st;
    }
    return rg_i_gf_read_measures(ds, key, extra, graph, path);
}

rg_status rg_graph_read(const char *path, rg_graph **out)
{
    static const char *const drivers[] = {"GPKG", NULL};
    rg_i_gf_direct *direct = NULL;
    GDALDatasetH ds = NULL;
    OGRLayerH layer;
    meta m = {0};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *graph = NULL;
    struct stat sb;
    const char *format, *version;
    rg_status st = RG_OK;

    rg_i_library_init();
    *out = NULL;
    /* a graph file inside a zip (/vsizip/g.zip/g.gpkg) is GDAL's to find */
    if (strncmp(path, "/vsi", 4) == 0) {
        if (!rg_i_path_exists(path, NULL)) {
            st = rg_i_error(RG_ERR_IO, "%s: %s", path, strerror(ENOENT));
            goto cleanup;
        }
    } else if (stat(path, &sb) != 0 && errno != ELOOP) {
        st = rg_i_error(RG_ERR_IO, "%s: %s", path, strerror(errno));
        goto cleanup;
    } else if ((st = rg_i_input_open(path, 0)) != RG_OK) { /* a FIFO, a directory, a loop; noted */
        goto cleanup;
    }
    CPLErrorReset();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds) {
        /* not even a database: an empty, truncated or foreign file, or a corrupt one */
        st = rg_i_gf_gdal_fail(RG_ERR_FORMAT, path,
                               "not a regiongraph graph file (it cannot be opened "
                               "as a GeoPackage)");
        goto cleanup;
    }
    if (!(layer = GDALDatasetGetLayerByName(ds, RG_I_GF_META))) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: not a regiongraph graph file (no rg_meta table)",
                        path);
        goto cleanup;
    }
    if ((st = read_meta(layer, path, &m)) != RG_OK)
        goto cleanup;
    format = meta_get(&m, "format");
    version = meta_get(&m, "version");
    if (!format || strcmp(format, RG_I_GRAPHFILE_FORMAT) != 0) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: not a regiongraph graph file (rg_meta format is "
                        "'%s')", path, format ? format : "");
        goto cleanup;
    }
    if (!version || strcmp(version, RG_I_GRAPHFILE_VERSION) != 0) {
        st = rg_i_error(RG_ERR_FORMAT,
                        "%s: graph file version '%s' is not supported (this "
                        "build reads version " RG_I_GRAPHFILE_VERSION ")",
                        path, version ? version : "");
        goto cleanup;
    }
    /* The big tables through SQLite when the direct reader takes them; a table it declines
     * is read again through OGR, and so are the tables after it. */
    if ((st = rg_i_gf_direct_open(path, &direct)) != RG_OK ||
        (st = read_regions(ds, direct, &m, path, 1, &r)) != RG_OK)
        goto cleanup;
    if (declined(&direct)) {
        rg_regions_free(r);
        r = NULL;
        if ((st = read_regions(ds, NULL, &m, path, 0, &r)) != RG_OK)
            goto cleanup;
    }
    if ((st = read_borders(ds, direct, &m, r, path, &adj)) != RG_OK)
        goto cleanup;
    if (declined(&direct)) {
        rg_adjacency_free(adj);
        adj = NULL;
        if ((st = read_borders(ds, NULL, &m, r, path, &adj)) != RG_OK)
            goto cleanup;
    }
    if ((st = rg_i_gf_check_loaded(r, adj, path)) != RG_OK)
        goto cleanup;
    st = rg_graph_new(r, adj, &graph);
    r = NULL; /* rg_graph_new took both, also on failure */
    adj = NULL;
    if (st != RG_OK || (st = read_coordination(ds, &m, path, graph)) != RG_OK ||
        (st = read_measures(ds, &direct, &m, graph, path)) != RG_OK)
        goto cleanup;
    rg_i_inputs_note_recorded(meta_get(&m, "inputs"), path); /* no layer replaces a source */
    *out = graph;
    graph = NULL;
cleanup:
    rg_i_gf_direct_close(direct);
    if (ds)
        rg_i_gf_close_quietly(ds);
    rg_graph_free(graph);
    meta_release(&m);
    rg_regions_free(r);
    rg_adjacency_free(adj);
    return st;
}

