/* Coordination data in the graph (rg_graph_set_coordination, the default level) and in the
 * graph file (tables mechanisms, members, jurisdictions, the point layer agencies, rg_meta keys
 * coordination and level), and the row-by-row builder of coordination_internal.h.
 *
 * The founding case comes from tests/data/coord/founding/ (copies of the coordination files of
 * maps/, drafted from the press conference of 26 April 2020): 4 mechanisms with 4, 10, 6 and 13
 * members (33 rows), 15 national agencies, none located, no jurisdictions. Its regions are
 * built here: 6 provinces (the four of the Yangtze River Delta, Shandong, Henan) and the ten
 * Huaihai cities under them, merged as levels `provinces` and `prefectures`. The members file
 * lists yrd-market first, then huaihai-enforcement, rural-food-2018, health-market-2019, so the
 * members table has features 1-4, 5-14, 15-20 and 21-33 for them.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "model/coordination_internal.h"
#include "regiongraph/coordination.h"
#include "regiongraph/graphfile.h"
#include "leak_check.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-graphcoord-XXXXXX"
#include "tmpdir_fixture.h"

RG_TEST_SUITE(graph_coordination);

#define FOUNDING RG_TEST_DATA "/coord/founding/"

/* ---- the founding case's regions ------------------------------------------------------------- */

typedef struct place {
    const char *code, *name, *province;
} place;

static const place provinces[] = {
    {"310000", "Shanghai", NULL}, {"320000", "Jiangsu", NULL}, {"330000", "Zhejiang", NULL},
    {"340000", "Anhui", NULL},    {"370000", "Shandong", NULL}, {"410000", "Henan", NULL},
};

static const place cities[] = {
    {"320300", "Xuzhou", "320000"},   {"320700", "Lianyungang", "320000"},
    {"321300", "Suqian", "320000"},   {"341300", "Suzhou", "340000"},
    {"340600", "Huaibei", "340000"},  {"411400", "Shangqiu", "410000"},
    {"370400", "Zaozhuang", "370000"}, {"370800", "Jining", "370000"},
    {"371300", "Linyi", "370000"},    {"371700", "Heze", "370000"},
};

static rg_regions *make_places(const char *source, const place *p, size_t n, int with_parent)
{
    rg_i_field fields[] = {{.name = "code", .type = RG_FIELD_STRING, .width = 6},
                           {.name = "name_en", .type = RG_FIELD_STRING, .width = 23},
                           {.name = "province", .type = RG_FIELD_STRING, .width = 6}};
    size_t nf = with_parent ? 3 : 2;
    rg_regions *r = NULL;
    cr_assert_eq(rg_i_regions_new(source, nf, fields, &r), RG_OK);
    for (size_t i = 0; i < n; i++) {
        /* A 0.5-degree square per place, in a row: geometry is not what is tested here. */
        double x = 110 + (double)i, ring[] = {x, 30, x, 30.5, x + 0.5, 30.5, x + 0.5, 30, x, 30};
        rg_i_value v[3];
        memset(v, 0, sizeof v);
        v[0].text = strdup(p[i].code);
        v[1].text = strdup(p[i].name);
        if (with_parent)
            v[2].text = strdup(p[i].province);
        cr_assert_eq(rg_i_regions_begin(r, p[i].code, p[i].name, v), RG_OK);
        cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
        cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", "name_en"), RG_OK);
    return r;
}

/* The graph of the founding case's regions (16: provinces 0-5, cities 6-15), no pairs. */
static rg_graph *founding_graph(void)
{
    rg_regions *levels[2] = {make_places("maps/provinces.shp", provinces, 6, 0),
                             make_places("maps/prefectures.shp", cities, 10, 1)};
    const char *names[] = {"provinces", "prefectures"}, *parents[] = {NULL, "province"};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    cr_assert_eq(rg_regions_merge_levels(levels, names, parents, 2, &r), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 6, 15, 52.5, 1), RG_OK); /* Xuzhou-Heze */
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    return g;
}

static rg_coordination *founding_coordination(void)
{
    rg_coordination *c = NULL;
    cr_assert_eq(rg_coordination_read(FOUNDING "mechanisms.csv", FOUNDING "members.csv",
                                      FOUNDING "agencies.csv", &c),
                 RG_OK, "%s", rg_last_error());
    return c;
}

static rg_graph *founding_graph_with_coordination(void)
{
    rg_graph *g = founding_graph();
    cr_assert_eq(rg_graph_set_coordination(g, founding_coordination()), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_graph_set_default_level(g, "prefectures"), RG_OK, "%s", rg_last_error());
    return g;
}

/* ---- helpers --------------------------------------------------------------------------------- */

static void file_path(char *path, size_t size, const char *name)
{
    snprintf(path, size, "%s/%s", dir, name);
}

/* Edits a written graph file with SQL, as a corrupted or hand-edited file would be. */
static void run_sql(const char *path, const char *sql)
{
    GDALDatasetH ds;
    OGRLayerH res;
    rg_i_library_init();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    CPLErrorReset();
    res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    if (res)
        GDALDatasetReleaseResultSet(ds, res);
    cr_assert_lt(CPLGetLastErrorType(), CE_Failure, "%s: %s", sql, CPLGetLastErrorMsg());
    GDALClose(ds);
}

static void expect_read_error(const char *path, rg_status status, const char *message_after_path)
{
    rg_graph *g = (rg_graph *)1;
    char want[512];
    snprintf(want, sizeof want, "%s: %s", path, message_after_path);
    cr_assert_eq(rg_graph_read(path, &g), status, "%s", rg_last_error());
    cr_assert_null(g);
    cr_assert_str_eq(rg_last_error(), want);
}

