/* The suggestions' plan under a budget: greedy, then the exact integer program through GLPK,
 * and how far greedy is from the optimum or its bound. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "analysis/suggest_internal.h"
#include "base/clock_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"

/* ---- greedy -------------------------------------------------------------------------------- */

/* The step of largest gain against the state (ties: the better ranked), or SIZE_MAX when none
 * gains anything. only, when not NULL, restricts the choice to the marked steps. */
static size_t best_step(rg_i_suggest *s, const rg_i_state *state, const unsigned char *only)
{
    size_t a, best = SIZE_MAX;
    double best_gain = 0;
    for (a = 0; a < s->nactions; a++) {
        const rg_i_action *act = &s->actions[a];
        rg_i_effect eff;
        if (only && !only[a])
            continue;
        /* a step gains at most what it gained before the plan began: skip the hopeless */
        if (!only && act->gain0 < best_gain && act->kind == RG_SUGGEST_AGREEMENT)
            continue;
        if (!only && s->opt.connect && act->kind == RG_SUGGEST_MEMBER &&
            !rg_i_touches(s, state, act))
            continue;
        rg_i_evaluate(s, state, act, &eff, NULL, NULL);
        if (eff.gain > best_gain ||
            (best != SIZE_MAX && eff.gain == best_gain && act->order < s->actions[best].order)) {
            best_gain = eff.gain;
            best = a;
        }
    }
    return best_gain > 0 ? best : SIZE_MAX;
}

