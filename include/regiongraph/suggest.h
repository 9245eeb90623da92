/* regiongraph — suggestions: ranked, explained steps that would close coordination gaps.
 *
 * At an analysis level (coverage.h), a border is coordinated when one mechanism covers both
 * sides. A step is one of:
 *   member     a mechanism takes in a region of the level it does not cover, or a region of a
 *              higher level (a province) that brings its regions of the level; it coordinates
 *              the uncoordinated borders between the newcomers and the mechanism's regions (its
 *              frontier gaps, frontier.h) and among the newcomers.
 *   agreement  a new agreement among a small connected group (2 or 3 regions) of regions no
 *              mechanism covers; it coordinates the borders inside the group.
 * The gain of a step is the border km it would coordinate that is uncoordinated now (or, with
 * a weight field, the sum over those borders of the field on both sides: the population living
 * on either side of a newly coordinated border). A border already coordinated counts nothing.
 *
 * A plan under a budget of K steps maximises the total gain. Which problem that is:
 *   - Choosing among agreements, each closing a fixed set of borders, is weighted maximum
 *     coverage: the gain is monotone submodular, and the greedy plan (the step of largest
 *     marginal gain, K times) is within a factor 1 - 1/e of the optimum (Nemhauser, Wolsey and
 *     Fisher 1978; Khuller, Moss and Naor 1999 with costs).
 *   - Adding members to one mechanism is not submodular: two newcomers that border each other
 *     coordinate their own border only together (the second pays more after the first), a
 *     problem like the densest k-subgraph. There greedy is a heuristic without a guarantee.
 * So the plan is also solved exactly, as an integer program through GLPK: maximise
 * sum_e gain_e * y_e subject to y_e <= (the steps that would cover both sides of e), a side
 * covered by a mechanism only when a chosen step brings it, and sum of steps <= K. Newcomers
 * stay attached to their mechanism: one joins only beside a region nearer to the mechanism (in
 * borders) that is the mechanism's or joins too (a sufficient form of connectivity; a newcomer
 * attached only through newcomers as far out as itself is not considered). The program
 * runs over a stated pool of steps: each mechanism's newcomers within K borders of it, its
 * higher-level regions, and the agreements of the largest gain (20 K of them, at least 100),
 * always including the greedy plan's steps. It runs when asked, or (automatically) when it is
 * small; it stops at a time limit, and then gives its best plan and a bound on the optimum. The
 * result says how far greedy is from the optimum or the bound.
 */
#ifndef REGIONGRAPH_SUGGEST_H
#define REGIONGRAPH_SUGGEST_H

#include <stddef.h>

#include "regiongraph/graph.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which steps are considered (rg_suggest_options.actions). */
enum { RG_SUGGEST_MEMBERS = 1, RG_SUGGEST_AGREEMENTS = 2, RG_SUGGEST_ALL = 3 };

/* When the exact program runs (rg_suggest_options.exact). */
typedef enum rg_suggest_exact_mode {
    RG_SUGGEST_EXACT_AUTO = 0,  /* when the program has at most RG_SUGGEST_EXACT_AUTO_COLUMNS
                                   columns */
    RG_SUGGEST_EXACT_NEVER = 1,
    RG_SUGGEST_EXACT_ALWAYS = 2
} rg_suggest_exact_mode;
#define RG_SUGGEST_EXACT_AUTO_COLUMNS 20000

typedef struct rg_suggest_options {
    const char *level;        /* NULL: the graph's default level, else the lowest */
    const char *weight_field; /* numeric region field weighting a border by both sides' values
                                 instead of km; NULL: km. Missing or text: RG_ERR_ARG */
    int cross_parent;         /* rank agreements by cross-parent km first (then km) */
    int connect;              /* rank member steps that join more of a mechanism's pieces first,
                                 and let the greedy plan take only member steps that border the
                                 mechanism as it stands */
    unsigned actions;         /* RG_SUGGEST_MEMBERS | RG_SUGGEST_AGREEMENTS; 0: both */
    size_t max_group;         /* largest agreement group, 2 or 3; 0: 3 */
    size_t budget;            /* steps of the plan; 0: no plan */
    rg_suggest_exact_mode exact;
    double time_limit;        /* seconds for the exact program; 0: 10 */
} rg_suggest_options;

typedef enum rg_suggest_kind { RG_SUGGEST_MEMBER = 0, RG_SUGGEST_AGREEMENT = 1 } rg_suggest_kind;

/* One step and what it would do, counted against the state before it (for a plan's step: after
 * the plan's earlier steps). */
