/* The uniform grid of boundary segments shared by exact contiguity, tolerant contiguity and the
 * diagnostics (see grid_internal.h), and the survey of the layer that sizes it.
 *
 * The grid is two arrays (cell starts and entries), filled in two passes over the segments,
 * counting then filling, so that a cell's entries are contiguous and nothing is allocated per
 * cell. Registration and rg_i_grid_cells() walk a segment's path with the same code, so a query
 * sees exactly the cells a segment was put in. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/grid_internal.h"

/* fmax/fmin are library calls that care about NaN; coordinates here are finite (checked). */
#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))

/* The largest projected coordinate accepted: the Earth's circumference is 4e7 m, 1.3e8 ft,
 * 4e9 cm; anything beyond 1e10 is a broken vertex. */
#define RG_I_MAX_MAP 1e10

static const char *source_of(const rg_regions *regions)
{
    const char *s = rg_regions_source(regions);
    return s && *s ? s : "regions";
}

/* rg_i_grid_survey(); with proximity == 0 (a constant once inlined), next_seg, max_lat and
 * mean_extent are left out: exact contiguity needs none of them, and measuring them costs its
 * survey half again. */
static inline rg_status survey(const rg_regions *regions, size_t *region, size_t *next_seg,
                               rg_i_survey *out, const int proximity)
{
    const size_t *poly_start = rg_regions_poly_start(regions);
    const size_t *ring_start = rg_regions_ring_start(regions);
    const size_t *pt_start = rg_regions_pt_start(regions);
    const double *xy = rg_regions_xy(regions);
    size_t n = rg_regions_count(regions), npts = rg_regions_point_count(regions);
    size_t i, p, r, k, count = 0;
    int geographic = rg_regions_crs_is_geographic(regions);
    double total_length = 0, total_extent = 0, m = 0, lat = 0, *box = out->box;
    rg_status st = RG_OK;
    box[0] = box[1] = HUGE_VAL;
    box[2] = box[3] = -HUGE_VAL;
    for (k = 0; k < npts; k++)
        region[k] = RG_I_NONE; /* points outside any ring (none expected) start no segment */
    if (proximity)
        for (k = 0; k < npts; k++)
            next_seg[k] = RG_I_NONE;
    for (i = 0; i < n; i++) {
        for (p = poly_start[i]; p < poly_start[i + 1]; p++) {
            for (r = ring_start[p]; r < ring_start[p + 1]; r++) {
                size_t first = pt_start[r], end = pt_start[r + 1];
                for (k = first; k < end; k++) {
                    double x = xy[2 * k], y = xy[2 * k + 1];
                    if (!isfinite(x) || !isfinite(y)) {
                        st = rg_i_error(RG_ERR_DATA,
                                        "%s: region '%s' (record %zu): a coordinate is not a "
                                        "finite number", source_of(regions),
                                        rg_regions_id(regions, i), i + 1);
                        goto cleanup;
                    }
                    if (geographic && fabs(y) > 90.0) {
                        st = rg_i_error(RG_ERR_CRS,
                                        "%s: region '%s' (record %zu): latitude %g is outside "
                                        "[-90, 90] but the layer's crs is geographic",
                                        source_of(regions), rg_regions_id(regions, i), i + 1, y);
                        goto cleanup;
                    }
                    if (geographic ? fabs(x) > 360.0 : MAXD(fabs(x), fabs(y)) > RG_I_MAX_MAP) {
                        /* no map of the Earth goes there: a broken coordinate, refused before
                         * it stretches the grid over an absurd extent */
                        st = rg_i_error(RG_ERR_DATA,
                                        geographic ? "%s: region '%s' (record %zu): longitude %g "
                                                     "is outside [-360, 360]"
                                                   : "%s: region '%s' (record %zu): coordinate "
                                                     "%g is beyond 1e10 map units, larger than "
                                                     "any map of the Earth",
                                        source_of(regions), rg_regions_id(regions, i), i + 1,
                                        geographic || fabs(x) > RG_I_MAX_MAP ? x : y);
                        goto cleanup;
                    }
                    box[0] = MIND(box[0], x);
                    box[1] = MIND(box[1], y);
                    box[2] = MAXD(box[2], x);
                    box[3] = MAXD(box[3], y);
                    m = MAXD(m, MAXD(fabs(x), fabs(y)));
                    if (proximity)
                        lat = MAXD(lat, fabs(y));
                    if (k + 1 < end) {
                        double dx = xy[2 * k + 2] - x, dy = xy[2 * k + 3] - y;
                        region[k] = i;
                        total_length += sqrt(dx * dx + dy * dy);
                        if (proximity) {
                            next_seg[k] = k + 2 < end ? k + 1 : first;
                            total_extent += MAXD(fabs(dx), fabs(dy));
                        }
                        count++;
                    }
                }
            }
        }
    }
    out->max_abs = m;
    out->max_lat = lat;
    out->nseg = count;
    out->mean_length = count ? total_length / (double)count : 0;
    out->mean_extent = count ? total_extent / (double)count : 0;
cleanup:
    return st;
}

