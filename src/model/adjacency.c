/* The adjacency container: pairs with their border polylines, in flat arrays. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"


rg_status rg_i_adjacency_new(rg_contiguity kind, rg_adjacency **out)
{
    rg_adjacency *adj = calloc(1, sizeof *adj);
    rg_status st = RG_OK;
    *out = NULL;
    if (!adj) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    adj->kind = kind;
    /* line_first and pt_start always hold their leading 0 so the accessors never see NULL. */
    if (!(adj->line_first = malloc(sizeof *adj->line_first)) ||
        !(adj->pt_start = malloc(sizeof *adj->pt_start))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    adj->line_cap = 1;
    adj->line_first[0] = 0;
    adj->pt_start[0] = 0;
    *out = adj;
    adj = NULL;
cleanup:
    rg_adjacency_free(adj);
    return st;
}

void rg_adjacency_free(rg_adjacency *adj)
{
    if (!adj)
        return;
    free(adj->a);
    free(adj->b);
    free(adj->km);
    free(adj->rook);
    free(adj->contact);
    free(adj->gap);
    free(adj->line_first);
    free(adj->pt_start);
    free(adj->xy);
    free(adj);
}

/* The pair arrays share one capacity, cap; line_first has cap + 1 slots. Each realloc only ever
 * grows an array, so after a failure part way cap still bounds every array's size. */
static int grow_pairs(rg_adjacency *adj, size_t need)
{
    size_t ncap = adj->cap ? adj->cap : 16;
    void *p;
    if (need <= adj->cap)
        return 1;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 4 / sizeof(double))
            return 0;
        ncap *= 2;
    }
    if (!(p = realloc(adj->a, ncap * sizeof *adj->a)))
        return 0;
    adj->a = p;
    if (!(p = realloc(adj->b, ncap * sizeof *adj->b)))
        return 0;
    adj->b = p;
    if (!(p = realloc(adj->km, ncap * sizeof *adj->km)))
        return 0;
    adj->km = p;
    if (!(p = realloc(adj->rook, ncap * sizeof *adj->rook)))
        return 0;
    adj->rook = p;
    if (!(p = realloc(adj->contact, ncap * sizeof *adj->contact)))
        return 0;
    adj->contact = p;
    if (!(p = realloc(adj->gap, ncap * sizeof *adj->gap)))
        return 0;
    adj->gap = p;
    if (!(p = realloc(adj->line_first, (ncap + 1) * sizeof *adj->line_first)))
        return 0;
    adj->line_first = p;
    adj->cap = ncap;
    return 1;
}

rg_status rg_i_adjacency_add_pair(rg_adjacency *adj, size_t a, size_t b, double km, int rook)
{
    return rg_i_adjacency_add_pair_ex(adj, a, b, km, rook ? RG_CONTACT_BORDER : RG_CONTACT_POINT,
                                      0.0);
}

rg_status rg_i_adjacency_add_pair_ex(rg_adjacency *adj, size_t a, size_t b, double km,
                                     rg_contact contact, double gap_km)
{
    if (a >= b)
        return rg_i_error(RG_ERR_INTERNAL, "adjacency: pair (%zu, %zu) is not ordered", a, b);
    if (!grow_pairs(adj, adj->n + 1))
        return RG_I_NOMEM();
    adj->a[adj->n] = a;
    adj->b[adj->n] = b;
    adj->km[adj->n] = km;
    adj->rook[adj->n] = contact == RG_CONTACT_BORDER;
    adj->contact[adj->n] = (unsigned char)contact;
    adj->gap[adj->n] = gap_km;
    adj->n++;
    adj->line_first[adj->n] = adj->nlines;
    return RG_OK;
}

rg_status rg_i_adjacency_reserve(rg_adjacency *adj, size_t pairs, size_t lines, size_t pts)
{
    size_t xy_cap = 2 * adj->pt_cap;
    if (!grow_pairs(adj, pairs) ||
        !rg_i_reserve((void **)&adj->pt_start, &adj->line_cap, lines + 1, sizeof *adj->pt_start) ||
        !rg_i_reserve((void **)&adj->xy, &xy_cap, 2 * pts, sizeof *adj->xy))
        return RG_I_NOMEM();
    adj->pt_cap = xy_cap / 2;
    return RG_OK;
}

