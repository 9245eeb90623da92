/* Region hierarchy (src/model/hierarchy.c): merging levels into one layer, levels, parents, the
 * id index, field union, the errors, and the round trip through the graph file.
 *
 * The three-level fixture, built in memory (every value below is read off it by hand):
 *
 *   nation       data/nation.shp       CN  China                 code S6, name S20, pop I10
 *   provinces    data/provinces.shp    P1  North  (up CN)        code S6, name S20, pop R12.1,
 *                                      P2  South  (up CN)        up S6
 *   prefectures  data/prefectures.shp  C1 Alpha, C2 Beta (up P1) code S6, Name S24, area R10.2,
 *                                      C3 Gamma, C4 Delta (up P2) up S6
 *
 * Geometry: CN = [0,4]x[0,2], P1 = [0,2]x[0,2], P2 = [2,4]x[0,2], C1..C4 unit squares along
 * the bottom row, C2 with two parts. Merged order is the level order: CN, P1, P2, C1..C4.
 * The union of fields (the first level naming a field spells it; "Name" is "name"; pop is
 * Integer in one level and Real in another, so it becomes a string): code S6, name S24,
 * pop S12, up S6, area R10.2, rg_level S11 ("prefectures"), rg_parent S2 ("CN", "P1", "P2").
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/hierarchy_internal.h"
#include "model/regions_internal.h"
#include "model/adjacency_internal.h"
#include "regiongraph/graphfile.h"
#include "regiongraph/regions.h"
#include "leak_check.h"

RG_TEST_SUITE(hierarchy);

/* ---- building levels ------------------------------------------------------------------------- */

typedef struct row {
    const char *id, *name;
    const char *values[4]; /* text per field; NULL for a null value */
    double box[4];         /* x0, y0, x1, y1; x1 == x0 means no geometry */
    int two_parts;
} row;

static void add_box(rg_regions *r, double x0, double y0, double x1, double y1)
{
    double ring[] = {x0, y0, x0, y1, x1, y1, x1, y0, x0, y0};
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, ring, 5), RG_OK);
}

static rg_regions *make_level(const char *source, const rg_i_field *fields, size_t nf,
                              const row *rows, size_t n, const char *id_field,
                              const char *name_field)
{
    rg_regions *r = NULL;
    cr_assert_eq(rg_i_regions_new(source, nf, fields, &r), RG_OK);
    for (size_t i = 0; i < n; i++) {
        rg_i_value v[4];
        memset(v, 0, sizeof v);
        for (size_t f = 0; f < nf; f++) {
            const char *t = rows[i].values[f];
            if (!t)
                continue;
            v[f].text = strdup(t);
            if (fields[f].type == RG_FIELD_INTEGER) {
                v[f].i = strtoll(t, NULL, 10);
                v[f].d = (double)v[f].i;
            } else if (fields[f].type == RG_FIELD_REAL) {
                v[f].d = strtod(t, NULL);
                v[f].i = (int64_t)v[f].d;
            }
        }
        cr_assert_eq(rg_i_regions_begin(r, rows[i].id, rows[i].name, v), RG_OK);
        if (rows[i].box[2] > rows[i].box[0]) {
            const double *b = rows[i].box;
            if (rows[i].two_parts) {
                double mid = (b[0] + b[2]) / 2;
                add_box(r, b[0], b[1], mid, b[3]);
                add_box(r, mid, b[1], b[2], b[3]);
            } else {
                add_box(r, b[0], b[1], b[2], b[3]);
            }
        }
        cr_assert_eq(rg_i_regions_end(r), RG_OK);
    }
    cr_assert_eq(rg_i_regions_set_key_fields(r, id_field, name_field), RG_OK);
    return r;
}

static rg_regions *nation(void)
{
    static const rg_i_field fields[] = {
        {.name = "code", .type = RG_FIELD_STRING, .width = 6},
        {.name = "name", .type = RG_FIELD_STRING, .width = 20},
        {.name = "pop", .type = RG_FIELD_INTEGER, .width = 10},
    };
    static const row rows[] = {{"CN", "China", {"CN", "China", "1400"}, {0, 0, 4, 2}, 0}};
    return make_level("data/nation.shp", fields, 3, rows, 1, "code", "name");
}

