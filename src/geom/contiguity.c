/* Exact queen/rook contiguity with shared border lengths and lines.
 *
 * Every segment of every ring goes into a uniform grid. Each vertex v of a region R is then
 * compared with the segments of other regions in v's own cell only:
 *  - v on a segment of region S (at its end or inside it) is a point contact of R and S;
 *  - a segment of R ending at v that is collinear with a segment of S and overlaps it over a
 *    positive length is a shared stretch.
 * Two overlapping collinear segments always have an end of one inside the other, and that end is
 * a vertex of its region whose cell holds the other segment, so scanning every vertex finds every
 * overlap. Each overlap is found from up to four vertices; it is recorded only from the one
 * vertex that is the start of the overlap (a rule both sides evaluate identically), so nothing is
 * counted twice and no (segment, segment) set is needed. Records are bucketed by region, and
 * each pair's stretches are summed and chained into polylines by hashing their end points.
 * A cell much denser than the grid was sized for is split by a finer grid of its own.
 *
 * Memory: the layer's points are not copied; the grid holds one or two entries per segment,
 * and the records one per shared edge piece or touching point, so everything is O(V).
 *
 * Tolerance: a point is on a segment when its distance to the segment's line is within a few
 * ulps of the coordinates involved (RELATIVE_TOLERANCE times their largest magnitude). That
 * absorbs the rounding of a vertex placed on another region's edge, and nothing more.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"
#include "geom/grid_internal.h"
#include "geom/snap_internal.h"
#include "geom/length_internal.h"
#include "regiongraph/contiguity.h"

#define NONE RG_I_NONE

/* A cell holding more segments than this is split by a finer grid of its own (at most
 * MAX_SPLIT_DEPTH times): past it the all-against-all scan of a cell costs more than the split. */
#define DENSE_BLOCK 128
#define MAX_SPLIT_DEPTH 6

/* 16 ulps of the largest coordinate involved: the rounding of a vertex put on another edge is
 * about one ulp, and computing the cross product adds a few more. */
#define RELATIVE_TOLERANCE (16.0 * DBL_EPSILON)

/* A contact found while scanning: a shared stretch from point p to point q (indices into the
 * layer's xy; both are original vertices), or a touching point p (q == NONE). a < b. */
typedef struct contact {
    size_t a, b, p, q;
} contact;

/* A segment with what the predicates need close at hand: the cell's segments are loaded once
 * into an array of these, so the scan of each vertex reads contiguous memory. */
typedef struct seg_info {
    size_t seg, region;
    double x0, y0, x1, y1;     /* in this order: the grid reads a segment from &x0 */
    double len2;               /* squared length */
    double mag;                /* largest coordinate magnitude of its ends (sets the tolerance) */
    double bx0, by0, bx1, by1; /* bounding box grown by the point-test margin */
    int starts_here;           /* its first point lies in this cell: that vertex is scanned here */
    int degenerate;            /* zero length (a repeated point) */
} seg_info;

/* What one vertex learnt about one other region. */
typedef struct vertex_contact {
    size_t region;
    int touches;   /* the vertex lies on that region's boundary */
    int at_vertex; /* ... at one of its vertices, which will see the contact too */
    int stretch;   /* a segment ending at the vertex runs along that region's boundary */
} vertex_contact;

typedef struct builder {
    const rg_regions *regions;
    const double *xy;
    const size_t *ring_pt_start;
    size_t nring;
    size_t *region;      /* per point: region of the segment it starts; NONE for closing points */
    double box_pad;      /* margin of the quick bounding-box rejection */
    rg_contiguity kind;
    rg_i_grid g;
    contact *rec;
    size_t nrec, rec_cap;
    seg_info *local;
    size_t local_cap;
    vertex_contact *vc;
    size_t vc_cap;
    rg_fraction_fn progress; /* NULL: nobody listens */
    void *progress_data;
    unsigned progress_step;  /* last step reported, of PROGRESS_STEPS */
} builder;

/* Progress is reported at most this many times over the build: the scan of the grid's rows
 * takes the first part of the range, the emission of the pairs the rest. */
#define PROGRESS_STEPS 100
#define PROGRESS_SCAN_END 0.6

/* Reports fraction f (0..1) when it has moved a whole step past the last report. */
static void progress_report(builder *bd, double f)
{
    unsigned step = (unsigned)(f * PROGRESS_STEPS);
    if (!bd->progress || step <= bd->progress_step)
        return;
    bd->progress_step = step;
    bd->progress(f, bd->progress_data);
}

