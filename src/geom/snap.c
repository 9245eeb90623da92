/* Tolerant contiguity (snap > 0) and user distances in a layer's units.
 *
 * Every boundary segment goes into a grid (grid.c) whose cells are at least the tolerance
 * wide, so that segments within the tolerance of each other share a cell. Each segment s is then
 * compared with the segments of other regions in its own cells (each once, marked by a stamp):
 * when their distance is within the tolerance, the part of s within the tolerance of the other
 * segment is an interval of s's parameter (the distance to a segment is convex along a line), and
 * the intervals of s for each other region are merged into "pieces". Where a piece is also within
 * the tolerance of a third region, only its parts no farther from its own region than from the
 * third count (nearest_parts()). Counting each piece once per side gives, for a pair (a, b), the
 * length of a's boundary within the tolerance of b's and the reverse; the border length is their
 * mean.
 *
 * Pieces that follow each other along a ring (one ends at a vertex where the next begins) form
 * chains. A pair is a border (rook) contact when the mean of the two sides' longest chains is
 * longer than twice the tolerance: a corner contact seen through the tolerance has chains of at
 * most about twice the tolerance (two edges of a corner, each within the tolerance of the other
 * region's corner). The border lines of a rook pair are the chains of the lower region's side:
 * they follow that region's boundary, not a mean of the two boundaries. A point contact's line is
 * the midpoint of the two closest points.
 *
 * Time: expected O(V) for maps whose edges are short relative to the extent (the grid scan, and
 * a counting sort of the pieces by region followed by small sorts); memory O(V). On real maps
 * this is 2 to 3 times the exact builder's time; on a square grid, where every vertex is a corner
 * of four regions and so needs the nearest-region test, about 5 times. The cost there is per
 * pair of segments within the tolerance (11 per segment on a grid: the distance and the interval
 * within the tolerance, in each segment's own frame) and per point of the nearer-region test,
 * whose distances are computed once per segment and parameter (measure()).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"
#include "geom/length_internal.h"
#include "geom/proximity_internal.h"
#include "geom/snap_internal.h"
#include "geom/crs_internal.h"
#include "geom/contiguity_internal.h"

#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))
/* How many parameters of a segment measure() remembers: a segment of a square grid asks for
 * four (its ends and a tolerance in from each), each a few times; a bisection adds its own. */
#define MEMO 16

/* One degree of the equator of WGS84, in metres (2 pi a / 360). */
#define METRES_PER_DEGREE 111319.49079327357

/* --- user distances ----------------------------------------------------------------------- */

rg_status rg_distance_to_layer(const rg_regions *regions, double value, rg_unit unit, double *out)
{
    if (!regions || !out || !isfinite(value) || value < 0 ||
        (unit != RG_UNIT_MAP && unit != RG_UNIT_METRE))
        return rg_i_error(RG_ERR_ARG, "distance: invalid argument");
    if (rg_regions_crs_is_geographic(regions))
        *out = unit == RG_UNIT_METRE ? value : value * METRES_PER_DEGREE;
    else
        *out = unit == RG_UNIT_METRE ? value / rg_regions_crs_unit_metres(regions) : value;
    return RG_OK;
}

/* --- tolerant contiguity ------------------------------------------------------------------ */

/* The part u0 .. u1 of segment seg within the tolerance of region other (the pair is the region
 * of seg and other); d is the smallest distance from it to that region, reached at parameter uc. */
typedef struct piece {
    size_t seg, other;
    double u0, u1, d, uc;
} piece;

/* An interval of the current segment near one other region, before merging. */
typedef struct hit {
    size_t other;
    size_t group;       /* after sorting: index of other among the regions near the segment */
    size_t k;           /* the two segments in their working frame (origin at the current
                           segment's first point) are hit_w[8 k .. 8 k + 7] */
    double u0, u1, d, uc;
} hit;

