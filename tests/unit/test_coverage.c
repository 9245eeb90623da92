/* Coverage figures on the hand-made hierarchy of coverage_fixture.h (every expected value is
 * worked out by hand below), and on the founding case in maps/. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage_fixture.h"
#include "regiongraph/build.h"
#include "regiongraph/coverage.h"
#include "regiongraph/project.h"
#include "leak_check.h"

RG_TEST_SUITE(coverage);

/* Worked by hand, prefecture level, agency jurisdiction off.
 *
 * Regions each mechanism covers:  delta {A1, A2, B1} (P1's prefectures; AG4 covers nothing)
 *                                 city {A1, A2, B2}   split {A1, A3}   joint {} (agencies only)
 * Mechanisms per region: A1 3 (delta, city, split), A2 2 (delta, city), A3 1 (split),
 *                        B1 1 (delta), B2 1 (city), B3 0.
 * Covered: 5 of 6. Weighted by pop: total 100+200+0(A3 null)+50+150+500 = 1000,
 *          covered 100+200+0+50+150 = 500.
 *
 * Pairs (km, parents, shared = |mechanisms(a) ∩ mechanisms(b)|):
 *   A1-A2 1 P1/P1 {d,c,s}∩{d,c} = 2        A2-A3 1 P1/P2 {d,c}∩{s} = 0 gap, cross
 *   B1-B2 1 P1/P2 {d}∩{c} = 0 gap, cross   B2-B3 1 P2/P2 {c}∩{} = 0 gap
 *   A1-B1 2 P1/P1 1                        A2-B2 2 P1/P2 {d,c}∩{c} = 1 cross
 *   A3-B3 2 P2/P2 0 gap                    A1-B2 0 P1/P2 {d,c,s}∩{c} = 1 cross
 *   A2-B1 0 P1/P1 {d,c}∩{d} = 1            A2-B3 0 P1/P2 0 gap, cross
 *   A3-B2 0 P2/P2 {s}∩{c} = 0 gap
 * pairs 11, coordinated 5 (A1-A2, A1-B1, A2-B2, A1-B2, A2-B1), gaps 6;
 * km 4*1 + 3*2 = 10, coordinated 1 + 2 + 2 = 5;
 * cross pairs 5 (A2-A3, B1-B2, A2-B2, A1-B2, A2-B3), cross km 1+1+2 = 4 (= the P1-P2 border),
 * cross coordinated 2 (A2-B2, A1-B2), 2 km.
 * Gaps ranked (km desc, then ids): A3-B3 (2), A2-A3, B1-B2, B2-B3 (1), A2-B3, A3-B2 (0). */
#define CHECK_FLOAT(x, want) cr_assert_float_eq((x), (want), 1e-9, #x " = %.12g", (double)(x))

static rg_coverage *coverage(const rg_graph *g, const char *level, const char *weight,
                             int agency_jurisdiction)
{
    rg_coverage_options opt = {.level = level, .weight_field = weight,
                               .agency_jurisdiction = agency_jurisdiction};
    rg_coverage *cov = NULL;
    cr_assert_eq(rg_coverage_compute(g, &opt, &cov), RG_OK, "%s", rg_last_error());
    return cov;
}

Test(coverage, three_levels_summary_at_prefectures)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = coverage(g, "prefectures", NULL, 0);
    rg_coverage_summary s;

    cr_assert_eq(rg_coverage_level(cov), 2);
    cr_assert_str_eq(rg_coverage_level_name(cov), "prefectures");
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.regions, 6);
    cr_assert_eq(s.covered, 5);
    cr_assert_eq(s.weighted, 0);
    cr_assert_eq(s.pairs, 11);
    cr_assert_eq(s.pairs_coordinated, 5);
    cr_assert_eq(s.gaps, 6);
    CHECK_FLOAT(s.km, 10.0);
    CHECK_FLOAT(s.km_coordinated, 5.0);
    cr_assert_eq(s.cross_pairs, 5);
    cr_assert_eq(s.cross_pairs_coordinated, 2);
    CHECK_FLOAT(s.cross_km, 4.0);
    CHECK_FLOAT(s.cross_km_coordinated, 2.0);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

