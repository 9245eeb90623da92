/* Reports: display widths, the aligned and Markdown tables, the coverage section in its four
 * formats on the hand-made case of report_fixture.h (every figure worked out by hand there), and
 * a whole report (rg_report_write, rg_report_write_file). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "regiongraph/coverage.h"
#include "regiongraph/report.h"
#include "report/table_internal.h"
#include "report_fixture.h"
#include "leak_check.h"

RG_TEST_SUITE(report);

/* ------------------------------------------------------------------ helpers */

/* Runs fn into a memory stream and returns the text (caller frees). */
static char *capture_coverage(const rg_graph *g, const rg_coverage *cov, rg_format format,
                              size_t top)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    cr_assert_not_null(fp);
    cr_assert_eq(rg_report_coverage(g, cov, format, top, fp), RG_OK, "%s", rg_last_error());
    fclose(fp);
    return text;
}

static char *capture_table(const rg_i_table *t, int markdown, const char *indent, size_t max)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    cr_assert_not_null(fp);
    if (markdown)
        cr_assert_eq(rg_i_table_write_markdown(t, fp), RG_OK);
    else
        cr_assert_eq(rg_i_table_write_text(t, fp, indent, max), RG_OK);
    fclose(fp);
    return text;
}

static rg_coverage *compute(const rg_graph *g, const char *level, const char *weight, int agency)
{
    rg_coverage_options o = {.level = level, .weight_field = weight, .agency_jurisdiction = agency};
    rg_coverage *cov = NULL;
    cr_assert_eq(rg_coverage_compute(g, &o, &cov), RG_OK, "%s", rg_last_error());
    return cov;
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

#define CHECK_REAL(obj, key, want)                                                              \
    cr_assert_float_eq(json_number_value(json_object_get(obj, key)), (want), 1e-9, "%s = %g",  \
                       key, json_number_value(json_object_get(obj, key)))
#define CHECK_INT(obj, key, want)                                                               \
    cr_assert_eq(json_integer_value(json_object_get(obj, key)), (want), "%s = %lld", key,       \
                 (long long)json_integer_value(json_object_get(obj, key)))
#define CHECK_STR(obj, key, want)                                                               \
    cr_assert_str_eq(json_string_value(json_object_get(obj, key)), (want), "%s", key)

/* ------------------------------------------------------------------ widths and tables */

Test(report, format_names)
{
    rg_format f = RG_FORMAT_CSV;
    cr_assert(rg_format_parse("table", &f) && f == RG_FORMAT_TABLE);
    cr_assert(rg_format_parse("md", &f) && f == RG_FORMAT_MARKDOWN);
    cr_assert(rg_format_parse("markdown", &f) && f == RG_FORMAT_MARKDOWN);
    cr_assert(rg_format_parse("json", &f) && f == RG_FORMAT_JSON);
    cr_assert(rg_format_parse("csv", &f) && f == RG_FORMAT_CSV);
    cr_assert_not(rg_format_parse("JSON", &f));
    cr_assert_not(rg_format_parse("html", &f));
    cr_assert_not(rg_format_parse(NULL, &f));
    cr_assert_eq(f, RG_FORMAT_CSV);
}

/* Widths as Python's unicodedata.east_asian_width gives them (W and F are 2) and as terminals
 * draw combining marks (0). */
Test(report, display_width)
{
    cr_assert_eq(rg_i_display_width(""), 0);
    cr_assert_eq(rg_i_display_width("Xuzhou"), 6);
    cr_assert_eq(rg_i_display_width("徐州市"), 6);             /* CJK ideographs, W */
    cr_assert_eq(rg_i_display_width("徐州 Xuzhou"), 11);
    cr_assert_eq(rg_i_display_width("ＡＢ"), 4);              /* fullwidth Latin, F */
    cr_assert_eq(rg_i_display_width("서울"), 4);              /* Hangul syllables, W */
    cr_assert_eq(rg_i_display_width("カナ"), 4);              /* katakana, W */
    cr_assert_eq(rg_i_display_width("、。"), 4);              /* CJK punctuation, W */
    cr_assert_eq(rg_i_display_width("\xF0\xA0\x80\x80"), 2);  /* U+20000, CJK extension B */
    cr_assert_eq(rg_i_display_width("\xF0\x9F\x98\x80"), 2);  /* U+1F600, emoji, W */
    cr_assert_eq(rg_i_display_width("é"), 1);                 /* precomposed */
    cr_assert_eq(rg_i_display_width("e\xCC\x81"), 1);         /* e + combining acute */
    cr_assert_eq(rg_i_display_width("\xC2\xB7"), 1);          /* middle dot, ambiguous: 1 */
    cr_assert_eq(rg_i_display_width("a\tb"), 3);              /* control: shown as a space */
    cr_assert_eq(rg_i_display_width("\xFF" "a"), 2);          /* invalid byte: 1 */
    cr_assert_eq(rg_i_display_width("\xE5\xBE"), 2);          /* truncated sequence: 1 a byte */
    cr_assert_eq(rg_i_codepoint_width(0x303F), 1);            /* the one narrow in 2E80..303F */
    cr_assert_eq(rg_i_codepoint_width(0x3099), 0);            /* combining kana voicing mark */
    cr_assert_eq(rg_i_codepoint_width(0xFF61), 1);            /* halfwidth katakana */
}

Test(report, utf8_decode)
{
    uint32_t cp;
    cr_assert_eq(rg_i_utf8_decode("徐", &cp), 3);
    cr_assert_eq(cp, 0x5F90);
    cr_assert_eq(rg_i_utf8_decode("\xC0\x80", &cp), 1); /* overlong NUL */
    cr_assert_eq(cp, 0xFFFD);
    cr_assert_eq(rg_i_utf8_decode("\xED\xA0\x80", &cp), 1); /* surrogate */
    cr_assert_eq(rg_i_utf8_decode("\xF4\x90\x80\x80", &cp), 1); /* above U+10FFFF */
    cr_assert_eq(rg_i_utf8_decode("\xEF\xBF\xBD", &cp), 3); /* a real U+FFFD */
    cr_assert_eq(cp, 0xFFFD);
}

Test(report, fit_width_cuts_at_character_boundaries)
{
    struct { const char *in; size_t width; const char *out; } cases[] = {
        {"Xuzhou", 0, "Xuzhou"},     {"Xuzhou", 6, "Xuzhou"},   {"Xuzhou", 5, "Xuz.."},
        {"徐州市", 6, "徐州市"},      {"徐州市", 5, "徐.."},      {"徐州市", 4, "徐.."},
        {"徐州市abc", 8, "徐州市.."}, {"a徐州", 4, "a.."},        {"ab\tc\nd", 0, "ab c d"},
        {"\xFF" "ok", 0, "?ok"},     {"abc", 1, "a"},            {"徐州", 1, ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *s = rg_i_fit_width(cases[k].in, cases[k].width);
        cr_assert_str_eq(s, cases[k].out, "case %zu: '%s'", k, s);
        cr_assert_leq(rg_i_display_width(s), cases[k].width ? cases[k].width : 100);
        free(s);
    }
}

static rg_i_table *sample_table(void)
{
    rg_i_table *t = NULL;
    cr_assert_eq(rg_i_table_new(3, &t), RG_OK);
    cr_assert_eq(rg_i_table_column(t, 0, "id", RG_I_ALIGN_LEFT, 0), RG_OK);
    cr_assert_eq(rg_i_table_column(t, 1, "name", RG_I_ALIGN_LEFT, 5), RG_OK);
    cr_assert_eq(rg_i_table_column(t, 2, "km", RG_I_ALIGN_RIGHT, 0), RG_OK);
    const char *cells[] = {"320300", "徐州市", "12.5", "341300", "Suzhou|Anhui", "7.0",
                           "1", NULL, "100.25"};
    for (size_t k = 0; k < 9; k++)
        cr_assert_eq(rg_i_table_add(t, cells[k]), RG_OK);
    cr_assert_eq(rg_i_table_rows(t), 3);
    return t;
}

/* Columns line up by display width: 徐州市 is 6 columns, padded with 6 spaces to the 12 of
 * "Suzhou|Anhui"; no line ends in a space. */
Test(report, text_table_aligns_by_display_width)
{
    rg_i_table *t = sample_table();
    char *text = capture_table(t, 0, "  ", 0);
    cr_assert_str_eq(text,
                     "  id      name              km\n"
                     "  ------  ------------  ------\n"
                     "  320300  徐州市          12.5\n"
                     "  341300  Suzhou|Anhui     7.0\n"
                     "  1                     100.25\n");
    free(text);
    /* 30 columns do not fit in 24: name shrinks (the only shrinkable column) to 6, cut with ".." */
    text = capture_table(t, 0, "  ", 24);
    cr_assert_str_eq(text,
                     "  id      name        km\n"
                     "  ------  ------  ------\n"
                     "  320300  徐州市    12.5\n"
                     "  341300  Suzh..     7.0\n"
                     "  1               100.25\n");
    cr_assert_eq(widest_line(text), 24);
    free(text);
    /* Not below its minimum of 5: the line stays wider than asked */
    text = capture_table(t, 0, "", 10);
    cr_assert(strstr(text, "320300  徐..     12.5\n"), "%s", text);
    cr_assert_eq(widest_line(text), 21);
    free(text);
    rg_i_table_free(t);
}

Test(report, markdown_table)
{
    rg_i_table *t = sample_table();
    char *text = capture_table(t, 1, NULL, 0);
    cr_assert_str_eq(text,
                     "| id     | name          |     km |\n"
                     "| ------ | ------------- | -----: |\n"
                     "| 320300 | 徐州市        |   12.5 |\n"
                     "| 341300 | Suzhou\\|Anhui |    7.0 |\n"
                     "| 1      |               | 100.25 |\n");
    free(text);
    rg_i_table_free(t);
}

Test(report, json_and_csv_values)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    rg_i_json_string(fp, "a\"b\\c\n\x01徐");
    fputc(' ', fp);
    rg_i_json_real(fp, 0.1);
    fputc(' ', fp);
    rg_i_json_real(fp, 3);
    fputc(' ', fp);
    rg_i_json_real(fp, NAN);
    fputc(' ', fp);
    rg_i_json_string_or_null(fp, NULL);
    fputc(' ', fp);
    rg_i_csv_field(fp, "plain");
    fputc(' ', fp);
    rg_i_csv_field(fp, "a,b \"c\"");
    fputc(' ', fp);
    rg_i_csv_field(fp, " lead");
    fputc(' ', fp);
    rg_i_csv_real(fp, 1.0 / 3);
    fclose(fp);
    cr_assert_str_eq(text, "\"a\\\"b\\\\c\\n\\u0001徐\" 0.1 3.0 null null plain \"a,b \"\"c\"\"\" "
                           "\" lead\" 0.3333333333333333");
    free(text);
}

/* ------------------------------------------------------------------ the coverage section */

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    cr_assert_not_null(root, "line %d: %s\n%s", err.line, err.text, text);
    return root;
}

