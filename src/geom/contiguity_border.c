/* Exact contiguity's output: the records of the vertex probing grouped by pair, each pair's
 * shared stretches summed into a border length and chained into polylines (see contiguity.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"
#include "geom/contiguity_internal.h"

#define NONE RG_I_NONE

typedef rg_i_exact builder;
typedef rg_i_contact contact;

static int point_equal(const double *p, const double *q)
{
    return p[0] == q[0] && p[1] == q[1];
}

/* Digits of the in-place radix sort by region: 2^11 buckets keep every bucket's write head,
 * and the line it writes into, in the level-2 cache; a bucket this small is finished by
 * insertion. */
#define RADIX_BITS 11
#define RADIX_SMALL 32

/* Sorts c[0 .. n-1] by region a, all of which lie in [base, base + 2^bits) (American flag sort
 * on the top RADIX_BITS of those bits, then each bucket on the rest). Moving records straight to
 * their region's slot took a cache miss for nearly every record when the regions are in random
 * spatial order; with at most 2^11 buckets a pass the moves stay within cached lines, and two
 * passes cover a million regions. Only the regions' order matters: emit sorts each region's
 * records fully. O(n) a pass, ceil(bits / 11) passes. */
static void radix_by_region(contact *c, size_t n, size_t base, unsigned bits)
{
    size_t count[(size_t)1 << RADIX_BITS], next[(size_t)1 << RADIX_BITS], i, d, ndig;
    unsigned dbits, shift;
    if (n < 2 || bits == 0)
        return;
    if (n <= RADIX_SMALL) {
        for (i = 1; i < n; i++) {
            contact t = c[i];
            size_t j = i;
            for (; j > 0 && c[j - 1].a > t.a; j--)
                c[j] = c[j - 1];
            c[j] = t;
        }
        return;
    }
    dbits = bits < RADIX_BITS ? bits : RADIX_BITS;
    shift = bits - dbits;
    ndig = (size_t)1 << dbits;
    memset(count, 0, ndig * sizeof *count);
    for (i = 0; i < n; i++)
        count[(c[i].a - base) >> shift]++;
    for (d = 0, i = 0; d < ndig; d++) {
        next[d] = i;
        i += count[d];
        count[d] = i; /* now the end of bucket d */
    }
    for (d = 0; d < ndig; d++) {
        while (next[d] < count[d]) {
            contact x = c[next[d]];
            size_t e = (x.a - base) >> shift;
            while (e != d) {
                contact t = c[next[e]];
                c[next[e]++] = x;
                x = t;
                e = (x.a - base) >> shift;
            }
            c[next[d]++] = x;
        }
    }
    for (d = 0, i = 0; d < ndig; d++) {
        radix_by_region(c + i, count[d] - i, base + (d << shift), shift);
        i = count[d];
    }
}

/* Sorts the records by region a and gives first (n + 1 entries): records of region a are
 * first[a] .. first[a+1]-1. O(records + n). */
static rg_status bucket_by_region(builder *bd, size_t n, size_t **first_out)
{
    size_t *first = NULL, i, a;
    unsigned bits = 0;
    rg_status st = RG_OK;
    *first_out = NULL;
    if (!(first = rg_i_calloc_array(n + 1, sizeof *first))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    while (bits < 8 * sizeof(size_t) && (n >> bits) > 0)
        bits++;
    radix_by_region(bd->rec, bd->nrec, 0, bits);
    for (i = 0; i < bd->nrec; i++)
        first[bd->rec[i].a + 1]++;
    for (a = 0; a < n; a++)
        first[a + 1] += first[a];
    *first_out = first;
    first = NULL;
cleanup:
    free(first);
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
static rg_status emit_pair(builder *bd, chainer *ch, rg_i_union *un, const rg_i_length *len,
                           rg_contiguity kind, const contact *c, size_t m, rg_adjacency *adj)
{
    const double *xy = bd->xy;
    size_t nstretch = 0, i, npts = 0;
    rg_status st = RG_OK;
    while (nstretch < m && c[nstretch].q != NONE)
        nstretch++;
    if (nstretch > 0) {
        double km = 0;
        int repeated;
        if ((st = rg_i_union_km(un, xy, len, c, nstretch, &km, &repeated)) != RG_OK)
            goto cleanup;
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

rg_status rg_i_exact_emit(builder *bd, rg_i_to_wgs84 *to_geo, rg_adjacency *adj)
{
    const rg_regions *regions = bd->regions;
    size_t n = rg_regions_count(regions), *first = NULL, a, i, j;
    chainer ch;
    rg_i_union un;
    rg_i_length len;
    rg_status st;
    memset(&ch, 0, sizeof ch);
    memset(&un, 0, sizeof un);
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
            rg_i_exact_progress(bd, RG_I_PROGRESS_SCAN_END +
                                    (1.0 - RG_I_PROGRESS_SCAN_END) * (double)a / (double)n);
        if (m > 1)
            qsort(c, m, sizeof *c, compare_contacts);
        for (i = 0; i < m; i = j) {
            for (j = i + 1; j < m && c[j].b == c[i].b; j++)
                ;
            if ((st = emit_pair(bd, &ch, &un, &len, bd->kind, c + i, j - i, adj)) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    free(first);
    chainer_release(&ch);
    rg_i_union_release(&un);
    return st;
}