Test(coverage, default_level_is_the_lowest)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = NULL;
    rg_coverage_summary s;
    cr_assert_eq(rg_coverage_compute(g, NULL, &cov), RG_OK, "%s", rg_last_error());
    cr_assert_str_eq(rg_coverage_level_name(cov), "prefectures");
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.covered, 5);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

Test(coverage, pairs_and_ranked_gaps)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = coverage(g, "prefectures", NULL, 0);
    static const struct { const char *a, *b; size_t shared; int cross; } want[] = {
        {"A1", "A2", 2, 0}, {"A2", "A3", 0, 1}, {"B1", "B2", 0, 1}, {"B2", "B3", 0, 0},
        {"A1", "B1", 1, 0}, {"A2", "B2", 1, 1}, {"A3", "B3", 0, 0}, {"A1", "B2", 1, 1},
        {"A2", "B1", 1, 0}, {"A2", "B3", 0, 1}, {"A3", "B2", 0, 0},
    };
    static const char *const gaps[][2] = {{"A3", "B3"}, {"A2", "A3"}, {"B1", "B2"},
                                          {"B2", "B3"}, {"A2", "B3"}, {"A3", "B2"}};
    const rg_regions *r = rg_graph_regions(g);
    const rg_adjacency *adj = rg_graph_adjacency(g);
    rg_pair_coverage p;

    /* 11 prefecture pairs + P1-P2 */
    cr_assert_eq(rg_adjacency_count(adj), 12);
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        size_t pk = fx_pair(g, want[k].a, want[k].b);
        cr_assert_neq(pk, (size_t)-1, "%s-%s not adjacent", want[k].a, want[k].b);
        rg_coverage_pair(cov, pk, &p);
        cr_assert_eq(p.at_level, 1);
        cr_assert_eq(p.shared, want[k].shared, "%s-%s shared %zu", want[k].a, want[k].b,
                     p.shared);
        cr_assert_eq(p.cross_parent, want[k].cross, "%s-%s cross", want[k].a, want[k].b);
    }
    rg_coverage_pair(cov, fx_pair(g, "P1", "P2"), &p);
    cr_assert_eq(p.at_level, 0);
    cr_assert_eq(p.shared, 0);

    cr_assert_eq(rg_coverage_gap_count(cov), 6);
    for (size_t k = 0; k < 6; k++) {
        size_t a, b, pk = rg_coverage_gaps(cov)[k];
        rg_adjacency_pair(adj, pk, &a, &b, NULL, NULL);
        cr_assert_str_eq(rg_regions_id(r, a), gaps[k][0], "gap %zu", k);
        cr_assert_str_eq(rg_regions_id(r, b), gaps[k][1], "gap %zu", k);
    }
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* Island links are no border. Marking two of the prefecture pairs above as island links (as
 * rg_adjacency_link_islands() would make them): A2-B1 (0 km, coordinated, same parent) and
 * A2-B3 (0 km, a gap, cross-parent). By hand from the figures above: pairs 11 - 2 = 9,
 * coordinated 5 - 1 = 4, gaps 6 - 1 = 5, km 10 - 0 = 10, coordinated km 5, cross pairs 5 - 1 = 4
 * (A2-B3 was cross), cross coordinated 2; gaps ranked A3-B3, A2-A3, B1-B2, B2-B3, A3-B2; both
 * links are left out of the level's pairs. */