/* The figures of report_fixture.h, at the prefecture level, weighted by pop. */
Test(report, coverage_json_carries_the_figures)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, NULL, "pop", 0);
    char *text = capture_coverage(g, cov, RG_FORMAT_JSON, 0);
    json_t *root = parse(text), *s, *mechs, *gaps, *reach, *m;

    CHECK_STR(root, "section", "coverage");
    CHECK_STR(root, "level", "prefectures");
    cr_assert(json_is_true(json_object_get(root, "coordination")));
    s = json_object_get(root, "summary");
    CHECK_INT(s, "regions", 6);
    CHECK_INT(s, "covered", 5);
    CHECK_REAL(s, "covered_share", 5.0 / 6);
    cr_assert(json_is_true(json_object_get(s, "weighted")));
    CHECK_REAL(s, "weight_total", 2100);
    CHECK_REAL(s, "weight_covered", 1500);
    CHECK_REAL(s, "weight_share", 1500.0 / 2100);
    CHECK_INT(s, "pairs", 11);
    CHECK_INT(s, "pairs_coordinated", 6);
    CHECK_REAL(s, "pairs_share", 6.0 / 11);
    CHECK_REAL(s, "km", 11.5);
    CHECK_REAL(s, "km_coordinated", 5.5);
    CHECK_INT(s, "cross_pairs", 4);
    CHECK_INT(s, "cross_pairs_coordinated", 0);
    CHECK_REAL(s, "cross_km", 3);
    CHECK_REAL(s, "cross_km_coordinated", 0);
    CHECK_INT(s, "gaps", 5);
    CHECK_REAL(s, "gap_km", 6);

    mechs = json_object_get(root, "mechanisms");
    cr_assert_eq(json_array_size(mechs), 3);
    static const struct { const char *id, *kind; int year; size_t rm, am, covered, pieces;
                          double outer; } want[] = {
        {"m1", "memorandum", 2019, 1, 0, 4, 1, 3.0},
        {"m2", "law-enforcement mechanism", 2020, 2, 0, 2, 2, 6.0},
        {"m3", "joint action", 0, 0, 2, 0, 0, 0.0},
    };
    for (size_t k = 0; k < 3; k++) {
        m = json_array_get(mechs, k);
        CHECK_STR(m, "id", want[k].id);
        CHECK_STR(m, "kind", want[k].kind);
        if (want[k].year)
            CHECK_INT(m, "year", want[k].year);
        else
            cr_assert(json_is_null(json_object_get(m, "year")));
        CHECK_STR(m, "source", "hand-made");
        CHECK_INT(m, "region_members", (json_int_t)want[k].rm);
        CHECK_INT(m, "agency_members", (json_int_t)want[k].am);
        CHECK_INT(m, "covered", (json_int_t)want[k].covered);
        CHECK_INT(m, "pieces", (json_int_t)want[k].pieces);
        cr_assert_eq(json_is_true(json_object_get(m, "contiguous")), want[k].pieces == 1);
        CHECK_REAL(m, "outer_km", want[k].outer);
    }
    CHECK_STR(json_array_get(mechs, 2), "name", "Agencies' joint action, national");

    gaps = json_object_get(root, "gaps");
    static const struct { const char *a, *b, *pa, *pb; int cross; double km; } gw[] = {
        {"103", "106", "200", "200", 0, 3}, {"105", "106", "100", "200", 1, 2},
        {"102", "103", "100", "200", 1, 1}, {"102", "106", "100", "200", 1, 0},
        {"103", "105", "200", "100", 1, 0},
    };
    cr_assert_eq(json_array_size(gaps), 5);
    for (size_t k = 0; k < 5; k++) {
        json_t *gp = json_array_get(gaps, k);
        CHECK_INT(gp, "rank", (json_int_t)k + 1);
        CHECK_STR(gp, "id_a", gw[k].a);
        CHECK_STR(gp, "id_b", gw[k].b);
        CHECK_STR(gp, "parent_a", gw[k].pa);
        CHECK_STR(gp, "parent_b", gw[k].pb);
        cr_assert_eq(json_is_true(json_object_get(gp, "cross_parent")), gw[k].cross, "gap %zu", k);
        CHECK_REAL(gp, "length_km", gw[k].km);
        CHECK_STR(gp, "kind", gw[k].km > 0 ? "rook" : "queen");
    }
    CHECK_STR(json_array_get(gaps, 0), "name_b", "徐州市");
    CHECK_STR(json_array_get(gaps, 0), "parent_name_a", "Province Two");

    reach = json_object_get(root, "reach");
    static const struct { const char *id; size_t mech, r1, r2; } rw[] = {
        {"101", 2, 4, 4}, {"102", 1, 3, 4}, {"104", 1, 3, 4},
        {"105", 1, 3, 4}, {"103", 1, 1, 4}, {"106", 0, 0, 0},
    };
    cr_assert_eq(json_array_size(reach), 6);
    for (size_t k = 0; k < 6; k++) {
        json_t *r = json_array_get(reach, k);
        CHECK_STR(r, "id", rw[k].id);
        CHECK_INT(r, "mechanisms", (json_int_t)rw[k].mech);
        CHECK_INT(r, "reach1", (json_int_t)rw[k].r1);
        CHECK_INT(r, "reach2", (json_int_t)rw[k].r2);
        cr_assert_eq(json_array_size(json_object_get(r, "mech_ids")), rw[k].mech);
        cr_assert_eq(json_array_size(json_object_get(r, "mech_via")), rw[k].mech);
    }
    /* who covers 101: m1 through its province 100, m2 as a member */
    {
        json_t *r = json_array_get(reach, 0), *ids = json_object_get(r, "mech_ids"),
               *via = json_object_get(r, "mech_via");
        cr_assert_str_eq(json_string_value(json_array_get(ids, 0)), "m1");
        cr_assert_str_eq(json_string_value(json_array_get(ids, 1)), "m2");
        cr_assert_str_eq(json_string_value(json_array_get(via, 0)), "100");
        cr_assert_str_eq(json_string_value(json_array_get(via, 1)), "member");
    }
    json_decref(root);
    free(text);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* top limits the gaps and reach lists, not the summary or the mechanisms. Without a weight the
 * weighted figures are null. */
