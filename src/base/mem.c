/* Allocation helpers that check sizes for overflow before allocating. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