Test(coverage, island_links_are_neither_gaps_nor_coordinated)
{
    rg_graph *g = fx_graph(1);
    rg_adjacency *adj = (rg_adjacency *)rg_graph_adjacency(g);
    static const char *const gaps[][2] = {{"A3", "B3"}, {"A2", "A3"}, {"B1", "B2"},
                                          {"B2", "B3"}, {"A3", "B2"}};
    size_t link1 = fx_pair(g, "A2", "B1"), link2 = fx_pair(g, "A2", "B3");
    rg_coverage *cov;
    rg_coverage_summary s;
    rg_pair_coverage p;
    cr_assert_neq(link1, (size_t)-1);
    cr_assert_neq(link2, (size_t)-1);
    adj->contact[link1] = RG_CONTACT_ISLAND;
    adj->contact[link2] = RG_CONTACT_ISLAND;
    cov = coverage(g, "prefectures", NULL, 0);
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.pairs, 9);
    cr_assert_eq(s.pairs_coordinated, 4);
    cr_assert_eq(s.gaps, 5);
    CHECK_FLOAT(s.km, 10.0);
    CHECK_FLOAT(s.km_coordinated, 5.0);
    cr_assert_eq(s.cross_pairs, 4);
    cr_assert_eq(s.cross_pairs_coordinated, 2);
    rg_coverage_pair(cov, link1, &p);
    cr_assert_eq(p.at_level, 0);
    rg_coverage_pair(cov, link2, &p);
    cr_assert_eq(p.at_level, 0);
    cr_assert_eq(rg_coverage_gap_count(cov), 5);
    for (size_t k = 0; k < 5; k++) {
        size_t a, b;
        rg_adjacency_pair(adj, rg_coverage_gaps(cov)[k], &a, &b, NULL, NULL);
        cr_assert_str_eq(rg_regions_id(rg_graph_regions(g), a), gaps[k][0], "gap %zu", k);
        cr_assert_str_eq(rg_regions_id(rg_graph_regions(g), b), gaps[k][1], "gap %zu", k);
    }
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* Province level: delta (member P1) covers P1; city and split have only prefecture members,
 * which cover nothing above their own level; joint covers nothing. Regions 2, covered 1;
 * pop total 350 + 650 = 1000, covered 350. One pair P1-P2 of 4 km, a gap (no mechanism covers
 * both); not cross-parent (both under CN). delta: covered 1, 1 piece, outer km 4. */
Test(coverage, three_levels_summary_at_provinces)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = coverage(g, "provinces", "pop", 0);
    rg_coverage_summary s;
    rg_mechanism_coverage mc;
    rg_region_coverage rc;

    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.regions, 2);
    cr_assert_eq(s.covered, 1);
    cr_assert_eq(s.weighted, 1);
    CHECK_FLOAT(s.weight_total, 1000.0);
    CHECK_FLOAT(s.weight_covered, 350.0);
    cr_assert_eq(s.pairs, 1);
    cr_assert_eq(s.pairs_coordinated, 0);
    cr_assert_eq(s.gaps, 1);
    CHECK_FLOAT(s.km, 4.0);
    CHECK_FLOAT(s.km_coordinated, 0.0);
    cr_assert_eq(s.cross_pairs, 0);
    CHECK_FLOAT(s.cross_km, 0.0);
    cr_assert_eq(rg_coverage_gap_count(cov), 1);
    cr_assert_eq(rg_coverage_gaps(cov)[0], fx_pair(g, "P1", "P2"));

    rg_coverage_mechanism(cov, FX_DELTA, &mc);
    cr_assert_eq(mc.region_members, 1);
    cr_assert_eq(mc.agency_members, 1);
    cr_assert_eq(mc.covered, 1);
    cr_assert_eq(mc.pieces, 1);
    CHECK_FLOAT(mc.outer_km, 4.0);
    rg_coverage_mechanism(cov, FX_CITY, &mc);
    cr_assert_eq(mc.region_members, 3);
    cr_assert_eq(mc.covered, 0);
    cr_assert_eq(mc.pieces, 0);
    CHECK_FLOAT(mc.outer_km, 0.0);

    rg_coverage_region(cov, FX_P1, &rc);
    cr_assert_eq(rc.at_level, 1);
    cr_assert_eq(rc.mechanisms, 1);
    cr_assert_eq(rc.reach1, 0); /* delta covers only P1 at this level */
    cr_assert_eq(rc.reach2, 0);
    rg_coverage_region(cov, FX_A1, &rc);
    cr_assert_eq(rc.at_level, 0);
    cr_assert_eq(rc.mechanisms, 0);
    rg_coverage_free(cov);

    /* The nation level: one region, no pairs; delta's member P1 is below it. */
    cov = coverage(g, "nation", NULL, 0);
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.regions, 1);
    cr_assert_eq(s.covered, 0);
    cr_assert_eq(s.pairs, 0);
    cr_assert_eq(rg_coverage_gap_count(cov), 0);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* Mechanisms at prefecture level (outer km = border km with uncovered prefectures):
 *   delta {A1,A2,B1}: pairs inside A1-A2, A1-B1, A2-B1 -> 1 piece;
 *         outer A1-B2 0 + A2-A3 1 + A2-B2 2 + A2-B3 0 + B1-B2 1 = 4
 *   city {A1,A2,B2}: inside A1-A2, A2-B2, A1-B2 -> 1 piece;
 *         outer A1-B1 2 + A2-A3 1 + A2-B1 0 + A2-B3 0 + B2-B1 1 + B2-B3 1 + B2-A3 0 = 5
 *   split {A1,A3}: no pair between them (A2 lies between, no corner contact) -> 2 pieces;
 *         outer A1-A2 1 + A1-B1 2 + A1-B2 0 + A3-A2 1 + A3-B3 2 + A3-B2 0 = 6
 *   joint: agencies only -> covered 0, pieces 0, outer 0 */
