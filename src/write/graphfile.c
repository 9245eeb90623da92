/* The graph file: a GeoPackage written and read through GDAL's GPKG driver.
 *
 * Layers: `regions` (one MultiPolygon feature per region, FID = region index + 1, every source
 * field), `borders` (one feature per adjacent pair: MultiLineString for stretches, MultiPoint
 * for touching points; `level` names the level of both sides, since a code shared by levels
 * names a region on each; `contact` is border, point or island (rg_contact) and `gap_km` the
 * distance bridged, both absent from files written before tolerant contiguity, whose contact
 * follows `kind`) and the attribute table `rg_meta` (key, value). Coordinates go in and
 * out as WKB / strided arrays so they survive bit for bit.
 *
 * Coordination data, when the graph has it, adds the tables `mechanisms` (id, name, kind, year,
 * source), `members` (mechanism, member, kind; grouped by mechanism, in their order) and
 * `jurisdictions` (agency, region), and the point layer `agencies` (id, name, level; lon/lat
 * WGS84, null geometry without a location). rg_meta says `coordination` yes or no, and `level`
 * holds the default analysis level when there is one. Files written before these existed have
 * neither key and read back without coordination.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "model/hierarchy_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "base/atomic_internal.h"
#include "model/coordination_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/graphfile.h"

#define FORMAT_NAME "regiongraph"
#define FORMAT_VERSION "1"


/* ---------------------------------------------------------------- shared helpers */

/* Text of a real that reads back as the same double, as short as possible. */
static void format_real(double v, char *buf, size_t size)
{
    int prec;
    for (prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
}

/* The text a reader of the graph file rebuilds for a value: what ids and names are compared
 * with to know whether their field can give them back exactly. NULL for a null value. */
static const char *value_as_read(const rg_regions *r, size_t i, size_t f, char *buf, size_t size)
{
    const char *text = NULL;
    int64_t iv;
    double dv;
    switch (rg_regions_field_type(r, f)) {
    case RG_FIELD_INTEGER:
        if (!rg_regions_value_integer(r, i, f, &iv))
            return NULL;
        snprintf(buf, size, "%" PRId64, iv);
        return buf;
    case RG_FIELD_REAL:
        if (!rg_regions_value_real(r, i, f, &dv))
            return NULL;
        format_real(dv, buf, size);
        return buf;
    default:
        return rg_regions_value_string(r, i, f, &text) ? text : NULL;
    }
}

/* ---------------------------------------------------------------- writing */

typedef struct wkb {
    unsigned char *buf;
    size_t len, cap;
    int ok;
} wkb;

static void wkb_put(wkb *w, const void *p, size_t n)
{
    if (!w->ok || !rg_i_reserve((void **)&w->buf, &w->cap, w->len + n, 1)) {
        w->ok = 0;
        return;
    }
    memcpy(w->buf + w->len, p, n);
    w->len += n;
}

/* A WKB header in the machine's byte order, which WKB allows either way: coordinates are then
 * copied as they are, never converted. */
static void wkb_header(wkb *w, uint32_t type)
{
    const uint16_t probe = 1;
    unsigned char order = *(const unsigned char *)&probe; /* 1: little endian (NDR) */
    wkb_put(w, &order, 1);
    wkb_put(w, &type, 4);
}

static void wkb_u32(wkb *w, size_t v)
{
    uint32_t u = (uint32_t)v;
    wkb_put(w, &u, 4);
}

static OGRGeometryH wkb_to_geometry(const wkb *w)
{
    OGRGeometryH g = NULL;
    if (!w->ok || OGR_G_CreateFromWkbEx(w->buf, NULL, &g, w->len) != OGRERR_NONE)
        return NULL;
    return g;
}

/* A name for a column we add (the FID, the geometry, hidden id/name columns) that no source
 * field takes, ignoring case as SQLite does: base, then base_2, base_3... */
static void pick_column_name(const rg_regions *r, const char *base, const char *other,
                             char *buf, size_t size)
{
    size_t f, nf = rg_regions_field_count(r);
    int k, taken;
    for (k = 1;; k++) {
        if (k == 1)
            snprintf(buf, size, "%s", base);
        else
            snprintf(buf, size, "%s_%d", base, k);
        taken = other && rg_i_ascii_caseeq(buf, other);
        for (f = 0; f < nf && !taken; f++)
            taken = rg_i_ascii_caseeq(buf, rg_regions_field_name(r, f));
        if (!taken)
            return;
    }
}

/* Whether the field (by name) gives back every region's id (names == 0) or name when the file
 * is read. */
static int field_gives_back(const rg_regions *r, const char *field, int names)
{
    size_t n = rg_regions_count(r), i;
    long f = field ? rg_regions_field_index(r, field) : -1;
    char buf[64];
    if (f < 0) {
        /* No field: names default to the ids, ids have no default. */
        if (!names)
            return 0;
        for (i = 0; i < n; i++)
            if (strcmp(rg_regions_name(r, i), rg_regions_id(r, i)) != 0)
                return 0;
        return 1;
    }
    for (i = 0; i < n; i++) {
        const char *v = value_as_read(r, i, (size_t)f, buf, sizeof buf);
        const char *want = names ? rg_regions_name(r, i) : rg_regions_id(r, i);
        if (!v || strcmp(v, want) != 0)
            return 0;
    }
    return 1;
}

typedef struct write_plan {
    char fid[64], geom[64];
    char id_column[64], name_column[64]; /* empty: the ids (names) come from their field */
} write_plan;

static rg_status gdal_fail(rg_status st, const char *path, const char *what)
{
    const char *msg = CPLGetLastErrorMsg();
    if (msg && *msg)
        return rg_i_error(st, "%s: %s: %s", path, what, msg);
    return rg_i_error(st, "%s: %s", path, what);
}

/* Cleanup after a failure calls GDAL again (rollback, close), and what it says then would
 * overwrite the message of the failure itself: silence it for the duration. */
static void rollback_quietly(GDALDatasetH ds)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetRollbackTransaction(ds);
    CPLPopErrorHandler();
}

static void close_quietly(GDALDatasetH ds)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALClose(ds);
    CPLPopErrorHandler();
}

static rg_status begin_transaction(GDALDatasetH ds, const char *path)
{
    if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE)
        return gdal_fail(RG_ERR_IO, path, "cannot start a transaction");
    return RG_OK;
}

