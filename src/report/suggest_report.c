/* The suggestions report: member steps per mechanism, agreement steps, and the plan under a
 * budget (greedy against the exact program), in table, Markdown, JSON and CSV. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "regiongraph/frontier.h"
#include "regiongraph/suggest_report.h"
#include "report/table_internal.h"
#include "report/units_internal.h"

#define TERMINAL_WIDTH 80

typedef struct ctx {
    const rg_graph *graph;
    const rg_suggest *suggest;
    const rg_regions *r;
    const rg_adjacency *adj;
    const rg_coordination *coord;
    rg_frontier *frontier;
    rg_suggest_options opt;
    rg_suggest_plan plan;
    size_t top;
    int mu; /* lengths in unknown map units: named mu, never km */
} ctx;

static size_t shown(const ctx *c, size_t count)
{
    return c->top == 0 || c->top > count ? count : c->top;
}

static const char *mechanism_id(const rg_graph *graph, size_t m)
{
    const rg_coordination *coord = rg_graph_coordination(graph);
    return coord ? rg_coordination_mechanism_id(coord, m) : "?";
}

/* ---- tables -------------------------------------------------------------------------------- */

static rg_status write_table(const rg_i_table *t, int markdown, FILE *out)
{
    return markdown ? rg_i_table_write_markdown(t, out)
                    : rg_i_table_write_text(t, out, "  ", TERMINAL_WIDTH);
}

/* The step column: the newcomer (with its mechanism in a plan; "++" and the number of regions
 * for a parent bringing its regions), or the regions of a new agreement. */
static rg_status add_step_cell(const ctx *c, rg_i_table *t, const rg_suggestion *sg, int plan)
{
    const char *name = rg_regions_name(c->r, sg->region);
    if (sg->kind == RG_SUGGEST_AGREEMENT)
        return sg->nregions == 2
                   ? rg_i_table_addf(t, "new: %s + %s", rg_regions_name(c->r, sg->regions[0]),
                                     rg_regions_name(c->r, sg->regions[1]))
                   : rg_i_table_addf(t, "new: %s + %s + %s", rg_regions_name(c->r, sg->regions[0]),
                                     rg_regions_name(c->r, sg->regions[1]),
                                     rg_regions_name(c->r, sg->regions[2]));
    if (sg->nregions == 1 && sg->regions[0] == sg->region)
        return plan ? rg_i_table_addf(t, "%s + %s", mechanism_id(c->graph, sg->mechanism), name)
                    : rg_i_table_add(t, name);
    return plan ? rg_i_table_addf(t, "%s ++ %s (%zu)", mechanism_id(c->graph, sg->mechanism), name,
                                  sg->nregions)
                : rg_i_table_addf(t, "++ %s (%zu)", name, sg->nregions);
}

/* A table of steps: rank, step, (gain when weighted), km, borders, frontier km (members), cross
 * km, km of new frontier opened, pieces (members); Markdown adds the explanation, which text
 * writes below the table, one numbered line per step (a cut sentence explains nothing). */
