/* The RG_THREADS setting: how many threads the user allows, read in one place. */
#include <stdlib.h>

#include "base/threads_internal.h"

size_t rg_i_threads_setting(void)
{
    const char *v = getenv("RG_THREADS");
    char *end;
    long n;

    if (!v || !*v)
        return 0;
    n = strtol(v, &end, 10);
    return *end == '\0' && n >= 1 ? (size_t)n : 0;
}

int rg_i_threads_allowed(void)
{
    return rg_i_threads_setting() != 1;
}