/* `what` says what failed to be written, e.g. "cannot write the borders". */
static rg_status commit_transaction(GDALDatasetH ds, const char *path, const char *what)
{
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        return gdal_fail(RG_ERR_IO, path, what);
    return RG_OK;
}

/* A table (type wkbNone) or a layer whose FID and geometry columns have the given names. */
static rg_status create_layer_named(GDALDatasetH ds, const char *name, OGRSpatialReferenceH srs,
                                    OGRwkbGeometryType type, const char *fid, const char *geom,
                                    const char *path, OGRLayerH *out)
{
    char **opts = NULL, what[128];
    opts = CSLSetNameValue(opts, "FID", fid);
    if (type != wkbNone)
        opts = CSLSetNameValue(opts, "GEOMETRY_NAME", geom);
    *out = GDALDatasetCreateLayer(ds, name, srs, type, opts);
    CSLDestroy(opts);
    if (!*out) {
        snprintf(what, sizeof what, "cannot create layer '%s'", name);
        return gdal_fail(RG_ERR_IO, path, what);
    }
    return RG_OK;
}

/* A table or a layer with the standard FID and geometry column names. */
static rg_status create_layer(GDALDatasetH ds, const char *name, OGRSpatialReferenceH srs,
                              OGRwkbGeometryType type, const char *path, OGRLayerH *out)
{
    return create_layer_named(ds, name, srs, type, "fid", "geom", path, out);
}

static rg_status new_feature(OGRLayerH layer, OGRFeatureH *out)
{
    if (!(*out = OGR_F_Create(OGR_L_GetLayerDefn(layer))))
        return RG_I_NOMEM();
    return RG_OK;
}

/* Writes the feature and frees it, also on failure (*feat is NULL after); `what` is the
 * message on failure, e.g. "cannot write a region". */
static rg_status store_feature(OGRLayerH layer, OGRFeatureH *feat, const char *path,
                               const char *what)
{
    rg_status st = RG_OK;
    if (OGR_L_CreateFeature(layer, *feat) != OGRERR_NONE)
        st = gdal_fail(RG_ERR_IO, path, what);
    OGR_F_Destroy(*feat);
    *feat = NULL;
    return st;
}

