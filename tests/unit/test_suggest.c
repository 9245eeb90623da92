/* Suggestions on a hand-made map, every figure worked out by hand below: the member and
 * agreement steps, the greedy plan, the exact optimum, and a case where greedy is not optimal
 * (two newcomers that only pay together), which the report says. Also the frontier figures.
 *
 * One level, "cells"; units are metres (unit 1 m), so km are exact. Mechanism M covers A.
 *
 *   y 13 +----+----+
 *        |    |    |          A  x 0..2, y 0..3      B  x 0..1, y 3..13   C  x 1..2, y 3..13
 *        | B  | C  |          D  x 2..4, y 0..3      E  x 0..2, y -2..0
 *        |    |    |
 *   y 3  +----+----+----+     Borders (km): A-B 1, A-C 1, B-C 10, A-D 3, A-E 2;
 *        |    A    | D  |     corners (0 km): C-D at (2,3), D-E at (2,0).
 *   y 0  +---------+----+
 *        |    E    |
 *   y -2 +---------+
 *
 * Frontier of M: A-B, A-C, A-D, A-E: 4 borders, 7 km, all gaps.
 * Member steps of M (gain = frontier km, nothing is coordinated yet): D 3, E 2, B 1, C 1
 * (B before C by id). D opens its corners with C and E (2 borders, 0 km); B opens B-C (10 km).
 * Agreements among the uncovered B, C, D, E: the pair B+C (10 km) and the path B-C-D (10 + 0);
 * C-D, D-E and C-D-E gain nothing (corners). Ranked: B+C, then B+C+D (larger group after).
 * Plan, members only, K = 2: greedy takes D (3), then E (2): 5 km. The optimum takes B (1) and
 * then C (1 + 10 = 11): 12 km. Greedy is not optimal.
 * Plan, all steps, K = 2: greedy takes the agreement B+C (10), then D (3): 13 km; the optimum is
 * 13 too (B and C as members pay 12 for two steps).
 * Weighted by pop (A 10, B 1, C 1, D 5, E 2), a border gains the pop of both sides: members
 * D 15, E 12, B 11, C 11. Corners count too (0 km, but neighbours): agreements C+D+E 6 + 7 =
 * 13, B+C+D 2 + 6 = 8, D+E 7, C+D 6, B+C 2. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-test-suggest-XXXXXX"
#include "tmpdir_fixture.h"
#include "leak_check.h"
#include "model/adjacency_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/coordination.h"
#include "regiongraph/frontier.h"
#include "regiongraph/graph.h"
#include "regiongraph/suggest.h"
#include "regiongraph/suggest_layer.h"
#include "regiongraph/suggest_report.h"

RG_TEST_SUITE(suggest);

#define KM(x) (1000.0 * (x))
#define CHECK_FLOAT(x, want) cr_assert_float_eq((x), (want), 1e-9, #x " = %.12g", (double)(x))

static void box(rg_regions *r, const char *id, int64_t pop, double x0, double y0, double x1,
                double y1)
{
    rg_i_value v[2];
    char buf[16];
    double ring[] = {KM(x0), KM(y0), KM(x1), KM(y0), KM(x1), KM(y1), KM(x0), KM(y1), KM(x0), KM(y0)};
    memset(v, 0, sizeof v);
    v[0].text = strdup(id);
    snprintf(buf, sizeof buf, "%lld", (long long)pop);
    v[1] = (rg_i_value){.text = strdup(buf), .i = pop, .d = (double)pop};
    cr_assert_eq(rg_i_regions_begin(r, id, id, v), RG_OK);
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);
}

static rg_graph *map(void)
{
    rg_i_field fields[] = {{.name = "code", .type = RG_FIELD_STRING, .width = 8},
                           {.name = "pop", .type = RG_FIELD_INTEGER, .width = 8}};
    rg_regions *r = NULL, *merged = NULL;
    rg_adjacency *parts[1], *adj = NULL;
    rg_coordination *coord = NULL;
    rg_graph *g = NULL;
    const char *names[] = {"cells"}, *parents[] = {NULL};
    const size_t offsets[] = {0};
    char mech[128], mem[128];

    cr_assert_eq(rg_i_regions_new("cells.shp", 2, fields, &r), RG_OK);
    box(r, "A", 10, 0, 0, 2, 3);
    box(r, "B", 1, 0, 3, 1, 13);
    box(r, "C", 1, 1, 3, 2, 13);
    box(r, "D", 5, 2, 0, 4, 3);
    box(r, "E", 2, 0, -2, 2, 0);
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", "code"), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(r, "", 0, 1.0), RG_OK);
    cr_assert_eq(rg_contiguity_build(r, RG_CONTIGUITY_QUEEN, &parts[0]), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_i_adjacency_merge(parts, offsets, 1, &adj), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_merge_levels(&r, names, parents, 1, &merged), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_graph_new(merged, adj, &g), RG_OK, "%s", rg_last_error());
    snprintf(mech, sizeof mech, "%s/mechanisms.csv", dir);
    snprintf(mem, sizeof mem, "%s/members.csv", dir);
    write_text(mech, "id,name,kind,year,source\nM,Mechanism M,memorandum,2020,hand-made\n");
    write_text(mem, "mechanism,member\nM,A\n");
    cr_assert_eq(rg_coordination_read(mech, mem, NULL, &coord), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_set_coordination(g, coord), RG_OK, "%s", rg_last_error());
    return g;
}

static rg_suggest *suggest(const rg_graph *g, unsigned actions, size_t budget)
{
    rg_suggest_options opt = {.actions = actions, .budget = budget,
                              .exact = RG_SUGGEST_EXACT_ALWAYS};
    rg_suggest *s = NULL;
    cr_assert_eq(rg_suggest_compute(g, &opt, &s), RG_OK, "%s", rg_last_error());
    return s;
}

static const char *id(const rg_graph *g, size_t i)
{
    return rg_regions_id(rg_graph_regions(g), i);
}

Test(suggest, frontier_of_the_mechanism, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = map();
    rg_frontier *f = NULL;
    rg_frontier_summary fs;
    rg_mechanism_frontier mf;
    const size_t *pairs;
    size_t n, a, b;
    cr_assert_eq(rg_frontier_compute(g, NULL, &f), RG_OK, "%s", rg_last_error());
    rg_frontier_get_summary(f, &fs);
    cr_assert_eq(fs.pairs, 4);
    CHECK_FLOAT(fs.km, 7.0);
    cr_assert_eq(fs.cross_pairs, 0);
    cr_assert_eq(rg_frontier_mechanism_count(f), 1);
    rg_frontier_mechanism(f, 0, &mf);
    cr_assert_eq(mf.pairs, 4);
    cr_assert_eq(mf.gap_pairs, 4);
    CHECK_FLOAT(mf.km, 7.0);
    CHECK_FLOAT(mf.gap_km, 7.0);
    pairs = rg_frontier_mechanism_pairs(f, 0, &n);
    cr_assert_eq(n, 4);
    rg_adjacency_pair(rg_graph_adjacency(g), pairs[0], &a, &b, NULL, NULL);
    cr_assert_str_eq(id(g, a), "A");
    cr_assert_str_eq(id(g, b), "D"); /* the longest, 3 km */
    cr_assert(rg_frontier_pair_is_gap(f, pairs[0]));
    cr_assert_eq(rg_frontier_pair_stops(f, pairs[0]), 1);
    rg_frontier_free(f);
    rg_graph_free(g);
}

