/* Allocation helpers that check sizes for overflow before allocating, and prefaulting. */
#define _DEFAULT_SOURCE /* MADV_POPULATE_WRITE */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "base/mem_internal.h"

void *rg_i_malloc_array(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    return malloc(count == 0 || size == 0 ? 1 : count * size);
}

void *rg_i_calloc_array(size_t count, size_t size)
{
    if (count == 0 || size == 0)
        return calloc(1, 1);
    return calloc(count, size);
}

int rg_i_reserve(void **array, size_t *cap, size_t need, size_t size)
{
    size_t ncap;
    void *p;
    if (need <= *cap)
        return 1;
    ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return 0;
        ncap *= 2;
    }
    if (size != 0 && ncap > SIZE_MAX / size)
        return 0;
    p = realloc(*array, ncap * size);
    if (!p)
        return 0;
    *array = p;
    *cap = ncap;
    return 1;
}

char *rg_i_strdup(const char *s)
{
    size_t len;
    char *copy;
    if (!s)
        return NULL;
    len = strlen(s) + 1;
    copy = malloc(len);
    if (copy)
        memcpy(copy, s, len);
    return copy;
}

void rg_i_prefault(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    const uintptr_t page = 4096;
    uintptr_t start = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t end = ((uintptr_t)p + bytes) & ~(page - 1);
    if (p && bytes >= ((size_t)1 << 20) && end > start)
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)bytes;
#endif
}
