/* Contiguity across the antimeridian: in a lon/lat layer, x = +180 and x = -180 are one meridian,
 * so a region drawn up to 180 and one drawn from -180 over the same latitudes are neighbours.
 *
 * The exact build compares coordinates, so it cannot see them. This pass runs after it, on the
 * boundary pieces lying on the two edges of the map only: the segments of every ring with both
 * ends on x = 180 (east side) or x = -180 (west side), and every vertex on them (points, for
 * queen contacts at a corner). Each east piece is matched with the west pieces of other regions
 * whose latitude ranges meet it: a positive overlap is a shared stretch, measured as the geodesic
 * along the meridian; a single common latitude is a point contact. Stretches of one pair are
 * merged before they are summed, so a piece drawn twice counts once. The pairs found are then
 * folded into the exact build's adjacency (a pair found by both gets the sum of its lengths).
 *
 * Cost: O(V) to collect the pieces, then O(k log k) for the k pieces on the two edges plus the
 * matches found; nothing at all for a layer that does not reach both x = 180 and x = -180.
 * Planar layers are never wrapped (a projected x of 180 is no meridian).
 */
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"
#include "geom/contiguity_wrap_internal.h"
#include "geom/length_internal.h"

/* A piece of boundary on one edge of the map: latitudes lo..hi (lo == hi: a vertex). */
typedef struct piece {
    size_t region;
    double lo, hi;
} piece;

/* A contact found: regions a < b, latitudes lo..hi. */
typedef struct found {
    size_t a, b;
    double lo, hi;
} found;

typedef struct list {
    piece *p;
    size_t n, cap;
} list;

static int add_piece(list *l, size_t region, double y0, double y1)
{
    if (!rg_i_reserve((void **)&l->p, &l->cap, l->n + 1, sizeof *l->p))
        return 0;
    l->p[l->n].region = region;
    l->p[l->n].lo = y0 < y1 ? y0 : y1;
    l->p[l->n].hi = y0 < y1 ? y1 : y0;
    l->n++;
    return 1;
}

static int piece_cmp(const void *x, const void *y)
{
    const piece *a = x, *b = y;
    return (a->lo > b->lo) - (a->lo < b->lo);
}

static int found_cmp(const void *x, const void *y)
{
    const found *a = x, *b = y;
    if (a->a != b->a)
        return (a->a > b->a) - (a->a < b->a);
    if (a->b != b->b)
        return (a->b > b->b) - (a->b < b->b);
    return (a->lo > b->lo) - (a->lo < b->lo);
}

/* The pieces of every ring on x = 180 (east) and x = -180 (west). */
static rg_status collect(const rg_regions *regions, list *east, list *west)
{
    const size_t *poly_start = rg_regions_poly_start(regions);
    const size_t *ring_start = rg_regions_ring_start(regions);
    const size_t *pt_start = rg_regions_pt_start(regions);
    const double *xy = rg_regions_xy(regions);
    size_t n = rg_regions_count(regions), i, p, r, k;
    for (i = 0; i < n; i++)
        for (p = poly_start[i]; p < poly_start[i + 1]; p++)
            for (r = ring_start[p]; r < ring_start[p + 1]; r++)
                for (k = pt_start[r]; k < pt_start[r + 1]; k++) {
                    double x = xy[2 * k], y = xy[2 * k + 1];
                    list *side = x == 180.0 ? east : x == -180.0 ? west : NULL;
                    if (!side)
                        continue;
                    if (!add_piece(side, i, y, y))
                        return RG_I_NOMEM();
                    if (k + 1 < pt_start[r + 1] && xy[2 * k + 2] == x && xy[2 * k + 3] != y &&
                        !add_piece(side, i, y, xy[2 * k + 3]))
                        return RG_I_NOMEM();
                }
    return RG_OK;
}