static void assert_same_coordination(const rg_coordination *a, const rg_coordination *b)
{
    size_t nm = rg_coordination_mechanism_count(a), na = rg_coordination_agency_count(a);
    cr_assert_eq(rg_coordination_mechanism_count(b), nm);
    for (size_t m = 0; m < nm; m++) {
        cr_assert_str_eq(rg_coordination_mechanism_id(b, m), rg_coordination_mechanism_id(a, m));
        cr_assert_str_eq(rg_coordination_mechanism_name(b, m),
                         rg_coordination_mechanism_name(a, m));
        cr_assert_str_eq(rg_coordination_mechanism_kind(b, m),
                         rg_coordination_mechanism_kind(a, m));
        cr_assert_eq(rg_coordination_mechanism_year(b, m), rg_coordination_mechanism_year(a, m));
        cr_assert_str_eq(rg_coordination_mechanism_source(b, m),
                         rg_coordination_mechanism_source(a, m));
        cr_assert_eq(rg_coordination_member_count(b, m), rg_coordination_member_count(a, m));
        for (size_t k = 0; k < rg_coordination_member_count(a, m); k++) {
            cr_assert_str_eq(rg_coordination_member_id(b, m, k),
                             rg_coordination_member_id(a, m, k));
            cr_assert_eq(rg_coordination_member_kind(b, m, k),
                         rg_coordination_member_kind(a, m, k), "kind of %zu.%zu", m, k);
        }
    }
    cr_assert_eq(rg_coordination_agency_count(b), na);
    for (size_t i = 0; i < na; i++) {
        double alon = 0, alat = 0, blon = 1, blat = 1;
        int ahas = rg_coordination_agency_location(a, i, &alon, &alat);
        cr_assert_str_eq(rg_coordination_agency_id(b, i), rg_coordination_agency_id(a, i));
        cr_assert_str_eq(rg_coordination_agency_name(b, i), rg_coordination_agency_name(a, i));
        cr_assert_str_eq(rg_coordination_agency_level(b, i), rg_coordination_agency_level(a, i));
        cr_assert_eq(rg_coordination_agency_location(b, i, &blon, &blat), ahas);
        if (ahas) {
            cr_assert(memcmp(&alon, &blon, sizeof alon) == 0, "lon of %zu", i);
            cr_assert(memcmp(&alat, &blat, sizeof alat) == 0, "lat of %zu", i);
        }
        cr_assert_eq(rg_coordination_jurisdiction_count(b, i),
                     rg_coordination_jurisdiction_count(a, i));
        for (size_t k = 0; k < rg_coordination_jurisdiction_count(a, i); k++)
            cr_assert_str_eq(rg_coordination_jurisdiction_id(b, i, k),
                             rg_coordination_jurisdiction_id(a, i, k));
    }
}

/* ---- the founding case ----------------------------------------------------------------------- */

Test(graph_coordination, founding_case_attaches_with_kinds_resolved)
{
    rg_graph *g = founding_graph_with_coordination();
    const rg_coordination *c = rg_graph_coordination(g);
    static const char *const mech_ids[] = {"yrd-market", "huaihai-enforcement",
                                           "rural-food-2018", "health-market-2019"};
    static const size_t nmembers[] = {4, 10, 6, 13};
    static const int years[] = {2019, 2019, 2018, 2019};
    static const rg_member_kind kinds[] = {RG_MEMBER_REGION, RG_MEMBER_REGION, RG_MEMBER_AGENCY,
                                           RG_MEMBER_AGENCY};
    cr_assert_not_null(c);
    cr_assert_eq(rg_coordination_mechanism_count(c), 4);
    for (size_t m = 0; m < 4; m++) {
        cr_assert_str_eq(rg_coordination_mechanism_id(c, m), mech_ids[m]);
        cr_assert_eq(rg_coordination_member_count(c, m), nmembers[m]);
        cr_assert_eq(rg_coordination_mechanism_year(c, m), years[m]);
        for (size_t k = 0; k < nmembers[m]; k++)
            cr_assert_eq(rg_coordination_member_kind(c, m, k), kinds[m], "%zu.%zu", m, k);
    }
    cr_assert_str_eq(rg_coordination_member_id(c, 1, 0), "320300"); /* Xuzhou */
    cr_assert_str_eq(rg_coordination_member_id(c, 1, 9), "371700"); /* Heze */
    cr_assert_str_eq(rg_coordination_member_id(c, 3, 12), "CAC");
    cr_assert_eq(rg_coordination_agency_count(c), 15);
    cr_assert_str_eq(rg_coordination_agency_id(c, 0), "SAMR");
    cr_assert_str_eq(rg_coordination_agency_level(c, 14), "national");
    cr_assert_eq(rg_coordination_agency_location(c, 0, NULL, NULL), 0);
    cr_assert_str_eq(rg_graph_default_level(g), "prefectures");
    rg_graph_free(g);
}