rg_status rg_i_adjacency_add_line(rg_adjacency *adj, const double *xy, size_t npts)
{
    size_t xy_cap = 2 * adj->pt_cap; /* pt_cap counts points; xy holds two doubles each */
    if (adj->n == 0)
        return rg_i_error(RG_ERR_INTERNAL, "adjacency: a line was added before any pair");
    if (!rg_i_reserve((void **)&adj->pt_start, &adj->line_cap, adj->nlines + 2,
                      sizeof *adj->pt_start))
        return RG_I_NOMEM();
    if (!rg_i_reserve((void **)&adj->xy, &xy_cap, 2 * (adj->npts + npts), sizeof *adj->xy))
        return RG_I_NOMEM();
    adj->pt_cap = xy_cap / 2;
    if (npts)
        memcpy(adj->xy + 2 * adj->npts, xy, 2 * npts * sizeof *xy);
    adj->npts += npts;
    adj->nlines++;
    adj->pt_start[adj->nlines] = adj->npts;
    adj->line_first[adj->n] = adj->nlines;
    return RG_OK;
}

size_t rg_adjacency_count(const rg_adjacency *adj)
{
    return adj->n;
}

void rg_adjacency_pair(const rg_adjacency *adj, size_t k, size_t *a, size_t *b, double *border_km,
                       int *rook)
{
    if (a)
        *a = adj->a[k];
    if (b)
        *b = adj->b[k];
    if (border_km)
        *border_km = adj->km[k];
    if (rook)
        *rook = adj->rook[k];
}

void rg_adjacency_border(const rg_adjacency *adj, size_t k, size_t *line_first, size_t *line_count)
{
    if (line_first)
        *line_first = adj->line_first[k];
    if (line_count)
        *line_count = adj->line_first[k + 1] - adj->line_first[k];
}

rg_contact rg_adjacency_contact(const rg_adjacency *adj, size_t k)
{
    return (rg_contact)adj->contact[k];
}

double rg_adjacency_gap_km(const rg_adjacency *adj, size_t k)
{
    return adj->gap[k];
}

const size_t *rg_adjacency_line_pt_start(const rg_adjacency *adj)
{
    return adj->pt_start;
}

const double *rg_adjacency_xy(const rg_adjacency *adj)
{
    return adj->xy;
}

/* One pair of one part, with its merged endpoints, for sorting. */
typedef struct merge_item {
    size_t a, b;
    size_t part, k;
} merge_item;

static int merge_item_cmp(const void *x, const void *y)
{
    const merge_item *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return 0;
}

rg_status rg_i_adjacency_merge(rg_adjacency **parts, const size_t *offsets, size_t nparts,
                               rg_adjacency **out)
{
    rg_adjacency *adj = NULL;
    merge_item *items = NULL;
    rg_contiguity kind = RG_CONTIGUITY_QUEEN;
    size_t total = 0, n = 0, p, k, j;
    int have_kind = 0;
    rg_status st = RG_OK;

    *out = NULL;
    for (p = 0; p < nparts; p++) {
        if (!parts[p])
            continue;
        if (!have_kind) {
            kind = parts[p]->kind;
            have_kind = 1;
        }
        total += parts[p]->n;
    }
    if ((st = rg_i_adjacency_new(kind, &adj)) != RG_OK)
        goto cleanup;
    if (!(items = rg_i_malloc_array(total ? total : 1, sizeof *items))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (p = 0; p < nparts; p++)
        for (k = 0; parts[p] && k < parts[p]->n; k++) {
            items[n].a = offsets[p] + parts[p]->a[k];
            items[n].b = offsets[p] + parts[p]->b[k];
            items[n].part = p;
            items[n].k = k;
            n++;
        }
    /* Each part is already sorted and the levels' index ranges follow each other, so this is
     * usually a no-op pass; sorting anyway keeps the promise whatever the offsets are. */
    qsort(items, n, sizeof *items, merge_item_cmp);
    for (j = 0; j < n; j++) {
        const rg_adjacency *src = parts[items[j].part];
        size_t l;
        k = items[j].k;
        if (j > 0 && merge_item_cmp(&items[j - 1], &items[j]) == 0) {
            st = rg_i_error(RG_ERR_INTERNAL, "adjacency merge: pair (%zu, %zu) is in two parts",
                            items[j].a, items[j].b);
            goto cleanup;
        }
        if ((st = rg_i_adjacency_add_pair_ex(adj, items[j].a, items[j].b, src->km[k],
                                             (rg_contact)src->contact[k], src->gap[k])) != RG_OK)
            goto cleanup;
        for (l = src->line_first[k]; l < src->line_first[k + 1]; l++)
            if ((st = rg_i_adjacency_add_line(adj, src->xy + 2 * src->pt_start[l],
                                              src->pt_start[l + 1] - src->pt_start[l])) != RG_OK)
                goto cleanup;
    }
    *out = adj;
    adj = NULL;
cleanup:
    for (p = 0; p < nparts; p++) {
        rg_adjacency_free(parts[p]);
        parts[p] = NULL;
    }
    rg_adjacency_free(adj);
    free(items);
    return st;
}
