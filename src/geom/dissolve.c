/* Dissolving a clean polygon coverage into its outline (dissolve_internal.h): shared edges
 * cancel against their reverses, the edges left are chained into rings, and the result is
 * checked (area, no crossing edges) before it is accepted. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/hash_internal.h"
#include "base/mem_internal.h"
#include "geom/dissolve_internal.h"
#include "geom/ring_area_internal.h"

#define NONE SIZE_MAX
#define TURN 6.283185307179586 /* 2 pi */

void rg_i_polygons_clear(rg_i_polygons *p)
{
    p->npolys = p->nrings = p->npts = 0;
}

void rg_i_polygons_release(rg_i_polygons *p)
{
    free(p->xy);
    free(p->ring);
    free(p->poly);
    memset(p, 0, sizeof *p);
}

int rg_i_polygons_begin(rg_i_polygons *p)
{
    if (!rg_i_reserve((void **)&p->poly, &p->poly_cap, p->npolys + 2, sizeof *p->poly) ||
        !rg_i_reserve((void **)&p->ring, &p->ring_cap, p->nrings + 1, sizeof *p->ring))
        return 0;
    p->ring[p->nrings] = p->npts;
    p->poly[p->npolys] = p->nrings;
    p->poly[++p->npolys] = p->nrings;
    return 1;
}

int rg_i_polygons_add_ring(rg_i_polygons *p, const double *xy, size_t n)
{
    if (!p->npolys ||
        !rg_i_reserve((void **)&p->xy, &p->xy_cap, 2 * (p->npts + n), sizeof *p->xy) ||
        !rg_i_reserve((void **)&p->ring, &p->ring_cap, p->nrings + 2, sizeof *p->ring))
        return 0;
    if (n) /* p->xy may still be NULL */
        memcpy(p->xy + 2 * p->npts, xy, 2 * n * sizeof *xy);
    p->npts += n;
    p->ring[p->nrings] = p->npts - n;
    p->ring[++p->nrings] = p->npts;
    p->poly[p->npolys] = p->nrings;
    return 1;
}

/* A directed edge between two vertices, its interior on its left. */
typedef struct edge {
    size_t u, v;
    long net; /* times added u -> v less times added v -> u; 0: cancelled */
} edge;

/* An edge of the outline, for the crossing check. */
typedef struct seg {
    double x0, x1; /* its x range */
    size_t a, b;
} seg;

/* The working state of one dissolve. */
typedef struct work {
    double *vx; /* distinct vertices, (x, y) pairs */
    size_t nv, vx_cap;
    rg_i_idmap vmap;
    edge *e;
    size_t ne, e_cap;
    rg_i_idmap emap;
    size_t *ids; /* one ring's vertices */
    size_t ids_cap;
    /* the outline: loops of vertices, loop l being lv[ls[l] .. ls[l + 1]), closed */
    size_t *lv, *ls;
    size_t nl, lv_len, lv_cap, ls_cap;
} work;

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

static uint64_t point_hash(double x, double y)
{
    uint64_t a, b;
    x += 0.0; /* -0 and 0 are the same point */
    y += 0.0;
    memcpy(&a, &x, sizeof a);
    memcpy(&b, &y, sizeof b);
    return mix(a ^ mix(b + 0x9e3779b97f4a7c15ULL));
}

static int vertex_eq(const void *ctx, size_t index, const void *key)
{
    const double *vx = ctx, *p = key;
    return vx[2 * index] == p[0] && vx[2 * index + 1] == p[1];
}

/* The id of point p, added when new; NONE when out of memory. */
static size_t vertex(work *w, const double *p)
{
    uint64_t h = point_hash(p[0], p[1]);
    size_t id = rg_i_idmap_find(&w->vmap, h, vertex_eq, w->vx, p);
    if (id != NONE)
        return id;
    if (!rg_i_idmap_reserve(&w->vmap) ||
        !rg_i_reserve((void **)&w->vx, &w->vx_cap, 2 * w->nv + 2, sizeof *w->vx))
        return NONE;
    w->vx[2 * w->nv] = p[0] + 0.0;
    w->vx[2 * w->nv + 1] = p[1] + 0.0;
    rg_i_idmap_put(&w->vmap, h, w->nv);
    return w->nv++;
}

