/* The graph file's direct reader (src/write/graphfile_read_direct.c): it takes the files our
 * writer makes (rg_i_gf_direct_tables() counts the tables it read), gives the graph GDAL's OGR
 * reader gives (RG_GRAPHFILE_OGR=1 forces that one), and leaves a blob it cannot decode to the
 * OGR reader, whose message names the table and the fid. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "model/adjacency_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/graphfile.h"
#include "write/graphfile_read_internal.h"
#include "graph_fixture.h"
#include "leak_check.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-graphfile-direct-XXXXXX"
#include "tmpdir_fixture.h"

RG_TEST_SUITE(graphfile_direct);

static rg_graph *read_with(const char *path, int ogr, int tables)
{
    rg_graph *g = NULL;
    if (ogr)
        setenv("RG_GRAPHFILE_OGR", "1", 1);
    cr_assert_eq(rg_graph_read(path, &g), RG_OK, "%s", rg_last_error());
    unsetenv("RG_GRAPHFILE_OGR");
    cr_assert_eq(rg_i_gf_direct_tables(), tables, "tables read directly");
    return g;
}

/* Same regions (ids, names, values' text when `values`, rings and points bit for bit) and pairs
 * (sides, length, contact, lines bit for bit). A graph made in memory keeps the texts it was
 * given, a graph read formats its numbers: its values are compared only with another read. */
static void assert_same(const rg_graph *x, const rg_graph *y, int values)
{
    const rg_regions *a = rg_graph_regions(x), *b = rg_graph_regions(y);
    const rg_adjacency *p = rg_graph_adjacency(x), *q = rg_graph_adjacency(y);
    size_t n = rg_regions_count(a), m = rg_adjacency_count(p), k;
    cr_assert_eq(rg_regions_count(b), n);
    cr_assert_eq(rg_regions_point_count(b), rg_regions_point_count(a));
    cr_assert_eq(rg_regions_ring_count(b), rg_regions_ring_count(a));
    for (k = 0; k < n; k++) {
        cr_assert_str_eq(rg_regions_id(b, k), rg_regions_id(a, k));
        cr_assert_str_eq(rg_regions_name(b, k), rg_regions_name(a, k));
    }
    for (k = 0; values && k < n * a->nfields; k++)
        cr_assert_str_eq(b->values[k].text ? b->values[k].text : "(null)",
                         a->values[k].text ? a->values[k].text : "(null)");
    cr_assert_arr_eq(rg_regions_pt_start(b), rg_regions_pt_start(a),
                     (rg_regions_ring_count(a) + 1) * sizeof(size_t));
    cr_assert(memcmp(rg_regions_xy(b), rg_regions_xy(a),
                     2 * rg_regions_point_count(a) * sizeof(double)) == 0);
    cr_assert_eq(rg_adjacency_count(q), m);
    cr_assert_eq(p->npts, q->npts);
    for (k = 0; k < m; k++) {
        size_t a1, b1, a2, b2;
        double km1, km2;
        int r1, r2;
        rg_adjacency_pair(p, k, &a1, &b1, &km1, &r1);
        rg_adjacency_pair(q, k, &a2, &b2, &km2, &r2);
        cr_assert(a1 == a2 && b1 == b2 && r1 == r2 && memcmp(&km1, &km2, sizeof km1) == 0,
                  "pair %zu", k);
        cr_assert_eq(rg_adjacency_contact(q, k), rg_adjacency_contact(p, k));
    }
    cr_assert(memcmp(rg_adjacency_xy(p), rg_adjacency_xy(q), 2 * p->npts * sizeof(double)) == 0);
}

static void sql(const char *path, const char *text)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    /* GDAL's R-tree triggers call its own SQL functions */
    cr_assert_eq(sqlite3_exec(db, "DROP TRIGGER IF EXISTS rtree_borders_geom_update1; "
                              "DROP TRIGGER IF EXISTS rtree_borders_geom_update2; "
                              "DROP TRIGGER IF EXISTS rtree_borders_geom_update3; "
                              "DROP TRIGGER IF EXISTS rtree_borders_geom_update4; "
                              "DROP TRIGGER IF EXISTS rtree_borders_geom_update5; "
                              "DROP TRIGGER IF EXISTS rtree_borders_geom_update6; "
                              "DROP TRIGGER IF EXISTS rtree_borders_geom_update7", NULL, NULL,
                              NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
}

Test(graphfile_direct, takes_our_files_and_reads_what_ogr_reads, .init = make_dir,
     .fini = remove_dir)
{
    rg_graph *g = fx_graph(500000, 3800000, 1, "EPSG:32650"), *direct, *ogr;
    char path[128];
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    direct = read_with(path, 0, 2); /* regions and borders; no measures stored */
    ogr = read_with(path, 1, 0);
    assert_same(g, direct, 0);
    assert_same(ogr, direct, 1);
    rg_graph_free(g);
    rg_graph_free(direct);
    rg_graph_free(ogr);
}

Test(graphfile_direct, a_blob_it_cannot_read_goes_to_ogr, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(0, 0, 1, NULL), *back = NULL;
    char path[128], want[256], got[512];
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    rg_graph_free(g);
    /* border 2's blob cut short: declined, and GDAL's reader names the feature */
    sql(path, "UPDATE borders SET geom = substr(geom, 1, length(geom) - 7) WHERE fid = 2");
    cr_assert_eq(rg_graph_read(path, &back), RG_ERR_FORMAT);
    cr_assert_eq(rg_i_gf_direct_tables(), 1, "regions direct, then borders declined");
    snprintf(want, sizeof want, "%s: table 'borders', fid 2: ", path);
    snprintf(got, sizeof got, "%s", rg_last_error());
    cr_assert(strncmp(got, want, strlen(want)) == 0, "%s", got);
    setenv("RG_GRAPHFILE_OGR", "1", 1);
    cr_assert_eq(rg_graph_read(path, &back), RG_ERR_FORMAT);
    unsetenv("RG_GRAPHFILE_OGR");
    cr_assert_str_eq(rg_last_error(), got);
    cr_assert_null(back);
}