Test(report, coverage_json_top_and_no_weight)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, "prefectures", NULL, 0);
    char *text = capture_coverage(g, cov, RG_FORMAT_JSON, 2);
    json_t *root = parse(text), *s = json_object_get(root, "summary");
    cr_assert_eq(json_array_size(json_object_get(root, "gaps")), 2);
    cr_assert_eq(json_array_size(json_object_get(root, "reach")), 2);
    cr_assert_eq(json_array_size(json_object_get(root, "mechanisms")), 3);
    CHECK_INT(s, "gaps", 5);
    cr_assert(json_is_false(json_object_get(s, "weighted")));
    cr_assert(json_is_null(json_object_get(s, "weight_share")));
    json_decref(root);
    free(text);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* At the province level: 100 is covered (m1), 200 is not (m2's members are prefectures); one
 * pair 100-200 of 3 km, a gap, not across parents (provinces have none). */
Test(report, coverage_json_province_level)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, "provinces", NULL, 0);
    char *text = capture_coverage(g, cov, RG_FORMAT_JSON, 0);
    json_t *root = parse(text), *s = json_object_get(root, "summary"), *gp;
    CHECK_STR(root, "level", "provinces");
    CHECK_INT(s, "regions", 2);
    CHECK_INT(s, "covered", 1);
    CHECK_INT(s, "pairs", 1);
    CHECK_REAL(s, "km", 3);
    CHECK_INT(s, "cross_pairs", 0);
    gp = json_array_get(json_object_get(root, "gaps"), 0);
    CHECK_STR(gp, "id_a", "100");
    CHECK_STR(gp, "id_b", "200");
    cr_assert(json_is_null(json_object_get(gp, "parent_a")));
    json_decref(root);
    free(text);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* With agency jurisdiction counted, m3 (AG1 over province 200) covers c and f. */
