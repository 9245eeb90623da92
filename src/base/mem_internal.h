/* Allocation helpers that check for overflow; all return NULL on failure. */
#ifndef RG_MEM_INTERNAL_H
#define RG_MEM_INTERNAL_H

#include <stddef.h>

void *rg_i_malloc_array(size_t count, size_t size);
void *rg_i_calloc_array(size_t count, size_t size);
/* Grows *array so it holds at least need elements of size bytes, doubling; updates *cap. */
int rg_i_reserve(void **array, size_t *cap, size_t need, size_t size);
char *rg_i_strdup(const char *s);
/* Maps the pages of the first `bytes` of block p in one call, for an array about to be filled
 * front to back: on the virtual machines measured a page fault costs 13 us, twice what the
 * same page costs mapped in bulk (docs/performance.md). Blocks under 1 MiB are left alone; a
 * hint only (Linux 5.14+), nothing happens where it is not supported. */
void rg_i_prefault(void *p, size_t bytes);
/* Asks the processor to load the cache line at p ahead of its use; nothing where the compiler
 * has no such builtin. A hint: p need not be valid. */
#if defined(__GNUC__)
#define RG_I_PREFETCH(p) __builtin_prefetch(p)
#else
#define RG_I_PREFETCH(p) ((void)(p))
#endif

#endif
