/* Building a graph: the settings a build applies (project, then options), what its result
 * holds (timings, diagnostics, the summary of each level) and the tolerance hint. Figures of the
 * founding case are those `regiongraph build` prints (tests/cli/test_cli.py); the sliver is
 * tests/data/snap/README.md's. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geom/crs_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/build.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/project.h"
#include "leak_check.h"

RG_TEST_SUITE(build);

#define MAPS RG_TEST_DATA "/../../maps/"
#define SLIVER RG_TEST_DATA "/snap/sliver.shp"

/* The region ids of a level's regions without neighbours, joined by spaces. */
static void isolated_ids(const rg_graph *g, const rg_level_summary *s, char *buf, size_t size)
{
    size_t k, n = 0;
    buf[0] = '\0';
    for (k = 0; k < s->isolated && n < size; k++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", k ? " " : "",
                              rg_regions_id(rg_graph_regions(g), s->isolated_regions[k]));
}

/* Reads the shipped project into *p and builds it with o into *g and *r. */
static void build_maps(const rg_build_options *o, rg_project **p, rg_graph **g, rg_build_result *r)
{
    cr_assert_eq(rg_project_read(MAPS "project.ini", p), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_build_project(*p, o, g, r), RG_OK, "%s", rg_last_error());
}

Test(build, founding_case_summary)
{
    rg_project *p = NULL;
    rg_graph *g = NULL;
    rg_build_options o = {0};
    rg_build_result r = {0};
    const rg_level_summary *s;
    const rg_regions *regions;
    char ids[256];
    o.diagnose = 1;
    build_maps(&o, &p, &g, &r);
    regions = rg_graph_regions(g);
    cr_assert_eq(r.contiguity, RG_CONTIGUITY_QUEEN);
    cr_assert_eq(r.snap, 0);
    cr_assert(r.seconds_read > 0 && r.seconds_contiguity > 0 && r.seconds_diagnostics > 0);
    cr_assert_eq(r.ndiagnostics, 2);
    cr_assert_eq(r.nlevels, 2);

    s = &r.levels[0];
    cr_assert_eq(s->regions, 34);
    cr_assert_eq(s->pairs, 70);
    cr_assert_eq(s->island_links, 0);
    cr_assert_null(s->island_pairs);
    isolated_ids(g, s, ids, sizeof ids);
    cr_assert_str_eq(ids, "460000 710000");
    cr_assert_eq(s->diagnosed, 1);
    cr_assert_eq(s->near_misses, 0);
    cr_assert_eq(s->overlaps, 0);
    cr_assert_eq(s->snap_hint_m, 0);

    s = &r.levels[1];
    cr_assert_eq(s->regions, 372);
    cr_assert_eq(s->pairs, 970);
    isolated_ids(g, s, ids, sizeof ids);
    cr_assert_str_eq(ids, "330900 460300 710000");
    /* The two pairs within 1 km (Sanya-Wuzhishan 520 m, Liangshan-Qujing 635 m, test_snap.c)
     * each share two neighbours (Ledong and Baoting; Zhaotong and Kunming): the gap between them
     * is a third region's wedge, not a slip, so they are not near misses. */
    cr_assert_eq(s->near_misses, 0);
    cr_assert_eq(s->overlaps, 0);
    cr_assert_eq(s->snap_hint_m, 0);
    cr_assert_eq(r.diagnostics[1].first, 34);
    cr_assert_eq(r.diagnostics[1].near_km, 1.0);

    cr_assert_eq(r.coordination, 1);
    cr_assert_eq(r.mechanisms, 4);
    cr_assert_eq(r.memberships, 33);
    cr_assert_eq(r.agencies, 15);
    cr_assert_str_eq(rg_regions_level_name(regions, 1), "prefectures");

    rg_build_result_release(&r);
    cr_assert_eq(r.nlevels + r.ndiagnostics, 0);
    cr_assert_null(r.levels);
    rg_build_result_release(&r); /* twice: harmless */
    rg_build_result_release(NULL);
    rg_graph_free(g);
    rg_project_free(p);
}