static rg_status steps_table(const ctx *c, const rg_suggestion *const *steps, size_t n,
                             int markdown, int plan, rg_i_table **out)
{
    const char *headers[10];
    char hb[32];
    int weighted = rg_suggest_weighted(c->suggest), members = 0, left[10] = {0};
    size_t ncols = 0, k, col;
    rg_i_table *t = NULL;
    char *why = NULL;
    rg_status st;

    for (k = 0; k < n; k++)
        members |= steps[k]->kind == RG_SUGGEST_MEMBER;
    headers[ncols++] = "rank";
    left[ncols] = 1;
    headers[ncols++] = "step";
    if (weighted)
        headers[ncols++] = "gain";
    headers[ncols++] = "km";
    headers[ncols++] = "borders";
    if (members)
        headers[ncols++] = "frontier";
    headers[ncols++] = "cross";
    headers[ncols++] = "opens";
    if (members)
        headers[ncols++] = "pieces";
    if (markdown) {
        left[ncols] = 1;
        headers[ncols++] = "why";
    }
    if ((st = rg_i_table_new(ncols, &t)) != RG_OK)
        goto cleanup;
    for (col = 0; col < ncols; col++)
        if ((st = rg_i_table_column(t, col, rg_i_mu_name(c->mu, headers[col], hb, sizeof hb),
                                    left[col] ? RG_I_ALIGN_LEFT : RG_I_ALIGN_RIGHT,
                                    markdown || col != 1 ? 0 : 16)) != RG_OK)
            goto cleanup;
    for (k = 0; k < n; k++) {
        const rg_suggestion *sg = steps[k];
        int member = sg->kind == RG_SUGGEST_MEMBER;
        if ((st = rg_i_table_addf(t, "%zu", k + 1)) != RG_OK ||
            (st = add_step_cell(c, t, sg, plan)) != RG_OK ||
            (weighted && (st = rg_i_table_addf(t, "%.10g", sg->gain)) != RG_OK) ||
            (st = rg_i_table_addf(t, "%.1f", sg->km)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", sg->pairs)) != RG_OK ||
            (members && (st = member ? rg_i_table_addf(t, "%.1f", sg->frontier_km)
                                     : rg_i_table_add(t, "")) != RG_OK) ||
            (st = rg_i_table_addf(t, "%.1f", sg->cross_km)) != RG_OK ||
            (st = rg_i_table_addf(t, "%.1f", sg->opened_km)) != RG_OK ||
            (members && (st = member ? rg_i_table_addf(t, "%zu>%zu", sg->pieces_before,
                                                       sg->pieces_after)
                                     : rg_i_table_add(t, "")) != RG_OK))
            goto cleanup;
        if (markdown) {
            if (!(why = rg_suggest_explain(c->graph, sg))) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            if ((st = rg_i_table_add(t, why)) != RG_OK)
                goto cleanup;
            free(why);
            why = NULL;
        }
    }
    *out = t;
    t = NULL;
cleanup:
    free(why);
    rg_i_table_free(t);
    return st;
}

static rg_status write_steps(const ctx *c, const rg_suggestion *const *steps, size_t n,
                             int markdown, int plan, FILE *out)
{
    rg_i_table *t = NULL;
    size_t k;
    rg_status st;
    if (n == 0) {
        fputs(markdown ? "None.\n" : "  none\n", out);
        return RG_OK;
    }
    if ((st = steps_table(c, steps, n, markdown, plan, &t)) != RG_OK ||
        (st = write_table(t, markdown, out)) != RG_OK)
        goto cleanup;
    if (!markdown) {
        fputc('\n', out);
        for (k = 0; k < n; k++) {
            char *why = rg_suggest_explain(c->graph, steps[k]);
            if (!why) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            fprintf(out, "  %zu. %s\n", k + 1, why);
            free(why);
        }
    }
cleanup:
    rg_i_table_free(t);
    return st;
}

/* Pointers to the first n steps of a list, for steps_table. */
typedef const rg_suggestion *(*step_at)(const rg_suggest *s, size_t list, size_t k);

static const rg_suggestion *member_at(const rg_suggest *s, size_t m, size_t k)
{
    return rg_suggest_member(s, m, k);
}
static const rg_suggestion *agreement_at(const rg_suggest *s, size_t list, size_t k)
{
    (void)list;
    return rg_suggest_agreement(s, k);
}
static const rg_suggestion *greedy_at(const rg_suggest *s, size_t list, size_t k)
{
    (void)list;
    return rg_suggest_greedy_step(s, k);
}
static const rg_suggestion *exact_at(const rg_suggest *s, size_t list, size_t k)
{
    (void)list;
    return rg_suggest_exact_step(s, k);
}

static rg_status write_list_as(const ctx *c, step_at at, size_t list, size_t n, int markdown,
                               int plan, FILE *out);

static rg_status write_list(const ctx *c, step_at at, size_t list, size_t n, int markdown,
                            FILE *out)
{
    return write_list_as(c, at, list, n, markdown, 0, out);
}

static rg_status write_list_as(const ctx *c, step_at at, size_t list, size_t n, int markdown,
                               int plan, FILE *out)
{
    const rg_suggestion **steps = calloc(n + 1, sizeof *steps);
    size_t k;
    rg_status st;
    if (!steps)
        return RG_I_NOMEM();
    for (k = 0; k < n; k++)
        steps[k] = at(c->suggest, list, k);
    st = write_steps(c, steps, n, markdown, plan, out);
    free(steps);
    return st;
}

static const char *unit(const ctx *c)
{
    return rg_suggest_weighted(c->suggest) ? "" : c->mu ? " map units" : " km";
}

/* What the plan's figures say: greedy against the optimum or the bound. */
static void plan_verdict(const ctx *c, FILE *out, const char *indent)
{
    const rg_suggest_plan *p = &c->plan;
    fprintf(out, "%sGreedy plan: %zu step%s, %.1f%s.\n", indent, rg_suggest_greedy_count(c->suggest),
            rg_suggest_greedy_count(c->suggest) == 1 ? "" : "s", p->greedy, unit(c));
    switch (p->exact_status) {
    case RG_SUGGEST_EXACT_OPTIMAL:
        fprintf(out, "%sExact program (GLPK, %zu columns, %zu rows, %.2f s): optimum %.1f%s;\n%s",
                indent, p->columns, p->rows, p->seconds, p->exact, unit(c), indent);
        if (p->greedy > p->exact * (1 + 1e-9) + 1e-9)
            fprintf(out, "below the greedy plan, which it cannot take: a newcomer of greedy's\n%sis "
                    "attached only sideways (docs/suggest.md).\n", indent);
        else if (p->greedy >= p->exact * (1 - 1e-9))
            fputs("the greedy plan is optimal.\n", out);
        else
            fprintf(out, "greedy is not optimal: it reaches %.1f%% of the optimum (%.1f%s short).\n",
                    p->exact > 0 ? 100.0 * p->greedy / p->exact : 100.0, p->exact - p->greedy,
                    unit(c));
        break;
    case RG_SUGGEST_EXACT_TIME_LIMIT:
        fprintf(out, "%sExact program (GLPK, %zu columns, %zu rows) stopped at the time limit\n"
                "%s(%.2f s): best plan %.1f%s, optimum at most %.1f%s;\n"
                "%sgreedy reaches at least %.1f%% of the optimum.\n",
                indent, p->columns, p->rows, indent, p->seconds, p->exact, unit(c), p->bound,
                unit(c), indent, p->bound > 0 ? 100.0 * p->greedy / p->bound : 100.0);
        break;
    default:
        fprintf(out, "%sExact program not run: %s.\n", indent,
                p->note[0] ? p->note : "no budget");
    }
    if (p->exact_status == RG_SUGGEST_EXACT_OPTIMAL || p->exact_status == RG_SUGGEST_EXACT_TIME_LIMIT)
        fprintf(out, "%sIts pool: %zu member steps (newcomers within %zu borders of each "
                "mechanism)\n%sand %zu agreements (the largest).\n",
                indent, p->pool_members, p->budget, indent, p->pool_agreements);
}

static rg_status report_tables(const ctx *c, int markdown, FILE *out)
{
    const char *h2 = markdown ? "## " : "", *h3 = markdown ? "### " : "";
    const char *indent = markdown ? "" : "  ";
    size_t nm = rg_frontier_mechanism_count(c->frontier), mi, n;
    rg_frontier_summary fs;
    char *name = NULL;
    rg_status st = RG_OK;

    rg_frontier_get_summary(c->frontier, &fs);
    fprintf(out, "%sSuggestions at level %s\n\n", h2, rg_suggest_level_name(c->suggest));
    if (rg_suggest_weighted(c->suggest))
        fprintf(out, "Gain: the sum of %s on both sides of each border a step coordinates.\n",
                c->opt.weight_field);
    else
        rg_i_mu_fputs(out, c->mu, 1,
                      "Gain: the border km a step coordinates that no mechanism covers now.\n");
    rg_i_mu_printf(out, c->mu, 1,
                   "Frontier gaps (a mechanism covers one side only): %zu borders, %.1f km;\n"
                   "%zu of them across parents, %.1f km.\n",
                   fs.pairs, fs.km, fs.cross_pairs, fs.cross_km);
    if (!c->coord)
        fputs("The graph holds no coordination data: only new agreements are suggested.\n", out);
    for (mi = 0; mi < nm && (c->opt.actions & RG_SUGGEST_MEMBERS); mi++) {
        rg_mechanism_frontier mf;
        rg_frontier_mechanism(c->frontier, mi, &mf);
        n = rg_suggest_member_count(c->suggest, mi);
        fprintf(out, "\n%sNew members of %s", h3, rg_coordination_mechanism_id(c->coord, mi));
        if (shown(c, n) < n)
            fprintf(out, " (top %zu of %zu)", shown(c, n), n);
        if (!(name = rg_i_fit_width(rg_coordination_mechanism_name(c->coord, mi),
                                    markdown ? 0 : TERMINAL_WIDTH - 2))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        rg_i_mu_printf(out, c->mu, 1,
                       "\n\n%s%s\n%sfrontier %zu borders, %.1f km, of which gaps %zu, %.1f km.\n\n",
                       indent, name, indent, mf.pairs, mf.km, mf.gap_pairs, mf.gap_km);
        free(name);
        name = NULL;
        if ((st = write_list(c, member_at, mi, shown(c, n), markdown, out)) != RG_OK)
            goto cleanup;
    }
    if (c->opt.actions & RG_SUGGEST_AGREEMENTS) {
        n = rg_suggest_agreement_count(c->suggest);
        fprintf(out, "\n%sNew agreements among uncovered regions%s", h3,
                !c->opt.cross_parent ? ""
                : c->mu              ? ", cross-parent map units first"
                                     : ", cross-parent km first");
        if (shown(c, n) < n)
            fprintf(out, " (top %zu of %zu)", shown(c, n), n);
        fputs("\n\n", out);
        if ((st = write_list(c, agreement_at, 0, shown(c, n), markdown, out)) != RG_OK)
            goto cleanup;
    }
    rg_i_mu_printf(out, c->mu, 1,
                   "\n%s%s: border km coordinated; frontier: of those, km with the mechanism's"
                   " own;\n%scross: km across parents; opens: km of new frontier (members) or of "
                   "the\n%sgroup's outer border (agreements); pieces: before>after; ++: a parent "
                   "bringing\n%sits regions of the level.\n",
                   indent, rg_i_unit_name(c->mu), indent, indent, indent);
    if (c->plan.budget > 0) {
        fprintf(out, "\n%sPlan for a budget of %zu steps\n\n", h3, c->plan.budget);
        if ((st = write_list_as(c, greedy_at, 0, rg_suggest_greedy_count(c->suggest), markdown, 1,
                                out)) != RG_OK)
            goto cleanup;
        fputc('\n', out);
        plan_verdict(c, out, indent);
        if (rg_suggest_exact_count(c->suggest) > 0 && c->plan.exact > c->plan.greedy * (1 + 1e-9)) {
            fprintf(out, "\n%sThe exact plan\n\n", h3);
            st = write_list_as(c, exact_at, 0, rg_suggest_exact_count(c->suggest), markdown, 1, out);
        }
    }
cleanup:
    free(name);
    return st;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static const char *parent_id(const ctx *c, size_t i)
{
    long p = rg_regions_parent(c->r, i);
    return p < 0 ? NULL : rg_regions_id(c->r, (size_t)p);
}

static rg_status json_step(const ctx *c, const rg_suggestion *sg, size_t rank, FILE *out)
{
    char *why = rg_suggest_explain(c->graph, sg);
    size_t k, a, b;
    if (!why)
        return RG_I_NOMEM();
    fprintf(out, "{\"rank\": %zu, \"kind\": \"%s\", \"mechanism\": ", rank,
            sg->kind == RG_SUGGEST_MEMBER ? "member" : "agreement");
    if (sg->kind == RG_SUGGEST_MEMBER)
        rg_i_json_string(out, mechanism_id(c->graph, sg->mechanism));
    else
        fputs("null", out);
    fputs(", \"region\": ", out);
    rg_i_json_string(out, rg_regions_id(c->r, sg->region));
    fputs(", \"name\": ", out);
    rg_i_json_string(out, rg_regions_name(c->r, sg->region));
    fputs(", \"regions\": [", out);
    for (k = 0; k < sg->nregions; k++) {
        fputs(k ? ", " : "", out);
        rg_i_json_string(out, rg_regions_id(c->r, sg->regions[k]));
    }
    fputs("], \"gain\": ", out);
    rg_i_json_real(out, sg->gain);
    rg_i_mu_printf(out, c->mu, 1, ", \"pairs\": %zu, \"km\": ", sg->pairs);
    rg_i_json_real(out, sg->km);
    rg_i_mu_printf(out, c->mu, 1, ", \"cross_pairs\": %zu, \"cross_km\": ", sg->cross_pairs);
    rg_i_json_real(out, sg->cross_km);
    rg_i_mu_printf(out, c->mu, 1, ", \"opened_pairs\": %zu, \"opened_km\": ", sg->opened_pairs);
    rg_i_json_real(out, sg->opened_km);
    if (sg->kind == RG_SUGGEST_MEMBER) {
        rg_i_mu_printf(out, c->mu, 1,
                       ", \"frontier_pairs\": %zu, \"frontier_km\": ", sg->frontier_pairs);
        rg_i_json_real(out, sg->frontier_km);
        fputs(", \"frontier_gain\": ", out);
        rg_i_json_real(out, sg->frontier_gain);
        fprintf(out, ", \"pieces_before\": %zu, \"pieces_after\": %zu, \"pieces_joined\": %zu",
                sg->pieces_before, sg->pieces_after, sg->pieces_joined);
    }
    fputs(", \"closes\": [", out);
    for (k = 0; k < sg->nclosed; k++) {
        double km;
        rg_adjacency_pair(c->adj, sg->closed[k], &a, &b, &km, NULL);
        fputs(k ? ", {\"id_a\": " : "{\"id_a\": ", out);
        rg_i_json_string(out, rg_regions_id(c->r, a));
        fputs(", \"id_b\": ", out);
        rg_i_json_string(out, rg_regions_id(c->r, b));
        fputs(", \"parent_a\": ", out);
        rg_i_json_string_or_null(out, parent_id(c, a));
        fputs(", \"parent_b\": ", out);
        rg_i_json_string_or_null(out, parent_id(c, b));
        rg_i_mu_fputs(out, c->mu, 1, ", \"km\": ");
        rg_i_json_real(out, km);
        fputc('}', out);
    }
    fputs("], \"explanation\": ", out);
    rg_i_json_string(out, why);
    fputc('}', out);
    free(why);
    return RG_OK;
}

static rg_status json_list(const ctx *c, step_at at, size_t list, size_t n, const char *indent,
                           FILE *out)
{
    size_t k;
    rg_status st = RG_OK;
    fputc('[', out);
    for (k = 0; k < n && st == RG_OK; k++) {
        fprintf(out, "%s\n%s", k ? "," : "", indent);
        st = json_step(c, at(c->suggest, list, k), k + 1, out);
    }
    if (n)
        fprintf(out, "\n%.*s", (int)(strlen(indent) >= 2 ? strlen(indent) - 2 : 0), indent);
    fputc(']', out);
    return st;
}

static const char *exact_status_name(rg_suggest_exact_status s)
{
    switch (s) {
    case RG_SUGGEST_EXACT_OPTIMAL: return "optimal";
    case RG_SUGGEST_EXACT_TIME_LIMIT: return "time_limit";
    case RG_SUGGEST_EXACT_FAILED: return "failed";
    default: return "not_run";
    }
}

static rg_status report_json(const ctx *c, FILE *out)
{
    const rg_suggest_plan *p = &c->plan;
    size_t nm = rg_frontier_mechanism_count(c->frontier), mi;
    rg_frontier_summary fs;
    rg_status st = RG_OK;

    rg_frontier_get_summary(c->frontier, &fs);
    fputs("{\n  \"section\": \"suggest\",\n  \"level\": ", out);
    rg_i_json_string(out, rg_suggest_level_name(c->suggest));
    fputs(",\n  \"weight_field\": ", out);
    rg_i_json_string_or_null(out, rg_suggest_weighted(c->suggest) ? c->opt.weight_field : NULL);
    fprintf(out, ",\n  \"cross_parent\": %s, \"connect\": %s, \"max_group\": %zu",
            c->opt.cross_parent ? "true" : "false", c->opt.connect ? "true" : "false",
            c->opt.max_group);
    rg_i_mu_printf(out, c->mu, 1, ",\n  \"frontier\": {\"pairs\": %zu, \"km\": ", fs.pairs);
    rg_i_json_real(out, fs.km);
    rg_i_mu_printf(out, c->mu, 1, ", \"cross_pairs\": %zu, \"cross_km\": ", fs.cross_pairs);
    rg_i_json_real(out, fs.cross_km);
    fputs("},\n  \"mechanisms\": [", out);
    for (mi = 0; mi < nm; mi++) {
        rg_mechanism_frontier mf;
        size_t n = rg_suggest_member_count(c->suggest, mi);
        rg_frontier_mechanism(c->frontier, mi, &mf);
        fputs(mi ? ",\n    {\"id\": " : "\n    {\"id\": ", out);
        rg_i_json_string(out, rg_coordination_mechanism_id(c->coord, mi));
        fputs(", \"name\": ", out);
        rg_i_json_string_or_null(out, rg_coordination_mechanism_name(c->coord, mi));
        rg_i_mu_printf(out, c->mu, 1, ", \"frontier_pairs\": %zu, \"frontier_km\": ", mf.pairs);
        rg_i_json_real(out, mf.km);
        rg_i_mu_printf(out, c->mu, 1,
                       ", \"frontier_gap_pairs\": %zu, \"frontier_gap_km\": ", mf.gap_pairs);
        rg_i_json_real(out, mf.gap_km);
        fprintf(out, ", \"member_steps\": %zu, \"members\": ", n);
        if ((st = json_list(c, member_at, mi, shown(c, n), "      ", out)) != RG_OK)
            goto cleanup;
        fputc('}', out);
    }
    fprintf(out, "%s],\n  \"agreement_steps\": %zu,\n  \"agreements\": ", nm ? "\n  " : "",
            rg_suggest_agreement_count(c->suggest));
    if ((st = json_list(c, agreement_at, 0, shown(c, rg_suggest_agreement_count(c->suggest)),
                        "    ", out)) != RG_OK)
        goto cleanup;
    fputs(",\n  \"plan\": ", out);
    if (p->budget == 0) {
        fputs("null\n}\n", out);
        goto cleanup;
    }
    fprintf(out, "{\"budget\": %zu, \"greedy\": ", p->budget);
    rg_i_json_real(out, p->greedy);
    rg_i_mu_fputs(out, c->mu, 1, ", \"greedy_km\": ");
    rg_i_json_real(out, p->greedy_km);
    fprintf(out, ", \"exact_status\": \"%s\", \"exact\": ", exact_status_name(p->exact_status));
    if (p->exact_status == RG_SUGGEST_EXACT_OPTIMAL || p->exact_status == RG_SUGGEST_EXACT_TIME_LIMIT) {
        rg_i_json_real(out, p->exact);
        fputs(", \"bound\": ", out);
        rg_i_json_real(out, p->bound);
        fputs(", \"greedy_share\": ", out);
        rg_i_json_real(out, p->bound > 0 ? p->greedy / p->bound : 1.0);
        fputs(", \"greedy_optimal\": ", out);
        fputs(p->exact_status != RG_SUGGEST_EXACT_OPTIMAL ||
                      p->greedy > p->exact * (1 + 1e-9) + 1e-9 ? "null"
              : p->greedy >= p->exact * (1 - 1e-9) ? "true" : "false", out);
    } else {
        fputs("null, \"bound\": null, \"greedy_share\": null, \"greedy_optimal\": null", out);
    }
    fputs(", \"seconds\": ", out);
    rg_i_json_real(out, p->seconds);
    fprintf(out, ", \"columns\": %zu, \"rows\": %zu, \"pool_members\": %zu, "
            "\"pool_agreements\": %zu, \"note\": ", p->columns, p->rows, p->pool_members,
            p->pool_agreements);
    rg_i_json_string_or_null(out, p->note[0] ? p->note : NULL);
    fputs(",\n    \"greedy_steps\": ", out);
    if ((st = json_list(c, greedy_at, 0, rg_suggest_greedy_count(c->suggest), "      ", out)) !=
        RG_OK)
        goto cleanup;
    fputs(",\n    \"exact_steps\": ", out);
    if ((st = json_list(c, exact_at, 0, rg_suggest_exact_count(c->suggest), "      ", out)) != RG_OK)
        goto cleanup;
    fputs("}\n}\n", out);
cleanup:
    return st;
}

/* ---- CSV ----------------------------------------------------------------------------------- */

static rg_status csv_list(const ctx *c, const char *name, step_at at, size_t list, size_t n,
                          FILE *out)
{
    size_t k, j;
    for (k = 0; k < n; k++) {
        const rg_suggestion *sg = at(c->suggest, list, k);
        char *why = rg_suggest_explain(c->graph, sg);
        char *ids = NULL;
        size_t len = 0;
        FILE *fp;
        if (!why || !(fp = open_memstream(&ids, &len))) {
            free(why);
            return RG_I_NOMEM();
        }
        for (j = 0; j < sg->nregions; j++)
            fprintf(fp, "%s%s", j ? ";" : "", rg_regions_id(c->r, sg->regions[j]));
        fclose(fp);
        fprintf(out, "%s,%zu,%s,", name, k + 1, sg->kind == RG_SUGGEST_MEMBER ? "member" : "agreement");
        rg_i_csv_field(out, sg->kind == RG_SUGGEST_MEMBER ? mechanism_id(c->graph, sg->mechanism)
                                                          : NULL);
        fputc(',', out);
        rg_i_csv_field(out, rg_regions_id(c->r, sg->region));
        fputc(',', out);
        rg_i_csv_field(out, rg_regions_name(c->r, sg->region));
        fputc(',', out);
        rg_i_csv_field(out, ids);
        fputc(',', out);
        rg_i_csv_real(out, sg->gain);
        fprintf(out, ",%zu,", sg->pairs);
        rg_i_csv_real(out, sg->km);
        fprintf(out, ",%zu,", sg->cross_pairs);
        rg_i_csv_real(out, sg->cross_km);
        fprintf(out, ",%zu,", sg->opened_pairs);
        rg_i_csv_real(out, sg->opened_km);
        if (sg->kind == RG_SUGGEST_MEMBER) {
            fprintf(out, ",%zu,", sg->frontier_pairs);
            rg_i_csv_real(out, sg->frontier_km);
            fprintf(out, ",%zu,%zu,", sg->pieces_before, sg->pieces_after);
        } else {
            fputs(",,,,,", out);
        }
        rg_i_csv_field(out, why);
        fputs("\r\n", out);
        free(why);
        free(ids);
    }
    return RG_OK;
}

static rg_status report_csv(const ctx *c, FILE *out)
{
    size_t mi, nm = rg_frontier_mechanism_count(c->frontier);
    rg_status st = RG_OK;
    rg_i_mu_fputs(out, c->mu, 1,
                  "list,rank,kind,mechanism,region,name,regions,gain,pairs,km,cross_pairs,cross_km,"
                  "opened_pairs,opened_km,frontier_pairs,frontier_km,pieces_before,pieces_after,"
                  "explanation\r\n");
    for (mi = 0; mi < nm && st == RG_OK; mi++)
        st = csv_list(c, "member", member_at, mi, shown(c, rg_suggest_member_count(c->suggest, mi)),
                      out);
    if (st == RG_OK)
        st = csv_list(c, "agreement", agreement_at, 0,
                      shown(c, rg_suggest_agreement_count(c->suggest)), out);
    if (st == RG_OK)
        st = csv_list(c, "greedy", greedy_at, 0, rg_suggest_greedy_count(c->suggest), out);
    if (st == RG_OK)
        st = csv_list(c, "exact", exact_at, 0, rg_suggest_exact_count(c->suggest), out);
    return st;
}

rg_status rg_report_suggest(const rg_graph *graph, const rg_suggest *suggest, rg_format format,
                            size_t top, FILE *out)
{
    ctx c;
    rg_status st;
    memset(&c, 0, sizeof c);
    if (!graph || !suggest || !out) {
        st = rg_i_error(RG_ERR_ARG, "suggest report: graph, suggestions and stream are required");
        goto cleanup;
    }
    c.graph = graph;
    c.mu = rg_i_report_mu(graph);
    c.suggest = suggest;
    c.r = rg_graph_regions(graph);
    c.adj = rg_graph_adjacency(graph);
    c.coord = rg_graph_coordination(graph);
    c.top = top;
    rg_suggest_get_options(suggest, &c.opt);
    rg_suggest_get_plan(suggest, &c.plan);
    if ((st = rg_frontier_compute(graph, rg_suggest_level_name(suggest), &c.frontier)) != RG_OK)
        goto cleanup;
    errno = 0;
    switch (format) {
    case RG_FORMAT_TABLE: st = report_tables(&c, 0, out); break;
    case RG_FORMAT_MARKDOWN: st = report_tables(&c, 1, out); break;
    case RG_FORMAT_JSON: st = report_json(&c, out); break;
    case RG_FORMAT_CSV: st = report_csv(&c, out); break;
    default: st = rg_i_error(RG_ERR_ARG, "suggest report: unknown format %d", (int)format);
    }
    if (st == RG_OK && (fflush(out) != 0 || ferror(out)))
        st = rg_i_error(RG_ERR_IO, "cannot write the report: %s", strerror(errno ? errno : EIO));
cleanup:
    rg_frontier_free(c.frontier);
    return st;
}