/* parent_of_p2: the parent id given to P2 (to make errors). */
static rg_regions *provinces_with(const char *parent_of_p2)
{
    static const rg_i_field fields[] = {
        {.name = "code", .type = RG_FIELD_STRING, .width = 6},
        {.name = "name", .type = RG_FIELD_STRING, .width = 20},
        {.name = "pop", .type = RG_FIELD_REAL, .width = 12, .precision = 1},
        {.name = "up", .type = RG_FIELD_STRING, .width = 6},
    };
    row rows[] = {
        {"P1", "North", {"P1", "North", "80.5", "CN"}, {0, 0, 2, 2}, 0},
        {"P2", "South", {"P2", "South", NULL, parent_of_p2}, {2, 0, 4, 2}, 0},
    };
    return make_level("data/provinces.shp", fields, 4, rows, 2, "code", "name");
}

static rg_regions *provinces(void)
{
    return provinces_with("CN");
}

/* id_of_c2 / parent_of_c4: the id of C2 and the parent of C4 (to make errors). */
static rg_regions *prefectures_with(const char *id_of_c2, const char *parent_of_c4)
{
    static const rg_i_field fields[] = {
        {.name = "code", .type = RG_FIELD_STRING, .width = 6},
        {.name = "Name", .type = RG_FIELD_STRING, .width = 24},
        {.name = "area", .type = RG_FIELD_REAL, .width = 10, .precision = 2},
        {.name = "up", .type = RG_FIELD_STRING, .width = 6},
    };
    row rows[] = {
        {"C1", "Alpha", {"C1", "Alpha", "1.25", "P1"}, {0, 0, 1, 1}, 0},
        {id_of_c2, "Beta", {id_of_c2, "Beta", NULL, "P1"}, {1, 0, 2, 1}, 1},
        {"C3", "Gamma", {"C3", "Gamma", "3.5", "P2"}, {2, 0, 3, 1}, 0},
        {"C4", "Delta", {"C4", "Delta", "4", parent_of_c4}, {3, 0, 4, 1}, 0},
    };
    return make_level("data/prefectures.shp", fields, 4, rows, 4, "code", "Name");
}

static rg_regions *prefectures(void)
{
    return prefectures_with("C2", "P2");
}

static const char *const level_names[] = {"nation", "provinces", "prefectures"};
static const char *const parent_fields[] = {NULL, "up", "up"};

static rg_regions *merged(void)
{
    rg_regions *levels[3] = {nation(), provinces(), prefectures()};
    rg_regions *r = NULL;
    cr_assert_eq(rg_regions_merge_levels(levels, level_names, parent_fields, 3, &r), RG_OK, "%s",
                 rg_last_error());
    for (int k = 0; k < 3; k++)
        cr_assert_null(levels[k], "level %d not consumed", k);
    return r;
}

static const char *text(const rg_regions *r, size_t i, const char *field)
{
    const char *v = NULL;
    long f = rg_regions_field_index(r, field);
    cr_assert_geq(f, 0, "no field %s", field);
    return rg_regions_value_string(r, i, (size_t)f, &v) ? v : NULL;
}

static void assert_text(const rg_regions *r, size_t i, const char *field, const char *want)
{
    const char *got = text(r, i, field);
    if (!want)
        cr_assert_null(got, "region %zu field %s: '%s'", i, field, got);
    else {
        cr_assert_not_null(got, "region %zu field %s is null", i, field);
        cr_assert_str_eq(got, want, "region %zu field %s", i, field);
    }
}

/* Levels, parents and the index, as worked out in the comment at the top. */
static void assert_hierarchy(const rg_regions *r)
{
    static const char *const ids[] = {"CN", "P1", "P2", "C1", "C2", "C3", "C4"};
    static const size_t want_level[] = {0, 1, 1, 2, 2, 2, 2};
    static const long want_parent[] = {-1, 0, 0, 1, 1, 2, 2};
    cr_assert_eq(rg_regions_count(r), 7);
    cr_assert_eq(rg_regions_level_count(r), 3);
    for (size_t k = 0; k < 3; k++) {
        cr_assert_str_eq(rg_regions_level_name(r, k), level_names[k]);
        cr_assert_eq(rg_regions_level_index(r, level_names[k]), (long)k);
    }
    cr_assert_null(rg_regions_level_name(r, 3));
    cr_assert_eq(rg_regions_level_index(r, "counties"), -1);
    for (size_t i = 0; i < 7; i++) {
        cr_assert_str_eq(rg_regions_id(r, i), ids[i]);
        cr_assert_eq(rg_regions_level(r, i), want_level[i], "level of %s", ids[i]);
        cr_assert_eq(rg_regions_parent(r, i), want_parent[i], "parent of %s", ids[i]);
        cr_assert_eq(rg_regions_find(r, ids[i]), (long)i);
    }
    cr_assert_eq(rg_regions_find(r, "C5"), -1);
    cr_assert_eq(rg_regions_find(r, ""), -1);
    /* Out of range: no level, no parent (not a read past the end). */
    cr_assert_eq(rg_regions_level(r, 7), 0);
    cr_assert_eq(rg_regions_parent(r, 7), -1);
}

