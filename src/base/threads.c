/* The RG_THREADS setting: how many threads the user allows, read in one place; and whether a
 * step has a core to spare for one more thread. */
#include <stdlib.h>
#include <unistd.h>

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

/* Threads of this library already busy beside the calling thread (rg_i_threads_beside). */
static _Thread_local size_t beside;

void rg_i_threads_beside(size_t n)
{
    beside = n;
}

int rg_i_threads_spare(void)
{
    size_t setting = rg_i_threads_setting();
    long cores;
    if (setting == 1)
        return 0;
    if (setting > 1)
        return setting > beside + 1;
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 || (size_t)cores > beside + 1;
}
