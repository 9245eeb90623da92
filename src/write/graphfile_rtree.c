/* The graph file's spatial indexes: GeoPackage R-trees packed in one pass (sort-tile-recursive)
 * and written straight into SQLite's rtree tables, instead of one insertion per feature.
 *
 * Why: GDAL fills a GeoPackage R-tree with one SQLite rtree insertion per feature, each of which
 * rewrites a node; for 100 000 regions and 300 000 borders that was 5 of the 8 seconds of the
 * whole write. Packing the tree from the boxes we already know writes every node once.
 *
 * What is written is what SQLite's rtree module itself keeps (sqlite.org/rtree.html, rtree.c):
 * the virtual table `rtree_<table>_<column>(id, minx, maxx, miny, maxy)` and its shadow tables
 * `_node` (nodeno, data), `_rowid` (rowid, nodeno) and `_parent` (nodeno, parentnode). A node's
 * data is a fixed-size blob: a 16-bit depth of the tree (root only), a 16-bit cell count, then
 * cells of a 64-bit id (a row id in a leaf, a child node elsewhere) and four 32-bit floats, all
 * big-endian; the root is node 1. Boxes are rounded outwards to floats, as the module does.
 * The GeoPackage side (the gpkg_extensions row and the triggers that keep the index up to date
 * when another tool edits the layer) follows the GeoPackage 1.2 rtree extension. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/graph.h"
#include "write/graphfile_internal.h"
#include "write/graphfile_rtree_internal.h"

/* Cells in a node: SQLite's most (RTREE_MAXCELLS), which it also uses with 4 KiB pages. */
#define NODE_CELLS 51
#define CELL_BYTES 24
#define NODE_BYTES (4 + NODE_CELLS * CELL_BYTES)

static rg_status db_fail(sqlite3 *db, const char *path, const char *what)
{
    return rg_i_error(RG_ERR_IO, "%s: %s: %s", path, what, db ? sqlite3_errmsg(db) : "no database");
}

static rg_status exec_sql(sqlite3 *db, const char *sql, const char *path, const char *what)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, path, what);
    return RG_OK;
}

rg_status rg_i_gf_rtree_open(const char *file, const char *path, sqlite3 **out)
{
    sqlite3 *db = NULL;
    rg_status st = RG_OK;
    *out = NULL;
    /* One thread uses the connection: SQLite's serialized mode took a mutex around every
     * bind (2.7 million pairs of lock and unlock at 100k, 8% of the write's instructions). */
    if (sqlite3_open_v2(file, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        st = db_fail(db, path, "cannot open the GeoPackage to index it");
        goto cleanup;
    }
    /* A temporary file renamed into place once complete: a crash throws it away, so SQLite's
     * journal and syncs protect nothing here (the file is fsynced once before the rename). */
    if ((st = exec_sql(db, "PRAGMA synchronous=OFF; PRAGMA journal_mode=OFF; "
                           "PRAGMA cache_size=-8192; BEGIN",
                       path, "cannot index the GeoPackage")) != RG_OK)
        goto cleanup;
    *out = db;
    db = NULL;
cleanup:
    sqlite3_close(db);
    return st;
}

rg_status rg_i_gf_rtree_close(sqlite3 *db, int commit, const char *path)
{
    rg_status st = RG_OK;
    if (!db)
        return RG_OK;
    if (commit)
        st = exec_sql(db, "COMMIT", path, "cannot write the spatial index");
    else
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (sqlite3_close(db) != SQLITE_OK && st == RG_OK)
        st = rg_i_error(RG_ERR_IO, "%s: cannot close the GeoPackage", path);
    return st;
}

/* ------------------------------------------------------------------ packing */

/* The float next to f away from zero (toward zero when away is 0), for a finite f that is
 * not zero: one step of its bit pattern, which is what nextafterf does for such values (a
 * library call per bound: the 100k map's write spent a sixth of its R-tree's time on them). */
static float step_float(float f, int away)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    u = away ? u + 1 : u - 1;
    memcpy(&f, &u, 4);
    return f;
}