/* ---- merging --------------------------------------------------------------------------------- */

Test(hierarchy, three_levels_merge_with_levels_parents_and_index)
{
    rg_regions *r = merged();
    assert_hierarchy(r);
    cr_assert_str_eq(rg_regions_name(r, 0), "China");
    cr_assert_str_eq(rg_regions_name(r, 4), "Beta");
    /* The lowest level's source and key fields, spelled as the union spells them. */
    cr_assert_str_eq(rg_regions_source(r), "data/prefectures.shp");
    cr_assert_str_eq(rg_regions_id_field(r), "code");
    cr_assert_str_eq(rg_regions_name_field(r), "name");
    /* Geometry is copied: 7 regions, 8 polygons (C2 has two), one ring each, 5 points each. */
    cr_assert_eq(rg_regions_polygon_count(r), 8);
    cr_assert_eq(rg_regions_ring_count(r), 8);
    cr_assert_eq(rg_regions_point_count(r), 40);
    cr_assert_eq(rg_regions_poly_start(r)[4], 4);
    cr_assert_eq(rg_regions_poly_start(r)[5], 6);
    /* Rings in order CN, P1, P2, C1, C2a, C2b, C3, C4: C4's ring starts at point 35 and its
     * third point is (x1, y1) = (4, 1); C2's second part starts at (1.5, 0). */
    cr_assert_eq(rg_regions_xy(r)[2 * 37], 4.0);
    cr_assert_eq(rg_regions_xy(r)[2 * 37 + 1], 1.0);
    cr_assert_eq(rg_regions_xy(r)[2 * 25], 1.5);
    cr_assert_eq(rg_regions_xy(r)[2 * 25 + 1], 0.0);
    rg_regions_free(r);
}

Test(hierarchy, fields_are_the_union_by_name)
{
    static const char *const names[] = {"code", "name", "pop", "up", "area", "rg_level",
                                        "rg_parent"};
    static const rg_field_type types[] = {RG_FIELD_STRING, RG_FIELD_STRING, RG_FIELD_STRING,
                                          RG_FIELD_STRING, RG_FIELD_REAL,   RG_FIELD_STRING,
                                          RG_FIELD_STRING};
    static const int widths[] = {6, 24, 12, 6, 10, 11, 2};
    static const int precisions[] = {0, 0, 0, 0, 2, 0, 0};
    rg_regions *r = merged();
    double d = 0;
    cr_assert_eq(rg_regions_field_count(r), 7);
    for (size_t f = 0; f < 7; f++) {
        cr_assert_str_eq(rg_regions_field_name(r, f), names[f]);
        cr_assert_eq(rg_regions_field_type(r, f), types[f], "type of %s", names[f]);
        cr_assert_eq(r->fields[f].width, widths[f], "width of %s: %d", names[f],
                     r->fields[f].width);
        cr_assert_eq(r->fields[f].precision, precisions[f], "precision of %s", names[f]);
    }
    /* pop: the Integer and the Real become text; a level without the field gives nulls. */
    assert_text(r, 0, "pop", "1400");
    assert_text(r, 1, "pop", "80.5");
    assert_text(r, 2, "pop", NULL);
    assert_text(r, 3, "pop", NULL);
    /* name comes from "name" in the upper levels and "Name" in the lowest. */
    assert_text(r, 2, "name", "South");
    assert_text(r, 5, "name", "Gamma");
    /* area is Real in the one level that has it. */
    cr_assert_eq(rg_regions_value_real(r, 3, 4, &d), 1);
    cr_assert_eq(d, 1.25);
    cr_assert_eq(rg_regions_value_real(r, 4, 4, &d), 0); /* C2's area is null */
    cr_assert_eq(rg_regions_value_real(r, 0, 4, &d), 0); /* the nation has no area field */
    /* The hierarchy fields, and the source parent field kept as it was. */
    assert_text(r, 0, "rg_level", "nation");
    assert_text(r, 2, "rg_level", "provinces");
    assert_text(r, 6, "rg_level", "prefectures");
    assert_text(r, 0, "rg_parent", NULL);
    assert_text(r, 1, "rg_parent", "CN");
    assert_text(r, 4, "rg_parent", "P1");
    assert_text(r, 6, "rg_parent", "P2");
    assert_text(r, 6, "up", "P2");
    assert_text(r, 0, "up", NULL);
    rg_regions_free(r);
}