Test(graph_coordination, founding_case_round_trips_through_the_graph_file, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = founding_graph_with_coordination(), *back = NULL, *again = NULL;
    rg_coordination *fresh = founding_coordination();
    const rg_coordination *c;
    char path[128], path2[128];
    file_path(path, sizeof path, "founding.gpkg");
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    c = rg_graph_coordination(back);
    cr_assert_not_null(c);
    assert_same_coordination(rg_graph_coordination(g), c);
    /* Compared with the CSV files themselves too (resolved kinds aside, which a fresh read has
     * not got): the texts, with their quotes and commas, come back as written. */
    cr_assert_str_eq(rg_coordination_mechanism_name(c, 3),
                     rg_coordination_mechanism_name(fresh, 3));
    cr_assert_str_eq(rg_coordination_mechanism_name(c, 3),
                     "Hundred-day joint action on disorder in the \"health\" (health-products) "
                     "market (13 departments)");
    cr_assert_str_eq(rg_coordination_mechanism_source(c, 2),
                     "Press conference of 26 April 2020; members: Xinhua, 14 December 2018 "
                     "(launched 14 December 2018, three months)");
    cr_assert_str_eq(rg_coordination_mechanism_kind(c, 1), "law-enforcement mechanism");
    cr_assert_str_eq(rg_coordination_agency_name(c, 5),
                     "All China Federation of Supply and Marketing Cooperatives");
    /* Kinds after reading back: the provinces and cities are regions, the departments agencies. */
    cr_assert_eq(rg_coordination_member_kind(c, 0, 3), RG_MEMBER_REGION); /* 340000 */
    cr_assert_eq(rg_coordination_member_kind(c, 1, 5), RG_MEMBER_REGION); /* 411400 */
    cr_assert_str_eq(rg_coordination_member_id(c, 2, 0), "MARA");
    cr_assert_eq(rg_coordination_member_kind(c, 2, 0), RG_MEMBER_AGENCY);
    cr_assert_str_eq(rg_graph_default_level(back), "prefectures");
    cr_assert_eq(rg_graph_node_count(back), 16);
    cr_assert_eq(rg_regions_parent(rg_graph_regions(back), 15), 4); /* Heze -> Shandong */

    /* Written again from what was read: the same again. */
    file_path(path2, sizeof path2, "again.gpkg");
    cr_assert_eq(rg_graph_write(back, path2), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path2, &again), RG_OK, "%s", rg_last_error());
    assert_same_coordination(c, rg_graph_coordination(again));
    rg_coordination_free(fresh);
    rg_graph_free(again);
    rg_graph_free(back);
    rg_graph_free(g);
}

static long feature_count_in(const char *ogrinfo_output, const char *layer)
{
    char key[128];
    const char *p, *q;
    snprintf(key, sizeof key, "Layer name: %s\n", layer);
    if (!(p = strstr(ogrinfo_output, key)) || !(q = strstr(p, "Feature Count: ")))
        return -1;
    return strtol(q + strlen("Feature Count: "), NULL, 10);
}

/* What GDAL and ogrinfo see: the layers, their types, counts, fields and values. */
Test(graph_coordination, gdal_and_ogrinfo_see_the_coordination_layers, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = founding_graph_with_coordination();
    char path[128], cmd[256], out[16384];
    GDALDatasetH ds;
    OGRLayerH mechs, members, agencies, jur, meta;
    OGRFeatureH f;
    OGRSpatialReferenceH srs;
    FILE *fp;
    size_t n;
    int rows = 0;
    file_path(path, sizeof path, "founding.gpkg");
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);

    snprintf(cmd, sizeof cmd, "ogrinfo -ro -so -al '%s' 2>&1", path);
    fp = popen(cmd, "r");
    cr_assert_not_null(fp);
    n = fread(out, 1, sizeof out - 1, fp);
    out[n] = '\0';
    cr_assert_eq(pclose(fp), 0, "ogrinfo failed: %s", out);
    cr_assert_eq(feature_count_in(out, "regions"), 16);
    cr_assert_eq(feature_count_in(out, "borders"), 1);
    cr_assert_eq(feature_count_in(out, "mechanisms"), 4);
    cr_assert_eq(feature_count_in(out, "members"), 33);
    cr_assert_eq(feature_count_in(out, "agencies"), 15);
    cr_assert_eq(feature_count_in(out, "jurisdictions"), 0);

    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    /* and the derived coverage table (mechanism, region, via) */
    cr_assert_eq(GDALDatasetGetLayerCount(ds), 8);
    cr_assert_not_null(GDALDatasetGetLayerByName(ds, "coverage"));
    mechs = GDALDatasetGetLayerByName(ds, "mechanisms");
    members = GDALDatasetGetLayerByName(ds, "members");
    agencies = GDALDatasetGetLayerByName(ds, "agencies");
    jur = GDALDatasetGetLayerByName(ds, "jurisdictions");
    meta = GDALDatasetGetLayerByName(ds, "rg_meta");
    cr_assert(mechs && members && agencies && jur && meta);
    cr_assert_eq(OGR_L_GetGeomType(mechs), wkbNone);
    cr_assert_eq(OGR_L_GetGeomType(members), wkbNone);
    cr_assert_eq(OGR_L_GetGeomType(jur), wkbNone);
    cr_assert_eq(OGR_L_GetGeomType(agencies), wkbPoint);
    srs = OGR_L_GetSpatialRef(agencies);
    cr_assert_not_null(srs);
    cr_assert_str_eq(OSRGetAuthorityCode(srs, NULL), "4326");

    f = OGR_L_GetFeature(mechs, 2);
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "id")),
                     "huaihai-enforcement");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "kind")),
                     "law-enforcement mechanism");
    cr_assert_eq(OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, OGR_F_GetFieldIndex(f, "year"))),
                 OFTInteger);
    cr_assert_eq(OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "year")), 2019);
    OGR_F_Destroy(f);
    f = OGR_L_GetFeature(members, 15); /* the first of rural-food-2018 */
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 0), "rural-food-2018");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 1), "MARA");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 2), "agency");
    OGR_F_Destroy(f);
    f = OGR_L_GetFeature(members, 14); /* the last Huaihai city */
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 1), "371700");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 2), "region");
    OGR_F_Destroy(f);
    f = OGR_L_GetFeature(agencies, 15);
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 0), "CAC");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 1), "Cyberspace Administration of China");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 2), "national");
    cr_assert_null(OGR_F_GetGeometryRef(f)); /* no location: null geometry */
    OGR_F_Destroy(f);

    OGR_L_ResetReading(meta);
    while ((f = OGR_L_GetNextFeature(meta)) != NULL) {
        const char *k = OGR_F_GetFieldAsString(f, 0), *v = OGR_F_GetFieldAsString(f, 1);
        if (!strcmp(k, "coordination")) { cr_assert_str_eq(v, "yes"); rows++; }
        if (!strcmp(k, "level")) { cr_assert_str_eq(v, "prefectures"); rows++; }
        OGR_F_Destroy(f);
    }
    cr_assert_eq(rows, 2);
    GDALClose(ds);
}