Test(report, coverage_json_agency_jurisdiction)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, NULL, NULL, 1);
    char *text = capture_coverage(g, cov, RG_FORMAT_JSON, 0);
    json_t *root = parse(text), *s = json_object_get(root, "summary");
    json_t *m3 = json_array_get(json_object_get(root, "mechanisms"), 2);
    CHECK_INT(s, "covered", 6);
    CHECK_INT(s, "pairs_coordinated", 7);
    CHECK_REAL(s, "km_coordinated", 8.5);
    CHECK_INT(m3, "covered", 2);
    CHECK_INT(m3, "pieces", 1);
    CHECK_REAL(m3, "outer_km", 3);
    json_decref(root);
    free(text);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* The text table: the figures, rows per mechanism, gaps and reach, every line within 80
 * columns. */
Test(report, coverage_table)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, NULL, "pop", 0);
    char *text = capture_coverage(g, cov, RG_FORMAT_TABLE, 3);
    static const char *const lines[] = {
        "Coverage at level prefectures: 6 regions, 3 mechanisms\n",
        "  regions                   5      6  83.3%\n",
        "  weight                 1500   2100  71.4%\n",
        "  adjacent pairs            6     11  54.5%\n",
        "  shared border km        5.5   11.5  47.8%\n",
        "  cross-parent pairs        0      4   0.0%\n",
        "  cross-parent km         0.0    3.0   0.0%\n",
        "5 gaps: adjacent pairs no mechanism covers on both sides (6.0 km)\n",
        "  m1  memorandum                 2019        1        4       1       3.0\n",
        "  m2  law-enforcement mechanism  2020        2        2       2       6.0\n",
        "  m3  joint action" "                           2        0       0       0.0\n",
        "A mechanism of agencies only covers no region",
        /* frontier (report_fixture.h): m1 covers a b d e, so b-c, e-f, b-f, c-e (3 km) are its
         * frontier, all gaps, beyond them c and f; m2 covers a and c: a-b, a-d, a-e (covered by
         * m1 on both sides, so no gaps), b-c, c-f, c-e (4 km of gaps) */
        "5 frontier gaps, where a mechanism covers one side only (6.0 km),\n",
        "4 of them across parents (3.0 km)\n",
        "  m1         4  3.0     4     3.0  徐州市, Charlie\n",
        "  m2         6  6.0     3     4.0  徐州市, Bravo, Delta, Echo\n",
        "  m3         0  0.0     0     0.0  -\n",
        "Frontier gaps, longest border first (top 3 of 5)\n",
        "     1  3.0  103 Charlie  106 徐州市   Province Two / Province ..         m2\n",
        "     2  2.0  105 Echo     106 徐州市   Province One / Province ..  yes    m1\n",
        "     3  1.0  102 Bravo    103 Charlie  Province One / Province ..  yes    m1, m2\n",
        "(top 3 of 6)\n",
        "     1  101 Alpha  Province One           2       4        4\n",
    };
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++)
        cr_assert(strstr(text, lines[k]), "missing line %zu: [%s]\n%s", k, lines[k], text);
    cr_assert_leq(widest_line(text), 80, "%s", text);
    free(text);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

