/* The end of a build (rg_build_write, rg_build_diagnose): the diagnostics left for later give
 * what a build that ran them at once gives, beside the write or in one thread (RG_THREADS=1);
 * a failure of either leaves no file. Figures of the sliver: tests/data/snap/README.md (two
 * squares 5 m apart: no pair, both without neighbours, one near miss of 5 m). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/build_internal.h"
#include "regiongraph/build.h"
#include "regiongraph/export.h"
#include "regiongraph/graphfile.h"
#include "leak_check.h"

RG_TEST_SUITE(build_write);

#define SLIVER RG_TEST_DATA "/snap/sliver.shp"
#define MAPS RG_TEST_DATA "/../../maps/"

/* Builds the sliver with its diagnostics left for later (later 1) or run at once (0). */
static void build_sliver(int later, rg_project **p, rg_graph **g, rg_build_result *r)
{
    rg_build_options o = {0};
    o.diagnose = 1;
    o.diagnose_later = later;
    cr_assert_eq(rg_project_new_single_layer(SLIVER, NULL, NULL, NULL, p), RG_OK, "%s",
                 rg_last_error());
    cr_assert_eq(rg_build_project(*p, &o, g, r), RG_OK, "%s", rg_last_error());
}

/* Files in dir, . and .. not counted. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    cr_assert_not_null(d);
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* The sliver's summary, as a build that diagnosed at once has it. */
static void check_sliver_summary(const rg_build_result *r)
{
    cr_assert_eq(r->nlevels, 1);
    cr_assert_eq(r->ndiagnostics, 1);
    cr_assert_not_null(r->diagnostics[0].diagnostics);
    cr_assert_eq(r->levels[0].pairs, 0);
    cr_assert_eq(r->levels[0].isolated, 2);
    cr_assert_eq(r->levels[0].diagnosed, 1);
    cr_assert_eq(r->levels[0].near_misses, 1);
    cr_assert_float_eq(r->levels[0].near_min_km, 0.005, 1e-9);
    cr_assert_eq(rg_diagnostics_isolated_count(r->diagnostics[0].diagnostics), 2);
    cr_assert(r->seconds_diagnostics > 0);
}

/* Writes the sliver's graph with its diagnostics left for later; beside: expected
 * diagnosed_beside_write. */
static void write_later(int beside)
{
    rg_project *p = NULL;
    rg_graph *g = NULL, *back = NULL;
    rg_build_result r = {0};
    char dir[] = "/tmp/rg-build-write-XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    build_sliver(1, &p, &g, &r);
    /* left for later: no diagnostics, no summary yet, the radius already found */
    cr_assert_not_null(r.later);
    cr_assert_eq(r.nlevels, 0);
    cr_assert_null(r.diagnostics[0].diagnostics);
    /* a tenth of the typical region: sqrt of 1000 x 1000 or 2000 x 995 m */
    cr_assert(r.diagnostics[0].near_km > 0.1 - 1e-9 && r.diagnostics[0].near_km < 0.1411,
              "%g", r.diagnostics[0].near_km);
    cr_assert_eq(rg_build_write(g, &r, path, NULL, NULL, NULL), RG_OK, "%s", rg_last_error());
    cr_assert_null(r.later);
    cr_assert_eq(r.diagnosed_beside_write, beside);
    cr_assert(r.seconds_write > 0 && r.seconds_waited >= 0);
    check_sliver_summary(&r);
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_regions_count(rg_graph_regions(back)), 2);
    cr_assert_eq(entries(dir), 1); /* the graph file, nothing beside it */
    unlink(path);
    rmdir(dir);
    rg_graph_free(back);
    rg_graph_free(g);
    rg_build_result_release(&r);
    rg_project_free(p);
}

Test(build_write, diagnostics_beside_the_write)
{
    unsetenv("RG_THREADS");
    write_later(1);
}

Test(build_write, one_thread_with_rg_threads_1)
{
    setenv("RG_THREADS", "1", 1);
    write_later(0);
}