/* ---- built row by row: locations, jurisdictions, members of both kinds ----------------------- */

/* Mechanism m1 has a region member (Jiangsu) and an agency member (JS-AMR, located, with two
 * regions under it); m2 has the national SAMR (no location) and Xuzhou. Rows are added out of
 * mechanism order on purpose: the builder groups them. */
static rg_coordination *built(void)
{
    rg_coordination *c = NULL;
    size_t m1, m2, js, samr;
    cr_assert_eq(rg_i_coordination_new(&c), RG_OK);
    cr_assert_eq(rg_i_coordination_add_mechanism(c, "m1", "Jiangsu market law enforcement",
                                                 "memorandum", 2020, "made up for the test", 1,
                                                 &m1), RG_OK);
    cr_assert_eq(rg_i_coordination_add_mechanism(c, "m2", NULL, NULL, 0, NULL, 2, &m2), RG_OK);
    cr_assert_eq(rg_i_coordination_add_agency(c, "JS-AMR", "Jiangsu Administration for Market "
                                              "Regulation", "Provincial", 1, 118.7969, 32.0603,
                                              1, &js), RG_OK);
    cr_assert_eq(rg_i_coordination_add_agency(c, "SAMR", "State Administration for Market "
                                              "Regulation", "national", 0, 0, 0, 2, &samr), RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(c, m2, "SAMR", RG_I_MEMBER_UNKNOWN, 1), RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(c, m1, "320000", RG_MEMBER_REGION, 2), RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(c, m2, "320300", RG_I_MEMBER_UNKNOWN, 3), RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(c, m1, "JS-AMR", RG_MEMBER_AGENCY, 4), RG_OK);
    cr_assert_eq(rg_i_coordination_add_jurisdiction(c, js, "320000", 1), RG_OK);
    cr_assert_eq(rg_i_coordination_add_jurisdiction(c, samr, "310000", 2), RG_OK);
    cr_assert_eq(rg_i_coordination_add_jurisdiction(c, js, "320300", 3), RG_OK);
    cr_assert_eq(rg_i_coordination_finish(c), RG_OK);
    cr_assert_eq(rg_i_coordination_finish(c), RG_OK); /* nothing left: no change */
    return c;
}

static void assert_built(const rg_coordination *c, int resolved)
{
    double lon = 0, lat = 0;
    cr_assert_eq(rg_coordination_mechanism_count(c), 2);
    cr_assert_eq(rg_coordination_mechanism_year(c, 1), 0);
    cr_assert_str_eq(rg_coordination_mechanism_name(c, 1), "");
    cr_assert_str_eq(rg_coordination_mechanism_source(c, 0), "made up for the test");
    cr_assert_eq(rg_coordination_member_count(c, 0), 2);
    cr_assert_str_eq(rg_coordination_member_id(c, 0, 0), "320000");
    cr_assert_str_eq(rg_coordination_member_id(c, 0, 1), "JS-AMR");
    cr_assert_eq(rg_coordination_member_count(c, 1), 2);
    cr_assert_str_eq(rg_coordination_member_id(c, 1, 0), "SAMR");
    cr_assert_str_eq(rg_coordination_member_id(c, 1, 1), "320300");
    cr_assert_eq(rg_coordination_member_kind(c, 0, 0), RG_MEMBER_REGION);
    cr_assert_eq(rg_coordination_member_kind(c, 0, 1), RG_MEMBER_AGENCY);
    if (resolved) {
        cr_assert_eq(rg_coordination_member_kind(c, 1, 0), RG_MEMBER_AGENCY);
        cr_assert_eq(rg_coordination_member_kind(c, 1, 1), RG_MEMBER_REGION);
    }
    cr_assert_eq(rg_coordination_agency_count(c), 2);
    cr_assert_str_eq(rg_coordination_agency_level(c, 0), "provincial");
    cr_assert_eq(rg_coordination_agency_location(c, 0, &lon, &lat), 1);
    cr_assert_eq(lon, 118.7969);
    cr_assert_eq(lat, 32.0603);
    cr_assert_eq(rg_coordination_agency_location(c, 1, &lon, &lat), 0);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 0), 2);
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 0, 0), "320000");
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 0, 1), "320300");
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 1), 1);
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 1, 0), "310000");
    cr_assert_eq(rg_coordination_agency_index(c, "SAMR"), 1);
    cr_assert_eq(rg_i_coordination_mechanism_index(c, "m2"), 1);
    cr_assert_eq(rg_i_coordination_mechanism_index(c, "m3"), -1);
}

Test(graph_coordination, built_rows_are_grouped)
{
    rg_coordination *c = built();
    assert_built(c, 0);
    rg_coordination_free(c);
}