typedef struct snapper {
    rg_i_prox px;
    double snap;
    piece *pieces;      /* the pieces whose pair's a is the region of their segment */
    size_t npieces, pieces_cap;
    piece *back;        /* the others (the region of their segment is the pair's b) */
    size_t nback, back_cap;
    piece *both;        /* scratch of emit_all() */
    size_t both_cap;
    hit *hits;
    size_t hits_cap;
    double *hit_w;
    size_t hit_w_cap;
    double *line;
    size_t line_cap;
    size_t *chain;      /* per piece of the side being chained: first piece of its chain */
    size_t chain_cap;
    double *chain_len;  /* per piece of the side being chained: its chain's length, if the head */
    size_t chain_len_cap;
    double *ranges;     /* scratch of nearest_parts() */
    size_t ranges_cap;
    /* the parameters of the current segment already measured by measure(), and for each the
     * squared distance to the nearest segment of each group of hits (memo_d[k * ngroups + g]),
     * the smallest of them (group memo_g1) and the smallest of the other groups */
    double memo_u[MEMO], memo_b1[MEMO], memo_b2[MEMO];
    size_t memo_g1[MEMO];
    size_t memo_n, memo_next, ngroups;
    double *memo_d;
    size_t memo_d_cap;
    double step;        /* the tolerance in parameter units of the current segment, or -1 */
} snapper;

static int compare_hits(const void *x, const void *y)
{
    const hit *a = x, *b = y;
    if (a->other != b->other)
        return a->other < b->other ? -1 : 1;
    return a->u0 < b->u0 ? -1 : (a->u0 > b->u0);
}

static int degenerate(const rg_i_prox *px, size_t k)
{
    const double *p = px->xy + 2 * k;
    return p[0] == p[2] && p[1] == p[3];
}

static rg_status push_piece(snapper *sn, size_t s, size_t r, const hit *m, double u0, double u1)
{
    piece *pc;
    if (m->other > r) {
        if (!rg_i_reserve((void **)&sn->pieces, &sn->pieces_cap, sn->npieces + 1,
                          sizeof *sn->pieces))
            return RG_I_NOMEM();
        pc = &sn->pieces[sn->npieces++];
    } else {
        if (!rg_i_reserve((void **)&sn->back, &sn->back_cap, sn->nback + 1, sizeof *sn->back))
            return RG_I_NOMEM();
        pc = &sn->back[sn->nback++];
    }
    pc->other = m->other;
    pc->seg = s;
    pc->u0 = u0;
    pc->u1 = u1;
    pc->d = m->d;
    pc->uc = m->uc;
    return RG_OK;
}

/* Measures the point at parameter u of the current segment: the squared distance to each group
 * of hits (a hit whose interval does not hold u does not count: a segment farther than the
 * tolerance from s(u) cannot decide), remembered for the segment since the nearer-region test asks
 * the same parameters for each region near the segment (at a vertex of four regions, the vertex
 * and a tolerance in from it for three of them). Returns the memo entry, or MEMO on no memory. */
static size_t measure(snapper *sn, size_t nhits, double u)
{
    const hit *hits = sn->hits;
    size_t i, k, g, ng = sn->ngroups, g1 = 0;
    double *d, c[2], t, b1 = HUGE_VAL, b2 = HUGE_VAL;
    for (k = 0; k < sn->memo_n; k++)
        if (sn->memo_u[k] == u)
            return k;
    if (sn->memo_n == 0 &&
        !rg_i_reserve((void **)&sn->memo_d, &sn->memo_d_cap, MEMO * ng, sizeof *sn->memo_d))
        return MEMO;
    k = sn->memo_n < MEMO ? sn->memo_n++ : sn->memo_next++ % MEMO;
    d = sn->memo_d + k * ng;
    for (g = 0; g < ng; g++)
        d[g] = HUGE_VAL;
    for (i = 0; i < nhits; i++) {
        const double *w = sn->hit_w + 8 * hits[i].k;
        double e;
        if (u < hits[i].u0 || u > hits[i].u1)
            continue;
        c[0] = w[0] + u * (w[2] - w[0]);
        c[1] = w[1] + u * (w[3] - w[1]);
        e = rg_i_point_seg2(c, w + 4, w + 6, &t);
        d[hits[i].group] = MIND(d[hits[i].group], e);
    }
    for (g = 0; g < ng; g++) {
        if (d[g] < b1) {
            b2 = b1;
            b1 = d[g];
            g1 = g;
        } else {
            b2 = MIND(b2, d[g]);
        }
    }
    sn->memo_u[k] = u;
    sn->memo_b1[k] = b1;
    sn->memo_b2[k] = b2;
    sn->memo_g1[k] = g1;
    return k;
}