Test(coverage, mechanisms_pieces_and_outer_km)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = coverage(g, "prefectures", NULL, 0);
    static const struct { size_t rm, am, covered, pieces; double outer; } want[] = {
        [FX_DELTA] = {1, 1, 3, 1, 4.0},
        [FX_CITY] = {3, 0, 3, 1, 5.0},
        [FX_SPLIT] = {2, 0, 2, 2, 6.0},
        [FX_JOINT] = {0, 2, 0, 0, 0.0},
    };
    cr_assert_eq(rg_coverage_mechanism_count(cov), 4);
    for (size_t m = 0; m < 4; m++) {
        rg_mechanism_coverage mc;
        rg_coverage_mechanism(cov, m, &mc);
        cr_assert_eq(mc.region_members, want[m].rm, "mechanism %zu", m);
        cr_assert_eq(mc.agency_members, want[m].am, "mechanism %zu", m);
        cr_assert_eq(mc.covered, want[m].covered, "mechanism %zu", m);
        cr_assert_eq(mc.pieces, want[m].pieces, "mechanism %zu: %zu pieces", m, mc.pieces);
        cr_assert_float_eq(mc.outer_km, want[m].outer, 1e-9, "mechanism %zu: %g", m, mc.outer_km);
    }
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* The agency-only mechanism with agency_jurisdiction set: joint = AG1 (jurisdiction P2 ->
 * A3, B2, B3) + AG2 (jurisdiction B1) covers {A3, B1, B2, B3}.
 *   pieces: A3-B3, A3-B2, B1-B2, B2-B3 join them -> 1
 *   outer: A3-A2 1 + B1-A1 2 + B1-A2 0 + B2-A2 2 + B2-A1 0 + B3-A2 0 = 5
 * Every prefecture is covered now (B3 by joint): covered 6.
 * Pairs that turn coordinated (shared joint): B1-B2, B2-B3, A3-B3, A3-B2; still gaps: A2-A3
 * ({d,c} vs {s,j}) and A2-B3 ({d,c} vs {j}). pairs coordinated 9, km 5 + 1 + 1 + 2 + 0 = 9.
 * Province level: AG1's jurisdiction P2 is covered by joint, AG2's (B1) is below the level:
 * covered 2 (P1 by delta), and P1-P2 is still a gap. */
