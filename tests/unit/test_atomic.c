#include <criterion/criterion.h>
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_internal.h"
#include "leak_check.h"

#define RG_TEST_TMPDIR_TEMPLATE "/tmp/rg-atomic-XXXXXX"
#include "tmpdir_fixture.h"

RG_TEST_SUITE(atomic);

static void read_text(const char *path, char *out, size_t size)
{
    FILE *fp = fopen(path, "r");
    size_t n;
    cr_assert_not_null(fp, "%s", path);
    n = fread(out, 1, size - 1, fp);
    out[n] = '\0';
    fclose(fp);
}

Test(atomic, temp_is_hidden_beside_dest_and_renamed_on_commit, .init = make_dir, .fini = remove_dir)
{
    rg_i_atomic a;
    char dest[128], listing[512], text[64], prefix[160];
    struct stat sb;
    mode_t mask = umask(022);
    snprintf(dest, sizeof dest, "%s/out.geojson", dir);
    write_text(dest, "old");
    cr_assert_eq(rg_i_atomic_begin(&a, dest, 1), RG_OK);
    snprintf(prefix, sizeof prefix, "%s/.out.geojson.tmp-", dir);
    cr_assert(strncmp(a.tmp, prefix, strlen(prefix)) == 0, "tmp: %s", a.tmp);
    cr_assert_eq(strlen(a.tmp), strlen(prefix) + 6);
    cr_assert_not_null(a.fp);
    cr_assert_eq(stat(a.tmp, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0644, "mode %o", (unsigned)(sb.st_mode & 0777));
    fputs("new", a.fp);
    read_text(dest, text, sizeof text);
    cr_assert_str_eq(text, "old"); /* untouched until the commit */
    cr_assert_eq(rg_i_atomic_commit(&a), RG_OK);
    read_text(dest, text, sizeof text);
    cr_assert_str_eq(text, "new");
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.geojson");
    rg_i_atomic_abort(&a); /* after commit: nothing to do, no double free */
    umask(mask);
}

Test(atomic, mode_follows_the_umask, .init = make_dir, .fini = remove_dir)
{
    rg_i_atomic a;
    char dest[128];
    struct stat sb;
    mode_t mask = umask(077);
    snprintf(dest, sizeof dest, "%s/x.csv", dir);
    cr_assert_eq(rg_i_atomic_begin(&a, dest, 0), RG_OK);
    cr_assert_null(a.fp);
    cr_assert_eq(stat(a.tmp, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600, "mode %o", (unsigned)(sb.st_mode & 0777));
    cr_assert_eq(rg_i_atomic_commit(&a), RG_OK);
    cr_assert_eq(stat(dest, &sb), 0);
    cr_assert_eq(sb.st_size, 0);
    umask(mask);
}

Test(atomic, abort_leaves_dest_and_no_temp, .init = make_dir, .fini = remove_dir)
{
    rg_i_atomic a;
    rg_i_atomic zero = {0};
    char dest[128], listing[512], text[64];
    snprintf(dest, sizeof dest, "%s/keep.txt", dir);
    write_text(dest, "precious");
    cr_assert_eq(rg_i_atomic_begin(&a, dest, 1), RG_OK);
    fputs("half a fi", a.fp);
    rg_i_atomic_abort(&a);
    read_text(dest, text, sizeof text);
    cr_assert_str_eq(text, "precious");
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "keep.txt");
    rg_i_atomic_abort(&zero); /* a zeroed struct is fine */
    rg_i_atomic_abort(NULL);
}

Test(atomic, missing_directory_is_an_io_error_naming_the_file)
{
    rg_i_atomic a;
    cr_assert_eq(rg_i_atomic_begin(&a, "/nonexistent-rg-dir/out.geojson", 1), RG_ERR_IO);
    cr_assert_str_eq(rg_last_error(), "/nonexistent-rg-dir/out.geojson: cannot create a "
                                      "temporary file beside it: No such file or directory");
    cr_assert_null(a.tmp);
    cr_assert_null(a.fp);
}

Test(atomic, a_bare_file_name_goes_in_the_current_directory, .init = make_dir, .fini = remove_dir)
{
    rg_i_atomic a;
    char cwd[512], listing[512];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(dir), 0);
    cr_assert_eq(rg_i_atomic_begin(&a, "plain.txt", 1), RG_OK);
    cr_assert(strncmp(a.tmp, ".plain.txt.tmp-", 15) == 0, "tmp: %s", a.tmp);
    fputs("x", a.fp);
    cr_assert_eq(rg_i_atomic_commit(&a), RG_OK);
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "plain.txt");
    cr_assert_eq(chdir(cwd), 0);
    cr_assert_eq(rg_i_atomic_begin(&a, "", 1), RG_ERR_ARG);
    cr_assert_eq(rg_i_atomic_begin(&a, "somedir/", 1), RG_ERR_ARG);
}

/* A write that fails half-way (the file size limit stands in for a full disk): commit reports
 * it, the destination keeps its old content and the temporary file is gone. Criterion runs
 * each test in its own process, so the limit does not leak into other tests. */
Test(atomic, failed_write_is_reported_at_commit_and_cleaned, .init = make_dir, .fini = remove_dir)
{
    rg_i_atomic a;
    char dest[128], listing[512], text[256], block[4096];
    struct rlimit lim = {.rlim_cur = 10000, .rlim_max = RLIM_INFINITY};
    snprintf(dest, sizeof dest, "%s/big.txt", dir);
    write_text(dest, "before");
    signal(SIGXFSZ, SIG_IGN);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    memset(block, 'x', sizeof block);
    cr_assert_eq(rg_i_atomic_begin(&a, dest, 1), RG_OK);
    for (int i = 0; i < 10; i++)
        fwrite(block, 1, sizeof block, a.fp);
    cr_assert_eq(rg_i_atomic_commit(&a), RG_ERR_IO);
    snprintf(text, sizeof text, "%s: cannot write: File too large", dest);
    cr_assert_str_eq(rg_last_error(), text);
    read_text(dest, text, sizeof text);
    cr_assert_str_eq(text, "before");
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "big.txt");
}

