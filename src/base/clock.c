/* The monotonic clock that times the steps (build -v, progress, the suggestion search). */
#include <time.h>

#include "base/clock_internal.h"

double rg_i_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