rg_status rg_i_grid_survey(const rg_regions *regions, size_t *region, size_t *next_seg,
                           rg_i_survey *out)
{
    return next_seg ? survey(regions, region, next_seg, out, 1)
                    : survey(regions, region, NULL, out, 0);
}

void rg_i_grid_layout(rg_i_grid *g, const double box[4], double margin_x, double margin_y,
                      size_t nseg, double mean, double min_h)
{
    double w = box[2] - box[0] + 2 * margin_x, hgt = box[3] - box[1] + 2 * margin_y;
    double limit = 4.0 * (double)nseg + 16.0, h;
    h = MAXD(mean, sqrt(w * hgt / (2.0 * (double)(nseg ? nseg : 1))));
    h = MAXD(h, min_h);
    if (!(h > 0))
        h = MAXD(MAXD(w, hgt), 1.0);
    /* The cell size and origin are offset by irrational-looking factors (sqrt(5)/2, the golden
     * ratio) so that cell boundaries do not fall on the round coordinates of gridded data, where
     * every edge would straddle two rows. */
    h *= 1.1180339887498949;
    for (;;) {
        double nx = floor(w / h) + 3, ny = floor(hgt / h) + 3;
        if (nx * ny <= limit) {
            g->nx = (size_t)nx;
            g->ny = (size_t)ny;
            break;
        }
        h *= 1.5;
    }
    g->h = h;
    g->inv_h = 1.0 / h;
    g->x0 = box[0] - margin_x - h * 0.6180339887498949;
    g->y0 = box[1] - margin_y - h * 0.6180339887498949;
}

/* A segment's path through the grid, left end first. */
typedef struct path {
    double ax, ay, bx, by, dx, dy;
    size_t c0, c1;         /* the columns it enters */
    size_t ca, ra, cb, rb; /* its ends' own cells (own_cells grids, across columns; else
                              RG_I_NONE) */
} path;

static inline void path_init(const rg_i_grid *g, double ax, double ay, double bx, double by,
                             path *pa)
{
    if (bx < ax) {
        double tx = ax, ty = ay;
        ax = bx;
        ay = by;
        bx = tx;
        by = ty;
    }
    pa->ax = ax;
    pa->ay = ay;
    pa->bx = bx;
    pa->by = by;
    pa->dx = bx - ax;
    pa->dy = by - ay;
    pa->c0 = rg_i_grid_col(g, ax - g->padx);
    pa->c1 = rg_i_grid_col(g, bx + g->padx);
    if (g->own_cells && pa->c0 != pa->c1) {
        pa->ca = rg_i_grid_col(g, ax);
        pa->cb = rg_i_grid_col(g, bx);
        pa->ra = rg_i_grid_row(g, ay);
        pa->rb = rg_i_grid_row(g, by);
    } else {
        pa->ca = pa->cb = pa->ra = pa->rb = RG_I_NONE; /* no column is RG_I_NONE */
    }
}

