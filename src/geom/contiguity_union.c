/* Border length of one pair as the length of the union of its shared stretches: a stretch that
 * a ring covers twice (a zero-width spike along the neighbour's edge, a repeated segment, a ring
 * running back along itself) is counted once, as GEOS's intersection of the boundaries does.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/contiguity_internal.h"

#define MAXD(a, b) ((a) > (b) ? (a) : (b))
#define MIND(a, b) ((a) < (b) ? (a) : (b))

/* One stretch, its ends ordered so that (x0, y0) < (x1, y1) lexicographically. */
typedef struct piece {
    double x0, y0, x1, y1;
    double lo, hi; /* extent along the sweep axis */
    size_t p, q;   /* point indices of (x0, y0) and (x1, y1) */
    size_t group;  /* union-find parent */
} piece;

/* An end of a stretch on its group's line: t along the line, +1 opening, -1 closing. */
typedef struct event {
    double t;
    size_t pt;
    int delta;
} event;

static int compare_lo(const void *x, const void *y)
{
    const piece *a = x, *b = y;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return 0;
}

static int compare_events(const void *x, const void *y)
{
    const event *a = x, *b = y;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return 0;
}

static size_t find(piece *pc, size_t i)
{
    while (pc[i].group != i) {
        pc[i].group = pc[pc[i].group].group;
        i = pc[i].group;
    }
    return i;
}

/* Whether two pieces lie on one line (within the exact build's tolerance) and overlap over a
 * positive length. */
static int overlap(const piece *s, const piece *t)
{
    double ux = s->x1 - s->x0, uy = s->y1 - s->y0, len2 = ux * ux + uy * uy;
    double mag = MAXD(MAXD(fabs(s->x0), fabs(s->y0)), MAXD(fabs(s->x1), fabs(s->y1)));
    double tol, tol2, cc, cd, tc, td, lo, hi;
    mag = MAXD(mag, MAXD(MAXD(fabs(t->x0), fabs(t->y0)), MAXD(fabs(t->x1), fabs(t->y1))));
    tol = RG_I_RELATIVE_TOLERANCE * mag;
    tol2 = tol * tol;
    if (!(len2 > 0))
        return 0;
    cc = ux * (t->y0 - s->y0) - uy * (t->x0 - s->x0);
    cd = ux * (t->y1 - s->y0) - uy * (t->x1 - s->x0);
    if (cc * cc > tol2 * len2 || cd * cd > tol2 * len2)
        return 0;
    tc = ux * (t->x0 - s->x0) + uy * (t->y0 - s->y0);
    td = ux * (t->x1 - s->x0) + uy * (t->y1 - s->y0);
    lo = MAXD(0.0, MIND(tc, td));
    hi = MIND(len2, MAXD(tc, td));
    return hi > lo && (hi - lo) * (hi - lo) > tol2 * len2;
}

void rg_i_union_release(rg_i_union *u)
{
    free(u->pieces);
    free(u->events);
    memset(u, 0, sizeof *u);
}

/* The length of one group of overlapping pieces, pc[idx[0 .. k-1]]: the elementary intervals
 * between consecutive ends along the longest piece, each counted once when covered. */
static rg_status group_km(rg_i_union *u, const double *xy, const rg_i_length *len, const piece *pc,
                          const size_t *idx, size_t k, double *km)
{
    const piece *axis = &pc[idx[0]];
    double ux, uy;
    size_t i, ne = 0;
    int depth = 0;
    event *ev;
    for (i = 1; i < k; i++) {
        const piece *s = &pc[idx[i]];
        if (hypot(s->x1 - s->x0, s->y1 - s->y0) > hypot(axis->x1 - axis->x0, axis->y1 - axis->y0))
            axis = s;
    }
    ux = axis->x1 - axis->x0;
    uy = axis->y1 - axis->y0;
    if (!rg_i_reserve((void **)&u->events, &u->events_cap, 2 * k, sizeof *u->events))
        return RG_I_NOMEM();
    ev = u->events;
    for (i = 0; i < k; i++) {
        const piece *s = &pc[idx[i]];
        double t0 = ux * (s->x0 - axis->x0) + uy * (s->y0 - axis->y0);
        double t1 = ux * (s->x1 - axis->x0) + uy * (s->y1 - axis->y0);
        ev[ne].t = MIND(t0, t1);
        ev[ne].pt = t0 <= t1 ? s->p : s->q;
        ev[ne++].delta = 1;
        ev[ne].t = MAXD(t0, t1);
        ev[ne].pt = t0 <= t1 ? s->q : s->p;
        ev[ne++].delta = -1;
    }
    qsort(ev, ne, sizeof *ev, compare_events);
    /* Ends at the same place are the same vertex (shared borders share vertices); the first
     * one's coordinates measure the interval. */
    for (i = 0; i < ne;) {
        size_t j = i, pt = ev[i].pt;
        while (j < ne && ev[j].t == ev[i].t)
            depth += ev[j++].delta;
        if (j < ne && depth > 0) {
            const double *a = xy + 2 * pt, *b = xy + 2 * ev[j].pt;
            *km += rg_i_length_segment_km(len, a[0], a[1], b[0], b[1]);
        }
        i = j;
    }
    return RG_OK;
}