/* Whether, at parameter u of the current segment, the region of group g is no farther than every
 * third region among the hits (ties count for both: two copies of one region both border their
 * neighbour): 0 no, 1 yes, 2 yes by an exact tie (as at a vertex that three regions share), where
 * the change of nearer region is exactly at u. -1 on no memory. */
static int nearest_at(snapper *sn, size_t nhits, size_t g, double u)
{
    size_t k = measure(sn, nhits, u);
    double mine, theirs;
    if (k == MEMO)
        return -1;
    mine = sn->memo_d[k * sn->ngroups + g];
    theirs = sn->memo_g1[k] == g ? sn->memo_b2[k] : sn->memo_b1[k];
    return theirs < mine ? 0 : (mine < theirs ? 1 : 2);
}

/* Whether u is inside one of the sorted disjoint ranges r[0 .. 2n-1] (pairs of ends). */
static int contested(const double *r, size_t n, double u)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (u >= r[2 * i] && u <= r[2 * i + 1])
            return 1;
    return 0;
}

/* Whether parameter u counts for region other: outside the contested ranges always, inside them
 * when other is the nearest (nearest_at()). */
static int counts_at(snapper *sn, size_t nhits, size_t g, const double *rg, size_t nr, double u)
{
    return contested(rg, nr, u) ? nearest_at(sn, nhits, g, u) : 1;
}

/* Appends the pieces of merged interval m (of one other region) of segment s (of region r).
 * Where the interval also lies within the tolerance of a third region, only the parts no farther
 * from m's region than from any third one count: at a meeting point of three regions, or across a
 * wedge of a third region thinner than the tolerance, a boundary is within the tolerance of two
 * regions but borders only the nearer. Those contested ranges are sampled every tolerance and
 * each change of the nearer region is bisected; if nothing is left, a piece of length 0 at the
 * closest point keeps the pair (the boundaries do come within the tolerance). */
static rg_status nearest_parts(snapper *sn, size_t s, size_t r, const hit *m, size_t nhits)
{
    const hit *hits = sn->hits;
    size_t i, j, nr = 0, kept = 0;
    double step, run0 = 0, prev_u, *rg;
    int prev_in, prev_at;
    rg_status st;
    if (!rg_i_reserve((void **)&sn->ranges, &sn->ranges_cap, 2 * nhits, sizeof *sn->ranges))
        return RG_I_NOMEM();
    rg = sn->ranges;
    for (i = 0; i < nhits; i++) {
        double lo = MAXD(hits[i].u0, m->u0), hi = MIND(hits[i].u1, m->u1);
        if (hits[i].group == m->group || !(lo <= hi))
            continue;
        /* insertion by start (a few ranges, most already in order) */
        for (j = nr; j > 0 && rg[2 * j - 2] > lo; j--) {
            rg[2 * j] = rg[2 * j - 2];
            rg[2 * j + 1] = rg[2 * j - 1];
        }
        rg[2 * j] = lo;
        rg[2 * j + 1] = hi;
        nr++;
    }
    if (nr == 0)
        return push_piece(sn, s, r, m, m->u0, m->u1);
    for (i = 1, j = 0; i < nr; i++) { /* merge overlapping ranges */
        if (rg[2 * i] <= rg[2 * j + 1]) {
            rg[2 * j + 1] = MAXD(rg[2 * j + 1], rg[2 * i + 1]);
        } else {
            j++;
            rg[2 * j] = rg[2 * i];
            rg[2 * j + 1] = rg[2 * i + 1];
        }
    }
    nr = j + 1;
    /* the tolerance, in parameter units (once per segment) */
    if (sn->step < 0)
        sn->step = sn->snap / MAXD(rg_i_prox_seg_length(&sn->px, s), 1e-300);
    step = sn->step;
    prev_u = m->u0;
    if ((prev_at = counts_at(sn, nhits, m->group, rg, nr, prev_u)) < 0)
        return RG_I_NOMEM();
    prev_in = prev_at != 0;
    if (prev_in)
        run0 = prev_u;
    /* in each contested range its ends and samples a step apart, then m->u1 */
    for (i = 0; i <= nr; i++) {
        double c0 = i < nr ? rg[2 * i] : m->u1, c1 = i < nr ? rg[2 * i + 1] : m->u1;
        size_t ns = c1 > c0 ? (size_t)MAXD(1.0, MIND(ceil((c1 - c0) / step), 4096.0)) : 0, q;
        for (q = 0; q <= ns; q++) {
            /* (c0 + 0.0 is what the general expression gives for q = 0, without dividing) */
            double u = q == ns ? c1 : q == 0 ? c0 + 0.0 : c0 + (c1 - c0) * (double)q / (double)ns;
            /* a range often starts where the last one or m starts: same u, same answer */
            int at = u == prev_u ? prev_at : counts_at(sn, nhits, m->group, rg, nr, u), in, it;
            if (at < 0)
                return RG_I_NOMEM();
            in = at != 0;
            if (in != prev_in) {
                /* the change between prev_u and u: at u itself when u is an exact tie (the
                 * common case of a vertex the regions share), else bisected to 1/65536 of a
                 * step (a few ten-thousandths of the tolerance) */
                double lo = prev_u, hi = u, cut;
                if (at == 2 || prev_at == 2)
                    lo = hi = at == 2 ? u : prev_u;
                for (it = 0; it < 16 && lo < hi; it++) {
                    double mid = 0.5 * (lo + hi);
                    int mid_at = counts_at(sn, nhits, m->group, rg, nr, mid);
                    if (mid_at < 0)
                        return RG_I_NOMEM();
                    if ((mid_at != 0) == prev_in)
                        lo = mid;
                    else
                        hi = mid;
                }
                cut = 0.5 * (lo + hi);
                if (in) {
                    run0 = cut;
                } else {
                    if ((st = push_piece(sn, s, r, m, run0, cut)) != RG_OK)
                        return st;
                    kept++;
                }
            }
            prev_u = u;
            prev_in = in;
            prev_at = at;
        }
    }
    if (prev_in) {
        if ((st = push_piece(sn, s, r, m, run0, m->u1)) != RG_OK)
            return st;
        kept++;
    }
    return kept ? RG_OK : push_piece(sn, s, r, m, m->uc, m->uc);
}

