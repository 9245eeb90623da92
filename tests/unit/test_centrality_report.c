/* The centrality section of the report in its four formats, parsed back, and the measures on
 * regions.geojson.
 *
 * Expected values:
 * - path a-b-c-d (four 1 km squares in a row, rook): betweenness 0 2 2 0 (b lies on a-c, a-d;
 *   c on a-d, b-d), degree 1 2 2 1, closeness (reciprocal mean distance) ends 3/6 = 0.5, middle
 *   3/4 = 0.75; every edge a bridge, b and c articulation points; one component.
 * - star: centre square with three others on its left, right and top sides (rook; the corner
 *   contacts between leaves are not rook): centre betweenness 3 (one path for each of the 3
 *   leaf pairs), degree 3, closeness 1; leaves closeness 3/5 = 0.6; 3 bridges, 1 articulation.
 * - report_fixture.h (hand-worked pairs there), adjacency view at prefectures, 8 nodes (6
 *   prefectures, agencies AG1 and AG2 isolated): unweighted, b 102 and e 105 touch all five
 *   others (degree 5, closeness 1) and split each of the four pairs at distance 2 (a-c, a-f,
 *   d-c, d-f) with one another: betweenness 2 each, 0 elsewhere; the others closeness 5/7.
 *   Weighted (distance = mean km 11.5/11 over km, corners 1), betweenness e 4, f 3, others 0;
 *   closeness e 1.383647799 and PageRank (strength km) e 0.219584921, f 0.192766562: networkx
 *   2.8 (betweenness_centrality, closeness_centrality with the same distances; pagerank
 *   weight=km, agencies added as isolated nodes), to 1e-5 for PageRank (networkx tolerance). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regiongraph/centrality.h"
#include "regiongraph/coverage.h"
#include "regiongraph/export.h"
#include "regiongraph/report.h"
#include "report/table_internal.h"
#include "report_fixture.h"
#include "leak_check.h"

RG_TEST_SUITE(centrality_report);

/* ------------------------------------------------------------------ helpers */

typedef struct box {
    double x0, y0, x1, y1;
} box;

/* A single-level graph of unit squares (km, on UTM 50N), rook contiguity. */
static rg_graph *boxes_graph(const box *boxes, size_t n, const char *const *ids)
{
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_i_field fields[] = {{.name = "code", .type = RG_FIELD_STRING, .width = 6}};
    cr_assert_eq(rg_i_regions_new("boxes.shp", 1, fields, &r), RG_OK);
    for (size_t i = 0; i < n; i++) {
        rg_i_value v[1] = {{.text = strdup(ids[i])}};
        cr_assert_eq(rg_i_regions_begin(r, ids[i], ids[i], v), RG_OK);
        rf_add_box(r, boxes[i].x0, boxes[i].y0, boxes[i].x1, boxes[i].y1);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", "code"), RG_OK);
    rf_set_crs(r);
    cr_assert_eq(rg_contiguity_build(r, &(rg_contiguity_options){.kind = RG_CONTIGUITY_ROOK},
                                     &adj),
                 RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK, "%s", rg_last_error());
    return g;
}

static rg_graph *path_graph(void)
{
    static const box boxes[] = {{0, 0, 1, 1}, {1, 0, 2, 1}, {2, 0, 3, 1}, {3, 0, 4, 1}};
    static const char *const ids[] = {"a", "b", "c", "d"};
    return boxes_graph(boxes, 4, ids);
}

static rg_graph *star_graph(void)
{
    static const box boxes[] = {{1, 0, 2, 1}, {0, 0, 1, 1}, {2, 0, 3, 1}, {1, 1, 2, 2}};
    static const char *const ids[] = {"hub", "left", "right", "top"};
    return boxes_graph(boxes, 4, ids);
}

static rg_centrality *compute(const rg_graph *g, const char *level, int unweighted)
{
    rg_centrality_options o = {.level = level, .view = RG_VIEW_ADJACENCY,
                               .unweighted = unweighted, .seed = 1};
    rg_centrality *c = NULL;
    cr_assert_eq(rg_centrality_compute(g, &o, &c), RG_OK, "%s", rg_last_error());
    return c;
}

static char *capture(const rg_graph *g, const rg_centrality *c, rg_format format,
                     rg_measure sort_by, size_t top)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    cr_assert_not_null(fp);
    cr_assert_eq(rg_report_centrality(g, c, format, sort_by, top, fp), RG_OK, "%s",
                 rg_last_error());
    fclose(fp);
    return text;
}

