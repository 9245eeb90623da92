#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gdal.h>
#include <sqlite3.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/graphfile.h"
#include "write/graphfile_rtree_internal.h"
#include "graph_fixture.h"
#include "leak_check.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-graphfile-XXXXXX"
#include "tmpdir_fixture.h"
#include "rtree_fixture.h"

RG_TEST_SUITE(graphfile);

/* ------------------------------------------------------------------ helpers */

static void assert_same_regions(const rg_regions *a, const rg_regions *b)
{
    size_t n = rg_regions_count(a);
    cr_assert_eq(rg_regions_count(b), n);
    cr_assert_eq(rg_regions_field_count(b), rg_regions_field_count(a));
    for (size_t f = 0; f < rg_regions_field_count(a); f++) {
        cr_assert_str_eq(rg_regions_field_name(b, f), rg_regions_field_name(a, f));
        cr_assert_eq(rg_regions_field_type(b, f), rg_regions_field_type(a, f), "field %zu", f);
        cr_assert_eq(b->fields[f].width, a->fields[f].width, "width of field %zu", f);
        cr_assert_eq(b->fields[f].precision, a->fields[f].precision, "precision of field %zu", f);
    }
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(rg_regions_id(b, i), rg_regions_id(a, i));
        cr_assert_str_eq(rg_regions_name(b, i), rg_regions_name(a, i));
        for (size_t f = 0; f < rg_regions_field_count(a); f++) {
            const rg_i_value *va = &a->values[i * a->nfields + f];
            const rg_i_value *vb = &b->values[i * b->nfields + f];
            cr_assert_eq(va->text == NULL, vb->text == NULL, "null-ness of %zu.%zu", i, f);
            if (!va->text)
                continue;
            switch (rg_regions_field_type(a, f)) {
            case RG_FIELD_INTEGER:
                cr_assert_eq(vb->i, va->i, "%zu.%zu", i, f);
                break;
            case RG_FIELD_REAL:
                cr_assert(memcmp(&vb->d, &va->d, sizeof va->d) == 0, "%zu.%zu: %.17g vs %.17g",
                          i, f, vb->d, va->d);
                break;
            default:
                cr_assert_str_eq(vb->text, va->text);
            }
        }
    }
    cr_assert_eq(rg_regions_polygon_count(b), rg_regions_polygon_count(a));
    cr_assert_eq(rg_regions_ring_count(b), rg_regions_ring_count(a));
    cr_assert_eq(rg_regions_point_count(b), rg_regions_point_count(a));
    cr_assert_eq(rg_regions_null_count(b), rg_regions_null_count(a));
    cr_assert_arr_eq(rg_regions_poly_start(b), rg_regions_poly_start(a),
                     (n + 1) * sizeof(size_t));
    cr_assert_arr_eq(rg_regions_ring_start(b), rg_regions_ring_start(a),
                     (rg_regions_polygon_count(a) + 1) * sizeof(size_t));
    cr_assert_arr_eq(rg_regions_pt_start(b), rg_regions_pt_start(a),
                     (rg_regions_ring_count(a) + 1) * sizeof(size_t));
    cr_assert(rg_regions_point_count(a) == 0 ||
                  memcmp(rg_regions_xy(b), rg_regions_xy(a),
                         2 * rg_regions_point_count(a) * sizeof(double)) == 0,
              "coordinates differ");
    cr_assert_eq(rg_regions_crs_is_geographic(b), rg_regions_crs_is_geographic(a));
    cr_assert_float_eq(rg_regions_crs_unit_metres(b), rg_regions_crs_unit_metres(a), 1e-12);
    cr_assert_str_eq(rg_regions_source(b), rg_regions_source(a));
}

static void assert_same_adjacency(const rg_adjacency *a, const rg_adjacency *b)
{
    size_t m = rg_adjacency_count(a);
    cr_assert_eq(rg_adjacency_count(b), m);
    cr_assert_eq(b->kind, a->kind);
    for (size_t k = 0; k < m; k++) {
        size_t aa, ab, ba, bb, afirst, acount, bfirst, bcount;
        double akm, bkm;
        int arook, brook;
        rg_adjacency_pair(a, k, &aa, &ab, &akm, &arook);
        rg_adjacency_pair(b, k, &ba, &bb, &bkm, &brook);
        cr_assert_eq(ba, aa);
        cr_assert_eq(bb, ab);
        cr_assert(memcmp(&bkm, &akm, sizeof akm) == 0, "km of pair %zu", k);
        cr_assert_eq(brook, arook);
        cr_assert_eq(rg_adjacency_contact(b, k), rg_adjacency_contact(a, k), "contact of pair %zu",
                     k);
        cr_assert(rg_adjacency_gap_km(b, k) == rg_adjacency_gap_km(a, k), "gap of pair %zu", k);
        rg_adjacency_border(a, k, &afirst, &acount);
        rg_adjacency_border(b, k, &bfirst, &bcount);
        cr_assert_eq(bcount, acount);
        for (size_t j = 0; j < acount; j++) {
            const size_t *ap = rg_adjacency_line_pt_start(a), *bp = rg_adjacency_line_pt_start(b);
            size_t npts = ap[afirst + j + 1] - ap[afirst + j];
            cr_assert_eq(bp[bfirst + j + 1] - bp[bfirst + j], npts);
            cr_assert(memcmp(rg_adjacency_xy(b) + 2 * bp[bfirst + j],
                             rg_adjacency_xy(a) + 2 * ap[afirst + j], 16 * npts) == 0,
                      "line %zu of pair %zu", j, k);
        }
    }
}