/* Compares segment s with the segments of other regions in its cells and appends its pieces. */
static rg_status scan_segment(snapper *sn, size_t s)
{
    rg_i_prox *px = &sn->px;
    const double *p = px->xy + 2 * s;
    size_t r = px->region[s], ncells, c, nhits = 0, i, j;
    double sx0 = MIND(p[0], p[2]), sx1 = MAXD(p[0], p[2]);
    double sy0 = MIND(p[1], p[3]), sy1 = MAXD(p[1], p[3]);
    double gapx = 2 * px->grid.padx, gapy = 2 * px->grid.pady;
    sn->memo_n = 0;
    sn->step = -1;
    if (!(ncells = rg_i_prox_cells(px, s)))
        return RG_I_NOMEM();
    for (c = 0; c < ncells; c++) {
        size_t cell = px->cells[c], e;
        size_t more = nhits + (px->grid.start[cell + 1] - px->grid.start[cell]);
        if (!rg_i_reserve((void **)&sn->hits, &sn->hits_cap, more, sizeof *sn->hits) ||
            !rg_i_reserve((void **)&sn->hit_w, &sn->hit_w_cap, 8 * more, sizeof *sn->hit_w))
            return RG_I_NOMEM();
        for (e = px->grid.start[cell]; e < px->grid.start[cell + 1]; e++) {
            size_t t = px->grid.seg[e];
            const double *q = px->xy + 2 * t;
            double *w = sn->hit_w + 8 * nhits, u, v, d, u0, u1;
            if (px->region[t] == r || px->stamp[t] == s)
                continue;
            px->stamp[t] = s;
            if (MIND(q[0], q[2]) - sx1 > gapx || sx0 - MAXD(q[0], q[2]) > gapx ||
                MIND(q[1], q[3]) - sy1 > gapy || sy0 - MAXD(q[1], q[3]) > gapy ||
                degenerate(px, t))
                continue;
            rg_i_prox_frame(px, s, t, w);
            d = rg_i_seg_seg(w, w + 2, w + 4, w + 6, &u, &v);
            if (d > sn->snap)
                continue;
            if (!rg_i_seg_within(w, w + 2, w + 4, w + 6, sn->snap, &u0, &u1))
                u0 = u1 = u; /* at the very limit, lost to rounding: the closest point */
            sn->hits[nhits].other = px->region[t];
            sn->hits[nhits].u0 = MIND(u0, u);
            sn->hits[nhits].u1 = MAXD(u1, u);
            sn->hits[nhits].d = d;
            sn->hits[nhits].uc = u;
            sn->hits[nhits].k = nhits;
            nhits++;
        }
    }
    /* a handful of large records: an insertion sort beats qsort's copying */
    for (i = 1; i < nhits; i++) {
        hit h = sn->hits[i];
        for (j = i; j > 0 && compare_hits(&sn->hits[j - 1], &h) > 0; j--)
            sn->hits[j] = sn->hits[j - 1];
        sn->hits[j] = h;
    }
    for (i = 0, sn->ngroups = 0; i < nhits; i++) {
        if (i > 0 && sn->hits[i].other != sn->hits[i - 1].other)
            sn->ngroups++;
        sn->hits[i].group = sn->ngroups;
    }
    sn->ngroups++;
    /* merge the overlapping intervals of each other region into pieces */
    for (i = 0; i < nhits; i = j) {
        hit m = sn->hits[i];
        rg_status st;
        for (j = i + 1; j < nhits && sn->hits[j].other == m.other && sn->hits[j].u0 <= m.u1; j++) {
            m.u1 = MAXD(m.u1, sn->hits[j].u1);
            if (sn->hits[j].d < m.d) {
                m.d = sn->hits[j].d;
                m.uc = sn->hits[j].uc;
            }
        }
        if ((st = nearest_parts(sn, s, r, &m, nhits)) != RG_OK)
            return st;
    }
    return RG_OK;
}

