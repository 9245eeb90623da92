/* Exact contiguity's vertex probing: each vertex against the segments of its grid cell, for
 * points on another region's boundary and stretches shared with it (see contiguity.c).
 *
 * Tolerance: a point is on a segment when its distance to the segment's line is within a few
 * ulps of the coordinates involved (RG_I_RELATIVE_TOLERANCE times their largest magnitude).
 * That absorbs the rounding of a vertex placed on another region's edge, and nothing more.
 *
 * Threads: the grid's rows are cut into as many bands as there are workers (RG_THREADS=N asks for
 * N, else one per online processor; at most MAX_WORKERS; RG_THREADS=1 keeps everything in the
 * calling thread), of about equal numbers of entries. Each band is scanned into its own records, and the bands' records
 * are joined in row order, so the records, and everything built from them, are exactly those of
 * a scan in one thread.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/threads_internal.h"
#include "geom/contiguity_internal.h"

#define NONE RG_I_NONE

/* A cell holding more segments than this is split by a finer grid of its own (at most
 * MAX_SPLIT_DEPTH times): past it the all-against-all scan of a cell costs more than the split. */
#define DENSE_BLOCK 128
#define MAX_SPLIT_DEPTH 6

/* At most this many threads scan; below THREAD_ENTRIES grid entries (about 2/3 as many
 * segments) one thread does it all (a thread costs tens of microseconds, the scan of that many
 * entries a few milliseconds). */
#define MAX_WORKERS 8
/* How many cells ahead of the scan the points of a cell are prefetched. */
#define PREFETCH_CELLS 4
#define THREAD_ENTRIES 30000

/* fmax/fmin are library calls that care about NaN; coordinates here are finite (checked). */
#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))

typedef rg_i_exact builder;
typedef rg_i_contact contact;

/* A segment with what the predicates need close at hand: the cell's segments are loaded once
 * into an array of these, so the scan of each vertex reads contiguous memory. */
typedef struct rg_i_seg_info {
    size_t seg, region;
    double x0, y0, x1, y1;     /* in this order: the grid reads a segment from &x0 */
    double len2;               /* squared length */
    double mag;                /* largest coordinate magnitude of its ends (sets the tolerance) */
    double bx0, by0, bx1, by1; /* bounding box grown by the point-test margin */
    int starts_here;           /* its first point lies in this cell: that vertex is scanned here */
    int degenerate;            /* zero length (a repeated point) */
} seg_info;

/* What one vertex learnt about one other region. */
typedef struct rg_i_vertex_contact {
    size_t region;
    int touches;   /* the vertex lies on that region's boundary */
    int at_vertex; /* ... at one of its vertices, which will see the contact too */
    int stretch;   /* a segment ending at the vertex runs along that region's boundary */
} vertex_contact;

/* One band of rows and what its scan has found; the builder is only read (the calling thread's
 * worker also reports progress through it). */
typedef struct worker {
    builder *bd;
    size_t row0, row1;
    int reports;           /* the calling thread's worker: reports progress */
    contact *rec;
    size_t nrec, rec_cap;
    seg_info *local;       /* the current cell's segments */
    size_t local_cap;
    vertex_contact *vc;
    size_t vc_cap;
    rg_status st;
    char msg[512];         /* the error message of a failure in another thread */
} worker;

static void seg_load(seg_info *s, const double *xy, size_t k, size_t region, double box_pad)
{
    double dx, dy;
    s->seg = k;
    s->region = region;
    s->x0 = xy[2 * k];
    s->y0 = xy[2 * k + 1];
    s->x1 = xy[2 * k + 2];
    s->y1 = xy[2 * k + 3];
    dx = s->x1 - s->x0;
    dy = s->y1 - s->y0;
    s->len2 = dx * dx + dy * dy;
    s->mag = MAXD(MAXD(fabs(s->x0), fabs(s->y0)), MAXD(fabs(s->x1), fabs(s->y1)));
    s->bx0 = MIND(s->x0, s->x1) - box_pad;
    s->bx1 = MAXD(s->x0, s->x1) + box_pad;
    s->by0 = MIND(s->y0, s->y1) - box_pad;
    s->by1 = MAXD(s->y0, s->y1) + box_pad;
    s->degenerate = dx == 0 && dy == 0;
    s->starts_here = 0;
}

