/* The graph file's direct reader: the rows of `regions`, `borders` and `rg_measures` straight
 * through SQLite, GeoPackage geometry blobs decoded here, for the OGR reader
 * (graphfile_read.c), which keeps the schema, the CRS and the small tables; it declines
 * whatever it does not read exactly as GDAL would (see graphfile_read_internal.h).
 *
 * Why: GDAL made an OGRFeature and an OGRGeometry of every row, parsed the blob into it and
 * copied the points out again; for 100 000 regions and 300 000 borders that was half of
 * rg_graph_read's time.
 *
 * A geometry blob (GeoPackage 1.2, 2.1.3): "GP", version 0, flags (bit 0: byte order of the
 * header; bits 1-3: envelope kind, 0 none, 1 xy (32 bytes), 2 and 3 xyz and xym (48), 4 xyzm
 * (64); bit 4: empty; bit 5: extended type), the srs_id, the envelope, then standard WKB in
 * either byte order (each geometry's first byte says which). Taken: Polygon and MultiPolygon
 * for regions, Point, LineString, MultiPoint and MultiLineString for borders, 2D only, every
 * part with points; declined: anything else, extended or empty blobs, trailing bytes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inttypes.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "graph/measures_internal.h"
#include "model/hierarchy_internal.h"
#include "regiongraph/centrality.h"
#include "write/graphfile_read_internal.h"

static _Thread_local int tables_read;

int rg_i_gf_direct_tables(void)
{
    return tables_read;
}

struct rg_i_gf_direct {
    sqlite3 *db;
    size_t file_bytes;
    int declined;
    double *buf; /* a part's points, in the machine's byte order */
    size_t cap;
};

rg_status rg_i_gf_direct_open(const char *path, rg_i_gf_direct **out)
{
    const char *env = getenv("RG_GRAPHFILE_OGR");
    struct stat sb;
    rg_i_gf_direct *d;
    *out = NULL;
    tables_read = 0;
    if ((env && *env && strcmp(env, "0") != 0) || strncmp(path, "/vsi", 4) == 0)
        return RG_OK;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return RG_OK; /* GDAL found something else there: its reader says what */
    if (!(d = calloc(1, sizeof *d)))
        return RG_I_NOMEM();
    d->file_bytes = (size_t)sb.st_size;
    if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        rg_i_gf_direct_close(d); /* GDAL opened it: its reader will say what it finds */
        return RG_OK;
    }
    *out = d;
    return RG_OK;
}

void rg_i_gf_direct_close(rg_i_gf_direct *d)
{
    if (!d)
        return;
    sqlite3_close(d->db);
    free(d->buf);
    free(d);
}

int rg_i_gf_direct_declined(const rg_i_gf_direct *d)
{
    return d && d->declined;
}

/* Declines: the OGR reader reads the table again. Always RG_OK. */
static rg_status decline(rg_i_gf_direct *d)
{
    d->declined = 1;
    return RG_OK;
}

/* A failure of the regions' or pairs' own checks on the direct path: GDAL's reader checks the
 * row's blob first, so the file is read again through it for the message it gives; only a
 * lack of memory stays a failure. */
static rg_status recheck(rg_i_gf_direct *d, rg_status st)
{
    return st == RG_ERR_NOMEM ? st : decline(d);
}

/* ------------------------------------------------------------------ geometry blobs */

typedef struct wkb {
    const unsigned char *p, *end;
    int swap; /* the current geometry's byte order is not the machine's */
} wkb;

static int machine_little(void)
{
    const uint16_t probe = 1;
    return *(const unsigned char *)&probe;
}

/* The next geometry's byte order and type (ISO codes, 2D only), or 0 when malformed. */
static uint32_t wkb_begin(wkb *w)
{
    uint32_t type;
    if (w->end - w->p < 5 || w->p[0] > 1)
        return 0;
    w->swap = w->p[0] != machine_little();
    memcpy(&type, w->p + 1, 4);
    if (w->swap)
        type = __builtin_bswap32(type);
    w->p += 5;
    return type;
}

/* A count, or 0 when there is none (malformed or truly 0: both declined by the callers). */
static uint32_t wkb_count(wkb *w)
{
    uint32_t n;
    if (w->end - w->p < 4)
        return 0;
    memcpy(&n, w->p, 4);
    w->p += 4;
    return w->swap ? __builtin_bswap32(n) : n;
}