Test(graph_coordination, agencies_with_and_without_location_round_trip, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = founding_graph(), *back = NULL;
    char path[128];
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureH f;
    OGRGeometryH pt;
    file_path(path, sizeof path, "built.gpkg");
    cr_assert_eq(rg_graph_set_coordination(g, built()), RG_OK, "%s", rg_last_error());
    assert_built(rg_graph_coordination(g), 1);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    assert_built(rg_graph_coordination(back), 1);
    assert_same_coordination(rg_graph_coordination(g), rg_graph_coordination(back));
    cr_assert_null(rg_graph_default_level(back));

    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    layer = GDALDatasetGetLayerByName(ds, "agencies");
    f = OGR_L_GetFeature(layer, 1);
    pt = OGR_F_GetGeometryRef(f);
    cr_assert_not_null(pt);
    cr_assert_eq(wkbFlatten(OGR_G_GetGeometryType(pt)), wkbPoint);
    cr_assert_eq(OGR_G_GetX(pt, 0), 118.7969); /* x is the longitude */
    cr_assert_eq(OGR_G_GetY(pt, 0), 32.0603);
    OGR_F_Destroy(f);
    f = OGR_L_GetFeature(layer, 2);
    cr_assert_null(OGR_F_GetGeometryRef(f));
    OGR_F_Destroy(f);
    layer = GDALDatasetGetLayerByName(ds, "jurisdictions");
    cr_assert_eq(OGR_L_GetFeatureCount(layer, TRUE), 3);
    f = OGR_L_GetFeature(layer, 2); /* JS-AMR's second, written agency by agency */
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 0), "JS-AMR");
    cr_assert_str_eq(OGR_F_GetFieldAsString(f, 1), "320300");
    OGR_F_Destroy(f);
    layer = GDALDatasetGetLayerByName(ds, "mechanisms");
    f = OGR_L_GetFeature(layer, 2);
    cr_assert(OGR_F_IsFieldNull(f, OGR_F_GetFieldIndex(f, "year")), "year 0 is written as null");
    OGR_F_Destroy(f);
    GDALClose(ds);
    rg_graph_free(back);
    rg_graph_free(g);
}

/* The agencies layer reprojected by another tool still reads as lon/lat. */
Test(graph_coordination, a_reprojected_agencies_layer_reads_as_lon_lat, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = founding_graph(), *back = NULL;
    char path[128], copy[128], cmd[512];
    double lon = 0, lat = 0;
    GDALDatasetH ds;
    OGRFeatureH f;
    file_path(path, sizeof path, "built.gpkg");
    file_path(copy, sizeof copy, "copy.gpkg");
    cr_assert_eq(rg_graph_set_coordination(g, built()), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_write(g, copy), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);
    snprintf(cmd, sizeof cmd, "ogr2ogr -update -overwrite -preserve_fid -t_srs EPSG:3857 "
             "-nln agencies '%s' '%s' agencies > /dev/null 2>&1", path, copy);
    cr_assert_eq(system(cmd), 0, "ogr2ogr failed");
    /* Web Mercator by pyproj 3.4.1: Transformer.from_crs(4326, 3857, always_xy=True)
     * .transform(118.7969, 32.0603) = (13224410.41581944, 3771228.5444625416). */
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    f = OGR_L_GetFeature(GDALDatasetGetLayerByName(ds, "agencies"), 1);
    cr_assert_not_null(f);
    cr_assert_float_eq(OGR_G_GetX(OGR_F_GetGeometryRef(f), 0), 13224410.41581944, 1e-3);
    cr_assert_float_eq(OGR_G_GetY(OGR_F_GetGeometryRef(f), 0), 3771228.5444625416, 1e-3);
    OGR_F_Destroy(f);
    GDALClose(ds);
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_coordination_agency_location(rg_graph_coordination(back), 0, &lon, &lat), 1);
    cr_assert_float_eq(lon, 118.7969, 1e-9);
    cr_assert_float_eq(lat, 32.0603, 1e-9);
    rg_graph_free(back);
}

/* ---- files without coordination ------------------------------------------------------------- */

Test(graph_coordination, a_graph_without_coordination_reads_back_with_none, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = founding_graph(), *back = NULL;
    char path[128];
    GDALDatasetH ds;
    OGRLayerH meta;
    OGRFeatureH f;
    int coordination_rows = 0, level_rows = 0;
    file_path(path, sizeof path, "plain.gpkg");
    cr_assert_null(rg_graph_coordination(g));
    cr_assert_null(rg_graph_default_level(g));
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_eq(GDALDatasetGetLayerCount(ds), 3); /* regions, borders, rg_meta: nothing more */
    meta = GDALDatasetGetLayerByName(ds, "rg_meta");
    while ((f = OGR_L_GetNextFeature(meta)) != NULL) {
        if (!strcmp(OGR_F_GetFieldAsString(f, 0), "coordination")) {
            cr_assert_str_eq(OGR_F_GetFieldAsString(f, 1), "no");
            coordination_rows++;
        }
        level_rows += !strcmp(OGR_F_GetFieldAsString(f, 0), "level");
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    cr_assert_eq(coordination_rows, 1);
    cr_assert_eq(level_rows, 0);
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    cr_assert_null(rg_graph_coordination(back));
    cr_assert_null(rg_graph_default_level(back));
    rg_graph_free(back);
    rg_graph_free(g);
}

/* A file written before coordination was stored has no `coordination` key: it reads, without
 * coordination. Tables left without the key (a tool kept them) are not read either. */
Test(graph_coordination, a_file_from_before_coordination_still_reads, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = founding_graph_with_coordination(), *back = NULL;
    char path[128];
    file_path(path, sizeof path, "old.gpkg");
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);
    run_sql(path, "DELETE FROM rg_meta WHERE key IN ('coordination', 'level')");
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    cr_assert_null(rg_graph_coordination(back));
    cr_assert_null(rg_graph_default_level(back));
    cr_assert_eq(rg_graph_node_count(back), 16);
    rg_graph_free(back);
}