/* The rows r0 .. r1 the path enters in column c. */
static inline void path_rows(const rg_i_grid *g, const path *pa, size_t c, size_t *r0,
                             size_t *r1)
{
    double xl, t0, t1, y0, y1;
    if (pa->c0 == pa->c1 || !(pa->dx > 0)) {
        /* One column (most edges), or a vertical edge: its bounding box rows are exactly its
         * cells, and they hold its ends' own cells. */
        *r0 = rg_i_grid_row(g, MIND(pa->ay, pa->by) - g->pady);
        *r1 = rg_i_grid_row(g, MAXD(pa->ay, pa->by) + g->pady);
        return;
    }
    /* the stretch of the segment over the column grown by padx */
    xl = g->x0 + (double)c * g->h - g->padx;
    t0 = (xl - pa->ax) / pa->dx;
    t1 = (xl + g->h + 2 * g->padx - pa->ax) / pa->dx;
    t0 = t0 < 0 ? 0 : (t0 > 1 ? 1 : t0);
    t1 = t1 < 0 ? 0 : (t1 > 1 ? 1 : t1);
    y0 = pa->ay + t0 * pa->dy;
    y1 = pa->ay + t1 * pa->dy;
    *r0 = rg_i_grid_row(g, MIND(y0, y1) - g->pady);
    *r1 = rg_i_grid_row(g, MAXD(y0, y1) + g->pady);
    if (c == pa->ca) {
        *r0 = MIND(*r0, pa->ra);
        *r1 = MAXD(*r1, pa->ra);
    }
    if (c == pa->cb) {
        *r0 = MIND(*r0, pa->rb);
        *r1 = MAXD(*r1, pa->rb);
    }
}

#if SIZE_MAX == UINT64_MAX
/* Grids with at least this many segments are indexed by sorting (index_sorted); below it the
 * two counting passes touch memory that stays in the cache anyway. */
#define SORTED_INDEX_MIN 65536
#define SORT_DIGIT_BITS 11

/* Sorts e[0 .. n-1] by their top 32 bits, keeping the order of equal keys (least significant
 * digit first, SORT_DIGIT_BITS a pass, over the bits a cell number needs); tmp holds n. Each
 * pass reads one array front to back and writes into 2^11 sequential streams, which the cache
 * keeps, where writing each entry straight to its cell's slot missed the cache for nearly every
 * entry once the grid outgrows it. Returns the array holding the result (e or tmp). */