static json_t *capture_json(const rg_graph *g, const rg_centrality *c, rg_measure sort_by,
                            size_t top)
{
    char *text = capture(g, c, RG_FORMAT_JSON, sort_by, top);
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    cr_assert_not_null(root, "json: %s at line %d\n%s", err.text, err.line, text);
    free(text);
    return root;
}

/* The node object of an id in the JSON nodes array. */
static json_t *json_node(json_t *root, const char *id)
{
    json_t *nodes = json_object_get(root, "nodes"), *node;
    size_t k;
    json_array_foreach(nodes, k, node) {
        if (strcmp(json_string_value(json_object_get(node, "id")), id) == 0)
            return node;
    }
    cr_assert_fail("node %s not in the json", id);
    return NULL;
}

static double num(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

#define CHECK_NUM(obj, key, want, tol)                                                          \
    cr_assert(fabs(num(obj, key) - (want)) <= (tol), "%s = %.12g, want %.12g", key,            \
              num(obj, key), (double)(want))

/* ------------------------------------------------------------------ hand-made graphs */

Test(centrality_report, path_json_by_hand)
{
    rg_graph *g = path_graph();
    rg_centrality *c = compute(g, NULL, 0);
    json_t *root = capture_json(g, c, RG_MEASURE_BETWEENNESS, 0), *nodes, *summary, *bridges;
    static const char *const ids[] = {"a", "b", "c", "d"};
    static const double betw[] = {0, 2, 2, 0}, deg[] = {1, 2, 2, 1}, clo[] = {0.5, 0.75, 0.75, 0.5};

    nodes = json_object_get(root, "nodes");
    cr_assert_eq(json_array_size(nodes), 4);
    /* Ranked by betweenness, ties by id: b c then a d. */
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(nodes, 0), "id")), "b");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(nodes, 1), "id")), "c");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(nodes, 2), "id")), "a");
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(nodes, 3), "rank")), 4);
    for (int i = 0; i < 4; i++) {
        json_t *n = json_node(root, ids[i]);
        CHECK_NUM(n, "betweenness", betw[i], 1e-9);
        CHECK_NUM(n, "degree", deg[i], 0);
        CHECK_NUM(n, "strength", deg[i], 1e-6); /* every border 1 km */
        CHECK_NUM(n, "closeness", clo[i], 1e-9);
        cr_assert(json_is_integer(json_object_get(n, "degree")));
        cr_assert_eq(json_is_true(json_object_get(n, "articulation")), i == 1 || i == 2, "%s", ids[i]);
        cr_assert(json_is_false(json_object_get(n, "isolated")));
        cr_assert_str_eq(json_string_value(json_object_get(n, "kind")), "region");
    }
    summary = json_object_get(root, "summary");
    CHECK_NUM(summary, "components", 1, 0);
    CHECK_NUM(summary, "largest_component", 4, 0);
    CHECK_NUM(summary, "isolated", 0, 0);
    CHECK_NUM(summary, "articulation_points", 2, 0);
    CHECK_NUM(summary, "bridges", 3, 0);
    bridges = json_object_get(root, "bridges");
    cr_assert_eq(json_array_size(bridges), 3);
    for (size_t k = 0; k < 3; k++) {
        json_t *pair = json_array_get(bridges, k);
        const char *x = json_string_value(json_array_get(pair, 0));
        const char *y = json_string_value(json_array_get(pair, 1));
        /* Each bridge joins two consecutive squares. */
        cr_assert(x && y && abs(x[0] - y[0]) == 1, "bridge %s-%s", x, y);
    }
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(root, "options"), "seed")), 1);
    cr_assert(json_is_true(json_object_get(json_object_get(root, "options"), "weighted")));
    cr_assert(json_is_null(json_object_get(json_object_get(root, "options"), "betweenness_cutoff")));
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "options"), "view")),
                     "adjacency");
    json_decref(root);
    rg_centrality_free(c);
    rg_graph_free(g);
}