/* ---- corrupted files ------------------------------------------------------------------------- */

static void write_founding(const char *path)
{
    rg_graph *g = founding_graph_with_coordination();
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);
}

Test(graph_coordination, a_stored_member_that_is_neither_names_the_feature, .init = make_dir,
     .fini = remove_dir)
{
    char path[128];
    file_path(path, sizeof path, "bad.gpkg");
    write_founding(path);
    run_sql(path, "UPDATE members SET member = '999999' WHERE fid = 3");
    expect_read_error(path, RG_ERR_DATA,
                      "members feature 3: '999999' is neither a region nor an agency");
}

Test(graph_coordination, a_stored_kind_that_disagrees_names_the_feature, .init = make_dir,
     .fini = remove_dir)
{
    char path[128];
    file_path(path, sizeof path, "bad.gpkg");
    write_founding(path);
    run_sql(path, "UPDATE members SET kind = 'agency' WHERE fid = 1");
    expect_read_error(path, RG_ERR_DATA,
                      "members feature 1: member '310000' is given as an agency but is a region");
    run_sql(path, "UPDATE members SET kind = 'city' WHERE fid = 1");
    expect_read_error(path, RG_ERR_FORMAT,
                      "members feature 1: kind 'city' is not region or agency");
    /* An empty kind (a row typed in by hand) is found out. */
    run_sql(path, "UPDATE members SET kind = '' WHERE fid = 1");
    {
        rg_graph *g = NULL;
        cr_assert_eq(rg_graph_read(path, &g), RG_OK, "%s", rg_last_error());
        cr_assert_eq(rg_coordination_member_kind(rg_graph_coordination(g), 0, 0),
                     RG_MEMBER_REGION);
        rg_graph_free(g);
    }
}

Test(graph_coordination, other_corruptions_name_the_table_and_feature, .init = make_dir,
     .fini = remove_dir)
{
    char path[128], message[512];
    file_path(path, sizeof path, "bad.gpkg");
    write_founding(path);
    run_sql(path, "UPDATE members SET mechanism = 'nope' WHERE fid = 2");
    expect_read_error(path, RG_ERR_FORMAT,
                      "members feature 2: mechanism 'nope' is not in layer 'mechanisms'");
    run_sql(path, "UPDATE members SET mechanism = 'yrd-market', member = '310000' WHERE fid = 2");
    snprintf(message, sizeof message, "members feature 2: mechanism 'yrd-market' lists member "
             "'310000' twice (first in %s: members feature 1)", path);
    expect_read_error(path, RG_ERR_DATA, message);
}

Test(graph_coordination, an_agency_id_that_is_a_region_id_names_the_feature, .init = make_dir,
     .fini = remove_dir)
{
    char path[128];
    file_path(path, sizeof path, "bad.gpkg");
    write_founding(path);
    run_sql(path, "UPDATE agencies SET id = '320300' WHERE fid = 4");
    expect_read_error(path, RG_ERR_DATA,
                      "agencies feature 4: agency id '320300' is also a region id");
    run_sql(path, "UPDATE agencies SET id = 'SAMR' WHERE fid = 4");
    expect_read_error(path, RG_ERR_DATA, "agencies feature 4: duplicate id 'SAMR' (first on "
                                         "agencies feature 1)");
    run_sql(path, "UPDATE agencies SET id = 'MPS', level = 'global' WHERE fid = 4");
    expect_read_error(path, RG_ERR_DATA, "agencies feature 4: level 'global' is not one of "
                                         "national, provincial, municipal, county");
}

Test(graph_coordination, a_bad_jurisdiction_names_the_feature, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = founding_graph();
    char path[128];
    file_path(path, sizeof path, "bad.gpkg");
    cr_assert_eq(rg_graph_set_coordination(g, built()), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);
    run_sql(path, "UPDATE jurisdictions SET region = '999' WHERE fid = 2");
    expect_read_error(path, RG_ERR_DATA, "jurisdictions feature 2: jurisdiction '999' is not a "
                                         "region");
    run_sql(path, "UPDATE jurisdictions SET region = 'SAMR' WHERE fid = 2");
    expect_read_error(path, RG_ERR_DATA, "jurisdictions feature 2: jurisdiction 'SAMR' is an "
                                         "agency, not a region");
    run_sql(path, "UPDATE jurisdictions SET agency = 'XX' WHERE fid = 3");
    expect_read_error(path, RG_ERR_FORMAT, "jurisdictions feature 3: agency 'XX' is not in layer "
                                           "'agencies'");
}

Test(graph_coordination, missing_layers_and_bad_keys_are_refused, .init = make_dir,
     .fini = remove_dir)
{
    char path[128];
    GDALDatasetH ds;
    file_path(path, sizeof path, "bad.gpkg");
    write_founding(path);
    run_sql(path, "UPDATE rg_meta SET value = 'counties' WHERE key = 'level'");
    expect_read_error(path, RG_ERR_ARG, "level 'counties' is not a level of the regions "
                                        "(levels are: provinces, prefectures)");
    run_sql(path, "UPDATE rg_meta SET value = 'prefectures' WHERE key = 'level'");
    run_sql(path, "UPDATE rg_meta SET value = 'maybe' WHERE key = 'coordination'");
    expect_read_error(path, RG_ERR_FORMAT, "rg_meta coordination is 'maybe', not yes or no");
    run_sql(path, "UPDATE rg_meta SET value = 'yes' WHERE key = 'coordination'");
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++)
        if (!strcmp(OGR_L_GetName(GDALDatasetGetLayer(ds, i)), "jurisdictions"))
            cr_assert_eq(GDALDatasetDeleteLayer(ds, i), OGRERR_NONE);
    GDALClose(ds);
    expect_read_error(path, RG_ERR_FORMAT, "rg_meta says the file holds coordination data but it "
                                           "has no layer 'jurisdictions'");
}