static float round_down(double d)
{
    float f = (float)d;
    if (!((double)f > d))
        return f;
    if (f == 0.0f || !isfinite(f))
        return nextafterf(f, -INFINITY);
    return step_float(f, f < 0.0f);
}

static float round_up(double d)
{
    float f = (float)d;
    if (!((double)f < d))
        return f;
    if (f == 0.0f || !isfinite(f))
        return nextafterf(f, INFINITY);
    return step_float(f, f > 0.0f);
}

typedef struct cell {
    int64_t id; /* row id (leaf) or child node */
    float box[4]; /* minx, maxx, miny, maxy */
} cell;

/* The sort key of a cell along an axis (0: x, 2: y): the sum of its float bounds, computed in
 * float as the comparators of the first version did, mapped to an unsigned integer that orders
 * as the float does (-0 and +0 equal, as they compare). */
static uint32_t key_of(const cell *c, int axis)
{
    float f = c->box[axis] + c->box[axis + 1];
    uint32_t u;
    if (f == 0.0f)
        f = 0.0f;
    memcpy(&u, &f, 4);
    return (u & 0x80000000u) ? ~u : u | 0x80000000u;
}

/* Sorts c[0..n) by key_of(axis), stably (ties keep their order, as glibc's merge sort in qsort
 * did, so the tree and the file are the same byte for byte): an LSD radix sort, four passes of
 * 8 bits through tmp, which ends back in c. It was glibc's qsort with a comparator, 0.12 s of
 * the 100k write; passes whose byte is the same for all cells are skipped (two swaps keep the
 * result in c). */
static void radix_sort(cell *c, cell *tmp, size_t n, int axis)
{
    size_t count[4][256], i;
    cell *from = c, *to = tmp;
    int pass;
    if (n < 2)
        return;
    memset(count, 0, sizeof count);
    for (i = 0; i < n; i++) {
        uint32_t k = key_of(&c[i], axis);
        count[0][k & 255]++;
        count[1][(k >> 8) & 255]++;
        count[2][(k >> 16) & 255]++;
        count[3][k >> 24]++;
    }
    for (pass = 0; pass < 4; pass++) {
        size_t sum = 0, b, *cnt = count[pass];
        int shift = 8 * pass;
        for (b = 0; b < 256; b++)
            if (cnt[b] == n)
                break;
        if (b < 256)
            continue; /* every key has this byte: the order stays */
        for (b = 0; b < 256; b++) {
            size_t t = cnt[b];
            cnt[b] = sum;
            sum += t;
        }
        for (i = 0; i < n; i++)
            to[cnt[(key_of(&from[i], axis) >> shift) & 255]++] = from[i];
        {
            cell *t = from;
            from = to;
            to = t;
        }
    }
    if (from != c)
        memcpy(c, from, n * sizeof *c);
}

/* Sort-tile-recursive order of one level: slices of whole nodes by x, each sorted by y.
 * tmp: room for n cells. */
static void str_order(cell *c, cell *tmp, size_t n)
{
    size_t nodes = (n + NODE_CELLS - 1) / NODE_CELLS, slices, per, s;
    slices = (size_t)ceil(sqrt((double)nodes));
    if (slices == 0)
        return;
    per = ((nodes + slices - 1) / slices) * NODE_CELLS;
    radix_sort(c, tmp, n, 0);
    for (s = 0; s < n; s += per)
        radix_sort(c + s, tmp, n - s < per ? n - s : per, 2);
}

static void put_be16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_cell(unsigned char *p, const cell *c)
{
    uint64_t id = (uint64_t)c->id;
    int k;
    for (k = 0; k < 8; k++)
        p[k] = (unsigned char)(id >> (56 - 8 * k));
    for (k = 0; k < 4; k++) {
        uint32_t bits;
        memcpy(&bits, &c->box[k], 4);
        put_be32(p + 8 + 4 * k, bits);
    }
}

typedef struct stmts {
    sqlite3_stmt *node, *rowid, *parent;
    sqlite3_stmt *rowids; /* ROWID_ROWS rows at once */
    int64_t *leaf_of;     /* leaf node of row id k + 1, 0: none; inserted in id order at the end */
    size_t nids;
} stmts;

