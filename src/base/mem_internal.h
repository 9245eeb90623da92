/* Allocation helpers that check for overflow; all return NULL on failure. */
#ifndef RG_MEM_INTERNAL_H
#define RG_MEM_INTERNAL_H

#include <stddef.h>

void *rg_i_malloc_array(size_t count, size_t size);
void *rg_i_calloc_array(size_t count, size_t size);
/* Grows *array so it holds at least need elements of size bytes, doubling; updates *cap. */
int rg_i_reserve(void **array, size_t *cap, size_t need, size_t size);
char *rg_i_strdup(const char *s);

#endif