static rg_status layer_srs(const rg_regions *r, const char *path, OGRSpatialReferenceH *out)
{
    const char *wkt = rg_regions_crs_wkt(r);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    rg_status st = RG_OK;
    *out = NULL;
    if (!srs) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* No CRS means the data was taken as lon/lat WGS84; say so in the file. */
    if ((*wkt ? OSRSetFromUserInput(srs, wkt) : OSRImportFromEPSG(srs, 4326)) != OGRERR_NONE) {
        st = rg_i_error(RG_ERR_CRS, "%s: the layer's CRS cannot be written", path);
        goto cleanup;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    *out = srs;
    srs = NULL;
cleanup:
    if (srs)
        OSRDestroySpatialReference(srs);
    return st;
}

static rg_status add_field(OGRLayerH layer, const char *name, OGRFieldType type, int width,
                           const char *path)
{
    OGRFieldDefnH fd = OGR_Fld_Create(name, type);
    rg_status st = RG_OK;
    if (!fd)
        return RG_I_NOMEM();
    if (width > 0)
        OGR_Fld_SetWidth(fd, width);
    if (OGR_L_CreateField(layer, fd, FALSE) != OGRERR_NONE)
        st = gdal_fail(RG_ERR_IO, path, "cannot create field");
    OGR_Fld_Destroy(fd);
    return st;
}

static rg_status region_geometry(const rg_regions *r, size_t i, wkb *w, OGRGeometryH *out)
{
    const size_t *poly_start = rg_regions_poly_start(r), *ring_start = rg_regions_ring_start(r);
    const size_t *pt_start = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t p, ring;
    *out = NULL;
    if (poly_start[i] == poly_start[i + 1])
        return RG_OK;
    w->len = 0;
    w->ok = 1;
    wkb_header(w, 6); /* MultiPolygon */
    wkb_u32(w, poly_start[i + 1] - poly_start[i]);
    for (p = poly_start[i]; p < poly_start[i + 1]; p++) {
        wkb_header(w, 3); /* Polygon */
        wkb_u32(w, ring_start[p + 1] - ring_start[p]);
        for (ring = ring_start[p]; ring < ring_start[p + 1]; ring++) {
            wkb_u32(w, pt_start[ring + 1] - pt_start[ring]);
            wkb_put(w, xy + 2 * pt_start[ring], 16 * (pt_start[ring + 1] - pt_start[ring]));
        }
    }
    if (!w->ok)
        return RG_I_NOMEM();
    if (!(*out = wkb_to_geometry(w)))
        return rg_i_error(RG_ERR_INTERNAL, "region %zu: geometry rejected by GDAL", i);
    return RG_OK;
}

/* Fills feature i's fields from ctx and gives its geometry (NULL for none), built in w. */
typedef rg_status (*fill_feature)(const void *ctx, size_t i, OGRFeatureH feat, wkb *w,
                                  OGRGeometryH *g);

/* Writes n features (FID i + 1), filled by `fill`, in one transaction. `what_one` is the message
 * when a feature cannot be written, `what_all` when the transaction cannot be committed. */
static rg_status write_features(GDALDatasetH ds, OGRLayerH layer, size_t n, fill_feature fill,
                                const void *ctx, const char *path, const char *what_one,
                                const char *what_all)
{
    OGRFeatureH feat = NULL;
    wkb w = {0};
    size_t i;
    int in_tx = 0;
    rg_status st;

    if ((st = begin_transaction(ds, path)) != RG_OK)
        goto cleanup;
    in_tx = 1;
    for (i = 0; i < n; i++) {
        OGRGeometryH g = NULL;
        if ((st = new_feature(layer, &feat)) != RG_OK)
            goto cleanup;
        OGR_F_SetFID(feat, (GIntBig)i + 1);
        if ((st = fill(ctx, i, feat, &w, &g)) != RG_OK)
            goto cleanup;
        if (g)
            OGR_F_SetGeometryDirectly(feat, g);
        if ((st = store_feature(layer, &feat, path, what_one)) != RG_OK)
            goto cleanup;
    }
    in_tx = 0;
    st = commit_transaction(ds, path, what_all);
cleanup:
    if (in_tx)
        rollback_quietly(ds);
    if (feat)
        OGR_F_Destroy(feat);
    free(w.buf);
    return st;
}

typedef struct region_rows {
    const rg_regions *r;
    int id_col, name_col; /* -1: no hidden id (name) column */
} region_rows;

static rg_status fill_region(const void *ctx, size_t i, OGRFeatureH feat, wkb *w,
                             OGRGeometryH *g)
{
    const region_rows *rows = ctx;
    const rg_regions *r = rows->r;
    size_t f, nf = rg_regions_field_count(r);
    for (f = 0; f < nf; f++) {
        const rg_i_value *v = &r->values[i * nf + f];
        if (!v->text)
            OGR_F_SetFieldNull(feat, (int)f);
        else if (r->fields[f].type == RG_FIELD_INTEGER)
            OGR_F_SetFieldInteger64(feat, (int)f, v->i);
        else if (r->fields[f].type == RG_FIELD_REAL)
            OGR_F_SetFieldDouble(feat, (int)f, v->d);
        else
            OGR_F_SetFieldString(feat, (int)f, v->text);
    }
    if (rows->id_col >= 0)
        OGR_F_SetFieldString(feat, rows->id_col, rg_regions_id(r, i));
    if (rows->name_col >= 0)
        OGR_F_SetFieldString(feat, rows->name_col, rg_regions_name(r, i));
    return region_geometry(r, i, w, g);
}

static rg_status write_regions(GDALDatasetH ds, const rg_regions *r, const write_plan *plan,
                               const char *path)
{
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH layer;
    size_t nf = rg_regions_field_count(r), f;
    region_rows rows = {r, -1, -1};
    rg_status st;

    if ((st = layer_srs(r, path, &srs)) != RG_OK ||
        (st = create_layer_named(ds, "regions", srs, wkbMultiPolygon, plan->fid, plan->geom,
                                 path, &layer)) != RG_OK)
        goto cleanup;
    for (f = 0; f < nf; f++) {
        const rg_i_field *fd = &r->fields[f];
        OGRFieldType type = fd->type == RG_FIELD_INTEGER ? OFTInteger64
                            : fd->type == RG_FIELD_REAL  ? OFTReal
                                                         : OFTString;
        /* Only strings keep a width in a GeoPackage (TEXT(n)); the DBF width is in bytes,
         * never fewer than the UTF-8 characters GDAL checks against it. Numeric widths and
         * precisions live in rg_meta. */
        if ((st = add_field(layer, fd->name, type, type == OFTString ? fd->width : 0, path)) !=
            RG_OK)
            goto cleanup;
    }
    if (plan->id_column[0]) {
        rows.id_col = (int)nf;
        if ((st = add_field(layer, plan->id_column, OFTString, 0, path)) != RG_OK)
            goto cleanup;
    }
    if (plan->name_column[0]) {
        rows.name_col = (int)nf + (rows.id_col >= 0);
        if ((st = add_field(layer, plan->name_column, OFTString, 0, path)) != RG_OK)
            goto cleanup;
    }
    st = write_features(ds, layer, rg_regions_count(r), fill_region, &rows, path,
                        "cannot write a region", "cannot write the regions");
cleanup:
    if (srs)
        OSRDestroySpatialReference(srs);
    return st;
}

/* Lines of one point each are touching points (MultiPoint); anything else is stretches
 * (MultiLineString). Decided by the lines, not the rook flag, so reading gives back the same
 * lines whatever the flag says. */
static rg_status border_geometry(const rg_adjacency *adj, size_t k, wkb *w, OGRGeometryH *out)
{
    const size_t *pt_start = rg_adjacency_line_pt_start(adj);
    const double *xy = rg_adjacency_xy(adj);
    size_t first, count, j;
    int points_only = 1;
    *out = NULL;
    rg_adjacency_border(adj, k, &first, &count);
    if (count == 0)
        return RG_OK;
    for (j = first; j < first + count; j++)
        points_only &= pt_start[j + 1] - pt_start[j] == 1;
    w->len = 0;
    w->ok = 1;
    wkb_header(w, points_only ? 4 : 5); /* MultiPoint : MultiLineString */
    wkb_u32(w, count);
    for (j = first; j < first + count; j++) {
        size_t npts = pt_start[j + 1] - pt_start[j];
        wkb_header(w, points_only ? 1 : 2);
        if (!points_only)
            wkb_u32(w, npts);
        wkb_put(w, xy + 2 * pt_start[j], 16 * npts);
    }
    if (!w->ok)
        return RG_I_NOMEM();
    if (!(*out = wkb_to_geometry(w)))
        return rg_i_error(RG_ERR_INTERNAL, "pair %zu: geometry rejected by GDAL", k);
    return RG_OK;
}

/* The `contact` values, by rg_contact. */
static const char *const contact_names[] = {"point", "border", "island"};

typedef struct border_rows {
    const rg_regions *r;
    const rg_adjacency *adj;
} border_rows;

static rg_status fill_border(const void *ctx, size_t k, OGRFeatureH feat, wkb *w,
                             OGRGeometryH *g)
{
    const border_rows *rows = ctx;
    const rg_regions *r = rows->r;
    size_t a, b;
    double km;
    int rook;
    rg_adjacency_pair(rows->adj, k, &a, &b, &km, &rook);
    OGR_F_SetFieldString(feat, 0, rg_regions_id(r, a));
    OGR_F_SetFieldString(feat, 1, rg_regions_id(r, b));
    OGR_F_SetFieldString(feat, 2, rook ? "rook" : "queen");
    OGR_F_SetFieldDouble(feat, 3, km);
    /* Both sides are on one level; the level tells which region a code shared by levels
     * means (Beijing borders Tianjin as provinces and as prefecture-level units). */
    OGR_F_SetFieldString(feat, 4, rg_regions_level_name(r, rg_regions_level(r, a)));
    OGR_F_SetFieldString(feat, 5, contact_names[rg_adjacency_contact(rows->adj, k)]);
    OGR_F_SetFieldDouble(feat, 6, rg_adjacency_gap_km(rows->adj, k));
    return border_geometry(rows->adj, k, w, g);
}

static rg_status write_borders(GDALDatasetH ds, const rg_regions *r, const rg_adjacency *adj,
                               const char *path)
{
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH layer;
    border_rows rows = {r, adj};
    rg_status st;

    /* The level names come from the index. */
    if ((st = rg_i_regions_index(r)) != RG_OK || (st = layer_srs(r, path, &srs)) != RG_OK ||
        (st = create_layer(ds, "borders", srs, wkbUnknown, path, &layer)) != RG_OK ||
        (st = add_field(layer, "id_a", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "id_b", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "kind", OFTString, 5, path)) != RG_OK ||
        (st = add_field(layer, "length_km", OFTReal, 0, path)) != RG_OK ||
        (st = add_field(layer, "level", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "contact", OFTString, 6, path)) != RG_OK ||
        (st = add_field(layer, "gap_km", OFTReal, 0, path)) != RG_OK)
        goto cleanup;
    st = write_features(ds, layer, rg_adjacency_count(adj), fill_border, &rows, path,
                        "cannot write a border", "cannot write the borders");
cleanup:
    if (srs)
        OSRDestroySpatialReference(srs);
    return st;
}

static rg_status meta_row(OGRLayerH layer, const char *key, const char *value, const char *path)
{
    OGRFeatureH feat;
    rg_status st;
    if ((st = new_feature(layer, &feat)) != RG_OK)
        return st;
    OGR_F_SetFieldString(feat, 0, key);
    OGR_F_SetFieldString(feat, 1, value ? value : "");
    return store_feature(layer, &feat, path, "cannot write rg_meta");
}

static rg_status write_meta(GDALDatasetH ds, const rg_graph *graph, const write_plan *plan,
                            const char *path)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    OGRLayerH layer;
    char num[64], key[512];
    size_t f;
    int in_tx = 0;
    rg_status st;

    layer = GDALDatasetCreateLayer(ds, "rg_meta", NULL, wkbNone, NULL);
    if (!layer) {
        st = gdal_fail(RG_ERR_IO, path, "cannot create table 'rg_meta'");
        goto cleanup;
    }
    if ((st = add_field(layer, "key", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "value", OFTString, 0, path)) != RG_OK ||
        (st = begin_transaction(ds, path)) != RG_OK)
        goto cleanup;
    in_tx = 1;
    if ((st = meta_row(layer, "format", FORMAT_NAME, path)) != RG_OK ||
        (st = meta_row(layer, "version", FORMAT_VERSION, path)) != RG_OK ||
        (st = meta_row(layer, "contiguity",
                       adj->kind == RG_CONTIGUITY_ROOK ? "rook" : "queen", path)) != RG_OK ||
        (st = meta_row(layer, "source", rg_regions_source(r), path)) != RG_OK ||
        (st = meta_row(layer, "id_field", rg_regions_id_field(r), path)) != RG_OK ||
        (st = meta_row(layer, "name_field", rg_regions_name_field(r), path)) != RG_OK)
        goto cleanup;
    snprintf(num, sizeof num, "%zu", rg_regions_count(r));
    if ((st = meta_row(layer, "regions", num, path)) != RG_OK)
        goto cleanup;
    snprintf(num, sizeof num, "%zu", rg_adjacency_count(adj));
    if ((st = meta_row(layer, "pairs", num, path)) != RG_OK ||
        (st = meta_row(layer, "crs", rg_regions_crs_wkt(r), path)) != RG_OK)
        goto cleanup;
    if (plan->id_column[0] && (st = meta_row(layer, "id_column", plan->id_column, path)) != RG_OK)
        goto cleanup;
    if (plan->name_column[0] &&
        (st = meta_row(layer, "name_column", plan->name_column, path)) != RG_OK)
        goto cleanup;
    if ((st = meta_row(layer, "coordination", rg_graph_coordination(graph) ? "yes" : "no",
                       path)) != RG_OK ||
        (rg_graph_default_level(graph) &&
         (st = meta_row(layer, "level", rg_graph_default_level(graph), path)) != RG_OK))
        goto cleanup;
    /* GeoPackage columns have no width or precision for numbers; keep the source's here. */
    for (f = 0; f < rg_regions_field_count(r); f++) {
        snprintf(key, sizeof key, "field:%s", r->fields[f].name);
        snprintf(num, sizeof num, "%d,%d", r->fields[f].width, r->fields[f].precision);
        if ((st = meta_row(layer, key, num, path)) != RG_OK)
            goto cleanup;
    }
    in_tx = 0;
    st = commit_transaction(ds, path, "cannot write rg_meta");
cleanup:
    if (in_tx)
        rollback_quietly(ds);
    return st;
}