/* Every (east, west) pair of pieces of different regions whose latitude ranges meet. */
static rg_status match(list *east, list *west, found **out, size_t *nout)
{
    size_t e, w, hi_end, cap = 0, n = 0;
    double *maxhi = NULL;
    found *f = NULL;
    qsort(west->p, west->n, sizeof *west->p, piece_cmp);
    /* maxhi[w]: the highest hi of west pieces 0..w, so the backward walk stops early */
    if (!(maxhi = rg_i_malloc_array(west->n, sizeof *maxhi)))
        return RG_I_NOMEM();
    for (w = 0; w < west->n; w++)
        maxhi[w] = w && maxhi[w - 1] > west->p[w].hi ? maxhi[w - 1] : west->p[w].hi;
    for (e = 0; e < east->n; e++) {
        const piece *pe = &east->p[e];
        size_t lo_i = 0, hi_i = west->n;
        while (lo_i < hi_i) { /* first west piece starting above pe->hi */
            size_t mid = lo_i + (hi_i - lo_i) / 2;
            if (west->p[mid].lo <= pe->hi)
                lo_i = mid + 1;
            else
                hi_i = mid;
        }
        for (hi_end = lo_i; hi_end-- > 0 && maxhi[hi_end] >= pe->lo;) {
            const piece *pw = &west->p[hi_end];
            double lo = pe->lo > pw->lo ? pe->lo : pw->lo, hi = pe->hi < pw->hi ? pe->hi : pw->hi;
            if (pw->region == pe->region || hi < lo)
                continue;
            if (!rg_i_reserve((void **)&f, &cap, n + 1, sizeof *f)) {
                free(maxhi);
                free(f);
                return RG_I_NOMEM();
            }
            f[n].a = pe->region < pw->region ? pe->region : pw->region;
            f[n].b = pe->region < pw->region ? pw->region : pe->region;
            f[n].lo = lo;
            f[n].hi = hi;
            n++;
        }
    }
    free(maxhi);
    *out = f;
    *nout = n;
    return RG_OK;
}

/* The stretches of f[i..j) (one pair, sorted by lo; points skipped) merged where they overlap,
 * in place: the merged runs are f[i..i + returned count). */
static size_t merge_stretches(found *f, size_t i, size_t j)
{
    size_t m = 0, k;
    for (k = i; k < j; k++) {
        found *last = m ? &f[i + m - 1] : NULL;
        if (f[k].hi == f[k].lo)
            continue;
        if (last && f[k].lo <= last->hi) {
            if (f[k].hi > last->hi)
                last->hi = f[k].hi;
            continue;
        }
        f[i + m++] = f[k];
    }
    return m;
}

/* The wrapped pairs as an adjacency sorted by (a, b): a pair with stretches gets their merged
 * runs, measured and as lines on x = 180; a pair of points only (left out of rook contiguity)
 * gets its distinct touching points. */
static rg_status wrapped_pairs(found *f, size_t n, rg_contiguity kind, const rg_i_length *len,
                               rg_adjacency *adj)
{
    size_t i = 0, j, k, m;
    rg_status st;
    qsort(f, n, sizeof *f, found_cmp);
    for (; i < n; i = j) {
        double km = 0;
        int rook = 0;
        for (j = i; j < n && f[j].a == f[i].a && f[j].b == f[i].b; j++)
            rook |= f[j].hi > f[j].lo;
        if (!rook) {
            if (kind == RG_CONTIGUITY_ROOK)
                continue;
            if ((st = rg_i_adjacency_add_pair(adj, f[i].a, f[i].b, 0, 0)) != RG_OK)
                return st;
            for (k = i; k < j; k++) {
                double point[2] = {180.0, f[k].lo};
                if ((k == i || f[k].lo != f[k - 1].lo) &&
                    (st = rg_i_adjacency_add_line(adj, point, 1)) != RG_OK)
                    return st;
            }
            continue;
        }
        m = merge_stretches(f, i, j);
        for (k = i; k < i + m; k++)
            km += rg_i_length_segment_km(len, 180.0, f[k].lo, 180.0, f[k].hi);
        if ((st = rg_i_adjacency_add_pair(adj, f[i].a, f[i].b, km, 1)) != RG_OK)
            return st;
        for (k = i; k < i + m; k++) {
            double seg[4] = {180.0, f[k].lo, 180.0, f[k].hi};
            if ((st = rg_i_adjacency_add_line(adj, seg, 2)) != RG_OK)
                return st;
        }
    }
    return RG_OK;
}