/* ------------------------------------------------------------------ tests */

Test(graphfile, round_trip_keeps_everything, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(500000, 3800000, 1, "EPSG:32650"), *back = NULL;
    char path[128], listing[256];
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "g.gpkg"); /* no temporary file left */
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    assert_same_regions(rg_graph_regions(g), rg_graph_regions(back));
    assert_same_adjacency(rg_graph_adjacency(g), rg_graph_adjacency(back));
    cr_assert_str_eq(rg_regions_id_field(rg_graph_regions(back)), "code");
    cr_assert_str_eq(rg_regions_name_field(rg_graph_regions(back)), "name");
    cr_assert_eq(rg_regions_crs_is_geographic(rg_graph_regions(back)), 0);
    cr_assert(strstr(rg_regions_crs_wkt(rg_graph_regions(back)), "UTM zone 50N") != NULL);
    cr_assert_eq(rg_graph_edge_count(back), 6);

    /* Writing over an existing graph file replaces it, once the program says that the file
     * it read may be replaced (outputs never replace inputs otherwise). */
    cr_assert_neq(rg_graph_write(back, path), RG_OK);
    cr_assert(strstr(rg_last_error(), "refusing to replace") != NULL, "%s", rg_last_error());
    rg_inputs_forget();
    cr_assert_eq(rg_graph_write(back, path), RG_OK, "%s", rg_last_error());
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "g.gpkg");
    rg_graph_free(back);
    rg_graph_free(g);
}

/* What other GIS tools see: GDAL opens the file by itself, with the layer types, counts,
 * fields and values of the contract. */