/* The `_rowid` rows go in after the tree, in row-id order and ROWID_ROWS a statement: in the
 * tree's order each would be a lookup at a random place of the table's B-tree. */
#define ROWID_ROWS 64

static int step_reset(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE;
}

/* Writes the nodes of one level (cells c[0..n), in order, NODE_CELLS a node, numbered from
 * *next) and leaves in up[] one cell per node, its box the union of its cells'. depth: of the
 * tree, written in the root (when the level fits one node and is the top). */
static rg_status write_level(sqlite3 *db, const stmts *s, const cell *c, size_t n, int leaf,
                             int is_root, unsigned depth, int64_t *next, cell *up,
                             const char *path)
{
    unsigned char blob[NODE_BYTES];
    size_t first, k;
    for (first = 0; first < n || (is_root && first == 0); first += NODE_CELLS) {
        size_t count = n - first < NODE_CELLS ? n - first : NODE_CELLS;
        int64_t nodeno = is_root ? 1 : (*next)++;
        cell *u = up ? &up[first / NODE_CELLS] : NULL;
        memset(blob, 0, sizeof blob);
        if (is_root)
            put_be16(blob, depth);
        put_be16(blob + 2, (unsigned)count);
        if (u) {
            u->id = nodeno;
            u->box[0] = u->box[2] = INFINITY;
            u->box[1] = u->box[3] = -INFINITY;
        }
        for (k = 0; k < count; k++) {
            const cell *e = &c[first + k];
            put_cell(blob + 4 + k * CELL_BYTES, e);
            if (u) {
                u->box[0] = fminf(u->box[0], e->box[0]);
                u->box[1] = fmaxf(u->box[1], e->box[1]);
                u->box[2] = fminf(u->box[2], e->box[2]);
                u->box[3] = fmaxf(u->box[3], e->box[3]);
            }
            /* children name their parent; rows name their leaf */
            if (leaf) {
                s->leaf_of[e->id - 1] = nodeno;
            } else {
                sqlite3_bind_int64(s->parent, 1, e->id);
                sqlite3_bind_int64(s->parent, 2, nodeno);
                if (!step_reset(s->parent))
                    return db_fail(db, path, "cannot write the spatial index");
            }
        }
        sqlite3_bind_int64(s->node, 1, nodeno);
        sqlite3_bind_blob(s->node, 2, blob, NODE_BYTES, SQLITE_TRANSIENT);
        if (!step_reset(s->node))
            return db_fail(db, path, "cannot write the spatial index");
        if (n == 0)
            break;
    }
    return RG_OK;
}

/* Binds row id `id` as parameter `col` of s: as a null, which SQLite numbers one above the
 * largest so far, when that is `id` (`*last`: the last id inserted), else explicitly. A given
 * row id makes SQLite search the table from its root before the insert (a fifth of the
 * write's instructions at 100k); a numbered one is appended where its cursor already is. */
static void bind_rowid(sqlite3_stmt *s, int col, int64_t id, int64_t *last,
                       unsigned char *is_null)
{
    /* a parameter keeps its value from one step to the next: a null already there stays */
    if (id == *last + 1) {
        if (!*is_null)
            sqlite3_bind_null(s, col);
        *is_null = 1;
    } else {
        sqlite3_bind_int64(s, col, id);
        *is_null = 0;
    }
    *last = id;
}

/* The `_rowid` rows from s->leaf_of, in row-id order: whole groups of ROWID_ROWS, then the
 * rest one by one. `rows`: the ids with a leaf. */