/* Options win over the project; the result says what was applied; island links are listed. */
Test(build, options_override_the_project)
{
    rg_project *p = NULL;
    rg_graph *g = NULL;
    rg_build_options o = {0};
    rg_build_result r = {0};
    const rg_adjacency *adj;
    const rg_level_summary *s;
    size_t k, a, b;
    o.contiguity_set = 1;
    o.contiguity = RG_CONTIGUITY_ROOK;
    o.snap_set = 1;
    o.snap = 50;
    o.snap_unit = RG_UNIT_METRE;
    o.islands_set = 1;
    o.islands = 1;
    build_maps(&o, &p, &g, &r);
    cr_assert_eq(r.contiguity, RG_CONTIGUITY_ROOK);
    cr_assert_eq(r.snap, 50);
    cr_assert_eq(r.snap_unit, RG_UNIT_METRE);
    cr_assert_eq(r.ndiagnostics, 0);
    cr_assert_null(r.diagnostics);
    adj = rg_graph_adjacency(g);
    s = &r.levels[1];
    cr_assert_eq(s->pairs, 970);
    cr_assert_eq(s->isolated, 0);
    cr_assert_eq(s->diagnosed, 0);
    cr_assert_eq(s->island_links, 3);
    for (k = 0; k < 3; k++) {
        cr_assert_eq(rg_adjacency_contact(adj, s->island_pairs[k]), RG_CONTACT_ISLAND);
        rg_adjacency_pair(adj, s->island_pairs[k], &a, &b, NULL, NULL);
        cr_assert_eq(rg_regions_level(rg_graph_regions(g), a), 1);
        cr_assert(k == 0 || s->island_pairs[k] > s->island_pairs[k - 1]);
    }
    cr_assert_eq(r.levels[0].island_links, 2);
    /* a second build into the same result replaces what it held */
    o.islands = 0;
    rg_graph_free(g);
    cr_assert_eq(rg_build_project(p, &o, &g, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(r.levels[1].island_links, 0);
    cr_assert_eq(r.levels[1].isolated, 3);
    rg_build_result_release(&r);
    rg_graph_free(g);
    rg_project_free(p);
}

/* A front end's project of one file, with the project's own settings set by hand. */
Test(build, single_layer_project)
{
    rg_project *p = NULL;
    rg_graph *g = NULL;
    rg_build_options o = {0};
    rg_build_result r = {0};
    o.diagnose = 1;
    cr_assert_eq(rg_project_new_single_layer(SLIVER, NULL, NULL, NULL, &p), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_build_project(p, &o, &g, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(r.nlevels, 1);
    cr_assert_eq(r.levels[0].pairs, 0);
    cr_assert_eq(r.levels[0].isolated, 2);
    cr_assert_eq(r.levels[0].near_misses, 1);
    cr_assert_float_eq(r.levels[0].near_min_km, 0.005, 1e-9);
    cr_assert_eq(r.coordination, 0);
    rg_graph_free(g);

    p->snap_set = 1;
    p->snap = 10;
    p->snap_unit = RG_UNIT_METRE;
    cr_assert_eq(rg_build_project(p, &o, &g, &r), RG_OK, "%s", rg_last_error());
    cr_assert_eq(r.snap, 10);
    cr_assert_eq(r.levels[0].pairs, 1);
    cr_assert_eq(r.levels[0].isolated, 0);
    cr_assert_float_eq(r.diagnostics[0].snap_km, 0.01, 1e-12);
    cr_assert_float_eq(r.diagnostics[0].near_km, 0.1, 1e-12); /* ten times the tolerance */
    rg_graph_free(g);

    /* a negative tolerance from a hand-filled project: refused, result released */
    p->snap = -1;
    g = (rg_graph *)1;
    cr_assert_eq(rg_build_project(p, &o, &g, &r), RG_ERR_ARG);
    cr_assert_null(g);
    cr_assert_str_eq(rg_last_error(), "snap must be a finite distance of at least 0");
    cr_assert_eq(r.nlevels + r.ndiagnostics, 0);
    rg_project_free(p);
}

Test(build, failure_releases_the_result)
{
    rg_project *p = NULL;
    rg_graph *g = NULL;
    rg_build_options o = {0};
    rg_build_result r = {0};
    o.diagnose = 1;
    build_maps(&o, &p, &g, &r);
    rg_graph_free(g);
    o.level = "towns";
    cr_assert_eq(rg_build_project(p, &o, &g, &r), RG_ERR_ARG);
    cr_assert_null(g);
    cr_assert_eq(r.nlevels + r.ndiagnostics, 0);
    cr_assert_null(r.levels);
    cr_assert_null(r.diagnostics);
    rg_project_free(p);
}

/* n squares 1 km wide in UTM 50N, square i's south-west corner at (x0[i], y0[i]), ids A, B, ... */
static rg_regions *square_map(int n, const double *x0, const double *y0)
{
    rg_regions *r = NULL;
    rg_i_crs crs = {0};
    cr_assert_eq(rg_i_crs_from_text("EPSG:32650", "test", &crs), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_i_regions_new("squares.shp", 0, NULL, &r), RG_OK);
    for (int i = 0; i < n; i++) {
        char id[2] = {(char)('A' + i), 0};
        double ring[10] = {x0[i], y0[i], x0[i] + 1000, y0[i], x0[i] + 1000, y0[i] + 1000,
                           x0[i], y0[i] + 1000, x0[i], y0[i]};
        cr_assert_eq(rg_i_regions_begin(r, id, NULL, NULL), RG_OK);
        cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
        cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_crs(r, crs.wkt, 0, 1.0), RG_OK);
    rg_i_crs_release(&crs);
    return r;
}

/* Squares 1 km wide in a row, 10, 12 and 14 m apart: three near misses, no pair. */
static rg_regions *squares(void)
{
    static const double x0[4] = {0, 1010, 2022, 3036};
    static const double y0[4] = {3800000, 3800000, 3800000, 3800000};
    return square_map(4, x0, y0);
}

/* squares() and, 2 km north, four squares each 300 m higher or lower than the one before and
 * overlapping it by 20, 25 and 30 m: their boundaries cross without a common vertex (near misses
 * at 0 m) and the corners inside the neighbour are 20, 25 and 30 m deep. */
static rg_regions *squares_and_overlaps(void)
{
    static const double x0[8] = {0, 1010, 2022, 3036, 0, 980, 1955, 2925};
    static const double y0[8] = {3800000, 3800000, 3800000, 3800000,
                                 3803000, 3803300, 3803000, 3803300};
    return square_map(8, x0, y0);
}

/* A build result of one level holding the diagnostics of regions (near radius 100 m, exact
 * contiguity), as rg_build_project leaves it; *adj gets the contiguity. */
static void diagnose_one_level(const rg_regions *regions, rg_adjacency **adj, rg_build_result *r)
{
    cr_assert_eq(rg_contiguity_build(regions, RG_CONTIGUITY_QUEEN, adj), RG_OK);
    r->ndiagnostics = r->nlevels = 1;
    cr_assert_not_null(r->diagnostics = calloc(1, sizeof *r->diagnostics));
    cr_assert_not_null(r->levels = calloc(1, sizeof *r->levels));
    cr_assert_eq(rg_contiguity_diagnose(regions, *adj, 0, 100, &r->diagnostics[0].diagnostics),
                 RG_OK, "%s", rg_last_error());
}

/* Gaps alone (10, 12 and 14 m between squares, no overlap) may be real: no hint. */
Test(build, no_tolerance_hint_without_overlaps)
{
    rg_regions *regions = squares();
    rg_adjacency *adj = NULL;
    rg_build_result r = {0};
    double m = -1;
    diagnose_one_level(regions, &adj, &r);
    cr_assert_eq(rg_diagnostics_near_count(r.diagnostics[0].diagnostics), 3);
    cr_assert_eq(rg_diagnostics_overlap_count(r.diagnostics[0].diagnostics), 0);
    cr_assert_eq(rg_build_tolerance_hint(&r, 0, &m), RG_OK);
    cr_assert_eq(m, 0);
    rg_build_result_release(&r);
    rg_adjacency_free(adj);
    rg_regions_free(regions);
}

/* The hint: the larger of the 90th percentile of the overlap depths (25 m of 20, 25, 30) and
 * twice that of the gaps (2 x 12 m of 0, 0, 0, 10, 12, 14), rounded up to one significant digit:
 * 30 m; none when the misses and overlaps are few beside the pairs or the tolerance covers it. */
Test(build, tolerance_hint)
{
    rg_regions *regions = squares_and_overlaps();
    rg_adjacency *adj = NULL;
    rg_build_result r = {0};
    double m = -1;
    diagnose_one_level(regions, &adj, &r);
    cr_assert_eq(rg_adjacency_count(adj), 0);
    cr_assert_eq(rg_diagnostics_near_count(r.diagnostics[0].diagnostics), 6);
    cr_assert_eq(rg_diagnostics_overlap_count(r.diagnostics[0].diagnostics), 3);
    cr_assert_eq(rg_build_tolerance_hint(&r, 0, &m), RG_OK);
    cr_assert_eq(m, 30);
    r.levels[0].pairs = 91; /* 9 misses and overlaps are fewer than a tenth of 91 pairs */
    cr_assert_eq(rg_build_tolerance_hint(&r, 0, &m), RG_OK);
    cr_assert_eq(m, 0);
    r.levels[0].pairs = 90;
    cr_assert_eq(rg_build_tolerance_hint(&r, 0, &m), RG_OK);
    cr_assert_eq(m, 30);
    r.diagnostics[0].snap_km = 0.03; /* already that tolerance */
    cr_assert_eq(rg_build_tolerance_hint(&r, 0, &m), RG_OK);
    cr_assert_eq(m, 0);
    m = -1;
    cr_assert_eq(rg_build_tolerance_hint(&r, 1, &m), RG_ERR_ARG);
    cr_assert_eq(m, 0);
    r.ndiagnostics = 0; /* a level without diagnostics has no hint */
    cr_assert_eq(rg_build_tolerance_hint(&r, 0, &m), RG_OK);
    cr_assert_eq(m, 0);
    r.ndiagnostics = 1;
    rg_build_result_release(&r);
    rg_adjacency_free(adj);
    rg_regions_free(regions);
}