Test(graphfile, gdal_and_ogrinfo_read_the_file, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(500000, 3800000, 1, "EPSG:32650");
    char path[128], cmd[256];
    GDALDatasetH ds;
    OGRLayerH regions, borders, meta;
    OGRFeatureDefnH defn;
    OGRFeatureH feat;
    OGRSpatialReferenceH srs;
    int rows = 0;
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);

    snprintf(cmd, sizeof cmd, "ogrinfo -ro -so -al '%s' > /dev/null 2>&1", path);
    cr_assert_eq(system(cmd), 0, "ogrinfo failed on the graph file");

    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    cr_assert_str_eq(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "GPKG");
    cr_assert_eq(GDALDatasetGetLayerCount(ds), 3);
    regions = GDALDatasetGetLayerByName(ds, "regions");
    borders = GDALDatasetGetLayerByName(ds, "borders");
    meta = GDALDatasetGetLayerByName(ds, "rg_meta");
    cr_assert(regions && borders && meta);

    cr_assert_eq(OGR_L_GetGeomType(regions), wkbMultiPolygon);
    cr_assert_eq(OGR_L_GetGeomType(borders), wkbUnknown);
    cr_assert_eq(OGR_L_GetGeomType(meta), wkbNone);
    cr_assert_eq(OGR_L_GetFeatureCount(regions, TRUE), 7);
    cr_assert_eq(OGR_L_GetFeatureCount(borders, TRUE), 6);
    srs = OGR_L_GetSpatialRef(regions);
    cr_assert_not_null(srs);
    cr_assert_str_eq(OSRGetAuthorityCode(srs, NULL), "32650");

    defn = OGR_L_GetLayerDefn(regions);
    cr_assert_eq(OGR_FD_GetFieldCount(defn), 6); /* no extra columns: ids and names are fields */
    cr_assert_eq(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 0)), OFTString);
    cr_assert_eq(OGR_Fld_GetWidth(OGR_FD_GetFieldDefn(defn, 0)), 12);
    cr_assert_eq(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 2)), OFTInteger64);
    cr_assert_eq(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 3)), OFTReal);
    cr_assert_str_eq(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, 4)), "ID");

    /* Feature 2 is region index 1, 徐州; feature 7 (G) has no geometry. */
    feat = OGR_L_GetFeature(regions, 2);
    cr_assert_not_null(feat);
    cr_assert_str_eq(OGR_F_GetFieldAsString(feat, 0), "320302");
    cr_assert_str_eq(OGR_F_GetFieldAsString(feat, 1), "徐州");
    cr_assert_eq(OGR_F_GetFieldAsInteger64(feat, 2), 9007199254740993LL);
    cr_assert_eq(OGR_F_GetFieldAsDouble(feat, 3), 1e-300);
    OGR_F_Destroy(feat);
    feat = OGR_L_GetFeature(regions, 7);
    cr_assert_null(OGR_F_GetGeometryRef(feat));
    cr_assert_eq(OGR_F_IsFieldNull(feat, 2), 0);
    OGR_F_Destroy(feat);
    feat = OGR_L_GetFeature(regions, 3); /* C: pop is null */
    cr_assert(OGR_F_IsFieldNull(feat, 2));
    OGR_F_Destroy(feat);
    feat = OGR_L_GetFeature(regions, 6); /* F: two polygons, the first with a hole */
    cr_assert_eq(OGR_G_GetGeometryCount(OGR_F_GetGeometryRef(feat)), 2);
    cr_assert_eq(OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(OGR_F_GetGeometryRef(feat), 0)), 2);
    OGR_F_Destroy(feat);

    feat = OGR_L_GetFeature(borders, 5); /* C-D: rook, 0.5 km */
    cr_assert_str_eq(OGR_F_GetFieldAsString(feat, OGR_F_GetFieldIndex(feat, "id_a")), "320303");
    cr_assert_str_eq(OGR_F_GetFieldAsString(feat, OGR_F_GetFieldIndex(feat, "id_b")), "320304");
    cr_assert_str_eq(OGR_F_GetFieldAsString(feat, OGR_F_GetFieldIndex(feat, "kind")), "rook");
    cr_assert_str_eq(OGR_F_GetFieldAsString(feat, OGR_F_GetFieldIndex(feat, "contact")), "border");
    cr_assert_eq(OGR_F_GetFieldAsDouble(feat, OGR_F_GetFieldIndex(feat, "gap_km")), 0.0);
    cr_assert_eq(OGR_F_GetFieldAsDouble(feat, OGR_F_GetFieldIndex(feat, "length_km")), 0.5);
    cr_assert_eq(wkbFlatten(OGR_G_GetGeometryType(OGR_F_GetGeometryRef(feat))),
                 wkbMultiLineString);
    OGR_F_Destroy(feat);
    feat = OGR_L_GetFeature(borders, 6); /* C-F: a touching point */
    cr_assert_str_eq(OGR_F_GetFieldAsString(feat, OGR_F_GetFieldIndex(feat, "kind")), "queen");
    cr_assert_str_eq(OGR_F_GetFieldAsString(feat, OGR_F_GetFieldIndex(feat, "contact")), "point");
    cr_assert_eq(wkbFlatten(OGR_G_GetGeometryType(OGR_F_GetGeometryRef(feat))), wkbMultiPoint);
    cr_assert_eq(OGR_G_GetX(OGR_G_GetGeometryRef(OGR_F_GetGeometryRef(feat), 0), 0), 503000.0);
    OGR_F_Destroy(feat);

    OGR_L_ResetReading(meta);
    while ((feat = OGR_L_GetNextFeature(meta)) != NULL) {
        const char *k = OGR_F_GetFieldAsString(feat, 0), *v = OGR_F_GetFieldAsString(feat, 1);
        if (!strcmp(k, "format")) { cr_assert_str_eq(v, "regiongraph"); rows++; }
        if (!strcmp(k, "version")) { cr_assert_str_eq(v, "1"); rows++; }
        if (!strcmp(k, "contiguity")) { cr_assert_str_eq(v, "queen"); rows++; }
        if (!strcmp(k, "source")) { cr_assert_str_eq(v, "fixture.shp"); rows++; }
        if (!strcmp(k, "id_field")) { cr_assert_str_eq(v, "code"); rows++; }
        if (!strcmp(k, "name_field")) { cr_assert_str_eq(v, "name"); rows++; }
        if (!strcmp(k, "regions")) { cr_assert_str_eq(v, "7"); rows++; }
        if (!strcmp(k, "pairs")) { cr_assert_str_eq(v, "6"); rows++; }
        OGR_F_Destroy(feat);
    }
    cr_assert_eq(rows, 8);
    GDALClose(ds);
}

/* Ids without an id field (and names differing from the ids without a name field) are kept in
 * columns of their own, which reading takes back out of the field list. */
Test(graphfile, ids_without_a_field_survive, .init = make_dir, .fini = remove_dir)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL, *back = NULL;
    rg_i_field fields[] = {{.name = "rg_id", .type = RG_FIELD_REAL}};
    char path[128];
    cr_assert_eq(rg_i_regions_new("x.shp", 1, fields, &r), RG_OK);
    for (int i = 0; i < 3; i++) {
        char id[8], name[8];
        rg_i_value v[1] = {{.text = strdup("2.5"), .d = 2.5}};
        snprintf(id, sizeof id, "r%d", i);
        snprintf(name, sizeof name, "n%d", i);
        cr_assert_eq(rg_i_regions_begin(r, id, name, v), RG_OK);
        rg_i_regions_end(r);
    }
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_ROOK, &adj), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 0, 2, 1.25, 1), RG_OK); /* no lines */
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    snprintf(path, sizeof path, "%s/ids.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    assert_same_regions(rg_graph_regions(g), rg_graph_regions(back));
    assert_same_adjacency(rg_graph_adjacency(g), rg_graph_adjacency(back));
    cr_assert_null(rg_regions_id_field(rg_graph_regions(back)));
    cr_assert_null(rg_regions_name_field(rg_graph_regions(back)));
    cr_assert_eq(rg_graph_adjacency(back)->kind, RG_CONTIGUITY_ROOK);
    /* no CRS was set: written as WGS84, read back geographic */
    cr_assert_eq(rg_regions_crs_is_geographic(rg_graph_regions(back)), 1);
    rg_graph_free(back);
    rg_graph_free(g);
}

