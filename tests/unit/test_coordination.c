/* Coordination data: the CSV files (every accessor on good files, every error with its exact
 * message), agencies from point layers, and resolution of member ids.
 *
 * Fixtures are in tests/data/coord/, written by hand; the expected values below are read off
 * them. The projected layer's lon/lat come from pyproj 3.4.1:
 *   Transformer.from_crs('EPSG:32650', 'EPSG:4326', always_xy=True).transform(x, y)
 *   (500000, 3800000) -> (117.000000000000, 34.341302722680)
 *   (520000, 3790000) -> (117.217213070691, 34.250925450248)
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regiongraph/coordination.h"
#include "regiongraph/status.h"
#include "leak_check.h"

RG_TEST_SUITE(coordination);

#define COORD RG_TEST_DATA "/coord/"
#define MECHANISMS COORD "mechanisms.csv"
#define MEMBERS COORD "members.csv"
#define AGENCIES COORD "agencies.csv"

/* ---- helpers --------------------------------------------------------------------------------- */

/* Region ids of the fixtures: a nation, provinces, prefectures and a county. */
static const char *const region_ids[] = {"CN",     "310000", "320000", "330000", "340000",
                                         "320300", "370800", "320311", "330100", NULL};

typedef struct lookup_data {
    const char *const *ids;
    const char *missing; /* treated as unknown even if listed */
    const char *extra;   /* treated as a region too */
} lookup_data;

static int lookup(const char *id, void *user_data)
{
    const lookup_data *d = user_data;
    size_t i;
    if (d->missing && strcmp(id, d->missing) == 0)
        return 0;
    if (d->extra && strcmp(id, d->extra) == 0)
        return 1;
    for (i = 0; d->ids[i]; i++)
        if (strcmp(d->ids[i], id) == 0)
            return 1;
    return 0;
}

#define MAX_WARNINGS 16
static char warnings[MAX_WARNINGS][512];
static int nwarnings;

static void keep_warning(const char *msg, void *data)
{
    (void)data;
    if (nwarnings < MAX_WARNINGS)
        snprintf(warnings[nwarnings], sizeof warnings[0], "%s", msg);
    nwarnings++;
}

static void catch_warnings(void)
{
    nwarnings = 0;
    rg_set_warning_handler(keep_warning, NULL);
}

static void expect_read_error(const char *mechanisms, const char *members, const char *agencies,
                              rg_status status, const char *message)
{
    rg_coordination *c = (rg_coordination *)1;
    rg_clear_error();
    cr_assert_eq(rg_coordination_read(mechanisms, members, agencies, &c), status,
                 "status for %s: %s", message, rg_last_error());
    cr_assert_null(c);
    cr_assert_str_eq(rg_last_error(), message);
}

static rg_coordination *read_good(const char *agencies)
{
    rg_coordination *c = NULL;
    rg_status st = rg_coordination_read(MECHANISMS, MEMBERS, agencies, &c);
    cr_assert_eq(st, RG_OK, "%s", rg_last_error());
    cr_assert_not_null(c);
    return c;
}

static void expect_members(const rg_coordination *c, size_t m, const char *const *ids)
{
    size_t k, n = 0;
    while (ids[n])
        n++;
    cr_assert_eq(rg_coordination_member_count(c, m), n, "mechanism %zu", m);
    for (k = 0; k < n; k++)
        cr_assert_str_eq(rg_coordination_member_id(c, m, k), ids[k], "mechanism %zu member %zu", m,
                         k);
}

/* ---- good files ------------------------------------------------------------------------------ */

