/* Suggestions: the pool of steps that would close coordination gaps (new members of each
 * mechanism, new agreements among uncovered regions), their gains and explanations, ranked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/suggest_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"

struct rg_suggest {
    size_t level;
    char *level_name;
    int weighted;
    rg_suggest_options opt;
    size_t nmechs;
    size_t *member_first;   /* per mechanism: its steps in members */
    rg_suggestion *members;
    size_t nmembers;
    size_t nagreements;
    rg_suggestion *agreements;
    rg_i_plan_out plan;
};

static void release_list(rg_suggestion *list, size_t n)
{
    size_t k;
    for (k = 0; list && k < n; k++)
        rg_i_suggestion_release(&list[k]);
    free(list);
}

void rg_suggest_free(rg_suggest *s)
{
    if (!s)
        return;
    free(s->level_name);
    release_list(s->members, s->nmembers);
    free(s->member_first);
    release_list(s->agreements, s->nagreements);
    release_list(s->plan.greedy, s->plan.ngreedy);
    release_list(s->plan.exact, s->plan.nexact);
    free(s);
}

/* ---- the state of a plan ------------------------------------------------------------------- */

rg_status rg_i_state_init(const rg_i_suggest *s, rg_i_state *state)
{
    size_t nm = s->view.cover.nmechs;
    memset(state, 0, sizeof *state);
    if (!(state->coordinated = rg_i_malloc_array(s->view.m + 1, 1)) ||
        !(state->added = rg_i_calloc_array(nm + 1, sizeof *state->added)) ||
        !(state->nadded = rg_i_calloc_array(nm + 1, sizeof *state->nadded)) ||
        !(state->cap = rg_i_calloc_array(nm + 1, sizeof *state->cap))) {
        rg_i_state_release(s, state);
        return RG_I_NOMEM();
    }
    memcpy(state->coordinated, s->view.coordinated, s->view.m);
    return RG_OK;
}

void rg_i_state_release(const rg_i_suggest *s, rg_i_state *state)
{
    size_t mi;
    for (mi = 0; state->added && mi < s->view.cover.nmechs; mi++)
        free(state->added[mi]);
    free(state->added);
    free(state->nadded);
    free(state->cap);
    free(state->coordinated);
    memset(state, 0, sizeof *state);
}

int rg_i_state_covers(const rg_i_suggest *s, const rg_i_state *state, size_t mi, size_t i)
{
    size_t k;
    if (rg_i_levelview_covers(&s->view, mi, i))
        return 1;
    /* a plan adds a handful of regions: a scan beats any index */
    for (k = 0; k < state->nadded[mi]; k++)
        if (state->added[mi][k] == i)
            return 1;
    return 0;
}