/* n points into d->buf, in the machine's byte order; 0 when the blob is too short. */
static int wkb_points(rg_i_gf_direct *d, wkb *w, size_t n)
{
    size_t k;
    if (n == 0 || (size_t)(w->end - w->p) / 16 < n ||
        !rg_i_reserve((void **)&d->buf, &d->cap, 2 * n + 2, sizeof *d->buf))
        return 0;
    memcpy(d->buf, w->p, 16 * n);
    w->p += 16 * n;
    if (w->swap)
        for (k = 0; k < 2 * n; k++) {
            uint64_t u;
            memcpy(&u, &d->buf[k], 8);
            u = __builtin_bswap64(u);
            memcpy(&d->buf[k], &u, 8);
        }
    return 1;
}

/* The WKB of a GeoPackage blob; 0 when the header is not one the direct reader takes. */
static int gpkg_wkb(const unsigned char *blob, size_t len, wkb *w)
{
    static const size_t envelope[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    size_t head;
    unsigned flags;
    if (len < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0)
        return 0;
    flags = blob[3];
    if ((flags & 0x30) || ((flags >> 1) & 7) > 4)
        return 0; /* extended, empty, or an envelope kind the standard does not define */
    head = 8 + envelope[(flags >> 1) & 7];
    if (len < head)
        return 0;
    w->p = blob + head;
    w->end = blob + len;
    return 1;
}

/* Reads one part of a geometry (its WKB type given) into `to`; 0 when malformed. */
typedef int (*part_fn)(rg_i_gf_direct *d, void *to, wkb *w, uint32_t type, rg_status *st);

/* One polygon's rings into the current region (regions `to`); 0 when malformed. */
static int polygon(rg_i_gf_direct *d, void *to, wkb *w, uint32_t type, rg_status *st)
{
    rg_regions *r = to;
    uint32_t nrings = wkb_count(w), k;
    (void)type;
    if (nrings == 0 || (*st = rg_i_regions_add_polygon(r)) != RG_OK)
        return *st != RG_OK;
    for (k = 0; k < nrings; k++) {
        uint32_t npts = wkb_count(w);
        if (!wkb_points(d, w, npts))
            return 0;
        if ((*st = rg_i_regions_add_ring(r, d->buf, npts)) != RG_OK)
            return 1;
    }
    return 1;
}

/* One Point (type 1) or LineString (2) into the border's lines (adjacency `to`); 0 when
 * malformed. */
static int border_part(rg_i_gf_direct *d, void *to, wkb *w, uint32_t type, rg_status *st)
{
    uint32_t n = type == 1 ? 1 : wkb_count(w);
    if (!wkb_points(d, w, n) || (type == 1 && isnan(d->buf[0]) && isnan(d->buf[1])))
        return 0; /* an empty point: GDAL's to judge */
    *st = rg_i_adjacency_add_line(to, d->buf, n);
    return 1;
}

/* A blob holding one part of a type from first to last, or a multi-part geometry of them (WKB
 * numbers the multi types 3 above the single ones), each part read by part into to; 0 when it
 * is one to decline (another type, an empty multi, bytes left over). */
static int geometry(rg_i_gf_direct *d, const void *blob, int len, uint32_t first, uint32_t last,
                    part_fn part, void *to, rg_status *st)
{
    wkb w;
    uint32_t type, n, k;
    if (!gpkg_wkb(blob, (size_t)len, &w))
        return 0;
    type = wkb_begin(&w);
    if (type >= first && type <= last) {
        if (!part(d, to, &w, type, st))
            return 0;
    } else if (type >= first + 3 && type <= last + 3 && (n = wkb_count(&w)) > 0) {
        for (k = 0; k < n && *st == RG_OK; k++)
            if (wkb_begin(&w) != type - 3 || !part(d, to, &w, type - 3, st))
                return 0;
    } else {
        return 0;
    }
    return *st != RG_OK || w.p == w.end;
}

/* ------------------------------------------------------------------ rows */

/* The number of rows rg_meta announces (text, or NULL), to make room for up front; no more than
 * the file could hold at `least` bytes a row, so that a wrong count costs nothing. */
static size_t expected_rows(const rg_i_gf_direct *d, const char *announced, size_t least)
{
    unsigned long long n = announced ? strtoull(announced, NULL, 10) : 0;
    return n < d->file_bytes / least ? (size_t)n : d->file_bytes / least;
}

/* `SELECT "geom", "c1", ... FROM "table" ORDER BY "fid"` (GDAL's row order: the FID is the
 * rowid) with the layer's geometry column first when geometry is set, then the OGR fields
 * idx[0..n) (-1: NULL). */
static int prepare(rg_i_gf_direct *d, OGRLayerH layer, const char *table, int geometry,
                   const int *idx, int n, sqlite3_stmt **out)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    sqlite3_str *q = sqlite3_str_new(d->db);
    const char *fid = OGR_L_GetFIDColumn(layer);
    char *sql;
    int k, ok;
    *out = NULL;
    sqlite3_str_appendall(q, "SELECT ");
    if (geometry)
        sqlite3_str_appendf(q, "\"%w\"", OGR_L_GetGeometryColumn(layer));
    else
        sqlite3_str_appendall(q, "NULL");
    for (k = 0; k < n; k++)
        if (idx[k] >= 0)
            sqlite3_str_appendf(q, ", \"%w\"",
                                OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, idx[k])));
        else
            sqlite3_str_appendall(q, ", NULL");
    sqlite3_str_appendf(q, " FROM \"%w\" ORDER BY \"%w\"", table, fid ? fid : "");
    sql = sqlite3_str_finish(q);
    ok = sql && fid && *fid && sqlite3_prepare_v2(d->db, sql, -1, out, NULL) == SQLITE_OK;
    sqlite3_free(sql);
    return ok;
}