static int edge_eq(const void *ctx, size_t index, const void *key)
{
    const edge *e = (const edge *)ctx + index;
    const size_t *k = key;
    return (e->u == k[0] && e->v == k[1]) || (e->u == k[1] && e->v == k[0]);
}

/* Adds edge u -> v: its count in its direction goes up by one, or the reverse's down by one.
 * The counts are settled once every ring is in (settle()), so the order of the rings does not
 * matter: a ring that runs along an edge and back (a spike of zero width, which some sources
 * have) cancels itself, as in GEOS's coverage union. 1 done, -1 out of memory. */
static int add_edge(work *w, size_t u, size_t v)
{
    size_t k[2] = {u < v ? u : v, u < v ? v : u}, found;
    uint64_t h = mix(((uint64_t)k[0] * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)k[1]);
    found = rg_i_idmap_find(&w->emap, h, edge_eq, w->e, k);
    if (found != NONE) {
        w->e[found].net += w->e[found].u == u ? 1 : -1;
        return 1;
    }
    if (!rg_i_idmap_reserve(&w->emap) ||
        !rg_i_reserve((void **)&w->e, &w->e_cap, w->ne + 1, sizeof *w->e))
        return -1;
    w->e[w->ne] = (edge){u, v, 1};
    rg_i_idmap_put(&w->emap, h, w->ne++);
    return 1;
}

/* Each edge in the direction of its count, cancelled at zero. 0 when an edge is left twice in
 * one direction (a duplicate polygon, two regions on one side of an edge: not a clean
 * coverage), else 1. */
static int settle(work *w)
{
    size_t e;
    for (e = 0; e < w->ne; e++) {
        edge *x = &w->e[e];
        if (x->net > 1 || x->net < -1)
            return 0;
        if (x->net < 0)
            *x = (edge){x->v, x->u, 1};
    }
    return 1;
}

/* Ring k's edges, the interior on their left (a shell counter-clockwise, a hole clockwise);
 * its signed area (positive for a shell) added to *sum. 1, 0 or -1 as add_edge. */
static int add_ring(work *w, const double *xy, size_t n, int shell, double *sum)
{
    double a;
    size_t m = n, i;
    if (n >= 2 && xy[0] == xy[2 * n - 2] && xy[1] == xy[2 * n - 1])
        m = n - 1; /* closed: the last point is the first */
    if (m < 3)
        return 0;
    a = rg_i_ring_area2(xy, n); /* the fan from the first point: right closed or not */
    if (!(a != 0) || !isfinite(a))
        return 0;
    *sum += shell ? fabs(a) / 2 : -fabs(a) / 2;
    if (!rg_i_reserve((void **)&w->ids, &w->ids_cap, m, sizeof *w->ids))
        return -1;
    for (i = 0; i < m; i++)
        if ((w->ids[i] = vertex(w, xy + 2 * i)) == NONE)
            return -1;
    for (i = 0; i < m; i++) {
        size_t p = w->ids[i], q = w->ids[(i + 1) % m];
        int r;
        if (p == q)
            continue; /* zero length */
        if ((shell != 0) == (a > 0))
            r = add_edge(w, p, q);
        else
            r = add_edge(w, q, p);
        if (r != 1)
            return r;
    }
    return 1;
}

/* Appends vertex ids to the loop being built; 0 when out of memory. */
static int loop_push(work *w, size_t id)
{
    if (!rg_i_reserve((void **)&w->lv, &w->lv_cap, w->lv_len + 1, sizeof *w->lv))
        return 0;
    w->lv[w->lv_len++] = id;
    return 1;
}

/* Ends a loop made of ids[0..n) plus its first again. */
static int loop_emit(work *w, const size_t *ids, size_t n)
{
    size_t i;
    if (!rg_i_reserve((void **)&w->ls, &w->ls_cap, w->nl + 2, sizeof *w->ls))
        return 0;
    w->ls[w->nl] = w->lv_len;
    for (i = 0; i < n; i++)
        if (!loop_push(w, ids[i]))
            return 0;
    if (!loop_push(w, ids[0]))
        return 0;
    w->ls[++w->nl] = w->lv_len;
    return 1;
}