Test(report, coverage_markdown)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, NULL, NULL, 0);
    char *text = capture_coverage(g, cov, RG_FORMAT_MARKDOWN, 0);
    static const char *const lines[] = {
        "## Coverage at level prefectures: 6 regions, 3 mechanisms\n",
        "| regions            |       5 |     6 | 83.3% |\n",
        "### Mechanisms\n",
        "| m2  | Two cities apart                 | law-enforcement mechanism | 2020 |              2 "
        "|              0 |       2 |      2 |      6.0 | hand-made |\n",
        "### Frontier gaps, longest border first\n",
        "|    5 | 0.0 | 103 Charlie | 105 Echo    | Province Two / Province One | yes   | m1, m2 |\n",
        "|    6 | 106 徐州市  | Province Two |          0 |      0 |       0 |\n",
    };
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++)
        cr_assert(strstr(text, lines[k]), "missing line %zu: [%s]\n%s", k, lines[k], text);
    free(text);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* CSV: a header and one row per prefecture, in layer order, CRLF line ends. Per region:
 * neighbours and border km at the level, gap pairs and their km, and the day it was first
 * covered (m1 from 2019, m2 from 2020: 1 January; f never).
 *   a 101: pairs a-b 1, a-d 1, a-e 0 -> 3, 2 km; no gaps
 *   c 103: b-c 1, c-f 3, c-e 0 -> 3, 4 km; all three gaps, 4 km
 *   f 106: e-f 2, c-f 3, b-f 0 -> 3, 5 km; all gaps, 5 km */