/* ---------------------------------------------------------------- coordination: writing */

static rg_status write_mechanisms(GDALDatasetH ds, const rg_coordination *c, const char *path)
{
    OGRLayerH layer, members;
    OGRFeatureH feat = NULL;
    size_t nm = rg_coordination_mechanism_count(c), m, k;
    rg_status st;

    if ((st = create_layer(ds, "mechanisms", NULL, wkbNone, path, &layer)) != RG_OK ||
        (st = add_field(layer, "id", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "name", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "kind", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "year", OFTInteger, 0, path)) != RG_OK ||
        (st = add_field(layer, "source", OFTString, 0, path)) != RG_OK ||
        (st = create_layer(ds, "members", NULL, wkbNone, path, &members)) != RG_OK ||
        (st = add_field(members, "mechanism", OFTString, 0, path)) != RG_OK ||
        (st = add_field(members, "member", OFTString, 0, path)) != RG_OK ||
        (st = add_field(members, "kind", OFTString, 6, path)) != RG_OK)
        goto cleanup;
    for (m = 0; m < nm; m++) {
        int year = rg_coordination_mechanism_year(c, m);
        if ((st = new_feature(layer, &feat)) != RG_OK)
            goto cleanup;
        OGR_F_SetFID(feat, (GIntBig)m + 1);
        OGR_F_SetFieldString(feat, 0, rg_coordination_mechanism_id(c, m));
        OGR_F_SetFieldString(feat, 1, rg_coordination_mechanism_name(c, m));
        OGR_F_SetFieldString(feat, 2, rg_coordination_mechanism_kind(c, m));
        if (year)
            OGR_F_SetFieldInteger(feat, 3, year);
        else
            OGR_F_SetFieldNull(feat, 3);
        OGR_F_SetFieldString(feat, 4, rg_coordination_mechanism_source(c, m));
        if ((st = store_feature(layer, &feat, path, "cannot write to 'mechanisms'")) != RG_OK)
            goto cleanup;
        for (k = 0; k < rg_coordination_member_count(c, m); k++) {
            if ((st = new_feature(members, &feat)) != RG_OK)
                goto cleanup;
            OGR_F_SetFieldString(feat, 0, rg_coordination_mechanism_id(c, m));
            OGR_F_SetFieldString(feat, 1, rg_coordination_member_id(c, m, k));
            OGR_F_SetFieldString(feat, 2, rg_coordination_member_kind(c, m, k) == RG_MEMBER_AGENCY
                                              ? "agency" : "region");
            if ((st = store_feature(members, &feat, path, "cannot write to 'members'")) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    return st;
}

static rg_status write_agencies(GDALDatasetH ds, const rg_coordination *c, const char *path)
{
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH layer, jur;
    OGRFeatureH feat = NULL;
    size_t na = rg_coordination_agency_count(c), a, k;
    double lon, lat;
    rg_status st;

    if (!(srs = OSRNewSpatialReference(NULL)) || OSRImportFromEPSG(srs, 4326) != OGRERR_NONE) {
        st = rg_i_error(RG_ERR_CRS, "%s: cannot make the CRS of layer 'agencies' (EPSG:4326)",
                        path);
        goto cleanup;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    if ((st = create_layer(ds, "agencies", srs, wkbPoint, path, &layer)) != RG_OK ||
        (st = add_field(layer, "id", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "name", OFTString, 0, path)) != RG_OK ||
        (st = add_field(layer, "level", OFTString, 0, path)) != RG_OK ||
        (st = create_layer(ds, "jurisdictions", NULL, wkbNone, path, &jur)) != RG_OK ||
        (st = add_field(jur, "agency", OFTString, 0, path)) != RG_OK ||
        (st = add_field(jur, "region", OFTString, 0, path)) != RG_OK)
        goto cleanup;
    for (a = 0; a < na; a++) {
        if ((st = new_feature(layer, &feat)) != RG_OK)
            goto cleanup;
        OGR_F_SetFID(feat, (GIntBig)a + 1);
        OGR_F_SetFieldString(feat, 0, rg_coordination_agency_id(c, a));
        OGR_F_SetFieldString(feat, 1, rg_coordination_agency_name(c, a));
        OGR_F_SetFieldString(feat, 2, rg_coordination_agency_level(c, a));
        if (rg_coordination_agency_location(c, a, &lon, &lat)) {
            OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
            if (!g) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            OGR_G_SetPoint_2D(g, 0, lon, lat);
            OGR_F_SetGeometryDirectly(feat, g);
        }
        if ((st = store_feature(layer, &feat, path, "cannot write to 'agencies'")) != RG_OK)
            goto cleanup;
        for (k = 0; k < rg_coordination_jurisdiction_count(c, a); k++) {
            if ((st = new_feature(jur, &feat)) != RG_OK)
                goto cleanup;
            OGR_F_SetFieldString(feat, 0, rg_coordination_agency_id(c, a));
            OGR_F_SetFieldString(feat, 1, rg_coordination_jurisdiction_id(c, a, k));
            if ((st = store_feature(jur, &feat, path, "cannot write to 'jurisdictions'")) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    if (srs)
        OSRDestroySpatialReference(srs);
    return st;
}

/* The four coordination layers, in one transaction (they are small next to the regions). */
static rg_status write_coordination(GDALDatasetH ds, const rg_coordination *c, const char *path)
{
    rg_status st;
    if ((st = begin_transaction(ds, path)) != RG_OK)
        return st;
    if ((st = write_mechanisms(ds, c, path)) != RG_OK ||
        (st = write_agencies(ds, c, path)) != RG_OK) {
        rollback_quietly(ds);
        return st;
    }
    return commit_transaction(ds, path, "cannot write the coordination data");
}

/* SQLite leaves -journal / -wal / -shm files beside a database it did not close cleanly. */
static void remove_database(const char *file)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    size_t k, len = strlen(file);
    char *p = malloc(len + 16);
    if (!p)
        return;
    for (k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        snprintf(p, len + 16, "%s%s", file, suffixes[k]);
        unlink(p);
    }
    free(p);
}

static rg_status sync_file(const char *file, const char *path)
{
    int fd = open(file, O_RDONLY);
    rg_status st = RG_OK;
    if (fd < 0 || fsync(fd) != 0)
        st = rg_i_error(RG_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    return st;
}

/* GDAL settings for our write, set for this thread only and put back afterwards:
 * - SQLite's syncs at every commit would only protect a temporary file that a crash throws
 *   away anyway; the file is fsynced once, before the rename.
 * - GDAL 3.6 fills the R-tree from a background thread, which inside our explicit
 *   transactions waits on SQLite's lock for seconds (measured: 7.0 s against 3.5 s for 90 000
 *   regions and 180 000 borders); building it at close is faster. */
static const char *const gdal_settings[][2] = {
    {"OGR_SQLITE_SYNCHRONOUS", "OFF"},
    {"OGR_GPKG_ALLOW_THREADED_RTREE", "NO"},
};
#define NSETTINGS (sizeof gdal_settings / sizeof gdal_settings[0])

static void settings_apply(char **saved)
{
    size_t k;
    for (k = 0; k < NSETTINGS; k++) {
        const char *old = CPLGetThreadLocalConfigOption(gdal_settings[k][0], NULL);
        saved[k] = old ? CPLStrdup(old) : NULL;
        CPLSetThreadLocalConfigOption(gdal_settings[k][0], gdal_settings[k][1]);
    }
}

static void settings_restore(char **saved)
{
    size_t k;
    for (k = 0; k < NSETTINGS; k++) {
        CPLSetThreadLocalConfigOption(gdal_settings[k][0], saved[k]);
        CPLFree(saved[k]);
        saved[k] = NULL;
    }
}

rg_status rg_graph_write(const rg_graph *graph, const char *path)
{
    const rg_regions *r;
    rg_i_atomic atomic;
    write_plan plan;
    GDALDriverH drv;
    GDALDatasetH ds = NULL;
    char *gpkg = NULL, *saved[NSETTINGS] = {NULL};
    int applied = 0, watch = 0;
    size_t len;
    rg_status st = RG_OK;

    rg_i_library_init();
    memset(&atomic, 0, sizeof atomic);
    memset(&plan, 0, sizeof plan);
    r = rg_graph_regions(graph);
    pick_column_name(r, "fid", NULL, plan.fid, sizeof plan.fid);
    pick_column_name(r, "geom", NULL, plan.geom, sizeof plan.geom);
    if (!field_gives_back(r, rg_regions_id_field(r), 0))
        pick_column_name(r, "rg_id", NULL, plan.id_column, sizeof plan.id_column);
    if (!field_gives_back(r, rg_regions_name_field(r), 1))
        pick_column_name(r, "rg_name", plan.id_column, plan.name_column, sizeof plan.name_column);

    if (!(drv = GDALGetDriverByName("GPKG"))) {
        st = rg_i_error(RG_ERR_INTERNAL, "%s: GDAL has no GPKG driver", path);
        goto cleanup;
    }
    /* GDAL must create the database itself, under a name ending in .gpkg (the driver warns
     * otherwise). The empty file from rg_i_atomic_begin reserves "<tmp>", so "<tmp>.gpkg" is
     * ours too; the reservation is removed by the abort at the end. */
    if ((st = rg_i_atomic_begin(&atomic, path, 0)) != RG_OK)
        goto cleanup;
    len = strlen(atomic.tmp) + sizeof ".gpkg";
    if (!(gpkg = malloc(len))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    snprintf(gpkg, len, "%s.gpkg", atomic.tmp);
    watch = rg_i_temporary_watch(gpkg); /* removed with its journals if a signal stops us */
    settings_apply(saved);
    applied = 1;
    CPLErrorReset();
    ds = GDALCreate(drv, gpkg, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds) {
        st = gdal_fail(RG_ERR_IO, path, "cannot create the GeoPackage");
        goto cleanup;
    }
    if ((st = write_regions(ds, r, &plan, path)) != RG_OK ||
        (st = write_borders(ds, r, rg_graph_adjacency(graph), path)) != RG_OK ||
        (st = write_meta(ds, graph, &plan, path)) != RG_OK ||
        (rg_graph_coordination(graph) &&
         (st = write_coordination(ds, rg_graph_coordination(graph), path)) != RG_OK))
        goto cleanup;
    /* GDALClose reports nothing in GDAL 3.6, yet it is where the spatial index is built and
     * the last pages are written: look at the error state it leaves. */
    CPLErrorReset();
    GDALClose(ds);
    ds = NULL;
    if (CPLGetLastErrorType() >= CE_Failure) {
        st = gdal_fail(RG_ERR_IO, path, "cannot finish the GeoPackage");
        goto cleanup;
    }
    if ((st = sync_file(gpkg, path)) != RG_OK)
        goto cleanup;
    if (rename(gpkg, path) != 0) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot replace it: %s", path, strerror(errno));
        goto cleanup;
    }
    free(gpkg);
    gpkg = NULL; /* in place now: not to be removed */
cleanup:
    if (ds)
        close_quietly(ds); /* only after a failure: on success it was closed above */
    if (applied)
        settings_restore(saved);
    if (gpkg)
        remove_database(gpkg);
    rg_temporary_done(watch);
    free(gpkg);
    rg_i_atomic_abort(&atomic);
    return st;
}

/* ---------------------------------------------------------------- reading */

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
    int kf = OGR_FD_GetFieldIndex(defn, "key"), vf = OGR_FD_GetFieldIndex(defn, "value");
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
        format_real(v->d, buf, sizeof buf);
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

/* layer_field() for a field read as text. */
static rg_status text_field(OGRLayerH layer, const char *layer_name, const char *name,
                            const char *path, int *idx)
{
    rg_status st = layer_field(layer, layer_name, name, path, idx);
    return st != RG_OK ? st : check_text_field(layer, layer_name, *idx, path);
}

static rg_status read_regions(GDALDatasetH ds, const meta *m, const char *path, rg_regions **out)
{
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "regions");
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
    if ((id_column && (st = layer_field(layer, "regions", id_column, path, &id_idx)) != RG_OK) ||
        (name_column &&
         (st = layer_field(layer, "regions", name_column, path, &name_idx)) != RG_OK))
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
    } else if ((st = rg_i_regions_set_crs(r, "", 1, 1.0)) != RG_OK) {
        goto cleanup;
    }

    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
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
    if ((st = check_meta_count(m, "regions", "regions", count, path)) != RG_OK)
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

static rg_status read_borders(GDALDatasetH ds, const meta *m, const rg_regions *r,
                              const char *path, rg_adjacency **out)
{
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "borders");
    OGRFeatureH feat = NULL;
    rg_adjacency *adj = NULL;
    const char *kind_text = meta_get(m, "contiguity");
    rg_contiguity kind;
    double *buf = NULL;
    size_t cap = 0, count = 0;
    int fa, fb, fk, fl, flevel, fcontact, fgap;
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
    if ((st = text_field(layer, "borders", "id_a", path, &fa)) != RG_OK ||
        (st = text_field(layer, "borders", "id_b", path, &fb)) != RG_OK ||
        (st = text_field(layer, "borders", "kind", path, &fk)) != RG_OK ||
        (st = layer_field(layer, "borders", "length_km", path, &fl)) != RG_OK ||
        (st = rg_i_regions_index(r)) != RG_OK || (st = rg_i_adjacency_new(kind, &adj)) != RG_OK)
        goto cleanup;
    /* Files from before levels were stored have no level column: their ids are unique. */
    flevel = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "level");
    /* Nor have files from before tolerant contiguity a contact or gap: exact, told by kind. */
    fcontact = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "contact");
    fgap = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "gap_km");
    if ((flevel >= 0 && (st = check_text_field(layer, "borders", flevel, path)) != RG_OK) ||
        (fcontact >= 0 && (st = check_text_field(layer, "borders", fcontact, path)) != RG_OK))
        goto cleanup;
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        GIntBig fid = OGR_F_GetFID(feat);
        const char *ida = OGR_F_GetFieldAsString(feat, fa), *idb = OGR_F_GetFieldAsString(feat, fb);
        const char *k = OGR_F_GetFieldAsString(feat, fk);
        const char *level = flevel >= 0 && OGR_F_IsFieldSetAndNotNull(feat, flevel)
                                ? OGR_F_GetFieldAsString(feat, flevel)
                                : "";
        long li = *level ? rg_regions_level_index(r, level) : -1, la, lb;
        size_t a, b, t;
        int rook;
        rg_contact contact;
        double gap = 0;
        OGRGeometryH g;
        if (*level && li < 0) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": level '%s' is not a "
                            "level of the regions", path, (int64_t)fid, level);
            goto cleanup;
        }
        la = li >= 0 ? rg_i_regions_find_in_level(r, ida, (size_t)li) : rg_regions_find(r, ida);
        lb = li >= 0 ? rg_i_regions_find_in_level(r, idb, (size_t)li) : rg_regions_find(r, idb);
        if (la < 0 || lb < 0) {
            const char *bad = la < 0 ? ida : idb;
            if (li >= 0 && rg_regions_find(r, bad) >= 0)
                st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": %s '%s' is not a "
                                "region of level '%s'", path, (int64_t)fid,
                                la < 0 ? "id_a" : "id_b", bad, level);
            else
                st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": %s '%s' is not a "
                                "region id", path, (int64_t)fid, la < 0 ? "id_a" : "id_b", bad);
            goto cleanup;
        }
        a = (size_t)la;
        b = (size_t)lb;
        if (a == b) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": joins region '%s' "
                            "to itself", path, (int64_t)fid, ida);
            goto cleanup;
        }
        if (strcmp(k, "rook") == 0) {
            rook = 1;
        } else if (strcmp(k, "queen") == 0) {
            rook = 0;
        } else {
            st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": kind '%s' is not "
                            "rook or queen", path, (int64_t)fid, k);
            goto cleanup;
        }
        contact = rook ? RG_CONTACT_BORDER : RG_CONTACT_POINT;
        if (fcontact >= 0 && OGR_F_IsFieldSetAndNotNull(feat, fcontact)) {
            const char *c = OGR_F_GetFieldAsString(feat, fcontact);
            if (strcmp(c, "border") == 0)
                contact = RG_CONTACT_BORDER;
            else if (strcmp(c, "point") == 0)
                contact = RG_CONTACT_POINT;
            else if (strcmp(c, "island") == 0)
                contact = RG_CONTACT_ISLAND;
            else {
                st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": contact '%s' is "
                                "not border, point or island", path, (int64_t)fid, c);
                goto cleanup;
            }
            if ((contact == RG_CONTACT_BORDER) != rook) {
                st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": contact '%s' "
                                "contradicts kind '%s'", path, (int64_t)fid, c, k);
                goto cleanup;
            }
        }
        if (fgap >= 0 && OGR_F_IsFieldSetAndNotNull(feat, fgap)) {
            gap = OGR_F_GetFieldAsDouble(feat, fgap);
            if (!(gap >= 0) || !isfinite(gap)) {
                st = rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": gap_km %g is "
                                "not a distance", path, (int64_t)fid, gap);
                goto cleanup;
            }
        }
        if (a > b) {
            t = a;
            a = b;
            b = t;
        }
        if ((st = rg_i_adjacency_add_pair_ex(adj, a, b, OGR_F_GetFieldAsDouble(feat, fl),
                                             contact, gap)) != RG_OK)
            goto cleanup;
        g = OGR_F_GetGeometryRef(feat);
        if (g && !OGR_G_IsEmpty(g) && (st = add_lines(adj, g, path, fid, &buf, &cap)) != RG_OK)
            goto cleanup;
        OGR_F_Destroy(feat);
        feat = NULL;
        count++;
    }
    if ((st = check_meta_count(m, "pairs", "borders", count, path)) != RG_OK)
        goto cleanup;
    *out = adj;
    adj = NULL;
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    free(buf);
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