/* Runs steps chosen by best_step until the budget or the gains run out, describing each. */
static rg_status replay(rg_i_suggest *s, const unsigned char *only, size_t limit,
                        rg_suggestion **out, size_t *nout, unsigned char *chosen, double *total,
                        double *km)
{
    rg_i_state state = {0};
    rg_suggestion *steps = NULL;
    size_t n = 0, a;
    rg_status st;
    *total = *km = 0;
    if ((st = rg_i_state_init(s, &state)) != RG_OK)
        goto cleanup;
    if (!(steps = rg_i_calloc_array(limit + 1, sizeof *steps))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    while (n < limit && (a = best_step(s, &state, only)) != SIZE_MAX) {
        if ((st = rg_i_describe(s, &state, &s->actions[a], &steps[n])) != RG_OK)
            goto cleanup;
        *total += steps[n].gain;
        *km += steps[n].km;
        n++;
        if (chosen)
            chosen[a] = 1;
        if ((st = rg_i_state_apply(s, &state, &s->actions[a])) != RG_OK)
            goto cleanup;
    }
    *out = steps;
    *nout = n;
    steps = NULL;
cleanup:
    for (a = 0; steps && a < n; a++)
        rg_i_suggestion_release(&steps[a]);
    free(steps);
    rg_i_state_release(s, &state);
    return st;
}

/* ---- the integer program ------------------------------------------------------------------- */

/* The program's columns: x (a step, binary), then c (a newcomer joins a mechanism), z (a
 * mechanism covers both sides of a border), y (a border is coordinated), all in [0, 1], and f
 * (flow along a pair into a newcomer, for connectivity). Each row but the budget's and the
 * flows' reads lead <= sum of terms, which lets the greedy plan be written as a solution of the
 * program (fill_solution).
 *
 * Connectivity: a mechanism grows by regions attached to it, never by a far-away pair that
 * would only coordinate its own border. A single newcomer further out than the mechanism's
 * border joins only beside a region one step nearer to the mechanism (breadth-first over the
 * candidates) that joins too; a parent's step borders the mechanism (suggest.c's pool) and
 * brings its regions whole. The rule is sufficient, not necessary: a newcomer attached only
 * sideways (through newcomers as far out as itself) is not allowed, so the program can miss a
 * plan greedy finds; the report then says so instead of calling greedy optimal. A big-M flow
 * would be exact, but GLPK could not solve its weak relaxation in 30 s on the U.S. counties. */
typedef struct program {
    size_t ncols;
    size_t nrows;
    int *ia, *ja;
    double *ar;
    size_t nz, cap_ia, cap_ja, cap_ar;
    double *obj;            /* per column (1-based) */
    unsigned char *binary;  /* per column */
    size_t *lead;           /* per row: its leading column, 0 for the budget row */
    size_t *action_col;     /* per pool step: its x column, 0 when not in the pool */
    size_t cap_cols, cap_binary, cap_rows;
} program;

static void program_release(program *p)
{
    free(p->ia);
    free(p->ja);
    free(p->ar);
    free(p->obj);
    free(p->binary);
    free(p->lead);
    free(p->action_col);
}

static int new_col(program *p, int binary, double obj, size_t *col)
{
    if (!rg_i_reserve((void **)&p->obj, &p->cap_cols, p->ncols + 2, sizeof *p->obj) ||
        !rg_i_reserve((void **)&p->binary, &p->cap_binary, p->ncols + 2, sizeof *p->binary))
        return 0;
    *col = ++p->ncols;
    p->obj[*col] = obj;
    p->binary[*col] = (unsigned char)binary;
    return 1;
}

/* Entries are 1-based, as glp_load_matrix reads them. */
static int add_entry(program *p, size_t row, size_t col, double v)
{
    if (!rg_i_reserve((void **)&p->ia, &p->cap_ia, p->nz + 2, sizeof *p->ia) ||
        !rg_i_reserve((void **)&p->ja, &p->cap_ja, p->nz + 2, sizeof *p->ja) ||
        !rg_i_reserve((void **)&p->ar, &p->cap_ar, p->nz + 2, sizeof *p->ar))
        return 0;
    p->nz++;
    p->ia[p->nz] = (int)row;
    p->ja[p->nz] = (int)col;
    p->ar[p->nz] = v;
    return 1;
}

static int new_row(program *p, size_t lead, size_t *row)
{
    if (!rg_i_reserve((void **)&p->lead, &p->cap_rows, p->nrows + 2, sizeof *p->lead))
        return 0;
    *row = ++p->nrows;
    p->lead[*row] = lead;
    return lead == 0 || add_entry(p, *row, lead, 1.0);
}

/* One way of coordinating border k: column col (a z, or an agreement's x). */
typedef struct way {
    size_t k, col;
} way;

static int way_cmp(const void *x, const void *y)
{
    const way *p = x, *q = y;
    if (p->k != q->k)
        return p->k < q->k ? -1 : 1;
    return p->col < q->col ? -1 : p->col > q->col;
}

typedef struct gain_rank {
    double gain;
    size_t order, a;
} gain_rank;

static int gain_rank_cmp(const void *x, const void *y)
{
    const gain_rank *p = x, *q = y;
    if (p->gain != q->gain)
        return p->gain > q->gain ? -1 : 1;
    return p->order < q->order ? -1 : p->order > q->order;
}

/* Marks the pool: every member step, the agreements of largest gain (20 K, at least 100), and
 * the greedy plan's steps. */
static rg_status choose_pool(rg_i_suggest *s, const unsigned char *greedy, unsigned char *pool,
                             rg_suggest_plan *plan)
{
    gain_rank *ranks = NULL;
    size_t a, n = 0, keep = 20 * s->opt.budget < 100 ? 100 : 20 * s->opt.budget;
    if (!(ranks = rg_i_malloc_array(s->nactions + 1, sizeof *ranks)))
        return RG_I_NOMEM();
    for (a = 0; a < s->nactions; a++) {
        pool[a] = greedy[a] || s->actions[a].kind == RG_SUGGEST_MEMBER;
        if (s->actions[a].kind == RG_SUGGEST_AGREEMENT && s->actions[a].gain0 > 0)
            ranks[n++] = (gain_rank){s->actions[a].gain0, s->actions[a].order, a};
    }
    qsort(ranks, n, sizeof *ranks, gain_rank_cmp);
    for (a = 0; a < n && a < keep; a++)
        pool[ranks[a].a] = 1;
    for (a = 0; a < s->nactions; a++)
        if (pool[a]) {
            if (s->actions[a].kind == RG_SUGGEST_MEMBER)
                plan->pool_members++;
            else
                plan->pool_agreements++;
        }
    free(ranks);
    return RG_OK;
}

/* Builds the program over the pool (see the header of suggest.h for the model). */
static rg_status build_program(rg_i_suggest *s, const unsigned char *pool, program *p)
{
    const rg_i_levelview *v = &s->view;
    size_t *ccol = NULL, *crow = NULL, *cstamp = NULL, *nstamp = NULL, cround = 0, nround = 0;
    way *ways = NULL;
    size_t nways = 0, wcap = 0, a, k, e, mi, row, col, x, y, budget_row;
    size_t *dist = NULL, *queue = NULL, *level_of = NULL, dround = 1, head, tail;
    rg_status st = RG_OK;

#define GROW_OR_FAIL(cond) do { if (!(cond)) { st = RG_I_NOMEM(); goto cleanup; } } while (0)
    GROW_OR_FAIL(p->action_col = rg_i_calloc_array(s->nactions + 1, sizeof *p->action_col));
    GROW_OR_FAIL(ccol = rg_i_calloc_array(v->n + 1, sizeof *ccol));
    GROW_OR_FAIL(crow = rg_i_calloc_array(v->n + 1, sizeof *crow));
    GROW_OR_FAIL(cstamp = rg_i_calloc_array(v->n + 1, sizeof *cstamp));
    GROW_OR_FAIL(nstamp = rg_i_calloc_array(v->n + 1, sizeof *nstamp));
    GROW_OR_FAIL(dist = rg_i_calloc_array(v->n + 1, sizeof *dist));
    GROW_OR_FAIL(queue = rg_i_malloc_array(v->n + 1, sizeof *queue));
    GROW_OR_FAIL(level_of = rg_i_calloc_array(v->n + 1, sizeof *level_of));
    for (a = 0; a < s->nactions; a++)
        if (pool[a])
            GROW_OR_FAIL(new_col(p, 1, 0.0, &p->action_col[a]));
    GROW_OR_FAIL(new_row(p, 0, &budget_row));
    for (a = 0; a < s->nactions; a++)
        if (pool[a])
            GROW_OR_FAIL(add_entry(p, budget_row, p->action_col[a], 1.0));
    for (mi = 0; mi < v->cover.nmechs; mi++) {
        cround++;
        /* c_r <= sum of the steps bringing r */
        for (a = 0; a < s->nactions; a++) {
            const rg_i_action *act = &s->actions[a];
            if (!pool[a] || act->kind != RG_SUGGEST_MEMBER || act->mechanism != mi)
                continue;
            for (k = 0; k < act->count; k++) {
                size_t r = s->regions[act->first + k];
                if (rg_i_levelview_covers(v, mi, r))
                    continue;
                if (cstamp[r] != cround) {
                    cstamp[r] = cround;
                    GROW_OR_FAIL(new_col(p, 0, 0.0, &ccol[r]));
                    GROW_OR_FAIL(new_row(p, ccol[r], &crow[r]));
                }
                GROW_OR_FAIL(add_entry(p, crow[r], p->action_col[a], -1.0));
            }
        }
        /* attachment: a single newcomer x further out than the mechanism's border joins only
         * beside a region one step nearer that joins too (x_a <= sum of their c) */
        head = tail = 0;
        for (x = v->cover.region_first[mi]; x < v->cover.region_first[mi + 1]; x++) {
            dist[v->cover.regions[x]] = dround;
            level_of[v->cover.regions[x]] = 0;
            queue[tail++] = v->cover.regions[x];
        }
        while (head < tail) {
            size_t u = queue[head++];
            for (e = v->inc_first[u]; e < v->inc_first[u + 1]; e++) {
                size_t w;
                rg_adjacency_pair(v->adj, v->inc[e], &k, &y, NULL, NULL);
                w = k == u ? y : k;
                if (dist[w] == dround || cstamp[w] != cround)
                    continue;
                dist[w] = dround;
                level_of[w] = level_of[u] + 1;
                queue[tail++] = w;
            }
        }
        for (a = 0; a < s->nactions; a++) {
            const rg_i_action *act = &s->actions[a];
            size_t w;
            if (!pool[a] || act->kind != RG_SUGGEST_MEMBER || act->mechanism != mi ||
                act->count != 1)
                continue;
            w = s->regions[act->first];
            if (dist[w] == dround && level_of[w] <= 1)
                continue; /* borders the mechanism: attached whenever it joins */
            GROW_OR_FAIL(new_row(p, p->action_col[a], &row));
            for (e = v->inc_first[w]; dist[w] == dround && e < v->inc_first[w + 1]; e++) {
                size_t u;
                rg_adjacency_pair(v->adj, v->inc[e], &k, &y, NULL, NULL);
                u = k == w ? y : k;
                if (dist[u] == dround && cstamp[u] == cround && level_of[u] + 1 == level_of[w])
                    GROW_OR_FAIL(add_entry(p, row, ccol[u], -1.0));
            }
        }
        /* z <= c of each newcomer side, for the uncoordinated borders the mechanism could
         * cover once its newcomers join */
        for (x = 0; x < v->n; x++) {
            if (cstamp[x] != cround)
                continue;
            for (e = v->inc_first[x]; e < v->inc_first[x + 1]; e++) {
                size_t pk = v->inc[e], w, zc;
                int w_new;
                if (!v->border[pk] || v->coordinated[pk] || !(s->value[pk] > 0))
                    continue;
                rg_adjacency_pair(v->adj, pk, &k, &y, NULL, NULL);
                w = k == x ? y : k;
                w_new = cstamp[w] == cround;
                if ((w_new && w < x) || (!w_new && !rg_i_levelview_covers(v, mi, w)))
                    continue;
                GROW_OR_FAIL(new_col(p, 0, 0.0, &zc));
                GROW_OR_FAIL(new_row(p, zc, &row));
                GROW_OR_FAIL(add_entry(p, row, ccol[x], -1.0));
                if (w_new) {
                    GROW_OR_FAIL(new_row(p, zc, &row));
                    GROW_OR_FAIL(add_entry(p, row, ccol[w], -1.0));
                }
                GROW_OR_FAIL(rg_i_reserve((void **)&ways, &wcap, nways + 1, sizeof *ways));
                ways[nways++] = (way){pk, zc};
            }
        }
        dround++;
    }

    /* agreements cover the borders inside their group */
    for (a = 0; a < s->nactions; a++) {
        const rg_i_action *act = &s->actions[a];
        if (!pool[a] || act->kind != RG_SUGGEST_AGREEMENT)
            continue;
        nround++;
        for (k = 0; k < act->count; k++)
            nstamp[s->regions[act->first + k]] = nround;
        for (k = 0; k < act->count; k++) {
            size_t u = s->regions[act->first + k];
            for (e = v->inc_first[u]; e < v->inc_first[u + 1]; e++) {
                size_t pk = v->inc[e], w;
                if (!v->border[pk] || v->coordinated[pk] || !(s->value[pk] > 0))
                    continue;
                rg_adjacency_pair(v->adj, pk, &x, &y, NULL, NULL);
                w = x == u ? y : x;
                if (nstamp[w] != nround || w < u)
                    continue;
                GROW_OR_FAIL(rg_i_reserve((void **)&ways, &wcap, nways + 1, sizeof *ways));
                ways[nways++] = (way){pk, p->action_col[a]};
            }
        }
    }
    /* y_k <= the ways of coordinating k */
    qsort(ways, nways, sizeof *ways, way_cmp);
    for (k = 0; k < nways; k = e) {
        GROW_OR_FAIL(new_col(p, 0, s->value[ways[k].k], &col));
        GROW_OR_FAIL(new_row(p, col, &row));
        for (e = k; e < nways && ways[e].k == ways[k].k; e++)
            GROW_OR_FAIL(add_entry(p, row, ways[e].col, -1.0));
    }
#undef GROW_OR_FAIL
cleanup:
    free(ccol);
    free(crow);
    free(cstamp);
    free(nstamp);
    free(dist);
    free(queue);
    free(level_of);
    free(ways);
    return st;
}

/* Settles every lead as large as its row allows, in row order: rows were made leads after
 * their terms (c from x, z from c, y from z and x); an attachment row that cuts a step makes
 * the result infeasible, which satisfies() then tells. */
static void settle_leads(const program *p, const size_t *first, const size_t *order,
                         const unsigned char *chosen, size_t nactions, double *val)
{
    size_t j, r, k;
    for (j = 1; j <= p->ncols; j++)
        val[j] = p->binary[j] ? 0.0 : 1.0;
    for (j = 0; j < nactions; j++)
        if (p->action_col[j])
            val[p->action_col[j]] = chosen[j] ? 1.0 : 0.0;
    for (r = 1; r <= p->nrows; r++) {
        double total = 0;
        if (!p->lead[r])
            continue;
        for (k = first[r]; k < first[r + 1]; k++)
            if ((size_t)p->ja[order[k]] != p->lead[r])
                total += val[p->ja[order[k]]];
        if (total > 1)
            total = 1;
        if (total < val[p->lead[r]])
            val[p->lead[r]] = total;
    }
}

/* The program's solution for a set of chosen steps (the greedy plan, handed to GLPK as a first
 * solution): the leads settled in row order. */
static rg_status fill_solution(const program *p, const unsigned char *chosen, size_t nactions,
                               double *val)
{
    size_t *first = NULL, *order = NULL, *fill = NULL, r, k;
    rg_status st = RG_OK;
    if (!(first = rg_i_calloc_array(p->nrows + 2, sizeof *first)) ||
        !(order = rg_i_malloc_array(p->nz + 1, sizeof *order)) ||
        !(fill = rg_i_malloc_array(p->nrows + 2, sizeof *fill))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (k = 1; k <= p->nz; k++)
        first[p->ia[k] + 1]++;
    for (r = 0; r <= p->nrows; r++)
        first[r + 1] += first[r];
    memcpy(fill, first, (p->nrows + 2) * sizeof *fill);
    for (k = 1; k <= p->nz; k++)
        order[fill[p->ia[k]]++] = k;
    settle_leads(p, first, order, chosen, nactions, val);
cleanup:
    free(first);
    free(order);
    free(fill);
    return st;
}

/* Whether val satisfies every row (the budget K): a first solution GLPK is handed must. */
static int satisfies(const program *p, const double *val, size_t budget)
{
    double *activity = rg_i_calloc_array(p->nrows + 2, sizeof *activity);
    size_t k, r;
    int ok = activity != NULL;
    for (k = 1; ok && k <= p->nz; k++)
        activity[p->ia[k]] += p->ar[k] * val[p->ja[k]];
    for (r = 1; ok && r <= p->nrows; r++) {
        double bound = p->lead[r] || r > 1 ? 0.0 : (double)budget;
        ok = activity[r] < bound + 1e-9;
    }
    free(activity);
    return ok;
}

typedef struct solve_info {
    double bound;
    const double *heuristic;
    int given;
} solve_info;

static void on_tree(glp_tree *tree, void *data)
{
    solve_info *info = data;
    int node;
    switch (glp_ios_reason(tree)) {
    case GLP_IHEUR:
        /* the greedy plan is a solution: hand it over once, so the search starts from it */
        if (!info->given && info->heuristic) {
            info->given = 1;
            glp_ios_heur_sol(tree, info->heuristic);
        }
        break;
    case GLP_ISELECT:
    case GLP_IBRANCH:
    case GLP_IBINGO:
        if ((node = glp_ios_best_node(tree)) != 0) {
            double b = glp_ios_node_bound(tree, node);
            if (b < info->bound)
                info->bound = b;
        }
        break;
    default:
        break;
    }
}

/* GLPK's terminal output goes nowhere: the library never prints. */
static int swallow(void *data, const char *text)
{
    (void)data;
    (void)text;
    return 1;
}

/* Solves the program; chosen gets the steps of the best plan found. */
static void solve(const rg_i_suggest *s, const program *p, const double *heuristic,
                  unsigned char *chosen, rg_suggest_plan *plan)
{
    glp_prob *lp = NULL;
    glp_smcp smcp;
    glp_iocp iocp;
    solve_info info = {0};
    double start = rg_i_now(), limit_ms = s->opt.time_limit * 1000.0, used;
    int old_out, ret;
    size_t j, r;

    old_out = glp_term_out(GLP_OFF);
    glp_term_hook(swallow, NULL);
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)p->ncols);
    glp_add_rows(lp, (int)p->nrows);
    for (j = 1; j <= p->ncols; j++) {
        if (p->binary[j])
            glp_set_col_kind(lp, (int)j, GLP_BV);
        else
            glp_set_col_bnds(lp, (int)j, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(lp, (int)j, p->obj[j]);
    }
    for (r = 1; r <= p->nrows; r++)
        glp_set_row_bnds(lp, (int)r, GLP_UP, 0.0, p->lead[r] || r > 1 ? 0.0 : (double)s->opt.budget);
    glp_load_matrix(lp, (int)p->nz, p->ia, p->ja, p->ar);
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.tm_lim = (int)limit_ms;
    ret = glp_simplex(lp, &smcp);
    if (ret != 0 || glp_get_status(lp) != GLP_OPT) {
        plan->exact_status = ret == GLP_ETMLIM ? RG_SUGGEST_EXACT_TIME_LIMIT : RG_SUGGEST_EXACT_FAILED;
        snprintf(plan->note, sizeof plan->note, "the linear relaxation %s",
                 ret == GLP_ETMLIM ? "ran out of time" : "failed");
        goto cleanup;
    }
    info.bound = glp_get_obj_val(lp);
    info.heuristic = heuristic;
    glp_init_iocp(&iocp);
    iocp.msg_lev = GLP_MSG_OFF;
    used = (rg_i_now() - start) * 1000.0;
    iocp.tm_lim = (int)(limit_ms > used + 1 ? limit_ms - used : 1);
    iocp.cb_func = on_tree;
    iocp.cb_info = &info;
    iocp.mir_cuts = GLP_ON;
    ret = glp_intopt(lp, &iocp);
    if (ret == 0 && glp_mip_status(lp) == GLP_OPT) {
        plan->exact_status = RG_SUGGEST_EXACT_OPTIMAL;
        plan->bound = glp_mip_obj_val(lp);
    } else if ((ret == GLP_ETMLIM || ret == 0) && glp_mip_status(lp) == GLP_FEAS) {
        plan->exact_status = RG_SUGGEST_EXACT_TIME_LIMIT;
        plan->bound = info.bound > glp_mip_obj_val(lp) ? info.bound : glp_mip_obj_val(lp);
    } else {
        plan->exact_status = RG_SUGGEST_EXACT_FAILED;
        snprintf(plan->note, sizeof plan->note, "the integer program found no plan (GLPK code %d)",
                 ret);
        goto cleanup;
    }
    plan->exact = glp_mip_obj_val(lp);
    for (j = 0; j < s->nactions; j++)
        chosen[j] = p->action_col[j] && glp_mip_col_val(lp, (int)p->action_col[j]) > 0.5;
cleanup:
    plan->seconds = rg_i_now() - start;
    if (lp)
        glp_delete_prob(lp);
    glp_term_hook(NULL, NULL);
    glp_term_out(old_out);
}

rg_status rg_i_plan(rg_i_suggest *s, rg_i_plan_out *out)
{
    unsigned char *greedy = NULL, *pool = NULL, *chosen = NULL;
    double *heuristic = NULL, total, km;
    program p;
    rg_suggest_plan *plan = &out->plan;
    rg_status st = RG_OK;

    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    plan->budget = s->opt.budget;
    if (!(greedy = rg_i_calloc_array(s->nactions + 1, 1)) ||
        !(pool = rg_i_calloc_array(s->nactions + 1, 1)) ||
        !(chosen = rg_i_calloc_array(s->nactions + 1, 1))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = replay(s, NULL, s->opt.budget, &out->greedy, &out->ngreedy, greedy, &plan->greedy,
                     &plan->greedy_km)) != RG_OK)
        goto cleanup;
    if (s->opt.exact == RG_SUGGEST_EXACT_NEVER) {
        snprintf(plan->note, sizeof plan->note, "the exact program was not asked for");
        goto cleanup;
    }
    if ((st = choose_pool(s, greedy, pool, plan)) != RG_OK ||
        (st = build_program(s, pool, &p)) != RG_OK)
        goto cleanup;
    plan->columns = p.ncols;
    plan->rows = p.nrows;
    if (s->opt.exact == RG_SUGGEST_EXACT_AUTO && p.ncols > RG_SUGGEST_EXACT_AUTO_COLUMNS) {
        snprintf(plan->note, sizeof plan->note,
                 "the exact program has %zu columns, more than %d: ask for it (--exact)", p.ncols,
                 RG_SUGGEST_EXACT_AUTO_COLUMNS);
        goto cleanup;
    }
    if (!(heuristic = rg_i_calloc_array(p.ncols + 1, sizeof *heuristic))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = fill_solution(&p, greedy, s->nactions, heuristic)) != RG_OK)
        goto cleanup;
    solve(s, &p, satisfies(&p, heuristic, s->opt.budget) ? heuristic : NULL, chosen, plan);
    if (plan->exact_status == RG_SUGGEST_EXACT_OPTIMAL ||
        (plan->exact_status == RG_SUGGEST_EXACT_TIME_LIMIT && plan->note[0] == '\0')) {
        if ((st = replay(s, chosen, s->opt.budget, &out->exact, &out->nexact, NULL, &total, &km)) !=
            RG_OK)
            goto cleanup;
        plan->exact = total;
        if (plan->exact_status == RG_SUGGEST_EXACT_OPTIMAL)
            plan->bound = total;
    }
cleanup:
    program_release(&p);
    free(greedy);
    free(pool);
    free(chosen);
    free(heuristic);
    return st;
}