Test(coordination, mechanisms_keep_every_cell)
{
    rg_coordination *c = read_good(AGENCIES);
    cr_assert_eq(rg_coordination_mechanism_count(c), 5);

    /* Row 2: a quoted cell with commas; the extra "notes" column is ignored. */
    cr_assert_str_eq(rg_coordination_mechanism_id(c, 0), "yrd");
    cr_assert_str_eq(rg_coordination_mechanism_name(c, 0),
                     "Yangtze River Delta market-system integration memorandum");
    cr_assert_str_eq(rg_coordination_mechanism_kind(c, 0), "memorandum");
    cr_assert_eq(rg_coordination_mechanism_year(c, 0), 2019);
    cr_assert_str_eq(rg_coordination_mechanism_source(c, 0), "Shanghai, Jiangsu, Zhejiang, Anhui");

    /* Row 3: doubled quotes; source and notes cells missing (a spreadsheet drops them). */
    cr_assert_str_eq(rg_coordination_mechanism_id(c, 1), "huaihai");
    cr_assert_str_eq(rg_coordination_mechanism_name(c, 1),
                     "Huaihai \"ten cities\" market supervision coordination");
    cr_assert_str_eq(rg_coordination_mechanism_kind(c, 1), "mechanism");
    cr_assert_eq(rg_coordination_mechanism_year(c, 1), 2020);
    cr_assert_str_eq(rg_coordination_mechanism_source(c, 1), "");

    /* Rows 4-5: a quoted line break, CRLF in the file, read as "\n". */
    cr_assert_str_eq(rg_coordination_mechanism_id(c, 2), "ja1");
    cr_assert_str_eq(rg_coordination_mechanism_name(c, 2), "Joint action\nagainst counterfeits");
    cr_assert_str_eq(rg_coordination_mechanism_kind(c, 2), "joint action");
    cr_assert_eq(rg_coordination_mechanism_year(c, 2), 2021);
    cr_assert_str_eq(rg_coordination_mechanism_source(c, 2), "SAMR, MPS");

    /* Row 7 after an empty line: padded unquoted cells are trimmed; empty year is 0. */
    cr_assert_str_eq(rg_coordination_mechanism_id(c, 3), "prov");
    cr_assert_str_eq(rg_coordination_mechanism_name(c, 3), "Province group");
    cr_assert_str_eq(rg_coordination_mechanism_kind(c, 3), "");
    cr_assert_eq(rg_coordination_mechanism_year(c, 3), 0);
    cr_assert_str_eq(rg_coordination_mechanism_source(c, 3), "");

    /* Row 9, after the spreadsheet's empty row ",,,,,". */
    cr_assert_str_eq(rg_coordination_mechanism_id(c, 4), "nation");
    cr_assert_str_eq(rg_coordination_mechanism_name(c, 4), "Nation-wide pilot");
    cr_assert_str_eq(rg_coordination_mechanism_kind(c, 4), "pilot");
    cr_assert_eq(rg_coordination_mechanism_year(c, 4), 2018);
    cr_assert_str_eq(rg_coordination_mechanism_source(c, 4), "State Council");

    cr_assert_null(rg_coordination_mechanism_id(c, 5));
    cr_assert_null(rg_coordination_mechanism_name(c, 5));
    cr_assert_eq(rg_coordination_mechanism_year(c, 5), 0);
    rg_coordination_free(c);
}

Test(coordination, members_grouped_by_mechanism_in_file_order)
{
    rg_coordination *c = read_good(AGENCIES);
    /* members.csv interleaves the mechanisms and has its columns swapped plus a "role". */
    expect_members(c, 0, (const char *[]){"310000", "320000", "330000", "340000", NULL});
    expect_members(c, 1, (const char *[]){"320300", "370800", NULL});
    expect_members(c, 2, (const char *[]){"samr", "mps", "320000", NULL});
    /* Three levels in one mechanism: nation, province, prefecture ids are just ids here. */
    expect_members(c, 3, (const char *[]){"CN", "320000", "320300", NULL});
    expect_members(c, 4, (const char *[]){"js-amr", "310000", NULL});
    cr_assert_null(rg_coordination_member_id(c, 1, 2));
    cr_assert_eq(rg_coordination_member_count(c, 5), 0);
    rg_coordination_free(c);
}

Test(coordination, agencies_keep_every_cell)
{
    rg_coordination *c = read_good(AGENCIES);
    double lon = 0, lat = 0;
    cr_assert_eq(rg_coordination_agency_count(c), 4);

    cr_assert_str_eq(rg_coordination_agency_id(c, 0), "samr");
    cr_assert_str_eq(rg_coordination_agency_name(c, 0), "国家市场监督管理总局");
    cr_assert_str_eq(rg_coordination_agency_level(c, 0), "national");
    cr_assert_eq(rg_coordination_agency_location(c, 0, &lon, &lat), 1);
    cr_assert_eq(lon, 116.3397);
    cr_assert_eq(lat, 39.9042);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 0), 0);

    /* "National" in the file; lon, lat and jurisdiction cells missing. */
    cr_assert_str_eq(rg_coordination_agency_id(c, 1), "mps");
    cr_assert_str_eq(rg_coordination_agency_name(c, 1), "Ministry of Public Security");
    cr_assert_str_eq(rg_coordination_agency_level(c, 1), "national");
    lon = lat = -1;
    cr_assert_eq(rg_coordination_agency_location(c, 1, &lon, &lat), 0);
    cr_assert_eq(lon, -1);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 1), 0);

    cr_assert_str_eq(rg_coordination_agency_id(c, 2), "js-amr");
    cr_assert_str_eq(rg_coordination_agency_level(c, 2), "provincial");
    cr_assert_eq(rg_coordination_agency_location(c, 2, &lon, &lat), 1);
    cr_assert_eq(lon, 118.7969);
    cr_assert_eq(lat, 32.0603);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 2), 1);
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 2, 0), "320000");

    /* "320300; 320311;": spaces trimmed, the trailing empty entry skipped. */
    cr_assert_str_eq(rg_coordination_agency_id(c, 3), "xz-amr");
    cr_assert_str_eq(rg_coordination_agency_name(c, 3), "Xuzhou Administration for Market Regulation");
    cr_assert_str_eq(rg_coordination_agency_level(c, 3), "municipal");
    cr_assert_eq(rg_coordination_agency_location(c, 3, &lon, &lat), 1);
    cr_assert_eq(lon, 117.2);
    cr_assert_eq(lat, 34.2);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 3), 2);
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 3, 0), "320300");
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 3, 1), "320311");
    cr_assert_null(rg_coordination_jurisdiction_id(c, 3, 2));

    cr_assert_eq(rg_coordination_agency_index(c, "samr"), 0);
    cr_assert_eq(rg_coordination_agency_index(c, "js-amr"), 2);
    cr_assert_eq(rg_coordination_agency_index(c, "xz-amr"), 3);
    cr_assert_eq(rg_coordination_agency_index(c, "320000"), -1);
    cr_assert_null(rg_coordination_agency_id(c, 4));
    cr_assert_null(rg_coordination_agency_level(c, 4));
    rg_coordination_free(c);
}