Test(report, coverage_csv)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, NULL, NULL, 0);
    char *text = capture_coverage(g, cov, RG_FORMAT_CSV, 0);
    cr_assert_str_eq(text,
                     "id,name,level,parent,covered,mechanisms,reach1,reach2,neighbours,border_km,"
                     "gaps,gap_km,mech_ids,mech_via,frontier_gaps,frontier_gap_km,covered_from\r\n"
                     "101,Alpha,prefectures,100,true,2,4,4,3,2,0,0,m1;m2,100;member,0,0,2019-01-01\r\n"
                     "102,Bravo,prefectures,100,true,1,3,4,5,3.5,2,1,m1,100,2,1,2019-01-01\r\n"
                     "103,Charlie,prefectures,200,true,1,1,4,3,4,3,4,m2,member,3,4,2020-01-01\r\n"
                     "104,Delta,prefectures,100,true,1,3,4,3,3,0,0,m1,100,0,0,2019-01-01\r\n"
                     "105,Echo,prefectures,100,true,1,3,4,5,5.5,2,2,m1,100,2,2,2019-01-01\r\n"
                     "106,徐州市,prefectures,200,false,0,0,0,3,5,3,5,,,3,5,\r\n");
    free(text);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* A graph without coordination data: nothing covered, every pair a gap, and the report says
 * so. */