static rg_status write_rowids(sqlite3 *db, const stmts *s, size_t rows, const char *path)
{
    size_t k, m = 0, seen = 0, grouped = rows - rows % ROWID_ROWS;
    int64_t last = 0; /* the table is empty: its first null row id is 1 */
    unsigned char one_null = 1, many_null[ROWID_ROWS]; /* freshly prepared: all null */
    int rc;
    memset(many_null, 1, sizeof many_null);
    for (k = 0; k < s->nids; k++) {
        if (!s->leaf_of[k])
            continue;
        if (seen++ >= grouped) {
            bind_rowid(s->rowid, 1, (int64_t)k + 1, &last, &one_null);
            sqlite3_bind_int64(s->rowid, 2, s->leaf_of[k]);
            if (!step_reset(s->rowid))
                return db_fail(db, path, "cannot write the spatial index");
            continue;
        }
        bind_rowid(s->rowids, 2 * (int)m + 1, (int64_t)k + 1, &last, &many_null[m]);
        sqlite3_bind_int64(s->rowids, 2 * (int)m + 2, s->leaf_of[k]);
        if (++m == ROWID_ROWS) {
            rc = sqlite3_step(s->rowids);
            sqlite3_reset(s->rowids);
            m = 0;
            if (rc != SQLITE_DONE)
                return db_fail(db, path, "cannot write the spatial index");
        }
    }
    return RG_OK;
}

/* Packs the tree bottom-up. Levels are written from the leaves; the root, whatever its level,
 * is node 1 and holds the depth. */
static rg_status pack(sqlite3 *db, const stmts *s, cell *c, size_t n, const char *path)
{
    size_t rows = n;
    cell *up = NULL;
    int64_t next = 2;
    unsigned depth = 0;
    size_t m;
    int leaf = 1;
    rg_status st = RG_OK;

    /* the depth is known in advance: levels until one node holds everything */
    for (m = n; m > NODE_CELLS; m = (m + NODE_CELLS - 1) / NODE_CELLS)
        depth++;
    for (;;) {
        int root = n <= NODE_CELLS;
        size_t nup = (n + NODE_CELLS - 1) / NODE_CELLS;
        if (!root) {
            cell *tmp = malloc(n * sizeof *tmp);
            if (!tmp || !(up = malloc((nup ? nup : 1) * sizeof *up))) {
                free(tmp);
                st = RG_I_NOMEM();
                goto cleanup;
            }
            str_order(c, tmp, n);
            free(tmp);
        }
        if ((st = write_level(db, s, c, n, leaf, root, depth, &next, root ? NULL : up,
                              path)) != RG_OK)
            goto cleanup;
        if (root) {
            st = write_rowids(db, s, rows, path);
            goto cleanup;
        }
        if (c != NULL && !leaf)
            free(c);
        c = up;
        up = NULL;
        n = nup;
        leaf = 0;
    }
cleanup:
    if (!leaf)
        free(c);
    free(up);
    return st;
}

/* ------------------------------------------------------------------ the index of a layer */

/* Quotes an identifier for SQL ("a""b"); NULL when out of memory. */
static char *quote_ident(const char *s)
{
    return sqlite3_mprintf("\"%w\"", s);
}