Test(centrality_report, star_csv_by_hand)
{
    rg_graph *g = star_graph();
    rg_centrality *c = compute(g, NULL, 1);
    char *text = capture(g, c, RG_FORMAT_CSV, RG_MEASURE_BETWEENNESS, 0), *save = NULL, *line;
    char header[512];
    int rows = 0;

    /* Header: id, name, kind, level, rank, then every measure by name. */
    snprintf(header, sizeof header, "id,name,kind,level,rank");
    for (int m = 0; m < RG_MEASURE_COUNT; m++) {
        strcat(header, ",");
        strcat(header, rg_measure_name((rg_measure)m));
    }
    line = strtok_r(text, "\r\n", &save);
    cr_assert_str_eq(line, header);
    while ((line = strtok_r(NULL, "\r\n", &save))) {
        char *f[5 + RG_MEASURE_COUNT], *s2 = NULL;
        int nf = 0;
        for (char *tok = strtok_r(line, ",", &s2); tok && nf < 5 + RG_MEASURE_COUNT;
             tok = strtok_r(NULL, ",", &s2))
            f[nf++] = tok;
        cr_assert_eq(nf, 5 + RG_MEASURE_COUNT);
        int hub = strcmp(f[0], "hub") == 0;
        cr_assert_str_eq(f[2], "region");
        /* The leaves tie at 0 and rank by id: left, right, top. */
        cr_assert_str_eq(f[4], hub ? "1" : strcmp(f[0], "left") == 0 ? "2"
                                         : strcmp(f[0], "right") == 0 ? "3" : "4");
        cr_assert_eq(atof(f[5 + RG_MEASURE_DEGREE]), hub ? 3 : 1, "%s", f[0]);
        cr_assert_float_eq(atof(f[5 + RG_MEASURE_BETWEENNESS]), hub ? 3.0 : 0.0, 1e-12);
        cr_assert_float_eq(atof(f[5 + RG_MEASURE_CLOSENESS]), hub ? 1.0 : 0.6, 1e-12);
        cr_assert_str_eq(f[5 + RG_MEASURE_ARTICULATION], hub ? "true" : "false");
        cr_assert_str_eq(f[5 + RG_MEASURE_COMPONENT], "0");
        rows++;
    }
    cr_assert_eq(rows, 4);
    free(text);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* ------------------------------------------------------------------ the report fixture */

Test(centrality_report, fixture_unweighted_json)
{
    rg_graph *g = rf_graph();
    rg_centrality *c = compute(g, "prefectures", 1);
    json_t *root = capture_json(g, c, RG_MEASURE_BETWEENNESS, 0), *summary, *n;
    static const char *const ids[] = {"101", "102", "103", "104", "105", "106"};
    static const double deg[] = {3, 5, 3, 3, 5, 3};

    cr_assert_eq(json_array_size(json_object_get(root, "nodes")), 8);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "options"), "level")),
                     "prefectures");
    cr_assert(json_is_false(json_object_get(json_object_get(root, "options"), "weighted")));
    for (int i = 0; i < 6; i++) {
        int hub = deg[i] == 5;
        n = json_node(root, ids[i]);
        CHECK_NUM(n, "degree", deg[i], 0);
        CHECK_NUM(n, "betweenness", hub ? 2.0 : 0.0, 1e-9);
        CHECK_NUM(n, "closeness", hub ? 1.0 : 5.0 / 7.0, 1e-9);
        CHECK_NUM(n, "component", num(json_node(root, "101"), "component"), 0);
        cr_assert_str_eq(json_string_value(json_object_get(n, "level")), "prefectures");
    }
    cr_assert_str_eq(json_string_value(json_object_get(json_node(root, "106"), "name")), "徐州市");
    /* Agencies: isolated in the adjacency view, closeness 0 (never NaN), their own component. */
    for (int k = 0; k < 2; k++) {
        n = json_node(root, k ? "AG2" : "AG1");
        cr_assert_str_eq(json_string_value(json_object_get(n, "kind")), "agency");
        cr_assert_str_eq(json_string_value(json_object_get(n, "level")), "national");
        cr_assert(json_is_true(json_object_get(n, "isolated")));
        CHECK_NUM(n, "closeness", 0, 0);
        CHECK_NUM(n, "degree", 0, 0);
        cr_assert(num(n, "component") != num(json_node(root, "101"), "component"));
    }
    summary = json_object_get(root, "summary");
    CHECK_NUM(summary, "nodes", 8, 0);
    CHECK_NUM(summary, "regions", 6, 0);
    CHECK_NUM(summary, "agencies", 2, 0);
    CHECK_NUM(summary, "edges", 11, 0);
    CHECK_NUM(summary, "components", 3, 0);
    CHECK_NUM(summary, "largest_component", 6, 0);
    CHECK_NUM(summary, "isolated", 2, 0);
    CHECK_NUM(summary, "bridges", 0, 0);
    CHECK_NUM(summary, "articulation_points", 0, 0);
    cr_assert(json_is_object(json_object_get(summary, "leiden")));
    cr_assert(num(json_object_get(summary, "leiden"), "count") >= 3);
    json_decref(root);
    rg_centrality_free(c);
    rg_graph_free(g);
}