/* rg_remove_temporaries, as the CLI's signal handler calls it: the temporaries in progress go
 * (a file, a directory with its files, a database GDAL would create with its journal), what
 * was committed or taken off the list stays. Expected listings written down by hand. */
Test(atomic, remove_temporaries_removes_what_is_in_progress, .init = make_dir, .fini = remove_dir)
{
    rg_i_atomic pending, done;
    char dest[128], other[128], work[160], inside[200], db[200], journal[220], listing[512];
    int h_dir = 0, h_db;
    snprintf(dest, sizeof dest, "%s/a.geojson", dir);
    snprintf(other, sizeof other, "%s/b.geojson", dir);
    cr_assert_eq(rg_i_atomic_begin(&pending, dest, 1), RG_OK);
    cr_assert_eq(rg_i_atomic_begin(&done, other, 1), RG_OK);
    fputs("whole", done.fp);
    cr_assert_eq(rg_i_atomic_commit(&done), RG_OK);
    snprintf(work, sizeof work, "%s/.rg-work-XXXXXX", dir);
    cr_assert_eq(rg_temporary_create(work, 1, &h_dir), 0);
    cr_assert_gt(h_dir, 0);
    snprintf(inside, sizeof inside, "%s/layer.shp", work);
    write_text(inside, "part");
    snprintf(db, sizeof db, "%s/.c.gpkg.tmp-XXXXXX.gpkg", dir);
    snprintf(journal, sizeof journal, "%s-journal", db);
    h_db = rg_i_temporary_watch(db);
    cr_assert_gt(h_db, 0);
    write_text(db, "db");
    write_text(journal, "j");

    rg_remove_temporaries();
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "b.geojson");

    /* the slots are released as the normal paths would */
    rg_i_atomic_abort(&pending);
    rg_temporary_done(h_dir);
    rg_temporary_done(h_db);
    rg_temporary_done(0); /* "none" is accepted */

    /* the process is ending: no temporary is created after it (another thread's would outlive
     * the cleanup), the caller gets EINTR and nothing is on disk */
    snprintf(work, sizeof work, "%s/.late.tmp-XXXXXX", dir);
    errno = 0;
    cr_assert_eq(rg_temporary_create(work, 0, &h_dir), -1);
    cr_assert_eq(errno, EINTR);
    cr_assert_eq(h_dir, 0);
    list_dir(listing, sizeof listing);
    cr_assert_str_eq(listing, "b.geojson");
}

Test(atomic, temporary_create_makes_a_private_file_and_lists_it, .init = make_dir, .fini = remove_dir)
{
    char path[128], listing[512];
    int handle = 0, fd;
    snprintf(path, sizeof path, "%s/.x.tmp-XXXXXX", dir);
    fd = rg_temporary_create(path, 0, &handle);
    cr_assert_geq(fd, 0);
    cr_assert_gt(handle, 0);
    cr_assert_eq(write(fd, "x", 1), 1);
    close(fd);
    rg_temporary_done(handle);
    rg_remove_temporaries(); /* taken off the list: stays */
    list_dir(listing, sizeof listing);
    cr_assert_eq(strncmp(listing, ".x.tmp-", 7), 0, "%s", listing);
    unlink(path);
    /* a template mkstemp refuses: -1, no handle */
    snprintf(path, sizeof path, "%s/no-x", dir);
    cr_assert_eq(rg_temporary_create(path, 0, &handle), -1);
    cr_assert_eq(handle, 0);
}

/* Found by writing a report to /dev/null: the rename made it a regular file. A device (or a
 * FIFO, or a symlink to either) is written as a stream and stays what it was. */
Test(atomic, a_device_is_written_as_a_stream_and_never_replaced, .init = make_dir, .fini = remove_dir)
{
    rg_i_atomic a;
    struct stat sb;
    char link[512];
    snprintf(link, sizeof link, "%s/sink", dir);
    cr_assert_eq(symlink("/dev/null", link), 0);
    cr_assert_eq(rg_i_atomic_begin(&a, link, 1), RG_OK, "%s", rg_last_error());
    cr_assert(a.direct);
    cr_assert_null(a.tmp);
    cr_assert(fputs("report\n", a.fp) >= 0);
    cr_assert_eq(rg_i_atomic_commit(&a), RG_OK, "%s", rg_last_error());
    cr_assert_eq(lstat(link, &sb), 0);
    cr_assert(S_ISLNK(sb.st_mode), "the symlink is still a symlink");
    cr_assert_eq(stat("/dev/null", &sb), 0);
    cr_assert(S_ISCHR(sb.st_mode), "/dev/null is still a character device");
    {
        char names[256];
        list_dir(names, sizeof names);
        cr_assert_str_eq(names, "sink", "no temporary beside it");
    }
    /* a writer that needs a file of its own (GDAL) is refused, naming the path */
    cr_assert_eq(rg_i_atomic_begin(&a, "/dev/null", 0), RG_ERR_IO);
    cr_assert(strstr(rg_last_error(), "/dev/null: not a regular file"), "%s", rg_last_error());
    cr_assert_eq(stat("/dev/null", &sb), 0);
    cr_assert(S_ISCHR(sb.st_mode));
}