Test(suggest, member_steps_ranked, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = map();
    rg_suggest *s = suggest(g, RG_SUGGEST_ALL, 0);
    static const char *const want[] = {"D", "E", "B", "C"};
    static const double km[] = {3, 2, 1, 1};
    const rg_suggestion *d;
    cr_assert_eq(rg_suggest_member_count(s, 0), 4);
    for (size_t k = 0; k < 4; k++) {
        const rg_suggestion *sg = rg_suggest_member(s, 0, k);
        cr_assert_eq(sg->kind, RG_SUGGEST_MEMBER);
        cr_assert_str_eq(id(g, sg->region), want[k]);
        CHECK_FLOAT(sg->km, km[k]);
        CHECK_FLOAT(sg->frontier_km, km[k]);
        cr_assert_eq(sg->pairs, 1);
        cr_assert_eq(sg->pieces_before, 1);
        cr_assert_eq(sg->pieces_after, 1);
    }
    d = rg_suggest_member(s, 0, 0);
    cr_assert_eq(d->opened_pairs, 2); /* corners with C and E */
    CHECK_FLOAT(d->opened_km, 0.0);
    cr_assert_eq(rg_suggest_member(s, 0, 2)->opened_pairs, 1); /* B opens B-C */
    CHECK_FLOAT(rg_suggest_member(s, 0, 2)->opened_km, 10.0);
    char *why = rg_suggest_explain(g, d);
    cr_assert_str_eq(why, "D joins M: coordinates 1 border (3.0 km) with A (3.0 km); opens 0.0 km "
                          "of new frontier");
    free(why);
    rg_suggest_free(s);
    rg_graph_free(g);
}