rg_status rg_i_union_km(rg_i_union *u, const double *xy, const rg_i_length *len,
                        const rg_i_contact *c, size_t m, double *km, int *repeated)
{
    piece *pc;
    size_t i, j, nmerged = 0, *idx;
    double bx0 = INFINITY, bx1 = -INFINITY, by0 = INFINITY, by1 = -INFINITY;
    int by_x;
    rg_status st = RG_OK;
    *km = 0;
    *repeated = 0;
    if (!rg_i_reserve((void **)&u->pieces, &u->pieces_cap, m, sizeof *u->pieces))
        return RG_I_NOMEM();
    pc = u->pieces;
    for (i = 0; i < m; i++) {
        const double *p = xy + 2 * c[i].p, *q = xy + 2 * c[i].q;
        int swap = q[0] < p[0] || (q[0] == p[0] && q[1] < p[1]);
        pc[i].x0 = swap ? q[0] : p[0];
        pc[i].y0 = swap ? q[1] : p[1];
        pc[i].x1 = swap ? p[0] : q[0];
        pc[i].y1 = swap ? p[1] : q[1];
        pc[i].p = swap ? c[i].q : c[i].p;
        pc[i].q = swap ? c[i].p : c[i].q;
        bx0 = MIND(bx0, pc[i].x0);
        bx1 = MAXD(bx1, pc[i].x1);
        by0 = MIND(by0, MIND(pc[i].y0, pc[i].y1));
        by1 = MAXD(by1, MAXD(pc[i].y0, pc[i].y1));
    }
    /* Sweep along the pair's longer extent, so a straight border does not put every stretch in
     * one window. */
    by_x = bx1 - bx0 >= by1 - by0;
    for (i = 0; i < m; i++) {
        pc[i].lo = by_x ? pc[i].x0 : MIND(pc[i].y0, pc[i].y1);
        pc[i].hi = by_x ? pc[i].x1 : MAXD(pc[i].y0, pc[i].y1);
    }
    qsort(pc, m, sizeof *pc, compare_lo);
    for (i = 0; i < m; i++)
        pc[i].group = i;
    for (i = 0; i < m; i++) {
        double reach = pc[i].hi + RG_I_RELATIVE_TOLERANCE * MAXD(fabs(pc[i].hi), 1.0);
        for (j = i + 1; j < m && pc[j].lo <= reach; j++) {
            size_t gi, gj;
            if (!overlap(&pc[i], &pc[j]) && !overlap(&pc[j], &pc[i]))
                continue;
            gi = find(pc, i);
            gj = find(pc, j);
            if (gi != gj) {
                pc[gj].group = gi;
                nmerged++;
            }
        }
    }
    if (nmerged == 0) {
        /* the usual case: every stretch once, summed in the order the records came */
        for (i = 0; i < m; i++) {
            const double *p = xy + 2 * c[i].p, *q = xy + 2 * c[i].q;
            *km += rg_i_length_segment_km(len, p[0], p[1], q[0], q[1]);
        }
        return RG_OK;
    }
    *repeated = 1;
    /* Order the pieces by group (the group's root first found), then measure each group. */
    if (!rg_i_reserve((void **)&u->events, &u->events_cap, 2 * m, sizeof *u->events))
        return RG_I_NOMEM();
    for (i = 0; i < m; i++) {
        u->events[i].t = (double)find(pc, i);
        u->events[i].pt = i;
    }
    qsort(u->events, m, sizeof *u->events, compare_events);
    if (!(idx = rg_i_malloc_array(m, sizeof *idx)))
        return RG_I_NOMEM();
    for (i = 0; i < m; i++)
        idx[i] = u->events[i].pt;
    for (i = 0; i < m; i = j) {
        size_t g = find(pc, idx[i]);
        for (j = i + 1; j < m && find(pc, idx[j]) == g; j++)
            ;
        if (j - i == 1) {
            const piece *s = &pc[idx[i]];
            *km += rg_i_length_segment_km(len, s->x0, s->y0, s->x1, s->y1);
        } else if ((st = group_km(u, xy, len, pc, idx + i, j - i, km)) != RG_OK) {
            break;
        }
    }
    free(idx);
    return st;
}