Test(coordination, no_agencies_file)
{
    rg_coordination *c = read_good(NULL);
    cr_assert_eq(rg_coordination_agency_count(c), 0);
    cr_assert_eq(rg_coordination_agency_index(c, "samr"), -1);
    cr_assert_eq(rg_coordination_mechanism_count(c), 5);
    rg_coordination_free(c);
}

/* The warning names each mechanism by its record's first line: 3, 4 (a quoted field runs on to
 * line 5), 7 (after an empty line) and 9 (after a spreadsheet's empty row). */
Test(coordination, mechanisms_without_members_warn_with_their_lines)
{
    rg_coordination *c = NULL;
    catch_warnings();
    cr_assert_eq(rg_coordination_read(MECHANISMS, COORD "members_partial.csv", NULL, &c), RG_OK,
                 "%s", rg_last_error());
    rg_set_warning_handler(NULL, NULL);
    cr_assert_eq(nwarnings, 4);
    cr_assert_str_eq(warnings[0], MECHANISMS ": line 3: mechanism 'huaihai' has no members in "
                     COORD "members_partial.csv");
    cr_assert_str_eq(warnings[1], MECHANISMS ": line 4: mechanism 'ja1' has no members in "
                     COORD "members_partial.csv");
    cr_assert_str_eq(warnings[2], MECHANISMS ": line 7: mechanism 'prov' has no members in "
                     COORD "members_partial.csv");
    cr_assert_str_eq(warnings[3], MECHANISMS ": line 9: mechanism 'nation' has no members in "
                     COORD "members_partial.csv");
    expect_members(c, 0, (const char *[]){"310000", NULL});
    rg_coordination_free(c);
}

/* ---- resolution ------------------------------------------------------------------------------ */

Test(coordination, resolve_tells_regions_from_agencies)
{
    rg_coordination *c = read_good(AGENCIES);
    lookup_data d = {region_ids, NULL, NULL};
    size_t m, k;
    /* Before resolution every member reads as a region. */
    cr_assert_eq(rg_coordination_member_kind(c, 2, 0), RG_MEMBER_REGION);
    cr_assert_eq(rg_coordination_resolve(c, lookup, &d), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_coordination_member_kind(c, 2, 0), RG_MEMBER_AGENCY); /* samr */
    cr_assert_eq(rg_coordination_member_kind(c, 2, 1), RG_MEMBER_AGENCY); /* mps */
    cr_assert_eq(rg_coordination_member_kind(c, 2, 2), RG_MEMBER_REGION); /* 320000 */
    cr_assert_eq(rg_coordination_member_kind(c, 4, 0), RG_MEMBER_AGENCY); /* js-amr */
    cr_assert_eq(rg_coordination_member_kind(c, 4, 1), RG_MEMBER_REGION); /* 310000 */
    for (m = 0; m < 2; m++)
        for (k = 0; k < rg_coordination_member_count(c, m); k++)
            cr_assert_eq(rg_coordination_member_kind(c, m, k), RG_MEMBER_REGION);
    for (k = 0; k < 3; k++) /* CN, 320000, 320300 */
        cr_assert_eq(rg_coordination_member_kind(c, 3, k), RG_MEMBER_REGION);
    rg_coordination_free(c);
}

static void expect_resolve_error(const char *agencies, const char *missing, const char *extra,
                                 const char *message)
{
    rg_coordination *c = NULL;
    lookup_data d = {region_ids, missing, extra};
    cr_assert_eq(rg_coordination_read(MECHANISMS, MEMBERS, agencies, &c), RG_OK, "%s",
                 rg_last_error());
    rg_clear_error();
    cr_assert_eq(rg_coordination_resolve(c, lookup, &d), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), message);
    rg_coordination_free(c);
}

