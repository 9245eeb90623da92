/* Network outputs (GraphML, GAL, GWT, edge CSV) on the two hand-made graphs, compared with the
 * exact expected files.
 *
 * The coverage hierarchy (coverage_fixture.h) at the province level, view all: nodes P1, P2,
 * then AG1..AG4; edges (test_network.c works them out): adjacent P1-P2 (4 km, rook: the
 * provinces share x = 2 km for y 0..1, y = 1 km for x 2..4 and x = 4 km for y 1..2), coordinated
 * P1-AG4 (delta) and AG1-AG2 (joint), jurisdiction P2-AG1 (AG1 over P2), P1-AG3 and P2-AG3 (AG3
 * over CN reaches both provinces). At the prefecture level the 11 pairs of the 3 x 2 grid:
 * horizontal 1 km, vertical 2 km, the four diagonal corners 0 km.
 * The seven-region graph (graph_fixture.h): pairs 01-02, 01-04, 02-03, 02-04 (1 km, rook),
 * 03-04 (0.5 km), 03-06 (a corner: 0 km, queen); 05 and 07 (no geometry) are islands, and 03's
 * name holds a tab, quotes, a backslash and the control character 0x01. */
#define fx_graph seven_graph
#include "graph_fixture.h"
#undef fx_graph
#include "coverage_fixture.h"
#include "leak_check.h"
#include "regiongraph/netio.h"
#include "regiongraph/network.h"
#include "regiongraph/point.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-test-netio-XXXXXX"
#include "tmpdir_fixture.h"

RG_TEST_SUITE(netio);

static char *slurp(const char *name)
{
    char path[128];
    FILE *fp;
    long n;
    char *s;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_not_null(fp = fopen(path, "rb"), "%s", path);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    s = malloc((size_t)n + 1);
    cr_assert_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = '\0';
    fclose(fp);
    return s;
}

/* Takes the lon/lat lines (keys n4, n5) out of a GraphML text, in place, after checking that
 * the node they follow is a region with its representative point (rg_region_representative_point,
 * tested in test_point; the fixtures are in no CRS, so no transformation): the rest of the file
 * is then compared as it was before regions had coordinates. */
static void take_lonlat(char *text, const rg_graph *g)
{
    const rg_regions *r = rg_graph_regions(g);
    char *p = text, *node = NULL;
    while ((p = strstr(p, "      <data key=\"n4\">")) != NULL) {
        char id[64] = "", *q, *end;
        double lon, lat, x, y;
        long i;
        for (node = p; node > text && strncmp(node, "<node id=\"", 10) != 0; node--)
            ;
        sscanf(node, "<node id=\"%63[^\"]", id);
        i = rg_regions_find(r, id);
        cr_assert_geq(i, 0, "lon/lat on node %s, not a region", id);
        cr_assert_eq(sscanf(p, "      <data key=\"n4\">%lf</data>\n      <data key=\"n5\">%lf",
                            &lon, &lat), 2);
        cr_assert_eq(rg_region_representative_point(r, (size_t)i, &x, &y), RG_OK);
        cr_assert_float_eq(lon, x, 1e-12, "%s", id);
        cr_assert_float_eq(lat, y, 1e-12, "%s", id);
        q = strstr(p, "</data>\n");
        q = strstr(q + 8, "</data>\n") + 8;
        end = q + strlen(q);
        memmove(p, q, (size_t)(end - q) + 1);
    }
}

static void expect_file(const char *name, const char *want)
{
    char *got = slurp(name);
    cr_expect_str_eq(got, want, "%s differs", name);
    free(got);
}