Test(suggest, agreement_steps_ranked, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = map();
    rg_suggest *s = suggest(g, RG_SUGGEST_ALL, 0);
    const rg_suggestion *p, *t;
    cr_assert_eq(rg_suggest_agreement_count(s), 2);
    p = rg_suggest_agreement(s, 0);
    t = rg_suggest_agreement(s, 1);
    cr_assert_eq(p->nregions, 2);
    cr_assert_str_eq(id(g, p->regions[0]), "B");
    cr_assert_str_eq(id(g, p->regions[1]), "C");
    CHECK_FLOAT(p->km, 10.0);
    cr_assert_eq(p->pairs, 1);
    cr_assert_eq(t->nregions, 3);
    cr_assert_str_eq(id(g, t->regions[2]), "D");
    CHECK_FLOAT(t->km, 10.0);
    cr_assert_eq(t->pairs, 2); /* B-C and the corner C-D */
    rg_suggest_free(s);
    rg_graph_free(g);
}

Test(suggest, greedy_not_optimal_for_members, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = map();
    rg_suggest *s = suggest(g, RG_SUGGEST_MEMBERS, 2);
    rg_suggest_plan plan;
    char *text = NULL;
    size_t len = 0;
    FILE *fp;
    rg_suggest_get_plan(s, &plan);
    cr_assert_eq(rg_suggest_greedy_count(s), 2);
    cr_assert_str_eq(id(g, rg_suggest_greedy_step(s, 0)->region), "D");
    cr_assert_str_eq(id(g, rg_suggest_greedy_step(s, 1)->region), "E");
    CHECK_FLOAT(plan.greedy, 5.0);
    cr_assert_eq(plan.exact_status, RG_SUGGEST_EXACT_OPTIMAL, "%s", plan.note);
    CHECK_FLOAT(plan.exact, 12.0);
    CHECK_FLOAT(plan.bound, 12.0);
    cr_assert_eq(rg_suggest_exact_count(s), 2);
    cr_assert_str_eq(id(g, rg_suggest_exact_step(s, 0)->region), "B");
    CHECK_FLOAT(rg_suggest_exact_step(s, 0)->km, 1.0);
    cr_assert_str_eq(id(g, rg_suggest_exact_step(s, 1)->region), "C");
    CHECK_FLOAT(rg_suggest_exact_step(s, 1)->km, 11.0); /* A-C and, now, B-C */
    fp = open_memstream(&text, &len);
    cr_assert_eq(rg_report_suggest(g, s, RG_FORMAT_TABLE, 0, fp), RG_OK, "%s", rg_last_error());
    fclose(fp);
    cr_assert(strstr(text, "greedy is not optimal: it reaches 41.7% of the optimum (7.0 km short)"),
              "%s", text);
    cr_assert(strstr(text, "The exact plan"), "%s", text);
    free(text);
    text = NULL;
    fp = open_memstream(&text, &len);
    cr_assert_eq(rg_report_suggest(g, s, RG_FORMAT_JSON, 0, fp), RG_OK, "%s", rg_last_error());
    fclose(fp);
    cr_assert(strstr(text, "\"exact_status\": \"optimal\", \"exact\": 12.0, \"bound\": 12.0"),
              "%s", text);
    cr_assert(strstr(text, "\"greedy_optimal\": false"), "%s", text);
    free(text);
    rg_suggest_free(s);
    rg_graph_free(g);
}

