/* A monotonic clock in seconds, for the steps' timings and progress. */
#ifndef RG_CLOCK_INTERNAL_H
#define RG_CLOCK_INTERNAL_H

double rg_i_now(void);

#endif