rg_status rg_i_state_apply(const rg_i_suggest *s, rg_i_state *state, const rg_i_action *a)
{
    size_t closed_cap = 0, *closed = NULL, nclosed = 0, k;
    rg_i_effect eff;
    rg_status st = RG_OK;
    for (k = 0; k < a->count; k++)
        closed_cap += s->view.inc_first[s->regions[a->first + k] + 1] -
                      s->view.inc_first[s->regions[a->first + k]];
    if (!(closed = rg_i_malloc_array(closed_cap + 1, sizeof *closed))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    rg_i_evaluate((rg_i_suggest *)s, state, a, &eff, closed, &nclosed);
    for (k = 0; k < nclosed; k++)
        state->coordinated[closed[k]] = 1;
    if (a->kind == RG_SUGGEST_MEMBER) {
        size_t mi = a->mechanism;
        for (k = 0; k < a->count; k++) {
            size_t r = s->regions[a->first + k];
            if (rg_i_state_covers(s, state, mi, r))
                continue;
            if (!rg_i_reserve((void **)&state->added[mi], &state->cap[mi], state->nadded[mi] + 1,
                              sizeof **state->added)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            state->added[mi][state->nadded[mi]++] = r;
        }
    }
cleanup:
    free(closed);
    return st;
}

/* ---- a step's effect ----------------------------------------------------------------------- */

void rg_i_evaluate(rg_i_suggest *s, const rg_i_state *state, const rg_i_action *a,
                   rg_i_effect *eff, size_t *closed, size_t *nclosed)
{
    const rg_i_levelview *v = &s->view;
    size_t round = ++s->round, k, e, a_side, b_side;
    memset(eff, 0, sizeof *eff);
    if (nclosed)
        *nclosed = 0;
    for (k = 0; k < a->count; k++)
        s->stamp[s->regions[a->first + k]] = round;
    for (k = 0; k < a->count; k++) {
        size_t u = s->regions[a->first + k];
        /* a member already covered adds nothing of its own (a parent partly inside) */
        if (a->kind == RG_SUGGEST_MEMBER && rg_i_state_covers(s, state, a->mechanism, u))
            continue;
        for (e = v->inc_first[u]; e < v->inc_first[u + 1]; e++) {
            size_t pk = v->inc[e], w;
            double km;
            int inside, with_mech;
            if (!v->border[pk])
                continue;
            rg_adjacency_pair(v->adj, pk, &a_side, &b_side, &km, NULL);
            w = a_side == u ? b_side : a_side;
            with_mech = a->kind == RG_SUGGEST_MEMBER && rg_i_state_covers(s, state, a->mechanism, w);
            inside = !with_mech && s->stamp[w] == round;
            /* a border between two newcomers is met from both: count it from the smaller */
            if (inside && w < u)
                continue;
            if (!inside && !with_mech) {
                eff->opened_pairs++;
                eff->opened_km += km;
                continue;
            }
            if (state->coordinated[pk])
                continue;
            eff->pairs++;
            eff->km += km;
            eff->gain += s->value[pk];
            if (with_mech) {
                eff->frontier_pairs++;
                eff->frontier_km += km;
                eff->frontier_gain += s->value[pk];
            }
            if (s->cross[pk]) {
                eff->cross_pairs++;
                eff->cross_km += km;
            }
            if (closed)
                closed[(*nclosed)++] = pk;
        }
    }
}

int rg_i_touches(rg_i_suggest *s, const rg_i_state *state, const rg_i_action *a)
{
    const rg_i_levelview *v = &s->view;
    size_t k, e, x, y;
    for (k = 0; k < a->count; k++) {
        size_t u = s->regions[a->first + k];
        if (rg_i_state_covers(s, state, a->mechanism, u))
            return 1;
        for (e = v->inc_first[u]; e < v->inc_first[u + 1]; e++) {
            rg_adjacency_pair(v->adj, v->inc[e], &x, &y, NULL, NULL);
            if (rg_i_state_covers(s, state, a->mechanism, x == u ? y : x))
                return 1;
        }
    }
    return 0;
}

/* ---- explanations -------------------------------------------------------------------------- */

void rg_i_suggestion_release(rg_suggestion *sg)
{
    free((void *)sg->regions);
    free((void *)sg->closed);
    sg->regions = sg->closed = NULL;
}

static size_t uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Pieces of the mechanism as it stands (set 0) and with the step's regions (set 1), and how many
 * of the first the step touches: a union-find over the regions involved, joined by the pairs at
 * the level (island links too, as the coverage report counts pieces). */
static rg_status pieces(rg_i_suggest *s, const rg_i_state *state, const rg_i_action *a,
                        rg_suggestion *out)
{
    const rg_i_levelview *v = &s->view;
    size_t mi = a->mechanism, n = 0, cap = 0, *nodes = NULL, *parent = NULL, k, e, x, y;
    size_t round, before = 0, after, touched = 0, *seen = NULL, nseen = 0;
    rg_status st = RG_OK;
    /* the mechanism's regions now: its cover plus what the plan added */
    round = ++s->round;
    for (k = v->cover.region_first[mi]; k < v->cover.region_first[mi + 1] + state->nadded[mi];
         k++) {
        size_t r = k < v->cover.region_first[mi + 1] ? v->cover.regions[k]
                                                      : state->added[mi][k - v->cover.region_first[mi + 1]];
        if (!rg_i_reserve((void **)&nodes, &cap, n + 1, sizeof *nodes)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        s->stamp[r] = round;
        s->pos[r] = n;
        nodes[n++] = r;
    }
    before = n;
    for (k = 0; k < a->count; k++) {
        size_t r = s->regions[a->first + k];
        if (s->stamp[r] == round)
            continue;
        if (!rg_i_reserve((void **)&nodes, &cap, n + 1, sizeof *nodes)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        s->stamp[r] = round;
        s->pos[r] = n;
        nodes[n++] = r;
    }
    if (!(parent = rg_i_malloc_array(n + 1, sizeof *parent)) ||
        !(seen = rg_i_malloc_array(n + 1, sizeof *seen))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < n; k++)
        parent[k] = k;
    /* pieces before: joins among the mechanism's own regions */
    out->pieces_before = before;
    for (k = 0; k < before; k++)
        for (e = v->inc_first[nodes[k]]; e < v->inc_first[nodes[k] + 1]; e++) {
            size_t w, px, py;
            rg_adjacency_pair(v->adj, v->inc[e], &x, &y, NULL, NULL);
            w = x == nodes[k] ? y : x;
            if (s->stamp[w] != round || s->pos[w] >= before || w < nodes[k])
                continue;
            px = uf_find(parent, k);
            py = uf_find(parent, s->pos[w]);
            if (px != py) {
                parent[px] = py;
                out->pieces_before--;
            }
        }
    /* the pieces the newcomers touch, then the joins they make */
    for (k = before; k < n; k++)
        for (e = v->inc_first[nodes[k]]; e < v->inc_first[nodes[k] + 1]; e++) {
            size_t w, root, j;
            rg_adjacency_pair(v->adj, v->inc[e], &x, &y, NULL, NULL);
            w = x == nodes[k] ? y : x;
            if (s->stamp[w] != round || s->pos[w] >= before)
                continue;
            root = uf_find(parent, s->pos[w]);
            for (j = 0; j < nseen && seen[j] != root; j++)
                ;
            if (j == nseen)
                seen[nseen++] = root;
        }
    touched = nseen;
    after = out->pieces_before + (n - before);
    for (k = before; k < n; k++)
        for (e = v->inc_first[nodes[k]]; e < v->inc_first[nodes[k] + 1]; e++) {
            size_t w, px, py;
            rg_adjacency_pair(v->adj, v->inc[e], &x, &y, NULL, NULL);
            w = x == nodes[k] ? y : x;
            if (s->stamp[w] != round)
                continue;
            px = uf_find(parent, k);
            py = uf_find(parent, s->pos[w]);
            if (px != py) {
                parent[px] = py;
                after--;
            }
        }
    out->pieces_after = after;
    out->pieces_joined = touched;
cleanup:
    free(nodes);
    free(parent);
    free(seen);
    return st;
}

typedef struct closed_key {
    int frontier; /* a member's border with its mechanism: named first */
    double km;
    size_t k;
} closed_key;

static int closed_cmp(const void *x, const void *y)
{
    const closed_key *p = x, *q = y;
    if (p->frontier != q->frontier)
        return p->frontier > q->frontier ? -1 : 1;
    if (p->km != q->km)
        return p->km > q->km ? -1 : 1;
    return p->k < q->k ? -1 : p->k > q->k;
}

static int size_cmp(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? -1 : a > b;
}

rg_status rg_i_describe(rg_i_suggest *s, const rg_i_state *state, const rg_i_action *a,
                        rg_suggestion *out)
{
    size_t cap = 0, k, nclosed = 0, *closed = NULL, *regions = NULL;
    closed_key *keys = NULL;
    rg_i_effect eff;
    rg_status st = RG_OK;

    memset(out, 0, sizeof *out);
    for (k = 0; k < a->count; k++)
        cap += s->view.inc_first[s->regions[a->first + k] + 1] -
               s->view.inc_first[s->regions[a->first + k]];
    if (!(closed = rg_i_malloc_array(cap + 1, sizeof *closed)) ||
        !(keys = rg_i_malloc_array(cap + 1, sizeof *keys)) ||
        !(regions = rg_i_malloc_array(a->count + 1, sizeof *regions))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    rg_i_evaluate(s, state, a, &eff, closed, &nclosed);
    for (k = 0; k < nclosed; k++) {
        size_t x, y;
        rg_adjacency_pair(s->view.adj, closed[k], &x, &y, &keys[k].km, NULL);
        keys[k].k = closed[k];
        keys[k].frontier = a->kind == RG_SUGGEST_MEMBER &&
                           (rg_i_state_covers(s, state, a->mechanism, x) ||
                            rg_i_state_covers(s, state, a->mechanism, y));
    }
    qsort(keys, nclosed, sizeof *keys, closed_cmp);
    for (k = 0; k < nclosed; k++)
        closed[k] = keys[k].k;
    memcpy(regions, s->regions + a->first, a->count * sizeof *regions);
    qsort(regions, a->count, sizeof *regions, size_cmp);
    out->kind = a->kind;
    out->mechanism = a->mechanism;
    out->region = a->head;
    out->nregions = a->count;
    out->regions = regions;
    out->gain = eff.gain;
    out->pairs = eff.pairs;
    out->km = eff.km;
    out->cross_pairs = eff.cross_pairs;
    out->cross_km = eff.cross_km;
    out->nclosed = nclosed;
    out->closed = closed;
    out->opened_pairs = eff.opened_pairs;
    out->opened_km = eff.opened_km;
    out->frontier_pairs = eff.frontier_pairs;
    out->frontier_km = eff.frontier_km;
    out->frontier_gain = eff.frontier_gain;
    regions = closed = NULL;
    if (a->kind == RG_SUGGEST_MEMBER && (st = pieces(s, state, a, out)) != RG_OK)
        goto cleanup;
cleanup:
    if (st != RG_OK)
        rg_i_suggestion_release(out);
    free(closed);
    free(regions);
    free(keys);
    return st;
}

/* ---- the pool of steps --------------------------------------------------------------------- */

static rg_status add_action(rg_i_suggest *s, rg_suggest_kind kind, size_t mechanism, size_t head,
                            const size_t *regions, size_t count)
{
    rg_i_action *a;
    if (!rg_i_reserve((void **)&s->actions, &s->acap, s->nactions + 1, sizeof *s->actions) ||
        !rg_i_reserve((void **)&s->regions, &s->rcap, s->nregions + count, sizeof *s->regions))
        return RG_I_NOMEM();
    a = &s->actions[s->nactions++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->mechanism = mechanism;
    a->head = head;
    a->first = s->nregions;
    a->count = count;
    memcpy(s->regions + s->nregions, regions, count * sizeof *regions);
    s->nregions += count;
    return RG_OK;
}

static size_t other_side(const rg_i_levelview *v, size_t k, size_t u)
{
    size_t a, b;
    rg_adjacency_pair(v->adj, k, &a, &b, NULL, NULL);
    return a == u ? b : a;
}

/* Member steps of each mechanism: every region not covered within `reach` borders of it (one
 * border without a plan; the plan's budget with one, so that the exact program can take in
 * a chain of newcomers), and every parent of regions of the level that would bring two or more
 * newcomers, one of them bordering the mechanism (a province far away joining a mechanism is
 * no step anyone would take). Distances by breadth-first search over borders. */
static rg_status member_pool(rg_i_suggest *s, size_t reach)
{
    const rg_i_levelview *v = &s->view;
    size_t *dist = NULL, *queue = NULL, *kids_first = NULL, *kids = NULL, *fill = NULL;
    size_t *newcomers = NULL, mi, i, k, e;
    rg_status st = RG_OK;
    if (!(dist = rg_i_malloc_array(v->n + 1, sizeof *dist)) ||
        !(queue = rg_i_malloc_array(v->n + 1, sizeof *queue)) ||
        !(kids_first = rg_i_calloc_array(v->n + 2, sizeof *kids_first)) ||
        !(fill = rg_i_malloc_array(v->n + 1, sizeof *fill)) ||
        !(kids = rg_i_malloc_array(v->n + 1, sizeof *kids)) ||
        !(newcomers = rg_i_malloc_array(v->n + 1, sizeof *newcomers))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* children of the level per parent */
    for (i = 0; i < v->n; i++) {
        long p = rg_regions_parent(v->r, i);
        if (v->at_level[i] && p >= 0)
            kids_first[p + 1]++;
    }
    for (i = 0; i < v->n; i++)
        kids_first[i + 1] += kids_first[i];
    memcpy(fill, kids_first, v->n * sizeof *fill);
    for (i = 0; i < v->n; i++) {
        long p = rg_regions_parent(v->r, i);
        if (v->at_level[i] && p >= 0)
            kids[fill[p]++] = i;
    }
    for (mi = 0; mi < v->cover.nmechs; mi++) {
        size_t head = 0, tail = 0;
        for (i = 0; i < v->n; i++)
            dist[i] = SIZE_MAX;
        for (k = v->cover.region_first[mi]; k < v->cover.region_first[mi + 1]; k++) {
            dist[v->cover.regions[k]] = 0;
            queue[tail++] = v->cover.regions[k];
        }
        while (head < tail) {
            size_t u = queue[head++];
            if (dist[u] >= reach)
                continue;
            for (e = v->inc_first[u]; e < v->inc_first[u + 1]; e++) {
                size_t w;
                if (!v->border[v->inc[e]])
                    continue;
                w = other_side(v, v->inc[e], u);
                if (dist[w] == SIZE_MAX) {
                    dist[w] = dist[u] + 1;
                    queue[tail++] = w;
                }
            }
        }
        for (k = 0; k < tail; k++)
            if (dist[queue[k]] > 0 &&
                (st = add_action(s, RG_SUGGEST_MEMBER, mi, queue[k], &queue[k], 1)) != RG_OK)
                goto cleanup;
        for (i = 0; i < v->n; i++) {
            size_t count = 0, near = 0;
            for (k = kids_first[i]; k < kids_first[i + 1]; k++)
                if (dist[kids[k]] != 0) {
                    newcomers[count++] = kids[k];
                    near |= dist[kids[k]] == 1;
                }
            if (count >= 2 && near &&
                (st = add_action(s, RG_SUGGEST_MEMBER, mi, i, newcomers, count)) != RG_OK)
                goto cleanup;
        }
    }
cleanup:
    free(dist);
    free(queue);
    free(kids_first);
    free(kids);
    free(fill);
    free(newcomers);
    return st;
}

static int uncovered(const rg_i_levelview *v, size_t i)
{
    return v->at_level[i] && v->mech_first[i] == v->mech_first[i + 1];
}

/* Agreement steps: every border between two uncovered regions, and (max_group 3) every
 * connected triple of uncovered regions: a path u - c - w around a centre c, or a triangle,
 * which is met from each of its corners and kept from the smallest. O(sum of degree^2). */
static rg_status agreement_pool(rg_i_suggest *s)
{
    const rg_i_levelview *v = &s->view;
    size_t *nb = NULL, *mark = NULL, cap = 0, c, e, x, y, round = 0;
    rg_status st = RG_OK;
    if (!(mark = rg_i_calloc_array(v->n + 1, sizeof *mark))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (c = 0; c < v->n; c++) {
        size_t nn = 0;
        if (!uncovered(v, c))
            continue;
        for (e = v->inc_first[c]; e < v->inc_first[c + 1]; e++) {
            size_t w;
            if (!v->border[v->inc[e]])
                continue;
            w = other_side(v, v->inc[e], c);
            if (!uncovered(v, w))
                continue;
            if (!rg_i_reserve((void **)&nb, &cap, nn + 1, sizeof *nb)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            nb[nn++] = w;
            if (c < w) {
                size_t pair[2] = {c, w};
                if ((st = add_action(s, RG_SUGGEST_AGREEMENT, SIZE_MAX, c, pair, 2)) != RG_OK)
                    goto cleanup;
            }
        }
        if (s->opt.max_group < 3)
            continue;
        for (x = 0; x < nn; x++) {
            /* mark x's neighbours, to tell a triangle from a path */
            round++;
            for (e = v->inc_first[nb[x]]; e < v->inc_first[nb[x] + 1]; e++)
                if (v->border[v->inc[e]])
                    mark[other_side(v, v->inc[e], nb[x])] = round;
            for (y = x + 1; y < nn; y++) {
                size_t t[3] = {nb[x], c, nb[y]}, lo;
                if (mark[nb[y]] == round) {
                    lo = c < nb[x] ? c : nb[x];
                    lo = lo < nb[y] ? lo : nb[y];
                    if (lo != c)
                        continue;
                }
                qsort(t, 3, sizeof *t, size_cmp);
                if ((st = add_action(s, RG_SUGGEST_AGREEMENT, SIZE_MAX, t[0], t, 3)) != RG_OK)
                    goto cleanup;
            }
        }
    }
cleanup:
    free(nb);
    free(mark);
    return st;
}

/* ---- ranking ------------------------------------------------------------------------------- */

typedef struct rank_key {
    double first, gain;   /* first: the option's leading key (joins, cross km), else 0 */
    double second;        /* members: the whole gain, after the frontier's */
    size_t size;
    const char *ids[3];
    size_t action;
    rg_suggestion sg;
} rank_key;

static int rank_cmp(const void *x, const void *y)
{
    const rank_key *p = x, *q = y;
    size_t k;
    int c;
    if (p->first != q->first)
        return p->first > q->first ? -1 : 1;
    if (p->gain != q->gain)
        return p->gain > q->gain ? -1 : 1;
    if (p->second != q->second)
        return p->second > q->second ? -1 : 1;
    if (p->size != q->size)
        return p->size < q->size ? -1 : 1;
    for (k = 0; k < 3; k++) {
        if (!p->ids[k] || !q->ids[k])
            break;
        if ((c = strcmp(p->ids[k], q->ids[k])) != 0)
            return c;
    }
    return p->action < q->action ? -1 : p->action > q->action;
}

/* Describes the steps of one mechanism (mi) or the agreements (SIZE_MAX) that gain something
 * now, ranked; records each step's rank in its action (ties in the greedy plan). */
static rg_status rank_steps(rg_i_suggest *s, const rg_i_state *state, size_t mi,
                            rg_suggestion **out, size_t *nout, size_t *order)
{
    rank_key *keys = NULL;
    rg_suggestion *list = NULL;
    size_t n = 0, a, k;
    rg_status st = RG_OK;
    *out = NULL;
    *nout = 0;
    if (!(keys = rg_i_calloc_array(s->nactions + 1, sizeof *keys))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (a = 0; a < s->nactions; a++) {
        rg_i_action *act = &s->actions[a];
        rank_key *key = &keys[n];
        rg_i_effect eff;
        if (act->mechanism != mi)
            continue;
        rg_i_evaluate(s, state, act, &eff, NULL, NULL);
        act->gain0 = eff.gain;
        if (!(eff.gain > 0))
            continue;
        if ((st = rg_i_describe(s, state, act, &key->sg)) != RG_OK)
            goto cleanup;
        n++;
        key->gain = act->kind == RG_SUGGEST_MEMBER ? key->sg.frontier_gain : key->sg.gain;
        key->second = key->sg.gain;
        key->size = act->count;
        key->action = a;
        if (act->kind == RG_SUGGEST_MEMBER) {
            key->ids[0] = rg_regions_id(s->view.r, act->head);
            if (s->opt.connect)
                key->first = (double)key->sg.pieces_before + 1.0 - (double)key->sg.pieces_after;
        } else {
            for (k = 0; k < act->count && k < 3; k++)
                key->ids[k] = rg_regions_id(s->view.r, key->sg.regions[k]);
            if (s->opt.cross_parent)
                key->first = key->sg.cross_km;
        }
    }
    qsort(keys, n, sizeof *keys, rank_cmp);
    if (!(list = rg_i_calloc_array(n + 1, sizeof *list))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < n; k++) {
        list[k] = keys[k].sg;
        s->actions[keys[k].action].order = (*order)++;
        memset(&keys[k].sg, 0, sizeof keys[k].sg);
    }
    *out = list;
    *nout = n;
    list = NULL;
cleanup:
    for (k = 0; keys && k < n; k++)
        rg_i_suggestion_release(&keys[k].sg);
    free(keys);
    free(list);
    return st;
}

/* ---- the computation ----------------------------------------------------------------------- */

static rg_status check_options(const rg_i_suggest *s, long *wf)
{
    const rg_regions *r = rg_graph_regions(s->graph);
    *wf = -1;
    if (s->opt.max_group != 2 && s->opt.max_group != 3)
        return rg_i_error(RG_ERR_ARG, "suggest: agreement groups of %zu regions: 2 or 3 only",
                          s->opt.max_group);
    if (!(s->opt.time_limit > 0) || s->opt.time_limit > 1e6)
        return rg_i_error(RG_ERR_ARG, "suggest: the time limit must be positive seconds");
    if (!s->opt.weight_field)
        return RG_OK;
    *wf = rg_regions_field_index(r, s->opt.weight_field);
    if (*wf < 0)
        return rg_i_error(RG_ERR_ARG, "%s: no field '%s' to weight the borders with",
                          rg_regions_source(r), s->opt.weight_field);
    if (rg_regions_field_type(r, (size_t)*wf) == RG_FIELD_STRING)
        return rg_i_error(RG_ERR_ARG, "%s: field '%s' is text, not a number: it cannot weight "
                          "the borders", rg_regions_source(r), s->opt.weight_field);
    return RG_OK;
}

rg_status rg_suggest_compute(const rg_graph *graph, const rg_suggest_options *options,
                             rg_suggest **out)
{
    rg_i_suggest s;
    rg_i_state state = {0};
    rg_suggest *res = NULL;
    size_t level = 0, k, a, b, mi, order = 0, nlist;
    long wf = -1;
    rg_suggestion *list = NULL;
    rg_status st = RG_OK;

    memset(&s, 0, sizeof s);
    *out = NULL;
    if (!graph) {
        st = rg_i_error(RG_ERR_ARG, "rg_suggest_compute: a graph is required");
        goto cleanup;
    }
    s.graph = graph;
    if (options)
        s.opt = *options;
    if (!s.opt.actions)
        s.opt.actions = RG_SUGGEST_ALL;
    if (!s.opt.max_group)
        s.opt.max_group = 3;
    if (s.opt.time_limit == 0)
        s.opt.time_limit = 10;
    if ((st = check_options(&s, &wf)) != RG_OK ||
        (st = rg_i_graph_level(graph, s.opt.level, &level)) != RG_OK ||
        (st = rg_i_levelview_build(graph, level, &s.view)) != RG_OK)
        goto cleanup;
    if (!(s.value = rg_i_calloc_array(s.view.m + 1, sizeof *s.value)) ||
        !(s.cross = rg_i_calloc_array(s.view.m + 1, 1)) ||
        !(s.stamp = rg_i_calloc_array(s.view.n + 1, sizeof *s.stamp)) ||
        !(s.pos = rg_i_calloc_array(s.view.n + 1, sizeof *s.pos)) ||
        !(res = calloc(1, sizeof *res)) ||
        !(res->level_name = rg_i_strdup(rg_regions_level_name(s.view.r, level))) ||
        !(res->member_first = rg_i_calloc_array(s.view.cover.nmechs + 1,
                                                sizeof *res->member_first))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 0; k < s.view.m; k++) {
        double km, wa = 0, wb = 0;
        long pa, pb;
        if (!s.view.border[k])
            continue;
        rg_adjacency_pair(s.view.adj, k, &a, &b, &km, NULL);
        if (wf >= 0) {
            rg_regions_value_real(s.view.r, a, (size_t)wf, &wa);
            rg_regions_value_real(s.view.r, b, (size_t)wf, &wb);
            s.value[k] = wa + wb;
        } else {
            s.value[k] = km;
        }
        pa = rg_regions_parent(s.view.r, a);
        pb = rg_regions_parent(s.view.r, b);
        s.cross[k] = pa >= 0 && pb >= 0 && pa != pb;
    }
    if ((s.opt.actions & RG_SUGGEST_MEMBERS) &&
        (st = member_pool(&s, s.opt.budget > 1 ? s.opt.budget : 1)) != RG_OK)
        goto cleanup;
    if ((s.opt.actions & RG_SUGGEST_AGREEMENTS) && (st = agreement_pool(&s)) != RG_OK)
        goto cleanup;
    if ((st = rg_i_state_init(&s, &state)) != RG_OK)
        goto cleanup;
    res->level = level;
    res->weighted = wf >= 0;
    res->nmechs = s.view.cover.nmechs;
    /* steps that gain nothing now keep the last ranks */
    for (a = 0; a < s.nactions; a++)
        s.actions[a].order = SIZE_MAX;
    for (mi = 0; mi < res->nmechs; mi++) {
        rg_suggestion *grown;
        size_t before = res->member_first[mi];
        if ((st = rank_steps(&s, &state, mi, &list, &nlist, &order)) != RG_OK)
            goto cleanup;
        if (nlist) {
            if (!(grown = realloc(res->members, (before + nlist) * sizeof *grown))) {
                release_list(list, nlist);
                list = NULL;
                st = RG_I_NOMEM();
                goto cleanup;
            }
            res->members = grown;
            memcpy(res->members + before, list, nlist * sizeof *list);
            res->nmembers = before + nlist;
        }
        free(list);
        list = NULL;
        res->member_first[mi + 1] = before + nlist;
    }
    if ((st = rank_steps(&s, &state, SIZE_MAX, &res->agreements, &res->nagreements, &order)) !=
        RG_OK)
        goto cleanup;
    res->opt = s.opt;
    if (s.opt.budget > 0 && (st = rg_i_plan(&s, &res->plan)) != RG_OK)
        goto cleanup;
    *out = res;
    res = NULL;
cleanup:
    free(list);
    rg_i_state_release(&s, &state);
    rg_i_levelview_release(&s.view);
    free(s.value);
    free(s.cross);
    free(s.stamp);
    free(s.pos);
    free(s.actions);
    free(s.regions);
    rg_suggest_free(res);
    return st;
}

/* ---- results ------------------------------------------------------------------------------- */

size_t rg_suggest_level(const rg_suggest *s) { return s->level; }
const char *rg_suggest_level_name(const rg_suggest *s) { return s->level_name; }
int rg_suggest_weighted(const rg_suggest *s) { return s->weighted; }
void rg_suggest_get_options(const rg_suggest *s, rg_suggest_options *options) { *options = s->opt; }

size_t rg_suggest_member_count(const rg_suggest *s, size_t m)
{
    return m < s->nmechs ? s->member_first[m + 1] - s->member_first[m] : 0;
}

const rg_suggestion *rg_suggest_member(const rg_suggest *s, size_t m, size_t k)
{
    return &s->members[s->member_first[m] + k];
}

size_t rg_suggest_agreement_count(const rg_suggest *s) { return s->nagreements; }
const rg_suggestion *rg_suggest_agreement(const rg_suggest *s, size_t k) { return &s->agreements[k]; }

void rg_suggest_get_plan(const rg_suggest *s, rg_suggest_plan *plan) { *plan = s->plan.plan; }
size_t rg_suggest_greedy_count(const rg_suggest *s) { return s->plan.ngreedy; }
const rg_suggestion *rg_suggest_greedy_step(const rg_suggest *s, size_t k) { return &s->plan.greedy[k]; }
size_t rg_suggest_exact_count(const rg_suggest *s) { return s->plan.nexact; }
const rg_suggestion *rg_suggest_exact_step(const rg_suggest *s, size_t k) { return &s->plan.exact[k]; }
