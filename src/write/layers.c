/* GIS formats other than GeoJSON, written by GDAL from our GeoJSON layers. Our own writer
 * already serialises exactly what the layers hold (rounding, winding, property names); GDAL's
 * drivers then know each format's details (GeoPackage tables, FlatGeobuf's index, the dBase
 * limits). Everything is written into a hidden directory beside the destination and each file
 * renamed into place once all are complete. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/export.h"
#include "write/layers_internal.h"
#include "write/list_field_internal.h"

#define SHP_FIELD_MAX RG_I_SHP_FIELD_MAX

static char *path_join(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s%s", dir, name, ext);
    return s;
}

/* Appends text to a growing string; returns 0 when out of memory. */
static int append(char **s, size_t *len, size_t *cap, const char *text)
{
    size_t n = strlen(text);
    if (!rg_i_reserve((void **)s, cap, *len + n + 1, 1))
        return 0;
    memcpy(*s + *len, text, n + 1);
    *len += n;
    return 1;
}

/* An SQL identifier: double quotes, an inner quote doubled. */
static int append_ident(char **s, size_t *len, size_t *cap, const char *name)
{
    int ok = append(s, len, cap, "\"");
    for (; ok && *name; name++) {
        char c[3] = {*name, *name == '"' ? '"' : '\0', '\0'};
        ok = append(s, len, cap, c);
    }
    return ok && append(s, len, cap, "\"");
}

void rg_i_shapefile_field_names(OGRFeatureDefnH defn, char (*out)[SHP_FIELD_MAX + 1])
{
    int nf = OGR_FD_GetFieldCount(defn), f, g, n;
    for (f = 0; f < nf; f++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, f));
        size_t len = strlen(name);
        int taken = 1;
        if (len > SHP_FIELD_MAX) {
            len = SHP_FIELD_MAX;
            while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80)
                len--;
        }
        memcpy(out[f], name, len);
        out[f][len] = '\0';
        for (n = 0; taken; n++) {
            if (n > 0) {
                char suffix[16];
                size_t slen = (size_t)snprintf(suffix, sizeof suffix, "_%d", n), keep;
                keep = len + slen > SHP_FIELD_MAX ? SHP_FIELD_MAX - slen : len;
                while (keep > 0 && ((unsigned char)name[keep] & 0xC0) == 0x80)
                    keep--;
                memcpy(out[f], name, keep);
                memcpy(out[f] + keep, suffix, slen + 1);
            }
            taken = 0;
            for (g = 0; g < f && !taken; g++)
                taken = EQUAL(out[g], out[f]);
        }
    }
}

/* The geometry family of a type: 1 point, 2 line, 3 polygon, 0 anything else. */
static int family(OGRwkbGeometryType t)
{
    switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint: return 1;
    case wkbLineString:
    case wkbMultiLineString: return 2;
    case wkbPolygon:
    case wkbMultiPolygon: return 3;
    default: return 0;
    }
}

static const char *const family_sql[] = {
    "", "OGR_GEOMETRY IN ('POINT','MULTIPOINT')", "OGR_GEOMETRY IN ('LINESTRING','MULTILINESTRING')",
    "OGR_GEOMETRY IN ('POLYGON','MULTIPOLYGON')"};

static const char *const family_multi[] = {"PROMOTE_TO_MULTI", "MULTIPOINT", "MULTILINESTRING",
                                           "MULTIPOLYGON"};

/* The geometry family of the layer's first geometry (0: none or other), and the number of
 * features of another family. Our GeoJSON mixes Polygon and MultiPolygon, and a GeoJSON layer
 * declares no type, so the family is found by reading the features. */
static int scan_family(OGRLayerH layer, long *others, long *nulls)
{
    OGRFeatureH feat;
    int fam = 0;
    *others = 0;
    *nulls = 0;
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(feat);
        *nulls += g == NULL;
        if (g) {
            int k = family(OGR_G_GetGeometryType(g));
            if (!fam)
                fam = k;
            else if (k != fam)
                (*others)++;
        }
        OGR_F_Destroy(feat);
    }
    OGR_L_ResetReading(layer);
    return fam;
}

/* 1 when a field of the bundle layer `name` that holds days came in as text (all null). */
static int has_text_dates(OGRLayerH layer, const char *name)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int nf = OGR_FD_GetFieldCount(defn), f;
    for (f = 0; f < nf; f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        if (OGR_Fld_GetType(fd) == OFTString && rg_i_layer_date_field(name, OGR_Fld_GetNameRef(fd)))
            return 1;
    }
    return 0;
}

