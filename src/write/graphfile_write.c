/* The graph file's writer: a graph into a GeoPackage through GDAL's GPKG driver, under a
 * temporary name renamed into place (the schema is in graphfile_internal.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "geom/crs_internal.h"
#include "model/adjacency_internal.h"
#include "model/regions_internal.h"
#include "model/coordination_internal.h"
#include "regiongraph/graphfile.h"
#include "write/graphfile_internal.h"
#include "write/graphfile_rtree_internal.h"

const rg_i_gf_field rg_i_gf_borders[RG_I_GF_BORDER_COLUMNS] = {
    {"id_a", OFTString, 0},      {"id_b", OFTString, 0},  {"kind", OFTString, 5},
    {"length_km", OFTReal, 0},   {"level", OFTString, 0}, {"contact", OFTString, 6},
    {"gap_km", OFTReal, 0}};
const rg_i_gf_field rg_i_gf_meta[RG_I_GF_META_COLUMNS] = {{"key", OFTString, 0},
                                                          {"value", OFTString, 0}};
const rg_i_gf_field rg_i_gf_mechanisms[RG_I_GF_MECHANISM_COLUMNS] = {
    {"id", OFTString, 0},    {"name", OFTString, 0},   {"kind", OFTString, 0},
    {"year", OFTInteger, 0}, {"source", OFTString, 0}, {"start", OFTString, 10},
    {"end", OFTString, 10}};
const rg_i_gf_field rg_i_gf_members[RG_I_GF_MEMBER_COLUMNS] = {
    {"mechanism", OFTString, 0}, {"member", OFTString, 0}, {"kind", OFTString, 6}};
const rg_i_gf_field rg_i_gf_agencies[RG_I_GF_AGENCY_COLUMNS] = {
    {"id", OFTString, 0}, {"name", OFTString, 0}, {"level", OFTString, 0}};
const rg_i_gf_field rg_i_gf_jurisdictions[RG_I_GF_JURISDICTION_COLUMNS] = {
    {"agency", OFTString, 0}, {"region", OFTString, 0}};

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
        rg_i_format_real(buf, size, dv);
        return buf;
    default:
        return rg_regions_value_string(r, i, f, &text) ? text : NULL;
    }
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
    rg_i_gf_progress *progress;
    char fid[64], geom[64];
    char id_column[64], name_column[64]; /* empty: the ids (names) come from their field */
} write_plan;

/* Cleanup after a failure calls GDAL again (rollback, close), and what it says then would
 * overwrite the message of the failure itself: silence it for the duration (closing:
 * rg_i_gf_close_quietly). */
static void rollback_quietly(GDALDatasetH ds)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetRollbackTransaction(ds);
    CPLPopErrorHandler();
}

static rg_status begin_transaction(GDALDatasetH ds, const char *path)
{
    if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE)
        return rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot start a transaction");
    return RG_OK;
}

/* `what` says what failed to be written, e.g. "cannot write the borders". */
static rg_status commit_transaction(GDALDatasetH ds, const char *path, const char *what)
{
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        return rg_i_gf_gdal_fail(RG_ERR_IO, path, what);
    return RG_OK;
}

/* A table (type wkbNone) or a layer whose FID and geometry columns have the given names. */
static rg_status create_layer_named(GDALDatasetH ds, const char *name, OGRSpatialReferenceH srs,
                                    OGRwkbGeometryType type, const char *fid, const char *geom,
                                    int packed_index, const char *path, OGRLayerH *out)
{
    char **opts = NULL, what[128];
    opts = CSLSetNameValue(opts, "FID", fid);
    if (type != wkbNone)
        opts = CSLSetNameValue(opts, "GEOMETRY_NAME", geom);
    /* The big layers get their index packed after GDAL is done (graphfile_rtree.c). */
    if (type != wkbNone && packed_index)
        opts = CSLSetNameValue(opts, "SPATIAL_INDEX", "NO");
    *out = GDALDatasetCreateLayer(ds, name, srs, type, opts);
    CSLDestroy(opts);
    if (!*out) {
        snprintf(what, sizeof what, "cannot create layer '%s'", name);
        return rg_i_gf_gdal_fail(RG_ERR_IO, path, what);
    }
    return RG_OK;
}

