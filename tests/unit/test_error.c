/* The error slot, status texts, warnings, and the routing of igraph's, shapelib's and GDAL's errors
 * into the slot (src/base/error.c). */
#include <criterion/criterion.h>
#include <string.h>

#include <cpl_error.h>
#include <igraph.h>

#include "base/error_internal.h"
#include "model/regions_internal.h"
#include "regiongraph/status.h"
#include "leak_check.h"

RG_TEST_SUITE(error);

Test(error, strerror_is_fixed_text)
{
    cr_assert_str_eq(rg_strerror(RG_OK), "no error");
    cr_assert_str_eq(rg_strerror(RG_ERR_DATA), "bad data");
    cr_assert_str_eq(rg_strerror((rg_status)999), "unknown status");
}

Test(error, error_slot_formats_and_prefixes)
{
    rg_clear_error();
    cr_assert_str_eq(rg_last_error(), "");
    cr_assert_eq(rg_i_error(RG_ERR_DATA, "record %d: field '%s' is empty", 17, "ADCODE"), RG_ERR_DATA);
    cr_assert_eq(rg_i_error_prefix(RG_ERR_DATA, "cities.dbf"), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "cities.dbf: record 17: field 'ADCODE' is empty");
}

static char last_warning[256];
static void keep_warning(const char *msg, void *data)
{
    (void)data;
    strncpy(last_warning, msg, sizeof last_warning - 1);
}

Test(error, warnings_reach_the_handler_only_when_set)
{
    last_warning[0] = '\0';
    rg_i_warn("dropped %d", 1);
    cr_assert_str_eq(last_warning, "");
    rg_set_warning_handler(keep_warning, NULL);
    rg_i_warn("seen %d", 2);
    rg_set_warning_handler(NULL, NULL);
    cr_assert_str_eq(last_warning, "seen 2");
}

/* igraph's default handler aborts: after rg_i_library_init() an igraph error must come back as
 * a return code with its message in our slot, and the process must go on. */
Test(error, igraph_errors_land_in_the_slot)
{
    igraph_t g;
    igraph_vector_int_t deg;
    igraph_error_t err;
    rg_i_library_init();
    rg_clear_error();
    igraph_empty(&g, 2, IGRAPH_UNDIRECTED);
    igraph_vector_int_init(&deg, 0);
    /* vertex 5 does not exist in a 2-vertex graph */
    err = igraph_degree(&g, &deg, igraph_vss_1(5), IGRAPH_ALL, IGRAPH_LOOPS);
    igraph_vector_int_destroy(&deg);
    igraph_destroy(&g);
    cr_assert_neq(err, IGRAPH_SUCCESS);
    cr_assert(strncmp(rg_last_error(), "igraph: ", 8) == 0, "slot: %s", rg_last_error());
}

Test(error, gdal_errors_land_in_the_slot)
{
    rg_i_library_init();
    rg_clear_error();
    CPLError(CE_Failure, CPLE_AppDefined, "something broke");
    cr_assert_str_eq(rg_last_error(), "something broke");
    cr_assert_eq(rg_i_error_gdal(RG_ERR_IO, "x.gpkg"), RG_ERR_IO);
    cr_assert_str_eq(rg_last_error(), "x.gpkg: something broke");
}

Test(error, regions_builder_keeps_geometry_and_drops_degenerate_rings)
{
    rg_regions *r = NULL;
    rg_i_field fields[1] = {{.name = "code", .type = RG_FIELD_STRING}};
    rg_i_value v[1];
    const double square[] = {0, 0, 0, 1, 1, 1, 1, 0}; /* open: the builder closes it */
    const double sliver[] = {0, 0, 1, 1, 0, 0};       /* two distinct points: not a ring */
    cr_assert_eq(rg_i_regions_new("t.shp", 1, fields, &r), RG_OK);

    v[0] = (rg_i_value){.text = strdup("A")};
    cr_assert_eq(rg_i_regions_begin(r, "A", "Alpha", v), RG_OK);
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, square, 4), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);

    v[0] = (rg_i_value){.text = NULL};
    cr_assert_eq(rg_i_regions_begin(r, "B", NULL, v), RG_OK);
    cr_assert_eq(rg_i_regions_add_polygon(r), RG_OK);
    cr_assert_eq(rg_i_regions_add_ring(r, sliver, 3), RG_OK);
    cr_assert_eq(rg_i_regions_end(r), RG_OK);

    cr_assert_eq(rg_regions_count(r), 2);
    cr_assert_eq(rg_regions_polygon_count(r), 1);
    cr_assert_eq(rg_regions_ring_count(r), 1);
    cr_assert_eq(rg_regions_point_count(r), 5);
    cr_assert_eq(rg_regions_poly_start(r)[2], 1);
    cr_assert_eq(rg_regions_null_count(r), 1);
    cr_assert_str_eq(rg_regions_name(r, 1), "B"); /* no name: the id stands in */
    cr_assert_eq(rg_regions_xy(r)[8], 0.0);
    cr_assert_eq(rg_regions_xy(r)[9], 0.0);
    const char *s = NULL;
    cr_assert_eq(rg_regions_value_string(r, 0, 0, &s), 1);
    cr_assert_str_eq(s, "A");
    cr_assert_eq(rg_regions_value_string(r, 1, 0, &s), 0);
    cr_assert_eq(rg_regions_field_index(r, "code"), 0);
    cr_assert_eq(rg_regions_field_index(r, "nope"), -1);
    rg_regions_free(r);
    rg_regions_free(NULL);
}

Test(error, duplicate_and_empty_ids_name_the_record)
{
    rg_regions *r = NULL;
    rg_i_value none[1];
    cr_assert_eq(rg_i_regions_new("c.shp", 0, NULL, &r), RG_OK);
    const char *ids[] = {"1", "2", "3", "2"};
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(rg_i_regions_begin(r, ids[i], NULL, none), RG_OK);
        rg_i_regions_end(r);
    }
    cr_assert_eq(rg_i_regions_check_ids(r, "c.dbf", "ADCODE"), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "c.dbf: record 4: id '2' in field 'ADCODE' repeats record 2");
    rg_regions_free(r);

    cr_assert_eq(rg_i_regions_new("c.shp", 0, NULL, &r), RG_OK);
    cr_assert_eq(rg_i_regions_begin(r, "", NULL, none), RG_OK);
    rg_i_regions_end(r);
    cr_assert_eq(rg_i_regions_check_ids(r, "c.dbf", "ADCODE"), RG_ERR_DATA);
    cr_assert_str_eq(rg_last_error(), "c.dbf: record 1: field 'ADCODE' is empty");
    rg_regions_free(r);
}