/* OGR field idx of layer, read as GDAL's GPKG driver reads it into a value of type t: 0 when
 * the column's type does not match (GDAL would convert). */
static int field_fits(OGRLayerH layer, int idx, rg_field_type t)
{
    OGRFieldType ft;
    if (idx < 0)
        return 1;
    ft = OGR_Fld_GetType(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(layer), idx));
    switch (t) {
    case RG_FIELD_INTEGER:
        return ft == OFTInteger || ft == OFTInteger64;
    case RG_FIELD_REAL:
        return ft == OFTReal;
    default:
        return ft == OFTString;
    }
}

/* Column c of the row as read_value() in graphfile_read.c makes it from GDAL's feature; 0
 * when its storage class is not the column's (GDAL would convert it). */
static int row_value(sqlite3_stmt *s, int c, rg_field_type t, int int32, rg_i_value *v,
                     rg_status *st)
{
    char buf[64];
    const char *text;
    int kind = sqlite3_column_type(s, c);
    memset(v, 0, sizeof *v);
    if (kind == SQLITE_NULL)
        return 1;
    if (t == RG_FIELD_INTEGER) {
        if (kind != SQLITE_INTEGER)
            return 0;
        v->i = sqlite3_column_int64(s, c);
        if (int32 && (v->i < INT32_MIN || v->i > INT32_MAX))
            return 0;
        v->d = (double)v->i;
        snprintf(buf, sizeof buf, "%" PRId64, v->i);
        text = buf;
    } else if (t == RG_FIELD_REAL) {
        if (kind != SQLITE_FLOAT && kind != SQLITE_INTEGER)
            return 0;
        v->d = sqlite3_column_double(s, c);
        v->i = isfinite(v->d) && fabs(v->d) < 9.2e18 ? (int64_t)v->d : 0;
        rg_i_format_real(buf, sizeof buf, v->d);
        text = buf;
    } else {
        if (kind != SQLITE_TEXT)
            return 0;
        text = (const char *)sqlite3_column_text(s, c);
    }
    if (!text || !(v->text = rg_i_strdup(text)))
        *st = RG_I_NOMEM();
    return 1;
}

static int is_int32(OGRLayerH layer, int idx)
{
    return idx >= 0 &&
           OGR_Fld_GetType(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(layer), idx)) == OFTInteger;
}