/* The SELECT for a layer: every field (under its shapefile name when shp is set; a field of
 * days cast to a date, see rg_i_layer_date_field), and, when dropped is not 0, only the
 * features of family fam (with null geometries). */
static rg_status layer_sql(OGRLayerH layer, const char *name, const char *shown, int shp, int fam,
                           long dropped, char **out)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int nf = OGR_FD_GetFieldCount(defn), f;
    char (*names)[SHP_FIELD_MAX + 1] = NULL;
    char *sql = NULL;
    size_t len = 0, cap = 0;
    rg_status st = RG_OK;

    if (!(names = rg_i_calloc_array((size_t)nf + 1, sizeof *names))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    rg_i_shapefile_field_names(defn, names);
    if (!append(&sql, &len, &cap, "SELECT "))
        goto nomem;
    for (f = 0; f < nf; f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        const char *field = OGR_Fld_GetNameRef(fd);
        int cast = OGR_Fld_GetType(fd) == OFTString && rg_i_layer_date_field(name, field);
        if ((f && !append(&sql, &len, &cap, ", ")) ||
            (cast && !append(&sql, &len, &cap, "CAST(")) ||
            !append_ident(&sql, &len, &cap, field) ||
            (cast && !append(&sql, &len, &cap, " AS date)")) ||
            !append(&sql, &len, &cap, " AS ") ||
            !append_ident(&sql, &len, &cap, shp ? names[f] : field))
            goto nomem;
    }
    if (nf == 0 && !append(&sql, &len, &cap, "*"))
        goto nomem;
    if (!append(&sql, &len, &cap, " FROM ") ||
        !append_ident(&sql, &len, &cap, OGR_L_GetName(layer)))
        goto nomem;
    if (dropped && fam && (!append(&sql, &len, &cap, " WHERE OGR_GEOMETRY IS NULL OR ") ||
                           !append(&sql, &len, &cap, family_sql[fam])))
        goto nomem;
    if (dropped && fam)
        rg_i_warn("%s: %ld feature%s of another geometry type than the first left out of the "
                  "shapefile (a shapefile holds one type)",
                  shown, dropped, dropped == 1 ? "" : "s");
    *out = sql;
    sql = NULL;
    goto cleanup;
nomem:
    st = rg_i_error(RG_ERR_NOMEM, "out of memory");
cleanup:
    free(sql);
    free(names);
    return st;
}

/* Converts one source into dst (an open dataset, GeoPackage) or a new file at path; shown is the
 * final file, for messages (path is in the working directory). A source without features is
 * written by rg_i_layer_write_empty, with the fields of sibling (or the fixed ones). */
/* A GeoPackage layer written by layers_direct.c, whose R-tree is packed after GDAL closes the
 * file (GDAL 3.6 fills its R-tree one row at a time: half of the export's time at 100k). */
typedef struct packed_index {
    char *table, *fid, *geom;
    rg_i_gf_box *boxes;
    size_t n;
} packed_index;

