/* The graph file's rows as SQLite numbers them (graphfile_rows.c, graphfile_rtree.c): the FIDs
 * and the R-tree's row ids are left null for SQLite to number wherever that gives the right id,
 * so these tests check the ids row by row against the graph and the boxes, and the page size
 * the writer asks GDAL for. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/error_internal.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/graph.h"
#include "regiongraph/graphfile.h"
#include "regiongraph/regions.h"
#include "write/graphfile_rtree_internal.h"
#include "leak_check.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-graphfile-rows-XXXXXX"
#include "tmpdir_fixture.h"
#include "rtree_fixture.h"

#define MAPS RG_TEST_DATA "/../../maps/"

RG_TEST_SUITE(graphfile_rows);

static sqlite3 *open_db(const char *path)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return db;
}

static long long sql_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    long long v;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sql);
    v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* The id of cell k of a node's blob (big-endian, after the 4-byte header). */
static long long cell_id(const unsigned char *d, int k)
{
    long long id = 0;
    int j;
    for (j = 0; j < 8; j++)
        id = id << 8 | d[4 + 24 * k + j];
    return id;
}

/* 200 boxes, empty at ids 1, 64, 65, 131 and 200 (the first row, both sides of the first group
 * of 64 row ids, and the last): the `_rowid` table holds exactly the 195 others, each naming
 * the leaf whose cells hold it. */
Test(graphfile_rows, row_ids_with_gaps_name_their_leaf, .init = make_dir, .fini = remove_dir)
{
    enum { N = 200 };
    static const int empty[] = {1, 64, 65, 131, 200};
    rg_i_gf_box b[N];
    int leaf_of[N + 1] = {0}, i, k, is_empty;
    char path[128];
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    long long rows = 0;

    for (i = 0; i < N; i++) {
        b[i].id = i + 1;
        b[i].minx = (double)(i % 20) * 10;
        b[i].maxx = b[i].minx + 5;
        b[i].miny = (double)(i / 20) * 10;
        b[i].maxy = b[i].miny + 5;
        for (k = 0; k < 5; k++)
            if (empty[k] == i + 1) {
                b[i].minx = 1;
                b[i].maxx = 0;
            }
    }
    packed_tree(b, N, path, sizeof path);
    db = open_db(path);
    /* which leaf holds each id, from the nodes themselves (leaves: depth 0 below the root) */
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT nodeno, data FROM rtree_t_geom_node WHERE "
                                        "nodeno > 1", -1, &s, NULL), SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *d = sqlite3_column_blob(s, 1);
        int count = d[2] << 8 | d[3];
        for (k = 0; k < count; k++) {
            long long id = cell_id(d, k);
            cr_assert(id >= 1 && id <= N, "cell id %lld", id);
            leaf_of[id] = sqlite3_column_int(s, 0);
        }
    }
    sqlite3_finalize(s);
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT rowid, nodeno FROM rtree_t_geom_rowid ORDER BY "
                                        "rowid", -1, &s, NULL), SQLITE_OK);
    i = 1;
    while (sqlite3_step(s) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(s, 0);
        for (;; i++) { /* the next id with a box */
            for (is_empty = 0, k = 0; k < 5; k++)
                is_empty |= empty[k] == i;
            if (!is_empty)
                break;
        }
        cr_assert_eq(id, i, "row %lld: id %lld, expected %d", rows, id, i);
        cr_assert_eq(sqlite3_column_int(s, 1), leaf_of[i], "id %d", i);
        rows++;
        i++;
    }
    sqlite3_finalize(s);
    cr_assert_eq(rows, N - 5);
    cr_assert_eq(sql_int(db, "SELECT rtreecheck('rtree_t_geom') = 'ok'"), 1);
    sqlite3_close(db);
}

/* The prefectures of the founding case (more rows than a group of 64, and a last group of
 * fewer): region row FID i + 1 holds region i's id, border row FID k + 1 the ids of pair k, and
 * the R-trees index every FID once. The file has 16 KiB pages. */
Test(graphfile_rows, fids_follow_the_graph, .init = make_dir, .fini = remove_dir)
{
    rg_read_options ro = {.id_field = "code"};
    rg_contiguity_options co = {0};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    const rg_regions *gr;
    const rg_adjacency *ga;
    char path[128];
    sqlite3 *db;
    sqlite3_stmt *s = NULL;
    size_t n, m, k, a, b;
    double km;
    int rook;

    cr_assert_eq(rg_regions_read(MAPS "prefectures.shp", &ro, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_contiguity_build(r, &co, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK, "%s", rg_last_error());
    gr = rg_graph_regions(g);
    ga = rg_graph_adjacency(g);
    n = rg_regions_count(gr);
    m = rg_adjacency_count(ga);
    cr_assert_gt(n, 64);
    cr_assert_gt(m, 64);
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());

    db = open_db(path);
    cr_assert_eq(sql_int(db, "PRAGMA page_size"), 16384);
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT fid, code FROM regions ORDER BY fid", -1, &s,
                                    NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    for (k = 0; sqlite3_step(s) == SQLITE_ROW; k++) {
        cr_assert_lt(k, n);
        cr_assert_eq(sqlite3_column_int64(s, 0), (long long)k + 1);
        cr_assert_str_eq((const char *)sqlite3_column_text(s, 1), rg_regions_id(gr, k));
    }
    sqlite3_finalize(s);
    cr_assert_eq(k, n);
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT fid, id_a, id_b FROM borders ORDER BY fid", -1,
                                    &s, NULL), SQLITE_OK);
    for (k = 0; sqlite3_step(s) == SQLITE_ROW; k++) {
        cr_assert_lt(k, m);
        rg_adjacency_pair(ga, k, &a, &b, &km, &rook);
        cr_assert_eq(sqlite3_column_int64(s, 0), (long long)k + 1);
        cr_assert_str_eq((const char *)sqlite3_column_text(s, 1), rg_regions_id(gr, a));
        cr_assert_str_eq((const char *)sqlite3_column_text(s, 2), rg_regions_id(gr, b));
    }
    sqlite3_finalize(s);
    cr_assert_eq(k, m);
    cr_assert_eq(sql_int(db, "SELECT count(*) FROM rtree_regions_geom_rowid r JOIN regions f "
                             "ON f.fid = r.rowid"), (long long)n);
    cr_assert_eq(sql_int(db, "SELECT count(*) FROM rtree_borders_geom_rowid r JOIN borders f "
                             "ON f.fid = r.rowid"), (long long)m);
    cr_assert_eq(sql_int(db, "SELECT rtreecheck('rtree_borders_geom') = 'ok'"), 1);
    sqlite3_close(db);
    rg_graph_free(g);
}