/* A table or a layer with the standard FID and geometry column names. */
static rg_status create_layer(GDALDatasetH ds, const char *name, OGRSpatialReferenceH srs,
                              OGRwkbGeometryType type, const char *path, OGRLayerH *out)
{
    return create_layer_named(ds, name, srs, type, "fid", "geom", 0, path, out);
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
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, what);
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
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot create field");
    OGR_Fld_Destroy(fd);
    return st;
}

/* The columns of one table of the schema (graphfile_internal.h), in their order. */
static rg_status add_fields(OGRLayerH layer, const rg_i_gf_field *fields, size_t n,
                           const char *path)
{
    size_t k;
    rg_status st = RG_OK;
    for (k = 0; k < n && st == RG_OK; k++)
        st = add_field(layer, fields[k].name, fields[k].type, fields[k].width, path);
    return st;
}

static rg_status write_regions(GDALDatasetH ds, const rg_regions *r, const write_plan *plan,
                               const char *path)
{
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH layer;
    size_t nf = rg_regions_field_count(r), f;
    rg_status st;

    if ((st = layer_srs(r, path, &srs)) != RG_OK ||
        (st = create_layer_named(ds, RG_I_GF_REGIONS, srs, wkbMultiPolygon, plan->fid, plan->geom,
                                 1, path, &layer)) != RG_OK)
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
    if (plan->id_column[0] &&
        (st = add_field(layer, plan->id_column, OFTString, 0, path)) != RG_OK)
        goto cleanup;
    if (plan->name_column[0] &&
        (st = add_field(layer, plan->name_column, OFTString, 0, path)) != RG_OK)
        goto cleanup;
    /* the rows go in by SQL once GDAL has closed the file (graphfile_rows.c) */
cleanup:
    if (srs)
        OSRDestroySpatialReference(srs);
    return st;
}

static rg_status write_borders(GDALDatasetH ds, const rg_regions *r, const char *path)
{
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH layer;
    rg_i_gf_field fields[RG_I_GF_BORDER_COLUMNS];
    rg_status st;

    /* a map in unknown units: its lengths are map units, and the columns say so (the reader
     * takes either name) */
    memcpy(fields, rg_i_gf_borders, sizeof fields);
    if (rg_i_crs_wkt_map_units(rg_regions_crs_wkt(r))) {
        fields[RG_I_GF_LENGTH_KM].name = RG_I_GF_LENGTH_MU;
        fields[RG_I_GF_GAP_KM].name = RG_I_GF_GAP_MU;
    }
    if ((st = layer_srs(r, path, &srs)) != RG_OK ||
        (st = create_layer_named(ds, RG_I_GF_BORDERS, srs, wkbUnknown, "fid", "geom", 1, path,
                                 &layer)) != RG_OK ||
        (st = add_fields(layer, fields, RG_I_GF_BORDER_COLUMNS, path)) != RG_OK)
        goto cleanup;
    /* the rows go in by SQL once GDAL has closed the file (graphfile_rows.c) */
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
    OGR_F_SetFieldString(feat, RG_I_GF_META_KEY, key);
    OGR_F_SetFieldString(feat, RG_I_GF_META_VALUE, value ? value : "");
    return store_feature(layer, &feat, path, "cannot write rg_meta");
}

static rg_status write_meta(GDALDatasetH ds, const rg_graph *graph, const write_plan *plan,
                            const char *path)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    OGRLayerH layer;
    char num[64], key[512], *inputs = rg_i_inputs_describe(); /* what export must not replace */
    size_t f;
    int in_tx = 0;
    rg_status st;

    if (!inputs) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    layer = GDALDatasetCreateLayer(ds, RG_I_GF_META, NULL, wkbNone, NULL);
    if (!layer) {
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot create table 'rg_meta'");
        goto cleanup;
    }
    if ((st = add_fields(layer, rg_i_gf_meta, RG_I_GF_META_COLUMNS, path)) != RG_OK ||
        (st = begin_transaction(ds, path)) != RG_OK)
        goto cleanup;
    in_tx = 1;
    if ((st = meta_row(layer, "format", RG_I_GRAPHFILE_FORMAT, path)) != RG_OK ||
        (st = meta_row(layer, "version", RG_I_GRAPHFILE_VERSION, path)) != RG_OK ||
        (st = meta_row(layer, "contiguity",
                       adj->kind == RG_CONTIGUITY_ROOK ? "rook" : "queen", path)) != RG_OK ||
        (st = meta_row(layer, "source", rg_regions_source(r), path)) != RG_OK ||
        (st = meta_row(layer, "inputs", inputs, path)) != RG_OK ||
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
    free(inputs);
    return st;
}