typedef struct rg_suggestion {
    rg_suggest_kind kind;
    size_t mechanism;       /* member: rg_coordination index; agreement: (size_t)-1 */
    size_t region;          /* member: the region that joins (of the level, or higher and
                               bringing its regions of the level); agreement: its first region */
    size_t nregions;        /* regions of the level it brings (member) or joins (agreement) */
    const size_t *regions;  /* those regions (rg_regions indices), ascending */
    double gain;            /* what it coordinates: km, or the weight */
    size_t pairs;           /* borders it coordinates that are uncoordinated now */
    double km;
    size_t cross_pairs;     /* of those, borders whose sides have different parents */
    double cross_km;
    size_t frontier_pairs;  /* member: of those, the mechanism's frontier gaps it closes (borders
                               between a newcomer and a region the mechanism covers) */
    double frontier_km;
    double frontier_gain;
    size_t nclosed;         /* the borders it coordinates (rg_adjacency indices): a member's
                               frontier gaps first, each part longest first */
    const size_t *closed;
    size_t opened_pairs;    /* member: the mechanism's new frontier, borders between newcomers and
                               regions it would still not cover; agreement: the group's borders
                               with the rest */
    double opened_km;
    size_t pieces_before;   /* member: the mechanism's contiguous pieces before and after */
    size_t pieces_after;
    size_t pieces_joined;   /* member: how many of its pieces the newcomers touch */
} rg_suggestion;

typedef struct rg_suggest rg_suggest;

/* Computes the suggestions (and the plan when options->budget > 0). Time: O(sum over
 * mechanisms of the pairs within its candidates' reach) for the members, O(sum over uncovered
 * regions of degree^2) for the agreements, O(K * pool) for the greedy plan; the exact program
 * is bounded by the time limit. Without coordination data there are no member steps. */
RG_API rg_status rg_suggest_compute(const rg_graph *graph, const rg_suggest_options *options,
                                    rg_suggest **out);
RG_API void rg_suggest_free(rg_suggest *suggest);

/* The level analysed, and whether gains are weights (1) or km (0). */
RG_API size_t rg_suggest_level(const rg_suggest *suggest);
RG_API const char *rg_suggest_level_name(const rg_suggest *suggest);
RG_API int rg_suggest_weighted(const rg_suggest *suggest);
/* The options as applied (defaults filled in). */
RG_API void rg_suggest_get_options(const rg_suggest *suggest, rg_suggest_options *options);

/* Member steps of mechanism m, best first: frontier km closed (frontier_gain), then the whole
 * gain (a parent's newcomers also coordinate the borders among themselves), then fewer regions,
 * then the region id; with connect, steps that join more pieces first. Only steps of positive
 * gain. Owned by the suggest object. */
RG_API size_t rg_suggest_member_count(const rg_suggest *suggest, size_t m);
RG_API const rg_suggestion *rg_suggest_member(const rg_suggest *suggest, size_t m, size_t k);

/* Agreement steps, best first (gain; with cross_parent cross-parent km first; then group size,
 * smaller first; then ids): only steps of positive gain. */
RG_API size_t rg_suggest_agreement_count(const rg_suggest *suggest);
RG_API const rg_suggestion *rg_suggest_agreement(const rg_suggest *suggest, size_t k);

/* The plan (when a budget was given). */
typedef enum rg_suggest_exact_status {
    RG_SUGGEST_EXACT_NOT_RUN = 0, /* not asked for, or too large for auto */
    RG_SUGGEST_EXACT_OPTIMAL,     /* solved: exact is the optimum over the pool */
    RG_SUGGEST_EXACT_TIME_LIMIT,  /* stopped at the time limit: exact is the best plan found,
                                     bound an upper bound on the optimum */
    RG_SUGGEST_EXACT_FAILED       /* the solver failed (message in rg_suggest_plan.note) */
} rg_suggest_exact_status;

typedef struct rg_suggest_plan {
    size_t budget;
    double greedy;                  /* the greedy plan's total gain */
    double greedy_km;
    rg_suggest_exact_status exact_status;
    double exact;                   /* the exact program's plan (its total gain) */
    double bound;                   /* an upper bound on the optimum (= exact when optimal) */
    double seconds;                 /* the exact program's time */
    size_t columns, rows;           /* its size */
    size_t pool_members, pool_agreements; /* the steps it chose among */
    char note[160];                 /* why it did not run, or the solver's failure */
} rg_suggest_plan;
RG_API void rg_suggest_get_plan(const rg_suggest *suggest, rg_suggest_plan *plan);

/* The greedy plan's steps in order, each counted after the earlier ones. */
RG_API size_t rg_suggest_greedy_count(const rg_suggest *suggest);
RG_API const rg_suggestion *rg_suggest_greedy_step(const rg_suggest *suggest, size_t k);
/* The exact program's steps (when it ran and found a plan), ordered so that each has the
 * largest gain after the earlier ones. */
RG_API size_t rg_suggest_exact_count(const rg_suggest *suggest);
RG_API const rg_suggestion *rg_suggest_exact_step(const rg_suggest *suggest, size_t k);

/* The one-line explanation of a step, as the report and the layer give it: what joins what,
 * the borders it closes (the longest five by name, with km), the new frontier it opens and the
 * pieces it joins. Allocated (the caller frees); NULL when out of memory. O(borders closed). */
RG_API char *rg_suggest_explain(const rg_graph *graph, const rg_suggestion *step);

#ifdef __cplusplus
}
#endif
#endif