static uint64_t *sort_by_cell(uint64_t *e, uint64_t *tmp, size_t n, unsigned cell_bits)
{
    size_t count[(size_t)1 << SORT_DIGIT_BITS], i, d, sum;
    unsigned shift;
    for (shift = 0; shift < cell_bits; shift += SORT_DIGIT_BITS) {
        const size_t mask = ((size_t)1 << SORT_DIGIT_BITS) - 1;
        uint64_t *swap;
        memset(count, 0, sizeof count);
        for (i = 0; i < n; i++)
            count[(e[i] >> (32 + shift)) & mask]++;
        for (d = 0, sum = 0; d <= mask; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            tmp[count[(e[i] >> (32 + shift)) & mask]++] = e[i];
        swap = e;
        e = tmp;
        tmp = swap;
    }
    return e;
}

/* rg_i_grid_index() for large layers: each (cell, segment) entry is computed once, in segment
 * order, as cell << 32 | segment; a stable sort by cell then gives every cell's segments in
 * increasing order, exactly the entries of the counting passes, and the cell starts are read
 * off the sorted entries in one sequential sweep. The sorted array becomes the segment list in
 * place (a size_t is a uint64_t here). Takes a second array of the entries' size while
 * sorting. Cells and segments must be numbered in 32 bits. */
static rg_status index_sorted(rg_i_grid *g, const double *first, size_t stride, size_t n,
                              const size_t *skip)
{
    size_t ncells = g->nx * g->ny, k, c, ne = 0, cap = 0, i;
    uint64_t *e = NULL, *tmp = NULL, *sorted;
    unsigned cell_bits = 0;
    rg_status st = RG_OK;
    if (!rg_i_reserve((void **)&e, &cap, n + n / 2 + 16, sizeof *e)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < n; k++) {
        const double *p = (const double *)(const void *)((const char *)first + k * stride);
        path pa;
        if (skip && skip[k] == RG_I_NONE)
            continue;
        path_init(g, p[0], p[1], p[2], p[3], &pa);
        for (c = pa.c0; c <= pa.c1; c++) {
            size_t r, r0, r1;
            path_rows(g, &pa, c, &r0, &r1);
            if (ne + (r1 - r0 + 1) > cap &&
                !rg_i_reserve((void **)&e, &cap, ne + (r1 - r0 + 1), sizeof *e)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            for (r = r0; r <= r1; r++)
                e[ne++] = (uint64_t)(r * g->nx + c) << 32 | (uint64_t)k;
        }
    }
    while (cell_bits < 32 && (ncells - 1) >> cell_bits)
        cell_bits++;
    if (!(tmp = rg_i_malloc_array(ne, sizeof *tmp)) ||
        !(g->start = rg_i_calloc_array(ncells + 1, sizeof *g->start))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    sorted = sort_by_cell(e, tmp, ne, cell_bits);
    if (sorted == tmp) {
        tmp = e;
        e = sorted;
    }
    free(tmp);
    tmp = NULL;
    for (i = 0; i < ne; i++)
        g->start[(size_t)(e[i] >> 32) + 1]++;
    for (c = 0; c < ncells; c++)
        g->start[c + 1] += g->start[c];
    for (i = 0; i < ne; i++)
        e[i] &= UINT32_MAX; /* the segment number, now read as a size_t */
    g->seg = (size_t *)(void *)e;
    e = NULL;
cleanup:
    free(e);
    free(tmp);
    return st;
}
#endif

rg_status rg_i_grid_index(rg_i_grid *g, const double *first, size_t stride, size_t n,
                          const size_t *skip)
{
    size_t ncells = g->nx * g->ny, k, c;
    int fill;
    rg_status st = RG_OK;
#if SIZE_MAX == UINT64_MAX
    if (n >= SORTED_INDEX_MIN && ncells <= UINT32_MAX && n <= UINT32_MAX)
        return index_sorted(g, first, stride, n, skip);
#endif
    if (!(g->start = rg_i_calloc_array(ncells + 1, sizeof *g->start))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (fill = 0; fill < 2; fill++) {
        if (fill) {
            for (c = 0; c < ncells; c++)
                g->start[c + 1] += g->start[c];
            if (!(g->seg = rg_i_malloc_array(g->start[ncells], sizeof *g->seg))) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
        }
        for (k = 0; k < n; k++) {
            const double *p = (const double *)(const void *)((const char *)first + k * stride);
            path pa;
            if (skip && skip[k] == RG_I_NONE)
                continue;
            path_init(g, p[0], p[1], p[2], p[3], &pa);
            for (c = pa.c0; c <= pa.c1; c++) {
                size_t r, r0, r1;
                path_rows(g, &pa, c, &r0, &r1);
                for (r = r0; r <= r1; r++) {
                    size_t cell = r * g->nx + c;
                    if (fill)
                        g->seg[g->start[cell]++] = k;
                    else
                        g->start[cell + 1]++;
                }
            }
        }
    }
    /* The fill advanced each cell's start to the next cell's start: shift back. */
    for (c = ncells; c > 0; c--)
        g->start[c] = g->start[c - 1];
    g->start[0] = 0;
cleanup:
    return st;
}

size_t rg_i_grid_cells(const rg_i_grid *g, double ax, double ay, double bx, double by,
                       size_t **cells, size_t *cap)
{
    path pa;
    size_t c, n = 0;
    path_init(g, ax, ay, bx, by, &pa);
    for (c = pa.c0; c <= pa.c1; c++) {
        size_t r, r0, r1;
        path_rows(g, &pa, c, &r0, &r1);
        if (n + (r1 - r0 + 1) > *cap &&
            !rg_i_reserve((void **)cells, cap, n + (r1 - r0 + 1), sizeof **cells))
            return 0;
        for (r = r0; r <= r1; r++)
            (*cells)[n++] = r * g->nx + c;
    }
    return n;
}

void rg_i_grid_release(rg_i_grid *g)
{
    free(g->start);
    free(g->seg);
    g->start = g->seg = NULL;
}