/* fmax/fmin are library calls that care about NaN; coordinates here are finite (checked). */
#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))

static int point_equal(const double *p, const double *q)
{
    return p[0] == q[0] && p[1] == q[1];
}

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
    double tol = RELATIVE_TOLERANCE * MAXD(vmag, t->mag), tol2 = tol * tol;
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
    tol = RELATIVE_TOLERANCE * MAXD(l->mag, sh->mag);
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

/* --- scanning ---------------------------------------------------------------------------- */

static rg_status push_contact(builder *bd, size_t r, size_t s, size_t p, size_t q)
{
    contact *c;
    if (!rg_i_reserve((void **)&bd->rec, &bd->rec_cap, bd->nrec + 1, sizeof *bd->rec))
        return RG_I_NOMEM();
    c = &bd->rec[bd->nrec++];
    c->a = r < s ? r : s;
    c->b = r < s ? s : r;
    c->p = p;
    c->q = q;
    return RG_OK;
}

/* The segment that ends at vertex k: the one before it, or for a ring's first vertex the ring's
 * last segment (found by bisecting the ring starts; once per ring). */
static size_t previous_segment(const builder *bd, size_t k)
{
    size_t lo = 0, hi = bd->nring;
    if (k > 0 && bd->region[k - 1] != NONE)
        return k - 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (bd->ring_pt_start[mid] <= k)
            lo = mid;
        else
            hi = mid;
    }
    return bd->ring_pt_start[lo + 1] - 2;
}

static vertex_contact *vertex_contact_of(builder *bd, size_t *nvc, size_t region)
{
    size_t i;
    for (i = 0; i < *nvc; i++)
        if (bd->vc[i].region == region)
            return &bd->vc[i];
    if (!rg_i_reserve((void **)&bd->vc, &bd->vc_cap, *nvc + 1, sizeof *bd->vc))
        return NULL;
    bd->vc[*nvc].region = region;
    bd->vc[*nvc].touches = bd->vc[*nvc].at_vertex = bd->vc[*nvc].stretch = 0;
    return &bd->vc[(*nvc)++];
}