rg_status rg_i_gf_direct_regions(rg_i_gf_direct *d, const rg_i_gf_region_plan *plan,
                                 const char *announced, rg_regions *r, size_t *count)
{
    size_t nf = plan->nf, f, ncol = nf + 2;
    int *idx = NULL, *i32 = NULL, rc;
    rg_field_type *type = NULL;
    rg_i_value *values = NULL, idv = {0}, namev = {0};
    sqlite3_stmt *s = NULL;
    rg_status st = RG_OK;

    *count = 0;
    if (!(idx = rg_i_calloc_array(ncol, sizeof *idx)) ||
        !(i32 = rg_i_calloc_array(ncol, sizeof *i32)) ||
        !(type = rg_i_calloc_array(ncol, sizeof *type)) ||
        !(values = rg_i_calloc_array(nf + 1, sizeof *values))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (f = 0; f < nf; f++) {
        idx[f] = plan->src[f];
        type[f] = plan->fields[f].type;
    }
    idx[nf] = plan->id_idx;
    type[nf] = plan->id_type;
    idx[nf + 1] = plan->name_idx;
    type[nf + 1] = plan->name_type;
    for (f = 0; f < ncol; f++) {
        if (!field_fits(plan->layer, idx[f], type[f])) {
            st = decline(d);
            goto cleanup;
        }
        i32[f] = is_int32(plan->layer, idx[f]);
    }
    if (!prepare(d, plan->layer, RG_I_GF_REGIONS, 1, idx, (int)ncol, &s)) {
        st = decline(d);
        goto cleanup;
    }
    /* a region row holds at least a 40-byte blob (or none) and its R-tree entry */
    if ((st = rg_i_regions_reserve(r, expected_rows(d, announced, 64))) != RG_OK)
        goto cleanup;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const void *blob;
        for (f = 0; f < ncol; f++) {
            rg_i_value *v = f < nf ? &values[f] : f == nf ? &idv : &namev;
            if (idx[f] < 0)
                continue;
            if (!row_value(s, (int)f + 1, type[f], i32[f], v, &st)) {
                st = decline(d);
                goto cleanup;
            }
            if (st != RG_OK)
                goto cleanup;
        }
        if ((st = rg_i_regions_begin(r, idv.text ? idv.text : "", namev.text, values)) != RG_OK) {
            st = recheck(d, st);
            goto cleanup;
        }
        free(idv.text);
        free(namev.text);
        idv.text = namev.text = NULL;
        blob = sqlite3_column_blob(s, 0);
        if (sqlite3_column_type(s, 0) != SQLITE_NULL &&
            (!blob || !geometry(d, blob, sqlite3_column_bytes(s, 0), 3, 3, polygon, r, &st))) {
            st = decline(d); /* GDAL's reader names the feature whose blob it cannot read */
            goto cleanup;
        }
        if (st != RG_OK || (st = rg_i_regions_end(r)) != RG_OK) {
            st = recheck(d, st);
            goto cleanup;
        }
        (*count)++;
    }
    if (rc != SQLITE_DONE)
        st = decline(d);
    else
        tables_read++;
cleanup:
    sqlite3_finalize(s);
    if (values)
        for (f = 0; f < nf; f++)
            free(values[f].text);
    free(idv.text);
    free(namev.text);
    free(values);
    free(type);
    free(i32);
    free(idx);
    return st;
}

/* A text column of a border row: its text, or dflt when null; 0 when not text. */
static int row_text(sqlite3_stmt *s, int c, const char *dflt, const char **out)
{
    int kind = sqlite3_column_type(s, c);
    if (kind == SQLITE_NULL) {
        *out = dflt;
        return 1;
    }
    *out = (const char *)sqlite3_column_text(s, c);
    return kind == SQLITE_TEXT && *out;
}

/* A real column: its value, 0 when null (*set 0); 0 when not a number. */
static int row_real(sqlite3_stmt *s, int c, double *out, int *set)
{
    int kind = sqlite3_column_type(s, c);
    *set = kind != SQLITE_NULL;
    *out = *set ? sqlite3_column_double(s, c) : 0;
    return kind == SQLITE_NULL || kind == SQLITE_FLOAT || kind == SQLITE_INTEGER;
}

/* Border rows go through in batches: their values copied out of SQLite's row (which the next
 * step overwrites), then the second regions' ids looked up with their memory fetched ahead a
 * batch at a time (rg_i_regions_prefetch_id): the second sides of consecutive pairs are
 * anywhere among the regions, and each lookup waited for four cache misses in a row (perf, 100k
 * Voronoi cells: the id search was a quarter of the read). */