Test(coordination, resolve_errors_name_file_and_line)
{
    expect_resolve_error(AGENCIES, "370800", NULL,
                         MEMBERS ": line 9: '370800' is neither a region nor an agency");
    /* Without agencies.csv, samr on line 5 is nothing. */
    expect_resolve_error(NULL, NULL, NULL,
                         MEMBERS ": line 5: 'samr' is neither a region nor an agency");
    expect_resolve_error(AGENCIES, NULL, "samr",
                         AGENCIES ": line 2: agency id 'samr' is also a region id");
    expect_resolve_error(AGENCIES, "320311", NULL,
                         AGENCIES ": line 5: jurisdiction '320311' is not a region");
    expect_resolve_error(COORD "agencies_jurisdiction_agency.csv", NULL, NULL,
                         COORD "agencies_jurisdiction_agency.csv: line 2: jurisdiction 'a2' is "
                         "an agency, not a region");
}

Test(coordination, resolve_needs_a_lookup)
{
    rg_coordination *c = read_good(NULL);
    cr_assert_eq(rg_coordination_resolve(c, NULL, NULL), RG_ERR_ARG);
    cr_assert_eq(rg_coordination_resolve(NULL, lookup, NULL), RG_ERR_ARG);
    rg_coordination_free(c);
}

/* ---- errors in the files --------------------------------------------------------------------- */

Test(coordination, missing_column)
{
    expect_read_error(MECHANISMS, COORD "members_missing_column.csv", NULL, RG_ERR_DATA,
                      COORD "members_missing_column.csv: line 1: missing column 'member' "
                      "(columns are: mechanism, x)");
}

Test(coordination, column_twice)
{
    expect_read_error(COORD "mechanisms_column_twice.csv", MEMBERS, NULL, RG_ERR_DATA,
                      COORD "mechanisms_column_twice.csv: line 1: column 'id' appears twice");
}

Test(coordination, empty_file)
{
    expect_read_error(COORD "mechanisms_empty.csv", MEMBERS, NULL, RG_ERR_DATA,
                      COORD "mechanisms_empty.csv: the file is empty (expected a header row "
                      "naming the columns)");
}

Test(coordination, missing_file)
{
    expect_read_error(MECHANISMS, COORD "no_such_members.csv", NULL, RG_ERR_IO,
                      COORD "no_such_members.csv: cannot open: No such file or directory");
}

Test(coordination, unterminated_quote_at_end)
{
    expect_read_error(COORD "mechanisms_unterminated.csv", MEMBERS, NULL, RG_ERR_FORMAT,
                      COORD "mechanisms_unterminated.csv: line 7: unterminated quoted field");
}

/* The open quote of line 7 swallows line 8; the quote of line 9 then closes it and is followed
 * by text, which is where libcsv stops. */
Test(coordination, unterminated_quote_in_the_middle)
{
    expect_read_error(COORD "mechanisms_unterminated_mid.csv", MEMBERS, NULL, RG_ERR_FORMAT,
                      COORD "mechanisms_unterminated_mid.csv: line 7: unterminated quoted field "
                      "(the quote is still open at line 9)");
}

Test(coordination, misplaced_quote)
{
    expect_read_error(COORD "mechanisms_misplaced_quote.csv", MEMBERS, NULL, RG_ERR_FORMAT,
                      COORD "mechanisms_misplaced_quote.csv: line 3: misplaced quote (a cell "
                      "holding quotes must be quoted as a whole, with its quotes doubled)");
}

/* Line 2 holds valid Chinese text; line 4 has 0xC3 followed by '('. */
Test(coordination, invalid_utf8)
{
    expect_read_error(COORD "mechanisms_utf8.csv", MEMBERS, NULL, RG_ERR_ENCODING,
                      COORD "mechanisms_utf8.csv: line 4: text is not valid UTF-8 (save the file "
                      "as UTF-8)");
}

Test(coordination, nul_byte)
{
    expect_read_error(COORD "mechanisms_nul.csv", MEMBERS, NULL, RG_ERR_FORMAT,
                      COORD "mechanisms_nul.csv: line 3: the text holds a NUL byte (is it a CSV "
                      "text file?)");
}

/* m2 first appears in a record spanning lines 3-4. */
Test(coordination, duplicate_mechanism_id)
{
    expect_read_error(COORD "mechanisms_duplicate.csv", MEMBERS, NULL, RG_ERR_DATA,
                      COORD "mechanisms_duplicate.csv: line 5: duplicate id 'm2' (first on line 3)");
}