/* Source fields named like the GeoPackage's own columns (fid, geom) stay ordinary fields: the
 * writer names its FID and geometry columns around them. Ids from an integer field come back
 * from that field, without a hidden column. */
Test(graphfile, fields_named_fid_and_geom_survive, .init = make_dir, .fini = remove_dir)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL, *back = NULL;
    rg_i_field fields[] = {{.name = "FID", .type = RG_FIELD_INTEGER, .width = 9},
                           {.name = "geom", .type = RG_FIELD_STRING, .width = 10}};
    const double ring[] = {0, 0, 1, 0, 1, 1, 0, 0};
    char path[128];
    GDALDatasetH ds;
    cr_assert_eq(rg_i_regions_new("f.shp", 2, fields, &r), RG_OK);
    for (int i = 0; i < 2; i++) {
        rg_i_value v[2] = {{.text = strdup(i ? "110000" : "120000"), .i = i ? 110000 : 120000,
                            .d = i ? 110000 : 120000},
                           {.text = strdup(i ? "Beijing" : "Tianjin")}};
        cr_assert_eq(rg_i_regions_begin(r, i ? "110000" : "120000", i ? "Beijing" : "Tianjin", v),
                     RG_OK);
        rg_i_regions_add_polygon(r);
        rg_i_regions_add_ring(r, ring, 4);
        rg_i_regions_end(r);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "FID", "geom"), RG_OK);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    snprintf(path, sizeof path, "%s/f.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    assert_same_regions(rg_graph_regions(g), rg_graph_regions(back));
    cr_assert_str_eq(rg_regions_id_field(rg_graph_regions(back)), "FID");
    cr_assert_str_eq(rg_regions_name_field(rg_graph_regions(back)), "geom");

    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "regions");
    cr_assert_str_eq(OGR_L_GetFIDColumn(layer), "fid_2");
    cr_assert_str_eq(OGR_L_GetGeometryColumn(layer), "geom_2");
    cr_assert_eq(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(layer)), 2);
    GDALClose(ds);
    rg_graph_free(back);
    rg_graph_free(g);
}

Test(graphfile, an_empty_graph_round_trips, .init = make_dir, .fini = remove_dir)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL, *back = NULL;
    char path[128];
    cr_assert_eq(rg_i_regions_new("empty.shp", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_ROOK, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    snprintf(path, sizeof path, "%s/e.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_node_count(back), 0);
    cr_assert_eq(rg_graph_edge_count(back), 0);
    cr_assert_eq(rg_graph_adjacency(back)->kind, RG_CONTIGUITY_ROOK);
    cr_assert_str_eq(rg_regions_source(rg_graph_regions(back)), "empty.shp");
    rg_graph_free(back);
    rg_graph_free(g);
}

Test(graphfile, a_gpkg_without_rg_meta_is_refused, .init = make_dir, .fini = remove_dir)
{
    char path[128], want[256];
    GDALDriverH drv;
    GDALDatasetH ds;
    rg_graph *g = (rg_graph *)1;
    rg_i_library_init();
    snprintf(path, sizeof path, "%s/other.gpkg", dir);
    drv = GDALGetDriverByName("GPKG");
    ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    cr_assert_not_null(ds);
    cr_assert_not_null(GDALDatasetCreateLayer(ds, "roads", NULL, wkbLineString, NULL));
    GDALClose(ds);
    cr_assert_eq(rg_graph_read(path, &g), RG_ERR_FORMAT);
    cr_assert_null(g);
    snprintf(want, sizeof want, "%s: not a regiongraph graph file (no rg_meta table)", path);
    cr_assert_str_eq(rg_last_error(), want);
}

Test(graphfile, a_text_file_is_refused, .init = make_dir, .fini = remove_dir)
{
    char path[128], want[256];
    rg_graph *g = NULL;
    snprintf(path, sizeof path, "%s/notes.gpkg", dir);
    write_text(path, "id,name\n1,Alpha\n");
    cr_assert_eq(rg_graph_read(path, &g), RG_ERR_FORMAT);
    snprintf(want, sizeof want, "%s: not a regiongraph graph file (it cannot be opened as a "
             "GeoPackage)", path);
    cr_assert_str_eq(rg_last_error(), want);
    cr_assert_null(g);
}

Test(graphfile, a_missing_file_is_an_io_error)
{
    rg_graph *g = NULL;
    cr_assert_eq(rg_graph_read("/nonexistent-rg-dir/g.gpkg", &g), RG_ERR_IO);
    cr_assert_str_eq(rg_last_error(), "/nonexistent-rg-dir/g.gpkg: No such file or directory");
}

/* Edits a written graph file with GDAL to make it wrong in one way. */
static void corrupt(const char *path, const char *layer_name, GIntBig fid, const char *field,
                    const char *value)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    OGRLayerH layer;
    OGRFeatureH feat;
    cr_assert_not_null(ds);
    layer = GDALDatasetGetLayerByName(ds, layer_name);
    feat = OGR_L_GetFeature(layer, fid);
    cr_assert_not_null(feat);
    OGR_F_SetFieldString(feat, OGR_F_GetFieldIndex(feat, field), value);
    cr_assert_eq(OGR_L_SetFeature(layer, feat), OGRERR_NONE);
    OGR_F_Destroy(feat);
    GDALClose(ds);
}

Test(graphfile, a_border_with_an_unknown_id_names_the_feature, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = fx_graph(0, 0, 1, NULL);
    char path[128], want[256];
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);
    g = NULL;
    corrupt(path, "borders", 4, "id_b", "999999");
    cr_assert_eq(rg_graph_read(path, &g), RG_ERR_FORMAT);
    snprintf(want, sizeof want, "%s: borders feature 4: id_b '999999' is not a region id", path);
    cr_assert_str_eq(rg_last_error(), want);
    cr_assert_null(g);
}