/* The point at parameter u of segment k (exactly its ends for u = 0 and 1). */
static void seg_point(const rg_i_prox *px, size_t k, double u, double *out)
{
    const double *p = px->xy + 2 * k;
    if (u <= 0) {
        out[0] = p[0];
        out[1] = p[1];
    } else if (u >= 1) {
        out[0] = p[2];
        out[1] = p[3];
    } else {
        out[0] = p[0] + u * (p[2] - p[0]);
        out[1] = p[1] + u * (p[3] - p[1]);
    }
}

/* Whether piece q continues piece p along the ring. */
static int continues(const rg_i_prox *px, const piece *p, const piece *q)
{
    return p->u1 >= 1 && q->u0 <= 0 && px->next_seg[p->seg] == q->seg;
}

/* The chains of one side's pieces pc[0 .. m-1] (sorted along their rings): sn->chain[i] is the
 * first piece of i's chain; a chain that runs through a ring's closing vertex is one chain,
 * headed by its piece on the ring's last segment. Returns the longest chain's working length in
 * *longest. */
static rg_status chain_side(snapper *sn, const piece *pc, size_t m, double *longest)
{
    const rg_i_prox *px = &sn->px;
    size_t i, j;
    double *len;
    *longest = 0;
    if (m == 0)
        return RG_OK;
    if (!rg_i_reserve((void **)&sn->chain, &sn->chain_cap, m, sizeof *sn->chain) ||
        !rg_i_reserve((void **)&sn->chain_len, &sn->chain_len_cap, m, sizeof *sn->chain_len))
        return RG_I_NOMEM();
    len = sn->chain_len;
    for (i = 0; i < m; i++)
        len[i] = 0;
    for (i = 0; i < m; i++)
        sn->chain[i] = i > 0 && continues(px, &pc[i - 1], &pc[i]) ? sn->chain[i - 1] : i;
    /* wrap-around: a piece ending at a ring's closing vertex continues the ring's first piece */
    for (i = 0; i < m; i++) {
        size_t first_seg = px->next_seg[pc[i].seg], lo = 0, hi = i, head;
        if (!(pc[i].u1 >= 1) || first_seg > pc[i].seg)
            continue;
        while (lo < hi) { /* the first piece on first_seg */
            size_t mid = lo + (hi - lo) / 2;
            if (pc[mid].seg < first_seg)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo >= i || pc[lo].seg != first_seg || !(pc[lo].u0 <= 0) || sn->chain[i] == lo)
            continue;
        /* the chain headed by lo now starts with i's chain */
        head = sn->chain[i];
        for (j = lo; j < m && sn->chain[j] == lo; j++)
            sn->chain[j] = head;
    }
    for (i = 0; i < m; i++) {
        if (pc[i].u1 > pc[i].u0) /* most pieces of a grid are corners, of length 0 */
            len[sn->chain[i]] += (pc[i].u1 - pc[i].u0) * rg_i_prox_seg_length(px, pc[i].seg);
        *longest = MAXD(*longest, len[sn->chain[i]]);
    }
    return RG_OK;
}