/* ---- the graph's API ----------------------------------------------------------------------- */

Test(graph_coordination, an_unknown_member_is_refused_and_the_old_set_kept)
{
    rg_graph *g = founding_graph();
    rg_coordination *bad = NULL;
    size_t m;
    cr_assert_eq(rg_graph_set_coordination(g, built()), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_i_coordination_new(&bad), RG_OK);
    cr_assert_eq(rg_i_coordination_set_origin(bad, RG_I_COORD_MECHANISMS, "x.csv", "line"),
                 RG_OK);
    cr_assert_eq(rg_i_coordination_set_origin(bad, RG_I_COORD_MEMBERS, "y.csv", "line"), RG_OK);
    cr_assert_eq(rg_i_coordination_add_mechanism(bad, "m", "", "", 0, "", 2, &m), RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(bad, m, "320300", RG_I_MEMBER_UNKNOWN, 2), RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(bad, m, "330100", RG_I_MEMBER_UNKNOWN, 3), RG_OK);
    cr_assert_eq(rg_graph_set_coordination(g, bad), RG_ERR_DATA); /* bad is freed */
    cr_assert_str_eq(rg_last_error(), "y.csv: line 3: '330100' is neither a region nor an agency");
    assert_built(rg_graph_coordination(g), 1);
    /* NULL detaches. */
    cr_assert_eq(rg_graph_set_coordination(g, NULL), RG_OK);
    cr_assert_null(rg_graph_coordination(g));
    rg_graph_free(g);
}

Test(graph_coordination, the_csv_files_unknown_member_names_file_and_line)
{
    /* Only the first five Huaihai cities are regions: Shangqiu (411400) is not. */
    rg_regions *levels[2] = {make_places("p.shp", provinces, 6, 0),
                             make_places("c.shp", cities, 5, 1)};
    const char *names[] = {"provinces", "prefectures"}, *parents[] = {NULL, "province"};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    cr_assert_eq(rg_regions_merge_levels(levels, names, parents, 2, &r), RG_OK);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    cr_assert_eq(rg_graph_set_coordination(g, founding_coordination()), RG_ERR_DATA);
    /* members.csv: header on line 1, yrd-market on lines 2-5, the Huaihai cities from line 6;
     * 411400 is the sixth city, line 11. */
    cr_assert_str_eq(rg_last_error(),
                     FOUNDING "members.csv: line 11: '411400' is neither a region nor an agency");
    cr_assert_null(rg_graph_coordination(g));
    rg_graph_free(g);
}

Test(graph_coordination, default_level_is_checked_and_cleared)
{
    rg_graph *g = founding_graph();
    cr_assert_eq(rg_graph_set_default_level(g, "provinces"), RG_OK);
    cr_assert_str_eq(rg_graph_default_level(g), "provinces");
    cr_assert_eq(rg_graph_set_default_level(g, "counties"), RG_ERR_ARG);
    cr_assert_str_eq(rg_last_error(), "level 'counties' is not a level of the regions (levels "
                                      "are: provinces, prefectures)");
    cr_assert_str_eq(rg_graph_default_level(g), "provinces"); /* unchanged */
    cr_assert_eq(rg_graph_set_default_level(g, NULL), RG_OK);
    cr_assert_null(rg_graph_default_level(g));
    rg_graph_free(g);
}

/* ---- the builder's checks -------------------------------------------------------------------- */