/* Tolerant pairs and island links keep their contact and gap: three regions, a border found
 * within a tolerance (30 m apart at most), a point contact and an island link 12.5 km long. */
static rg_graph *contact_graph(void)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    const double stretch[] = {0, 0, 0, 1000}, point[] = {5, 5}, bridge[] = {10, 10, 12510, 10};
    cr_assert_eq(rg_i_regions_new("c.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < 4; i++) {
        char id[4] = {(char)('p' + i), 0};
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, NULL), RG_OK);
        rg_i_regions_end(r);
    }
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair_ex(adj, 0, 1, 1.0, RG_CONTACT_BORDER, 0.03), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(adj, stretch, 2), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair_ex(adj, 1, 2, 0, RG_CONTACT_POINT, 0.01), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(adj, point, 1), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair_ex(adj, 2, 3, 0, RG_CONTACT_ISLAND, 12.5), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_line(adj, bridge, 2), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    return g;
}

Test(graphfile, contact_and_gap_round_trip, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = contact_graph(), *back = NULL;
    char path[128];
    snprintf(path, sizeof path, "%s/c.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    assert_same_adjacency(rg_graph_adjacency(g), rg_graph_adjacency(back));
    cr_assert_eq(rg_adjacency_contact(rg_graph_adjacency(back), 2), RG_CONTACT_ISLAND);
    cr_assert_eq(rg_adjacency_gap_km(rg_graph_adjacency(back), 2), 12.5);
    rg_graph_free(back);
    rg_graph_free(g);
}

/* Files written before tolerant contiguity have neither column: contact follows kind, gap 0. */
Test(graphfile, a_file_without_contact_and_gap_reads, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(0, 0, 1, NULL), *back = NULL;
    const rg_adjacency *adj;
    GDALDatasetH ds;
    OGRLayerH layer;
    char path[128];
    snprintf(path, sizeof path, "%s/old.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    layer = GDALDatasetGetLayerByName(ds, "borders");
    cr_assert_eq(OGR_L_DeleteField(layer, OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer),
                                                               "contact")), OGRERR_NONE);
    cr_assert_eq(OGR_L_DeleteField(layer, OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer),
                                                               "gap_km")), OGRERR_NONE);
    GDALClose(ds);
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    assert_same_adjacency(rg_graph_adjacency(g), rg_graph_adjacency(back));
    adj = rg_graph_adjacency(back);
    for (size_t k = 0; k < rg_adjacency_count(adj); k++) {
        int rook;
        rg_adjacency_pair(adj, k, NULL, NULL, NULL, &rook);
        cr_assert_eq(rg_adjacency_contact(adj, k), rook ? RG_CONTACT_BORDER : RG_CONTACT_POINT);
        cr_assert_eq(rg_adjacency_gap_km(adj, k), 0.0);
    }
    rg_graph_free(back);
    rg_graph_free(g);
}