/* The next edge out of the head of edge `in`: of the edges out[first..last), the first met
 * turning clockwise from in's reverse, which keeps the face on the left tight. */
static size_t next_edge(const work *w, size_t in, const size_t *out, size_t first, size_t last)
{
    const double *vx = w->vx;
    size_t v = w->e[in].v, u = w->e[in].u, best = out[first], k;
    double ref, best_turn = INFINITY;
    if (last - first == 1)
        return best;
    ref = atan2(vx[2 * u + 1] - vx[2 * v + 1], vx[2 * u] - vx[2 * v]);
    for (k = first; k < last; k++) {
        size_t t = w->e[out[k]].v;
        double turn = ref - atan2(vx[2 * t + 1] - vx[2 * v + 1], vx[2 * t] - vx[2 * v]);
        while (turn <= 0)
            turn += TURN;
        while (turn > TURN)
            turn -= TURN;
        if (turn < best_turn) {
            best_turn = turn;
            best = out[k];
        }
    }
    return best;
}

/* Chains the edges left into loops (w->lv, w->ls): each cycle of tight turns, split where it
 * passes a vertex twice so that every loop is simple. 1, 0 (an edge has no way on, or two
 * cycles want one edge), -1 out of memory. */
static int trace(work *w)
{
    size_t *start = NULL, *out = NULL, *pos = NULL, *stack = NULL, e, k, top;
    unsigned char *used = NULL;
    int ok = -1;
    if (!(start = rg_i_calloc_array(w->nv + 1, sizeof *start)) ||
        !(out = rg_i_malloc_array(w->ne + 1, sizeof *out)) ||
        !(pos = rg_i_malloc_array(w->nv + 1, sizeof *pos)) ||
        !(stack = rg_i_malloc_array(w->ne + 1, sizeof *stack)) ||
        !(used = rg_i_calloc_array(w->ne + 1, 1)))
        goto cleanup;
    for (e = 0; e < w->ne; e++)
        if (w->e[e].net)
            start[w->e[e].u + 1]++;
    for (k = 0; k < w->nv; k++) {
        start[k + 1] += start[k];
        pos[k] = NONE;
    }
    for (e = 0; e < w->ne; e++)
        if (w->e[e].net)
            out[start[w->e[e].u]++] = e;
    for (k = w->nv; k > 0; k--)
        start[k] = start[k - 1];
    start[0] = 0;
    ok = 0;
    for (e = 0; e < w->ne; e++) {
        size_t cur = e;
        if (!w->e[e].net || used[e])
            continue;
        top = 0;
        stack[top++] = w->e[e].u;
        pos[w->e[e].u] = 0;
        for (;;) {
            size_t v = w->e[cur].v, next;
            used[cur] = 1;
            if (start[v] == start[v + 1])
                goto cleanup;
            next = next_edge(w, cur, out, start[v], start[v + 1]);
            if (pos[v] != NONE) { /* a loop closes at v */
                size_t at = pos[v], j;
                if (!loop_emit(w, stack + at, top - at)) {
                    ok = -1;
                    goto cleanup;
                }
                for (j = at + 1; j < top; j++)
                    pos[stack[j]] = NONE;
                top = at + 1;
            } else {
                pos[v] = top;
                stack[top++] = v;
            }
            if (next == e)
                break;
            if (used[next])
                goto cleanup;
            cur = next;
        }
        for (k = 0; k < top; k++)
            pos[stack[k]] = NONE;
    }
    ok = 1;
cleanup:
    free(start);
    free(out);
    free(pos);
    free(stack);
    free(used);
    return ok;
}

/* Twice the signed area of loop l. */
static double loop_area2(const work *w, size_t l)
{
    const size_t *ids = w->lv + w->ls[l];
    size_t n = w->ls[l + 1] - w->ls[l], i;
    double x0 = w->vx[2 * ids[0]], y0 = w->vx[2 * ids[0] + 1], s = 0;
    for (i = 1; i + 1 < n; i++)
        s += (w->vx[2 * ids[i]] - x0) * (w->vx[2 * ids[i + 1] + 1] - y0) -
             (w->vx[2 * ids[i + 1]] - x0) * (w->vx[2 * ids[i] + 1] - y0);
    return s;
}

