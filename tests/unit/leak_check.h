/* Criterion reports a test's result before its worker process exits, so LeakSanitizer's
 * exit-time report comes too late to fail the test. Each test file declares its suite with
 * RG_TEST_SUITE(name): the suite's fini then runs the leak check inside the worker, and a leak
 * crashes the worker, which fails the test binary (meson sees the exit status). Without
 * AddressSanitizer the check is a no-op. */
#ifndef RG_TEST_LEAK_CHECK_H
#define RG_TEST_LEAK_CHECK_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define RG_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RG_TEST_ASAN 1
#endif
#endif

#ifdef RG_TEST_ASAN
#include <sanitizer/lsan_interface.h>
#endif

static inline void rg_test_leak_check(void)
{
#ifdef RG_TEST_ASAN
    if (__lsan_do_recoverable_leak_check()) {
        fputs("leak check: memory leaked during this test (LeakSanitizer report above)\n", stderr);
        abort();
    }
#endif
}

#define RG_TEST_SUITE(name) TestSuite(name, .fini = rg_test_leak_check)

#endif