/* rg_build_diagnose() in the calling thread gives what the build at once gave. */
Test(build_write, diagnose_later_equals_at_once)
{
    rg_project *p = NULL, *q = NULL;
    rg_graph *g = NULL, *h = NULL;
    rg_build_result now = {0}, later = {0};
    size_t a, b, c, d;
    double km, km2;
    build_sliver(0, &p, &g, &now);
    cr_assert_null(now.later);
    check_sliver_summary(&now);
    build_sliver(1, &q, &h, &later);
    cr_assert_eq(rg_build_diagnose(h, &later), RG_OK, "%s", rg_last_error());
    check_sliver_summary(&later);
    rg_diagnostics_near(now.diagnostics[0].diagnostics, 0, &a, &b, &km, NULL);
    rg_diagnostics_near(later.diagnostics[0].diagnostics, 0, &c, &d, &km2, NULL);
    cr_assert(a == c && b == d && km == km2);
    /* nothing left: a second call does nothing */
    cr_assert_eq(rg_build_diagnose(h, &later), RG_OK);
    check_sliver_summary(&later);
    rg_graph_free(g);
    rg_graph_free(h);
    rg_build_result_release(&now);
    rg_build_result_release(&later);
    rg_project_free(p);
    rg_project_free(q);
}

/* A project of levels is diagnosed at once (merging consumes the levels): nothing left. */
Test(build_write, hierarchy_diagnosed_at_once)
{
    rg_project *p = NULL;
    rg_graph *g = NULL;
    rg_build_options o = {0};
    rg_build_result r = {0};
    o.diagnose = 1;
    o.diagnose_later = 1;
    cr_assert_eq(rg_project_read(MAPS "project.ini", &p), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_build_project(p, &o, &g, &r), RG_OK, "%s", rg_last_error());
    cr_assert_null(r.later);
    cr_assert_eq(r.nlevels, 2);
    cr_assert_eq(r.levels[1].pairs, 970);
    cr_assert_not_null(r.diagnostics[1].diagnostics);
    rg_graph_free(g);
    rg_build_result_release(&r);
    rg_project_free(p);
}

/* Diagnostics that fail (here a radius made invalid after the build): the write that ran beside
 * them is thrown away, the error is theirs, and the directory stays empty. */
static void diagnostics_fail(void)
{
    rg_project *p = NULL;
    rg_graph *g = NULL;
    rg_build_result r = {0};
    char dir[] = "/tmp/rg-build-write-XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/g.gpkg", dir);
    build_sliver(1, &p, &g, &r);
    r.later->level[0].near = NAN;
    cr_assert_eq(rg_build_write(g, &r, path, NULL, NULL, NULL), RG_ERR_ARG);
    cr_assert(strstr(rg_last_error(), "diagnose: invalid argument"), "%s", rg_last_error());
    cr_assert_eq(access(path, F_OK), -1);
    cr_assert_eq(entries(dir), 0);
    cr_assert_null(r.diagnostics);
    cr_assert_eq(r.ndiagnostics, 0);
    rmdir(dir);
    rg_graph_free(g);
    rg_build_result_release(&r);
    rg_project_free(p);
}

Test(build_write, failed_diagnostics_leave_no_file)
{
    unsetenv("RG_THREADS");
    diagnostics_fail();
}

Test(build_write, failed_diagnostics_leave_no_file_one_thread)
{
    setenv("RG_THREADS", "1", 1);
    diagnostics_fail();
}

/* A write that fails (no such directory) while the diagnostics run: the write's error. */
Test(build_write, failed_write)
{
    rg_project *p = NULL;
    rg_graph *g = NULL;
    rg_build_result r = {0};
    unsetenv("RG_THREADS");
    build_sliver(1, &p, &g, &r);
    cr_assert_eq(rg_build_write(g, &r, "/nonexistent-rg-dir/g.gpkg", NULL, NULL, NULL),
                 RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "/nonexistent-rg-dir/g.gpkg"), "%s", rg_last_error());
    cr_assert_null(r.diagnostics);
    cr_assert_eq(r.nlevels, 0);
    rg_graph_free(g);
    rg_build_result_release(&r);
    rg_project_free(p);
}