static double orient(const double *a, const double *b, const double *c)
{
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/* Whether c, collinear with segment ab, lies within its box. */
static int within(const double *a, const double *b, const double *c)
{
    return fmin(a[0], b[0]) <= c[0] && c[0] <= fmax(a[0], b[0]) && fmin(a[1], b[1]) <= c[1] &&
           c[1] <= fmax(a[1], b[1]);
}

/* Whether segments ab and cd (vertex ids) meet other than at one shared end. */
static int segments_meet(const work *w, size_t a, size_t b, size_t c, size_t d)
{
    const double *pa = w->vx + 2 * a, *pb = w->vx + 2 * b, *pc = w->vx + 2 * c,
                 *pd = w->vx + 2 * d;
    double o1, o2, o3, o4;
    if ((a == c && b == d) || (a == d && b == c))
        return 1;
    if (a == c || a == d || b == c || b == d) {
        /* one shared end s, other ends p and q: they overlap when p and q go the same way */
        size_t s = (a == c || a == d) ? a : b, p = s == a ? b : a, q = (s == c) ? d : c;
        const double *ps = w->vx + 2 * s, *pp = w->vx + 2 * p, *pq = w->vx + 2 * q;
        return orient(ps, pp, pq) == 0 &&
               (pp[0] - ps[0]) * (pq[0] - ps[0]) + (pp[1] - ps[1]) * (pq[1] - ps[1]) > 0;
    }
    o1 = orient(pa, pb, pc);
    o2 = orient(pa, pb, pd);
    o3 = orient(pc, pd, pa);
    o4 = orient(pc, pd, pb);
    if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)))
        return 1;
    return (o1 == 0 && within(pa, pb, pc)) || (o2 == 0 && within(pa, pb, pd)) ||
           (o3 == 0 && within(pc, pd, pa)) || (o4 == 0 && within(pc, pd, pb));
}

/* x as an unsigned key in the same order (negative values' bits flipped). */
static uint64_t order_key(double x)
{
    uint64_t k;
    x += 0.0;
    memcpy(&k, &x, sizeof k);
    return (k >> 63) ? ~k : k | (1ULL << 63);
}

#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)

/* Sorts s[0..n) by x0 (a least-significant-digit radix sort, 6 passes of 11 bits, stable),
 * using tmp (n entries) and keys (2n); 0 when out of memory. Linear: the qsort it replaces was
 * the dissolve's largest cost on a mechanism of 2000 scattered cells. */
static int sort_segs(seg *s, size_t n)
{
    seg *tmp = rg_i_malloc_array(n ? n : 1, sizeof *tmp);
    uint64_t *key = rg_i_malloc_array(n ? 2 * n : 1, sizeof *key), *ktmp = key + n;
    size_t count[RADIX], i;
    int pass;
    if (!tmp || !key) {
        free(tmp);
        free(key);
        return 0;
    }
    for (i = 0; i < n; i++)
        key[i] = order_key(s[i].x0);
    for (pass = 0; pass * RADIX_BITS < 64; pass++) {
        int shift = pass * RADIX_BITS;
        size_t sum = 0;
        memset(count, 0, sizeof count);
        for (i = 0; i < n; i++)
            count[(key[i] >> shift) & (RADIX - 1)]++;
        if (count[key[0] >> shift & (RADIX - 1)] == n)
            continue; /* every key has this digit */
        for (i = 0; i < RADIX; i++) {
            size_t c = count[i];
            count[i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++) {
            size_t d = count[(key[i] >> shift) & (RADIX - 1)]++;
            tmp[d] = s[i];
            ktmp[d] = key[i];
        }
        memcpy(s, tmp, n * sizeof *s);
        memcpy(key, ktmp, n * sizeof *key);
    }
    free(tmp);
    free(key);
    return 1;
}

/* 1 when no two edges of the loops meet other than at a shared end (a sweep in x), 0 when two
 * do, -1 out of memory. */
static int edges_apart(const work *w)
{
    size_t n = w->lv_len - w->nl, i, j, k = 0, l;
    seg *s = rg_i_malloc_array(n ? n : 1, sizeof *s);
    int ok = 1;
    if (!s)
        return -1;
    for (l = 0; l < w->nl; l++)
        for (i = w->ls[l]; i + 1 < w->ls[l + 1]; i++) {
            double xa = w->vx[2 * w->lv[i]], xb = w->vx[2 * w->lv[i + 1]];
            s[k++] = (seg){fmin(xa, xb), fmax(xa, xb), w->lv[i], w->lv[i + 1]};
        }
    if (n && !sort_segs(s, n)) {
        free(s);
        return -1;
    }
    for (i = 0; i < n && ok; i++) {
        double ya = w->vx[2 * s[i].a + 1], yb = w->vx[2 * s[i].b + 1];
        double y0 = fmin(ya, yb), y1 = fmax(ya, yb);
        for (j = i + 1; j < n && s[j].x0 <= s[i].x1; j++) {
            double yc = w->vx[2 * s[j].a + 1], yd = w->vx[2 * s[j].b + 1];
            if (fmax(yc, yd) < y0 || fmin(yc, yd) > y1)
                continue;
            if (segments_meet(w, s[i].a, s[i].b, s[j].a, s[j].b)) {
                ok = 0;
                break;
            }
        }
    }
    free(s);
    return ok;
}

/* Where point p is against loop l: 1 inside, 0 outside, -1 on its boundary. */
static int point_in_loop(const work *w, size_t l, const double *p)
{
    size_t i;
    int in = 0;
    for (i = w->ls[l]; i + 1 < w->ls[l + 1]; i++) {
        const double *a = w->vx + 2 * w->lv[i], *b = w->vx + 2 * w->lv[i + 1];
        if (orient(a, b, p) == 0 && within(a, b, p))
            return -1;
        if ((a[1] > p[1]) != (b[1] > p[1]) &&
            p[0] < a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]))
            in = !in;
    }
    return in;
}