Test(coverage, agency_only_mechanism_and_jurisdiction)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = coverage(g, "prefectures", NULL, 1);
    rg_coverage_summary s;
    rg_mechanism_coverage mc;
    rg_region_coverage rc;

    rg_coverage_mechanism(cov, FX_JOINT, &mc);
    cr_assert_eq(mc.region_members, 0);
    cr_assert_eq(mc.agency_members, 2);
    cr_assert_eq(mc.covered, 4);
    cr_assert_eq(mc.pieces, 1);
    CHECK_FLOAT(mc.outer_km, 5.0);
    /* delta's agency AG4 has no jurisdiction: delta is unchanged */
    rg_coverage_mechanism(cov, FX_DELTA, &mc);
    cr_assert_eq(mc.covered, 3);
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.covered, 6);
    cr_assert_eq(s.pairs_coordinated, 9);
    cr_assert_eq(s.gaps, 2);
    CHECK_FLOAT(s.km_coordinated, 9.0);
    rg_coverage_region(cov, FX_B3, &rc);
    cr_assert_eq(rc.mechanisms, 1);
    rg_coverage_free(cov);

    cov = coverage(g, "provinces", NULL, 1);
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.covered, 2);
    cr_assert_eq(s.gaps, 1);
    rg_coverage_mechanism(cov, FX_JOINT, &mc);
    cr_assert_eq(mc.covered, 1);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* Reach at prefecture level (jurisdiction off), from the covering sets above:
 *   A1 {d,c,s}: direct = {A2,B1} ∪ {A2,B2} ∪ {A3} = 4; two steps add nothing: 4
 *   A2 {d,c}: direct {A1,B1,B2} = 3; via A1 split reaches A3: 4
 *   A3 {s}: direct {A1} = 1; via A1 (delta, city): A2, B1, B2: 4
 *   B1 {d}: direct {A1,A2} = 2; via A1/A2: B2 (city), A3 (split): 4
 *   B2 {c}: direct {A1,A2} = 2; via A1/A2: B1 (delta), A3 (split): 4
 *   B3 none: 0, 0. A2 is in two mechanisms and shares both with A1 (pair A1-A2 shared 2). */
Test(coverage, region_in_two_mechanisms_and_reach)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = coverage(g, "prefectures", NULL, 0);
    static const struct { size_t region, mechanisms, reach1, reach2; } want[] = {
        {FX_A1, 3, 4, 4}, {FX_A2, 2, 3, 4}, {FX_A3, 1, 1, 4},
        {FX_B1, 1, 2, 4}, {FX_B2, 1, 2, 4}, {FX_B3, 0, 0, 0},
    };
    rg_region_coverage rc;
    rg_pair_coverage p;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        rg_coverage_region(cov, want[k].region, &rc);
        cr_assert_eq(rc.at_level, 1);
        cr_assert_eq(rc.mechanisms, want[k].mechanisms, "region %zu", want[k].region);
        cr_assert_eq(rc.reach1, want[k].reach1, "region %zu reach1 %zu", want[k].region,
                     rc.reach1);
        cr_assert_eq(rc.reach2, want[k].reach2, "region %zu reach2 %zu", want[k].region,
                     rc.reach2);
    }
    rg_coverage_region(cov, FX_P1, &rc);
    cr_assert_eq(rc.at_level, 0);
    cr_assert_eq(rc.mechanisms, 0);
    cr_assert_eq(rc.reach1, 0);
    rg_coverage_pair(cov, fx_pair(g, "A1", "A2"), &p);
    cr_assert_eq(p.shared, 2);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* Weighted by pop at prefecture level: total 1000 (A3 null counts 0), covered 500. */
Test(coverage, weighted_share_with_a_null)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = coverage(g, "prefectures", "pop", 0);
    rg_coverage_summary s;
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.weighted, 1);
    CHECK_FLOAT(s.weight_total, 1000.0);
    CHECK_FLOAT(s.weight_covered, 500.0);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

Test(coverage, bad_options)
{
    rg_graph *g = fx_graph(1);
    rg_coverage *cov = NULL;
    rg_coverage_options opt = {.level = "counties"};
    cr_assert_eq(rg_coverage_compute(g, &opt, &cov), RG_ERR_ARG);
    cr_assert_null(cov);
    cr_assert_str_eq(rg_last_error(),
                     "unknown level 'counties': the levels are nation, provinces, prefectures");
    opt = (rg_coverage_options){.weight_field = "population"};
    cr_assert_eq(rg_coverage_compute(g, &opt, &cov), RG_ERR_ARG);
    cr_assert(strstr(rg_last_error(), "no field 'population'"), "%s", rg_last_error());
    opt = (rg_coverage_options){.weight_field = "label"};
    cr_assert_eq(rg_coverage_compute(g, &opt, &cov), RG_ERR_ARG);
    cr_assert(strstr(rg_last_error(), "field 'label' is text"), "%s", rg_last_error());
    rg_graph_free(g);
}