Test(coordination, empty_id)
{
    expect_read_error(COORD "mechanisms_empty_id.csv", MEMBERS, NULL, RG_ERR_DATA,
                      COORD "mechanisms_empty_id.csv: line 2: id is empty");
}

Test(coordination, year_not_an_integer)
{
    expect_read_error(COORD "mechanisms_year.csv", MEMBERS, NULL, RG_ERR_DATA,
                      COORD "mechanisms_year.csv: line 3: year '2019.5' is not an integer");
    expect_read_error(COORD "mechanisms_year_range.csv", MEMBERS, NULL, RG_ERR_DATA,
                      COORD "mechanisms_year_range.csv: line 2: year '0' is out of range "
                      "(1 to 9999)");
}

Test(coordination, duplicate_membership)
{
    expect_read_error(MECHANISMS, COORD "members_duplicate.csv", NULL, RG_ERR_DATA,
                      COORD "members_duplicate.csv: line 5: mechanism 'yrd' lists member "
                      "'310000' twice (first on line 2)");
}

Test(coordination, unknown_mechanism)
{
    expect_read_error(MECHANISMS, COORD "members_unknown.csv", NULL, RG_ERR_DATA,
                      COORD "members_unknown.csv: line 3: unknown mechanism 'm9' (not in "
                      MECHANISMS ")");
}

Test(coordination, bad_level)
{
    expect_read_error(MECHANISMS, MEMBERS, COORD "agencies_level.csv", RG_ERR_DATA,
                      COORD "agencies_level.csv: line 3: level 'city' is not one of national, "
                      "provincial, municipal, county");
}

Test(coordination, bad_locations)
{
    expect_read_error(MECHANISMS, MEMBERS, COORD "agencies_lon_only.csv", RG_ERR_DATA,
                      COORD "agencies_lon_only.csv: line 2: lon is given but lat is empty (give "
                      "both or neither)");
    expect_read_error(MECHANISMS, MEMBERS, COORD "agencies_lon_range.csv", RG_ERR_DATA,
                      COORD "agencies_lon_range.csv: line 2: lon '200' is out of range (-180 to "
                      "180)");
    expect_read_error(MECHANISMS, MEMBERS, COORD "agencies_lat_text.csv", RG_ERR_DATA,
                      COORD "agencies_lat_text.csv: line 2: lat 'north' is not a number");
}

Test(coordination, duplicate_agency)
{
    expect_read_error(MECHANISMS, MEMBERS, COORD "agencies_duplicate.csv", RG_ERR_DATA,
                      COORD "agencies_duplicate.csv: line 4: duplicate id 'a1' (first on line 2)");
}

Test(coordination, jurisdiction_twice)
{
    expect_read_error(MECHANISMS, MEMBERS, COORD "agencies_jurisdiction_twice.csv", RG_ERR_DATA,
                      COORD "agencies_jurisdiction_twice.csv: line 2: jurisdiction lists "
                      "'320000' twice");
}

Test(coordination, arguments)
{
    rg_coordination *c = NULL;
    cr_assert_eq(rg_coordination_read(NULL, MEMBERS, NULL, &c), RG_ERR_ARG);
    cr_assert_eq(rg_coordination_read(MECHANISMS, NULL, NULL, &c), RG_ERR_ARG);
    cr_assert_eq(rg_coordination_read(MECHANISMS, MEMBERS, NULL, NULL), RG_ERR_ARG);
    rg_coordination_free(NULL);
    cr_assert_eq(rg_coordination_mechanism_count(NULL), 0);
    cr_assert_eq(rg_coordination_agency_index(NULL, "x"), -1);
}

/* ---- size: hash lookups over 10^5 rows --------------------------------------------------------- */