/* Loop l's bounding box: x0, y0, x1, y1. */
static void loop_box(const work *w, size_t l, double *box)
{
    size_t i;
    box[0] = box[1] = INFINITY;
    box[2] = box[3] = -INFINITY;
    for (i = w->ls[l]; i < w->ls[l + 1]; i++) {
        const double *p = w->vx + 2 * w->lv[i];
        box[0] = fmin(box[0], p[0]);
        box[1] = fmin(box[1], p[1]);
        box[2] = fmax(box[2], p[0]);
        box[3] = fmax(box[3], p[1]);
    }
}

/* The smallest shell around hole h (NONE when none is), among the loops with positive area. */
static size_t hole_shell(const work *w, size_t h, const double *boxes, const double *area)
{
    const double *hb = boxes + 4 * h;
    double p[2], best_area = INFINITY;
    size_t l, i, best = NONE;
    for (l = 0; l < w->nl; l++) {
        const double *sb = boxes + 4 * l;
        int where = -1;
        if (area[l] <= 0 || area[l] >= best_area || sb[0] > hb[0] || sb[1] > hb[1] ||
            sb[2] < hb[2] || sb[3] < hb[3])
            continue;
        /* a point of the hole off the shell: a vertex, else the middle of its first edge */
        for (i = w->ls[h]; i + 1 < w->ls[h + 1] && where < 0; i++)
            where = point_in_loop(w, l, w->vx + 2 * w->lv[i]);
        if (where < 0) {
            const double *a = w->vx + 2 * w->lv[w->ls[h]], *b = w->vx + 2 * w->lv[w->ls[h] + 1];
            p[0] = (a[0] + b[0]) / 2;
            p[1] = (a[1] + b[1]) / 2;
            where = point_in_loop(w, l, p);
        }
        if (where == 1) {
            best = l;
            best_area = area[l];
        }
    }
    return best;
}

/* Appends loop l to out as a ring. */
static int put_loop(rg_i_polygons *out, const work *w, size_t l)
{
    size_t n = w->ls[l + 1] - w->ls[l], i;
    if (!rg_i_polygons_add_ring(out, w->vx, 0) ||
        !rg_i_reserve((void **)&out->xy, &out->xy_cap, 2 * (out->npts + n), sizeof *out->xy))
        return 0;
    for (i = 0; i < n; i++) {
        out->xy[2 * (out->npts + i)] = w->vx[2 * w->lv[w->ls[l] + i]];
        out->xy[2 * (out->npts + i) + 1] = w->vx[2 * w->lv[w->ls[l] + i] + 1];
    }
    out->npts += n;
    out->ring[out->nrings] = out->npts;
    return 1;
}