/* Without coordination data nothing is covered and every pair at the level is a gap. */
Test(coverage, no_coordination)
{
    rg_graph *g = fx_graph(0);
    rg_coverage *cov = coverage(g, NULL, "pop", 0);
    rg_coverage_summary s;
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.regions, 6);
    cr_assert_eq(s.covered, 0);
    cr_assert_eq(s.pairs, 11);
    cr_assert_eq(s.gaps, 11);
    CHECK_FLOAT(s.weight_covered, 0.0);
    cr_assert_eq(rg_coverage_mechanism_count(cov), 0);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* ---- the founding case ------------------------------------------------------------------------
 *
 * maps/project.ini: maps/provinces.shp and maps/prefectures.shp (levels provinces ->
 * prefectures, parent field 'province', queen contiguity) with the coordination files in maps/. Every figure below was
 * computed independently by tests/data/coverage/founding_check.py: geopandas reads the maps,
 * libpysal's Queen gives the neighbours (exact here: neighbours share vertices), pyproj's Geod
 * measures the intersection of the two boundaries on WGS84, and coverage follows the rules of
 * coverage.h in plain Python sets (a province member covers the prefectures whose 'province' is
 * its code; a breadth-first search counts pieces). Its output:
 *   prefectures: regions 372, covered 46 (the 41 prefectures of the four YRD provinces, Shanghai's
 *     one unit included, and the 5 Huaihai cities outside them), pairs 970 (157061.789300 km),
 *     coordinated 112 (11393.678583 km); cross-province 299 (49266.832889 km), coordinated 31
 *     (2938.431441 km); gaps 858, the longest 540200-542500 (1345.152058 km);
 *     yrd-market covered 41, 2 pieces (Zhoushan 330900 is islands without neighbours), outer
 *     2918.575456 km; huaihai-enforcement covered 10, 1 piece, outer 2069.137159 km; the two
 *     joint actions (6 and 13 agencies) cover nothing.
 *     Huaihai cities' cross-province gaps with non-members: 320700-371100, 341600-411400,
 *     370800-410900, 371700-410200, 371700-410700, 371700-410900; Shangqiu 411400 - Kaifeng
 *     410200 (both Henan) is a gap of 135.883646 km; Xuzhou 320300 - Suzhou 341300 shares both
 *     regional mechanisms (286.541287 km, cross-province).
 *     reach: Xuzhou 45 / 45, Shangqiu 9 / 45, Shanghai 40 / 45, Kaifeng 0 / 0.
 *   provinces: regions 34, covered 4, pairs 70 (49341.588946 km), coordinated 5 (2089.058143 km:
 *     SH-JS, SH-ZJ, JS-ZJ, JS-AH, ZJ-AH), gaps 65, yrd-market 1 piece, outer 2924.991489 km. */
#define MAPS RG_TEST_DATA "/../../maps/"

/* The founding case as `regiongraph build` builds it: maps/project.ini (its default level is
 * prefectures). */
static rg_graph *founding_graph(void)
{
    rg_project *project = NULL;
    rg_graph *g = NULL;
    cr_assert_eq(rg_project_read(MAPS "project.ini", &project), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_build_project(project, NULL, &g, NULL), RG_OK, "%s", rg_last_error());
    rg_project_free(project);
    cr_assert_str_eq(rg_graph_default_level(g), "prefectures");
    return g;
}

static long mechanism_index(const rg_graph *g, const char *id)
{
    const rg_coordination *c = rg_graph_coordination(g);
    for (size_t m = 0; m < rg_coordination_mechanism_count(c); m++)
        if (strcmp(rg_coordination_mechanism_id(c, m), id) == 0)
            return (long)m;
    cr_assert_fail("no mechanism %s", id);
    return -1;
}

static int in_list(const char *id, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(list[k], id) == 0)
            return 1;
    return 0;
}

#define KM(x, want) cr_assert_float_eq((x), (want), 1e-5, #x " = %.6f", (double)(x))