Test(centrality_report, fixture_weighted_matches_networkx)
{
    rg_graph *g = rf_graph();
    rg_centrality *c = compute(g, "prefectures", 0);
    json_t *root = capture_json(g, c, RG_MEASURE_PAGERANK, 3), *nodes;

    nodes = json_object_get(root, "nodes");
    cr_assert_eq(json_array_size(nodes), 3, "--top 3 lists three nodes");
    /* PageRank ranking: e 0.2196, f 0.1928, c 0.1586. */
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(nodes, 0), "id")), "105");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(nodes, 1), "id")), "106");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(nodes, 2), "id")), "103");
    CHECK_NUM(json_array_get(nodes, 0), "pagerank", 0.219584921, 1e-5);
    CHECK_NUM(json_array_get(nodes, 1), "pagerank", 0.192766562, 1e-5);
    CHECK_NUM(json_array_get(nodes, 0), "betweenness", 4.0, 1e-9);
    CHECK_NUM(json_array_get(nodes, 1), "betweenness", 3.0, 1e-9);
    CHECK_NUM(json_array_get(nodes, 2), "betweenness", 0.0, 1e-9);
    CHECK_NUM(json_array_get(nodes, 0), "closeness", 1.383647799, 1e-8);
    CHECK_NUM(json_array_get(nodes, 0), "strength", 5.5, 1e-9); /* d-e 2 + e-f 2 + b-e 1.5 */
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "options"), "sort")),
                     "pagerank");
    json_decref(root);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* The widest line of a text, in display columns. */
static size_t widest_line(const char *text)
{
    size_t widest = 0;
    char *copy = strdup(text), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t w = rg_i_display_width(line);
        if (w > widest)
            widest = w;
    }
    free(copy);
    return widest;
}

Test(centrality_report, fixture_table_and_markdown)
{
    rg_graph *g = rf_graph();
    rg_centrality *c = compute(g, "prefectures", 1);
    char *table = capture(g, c, RG_FORMAT_TABLE, RG_MEASURE_DEGREE, 0);
    char *md = capture(g, c, RG_FORMAT_MARKDOWN, RG_MEASURE_BETWEENNESS, 2);
    char *copy, *line;
    size_t table_width = 0;
    int rows = 0;

    cr_assert_leq(widest_line(table), 80, "%s", table);
    cr_assert(strstr(table, "Centrality at level prefectures, adjacency view"), "%s", table);
    cr_assert(strstr(table, "unweighted"), "%s", table);
    cr_assert(strstr(table, "seed 1"), "%s", table);
    cr_assert(strstr(table, "betweenness exact"), "%s", table);
    cr_assert(strstr(table, "components 3 (largest 6 nodes), isolated nodes 2 (0 regions, 2 agencies)"),
              "%s", table);
    cr_assert(strstr(table, "bridges 0, articulation points 0"), "%s", table);
    cr_assert(strstr(table, "*AG1 Agency one"), "agencies are starred: %s", table);
    /* Every line of the node table has the same display width: the CJK name is aligned. */
    copy = strdup(table);
    line = strstr(copy, "rank  node");
    cr_assert_not_null(line, "%s", table);
    while (line && *line && *line != '\n') {
        char *eol = strchr(line, '\n');
        if (eol)
            *eol = '\0';
        if (rows == 0)
            table_width = rg_i_display_width(line) + 2; /* the header line, found past its indent */
        else
            cr_assert_eq(rg_i_display_width(line), table_width, "[%s]", line);
        rows++;
        line = eol ? eol + 1 : NULL;
    }
    free(copy);
    rows -= 2; /* header and rule */
    cr_assert_eq(rows, 8, "%s", table);
    /* Ranked by degree: the two of degree 5 first. */
    cr_assert(strstr(table, "1  102 Bravo"), "%s", table);
    cr_assert(strstr(table, "2  105 Echo"), "%s", table);

    cr_assert(strstr(md, "## Centrality at level prefectures, adjacency view\n"), "%s", md);
    cr_assert(strstr(md, "### Nodes by betweenness (top 2 of 8)"), "%s", md);
    cr_assert(strstr(md, "| rank | id  | name  | kind   | degree |") ||
                  strstr(md, "| rank | id "), "%s", md);
    cr_assert(strstr(md, "| 102 ") && strstr(md, "| 105 ") && !strstr(md, "| 101 "), "%s", md);
    cr_assert(strstr(md, "- components 3"), "%s", md);
    free(table);
    free(md);
    rg_centrality_free(c);
    rg_graph_free(g);
}