Test(graphfile, a_wrong_contact_names_the_feature, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = contact_graph();
    char path[128], want[256];
    snprintf(path, sizeof path, "%s/c.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);
    g = NULL;
    corrupt(path, "borders", 3, "contact", "bridge");
    cr_assert_eq(rg_graph_read(path, &g), RG_ERR_FORMAT);
    snprintf(want, sizeof want, "%s: borders feature 3: contact 'bridge' is not border, point or "
             "island", path);
    cr_assert_str_eq(rg_last_error(), want);
    corrupt(path, "borders", 3, "contact", "border"); /* kind says queen */
    cr_assert_eq(rg_graph_read(path, &g), RG_ERR_FORMAT);
    snprintf(want, sizeof want, "%s: borders feature 3: contact 'border' contradicts kind 'queen'",
             path);
    cr_assert_str_eq(rg_last_error(), want);
    cr_assert_null(g);
}

Test(graphfile, an_unknown_version_is_refused, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(0, 0, 1, NULL);
    char path[128], want[256];
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);
    g = NULL;
    corrupt(path, "rg_meta", 2, "value", "2"); /* row 2 is the version */
    cr_assert_eq(rg_graph_read(path, &g), RG_ERR_FORMAT);
    snprintf(want, sizeof want,
             "%s: graph file version '2' is not supported (this build reads version 1)", path);
    cr_assert_str_eq(rg_last_error(), want);
    corrupt(path, "rg_meta", 1, "value", "something else");
    cr_assert_eq(rg_graph_read(path, &g), RG_ERR_FORMAT);
    snprintf(want, sizeof want,
             "%s: not a regiongraph graph file (rg_meta format is 'something else')", path);
    cr_assert_str_eq(rg_last_error(), want);
}

Test(graphfile, missing_directory_fails_without_trace)
{
    rg_graph *g = fx_graph(0, 0, 1, NULL);
    cr_assert_eq(rg_graph_write(g, "/nonexistent-rg-dir/g.gpkg"), RG_ERR_IO);
    cr_assert_str_eq(rg_last_error(), "/nonexistent-rg-dir/g.gpkg: cannot create a temporary "
                                      "file beside it: No such file or directory");
    rg_graph_free(g);
}

/* A write that fails half-way (the file size limit stands in for a full disk) leaves the old
 * file as it was and no temporary file. The layer is made big enough (a 200 000-point ring,
 * 3.2 MB of coordinates) that the failure comes while features are written. */
Test(graphfile, failed_write_keeps_the_old_file, .init = make_dir, .fini = remove_dir)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_value none[1];
    char path[128], listing[256], text[64];
    struct rlimit lim = {.rlim_cur = 1 << 20, .rlim_max = RLIM_INFINITY};
    const size_t npts = 200000;
    double *ring = malloc(2 * npts * sizeof *ring);
    FILE *fp;
    size_t k;
    for (k = 0; k < npts; k++) {
        double t = 2 * 3.14159265358979 * (double)k / (double)npts;
        ring[2 * k] = 100 * cos(t);
        ring[2 * k + 1] = 100 * sin(t);
    }
    cr_assert_eq(rg_i_regions_new("big.shp", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_begin(r, "big", NULL, none), RG_OK);
    rg_i_regions_add_polygon(r);
    cr_assert_eq(rg_i_regions_add_ring(r, ring, npts), RG_OK);
    rg_i_regions_end(r);
    free(ring);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);

    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    write_text(path, "old graph");
    signal(SIGXFSZ, SIG_IGN);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    cr_assert_eq(rg_graph_write(g, path), RG_ERR_IO);
    cr_assert(strncmp(rg_last_error(), path, strlen(path)) == 0, "%s", rg_last_error());
    fp = fopen(path, "r");
    cr_assert_not_null(fp);
    text[fread(text, 1, sizeof text - 1, fp)] = '\0';
    fclose(fp);
    cr_assert_str_eq(text, "old graph");
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "g.gpkg");
    rg_graph_free(g);
}

/* A borders column retyped from text to a number is refused: the reader holds several GDAL
 * strings of a feature at once, and for a field that is not text each is a buffer GDAL frees at
 * the next read. The file is what the fuzzer found (tools/fuzz): a graph of tests/data/corners
 * whose `kind` column was declared TINYINT instead of TEXT(5). */
Test(graphfile, a_text_column_of_another_type_is_refused)
{
    rg_graph *g = NULL;
    cr_assert_eq(rg_graph_read(RG_TEST_DATA "/bad/fuzz/graphfile-85b9ba093915", &g),
                 RG_ERR_FORMAT);
    cr_assert_null(g);
    cr_assert(strstr(rg_last_error(), "field 'kind' is not a text field"), "%s", rg_last_error());
}

/* ------------------------------------------------------------------ spatial indexes */

static sqlite3 *open_db(const char *path)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return db;
}

static char *sql_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    char *out;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sql);
    out = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
}

static long sql_long(sqlite3 *db, const char *sql)
{
    char *t = sql_text(db, sql);
    long v = atol(t);
    free(t);
    return v;
}

/* The packed R-trees are what SQLite's own module would accept (its rtreecheck()), hold the
 * box of every feature with a geometry, as GDAL computes it, and are declared as GeoPackage
 * spatial indexes that GDAL uses. */
