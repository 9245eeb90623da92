/* The graph file's two big layers, `regions` and `borders`, filled straight through SQLite:
 * GeoPackage geometry blobs encoded once from the in-memory rings, one prepared statement per
 * layer reused for every row, one transaction, then their packed R-trees (graphfile_rtree.c).
 *
 * Why: GDAL had created and written every feature on its own (an OGRFeature, an OGRGeometry
 * parsed back from our WKB, its blob encoded again, a fresh bind per column); for 100 000
 * regions and 300 000 borders that was most of the build's time. GDAL still creates both
 * layers (their schema, gpkg_contents, gpkg_geometry_columns, the CRS in gpkg_spatial_ref_sys,
 * the feature-count triggers) empty, with everything else, and closes the file; this file then
 * adds the rows as GDAL would have: the feature counts in gpkg_ogr_contents and the extents in
 * gpkg_contents are set once at the end (the per-row count triggers are lifted for the inserts
 * and put back as they were).
 *
 * A geometry blob (GeoPackage 1.2, 2.1.3): "GP", version 0, flags (bit 0: byte order of the
 * header, little endian = 1; bits 1-3: envelope kind, 0 = none, 1 = minx, maxx, miny, maxy),
 * the srs_id, the envelope, then standard WKB, all here in the machine's byte order (WKB says
 * which). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/graph.h"
#include "write/contact_internal.h"
#include "write/graphfile_internal.h"
#include "write/graphfile_rtree_internal.h"

typedef struct blob {
    unsigned char *buf;
    size_t len, cap;
    int ok;
} blob;

static void put(blob *b, const void *p, size_t n)
{
    if (!b->ok || !rg_i_reserve((void **)&b->buf, &b->cap, b->len + n, 1)) {
        b->ok = 0;
        return;
    }
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

static void put_u32(blob *b, size_t v)
{
    uint32_t u = (uint32_t)v;
    put(b, &u, 4);
}

static unsigned char machine_order(void)
{
    const uint16_t probe = 1;
    return *(const unsigned char *)&probe; /* 1: little endian (NDR) */
}

static void wkb_header(blob *b, uint32_t type)
{
    unsigned char order = machine_order();
    put(b, &order, 1);
    put(b, &type, 4);
}

/* Appends to blob b the GeoPackage header of a geometry with envelope box, or without an
 * envelope when box is NULL (flags envelope kind 0, which the standard allows). */
static void gpkg_header(blob *b, int32_t srs_id, const rg_i_gf_box *box)
{
    unsigned char head[4] = {'G', 'P', 0, 0};
    double env[4];
    head[3] = (unsigned char)(machine_order() | (box ? 1u << 1 : 0));
    put(b, head, 4);
    put(b, &srs_id, 4);
    if (!box)
        return;
    env[0] = box->minx;
    env[1] = box->maxx;
    env[2] = box->miny;
    env[3] = box->maxy;
    put(b, env, sizeof env);
}

/* Region i as a MultiPolygon blob; 0 when it has no polygon (a null geometry). */
static int region_blob(const rg_regions *r, size_t i, int32_t srs_id, const rg_i_gf_box *box,
                       blob *b)
{
    const size_t *poly_start = rg_regions_poly_start(r), *ring_start = rg_regions_ring_start(r);
    const size_t *pt_start = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    size_t p, ring;
    if (poly_start[i] == poly_start[i + 1])
        return 0;
    gpkg_header(b, srs_id, box);
    wkb_header(b, 6); /* MultiPolygon */
    put_u32(b, poly_start[i + 1] - poly_start[i]);
    for (p = poly_start[i]; p < poly_start[i + 1]; p++) {
        wkb_header(b, 3); /* Polygon */
        put_u32(b, ring_start[p + 1] - ring_start[p]);
        for (ring = ring_start[p]; ring < ring_start[p + 1]; ring++) {
            put_u32(b, pt_start[ring + 1] - pt_start[ring]);
            put(b, xy + 2 * pt_start[ring], 16 * (pt_start[ring + 1] - pt_start[ring]));
        }
    }
    return 1;
}