rg_status rg_i_gf_rtree_add(sqlite3 *db, const char *table, const char *fid, const char *geom,
                            const rg_i_gf_box *boxes, size_t n, const char *path)
{
    char *rt = NULL, *qt = NULL, *qf = NULL, *qg = NULL, *sql = NULL;
    stmts s = {NULL, NULL, NULL, NULL, NULL, 0};
    char *many = NULL;
    cell *c = NULL;
    size_t i, m = 0;
    rg_status st = RG_OK;

    rt = sqlite3_mprintf("rtree_%s_%s", table, geom);
    qt = quote_ident(table);
    qf = quote_ident(fid);
    qg = quote_ident(geom);
    s.nids = n;
    if (!rt || !qt || !qf || !qg || !(c = malloc((n ? n : 1) * sizeof *c)) ||
        !(s.leaf_of = calloc(n ? n : 1, sizeof *s.leaf_of))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        if (!(boxes[i].minx <= boxes[i].maxx && boxes[i].miny <= boxes[i].maxy))
            continue; /* empty geometry: not in the index, as the triggers have it */
        c[m].id = boxes[i].id;
        c[m].box[0] = round_down(boxes[i].minx);
        c[m].box[1] = round_up(boxes[i].maxx);
        c[m].box[2] = round_down(boxes[i].miny);
        c[m].box[3] = round_up(boxes[i].maxy);
        m++;
    }
    /* The module makes the shadow tables and an empty root; the root is replaced below. */
    sql = sqlite3_mprintf(
        "CREATE VIRTUAL TABLE \"%w\" USING rtree(id, minx, maxx, miny, maxy);"
        "DELETE FROM \"%w_node\";"
        "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
        "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
        "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));"
        "INSERT INTO gpkg_extensions VALUES ('%q', '%q', 'gpkg_rtree_index', "
        "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');"
        /* the six triggers of the extension, keeping the index right under later edits */
        "CREATE TRIGGER \"%w_insert\" AFTER INSERT ON %s WHEN (new.%s NOT NULL AND NOT "
        "ST_IsEmpty(NEW.%s)) BEGIN INSERT OR REPLACE INTO \"%w\" VALUES (NEW.%s, "
        "ST_MinX(NEW.%s), ST_MaxX(NEW.%s), ST_MinY(NEW.%s), ST_MaxY(NEW.%s)); END;"
        "CREATE TRIGGER \"%w_update1\" AFTER UPDATE OF %s ON %s WHEN OLD.%s = NEW.%s AND "
        "(NEW.%s NOTNULL AND NOT ST_IsEmpty(NEW.%s)) BEGIN INSERT OR REPLACE INTO \"%w\" VALUES "
        "(NEW.%s, ST_MinX(NEW.%s), ST_MaxX(NEW.%s), ST_MinY(NEW.%s), ST_MaxY(NEW.%s)); END;"
        "CREATE TRIGGER \"%w_update2\" AFTER UPDATE OF %s ON %s WHEN OLD.%s = NEW.%s AND "
        "(NEW.%s ISNULL OR ST_IsEmpty(NEW.%s)) BEGIN DELETE FROM \"%w\" WHERE id = OLD.%s; END;"
        "CREATE TRIGGER \"%w_update3\" AFTER UPDATE ON %s WHEN OLD.%s != NEW.%s AND "
        "(NEW.%s NOTNULL AND NOT ST_IsEmpty(NEW.%s)) BEGIN DELETE FROM \"%w\" WHERE id = "
        "OLD.%s; INSERT OR REPLACE INTO \"%w\" VALUES (NEW.%s, ST_MinX(NEW.%s), "
        "ST_MaxX(NEW.%s), ST_MinY(NEW.%s), ST_MaxY(NEW.%s)); END;"
        "CREATE TRIGGER \"%w_update4\" AFTER UPDATE ON %s WHEN OLD.%s != NEW.%s AND "
        "(NEW.%s ISNULL OR ST_IsEmpty(NEW.%s)) BEGIN DELETE FROM \"%w\" WHERE id IN (OLD.%s, "
        "NEW.%s); END;"
        "CREATE TRIGGER \"%w_delete\" AFTER DELETE ON %s WHEN old.%s NOT NULL BEGIN DELETE "
        "FROM \"%w\" WHERE id = OLD.%s; END;",
        rt, rt, table, geom,
        /* insert */ rt, qt, qg, qg, rt, qf, qg, qg, qg, qg,
        /* update1 */ rt, qg, qt, qf, qf, qg, qg, rt, qf, qg, qg, qg, qg,
        /* update2 */ rt, qg, qt, qf, qf, qg, qg, rt, qf,
        /* update3 */ rt, qt, qf, qf, qg, qg, rt, qf, rt, qf, qg, qg, qg, qg,
        /* update4 */ rt, qt, qf, qf, qg, qg, rt, qf, qf,
        /* delete */ rt, qt, qg, rt, qf);
    if (!sql) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = exec_sql(db, sql, path, "cannot create the spatial index")) != RG_OK)
        goto cleanup;
    sqlite3_free(sql);
    sql = NULL;