Test(hierarchy, a_parent_not_in_the_level_above_names_the_dbf_and_record)
{
    /* C4's parent CN is a region, but of the nation, not of the provinces. */
    rg_regions *levels[3] = {nation(), provinces(), prefectures_with("C2", "CN")};
    rg_regions *r = (rg_regions *)1;
    cr_assert_eq(rg_regions_merge_levels(levels, level_names, parent_fields, 3, &r), RG_ERR_DATA);
    cr_assert_null(r);
    cr_assert_str_eq(rg_last_error(), "data/prefectures.dbf: record 4: parent 'CN' in field 'up' "
                                      "is not a region of layer 'provinces'");
    for (int k = 0; k < 3; k++)
        cr_assert_null(levels[k], "level %d not consumed on failure", k);
}

Test(hierarchy, an_unknown_or_empty_parent_is_an_error)
{
    rg_regions *levels[3] = {nation(), provinces_with("XX"), prefectures()};
    rg_regions *r = NULL;
    cr_assert_eq(rg_regions_merge_levels(levels, level_names, parent_fields, 3, &r), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "data/provinces.dbf: record 2: parent 'XX' in field 'up' "
                                      "is not a region of layer 'nation'");
    levels[0] = nation();
    levels[1] = provinces_with(NULL);
    levels[2] = prefectures();
    cr_assert_eq(rg_regions_merge_levels(levels, level_names, parent_fields, 3, &r), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "data/provinces.dbf: record 2: parent field 'up' is empty");
    cr_assert_null(r);
}

Test(hierarchy, an_id_repeated_across_levels_names_both_records)
{
    /* C2 takes the id of province P2, while its parent is P1: not the same unit. */
    rg_regions *levels[3] = {nation(), provinces(), prefectures_with("P2", "P2")};
    rg_regions *r = NULL;
    cr_assert_eq(rg_regions_merge_levels(levels, level_names, parent_fields, 3, &r), RG_ERR_DATA);
    cr_assert_null(r);
    cr_assert_str_eq(rg_last_error(),
                     "data/prefectures.dbf: record 2: id 'P2' of layer 'prefectures' is also the "
                     "id of record 2 of layer 'provinces' (data/provinces.dbf), which is not its "
                     "parent: a code may repeat across levels only where a unit is both");
}

Test(hierarchy, an_id_repeated_within_a_level_names_the_records)
{
    rg_regions *levels[3] = {nation(), provinces(), prefectures_with("C3", "P2")};
    rg_regions *r = NULL;
    cr_assert_eq(rg_regions_merge_levels(levels, level_names, parent_fields, 3, &r), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "data/prefectures.dbf: record 3: id 'C3' repeats record 2");
}

Test(hierarchy, bad_arguments_are_refused_and_layers_consumed)
{
    rg_regions *levels[3] = {nation(), provinces(), prefectures()};
    rg_regions *r = NULL;
    const char *twice[] = {"nation", "provinces", "provinces"};
    const char *missing_field[] = {NULL, "up", "province"};
    cr_assert_eq(rg_regions_merge_levels(levels, twice, parent_fields, 3, &r), RG_ERR_ARG);
    cr_assert_str_eq(rg_last_error(),
                     "two levels are named 'provinces': give each layer its own name");
    for (int k = 0; k < 3; k++)
        cr_assert_null(levels[k]);

    levels[0] = nation();
    levels[1] = provinces();
    levels[2] = prefectures();
    cr_assert_eq(rg_regions_merge_levels(levels, level_names, missing_field, 3, &r), RG_ERR_ARG);
    cr_assert_str_eq(rg_last_error(),
                     "data/prefectures.shp: layer 'prefectures' has no parent field 'province'");

    cr_assert_eq(rg_regions_merge_levels(levels, level_names, parent_fields, 0, &r), RG_ERR_ARG);
    cr_assert_str_eq(rg_last_error(), "no region layer to merge");
    cr_assert_null(r);
}