/* Border k: lines of one point each are touching points, anything else stretches (decided by
 * the lines, not the rook flag, so reading gives back the same lines): a MultiPoint or a
 * MultiLineString, also of one part (one geometry type for each contact in GIS tools, and
 * 9 bytes a row are not worth a mixed layer); 0 when it has no line (a null geometry).
 *
 * A border of at most two points (one straight stretch, one or two touching points: nearly
 * every border of a Voronoi or grid map) has no envelope in its header: the envelope is then
 * as long as the points themselves (32 bytes), readers get the same box from the two points
 * at the same cost, and the R-tree, packed from the boxes, is the same. Files written before
 * (GDAL's, and this writer's up to issue 13's fifth round) have it on every border; both read
 * alike, since a reader follows the header's flags. 32 of 143 bytes a border row. */
#define BORDER_ENVELOPE_POINTS 3

static int border_blob(const rg_adjacency *adj, size_t k, int32_t srs_id, const rg_i_gf_box *box,
                       blob *b)
{
    const size_t *pt_start = rg_adjacency_line_pt_start(adj);
    const double *xy = rg_adjacency_xy(adj);
    size_t first, count, j;
    int points_only = 1;
    rg_adjacency_border(adj, k, &first, &count);
    if (count == 0)
        return 0;
    for (j = first; j < first + count; j++)
        points_only &= pt_start[j + 1] - pt_start[j] == 1;
    gpkg_header(b, srs_id,
                pt_start[first + count] - pt_start[first] < BORDER_ENVELOPE_POINTS ? NULL : box);
    wkb_header(b, points_only ? 4 : 5); /* MultiPoint : MultiLineString */
    put_u32(b, count);
    for (j = first; j < first + count; j++) {
        size_t npts = pt_start[j + 1] - pt_start[j];
        wkb_header(b, points_only ? 1 : 2);
        if (!points_only)
            put_u32(b, npts);
        put(b, xy + 2 * pt_start[j], 16 * npts);
    }
    return 1;
}

/* ------------------------------------------------------------------ SQL helpers */

static rg_status db_fail(sqlite3 *db, const char *path, const char *what)
{
    return rg_i_error(RG_ERR_IO, "%s: %s: %s", path, what, sqlite3_errmsg(db));
}

static rg_status exec_sql(sqlite3 *db, const char *sql, const char *path, const char *what)
{
    if (!sql)
        return RG_I_NOMEM();
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, path, what);
    return RG_OK;
}

/* The srs_id GDAL gave the layer's geometry column. */
static rg_status layer_srs_id(sqlite3 *db, const char *table, const char *path, int32_t *out)
{
    sqlite3_stmt *s = NULL;
    rg_status st = RG_OK;
    if (sqlite3_prepare_v2(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?",
                           -1, &s, NULL) != SQLITE_OK) {
        st = db_fail(db, path, "cannot read gpkg_geometry_columns");
        goto cleanup;
    }
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW) {
        st = rg_i_error(RG_ERR_INTERNAL, "%s: layer '%s' has no geometry column", path, table);
        goto cleanup;
    }
    *out = (int32_t)sqlite3_column_int(s, 0);
cleanup:
    sqlite3_finalize(s);
    return st;
}

/* `INSERT INTO table (every column, in order) VALUES (?, ...), ...` for `rows` rows, checking
 * that the table has the `expect` columns GDAL was asked to create. */