/* Whether point v (of magnitude vmag) lies on segment t; *at_vertex tells whether it is (within
 * tolerance) one of the segment's ends. */
static int point_on_segment(const double *v, double vmag, const seg_info *t, int *at_vertex)
{
    double tol = RG_I_RELATIVE_TOLERANCE * MAXD(vmag, t->mag), tol2 = tol * tol;
    double ux = t->x1 - t->x0, uy = t->y1 - t->y0;
    double wx = v[0] - t->x0, wy = v[1] - t->y0, ex = v[0] - t->x1, ey = v[1] - t->y1;
    double cross, along, slack;
    *at_vertex = 0;
    if ((wx == 0 && wy == 0) || (ex == 0 && ey == 0)) {
        *at_vertex = 1;
        return 1;
    }
    cross = ux * wy - uy * wx;
    if (cross * cross > tol2 * t->len2)
        return 0;
    along = ux * wx + uy * wy;
    slack = tol * sqrt(t->len2);
    if (along < -slack || along > t->len2 + slack)
        return 0;
    if (wx * wx + wy * wy <= tol2 || ex * ex + ey * ey <= tol2)
        *at_vertex = 1;
    return 1;
}

/* Whether segments s and t (of different regions) are collinear and overlap over a positive
 * length. If so, *start and *end are the point indices of the overlap's ends, and *start_seg
 * and *start_end say which segment end the start is (end 0 = point seg, end 1 = point seg + 1).
 * The result is the same whichever order s and t are given in: everything is measured along the
 * longer segment (ties: the lower region's), so both sides of a border agree on which vertex
 * reports the overlap. */
static int collinear_overlap(const seg_info *s, const seg_info *t, size_t *start, size_t *end,
                             size_t *start_seg, int *start_end)
{
    const seg_info *l, *sh;
    double tol, tol2, ux, uy, cc, cd, tc, td, tmin, tmax, lo, hi;
    if (s->len2 > t->len2 || (s->len2 == t->len2 && s->region < t->region)) {
        l = s;
        sh = t;
    } else {
        l = t;
        sh = s;
    }
    tol = RG_I_RELATIVE_TOLERANCE * MAXD(l->mag, sh->mag);
    tol2 = tol * tol;
    ux = l->x1 - l->x0;
    uy = l->y1 - l->y0;
    cc = ux * (sh->y0 - l->y0) - uy * (sh->x0 - l->x0);
    if (cc * cc > tol2 * l->len2)
        return 0;
    cd = ux * (sh->y1 - l->y0) - uy * (sh->x1 - l->x0);
    if (cd * cd > tol2 * l->len2)
        return 0;
    /* Positions along the longer segment, in units of its length times distance. */
    tc = ux * (sh->x0 - l->x0) + uy * (sh->y0 - l->y0);
    td = ux * (sh->x1 - l->x0) + uy * (sh->y1 - l->y0);
    tmin = MIND(tc, td);
    tmax = MAXD(tc, td);
    lo = MAXD(0.0, tmin);
    hi = MIND(l->len2, tmax);
    /* positive length: (hi - lo) / |l| > tol */
    if (!(hi > lo) || (hi - lo) * (hi - lo) <= tol2 * l->len2)
        return 0;
    if (tmin > 0) {
        *start_seg = sh->seg;
        *start_end = tc <= td ? 0 : 1;
    } else {
        *start_seg = l->seg;
        *start_end = 0;
    }
    *start = *start_seg + (size_t)*start_end;
    if (tmax < l->len2)
        *end = sh->seg + (tc <= td ? 1 : 0);
    else
        *end = l->seg + 1;
    return 1;
}

static rg_status push_contact(worker *w, size_t r, size_t s, size_t p, size_t q)
{
    contact *c;
    if (!rg_i_reserve((void **)&w->rec, &w->rec_cap, w->nrec + 1, sizeof *w->rec))
        return RG_I_NOMEM();
    c = &w->rec[w->nrec++];
    c->a = r < s ? r : s;
    c->b = r < s ? s : r;
    c->p = p;
    c->q = q;
    return RG_OK;
}