Test(report, coverage_without_coordination)
{
    rg_regions *levels[1];
    const char *names[1] = {"prefectures"}, *parents[1] = {NULL};
    rg_regions *merged = NULL;
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL;
    rg_coverage *cov;
    char *text;
    levels[0] = rf_prefectures();
    cr_assert_eq(rg_contiguity_build(levels[0], NULL, &adj), RG_OK);
    cr_assert_eq(rg_regions_merge_levels(levels, names, parents, 1, &merged), RG_OK);
    cr_assert_eq(rg_graph_new(merged, adj, &g), RG_OK);
    cov = compute(g, NULL, NULL, 0);
    text = capture_coverage(g, cov, RG_FORMAT_TABLE, 0);
    cr_assert(strstr(text, "The graph holds no coordination data: nothing is covered.\n"), "%s",
              text);
    cr_assert(strstr(text, "11 gaps: adjacent pairs no mechanism covers on both sides (11.5 km)"),
              "%s", text);
    cr_assert_null(strstr(text, "Mechanisms"));
    free(text);
    text = capture_coverage(g, cov, RG_FORMAT_JSON, 0);
    json_t *root = parse(text);
    cr_assert(json_is_false(json_object_get(root, "coordination")));
    cr_assert_eq(json_array_size(json_object_get(root, "mechanisms")), 0);
    /* no mechanism, no frontier: no gap listed by default */
    cr_assert_eq(json_array_size(json_object_get(root, "gaps")), 0);
    json_decref(root);
    free(text);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* A full disk is an I/O error, not a silent short report. */
Test(report, write_error)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, NULL, NULL, 0);
    FILE *full = fopen("/dev/full", "w");
    cr_assert_not_null(full);
    cr_assert_eq(rg_report_coverage(g, cov, RG_FORMAT_JSON, 0, full), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "cannot write the report"), "%s", rg_last_error());
    fclose(full);
    cr_assert_eq(rg_report_coverage(g, cov, (rg_format)9, 0, stdout), RG_ERR_ARG);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* ------------------------------------------------------------------ a whole report */

static char *capture_report(const rg_graph *g, const rg_coverage *cov, const rg_centrality *cent,
                            const rg_report_options *o)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    cr_assert_not_null(fp);
    cr_assert_eq(rg_report_write(g, cov, cent, o, fp), RG_OK, "%s", rg_last_error());
    fclose(fp);
    return text;
}

static char *capture_centrality(const rg_graph *g, const rg_centrality *cent, rg_format format,
                                size_t top)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    cr_assert_not_null(fp);
    cr_assert_eq(rg_report_centrality(g, cent, format, RG_MEASURE_BETWEENNESS, top, fp), RG_OK,
                 "%s", rg_last_error());
    fclose(fp);
    return text;
}