static rg_status read_mechanisms(OGRLayerH layer, const char *path, rg_coordination *c)
{
    OGRFeatureH feat = NULL;
    int fi, fn, fk, fy, fs;
    rg_status st;
    if ((st = text_field(layer, "mechanisms", "id", path, &fi)) != RG_OK ||
        (st = text_field(layer, "mechanisms", "name", path, &fn)) != RG_OK ||
        (st = text_field(layer, "mechanisms", "kind", path, &fk)) != RG_OK ||
        (st = layer_field(layer, "mechanisms", "year", path, &fy)) != RG_OK ||
        (st = text_field(layer, "mechanisms", "source", path, &fs)) != RG_OK)
        return st;
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        int year = OGR_F_IsFieldSetAndNotNull(feat, fy) ? OGR_F_GetFieldAsInteger(feat, fy) : 0;
        st = rg_i_coordination_add_mechanism(c, OGR_F_GetFieldAsString(feat, fi),
                                             OGR_F_GetFieldAsString(feat, fn),
                                             OGR_F_GetFieldAsString(feat, fk), year,
                                             OGR_F_GetFieldAsString(feat, fs),
                                             feature_number(feat), NULL);
        OGR_F_Destroy(feat);
        if (st != RG_OK)
            return st;
    }
    return RG_OK;
}