static rg_status translate(const char *source, const char *sibling, const char *name,
                           rg_layer_format format, const char *t_srs, GDALDatasetH dst,
                           const char *path, const char *shown, packed_index *index)
{
    static const char *const drivers[] = {"GeoJSON", "GeoJSONSeq", NULL};
    /* Lists (JSON arrays of strings) come in as JSON text: GDAL 3.6 writes a StringList to a
     * GeoPackage as "(2:a,b)" and not at all to FlatGeobuf, while JSON text is typed as JSON
     * (GeoPackage's application/json column, which QGIS reads as a list). */
    static const char *const open_opts[] = {"ARRAY_AS_STRING=YES", NULL};
    GDALDatasetH src = NULL, out = NULL;
    int *lists = NULL;
    size_t nlists = 0;
    GDALVectorTranslateOptions *opts = NULL;
    char **argv = NULL, *sql = NULL;
    long others = 0, nulls = 0;
    int usage_error = 0, fam;
    rg_i_direct *direct = NULL;
    rg_status st = RG_OK;

    /* Our own layers are written straight into GDAL's (layers_direct.c); --t_srs and whatever
     * that path does not handle go through GDAL's GeoJSON reader. RG_EXPORT_VIA_GEOJSON=1 asks
     * for the reader always (tests compare the two). */
    if (!t_srs && !getenv("RG_EXPORT_VIA_GEOJSON") &&
        (st = rg_i_direct_scan(source, &direct)) != RG_OK)
        goto cleanup;
    if (direct) {
        src = GDALOpenEx(rg_i_direct_schema(direct), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                         open_opts, NULL);
        if (!src || GDALDatasetGetLayerCount(src) != 1 ||
            !rg_i_direct_types_ok(direct, OGR_L_GetLayerDefn(GDALDatasetGetLayer(src, 0)))) {
            if (src)
                GDALClose(src);
            src = NULL;
            CPLErrorReset();
            rg_i_direct_free(direct);
            direct = NULL;
        }
    }
    if (!direct &&
        (!(src = GDALOpenEx(source, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, open_opts, NULL)) ||
         GDALDatasetGetLayerCount(src) != 1)) {
        st = rg_i_error_gdal(RG_ERR_FORMAT, source);
        goto cleanup;
    }
    if (!direct && OGR_L_GetFeatureCount(GDALDatasetGetLayer(src, 0), 1) == 0) {
        GDALClose(src);
        src = NULL;
        st = rg_i_layer_write_empty(source, sibling, name, format, t_srs, dst, path);
        goto cleanup;
    }
    fam = direct ? rg_i_direct_family(direct, &nulls)
                 : scan_family(GDALDatasetGetLayer(src, 0), &others, &nulls);
    if (format == RG_LAYER_FLATGEOBUF && nulls)
        rg_i_warn("%s: %ld feature%s without geometry left out (FlatGeobuf holds none; the "
                  "other formats keep %s)", shown, nulls, nulls == 1 ? "" : "s",
                  nulls == 1 ? "it" : "them");
    argv = CSLAddString(argv, "-nln");
    argv = CSLAddString(argv, name);
    /* Polygon next to MultiPolygon in one layer: a layer of these formats declares one type, so
     * every geometry becomes a Multi one, of the layer's family when it has only one (or, in a
     * shapefile, keeps only one); a GeoPackage or FlatGeobuf layer of mixed families stays
     * of any type. */
    argv = CSLAddString(argv, "-nlt");
    switch (others ? wkbUnknown : rg_i_layer_geometry_type(name)) {
    /* a layer of the bundle, of one family as it should be: its declared type */
    case wkbNone: argv = CSLAddString(argv, "NONE"); break; /* the coverage table */
    case wkbPoint: argv = CSLAddString(argv, "POINT"); break;
    case wkbMultiPoint: argv = CSLAddString(argv, "MULTIPOINT"); break;
    case wkbMultiLineString: argv = CSLAddString(argv, "MULTILINESTRING"); break;
    case wkbMultiPolygon: argv = CSLAddString(argv, "MULTIPOLYGON"); break;
    default:
        argv = CSLAddString(argv, family_multi[others && format != RG_LAYER_SHAPEFILE ? 0 : fam]);
    }
    if (t_srs) {
        argv = CSLAddString(argv, "-t_srs");
        argv = CSLAddString(argv, t_srs);
    }
    if (format != RG_LAYER_SHAPEFILE && has_text_dates(GDALDatasetGetLayer(src, 0), name)) {
        if ((st = layer_sql(GDALDatasetGetLayer(src, 0), name, shown, 0, fam, 0, &sql)) != RG_OK)
            goto cleanup;
        argv = CSLAddString(argv, "-sql");
        argv = CSLAddString(argv, sql);
    }
    if (format == RG_LAYER_GPKG) {
        /* dst is the open GeoPackage: each layer is added to it. */
    } else if (format == RG_LAYER_FLATGEOBUF) {
        argv = CSLAddString(argv, "-f");
        argv = CSLAddString(argv, "FlatGeobuf");
    } else {
        argv = CSLAddString(argv, "-f");
        argv = CSLAddString(argv, "ESRI Shapefile");
        argv = CSLAddString(argv, "-lco");
        argv = CSLAddString(argv, "ENCODING=UTF-8");
        if ((st = layer_sql(GDALDatasetGetLayer(src, 0), name, shown, 1, fam, others, &sql)) !=
            RG_OK)
            goto cleanup;
        {
            /* the SELECT keeps every field in order, so the indices carry over */
            OGRFeatureDefnH defn = OGR_L_GetLayerDefn(GDALDatasetGetLayer(src, 0));
            int nf = OGR_FD_GetFieldCount(defn), f;
            if (!(lists = rg_i_calloc_array((size_t)nf + 1, sizeof *lists))) {
                st = rg_i_error(RG_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            for (f = 0; f < nf; f++)
                if (OGR_Fld_GetSubType(OGR_FD_GetFieldDefn(defn, f)) == OFSTJSON)
                    lists[nlists++] = f;
        }
        argv = CSLAddString(argv, "-sql");
        argv = CSLAddString(argv, sql);
    }
    if (direct) {
        /* the layer as GDAL makes it from the sample; the features come from direct */
        argv = CSLAddString(argv, "-limit");
        argv = CSLAddString(argv, "0");
        if (format == RG_LAYER_GPKG && rg_i_layer_geometry_type(name) != wkbNone) {
            argv = CSLAddString(argv, "-lco");
            argv = CSLAddString(argv, "SPATIAL_INDEX=NO");
        }
    }
    if (!argv) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (!(opts = GDALVectorTranslateOptionsNew(argv, NULL))) {
        st = rg_i_error_gdal(RG_ERR_ARG, name);
        goto cleanup;
    }
    CPLErrorReset();
    out = GDALVectorTranslate(dst ? NULL : path, dst, 1, &src, opts, &usage_error);
    if (!out) {
        st = rg_i_error_gdal(RG_ERR_IO, path);
        goto cleanup;
    }
    if (direct) {
        OGRLayerH layer = GDALDatasetGetLayerByName(out, name);
        int tx;
        if (!layer) {
            st = rg_i_error_gdal(RG_ERR_IO, shown);
            goto cleanup;
        }
        int packed = format == RG_LAYER_GPKG && rg_i_layer_geometry_type(name) != wkbNone;
        if (packed && (!(index->table = rg_i_strdup(name)) ||
                       !(index->fid = rg_i_strdup(OGR_L_GetFIDColumn(layer))) ||
                       !(index->geom = rg_i_strdup(OGR_L_GetGeometryColumn(layer))))) {
            st = rg_i_error(RG_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        tx = GDALDatasetStartTransaction(out, FALSE) == OGRERR_NONE;
        st = rg_i_direct_write(direct, OGR_L_GetLayerDefn(GDALDatasetGetLayer(src, 0)), layer,
                               format == RG_LAYER_FLATGEOBUF, shown,
                               packed ? &index->boxes : NULL, packed ? &index->n : NULL);
        if (tx && st == RG_OK && GDALDatasetCommitTransaction(out) != OGRERR_NONE)
            st = rg_i_error_gdal(RG_ERR_IO, shown);
        else if (tx && st != RG_OK)
            GDALDatasetRollbackTransaction(out);
        if (st != RG_OK)
            goto cleanup;
    }
    if (nlists) {
        GDALClose(out);
        out = NULL;
        st = rg_i_shapefile_join_lists(path, lists, nlists);
    }
cleanup:
    free(lists);
    if (out && out != dst)
        GDALClose(out);
    GDALVectorTranslateOptionsFree(opts);
    CSLDestroy(argv);
    free(sql);
    if (src)
        GDALClose(src);
    rg_i_direct_free(direct);
    return st;
}

/* Removes the working directory and whatever is left in it (nothing after a success). */
static void remove_workdir(const char *work)
{
    char **files;
    int k;
    if (!work)
        return;
    files = VSIReadDir(work);
    for (k = 0; files && files[k]; k++) {
        char *p;
        if (strcmp(files[k], ".") == 0 || strcmp(files[k], "..") == 0)
            continue;
        if ((p = path_join(work, files[k], "")) != NULL)
            unlink(p);
        free(p);
    }
    CSLDestroy(files);
    rmdir(work);
}

/* Renames every file of work into dir. */
static rg_status move_all(const char *work, const char *dir)
{
    char **files = VSIReadDir(work);
    int k;
    rg_status st = RG_OK;
    for (k = 0; files && files[k] && st == RG_OK; k++) { /* all checked before any is moved */
        char *to;
        if (strcmp(files[k], ".") == 0 || strcmp(files[k], "..") == 0)
            continue;
        if (!(to = path_join(dir, files[k], "")))
            st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        else
            st = rg_output_check(to);
        free(to);
    }
    for (k = 0; files && files[k] && st == RG_OK; k++) {
        char *from, *to;
        if (strcmp(files[k], ".") == 0 || strcmp(files[k], "..") == 0)
            continue;
        from = path_join(work, files[k], "");
        to = path_join(dir, files[k], "");
        if (!from || !to)
            st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        else if (rename(from, to) != 0)
            st = rg_i_error(RG_ERR_IO, "%s: cannot rename into place: %s", to, strerror(errno));
        free(from);
        free(to);
    }
    CSLDestroy(files);
    return st;
}

/* Packs the R-tree of the layer just written: GDAL closes the GeoPackage, SQLite adds the index,
 * GDAL opens it again for the next layer. One layer's boxes are held at a time, not all (at
 * 100,000 regions the gaps alone are 300,000 boxes). */
static rg_status pack_index(GDALDatasetH *gpkg, const char *path, const char *shown,
                            packed_index *ix)
{
    static const char *const drivers[] = {"GPKG", NULL};
    sqlite3 *db = NULL;
    rg_status st = RG_OK;
    if (ix->n == (size_t)-1) {
        /* FIDs the packer cannot take: GDAL builds the index as before */
        char *sql = sqlite3_mprintf("SELECT CreateSpatialIndex('%q', '%q')", ix->table, ix->geom);
        OGRLayerH r;
        CPLErrorReset();
        r = sql ? GDALDatasetExecuteSQL(*gpkg, sql, NULL, "SQLITE") : NULL;
        sqlite3_free(sql);
        if (r)
            GDALDatasetReleaseResultSet(*gpkg, r);
        if (CPLGetLastErrorType() >= CE_Failure)
            st = rg_i_error_gdal(RG_ERR_IO, shown);
        ix->n = 0;
        return st;
    }
    GDALClose(*gpkg);
    *gpkg = NULL;
    if ((st = rg_i_gf_rtree_open(path, shown, &db)) == RG_OK)
        st = rg_i_gf_rtree_add(db, ix->table, ix->fid, ix->geom, ix->boxes, ix->n, shown);
    if (db) {
        rg_status closed = rg_i_gf_rtree_close(db, st == RG_OK, shown);
        if (st == RG_OK)
            st = closed;
    }
    free(ix->boxes);
    ix->boxes = NULL;
    ix->n = 0;
    if (st == RG_OK &&
        !(*gpkg = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, NULL, NULL)))
        st = rg_i_error_gdal(RG_ERR_IO, shown);
    return st;
}

rg_status rg_export_layers(const char *const *sources, const char *const *names, size_t count,
                           rg_layer_format format, const char *dir, const char *t_srs)
{
    static const char *const ext[] = {".gpkg", ".fgb", ".shp"};
    char *work = NULL, *path = NULL, *shown = NULL;
    GDALDatasetH gpkg = NULL;
    packed_index *index = NULL;
    size_t k;
    int handle = 0;
    rg_status st = RG_OK;

    rg_i_library_init();
    if (!sources || !names || !dir || (unsigned)format > RG_LAYER_SHAPEFILE) {
        st = rg_i_error(RG_ERR_ARG, "rg_export_layers: invalid argument");
        goto cleanup;
    }
    if (!(work = path_join(dir, ".rg-layers-XXXXXX", ""))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (rg_temporary_create(work, 1, &handle) < 0) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot create a temporary directory: %s", dir,
                        strerror(errno));
        free(work);
        work = NULL;
        goto cleanup;
    }
    if (!(index = rg_i_calloc_array(count + 1, sizeof *index))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (format == RG_LAYER_GPKG) {
        GDALDriverH drv = GDALGetDriverByName("GPKG");
        if (!(path = path_join(work, "layers", ext[format]))) {
            st = rg_i_error(RG_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        if (!drv || !(gpkg = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL))) {
            st = rg_i_error_gdal(RG_ERR_IO, path);
            goto cleanup;
        }
    }
    for (k = 0; k < count; k++) {
        if (format != RG_LAYER_GPKG) {
            free(path);
            if (!(path = path_join(work, names[k], ext[format]))) {
                st = rg_i_error(RG_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
        }
        {
            const char *sibling_name = rg_i_layer_sibling(names[k]), *sibling = NULL;
            size_t j;
            for (j = 0; sibling_name && j < count; j++)
                if (strcmp(names[j], sibling_name) == 0)
                    sibling = sources[j];
            free(shown);
            if (!(shown = path_join(dir, format == RG_LAYER_GPKG ? "layers" : names[k],
                                    ext[format]))) {
                st = rg_i_error(RG_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            if ((st = translate(sources[k], sibling, names[k], format, t_srs, gpkg, path,
                                shown, &index[k])) != RG_OK)
                goto cleanup;
        }
        if (gpkg && index[k].table && (st = pack_index(&gpkg, path, shown, &index[k])) != RG_OK)
            goto cleanup;
    }
    if (gpkg) {
        GDALClose(gpkg);
        gpkg = NULL;
    }
    st = move_all(work, dir);
cleanup:
    if (gpkg)
        GDALClose(gpkg);
    for (k = 0; index && k < count; k++) {
        free(index[k].table);
        free(index[k].fid);
        free(index[k].geom);
        free(index[k].boxes);
    }
    free(index);
    remove_workdir(work);
    rg_temporary_done(handle);
    free(work);
    free(path);
    free(shown);
    return st;
}