Test(hierarchy, levels_in_different_kinds_of_crs_are_refused)
{
    rg_regions *levels[2] = {nation(), provinces()};
    rg_regions *r = NULL;
    cr_assert_eq(rg_i_regions_set_crs(levels[1], "PROJCRS[\"x\"]", 0, 1.0), RG_OK);
    cr_assert_eq(rg_regions_merge_levels(levels, level_names, parent_fields, 2, &r), RG_ERR_CRS);
    cr_assert_str_eq(rg_last_error(), "data/provinces.shp: layer 'provinces' is projected but "
                                      "layer 'nation' is geographic: give every level the same "
                                      "CRS");
}

static char warnings[4][512];
static int nwarnings;

static void keep_warning(const char *msg, void *data)
{
    (void)data;
    if (nwarnings < 4)
        snprintf(warnings[nwarnings], sizeof warnings[0], "%s", msg);
    nwarnings++;
}

/* Without parent fields the levels are still levels; a CRS written differently is said; a level
 * without regions is said and has no level in the result. */
Test(hierarchy, levels_without_parents_and_warnings)
{
    rg_regions *levels[3] = {nation(), provinces(), NULL};
    rg_regions *r = NULL;
    rg_i_field none[1];
    const char *names[] = {"nation", "provinces", "empty"};
    cr_assert_eq(rg_i_regions_new("data/empty.shp", 0, none, &levels[2]), RG_OK);
    cr_assert_eq(rg_i_regions_set_crs(levels[1], "GEOGCRS[\"other text\"]", 1, 1.0), RG_OK);
    nwarnings = 0;
    rg_set_warning_handler(keep_warning, NULL);
    cr_assert_eq(rg_regions_merge_levels(levels, names, NULL, 3, &r), RG_OK, "%s",
                 rg_last_error());
    rg_set_warning_handler(NULL, NULL);
    cr_assert_eq(nwarnings, 2);
    cr_assert_str_eq(warnings[0], "data/provinces.shp: the CRS of layer 'provinces' is written "
                                  "differently from that of layer 'nation'; its coordinates are "
                                  "taken as they are");
    cr_assert_str_eq(warnings[1], "data/empty.shp: layer 'empty' has no regions, so it is not a "
                                  "level of the merged layer");
    cr_assert_eq(rg_regions_count(r), 3);
    cr_assert_eq(rg_regions_level_count(r), 2);
    cr_assert_eq(rg_regions_parent(r, 1), -1);
    cr_assert_eq(rg_regions_level(r, 2), 1);
    assert_text(r, 1, "rg_parent", NULL);
    cr_assert_str_eq(rg_regions_crs_wkt(r), ""); /* the top level's */
    rg_regions_free(r);
}

/* ---- codes shared by levels ------------------------------------------------------------------ */

/* Province-level cities are also prefecture-level units, under the same code (maps/: Beijing
 * 110000, Tianjin 120000 in both layers, each prefecture-level one the child of the province).
 * Levels: provinces HB (Hebei), BJ, TJ; prefectures SJZ (Shijiazhuang, in HB), BJ (in BJ),
 * TJ (in TJ); counties BJ (in BJ) and X1 (in SJZ). */
static rg_regions *shared_level(const char *source, const char *const (*rows)[2], size_t n)
{
    static const rg_i_field fields[] = {
        {.name = "code", .type = RG_FIELD_STRING, .width = 6},
        {.name = "up", .type = RG_FIELD_STRING, .width = 6},
    };
    row r[4];
    memset(r, 0, sizeof r);
    for (size_t i = 0; i < n; i++) {
        r[i].id = rows[i][0];
        r[i].values[0] = rows[i][0];
        r[i].values[1] = rows[i][1];
        r[i].box[0] = (double)i;
        r[i].box[1] = 0;
        r[i].box[2] = (double)i + 1;
        r[i].box[3] = 1;
    }
    return make_level(source, fields, 2, r, n, "code", NULL);
}