#define PREPARE(field, fmt)                                                                    \
    do {                                                                                       \
        char *q_ = sqlite3_mprintf(fmt, rt);                                                   \
        int rc_ = q_ ? sqlite3_prepare_v2(db, q_, -1, &s.field, NULL) : SQLITE_NOMEM;          \
        sqlite3_free(q_);                                                                      \
        if (rc_ != SQLITE_OK) {                                                                \
            st = db_fail(db, path, "cannot write the spatial index");                          \
            goto cleanup;                                                                      \
        }                                                                                      \
    } while (0)
    PREPARE(node, "INSERT INTO \"%w_node\" (nodeno, data) VALUES (?, ?)");
    PREPARE(rowid, "INSERT INTO \"%w_rowid\" (rowid, nodeno) VALUES (?, ?)");
    PREPARE(parent, "INSERT INTO \"%w_parent\" (nodeno, parentnode) VALUES (?, ?)");
    {
        sqlite3_str *q = sqlite3_str_new(db);
        int k;
        sqlite3_str_appendf(q, "INSERT INTO \"%%w_rowid\" (rowid, nodeno) VALUES ");
        for (k = 0; k < ROWID_ROWS; k++)
            sqlite3_str_appendall(q, k ? ", (?, ?)" : "(?, ?)");
        if (!(many = sqlite3_str_finish(q))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
    }
    PREPARE(rowids, many);
#undef PREPARE
    st = pack(db, &s, c, m, path);
cleanup:
    sqlite3_finalize(s.node);
    sqlite3_finalize(s.rowid);
    sqlite3_finalize(s.parent);
    sqlite3_finalize(s.rowids);
    free(s.leaf_of);
    sqlite3_free(many);
    sqlite3_free(sql);
    sqlite3_free(rt);
    sqlite3_free(qt);
    sqlite3_free(qf);
    sqlite3_free(qg);
    free(c);
    return st;
}

/* ------------------------------------------------------------------ boxes */

static void box_empty(rg_i_gf_box *b, size_t i)
{
    b->id = (int64_t)i + 1;
    b->minx = b->miny = INFINITY;
    b->maxx = b->maxy = -INFINITY;
}

static void box_points(rg_i_gf_box *b, const double *xy, size_t from, size_t to)
{
    size_t p;
    for (p = from; p < to; p++) {
        double x = xy[2 * p], y = xy[2 * p + 1];
        if (x < b->minx)
            b->minx = x;
        if (x > b->maxx)
            b->maxx = x;
        if (y < b->miny)
            b->miny = y;
        if (y > b->maxy)
            b->maxy = y;
    }
}

rg_status rg_i_gf_region_boxes(const rg_regions *r, rg_i_gf_box **out)
{
    const size_t *poly_start = rg_regions_poly_start(r), *ring_start = rg_regions_ring_start(r);
    const size_t *pt_start = rg_regions_pt_start(r);
    size_t n = rg_regions_count(r), i;
    rg_i_gf_box *b = malloc((n ? n : 1) * sizeof *b);
    *out = NULL;
    if (!b)
        return RG_I_NOMEM();
    for (i = 0; i < n; i++) {
        box_empty(&b[i], i);
        /* a region's rings, and their points, are stored one after the other */
        if (poly_start[i] < poly_start[i + 1])
            box_points(&b[i], rg_regions_xy(r), pt_start[ring_start[poly_start[i]]],
                       pt_start[ring_start[poly_start[i + 1]]]);
    }
    *out = b;
    return RG_OK;
}

rg_status rg_i_gf_border_boxes(const rg_adjacency *adj, rg_i_gf_box **out)
{
    const size_t *pt_start = rg_adjacency_line_pt_start(adj);
    size_t n = rg_adjacency_count(adj), k, first, count;
    rg_i_gf_box *b = malloc((n ? n : 1) * sizeof *b);
    *out = NULL;
    if (!b)
        return RG_I_NOMEM();
    for (k = 0; k < n; k++) {
        box_empty(&b[k], k);
        rg_adjacency_border(adj, k, &first, &count);
        if (count)
            box_points(&b[k], rg_adjacency_xy(adj), pt_start[first], pt_start[first + count]);
    }
    *out = b;
    return RG_OK;
}