Test(suggest, greedy_optimal_with_agreements, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = map();
    rg_suggest *s = suggest(g, RG_SUGGEST_ALL, 2);
    rg_suggest_plan plan;
    const rg_suggestion *first;
    char *text = NULL;
    size_t len = 0;
    FILE *fp;
    rg_suggest_get_plan(s, &plan);
    cr_assert_eq(rg_suggest_greedy_count(s), 2);
    first = rg_suggest_greedy_step(s, 0);
    cr_assert_eq(first->kind, RG_SUGGEST_AGREEMENT);
    cr_assert_eq(first->nregions, 2);
    CHECK_FLOAT(first->km, 10.0);
    cr_assert_str_eq(id(g, rg_suggest_greedy_step(s, 1)->region), "D");
    CHECK_FLOAT(plan.greedy, 13.0);
    cr_assert_eq(plan.exact_status, RG_SUGGEST_EXACT_OPTIMAL, "%s", plan.note);
    CHECK_FLOAT(plan.exact, 13.0);
    fp = open_memstream(&text, &len);
    cr_assert_eq(rg_report_suggest(g, s, RG_FORMAT_MARKDOWN, 0, fp), RG_OK, "%s", rg_last_error());
    fclose(fp);
    cr_assert(strstr(text, "the greedy plan is optimal."), "%s", text);
    cr_assert_null(strstr(text, "The exact plan"), "%s", text);
    free(text);
    rg_suggest_free(s);
    rg_graph_free(g);
}

Test(suggest, exact_never_and_bad_options, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = map();
    rg_suggest_options opt = {.budget = 2, .exact = RG_SUGGEST_EXACT_NEVER};
    rg_suggest *s = NULL;
    rg_suggest_plan plan;
    cr_assert_eq(rg_suggest_compute(g, &opt, &s), RG_OK, "%s", rg_last_error());
    rg_suggest_get_plan(s, &plan);
    cr_assert_eq(plan.exact_status, RG_SUGGEST_EXACT_NOT_RUN);
    cr_assert_eq(rg_suggest_exact_count(s), 0);
    rg_suggest_free(s);
    s = NULL;
    opt = (rg_suggest_options){.weight_field = "nope"};
    cr_assert_eq(rg_suggest_compute(g, &opt, &s), RG_ERR_ARG);
    cr_assert_null(s);
    opt = (rg_suggest_options){.max_group = 4};
    cr_assert_eq(rg_suggest_compute(g, &opt, &s), RG_ERR_ARG);
    opt = (rg_suggest_options){.level = "nope"};
    cr_assert_eq(rg_suggest_compute(g, &opt, &s), RG_ERR_ARG);
    rg_graph_free(g);
}

/* The layers: one feature per proposed region, and beside them one per border it would close.
 * Without a budget: members D, E, B, C (1 region + 1 border each), agreements B+C (2 + 1) and
 * B+C+D (3 + 2): 9 regions (MultiPolygons) in the file asked for; of the 7 pairs closed, C-D
 * meets at the point (2, 3) only (C is [1,2]x[3,13], D [2,4]x[0,3]): 6 borders
 * (MultiLineStrings) in suggestions_borders.geojson and that corner contact (a MultiPoint) in
 * suggestions_contacts.geojson. */
