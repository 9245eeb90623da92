/* The library's warnings gathered into one buffer, a line each, for the tests that check what
 * a reader warned about (test_ogr.c, test_ogr_check.c, test_shapefile.c).
 *
 * capture_warnings() empties `warnings` and installs the handler; release_warnings() removes
 * it. Call them from a Test's .init/.fini (beside make_dir/remove_dir where there is one). */
#ifndef RG_TEST_WARNINGS_FIXTURE_H
#define RG_TEST_WARNINGS_FIXTURE_H

#include <string.h>

#include "regiongraph/status.h"

static char warnings[4096];

static void keep_warning(const char *msg, void *user)
{
    (void)user;
    strncat(warnings, msg, sizeof warnings - strlen(warnings) - 2);
    strcat(warnings, "\n");
}

static inline void capture_warnings(void)
{
    warnings[0] = '\0';
    rg_set_warning_handler(keep_warning, NULL);
}

static inline void release_warnings(void)
{
    rg_set_warning_handler(NULL, NULL);
}

#endif