static rg_status read_agencies(OGRLayerH layer, const char *path, rg_coordination *c)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    OGRFeatureH feat = NULL;
    rg_i_to_wgs84 *to_wgs84 = NULL;
    char *wkt = NULL;
    int fi, fn, fl;
    rg_status st;
    if ((st = text_field(layer, "agencies", "id", path, &fi)) != RG_OK ||
        (st = text_field(layer, "agencies", "name", path, &fn)) != RG_OK ||
        (st = text_field(layer, "agencies", "level", path, &fl)) != RG_OK)
        goto cleanup;
    /* Written in lon/lat WGS84; another tool may have reprojected the layer since. */
    if (srs) {
        if (OSRExportToWkt(srs, &wkt) != OGRERR_NONE || !wkt) {
            st = rg_i_error(RG_ERR_CRS, "%s: the CRS of layer 'agencies' cannot be read", path);
            goto cleanup;
        }
        if ((st = rg_i_to_wgs84_new(wkt, &to_wgs84)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
    }
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(feat);
        size_t number = feature_number(feat);
        double xy[2] = {0, 0};
        int located = g && !OGR_G_IsEmpty(g);
        if (located) {
            if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
                st = rg_i_error(RG_ERR_FORMAT, "%s: agencies feature %zu: geometry is not a point",
                                path, number);
                goto cleanup;
            }
            xy[0] = OGR_G_GetX(g, 0);
            xy[1] = OGR_G_GetY(g, 0);
            if (to_wgs84 && (st = rg_i_to_wgs84_apply(to_wgs84, xy, 1)) != RG_OK)
                goto cleanup;
        }
        if ((st = rg_i_coordination_add_agency(c, OGR_F_GetFieldAsString(feat, fi),
                                               OGR_F_GetFieldAsString(feat, fn),
                                               OGR_F_GetFieldAsString(feat, fl), located, xy[0],
                                               xy[1], number, NULL)) != RG_OK)
            goto cleanup;
        OGR_F_Destroy(feat);
        feat = NULL;
    }
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    rg_i_to_wgs84_free(to_wgs84);
    CPLFree(wkt);
    return st;
}