#define BATCH 32
enum { T_IDA, T_IDB, T_KIND, T_LEVEL, T_CONTACT, T_BLOB, T_COUNT };

typedef struct border_batch {
    rg_i_gf_border_row row[BATCH];
    size_t off[BATCH][T_COUNT], len[BATCH]; /* arena offsets (SIZE_MAX: null); blob length */
    size_t n;
    char *arena;
    size_t used, cap;
} border_batch;

/* Copies n bytes (and a NUL) into the arena at *off; 0 when out of memory. */
static int keep(border_batch *b, const void *p, size_t n, size_t *off)
{
    if (!rg_i_reserve((void **)&b->arena, &b->cap, b->used + n + 1, 1))
        return 0;
    *off = b->used;
    if (n)
        memcpy(b->arena + b->used, p, n);
    b->arena[b->used + n] = '\0';
    b->used += n + 1;
    return 1;
}

/* Row s of the statement into the batch; 0 declined (*st RG_OK) or out of memory. */
static int batch_add(border_batch *b, sqlite3_stmt *s, rg_status *st)
{
    static const int text_col[] = {RG_I_GF_ID_A, RG_I_GF_ID_B, RG_I_GF_KIND, RG_I_GF_LEVEL,
                                   RG_I_GF_CONTACT};
    rg_i_gf_border_row *row = &b->row[b->n];
    size_t *off = b->off[b->n];
    int t, set;
    for (t = 0; t < T_BLOB; t++) {
        const char *text;
        if (!row_text(s, 2 + text_col[t], NULL, &text))
            return 0;
        off[t] = SIZE_MAX;
        if (text && !keep(b, text, strlen(text), &off[t])) {
            *st = RG_I_NOMEM();
            return 0;
        }
    }
    off[T_BLOB] = SIZE_MAX;
    if (sqlite3_column_type(s, 0) != SQLITE_NULL) {
        const void *blob = sqlite3_column_blob(s, 0);
        b->len[b->n] = (size_t)sqlite3_column_bytes(s, 0);
        if (!blob)
            return 0;
        if (!keep(b, blob, b->len[b->n], &off[T_BLOB])) {
            *st = RG_I_NOMEM();
            return 0;
        }
    }
    row->fid = 0; /* only for messages, which the OGR reader gives */
    if (!row_real(s, 2 + RG_I_GF_LENGTH_KM, &row->length, &set) ||
        !row_real(s, 2 + RG_I_GF_GAP_KM, &row->gap, &row->has_gap))
        return 0;
    b->n++;
    return 1;
}

static const char *kept(const border_batch *b, size_t off, const char *dflt)
{
    return off == SIZE_MAX ? dflt : b->arena + off;
}

/* The batch's rows, in order, through rg_i_gf_border_pair() and their lines. */
static rg_status batch_flush(rg_i_gf_direct *d, border_batch *b, rg_i_gf_pairs *p)
{
    size_t k;
    int stage;
    rg_status st = RG_OK;
    for (k = 0; k < b->n; k++) {
        rg_i_gf_border_row *row = &b->row[k];
        row->ida = kept(b, b->off[k][T_IDA], "");
        row->idb = kept(b, b->off[k][T_IDB], "");
        row->kind = kept(b, b->off[k][T_KIND], "");
        row->level = kept(b, b->off[k][T_LEVEL], "");
        row->contact = kept(b, b->off[k][T_CONTACT], NULL);
    }
    for (stage = 0; stage < 3; stage++)
        for (k = 0; k < b->n; k++)
            rg_i_regions_prefetch_id(p->r, b->row[k].idb, stage);
    for (k = 0; k < b->n && st == RG_OK; k++) {
        if ((st = rg_i_gf_border_pair(p, &b->row[k])) != RG_OK)
            break;
        if (b->off[k][T_BLOB] != SIZE_MAX &&
            !geometry(d, b->arena + b->off[k][T_BLOB], (int)b->len[k], 1, 2, border_part,
                      p->adj, &st)) {
            b->n = b->used = 0;
            return decline(d);
        }
    }
    b->n = b->used = 0;
    return st == RG_OK ? RG_OK : recheck(d, st);
}