/* ---------------------------------------------------------------- coordination: writing */

static rg_status write_mechanisms(GDALDatasetH ds, const rg_coordination *c, const char *path)
{
    OGRLayerH layer, members;
    OGRFeatureH feat = NULL;
    size_t nm = rg_coordination_mechanism_count(c), m, k;
    rg_status st;

    if ((st = create_layer(ds, RG_I_GF_MECHANISMS, NULL, wkbNone, path, &layer)) != RG_OK ||
        (st = add_fields(layer, rg_i_gf_mechanisms, RG_I_GF_MECHANISM_COLUMNS, path)) != RG_OK ||
        (st = create_layer(ds, RG_I_GF_MEMBERS, NULL, wkbNone, path, &members)) != RG_OK ||
        (st = add_fields(members, rg_i_gf_members, RG_I_GF_MEMBER_COLUMNS, path)) != RG_OK)
        goto cleanup;
    for (m = 0; m < nm; m++) {
        int year = rg_coordination_mechanism_year(c, m);
        if ((st = new_feature(layer, &feat)) != RG_OK)
            goto cleanup;
        OGR_F_SetFID(feat, (GIntBig)m + 1);
        OGR_F_SetFieldString(feat, RG_I_GF_MECH_ID, rg_coordination_mechanism_id(c, m));
        OGR_F_SetFieldString(feat, RG_I_GF_MECH_NAME, rg_coordination_mechanism_name(c, m));
        OGR_F_SetFieldString(feat, RG_I_GF_MECH_KIND, rg_coordination_mechanism_kind(c, m));
        if (year)
            OGR_F_SetFieldInteger(feat, RG_I_GF_MECH_YEAR, year);
        else
            OGR_F_SetFieldNull(feat, RG_I_GF_MECH_YEAR);
        OGR_F_SetFieldString(feat, RG_I_GF_MECH_SOURCE, rg_coordination_mechanism_source(c, m));
        rg_i_gf_set_dates(feat, c, m);
        if ((st = store_feature(layer, &feat, path, "cannot write to 'mechanisms'")) != RG_OK)
            goto cleanup;
        for (k = 0; k < rg_coordination_member_count(c, m); k++) {
            if ((st = new_feature(members, &feat)) != RG_OK)
                goto cleanup;
            OGR_F_SetFieldString(feat, RG_I_GF_MEMBER_MECHANISM,
                                 rg_coordination_mechanism_id(c, m));
            OGR_F_SetFieldString(feat, RG_I_GF_MEMBER_MEMBER, rg_coordination_member_id(c, m, k));
            OGR_F_SetFieldString(feat, RG_I_GF_MEMBER_KIND,
                                 rg_coordination_member_kind(c, m, k) == RG_MEMBER_AGENCY
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
    if ((st = create_layer(ds, RG_I_GF_AGENCIES, srs, wkbPoint, path, &layer)) != RG_OK ||
        (st = add_fields(layer, rg_i_gf_agencies, RG_I_GF_AGENCY_COLUMNS, path)) != RG_OK ||
        (st = create_layer(ds, RG_I_GF_JURISDICTIONS, NULL, wkbNone, path, &jur)) != RG_OK ||
        (st = add_fields(jur, rg_i_gf_jurisdictions, RG_I_GF_JURISDICTION_COLUMNS, path)) !=
            RG_OK)
        goto cleanup;
    for (a = 0; a < na; a++) {
        if ((st = new_feature(layer, &feat)) != RG_OK)
            goto cleanup;
        OGR_F_SetFID(feat, (GIntBig)a + 1);
        OGR_F_SetFieldString(feat, RG_I_GF_AGENCY_ID, rg_coordination_agency_id(c, a));
        OGR_F_SetFieldString(feat, RG_I_GF_AGENCY_NAME, rg_coordination_agency_name(c, a));
        OGR_F_SetFieldString(feat, RG_I_GF_AGENCY_LEVEL, rg_coordination_agency_level(c, a));
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
            OGR_F_SetFieldString(feat, RG_I_GF_JUR_AGENCY, rg_coordination_agency_id(c, a));
            OGR_F_SetFieldString(feat, RG_I_GF_JUR_REGION,
                                 rg_coordination_jurisdiction_id(c, a, k));
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
 *   regions and 180 000 borders); building it at close is faster.
 * - Pages of 16 KiB instead of SQLite's 4: the file is written once, front to back, and every
 *   page is one pwrite; a quarter of the calls took a fifth of the write's CPU time off at 100k
 *   (0.41-0.53 s against 0.33-0.37 s, three runs each). The R-tree nodes keep their size
 *   (51 cells, SQLite's most at any page size), and readers take any page size. */
static const char *const gdal_settings[][2] = {
    {"OGR_SQLITE_SYNCHRONOUS", "OFF"},
    {"OGR_GPKG_ALLOW_THREADED_RTREE", "NO"},
    {"OGR_SQLITE_PRAGMA", "page_size=16384"},
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
    return rg_graph_write_ex(graph, path, NULL);
}

rg_status rg_graph_write_ex(const rg_graph *graph, const char *path,
                            const rg_graph_write_options *options)
{
    return rg_i_graph_write_gated(graph, path, options, NULL, NULL);
}

rg_status rg_i_graph_write_gated(const rg_graph *graph, const char *path,
                                 const rg_graph_write_options *options, rg_i_commit_gate gate,
                                 void *gate_data)
{
    rg_i_gf_progress wp = {NULL, NULL, 0, 0};
    rg_i_gf_rows rows;
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
    if (options && options->fraction) {
        /* the features, then as many again for the spatial indexes packed from their boxes */
        wp.fn = options->fraction;
        wp.data = options->progress_data;
        wp.total = 2 * (rg_regions_count(r) + rg_adjacency_count(rg_graph_adjacency(graph)));
    }
    plan.progress = &wp;
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
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot create the GeoPackage");
        goto cleanup;
    }
    if ((st = write_regions(ds, r, &plan, path)) != RG_OK ||
        (st = write_borders(ds, r, path)) != RG_OK ||
        (st = write_meta(ds, graph, &plan, path)) != RG_OK ||
        (st = rg_i_gf_write_measures(ds, graph, path)) != RG_OK ||
        (rg_graph_coordination(graph) &&
         ((st = write_coordination(ds, rg_graph_coordination(graph), path)) != RG_OK ||
          (st = rg_i_gf_write_coverage(ds, graph, path)) != RG_OK)))
        goto cleanup;
    /* GDALClose reports nothing in GDAL 3.6, yet it is where the spatial index is built and
     * the last pages are written: look at the error state it leaves. */
    CPLErrorReset();
    GDALClose(ds);
    ds = NULL;
    if (CPLGetLastErrorType() >= CE_Failure) {
        st = rg_i_gf_gdal_fail(RG_ERR_IO, path, "cannot finish the GeoPackage");
        goto cleanup;
    }
    rows.fid = plan.fid;
    rows.geom = plan.geom;
    rows.id_column = plan.id_column[0] != 0;
    rows.name_column = plan.name_column[0] != 0;
    rows.progress = &wp;
    if ((st = rg_i_gf_write_rows(graph, &rows, gpkg, path)) != RG_OK)
        goto cleanup;
    rg_i_gf_progress_step(&wp, wp.total - wp.done);
    if ((st = sync_file(gpkg, path)) != RG_OK)
        goto cleanup;
    if (gate && (st = gate(gate_data)) != RG_OK)
        goto cleanup;
    if (rename(gpkg, path) != 0) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot replace it: %s", path, strerror(errno));
        goto cleanup;
    }
    free(gpkg);
    gpkg = NULL; /* in place now: not to be removed */
cleanup:
    if (ds)
        rg_i_gf_close_quietly(ds); /* only after a failure: on success it was closed above */
    if (applied)
        settings_restore(saved);
    if (gpkg)
        remove_database(gpkg);
    rg_temporary_done(watch);
    free(gpkg);
    rg_i_atomic_abort(&atomic);
    return st;
}
