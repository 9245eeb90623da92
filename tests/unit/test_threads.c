/* How many threads a step may take (src/base/threads.c): RG_THREADS read one way everywhere,
 * and a step running beside another of ours asks whether a core is spare before it starts a
 * third thread (the build's diagnostics beside the graph-file write). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/threads_internal.h"
#include "leak_check.h"

RG_TEST_SUITE(threads);

static void set(const char *v)
{
    if (v)
        setenv("RG_THREADS", v, 1);
    else
        unsetenv("RG_THREADS");
}

Test(threads, setting_is_a_whole_number_from_one)
{
    set(NULL);
    cr_assert_eq(rg_i_threads_setting(), 0);
    set("");
    cr_assert_eq(rg_i_threads_setting(), 0);
    set("1");
    cr_assert_eq(rg_i_threads_setting(), 1);
    set("01");
    cr_assert_eq(rg_i_threads_setting(), 1);
    set("4");
    cr_assert_eq(rg_i_threads_setting(), 4);
    set("0");
    cr_assert_eq(rg_i_threads_setting(), 0);
    set("-2");
    cr_assert_eq(rg_i_threads_setting(), 0);
    set("2x");
    cr_assert_eq(rg_i_threads_setting(), 0);
    set("1");
    cr_assert_not(rg_i_threads_allowed());
    set("2");
    cr_assert(rg_i_threads_allowed());
    set(NULL);
    cr_assert(rg_i_threads_allowed());
}

Test(threads, spare_counts_the_threads_beside)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    set("1");
    rg_i_threads_beside(0);
    cr_assert_not(rg_i_threads_spare(), "RG_THREADS=1: one thread everywhere");
    set("2");
    cr_assert(rg_i_threads_spare(), "2 allowed, the caller alone: one more");
    rg_i_threads_beside(1);
    cr_assert_not(rg_i_threads_spare(), "2 allowed, the caller and one beside: none more");
    set("3");
    cr_assert(rg_i_threads_spare(), "3 allowed, two busy: one more");
    /* unset: the machine's cores decide */
    set(NULL);
    rg_i_threads_beside(1);
    cr_assert_eq(rg_i_threads_spare(), cores < 1 || cores > 2, "%ld cores, two busy", cores);
    rg_i_threads_beside(0);
    cr_assert_eq(rg_i_threads_spare(), cores < 1 || cores > 1, "%ld cores, one busy", cores);
}