Test(graph_coordination, builder_errors_name_the_origin_and_row)
{
    rg_coordination *c = NULL;
    size_t m, a;
    cr_assert_eq(rg_i_coordination_new(&c), RG_OK);
    /* No origin set: "(memory)", row. */
    cr_assert_eq(rg_i_coordination_add_mechanism(c, "", NULL, NULL, 0, NULL, 7, NULL),
                 RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "(memory): row 7: id is empty");
    cr_assert_eq(rg_i_coordination_set_origin(c, RG_I_COORD_MECHANISMS, "g.gpkg",
                                              "mechanisms feature"), RG_OK);
    cr_assert_eq(rg_i_coordination_add_mechanism(c, "m", NULL, NULL, 2019, NULL, 1, &m), RG_OK);
    cr_assert_eq(rg_i_coordination_add_mechanism(c, "m", NULL, NULL, 2019, NULL, 2, NULL),
                 RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "g.gpkg: mechanisms feature 2: duplicate mechanism id 'm' "
                                      "(first in g.gpkg: mechanisms feature 1)");
    cr_assert_eq(rg_i_coordination_add_mechanism(c, "n", NULL, NULL, 10000, NULL, 3, NULL),
                 RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "g.gpkg: mechanisms feature 3: year 10000 is out of range "
                                      "(1 to 9999)");
    cr_assert_eq(rg_i_coordination_set_origin(c, RG_I_COORD_MEMBERS, "g.gpkg", "members feature"),
                 RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(c, m, "A", RG_I_MEMBER_UNKNOWN, 1), RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(c, m, "A", RG_MEMBER_REGION, 2), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "g.gpkg: members feature 2: mechanism 'm' lists member 'A' "
                                      "twice (first in g.gpkg: members feature 1)");
    cr_assert_eq(rg_i_coordination_add_member(c, m, "", RG_MEMBER_REGION, 3), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "g.gpkg: members feature 3: member is empty");
    cr_assert_eq(rg_i_coordination_add_member(c, 5, "B", RG_MEMBER_REGION, 4), RG_ERR_ARG);
    /* After a finish, a repeat of a grouped member is still caught. */
    cr_assert_eq(rg_i_coordination_finish(c), RG_OK);
    cr_assert_eq(rg_coordination_member_count(c, m), 1);
    cr_assert_eq(rg_i_coordination_add_member(c, m, "A", RG_MEMBER_REGION, 5), RG_ERR_DATA);
    cr_assert_eq(rg_i_coordination_add_member(c, m, "B", RG_MEMBER_REGION, 6), RG_OK);
    cr_assert_eq(rg_i_coordination_finish(c), RG_OK);
    cr_assert_eq(rg_coordination_member_count(c, m), 2);
    cr_assert_str_eq(rg_coordination_member_id(c, m, 1), "B");

    cr_assert_eq(rg_i_coordination_set_origin(c, RG_I_COORD_AGENCIES, "a.csv", "line"), RG_OK);
    cr_assert_eq(rg_i_coordination_add_agency(c, "X", "x", "national", 0, 0, 0, 2, &a), RG_OK);
    cr_assert_eq(rg_i_coordination_add_agency(c, "X", "x", "national", 0, 0, 0, 3, NULL),
                 RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "a.csv: line 3: duplicate id 'X' (first on line 2)");
    cr_assert_eq(rg_i_coordination_add_agency(c, "Y", "y", "city", 0, 0, 0, 4, NULL),
                 RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "a.csv: line 4: level 'city' is not one of national, "
                                      "provincial, municipal, county");
    cr_assert_eq(rg_i_coordination_add_agency(c, "Y", "y", "county", 1, 181, 0, 5, NULL),
                 RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "a.csv: line 5: location (181, 0) is not a lon/lat "
                                      "position");
    cr_assert_eq(rg_i_coordination_add_agency(c, "Y", "y", "county", 1, NAN, 0, 6, NULL),
                 RG_ERR_DATA);
    cr_assert_eq(rg_coordination_agency_count(c), 1);
    cr_assert_eq(rg_i_coordination_set_origin(c, RG_I_COORD_JURISDICTIONS, "j.csv", "line"),
                 RG_OK);
    cr_assert_eq(rg_i_coordination_add_jurisdiction(c, a, "R1", 2), RG_OK);
    cr_assert_eq(rg_i_coordination_add_jurisdiction(c, a, "R1", 3), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "j.csv: line 3: agency 'X' lists jurisdiction 'R1' twice");
    cr_assert_eq(rg_i_coordination_finish(c), RG_OK);
    cr_assert_eq(rg_i_coordination_add_jurisdiction(c, a, "R1", 4), RG_ERR_DATA);
    cr_assert_eq(rg_i_coordination_add_jurisdiction(c, 3, "R2", 5), RG_ERR_ARG);
    rg_coordination_free(c);
}

/* Builder rows added to a set read from CSV keep both in order (jurisdictions after the CSV's,
 * members after the file's). */
Test(graph_coordination, builder_rows_extend_a_set_read_from_csv)
{
    rg_coordination *c = founding_coordination();
    long samr = rg_coordination_agency_index(c, "SAMR");
    long yrd = rg_i_coordination_mechanism_index(c, "yrd-market");
    cr_assert_eq(samr, 0);
    cr_assert_eq(yrd, 0);
    cr_assert_eq(rg_i_coordination_add_member(c, (size_t)yrd, "SAMR", RG_MEMBER_AGENCY, 99), RG_OK);
    cr_assert_eq(rg_i_coordination_add_member(c, (size_t)yrd, "310000", RG_MEMBER_REGION, 100),
                 RG_ERR_DATA); /* already in the file */
    cr_assert_eq(rg_i_coordination_add_jurisdiction(c, (size_t)samr, "310000", 1), RG_OK);
    cr_assert_eq(rg_i_coordination_finish(c), RG_OK);
    cr_assert_eq(rg_coordination_member_count(c, 0), 5);
    cr_assert_str_eq(rg_coordination_member_id(c, 0, 4), "SAMR");
    cr_assert_eq(rg_coordination_member_count(c, 1), 10);
    cr_assert_str_eq(rg_coordination_member_id(c, 1, 0), "320300");
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 0), 1);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 1), 0);
    rg_coordination_free(c);
}

/* rg_meta's counts guard against a truncated or hand-edited layer: the founding graph holds 16
 * regions and 1 pair, so a file claiming otherwise is refused with both numbers. */
Test(graph_coordination, meta_counts_must_match_the_layers, .init = make_dir, .fini = remove_dir)
{
    char path[128];
    file_path(path, sizeof path, "bad.gpkg");
    write_founding(path);
    run_sql(path, "UPDATE rg_meta SET value = '17' WHERE key = 'regions'");
    expect_read_error(path, RG_ERR_FORMAT, "rg_meta says 17 regions but layer 'regions' has 16");
    run_sql(path, "UPDATE rg_meta SET value = '16' WHERE key = 'regions'");
    run_sql(path, "UPDATE rg_meta SET value = '2' WHERE key = 'pairs'");
    expect_read_error(path, RG_ERR_FORMAT, "rg_meta says 2 pairs but layer 'borders' has 1");
}