static rg_regions *shared_merged(size_t nlevels)
{
    static const char *const prov[][2] = {{"HB", NULL}, {"BJ", NULL}, {"TJ", NULL}};
    static const char *const pref[][2] = {{"SJZ", "HB"}, {"BJ", "BJ"}, {"TJ", "TJ"}};
    static const char *const cnty[][2] = {{"BJ", "BJ"}, {"X1", "SJZ"}};
    static const char *const names[] = {"provinces", "prefectures", "counties"};
    static const char *const parents[] = {NULL, "up", "up"};
    rg_regions *levels[3] = {shared_level("p.shp", prov, 3), shared_level("f.shp", pref, 3),
                             shared_level("c.shp", cnty, 2)};
    rg_regions *r = NULL;
    if (nlevels < 3)
        rg_regions_free(levels[2]);
    cr_assert_eq(rg_regions_merge_levels(levels, names, parents, nlevels, &r), RG_OK, "%s",
                 rg_last_error());
    return r;
}

Test(hierarchy, a_code_shared_by_levels_is_one_unit_on_each)
{
    rg_regions *r = shared_merged(3);
    /* Order: HB BJ TJ | SJZ BJ TJ | BJ X1 */
    static const long want_parent[] = {-1, -1, -1, 0, 1, 2, 4, 3};
    static const size_t want_level[] = {0, 0, 0, 1, 1, 1, 2, 2};
    cr_assert_eq(rg_regions_count(r), 8);
    for (size_t i = 0; i < 8; i++) {
        cr_assert_eq(rg_regions_level(r, i), want_level[i], "level of %zu", i);
        cr_assert_eq(rg_regions_parent(r, i), want_parent[i], "parent of %zu", i);
    }
    /* A member id names the highest level holding the code. */
    cr_assert_eq(rg_regions_find(r, "BJ"), 1);
    cr_assert_eq(rg_regions_find(r, "TJ"), 2);
    cr_assert_eq(rg_i_regions_find_in_level(r, "BJ", 1), 4);
    cr_assert_eq(rg_i_regions_find_in_level(r, "BJ", 2), 6);
    cr_assert_eq(rg_i_regions_find_in_level(r, "TJ", 2), -1);
    cr_assert_eq(rg_i_regions_find_in_level(r, "SJZ", 1), 3);
    cr_assert_eq(rg_i_regions_check_levels(r, "m.gpkg", "code"), RG_OK, "%s", rg_last_error());
    rg_regions_free(r);
}

Test(hierarchy, a_file_repeating_codes_wrongly_is_refused)
{
    static const rg_i_field fields[] = {
        {.name = "code", .type = RG_FIELD_STRING},
        {.name = "rg_level", .type = RG_FIELD_STRING},
        {.name = "rg_parent", .type = RG_FIELD_STRING},
    };
    static const row same_level[] = {
        {"A", NULL, {"A", "top", NULL}, {0}, 0}, {"B", NULL, {"B", "low", "A"}, {0}, 0},
        {"B", NULL, {"B", "low", "A"}, {0}, 0},
    };
    static const row not_parent[] = {
        {"A", NULL, {"A", "top", NULL}, {0}, 0}, {"B", NULL, {"B", "top", NULL}, {0}, 0},
        {"B", NULL, {"B", "low", "A"}, {0}, 0},
    };
    rg_regions *r = make_level("h.gpkg", fields, 3, same_level, 3, "code", NULL);
    cr_assert_eq(rg_i_regions_check_levels(r, "h.gpkg", "code"), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "h.gpkg: record 3: id 'B' in field 'code' repeats record 2");
    rg_regions_free(r);
    r = make_level("h.gpkg", fields, 3, not_parent, 3, "code", NULL);
    cr_assert_eq(rg_i_regions_check_levels(r, "h.gpkg", "code"), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "h.gpkg: record 3: id 'B' in field 'code' is also the id of "
                                      "record 2 of level 'top', which is not its parent");
    rg_regions_free(r);
}

/* The graph file's borders say their level: Beijing-Tianjin is a border of provinces and of
 * prefecture-level units, under the same two codes. */
