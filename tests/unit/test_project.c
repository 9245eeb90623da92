/* Project files: every field of a good file (LF, and BOM + CRLF), path resolution, and every
 * error with its exact message. Fixtures in tests/data/coord/, written by hand. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "regiongraph/project.h"
#include "regiongraph/status.h"
#include "leak_check.h"

RG_TEST_SUITE(project);

#define COORD RG_TEST_DATA "/coord/"

static void expect_founding_case(const char *path)
{
    rg_project *p = NULL;
    cr_assert_eq(rg_project_read(path, &p), RG_OK, "%s", rg_last_error());
    cr_assert_str_eq(p->path, path);
    cr_assert_str_eq(p->name, "Founding case");
    cr_assert_str_eq(p->output, "out/regiongraph.gpkg"); /* as written, comment dropped */
    cr_assert_eq(p->contiguity_set, 1);
    cr_assert_eq(p->contiguity, RG_CONTIGUITY_QUEEN);
    cr_assert_eq(p->lengths, RG_LENGTHS_UNSET);
    cr_assert_eq(p->snap_set + p->islands_set + p->near_set, 0);
    cr_assert_null(p->snap_text);
    cr_assert_str_eq(p->level, "prefectures");
    cr_assert_eq(p->nlayers, 2);

    cr_assert_str_eq(p->layers[0].name, "provinces");
    cr_assert_str_eq(p->layers[0].file, COORD "../maps/provinces.shp");
    cr_assert_str_eq(p->layers[0].id, "code");
    cr_assert_str_eq(p->layers[0].label, "name_en");
    cr_assert_str_eq(p->layers[0].encoding, "UTF-8");
    cr_assert_null(p->layers[0].parent);

    /* indented section and keys */
    cr_assert_str_eq(p->layers[1].name, "prefectures");
    cr_assert_str_eq(p->layers[1].file, COORD "prefectures.shp");
    cr_assert_str_eq(p->layers[1].id, "code");
    cr_assert_str_eq(p->layers[1].label, "name_en");
    cr_assert_null(p->layers[1].encoding);
    cr_assert_str_eq(p->layers[1].parent, "province");

    cr_assert_str_eq(p->mechanisms, COORD "mechanisms.csv");
    cr_assert_str_eq(p->members, COORD "members.csv");
    cr_assert_str_eq(p->agencies, "/srv/data/agencies.csv"); /* absolute: kept */
    rg_project_free(p);
}

Test(project, every_field_of_a_good_file)
{
    expect_founding_case(COORD "project.ini");
}

Test(project, bom_and_crlf)
{
    expect_founding_case(COORD "project_crlf.ini");
}

/* A project path without a directory leaves relative paths as written; unset keys are NULL. */
Test(project, minimal_file_in_the_current_directory)
{
    rg_project *p = NULL;
    cr_assert_eq(chdir(COORD), 0);
    cr_assert_eq(rg_project_read("minimal.ini", &p), RG_OK, "%s", rg_last_error());
    cr_assert_str_eq(p->path, "minimal.ini");
    cr_assert_null(p->name);
    cr_assert_null(p->output);
    cr_assert_eq(p->contiguity_set, 0);
    cr_assert_eq(p->lengths, RG_LENGTHS_UNSET);
    cr_assert_eq(p->snap_set + p->islands_set + p->near_set, 0);
    cr_assert_null(p->level);
    cr_assert_eq(p->nlayers, 1);
    cr_assert_str_eq(p->layers[0].name, "regions");
    cr_assert_str_eq(p->layers[0].file, "regions.shp");
    cr_assert_str_eq(p->layers[0].id, "code");
    cr_assert_null(p->layers[0].label);
    cr_assert_null(p->layers[0].encoding);
    cr_assert_null(p->layers[0].parent);
    cr_assert_null(p->mechanisms);
    cr_assert_null(p->members);
    cr_assert_null(p->agencies);
    rg_project_free(p);
    rg_project_free(NULL);
}

static void expect_error(const char *name, rg_status status, const char *message)
{
    char path[1024];
    char expected[2048];
    rg_project *p = (rg_project *)1;
    snprintf(path, sizeof path, "%s%s", COORD, name);
    snprintf(expected, sizeof expected, "%s: %s", path, message);
    rg_clear_error();
    cr_assert_eq(rg_project_read(path, &p), status, "%s: %s", name, rg_last_error());
    cr_assert_null(p);
    cr_assert_str_eq(rg_last_error(), expected);
}

Test(project, unknown_key)
{
    expect_error("bad_unknown_key.ini", RG_ERR_DATA,
                 "line 9: unknown key 'colour' in [layer prefectures]");
}

Test(project, unknown_section)
{
    expect_error("bad_unknown_section.ini", RG_ERR_DATA,
                 "line 3: unknown section [colours] (sections are [project], [layer NAME] and "
                 "[coordination])");
}

Test(project, layer_without_file_or_id)
{
    expect_error("bad_no_file.ini", RG_ERR_DATA, "line 5: [layer prefectures] has no 'file'");
    expect_error("bad_no_id.ini", RG_ERR_DATA, "line 1: [layer a] has no 'id'");
}

