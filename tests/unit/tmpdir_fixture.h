/* A per-test scratch directory and small file helpers, shared by the tests that write files
 * (test_atomic.c, test_export.c, test_graphfile.c, test_graph_coordination.c).
 *
 * Define RG_TEST_TMPDIR_TEMPLATE (a mkdtemp template such as "/tmp/rg-name-XXXXXX") before
 * including this header, so that a leftover directory names the test binary that left it.
 * Use make_dir/remove_dir as a Test's .init/.fini; `dir` then holds the directory's path. */
#ifndef RG_TEST_TMPDIR_FIXTURE_H
#define RG_TEST_TMPDIR_FIXTURE_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef RG_TEST_TMPDIR_TEMPLATE
#error "define RG_TEST_TMPDIR_TEMPLATE before including tmpdir_fixture.h"
#endif

static char dir[64];

static inline void make_dir(void)
{
    strcpy(dir, RG_TEST_TMPDIR_TEMPLATE);
    cr_assert_not_null(mkdtemp(dir));
}

static inline void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Names in the directory, sorted, joined by spaces. */
static inline void list_dir(char *out, size_t size)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    cr_assert_geq(n, 0);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
            /* by hand: fortified strncat and snprintf warn (falsely) of truncation */
            size_t used = strlen(out), len = strlen(names[i]->d_name);
            if (used && used + 1 < size)
                out[used++] = ' ';
            if (len > size - 1 - used)
                len = size - 1 - used;
            memcpy(out + used, names[i]->d_name, len);
            out[used + len] = '\0';
        }
        free(names[i]);
    }
    free(names);
}

static inline void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs(text, fp);
    cr_assert_eq(fclose(fp), 0);
}

#endif