Test(coverage, founding_case_prefectures, .timeout = 120)
{
    static const char *const yrd[] = {"310000", "320000", "330000", "340000"};
    static const char *const huaihai[] = {"320300", "320700", "321300", "341300", "340600",
                                          "411400", "370400", "370800", "371300", "371700"};
    static const char *const huaihai_cross_gaps[][2] = {
        {"320700", "371100"}, {"341600", "411400"}, {"370800", "410900"},
        {"371700", "410200"}, {"371700", "410700"}, {"371700", "410900"}};
    rg_graph *g = founding_graph();
    rg_coverage *cov = coverage(g, NULL, NULL, 0);
    const rg_regions *r = rg_graph_regions(g);
    const rg_adjacency *adj = rg_graph_adjacency(g);
    rg_coverage_summary s;
    rg_mechanism_coverage mc;
    rg_region_coverage rc;
    rg_pair_coverage p;
    size_t yrd_prefectures = 0, found_cross_gaps = 0;
    long m_yrd = mechanism_index(g, "yrd-market"), m_hh = mechanism_index(g, "huaihai-enforcement");

    cr_assert_str_eq(rg_coverage_level_name(cov), "prefectures");
    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.regions, 372);
    cr_assert_eq(s.covered, 46);
    cr_assert_eq(s.pairs, 970);
    cr_assert_eq(s.pairs_coordinated, 112);
    KM(s.km, 157061.789300);
    KM(s.km_coordinated, 11393.678583);
    cr_assert_eq(s.cross_pairs, 299);
    cr_assert_eq(s.cross_pairs_coordinated, 31);
    KM(s.cross_km, 49266.832889);
    KM(s.cross_km_coordinated, 2938.431441);
    cr_assert_eq(s.gaps, 858);

    /* Every prefecture of the four YRD provinces, counted from the data, is covered. */
    for (size_t i = 0; i < rg_regions_count(r); i++) {
        long parent = rg_regions_parent(r, i);
        if (parent < 0 || !in_list(rg_regions_id(r, (size_t)parent), yrd, 4))
            continue;
        yrd_prefectures++;
        rg_coverage_region(cov, i, &rc);
        cr_assert(rc.at_level && rc.mechanisms >= 1, "%s not covered", rg_regions_id(r, i));
    }
    cr_assert_eq(yrd_prefectures, 41);
    rg_coverage_mechanism(cov, (size_t)m_yrd, &mc);
    cr_assert_eq(mc.region_members, 4);
    cr_assert_eq(mc.covered, 41);
    cr_assert_eq(mc.pieces, 2);
    KM(mc.outer_km, 2918.575456);
    rg_coverage_mechanism(cov, (size_t)m_hh, &mc);
    cr_assert_eq(mc.region_members, 10);
    cr_assert_eq(mc.covered, 10);
    cr_assert_eq(mc.pieces, 1);
    KM(mc.outer_km, 2069.137159);
    rg_coverage_mechanism(cov, (size_t)mechanism_index(g, "rural-food-2018"), &mc);
    cr_assert_eq(mc.agency_members, 6);
    cr_assert_eq(mc.covered, 0);
    rg_coverage_mechanism(cov, (size_t)mechanism_index(g, "health-market-2019"), &mc);
    cr_assert_eq(mc.agency_members, 13);
    cr_assert_eq(mc.covered, 0);

    /* The longest gap, then the Huaihai cities' cross-province gaps: exactly the six above. */
    {
        size_t a, b;
        double km;
        rg_adjacency_pair(adj, rg_coverage_gaps(cov)[0], &a, &b, &km, NULL);
        cr_assert_str_eq(rg_regions_id(r, a), "540200");
        cr_assert_str_eq(rg_regions_id(r, b), "542500");
        KM(km, 1345.152058);
    }
    for (size_t k = 0; k < rg_coverage_gap_count(cov); k++) {
        size_t pk = rg_coverage_gaps(cov)[k], a, b, j;
        const char *ida, *idb;
        rg_adjacency_pair(adj, pk, &a, &b, NULL, NULL);
        rg_coverage_pair(cov, pk, &p);
        ida = rg_regions_id(r, a);
        idb = rg_regions_id(r, b);
        if (!p.cross_parent || in_list(ida, huaihai, 10) == in_list(idb, huaihai, 10))
            continue;
        for (j = 0; j < 6; j++)
            if (strcmp(ida, huaihai_cross_gaps[j][0]) == 0 &&
                strcmp(idb, huaihai_cross_gaps[j][1]) == 0)
                break;
        cr_assert_lt(j, 6, "unexpected Huaihai cross-province gap %s-%s", ida, idb);
        found_cross_gaps++;
    }
    cr_assert_eq(found_cross_gaps, 6);
    {
        size_t pk = fx_pair(g, "411400", "410200");
        double km;
        rg_adjacency_pair(adj, pk, NULL, NULL, &km, NULL);
        rg_coverage_pair(cov, pk, &p);
        cr_assert_eq(p.shared, 0);
        cr_assert_eq(p.cross_parent, 0);
        KM(km, 135.883646);
        pk = fx_pair(g, "320300", "341300");
        rg_coverage_pair(cov, pk, &p);
        cr_assert_eq(p.shared, 2);
        cr_assert_eq(p.cross_parent, 1);
    }

    /* Reach. Shanghai's prefecture-level unit is found through its parent, whatever its id. */
    {
        static const struct { const char *id; size_t r1, r2; } want[] = {
            {"320300", 45, 45}, {"411400", 9, 45}, {"410200", 0, 0}};
        for (size_t k = 0; k < 3; k++) {
            rg_coverage_region(cov, (size_t)rg_regions_find(r, want[k].id), &rc);
            cr_assert_eq(rc.reach1, want[k].r1, "%s reach1 %zu", want[k].id, rc.reach1);
            cr_assert_eq(rc.reach2, want[k].r2, "%s reach2 %zu", want[k].id, rc.reach2);
        }
        for (size_t i = 0; i < rg_regions_count(r); i++) {
            long parent = rg_regions_parent(r, i);
            if (parent < 0 || strcmp(rg_regions_id(r, (size_t)parent), "310000") != 0)
                continue;
            rg_coverage_region(cov, i, &rc);
            cr_assert_eq(rc.reach1, 40);
            cr_assert_eq(rc.reach2, 45);
        }
    }
    rg_coverage_free(cov);
    rg_graph_free(g);
}