static rg_status prepare_insert(sqlite3 *db, const char *table, size_t expect, size_t rows,
                                const char *path, sqlite3_stmt **out)
{
    sqlite3_stmt *info = NULL;
    sqlite3_str *cols = sqlite3_str_new(db), *qs = sqlite3_str_new(db);
    char *sql = NULL, *c = NULL, *q = NULL;
    size_t n = 0;
    rg_status st = RG_OK;

    *out = NULL;
    sql = sqlite3_mprintf("PRAGMA table_info(\"%w\")", table);
    if (!sql || sqlite3_prepare_v2(db, sql, -1, &info, NULL) != SQLITE_OK) {
        st = sql ? db_fail(db, path, "cannot read the table's columns") : RG_I_NOMEM();
        goto cleanup;
    }
    while (sqlite3_step(info) == SQLITE_ROW) {
        sqlite3_str_appendf(cols, "%s\"%w\"", n ? ", " : "", sqlite3_column_text(info, 1));
        sqlite3_str_appendall(qs, n ? ", ?" : "?");
        n++;
    }
    c = sqlite3_str_finish(cols);
    q = sqlite3_str_finish(qs);
    cols = qs = NULL;
    if (n != expect) {
        st = rg_i_error(RG_ERR_INTERNAL, "%s: layer '%s' has %zu columns, not %zu", path, table,
                        n, expect);
        goto cleanup;
    }
    sqlite3_free(sql);
    sql = NULL;
    if (c && q) {
        sqlite3_str *all = sqlite3_str_new(db);
        size_t k;
        sqlite3_str_appendf(all, "INSERT INTO \"%w\" (%s) VALUES ", table, c);
        for (k = 0; k < rows; k++)
            sqlite3_str_appendf(all, "%s(%s)", k ? ", " : "", q);
        sql = sqlite3_str_finish(all);
    }
    if (!sql) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK)
        st = db_fail(db, path, "cannot prepare the rows");
cleanup:
    sqlite3_finalize(info);
    sqlite3_free(sqlite3_str_finish(cols));
    sqlite3_free(sqlite3_str_finish(qs));
    sqlite3_free(c);
    sqlite3_free(q);
    sqlite3_free(sql);
    return st;
}

/* The layer's feature count (gpkg_ogr_contents) and extent (gpkg_contents), as GDAL sets them
 * when it closes a layer it wrote. */
static rg_status set_contents(sqlite3 *db, const char *table, size_t n, const rg_i_gf_box *boxes,
                              const char *path)
{
    double minx = 0, maxx = 0, miny = 0, maxy = 0;
    size_t i;
    int any = 0;
    char *sql;
    rg_status st;
    for (i = 0; i < n; i++) {
        const rg_i_gf_box *b = &boxes[i];
        if (!(b->minx <= b->maxx && b->miny <= b->maxy))
            continue;
        if (!any || b->minx < minx)
            minx = b->minx;
        if (!any || b->maxx > maxx)
            maxx = b->maxx;
        if (!any || b->miny < miny)
            miny = b->miny;
        if (!any || b->maxy > maxy)
            maxy = b->maxy;
        any = 1;
    }
    sql = sqlite3_mprintf("UPDATE gpkg_ogr_contents SET feature_count = %lld WHERE "
                          "lower(table_name) = lower('%q')",
                          (long long)n, table);
    if ((st = exec_sql(db, sql, path, "cannot count the features")) != RG_OK || !any) {
        sqlite3_free(sql);
        return st;
    }
    sqlite3_free(sql);
    sql = sqlite3_mprintf("UPDATE gpkg_contents SET min_x = %!.17g, min_y = %!.17g, max_x = "
                          "%!.17g, max_y = %!.17g WHERE lower(table_name) = lower('%q')",
                          minx, miny, maxx, maxy, table);
    st = exec_sql(db, sql, path, "cannot write the layer's extent");
    sqlite3_free(sql);
    return st;
}

/* The SQL of GDAL's feature-count trigger on `table` after INSERT, or NULL when there is none
 * (*sql_out NULL); the trigger is dropped: a row-by-row count costs an UPDATE per feature. */