Test(centrality_report, bad_arguments)
{
    rg_graph *g = path_graph();
    rg_centrality *c = compute(g, NULL, 0);
    cr_assert_eq(rg_report_centrality(g, c, RG_FORMAT_TABLE, RG_MEASURE_COUNT, 0, stdout),
                 RG_ERR_ARG);
    cr_assert_eq(rg_report_centrality(NULL, c, RG_FORMAT_TABLE, RG_MEASURE_DEGREE, 0, stdout),
                 RG_ERR_ARG);
    cr_assert_eq(rg_report_centrality(g, NULL, RG_FORMAT_TABLE, RG_MEASURE_DEGREE, 0, stdout),
                 RG_ERR_ARG);
    cr_assert_eq(rg_report_centrality(g, c, (rg_format)42, RG_MEASURE_DEGREE, 0, stdout),
                 RG_ERR_ARG);
    rg_centrality_free(c);
    rg_graph_free(g);
}

/* ------------------------------------------------------------------ regions.geojson */

static json_t *region_props(json_t *root, const char *id)
{
    json_t *feats = json_object_get(root, "features"), *f;
    size_t k;
    json_array_foreach(feats, k, f) {
        json_t *p = json_object_get(f, "properties");
        if (strcmp(json_string_value(json_object_get(p, "id")), id) == 0)
            return p;
    }
    cr_assert_fail("region %s not in the layer", id);
    return NULL;
}

Test(centrality_report, measures_on_regions_geojson)
{
    rg_graph *g = rf_graph();
    rg_coverage_options co = {.level = "prefectures"};
    rg_coverage *cov = NULL;
    rg_centrality *c = compute(g, "prefectures", 1);
    char dir[] = "/tmp/rg-cr-XXXXXX", with[300], without[300];
    json_error_t err;
    json_t *root, *p;
    static const char *const keys[] = {"net_degree", "strength", "betweenness", "closeness",
                                       "harmonic", "eigenvector", "pagerank", "coreness",
                                       "clustering", "articulation", "component", "leiden",
                                       "louvain"};

    cr_assert_not_null(mkdtemp(dir));
    snprintf(with, sizeof with, "%s/with.geojson", dir);
    snprintf(without, sizeof without, "%s/without.geojson", dir);
    cr_assert_eq(rg_coverage_compute(g, &co, &cov), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_export_regions_measures_geojson(g, cov, c, with), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_export_regions_coverage_geojson(g, cov, without), RG_OK, "%s", rg_last_error());

    root = json_load_file(with, 0, &err);
    cr_assert_not_null(root, "%s", err.text);
    cr_assert_eq(json_array_size(json_object_get(root, "features")), 6);
    p = region_props(root, "102");
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        cr_assert_not_null(json_object_get(p, keys[k]), "%s missing", keys[k]);
    CHECK_NUM(p, "degree", 5, 0);     /* the adjacency degree, as before */
    CHECK_NUM(p, "net_degree", 5, 0); /* the view's degree: the same in the adjacency view */
    CHECK_NUM(p, "betweenness", 2.0, 1e-9);
    CHECK_NUM(p, "closeness", 1.0, 1e-9);
    cr_assert(json_is_false(json_object_get(p, "articulation")));
    cr_assert(json_is_integer(json_object_get(p, "leiden")));
    p = region_props(root, "101");
    CHECK_NUM(p, "betweenness", 0.0, 0);
    CHECK_NUM(p, "closeness", 5.0 / 7.0, 1e-9);
    CHECK_NUM(p, "mechanisms", 2, 0); /* coverage properties still there */
    json_decref(root);

    root = json_load_file(without, 0, &err);
    cr_assert_not_null(root, "%s", err.text);
    p = region_props(root, "102");
    cr_assert_null(json_object_get(p, "betweenness"), "the coverage layer alone has no measures");
    cr_assert_null(json_object_get(p, "net_degree"));
    CHECK_NUM(p, "reach1", 3, 0);
    json_decref(root);

    unlink(with);
    unlink(without);
    rmdir(dir);
    rg_coverage_free(cov);
    rg_centrality_free(c);
    rg_graph_free(g);
}