Test(graphfile, the_spatial_indexes_are_sound, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(500000, 3800000, 1, "EPSG:32650");
    static const char *const layers[] = {"regions", "borders"};
    char path[128], sql[256], *t;
    GDALDatasetH ds;
    sqlite3 *db;
    int k;
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);

    db = open_db(path);
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    for (k = 0; k < 2; k++) {
        OGRLayerH layer = GDALDatasetGetLayerByName(ds, layers[k]);
        OGRFeatureH feat;
        long rows = 0;
        snprintf(sql, sizeof sql, "SELECT rtreecheck('rtree_%s_geom')", layers[k]);
        t = sql_text(db, sql);
        cr_assert_str_eq(t, "ok", "%s: %s", layers[k], t);
        free(t);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM gpkg_extensions WHERE table_name = '%s' "
                 "AND column_name = 'geom' AND extension_name = 'gpkg_rtree_index'", layers[k]);
        cr_assert_eq(sql_long(db, sql), 1);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                 "AND name LIKE 'rtree_%s_geom_%%'", layers[k]);
        cr_assert_eq(sql_long(db, sql), 6);
        OGR_L_ResetReading(layer);
        while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
            OGRGeometryH geom = OGR_F_GetGeometryRef(feat);
            OGREnvelope env;
            sqlite3_stmt *s = NULL;
            snprintf(sql, sizeof sql, "SELECT minx, maxx, miny, maxy FROM rtree_%s_geom "
                     "WHERE id = %lld", layers[k], (long long)OGR_F_GetFID(feat));
            cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
            if (!geom) { /* region G: no geometry, no entry */
                cr_assert_eq(sqlite3_step(s), SQLITE_DONE);
            } else {
                OGR_G_GetEnvelope(geom, &env);
                cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
                /* floats rounded outwards: at most one float step (here < 0.5 m) outside */
                cr_assert(sqlite3_column_double(s, 0) <= env.MinX &&
                          sqlite3_column_double(s, 0) > env.MinX - 0.5);
                cr_assert(sqlite3_column_double(s, 1) >= env.MaxX &&
                          sqlite3_column_double(s, 1) < env.MaxX + 0.5);
                cr_assert(sqlite3_column_double(s, 2) <= env.MinY &&
                          sqlite3_column_double(s, 2) > env.MinY - 0.5);
                cr_assert(sqlite3_column_double(s, 3) >= env.MaxY &&
                          sqlite3_column_double(s, 3) < env.MaxY + 0.5);
                rows++;
            }
            sqlite3_finalize(s);
            OGR_F_Destroy(feat);
        }
        cr_assert_eq(rows, 6); /* regions A..F (G has none); the six borders */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM rtree_%s_geom", layers[k]);
        cr_assert_eq(sql_long(db, sql), 6);
    }
    sqlite3_close(db);
    /* GDAL sees the index (a layer with a spatial index answers this with TRUE) */
    cr_assert(OGR_L_TestCapability(GDALDatasetGetLayerByName(ds, "regions"), OLCFastSpatialFilter));
    GDALClose(ds);
}

/* A tree of three levels (20 000 boxes, more than 51 * 51): rtreecheck() accepts it, and
 * window queries through SQLite's rtree module give the same ids as a scan of the boxes.
 * Whole coordinates below 2^24 are exact in floats, so the answer is exact too. */
Test(graphfile, a_packed_tree_answers_like_a_scan, .init = make_dir, .fini = remove_dir)
{
    enum { N = 20000, QUERIES = 50 };
    rg_i_gf_box *b = malloc(N * sizeof *b);
    unsigned long seed = 13;
    char path[128], sql[256], *t;
    sqlite3 *db = NULL;
    int i, q;
#define NEXT() (seed = seed * 6364136223846793005UL + 1442695040888963407UL, (seed >> 33) % 100000)
    cr_assert_not_null(b);
    for (i = 0; i < N; i++) {
        b[i].id = i + 1;
        b[i].minx = (double)NEXT();
        b[i].miny = (double)NEXT();
        b[i].maxx = b[i].minx + (double)(NEXT() % 500);
        b[i].maxy = b[i].miny + (double)(NEXT() % 500);
    }
    b[7].minx = 1; b[7].maxx = 0; /* an empty geometry stays out */
    packed_tree(b, N, path, sizeof path);

    db = open_db(path);
    t = sql_text(db, "SELECT rtreecheck('rtree_t_geom')");
    cr_assert_str_eq(t, "ok", "%s", t);
    free(t);
    cr_assert_eq(sql_long(db, "SELECT count(*) FROM rtree_t_geom"), N - 1);
    /* depth 2 in the root: leaves, one level of inner nodes, the root */
    cr_assert_eq(sql_long(db, "SELECT hex(substr(data, 1, 2)) = '0002' FROM rtree_t_geom_node "
                              "WHERE nodeno = 1"), 1);
    for (q = 0; q < QUERIES; q++) {
        double x0 = (double)NEXT(), y0 = (double)NEXT(), x1 = x0 + 3000, y1 = y0 + 2000;
        long want = 0;
        for (i = 0; i < N; i++)
            want += i != 7 && b[i].minx <= x1 && b[i].maxx >= x0 && b[i].miny <= y1 &&
                    b[i].maxy >= y0;
        snprintf(sql, sizeof sql, "SELECT count(*) FROM rtree_t_geom WHERE minx <= %g AND "
                 "maxx >= %g AND miny <= %g AND maxy >= %g", x1, x0, y1, y0);
        cr_assert_eq(sql_long(db, sql), want, "query %d", q);
    }
#undef NEXT
    sqlite3_close(db);
    free(b);
}