static rg_status lift_count_trigger(sqlite3 *db, const char *table, const char *path,
                                    char **sql_out)
{
    sqlite3_stmt *s = NULL;
    char *name = sqlite3_mprintf("trigger_insert_feature_count_%s", table), *drop = NULL;
    rg_status st = RG_OK;
    *sql_out = NULL;
    if (!name ||
        sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                           -1, &s, NULL) != SQLITE_OK) {
        st = name ? db_fail(db, path, "cannot read the triggers") : RG_I_NOMEM();
        goto cleanup;
    }
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW)
        goto cleanup;
    if (!(*sql_out = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(s, 0)))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    drop = sqlite3_mprintf("DROP TRIGGER \"%w\"", name);
    st = exec_sql(db, drop, path, "cannot write the features");
cleanup:
    sqlite3_finalize(s);
    sqlite3_free(drop);
    sqlite3_free(name);
    return st;
}

/* Rows go in ROWS_PER_INSERT at a time, one multi-row INSERT each: per statement SQLite also
 * reads and writes the AUTOINCREMENT counter GDAL's tables have, and a row alone pays that
 * and the statement's start for 9 values. */
#define ROWS_PER_INSERT 64
/* ROWID_BY_SQLITE: the FIDs 1, 2, 3... are left for SQLite to number: the FID parameter stays
 * null, and a null INTEGER PRIMARY KEY is the largest so far plus one (the tables start empty).
 * A FID given explicitly made SQLite search the table's B-tree from its root before every
 * insert (callgrind, 100k Voronoi cells: 400,000 searches, a quarter of the write's
 * instructions); a numbered row is appended where the cursor already is. */
#define PROGRESS_EVERY 8192

typedef struct batch {
    sqlite3 *db;
    sqlite3_stmt *many, *one; /* ROWS_PER_INSERT rows; one row (the rest) */
    int columns;
    size_t pending;            /* rows bound, not yet inserted */
    blob geoms;                /* their geometry blobs, one after the other */
    size_t off[ROWS_PER_INSERT], len[ROWS_PER_INSERT]; /* len 0: null geometry */
    rg_i_gf_progress *progress;
    size_t done;
    const char *path, *what;
    /* What the repeated columns of each parameter slot hold now (bindings stay between
     * steps): a text's pointer, a real's bits; see bind_same_text. [0]: many, [1]: one. */
    const char *text[2][ROWS_PER_INSERT * (2 + RG_I_GF_BORDER_COLUMNS) + 1];
    uint64_t real[2][ROWS_PER_INSERT * (2 + RG_I_GF_BORDER_COLUMNS) + 1];
    unsigned char real_set[2][ROWS_PER_INSERT * (2 + RG_I_GF_BORDER_COLUMNS) + 1];
} batch;

/* Binds a text that most rows share (a border's kind, level and contact: one pointer per
 * word) only when its slot holds another: SQLite keeps a parameter's value from one step to
 * the next, and a bind costs about 180 instructions (callgrind, 100k map: the 1.7 million
 * text binds of the borders were a tenth of the write's instructions). Only for the borders'
 * statements, whose columns fit the cache. */
static void bind_same_text(batch *bt, sqlite3_stmt *s, int col, const char *text, int len)
{
    const char **slot = &bt->text[s == bt->one][col];
    if (*slot == text)
        return;
    sqlite3_bind_text(s, col, text, len, SQLITE_STATIC);
    *slot = text;
}

/* The same for a real most rows share (a border's gap: 0 but where a tolerance bridged one). */
static void bind_same_real(batch *bt, sqlite3_stmt *s, int col, double v)
{
    int which = s == bt->one;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    if (bt->real_set[which][col] && bt->real[which][col] == bits)
        return;
    sqlite3_bind_double(s, col, v);
    bt->real[which][col] = bits;
    bt->real_set[which][col] = 1;
}

