/* The process's allocator for a command that runs once and exits: one heap, never trimmed, with
 * transparent huge pages. The library leaves the allocator alone; only the CLI tunes it. */
#define _DEFAULT_SOURCE
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"

#define MIB ((size_t)1 << 20)
#define HUGE_PAGE (2 * MIB)
/* The heap reserved for huge pages: at most this, and at most an eighth of the machine's RAM. */
#define HEAP_RESERVE_MAX (1536 * MIB)

#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
/* Bytes of heap worth reserving here, or 0 when the address space or the data segment is limited
 * (`ulimit -v`, `ulimit -d`: the reservation would count against it) or the machine's size is
 * unknown. */
static size_t heap_reserve(void)
{
    struct rlimit as, data;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    size_t reserve = HEAP_RESERVE_MAX;
    if (getrlimit(RLIMIT_AS, &as) != 0 || as.rlim_cur != RLIM_INFINITY ||
        getrlimit(RLIMIT_DATA, &data) != 0 || data.rlim_cur != RLIM_INFINITY)
        return 0;
    if (pages <= 0 || page <= 0)
        return 0;
    if ((size_t)pages / 8 < reserve / (size_t)page)
        reserve = (size_t)pages / 8 * (size_t)page;
    return reserve < 64 * MIB ? 0 : reserve;
}

/* Grows the heap by `reserve` bytes of address space up front (no memory is touched) and asks
 * the kernel for transparent huge pages there. A step of `build` touches hundreds of MiB of
 * fresh arrays; with 4 KiB pages each page is a fault (51,000 at 100k regions), with 2 MiB pages
 * 512 times fewer. Pages grown later (past the reservation) are ordinary ones: brk extensions do
 * not inherit the advice. Under valgrind or a sanitizer malloc does not use brk, and nothing
 * happens. */
static void heap_huge_pages(void)
{
    size_t reserve = heap_reserve();
    uintptr_t lo, hi;
    char *before, *after;
    void *volatile probe; /* volatile: the compiler may not drop an unused malloc and free */
    if (reserve == 0)
        return;
    before = sbrk(0);
    mallopt(M_TOP_PAD, (int)reserve);
    probe = malloc(MIB); /* more than the heap's top has free: the heap grows by MIB + reserve */
    after = sbrk(0);
    free(probe);
    if (before == (char *)-1 || after == (char *)-1 || after <= before)
        return;
    lo = ((uintptr_t)before + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    hi = (uintptr_t)after & ~(uintptr_t)(HUGE_PAGE - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE); /* EINVAL without THP: no harm */
}
#endif

/* Each step of `build` (read, contiguity, diagnostics, write) allocates and frees arrays of the
 * map's size; glibc maps each big block on its own and unmaps it when freed, so every step paid a
 * page fault for every page it touched again. Kept in one heap that is never trimmed, grown 64 MiB
 * at a time, a freed block's pages serve the next step already mapped; one arena, as the other
 * threads allocate little (the write's SQLite pages come from its cache). build on 1M Voronoi
 * cells: minor faults 468k -> 337k; against mmap and trim thresholds of 1 GiB with per-thread
 * arenas, 0.15 GiB less peak memory and no slower. The huge pages: docs/performance.md. */
void rg_cli_tune_allocator(void)
{
#ifdef __GLIBC__
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    heap_huge_pages();
#endif
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}