Test(hierarchy, borders_between_shared_codes_keep_their_level)
{
    rg_regions *r = shared_merged(2); /* HB BJ TJ | SJZ BJ TJ */
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL, *back = NULL;
    char dir[] = "/tmp/rg-hierarchy-XXXXXX", path[64], cmd[96];
    size_t a, b;
    double km;
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/s.gpkg", dir);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_ROOK, &adj), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 0, 1, 10.0, 1), RG_OK); /* HB-BJ, provinces */
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 1, 2, 20.0, 1), RG_OK); /* BJ-TJ, provinces */
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 3, 4, 30.0, 1), RG_OK); /* SJZ-BJ, prefectures */
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 4, 5, 40.0, 1), RG_OK); /* BJ-TJ, prefectures */
    cr_assert_eq(rg_graph_new(r, adj, &g), RG_OK);
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_adjacency_count(rg_graph_adjacency(back)), 4);
    rg_adjacency_pair(rg_graph_adjacency(back), 1, &a, &b, &km, NULL);
    cr_assert(a == 1 && b == 2 && km == 20.0, "pair 1: %zu-%zu %g", a, b, km);
    rg_adjacency_pair(rg_graph_adjacency(back), 3, &a, &b, &km, NULL);
    cr_assert(a == 4 && b == 5 && km == 40.0, "pair 3: %zu-%zu %g", a, b, km);
    cr_assert_eq(rg_regions_parent(rg_graph_regions(back), 4), 1);
    rg_graph_free(back);
    rg_graph_free(g);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* ---- a layer that already carries the fields ----------------------------------------------- */

Test(hierarchy, a_plain_layer_is_one_level_named_after_its_file)
{
    rg_regions *r = provinces();
    cr_assert_eq(rg_regions_level_count(r), 1);
    cr_assert_str_eq(rg_regions_level_name(r, 0), "provinces");
    cr_assert_eq(rg_regions_level(r, 1), 0);
    cr_assert_eq(rg_regions_parent(r, 1), -1);
    cr_assert_eq(rg_regions_find(r, "P2"), 1);
    rg_regions_free(r);
}

/* rg_parent naming a region on the same level, or below, is not a parent (a hand-edited file):
 * otherwise a walk up the hierarchy could loop. */
Test(hierarchy, parents_only_come_from_a_level_above)
{
    static const rg_i_field fields[] = {
        {.name = "rg_level", .type = RG_FIELD_STRING},
        {.name = "rg_parent", .type = RG_FIELD_STRING},
    };
    static const row rows[] = {
        {"A", NULL, {"top", NULL}, {0}, 0},  {"B", NULL, {"top", "A"}, {0}, 0},
        {"a1", NULL, {"low", "A"}, {0}, 0},  {"a2", NULL, {"low", "a1"}, {0}, 0},
        {"a3", NULL, {"low", "nope"}, {0}, 0},
    };
    rg_regions *r = make_level("h.gpkg", fields, 2, rows, 5, NULL, NULL);
    static const long want[] = {-1, -1, 0, -1, -1};
    cr_assert_eq(rg_regions_level_count(r), 2);
    cr_assert_str_eq(rg_regions_level_name(r, 1), "low");
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(rg_regions_parent(r, i), want[i], "parent of %zu", i);
    rg_regions_free(r);
}

/* ---- the graph file keeps the hierarchy ---------------------------------------------------- */

Test(hierarchy, the_merged_layer_round_trips_through_the_graph_file)
{
    rg_adjacency *adj = NULL;
    rg_graph *g = NULL, *back = NULL;
    char dir[] = "/tmp/rg-hierarchy-XXXXXX", path[64], cmd[96];
    const rg_regions *r;
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/h.gpkg", dir);
    cr_assert_eq(rg_i_adjacency_new(RG_CONTIGUITY_ROOK, &adj), RG_OK);
    cr_assert_eq(rg_i_adjacency_add_pair(adj, 3, 4, 111.2, 1), RG_OK); /* C1-C2 */
    cr_assert_eq(rg_graph_new(merged(), adj, &g), RG_OK);
    cr_assert_eq(rg_graph_set_default_level(g, "provinces"), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_write(g, path), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_graph_read(path, &back), RG_OK, "%s", rg_last_error());
    r = rg_graph_regions(back);
    assert_hierarchy(r);
    cr_assert_str_eq(rg_graph_default_level(back), "provinces");
    cr_assert_null(rg_graph_coordination(back));
    cr_assert_eq(rg_regions_field_count(r), 7);
    cr_assert_str_eq(rg_regions_field_name(r, 5), "rg_level");
    cr_assert_str_eq(rg_regions_field_name(r, 6), "rg_parent");
    assert_text(r, 1, "pop", "80.5");
    assert_text(r, 6, "rg_parent", "P2");
    cr_assert_str_eq(rg_regions_name(r, 5), "Gamma");
    cr_assert_eq(rg_graph_edge_count(back), 1);
    rg_graph_free(back);
    rg_graph_free(g);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