/* Scans the vertex that starts cell segment li against the other segments of the cell. */
static rg_status scan_vertex(builder *bd, size_t nlocal, const seg_info *segs,
                             const seg_info *li)
{
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
                (st = push_contact(bd, r, lj->region, p, q)) != RG_OK)
                goto cleanup;
        }
        if ((!on && !stretch) || bd->kind == RG_CONTIGUITY_ROOK)
            continue; /* rook contiguity has no use for touching points */
        if (!(vc = vertex_contact_of(bd, &nvc, lj->region))) {
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
        const vertex_contact *c = &bd->vc[j];
        if (c->touches && !c->stretch && (r < c->region || !c->at_vertex) &&
            (st = push_contact(bd, r, c->region, k, NONE)) != RG_OK)
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
static rg_status scan_block(builder *bd, seg_info *segs, size_t n, double bx0, double by0,
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
        sub.padx = sub.pady = bd->g.padx;
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
            if (segs[i].starts_here && (st = scan_vertex(bd, n, segs, &segs[i])) != RG_OK)
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
            if (any && (st = scan_block(bd, part, m, sub.x0 + (double)cx * sub.h,
                                        sub.y0 + (double)cy * sub.h, sub.h, depth + 1)) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    free(part);
    rg_i_grid_release(&sub);
    return st;
}

static rg_status scan_cells(builder *bd)
{
    const rg_i_grid *g = &bd->g;
    size_t cx, cy, i;
    rg_status st = RG_OK;
    for (cy = 0; cy < g->ny; cy++) {
        progress_report(bd, PROGRESS_SCAN_END * (double)cy / (double)g->ny);
        for (cx = 0; cx < g->nx; cx++) {
            size_t cell = cy * g->nx + cx, first = g->start[cell], n = g->start[cell + 1] - first;
            if (n < 2)
                continue; /* a lone segment has nothing to meet */
            if (!rg_i_reserve((void **)&bd->local, &bd->local_cap, n, sizeof *bd->local)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            for (i = 0; i < n; i++) {
                seg_info *l = &bd->local[i];
                size_t k = g->seg[first + i];
                seg_load(l, bd->xy, k, bd->region[k], bd->box_pad);
                l->starts_here = rg_i_grid_col(g, l->x0) == cx && rg_i_grid_row(g, l->y0) == cy;
            }
            if ((st = scan_block(bd, bd->local, n, g->x0 + (double)cx * g->h,
                                 g->y0 + (double)cy * g->h, g->h, 0)) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    return st;
}

/* --- grouping and output ----------------------------------------------------------------- */

/* Permutes the records in place so that they are grouped by region a in increasing order
 * (American flag sort: one counting pass, then each record moved at most once). first gets
 * n + 1 entries: records of region a are first[a] .. first[a+1]-1. O(records + n). */
static rg_status bucket_by_region(builder *bd, size_t n, size_t **first_out)
{
    size_t *first = NULL, *next = NULL, i, a;
    rg_status st = RG_OK;
    *first_out = NULL;
    if (!(first = rg_i_calloc_array(n + 1, sizeof *first)) ||
        !(next = rg_i_malloc_array(n + 1, sizeof *next))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < bd->nrec; i++)
        first[bd->rec[i].a + 1]++;
    for (a = 0; a < n; a++)
        first[a + 1] += first[a];
    memcpy(next, first, (n + 1) * sizeof *next);
    for (a = 0; a < n; a++) {
        while (next[a] < first[a + 1]) {
            contact c = bd->rec[next[a]];
            while (c.a != a) {
                contact t = bd->rec[next[c.a]];
                bd->rec[next[c.a]++] = c;
                c = t;
            }
            bd->rec[next[a]++] = c;
        }
    }
    *first_out = first;
    first = NULL;
cleanup:
    free(first);
    free(next);
    return st;
}

static int compare_contacts(const void *x, const void *y)
{
    const contact *c = x, *d = y;
    if (c->b != d->b)
        return c->b < d->b ? -1 : 1;
    if ((c->q == NONE) != (d->q == NONE))
        return c->q == NONE ? 1 : -1; /* stretches first */
    if (c->p != d->p)
        return c->p < d->p ? -1 : 1;
    if (c->q != d->q)
        return c->q < d->q ? -1 : 1;
    return 0;
}

static int compare_points(const void *x, const void *y)
{
    const double *p = x, *q = y;
    if (p[0] != q[0])
        return p[0] < q[0] ? -1 : 1;
    if (p[1] != q[1])
        return p[1] < q[1] ? -1 : 1;
    return 0;
}

/* Scratch space reused by every pair while chaining its stretches. */
typedef struct chainer {
    size_t *slot;   /* hash table of nodes (by exact coordinates) */
    size_t slot_cap;
    size_t *node_pt;   /* node -> a point index with its coordinates */
    size_t node_cap;
    size_t *deg;       /* node -> number of stretch ends there */
    size_t deg_cap;
    size_t *inc_start; /* node -> its stretches are inc[inc_start[u] .. inc_start[u+1]-1] */
    size_t inc_start_cap;
    size_t *inc;
    size_t inc_cap;
    size_t *ends;      /* 2 per stretch: node ids */
    size_t ends_cap;
    unsigned char *used;
    size_t used_cap;
    double *line;    /* the polyline being built */
    size_t line_cap;
} chainer;

static void chainer_release(chainer *ch)
{
    free(ch->slot);
    free(ch->node_pt);
    free(ch->deg);
    free(ch->inc_start);
    free(ch->inc);
    free(ch->ends);
    free(ch->used);
    free(ch->line);
}

static size_t hash_point(const double *p)
{
    uint64_t x, y, h;
    /* -0.0 and 0.0 are the same place */
    double px = p[0] == 0 ? 0.0 : p[0], py = p[1] == 0 ? 0.0 : p[1];
    memcpy(&x, &px, sizeof x);
    memcpy(&y, &py, sizeof y);
    h = x * 0x9E3779B97F4A7C15ULL ^ (y + 0x632BE59BD9B4E019ULL + (x << 6) + (x >> 2));
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    return (size_t)h;
}

static rg_status line_push(chainer *ch, size_t *npts, const double *p)
{
    if (!rg_i_reserve((void **)&ch->line, &ch->line_cap, 2 * (*npts + 1), sizeof *ch->line))
        return RG_I_NOMEM();
    ch->line[2 * *npts] = p[0];
    ch->line[2 * *npts + 1] = p[1];
    (*npts)++;
    return RG_OK;
}

/* Follows stretches from node u along unused stretch e through nodes of degree 2, and adds the
 * polyline to the adjacency. */
static rg_status walk(chainer *ch, const double *xy, rg_adjacency *adj, size_t u, size_t e)
{
    size_t npts = 0, cur = u;
    rg_status st;
    if ((st = line_push(ch, &npts, xy + 2 * ch->node_pt[u])) != RG_OK)
        goto cleanup;
    for (;;) {
        size_t w, i, next = NONE;
        ch->used[e] = 1;
        w = ch->ends[2 * e] == cur ? ch->ends[2 * e + 1] : ch->ends[2 * e];
        if ((st = line_push(ch, &npts, xy + 2 * ch->node_pt[w])) != RG_OK)
            goto cleanup;
        if (ch->deg[w] != 2)
            break;
        for (i = ch->inc_start[w]; i < ch->inc_start[w + 1]; i++)
            if (!ch->used[ch->inc[i]]) {
                next = ch->inc[i];
                break;
            }
        if (next == NONE)
            break; /* back at the start of a closed loop */
        cur = w;
        e = next;
    }
    st = rg_i_adjacency_add_line(adj, ch->line, npts);
cleanup:
    return st;
}

/* Chains the stretches c[0 .. m-1] of one pair into maximal polylines: lines run between nodes
 * whose degree is not 2 (ends, branchings), and what remains are closed loops. O(m). */
static rg_status chain_stretches(chainer *ch, const double *xy, const contact *c, size_t m,
                                 rg_adjacency *adj)
{
    size_t tsize = 16, nnodes = 0, i, u;
    rg_status st = RG_OK;
    while (tsize < 4 * m)
        tsize *= 2;
    if (!rg_i_reserve((void **)&ch->slot, &ch->slot_cap, tsize, sizeof *ch->slot) ||
        !rg_i_reserve((void **)&ch->node_pt, &ch->node_cap, 2 * m, sizeof *ch->node_pt) ||
        !rg_i_reserve((void **)&ch->deg, &ch->deg_cap, 2 * m, sizeof *ch->deg) ||
        !rg_i_reserve((void **)&ch->inc_start, &ch->inc_start_cap, 2 * m + 1,
                      sizeof *ch->inc_start) ||
        !rg_i_reserve((void **)&ch->ends, &ch->ends_cap, 2 * m, sizeof *ch->ends) ||
        !rg_i_reserve((void **)&ch->inc, &ch->inc_cap, 2 * m, sizeof *ch->inc) ||
        !rg_i_reserve((void **)&ch->used, &ch->used_cap, m, sizeof *ch->used)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < tsize; i++)
        ch->slot[i] = NONE;
    for (i = 0; i < 2 * m; i++) {
        size_t pt = i % 2 ? c[i / 2].q : c[i / 2].p, h;
        const double *p = xy + 2 * pt;
        for (h = hash_point(p) & (tsize - 1); ch->slot[h] != NONE; h = (h + 1) & (tsize - 1))
            if (point_equal(xy + 2 * ch->node_pt[ch->slot[h]], p))
                break;
        if (ch->slot[h] == NONE) {
            ch->slot[h] = nnodes;
            ch->node_pt[nnodes] = pt;
            ch->deg[nnodes] = 0;
            nnodes++;
        }
        ch->ends[i] = ch->slot[h];
        ch->deg[ch->slot[h]]++;
    }
    ch->inc_start[0] = 0;
    for (u = 0; u < nnodes; u++)
        ch->inc_start[u + 1] = ch->inc_start[u] + ch->deg[u];
    /* fill incidence lists using inc_start[u+1] as a moving cursor, then shift back */
    for (i = 0; i < 2 * m; i++) {
        u = ch->ends[i];
        ch->inc[ch->inc_start[u + 1] - ch->deg[u]] = i / 2;
        ch->deg[u]--;
    }
    for (u = 0; u < nnodes; u++)
        ch->deg[u] = ch->inc_start[u + 1] - ch->inc_start[u];
    memset(ch->used, 0, m);
    for (u = 0; u < nnodes; u++) {
        if (ch->deg[u] == 2)
            continue;
        for (i = ch->inc_start[u]; i < ch->inc_start[u + 1]; i++)
            if (!ch->used[ch->inc[i]] && (st = walk(ch, xy, adj, u, ch->inc[i])) != RG_OK)
                goto cleanup;
    }
    for (i = 0; i < m; i++)
        if (!ch->used[i] && (st = walk(ch, xy, adj, ch->ends[2 * i], i)) != RG_OK)
            goto cleanup;
cleanup:
    return st;
}

/* Turns the records of pair (a, b), c[0 .. m-1] (stretches first), into an adjacency entry. */
static rg_status emit_pair(builder *bd, chainer *ch, const rg_i_length *len, rg_contiguity kind,
                           const contact *c, size_t m, rg_adjacency *adj)
{
    const double *xy = bd->xy;
    size_t nstretch = 0, i, npts = 0;
    rg_status st = RG_OK;
    while (nstretch < m && c[nstretch].q != NONE)
        nstretch++;
    if (nstretch > 0) {
        double km = 0;
        for (i = 0; i < nstretch; i++) {
            const double *p = xy + 2 * c[i].p, *q = xy + 2 * c[i].q;
            km += rg_i_length_segment_km(len, p[0], p[1], q[0], q[1]);
        }
        if ((st = rg_i_adjacency_add_pair(adj, c[0].a, c[0].b, km, 1)) != RG_OK)
            goto cleanup;
        if (nstretch == 1) {
            /* the common case of a single shared edge needs no chaining */
            const double line[4] = {xy[2 * c[0].p], xy[2 * c[0].p + 1], xy[2 * c[0].q],
                                    xy[2 * c[0].q + 1]};
            st = rg_i_adjacency_add_line(adj, line, 2);
        } else {
            st = chain_stretches(ch, xy, c, nstretch, adj);
        }
        goto cleanup;
    }
    if (kind == RG_CONTIGUITY_ROOK)
        goto cleanup;
    /* Only touching points: each distinct one is a line of one point. */
    for (i = 0; i < m; i++)
        if ((st = line_push(ch, &npts, xy + 2 * c[i].p)) != RG_OK)
            goto cleanup;
    qsort(ch->line, npts, 2 * sizeof *ch->line, compare_points);
    if ((st = rg_i_adjacency_add_pair(adj, c[0].a, c[0].b, 0.0, 0)) != RG_OK)
        goto cleanup;
    for (i = 0; i < npts; i++) {
        if (i > 0 && compare_points(ch->line + 2 * i, ch->line + 2 * i - 2) == 0)
            continue;
        if ((st = rg_i_adjacency_add_line(adj, ch->line + 2 * i, 1)) != RG_OK)
            goto cleanup;
    }
cleanup:
    return st;
}

static rg_status emit_pairs(builder *bd, rg_contiguity kind, rg_i_to_wgs84 *to_geo,
                            rg_adjacency *adj)
{
    const rg_regions *regions = bd->regions;
    size_t n = rg_regions_count(regions), *first = NULL, a, i, j;
    chainer ch;
    rg_i_length len;
    rg_status st;
    memset(&ch, 0, sizeof ch);
    rg_i_length_init(&len, rg_regions_crs_is_geographic(regions),
                     rg_regions_crs_unit_metres(regions));
    len.to_geo = to_geo;
    /* Every record gives at most one pair, one line and two line points. */
    if ((st = bucket_by_region(bd, n, &first)) != RG_OK ||
        (st = rg_i_adjacency_reserve(adj, bd->nrec, bd->nrec, 2 * bd->nrec)) != RG_OK)
        goto cleanup;
    for (a = 0; a < n; a++) {
        size_t m = first[a + 1] - first[a];
        contact *c = m ? bd->rec + first[a] : NULL;
        if (a % 1024 == 0)
            progress_report(bd, PROGRESS_SCAN_END +
                                    (1.0 - PROGRESS_SCAN_END) * (double)a / (double)n);
        if (m > 1)
            qsort(c, m, sizeof *c, compare_contacts);
        for (i = 0; i < m; i = j) {
            for (j = i + 1; j < m && c[j].b == c[i].b; j++)
                ;
            if ((st = emit_pair(bd, &ch, &len, kind, c + i, j - i, adj)) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    free(first);
    chainer_release(&ch);
    return st;
}

/* --- entry point ------------------------------------------------------------------------- */

static rg_status build_exact(const rg_regions *regions, rg_contiguity kind, unsigned flags,
                             rg_fraction_fn progress, void *progress_data, rg_adjacency **out);

rg_status rg_contiguity_build_opts(const rg_regions *regions, const rg_contiguity_options *options,
                                   rg_adjacency **out)
{
    if (out)
        *out = NULL;
    if (!options || !(options->snap >= 0) || !isfinite(options->snap))
        return rg_i_error(RG_ERR_ARG, "contiguity: invalid options (snap must be finite and >= 0)");
    if (options->snap > 0) {
        if (!regions || !out ||
            (options->kind != RG_CONTIGUITY_QUEEN && options->kind != RG_CONTIGUITY_ROOK))
            return rg_i_error(RG_ERR_ARG, "contiguity: invalid argument");
        return rg_i_contiguity_snap(regions, options, out);
    }
    return build_exact(regions, options->kind, options->flags, options->progress,
                       options->progress_data, out);
}

rg_status rg_contiguity_build(const rg_regions *regions, rg_contiguity kind, rg_adjacency **out)
{
    return rg_contiguity_build_ex(regions, kind, 0, out);
}

/* The exact build; progress (may be NULL) hears the fraction done up to PROGRESS_STEPS times. */
static rg_status build_exact(const rg_regions *regions, rg_contiguity kind, unsigned flags,
                             rg_fraction_fn progress, void *progress_data, rg_adjacency **out)
{
    rg_i_to_wgs84 *to_geo = NULL;
    builder bd;
    rg_adjacency *adj = NULL;
    rg_i_survey sv;
    size_t npts;
    rg_status st = RG_OK;
    memset(&bd, 0, sizeof bd);
    bd.progress = progress;
    bd.progress_data = progress_data;
    if (out)
        *out = NULL;
    if (!regions || !out || (kind != RG_CONTIGUITY_QUEEN && kind != RG_CONTIGUITY_ROOK)) {
        st = rg_i_error(RG_ERR_ARG, "contiguity: invalid argument");
        goto cleanup;
    }
    if ((st = rg_i_adjacency_new(kind, &adj)) != RG_OK)
        goto cleanup;
    if ((flags & RG_CONTIGUITY_GEODESIC) && !rg_regions_crs_is_geographic(regions)) {
        const char *wkt = rg_regions_crs_wkt(regions);
        if ((st = rg_i_to_wgs84_new(wkt, &to_geo)) != RG_OK)
            goto cleanup;
    }
    npts = rg_regions_point_count(regions);
    if (npts == 0)
        goto done;
    bd.regions = regions;
    bd.kind = kind;
    bd.xy = rg_regions_xy(regions);
    bd.ring_pt_start = rg_regions_pt_start(regions);
    bd.nring = rg_regions_ring_count(regions);
    if (!(bd.region = rg_i_malloc_array(npts, sizeof *bd.region))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = rg_i_grid_survey(regions, bd.region, NULL, &sv)) != RG_OK)
        goto cleanup;
    /* Cells at least the mean segment length, so that a typical edge enters one or two. The
     * margin is four times the point test's: the point tests use the involved points'
     * magnitude, which max_abs bounds, plus the rounding of the cell arithmetic. */
    rg_i_grid_layout(&bd.g, sv.box, 0, 0, sv.nseg, sv.mean_length, 0);
    bd.g.padx = bd.g.pady = 4.0 * RELATIVE_TOLERANCE * sv.max_abs;
    bd.g.own_cells = 1;
    bd.box_pad = 2.0 * RELATIVE_TOLERANCE * sv.max_abs;
    if ((st = rg_i_grid_index(&bd.g, bd.xy, 2 * sizeof *bd.xy, npts, bd.region)) != RG_OK)
        goto cleanup;
    /* One record per shared edge (seen from one side) or touching point: in a tessellation
     * about one per two segments. Room for that up front saves copying the array as it grows;
     * pages not written cost no memory. */
    if (!rg_i_reserve((void **)&bd.rec, &bd.rec_cap, sv.nseg / 2 + 16, sizeof *bd.rec)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = scan_cells(&bd)) != RG_OK)
        goto cleanup;
    /* The grid and the scan's scratch are done with: give the memory back before grouping. */
    rg_i_grid_release(&bd.g);
    free(bd.local);
    free(bd.vc);
    free(bd.region);
    bd.region = NULL;
    bd.local = NULL;
    bd.vc = NULL;
    if ((st = emit_pairs(&bd, kind, to_geo, adj)) != RG_OK)
        goto cleanup;
done:
    if (progress)
        progress(1.0, progress_data);
    *out = adj;
    adj = NULL;
cleanup:
    rg_i_to_wgs84_free(to_geo);
    rg_adjacency_free(adj);
    rg_i_grid_release(&bd.g);
    free(bd.local);
    free(bd.vc);
    free(bd.region);
    free(bd.rec);
    return st;
}

rg_status rg_contiguity_build_ex(const rg_regions *regions, rg_contiguity kind, unsigned flags,
                                 rg_adjacency **out)
{
    return build_exact(regions, kind, flags, NULL, NULL, out);
}