static rg_status batch_open(batch *bt, sqlite3 *db, const char *table, int columns,
                            rg_i_gf_progress *progress, const char *path, const char *what)
{
    rg_status st;
    memset(bt, 0, sizeof *bt);
    bt->db = db;
    bt->columns = columns;
    bt->geoms.ok = 1;
    bt->progress = progress;
    bt->path = path;
    bt->what = what;
    if ((st = prepare_insert(db, table, (size_t)columns, ROWS_PER_INSERT, path, &bt->many)) !=
        RG_OK)
        return st;
    return prepare_insert(db, table, (size_t)columns, 1, path, &bt->one);
}

/* The statement the row being filled goes to, and the number of its first column. */
static sqlite3_stmt *batch_row(batch *bt, size_t remaining, int *first)
{
    /* rows of a last, incomplete group go one by one */
    if (remaining + bt->pending < ROWS_PER_INSERT) {
        *first = 1;
        return bt->one;
    }
    *first = 1 + (int)bt->pending * bt->columns;
    return bt->many;
}

/* Starts the geometry of the row being filled (begin: the blob's offset, before encoding). */
static void batch_geometry(batch *bt, size_t begin, int has)
{
    bt->off[bt->pending] = begin;
    bt->len[bt->pending] = has ? bt->geoms.len - begin : 0;
}

/* Ends the row: on the one-row statement it is inserted at once, on the group's when the
 * group is complete; geometries are bound only then, when their buffer no longer moves. */
static rg_status batch_end_row(batch *bt, sqlite3_stmt *s)
{
    size_t k, rows;
    int rc;
    bt->pending++;
    rows = s == bt->one ? 1 : bt->pending;
    if (s == bt->many && bt->pending < ROWS_PER_INSERT)
        return RG_OK;
    for (k = 0; k < rows; k++) {
        int col = 2 + (int)k * bt->columns;
        if (bt->len[k])
            sqlite3_bind_blob(s, col, bt->geoms.buf + bt->off[k], (int)bt->len[k],
                              SQLITE_STATIC);
        else
            sqlite3_bind_null(s, col);
    }
    /* every column but the FID is bound again for each row, and the FID stays null as
     * prepared: the bindings are not cleared */
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    bt->pending = 0;
    bt->geoms.len = 0;
    if (rc != SQLITE_DONE)
        return db_fail(bt->db, bt->path, bt->what);
    for (k = 0; k < rows; k++)
        if (++bt->done % PROGRESS_EVERY == 0)
            rg_i_gf_progress_step(bt->progress, PROGRESS_EVERY);
    return RG_OK;
}

static void batch_close(batch *bt)
{
    rg_i_gf_progress_step(bt->progress, bt->done % PROGRESS_EVERY);
    sqlite3_finalize(bt->many);
    sqlite3_finalize(bt->one);
    free(bt->geoms.buf);
}

/* ------------------------------------------------------------------ the two layers */

static rg_status insert_regions(sqlite3 *db, const rg_regions *r, const rg_i_gf_box *boxes,
                                int id_column, int name_column, rg_i_gf_progress *wp,
                                const char *path)
{
    size_t n = rg_regions_count(r), nf = rg_regions_field_count(r), i, f;
    int32_t srs_id = 0;
    batch bt;
    rg_status st;

    memset(&bt, 0, sizeof bt);
    if ((st = layer_srs_id(db, RG_I_GF_REGIONS, path, &srs_id)) != RG_OK ||
        (st = batch_open(&bt, db, RG_I_GF_REGIONS,
                         2 + (int)nf + (id_column != 0) + (name_column != 0), wp, path,
                         "cannot write the regions")) != RG_OK)
        goto cleanup;
    for (i = 0; i < n; i++) {
        int col;
        sqlite3_stmt *s = batch_row(&bt, n - i, &col);
        size_t begin = bt.geoms.len;
        col++; /* the FID i + 1, never bound: see ROWID_BY_SQLITE */
        col++; /* the geometry, bound with the group */
        batch_geometry(&bt, begin, region_blob(r, i, srs_id, &boxes[i], &bt.geoms));
        if (!bt.geoms.ok) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        for (f = 0; f < nf; f++, col++) {
            const rg_i_value *v = &r->values[i * nf + f];
            if (!v->text)
                sqlite3_bind_null(s, col);
            else if (r->fields[f].type == RG_FIELD_INTEGER)
                sqlite3_bind_int64(s, col, v->i);
            else if (r->fields[f].type == RG_FIELD_REAL)
                sqlite3_bind_double(s, col, v->d);
            else
                sqlite3_bind_text(s, col, v->text, -1, SQLITE_STATIC);
        }
        if (id_column)
            sqlite3_bind_text(s, col++, rg_regions_id(r, i), -1, SQLITE_STATIC);
        if (name_column)
            sqlite3_bind_text(s, col++, rg_regions_name(r, i), -1, SQLITE_STATIC);
        if ((st = batch_end_row(&bt, s)) != RG_OK)
            goto cleanup;
    }
cleanup:
    batch_close(&bt);
    return st;
}