static const char *in_dir(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static rg_network *network(const rg_graph *g, const char *level, rg_view view)
{
    rg_network *net = NULL;
    cr_assert_eq(rg_network_build(g, level, view, &net), RG_OK, "%s", rg_last_error());
    return net;
}

static const char graphml_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
    "  <key id=\"g0\" for=\"graph\" attr.name=\"level\" attr.type=\"string\"/>\n"
    "  <key id=\"n0\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
    "  <key id=\"n1\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
    "  <key id=\"n2\" for=\"node\" attr.name=\"level\" attr.type=\"string\"/>\n"
    "  <key id=\"n3\" for=\"node\" attr.name=\"parent\" attr.type=\"string\"/>\n"
    "  <key id=\"n4\" for=\"node\" attr.name=\"lon\" attr.type=\"double\"/>\n"
    "  <key id=\"n5\" for=\"node\" attr.name=\"lat\" attr.type=\"double\"/>\n";

static const char graphml_edge_keys[] =
    "  <key id=\"e0\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n"
    "  <key id=\"e1\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
    "  <key id=\"e2\" for=\"edge\" attr.name=\"length_km\" attr.type=\"double\"/>\n"
    "  <key id=\"e3\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n"
    "  <key id=\"e4\" for=\"edge\" attr.name=\"contact\" attr.type=\"string\"/>\n"
    "  <graph id=\"G\" edgedefault=\"undirected\">\n";

#define REGION(id, parent, pop)                                                                 \
    "    <node id=\"" id "\">\n"                                                                \
    "      <data key=\"n0\">" id "</data>\n"                                                    \
    "      <data key=\"n1\">region</data>\n"                                                    \
    "      <data key=\"n2\">provinces</data>\n"                                                 \
    "      <data key=\"n3\">" parent "</data>\n"                                                \
    "      <data key=\"f0\">" id "</data>\n"                                                    \
    "      <data key=\"f1\">Region " id "</data>\n"                                             \
    "      <data key=\"f2\">" parent "</data>\n"                                                \
    "      <data key=\"f3\">" pop "</data>\n"                                                   \
    "      <data key=\"f4\">label " id "</data>\n"                                              \
    "    </node>\n"
#define AGENCY(id, name, level)                                                                 \
    "    <node id=\"" id "\">\n"                                                                \
    "      <data key=\"n0\">" name "</data>\n"                                                  \
    "      <data key=\"n1\">agency</data>\n"                                                    \
    "      <data key=\"n2\">" level "</data>\n"                                                 \
    "    </node>\n"
#define LINK(a, b, type)                                                                        \
    "    <edge source=\"" a "\" target=\"" b "\">\n"                                            \
    "      <data key=\"e0\">" type "</data>\n"                                                  \
    "      <data key=\"e1\">1</data>\n"                                                         \
    "    </edge>\n"

Test(netio, graphml_province_level_every_edge_type, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(1);
    rg_network *net = network(g, "provinces", RG_VIEW_ALL);
    static char want[8192];
    cr_assert_eq(rg_export_graphml(net, g, in_dir("p.graphml")), RG_OK, "%s", rg_last_error());
    /* Source fields code, name, parent, pop, label: name and parent are ours, hence src_. */
    cr_assert_lt(snprintf(want, sizeof want, "%s%s%s%s%s", graphml_head,
        "  <key id=\"f0\" for=\"node\" attr.name=\"code\" attr.type=\"string\"/>\n"
        "  <key id=\"f1\" for=\"node\" attr.name=\"src_name\" attr.type=\"string\"/>\n"
        "  <key id=\"f2\" for=\"node\" attr.name=\"src_parent\" attr.type=\"string\"/>\n"
        "  <key id=\"f3\" for=\"node\" attr.name=\"pop\" attr.type=\"long\"/>\n"
        "  <key id=\"f4\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        graphml_edge_keys,
        "    <data key=\"g0\">provinces</data>\n"
        REGION("P1", "CN", "350") REGION("P2", "CN", "650")
        AGENCY("AG1", "Agency one", "provincial") AGENCY("AG2", "Agency two", "municipal")
        AGENCY("AG3", "Agency three", "national") AGENCY("AG4", "Agency four", "national")
        "    <edge source=\"P1\" target=\"P2\">\n"
        "      <data key=\"e0\">adjacent</data>\n"
        "      <data key=\"e1\">4</data>\n"
        "      <data key=\"e2\">4</data>\n"
        "      <data key=\"e3\">rook</data>\n"
        "      <data key=\"e4\">border</data>\n"
        "    </edge>\n"
        LINK("P1", "AG4", "coordinated") LINK("AG1", "AG2", "coordinated")
        LINK("P2", "AG1", "jurisdiction") LINK("P1", "AG3", "jurisdiction")
        LINK("P2", "AG3", "jurisdiction"),
        "  </graph>\n</graphml>\n"), (int)sizeof want);
    {
        char *got = slurp("p.graphml");
        take_lonlat(got, g);
        cr_expect_str_eq(got, want, "p.graphml differs");
        free(got);
    }
    rg_network_free(net);
    rg_graph_free(g);
}

Test(netio, graphml_escaping_types_and_nulls, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = seven_graph(0, 0, 1, NULL);
    rg_network *net = network(g, NULL, RG_VIEW_ALL);
    char *got;
    cr_assert_eq(rg_export_graphml(net, g, in_dir("s.graphml")), RG_OK, "%s", rg_last_error());
    got = slurp("s.graphml");
    take_lonlat(got, g);
    /* Fields code, name (ours: src_name), pop (long), area (double), ID, degree (long). */
    cr_expect_not_null(strstr(got,
        "  <key id=\"f0\" for=\"node\" attr.name=\"code\" attr.type=\"string\"/>\n"
        "  <key id=\"f1\" for=\"node\" attr.name=\"src_name\" attr.type=\"string\"/>\n"
        "  <key id=\"f2\" for=\"node\" attr.name=\"pop\" attr.type=\"long\"/>\n"
        "  <key id=\"f3\" for=\"node\" attr.name=\"area\" attr.type=\"double\"/>\n"
        "  <key id=\"f4\" for=\"node\" attr.name=\"ID\" attr.type=\"string\"/>\n"
        "  <key id=\"f5\" for=\"node\" attr.name=\"degree\" attr.type=\"long\"/>\n"));
    /* Region 03: tab and quotes as references, 0x01 as U+FFFD, null pop absent. */
    cr_expect_not_null(strstr(got,
        "    <node id=\"320303\">\n"
        "      <data key=\"n0\">Tab&#9;&quot;q&quot;\\\xEF\xBF\xBD\xC3\xA9</data>\n"
        "      <data key=\"n1\">region</data>\n"
        "      <data key=\"n2\">fixture</data>\n"
        "      <data key=\"f0\">320303</data>\n"
        "      <data key=\"f1\">Tab&#9;&quot;q&quot;\\\xEF\xBF\xBD\xC3\xA9</data>\n"
        "      <data key=\"f3\">-2.5</data>\n"
        "      <data key=\"f4\">c</data>\n"
        "      <data key=\"f5\">3</data>\n"
        "    </node>\n"));
    /* 2^53 + 1 kept exactly as a long; the smallest reals and 1/3 round-trip. */
    cr_expect_not_null(strstr(got, "<data key=\"f2\">9007199254740993</data>"));
    cr_expect_not_null(strstr(got, "<data key=\"f3\">1e-300</data>"));
    cr_expect_not_null(strstr(got, "<data key=\"f3\">0.3333333333333333</data>"));
    cr_expect_not_null(strstr(got, "<data key=\"f3\">123456789.125</data>"));
    /* The corner contact: weight 0, queen. */
    cr_expect_not_null(strstr(got,
        "    <edge source=\"320303\" target=\"320306\">\n"
        "      <data key=\"e0\">adjacent</data>\n"
        "      <data key=\"e1\">0</data>\n"
        "      <data key=\"e2\">0</data>\n"
        "      <data key=\"e3\">queen</data>\n"
        "      <data key=\"e4\">point</data>\n"
        "    </edge>\n"));
    /* No parent data at a single level, no agency keys used. */
    cr_expect_null(strstr(got, "key=\"n3\">"));
    free(got);
    rg_network_free(net);
    rg_graph_free(g);
}

Test(netio, gal_gwt_islands_and_corners, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = seven_graph(0, 0, 1, NULL);
    rg_network *net = network(g, NULL, RG_VIEW_ALL);
    cr_assert_eq(rg_export_gal(net, g, in_dir("s.gal")), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_export_gwt(net, g, in_dir("s.gwt")), RG_OK, "%s", rg_last_error());
    expect_file("s.gal", "0 7 fixture code\n"
                         "320301 2\n320302 320304\n"
                         "320302 3\n320301 320303 320304\n"
                         "320303 3\n320302 320304 320306\n"
                         "320304 3\n320301 320302 320303\n"
                         "320305 0\n\n"
                         "320306 1\n320303\n"
                         "320307 0\n\n");
    expect_file("s.gwt", "0 7 fixture code\n"
                         "320301 320302 1\n320301 320304 1\n"
                         "320302 320301 1\n320302 320303 1\n320302 320304 1\n"
                         "320303 320302 1\n320303 320304 0.5\n320303 320306 0\n"
                         "320304 320301 1\n320304 320302 1\n320304 320303 0.5\n"
                         "320306 320303 0\n");
    rg_network_free(net);
    rg_graph_free(g);
}

Test(netio, gal_gwt_leave_agencies_and_other_levels_out, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(1);
    /* The coordination view holds no adjacent edge: the weights still come from the graph. */
    rg_network *net = network(g, NULL, RG_VIEW_COORDINATION);
    cr_assert_eq(rg_export_gal(net, g, in_dir("f.gal")), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_export_gwt(net, g, in_dir("f.gwt")), RG_OK, "%s", rg_last_error());
    expect_file("f.gal", "0 6 prefectures code\n"
                         "A1 3\nA2 B1 B2\n"
                         "A2 5\nA1 A3 B1 B2 B3\n"
                         "A3 3\nA2 B2 B3\n"
                         "B1 3\nA1 A2 B2\n"
                         "B2 5\nA1 A2 A3 B1 B3\n"
                         "B3 3\nA2 A3 B2\n");
    expect_file("f.gwt", "0 6 prefectures code\n"
                         "A1 A2 1\nA1 B1 2\nA1 B2 0\n"
                         "A2 A1 1\nA2 A3 1\nA2 B1 0\nA2 B2 2\nA2 B3 0\n"
                         "A3 A2 1\nA3 B2 0\nA3 B3 2\n"
                         "B1 A1 2\nB1 A2 0\nB1 B2 1\n"
                         "B2 A1 0\nB2 A2 2\nB2 A3 0\nB2 B1 1\nB2 B3 1\n"
                         "B3 A2 0\nB3 A3 2\nB3 B2 1\n");
    rg_network_free(net);
    net = network(g, "provinces", RG_VIEW_ALL);
    cr_assert_eq(rg_export_gal(net, g, in_dir("p.gal")), RG_OK, "%s", rg_last_error());
    expect_file("p.gal", "0 2 provinces code\nP1 1\nP2\nP2 1\nP1\n");
    rg_network_free(net);
    rg_graph_free(g);
}

Test(netio, edges_csv, .init = make_dir, .fini = remove_dir)
{
    rg_graph *g = fx_graph(1);
    rg_network *net = network(g, "provinces", RG_VIEW_ALL);
    cr_assert_eq(rg_export_edges_csv(net, g, in_dir("p.csv")), RG_OK, "%s", rg_last_error());
    expect_file("p.csv", "id_a,id_b,type,weight,length_km,contact\n"
                         "P1,P2,adjacent,4,4,border\n"
                         "P1,AG4,coordinated,1,,\n"
                         "AG1,AG2,coordinated,1,,\n"
                         "P2,AG1,jurisdiction,1,,\n"
                         "P1,AG3,jurisdiction,1,,\n"
                         "P2,AG3,jurisdiction,1,,\n");
    rg_network_free(net);
    /* Prefectures: A1-A2 share delta and city, weight 2. */
    net = network(g, NULL, RG_VIEW_COORDINATION);
    cr_assert_eq(rg_export_edges_csv(net, g, in_dir("f.csv")), RG_OK, "%s", rg_last_error());
    {
        char *got = slurp("f.csv");
        cr_expect_not_null(strstr(got, "id_a,id_b,type,weight,length_km,contact\n"
                                       "A1,A2,coordinated,2,,\nA1,A3,coordinated,1,,\n"));
        cr_expect_not_null(strstr(got, "\nB3,AG3,jurisdiction,1,,\n"));
        free(got);
    }
    rg_network_free(net);
    rg_graph_free(g);
}

/* An id with a space would shift GAL's fields: refused before any file is made. A failed
 * write (a missing directory) leaves nothing behind either. */
Test(netio, refusals_leave_no_file, .init = make_dir, .fini = remove_dir)
{
    rg_i_field fields[] = {{.name = "code", .type = RG_FIELD_STRING, .width = 8}};
    const char *ids[] = {"a b", "c"};
    rg_regions *r = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_network *net = NULL;
    char names[256];
    cr_assert_eq(rg_i_regions_new("odd.shp", 1, fields, &r), RG_OK);
    for (int i = 0; i < 2; i++) {
        rg_i_value v[1] = {{.text = strdup(ids[i])}};
        cr_assert_eq(rg_i_regions_begin(r, ids[i], NULL, v), RG_OK);
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, "code", NULL), RG_OK);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_QUEEN, &adj), RG_OK);
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK, "%s", rg_last_error());
    net = network(g, NULL, RG_VIEW_ALL);
    cr_expect_eq(rg_export_gal(net, g, in_dir("odd.gal")), RG_ERR_DATA);
    snprintf(names, sizeof names, "%s/odd.gal: region id 'a b' holds white space, which the "
                                  "GAL format cannot hold", dir);
    cr_expect_str_eq(rg_last_error(), names);
    cr_expect_eq(rg_export_gwt(net, g, in_dir("odd.gwt")), RG_ERR_DATA);
    cr_expect_eq(rg_export_graphml(net, g, "/nonexistent-rg-dir/x.graphml"), RG_ERR_IO);
    cr_expect_eq(rg_export_edges_csv(NULL, g, in_dir("x.csv")), RG_ERR_ARG);
    /* GraphML has no such limit. */
    cr_expect_eq(rg_export_graphml(net, g, in_dir("odd.graphml")), RG_OK, "%s", rg_last_error());
    list_dir(names, sizeof names);
    cr_expect_str_eq(names, "odd.graphml");
    rg_network_free(net);
    rg_graph_free(g);
}