static rg_status read_members(OGRLayerH layer, const char *path, rg_coordination *c)
{
    OGRFeatureH feat = NULL;
    int fm, fid, fk;
    rg_status st;
    if ((st = text_field(layer, "members", "mechanism", path, &fm)) != RG_OK ||
        (st = text_field(layer, "members", "member", path, &fid)) != RG_OK ||
        (st = text_field(layer, "members", "kind", path, &fk)) != RG_OK)
        goto cleanup;
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        const char *mech = OGR_F_GetFieldAsString(feat, fm);
        const char *kind = OGR_F_GetFieldAsString(feat, fk);
        long mi = rg_i_coordination_mechanism_index(c, mech);
        size_t number = feature_number(feat);
        int k;
        if (mi < 0) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: members feature %zu: mechanism '%s' is not in "
                            "layer 'mechanisms'", path, number, mech);
            goto cleanup;
        }
        /* An empty kind (a row added by hand) is found out by resolution. */
        if (strcmp(kind, "region") == 0) {
            k = RG_MEMBER_REGION;
        } else if (strcmp(kind, "agency") == 0) {
            k = RG_MEMBER_AGENCY;
        } else if (!*kind) {
            k = RG_I_MEMBER_UNKNOWN;
        } else {
            st = rg_i_error(RG_ERR_FORMAT, "%s: members feature %zu: kind '%s' is not region or "
                            "agency", path, number, kind);
            goto cleanup;
        }
        if ((st = rg_i_coordination_add_member(c, (size_t)mi, OGR_F_GetFieldAsString(feat, fid),
                                               k, number)) != RG_OK)
            goto cleanup;
        OGR_F_Destroy(feat);
        feat = NULL;
    }
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    return st;
}