static rg_status line_push(snapper *sn, size_t *npts, const double *p)
{
    if (*npts > 0 && sn->line[2 * *npts - 2] == p[0] && sn->line[2 * *npts - 1] == p[1])
        return RG_OK;
    if (!rg_i_reserve((void **)&sn->line, &sn->line_cap, 2 * (*npts + 1), sizeof *sn->line))
        return RG_I_NOMEM();
    sn->line[2 * *npts] = p[0];
    sn->line[2 * *npts + 1] = p[1];
    (*npts)++;
    return RG_OK;
}

/* Adds the chains of side pieces pc[0 .. m-1] (chained by chain_side()) as lines. A chain's
 * pieces are consecutive in pc except for a wrapped chain, whose tail (on the ring's last
 * segments) comes after its head's run: such a chain is written tail first. */
static rg_status add_chain_lines(snapper *sn, rg_adjacency *adj, const piece *pc, size_t m)
{
    const rg_i_prox *px = &sn->px;
    size_t i, j, npts = 0;
    double pt[2];
    rg_status st = RG_OK;
    for (i = 0; i < m; i++) {
        if (sn->chain[i] != i)
            continue; /* written with its chain */
        npts = 0;
        /* the run starting at i, then the run of the ring's first pieces if chained to it */
        for (j = i; j < m && sn->chain[j] == i; j++) {
            if (j == i) {
                seg_point(px, pc[j].seg, pc[j].u0, pt);
                if ((st = line_push(sn, &npts, pt)) != RG_OK)
                    goto cleanup;
            }
            seg_point(px, pc[j].seg, pc[j].u1, pt);
            if ((st = line_push(sn, &npts, pt)) != RG_OK)
                goto cleanup;
        }
        for (j = 0; j < i; j++) {
            if (sn->chain[j] != i)
                continue;
            seg_point(px, pc[j].seg, pc[j].u1, pt);
            if ((st = line_push(sn, &npts, pt)) != RG_OK)
                goto cleanup;
        }
        if (npts == 1)
            continue; /* a chain of length 0 (a closest point kept for the gap) is no line */
        if ((st = rg_i_adjacency_add_line(adj, sn->line, npts)) != RG_OK)
            goto cleanup;
    }
cleanup:
    return st;
}

/* Turns the pieces of one pair into an adjacency entry (or none, for a rook adjacency and a
 * point contact). */