/* The sections in order with a blank line between them; 10 rows for people, all for programs. */
Test(report, whole_report_sections_and_top)
{
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, NULL, NULL, 0);
    rg_centrality_options co = {.seed = 1};
    rg_centrality *cent = NULL;
    rg_report_options o;
    char *got, *cov_text, *cent_text, *want;
    FILE *null_out = fopen("/dev/null", "w");
    cr_assert_eq(rg_centrality_compute(g, &co, &cent), RG_OK, "%s", rg_last_error());
    rg_report_options_init(&o);
    cr_assert_eq(o.format, RG_FORMAT_TABLE);
    cr_assert_eq(o.top, RG_REPORT_TOP_DEFAULT);
    cr_assert_eq(o.sort_by, RG_MEASURE_BETWEENNESS);

    got = capture_report(g, cov, cent, &o);
    cov_text = capture_coverage(g, cov, RG_FORMAT_TABLE, 10);
    cent_text = capture_centrality(g, cent, RG_FORMAT_TABLE, 10);
    cr_assert_not_null(want = malloc(strlen(cov_text) + strlen(cent_text) + 2));
    sprintf(want, "%s\n%s", cov_text, cent_text);
    cr_assert_str_eq(got, want);
    free(got);
    free(want);
    free(cov_text);
    free(cent_text);

    o.format = RG_FORMAT_CSV; /* every region, not 10 (the fixture has 6: all of them) */
    got = capture_report(g, cov, NULL, &o);
    cov_text = capture_coverage(g, cov, RG_FORMAT_CSV, 0);
    cr_assert_str_eq(got, cov_text);
    free(got);
    free(cov_text);
    o.top = 2;
    got = capture_report(g, NULL, cent, &o);
    cent_text = capture_centrality(g, cent, RG_FORMAT_CSV, 2);
    cr_assert_str_eq(got, cent_text);
    free(got);
    free(cent_text);

    /* two JSON documents in one stream would be unreadable; no section is no report */
    o.format = RG_FORMAT_JSON;
    cr_assert_eq(rg_report_write(g, cov, cent, &o, null_out), RG_ERR_ARG);
    cr_assert_eq(rg_report_write(g, NULL, NULL, &o, null_out), RG_ERR_ARG);
    fclose(null_out);
    rg_centrality_free(cent);
    rg_coverage_free(cov);
    rg_graph_free(g);
}

/* To a file: the old file replaced by the whole report, mode 0644 less the umask, no temporary
 * left; a directory that does not exist is an I/O error naming the file, and creates nothing. */
Test(report, whole_report_to_a_file)
{
    char dir[] = "/tmp/rg-report-XXXXXX", path[64], bad[96], cmd[96], *want, *got;
    rg_graph *g = rf_graph();
    rg_coverage *cov = compute(g, NULL, NULL, 0);
    rg_report_options o;
    struct stat sb;
    mode_t mask;
    FILE *fp;
    long size;
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/report.md", dir);
    cr_assert_not_null(fp = fopen(path, "w"));
    fputs("old contents\n", fp);
    fclose(fp);
    rg_report_options_init(&o);
    o.format = RG_FORMAT_MARKDOWN;
    mask = umask(022);
    cr_assert_eq(rg_report_write_file(g, cov, NULL, &o, path), RG_OK, "%s", rg_last_error());
    umask(mask);
    want = capture_report(g, cov, NULL, &o);
    cr_assert_not_null(fp = fopen(path, "rb"));
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    rewind(fp);
    cr_assert_not_null(got = calloc(1, (size_t)size + 1));
    cr_assert_eq(fread(got, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    cr_assert_str_eq(got, want);
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0644, "mode %o", (unsigned)(sb.st_mode & 0777));
    snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s')\" = report.md", dir);
    cr_assert_eq(system(cmd), 0, "a temporary is left in %s", dir);

    snprintf(bad, sizeof bad, "%s/missing/report.md", dir);
    cr_assert_eq(rg_report_write_file(g, cov, NULL, &o, bad), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), bad), "%s", rg_last_error());
    cr_assert_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(got);
    free(want);
    rg_coverage_free(cov);
    rg_graph_free(g);
}