Test(project, no_layer)
{
    expect_error("bad_no_layer.ini", RG_ERR_DATA,
                 "no [layer NAME] section (a project needs at least one map layer)");
}

Test(project, contiguity_queen_or_rook)
{
    expect_error("bad_contiguity.ini", RG_ERR_DATA,
                 "line 2: contiguity must be 'queen' or 'rook', not 'bishop'");
}

Test(project, rook_geodesic_and_map_units)
{
    rg_project *p = NULL;
    cr_assert_eq(rg_project_read(COORD "rook_geodesic.ini", &p), RG_OK, "%s", rg_last_error());
    cr_assert_eq(p->contiguity_set, 1);
    cr_assert_eq(p->contiguity, RG_CONTIGUITY_ROOK);
    cr_assert_eq(p->lengths, RG_LENGTHS_GEODESIC);
    cr_assert_eq(p->snap_set, 1);
    cr_assert_eq(p->snap, 0.002);
    cr_assert_eq(p->snap_unit, RG_UNIT_MAP);
    cr_assert_str_eq(p->snap_text, "0.002");
    rg_project_free(p);
    expect_error("bad_lengths.ini", RG_ERR_DATA,
                 "line 2: lengths must be geodesic or planar, not 'spherical'");
}

/* Tolerant contiguity keys: parsed when read (the tolerance also kept as written). */
Test(project, snap_islands_and_near)
{
    rg_project *p = NULL;
    cr_assert_eq(rg_project_read(COORD "tolerant.ini", &p), RG_OK, "%s", rg_last_error());
    cr_assert_eq(p->snap_set, 1);
    cr_assert_eq(p->snap, 50.0);
    cr_assert_eq(p->snap_unit, RG_UNIT_METRE);
    cr_assert_str_eq(p->snap_text, "50m");
    cr_assert_eq(p->islands_set, 1);
    cr_assert_eq(p->islands, 2);
    cr_assert_eq(p->near_set, 1);
    cr_assert_eq(p->near, 500.0);
    cr_assert_eq(p->near_unit, RG_UNIT_METRE);
    rg_project_free(p);
    expect_error("bad_snap.ini", RG_ERR_DATA,
                 "line 2: snap must be a distance such as 50m, 0.05km or a number in map units, "
                 "not '80 parsecs'");
    expect_error("bad_near.ini", RG_ERR_DATA,
                 "line 2: near must be a distance such as 50m, 0.05km or a number in map units, "
                 "not '-1km'");
    expect_error("bad_islands.ini", RG_ERR_DATA,
                 "line 3: islands must be a whole number of at least 0, not '-2'");
}

Test(project, repeats)
{
    expect_error("bad_layer_twice.ini", RG_ERR_DATA, "line 4: layer 'a' repeated (first on line 1)");
    expect_error("bad_key_twice.ini", RG_ERR_DATA,
                 "line 4: key 'file' repeated in [layer a] (first on line 2)");
}

Test(project, key_outside_sections)
{
    expect_error("bad_outside.ini", RG_ERR_DATA,
                 "line 1: key 'name' is outside any section (put it under [project], "
                 "[layer NAME] or [coordination])");
}

Test(project, syntax_errors)
{
    expect_error("bad_syntax.ini", RG_ERR_FORMAT,
                 "line 3: expected 'key = value', a [section] or a comment");
    /* the syntax error on line 2 comes before the unknown key on line 4 */
    expect_error("bad_syntax_then_key.ini", RG_ERR_FORMAT,
                 "line 2: expected 'key = value', a [section] or a comment");
    expect_error("bad_no_bracket.ini", RG_ERR_FORMAT, "line 1: the section header has no ']'");
    expect_error("bad_layer_noname.ini", RG_ERR_DATA,
                 "line 1: [layer] needs a name, e.g. [layer provinces]");
    expect_error("bad_empty_value.ini", RG_ERR_DATA, "line 2: key 'file' in [layer a] has no value");
}

Test(project, level_names_a_layer)
{
    expect_error("bad_level.ini", RG_ERR_DATA, "line 2: level 'towns' is not one of the layers");
}

Test(project, coordination_needs_mechanisms_and_members)
{
    expect_error("bad_coordination.ini", RG_ERR_DATA, "line 4: [coordination] has no 'members'");
}

Test(project, text_checks)
{
    expect_error("bad_utf8.ini", RG_ERR_ENCODING,
                 "line 2: text is not valid UTF-8 (save the file as UTF-8)");
    expect_error("bad_long_line.ini", RG_ERR_FORMAT,
                 "line 3: the line is longer than 199 bytes, the most the INI parser takes");
}

Test(project, missing_file)
{
    expect_error("no_such_project.ini", RG_ERR_IO, "cannot open: No such file or directory");
    cr_assert_eq(rg_project_read(NULL, NULL), RG_ERR_ARG);
}

/* Agencies from a point layer: the layer path is resolved like the other files, the field names
 * are kept as written, and a layer without its id field or any level is refused. */