/* Copies pair k of src (with its lines) to the end of dst; with lines = 0, the pair only. */
static rg_status copy_lines(rg_adjacency *dst, const rg_adjacency *src, size_t k)
{
    size_t l;
    rg_status st;
    for (l = src->line_first[k]; l < src->line_first[k + 1]; l++)
        if ((st = rg_i_adjacency_add_line(dst, src->xy + 2 * src->pt_start[l],
                                          src->pt_start[l + 1] - src->pt_start[l])) != RG_OK)
            return st;
    return RG_OK;
}

/* Both adjacencies (sorted by (a, b)) into a new one: a pair in both gets the sum of the
 * lengths, border when either side is, and the lines of its border side(s). */
static rg_status fold(const rg_adjacency *x, const rg_adjacency *y, rg_contiguity kind,
                      rg_adjacency **out)
{
    size_t i = 0, j = 0;
    rg_adjacency *adj = NULL;
    rg_status st;
    if ((st = rg_i_adjacency_new(kind, &adj)) != RG_OK ||
        (st = rg_i_adjacency_reserve(adj, x->n + y->n, x->nlines + y->nlines,
                                     x->npts + y->npts)) != RG_OK)
        goto fail;
    while (i < x->n || j < y->n) {
        int from_x = j >= y->n ||
                     (i < x->n && (x->a[i] < y->a[j] || (x->a[i] == y->a[j] && x->b[i] <= y->b[j])));
        int from_y = i >= x->n ||
                     (j < y->n && (y->a[j] < x->a[i] || (y->a[j] == x->a[i] && y->b[j] <= x->b[i])));
        if (from_x && from_y) {
            int rook = x->rook[i] || y->rook[j];
            if ((st = rg_i_adjacency_add_pair(adj, x->a[i], x->b[i], x->km[i] + y->km[j],
                                              rook)) != RG_OK ||
                ((x->rook[i] || !rook) && (st = copy_lines(adj, x, i)) != RG_OK) ||
                ((y->rook[j] || !rook) && (st = copy_lines(adj, y, j)) != RG_OK))
                goto fail;
            i++;
            j++;
        } else if (from_x) {
            if ((st = rg_i_adjacency_add_pair_ex(adj, x->a[i], x->b[i], x->km[i],
                                                 (rg_contact)x->contact[i], x->gap[i])) != RG_OK ||
                (st = copy_lines(adj, x, i)) != RG_OK)
                goto fail;
            i++;
        } else {
            if ((st = rg_i_adjacency_add_pair(adj, y->a[j], y->b[j], y->km[j], y->rook[j])) !=
                    RG_OK ||
                (st = copy_lines(adj, y, j)) != RG_OK)
                goto fail;
            j++;
        }
    }
    *out = adj;
    return RG_OK;
fail:
    rg_adjacency_free(adj);
    return st;
}

rg_status rg_i_contiguity_wrap(const rg_regions *regions, rg_contiguity kind,
                               rg_i_to_wgs84 *to_geo, rg_adjacency **adj)
{
    list east = {0}, west = {0};
    found *f = NULL;
    size_t nf = 0;
    rg_adjacency *wrapped = NULL, *both = NULL;
    rg_i_length len;
    rg_status st = RG_OK;
    if (!rg_regions_crs_is_geographic(regions))
        return RG_OK;
    if ((st = collect(regions, &east, &west)) != RG_OK || east.n == 0 || west.n == 0)
        goto cleanup;
    if ((st = match(&east, &west, &f, &nf)) != RG_OK || nf == 0)
        goto cleanup;
    rg_i_length_init(&len, 1, 1.0);
    len.to_geo = to_geo;
    if ((st = rg_i_adjacency_new(kind, &wrapped)) != RG_OK ||
        (st = wrapped_pairs(f, nf, kind, &len, wrapped)) != RG_OK ||
        (st = fold(*adj, wrapped, kind, &both)) != RG_OK)
        goto cleanup;
    rg_adjacency_free(*adj);
    *adj = both;
cleanup:
    free(east.p);
    free(west.p);
    free(f);
    rg_adjacency_free(wrapped);
    return st;
}