/* The segment that ends at vertex k: the one before it, or for a ring's first vertex the ring's
 * last segment, the one before the ring's closing point (the first point from k on that starts
 * no segment). Walking forward reads the ring's entries in order, once per ring, where bisecting
 * the ring starts took a cache miss at every step when the records are in random spatial order.
 * O(ring length) for a ring's first vertex, O(1) for the others. */
static size_t previous_segment(const builder *bd, size_t k)
{
    size_t j = k + 1;
    if (k > 0 && bd->region[k - 1] != NONE)
        return k - 1;
    while (bd->region[j] != NONE)
        j++;
    return j - 1;
}

static vertex_contact *vertex_contact_of(worker *w, size_t *nvc, size_t region)
{
    size_t i;
    for (i = 0; i < *nvc; i++)
        if (w->vc[i].region == region)
            return &w->vc[i];
    if (!rg_i_reserve((void **)&w->vc, &w->vc_cap, *nvc + 1, sizeof *w->vc))
        return NULL;
    w->vc[*nvc].region = region;
    w->vc[*nvc].touches = w->vc[*nvc].at_vertex = w->vc[*nvc].stretch = 0;
    return &w->vc[(*nvc)++];
}

/* Scans the vertex that starts cell segment li against the other segments of the cell. */
static rg_status scan_vertex(worker *w, size_t nlocal, const seg_info *segs,
                             const seg_info *li)
{
    const builder *bd = w->bd;
    const double v[2] = {li->x0, li->y0};
    double vmag = MAXD(fabs(v[0]), fabs(v[1]));
    size_t k = li->seg, r = li->region, j, nvc = 0;
    seg_info prev;
    const seg_info *incident[2];
    int role[2], e;
    rg_status st = RG_OK;
    /* the two segments that end at v: the one arriving (v is its end 1), the one leaving (end 0) */
    seg_load(&prev, bd->xy, previous_segment(bd, k), r, bd->box_pad);
    incident[0] = &prev;
    role[0] = 1;
    incident[1] = li;
    role[1] = 0;
    for (j = 0; j < nlocal; j++) {
        const seg_info *lj = &segs[j];
        vertex_contact *vc;
        int on, at_vertex, stretch = 0;
        if (lj->region == r || lj->degenerate || v[0] < lj->bx0 || v[0] > lj->bx1 ||
            v[1] < lj->by0 || v[1] > lj->by1)
            continue;
        on = point_on_segment(v, vmag, lj, &at_vertex);
        for (e = 0; e < 2; e++) {
            size_t p, q, start_seg;
            int start_end;
            if (incident[e]->degenerate ||
                !collinear_overlap(incident[e], lj, &p, &q, &start_seg, &start_end))
                continue;
            stretch = 1;
            if (start_seg == incident[e]->seg && start_end == role[e] &&
                (st = push_contact(w, r, lj->region, p, q)) != RG_OK)
                goto cleanup;
        }
        if ((!on && !stretch) || bd->kind == RG_CONTIGUITY_ROOK)
            continue; /* rook contiguity has no use for touching points */
        if (!(vc = vertex_contact_of(w, &nvc, lj->region))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        vc->touches |= on;
        vc->at_vertex |= at_vertex;
        vc->stretch |= stretch;
    }
    /* A touching point is kept only where it may be the pair's sole contact (no stretch seen
     * here), and once: the lower region reports it, unless the other has no vertex there and
     * so cannot see it. */
    for (j = 0; j < nvc; j++) {
        const vertex_contact *c = &w->vc[j];
        if (c->touches && !c->stretch && (r < c->region || !c->at_vertex) &&
            (st = push_contact(w, r, c->region, k, NONE)) != RG_OK)
            goto cleanup;
    }
cleanup:
    return st;
}

/* Scans the vertices of a block of the plane: segs[0 .. n-1] are the segments that pass through
 * it, and those flagged starts_here start at a vertex inside it. A block far denser than the
 * grid was sized for (a detailed coastline in a sparse layer, a small region drawn with many
 * vertices) is split by a finer grid of its own, recursively, so a vertex is still compared
 * with O(1) segments on average. Where splitting does not thin the block out (many edges
 * through one point, long edges crossing it) it is scanned as it is. */
static rg_status scan_block(worker *w, seg_info *segs, size_t n, double bx0, double by0,
                            double bh, int depth)
{
    rg_i_grid sub;
    seg_info *part = NULL;
    size_t i, k, cx, cy, most = 0;
    rg_status st = RG_OK;
    memset(&sub, 0, sizeof sub);
    if (n > DENSE_BLOCK && depth < MAX_SPLIT_DEPTH) {
        k = (size_t)ceil(sqrt((double)n / 16.0));
        k = k < 2 ? 2 : (k > 256 ? 256 : k);
        sub.x0 = bx0;
        sub.y0 = by0;
        sub.h = bh / (double)k;
        sub.inv_h = (double)k / bh;
        sub.nx = sub.ny = k;
        sub.padx = sub.pady = w->bd->g.padx;
        sub.own_cells = 1;
        if ((st = rg_i_grid_index(&sub, &segs[0].x0, sizeof *segs, n, NULL)) != RG_OK)
            goto cleanup;
        if (sub.start[k * k] > 3 * n) {
            /* the edges straddle many sub-blocks: splitting would not help */
            rg_i_grid_release(&sub);
        }
    }
    if (!sub.start) {
        for (i = 0; i < n; i++)
            if (segs[i].starts_here && (st = scan_vertex(w, n, segs, &segs[i])) != RG_OK)
                goto cleanup;
        goto cleanup;
    }
    for (i = 0; i < k * k; i++)
        most = MAXD(most, sub.start[i + 1] - sub.start[i]);
    if (!(part = rg_i_malloc_array(most, sizeof *part))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (cy = 0; cy < k; cy++) {
        for (cx = 0; cx < k; cx++) {
            size_t cell = cy * k + cx, first = sub.start[cell], m = sub.start[cell + 1] - first;
            int any = 0;
            if (m < 2)
                continue;
            for (i = 0; i < m; i++) {
                part[i] = segs[sub.seg[first + i]];
                part[i].starts_here = part[i].starts_here && rg_i_grid_col(&sub, part[i].x0) == cx &&
                                      rg_i_grid_row(&sub, part[i].y0) == cy;
                any |= part[i].starts_here;
            }
            if (any && (st = scan_block(w, part, m, sub.x0 + (double)cx * sub.h,
                                        sub.y0 + (double)cy * sub.h, sub.h, depth + 1)) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    free(part);
    rg_i_grid_release(&sub);
    return st;
}

/* Scans the rows w->row0 .. w->row1 - 1 of the grid into w->rec. Frees its scratch. */
static rg_status scan_rows(worker *w)
{
    builder *bd = w->bd;
    const rg_i_grid *g = &bd->g;
    size_t cx, cy, i;
    rg_status st = RG_OK;
    for (cy = w->row0; cy < w->row1; cy++) {
        if (w->reports)
            rg_i_exact_progress(bd, RG_I_PROGRESS_SCAN_END * (double)(cy - w->row0) /
                                        (double)(w->row1 - w->row0));
        for (cx = 0; cx < g->nx; cx++) {
            size_t cell = cy * g->nx + cx, first = g->start[cell], n = g->start[cell + 1] - first;
            size_t ahead = cell + PREFETCH_CELLS < g->nx * g->ny ? cell + PREFETCH_CELLS : cell;
            /* The segments are numbered in file order, which on a large layer is far from the
             * grid's: ask for a cell's points and regions a few cells before they are read. */
            for (i = g->start[ahead]; i < g->start[ahead + 1]; i++) {
                RG_I_PREFETCH(bd->xy + 2 * g->seg[i]);
                RG_I_PREFETCH(bd->region + g->seg[i]);
            }
            if (n < 2)
                continue; /* a lone segment has nothing to meet */
            if (!rg_i_reserve((void **)&w->local, &w->local_cap, n, sizeof *w->local)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            for (i = 0; i < n; i++) {
                seg_info *l = &w->local[i];
                size_t k = g->seg[first + i];
                seg_load(l, bd->xy, k, bd->region[k], bd->box_pad);
                l->starts_here = rg_i_grid_col(g, l->x0) == cx && rg_i_grid_row(g, l->y0) == cy;
            }
            if ((st = scan_block(w, w->local, n, g->x0 + (double)cx * g->h,
                                 g->y0 + (double)cy * g->h, g->h, 0)) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    free(w->local);
    free(w->vc);
    w->local = NULL;
    w->vc = NULL;
    w->local_cap = w->vc_cap = 0;
    return st;
}

static void *scan_thread(void *arg)
{
    worker *w = arg;
    if ((w->st = scan_rows(w)) != RG_OK)
        snprintf(w->msg, sizeof w->msg, "%s", rg_last_error());
    return NULL;
}

/* How many workers scan a grid of entries entries: RG_THREADS (a whole number from 1) when set,
 * else one per online processor; at most MAX_WORKERS, and one when the layer is small. */
static size_t worker_count(size_t entries)
{
    long n = (long)rg_i_threads_setting();
    if (entries < THREAD_ENTRIES)
        return 1;
    if (n == 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > MAX_WORKERS ? MAX_WORKERS : (size_t)n;
}

rg_status rg_i_exact_scan(builder *bd)
{
    const rg_i_grid *g = &bd->g;
    worker w[MAX_WORKERS];
    pthread_t thread[MAX_WORKERS];
    int started[MAX_WORKERS];
    size_t total = g->start[g->nx * g->ny], nw = worker_count(total);
    size_t i, row = 0;
    rg_status st = RG_OK;
    memset(w, 0, sizeof w);
    memset(started, 0, sizeof started);
    /* bands of about total / nw entries each, cut at row boundaries */
    for (i = 0; i < nw; i++) {
        w[i].bd = bd;
        w[i].row0 = row;
        if (i + 1 == nw) {
            row = g->ny;
        } else {
            size_t goal = total / nw * (i + 1);
            while (row < g->ny && g->start[row * g->nx] < goal)
                row++;
        }
        w[i].row1 = row;
    }
    /* the calling thread's worker writes straight into the builder's records */
    w[0].reports = 1;
    w[0].rec = bd->rec;
    w[0].nrec = bd->nrec;
    w[0].rec_cap = bd->rec_cap;
    bd->rec = NULL;
    for (i = 1; i < nw; i++) {
        if (!rg_i_reserve((void **)&w[i].rec, &w[i].rec_cap, w[0].rec_cap / nw + 16,
                          sizeof *w[i].rec)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        started[i] = pthread_create(&thread[i], NULL, scan_thread, &w[i]) == 0;
    }
    st = scan_rows(&w[0]);
    for (i = 1; i < nw; i++) {
        if (started[i]) {
            pthread_join(thread[i], NULL);
            started[i] = 0;
            if (st == RG_OK && w[i].st != RG_OK)
                st = rg_i_error(w[i].st, "%s", w[i].msg);
        } else if (st == RG_OK) {
            st = scan_rows(&w[i]); /* no thread to be had: scan the band here */
        }
        if (st != RG_OK)
            goto cleanup;
        if (!rg_i_reserve((void **)&w[0].rec, &w[0].rec_cap, w[0].nrec + w[i].nrec,
                          sizeof *w[0].rec)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        if (w[i].nrec)
            memcpy(w[0].rec + w[0].nrec, w[i].rec, w[i].nrec * sizeof *w[0].rec);
        w[0].nrec += w[i].nrec;
        free(w[i].rec);
        w[i].rec = NULL;
    }
cleanup:
    for (i = 1; i < nw; i++) {
        if (started[i])
            pthread_join(thread[i], NULL);
        free(w[i].rec);
    }
    bd->rec = w[0].rec;
    bd->nrec = w[0].nrec;
    bd->rec_cap = w[0].rec_cap;
    return st;
}