/* The loops as polygons: each shell (in loop order) followed by its holes (in loop order). */
static int assemble(work *w, rg_i_polygons *out, double *total)
{
    double *boxes = NULL, *area = NULL, sum = 0;
    size_t *shell_of = NULL, *first = NULL, *last = NULL, *next = NULL, l, h;
    int ok = -1;
    if (!(boxes = rg_i_malloc_array(4 * w->nl + 1, sizeof *boxes)) ||
        !(area = rg_i_malloc_array(w->nl + 1, sizeof *area)) ||
        !(shell_of = rg_i_malloc_array(w->nl + 1, sizeof *shell_of)) ||
        !(first = rg_i_malloc_array(w->nl + 1, sizeof *first)) ||
        !(last = rg_i_malloc_array(w->nl + 1, sizeof *last)) ||
        !(next = rg_i_malloc_array(w->nl + 1, sizeof *next)))
        goto cleanup;
    for (l = 0; l < w->nl; l++) {
        loop_box(w, l, boxes + 4 * l);
        area[l] = loop_area2(w, l) / 2;
        sum += area[l];
    }
    *total = sum;
    ok = 0;
    for (l = 0; l < w->nl; l++) {
        shell_of[l] = l;
        if (area[l] == 0 || !isfinite(area[l]))
            goto cleanup;
        if (area[l] < 0 && (shell_of[l] = hole_shell(w, l, boxes, area)) == NONE)
            goto cleanup;
    }
    ok = -1;
    /* each shell's holes listed after it, both in loop order: a chain through next[] (a scan
     * of all loops per shell was quadratic in a mechanism's thousands of pieces) */
    for (l = 0; l < w->nl; l++)
        next[l] = first[l] = last[l] = NONE;
    for (h = 0; h < w->nl; h++)
        if (area[h] < 0) {
            size_t sh = shell_of[h];
            if (first[sh] == NONE)
                first[sh] = h;
            else
                next[last[sh]] = h;
            last[sh] = h;
        }
    for (l = 0; l < w->nl; l++) {
        if (area[l] < 0)
            continue;
        if (!rg_i_polygons_begin(out) || !put_loop(out, w, l))
            goto cleanup;
        for (h = first[l]; h != NONE; h = next[h])
            if (!put_loop(out, w, h))
                goto cleanup;
    }
    ok = 1;
cleanup:
    free(boxes);
    free(area);
    free(shell_of);
    free(first);
    free(last);
    free(next);
    return ok;
}

int rg_i_dissolve(const double *xy, const size_t *pt_start, const size_t *ring_start,
                  const size_t *polys, size_t n, rg_i_polygons *out)
{
    work w;
    double in_area = 0, out_area = 0;
    size_t j, k;
    int ok = 0;
    memset(&w, 0, sizeof w);
    rg_i_polygons_clear(out);
    for (j = 0; j < n; j++) {
        size_t q = polys[j];
        for (k = ring_start[q]; k < ring_start[q + 1]; k++)
            if ((ok = add_ring(&w, xy + 2 * pt_start[k], pt_start[k + 1] - pt_start[k],
                               k == ring_start[q], &in_area)) != 1)
                goto cleanup;
    }
    if (ok < 0 || (ok = settle(&w)) != 1 || (ok = trace(&w)) != 1 ||
        (ok = assemble(&w, out, &out_area)) != 1)
        goto cleanup;
    /* overlapping polygons leave no edge to cancel but count their common part twice */
    if (!(fabs(out_area - in_area) <= 1e-9 * fabs(in_area))) {
        ok = 0;
        goto cleanup;
    }
    ok = edges_apart(&w);
cleanup:
    if (ok == -1)
        RG_I_NOMEM(); /* every -1 is memory running out */
    if (ok != 1)
        rg_i_polygons_clear(out);
    rg_i_idmap_release(&w.vmap);
    rg_i_idmap_release(&w.emap);
    free(w.vx);
    free(w.e);
    free(w.ids);
    free(w.lv);
    free(w.ls);
    return ok;
}