Test(coordination, hundred_thousand_members)
{
    char dir[] = "/tmp/rg-coord-XXXXXX", mech[64], memb[64], agen[64];
    FILE *fp;
    rg_coordination *c = NULL;
    size_t i;
    cr_assert_not_null(mkdtemp(dir));
    snprintf(mech, sizeof mech, "%s/m.csv", dir);
    snprintf(memb, sizeof memb, "%s/k.csv", dir);
    snprintf(agen, sizeof agen, "%s/a.csv", dir);
    fp = fopen(mech, "w");
    fprintf(fp, "id,name\n");
    for (i = 0; i < 1000; i++)
        fprintf(fp, "m%zu,Mechanism %zu\n", i, i);
    fclose(fp);
    /* Agency a0 has jurisdiction over r0..r999 (long lists are checked through a table). */
    fp = fopen(agen, "w");
    fprintf(fp, "id,name,level,jurisdiction\n");
    for (i = 0; i < 20000; i++) {
        fprintf(fp, "a%zu,Agency %zu,county,", i, i);
        for (size_t k = 0; i == 0 && k < 1000; k++)
            fprintf(fp, "r%zu;", k);
        fprintf(fp, "\n");
    }
    fclose(fp);
    /* Member k of mechanism i is r(i + k * 1000) for k < 100, rows interleaved. */
    fp = fopen(memb, "w");
    fprintf(fp, "mechanism,member\n");
    for (i = 0; i < 100000; i++)
        fprintf(fp, "m%zu,r%zu\n", i % 1000, i);
    fclose(fp);
    cr_assert_eq(rg_coordination_read(mech, memb, agen, &c), RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_coordination_mechanism_count(c), 1000);
    cr_assert_eq(rg_coordination_agency_count(c), 20000);
    cr_assert_str_eq(rg_coordination_mechanism_id(c, 999), "m999");
    cr_assert_eq(rg_coordination_member_count(c, 0), 100);
    cr_assert_eq(rg_coordination_member_count(c, 999), 100);
    cr_assert_str_eq(rg_coordination_member_id(c, 7, 0), "r7");
    cr_assert_str_eq(rg_coordination_member_id(c, 7, 99), "r99007");
    cr_assert_str_eq(rg_coordination_member_id(c, 999, 50), "r50999");
    cr_assert_eq(rg_coordination_agency_index(c, "a0"), 0);
    cr_assert_eq(rg_coordination_agency_index(c, "a12345"), 12345);
    cr_assert_eq(rg_coordination_agency_index(c, "a20000"), -1);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 0), 1000);
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 0, 999), "r999");
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 1), 0);
    rg_coordination_free(c);
    c = NULL;

    /* The same long list with r500 again at the end: found past the scanned head. */
    fp = fopen(agen, "w");
    fprintf(fp, "id,name,level,jurisdiction\nbig,Big,national,");
    for (i = 0; i < 1000; i++)
        fprintf(fp, "r%zu;", i);
    fprintf(fp, "r500\n");
    fclose(fp);
    cr_assert_eq(rg_coordination_read(mech, memb, agen, &c), RG_ERR_DATA);
    cr_assert_null(c);
    {
        char expected[128];
        snprintf(expected, sizeof expected, "%s: line 2: jurisdiction lists 'r500' twice", agen);
        cr_assert_str_eq(rg_last_error(), expected);
    }
    unlink(mech);
    unlink(memb);
    unlink(agen);
    rmdir(dir);
}

/* ---- agencies from point layers -------------------------------------------------------------- */

#define POINTS COORD "agencies_points.geojson"
#define VRT COORD "layers.vrt"

Test(coordination, agency_layer_in_wgs84)
{
    rg_coordination *c = read_good(NULL);
    double lon, lat;
    catch_warnings();
    cr_assert_eq(rg_coordination_add_agency_layer(c, POINTS, "code", "title", "level", "municipal",
                                                  "regions"),
                 RG_OK, "%s", rg_last_error());
    rg_set_warning_handler(NULL, NULL);
    cr_assert_eq(nwarnings, 1);
    cr_assert_str_eq(warnings[0], POINTS ": feature 4: agency 'amr-x' has no point, so no location");
    cr_assert_eq(rg_coordination_agency_count(c), 4);

    cr_assert_str_eq(rg_coordination_agency_id(c, 0), "amr-sh");
    cr_assert_str_eq(rg_coordination_agency_name(c, 0), "Shanghai AMR");
    cr_assert_str_eq(rg_coordination_agency_level(c, 0), "provincial");
    cr_assert_eq(rg_coordination_agency_location(c, 0, &lon, &lat), 1);
    cr_assert_eq(lon, 121.4737);
    cr_assert_eq(lat, 31.2304);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 0), 1);
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 0, 0), "310000");

    cr_assert_str_eq(rg_coordination_agency_id(c, 1), "js-amr");
    cr_assert_str_eq(rg_coordination_agency_level(c, 1), "provincial"); /* "Provincial" */

    /* level null: the default; two jurisdiction entries. */
    cr_assert_str_eq(rg_coordination_agency_id(c, 2), "amr-hz");
    cr_assert_str_eq(rg_coordination_agency_name(c, 2), "杭州市市场监督管理局");
    cr_assert_str_eq(rg_coordination_agency_level(c, 2), "municipal");
    cr_assert_eq(rg_coordination_agency_location(c, 2, &lon, &lat), 1);
    cr_assert_eq(lon, 120.1551);
    cr_assert_eq(lat, 30.2741);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 2), 2);
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 2, 0), "330100");
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 2, 1), "330000");

    /* null geometry, null name, null jurisdiction */
    cr_assert_str_eq(rg_coordination_agency_id(c, 3), "amr-x");
    cr_assert_str_eq(rg_coordination_agency_name(c, 3), "");
    cr_assert_str_eq(rg_coordination_agency_level(c, 3), "county");
    cr_assert_eq(rg_coordination_agency_location(c, 3, &lon, &lat), 0);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 3), 0);
    cr_assert_eq(rg_coordination_agency_index(c, "amr-hz"), 2);
    rg_coordination_free(c);
}