static rg_status read_jurisdictions(OGRLayerH layer, const char *path, rg_coordination *c)
{
    OGRFeatureH feat = NULL;
    int fa, fr;
    rg_status st;
    if ((st = text_field(layer, "jurisdictions", "agency", path, &fa)) != RG_OK ||
        (st = text_field(layer, "jurisdictions", "region", path, &fr)) != RG_OK)
        goto cleanup;
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        const char *agency = OGR_F_GetFieldAsString(feat, fa);
        long ai = rg_coordination_agency_index(c, agency);
        size_t number = feature_number(feat);
        if (ai < 0) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: jurisdictions feature %zu: agency '%s' is not in "
                            "layer 'agencies'", path, number, agency);
            goto cleanup;
        }
        if ((st = rg_i_coordination_add_jurisdiction(c, (size_t)ai,
                                                     OGR_F_GetFieldAsString(feat, fr), number)) !=
            RG_OK)
            goto cleanup;
        OGR_F_Destroy(feat);
        feat = NULL;
    }
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
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
    if ((st = coord_layer(ds, "mechanisms", path, &l.mechanisms)) != RG_OK ||
        (st = coord_layer(ds, "members", path, &l.members)) != RG_OK ||
        (st = coord_layer(ds, "agencies", path, &l.agencies)) != RG_OK ||
        (st = coord_layer(ds, "jurisdictions", path, &l.jurisdictions)) != RG_OK ||
        (st = rg_i_coordination_new(&c)) != RG_OK)
        goto cleanup;
    for (t = RG_I_COORD_MECHANISMS; t <= RG_I_COORD_JURISDICTIONS; t++)
        if ((st = rg_i_coordination_set_origin(c, (rg_i_coord_table)t, path, units[t])) != RG_OK)
            goto cleanup;
    if ((st = read_mechanisms(l.mechanisms, path, c)) != RG_OK ||
        (st = read_agencies(l.agencies, path, c)) != RG_OK ||
        (st = read_members(l.members, path, c)) != RG_OK ||
        (st = read_jurisdictions(l.jurisdictions, path, c)) != RG_OK)
        goto cleanup;
    /* Resolution checks every stored id against the regions read, naming the feature. */
    st = rg_graph_set_coordination(graph, c);
    c = NULL;
cleanup:
    rg_coordination_free(c);
    return st;
}

rg_status rg_graph_read(const char *path, rg_graph **out)
{
    static const char *const drivers[] = {"GPKG", NULL};
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
    if (stat(path, &sb) != 0) {
        st = rg_i_error(RG_ERR_IO, "%s: %s", path, strerror(errno));
        goto cleanup;
    }
    CPLErrorReset();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds) {
        /* not even a database: an empty, truncated or foreign file, or a corrupt one */
        st = gdal_fail(RG_ERR_FORMAT, path, "not a regiongraph graph file (it cannot be opened "
                       "as a GeoPackage)");
        goto cleanup;
    }
    if (!(layer = GDALDatasetGetLayerByName(ds, "rg_meta"))) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: not a regiongraph graph file (no rg_meta table)",
                        path);
        goto cleanup;
    }
    if ((st = read_meta(layer, path, &m)) != RG_OK)
        goto cleanup;
    format = meta_get(&m, "format");
    version = meta_get(&m, "version");
    if (!format || strcmp(format, FORMAT_NAME) != 0) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: not a regiongraph graph file (rg_meta format is "
                        "'%s')", path, format ? format : "");
        goto cleanup;
    }
    if (!version || strcmp(version, FORMAT_VERSION) != 0) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: graph file version '%s' is not supported (this "
                        "build reads version " FORMAT_VERSION ")", path, version ? version : "");
        goto cleanup;
    }
    if ((st = read_regions(ds, &m, path, &r)) != RG_OK ||
        (st = read_borders(ds, &m, r, path, &adj)) != RG_OK)
        goto cleanup;
    st = rg_graph_new(r, adj, &graph);
    r = NULL; /* rg_graph_new took both, also on failure */
    adj = NULL;
    if (st != RG_OK || (st = read_coordination(ds, &m, path, graph)) != RG_OK)
        goto cleanup;
    *out = graph;
    graph = NULL;
cleanup:
    if (ds)
        close_quietly(ds);
    rg_graph_free(graph);
    meta_release(&m);
    rg_regions_free(r);
    rg_adjacency_free(adj);
    return st;
}