static rg_status emit_pair(snapper *sn, const rg_i_length *len, rg_contiguity kind, size_t a,
                           size_t b, const piece *pc, size_t m, rg_adjacency *adj)
{
    const rg_i_prox *px = &sn->px;
    size_t na = 0, i, best[2] = {RG_I_NONE, RG_I_NONE};
    double km[2] = {0, 0}, longest[2] = {0, 0}, gap = HUGE_VAL;
    int rook;
    rg_status st;
    while (na < m && px->region[pc[na].seg] == a)
        na++;
    for (i = 0; i < m; i++) {
        int side = i >= na;
        double p[2], q[2];
        seg_point(px, pc[i].seg, pc[i].u0, p);
        seg_point(px, pc[i].seg, pc[i].u1, q);
        if (pc[i].u1 > pc[i].u0)
            km[side] += rg_i_length_segment_km(len, p[0], p[1], q[0], q[1]);
        if (best[side] == RG_I_NONE || pc[i].d < pc[best[side]].d)
            best[side] = i;
        gap = MIND(gap, pc[i].d);
    }
    if ((st = chain_side(sn, pc + na, m - na, &longest[1])) != RG_OK ||
        (st = chain_side(sn, pc, na, &longest[0])) != RG_OK) /* side a last: its lines follow */
        return st;
    /* "longer than twice the tolerance", with room for the rounding of the interval ends (a
     * corner touching exactly has chains of exactly twice the tolerance) */
    rook = 0.5 * (longest[0] + longest[1]) > 2 * sn->snap * (1 + 1e-9);
    if (kind == RG_CONTIGUITY_ROOK && !rook)
        return RG_OK;
    if (rook) {
        if ((st = rg_i_adjacency_add_pair_ex(adj, a, b, 0.5 * (km[0] + km[1]),
                                             RG_CONTACT_BORDER, gap * px->km_per_work)) != RG_OK)
            return st;
        return add_chain_lines(sn, adj, pc, na);
    } else {
        double p[2], q[2];
        seg_point(px, pc[best[0] != RG_I_NONE ? best[0] : best[1]].seg,
                  pc[best[0] != RG_I_NONE ? best[0] : best[1]].uc, p);
        seg_point(px, pc[best[1] != RG_I_NONE ? best[1] : best[0]].seg,
                  pc[best[1] != RG_I_NONE ? best[1] : best[0]].uc, q);
        p[0] = 0.5 * (p[0] + q[0]);
        p[1] = 0.5 * (p[1] + q[1]);
        if ((st = rg_i_adjacency_add_pair_ex(adj, a, b, 0.0, RG_CONTACT_POINT,
                                             gap * px->km_per_work)) != RG_OK)
            return st;
        return rg_i_adjacency_add_line(adj, p, 1);
    }
}

/* The region paired with a by piece pc (of a pair of a). */
static size_t partner(const rg_i_prox *px, size_t a, const piece *pc)
{
    size_t r = px->region[pc->seg];
    return r == a ? pc->other : r;
}

/* The forward pieces of one region a (see emit_all()): by b, then by segment, then along it. */
static int compare_forward(const void *x, const void *y)
{
    const piece *a = x, *b = y;
    if (a->other != b->other)
        return a->other < b->other ? -1 : 1;
    if (a->seg != b->seg)
        return a->seg < b->seg ? -1 : 1;
    return a->u0 < b->u0 ? -1 : (a->u0 > b->u0);
}

/* Emits the pairs in order of (a, b), each with its pieces in order of segment (a's segments
 * before b's: a region's points are consecutive and regions are in order) and along it. Segments
 * are scanned in order, so the pieces of region r near a later region (r is their pair's a) come
 * grouped by a, and those near an earlier region (sn->back) are grouped by a with a stable
 * counting sort of their indices; within one a, the back pieces are already in order (of b, which
 * was the region scanned, then of segment and along it). The forward pieces of one a, in order of
 * segment and along it, need a stable sort by b: an insertion sort for the usual few dozen, else
 * the library's sort by compare_forward(). Merging the two by b, forward ones first, gives each
 * pair's pieces in order. O(P + the small sorts), without a copy of all the pieces. */