Test(coordination, agency_layer_projected_is_transformed)
{
    rg_coordination *c = read_good(NULL);
    double lon, lat;
    cr_assert_eq(rg_coordination_add_agency_layer(c, COORD "agencies_utm50.geojson", "code", NULL,
                                                  NULL, "municipal", NULL),
                 RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_coordination_agency_count(c), 2);
    cr_assert_str_eq(rg_coordination_agency_id(c, 0), "p1");
    cr_assert_str_eq(rg_coordination_agency_name(c, 0), "p1"); /* no name field: the id */
    cr_assert_str_eq(rg_coordination_agency_level(c, 0), "municipal");
    cr_assert_eq(rg_coordination_agency_location(c, 0, &lon, &lat), 1);
    cr_assert_float_eq(lon, 117.000000000000, 1e-9);
    cr_assert_float_eq(lat, 34.341302722680, 1e-9);
    cr_assert_eq(rg_coordination_agency_location(c, 1, &lon, &lat), 1);
    cr_assert_float_eq(lon, 117.217213070691, 1e-9);
    cr_assert_float_eq(lat, 34.250925450248, 1e-9);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 1), 0);
    rg_coordination_free(c);
}

Test(coordination, agency_layer_picked_by_name_without_crs)
{
    rg_coordination *c = read_good(AGENCIES);
    double lon, lat;
    catch_warnings();
    cr_assert_eq(rg_coordination_add_agency_layer(c, VRT ":hq", "code", "name", "level", "county",
                                                  NULL),
                 RG_OK, "%s", rg_last_error());
    rg_set_warning_handler(NULL, NULL);
    cr_assert_eq(nwarnings, 1);
    cr_assert_str_eq(warnings[0], VRT ":hq: the layer has no CRS; its points are taken as lon/lat "
                     "WGS84");
    cr_assert_eq(rg_coordination_agency_count(c), 6);
    cr_assert_str_eq(rg_coordination_agency_id(c, 4), "xz-police");
    cr_assert_str_eq(rg_coordination_agency_name(c, 4), "Xuzhou Public Security Bureau");
    cr_assert_str_eq(rg_coordination_agency_level(c, 4), "municipal");
    cr_assert_eq(rg_coordination_agency_location(c, 4, &lon, &lat), 1);
    cr_assert_eq(lon, 117.1836);
    cr_assert_eq(lat, 34.2610);
    cr_assert_str_eq(rg_coordination_agency_id(c, 5), "lyg-police");
    cr_assert_str_eq(rg_coordination_agency_level(c, 5), "county"); /* empty: the default */
    cr_assert_eq(rg_coordination_agency_index(c, "lyg-police"), 5);
    rg_coordination_free(c);
}

static void expect_layer_error(const char *agencies, const char *path, const char *id_field,
                               const char *level_default, rg_status status, const char *message)
{
    rg_coordination *c = read_good(agencies);
    size_t before = rg_coordination_agency_count(c);
    rg_clear_error();
    cr_assert_eq(rg_coordination_add_agency_layer(c, path, id_field, NULL, NULL, level_default,
                                                  NULL),
                 status, "%s", rg_last_error());
    cr_assert_str_eq(rg_last_error(), message);
    cr_assert_eq(rg_coordination_agency_count(c), before);
    rg_coordination_free(c);
}

Test(coordination, agency_layer_errors)
{
    expect_layer_error(NULL, VRT, "code", "county", RG_ERR_DATA,
                       VRT ": holds 3 layers (hq, areas, far); name one as " VRT ":LAYER");
    expect_layer_error(NULL, VRT ":nope", "code", "county", RG_ERR_DATA,
                       VRT ": no layer 'nope' (layers are: hq, areas, far)");
    expect_layer_error(NULL, VRT ":areas", "code", "county", RG_ERR_FORMAT,
                       VRT ":areas: the layer holds polygon geometries, not points (agencies are "
                       "located by points)");
    expect_layer_error(NULL, VRT ":far", "code", "county", RG_ERR_DATA,
                       VRT ":far: feature 1: point (500000, 3800000) is not a lon/lat position "
                       "(the layer has no CRS, so lon/lat was assumed)");
    expect_layer_error(NULL, POINTS, "code2", "county", RG_ERR_DATA,
                       POINTS ": no field 'code2' (fields are: code, title, level, regions)");
    expect_layer_error(NULL, COORD "nothing.geojson", "code", "county", RG_ERR_IO,
                       COORD "nothing.geojson: cannot open: No such file or directory");
    expect_layer_error(NULL, COORD "project.ini", "code", "county", RG_ERR_FORMAT,
                       COORD "project.ini: not a vector format that GDAL reads");
    expect_layer_error(NULL, MEMBERS, "member", "county", RG_ERR_FORMAT,
                       MEMBERS ": the layer has no geometries (agencies are located by points; a "
                       "table of agencies is read as agencies.csv)");
    expect_layer_error(NULL, POINTS, "code", "town", RG_ERR_ARG,
                       "default level 'town' is not one of national, provincial, municipal, "
                       "county");
    expect_layer_error(NULL, POINTS, "code", NULL, RG_ERR_ARG,
                       POINTS ": agencies need a level: give a level field or a default level");
}