Test(project, agency_layer_keys)
{
    rg_project *p = NULL;
    char expected[1024];
    cr_assert_eq(rg_project_read(COORD "agency_layer.ini", &p), RG_OK, "%s", rg_last_error());
    snprintf(expected, sizeof expected, "%s%s", COORD, "offices.shp");
    cr_assert_str_eq(p->agency_layer, expected);
    cr_assert_str_eq(p->agency_id, "code");
    cr_assert_str_eq(p->agency_name, "title");
    cr_assert_null(p->agency_level);
    cr_assert_str_eq(p->agency_level_default, "municipal");
    cr_assert_str_eq(p->agency_jurisdiction, "area");
    rg_project_free(p);
}

Test(project, agency_layer_without_id)
{
    expect_error("bad_agency_layer_no_id.ini", RG_ERR_DATA,
                 "line 5: [coordination] has an agency_layer but no 'agency_id'");
}

/* The one reading of contiguity names, and its inverse. */
Test(project, contiguity_names)
{
    rg_contiguity kind = RG_CONTIGUITY_ROOK;
    cr_assert_eq(rg_contiguity_parse("queen", &kind), RG_OK);
    cr_assert_eq(kind, RG_CONTIGUITY_QUEEN);
    cr_assert_eq(rg_contiguity_parse("rook", &kind), RG_OK);
    cr_assert_eq(kind, RG_CONTIGUITY_ROOK);
    cr_assert_eq(rg_contiguity_parse("Queen", &kind), RG_ERR_ARG);
    cr_assert_str_eq(rg_last_error(), "contiguity must be 'queen' or 'rook', not 'Queen'");
    cr_assert_eq(kind, RG_CONTIGUITY_ROOK); /* untouched on failure */
    cr_assert_eq(rg_contiguity_parse(NULL, &kind), RG_ERR_ARG);
    cr_assert_str_eq(rg_contiguity_name(RG_CONTIGUITY_QUEEN), "queen");
    cr_assert_str_eq(rg_contiguity_name(RG_CONTIGUITY_ROOK), "rook");
    cr_assert_null(rg_contiguity_name((rg_contiguity)7));
}

/* A project of one layer, as front ends make it from a file and its fields: every string its
 * own copy, the layer named after the file, nothing set. */
Test(project, single_layer)
{
    rg_project *p = NULL;
    char file[] = "data/counties.gpkg:counties";
    cr_assert_eq(rg_project_new_single_layer(file, "GEOID", NULL, "UTF-8", &p), RG_OK, "%s",
                 rg_last_error());
    file[0] = 'X';
    cr_assert_str_eq(p->path, "data/counties.gpkg:counties");
    cr_assert_eq(p->nlayers, 1);
    cr_assert_str_eq(p->layers[0].name, "counties");
    cr_assert_str_eq(p->layers[0].file, "data/counties.gpkg:counties");
    cr_assert_str_eq(p->layers[0].id, "GEOID");
    cr_assert_null(p->layers[0].label);
    cr_assert_str_eq(p->layers[0].encoding, "UTF-8");
    cr_assert_null(p->layers[0].parent);
    cr_assert_eq(p->contiguity_set + p->snap_set + p->islands_set + p->near_set, 0);
    cr_assert_eq(p->lengths, RG_LENGTHS_UNSET);
    cr_assert_null(p->output);
    cr_assert_null(p->mechanisms);

    cr_assert_eq(rg_project_set_coordination(p, "m.csv", "n.csv", NULL), RG_OK);
    cr_assert_eq(rg_project_set_coordination(p, "mechanisms.csv", "members.csv", "a.csv"), RG_OK);
    cr_assert_str_eq(p->mechanisms, "mechanisms.csv");
    cr_assert_str_eq(p->members, "members.csv");
    cr_assert_str_eq(p->agencies, "a.csv");
    cr_assert_eq(rg_project_set_agency_layer(p, "offices.shp", "code", NULL, NULL, "municipal",
                                             "area"), RG_OK);
    cr_assert_str_eq(p->agency_layer, "offices.shp");
    cr_assert_str_eq(p->agency_id, "code");
    cr_assert_null(p->agency_name);
    cr_assert_null(p->agency_level);
    cr_assert_str_eq(p->agency_level_default, "municipal");
    cr_assert_str_eq(p->agency_jurisdiction, "area");
    rg_project_free(p);

    /* a plain shapefile path: directory and extension dropped */
    cr_assert_eq(rg_project_new_single_layer("maps/prefectures.shp", NULL, NULL, NULL, &p), RG_OK);
    cr_assert_str_eq(p->layers[0].name, "prefectures");
    cr_assert_null(p->layers[0].id);
    rg_project_free(p);
    cr_assert_eq(rg_project_new_single_layer(NULL, NULL, NULL, NULL, &p), RG_ERR_ARG);
    cr_assert_null(p);
    cr_assert_eq(rg_project_set_coordination(NULL, "m", "n", NULL), RG_ERR_ARG);
}
