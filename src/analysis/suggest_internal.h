/* Internals shared by the suggestions' candidates (suggest.c) and their plan (suggest_plan.c):
 * the pool of steps, the state a plan has reached, and a step's gain against that state. */
#ifndef RG_SUGGEST_INTERNAL_H
#define RG_SUGGEST_INTERNAL_H

#include <stddef.h>

#include "analysis/frontier_internal.h"
#include "regiongraph/suggest.h"

/* One step of the pool: its regions of the level are regions[first .. first+count-1]. */
typedef struct rg_i_action {
    rg_suggest_kind kind;
    size_t mechanism; /* SIZE_MAX for an agreement */
    size_t head;      /* the region that joins (member), the first region (agreement) */
    size_t first, count;
    size_t order;     /* position in the pool's ranking, for ties */
    double gain0;     /* gain against the present state */
} rg_i_action;

/* Where a plan stands: the borders coordinated, and the regions each mechanism has taken in. */
typedef struct rg_i_state {
    unsigned char *coordinated; /* per pair */
    size_t **added;             /* per mechanism: regions taken in so far */
    size_t *nadded, *cap;
} rg_i_state;

/* A step's effect against a state. */
typedef struct rg_i_effect {
    double gain, km, cross_km, opened_km, frontier_gain, frontier_km;
    size_t pairs, cross_pairs, opened_pairs, frontier_pairs;
} rg_i_effect;

typedef struct rg_i_suggest {
    const rg_graph *graph;
    rg_suggest_options opt;
    rg_i_levelview view;
    double *value;              /* per pair: what coordinating it gains (km or weight) */
    unsigned char *cross;       /* per pair: sides with different parents */
    rg_i_action *actions;
    size_t nactions, acap;
    size_t *regions;            /* the actions' region lists */
    size_t nregions, rcap;
    size_t *stamp, round;       /* per region scratch */
    size_t *pos;                /* per region: position in the step being evaluated */
} rg_i_suggest;

rg_status rg_i_state_init(const rg_i_suggest *s, rg_i_state *state);
void rg_i_state_release(const rg_i_suggest *s, rg_i_state *state);
/* Whether mechanism mi covers region i in the state. */
int rg_i_state_covers(const rg_i_suggest *s, const rg_i_state *state, size_t mi, size_t i);
/* Applies a step: its borders become coordinated, a member's regions join its mechanism. */
rg_status rg_i_state_apply(const rg_i_suggest *s, rg_i_state *state, const rg_i_action *a);

/* The step's effect against the state. closed, when not NULL, receives the borders it would
 * coordinate (room for every pair touching its regions) and *nclosed their number. */
void rg_i_evaluate(rg_i_suggest *s, const rg_i_state *state, const rg_i_action *a,
                   rg_i_effect *effect, size_t *closed, size_t *nclosed);
/* Whether a member step borders its mechanism as it stands in the state. */
int rg_i_touches(rg_i_suggest *s, const rg_i_state *state, const rg_i_action *a);

/* Fills a public suggestion for a step against a state (allocating its lists, freed with
 * rg_i_suggestion_release). */
rg_status rg_i_describe(rg_i_suggest *s, const rg_i_state *state, const rg_i_action *a,
                        rg_suggestion *out);
void rg_i_suggestion_release(rg_suggestion *sg);

/* The plan: greedy, then the exact program when it runs (suggest_plan.c). The steps are filled
 * in (allocated; the caller releases each and frees the arrays). */
typedef struct rg_i_plan_out {
    rg_suggest_plan plan;
    rg_suggestion *greedy;
    size_t ngreedy;
    rg_suggestion *exact;
    size_t nexact;
} rg_i_plan_out;
rg_status rg_i_plan(rg_i_suggest *s, rg_i_plan_out *out);

#endif