static json_t *layer(const char *path, size_t n, const char *type)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err), *features;
    cr_assert_not_null(root, "%s: %s", path, err.text);
    features = json_object_get(root, "features");
    cr_assert_eq(json_array_size(features), n, "%s: %zu features", path, json_array_size(features));
    for (size_t k = 0; k < n; k++)
        cr_assert_str_eq(json_string_value(json_object_get(
                             json_object_get(json_array_get(features, k), "geometry"), "type")),
                         type, "%s: feature %zu", path, k);
    return root;
}

Test(suggest, layer_features, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = map();
    rg_suggest *s = suggest(g, RG_SUGGEST_ALL, 0);
    char path[128];
    json_t *root, *features, *props;
    snprintf(path, sizeof path, "%s/suggestions.geojson", dir);
    cr_assert_eq(rg_export_suggestions_geojson(g, s, 0, path), RG_OK, "%s", rg_last_error());
    /* one square each: a MultiPolygon of one part, as in regions.geojson (the same writer) */
    root = layer(path, 9, "MultiPolygon");
    features = json_object_get(root, "features");
    props = json_object_get(json_array_get(features, 0), "properties");
    cr_assert_str_eq(json_string_value(json_object_get(props, "list")), "member");
    cr_assert_str_eq(json_string_value(json_object_get(props, "step")), "D");
    cr_assert_str_eq(json_string_value(json_object_get(props, "role")), "region");
    json_decref(root);
    snprintf(path, sizeof path, "%s/suggestions_borders.geojson", dir);
    root = layer(path, 6, "MultiLineString");
    props = json_object_get(json_array_get(json_object_get(root, "features"), 0), "properties");
    cr_assert_str_eq(json_string_value(json_object_get(props, "step")), "D");
    cr_assert_str_eq(json_string_value(json_object_get(props, "role")), "border");
    cr_assert_float_eq(json_real_value(json_object_get(props, "km")), 3.0, 1e-9);
    json_decref(root);
    snprintf(path, sizeof path, "%s/suggestions_contacts.geojson", dir);
    root = layer(path, 1, "MultiPoint");
    props = json_object_get(json_array_get(json_object_get(root, "features"), 0), "properties");
    cr_assert_str_eq(json_string_value(json_object_get(props, "list")), "agreement");
    cr_assert_str_eq(json_string_value(json_object_get(props, "id_a")), "C");
    cr_assert_str_eq(json_string_value(json_object_get(props, "id_b")), "D");
    cr_assert_float_eq(json_real_value(json_object_get(props, "km")), 0.0, 1e-12);
    json_decref(root);
    rg_suggest_free(s);
    rg_graph_free(g);
}

Test(suggest, weighted_by_a_field, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = map();
    rg_suggest_options opt = {.weight_field = "pop"};
    rg_suggest *s = NULL;
    static const char *const want[] = {"D", "E", "B", "C"};
    static const double gain[] = {15, 12, 11, 11};
    cr_assert_eq(rg_suggest_compute(g, &opt, &s), RG_OK, "%s", rg_last_error());
    cr_assert(rg_suggest_weighted(s));
    cr_assert_eq(rg_suggest_member_count(s, 0), 4);
    for (size_t k = 0; k < 4; k++) {
        cr_assert_str_eq(id(g, rg_suggest_member(s, 0, k)->region), want[k]);
        CHECK_FLOAT(rg_suggest_member(s, 0, k)->gain, gain[k]);
    }
    cr_assert_eq(rg_suggest_agreement_count(s), 5);
    CHECK_FLOAT(rg_suggest_agreement(s, 0)->gain, 13.0);
    CHECK_FLOAT(rg_suggest_agreement(s, 0)->km, 0.0);
    CHECK_FLOAT(rg_suggest_agreement(s, 1)->gain, 8.0);
    CHECK_FLOAT(rg_suggest_agreement(s, 4)->gain, 2.0);
    CHECK_FLOAT(rg_suggest_agreement(s, 4)->km, 10.0);
    rg_suggest_free(s);
    rg_graph_free(g);
}
