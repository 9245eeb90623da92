/* A packed R-tree on its own, for the tests of graphfile_rtree.c (test_graphfile.c,
 * test_graphfile_rows.c): a table t of features with the boxes' ids, indexed as the graph-file
 * write indexes its layers. Include after tmpdir_fixture.h: the file goes in its `dir`. */
#ifndef RG_TEST_RTREE_FIXTURE_H
#define RG_TEST_RTREE_FIXTURE_H

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>

#include "regiongraph/status.h"
#include "write/graphfile_rtree_internal.h"

/* Writes t.gpkg in the test's folder (its path into path, size bytes): table t and the packed
 * R-tree of the n boxes b. */
static void packed_tree(const rg_i_gf_box *b, size_t n, char *path, size_t size)
{
    sqlite3 *db = NULL;

    snprintf(path, size, "%s/t.gpkg", dir);
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "CREATE TABLE t (fid INTEGER PRIMARY KEY, geom BLOB)", NULL,
                              NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    cr_assert_eq(rg_i_gf_rtree_open(path, path, &db), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_i_gf_rtree_add(db, "t", "fid", "geom", b, n, path), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_i_gf_rtree_close(db, 1, path), RG_OK, "%s", rg_last_error());
}

#endif