static rg_status emit_all(snapper *sn, const rg_i_length *len, rg_contiguity kind,
                          rg_adjacency *adj)
{
    const rg_i_prox *px = &sn->px;
    size_t n = px->nregions, *first = NULL, *back = NULL, i, j, k, a, f = 0;
    rg_status st = RG_OK;
    /* back[first[a] ..]: the back pieces of a, as indices (a sixth of a copy) */
    if (!(first = rg_i_calloc_array(n + 1, sizeof *first)) ||
        (sn->nback && !(back = rg_i_malloc_array(sn->nback, sizeof *back)))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < sn->nback; i++)
        first[sn->back[i].other + 1]++;
    for (a = 0; a < n; a++)
        first[a + 1] += first[a];
    for (i = 0; i < sn->nback; i++)
        back[first[sn->back[i].other]++] = i;
    for (a = n; a > 0; a--)
        first[a] = first[a - 1];
    first[0] = 0;
    for (a = 0; a < n; a++) {
        piece *fw = sn->pieces + f;
        const size_t *bk = back + first[a];
        size_t m1, m2 = first[a + 1] - first[a], m;
        while (f < sn->npieces && px->region[sn->pieces[f].seg] == a)
            f++;
        m1 = (size_t)(sn->pieces + f - fw);
        if (m1 + m2 == 0)
            continue;
        if (m1 > 64) {
            qsort(fw, m1, sizeof *fw, compare_forward); /* ties (all three keys) are rare */
        } else {
            for (i = 1; i < m1; i++) {
                piece pc = fw[i];
                for (j = i; j > 0 && fw[j - 1].other > pc.other; j--)
                    fw[j] = fw[j - 1];
                fw[j] = pc;
            }
        }
        if (!rg_i_reserve((void **)&sn->both, &sn->both_cap, m1 + m2, sizeof *sn->both)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        for (i = j = k = 0; i < m1 || j < m2;)
            sn->both[k++] = j == m2 || (i < m1 && fw[i].other <= px->region[sn->back[bk[j]].seg])
                                ? fw[i++]
                                : sn->back[bk[j++]];
        m = m1 + m2;
        for (i = 0; i < m; i = j) {
            size_t b = partner(px, a, &sn->both[i]);
            for (j = i + 1; j < m && partner(px, a, &sn->both[j]) == b; j++)
                ;
            if ((st = emit_pair(sn, len, kind, a, b, sn->both + i, j - i, adj)) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    free(first);
    free(back);
    return st;
}

/* The smallest tolerance used: exact contiguity's own (a few ulps of the largest coordinate,
 * contiguity_probe.c), so that a tolerance below rounding never finds fewer pairs than exact
 * contiguity (--snap 1e-15 on a grid at UTM coordinates found 2012 of its 3422 pairs). In the
 * layer's working units: metres for lon/lat. */
static double rounding_floor(const rg_regions *regions)
{
    const double *xy = rg_regions_xy(regions);
    size_t k, n = 2 * rg_regions_point_count(regions);
    double m = 0;
    for (k = 0; k < n; k++)
        m = MAXD(m, fabs(xy[k]));
    m *= 4.0 * RG_I_RELATIVE_TOLERANCE;
    return rg_regions_crs_is_geographic(regions) ? m * METRES_PER_DEGREE : m;
}

rg_status rg_i_contiguity_snap(const rg_regions *regions, const rg_contiguity_options *options,
                               rg_adjacency **out)
{
    snapper sn;
    rg_adjacency *adj = NULL;
    rg_i_to_wgs84 *to_geo = NULL;
    rg_i_length len;
    size_t s;
    rg_status st;
    memset(&sn, 0, sizeof sn);
    *out = NULL;
    sn.snap = MAXD(options->snap, rounding_floor(regions));
    if ((st = rg_i_adjacency_new(options->kind, &adj)) != RG_OK)
        goto cleanup;
    if (((options->flags & RG_CONTIGUITY_GEODESIC) || rg_regions_crs_is_geographic(regions)) &&
        (st = rg_i_to_wgs84_new(rg_regions_crs_wkt(regions), &to_geo)) != RG_OK)
        goto cleanup;
    rg_i_length_init(&len, rg_regions_crs_is_geographic(regions),
                     rg_regions_crs_unit_metres(regions));
    len.to_geo = to_geo;
    if ((st = rg_i_prox_build(&sn.px, regions, sn.snap)) != RG_OK)
        goto cleanup;
    for (s = 0; s < sn.px.npts; s++) {
        if (sn.px.region[s] == RG_I_NONE || degenerate(&sn.px, s))
            continue;
        if ((st = scan_segment(&sn, s)) != RG_OK)
            goto cleanup;
        if (options->progress && (s & 0xFFFF) == 0)
            options->progress(0.9 * (double)s / (double)sn.px.npts, options->progress_data);
    }
    /* the grid is done with: give its memory back before sorting */
    rg_i_grid_release(&sn.px.grid);
    free(sn.px.stamp);
    sn.px.stamp = NULL;
    if ((st = emit_all(&sn, &len, options->kind, adj)) != RG_OK)
        goto cleanup;
    if (options->progress)
        options->progress(1.0, options->progress_data);
    *out = adj;
    adj = NULL;
cleanup:
    rg_adjacency_free(adj);
    rg_i_to_wgs84_free(to_geo);
    rg_i_prox_free(&sn.px);
    free(sn.pieces);
    free(sn.back);
    free(sn.both);
    free(sn.hits);
    free(sn.line);
    free(sn.chain);
    free(sn.chain_len);
    free(sn.memo_d);
    free(sn.hit_w);
    free(sn.ranges);
    return st;
}