/* The leaves hold the cells in sort-tile-recursive order with ties kept in row order, as the
 * first writer's glibc merge sort had them (so files stay identical): checked against an
 * independent order here, qsort by (key, position), on boxes with negative coordinates, many
 * equal keys and centres at -0 and +0. 3000 boxes: 59 leaves in 8 slices of 8 leaves. */
typedef struct ref_cell { float kx, ky; int pos, id; } ref_cell;
static int ref_by_x(const void *a, const void *b)
{
    const ref_cell *p = a, *q = b;
    if (p->kx != q->kx) return p->kx < q->kx ? -1 : 1;
    return (p->pos > q->pos) - (p->pos < q->pos);
}
static int ref_by_y(const void *a, const void *b)
{
    const ref_cell *p = a, *q = b;
    if (p->ky != q->ky) return p->ky < q->ky ? -1 : 1;
    return (p->pos > q->pos) - (p->pos < q->pos);
}

Test(graphfile, leaves_keep_ties_in_row_order, .init = make_dir, .fini = remove_dir)
{
    enum { N = 3000, PER = 8 * 51 };
    rg_i_gf_box *b = malloc(N * sizeof *b);
    ref_cell *r = malloc(N * sizeof *r);
    char path[128];
    sqlite3 *db = NULL;
    sqlite3_stmt *st;
    int i, s, seen = 0;
    cr_assert(b && r);
    for (i = 0; i < N; i++) {
        double cx = (double)((i * 7919) % 41) - 20, cy = (double)((i * 104729) % 37) - 18;
        double w = (double)(i % 3);
        b[i].id = i + 1;
        b[i].minx = cx - w; b[i].maxx = cx + w;
        b[i].miny = cy - w; b[i].maxy = cy + w;
        if (i % 97 == 0)
            b[i].minx = b[i].maxx = -0.0; /* key -0, equal to the +0 of others */
        r[i].kx = (float)b[i].minx + (float)b[i].maxx;
        r[i].ky = (float)b[i].miny + (float)b[i].maxy;
        r[i].pos = i;
        r[i].id = i + 1;
    }
    qsort(r, N, sizeof *r, ref_by_x);
    for (i = 0; i < N; i++)
        r[i].pos = i; /* the y sort keeps the x order of ties */
    for (s = 0; s < N; s += PER)
        qsort(r + s, N - s < PER ? N - s : PER, sizeof *r, ref_by_y);
    packed_tree(b, N, path, sizeof path);
    db = open_db(path);
    /* leaves are nodes 2..60, written in order */
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT data FROM rtree_t_geom_node WHERE nodeno "
                                        "BETWEEN 2 AND 60 ORDER BY nodeno", -1, &st, NULL),
                 SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *d = sqlite3_column_blob(st, 0);
        int count = d[2] << 8 | d[3], k, j;
        for (k = 0; k < count; k++, seen++) {
            long long id = 0;
            for (j = 0; j < 8; j++)
                id = id << 8 | d[4 + 24 * k + j];
            cr_assert_lt(seen, N);
            cr_assert_eq(id, r[seen].id, "leaf cell %d", seen);
        }
    }
    sqlite3_finalize(st);
    cr_assert_eq(seen, N);
    sqlite3_close(db);
    free(b);
    free(r);
}

/* A graph file written by the first release of the format (regiongraph before its indexes were
 * packed: tests/data/graphfile-first-format.gpkg, `build tests/data/grid3x3.shp`) still reads,
 * and what it holds is what a build gives today: 9 regions, 20 queen pairs (12 of them rook). */
Test(graphfile, a_file_of_the_first_writer_reads)
{
    rg_graph *g = NULL;
    const rg_adjacency *adj;
    size_t k, a, b, rook_pairs = 0;
    double km;
    int rook;
    cr_assert_eq(rg_graph_read(RG_TEST_DATA "/graphfile-first-format.gpkg", &g), RG_OK, "%s",
                 rg_last_error());
    adj = rg_graph_adjacency(g);
    cr_assert_eq(rg_regions_count(rg_graph_regions(g)), 9);
    cr_assert_eq(rg_adjacency_count(adj), 20);
    for (k = 0; k < rg_adjacency_count(adj); k++) {
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        rook_pairs += rook;
        cr_assert_float_eq(km, rook ? 1.0 : 0.0, 1e-9);
    }
    cr_assert_eq(rook_pairs, 12);
    cr_assert_str_eq(rg_regions_id(rg_graph_regions(g), 0), "r0c0");
    rg_graph_free(g);
}
