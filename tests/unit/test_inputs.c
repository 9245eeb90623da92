/* Outputs never replace inputs: the list of files a run read (src/base/inputs.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/inputs_internal.h"
#include "regiongraph/status.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-inputs-XXXXXX"
#include "tmpdir_fixture.h"

static void fresh(void)
{
    make_dir();
    rg_inputs_forget();
}

static void put(const char *name, const char *text, char *path, size_t size)
{
    FILE *fp;
    snprintf(path, size, "%s/%s", dir, name);
    cr_assert_not_null(fp = fopen(path, "w"));
    fputs(text, fp);
    fclose(fp);
}

Test(inputs, an_input_is_refused_by_name_symlink_and_hard_link, .init = fresh, .fini = remove_dir)
{
    char in[128], sym[128], hard[128], other[128];
    put("in.csv", "a,b\n", in, sizeof in);
    put("other.csv", "c\n", other, sizeof other);
    snprintf(sym, sizeof sym, "%s/sym.md", dir);
    snprintf(hard, sizeof hard, "%s/hard.md", dir);
    cr_assert_eq(symlink(in, sym), 0);
    cr_assert_eq(link(in, hard), 0);
    cr_assert_eq(rg_output_check(in), RG_OK); /* not read yet */
    cr_assert_eq(rg_i_input_open(in, 0), RG_OK);
    cr_assert_eq(rg_output_check(in), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "in.csv: is an input of this run: refusing to replace it"),
              "%s", rg_last_error());
    cr_assert_eq(rg_output_check(sym), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "is the input"), "%s", rg_last_error());
    cr_assert_eq(rg_output_check(hard), RG_ERR_IO);
    cr_assert_eq(rg_output_check(other), RG_OK);
    rg_inputs_forget();
    cr_assert_eq(rg_output_check(in), RG_OK);
}

Test(inputs, a_deleted_input_frees_its_inode, .init = fresh, .fini = remove_dir)
{
    char in[128], out[128];
    put("in.csv", "a\n", in, sizeof in);
    cr_assert_eq(rg_i_input_open(in, 0), RG_OK);
    cr_assert_eq(unlink(in), 0);
    put("out.md", "a\n", out, sizeof out); /* may reuse the inode */
    cr_assert_eq(rg_output_check(out), RG_OK, "%s", rg_last_error());
}

Test(inputs, recorded_sources_count_while_unchanged, .init = fresh, .fini = remove_dir)
{
    char src[128], *text;
    put("regions.geojson", "{}\n", src, sizeof src);
    rg_i_input_note(src);
    cr_assert_not_null(text = rg_i_inputs_describe());
    rg_inputs_forget();
    rg_i_inputs_note_recorded(text, "g.gpkg");
    free(text);
    cr_assert_eq(rg_output_check(src), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "a file g.gpkg was built from"), "%s", rg_last_error());
    rg_inputs_forget();
    rg_i_inputs_note_recorded("garbage\n1 2\n", "g.gpkg"); /* skipped, no crash */
    cr_assert_eq(rg_output_check(src), RG_OK);
}

Test(inputs, what_cannot_be_read_is_named, .init = fresh, .fini = remove_dir)
{
    char fifo[128], loop[128], missing[128];
    snprintf(fifo, sizeof fifo, "%s/pipe.csv", dir);
    snprintf(loop, sizeof loop, "%s/loop.csv", dir);
    snprintf(missing, sizeof missing, "%s/none.csv", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    cr_assert_eq(symlink(loop, loop), 0);
    cr_assert_eq(rg_i_input_open(fifo, 0), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "a FIFO, which would block"), "%s", rg_last_error());
    cr_assert_eq(rg_i_input_open(loop, 0), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "a loop of symbolic links"), "%s", rg_last_error());
    cr_assert_eq(rg_i_input_open(missing, 0), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "none.csv: no such file"), "%s", rg_last_error());
    cr_assert_eq(rg_i_input_open(dir, 0), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "is a directory"), "%s", rg_last_error());
    cr_assert_eq(rg_i_input_open(dir, 1), RG_OK);
    cr_assert_eq(rg_i_input_open("/dev/zero", 0), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "character device"), "%s", rg_last_error());
    cr_assert_eq(rg_output_check(dir), RG_ERR_IO); /* an output is a file */
    cr_assert_eq(rg_output_check("/nonexistent-rg-dir/x"), RG_ERR_IO);
}