rg_status rg_i_gf_direct_borders(rg_i_gf_direct *d, OGRLayerH layer, const int *col,
                                 const char *announced, rg_i_gf_pairs *p, size_t *count)
{
    size_t expect = expected_rows(d, announced, 64);
    int idx[1 + RG_I_GF_BORDER_COLUMNS], k, rc = SQLITE_DONE;
    border_batch *b = NULL;
    sqlite3_stmt *s = NULL;
    rg_status st = RG_OK;

    *count = 0;
    idx[0] = -1; /* the FID, for messages */
    for (k = 0; k < RG_I_GF_BORDER_COLUMNS; k++) {
        idx[1 + k] = col[k];
        if (!field_fits(layer, col[k], rg_i_gf_borders[k].type == OFTReal ? RG_FIELD_REAL
                                                                         : RG_FIELD_STRING))
            return decline(d);
    }
    if (!prepare(d, layer, RG_I_GF_BORDERS, 1, idx, 1 + RG_I_GF_BORDER_COLUMNS, &s))
        return decline(d);
    /* most borders are one line of two points */
    if ((st = rg_i_adjacency_reserve(p->adj, expect, expect, 2 * expect)) != RG_OK)
        goto cleanup;
    if (!(b = calloc(1, sizeof *b))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    while (st == RG_OK && !d->declined && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!batch_add(b, s, &st)) {
            if (st == RG_OK)
                st = decline(d);
            goto cleanup;
        }
        (*count)++;
        if (b->n == BATCH)
            st = batch_flush(d, b, p);
    }
    if (st == RG_OK && !d->declined && rc != SQLITE_DONE)
        st = decline(d);
    if (st == RG_OK && !d->declined)
        st = batch_flush(d, b, p);
    if (st == RG_OK && !d->declined)
        tables_read++;
cleanup:
    if (b)
        free(b->arena);
    free(b);
    sqlite3_finalize(s);
    return st;
}

rg_status rg_i_gf_direct_measures(rg_i_gf_direct *d, OGRLayerH layer, const char *key,
                                  const char *extra, rg_graph *graph, const char *path)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int idx[1 + RG_MEASURE_COUNT], k, rc, set;
    double *values = NULL;
    size_t rows, have = 0;
    sqlite3_stmt *s = NULL;
    rg_status st = RG_OK;

    (void)path;
    idx[0] = OGR_FD_GetFieldIndex(defn, "node");
    if (idx[0] < 0 || !field_fits(layer, idx[0], RG_FIELD_INTEGER) || is_int32(layer, idx[0]))
        return decline(d);
    for (k = 0; k < RG_MEASURE_COUNT; k++)
        if ((idx[1 + k] = OGR_FD_GetFieldIndex(defn, rg_measure_name((rg_measure)k))) < 0 ||
            !field_fits(layer, idx[1 + k], RG_FIELD_REAL))
            return decline(d);
    rows = (size_t)OGR_L_GetFeatureCount(layer, TRUE);
    if (!(values = rg_i_calloc_array(rows * RG_MEASURE_COUNT + 1, sizeof *values)))
        return RG_I_NOMEM();
    if (!prepare(d, layer, RG_I_GF_MEASURES, 0, idx, 1 + RG_MEASURE_COUNT, &s)) {
        st = decline(d);
        goto cleanup;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t node = sqlite3_column_int64(s, 1);
        int kind = sqlite3_column_type(s, 1);
        if ((kind != SQLITE_INTEGER && kind != SQLITE_NULL) || node < 0 ||
            (uint64_t)node >= rows) {
            st = decline(d);
            goto cleanup;
        }
        for (k = 0; k < RG_MEASURE_COUNT; k++)
            if (!row_real(s, 2 + k, &values[(size_t)node * RG_MEASURE_COUNT + (size_t)k], &set)) {
                st = decline(d);
                goto cleanup;
            }
        have++;
    }
    if (rc != SQLITE_DONE || have != rows) {
        st = decline(d);
        goto cleanup;
    }
    if ((st = rg_i_graph_set_measures(graph, key, rows, RG_MEASURE_COUNT, values, extra)) ==
        RG_OK)
        tables_read++;
cleanup:
    sqlite3_finalize(s);
    free(values);
    return st;
}