/* Feature 2 repeats an id of agencies.csv: nothing of the layer is kept (feature 1 was already
 * added), and a later layer still goes in. */
Test(coordination, agency_layer_duplicate_rolls_back)
{
    rg_coordination *c = read_good(AGENCIES);
    rg_clear_error();
    cr_assert_eq(rg_coordination_add_agency_layer(c, POINTS, "code", "title", "level", "county",
                                                  "regions"),
                 RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), POINTS ": feature 2: duplicate agency id 'js-amr' (first in "
                     AGENCIES ": line 4)");
    cr_assert_eq(rg_coordination_agency_count(c), 4);
    cr_assert_eq(rg_coordination_agency_index(c, "amr-sh"), -1);
    cr_assert_eq(rg_coordination_agency_index(c, "js-amr"), 2);
    cr_assert_eq(rg_coordination_jurisdiction_count(c, 3), 2);
    cr_assert_str_eq(rg_coordination_jurisdiction_id(c, 3, 1), "320311");

    cr_assert_eq(rg_coordination_add_agency_layer(c, VRT ":hq", "code", "name", "level", "county",
                                                  NULL),
                 RG_OK, "%s", rg_last_error());
    cr_assert_eq(rg_coordination_agency_count(c), 6);
    cr_assert_eq(rg_coordination_agency_index(c, "xz-police"), 4);
    /* The same layer again: every id is taken. */
    rg_clear_error();
    cr_assert_eq(rg_coordination_add_agency_layer(c, VRT ":hq", "code", "name", "level", "county",
                                                  NULL),
                 RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), VRT ":hq: feature 1: duplicate agency id 'xz-police' (first "
                     "in " VRT ":hq: feature 1)");
    cr_assert_eq(rg_coordination_agency_count(c), 6);
    rg_coordination_free(c);
}

Test(coordination, layer_jurisdiction_errors_name_the_feature)
{
    /* Without agencies.csv, whose js-amr the layer repeats. */
    rg_coordination *c = read_good(NULL);
    lookup_data d = {region_ids, NULL, NULL};
    cr_assert_eq(rg_coordination_add_agency_layer(c, POINTS, "code", "title", "level", "county",
                                                  "regions"),
                 RG_OK, "%s", rg_last_error());
    d.missing = "330100";
    /* members.csv names samr and mps, which are not agencies here: the agencies are checked
     * first, so the jurisdiction error comes out. */
    rg_clear_error();
    cr_assert_eq(rg_coordination_resolve(c, lookup, &d), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), POINTS ": feature 3: jurisdiction '330100' is not a region");
    rg_coordination_free(c);
}

/* Dates of mechanisms (issue 11): ISO 8601 days and years, checked against the calendar by
 * hand (2019 is not a leap year, 2020 is). */
Test(coordination, dates_parse_and_format)
{
    long d;
    char text[11];
    cr_assert(rg_date_parse("2019", &d) && d == 20190000);
    cr_assert(rg_date_parse("2018-12-14", &d) && d == 20181214);
    cr_assert(rg_date_parse("2020-02-29", &d) && d == 20200229);
    cr_assert(rg_date_parse("", &d) && d == 0);
    cr_assert_not(rg_date_parse("2019-02-29", &d));
    cr_assert_not(rg_date_parse("2019-13-01", &d));
    cr_assert_not(rg_date_parse("19", &d));
    cr_assert_not(rg_date_parse("2019/01/08", &d));
    cr_assert_not(rg_date_parse("0000", &d));
    cr_assert_eq(rg_date_first_day(20190000), 20190101);
    cr_assert_eq(rg_date_last_day(20190000), 20191231);
    cr_assert_eq(rg_date_last_day(20190417), 20190417);
    rg_date_format(20190000, 0, text);
    cr_assert_str_eq(text, "2019");
    rg_date_format(20190000, 1, text);
    cr_assert_str_eq(text, "2019-01-01");
    rg_date_format(20181214, 0, text);
    cr_assert_str_eq(text, "2018-12-14");
    rg_date_format(0, 1, text);
    cr_assert_str_eq(text, "");
}