/* How many rows ahead the second region's id is fetched into the cache: its entry in the
 * table of ids and its length first, the text itself half as far ahead (once its pointer is
 * in the cache). The second sides of consecutive pairs are regions far apart in memory (in a
 * Voronoi map of random points, any of them), and their three loads, the third one by SQLite
 * when it copies the text into the row, missed the cache almost every time: perf put half of
 * the border loop's own samples on the load of ids[b], and the copy was a quarter of the
 * samples of SQLite's row building. */
#define ID_AHEAD 16

static void prefetch_ids(const rg_regions *r, const rg_adjacency *adj, const int *idlen,
                         size_t k, size_t n)
{
    size_t b;
    if (k + ID_AHEAD < n) {
        rg_adjacency_pair(adj, k + ID_AHEAD, NULL, &b, NULL, NULL);
        RG_I_PREFETCH(&r->ids[b]);
        RG_I_PREFETCH(&idlen[b]);
    }
    if (k + ID_AHEAD / 2 < n) {
        rg_adjacency_pair(adj, k + ID_AHEAD / 2, NULL, &b, NULL, NULL);
        RG_I_PREFETCH(r->ids[b]);
    }
}

static rg_status insert_borders(sqlite3 *db, const rg_regions *r, const rg_adjacency *adj,
                                const rg_i_gf_box *boxes, rg_i_gf_progress *wp, const char *path)
{
    size_t n = rg_adjacency_count(adj), nr = rg_regions_count(r), k, a, b;
    int *idlen = NULL;
    int32_t srs_id = 0;
    double km;
    int rook;
    batch bt;
    rg_status st;

    memset(&bt, 0, sizeof bt);
    /* each id is bound twice per border on average: its length measured once per region */
    if (!(idlen = malloc((nr ? nr : 1) * sizeof *idlen))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (a = 0; a < nr; a++) {
        size_t len = strlen(r->ids[a]);
        idlen[a] = len > INT32_MAX ? -1 : (int)len;
    }
    if ((st = rg_i_regions_index(r)) != RG_OK ||
        (st = layer_srs_id(db, RG_I_GF_BORDERS, path, &srs_id)) != RG_OK ||
        (st = batch_open(&bt, db, RG_I_GF_BORDERS, 2 + RG_I_GF_BORDER_COLUMNS, wp, path,
                         "cannot write the borders")) != RG_OK)
        goto cleanup;
    for (k = 0; k < n; k++) {
        int col;
        sqlite3_stmt *s = batch_row(&bt, n - k, &col);
        size_t begin = bt.geoms.len;
        prefetch_ids(r, adj, idlen, k, n);
        rg_adjacency_pair(adj, k, &a, &b, &km, &rook);
        /* the FID k + 1, never bound: see ROWID_BY_SQLITE */
        batch_geometry(&bt, begin, border_blob(adj, k, srs_id, &boxes[k], &bt.geoms));
        if (!bt.geoms.ok) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        col += 2;
        sqlite3_bind_text(s, col + RG_I_GF_ID_A, r->ids[a], idlen[a], SQLITE_STATIC);
        sqlite3_bind_text(s, col + RG_I_GF_ID_B, r->ids[b], idlen[b], SQLITE_STATIC);
        bind_same_text(&bt, s, col + RG_I_GF_KIND, rook ? "rook" : "queen", rook ? 4 : 5);
        sqlite3_bind_double(s, col + RG_I_GF_LENGTH_KM, km);
        /* Both sides are on one level; the level tells which region a code shared by levels
         * means (Beijing borders Tianjin as provinces and as prefecture-level units), and
         * scripts read the level's name from it also on maps of one level. */
        bind_same_text(&bt, s, col + RG_I_GF_LEVEL,
                       rg_regions_level_name(r, rg_regions_level(r, a)), -1);
        bind_same_text(&bt, s, col + RG_I_GF_CONTACT,
                       rg_i_contact_name(rg_adjacency_contact(adj, k)), -1);
        bind_same_real(&bt, s, col + RG_I_GF_GAP_KM, rg_adjacency_gap_km(adj, k));
        if ((st = batch_end_row(&bt, s)) != RG_OK)
            goto cleanup;
    }
cleanup:
    free(idlen);
    batch_close(&bt);
    return st;
}

/* One layer: its rows without the count trigger, its contents rows, the trigger back, its
 * R-tree. */
static rg_status fill_layer(sqlite3 *db, const char *table, const char *fid, const char *geom,
                            const rg_i_gf_box *boxes, size_t n, const rg_graph *graph,
                            const rg_i_gf_rows *rows, const char *path)
{
    char *trigger = NULL;
    rg_status st;
    const rg_regions *r = rg_graph_regions(graph);

    if ((st = lift_count_trigger(db, table, path, &trigger)) != RG_OK)
        goto cleanup;
    if (strcmp(table, RG_I_GF_REGIONS) == 0)
        st = insert_regions(db, r, boxes, rows->id_column, rows->name_column, rows->progress,
                            path);
    else
        st = insert_borders(db, r, rg_graph_adjacency(graph), boxes, rows->progress, path);
    if (st != RG_OK || (st = set_contents(db, table, n, boxes, path)) != RG_OK ||
        (trigger && (st = exec_sql(db, trigger, path, "cannot write the features")) != RG_OK))
        goto cleanup;
    st = rg_i_gf_rtree_add(db, table, fid, geom, boxes, n, path);
    rg_i_gf_progress_step(rows->progress, n);
cleanup:
    sqlite3_free(trigger);
    return st;
}

rg_status rg_i_gf_write_rows(const rg_graph *graph, const rg_i_gf_rows *rows, const char *file,
                             const char *path)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    rg_i_gf_box *boxes = NULL;
    sqlite3 *db = NULL;
    rg_status st;

    if ((st = rg_i_gf_rtree_open(file, path, &db)) != RG_OK ||
        (st = rg_i_gf_region_boxes(r, &boxes)) != RG_OK ||
        (st = fill_layer(db, RG_I_GF_REGIONS, rows->fid, rows->geom, boxes, rg_regions_count(r),
                         graph, rows, path)) != RG_OK)
        goto cleanup;
    free(boxes);
    boxes = NULL;
    if ((st = rg_i_gf_border_boxes(adj, &boxes)) != RG_OK ||
        (st = fill_layer(db, RG_I_GF_BORDERS, "fid", "geom", boxes, rg_adjacency_count(adj),
                         graph, rows, path)) != RG_OK)
        goto cleanup;
cleanup:
    free(boxes);
    if (db) {
        rg_status cst = rg_i_gf_rtree_close(db, st == RG_OK, path);
        if (st == RG_OK)
            st = cst;
    }
    return st;
}