Test(coverage, founding_case_provinces, .timeout = 120)
{
    static const char *const yrd_pairs[][2] = {{"310000", "320000"}, {"310000", "330000"},
                                               {"320000", "330000"}, {"320000", "340000"},
                                               {"330000", "340000"}};
    rg_graph *g = founding_graph();
    rg_coverage *cov = coverage(g, "provinces", NULL, 0);
    rg_coverage_summary s;
    rg_mechanism_coverage mc;
    rg_pair_coverage p;

    rg_coverage_get_summary(cov, &s);
    cr_assert_eq(s.regions, 34);
    cr_assert_eq(s.covered, 4);
    cr_assert_eq(s.pairs, 70);
    cr_assert_eq(s.pairs_coordinated, 5);
    KM(s.km, 49341.588946);
    KM(s.km_coordinated, 2089.058143);
    cr_assert_eq(s.cross_pairs, 0);
    cr_assert_eq(s.gaps, 65);
    for (size_t k = 0; k < 5; k++) {
        size_t pk = fx_pair(g, yrd_pairs[k][0], yrd_pairs[k][1]);
        cr_assert_neq(pk, (size_t)-1, "%s-%s", yrd_pairs[k][0], yrd_pairs[k][1]);
        rg_coverage_pair(cov, pk, &p);
        cr_assert_eq(p.at_level, 1);
        cr_assert_eq(p.shared, 1, "%s-%s", yrd_pairs[k][0], yrd_pairs[k][1]);
    }
    cr_assert_eq(fx_pair(g, "310000", "340000"), (size_t)-1); /* Shanghai and Anhui do not touch */
    rg_coverage_mechanism(cov, (size_t)mechanism_index(g, "yrd-market"), &mc);
    cr_assert_eq(mc.covered, 4);
    cr_assert_eq(mc.pieces, 1);
    KM(mc.outer_km, 2924.991489);
    rg_coverage_mechanism(cov, (size_t)mechanism_index(g, "huaihai-enforcement"), &mc);
    cr_assert_eq(mc.covered, 0);
    rg_coverage_free(cov);
    rg_graph_free(g);
}
